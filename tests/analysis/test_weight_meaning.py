"""Class (issue 9, review 8 S6): one meaning of a weight per run, in every measure that feeds the
vital score.

Rule: with ``distance="weight"`` a weight is a **length**: path measures use the shortest record
of a tie, and the strength-based measures (strength, eigenvector, PageRank, the Leiden
communities) use ``1/length`` of that shortest record (parallel length records are not summed);
with ``distance="inverse"`` a weight is a **strength**: records add up, paths use ``1/w``.
``centrality().attrs["method"][m]["weights"]``, ``communities().attrs["weights"]`` and
``vital_nodes().attrs["weight_use"]`` record which weight each measure read.

Members covered: the reviewer's far contact (``h-far`` of length 100) under both meanings, two
parallel length records of one tie, a directed network, the communities (modularity against
networkx on the converted weights), the vital ranking's provenance; against networkx on the
converted weights (igraph/networkx have no "length" eigenvector: netwerk is the caller that
converts).
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from netwerk.analysis.centrality import centrality
from netwerk.analysis.structure import communities
from netwerk.analysis.vital import vital_nodes
from netwerk.graph import Network

LEN = pd.DataFrame({"source": ["h", "h", "h", "a", "h", "far"],
                    "target": ["a", "b", "c", "b", "far", "x"],
                    "w": [1.0, 1.0, 1.0, 1.0, 100.0, 1.0]})
STRENGTH_MEASURES = ["strength", "eigenvector", "pagerank"]


def _nx(edges: pd.DataFrame, distance: str, directed: bool = False) -> nx.Graph:
    """networkx with the converted strengths: 1/shortest length, or summed strengths."""
    e = edges.copy()
    if not directed:  # one tie per unordered pair
        e[["source", "target"]] = np.sort(e[["source", "target"]].to_numpy(), axis=1)
    per_tie = e.groupby(["source", "target"], sort=False)["w"].agg(
        "min" if distance == "weight" else "sum")
    strength = 1.0 / per_tie if distance == "weight" else per_tie
    G = nx.DiGraph() if directed else nx.Graph()
    G.add_weighted_edges_from(((s, t, w) for (s, t), w in strength.items()), weight="w")
    return G


def _check_against_networkx(edges: pd.DataFrame, distance: str, directed: bool = False) -> pd.DataFrame:
    net = Network.from_edges(edges, weight="w", directed=directed)
    c = centrality(net, measures=STRENGTH_MEASURES, weighted=True, distance=distance)
    G = _nx(edges, distance, directed)
    ref = {"strength": dict(G.degree(weight="w")),
           "eigenvector": nx.eigenvector_centrality(G, weight="w", max_iter=100_000, tol=1e-14),
           "pagerank": nx.pagerank(G, weight="w", tol=1e-14, max_iter=100_000)}
    for m in STRENGTH_MEASURES:
        np.testing.assert_allclose(c[m].to_numpy(), [ref[m][i] for i in c.index], atol=1e-9,
                                   err_msg=f"{m} {distance}")
    return c


def test_far_contact_is_weak_when_weights_are_lengths():
    c = _check_against_networkx(LEN, "weight")
    assert c.loc["far", "strength"] == pytest.approx(1.01)  # 1/100 + 1/1
    assert c.loc["far", "eigenvector"] < c.loc["a", "eigenvector"] / 10
    assert c.loc["far", "pagerank"] < c.loc["h", "pagerank"]
    meth = c.attrs["method"]
    assert {meth[m]["weights"] for m in STRENGTH_MEASURES} == {"1/length of the shortest record"}


def test_far_contact_is_strong_when_weights_are_strengths():
    c = _check_against_networkx(LEN, "inverse")
    assert c.loc["far", "strength"] == 101
    assert c.loc["far", "eigenvector"] > c.loc["a", "eigenvector"] * 10
    assert {c.attrs["method"][m]["weights"] for m in STRENGTH_MEASURES} == {"summed weight"}


@pytest.mark.parametrize("directed", [False, True])
def test_parallel_length_records_are_not_summed(directed):
    """Two partners report a-b with length 1: one tie of length 1 (strength 1), not strength 2;
    as strengths the two records add up."""
    base = pd.DataFrame({"source": ["a", "b", "c", "d", "b"], "target": ["b", "c", "a", "a", "a"],
                         "w": [1.0, 2.0, 4.0, 1.0, 3.0]})
    twice = pd.concat([base, base.iloc[[0]]], ignore_index=True)
    one = centrality(Network.from_edges(base, weight="w", directed=directed),
                     measures=STRENGTH_MEASURES, weighted=True, distance="weight")
    two = centrality(Network.from_edges(twice, weight="w", directed=directed),
                     measures=STRENGTH_MEASURES, weighted=True, distance="weight")
    pd.testing.assert_frame_equal(one, two)
    _check_against_networkx(twice, "weight", directed)
    summed = _check_against_networkx(twice, "inverse", directed)
    assert summed.loc["d", "strength"] == 1 and summed.loc["a", "strength"] == 2 + 3 + 4 + 1


@pytest.mark.parametrize("distance", ["weight", "inverse"])
def test_communities_read_the_same_strengths(distance):
    net = Network.from_edges(LEN, weight="w")
    comm = communities(net, seed=0, distance=distance)
    G = _nx(LEN, distance)
    parts = [set(comm.index[comm == k]) for k in sorted(comm.unique())]
    assert comm.attrs["modularity"] == pytest.approx(
        nx.community.modularity(G, parts, weight="w"), abs=1e-12)
    assert comm.attrs["weights"] == ("1/length of the shortest record" if distance == "weight"
                                     else "summed weight")
    together = bool(comm["far"] == comm["h"])
    # lengths: the length-100 tie is the weakest, far goes with x; strengths: the heaviest
    assert together is (distance == "inverse")


def test_vital_ranking_records_the_weight_each_measure_read():
    net = Network.from_edges(LEN, weight="w")
    v = vital_nodes(net, kinds=None, weighted=True, distance="weight")
    use = v.attrs["weight_use"]
    assert use["eigenvector"] == use["pagerank"] == use["strength"] == use["communities"] == \
        "1/length of the shortest record"
    assert use["betweenness"] == "length = weight of the shortest record"
    assert v.loc["far", "c_eigenvector"] < v.loc["a", "c_eigenvector"]
    inv = vital_nodes(net, kinds=None, weighted=True, distance="inverse")
    assert inv.attrs["weight_use"]["eigenvector"] == "summed weight"
    assert inv.loc["far", "c_eigenvector"] > inv.loc["a", "c_eigenvector"]
    plain = vital_nodes(net, kinds=None)
    assert plain.attrs["weight_use"]["eigenvector"] == "none (every tie counts 1)"
