"""The progress report of one case: what the partners did and what it changed (scene 4).

Built from the case store's intervention log with :func:`netwerk.interventions.progress`: the
executed actions in execution order with their marginal effect on the disruption objective, the
network measures before and after, each partner's contribution, the value-chain stages that lost
all their providers, and what is left (open actions, stages still provided).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from markupsafe import Markup

from ..errors import InputError, Reason
from ..graph import Network
from ..provenance import package_versions, provenance_record, write_provenance
from . import charts
from .build import crime_type_of
from .inputs import resolve_case
from .render import WriteResult, render_template, table, write_csv

__all__ = ["ProgressReport", "build_progress", "write_progress", "edition_progress", "MEASURES"]

log = logging.getLogger(__name__)

#: Network measures shown before/after, with a label.
MEASURES = {
    "disruption": "disruption objective (0-1)",
    "lcc_size": "largest component (nodes)",
    "lcc_share": "largest component (share of the original)",
    "components": "components",
    "efficiency": "global efficiency",
    "chain_connected": "value chain connected (first to last stage)",
    "chain_complete": "value chain complete (every stage provided)",
}

_EXECUTED_COLS = ["date", "partner", "action_id", "action", "target", "result", "effort_days",
                  "marginal_effect", "cumulative_effect"]
_OPEN_COLS = ["date", "partner", "action_id", "action", "target", "status", "notes"]


@dataclass(frozen=True, eq=False)
class ProgressReport:
    """Everything the progress report shows, as plain data.

    ``measures`` is indexed by measure with columns ``label``, ``before``, ``after``, ``change``;
    ``contributions`` by partner with ``actions``, ``effort_days``, ``marginal_effect``, ``share``;
    ``providers`` by stage with ``before``, ``after``.
    """

    name: str
    crime_type: str
    model_name: str
    measures: pd.DataFrame
    executed: pd.DataFrame
    contributions: pd.DataFrame
    stages_broken: tuple[str, ...]
    providers: pd.DataFrame
    open_actions: pd.DataFrame
    skipped: pd.DataFrame
    records: int
    seed: int
    provenance: Mapping[str, Any] = field(default_factory=dict)
    versions: Mapping[str, str] = field(default_factory=dict)


def build_progress(case: str | Path, *, model: str | None = None, seed: int = 0,
                   recovery: Any = None) -> ProgressReport:
    """Build the progress report of a case store from its intervention log.

    Parameters
    ----------
    case : str or Path
        A case store (``.duckdb``) with logged interventions (``netwerk log``).
    model : str, optional
        Barrier model name or YAML path (default: the case's crime type).
    seed, recovery : see :func:`netwerk.interventions.progress`.

    Returns
    -------
    ProgressReport
    """
    from ..case import open_case
    from ..interventions.progress import progress

    ci = resolve_case(case)
    if ci.kind != "store":
        raise InputError("a progress report needs a case store (.duckdb) with an intervention log",
                         file=ci.path.name, reason=Reason.INVALID_ARGUMENT)
    case_ = open_case(ci.path, model=model)
    net = case_.net
    crime = crime_type_of(net) if model is None else str(case_.crime_type or "")
    bm = case_._require_model()
    res = progress(net, str(ci.path), bm, seed=seed, recovery=recovery)
    return _from_result(res, net=net, name=ci.name, crime_type=crime, model=bm, seed=seed,
                        provenance=ci.provenance())


def _from_result(res: Any, *, net: Network, name: str, crime_type: str, model: Any, seed: int,
                 provenance: Mapping[str, Any]) -> ProgressReport:
    cat = model.catalogue

    def action_name(a: Any) -> str:
        try:
            return cat[str(a)].name_nl
        except (KeyError, Exception):  # noqa: BLE001 - unknown ids are shown as they are
            return ""

    rows = []
    for k, label in MEASURES.items():
        b, a = res.before.get(k), res.after.get(k)
        change = (float(a) - float(b)) if isinstance(b, int | float) and not isinstance(b, bool) \
            else ("broken" if b and not a else "")
        rows.append({"measure": k, "label": label, "before": b, "after": a, "change": change})
    measures = pd.DataFrame(rows).set_index("measure")
    executed = res.executed.copy()
    executed["action"] = executed["action_id"].map(action_name)
    executed["date"] = executed["date"].astype(str).replace({"NaT": "", "None": ""})
    executed = executed[[c for c in _EXECUTED_COLS if c in executed.columns]]
    open_actions = res.open_actions.copy()
    if len(open_actions):
        open_actions["action"] = open_actions["action_id"].map(action_name)
        open_actions["date"] = open_actions["date"].astype(str).replace({"NaT": "", "None": ""})
    open_actions = open_actions[[c for c in _OPEN_COLS if c in open_actions.columns]]
    contributions = res.contributions.copy()
    contributions.index.name = "partner"
    _guard(name, executed, open_actions)
    prov = {**dict(provenance), "key_fingerprints": sorted(
        {fp for fp in [net.meta.get("key_fingerprint")] if fp}), "rows": {
        "nodes": net.n_nodes, "relations": net.n_edges, "log_records": int(res.params.get("records", 0)),
        "executed": int(res.params.get("executed", 0)), "skipped": int(res.params.get("skipped", 0))},
        "method": res.method, "params": {k: v for k, v in res.params.items() if k != "weights"}}
    return ProgressReport(
        name=name, crime_type=crime_type, model_name=model.name, measures=measures,
        executed=executed.reset_index(drop=True), contributions=contributions,
        stages_broken=tuple(res.stages_broken), providers=res.providers.copy(),
        open_actions=open_actions.reset_index(drop=True), skipped=res.skipped.copy(),
        records=int(res.params.get("records", 0)), seed=seed, provenance=prov,
        versions=package_versions())


def _guard(name: str, *frames: pd.DataFrame) -> None:
    """Refuse a report whose free-text log fields hold something that looks like a raw identifier."""
    from ..viz.guard import check_no_raw_identifiers

    items = []
    for df in frames:
        for col in ("result", "notes", "target"):
            if col in df.columns:
                items.extend((f"intervention log, {col}", str(v)) for v in df[col].dropna())
    check_no_raw_identifiers(items, what=f"progress report of {name}")


def render_progress_html(report: ProgressReport, *, generated: str | None = None) -> str:
    """The self-contained ``progress.html`` (same report, same bytes)."""
    contrib = report.contributions
    # issue 10: the fair (order-independent) Shapley credit when the result carries it
    col = "shapley" if "shapley" in contrib.columns else "marginal_effect"
    chart = Markup(charts.hbars(
        [(str(p), float(v)) for p, v in contrib[col].items()],
        title=("Bijdrage per partner (Shapley-waarde: eerlijke toerekening)" if col == "shapley"
               else "Contribution to the disruption objective per partner"))) if len(contrib) else ""
    m = report.measures
    return render_template(
        "report_progress.html.j2", r=report, generated=generated,
        measures=table(m[["label", "before", "after", "change"]], index="measure"),
        executed=table(report.executed), contributions=table(contrib, index="partner"),
        providers=table(report.providers, index="stage"), open_actions=table(report.open_actions),
        skipped=table(report.skipped) if len(report.skipped) else None, chart=chart,
        versions=dict(report.versions))


def edition_progress(report: ProgressReport, edition: Any = None,
                     hidden: pd.DataFrame | None = None) -> ProgressReport:
    """The progress report as an edition may show it (:func:`netwerk.governance.edition_log`).

    stuurgroep: executed and open actions per partner and action (counts, person-days, effect), no
    target, result or notes; partner:NAME and private:NAME: their own rows (private without target,
    result or notes); casusoverleg: everything, restricted attributes scrubbed from free text.
    Contributions per partner, measures and stages are case-level and shown to every edition
    (joint successes made visible).
    """
    import dataclasses

    from ..governance.editions import edition_log, parse_edition

    ed = parse_edition(edition)
    return dataclasses.replace(
        report,
        executed=edition_log(report.executed, ed, hidden=hidden),
        open_actions=edition_log(report.open_actions, ed, hidden=hidden),
        skipped=edition_log(report.skipped, ed, hidden=hidden),
    )


def write_progress(report: ProgressReport, out_dir: str | Path, *,
                   generated: str | None = None, edition: Any = None,
                   hidden: pd.DataFrame | None = None) -> WriteResult:
    """Write ``progress.html``, ``progress.csv`` (executed actions with their effect),
    ``progress_partners.csv`` (contributions) and ``provenance.json`` into ``out_dir``, for one
    edition (:func:`edition_progress`; default casusoverleg)."""
    report = edition_progress(report, edition, hidden)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files = [write_csv(report.executed, out / "progress.csv"),
             write_csv(report.contributions.reset_index(), out / "progress_partners.csv")]
    html_path = out / "progress.html"
    html_path.write_text(render_progress_html(report, generated=generated), encoding="utf-8",
                         newline="\n")
    files.append(html_path)
    p = dict(report.provenance)
    rec = provenance_record(
        "progress", inputs=p.get("files", []),
        case={"name": report.name, "crime_type": report.crime_type,
              "barrier_model": report.model_name},
        config={"model": report.model_name, "method": p.get("method"), "params": p.get("params")},
        seed=report.seed, key_fingerprints=p.get("key_fingerprints", []), rows=p.get("rows", {}),
        outputs=files, extra={"cases": [p]})
    prov = write_provenance(out, rec)
    return WriteResult(files=tuple(files) + (prov,), open_first=html_path)
