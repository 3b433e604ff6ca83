"""Class: what a partner hid in a workbook (issue 9 data minimisation and "nothing in silence",
review 7 Q18). Rows hidden by hand or filtered out (AutoFilter) and hidden columns are in the
file and are read like any other; the partner may not have meant to share them. Rule: they are
read (the file is what was delivered) and said, Dutch first, in the read notes (so in the CLI
output and the sidecar's ``read_notes``), with counts in the sidecar (``hidden_rows``,
``hidden_columns``): hidden or filtered-out rows by sheet and Excel rows (and the filter's
range), a hidden column the spec reads by name and letter (it is shared, pseudonymised), a hidden
column the spec does not read as not shared (data minimisation drops it anyway). Members
covered: the review's case (AutoFilter, rows 3-4 hidden, the BSN column hidden) end to end; a
hidden column outside the spec; hidden empty rows (not counted); many hidden rows (runs);
a workbook without hidden parts (no notes); two sheets; English."""

from __future__ import annotations

import json

import pytest
from ingest_faults import KEY, spec
from xlsx_build import NAMES, book, hide, person

from netwerk.i18n import using
from netwerk.ingest.pseudonymise import pseudonymise_file
from netwerk.ingest.readers import read_table


def _hide(rows=(3, 4), cols=("B",), sheet="Blad1", filter_ref="A1:G6"):
    return hide(rows, cols, sheet, filter_ref)


def test_filtered_rows_and_a_hidden_bsn_column_are_read_and_said(tmp_path):
    p = book(tmp_path / "h.xlsx", {"Blad1": [NAMES, *[person(i) for i in range(1, 6)]]},
             setup=_hide())
    out = tmp_path / "out" / "h.xlsx"
    res = pseudonymise_file(p, spec(format="xlsx"), KEY, out)
    assert (res.rows_read, res.rows_written) == (5, 5)
    assert res.notes == (
        "werkblad 'Blad1': 2 verborgen rijen gelezen (rijen 3-4), filter op A1:G6; de partner "
        "heeft ze verborgen of weggefilterd, en ze staan (gepseudonimiseerd) in het gedeelde "
        "extract: vraag na of ze gedeeld mochten worden, en zo niet, lever opnieuw aan zonder "
        "die rijen",
        "werkblad 'Blad1': kolom 'bsn' (B) is verborgen in de werkmap en wordt toch gelezen, want "
        "de specificatie noemt hem: hij staat (gepseudonimiseerd) in het gedeelde extract")
    side = json.loads((out.parent / "h.xlsx.netwerk.json").read_text(encoding="utf-8"))
    assert (side["hidden_rows"], side["hidden_columns"]) == (2, ["Blad1: bsn"])
    assert side["read_notes"] == list(res.notes)
    with using("en"):
        notes = read_table(p, spec(format="xlsx"), shared=False).attrs["notes"]
    assert notes[0].startswith("sheet 'Blad1': 2 hidden rows read (rows 3-4), filter on A1:G6; "
                               "the partner hid or filtered them out")
    assert notes[1].startswith("sheet 'Blad1': column 'bsn' (B) is hidden in the workbook and "
                               "is read all the same")


def test_a_hidden_column_outside_the_spec_is_said_not_shared(tmp_path):
    rows = [[*NAMES, "bsn_echtgenoot"]] + [[*person(i), "111222333"] for i in (1, 2)]
    p = book(tmp_path / "c.xlsx", {"Blad1": rows}, setup=_hide(rows=(), cols=("H",),
                                                                filter_ref=None))
    out = tmp_path / "out" / "c.xlsx"
    res = pseudonymise_file(p, spec(format="xlsx"), KEY, out)
    assert res.notes == ("werkblad 'Blad1': verborgen kolom 'bsn_echtgenoot' (H) niet gedeeld: "
                         "de specificatie noemt hem niet (zoals elke kolom buiten de "
                         "specificatie)",)
    assert "bsn_echtgenoot" in res.dropped_columns
    side = json.loads((out.parent / "c.xlsx.netwerk.json").read_text(encoding="utf-8"))
    assert (side["hidden_rows"], side["hidden_columns"]) == (0, [])
    assert "111222333" not in out.read_bytes().decode("latin-1")


@pytest.mark.parametrize("hidden, expect", [
    ((3, 4, 9), "3 verborgen rijen gelezen (rijen 3-4, 9)"),
    ((2,), "1 verborgen rij gelezen (rij 2)"),
    (tuple(range(2, 25, 2)), "12 verborgen rijen gelezen (rijen 2, 4, 6, 8, 10, 12, 14, 16, 18, "
                             "20 en 2 meer)"),
])
def test_hidden_rows_are_named_by_their_excel_rows(tmp_path, hidden, expect):
    p = book(tmp_path / "r.xlsx", {"Blad1": [NAMES, *[person(i) for i in range(1, 25)]]},
             setup=_hide(rows=hidden, cols=(), filter_ref=None))
    df = read_table(p, spec(format="xlsx"), shared=False)
    assert len(df) == 24 and df.attrs["hidden_rows"] == len(hidden)
    assert df.attrs["notes"][0].startswith(f"werkblad 'Blad1': {expect}; de partner")


def test_hidden_empty_rows_and_rows_above_the_header_are_not_counted(tmp_path):
    rows = [["Export"], NAMES, person(1), [], person(2)]
    p = book(tmp_path / "e.xlsx", {"Blad1": rows},
             setup=_hide(rows=(1, 4), cols=(), filter_ref=None))
    df = read_table(p, spec(format="xlsx"), shared=False)
    assert df.attrs["hidden_rows"] == 0 and len(df) == 2
    assert not any("verborgen" in n for n in df.attrs["notes"])


def test_no_hidden_parts_no_notes_and_hidden_rows_on_a_second_sheet(tmp_path):
    plain = book(tmp_path / "p.xlsx", {"Blad1": [NAMES, person(1), person(2)]})
    df = read_table(plain, spec(format="xlsx"), shared=False)
    assert df.attrs["notes"] == [] and df.attrs["hidden_rows"] == 0
    two = book(tmp_path / "t.xlsx", {"a": [NAMES, person(1)], "b": [NAMES, person(2), person(3)]},
               setup=_hide(rows=(3,), cols=(), sheet="b", filter_ref="A1:G3"))
    df = read_table(two, spec(format="xlsx"), shared=False)
    assert df.attrs["notes"][1].startswith("werkblad 'b': 1 verborgen rij gelezen (rij 3), "
                                           "filter op A1:G3")
    assert df.attrs["hidden_rows"] == 1
