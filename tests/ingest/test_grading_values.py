"""Class: a grade outside the spec's grading scheme (review5 F7). An Admiralty source ``Z`` or
information ``9`` was stored as is with score 0, so the link silently weighed nothing. Now the
relation row is rejected (``unparsable_value``, the column named, the value only by its shape);
a blank grade takes the spec's default, a lower-case or padded grade of the scheme is that grade.
Members: a bad source, a bad information, both, a number as source, lower case, blank."""

from __future__ import annotations

import duckdb
import pytest

from netwerk.errors import Reason
from netwerk.ingest.pipeline import ingest_extract
from netwerk.ingest.pseudonymise import pseudonymise_file
from netwerk.ingest.spec import load_spec

HEAD = ("registratienummer;pleegdatum;feitomschrijving;pleeg_postcode;pleeg_huisnummer;"
        "persoonsnummer;bsn;achternaam;voornamen;geboortedatum;rol;medeverdachte_persoonsnummer;"
        "kenteken;telefoonnummer;betrouwbaarheid;informatie")


def _ingest(tmp_path, grades):
    raw = tmp_path / "politie.csv"
    rows = [f"PL0000-{i};03-04-2024;Witwassen;;;PN{i:02d}1;;;;;a;PN{i:02d}2;;;{s};{inf}"
            for i, (s, inf) in enumerate(grades, start=1)]
    raw.write_text(HEAD + "\n" + "\n".join(rows) + "\n", encoding="cp1252")
    pseudonymise_file(raw, load_spec("politie"), b"k" * 32, tmp_path / "out" / "politie.csv")
    case = tmp_path / "c.duckdb"
    res = ingest_extract(case, tmp_path / "out" / "politie.csv", "politie")
    con = duckdb.connect(str(case), read_only=True)
    rel = con.execute('SELECT "row", grading_source, grading_information, grading_score '
                      'FROM relations ORDER BY "row"').fetchall()
    con.close()
    return res, rel


@pytest.mark.parametrize("grade, column", [(("Z", "2"), "betrouwbaarheid"),
                                            (("B", "9"), "informatie"),
                                            (("7", "2"), "betrouwbaarheid"),
                                            (("AA", "2"), "betrouwbaarheid")])
def test_a_grade_outside_the_scheme_rejects_the_row(tmp_path, grade, column):
    res, rel = _ingest(tmp_path, [("A", "1"), grade])
    assert [r[0] for r in rel] == [1]
    assert res.n_rejects == 1 and res.reconciled
    rej = res.rejects
    assert rej["reason"].tolist() == [str(Reason.UNPARSABLE_VALUE)]
    assert rej["column"].tolist() == [column] and rej["row"].tolist() == [2]
    assert "admiralty" in rej["detail"].iloc[0]
    assert f"({grade[0] if column == 'betrouwbaarheid' else grade[1]})" not in rej["detail"].iloc[0]


def test_both_axes_wrong_is_one_rejected_row(tmp_path):
    res, rel = _ingest(tmp_path, [("Z", "9")])
    assert rel == [] and res.n_rejects == 1
    assert sorted(res.rejects["column"]) == ["betrouwbaarheid", "informatie"]


def test_grades_of_the_scheme_in_any_case_and_blank_are_kept(tmp_path):
    res, rel = _ingest(tmp_path, [("b", "2"), (" C ", "3"), ("", "")])
    assert res.n_rejects == 0 and [r[0] for r in rel] == [1, 2, 3]
    assert rel[0][1:3] == ("B", "2") and rel[0][3] == pytest.approx(0.8)
    spec = load_spec("politie")
    assert rel[2][1:3] == (spec.grading.source, spec.grading.information)  # the default
