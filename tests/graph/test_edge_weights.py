"""Class: edge-list weights that no measure can use (review 6, R4).

Rule: when an edge list is read (:meth:`Network.from_edges`, and so ``netwerk analyse``), a weight
that is blank or missing, not a number, infinite, negative or zero is a *reject*: the row is not
used, it is counted by reason in ``meta["rejected_edges"]`` and named (row, column, reason) in
``meta["rejects"]``; the CLI names file, row and column in Dutch. Zero is rejected for both
readings: as a length it would merge two nodes, as a strength ``1/0`` is infinite. A
:class:`Network` built directly (not from a read) refuses such weights with a :class:`GraphError`
(0 is allowed there: paths refuse it, strength and Leiden take it). Never a leidenalg
``BaseException`` or pandas' English text.

Members covered: "", "  ", NaN/None, "abc", "nan", "inf", "-inf", -1, 0, "-0"; every consumer of
weights (strength, Leiden communities, weighted betweenness/closeness with both distances, the
vital ranking) on what is left, compared to networkx; the CLI's messages and exit codes.
"""

from __future__ import annotations

import json

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from netwerk.analysis.centrality import centrality
from netwerk.analysis.structure import communities
from netwerk.analysis.vital import vital_nodes
from netwerk.cli.main import run
from netwerk.errors import GraphError
from netwerk.graph.network import Network, describe_rejects
from netwerk.i18n import using

BAD = [("", "missing_weight"), ("  ", "missing_weight"), (None, "missing_weight"),
       (np.nan, "missing_weight"), ("abc", "unparsable_number"), ("nan", "unparsable_number"),
       ("inf", "non_finite_weight"), ("-inf", "non_finite_weight"), ("-1", "negative_weight"),
       (-2.5, "negative_weight"), ("0", "zero_weight"), ("-0", "zero_weight"), (0.0, "zero_weight")]


def _ring(bad_value) -> pd.DataFrame:
    return pd.DataFrame({"source": ["a", "b", "c", "d"], "target": ["b", "c", "d", "a"],
                         "w": ["1", bad_value, "2", "1.5"]}, dtype=object)


@pytest.mark.parametrize(("value", "reason"), BAD)
def test_bad_weight_is_a_counted_named_reject(value, reason):
    net = Network.from_edges(_ring(value), weight="w")
    assert net.n_edges == 3
    assert net.meta["rejected_edges"] == {"empty_endpoint": 0, reason: 1}
    assert net.meta["rejects"] == [{"row": 2, "column": "w", "reason": reason}]
    assert net.meta["rows_read"] == 4
    assert list(net.edges["weight"]) == [1.0, 2.0, 1.5]
    # every consumer of weights runs on what is left
    c = centrality(net, weighted=True, distance="inverse")
    assert np.isfinite(c.to_numpy(dtype=float)).all()
    communities(net, seed=0)
    vital_nodes(net)


def test_weights_that_remain_match_networkx():
    e = _ring("-1")
    net = Network.from_edges(e, weight="w")
    G = nx.Graph()
    G.add_weighted_edges_from([("a", "b", 1.0), ("c", "d", 2.0), ("d", "a", 1.5)])
    c = centrality(net, measures=["strength", "betweenness", "closeness"], weighted=True,
                   distance="weight")
    # weights read as lengths: strength sums 1/length (one meaning per run, review 8 S6)
    inv = nx.Graph()
    inv.add_weighted_edges_from((u, v, 1.0 / w) for u, v, w in G.edges(data="weight"))
    want = dict(inv.degree(weight="weight"))
    assert c["strength"].to_dict() == pytest.approx(want)
    bt = nx.betweenness_centrality(G, weight="weight")
    cl = nx.closeness_centrality(G, distance="weight")
    for v in "abcd":
        assert c.loc[v, "betweenness"] == pytest.approx(bt[v])
        assert c.loc[v, "closeness"] == pytest.approx(cl[v])


def test_describe_rejects_is_dutch_first_with_file_row_column():
    net = Network.from_edges(_ring("abc"), weight="w")
    assert describe_rejects(net.meta, file="e.csv") == [
        "e.csv, rij 2, kolom 'w': 1 rij afgewezen (gewicht is geen getal)"]
    with using("en"):
        assert describe_rejects(net.meta, file="e.csv") == [
            "e.csv, row 2, column 'w': 1 row rejected (weight is not a number)"]


@pytest.mark.parametrize("value", ["abc", np.nan, np.inf, -1.0])
def test_network_built_directly_refuses_unusable_weights(value):
    edges = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "weight": [1.0, value]},
                         dtype=object)
    nodes = pd.DataFrame({"kind": "node"}, index=["a", "b", "c"])
    with pytest.raises(GraphError, match="relatie 2"):
        Network(nodes=nodes, edges=edges)


@pytest.mark.parametrize(("name", "cell", "label"), [
    ("blank", "", "gewicht leeg"), ("neg", "-1", "gewicht negatief"),
    ("text", "abc", "gewicht is geen getal"), ("zero", "0", "gewicht 0"),
    ("inf", "inf", "gewicht oneindig")])
def test_cli_rejects_bad_weight_with_file_row_column(tmp_path, capsys, name, cell, label):
    src = tmp_path / f"{name}.csv"
    src.write_text(f"source,target,w\na,b,1\nb,c,{cell}\nc,d,2\nd,a,1\n", encoding="utf-8")
    out = tmp_path / "o"
    assert run(["analyse", str(src), "--weight", "w", "-o", str(out), "--steps", "1"]) == 0
    err = capsys.readouterr()
    text = err.out + err.err
    assert f"{name}.csv, rij 2, kolom 'w': 1 rij afgewezen ({label})" in " ".join(text.split())
    assert "Traceback" not in text and "BaseException" not in text
    rows = json.loads((out / "provenance.json").read_text())["rows"]
    assert rows["rows_read"] == 4 and sum(rows["rejected"].values()) == 1
    assert rows["relations_analysed"] == 3


def test_cli_all_rows_rejected_is_a_clear_error(tmp_path, capsys):
    src = tmp_path / "allbad.csv"
    src.write_text("source,target,w\na,b,x\nb,c,-1\n", encoding="utf-8")
    assert run(["analyse", str(src), "--weight", "w", "-o", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert "geen bruikbare rijen" in err and "Traceback" not in err


def test_ingest_rejects_weights_no_measure_can_use(tmp_path):
    """The same class where a case store is filled: a spec's weight column with 0, a negative
    or an infinite amount is a reject (file, row, column, reason; the value is not repeated), so
    the case opens and every measure runs. A blank weight stays 1 (documented ingest rule)."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
    from casekit import P, write_extract, write_spec

    from netwerk.ingest.pipeline import ingest_extract

    spec = write_spec(tmp_path, """
name: tx
partner: fiod
delimiter: ";"
encoding: utf-8
decimal: "."
date_format: "%Y-%m-%d"
grading: {scheme: 4x4, source: C, information: "3"}
identifiers:
  - {columns: [van], kind: iban}
  - {columns: [naar], kind: iban}
nodes:
  - {id: van, kind: account}
  - {id: naar, kind: account}
relations:
  - {kind: transacts_with, source: van, target: naar, weight: bedrag}
""", "tx")
    a, b, c = (P("iban", x) for x in ("NL91ABNA0417164300", "NL20INGB0001234567",
                                       "NL02ABNA0123456789"))
    rows = [[a, b, "10"], [b, c, "-5"], [a, c, "0"], [c, a, ""], [b, a, "2.5"]]
    ex = write_extract(tmp_path / "tx.csv", ["van", "naar", "bedrag"], rows, spec="tx",
                       partner="fiod")
    res = ingest_extract(tmp_path / "case.duckdb", ex, spec)
    assert res.relations == 3
    rj = res.rejects
    assert sorted(zip(rj["row"], rj["column"], rj["reason"], strict=True)) == [
        (2, "bedrag", "negative_weight"), (3, "bedrag", "zero_weight")]
    assert not rj["detail"].str.contains("-5").any()
    import duckdb

    with duckdb.connect(str(tmp_path / "case.duckdb"), read_only=True) as con:
        w = [r[0] for r in con.execute("select weight from relations order by row").fetchall()]
    assert w == [10.0, 1.0, 2.5]
