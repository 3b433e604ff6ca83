"""Each criterion's formula on the hand-made case (numbers derived by hand in conftest's comments)."""

from __future__ import annotations

import math

import pytest
import yaml
from report_cases import STAGES, make_analysis, make_net, make_vital

from netwerk.errors import ConfigError, Reason
from netwerk.i18n import using
from netwerk.report import criteria as C
from netwerk.report.build import build_case_from_network


@pytest.fixture(scope="module")
def w() -> C.Weights:
    return C.load_selection_weights()


def test_shipped_weights_valid_and_normalised(w):
    share = w.normalised()
    assert list(share) == list(C.CRITERIA)
    assert math.isclose(sum(share.values()), 1.0)
    assert share["severity"] == pytest.approx(0.2)


def _write(tmp_path, data) -> str:
    p = tmp_path / "weights.yaml"
    p.write_text(yaml.safe_dump(data), encoding="utf-8")
    return str(p)


def _default_raw() -> dict:
    return yaml.safe_load(C.default_weights_path().read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("mutate", "key"),
    [
        (lambda d: d["weights"].__setitem__("severity", -1), "weights.severity"),
        (lambda d: d["weights"].__setitem__("severity", "high"), "weights.severity"),
        (lambda d: d["weights"].pop("undermining"), "weights.undermining"),
        (lambda d: d["weights"].__setitem__("sevrity", 1), "weights.sevrity"),
        (lambda d: d["severity"]["table"].__setitem__("cannabis", 1.5), "severity.table"),
        (lambda d: d["network_size"].__setitem__("full_at", 0), "network_size.full_at"),
        (lambda d: d["undermining"]["cash_intensive_sbi"].__setitem__(56, "horeca"),
         "undermining.cash_intensive_sbi"),
        (lambda d: d.pop("effect_effort"), "effect_effort"),
    ],
)
def test_weights_validation_names_file_and_key(tmp_path, mutate, key):
    raw = _default_raw()
    mutate(raw)
    path = _write(tmp_path, raw)
    with pytest.raises(ConfigError) as ei:
        C.load_selection_weights(path)
    err = ei.value
    assert err.reason is Reason.INVALID_CONFIG
    assert "weights.yaml" in str(err)
    assert f"{key}" in str(err)
    for english in ("Input should", "Field required", "Extra inputs", "Value error", "got "):
        assert english not in str(err), str(err)
    with using("en"), pytest.raises(ConfigError) as ei:
        C.load_selection_weights(path)
    assert f"{key}" in str(ei.value)
    for dutch in ("moet", "ontbreekt", "onbekend", "tussen", "niet "):
        assert dutch not in str(ei.value), str(ei.value)


def test_weights_all_zero_refused(tmp_path):
    raw = _default_raw()
    raw["weights"] = {k: 0 for k in raw["weights"]}
    with pytest.raises(ConfigError, match="minstens één gewicht moet groter dan 0"):
        C.load_selection_weights(_write(tmp_path, raw))


def test_weights_unreadable_and_not_yaml(tmp_path):
    with pytest.raises(ConfigError, match="gewichtenbestand niet leesbaar: bestand niet gevonden"):
        C.load_selection_weights(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("weights: [1, 2\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="bad.yaml"):
        C.load_selection_weights(bad)


def test_severity(w):
    c = C.score_severity("cannabis", w)
    assert c.score == 0.6 and "Georganiseerde hennepteelt" in c.raw  # the Dutch name, not the id
    with pytest.raises(ConfigError, match="soort criminaliteit 'fraud' heeft geen ernst"):
        C.score_severity("fraud", w)
    with using("en"), pytest.raises(ConfigError, match="crime type 'fraud' has no severity"):
        C.score_severity("fraud", w)
    raw = _default_raw()
    raw["severity"]["default"] = 0.25
    assert C.score_severity("fraud", C.load_selection_weights(raw)).score == 0.25


def test_network_size(w, net):
    c = C.score_network_size(net, w)
    # 6 persons + 5 companies; the address does not count
    assert c.details["actors"] == 11
    assert c.score == pytest.approx(math.log(12) / math.log(501), abs=1e-6)
    big = make_net(extra_nodes=3)  # phones do not count either
    assert C.score_network_size(big, w).details["actors"] == 11


def test_vital_scarce(w, net):
    c = C.score_vital_scarce(net, make_vital(net), STAGES, w)
    # scarce stages (1-2 providers): financing p1, location p2, laundering p3 p4, cultivation p5 p6,
    # equipment c4 -> 7 providers (sale has 3: not scarce); top-5 vital mean (.9+.8+.7+.6+.5)/5 = .7
    assert c.details["scarce_providers"] == 7
    assert c.details["scarce_stages"] == ["financing", "location", "equipment", "cultivation",
                                          "laundering"]
    assert c.details["mean_top_vital"] == pytest.approx(0.7)
    assert c.score == pytest.approx(0.5 * 1 + 0.5 * 0.7)


def test_scarce_providers_matches_analysis_valuechain(net):
    va = pytest.importorskip("netwerk.analysis.valuechain")
    mine = C.scarce_providers(net, STAGES, max_providers=2)
    theirs = va.stage_providers(net, list(STAGES), scarce_max=2)
    assert set(mine["node"]) == set(theirs.index[theirs["scarce"]])


def test_undermining(w, net):
    c = C.score_undermining(net, w)
    d = c.details
    assert (d["companies"], d["facilitators"], d["straw_men"], d["cash_intensive"]) == (5, 2, 1, 3)
    assert d["straw_men_ids"] == ["p1"]
    assert c.score == pytest.approx((5 / 10 + 2 / 3 + 1 / 2 + 1.0) / 4, abs=1e-6)


def test_straw_men_needs_three_distinct_companies(net):
    sm = C.straw_men(net, min_companies=2)
    assert sm.to_dict() == {"p1": 3, "p2": 2}
    assert C.straw_men(net, min_companies=4).empty


def test_value_chain(net):
    c = C.score_value_chain(net, STAGES)
    assert c.details["missing"] == ["electricity"]
    assert c.score == pytest.approx(6 / 7, abs=1e-6)


def test_information_position(w, net):
    c = C.score_information_position(net, w)
    assert c.details["partners"] == ["belastingdienst", "gemeente", "kadaster", "kvk", "politie"]
    assert c.score == 1.0


def test_integrated_approach(w, net):
    a = make_analysis(net)
    c = C.score_integrated_approach(a.candidates, a.vital, w)
    # kadaster's only candidate targets a1 (rank 12, outside the top 10)
    assert c.details["partners"] == ["belastingdienst", "gemeente", "politie"]
    assert c.score == pytest.approx(3 / 6)
    assert C.score_integrated_approach(None, a.vital, w).score == 0.0


def test_effect_effort(w):
    assert C.score_effect_effort(0.1, 10, w).score == pytest.approx(0.5)
    assert C.score_effect_effort(1.0, 1, w).score == 1.0
    none = C.score_effect_effort(None, None, w)
    assert none.score == 0.0 and none.raw == "geen haalbaar pakket"


def test_case_score_is_weighted_sum(w, net):
    rep = build_case_from_network(net, name="hand", weights=w, analysis=make_analysis(net))
    expected = 100 * (0.2 * 0.6 + 0.1 * math.log(12) / math.log(501) + 0.15 * 0.85
                      + 0.15 * (0.5 + 2 / 3 + 0.5 + 1) / 4 + 0.1 * 6 / 7 + 0.1 * 1.0
                      + 0.1 * 0.5 + 0.1 * 1.0)
    assert rep.score == pytest.approx(expected, abs=0.01)
    assert sum(c.contribution for c in rep.criteria) == pytest.approx(rep.score, abs=0.01)
    for c in rep.criteria:
        assert c.contribution == pytest.approx(100 * c.weight * c.score, abs=1e-3)
        assert c.raw and c.formula


def test_facilitator_by_sbi(w):
    from netwerk import Network

    net = make_net()
    nodes = net.nodes.copy()
    nodes.loc["c4", "sbi"] = "69.20.1"  # an accountancy firm facilitates
    net2 = Network(nodes=nodes, edges=net.edges, meta=net.meta)
    assert C.score_undermining(net2, w).details["facilitators"] == 3


def test_sbi_digits_run_in_pyarrow_and_match_the_re_reading(monkeypatch):
    """The SBI prefix match keeps only ASCII digits column-wise in pyarrow (RE2): ``\\D`` sent
    pandas through Python's ``re`` once per value as soon as one value held a non-ASCII
    character. Same matches as the ``re`` reading on SBI codes
    written with every kind of separator (each Unicode blank and punctuation mark) and on junk."""
    import re
    import sys
    import unicodedata

    import pandas as pd
    from pandas.core.arrays.string_arrow import ArrowStringArray

    from netwerk.report.criteria import NON_DIGIT, _sbi_matches

    arr = pd.array(["6910", "69\u00a010"], dtype="string")  # one non-ASCII value (an NBSP)
    assert isinstance(arr, ArrowStringArray)
    assert arr._needs_python_regex(r"\D") and not arr._needs_python_regex(NON_DIGIT)

    seps = [chr(c) for c in range(sys.maxunicode + 1)
            if unicodedata.category(chr(c))[0] in "PZS" or re.match(r"\s", chr(c))]
    values = ([f"69{s}10" for s in seps] + [f"{s}6820{s}" for s in seps]
              + ["6910", "69.10", "6910 - Rechtspraak", "SBI 69101", "6201", "", "abc", None,
                 "0691", "69", "6"])
    sbi = pd.Series(values, dtype="object")
    prefixes = ["691", "6820", "69"]

    def reference(v):  # the per-value reading the column-wise one replaces
        d = re.sub(r"\D", "", v) if isinstance(v, str) else ""
        return bool(d) and any(d.startswith(p) for p in prefixes)

    from pandas.core.strings.object_array import ObjectStringArrayMixin

    def per_value(*args, **kwargs):
        raise AssertionError("the SBI digits went through Python's re one value at a time")

    monkeypatch.setattr(ObjectStringArrayMixin, "_str_replace", per_value)
    got = _sbi_matches(sbi, prefixes)
    monkeypatch.undo()
    assert got.tolist() == [reference(v) for v in values]
    assert got.sum() > 2 * len(seps)  # the separators were taken out, not left in
    # a non-ASCII digit is no SBI digit: dropped like any other character (``\d`` kept it)
    assert _sbi_matches(pd.Series(["\u0666" + "910"]), ["691"]).tolist() == [False]
    assert _sbi_matches(pd.Series(["\u0661" + "6910"]), ["691"]).tolist() == [True]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_formulas_name_no_config_identifiers(w, net, lang):
    """A formula shows the stuurgroep the numbers it uses, never a config key (``vol_bij``,
    ``full_at``, ``companies_full_at``): each criterion's formula and raw text in both languages."""
    import re

    from netwerk.i18n import using

    with using(lang):
        rep = build_case_from_network(net, name="hand", weights=w, analysis=make_analysis(net))
    assert len(rep.criteria) == 8
    for c in rep.criteria:
        for text in (c.formula, c.raw):
            assert not re.search(r"[a-z]+_[a-z]+", text), (c.name, text)
    (und,) = [c for c in rep.criteria if c.name == "undermining"]
    cfg = w.undermining
    for n in (cfg.companies_full_at, cfg.facilitators_full_at, cfg.straw_men_full_at,
              cfg.cash_sbi_full_at):
        assert f"{n:g})" in und.formula
