"""Class: encodings and delimiters that do not match the spec. A BOM decides; valid non-ASCII
UTF-8 is read as UTF-8 whatever the spec says (and the run says so); UTF-16 with BOM is read; a
header that only splits on another delimiter is read with it (and said); invisible characters
are removed from headers and from name parts before matching and hashing. Members covered:
UTF-8 under a cp1252 spec (no mojibake, same pseudonym as the cp1252 file), Excel "CSV UTF-8"
(BOM), UTF-16 LE and BE with tabs (Excel "Unicode text"), tab and comma files under a ';' spec,
zero-width space / soft hyphen / NBSP in headers and names."""

from __future__ import annotations

import pytest
from ingest_faults import pseudonymise, read, spec, write

from netwerk.ingest.pseudonymise import pseudonymise_frame

ROW = "PN01;111222333;Müller;Jürgen;01-02-1980;koerier;01-01-2024"
HEADER = "persoonsnummer;bsn;achternaam;voornamen;geboortedatum;rol;pleegdatum"


def _name_pseudonym(df):
    shared, _, _ = pseudonymise_frame(df, spec(), b"k" * 32)
    return shared["naam_geboortedatum"].iloc[0]


def test_utf8_under_cp1252_spec_is_read_as_utf8_and_said(tmp_path):
    a = read(write(tmp_path / "a.csv", f"{HEADER}\n{ROW}\n", "utf-8"))
    b = read(write(tmp_path / "b.csv", f"{HEADER}\n{ROW}\n", "cp1252"))
    assert a["achternaam"].iloc[0] == "Müller"  # not "MÃ¼ller"
    assert any("UTF-8" in n for n in a.attrs["notes"]) and b.attrs["notes"] == []
    assert _name_pseudonym(a) == _name_pseudonym(b)  # cross-partner link kept


def test_excel_csv_utf8_with_bom_under_cp1252_spec(tmp_path):
    df = read(write(tmp_path / "bom.csv", b"\xef\xbb\xbf" + f"{HEADER}\n{ROW}\n".encode()))
    assert df.attrs["encoding"] == "utf-8-sig" and df["achternaam"].iloc[0] == "Müller"
    assert list(df.columns)[0] == "persoonsnummer"


@pytest.mark.parametrize("enc", ["utf-16", "utf-16-be"])
def test_utf16_tab_separated_excel_unicode_text(tmp_path, enc):
    text = f"{HEADER}\n{ROW}\n".replace(";", "\t")
    data = text.encode("utf-16") if enc == "utf-16" else b"\xfe\xff" + text.encode("utf-16-be")
    df = read(write(tmp_path / "u16.txt", data))
    assert df.attrs["encoding"] == "utf-16" and df.attrs["delimiter"] == "\t"
    assert df["bsn"].iloc[0] == "111222333" and df["achternaam"].iloc[0] == "Müller"
    assert any("tab" in n for n in df.attrs["notes"])


@pytest.mark.parametrize("sep", ["\t", ","])
def test_header_that_splits_on_another_delimiter_is_read_with_it(tmp_path, sep):
    df = read(write(tmp_path / "x.csv", f"{HEADER}\n{ROW}\n".replace(";", sep)))
    assert df.attrs["delimiter"] == sep and df["rol"].iloc[0] == "koerier"


def test_invisible_characters_in_headers_and_names(tmp_path):
    header = HEADER.replace("bsn", "\u200bbsn").replace("achternaam", "achter\u00adnaam")
    dirty = ROW.replace("Müller", "Mül\u00adler\u200b").replace("Jürgen", "J\u00fcrgen\u00a0")
    a = read(write(tmp_path / "a.csv", f"{header}\n{dirty}\n", "utf-8"))
    b = read(write(tmp_path / "b.csv", f"{HEADER}\n{ROW}\n", "utf-8"))
    assert "bsn" in a.columns and "achternaam" in a.columns
    assert _name_pseudonym(a) == _name_pseudonym(b)


def test_run_reports_the_encoding_note(tmp_path):
    res, _, _ = pseudonymise(tmp_path, write(tmp_path / "a.csv", f"{HEADER}\n{ROW}\n", "utf-8"))
    assert any("UTF-8" in n for n in res.notes)
