"""Write a case-selection report to a folder: ranking.csv, ranking.xlsx, report.html, report.pdf
(where WeasyPrint is installed) and provenance.json."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from ..provenance import provenance_record, write_provenance
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
    write_pdf,
    write_xlsx,
)

__all__ = ["write_selection", "render_selection_html", "edition_selection"]

log = logging.getLogger(__name__)


#: Columns of the package and the action plan shown on a case page (all columns go to the xlsx).
PACKAGE_COLUMNS = ["order", "target", "label", "stage", "name_nl", "partner", "spectrum",
                   "effort_days", "lead_time", "marginal_effect", "depends_on"]
PLAN_COLUMNS = ["partner", "order", "target", "target_role", "action", "legal_basis", "rationale",
                "start_window", "depends_on"]


def _matrix(df):
    """The barrier matrix without partner columns that are empty at every stage."""
    if df is None:
        return None
    keep = [c for c in df.columns if c == "stage_label" or df[c].astype(str).str.strip().ne("").any()]
    return df[keep]


def _case_view(c: CaseReport, anchor: int) -> dict[str, Any]:
    return {
        "name": c.name, "rank": c.rank, "score": c.score, "crime_type": c.crime_type,
        "model_name": c.model_name, "criteria": list(c.criteria), "summary": dict(c.summary),
        "anchor": anchor, "notes": list(c.notes), "error": c.error,
        "vital": table(c.vital, index="id"),
        "matrix": table(_matrix(c.matrix),
                        index=(c.matrix.index.name or "stage") if c.matrix is not None else None),
        "actions": table(c.actions, columns=PACKAGE_COLUMNS if c.actions is not None and
                         set(PACKAGE_COLUMNS) <= set(c.actions.columns) else None),
        "plan": table(c.plan, columns=PLAN_COLUMNS if c.plan is not None and
                      set(PLAN_COLUMNS) <= set(c.plan.columns) else None),
        "map": sanitise_svg(c.map_svg),
        "criteria_chart": criteria_chart(c) if c.criteria else "",
    }


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
        raise ConfigError("a private partner gets no case-selection report (need-to-know); use "
                          f"`netwerk plan --edition {ed.name}`", reason=Reason.NOT_FOR_EDITION)
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
        ))
    return dataclasses.replace(report, cases=tuple(cases))


def render_selection_html(report: SelectionReport, *, edition: str = "casusoverleg") -> str:
    """The self-contained ``report.html`` of a selection (same report, same bytes)."""
    ranked = [_case_view(c, i) for i, c in enumerate(report.ranked, start=1)]
    errors = [_case_view(c, 0) for c in report.errors]
    first = report.ranked[0] if report.ranked else None
    weights = [{"label": k.label, "weight": k.weight, "formula": k.formula}
               for k in (first.criteria if first else ())]
    if not weights:
        share = report.weights.normalised()
        weights = [{"label": lbl, "weight": share[n], "formula": ""} for n, lbl in CRITERIA.items()]
    return render_template(
        "report_selection.html.j2",
        cases=list(report.cases), ranked=ranked, errors=errors, params=dict(report.params),
        seed=report.seed, generated=report.generated, versions=dict(report.versions),
        criteria_labels=list(CRITERIA.items()), weights=weights,
        ranking_chart=ranking_chart(report.ranked), top_vital=TOP_VITAL, edition=edition,
    )


def write_selection(report: SelectionReport, out_dir: str | Path, *, pdf: bool = True,
                    edition: Any = None, hidden: dict[str, Any] | None = None,
                    mark: Any = None) -> WriteResult:
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

    Returns
    -------
    WriteResult
        ``files`` written (provenance.json last) and ``open_first`` = ``report.html``.
    """
    from ..governance.editions import parse_edition

    ed = parse_edition(edition)
    report = edition_selection(report, ed, hidden)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    notes: list[str] = []
    ranking = report.ranking()
    files = [write_csv(ranking, out / "ranking.csv")]
    breakdown = report.breakdown()
    share = report.weights.normalised()
    import pandas as pd

    weights = pd.DataFrame({"criterion": list(CRITERIA), "label": list(CRITERIA.values()),
                            "weight": [share[n] for n in CRITERIA]})
    sheets = {"ranking": ranking, "breakdown": breakdown, "weights": weights}
    for c in report.ranked:
        for label, df in (("vital", c.vital), ("package", c.actions), ("plan", c.plan)):
            if df is not None and len(df):
                sheets[f"{c.rank} {label}"] = (df.reset_index() if label == "vital"
                                               and ed.person_level else df)
    files.append(write_xlsx(sheets, out / "ranking.xlsx"))
    html = render_selection_html(report, edition=ed.kind)
    html_path = out / "report.html"
    html_path.write_text(html, encoding="utf-8", newline="\n")
    if mark is not None:  # classification marking before the PDF is rendered from the page
        mark(html_path)
        html = html_path.read_text("utf-8")
    files.append(html_path)
    if pdf:
        pdf_path = write_pdf(html, out / "report.pdf")
        if pdf_path is None:
            notes.append("report.pdf not written: WeasyPrint is not installed "
                         "(pip install 'netwerk[pdf]')")
        else:
            files.append(pdf_path)
    cases = [{"case": c.name, "status": c.status, "rank": c.rank, "score": c.score,
              "error": c.error, **dict(c.provenance)} for c in report.cases]
    rec = provenance_record(
        "report", inputs=[{**f, "case": c.name} for c in report.cases for f in c.provenance.get("files", [])],
        config=dict(report.params), seed=report.seed,
        key_fingerprints=[fp for c in cases for fp in c.get("key_fingerprints", [])],
        rows={"cases": len(report.cases), "ranked": len(report.ranked)}, outputs=files,
        notes=notes, extra={"cases": cases})
    prov = write_provenance(out, rec)
    return WriteResult(files=tuple(files) + (prov,), open_first=html_path, notes=tuple(notes))
