"""Class: text encoded twice in a valid UTF-8 export. A tool read UTF-8 as cp1252 (or latin-1)
and saved the result as UTF-8 again: ``Müller`` is stored as ``MÃ¼ller``. The file is valid
UTF-8, so the encoding checks pass, and the name pseudonyms then differ from every other
partner's: cross-partner links are lost in silence. The identifier columns (the ones that make
pseudonyms) are checked, and such a file is refused naming the column and first row, never the
text (``unreadable_file``, the vocabulary of the mixed-encodings refusal); netwerk does not
repair it (a guess at identity data; bytes cp1252 leaves undefined are often lost already).
Members covered: two-byte letters (``ü``, upper-case ``Ü``, ``É``, ``Ø``), Latin Extended-A
(``Š`` whose second byte reads as a no-break space, ``ć``, ``ı``), a typographic apostrophe
(three bytes, ``d’Hondt``), Cyrillic, a latin-1 reading (C1 control for ``Á``), text encoded
three times; in a surname, a first name and a birth-date column; on every CSV reader path, in
XLSX and in Parquet; the first row over two columns and over streamed chunks. No false alarm on
real names with diacritics in many European spellings (the list below), nor on text encoded
twice outside the identifier columns."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from ingest_faults import HEADER, on_every_path, pseudonymise, read, spec, write

from netwerk.errors import InputError
from netwerk.i18n import using
from netwerk.ingest.readers import undo_double_encoding


def twice(text: str, codec: str = "cp1252") -> str:
    """What a tool that read UTF-8 as ``codec`` and wrote UTF-8 makes of ``text``."""
    return text.encode("utf-8").decode(codec)


def _rows(n: int) -> list[str]:
    return [f"PN{i:05d};;Jansen;Jan;01-02-1980;{'koerier' if i == 0 else 'teler'};01-01-2024"
            for i in range(n)]


MEMBERS = {
    "ü": ("achternaam", "Müller", twice("Müller")),
    "upper-case Ü": ("achternaam", "MÜLLER", twice("MÜLLER")),
    "É in a first name": ("voornamen", "Émile", twice("Émile")),
    "Ø": ("achternaam", "Øster", twice("Øster")),
    "Š (second byte a no-break space)": ("achternaam", "Šimić", twice("Šimić")),
    "ı (Turkish dotless i)": ("achternaam", "Açık", twice("Açık")),
    "typographic apostrophe": ("achternaam", "d’Hondt", twice("d’Hondt")),
    "Cyrillic": ("voornamen", "Иван", twice("Иван")),
    "latin-1 reading (C1 control)": ("achternaam", "Álvarez", twice("Álvarez", "latin-1")),
    "three times": ("achternaam", "Müller", twice(twice("Müller"))),
}


@pytest.mark.parametrize("column, real, stored", list(MEMBERS.values()), ids=list(MEMBERS))
def test_undo_double_encoding_finds_each_member(column, real, stored):
    three = stored == twice(twice("Müller"))  # one step back shows it is still encoded twice
    assert undo_double_encoding(stored) == (twice(real) if three else real)


@pytest.mark.parametrize("column, real, stored", list(MEMBERS.values()), ids=list(MEMBERS))
def test_double_encoded_identifier_refuses_the_file_on_every_csv_path(tmp_path, column, real,
                                                                       stored):
    lines = [HEADER, *_rows(30)]
    cells = lines[21].split(";")  # data row 21
    cells[HEADER.split(";").index(column)] = stored
    lines[21] = ";".join(cells)
    got = on_every_path(tmp_path, ("\n".join(lines) + "\n").encode("utf-8"))
    for path, res in got.items():
        assert res[:2] == ("InputError", "unreadable_file"), path
        assert f"kolom '{column}' heeft vanaf rij 21 dubbel gecodeerde tekst" in res[2], path
        assert "opnieuw exporteren in één codering" in res[2], path
        assert stored not in res[2] and real not in res[2], path
    assert len({res for res in got.values()}) == 1


def test_first_row_over_columns_and_chunks(tmp_path):
    """Two columns, two places: the first row in the file is named, on every path (the
    streamed chunks are 64 bytes, so the two rows are in different chunks)."""
    lines = [HEADER, *_rows(30)]
    lines[25] = lines[25].replace(";Jansen;", f";{twice('Müller')};")
    lines[12] = lines[12].replace(";Jan;", f";{twice('Jürgen')};")
    got = on_every_path(tmp_path, ("\n".join(lines) + "\n").encode("utf-8"))
    for path, res in got.items():
        assert "kolom 'voornamen' heeft vanaf rij 12" in res[2], path


def test_the_refusal_in_english(tmp_path):
    lines = [HEADER, *_rows(3)]
    lines[2] = lines[2].replace(";Jansen;", f";{twice('Müller')};")
    p = write(tmp_path / "p.csv", ("\n".join(lines) + "\n").encode("utf-8"))
    with using("en"), pytest.raises(InputError) as e:
        read(p)
    assert e.value.row == 2 and e.value.column == "achternaam"
    assert "column 'achternaam' holds text encoded twice from row 2 on" in str(e.value)
    assert "rij" not in str(e.value)


@pytest.mark.parametrize("fmt", ["xlsx", "parquet"])
def test_double_encoded_identifier_in_xlsx_and_parquet(tmp_path, fmt):
    names = HEADER.split(";")
    rows = [r.split(";") for r in _rows(5)]
    rows[3][3] = twice("Jürgen")  # voornamen, data row 4
    df = pd.DataFrame(rows, columns=names)
    p = tmp_path / f"p.{fmt}"
    if fmt == "xlsx":
        df.to_excel(p, index=False)
    else:
        pq.write_table(pa.Table.from_pandas(df, preserve_index=False), p)
    with pytest.raises(InputError) as e:
        read(p, spec(format=fmt))
    # XLSX names the sheet's own Excel row (header in row 1), Parquet the record (from 1)
    assert (str(e.value.reason), e.value.row, e.value.column) == (
        "unreadable_file", 5 if fmt == "xlsx" else 4, "voornamen")
    if fmt == "xlsx":
        assert str(e.value).startswith("p.xlsx, werkblad 'Sheet1': ") and "rij 5" in str(e.value)
    assert twice("Jürgen") not in str(e.value)


#: real names, spelled right, that must never be taken for text encoded twice
REAL_NAMES = [
    "Müller", "Ćorić", "Þór", "Øster", "d'Hondt", "d’Hondt", "Ñúñez", "Ŝaŭmo", "JOÃO", "Conceição",
    "Ó\u00a0Briain", "Ó Súilleabháin", "Åsa", "Ærøskøbing", "Çelik", "Öztürk", "Şahin", "İlhan",
    "Ğ", "Šimić", "Živković", "Đorđević", "Łukasz", "Wałęsa", "Dvořák", "Ångström", "Schröder",
    "Straße", "Gómez", "François", "Zoë", "Anaïs", "Hélène", "Ştefan", "Țepeș", "Əliyev", "Иван",
    "Γιώργος", "Nuñez-Pérez", "MÁŠA", "LÍŠKA", "KÓŠ", "ÉVA", "ÖRJAN", "ÜMIT", "ÇAĞLAR", "ÅSE",
    "Æbelø", "Bjørn", "Jörg", "Gößmann", "Łódź", "Kovačević", "Vuković", "Nguyễn", "Trần",
    "Ōtomo", "Saïd", "El-Ḥaddād", "Cañas", "Ørsted", "Fœrster", "Œuvray", "Ÿvonne", "Straßer",
    "Maße", "Jäätteenmäki", "Kärkkäinen", "Mäkelä", "Hämäläinen", "Võsu", "Põld", "Øyvind",
    "Ásgeirsdóttir", "Guðmundsson", "Ðorđe", "Hạnh", "Zürich-Ümit", "von Bülow", "van 't Hof",
    "Marić-Šarić", "ÆØÅ", "Ñ", "Ò'Neill", "D’Ávila", "Fernández\u00a0López",
]


def test_real_names_with_diacritics_are_never_taken_for_double_encoding(tmp_path):
    assert [n for n in REAL_NAMES if undo_double_encoding(n) is not None] == []
    lines = [HEADER] + [f"PN{i:05d};;{n};{n};01-02-1980;teler;01-01-2024"
                        for i, n in enumerate(REAL_NAMES)]
    res, out, rejects = pseudonymise(tmp_path, write(tmp_path / "p.csv", (
        "\n".join(lines) + "\n").encode("utf-8")))
    assert res.rows_written == len(REAL_NAMES) and len(rejects) == 0


def test_text_encoded_twice_outside_the_identifiers_is_read(tmp_path):
    """Only the columns that make pseudonyms are checked: a role text does not link partners."""
    lines = [HEADER, *_rows(3)]
    lines[2] = lines[2].replace(";teler;", f";{twice('teler (vermoedelijk Düsseldorf)')};")
    df = read(write(tmp_path / "p.csv", ("\n".join(lines) + "\n").encode("utf-8")))
    assert len(df) == 3


def test_a_frame_of_several_arrow_chunks_is_checked_too(tmp_path):
    """A text column pandas keeps as several Arrow chunks (a streamed read): the check looks at
    every chunk (the ASCII shortcut too)."""
    import numpy as np

    from netwerk.ingest.readers import finish_frame

    names = HEADER.split(";")
    cols = {n: pa.chunked_array([["x"], ["y"], ["z"]], pa.large_string()) for n in names}
    cols["achternaam"] = pa.chunked_array([["Jansen"], ["Bakker"], [twice("Müller")]],
                                          pa.large_string())
    df = pa.table(cols).to_pandas()
    assert df["achternaam"].array._pa_array.num_chunks == 3
    with pytest.raises(InputError) as e:
        finish_frame(df, np.array([1, 2, 5]), {}, spec(), shared=False, name="p.csv")
    assert (e.value.row, e.value.column) == (5, "achternaam")
