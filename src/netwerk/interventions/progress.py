"""Tracking: log what the partners did, and show what their joint actions achieved.

The intervention log lives in the case store (:mod:`netwerk.store.interventions`). Each record is
one state change of one action on one target; the **latest** record per ``(action_id, target)``
is that action's current state. Statuses: ``planned``, ``in_progress``, ``executed``,
``failed``, ``cancelled``.

:func:`progress` applies the effects of the *executed* actions (fully: they happened) to the
network as it was before, in execution order (date, then log order), and reports the network
measures before and after, each action's marginal effect on the disruption objective given the
actions executed before it (the structural change, in order), the stages that lost all their
providers, and the actions still open, failed or cancelled.

**Fair credit** (principle: *make joint successes visible*): each executed action's credit is its
**Shapley value** on the integrated objective (:mod:`netwerk.interventions.objective`), over the
executed actions: the average of its marginal contribution over all orders in which the actions
could have been taken. It does not depend on the order of logging or execution, gives a later but
indispensable action its due, and splits the value of a chain between the enabling action (a
bestuurlijke rapportage) and the action it enabled (a 13b closure), since an enabled action only
works when its provider is in the coalition. Exact (all ``2^n`` coalitions) for up to
:data:`SHAPLEY_EXACT` actions; above that the mean over ``permutations`` seeded random orders,
with its standard error reported per action (``shapley_se``) and the largest in
``params["shapley"]``. Enabling contributions and outcome indicators (€ by kind, premises closed,
permits refused, persons in care, ...) are listed beside it.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ConfigError, Reason, StoreError
from ..graph.network import Network
from ..i18n import _
from .catalogue import Catalogue, default_catalogue

__all__ = ["STATUSES", "OPEN_STATUSES", "SHAPLEY_EXACT", "log_intervention",
           "current_interventions", "ProgressResult", "progress", "shapley_values"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

STATUSES = ("planned", "in_progress", "executed", "failed", "cancelled")
OPEN_STATUSES = ("planned", "in_progress")
#: Up to this many executed actions the Shapley values are exact; above, sampled.
SHAPLEY_EXACT = 10


def shapley_values(players: list[Any], value: Any, *, exact_max: int = SHAPLEY_EXACT,
                   permutations: int = 400, seed: int = 0) -> tuple[np.ndarray, np.ndarray, str]:
    """Shapley values of ``players`` under the set function ``value(frozenset) -> float``.

    Returns ``(phi, se, method)``: exact over all coalitions for ``len(players) <= exact_max``
    (``se`` zeros), else the mean of marginal contributions over ``permutations`` random orders
    drawn with ``seed`` (``se`` the standard error of each mean).

    Examples
    --------
    >>> v = lambda S: 1.0 if {"a", "b"} <= S else 0.0   # only together
    >>> phi, se, how = shapley_values(["a", "b", "c"], v)
    >>> [round(float(x), 3) for x in phi], how
    ([0.5, 0.5, 0.0], 'exact')
    """
    n = len(players)
    if n == 0:
        return np.zeros(0), np.zeros(0), "exact"
    cache: dict[frozenset, float] = {}

    def v(S: frozenset) -> float:
        hit = cache.get(S)
        if hit is None:
            hit = cache[S] = float(value(S))
        return hit

    if n <= exact_max:
        from math import factorial

        w = [factorial(k) * factorial(n - k - 1) / factorial(n) for k in range(n)]
        phi = np.zeros(n)
        idx = list(range(n))
        for mask in range(1 << n):
            S = frozenset(players[j] for j in idx if mask >> j & 1)
            k = len(S)
            vs = v(S)
            for i in idx:
                if not mask >> i & 1:
                    phi[i] += w[k] * (v(S | {players[i]}) - vs)
        return phi, np.zeros(n), "exact"
    rng = np.random.default_rng([int(seed), 7477])
    contrib = np.zeros((permutations, n))
    for r in range(permutations):
        order = rng.permutation(n)
        S: frozenset = frozenset()
        prev = v(S)
        for i in order:
            S = S | {players[i]}
            cur = v(S)
            contrib[r, i] = cur - prev
            prev = cur
    phi = contrib.mean(axis=0)
    se = contrib.std(axis=0, ddof=1) / np.sqrt(permutations)
    return phi, se, f"sampled: {permutations} seeded permutations"


def _node_kind(case: str | Path, node: str) -> str | bool | None:
    """The stored kind of a node (also under an alias), ``False`` when the case has no such
    node, ``None`` when the store cannot tell."""
    try:
        from ..store.casestore import connect

        with connect(case, read_only=True) as con:
            row = con.execute("SELECT kind FROM nodes WHERE node_id = ? LIMIT 1", [node]).fetchone()
        return False if row is None else str(row[0])
    except Exception as exc:  # pragma: no cover - a store without a nodes table
        log.debug("could not check the target in %s: %s", case, exc)
        return None


def log_intervention(
    case: str | Path,
    action_id: str,
    target: str,
    partner: str,
    date: str | dt.date,
    status: str,
    result: str = "",
    notes: str = "",
    *,
    catalogue: Catalogue | None = None,
    check_target: bool = True,
    extra=None,
) -> int:
    """Record one intervention (or a change of its status) in the case store.

    Parameters
    ----------
    case : path
        The case store.
    action_id : str
        A catalogue instrument id (validated).
    target : str
        The node id (pseudonym) the action is aimed at; checked against the case's nodes.
    partner : str
        The partner acting (a catalogue partner, case-insensitive).
    date : str or date
        ISO date ``YYYY-MM-DD``.
    status : {"planned", "in_progress", "executed", "failed", "cancelled"}
    result, notes : str
        Free text; refused when it holds a raw identifier (a BSN, phone number, ...).
    extra : mapping of label -> compiled pattern, optional
        The ``raw_patterns`` of the case's specs (:func:`netwerk.privacy.compile_patterns`),
        checked with the built-in detectors on every argument.

    Returns
    -------
    int
        The new intervention id.

    Raises
    ------
    ConfigError
        Unknown action id, partner or status; a partner that does not hold the action; a date
        that is not ISO, or in the future for status ``executed`` or ``failed``.
    StoreError
        The target is not a node of the case, or is of a kind the action does not apply to.
    """
    from ..privacy import patterns_for

    extra = patterns_for(case, extra)  # the spec patterns of the case, unless given
    from ..privacy import check_entered_text
    from ..store.interventions import INTERVENTION_OPTIONS as opt

    # typed text first: a refusal below echoes some of it, and a raw identifier is never echoed
    check_entered_text([(opt["action_id"], action_id), (opt["target"], target),
                        (opt["partner"], partner),
                        (opt["date"], None if isinstance(date, dt.date) else date),
                        (opt["status"], status), (opt["result"], result), (opt["notes"], notes)],
                       extra=extra, file=str(case))
    cat = catalogue or default_catalogue()
    ins = cat.action_of(action_id, where="--action")
    who = cat.partner_of(partner, where="--partner")
    if status not in STATUSES:
        raise ConfigError(_("onbekende status '{status}' in --status (gebruik {bekend})",
                            status=status, bekend=", ".join(STATUSES)))
    try:
        day = date if isinstance(date, dt.date) else dt.date.fromisoformat(str(date).strip())
    except ValueError:
        raise ConfigError(_("--date '{datum}' is geen datum (gebruik JJJJ-MM-DD)",
                            datum=date)) from None
    if status in ("executed", "failed") and day > dt.date.today():
        raise ConfigError(_("--date {datum} ligt in de toekomst: een actie kan nog niet de status "
                            "'{status}' hebben (leg haar vast als 'planned')",
                            datum=day.isoformat(), status=status))
    if who != ins.partner:
        raise ConfigError(_("'{actie}' is een instrument van partner '{eigenaar}', niet van "
                            "'{partner}' (--partner)", actie=action_id, eigenaar=ins.partner,
                            partner=who))
    if not Path(case).exists():
        raise StoreError(_("casusopslag niet gevonden: {pad}", pad=case),
                         reason=Reason.FILE_NOT_FOUND)
    if check_target and not str(target).startswith("fase:"):
        kind = _node_kind(case, str(target))
        if kind is False:
            raise StoreError(_("--target '{doel}' is geen knooppunt van deze casus",
                               doel=target), reason=Reason.UNKNOWN_NODE)
        kinds = ins.applies_to.node_kinds
        if isinstance(kind, str) and kinds != "*" and kind not in kinds:
            raise StoreError(_("'{actie}' is niet van toepassing op soort '{soort}' (alleen op "
                               "{soorten}); --target '{doel}'", actie=action_id, soort=kind,
                               soorten=", ".join(kinds), doel=target))
    from ..store import record_intervention

    return record_intervention(case, action_id=ins.id, target=str(target), partner=who,
                               date=str(date), status=status, result=result or "",
                               notes=notes or "", extra=extra)


def current_interventions(log_df: pd.DataFrame) -> pd.DataFrame:
    """The latest record per ``(action_id, target)`` of an intervention log (log order kept)."""
    if log_df.empty:
        return log_df.copy()
    df = log_df.sort_values("intervention_id", kind="stable")
    last = df.groupby(["action_id", "target"], sort=False, dropna=False).tail(1)
    return last.sort_values("intervention_id", kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class ProgressResult:
    """What the executed interventions changed.

    Attributes
    ----------
    before, after : dict
        ``lcc_size``, ``lcc_share``, ``components``, ``efficiency``, ``chain_connected``,
        ``chain_complete``, ``disruption`` (the objective of
        :mod:`netwerk.interventions.effects`).
    executed : pd.DataFrame
        Executed actions in execution order with ``marginal_effect`` and ``cumulative_effect``
        (structural disruption, in execution order), ``shapley`` and ``shapley_se`` (fair credit
        on the integrated objective), ``enables`` (the executed actions it made possible),
        ``euro`` (estimate) and ``outcome``.
    contributions : pd.DataFrame
        Per partner: ``actions``, ``effort_days``, ``marginal_effect`` (structural, in order,
        summed), ``share`` of the structural change, ``shapley`` (summed fair credit),
        ``shapley_share``, ``enabling`` (executed actions of others this partner enabled),
        ``euro``.
    outcomes : dict
        Outcome indicators: ``euro`` per financial kind (estimates) and counts per outcome
        (``pand_gesloten``, ``vergunning_geweigerd``, ``persoon_in_zorg``, ...).
    enabling : pd.DataFrame
        One row per enabling link: ``provider``, ``provider_partner``, ``enabled``,
        ``enabled_partner``, ``target``, ``capability``.
    failed : pd.DataFrame
        Actions whose latest status is failed or cancelled.
    objective : dict
        The integrated objective after the executed actions (value, components, breakdown).
    stages_broken : list of str
        Chain stages that had providers before and have none now.
    providers : pd.DataFrame
        Per stage: providers ``before`` and ``after``.
    open_actions : pd.DataFrame
        Actions whose latest status is planned or in progress.
    skipped : pd.DataFrame
        Executed records that could not be applied (target not in the network).
    method : str
    params : dict
    """

    before: dict[str, float]
    after: dict[str, float]
    executed: pd.DataFrame
    contributions: pd.DataFrame
    stages_broken: list[str]
    providers: pd.DataFrame
    open_actions: pd.DataFrame
    skipped: pd.DataFrame
    method: str = "apply executed effects in order; Shapley credit"
    params: dict[str, Any] = field(default_factory=dict)
    outcomes: dict[str, Any] = field(default_factory=dict)
    enabling: pd.DataFrame = field(default_factory=pd.DataFrame)
    failed: pd.DataFrame = field(default_factory=pd.DataFrame)
    objective: dict[str, Any] = field(default_factory=dict)


def _measures(m: dict[str, float]) -> dict[str, float]:
    keys = ("lcc_size", "lcc_share", "components", "efficiency", "chain_connected",
            "chain_complete", "disruption")
    return {k: (bool(m[k]) if k.startswith("chain") else float(m[k])) for k in keys}


def progress(net_before: Network, case: str | Path | pd.DataFrame, model: Any, *,
             recovery: Any = None, seed: int = 0, weights: dict[str, float] | None = None,
             objective_weights: dict[str, float] | None = None, permutations: int = 400,
             exact_max: int = SHAPLEY_EXACT) -> ProgressResult:
    """Network measures before and after the executed interventions, and who contributed what.

    Parameters
    ----------
    net_before : Network
        The network before the interventions (e.g. loaded from the case store).
    case : path or DataFrame
        The case store (its intervention log is read) or an intervention log table.
    model : BarrierModel
    recovery, seed, weights : see :class:`~netwerk.interventions.effects.Evaluator`.
    objective_weights : dict, optional
        Weights of the integrated objective the Shapley credit is computed on.
    permutations, exact_max : int
        Shapley sampling above ``exact_max`` executed actions (seeded with ``seed``).

    Returns
    -------
    ProgressResult
    """
    from .barriers import apply_stage_rules
    from .effects import Evaluator

    if isinstance(case, pd.DataFrame):
        log_df = case
    else:
        from ..store import read_interventions

        log_df = read_interventions(case)
    net = apply_stage_rules(net_before, model)
    cat = model.catalogue
    cur = current_interventions(log_df)
    cols = list(log_df.columns)
    if cur.empty:
        cur = pd.DataFrame(columns=cols)
    execd = cur[cur["status"] == "executed"].copy()
    execd["_date"] = pd.to_datetime(execd["date"], errors="coerce")
    execd = execd.sort_values(["_date", "intervention_id"], kind="stable", na_position="last")
    tgt = execd["target"].astype(str)
    env = tgt.str.startswith("fase:") & tgt.str[5:].isin(model.stage_ids)
    ok = (tgt.isin(net.nodes.index) | env) & execd["action_id"].isin(list(cat.instruments))
    skipped = execd[~ok].drop(columns="_date")
    execd = execd[ok].drop(columns="_date").reset_index(drop=True)
    ev = Evaluator(net, model, recovery=recovery, seed=seed, weights=weights)
    acts = [(str(t), str(a)) for t, a in zip(execd["target"], execd["action_id"], strict=True)]
    before = _measures(ev.metrics([]))
    values, prev = [], 0.0
    marg = []
    for i in range(len(acts)):
        v = ev.metrics(_nodes_only(acts[: i + 1]))["disruption"]
        marg.append(v - prev)
        values.append(v)
        prev = v
    after = _measures(ev.metrics(_nodes_only(acts)))
    execd["marginal_effect"] = marg
    execd["cumulative_effect"] = values
    execd["effort_days"] = [cat[a].effort_days for _, a in acts]
    total = after["disruption"]
    if len(execd):
        contrib = (execd.groupby("partner", sort=True)
                   .agg(actions=("action_id", "size"), effort_days=("effort_days", "sum"),
                        marginal_effect=("marginal_effect", "sum")))
        contrib["share"] = contrib["marginal_effect"] / total if total > 0 else 0.0
    else:
        contrib = pd.DataFrame(columns=["actions", "effort_days", "marginal_effect", "share"],
                               index=pd.Index([], name="partner"))
    shap, enabling, outcomes, obj_rec, sh_params = _credit(net, model, acts, execd, recovery, seed,
                                                           objective_weights, permutations,
                                                           exact_max)
    execd["shapley"] = shap["shapley"]
    execd["shapley_se"] = shap["shapley_se"]
    execd["enables"] = shap["enables"]
    execd["euro"] = shap["euro"]
    execd["outcome"] = shap["outcome"]
    if len(execd):
        g = execd.groupby("partner", sort=True)
        contrib["shapley"] = g["shapley"].sum()
        tot_sh = float(execd["shapley"].sum())
        contrib["shapley_share"] = contrib["shapley"] / tot_sh if tot_sh > 0 else 0.0
        en = enabling.groupby("provider_partner").size() if len(enabling) else pd.Series(dtype=int)
        contrib["enabling"] = en.reindex(contrib.index).fillna(0).astype(int)
        contrib["euro"] = g["euro"].sum()
    else:
        for c in ("shapley", "shapley_share", "enabling", "euro"):
            contrib[c] = pd.Series(dtype=float)
    pb, pa = ev.stage_providers([]), ev.stage_providers(_nodes_only(acts))
    providers = pd.DataFrame({"before": pb, "after": pa}).rename_axis("stage")
    broken = [s for s in model.stage_ids if pb[s] > 0 and pa[s] == 0]
    open_actions = cur[cur["status"].isin(OPEN_STATUSES)].reset_index(drop=True)
    failed = cur[cur["status"].isin(["failed", "cancelled"])].reset_index(drop=True)
    params = {"model": model.name, "recovery": recovery, "seed": seed, "weights": ev.weights,
              "records": len(log_df), "executed": len(execd), "skipped": len(skipped),
              "shapley": sh_params}
    return ProgressResult(before=before, after=after, executed=execd, contributions=contrib,
                          stages_broken=broken, providers=providers, open_actions=open_actions,
                          skipped=skipped.reset_index(drop=True), params=params,
                          outcomes=outcomes, enabling=enabling, failed=failed,
                          objective=obj_rec)


def _nodes_only(acts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Actions on nodes (environment actions ``fase:<stage>`` change no tie)."""
    return [a for a in acts if not a[0].startswith("fase:")]


def _credit(net: Network, model: Any, acts: list[tuple[str, str]], execd: pd.DataFrame,
            recovery: Any, seed: int, weights: dict[str, float] | None, permutations: int,
            exact_max: int) -> tuple[dict[str, list], pd.DataFrame, dict[str, Any],
                                     dict[str, Any], dict[str, Any]]:
    """Shapley credit, enabling links and outcome indicators of the executed actions."""
    from .effects import Evaluator
    from .objective import IntegratedObjective

    cat = model.catalogue
    players = list(dict.fromkeys(acts))  # an action logged twice counts once
    # executed actions whose needs no other executed action provides were enabled outside the
    # log (e.g. a finding by another team): their needs count as met
    outside = set()
    for t, a in players:
        for g in cat[a].needs_groups:
            if not any(tt == t and set(cat[b].provides) & set(g) for tt, b in players
                       if (tt, b) != (t, a)):
                outside.add((t, a))
    ev = Evaluator(net, model, recovery=recovery, seed=seed, samples=1)
    obj = IntegratedObjective(ev, weights=weights, certain=players, assume_met=outside)
    phi, se, how = shapley_values(players, lambda S: obj.objective(S), exact_max=exact_max,
                                  permutations=permutations, seed=seed)
    by = {p: i for i, p in enumerate(players)}
    links = []
    for t, a in players:
        need = {c for g in cat[a].needs_groups for c in g}
        for tt, b in players:
            cap = sorted(set(cat[b].provides) & need)
            if tt == t and b != a and cap:
                links.append({"provider": b, "provider_partner": cat[b].partner, "enabled": a,
                              "enabled_partner": cat[a].partner, "target": t,
                              "capability": "/".join(cap)})
    enabling = pd.DataFrame(links, columns=["provider", "provider_partner", "enabled",
                                            "enabled_partner", "target", "capability"])
    n_logged: dict[tuple[str, str], int] = {}
    out: dict[str, list] = {"shapley": [], "shapley_se": [], "enables": [], "euro": [],
                            "outcome": []}
    for p in acts:
        i = by[p]
        first = n_logged.get(p, 0) == 0
        n_logged[p] = n_logged.get(p, 0) + 1
        out["shapley"].append(float(phi[i]) if first else 0.0)
        out["shapley_se"].append(float(se[i]) if first else 0.0)
        out["enables"].append(", ".join(sorted({r["enabled"] for r in links
                                                 if r["provider"] == p[1] and r["target"] == p[0]})))
        out["euro"].append(obj.euro(p) if first else 0.0)
        out["outcome"].append(cat[p[1]].outcome)
    euro: dict[str, float] = {}
    counts: dict[str, int] = {}
    for t, a in players:
        ins = cat[a]
        if ins.financial is not None:
            euro[ins.financial.kind] = euro.get(ins.financial.kind, 0.0) + obj.euro((t, a))
        if ins.outcome and ins.outcome != "euro":
            counts[ins.outcome] = counts.get(ins.outcome, 0) + 1
    outcomes = {"euro": {k: round(v, 2) for k, v in sorted(euro.items())},
                "euro_total": round(sum(euro.values()), 2), "counts": dict(sorted(counts.items())),
                "note": _("bedragen zijn schattingen uit de catalogusformules, geen geïnde "
                          "bedragen")}
    sh = {"method": how, "players": len(players),
          "max_se": float(se.max()) if len(se) else 0.0,
          "enabled_outside_log": sorted(f"{t}:{a}" for t, a in outside)}
    return out, enabling, outcomes, obj.describe(players), sh
