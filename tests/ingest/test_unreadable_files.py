"""Class: workbooks and Parquet files that cannot be read (issue 9 "a Python message never
reaches the user raw", review 7 Q13). Rule: the cause is said in words, never a Python class
name: a text (CSV) file under .xlsx or .parquet (suggest ``format: csv``), an incomplete copy, an
old .xls or password-protected workbook, a damaged file; a sheet the spec names that is not there
(the sheets that are, masked); a chart sheet does not stop a data sheet from being read. The
library's exception stays chained (``raise ... from exc``), so ``--debug`` shows its traceback.
Members covered: each of these through ``read_table`` and ``pseudonymise_file``, English, and
``netwerk --debug pseudonymise`` showing the original exception."""

from __future__ import annotations

import zipfile

import pandas as pd
import pytest
from ingest_faults import HEADER, KEY, spec, write
from xlsx_build import NAMES, book, person

from netwerk.errors import InputError
from netwerk.i18n import using
from netwerk.ingest.pseudonymise import pseudonymise_file
from netwerk.ingest.readers import read_table

CSV = HEADER + "\nPN00000001;111222333;Jansen;Jan;01-02-1980;koerier;01-01-2024\n"
CLASS_NAMES = ("BadZipFile", "ArrowInvalid", "ValueError", "AttributeError", "KeyError",
               "Error")


def _refused(path, sp, start):
    with pytest.raises(InputError) as e:
        read_table(path, sp, shared=False)
    text = str(e.value)
    assert text.startswith(start), text
    assert not any(c in text for c in CLASS_NAMES), text
    assert str(e.value.reason) == "unreadable_file"
    assert e.value.__cause__ is not None  # chained: --debug shows the library's traceback
    return e.value


def test_a_csv_with_the_wrong_extension_says_so(tmp_path):
    _refused(write(tmp_path / "r.xlsx", CSV), spec(format="xlsx"),
             "r.xlsx: kan niet lezen als xlsx: geen Excel-werkmap: het bestand is tekst (een "
             "CSV-bestand met de verkeerde extensie?); is het een CSV-bestand, zet dan 'format: "
             "csv' in de specificatie")
    _refused(write(tmp_path / "r.parquet", CSV), spec(format="parquet"),
             "r.parquet: kan niet lezen als parquet: geen Parquet-bestand: het bestand is tekst")
    with using("en"):
        _refused(write(tmp_path / "r.xlsx", CSV), spec(format="xlsx"),
                 "r.xlsx: cannot read as xlsx: not an Excel workbook: the file is text (a CSV "
                 "file with the wrong extension?); if it is a CSV file, set 'format: csv'")
        _refused(write(tmp_path / "r.parquet", CSV), spec(format="parquet"),
                 "r.parquet: cannot read as parquet: not a Parquet file: the file is text")


def test_incomplete_copies_say_so(tmp_path):
    whole = book(tmp_path / "w.xlsx", {"Blad1": [NAMES, *[person(i) for i in range(50)]]})
    cut = write(tmp_path / "cut.xlsx", whole.read_bytes()[:3000])
    _refused(cut, spec(format="xlsx"), "cut.xlsx: kan niet lezen als xlsx: de werkmap is "
             "onvolledig of beschadigd (een afgebroken kopie?)")
    pq = tmp_path / "w.parquet"
    pd.DataFrame({"persoonsnummer": ["PN00000001"] * 50}).to_parquet(pq)
    cut = write(tmp_path / "cut.parquet", pq.read_bytes()[:-20])
    _refused(cut, spec(format="parquet"), "cut.parquet: kan niet lezen als parquet: het bestand "
             "is onvolledig (een afgebroken kopie?)")


def test_an_old_xls_or_protected_workbook_and_a_damaged_one(tmp_path):
    ole = write(tmp_path / "oud.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    _refused(ole, spec(format="xlsx"), "oud.xlsx: kan niet lezen als xlsx: een oud Excel-bestand "
             "(.xls) of een werkmap met een wachtwoord")
    other = tmp_path / "doc.xlsx"
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    _refused(other, spec(format="xlsx"), "doc.xlsx: kan niet lezen als xlsx: een zip-bestand, "
             "maar geen Excel-werkmap")
    junk = write(tmp_path / "j.parquet", b"\x00\x01\x02" * 100)
    _refused(junk, spec(format="parquet"), "j.parquet: kan niet lezen als parquet: het bestand "
             "is beschadigd of is geen Parquet-bestand")


def test_a_chart_sheet_does_not_stop_the_data_sheet(tmp_path):
    p = book(tmp_path / "g.xlsx", {"Blad1": [NAMES, person(1), person(2)]},
             charts=("Grafiek 0612345678",))
    df = read_table(p, spec(format="xlsx"), shared=False)
    assert df["persoonsnummer"].tolist() == ["PN00000001", "PN00000002"]
    assert df.attrs["notes"] == ["grafiekblad 'Grafiek [phone]' overgeslagen (geen gegevens)"]
    df = read_table(p, spec(format="xlsx", sheet="Blad1"), shared=False)
    assert len(df) == 2 and df.attrs["notes"] == []
    res = pseudonymise_file(p, spec(format="xlsx"), KEY, tmp_path / "o" / "g.xlsx")
    assert (res.rows_read, res.rows_written) == (2, 2)
    with pytest.raises(InputError) as e:
        read_table(p, spec(format="xlsx", sheet="Grafiek 0612345678"), shared=False)
    assert str(e.value) == ("g.xlsx: werkblad 'Grafiek [phone]' (genoemd in 'sheet' van de "
                            "specificatie) is een grafiekblad zonder gegevens; werkbladen met "
                            "gegevens: 'Blad1'")
    only = tmp_path / "only.xlsx"
    book(only, {}, charts=("Grafiek 0612345678",))
    with pytest.raises(InputError) as e:
        read_table(only, spec(format="xlsx"), shared=False)
    assert str(e.value) == ("only.xlsx: de werkmap heeft geen werkblad met gegevens (alleen "
                            "grafiekbladen: 'Grafiek [phone]')")
    assert str(e.value.reason) == "empty_file"


def test_a_missing_sheet_names_the_sheets_there(tmp_path):
    p = book(tmp_path / "m.xlsx", {"Blad1": [NAMES, person(1)], "2024": [NAMES, person(2)]})
    with pytest.raises(InputError) as e:
        pseudonymise_file(p, spec(format="xlsx", sheet="Verdachten"), KEY, tmp_path / "o" / "m.xlsx")
    assert str(e.value) == ("m.xlsx: werkblad 'Verdachten' (genoemd in 'sheet' van de "
                            "specificatie) niet gevonden; de werkmap heeft: 'Blad1', '2024'")


def test_debug_shows_the_library_exception(tmp_path, capsys):
    import yaml

    from netwerk.cli.main import run

    raw = write(tmp_path / "r.xlsx", CSV)
    sp = tmp_path / "s.yaml"
    sp.write_text(yaml.safe_dump(spec(format="xlsx").model_dump(mode="json",
                                                                exclude_defaults=True)))
    key = tmp_path / "k"
    key.write_bytes(KEY)
    args = ["pseudonymise", str(raw), "--spec", str(sp), "--key-file", str(key), "--out",
            str(tmp_path / "o" / "r.xlsx")]
    assert run(args) == 1
    err = capsys.readouterr().err
    assert "geen Excel-werkmap: het bestand is tekst" in err and "BadZipFile" not in err
    with pytest.raises(InputError) as e:
        run(["--debug", *args])
    assert isinstance(e.value.__cause__, zipfile.BadZipFile)
