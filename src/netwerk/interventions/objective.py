"""Societal effect first: harm models and the integrated-approach objective.

Principle served: **put the societal effect first** ("stel het te bereiken maatschappelijk effect
centraal"). Structural disruption stays, as one component of four.

**Harm model** (``netwerk/data/harm/<crime_type>.yaml``, analyst-editable, validated on load, with
sources): a weight per value-chain stage and weights per node attribute or relation pattern
(a grow room in a dwelling → fire risk; a known victim; a young person; violence), each in a harm
*category* (brandgevaar, geweld, slachtoffers, jongeren, milieu, corruptie, ...). A node's harm is
the weight of its stage plus the weights of the rules it matches; ``H₀`` is the network's total.

**Objective** of an action set, in [0, 1], the documented weighted combination

``O = w_harm · H + w_disruption · D + w_money · M + w_resilience · R``

with default weights :data:`DEFAULT_OBJECTIVE_WEIGHTS` (harm 0.4, disruption 0.3, money 0.15,
resilience 0.15; normalised to sum 1), where, in one success scenario,

* ``H`` (harm reduction) ``= Σ_v h_v · red_v / H₀``. ``red_v = 1 − (1 − d_v)(1 − p_s(v))``: ``d_v``
  is the catalogue ``harm_share`` of the action on ``v`` if given, else 1 when it removes the node,
  disables its stage or brings the (vulnerable) person into care, the share of its ties cut for a
  ``cut_relations`` action, combined with the ``preventive`` reduction of an action on ``v`` (it
  blocks re-use of that location or permit); ``p_s`` is the combined prevention at the node's
  stage ``s``, ``1 − Π(1 − reduction_i)`` over the environment actions that work at ``s``;
* ``D`` is the structural disruption of :mod:`netwerk.interventions.effects`
  (``0.4·LCC drop + 0.3·efficiency drop + 0.3·chain broken``);
* ``M`` (money taken back, *afpakken*) ``= 1 − exp(−€ / €_ref)``: ``€`` the sum of the financial
  estimates of the actions that work (each from its catalogue formula over the target's case
  numbers), ``€_ref`` = :data:`EURO_REF` (€ 250 000 gives M ≈ 0.63);
* ``R`` (resilience, *weerbaarheid*) ``= Σ_s w_s · p_s / Σ_s w_s`` over the model's stages with the
  harm model's stage weights ``w_s`` (a preventive action on one node adds its reduction times the
  node's share of the stage's harm).

Each action works with its probability of success (catalogue ``strength``), and only when the
actions it ``needs`` (on the same target) worked too: an ontneming after a failed prosecution takes
nothing back. The objective is the mean over ``samples`` seeded scenarios with common random
numbers (see :class:`~netwerk.interventions.effects.Evaluator`), so it depends on the *set* of
actions, not their order. A case may state its *beoogd maatschappelijk effect* as ``goals``
(harm category → target share): those categories count :data:`GOAL_BOOST` times in ``H`` and the
breakdown shows the share reached against the target.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import ConfigError, validation_text
from ..graph.network import Network
from ..i18n import _
from .catalogue import Condition, Source, read_yaml_file

__all__ = [
    "DEFAULT_OBJECTIVE_WEIGHTS",
    "EURO_REF",
    "GOAL_BOOST",
    "ENV_PREFIX",
    "OBJECTIVE_FORMULA",
    "HarmModel",
    "load_harm_model",
    "harm_model_for",
    "shipped_harm_models",
    "node_harm",
    "node_numbers",
    "IntegratedObjective",
    "env_target",
    "is_env_target",
]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

#: Default weights of the integrated objective (normalised to sum 1).
DEFAULT_OBJECTIVE_WEIGHTS = {"harm": 0.4, "disruption": 0.3, "money": 0.15, "resilience": 0.15}
#: € at which the money component reaches 1 − 1/e.
EURO_REF = 250_000.0
#: Factor on the harm of categories named in the case's goals.
GOAL_BOOST = 2.0
#: Prefix of the pseudo-target of an environment (preventive) action: ``fase:<stage>``.
ENV_PREFIX = "fase:"
OBJECTIVE_FORMULA = ("O = w_harm·H + w_disruption·D + w_money·M + w_resilience·R; "
                     "H = Σ h_v·red_v / H₀; D = 0.4·LCC-daling + 0.3·efficiëntiedaling + "
                     "0.3·keten gebroken; M = 1 − exp(−€/€_ref); R = Σ_s w_s·p_s / Σ_s w_s")

Action = tuple[str, str]
_strict = ConfigDict(extra="forbid", strict=True, frozen=True)


def env_target(stage: str) -> str:
    """The pseudo-target of an environment action at a stage (``fase:<stage>``)."""
    return f"{ENV_PREFIX}{stage}"


def is_env_target(target: str) -> bool:
    return str(target).startswith(ENV_PREFIX)


# ---------------------------------------------------------------------------- harm model
class _StageHarm(BaseModel):
    model_config = _strict
    weight: float = Field(ge=0.0)
    category: str


class _Rule(BaseModel):
    model_config = _strict
    name: str = Field(pattern=r"^[a-z0-9_]+$")
    label_nl: str
    kind: str | None = None
    condition: Condition
    weight: float = Field(ge=0.0)
    category: str


class _HarmFile(BaseModel):
    model_config = _strict
    crime_type: str
    label_nl: str
    sources: list[Source] = Field(min_length=1)
    categories: dict[str, dict[str, str]]
    stages: dict[str, _StageHarm]
    node_rules: list[_Rule] = Field(default_factory=list)


@dataclass(frozen=True)
class HarmModel:
    """A validated harm model (see the module docstring).

    Attributes
    ----------
    crime_type, label_nl : str
    categories : dict
        Category id -> Dutch label.
    stages : dict
        Stage id -> ``(weight, category)``.
    rules : tuple
        Node rules (name, label, kind, condition, weight, category).
    sources : tuple of Source
    source : str
        The file it was loaded from.
    """

    crime_type: str
    label_nl: str
    categories: dict[str, str]
    stages: dict[str, tuple[float, str]]
    rules: tuple[Any, ...]
    sources: tuple[Source, ...] = ()
    source: str = ""


def _parse_harm(raw: Any, source: str) -> HarmModel:
    if not isinstance(raw, dict):
        raise ConfigError(_("een schademodel moet een mapping zijn"), file=source)
    for v in (raw.get("stages") or {}).values():
        if isinstance(v, dict) and isinstance(v.get("weight"), int):
            v["weight"] = float(v["weight"])
    for r in raw.get("node_rules") or []:
        if isinstance(r, dict) and isinstance(r.get("weight"), int):
            r["weight"] = float(r["weight"])
    try:
        m = _HarmFile.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(validation_text(exc), file=source) from None
    cats = {}
    for c, v in m.categories.items():
        if "label_nl" not in v:
            raise ConfigError(_("categorie '{categorie}': veld 'label_nl' ontbreekt", categorie=c),
                              file=source)
        cats[c] = v["label_nl"]
    for st, v in m.stages.items():
        if v.category not in cats:
            raise ConfigError(_("schakel '{schakel}': veld 'category': onbekende categorie "
                                "'{categorie}' (bekend: {bekend})", schakel=st,
                                categorie=v.category, bekend=", ".join(cats)), file=source)
    for r in m.node_rules:
        if r.category not in cats:
            raise ConfigError(_("regel '{regel}': veld 'category': onbekende categorie "
                                "'{categorie}' (bekend: {bekend})", regel=r.name,
                                categorie=r.category, bekend=", ".join(cats)), file=source)
    return HarmModel(crime_type=m.crime_type, label_nl=m.label_nl, categories=cats,
                     stages={s: (v.weight, v.category) for s, v in m.stages.items()},
                     rules=tuple(m.node_rules), sources=tuple(m.sources), source=source)


def shipped_harm_models() -> list[str]:
    """Crime types with a shipped harm model."""
    d = resources.files("netwerk").joinpath("data/harm")
    return sorted(p.name[:-5] for p in d.iterdir() if p.name.endswith(".yaml"))


@lru_cache(maxsize=16)
def _shipped(name: str) -> HarmModel:
    text = resources.files("netwerk").joinpath(f"data/harm/{name}.yaml").read_text(encoding="utf-8")
    return _parse_harm(yaml.safe_load(text), f"netwerk/data/harm/{name}.yaml")


def load_harm_model(name_or_path: str | Path) -> HarmModel:
    """Load and validate a harm model: a shipped crime type (``"cannabis"``) or a YAML path.

    Raises
    ------
    ConfigError
        Naming the file and the stage, rule or field that is wrong.

    Examples
    --------
    >>> hm = load_harm_model("cannabis")
    >>> hm.stages["electricity"]
    (1.5, 'brandgevaar')
    >>> hm.sources[0].year
    2019
    """
    p = Path(name_or_path)
    if p.suffix in (".yaml", ".yml") or p.exists():
        return _parse_harm(read_yaml_file(p, _("schademodel")), str(p))
    name = str(name_or_path)
    if name not in shipped_harm_models():
        raise ConfigError(_("onbekend schademodel '{naam}' (meegeleverd: {bekend})", naam=name,
                            bekend=", ".join(shipped_harm_models())))
    return _shipped(name)


def harm_model_for(model: Any) -> HarmModel:
    """The shipped harm model of a barrier model's crime type; a uniform one (weight 1 per stage,
    category ``ondermijning``, no rules) when none is shipped."""
    if model.crime_type in shipped_harm_models():
        return load_harm_model(model.crime_type)
    return HarmModel(crime_type=model.crime_type, label_nl="Uniform (geen schademodel)",
                     categories={"ondermijning": "Ondermijning"},
                     stages={s: (1.0, "ondermijning") for s in model.stage_ids}, rules=())


def _long_attrs(net: Network) -> pd.DataFrame:
    """Node attribute values, long form (node_id, attribute, value lower case)."""
    parts = []
    skip = {"kind", "label", "partners", "aliases"}
    for col in net.nodes.columns:
        if col in skip:
            continue
        s = net.nodes[col].dropna()
        if len(s):
            parts.append(pd.DataFrame({"node_id": s.index.astype(str), "attribute": str(col),
                                       "value": s.astype(str).to_numpy()}))
    na = net.node_attributes
    if na is not None and len(na) and {"node_id", "attribute", "value"} <= set(na.columns):
        sel = na[na["value"].notna()]
        parts.append(pd.DataFrame({"node_id": sel["node_id"].astype(str),
                                   "attribute": sel["attribute"].astype(str),
                                   "value": sel["value"].astype(str).to_numpy()}))
    if not parts:
        return pd.DataFrame(columns=["node_id", "attribute", "value"])
    df = pd.concat(parts, ignore_index=True)
    df["value"] = df["value"].str.strip().str.lower()
    return df.drop_duplicates()


def _cond_mask(net: Network, cond: Condition, attrs: pd.DataFrame) -> np.ndarray:
    ids = net.nodes.index.astype(str)
    if cond.relation is not None:
        e = net.edges[net.edges["kind"].astype(str) == cond.relation]
        roles = ("source", "target") if cond.role == "any" else (cond.role,)
        cnt = pd.Series(0, index=ids)
        for r in roles:
            cnt = cnt.add(e[r].astype(str).value_counts(), fill_value=0)
        return (cnt.reindex(ids).fillna(0) >= cond.min_count).to_numpy()
    sel = attrs[attrs["attribute"] == cond.attribute]
    if cond.exists is not None:
        has = ids.isin(sel["node_id"])
        return has if cond.exists else ~has
    if cond.equals is not None:
        hit = sel.loc[sel["value"] == cond.equals.strip().lower(), "node_id"]
    elif cond.in_ is not None:
        hit = sel.loc[sel["value"].isin([x.strip().lower() for x in cond.in_]), "node_id"]
    else:
        pre = tuple(p.strip().lower() for p in cond.prefix or ())
        v = sel["value"].str.replace(".", "", regex=False)
        hit = sel.loc[v.str.startswith(pre) | sel["value"].str.startswith(pre), "node_id"]
    return ids.isin(hit)


def node_harm(net: Network, harm: HarmModel, *, vulnerable: Iterable[str] = ()) -> pd.DataFrame:
    """Harm per node and category (stage weight + matching rules).

    Parameters
    ----------
    net : Network
        With stages (``stage`` column) assigned.
    harm : HarmModel
    vulnerable : iterable of str
        Node ids treated as ``kwetsbaar = ja`` (see :func:`~netwerk.interventions.vulnerable_roles`).

    Returns
    -------
    pd.DataFrame
        Indexed by node id (network order); one column per category and ``harm`` (the total).
    """
    ids = net.nodes.index.astype(str)
    cats = list(harm.categories)
    out = np.zeros((len(ids), len(cats)))
    ci = {c: i for i, c in enumerate(cats)}
    if "stage" in net.nodes.columns:
        st = net.nodes["stage"].astype(object).where(net.nodes["stage"].notna(), None)
        for s, (w, c) in harm.stages.items():
            out[(st == s).to_numpy(), ci[c]] += w
    attrs = _long_attrs(net)
    idset = set(ids)
    vul = [v for v in vulnerable if v in idset]
    if vul:
        attrs = pd.concat([attrs, pd.DataFrame({"node_id": vul, "attribute": "kwetsbaar",
                                                "value": "ja"})], ignore_index=True)
    kinds = net.nodes["kind"].astype(str).to_numpy()
    for r in harm.rules:
        m = _cond_mask(net, r.condition, attrs)
        if r.kind is not None:
            m = m & (kinds == r.kind)
        out[m, ci[r.category]] += r.weight
    df = pd.DataFrame(out, index=pd.Index(ids, name="id"), columns=cats)
    df["harm"] = df[cats].sum(axis=1)
    return df


def node_numbers(net: Network) -> pd.DataFrame:
    """Case numbers per node for financial formulas (€; 0 where unknown).

    ``openstaande_schuld`` (tax debt, Belastingdienst), ``waarde_eigendom`` (Σ ``koopsom`` ×
    ``aandeel`` of the properties the node owns, Kadaster) and ``koopsom`` (of a property).
    """
    ids = net.nodes.index.astype(str)
    out = pd.DataFrame(0.0, index=ids, columns=["openstaande_schuld", "waarde_eigendom", "koopsom"])
    if "openstaande_schuld" in net.nodes.columns:
        out["openstaande_schuld"] = pd.to_numeric(net.nodes["openstaande_schuld"],
                                                  errors="coerce").fillna(0.0).to_numpy()
    e = net.edges
    if "attributes" in e.columns:
        own = e[(e["kind"] == "owns") & e["attributes"].notna()]
        rows = []
        for s, t, a in zip(own["source"], own["target"], own["attributes"], strict=True):
            try:
                d = json.loads(a) if isinstance(a, str) else dict(a)
                price = float(d.get("koopsom") or 0.0)
                share = str(d.get("aandeel") or "1/1")
                num, _, den = share.partition("/")
                frac = float(num) / float(den) if den else float(num or 1)
            except (ValueError, TypeError, ZeroDivisionError):
                continue
            if math.isfinite(price) and price > 0:
                rows.append((str(s), str(t), price, price * frac))
        if rows:
            df = pd.DataFrame(rows, columns=["s", "t", "price", "value"])
            val = df.groupby("s")["value"].sum()
            out.loc[val.index.intersection(ids), "waarde_eigendom"] = val.reindex(
                val.index.intersection(ids)).to_numpy()
            pr = df.groupby("t")["price"].max()
            out.loc[pr.index.intersection(ids), "koopsom"] = pr.reindex(
                pr.index.intersection(ids)).to_numpy()
    return out


# ---------------------------------------------------------------------------- objective
@dataclass
class _Prepared:
    acts: list[Action]
    draws: np.ndarray  # (n_actions, samples) bool, dependency-aware


class IntegratedObjective:
    """The integrated-approach objective of action sets (see the module docstring).

    Parameters
    ----------
    ev : Evaluator
        The structural evaluator (network, model, seed, samples).
    harm : HarmModel, optional
        Default: :func:`harm_model_for` the evaluator's model.
    weights : mapping, optional
        ``harm``, ``disruption``, ``money``, ``resilience`` (missing ones 0; normalised).
    euro_ref : float
    goals : mapping, optional
        Harm category -> target share (0-1) of that category's harm to take away.
    vulnerable : iterable of str
        Node ids of vulnerable persons (harm rule ``kwetsbaar``).
    certain : iterable of (target, action)
        Actions that already happened (intervention log): they always work.
    assume_met : iterable of (target, action)
        Actions whose ``needs`` count as met without a provider in the set (enabled outside it).
    """

    def __init__(self, ev: Any, harm: HarmModel | None = None, *,
                 weights: Mapping[str, float] | None = None, euro_ref: float = EURO_REF,
                 goals: Mapping[str, float] | None = None, vulnerable: Iterable[str] = (),
                 certain: Iterable[Action] = (), assume_met: Iterable[Action] = ()) -> None:
        self.ev, self.cat, self.model = ev, ev.catalogue, ev.model
        self.harm = harm or harm_model_for(ev.model)
        w = dict(DEFAULT_OBJECTIVE_WEIGHTS if weights is None else
                 {k: float(weights.get(k, 0.0)) for k in DEFAULT_OBJECTIVE_WEIGHTS})
        unknown = set(weights or {}) - set(DEFAULT_OBJECTIVE_WEIGHTS)
        if unknown:
            raise ConfigError(_("onbekend(e) gewicht(en) van de doelfunctie: {namen} "
                                "(bekend: {bekend})", namen=", ".join(sorted(unknown)),
                                bekend=", ".join(DEFAULT_OBJECTIVE_WEIGHTS)))
        if any(v < 0 for v in w.values()) or sum(w.values()) <= 0:
            raise ConfigError(_("de gewichten van de doelfunctie moeten 0 of meer zijn en niet "
                                "allemaal 0"))
        tot = sum(w.values())
        self.weights = {k: v / tot for k, v in w.items()}
        if euro_ref <= 0:
            raise ConfigError(_("'{naam}' moet groter zijn dan 0", naam="euro_ref"))
        self.euro_ref = float(euro_ref)
        self.goals = {str(k): float(v) for k, v in (goals or {}).items()}
        for c, v in self.goals.items():
            if c not in self.harm.categories:
                raise ConfigError(_("doel '{doel}' is geen schadecategorie van '{soort}' ({bekend})",
                                    doel=c, soort=self.harm.crime_type,
                                    bekend=", ".join(self.harm.categories)))
            if not 0 < v <= 1:
                raise ConfigError(_("doel '{doel}': het beoogde aandeel moet groter dan 0 en "
                                    "hoogstens 1 zijn, niet {waarde}", doel=c, waarde=v))
        self.vulnerable = frozenset(vulnerable)
        self.certain = frozenset((str(t), str(a)) for t, a in certain)
        self.assume_met = frozenset((str(t), str(a)) for t, a in assume_met)
        net = ev.net
        hm = node_harm(net, self.harm, vulnerable=self.vulnerable)
        self.cats = list(self.harm.categories)
        boost = np.array([GOAL_BOOST if c in self.goals else 1.0 for c in self.cats])
        self.h_cat = hm[self.cats].to_numpy() * boost[None, :]
        self.h = self.h_cat.sum(axis=1)
        self.H0 = float(self.h.sum())
        self.H0_cat = self.h_cat.sum(axis=0)
        self.stage_ids = list(self.model.stage_ids)
        code = ev.stage_code
        self.hs_cat = np.zeros((len(self.stage_ids), len(self.cats)))
        for i in range(len(self.stage_ids)):
            self.hs_cat[i] = self.h_cat[code == i].sum(axis=0)
        self.stage_w = np.array([self.harm.stages.get(s, (1.0, ""))[0] for s in self.stage_ids])
        if self.stage_w.sum() <= 0:
            self.stage_w = np.ones(len(self.stage_ids))
        self.numbers = node_numbers(net)
        self._euro: dict[Action, float] = {}
        self._cut: dict[Action, float] = {}
        self._cache: dict[tuple, dict[str, Any]] = {}

    # ------------------------------------------------------------------ per action
    def euro(self, a: Action) -> float:
        """€ estimate of action ``a`` if it works (0 without a financial effect)."""
        hit = self._euro.get(a)
        if hit is None:
            fin = self.cat[a[1]].financial
            if fin is None or is_env_target(a[0]):
                hit = 0.0
            else:
                vals = self.numbers.loc[a[0]].to_dict() if a[0] in self.numbers.index else {}
                hit = fin.euro(vals)
            self._euro[a] = hit
        return hit

    def _direct(self, a: Action) -> float:
        """Direct harm reduction ``d_v`` of a node action that works."""
        ins = self.cat[a[1]]
        d = self._direct_effect(a)
        if ins.preventive is not None:  # blocks re-use of this node (a location, a permit)
            d = 1.0 - (1.0 - d) * (1.0 - ins.preventive.reduction)
        return d

    def _direct_effect(self, a: Action) -> float:
        ins = self.cat[a[1]]
        if ins.harm_share is not None:
            return ins.harm_share
        if ins.protective is not None:
            return 1.0
        t = ins.effect.type
        if t in ("remove_node", "disable_stage"):
            return 1.0
        if t == "cut_relations":
            hit = self._cut.get(a)
            if hit is None:
                ev = self.ev
                v = ev._posd[a[0]]
                inc = ev.incident(v)
                bits = 0
                for k in ins.effect.relation_kinds:
                    bits |= ev._kind_bit.get(str(k), 0)
                dead = sum(1 for i in inc.tolist() if not (ev.emask[i] & ~bits))
                hit = dead / len(inc) if len(inc) else 0.0
                self._cut[a] = hit
            return hit
        return 0.0

    def _stage_of(self, a: Action) -> int:
        if is_env_target(a[0]):
            s = a[0][len(ENV_PREFIX):]
            return self.stage_ids.index(s) if s in self.stage_ids else -1
        return int(self.ev.stage_code[self.ev._posd[a[0]]])

    # ------------------------------------------------------------------ scenarios
    def _prepare(self, actions: Iterable[Action]) -> _Prepared:
        acts = sorted({(str(t), str(a)) for t, a in actions})
        node_acts = [x for x in acts if not is_env_target(x[0])]
        self.ev._check(node_acts)
        for t, a in acts:
            self.cat[a]
            if is_env_target(t) and t[len(ENV_PREFIX):] not in self.stage_ids:
                raise ConfigError(_("'{doel}' is geen schakel van het barrièremodel", doel=t))
        S = self.ev.samples
        own = np.array([np.ones(S, bool) if x in self.certain else self.ev._draws(x)
                        for x in acts]).reshape(len(acts), S)
        eff = own.copy()
        groups = [[] if x in self.assume_met else self.cat[x[1]].needs_groups for x in acts]
        if any(groups):
            prov = [set(self.cat[a].provides) for _t, a in acts]
            for _i in range(len(acts)):
                new = own.copy()
                for i, (t, _a) in enumerate(acts):
                    for g in groups[i]:
                        ok = np.zeros(S, bool)
                        for j, (tj, _aj) in enumerate(acts):
                            if j != i and tj == t and prov[j] & set(g):
                                ok |= eff[j]
                        new[i] &= ok
                if np.array_equal(new, eff):
                    break
                eff = new
        return _Prepared(acts=acts, draws=eff)

    def _scenario(self, ok: list[Action]) -> dict[str, Any]:
        ev = self.ev
        node_ok = [x for x in ok if not is_env_target(x[0])]
        m = ev._measure(frozenset(node_ok))
        D = ev._score(m)
        lcc_share = m["lcc_size"] / ev.base["lcc_size"] if ev.base["lcc_size"] else 0.0
        eff_rel = m["efficiency"] / ev.base["efficiency"] if ev.base["efficiency"] > 0 else 0.0
        nst = len(self.stage_ids)
        keep = np.ones(nst)
        direct: dict[int, float] = {}
        node_prev: dict[int, float] = {}
        euro = 0.0
        for a in ok:
            ins = self.cat[a[1]]
            euro += self.euro(a)
            if ins.preventive is not None:
                s = self._stage_of(a)
                if s >= 0:
                    if is_env_target(a[0]):
                        keep[s] *= 1.0 - ins.preventive.reduction
                    else:  # on one node: resilience in proportion to its share of the stage
                        share = self.h[ev._posd[a[0]]] / max(self.hs_cat[s].sum(), 1e-12)
                        node_prev[s] = 1.0 - (1.0 - node_prev.get(s, 0.0)) * (
                            1.0 - ins.preventive.reduction * min(1.0, share))
            if not is_env_target(a[0]):
                d = self._direct(a)
                if d > 0:
                    v = ev._posd[a[0]]
                    direct[v] = 1.0 - (1.0 - direct.get(v, 0.0)) * (1.0 - d)
        p = 1.0 - keep
        red_cat = (p[:, None] * self.hs_cat).sum(axis=0)
        for v, d in direct.items():
            s = ev.stage_code[v]
            ps = p[s] if s >= 0 else 0.0
            red_cat += self.h_cat[v] * d * (1.0 - ps)
        H = float(red_cat.sum() / self.H0) if self.H0 > 0 else 0.0
        M = 1.0 - math.exp(-euro / self.euro_ref)
        pr = p.copy()
        for s, q in node_prev.items():
            pr[s] = 1.0 - (1.0 - pr[s]) * (1.0 - q)
        R = float((self.stage_w * pr).sum() / self.stage_w.sum()) if nst else 0.0
        return {"harm": H, "disruption": D, "money": M, "resilience": R, "euro": euro,
                "red_cat": red_cat, "lcc_share_drop": 1 - lcc_share, "efficiency_drop": 1 - eff_rel,
                "chain_broken": float(ev.chain_applies and not m["chain_complete"])}

    def evaluate(self, actions: Iterable[Action]) -> dict[str, Any]:
        """Expected components, objective and breakdown of an action set.

        Returns
        -------
        dict
            ``objective``, ``harm``, ``disruption``, ``money``, ``resilience`` (expected, each in
            [0, 1]), ``euro`` (expected €), ``lcc_share_drop``, ``efficiency_drop``,
            ``chain_broken`` (probability), ``harm_by_category`` (share of each category's harm
            taken away), ``breakdown`` (weight × component per component).
        """
        prep = self._prepare(actions)
        key = (frozenset(prep.acts), self.ev.mode)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        S = self.ev.samples
        tot: dict[str, float] = {}
        red = np.zeros(len(self.cats))
        for r in range(S):
            ok = [a for a, d in zip(prep.acts, prep.draws[:, r], strict=True) if d]
            sc = self._scenario(ok)
            red += sc.pop("red_cat")
            for k, v in sc.items():
                tot[k] = tot.get(k, 0.0) + v
        out = {k: v / S for k, v in tot.items()}
        out["objective"] = sum(self.weights[k] * out[k] for k in self.weights)
        out["breakdown"] = {k: self.weights[k] * out[k] for k in self.weights}
        share = np.divide(red / S, self.H0_cat, out=np.zeros_like(red), where=self.H0_cat > 0)
        out["harm_by_category"] = {c: float(s) for c, s in zip(self.cats, share, strict=True)}
        self._cache[key] = out
        return out

    def objective(self, actions: Iterable[Action]) -> float:
        """The expected objective ``O`` of an action set."""
        return float(self.evaluate(actions)["objective"])

    def describe(self, actions: Iterable[Action] = ()) -> dict[str, Any]:
        """The objective record a package carries: formula, weights, components, breakdown, goals."""
        acts = list(actions)
        ev = self.evaluate(acts)
        goals = {c: {"label_nl": self.harm.categories[c], "target": t,
                     "reached": ev["harm_by_category"][c]} for c, t in self.goals.items()}
        return {
            "formula": OBJECTIVE_FORMULA,
            "weights": dict(self.weights),
            "euro_ref": self.euro_ref,
            "harm_model": {"crime_type": self.harm.crime_type, "source": self.harm.source,
                           "sources": [f"{s.title} ({s.year})" for s in self.harm.sources]},
            "value": ev["objective"],
            "components": {k: ev[k] for k in self.weights},
            "breakdown": dict(ev["breakdown"]),
            "euro": ev["euro"],
            "harm_by_category": dict(ev["harm_by_category"]),
            "goals": goals,
        }

