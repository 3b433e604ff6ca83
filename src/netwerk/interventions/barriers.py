"""Barrier models (*barrièremodellen*): a crime type's value chain × the partners' barriers.

A barrier model is a YAML file (shipped ones in ``netwerk/data/barrier_models/``) with

* ``stages``: the ordered value chain, each with an ``id`` and a Dutch ``label_nl``;
* ``stage_rules``: rules that give a node its stage from its data (SBI code, police role label,
  relation kinds), in the format of :func:`netwerk.analysis.valuechain.assign_stages` (first match
  wins);
* ``barriers``: per stage and partner, the catalogue instruments (``barriers``) that partner can
  raise there and the ``signals`` that show the stage at work;
* ``opportunities`` (the CCV *facilitator/opportunity layer*): per stage the ``gelegenheden``
  (opportunity structures) and the legal ``facilitators`` (landlord, notary, growshop, car rental,
  accountant) where prevention and weerbaarheid work;
* ``trekker``: the partner that leads the case by default (e.g. the gemeente in a cannabis case);
* ``sources``: title and year of each source the model follows.

:func:`load_barrier_model` validates a model against the catalogue; :func:`barrier_matrix` lays it
over a network: stages × partners, each cell the barriers with the vital actors they apply to.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import ConfigError, cause_text, validation_text
from ..graph.network import Network
from ..i18n import _
from ..yamlfile import load_yaml_text
from .catalogue import (
    Catalogue,
    Source,
    default_catalogue,
    load_catalogue,
)

__all__ = [
    "Stage",
    "Cell",
    "BarrierModel",
    "load_barrier_model",
    "shipped_models",
    "apply_stage_rules",
    "is_staged",
]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

_strict = ConfigDict(extra="forbid", strict=True, frozen=True)


class Stage(BaseModel):
    """One stage of the value chain."""

    model_config = _strict
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    label_nl: str
    label_en: str = ""
    description: str = ""


class Cell(BaseModel):
    """What one partner can do at one stage: catalogue ids and the signals to watch for."""

    model_config = _strict
    barriers: list[str] = Field(default_factory=list)
    signals: list[str] = Field(default_factory=list)


class Opportunity(BaseModel):
    """The facilitator/opportunity layer of one stage (CCV barrier-model method)."""

    model_config = _strict
    gelegenheden: list[str] = Field(default_factory=list)
    facilitators: list[str] = Field(default_factory=list)
    beoogd_effect: str = ""


class _ModelFile(BaseModel):
    model_config = _strict
    name: str
    crime_type: str
    label_nl: str
    label_en: str = ""
    description: str = ""
    source: str = ""
    sources: list[Source] = Field(default_factory=list)
    trekker: str = ""
    stages: list[Stage] = Field(min_length=2)
    stage_rules: list[dict[str, Any]] = Field(default_factory=list)
    opportunities: dict[str, Opportunity] = Field(default_factory=dict)
    barriers: dict[str, dict[str, Cell]]


@dataclass(frozen=True)
class BarrierModel:
    """A validated barrier model.

    Attributes
    ----------
    name, crime_type, label_nl, label_en, description : str
        ``label_en`` may be empty; :meth:`label` gives the name in the output's language.
    stages : tuple of Stage
        In chain order.
    stage_rules : tuple of dict
        For :func:`netwerk.analysis.valuechain.assign_stages`.
    cells : dict
        ``{(stage_id, partner): Cell}``.
    catalogue : Catalogue
        The catalogue the barrier ids refer to.
    source : str
        The file it was loaded from.
    """

    name: str
    crime_type: str
    label_nl: str
    stages: tuple[Stage, ...]
    stage_rules: tuple[dict[str, Any], ...]
    cells: dict[tuple[str, str], Cell]
    catalogue: Catalogue
    description: str = ""
    source: str = ""
    reference: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    trekker: str = ""
    sources: tuple[Source, ...] = ()
    opportunities: dict[str, Opportunity] = field(default_factory=dict)
    label_en: str = ""

    def label(self) -> str:
        """The model's name in the current language (:mod:`netwerk.i18n`; Dutch when there is
        no English name).

        Examples
        --------
        >>> from netwerk.i18n import using
        >>> m = load_barrier_model("cannabis")
        >>> with using("en"):
        ...     m.label()
        'Organised cannabis cultivation'
        """
        from ..i18n import language

        return (self.label_en if language() == "en" else "") or self.label_nl

    @property
    def stage_ids(self) -> list[str]:
        return [s.id for s in self.stages]

    @property
    def partners(self) -> list[str]:
        """Partners that have a cell in the model, in catalogue order."""
        used = {p for _, p in self.cells}
        return [p for p in self.catalogue.partners if p in used]

    def position(self, stage: str) -> int:
        """0-based position of a stage in the chain (-1 if not in the chain)."""
        ids = self.stage_ids
        return ids.index(stage) if stage in ids else -1

    def barriers_at(self, stage: str) -> list[str]:
        """All catalogue ids listed at a stage (any partner), in partner then file order."""
        out: list[str] = []
        for p in self.partners:
            cell = self.cells.get((stage, p))
            if cell:
                out.extend(b for b in cell.barriers if b not in out)
        return out


def _check_rule(rule: Any, i: int, stage_ids: list[str], source: str) -> dict[str, Any]:
    from ..analysis.valuechain import check_stage_rule

    return check_stage_rule(rule, i, stage_ids=stage_ids, file=source,
                            where=f"stage_rules[{i + 1}]")


def _parse_model(raw: Any, source: str, catalogue: Catalogue) -> BarrierModel:
    if not isinstance(raw, dict):
        raise ConfigError(_("een barrièremodel moet een mapping zijn"), file=source)
    try:
        m = _ModelFile.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(validation_text(exc), file=source) from None
    ids = [s.id for s in m.stages]
    seen: set[str] = set()
    for s in ids:
        if s in seen:
            raise ConfigError(_("schakel '{schakel}': veld 'stages.id': deze schakel komt al eerder "
                                "voor", schakel=s), file=source)
        seen.add(s)
    rules = tuple(_check_rule(r, i, ids, source) for i, r in enumerate(m.stage_rules))
    cells: dict[tuple[str, str], Cell] = {}
    for stage, per_partner in m.barriers.items():
        if stage not in seen:
            raise ConfigError(_("schakel '{schakel}': veld '{veld}': geen schakel van het model "
                                "({bekend})", schakel=stage, veld="barriers",
                                bekend=", ".join(ids)), file=source)
        for partner, cell in per_partner.items():
            where = _("schakel '{schakel}', partner '{partner}'", schakel=stage, partner=partner)
            if partner not in catalogue.partners:
                raise ConfigError(_("{waar}: onbekende partner (bekend: {bekend})", waar=where,
                                    bekend=", ".join(catalogue.partners)), file=source)
            for b in cell.barriers:
                if b not in catalogue:
                    raise ConfigError(_("{waar}: veld 'barriers': onbekende actie '{actie}' (niet "
                                        "in de catalogus)", waar=where, actie=b), file=source)
                if catalogue[b].partner != partner:
                    raise ConfigError(_("{waar}: veld 'barriers': '{actie}' hoort bij partner "
                                        "'{eigenaar}'", waar=where, actie=b,
                                        eigenaar=catalogue[b].partner), file=source)
            cells[(stage, partner)] = cell
    for stage in m.opportunities:
        if stage not in seen:
            raise ConfigError(_("schakel '{schakel}': veld '{veld}': geen schakel van het model "
                                "({bekend})", schakel=stage, veld="opportunities",
                                bekend=", ".join(ids)), file=source)
    if m.trekker and m.trekker not in catalogue.partners:
        raise ConfigError(_("veld 'trekker': onbekende partner '{partner}' (bekend: {bekend})",
                            partner=m.trekker, bekend=", ".join(catalogue.partners)), file=source)
    reference = m.source or "; ".join(f"{s.title} ({s.year})" for s in m.sources)
    return BarrierModel(name=m.name, crime_type=m.crime_type, label_nl=m.label_nl, stages=tuple(m.stages),
                        stage_rules=rules, cells=cells, catalogue=catalogue,
                        description=m.description, source=source, reference=reference,
                        trekker=m.trekker, sources=tuple(m.sources),
                        opportunities=dict(m.opportunities), label_en=m.label_en)


def shipped_models() -> list[str]:
    """Names of the shipped barrier models."""
    d = resources.files("netwerk").joinpath("data/barrier_models")
    return sorted(p.name[:-5] for p in d.iterdir() if p.name.endswith(".yaml"))


def load_barrier_model(name_or_path: str | Path, *,
                       catalogue: Catalogue | str | Path | None = None) -> BarrierModel:
    """Load and validate a barrier model: a shipped name (``"cannabis"``) or a YAML path.

    Parameters
    ----------
    name_or_path : str or Path
    catalogue : Catalogue or path, optional
        The catalogue barrier ids refer to (default: the shipped one).

    Raises
    ------
    ConfigError
        Naming the file, the stage, the partner and the field: unknown catalogue ids, duplicate
        stages, malformed stage rules, unknown partners.

    Examples
    --------
    >>> m = load_barrier_model("cannabis")
    >>> m.stage_ids[0], m.stage_ids[-1]
    ('financing', 'laundering')
    """
    if isinstance(catalogue, Catalogue):
        cat = catalogue
    else:
        cat = load_catalogue(catalogue) if catalogue is not None else default_catalogue()
    p = Path(name_or_path)
    if p.suffix in (".yaml", ".yml") or p.exists():
        if not p.exists():
            raise ConfigError(_("barrièremodel niet gevonden"), file=str(p))
        text, source = p.read_text(encoding="utf-8"), str(p)
    else:
        name = str(name_or_path)
        if name not in shipped_models():
            raise ConfigError(_("onbekend barrièremodel '{naam}' (meegeleverd: {bekend})",
                                naam=name, bekend=", ".join(shipped_models())))
        res = resources.files("netwerk").joinpath(f"data/barrier_models/{name}.yaml")
        text, source = res.read_text(encoding="utf-8"), f"netwerk/data/barrier_models/{name}.yaml"
    try:
        raw = load_yaml_text(text, source)
    except yaml.YAMLError as exc:
        raise ConfigError(_("geen geldige YAML ({oorzaak})", oorzaak=cause_text(exc)),
                          file=source) from None
    return _parse_model(raw, source, cat)


def _rules_fingerprint(model: BarrierModel) -> str:
    import hashlib
    import json

    text = json.dumps([model.name, model.stage_ids, list(model.stage_rules)], sort_keys=True,
                      default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def is_staged(net: Network, model: BarrierModel) -> bool:
    """Whether ``net`` already carries this model's stages.

    True when :func:`apply_stage_rules` made it (it records a fingerprint of the model's name,
    stages and rules in ``meta["stage_rules_model"]``), or when the case loader did
    (``meta["barrier_model"]`` is the model's name and ``meta["stages"]`` its chain, as
    ``netwerk.cli._case.with_stages`` records).
    """
    meta = net.meta or {}
    if "stage" not in net.nodes.columns:
        return False
    if meta.get("stage_rules_model") == _rules_fingerprint(model):
        return True
    return (meta.get("barrier_model") == model.name
            and list(meta.get("stages") or []) == model.stage_ids)


def apply_stage_rules(net: Network, model: BarrierModel, *, overwrite: bool = False) -> Network:
    """The network with stages from the model's rules (nodes that have a stage keep it).

    Uses :func:`netwerk.analysis.valuechain.assign_stages`; stage values outside the model's chain
    are left as they are (they simply play no part in the chain). A network that already carries
    the model's stages (see :func:`is_staged`) is returned as it is (unless ``overwrite``), so
    the functions of this package can call it freely; the result records
    ``meta["stage_rules_model"]``.
    """
    from ..analysis.valuechain import assign_stages

    if not model.stage_rules:
        return net
    if not overwrite and is_staged(net, model):
        return net
    out = assign_stages(net, list(model.stage_rules), attribute="stage", overwrite=overwrite)
    out.meta = {**out.meta, "stage_rules_model": _rules_fingerprint(model)}
    return out
