"""Class: every ranking that feeds an output is the same in every process (review 6, R5).

The disruption strategy ``eigenvector`` used igraph's ``eigenvector_centrality`` (ARPACK with a
random start drawn from igraph's process-wide generator): on two copies of Zachary's karate club
(two components tied for the leading eigenvalue) the removal order changed from process to
process. It now uses ``centrality()``'s Perron vector per component with its tie rule.

Members covered: the strategy ``eigenvector`` in ``disrupt`` (sequential and block), the scores
it ranks by (equal to ``centrality()``'s eigenvector scaled to max 1), no draw from igraph's
generator, and ``netwerk analyse --strategy eigenvector`` byte-identical across fresh processes
with different ``PYTHONHASHSEED`` and a used igraph generator. The other igraph calls with random
starts in ``src/netwerk`` (layouts, Leiden) are covered by ``tests/graph/test_local_randomness.py``.
"""

from __future__ import annotations

import hashlib
import os
import random
import subprocess
import sys
from pathlib import Path

import igraph as ig
import numpy as np
import pandas as pd
import pytest

from netwerk.analysis.centrality import centrality
from netwerk.analysis.disruption import disrupt
from netwerk.graph import Network


def _two_karates() -> pd.DataFrame:
    k = ig.Graph.Famous("Zachary")
    el = ([(f"k{a}", f"k{b}") for a, b in k.get_edgelist()]
          + [(f"j{a}", f"j{b}") for a, b in k.get_edgelist()])
    return pd.DataFrame(el, columns=["source", "target"])


@pytest.fixture(scope="module")
def twok() -> Network:
    return Network.from_edges(_two_karates())


class _Counting(random.Random):
    calls = 0

    def random(self):
        _Counting.calls += 1
        return super().random()

    def getrandbits(self, k):
        _Counting.calls += 1
        return super().getrandbits(k)


def test_eigenvector_strategy_takes_no_draw_from_igraph_rng(twok):
    mine = _Counting(7)
    ig.set_random_number_generator(mine)
    try:
        before = _Counting.calls
        disrupt(twok, strategy="eigenvector", steps=3, seed=0)
        assert _Counting.calls == before
    finally:
        ig.set_random_number_generator(random)


def test_eigenvector_order_follows_structure_then_id(twok):
    d = disrupt(twok, strategy="eigenvector", steps=3, seed=0)
    # the two hubs 33 tie across the components: id order decides (j before k); after both are
    # gone the copies still tie, so j0 goes before k0
    assert d.curve["removed"].tolist()[1:] == ["j33", "k33", "j0"]
    assert d.curve["score"].tolist()[1:] == [1.0, 1.0, 1.0]
    block = disrupt(twok, strategy="eigenvector", steps=4, mode="block", seed=0)
    assert block.curve["removed"].tolist()[1:] == ["j33", "k33", "j0", "k0"]


def test_eigenvector_scores_are_centrality_scaled(twok):
    """The first ranking is centrality()'s eigenvector scaled to max 1 (one definition)."""
    from netwerk.analysis import disruption as dmod

    h = twok.undirected_graph.copy()
    h.vs["orig"] = list(range(h.vcount()))
    got = dmod._rank_scores(h, "eigenvector", approx=False, samples=0,
                            rng=np.random.default_rng(0), stage_code=None)
    ev = centrality(twok, measures=["eigenvector"])["eigenvector"].to_numpy()
    assert (got >= 0).all()
    np.testing.assert_allclose(got, ev / ev.max(), atol=1e-12)
    # one karate club alone: networkx's eigenvector centrality, scaled
    nx = pytest.importorskip("networkx")
    one = Network.from_edges(_two_karates().iloc[:78])
    G = nx.Graph(list(one.edges[["source", "target"]].itertuples(index=False, name=None)))
    ref = pd.Series(nx.eigenvector_centrality_numpy(G))
    ref = (ref / ref.max()).reindex(one.node_ids).to_numpy()
    h1 = one.undirected_graph.copy()
    h1.vs["orig"] = list(range(h1.vcount()))
    got1 = dmod._rank_scores(h1, "eigenvector", approx=False, samples=0,
                             rng=np.random.default_rng(0), stage_code=None)
    np.testing.assert_allclose(got1, ref, atol=1e-9)


_SCRIPT = """
import random, sys
import igraph as ig, numpy as np, pandas as pd
if sys.argv[1] == "dirty":
    ig.set_random_number_generator(random.Random(99)); ig.Graph.Erdos_Renyi(60, 0.1)
    np.random.rand(3)
from netwerk.cli.main import run
sys.exit(run(["analyse", sys.argv[2], "--out", sys.argv[3], "--strategy", "eigenvector",
              "--steps", "4"]))
"""


def test_cli_disruption_csv_identical_across_processes(tmp_path):
    src = tmp_path / "twok.csv"
    _two_karates().to_csv(src, index=False)
    env0 = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(Path(__file__).resolve().parents[2] / "src"), os.environ.get("PYTHONPATH", "")])}
    digests = []
    for i, (hashseed, state) in enumerate((("1", "clean"), ("4242", "dirty"), ("7", "dirty"))):
        out = tmp_path / f"run{i}"
        env = {**env0, "PYTHONHASHSEED": hashseed}
        r = subprocess.run([sys.executable, "-c", _SCRIPT, state, str(src), str(out)], env=env,
                           capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr[-2000:]
        data = (out / "disruption.csv").read_bytes()
        digests.append(hashlib.sha256(data).hexdigest())
        removed = pd.read_csv(out / "disruption.csv")["removed"].tolist()[1:]
        assert removed == ["j33", "k33", "j0", "k0"]
    assert len(set(digests)) == 1
