"""rank_stability: seeded, reproducible, collapses without perturbation, and behaves as theory says
on a star (a cut vertex stays on top) and a ring of equals (ranks are arbitrary)."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from netwerk.analysis import rank_stability, vital_nodes
from netwerk.analysis.stability import _record_drop_chance
from netwerk.analysis.vital import load_vital_weights
from netwerk.datasets import (
    _from_nx,
    caviar,
    karate,
    krackhardt_kite,
    montagna_phonecalls,
    random_directed_weighted,
)
from netwerk.errors import GraphError
from netwerk.graph import Network


def test_seeded_and_reproducible_across_processes() -> None:
    net = krackhardt_kite()
    a = rank_stability(net, replicates=16, edge_dropout=0.2, weight_noise=0.2, seed=7, n_jobs=1)
    b = rank_stability(net, replicates=16, edge_dropout=0.2, weight_noise=0.2, seed=7, n_jobs=2)
    pd.testing.assert_frame_equal(a, b)
    c = rank_stability(net, replicates=16, edge_dropout=0.2, weight_noise=0.2, seed=8, n_jobs=2)
    assert not a[["rank_median", "rank_lo", "rank_hi", "p_top_k"]].equals(
        c[["rank_median", "rank_lo", "rank_hi", "p_top_k"]])
    assert a.attrs["seed"] == 7 and a.attrs["params"]["replicates"] == 16


def test_no_perturbation_collapses_to_exact_rank() -> None:
    net = karate()
    s = rank_stability(net, replicates=5, edge_dropout=0.0, node_dropout=0.0, weight_noise=0.0,
                       top_k=5, n_jobs=2)
    v = vital_nodes(net)
    assert (s["rank"] == v["rank"].reindex(s.index)).all()
    assert (s["rank_lo"] == s["rank"]).all() and (s["rank_hi"] == s["rank"]).all()
    assert (s["rank_median"] == s["rank"]).all()
    assert ((s["p_top_k"] == 1.0) == (s["rank"] <= 5)).all()
    assert set(s["p_top_k"]) <= {0.0, 1.0} and (s["certainty"] == "zeker").all()


def test_star_cut_vertex_stays_top_with_probability_one() -> None:
    star = _from_nx(nx.star_graph(15))
    s = rank_stability(star, replicates=30, edge_dropout=0.05, top_k=1, n_jobs=2)
    assert s.index[0] == "0"
    assert s.loc["0", "p_top_k"] == 1.0
    assert s.loc["0", "rank_lo"] == s.loc["0", "rank_hi"] == 1
    assert s.loc["0", "certainty"] == "zeker"
    assert s.drop(index="0")["p_top_k"].max() == 0.0


def test_ring_of_equals_spans_nearly_all_ranks() -> None:
    n = 16
    ring = _from_nx(nx.cycle_graph(n))
    s = rank_stability(ring, replicates=40, edge_dropout=0.1, top_k=4, n_jobs=2)
    width = (s["rank_hi"] - s["rank_lo"]).astype(int)
    assert width.median() >= 0.75 * (n - 1)
    # no node is reliably in or out of the top 4
    assert (s["p_top_k"] > 0.0).all() and (s["p_top_k"] < 1.0).mean() >= 0.9


def test_node_dropout_marks_absence() -> None:
    s = rank_stability(karate(), replicates=12, edge_dropout=0.0, node_dropout=0.2, n_jobs=2)
    assert (s["p_present"] < 1.0).any() and (s["p_present"] > 0.0).all()
    assert (s["rank_lo"] <= s["rank_median"]).all() and (s["rank_median"] <= s["rank_hi"]).all()


def test_grading_weighted_dropout_keeps_mean_and_order() -> None:
    e = pd.DataFrame({"source": list("abcdefgh"), "target": list("bcdefgha"),
                      "grading_score": [1.0, 1.0, 0.8, 0.8, 0.5, 0.5, 0.0, 0.0]})
    net = Network.from_edges(e)
    p = _record_drop_chance(net, 0.2, True)
    assert p.mean() == pytest.approx(0.2)
    assert p[0] == 0.0 and p[-1] > p[4] > p[2] > 0
    # capped at 1: the excess goes to the other weak records, mean unchanged
    q = _record_drop_chance(net, 0.45, True)
    assert q.max() <= 1.0 and q.mean() == pytest.approx(0.45)
    assert np.allclose(_record_drop_chance(net, 0.2, False), 0.2)
    s = rank_stability(net, replicates=4, edge_dropout=0.1, n_jobs=1)
    assert s.attrs["params"]["by_grading"] is True


@pytest.mark.parametrize("kwargs", [{"edge_dropout": 1.0}, {"node_dropout": -0.1},
                                    {"replicates": 0}, {"top_k": 0}, {"weight_noise": 2.0},
                                    {"noise": "gauss"}])
def test_bad_arguments_raise(kwargs) -> None:
    with pytest.raises(GraphError):
        rank_stability(krackhardt_kite(), **kwargs)


def test_by_grading_default_follows_the_policy(monkeypatch) -> None:
    # grading_policy.yaml's dropout_by_grading: false gives every record the same drop chance
    # (the outputs' policy sentence then says nothing about it, so the analysis must not do it)
    from netwerk.analysis import grading

    e = pd.DataFrame({"source": list("abcd"), "target": list("bcda"),
                      "grading_score": [1.0, 0.8, 0.5, 0.0]})
    net = Network.from_edges(e)
    policy = {**grading.grading_policy(), "dropout_by_grading": False}
    monkeypatch.setattr(grading, "grading_policy", lambda *a, **k: policy)
    s = rank_stability(net, replicates=2, edge_dropout=0.1, n_jobs=1)
    assert s.attrs["params"]["by_grading"] is False
    assert rank_stability(net, replicates=2, by_grading=True).attrs["params"]["by_grading"]


def test_by_grading_needs_grading() -> None:
    with pytest.raises(GraphError, match="grading"):
        rank_stability(krackhardt_kite(), replicates=2, by_grading=True)


# ---------------------------------------------------------------------------- the speed path
def _staged_case() -> Network:
    from tests.analysis.test_vital import STAGES, planted_case

    net = planted_case()
    net.meta["stages"] = STAGES
    return net


def _speed_path_cases() -> list[tuple[str, Network, dict]]:
    rng = np.random.default_rng(5)
    noisy = {k: float(v) * rng.uniform(0.7, 1.3)
             for k, v in load_vital_weights(None)[0].items()}
    few = {"betweenness": 1.0, "cut_off": 0.5, "chain_cut": 0.2}
    return [
        ("karate", karate(), {}),
        ("kite, noisy weights", krackhardt_kite(), {"weights": noisy}),
        ("montagna", montagna_phonecalls(), {}),
        ("caviar phase 6", caviar(6), {"kinds": None}),
        ("directed weighted", random_directed_weighted(), {}),
        ("staged case", _staged_case(), {}),
        ("staged case, few weights", _staged_case(), {"weights": few}),
        ("staged case, all kinds", _staged_case(), {"kinds": None, "weights": noisy}),
        ("approximate", _from_nx(nx.barabasi_albert_graph(400, 3, seed=2)),
         {"approximate": True}),
        ("two components", _from_nx(nx.disjoint_union(nx.cycle_graph(5), nx.path_graph(6))), {}),
    ]


@pytest.mark.parametrize("name", [c[0] for c in _speed_path_cases()])
def test_speed_path_gives_vital_nodes_scores_and_ranks(name: str) -> None:
    """The replicate path (only the weighted measures, no reasons) ranks exactly as vital_nodes:
    same scores to the last bit, same ranks, same ranked nodes."""
    from netwerk.analysis.vital import _vital_scores

    _, net, kw = next(c for c in _speed_path_cases() if c[0] == name)
    weights = kw.pop("weights", None)
    full = vital_nodes(net, weights=weights, seed=4, **kw)
    w = load_vital_weights(weights)[0]
    ids, score, rank = _vital_scores(net, w, seed=4, **kw)
    fast = pd.DataFrame({"vital_score": score, "rank": rank}, index=ids)
    assert set(fast.index) == set(full.index)
    fast = fast.reindex(full.index)
    assert np.array_equal(fast["vital_score"].to_numpy(), full["vital_score"].to_numpy())
    assert np.array_equal(fast["rank"].to_numpy(), full["rank"].to_numpy())


def test_speed_path_skips_unweighted_measures(monkeypatch) -> None:
    """Components with weight 0 are not computed at all on the speed path."""
    import netwerk.analysis.structure as structure
    from netwerk.analysis.vital import _vital_scores

    def boom(*a, **k):  # noqa: ANN002, ANN003
        raise AssertionError("Leiden ran although 'communities' has weight 0")

    monkeypatch.setattr(structure, "communities", boom)
    w = load_vital_weights({"degree": 1.0, "betweenness": 1.0})[0]
    ids, score, rank = _vital_scores(karate(), w)
    assert sorted(rank.tolist()) == list(range(1, 35))


def test_row_quantiles_equal_numpy() -> None:
    from netwerk.analysis.stability import _row_quantiles

    rng = np.random.default_rng(1)
    for trial in range(60):
        r, c = int(rng.integers(1, 25)), int(rng.integers(1, 50))
        X = (rng.integers(1, 40, size=(r, c)).astype(float) if trial % 2 else rng.random((r, c)))
        X[rng.random((r, c)) < rng.random()] = np.nan
        X[0] = np.nan  # a node absent from every replicate
        med, lo, hi = _row_quantiles(X, 0.05, 0.95)
        with np.errstate(all="ignore"), pytest.warns(RuntimeWarning):
            assert np.array_equal(med, np.nanmedian(X, axis=1), equal_nan=True)
            assert np.array_equal(lo, np.nanquantile(X, 0.05, axis=1, method="lower"),
                                  equal_nan=True)
            assert np.array_equal(hi, np.nanquantile(X, 0.95, axis=1, method="higher"),
                                  equal_nan=True)


def test_a_replicate_is_vital_nodes_on_its_perturbed_network() -> None:
    """End to end: replicate 0 (child 0 of the seed) ranks as vital_nodes does on the same
    perturbed network with the same perturbed weights."""
    from netwerk.analysis.stability import _perturbed_weights, perturbed_network

    net, seed = karate(), 3
    s = rank_stability(net, replicates=1, edge_dropout=0.2, weight_noise=0.2, seed=seed, n_jobs=1)
    rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(1)[0])
    pnet = perturbed_network(net, rng, edge_drop=np.full(len(net.edges), 0.2))
    w = _perturbed_weights(load_vital_weights(None)[0], rng, 0.2, "uniform")
    v = vital_nodes(pnet, weights=w, seed=seed).reindex(s.index)
    assert len(pnet.edges) < len(net.edges)
    assert np.array_equal(s["rank_median"].to_numpy(), v["rank"].to_numpy(dtype=float))
    assert np.array_equal(s["score_median"].to_numpy(), v["vital_score"].to_numpy())
