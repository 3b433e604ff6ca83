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


def case_net() -> Network:
    """Two specs spell one attribute differently (review 8 S11): ``Rol`` and ``rol``, with
    different values, and a column that already normalises to the first free suffix."""
    ids = ["BSN-" + c * 24 for c in "abc"]
    nodes = pd.DataFrame({"id": ids, "kind": ["person"] * 3,
                          "Rol": ["chauffeur", None, "teler"],
                          "rol": ["koerier", "financier", None],
                          "rol 2": ["x", "y", "z"]})
    edges = pd.DataFrame({"source": ids[:2], "target": ids[1:], "kind": ["co_suspect"] * 2})
    return Network.from_edges(edges, nodes=nodes, kind="kind")


def _roles(attrs: dict) -> dict:
    return {k: v for k, v in attrs.items() if k.startswith("attr_rol")}


def test_graphml_keys_unique_after_lower_casing_and_round_trip(tmp_path):
    net = case_net()
    (p,) = export(net, tmp_path / "c.graphml", format="graphml", positions=False)
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    root = ET.parse(p).getroot()
    node_keys = {k.get("attr.name"): (k.findtext(f"{ns}desc")) for k in root.iter(f"{ns}key")
                 if k.get("for") == "node"}
    assert {n: node_keys[n] for n in node_keys if n.startswith("attr_rol")} == {
        "attr_rol": "attr: Rol", "attr_rol_2": "attr: rol 2", "attr_rol_3": "attr: rol"}
    a, b, c = net.nodes.index
    want = {a: {"attr_rol": "chauffeur", "attr_rol_3": "koerier", "attr_rol_2": "x"},
            b: {"attr_rol_3": "financier", "attr_rol_2": "y"},
            c: {"attr_rol": "teler", "attr_rol_2": "z"}}
    G = nx.read_graphml(p)
    assert {n: _roles(G.nodes[n]) for n in G} == want
    g = ig.Graph.Read_GraphML(str(p))
    got = {v["id"]: {k: v[k] for k in g.vs.attributes() if k.startswith("attr_rol") and v[k]}
           for v in g.vs}
    assert got == want


def test_gexf_keys_unique_after_lower_casing_and_round_trip(tmp_path):
    net = case_net()
    (p,) = export(net, tmp_path / "c.gexf", format="gexf", positions=False)
    root = ET.parse(p).getroot()
    titles = [a.get("title") for a in root.iter(f"{GEXF}attribute")]
    assert len(titles) == len(set(titles))
    desc = root.find(f"{GEXF}meta").findtext(f"{GEXF}description")
    assert "attr_rol = attr: Rol" in desc and "attr_rol_3 = attr: rol" in desc
    a, b, c = net.nodes.index
    G = nx.read_gexf(p)
    assert _roles(G.nodes[a]) == {"attr_rol": "chauffeur", "attr_rol_3": "koerier",
                                  "attr_rol_2": "x"}
    assert _roles(G.nodes[b]) == {"attr_rol_3": "financier", "attr_rol_2": "y"}
