"""Classes: graph inputs. An empty or missing endpoint never becomes a node (rejected and
counted; ``NA`` and ``N/A`` are ordinary ids). Parallel records of one tie: lengths
(``distance="weight"``) take the shortest record, as shortest paths on a multigraph do; strengths
(``distance="inverse"``) add. Members covered: "", " ", None, NaN in source or target; NA/N/A;
two partners reporting one tie of length 1; closeness/betweenness against networkx on the
multigraph; the inverse distance of summed strengths."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from netwerk.analysis.centrality import centrality
from netwerk.graph.network import Network


def test_empty_and_missing_endpoints_are_rejected_and_counted():
    e = pd.DataFrame({"source": ["a", "", None, "b", np.nan, "NA"],
                      "target": ["b", "c", "d", "  ", "e", "N/A"]})
    net = Network.from_edges(e)
    assert sorted(net.node_ids) == ["N/A", "NA", "a", "b"]
    assert net.meta["rejected_edges"] == {"empty_endpoint": 4} and net.n_edges == 2
    assert "" not in net.node_ids and "nan" not in net.node_ids and "None" not in net.node_ids


def test_blank_id_never_ranks_first():
    e = pd.DataFrame({"source": ["", "", "", "a"], "target": ["a", "b", "c", "b"]})
    net = Network.from_edges(e)
    c = centrality(net, measures=["betweenness"])
    assert "" not in c.index and list(c.index) == ["a", "b"]


def _two_partners() -> pd.DataFrame:
    # a-b reported twice with length 1; a-c-b is a detour of length 1.5
    return pd.DataFrame({"source": ["a", "a", "a", "c", "b"], "target": ["b", "b", "c", "b", "d"],
                         "w": [1.0, 1.0, 0.75, 0.75, 1.0]})


def test_parallel_records_as_lengths_take_the_shortest():
    net = Network.from_edges(_two_partners(), weight="w")
    g = net.simple_graph
    ab = g.es[g.get_eid(net.node_ids.get_loc("a"), net.node_ids.get_loc("b"))]
    assert ab["length"] == 1.0 and ab["weight"] == 2.0 and ab["records"] == 2
    ours = centrality(net, measures=["closeness", "betweenness"], weighted=True,
                      distance="weight", normalized=False)
    M = nx.MultiGraph()
    M.add_weighted_edges_from(_two_partners().itertuples(index=False, name=None))
    close = nx.closeness_centrality(M, distance="weight")
    betw = nx.betweenness_centrality(_simple_min(M), weight="weight", normalized=False)
    for v in "abcd":
        assert ours.loc[v, "closeness"] == pytest.approx(close[v])
        assert ours.loc[v, "betweenness"] == pytest.approx(betw[v])
    assert ours.loc["c", "betweenness"] == 0  # the detour is longer than the reported tie


def _simple_min(M: nx.MultiGraph) -> nx.Graph:
    G = nx.Graph()
    for u, v, w in M.edges(data="weight"):
        if not G.has_edge(u, v) or G[u][v]["weight"] > w:
            G.add_edge(u, v, weight=w)
    return G


def test_parallel_records_as_strengths_add():
    net = Network.from_edges(_two_partners(), weight="w")
    c = centrality(net, measures=["closeness"], weighted=True, distance="inverse",
                   normalized=False)
    # a-b strength 2 -> length 0.5; a-c-b 1/0.75 * 2 = 2.67; b-d 1
    dist_a = {"b": 0.5, "c": 1 / 0.75, "d": 1.5}
    assert c.loc["a", "closeness"] == pytest.approx(3 / math.fsum(dist_a.values()))
