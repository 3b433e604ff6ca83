"""rank_stability: seeded, reproducible, collapses without perturbation, and behaves as theory says
on a star (a cut vertex stays on top) and a ring of equals (ranks are arbitrary)."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from netwerk.analysis import rank_stability, vital_nodes
from netwerk.analysis.stability import _record_drop_chance
from netwerk.datasets import _from_nx, karate, krackhardt_kite
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
