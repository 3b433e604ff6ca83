"""Barrier models: shipped ones are valid and match the sample cases; errors name file, stage,
partner and field; the barrier matrix lays the model over a network."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml
from intervention_fixtures import small_cannabis

from netwerk.errors import ConfigError
from netwerk.i18n import using
from netwerk.interventions import (
    apply_stage_rules,
    barrier_cells,
    barrier_matrix,
    load_barrier_model,
    render_barrier_matrix,
    shipped_models,
)

SAMPLE_STAGES = {
    "cannabis": ["financing", "location", "electricity", "equipment", "cuttings", "cultivation",
                 "waste", "sale", "laundering"],
    "synthetic_drugs": ["financing", "precursors", "conversion", "equipment", "production_site",
                        "housing", "production", "waste", "storage", "transport", "laundering"],
    "money_laundering_real_estate": ["criminal_income", "placement", "layering",
                                     "purchase_financing", "valuation", "real_estate_purchase",
                                     "renovation", "exploitation", "integration"],
}


def test_shipped_models():
    names = shipped_models()
    for n in ("cannabis", "synthetic_drugs", "cocaine_logistics", "human_trafficking",
              "money_laundering_real_estate"):
        assert n in names
        m = load_barrier_model(n)
        assert len(m.stage_ids) >= 5
        assert m.stage_rules, n
        # every stage has at least two partners with barriers
        for st in m.stage_ids:
            assert sum(1 for (s, _), c in m.cells.items() if s == st and c.barriers) >= 2, (n, st)
    ht = load_barrier_model("human_trafficking")
    assert ht.stage_ids == ["werving", "entree", "huisvesting", "identiteit", "verblijfsstatus",
                            "arbeid", "financien"]
    # review 2: victim protection barriers for human trafficking
    prot = {b for st in ht.stage_ids for b in ht.barriers_at(st)
            if ht.catalogue[b].spectrum == "protective"}
    assert {"zorg_slachtoffer_mensenhandel", "b8_verblijf_slachtoffer", "non_punishment"} <= prot


@pytest.mark.parametrize("name", ["cannabis", "synthetic_drugs", "cocaine_logistics",
                                  "human_trafficking", "money_laundering_real_estate"])
def test_review_gaps_closed(name):
    m = load_barrier_model(name)
    # sources with title and year; a trekker; the facilitator/opportunity layer
    assert m.sources and all(s.year > 2000 for s in m.sources)
    assert m.trekker in m.catalogue.partners
    assert m.opportunities and any(o.facilitators for o in m.opportunities.values())
    # at least one environment (preventive) barrier in the model
    ids = {b for st in m.stage_ids for b in m.barriers_at(st)}
    assert any(m.catalogue[b].is_environment for b in ids)
    # 174a never in a money-laundering model; no NLA stillegging at drug production
    if name == "money_laundering_real_estate":
        assert "sluiting_174a" not in ids
    if name == "synthetic_drugs":
        assert "stillegging_werkzaamheden" not in m.barriers_at("production")
    # the harm model covers exactly the model's stages
    from netwerk.interventions.objective import load_harm_model

    assert set(load_harm_model(name).stages) == set(m.stage_ids)


def test_missing_stages_added():
    assert {"cuttings", "waste"} <= set(load_barrier_model("cannabis").stage_ids)
    assert {"equipment", "conversion", "housing"} <= set(
        load_barrier_model("synthetic_drugs").stage_ids)
    assert {"logistics_information", "cocaine_lab", "violence", "corruption", "airport"} <= set(
        load_barrier_model("cocaine_logistics").stage_ids)
    assert {"purchase_financing", "valuation"} <= set(
        load_barrier_model("money_laundering_real_estate").stage_ids)


@pytest.mark.parametrize("name", sorted(SAMPLE_STAGES))
def test_sample_case_stage_ids(name):
    assert load_barrier_model(name).stage_ids == SAMPLE_STAGES[name]


def test_stage_rules_on_hand_made_case():
    net = small_cannabis()
    st = apply_stage_rules(net, load_barrier_model("cannabis")).nodes["stage"]
    assert st["elek"] == "electricity"
    assert st["fin"] == "financing"
    assert st["k1"] == "cultivation"
    assert st["b"] == "sale"
    assert st["sm"] == "laundering"
    assert st["G"] == "equipment"       # SBI 4776 growshop
    # review 2 (error fixed): a sector code alone (SBI 5630 horeca) no longer makes a laundering stage
    assert pd.isna(st["C1"])
    assert st["C3"] == "financing"      # SBI 6420 holding (first rule that matches wins)
    assert st["P1"] == "location"       # a property is a location
    assert st["V1"] is None or st.isna()["V1"]


def test_existing_stage_kept():
    net = small_cannabis()
    nodes = net.nodes.copy()
    nodes["stage"] = None
    nodes.loc["k1", "stage"] = "sale"
    from netwerk.graph.network import Network

    net2 = Network(nodes=nodes, edges=net.edges)
    st = apply_stage_rules(net2, load_barrier_model("cannabis")).nodes["stage"]
    assert st["k1"] == "sale" and st["k2"] == "cultivation"


def _model(tmp_path: Path, raw: dict) -> Path:
    p = tmp_path / "model.yaml"
    p.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return p


def _raw() -> dict:
    return {
        "name": "mini", "crime_type": "mini", "label_nl": "Mini",
        "stages": [{"id": "a", "label_nl": "A"}, {"id": "b", "label_nl": "B"}],
        "stage_rules": [{"kind": "person", "attribute": "rol", "in": ["x"], "stage": "a"}],
        "barriers": {"a": {"gemeente": {"barriers": ["sluiting_13b"], "signals": ["s"]}},
                     "b": {"politie": {"barriers": ["aanhouding"]}}},
    }


def test_valid_custom_model(tmp_path):
    m = load_barrier_model(_model(tmp_path, _raw()))
    assert m.stage_ids == ["a", "b"] and m.partners == ["gemeente", "politie"]
    assert m.barriers_at("b") == ["aanhouding"]


@pytest.mark.parametrize(
    ("change", "needles"),
    [
        (lambda r: r["barriers"]["a"]["gemeente"].update(barriers=["no_such"]),
         ["schakel 'a'", "partner 'gemeente'", "veld 'barriers'", "no_such"]),
        (lambda r: r["barriers"]["a"].update(defensie={"barriers": []}),
         ["schakel 'a'", "partner 'defensie'", "onbekende partner"]),
        (lambda r: r["barriers"]["a"]["gemeente"].update(barriers=["aanhouding"]),
         ["schakel 'a'", "partner 'gemeente'", "hoort bij partner 'politie'"]),
        (lambda r: r["barriers"].update(z={"politie": {"barriers": []}}),
         ["schakel 'z'", "veld 'barriers'"]),
        (lambda r: r["stages"].append({"id": "a", "label_nl": "again"}),
         ["schakel 'a'", "komt al eerder voor"]),
        (lambda r: r["stage_rules"].append({"kind": "person", "stage": "q"}),
         ["stage_rules[2]", "veld 'stage'"]),
        (lambda r: r["stage_rules"].append({"kind": "person", "stage": "a", "colour": "x"}),
         ["stage_rules[2]", "veld 'colour'"]),
        (lambda r: r["stage_rules"].append({"attribute": "sbi", "stage": "a"}),
         ["stage_rules[2]", "veld 'attribute'"]),
        (lambda r: r["stage_rules"].append({"role": "source", "stage": "a"}),
         ["stage_rules[2]", "veld 'role'"]),
        (lambda r: r["stage_rules"].append({"attribute": "sbi", "prefix": [4776], "stage": "a"}),
         ["stage_rules[2]", "veld 'prefix'"]),
        (lambda r: r["stages"].pop(), ["stages: moet minstens 2"]),
    ],
)
def test_invalid_model_names_file_stage_partner_field(tmp_path, change, needles):
    raw = _raw()
    change(raw)
    p = _model(tmp_path, raw)
    with pytest.raises(ConfigError) as exc:
        load_barrier_model(p)
    msg = str(exc.value)
    assert str(p) in msg
    for n in needles:
        assert n in msg, (n, msg)
    with using("en"), pytest.raises(ConfigError) as exc:
        load_barrier_model(p)
    en = str(exc.value)
    for nl, eng in (("schakel '", "stage '"), ("veld '", "field '")):
        assert nl not in en and (eng in en or nl not in msg), (nl, en)
    for word in ("onbekende", "hoort bij", "komt al eerder", "geen schakel"):
        assert word not in en, en


def test_unknown_model_name():
    with pytest.raises(ConfigError, match="onbekend barrièremodel 'tulip_fraud'"):
        load_barrier_model("tulip_fraud")
    with using("en"), pytest.raises(ConfigError, match="unknown barrier model 'tulip_fraud'"):
        load_barrier_model("tulip_fraud")


def test_barrier_matrix_lists_vital_actors():
    net = small_cannabis()
    m = load_barrier_model("cannabis")
    vital = ["elek", "b", "sm", "k1", "P1"]
    mat = barrier_matrix(net, m, vital=vital)
    assert list(mat.index) == m.stage_ids
    assert mat.columns[0] == "stage_label"
    assert set(m.partners) == set(mat.columns[1:])
    cell = mat.loc["electricity", "netbeheerder"]
    name = {i: m.catalogue[i].name_nl for i in m.catalogue.instruments}
    # each barrier by its name, never its id
    assert f"{name['netbeheerder_verhaal_elektricien']}: elek" in cell
    assert "netbeheerder_verhaal_elektricien" not in cell
    assert "signalen:" in cell
    assert f"{name['aanhouding']}: elek" in mat.loc["electricity", "politie"]
    # k1 is in cultivation, never in the electricity row
    assert "k1" not in mat.loc["electricity"].str.cat()
    # the straw man directs 3 companies: KvK's officer check applies
    assert f"{name['kvk_onderzoek_inschrijving']}: sm" in mat.loc["laundering", "KvK"]
    with using("en"):  # the same matrix in English: English names, stage labels and words
        en = barrier_matrix(net, m, vital=vital)
    assert f"{m.catalogue['aanhouding'].name_en}: elek" in en.loc["electricity", "politie"]
    assert "signals:" in en.loc["electricity", "netbeheerder"]
    assert en.loc["electricity", "stage_label"] == next(
        s.label_en for s in m.stages if s.id == "electricity")
    long = barrier_cells(net, m, vital=vital)
    row = long[(long.stage == "location") & (long.action_id == "sluiting_13b")]
    assert row["targets"].iloc[0] == "P1"
    # a partner without a barrier at a stage has an empty cell
    assert mat.loc["financing", "netbeheerder"] == ""


def test_render_escapes():
    net = small_cannabis()
    m = load_barrier_model("cannabis")
    mat = barrier_matrix(net, m, vital=["elek"], labels={"elek": "<script>x</script>|e"})
    md = render_barrier_matrix(mat, "markdown", title="T")
    assert "\\|e" in md and md.startswith("## T")
    assert md.count("\n|") == len(m.stage_ids) + 2  # header, rule, one row per stage
    html = render_barrier_matrix(mat, "html", title="T")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Content-Security-Policy" in html
    with pytest.raises(ConfigError):
        render_barrier_matrix(mat, "pdf")
