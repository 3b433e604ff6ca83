"""Class: ids and row counts in :meth:`Network.from_edges` (review 6, R8).

Rules:

* ids are normalised as identifiers are elsewhere (issue 9: "integer-valued float text is read as
  its integer"): ``2.0`` (pandas reads a numeric id column with a blank as floats) and the text
  ``"2.0"`` are the id ``2``; leading and trailing spaces are trimmed. The same rule holds for the
  edge list and the node table, and ``meta["ids"]`` counts both (the CLI says so).
* a node-table row without an id is rejected and counted (never a node ``nan``); identical
  repeated node rows are kept once and counted; two *different* rows for one id are refused
  (which one is right cannot be decided for the analyst).
* ``rows_read`` is the number of edge rows; rejects and self-loops (kept as records, left out of
  every measure) are counted, and ``rows_read == relations_analysed + self_loops_left_out +
  rejected`` in :meth:`Network.record_counts`, the console summary and ``provenance.json``.

Members covered: float ids from ``pd.read_csv`` defaults, ``"2.0"`` text, int ids, ``"007.0"``
(zeros kept), non-integer floats (``2.5`` stays), padded ids, NaN/None/blank ids in the node
table, identical and conflicting duplicates, ``rows_read`` with and without a node table, the
Dutch console summary and provenance of ``netwerk analyse`` with rejected rows and self-loops.
"""

from __future__ import annotations

import io
import json

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from netwerk.cli.main import run
from netwerk.errors import GraphError, Reason
from netwerk.graph.network import Network


def test_float_ids_from_pandas_defaults_are_their_integers():
    e = pd.read_csv(io.StringIO("source,target\n1,2\n2,3\n3,\n4,1\n"))
    assert e["target"].dtype == float  # the blank makes the column float
    net = Network.from_edges(e)
    assert sorted(net.node_ids) == ["1", "2", "3", "4"]
    G = nx.Graph([(1, 2), (2, 3), (4, 1)])
    assert len(net.undirected_graph.connected_components()) == nx.number_connected_components(G)
    assert net.meta["ids"] == {"trimmed": 0, "integer_valued_float": 3, "invisible": 0}
    assert net.meta["rejected_edges"] == {"empty_endpoint": 1}


@pytest.mark.parametrize(("value", "want"), [
    (2.0, "2"), ("2.0", "2"), (2, "2"), ("007.0", "007"), ("007", "007"), (2.5, "2.5"),
    ("-3.00", "-3"), (" a", "a"), ("a\t", "a"), ("NA", "NA")])
def test_one_id_rule(value, want):
    e = pd.DataFrame({"source": [value], "target": ["z"]}, dtype=object)
    assert list(Network.from_edges(e).node_ids) == [want, "z"]


def test_padded_and_float_ids_join_their_plain_twins():
    e = pd.DataFrame({"source": ["a", "b", "c", "1", 2], "target": ["b", "c", " a", 1.0, "2.0"]},
                     dtype=object)
    net = Network.from_edges(e)
    assert sorted(net.node_ids) == ["1", "2", "a", "b", "c"]
    assert net.meta["ids"] == {"trimmed": 1, "integer_valued_float": 2, "invisible": 0}
    assert net.record_counts()["self_loops_left_out"] == 2  # 1-1.0 and 2-"2.0"


def test_node_table_follows_the_same_id_rule():
    e = pd.DataFrame({"source": [1.0, 2.0], "target": [2.0, 3.0]})
    nodes = pd.DataFrame({"id": ["1", " 2", 3.0], "kind": ["person", "company", "person"]},
                         dtype=object)
    net = Network.from_edges(e, nodes=nodes)
    assert net.nodes["kind"].to_dict() == {"1": "person", "2": "company", "3": "person"}


def test_node_rows_without_id_are_rejected_and_counted():
    e = pd.DataFrame({"source": ["a"], "target": ["b"]})
    nodes = pd.DataFrame({"id": ["a", None, "  ", np.nan, "b"], "kind": "person"})
    net = Network.from_edges(e, nodes=nodes)
    assert sorted(net.node_ids) == ["a", "b"]
    assert net.meta["rejected_nodes"] == {str(Reason.MISSING_IDENTIFIER): 3}
    assert net.meta["node_rows_read"] == 5


def test_duplicate_node_rows_identical_kept_once_conflicting_refused():
    e = pd.DataFrame({"source": ["a"], "target": ["b"]})
    same = pd.DataFrame({"id": ["a", "b", "b"], "kind": ["person", "company", "company"]})
    net = Network.from_edges(e, nodes=same)
    assert net.nodes.loc["b", "kind"] == "company" and net.meta["duplicate_node_rows"] == 1
    clash = pd.DataFrame({"id": ["a", "b", " b"], "kind": ["person", "company", "person"]})
    with pytest.raises(GraphError, match=r"'b'.*rijen 2, 3") as exc:
        Network.from_edges(e, nodes=clash)
    assert exc.value.reason == Reason.DUPLICATE_NODE


def test_rows_read_is_the_edge_rows_with_or_without_node_table():
    e = pd.DataFrame({"source": ["a", "b", "c"], "target": ["b", "c", "d"]})
    n = pd.DataFrame({"id": ["a", "b", "c"], "kind": "person"})
    assert Network.from_edges(e, nodes=n).meta["rows_read"] == 3
    assert Network.from_edges(e).meta["rows_read"] == 3


def test_counts_reconcile():
    e = pd.DataFrame({"source": ["a", "b", "x", "b", "", "c"], "target": ["b", "c", "x", "b", "c", "d"],
                      "w": [1, 2, 1, 1, 1, -1]})
    c = Network.from_edges(e, weight="w").record_counts()
    assert c == {"rows_read": 6, "rejected": {"empty_endpoint": 1, "negative_weight": 1},
                 "relations": 4, "self_loops_left_out": 2, "relations_analysed": 2, "ties": 2,
                 "empty_rows": 0, "repeated_headers": 0}
    assert c["rows_read"] == (c["relations_analysed"] + c["self_loops_left_out"]
                              + sum(c["rejected"].values()) + c["empty_rows"]
                              + c["repeated_headers"])


def test_derived_network_does_not_claim_the_read_counts():
    e = pd.DataFrame({"source": ["a", "b", ""], "target": ["b", "c", "c"]})
    sub = Network.from_edges(e).subgraph(["a", "b"])
    c = sub.record_counts()
    assert c["rows_read"] == 1 and c["rejected"] == {}


def test_cli_summary_and_provenance_reconcile(tmp_path, capsys):
    src = tmp_path / "loops.csv"
    src.write_text("source,target\na,b\nb,c\nx,x\nb,b\n,c\n", encoding="utf-8")
    out = tmp_path / "o"
    assert run(["analyse", str(src), "-o", str(out), "--steps", "1"]) == 0
    text = " ".join((lambda r: r.out + r.err)(capsys.readouterr()).split())
    assert "2 relaties geanalyseerd" in text
    assert "5 rijen gelezen: 2 geanalyseerd, 1 afgewezen, 2 weggelaten (relatie met zichzelf)" in text
    assert "loops.csv, rij 5, kolom 'source': 1 rij afgewezen (bron of doel leeg)" in text
    assert text.count("1 rij afgewezen (bron of doel leeg)") == 1  # said once, with the file
    rows = json.loads((out / "provenance.json").read_text())["rows"]
    assert rows["rows_read"] == 5 and rows["rejected"] == {"empty_endpoint": 1}
    assert rows["self_loops_left_out"] == 2 and rows["relations_analysed"] == 2
    assert len(pd.read_csv(out / "edges.csv")) == rows["ties"] == 2


def test_cli_says_ids_were_normalised(tmp_path, capsys):
    src = tmp_path / "ids.csv"
    src.write_text("source,target\n1, 2\n2.0,3\n", encoding="utf-8")
    assert run(["analyse", str(src), "-o", str(tmp_path / "o"), "--steps", "1"]) == 0
    text = " ".join((lambda r: r.out + r.err)(capsys.readouterr()).split())
    assert "ids gelijkgemaakt: 1 met spaties eromheen ingekort, 1 als geheel getal gelezen" in text
    nodes = pd.read_csv(tmp_path / "o" / "nodes.csv", dtype=str)
    assert sorted(nodes["id"]) == ["1", "2", "3"]
