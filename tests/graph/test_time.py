"""Windows, snapshots and the timeline from the validity dates of relation records."""

from __future__ import annotations

import pandas as pd
import pytest

from netwerk.errors import ConfigError, GraphError
from netwerk.graph import Network
from netwerk.graph.time import load_temporal_config, timeline, timeline_data, validity, windows
from netwerk.i18n import using


def _net() -> Network:
    e = pd.DataFrame({
        "source": ["p", "p", "q", "r", "s"],
        "target": ["c1", "c2", "c1", "adr", "q"],
        "kind": ["director_of", "director_of", "director_of", "registered_at", "co_suspect"],
        "valid_from": ["2020-01-01", "2023-06-01", None, "2021-03-01", None],
        "valid_to": ["2022-12-31", None, None, "2021-09-30", None],
        "observed": [None, None, None, None, "2022-02-02"],
    })
    nodes = pd.DataFrame({"id": ["c1", "c2"], "kind": "company",
                          "datum_oprichting": ["2019-12-01", "2023-05-20"]})
    return Network.from_edges(e, kind="kind", nodes=nodes)


def test_validity_rules() -> None:
    v = validity(_net())
    assert v["end"].isna().iloc[1]  # open-ended: still valid
    assert v["start"].iloc[4] == v["end"].iloc[4] == pd.Timestamp("2022-02-02")  # one observation
    assert not v["dated"].iloc[2]


def test_window_and_at() -> None:
    net = _net()
    assert net.at("2021-05-01").edges["target"].tolist() == ["c1", "c1", "adr"]
    assert net.at("2024-01-01").edges["target"].tolist() == ["c2", "c1"]
    assert net.at("2024-01-01", undated="drop").edges["target"].tolist() == ["c2"]
    w = net.window("2022-01-01", "2022-12-31")
    assert sorted(w.edges["kind"]) == ["co_suspect", "director_of", "director_of"]
    assert w.n_nodes == net.n_nodes and w.meta["window"]["records_left_out"] == 2
    assert net.window("2022-01-01", "2022-12-31", keep_isolates=False).n_nodes == 4
    with pytest.raises(GraphError, match="ligt na het einde"):
        net.window("2023-01-01", "2022-01-01")
    with pytest.raises(GraphError, match="is geen datum"):
        net.at("gisteren")


def test_windows_are_consecutive() -> None:
    ws = windows(_net(), ["2020-01-01", "2022-01-01", "2024-01-01"])
    assert list(ws) == ["2020-01-01 – 2021-12-31", "2022-01-01 – 2023-12-31"]
    with pytest.raises(GraphError):
        windows(_net(), ["2022-01-01", "2020-01-01"])


def test_timeline_events_sorted_and_pure() -> None:
    net = _net()
    ev = pd.DataFrame({"date": ["2023-01-15"], "category": ["intervention"],
                       "node": ["c1"], "description": "bestuurlijke boete"})
    t = timeline(net, events=ev)
    assert t["date"].is_monotonic_increasing
    assert set(t["category"]) == {"officer_change", "registration", "incident", "company",
                                  "intervention"}
    assert (t["event"] == "founded").sum() == 2 and (t["event"] == "observed").sum() == 1
    assert timeline_data(net, events=ev) == timeline_data(net, events=ev)
    d = timeline_data(net)
    assert d["span"] == ["2019-12-01", "2023-06-01"] and d["undated"] == 1
    first = d["events"][0]
    assert (first["category"], first["category_label"], first["event_label"]) == (
        "company", "onderneming", "opgericht")
    from netwerk.i18n import using

    with using("en"):
        first = timeline_data(net)["events"][0]
    assert (first["category_label"], first["event_label"]) == ("company", "founded")
    with pytest.raises(GraphError, match="heeft geen geldige datum"):
        timeline(net, events=pd.DataFrame({"date": ["x"], "category": ["intervention"]}))


def test_config_validation(tmp_path) -> None:
    cfg = load_temporal_config()
    p = tmp_path / "kapot.yaml"
    p.write_text("red_flags: [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"geen geldige YAML \(ongeldige opmaak op regel"):
        load_temporal_config(p)
    assert cfg["red_flags"]["founded_before_purchase"]["max_days"] == 90
    p = tmp_path / "t.yaml"
    p.write_text("red_flags:\n  founded_before_purchase: {max_days: -3}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="max_days"):
        load_temporal_config(p)
    p.write_text("red_flags:\n  moon_phase: {}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="onbekende rode vlag 'moon_phase'"):
        load_temporal_config(p)
    with using("en"), pytest.raises(ConfigError, match="unknown red flag 'moon_phase'"):
        load_temporal_config(p)
    p.write_text("red_flags:\n  address_registrations: {min_registration: 3}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="onbekende instelling\\(en\\) min_registration"):
        load_temporal_config(p)


def test_one_list_of_timeline_names_in_both_languages() -> None:
    """The category and event names live once (``graph.time``), as message ids with an English
    translation each; the map's and the reports' records read the same names."""
    from netwerk.graph import time as T
    from netwerk.i18n import using
    from netwerk.viz import certainty

    assert certainty.TIMELINE_CATEGORIES is T.TIMELINE_CATEGORIES
    assert set(certainty.TIMELINE_COLOURS) == set(T.TIMELINE_CATEGORIES)
    net = _net()
    ev = pd.DataFrame({"date": ["2023-01-15"], "category": ["intervention"], "node": ["c1"],
                       "description": "Bestuurlijke boete: uitgevoerd"})
    for lang in ("nl", "en"):
        with using(lang):
            names = {c: T.category_label(c) for c in T.TIMELINE_CATEGORIES}
            events = {e: T.event_label(e) for e in T.TIMELINE_EVENTS}
            rec = certainty.timeline_records(timeline_data(net, events=ev), {})
            data = timeline_data(net, events=ev)
        if lang == "nl":
            assert names == T.TIMELINE_CATEGORIES and events == T.TIMELINE_EVENTS
            nl_names, nl_events = names, events
        else:  # every name translated, none left in Dutch
            assert all(names[c] != nl_names[c] for c in names if c not in ("incident",)), names
            assert all(events[e] != nl_events[e] for e in events), events
        assert {c["name"]: c["label"] for c in rec["categories"]} == {
            c["name"]: names[c["name"]] for c in rec["categories"]}
        assert {e["cl"] for e in rec["events"]} <= set(names.values())
        assert {e["e"] for e in rec["events"]} <= set(events.values()) | {
            "Bestuurlijke boete: uitgevoerd"}
        assert all(e["category_label"] == names[e["category"]] for e in data["events"])
