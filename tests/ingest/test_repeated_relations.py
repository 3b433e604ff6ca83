"""Class: one observation written on several rows of one extract (issue 9, "counts that
reconcile"; session 8). A partner's export repeats a record on every row of a group: the KvK
extract a company's ``established_at`` on each officer row, the politie extract an incident's
``co_suspect`` on each vehicle or phone row. A relation record equal to an earlier row's record of
the same extract in every stored field but the row (ends, kind, directed, dates, grading, legal
basis, weight, attributes, partner) is one observation: stored once, from its first row, and the
repeats counted (``imports.relations_repeated``, the import result, the log, the CLI line).

Members: a fixed-kind relation repeated on rows that differ elsewhere, a relation that differs
in one field (date, weight) is not a repeat, repeats across chunks, a repeat that was also
delivered before (re-delivery), a store of an earlier netwerk, the network's strength, the
messages in both languages.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import duckdb
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))

from casekit import MESSY_HEADER, MESSY_SPEC, P, write_extract, write_spec  # noqa: E402

from netwerk.cli.main import run  # noqa: E402
from netwerk.i18n import using  # noqa: E402
from netwerk.ingest.pipeline import ingest_extract  # noqa: E402
from netwerk.store import connect, load_network  # noqa: E402

A, B, C, D = (P("bsn", v) for v in ("111111110", "222222220", "333333330", "444444440"))
K1 = P("kvk", "12345678")


def _row(a: str, b: str, date: str = "01-02-2020", weight: str = "2,5", ent: str = K1,
         label: str = "Bakkerij X") -> list[str]:
    """A messy row: co_suspect a-b (observed ``date``, ``weight``) and director_of a->ent
    (valid from ``date``)."""
    return [a, b, "Medeverdachte", date, weight, ent, "company", label, "", ""]


#: one director of K1 with three co-suspects on three rows (as a company's officers, or one
#: incident's vehicles): director_of A->K1 is one observation written three times
THREE_ROWS = [_row(A, B), _row(A, C), _row(A, D)]


@pytest.fixture()
def spec(tmp_path) -> Path:
    return write_spec(tmp_path, MESSY_SPEC, "messy")


def _extract(tmp: Path, name: str, rows: list[list[str]]) -> Path:
    return write_extract(tmp / name, MESSY_HEADER, rows, spec="messy", partner="politie")


def _relations(case: Path) -> list[tuple]:
    with duckdb.connect(str(case), read_only=True) as con:
        return con.execute('SELECT relation_id, kind, source, target, "row" FROM relations '
                           "ORDER BY relation_id").fetchall()


def test_one_observation_on_three_rows_is_stored_once(tmp_path, spec, caplog):
    case = tmp_path / "c.duckdb"
    with caplog.at_level(logging.INFO, logger="netwerk"):
        res = ingest_extract(case, _extract(tmp_path, "p.csv", THREE_ROWS), spec)
    # every row is used (its co-suspect tie, its node), and the counts reconcile
    assert (res.rows_read, res.rows_used, res.duplicates, res.n_rejects) == (3, 3, 0, 0)
    assert res.reconciled
    # 3 co_suspect + 3 director_of made; director_of twice more than once
    assert (res.relations_mapped, res.relations, res.relations_repeated) == (6, 4, 2)
    assert res.relations_already_stored == 0 and res.relations_reconciled
    assert res.summary()["repeated"] == 2 and res.summary()["mapped"] == 6
    assert "p.csv: 2 relaties herhaald op latere rijen (dezelfde waarneming" in caplog.text
    stored = _relations(case)
    assert [r[0] for r in stored] == [1, 2, 3, 4]  # ids contiguous, in the old order
    # the kept record is the first row's (the row source records name to the partner)
    assert [(r[1], r[4]) for r in stored] == [("co_suspect", 1), ("co_suspect", 2),
                                              ("co_suspect", 3), ("director_of", 1)]
    with connect(case, read_only=True) as con:
        assert con.execute("SELECT relations_repeated, relations_already_stored, rows_used "
                           "FROM imports").fetchall() == [(2, 0, 3)]


def test_the_network_counts_the_observation_once(tmp_path, spec):
    """Strength (``distance="inverse"``) adds parallel records: a repeat would triple it."""
    case = tmp_path / "c.duckdb"
    ingest_extract(case, _extract(tmp_path, "p.csv", THREE_ROWS), spec)
    net = load_network(case)
    director = net.edges[net.edges["kind"] == "director_of"]
    assert len(director) == 1 and director["weight"].sum() == pytest.approx(1.0)
    assert len(net.edges) == 4


@pytest.mark.parametrize("change", ["date", "weight", "label"])
def test_a_record_that_differs_in_one_field_is_another_observation(tmp_path, spec, change):
    """Another date or weight is other information: stored. A node attribute (the company's
    label) is no field of the relation: the relation is still a repeat."""
    other = {"date": _row(A, B, date="02-02-2020"), "weight": _row(A, B, weight="3"),
             "label": _row(A, B, label="Bakkerij Y")}[change]
    case = tmp_path / "c.duckdb"
    res = ingest_extract(case, _extract(tmp_path, "p.csv", [_row(A, B), other]), spec)
    # the co-suspect tie A-B: a repeat unless the date or the weight differs; director_of
    # A->K1: valid from the row's date, so a repeat unless the date differs
    want = {"date": 0, "weight": 1, "label": 2}[change]
    assert res.relations_repeated == want and res.relations == 4 - want
    assert res.relations_reconciled


def test_repeats_across_chunks_as_in_one_chunk(tmp_path, spec):
    rows = [_row(A, x, ent=k) for k in (K1, P("kvk", "87654321")) for x in (B, C, D)] * 40
    rows = [r[:4] + [str(i + 1)] + r[5:] for i, r in enumerate(rows)]  # no duplicate rows
    ex = _extract(tmp_path, "p.csv", rows)
    whole = ingest_extract(tmp_path / "w.duckdb", ex, spec, chunk_bytes=None)
    chunked = ingest_extract(tmp_path / "k.duckdb", ex, spec, chunk_bytes=2_000)
    assert whole.relations_repeated == chunked.relations_repeated == 240 - 2
    assert whole.relations == chunked.relations == 240 + 2
    assert _relations(tmp_path / "w.duckdb") == _relations(tmp_path / "k.duckdb")


def test_a_repeat_that_was_delivered_before(tmp_path, spec):
    """A cumulative re-delivery that repeats a record on two rows: the record is one
    observation (repeated 1) and already stored (1); nothing of it is stored again."""
    case = tmp_path / "c.duckdb"
    first = ingest_extract(case, _extract(tmp_path, "jan.csv", THREE_ROWS[:1]), spec)
    assert (first.relations, first.relations_repeated) == (2, 0)
    res = ingest_extract(case, _extract(tmp_path, "feb.csv", THREE_ROWS[:2]), spec)
    assert (res.relations_mapped, res.relations, res.relations_repeated,
            res.relations_already_stored) == (4, 1, 1, 2)
    assert res.relations_reconciled
    assert len(_relations(case)) == 3


def test_already_imported_reports_the_stored_counts(tmp_path, spec):
    case = tmp_path / "c.duckdb"
    ex = _extract(tmp_path, "p.csv", THREE_ROWS)
    ingest_extract(case, ex, spec)
    again = ingest_extract(case, ex, spec)
    assert again.status == "already_imported"
    assert (again.relations, again.relations_repeated, again.relations_mapped) == (4, 2, 6)


def test_a_store_of_an_earlier_netwerk_gets_the_column(tmp_path, spec):
    case = tmp_path / "c.duckdb"
    ingest_extract(case, _extract(tmp_path, "a.csv", THREE_ROWS[:1]), spec)
    with duckdb.connect(str(case)) as con:  # as written before the column existed
        con.execute("ALTER TABLE imports DROP COLUMN relations_repeated")
    res = ingest_extract(case, _extract(tmp_path, "b.csv", [_row(B, C), _row(B, D)]), spec)
    assert res.relations_repeated == 1
    with connect(case, read_only=True) as con:
        assert con.execute("SELECT relations_repeated FROM imports ORDER BY import_id"
                           ).fetchall() == [(0,), (1,)]


def test_provenance_carries_the_count(tmp_path, spec):
    case = tmp_path / "c.duckdb"
    ingest_extract(case, _extract(tmp_path, "p.csv", THREE_ROWS), spec)
    (imp,) = load_network(case).meta["imports"]
    assert imp["relations_repeated"] == 2


class TestSaid:
    def test_in_english(self, tmp_path, spec, caplog):
        with using("en"), caplog.at_level(logging.INFO, logger="netwerk"):
            ingest_extract(tmp_path / "c.duckdb", _extract(tmp_path, "p.csv", THREE_ROWS), spec)
        assert ("p.csv: 2 relations repeated on later rows (the same observation: same source, "
                "target, kind, dates, grading and attributes); stored once, the repeats counted"
                ) in caplog.text

    def test_the_cli_line_reconciles(self, tmp_path, spec, capsys):
        ex = _extract(tmp_path, "p.csv", THREE_ROWS)
        case = tmp_path / "c.duckdb"
        assert run(["ingest", str(ex), "--spec", str(spec), "--case", str(case)]) == 0
        assert ("p.csv: relaties 6 = opgeslagen 4 + herhaald binnen het extract 2 + al "
                "opgeslagen 0: sluit ja\n") in capsys.readouterr().out

    def test_the_cli_line_in_english(self, tmp_path, spec, capsys):
        ex = _extract(tmp_path, "p.csv", THREE_ROWS)
        assert run(["--lang", "en", "ingest", str(ex), "--spec", str(spec), "--case",
                    str(tmp_path / "c.duckdb")]) == 0
        assert ("p.csv: relations 6 = stored 4 + repeated within the extract 2 + already "
                "stored 0: reconciles yes\n") in capsys.readouterr().out

    def test_no_line_without_repeats(self, tmp_path, spec, capsys):
        ex = _extract(tmp_path, "p.csv", THREE_ROWS[:1])
        assert run(["ingest", str(ex), "--spec", str(spec), "--case",
                    str(tmp_path / "c.duckdb")]) == 0
        assert "herhaald binnen het extract" not in capsys.readouterr().out
