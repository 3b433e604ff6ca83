"""An Excel-for-Mac "CSV (Macintosh)" export ends its lines with a lone CR (review5 F13): the
whole file was one "header", and the error about its duplicated or missing columns listed the
partner's raw BSNs, names and birth dates. Such a file is refused up front, naming the file and
what to do, never a cell; pseudonymise and ingest alike, whatever the encoding."""

from __future__ import annotations

import pytest

from netwerk.errors import InputError, Reason
from netwerk.ingest.pseudonymise import pseudonymise_file
from netwerk.ingest.spec import load_spec

HEAD = ("registratienummer;pleegdatum;feitomschrijving;pleeg_postcode;pleeg_huisnummer;"
        "persoonsnummer;bsn;achternaam;voornamen;geboortedatum;rol;medeverdachte_persoonsnummer;"
        "kenteken;telefoonnummer;betrouwbaarheid;informatie")
ROWS = ["PL0400-2023407167;08-05-2025;Witwassen;;;PN04474209;909769692;Schouten;Henk;19-04-1964;"
        "financier;PN04205665;;;F;6",
        "PL0400-2023407168;09-05-2025;Witwassen;;;PN04474210;111222333;Bakker;Anna;01-02-1970;"
        "koerier;;;;B;2"]


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8"])
@pytest.mark.parametrize("rows", [1, 2])
def test_a_mac_csv_is_refused_without_its_cells(tmp_path, encoding, rows):
    raw = tmp_path / "politie.csv"
    raw.write_bytes(("\r".join([HEAD, *ROWS[:rows]]) + "\r").encode(encoding))
    with pytest.raises(InputError) as e:
        pseudonymise_file(raw, load_spec("politie"), b"k" * 32, tmp_path / "out" / "politie.csv")
    msg = str(e.value)
    assert e.value.reason == Reason.UNREADABLE_FILE and "CR" in msg and "politie.csv" in msg
    for cell in ("909769692", "111222333", "Schouten", "Henk", "19-04-1964", "PN04474209"):
        assert cell not in msg
    assert not (tmp_path / "out" / "politie.csv").exists()


def test_crlf_and_lf_files_are_read_as_before(tmp_path):
    for end in ("\n", "\r\n"):
        raw = tmp_path / f"p{len(end)}.csv"
        raw.write_bytes((end.join([HEAD, *ROWS]) + end).encode("cp1252"))
        res = pseudonymise_file(raw, load_spec("politie"), b"k" * 32, tmp_path / "o" / raw.name)
        assert res.rows_written == 2
