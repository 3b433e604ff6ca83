"""Transparent case-selection criteria (*casusselectie*) and their weights.

Each criterion turns one property of a case into a score between 0 and 1 with a formula that fits on
one line (documented in ``data/report_weights.yaml`` and below). The case score is the weighted sum
of the criterion scores, the weights divided by their total, times 100. Every criterion keeps its
raw value, score, weight and contribution, so a steering group sees why a case ranks where it does.

The functions here are pure: they take a :class:`~netwerk.Network` and tables that other stages
computed (vital nodes, candidate interventions, the package) and return a :class:`Criterion`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, StrictStr, ValidationError, field_validator

from ..errors import ConfigError, cause_text, validation_text
from ..graph import Network
from ..i18n import N_, _, ngettext
from ..yamlfile import load_yaml_text

__all__ = [
    "CRITERIA",
    "Criterion",
    "Weights",
    "load_selection_weights",
    "default_weights_path",
    "score_severity",
    "score_network_size",
    "score_vital_scarce",
    "score_undermining",
    "score_value_chain",
    "score_information_position",
    "score_integrated_approach",
    "score_effect_effort",
    "combine",
    "partners_holding_data",
    "straw_men",
    "scarce_providers",
]

log = logging.getLogger(__name__)

#: The criteria, in report order, with a Dutch/English label for the report.
CRITERIA: dict[str, str] = {
    "severity": N_("Ernst (soort criminaliteit)"),
    "network_size": N_("Omvang van het netwerk"),
    "vital_scarce": N_("Vitale en schaarse actoren"),
    "undermining": N_("Ondermijnend karakter"),
    "value_chain": N_("Dekking van de keten"),
    "information_position": N_("Informatiepositie (partners met gegevens)"),
    "integrated_approach": N_("Integrale aanpak (partners met instrumenten)"),
    "effect_effort": N_("Effect per persoonsdag van het beste pakket"),
}


# --------------------------------------------------------------------------- configuration
class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


_Pos = Field(gt=0)


class _Severity(_Strict):
    table: dict[StrictStr, float]
    default: float | None = None

    @field_validator("table")
    @classmethod
    def _in_range(cls, v: dict[str, float]) -> dict[str, float]:
        for k, x in v.items():
            if not 0 <= x <= 1:
                raise ValueError(_("de ernst van '{soort}' moet tussen 0 en 1 liggen, niet {waarde}",
                                   soort=k, waarde=x))
        return v

    @field_validator("default")
    @classmethod
    def _default_range(cls, v: float | None) -> float | None:
        if v is not None and not 0 <= v <= 1:
            raise ValueError(_("moet tussen 0 en 1 liggen (of null zijn), niet {waarde}", waarde=v))
        return v


class _Size(_Strict):
    count_kinds: list[StrictStr]
    full_at: int = _Pos


class _VitalScarce(_Strict):
    scarce_max_providers: int = _Pos
    full_at: float = _Pos
    top_k: int = _Pos


class _Undermining(_Strict):
    companies_full_at: float = _Pos
    facilitators_full_at: float = _Pos
    straw_men_full_at: float = _Pos
    cash_sbi_full_at: float = _Pos
    straw_man_min_companies: int = _Pos
    facilitator_roles: list[StrictStr]
    facilitator_sbi: list[StrictStr]
    cash_intensive_sbi: dict[StrictStr, StrictStr]

    @field_validator("cash_intensive_sbi", "facilitator_sbi", mode="before")
    @classmethod
    def _sbi_strings(cls, v: Any) -> Any:
        if isinstance(v, dict | list):
            for k in v:
                if not isinstance(k, str):
                    raise ValueError(_("SBI-voorvoegsel {code!r} moet tekst tussen aanhalingstekens "
                                       "zijn (bijv. \"56\")", code=k))
                if not k.isdigit():
                    raise ValueError(_("SBI-voorvoegsel '{code}' mag alleen cijfers bevatten", code=k))
        return v


class _Empty(_Strict):
    pass


class _FullAt(_Strict):
    full_at: float = _Pos


class _Integrated(_Strict):
    full_at: float = _Pos
    top_k: int = _Pos


class _WeightsTable(_Strict):
    severity: float = Field(ge=0)
    network_size: float = Field(ge=0)
    vital_scarce: float = Field(ge=0)
    undermining: float = Field(ge=0)
    value_chain: float = Field(ge=0)
    information_position: float = Field(ge=0)
    integrated_approach: float = Field(ge=0)
    effect_effort: float = Field(ge=0)


class Weights(_Strict):
    """Validated contents of a weights file (see ``data/report_weights.yaml``)."""

    version: int
    approved_by: StrictStr | None = None   # approval by the RIEC (netwerk.governance.models)
    approved_on: dt.date | None = None
    weights: _WeightsTable
    severity: _Severity
    network_size: _Size
    vital_scarce: _VitalScarce
    undermining: _Undermining
    value_chain: _Empty
    information_position: _FullAt
    integrated_approach: _Integrated
    effect_effort: _FullAt
    source: StrictStr = "report_weights.yaml"

    def normalised(self) -> dict[str, float]:
        """The weights divided by their total (criterion -> share, summing to 1)."""
        raw = self.weights.model_dump()
        total = sum(raw.values())
        return {k: raw[k] / total for k in CRITERIA}

    def sha256(self) -> str:
        """Hash of the configuration (not of the file's comments), for provenance."""
        data = self.model_dump(exclude={"source", "approved_by", "approved_on"})
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def default_weights_path() -> Path:
    """Path of the shipped ``report_weights.yaml``."""
    return Path(str(resources.files("netwerk") / "data" / "report_weights.yaml"))


def load_selection_weights(path: str | Path | Mapping | None = None) -> Weights:
    """Load and validate a weights file.

    Parameters
    ----------
    path : str, Path, mapping or None
        A YAML file, an already parsed mapping, or ``None`` for the shipped defaults.

    Returns
    -------
    Weights

    Raises
    ------
    ConfigError
        Naming the file and the key, e.g. ``weights.yaml: key 'weights.severity': Input should be
        greater than or equal to 0``.
    """
    if path is None:
        path = default_weights_path()
    if isinstance(path, Mapping):
        raw, source = dict(path), "<weights>"
    else:
        source = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(_("{wat} niet leesbaar: {oorzaak}", wat=_("gewichtenbestand"),
                                oorzaak=cause_text(exc)), file=source) from exc
        try:
            raw = load_yaml_text(text, source)
        except yaml.YAMLError as exc:
            raise ConfigError(_("geen geldige YAML ({oorzaak})", oorzaak=cause_text(exc)),
                              file=source) from exc
    if not isinstance(raw, dict):
        raise ConfigError(_("een gewichtenbestand moet een mapping zijn met de sleutel 'weights'"),
                          file=source)
    raw.pop("source", None)
    from ..governance.models import model_version

    model_version(raw, name="case_selection", source=source)  # version and approval, named key
    try:
        w = Weights.model_validate({**raw, "source": Path(source).name})
    except ValidationError as exc:
        raise ConfigError(validation_text(exc), file=source) from exc
    if sum(w.weights.model_dump().values()) <= 0:
        raise ConfigError(_("sleutel 'weights': minstens één gewicht moet groter dan 0 zijn"),
                          file=source)
    return w


# --------------------------------------------------------------------------- result type
@dataclass(frozen=True)
class Criterion:
    """One criterion of one case: raw value, 0–1 score, normalised weight and contribution.

    ``contribution`` is ``100 * weight * score``: the points this criterion adds to the case score.
    ``raw`` is a short human-readable statement of the measured value; ``details`` holds the numbers.
    """

    name: str
    label: str
    raw: str
    score: float
    formula: str
    details: Mapping[str, Any]
    weight: float = 0.0
    contribution: float = 0.0


def _crit(name: str, raw: str, score: float, formula: str, **details: Any) -> Criterion:
    score = float(min(1.0, max(0.0, score)))
    return Criterion(name=name, label=_(CRITERIA[name]), raw=raw, score=round(score, 6),
                     formula=formula, details=details)


def _cap(x: float, full_at: float) -> float:
    return min(1.0, x / full_at) if full_at > 0 else 0.0


def combine(criteria: Iterable[Criterion], weights: Weights) -> tuple[float, list[Criterion]]:
    """Attach weights and contributions; return ``(case score 0–100, criteria)``.

    Examples
    --------
    >>> w = load_selection_weights()
    >>> cs = [_crit(n, "", 1.0, "") for n in CRITERIA]
    >>> combine(cs, w)[0]
    100.0
    """
    share = weights.normalised()
    out = []
    for c in criteria:
        wt = share[c.name]
        out.append(Criterion(**{**c.__dict__, "weight": round(wt, 6),
                                "contribution": round(100 * wt * c.score, 4)}))
    total = round(sum(c.contribution for c in out), 2)
    return total, out


# --------------------------------------------------------------------------- helpers
def _col(net: Network, name: str) -> pd.Series:
    if name in net.nodes.columns:
        return net.nodes[name]
    return pd.Series(pd.NA, index=net.nodes.index, dtype="object")


def partners_holding_data(net: Network) -> list[str]:
    """Sorted distinct partners with records in the case (relations, attributes, sightings)."""
    found: set[str] = set()
    if "partner" in net.edges.columns:
        found.update(str(p) for p in net.edges["partner"].dropna().unique())
    na = net.node_attributes
    if na is not None and "partner" in na.columns:
        found.update(str(p) for p in na["partner"].dropna().unique())
    if "partners" in net.nodes.columns:
        for v in net.nodes["partners"].dropna():
            items = v if isinstance(v, list | tuple | set) else str(v).replace(",", ";").split(";")
            found.update(str(p).strip() for p in items if str(p).strip())
    found.discard("")
    return sorted(found)


def straw_men(net: Network, *, min_companies: int = 3) -> pd.Series:
    """Persons who are ``director_of`` at least ``min_companies`` distinct companies.

    Returns
    -------
    pd.Series
        Number of companies directed, indexed by person id, sorted descending then by id.
    """
    e = net.edges
    kind = net.nodes["kind"]
    d = e[(e["kind"] == "director_of")]
    d = d[d["source"].map(kind).eq("person").to_numpy() & d["target"].map(kind).eq("company").to_numpy()]
    counts = d.drop_duplicates(["source", "target"]).groupby("source").size()
    counts = counts[counts >= min_companies].astype(int)
    counts.index.name = "id"
    frame = counts.rename("companies").reset_index().sort_values(["companies", "id"],
                                                                 ascending=[False, True])
    return frame.set_index("id")["companies"]


def scarce_providers(net: Network, stages: Sequence[str], *, max_providers: int) -> pd.DataFrame:
    """Providers of scarce stages: stages with between 1 and ``max_providers`` nodes.

    Returns
    -------
    pd.DataFrame
        One row per (stage, node) with columns ``stage``, ``node``, ``providers`` (how many nodes
        provide that stage), in model stage order then node id.
    """
    stage = _col(net, "stage").dropna().astype(str)
    rows = []
    for s in stages:
        ids = sorted(stage.index[stage == s])
        if 1 <= len(ids) <= max_providers:
            rows.extend({"stage": s, "node": i, "providers": len(ids)} for i in ids)
    return pd.DataFrame(rows, columns=["stage", "node", "providers"])


# --------------------------------------------------------------------------- the criteria
def _phenomenon(crime_type: str) -> str:
    """The crime type as users read it: its barrier model's name in the output's language, else
    the name as given."""
    from ..interventions import load_barrier_model

    try:
        return str(load_barrier_model(crime_type).label())
    except Exception:  # noqa: BLE001 - a crime type without a shipped model: shown as given
        return str(crime_type)


def score_severity(crime_type: str, weights: Weights) -> Criterion:
    """``score = severity.table[crime_type]`` (or ``severity.default``).

    Raises
    ------
    ConfigError
        When the crime type is not in the table and no default is configured.
    """
    sev = weights.severity
    if crime_type in sev.table:
        value, note = sev.table[crime_type], _("uit de tabel")
    elif sev.default is not None:
        value, note = sev.default, _("niet in de tabel: standaardwaarde")
    else:
        raise ConfigError(
            _("soort criminaliteit '{soort}' heeft geen ernst (bekend: {bekend}); voeg haar toe "
              "aan 'severity.table' of geef 'severity.default'", soort=crime_type,
              bekend=", ".join(sorted(sev.table))),
            file=weights.source)
    return _crit("severity", f"{_phenomenon(crime_type)} ({note})", value,
                 _("ernst[soort criminaliteit]"),
                 crime_type=crime_type, severity=value)


def score_network_size(net: Network, weights: Weights) -> Criterion:
    """``n`` = nodes of the counted kinds; ``score = min(1, log(1+n) / log(1+full_at))``."""
    cfg = weights.network_size
    n = int(net.nodes["kind"].isin(cfg.count_kinds).sum())
    score = math.log1p(n) / math.log1p(cfg.full_at)
    kinds = "+".join(cfg.count_kinds)
    return _crit("network_size", _("{n} actoren ({kinds}) van {total} knooppunten", n=n, kinds=kinds, total=net.n_nodes), score,
                 f"min(1, log(1+n)/log(1+{cfg.full_at}))", actors=n, nodes=net.n_nodes,
                 relations=net.n_edges)


def score_vital_scarce(net: Network, vital: pd.DataFrame, stages: Sequence[str],
                       weights: Weights) -> Criterion:
    """``score = 0.5 min(1, s/full_at) + 0.5 v`` with ``s`` the providers of scarce stages and
    ``v`` the mean ``vital_score`` (clipped to 0–1) of the top ``top_k`` vital nodes."""
    cfg = weights.vital_scarce
    sp = scarce_providers(net, stages, max_providers=cfg.scarce_max_providers)
    s = int(sp["node"].nunique())
    if vital is not None and len(vital) and "vital_score" in vital.columns:
        top = vital["vital_score"].astype(float).sort_values(ascending=False).head(cfg.top_k)
        v = float(top.clip(0, 1).mean())
    else:
        v = 0.0
    score = 0.5 * _cap(s, cfg.full_at) + 0.5 * v
    scarce_stages = list(dict.fromkeys(sp["stage"]))
    raw = _("{s} in {k}; gemiddelde vitale score top-{top} {v}",
            s=ngettext("{n} leverancier van een schaarse schakel",
                       "{n} leveranciers van een schaarse schakel", s),
            k=ngettext("{n} schakel", "{n} schakels", len(scarce_stages)), top=cfg.top_k,
            v=f"{v:.2f}")
    return _crit("vital_scarce", raw, score,
                 _("0.5*min(1, s/{f}) + 0.5*gemiddelde(vitale score top-{k})", f=cfg.full_at,
                   k=cfg.top_k),
                 scarce_providers=s, scarce_stages=scarce_stages, mean_top_vital=round(v, 6))


#: Everything but an ASCII digit. ``\D`` sends pandas through Python's ``re`` one value at a
#: time as soon as one value holds a non-ASCII character (RE2 in pyarrow reads ``\d`` as ASCII
#: only, Python as any Unicode digit), after a scan of the column to find out; this class
#: runs column-wise in pyarrow, as :data:`netwerk.ingest.normalise.SPACE_CLASS` does. An SBI code
#: is ASCII digits: a non-ASCII digit is dropped like any other character.
NON_DIGIT = "[^0-9]"


def _sbi_matches(sbi: pd.Series, prefixes: Iterable[str]) -> pd.Series:
    """Whether each SBI code starts with one of ``prefixes``, on its digits only ("69.10",
    "6910", " 69 10 " are one code).

    Examples
    --------
    >>> _sbi_matches(pd.Series(["69.10", "6910 - Rechtspraak", "6201", None, "abc"]),
    ...              ["691"]).tolist()
    [True, True, False, False, False]
    """
    digits = sbi.astype("string").str.replace(NON_DIGIT, "", regex=True).fillna("")
    hit = pd.Series(False, index=sbi.index)
    for p in prefixes:
        hit |= digits.str.startswith(p).fillna(False).astype(bool) & digits.ne("")
    return hit


def score_undermining(net: Network, weights: Weights) -> Criterion:
    """Mean of four capped counts: companies, facilitators, straw men, cash-intensive companies.

    Facilitators are nodes whose ``rol`` is a facilitator role and companies in a facilitator SBI
    sector (legal, notarial, accountancy, estate agency).

    Each count ``c`` scores ``min(1, c / full_at)`` (``*_full_at`` in the config).
    """
    cfg = weights.undermining
    kind = net.nodes["kind"]
    companies = int((kind == "company").sum())
    roles = {r.lower() for r in cfg.facilitator_roles}
    rol = _col(net, "rol").astype("string").str.strip().str.lower()
    fac_sbi = _sbi_matches(_col(net, "sbi"), cfg.facilitator_sbi) & (kind == "company")
    facilitators = int((rol.isin(roles).fillna(False).astype(bool) | fac_sbi).sum())
    sm = straw_men(net, min_companies=cfg.straw_man_min_companies)
    cash = _sbi_matches(_col(net, "sbi"), cfg.cash_intensive_sbi) & (kind == "company")
    n_cash = int(cash.sum())
    parts = {
        "companies": _cap(companies, cfg.companies_full_at),
        "facilitators": _cap(facilitators, cfg.facilitators_full_at),
        "straw_men": _cap(len(sm), cfg.straw_men_full_at),
        "cash_sbi": _cap(n_cash, cfg.cash_sbi_full_at),
    }
    score = sum(parts.values()) / 4
    raw = _("{c} ondernemingen, {f} facilitators, {s} katvangers (≥{m} bestuursfuncties), "
            "{k} kasintensieve ondernemingen", c=companies, f=facilitators, s=len(sm),
            m=cfg.straw_man_min_companies, k=n_cash)
    return _crit("undermining", raw, score,
                 _("gemiddelde min(1, n/vol) van ondernemingen (vol {c:g}), facilitators "
                   "({f:g}), katvangers ({s:g}), kasintensief ({k:g})",
                   c=cfg.companies_full_at, f=cfg.facilitators_full_at,
                   s=cfg.straw_men_full_at, k=cfg.cash_sbi_full_at),
                 companies=companies, facilitators=facilitators, straw_men=len(sm),
                 cash_intensive=n_cash, straw_men_ids=list(sm.index),
                 parts={k: round(v, 6) for k, v in parts.items()})


def score_value_chain(net: Network, stages: Sequence[str]) -> Criterion:
    """``score = (model stages with ≥1 node) / (model stages)``."""
    present = set(_col(net, "stage").dropna().astype(str))
    covered = [s for s in stages if s in present]
    missing = [s for s in stages if s not in present]
    score = len(covered) / len(stages) if stages else 0.0
    return _crit("value_chain", _("{a} van {b} schakels", a=len(covered), b=len(stages)), score,
                 _("schakels met een actor / schakels van het model"), covered=covered,
                 missing=missing)


def score_information_position(net: Network, weights: Weights) -> Criterion:
    """``p`` = partners with records in the case; ``score = min(1, p / full_at)``."""
    full = weights.information_position.full_at
    partners = partners_holding_data(net)
    return _crit("information_position", ngettext("{n} partner", "{n} partners", len(partners)) + ": " + (", ".join(partners) or "-"),
                 _cap(len(partners), full), f"min(1, partners/{full:g})", partners=partners)


def score_integrated_approach(candidates: pd.DataFrame | None, vital: pd.DataFrame | None,
                              weights: Weights) -> Criterion:
    """``q`` = partners holding an instrument (a candidate intervention) against one of the
    top ``top_k`` vital nodes; ``score = min(1, q / full_at)``.

    ``candidates`` needs a ``partner`` column and the targeted node in ``node``, ``target`` or
    its index.
    """
    cfg = weights.integrated_approach
    partners: list[str] = []
    if candidates is not None and len(candidates) and "partner" in candidates.columns:
        c = candidates
        if vital is not None and len(vital):
            top = set(_top_ids(vital, cfg.top_k))
            node = _target_col(c)
            c = c[node.isin(top).to_numpy()]
        partners = sorted({str(p) for p in c["partner"].dropna()})
    return _crit("integrated_approach",
                 ngettext("{n} partner met instrumenten", "{n} partners met instrumenten",
                          len(partners)) + ": " + (", ".join(partners) or "-"),
                 _cap(len(partners), cfg.full_at), f"min(1, partners/{cfg.full_at:g})",
                 partners=partners)


def score_effect_effort(effect: float | None, effort_days: float | None,
                        weights: Weights) -> Criterion:
    """``r = effect / effort (person-days)``; ``score = min(1, r / full_at)``; no package: 0."""
    full = weights.effect_effort.full_at
    if effect is None or not effort_days or effort_days <= 0:
        return _crit("effect_effort", _("geen haalbaar pakket"), 0.0,
                     _("min(1, effect/inzet/{f})", f=f"{full:g}"),
                     effect=effect, effort_days=effort_days, ratio=None)
    r = float(effect) / float(effort_days)
    return _crit("effect_effort",
                 _("effect {e} voor {d} persoonsdagen ({r} per dag)", e=f"{effect:.3g}",
                   d=f"{effort_days:g}", r=f"{r:.3g}"),
                 _cap(r, full), _("min(1, effect/inzet/{f})", f=f"{full:g}"),
                 effect=round(float(effect), 6), effort_days=float(effort_days), ratio=round(r, 6))


def _top_ids(vital: pd.DataFrame, k: int) -> list[str]:
    v = vital
    if "rank" in v.columns:
        v = v.sort_values("rank", kind="stable")
    elif "vital_score" in v.columns:
        v = v.sort_values("vital_score", ascending=False, kind="stable")
    return [str(i) for i in v.index[:k]]


def _target_col(df: pd.DataFrame) -> pd.Series:
    for col in ("node", "target", "node_id", "id"):
        if col in df.columns:
            return df[col].astype(str)
    return pd.Series(df.index.astype(str), index=df.index)
