"""Class: formula cells in a workbook (issue 9 "nothing lost in silence", review 7 Q9). netwerk
reads the result a workbook stores for a formula (what Excel showed when it saved). A workbook
written by a script or reporting tool often stores no result at all: such a cell is not empty,
its value is simply not in the file. Rule: a formula cell without a stored result in a column the
spec reads refuses the workbook, naming the sheet, the column and the cells, with the advice to
open and save it in Excel (formulas calculated); a formula with a stored result is read as that
result and said (sheet, column, cells). Members covered: a BSN column of formulas without results
(the review's case, end to end: nothing written), one such cell among values, one in a column the
spec does not read (read: the column is dropped anyway), formulas with stored results (read, said,
pseudonymised like typed values), a text formula whose stored result is empty, a shared formula,
in Dutch and English."""

from __future__ import annotations

import pytest
from ingest_faults import KEY, spec
from xlsx_build import NAMES, book, person, store_results

from netwerk.errors import InputError
from netwerk.i18n import using
from netwerk.ingest.pseudonymise import pseudonymise_file
from netwerk.ingest.readers import read_table, sheet_marks

BSNS = ["111222333", "123456782", "012345672", "100000009", "999999990"]


def _formula_book(path, bsn_cells: dict[int, str] | None = None):
    """politie-like rows whose ``bsn`` (column B) is ``=H<row>``, a column ``bsn_bron`` (H, not
    in the spec) holding the BSN, as the review's export tool wrote it."""
    rows = [[*NAMES, "bsn_bron"]]
    for i, b in enumerate(BSNS, start=2):
        r = person(i)
        r[1] = (bsn_cells or {}).get(i, f"=H{i}")
        rows.append([*r, b])
    return book(path, {"Export": rows})


def test_formulas_without_stored_results_refuse_the_workbook(tmp_path):
    p = _formula_book(tmp_path / "formula.xlsx")
    out = tmp_path / "out" / "formula.xlsx"
    with pytest.raises(InputError) as e:
        pseudonymise_file(p, spec(format="xlsx"), KEY, out)
    assert str(e.value) == (
        "formula.xlsx: werkblad 'Export': 5 cellen met een formule zonder opgeslagen uitkomst, in "
        "kolom 'bsn' (B2:B6); het bestand bewaart voor zo'n cel geen waarde (het programma dat de "
        "werkmap schreef heeft de formules niet berekend) en netwerk leest hem niet als leeg: open "
        "en sla op in Excel (formules berekenen), of lever de waarden aan in plaats van formules")
    assert str(e.value.reason) == "unreadable_file"
    assert not out.parent.exists() or not any(out.parent.iterdir())
    with using("en"), pytest.raises(InputError) as e:
        read_table(p, spec(format="xlsx"), shared=False)
    assert "sheet 'Export': 5 cells with a formula without a stored result, in column 'bsn' " \
        "(B2:B6)" in str(e.value) and "open and save in Excel (formulas calculated)" in str(e.value)


def test_one_formula_among_values_is_named_by_its_cell(tmp_path):
    p = _formula_book(tmp_path / "f.xlsx", {2: "111222333", 3: "123456782", 5: "100000009",
                                            6: "999999990"})
    with pytest.raises(InputError, match=r"werkblad 'Export': 1 cel met een formule zonder "
                                         r"opgeslagen uitkomst, in kolom 'bsn' \(B4\);"):
        read_table(p, spec(format="xlsx"), shared=False)


def test_a_formula_in_a_column_the_spec_does_not_read_is_not_refused(tmp_path):
    rows = [[*NAMES, "controle"]] + [[*person(i), f"=LEN(A{i})"] for i in (2, 3)]
    p = book(tmp_path / "c.xlsx", {"Blad1": rows})
    df = read_table(p, spec(format="xlsx"), shared=False)
    assert df["persoonsnummer"].tolist() == ["PN00000002", "PN00000003"]
    assert df.attrs["notes"] == []


def test_formulas_with_stored_results_are_read_as_their_results_and_said(tmp_path):
    p = store_results(_formula_book(tmp_path / "s.xlsx"),
                      {f"B{i}": b for i, b in enumerate(BSNS, start=2)})
    marks = sheet_marks(p)["Export"]
    assert marks.uncached == [] and marks.cached == [(i, 2) for i in range(2, 7)]
    df = read_table(p, spec(format="xlsx"), shared=False)
    assert df["bsn"].tolist() == BSNS
    assert df.attrs["notes"] == ["werkblad 'Export': 5 cellen met een formule gelezen als de "
                                 "uitkomst die het bestand bewaart, in kolom 'bsn' (B2:B6)"]
    # pseudonymised exactly as the same values typed in
    typed = book(tmp_path / "t.xlsx", {"Export": [[*NAMES, "bsn_bron"]] + [
        [*person(i)[:1], b, *person(i)[2:], b] for i, b in enumerate(BSNS, start=2)]})
    a = pseudonymise_file(p, spec(format="xlsx"), KEY, tmp_path / "a" / "s.xlsx")
    b = pseudonymise_file(typed, spec(format="xlsx"), KEY, tmp_path / "b" / "t.xlsx")
    assert (a.rows_written, a.rejects) == (b.rows_written, b.rejects) == (5, 0)
    sa = read_table(tmp_path / "a" / "s.xlsx", spec(format="xlsx"), shared=True)
    sb = read_table(tmp_path / "b" / "t.xlsx", spec(format="xlsx"), shared=True)
    assert sa["bsn"].tolist() == sb["bsn"].tolist() and sa["bsn"].notna().all()
    assert a.notes == ("werkblad 'Export': 5 cellen met een formule gelezen als de uitkomst die "
                       "het bestand bewaart, in kolom 'bsn' (B2:B6)",)


def test_stored_empty_text_and_shared_formulas(tmp_path):
    """A text formula whose stored result is "" (``t="str"``, empty ``<v>``) has a result; a
    shared formula (``<f t="shared" si="0"/>``) without ``<v>`` has none."""
    import re
    import zipfile

    p = _formula_book(tmp_path / "x.xlsx")
    src = zipfile.ZipFile(p)
    items = [(i, src.read(i.filename)) for i in src.infolist()]
    src.close()
    with zipfile.ZipFile(p, "w") as out:
        for info, data in items:
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                text = re.sub(r'<c r="B2"><f>H2</f><v\s*/?>(</v>)?',
                              '<c r="B2" t="str"><f>H2</f><v></v>', text)
                text = re.sub(r'<c r="B3"><f>H3</f><v\s*/?>(</v>)?',
                              '<c r="B3"><f t="shared" ref="B3:B6" si="0">H3</f><v>123456782</v>',
                              text)
                for i in (4, 5, 6):
                    text = re.sub(rf'<c r="B{i}"><f>H{i}</f><v\s*/?>(</v>)?',
                                  f'<c r="B{i}"><f t="shared" si="0"/>', text)
                data = text.encode()
            out.writestr(info, data)
    marks = sheet_marks(p)["Export"]
    assert marks.cached == [(2, 2), (3, 2)]
    assert marks.uncached == [(4, 2), (5, 2), (6, 2)]
    with pytest.raises(InputError, match=r"3 cellen met een formule zonder opgeslagen uitkomst, "
                                         r"in kolom 'bsn' \(B4:B6\)"):
        read_table(p, spec(format="xlsx"), shared=False)
