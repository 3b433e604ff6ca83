"""A CSV with quotes is streamed like a quote-free one, with the whole-file reader's results
(review 5, F11).

One quoted cell anywhere (Excel quotes every cell holding the delimiter) used to send the whole
file through the csv module at once: twice the CPU and all of it in memory. Now
:func:`~netwerk.ingest.readers.plan_csv` plans such a file too, every chunk ends at the end of a
record (a record still inside a quoted field where the chunk's bytes end goes to the next chunk
whole), and in a chunk the lines holding a quote are read by the csv module, the rest as a
quote-free file. The rule these tests hold it to: for every chunk size and for ``workers=2`` the
frames, row numbers, rejects (order and text), counts, errors, the extract's bytes, its sidecar
and rejects file, and ingest's case store equal what the whole-file reader gives
(:func:`ingest_faults.whole_file_reader`, netwerk before this change).

The class of faulty quoted files: a quoted field with the delimiter, with ``""``, spanning lines,
a stray quote that swallows whole lines (reject) or the rest of the file (refused), an unclosed
quote at the end, a quote inside an unquoted field (``ab"c``, data), a quote after a closing
quote (refused), a lone CR inside and outside quotes, CRLF and LF, a repeated header (and one in
another column order) after a quoted record, a short quoted record, a truncated last record that
spans lines, and empty quoted lines.
"""

from __future__ import annotations

import json
import sys
from contextlib import nullcontext
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from ingest_faults import HEADER, KEY, spec, whole_file_reader

from netwerk.errors import NetwerkError
from netwerk.ingest import readers
from netwerk.ingest.duplicates import LineDuplicates, record_key
from netwerk.ingest.pipeline import ingest_extract
from netwerk.ingest.pseudonymise import pseudonymise_file
from netwerk.ingest.spec import load_spec

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))

from casekit import MESSY_HEADER, MESSY_SPEC, assert_same_store, snapshot, write_spec  # noqa: E402
from test_ingest_streaming import messy_big, write_faulty  # noqa: E402

ROWS = [f"PN{i:04d};{'12345672' if i % 3 else ''};Jansen{i};Jan;01-01-1980;koerier;01-02-2020"
        for i in range(14)]


def _file(i: int, line: str, *, eol: str = "\n", extra: dict[int, str] | None = None,
          end: bool = True) -> str:
    rows = list(ROWS)
    rows[i] = line
    for k, v in (extra or {}).items():
        rows[k] = v
    return HEADER + eol + eol.join(rows) + (eol if end else "")


Q = "PN9000;;{};Jan;01-01-1980;koerier;01-02-2020"
FAULTY = {
    "delimiter in quotes": _file(3, Q.format('"Jansen; zie ook dossier"')),
    "escaped quote": _file(3, Q.format('"Jan ""de Bakker"" sen"')),
    "field over two lines": _file(3, Q.format('"Jansen\nzie ook"')),
    "field over lines, CRLF": _file(3, Q.format('"Jansen\r\nzie ook"'), eol="\r\n"),
    "quote in an unquoted field": _file(3, Q.format('ab"c'), extra={6: Q.format('x"y"')}),
    "stray quote swallows lines": _file(3, Q.format('"Jansen'),
                                        extra={7: Q.format('Pietersen"')}),
    "stray quote to the end": _file(3, Q.format('"Jansen')),
    "unclosed quote in the last line": _file(13, Q.format('"Jansen')),
    "text after a closing quote": _file(5, Q.format('"Jansen"x')),
    "lone CR inside quotes": _file(3, Q.format('"Jan\rsen"')),
    "lone CR outside quotes": _file(3, 'PN9000;;"Jansen";Ja\rn;01-01-1980;koerier;01-02-2020'),
    "lone CR beside a multi-line field": _file(3, Q.format('"Jan\nsen"'),
                                               extra={4: 'PN9001;;Jan\rsen;Jan;x;y;z'}),
    "quoted CRLF file": _file(3, Q.format('"Jansen; x"'), eol="\r\n"),
    "repeated header after a quoted record": _file(4, HEADER,
                                                   extra={3: Q.format('"Jan\nsen"')}),
    "header in another order after a quote": _file(
        6, ";".join(reversed(HEADER.split(";"))), extra={3: Q.format('"Jan\nsen"')}),
    "short quoted record": _file(3, 'PN9000;;"Jansen";Jan'),
    "short record spanning lines": _file(3, 'PN9000;;"Jan\nsen";Jan'),
    "truncated last record over lines": _file(13, 'PN9000;;"Jan\nsen";Jan', end=False),
    "last record over lines, no line end": _file(13, Q.format('"Jan\nsen"'), end=False),
    "empty and delimiter-only quoted lines": _file(3, '""', extra={5: '"";;;', 6: ";;"}),
    "cp1252 letters in quotes": _file(3, Q.format('"M\u00fcller; Jos\u00e9\n\u20ac 5"'),
                                      extra={8: Q.format("M\u00fcller")}),
    "quoted header": HEADER.replace("achternaam", '"achternaam"') + "\n"
    + "\n".join([*ROWS[:3], Q.format('"a;b"'), *ROWS[3:]]) + "\n",
}


def _quote_all(line: str) -> str:
    """A line as exports that quote every cell write it (a quote inside doubled)."""
    return ";".join('"' + c.replace('"', '""') + '"' for c in line.split(";"))


def _all_quoted(i: int | None = None, line: str | None = None, *, eol: str = "\n",
                extra: dict[int, str] | None = None, end: bool = True) -> str:
    """Every cell quoted (as many export tools write CSV); ``line``/``extra`` replace rows as
    they are given (already quoted or not)."""
    rows = [_quote_all(r) for r in ROWS]
    if i is not None:
        rows[i] = line
    for k, v in (extra or {}).items():
        rows[k] = v
    return _quote_all(HEADER) + eol + eol.join(rows) + (eol if end else "")


# Every cell quoted: lines that are whole records with whole quoted fields are read by pyarrow
# (session 7), every other line with a quote by the csv module; the whole-file reader is the
# reference. Members: plain, CRLF, a delimiter and an escaped quote inside, short and long
# records, blank quoted fields and empty quoted lines, the quoted header again (and in another
# order), a multi-line record among them (and one whose inner line looks like a whole quoted
# record), a space before a quote, text after a closing quote, a truncated last line.
FAULTY.update({
    "every cell quoted": _all_quoted(),
    "every cell quoted, CRLF": _all_quoted(eol="\r\n"),
    "every cell quoted, delimiter and escaped quote inside": _all_quoted(
        3, _quote_all(Q.format("Jan 'de' Bakker, zie ook")).replace("'", '""').replace(",", ";"),
        extra={5: _quote_all(Q.format("''")).replace("'", '""'), 7: _quote_all(Q.format(
            "x,y,z")).replace(",", ";"), 9: _quote_all(Q.format("a,b")).replace(",", ";")
            .replace('"PN9000"', "PN9000")}),
    "every cell quoted, short and long records": _all_quoted(
        3, '"PN9000";"";"Jansen"', extra={6: _quote_all(Q.format("a") + ";extra")}),
    "every cell quoted, blank fields and empty lines": _all_quoted(
        3, ";".join(['""'] * 7), extra={4: '""', 5: '" ";"\t";"";"";"";"";""',
                                        6: _quote_all(Q.format("")), 8: '""""'}),
    "every cell quoted, the header again": _all_quoted(4, _quote_all(HEADER)),
    "every cell quoted, the header in another order": _all_quoted(
        6, _quote_all(";".join(reversed(HEADER.split(";"))))),
    "every cell quoted, a record over lines": _all_quoted(
        3, _quote_all(Q.format("Jan\nsen")), extra={7: _quote_all(Q.format("x\n\"\ny"))}),
    "every cell quoted, an inner line like a record": _all_quoted(
        3, 'PN9000;;"Jan\n' + _quote_all(Q.format("y")).replace('"', '""') + '\nsen";Jan;'
        '01-01-1980;koerier;01-02-2020', extra={5: 'PN9001;;"a\n""\nb";Jan;x;y;z'}),
    "every cell quoted, space before a quote": _all_quoted(3, '"PN9000"; "";"Jansen";"Jan";'
                                                              '"01-01-1980";"koerier";"x"'),
    "every cell quoted, text after a closing quote": _all_quoted(3, _quote_all(Q) + "x"),
    "every cell quoted, truncated last line": _all_quoted(13, '"PN9000";"";"Jan', end=False),
    "every cell quoted, lone CR in a field": _all_quoted(3, _quote_all(Q.format("Jan\rsen"))),
})


def _write(tmp: Path, name: str, text: str) -> Path:
    d = tmp / name.replace(" ", "_").replace(",", "")
    d.mkdir(parents=True, exist_ok=True)
    p = d / "raw.csv"
    p.write_bytes(text.encode("cp1252"))
    return p


def _whole(p: Path):
    """The whole-file reader (netwerk before this change): frame, rows, attrs, or the error."""
    try:
        with whole_file_reader():
            return _result(readers.read_table(p, spec(), shared=False))
    except NetwerkError as exc:
        return type(exc).__name__, str(exc.reason), str(exc)


def _streamed(p: Path, chunk_bytes: int | None):
    plan = readers.plan_csv(p, spec())
    assert plan is not None and plan.quoted
    lines = readers._Lines(plan.name, len(plan.header))
    parts = []
    try:
        for chunk, first_row in readers.iter_csv_chunks(plan, chunk_bytes):
            parts.append(readers.read_csv_chunk(plan, chunk, first_row, lines))
        readers._check_majority(lines, plan.name)
    except NetwerkError as exc:
        return type(exc).__name__, str(exc.reason), str(exc)
    df = pd.concat([d for d, _ in parts], ignore_index=True)
    rows = np.concatenate([r for _, r in parts])
    out = readers.finish_frame(df, rows, plan.attrs(lines), spec(), shared=False, name=plan.name)
    return _result(out)


def _result(df: pd.DataFrame):
    a = df.attrs
    return (df.drop(columns="_row").astype(object).where(df.notna(), None)
            .to_dict("split")["data"], df["_row"].tolist(), list(a["read_rejects"]),
            a["empty_lines"], a["repeated_headers"], a["encoding"], a["delimiter"],
            a["lineterminator"], list(a["notes"]))


def test_plan_csv_plans_a_file_with_quotes(tmp_path):
    p = _write(tmp_path, "q", FAULTY["quoted header"])
    plan = readers.plan_csv(p, spec())
    assert plan is not None and plan.quoted
    assert plan.header == HEADER.split(";")  # the quoted header name read as csv reads it
    plain = _write(tmp_path, "p", HEADER + "\n" + "\n".join(ROWS) + "\n")
    assert not readers.plan_csv(plain, spec()).quoted


@pytest.mark.parametrize("name", list(FAULTY))
@pytest.mark.parametrize("chunk_bytes", [None, 7, 64, 1000])
def test_streamed_reading_equals_the_whole_file_reader(tmp_path, name, chunk_bytes):
    p = _write(tmp_path, name, FAULTY[name])
    want = _whole(p)
    got = _streamed(p, chunk_bytes)
    assert got == want
    if name == "stray quote swallows lines":  # the reject the swallowing record gives
        assert "regels 5-9" in got[2][0][3] and got[1] == [1, 2, 3, *range(9, 15)]
    if name == "quote in an unquoted field":  # data, not a quote
        assert got[0][3][2] == 'ab"c' and got[0][6][2] == 'x"y"'


def test_a_record_over_lines_straddles_every_chunk_boundary(tmp_path):
    """Every chunk size from 1 byte to the whole body: a quoted record over three lines, one
    with the delimiter, an escaped quote and a CRLF inside, and a short quoted record."""
    text = _file(2, Q.format('"Jan ""J"" sen\nregel; twee\r\nregel drie"'),
                 extra={5: 'PN9001;;"kort"', 7: Q.format('"Pieter\nsen"')})
    p = _write(tmp_path, "straddle", text)
    want = _whole(p)
    assert len(want[0]) == 13 and want[1][:8] == [1, 2, 3, 6, 7, 9, 10, 12]
    size = p.stat().st_size
    for chunk_bytes in range(1, size + 2):
        assert _streamed(p, chunk_bytes) == want, chunk_bytes


def test_chunks_end_at_record_ends(tmp_path):
    """No chunk ends inside a quoted field; the chunks are the body, in order."""
    text = _file(2, Q.format('"a\nb\nc"'), extra={9: Q.format('"d\ne"')})
    p = _write(tmp_path, "cut", text)
    plan = readers.plan_csv(p, spec())
    body = p.read_bytes()[plan.body_start:]
    for chunk_bytes in (1, 7, 64, 100):
        chunks = list(readers.iter_csv_chunks(plan, chunk_bytes))
        assert b"".join(c for c, _ in chunks) == body
        for c, _ in chunks:
            assert c.count(b'"') % 2 == 0, chunk_bytes  # well-formed quotes: whole fields
        rows = [r for _, r in chunks]
        assert rows == [1 + body[: sum(len(c) for c, _ in chunks[:i])].count(b"\n")
                        for i in range(len(chunks))]


def _pseudonymise(tmp: Path, raw: Path, name: str, **kw):
    out = tmp / name / "out.csv"
    whole = kw.pop("whole_file", False)
    try:
        with whole_file_reader() if whole else nullcontext():
            res = pseudonymise_file(raw, spec(), KEY, out, reid_path=tmp / name / "reid.csv",
                                    **kw)
    except NetwerkError as exc:
        return type(exc).__name__, str(exc.reason), str(exc)
    side = json.loads(Path(f"{out}.netwerk.json").read_text(encoding="utf-8"))
    side.pop("created")
    return (res.rows_read, res.rows_written, res.rejects, res.empty_lines,
            res.repeated_headers, out.read_bytes(), Path(f"{out}.rejects.csv").read_bytes(),
            (tmp / name / "reid.csv").read_bytes(), side)


@pytest.mark.parametrize("name", [n for n in FAULTY if n not in {
    "lone CR inside quotes", "lone CR outside quotes", "quoted CRLF file",
    "empty and delimiter-only quoted lines", "last record over lines, no line end"}])
def test_pseudonymise_streamed_equals_the_whole_file(tmp_path, name):
    raw = _write(tmp_path, name, FAULTY[name])
    want = _pseudonymise(tmp_path, raw, "whole", whole_file=True)
    for i, kw in enumerate([{}, {"chunk_bytes": 7, "workers": 1},
                            {"chunk_bytes": 64, "workers": 2}, {"chunk_bytes": 1000}]):
        assert _pseudonymise(tmp_path, raw, f"s{i}", **kw) == want, kw


@pytest.mark.parametrize("name", ["lone CR inside quotes", "lone CR outside quotes",
                                  "quoted CRLF file", "empty and delimiter-only quoted lines",
                                  "last record over lines, no line end"])
def test_pseudonymise_streamed_equals_the_whole_file_line_ends(tmp_path, name):
    raw = _write(tmp_path, name, FAULTY[name])
    want = _pseudonymise(tmp_path, raw, "whole", whole_file=True)
    assert _pseudonymise(tmp_path, raw, "s", chunk_bytes=64, workers=2) == want


def test_pseudonymise_many_chunks_with_quoted_records_everywhere(tmp_path):
    """A bigger file: a quoted record every 7th line (one over two lines every 50th), a stray
    quote that swallows lines, short records: many chunks, two processes."""
    rows = []
    for i in range(600):
        r = f"PN{i:05d};;Jansen{i % 40};Jan;01-01-1980;koerier;01-02-2020"
        if i % 7 == 3:
            r = r.replace("koerier", '"koerier; chauffeur"')
        if i % 50 == 10:
            r = r.replace(f"Jansen{i % 40}", f'"Jansen\nvan {i}"')
        if i % 97 == 5:
            r = "PN;kort"
        rows.append(r)
    rows[300] = rows[300].replace("Jansen", '"Jansen')
    rows[303] = rows[303].replace("Jan;", 'Jan";', 1)
    raw = _write(tmp_path, "big", HEADER + "\n" + "\n".join(rows) + "\n")
    want = _pseudonymise(tmp_path, raw, "whole", whole_file=True)
    assert isinstance(want[0], int) and want[1] > 500
    assert b"regels 308-311 heeft 6 velden" in want[6]  # the stray quote's record: a reject
    for i, kw in enumerate([{"chunk_bytes": 1000, "workers": 1},
                            {"chunk_bytes": 2048, "workers": 2}]):
        assert _pseudonymise(tmp_path, raw, f"s{i}", **kw) == want, kw


def test_record_key_compares_values_not_quoting():
    assert record_key(b'a;"b";c', ";") == record_key(b"a;b;c", ";")
    assert record_key(b'"a;b";c', ";") != record_key(b'a;"b;c"', ";")
    assert record_key(b'"x\r\ny";"q""r"', ";") == b'"x\r\ny";"q""r"'
    assert record_key(b"\xe9;b", ";") == b"\xe9;b"  # cp1252 bytes pass through


def test_line_duplicates_of_quoted_and_multi_line_records(tmp_path):
    """A row repeated with other quoting, and a record over two lines repeated, in later
    chunks: duplicates, as the whole file's rows say."""
    body = b'a;"1"\n"x\ny";2\nb;3\n' + b'a;1\n"x\ny";"2"\n'
    p = tmp_path / "d.csv"
    p.write_bytes(body)
    seen = LineDuplicates(p, ";")
    df1 = pd.DataFrame({"k": ["a", "x\ny", "b"], "v": ["1", "2", "3"]}, dtype="str")
    cut = body.index(b"a;1")
    first = seen.mark(df1, ["k", "v"], body[:cut], np.array([0, 1, 3]), offset=0,
                      last=np.array([0, 2, 3]))
    df2 = pd.DataFrame({"k": ["a", "x\ny"], "v": ["1", "2"]}, dtype="str")
    second = seen.mark(df2, ["k", "v"], body[cut:], np.array([0, 1]), offset=cut,
                       last=np.array([0, 2]))
    assert first.tolist() == [False, False, False] and second.tolist() == [True, True]


def test_ingest_streamed_equals_the_whole_file(tmp_path):
    """Ingest of a shared extract with quoted records (a duplicate written with other quoting,
    a label over two lines with the delimiter and an escaped quote, its duplicate in a late
    chunk) equals ingest of the file read whole, table by table, duplicates included."""
    sp = load_spec(write_spec(tmp_path, MESSY_SPEC, "messy"))
    ex = write_faulty(tmp_path / "messy.csv", messy_big(), header=MESSY_HEADER)
    text = ex.read_bytes().decode("utf-8").split("\n")
    # row 1 quoted (row 2 repeats it plain: a duplicate by value, not by bytes)
    text[1] = text[1].replace(";Medeverdachte;", ';"Medeverdachte";', 1)
    # a label over two lines in row 14 of block 0, the same record quoted otherwise late
    garage = [i for i, t in enumerate(text) if "Garage Y" in t]
    assert garage[0] == 14 and len(garage) == 40
    text[14] = text[14].replace("Garage Y", '"Garage\nY; de ""Zon"""')
    text.insert(garage[30], text[14].replace(";10;", ';"10";'))
    ex.write_bytes("\n".join(text).encode("utf-8"))
    side = json.loads(Path(f"{ex}.netwerk.json").read_text(encoding="utf-8"))
    with whole_file_reader():
        side["rows_written"] = len(readers.read_table(ex, sp, shared=True))
    Path(f"{ex}.netwerk.json").write_text(json.dumps(side), encoding="utf-8")
    assert readers.plan_csv(ex, sp).quoted
    with whole_file_reader():
        ref_case = tmp_path / "whole.duckdb"
        ref = ingest_extract(ref_case, ex, sp)
    want = snapshot(ref_case)
    assert ref.duplicates == 40 * 2 + 2 + 1 and ref.reconciled
    labels = want["nodes"]["label"].dropna().tolist()
    assert 'Garage\nY; de "Zon"' in labels
    for chunk_bytes in (None, 64, 2048):
        case = tmp_path / f"s{chunk_bytes}.duckdb"
        got = ingest_extract(case, ex, sp, chunk_bytes=chunk_bytes)
        assert_same_store(want, snapshot(case))
        pd.testing.assert_frame_equal(got.rejects, ref.rejects)
        assert (got.duplicates, got.rows_read, got.rows_used, got.n_rejects) == \
            (ref.duplicates, ref.rows_read, ref.rows_used, ref.n_rejects)


def test_every_cell_quoted_is_read_without_the_csv_module(tmp_path, monkeypatch):
    """The common export shape with every cell quoted goes to pyarrow line for line (session 7:
    this took 13x the CPU of a quote-free read), with the whole-file reader's result; only a
    line that is not a whole record of whole quoted fields needs the csv module."""
    p = _write(tmp_path, "all", FAULTY["every cell quoted, CRLF"])
    want = _whole(p)
    plan = readers.plan_csv(p, spec())
    calls = []

    def counted(*a, **k):
        calls.append(1)
        return csv_reader(*a, **k)

    csv_reader = readers.csv.reader
    monkeypatch.setattr(readers.csv, "reader", counted)
    for chunk_bytes in (None, 64):
        lines = readers._Lines(plan.name, len(plan.header))
        parts = [readers.read_csv_chunk(plan, c, r, lines)
                 for c, r in readers.iter_csv_chunks(plan, chunk_bytes)]
        df = pd.concat([d for d, _ in parts], ignore_index=True)
        rows = np.concatenate([r for _, r in parts])
        got = _result(readers.finish_frame(df, rows, plan.attrs(lines), spec(), shared=False,
                                           name=plan.name))
        assert got == want and not calls
    p2 = _write(tmp_path, "one", FAULTY["every cell quoted, a record over lines"])
    plan = readers.plan_csv(p2, spec())
    lines = readers._Lines(plan.name, len(plan.header))
    for c, r in readers.iter_csv_chunks(plan, None):
        readers.read_csv_chunk(plan, c, r, lines)
    assert calls  # the record over lines (and only such lines) goes through the csv module
