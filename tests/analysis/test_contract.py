"""The contract: every measure on every fixture graph — index equals the node set, no NaN where
the measure is defined, same result twice."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from netwerk import datasets
from netwerk.analysis.brokerage import brokerage, brokerage_expected
from netwerk.analysis.centrality import centrality, edge_betweenness
from netwerk.analysis.holes import structural_holes
from netwerk.analysis.structure import articulation_points, bridges, communities, components
from netwerk.graph import Network

FIXTURES = datasets.fixture_graphs()


def _group(net: Network) -> Network:
    """The fixture with a ``contract_group`` attribute: its communities."""
    nodes = net.nodes.assign(contract_group=communities(net, seed=0).astype(str))
    return Network(nodes=nodes, edges=net.edges, directed=net.directed)


def _isolates(net: Network) -> np.ndarray:
    return np.asarray(net.simple_graph.degree(mode="all")) == 0


NODE_MEASURES = {
    "centrality": lambda net: centrality(net),
    "centrality_weighted": lambda net: centrality(net, weighted=True, measures=[
        "betweenness", "closeness", "harmonic", "eigenvector", "pagerank"]),
    "centrality_approximate": lambda net: centrality(
        net, approximate=True, samples=10, closeness_samples=10,
        measures=["betweenness", "closeness", "harmonic"]),
    "components": components,
    "articulation_points": articulation_points,
    "communities": lambda net: communities(net, seed=0).to_frame(),
    "brokerage": lambda net: brokerage(_group(net), group="contract_group"),
    "brokerage_expected": lambda net: brokerage_expected(_group(net), group="contract_group"),
    "structural_holes": structural_holes,
    "structural_holes_weighted": lambda net: structural_holes(net, weighted=True),
}


def _undefined(measure: str, column: str, net: Network) -> np.ndarray:
    """Where a NaN is allowed: Burt's measures of isolates (hierarchy: fewer than 2 contacts),
    z-scores where the standard deviation is 0."""
    n = net.n_nodes
    if measure.startswith("structural_holes"):
        deg = np.asarray(net.to_igraph(simple=True).as_undirected().degree()) if net.directed \
            else np.asarray(net.simple_graph.degree())
        return deg < 2 if column == "hierarchy" else deg == 0
    if measure == "brokerage_expected" and column.endswith("_z"):
        return np.ones(n, dtype=bool)
    return np.zeros(n, dtype=bool)


@pytest.mark.parametrize("measure", list(NODE_MEASURES))
@pytest.mark.parametrize("name", list(FIXTURES))
def test_node_measure_contract(name: str, measure: str) -> None:
    net = FIXTURES[name]
    fn = NODE_MEASURES[measure]
    first = fn(net)
    second = fn(net)
    assert isinstance(first, pd.DataFrame)
    assert first.index.equals(net.nodes.index), "index must be the node ids in node order"
    pd.testing.assert_frame_equal(first, second)
    for col in first.columns:
        values = pd.to_numeric(first[col], errors="coerce") if first[col].dtype != bool \
            else first[col]
        missing = pd.isna(values).to_numpy()
        allowed = _undefined(measure, col, net)
        assert not (missing & ~allowed).any(), f"{col}: NaN where defined"


@pytest.mark.parametrize("name", list(FIXTURES))
def test_edge_measure_contract(name: str) -> None:
    net = FIXTURES[name]
    g = net.simple_graph
    for fn in (edge_betweenness, lambda n: edge_betweenness(n, weighted=True), bridges):
        first, second = fn(net), fn(net)
        pd.testing.assert_frame_equal(first, second)
        assert set(first["source"]).union(first["target"]) <= set(net.nodes.index)
        assert first.index.isin(np.arange(g.ecount())).all()
        assert not first.isna().any().any()
    assert len(edge_betweenness(net)) == g.ecount()


SHARED_COUNTS = {  # nodes, simple ties, as each folder's README verifies them
    "siren": (44, 103), "togo": (33, 47), "cielnet": (25, 45), "cocaine_dealing_natarajan": (28, 40),
    "heroin_dealing_natarajan": (38, 168), "montreal_street_gangs": (35, 153),
    "london_gang": (54, 315), "italian_gangs": (67, 114), "noordin_top": (79, 623),
    "jemaah_islamiyah_koschade": (17, 63), "ndrangheta_infinito": (156, 1619),
}


def test_fixture_datasets() -> None:
    kite = FIXTURES["krackhardt_kite"]
    assert list(kite.nodes.index) == datasets.KITE_LABELS
    assert (kite.n_nodes, kite.n_edges) == (10, 18)
    assert (FIXTURES["florentine"].n_nodes, FIXTURES["florentine"].n_edges) == (15, 20)
    rdw = FIXTURES["random_directed_weighted"]
    assert rdw.directed and rdw.edges["weight"].between(1, 5).all()
    assert "group" in rdw.nodes.columns
    for name in datasets.shared_names():
        net = FIXTURES[name]
        assert (net.n_nodes, net.simple_graph.ecount()) == SHARED_COUNTS[name], name
        assert all(isinstance(i, str) for i in net.nodes.index)
    assert set(datasets.shared_names()) <= set(SHARED_COUNTS)
