"""Mapping catalogue conditions onto nodes, and candidate interventions per vital node."""

from __future__ import annotations

import pandas as pd
import pytest
from intervention_fixtures import small_cannabis

from netwerk.errors import GraphError
from netwerk.i18n import using
from netwerk.interventions import (
    applicable,
    apply_stage_rules,
    candidate_interventions,
    default_catalogue,
    load_barrier_model,
    node_context,
    resolve_vital,
)
from netwerk.interventions.candidates import (
    NodeContext,
    linked_objects,
    mark_vulnerable,
    matches,
    provider_chain,
)
from netwerk.interventions.catalogue import Condition


@pytest.fixture(scope="module")
def staged():
    return apply_stage_rules(small_cannabis(), load_barrier_model("cannabis"))


def test_node_context(staged):
    ctx = node_context(staged, ["sm", "G", "k1"])
    assert ctx["sm"].relation_count("director_of", "source") == 3
    assert ctx["sm"].relation_count("director_of", "target") == 0
    assert ctx["G"].relation_count("director_of", "target") == 1
    assert ctx["G"].attributes["sbi"] == ("4776",)
    assert ctx["k1"].stage == "cultivation" and ctx["k1"].attributes["rol"] == ("hennepkweker",)


def test_conditions(staged):
    ctx = node_context(staged)
    straw = Condition(relation="director_of", role="source", min_count=3)
    assert matches(straw, ctx["sm"]) and not matches(straw, ctx["gs"])  # gs directs one company
    horeca = Condition.model_validate({"attribute": "sbi", "prefix": ["56"]})
    assert matches(horeca, ctx["C1"]) and not matches(horeca, ctx["C2"])
    assert matches(Condition.model_validate({"attribute": "rol", "in": ["ELEKTRICIEN"]}), ctx["elek"])
    assert matches(Condition(attribute="rol", equals="katvanger"), ctx["sm"])
    assert matches(Condition(attribute="sbi", exists=False), ctx["k1"])
    renter = Condition(relation="rents", role="target")
    assert matches(renter, ctx["P1"]) and not matches(renter, ctx["k1"])


def test_applicable_instruments(staged):
    cat = default_catalogue()
    ctx = node_context(staged)
    assert applicable(cat["sluiting_13b"], ctx["P1"])
    assert not applicable(cat["sluiting_13b"], ctx["k1"])              # a person is no premises
    assert applicable(cat["kvk_onderzoek_inschrijving"], ctx["sm"])    # straw man (3 companies)
    assert not applicable(cat["kvk_onderzoek_inschrijving"], ctx["gs"])
    assert applicable(cat["netbeheerder_verhaal_elektricien"], ctx["elek"])  # stage electricity
    assert not applicable(cat["netbeheerder_verhaal_elektricien"], ctx["k1"])
    assert applicable(cat["ontbinding_huurovereenkomst"], ctx["k1"])   # rents P1
    assert not applicable(cat["ontbinding_huurovereenkomst"], ctx["elek"])
    assert applicable(cat["integrale_controle"], ctx["C1"])            # horeca
    assert not applicable(cat["integrale_controle"], ctx["C3"])        # holding
    # review fix: liability needs unpaid payroll tax / VAT of the company itself
    assert not applicable(cat["bestuurdersaansprakelijkheid"], ctx["G"])
    assert applicable(cat["bestuursverbod_106a"], ctx["gs"])
    # environment instruments never apply to a node; protective ones only to vulnerable persons
    assert not applicable(cat["weerbaarheid_verhuurders"], ctx["P1"])
    assert not applicable(cat["schuldhulp_katvanger"], ctx["sm"])
    marked = mark_vulnerable(ctx, {"sm"})
    assert applicable(cat["schuldhulp_katvanger"], marked["sm"])
    assert not applicable(cat["schuldhulp_katvanger"], marked["fin"])


def test_provider_chains():
    m = load_barrier_model("cannabis")
    cat = m.catalogue
    prop = NodeContext("P1", "property", "location")
    assert provider_chain(m, prop, cat["sluiting_13b"]) == ["ontmanteling_kwekerij",
                                                            "bestuurlijke_rapportage"]
    assert provider_chain(m, prop, cat["afsluiting_netbeheerder"]) == ["ontmanteling_kwekerij"]
    assert provider_chain(m, prop, cat["sluiting_13b"], have={"drugs_finding"}) == [
        "bestuurlijke_rapportage"]
    # ontneming: investigation (proposal) -> SFO and prosecution -> conviction
    person = NodeContext("f", "person", "financing")
    chain = provider_chain(m, person, cat["ontneming"])
    assert chain[0] in {"opsporingsonderzoek", "fiod_onderzoek"}
    assert set(chain[1:]) == {"sfo", "vervolging"}
    # not possible when the providers are unusable (e.g. the police is out of capacity)
    assert provider_chain(m, prop, cat["sluiting_13b"],
                          usable=lambda p: p.partner != "politie") is None
    # a stage where the model lists no provider: not possible
    assert provider_chain(m, NodeContext("x", "property", "sale"), cat["afsluiting_netbeheerder"]
                          ) is None


def test_resolve_vital_orders():
    net = small_cannabis()
    df = pd.DataFrame({"vital_score": [0.1, 0.9, 0.9]}, index=["k1", "sm", "b"])
    assert resolve_vital(net, df, top=2) == ["b", "sm"]           # ties by id
    df["rank"] = [1, 2, 3]
    assert resolve_vital(net, df) == ["k1", "sm", "b"]
    assert resolve_vital(net, pd.Series({"k1": 1.0, "b": 2.0})) == ["b", "k1"]
    with pytest.raises(GraphError):
        resolve_vital(net, ["nobody"])


def test_linked_objects(staged):
    assert linked_objects(staged, ["k1", "d1"]) == [("P1", "k1"), ("V1", "d1")]


def test_candidate_interventions(staged):
    m = load_barrier_model("cannabis")
    c = candidate_interventions(staged, m, vital=["elek", "sm", "k1"], samples=8)
    assert list(pd.unique(c["target"]))[:4] == ["elek", "sm", "k1", "P1"]
    assert (c.loc[c.target == "P1", "via"] == "k1").all()
    elek = c[c.target == "elek"].set_index("action_id")
    assert set(elek.index) >= {"aanhouding", "netbeheerder_verhaal_elektricien", "opsporingsonderzoek"}
    assert not elek.loc["aanhouding", "preconditions_met"]
    # the precondition by the action's and partner's names, never their ids
    pre = elek.loc["aanhouding", "preconditions"]
    assert f"eerst {m.catalogue['opsporingsonderzoek'].name_nl} (Politie)" in pre, pre
    with using("en"):
        en = candidate_interventions(staged, m, vital=["elek"], samples=8, objects=False,
                                     environment=False).set_index("action_id")
    pre_en = en.loc["aanhouding", "preconditions"]
    assert pre_en == f"first {m.catalogue['opsporingsonderzoek'].name_en} (Police)", pre_en
    assert elek.loc["aanhouding", "precondition_possible"]
    # the electrician's civil recovery needs the finding of an illegal tap, which the model does
    # not offer on a person: not possible, no expected effect
    row = elek.loc["netbeheerder_verhaal_elektricien"]
    assert not row["precondition_possible"] and row["expected_effect"] == 0.0
    assert (elek["legal_basis"].str.len() > 5).all()
    # the straw man is a vulnerable role: repressive rows are blocked, protective ones offered
    sm = c[c.target == "sm"].set_index("action_id")
    assert sm["vulnerable"].all()
    assert sm.loc["aanhouding", "blocked"] and sm.loc["aanhouding", "expected_effect"] == 0.0
    assert "schuldhulp_katvanger" in sm.index and not sm.loc["schuldhulp_katvanger", "blocked"]
    # environment rows: one per preventive instrument and stage, target fase:<stage>
    env = c[c.kind == "environment"]  # a code, like the node kinds
    assert len(env) and env["target"].str.startswith("fase:").all()
    assert "weerbaarheid_verhuurders" in set(env["action_id"])
    # exactly one best-cards row per target with an effect, and its partner is named on every row
    best = c[c.best_cards]
    assert best["target"].is_unique
    b = best.set_index("target")
    assert (c.groupby("target")["best_partner"].nunique() == 1).all()
    for t, r in b.iterrows():
        ok = c[(c.target == t) & c.precondition_possible & ~c.blocked]
        assert r["effect_per_day"] == pytest.approx(ok["effect_per_day"].max())
    assert all(isinstance(x, str) and len(x) > 20 for x in c["rationale"])
    # only the model's barriers at the node's stage are offered
    assert "sluiting_13b" not in set(elek.index)
