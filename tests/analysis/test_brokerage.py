"""Gould–Fernandez brokerage: hand-derived cases (every role), brute force on fixture graphs,
directed vs undirected, and sna's expectations computed by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from netwerk import datasets
from netwerk.analysis.brokerage import ROLES, brokerage, brokerage_expected
from netwerk.errors import GraphError, Reason
from netwerk.graph import Network
from netwerk.i18n import using


def _brute(net: Network, group: str) -> pd.DataFrame:
    G = net.to_networkx()
    if not G.is_directed():
        G = G.to_directed()
    g = net.nodes[group]
    out = {v: dict.fromkeys(ROLES, 0) for v in G}
    for b in G:
        for a in G.predecessors(b):
            for c in G.successors(b):
                if a == c or G.has_edge(a, c) or pd.isna(g[a]) or pd.isna(g[b]) or pd.isna(g[c]):
                    continue
                ga, gb, gc = g[a], g[b], g[c]
                role = ("coordinator" if ga == gb == gc else "itinerant" if ga == gc else
                        "representative" if ga == gb else "gatekeeper" if gb == gc else "liaison")
                out[b][role] += 1
                out[b]["total"] += 1
    return pd.DataFrame(out).T[list(ROLES)]


def test_every_role_by_hand() -> None:
    net = datasets.every_brokerage_role()
    b = brokerage(net, group="group")
    assert list(b.columns) == list(ROLES)
    assert b.loc["a2"].tolist() == [1, 1, 1, 1, 0, 4]
    assert b.loc["b1"].tolist() == [0, 0, 2, 0, 1, 3]
    assert b.loc["b2"].tolist() == [0, 0, 0, 1, 0, 1]
    assert (b.loc[["a1", "a3", "c1"]] == 0).all().all()
    assert (b.drop(columns="total").sum() > 0).all()  # every role occurs


def test_undirected_counts_each_open_path_both_ways() -> None:
    """Path x - b - y (x, y not tied): b brokers (x, y) and (y, x), as sna does with a symmetric
    matrix. Groups x: A, b: A, y: B -> one representative and one gatekeeper."""
    nodes = pd.DataFrame({"id": ["x", "b", "y"], "team": ["A", "A", "B"]})
    edges = pd.DataFrame({"source": ["x", "b"], "target": ["b", "y"]})
    und = brokerage(Network.from_edges(edges, nodes=nodes), group="team")
    assert und.loc["b"].tolist() == [0, 0, 1, 1, 0, 2]
    directed = brokerage(Network.from_edges(edges, nodes=nodes, directed=True), group="team")
    assert directed.loc["b"].tolist() == [0, 0, 1, 0, 0, 1]
    # closing the triangle removes the brokerage
    closed = pd.concat([edges, pd.DataFrame({"source": ["x"], "target": ["y"]})])
    assert brokerage(Network.from_edges(closed, nodes=nodes), group="team")["total"].sum() == 0
    # in the directed case only the arc x -> y closes x -> b -> y
    back = pd.concat([edges, pd.DataFrame({"source": ["y"], "target": ["x"]})])
    assert brokerage(Network.from_edges(back, nodes=nodes, directed=True),
                     group="team").loc["b", "total"] == 1


def test_reciprocal_arcs_do_not_broker_a_pair_with_itself() -> None:
    nodes = pd.DataFrame({"id": ["a", "b"], "g": ["1", "2"]})
    edges = pd.DataFrame({"source": ["a", "b"], "target": ["b", "a"]})
    assert brokerage(Network.from_edges(edges, nodes=nodes, directed=True),
                     group="g")["total"].sum() == 0


@pytest.mark.parametrize("case", [("random_directed_weighted", "group"), ("karate", "club"),
                                  ("montreal_street_gangs", "Territories"),
                                  ("london_gang", "Birthplace"), ("italian_gangs", "country")])
def test_against_brute_force(case: tuple[str, str]) -> None:
    name, group = case
    if name in ("montreal_street_gangs", "london_gang", "italian_gangs"):
        if name not in datasets.shared_names():
            pytest.skip("shared data not present")
        net = datasets.shared(name)
    else:
        net = getattr(datasets, name)()
    ours = brokerage(net, group=group)
    ref = _brute(net, group).loc[ours.index]
    np.testing.assert_array_equal(ours.to_numpy(dtype=int), ref.to_numpy(dtype=int))


def test_big_hub_triangles() -> None:
    """Dense random digraph with a hub: the triangle listing (degree ordering, chunks) counts
    every closed two-path."""
    rng = np.random.default_rng(4)
    n = 80
    src = rng.integers(0, n, 900)
    dst = rng.integers(0, n, 900)
    src = np.concatenate([src, np.zeros(60, int)])
    dst = np.concatenate([dst, rng.integers(1, n, 60)])
    keep = src != dst
    edges = pd.DataFrame({"source": src[keep].astype(str), "target": dst[keep].astype(str)})
    nodes = pd.DataFrame({"id": np.arange(n).astype(str), "g": rng.choice(list("abcd"), n)})
    net = Network.from_edges(edges, nodes=nodes, directed=True)
    ours = brokerage(net, group="g")
    np.testing.assert_array_equal(ours.to_numpy(dtype=int),
                                  _brute(net, "g").loc[ours.index].to_numpy(dtype=int))


def test_missing_group_attribute_and_values() -> None:
    net = datasets.every_brokerage_role()
    with pytest.raises(GraphError, match="geen kenmerk 'stage'; beschikbaar: group") as e:
        brokerage(net, group="stage")
    assert e.value.reason == Reason.UNKNOWN_ATTRIBUTE
    with using("en"), pytest.raises(GraphError, match="no attribute 'stage'; available: group"):
        brokerage(net, group="stage")
    nodes = net.nodes.copy()
    nodes.loc["a3", "group"] = None
    net2 = Network(nodes=nodes, edges=net.edges, directed=True)
    b = brokerage(net2, group="group")
    assert b.loc["a3"].isna().all()
    # a3 is no longer an endpoint: a2 loses coordinator (a1->a2->a3) and gatekeeper (b1->a2->a3)
    assert b.loc["a2"].tolist() == [0, 1, 1, 0, 0, 2]
    np.testing.assert_array_equal(b.drop(index="a3").to_numpy(dtype=int),
                                  _brute(net2, "group").drop(index="a3").loc[
                                      b.drop(index="a3").index].to_numpy(dtype=int))


def test_expected_counts_by_hand() -> None:
    """every_brokerage_role: N = 6, 7 arcs, d = 7/30, groups A: 3, B: 2, C: 1.
    sna: E[coordinator | broker in A] = d^2 (1-d) (3-1)(3-2) = 2 d^2 (1-d), etc."""
    net = datasets.every_brokerage_role()
    e = brokerage_expected(net, group="group")
    d = 7 / 30
    q = d * d * (1 - d)
    c3 = 2 * d**3 * (1 - d) ** 3
    assert e.attrs["density"] == pytest.approx(d)
    a2 = e.loc["a2"]
    assert a2["coordinator_expected"] == pytest.approx(q * 2 * 1)
    assert a2["coordinator_sd"] == pytest.approx(np.sqrt(q * 2 * (1 - q) + 2 * 1 * 0 * c3))
    # itinerant for a broker in A: other groups B (2) and C (1): sum n(n-1) = 2
    assert a2["itinerant_expected"] == pytest.approx(q * 2)
    assert a2["itinerant_sd"] == pytest.approx(np.sqrt(q * 2 * (1 - q) + 0 * c3))
    # representative/gatekeeper: (N - n)(n - 1) = 3 * 2
    assert a2["representative_expected"] == pytest.approx(q * 6)
    rep_var = q * 6 * (1 - q) + (2 * 3 + 3 * 1) * c3  # (n-1) C(N-n, 2) + (N-n) C(n-1, 2)
    assert a2["representative_sd"] == pytest.approx(np.sqrt(rep_var))
    assert a2["gatekeeper_expected"] == a2["representative_expected"]
    # liaison: pairs of distinct other groups: (2 + 1)^2 - (4 + 1) = 4
    assert a2["liaison_expected"] == pytest.approx(q * 4)
    lia_var = q * 4 * (1 - q) + 2 * (2 * (6 - 2 - 3) * (6 - 2 - 3 - 1) / 2
                                    + 1 * (6 - 1 - 3) * (6 - 1 - 3 - 1) / 2) * c3
    assert a2["liaison_sd"] == pytest.approx(np.sqrt(lia_var))
    assert a2["total_expected"] == pytest.approx(q * 5 * 4)
    assert a2["total_sd"] == pytest.approx(np.sqrt(q * 20 * (1 - q) + 5 * 4 * 3 * c3))
    assert a2["total_z"] == pytest.approx((4 - q * 20) / a2["total_sd"])
    # broker in C (size 1): no coordinator pairs possible -> expectation 0, z undefined
    assert e.loc["c1", "coordinator_expected"] == 0 and np.isnan(e.loc["c1", "coordinator_z"])
    groups = e.attrs["groups"]
    assert groups.loc["A", "size"] == 3 and groups.loc["C", "size"] == 1


def test_normalized_is_observed_over_expected() -> None:
    net = datasets.random_directed_weighted()
    e = brokerage_expected(net, group="group")
    nb = brokerage(net, group="group", normalized=True)
    np.testing.assert_allclose(nb["total"], e["total"] / e["total_expected"])


def test_network_level_moments() -> None:
    """Network totals: expectations equal the sum of the per-node ones; total variance by hand
    from sna's formula."""
    net = datasets.random_directed_weighted()
    e = brokerage_expected(net, group="group")
    tab = e.attrs["network"]
    for r in ROLES:
        assert tab.loc[r, "observed"] == e[r].sum()
        assert tab.loc[r, "expected"] == pytest.approx(e[f"{r}_expected"].sum())
    N, d = e.attrs["N"], e.attrs["density"]
    q = d * d * (1 - d)
    var = q * N * (N - 1) * (N - 2) * (1 - q) + N * (N - 1) * (N - 2) * (
        (4 * N - 10) * d**3 * (1 - d) ** 3 - 4 * (N - 3) * d**4 * (1 - d) ** 2
        + (N - 3) * d**5 * (1 - d))
    assert tab.loc["total", "sd"] == pytest.approx(np.sqrt(var))
    assert (tab["sd"] > 0).all()


def test_triangle_listing_in_small_chunks() -> None:
    import igraph as ig
    import scipy.sparse as sp

    from netwerk.analysis.brokerage import _triangles

    g = ig.Graph.Erdos_Renyi(n=60, m=400, directed=False)
    el = np.asarray(g.get_edgelist())
    U = sp.csr_matrix((np.ones(len(el)), (el[:, 0], el[:, 1])), shape=(60, 60))
    U = ((U + U.T) > 0).astype(np.int8).tocsr()
    found = [np.column_stack(t) for t in _triangles(U, max_wedges=7)]
    tri = np.sort(np.vstack(found), axis=1)
    assert len({tuple(t) for t in tri}) == len(tri)  # each triangle once
    expected = {tuple(sorted(c)) for c in g.list_triangles()}
    assert {tuple(t) for t in tri} == expected
