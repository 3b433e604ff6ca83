"""Applying effects and measuring disruption, checked against networkx and by hand."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from intervention_fixtures import small_cannabis

from netwerk.errors import ConfigError, GraphError
from netwerk.graph.network import Network
from netwerk.interventions import Evaluator, apply_stage_rules, load_barrier_model


@pytest.fixture(scope="module")
def ev():
    m = load_barrier_model("cannabis")
    return Evaluator(apply_stage_rules(small_cannabis(), m), m, samples=16)


def _nx(net: Network, drop=(), cut=()) -> nx.Graph:
    G = nx.Graph()
    G.add_nodes_from(net.nodes.index)
    for s, t in zip(net.edges.source, net.edges.target, strict=True):
        G.add_edge(s, t)
    G.remove_edges_from(cut)
    G.remove_nodes_from(drop)
    return G


def _check(ev, acts, G):
    m = ev.metrics(acts)
    lcc = max(len(c) for c in nx.connected_components(G))
    assert m["lcc_size"] == lcc
    assert m["components"] == nx.number_connected_components(G)
    assert m["efficiency"] == pytest.approx(nx.global_efficiency(G), abs=1e-12)
    return m


def test_intact(ev):
    m = _check(ev, [], _nx(ev.net))
    assert m["lcc_share"] == 1.0 and m["chain_complete"] and m["chain_connected"]
    assert m["disruption"] == 0.0


def test_remove_node_matches_networkx(ev):
    m = _check(ev, [("b", "vervolging")], _nx(ev.net, drop=["b"]))
    assert m["lcc_share"] == pytest.approx(m["lcc_size"] / 18)


def test_cut_relations_only_given_kinds(ev):
    # sm directs three companies and trades with fin and b: cutting director_of keeps those ties
    m = _check(ev, [("sm", "kvk_onderzoek_inschrijving")],
               _nx(ev.net, cut=[("sm", "C1"), ("sm", "C2"), ("sm", "C3")]))
    assert m["lcc_size"] == 15  # the three companies drop off, sm stays (ties to fin and b)


def test_disable_stage_sole_provider_breaks_chain(ev):
    # the only electrician stops: his ties to staged actors end and the chain is incomplete
    m = _check(ev, [("elek", "netbeheerder_verhaal_elektricien")],
               _nx(ev.net, cut=[("elek", "k1"), ("elek", "k2"), ("elek", "k3")]))
    assert not m["chain_complete"]
    assert m["chain_connected"]  # first and last stage still touch
    w = ev.weights
    assert m["disruption"] == pytest.approx(w["lcc"] * (1 - 17 / 18)
                                            + w["efficiency"] * (1 - m["efficiency"] /
                                                                 ev.base["efficiency"])
                                            + w["chain"])
    assert ev.stage_providers([("elek", "netbeheerder_verhaal_elektricien")])["electricity"] == 0


def test_order_does_not_matter_and_none_effect(ev):
    a = [("b", "aanhouding"), ("sm", "kvk_onderzoek_inschrijving"), ("k1", "opsporingsonderzoek")]
    assert ev.structural_gain(a) == ev.structural_gain(a[::-1])
    assert ev.structural_gain([("k1", "opsporingsonderzoek")]) == 0.0


def test_expected_is_mean_over_common_scenarios(ev):
    a = ("b", "aanhouding")
    draws = ev._draws(a)
    assert ev.objective([a]) == pytest.approx(draws.mean() * ev.structural_gain([a]))
    # same draws for the same action whatever else is in the set
    ev.objective([a, ("elek", "aanhouding")])
    assert np.array_equal(ev._draws(a), draws)


def test_recovery_is_seeded_and_rewires_to_same_stage():
    m = load_barrier_model("cannabis")
    net = apply_stage_rules(small_cannabis(), m)
    e1 = Evaluator(net, m, recovery=1.0, seed=3)
    e2 = Evaluator(net, m, recovery={"probability": 1.0, "preference": "degree"}, seed=3)
    # removing one grower: its neighbours re-tie to a remaining grower, so less falls apart
    a = [("k1", "vervolging"), ("k2", "vervolging")]
    plain = Evaluator(net, m).metrics(a)
    rec = e1.metrics(a)
    assert rec["rewired"] > 0 and rec["efficiency"] >= plain["efficiency"]
    assert e1.metrics(a) == rec
    assert Evaluator(net, m, recovery=1.0, seed=3).metrics(a) == rec
    assert e2.metrics(a)["rewired"] > 0
    # the sole electrician has no one to replace him
    assert e1.metrics([("elek", "vervolging")])["rewired"] == 0


def test_errors():
    m = load_barrier_model("cannabis")
    net = small_cannabis()
    with pytest.raises(ConfigError):
        Evaluator(net, m, weights={"speed": 1})
    with pytest.raises(ConfigError):
        Evaluator(net, m, recovery=1.5)
    ev = Evaluator(net, m)
    with pytest.raises(GraphError):
        ev.metrics([("nobody", "aanhouding")])
    with pytest.raises(ConfigError):
        ev.metrics([("b", "no_action")])


def test_no_chain_moves_weight():
    net = Network.from_edges(pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"]}))
    ev = Evaluator(net, load_barrier_model("cannabis"))
    assert ev.weights["chain"] == 0.0
    assert ev.weights["lcc"] + ev.weights["efficiency"] == pytest.approx(1.0)
