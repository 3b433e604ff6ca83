"""Class: placeholder identifiers that pass the checks (review7 Q16, issue 9 "placeholder
values"). A dummy number of one repeated digit (BSN/RSIN ``999999990``, ``111111110``: the
11-proef lets ``dddddddd0`` pass for every digit d; a police number ``PN00000000``; a KvK number
``11111111``) is treated as missing, like the spec's ``placeholder_values``: the cell is
emptied, one reject line each (``missing_identifier``, no cell text), and it never becomes one
node that merges different people. At ingest, a subject whose rows carry two or more different
name + birth-date keys (one BSN for different people: a placeholder nobody listed, or a typo)
is counted in the import and said in a Dutch warning.

Not covered, on purpose: RvIG's test BSNs. No documented range of test BSNs was found (the
RvIG pages on the BV BSN test environment give none), so none is invented here."""

from __future__ import annotations

import logging

import duckdb
import pandas as pd
import pytest
from ingest_faults import HEADER, KEY, pseudonymise, spec, write

from netwerk.ingest.pipeline import ingest_extract
from netwerk.ingest.pseudonymise import pseudonymise_file, repeated_digit_mask
from netwerk.ingest.spec import load_spec

#: every one passes the 11-proef; written as a partner's tools write them
DUMMY_BSNS = ["999999990", "111111110", "222222220", "555555550", "888888880", "111.111.110",
              "111 111 110", "999999990.0"]


@pytest.mark.parametrize("dummy", DUMMY_BSNS)
def test_a_dummy_bsn_is_missing_not_one_person(tmp_path, dummy):
    """Two different people with the same dummy BSN: no BSN pseudonym, one reject line each,
    their name keys differ (two subjects, not one)."""
    lines = [HEADER, f"PN01;{dummy};Jansen;Piet;01-02-1970;a;", f"PN02;{dummy};Vries;Anna;03-04-1980;b;"]
    res, out, rejects = pseudonymise(tmp_path, write(tmp_path / "p.csv", "\n".join(lines) + "\n"))
    body = [r.split(";") for r in out.read_text().splitlines()[1:]]
    assert [r[1] for r in body] == ["", ""]
    assert body[0][2] != body[1][2] and all(r[2].startswith("NGD-") for r in body)
    assert (res.rows_read, res.rows_written, res.rejects) == (2, 2, 0)
    assert rejects["reason"].tolist() == ["missing_identifier"] * 2
    assert rejects["column"].tolist() == ["bsn", "bsn"]
    assert all("herhaald cijfer" in d for d in rejects["detail"])
    assert dummy.replace(".0", "") not in rejects.to_string()


@pytest.mark.parametrize("real", ["123456782", "111222333", "909769692"])
def test_a_real_bsn_is_kept(tmp_path, real):
    lines = [HEADER, f"PN01;{real};Jansen;Piet;01-02-1970;a;"]
    res, out, rejects = pseudonymise(tmp_path, write(tmp_path / "p.csv", "\n".join(lines) + "\n"))
    assert out.read_text().splitlines()[1].split(";")[1].startswith("BSN-")
    assert len(rejects) == 0


POL = ("registratienummer;pleegdatum;feitomschrijving;pleeg_postcode;pleeg_huisnummer;persoonsnummer;"
       "bsn;achternaam;voornamen;geboortedatum;rol;medeverdachte_persoonsnummer;kenteken;"
       "telefoonnummer;betrouwbaarheid;informatie")


def _politie(tmp_path, rows: list[str]):
    raw = tmp_path / "politie.csv"
    raw.write_bytes(("\n".join([POL, *rows]) + "\n").encode("cp1252"))
    out = tmp_path / "out" / "politie.csv"
    res = pseudonymise_file(raw, load_spec("politie"), KEY, out)
    rejects = pd.read_csv(f"{out}.rejects.csv", dtype=str, keep_default_na=False)
    return res, out, rejects


@pytest.mark.parametrize("dummy", ["PN00000000", "PN99999999", "pn00000000", "PN 0000 0000",
                                   "PN-1111-1111"])
def test_a_dummy_police_number_ties_nobody_together(tmp_path, dummy):
    """Review7 Q16: co-suspect ``PN00000000`` made one node with a relation to every suspect
    who had an unknown co-suspect. Now the cell is missing: no co_suspect relation, one reject
    line per row; a required person number of that shape rejects its row."""
    rows = [f"PL1;08-05-2025;Witwassen;;;PN10000001;;Jansen;Piet;01-02-1970;a;{dummy};;;B;2",
            f"PL2;08-05-2025;Witwassen;;;PN10000002;;Vries;Anna;03-04-1980;a;{dummy};;;B;2",
            f"PL3;08-05-2025;Witwassen;;;{dummy};;Smit;Els;09-10-1990;a;PN10000001;;;B;2"]
    res, out, rejects = _politie(tmp_path, rows)
    assert (res.rows_read, res.rows_written, res.rejects) == (3, 2, 1)
    assert rejects["row"].tolist() == ["1", "2", "3"]
    assert rejects["column"].tolist() == ["medeverdachte_persoonsnummer"] * 2 + ["persoonsnummer"]
    case = tmp_path / "c.duckdb"
    ing = ingest_extract(case, out, "politie")
    assert ing.relations == 0 and ing.rows_used == 2


def test_a_real_police_number_is_kept(tmp_path):
    rows = ["PL1;08-05-2025;Witwassen;;;PN10000001;;Jansen;Piet;01-02-1970;a;PN04205665;;;B;2",
            "PL2;08-05-2025;Witwassen;;;PN00000010;;Vries;Anna;03-04-1980;a;PN10000000;;;B;2"]
    res, out, rejects = _politie(tmp_path, rows)
    assert (res.rows_written, len(rejects)) == (2, 0)


def test_the_review_file_merges_no_one(tmp_path):
    """Review7 Q16's five suspects (politie spec): before, two pairs of different people were
    one subject each and PN00000000 tied two suspects together. Now: five subjects, no
    relation through a placeholder, ten reject lines (two per row), nothing rejected."""
    reg = "PL0400-2023407167;08-05-2025;Witwassen (art. 420bis Sr);;"
    rows = [f"{reg};PN10000001;999999990;Jansen;Piet;01-02-1970;financier;PN00000000;;;F;6",
            f"{reg};PN10000002;999999990;de Vries;Anna;03-04-1980;financier;PN00000000;;;F;6",
            f"{reg};PN10000003;000000000;Bakker;Kees;05-06-1975;financier;onbekend;;;F;6",
            f"{reg};PN10000004;111111110;Visser;Jan;07-08-1985;financier;nvt;;;F;6",
            f"{reg};PN10000005;111111110;Smit;Els;09-10-1990;financier;PN99999999;;;F;6"]
    res, out, rejects = _politie(tmp_path, rows)
    assert (res.rows_read, res.rows_written, res.rejects, len(rejects)) == (5, 5, 0, 10)
    case = tmp_path / "c.duckdb"
    ing = ingest_extract(case, out, "politie")
    assert (ing.relations, ing.identity_conflicts) == (0, 0)
    from netwerk.store import load_network

    net = load_network(case)
    assert (net.nodes["kind"] == "person").sum() == 5


@pytest.mark.parametrize(("kind", "values", "expected"), [
    ("bsn", ["999999990", "111111110", "123456782", "000000000"], [True, True, False, True]),
    ("rsin", ["999999990", "953477162"], [True, False]),
    ("kvk", ["11111111", "00000000", "12345678", "11111112"], [True, True, False, False]),
    ("branch", ["999999999999", "900092919866"], [True, False]),
    ("police_id", ["PN00000000", "PN 9999 9999", "PN0", "PN04205665", "0123", "PN1111A111"],
     [True, True, False, False, False, False]),
    ("phone", ["+31611111111", "+31600000000"], [False, False]),
    ("plate", ["111111", "AA1111"], [False, False]),
])
def test_repeated_digit_mask_per_kind(kind, values, expected):
    """The shape per kind: a check digit may differ only for the 11-proef kinds; phone numbers
    and plates are not judged by it (a Dutch mobile number is +316 and eight free digits)."""
    assert repeated_digit_mask(pd.Series(values, dtype="str"), kind).tolist() == expected


def test_a_spec_placeholder_and_a_dummy_are_one_class(tmp_path):
    """The spec's own placeholder word and a dummy number give the same reason and the cell is
    emptied the same way; the counts reconcile (read = written + rejected)."""
    sp = spec(placeholder_values=["onbekend", "geheim"])
    lines = [HEADER, "PN01;geheim;Jansen;Piet;01-02-1970;a;", "PN02;999999990;Vries;Anna;03-04-1980;b;",
             "PN03;123456782;Smit;Els;09-10-1990;c;"]
    res, out, rejects = pseudonymise(tmp_path, write(tmp_path / "p.csv", "\n".join(lines) + "\n"), sp)
    assert res.rows_read == res.rows_written + res.rejects == 3
    assert rejects["reason"].tolist() == ["missing_identifier"] * 2
    assert "placeholder_values" in rejects["detail"].iloc[0]
    assert "herhaald cijfer" in rejects["detail"].iloc[1]
    assert [r.split(";")[1][:4] for r in out.read_text().splitlines()[1:]] == ["", "", "BSN-"]


def test_one_bsn_with_two_people_is_counted_and_said(tmp_path, caplog):
    """A BSN that is no dummy but is given to two different people (a placeholder nobody
    listed, or a typo): ingest says so in Dutch and counts it in the import record; the
    records are kept (not split or merged by guesswork)."""
    rows = ["PL1;08-05-2025;Witwassen;;;PN10000001;123456782;Jansen;Piet;01-02-1970;a;;;;B;2",
            "PL2;08-05-2025;Witwassen;;;PN10000002;123456782;Vries;Anna;03-04-1980;a;;;;B;2",
            "PL3;08-05-2025;Witwassen;;;PN10000003;909769692;Smit;Els;09-10-1990;a;;;;B;2",
            "PL4;09-05-2025;Witwassen;;;PN10000003;909769692;Smit;Els;09-10-1990;a;;;;B;2"]
    _, out, _ = _politie(tmp_path, rows)
    case = tmp_path / "c.duckdb"
    with caplog.at_level(logging.WARNING, logger="netwerk"):
        res = ingest_extract(case, out, "politie")
    assert res.identity_conflicts == 1
    assert "1 subject heeft meer dan één naam + geboortedatum" in caplog.text
    with duckdb.connect(str(case), read_only=True) as con:
        assert con.execute("SELECT identity_conflicts FROM imports").fetchall() == [(1,)]
