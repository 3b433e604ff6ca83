"""Tracking: log what the partners did, and show what their joint actions achieved.

The intervention log lives in the case store (:mod:`netwerk.store.interventions`). Each record is
one state change of one action on one target; the **latest** record per ``(action_id, target)``
is that action's current state. Statuses: ``planned``, ``in_progress``, ``executed``,
``failed``, ``cancelled``.

:func:`progress` applies the effects of the *executed* actions (fully: they happened) to the
network as it was before, in execution order (date, then log order), and reports the network
measures before and after, each action's marginal effect on the disruption objective given the
actions executed before it, those contributions summed per partner, the stages that lost all
their providers, and the actions still open.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import ConfigError, Reason, StoreError
from ..graph.network import Network
from .catalogue import Catalogue, default_catalogue

__all__ = ["STATUSES", "OPEN_STATUSES", "log_intervention", "current_interventions",
           "ProgressResult", "progress"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

STATUSES = ("planned", "in_progress", "executed", "failed", "cancelled")
OPEN_STATUSES = ("planned", "in_progress")


def _node_exists(case: str | Path, node: str) -> bool | None:
    try:
        from ..store.casestore import connect

        with connect(case, read_only=True) as con:
            n = con.execute("SELECT count(*) FROM nodes WHERE node_id = ?", [node]).fetchone()[0]
        return bool(n)
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

    Returns
    -------
    int
        The new intervention id.

    Raises
    ------
    ConfigError
        Unknown action id, partner or status.
    StoreError
        The target is not a node of the case, or the date is not ISO.
    """
    cat = catalogue or default_catalogue()
    ins = cat[action_id]
    who = cat.partner_of(partner)
    if status not in STATUSES:
        raise ConfigError(f"unknown status '{status}' (use {', '.join(STATUSES)})", column="status")
    if not Path(case).exists():
        raise StoreError(f"case store not found: {case}", reason=Reason.FILE_NOT_FOUND)
    if check_target and _node_exists(case, str(target)) is False:
        raise StoreError(f"target '{target}' is not a node of this case", reason=Reason.UNKNOWN_NODE,
                         column="target")
    if who != ins.partner:
        log.warning("%s is an instrument of %s; logged for %s", action_id, ins.partner, who)
    from ..store import record_intervention

    return record_intervention(case, action_id=ins.id, target=str(target), partner=who,
                               date=str(date), status=status, result=result or "",
                               notes=notes or "")


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
        Executed actions in execution order with ``marginal_effect`` and ``cumulative_effect``.
    contributions : pd.DataFrame
        Per partner: ``actions``, ``effort_days``, ``marginal_effect`` (summed), ``share`` of the
        total effect.
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
    method: str = "apply executed effects in order"
    params: dict[str, Any] = field(default_factory=dict)


def _measures(m: dict[str, float]) -> dict[str, float]:
    keys = ("lcc_size", "lcc_share", "components", "efficiency", "chain_connected",
            "chain_complete", "disruption")
    return {k: (bool(m[k]) if k.startswith("chain") else float(m[k])) for k in keys}


def progress(net_before: Network, case: str | Path | pd.DataFrame, model: Any, *,
             recovery: Any = None, seed: int = 0, weights: dict[str, float] | None = None
             ) -> ProgressResult:
    """Network measures before and after the executed interventions, and who contributed what.

    Parameters
    ----------
    net_before : Network
        The network before the interventions (e.g. loaded from the case store).
    case : path or DataFrame
        The case store (its intervention log is read) or an intervention log table.
    model : BarrierModel
    recovery, seed, weights : see :class:`~netwerk.interventions.effects.Evaluator`.

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
    ok = execd["target"].astype(str).isin(net.nodes.index) & execd["action_id"].isin(
        list(cat.instruments))
    skipped = execd[~ok].drop(columns="_date")
    execd = execd[ok].drop(columns="_date").reset_index(drop=True)
    ev = Evaluator(net, model, recovery=recovery, seed=seed, weights=weights)
    acts = [(str(t), str(a)) for t, a in zip(execd["target"], execd["action_id"], strict=True)]
    before = _measures(ev.metrics([]))
    values, prev = [], 0.0
    marg = []
    for i in range(len(acts)):
        v = ev.metrics(acts[: i + 1])["disruption"]
        marg.append(v - prev)
        values.append(v)
        prev = v
    after = _measures(ev.metrics(acts))
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
    pb, pa = ev.stage_providers([]), ev.stage_providers(acts)
    providers = pd.DataFrame({"before": pb, "after": pa}).rename_axis("stage")
    broken = [s for s in model.stage_ids if pb[s] > 0 and pa[s] == 0]
    open_actions = cur[cur["status"].isin(OPEN_STATUSES)].reset_index(drop=True)
    params = {"model": model.name, "recovery": recovery, "seed": seed, "weights": ev.weights,
              "records": len(log_df), "executed": len(execd), "skipped": len(skipped)}
    return ProgressResult(before=before, after=after, executed=execd, contributions=contrib,
                          stages_broken=broken, providers=providers, open_actions=open_actions,
                          skipped=skipped.reset_index(drop=True), params=params)
