"""Audience profiles: which attributes whom."""

from __future__ import annotations

import pytest

from netwerk import Network, datasets
from netwerk.errors import ConfigError
from netwerk.viz.profiles import (
    bind_audience,
    known_partners,
    load_audience,
    restricted_attribute_names,
    visible_attributes,
)


def rows(df):
    return {(r.node_id[-2:], r.attribute, r.value, None if r.partner is None or str(r.partner) == "<NA>"
             else r.partner) for r in df.itertuples()}


def test_load_audience_variants(tmp_path):
    cm = load_audience()
    assert cm.name == "case-meeting" and cm.partner is None
    assert not cm.show_own_restricted and not cm.show_aliases
    assert "debt_amount" in cm.restricted_attributes
    a = load_audience("partner:gemeente")
    b = load_audience("partner", partner="gemeente")
    assert a == b and a.show_own_restricted and a.partner == "gemeente"
    assert load_audience(a) is a
    for bad in ("partner", "steering-group"):
        with pytest.raises(ConfigError):
            load_audience(bad)
    with pytest.raises(ConfigError):
        load_audience("case-meeting", partner="gemeente")
    with pytest.raises(ConfigError):
        load_audience("partner:kvk", partner="politie")
    custom = tmp_path / "aud.yaml"
    custom.write_text("restricted_attributes: [horeca_permit]\naudiences:\n  minimal:\n"
                      "    show_unrestricted_attributes: false\n")
    m = load_audience("minimal", path=custom)
    assert m.restricted_attributes == frozenset({"horeca_permit"}) and not m.show_partner_names
    custom.write_text("audiences:\n  x: {show_aliases: 'yes'}\n")
    with pytest.raises(ConfigError):
        load_audience("x", path=custom)


def test_case_meeting_sees_no_restricted(case_net):
    v = visible_attributes(case_net, load_audience())
    got = rows(v)
    assert ("01", "horeca_permit", "yes", "gemeente") in got
    assert not any(a in ("debt_amount", "enforcement_history") for _, a, _, _ in got)
    assert ("01", "sbi", "5610", "kvk") in got  # long table wins over the wide column
    assert list(v.columns) == ["node_id", "attribute", "value", "partner", "restricted"]
    assert not v["restricted"].any()


def test_partner_sees_only_its_own_restricted(case_net):
    g = rows(visible_attributes(case_net, load_audience("partner:gemeente")))
    assert ("01", "debt_amount", "800", "gemeente") in g
    assert ("02", "enforcement_history", "2 closures", "gemeente") in g
    assert not any(v == "12500" for _, _, v, _ in g)
    b = rows(visible_attributes(case_net, load_audience("partner:belastingdienst")))
    assert ("01", "debt_amount", "12500", "belastingdienst") in b
    assert not any(v in ("800", "2 closures") for _, _, v, _ in b)
    with pytest.raises(ConfigError, match="niets aan dit netwerk geleverd"):
        visible_attributes(case_net, load_audience("partner:om"))
    bound = bind_audience(case_net, load_audience("partner:Gemeente"))
    assert bound.partner == "gemeente" and bound.name == "partner:gemeente"
    assert rows(visible_attributes(case_net, load_audience("partner:GEMEENTE"))) == g


def test_restriction_from_flag_and_meta(case_net):
    na = case_net.node_attributes.copy()
    na["restricted"] = na["attribute"] == "horeca_permit"
    net = Network(nodes=case_net.nodes, edges=case_net.edges, directed=True,
                  meta={"restricted_attributes": ["sbi"]}, node_attributes=na)
    names = restricted_attribute_names(net, load_audience())
    assert {"horeca_permit", "sbi", "debt_amount"} <= names
    got = rows(visible_attributes(net, load_audience()))
    assert not any(a in ("horeca_permit", "sbi") for _, a, _, _ in got)
    kvk = rows(visible_attributes(net, load_audience("partner:kvk")))
    assert ("01", "sbi", "5610", "kvk") in kvk  # kvk's own restricted sbi
    assert not any(a == "horeca_permit" for _, a, _, _ in kvk)
    # the wide sbi column (no partner known) is never shown once sbi is restricted
    assert not any(a == "sbi" and p is None for _, a, _, p in kvk)


def test_research_network_wide_attributes():
    net = datasets.karate()
    v = visible_attributes(net, load_audience())
    assert set(v["attribute"]) == {"club"} and len(v) == 34
    assert known_partners(net) == []
    with pytest.raises(ConfigError):
        visible_attributes(net, load_audience("partner:x"))
