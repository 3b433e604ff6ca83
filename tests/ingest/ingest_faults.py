"""Shared helpers for the fault-class tests of issue 9: a small politie-like spec, a key, and a
writer for raw exports exactly as a partner's tool would produce them (bytes, not pandas)."""

from __future__ import annotations

from pathlib import Path

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


#: the reader paths a CSV can take (issue 9 / review 5, F1 F10): the whole body in one chunk,
#: the streamed chunks, the chunks split over two processes, and the csv-module path (one quoted
#: field elsewhere in the file)
PATHS = {"one chunk": {}, "chunks": {"chunk_bytes": 64, "workers": 1},
         "workers=2": {"chunk_bytes": 64, "workers": 2}, "quoted": {}}


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
        raw = write(d / "p.csv", quote_one_field(data) if name == "quoted" else data)
        try:
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
