"""Components, bridges, articulation points (with cut-off sizes) and Leiden communities,
checked against networkx and brute force."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from netwerk import datasets
from netwerk.analysis.structure import (
    articulation_points,
    bridges,
    communities,
    components,
    renumber_by_size,
)
from netwerk.graph import Network

NAMES = ["karate", "florentine", "krackhardt_kite", "random_directed_weighted",
         "every_brokerage_role"] + datasets.shared_names()


def _net(name: str) -> Network:
    return datasets.shared(name) if name in datasets.shared_names() else getattr(datasets, name)()


@pytest.mark.parametrize("name", NAMES)
def test_against_networkx_brute_force(name: str) -> None:
    net = _net(name)
    G = net.to_networkx().to_undirected()
    # components: sizes and partition
    comp = components(net)
    parts = {frozenset(c) for c in nx.connected_components(G)}
    assert {frozenset(g.index) for _, g in comp.groupby("component")} == parts
    sizes = comp.groupby("component")["component_size"].first()
    assert sizes.is_monotonic_decreasing
    # bridges
    br = bridges(net)
    assert {frozenset(e) for e in zip(br["source"], br["target"], strict=True)} == \
        {frozenset(e) for e in nx.bridges(G)}
    # articulation points and what each cuts off
    ap = articulation_points(net)
    exp = set(nx.articulation_points(G))
    assert set(ap.index[ap["is_articulation"]]) == exp
    for v in ap.index:
        if v not in exp:
            assert ap.loc[v, "cut_off"] == 0 and ap.loc[v, "pieces"] == 0
            continue
        comp_v = nx.node_connected_component(G, v)
        rest = sorted(map(len, nx.connected_components(G.subgraph(comp_v - {v}))), reverse=True)
        assert ap.loc[v, "pieces"] == len(rest)
        assert ap.loc[v, "cut_off"] == len(comp_v) - 1 - rest[0]


def test_kite_by_hand() -> None:
    net = datasets.krackhardt_kite()
    ap = articulation_points(net)
    assert ap.loc["Heather", "cut_off"] == 2  # Ike and Jane
    assert ap.loc["Ike", "cut_off"] == 1      # Jane
    br = bridges(net)
    assert {frozenset(e) for e in zip(br["source"], br["target"], strict=True)} == {
        frozenset({"Heather", "Ike"}), frozenset({"Ike", "Jane"})}


def test_component_numbering_and_tie_break() -> None:
    edges = pd.DataFrame({"source": ["x", "a", "p"], "target": ["y", "b", "q"]})
    nodes = pd.DataFrame({"id": ["p", "q", "a", "b", "x", "y", "lone"]})
    net = Network.from_edges(edges, nodes=nodes)
    comp = components(net)
    # three pairs of size 2: numbered by their earliest node in node order (p, a, x)
    assert comp.loc[["p", "a", "x", "lone"], "component"].tolist() == [0, 1, 2, 3]
    assert comp.loc["lone", "component_size"] == 1
    np.testing.assert_array_equal(renumber_by_size(np.array([5, 5, 9, 7, 7, 7])),
                                  [1, 1, 2, 0, 0, 0])


def test_bridges_align_with_simple_graph_edges_directed() -> None:
    net = Network.from_edges(pd.DataFrame({"source": ["a", "b", "b", "c"],
                                           "target": ["b", "a", "c", "d"]}), directed=True)
    br = bridges(net)
    g = net.simple_graph
    for eid, row in br.iterrows():
        e = g.es[eid]
        assert (net.nodes.index[e.source], net.nodes.index[e.target]) == (row.source, row.target)
    assert len(br) == 4  # a<->b (two arcs), b->c, c->d


def test_communities_seeded_and_sensible() -> None:
    net = datasets.karate()
    c1 = communities(net, seed=1)
    c2 = communities(net, seed=1)
    pd.testing.assert_series_equal(c1, c2)
    assert c1.index.equals(net.nodes.index)
    sizes = c1.value_counts().sort_index()
    assert sizes.is_monotonic_decreasing
    # modularity equals networkx's for the same partition
    G = net.to_networkx()
    parts = [set(g.index) for _, g in c1.groupby(c1)]
    assert c1.attrs["modularity"] == pytest.approx(nx.community.modularity(G, parts, weight="weight"))
    assert c1.attrs["modularity"] > 0.4
    unweighted = communities(net, seed=1, weighted=False)
    assert unweighted.attrs["modularity"] == pytest.approx(
        nx.community.modularity(G, [set(g.index) for _, g in unweighted.groupby(unweighted)],
                                weight=None))
    # higher resolution -> more communities
    assert communities(net, seed=1, resolution=3.0).nunique() > c1.nunique()
