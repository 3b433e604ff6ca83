"""Grading in the analysis: thresholds, inclusion, the side-by-side and the shipped policy."""

from __future__ import annotations

import pandas as pd
import pytest

from netwerk.analysis import grade_score, graded, grading_comparison, grading_policy
from netwerk.datasets import krackhardt_kite
from netwerk.errors import ConfigError, GraphError
from netwerk.graph import Network
from netwerk.model import grading_score


def _graded_net() -> Network:
    # a chain a-b-c-d-e plus a shortcut b-e known only from a weak (D4) source
    e = pd.DataFrame({"source": ["a", "b", "c", "d", "b"], "target": ["b", "c", "d", "e", "e"],
                      "grading_score": [1.0, 0.8, 0.8, 1.0, grading_score("admiralty", "D", "4")]})
    return Network.from_edges(e)


def test_grade_score_matches_model() -> None:
    assert grade_score("B2") == grading_score("admiralty", "B", "2") == pytest.approx(0.8)
    assert grade_score("a1") == 1.0 and grade_score(0.5) == 0.5
    for bad in ("Z9", "B", "B22"):
        with pytest.raises(GraphError):
            grade_score(bad)
    with pytest.raises(GraphError):
        grade_score("B2", scheme="nato")


def test_graded_leaves_out_weak_records_and_keeps_nodes() -> None:
    net = _graded_net()
    g = graded(net, min_grade="B2")
    assert g.n_edges == 4 and g.n_nodes == net.n_nodes
    assert g.meta["grading"]["records_left_out"] == 1
    assert graded(net, min_grade=None) is net
    with pytest.raises(GraphError, match="grading"):
        graded(krackhardt_kite())


def test_side_by_side_shows_who_owes_rank_to_weak_links() -> None:
    cmp = grading_comparison(_graded_net(), min_grade="B2", top=1)
    # without the weak shortcut, the chain's middle (c) is the broker; with it, b is
    assert cmp["rank_all"].idxmin() == "b"
    assert cmp["rank_graded"].idxmin() == "c"
    assert cmp.loc["b", "weak_links"] == 1 and cmp.loc["c", "weak_links"] == 0
    assert cmp.attrs["left_top"] == ["b"] and cmp.attrs["entered_top"] == ["c"]
    assert (cmp["change"] == cmp["rank_all"] - cmp["rank_graded"]).all()


def test_policy_default_and_validation(tmp_path) -> None:
    pol = grading_policy()
    assert pol["min_grade"] is None and pol["compare_grade"] == "B2"
    assert "alle koppelingen tellen mee" in pol["description_nl"]
    bad = tmp_path / "p.yaml"
    bad.write_text("min_grade: Q7\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="min_grade"):
        grading_policy(bad)
    bad.write_text("threshold: B2\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="onbekende sleutel 'threshold'"):
        grading_policy(bad)
