"""Class: GraphML/GEXF that other tools read. An attribute of mixed types (stage ``1`` and
``"sale"``) gets one key; GEXF is version 1.3 with a ``<graph>`` without an empty name, the
schema namespace right, directed relation kinds as directed edges (the others ``mutual``). Files
round-trip through networkx (GEXF, GraphML) and igraph (GraphML). Validation against the
published GEXF 1.3 grammar is opt-in (``test_gexf_schema.py``: the schema is not vendored and its
XSD form does not compile upstream); the structural checks below stand in."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import igraph as ig
import networkx as nx
import pandas as pd

from netwerk.graph.network import Network
from netwerk.viz.export import export

GEXF = "{http://gexf.net/1.3}"


def mixed_net() -> Network:
    nodes = pd.DataFrame({"id": ["KVK-" + "a" * 24, "KVK-" + "b" * 24, "BSN-" + "c" * 24],
                          "kind": ["company", "company", "person"],
                          "stage": [1, "sale", None]})
    edges = pd.DataFrame({"source": [nodes.id[2], nodes.id[0]], "target": [nodes.id[0], nodes.id[1]],
                          "kind": ["director_of", "co_suspect"]})
    return Network.from_edges(edges, nodes=nodes, kind="kind")


def test_graphml_one_key_per_attribute_and_round_trip(tmp_path):
    (p,) = export(mixed_net(), tmp_path / "m.graphml", format="graphml", positions=False)
    root = ET.parse(p).getroot()
    keys = [k.get("attr.name") for k in root.iter("{http://graphml.graphdrawing.org/xmlns}key")]
    assert len(keys) == len(set((k.get("for"), k.get("attr.name")) for k in root.iter(
        "{http://graphml.graphdrawing.org/xmlns}key")))
    assert keys.count("stage") == 1
    G = nx.read_graphml(p)
    assert {G.nodes[n].get("stage") for n in G} == {"1", "sale", None}
    g = ig.Graph.Read_GraphML(str(p))
    assert g.vcount() == 3 and g.ecount() == 2 and sorted(
        v for v in g.vs["stage"] if v) == ["1", "sale"]


def test_gexf_13_structure_and_round_trip(tmp_path):
    (p,) = export(mixed_net(), tmp_path / "m.gexf", format="gexf", positions=False)
    root = ET.parse(p).getroot()
    assert root.tag == f"{GEXF}gexf" and root.get("version") == "1.3"
    graph = root.find(f"{GEXF}graph")
    assert "name" not in graph.attrib and graph.get("defaultedgetype") == "directed"
    # the 1.3 RelaxNG grammar (gephi/gexf 1.3/gexf.rng) allows only "class" on <attributes>
    assert [sorted(a.attrib) for a in graph.findall(f"{GEXF}attributes")] == [["class"]] * 2
    titles = [a.get("title") for a in graph.iter(f"{GEXF}attribute")
              if a.get("title") == "stage"]
    assert titles == ["stage"]
    types = {e.get("type") for e in graph.iter(f"{GEXF}edge")}
    assert types == {None, "mutual"}  # director_of is directed, co_suspect mutual
    assert "http://www.w3.org/2001/XMLSchema-instance" in p.read_text()
    G = nx.read_gexf(p)
    assert G.number_of_nodes() == 3 and G.is_directed()
    assert {d for *_, d in G.edges(data="link_type")} == {"director_of", "co_suspect"}
