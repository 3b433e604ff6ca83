"""Phase comparison and temporal red flags, on hand-built networks with known answers."""

from __future__ import annotations

import pandas as pd

from netwerk.analysis import before_after, phase_comparison, red_flags
from netwerk.graph import Network


def _flag_net(birth_year: int | None = None) -> Network:
    rows = [
        # BV1 founded 2021-01-10, buys a property 40 days later
        ("bv1", "pand1", "owns", "2021-02-19", None),
        ("bv2", "pand2", "owns", "2021-09-01", None),  # BV2 founded 2018: no flag
        # four director changes at BV3 within a year
        ("d1", "bv3", "director_of", "2020-01-01", "2020-03-01"),
        ("d2", "bv3", "director_of", "2020-03-02", "2020-07-01"),
        # six registrations at one address within two months
        *[(f"p{i}", "adres1", "registered_at", f"2022-04-{i + 10:02d}", None) for i in range(6)],
        # a person who becomes director of three companies within a year
        ("young", "bv1", "director_of", "2021-01-10", None),
        ("young", "bv2", "director_of", "2021-05-01", None),
        ("young", "bv4", "director_of", "2021-11-01", None),
    ]
    e = pd.DataFrame(rows, columns=["source", "target", "kind", "valid_from", "valid_to"])
    kinds = {"bv1": "company", "bv2": "company", "bv3": "company", "bv4": "company",
             "pand1": "property", "pand2": "property", "adres1": "address"}
    ids = pd.unique(pd.concat([e["source"], e["target"]]))
    nodes = pd.DataFrame({"id": ids, "kind": [kinds.get(i, "person") for i in ids]})
    nodes["datum_oprichting"] = nodes["id"].map({"bv1": "2021-01-10", "bv2": "2018-05-01"})
    if birth_year is not None:
        nodes["geboortejaar"] = nodes["id"].map({"young": birth_year})
    return Network.from_edges(e, kind="kind", nodes=nodes)


def test_each_flag_with_evidence() -> None:
    rf = red_flags(_flag_net())
    got = {(r.flag, r.node, r.value) for r in rf.itertuples()}
    assert ("founded_before_purchase", "bv1", 40) in got
    assert not any(f == "founded_before_purchase" and n == "bv2" for f, n, _ in got)
    assert ("frequent_director_changes", "bv3", 4) in got
    assert ("address_registrations", "adres1", 6) in got
    assert ("straw_man_director", "young", 3) in got
    row = rf[rf["flag"] == "founded_before_purchase"].iloc[0]
    assert "40 dagen" in row["evidence"] and row["related"] == "pand1" and row["threshold"] == 90
    assert "straw_man_director.max_age" in rf.attrs["skipped"]


def test_thresholds_come_from_config() -> None:
    cfg = {"red_flags": {"founded_before_purchase": {"max_days": 30},
                         "address_registrations": {"min_registrations": 7, "window_days": 90},
                         "frequent_director_changes": {"enabled": False}}}
    rf = red_flags(_flag_net(), config=cfg)
    assert set(rf["flag"]) == {"straw_man_director"}


def test_straw_man_uses_age_when_known() -> None:
    assert "straw_man_director" in set(red_flags(_flag_net(birth_year=2000))["flag"])
    assert "straw_man_director" not in set(red_flags(_flag_net(birth_year=1960))["flag"])
    ev = red_flags(_flag_net(birth_year=2000))
    assert "21 jaar oud" in ev[ev["flag"] == "straw_man_director"]["evidence"].iloc[0]


def _edges(pairs) -> Network:
    return Network.from_edges(pd.DataFrame(pairs, columns=["source", "target"]))


def test_phase_comparison_movers_and_components() -> None:
    p1 = _edges([("a", "b"), ("b", "c"), ("x", "y"), ("y", "z")])  # two components
    p2 = _edges([("a", "b"), ("b", "c"), ("c", "x"), ("x", "y"), ("y", "z")])  # merged via c-x
    p3 = _edges([("a", "b"), ("x", "y"), ("y", "z")])  # c gone: split again
    pc = phase_comparison({"f1": p1, "f2": p2, "f3": p3}, measure="betweenness", top_k=3)
    assert list(pc.summary["components"]) == [2, 1, 2]
    ev = pc.components.set_index(["from_phase", "event"])
    assert ("f1", "samengevoegd") in ev.index and ("f2", "gesplitst") in ev.index
    m = pc.movers[(pc.movers["from_phase"] == "f2") & (pc.movers["node"] == "c")]
    assert m["status"].iloc[0] == "verdwenen"
    assert pc.ranks.loc["c", "f2"] <= 2 and pd.isna(pc.ranks.loc["c", "f3"])


def test_before_after_intervention() -> None:
    e = pd.DataFrame({"source": ["a", "a", "b", "c"], "target": ["b", "c", "d", "d"],
                      "valid_from": ["2020-01-01", "2020-01-01", "2020-01-01", "2022-01-01"],
                      "valid_to": [None, "2021-06-30", None, None]})
    pc = before_after(Network.from_edges(e), "2021-07-01", measure="degree")
    assert pc.phases == ["voor", "na"]
    assert pc.summary.loc["voor", "ties"] == 3 and pc.summary.loc["na", "ties"] == 3
