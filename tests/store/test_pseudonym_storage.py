"""How the case store keeps pseudonym columns (``netwerk.store.schema.PSEUDONYM_STORAGE``).

Pseudonyms are random hex: DuckDB's default string compression costs a fifth of an import's CPU
for them (benchmarks/README.md, "Session 6"), so they are stored plain; the other columns keep
DuckDB's choice. The values read back are the same either way.
"""

from __future__ import annotations

import hashlib

import duckdb
import pytest

from netwerk.store import connect
from netwerk.store.schema import TABLES

#: every column that holds a pseudonym (node ids, relation ends, identity-link ends)
PSEUDONYM_COLUMNS = {
    ("nodes", "node_id"), ("nodes", "label"), ("node_sightings", "node_id"),
    ("node_attributes", "node_id"), ("relations", "source"), ("relations", "target"),
    ("identity_links", "node_a"), ("identity_links", "node_b"),
}


def _pseudonyms(n: int) -> list[str]:
    return ["PID-" + hashlib.sha256(str(i).encode()).hexdigest()[:24] for i in range(n)]


def _compression(con, table: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for col, comp in con.execute(
            "SELECT column_name, compression FROM pragma_storage_info(?) "
            "WHERE segment_type = 'VARCHAR'", [table]).fetchall():
        out.setdefault(col, set()).add(comp)
    return out


def test_the_marked_columns_are_the_pseudonym_columns():
    marked = {(t, line.split()[0]) for t, cols in TABLES.items() for line in cols.splitlines()
              if "{PSEUDONYM}" in line}
    assert marked == PSEUDONYM_COLUMNS


def test_pseudonyms_are_stored_plain_and_read_back_unchanged(tmp_path):
    ids = _pseudonyms(200_000)  # more than one row group, so DuckDB compresses what it may
    path = tmp_path / "case.duckdb"
    with connect(path) as con:
        con.execute("INSERT INTO nodes SELECT unnest(?), 'person', unnest(?)", [ids, ids])
        con.execute("CHECKPOINT")
        comp = _compression(con, "nodes")
        back = [r[0] for r in con.execute("SELECT node_id FROM nodes ORDER BY rowid").fetchall()]
    assert comp["node_id"] == {"Uncompressed"} and comp["label"] == {"Uncompressed"}
    assert "Uncompressed" not in comp["kind"]  # the other columns keep DuckDB's choice
    assert back == ids


def test_without_the_marker_duckdb_would_compress_them(tmp_path):
    """The reason for the marker: the same values in a default column are compressed."""
    ids = _pseudonyms(200_000)
    con = duckdb.connect(str(tmp_path / "plain.duckdb"))
    try:
        con.execute("CREATE TABLE nodes (node_id VARCHAR NOT NULL)")
        con.execute("INSERT INTO nodes SELECT unnest(?)", [ids])
        con.execute("CHECKPOINT")
        assert _compression(con, "nodes")["node_id"] != {"Uncompressed"}
    finally:
        con.close()


@pytest.mark.parametrize("table", sorted({t for t, _ in PSEUDONYM_COLUMNS}))
def test_every_pseudonym_table_is_created(tmp_path, table):
    with connect(tmp_path / "c.duckdb") as con:
        cols = {r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?",
            [table]).fetchall()}
    assert {c for t, c in PSEUDONYM_COLUMNS if t == table} <= cols
