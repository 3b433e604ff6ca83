"""Class: a number cell in a *text* identifier column (issue 9, "integer-valued float text is
read as its integer, anything else refused"). The digit kinds (BSN, KvK, ...) refused a
non-integer number already; the text kinds (police number, permit number, parcel, plate, IBAN)
took its text (``1234567,5``) as an identifier, so a number cell ``1234567.5`` became a person.

Decision per kind: no police number, permit number, parcel, plate or IBAN is a number with
decimals or a number in scientific notation (``1,23457E+07``, a spreadsheet's rounding of a long
number), whichever decimal mark; such a cell is refused at the partner with file, row, column,
reason and masked shape, never the text. An integer-valued one (``12345678,0``) is its integer,
as for the digit kinds: a police number kept as a number in a spreadsheet is a police number.
Members covered: CSV text under decimal ``,`` and ``.``, XLSX number cells, Parquet float32/64
and decimal columns, every text kind, the column-wise fast path and the per-value normaliser."""

from __future__ import annotations

import decimal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from netwerk.errors import InputError
from netwerk.i18n import using
from netwerk.ingest.normalise import fast_normalise, normalise
from netwerk.ingest.pseudonymise import pseudonym, pseudonymise_file, pseudonymise_frame
from netwerk.ingest.spec import ExtractSpec

D = decimal.Decimal
KEY = b"k" * 32
TEXT_KINDS = ("police_id", "permit_id", "parcel", "plate", "iban")
NUMBERS = ("1234567,5", "1234567.5", " 12,5 ", "-0.25", "+3,75", "1,23457E+07", "9.09769692E+08")
#: real values of each text kind, in the forms partners write them: still accepted
REAL = {
    "police_id": ["PN04205665", "12345678", "PL0400-2023407167", "2024.123.456", "1.234.567"],
    "permit_id": ["2023-012345", "Z/23/123456", "OLO 7654321", "W.2023.0012"],
    "parcel": ["ASD04 F 1234", "0363010000123456", "ASD04-F-1234-A0001"],
    "plate": ["12-ABC-3", "XX 99 99"],
    "iban": ["NL91 ABNA 0417 1643 00", "NL91ABNA0417164300"],
}


def _spec(kind: str, *, fmt: str = "csv", mark: str = ",", required: bool = True) -> ExtractSpec:
    return ExtractSpec.model_validate({
        "name": "t", "partner": "politie", "format": fmt, "decimal": mark,
        "identifiers": [{"columns": ["x"], "kind": kind, "required": required}],
        "nodes": [{"id": "x", "kind": "person" if kind == "police_id" else "object"}]})


@pytest.mark.parametrize("kind", TEXT_KINDS)
@pytest.mark.parametrize("text", NUMBERS)
def test_a_number_with_decimals_is_never_a_text_identifier(kind, text):
    with pytest.raises(InputError) as e:
        normalise(kind, [text])
    assert e.value.reason == "invalid_identifier"
    msg = str(e.value)
    assert text.strip() not in msg and "1234567" not in msg and "09769692" not in msg
    assert ("wetenschappelijke notatie" if "E" in text else "getal met decimalen") in msg
    with using("en"), pytest.raises(InputError) as e:
        normalise(kind, [text])
    assert ("scientific notation" if "E" in text else "number with decimals") in str(e.value)


@pytest.mark.parametrize("kind, value", [(k, v) for k, vs in REAL.items() for v in vs])
def test_real_values_of_each_text_kind_are_still_read(kind, value):
    assert normalise(kind, [value])


@pytest.mark.parametrize("kind", ["police_id", "permit_id", "parcel", "plate"])
def test_the_column_wise_path_leaves_number_text_to_the_normaliser(kind):
    """The fast path decides nothing for number text (the per-value normaliser then refuses it
    and says why), and what it decides is what the normaliser gives."""
    values = [*NUMBERS, *REAL.get(kind, [])]
    got = fast_normalise(kind, pd.DataFrame({"x": pd.array(values, dtype="str")}))
    assert got.iloc[:len(NUMBERS)].isna().all()
    for v, g in zip(values[len(NUMBERS):], got.iloc[len(NUMBERS):], strict=True):
        assert pd.isna(g) or g == normalise(kind, [v])


@pytest.mark.parametrize("mark", [",", "."])
@pytest.mark.parametrize("kind, whole", [("police_id", "12345678"), ("permit_id", "20230456"),
                                         # a BAG object id whose leading 0 Excel dropped
                                         ("parcel", "363010000123456")])
def test_csv_text_integer_valued_is_its_integer_and_decimals_are_refused(kind, whole, mark):
    """CSV text under either decimal mark: ``12345678,0`` and ``12345678.0`` are ``12345678``
    (the same pseudonym); ``1234567,5`` and ``1234567.5`` reject their row (the identifier is
    required) naming row, column and reason, with the shape and never the text."""
    texts = [whole, f"{whole},0", f"{whole}.00", "1234567,5", "1234567.5"]
    df = pd.DataFrame({"x": pd.array(texts, dtype="str"), "_row": range(1, 6)})
    shared, rejects, _ = pseudonymise_frame(df, _spec(kind, mark=mark), KEY, file="p.csv")
    canonical = normalise(kind, [whole])
    assert shared["x"].tolist() == [pseudonym(kind, canonical, KEY)] * 3
    assert rejects[["file", "row", "column", "reason"]].values.tolist() == [
        ["p.csv", 4, "x", "invalid_identifier"], ["p.csv", 5, "x", "invalid_identifier"]]
    for detail in rejects["detail"]:
        assert "1234567" not in detail and "getal met decimalen (" in detail
        assert "8 cijfers" in detail  # the masked shape: 1234567,5 has eight digits
        assert detail.endswith("rij afgewezen")


def test_csv_file_end_to_end_rejects_file_says_only_the_shape(tmp_path):
    raw = tmp_path / "politie.csv"
    raw.write_bytes(b"x;rol\n12345678;a\n1234567,5;b\n12345678,0;c\n")
    sp = ExtractSpec.model_validate({
        "name": "t", "partner": "politie", "delimiter": ";",
        "identifiers": [{"columns": ["x"], "kind": "police_id", "required": True}],
        "nodes": [{"id": "x", "kind": "person", "attributes": {"rol": "rol"}}]})
    out = tmp_path / "o" / "politie.csv"
    res = pseudonymise_file(raw, sp, KEY, out)
    assert (res.rows_read, res.rows_written, res.rejects) == (3, 2, 1)
    text = (out.parent / "politie.csv.rejects.csv").read_text(encoding="utf-8")
    assert "politie.csv,2,x,invalid_identifier" in text and "1234567" not in text
    shared = pd.read_csv(out, sep=";", dtype=str)
    assert shared["x"].nunique() == 1  # 12345678 and 12345678,0: one police number


@pytest.mark.parametrize("kind", TEXT_KINDS)
def test_xlsx_number_cells_in_a_text_identifier_column(tmp_path, kind):
    """Number cells: 12345678 (int) and 12345678.0 (float) are the integer, whatever the kind
    does with it; 1234567.5 is refused for every text kind, under either decimal mark."""
    import openpyxl

    raw = tmp_path / "b.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["x"])
    for v in (1234567.5, 12345678, 12345678.0, 0.25):
        ws.append([v])
    wb.save(raw)
    text = pd.DataFrame({"x": pd.array(["12345678"], dtype="str"), "_row": [1]})
    for mark in (",", "."):
        out = tmp_path / f"o{mark}.xlsx"
        res = pseudonymise_file(raw, _spec(kind, fmt="xlsx", mark=mark, required=False), KEY, out)
        rej = pd.read_csv(f"{out}.rejects.csv", dtype=str)
        refused = rej.loc[rej["detail"].str.contains("getal met decimalen"), "row"].tolist()
        assert refused == ["2", "5"], (kind, mark, rej)
        assert not rej["detail"].str.contains("1234567|0,25|0\\.25").any()
        shared = pd.read_excel(out, dtype=str)
        # 12345678 is a value of these kinds (not a kadastrale aanduiding nor a BAG id:
        # tests/ingest/test_identifier_spellings.py)
        if kind in ("police_id", "permit_id"):
            same, _, _ = pseudonymise_frame(text, _spec(kind), KEY)
            assert shared["x"].tolist()[1:3] == [same["x"].iloc[0]] * 2
        assert res.cells_emptied == len(rej)


@pytest.mark.parametrize("mark", [",", "."])
@pytest.mark.parametrize("typ, values", [
    (pa.float64(), [12345678.0, 1234567.5]),
    (pa.float32(), [np.float32(1234.0), np.float32(1234.5)]),
    (pa.decimal128(12, 2), [D("12345678.00"), D("1234567.50")]),
    (pa.decimal256(20, 4), [D("12345678.0000"), D("1234567.5000")]),
], ids=["float64", "float32", "decimal128", "decimal256"])
@pytest.mark.parametrize("kind", ["police_id", "permit_id"])  # parcel: no 8-digit parcels
def test_parquet_float_and_decimal_columns(tmp_path, mark, typ, values, kind):
    raw = tmp_path / "p.parquet"
    pq.write_table(pa.table({"x": pa.array(values, typ)}), raw)
    out = tmp_path / "o.parquet"
    res = pseudonymise_file(raw, _spec(kind, fmt="parquet", mark=mark), KEY, out)
    shared = pq.read_table(out).to_pandas()
    whole = str(int(values[0]))
    assert shared["x"].iloc[0] == pseudonym(kind, normalise(kind, [whole]), KEY)
    rej = pd.read_csv(f"{out}.rejects.csv", dtype=str)
    assert rej[["row", "reason"]].values.tolist() == [["2", "invalid_identifier"]]
    assert res.rejects == 1 and "getal met decimalen" in rej["detail"].iloc[0]
    assert "1234" not in rej["detail"].iloc[0]
