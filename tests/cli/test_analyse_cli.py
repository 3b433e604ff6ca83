"""`netwerk analyse` end to end on a shared research network and on a staged edge list."""

from __future__ import annotations

import hashlib
import json

import pandas as pd

from netwerk.cli.main import run


def test_analyse_siren_csv(shared_data, tmp_path):
    src = shared_data / "siren" / "siren_edges.csv"
    out = tmp_path / "report"
    code = run(["analyse", str(src), "--out", str(out), "--steps", "5", "--seed", "3"])
    assert code == 0
    nodes = pd.read_csv(out / "nodes.csv", dtype={"id": str})
    assert len(nodes) == 44 and nodes["rank"].tolist() == list(range(1, 45))
    assert nodes["id"].iloc[0] == "1"
    ref = pd.read_csv(shared_data / "siren" / "computed_centralities_networkx.csv", dtype={"node": str})
    got = nodes.set_index("id")["betweenness"].reindex(ref["node"]).to_numpy()
    assert abs(got - ref["betweenness"].to_numpy()).max() < 1e-5
    edges = pd.read_csv(out / "edges.csv")
    assert len(edges) == 103 and {"edge_betweenness", "bridge"} <= set(edges.columns)
    curve = pd.read_csv(out / "disruption.csv")
    assert len(curve) == 6 and curve["lcc_share"].iloc[0] == 1.0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["top_vital"][0]["id"] == "1" and len(summary["top_vital"]) == 10
    prov = json.loads((out / "provenance.json").read_text())
    assert prov["inputs"][0]["sha256"] == hashlib.sha256(src.read_bytes()).hexdigest()
    assert prov["seed"] == 3 and "igraph" in prov["versions"]
    # same input, same seed: same files
    out2 = tmp_path / "again"
    assert run(["analyse", str(src), "--out", str(out2), "--steps", "5", "--seed", "3"]) == 0
    for f in ("nodes.csv", "edges.csv", "disruption.csv"):
        assert (out / f).read_bytes() == (out2 / f).read_bytes()


def test_analyse_with_nodes_and_stages(tmp_path):
    e = pd.DataFrame({"van": ["f", "f", "l", "e", "e", "c"], "naar": ["g", "l", "e", "c", "d", "s"],
                      "w": ["1", "2", "1", "1", "3", "1"]})
    n = pd.DataFrame({"node": list("fglecds"), "kind": ["person"] * 7,
                      "stage": ["fin", "fin", "loc", "elec", "cult", "cult", "sale"]})
    e.to_csv(tmp_path / "e.csv", index=False)
    n.to_csv(tmp_path / "n.csv", index=False)
    out = tmp_path / "out"
    code = run(["analyse", str(tmp_path / "e.csv"), "--out", str(out), "--source", "van",
                "--target", "naar", "--weight", "w", "--nodes", str(tmp_path / "n.csv"),
                "--node-id", "node", "--stages", "fin,loc,elec,cult,sale", "--steps", "2",
                "--strategy", "scarcity"])
    assert code == 0
    nodes = pd.read_csv(out / "nodes.csv", dtype={"id": str}).set_index("id")
    assert bool(nodes.loc["e", "sole_provider"])
    curve = pd.read_csv(out / "disruption.csv")
    assert curve["chain_connected"].tolist() == [True, False, False]
    assert json.loads((out / "summary.json").read_text())["stages"][0] == "fin"


def test_analyse_errors(tmp_path):
    assert run(["analyse", str(tmp_path / "missing.csv"), "--out", str(tmp_path / "o")]) == 1
    (tmp_path / "e.csv").write_text("a,b\n1,2\n")
    assert run(["analyse", str(tmp_path / "e.csv"), "--out", str(tmp_path / "o")]) == 1


def test_analyse_stages_from_barrier_model(tmp_path):
    e = pd.DataFrame({"source": ["p1", "p2", "p2", "p3"], "target": ["p2", "p3", "c1", "c1"]})
    n = pd.DataFrame({"id": ["p1", "p2", "p3", "c1"], "kind": ["person"] * 3 + ["company"],
                      "rol": ["financier", "elektricien", "hennepkweker", None],
                      "sbi": [None, None, None, "6820"]})
    e.to_csv(tmp_path / "e.csv", index=False)
    n.to_csv(tmp_path / "n.csv", index=False)
    out = tmp_path / "out"
    assert run(["analyse", str(tmp_path / "e.csv"), "--nodes", str(tmp_path / "n.csv"),
                "--model", "cannabis", "--out", str(out), "--steps", "1"]) == 0
    nodes = pd.read_csv(out / "nodes.csv", dtype={"id": str}).set_index("id")
    assert nodes.loc["p2", "stage"] == "electricity" and nodes.loc["c1", "stage"] == "location"
    summary = json.loads((out / "summary.json").read_text())
    assert summary["barrier_model"] == "cannabis" and summary["stages"][0] == "financing"
    assert run(["analyse", str(tmp_path / "e.csv"), "--model", "no-such-model",
                "--out", str(out)]) == 1
