"""Weights files carry a version and an approval, validated on load."""

from __future__ import annotations

import pytest

from netwerk.errors import ConfigError
from netwerk.governance import load_model_version, model_version


@pytest.mark.parametrize("name", ["vital", "case_selection"])
def test_shipped_weights_have_a_version_and_are_not_approved(name):
    mv = load_model_version(name)
    assert mv.version
    assert not mv.approved
    assert mv.status.startswith("default")


def test_approved_weights(tmp_path):
    p = tmp_path / "w.yaml"
    p.write_text("version: '2026.2'\napproved_by: stuurgroep RIEC Oost\napproved_on: 2026-03-01\n"
                 "weights: {betweenness: 1}\n", encoding="utf-8")
    mv = load_model_version("vital", p)
    assert mv.approved and mv.as_dict()["approved_on"] == "2026-03-01"
    assert "stuurgroep RIEC Oost" in mv.status


@pytest.mark.parametrize("raw,key", [
    ({}, "version"),
    ({"version": ""}, "version"),
    ({"version": 1, "approved_by": "x"}, "approved_on"),
    ({"version": 1, "approved_on": "2026-01-01"}, "approved_by"),
    ({"version": 1, "approved_by": "x", "approved_on": "1-1-2026"}, "approved_on"),
    ({"version": 1, "approved_by": "x", "approved_on": "2999-01-01"}, "approved_on"),
])
def test_invalid_version_fields_name_the_key(raw, key):
    with pytest.raises(ConfigError) as err:
        model_version(raw, name="vital", source="w.yaml")
    assert err.value.column == key
    assert "w.yaml" in str(err.value)


def test_vital_weights_file_validated_on_load(tmp_path):
    from netwerk.analysis.vital import load_vital_weights

    p = tmp_path / "w.yaml"
    p.write_text("version: '2'\napproved_by: stuurgroep\nweights: {betweenness: 1}\n",
                 encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_vital_weights(p)
    assert err.value.column == "approved_on"
    p.write_text("weights: {betweenness: 1}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="version"):
        load_vital_weights(p)
    p.write_text("version: '2'\nweights: {betweenness: 1}\n", encoding="utf-8")
    assert load_vital_weights(p)[0]["betweenness"] == 1.0


def test_selection_weights_file_validated_on_load(tmp_path):
    from netwerk.report.criteria import default_weights_path, load_selection_weights

    text = default_weights_path().read_text("utf-8")
    p = tmp_path / "w.yaml"
    p.write_text(text.replace("version: 1\n", "version: 1\napproved_on: 2026-01-01\n", 1),
                 encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_selection_weights(p)
    assert err.value.column == "approved_by"
    p.write_text(text.replace("version: 1\n", "version: 1\napproved_by: stuurgroep RIEC\n"
                              "approved_on: 2026-01-01\n", 1), encoding="utf-8")
    w = load_selection_weights(p)
    assert w.approved_by == "stuurgroep RIEC"
