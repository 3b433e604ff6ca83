"""The catalogue: the shipped one is complete and valid; invalid files name file, entry and field."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from netwerk.errors import ConfigError, Reason
from netwerk.interventions.catalogue import SPECTRUM, default_catalogue, load_catalogue


def test_shipped_catalogue_has_30_real_instruments():
    cat = default_catalogue()
    assert len(cat) >= 30
    partners = {ins.partner for ins in cat}
    assert {"gemeente", "politie", "OM", "Belastingdienst", "FIOD", "Arbeidsinspectie", "KvK",
            "woningcorporatie", "bank", "netbeheerder", "RDW"} <= partners
    assert {ins.spectrum for ins in cat} == set(SPECTRUM)
    assert {ins.lead_time for ins in cat} == {"quick_win", "months", "long"}
    # the classic instruments are there, with their legal bases
    assert "13b Opiumwet" in cat["sluiting_13b"].legal_basis
    assert "174a Gemeentewet" in cat["sluiting_174a"].legal_basis
    assert "Bibob" in cat["bibob_vergunning"].legal_basis
    assert "5:32 Awb" in cat["last_onder_dwangsom"].legal_basis
    assert "36 Invorderingswet" in cat["bestuurdersaansprakelijkheid"].legal_basis
    assert "22 Invorderingswet" in cat["conservatoir_beslag_iw"].legal_basis
    assert "94a Sv" in cat["conservatoir_beslag_sv"].legal_basis
    assert "36e Sr" in cat["ontneming"].legal_basis
    assert "7:231 BW" in cat["ontbinding_huurovereenkomst"].legal_basis
    assert "2:19a BW" in cat["kvk_ambtshalve_ontbinding"].legal_basis
    for ins in cat:
        assert ins.name_nl and ins.name_en and len(ins.legal_basis) > 5


def test_needs_are_provided_and_frame():
    cat = default_catalogue()
    assert cat["aanhouding"].needs == ["criminal_investigation"]
    assert "criminal_investigation" in cat["opsporingsonderzoek"].provides
    df = cat.to_frame()
    assert df.index.is_unique and len(df) == len(cat)
    assert df.loc["sluiting_13b", "effect"] == "remove node"


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
             "applies_to": {"node_kinds": ["property"]}, "effect": "remove_node",
             "strength": 0.8, "effort_days": 4, "lead_time": "quick_win"},
            {"id": "onderzoek", "name_nl": "Onderzoek", "name_en": "Investigation",
             "partner": "politie", "spectrum": "criminal", "legal_basis": "art. 132a Sv",
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
    assert f"entry '{entry}'" in msg
    assert f"'{field}" in msg
    assert exc.value.reason == Reason.INVALID_CONFIG


def test_missing_file_and_top_level(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_catalogue(tmp_path / "nope.yaml")
    with pytest.raises(ConfigError, match="partners"):
        load_catalogue(_write(tmp_path, {"instruments": []}))
    with pytest.raises(ConfigError, match="unknown catalogue action"):
        default_catalogue()["no_such_action"]
