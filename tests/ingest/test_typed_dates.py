"""Class: dates in typed files and dates pseudonymise let through (review7 Q10).

Rules tested: pseudonymise applies ingest's date check to every date column of the spec
(relation ``observed``/``valid_from``/``valid_to``, ``type: date`` attributes): a date it cannot
read as the spec's date rejects the row at the partner, naming file, row and column, never the
cell text; a bare number there is refused with the hint "Excel-serienummer?" and never guessed,
unless the cell is typed as a date (an XLSX date-formatted cell, a Parquet date or timestamp).
Typed dates become dates: ``date32``, naive midnight timestamps, timestamps with a time zone
(converted to Europe/Amsterdam before the date is taken; midnight UTC is that date too). A birth
date with a time of day that is not midnight is refused (the day is not certain), not cut.
Members: Parquet ``date32``, ``timestamp[us]``, ``timestamp[us, UTC]`` (winter and summer time),
``timestamp[ms, Europe/Amsterdam]``; XLSX serial numbers in General cells and date-formatted
cells; CSV text; streamed CSV chunks.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from netwerk.ingest.pipeline import ingest_extract
from netwerk.ingest.pseudonymise import pseudonymise_file, pseudonymise_frame
from netwerk.ingest.readers import read_table
from netwerk.ingest.spec import ExtractSpec

KEY = b"k" * 32
HEADER = ["persoonsnummer", "achternaam", "voornamen", "geboortedatum", "medeverdachte",
          "pleegdatum"]


def _spec(fmt: str) -> ExtractSpec:
    return ExtractSpec.model_validate({
        "name": "t", "partner": "politie", "format": fmt, "delimiter": ";",
        "identifiers": [
            {"columns": ["persoonsnummer"], "kind": "police_id", "required": True},
            {"columns": ["achternaam", "voornamen", "geboortedatum"], "kind": "name_dob",
             "output": "naam_geboortedatum"},
            {"columns": ["medeverdachte"], "kind": "police_id"}],
        "nodes": [{"id": "persoonsnummer", "kind": "person", "also": ["naam_geboortedatum"]},
                  {"id": "medeverdachte", "kind": "person", "required": False}],
        "relations": [{"kind": "co_suspect", "source": "persoonsnummer",
                       "target": "medeverdachte", "observed": "pleegdatum"}]})


def _text_key(surname="Jansen", first="Piet", dob="19-04-1964") -> str:
    """The name+birth-date pseudonym of the same person written as text."""
    df = pd.DataFrame({c: pd.array([v], dtype="str") for c, v in zip(
        HEADER, ["PN00000001", surname, first, dob, None, None], strict=True)})
    df["_row"] = [1]
    shared, _, _ = pseudonymise_frame(df, _spec("csv"), KEY)
    return shared["naam_geboortedatum"].iloc[0]


def _run(tmp_path, raw, spec):
    """Pseudonymise and ingest; returns (pseudonymise result, shared frame, partner rejects,
    ingest result, relations' observed dates by row)."""
    out = tmp_path / ("o" + raw.suffix)
    res = pseudonymise_file(raw, spec, KEY, out)
    shared = read_table(out, spec, shared=True)
    rej = pd.read_csv(f"{out}.rejects.csv", dtype=str, keep_default_na=False)
    ing = ingest_extract(tmp_path / "c.duckdb", out, spec)
    with duckdb.connect(str(tmp_path / "c.duckdb"), read_only=True) as con:
        obs = dict(con.sql("select row, observed from relations").fetchall())
    return res, shared, rej, ing, obs


def _parquet_birth(tmp_path, arr: pa.Array):
    raw = tmp_path / "p.parquet"
    n = len(arr)
    pq.write_table(pa.table({
        "persoonsnummer": [f"PN0000000{i + 1}" for i in range(n)],
        "achternaam": ["Jansen"] * n, "voornamen": ["Piet"] * n, "geboortedatum": arr,
        "medeverdachte": ["PN00000099"] * n,
        "pleegdatum": pa.array([dt.date(2025, 5, 8)] * n, pa.date32())}), raw)
    return raw


UTC = dt.UTC
BIRTH_TYPES = [
    ("date32", pa.array([dt.date(1964, 4, 19)], pa.date32()), "19-04-1964"),
    ("naive midnight", pa.array([dt.datetime(1964, 4, 19)], pa.timestamp("us")), "19-04-1964"),
    # Amsterdam midnight stored as UTC (1964: no summer time, UTC+1) - review7 Q10's file
    ("utc 23:00", pa.array([dt.datetime(1964, 4, 18, 23, tzinfo=UTC)],
                           pa.timestamp("us", tz="UTC")), "19-04-1964"),
    # a date stored as midnight UTC is that date in Amsterdam too
    ("utc midnight", pa.array([dt.datetime(1964, 4, 19, tzinfo=UTC)],
                              pa.timestamp("us", tz="UTC")), "19-04-1964"),
    # summer time (UTC+2): 22:00 UTC on 30 June is 1 July in Amsterdam
    ("utc summer", pa.array([dt.datetime(1980, 6, 30, 22, tzinfo=UTC)],
                            pa.timestamp("ms", tz="UTC")), "01-07-1980"),
    ("utc 01-01 23:00", pa.array([dt.datetime(1980, 1, 1, 23, tzinfo=UTC)],
                                 pa.timestamp("us", tz="UTC")), "02-01-1980"),
    ("amsterdam", pa.array([pd.Timestamp("1964-04-19", tz="Europe/Amsterdam")],
                           pa.timestamp("ms", tz="Europe/Amsterdam")), "19-04-1964"),
]


@pytest.mark.parametrize("label, arr, text", BIRTH_TYPES, ids=[b[0] for b in BIRTH_TYPES])
def test_typed_birth_dates_give_the_key_of_the_text_date(tmp_path, label, arr, text):
    res, shared, rej, ing, _ = _run(tmp_path, _parquet_birth(tmp_path, arr), _spec("parquet"))
    assert rej.empty and res.rejects == 0, rej
    assert shared["naam_geboortedatum"].iloc[0] == _text_key(dob=text)
    assert ing.n_rejects == 0 and ing.identity_links >= 1


@pytest.mark.parametrize("arr", [
    pa.array([dt.datetime(1964, 4, 18, 23)], pa.timestamp("us")),  # a UTC time without its zone
    pa.array([dt.datetime(1964, 4, 19, 10, 30, tzinfo=UTC)], pa.timestamp("us", tz="UTC")),
], ids=["naive 23:00", "utc 10:30"])
def test_a_birth_date_with_a_time_of_day_is_refused_not_cut(tmp_path, arr):
    res, shared, rej, _, _ = _run(tmp_path, _parquet_birth(tmp_path, arr), _spec("parquet"))
    assert pd.isna(shared["naam_geboortedatum"].iloc[0]) and res.rows_written == 1
    assert rej["reason"].tolist() == ["invalid_identifier"]
    assert "tijdstip" in rej["detail"].iloc[0] and "1964" not in rej["detail"].iloc[0]


def _xlsx(path, rows, *, date_format_cells=()):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    for ref in date_format_cells:
        ws[ref].number_format = "dd-mm-yyyy"
    wb.save(path)


def test_xlsx_serial_numbers_are_refused_at_the_partner_typed_dates_read(tmp_path):
    """Review7 Q10's workbook: ``pleegdatum`` 45785 in a General cell (08-05-2025) and a birth
    date 23486 (19-04-1964) are refused at pseudonymise with "Excel-serienummer?"; the same
    serial in a date-formatted cell is a date; a date-time cell's date is read."""
    raw = tmp_path / "s.xlsx"
    _xlsx(raw, [
        ["PN00000001", "Jansen", "Piet", "19-04-1964", "PN00000099", 45785],
        ["PN00000002", "Visser", "Anna", "02-03-1970", "PN00000099", 45785],
        ["PN00000003", "Bakker", "Kees", 23486, "PN00000099", "08-05-2025"],
        ["PN00000004", "Smit", "Jan", dt.datetime(1964, 4, 19), "PN00000099",
         dt.datetime(2025, 5, 8, 14, 30)],
    ], date_format_cells=["F3"])  # row 2 of the data: the serial typed as a date
    res, shared, rej, ing, obs = _run(tmp_path, raw, _spec("xlsx"))
    assert (res.rows_read, res.rows_written, res.rejects) == (4, 3, 1)
    by = {(int(r), c): d for r, c, d in zip(rej["row"], rej["column"], rej["detail"],
                                            strict=True)}
    # Excel's own row numbers (the header is row 1)
    assert set(by) == {(2, "pleegdatum"), (4, "achternaam+voornamen+geboortedatum")}
    assert "Excel-serienummer?" in by[(2, "pleegdatum")]
    assert "rij afgewezen" in by[(2, "pleegdatum")]
    assert "Excel-serienummer?" in by[(4, "achternaam+voornamen+geboortedatum")]
    assert not any(s in " ".join(by.values()) for s in ("45785", "23486"))
    assert rej.set_index("column")["reason"]["pleegdatum"] == "unparsable_date"
    assert ing.n_rejects == 0 and ing.reconciled
    assert sorted(obs.values()) == [dt.date(2025, 5, 8)] * 3  # rows of the shared extract
    assert shared["naam_geboortedatum"].iloc[2] == _text_key("Smit", "Jan")  # a datetime cell


def test_typed_relation_timestamps_are_amsterdam_dates(tmp_path):
    """A relation date as a UTC timestamp late in the evening is the next day in Amsterdam; a
    naive timestamp with a time keeps its date."""
    raw = tmp_path / "r.parquet"
    pq.write_table(pa.table({
        "persoonsnummer": ["PN00000001", "PN00000002", "PN00000003"],
        "achternaam": ["Jansen"] * 3, "voornamen": ["Piet"] * 3,
        "geboortedatum": ["19-04-1964"] * 3, "medeverdachte": ["PN00000099"] * 3,
        "pleegdatum": pa.array([dt.datetime(2025, 5, 7, 22, 30, tzinfo=UTC),
                                dt.datetime(2025, 5, 8, 0, 0, tzinfo=UTC),
                                dt.datetime(2025, 1, 31, 23, 30, tzinfo=UTC)],
                               pa.timestamp("us", tz="UTC"))}), raw)
    res, _, rej, ing, obs = _run(tmp_path, raw, _spec("parquet"))
    assert rej.empty and ing.n_rejects == 0
    assert obs == {1: dt.date(2025, 5, 8), 2: dt.date(2025, 5, 8), 3: dt.date(2025, 2, 1)}


CSV = ("persoonsnummer;achternaam;voornamen;geboortedatum;medeverdachte;pleegdatum\n"
       "PN00000001;Jansen;Piet;19-04-1964;PN00000099;45785\n"
       "PN00000002;Visser;Anna;02-03-1970;PN00000099;31-02-2025\n"
       "PN00000003;Bakker;Kees;01-01-1971;PN00000099;8 mei 2025\n"
       "PN00000004;Smit;Jan;05-06-1972;PN00000099;01-01-1900\n"
       "PN00000005;Mol;Els;07-08-1973;PN00000099;\n"
       "PN00000006;Kok;Bas;09-10-1974;PN00000099;2025-05-08\n"
       "PN00000007;Bos;Ria;11-12-1975;PN00000099;08/05/2025\n")


@pytest.mark.parametrize("chunk_bytes", [None, 80])
def test_csv_date_cells_are_checked_at_the_partner(tmp_path, chunk_bytes):
    """The check holds for text too, whole or streamed in chunks: a serial, a date that does
    not exist and free text reject their row (the partner sees "3 afgewezen", not 0); a
    sentinel date, an empty cell, ISO and ``/`` pass, as at ingest."""
    raw = tmp_path / "p.csv"
    raw.write_text(CSV, encoding="utf-8")
    out = tmp_path / "o.csv"
    res = pseudonymise_file(raw, _spec("csv"), KEY, out, chunk_bytes=chunk_bytes)
    assert (res.rows_read, res.rows_written, res.rejects) == (7, 4, 3)
    rej = pd.read_csv(f"{out}.rejects.csv", dtype=str)
    assert rej["row"].tolist() == ["1", "2", "3"]
    assert set(rej["column"]) == {"pleegdatum"} and set(rej["reason"]) == {"unparsable_date"}
    assert ["Excel-serienummer?" in d for d in rej["detail"]] == [True, False, False]
    assert not any(s in d for d in rej["detail"] for s in ("45785", "31-02", "mei"))
    ing = ingest_extract(tmp_path / "c.duckdb", out, _spec("csv"))
    assert ing.n_rejects == 0 and ing.rows_used == 4 and ing.reconciled


def test_date_attributes_are_checked_too(tmp_path):
    """A node attribute of ``type: date`` is a date column as well."""
    spec = ExtractSpec.model_validate({
        "name": "t", "partner": "kvk",
        "identifiers": [{"columns": ["kvk"], "kind": "kvk", "required": True}],
        "nodes": [{"id": "kvk", "kind": "company", "attributes": {
            "opgericht": {"column": "oprichting", "type": "date"}, "naam": "naam"}}]})
    df = pd.DataFrame({"kvk": pd.array(["12345678", "87654321"], dtype="str"),
                       "naam": pd.array(["A BV", "B BV"], dtype="str"),
                       "oprichting": pd.array(["44927", "01-01-2023"], dtype="str"),
                       "_row": [1, 2]})
    shared, rejects, _ = pseudonymise_frame(df, spec, KEY)
    assert shared["_row"].tolist() == [2]
    assert rejects[["row", "column", "reason"]].values.tolist() == [
        [1, "oprichting", "unparsable_date"]]


def test_ingest_names_an_excel_serial_too():
    """An extract shared before this check (or edited afterwards) still holds a serial: ingest
    rejects the row with the same hint, never guessing the date."""
    from netwerk.ingest.mapping import map_extract
    from netwerk.model import default_model

    sp = ExtractSpec.model_validate({
        "name": "t", "partner": "p", "identifiers": [{"columns": ["kvk"], "kind": "kvk"}],
        "nodes": [{"id": "kvk", "kind": "company",
                   "attributes": {"d": {"column": "d", "type": "date"}}}]})
    df = pd.DataFrame({"kvk": ["KVK-" + "a" * 24, "KVK-" + "b" * 24, "KVK-" + "c" * 24],
                       "d": ["44927", "31-02-2023", "01-01-2023"], "_row": [1, 2, 3]})
    m = map_extract(df, sp, model=default_model(), file="k.csv")
    rej = m.rejects.sort_values("row")
    assert rej["reason"].tolist() == ["unparsable_date"] * 2
    assert ["Excel-serienummer?" in d for d in rej["detail"]] == [True, False]
    assert not any("44927" in d for d in rej["detail"])
