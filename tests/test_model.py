"""Data model and grading."""

import re

import pytest

from netwerk.errors import ConfigError
from netwerk.model import default_model, grading_score, load_model


def test_default_model_has_issue_kinds():
    m = default_model()
    for k in ["person", "company", "property", "address", "vehicle", "phone", "account"]:
        assert m.check_node_kind(k)
    for r in ["director_of", "shareholder_of", "proxy_of", "employed_by", "owns", "rents",
              "registered_at", "established_at", "co_suspect", "calls", "transacts_with",
              "family_of", "uses", "holds_permit"]:
        assert m.check_relation_kind(r)
    assert m.relation_kinds["director_of"].allows("person", "company")
    assert not m.relation_kinds["director_of"].allows("address", "company")
    assert not m.relation_kinds["co_suspect"].directed


def test_model_extension(tmp_path):
    p = tmp_path / "extra.yaml"
    p.write_text("node_kinds:\n  vessel: {label_nl: schip}\nrelation_kinds:\n"
                 "  sails_on: {directed: true, source: [person], target: [vessel]}\n")
    m = load_model(p)
    assert m.check_node_kind("vessel")
    assert m.relation_kinds["sails_on"].allows("person", "vessel")


def test_model_extension_unknown_endpoint_kind(tmp_path):
    p = tmp_path / "bad.yaml"
    p.write_text("relation_kinds:\n  flies: {source: [pilot], target: [company]}\n")
    with pytest.raises(ConfigError) as err:
        load_model(p)
    assert "pilot" in str(err.value) and "bad.yaml" in str(err.value)
    assert "is geen knooppuntsoort" in str(err.value)


@pytest.mark.parametrize("text, says", [
    ("node_kinds: [vessel\n", "geen geldige YAML (ongeldige opmaak op regel 2"),
    ("node_kinds: [vessel]\n", "een datamodel is een mapping met 'node_kinds'"),
])
def test_model_extension_that_is_no_model_is_said_in_words(tmp_path, text, says):
    p = tmp_path / "bad.yaml"
    p.write_text(text)
    with pytest.raises(ConfigError, match=re.escape(says)) as err:
        load_model(p)
    assert "bad.yaml" in str(err.value)


@pytest.mark.parametrize(
    ("scheme", "s", "i", "expected"),
    [("admiralty", "A", "1", 1.0), ("admiralty", "F", "6", 0.0), ("admiralty", "C", "3", 0.6),
     ("4x4", "A", "1", 1.0), ("4x4", "B", "2", 2 / 3), ("4x4", "D", "4", 0.0),
     ("4x4", "E", "1", 0.5), (None, "A", "1", 0.0), ("admiralty", "b", None, 0.4)],
)
def test_grading_score(scheme, s, i, expected):
    assert grading_score(scheme, s, i) == pytest.approx(expected)
