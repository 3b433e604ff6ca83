"""Class: every Parquet physical/logical type is read as what it is (review8 S9).

Text stored as BINARY without the UTF8/STRING annotation (Impala, Hive, older Spark and
parquet-mr writers) is decoded with the spec's encoding by the CSV rules and said once per file,
never written as Python's ``b'...'``; an empty binary is an empty cell; bytes that do not decode
reject their row naming row and column (never the bytes). A nested column (list, struct, map,
union, a dictionary of one) that the spec reads is refused naming the column and its type; one
it does not read is dropped and said like every other unread column. Members: ``binary``,
``large_binary``, ``binary_view``, ``fixed_size_binary``, dictionary-encoded binary, ``string``,
``large_string``, ``string_view``, dictionary-encoded strings, ``null``, ``time32``/``time64``,
``duration``, ``uuid``; pandas' schema metadata that no longer fits the columns; files written
by pandas with an index. Each at the partner (:func:`pseudonymise_file`) against the same rows
as CSV (the same pseudonyms), and at ingest of a Parquet shared extract.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from netwerk.errors import InputError, Reason
from netwerk.ingest.pipeline import ingest_extract
from netwerk.ingest.pseudonymise import pseudonymise_file
from netwerk.ingest.readers import _parquet_frame, read_table
from netwerk.ingest.spec import ExtractSpec, load_spec

KEY = b"k" * 32

#: politie rows (the layout of the shipped spec), with letters outside ASCII in the names
COLUMNS = ["registratienummer", "pleegdatum", "feitomschrijving", "pleeg_postcode",
           "pleeg_huisnummer", "persoonsnummer", "bsn", "achternaam", "voornamen",
           "geboortedatum", "rol", "medeverdachte_persoonsnummer", "kenteken", "telefoonnummer",
           "betrouwbaarheid", "informatie"]
ROWS = [
    ["PL0400-2023407167", "08-05-2025", "Witwassen (art. 420bis Sr)", "", "", "PN04474209",
     "909769692", "Müller", "Henk", "19-04-1964", "financier", "PN04205665", "6-VSP-01",
     "0614103238", "F", "6"],
    ["PL0400-2023407167", "08-05-2025", "Witwassen (art. 420bis Sr)", "1234AB", "12",
     "PN04205665", "927095890", "Vos", "José", "04-03-1989", "geldschieter", "PN04474209", "",
     "06-14227441", "B", "1"],
    ["PL0400-2023407168", "09-05-2025", "Hennepteelt (art. 3 Opiumwet)", "", "", "PN04350893",
     "", "Horst, ter", "Bilal", "02-02-1969", "katvanger", "", "", "+31 6 72128999", "A", "3"],
]


def _spec(fmt: str, encoding: str = "cp1252") -> ExtractSpec:
    return load_spec("politie").model_copy(update={"format": fmt, "encoding": encoding})


def _csv(path, rows=ROWS, encoding: str = "cp1252") -> None:
    lines = [";".join(COLUMNS)] + [";".join(r) for r in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))


def _table(rows=ROWS, typ=pa.binary(), encoding: str = "cp1252", columns=COLUMNS) -> pa.Table:
    """The rows as one Arrow column per field, every column of type ``typ`` (an empty cell is
    empty text or bytes, as Impala/Hive write it)."""
    out = {}
    for i, c in enumerate(columns):
        vals = [r[i] for r in rows]
        if typ == "dictionary<binary>":
            out[c] = pa.array([v.encode(encoding) for v in vals], pa.binary()).dictionary_encode()
        elif typ == "dictionary<string>":
            out[c] = pa.array(vals).dictionary_encode()
        elif pa.types.is_string(typ) or pa.types.is_large_string(typ) or \
                pa.types.is_string_view(typ):
            out[c] = pa.array(vals, typ)
        else:
            out[c] = pa.array([v.encode(encoding) for v in vals], typ)
    return pa.table(out)


def _shared(tmp_path, raw, spec, tag: str) -> tuple[pd.DataFrame, object]:
    out = tmp_path / f"{tag}_shared{raw.suffix}"
    res = pseudonymise_file(raw, spec, KEY, out)
    return read_table(out, spec, shared=True).drop(columns=["_row"]), res


@pytest.fixture
def csv_shared(tmp_path):
    raw = tmp_path / "p.csv"
    _csv(raw)
    shared, res = _shared(tmp_path, raw, _spec("csv"), "csv")
    assert res.rejects == 0 and res.rows_written == 3
    return shared


#: the view types came with pyarrow 16, the canonical extension types (uuid, json, bool8) with 18
VIEWS = hasattr(pa, "binary_view")
EXTENSIONS = hasattr(pa, "uuid") and hasattr(pa, "json_") and hasattr(pa, "bool8")
BINARY_TYPES = [pa.binary(), pa.large_binary(), *([pa.binary_view()] if VIEWS else []),
                "dictionary<binary>"]
STRING_TYPES = [pa.string(), pa.large_string(), *([pa.string_view()] if VIEWS else []),
                "dictionary<string>"]


@pytest.mark.parametrize("typ", BINARY_TYPES + STRING_TYPES, ids=str)
def test_text_of_every_arrow_text_type_gives_the_csv_pseudonyms(tmp_path, csv_shared, typ,
                                                                caplog):
    raw = tmp_path / "p.parquet"
    pq.write_table(_table(typ=typ), raw)
    with caplog.at_level(logging.WARNING, logger="netwerk"):
        shared, res = _shared(tmp_path, raw, _spec("parquet"), "pq")
    assert (res.rows_read, res.rows_written, res.rejects, res.cells_emptied) == (3, 3, 0, 0)
    pd.testing.assert_frame_equal(shared, csv_shared)
    said = [n for n in res.notes if "binair opgeslagen" in n]
    if "binary" in str(typ):
        # said once for the file, naming every column and the encoding used
        assert len(said) == 1 and "16 kolommen" in said[0] and "cp1252" in said[0], res.notes
        assert "achternaam" in said[0] and "b'" not in said[0]
        assert sum("binair opgeslagen" in r.getMessage() for r in caplog.records) == 1
    else:
        assert said == []


def test_binary_text_is_never_pythons_bytes_repr(tmp_path):
    raw = tmp_path / "p.parquet"
    pq.write_table(_table(), raw)
    df = read_table(raw, _spec("parquet"), shared=False)
    assert df["achternaam"].tolist() == ["Müller", "Vos", "Horst, ter"]
    assert df["bsn"].tolist()[:2] == ["909769692", "927095890"]
    assert pd.isna(df["bsn"].iloc[2]) and pd.isna(df["pleeg_postcode"].iloc[0])  # b"" is empty
    assert not df.drop(columns="_row").stack().astype(str).str.startswith("b'").any()


def test_fixed_size_binary_column_is_text(tmp_path, csv_shared):
    t = _table()
    bsn = [r[COLUMNS.index("bsn")] or "         " for r in ROWS]  # fixed width: 9 bytes each
    t = t.set_column(COLUMNS.index("bsn"), "bsn", pa.array(
        [b.encode() if b.strip() else None for b in bsn], pa.binary(9)))
    raw = tmp_path / "p.parquet"
    pq.write_table(t, raw)
    shared, res = _shared(tmp_path, raw, _spec("parquet"), "pq")
    assert res.rejects == 0
    pd.testing.assert_frame_equal(shared, csv_shared)


@pytest.mark.parametrize("spec_enc, data_enc, used", [
    ("cp1252", "cp1252", "cp1252"),   # the spec's encoding
    ("cp1252", "utf-8", "utf-8"),     # valid non-ASCII UTF-8 wins, as in a CSV (and is noted)
    ("utf-8", "utf-8", "utf-8"),
    ("auto", "cp1252", "cp1252"),     # auto: not valid UTF-8 -> cp1252
    ("auto", "utf-8", "utf-8"),
])
def test_binary_encoding_is_decided_by_the_csv_rules(tmp_path, csv_shared, spec_enc, data_enc,
                                                     used):
    raw = tmp_path / "p.parquet"
    pq.write_table(_table(encoding=data_enc), raw)
    shared, res = _shared(tmp_path, raw, _spec("parquet", spec_enc), "pq")
    assert res.rejects == 0
    pd.testing.assert_frame_equal(shared, csv_shared)  # Müller/José: the CSV's pseudonyms
    assert any(n.endswith(f"gelezen als tekst in {used}") for n in res.notes), res.notes
    if spec_enc == "cp1252" and data_enc == "utf-8":
        assert any("geldige UTF-8" in n for n in res.notes)


def test_a_cell_with_a_utf8_byte_order_mark_is_utf8(tmp_path, csv_shared):
    t = _table()
    i = COLUMNS.index("achternaam")
    names = [b"\xef\xbb\xbf" + "Müller".encode(), b"Vos", b"Horst, ter"]
    t = t.set_column(i, "achternaam", pa.array(names, pa.binary()))
    raw = tmp_path / "p.parquet"
    pq.write_table(t, raw)
    shared, res = _shared(tmp_path, raw, _spec("parquet"), "pq")
    assert res.rejects == 0
    pd.testing.assert_frame_equal(shared, csv_shared)


@pytest.mark.parametrize("spec_enc, bad", [("utf-8", "Jansén".encode("cp1252")),
                                           ("cp1252", b"Jans\x81n")])  # 0x81: not in cp1252
def test_bytes_that_do_not_decode_reject_the_row_naming_row_and_column(tmp_path, spec_enc, bad):
    t = _table(encoding="utf-8" if spec_enc == "utf-8" else "cp1252",
               rows=[[*r[:7], "Jansen" if k == 2 else r[7], *r[8:]] for k, r in enumerate(ROWS)])
    i = COLUMNS.index("achternaam")
    names = t.column(i).to_pylist()
    names[2] = bad
    t = t.set_column(i, "achternaam", pa.array(names, pa.binary()))
    raw = tmp_path / "p.parquet"
    pq.write_table(t, raw)
    out = tmp_path / "o.parquet"
    res = pseudonymise_file(raw, _spec("parquet", spec_enc), KEY, out)
    assert (res.rows_read, res.rows_written, res.rejects) == (3, 2, 1)
    rej = pd.read_csv(str(out) + ".rejects.csv", dtype=str, keep_default_na=False)
    assert rej[["row", "column", "reason"]].values.tolist() == [
        ["3", "achternaam", "unparsable_value"]]
    detail = rej["detail"].iloc[0]
    assert "Jans" not in detail and "81" not in detail and "\\x" not in detail
    assert "geen tekst in" in detail
    shared = read_table(out, _spec("parquet", spec_enc), shared=True)
    assert shared["_row"].tolist() == [1, 2]  # the other rows keep their record numbers


def test_mixed_encodings_in_binary_text_refuse_the_file_naming_the_row(tmp_path):
    rows = [list(r) for r in ROWS] + [list(ROWS[1])]
    t = _table(rows=rows)  # cp1252: Müller, José
    i = COLUMNS.index("voornamen")
    names = t.column(i).to_pylist()
    names[3] = "Zoë".encode()  # UTF-8 letters in a cp1252 file
    t = t.set_column(i, "voornamen", pa.array(names, pa.binary()))
    raw = tmp_path / "p.parquet"
    pq.write_table(t, raw)
    with pytest.raises(InputError, match="mengt twee coderingen") as err:
        read_table(raw, _spec("parquet"), shared=False)
    assert "regel 4" in str(err.value)


@pytest.mark.parametrize("typ", [pa.binary(), pa.string()], ids=str)
def test_empty_text_is_an_empty_cell(tmp_path, typ):
    """An empty BSN is no value (no reject, nothing emptied); an empty required police number
    is missing, as in a CSV."""
    rows = [list(r) for r in ROWS]
    rows[0][COLUMNS.index("bsn")] = ""
    rows[1][COLUMNS.index("persoonsnummer")] = ""
    raw, raw_csv = tmp_path / "p.parquet", tmp_path / "p.csv"
    pq.write_table(_table(rows=rows, typ=typ), raw)
    _csv(raw_csv, rows)
    res = pseudonymise_file(raw, _spec("parquet"), KEY, tmp_path / "o.parquet")
    res_csv = pseudonymise_file(raw_csv, _spec("csv"), KEY, tmp_path / "o.csv")
    assert (res.rows_written, res.rejects, res.cells_emptied) == (2, 1, 0)
    assert (res_csv.rows_written, res_csv.rejects, res_csv.cells_emptied) == (2, 1, 0)
    rej = pd.read_csv(tmp_path / "o.parquet.rejects.csv", dtype=str)
    assert rej["reason"].tolist() == ["missing_identifier"]


NESTED = [
    (pa.list_(pa.string()), [["909769692"], ["927095890"], None], "een lijst", "list<string>"),
    (pa.large_list(pa.string()), [["909769692"], [], None], "een lijst", "large_list<string>"),
    (pa.list_(pa.string(), 1), [["909769692"], ["927095890"], None], "een lijst",
     "fixed_size_list<string>"),
    (pa.struct([("v", pa.string())]), [{"v": "909769692"}, None, None],
     "een samengestelde waarde met velden", "struct<v: string>"),
    (pa.map_(pa.string(), pa.string()), [[("bsn", "909769692")], None, None],
     "een sleutel-waardelijst", "map<string, string>"),
]


@pytest.mark.parametrize("typ, vals, words, text", NESTED, ids=lambda x: str(x)[:16])
def test_a_nested_column_the_spec_reads_is_refused_naming_column_and_type(tmp_path, typ, vals,
                                                                          words, text):
    t = _table(typ=pa.string())
    t = t.set_column(COLUMNS.index("bsn"), "bsn", pa.array(vals, typ))
    raw = tmp_path / "p.parquet"
    pq.write_table(t, raw)
    with pytest.raises(InputError) as err:
        pseudonymise_file(raw, _spec("parquet"), KEY, tmp_path / "o.parquet")
    e = err.value
    assert f"kolom 'bsn' is {words} ({text}); exporteer één waarde per cel" in str(e)
    assert e.reason == Reason.UNREADABLE_FILE and e.column == "bsn"
    assert "beschadigd" not in str(e) and "909769692" not in str(e)


@pytest.mark.parametrize("typ, vals, words, text", NESTED, ids=lambda x: str(x)[:16])
def test_a_nested_column_the_spec_does_not_read_is_dropped_and_said(tmp_path, csv_shared, typ,
                                                                    vals, words, text):
    t = _table(typ=pa.string()).append_column("extra", pa.array(vals, typ))
    raw = tmp_path / "p.parquet"
    pq.write_table(t, raw)
    shared, res = _shared(tmp_path, raw, _spec("parquet"), "pq")
    assert res.rejects == 0 and res.dropped_columns == ("extra",)
    pd.testing.assert_frame_equal(shared, csv_shared)


def test_a_row_with_data_only_in_an_unread_nested_column_is_counted_as_a_csv_row(tmp_path):
    """Not an empty row (nothing vanishes): rejected like the same row of a CSV with the
    unread column filled in."""
    rows = [list(r) for r in ROWS] + [[""] * len(COLUMNS)]
    t = _table(rows=rows).append_column("extra", pa.array([None, None, None, ["x"]]))
    raw, raw_csv = tmp_path / "p.parquet", tmp_path / "p.csv"
    pq.write_table(t, raw)
    _csv(raw_csv, [[*r, "x" if k == 3 else ""] for k, r in enumerate(rows)])
    raw_csv.write_bytes(raw_csv.read_bytes().replace(b"informatie\r\n", b"informatie;extra\r\n",
                                                     1))
    got = []
    for path, fmt in ((raw, "parquet"), (raw_csv, "csv")):
        res = pseudonymise_file(path, _spec(fmt), KEY, tmp_path / f"o.{fmt}")
        got.append((res.rows_read, res.rows_written, res.rejects, res.empty_lines,
                    res.dropped_columns))
    assert got[0] == got[1] == (4, 3, 1, 0, ("extra",))


def test_dictionary_of_nested_and_union_columns_are_named_in_words():
    """Types pyarrow cannot write to Parquet but an Arrow table can hold (the reader's types)."""
    spec = ExtractSpec(name="t", partner="p", identifiers=[{"columns": ["bsn"], "kind": "bsn"}])
    dict_struct = pa.DictionaryArray.from_arrays(pa.array([0, 0]),
                                                 pa.array([{"v": "909769692"}]))
    union = pa.UnionArray.from_sparse(pa.array([0, 1], pa.int8()),
                                      [pa.array(["909769692", None]), pa.array([None, 1])])
    for arr, words in ((dict_struct, "een samengestelde waarde met velden"),
                       (union, "een keuzewaarde van meerdere typen")):
        with pytest.raises(InputError, match=f"kolom 'bsn' is {words} \\("):
            _parquet_frame(pa.table({"bsn": arr}), spec, "x.parquet", [], shared=False)
        df, rows, rejects = _parquet_frame(pa.table({"bsn": pa.array(["909769692", None]),
                                                     "x": arr}), spec, "x.parquet", [],
                                           shared=False)
        assert df["bsn"].tolist()[0] == "909769692" and rejects == []


def test_null_typed_columns_are_empty(tmp_path):
    """A column Arrow typed ``null`` (every cell empty: what pandas writes for an all-None
    column) is empty: an optional identifier absent, a text attribute empty."""
    t = _table(typ=pa.string())
    for c in ("bsn", "rol", "kenteken"):
        t = t.set_column(COLUMNS.index(c), c, pa.nulls(3))
    raw = tmp_path / "p.parquet"
    pq.write_table(t, raw)
    assert pq.read_schema(raw).field("bsn").type == pa.null()
    df = read_table(raw, _spec("parquet"), shared=False)
    assert df[["bsn", "rol", "kenteken"]].isna().all().all()
    res = pseudonymise_file(raw, _spec("parquet"), KEY, tmp_path / "o.parquet")
    assert (res.rows_written, res.rejects, res.cells_emptied) == (3, 0, 0)


def _attr_spec() -> ExtractSpec:
    return ExtractSpec.model_validate({
        "name": "t", "partner": "politie", "format": "parquet",
        "identifiers": [{"columns": ["bsn"], "kind": "bsn", "required": True}],
        "nodes": [{"id": "bsn", "kind": "person",
                   "attributes": {"tijd": "tijd", "duur": "duur", "ref": "ref"}}]})


TYPED_TEXT = [
    (pa.time32("s"), [dt.time(14, 30), dt.time(0, 0, 5), None], ["14:30:00", "00:00:05", None]),
    (pa.time32("ms"), [dt.time(14, 30, 0, 250000), dt.time(23, 59, 59), None],
     ["14:30:00.25", "23:59:59", None]),
    (pa.time64("us"), [dt.time(14, 30, 0, 1), dt.time(8, 0), None],
     ["14:30:00.000001", "08:00:00", None]),
    (pa.time64("ns"), [52_200_000_000_001, 0, None], ["14:30:00.000000001", "00:00:00", None]),
    (pa.duration("s"), [5400, 90061, None], ["PT1H30M", "P1DT1H1M1S", None]),
    (pa.duration("ms"), [-45_000, 0, None], ["-PT45S", "PT0S", None]),
    (pa.duration("us"), [1_500_000, 86_400_000_000, None], ["PT1.5S", "P1D", None]),
    (pa.duration("ns"), [5_400_000_000_000, 1, None], ["PT1H30M", "PT0.000000001S", None]),
]


@pytest.mark.parametrize("typ, vals, texts", TYPED_TEXT, ids=lambda x: str(x)[:14])
def test_time_and_duration_values_are_exact_text_without_words(tmp_path, typ, vals, texts):
    """A time of day is ``hh:mm:ss[.fraction]``; a duration ISO 8601 (``PT1H30M``): exact and
    in no language (``str()`` gave ``0 days 01:30:00``); stored so at ingest."""
    bsns = ["909769692", "927095890", "123456782"]
    col = "tijd" if pa.types.is_time(typ) else "duur"
    other = "duur" if col == "tijd" else "tijd"
    raw = tmp_path / "p.parquet"
    pq.write_table(pa.table({"bsn": bsns, col: pa.array(vals, typ),
                             other: pa.nulls(3, pa.string()), "ref": pa.nulls(3)}), raw)
    spec = _attr_spec()
    df = read_table(raw, spec, shared=False)
    assert [None if pd.isna(v) else v for v in df[col]] == texts
    out = tmp_path / "o.parquet"
    assert pseudonymise_file(raw, spec, KEY, out).rejects == 0
    ing = ingest_extract(tmp_path / "c.duckdb", out, spec)
    assert ing.reconciled and ing.n_rejects == 0
    with duckdb.connect(str(tmp_path / "c.duckdb"), read_only=True) as con:
        got = sorted(v for (v,) in con.sql(f"select value from node_attributes "
                                           f"where attribute = '{col}'").fetchall())
    assert got == sorted(t for t in texts if t is not None)


@pytest.mark.skipif(not EXTENSIONS, reason="pyarrow < 18 has no canonical extension types")
def test_uuid_is_its_canonical_text(tmp_path):
    u = uuid.UUID("12345678-1234-5678-1234-567812345678")
    raw = tmp_path / "p.parquet"
    pq.write_table(pa.table({"bsn": ["909769692", "927095890"],
                             "ref": pa.array([u.bytes, None], pa.uuid()),
                             "tijd": pa.nulls(2), "duur": pa.nulls(2)}), raw)
    df = read_table(raw, _attr_spec(), shared=False)
    assert df["ref"].iloc[0] == "12345678-1234-5678-1234-567812345678"
    assert pd.isna(df["ref"].iloc[1])


@pytest.mark.skipif(not EXTENSIONS, reason="pyarrow < 18 has no canonical extension types")
def test_json_and_bool8_extension_columns(tmp_path):
    raw = tmp_path / "p.parquet"
    pq.write_table(pa.table({"bsn": ["909769692", "927095890", "123456782"],
                             "ref": pa.array(['{"a": 1}', None, "[]"], pa.json_()),
                             "tijd": pa.array([1, 0, None], pa.bool8()),
                             "duur": pa.array([True, False, None])}), raw)
    df = read_table(raw, _attr_spec(), shared=False)
    got = [[None if pd.isna(v) else v for v in df[c]] for c in ("ref", "tijd", "duur")]
    assert got == [['{"a": 1}', None, "[]"], ["true", "false", None], ["true", "false", None]]


def test_pandas_metadata_that_no_longer_fits_is_not_used(tmp_path, csv_shared):
    """The review's files: a pandas frame (``str`` columns) whose columns were then stored as
    BINARY with pandas' metadata kept; and a pandas index column is no data column."""
    frame = pd.DataFrame(ROWS, columns=COLUMNS, index=pd.Index([7, 8, 9], name="volgnr"))
    t = pa.Table.from_pandas(frame)
    assert "volgnr" in t.column_names and t.schema.pandas_metadata
    binary = pa.table({c: (t.column(c).cast(pa.binary()) if c in COLUMNS else t.column(c))
                       for c in t.column_names}).replace_schema_metadata(t.schema.metadata)
    raw = tmp_path / "p.parquet"
    pq.write_table(binary, raw)
    shared, res = _shared(tmp_path, raw, _spec("parquet", "utf-8"), "pq")
    assert res.rejects == 0 and res.dropped_columns == ()
    pd.testing.assert_frame_equal(shared, csv_shared)


@pytest.mark.parametrize("typ", [pa.binary(), pa.large_string(), "dictionary<string>"], ids=str)
def test_ingest_of_a_parquet_shared_extract_gives_the_csv_network(tmp_path, typ):
    """The RIEC ingests the Parquet shared extract of a BINARY/string/dictionary export: the same
    nodes and relations as from the same rows as CSV; the shared extract in any text type (as
    Hive/Impala would store it) reads as the same frame."""
    raw_csv, raw_pq = tmp_path / "p.csv", tmp_path / "p.parquet"
    _csv(raw_csv)
    pq.write_table(_table(typ=typ), raw_pq)
    spec_csv, spec_pq = _spec("csv"), _spec("parquet")
    out_csv, out_pq = tmp_path / "s.csv", tmp_path / "s.parquet"
    assert pseudonymise_file(raw_csv, spec_csv, KEY, out_csv).rejects == 0
    assert pseudonymise_file(raw_pq, spec_pq, KEY, out_pq).rejects == 0
    ing_csv = ingest_extract(tmp_path / "a.duckdb", out_csv, spec_csv)
    ing_pq = ingest_extract(tmp_path / "b.duckdb", out_pq, spec_pq)
    assert ing_csv.n_rejects == ing_pq.n_rejects == 0 and ing_pq.reconciled

    def tables(db):
        with duckdb.connect(str(db), read_only=True) as con:
            nodes = sorted(con.sql("select node_id, kind from nodes").fetchall())
            rels = sorted(con.sql("select source, target, kind from relations").fetchall())
        return nodes, rels

    assert tables(tmp_path / "a.duckdb") == tables(tmp_path / "b.duckdb")
    assert len(tables(tmp_path / "b.duckdb")[1]) > 0
    shared = read_table(out_pq, spec_pq, shared=True)
    cols = [c for c in shared.columns if c != "_row"]
    rows = [["" if pd.isna(v) else v for v in r] for r in shared[cols].itertuples(index=False)]
    again = tmp_path / "hive.parquet"
    pq.write_table(_table(rows=rows, typ=typ, encoding="utf-8", columns=cols), again)
    pd.testing.assert_frame_equal(read_table(again, spec_pq, shared=True)
                                  .drop(columns="_row", errors="ignore"),
                                  shared.drop(columns="_row"), check_like=False)


def test_messages_in_english(tmp_path):
    from netwerk.i18n import using

    t = _table(typ=pa.binary()).append_column("x", pa.array([[1], None, []]))
    t = t.set_column(COLUMNS.index("rol"), "rol", pa.array([["a"], None, None]))
    raw = tmp_path / "p.parquet"
    pq.write_table(t, raw)
    with using("en"), pytest.raises(InputError,
                                    match=r"column 'rol' is a list \(list<string>\); export one "
                                          r"value per cell"):
        read_table(raw, _spec("parquet"), shared=False)
    pq.write_table(_table(typ=pa.binary(), encoding="utf-8"), raw)
    with using("en"):
        df = read_table(raw, _spec("parquet", "utf-8"), shared=False)
    assert df.attrs["notes"] == ["16 columns are stored as binary (BINARY without a text "
                                 "annotation, as Impala and Hive write it): " + ", ".join(COLUMNS)
                                 + "; read as text in utf-8"]


def test_other_typed_columns_read_as_before_without_pandas_metadata(tmp_path):
    """Dates, zoned timestamps, booleans, decimals and integers with a gap, written by pandas
    (with its schema metadata) and by Arrow (without): the texts fx-numbers set."""
    import decimal

    frame = pd.DataFrame({
        "bsn": pd.array([909769692, None], dtype="Int64"),
        "tijd": [dt.date(1964, 4, 19), None],
        "ref": pd.to_datetime(["1980-01-01T23:00Z", "1980-01-02T14:30Z"]),
        "duur": [decimal.Decimal("12.50"), None]})
    spec = _attr_spec()
    for i, t in enumerate((pa.Table.from_pandas(frame), pa.Table.from_pandas(frame)
                           .replace_schema_metadata(None))):
        raw = tmp_path / f"p{i}.parquet"
        pq.write_table(t, raw)
        df = read_table(raw, spec, shared=False)
        got = [[None if pd.isna(v) else v for v in df[c]] for c in ("bsn", "tijd", "ref", "duur")]
        assert got == [["909769692", None], ["19-04-1964", None],
                       ["02-01-1980", "1980-01-02 15:30:00"], ["12,5", None]]


def test_a_pandas_index_the_spec_reads_is_a_column(tmp_path, csv_shared):
    """``df.set_index("persoonsnummer").to_parquet(...)``: the index is the spec's column."""
    frame = pd.DataFrame(ROWS, columns=COLUMNS).set_index("persoonsnummer")
    raw = tmp_path / "p.parquet"
    frame.to_parquet(raw)
    shared, res = _shared(tmp_path, raw, _spec("parquet"), "pq")
    assert res.rejects == 0
    pd.testing.assert_frame_equal(shared, csv_shared, check_like=True)  # index read last
