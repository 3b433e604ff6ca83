"""Class: wrong row numbers. Rule: a row is named where the analyst finds it. In a workbook every
reject, message and the rejects CSV name the sheet and that sheet's own Excel row (the number
at Excel's left margin), whatever sheet it is on, however many rows are above the header and
however many repeated headers or empty rows were skipped; the rejects CSV of a workbook has a
``sheet`` column. A CSV's ``row`` is its line minus one (the header line is row 0, messages say
``regel`` = line), also when lines above the header were skipped; a Parquet file's ``row`` is the
1-based record number. Members covered: rejects on sheets 2 and 3 of a workbook read whole (each
its own rows, sorted by sheet then row), a title above the header of sheet 3 only, skipped empty
rows and repeated headers before a reject, masked-cell lines (``raw_in_text: mask``), the
already-pseudonymised and the raw-identifier-in-text refusals, the permuted-header refusal,
Parquet rows from 1, a CSV with a BOM and a blank first line; counts reconcile."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from ingest_faults import HEADER, KEY, spec
from xlsx_build import book as _book

from netwerk.errors import InputError, LeakError
from netwerk.i18n import using
from netwerk.ingest.pseudonymise import pseudonymise_file
from netwerk.ingest.readers import read_table

NAMES = HEADER.split(";")


def _person(i: int, *, pn: bool = True, bsn: str = "", rol: str = "koerier") -> list[str]:
    return [f"PN{i:02d}" if pn else "", bsn, f"Jansen{i}", "Jan", "01-02-1980", rol, "01-01-2024"]


#: three sheets sharing the header; rejects (no persoonsnummer) on sheet 2 at Excel row 4 and on
#: sheet 3 at Excel rows 5 and 7 (a title and a blank row above its header, an empty row and a
#: repeated header before the second reject); an invalid optional BSN (cell emptied) on sheet 2
SHEETS = {
    "2023": [NAMES, _person(1), _person(2)],
    "2024": [NAMES, _person(3), _person(4, bsn="123456789"), _person(5, pn=False)],
    "2025": [["Export 2025"], [], NAMES, _person(6), _person(7, pn=False), [], NAMES,
             _person(8, pn=False), _person(9)],
}


@pytest.fixture
def book(tmp_path):
    return _book(tmp_path / "drie.xlsx", SHEETS)


def test_each_sheet_keeps_its_own_excel_rows(book):
    df = read_table(book, spec(format="xlsx"), shared=False)
    got = list(zip(df["_sheet"], df["_row"], df["persoonsnummer"].fillna(""), strict=True))
    assert got == [("2023", 2, "PN01"), ("2023", 3, "PN02"),
                   ("2024", 2, "PN03"), ("2024", 3, "PN04"), ("2024", 4, ""),
                   ("2025", 4, "PN06"), ("2025", 5, ""), ("2025", 8, ""), ("2025", 9, "PN09")]
    assert (df.attrs["empty_lines"], df.attrs["repeated_headers"], df.attrs["above_header"]) == (
        1, 1, 2)


def test_rejects_name_the_sheet_and_its_excel_row_end_to_end(book, tmp_path):
    out = tmp_path / "out" / "drie.xlsx"
    res = pseudonymise_file(book, spec(format="xlsx"), KEY, out)
    rej = pd.read_csv(f"{out}.rejects.csv", dtype=str, keep_default_na=False)
    assert list(rej.columns) == ["file", "sheet", "row", "column", "reason", "detail"]
    assert rej[["sheet", "row", "column", "reason"]].values.tolist() == [
        ["2024", "3", "bsn", "invalid_identifier"],
        ["2024", "4", "persoonsnummer", "missing_identifier"],
        ["2025", "5", "persoonsnummer", "missing_identifier"],
        ["2025", "8", "persoonsnummer", "missing_identifier"]]
    assert (res.rows_read, res.rows_written, res.rejects) == (9, 6, 3)
    # every row of every sheet is accounted for (one header per sheet)
    total = sum(len(r) for r in SHEETS.values())
    assert total == res.rows_read + res.empty_lines + res.repeated_headers \
        + res.rows_above_header + len(SHEETS)
    shared = read_table(out, spec(format="xlsx"), shared=True)
    assert "_sheet" not in shared.columns and len(shared) == 6
    assert shared["_row"].tolist() == list(range(2, 8))  # the shared workbook's own rows


def test_masked_cells_name_the_sheet_and_row(tmp_path):
    sheets = {"a": [NAMES, _person(1), _person(2, rol="zie BSN 111222333")],
              "b": [NAMES, _person(3, rol="bel 0612345678"), _person(4)]}
    p = _book(tmp_path / "m.xlsx", sheets)
    out = tmp_path / "out" / "m.xlsx"
    pseudonymise_file(p, spec(format="xlsx", raw_in_text="mask"), KEY, out)
    rej = pd.read_csv(f"{out}.rejects.csv", dtype=str)
    assert rej[["sheet", "row", "column", "reason"]].values.tolist() == [
        ["a", "3", "rol", "masked_raw_identifier"], ["b", "2", "rol", "masked_raw_identifier"]]


def test_refusals_name_the_sheet_with_the_row(tmp_path):
    sheets = {"a": [NAMES, _person(1), _person(2)],
              "b": [NAMES, _person(3), _person(4, rol="zie BSN 111222333")]}
    p = _book(tmp_path / "l.xlsx", sheets)
    with pytest.raises(LeakError) as e:
        pseudonymise_file(p, spec(format="xlsx"), KEY, tmp_path / "o1" / "l.xlsx")
    assert str(e.value).startswith("l.xlsx, werkblad 'b', rij 3: ")
    assert "gedeeld zouden worden: werkblad 'b': kolom 'rol' (tekstkolom): 1 rij" in str(e.value)
    assert e.value.row == 3 and e.value.column == "rol"
    pn = "PID-" + "0" * 24
    sheets = {"a": [NAMES, _person(1)], "b": [NAMES, _person(2), [pn, *_person(3)[1:]]]}
    p = _book(tmp_path / "p.xlsx", sheets)
    with pytest.raises(InputError) as e:
        pseudonymise_file(p, spec(format="xlsx"), KEY, tmp_path / "o2" / "p.xlsx")
    assert str(e.value.reason) == "already_pseudonymised"
    assert str(e.value).startswith("p.xlsx, werkblad 'b', rij 3: al gepseudonimiseerd")
    assert e.value.column == "persoonsnummer"
    with using("en"), pytest.raises(InputError, match=r"^p.xlsx, sheet 'b', row 3"):
        pseudonymise_file(p, spec(format="xlsx"), KEY, tmp_path / "o3" / "p.xlsx")


def test_permuted_header_below_a_title_names_the_excel_row(tmp_path):
    permuted = [NAMES[0], NAMES[1], NAMES[3], NAMES[2], *NAMES[4:]]
    p = _book(tmp_path / "x.xlsx", {"Blad1": [["Export"], NAMES, _person(1), permuted,
                                              _person(2)]})
    with pytest.raises(InputError, match="werkblad 'Blad1' rij 4 is de kop opnieuw"):
        read_table(p, spec(format="xlsx"), shared=False)


def test_parquet_rows_are_records_from_one(tmp_path):
    rows = [_person(1), _person(2, pn=False), [None] * 7, NAMES, _person(3, pn=False)]
    cols = {n: pa.array([r[i] or None for r in rows], pa.string()) for i, n in enumerate(NAMES)}
    p = tmp_path / "p.parquet"
    pq.write_table(pa.table(cols), p)
    df = read_table(p, spec(format="parquet"), shared=False)
    assert df["_row"].tolist() == [1, 2, 5]  # record 3 empty, record 4 a repeated header
    assert "_sheet" not in df.columns
    res = pseudonymise_file(p, spec(format="parquet"), KEY, tmp_path / "out" / "p.parquet")
    rej = pd.read_csv(tmp_path / "out" / "p.parquet.rejects.csv", dtype=str)
    assert list(rej.columns) == ["file", "row", "column", "reason", "detail"]
    assert rej["row"].tolist() == ["2", "5"] and res.rows_read == 3


@pytest.mark.parametrize("kw", [{}, {"chunk_bytes": 40}, {"workers": 2}],
                         ids=["one chunk", "small chunks", "workers=2"])
def test_csv_with_bom_and_blank_first_line_keeps_line_numbers(tmp_path, kw):
    lines = ["\ufeff", HEADER, ";".join(_person(1)), "", HEADER.upper(), ";".join(_person(2, pn=False))]
    p = tmp_path / "p.csv"
    p.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    res = pseudonymise_file(p, spec(), KEY, tmp_path / "out" / "p.csv", **kw)
    rej = pd.read_csv(tmp_path / "out" / "p.csv.rejects.csv", dtype=str)
    assert rej[["row", "column"]].values.tolist() == [["5", "persoonsnummer"]]  # line 6
    assert (res.rows_read, res.empty_lines, res.repeated_headers, res.rows_above_header) == (
        2, 1, 1, 1)
    assert len(lines) == res.rows_read + res.empty_lines + res.repeated_headers \
        + res.rows_above_header + 1
