"""Workbooks as partners' tools write them, for the workbook fault-class tests of issue 9
(review 7: sheet names, formulas, hidden rows and columns, unreadable files): built with openpyxl,
and where openpyxl cannot write what Excel writes (a formula's stored result), by editing the
worksheet XML as Excel would have saved it."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ingest_faults import HEADER

NAMES = HEADER.split(";")


def person(i: int, *, pn: bool = True, bsn: str = "", rol: str = "koerier") -> list[str]:
    return [f"PN{i:08d}" if pn else "", bsn, f"Jansen{i}", "Jan", "01-02-1980", rol,
            "01-01-2024"]


def book(path: Path, sheets: dict[str, list[list]], *, hidden: tuple[str, ...] = (),
         charts: tuple[str, ...] = (), setup=None) -> Path:
    """A workbook with ``sheets`` (title -> rows), sheets in ``hidden`` hidden, chart sheets
    ``charts`` (no drawing) after them; ``setup(wb)`` may change it before it is saved."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
        if title in hidden:
            ws.sheet_state = "hidden"
    for title in charts:
        wb.create_chartsheet(title)
    if setup is not None:
        setup(wb)
    wb.save(path)
    return path


def hide(rows=(), cols=(), sheet="Blad1", filter_ref=None):
    """A ``setup`` for :func:`book`: hide ``rows`` (Excel numbers) and ``cols`` (letters) of
    ``sheet``, with an AutoFilter on ``filter_ref`` when given (as a partner's filtered view)."""
    def setup(wb):
        ws = wb[sheet]
        if filter_ref:
            ws.auto_filter.ref = filter_ref
        for r in rows:
            ws.row_dimensions[r].hidden = True
        for c in cols:
            ws.column_dimensions[c].hidden = True
    return setup


def store_results(path: Path, results: dict[str, str], *, cell_type: str = "str") -> Path:
    """Write the stored text result of formula cells (cell reference -> value) into every
    worksheet, as Excel does when it saves: ``<c t="str"><f>…</f><v>value</v>`` (openpyxl writes
    an empty ``<v>``); ``cell_type="e"`` for a formula that failed (``<v>#N/A</v>``)."""
    src = zipfile.ZipFile(path)
    items = [(i, src.read(i.filename)) for i in src.infolist()]
    src.close()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in items:
            if info.filename.startswith("xl/worksheets/sheet"):
                text = data.decode("utf-8")
                for ref, value in results.items():
                    text = re.sub(rf'<c r="{ref}"([^>]*)>(<f>[^<]*</f>)<v\s*/?>(</v>)?',
                                  rf'<c r="{ref}" t="{cell_type}"\g<1>>\g<2><v>{value}</v>',
                                  text)
                data = text.encode("utf-8")
            out.writestr(info, data)
    return path
