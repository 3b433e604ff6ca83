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
    no structural effect.

Beside that *structural* effect an instrument declares **typed effects** (see
``docs/interventions.md``): ``financial`` (€ assessed, seized, confiscated or recovered, estimated
from the target's case attributes with a documented formula), ``preventive`` (raises the cost or
blocks re-use at a stage; an ``environment`` instrument acts on landlords, a sector or a
facilitator, never on a pseudonymised person), ``information`` (``provides``: a finding that enables
other actions, e.g. dismantling → 13b, tenancy termination, disconnection) and ``protective`` (a
victim or vulnerable person reaches care). Each row also records the effort range in person-days,
the lead time, the probability of success (``strength``), who decides (``decision``/``decider``:
an investigation is a *proposal to the weegploeg*), the legal basis with its article (per crime
type where it depends on it), its ``source`` and ``checked_by``/``checked_on`` for the partner.
"""

from __future__ import annotations

import ast
import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..errors import ConfigError, validation_text
from ..i18n import _

__all__ = [
    "SPECTRUM",
    "LEAD_TIMES",
    "Condition",
    "AppliesTo",
    "Effect",
    "Financial",
    "Preventive",
    "Protective",
    "Source",
    "EFFECT_TYPES",
    "Instrument",
    "Catalogue",
    "load_catalogue",
    "default_catalogue",
]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

#: Places on the spectrum from preventive to repressive, in that order (``protective``: care for a
#: victim or vulnerable person, outside the repressive spectrum).
SPECTRUM = ("preventive", "protective", "administrative", "fiscal", "civil", "criminal")
#: The typed effects an instrument can declare.
EFFECT_TYPES = ("structural", "financial", "preventive", "information", "protective")
#: Numbers a financial formula may use (see :func:`netwerk.interventions.objective.node_numbers`).
FORMULA_NAMES = ("openstaande_schuld", "waarde_eigendom", "koopsom")
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
            raise ValueError(_("een voorwaarde heeft precies één van 'attribute' of 'relation' "
                               "nodig"))
        if self.attribute is not None:
            tests = [x for x in (self.equals, self.in_, self.prefix, self.exists) if x is not None]
            if len(tests) != 1:
                raise ValueError(_("voorwaarde op kenmerk '{kenmerk}' heeft precies één van "
                                   "'equals', 'in', 'prefix', 'exists' nodig", kenmerk=self.attribute))
        elif any(x is not None for x in (self.equals, self.in_, self.prefix, self.exists)):
            raise ValueError(_("een voorwaarde op een relatie kent alleen 'relation', 'role' en "
                               "'min_count'"))
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
    #: acts on the environment of a stage (landlords, a sector, a facilitator), not on a node
    environment: bool = False

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
                raise ValueError(_("'cut_relations' heeft een niet-lege lijst van relatiesoorten "
                                   "nodig"))
            extra = set(v) - {"cut_relations"}
            if extra:
                raise ValueError(_("onverwachte sleutel(s) naast 'cut_relations': {sleutels}",
                                   sleutels=", ".join(sorted(extra))))
            return {"type": "cut_relations", "relation_kinds": tuple(kinds)}
        return v

    @model_validator(mode="after")
    def _kinds(self) -> Effect:
        if self.type == "cut_relations" and not self.relation_kinds:
            raise ValueError(_("'cut_relations' heeft relatiesoorten nodig"))
        if self.type != "cut_relations" and self.relation_kinds:
            raise ValueError(_("effect '{effect}' neemt geen relatiesoorten", effect=self.type))
        return self

    def describe(self) -> str:
        if self.type == "cut_relations":
            return "cut " + "/".join(self.relation_kinds)
        return self.type.replace("_", " ")


_OPS = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b,
        ast.Mult: lambda a, b: a * b, ast.Div: lambda a, b: a / b if b else 0.0}
_FUNCS = {"min": min, "max": max}


def _eval_formula(node: ast.AST, values: Mapping[str, float]) -> float:
    if isinstance(node, ast.Expression):
        return _eval_formula(node.body, values)
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float) \
            and not isinstance(node.value, bool):
        return float(node.value)
    if isinstance(node, ast.Name) and node.id in FORMULA_NAMES:
        v = values.get(node.id, 0.0)
        return float(v) if v is not None and math.isfinite(float(v)) else 0.0
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        return _OPS[type(node.op)](_eval_formula(node.left, values),
                                   _eval_formula(node.right, values))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_eval_formula(node.operand, values)
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id in _FUNCS and node.args and not node.keywords):
        return float(_FUNCS[node.func.id](*(_eval_formula(a, values) for a in node.args)))
    raise ValueError(_("niet toegestaan in een formule: {deel} (gebruik getallen, {namen}, "
                       "+ - * /, min, max)", deel=ast.unparse(node)[:60],
                       namen=", ".join(FORMULA_NAMES)))


class Financial(BaseModel):
    """A financial effect: ``kind`` and a formula over the target's case numbers (€)."""

    model_config = _strict
    kind: Literal["assessed", "seized", "confiscated", "recovered"]
    formula: str

    @field_validator("formula")
    @classmethod
    def _parse(cls, v: str) -> str:
        try:
            tree = ast.parse(v, mode="eval")
        except SyntaxError as exc:
            raise ValueError(_("de formule is geen uitdrukking: {fout}", fout=exc.msg)) from None
        _eval_formula(tree, {})  # raises on anything but numbers, names, + - * /, min, max
        return v

    def euro(self, values: Mapping[str, float]) -> float:
        """The € estimate for a target with these case numbers (missing numbers count as 0).

        Examples
        --------
        >>> Financial(kind="seized", formula="0.5 * openstaande_schuld + 1000").euro(
        ...     {"openstaande_schuld": 4000})
        3000.0
        """
        return max(0.0, _eval_formula(ast.parse(self.formula, mode="eval"), values))


class Preventive(BaseModel):
    """A preventive/barrier effect: harm at the stage falls by ``reduction`` when it works."""

    model_config = _strict
    reduction: float = Field(gt=0.0, le=1.0)

    @field_validator("reduction", mode="before")
    @classmethod
    def _num(cls, v: Any) -> Any:
        if isinstance(v, bool) or not isinstance(v, int | float):
            raise ValueError(_("moet een getal zijn"))
        return float(v)


class Protective(BaseModel):
    """A protective effect: a victim or vulnerable person reaches care."""

    model_config = _strict
    outcome: str = "persoon_in_zorg"


class Source(BaseModel):
    """Where a legal basis or practice is described: title and year."""

    model_config = _strict
    title: str = Field(min_length=3)
    year: int = Field(ge=1800, le=2100)


class Instrument(BaseModel):
    """One catalogue entry (an intervention a partner can apply to a node or an environment)."""

    model_config = _strict
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name_nl: str
    name_en: str
    partner: str
    spectrum: Literal["preventive", "protective", "administrative", "fiscal", "civil", "criminal"]
    legal_basis: str | dict[str, str]
    source: Source
    checked_by: str = ""
    checked_on: str = ""
    review: str = ""
    description: str = ""
    applies_to: AppliesTo = Field(default_factory=AppliesTo)
    effect: Effect = Field(default_factory=lambda: Effect(type="none"))
    financial: Financial | None = None
    preventive: Preventive | None = None
    protective: Protective | None = None
    strength: float = Field(ge=0.0, le=1.0)
    effort_days: float = Field(gt=0.0)
    effort_range: tuple[float, float] | None = None
    lead_time: Literal["quick_win", "months", "long"]
    decision: Literal["direct", "proposal"] = "direct"
    decider: str = ""
    repressive: bool | None = None
    harm_share: float | None = Field(default=None, ge=0.0, le=1.0)
    outcome: str = ""
    needs: list[str] = Field(default_factory=list)
    provides: list[str] = Field(default_factory=list)
    requires: list[str] = Field(default_factory=list)

    def label(self) -> str:
        """The instrument's name in the current language (:mod:`netwerk.i18n`; Dutch when the
        English name is empty)."""
        from ..i18n import language

        return (self.name_en if language() == "en" else "") or self.name_nl

    @field_validator("strength", "effort_days", "harm_share", mode="before")
    @classmethod
    def _num(cls, v: Any) -> Any:
        # YAML gives ints for "2"; accept any real number, never text
        if v is None:
            return v
        if isinstance(v, bool) or not isinstance(v, int | float):
            raise ValueError(_("moet een getal zijn"))
        return float(v)

    @field_validator("effort_range", mode="before")
    @classmethod
    def _range(cls, v: Any) -> Any:
        if v is None:
            return v
        if (not isinstance(v, list | tuple) or len(v) != 2
                or any(isinstance(x, bool) or not isinstance(x, int | float) for x in v)):
            raise ValueError(_("'effort_range' moet [laag, hoog] in persoonsdagen zijn"))
        return (float(v[0]), float(v[1]))

    @field_validator("legal_basis")
    @classmethod
    def _basis(cls, v: Any) -> Any:
        if isinstance(v, str):
            if len(v.strip()) < 3:
                raise ValueError(_("'legal_basis' is leeg"))
        elif "default" not in v:
            raise ValueError(_("een 'legal_basis' per soort criminaliteit heeft een 'default' "
                               "nodig"))
        return v

    @model_validator(mode="after")
    def _consistent(self) -> Instrument:
        if self.effort_range is not None:
            lo, hi = self.effort_range
            if not 0 < lo <= self.effort_days <= hi:
                raise ValueError(_("'effort_range' [{laag}, {hoog}] moet 'effort_days' {dagen} "
                                   "omvatten", laag=format(lo, "g"), hoog=format(hi, "g"),
                                   dagen=format(self.effort_days, "g")))
        if self.applies_to.environment:
            a = self.applies_to
            if (a.node_kinds != "*" or a.conditions or a.conditions_any or self.effect.type != "none"
                    or self.needs or self.protective is not None):
                raise ValueError(_("een omgevingsinstrument ('environment') werkt op een schakel, "
                                   "niet op een knooppunt: geen 'node_kinds', 'conditions', "
                                   "structureel effect, 'needs' of 'protective'"))
            if self.preventive is None:
                raise ValueError(_("een omgevingsinstrument heeft een 'preventive'-effect nodig"))
        if self.protective is not None and self.spectrum != "protective":
            raise ValueError(_("een 'protective'-effect vraagt spectrum 'protective'"))
        if self.spectrum == "protective" and self.protective is None:
            raise ValueError(_("spectrum 'protective' vraagt een 'protective'-effect"))
        if not self.effect_types:
            raise ValueError(_("een instrument heeft minstens één effect nodig (structureel, "
                               "financieel, preventief, informatie via 'provides', of "
                               "beschermend)"))
        return self

    # ---------------------------------------------------------------- derived
    @property
    def is_repressive(self) -> bool:
        """Whether the action acts against the person (never on a vulnerable role by default)."""
        if self.repressive is not None:
            return self.repressive
        return self.spectrum not in ("preventive", "protective")

    @property
    def is_environment(self) -> bool:
        return self.applies_to.environment

    @property
    def effect_types(self) -> tuple[str, ...]:
        """The typed effects this instrument has, in :data:`EFFECT_TYPES` order."""
        have = {"structural": self.effect.type != "none", "financial": self.financial is not None,
                "preventive": self.preventive is not None, "information": bool(self.provides),
                "protective": self.protective is not None}
        return tuple(t for t in EFFECT_TYPES if have[t])

    @property
    def needs_groups(self) -> list[tuple[str, ...]]:
        """``needs`` as groups of alternatives (``"a|b"`` is met by either)."""
        return [tuple(x.strip() for x in n.split("|") if x.strip()) for n in self.needs]

    def legal_basis_for(self, crime_type: str | None = None) -> str:
        """The legal basis for a case of this crime type (the ``default`` where none is given).

        Examples
        --------
        >>> cat = default_catalogue()
        >>> "420bis" in cat["vervolging"].legal_basis_for("money_laundering_real_estate")
        True
        >>> "273f" in cat["vervolging"].legal_basis_for("human_trafficking")
        True
        """
        if isinstance(self.legal_basis, str):
            return self.legal_basis
        return self.legal_basis.get(str(crime_type), self.legal_basis["default"])

    def describe_effects(self) -> str:
        """Short Dutch text of the typed effects, e.g. ``structureel: remove node; financieel``."""
        nl = {"structural": f"structureel: {self.effect.describe()}",
              "financial": f"financieel ({self.financial.kind})" if self.financial else "",
              "preventive": "preventief/barrière", "information":
              "informatie: " + "/".join(self.provides), "protective": "beschermend (zorg)"}
        return "; ".join(nl[t] for t in self.effect_types)


class _CatalogueFile(BaseModel):
    model_config = _strict
    partners: dict[str, dict[str, str | bool]]
    instruments: list[dict[str, Any]]


@dataclass(frozen=True)
class Catalogue:
    """A validated catalogue: partners and instruments, looked up by id.

    Attributes
    ----------
    partners : dict
        Partner id -> ``{"name_nl": ..., "name_en": ..., "private": bool}``. Private partners
        (banks, notaries, landlords, grid operators) get no default capacity and receive
        *requests without case data*.
    instruments : dict
        Instrument id -> :class:`Instrument`, in file order.
    source : str
        Where it was loaded from.
    """

    partners: dict[str, dict[str, Any]]
    instruments: dict[str, Instrument]
    source: str = ""

    def is_private(self, partner: str) -> bool:
        """Whether a partner is private (no default capacity, requests without case data)."""
        return bool(self.partners.get(partner, {}).get("private", False))

    def __getitem__(self, action_id: str) -> Instrument:
        try:
            return self.instruments[action_id]
        except KeyError:
            raise ConfigError(
                _("onbekende actie '{actie}' in de catalogus (bekend: {bekend})", actie=action_id,
                  bekend=", ".join(self.instruments)),
                file=self.source or None,
            ) from None

    def __contains__(self, action_id: object) -> bool:
        return action_id in self.instruments

    def __len__(self) -> int:
        return len(self.instruments)

    def __iter__(self):
        return iter(self.instruments.values())

    def action_of(self, action_id: str, *, where: str | None = None) -> Instrument:
        """The instrument with this id, or raise naming the user's argument (``where``, e.g.
        ``"--action"``) and the closest ids, never the catalogue file or all ~90 ids.

        Examples
        --------
        >>> from netwerk.interventions import default_catalogue
        >>> default_catalogue().action_of("sluiting_13b").id
        'sluiting_13b'
        >>> default_catalogue().action_of("tovenarij", where="--action")
        Traceback (most recent call last):
        ...
        netwerk.errors.ConfigError: onbekende actie 'tovenarij' in --action (`netwerk plan` toont de acties van de catalogus)
        """
        import difflib

        if action_id in self.instruments:
            return self.instruments[action_id]
        near = difflib.get_close_matches(action_id.lower(), list(self.instruments), n=3)
        hint = (_("; bedoelde u {namen}?", namen=_(" of ").join(repr(n) for n in near)) if near
                else _(" (`netwerk plan` toont de acties van de catalogus)"))
        if where:
            raise ConfigError(_("onbekende actie '{actie}' in {optie}{hint}", actie=action_id,
                                optie=where, hint=hint))
        raise ConfigError(_("onbekende actie '{actie}'{hint}", actie=action_id, hint=hint))

    def partner_of(self, name: str, *, where: str | None = None) -> str:
        """The catalogue spelling of a partner name (case-insensitive), or raise.

        ``where`` names the user's argument the name came from (e.g. ``"--capacity"``): the
        error blames that argument, not the catalogue file.

        Examples
        --------
        >>> from netwerk.interventions import default_catalogue
        >>> default_catalogue().partner_of("Gemeente")
        'gemeente'
        >>> default_catalogue().partner_of("gemeentee", where="--capacity")
        Traceback (most recent call last):
        ...
        netwerk.errors.ConfigError: onbekende partner 'gemeentee' in --capacity; bedoelde u 'gemeente'?
        """
        import difflib

        low = {p.lower(): p for p in self.partners}
        if name.lower() in low:
            return low[name.lower()]
        near = difflib.get_close_matches(name.lower(), list(low), n=1)
        hint = (_("; bedoelde u '{name}'?", name=low[near[0]]) if near else
                _(" (bekend: {bekend})", bekend=", ".join(self.partners)))
        if where:
            raise ConfigError(_("onbekende partner '{partner}' in {optie}{hint}", partner=name,
                                optie=where, hint=hint))
        raise ConfigError(_("onbekende partner '{partner}'{hint}", partner=name, hint=hint))

    def to_frame(self) -> pd.DataFrame:
        """The catalogue as a table indexed by action id (one row per instrument)."""
        rows = []
        for ins in self.instruments.values():
            a = ins.applies_to
            rows.append({
                "action_id": ins.id, "name_nl": ins.name_nl, "name_en": ins.name_en,
                "partner": ins.partner, "private": self.is_private(ins.partner),
                "spectrum": ins.spectrum, "legal_basis": ins.legal_basis_for(None),
                "source": f"{ins.source.title} ({ins.source.year})",
                "checked_by": ins.checked_by, "checked_on": ins.checked_on,
                "node_kinds": ("omgeving" if a.environment else
                               "*" if a.node_kinds == "*" else ";".join(a.node_kinds)),
                "stages": "*" if a.stages == "*" else ";".join(a.stages),
                "effect": ins.effect.describe(), "effect_types": ";".join(ins.effect_types),
                "financial_formula": ins.financial.formula if ins.financial else "",
                "strength": ins.strength, "effort_days": ins.effort_days,
                "effort_low": ins.effort_range[0] if ins.effort_range else ins.effort_days,
                "effort_high": ins.effort_range[1] if ins.effort_range else ins.effort_days,
                "lead_time": ins.lead_time, "decision": ins.decision, "decider": ins.decider,
                "repressive": ins.is_repressive, "review": ins.review,
                "needs": ";".join(ins.needs), "provides": ";".join(ins.provides),
                "requires": ";".join(ins.requires),
            })
        return pd.DataFrame(rows).set_index("action_id")


def _parse_catalogue(raw: Any, source: str) -> Catalogue:
    if not isinstance(raw, dict):
        raise ConfigError(_("een catalogus moet een mapping zijn met 'partners' en 'instruments'"),
                          file=source)
    try:
        top = _CatalogueFile.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(validation_text(exc), file=source) from None
    partners: dict[str, dict[str, Any]] = {}
    for k, v in top.partners.items():
        bad = set(v) - {"name_nl", "name_en", "private"}
        if bad or not isinstance(v.get("name_nl"), str) or not isinstance(v.get("private", False),
                                                                           bool):
            raise ConfigError(_("partner '{partner}': heeft 'name_nl', 'name_en' (tekst) en "
                                "eventueel 'private' (true/false) nodig", partner=k), file=source)
        partners[str(k)] = {"name_nl": v["name_nl"], "name_en": str(v.get("name_en", "")),
                            "private": bool(v.get("private", False))}
    instruments: dict[str, Instrument] = {}
    for i, entry in enumerate(top.instruments):
        eid = entry.get("id") if isinstance(entry, dict) else None
        label = _("instrument '{id}'", id=eid) if eid else _("instrument nr. {nr}", nr=i + 1)
        try:
            ins = Instrument.model_validate(entry)
        except ValidationError as exc:
            raise ConfigError(f"{label}: {validation_text(exc)}", file=source) from None
        if ins.id in instruments:
            raise ConfigError(_("{wie}: veld 'id': dit id komt al eerder voor", wie=label),
                              file=source)
        if ins.partner not in partners:
            raise ConfigError(
                _("{wie}: veld 'partner': onbekende partner '{partner}' (bekend: {bekend})",
                  wie=label, partner=ins.partner, bekend=", ".join(partners)),
                file=source,
            )
        instruments[ins.id] = ins
    provided = {cap for ins in instruments.values() for cap in ins.provides}
    for ins in instruments.values():
        for group in ins.needs_groups:
            if not group or not any(cap in provided for cap in group):
                raise ConfigError(
                    _("instrument '{id}': veld 'needs': geen instrument levert '{wat}'",
                      id=ins.id, wat="|".join(group)), file=source
                )
        for req in ins.requires:
            if req not in instruments:
                raise ConfigError(
                    _("instrument '{id}': veld 'requires': onbekende actie '{actie}'", id=ins.id,
                      actie=req), file=source
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
    >>> cat["sluiting_13b"].needs
    ['drugs_finding', 'bestuurlijke_rapportage']
    """
    if path is None:
        return default_catalogue()
    p = Path(path)
    return _parse_catalogue(read_yaml_file(p, _("catalogusbestand")), str(p))


def read_yaml_file(p: Path, what: str) -> Any:
    """The parsed YAML of an analyst-editable file, or a :class:`ConfigError` naming the file."""
    from ..yamlfile import read_yaml_file as _read

    return _read(p, what)


@lru_cache(maxsize=1)
def default_catalogue() -> Catalogue:
    """The shipped catalogue (cached)."""
    text = resources.files("netwerk").joinpath("data/catalogue.yaml").read_text(encoding="utf-8")
    return _parse_catalogue(yaml.safe_load(text), "netwerk/data/catalogue.yaml")
