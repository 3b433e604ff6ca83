"""Class: placeholder names form no name + birth-date key (review 8 S12; issue 9 "placeholder
values", the name parts of ``name_dob`` as review 5 F4 was its birth date).

Two unknown suspects registered as ``N. N.``, ``Anoniem Anoniem``, ``Naam onbekend`` or
``#N/A #N/A`` with the same birth date got one ``NGD-`` key and became one subject: the spec's
``placeholder_values`` were compared to the whole cell only. Now a surname or first names cell is
a placeholder in any spacing, punctuation and case (``N. N.`` is ``nn``), word by word
(``Anoniem Anoniem``), with the filler words of a name (``Naam onbekend``) and with Excel error
values: the name is unknown, no key is formed, one reject line (the row is kept). Real names
stay names: ``Noor``, ``Nnamdi``, ``Xander``, ``Geenen``, ``van Onbekend`` (a prefix says a
real surname follows), and none of the sample data's names is affected."""

from __future__ import annotations

import csv
import glob
from pathlib import Path

import pandas as pd
import pytest
from ingest_faults import HEADER, pseudonymise, write

from netwerk.ingest.pipeline import ingest_extract
from netwerk.ingest.placeholders import name_placeholder_mask
from netwerk.ingest.pseudonymise import placeholder_mask, pseudonymise_file
from netwerk.ingest.spec import DEFAULT_PLACEHOLDER_VALUES, load_spec
from netwerk.store import load_network

#: (surname, first names) as unknown people are registered (review 8's file nn.csv, and more)
PLACEHOLDER_NAMES = [
    ("N. N.", "N. N."), ("N.N", "Piet"), ("n n", "Jan"), ("Anoniem", "Anoniem"),
    ("Anoniem Anoniem", "X"), ("Naam onbekend", "Naam onbekend"), ("Onbekend", "Onbekend"),
    ("Unknown", "Unknown"), ("#N/A", "#N/A"), ("#N/A #N/A", "Kees"), ("Jansen", "#N/B"),
    ("Onbekend, onbekend", "Jan"), ("N.v.t.", "Els"), ("Persoon onbekend", "Anna"),
    ("Achternaam onbekend", "Voornaam onbekend"), ("X X", "Jan"), ("Jansen", "N.N."),
]

#: real names close to a placeholder: kept
REAL_NAMES = ["Noor", "Nnamdi", "Xander", "Geenen", "Leeghwater", "van Onbekend", "Onbekende",
              "Nanne", "N'Diaye", "Ng", "Xu", "Naam", "de Naam", "Jan X", "Anonymus", "Nul",
              "Le", "Nijenhuis", "Noa", "Unknownski"]


@pytest.mark.parametrize(("surname", "first"), PLACEHOLDER_NAMES)
def test_a_placeholder_name_forms_no_key(tmp_path, surname, first):
    lines = [HEADER, f"PN01;;{surname};{first};01-02-1970;a;",
             f"PN02;;{surname};{first};01-02-1970;b;"]
    res, out, rejects = pseudonymise(tmp_path, write(tmp_path / "p.csv", "\n".join(lines) + "\n"))
    body = [r.split(";") for r in out.read_text(encoding="cp1252").splitlines()[1:]]
    assert [r[2] for r in body] == ["", ""]  # no NGD- key: not one subject
    assert (res.rows_written, res.rejects, res.cells_emptied) == (2, 0, 2)
    assert rejects["column"].tolist() == ["achternaam+voornamen+geboortedatum"] * 2
    assert set(rejects["reason"]) <= {"missing_identifier", "excel_error"}


@pytest.mark.parametrize("name", REAL_NAMES)
def test_a_real_name_near_a_placeholder_is_kept(tmp_path, name):
    lines = [HEADER, f"PN01;;{name};Piet;01-02-1970;a;", f"PN02;;Jansen;{name};01-02-1970;b;"]
    res, out, rejects = pseudonymise(tmp_path, write(tmp_path / "p.csv", "\n".join(lines) + "\n"))
    keys = [r.split(";")[2] for r in out.read_text(encoding="cp1252").splitlines()[1:]]
    assert all(k.startswith("NGD-") for k in keys) and len(rejects) == 0


def test_name_placeholders_follow_the_spec_list():
    """The spec decides: without ``anoniem`` in its list ``Anoniem Anoniem`` is a name."""
    s = pd.Series(["Anoniem Anoniem", "N. N.", "Naam onbekend"], dtype="str")
    assert name_placeholder_mask(s, ["nn", "onbekend"]).tolist() == [False, True, True]
    assert name_placeholder_mask(s, []).tolist() == [False, False, False]


def test_the_review_file_links_no_one(tmp_path):
    """Review 8's 14 pairs (politie spec): before, four pairs of different police numbers were one
    subject each through a placeholder name; now 28 people, 28 subjects."""
    head = ("registratienummer;pleegdatum;feitomschrijving;pleeg_postcode;pleeg_huisnummer;"
            "persoonsnummer;bsn;achternaam;voornamen;geboortedatum;rol;"
            "medeverdachte_persoonsnummer;kenteken;telefoonnummer;betrouwbaarheid;informatie")
    names = [(".", "-"), ("?", "Jan"), ("Anoniem", "Anoniem"), ("N. N.", "N. N."), ("NN", "Piet"),
             ("'", "'"), ("_", "_"), ("Onbekend", "Kees"), ("0", "0"), ("#N/A", "#N/A"),
             ("Anoniem", "X"), ("...", "..."), ("Naam onbekend", "Naam onbekend"),
             ("#N/A #N/A", "#N/A #N/A")]
    rows = [f"PL{i};08-05-2025;Witwassen;;;PN1000{i:04d};;{s};{f};01-02-1970;verdachte;;;;B;2"
            for i, (s, f) in enumerate(n for n in names for _ in range(2))]
    raw = tmp_path / "politie.csv"
    raw.write_bytes(("\n".join([head, *rows]) + "\n").encode("cp1252"))
    out = tmp_path / "out" / "politie.csv"
    res = pseudonymise_file(raw, load_spec("politie"), b"issue-9-test-key-0123456789", out)
    assert (res.rows_read, res.rows_written, res.rejects, res.cells_emptied) == (28, 28, 0, 28)
    case = tmp_path / "c.duckdb"
    ing = ingest_extract(case, out, "politie")
    assert ing.rows_used == 28
    net = load_network(case)
    assert (net.nodes["kind"] == "person").sum() == 28


def test_no_sample_data_name_is_a_placeholder():
    """Measured on the shipped synthetic data: every surname and first-names column of every raw
    export; not one name becomes unknown that the whole-cell list did not already catch."""
    seen = 0
    for f in sorted(glob.glob(str(Path(__file__).parents[2] / "sample_data/*/raw/*.csv"))):
        raw = Path(f).read_bytes()
        text = raw.decode("utf-8") if raw.isascii() or _utf8(raw) else raw.decode("cp1252")
        sep = ";" if text.split("\n", 1)[0].count(";") else ","
        head, *body = list(csv.reader(text.splitlines(), delimiter=sep))
        df = pd.DataFrame(body, columns=head)
        for c in df.columns:
            if any(k in c.lower() for k in ("achternaam", "geslachtsnaam", "voornamen")):
                s = pd.Series(df[c].unique(), dtype="str")
                seen += len(s)
                new = name_placeholder_mask(s, DEFAULT_PLACEHOLDER_VALUES)
                new &= ~placeholder_mask(s, DEFAULT_PLACEHOLDER_VALUES)
                assert not new.any(), (f, c, s[new].tolist())
    assert seen > 300


def _utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
