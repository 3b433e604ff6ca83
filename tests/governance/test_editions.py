"""Each edition shows only what it may (pure policy functions, on toy tables and the sample cases)."""

from __future__ import annotations

import pandas as pd
import pytest

from netwerk.errors import ConfigError, Reason
from netwerk.governance import (
    HIDDEN,
    MASKED_SOURCE,
    Edition,
    derived_terms,
    edition_candidates,
    edition_network,
    edition_nodes,
    edition_plan,
    edition_vital,
    hidden_attribute_values,
    known_to,
    parse_edition,
    restricted_partners,
)
from netwerk.governance.editions import PSEUDONYM_PATTERN
from netwerk.i18n import using

P1 = "BSN-" + "a" * 24
P2 = "BSN-" + "b" * 24
C1 = "KVK-" + "c" * 24


@pytest.mark.parametrize("text,name", [
    (None, "casusoverleg"), ("casusoverleg", "casusoverleg"), ("stuurgroep", "stuurgroep"),
    ("partner:gemeente", "partner:gemeente"), ("private:Rabobank", "private:Rabobank"),
    ("Partner: gemeente ", "partner:gemeente"),
])
def test_parse(text, name):
    assert parse_edition(text).name == name


@pytest.mark.parametrize("text", ["raad", "partner", "private:", "stuurgroep:x"])
def test_parse_errors(text):
    with pytest.raises(ConfigError):
        parse_edition(text)


def test_audience_folds_into_edition():
    assert parse_edition(None, audience="case-meeting") == Edition("casusoverleg")
    assert parse_edition(None, audience="partner:politie") == Edition("partner", "politie")
    assert parse_edition("partner:politie", audience="partner:politie").partner == "politie"
    with pytest.raises(ConfigError, match="spreken elkaar tegen"):
        parse_edition("stuurgroep", audience="case-meeting")
    with using("en"), pytest.raises(ConfigError, match="disagree; use --edition only"):
        parse_edition("stuurgroep", audience="case-meeting")


PLAN = pd.DataFrame({
    "partner": ["gemeente", "politie", "Rabobank"],
    "order": [1, 2, 3],
    "target": [P1, P2, C1],
    "target_role": ["teler, fase productie", "verdachte koerier", "onderneming"],
    "action_id": ["sluiting_13b", "aanhouding", "bank_exit"],
    "action": ["Sluiting pand (13b Opiumwet)", "Aanhouding", "Beëindigen bankrelatie"],
    "spectrum": ["bestuurlijk", "strafrechtelijk", "privaat"],
    "legal_basis": ["art. 13b Opiumwet", "Sv", "Wwft"],
    "rationale": ["schuld 1200 bij Belastingdienst; broker", "verdacht in incident 2025",
                  "rekening in naam van debiteur (openstaande_schuld)"],
    "start_window": ["binnen 4 weken", "direct", "binnen 3 maanden"],
    "effort_days": [5.0, 10.0, 2.0],
    "marginal_effect": [0.2, 0.3, 0.1],
})
ATTRS = pd.DataFrame({
    "node_id": [P1, C1, P2],
    "attribute": ["openstaande_schuld", "openstaande_schuld", "rol"],
    "value": ["1200", "5000", "koerier"],
    "partner": ["Belastingdienst", "Belastingdienst", "politie"],
    "restricted": [True, True, False],
})


def _text(df: pd.DataFrame) -> str:
    return " ".join(map(str, df.columns)) + " " + " ".join(df.astype(str).to_numpy().ravel())


def test_stuurgroep_plan_is_aggregated_without_persons():
    out = edition_plan(PLAN, Edition("stuurgroep"))
    assert list(out.columns) == ["partner", "spectrum", "acties", "persoonsdagen"]
    assert out["acties"].sum() == 3 and out["persoonsdagen"].sum() == 17
    assert not PSEUDONYM_PATTERN.search(_text(out))
    for word in ("target", "rationale", "teler", "broker"):
        assert word not in _text(out)


def test_casusoverleg_plan_scrubs_hidden_attributes():
    ed = Edition("casusoverleg")
    hidden = hidden_attribute_values(ATTRS, ed)
    out = edition_plan(PLAN, ed, hidden=hidden)
    assert len(out) == 3
    assert "1200" not in out.loc[0, "rationale"] and HIDDEN in out.loc[0, "rationale"]
    assert "openstaande_schuld" not in out.loc[2, "rationale"]
    assert "koerier" in out.loc[1, "target_role"]  # not restricted: stays


def test_partner_edition_own_rows_and_own_restricted():
    ed = Edition("partner", "Belastingdienst")
    hidden = hidden_attribute_values(ATTRS, ed)
    assert hidden.empty  # its own restricted attributes are visible to it
    out = edition_plan(PLAN, Edition("partner", "gemeente"),
                       hidden=hidden_attribute_values(ATTRS, Edition("partner", "gemeente")))
    assert out["partner"].tolist() == ["gemeente"]
    assert "1200" not in out.loc[0, "rationale"]


def test_private_edition_has_requests_without_case_data():
    ed = Edition("private", "Rabobank")
    terms = derived_terms(ATTRS, None, ["politie", "Belastingdienst"])
    out = edition_plan(PLAN, ed, hidden=hidden_attribute_values(ATTRS, ed), derived=terms)
    assert out["partner"].tolist() == ["Rabobank"]
    text = _text(out)
    assert not PSEUDONYM_PATTERN.search(text)
    for word in ("debiteur", "schuld", "politie", "Belastingdienst", "verdacht", "koerier",
                 "rationale", "target"):
        assert word.lower() not in text.lower(), word
    assert "geen casusgegevens" in text


def test_candidates_per_edition():
    cands = PLAN.rename(columns={"action": "name_nl"})
    st = edition_candidates(cands, Edition("stuurgroep"))
    assert "target" not in st.columns and st["kandidaten"].sum() == 3
    pr = edition_candidates(cands, Edition("private", "Rabobank"))
    assert pr.columns.tolist() == ["partner", "action_id", "name_nl", "spectrum", "effort_days"]
    cm = edition_candidates(cands, Edition("casusoverleg"),
                            hidden=hidden_attribute_values(ATTRS, Edition("casusoverleg")))
    assert "1200" not in _text(cm)


def test_vital_per_edition():
    vital = pd.DataFrame({"vital_score": [0.9, 0.5], "stage": ["productie", None],
                          "reason": ["openstaande_schuld hoog", "broker"]}, index=[P1, P2])
    st = edition_vital(vital, Edition("stuurgroep"))
    assert not PSEUDONYM_PATTERN.search(_text(st)) and st["knooppunten"].sum() == 2
    with pytest.raises(ConfigError) as err:
        edition_vital(vital, Edition("private", "bank"))
    assert err.value.reason == Reason.NOT_FOR_EDITION
    cm = edition_vital(vital, Edition("casusoverleg"),
                       hidden=hidden_attribute_values(ATTRS, Edition("casusoverleg")))
    assert "openstaande_schuld" not in cm.loc[P1, "reason"]


def test_no_node_table_or_network_outside_person_level_editions():
    nodes = pd.DataFrame({"kind": ["person"], "partners": ["gemeente"]}, index=[P1])
    for ed in (Edition("stuurgroep"), Edition("private", "bank")):
        with pytest.raises(ConfigError):
            edition_nodes(nodes, ed)
    assert edition_nodes(nodes, Edition("casusoverleg"))["partners"].tolist() == ["gemeente"]


def test_known_to_hides_restricted_sources_except_own():
    s = pd.Series({P1: "Belastingdienst", P2: "gemeente;politie", C1: ["kvk", "Belastingdienst"]})
    r = ["Belastingdienst", "politie"]
    assert known_to(s, Edition("casusoverleg"), r).tolist() == [[], ["gemeente"], ["kvk"]]
    assert known_to(s, Edition("partner", "politie"), r).tolist() == [
        [], ["gemeente", "politie"], ["kvk"]]
    assert known_to(s, Edition("stuurgroep"), r).tolist() == [[], [], []]


# --- on the sample cases --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hennep(sample_cases):
    from netwerk.store import load_network

    return load_network(sample_cases["hennep-oost"])


def test_sample_restricted_partners(hennep):
    r = restricted_partners(hennep.meta["imports"])
    assert set(r) == {"Belastingdienst", "politie"}
    assert "67 AWR" in r["Belastingdienst"]


def test_casusoverleg_network_reveals_no_tax_or_suspect_provenance(hennep):
    only_tax = [n for n, p in hennep.nodes["partners"].items() if p == "Belastingdienst"]
    assert only_tax, "the sample case has nodes only the tax extract names"
    shown = edition_network(hennep, "casusoverleg")
    for n in only_tax:
        assert shown.nodes.at[n, "partners"] == ""
    assert not shown.nodes["partners"].str.contains("Belastingdienst|politie").any()
    assert set(shown.edges["partner"]) >= {MASKED_SOURCE}
    assert not shown.edges["partner"].isin(["Belastingdienst", "politie"]).any()
    assert "co_suspect" not in set(shown.edges["kind"])
    assert shown.n_edges == hennep.n_edges and shown.n_nodes == hennep.n_nodes
    na = shown.node_attributes
    shown_attr = na[~na["restricted"].fillna(False).astype(bool)]
    assert not shown_attr["partner"].isin(["Belastingdienst", "politie"]).any()


def test_partner_edition_sees_its_own_provenance(hennep):
    own = edition_network(hennep, "partner:Belastingdienst")
    assert own.nodes["partners"].str.contains("Belastingdienst").any()
    assert not own.nodes["partners"].str.contains("politie").any()
    assert (own.edges["partner"] == "Belastingdienst").any()


def test_casusoverleg_map_html_names_no_restricted_source(hennep, tmp_path):
    from netwerk.analysis import vital_nodes
    from netwerk.viz import write_map

    out = tmp_path / "m.html"
    write_map(hennep, out, vital=vital_nodes(hennep, seed=0), seed=0)
    from .test_must_show import map_provenance

    html = out.read_text("utf-8")
    assert not map_provenance(html) & {"Belastingdienst", "politie"}
    assert "co_suspect" not in html and "openstaande_schuld" not in html
