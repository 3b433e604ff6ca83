"""Fragmentation swaps scored from the block-cut tree: same scores, same set, same F as recomputing
the components per swap (the reference), on random, tree-like and sample-shaped graphs."""

from __future__ import annotations

import igraph as ig
import numpy as np
import pandas as pd
import pytest

from netwerk.analysis.keyplayer import _frag_all_single_removals, _frag_graph, key_players
from netwerk.errors import GraphError
from netwerk.graph.network import Network


def _graphs():
    rng = np.random.default_rng(7)
    for i in range(60):
        n = int(rng.integers(3, 50))
        if i % 3 == 0:
            yield ig.Graph.Tree(n, int(rng.integers(1, 4))), rng
        elif i % 3 == 1:
            yield ig.Graph.Erdos_Renyi(n=n, m=int(n * rng.uniform(0.4, 1.5))), rng
        else:  # cliques chained by bridges: many blocks and articulation points
            g = ig.Graph.Full(4) + ig.Graph.Full(3) + ig.Graph.Ring(5) + ig.Graph(n=2)
            g.add_edges([(0, 4), (5, 7), (8, 12)])
            yield g, rng


def test_all_single_removal_scores_equal_recomputation():
    for g, rng in _graphs():
        n = g.vcount()
        removed = rng.choice(n, size=int(rng.integers(0, min(4, n - 1))), replace=False)
        fast = _frag_all_single_removals(g, removed)
        for v in range(n):
            if v in removed:
                assert np.isnan(fast[v])
            else:
                assert fast[v] == _frag_graph(g, np.append(removed, v))  # bit for bit


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("n", [60, 150])
def test_same_set_and_score_as_recompute(n, seed):
    g = ig.Graph.Barabasi(n, 1 + seed % 2, directed=False)
    g.add_edges([(int(a), int(b)) for a, b in
                 np.random.default_rng(seed).integers(0, n, size=(n // 10, 2)) if a != b])
    e = g.get_edgelist()
    net = Network.from_edges(pd.DataFrame({"source": [f"v{a:03d}" for a, _ in e],
                                           "target": [f"v{b:03d}" for _, b in e]}))
    kw = dict(k=4, seed=seed, restarts=2, baseline="degree")
    fast = key_players(net, **kw)
    ref = key_players(net, swap_scoring="recompute", **kw)
    assert fast.nodes == ref.nodes and fast.score == ref.score
    assert fast.params["swap_rounds"] == ref.params["swap_rounds"]
    assert fast.params["swap_scoring"] == "blockcut" and "block-cut" in fast.method


def test_bad_swap_scoring():
    net = Network.from_edges(pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"]}))
    with pytest.raises(GraphError, match="swap_scoring"):
        key_players(net, 1, swap_scoring="magic")
