"""Disruption tests: hand-derived curves, determinism, given lists, recovery, efficiency."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from netwerk.analysis.disruption import Recovery, disrupt
from netwerk.errors import GraphError
from netwerk.graph.network import Network


def _net(edges, nodes=None) -> Network:
    s, t = zip(*edges, strict=True)
    return Network.from_edges(pd.DataFrame({"source": s, "target": t}), nodes=nodes)


@pytest.fixture
def two_hubs() -> Network:
    # h (degree 5) links a (4) and, via e-g1, g (4): block and sequential part ways at step 2
    return _net([("h", x) for x in "abcde"] + [("a", "a1"), ("a", "a2"), ("a", "a3"),
                                              ("g", "g1"), ("g", "g2"), ("g", "g3"), ("g", "g4"),
                                              ("g1", "e")])


def _pl(n=200, seed=1) -> Network:
    g = nx.powerlaw_cluster_graph(n, 2, 0.3, seed=seed)
    return _net([(str(u), str(v)) for u, v in g.edges()])


def test_block_vs_sequential_by_hand(two_hubs):
    blk = disrupt(two_hubs, strategy="degree", steps=2, mode="block").curve
    seq = disrupt(two_hubs, strategy="degree", steps=2, mode="sequential").curve
    assert blk["removed"].tolist()[1:] == ["h", "a"]  # a and g tie at 4: id order
    assert seq["removed"].tolist()[1:] == ["h", "g"]  # after h, a has 3 ties, g still 4
    assert blk["lcc_size"].tolist() == [14, 6, 6]
    assert blk["components"].tolist() == [1, 5, 7]
    assert seq["lcc_size"].tolist() == [14, 6, 4]
    assert seq["components"].tolist() == [1, 5, 8]
    assert seq["lcc_share"].tolist() == pytest.approx([1, 6 / 14, 4 / 14])


def test_efficiency_matches_networkx(two_hubs):
    cur = disrupt(two_hubs, strategy="betweenness", steps=3).curve
    G = two_hubs.to_networkx()
    for _, row in cur.iterrows():
        if pd.notna(row["removed"]):
            G.remove_node(row["removed"])
        assert row["efficiency"] == pytest.approx(nx.global_efficiency(G), abs=1e-12)


def test_betweenness_sequence_matches_networkx_loop():
    net = _pl(150, seed=4)
    ours = disrupt(net, strategy="betweenness", steps=6).curve["removed"].tolist()[1:]
    G = net.to_networkx()
    ref = []
    for _ in range(6):
        b = nx.betweenness_centrality(G)
        v = sorted(b, key=lambda x: (-round(b[x] / max(b.values()), 12), x))[0]
        ref.append(v)
        G.remove_node(v)
    assert ours == ref


@pytest.mark.parametrize("strategy", ["degree", "betweenness", "eigenvector", "pagerank",
                                      "keyplayer", "random"])
def test_same_seed_same_curve(strategy):
    net = _pl(120, seed=2)
    kw = dict(strategy=strategy, steps=5, seed=3, repeats=3,
              recovery={"probability": 0.5, "preference": "distance"})
    a, b = disrupt(net, **kw), disrupt(net, **kw)
    pd.testing.assert_frame_equal(a.curve, b.curve)
    assert a.params == b.params
    assert len(a.curve) == 6


def test_random_repeats_and_seed():
    net = _pl(100)
    r = disrupt(net, strategy="random", steps=4, repeats=5, seed=1)
    assert r.runs["repeat"].nunique() == 5
    assert r.curve["lcc_size"].iloc[1:].tolist() == pytest.approx(
        r.runs.groupby("step")["lcc_size"].mean().iloc[1:].tolist())
    other = disrupt(net, strategy="random", steps=4, repeats=5, seed=2)
    assert not r.runs["removed"].equals(other.runs["removed"])


def test_given_list(two_hubs):
    cur = disrupt(two_hubs, strategy=["e", "g1", "h"], steps=3).curve
    assert cur["removed"].tolist()[1:] == ["e", "g1", "h"]
    assert cur["components"].tolist() == [1, 2, 2, 5]  # g1 was a leaf of g once e was gone
    with pytest.raises(GraphError):
        disrupt(two_hubs, strategy=["nobody"], steps=1)
    with pytest.raises(GraphError):
        disrupt(two_hubs, strategy="charisma")


def test_recovery_restores_connectivity_and_is_seeded():
    # a hub h of role "supply" with 6 clients; a second supplier s2 in a separate corner
    nodes = pd.DataFrame({"id": ["h", "s2", "x"] + [f"c{i}" for i in range(6)],
                          "stage": ["supply", "supply", None] + ["client"] * 6})
    net = _net([("h", f"c{i}") for i in range(6)] + [("s2", "x")], nodes=nodes)
    full = disrupt(net, strategy=["h"], steps=1, recovery=Recovery(1.0, "random"), group="stage")
    # every client rewired to the only other supplier: one component of 8
    assert full.curve["rewired"].tolist() == [0, 6]
    assert full.curve["lcc_size"].tolist() == [7, 8]
    none = disrupt(net, strategy=["h"], steps=1, group="stage")
    assert none.curve["lcc_size"].tolist() == [7, 2]
    outcomes = {tuple(disrupt(net, strategy=["h"], steps=1, recovery={"probability": 0.5},
                              seed=s).curve["rewired"]) for s in range(8)}
    assert len(outcomes) > 1  # chance at work
    a = disrupt(net, strategy=["h"], steps=1, recovery={"probability": 0.5}, seed=5).curve
    b = disrupt(net, strategy=["h"], steps=1, recovery={"probability": 0.5}, seed=5).curve
    pd.testing.assert_frame_equal(a, b)
    with pytest.raises(GraphError):
        Recovery(probability=2.0)


def test_scarcity_and_chain():
    stages = ["financing", "electricity", "sale"]
    nodes = pd.DataFrame({"id": ["f1", "f2", "e1", "s1", "s2", "s3"],
                          "stage": ["financing", "financing", "electricity", "sale", "sale", "sale"]})
    net = _net([("f1", "e1"), ("f2", "e1"), ("e1", "s1"), ("e1", "s2"), ("s2", "s3"), ("f1", "f2")],
               nodes=nodes)
    cur = disrupt(net, strategy="scarcity", steps=2, stages=stages).curve
    assert cur["removed"].tolist()[1:] == ["e1", "f1"]  # sole electrician, then a financier
    assert cur["chain_connected"].tolist() == [True, False, False]
    assert cur["stages_covered"].tolist() == [3, 2, 2]
    with pytest.raises(GraphError):
        disrupt(net, strategy="scarcity", steps=1)


def test_approximate_ranking_is_seeded():
    net = _pl(400, seed=3)
    a = disrupt(net, strategy="betweenness", steps=3, approximate=True, samples=50, seed=1)
    b = disrupt(net, strategy="betweenness", steps=3, approximate=True, samples=50, seed=1)
    pd.testing.assert_frame_equal(a.curve, b.curve)
    assert "sampled" in a.method
    exact = disrupt(net, strategy="betweenness", steps=3)
    # the hubs are clear enough for 50 sources to find the same first target
    assert a.curve["removed"].iloc[1] == exact.curve["removed"].iloc[1]
    assert np.isfinite(a.curve["efficiency"]).all()
