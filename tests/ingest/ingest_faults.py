"""Shared helpers for the fault-class tests of issue 9: a small politie-like spec, a key, and a
writer for raw exports exactly as a partner's tool would produce them (bytes, not pandas)."""

from __future__ import annotations

from contextlib import contextmanager, nullcontext
from pathlib import Path
from unittest import mock

import pandas as pd

from netwerk.ingest.pseudonymise import pseudonymise_file
from netwerk.ingest.readers import read_table
from netwerk.ingest.spec import ExtractSpec

KEY = b"issue-9-test-key-0123456789"
HEADER = "persoonsnummer;bsn;achternaam;voornamen;geboortedatum;rol;pleegdatum"


def spec(**over) -> ExtractSpec:
    base = {
        "name": "politie_test", "partner": "politie", "encoding": "cp1252",
        "identifiers": [
            {"columns": ["persoonsnummer"], "kind": "police_id", "required": True},
            {"columns": ["bsn"], "kind": "bsn"},
            {"columns": ["achternaam", "voornamen", "geboortedatum"], "kind": "name_dob",
             "output": "naam_geboortedatum"},
        ],
        "nodes": [{"id": "persoonsnummer", "kind": "person", "also": ["bsn", "naam_geboortedatum"],
                   "attributes": {"rol": "rol"}}],
        "relations": [],
    }
    base.update(over)
    return ExtractSpec.model_validate(base)


def write(path: Path, text: str | bytes, encoding: str = "cp1252") -> Path:
    path.write_bytes(text if isinstance(text, bytes) else text.encode(encoding))
    return path


def read(path: Path, sp: ExtractSpec | None = None) -> pd.DataFrame:
    return read_table(path, sp or spec(), shared=False)


def pseudonymise(tmp: Path, raw: Path, sp: ExtractSpec | None = None):
    out = tmp / "out" / raw.name
    res = pseudonymise_file(raw, sp or spec(), KEY, out)
    rejects = pd.read_csv(f"{out}.rejects.csv", dtype=str, keep_default_na=False)
    return res, out, rejects


@contextmanager
def whole_file_reader():
    """Read a CSV with quotes as netwerk did before session 6 streamed them: the whole file at
    once by the csv module (``plan_csv`` gives no plan for it). The reference the streamed
    reading of quoted files must equal."""
    from netwerk.ingest import pseudonymise as ps
    from netwerk.ingest import readers

    planned = readers.plan_csv

    def plan(path, sp):
        got = planned(path, sp)
        return None if got is not None and got.quoted else got

    with mock.patch.object(readers, "plan_csv", plan), mock.patch.object(ps, "plan_csv", plan):
        yield


#: the reader paths a CSV can take (issue 9 / review 5, F1 F10): the whole body in one chunk,
#: the streamed chunks, the chunks split over two processes, and with one quoted field elsewhere
#: in the file: the csv module on the whole file, and the streamed quoted file in one chunk and
#: in tiny chunks over two processes
PATHS = {"one chunk": {}, "chunks": {"chunk_bytes": 64, "workers": 1},
         "workers=2": {"chunk_bytes": 64, "workers": 2}, "quoted": {"whole_file": True},
         "quoted streamed": {}, "quoted chunks": {"chunk_bytes": 64, "workers": 2}}


def quote_one_field(data: bytes) -> bytes:
    """The same bytes with one field quoted (the first ``;koerier;``): the csv-module path."""
    assert b";koerier;" in data
    return data.replace(b";koerier;", b';"koerier";', 1)


def on_every_path(tmp: Path, data: bytes, sp: ExtractSpec | None = None) -> dict:
    """Pseudonymise the same bytes on every reader path. Per path: the counts and the rejects
    ``(row, column, reason, detail)`` as written, or the error ``(type, reason, message)``."""
    from netwerk.errors import NetwerkError

    out: dict = {}
    for name, kw in PATHS.items():
        d = tmp / name.replace(" ", "_").replace("=", "")
        d.mkdir()
        raw = write(d / "p.csv", quote_one_field(data) if name.startswith("quoted") else data)
        kw = dict(kw)
        whole = whole_file_reader() if kw.pop("whole_file", False) else nullcontext()
        try:
            with whole:
                res = pseudonymise_file(raw, sp or spec(), KEY, d / "out" / "p.csv", **kw)
        except NetwerkError as exc:
            out[name] = (type(exc).__name__, str(exc.reason), str(exc))
            continue
        rej = pd.read_csv(d / "out" / "p.csv.rejects.csv", dtype=str, keep_default_na=False)
        out[name] = {"rows_read": res.rows_read, "rows_written": res.rows_written,
                     "empty_lines": res.empty_lines, "repeated_headers": res.repeated_headers,
                     "rejects": [tuple(r) for r in rej[["row", "column", "reason", "detail"]]
                                 .itertuples(index=False)]}
    return out


def same_on_every_path(tmp: Path, data: bytes, sp: ExtractSpec | None = None):
    """The result of :func:`on_every_path`, asserted to be the same for every path."""
    got = on_every_path(tmp, data, sp)
    first = got["one chunk"]
    for name, res in got.items():
        assert res == first, (name, res, first)
    return first
