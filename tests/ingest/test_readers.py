"""Reading partner exports as text, the way the spec says (readers.py)."""

from __future__ import annotations

import logging

import pandas as pd
import pytest

from netwerk.errors import InputError, Reason
from netwerk.i18n import using
from netwerk.ingest.readers import (
    parse_dates,
    parse_numbers,
    read_table,
    sniff_encoding,
    write_table,
)
from netwerk.ingest.spec import ExtractSpec


def make_spec(**kw) -> ExtractSpec:
    base = {
        "name": "t",
        "partner": "gemeente",
        "identifiers": [{"columns": ["bsn"], "kind": "bsn"},
                        {"columns": ["kvk_nummer"], "kind": "kvk"}],
        "nodes": [{"id": "bsn", "kind": "person", "attributes": {"naam": "naam"}},
                  {"id": "kvk_nummer", "kind": "company"}],
    }
    base.update(kw)
    return ExtractSpec.model_validate(base)


def test_cp1252_semicolon_bom_and_leading_zeros(tmp_path):
    p = tmp_path / "gem.csv"
    p.write_bytes("bsn;kvk_nummer;naam\n012345672;01234567;Jos\u00e9 M\u00fcller\n".encode("cp1252"))
    df = read_table(p, make_spec(), shared=False)
    assert df.attrs["encoding"] == "cp1252"
    assert df.loc[0, "bsn"] == "012345672"  # never a number
    assert df.loc[0, "kvk_nummer"] == "01234567"
    assert df.loc[0, "naam"] == "José Müller"
    assert df["_row"].tolist() == [1]

    q = tmp_path / "bom.csv"
    q.write_bytes(b"\xef\xbb\xbf" + "bsn;kvk_nummer;naam\n111222333;12345678;Zo\u00eb\n".encode())
    df = read_table(q, make_spec(), shared=False)
    assert list(df.columns) == ["bsn", "kvk_nummer", "naam", "_row"]  # BOM not in first name
    assert df.attrs["encoding"] == "utf-8-sig"
    assert df.loc[0, "naam"] == "Zoë"


def test_sniff_encoding():
    assert sniff_encoding("Zoë".encode()) == "utf-8"
    assert sniff_encoding("Zoë".encode("cp1252")) == "cp1252"
    assert sniff_encoding(b"\xef\xbb\xbfx") == "utf-8-sig"


def test_missing_cells_are_na_and_rows_counted(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("bsn;kvk_nummer;naam\n111222333;;\n\n;12345678;NA\n", encoding="utf-8")
    df = read_table(p, make_spec(), shared=False)
    # issue 9: a blank line is counted as empty and not used; rows keep their line numbers
    assert df["_row"].tolist() == [1, 3] and df.attrs["empty_lines"] == 1
    assert pd.isna(df.loc[0, "kvk_nummer"]) and pd.isna(df.loc[1, "bsn"])
    assert df.loc[1, "naam"] == "NA"  # the text NA is text, not missing


def test_delimiter_fallback_logged(tmp_path, caplog):
    p = tmp_path / "comma.csv"
    p.write_text("bsn,kvk_nummer,naam\n111222333,12345678,\"Berg, van der\"\n", encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="netwerk.ingest.readers"):
        df = read_table(p, make_spec(delimiter=";"), shared=False)
    assert df.attrs["delimiter"] == ","
    assert df.loc[0, "naam"] == "Berg, van der"
    assert "splitst niet op ';' maar wel op ','" in caplog.text


def test_header_whitespace_and_case_tolerated(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text(" BSN ;KvK_Nummer; naam\n111222333;12345678;a\n", encoding="utf-8")
    df = read_table(p, make_spec(), shared=False)
    assert list(df.columns)[:3] == ["bsn", "kvk_nummer", "naam"]


def test_missing_column_message_lists_found_columns(tmp_path):
    p = tmp_path / "kvk_2026-10.csv"
    p.write_text("bsn;KvK-nummer;Naam\n111222333;12345678;a\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_table(p, make_spec(), shared=False)
    e = exc.value
    assert e.reason is Reason.MISSING_COLUMN
    assert e.column == "kvk_nummer" and e.file == "kvk_2026-10.csv"
    msg = str(e)
    assert "kolom 'kvk_nummer' ontbreekt in kvk_2026-10.csv" in msg
    assert "wel: bsn, KvK-nummer, Naam" in msg
    assert "bedoelde u 'KvK-nummer'" in msg
    with using("en"), pytest.raises(InputError) as exc:
        read_table(p, make_spec(), shared=False)
    msg = str(exc.value)
    assert "column 'kvk_nummer' missing in kvk_2026-10.csv" in msg
    assert "found: bsn, KvK-nummer, Naam" in msg and "did you mean 'KvK-nummer'" in msg


def test_shared_mode_needs_output_columns(tmp_path):
    spec = make_spec(identifiers=[{"columns": ["bsn"], "kind": "bsn", "output": "persoon"},
                                  {"columns": ["kvk_nummer"], "kind": "kvk"}],
                     nodes=[{"id": "persoon", "kind": "person"}, {"id": "kvk_nummer", "kind": "company"}])
    p = tmp_path / "s.csv"
    p.write_text("bsn;kvk_nummer\nBSN-x;KVK-y\n", encoding="utf-8")
    assert read_table(p, spec, shared=False).shape[0] == 1
    with pytest.raises(InputError) as exc:
        read_table(p, spec, shared=True)
    assert exc.value.column == "persoon"


def test_empty_missing_and_header_only(tmp_path):
    spec = make_spec()
    with pytest.raises(InputError) as exc:
        read_table(tmp_path / "nope.csv", spec, shared=False)
    assert exc.value.reason is Reason.FILE_NOT_FOUND
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(InputError) as exc:
        read_table(empty, spec, shared=False)
    assert exc.value.reason is Reason.EMPTY_FILE
    header = tmp_path / "header.csv"
    header.write_text("bsn;kvk_nummer;naam\n", encoding="utf-8")
    df = read_table(header, spec, shared=False)
    assert len(df) == 0 and "_row" in df.columns


def test_undecodable_bytes_name_the_file(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_bytes(b"bsn;kvk_nummer;naam\n111222333;12345678;\x81\n")  # 0x81 is undefined in cp1252
    with pytest.raises(InputError) as exc:
        read_table(p, make_spec(), shared=False)
    assert exc.value.file == "bad.csv" and exc.value.reason is Reason.UNREADABLE_FILE
    assert "bij datarij 1" in str(exc.value)
    with pytest.raises(InputError):
        read_table(p, make_spec(encoding="utf-8"), shared=False)


def test_xlsx_and_parquet_round_trip_keep_text(tmp_path):
    df = pd.DataFrame({"bsn": ["012345672", None], "kvk_nummer": ["01234567", "12345678"],
                       "naam": ["=HYPERLINK(\"x\")", "Zoë"]})
    for fmt in ("xlsx", "parquet"):
        spec = make_spec(format=fmt)
        p = tmp_path / f"x.{fmt}"
        write_table(df, p, spec)
        back = read_table(p, spec, shared=False)
        assert back["bsn"].tolist()[0] == "012345672" and pd.isna(back["bsn"].tolist()[1])
        assert back["kvk_nummer"].tolist() == ["01234567", "12345678"]
        assert back["naam"].tolist()[0] == "=HYPERLINK(\"x\")"
    from openpyxl import load_workbook

    ws = load_workbook(tmp_path / "x.xlsx").active
    assert ws["C2"].data_type == "s"  # written as text, not as a live formula


def test_xlsx_numbers_and_dates_become_text(tmp_path):
    from datetime import datetime

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["bsn", "kvk_nummer", "naam"])
    ws.append([111222333, 12345678.0, datetime(1980, 1, 31)])
    wb.save(tmp_path / "n.xlsx")
    df = read_table(tmp_path / "n.xlsx", make_spec(format="xlsx"), shared=False)
    assert df.loc[0, "bsn"] == "111222333" and df.loc[0, "kvk_nummer"] == "12345678"
    assert df.loc[0, "naam"] == "31-01-1980"


def test_write_table_csv_same_format_and_unencodable(tmp_path):
    spec = make_spec(encoding="cp1252", delimiter=";")
    df = pd.DataFrame({"bsn": ["a"], "naam": ["Zoë"], "_row": [1]})
    p = write_table(df, tmp_path / "o.csv", spec)
    assert p.read_bytes() == "bsn;naam\nZoë\n".replace("Zoë", "a;Zoë").encode("cp1252")
    bad = pd.DataFrame({"bsn": ["a", "b"], "naam": ["x", "Łukasz"], "_row": [7, 9]})
    with pytest.raises(InputError) as exc:
        write_table(bad, tmp_path / "o2.csv", spec)
    assert exc.value.row == 9 and exc.value.column == "naam"
    assert "Łukasz" not in str(exc.value) and "U+0141" in str(exc.value)


def test_parse_dates_day_first_and_iso():
    s = pd.Series(["31-01-2020", "1-2-2020", "2020-03-04", "31/01/2020", "31-02-2020", "", None, "x"])
    d, bad = parse_dates(s, "%d-%m-%Y")
    got = [None if pd.isna(x) else x.strftime("%Y-%m-%d") for x in d]
    assert got == ["2020-01-31", "2020-02-01", "2020-03-04", "2020-01-31", None, None, None, None]
    assert bad.tolist() == [False, False, False, False, True, False, False, True]


def test_parse_numbers_dutch():
    s = pd.Series(["1.234.567,89", "€ 12,50", "-3", "1 234,5", "12.5", "1,2,3", "", None, "€"])
    v, bad = parse_numbers(s, ",")
    assert v.tolist()[:4] == [1234567.89, 12.5, -3.0, 1234.5]
    assert bad.tolist() == [False, False, False, False, True, True, False, False, False]
    v, bad = parse_numbers(pd.Series(["1,234.5", "7"]), ".")
    assert v.tolist() == [1234.5, 7.0] and not bad.any()


def test_crlf_kept_and_duplicate_headers_refused(tmp_path):
    p = tmp_path / "win.csv"
    p.write_bytes(b"bsn;kvk_nummer;naam\r\n111222333;12345678;a\r\n")
    df = read_table(p, make_spec(), shared=False)
    assert list(df.columns) == ["bsn", "kvk_nummer", "naam", "_row"]
    assert df.loc[0, "naam"] == "a" and df.attrs["lineterminator"] == "\r\n"
    out = write_table(df, tmp_path / "o.csv", make_spec(), lineterminator=df.attrs["lineterminator"])
    assert out.read_bytes() == p.read_bytes()
    d = tmp_path / "dup.csv"
    d.write_text("bsn;kvk_nummer;naam;naam \n1;2;3;4\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_table(d, make_spec(), shared=False)
    assert exc.value.column == "naam" and "meer dan eens" in str(exc.value)
