"""Key-player tests: Borgatti's kite argument, hand-computed scores, determinism."""

from __future__ import annotations

import itertools

import networkx as nx
import pandas as pd
import pytest

from netwerk.analysis.keyplayer import (
    distance_fragmentation,
    distance_reach,
    fragmentation,
    key_players,
)
from netwerk.errors import GraphError
from netwerk.graph.network import Network

KITE_NAMES = ["Andre", "Beverley", "Carol", "Diane", "Ed", "Fernando", "Garth", "Heather", "Ike",
              "Jane"]


def _net(edges) -> Network:
    s, t = zip(*edges, strict=True)
    return Network.from_edges(pd.DataFrame({"source": s, "target": t}))


@pytest.fixture
def kite() -> Network:
    g = nx.krackhardt_kite_graph()
    return _net([(KITE_NAMES[u], KITE_NAMES[v]) for u, v in g.edges()])


def test_kite_best_single_fragmenter_is_not_top_degree(kite):
    res = key_players(kite, 1, objective="fragmentation", baseline="degree")
    assert res.baseline_nodes == ["Diane"]  # most ties
    assert res.baseline_score == 0.0  # removing Diane leaves the kite connected
    assert res.nodes == ["Heather"]  # removing Heather cuts off Ike and Jane
    assert res.score == pytest.approx(1 - (7 * 6 + 2 * 1) / (9 * 8))
    assert res.score > res.baseline_score


def test_kite_matches_exhaustive_search(kite):
    for k in (1, 2, 3):
        res = key_players(kite, k, objective="fragmentation", restarts=3)
        best = max(fragmentation(kite, list(c)) for c in itertools.combinations(KITE_NAMES, k))
        assert res.score == pytest.approx(best)


def test_hand_computed_scores():
    path = _net([("a", "b"), ("b", "c"), ("c", "d")])
    assert fragmentation(path) == 0.0
    assert fragmentation(path, ["b"]) == pytest.approx(1 - 2 / 6)  # {a}, {c,d} of n=3
    # DF of the path a-b-c-d: ordered pairs at distance 1 (6), 2 (4), 3 (2)
    assert distance_fragmentation(path) == pytest.approx(1 - (6 + 4 / 2 + 2 / 3) / 12)
    # reach of {b}: a 1, b itself 1, c 1, d 1/2
    assert distance_reach(path, ["b"]) == pytest.approx(3.5 / 4)
    star = _net([("h", x) for x in "pqrs"])
    assert distance_reach(star, ["h"]) == 1.0
    assert key_players(star, 1, objective="reach").nodes == ["h"]
    assert key_players(star, 1, objective="distance_fragmentation").nodes == ["h"]


def test_reach_matches_exhaustive_search():
    g = nx.connected_watts_strogatz_graph(30, 4, 0.2, seed=3)
    net = _net([(str(u), str(v)) for u, v in g.edges()])
    res = key_players(net, 2, objective="reach", restarts=3, seed=1)
    best = max(distance_reach(net, [str(a), str(b)]) for a, b in itertools.combinations(g, 2))
    assert res.score == pytest.approx(best)
    assert res.score >= res.baseline_score - 1e-12


def test_deterministic_under_seed():
    g = nx.powerlaw_cluster_graph(120, 2, 0.3, seed=5)
    net = _net([(str(u), str(v)) for u, v in g.edges()])
    a = key_players(net, 3, objective="fragmentation", seed=7)
    b = key_players(net, 3, objective="fragmentation", seed=7)
    assert a == b
    df = a.to_frame()
    assert set(df.index[df["in_set"]]) == set(a.nodes)


def test_candidates_and_errors(kite):
    res = key_players(kite, 1, candidates=["Ike", "Jane", "Andre"])
    assert res.nodes == ["Ike"]
    with pytest.raises(GraphError):
        key_players(kite, 0)
    with pytest.raises(GraphError):
        key_players(kite, 1, objective="nonsense")
