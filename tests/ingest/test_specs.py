"""The shipped extract specs load, describe the intended layouts, and stay strict about types."""

from __future__ import annotations

import textwrap

import pytest

from netwerk.errors import Reason, SpecError
from netwerk.ingest.spec import ExtractSpec, load_spec, shipped_spec_path, shipped_specs

SHIPPED = ["belastingdienst", "gemeente_brp", "gemeente_vergunningen", "kadaster", "kvk", "politie"]

RAW = {
    "politie": ["persoonsnummer", "bsn", "achternaam", "voornamen", "geboortedatum",
                "medeverdachte_persoonsnummer", "kenteken", "telefoonnummer", "pleeg_postcode",
                "pleeg_huisnummer", "rol", "pleegdatum", "registratienummer", "feitomschrijving",
                "betrouwbaarheid", "informatie"],
    "gemeente_brp": ["bsn", "geslachtsnaam", "voorvoegsel", "voornamen", "geboortedatum",
                     "postcode", "huisnummer", "huisletter", "huisnummertoevoeging",
                     "inschrijfdatum", "uitschrijfdatum"],
    "gemeente_vergunningen": ["vergunningnummer", "kvk_nummer", "postcode", "huisnummer",
                              "toevoeging", "soort_vergunning", "status", "bibob_toets",
                              "datum_ingang", "datum_einde"],
    "kvk": ["kvk_nummer", "vestigingsnummer", "postcode", "huisnummer", "toevoeging",
            "bsn_functionaris", "achternaam_functionaris", "voornamen_functionaris",
            "geboortedatum_functionaris", "kvk_nummer_functionaris", "handelsnaam", "sbi_code",
            "rechtsvorm", "datum_oprichting", "functie", "datum_in_functie", "datum_uit_functie"],
    "kadaster": ["kadastrale_aanduiding", "bsn_eigenaar", "kvk_eigenaar", "postcode", "huisnummer",
                 "huisletter", "huisnummertoevoeging", "soort_object", "datum_aankoop", "koopsom",
                 "aandeel", "soort_eigenaar"],
    "belastingdienst": ["bsn", "rsin", "kvk_nummer", "iban", "relatie_kvk_nummer",
                        "bedrag_openstaande_schuld", "soort_aanslag", "peildatum", "soort_relatie"],
}
SHARED = {
    "politie": ["persoonsnummer", "bsn", "naam_geboortedatum", "medeverdachte_persoonsnummer",
                "kenteken", "telefoonnummer", "pleegadres", "rol", "pleegdatum",
                "registratienummer", "feitomschrijving", "betrouwbaarheid", "informatie"],
    "gemeente_brp": ["bsn", "naam_geboortedatum", "adres", "inschrijfdatum", "uitschrijfdatum"],
    "gemeente_vergunningen": ["vergunningnummer", "kvk_nummer", "vestigingsadres",
                              "soort_vergunning", "status", "bibob_toets", "datum_ingang",
                              "datum_einde"],
    "kvk": ["kvk_nummer", "vestigingsnummer", "vestigingsadres", "bsn_functionaris",
            "functionaris", "kvk_nummer_functionaris", "handelsnaam", "sbi_code", "rechtsvorm",
            "datum_oprichting", "functie", "datum_in_functie", "datum_uit_functie"],
    "kadaster": ["kadastrale_aanduiding", "bsn_eigenaar", "kvk_eigenaar", "objectadres",
                 "soort_object", "datum_aankoop", "koopsom", "aandeel", "soort_eigenaar"],
    "belastingdienst": ["bsn", "rsin", "kvk_nummer", "iban", "relatie_kvk_nummer",
                        "bedrag_openstaande_schuld", "soort_aanslag", "peildatum",
                        "soort_relatie"],
}


def test_all_layouts_are_shipped():
    assert set(SHIPPED) <= set(shipped_specs())


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_spec_loads_with_intended_columns(name):
    spec = load_spec(name)
    assert isinstance(spec, ExtractSpec)
    assert spec.name == name
    assert spec.raw_columns() == RAW[name]
    assert spec.shared_columns() == SHARED[name]
    # every spec says why the data may be shared and how reliable it is by default
    assert spec.legal_basis.startswith("RIEC-convenant 2024")
    assert spec.grading.scheme == "admiralty"
    assert spec.grading.source and spec.grading.information
    assert spec.decimal == "," and spec.date_format == "%d-%m-%Y"
    # loading by path gives the same spec as loading by name
    assert load_spec(shipped_spec_path(name)) == spec


@pytest.mark.parametrize(("name", "delimiter", "encoding"), [
    ("politie", ";", "cp1252"), ("gemeente_brp", ";", "cp1252"),
    ("gemeente_vergunningen", ";", "cp1252"), ("belastingdienst", ";", "cp1252"),
    ("kvk", ",", "utf-8-sig"), ("kadaster", ";", "utf-8"),
])
def test_file_format(name, delimiter, encoding):
    spec = load_spec(name)
    assert (spec.format, spec.delimiter, spec.encoding) == ("csv", delimiter, encoding)


def test_politie_optional_endpoints_and_grading_columns():
    spec = load_spec("politie")
    nodes = {n.id: n for n in spec.nodes}
    assert nodes["persoonsnummer"].required is True
    assert nodes["persoonsnummer"].also == ["bsn", "naam_geboortedatum"]
    for optional in ("medeverdachte_persoonsnummer", "kenteken", "telefoonnummer", "pleegadres"):
        assert nodes[optional].required is False, optional
    ids = spec.identifier_outputs()
    assert ids["persoonsnummer"].required is True
    assert ids["naam_geboortedatum"].columns == ["achternaam", "voornamen", "geboortedatum"]
    assert {(r.kind, r.target) for r in spec.relations} == {
        ("co_suspect", "medeverdachte_persoonsnummer"), ("uses", "kenteken"),
        ("uses", "telefoonnummer"), ("uses", "pleegadres")}
    assert all(r.source == "persoonsnummer" and r.observed == "pleegdatum" for r in spec.relations)
    assert (spec.grading.source_column, spec.grading.information_column) == (
        "betrouwbaarheid", "informatie")
    assert nodes["persoonsnummer"].attributes["rol"] == "rol"


def test_kvk_functions_and_company_attributes():
    spec = load_spec("kvk")
    rel = [r for r in spec.relations if r.kind_column == "functie"]
    assert {r.source for r in rel} == {"functionaris", "kvk_nummer_functionaris"}
    person = next(r for r in rel if r.source == "functionaris")
    assert person.kind_values == {"Bestuurder": "director_of", "Aandeelhouder": "shareholder_of",
                                  "Gevolmachtigde": "proxy_of"}
    assert (person.valid_from, person.valid_to) == ("datum_in_functie", "datum_uit_functie")
    company = next(n for n in spec.nodes if n.id == "kvk_nummer")
    assert company.label_column == "handelsnaam"
    assert company.attributes["sbi"] == "sbi_code"
    assert company.attributes["datum_oprichting"].type == "date"
    assert company.also == ["vestigingsnummer"]


def test_kadaster_two_owner_columns_and_float_price():
    spec = load_spec("kadaster")
    owns = [r for r in spec.relations if r.kind == "owns"]
    assert {r.source for r in owns} == {"bsn_eigenaar", "kvk_eigenaar"}
    assert all(r.attributes["koopsom"].type == "float" for r in owns)
    assert all(r.valid_from == "datum_aankoop" for r in owns)
    nodes = {n.id: n for n in spec.nodes}
    assert nodes["bsn_eigenaar"].kind == "person" and nodes["kvk_eigenaar"].kind == "company"
    assert not nodes["bsn_eigenaar"].required and not nodes["kvk_eigenaar"].required


def test_brp_registration_period_and_belastingdienst_debts():
    brp = load_spec("gemeente_brp")
    (reg,) = brp.relations
    assert (reg.kind, reg.source, reg.target, reg.valid_from, reg.valid_to) == (
        "registered_at", "bsn", "adres", "inschrijfdatum", "uitschrijfdatum")
    assert brp.identifier_outputs()["naam_geboortedatum"].columns[-1] == "geboortedatum"
    tax = load_spec("belastingdienst")
    nodes = {n.id: n for n in tax.nodes}
    for nid in ("bsn", "kvk_nummer"):
        debt = nodes[nid].attributes["openstaande_schuld"]
        assert debt.type == "float" and debt.restricted is True
    assert nodes["kvk_nummer"].also == ["rsin"]
    kinds = {k for r in tax.relations for k in ([r.kind] if r.kind else r.kind_values.values())}
    assert kinds == {"uses", "director_of", "shareholder_of", "transacts_with"}


def _write(tmp_path, text: str):
    p = tmp_path / "spec.yaml"
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


BASE = """\
    name: t
    partner: p
    identifiers:
      - {columns: [a], kind: bsn}
      - {columns: [b], kind: kvk}
    nodes:
      - {id: a, kind: person}
      - {id: b, kind: company}
"""


def test_unknown_relation_kind_is_refused(tmp_path):
    p = _write(tmp_path, BASE + """\
    relations:
      - {kind: bribes, source: a, target: b}
""")
    with pytest.raises(SpecError) as exc:
        load_spec(p)
    assert exc.value.reason == Reason.INVALID_SPEC
    assert "bribes" in str(exc.value) and str(p) in str(exc.value)


def test_unknown_kind_value_is_refused(tmp_path):
    p = _write(tmp_path, BASE + """\
    relations:
      - {kind_column: functie, kind_values: {Bestuurder: director_of, Vriend: pal_of}, source: a, target: b}
""")
    with pytest.raises(SpecError, match="pal_of"):
        load_spec(p)


@pytest.mark.parametrize("grading", ['{source: G, information: "1"}', '{source: A, information: "7"}',
                                     '{scheme: 4x4, source: E, information: "1"}'])
def test_bad_grade_is_refused(tmp_path, grading):
    p = _write(tmp_path, BASE + f"    grading: {grading}\n")
    with pytest.raises(SpecError) as exc:
        load_spec(p)
    assert exc.value.reason == Reason.INVALID_SPEC
    assert "grading" in str(exc.value)


def test_octal_and_norway_values_stay_strings(tmp_path):
    p = _write(tmp_path, """\
    name: 01234567
    partner: NO
    description: 1e3
    legal_basis: 0x1F
    identifiers:
      - {columns: [0123], kind: kvk, output: 007}
    nodes:
      - {id: 007, kind: company, attributes: {sbi: 0477}}
    grading: {source: B, information: 2}
""")
    spec = load_spec(p)
    assert spec.name == "01234567" and spec.partner == "NO"
    assert spec.description == "1e3" and spec.legal_basis == "0x1F"
    assert spec.identifiers[0].columns == ["0123"] and spec.identifiers[0].output_column == "007"
    assert spec.nodes[0].attributes["sbi"] == "0477"
    assert spec.grading.information == "2"
    assert spec.raw_columns() == ["0123", "0477"]
