"""Class: sheet names are partner data, like file and column names (issue 9, review 7 Q2). A
sheet named after the person it is about (``Schouten 123456782``) or holding a police number of
the spec's ``raw_patterns`` (``oud PN04205665``) is masked wherever netwerk names it: the read
notes that go into the shared extract's sidecar, log lines, refusals (different headers, merged
cells, no header, a sheet the spec names that is not there, the repeated header in another
order, raw text in a column), the rejects CSV's ``sheet`` column and the ``_sheet`` column.
Two sheets whose masked names are the same get their place added, so a row is still found.
Members covered: each of those places, in Dutch and English, end to end through
``pseudonymise_file`` and through ``read_table``."""

from __future__ import annotations

import json
import logging

import pandas as pd
import pytest
from ingest_faults import KEY, spec
from xlsx_build import NAMES, book, person

from netwerk.errors import InputError, LeakError
from netwerk.i18n import using
from netwerk.ingest.pseudonymise import pseudonymise_file
from netwerk.ingest.readers import read_table

PN = {"politie_persoonsnummer": r"\bPN\d{8}\b"}
RAW = ("123456782", "PN04205665", "111222333")


def _clean(text: str) -> None:
    for raw in RAW:
        assert raw not in text, text


def test_sheet_names_are_masked_in_sidecar_rejects_notes_and_log(tmp_path, caplog):
    p = book(tmp_path / "kvk.xlsx", {"Blad1": [NAMES, person(1)],
                                      "Schouten 123456782": [NAMES, person(2),
                                                             person(3, pn=False)]})
    out = tmp_path / "out" / "kvk.xlsx"
    with caplog.at_level(logging.INFO):
        res = pseudonymise_file(p, spec(format="xlsx"), KEY, out)
    assert res.notes == ("alle 2 werkbladen gelezen ('Blad1', 'Schouten [bsn]'); ze hebben "
                         "dezelfde kopregel",)
    side = (out.parent / "kvk.xlsx.netwerk.json").read_text(encoding="utf-8")
    assert json.loads(side)["read_notes"] == list(res.notes)
    rej = pd.read_csv(f"{out}.rejects.csv", dtype=str)
    assert rej[["sheet", "row", "reason"]].values.tolist() == [
        ["Schouten [bsn]", "3", "missing_identifier"]]
    for text in (side, rej.to_csv(), caplog.text, *res.notes):
        _clean(text)
    assert "Schouten [bsn]" in caplog.text


def test_a_hidden_sheet_named_with_a_spec_pattern_is_masked_and_said_hidden(tmp_path):
    p = book(tmp_path / "h.xlsx", {"Blad1": [NAMES, person(1)],
                                    "oud PN04205665": [["x", "y"], [1, 2]]}, hidden=("oud PN04205665",))
    with pytest.raises(InputError) as e:
        read_table(p, spec(format="xlsx", raw_patterns=PN), shared=False)
    assert "('Blad1', 'oud [politie_persoonsnummer]' (verborgen)) met verschillende kopregels" \
        in str(e.value)
    _clean(str(e.value))
    with using("en"), pytest.raises(InputError) as e:
        read_table(p, spec(format="xlsx", raw_patterns=PN), shared=False)
    assert "'oud [politie_persoonsnummer]' (hidden)" in str(e.value)


def test_a_sheet_the_spec_names_that_is_not_there_lists_the_sheets_masked(tmp_path):
    p = book(tmp_path / "h.xlsx", {"Blad1": [NAMES, person(1)],
                                    "oud PN04205665": [["x"], [1]]}, hidden=("oud PN04205665",))
    with pytest.raises(InputError) as e:
        read_table(p, spec(format="xlsx", sheet="Verdachten", raw_patterns=PN), shared=False)
    assert str(e.value) == (
        "h.xlsx: werkblad 'Verdachten' (genoemd in 'sheet' van de specificatie) niet gevonden; "
        "de werkmap heeft: 'Blad1', 'oud [politie_persoonsnummer]' (verborgen)")
    with using("en"), pytest.raises(InputError) as e:
        read_table(p, spec(format="xlsx", sheet="Verdachten", raw_patterns=PN), shared=False)
    assert "sheet 'Verdachten' (named in the spec's 'sheet') not found; the workbook has: " \
        "'Blad1', 'oud [politie_persoonsnummer]' (hidden)" in str(e.value)


def _merged(wb):
    wb["bsn 111222333"].merge_cells("A2:A3")


@pytest.mark.parametrize("sheets, setup, match", [
    # merged cells below the header
    ({"bsn 111222333": [NAMES, person(1), [None, *person(2)[1:]]]}, _merged,
     "werkblad 'bsn [bsn]' heeft 1 samengevoegd celbereik (A2:A3)"),
    # no header in the first rows
    ({"Schouten 123456782": [["Export"], ["a", "b"], ["c"]]}, None,
     "h.xlsx, werkblad 'Schouten [bsn]': geen kopregel gevonden"),
    # the header again in another column order
    ({"PN04205665": [NAMES, person(1), [NAMES[1], NAMES[0], *NAMES[2:]], person(2)]}, None,
     "werkblad '[politie_persoonsnummer]' rij 3 is de kop opnieuw"),
])
def test_refusals_name_the_sheet_masked(tmp_path, sheets, setup, match):
    p = book(tmp_path / "h.xlsx", sheets, setup=setup)
    with pytest.raises(InputError) as e:
        read_table(p, spec(format="xlsx", raw_patterns=PN), shared=False)
    assert match in str(e.value)
    _clean(str(e.value))


def test_a_title_note_and_a_leak_refusal_name_the_sheet_masked(tmp_path):
    p = book(tmp_path / "t.xlsx", {"Schouten 123456782": [["Export"], NAMES, person(1)]})
    df = read_table(p, spec(format="xlsx"), shared=False)
    assert df.attrs["notes"][0].startswith("werkblad 'Schouten [bsn]': de kopregel staat in rij 2")
    assert df["_sheet"].tolist() == ["Schouten [bsn]"]
    p = book(tmp_path / "l.xlsx", {"Schouten 123456782": [NAMES, person(1, rol="zie 111222333")]})
    with pytest.raises(LeakError) as e:
        pseudonymise_file(p, spec(format="xlsx"), KEY, tmp_path / "o" / "l.xlsx")
    assert str(e.value).startswith("l.xlsx, werkblad 'Schouten [bsn]', rij 2: ")
    _clean(str(e.value))


def test_two_sheets_with_the_same_masked_name_are_told_apart(tmp_path):
    p = book(tmp_path / "d.xlsx", {"Schouten 123456782": [NAMES, person(1, pn=False)],
                                    "Schouten 111222333": [NAMES, person(2, pn=False)]})
    out = tmp_path / "out" / "d.xlsx"
    pseudonymise_file(p, spec(format="xlsx"), KEY, out)
    rej = pd.read_csv(f"{out}.rejects.csv", dtype=str)
    assert rej["sheet"].tolist() == ["Schouten [bsn] (blad 1)", "Schouten [bsn] (blad 2)"]
    with using("en"):
        df = read_table(p, spec(format="xlsx"), shared=False)
    assert df["_sheet"].tolist() == ["Schouten [bsn] (sheet 1)", "Schouten [bsn] (sheet 2)"]


def test_a_spec_naming_a_sheet_with_an_identifier_writes_it_masked(tmp_path):
    """The shared workbook's own sheet is named after the spec's ``sheet``: masked, with round
    brackets (Excel allows no ``[ ]`` in sheet names), and read back under the same spec."""
    from openpyxl import load_workbook

    p = book(tmp_path / "s.xlsx", {"Schouten 123456782": [NAMES, person(1), person(2)],
                                    "Blad2": [["x"], [1]]})
    sp = spec(format="xlsx", sheet="Schouten 123456782")
    out = tmp_path / "out" / "s.xlsx"
    pseudonymise_file(p, sp, KEY, out)
    assert load_workbook(out, read_only=True).sheetnames == ["Schouten (bsn)"]
    shared = read_table(out, sp, shared=True)
    assert len(shared) == 2 and shared["_row"].tolist() == [2, 3]
