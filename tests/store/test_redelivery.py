"""Class: a re-delivery that repeats earlier records (review7 Q6, issue 9 "counts that
reconcile"). A relation record equal to one already stored from the same partner (same source,
target, kind, dates, grading, weight and attributes) is not stored again; it is counted
(``relations_already_stored`` in the import and the provenance, "al opgeslagen" in the log).
Members: a cumulative export (old rows plus new), the same records from another partner, a
changed record, a record repeated within the new delivery, the identical file (caught by its
SHA-256), a store of an earlier netwerk (the new columns are added), and the network's strength.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent))

from casekit import MESSY_HEADER, MESSY_SPEC, messy_rows, write_extract, write_spec  # noqa: E402

from netwerk.ingest.pipeline import ingest_extract  # noqa: E402
from netwerk.store import connect, load_network  # noqa: E402

USED = [0, 2, 11, 13]  # the rows of messy_rows() that are used (1, 3, 12, 14)


def _extract(tmp: Path, name: str, rows: list[list[str]], partner: str = "politie") -> Path:
    return write_extract(tmp / name, MESSY_HEADER, rows, spec="messy", partner=partner)


def _relations(case: Path) -> list[tuple]:
    with duckdb.connect(str(case), read_only=True) as con:
        return con.execute('SELECT relation_id, import_id, kind, "row" FROM relations '
                           "ORDER BY relation_id").fetchall()


def test_a_cumulative_delivery_stores_only_the_new_records(tmp_path, caplog):
    spec = write_spec(tmp_path, MESSY_SPEC, "messy")
    rows = messy_rows()
    case = tmp_path / "c.duckdb"
    first = ingest_extract(case, _extract(tmp_path, "jan.csv", rows[:3]), spec)
    assert first.relations == 3 and first.relations_already_stored == 0  # rows 1 and 3
    with caplog.at_level(logging.WARNING, logger="netwerk"):
        second = ingest_extract(case, _extract(tmp_path, "feb.csv", rows), spec)
    # the whole file: 5 relations from its used rows, 3 of them held since January
    assert (second.rows_read, second.rows_used, second.duplicates, second.n_rejects) == (14, 4, 2, 8)
    assert second.reconciled
    assert (second.relations, second.relations_already_stored) == (2, 3)
    assert "3 relaties al opgeslagen uit een eerdere levering van politie" in caplog.text
    stored = _relations(case)
    assert [r[0] for r in stored] == [1, 2, 3, 4, 5]  # ids stay contiguous
    assert [(r[1], r[3]) for r in stored][-2:] == [(2, 12), (2, 14)]  # the new records
    with connect(case, read_only=True) as con:
        got = con.execute("SELECT import_id, relations_already_stored FROM imports "
                          "ORDER BY import_id").fetchall()
    assert got == [(1, 0), (2, 3)]


def test_the_network_is_the_same_as_from_one_delivery(tmp_path):
    """Strength and the edge list do not change when a partner sends its records again."""
    spec = write_spec(tmp_path, MESSY_SPEC, "messy")
    rows = messy_rows()
    once, twice = tmp_path / "once.duckdb", tmp_path / "twice.duckdb"
    ingest_extract(once, _extract(tmp_path, "all.csv", rows), spec)
    ingest_extract(twice, _extract(tmp_path, "part.csv", rows[:5]), spec)
    ingest_extract(twice, _extract(tmp_path, "all2.csv", rows), spec)
    a, b = load_network(once), load_network(twice)
    cols = ["source", "target", "kind", "weight"]
    assert (a.edges[cols].sort_values(cols).values.tolist()
            == b.edges[cols].sort_values(cols).values.tolist())


def test_the_same_records_from_another_partner_are_stored(tmp_path):
    """Two partners that hold the same tie are two sightings of it: both are stored."""
    spec = write_spec(tmp_path, MESSY_SPEC, "messy")
    (tmp_path / "k").mkdir()
    kmar = write_spec(tmp_path / "k", MESSY_SPEC.replace("partner: politie", "partner: kmar"),
                      "messy")
    rows = [messy_rows()[i] for i in USED]
    case = tmp_path / "c.duckdb"
    first = ingest_extract(case, _extract(tmp_path, "p.csv", rows), spec)
    # (not the identical file: that is recognised by its SHA-256, whoever sends it)
    res = ingest_extract(case, _extract(tmp_path / "k", "p.csv", rows[::-1], partner="kmar"),
                         kmar)
    assert first.relations == res.relations == 5
    assert res.relations_already_stored == 0
    assert len(_relations(case)) == 10


def test_a_changed_record_is_stored_and_a_repeat_is_one_observation(tmp_path):
    """A record with another date is new information; a record the new delivery holds on two
    rows is one observation (``relations_repeated``, tests/ingest/test_repeated_relations.py),
    and that one was stored before."""
    spec = write_spec(tmp_path, MESSY_SPEC, "messy")
    r1 = messy_rows()[0]
    changed = r1[:3] + ["02-02-2020"] + r1[4:]
    again = r1[:4] + ["2,5"] + r1[5:9] + ["nee"]  # the same relation, another node attribute
    case = tmp_path / "c.duckdb"
    ingest_extract(case, _extract(tmp_path, "a.csv", [r1]), spec)
    res = ingest_extract(case, _extract(tmp_path, "b.csv", [r1, changed, again]), spec)
    # r1 and again give the same 2 relations: 2 repeats, and 2 held since a.csv; changed: 2 new
    assert (res.rows_used, res.relations, res.relations_repeated,
            res.relations_already_stored) == (3, 2, 2, 2)
    assert res.relations_mapped == 6 and res.relations_reconciled
    assert len(_relations(case)) == 4


def test_the_identical_file_again_changes_nothing(tmp_path):
    spec = write_spec(tmp_path, MESSY_SPEC, "messy")
    case = tmp_path / "c.duckdb"
    ex = _extract(tmp_path, "a.csv", messy_rows())
    ingest_extract(case, ex, spec)
    before = _relations(case)
    res = ingest_extract(case, ex, spec)
    assert res.status == "already_imported" and res.relations == 5
    assert _relations(case) == before


def test_a_store_of_an_earlier_netwerk_gets_the_new_columns(tmp_path):
    spec = write_spec(tmp_path, MESSY_SPEC, "messy")
    case = tmp_path / "c.duckdb"
    rows = messy_rows()
    ingest_extract(case, _extract(tmp_path, "a.csv", rows[:3]), spec)
    with duckdb.connect(str(case)) as con:  # as written before the columns existed
        for col in ("relations_already_stored", "identity_conflicts"):
            con.execute(f"ALTER TABLE imports DROP COLUMN {col}")
    res = ingest_extract(case, _extract(tmp_path, "b.csv", rows), spec)
    assert res.relations_already_stored == 3
    with connect(case, read_only=True) as con:
        assert con.execute("SELECT relations_already_stored FROM imports ORDER BY import_id"
                           ).fetchall() == [(0,), (3,)]
