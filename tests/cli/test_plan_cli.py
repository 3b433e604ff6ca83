"""``netwerk plan`` and ``netwerk log`` on a small hand-made case store."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd
import pytest

from netwerk.cli.main import run
from netwerk.store import connect, insert_frame, read_interventions, set_info

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "interventions"))
from intervention_fixtures import small_cannabis  # noqa: E402


def _store(path: Path, crime_type: str | None = "cannabis") -> Path:
    net = small_cannabis()
    n = net.nodes
    with connect(path) as con:
        if crime_type:
            set_info(con, "crime_type", crime_type)
        insert_frame(con, "nodes", pd.DataFrame({"node_id": n.index, "kind": n["kind"],
                                                 "label": n.index}))
        insert_frame(con, "node_sightings", pd.DataFrame({"node_id": n.index, "partner": "politie",
                                                          "import_id": 1}))
        rows = []
        for attr in ("rol", "sbi"):
            s = n[attr].dropna()
            rows.append(pd.DataFrame({"node_id": s.index, "attribute": attr, "value": s.values,
                                      "value_type": "str", "partner": "politie", "import_id": 1}))
        insert_frame(con, "node_attributes", pd.concat(rows, ignore_index=True))
        e = net.edges
        rel = pd.DataFrame({
            "relation_id": range(1, len(e) + 1), "source": e["source"], "target": e["target"],
            "kind": e["kind"], "directed": True, "partner": "politie", "import_id": 1,
            "extract": "test.csv", "row": range(1, len(e) + 1), "observed": None,
            "valid_from": None, "valid_to": None, "grading_scheme": None, "grading_source": None,
            "grading_information": None, "grading_score": 0.0, "legal_basis": None,
            "weight": 1.0, "attributes": None})
        insert_frame(con, "relations", rel)
    from netwerk.governance import init_case

    init_case(path, training=True)  # synthetic: a training case (lawful-use gate)
    return path


@pytest.fixture()
def case(tmp_path) -> Path:
    return _store(tmp_path / "hennep-test.duckdb")


def test_plan_writes_everything(case, tmp_path):
    out = tmp_path / "plan"
    code = run(["plan", str(case), "--capacity", "gemeente=10,politie=20,netbeheerder=5,KvK=5,bank=5",
                "--max-actions", "6", "--out", str(out), "--seed", "0", "--top", "12"])
    assert code == 0
    for f in ("barrier_matrix.csv", "barrier_matrix.md", "barrier_matrix.html", "candidates.csv",
              "package.csv", "action_plan.csv", "action_plan.xlsx", "action_plan.md",
              "provenance.json"):
        assert (out / f).exists(), f
    from netwerk.governance import read_marked_csv  # first row: the classification marking

    pkg = read_marked_csv(out / "package.csv")
    assert 0 < len(pkg) <= 6
    assert set(pkg["partner"]) <= {"gemeente", "politie", "netbeheerder", "KvK", "bank"}
    prov = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    assert prov["schema"] == "netwerk.provenance/1" and prov["command"] == "plan"
    assert prov["case"]["barrier_model"] == "cannabis"          # from the case's crime type
    assert prov["config"]["max_actions"] == 6 and prov["seed"] == 0
    store = [i for i in prov["inputs"] if i["kind"] == "case store"]
    assert len(store) == 1 and len(store[0]["sha256"]) == 64
    assert {o["name"] for o in prov["outputs"]} >= {"package.csv", "action_plan.md"}
    mat = read_marked_csv(out / "barrier_matrix.csv")
    assert mat["stage"].tolist()[0] == "financing"
    # the same run twice gives the same package
    out2 = tmp_path / "plan2"
    assert run(["plan", str(case), "--capacity", "gemeente=10,politie=20,netbeheerder=5,KvK=5,bank=5",
                "--max-actions", "6", "--out", str(out2), "--top", "12"]) == 0
    assert (out2 / "package.csv").read_text() == (out / "package.csv").read_text()


def test_plan_needs_a_model(tmp_path):
    case = _store(tmp_path / "x.duckdb", crime_type=None)
    assert run(["plan", str(case), "--out", str(tmp_path / "o")]) == 1
    assert run(["plan", str(case), "--model", "no_such_model", "--out", str(tmp_path / "o")]) == 1
    assert run(["plan", str(tmp_path / "missing.duckdb"), "--out", str(tmp_path / "o")]) == 1


def test_log(case):
    assert run(["log", str(case), "--action", "sluiting_13b", "--target", "P1", "--partner",
                "gemeente", "--date", "2026-11-01", "--status", "executed",
                "--result", "pand gesloten"]) == 0
    log = read_interventions(case)
    assert log[["action_id", "target", "status", "result"]].values.tolist() == [
        ["sluiting_13b", "P1", "executed", "pand gesloten"]]
    assert run(["log", str(case), "--action", "nope", "--target", "P1", "--partner", "gemeente",
                "--date", "2026-11-01"]) == 1
    assert run(["log", str(case), "--action", "sluiting_13b", "--target", "P1", "--partner",
                "gemeente", "--date", "2026-11-01", "--status", "gedaan"]) == 1
    assert len(read_interventions(case)) == 1
