"""Package selection: hard constraints, determinism, additivity, lazy = plain greedy on small
cases, and on the hand-made cannabis case: hits the planted actors, beats degree; controls
(exclude, lock, include), vulnerable persons, private partners, alternatives, re-planning."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from intervention_fixtures import CAPACITY, small_cannabis

from netwerk.errors import ConfigError
from netwerk.i18n import using
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
#: the greedy mechanics alone, without the balance rules
PLAIN = dict(trekker="", min_spectrum={})


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
            # every needed capability is provided by an earlier action on the same target
            before = acts[(acts.order < r.order) & (acts.target == r.target)]
            caps = {c for a in before["action_id"] for c in cat[a].provides}
            for group in ins.needs_groups:
                assert caps & set(group), (r.action_id, group)
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
    # no repressive action on the straw man (a vulnerable role)
    sm = pkg.actions[pkg.actions.target == "sm"]
    assert not any(MODEL.catalogue[a].is_repressive for a in sm["action_id"])


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
    kw = dict(capacity=CAPACITY, max_actions=k, candidates=CANDS, samples=8, recovery=recovery,
              **PLAIN)
    lazy = select_package(NET, MODEL, lazy=True, **kw)
    plain = select_package(NET, MODEL, lazy=False, **kw)
    _check_package(lazy, CAPACITY, k)
    _check_package(plain, CAPACITY, k)
    if k <= 4:  # small packages: the very same actions in the same order
        pd.testing.assert_frame_equal(lazy.actions, plain.actions)
    # larger ones: same value here (the order of picks may differ), never far below plain
    assert lazy.effect["objective"] >= plain.effect["objective"] - 0.02


def test_refresh_radius_recorded():
    kw = dict(capacity=CAPACITY, max_actions=6, candidates=CANDS, samples=8, **PLAIN)
    plain = select_package(NET, MODEL, lazy=False, **kw)
    pure = select_package(NET, MODEL, lazy=True, refresh_radius=0, **kw)
    lazy = select_package(NET, MODEL, lazy=True, **kw)   # refresh_radius=2 (default)
    # pure CELF may keep stale bounds; it never beats plain greedy by more than noise here
    assert pure.effect["objective"] <= plain.effect["objective"] + 0.02
    assert lazy.effect["objective"] >= plain.effect["objective"] - 0.02
    assert pure.params["refresh_radius"] == 0 and plain.params["refresh_radius"] is None


def test_gain_per_effort_criterion():
    pkg = select_package(NET, MODEL, capacity=CAPACITY, max_actions=5, candidates=CANDS,
                         criterion="gain_per_effort", samples=8)
    _check_package(pkg, CAPACITY, 5)
    with pytest.raises(ConfigError):
        select_package(NET, MODEL, capacity=CAPACITY, criterion="vibes", candidates=CANDS)


def test_mix_of_quick_wins_and_long_term():
    pkg = select_package(NET, MODEL, capacity=CAPACITY, max_actions=3, candidates=CANDS, **PLAIN)
    lead = set(pkg.actions["lead_time"])
    assert "quick_win" in lead and lead & {"months", "long"}
    assert pkg.params["mix_required"] and pkg.params["mix_satisfied"]
    # only quick wins fit: no mix required
    only = {"KvK": 1.0, "politie": 2.0}
    pkg = select_package(NET, MODEL, capacity=only, max_actions=3, candidates=CANDS, **PLAIN)
    assert set(pkg.actions["lead_time"]) <= {"quick_win"} and not pkg.params["mix_required"]


def test_investigation_is_a_proposal_added_before_arrest():
    pkg = select_package(NET, MODEL, capacity={"politie": 20}, max_actions=3, candidates=CANDS,
                         lock_actions=[("b", "aanhouding")], **PLAIN)
    acts = pkg.actions
    arrests = acts[acts.action_id == "aanhouding"]
    assert len(arrests) and acts.iloc[0].action_id == "opsporingsonderzoek"
    for r in arrests.itertuples():
        dep = acts[acts.order == r.depends_on].iloc[0]
        assert dep.action_id == "opsporingsonderzoek" and dep.target == r.target
        assert dep.decision == "proposal" and "weegploeg" in dep.decider
        assert dep.marginal_effect == 0.0      # a proposal alone changes nothing
    # not enough police capacity for proposal + arrest: no arrest at all
    pkg = select_package(NET, MODEL, capacity={"politie": 8}, max_actions=4, candidates=CANDS,
                         **PLAIN)
    assert "aanhouding" not in set(pkg.actions["action_id"])


def test_dependent_action_only_works_when_its_provider_worked():
    from netwerk.interventions.effects import evaluator_for
    from netwerk.interventions.objective import IntegratedObjective

    ev = evaluator_for(NET, MODEL, samples=64)
    obj = IntegratedObjective(ev, vulnerable={"sm"})
    alone = obj.evaluate([("b", "aanhouding")])
    with_prov = obj.evaluate([("b", "opsporingsonderzoek"), ("b", "aanhouding")])
    assert alone["disruption"] == 0.0 and alone["objective"] == 0.0
    # success needs both: about 0.35 x 0.6 of the scenarios
    full = obj.evaluate([("b", "vervolging")])   # remove node, needs an investigation too
    assert 0 < with_prov["objective"] < 1 and full["objective"] == 0.0
    certain = IntegratedObjective(ev, certain=[("b", "opsporingsonderzoek"), ("b", "aanhouding")])
    assert certain.evaluate([("b", "opsporingsonderzoek"), ("b", "aanhouding")])["disruption"] > \
        with_prov["disruption"]


def test_planted_actors_and_degree_baseline():
    pkg = select_package(NET, MODEL, capacity=CAPACITY, max_actions=10, vital=ALL)
    hit = set(pkg.actions["target"])
    assert {"b", "sm"} <= hit          # the broker, and the straw man (protected, not repressed)
    sm = pkg.actions[pkg.actions.target == "sm"]
    assert sm["spectrum"].isin(["protective", "administrative"]).all()
    base = baseline_package(NET, MODEL, size=len(pkg), capacity=CAPACITY)
    assert len(base) <= len(pkg)
    assert pkg.effect["objective"] > base.effect["objective"] + 0.02
    o = pkg.objective
    assert set(o["weights"]) == {"harm", "disruption", "money", "resilience"}
    assert o["value"] == pytest.approx(pkg.effect["objective"])
    assert sum(o["breakdown"].values()) == pytest.approx(o["value"])
    assert "H =" in o["formula"] and pkg.table is pkg.actions


def test_controls_exclude_lock_include():
    kw = dict(capacity=CAPACITY, max_actions=6, candidates=CANDS, samples=8)
    base = select_package(NET, MODEL, **kw)
    used = set(base.actions["partner"])
    p = sorted(used - {"gemeente"})[0]
    ex = select_package(NET, MODEL, exclude_partners=[p], **kw)
    assert p not in set(ex.actions["partner"])
    a = base.actions["action_id"].iloc[-1]
    assert a not in set(select_package(NET, MODEL, exclude_actions=[a], **kw).actions["action_id"])
    t = base.actions["target"].iloc[0]
    assert t not in set(select_package(NET, MODEL, exclude_targets=[t], **kw).actions["target"])
    locked = select_package(NET, MODEL, lock_actions=[("P2", "ontmanteling_kwekerij")], **kw)
    first = locked.actions.iloc[0]
    assert (first.target, first.action_id, first.reason) == (
        "P2", "ontmanteling_kwekerij", "locked_pair")  # a code; words at rendering
    rule = locked.params["requirements"][0]
    assert rule == {"rule": "locked_pair", "action": "ontmanteling_kwekerij", "met": True,
                    "why": ""}
    only = select_package(NET, MODEL, include_partners=["gemeente", "politie"], **kw)
    assert set(only.actions["partner"]) <= {"gemeente", "politie"}
    assert only.params["controls"]["include_partners"] == ["gemeente", "politie"]
    for lang, says in (("nl", "vastgezette actie 'Ontmanteling van de hennepkwekerij en "
                               "inbeslagname' op een doel is niet haalbaar"),
                       ("en", "locked action 'Dismantling the cannabis farm and seizure' on a "
                              "target cannot be met")):
        with using(lang), pytest.raises(ConfigError, match=says):
            select_package(NET, MODEL, lock_actions=[("P2", "ontmanteling_kwekerij")],
                           exclude_partners=["politie"], **kw)


def test_vulnerable_override_needs_a_reason():
    kw = dict(capacity={"politie": 20, "OM": 20}, max_actions=4, candidates=CANDS, samples=8,
              **PLAIN)
    pkg = select_package(NET, MODEL, lock_targets=["sm"], lock_actions=[], **{
        **kw, "capacity": {**kw["capacity"], "gemeente": 10}})
    assert not any(MODEL.catalogue[a].is_repressive
                   for a in pkg.actions.loc[pkg.actions.target == "sm", "action_id"])
    with pytest.raises(ConfigError, match="vastgelegde reden"):
        select_package(NET, MODEL, overrides={"sm": ""}, **kw)
    why = "Rol als katvanger weerlegd door FIOD-onderzoek; bewuste deelnemer."
    ov = select_package(NET, MODEL, lock_actions=[("sm", "aanhouding")], overrides={"sm": why},
                        **kw)
    row = ov.actions[(ov.actions.target == "sm") & (ov.actions.action_id == "aanhouding")].iloc[0]
    assert row.override_reason == why


def test_trekker_and_minimum_shares():
    pkg = select_package(NET, MODEL, capacity=CAPACITY, max_actions=6, candidates=CANDS)
    acts = pkg.actions
    assert "gemeente" in set(acts["partner"])           # the model's trekker for cannabis
    assert (acts["spectrum"] == "preventive").any() and (acts["spectrum"] == "administrative").any()
    assert all(r["met"] for r in pkg.params["requirements"])


def test_private_partners_get_no_default_capacity():
    pkg = select_package(NET, MODEL, max_actions=8, candidates=CANDS)
    assert not pkg.actions["request_without_case_data"].any()
    assert pkg.capacity["bank"] == 0.0 and pkg.capacity["gemeente"] == 20.0
    cap = {**CAPACITY, "netbeheerder": 5.0}
    pkg = select_package(NET, MODEL, capacity=cap, max_actions=8, candidates=CANDS,
                         lock_partners=["netbeheerder"])
    row = pkg.actions[pkg.actions.partner == "netbeheerder"].iloc[0]
    assert row.request_without_case_data


def test_alternatives_differ_and_compare_on_one_objective():
    from netwerk.interventions import alternative_packages

    alt = alternative_packages(NET, MODEL, capacity=CAPACITY, max_actions=6, candidates=CANDS,
                               samples=8)
    t = alt.table
    assert list(t.index) == ["max_schadevermindering", "gemeente_trekker", "minste_inzet"]
    sets = [frozenset(zip(p.actions.target, p.actions.action_id, strict=True))
            for p in alt.packages.values()]
    assert len(set(sets)) >= 2                           # the alternatives differ
    assert t["tradeoff"].str.len().min() > 10
    assert t.loc["gemeente_trekker", "gemeente_actions"] >= 1
    assert t.loc["minste_inzet", "effort_days"] <= t["effort_days"].max()


def test_replan_from_the_log():
    from netwerk.interventions import replan

    log = pd.DataFrame([
        (1, "opsporingsonderzoek", "b", "politie", "2026-01-01", "executed"),
        (2, "aanhouding", "b", "politie", "2026-02-01", "executed"),
        (3, "vervolging", "b", "OM", "2026-03-01", "planned"),     # b already disabled
        (4, "ontmanteling_kwekerij", "P1", "politie", "2026-01-05", "failed"),
        (5, "sluiting_13b", "P1", "gemeente", "2026-02-05", "planned"),  # its finding failed
    ], columns=["intervention_id", "action_id", "target", "partner", "date", "status"])
    rp = replan(NET, MODEL, log, capacity=CAPACITY, max_actions=4, candidates=CANDS, samples=8)
    stop = rp.stop.set_index("action_id")
    assert stop.loc["sluiting_13b", "stop"] and "voorwaarde" in stop.loc["sluiting_13b", "reason"]
    chosen = set(zip(rp.package.actions.target, rp.package.actions.action_id, strict=True))
    assert ("P1", "ontmanteling_kwekerij") not in chosen          # failed: not proposed again
    assert ("b", "aanhouding") not in chosen                      # executed: done
    assert rp.params["executed"] == [("b", "opsporingsonderzoek"), ("b", "aanhouding")]
    assert rp.package.params["executed"] == 2        # counts only in a package's params


def test_parse_capacity():
    cat = MODEL.catalogue
    assert parse_capacity("gemeente=10, POLITIE=20", cat) == {"gemeente": 10.0, "politie": 20.0}
    assert parse_capacity(None, cat)["FIOD"] == 20.0
    assert parse_capacity(None, cat)["bank"] == 0.0      # private: requests only when asked
    for bad in ("gemeente", "gemeente=veel", "defensie=3", "gemeente=-1"):
        with pytest.raises(ConfigError):
            parse_capacity(bad, cat)


def test_empty_capacity_gives_empty_package():
    pkg = select_package(NET, MODEL, capacity={}, max_actions=4, candidates=CANDS)
    assert len(pkg) == 0 and pkg.effect["objective"] == 0.0
    with pytest.raises(ConfigError):
        select_package(NET, MODEL, capacity={}, max_actions=0, candidates=CANDS)
