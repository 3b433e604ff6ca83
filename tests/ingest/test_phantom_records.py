"""Class: phantom records. A header line repeated mid-file is skipped and counted; a last line
without line end whose fields are short is a reject "truncated line"; blank rows and rows of only
delimiters are counted as empty and never used. Members covered: concatenated exports (fast and
quoted path), a file cut mid-row (both paths), blank lines, ';;;;;;' lines, and the counts in
the pseudonymise result and sidecar. On every reader path: a repeated header with a BOM, in
upper case, with spaces/NBSP/zero-width characters or trailing CRs (skipped and counted), and
the header in another column order (file refused naming the line)."""

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


# --- a repeated header after the first header's cleaning; another column order (review 5, F6 F9)

def _as_header(cells: list[str]) -> str:
    return ";".join(cells)


NAMES = HEADER.split(";")
REPEATS = {
    "BOM (Excel CSV UTF-8 concatenated)": "\ufeff" + HEADER,
    "upper case": HEADER.upper(),
    "spaces, NBSP and zero-width": _as_header([f" {n}\u00a0" if i % 2 else f"\u200b{n} "
                                               for i, n in enumerate(NAMES)]),
    "trailing CRs": HEADER + "\r\r",
}


@pytest.mark.parametrize("again", list(REPEATS.values()), ids=list(REPEATS))
def test_repeated_header_is_recognised_after_cleaning_on_every_path(tmp_path, again):
    from ingest_faults import same_on_every_path

    lines = [HEADER, GOOD, again, GOOD.replace("PN01", "PN02")]
    res = same_on_every_path(tmp_path, ("\n".join(lines) + "\n").encode("utf-8"))
    assert (res["rows_read"], res["rows_written"], res["repeated_headers"]) == (2, 2, 1)
    assert res["rejects"] == []


@pytest.mark.parametrize("again", [
    _as_header([NAMES[0], NAMES[1], NAMES[3], NAMES[2], *NAMES[4:]]),  # voornamen before achternaam
    "\ufeff" + _as_header(NAMES[::-1]).upper(),
], ids=["two columns swapped", "reversed, upper case, BOM"])
def test_header_in_another_column_order_refuses_the_file_on_every_path(tmp_path, again):
    from ingest_faults import on_every_path

    lines = [HEADER, GOOD, GOOD.replace("PN01", "PN02"), again,
             "PN03;111222333;Jan;Jansen;01-02-1980;koerier;01-01-2024"]
    got = on_every_path(tmp_path, ("\n".join(lines) + "\n").encode("utf-8"))
    for name, res in got.items():
        assert res[:2] == ("InputError", "field_count"), name
        assert "regel 4 is de kop opnieuw" in res[2] and "volgorde" in res[2], name
        assert "Jansen" not in res[2] and "PN03" not in res[2]


def test_utf8_bom_header_appended_to_a_cp1252_export_is_a_repeated_header(tmp_path):
    """An ASCII-only UTF-8 export (with BOM) appended to a cp1252 one: the BOM reads as "ï»¿" in
    cp1252; the header is still recognised (and the file is not mixed: no UTF-8 letter)."""
    from ingest_faults import same_on_every_path

    data = ("\n".join([HEADER, GOOD.replace("Jansen", "Jansén"), ""]).encode("cp1252")
            + b"\xef\xbb\xbf" + ("\n".join([HEADER, GOOD.replace("PN01", "PN02"), ""])).encode())
    res = same_on_every_path(tmp_path, data)
    assert (res["rows_read"], res["rows_written"], res["repeated_headers"]) == (2, 2, 1)
