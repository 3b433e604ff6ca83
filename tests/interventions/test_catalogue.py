"""The catalogue: the shipped one is complete and valid; invalid files name file, entry and field."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from netwerk.errors import ConfigError, Reason
from netwerk.i18n import using
from netwerk.interventions.catalogue import SPECTRUM, default_catalogue, load_catalogue


def test_shipped_catalogue_has_real_instruments():
    cat = default_catalogue()
    assert len(cat) >= 60
    partners = {ins.partner for ins in cat}
    # review 1.3: the missing partners are there (UWV, SVB, IND, Justis, omgevingsdienst,
    # brandweer, victim care, BFT)
    assert {"gemeente", "politie", "OM", "Belastingdienst", "FIOD", "Arbeidsinspectie", "KvK",
            "woningcorporatie", "bank", "netbeheerder", "RDW", "UWV", "SVB", "IND", "Justis",
            "omgevingsdienst", "brandweer", "zorg", "BFT"} <= partners
    assert {ins.spectrum for ins in cat} == set(SPECTRUM)
    assert {ins.lead_time for ins in cat} == {"quick_win", "months", "long"}
    # the classic instruments are there, with their legal bases
    assert "13b Opiumwet" in cat["sluiting_13b"].legal_basis
    assert "174a Gemeentewet" in cat["sluiting_174a"].legal_basis
    assert "Bibob" in cat["bibob_vergunning"].legal_basis
    assert "5:32 Awb" in cat["last_onder_dwangsom"].legal_basis
    assert "36 Invorderingswet" in cat["bestuurdersaansprakelijkheid"].legal_basis
    assert "94a Sv" in cat["conservatoir_beslag_sv"].legal_basis
    assert "36e Sr" in cat["ontneming"].legal_basis
    assert "7:231 BW" in cat["ontbinding_huurovereenkomst"].legal_basis
    assert "2:19a BW" in cat["kvk_ambtshalve_ontbinding"].legal_basis
    for ins in cat:
        assert ins.name_nl and ins.name_en and len(ins.legal_basis_for(None)) > 5
        # every row records its source and leaves the check to the partner
        assert ins.source.title and 1900 < ins.source.year <= 2026
        assert ins.checked_by == "" and ins.checked_on == ""
        assert ins.effort_range is not None and ins.decider


def test_review_errors_fixed():
    """Every entry the domain review marked 'error' is fixed (decision-layer-review.md §1)."""
    cat = default_catalogue()
    # legal bases
    iw = cat["conservatoir_beslag_iw"].legal_basis
    assert "art. 10 Invorderingswet" in iw and "art. 22 " not in iw
    assert "5a" in cat["bibob_vastgoed"].legal_basis and "art. 3" in cat[
        "bibob_omgevingsvergunning"].legal_basis
    for crime, art in [("money_laundering_real_estate", "420bis"), ("human_trafficking", "273f"),
                       ("cannabis", "Opiumwet"), ("synthetic_drugs", "Opiumwet")]:
        basis = cat["vervolging"].legal_basis_for(crime)
        assert art in basis
        assert ("Opiumwet" in basis) == (art == "Opiumwet")
    assert "51 Sr" in cat["vervolging_rechtspersoon"].legal_basis_for(None)
    # preconditions as chains
    assert set(cat["sluiting_13b"].needs) == {"drugs_finding", "bestuurlijke_rapportage"}
    assert cat["sluiting_174a"].needs == ["bestuurlijke_rapportage"]
    assert cat["sluiting_174a"].lead_time == "long" and cat["sluiting_174a"].strength <= 0.4
    assert set(cat["ontneming"].needs) == {"conviction", "sfo"}
    assert "conviction" in cat["vervolging"].provides and "sfo" in cat["sfo"].provides
    assert cat["afsluiting_netbeheerder"].needs == ["illegal_tap_finding"]
    assert "illegal_tap_finding" in cat["ontmanteling_kwekerij"].provides
    assert any("bibob_tip" in g for g in cat["bibob_vergunning"].needs_groups)
    assert "bibob_tip" in cat["om_bibob_tip"].provides
    assert "drugs_finding" in cat["ontbinding_huurovereenkomst"].needs_groups[0]
    # realism: investigations are proposals with an uncertain outcome
    for i in ("opsporingsonderzoek", "fiod_onderzoek", "onderzoek_arbeidsuitbuiting"):
        assert cat[i].decision == "proposal" and cat[i].strength < 0.5 and cat[i].decider
    assert cat["ontbinding_rechtspersoon"].needs == [] and cat["ontbinding_rechtspersoon"].effort_days >= 30
    # effects: financial and preventive instead of "cut a tie"
    for i in ("naheffing_onderneming", "navordering_persoon", "conservatoir_beslag_iw",
              "bestuurdersaansprakelijkheid"):
        assert cat[i].effect.type == "none" and cat[i].financial is not None
    for i in ("weerbaarheid_verhuurders", "weerbaar_ondernemen", "notaris_wwft", "bank_exit"):
        assert cat[i].is_environment and cat[i].preventive is not None
    assert cat["kadaster_signalering"].effect.type == "none" and cat["kadaster_signalering"].provides
    assert "owns" not in cat["bibob_omgevingsvergunning"].effect.relation_kinds
    assert cat["ontbinding_huurovereenkomst"].effect.relation_kinds == ("rents",)
    assert cat["goed_verhuurderschap"].applies_to.conditions[0].role == "source"
    assert any(c.attribute == "rechtsvorm" for c in cat["kvk_ambtshalve_ontbinding"].applies_to.conditions)
    assert "kmar_mobiel_toezicht" not in cat
    # partners the RIEC cannot task: private, requests without case data, no default capacity
    for p in ("bank", "notaris", "woningcorporatie", "netbeheerder", "terminaloperator"):
        assert cat.is_private(p)
    assert cat["havenpas_intrekking"].partner == "terminaloperator"
    # every entry the review marked has its fix recorded
    assert sum(1 for ins in cat if ins.review) >= 25


def test_typed_effects_and_formula():
    cat = default_catalogue()
    assert cat["ontmanteling_kwekerij"].effect_types == ("structural", "information")
    assert cat["ontneming"].effect_types == ("financial",)
    assert cat["zorg_slachtoffer_mensenhandel"].effect_types == ("structural", "protective")
    assert cat["weerbaarheid_verhuurders"].effect_types == ("preventive",)
    assert cat["conservatoir_beslag_iw"].financial.euro({"openstaande_schuld": 1234.5}) == 1234.5
    assert cat["ontneming"].financial.euro({}) == 20000.0   # missing numbers count as 0
    # no protective action is repressive; vulnerable-only conditions on all of them
    for ins in cat:
        if ins.protective is not None:
            assert not ins.is_repressive
            assert any(c.attribute == "kwetsbaar" for c in ins.applies_to.conditions)


def test_needs_are_provided_and_frame():
    cat = default_catalogue()
    assert cat["aanhouding"].needs == ["criminal_investigation"]
    assert "criminal_investigation" in cat["opsporingsonderzoek"].provides
    df = cat.to_frame()
    assert df.index.is_unique and len(df) == len(cat)
    assert df.loc["sluiting_13b", "effect"] == "remove node"
    assert df.loc["weerbaarheid_verhuurders", "node_kinds"] == "omgeving"
    assert {"source", "checked_by", "checked_on", "effect_types", "decider"} <= set(df.columns)


def _write(tmp_path: Path, raw) -> Path:
    p = tmp_path / "cat.yaml"
    p.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return p


def _base() -> dict:
    return {
        "partners": {"gemeente": {"name_nl": "Gemeente"}, "politie": {"name_nl": "Politie"}},
        "instruments": [
            {"id": "sluiting", "name_nl": "Sluiting", "name_en": "Closure", "partner": "gemeente",
             "spectrum": "administrative", "legal_basis": "art. 13b Opiumwet",
             "source": {"title": "Opiumwet", "year": 2023},
             "applies_to": {"node_kinds": ["property"]}, "effect": "remove_node",
             "strength": 0.8, "effort_days": 4, "lead_time": "quick_win"},
            {"id": "onderzoek", "name_nl": "Onderzoek", "name_en": "Investigation",
             "partner": "politie", "spectrum": "criminal", "legal_basis": "art. 132a Sv",
             "source": {"title": "Wetboek van Strafvordering", "year": 2023},
             "effect": "none", "provides": ["criminal_investigation"], "strength": 1,
             "effort_days": 10, "lead_time": "months"},
        ],
    }


def test_valid_custom_catalogue(tmp_path):
    cat = load_catalogue(_write(tmp_path, _base()))
    assert list(cat.instruments) == ["sluiting", "onderzoek"]
    assert cat.partner_of("GEMEENTE") == "gemeente"


@pytest.mark.parametrize(
    ("change", "entry", "field"),
    [
        (lambda r: r["instruments"][0].update(partner="brandweer"), "sluiting", "partner"),
        (lambda r: r["instruments"][0].update(spectrum="repressive"), "sluiting", "spectrum"),
        (lambda r: r["instruments"][0].update(strength=1.5), "sluiting", "strength"),
        (lambda r: r["instruments"][0].update(effort_days="veel"), "sluiting", "effort_days"),
        (lambda r: r["instruments"][0].update(lead_time="soon"), "sluiting", "lead_time"),
        (lambda r: r["instruments"][0].update(effect="explode"), "sluiting", "effect"),
        (lambda r: r["instruments"][0].update(effect={"cut_relations": []}), "sluiting", "effect"),
        (lambda r: r["instruments"][0].pop("legal_basis"), "sluiting", "legal_basis"),
        (lambda r: r["instruments"][0].update(needs=["wonder"]), "sluiting", "needs"),
        (lambda r: r["instruments"][0].update(requires=["nope"]), "sluiting", "requires"),
        (lambda r: r["instruments"][1].update(id="sluiting"), "sluiting", "id"),
        (lambda r: r["instruments"][0].update(
            applies_to={"conditions": [{"attribute": "sbi"}]}), "sluiting", "applies_to"),
        (lambda r: r["instruments"][0].update(
            applies_to={"conditions": [{"relation": "owns", "equals": "x"}]}), "sluiting",
         "applies_to"),
        (lambda r: r["instruments"][0].update(colour="red"), "sluiting", "colour"),
        (lambda r: r["instruments"][0].pop("source"), "sluiting", "source"),
        (lambda r: r["instruments"][0].update(effort_range=[5, 9]), "sluiting", "effort_range"),
        (lambda r: r["instruments"][0].update(financial={"kind": "seized",
                                                         "formula": "__import__('os')"}),
         "sluiting", "financial"),
        (lambda r: r["instruments"][0].update(legal_basis={"cannabis": "x"}), "sluiting",
         "legal_basis"),
        (lambda r: r["instruments"][0].update(spectrum="protective"), "sluiting", "spectrum"),
        (lambda r: r["instruments"][0].update(applies_to={"environment": True}), "sluiting",
         "environment"),
    ],
)
def test_invalid_catalogue_names_file_entry_field(tmp_path, change, entry, field):
    raw = _base()
    change(raw)
    p = _write(tmp_path, raw)
    with pytest.raises(ConfigError) as exc:
        load_catalogue(p)
    msg = str(exc.value)
    assert str(p) in msg
    assert f"instrument '{entry}'" in msg
    assert f"'{field}" in msg or field in msg
    assert exc.value.reason == Reason.INVALID_CONFIG
    # pydantic's own English never reaches the user; English is there on request
    for english in ("Input should", "Field required", "Extra inputs", "Value error", "entry '"):
        assert english not in msg, msg
    with using("en"), pytest.raises(ConfigError) as exc:
        load_catalogue(p)
    en = str(exc.value)
    assert f"instrument '{entry}'" in en and (f"'{field}" in en or field in en)
    for dutch in ("veld '", "onbekend", "moet ", "ontbreekt", "niet toegestaan", "nodig"):
        assert dutch not in en, en


def test_missing_file_and_top_level(tmp_path):
    with pytest.raises(ConfigError, match="catalogusbestand niet gevonden"):
        load_catalogue(tmp_path / "nope.yaml")
    with using("en"), pytest.raises(ConfigError, match="catalogue file not found"):
        load_catalogue(tmp_path / "nope.yaml")
    with pytest.raises(ConfigError, match="partners: ontbreekt"):
        load_catalogue(_write(tmp_path, {"instruments": []}))
    with pytest.raises(ConfigError, match="onbekende actie 'no_such_action' in de catalogus"):
        default_catalogue()["no_such_action"]
    with using("en"), pytest.raises(ConfigError, match="unknown catalogue action"):
        default_catalogue()["no_such_action"]
