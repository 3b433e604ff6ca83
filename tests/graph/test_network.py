"""The Network: construction, interop, filters, ego, projection."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from netwerk import Network
from netwerk.errors import GraphError, Reason


def case_like() -> Network:
    nodes = pd.DataFrame(
        {
            "id": ["BSN-a", "BSN-b", "BSN-c", "KVK-x", "KVK-y", "ADR-1"],
            "kind": ["person", "person", "person", "company", "company", "address"],
        }
    )
    edges = pd.DataFrame(
        {
            "source": ["BSN-a", "BSN-b", "BSN-b", "BSN-c", "BSN-a", "BSN-a", "KVK-x"],
            "target": ["KVK-x", "KVK-x", "KVK-y", "KVK-y", "ADR-1", "KVK-x", "ADR-1"],
            "kind": ["director_of", "shareholder_of", "director_of", "director_of",
                     "registered_at", "director_of", "established_at"],
            "partner": ["KvK", "KvK", "KvK", "KvK", "gemeente", "Belastingdienst", "KvK"],
            "observed": [None, None, "2024-05-01", "2019-01-01", None, "2025-01-01", None],
            "valid_from": ["2020-01-01", "2021-06-01", None, None, "2018-01-01", None, None],
            "valid_to": [None, "2022-01-01", None, None, None, None, None],
            "grading_score": [1.0, 0.8, 0.8, 0.4, 0.6, 0.2, 1.0],
        }
    )
    return Network.from_edges(edges, nodes=nodes, kind="kind")


def test_from_edges_builds_aligned_tables():
    net = case_like()
    assert net.n_nodes == 6
    assert net.n_edges == 7
    assert list(net.graph.vs["name"]) == list(net.nodes.index)
    # edge i of the graph is row i of the edge table
    for i, e in enumerate(net.graph.es):
        assert net.nodes.index[e.source] == net.edges.loc[i, "source"]
        assert net.nodes.index[e.target] == net.edges.loc[i, "target"]


def test_simple_graph_collapses_multi_records():
    net = case_like()
    sg = net.simple_graph
    assert sg.ecount() == 6  # BSN-a -> KVK-x reported twice
    a, x = net.positions(["BSN-a", "KVK-x"])
    eid = sg.get_eid(a, x)
    assert sg.es[eid]["weight"] == 2.0
    assert sg.es[eid]["records"] == 2


def test_isolates_and_missing_nodes():
    nodes = pd.DataFrame({"id": ["a", "b", "z"], "kind": ["person"] * 3})
    net = Network.from_edges(pd.DataFrame({"source": ["a"], "target": ["c"]}), nodes=nodes)
    assert set(net.node_ids) == {"a", "b", "c", "z"}
    assert net.nodes.loc["c", "kind"] == "node"
    assert net.summary()["isolates"] == 2


def test_from_edges_missing_column_names_it():
    with pytest.raises(GraphError) as err:
        Network.from_edges(pd.DataFrame({"van": ["a"], "naar": ["b"]}))
    assert "source" in str(err.value) and "van" in str(err.value)


def test_unknown_node_in_edges_is_an_error():
    with pytest.raises(GraphError) as err:
        Network(nodes=pd.DataFrame({"kind": ["x"]}, index=["a"]),
                edges=pd.DataFrame({"source": ["a"], "target": ["q"]}))
    assert err.value.reason == Reason.UNKNOWN_NODE


def test_ids_are_strings():
    net = Network.from_edges(pd.DataFrame({"source": [1, 2], "target": [2, 3]}))
    assert list(net.node_ids) == ["1", "2", "3"]


def test_to_networkx_matches_igraph():
    net = case_like()
    G = net.to_networkx()
    assert isinstance(G, nx.Graph) and not G.is_directed()
    assert G.number_of_nodes() == 6 and G.number_of_edges() == 6
    assert G["BSN-a"]["KVK-x"]["weight"] == 2.0
    M = net.to_networkx(multigraph=True)
    assert M.number_of_edges() == 7
    partners = sorted(d["partner"] for _, _, d in M.edges("BSN-a", data=True) if _ != "ADR-1")
    assert "Belastingdienst" in partners


def test_directed_network():
    net = Network.from_edges(pd.DataFrame({"source": ["a", "b"], "target": ["b", "a"]}),
                             directed=True)
    assert net.graph.is_directed()
    assert net.simple_graph.ecount() == 2
    assert isinstance(net.to_networkx(), nx.DiGraph)


def test_filter_by_kind_partner_grading():
    net = case_like()
    assert net.filter(kinds=["director_of"]).n_edges == 4
    assert set(net.filter(partners=["gemeente"]).node_ids) == {"BSN-a", "ADR-1"}
    assert net.filter(min_grading=0.7).n_edges == 4
    with_iso = net.filter(kinds=["registered_at"], keep_isolates=True)
    assert with_iso.n_nodes == 6 and with_iso.n_edges == 1


def test_filter_date_window():
    net = case_like()
    # 2023: drops b-x (ended 2022-01-01), keeps undated and overlapping records
    w = net.filter(start="2023-01-01", end="2023-12-31")
    kept = set(zip(w.edges["source"], w.edges["target"], w.edges["kind"], strict=True))
    assert ("BSN-b", "KVK-x", "shareholder_of") not in kept
    assert ("BSN-a", "KVK-x", "director_of") in kept          # valid from 2020, open-ended
    assert ("BSN-b", "KVK-y", "director_of") not in kept      # observed 2024-05-01 only
    assert ("BSN-c", "KVK-y", "director_of") not in kept      # observed 2019
    assert ("KVK-x", "ADR-1", "established_at") in kept       # undated: kept


def test_filter_partner_needs_provenance():
    net = Network.from_edges(pd.DataFrame({"source": ["a"], "target": ["b"]}))
    with pytest.raises(GraphError):
        net.filter(partners=["politie"])


def test_filter_node_kinds():
    net = case_like()
    only = net.filter(node_kinds=["person", "company"])
    assert set(only.nodes["kind"]) == {"person", "company"}
    assert "ADR-1" not in only.node_ids


def test_ego():
    net = case_like()
    e1 = net.ego("BSN-c", radius=1)
    assert set(e1.node_ids) == {"BSN-c", "KVK-y"}
    e2 = net.ego("BSN-c", radius=2)
    assert set(e2.node_ids) == {"BSN-c", "KVK-y", "BSN-b"}
    with pytest.raises(GraphError):
        net.ego("nobody")


def test_projection_persons_via_companies_and_addresses():
    net = case_like()
    p = net.project("person", via=["company", "address"])
    assert set(p.node_ids) == {"BSN-a", "BSN-b", "BSN-c"}
    e = p.edges.set_index(["source", "target"])
    assert e.loc[("BSN-a", "BSN-b"), "shared"] == "KVK-x"
    assert e.loc[("BSN-a", "BSN-b"), "weight"] == 1
    assert e.loc[("BSN-b", "BSN-c"), "shared"] == "KVK-y"
    assert ("BSN-a", "BSN-c") not in e.index
    # the same through networkx's bipartite projection, as a reference
    G = net.to_networkx()
    persons = [n for n in G if n.startswith("BSN")]
    B = G.edge_subgraph([(u, v) for u, v in G.edges() if (u in persons) != (v in persons)])
    P = nx.bipartite.weighted_projected_graph(B, [n for n in persons if n in B])
    assert {tuple(sorted(x)) for x in P.edges()} == set(e.index)


def test_remove_and_subgraph_do_not_mutate():
    net = case_like()
    before = net.edges.copy()
    smaller = net.remove_nodes(["KVK-x"])
    assert "KVK-x" not in smaller.node_ids
    assert smaller.n_edges == 3
    pd.testing.assert_frame_equal(net.edges, before)


def test_summary_and_repr():
    net = case_like()
    s = net.summary()
    assert s["nodes_by_kind"] == {"address": 1, "company": 2, "person": 3}
    assert s["relations_by_partner"]["KvK"] == 5
    assert s["components"] == 1
    assert "6 nodes" in repr(net)
    html = net._repr_html_()
    assert "<table>" in html and "director_of" in html


def test_repr_html_escapes():
    net = Network.from_edges(pd.DataFrame({"source": ["a"], "target": ["b"],
                                           "k": ["<script>x</script>"]}), kind="k")
    assert "<script>" not in net._repr_html_()


def test_positions_roundtrip():
    net = case_like()
    idx = net.positions(["KVK-y", "BSN-a"])
    assert list(net.node_ids[idx]) == ["KVK-y", "BSN-a"]
    assert isinstance(idx, np.ndarray)
