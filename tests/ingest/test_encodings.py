"""Class: encodings and delimiters that do not match the spec. A BOM decides; valid non-ASCII
UTF-8 is read as UTF-8 whatever the spec says (and the run says so); UTF-16 with BOM is read; a
header that only splits on another delimiter is read with it (and said); invisible characters
are removed from headers and from name parts before matching and hashing. Members covered:
UTF-8 under a cp1252 spec (no mojibake, same pseudonym as the cp1252 file), Excel "CSV UTF-8"
(BOM), UTF-16 LE and BE with tabs (Excel "Unicode text"), tab and comma files under a ';' spec,
zero-width space / soft hyphen / NBSP in headers and names. Mixed encodings, refused naming
the line on every reader path: UTF-8 with one cp1252 byte late, cp1252 with a UTF-8 name, a
UTF-8 zero-width space or an appended UTF-8 export (BOM) late, found across scan blocks; and
no false alarm on plain cp1252 or UTF-8 with accents and typographic marks."""

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


# --- a file that mixes encodings is refused, never read one way in silence (review 5, F2) -----
# Not valid UTF-8 but holding UTF-8 sequences for letters: refused naming the file and the first
# line of the minority encoding (reason unreadable_file, no cell text), on every reader path and
# wherever in the file the other encoding appears.

def _rows(n: int) -> list[str]:
    return [f"PN{i:05d};;Müller;Jürgen;01-02-1980;{'koerier' if i == 0 else 'teler'};01-01-2024"
            for i in range(n)]


def _mixed_utf8(n: int, at: int) -> bytes:
    """UTF-8 export with one cp1252 byte (é = E9) in data row ``at``."""
    lines = [HEADER, *_rows(n)]
    data = [ln.encode("utf-8") for ln in lines]
    data[at] = data[at].replace(b";teler;", b";tel\xe9r;")
    return b"\n".join(data) + b"\n"


def _mixed_cp1252(n: int, at: int, utf8: str = "Müller") -> bytes:
    """cp1252 export with one UTF-8 name (``MÃ¼ller`` when read as cp1252) in data row ``at``."""
    lines = [HEADER, *_rows(n)]
    data = [ln.encode("cp1252") for ln in lines]
    data[at] = data[at].replace("Müller".encode("cp1252"), utf8.encode("utf-8"))
    return b"\n".join(data) + b"\n"


@pytest.mark.parametrize("make, line, says", [
    (lambda: _mixed_utf8(400, 350), 351, "UTF-8, maar vanaf regel 351 staan er bytes"),
    (lambda: _mixed_cp1252(400, 380), 381, "cp1252, maar vanaf regel 381 staan er UTF-8"),
    (lambda: _mixed_cp1252(400, 5, "Mu\u200bller"), 6, "regel 6 staan er UTF-8"),
    (lambda: "\n".join([HEADER, *_rows(200), ""]).encode("cp1252") + b"\xef\xbb\xbf"
     + "\n".join([HEADER, *_rows(5), ""]).encode(), 203, "regel 203 staan er UTF-8"),
], ids=["utf-8 with a cp1252 byte late", "cp1252 with a UTF-8 name late",
        "cp1252 with a UTF-8 zero-width space", "cp1252 with a UTF-8 export appended"])
def test_mixed_encodings_are_refused_naming_the_line_on_every_path(tmp_path, make, line, says):
    from ingest_faults import on_every_path

    got = on_every_path(tmp_path, make())
    for name, res in got.items():
        assert res[:2] == ("InputError", "unreadable_file"), name
        assert says in res[2] and "opnieuw exporteren" in res[2], name
        assert "ller" not in res[2] and "PN00" not in res[2]


@pytest.mark.parametrize("block", ["inside the letter", 64, 1 << 24])
def test_mixed_encoding_is_found_across_scan_blocks(tmp_path, monkeypatch, block):
    """The encoding is decided once for a streamed file (plan_csv, in blocks): a UTF-8 letter
    anywhere, even across a block boundary, counts."""
    from netwerk.errors import InputError
    from netwerk.ingest import readers

    data = _mixed_cp1252(300, 290)
    if block == "inside the letter":  # the block boundary between the two bytes of the 'ü'
        block = data.index("Müller".encode()) + 2
    monkeypatch.setattr(readers, "_SCAN_BLOCK", block)
    p = write(tmp_path / "p.csv", data)
    with pytest.raises(InputError, match="vanaf regel 291 staan er UTF-8"):
        readers.plan_csv(p, spec())


@pytest.mark.parametrize("enc", ["cp1252", "utf-8"])
def test_plain_cp1252_and_plain_utf8_are_still_read(tmp_path, enc):
    """No false alarm: cp1252 accented letters and typographic marks next to each other
    (é, ë, Ü, ’, €, NBSP), and the same file in UTF-8, are read as they are."""
    from ingest_faults import same_on_every_path

    text = "\n".join([HEADER, ROW, "PN02;;Çelik;Zoë;01-02-1980;café’s – 5 €\u00a0;01-01-2024",
                      "PN03;;ÉÉN;Ümit;02-02-1980;teler;02-01-2024"]) + "\n"
    res = same_on_every_path(tmp_path, text.encode(enc))
    assert (res["rows_read"], res["rows_written"]) == (3, 3)
