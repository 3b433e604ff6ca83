"""Mapping catalogue conditions onto nodes, and candidate interventions per vital node."""

from __future__ import annotations

import pandas as pd
import pytest
from intervention_fixtures import small_cannabis

from netwerk.errors import GraphError
from netwerk.interventions import (
    applicable,
    apply_stage_rules,
    candidate_interventions,
    default_catalogue,
    load_barrier_model,
    node_context,
    resolve_vital,
)
from netwerk.interventions.catalogue import Condition
from netwerk.interventions.mapping import linked_objects, matches


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
    assert applicable(cat["bestuurdersaansprakelijkheid"], ctx["gs"])
    assert not applicable(cat["bestuurdersaansprakelijkheid"], ctx["k1"])


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
    assert list(pd.unique(c["target"])) == ["elek", "sm", "k1", "P1"]
    assert (c.loc[c.target == "P1", "via"] == "k1").all()
    elek = c[c.target == "elek"].set_index("action_id")
    assert set(elek.index) >= {"aanhouding", "netbeheerder_verhaal_elektricien", "opsporingsonderzoek"}
    assert not elek.loc["aanhouding", "preconditions_met"]
    assert "opsporingsonderzoek" in elek.loc["aanhouding", "preconditions"]
    assert elek.loc["netbeheerder_verhaal_elektricien", "preconditions_met"]
    # expected effect = strength x structural effect
    row = elek.loc["aanhouding"]
    assert row["expected_effect"] == pytest.approx(0.7 * row["structural_effect"])
    # exactly one best-cards row per target with an effect, and its partner is named on every row
    best = c[c.best_cards]
    assert best["target"].is_unique
    b = best.set_index("target")
    assert (c.groupby("target")["best_partner"].nunique() == 1).all()
    for t, r in b.iterrows():
        ok = c[(c.target == t) & c.preconditions_met]
        assert r["effect_per_day"] == pytest.approx(ok["effect_per_day"].max())
    assert all(isinstance(x, str) and len(x) > 20 for x in c["rationale"])
    # only the model's barriers at the node's stage are offered
    assert "sluiting_13b" not in set(elek.index)
