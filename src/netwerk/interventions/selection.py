"""Choosing an integrated-approach package ("less is more") within each partner's capacity.

Principles served: **societal effect first** (the objective is the integrated one of
:mod:`netwerk.interventions.objective`: harm reduction, disruption, money taken back, resilience),
**less is more** (a few actions, within capacity), **small steps with the coalition of the
willing, broad from prevention to repression** (balance rules, trekker, include/exclude/lock
controls, no default capacity for private partners), **dedicated teamplay** (who does what,
depending on whom) and **room for the good conversation** (alternative packages side by side with
their trade-offs, re-planning from the intervention log).

:func:`select_package` first takes the *required* actions, then grows the package greedily: in each
round it adds the candidate action (with the providers it needs) that raises the expected
objective most, with *lazy evaluation* in the style of CELF (Leskovec et al. 2007): candidates sit
in a priority queue keyed by their last computed gain, and only the top one is re-evaluated until
a freshly evaluated candidate stays on top. The objective is **not** submodular (cutting two ties
that together split a component gains more than the sum; a closure is worth nothing until the
finding that enables it), so after each pick the candidates whose target lies within
``refresh_radius`` steps (default 2) of the picked targets are re-evaluated at once; the rest keep
their lazy bounds. ``lazy=False`` runs plain greedy.

Rules (all hard):

* **Capacity**: the effort (person-days) of a partner's actions never exceeds its capacity.
  ``capacity=None`` gives every *public* partner :data:`DEFAULT_CAPACITY` and private partners
  (banks, notaries, landlords, grid operators, insurers, terminal operators) **0**: they receive
  *requests without case data* only when the analyst gives them capacity. Partners missing from
  an explicit ``capacity`` get 0.
* **Preconditions as chains**: an action that ``needs`` a capability (a finding, a bestuurlijke
  rapportage, a conviction, ...) is only added together with, and after, the cheapest chain of
  actions on the same target that provides it (:func:`~netwerk.interventions.candidates.provider_chain`:
  rapportage → 13b/Bibob/174a; dismantling → 13b + tenancy + grid; investigation → SFO and
  prosecution → ontneming; OM Bibob-tip → Bibob). An action whose precondition cannot be met in
  the plan is not proposed. Dependent actions only work when their providers worked.
* **Vulnerable persons**: no repressive action on a vulnerable role
  (:func:`~netwerk.interventions.vulnerable_roles`) unless ``overrides`` names the target (or the
  target and action) with a recorded reason; protective actions apply only to them.
* **Coalition of the willing**: ``include_partners`` (only these act), ``exclude_partners``,
  ``exclude_actions``, ``exclude_targets``; ``lock_partners``, ``lock_actions`` (an action id or a
  ``(target, action_id)`` pair), ``lock_targets`` are taken first.
* **Balance**: the trekker (lead partner; default the barrier model's ``trekker``) gets at least one
  action, and ``min_spectrum`` (default one preventive and one administrative action) holds, each
  *where one applies* (a feasible candidate with a positive gain exists); unmet rules are listed in
  ``params["requirements"]``.
* **Mix of quick wins and longer work**, **one per (target, action)**, at most ``max_actions``
  actions (enabling actions count), early stop when nothing adds.

The marginal effect of an action is the increase of the expected objective *given the actions
chosen before it*; marginal effects add up to the package's objective exactly.
"""

from __future__ import annotations

import heapq
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..errors import ConfigError
from ..graph.network import Network
from ..i18n import N_, _, gettext
from .barriers import BarrierModel, apply_stage_rules
from .candidates import candidate_interventions, mark_vulnerable, node_context, provider_chain
from .effects import Evaluator, evaluator_for
from .objective import EURO_REF, IntegratedObjective, harm_model_for, is_env_target
from .plan import SPECTRUM_LABELS, target_text
from .texts import requirement_text

__all__ = ["Package", "Alternatives", "Replan", "select_package", "baseline_package", "profile_label",
           "alternative_packages", "replan", "parse_capacity", "DEFAULT_CAPACITY",
           "DEFAULT_MIN_SPECTRUM", "PROFILES"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

#: Capacity (person-days) of a public partner when no capacity is given at all.
DEFAULT_CAPACITY = 20.0
#: Minimum number of actions per spectrum (where one applies).
DEFAULT_MIN_SPECTRUM = {"preventive": 1, "administrative": 1}
_EPS = 1e-12
_LONG = ("months", "long")

Action = tuple[str, str]


@dataclass(frozen=True)
class Package:
    """A chosen package of interventions and how it was chosen.

    Attributes
    ----------
    actions : pd.DataFrame
        One row per action in order of choice: ``order`` (1-based), ``target`` (a node id, or
        ``fase:<stage>`` for an environment action), ``label``, ``stage``, ``action_id``,
        ``name_nl``, ``partner``, ``request_without_case_data`` (private partner), ``spectrum``,
        ``effect_types``, ``effect``, ``legal_basis`` (for the case's crime type), ``decision``,
        ``decider``, ``strength`` (probability of success), ``effort_days``, ``effort_low``,
        ``effort_high``, ``lead_time``, ``euro`` (financial estimate if it works), ``outcome``,
        ``marginal_effect``, ``cumulative_effect``, ``depends_on`` (``order`` of the action it
        depends on, 0 if none), ``reason`` (why it was taken, a code of
        :data:`netwerk.interventions.texts.REASONS`: ``largest_gain``, ``precondition``,
        ``trekker``, ``min_spectrum``, ``locked_*``; shown by
        :func:`~netwerk.interventions.texts.reason_text`), ``override_reason``.
    effect : dict
        Expected ``objective`` (= sum of marginal effects) and its components ``harm``,
        ``disruption``, ``money``, ``resilience``, ``euro``; the structural ``lcc_share_drop``,
        ``efficiency_drop``, ``chain_broken`` (probability); ``if_all_succeed``.
    baseline : dict
        Structural measures of the intact network.
    capacity_used, capacity : dict
        Partner -> person-days used / available.
    method : str
    params : dict
    objective : dict
        ``formula``, ``weights``, ``components``, ``breakdown`` (weight × component), ``euro``,
        ``harm_by_category``, ``goals``, ``harm_model``.
    inputs : dict
        The node-level inputs the package was chosen with, exactly: ``vulnerable`` (sorted node
        ids, the analyst's ``vulnerable=`` or the default roles) and ``executed`` (actions taken
        as done). ``params`` holds only their counts, because params reach every edition's
        provenance; these stay in memory for the what-if control
        (:func:`netwerk.viz.whatif.whatif_data`), which scores as the package was scored.
    """

    actions: pd.DataFrame
    effect: dict[str, Any]
    baseline: dict[str, float]
    capacity_used: dict[str, float]
    capacity: dict[str, float]
    method: str
    params: dict[str, Any] = field(default_factory=dict)
    objective: dict[str, Any] = field(default_factory=dict)
    inputs: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def table(self) -> pd.DataFrame:
        """The actions table (the typed result's main table)."""
        return self.actions

    def __len__(self) -> int:
        return len(self.actions)


def parse_capacity(spec: str | Mapping[str, float] | None, catalogue: Any) -> dict[str, float]:
    """Capacity per partner from ``"gemeente=10,politie=20"`` or a mapping (names case-insensitive).

    ``None`` gives every public catalogue partner :data:`DEFAULT_CAPACITY` and private partners 0.

    Examples
    --------
    >>> from netwerk.interventions import default_catalogue
    >>> cap = parse_capacity(None, default_catalogue())
    >>> cap["gemeente"], cap["bank"]
    (20.0, 0.0)
    """
    if spec is None:
        return {p: 0.0 if catalogue.is_private(p) else DEFAULT_CAPACITY for p in catalogue.partners}
    if isinstance(spec, str):
        items = {}
        for part in filter(None, (x.strip() for x in spec.split(","))):
            if "=" not in part:
                raise ConfigError(_("capaciteit '{deel}' is niet PARTNER=DAGEN", deel=part))
            k, v = part.split("=", 1)
            items[k.strip()] = v.strip()
        spec = items
    out = {}
    for k, v in spec.items():
        try:
            days = float(v)
        except (TypeError, ValueError):
            raise ConfigError(_("capaciteit van '{partner}' is geen getal: {waarde!r}",
                                partner=k, waarde=v)) from None
        if days < 0:
            raise ConfigError(_("capaciteit van '{partner}' is negatief", partner=k))
        out[catalogue.partner_of(str(k), where="--capacity")] = days
    return out


@dataclass
class _State:
    chosen: list[Action] = field(default_factory=list)
    depends: list[int] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    used: dict[str, float] = field(default_factory=dict)
    value: float = 0.0
    values: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class _Controls:
    include_partners: frozenset[str] | None
    exclude_partners: frozenset[str]
    exclude_actions: frozenset[str]
    exclude_pairs: frozenset[Action]
    exclude_targets: frozenset[str]
    overrides: dict[Any, str]


class _Planner:
    def __init__(self, obj: IntegratedObjective, model: BarrierModel, cands: pd.DataFrame,
                 capacity: dict[str, float], max_actions: int, criterion: str,
                 controls: _Controls, vulnerable: set[str], executed: Sequence[Action] = ()
                 ) -> None:
        self.obj, self.ev, self.cat = obj, obj.ev, model.catalogue
        self.model = model
        self.capacity, self.max_actions, self.criterion = capacity, max_actions, criterion
        self.controls, self.vulnerable = controls, vulnerable
        self.executed = [(str(t), str(a)) for t, a in executed]
        node_targets = sorted({str(t) for t in cands["target"] if not is_env_target(t)}
                              | {t for t, _ in self.executed if not is_env_target(t)})
        self.ctx = mark_vulnerable(node_context(self.ev.net, node_targets), vulnerable)
        items = sorted({(str(t), str(a)) for t, a in zip(cands["target"], cands["action_id"],
                                                         strict=True)})
        self.items = [it for it in items if self.allowed(it) and it not in self.executed]
        self.need_mix = self._mix_needed()

    # ---------------------------------------------------------------- controls
    def override(self, item: Action) -> str:
        o = self.controls.overrides
        return o.get(item) or o.get(item[0]) or ""

    def allowed(self, item: Action) -> bool:
        t, a = item
        ins = self.cat[a]
        c = self.controls
        if c.include_partners is not None and ins.partner not in c.include_partners:
            return False
        if (ins.partner in c.exclude_partners or a in c.exclude_actions or item in c.exclude_pairs
                or t in c.exclude_targets):
            return False
        return not (t in self.vulnerable and ins.is_repressive and not self.override(item))

    def _cap(self, partner: str) -> float:
        return self.capacity.get(partner, 0.0)

    def _mix_needed(self) -> set[str]:
        kinds = set()
        for _t, a in self.items:
            ins = self.cat[a]
            if ins.effort_days <= self._cap(ins.partner):
                kinds.add(self._kind(a))
        return kinds if len(kinds) == 2 else set()

    def _kind(self, a: str) -> str:
        return "quick" if self.cat[a].lead_time == "quick_win" else "long"

    # ---------------------------------------------------------------- steps
    def start(self) -> _State:
        st = _State()
        st.value = self.obj.objective(self.executed) if self.executed else 0.0
        return st

    def steps(self, st: _State, item: Action) -> list[Action] | None:
        """The actions to add for ``item`` (its missing providers first), or None if impossible."""
        t, a = item
        if item in st.chosen or not self.allowed(item):
            return None
        if is_env_target(t):
            return [item]
        ins = self.cat[a]
        done = set(st.chosen) | set(self.executed)
        have = {c for tt, b in done if tt == t for c in self.cat[b].provides}
        used = dict(st.used)

        def usable(p: Any) -> bool:
            if (t, p.id) in done or not self.allowed((t, p.id)):
                return False
            return used.get(p.partner, 0.0) + p.effort_days <= self._cap(p.partner) + 1e-9

        chain = provider_chain(self.model, self.ctx[t], ins, have=have, usable=usable)
        if chain is None:
            return None
        return [(t, x) for x in chain if (t, x) not in done] + [item]

    def feasible(self, st: _State, steps: list[Action]) -> bool:
        if len(st.chosen) + len(steps) > self.max_actions:
            return False
        need: dict[str, float] = {}
        for _t, a in steps:
            ins = self.cat[a]
            need[ins.partner] = need.get(ins.partner, 0.0) + ins.effort_days
        for p, d in need.items():
            if st.used.get(p, 0.0) + d > self._cap(p) + 1e-9:
                return False
        if self.need_mix:
            have = {self._kind(a) for _, a in st.chosen} | {self._kind(a) for _, a in steps}
            missing = len(self.need_mix - have)
            if self.max_actions - len(st.chosen) - len(steps) < missing:
                return False
        return True

    def gain(self, st: _State, steps: list[Action]) -> float:
        return self.obj.objective(self.executed + st.chosen + steps) - st.value

    def priority(self, gain: float, steps: list[Action]) -> float:
        if self.criterion == "gain_per_effort":
            return gain / sum(self.cat[a].effort_days for _, a in steps)
        return gain

    def effort(self, steps: list[Action]) -> float:
        return sum(self.cat[a].effort_days for _, a in steps)

    def add(self, st: _State, steps: list[Action], reason: str = "largest_gain") -> None:
        for i, (t, a) in enumerate(steps):
            ins = self.cat[a]
            dep = 0
            if ins.needs or ins.requires:
                want = {c for g in ins.needs_groups for c in g}
                for j in range(len(st.chosen) - 1, -1, -1):
                    tt, aa = st.chosen[j]
                    if tt == t and (want & set(self.cat[aa].provides) or aa in ins.requires):
                        dep = j + 1
                        break
            st.chosen.append((t, a))
            st.depends.append(dep)
            st.reasons.append(reason if i == len(steps) - 1 else "precondition")
            st.used[ins.partner] = st.used.get(ins.partner, 0.0) + ins.effort_days
            v = self.obj.objective(self.executed + st.chosen)
            st.values.append(v)
            st.value = v

    def best(self, st: _State, pred: Any, *, positive: bool) -> list[Action] | None:
        """The best feasible step bundle among items satisfying ``pred``."""
        top = None
        for item in self.items:
            if not pred(item):
                continue
            steps = self.steps(st, item)
            if steps is None or not self.feasible(st, steps):
                continue
            g = self.gain(st, steps)
            if positive and g <= _EPS:
                continue
            key = _rank_key(self.priority(g, steps), self.effort(steps), item)
            if top is None or key < top[0]:
                top = (key, steps)
        return None if top is None else top[1]


def _rank_key(prio: float, effort: float, item: tuple[str, str]) -> tuple:
    return (-round(prio, 12), effort, item)


def _ball(pl: _Planner, targets: set[str], radius: int) -> set[str]:
    """Node ids within ``radius`` steps of the targets (undirected analysis graph)."""
    if radius <= 0:
        return set()
    g = pl.ev.net.simple_graph
    ids = pl.ev.net.nodes.index
    targets = {t for t in targets if not is_env_target(t)}
    if not targets:
        return set()
    vs = pl.ev.net.positions(sorted(targets))
    out: set[str] = set()
    for hood in g.neighborhood(vs.tolist(), order=radius, mode="all"):
        out.update(ids[hood])
    return out


def _run_lazy(pl: _Planner, refresh_radius: int = 0, st: _State | None = None) -> _State:
    st = st or pl.start()
    heap: list[tuple[tuple, int, tuple[str, str]]] = []
    rnd = 0
    for item in pl.items:
        steps = pl.steps(st, item)
        if steps is None:
            continue
        g = pl.gain(st, steps)
        heap.append((_rank_key(pl.priority(g, steps), pl.effort(steps), item), rnd, item))
    heapq.heapify(heap)
    deferred: list[tuple[tuple, int, tuple[str, str]]] = []
    while heap and len(st.chosen) < pl.max_actions:
        key, r, item = heapq.heappop(heap)
        steps = pl.steps(st, item)
        if steps is None:
            continue
        if r != rnd:
            g = pl.gain(st, steps)
            heapq.heappush(heap, (_rank_key(pl.priority(g, steps), pl.effort(steps), item), rnd, item))
            continue
        if -key[0] <= _EPS:
            break
        if not pl.feasible(st, steps):
            deferred.append((key, r, item))
            continue
        pl.add(st, steps)
        rnd += 1
        for d in deferred:  # capacity or the mix may allow them now that bundles changed
            heapq.heappush(heap, d)
        deferred = []
        if refresh_radius > 0:
            # gains near what was just hit may have *grown* (the objective is not submodular):
            # re-evaluate those entries now instead of trusting their stale bounds
            near = _ball(pl, {t for t, _ in steps}, refresh_radius)
            kept, fresh = [], []
            for key, r, item in heap:
                if item[0] not in near:
                    kept.append((key, r, item))
                    continue
                new_steps = pl.steps(st, item)
                if new_steps is None:
                    continue
                g = pl.gain(st, new_steps)
                fresh.append((_rank_key(pl.priority(g, new_steps), pl.effort(new_steps), item),
                              rnd, item))
            heap = kept + fresh
            heapq.heapify(heap)
    return st


def _run_plain(pl: _Planner, st: _State | None = None) -> _State:
    st = st or pl.start()
    while len(st.chosen) < pl.max_actions:
        best = None
        for item in pl.items:
            steps = pl.steps(st, item)
            if steps is None or not pl.feasible(st, steps):
                continue
            g = pl.gain(st, steps)
            key = _rank_key(pl.priority(g, steps), pl.effort(steps), item)
            if best is None or key < best[0]:
                best = (key, steps)
        if best is None or -best[0][0] <= _EPS:
            break
        pl.add(st, best[1])
    return st


def _package(st: _State, pl: _Planner, capacity: dict[str, float], method: str,
             params: dict[str, Any]) -> Package:
    obj, ev, model = pl.obj, pl.ev, pl.model
    cat = model.catalogue
    net = ev.net
    crime = model.crime_type
    rows = []
    prev = obj.objective(pl.executed) if pl.executed else 0.0
    for i, ((t, a), dep, v, why) in enumerate(zip(st.chosen, st.depends, st.values, st.reasons,
                                                  strict=True), 1):
        ins = cat[a]
        if is_env_target(t):
            stage, label = t.split(":", 1)[1], target_text(model, t)
        else:
            s = net.nodes.at[t, "stage"] if "stage" in net.nodes.columns else None
            stage = "" if s is None or pd.isna(s) else str(s)
            label = str(net.nodes.at[t, "label"])
        lo, hi = ins.effort_range or (ins.effort_days, ins.effort_days)
        rows.append({"order": i, "target": t, "label": label, "stage": stage, "action_id": a,
                     "name_nl": ins.name_nl, "partner": ins.partner,
                     "request_without_case_data": cat.is_private(ins.partner),
                     "spectrum": ins.spectrum, "effect_types": ";".join(ins.effect_types),
                     "effect": ins.effect.describe(), "legal_basis": ins.legal_basis_for(crime),
                     "decision": ins.decision, "decider": ins.decider,
                     "strength": ins.strength, "effort_days": ins.effort_days,
                     "effort_low": lo, "effort_high": hi, "lead_time": ins.lead_time,
                     "euro": obj.euro((t, a)), "outcome": ins.outcome,
                     "marginal_effect": v - prev, "cumulative_effect": v, "depends_on": dep,
                     "reason": why, "override_reason": pl.override((t, a))
                     if t in pl.vulnerable and ins.is_repressive else ""})
        prev = v
    cols = ["order", "target", "label", "stage", "action_id", "name_nl", "partner",
            "request_without_case_data", "spectrum", "effect_types", "effect", "legal_basis",
            "decision", "decider", "strength", "effort_days", "effort_low", "effort_high",
            "lead_time", "euro", "outcome", "marginal_effect", "cumulative_effect", "depends_on",
            "reason", "override_reason"]
    all_acts = pl.executed + st.chosen
    with ev.finalists():  # a screened (large) network: the efficiency of the chosen package
        exp = obj.evaluate(all_acts)
        node_acts = [x for x in all_acts if not is_env_target(x[0])]
        full = ev.metrics(node_acts)
        base = ev.metrics([])
        described = obj.describe(all_acts)
    # on a screened network (see effects.SCREEN_ABOVE) the marginal effects are those of the
    # search (efficiency as intact); the package's objective above includes the efficiency
    actions = pd.DataFrame(rows, columns=cols)
    effect = {
        "objective": exp["objective"], "harm": exp["harm"], "disruption": exp["disruption"],
        "money": exp["money"], "resilience": exp["resilience"], "euro": exp["euro"],
        "lcc_share_drop": exp["lcc_share_drop"], "efficiency_drop": exp["efficiency_drop"],
        "chain_broken": exp["chain_broken"],
        "if_all_succeed": {
            "disruption": full["disruption"], "lcc_share": full["lcc_share"],
            "efficiency": full["efficiency"], "components": full["components"],
            "chain_connected": bool(full["chain_connected"]),
            "chain_complete": bool(full["chain_complete"]),
        },
    }
    used = {p: float(d) for p, d in sorted(st.used.items())}
    return Package(actions=actions, effect=effect,
                   baseline={k: float(v) for k, v in base.items()},
                   capacity_used=used, capacity=dict(capacity), method=method, params=params,
                   objective=described,
                   inputs={"vulnerable": sorted(map(str, pl.vulnerable)),
                           "executed": [tuple(map(str, x)) for x in pl.executed]})


def _as_set(x: Iterable[Any] | None) -> frozenset:
    return frozenset() if x is None else frozenset(x)


def _controls(model: BarrierModel, include_partners: Iterable[str] | None,
              exclude_partners: Iterable[str], exclude_actions: Iterable[Any],
              exclude_targets: Iterable[str], overrides: Mapping[Any, str] | None) -> _Controls:
    cat = model.catalogue
    inc = None if include_partners is None else frozenset(cat.partner_of(p) for p in include_partners)
    exc = frozenset(cat.partner_of(p) for p in exclude_partners)
    ids, pairs = set(), set()
    for x in exclude_actions:
        if isinstance(x, tuple):
            cat[x[1]]
            pairs.add((str(x[0]), str(x[1])))
        else:
            cat[x]
            ids.add(str(x))
    ov: dict[Any, str] = {}
    for k, v in (overrides or {}).items():
        if not isinstance(v, str) or len(v.strip()) < 5:
            raise ConfigError(_("uitzondering voor {wat!r} vraagt een vastgelegde reden (een zin)",
                                wat=k))
        ov[tuple(map(str, k)) if isinstance(k, tuple) else str(k)] = v.strip()
    return _Controls(include_partners=inc, exclude_partners=exc, exclude_actions=frozenset(ids),
                     exclude_pairs=frozenset(pairs), exclude_targets=_as_set(map(str, exclude_targets)),
                     overrides=ov)


def _prepare(net: Network, model: BarrierModel, *, capacity: Any, recovery: Any, seed: int,
             samples: int, disruption_weights: Mapping[str, float] | None,
             efficiency_sources: int | None, weights: Mapping[str, float] | None,
             harm: Any, goals: Mapping[str, float] | None, euro_ref: float,
             vulnerable: Iterable[str] | None, executed: Sequence[Action] = ()
             ) -> tuple[Network, dict[str, float], Evaluator, IntegratedObjective, set[str]]:
    from .vulnerable import vulnerable_roles

    cap = parse_capacity(capacity, model.catalogue)
    net = apply_stage_rules(net, model)
    ev = evaluator_for(net, model, weights=dict(disruption_weights) if disruption_weights else None,
                       recovery=recovery, seed=seed, samples=samples,
                       efficiency_sources=efficiency_sources)
    vul = set(vulnerable_roles(net).index) if vulnerable is None else set(vulnerable)
    obj = IntegratedObjective(ev, harm or harm_model_for(model), weights=weights,
                              euro_ref=euro_ref, goals=goals, vulnerable=vul, certain=executed)
    return net, cap, ev, obj, vul


def select_package(
    net: Network,
    model: BarrierModel,
    *,
    capacity: str | Mapping[str, float] | None = None,
    max_actions: int = 8,
    vital: Any = None,
    top: int = 20,
    recovery: Any = None,
    seed: int = 0,
    weights: Mapping[str, float] | None = None,
    disruption_weights: Mapping[str, float] | None = None,
    samples: int = 32,
    criterion: str = "gain",
    lazy: bool = True,
    refresh_radius: int = 2,
    candidates: pd.DataFrame | None = None,
    efficiency_sources: int | None = None,
    harm: Any = None,
    goals: Mapping[str, float] | None = None,
    euro_ref: float = EURO_REF,
    trekker: str | None = None,
    min_spectrum: Mapping[str, int] | None = None,
    include_partners: Iterable[str] | None = None,
    exclude_partners: Iterable[str] = (),
    exclude_actions: Iterable[Any] = (),
    exclude_targets: Iterable[str] = (),
    lock_partners: Iterable[str] = (),
    lock_actions: Iterable[Any] = (),
    lock_targets: Iterable[str] = (),
    vulnerable: Iterable[str] | None = None,
    overrides: Mapping[Any, str] | None = None,
    executed: Sequence[Action] = (),
) -> Package:
    """Choose at most ``max_actions`` actions that maximise the expected integrated objective.

    Parameters
    ----------
    net : Network
    model : BarrierModel
    capacity : mapping or "p=d,p=d" string
        Person-days per partner. Partners not named have capacity 0; ``None`` gives every public
        partner :data:`DEFAULT_CAPACITY` and private partners 0.
    max_actions : int
        Most actions in the package (including enabling actions).
    vital, top : see :func:`~netwerk.interventions.candidate_interventions`.
    recovery : float or dict, optional
        Recovery probability of the network (see :mod:`netwerk.interventions.effects`).
    seed : int
        Seeds the success scenarios and the recovery draws; the package is the same under a seed.
    weights : mapping, optional
        Objective weights ``harm``, ``disruption``, ``money``, ``resilience`` (default
        :data:`~netwerk.interventions.objective.DEFAULT_OBJECTIVE_WEIGHTS`).
    disruption_weights : mapping, optional
        Weights ``lcc``, ``efficiency``, ``chain`` inside the disruption component.
    samples : int
        Success scenarios for the expectation.
    criterion : {"gain", "gain_per_effort"}
        Rank candidates by expected gain (default) or by gain per person-day.
    lazy, refresh_radius : see the module docstring.
    candidates : DataFrame, optional
        A :func:`~netwerk.interventions.candidate_interventions` table (default: computed).
    efficiency_sources : int, optional
        Source nodes of the efficiency estimate on large networks (see ``docs/interventions.md``).
    harm : HarmModel, optional
        Default: the shipped harm model of the model's crime type.
    goals : mapping, optional
        The case's *beoogd maatschappelijk effect*: harm category -> target share.
    euro_ref : float
        € scale of the money component.
    trekker : str, optional
        Lead partner that gets at least one action where one applies (default: the model's
        ``trekker``; ``""`` for none).
    min_spectrum : mapping, optional
        Minimum actions per spectrum where one applies (default :data:`DEFAULT_MIN_SPECTRUM`;
        ``{}`` for none).
    include_partners, exclude_partners, exclude_actions, exclude_targets : iterables
        Coalition of the willing (``exclude_actions`` takes action ids or ``(target, id)``).
    lock_partners, lock_actions, lock_targets : iterables
        Must be in the package (taken first; ``lock_actions`` ids or ``(target, id)`` pairs).
    vulnerable : iterable of str, optional
        Vulnerable node ids (default: :func:`~netwerk.interventions.vulnerable_roles`).
    overrides : mapping, optional
        ``target`` or ``(target, action_id)`` -> recorded reason: allows a repressive action on
        a vulnerable role (the reason is shown in ``override_reason``).
    executed : sequence of (target, action_id)
        Actions already executed (re-planning): they count as done and certain, and use no
        capacity.

    Returns
    -------
    Package

    Raises
    ------
    ConfigError
        Bad option values, unknown partners or actions, an override without a reason, or a
        locked action that cannot be taken (capacity, precondition, exclusion).
    """
    if max_actions < 1:
        raise ConfigError(_("'{naam}' moet minstens 1 zijn", naam="max_actions"))
    if criterion not in ("gain", "gain_per_effort"):
        raise ConfigError(_("'criterion' moet 'gain' of 'gain_per_effort' zijn, niet {waarde!r}",
                            waarde=criterion))
    executed = [(str(t), str(a)) for t, a in executed]
    net, cap, ev, obj, vul = _prepare(
        net, model, capacity=capacity, recovery=recovery, seed=seed, samples=samples,
        disruption_weights=disruption_weights, efficiency_sources=efficiency_sources,
        weights=weights, harm=harm, goals=goals, euro_ref=euro_ref, vulnerable=vulnerable,
        executed=executed)
    controls = _controls(model, include_partners, exclude_partners, exclude_actions,
                         exclude_targets, overrides)
    if candidates is None:
        candidates = candidate_interventions(net, model, vital=vital, top=top, evaluator=ev,
                                             seed=seed, vulnerable=vul, objective=obj)
    locked_pairs = [(str(x[0]), str(x[1])) for x in lock_actions if isinstance(x, tuple)]
    extra = [p for p in locked_pairs
             if not ((candidates["target"] == p[0]) & (candidates["action_id"] == p[1])).any()]
    if extra:
        candidates = pd.concat([candidates, pd.DataFrame({"target": [t for t, _a in extra],
                                                          "action_id": [a for _t, a in extra]})],
                               ignore_index=True)
    pl = _Planner(obj, model, candidates, cap, max_actions, criterion, controls, vul, executed)
    st = pl.start()
    cat = model.catalogue
    reqs: list[dict[str, Any]] = []

    def need(rule: dict[str, Any], pred: Any, *, positive: bool, hard: bool = False,
             times: int = 1) -> None:
        # rule: a language-neutral code with its arguments, recorded in the plan's params and
        # rendered by texts.requirement_text (the same plan reads in Dutch and in English)
        have = sum(1 for it in st.chosen if pred(it))
        for _i in range(max(0, times - have)):
            steps = pl.best(st, pred, positive=positive)
            if steps is None:
                if hard:
                    raise ConfigError(_("{eis} is niet haalbaar (capaciteit, voorwaarde, "
                                        "uitsluiting of kwetsbaar persoon)",
                                        eis=requirement_text(rule, model, status=False)))
                reqs.append({**rule, "met": False, "why": "no_feasible_action"})
                return
            pl.add(st, steps, reason=rule["rule"])
        reqs.append({**rule, "met": True, "why": ""})

    for p in locked_pairs:
        need({"rule": "locked_pair", "action": p[1]}, lambda it, p=p: it == p, positive=False,
             hard=True)
    for a in (x for x in lock_actions if not isinstance(x, tuple)):
        cat[a]
        need({"rule": "locked_action", "action": a}, lambda it, a=a: it[1] == a,
             positive=False, hard=True)
    for t in lock_targets:  # the target's pseudonym stays out of params and messages
        need({"rule": "locked_target"}, lambda it, t=str(t): it[0] == t, positive=False,
             hard=True)
    for p in lock_partners:
        p = cat.partner_of(p)
        need({"rule": "locked_partner", "partner": p}, lambda it, p=p: cat[it[1]].partner == p,
             positive=False, hard=True)
    lead = model.trekker if trekker is None else trekker
    if lead:
        lead = cat.partner_of(lead)
        need({"rule": "trekker", "partner": lead}, lambda it: cat[it[1]].partner == lead,
             positive=True)
    spec = DEFAULT_MIN_SPECTRUM if min_spectrum is None else dict(min_spectrum)
    for s, n in spec.items():
        need({"rule": "min_spectrum", "spectrum": s, "n": int(n)},
             lambda it, s=s: cat[it[1]].spectrum == s, positive=True, times=int(n))
    st = _run_lazy(pl, refresh_radius, st) if lazy else _run_plain(pl, st)
    kinds = {pl._kind(a) for _t, a in st.chosen}
    params = {"capacity": cap, "max_actions": max_actions, "seed": seed, "samples": samples,
              "recovery": recovery if recovery is None or isinstance(recovery, int | float | dict)
              else {"probability": recovery.probability, "preference": recovery.preference},
              "weights": dict(obj.weights), "disruption_weights": ev.weights,
              "criterion": criterion, "lazy": lazy,
              "refresh_radius": refresh_radius if lazy else None,
              "model": model.name, "crime_type": model.crime_type, "candidates": len(pl.items),
              "efficiency": ev.efficiency_method, "trekker": lead or "",
              "min_spectrum": spec, "requirements": reqs, "goals": dict(obj.goals),
              # counts only: params end up in every edition's provenance, pseudonyms must not
              "vulnerable": len(vul), "executed": len(executed),
              "controls": {"include_partners": sorted(controls.include_partners or []),
                           "exclude_partners": sorted(controls.exclude_partners),
                           "exclude_actions": sorted(controls.exclude_actions),
                           "excluded_pairs": len(controls.exclude_pairs),
                           "exclude_targets": len(controls.exclude_targets),
                           "overrides": len(controls.overrides)},
              "mix_required": bool(pl.need_mix),
              "mix_satisfied": (not pl.need_mix) or kinds >= pl.need_mix}
    method = "lazy greedy (CELF-style)" if lazy else "plain greedy"
    return _package(st, pl, cap, method, params)


def baseline_package(
    net: Network,
    model: BarrierModel,
    *,
    size: int,
    by: str = "degree",
    capacity: str | Mapping[str, float] | None = None,
    seed: int = 0,
    recovery: Any = None,
    weights: Mapping[str, float] | None = None,
    samples: int = 32,
    candidates: pd.DataFrame | None = None,
    efficiency_sources: int | None = None,
    vulnerable: Iterable[str] | None = None,
) -> Package:
    """A same-size comparison package: targets by degree alone, the strongest action on each.

    Targets are the candidate nodes in order of degree (ties by id); for each, the applicable
    action without preconditions and within capacity that disrupts most alone (largest
    ``strength × structural effect``; ties by action id) is added, until ``size`` actions. It is
    scored on the same integrated objective, to show what the value-chain and harm aware package
    adds over "hit the most connected". Repressive actions on vulnerable roles are left out here
    too.
    """
    if by != "degree":
        raise ConfigError(_("alleen by='degree' is beschikbaar"))
    net, cap, ev, obj, vul = _prepare(
        net, model, capacity=capacity, recovery=recovery, seed=seed, samples=samples,
        disruption_weights=None, efficiency_sources=efficiency_sources, weights=weights,
        harm=None, goals=None, euro_ref=EURO_REF, vulnerable=vulnerable)
    if candidates is None:
        candidates = candidate_interventions(net, model, vital=list(net.nodes.index), evaluator=ev,
                                             seed=seed, vulnerable=vul, objective=obj,
                                             environment=False)
    cands = candidates[~candidates["target"].map(is_env_target)]
    deg = pd.Series(net.simple_graph.degree(), index=net.nodes.index)
    targets = sorted(set(cands["target"]), key=lambda v: (-deg[v], v))
    controls = _controls(model, None, (), (), (), None)
    pl = _Planner(obj, model, cands, cap, size, "gain", controls, vul)
    st = pl.start()
    cat = model.catalogue
    for t in targets:
        if len(st.chosen) >= size:
            break
        rows = cands[(cands["target"] == t) & cands["preconditions_met"]]
        rows = rows.assign(_s=rows["strength"] * rows["structural_effect"]).sort_values(
            ["_s", "action_id"], ascending=[False, True])
        for a in rows["action_id"]:
            ins = cat[a]
            if not pl.allowed((t, a)):
                continue
            if st.used.get(ins.partner, 0.0) + ins.effort_days <= cap.get(ins.partner, 0.0):
                pl.add(st, [(t, a)], reason="highest_degree")
                break
    params = {"by": by, "size": size, "capacity": cap, "seed": seed, "samples": samples,
              "model": model.name, "weights": dict(obj.weights)}
    return _package(st, pl, cap, f"baseline: top {by}", params)


#: The alternative packages: name -> (Dutch label, a message id; options for
#: :func:`select_package`). Outputs show the label through :func:`profile_label`.
PROFILES: dict[str, tuple[str, dict[str, Any]]] = {
    "max_schadevermindering": (N_("Maximale schadevermindering"), {
        "weights": {"harm": 0.7, "disruption": 0.15, "money": 0.05, "resilience": 0.1}}),
    "gemeente_trekker": (N_("Gemeente als trekker (bestuurlijk en preventief)"), {
        "trekker": "gemeente", "min_spectrum": {"administrative": 2, "preventive": 1}}),
    "minste_inzet": (N_("Minste inzet (winst per persondag)"), {"criterion": "gain_per_effort"}),
}


def profile_label(profile: str) -> str:
    """The name users read for an alternative package's profile, in the output's language.

    Examples
    --------
    >>> from netwerk.i18n import using
    >>> profile_label("minste_inzet")
    'Minste inzet (winst per persondag)'
    >>> with using("en"):
    ...     profile_label("minste_inzet")
    'Least effort (gain per person-day)'
    """
    return gettext(PROFILES[profile][0]) if profile in PROFILES else str(profile)


@dataclass(frozen=True)
class Alternatives:
    """Two or three alternative packages side by side, scored on the same (default) objective.

    Attributes
    ----------
    packages : dict
        Profile name -> :class:`Package`.
    table : pd.DataFrame
        One row per profile: ``label_nl``, ``label`` (in the output's language), ``objective`` (on the shared weights), ``harm``,
        ``disruption``, ``money``, ``resilience``, ``euro``, ``actions``, ``effort_days``,
        ``partners``, ``spectrum`` (counts), ``gemeente_actions``, ``tradeoff`` (text in the
        output's language).
    method : str
    params : dict
    """

    packages: dict[str, Package]
    table: pd.DataFrame
    method: str
    params: dict[str, Any] = field(default_factory=dict)


def alternative_packages(net: Network, model: BarrierModel, *,
                         profiles: Sequence[str] = tuple(PROFILES),
                         weights: Mapping[str, float] | None = None, **options: Any
                         ) -> Alternatives:
    """Alternative packages (default: max harm reduction, municipality-led, lowest effort).

    Every package is chosen with its profile's options on top of ``options`` (the same keyword
    options as :func:`select_package`), then scored on the shared objective (``weights``, default
    the shipped ones) so the figures compare. The ``tradeoff`` text names what each gains and
    gives up against the others.
    """
    if not 2 <= len(profiles) <= 3:
        raise ConfigError(_("geef twee of drie profielen"))
    net = apply_stage_rules(net, model)
    pkgs: dict[str, Package] = {}
    rows = []
    shared = None
    for name in profiles:
        if name not in PROFILES:
            raise ConfigError(_("onbekend profiel '{profiel}' (bekend: {bekend})", profiel=name,
                                bekend=", ".join(PROFILES)))
        label, opts = PROFILES[name]
        kw = {**options, **opts}
        if "weights" not in opts and weights is not None:
            kw["weights"] = weights
        pkg = select_package(net, model, **kw)
        pkgs[name] = pkg
        if shared is None:
            _n, _c, _e, shared, _v = _prepare(
                net, model, capacity=options.get("capacity"), recovery=options.get("recovery"),
                seed=options.get("seed", 0), samples=options.get("samples", 32),
                disruption_weights=options.get("disruption_weights"),
                efficiency_sources=options.get("efficiency_sources"), weights=weights,
                harm=options.get("harm"), goals=options.get("goals"),
                euro_ref=options.get("euro_ref", EURO_REF), vulnerable=options.get("vulnerable"),
                executed=options.get("executed", ()))
        acts = list(zip(pkg.actions["target"], pkg.actions["action_id"], strict=True))
        ev = shared.evaluate(list(options.get("executed", ())) + acts)
        a = pkg.actions
        rows.append({"profile": name, "label_nl": label, "label": profile_label(name),
                     "objective": ev["objective"],
                     "harm": ev["harm"], "disruption": ev["disruption"], "money": ev["money"],
                     "resilience": ev["resilience"], "euro": ev["euro"], "actions": len(a),
                     "effort_days": float(a["effort_days"].sum()),
                     "partners": ", ".join(sorted(set(a["partner"]))),
                     "spectrum": ", ".join(f"{gettext(SPECTRUM_LABELS.get(k, k))} {v}"
                                           for k, v in
                                           a["spectrum"].value_counts().sort_index().items()),
                     "gemeente_actions": int((a["partner"] == "gemeente").sum())})
    table = pd.DataFrame(rows).set_index("profile")
    texts = {}
    for name, r in table.iterrows():
        best = [c for c in ("harm", "disruption", "money", "resilience")
                if r[c] >= table[c].max() - 1e-12]
        worst = [c for c in ("harm", "disruption", "money", "resilience")
                 if r[c] <= table[c].min() + 1e-12 and table[c].max() > table[c].min() + 1e-12]
        nl = {"harm": gettext("schadevermindering"), "disruption": gettext("verstoring"),
              "money": gettext("afpakken"), "resilience": gettext("weerbaarheid")}
        bits = []
        if best:
            bits.append(gettext("sterkst in {parts}", parts=", ".join(nl[c] for c in best)))
        if worst:
            bits.append(gettext("zwakst in {parts}", parts=", ".join(nl[c] for c in worst)))
        bits.append(gettext("{days} persondagen, gemeente {n} acties",
                            days=f"{r['effort_days']:.0f}",
                            n=r["gemeente_actions"]))
        texts[name] = "; ".join(bits)
    table["tradeoff"] = pd.Series(texts)
    return Alternatives(packages=pkgs, table=table, method="select_package per profile",
                        params={"profiles": list(profiles), "weights": dict(shared.weights)})


@dataclass(frozen=True)
class Replan:
    """A new package from the intervention log, and which running trajectories to stop.

    Attributes
    ----------
    package : Package
        Chosen with the executed actions as done (certain), failed and cancelled ones excluded,
        and running (planned/in progress) ones that still contribute locked in.
    stop : pd.DataFrame
        One row per open action: ``target``, ``action_id``, ``partner``, ``status``,
        ``marginal_effect`` (given everything else executed or open), ``stop`` (bool) and
        ``reason`` (in the output's language, actions by their names).
    method : str
    params : dict
    """

    package: Package
    stop: pd.DataFrame
    method: str
    params: dict[str, Any] = field(default_factory=dict)


def replan(net: Network, model: BarrierModel, log: pd.DataFrame, **options: Any) -> Replan:
    """Re-plan from the intervention log (principle: less is more, "pull the plug").

    Executed actions change the network and the options (their findings enable follow-ups);
    failed and cancelled actions are not proposed again; an open action whose contribution
    given the executed and other open actions is nil, or whose precondition failed, is flagged
    to stop. ``options`` are passed to :func:`select_package`.
    """
    from .progress import OPEN_STATUSES, current_interventions

    cur = current_interventions(log) if len(log) else log
    cat = model.catalogue

    def pairs(status: Iterable[str]) -> list[Action]:
        if cur.empty:
            return []
        sel = cur[cur["status"].isin(list(status))]
        return [(str(t), str(a)) for t, a in zip(sel["target"], sel["action_id"], strict=True)
                if a in cat]

    executed = [p for p in pairs(["executed"]) if p[0] in net.nodes.index or is_env_target(p[0])]
    dead = pairs(["failed", "cancelled"])
    open_ = [p for p in pairs(OPEN_STATUSES) if p[0] in net.nodes.index or is_env_target(p[0])]
    net, cap, ev, obj, vul = _prepare(
        net, model, capacity=options.get("capacity"), recovery=options.get("recovery"),
        seed=options.get("seed", 0), samples=options.get("samples", 32),
        disruption_weights=options.get("disruption_weights"),
        efficiency_sources=options.get("efficiency_sources"), weights=options.get("weights"),
        harm=options.get("harm"), goals=options.get("goals"),
        euro_ref=options.get("euro_ref", EURO_REF), vulnerable=options.get("vulnerable"),
        executed=executed)
    rows = []
    keep = []
    for p in open_:
        others = [q for q in open_ if q != p]
        base = obj.objective(executed + others)
        m = obj.objective(executed + others + [p]) - base
        ins = cat[p[1]]
        failed_prov = [q for q in dead if q[0] == p[0] and set(cat[q[1]].provides)
                       & {c for g in ins.needs_groups for c in g}]
        if failed_prov:
            stop, why = True, _("voorwaarde mislukt of geannuleerd ({actie})",
                                actie=cat[failed_prov[0][1]].label())
        elif m <= 1e-9:
            stop, why = True, _("draagt niet meer bij gegeven wat al is uitgevoerd")
        else:
            stop, why = False, ""
            keep.append(p)
        status = cur.loc[(cur["target"].astype(str) == p[0]) & (cur["action_id"] == p[1]),
                         "status"].iloc[-1]
        rows.append({"target": p[0], "action_id": p[1], "partner": ins.partner,
                     "status": status, "marginal_effect": m, "stop": stop, "reason": why})
    stop_df = pd.DataFrame(rows, columns=["target", "action_id", "partner", "status",
                                          "marginal_effect", "stop", "reason"])
    excl = list(options.pop("exclude_actions", ())) + dead + [
        (r.target, r.action_id) for r in stop_df.itertuples() if r.stop]
    locks = list(options.pop("lock_actions", ())) + keep
    options.pop("executed", None)
    pkg = select_package(net, model, executed=executed, exclude_actions=excl, lock_actions=locks,
                         **options)
    return Replan(package=pkg, stop=stop_df, method="re-plan from the intervention log",
                  params={"executed": executed, "failed_or_cancelled": dead, "open": open_})
