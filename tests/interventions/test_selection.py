"""Package selection: hard constraints, determinism, additivity, lazy = plain greedy on small
cases, and on the hand-made cannabis case: hits the planted actors, breaks the chain, beats degree."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from intervention_fixtures import CAPACITY, small_cannabis

from netwerk.errors import ConfigError
from netwerk.interventions import (
    apply_stage_rules,
    baseline_package,
    candidate_interventions,
    load_barrier_model,
    parse_capacity,
    select_package,
)

MODEL = load_barrier_model("cannabis")
NET = apply_stage_rules(small_cannabis(), MODEL)
ALL = list(NET.nodes.index)
CANDS = candidate_interventions(NET, MODEL, vital=ALL, samples=8)
PARTNERS = sorted(set(CANDS["partner"]))


def _check_package(pkg, capacity, max_actions):
    acts = pkg.actions
    cat = MODEL.catalogue
    assert len(acts) <= max_actions
    used = acts.groupby("partner")["effort_days"].sum()
    for p, d in used.items():
        assert d <= capacity.get(p, 0.0) + 1e-9, (p, d, capacity)
    assert not acts.duplicated(["target", "action_id"]).any()
    for r in acts.itertuples():
        ins = cat[r.action_id]
        if ins.needs:
            assert 0 < r.depends_on < r.order
            dep = acts[acts.order == r.depends_on].iloc[0]
            assert dep.target == r.target
            assert set(ins.needs) <= set(cat[dep.action_id].provides)
    assert pkg.effect["objective"] == pytest.approx(acts["marginal_effect"].sum(), abs=1e-12)
    if len(acts):
        assert acts["cumulative_effect"].iloc[-1] == pytest.approx(pkg.effect["objective"])


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(caps=st.lists(st.integers(min_value=0, max_value=25), min_size=len(PARTNERS),
                     max_size=len(PARTNERS)),
       k=st.integers(min_value=1, max_value=9))
def test_capacity_never_exceeded(caps, k):
    capacity = dict(zip(PARTNERS, map(float, caps), strict=True))
    pkg = select_package(NET, MODEL, capacity=capacity, max_actions=k, candidates=CANDS, samples=8)
    _check_package(pkg, capacity, k)


def test_deterministic_and_seeded():
    a = select_package(NET, MODEL, capacity=CAPACITY, max_actions=6, candidates=CANDS, seed=1)
    b = select_package(NET, MODEL, capacity=CAPACITY, max_actions=6, candidates=CANDS, seed=1)
    pd.testing.assert_frame_equal(a.actions, b.actions)
    assert a.effect == b.effect
    c = select_package(NET, MODEL, capacity=CAPACITY, max_actions=6, candidates=CANDS, seed=2)
    assert c.effect["objective"] != a.effect["objective"]  # other success scenarios


@pytest.mark.parametrize("k", [2, 4, 6, 8])
@pytest.mark.parametrize("recovery", [None, 0.5])
def test_lazy_against_plain_greedy_on_small_case(k, recovery):
    kw = dict(capacity=CAPACITY, max_actions=k, candidates=CANDS, samples=8, recovery=recovery)
    lazy = select_package(NET, MODEL, lazy=True, **kw)
    plain = select_package(NET, MODEL, lazy=False, **kw)
    _check_package(lazy, CAPACITY, k)
    _check_package(plain, CAPACITY, k)
    if k <= 4:  # small packages: the very same actions in the same order
        pd.testing.assert_frame_equal(lazy.actions, plain.actions)
    # larger ones: same value here (the order of picks may differ), never far below plain
    assert lazy.effect["objective"] >= plain.effect["objective"] - 0.02


def test_lazy_may_differ_when_gains_grow():
    """The objective is not submodular: once the broker is arrested, the financier becomes a
    bridge and his gain *grows* (0.02 -> 0.11). Pure CELF keeps his stale bound and misses him;
    the financier is two steps from the broker, so refreshing the candidates within two steps of
    each pick (the default) finds the plain-greedy package (documented in
    netwerk.interventions.selection)."""
    kw = dict(capacity=CAPACITY, max_actions=6, candidates=CANDS, samples=8)
    plain = select_package(NET, MODEL, lazy=False, **kw)
    pure = select_package(NET, MODEL, lazy=True, refresh_radius=0, **kw)
    one = select_package(NET, MODEL, lazy=True, refresh_radius=1, **kw)
    lazy = select_package(NET, MODEL, lazy=True, **kw)   # refresh_radius=2 (default)
    assert "fin" in set(plain.actions["target"]) and "fin" not in set(pure.actions["target"])
    assert pure.effect["objective"] < plain.effect["objective"] - 0.01
    assert one.effect["objective"] < plain.effect["objective"] - 0.01
    pd.testing.assert_frame_equal(lazy.actions, plain.actions)
    assert pure.params["refresh_radius"] == 0 and plain.params["refresh_radius"] is None


def test_gain_per_effort_criterion():
    pkg = select_package(NET, MODEL, capacity=CAPACITY, max_actions=5, candidates=CANDS,
                         criterion="gain_per_effort", samples=8)
    _check_package(pkg, CAPACITY, 5)
    with pytest.raises(ConfigError):
        select_package(NET, MODEL, capacity=CAPACITY, criterion="vibes", candidates=CANDS)


def test_mix_of_quick_wins_and_long_term():
    pkg = select_package(NET, MODEL, capacity=CAPACITY, max_actions=3, candidates=CANDS)
    lead = set(pkg.actions["lead_time"])
    assert "quick_win" in lead and lead & {"months", "long"}
    assert pkg.params["mix_required"] and pkg.params["mix_satisfied"]
    # only quick wins fit: no mix required
    only = {"netbeheerder": 1.0, "KvK": 1.0, "bank": 2.0}
    pkg = select_package(NET, MODEL, capacity=only, max_actions=3, candidates=CANDS)
    assert set(pkg.actions["lead_time"]) == {"quick_win"} and not pkg.params["mix_required"]


def test_investigation_added_before_arrest():
    pkg = select_package(NET, MODEL, capacity={"politie": 16}, max_actions=3, candidates=CANDS)
    acts = pkg.actions
    t = acts["target"].iloc[0]
    assert t in {"b", "sm"}   # broker or straw man: the two best arrests
    assert acts[["target", "action_id"]].values.tolist()[:2] == [[t, "opsporingsonderzoek"],
                                                                 [t, "aanhouding"]]
    assert acts["depends_on"].tolist() == [0, 1, 0]
    assert acts["lead_time"].iloc[2] == "quick_win"   # the mix rule keeps a slot for a quick win
    assert acts["marginal_effect"].iloc[0] == 0.0
    # with two slots the bundle would leave no room for a quick win: the rule refuses it
    pkg = select_package(NET, MODEL, capacity={"politie": 13}, max_actions=2, candidates=CANDS)
    assert set(pkg.actions["lead_time"]) == {"quick_win"}
    # not enough police capacity for investigation + arrest: no arrest at all
    pkg = select_package(NET, MODEL, capacity={"politie": 12}, max_actions=4, candidates=CANDS)
    assert "aanhouding" not in set(pkg.actions["action_id"])


def test_planted_actors_chain_and_degree_baseline():
    small = select_package(NET, MODEL, capacity=CAPACITY, max_actions=6, vital=ALL)
    assert {"b", "sm"} <= set(small.actions["target"])   # broker and straw man first
    assert small.effect["chain_broken"] >= 0.9
    pkg = select_package(NET, MODEL, capacity=CAPACITY, max_actions=10, vital=ALL)
    hit = set(pkg.actions["target"])
    assert {"elek", "b", "sm"} <= hit          # sole electrician, broker, straw man
    assert pkg.effect["chain_broken"] >= 0.9
    assert not pkg.effect["if_all_succeed"]["chain_complete"]
    base = baseline_package(NET, MODEL, size=len(pkg), capacity=CAPACITY)
    assert len(base) == len(pkg)
    assert pkg.effect["objective"] > base.effect["objective"] + 0.05
    # the degree package goes for the best-connected growers first
    assert base.actions["target"].iloc[0] == "b" and "k1" in set(base.actions["target"])


def test_parse_capacity():
    cat = MODEL.catalogue
    assert parse_capacity("gemeente=10, POLITIE=20", cat) == {"gemeente": 10.0, "politie": 20.0}
    assert parse_capacity(None, cat)["FIOD"] == 20.0
    for bad in ("gemeente", "gemeente=veel", "brandweer=3", "gemeente=-1"):
        with pytest.raises(ConfigError):
            parse_capacity(bad, cat)


def test_empty_capacity_gives_empty_package():
    pkg = select_package(NET, MODEL, capacity={}, max_actions=4, candidates=CANDS)
    assert len(pkg) == 0 and pkg.effect["objective"] == 0.0
    with pytest.raises(ConfigError):
        select_package(NET, MODEL, capacity={}, max_actions=0, candidates=CANDS)
