"""Class: one ingest command is one transaction (issue 9, "nothing is lost in silence"; session
8). ``netwerk ingest c.duckdb a.csv b.csv``, a manifest and :func:`ingest_extracts` store all of
their extracts or none: when a later extract is refused (another key, the leak guard, another
crime type) or the run fails mid-way (an error while writing, the process killed), nothing of the
command is left in the store (its content, :func:`netwerk.store.content_sha256`, is as before) and
a refusal says so in words. One extract behaves as :func:`ingest_extract` always did.

Members: a key mismatch, a leak, a reader fault (a missing column), a failure while writing the second extract,
a process killed while the second extract is written, a manifest (library), the same file twice
and a cumulative re-delivery within one command, the one-file call.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))

from casekit import (  # noqa: E402
    MESSY_HEADER,
    MESSY_SPEC,
    OTHER_KEY,
    messy_rows,
    write_extract,
    write_spec,
)

from netwerk.errors import InputError, KeyMismatchError, LeakError  # noqa: E402
from netwerk.ingest import pipeline  # noqa: E402
from netwerk.ingest.pipeline import ingest_extract, ingest_extracts, ingest_manifest  # noqa: E402
from netwerk.store import connect, content_sha256, read_table  # noqa: E402

NOTHING = "niets opgeslagen van deze 2 extracten: de casusopslag is zoals die was"


@pytest.fixture()
def spec(tmp_path) -> Path:
    return write_spec(tmp_path, MESSY_SPEC, "messy")


def _extract(tmp: Path, name: str, rows: list[list[str]], **kw) -> Path:
    return write_extract(tmp / name, MESSY_HEADER, rows, spec="messy", partner="politie", **kw)


@pytest.fixture()
def case(tmp_path, spec) -> Path:
    """A store holding one earlier import (so "unchanged" is not "empty")."""
    path = tmp_path / "c.duckdb"
    ingest_extract(path, _extract(tmp_path, "earlier.csv", messy_rows()[:1]), spec)
    return path


def _content(case: Path) -> str:
    with connect(case, read_only=True) as con:
        return content_sha256(con)


def _imports(case: Path) -> int:
    with connect(case, read_only=True) as con:
        return len(read_table(con, "imports"))


def _good(tmp_path: Path) -> Path:
    return _extract(tmp_path, "a.csv", messy_rows())


def _refused(tmp_path: Path, how: str) -> tuple[Path, type]:
    if how == "key":
        return _extract(tmp_path, "b.csv", messy_rows()[:5], key=OTHER_KEY), KeyMismatchError
    # a raw BSN (11-proef valid) where a pseudonym belongs
    rows = [r[:] for r in messy_rows()[11:14]]
    rows[0][0] = "123456782"
    return _extract(tmp_path, "b.csv", rows), LeakError


@pytest.mark.parametrize("how", ["key", "leak"])
def test_a_refused_second_extract_leaves_the_store_unchanged(tmp_path, spec, case, how):
    before = _content(case)
    b, error = _refused(tmp_path, how)
    with pytest.raises(error) as err:
        ingest_extracts(case, [(_good(tmp_path), spec), (b, spec)])
    assert str(err.value).endswith(NOTHING)
    assert "b.csv" in str(err.value)
    assert _content(case) == before and _imports(case) == 1
    # after the fix the first one stores as if nothing happened
    assert ingest_extracts(case, [(_good(tmp_path), spec)])[0].status == "imported"


def test_a_reader_fault_in_the_second_rolls_back_the_first(tmp_path, spec, case):
    """The second file passes the checks before reading (its sidecar matches) but lacks a
    column the spec needs: refused while it is read, after the first was written."""
    before = _content(case)
    header = [c for c in MESSY_HEADER if c != "rol"]
    rows = [[v for c, v in zip(MESSY_HEADER, r, strict=True) if c != "rol"]
            for r in messy_rows()[11:14]]
    b = write_extract(tmp_path / "b.csv", header, rows, spec="messy", partner="politie")
    with pytest.raises(InputError, match=NOTHING):
        ingest_extracts(case, [(_good(tmp_path), spec), (b, spec)], crime_type="cannabis")
    assert _content(case) == before  # the crime type set for the first is gone too
    with connect(case, read_only=True) as con:
        assert "crime_type" not in set(read_table(con, "case_info")["key"])


def test_a_new_store_holds_nothing_after_a_refusal(tmp_path, spec):
    store = tmp_path / "new.duckdb"
    b, _error = _refused(tmp_path, "key")
    with pytest.raises(KeyMismatchError):
        ingest_extracts(store, [(_good(tmp_path), spec), (b, spec)])
    assert _imports(store) == 0
    with connect(store, read_only=True) as con:
        assert len(read_table(con, "relations")) == len(read_table(con, "nodes")) == 0


def test_a_failure_while_writing_the_second_rolls_back_both(tmp_path, spec, case, monkeypatch,
                                                            caplog):
    before = _content(case)
    original, calls = pipeline._write_records, []

    def boom(*args, **kwargs):
        out = original(*args, **kwargs)  # the second extract's writes happen, then the failure
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return out

    monkeypatch.setattr(pipeline, "_write_records", boom)
    b = _extract(tmp_path, "b.csv", messy_rows()[11:14])
    with caplog.at_level(logging.WARNING, logger="netwerk"), \
            pytest.raises(RuntimeError, match="disk full"):
        ingest_extracts(case, [(_good(tmp_path), spec), (b, spec)])
    assert NOTHING in caplog.text
    assert _content(case) == before


def test_a_manifest_is_one_transaction(tmp_path, spec, case):
    before = _content(case)
    _good(tmp_path)
    _refused(tmp_path, "key")
    man = tmp_path / "m.yaml"
    man.write_text("case: zaak\ncrime_type: cannabis\nextracts:\n"
                   "  - {file: a.csv, spec: messy.yaml}\n  - {file: b.csv, spec: messy.yaml}\n",
                   encoding="utf-8")
    seen = []
    with pytest.raises(KeyMismatchError, match=NOTHING):
        ingest_manifest(case, man, on_result=seen.append)
    assert [r.file for r in seen] == ["a.csv"]  # read into the transaction, then rolled back
    assert _content(case) == before


def test_within_one_command_an_extract_sees_the_ones_before(tmp_path, spec):
    store = tmp_path / "c.duckdb"
    rows = messy_rows()
    jan, feb = _extract(tmp_path, "jan.csv", rows[:3]), _extract(tmp_path, "feb.csv", rows)
    res = ingest_extracts(store, [(jan, spec), (feb, spec), (jan, spec)])
    assert [r.status for r in res] == ["imported", "imported", "already_imported"]
    assert (res[1].relations, res[1].relations_already_stored) == (2, 3)
    assert all(r.relations_reconciled and r.reconciled for r in res)
    assert _imports(store) == 2


def test_one_extract_behaves_as_before(tmp_path, spec, case):
    """The one-file call: its refusal has no "niets opgeslagen" (nothing else was asked)."""
    b, _error = _refused(tmp_path, "key")
    with pytest.raises(KeyMismatchError) as err:
        ingest_extract(case, b, spec)
    assert "niets opgeslagen" not in str(err.value)


def test_said_in_english(tmp_path, spec, case):
    from netwerk.i18n import using

    b, _error = _refused(tmp_path, "key")
    with using("en"), pytest.raises(KeyMismatchError) as err:
        ingest_extracts(case, [(_good(tmp_path), spec), (b, spec)])
    assert str(err.value).endswith("nothing stored of these 2 extracts: the case store is as "
                                   "it was")


_KILLED = """
import sys, time
from pathlib import Path
from netwerk.ingest import pipeline

original, calls = pipeline._write_records, []

def slow(*args, **kwargs):
    out = original(*args, **kwargs)
    calls.append(1)
    if len(calls) == 2:  # the second extract is written, not committed: wait to be killed
        Path(sys.argv[1] + ".written").write_text("x")
        time.sleep(120)
    return out

pipeline._write_records = slow
pipeline.ingest_extracts(sys.argv[1], [(sys.argv[2], sys.argv[4]), (sys.argv[3], sys.argv[4])])
"""


def test_a_process_killed_while_the_second_is_written(tmp_path, spec, case):
    before = _content(case)
    b = _extract(tmp_path, "b.csv", messy_rows()[11:14])
    src = str(Path(pipeline.__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen([sys.executable, "-c", textwrap.dedent(_KILLED), str(case),
                             str(_good(tmp_path)), str(b), str(spec)], env=env)
    marker = Path(f"{case}.written")
    try:
        deadline = time.monotonic() + 120
        while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert marker.exists(), "the second extract was never written"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert _content(case) == before and _imports(case) == 1
