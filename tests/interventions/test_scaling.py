"""What makes planning scale: stages applied once, measures cached per change of the graph, one
evaluator shared by candidates and package, and the seeded efficiency estimate on large networks
(checked against networkx and by hand)."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from intervention_fixtures import CAPACITY, small_cannabis

from netwerk.case import Case
from netwerk.graph.network import Network
from netwerk.interventions import (
    Evaluator,
    apply_stage_rules,
    candidate_interventions,
    evaluator_for,
    is_staged,
    load_barrier_model,
    select_package,
)

MODEL = load_barrier_model("cannabis")


def _ring_of_cells(cells: int = 40, size: int = 15, seed: int = 3) -> Network:
    """A connected network of ``cells`` dense cells joined in a ring (600 nodes by default),
    with cannabis roles: above the exact-efficiency threshold, small enough for networkx."""
    rng = np.random.default_rng(seed)
    roles = ["hennepkweker", "dealer", "financier", "katvanger", "pandeigenaar", "growshophouder"]
    ids = [f"p{i:04d}" for i in range(cells * size)]
    rol = [roles[i % len(roles)] for i in range(len(ids))]
    rol[7] = "elektricien"  # the sole electrician
    e = []
    for c in range(cells):
        base = c * size
        for i in range(size):
            for j in range(i + 1, size):
                if rng.random() < 0.3:
                    e.append((ids[base + i], ids[base + j]))
        e.append((ids[base], ids[((c + 1) % cells) * size + 1]))
    for c in range(0, cells, 3):
        e.append((ids[7], ids[c * size + 2]))
    nodes = pd.DataFrame({"id": ids, "kind": "person", "rol": rol})
    edges = pd.DataFrame(e, columns=["source", "target"]).assign(kind="co_suspect")
    return Network.from_edges(edges, nodes=nodes, kind="kind")


def _nx_efficiency(net: Network, drop=()) -> float:
    G = nx.Graph()
    G.add_nodes_from(net.nodes.index)
    G.add_edges_from(zip(net.edges.source, net.edges.target, strict=True))
    G.remove_nodes_from(drop)
    return nx.global_efficiency(G)


def test_stage_rules_applied_once():
    net = small_cannabis()
    staged = apply_stage_rules(net, MODEL)
    assert staged is not net and is_staged(staged, MODEL)
    assert apply_stage_rules(staged, MODEL) is staged  # no second pass
    assert not is_staged(net, MODEL)
    # the case workflow's staging counts too
    loaded = Case.from_network(net, model=MODEL).net
    assert is_staged(loaded, MODEL) and apply_stage_rules(loaded, MODEL) is loaded
    # another model's stages do not
    other = load_barrier_model("synthetic_drugs")
    assert not is_staged(staged, other)
    assert apply_stage_rules(staged, other) is not staged
    # overwrite always re-applies, with the same stages
    again = apply_stage_rules(staged, MODEL, overwrite=True)
    assert again is not staged
    pd.testing.assert_series_equal(again.nodes["stage"], staged.nodes["stage"])


def test_measures_are_cached_per_change_of_the_graph():
    ev = Evaluator(apply_stage_rules(small_cannabis(), MODEL), MODEL)
    n0 = ev.computed
    m1 = ev.metrics([("b", "vervolging")])
    assert ev.computed == n0 + 1
    # another action with the same effect (remove the node), and an enabling action: no new work
    assert ev.metrics([("b", "ontbinding_rechtspersoon")]) == m1
    assert ev.metrics([("b", "vervolging"), ("b", "opsporingsonderzoek")]) == m1
    assert ev.computed == n0 + 1
    assert ev.metrics([("b", "opsporingsonderzoek")])["disruption"] == 0.0
    assert ev.computed == n0 + 1  # no change of the graph: the intact measures
    # and the cached result is the right one
    assert m1["efficiency"] == pytest.approx(_nx_efficiency(ev.net, drop=["b"]), abs=1e-12)


def test_candidates_and_package_share_one_evaluator():
    net = apply_stage_rules(small_cannabis(), MODEL)
    ids = list(net.nodes.index)
    cands = candidate_interventions(net, MODEL, vital=ids, samples=8)
    ev = evaluator_for(net, MODEL, samples=8)
    done = ev.computed
    assert done > 1
    pkg = select_package(net, MODEL, capacity=CAPACITY, max_actions=4, candidates=cands,
                         samples=8)
    assert evaluator_for(net, MODEL, samples=8) is ev
    # a fresh evaluator gives the same package: sharing changes the work, not the result
    fresh = apply_stage_rules(small_cannabis(), MODEL)
    pkg2 = select_package(fresh, MODEL, capacity=CAPACITY, max_actions=4,
                          candidates=candidate_interventions(fresh, MODEL, vital=ids, samples=8),
                          samples=8)
    pd.testing.assert_frame_equal(pkg.actions, pkg2.actions)
    assert evaluator_for(net, MODEL, samples=16) is not ev  # other parameters, other evaluator


def test_efficiency_exact_below_threshold_sampled_above():
    net = apply_stage_rules(_ring_of_cells(), MODEL)
    drop = ["p0000", "p0007"]
    acts = [(v, "vervolging") for v in drop]
    exact = Evaluator(net, MODEL, efficiency_exact=10_000)
    assert exact.efficiency_method == "exact"
    assert exact.base["efficiency"] == pytest.approx(_nx_efficiency(net), abs=1e-12)
    assert exact.metrics(acts)["efficiency"] == pytest.approx(_nx_efficiency(net, drop), abs=1e-12)
    # above the threshold: the mean normalised harmonic closeness of the seeded sources
    est = Evaluator(net, MODEL, efficiency_exact=100, efficiency_sources=50, seed=4)
    assert est.efficiency_method.startswith("sampled: 50")
    src = est._sources
    assert len(src) == 50 and len(set(src.tolist())) == 50
    G = nx.Graph()
    G.add_nodes_from(net.nodes.index)
    G.add_edges_from(zip(net.edges.source, net.edges.target, strict=True))
    G.remove_nodes_from(drop)
    names = [net.nodes.index[i] for i in src if net.nodes.index[i] not in drop]
    n = G.number_of_nodes()
    by_hand = np.mean([sum(1 / d for v, d in nx.single_source_shortest_path_length(G, s).items()
                           if v != s) / (n - 1) for s in names])
    assert est.metrics(acts)["efficiency"] == pytest.approx(by_hand, rel=1e-12)
    # same seed, same sources (and so the same estimate); every node as source = exact
    assert np.array_equal(Evaluator(net, MODEL, efficiency_exact=100, efficiency_sources=50,
                                    seed=4)._sources, src)
    full = Evaluator(net, MODEL, efficiency_exact=100, efficiency_sources=net.n_nodes)
    assert full.metrics(acts)["efficiency"] == pytest.approx(_nx_efficiency(net, drop), rel=1e-12)
    # the estimate of the relative drop is unbiased: over seeds it centres on the exact drop
    true_drop = 1 - exact.metrics(acts)["efficiency"] / exact.base["efficiency"]
    drops = []
    for seed in range(12):
        e = Evaluator(net, MODEL, efficiency_exact=100, efficiency_sources=64, seed=seed)
        drops.append(1 - e.metrics(acts)["efficiency"] / e.base["efficiency"])
    assert abs(np.mean(drops) - true_drop) < 0.05 * true_drop
    # the other measures stay exact
    for k in ("lcc_size", "components", "chain_complete", "chain_connected"):
        assert est.metrics(acts)[k] == exact.metrics(acts)[k]


def test_sampled_planning_is_deterministic_and_finds_the_electrician():
    net = apply_stage_rules(_ring_of_cells(), MODEL)
    kw = dict(capacity=CAPACITY, max_actions=4, vital=["p0007", "p0000", "p0015", "p0030"],
              seed=2, samples=8)
    a = select_package(net, MODEL, **kw)
    assert a.params["efficiency"].startswith("sampled")
    fresh = apply_stage_rules(_ring_of_cells(), MODEL)
    b = select_package(fresh, MODEL, **kw)
    pd.testing.assert_frame_equal(a.actions, b.actions)
    assert a.effect == b.effect
    # the sole electrician is the scarce role that breaks the chain
    assert "p0007" in set(a.actions["target"])
    assert a.effect["chain_broken"] > 0


def test_screened_search_and_incremental_efficiency(monkeypatch):
    """Large networks are screened (components and chain for candidates and the search) and the
    chosen package gets the efficiency; the incremental efficiency equals a full recomputation."""
    import netwerk.interventions.effects as fx

    net = apply_stage_rules(_ring_of_cells(), MODEL)
    monkeypatch.setattr(fx, "SCREEN_ABOVE", 10)
    monkeypatch.setattr(fx, "INCREMENTAL_ABOVE", 10)
    ev = Evaluator(net, MODEL, efficiency_exact=10, efficiency_sources=40, seed=1)
    assert ev.screen and ev.mode == "screen" and "screened" in ev.efficiency_method
    acts = [("p0000", "vervolging"), ("p0007", "vervolging")]
    cheap = ev.metrics(acts)
    assert cheap["efficiency"] == ev.base["efficiency"]      # screened: efficiency as intact
    with ev.finalists():
        assert ev.mode == "full"
        m = ev.metrics(acts)
    ref = Evaluator(net, MODEL, efficiency_exact=10, efficiency_sources=40, seed=1)
    ref.screen, ref._full = False, True
    monkeypatch.setattr(fx, "INCREMENTAL_ABOVE", 10**9)
    assert m["efficiency"] == pytest.approx(ref.metrics(acts)["efficiency"], rel=1e-12)
    for k in ("lcc_size", "components", "chain_complete"):
        assert cheap[k] == m[k]
