"""Class: several sheets in a workbook. With no ``sheet`` in the spec and more than one non-empty
sheet: read all sheets that share the header and say so, else refuse naming the sheets. Members
covered: two sheets with one header (read, noted, rows counted), two sheets with different
headers (refused, names listed), an empty second sheet (ignored), a spec naming the sheet."""

from __future__ import annotations

import pandas as pd
import pytest

from netwerk.errors import InputError
from netwerk.ingest.readers import read_table
from netwerk.ingest.spec import ExtractSpec

SPEC = {"name": "t", "partner": "p", "format": "xlsx",
        "identifiers": [{"columns": ["bsn"], "kind": "bsn"}]}


def _book(path, sheets: dict[str, pd.DataFrame]):
    with pd.ExcelWriter(path) as w:
        for name, df in sheets.items():
            df.to_excel(w, sheet_name=name, index=False)
    return path


def test_sheets_sharing_the_header_are_all_read_and_said(tmp_path):
    p = _book(tmp_path / "b.xlsx", {"2023": pd.DataFrame({"bsn": ["111222333"]}),
                                    "2024": pd.DataFrame({"bsn": ["123456782", "012345672"]})})
    df = read_table(p, ExtractSpec.model_validate(SPEC), shared=False)
    assert df["bsn"].tolist() == ["111222333", "123456782", "012345672"]
    assert any("'2023', '2024'" in n for n in df.attrs["notes"])


def test_sheets_with_other_headers_are_refused_by_name(tmp_path):
    p = _book(tmp_path / "b.xlsx", {"verdachten": pd.DataFrame({"bsn": ["111222333"]}),
                                    "notities": pd.DataFrame({"tekst": ["x"]})})
    with pytest.raises(InputError) as e:
        read_table(p, ExtractSpec.model_validate(SPEC), shared=False)
    assert "'verdachten', 'notities'" in str(e.value) and "sheet" in str(e.value)


def test_an_empty_sheet_or_a_named_sheet_reads_one(tmp_path):
    p = _book(tmp_path / "b.xlsx", {"data": pd.DataFrame({"bsn": ["111222333"]}),
                                    "leeg": pd.DataFrame()})
    assert len(read_table(p, ExtractSpec.model_validate(SPEC), shared=False)) == 1
    q = _book(tmp_path / "c.xlsx", {"a": pd.DataFrame({"bsn": ["111222333"]}),
                                    "b": pd.DataFrame({"tekst": ["x"]})})
    df = read_table(q, ExtractSpec.model_validate({**SPEC, "sheet": "a"}), shared=False)
    assert df["bsn"].tolist() == ["111222333"] and df.attrs["notes"] == []
