"""Class: identifiers written as numbers. Integer-valued float text is read as its integer (then
padded by the kind's rules), anything else is refused; spreadsheet number cells for amounts are
numbers, not re-parsed as Dutch text. Members covered: BSN ``909769692.0``, a BSN whose leading
zero Excel dropped (``31415994.0`` -> ``031415994``), KvK ``1234567.0`` -> ``01234567``, phone
``612345678.0``, the same with a decimal comma (``909769692,0``), a house number ``12.0``, a
non-integer float refused, XLSX amount cell 12.345 read as 12,345."""

from __future__ import annotations

import pandas as pd
import pytest

from netwerk.ingest.pseudonymise import pseudonym, pseudonymise_frame
from netwerk.ingest.readers import read_table
from netwerk.ingest.spec import ExtractSpec

KEY = b"k" * 32


@pytest.mark.parametrize("kind, text, canonical", [
    ("bsn", "909769692.0", "909769692"),
    ("bsn", "31415994.0", "031415994"),
    ("kvk", "1234567.0", "01234567"),
    ("kvk", "12345678.00", "12345678"),
    ("phone", "612345678.0", "+31612345678"),
    # a Dutch Excel writes the decimal mark as a comma (review5 F16)
    ("bsn", "909769692,0", "909769692"),
    ("kvk", "1234567,00", "01234567"),
])
def test_integer_valued_float_text_is_its_integer(kind, text, canonical):
    sp = ExtractSpec(name="t", partner="p", identifiers=[{"columns": ["x"], "kind": kind}])
    df = pd.DataFrame({"x": pd.array([text], dtype="str"), "_row": [1]})
    shared, rejects, _ = pseudonymise_frame(df, sp, KEY)
    assert shared["x"].iloc[0] == pseudonym(kind, canonical, KEY)
    assert rejects.empty


@pytest.mark.parametrize("text", ["909769692.5", "9.09769692E+08", "909769692,5"])
def test_other_float_text_is_refused(text):
    sp = ExtractSpec(name="t", partner="p", identifiers=[{"columns": ["x"], "kind": "bsn"}])
    df = pd.DataFrame({"x": pd.array([text], dtype="str"), "_row": [1]})
    shared, rejects, _ = pseudonymise_frame(df, sp, KEY)
    assert pd.isna(shared["x"].iloc[0]) and rejects["reason"].tolist() == ["invalid_identifier"]


def test_xlsx_number_cells_for_amounts_are_numbers(tmp_path):
    from netwerk.ingest.mapping import map_extract
    from netwerk.model import default_model

    p = tmp_path / "b.xlsx"
    pd.DataFrame({"kvk": ["KVK-" + "a" * 24], "bedrag": [12.345], "aantal": [3.0]}).to_excel(
        p, index=False)
    sp = ExtractSpec.model_validate({
        "name": "t", "partner": "p", "format": "xlsx",
        "identifiers": [{"columns": ["kvk"], "kind": "kvk"}],
        "nodes": [{"id": "kvk", "kind": "company",
                   "attributes": {"bedrag": {"column": "bedrag", "type": "float"},
                                  "aantal": {"column": "aantal", "type": "int"}}}]})
    df = read_table(p, sp, shared=True)
    assert df["bedrag"].iloc[0] == "12,345" and df["aantal"].iloc[0] == "3"
    m = map_extract(df, sp, model=default_model(), file="b.xlsx")
    vals = dict(zip(m.attributes["attribute"], m.attributes["value"], strict=True))
    assert float(vals["bedrag"]) == pytest.approx(12.345) and vals["aantal"] == "3"


@pytest.mark.parametrize("house", ["12.0", "12,0", " 12.00 "])
def test_a_house_number_written_as_a_number_is_its_integer(house):
    """The address's house number is a number cell in many exports (review5 F16): ``12.0`` is
    house number 12, the same address pseudonym as ``12``; the letter/addition is left alone."""
    sp = ExtractSpec(name="t", partner="p", identifiers=[
        {"columns": ["pc", "nr", "toev"], "kind": "address", "output": "adres"}])
    df = pd.DataFrame({"pc": pd.array(["1234AB", "1234AB"], dtype="str"),
                       "nr": pd.array([house, "12"], dtype="str"),
                       "toev": pd.array(["", ""], dtype="str"), "_row": [1, 2]})
    shared, rejects, _ = pseudonymise_frame(df, sp, KEY)
    assert shared["adres"].iloc[0] == shared["adres"].iloc[1]
    assert str(shared["adres"].iloc[0]).startswith("ADR-") and rejects.empty
