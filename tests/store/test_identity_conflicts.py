"""Class: identity links must not make two registry numbers one subject.

A subject has one BSN, one RSIN and one KvK number. Transitive closure of identity links made one
person of two BSN holders whenever a weaker key linked both (two people with the same name and
birth date, a typo in a police person number, a branch number on two companies), and gave each the
other's ties. Rule now (``netwerk.store.identity``): a weak key linked to two ids of one unique kind
is not linked to either and is counted and said; unique ids chained through other unique ids stand
alone. Members covered: name + birth date on two BSNs; a police number on two BSNs through a name
key; a branch on two KvK numbers; RSIN on two; a chain BSN - KVK - BSN; no conflict (one subject,
as before: several name keys on one BSN, a company with many branches); order and orientation of
the links; against an independent networkx implementation of the rule on random graphs; the
invariant on every random graph; a case store end to end (``load_network``, the warning in Dutch
and English, ``netwerk info``)."""

from __future__ import annotations

import logging
import random
import sys
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from casekit import GEMEENTE_SPEC, P, write_extract, write_spec  # noqa: E402

from netwerk.ingest.pipeline import ingest_extract  # noqa: E402
from netwerk.store import load_network  # noqa: E402
from netwerk.store.identity import (  # noqa: E402
    UNIQUE_KINDS,
    alias_map,
    identity_conflicts,
    resolve_identities,
)

PRIO = {"BSN": 0, "RSIN": 1, "KVK": 2, "NGD": 3, "PID": 4}


def _links(pairs):
    return pd.DataFrame(pairs, columns=["node_a", "node_b"])


@pytest.mark.parametrize(("pairs", "subjects", "conflicts"), [
    pytest.param([("NGD-1", "BSN-8"), ("NGD-1", "BSN-9")],
                 {"BSN-8": "BSN-8", "BSN-9": "BSN-9", "NGD-1": "NGD-1"},
                 [("NGD-1", "BSN-8;BSN-9", "key_on_several")], id="name key on two BSNs"),
    pytest.param([("PID-3", "NGD-1"), ("NGD-1", "BSN-9"), ("PID-3", "BSN-8"), ("NGD-2", "BSN-8")],
                 {"BSN-8": "BSN-8", "BSN-9": "BSN-9", "NGD-1": "NGD-1", "PID-3": "NGD-1",
                  "NGD-2": "BSN-8"},
                 [("NGD-1;PID-3", "BSN-8;BSN-9", "key_on_several")],
                 id="police number and name key on two BSNs, the innocent key still linked"),
    pytest.param([("VES-1", "KVK-1"), ("VES-1", "KVK-2"), ("VES-2", "KVK-1")],
                 {"KVK-1": "KVK-1", "KVK-2": "KVK-2", "VES-1": "VES-1", "VES-2": "KVK-1"},
                 [("VES-1", "KVK-1;KVK-2", "key_on_several")], id="branch on two companies"),
    pytest.param([("KVK-1", "RSIN-1"), ("KVK-1", "RSIN-2")],
                 {"KVK-1": "KVK-1", "RSIN-1": "RSIN-1", "RSIN-2": "RSIN-2"},
                 [("", "KVK-1;RSIN-1;RSIN-2", "chained")], id="one KvK number on two RSINs"),
    pytest.param([("BSN-1", "KVK-1"), ("KVK-1", "BSN-2"), ("NGD-1", "BSN-1")],
                 {"BSN-1": "BSN-1", "BSN-2": "BSN-2", "KVK-1": "KVK-1", "NGD-1": "NGD-1"},
                 [("", "BSN-1;BSN-2;KVK-1", "chained")], id="BSN - KVK - BSN chain"),
    pytest.param([("NGD-1", "BSN-9"), ("NGD-2", "BSN-9"), ("PID-1", "NGD-2")],
                 {"BSN-9": "BSN-9", "NGD-1": "BSN-9", "NGD-2": "BSN-9", "PID-1": "BSN-9"},
                 [], id="no conflict: two name keys (a typo) on one BSN"),
    pytest.param([("KVK-1", "RSIN-1"), ("VES-1", "KVK-1"), ("VES-2", "KVK-1"), ("VES-3", "KVK-1")],
                 {"KVK-1": "RSIN-1", "RSIN-1": "RSIN-1", "VES-1": "RSIN-1", "VES-2": "RSIN-1",
                  "VES-3": "RSIN-1"},
                 [], id="no conflict: a company with many branches"),
])
def test_two_registry_numbers_never_one_subject(pairs, subjects, conflicts):
    links = _links(pairs)
    assert alias_map(links).to_dict() == dict(sorted(subjects.items()))
    got = identity_conflicts(links)
    assert [tuple(r) for r in got[["keys", "linked_to", "kind"]].itertuples(index=False)] \
        == conflicts
    # the same whatever the order and orientation of the links
    rng = random.Random(3)
    for _ in range(5):
        shuffled = [p[::-1] if rng.random() < 0.5 else p for p in pairs]
        rng.shuffle(shuffled)
        assert alias_map(_links(shuffled)).to_dict() == dict(sorted(subjects.items()))
        assert identity_conflicts(_links(shuffled)).equals(got)


def _reference(ids: list[str], pairs: list[tuple[str, str]]) -> dict[str, str]:
    """The rule written independently with networkx (see netwerk.store.identity)."""
    kind = {i: i.split("-")[0] for i in ids}
    strong = {i for i in ids if kind[i] in UNIQUE_KINDS}
    weak = nx.Graph()
    weak.add_nodes_from(i for i in ids if i not in strong)
    weak.add_edges_from((a, b) for a, b in pairs if a not in strong and b not in strong)
    bad = set()
    for group in nx.connected_components(weak):
        touched = {b if a in group else a for a, b in pairs
                   if (a in group) != (b in group) and (a in strong or b in strong)}
        touched = {t for t in touched if t in strong}
        if any(sum(kind[t] == k for t in touched) > 1 for k in UNIQUE_KINDS):
            bad |= group
    kept = [(a, b) for a, b in pairs
            if (a not in strong and b not in strong) or (a not in bad and b not in bad)]
    g = nx.Graph()
    g.add_nodes_from(ids)
    g.add_edges_from(kept)
    chained = set()
    for comp in nx.connected_components(g):
        if any(sum(kind[t] == k for t in comp & strong) > 1 for k in UNIQUE_KINDS):
            chained |= comp
    kept = [(a, b) for a, b in kept
            if not (a in chained or b in chained) or (a not in strong and b not in strong)]
    g = nx.Graph()
    g.add_nodes_from(ids)
    g.add_edges_from(kept)
    out = {}
    for comp in nx.connected_components(g):
        best = min(comp, key=lambda x: (PRIO.get(kind[x], 5), x))
        out.update(dict.fromkeys(comp, best))
    return dict(sorted(out.items()))


@pytest.mark.parametrize("seed", range(12))
def test_random_links_match_an_independent_networkx_implementation(seed):
    rng = random.Random(seed)
    prefixes = ["BSN", "BSN", "RSIN", "KVK", "NGD", "NGD", "PID", "VES", "TEL"]
    ids = sorted({f"{rng.choice(prefixes)}-{i:03d}" for i in range(120)})
    pairs = [tuple(rng.sample(ids, 2)) for _ in range(rng.randint(60, 140))]
    linked = sorted({x for p in pairs for x in p})
    got = resolve_identities([], _links(pairs))
    assert got.to_dict() == _reference(linked, pairs)
    # the invariant: no subject holds two ids of one unique kind
    frame = pd.DataFrame({"alias": got.index, "subject": got.to_numpy()})
    frame["kind"] = frame["alias"].str.split("-").str[0]
    per = frame[frame["kind"].isin(UNIQUE_KINDS)].groupby(["subject", "kind"]).size()
    assert (per <= 1).all()


def test_a_case_store_keeps_two_bsn_holders_with_one_name_apart(tmp_path, caplog):
    """Two municipalities' records of two people with the same name and birth date (different
    BSNs): before, one subject held both addresses."""
    a, b = P("bsn", "111222333"), P("bsn", "123456782")
    same = P("name_dob", "vries|jan|1980-02-01")
    adr1, adr2 = P("address", "1234AB|12"), P("address", "5678CD|3")
    spec = write_spec(tmp_path, GEMEENTE_SPEC, "gem")
    header = ["bsn", "ngd", "adres", "woonplaats", "sinds"]
    e1 = write_extract(tmp_path / "tilburg.csv", header, [[a, same, adr1, "Tilburg", "01-01-2015"]],
                       spec="gem", partner="gemeente")
    e2 = write_extract(tmp_path / "breda.csv", header, [[b, same, adr2, "Breda", "01-01-2016"]],
                       spec="gem", partner="gemeente")
    case = tmp_path / "case.duckdb"
    ingest_extract(case, e1, spec)
    ingest_extract(case, e2, spec)
    with caplog.at_level(logging.WARNING, logger="netwerk"):
        net = load_network(case)
    assert {a, b, same} <= set(net.nodes.index)
    assert net.nodes.loc[a, "aliases"] == "" and net.nodes.loc[b, "aliases"] == ""
    ends = {(r.source, r.target) for r in net.edges.itertuples()}
    assert ends == {(a, adr1), (b, adr2)}  # each keeps only their own address
    assert net.meta["identity_conflicts"] == [
        {"keys": same, "linked_to": ";".join(sorted([a, b])), "kind": "key_on_several"}]
    said = [r.getMessage() for r in caplog.records if "identiteitsconflict" in r.getMessage()]
    assert len(said) == 1 and "1 identiteitsconflict(en) in case.duckdb" in said[0]


@pytest.mark.parametrize(("lang", "title", "other"), [
    ("nl", "Identiteitsconflicten", "Identity conflicts"),
    ("en", "Identity conflicts", "Identiteitsconflicten"),
])
def test_netwerk_info_names_the_conflicts(tmp_path, capsys, lang, title, other):
    from netwerk.cli.main import run

    a, b = P("bsn", "111222333"), P("bsn", "123456782")
    same = P("name_dob", "vries|jan|1980-02-01")
    spec = write_spec(tmp_path, GEMEENTE_SPEC, "gem")
    header = ["bsn", "ngd", "adres", "woonplaats", "sinds"]
    case = tmp_path / "case.duckdb"
    for name, bsn in (("t.csv", a), ("b.csv", b)):
        e = write_extract(tmp_path / name, header, [[bsn, same, P("address", "1234AB|1"), "X", ""]],
                          spec="gem", partner="gemeente")
        ingest_extract(case, e, spec)
    capsys.readouterr()
    assert run(["--lang", lang, "info", str(case)]) == 0
    out = capsys.readouterr().out
    assert title in out and other not in out
    assert same in out.replace("\n", "")
