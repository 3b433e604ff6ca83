"""Screening configuration: hubs, the screening graph, seeds, red-flag thresholds, scoring.

Analyst-editable YAML (shipped default: ``netwerk/data/screening.yaml``), validated on load. A
user file only needs the keys it changes; the rest keep the shipped values.

Examples
--------
>>> cfg = load_config()
>>> cfg.hubs.degree["address"], cfg.seeds.hops, cfg.indicators.founded_before_purchase.max_days
(40, 2, 180)
>>> load_config({"seeds": {"hops": 1}}).seeds.hops
1
"""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..errors import ConfigError, Reason, cause_text, validation_text
from ..i18n import _
from ..yamlfile import load_yaml_text

__all__ = ["ScreenConfig", "load_config", "INDICATORS"]

_KIND = r"^[a-z][a-z_]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Hubs(_Strict):
    degree: dict[str, int] = Field(default_factory=lambda: {"default": 50})

    @field_validator("degree")
    @classmethod
    def _positive(cls, v: dict[str, int]) -> dict[str, int]:
        if "default" not in v:
            raise ValueError(_("'hubs.degree' heeft een 'default' nodig"))
        if any(x < 1 for x in v.values()):
            raise ValueError(_("de graad van een hub moet minstens 1 zijn"))
        return v

    def threshold(self, kind: str) -> int:
        """Degree above which a node of ``kind`` is a hub."""
        return self.degree.get(kind, self.degree["default"])


class GraphSpec(_Strict):
    relation_kinds: list[str] = Field(min_length=1)


class Seeds(_Strict):
    hops: int = Field(2, ge=0, le=6)
    signal_attributes: list[str] = Field(default_factory=lambda: ["signaal"])


class _Weighted(_Strict):
    weight: float = Field(1.0, ge=0)


class ManyDirectorships(_Weighted):
    relation_kinds: list[str] = Field(default_factory=lambda: ["director_of"], min_length=1)
    min_companies: int = Field(5, ge=2)


class RegistrationsAtAddress(_Weighted):
    min_companies: int = Field(5, ge=2)
    window_days: int = Field(365, ge=1)


class YoungDirector(_Weighted):
    birth_year_attribute: str = "geboortejaar"
    max_age: int = Field(23, ge=16, le=100)
    min_companies: int = Field(2, ge=1)


class FoundedBeforePurchase(_Weighted):
    max_days: int = Field(180, ge=0)


class OwnershipChain(_Weighted):
    min_length: int = Field(2, ge=2, le=5)


class QuickResale(_Weighted):
    max_days: int = Field(365, ge=0)


class Indicators(_Strict):
    many_directorships: ManyDirectorships = Field(default_factory=ManyDirectorships)
    registrations_at_address: RegistrationsAtAddress = Field(
        default_factory=RegistrationsAtAddress)
    young_director: YoungDirector = Field(default_factory=YoungDirector)
    founded_before_purchase: FoundedBeforePurchase = Field(default_factory=FoundedBeforePurchase)
    ownership_chain: OwnershipChain = Field(default_factory=OwnershipChain)
    quick_resale: QuickResale = Field(default_factory=QuickResale)
    signal: _Weighted = Field(default_factory=lambda: _Weighted(weight=3.0))
    hub_contact: _Weighted = Field(default_factory=lambda: _Weighted(weight=0.5))


#: indicator names in the order of screening.csv's columns
INDICATORS = tuple(Indicators.model_fields)


class Scoring(_Strict):
    cap_per_indicator: int = Field(10, ge=1)
    reference_size: int = Field(50, ge=1)
    size_exponent: float = Field(0.5, ge=0, le=2)
    min_size: int = Field(3, ge=1)
    max_size: int = Field(2000, ge=2)


class ScreenConfig(_Strict):
    """The validated screening configuration (see ``netwerk/data/screening.yaml``)."""

    hubs: Hubs = Field(default_factory=Hubs)
    graph: GraphSpec
    seeds: Seeds = Field(default_factory=Seeds)
    indicators: Indicators = Field(default_factory=Indicators)
    scoring: Scoring = Field(default_factory=Scoring)
    source: str = "shipped"

    def sha256(self) -> str:
        """Hash of the effective settings (for provenance)."""
        body = self.model_dump(exclude={"source"})
        return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def _shipped() -> dict[str, Any]:
    text = resources.files("netwerk").joinpath("data/screening.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def load_config(config: str | Path | dict | None = None) -> ScreenConfig:
    """Load and validate a screening configuration.

    Parameters
    ----------
    config : path, dict or None
        A YAML file or a dict with the keys to change; ``None``: the shipped configuration.

    Returns
    -------
    ScreenConfig

    Raises
    ------
    ConfigError
        Naming the file and the offending key when the YAML is invalid.
    """
    data = _shipped()
    source = "shipped"
    if isinstance(config, dict):
        data, source = _merge(data, config), "dict"
    elif config is not None:
        p = Path(config)
        if not p.is_file():
            raise ConfigError(_("screeningsinstellingen niet gevonden"), reason=Reason.FILE_NOT_FOUND,
                              file=str(p))
        try:
            user = load_yaml_text(p.read_text(encoding="utf-8"), str(p)) or {}
        except yaml.YAMLError as exc:
            raise ConfigError(_("geen geldige YAML ({oorzaak})", oorzaak=cause_text(exc)),
                              reason=Reason.INVALID_CONFIG, file=str(p)) from None
        if not isinstance(user, dict):
            raise ConfigError(_("screeningsinstellingen zijn een mapping van secties"),
                              reason=Reason.INVALID_CONFIG, file=str(p))
        data, source = _merge(data, user), str(p)
    try:
        return ScreenConfig(**data, source=source)
    except ValidationError as exc:
        raise ConfigError(validation_text(exc), reason=Reason.INVALID_CONFIG,
                          file=None if source in ("shipped", "dict") else source) from None
