"""Extract-spec validation (the generic model; shipped specs are tested in test_specs.py)."""

import pytest

from netwerk.errors import SpecError
from netwerk.i18n import using
from netwerk.ingest.spec import load_spec

GOOD = """
name: test
partner: KvK
delimiter: ";"
identifiers:
  - {columns: [kvk_nummer], kind: kvk, required: true}
  - {columns: [bsn], kind: bsn, output: bsn_functionaris}
nodes:
  - {id: kvk_nummer, kind: company, attributes: {sbi: sbi_code, code: {column: code, type: str}}}
  - {id: bsn_functionaris, kind: person}
relations:
  - {kind: director_of, source: bsn_functionaris, target: kvk_nummer, valid_from: datum_in}
"""


def write(tmp_path, text, name="spec.yaml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_good_spec_loads(tmp_path):
    spec = load_spec(write(tmp_path, GOOD))
    assert spec.identifiers[0].required is True
    assert spec.identifiers[1].required is False
    assert spec.raw_columns() == ["kvk_nummer", "bsn", "sbi_code", "code", "datum_in"]
    assert spec.shared_columns() == ["kvk_nummer", "bsn_functionaris", "sbi_code", "code", "datum_in"]


def test_octal_looking_values_stay_strings(tmp_path):
    text = GOOD.replace("sbi: sbi_code", "sbi: 01234567").replace("partner: KvK", "partner: NO")
    spec = load_spec(write(tmp_path, text))
    assert spec.nodes[0].attributes["sbi"] == "01234567"
    assert spec.partner == "NO"  # not False (the "Norway problem")


@pytest.mark.parametrize(
    ("change", "needle", "english"),
    [
        (("kind: kvk,", "kind: kvk_nr,"), "onbekende identificatorsoort 'kvk_nr'",
         "unknown identifier kind 'kvk_nr'"),
        (("kind: director_of", "kind: boss_of"), "onbekende relatiesoort 'boss_of'",
         "unknown relation kind 'boss_of'"),
        (("kind: company", "kind: firm"), "onbekende knooppuntsoort 'firm'",
         "unknown node kind 'firm'"),
        (("target: kvk_nummer", "target: nergens"), "eindpuntkolom 'nergens'",
         "endpoint column 'nergens'"),
        (("partner: KvK", "partner: KvK\nfoo: bar"), "foo: onbekend veld (tikfout?)",
         "foo: unknown field (typo?)"),
        (('delimiter: ";"', 'delimiter: ";"\nformat: pdf'), "format: moet een van 'csv', 'xlsx', 'parquet' zijn",
         "format: must be one of 'csv', 'xlsx', 'parquet'"),
    ],
)
def test_bad_spec_names_file_and_field(tmp_path, change, needle, english):
    assert change[0] in GOOD
    p = write(tmp_path, GOOD.replace(*change))
    with pytest.raises(SpecError) as err:
        load_spec(p)
    assert needle in str(err.value)
    assert "spec.yaml" in str(err.value)
    assert "Input should" not in str(err.value) and "Extra inputs" not in str(err.value)
    with using("en"), pytest.raises(SpecError) as err:
        load_spec(p)
    assert english in str(err.value) and "spec.yaml" in str(err.value)


def test_bad_grade(tmp_path):
    p = write(tmp_path, GOOD + "grading: {scheme: 4x4, source: E}\n")
    with pytest.raises(SpecError) as err:
        load_spec(p)
    assert "grading" in str(err.value)


def test_toml_spec(tmp_path):
    text = """
name = "t"
partner = "politie"
[[identifiers]]
columns = ["kenteken"]
kind = "plate"
[[identifiers]]
columns = ["pid"]
kind = "police_id"
[[nodes]]
id = "kenteken"
kind = "vehicle"
[[nodes]]
id = "pid"
kind = "person"
[[relations]]
kind = "uses"
source = "pid"
target = "kenteken"
"""
    spec = load_spec(write(tmp_path, text, "s.toml"))
    assert spec.partner == "politie"


def test_missing_spec_file(tmp_path):
    with pytest.raises(SpecError) as err:
        load_spec(tmp_path / "nope.yaml")
    assert "specificatie niet gevonden" in str(err.value) and "nope.yaml" in str(err.value)


def test_broken_yaml_names_line_and_column_in_words(tmp_path):
    p = write(tmp_path, "name: x\npartner: [p\n")
    with pytest.raises(SpecError) as err:
        load_spec(p)
    assert "geen geldige YAML/TOML: ongeldige opmaak op regel 3" in str(err.value)
    assert "while parsing" not in str(err.value)  # PyYAML's English stays out
