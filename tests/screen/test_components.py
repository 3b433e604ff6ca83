"""Connected components (large-star/small-star) on both engines equal igraph's, labels included."""

from __future__ import annotations

import igraph as ig
import numpy as np
import pandas as pd
import pytest

from netwerk.screen.engines import DuckDBEngine, SparkEngine
from netwerk.screen.graph import connected_components, neighbourhoods


def _edges(seed: int) -> pd.DataFrame:
    """Random sparse graph on 64-bit ids, with a long path (the slow case for star algorithms),
    a star, duplicates, both directions and a self-loop."""
    rng = np.random.default_rng(seed)
    ids = rng.integers(1, 2**62, 400, dtype=np.int64)
    a = ids[rng.integers(0, 400, 300)]
    b = ids[rng.integers(0, 400, 300)]
    path = rng.permutation(ids[:40])  # one long path in random id order
    star = ids[60:80]
    a = np.concatenate([a, path[:-1], np.full(19, star[0]), b[:10], [ids[5]]])
    b = np.concatenate([b, path[1:], star[1:], a[:10], [ids[5]]])
    return pd.DataFrame({"a": a.astype("int64"), "b": b.astype("int64")})


def _igraph_labels(edges: pd.DataFrame) -> dict[int, int]:
    nodes = np.unique(np.concatenate([edges["a"], edges["b"]]))
    pos = {v: i for i, v in enumerate(nodes)}
    g = ig.Graph(n=len(nodes), edges=[(pos[x], pos[y]) for x, y in zip(edges["a"], edges["b"],
                                                                       strict=True)])
    membership = np.asarray(g.connected_components().membership)
    smallest = pd.Series(nodes).groupby(membership).min()
    return {int(v): int(smallest[m]) for v, m in zip(nodes, membership, strict=True)}


def _run(engine, edges: pd.DataFrame) -> dict[int, int]:
    engine.register_frame("edges_in", edges)
    connected_components(engine, "edges_in", "cc")
    got = engine.fetch("SELECT id, label FROM cc")
    assert got["id"].is_unique
    return {int(i): int(v) for i, v in zip(got["id"], got["label"], strict=True)}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_duckdb_components_equal_igraph(seed, tmp_path):
    edges = _edges(seed)
    eng = DuckDBEngine(tmp_path)
    try:
        got = _run(eng, edges)
    finally:
        eng.close()
    assert got == _igraph_labels(edges)


@pytest.mark.spark
def test_spark_components_equal_igraph(spark, tmp_path):
    edges = _edges(7)
    eng = SparkEngine(tmp_path, spark=spark, checkpoints="reliable")  # as on a cluster
    try:
        got = _run(eng, edges)
    finally:
        eng.close()
    assert got == _igraph_labels(edges)


def test_components_of_no_edges_is_empty(tmp_path):
    eng = DuckDBEngine(tmp_path)
    try:
        assert _run(eng, pd.DataFrame({"a": pd.Series([], dtype="int64"),
                                       "b": pd.Series([], dtype="int64")})) == {}
    finally:
        eng.close()


def test_neighbourhoods_stop_after_k_hops(tmp_path):
    # path 1-2-3-4-5; seed 1, two hops: 1, 2, 3
    eng = DuckDBEngine(tmp_path)
    try:
        eng.register_frame("g", pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 3, 4, 5]}))
        eng.register_frame("s", pd.DataFrame({"id": [1]}))
        neighbourhoods(eng, "g", "s", "reach", 2)
        assert sorted(eng.fetch("SELECT id FROM reach")["id"]) == [1, 2, 3]
    finally:
        eng.close()
