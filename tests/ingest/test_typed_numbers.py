"""Class: numbers in typed files (review7 Q1). Every number type a Parquet or XLSX file can hold is
a number: an amount is written into the text frame with the spec's decimal mark and never
re-parsed with the Dutch thousands rule (``12.345`` euro stays 12.345, ``1000`` stays 1000), and
an identifier column keeps the integer rule (integer-valued -> the integer, anything else refused).

Members: Parquet ``decimal128`` (small and full precision, scale 0-10), ``decimal256``, ``int8``
.. ``int64``, ``uint8`` .. ``uint64``, ``float16``/``float32``/``float64``, pandas nullable
``Int64``/``Float64`` (with a missing cell), an ``int64`` column with a missing cell (exact, not
via float), XLSX number cells; numpy scalar types; both decimal marks. Each through
:func:`read_table`, and end to end through :func:`pseudonymise_file` and :func:`ingest_extract`.
"""

from __future__ import annotations

import decimal

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from netwerk.ingest.pipeline import ingest_extract
from netwerk.ingest.pseudonymise import pseudonym, pseudonymise_file
from netwerk.ingest.readers import _cell_text, read_table
from netwerk.ingest.spec import ExtractSpec

D = decimal.Decimal
KEY = b"k" * 32
BSNS = ["123456782", "111222333", "909769692"]


def _spec(fmt: str, decimal_mark: str = ",") -> ExtractSpec:
    return ExtractSpec.model_validate({
        "name": "t", "partner": "belastingdienst", "format": fmt, "decimal": decimal_mark,
        "identifiers": [{"columns": ["bsn"], "kind": "bsn", "required": True}],
        "nodes": [{"id": "bsn", "kind": "person",
                   "attributes": {"bedrag": {"column": "bedrag", "type": "float"}}}]})


def _parquet(path, bedrag: pa.Array, bsn: pa.Array | None = None) -> None:
    n = len(bedrag)
    pq.write_table(pa.table({"bsn": bsn if bsn is not None else pa.array(BSNS[:n]),
                             "bedrag": bedrag}), path)


def _stored_amounts(tmp_path, raw, spec) -> dict[str, float | None]:
    """Pseudonymise ``raw``, ingest the shared extract; BSN -> stored ``bedrag``."""
    out = tmp_path / ("o" + raw.suffix)
    res = pseudonymise_file(raw, spec, KEY, out)
    assert res.rejects == 0
    ing = ingest_extract(tmp_path / "c.duckdb", out, spec)
    assert ing.reconciled and ing.n_rejects == 0, ing.rejects
    with duckdb.connect(str(tmp_path / "c.duckdb"), read_only=True) as con:
        got = dict(con.sql("select node_id, value from node_attributes "
                           "where attribute = 'bedrag'").fetchall())
    by_bsn = {b: pseudonym("bsn", b, KEY) for b in BSNS}
    return {b: (float(got[p]) if p in got else None) for b, p in by_bsn.items()}


AMOUNT_TYPES = [
    # (arrow type, values written, values expected)
    (pa.decimal128(12, 3), [D("12.345"), D("1000"), D("82179.80")], [12.345, 1000.0, 82179.8]),
    (pa.decimal128(38, 10), [D("12.345"), D("1000"), D("0.0000000001")], [12.345, 1000.0, 1e-10]),
    (pa.decimal128(9, 0), [D("12"), D("1000"), D("123456789")], [12.0, 1000.0, 123456789.0]),
    (pa.decimal256(50, 3), [D("12.345"), D("1000"), D("-5922.68")], [12.345, 1000.0, -5922.68]),
    (pa.float64(), [12.345, 1000.0, 0.1], [12.345, 1000.0, 0.1]),
    (pa.float32(), [12.345, 1000.0, 0.1], [12.345, 1000.0, 0.1]),
    (pa.float16(), [np.float16(12.5), np.float16(1000), np.float16(0.25)], [12.5, 1000.0, 0.25]),
    *[(t, [12, 100, 0], [12.0, 100.0, 0.0]) for t in (pa.int8(), pa.uint8())],
    *[(t, [12, 1000, 123], [12.0, 1000.0, 123.0]) for t in (pa.int16(), pa.int32(), pa.int64(),
                                                            pa.uint16(), pa.uint32(), pa.uint64())],
]


@pytest.mark.parametrize("typ, values, expected", AMOUNT_TYPES, ids=lambda x: str(x)[:20])
@pytest.mark.parametrize("mark", [",", "."])
def test_parquet_amounts_of_every_number_type_are_stored_right(tmp_path, typ, values, expected,
                                                               mark):
    raw = tmp_path / "bd.parquet"
    _parquet(raw, pa.array(values, typ))
    spec = _spec("parquet", mark)
    text = read_table(raw, spec, shared=False)["bedrag"].tolist()
    assert all("." not in t for t in text) if mark == "," else all("," not in t for t in text)
    got = _stored_amounts(tmp_path, raw, spec)
    assert [got[b] for b in BSNS] == pytest.approx(expected, rel=1e-12, abs=0)


def test_the_review_case_decimal_12_345_is_not_12345(tmp_path):
    """Review7 Q1: ``decimal128(12, 3)`` 12.345 was written ``12.345`` and stored as 12345.0, the
    other amounts (``82179.800``) rejected as "not a number"."""
    raw = tmp_path / "bd.parquet"
    _parquet(raw, pa.array([D("82179.80"), D("12.345"), D("1000")], pa.decimal128(12, 3)))
    df = read_table(raw, _spec("parquet"), shared=False)
    assert df["bedrag"].tolist() == ["82179,8", "12,345", "1000"]
    got = _stored_amounts(tmp_path, raw, _spec("parquet"))
    assert got == {"123456782": 82179.8, "111222333": 12.345, "909769692": 1000.0}


def test_nullable_pandas_numbers_and_missing_cells(tmp_path):
    """pandas ``Int64``/``Float64`` (kept by the Parquet's pandas metadata) and an arrow int64
    column with a missing cell: a missing cell is empty (never the text ``<NA>`` or ``nan``) and
    a large integer stays exact (not rounded through float64)."""
    raw = tmp_path / "n.parquet"
    pd.DataFrame({"bsn": BSNS,
                  "bedrag": pd.array([12.345, None, 1000.0], dtype="Float64"),
                  "aantal": pd.array([7, None, 12345678901234567], dtype="Int64")}
                 ).to_parquet(raw, index=False)
    df = read_table(raw, _spec("parquet"), shared=False)
    assert df["bedrag"].tolist()[0::2] == ["12,345", "1000"] and pd.isna(df["bedrag"].iloc[1])
    assert df["aantal"].iloc[2] == "12345678901234567" and pd.isna(df["aantal"].iloc[1])
    raw2 = tmp_path / "a.parquet"
    pq.write_table(pa.table({"bsn": BSNS, "bedrag": pa.array([1, None, 12345678901234567],
                                                            pa.int64())}), raw2)
    df2 = read_table(raw2, _spec("parquet"), shared=False)
    assert df2["bedrag"].iloc[2] == "12345678901234567" and pd.isna(df2["bedrag"].iloc[1])


@pytest.mark.parametrize("typ, value", [
    (pa.decimal128(9, 0), D("123456782")),
    (pa.decimal128(12, 3), D("123456782.000")),
    (pa.decimal256(40, 5), D("123456782")),
    (pa.int64(), 123456782),
    (pa.uint32(), 123456782),
    (pa.float64(), 123456782.0),
])
def test_a_bsn_of_every_number_type_has_the_text_pseudonym(tmp_path, typ, value):
    """A BSN typed as a decimal, an integer or an integer-valued float gives the same pseudonym
    as the text ``123456782``; a BSN whose leading zero was dropped is padded as in text."""
    raw = tmp_path / "b.parquet"
    pq.write_table(pa.table({"bsn": pa.array([value, None], typ),
                             "bedrag": pa.array([1.0, 2.0])}), raw)
    out = tmp_path / "o.parquet"
    spec = ExtractSpec.model_validate({"name": "t", "partner": "p", "format": "parquet",
                                       "identifiers": [{"columns": ["bsn"], "kind": "bsn"}]})
    res = pseudonymise_file(raw, spec, KEY, out)
    shared = pq.read_table(out).to_pandas()
    assert shared["bsn"].iloc[0] == pseudonym("bsn", "123456782", KEY)
    assert pd.isna(shared["bsn"].iloc[1]) and res.rejects == 0


@pytest.mark.parametrize("mark", [",", "."])
@pytest.mark.parametrize("typ, value", [
    (pa.decimal128(10, 1), D("1234567.5")),
    (pa.float64(), 1234567.5),
    (pa.float32(), 1234567.5),
])
def test_a_non_integer_number_in_an_identifier_column_is_refused(tmp_path, mark, typ, value):
    """KvK ``1234567.5``: with a decimal point spec its digits ``12345675`` would be a valid KvK
    number. An identifier column's non-integer number is refused whatever the decimal mark."""
    raw = tmp_path / "k.parquet"
    pq.write_table(pa.table({"kvk": pa.array([value], typ)}), raw)
    spec = ExtractSpec.model_validate({
        "name": "t", "partner": "p", "format": "parquet", "decimal": mark,
        "identifiers": [{"columns": ["kvk"], "kind": "kvk"}]})
    out = tmp_path / "o.parquet"
    res = pseudonymise_file(raw, spec, KEY, out)
    shared = pq.read_table(out).to_pandas()
    assert pd.isna(shared["kvk"].iloc[0]) and res.reject_lines == 1
    rej = pd.read_csv(f"{out}.rejects.csv", dtype=str)
    assert rej["reason"].tolist() == ["invalid_identifier"]
    assert "1234567" not in rej["detail"].iloc[0]


@pytest.mark.parametrize("mark", [",", "."])
def test_xlsx_number_cells_end_to_end(tmp_path, mark):
    """XLSX number cells (Excel stores doubles; openpyxl gives int or float): amounts 12.345 and
    1000 and a BSN typed as a number, through pseudonymise and ingest."""
    raw = tmp_path / "bd.xlsx"
    pd.DataFrame({"bsn": [123456782, 111222333, 909769692.0],
                  "bedrag": [12.345, 1000, 82179.8]}).to_excel(raw, index=False)
    got = _stored_amounts(tmp_path, raw, _spec("xlsx", mark))
    assert got == {"123456782": 12.345, "111222333": 1000.0, "909769692": 82179.8}


@pytest.mark.parametrize("value, comma, point", [
    (D("12.345"), "12,345", "12.345"),
    (D("1000.000"), "1000", "1000"),
    (D("1E+3"), "1000", "1000"),
    (D("-0.50"), "-0,5", "-0.5"),
    (D("12345678901234567.89"), "12345678901234567,89", "12345678901234567.89"),
    (np.int8(-7), "-7", "-7"),
    (np.int16(1000), "1000", "1000"),
    (np.int32(123456782), "123456782", "123456782"),
    (np.int64(12345678901234567), "12345678901234567", "12345678901234567"),
    (np.uint8(200), "200", "200"),
    (np.uint64(2**64 - 1), str(2**64 - 1), str(2**64 - 1)),
    (np.float16(12.5), "12,5", "12.5"),
    (np.float32(12.345), "12,345", "12.345"),
    (np.float64(12.345), "12,345", "12.345"),
    (12.345, "12,345", "12.345"),
    (1e20, "100000000000000000000", "100000000000000000000"),
    (1000, "1000", "1000"),
    (True, "true", "true"),
    (np.bool_(False), "false", "false"),
    (np.datetime64("2020-01-02"), "02-01-2020", "02-01-2020"),
])
def test_cell_text_of_every_scalar_number_type(value, comma, point):
    assert _cell_text(value, "%d-%m-%Y", ",") == comma
    assert _cell_text(value, "%d-%m-%Y", ".") == point


@pytest.mark.parametrize("missing", [None, pd.NA, float("nan"), np.float32("nan"), D("NaN"),
                                     np.datetime64("NaT"),
                                     pd.NaT])
def test_cell_text_of_missing_values_is_na(missing):
    assert _cell_text(missing, "%d-%m-%Y") is pd.NA


@pytest.mark.parametrize("title_rows", [0, 2])
def test_a_non_integer_number_in_an_xlsx_identifier_column_is_refused(tmp_path, title_rows):
    """The same in a workbook, also when the header is found below title rows: KvK cell
    1234567.5 under a decimal-point spec is refused; the amount 12.5 beside it is 12.5."""
    import openpyxl

    raw = tmp_path / "k.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    for i in range(title_rows):
        ws.append([f"Export {i}"])
    ws.append(["kvk", "bedrag"])
    ws.append([1234567.5, 12.5])
    ws.append([1234567, 1000])
    wb.save(raw)
    spec = ExtractSpec.model_validate({
        "name": "t", "partner": "p", "format": "xlsx", "decimal": ".",
        "identifiers": [{"columns": ["kvk"], "kind": "kvk"}], "keep": ["bedrag"]})
    df = read_table(raw, spec, shared=False)
    assert df["bedrag"].tolist() == ["12.5", "1000"] and df["kvk"].tolist()[1] == "1234567"
    out = tmp_path / "o.xlsx"
    res = pseudonymise_file(raw, spec, KEY, out)
    rej = pd.read_csv(f"{out}.rejects.csv", dtype=str)
    assert rej["reason"].tolist() == ["invalid_identifier"] and res.cells_emptied == 1


def test_an_xlsx_duration_cell_is_iso_8601_not_python_words(tmp_path):
    """An Excel ``[h]:mm`` cell (openpyxl gives a ``timedelta``) is written as the Parquet
    duration is (ISO 8601, no words of any language): 26:05 is ``P1DT2H5M``, not
    ``1 day, 2:05:00``."""
    import datetime as dt

    import openpyxl

    raw = tmp_path / "d.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["bsn", "duur"])
    ws.append(["123456782", dt.timedelta(days=1, hours=2, minutes=5)])
    ws.append(["111222333", dt.timedelta(minutes=90)])
    ws["B2"].number_format = ws["B3"].number_format = "[h]:mm"
    wb.save(raw)
    spec = ExtractSpec.model_validate({
        "name": "t", "partner": "p", "format": "xlsx",
        "identifiers": [{"columns": ["bsn"], "kind": "bsn"}], "keep": ["duur"]})
    assert read_table(raw, spec, shared=False)["duur"].tolist() == ["P1DT2H5M", "PT1H30M"]
