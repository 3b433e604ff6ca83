"""Class: text that XML 1.0 forbids, and exports that fail half-way (review 6, R9).

Rules:

* every character XML 1.0 forbids (C0 controls other than tab, LF and CR; lone surrogates;
  U+FFFE, U+FFFF) is replaced by U+FFFD in GEXF, GraphML and the i2 workbook, before anything is
  written, and the export says how many text cells it changed (``notes``; the CLI prints it);
  allowed characters (tab, LF, CR, U+2028, accents) are kept. Two ids that would become one are
  refused.
* every export file is written to a temporary file and renamed: a failure leaves no partial file
  and an older file untouched.
* ``netwerk map`` checks and builds every export before the map or any file is written.

Members covered: NUL, vertical tab, form feed, U+001F, U+FFFE, U+FFFF (a lone surrogate in
``xml_safe``: pandas' Arrow strings refuse it before it can reach a network), in a
node id, label, stage, node kind and relation kind; read back by networkx (GEXF, GraphML), igraph
(GraphML) and openpyxl (i2); a failing GraphML/GEXF/i2/CSV write; the CLI on a case whose
partner text holds a vertical tab; the CLI with an export that fails before the map.
"""

from __future__ import annotations

import importlib
import shutil

import duckdb
import igraph as ig
import networkx as nx
import pandas as pd
import pytest

from netwerk.cli.main import run
from netwerk.errors import GraphError
from netwerk.graph.network import Network
from netwerk.viz.export import export, prepare_export, xml_safe

export_mod = importlib.import_module("netwerk.viz.export")  # the module, not the function

FORBIDDEN = ["\x00", "\x0b", "\x0c", "\x1f", "\ufffe", "\uffff"]
#: a lone surrogate cannot even sit in a pandas (Arrow) string column, so it never reaches a
#: Network from a file; xml_safe still replaces it (tested below)
SURROGATE = "\ud800"
ALLOWED = "tab\there, regel\nnieuw, cr\r, ls\u2028, é"


def _net(bad: str) -> Network:
    nodes = pd.DataFrame({"id": ["a", f"b{bad}x", "c"], "label": [f"fin{bad}ancier", "b", ALLOWED],
                          "stage": [f"s{bad}", "x", "y"], "kind": ["person", f"k{bad}", "person"]})
    edges = pd.DataFrame({"source": ["a", "a"], "target": [f"b{bad}x", "c"],
                          "kind": [f"tie{bad}", "tie"]})
    return Network.from_edges(edges, nodes=nodes, kind="kind")


@pytest.mark.parametrize("bad", FORBIDDEN, ids=[f"U+{ord(c):04X}" for c in FORBIDDEN])
@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_forbidden_characters_replaced_and_read_back(tmp_path, bad, fmt):
    notes: list[str] = []
    (p,) = export(_net(bad), tmp_path / f"n.{fmt}", format=fmt, positions=False, notes=notes)
    G = nx.read_gexf(p) if fmt == "gexf" else nx.read_graphml(p)
    assert set(G.nodes) == {"a", "b\ufffdx", "c"}
    assert G.nodes["a"]["label"] == "fin\ufffdancier" and G.nodes["a"]["stage"] == "s\ufffd"
    assert G.nodes["b\ufffdx"]["entity_type"] == "k\ufffd"
    assert sorted(d["link_type"] for *_e, d in G.edges(data=True)) == ["tie", "tie\ufffd"]
    # tab, LF, CR are legal XML; XML parsers normalise a bare CR to LF
    assert G.nodes["c"]["label"].replace("\r", "\n") == ALLOWED.replace("\r", "\n")
    # 6 cells: id, label, stage, kind of the node; from-id and type of the link
    assert notes == ["6 tekstcellen bevatten tekens die XML 1.0 niet toestaat; vervangen door U+FFFD"]
    if fmt == "graphml":
        g = ig.Graph.Read_GraphML(str(p))
        assert sorted(g.vs["id"]) == ["a", "b\ufffdx", "c"]


@pytest.mark.parametrize("bad", ["\x00", "\x0b", "\ufffe"])
def test_i2_workbook_replaced_and_opens(tmp_path, bad):
    from openpyxl import load_workbook

    (p,) = export(_net(bad), tmp_path / "n.xlsx", format="i2")
    ws = load_workbook(p)["Entities"]
    labels = [r[2] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert "fin\ufffdancier" in labels


def test_xml_safe_keeps_what_xml_allows():
    assert xml_safe(ALLOWED) == (ALLOWED, 0)
    bad = "".join(FORBIDDEN) + SURROGATE + "".join(map(chr, range(0x01, 0x09)))
    assert xml_safe(bad) == ("\ufffd" * len(bad), len(bad))


def test_ids_that_become_one_are_refused_before_writing(tmp_path):
    edges = pd.DataFrame({"source": ["a\x00", "a\x01"], "target": ["c", "c"]})
    with pytest.raises(GraphError, match="worden gelijk"):
        export(Network.from_edges(edges), tmp_path / "n.graphml", format="graphml",
               positions=False)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["gexf", "graphml", "i2", "csv"])
def test_failed_write_leaves_no_partial_file(tmp_path, monkeypatch, fmt):
    target = tmp_path / ("out" if fmt == "csv" else f"n.{fmt}")
    net = _net("\x0b")
    export(net, target, format=fmt, positions=False)
    before = {p.name: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}

    def half(*args, **kwargs):
        path = args[1] if len(args) > 1 else kwargs.get("path") or args[0]
        with open(path, "w") as fh:  # a partial file, then the failure
            fh.write("<graphml")
        raise OSError("disk full")

    if fmt == "gexf":
        monkeypatch.setattr(export_mod, "_write_gexf", half)
    elif fmt == "graphml":
        monkeypatch.setattr(nx, "write_graphml", half)
    elif fmt == "i2":
        monkeypatch.setattr(export_mod, "save_workbook", lambda wb, p: (wb.save(p), half(wb, p)))
    else:
        monkeypatch.setattr(export_mod.io, "write_csv", lambda df, p: half(df, p))
    with pytest.raises(OSError, match="disk full"):
        export(net, target, format=fmt, positions=False)
    after = {p.name: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert after == before  # the older file untouched, no temporary file left


@pytest.mark.slow
def test_cli_map_replaces_control_character_and_says_so(sample_cases, tmp_path, capsys):
    case = tmp_path / "c.duckdb"
    shutil.copy(sample_cases["hennep-oost"], case)
    con = duckdb.connect(str(case))
    n = con.execute("select count(*) from node_attributes where value = 'financier'").fetchone()[0]
    con.execute("update node_attributes set value = 'finan' || chr(11) || 'cier' "
                "where value = 'financier'")
    con.close()
    assert n >= 1
    out = tmp_path / "m.html"
    assert run(["map", str(case), "-o", str(out), "--no-alternatives", "--stability", "0",
                "--export", "graphml", "--export", "gexf"]) == 0
    said = " ".join(capsys.readouterr().err.split())
    assert "export (graphml): " in said and "vervangen door U+FFFD" in said
    G = nx.read_graphml(tmp_path / "m.graphml")
    assert any("finan\ufffdcier" in str(d.get("attr_rol", "")) for _n, d in G.nodes(data=True))
    assert nx.read_gexf(tmp_path / "m.gexf").number_of_nodes() == G.number_of_nodes()
    assert ig.Graph.Read_GraphML(str(tmp_path / "m.graphml")).vcount() == G.number_of_nodes()


@pytest.mark.slow
def test_cli_map_checks_exports_before_writing_anything(sample_cases, tmp_path, monkeypatch,
                                                        capsys):
    case = tmp_path / "c.duckdb"
    shutil.copy(sample_cases["hennep-oost"], case)

    def refuse(*_a, **_k):
        raise GraphError("export kan niet")

    monkeypatch.setattr(export_mod, "prepare_export", refuse)
    assert run(["map", str(case), "-o", str(tmp_path / "m.html"), "--no-alternatives",
                "--stability", "0", "--export", "graphml"]) == 1
    assert "export kan niet" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.duckdb"]


def test_prepare_export_writes_nothing(tmp_path):
    prep = prepare_export(_net("\x00"), format="graphml", positions=False)
    assert prep.notes and prep.graph is not None and list(tmp_path.iterdir()) == []
