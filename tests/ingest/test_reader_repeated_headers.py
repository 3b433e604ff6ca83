"""Class: a header row repeated inside the data (two exports pasted one under the other), on
every reader. The CSV rule holds for XLSX (per sheet, also when all sheets that share the header
are read) and Parquet: a row that is the header again after the first header's cleaning (BOM,
case, spaces, NBSP, zero-width characters, trailing CRs) is skipped and counted as a repeated
header; the header's names in another order refuse the file (``field_count``) naming the row.
Members covered: each cleaning on CSV (fast and quoted path), XLSX and Parquet with the same
rows, row numbers, counts, rejects and pseudonyms; a repeat in the second of two sheets read
together; a repeat as the last row; a permuted repeat in XLSX (sheet and Excel row named),
in the second sheet, and in Parquet; no cell text in any message."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from ingest_faults import HEADER, KEY, spec

from netwerk.errors import InputError
from netwerk.ingest.pseudonymise import pseudonymise_file
from netwerk.ingest.readers import read_table

NAMES = HEADER.split(";")
GOOD1 = ["PN01", "111222333", "Jansen", "Jan", "01-02-1980", "koerier", "01-01-2024"]
GOOD2 = ["PN02", "123456782", "Bakker", "Els", "03-04-1975", "financier", "02-01-2024"]
GOOD3 = ["PN03", "", "Smit", "Ans", "07-08-1960", "teler", "04-01-2024"]

REPEATS = {
    "exact": NAMES,
    "BOM": ["\ufeff" + NAMES[0], *NAMES[1:]],
    "BOM read as cp1252": ["\u00ef\u00bb\u00bf" + NAMES[0], *NAMES[1:]],
    "upper case": [n.upper() for n in NAMES],
    "spaces, NBSP and zero-width": [f" {n}\u00a0" if i % 2 else f"\u200b{n} "
                                    for i, n in enumerate(NAMES)],
    "soft hyphens": [n[:3] + "\u00ad" + n[3:] for n in NAMES],
    "trailing CRs": [*NAMES[:-1], NAMES[-1] + "\r\r"],
}


def _write(path, rows: list[list[str]], fmt: str, sheets: dict[str, list[list[str]]] | None = None):
    """The same rows (header first) as the partner's tool writes them: CSV bytes, an XLSX with
    text cells, or a Parquet file of strings (header row as the column names)."""
    if fmt in {"csv", "quoted"}:
        lines = [";".join(r) for r in rows]
        if fmt == "quoted":
            lines[1] = lines[1].replace(";koerier;", ';"koerier";')
        path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    elif fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        wb.remove(wb.active)
        for title, body in (sheets or {"Blad1": rows}).items():
            ws = wb.create_sheet(title)
            for r in body:
                ws.append(r)
        wb.save(path)
    else:
        cols = {n: pa.array([r[i] or None for r in rows[1:]], pa.string())
                for i, n in enumerate(rows[0])}
        pq.write_table(pa.table(cols), path)
    return path


def _spec(fmt: str):
    return spec(format="xlsx" if fmt == "xlsx" else "parquet" if fmt == "parquet" else "csv")


def _run(tmp_path, rows, fmt, sheets=None):
    d = tmp_path / fmt
    d.mkdir()
    ext = {"quoted": "csv"}.get(fmt, fmt)
    raw = _write(d / f"p.{ext}", rows, fmt, sheets)
    res = pseudonymise_file(raw, _spec(fmt), KEY, d / "out" / f"p.{ext}")
    rej = pd.read_csv(d / "out" / f"p.{ext}.rejects.csv", dtype=str, keep_default_na=False)
    out = read_table(d / "out" / f"p.{ext}", _spec(fmt), shared=True)
    return {"rows_read": res.rows_read, "rows_written": res.rows_written,
            "empty_lines": res.empty_lines, "repeated_headers": res.repeated_headers,
            "rejects": [tuple(r) for r in rej[["row", "column", "reason"]].itertuples(index=False)],
            "persoonsnummer": out["persoonsnummer"].tolist(),
            "naam_geboortedatum": out["naam_geboortedatum"].tolist()}


FORMATS = ["csv", "quoted", "xlsx", "parquet"]


@pytest.mark.parametrize("again", list(REPEATS.values()), ids=list(REPEATS))
def test_repeated_header_is_skipped_and_counted_by_all_four_readers(tmp_path, again):
    rows = [NAMES, GOOD1, again, GOOD2, GOOD3]
    got = {fmt: _run(tmp_path, rows, fmt) for fmt in FORMATS}
    first = got["csv"]
    assert (first["rows_read"], first["rows_written"], first["repeated_headers"]) == (3, 3, 1)
    assert first["rejects"] == []
    assert first["persoonsnummer"][0] != "PN01"  # pseudonymised, and no header row among them
    for fmt, res in got.items():
        assert res == first, fmt


def test_repeated_header_as_the_last_row_and_twice(tmp_path):
    rows = [NAMES, GOOD1, REPEATS["upper case"], GOOD2, NAMES]
    got = {fmt: _run(tmp_path, rows, fmt) for fmt in FORMATS}
    for fmt, res in got.items():
        assert (res["rows_read"], res["rows_written"], res["repeated_headers"]) == (2, 2, 2), fmt
        assert res == got["csv"], fmt


def test_xlsx_rows_keep_their_numbers_after_a_repeated_header(tmp_path):
    p = _write(tmp_path / "p.xlsx", [NAMES, GOOD1, REPEATS["BOM"], GOOD2], "xlsx")
    df = read_table(p, _spec("xlsx"), shared=False)
    assert df["persoonsnummer"].tolist() == ["PN01", "PN02"]
    assert df["_row"].tolist() == [2, 4]  # the real Excel rows (row 3 is the repeat)
    assert df.attrs["repeated_headers"] == 1


def test_repeated_header_inside_the_second_of_two_sheets_read_together(tmp_path):
    sheets = {"2023": [NAMES, GOOD1], "2024": [NAMES, GOOD2, REPEATS["spaces, NBSP and zero-width"],
                                               GOOD3]}
    p = _write(tmp_path / "p.xlsx", [], "xlsx", sheets)
    df = read_table(p, _spec("xlsx"), shared=False)
    assert df["persoonsnummer"].tolist() == ["PN01", "PN02", "PN03"]
    assert df.attrs["repeated_headers"] == 1
    assert any("'2023', '2024'" in n for n in df.attrs["notes"])


PERMUTED = [NAMES[0], NAMES[1], NAMES[3], NAMES[2], *NAMES[4:]]  # voornamen before achternaam
SWAPPED = ["PN04", "", "Jan", "Jansen", "01-02-1980", "koerier", "01-01-2024"]


@pytest.mark.parametrize("fmt, where", [
    ("xlsx", "werkblad 'Blad1' rij 4 is de kop opnieuw"),  # Excel's row number
    ("parquet", "rij 3 is de kop opnieuw"),  # the data row
    ("csv", "regel 4 is de kop opnieuw"),
])
def test_header_in_another_column_order_refuses_the_file_naming_the_row(tmp_path, fmt, where):
    rows = [NAMES, GOOD1, GOOD2, [c.upper() for c in PERMUTED], SWAPPED]
    p = _write(tmp_path / f"p.{fmt}", rows, fmt)
    with pytest.raises(InputError) as e:
        read_table(p, _spec(fmt), shared=False)
    assert str(e.value.reason) == "field_count" and where in str(e.value)
    assert "volgorde" in str(e.value) and "Jansen" not in str(e.value)
    assert "PN04" not in str(e.value)


def test_permuted_header_in_the_second_sheet_names_that_sheet(tmp_path):
    sheets = {"2023": [NAMES, GOOD1], "2024": [NAMES, GOOD2, PERMUTED, SWAPPED]}
    p = _write(tmp_path / "p.xlsx", [], "xlsx", sheets)
    with pytest.raises(InputError, match="werkblad '2024' rij 3 is de kop opnieuw"):
        read_table(p, _spec("xlsx"), shared=False)


def test_a_data_row_that_only_starts_like_the_header_is_kept(tmp_path):
    """A person whose first cell reads like a header name but whose other cells do not: data."""
    odd = ["persoonsnummer", *GOOD2[1:]]
    for fmt in ["xlsx", "parquet"]:
        p = _write(tmp_path / f"p.{fmt}", [NAMES, GOOD1, odd], fmt)
        df = read_table(p, _spec(fmt), shared=False)
        assert len(df) == 2 and df.attrs["repeated_headers"] == 0, fmt
