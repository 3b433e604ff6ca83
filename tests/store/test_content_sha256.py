"""A case store is named in provenance by its content, not its file bytes (``sha256_of:
content``): every read appends to the access log and DuckDB rewrites pages, so the file's SHA-256
changed on every run and two runs of one command on one case gave different provenance records.
The class: every output folder's ``provenance.json`` (analyse, plan, map, report) is the same on a
rerun but for ``created``; a change of the case's data changes the value."""

from __future__ import annotations

import json
import shutil

import pytest

from netwerk.cli.main import run
from netwerk.datasets import sample_case
from netwerk.provenance import file_sha256
from netwerk.store import connect, content_sha256, record_intervention


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return sample_case("hennep-oost", tmp_path_factory.mktemp("content"))


def _provenance(folder):
    """The folder's record; a map's is ``<map>.provenance.json`` beside it."""
    (path,) = [p for p in folder.iterdir() if p.name.endswith("provenance.json")]
    rec = json.loads(path.read_text(encoding="utf-8"))
    rec.pop("created")
    return rec


def _store_input(rec):
    (store,) = [i for i in rec["inputs"] if str(i.get("name")).endswith(".duckdb")]
    return store


@pytest.mark.parametrize("command", [
    ["analyse", "{case}", "--out", "{out}"],
    ["plan", "{case}", "--out", "{out}", "--top", "8"],
    ["map", "{case}", "--out", "{out}"],
    ["report", "{case}", "--out", "{out}", "--seed", "0", "--generated", "test"],
])
def test_a_rerun_gives_the_same_provenance(sample, tmp_path, command):
    case = tmp_path / "c.duckdb"
    shutil.copyfile(sample, case)
    recs, file_hashes = [], []
    for k in (1, 2):
        out = tmp_path / f"out{k}"
        args = [a.format(case=case, out=out) for a in command]
        assert run(args) == 0
        recs.append(_provenance(out))
        file_hashes.append(file_sha256(case))
    assert file_hashes[0] != file_hashes[1]  # the read was logged: the file changed
    assert recs[0] == recs[1]
    store = _store_input(recs[0])
    assert store["sha256_of"] == "content" and len(store["sha256"]) == 64
    with connect(case, read_only=True) as con:
        assert store["sha256"] == content_sha256(con)
    assert recs[0]["command"] == command[0]
    names = {o["name"] for o in recs[0]["outputs"]}
    assert names and all(o["sha256"] and o["bytes"] for o in recs[0]["outputs"])
    if command[0] == "map":  # the map's own record, beside the HTML file
        assert names == {"c.html"} and (tmp_path / "out1" / "c.provenance.json").is_file()
        assert recs[0]["rows"]["nodes_shown"] <= recs[0]["rows"]["nodes"]
        assert recs[0]["lawful_use"]["edition"] == "casusoverleg"


def test_the_content_hash_follows_the_data_not_the_reads(sample, tmp_path):
    case = tmp_path / "c.duckdb"
    shutil.copyfile(sample, case)
    with connect(case, read_only=True) as con:
        first = content_sha256(con)
    assert run(["analyse", str(case), "--out", str(tmp_path / "a")]) == 0  # a logged read
    with connect(case, read_only=True) as con:
        assert content_sha256(con) == first
        (n_log,) = con.execute("SELECT count(*) FROM access_log").fetchone()
    assert n_log >= 1
    record_intervention(case, action_id="A1", target=None, partner="gemeente",
                        date="2026-01-15", status="planned")
    with connect(case, read_only=True) as con:
        second = content_sha256(con)
    assert second != first
    assert run(["analyse", str(case), "--out", str(tmp_path / "b")]) == 0
    assert _store_input(_provenance(tmp_path / "b"))["sha256"] == second
    # one changed value in one relation changes it too
    with connect(case) as con:
        con.execute("UPDATE relations SET weight = weight + 1 WHERE relation_id = "
                    "(SELECT min(relation_id) FROM relations)")
        assert content_sha256(con) != second
