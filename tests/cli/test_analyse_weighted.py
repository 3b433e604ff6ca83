"""Class: ``netwerk analyse --weight`` drives every measure an analyst expects (review 6, R12).

Rule: with ``--weight COLUMN`` the path measures (betweenness, closeness, harmonic), eigenvector
and PageRank, edge betweenness and so the vital ranking use the weights, exactly as the library's
``centrality(..., weighted=True, distance=...)`` and ``vital_nodes(..., weighted=True)``;
``--distance weight`` (default) reads a weight as a length (of parallel records the shortest
counts), ``--distance inverse`` as a strength (parallel records add up; length ``1/w``). The run
says which reading it used, and provenance records it. The disruption curve stays unweighted.

Members covered: both distances against networkx on a graph with parallel records (the reviewer's
``par.csv``), the ranking equal to the library's, provenance, ``--distance`` without ``--weight``
and an unknown ``--distance`` refused before anything is written.
"""

from __future__ import annotations

import json

import networkx as nx
import pandas as pd
import pytest

from netwerk.analysis.vital import vital_nodes
from netwerk.cli.main import run
from netwerk.graph.network import Network

PAR = "source,target,w\na,b,1\na,b,3\nb,c,1\na,c,2.5\nc,d,1\n"


def _nx(distance: str) -> nx.Graph:
    e = pd.read_csv(pd.io.common.StringIO(PAR))
    G = nx.Graph()
    for s, t, w in e.itertuples(index=False):
        if G.has_edge(s, t):
            G[s][t]["w"] = (min(G[s][t]["w"], w) if distance == "weight" else G[s][t]["w"] + w)
        else:
            G.add_edge(s, t, w=w)
    if distance == "inverse":
        for _s, _t, d in G.edges(data=True):
            d["w"] = 1.0 / d["w"]
    return G


@pytest.mark.parametrize("distance", ["weight", "inverse"])
def test_path_measures_and_ranking_use_the_weights(tmp_path, capsys, distance):
    src = tmp_path / "par.csv"
    src.write_text(PAR, encoding="utf-8")
    out = tmp_path / distance
    assert run(["analyse", str(src), "--weight", "w", "--distance", distance, "-o", str(out),
                "--steps", "1"]) == 0
    said = " ".join(capsys.readouterr().err.split())
    assert f"gelezen als {'lengtes' if distance == 'weight' else 'sterktes'}" in said
    nodes = pd.read_csv(out / "nodes.csv", dtype={"id": str}).set_index("id")
    G = _nx(distance)
    bt = nx.betweenness_centrality(G, weight="w")
    cl = nx.closeness_centrality(G, distance="w")
    hm = nx.harmonic_centrality(G, distance="w")
    for v in "abcd":
        assert nodes.loc[v, "betweenness"] == pytest.approx(bt[v], abs=1e-6)
        assert nodes.loc[v, "closeness"] == pytest.approx(cl[v], abs=1e-6)
        assert nodes.loc[v, "harmonic"] == pytest.approx(hm[v] / 3, abs=1e-6)
    if distance == "weight":  # the shortest record a-b (1) makes b a broker between a and c
        assert nodes.loc["b", "betweenness"] == pytest.approx(2 / 3)
    net = Network.from_edges(pd.read_csv(src, dtype=str), weight="w")
    lib = vital_nodes(net, weighted=True, distance=distance)
    assert list(nodes.index) == list(lib.index)
    assert nodes["vital_score"].round(6).tolist() == lib["vital_score"].round(6).tolist()
    prov = json.loads((out / "provenance.json").read_text())
    assert prov["config"]["weighted"] is True and prov["config"]["distance"] == distance
    eb = pd.read_csv(out / "edges.csv")
    ref = nx.edge_betweenness_centrality(G, weight="w")
    for s, t, x in eb[["source", "target", "edge_betweenness"]].itertuples(index=False):
        assert x == pytest.approx(ref.get((s, t), ref.get((t, s))), abs=1e-6)


def test_without_weight_the_ranking_is_unweighted(tmp_path):
    src = tmp_path / "par.csv"
    src.write_text(PAR, encoding="utf-8")
    assert run(["analyse", str(src), "-o", str(tmp_path / "o"), "--steps", "1"]) == 0
    nodes = pd.read_csv(tmp_path / "o" / "nodes.csv", dtype={"id": str}).set_index("id")
    assert nodes.loc["b", "betweenness"] == 0.0
    prov = json.loads((tmp_path / "o" / "provenance.json").read_text())
    assert prov["config"]["weighted"] is False


@pytest.mark.parametrize(("args", "msg"), [
    (["--distance", "inverse"], "geef ook --weight"),
    (["--weight", "w", "--distance", "lengte"], "onbekende waarde 'lengte' bij --distance")])
def test_distance_is_checked_before_anything_is_written(tmp_path, capsys, args, msg):
    src = tmp_path / "par.csv"
    src.write_text(PAR, encoding="utf-8")
    assert run(["analyse", str(src), "-o", str(tmp_path / "o"), *args]) == 1
    assert msg in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


LEN = "source,target,w\nh,a,1\nh,b,1\nh,c,1\na,b,1\nh,far,100\nfar,x,1\n"


@pytest.mark.parametrize("distance", ["weight", "inverse"])
def test_the_run_says_which_weight_every_measure_read(tmp_path, capsys, distance):
    """Review 8 S6: the console names what really happened (strength-based measures included)
    and provenance records the weight each measure read."""
    src = tmp_path / "len.csv"
    src.write_text(LEN, encoding="utf-8")
    out = tmp_path / distance
    assert run(["analyse", str(src), "--weight", "w", "--distance", distance, "-o", str(out),
                "--steps", "1", "--kinds", "all"]) == 0
    said = " ".join(capsys.readouterr().err.split())
    if distance == "weight":
        assert "strength, eigenvector, PageRank en de gemeenschappen gebruiken 1/lengte van het " \
               "kortste record (dubbele records tellen niet op)" in said
    else:
        assert "strength, eigenvector, PageRank en de gemeenschappen gebruiken de opgetelde " \
               "gewichten" in said
    use = json.loads((out / "provenance.json").read_text())["config"]["weight_use"]
    want = "1/length of the shortest record" if distance == "weight" else "summed weight"
    assert {use[m] for m in ("strength", "eigenvector", "pagerank", "communities")} == {want}
    nodes = pd.read_csv(out / "nodes.csv", dtype={"id": str}).set_index("id")
    if distance == "weight":  # the far contact is weak: far from the hub's eigenvector value
        assert nodes.loc["far", "eigenvector"] < nodes.loc["a", "eigenvector"]
        assert nodes.loc["far", "community"] != nodes.loc["h", "community"]
    else:
        assert nodes.loc["far", "eigenvector"] > nodes.loc["a", "eigenvector"]


def test_an_undefined_eigenvector_is_left_out_and_said(tmp_path, capsys):
    """Review 8 S1: a carousel paying into two carousels has no preferred eigenvector; the run
    says the measure was left out of the ranking, and provenance gives the reason."""
    src = tmp_path / "flows.csv"
    src.write_text("source,target\na,b\nb,a\nb,c\nc,d\nd,c\na,e\ne,f\nf,e\n", encoding="utf-8")
    out = tmp_path / "o"
    assert run(["analyse", str(src), "--directed", "-o", str(out), "--steps", "1"]) == 0
    said = " ".join(capsys.readouterr().err.split())
    assert "eigenvector weggelaten uit de vitale rangorde: geen eenduidige " \
           "eigenvectorcentraliteit" in said
    prov = json.loads((out / "provenance.json").read_text())
    why = [x["why"] for x in prov["left_out"] if x["what"] == "vital-score component eigenvector"]
    assert why and why[0].startswith("geen eenduidige eigenvectorcentraliteit")
