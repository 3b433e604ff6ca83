"""Class: the spec's choice for what a partner hid in a workbook (issue 9 data minimisation at the
partner, "nothing lost in silence"; review 7 Q18's alternative). ``hidden_rows: read | skip`` and
``hidden_columns: read | skip`` (default ``read``: read and said, see test_workbook_hidden.py).

Rule with ``hidden_rows: skip``: a hidden or filtered-out row with data is not read, not
pseudonymised and not a reject, but counted (``hidden_rows_skipped`` in the result and the
sidecar; every row of a sheet is accounted for: header + rows above it + empty + repeated
headers + rows read + hidden rows skipped) and said per sheet with its Excel rows as runs. The
other rows keep their own Excel row numbers (``_row``, rejects), also on several sheets
(``_sheet``) and below a header that is not in row 1; an empty hidden row is an empty row; a
formula without a stored result in a skipped row does not refuse the workbook. The shared
extract it gives reconciles at ingest.

Rule with ``hidden_columns: skip``: a hidden column is absent; one the spec needs refuses the
workbook naming the sheet, the column and its letter; a hidden ``keep`` column is not read (its
cells stay empty) and said. With ``read``, a hidden ``keep`` column is read and said as read (it
was said "not shared" before, wrongly: it is shared); a ``keep`` column is a column read for the
formula rule too (a formula without a stored result there refuses, as in a mapped column).
With ``hidden_rows: skip`` and no ``sheet``, a hidden sheet is not read (its non-empty rows
counted and said); one the spec names is read; only hidden sheets with data is refused.

Both keys are for ``format: xlsx`` only: a CSV or Parquet spec with either is refused on load
naming the file and the key (a key that does nothing would be a promise netwerk cannot keep)."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from ingest_faults import KEY, spec
from openpyxl import load_workbook
from xlsx_build import NAMES, book, person
from xlsx_build import hide as _hide

from netwerk.errors import InputError, Reason, SpecError
from netwerk.i18n import using
from netwerk.ingest.pipeline import ingest_extract
from netwerk.ingest.pseudonymise import pseudonymise_file, sidecar_path
from netwerk.ingest.readers import read_table
from netwerk.ingest.spec import load_spec

SKIP = {"format": "xlsx", "hidden_rows": "skip"}


def _side(out):
    return json.loads(sidecar_path(out).read_text(encoding="utf-8"))


def _rejects(out):
    return pd.read_csv(f"{out}.rejects.csv", dtype=str, keep_default_na=False)


def test_skipped_rows_are_not_read_not_shared_not_rejected_but_counted_and_said(tmp_path):
    rows = [NAMES, person(1), person(2), person(3, bsn="123456789"), person(4), person(5, pn=False)]
    p = book(tmp_path / "h.xlsx", {"Blad1": rows}, setup=_hide(rows=(3, 4), filter_ref="A1:G6"))
    out = tmp_path / "skip" / "h.xlsx"
    res = pseudonymise_file(p, spec(**SKIP), KEY, out)
    # row 4 (an 11-proef fault) is hidden: no reject; row 6 (no persoonsnummer) keeps its row
    assert (res.rows_read, res.rows_written, res.rejects) == (3, 2, 1)
    assert res.hidden_rows_skipped == 2
    assert res.notes == (
        "werkblad 'Blad1': 2 verborgen rijen niet gelezen (rijen 3-4), filter op A1:G6, want de "
        "specificatie zegt 'hidden_rows: skip': ze staan niet in het gedeelde extract en niet bij "
        "de afgewezen regels",)
    rej = _rejects(out)
    assert rej[["sheet", "row", "reason"]].values.tolist() == [
        ["Blad1", "6", "missing_identifier"]]
    side = _side(out)
    assert (side["rows_read"], side["hidden_rows"], side["hidden_rows_skipped"]) == (3, 0, 2)
    assert side["read_notes"] == list(res.notes)
    # the same file read: the skipped rows' pseudonyms are in that extract, not in this one
    read_out = tmp_path / "read" / "h.xlsx"
    pseudonymise_file(p, spec(format="xlsx"), KEY, read_out)
    both = read_table(read_out, spec(format="xlsx"), shared=True)
    kept = read_table(out, spec(format="xlsx"), shared=True)
    assert len(both) == 4 and len(kept) == 2  # raw Excel rows 2-5 and 2, 5
    hidden = set(both["persoonsnummer"].iloc[[1, 2]])
    assert len(hidden) == 2 and not hidden & set(kept["persoonsnummer"])
    assert kept.drop(columns="_row").values.tolist() == \
        both.iloc[[0, 3]].drop(columns="_row").values.tolist()
    # read, the hidden row's BSN fault is a rejects line (cell emptied), as any row's
    assert _rejects(read_out)["row"].tolist() == ["4", "6"]


def test_every_row_of_the_sheet_is_accounted_for(tmp_path):
    # title and blank row above a header in row 3; rows: 4 data, 5 hidden data, 6 empty,
    # 7 hidden empty, 8 header again, 9 hidden header again, 10-11 hidden data, 12 data
    rows = [["Export politie 01-12-2026"], [], NAMES, person(1), person(2), [], [], NAMES, NAMES,
            person(3), person(4), person(5)]
    p = book(tmp_path / "a.xlsx", {"Blad1": rows},
             setup=_hide(rows=(1, 5, 7, 9, 10, 11), filter_ref="A3:G12"))
    out = tmp_path / "out" / "a.xlsx"
    res = pseudonymise_file(p, spec(**SKIP), KEY, out)
    side = _side(out)
    total = load_workbook(p).active.max_row
    assert total == 12
    assert (side["rows_read"], side["hidden_rows_skipped"], side["empty_lines"],
            side["repeated_headers"], side["rows_above_header"]) == (2, 4, 2, 1, 2)
    assert total == (1 + side["rows_above_header"] + side["empty_lines"]
                     + side["repeated_headers"] + side["rows_read"] + side["hidden_rows_skipped"])
    assert res.notes[0].startswith("werkblad 'Blad1': de kopregel staat in rij 3")
    assert res.notes[1].startswith("werkblad 'Blad1': 4 verborgen rijen niet gelezen "
                                   "(rijen 5, 9-11), filter op A3:G12")
    shared = read_table(out, spec(format="xlsx"), shared=True)
    assert len(shared) == res.rows_written == 2
    assert read_table(p, spec(**SKIP), shared=False)["_row"].tolist() == [4, 12]


def test_read_and_skip_count_the_same_rows(tmp_path):
    rows = [NAMES, *[person(i) for i in range(1, 25)]]
    hidden = tuple(range(2, 25, 2))
    p = book(tmp_path / "r.xlsx", {"Blad1": rows}, setup=_hide(rows=hidden))
    read = read_table(p, spec(format="xlsx"), shared=False)
    skip = read_table(p, spec(**SKIP), shared=False)
    assert read.attrs["hidden_rows"] == skip.attrs["hidden_rows_skipped"] == 12
    assert len(read) == len(skip) + 12 == 24
    assert skip["_row"].tolist() == list(range(3, 26, 2))
    assert skip.attrs["notes"][0].startswith(
        "werkblad 'Blad1': 12 verborgen rijen niet gelezen (rijen 2, 4, 6, 8, 10, 12, 14, 16, "
        "18, 20 en 2 meer), want")


def test_several_sheets_keep_their_sheet_and_excel_rows(tmp_path):
    sheets = {"a": [NAMES, person(1), person(2), person(3)],
              "b": [["Export"], NAMES, person(4), person(5), person(6, pn=False)]}

    def setup(wb):
        wb["a"].row_dimensions[3].hidden = True
        wb["b"].row_dimensions[3].hidden = True
        wb["b"].row_dimensions[4].hidden = True
    p = book(tmp_path / "s.xlsx", sheets, setup=setup)
    df = read_table(p, spec(**SKIP), shared=False)
    assert list(zip(df["_sheet"], df["_row"], strict=True)) == [("a", 2), ("a", 4), ("b", 5)]
    assert df.attrs["hidden_rows_skipped"] == 3 and df.attrs["hidden_rows"] == 0
    said = [n for n in df.attrs["notes"] if "verborgen" in n]
    assert said == [
        "werkblad 'a': 1 verborgen rij niet gelezen (rij 3), want de specificatie zegt "
        "'hidden_rows: skip': hij staat niet in het gedeelde extract en niet bij de afgewezen "
        "regels",
        "werkblad 'b': 2 verborgen rijen niet gelezen (rijen 3-4), want de specificatie zegt "
        "'hidden_rows: skip': ze staan niet in het gedeelde extract en niet bij de afgewezen "
        "regels"]
    out = tmp_path / "out" / "s.xlsx"
    res = pseudonymise_file(p, spec(**SKIP), KEY, out)
    assert (res.rows_read, res.rows_written, res.hidden_rows_skipped) == (3, 2, 3)
    assert _rejects(out)[["sheet", "row"]].values.tolist() == [["b", "5"]]


def test_a_formula_without_result_in_a_skipped_row_does_not_refuse(tmp_path):
    rows = [NAMES, person(1), ["=A2", *person(2)[1:]], person(3)]
    p = book(tmp_path / "f.xlsx", {"Blad1": rows}, setup=_hide(rows=(3,)))
    with pytest.raises(InputError, match="formule zonder opgeslagen uitkomst"):
        read_table(p, spec(format="xlsx"), shared=False)
    df = read_table(p, spec(**SKIP), shared=False)
    assert df["_row"].tolist() == [2, 4] and df.attrs["hidden_rows_skipped"] == 1


def test_the_shared_extract_of_a_skip_run_reconciles_at_ingest(tmp_path):
    rows = [NAMES, *[person(i) for i in range(1, 7)]]
    p = book(tmp_path / "i.xlsx", {"Blad1": rows}, setup=_hide(rows=(2, 5), filter_ref="A1:G7"))
    out = tmp_path / "out" / "i.xlsx"
    res = pseudonymise_file(p, spec(**SKIP), KEY, out)
    got = ingest_extract(tmp_path / "case.duckdb", out, spec(**SKIP))
    assert got.reconciled and got.rows_read == res.rows_written == 4


def test_english(tmp_path):
    p = book(tmp_path / "e.xlsx", {"Blad1": [NAMES, person(1), person(2)]},
             setup=_hide(rows=(3,)))
    with using("en"):
        notes = read_table(p, spec(**SKIP), shared=False).attrs["notes"]
    assert notes == ["sheet 'Blad1': 1 hidden row not read (row 3), because the spec says "
                     "'hidden_rows: skip': it is not in the shared extract nor among the rejects"]


# -- hidden columns ---------------------------------------------------------------------------

def test_a_hidden_column_the_spec_needs_is_refused_naming_sheet_and_column(tmp_path):
    sheets = {"a": [NAMES, person(1)], "b": [NAMES, person(2)]}
    p = book(tmp_path / "c.xlsx", sheets, setup=_hide(cols=("B", "C"), sheet="b"))
    with pytest.raises(InputError) as e:
        read_table(p, spec(format="xlsx", hidden_columns="skip"), shared=False)
    assert e.value.reason == Reason.MISSING_COLUMN and e.value.column == "bsn"
    assert str(e.value) == (
        "c.xlsx: werkblad 'b': de kolommen 'bsn' (B), 'achternaam' (C) zijn verborgen en de "
        "specificatie zegt 'hidden_columns: skip' (verborgen kolommen niet lezen), maar heeft "
        "ze nodig; netwerk deelt geen kolom die de partner verborg: vraag na of hij gedeeld mag "
        "worden, en zo ja, maak hem zichtbaar en lever opnieuw aan")
    with using("en"), pytest.raises(InputError, match=r"sheet 'b': the columns 'bsn' \(B\)"):
        read_table(p, spec(format="xlsx", hidden_columns="skip"), shared=False)
    # read (the default): read and said, as before
    assert read_table(p, spec(format="xlsx"), shared=False).attrs["hidden_columns"] == [
        "b: bsn", "b: achternaam"]


def test_a_hidden_keep_column_is_not_read_with_skip_and_read_and_said_with_read(tmp_path):
    rows = [[*NAMES, "opmerking", "bsn_echtgenoot"],
            [*person(1), "zie dossier", "111222333"], [*person(2), "tweede", "111222333"]]
    p = book(tmp_path / "k.xlsx", {"Blad1": rows}, setup=_hide(cols=("H", "I")))
    out = tmp_path / "skip" / "k.xlsx"
    res = pseudonymise_file(p, spec(format="xlsx", hidden_columns="skip", keep=["opmerking"]),
                            KEY, out)
    assert res.notes == (
        "werkblad 'Blad1': verborgen kolom 'opmerking' (H) niet gelezen, want de specificatie "
        "zegt 'hidden_columns: skip': zijn cellen blijven leeg in het gedeelde extract",
        "werkblad 'Blad1': verborgen kolom 'bsn_echtgenoot' (I) niet gedeeld: de specificatie "
        "noemt hem niet (zoals elke kolom buiten de specificatie)")
    side = _side(out)
    assert (side["hidden_columns"], side["hidden_columns_skipped"]) == ([], ["Blad1: opmerking"])
    shared = read_table(out, spec(format="xlsx", keep=["opmerking"]), shared=True)
    assert shared["opmerking"].isna().all() and res.rows_written == 2
    assert b"zie dossier" not in out.read_bytes()
    # read: the kept column is shared, so it is said as read (not "niet gedeeld")
    out2 = tmp_path / "read" / "k.xlsx"
    res2 = pseudonymise_file(p, spec(format="xlsx", keep=["opmerking"]), KEY, out2)
    assert res2.notes[0] == (
        "werkblad 'Blad1': kolom 'opmerking' (H) is verborgen in de werkmap en wordt toch "
        "gelezen, want de specificatie noemt hem: hij staat (gepseudonimiseerd) in het gedeelde "
        "extract")
    assert _side(out2)["hidden_columns"] == ["Blad1: opmerking"]
    assert read_table(out2, spec(format="xlsx", keep=["opmerking"]),
                      shared=True)["opmerking"].tolist() == ["zie dossier", "tweede"]


def test_hidden_rows_and_columns_skipped_together(tmp_path):
    rows = [[*NAMES, "opmerking"], [*person(1), "a"], [*person(2), "b"], [*person(3), "c"]]
    p = book(tmp_path / "t.xlsx", {"Blad1": rows}, setup=_hide(rows=(3,), cols=("H",)))
    df = read_table(p, spec(format="xlsx", hidden_rows="skip", hidden_columns="skip",
                            keep=["opmerking"]), shared=False)
    assert df["_row"].tolist() == [2, 4] and df["opmerking"].isna().all()
    assert (df.attrs["hidden_rows_skipped"], df.attrs["hidden_columns_skipped"]) == (
        1, ["Blad1: opmerking"])


# -- the spec ---------------------------------------------------------------------------------

SPEC = """name: t
partner: politie
format: {fmt}
{extra}
identifiers:
  - {{columns: [bsn], kind: bsn}}
nodes:
  - {{id: bsn, kind: person}}
"""


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
@pytest.mark.parametrize("key, value", [("hidden_rows", "skip"), ("hidden_columns", "skip"),
                                        ("hidden_rows", "read")])
def test_a_csv_or_parquet_spec_with_the_key_is_refused_naming_file_and_key(tmp_path, fmt, key,
                                                                           value):
    p = tmp_path / "s.yaml"
    p.write_text(SPEC.format(fmt=fmt, extra=f"{key}: {value}"), encoding="utf-8")
    with pytest.raises(SpecError) as e:
        load_spec(p)
    assert str(e.value) == (
        f"{p}: {key}: geldt alleen voor Excel-werkmappen (format: xlsx); een {fmt}-bestand heeft "
        f"geen verborgen rijen of kolommen: haal '{key}' weg uit de specificatie")
    with using("en"), pytest.raises(SpecError, match=f"{key}: only for Excel workbooks"):
        load_spec(p)


@pytest.mark.parametrize("value", ["Skip", "no", "false", "verbergen", "[skip]"])
def test_a_wrong_value_is_refused_naming_the_key(tmp_path, value):
    p = tmp_path / "s.yaml"
    p.write_text(SPEC.format(fmt="xlsx", extra=f"hidden_rows: {value}"), encoding="utf-8")
    with pytest.raises(SpecError, match=r"s\.yaml: hidden_rows: "):
        load_spec(p)


def test_xlsx_spec_values_and_default(tmp_path):
    p = tmp_path / "s.yaml"
    p.write_text(SPEC.format(fmt="xlsx", extra="hidden_rows: skip\nhidden_columns: read"),
                 encoding="utf-8")
    got = load_spec(p)
    assert (got.hidden_rows, got.hidden_columns) == ("skip", "read")
    p.write_text(SPEC.format(fmt="xlsx", extra=""), encoding="utf-8")
    assert (load_spec(p).hidden_rows, load_spec(p).hidden_columns) == ("read", "read")
    p.write_text(SPEC.format(fmt="csv", extra=""), encoding="utf-8")
    assert load_spec(p).hidden_rows == "read"  # the default is no key: a CSV spec loads


# -- hidden sheets: every row of a hidden sheet is hidden --------------------------------------

def test_a_hidden_sheet_is_not_read_with_skip_unless_the_spec_names_it(tmp_path):
    sheets = {"a": [NAMES, person(1), person(2)], "oud": [NAMES, person(3), [], person(4)]}
    p = book(tmp_path / "o.xlsx", sheets, hidden=("oud",))
    read = read_table(p, spec(format="xlsx"), shared=False)
    assert read["_sheet"].tolist() == ["a", "a", "oud", "oud"]
    df = read_table(p, spec(**SKIP), shared=False)
    assert list(zip(df["_sheet"], df["_row"], strict=True)) == [("a", 2), ("a", 3)]
    assert df.attrs["hidden_rows_skipped"] == 3  # the hidden sheet's header and 2 rows
    assert df.attrs["notes"] == [
        "werkblad 'oud' is verborgen en niet gelezen, want de specificatie zegt 'hidden_rows: "
        "skip' (3 niet-lege rijen, niet gedeeld)"]
    named = read_table(p, spec(sheet="oud", **SKIP), shared=False)
    assert named["_row"].tolist() == [2, 4] and named.attrs["hidden_rows_skipped"] == 0
    with using("en"):
        notes = read_table(p, spec(**SKIP), shared=False).attrs["notes"]
    assert notes == ["sheet 'oud' is hidden and not read, because the spec says 'hidden_rows: "
                     "skip' (3 non-empty rows, not shared)"]


def test_a_hidden_sheet_with_another_header_no_longer_blocks_the_read(tmp_path):
    sheets = {"a": [NAMES, person(1)], "notities": [["wie", "wat"], ["x", "y"]]}
    p = book(tmp_path / "n.xlsx", sheets, hidden=("notities",))
    with pytest.raises(InputError, match="verschillende kopregels"):
        read_table(p, spec(format="xlsx"), shared=False)
    df = read_table(p, spec(**SKIP), shared=False)
    assert df["_row"].tolist() == [2] and df.attrs["hidden_rows_skipped"] == 2


def test_only_hidden_sheets_with_data_is_refused_with_skip(tmp_path):
    p = book(tmp_path / "h.xlsx", {"leeg": [], "oud": [NAMES, person(1)]}, hidden=("oud",))
    with pytest.raises(InputError) as e:
        read_table(p, spec(**SKIP), shared=False)
    assert e.value.reason == Reason.EMPTY_FILE
    assert str(e.value) == (
        "h.xlsx: de werkmap heeft alleen verborgen werkbladen met gegevens ('oud' (verborgen)) "
        "en de specificatie zegt 'hidden_rows: skip': er is niets te lezen; noem het te lezen "
        "blad met 'sheet' in de specificatie als het gedeeld mag worden")
    assert len(read_table(p, spec(format="xlsx"), shared=False)) == 1


def test_a_keep_column_is_a_column_read_for_formulas_too(tmp_path):
    # a formula without a stored result in a 'keep' column would be written empty in silence
    rows = [[*NAMES, "opmerking"], [*person(1), "=C2"], [*person(2), "tekst"]]
    p = book(tmp_path / "f.xlsx", {"Blad1": rows})
    with pytest.raises(InputError, match=r"1 cel met een formule zonder opgeslagen uitkomst, in "
                                         r"kolom 'opmerking' \(H2\)"):
        read_table(p, spec(format="xlsx", keep=["opmerking"]), shared=False)
    assert len(read_table(p, spec(format="xlsx"), shared=False)) == 2  # not kept: not read
