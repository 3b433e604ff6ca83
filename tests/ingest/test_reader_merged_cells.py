"""Class: merged cells in an XLSX export (review5 F17). Analysts format per-person blocks by
merging ``persoonsnummer``, ``bsn``, name and birth date over the rows of that person; the file
then holds the value only in the range's first cell. netwerk neither keeps row 1 and rejects the
rest as "police_id missing" nor empties an optional column in silence, and it does not fill down
(identity data is not guessed): a sheet that is read and holds merged cells refuses the
workbook, naming the sheet and the ranges as cell references (never a value), Dutch first.
Members covered: the per-person block of review5 (required and optional identifiers merged
vertically), only an optional column merged (``bsn``), only a non-identifier column merged
(``rol``), a horizontal merge (surname over first names), a merged header cell, a merge in the
second of two sheets read together, a merge in a sheet the spec does not read (no refusal),
more than ten ranges (listed up to ten), and the range scanner on its own: block boundaries
(bounded memory), a namespace prefix, an absolute relationship target, sheets without merges."""

from __future__ import annotations

import zipfile

import pytest
from ingest_faults import HEADER, KEY, spec

from netwerk.errors import InputError
from netwerk.i18n import using
from netwerk.ingest.pseudonymise import pseudonymise_file
from netwerk.ingest.readers import merged_ranges, read_table

NAMES = HEADER.split(";")
ROWS = [["PN01", "111222333", "Jansen", "Jan", "01-02-1980", "koerier", "01-01-2024"],
        [None, None, None, None, None, "teler", "02-01-2024"],
        [None, None, None, None, None, "financier", "03-01-2024"],
        ["PN02", "123456782", "Bakker", "Els", "03-04-1975", "teler", "04-01-2024"]]


def _book(path, sheets: dict[str, tuple[list, list[str]]]):
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, (rows, merges) in sheets.items():
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
        for m in merges:
            ws.merge_cells(m)
    wb.save(path)
    return path


def _refusal(path, **over) -> InputError:
    with pytest.raises(InputError) as e:
        read_table(path, spec(format="xlsx", **over), shared=False)
    text = str(e.value)
    for value in ["PN01", "Jansen", "111222333", "01-02-1980", "koerier", "teler"]:
        assert value not in text  # cell references only, never a value
    return e.value


def test_per_person_block_of_review5_is_refused_naming_the_ranges(tmp_path):
    p = _book(tmp_path / "m.xlsx", {"verdachten": ([NAMES, *ROWS], [f"{c}2:{c}4" for c in "ABCDE"])})
    err = _refusal(p)
    assert str(err.reason) == "unreadable_file"
    assert ("werkblad 'verdachten' heeft 5 samengevoegde celbereiken "
            "(A2:A4, B2:B4, C2:C4, D2:D4, E2:E4)") in str(err)
    assert "hef de samenvoeging op" in str(err) and "vul elke rij" in str(err)
    with using("en"):
        err = _refusal(p)
    assert "sheet 'verdachten' has 5 merged cell ranges (A2:A4" in str(err)
    assert "unmerge" in str(err) and "samengevoegd" not in str(err)
    out = tmp_path / "out"
    with pytest.raises(InputError, match="A2:A4"):  # pseudonymise: nothing written
        pseudonymise_file(p, spec(format="xlsx"), KEY, out / "m.xlsx")
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.parametrize("merge, column", [("B2:B4", "bsn (optional identifier)"),
                                           ("F3:F4", "rol (not an identifier)")])
def test_one_merged_column_is_refused_not_emptied_in_silence(tmp_path, merge, column):
    rows = [r[:] for r in ROWS]
    rows[1][0], rows[2][0] = "PN01", "PN01"
    p = _book(tmp_path / "m.xlsx", {"Blad1": ([NAMES, *rows], [merge])})
    assert f"heeft 1 samengevoegd celbereik ({merge})" in str(_refusal(p))


def test_horizontal_merge_is_refused(tmp_path):
    """A surname merged over the first-name column: filling has no right direction here."""
    p = _book(tmp_path / "m.xlsx", {"Blad1": ([NAMES, ROWS[3]], ["C2:D2"])})
    assert "(C2:D2)" in str(_refusal(p))


def test_merged_header_cell_is_refused_and_said(tmp_path):
    head = NAMES[:]
    head[3] = None  # "achternaam" merged over the first-name column's header
    p = _book(tmp_path / "m.xlsx", {"Blad1": ([head, ROWS[3]], ["C1:D1"])})
    err = _refusal(p)
    assert "(C1:D1), ook in de kopregel" in str(err)


def test_merge_in_the_second_of_two_sheets_read_together(tmp_path):
    rows = [r[:] for r in ROWS]
    p = _book(tmp_path / "m.xlsx", {"2023": ([NAMES, ROWS[3]], []),
                                    "2024": ([NAMES, *rows[:3]], ["A2:A4", "B2:B4"])})
    assert "werkblad '2024' heeft 2 samengevoegde celbereiken (A2:A4, B2:B4)" in str(_refusal(p))


def test_merge_in_two_sheets_names_both(tmp_path):
    p = _book(tmp_path / "m.xlsx", {"a": ([NAMES, *ROWS[:3]], ["A2:A4"]),
                                    "b": ([NAMES, *ROWS[:3]], ["B2:B3"])})
    assert "werkblad 'a' heeft 1 samengevoegd celbereik (A2:A4); ook werkblad 'b'" in str(
        _refusal(p))


def test_a_sheet_the_spec_does_not_read_may_hold_merged_cells(tmp_path):
    p = _book(tmp_path / "m.xlsx", {"data": ([NAMES, ROWS[3]], []),
                                    "opmaak": ([["titel", None], ["x", "y"]], ["A1:B1"])})
    df = read_table(p, spec(format="xlsx", sheet="data"), shared=False)
    assert df["persoonsnummer"].tolist() == ["PN02"]


def test_many_ranges_are_listed_up_to_ten(tmp_path):
    rows = [[f"PN{i:02d}", None, "Jansen", "Jan", "01-02-1980", "a", "b"] for i in range(30)]
    merges = [f"F{2 + 2 * i}:G{2 + 2 * i}" for i in range(12)]
    p = _book(tmp_path / "m.xlsx", {"Blad1": ([NAMES, *rows], merges)})
    text = str(_refusal(p))
    assert "heeft 12 samengevoegde celbereiken (F2:G2, F4:G4," in text
    assert "F20:G20 en 2 meer)" in text and "F22:G22" not in text


# --- the range scanner on its own ----------------------------------------------------------


def test_ranges_found_across_block_boundaries(tmp_path):
    """The worksheet part is read in blocks (bounded memory): any block size gives the same
    ranges, also when a block ends inside a ``<mergeCell>`` element."""
    rows = [[f"PN{i:04d}", "x", "y"] for i in range(600)]
    merges = [f"B{2 + 3 * i}:B{3 + 3 * i}" for i in range(150)] + ["AA700:AB701"]
    p = _book(tmp_path / "m.xlsx", {"groot": ([["a", "b", "c"], *rows], merges)})
    want = merged_ranges(p)["groot"]
    assert len(want) == 151 and want[0] == "B2:B3" and want[-1] == "AA700:AB701"
    for block in [7, 64, 1000, 4096]:
        assert merged_ranges(p, block=block)["groot"] == want


def test_scanner_reads_prefixed_markup_and_absolute_targets(tmp_path):
    """A workbook written by another tool: ``x:`` namespace prefixes, an absolute relationship
    target, a second sheet without merges, a one-cell "range" (not a merge)."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    p = tmp_path / "x.xlsx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("_rels/.rels", f'<Relationships xmlns="{pkg}"><Relationship Id="r1" '
                   f'Type="{rel}/officeDocument" Target="/xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<x:workbook xmlns:x="{main}" xmlns:r="{rel}"><x:sheets>'
                   '<x:sheet name="Personen" sheetId="1" r:id="rId7"/>'
                   '<x:sheet name="Leeg" sheetId="2" r:id="rId8"/></x:sheets></x:workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{pkg}">'
                   f'<Relationship Id="rId7" Type="{rel}/worksheet" '
                   'Target="/xl/worksheets/data.xml"/>'
                   f'<Relationship Id="rId8" Type="{rel}/worksheet" '
                   'Target="worksheets/leeg.xml"/></Relationships>')
        z.writestr("xl/worksheets/data.xml", f'<x:worksheet xmlns:x="{main}"><x:sheetData/>'
                   '<x:mergeCells count="3"><x:mergeCell ref="c5:c9"/>'
                   "<x:mergeCell ref='A2:A4'/><x:mergeCell ref=\"D2:D2\"/></x:mergeCells>"
                   '</x:worksheet>')
        z.writestr("xl/worksheets/leeg.xml", f'<worksheet xmlns="{main}"><sheetData/></worksheet>')
    assert merged_ranges(p) == {"Personen": ["A2:A4", "C5:C9"]}
    assert merged_ranges(p, ["Leeg"]) == {}


def test_a_workbook_without_merges_reads_as_before(tmp_path):
    p = _book(tmp_path / "m.xlsx", {"Blad1": ([NAMES, ROWS[0], ROWS[3]], [])})
    assert merged_ranges(p) == {}
    df = read_table(p, spec(format="xlsx"), shared=False)
    assert df["persoonsnummer"].tolist() == ["PN01", "PN02"]
