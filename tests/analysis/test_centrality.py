"""Centrality against networkx (to 1e-9 where the definitions agree) and against the networkx
figures stored with the shared research networks; documented differences have their own tests."""

from __future__ import annotations

import contextlib
from fractions import Fraction

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from netwerk import datasets
from netwerk.analysis.centrality import centrality, edge_betweenness
from netwerk.errors import GraphError
from netwerk.graph import Network

TINY = ["karate", "florentine", "krackhardt_kite", "random_directed_weighted", "every_brokerage_role"]
ALL = TINY + datasets.shared_names()
REF_CSV = {
    "noordin_top": "computed_centralities_union_networkx.csv",
    "ndrangheta_infinito": "computed_centralities_projection_networkx.csv",
}


def _net(name: str) -> Network:
    return datasets.shared(name) if name in datasets.shared_names() else getattr(datasets, name)()


def _nx_reference(net: Network, weighted: bool | str) -> pd.DataFrame:
    """networkx on converted weights (issue 9, one meaning per run): ``weighted="weight"`` reads
    weights as lengths (paths: the shortest record; strength, eigenvector, PageRank: 1/length of
    the shortest record), ``"inverse"`` as strengths (summed; paths 1/summed weight)."""
    G = net.to_networkx()
    g = net.simple_graph
    ids = net.nodes.index
    for e in g.es:  # the shortest record of each tie
        u, v = ids[e.source], ids[e.target]
        G[u][v]["length"] = e["length"]
        G[u][v]["inv_length"] = 1.0 / e["length"]
        # exact 1/w: sums of 1/w that tie in exact arithmetic (1/3 + 1/3 + 1/3 = 1) tie for
        # igraph (it compares lengths with a tolerance) but not for networkx in floats
        G[u][v]["inv_weight"] = Fraction(1) / Fraction(e["weight"])
    if weighted in (True, "weight"):
        path, strong = "length", "inv_length"
    elif weighted == "inverse":
        path, strong = "inv_weight", "weight"
    else:
        path = strong = None
    ref = {
        "degree": dict(G.degree()),
        "strength": dict(G.degree(weight=strong or "weight")),
        "betweenness": nx.betweenness_centrality(G, weight=path, normalized=False),
        "closeness": {k: float(x) for k, x in nx.closeness_centrality(G, distance=path).items()},
        "harmonic": {k: float(x) for k, x in nx.harmonic_centrality(G, distance=path).items()},
        "pagerank": nx.pagerank(G, weight=strong, tol=1e-14, max_iter=100_000),
        "coreness": nx.core_number(G),
        "clustering": nx.clustering(G),
    }
    if G.is_directed():
        ref["in_degree"] = dict(G.in_degree())
        ref["out_degree"] = dict(G.out_degree())
    # an acyclic digraph has no eigenvector centrality: see test_eigenvector_acyclic_is_zero
    with contextlib.suppress(nx.PowerIterationFailedConvergence):
        ref["eigenvector"] = nx.eigenvector_centrality(G, weight=strong, max_iter=5_000, tol=1e-14)
    return pd.DataFrame(ref)


@pytest.mark.parametrize("weighted", [False, "weight", "inverse"])
@pytest.mark.parametrize("name", ALL)
def test_every_measure_matches_networkx(name: str, weighted: bool | str) -> None:
    """Every measure against networkx, unweighted and under both weight meanings (networkx on
    the converted weights, see :func:`_nx_reference`)."""
    net = _net(name)
    ours = centrality(net, weighted=bool(weighted), normalized=False,
                      distance=weighted if weighted else "weight")
    ref = _nx_reference(net, weighted).loc[ours.index]
    assert set(ref.columns) <= set(ours.columns)
    for m in ref.columns:
        np.testing.assert_allclose(ours[m].to_numpy(float), ref[m].to_numpy(float), rtol=0,
                                   atol=1e-9, err_msg=f"{name} {m} weighted={weighted}")


@pytest.mark.parametrize("name", ["karate", "random_directed_weighted", "italian_gangs"])
def test_normalised_betweenness_and_harmonic(name: str) -> None:
    if name not in ALL:
        pytest.skip("shared data not present")
    net = _net(name)
    G = net.to_networkx()
    ours = centrality(net, measures=["betweenness", "harmonic"], normalized=True)
    bt = pd.Series(nx.betweenness_centrality(G, normalized=True))[ours.index]
    np.testing.assert_allclose(ours["betweenness"], bt, atol=1e-12)
    # harmonic is divided by n-1 when normalized (networkx has no normalised harmonic)
    hc = pd.Series(nx.harmonic_centrality(G))[ours.index] / (net.n_nodes - 1)
    np.testing.assert_allclose(ours["harmonic"], hc, atol=1e-12)
    raw = centrality(net, measures=["betweenness"], normalized=False)["betweenness"]
    assert (raw >= ours["betweenness"] - 1e-12).all()


def test_inverse_distance_option() -> None:
    """``distance="inverse"`` walks ``1/w``. Weights 1, 2, 4 keep 1/w exact in binary, so ties
    between paths are exact for networkx too (see test_inverse_distance_ties)."""
    net = datasets.random_directed_weighted()
    e = net.edges.assign(weight=2.0 ** (net.edges["weight"] % 3))
    net = Network(nodes=net.nodes, edges=e, directed=True)
    G = net.to_networkx()
    for _, _, d in G.edges(data=True):
        d["length"] = 1.0 / d["weight"]
    ours = centrality(net, measures=["betweenness", "closeness"], weighted=True,
                      distance="inverse")
    np.testing.assert_allclose(ours["betweenness"],
                               pd.Series(nx.betweenness_centrality(G, weight="length"))[ours.index],
                               atol=1e-9)
    np.testing.assert_allclose(ours["closeness"],
                               pd.Series(nx.closeness_centrality(G, distance="length"))[ours.index],
                               atol=1e-9)


def test_inverse_distance_ties() -> None:
    """Documented difference: igraph compares path lengths with a small tolerance, networkx
    exactly. With lengths 1/10 + 1/5 vs 3/20 + 3/20 networkx sees two different lengths (float
    rounding: 0.30000000000000004 vs 0.3) and credits one path; netwerk sees a tie and splits
    the credit."""
    edges = pd.DataFrame({"source": ["s", "a", "s", "c"], "target": ["a", "t", "c", "t"],
                          "weight": [10.0, 5.0, 20 / 3, 20 / 3]})
    net = Network.from_edges(edges, weight="weight")
    ours = centrality(net, measures=["betweenness"], weighted=True, distance="inverse",
                      normalized=False)["betweenness"]
    assert ours["c"] == pytest.approx(0.5) and ours["a"] == pytest.approx(0.5)
    G = net.to_networkx()
    for _, _, d in G.edges(data=True):
        d["length"] = 1.0 / d["weight"]
    ref = nx.betweenness_centrality(G, weight="length", normalized=False)
    assert (ref["c"], ref["a"]) == (1.0, 0.0)  # networkx: the path via a is 4e-17 longer


def test_edge_betweenness_matches_networkx() -> None:
    for net in (datasets.karate(), datasets.random_directed_weighted()):
        G = net.to_networkx()
        for weighted in (False, True):
            eb = edge_betweenness(net, weighted=weighted)
            ref = nx.edge_betweenness_centrality(G, weight="weight" if weighted else None)
            exp = [ref[(s, t)] if (s, t) in ref else ref[(t, s)]
                   for s, t in zip(eb["source"], eb["target"], strict=True)]
            np.testing.assert_allclose(eb["edge_betweenness"], exp, atol=1e-12)
            assert len(eb) == net.simple_graph.ecount()


@pytest.mark.parametrize("name", datasets.shared_names())
def test_regression_against_shared_networkx_figures(name: str) -> None:
    """The shared folders' CSVs: degree, betweenness, closeness, eigenvector on the undirected
    simple projection (the README's definition), in/out-degree and strength on the original."""
    root = datasets.shared_data_dir()
    ref = pd.read_csv(root / name / REF_CSV.get(name, "computed_centralities_networkx.csv"),
                      dtype={"node": str}).set_index("node")
    net = datasets.shared(name)
    und = Network(nodes=net.nodes, edges=net.edges, directed=False)
    ours = centrality(und, measures=["degree", "betweenness", "closeness", "eigenvector"])
    ours = ours.loc[ref.index]
    for m in ["degree", "betweenness", "closeness", "eigenvector"]:
        np.testing.assert_allclose(ours[m], ref[m], atol=1e-6, err_msg=f"{name} {m}")
    direct = centrality(net, measures=["strength"] + (["in_degree", "out_degree"] if net.directed
                                                      else [])).loc[ref.index]
    for m in ["strength", "in_degree", "out_degree"]:
        if m in ref.columns and m in direct.columns:
            np.testing.assert_allclose(direct[m], ref[m], atol=1e-9, err_msg=f"{name} {m}")


def test_directed_degree_is_in_plus_out_not_distinct_neighbours() -> None:
    """Documented difference: on a directed network ``degree`` counts arcs (in + out, as networkx's
    DiGraph.degree); the shared CSVs' ``degree`` counts distinct neighbours."""
    net = datasets.shared("cielnet") if "cielnet" in ALL else datasets.random_directed_weighted()
    c = centrality(net, measures=["degree", "in_degree", "out_degree"])
    assert (c["degree"] == c["in_degree"] + c["out_degree"]).all()
    und = Network(nodes=net.nodes, edges=net.edges, directed=False)
    distinct = centrality(und, measures=["degree"])["degree"]
    assert (distinct <= c["degree"]).all() and (distinct < c["degree"]).any()


def test_eigenvector_acyclic_is_zero() -> None:
    """Documented difference: on an acyclic digraph networkx's power iteration fails (or, given
    many iterations, creeps towards the sinks); netwerk
    returns zeros (the leading eigenvalue is 0, so no node has eigenvector centrality)."""
    net = Network.from_edges(pd.DataFrame({"source": ["a", "a", "b"], "target": ["b", "c", "c"]}),
                             directed=True)
    with pytest.raises(nx.PowerIterationFailedConvergence):
        nx.eigenvector_centrality(net.to_networkx())  # default max_iter=100
    assert (centrality(net, measures=["eigenvector"])["eigenvector"] == 0).all()


def test_eigenvector_disconnected_exact_zeros_outside_leading_component() -> None:
    """Documented difference: networkx's default tolerance leaves small non-zero values on the
    smaller component; netwerk returns the exact leading eigenvector (zeros there)."""
    edges = pd.DataFrame({"source": ["a", "a", "a", "b", "b", "c", "x"],
                          "target": ["b", "c", "d", "c", "d", "d", "y"]})
    net = Network.from_edges(edges)
    ours = centrality(net, measures=["eigenvector"])["eigenvector"]
    assert ours["x"] == 0 and ours["y"] == 0
    np.testing.assert_allclose(np.linalg.norm(ours), 1.0)
    loose = nx.eigenvector_centrality(net.to_networkx())
    assert loose["x"] > 0
    np.testing.assert_allclose(ours[["a", "b", "c", "d"]], 0.5, atol=1e-12)


def test_eigenvector_acyclic_decided_from_structure() -> None:
    """A larger DAG (where ARPACK returns a tiny non-zero eigenvalue of the nilpotent matrix): still
    exactly zero, decided by ``is_dag``, not by a cut-off; a single back arc makes it non-zero."""
    import networkx as nx

    G = nx.gn_graph(300, seed=4)  # growing network: a tree of arcs, acyclic
    e = pd.DataFrame(list(G.edges()), columns=["source", "target"]).astype(str)
    net = Network.from_edges(e, directed=True)
    assert (centrality(net, measures=["eigenvector"])["eigenvector"] == 0).all()
    cyc = Network.from_edges(pd.concat([e, pd.DataFrame({"source": ["0"], "target": ["1"]})]),
                             directed=True)
    assert (centrality(cyc, measures=["eigenvector"])["eigenvector"] > 0).any()


@pytest.mark.parametrize("directed", [False, True])
def test_eigenvector_tied_components_nonnegative_and_networkx_limit(directed) -> None:
    """Components tying for the leading eigenvalue (two triangles and a 4-cycle: all lambda = 2;
    directed: 3-cycles) make the eigenvector non-unique. netwerk returns networkx's power-iteration
    limit from the all-ones vector: non-negative, and the same in every run."""
    if directed:
        src, tgt = ["a", "b", "c", "d", "e", "f", "c"], ["b", "c", "a", "e", "f", "d", "x"]
    else:
        src, tgt = list("abcdefpqrs"), list("bcaefdqrsp")
    net = Network.from_edges(pd.DataFrame({"source": src, "target": tgt}), directed=directed)
    from scipy.sparse import random as sprandom
    from scipy.sparse.linalg import eigs

    runs = []
    for i in range(3):  # ARPACK calls in between change ARPACK's internal random state
        eigs(sprandom(30, 30, density=0.2, random_state=i), k=2, v0=np.ones(30))
        runs.append(centrality(net, measures=["eigenvector"])["eigenvector"])
    assert all(r.equals(runs[0]) for r in runs)
    assert (runs[0] >= 0).all()
    ref = nx.eigenvector_centrality(net.to_networkx(), max_iter=100_000, tol=1e-14)
    np.testing.assert_allclose(runs[0].to_numpy(), [ref[i] for i in runs[0].index], atol=1e-9)


def test_kite_textbook_values() -> None:
    c = centrality(datasets.krackhardt_kite())
    assert c["degree"].idxmax() == "Diane"
    assert c["betweenness"].idxmax() == "Heather"
    assert set(c["closeness"].nlargest(2).index) == {"Fernando", "Garth"}
    assert c.loc["Jane", "betweenness"] == 0
    assert c.loc["Heather", "betweenness"] == pytest.approx(14 / 36)


def test_measure_subset_order_and_method_attrs() -> None:
    c = centrality(datasets.florentine(), measures=["pagerank", "degree"])
    assert list(c.columns) == ["pagerank", "degree"]
    assert c.attrs["method"]["degree"]["method"] == "exact"
    assert c.attrs["method"]["pagerank"]["damping"] == 0.85
    with pytest.raises(GraphError, match="onbekende maat/maten bogus; kies uit"):
        centrality(datasets.florentine(), measures=["bogus"])
    with pytest.raises(GraphError):
        centrality(datasets.florentine(), weighted=True, distance="log")


def _bigger(directed: bool) -> Network:
    G = nx.barabasi_albert_graph(600, 3, seed=5)
    rng = np.random.default_rng(5)
    edges = pd.DataFrame([(str(u), str(v), float(rng.integers(1, 5))) for u, v in G.edges()],
                         columns=["source", "target", "weight"])
    return Network.from_edges(edges, weight="weight", directed=directed)


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
def test_approximation_is_seeded_close_and_labelled(directed: bool, weighted: bool) -> None:
    net = _bigger(directed)
    ms = ["betweenness", "closeness", "harmonic", "degree"]
    exact = centrality(net, measures=ms, weighted=weighted)
    a1 = centrality(net, measures=ms, weighted=weighted, approximate=True, samples=200, seed=3)
    a2 = centrality(net, measures=ms, weighted=weighted, approximate=True, samples=200, seed=3)
    pd.testing.assert_frame_equal(a1, a2)
    for m in ("betweenness", "closeness", "harmonic"):
        assert a1.attrs["method"][m]["method"] == "approximate"
        assert "error_bound" in a1.attrs["method"][m]
    assert np.abs(a1["betweenness"] - exact["betweenness"]).max() < 0.03
    assert np.abs(a1["closeness"] - exact["closeness"]).max() < 0.03
    assert a1["betweenness"].corr(exact["betweenness"], method="spearman") > 0.8
    # auto mode: approximate above the threshold only
    auto = centrality(net, measures=["betweenness"], exact_threshold=100)
    assert auto.attrs["method"]["betweenness"]["method"] == "approximate"
    assert centrality(net, measures=["betweenness"]).attrs["method"]["betweenness"]["method"] \
        == "exact"


def test_sampled_closeness_with_every_pivot_is_exact() -> None:
    net = datasets.random_directed_weighted()
    for weighted in (False, True):
        exact = centrality(net, measures=["closeness", "harmonic"], weighted=weighted)
        full = centrality(net, measures=["closeness", "harmonic"], weighted=weighted,
                          approximate=True, closeness_samples=net.n_nodes)
        np.testing.assert_allclose(full, exact, atol=1e-12)


def test_empty_and_edgeless_networks() -> None:
    net = Network(nodes=pd.DataFrame(index=pd.Index(["a", "b", "c"])),
                  edges=pd.DataFrame({"source": [], "target": []}))
    c = centrality(net)
    assert (c.drop(columns=["pagerank"]) == 0).all().all()
    np.testing.assert_allclose(c["pagerank"], 1 / 3)


@pytest.mark.parametrize("case", ["connected", "two components", "tied copies"])
def test_eigenvector_krylov_path_matches_networkx(case: str) -> None:
    """Components above the dense-solver size go through the short-basis Lanczos solver (ARPACK,
    fixed start vector) and a few power steps: networkx's values to 1e-9, exact zeros on a
    component with a smaller leading eigenvalue, networkx's limit on tied copies, and the same
    bytes on every call."""
    big = nx.barabasi_albert_graph(500, 3, seed=1)
    if case == "connected":
        G = big
    elif case == "two components":
        G = nx.disjoint_union(big, nx.barabasi_albert_graph(150, 2, seed=2))
    else:
        one = nx.barabasi_albert_graph(120, 3, seed=3)
        G = nx.disjoint_union(one, one)
    net = datasets._from_nx(G)
    runs = [centrality(net, measures=["eigenvector"])["eigenvector"] for _ in range(3)]
    assert all(r.equals(runs[0]) for r in runs)
    ours = runs[0].to_numpy()
    assert (ours >= 0).all()
    if case == "two components":
        ref = nx.eigenvector_centrality(big, max_iter=10_000, tol=1e-14)
        np.testing.assert_allclose(ours[:500], [ref[i] for i in range(500)], atol=1e-9)
        assert (ours[500:] == 0).all()
    else:
        ref = nx.eigenvector_centrality(G, max_iter=100_000, tol=1e-14)
        np.testing.assert_allclose(ours, [ref[i] for i in range(len(G))], atol=1e-9)
