"""The catalogue of Dutch instruments: who can do what, on which legal basis, to which node.

The shipped catalogue is ``netwerk/data/catalogue.yaml``; analysts may edit it or pass their own
file. It is validated once on load (pydantic, strict strings) and every error names the file, the
entry id and the field.

An instrument has an *effect on the network* (see :class:`Effect`):

``remove_node``
    the actor or object drops out (arrest, closure, dissolution);
``cut_relations``
    the node's relations of the given kinds end (tenancy ended, permit revoked, account closed);
``disable_stage``
    the actor can no longer perform its stage: its ties to every node with a value-chain stage end
    (ties to unstaged nodes such as its own address stay) and it no longer counts as a provider of
    its stage;
``none``
    the action only enables others (an investigation that ``provides: [criminal_investigation]``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..errors import ConfigError

__all__ = [
    "SPECTRUM",
    "LEAD_TIMES",
    "Condition",
    "AppliesTo",
    "Effect",
    "Instrument",
    "Catalogue",
    "load_catalogue",
    "default_catalogue",
    "format_validation_error",
]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

#: Places on the spectrum from preventive to repressive, in that order.
SPECTRUM = ("preventive", "administrative", "fiscal", "civil", "criminal")
#: Lead times, shortest first.
LEAD_TIMES = ("quick_win", "months", "long")

_strict = ConfigDict(extra="forbid", strict=True, frozen=True)


class Condition(BaseModel):
    """One condition on a node: on an attribute, or on the relations it takes part in.

    Attribute form: ``attribute`` plus exactly one of ``equals``, ``in``, ``prefix``, ``exists``
    (values compared as text, case-insensitive). Relation form: ``relation`` (a relation kind),
    ``role`` (``source``, ``target`` or ``any``) and ``min_count`` (default 1).
    """

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)
    attribute: str | None = None
    equals: str | None = None
    in_: list[str] | None = Field(default=None, alias="in")
    prefix: list[str] | None = None
    exists: bool | None = None
    relation: str | None = None
    role: Literal["source", "target", "any"] = "any"
    min_count: int = Field(default=1, ge=1)

    @model_validator(mode="after")
    def _one_form(self) -> Condition:
        if (self.attribute is None) == (self.relation is None):
            raise ValueError("a condition needs exactly one of 'attribute' or 'relation'")
        if self.attribute is not None:
            tests = [x for x in (self.equals, self.in_, self.prefix, self.exists) if x is not None]
            if len(tests) != 1:
                raise ValueError(
                    f"attribute condition on '{self.attribute}' needs exactly one of "
                    "'equals', 'in', 'prefix', 'exists'"
                )
        elif any(x is not None for x in (self.equals, self.in_, self.prefix, self.exists)):
            raise ValueError("a relation condition takes only 'relation', 'role' and 'min_count'")
        return self

    def describe(self) -> str:
        """Short text for rationales, e.g. ``sbi starts with 56`` or ``director_of >= 3``."""
        if self.relation is not None:
            n = f" >= {self.min_count}" if self.min_count > 1 else ""
            role = "" if self.role == "any" else f" as {self.role}"
            return f"{self.relation}{role}{n}"
        if self.equals is not None:
            return f"{self.attribute} = {self.equals}"
        if self.in_ is not None:
            return f"{self.attribute} in {'/'.join(self.in_)}"
        if self.prefix is not None:
            return f"{self.attribute} starts with {'/'.join(self.prefix)}"
        return f"{self.attribute} {'known' if self.exists else 'unknown'}"


def _star_or_list(v: Any) -> Any:
    if v is None or v == "*":
        return "*"
    if isinstance(v, str):
        return [v]
    return v


class AppliesTo(BaseModel):
    """What an instrument applies to. ``"*"`` means any; all given parts must hold."""

    model_config = _strict
    node_kinds: Literal["*"] | list[str] = "*"
    relation_kinds: Literal["*"] | list[str] = "*"
    stages: Literal["*"] | list[str] = "*"
    conditions: list[Condition] = Field(default_factory=list)
    conditions_any: list[Condition] = Field(default_factory=list)

    _norm = field_validator("node_kinds", "relation_kinds", "stages", mode="before")(
        classmethod(lambda cls, v: _star_or_list(v))
    )


class Effect(BaseModel):
    """The effect of an instrument on the network (see the module docstring)."""

    model_config = _strict
    type: Literal["remove_node", "cut_relations", "disable_stage", "none"]
    relation_kinds: tuple[str, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _parse(cls, v: Any) -> Any:
        if isinstance(v, str):
            return {"type": v}
        if isinstance(v, dict) and "cut_relations" in v:
            kinds = v["cut_relations"]
            if not isinstance(kinds, list) or not kinds or not all(isinstance(k, str) for k in kinds):
                raise ValueError("cut_relations needs a non-empty list of relation kinds")
            extra = set(v) - {"cut_relations"}
            if extra:
                raise ValueError(f"unexpected key(s) next to cut_relations: {', '.join(sorted(extra))}")
            return {"type": "cut_relations", "relation_kinds": tuple(kinds)}
        return v

    @model_validator(mode="after")
    def _kinds(self) -> Effect:
        if self.type == "cut_relations" and not self.relation_kinds:
            raise ValueError("cut_relations needs relation kinds")
        if self.type != "cut_relations" and self.relation_kinds:
            raise ValueError(f"effect '{self.type}' takes no relation kinds")
        return self

    def describe(self) -> str:
        if self.type == "cut_relations":
            return "cut " + "/".join(self.relation_kinds)
        return self.type.replace("_", " ")


class Instrument(BaseModel):
    """One catalogue entry (an intervention a partner can apply to a node)."""

    model_config = _strict
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name_nl: str
    name_en: str
    partner: str
    spectrum: Literal["preventive", "administrative", "fiscal", "civil", "criminal"]
    legal_basis: str = Field(min_length=3)
    description: str = ""
    applies_to: AppliesTo = Field(default_factory=AppliesTo)
    effect: Effect
    strength: float = Field(ge=0.0, le=1.0)
    effort_days: float = Field(gt=0.0)
    lead_time: Literal["quick_win", "months", "long"]
    needs: list[str] = Field(default_factory=list)
    provides: list[str] = Field(default_factory=list)
    requires: list[str] = Field(default_factory=list)

    @field_validator("strength", "effort_days", mode="before")
    @classmethod
    def _num(cls, v: Any) -> Any:
        # YAML gives ints for "2"; accept any real number, never text
        if isinstance(v, bool) or not isinstance(v, int | float):
            raise ValueError("must be a number")
        return float(v)


class _CatalogueFile(BaseModel):
    model_config = _strict
    partners: dict[str, dict[str, str]]
    instruments: list[dict[str, Any]]


@dataclass(frozen=True)
class Catalogue:
    """A validated catalogue: partners and instruments, looked up by id.

    Attributes
    ----------
    partners : dict
        Partner id -> ``{"name_nl": ..., "name_en": ...}``.
    instruments : dict
        Instrument id -> :class:`Instrument`, in file order.
    source : str
        Where it was loaded from.
    """

    partners: dict[str, dict[str, str]]
    instruments: dict[str, Instrument]
    source: str = ""

    def __getitem__(self, action_id: str) -> Instrument:
        try:
            return self.instruments[action_id]
        except KeyError:
            raise ConfigError(
                f"unknown catalogue action '{action_id}' (known: {', '.join(self.instruments)})",
                file=self.source or None,
            ) from None

    def __contains__(self, action_id: object) -> bool:
        return action_id in self.instruments

    def __len__(self) -> int:
        return len(self.instruments)

    def __iter__(self):
        return iter(self.instruments.values())

    def partner_of(self, name: str) -> str:
        """The catalogue spelling of a partner name (case-insensitive), or raise."""
        low = {p.lower(): p for p in self.partners}
        if name.lower() in low:
            return low[name.lower()]
        raise ConfigError(f"unknown partner '{name}' (known: {', '.join(self.partners)})",
                          file=self.source or None)

    def to_frame(self) -> pd.DataFrame:
        """The catalogue as a table indexed by action id (one row per instrument)."""
        rows = []
        for ins in self.instruments.values():
            a = ins.applies_to
            rows.append({
                "action_id": ins.id, "name_nl": ins.name_nl, "name_en": ins.name_en,
                "partner": ins.partner, "spectrum": ins.spectrum, "legal_basis": ins.legal_basis,
                "node_kinds": "*" if a.node_kinds == "*" else ";".join(a.node_kinds),
                "stages": "*" if a.stages == "*" else ";".join(a.stages),
                "effect": ins.effect.describe(), "strength": ins.strength,
                "effort_days": ins.effort_days, "lead_time": ins.lead_time,
                "needs": ";".join(ins.needs), "provides": ";".join(ins.provides),
                "requires": ";".join(ins.requires),
            })
        return pd.DataFrame(rows).set_index("action_id")


def format_validation_error(exc: ValidationError) -> str:
    """One line per pydantic error: ``field.path: message``."""
    parts = []
    for err in exc.errors():
        loc = ".".join(str(x) for x in err["loc"]) or "(top level)"
        parts.append(f"field '{loc}': {err['msg']}")
    return "; ".join(parts)


def _parse_catalogue(raw: Any, source: str) -> Catalogue:
    if not isinstance(raw, dict):
        raise ConfigError("a catalogue must be a mapping with 'partners' and 'instruments'", file=source)
    try:
        top = _CatalogueFile.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(format_validation_error(exc), file=source) from None
    partners = {str(k): dict(v) for k, v in top.partners.items()}
    instruments: dict[str, Instrument] = {}
    for i, entry in enumerate(top.instruments):
        eid = entry.get("id") if isinstance(entry, dict) else None
        label = f"entry '{eid}'" if eid else f"entry #{i + 1}"
        try:
            ins = Instrument.model_validate(entry)
        except ValidationError as exc:
            raise ConfigError(f"{label}: {format_validation_error(exc)}", file=source) from None
        if ins.id in instruments:
            raise ConfigError(f"{label}: field 'id': duplicate id", file=source)
        if ins.partner not in partners:
            raise ConfigError(
                f"{label}: field 'partner': unknown partner '{ins.partner}' "
                f"(known: {', '.join(partners)})",
                file=source,
            )
        instruments[ins.id] = ins
    provided = {cap for ins in instruments.values() for cap in ins.provides}
    for ins in instruments.values():
        for cap in ins.needs:
            if cap not in provided:
                raise ConfigError(
                    f"entry '{ins.id}': field 'needs': no instrument provides '{cap}'", file=source
                )
        for req in ins.requires:
            if req not in instruments:
                raise ConfigError(
                    f"entry '{ins.id}': field 'requires': unknown action id '{req}'", file=source
                )
    return Catalogue(partners=partners, instruments=instruments, source=source)


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """Load and validate a catalogue (default: the shipped ``data/catalogue.yaml``).

    Parameters
    ----------
    path : str or Path, optional
        A catalogue YAML file.

    Returns
    -------
    Catalogue

    Raises
    ------
    ConfigError
        Naming the file, the entry id and the field that is wrong.

    Examples
    --------
    >>> cat = load_catalogue()
    >>> cat["sluiting_13b"].legal_basis
    'art. 13b Opiumwet'
    """
    if path is None:
        return default_catalogue()
    p = Path(path)
    if not p.exists():
        raise ConfigError("catalogue file not found", file=str(p))
    try:
        raw = yaml.safe_load(p.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError(f"not valid YAML: {exc}", file=str(p)) from None
    return _parse_catalogue(raw, str(p))


@lru_cache(maxsize=1)
def default_catalogue() -> Catalogue:
    """The shipped catalogue (cached)."""
    text = resources.files("netwerk").joinpath("data/catalogue.yaml").read_text(encoding="utf-8")
    return _parse_catalogue(yaml.safe_load(text), "netwerk/data/catalogue.yaml")
