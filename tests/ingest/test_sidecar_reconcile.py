"""Ingest reconciles the extract with its sidecar (issue 9: nothing is lost in silence, counts
that reconcile). The sidecar that ``pseudonymise`` writes carries the extract's SHA-256: a copy cut
short in transfer, or a file edited after pseudonymising (rows deleted in Excel, a cell changed),
is refused before anything is stored. A sidecar of an older netwerk without the hash: the rows read
must equal its ``rows_written``. The class: a cut inside the last field (the field count still
right), a cut at a row boundary, one changed cell, a deleted row, an appended row."""

from __future__ import annotations

import json
import shutil

import pytest

from netwerk.errors import InputError, Reason
from netwerk.ingest.pipeline import ingest_extract
from netwerk.ingest.pseudonymise import pseudonymise_file, sidecar_path
from netwerk.ingest.spec import load_spec
from netwerk.store import connect


@pytest.fixture(scope="module")
def shared(tmp_path_factory, sample_data, demo_key):
    out = tmp_path_factory.mktemp("shared") / "politie.csv"
    pseudonymise_file(sample_data / "hennep-oost" / "raw" / "politie.csv", load_spec("politie"),
                      demo_key, out)
    return out


def _copy(shared, tmp_path, change=None, *, legacy=False):
    ex = tmp_path / "politie.csv"
    shutil.copyfile(shared, ex)
    side = json.loads(sidecar_path(shared).read_text(encoding="utf-8"))
    if legacy:
        side.pop("sha256")
    sidecar_path(ex).write_text(json.dumps(side), encoding="utf-8")
    if change is not None:
        ex.write_bytes(change(ex.read_bytes()))
    return ex


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


CHANGES = {
    "cut inside the last field": lambda b: b[: b.rindex(b";", 0, len(b) // 2) + 1],
    "cut at a row boundary": lambda b: b"".join(_lines(b)[:40]),
    "one cell changed": lambda b: b.replace(b";koerier;", b";kweker;", 1),
    "a row deleted": lambda b: b"".join(_lines(b)[:10] + _lines(b)[11:]),
    "a row appended": lambda b: b + _lines(b)[5],
}


def test_the_sidecar_names_the_extract_by_its_hash(shared):
    from netwerk.provenance import file_sha256

    side = json.loads(sidecar_path(shared).read_text(encoding="utf-8"))
    assert side["sha256"] == file_sha256(shared)


@pytest.mark.parametrize("what", sorted(CHANGES))
def test_a_changed_extract_is_refused_before_anything_is_stored(shared, tmp_path, what):
    ex = _copy(shared, tmp_path, CHANGES[what])
    case = tmp_path / "case.duckdb"
    with pytest.raises(InputError) as info:
        ingest_extract(case, ex, "politie")
    assert info.value.reason == Reason.EXTRACT_CHANGED
    assert "SHA-256" in str(info.value) and "politie.csv.netwerk.json" in str(info.value)
    if case.exists():
        with connect(case, read_only=True) as con:
            assert con.execute("SELECT count(*) FROM imports").fetchone()[0] == 0
            assert con.execute("SELECT count(*) FROM relations").fetchone()[0] == 0


@pytest.mark.parametrize("what", ["cut at a row boundary", "a row deleted", "a row appended"])
def test_an_older_sidecar_without_the_hash_reconciles_the_rows(shared, tmp_path, what):
    ex = _copy(shared, tmp_path, CHANGES[what], legacy=True)
    case = tmp_path / "case.duckdb"
    with pytest.raises(InputError) as info:
        ingest_extract(case, ex, "politie")
    assert info.value.reason == Reason.EXTRACT_CHANGED
    side = json.loads(sidecar_path(ex).read_text(encoding="utf-8"))
    assert f"zegt {side['rows_written']}" in str(info.value)
    with connect(case, read_only=True) as con:  # rolled back
        assert con.execute("SELECT count(*) FROM imports").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM relations").fetchone()[0] == 0


@pytest.mark.parametrize("legacy", [False, True])
def test_the_untouched_extract_is_imported(shared, tmp_path, legacy):
    ex = _copy(shared, tmp_path, legacy=legacy)
    res = ingest_extract(tmp_path / "case.duckdb", ex, "politie")
    assert res.status == "imported" and res.reconciled and res.relations > 0


def test_the_refusal_speaks_english_too(shared, tmp_path):
    from netwerk.i18n import using

    ex = _copy(shared, tmp_path, CHANGES["one cell changed"])
    with using("en"), pytest.raises(InputError, match="not the file pseudonymise wrote"):
        ingest_extract(tmp_path / "case.duckdb", ex, "politie")
