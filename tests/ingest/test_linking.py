"""Identity resolution and match rates."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))

from casekit import GEMEENTE_SPEC, POLITIE_NGD_SPEC, P, write_extract, write_spec  # noqa: E402

from netwerk.ingest.pipeline import ingest_extract  # noqa: E402
from netwerk.store import load_network  # noqa: E402
from netwerk.store.identity import key_kind, match_rates, resolve_identities  # noqa: E402


def test_priority_bsn_over_ngd_over_pid_and_transitive():
    links = pd.DataFrame({"node_a": ["PID-2", "NGD-1", "KVK-9"], "node_b": ["NGD-1", "BSN-7", "RSIN-3"]})
    got = resolve_identities(["BSN-7", "ADR-5", "TEL-1"], links)
    assert got.to_dict() == {"ADR-5": "ADR-5", "BSN-7": "BSN-7", "KVK-9": "RSIN-3",
                             "NGD-1": "BSN-7", "PID-2": "BSN-7", "RSIN-3": "RSIN-3",
                             "TEL-1": "TEL-1"}


def test_ties_are_lexicographic_and_unknown_prefixes_last():
    links = pd.DataFrame({"node_a": ["NGD-b", "NGD-b", "XYZ-0"], "node_b": ["NGD-a", "NGD-c", "NGD-c"]})
    got = resolve_identities([], links)
    assert set(got.to_numpy()) == {"NGD-a"}
    assert resolve_identities([], None).empty
    assert key_kind(pd.Series(["BSN-1", "RSIN-2"])).tolist() == ["BSN", "RSIN"]


def test_components_match_networkx():
    """Without keys of the unique kinds (one BSN, RSIN, KvK per subject) linking is plain
    connected components (networkx); with them, see tests/store/test_identity_conflicts.py."""
    rng = random.Random(7)
    prefixes = ["NGD", "PID", "VES", "TEL"]
    ids = [f"{rng.choice(prefixes)}-{i:04d}" for i in range(300)]
    pairs = [(rng.choice(ids), rng.choice(ids)) for _ in range(200)]
    links = pd.DataFrame(pairs, columns=["node_a", "node_b"])
    got = resolve_identities(ids, links)
    g = nx.Graph()
    g.add_nodes_from(ids)
    g.add_edges_from(pairs)
    prio = {"BSN": 0, "RSIN": 1, "KVK": 2, "NGD": 3, "PID": 4}
    for comp in nx.connected_components(g):
        want = min(comp, key=lambda x: (prio.get(x.split("-")[0], 5), x))
        assert set(got.loc[sorted(comp)]) == {want}


@pytest.fixture
def two_partner_case(tmp_path: Path) -> dict:
    a, b = P("bsn", "111111110"), P("bsn", "222222220")
    na, nb = P("name_dob", "berg|jan|1980-02-01"), P("name_dob", "jansen|piet|1975-04-03")
    adr = P("address", "1234AB|12")
    gem = write_spec(tmp_path, GEMEENTE_SPEC, "gem")
    pol = write_spec(tmp_path, POLITIE_NGD_SPEC, "pol")
    g = write_extract(tmp_path / "gem.csv", ["bsn", "ngd", "adres", "woonplaats", "sinds"],
                      [[a, na, adr, "Tilburg", "01-01-2015"], [b, "", adr, "Tilburg", ""]],
                      spec="gem", partner="gemeente")
    p = write_extract(tmp_path / "pol.csv", ["verdachte", "mede", "plaats", "datum"],
                      [[na, nb, "Breda", "05-05-2021"]], spec="pol", partner="politie")
    case = tmp_path / "case.duckdb"
    ingest_extract(case, g, gem)
    ingest_extract(case, p, pol)
    return {"case": case, "a": a, "b": b, "na": na, "nb": nb, "adr": adr}


def test_bsn_and_ngd_aliases_link_across_partners(two_partner_case):
    c = two_partner_case
    net = load_network(c["case"])
    assert sorted(net.nodes.index) == sorted([c["a"], c["b"], c["adr"], c["nb"]])
    assert net.nodes.loc[c["a"], "aliases"] == c["na"]
    assert net.nodes.loc[c["a"], "partners"] == "gemeente;politie"
    assert net.nodes.loc[c["b"], "aliases"] == ""
    co = net.edges[net.edges["kind"] == "co_suspect"].iloc[0]
    assert (co["source"], co["target"], co["source_alias"]) == (c["a"], c["nb"], c["na"])
    # partners disagree on the place: the most recent import wins, both are kept
    assert net.nodes.loc[c["a"], "gemeente"] == "Breda"
    said = net.node_attributes[(net.node_attributes["node_id"] == c["a"])
                               & (net.node_attributes["attribute"] == "gemeente")]
    assert dict(zip(said["partner"], said["value"], strict=True)) == {"gemeente": "Tilburg",
                                                                      "politie": "Breda"}
    unresolved = load_network(c["case"], resolve=False)
    assert c["na"] in unresolved.nodes.index and unresolved.n_nodes == 5


def test_match_rates_per_partner_and_key_kind(two_partner_case):
    got = match_rates(two_partner_case["case"]).set_index(["partner", "key_kind"])
    want = {("gemeente", "ADR"): (1, 0, 0), ("gemeente", "BSN"): (2, 1, 0),
            ("gemeente", "NGD"): (1, 1, 1), ("politie", "NGD"): (2, 1, 1)}
    assert {k: tuple(int(x) for x in v)
            for k, v in got[["count", "linked", "linked_exact"]].iterrows()} == want
    assert got.loc[("gemeente", "BSN"), "rate"] == pytest.approx(0.5)
    exact = match_rates(two_partner_case["case"], resolve=False).set_index(["partner", "key_kind"])
    assert exact.loc[("gemeente", "BSN"), "linked"] == 0


@pytest.fixture(scope="module")
def hennep_case(tmp_path_factory, sample_data):
    """hennep-oost: all six raw extracts pseudonymised with the demo key, ingested by manifest."""
    import yaml

    from netwerk.ingest.pipeline import ingest_manifest
    from netwerk.ingest.pseudonymise import pseudonymise_file
    from netwerk.ingest.spec import load_spec

    src = sample_data / "hennep-oost"
    if not (src / "manifest.yaml").exists():
        pytest.skip("sample_data/hennep-oost not present")
    key = (sample_data / "demo.key").read_bytes().strip()
    out = tmp_path_factory.mktemp("hennep")
    manifest = yaml.safe_load((src / "manifest.yaml").read_text(encoding="utf-8"))
    entries = []
    for e in manifest["extracts"]:
        target = out / Path(e["file"]).name
        pseudonymise_file(src / e["file"], load_spec(e["spec"]), key, target)
        entries.append({"file": target.name, "spec": e["spec"]})
    (out / "manifest.yaml").write_text(yaml.safe_dump({**manifest, "extracts": entries}),
                                       encoding="utf-8")
    results = ingest_manifest(out / "case.duckdb", out / "manifest.yaml")
    truth = yaml.safe_load((sample_data / "truth.yaml").read_text(encoding="utf-8"))
    return {"case": out / "case.duckdb", "key": key, "results": results,
            "truth": truth["cases"]["hennep-oost"]}


def test_planted_subjects_linked_across_partners(hennep_case):
    from netwerk.ingest.pseudonymise import pseudonym

    assert all(r.reconciled for r in hennep_case["results"])
    net = load_network(hennep_case["case"])
    g = net.simple_graph
    for planted in hennep_case["truth"]["planted"]:
        node = pseudonym("bsn", planted["bsn"], hennep_case["key"])
        row = net.nodes.loc[node]
        partners = set(row["partners"].split(";"))
        # the police know the facilitator only by name + birth date: the BRP links it to the BSN
        assert {"politie", "gemeente"} <= partners, planted["role"]
        kinds = {a.split("-")[0] for a in row["aliases"].split(";")}
        assert {"NGD", "PID"} <= kinds, planted["role"]
        assert g.degree(net.positions([node])[0]) == planted["structure"]["degree"], planted["role"]
    assert net.nodes["kind"].value_counts()["person"] == hennep_case["truth"]["actors"]["person"]
    rates = match_rates(hennep_case["case"]).set_index(["partner", "key_kind"])
    assert rates.loc[("politie", "NGD"), "rate"] > 0.9
