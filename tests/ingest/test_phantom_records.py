"""Class: phantom records. A header line repeated mid-file is skipped and counted; a last line
without line end whose fields are short is a reject "truncated line"; blank rows and rows of only
delimiters are counted as empty and never used. Members covered: concatenated exports (fast and
quoted path), a file cut mid-row (both paths), blank lines, ';;;;;;' lines, and the counts in
the pseudonymise result and sidecar."""

from __future__ import annotations

import json

import pytest
from ingest_faults import HEADER, pseudonymise, read, write

GOOD = "PN01;111222333;Jansen;Jan;01-02-1980;koerier;01-01-2024"


@pytest.mark.parametrize("quoted", [False, True])
def test_repeated_header_is_skipped_and_counted(tmp_path, quoted):
    good = GOOD.replace("koerier", '"koerier"') if quoted else GOOD
    p = write(tmp_path / "p.csv", "\n".join([HEADER, good, HEADER, good.replace("PN01", "PN02")])
              + "\n")
    df = read(p)
    assert df["persoonsnummer"].tolist() == ["PN01", "PN02"]
    assert df.attrs["repeated_headers"] == 1 and "persoonsnummer" not in df["persoonsnummer"].values


@pytest.mark.parametrize("quoted", [False, True])
def test_file_cut_mid_row_is_a_truncated_line_reject(tmp_path, quoted):
    good = GOOD.replace("koerier", '"koerier"') if quoted else GOOD
    p = write(tmp_path / "p.csv", "\n".join([HEADER, good, "PN02;12345"]))  # no line end
    df = read(p)
    assert df["persoonsnummer"].tolist() == ["PN01"]
    (row, _, reason, detail), = df.attrs["read_rejects"]
    assert (row, reason) == (2, "truncated_line") and "2 van 7 velden" in detail


def test_empty_rows_are_counted_and_not_used(tmp_path):
    p = write(tmp_path / "p.csv", "\n".join([HEADER, GOOD, "", ";;;;;;", "  ", GOOD.replace(
        "PN01", "PN02")]) + "\n")
    res, out, rejects = pseudonymise(tmp_path, p)
    assert (res.rows_read, res.rows_written, res.rejects, res.empty_lines) == (2, 2, 0, 3)
    side = json.loads(out.with_name(out.name + ".netwerk.json").read_text())
    assert side["empty_lines"] == res.empty_lines and side["rows_read"] == 2
