"""load_network round trip and case_summary."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from casekit import KEY, MESSY_HEADER, MESSY_SPEC, P, messy_rows, write_extract, write_spec

from netwerk.graph.network import PROVENANCE_COLUMNS
from netwerk.ingest.pipeline import ingest_extract
from netwerk.ingest.pseudonymise import key_fingerprint
from netwerk.store import case_summary, connect, load_network


@pytest.fixture
def case(tmp_path: Path) -> Path:
    spec = write_spec(tmp_path, MESSY_SPEC, "messy")
    ex = write_extract(tmp_path / "messy.csv", MESSY_HEADER, messy_rows(), spec="messy",
                       partner="politie")
    path = tmp_path / "case.duckdb"
    ingest_extract(path, ex, spec, crime_type="cannabis")
    return path


def test_round_trip_kinds_provenance_attributes(case):
    net = load_network(case)
    a, b, c = (P("bsn", v) for v in ("111111110", "222222220", "333333330"))
    d = P("bsn", "444444440")
    k1, k2 = P("kvk", "12345678"), P("kvk", "87654321")
    assert net.nodes["kind"].to_dict() == {a: "person", b: "person", c: "person", d: "person",
                                           k1: "company", k2: "company"}
    assert net.nodes.loc[k1, "label"] == "Bakkerij X" and net.nodes.loc[a, "label"] == a
    assert (net.nodes["partners"] == "politie").all() and (net.nodes["aliases"] == "").all()
    assert net.nodes.loc[k1, "omzet"] == 1234.5 and net.nodes["omzet"].dtype.kind == "f"
    assert net.nodes["actief"].dropna().to_dict() == {k1: True, k2: False}
    assert net.nodes.loc[a, "stage"] == "productie" and pd.isna(net.nodes.loc[k1, "stage"])
    assert not net.directed and net.n_edges == 5
    for col in PROVENANCE_COLUMNS:
        assert col in net.edges.columns
    e = net.edges.set_index(["source", "target", "kind"])
    rec = e.loc[(a, b, "co_suspect")]
    assert rec["partner"] == "politie" and rec["extract"] == "messy.csv"
    assert rec["observed"] == pd.Timestamp("2020-02-01") and rec["weight"] == 2.5
    assert rec["grading_scheme"] == "admiralty" and rec["grading_score"] == pytest.approx(0.8)
    assert e.loc[(d, k2, "director_of"), "valid_from"] == pd.Timestamp("2019-06-15")
    na = net.node_attributes
    assert set(na.columns) >= {"node_id", "alias", "attribute", "value", "partner", "import_id",
                                "restricted"}
    assert na.loc[na["attribute"] == "omzet", "restricted"].all()
    assert net.meta["crime_type"] == "cannabis"
    assert net.meta["key_fingerprint"] == key_fingerprint(KEY)
    assert net.meta["imports"][0]["rows_read"] == 14 and net.meta["case"] == str(case)
    # one canonical node per id; the graph agrees with the tables
    assert net.graph.vcount() == len(net.nodes) and net.graph.ecount() == len(net.edges)
    same = load_network(case)
    pd.testing.assert_frame_equal(same.nodes, net.nodes)
    pd.testing.assert_frame_equal(same.edges, net.edges)


def test_empty_case_loads(tmp_path):
    path = tmp_path / "empty.duckdb"
    with connect(path):
        pass
    net = load_network(path)
    assert net.n_nodes == 0 and net.n_edges == 0
    s = case_summary(path)
    assert s["network"]["nodes"] == 0 and s["imports"] == [] and s["match_rates"] == []


def test_case_summary(case):
    s = case_summary(case)
    assert s["network"]["nodes"] == 6 and s["network"]["relations"] == 5
    assert s["network"]["components"] == 1
    assert s["nodes_by_kind"] == {"company": 2, "person": 4}
    assert {(r["kind"], r["partner"], r["n"]) for r in s["relations_by_kind_partner"]} == {
        ("co_suspect", "politie", 2), ("director_of", "politie", 2), ("family_of", "politie", 1)}
    assert {(r["partner"], r["kind"], r["n"]) for r in s["nodes_by_partner"]} == {
        ("politie", "company", 2), ("politie", "person", 4)}
    # 7 rows rejected; the rejects table also names row 6's self-loop (a relation reject)
    assert s["imports"][0]["rejects"] == 7 and sum(s["rejects_by_reason"].values()) == 8
    assert s["case_info"]["crime_type"] == "cannabis"
