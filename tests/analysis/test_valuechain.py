"""Value-chain tests: stage rules, coverage, providers, bridges, chain cut (vs networkx)."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from netwerk.analysis.valuechain import (
    assign_stages,
    chain_connected,
    chain_cut,
    stage_bridges,
    stage_coverage,
    stage_providers,
)
from netwerk.errors import ConfigError, GraphError
from netwerk.graph.network import Network
from netwerk.i18n import using

STAGES = ["financing", "location", "electricity", "cultivation", "sale"]


@pytest.fixture
def chain() -> Network:
    stage = {"f1": "financing", "f2": "financing", "l1": "location", "l2": "location",
             "l3": "location", "e1": "electricity", "c1": "cultivation", "c2": "cultivation",
             "s1": "sale", "s2": "sale", "b": None}
    edges = [("f1", "l1"), ("f2", "l2"), ("f1", "l3"), ("l1", "e1"), ("l2", "e1"), ("l3", "e1"),
             ("e1", "c1"), ("e1", "c2"), ("c1", "b"), ("b", "s1"), ("c2", "s2")]
    nodes = pd.DataFrame({"id": list(stage), "kind": "person", "stage": list(stage.values())})
    s, t = zip(*edges, strict=True)
    return Network.from_edges(pd.DataFrame({"source": s, "target": t}), nodes=nodes)


def test_coverage_and_providers(chain):
    cov = stage_coverage(chain, STAGES + ["laundering"])
    assert cov["actors"].tolist() == [2, 3, 1, 2, 2, 0]
    assert cov["covered"].tolist() == [True] * 5 + [False]
    assert cov["share"].sum() == pytest.approx(1.0)
    prov = stage_providers(chain, STAGES)
    assert prov.index[prov["sole"]].tolist() == ["e1"]
    assert set(prov.index[prov["scarce"]]) == {"f1", "f2", "e1", "c1", "c2", "s1", "s2"}
    assert prov.loc["l1", "stage_actors"] == 3
    assert prov.index[0] == "f1"  # chain order, then id
    tight = stage_providers(chain, STAGES, scarce_max=1)
    assert tight.index[tight["scarce"]].tolist() == ["e1"]


def test_bridges(chain):
    br = stage_bridges(chain, STAGES)
    # b (no stage) has neighbours in cultivation and sale; e1 hands over to cultivation and has
    # neighbours in location and cultivation
    assert br.loc["b", "pairs"] == "cultivation→sale"
    assert br.loc["e1", "n_pairs"] == 2  # location→electricity (neighbours), electricity→cultivation
    assert br.index[:2].tolist() == ["c2", "e1"]  # two pairs each, then id order
    assert br.loc["e1", "brokered"] == 0  # its own stage sits between its neighbours' stages
    assert br.loc["b", "brokered"] == 1
    assert br.loc["c2", "pairs"] == "electricity→cultivation; cultivation→sale"
    assert br.loc["s2", "pairs"] == "cultivation→sale"
    assert "s1" not in br.index  # s1's only tie is b, who has no stage
    assert "f2" in br.index and br.loc["f2", "brokered"] == 0


def test_chain_cut_and_connected(chain):
    assert chain_connected(chain, STAGES)
    assert chain_cut(chain, STAGES) == ["e1"]
    broken = chain.remove_nodes(["e1"])
    assert not chain_connected(broken, STAGES)
    assert chain_cut(broken, STAGES) == []
    # e1 may not be removed -> the cut moves to the cheapest removable alternative
    with pytest.raises(GraphError):
        chain_cut(chain.remove_nodes([]), STAGES, removable=["company"])


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_chain_cut_size_matches_networkx(seed):
    rng = np.random.default_rng(seed)
    g = nx.connected_watts_strogatz_graph(60, 4, 0.3, seed=seed)
    stage = {str(v): rng.choice(["a", "b", "c", None], p=[0.15, 0.3, 0.15, 0.4]) for v in g}
    nodes = pd.DataFrame({"id": list(stage), "stage": list(stage.values())})
    net = Network.from_edges(pd.DataFrame([(str(u), str(v)) for u, v in g.edges()],
                                          columns=["source", "target"]), nodes=nodes)
    cut = chain_cut(net, ["a", "b", "c"])
    H = nx.relabel_nodes(g, str)
    first = [v for v, s in stage.items() if s == "a"]
    last = [v for v, s in stage.items() if s == "c"]
    # reference: node cut between two new terminals tied to the first / last stage
    H.add_edges_from(("S", v) for v in first)
    H.add_edges_from((v, "T") for v in last)
    H.add_edges_from(("S", f"s{v}") for v in first)  # let first-stage nodes be cut too
    ref = nx.minimum_node_cut(_split_ends(H, first, last), "S", "T")
    assert len(cut) == len(ref)
    assert not chain_connected(net.remove_nodes(cut), ["a", "b", "c"])


def _split_ends(H, first, last):
    # networkx never cuts terminals' neighbours' duplicates; model removable ends by a pendant copy
    G = nx.Graph()
    G.add_edges_from(e for e in H.edges() if "S" not in e and "T" not in e)
    for v in first:
        G.add_edge("S", f"in_{v}")
        G.add_edge(f"in_{v}", v)
    for v in last:
        G.add_edge(v, f"out_{v}")
        G.add_edge(f"out_{v}", "T")
    # a pendant copy is as costly to cut as v itself, so the minimum size is unchanged
    return G


def test_assign_stages_rules():
    nodes = pd.DataFrame({
        "id": ["p1", "p2", "c1", "c2", "c3", "a1"],
        "kind": ["person", "person", "company", "company", "company", "address"],
        "sbi": [None, None, "4321", "4778", "0113", None],
        "stage": [None, "sale", None, None, None, None],
    })
    edges = pd.DataFrame({"source": ["p1", "p2", "c3"], "target": ["c1", "c2", "a1"],
                          "kind": ["director_of", "director_of", "established_at"]})
    net = Network.from_edges(edges, nodes=nodes, kind="kind")
    rules = [
        {"attribute": "sbi", "prefix": "432", "stage": "electricity"},
        {"kind": "company", "attribute": "sbi", "in": ["4778", "9999"], "stage": "equipment"},
        {"relation": "director_of", "role": "source", "stage": "financing"},
        {"relation": "established_at", "role": "target", "stage": "location"},
        {"kind": ["company"], "stage": "other"},
    ]
    out = assign_stages(net, rules)
    assert out.nodes["stage"].to_dict() == {"p1": "financing", "p2": "sale", "c1": "electricity",
                                             "c2": "equipment", "c3": "other", "a1": "location"}
    assert net.nodes.loc["p1", "stage"] is None or pd.isna(net.nodes.loc["p1", "stage"])  # no mutation
    over = assign_stages(net, rules, overwrite=True)
    assert over.nodes.loc["p2", "stage"] == "financing"
    assert out.meta["stage_rules"]["matched"] == [1, 1, 1, 1, 1]


@pytest.mark.parametrize("bad", [
    [{"kind": "company"}],
    [{"stage": "x", "attribute": "sbi"}],
    [{"stage": "x", "prefix": "43"}],
    [{"stage": "x", "role": "source"}],
    [{"stage": "x", "relation": "owns", "role": "both"}],
    [{"stage": "x", "colour": "red"}],
])
def test_bad_rules_raise_config_error(chain, bad):
    with pytest.raises(ConfigError) as exc:
        assign_stages(chain, bad)
    assert "schakelregel 1: veld '" in str(exc.value)
    with using("en"), pytest.raises(ConfigError) as exc:
        assign_stages(chain, bad)
    assert "stage rule 1: field '" in str(exc.value)
    assert not any(w in str(exc.value) for w in ("veld", "schakel", "moet", "vraagt", "onbekend"))
