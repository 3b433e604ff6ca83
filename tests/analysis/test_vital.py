"""vital_nodes tests: planted vital actors rank high, weights config, determinism, contract."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from netwerk.analysis.vital import COMPONENTS, load_vital_weights, vital_nodes
from netwerk.errors import ConfigError
from netwerk.graph.network import Network
from netwerk.i18n import using

STAGES = ["financing", "location", "electricity", "cultivation", "sale"]


def planted_case() -> Network:
    """A cannabis chain with a sole electrician (E), a broker between cultivation and sale (B) and
    a straw man (K) directing 8 firms; around them a dense street-dealing scene with a hub (S1)."""
    nodes, edges = [], []

    def node(i, kind="person", stage=None):
        nodes.append({"id": i, "kind": kind, "stage": stage})

    for f in ("F1", "F2", "F3"):
        node(f, stage="financing")
    edges += [("F1", "F2"), ("F2", "F3"), ("F1", "F3")]
    for j in range(1, 5):
        node(f"L{j}", "company", "location")
        edges += [(f"F{1 + j % 3}", f"L{j}"), ("E", f"L{j}")]
    node("E", stage="electricity")
    for j in range(1, 5):
        node(f"C{j}", stage="cultivation")
        edges += [("E", f"C{j}"), ("B", f"C{j}")]
    edges += [("C1", "C2"), ("C3", "C4")]
    node("B", stage="cultivation")  # a cultivator who also sells on: the hand-over
    for j in range(1, 6):
        node(f"S{j}", stage="sale")
        edges.append(("B", f"S{j}"))
    edges += [("S1", "S2"), ("S2", "S3"), ("S3", "S4"), ("S4", "S5"), ("S1", "S3")]
    for j in range(1, 13):  # street dealers around the hub S1, tied in a ring
        node(f"D{j}", stage="sale")
        edges += [("S1", f"D{j}"), (f"D{j}", f"D{j % 12 + 1}")]
    node("K")  # straw man: launders for F1 through 8 firms
    edges.append(("K", "F1"))
    for j in range(1, 9):
        node(f"K{j}", "company")
        edges.append(("K", f"K{j}"))
    node("ADR1", "address")  # an address many dealers are registered at
    edges += [(f"D{j}", "ADR1") for j in range(1, 7)]
    s, t = zip(*edges, strict=True)
    return Network.from_edges(pd.DataFrame({"source": s, "target": t}), nodes=pd.DataFrame(nodes))


def test_planted_vital_actors_in_top5():
    v = vital_nodes(planted_case(), group="stage", stages=STAGES)
    top5 = v.index[:5].tolist()
    assert {"E", "B", "K"} <= set(top5), v[["vital_score", "reason"]].head(8)
    assert "enige actor in schakel 'electricity'" in v.loc["E", "reason"]
    assert "snijdt 8 actoren af" in v.loc["K", "reason"]
    labelled = vital_nodes(planted_case(), group="stage", stages=STAGES,
                           stage_labels={"electricity": "Elektriciteit (aftap)"})
    assert "enige actor in schakel 'Elektriciteit (aftap)'" in labelled.loc["E", "reason"]
    with using("en"):
        en = vital_nodes(planted_case(), group="stage", stages=STAGES)
    assert "sole provider of stage 'electricity'" in en.loc["E", "reason"]
    assert "cuts off 8 actors" in en.loc["K", "reason"]
    assert v["rank"].tolist() == list(range(1, len(v) + 1))
    assert "ADR1" not in v.index  # addresses are measured but not ranked by default
    assert v.attrs["kinds"] == ["person", "company"]


def test_without_stages_and_all_kinds():
    net = planted_case()
    v = vital_nodes(net, group=None, kinds=None)
    assert set(v.index) == set(net.nodes.index)
    assert {"sole_provider", "brokerage"} <= set(v.attrs["components_dropped"])
    assert np.isclose(sum(v.attrs["weights"].values()), sum(
        w for k, w in load_vital_weights()[0].items() if k not in v.attrs["components_dropped"]))
    assert v["vital_score"].between(0, 1).all()
    assert not v[[c for c in v.columns if c.startswith("c_")]].isna().any().any()


def test_deterministic_and_sorted():
    net = planted_case()
    a = vital_nodes(net, stages=STAGES)
    b = vital_nodes(net, stages=STAGES)
    pd.testing.assert_frame_equal(a, b)
    s = a["vital_score"].to_numpy()
    assert (np.diff(s) <= 1e-12).all()


def test_weights_override_and_validation(tmp_path):
    net = planted_case()
    only_degree = vital_nodes(net, weights={"degree": 1.0})
    assert only_degree.index[0] == "S1"  # the hub has the most ties
    assert only_degree.attrs["weights"] == {"degree": 1.0}
    p = tmp_path / "w.yaml"
    p.write_text("weights:\n  betweenness: 1\n  charisma: 2\n")
    with pytest.raises(ConfigError) as exc:
        vital_nodes(net, weights=p)
    assert "charisma" in str(exc.value) and "w.yaml" in str(exc.value)
    p.write_text("weights:\n  betweenness: -1\n")
    with pytest.raises(ConfigError, match="betweenness"):
        load_vital_weights(p)
    with pytest.raises(ConfigError):
        load_vital_weights({"degree": 0})
    with pytest.raises(ConfigError):
        load_vital_weights(tmp_path / "missing.yaml")
    shipped, src = load_vital_weights()
    assert set(shipped) == set(COMPONENTS) and src.endswith("vital_weights.yaml")


def test_research_edge_list_ranks_every_node(shared_data):
    df = pd.read_csv(shared_data / "siren" / "siren_edges.csv", dtype=str)
    net = Network.from_edges(df)
    v = vital_nodes(net)
    assert len(v) == net.n_nodes and v.attrs["kinds"] is None
    assert v.index[0] == "1"  # the ring's organiser (degree 33, betweenness 0.80)
    assert v["reason"].str.len().gt(0).all()


def test_contract_on_every_fixture_graph():
    from netwerk.analysis.disruption import disrupt
    from netwerk.analysis.keyplayer import key_players
    from netwerk.datasets import fixture_graphs

    for name, net in fixture_graphs().items():
        v = vital_nodes(net, kinds=None)
        assert set(v.index) == set(net.nodes.index), name
        assert not v[["vital_score", "rank"]].isna().any().any(), name
        pd.testing.assert_frame_equal(v, vital_nodes(net, kinds=None))
        d = disrupt(net, strategy="betweenness", steps=3)
        assert not d.curve[["lcc_size", "components", "efficiency"]].isna().any().any(), name
        kp = key_players(net, 2, seed=1)
        assert set(kp.nodes) <= set(net.nodes.index) and kp == key_players(net, 2, seed=1), name


def test_large_network_effective_size_identity():
    from netwerk.datasets import karate

    net = karate()
    full = vital_nodes(net, kinds=None)
    fast = vital_nodes(net, kinds=None, holes_threshold=10)
    pd.testing.assert_series_equal(full["effective_size"].sort_index(),
                                   fast["effective_size"].sort_index(), check_exact=False)
    assert "low_constraint" in fast.attrs["components_dropped"]
    assert "constraint" not in fast.columns


def test_float_noise_does_not_break_ties() -> None:
    """Equal quantities summed in another order differ in their last bits; the percentile (and so
    the score) ties them, as it ties exactly equal values."""
    from netwerk.analysis.vital import _pct

    p = _pct(pd.Series([0.1 + 0.2, 0.3, 0.0, 1.0]))
    assert p.iloc[0] == p.iloc[1] and p.iloc[2] < p.iloc[0] < p.iloc[3]


@pytest.mark.parametrize("seed", [0, 1])
def test_ranking_does_not_depend_on_record_order(seed: int) -> None:
    """The same network with its relation records in another order (another summation order in
    every measure): the same scores to 1e-12 and the same ranks."""
    import networkx as nx

    from netwerk.datasets import _from_nx

    net = _from_nx(nx.powerlaw_cluster_graph(400, 3, 0.5, seed=seed))
    perm = np.random.default_rng(seed).permutation(len(net.edges))
    e = net.edges.iloc[perm]
    swap = np.random.default_rng(seed + 1).random(len(e)) < 0.5  # and some ties written b -> a
    e = e.assign(source=np.where(swap, e["target"], e["source"]),
                 target=np.where(swap, e["source"], e["target"]))
    other = Network(nodes=net.nodes, edges=e)
    a, b = vital_nodes(net), vital_nodes(other).reindex(vital_nodes(net).index)
    np.testing.assert_allclose(a["vital_score"], b["vital_score"], rtol=0, atol=1e-12)
    assert (a["rank"] == b["rank"]).all()
