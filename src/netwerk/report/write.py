"""Write a case-selection report to a folder: ranking.csv, ranking.xlsx, report.html, report.pdf
(where WeasyPrint is installed) and provenance.json."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import pandas as pd
from markupsafe import Markup

from ..i18n import N_, _
from ..interventions.plan import (
    OBJECTIVE_LABELS,
    partner_label,
    relation_label,
    stage_label,
    target_text,
)
from ..provenance import provenance_record, write_provenance
from . import charts
from .build import TOP_VITAL, CaseReport, SelectionReport
from .criteria import CRITERIA
from .render import (
    WriteResult,
    criteria_chart,
    ranking_chart,
    render_template,
    sanitise_svg,
    table,
    write_csv,
    write_page,
    write_xlsx,
)

__all__ = ["write_selection", "render_selection_html", "edition_selection"]

log = logging.getLogger(__name__)


#: Columns of the action plan shown on a case page, with their Dutch headers (all columns go to
#: the xlsx). The package is not shown separately: the plan is the package, per partner.
PLAN_COLUMNS = {"partner": N_("partner"), "order": N_("#"), "target": N_("doel"),
                "target_role": N_("rol en schakel"), "action": N_("actie"),
                "legal_basis": N_("grondslag"), "rationale": N_("waarom"),
                "start_window": N_("wanneer"), "depends_on": N_("na")}
VITAL_HEADERS = {"id": N_("pseudoniem"), "alias": N_("kaartnaam"), "rank": N_("rang"),
                 "rank_interval": N_("rangband (5–95 %)"),
                 "certainty": N_("rangband en zekerheid"),
                 "p_top_k": N_("kans in de top"), "label": N_("naam"),
                 "kind": N_("soort"), "role": N_("rol"), "stage": N_("schakel"),
                 "vital_score": N_("vitale score"), "reason": N_("waarom vitaal")}


def _model(name: str | None) -> Any:
    from ..interventions import load_barrier_model

    try:
        return load_barrier_model(str(name)) if name else None
    except Exception:  # noqa: BLE001 - an own model file: labels fall back to the ids
        return None


def _kind_label(kind: Any) -> str:
    from ..viz.payload import kind_label  # the one kind name, in the output's language

    return kind_label(str(kind))


_ACTION_ID = re.compile(r" \([a-z0-9_]+\)(?=:)")


def _matrix_long(df: pd.DataFrame | None, model: Any) -> pd.DataFrame | None:
    """The barrier matrix as one row per (stage, partner) with barriers: it prints on A4 portrait
    whatever the number of partners (the wide stages × partners grid does not)."""
    if df is None:
        return None
    rows = []
    for stage, r in df.iterrows():
        label = str(r.get("stage_label") or stage_label(model, stage))
        for col in df.columns:
            if col == "stage_label":
                continue
            v = str(r[col]).strip() if pd.notna(r[col]) else ""
            # one line per barrier: "name (action_id): #1, #3"; the page shows the name and
            # the vital actors, and leaves out barriers that apply to none of the top ranks
            lines = [_ACTION_ID.sub("", ln) for ln in v.splitlines()]
            v = "\n".join(ln for ln in lines if ln.strip() and not ln.rstrip().endswith("—"))
            if v:
                rows.append({_("schakel"): label, _("partner"): partner_label(model, col),
                             _("barrières (vitale actoren)"): v})
    return pd.DataFrame(rows, columns=[_("schakel"), _("partner"), _("barrières (vitale actoren)")])


def _vital_view(df: pd.DataFrame | None, model: Any) -> pd.DataFrame | None:
    if df is None:
        return None
    v = df.copy()
    if "kind" in v.columns:
        v["kind"] = v["kind"].map(_kind_label)
    if "stage" in v.columns:
        v["stage"] = v["stage"].map(lambda x: stage_label(model, x))
    if {"rank_interval", "certainty"} <= set(v.columns):  # one column on the page ("2–6, zeker");
        v["certainty"] = [f"{b}, {m}" if b else "" for b, m in  # the workbook keeps all three
                          zip(v["rank_interval"], v["certainty"], strict=True)]
        v = v.drop(columns=[c for c in ("rank_interval", "p_top_k") if c in v.columns])
    return v


def _plan_view(df: pd.DataFrame | None, model: Any) -> pd.DataFrame | None:
    if df is None or not set(PLAN_COLUMNS) <= set(df.columns):
        return df
    v = df[list(PLAN_COLUMNS)].copy()
    v["partner"] = v["partner"].map(lambda p: partner_label(model, p))
    v["target"] = v["target"].map(lambda t: target_text(model, t))
    return v


def _relations_text(by_kind: dict) -> str:
    parts = []
    for k, n in by_kind.items():
        lbl = relation_label(k)
        parts.append(f"{lbl} {n}" if lbl else None)
    return ", ".join(p for p in parts if p) if all(parts) else ""


def _case_view(c: CaseReport, anchor: int) -> dict[str, Any]:
    model = _model(c.model_name)
    summary = dict(c.summary)
    kinds = ", ".join(f"{_kind_label(k)} {n}" for k, n in (summary.get("nodes_by_kind") or {}).items())
    pkg = dict(summary.get("package") or {})
    return {
        "name": c.name, "rank": c.rank, "score": c.score, "crime_type": c.crime_type,
        "phenomenon": (model.label() if model is not None else None) or c.crime_type,
        "model_name": c.model_name, "criteria": list(c.criteria), "summary": summary,
        "nodes_text": kinds, "relations_text": _relations_text(summary.get("relations_by_kind") or {}),
        "stages_text": " → ".join(stage_label(model, s) for s in summary.get("stages") or []),
        "partners_text": ", ".join(partner_label(model, p) for p in summary.get("partners") or []),
        "package": pkg,
        "capacity_text": ", ".join(f"{partner_label(model, p)} {d:g}" for p, d in
                                   (pkg.get("capacity_used") or {}).items()),
        "breakdown_text": ", ".join(f"{_(OBJECTIVE_LABELS[k])} {v:.3f}" for k, v in
                                    (pkg.get("breakdown") or {}).items() if k in OBJECTIVE_LABELS),
        "anchor": anchor, "notes": list(c.notes), "error": c.error,
        "vital": table(_vital_view(c.vital, model), index="id"),
        "matrix": table(_matrix_long(c.matrix, model)),
        "plan": table(_plan_view(c.plan, model)),
        "map": sanitise_svg(c.map_svg),
        "criteria_chart": criteria_chart(c) if c.criteria else "",
        "stability_note": c.stability.explain() if c.stability is not None else "",
        "grading_note": c.grading_note,
        "timeline_chart": Markup(charts.timeline_svg(c.timeline, title=_("Tijdlijn van {naam}",
                                                                         naam=c.name)))
        if c.timeline else "",
        # the page shows the 40 most recent events (what a case meeting asks first); all are in
        # the workbook in date order
        "timeline": (table(_timeline_frame(c.timeline, newest_first=True), max_rows=40)
                     if c.timeline else None),
        "timeline_undated": (c.timeline or {}).get("undated", 0),
        "timeline_after": (c.timeline or {}).get("after", 0),
        "timeline_reference_date": (c.timeline or {}).get("reference_date"),
    }


def _timeline_frame(tl: dict[str, Any] | None, *, newest_first: bool = False
                    ) -> pd.DataFrame | None:
    """The timeline's events as a table users read (date, category, event, map names), in date
    order or newest first."""
    if not tl:
        return None
    events = list(tl["events"])[::-1] if newest_first else tl["events"]
    return pd.DataFrame([{_("datum"): e["d"], _("soort"): e["cl"], _("gebeurtenis"): e["e"],
                          _("knooppunten"): e["a"]} for e in events],
                        columns=[_("datum"), _("soort"), _("gebeurtenis"), _("knooppunten")])


def edition_selection(report: SelectionReport, edition: Any = None,
                      hidden: dict[str, Any] | None = None) -> SelectionReport:
    """The selection report as an edition may show it (:mod:`netwerk.governance.editions`).

    stuurgroep: per case the number of ranked actors per stage instead of the vital table, the
    barrier matrix as counts, package and plan as actions and person-days per partner and spectrum,
    no network drawing; partner:NAME: its own package and plan rows; casusoverleg: everything,
    with restricted attributes (``hidden``: case name -> hidden attribute values) scrubbed.
    Private partners get no case-selection report.
    """
    import dataclasses

    from ..errors import ConfigError, Reason
    from ..governance.editions import (
        edition_matrix,
        edition_plan,
        edition_vital,
        hidden_attribute_values,
        parse_edition,
    )

    ed = parse_edition(edition)
    if ed.kind == "private":
        raise ConfigError(_("een private partner krijgt geen rapport voor casusselectie "
                            "(need-to-know); gebruik `netwerk plan --edition {editie}`",
                            editie=ed.name), reason=Reason.NOT_FOR_EDITION)
    if ed.kind == "casusoverleg" and not hidden:
        return report
    cases = []
    for c in report.cases:
        if c.status != "ok":
            cases.append(c)
            continue
        h = (hidden or {}).get(c.name)
        if h is None:
            h = hidden_attribute_values(None, ed)

        cases.append(dataclasses.replace(
            c,
            vital=None if c.vital is None else edition_vital(c.vital, ed, hidden=h),
            matrix=None if c.matrix is None else edition_matrix(c.matrix, ed),
            actions=None if c.actions is None else edition_plan(c.actions, ed, hidden=h),
            plan=None if c.plan is None else edition_plan(c.plan, ed, hidden=h),
            map_svg=None if ed.kind == "stuurgroep" else c.map_svg,
            timeline=_edition_timeline(c.timeline, ed),
        ))
    return dataclasses.replace(report, cases=tuple(cases))


def _edition_timeline(tl: dict[str, Any] | None, ed: Any) -> dict[str, Any] | None:
    """The timeline an edition may see: none for the stuurgroep (case-level counts are in the
    summary), without the other partners' interventions for a partner."""
    if tl is None or ed.kind == "stuurgroep":
        return None
    if ed.kind != "partner":
        return tl
    events = [e for e in tl["events"] if e["c"] != "intervention"]
    cats = [c for c in tl["categories"] if c["name"] != "intervention"]
    return {**tl, "events": events, "categories": cats}


def explanation_sheet(report: SelectionReport) -> pd.DataFrame:
    """The texts that explain the tables of ``ranking.xlsx``: the grading policy and, per case,
    how the rank intervals were made (one row each)."""
    from ..analysis.grading import grading_policy_text

    rows = [{"onderwerp": _("gradering"), "casus": "", "toelichting": grading_policy_text()}]
    for c in report.ranked:
        if c.stability is not None:
            rows.append({"onderwerp": _("zekerheid van de rang"), "casus": c.name,
                         "toelichting": c.stability.explain()})
    return pd.DataFrame(rows, columns=["onderwerp", "casus", "toelichting"])


def render_selection_html(report: SelectionReport, *, edition: str = "casusoverleg") -> str:
    """The self-contained ``report.html`` of a selection (same report, same bytes)."""
    ranked = [_case_view(c, i) for i, c in enumerate(report.ranked, start=1)]
    errors = [_case_view(c, 0) for c in report.errors]
    first = report.ranked[0] if report.ranked else None
    weights = [{"label": k.label, "weight": k.weight, "formula": k.formula}
               for k in (first.criteria if first else ())]
    if not weights:
        share = report.weights.normalised()
        weights = [{"label": _(lbl), "weight": share[n], "formula": ""}
                   for n, lbl in CRITERIA.items()]
    return render_template(
        "report_selection.html.j2",
        cases=list(report.cases), ranked=ranked, errors=errors, params=dict(report.params),
        seed=report.seed, generated=report.generated, versions=dict(report.versions),
        criteria_labels=[(n, _(lbl)) for n, lbl in CRITERIA.items()], weights=weights,
        ranking_chart=ranking_chart(report.ranked), top_vital=TOP_VITAL, edition=edition,
        plan_headers={k: _(v) for k, v in PLAN_COLUMNS.items()},
        vital_headers={k: _(v) for k, v in VITAL_HEADERS.items()},
    )


def write_selection(report: SelectionReport, out_dir: str | Path, *, pdf: bool = True,
                    edition: Any = None, hidden: dict[str, Any] | None = None,
                    mark: Any = None, stuurgroep: Any = None) -> WriteResult:
    """Write the selection report into ``out_dir`` (created if needed).

    Parameters
    ----------
    report : SelectionReport
    out_dir : str or Path
    pdf : bool
        Also write ``report.pdf`` when WeasyPrint is importable (skipped silently otherwise; the
        result's ``notes`` say so).
    edition : str or Edition, optional
        ``casusoverleg`` (default), ``stuurgroep`` or ``partner:NAME`` (:func:`edition_selection`).
    hidden : dict, optional
        Case name -> hidden attribute values of the edition.
    mark : callable, optional
        Puts the classification marking on ``report.html`` before ``report.pdf`` is rendered
        from it (:meth:`netwerk.governance.Governance.mark`).
    stuurgroep : StuurgroepConfig or path, optional
        Regional settings of the stuurgroep edition (default: the shipped ``stuurgroep.yaml``).
        The stuurgroep edition's ``report.html`` is the portfolio and one casusvoorstel per case
        (:mod:`netwerk.report.stuurgroep`), with ``stuurgroep.csv`` beside it.

    Returns
    -------
    WriteResult
        ``files`` written (provenance.json last) and ``open_first`` = ``report.html``.
    """
    from ..governance.editions import parse_edition

    ed = parse_edition(edition)
    full = report
    report = edition_selection(report, ed, hidden)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    ranking = report.ranking()
    files = [write_csv(ranking, out / "ranking.csv")]
    breakdown = report.breakdown()
    share = report.weights.normalised()
    weights = pd.DataFrame({"criterion": list(CRITERIA), "label": list(CRITERIA.values()),
                            "weight": [share[n] for n in CRITERIA]})
    sheets = {"ranking": ranking, "breakdown": breakdown, "weights": weights,
              "toelichting": explanation_sheet(report)}
    for c in report.ranked:
        tl = _timeline_frame(c.timeline)
        for label, df in (("vital", c.vital), ("package", c.actions), ("plan", c.plan),
                          ("tijdlijn", tl)):
            if df is not None and len(df):
                sheets[f"{c.rank} {label}"] = (df.reset_index() if label == "vital"
                                               and ed.person_level else df)
    files.append(write_xlsx(sheets, out / "ranking.xlsx"))
    if ed.kind == "stuurgroep":  # cases, not persons: built from case-level facts only
        from .stuurgroep import build_stuurgroep, render_stuurgroep_html, stuurgroep_table

        sg = build_stuurgroep(full, stuurgroep)
        files.append(write_csv(stuurgroep_table(sg), out / "stuurgroep.csv"))
        html = render_stuurgroep_html(sg)
    else:
        html = render_selection_html(report, edition=ed.kind)
    page_files, notes = write_page(html, out / "report.html", pdf=pdf, mark=mark)
    html_path = page_files[0]
    files.extend(page_files)
    cases = [{"case": c.name, "status": c.status, "rank": c.rank, "score": c.score,
              "error": c.error, **dict(c.provenance)} for c in report.cases]
    from ..analysis.grading import grading_policy_record

    rec = provenance_record(
        "report", inputs=[{**f, "case": c.name} for c in report.cases for f in c.provenance.get("files", [])],
        config={**dict(report.params), "grading_policy": grading_policy_record()},
        seed=report.seed,
        key_fingerprints=[fp for c in cases for fp in c.get("key_fingerprints", [])],
        rows={"cases": len(report.cases), "ranked": len(report.ranked)}, outputs=files,
        notes=notes, extra={"cases": cases})
    prov = write_provenance(out, rec)
    return WriteResult(files=tuple(files) + (prov,), open_first=html_path, notes=tuple(notes))
