"""Burt's structural holes against networkx (constraint, effective size) and against Burt's
hierarchy formula computed by hand."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from netwerk import datasets
from netwerk.analysis.holes import structural_holes
from netwerk.graph import Network

NAMES = ["karate", "florentine", "krackhardt_kite", "random_directed_weighted"] + \
    [n for n in ("london_gang", "jemaah_islamiyah_koschade", "cielnet", "montreal_street_gangs")
     if n in datasets.shared_names()]


def _net(name: str) -> Network:
    return datasets.shared(name) if name in datasets.shared_names() else getattr(datasets, name)()


def _hierarchy(G, w) -> dict:
    out = {}
    for i in G:
        nb = set(nx.all_neighbors(G, i))
        N = len(nb)
        if N < 2:
            out[i] = np.nan
            continue
        c = {j: nx.local_constraint(G, i, j, weight=w) for j in nb}
        mean = sum(c.values()) / N
        out[i] = sum((x / mean) * math.log(x / mean) for x in c.values()) / (N * math.log(N))
    return out


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("name", NAMES)
def test_against_networkx_and_burt(name: str, weighted: bool) -> None:
    net = _net(name)
    G = net.to_networkx()
    w = "weight" if weighted else None
    h = structural_holes(net, weighted=weighted)
    ref = pd.DataFrame({"constraint": nx.constraint(G, weight=w),
                        # nodes=list(G): networkx's per-node formula (see the test below)
                        "effective_size": nx.effective_size(G, nodes=list(G), weight=w),
                        "hierarchy": _hierarchy(G, w)}).loc[h.index]
    ref["efficiency"] = ref["effective_size"] / pd.Series(
        {v: len(set(nx.all_neighbors(G, v))) for v in G})[h.index]
    if G.is_directed():
        # networkx's per-node effective size calls a node without out-arcs isolated (it looks
        # at successors only); it has contacts, so netwerk defines it. Compare elsewhere.
        sinks = [v for v in h.index if G.out_degree(v) == 0 and G.in_degree(v) > 0]
        assert h.loc[sinks, "effective_size"].notna().all()
        ref.loc[sinks, ["effective_size", "efficiency"]] = h.loc[sinks, ["effective_size",
                                                                        "efficiency"]]
    for m in ["constraint", "effective_size", "efficiency", "hierarchy"]:
        np.testing.assert_allclose(h[m], ref[m], atol=1e-12, err_msg=f"{name} {m}")


def test_star_by_hand() -> None:
    """A star with 4 leaves: the centre has constraint 4 x (1/4)^2 = 0.25, effective size 4,
    efficiency 1, hierarchy 0; each leaf constraint 1, effective size 1, hierarchy undefined."""
    net = Network.from_edges(pd.DataFrame({"source": ["c"] * 4, "target": list("abde")}))
    h = structural_holes(net)
    assert h.loc["c"].tolist() == pytest.approx([0.25, 4.0, 1.0, 0.0])
    assert h.loc["a", "constraint"] == 1.0 and h.loc["a", "effective_size"] == 1.0
    assert np.isnan(h.loc["a", "hierarchy"])


def test_triangle_plus_pendant_hierarchy_by_hand() -> None:
    """Node a tied to b, c (b-c tied) and d. p_ab = p_ac = p_ad = 1/3, p_bc = p_cb = 1/2.
    c_ab = (1/3 + 1/3 * 1/2)^2 = 1/4 = c_ac, c_ad = 1/9; C = 11/18; hierarchy by Burt's formula."""
    net = Network.from_edges(pd.DataFrame({"source": ["a", "a", "a", "b"],
                                           "target": ["b", "c", "d", "c"]}))
    h = structural_holes(net)
    C = 0.25 + 0.25 + 1 / 9
    assert h.loc["a", "constraint"] == pytest.approx(C)
    r = np.array([0.25, 0.25, 1 / 9]) / (C / 3)
    assert h.loc["a", "hierarchy"] == pytest.approx((r * np.log(r)).sum() / (3 * np.log(3)))
    assert h.loc["a", "effective_size"] == pytest.approx(3 - 2 * 1 / 3)


def test_isolates_are_nan() -> None:
    net = Network.from_edges(pd.DataFrame({"source": ["a"], "target": ["b"]}),
                             nodes=pd.DataFrame({"id": ["a", "b", "z"]}))
    h = structural_holes(net)
    assert h.loc["z"].isna().all()
    assert h.loc["a", "constraint"] == 1.0


def test_network_without_ties_is_all_nan() -> None:
    """A network with nodes but no tie (e.g. every record graded below the threshold) gives NaN for
    every measure, as networkx does for isolates; numpy's empty bincount is int64, the measures
    stay float."""
    net = Network.from_edges(pd.DataFrame({"source": pd.Series([], dtype=str),
                                           "target": pd.Series([], dtype=str)}),
                             nodes=pd.DataFrame({"id": ["a", "b", "c"]}))
    h = structural_holes(net)
    assert h.shape[0] == 3 and h.isna().all().all()
    assert all(h[c].dtype.kind == "f" for c in h.columns)
    G = nx.empty_graph(3)
    assert all(math.isnan(v) for v in nx.constraint(G).values())


def test_networkx_all_nodes_effective_size_differs_when_weighted() -> None:
    """Documented difference. networkx 3.6's fast path (``nodes=None``) divides the tie *j-q* by
    *q*'s strongest tie instead of *j*'s (a broadcasting slip), so on weighted or directed graphs
    it disagrees with its own per-node formula and with Burt/Borgatti. netwerk follows the
    per-node formula: m_jq = w_jq / max_k w_jk."""
    net = datasets.karate()
    G = net.to_networkx()
    h = structural_holes(net, weighted=True)["effective_size"]
    per_node = pd.Series(nx.effective_size(G, nodes=list(G), weight="weight"))[h.index]
    fast = pd.Series(nx.effective_size(G, weight="weight"))[h.index]
    np.testing.assert_allclose(h, per_node, atol=1e-12)
    assert np.abs(h - fast).max() > 0.1
    # unweighted undirected: both networkx paths agree with netwerk
    h0 = structural_holes(net)["effective_size"]
    np.testing.assert_allclose(h0, pd.Series(nx.effective_size(G))[h.index], atol=1e-12)


@pytest.mark.parametrize("block", [3, 1_000_000])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_triangles_equal_igraph_and_sides_point_at_their_entries(block: int, seed: int,
                                                                 monkeypatch) -> None:
    """The vectorised forward listing finds every triangle once (igraph's list, as sets), in
    blocks of any size, and each side's position names the right entry of the matrix."""
    import igraph as ig

    import netwerk.analysis.holes as holes
    from netwerk.analysis._common import adjacency

    monkeypatch.setattr(holes, "_WEDGE_BLOCK", block)
    G = nx.powerlaw_cluster_graph(300, 4, 0.4, seed=seed)
    G.add_edges_from([(300, 301), (301, 302), (302, 300)])  # a separate triangle
    G.add_node(303)  # an isolate
    net = datasets._from_nx(G)
    M = adjacency(net).tocsr()
    M.sort_indices()
    rows = np.repeat(np.arange(M.shape[0]), np.diff(M.indptr))
    tri, at = holes._triangles(M, rows)
    ref = ig.Graph(n=M.shape[0], edges=list(zip(*M.nonzero(), strict=True))).simplify()
    assert sorted(map(tuple, np.sort(tri, axis=1).tolist())) == sorted(
        tuple(sorted(t)) for t in ref.list_triangles())
    for (x, y), p in at.items():
        assert np.array_equal(rows[p], tri[:, x]) and np.array_equal(M.indices[p], tri[:, y])
