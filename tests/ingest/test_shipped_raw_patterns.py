"""The shipped politie spec names its source's own raw identifier, the police person number, in
``raw_patterns`` (review5 F14: no shipped spec did, so ``PN04205665`` typed into a description
reached the shared extract). Member of "the leak guard checks every column ... police/registration
number patterns from the spec"."""

from __future__ import annotations

import pytest

from netwerk.errors import LeakError
from netwerk.ingest.pseudonymise import pseudonymise_file
from netwerk.ingest.spec import load_spec

HEAD = ("registratienummer;pleegdatum;feitomschrijving;pleeg_postcode;pleeg_huisnummer;"
        "persoonsnummer;bsn;achternaam;voornamen;geboortedatum;rol;medeverdachte_persoonsnummer;"
        "kenteken;telefoonnummer;betrouwbaarheid;informatie")


@pytest.mark.parametrize("column, text", [("feitomschrijving", "Witwassen, samen met PN04205665"),
                                          ("rol", "PN04205665")])
def test_a_raw_person_number_in_a_written_column_is_refused(tmp_path, column, text):
    cells = {"feitomschrijving": "Witwassen", "rol": "koerier"} | {column: text}
    raw = tmp_path / "politie.csv"
    raw.write_text(HEAD + "\n" + f"PL0000-1;03-04-2024;{cells['feitomschrijving']};;;PN01234567;;"
                   f";;;{cells['rol']};;;;B;2\n", encoding="cp1252")
    with pytest.raises(LeakError) as e:
        pseudonymise_file(raw, load_spec("politie"), b"k" * 32, tmp_path / "out" / "politie.csv")
    assert e.value.column == column and e.value.row == 1
    assert "PN04205665" not in str(e.value)
    assert not (tmp_path / "out" / "politie.csv").exists()


def test_the_person_number_columns_themselves_are_pseudonymised(tmp_path):
    raw = tmp_path / "politie.csv"
    raw.write_text(HEAD + "\nPL0000-1;03-04-2024;Witwassen;;;PN01234567;;;;;koerier;PN07654321;;;B;2\n",
                   encoding="cp1252")
    res = pseudonymise_file(raw, load_spec("politie"), b"k" * 32, tmp_path / "out" / "politie.csv")
    text = (tmp_path / "out" / "politie.csv").read_text(encoding="cp1252")
    assert res.rows_written == 1 and "PN0" not in text
