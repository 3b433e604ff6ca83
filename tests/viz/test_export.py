"""Exports: GEXF, GraphML, i2 workbook and CSV read back; formulas neutralised; profiles applied."""

from __future__ import annotations

import csv

import networkx as nx
import openpyxl
import pytest
from vizcases import XSS_ALERT, make_case_network, vital_for

from netwerk import Network, datasets
from netwerk.errors import GraphError, LeakError
from netwerk.io import neutralise
from netwerk.viz.export import entity_table, export, link_table
from netwerk.viz.styles import hex_to_rgb, node_style

FORMULAS = ["=HYPERLINK(\"http://x\",\"klik\")", "+31-cmd", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


def formula_net() -> Network:
    net = make_case_network(evil=True)
    nodes = net.nodes.copy()
    for i, f in enumerate(FORMULAS):
        nodes.iloc[i, nodes.columns.get_loc("label")] = f
    edges = net.edges.copy()
    edges.loc[1, "legal_basis"] = "=cmd|' /C calc'!A0"
    return Network(nodes=nodes, edges=edges, directed=True, node_attributes=net.node_attributes)


def test_gexf_roundtrip_positions_colours(tmp_path):
    net = make_case_network()
    v = vital_for(net)
    (p,) = export(net, tmp_path / "c.gexf", format="gexf", vital=v, seed=1)
    G = nx.read_gexf(p)
    # one edge per record; an undirected kind is a GEXF 1.3 "mutual" edge, which networkx
    # reads as an arc each way (issue 9: directed kinds directed, the others mutual)
    assert G.number_of_nodes() == 13 and len({d for *_, d in G.edges(data="link_id")}) == 16
    n0 = net.nodes.index[0]
    d = G.nodes[n0]
    assert d["entity_type"] == "person" and d["label"] == n0
    c = d["viz"]["color"]
    assert (c["r"], c["g"], c["b"]) == hex_to_rgb(node_style("person")["color"])
    assert {"x", "y"} <= set(d["viz"]["position"])
    top = v.index[0]
    assert G.nodes[top]["viz"]["size"] == pytest.approx(40.0)
    assert "debt_amount" not in str(G.nodes(data=True))
    kinds = sorted(dict(((i, k) for _, _, i, k in G.edges(keys=True, data="link_type"))).values())
    assert kinds == sorted(net.edges["kind"])
    (q,) = export(net, tmp_path / "d.gexf", format="gexf", vital=v, seed=1)
    assert p.read_bytes() == q.read_bytes()


def test_graphml_roundtrip(tmp_path):
    net = make_case_network()
    (p,) = export(net, tmp_path / "c.graphml", format="graphml")
    G = nx.read_graphml(p)
    assert G.number_of_nodes() == 13 and G.number_of_edges() == 16
    d = G.nodes[net.nodes.index[0]]
    assert isinstance(d["x"], float) and d["color"] == node_style("person")["color"]
    partners = sorted(p for _, _, p in G.edges(data="source_partner"))
    assert partners == sorted(net.edges["partner"])
    # research network without provenance
    (r,) = export(datasets.karate(), tmp_path / "k.graphml", format="graphml", positions=False)
    K = nx.read_graphml(r)
    assert K.number_of_nodes() == 34 and K.number_of_edges() == 78 and "x" not in K.nodes["0"]


def test_i2_workbook_neutralised(tmp_path):
    net = formula_net()
    (p,) = export(net, tmp_path / "c.xlsx", format="i2", vital=vital_for(net))
    wb = openpyxl.load_workbook(p)
    assert wb.sheetnames == ["Entities", "Links", "About"]
    ents = list(wb["Entities"].values)
    assert ents[0][:5] == ("Entity ID", "Entity Type", "Label", "Stage", "Partners")
    labels = [r[2] for r in ents[1:]]
    for f in FORMULAS:
        assert neutralise("'" + f.replace("\r", " ")) in labels or neutralise(f) in labels
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r"))
    links = list(wb["Links"].values)
    assert links[0] == ("Link ID", "From ID", "To ID", "Link Type", "Direction", "Date", "Grading",
                        "Grading score", "Source partner", "Legal basis", "Weight")
    assert len(links) == 17
    assert links[1][3] == "director_of" and links[1][4] == "With" and links[1][5] == "2026-03-01"
    assert links[1][6] == "A1" and links[1][7] == 1 and links[1][8] == "kvk" + XSS_ALERT
    assert "'=cmd|' /C calc'!A0" in [r[9] for r in links[1:]]
    header = ents[0]
    assert "attr: horeca_permit" in header and not any("debt" in str(h) for h in header)


def test_csv_neutralised_and_partner_profile(tmp_path):
    net = formula_net()
    paths = export(net, tmp_path / "out", format="csv", audience="partner:belastingdienst")
    assert [p.name for p in paths] == ["entities.csv", "links.csv"]
    with paths[0].open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    labels = {r["Label"] for r in rows}
    assert all(neutralise(f) in labels for f in FORMULAS)
    p0 = net.nodes.index[0]
    row = next(r for r in rows if r["Entity ID"] == p0)
    assert row["attr: debt_amount"] == "12500 (belastingdienst)"
    with paths[1].open(encoding="utf-8-sig", newline="") as f:
        assert len(list(csv.DictReader(f))) == 16


def test_tables_and_errors(tmp_path, case_net):
    ents = entity_table(case_net)
    assert list(ents["Entity ID"]) == list(case_net.nodes.index)
    assert "Vital score" not in ents.columns
    links = link_table(case_net)
    assert list(links["Link ID"][:2]) == ["L1", "L2"]
    with pytest.raises(GraphError):
        export(case_net, tmp_path / "x", format="pdf")
    nodes = case_net.nodes.copy()
    nodes.iloc[2, nodes.columns.get_loc("label")] = "AB-12-CD"
    bad = Network(nodes=nodes, edges=case_net.edges, directed=True)
    for fmt in ("gexf", "i2", "csv"):
        with pytest.raises(LeakError):
            export(bad, tmp_path / f"bad.{fmt}", format=fmt)
    assert not list(tmp_path.glob("bad*"))
