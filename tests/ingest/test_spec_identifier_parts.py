"""A spec may not map a raw column of an identifier anywhere else (review 8 S3).

The raw parts of an identifier (surname, first names, birth date; postcode and house number; a
BSN column whose pseudonym column has another name) are replaced by one pseudonym at the partner
and never shared. A spec that also names such a column as an attribute, label, kind, stage,
relation date, weight, grading or kept column is refused when it is loaded: before, pseudonymise
dropped the column without a word (``dropped_columns: []``) and ingest at the RIEC blamed the
extract ("kolom 'achternaam' ontbreekt").
"""

import pytest

from netwerk.errors import SpecError
from netwerk.i18n import using
from netwerk.ingest.spec import ExtractSpec, load_spec, shipped_spec_path, shipped_specs

BASE = """
name: t
partner: politie
identifiers:
  - {columns: [persoonsnummer], kind: police_id, required: "true"}
  - {columns: [bsn], kind: bsn, output: bsn_pseudoniem}
  - {columns: [achternaam, voornamen, geboortedatum], kind: name_dob, output: naam_gd}
  - {columns: [postcode, huisnummer], kind: address, output: adres}
  - {columns: [kenteken], kind: plate}
nodes:
  - id: persoonsnummer
    kind: person
    also: [bsn_pseudoniem, naam_gd]
    attributes: {rol: rol}
  - {id: kenteken, kind: vehicle, required: "false"}
  - {id: adres, kind: address, required: "false"}
relations:
  - kind: uses
    source: persoonsnummer
    target: kenteken
    observed: pleegdatum
    attributes: {feit: feitomschrijving}
"""


def _spec(tmp_path, old: str, new: str):
    text = BASE.replace(old, new, 1)
    assert text != BASE
    p = tmp_path / "politie_noord.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_the_base_spec_loads(tmp_path):
    p = tmp_path / "ok.yaml"
    p.write_text(BASE, encoding="utf-8")
    spec = load_spec(p)
    assert spec.raw_columns()[-3:] == ["rol", "pleegdatum", "feitomschrijving"]


# (old text, new text, the field as the message names it, the column, the identifier in words)
CASES = [
    ("attributes: {rol: rol}", "attributes: {rol: rol, naam: achternaam}",
     "attribuut 'naam' van knooppunt 'persoonsnummer'", "achternaam", "naam en geboortedatum"),
    ("attributes: {rol: rol}", "attributes: {rol: rol, geboren: {column: geboortedatum, "
     "type: date}}", "attribuut 'geboren' van knooppunt 'persoonsnummer'", "geboortedatum",
     "naam en geboortedatum"),
    ("attributes: {rol: rol}", "attributes: {rol: rol}\n    label_column: voornamen",
     "label_column van knooppunt 'persoonsnummer'", "voornamen", "naam en geboortedatum"),
    ("attributes: {rol: rol}", "attributes: {rol: rol}\n    stage_column: postcode",
     "stage_column van knooppunt 'persoonsnummer'", "postcode", "adres"),
    ("{id: adres, kind: address, required: \"false\"}",
     "{id: adres, kind_column: huisnummer, required: \"false\"}",
     "kind_column van knooppunt 'adres'", "huisnummer", "adres"),
    ("attributes: {feit: feitomschrijving}", "attributes: {feit: feitomschrijving, b: bsn}",
     "attribuut 'b' van relatie persoonsnummer->kenteken", "bsn", "BSN"),
    ("observed: pleegdatum", "observed: geboortedatum",
     "observed van relatie persoonsnummer->kenteken", "geboortedatum", "naam en geboortedatum"),
    ("observed: pleegdatum", "observed: pleegdatum\n    valid_from: geboortedatum",
     "valid_from van relatie persoonsnummer->kenteken", "geboortedatum", "naam en geboortedatum"),
    ("observed: pleegdatum", "observed: pleegdatum\n    valid_to: geboortedatum",
     "valid_to van relatie persoonsnummer->kenteken", "geboortedatum", "naam en geboortedatum"),
    ("observed: pleegdatum", "observed: pleegdatum\n    weight: huisnummer",
     "weight van relatie persoonsnummer->kenteken", "huisnummer", "adres"),
    ("kind: uses\n", "kind_column: voornamen\n",
     "kind_column van relatie persoonsnummer->kenteken", "voornamen", "naam en geboortedatum"),
    ("partner: politie", "partner: politie\ngrading: {source_column: achternaam}",
     "grading.source_column", "achternaam", "naam en geboortedatum"),
    ("partner: politie", "partner: politie\ngrading: {information_column: bsn}",
     "grading.information_column", "bsn", "BSN"),
    ("partner: politie", "partner: politie\nkeep: [opmerking, geboortedatum]",
     "kolom in 'keep'", "geboortedatum", "naam en geboortedatum"),
]


@pytest.mark.parametrize(("old", "new", "field", "column", "kind"), CASES,
                         ids=[c[2] for c in CASES])
def test_a_raw_identifier_part_named_elsewhere_is_refused_on_load(tmp_path, old, new, field,
                                                                  column, kind):
    p = _spec(tmp_path, old, new)
    with pytest.raises(SpecError) as err:
        load_spec(p)
    msg = str(err.value)
    assert "politie_noord.yaml" in msg
    assert (f"{field} gebruikt kolom '{column}', een invoerkolom van identificator {kind}; "
            "ruwe delen van een identificator worden niet gedeeld") in msg


def test_the_review_case_in_words_and_in_english(tmp_path):
    """The reviewer's spec: ``naam: achternaam`` under the person's attributes."""
    p = _spec(tmp_path, "attributes: {rol: rol}", "attributes: {rol: rol, naam: achternaam}")
    with pytest.raises(SpecError) as err:
        load_spec(p)
    assert str(err.value).endswith(
        "attribuut 'naam' van knooppunt 'persoonsnummer' gebruikt kolom 'achternaam', een "
        "invoerkolom van identificator naam en geboortedatum; ruwe delen van een identificator "
        "worden niet gedeeld (alleen het pseudoniem 'naam_gd'): haal de kolom hier weg")
    with using("en"), pytest.raises(SpecError) as err:
        load_spec(p)
    assert ("attribute 'naam' of node 'persoonsnummer' uses column 'achternaam', an input column "
            "of identifier name and date of birth; raw parts of an identifier are not shared "
            "(only the pseudonym 'naam_gd'): remove the column here") in str(err.value)


def test_refused_when_built_in_python_too():
    """Not only :func:`load_spec`: an :class:`ExtractSpec` made in a notebook is checked."""
    with pytest.raises(ValueError, match="invoerkolom van identificator BSN"):
        ExtractSpec(name="t", partner="p",
                    identifiers=[{"columns": ["bsn"], "kind": "bsn", "output": "bsn_p"}],
                    nodes=[{"id": "bsn_p", "kind": "person", "attributes": {"x": "bsn"}}])


def test_a_pseudonym_column_is_no_raw_part():
    """An identifier whose pseudonym column keeps the raw column's name (``persoonsnummer``):
    naming it elsewhere names the pseudonym, which is shared; that stays allowed."""
    spec = ExtractSpec(name="t", partner="p",
                       identifiers=[{"columns": ["persoonsnummer"], "kind": "police_id"}],
                       nodes=[{"id": "persoonsnummer", "kind": "person",
                               "label_column": "persoonsnummer"}])
    assert spec.nodes[0].label_column == "persoonsnummer"


def test_a_column_name_that_looks_like_an_identifier_is_masked_in_the_message(tmp_path):
    p = tmp_path / "s.yaml"
    p.write_text("name: t\npartner: p\nidentifiers:\n"
                 "  - {columns: [bsn_123456782], kind: bsn, output: b}\n"
                 "nodes:\n  - {id: b, kind: person, attributes: {x: bsn_123456782}}\n",
                 encoding="utf-8")
    with pytest.raises(SpecError) as err:
        load_spec(p)
    assert "123456782" not in str(err.value)
    assert "gebruikt kolom 'bsn_[bsn]', een invoerkolom van identificator BSN" in str(err.value)


@pytest.mark.parametrize("name", shipped_specs())
def test_shipped_specs_name_no_raw_identifier_part(name):
    spec = load_spec(shipped_spec_path(name))
    parts = {c for i in spec.identifiers for c in i.columns} - set(spec.identifier_outputs())
    assert not parts & {c for _w, c in spec._column_fields() if c}
