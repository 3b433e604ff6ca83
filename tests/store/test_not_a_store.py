"""A file that is no DuckDB database is "not a netwerk case store", whatever its suffix (review 6,
R11).

DuckDB opens a ``.csv``/``.json``/``.parquet`` path as an in-memory database with a view on the
file: read-only it fails with "Cannot launch in-memory database in read-only mode" (shown as
"no permission"), and read-write it accepts writes that are lost without a word.
"""

from __future__ import annotations

import pytest

from netwerk.cli.main import run
from netwerk.errors import StoreError
from netwerk.store import connect

NOT_A_STORE = "geen casusopslag van netwerk"
FILES = {
    "p.csv": b"bsn,naam\n123456782,Jansen\n",
    "q.json": b'{"format": "netwerk-notes"}\n',
    "r.parquet": b"PAR1\x00\x00PAR1",
    "p.txt": b"bsn,naam\n",
    "casus2025": b"hello",
    "leeg.csv": b"",
    "leeg.duckdb": b"",
}


@pytest.mark.parametrize("name", sorted(FILES))
@pytest.mark.parametrize("read_only", [True, False])
def test_connect_says_not_a_store(tmp_path, name, read_only):
    p = tmp_path / name
    p.write_bytes(FILES[name])
    with pytest.raises(StoreError) as exc, connect(p, read_only=read_only) as con:
        con.execute("SELECT 1")
    assert NOT_A_STORE in str(exc.value)
    assert "toestemming" not in str(exc.value)
    assert p.read_bytes() == FILES[name]  # left as it was


@pytest.mark.parametrize("command", [["info"], ["case", "show"], ["case", "init", "--training"],
                                     ["decide", "--by", "x", "--on", "2026-01-01", "--decision", "d",
                                      "--reasons", "r"]])
@pytest.mark.parametrize("name", ["p.csv", "q.json"])
def test_cli_says_not_a_store(tmp_path, capsys, command, name):
    p = tmp_path / name
    p.write_bytes(FILES[name])
    args = [*command[:2], str(p), *command[2:]] if command[0] == "case" else \
        [command[0], str(p), *command[1:]]
    assert run(args) == 1
    err = capsys.readouterr().err
    assert NOT_A_STORE in err and "toestemming" not in err
    assert p.read_bytes() == FILES[name]


def test_is_duckdb_file(tmp_path):
    from netwerk.store.casestore import is_duckdb_file

    db = tmp_path / "c.duckdb"
    with connect(db):
        pass
    csv = tmp_path / "c.csv"
    csv.write_bytes(FILES["p.csv"])
    assert is_duckdb_file(db) and not is_duckdb_file(csv) and not is_duckdb_file(tmp_path)
    renamed = tmp_path / "c.csv.bak"
    renamed.write_bytes(db.read_bytes())  # a case store under any name is still one
    with connect(renamed, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM case_info").fetchone()[0] >= 1
