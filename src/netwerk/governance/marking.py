"""Classification marking and the human-decision statement on every output.

Every file netwerk writes from a case carries a marking made from the case record and the edition,
e.g. ``"Vertrouwelijk — alleen voor casusoverleg hennep-oost, d.d. 2026-11-30; niet verder
verstrekken"``, and the statement that the output supports and does not make decisions:

* HTML: a banner after ``<body>`` and a footer before ``</body>`` (so the PDF made from it has both);
* CSV: the first row (one cell); read the table back with :func:`read_marked_csv`;
* XLSX: a first sheet ``Markering`` (marking, statement, recorded decisions) and the marking as the
  printed header and footer of every sheet; the data sheets are not shifted;
* Markdown: a quoted header block and a footer line;
* JSON: a top-level ``"marking"`` key; GEXF/GraphML/XML: a comment after the XML declaration.

References
----------
- AVG art. 22 and Wpg art. 7a / Directive 2016/680 art. 11 (no decision with legal effect based
  solely on automated processing, including profiling, AVG art. 4(4)); CJEU C-634/21 *SCHUFA*.
- Decision-layer review §5.3 and §5.7.

Examples
--------
>>> from netwerk.governance.editions import Edition
>>> from netwerk.governance.record import CaseRecord
>>> rec = CaseRecord("hennep-oost", classification="Vertrouwelijk")
>>> marking_text(rec, Edition("casusoverleg"), on="2026-11-30")
'Vertrouwelijk — alleen voor casusoverleg hennep-oost, d.d. 2026-11-30; niet verder verstrekken'
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from ..i18n import _
from .editions import Edition
from .record import CaseRecord

__all__ = [
    "DECISION_STATEMENT_NL",
    "DECISION_STATEMENT_EN",
    "MARKING_SHEET",
    "marking_text",
    "decision_statement",
    "mark_file",
    "is_marked",
    "read_marked_csv",
    "MARKABLE_SUFFIXES",
]

DECISION_STATEMENT_NL = (
    "Hulpmiddel, geen besluit: deze uitvoer ondersteunt het gesprek en de besluitvorming van de "
    "partners en neemt zelf geen besluit. Een netwerkscore (vitaliteit, rangorde, pakketkeuze) is "
    "geen feit voor een Bibob-, 13b- of ander besluit met rechtsgevolg: zo'n besluit rust op de "
    "brongegevens van de partners (extract, regel, registratienummer) en op een eigen afweging "
    "door het bevoegd gezag (AVG art. 22; Wpg art. 7a)."
)
DECISION_STATEMENT_EN = (
    "Decision support, not a decision: this output supports the partners' discussion and decisions "
    "and makes none itself. A network score is not a fact for a Bibob, 13b or other decision with "
    "legal effect: such a decision rests on the partners' source records and on the competent "
    "authority's own assessment (GDPR art. 22; Wpg art. 7a)."
)
#: Name of the first sheet of every marked workbook.
MARKING_SHEET = "Markering"
#: File kinds :func:`mark_file` can mark.
MARKABLE_SUFFIXES = (".html", ".htm", ".csv", ".xlsx", ".md", ".json", ".gexf", ".graphml", ".xml")


def marking_text(record: CaseRecord, edition: Edition, *, on: str | dt.date | None = None) -> str:
    """The classification marking of one output.

    Parameters
    ----------
    record : CaseRecord
        Gives the case name and classification (training cases say so).
    edition : Edition
    on : date or str, optional
        The date printed (default: today).
    """
    day = on.isoformat() if isinstance(on, dt.date) else (on or dt.date.today().isoformat())
    cls = record.classification or "Vertrouwelijk"
    if record.training:
        cls = f"{cls} (oefencasus, synthetische gegevens)" if cls != "Oefening" else \
            "Oefening — oefencasus op synthetische gegevens"
    return (f"{cls} — alleen voor {edition.label_nl} {record.case_name}, d.d. {day}; "
            "niet verder verstrekken")


def decision_statement(decisions: pd.DataFrame | None = None, *,
                       lang: str | None = None) -> list[str]:
    """The human-decision statement, followed by one line per recorded decision.

    Parameters
    ----------
    decisions : DataFrame, optional
        :func:`netwerk.governance.read_decisions` of the case.
    lang : {"nl", "en"}, optional
        Language of the statement (default: the current language, :func:`netwerk.i18n.language`,
        so ``netwerk --lang en`` outputs carry the English statement).

    Examples
    --------
    >>> decision_statement()[0].startswith("Hulpmiddel, geen besluit")
    True
    """
    if lang is None:
        from ..i18n import language

        lang = language()
    lines = [DECISION_STATEMENT_NL if lang == "nl" else DECISION_STATEMENT_EN]
    if decisions is not None and len(decisions):
        for r in decisions.to_dict("records"):
            d = r["decided_on"]
            day = d.isoformat() if hasattr(d, "isoformat") else str(d)
            day = day[:10]
            def dot(t: str) -> str:
                t = str(t).strip()
                return t if t.endswith((".", "!", "?")) else t + "."

            s = (f"Besluit {r['decision_id']} door {r['decided_by']} op {day}: "
                 f"{dot(r['decision'])} Redenen: {dot(r['reasons'])}")
            if r.get("alternatives"):
                s += f" Overwogen alternatieven: {dot(r['alternatives'])}"
            if r.get("reservations"):
                s += f" Voorbehouden: {dot(r['reservations'])}"
            lines.append(s)
    return lines


# --- writers per format ----------------------------------------------------------------------------

_HTML_CLASS = "netwerk-marking"


def _html_blocks(marking: str, statement: Sequence[str]) -> tuple[str, str]:
    m = html.escape(marking)
    st = "".join(f"<div>{html.escape(s)}</div>" for s in statement)
    # no inline style: pages with a strict Content-Security-Policy (the map) would refuse it
    head = (f'<div class="{_HTML_CLASS}" role="note" data-marking="{m}">'
            f"<p><strong>{m}</strong></p>{st}</div>")
    foot = f'<footer class="{_HTML_CLASS}-footer" role="note"><strong>{m}</strong></footer>'
    return head, foot


def _mark_html(text: str, marking: str, statement: Sequence[str]) -> str:
    head, foot = _html_blocks(marking, statement)
    low = text.lower()
    i = low.find("<body")
    if i >= 0:
        j = text.find(">", i) + 1
        text = text[:j] + "\n" + head + text[j:]
    else:
        text = head + "\n" + text
    k = text.lower().rfind("</body>")
    text = text[:k] + foot + "\n" + text[k:] if k >= 0 else text + "\n" + foot
    return text


def _mark_csv(raw: bytes, marking: str) -> bytes:
    bom = raw.startswith(b"\xef\xbb\xbf")
    body = raw[3:] if bom else raw
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow([marking])
    first = buf.getvalue()
    return (b"\xef\xbb\xbf" if bom else b"") + first.encode("utf-8") + body


def _mark_markdown(text: str, marking: str, statement: Sequence[str]) -> str:
    from ..io import md_escape as esc

    head = [f"> **{esc(marking)}**", ">"] + [f"> {esc(s)}" for s in statement] + ["", ""]
    return "\n".join(head) + text.rstrip("\n") + f"\n\n---\n\n_{esc(marking)}_\n"


def _mark_xlsx(path: Path, marking: str, statement: Sequence[str]) -> None:
    from openpyxl import load_workbook
    from openpyxl.styles import Font

    from ..io import neutralise, save_workbook

    wb = load_workbook(path)
    if MARKING_SHEET in wb.sheetnames:
        del wb[MARKING_SHEET]
    for ws in wb.worksheets:
        ws.oddHeader.center.text = marking.replace("&", "&&")
        ws.oddFooter.center.text = marking.replace("&", "&&")
    ws = wb.create_sheet(MARKING_SHEET, 0)
    ws["A1"] = neutralise(marking)
    ws["A1"].font = Font(bold=True, color="AA0000")
    for i, s in enumerate(statement, start=2):
        ws.cell(row=i, column=1, value=neutralise(s))
    ws.column_dimensions["A"].width = 120
    ws.oddHeader.center.text = marking.replace("&", "&&")
    wb.active = 0
    save_workbook(wb, path)


def _mark_xml(text: str, marking: str) -> str:
    comment = f"<!-- {marking.replace('--', '—')} -->"
    if text.startswith("<?xml"):
        end = text.find("?>") + 2
        return text[:end] + "\n" + comment + text[end:]
    return comment + "\n" + text


def mark_file(path: str | Path, marking: str, *, statement: Sequence[str] = ()) -> Path:
    """Put ``marking`` (and the decision ``statement`` lines, where the format has room) on a file.

    Idempotent: a file that already carries this marking is left alone.

    Raises
    ------
    ValueError
        For a file kind that cannot be marked (see :data:`MARKABLE_SUFFIXES`).
    LeakError
        If the marking or a statement line holds a raw-looking identifier (:mod:`netwerk.guard`).
    """
    from ..guard import active_patterns, check_no_raw_identifiers
    from ..privacy import mask_name

    p = Path(path)
    check_no_raw_identifiers([(_("rubricering"), marking), *((_("besluiten"), s) for s in statement)],
                             what=mask_name(p.name, active_patterns()), source="case")
    suffix = p.suffix.lower()
    if suffix not in MARKABLE_SUFFIXES:
        raise ValueError(_("{pad}: een '{soort}'-bestand kan geen rubricering krijgen", pad=p,
                           soort=suffix))
    if is_marked(p, marking):
        return p
    if suffix in (".html", ".htm"):
        p.write_text(_mark_html(p.read_text("utf-8"), marking, statement), encoding="utf-8")
    elif suffix == ".csv":
        p.write_bytes(_mark_csv(p.read_bytes(), marking))
    elif suffix == ".xlsx":
        _mark_xlsx(p, marking, statement)
    elif suffix == ".md":
        p.write_text(_mark_markdown(p.read_text("utf-8"), marking, statement), encoding="utf-8")
    elif suffix == ".json":
        data = json.loads(p.read_text("utf-8"))
        if isinstance(data, dict):
            data = {"marking": marking, **data}
        else:
            data = {"marking": marking, "data": data}
        p.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n",
                     encoding="utf-8")
    else:
        p.write_text(_mark_xml(p.read_text("utf-8"), marking), encoding="utf-8")
    return p


def is_marked(path: str | Path, marking: str | None = None) -> bool:
    """Whether a file carries a marking (``marking`` exactly, or any netwerk marking).

    A marking counts where the format puts it: first row of a CSV, first sheet of a workbook,
    first block of a Markdown file, banner and footer of an HTML page, ``marking`` key of JSON.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if not p.is_file():
        return False

    def ok(s: str | None) -> bool:
        if not s:
            return False
        return (marking in s) if marking else ("niet verder verstrekken" in s)

    if suffix == ".csv":
        with open(p, encoding="utf-8-sig", newline="") as fh:
            first = next(csv.reader(fh), [])
        return len(first) == 1 and ok(first[0])
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(p, read_only=True)
        try:
            if not wb.sheetnames or wb.sheetnames[0] != MARKING_SHEET:
                return False
            v = wb[MARKING_SHEET]["A1"].value
            return ok(str(v).lstrip("'") if v is not None else None)
        finally:
            wb.close()
    text = p.read_text("utf-8", errors="replace")
    if suffix in (".html", ".htm"):
        return (f'class="{_HTML_CLASS}"' in text and f'class="{_HTML_CLASS}-footer"' in text
                and ok(html.unescape(text)))
    if suffix == ".md":
        head = text.split("\n", 1)[0]
        return head.startswith("> **") and ok(head.replace("\\", ""))
    if suffix == ".json":
        try:
            data = json.loads(text)
        except ValueError:
            return False
        return isinstance(data, dict) and ok(data.get("marking"))
    return ok(text[:2000])


def read_marked_csv(path: str | Path, **kwargs: Any) -> pd.DataFrame:
    """Read a CSV netwerk wrote, skipping its marking row (identifiers as strings)."""
    p = Path(path)
    skip = 1 if is_marked(p) else 0
    kwargs.setdefault("dtype", str)
    kwargs.setdefault("keep_default_na", False)
    return pd.read_csv(p, skiprows=skip, encoding="utf-8-sig", **kwargs)
