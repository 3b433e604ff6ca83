"""Class: randomness stays local. Leiden and the map layout never replace (nor draw from)
igraph's process-wide random number generator, and give the same result whatever state it is
in. Members covered: communities (weighted, resolution), every layout method, in one process
after the global generator was replaced and advanced."""

from __future__ import annotations

import random

import igraph as ig
import pytest

from netwerk import datasets
from netwerk.analysis.structure import communities
from netwerk.viz.layout import LAYOUTS, compute_layout


class CountingRandom(random.Random):
    calls = 0

    def random(self):
        CountingRandom.calls += 1
        return super().random()

    def getrandbits(self, k):
        CountingRandom.calls += 1
        return super().getrandbits(k)

    def randint(self, a, b):
        CountingRandom.calls += 1
        return super().randint(a, b)

    def gauss(self, mu=0.0, sigma=1.0):
        CountingRandom.calls += 1
        return super().gauss(mu, sigma)


@pytest.fixture
def user_rng():
    mine = CountingRandom(42)
    ig.set_random_number_generator(mine)
    yield mine
    ig.set_random_number_generator(random)


def _still_installed() -> bool:
    before = CountingRandom.calls
    ig.Graph.Erdos_Renyi(n=10, p=0.5)  # draws from the process-wide generator
    return CountingRandom.calls > before


def test_leiden_neither_replaces_nor_draws_from_igraphs_generator(user_rng):
    net = datasets.karate()
    first = communities(net, seed=3)
    CountingRandom.calls = 0
    again = communities(net, seed=3, resolution=1.0)
    assert CountingRandom.calls == 0 and _still_installed()
    ig.Graph.Erdos_Renyi(n=50, p=0.3)  # move the global state on
    assert again.equals(first) and communities(net, seed=3).equals(first)


@pytest.mark.parametrize("method", LAYOUTS)
def test_layouts_neither_replace_nor_draw_from_igraphs_generator(user_rng, method):
    g = ig.Graph.Famous("Zachary")
    a = compute_layout(g, method=method, seed=5)
    CountingRandom.calls = 0
    b = compute_layout(g, method=method, seed=5)
    assert CountingRandom.calls == 0 and _still_installed()
    assert (a == b).all()


def test_approximate_betweenness_leaves_networkits_generator_alone():
    """KADABRA (networkit) is seeded in a worker process: networkit's process-wide generator,
    which cannot be read back, goes on in this process as if netwerk had not run, and the
    approximate scores are the same in every run with one seed."""
    import networkit as nk

    from netwerk.analysis.centrality import centrality

    def draws(k: int) -> list[int]:
        return [nk.generators.ErdosRenyiGenerator(30, 0.2).generate().numberOfEdges()
                for _ in range(k)]

    nk.setSeed(42, False)
    want = draws(3)
    net = datasets.karate()
    nk.setSeed(42, False)
    got = draws(1)
    first = centrality(net, measures=["betweenness"], approximate=True, seed=7)
    got += draws(2)
    assert got == want
    assert first.attrs["method"]["betweenness"]["algorithm"] == "KADABRA (networkit)"
    again = centrality(net, measures=["betweenness"], approximate=True, seed=7)
    assert first.equals(again)
