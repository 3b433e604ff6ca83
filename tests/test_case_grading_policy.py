"""The grading policy's inclusion threshold (``min_grade``) is applied to the case, as every output's
policy sentence says; the default (none) keeps every link."""

from __future__ import annotations

import pytest

import netwerk
import netwerk.analysis.grading as grading
from netwerk.analysis.grading import graded, grading_policy
from netwerk.datasets import sample_case
from netwerk.store import load_network


@pytest.fixture(scope="module")
def net(tmp_path_factory):
    return load_network(sample_case("hennep-oost", tmp_path_factory.mktemp("grading-policy")))


def test_default_policy_keeps_every_link(net):
    case = netwerk.Case.from_network(net, crime_type="cannabis", bystanders="include")
    assert grading_policy()["min_grade"] is None
    assert case.grading_left_out is None and case.net.n_edges == net.n_edges


def test_min_grade_in_the_policy_is_applied(net, monkeypatch):
    pol = {**grading_policy(), "min_grade": "B2"}
    monkeypatch.setattr(grading, "grading_policy", lambda path=None: pol)
    case = netwerk.Case.from_network(net, crime_type="cannabis", bystanders="include")
    ref = graded(net, min_grade="B2")
    g = case.grading_left_out
    assert g["min_grade"] == "B2" and g["records_left_out"] > 0
    assert g["records_left_out"] + g["records_kept"] == len(net.edges)
    assert case.net.n_edges == ref.n_edges < net.n_edges
    # the ranking rests on the kept links only
    assert case.vital().table["rank"].equals(
        netwerk.Case.from_network(ref, crime_type="cannabis", bystanders="include")
        .vital().table["rank"])
