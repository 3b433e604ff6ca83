"""Class: the header is not in row 1 (a title, a date line or blank rows above it, as municipal
and tax exports made in Excel have). Rule: when row 1 does not hold the spec's columns, the one
row of the first ``HEADER_SEARCH_ROWS`` (10) that does is the header (after the header cleaning:
BOM, case, NBSP, invisible characters); the rows above it are skipped, counted
(``rows_above_header``) and said (file, sheet, the header's Excel row or line; rows above with
data in more than one cell are named). Two such rows, or none when row 1 is empty or a row below
it comes closer, refuse the file naming the sheet and what was looked for. The same rule holds
for a CSV on all four paths (one chunk, small chunks, ``workers=2``, quoted). Members covered:
a title and a blank row; a BOM'd, upper-case, NBSP header under a title; a data-like row above
(named); two candidate header rows (refused); no header (refused, closest row named); a header
below the search window (refused); a merged title above the header (allowed); a merged cell
below it (refused); CSV with a title line, a BOM + blank first line, UTF-16; counts reconcile,
end to end through ``pseudonymise_file``."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from ingest_faults import HEADER, KEY, spec
from xlsx_build import book

from netwerk.errors import InputError
from netwerk.i18n import using
from netwerk.ingest.pseudonymise import pseudonymise_file, sidecar_path
from netwerk.ingest.readers import HEADER_SEARCH_ROWS, read_table

NAMES = HEADER.split(";")
GOOD1 = ["PN01", "111222333", "Jansen", "Jan", "01-02-1980", "koerier", "01-01-2024"]
GOOD2 = ["PN02", "123456782", "Bakker", "Els", "03-04-1975", "financier", "02-01-2024"]
NOBSN = ["PN03", "", "Smit", "Ans", "07-08-1960", "teler", "04-01-2024"]
BADPN = ["", "", "Smit", "Piet", "07-08-1961", "teler", "04-01-2024"]  # required id missing


def _book(path, sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None):
    def merge(wb):
        for title, ranges in (merges or {}).items():
            for m in ranges:
                wb[title].merge_cells(m)

    return book(path, sheets, setup=merge)


def _xlsx():
    return spec(format="xlsx")


def test_title_and_blank_row_above_the_header_are_skipped_and_said(tmp_path, caplog):
    rows = [["Export BRP 12-11-2026"], [], NAMES, GOOD1, GOOD2]
    p = _book(tmp_path / "brp.xlsx", {"Blad1": rows})
    with caplog.at_level("WARNING"):
        df = read_table(p, _xlsx(), shared=False)
    assert df["persoonsnummer"].tolist() == ["PN01", "PN02"]
    assert df["_row"].tolist() == [4, 5]  # the real Excel rows
    assert df["_sheet"].tolist() == ["Blad1", "Blad1"]
    assert df.attrs["above_header"] == 2
    note = ("werkblad 'Blad1': de kopregel staat in rij 3, niet in rij 1; 2 rijen erboven "
            "overgeslagen (1 titelregel; 1 lege rij)")
    assert note in df.attrs["notes"]
    assert f"brp.xlsx: {note}" in caplog.text
    with using("en"):
        df = read_table(p, _xlsx(), shared=False)
    assert ("sheet 'Blad1': the header is in row 3, not in row 1; 2 rows above it skipped "
            "(1 title line; 1 empty row)") in df.attrs["notes"]


def test_header_cleaning_applies_to_the_found_row(tmp_path):
    head = ["\ufeff" + NAMES[0].upper(), *[f"{n}\u00a0" for n in NAMES[1:-1]],
            "\u200b" + NAMES[-1]]
    p = _book(tmp_path / "b.xlsx", {"Blad1": [["Belastingdienst"], ["peildatum 1-11-2026"],
                                              head, GOOD1]})
    df = read_table(p, _xlsx(), shared=False)
    assert df["persoonsnummer"].tolist() == ["PN01"] and df["_row"].tolist() == [4]


def test_a_row_with_data_above_the_header_is_counted_and_named(tmp_path):
    rows = [["Export"], ["gemeente", "Oost", "2026"], [], NAMES, GOOD1]
    p = _book(tmp_path / "b.xlsx", {"Blad1": rows})
    df = read_table(p, _xlsx(), shared=False)
    assert df.attrs["above_header"] == 3
    assert any("rij 2 met gegevens in meer dan één cel, niet gelezen" in n
               for n in df.attrs["notes"])


def test_two_candidate_header_rows_are_refused(tmp_path):
    rows = [["Export"], NAMES, [], [c.upper() for c in NAMES], GOOD1, GOOD2]
    p = _book(tmp_path / "b.xlsx", {"Blad1": rows})
    with pytest.raises(InputError) as e:
        read_table(p, _xlsx(), shared=False)
    msg = str(e.value)
    assert "b.xlsx, werkblad 'Blad1': de rijen 2 en 4 hebben elk alle kolommen" in msg
    assert "Jansen" not in msg and str(e.value.reason) == "missing_column"


def test_header_data_and_the_header_again_is_a_repeat_not_two_candidates(tmp_path):
    rows = [["Export"], NAMES, GOOD1, NAMES, GOOD2]
    df = read_table(_book(tmp_path / "b.xlsx", {"Blad1": rows}), _xlsx(), shared=False)
    assert df["_row"].tolist() == [3, 5] and df.attrs["repeated_headers"] == 1


def test_no_header_is_refused_naming_sheet_and_what_was_looked_for(tmp_path):
    rows = [[], ["Export"], ["persoonsnummer", "bsn", "naam"], GOOD1]
    p = _book(tmp_path / "b.xlsx", {"Blad1": rows})
    with pytest.raises(InputError) as e:
        read_table(p, _xlsx(), shared=False)
    msg = str(e.value)
    assert str(e.value.reason) == "missing_column"
    assert "b.xlsx, werkblad 'Blad1': geen kopregel gevonden in de eerste 4 rijen" in msg
    assert "persoonsnummer, bsn, achternaam" in msg  # what was looked for
    assert "rij 3 lijkt er het meest op, maar mist achternaam, voornamen" in msg
    with using("en"), pytest.raises(InputError, match="no header found in the first 4 rows"):
        read_table(p, _xlsx(), shared=False)


def test_a_header_below_the_search_window_is_not_guessed(tmp_path):
    rows = [["Export"]] + [[]] * HEADER_SEARCH_ROWS + [NAMES, GOOD1]
    p = _book(tmp_path / "b.xlsx", {"Blad1": rows})
    with pytest.raises(InputError, match=f"de eerste {HEADER_SEARCH_ROWS} rijen"):
        read_table(p, _xlsx(), shared=False)


def test_header_in_row_1_with_a_typo_keeps_the_missing_column_message(tmp_path):
    p = _book(tmp_path / "b.xlsx", {"Blad1": [[*NAMES[:1], "bsnn", *NAMES[2:]], GOOD1]})
    with pytest.raises(InputError, match="kolom 'bsn' ontbreekt.*bedoelde u 'bsnn'"):
        read_table(p, _xlsx(), shared=False)


def test_a_merged_title_above_the_header_is_allowed_a_merge_below_is_not(tmp_path):
    rows = [["Export BRP"], [], NAMES, GOOD1, GOOD2]
    p = _book(tmp_path / "t.xlsx", {"Blad1": rows}, {"Blad1": ["A1:G1"]})
    assert len(read_table(p, _xlsx(), shared=False)) == 2
    q = _book(tmp_path / "m.xlsx", {"Blad1": rows}, {"Blad1": ["A1:G1", "A4:A5"]})
    with pytest.raises(InputError, match=r"samengevoegd celbereik \(A4:A5\)"):
        read_table(q, _xlsx(), shared=False)


def test_pseudonymise_reconciles_the_rows_of_a_sheet_with_a_title(tmp_path):
    rows = [["Export BRP 12-11-2026"], [], NAMES, GOOD1, [], BADPN, NAMES, GOOD2, NOBSN]
    p = _book(tmp_path / "brp.xlsx", {"Blad1": rows})
    res = pseudonymise_file(p, _xlsx(), KEY, tmp_path / "out" / "brp.xlsx")
    assert (res.rows_read, res.rows_written, res.rejects) == (4, 3, 1)
    assert (res.empty_lines, res.repeated_headers, res.rows_above_header) == (1, 1, 2)
    # every row of the sheet is accounted for: above + header + read + empty + repeated
    assert len(rows) == res.rows_above_header + 1 + res.rows_read + res.empty_lines \
        + res.repeated_headers
    side = json.loads(sidecar_path(tmp_path / "out" / "brp.xlsx").read_text(encoding="utf-8"))
    assert side["rows_above_header"] == 2
    rej = pd.read_csv(tmp_path / "out" / "brp.xlsx.rejects.csv", dtype=str)
    assert rej[["sheet", "row", "column"]].values.tolist() == [["Blad1", "6", "persoonsnummer"]]


# ---- CSV: the same rule on every path ----------------------------------------------------------

CSV_CASES = {
    "title and blank line": ("Export BRP 12-11-2026;;;;;;\n;;;;;;\n", 3),
    "BOM and a blank first line": ("\ufeff\n", 2),
    "BOM, title, upper-case header": ("\ufeffExport\n", 2),
}


def _csv_text(above: str, *, quoted: bool, upper: bool = False) -> str:
    head = HEADER.upper() if upper else HEADER
    body = [";".join(GOOD1), ";".join(BADPN), ";".join(NOBSN)]
    if quoted:
        body[0] = body[0].replace(";koerier;", ';"koerier";')
    return above + head + "\n" + "\n".join(body) + "\n"


@pytest.mark.parametrize("case", list(CSV_CASES))
@pytest.mark.parametrize("quoted", [False, True], ids=["plain", "quoted"])
def test_csv_header_below_a_title_is_read_alike_on_every_path(tmp_path, case, quoted):
    above, header_line = CSV_CASES[case]
    text = _csv_text(above, quoted=quoted, upper="upper" in case)
    p = tmp_path / "p.csv"
    p.write_bytes(text.encode("utf-8"))
    df = read_table(p, spec(), shared=False)
    first = header_line  # data row number of the first data line (line - 1)
    assert df["_row"].tolist() == [first, first + 1, first + 2]
    assert df.attrs["above_header"] == header_line - 1
    got = []
    for i, kw in enumerate([{"chunk_bytes": None}, {"chunk_bytes": 48}, {"workers": 2}]):
        out = tmp_path / f"o{i}" / "p.csv"
        res = pseudonymise_file(p, spec(), KEY, out, **kw)
        rej = pd.read_csv(f"{out}.rejects.csv", dtype=str)
        got.append((res.rows_read, res.rows_written, res.rows_above_header,
                    rej[["row", "column"]].values.tolist(), res.notes[-1], out.read_bytes()))
    assert got[0][:4] == (3, 2, header_line - 1, [[str(first + 1), "persoonsnummer"]])
    assert f"de kopregel staat op regel {header_line}, niet op regel 1" in got[0][4]
    assert got[1] == got[0] and got[2] == got[0]


def test_csv_in_utf16_with_a_title_line(tmp_path):
    p = tmp_path / "u.csv"
    p.write_bytes(_csv_text("Export BRP\n\n", quoted=False).replace(";", "\t").encode("utf-16"))
    df = read_table(p, spec(), shared=False)
    assert df["_row"].tolist() == [3, 4, 5] and df.attrs["above_header"] == 2


def test_csv_two_candidate_header_lines_are_refused(tmp_path):
    p = tmp_path / "p.csv"
    text = "Export\n" + HEADER + "\n" + HEADER + "\n" + ";".join(GOOD1) + "\n"
    for enc in ("utf-8", "utf-16"):  # streamed (planned) and whole-file (UTF-16) alike
        p.write_bytes(text.encode(enc))
        with pytest.raises(InputError, match="p.csv: de regels 2 en 3 hebben elk alle kolommen"):
            read_table(p, spec(), shared=False)


def test_csv_without_header_in_the_first_lines_is_refused(tmp_path):
    p = tmp_path / "p.csv"
    p.write_bytes(("\n" + ";".join(GOOD1) + "\n").encode())
    with pytest.raises(InputError, match="geen kopregel gevonden in de eerste 2 regels"):
        read_table(p, spec(), shared=False)


def test_a_named_sheet_with_a_title_and_another_sheet_left_alone(tmp_path):
    p = _book(tmp_path / "b.xlsx", {"toelichting": [["Lees dit eerst"], [], ["tekst", "meer"]],
                                    "data": [["Export"], NAMES, GOOD1]})
    df = read_table(p, spec(format="xlsx", sheet="data"), shared=False)
    assert df["_row"].tolist() == [3] and df["_sheet"].tolist() == ["data"]
    assert df.attrs["above_header"] == 1
    with pytest.raises(InputError, match="werkblad 'toelichting'.*noem het te lezen blad"):
        read_table(p, _xlsx(), shared=False)  # all sheets: the notes sheet has no header
