"""Class: a grade outside the spec's grading scheme (review5 F7). An Admiralty source ``Z`` or
information ``9`` was stored as is with score 0, so the link silently weighed nothing. Now the
relation row is rejected (``unparsable_value``, the column named, the value only by its shape);
a blank grade takes the spec's default, a lower-case or padded grade of the scheme is that grade.
Members: a bad source, a bad information, both, a number as source, lower case, blank.

Since review 8 S8 the partner's ``pseudonymise`` checks the grade with ingest's own rule
(:mod:`netwerk.ingest._grading`) and rejects the row there, naming row and column in Dutch; ingest
keeps the rule for an extract shared before (or edited after) that check."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from netwerk.errors import Reason
from netwerk.ingest.pipeline import ingest_extract
from netwerk.ingest.pseudonymise import pseudonymise_file, rejects_path
from netwerk.ingest.spec import load_spec

HEAD = ("registratienummer;pleegdatum;feitomschrijving;pleeg_postcode;pleeg_huisnummer;"
        "persoonsnummer;bsn;achternaam;voornamen;geboortedatum;rol;medeverdachte_persoonsnummer;"
        "kenteken;telefoonnummer;betrouwbaarheid;informatie")


def _ingest(tmp_path, grades):
    tmp_path.mkdir(parents=True, exist_ok=True)
    raw = tmp_path / "politie.csv"
    rows = [f"PL0000-{i};03-04-2024;Witwassen;;;PN{i:06d}01;;;;;a;PN{i:06d}02;;;{s};{inf}"
            for i, (s, inf) in enumerate(grades, start=1)]
    raw.write_text(HEAD + "\n" + "\n".join(rows) + "\n", encoding="cp1252")
    out = tmp_path / "out" / "politie.csv"
    part = pseudonymise_file(raw, load_spec("politie"), b"k" * 32, out)
    case = tmp_path / "c.duckdb"
    res = ingest_extract(case, out, "politie")
    con = duckdb.connect(str(case), read_only=True)
    rel = con.execute('SELECT "row", grading_source, grading_information, grading_score '
                      'FROM relations ORDER BY "row"').fetchall()
    con.close()
    return part, pd.read_csv(rejects_path(out), dtype=str, encoding="utf-8-sig"), res, rel


SHAPES = {"Z": "1 teken: 1 letter", "9": "1 cijfer", "7": "1 cijfer", "AA": "2 tekens: 2 letters"}
SOURCE = "hoort niet bij het schema admiralty (A, B, C, D, E, F)"
INFO = "hoort niet bij het schema admiralty (1, 2, 3, 4, 5, 6)"


@pytest.mark.parametrize("grade, column", [(("Z", "2"), "betrouwbaarheid"),
                                            (("B", "9"), "informatie"),
                                            (("7", "2"), "betrouwbaarheid"),
                                            (("AA", "2"), "betrouwbaarheid")])
def test_a_grade_outside_the_scheme_rejects_the_row(tmp_path, grade, column):
    part, prej, res, rel = _ingest(tmp_path, [("A", "1"), grade])
    # at the partner, where the export can be corrected: row and column named, in Dutch
    assert part.rejects == 1 and part.rows_written == 1
    assert prej[["row", "column", "reason"]].values.tolist() == [
        ["2", column, str(Reason.UNPARSABLE_VALUE)]]
    bad = grade[0] if column == "betrouwbaarheid" else grade[1]
    what = "brongradering" if column == "betrouwbaarheid" else "informatiegradering"
    rule = SOURCE if column == "betrouwbaarheid" else INFO
    assert prej["detail"].tolist() == [f"{what} ({SHAPES[bad]}) {rule}; rij afgewezen"]
    # the shared extract holds the good row only: ingest stores it and rejects nothing
    assert [r[0] for r in rel] == [1]
    assert res.n_rejects == 0 and res.reconciled


def test_both_axes_wrong_is_one_rejected_row(tmp_path):
    part, prej, res, rel = _ingest(tmp_path, [("Z", "9")])
    assert part.rejects == 1 and part.rows_written == 0
    assert prej["column"].tolist() == ["betrouwbaarheid", "informatie"]
    assert prej["detail"].tolist() == [f"brongradering (1 teken: 1 letter) {SOURCE}; rij afgewezen",
                                       f"informatiegradering (1 cijfer) {INFO}; rij afgewezen"]
    assert rel == [] and res.n_rejects == 0


def test_the_review_case_in_dutch_and_english(tmp_path):
    """Review 8 S8: ``Geheimbron`` / ``Hoogst7`` passed the partner ("0 afgewezen") and ingest
    said "grading value (10 tekens: 10 letters) is not a source grade of the admiralty scheme"."""
    from netwerk.i18n import using

    part, prej, _res, _rel = _ingest(tmp_path / "nl", [("Geheimbron", "Hoogst7")])
    assert part.rejects == 1
    assert prej["detail"].tolist() == [
        f"brongradering (10 tekens: 10 letters) {SOURCE}; rij afgewezen",
        f"informatiegradering (7 tekens: 6 letters, 1 cijfer) {INFO}; rij afgewezen"]
    with using("en"):
        part, prej, _res, _rel = _ingest(tmp_path / "en", [("Geheimbron", "Hoogst7")])
    assert prej["detail"].tolist() == [
        "source grade (10 characters: 10 letters) is not in the admiralty scheme "
        "(A, B, C, D, E, F); row rejected",
        "information grade (7 characters: 6 letters, 1 digit) is not in the admiralty scheme "
        "(1, 2, 3, 4, 5, 6); row rejected"]


def test_ingest_keeps_the_rule_for_an_extract_shared_before_the_partner_check():
    """An extract pseudonymised before this check (or edited afterwards) still holds a bad
    grade: ingest rejects the relation row with the same words, the value only by its shape."""
    from netwerk.ingest.mapping import map_extract
    from netwerk.model import default_model

    sp = load_spec("politie")
    pid = ["PID-" + c * 24 for c in "abcdef"]
    df = pd.DataFrame({c: [None] * 3 for c in sp.shared_columns()}, dtype="str")
    df["persoonsnummer"], df["medeverdachte_persoonsnummer"] = pid[:3], pid[3:]
    df["registratienummer"], df["pleegdatum"] = "PL0000-1", "03-04-2024"
    df["betrouwbaarheid"], df["informatie"] = ["B", "Geheimbron", "c"], ["2", "2", "Hoogst7"]
    df["_row"] = [1, 2, 3]
    m = map_extract(df, sp, model=default_model(), file="p.csv")
    rej = m.rejects.sort_values(["row", "column"])
    assert rej[["row", "column"]].values.tolist() == [[2, "betrouwbaarheid"], [3, "informatie"]]
    assert rej["detail"].tolist() == [
        f"brongradering (10 tekens: 10 letters) {SOURCE}",
        f"informatiegradering (7 tekens: 6 letters, 1 cijfer) {INFO}"]


def test_grades_of_the_scheme_in_any_case_and_blank_are_kept(tmp_path):
    part, _prej, res, rel = _ingest(tmp_path, [("b", "2"), (" C ", "3"), ("", "")])
    assert part.rejects == 0 and res.n_rejects == 0 and [r[0] for r in rel] == [1, 2, 3]
    assert rel[0][1:3] == ("B", "2") and rel[0][3] == pytest.approx(0.8)
    spec = load_spec("politie")
    assert rel[2][1:3] == (spec.grading.source, spec.grading.information)  # the default


def test_the_partner_check_holds_when_the_file_is_read_in_chunks(tmp_path):
    """The streamed path (a large CSV read in pieces) rejects the same rows with the same words."""
    raw = tmp_path / "politie.csv"
    rows = [f"PL0000-{i};03-04-2024;Witwassen;;;PN{i:06d}01;;;;;a;PN{i:06d}02;;;{s};{inf}"
            for i, (s, inf) in enumerate([("A", "1"), ("Z", "2"), ("B", "x"), ("c", "3")] * 5,
                                         start=1)]
    raw.write_text(HEAD + "\n" + "\n".join(rows) + "\n", encoding="cp1252")
    got = {}
    for how, chunk in (("whole", None), ("chunks", 200)):
        out = tmp_path / how / "politie.csv"
        kw = {} if chunk is None else {"chunk_bytes": chunk}
        res = pseudonymise_file(raw, load_spec("politie"), b"k" * 32, out, **kw)
        got[how] = (res.rejects, rejects_path(out).read_bytes())
    assert got["whole"] == got["chunks"]
    assert got["whole"][0] == 10
    rej = pd.read_csv(rejects_path(tmp_path / "chunks" / "politie.csv"), dtype=str,
                      encoding="utf-8-sig")
    assert rej["row"].astype(int).tolist() == [2, 3, 6, 7, 10, 11, 14, 15, 18, 19]
    assert rej["column"].tolist() == ["betrouwbaarheid", "informatie"] * 5
