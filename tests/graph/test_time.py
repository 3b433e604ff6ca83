"""Windows, snapshots and the timeline from the validity dates of relation records."""

from __future__ import annotations

import pandas as pd
import pytest

from netwerk.errors import ConfigError, GraphError
from netwerk.graph import Network
from netwerk.graph.time import load_temporal_config, timeline, timeline_data, validity, windows


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
    with pytest.raises(GraphError, match="after its end"):
        net.window("2023-01-01", "2022-01-01")
    with pytest.raises(GraphError, match="not a date"):
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
    assert d["events"][0]["category_nl"] == "onderneming"
    with pytest.raises(GraphError, match="no valid date"):
        timeline(net, events=pd.DataFrame({"date": ["x"], "category": ["intervention"]}))


def test_config_validation(tmp_path) -> None:
    cfg = load_temporal_config()
    assert cfg["red_flags"]["founded_before_purchase"]["max_days"] == 90
    p = tmp_path / "t.yaml"
    p.write_text("red_flags:\n  founded_before_purchase: {max_days: -3}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="max_days"):
        load_temporal_config(p)
    p.write_text("red_flags:\n  moon_phase: {}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown red flag"):
        load_temporal_config(p)
    p.write_text("red_flags:\n  address_registrations: {min_registration: 3}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown setting"):
        load_temporal_config(p)
