"""Class (issue 9, review 8 S1): eigenvector centrality is decided from structure, never from a
numerical cut-off.

Rule: on a directed network the leading eigenvector of ``A^T`` follows from the strongly
connected components (SCCs) and their Perron roots (Rothblum 1975; Schneider 1986): the *basic*
SCCs have the largest root; a basic SCC with another basic SCC downstream (a carousel paying into
a carousel) gets exactly 0; the *final* basic SCCs (none downstream) carry their Perron vector,
propagated downstream. One final basic SCC: that vector (unique up to scale, also when the
eigenvalue is defective). Several basic SCCs with none downstream of another (a tie): networkx's
power-iteration limit from the all-ones vector. Several final basic SCCs *and* a chain (defective):
no eigenvector is preferred, the column is NaN, the method record says why and the vital score
leaves the measure out and says so. Without cycles: all zeros (tests/analysis/test_centrality.py).

Members covered: two 2-cycles in a chain and two 3-cycles in a chain (the reviewer's), two
carousels feeding one, one feeding two (undefined), a weighted chain, a cycle with an upstream and
a downstream tail, a long ring with a chord (a tiny spectral gap: power iteration needs millions of
steps), a large SCC (the sparse-solver path), the reviewer's 4,000-account network (undefined) and
its variant with one sink carousel (unique), against networkx (``eigenvector_centrality`` fails to
converge on the defective members, ``eigenvector_centrality_numpy`` refuses every network that is
not strongly connected) and exact linear algebra (numpy/scipy); equal values on structurally
equivalent nodes, exact zeros upstream, the same bytes in other processes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import networkx as nx
import numpy as np
import pandas as pd
import pytest
import scipy.linalg

from netwerk.analysis.centrality import centrality
from netwerk.analysis.vital import vital_nodes
from netwerk.graph import Network

CHAIN2 = [("a", "b"), ("b", "a"), ("b", "c"), ("c", "d"), ("d", "c")]
CHAIN3 = [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("d", "e"), ("e", "f"), ("f", "d")]
TWO_FEED_ONE = [("a", "b"), ("b", "a"), ("b", "c"), ("c", "d"), ("d", "c"), ("e", "f"),
                ("f", "e"), ("f", "c")]
ONE_FEEDS_TWO = [("a", "b"), ("b", "a"), ("b", "c"), ("c", "d"), ("d", "c"), ("a", "e"),
                 ("e", "f"), ("f", "e")]


def _net(edges, weights=None) -> Network:
    df = pd.DataFrame(edges, columns=["source", "target"])
    if weights is not None:
        df["w"] = weights
    return Network.from_edges(df, directed=True, weight="w" if weights is not None else None)


def _eig(net: Network, weighted: bool = False) -> tuple[pd.Series, dict]:
    c = centrality(net, measures=["eigenvector"], weighted=weighted, distance="inverse")
    return c["eigenvector"], c.attrs["method"]["eigenvector"]


def _exact(net: Network, weighted: bool = False) -> tuple[float, np.ndarray]:
    """Spectral radius and null space of (rho I - A^T) by dense LAPACK."""
    g = net.simple_graph
    A = np.zeros((g.vcount(), g.vcount()))
    for e in g.es:
        A[e.source, e.target] = e["weight"] if weighted else 1.0
    rho = float(np.max(np.linalg.eigvals(A).real))
    return rho, scipy.linalg.null_space(rho * np.eye(len(A)) - A.T, rcond=1e-9)


def _nx(net: Network):
    return net.to_networkx()


@pytest.mark.parametrize("edges, up, down", [(CHAIN2, "ab", "cd"), (CHAIN3, "abc", "def")],
                         ids=["2-cycles", "3-cycles"])
def test_carousel_into_carousel_exact_zero_upstream_equal_downstream(edges, up, down):
    net = _net(edges)
    x, how = _eig(net)
    assert (x[list(up)] == 0).all()
    assert x[list(down)].nunique() == 1 and x[down[0]] == pytest.approx(1 / np.sqrt(len(down)))
    assert how["case"] == "unique nonnegative, defective" and how["index"] == 2
    # exact linear algebra: rho = 1, the eigenspace is one line, ours spans it
    rho, N = _exact(net)
    assert rho == pytest.approx(1.0) and N.shape[1] == 1
    np.testing.assert_allclose(np.abs(N[:, 0]), x.to_numpy(), atol=1e-12)
    # networkx: the power iteration creeps (error ~ 1/k) and fails; the numpy variant refuses
    with pytest.raises(nx.PowerIterationFailedConvergence):
        nx.eigenvector_centrality(_nx(net), max_iter=10_000, tol=1e-12)
    with pytest.raises(nx.AmbiguousSolution):
        nx.eigenvector_centrality_numpy(_nx(net))


def test_two_carousels_feeding_one_unique_nonnegative_vector():
    """The eigenspace has dimension 2 (a mixed-sign vector on the two feeding carousels), but the
    nonnegative eigenvector is unique: the sink carousel's."""
    net = _net(TWO_FEED_ONE)
    x, how = _eig(net)
    rho, N = _exact(net)
    assert N.shape[1] == 2
    assert how["basic"] == 3 and how["final"] == 1
    assert (x[["a", "b", "e", "f"]] == 0).all() and x["c"] == x["d"] == pytest.approx(2 ** -0.5)
    A = nx.to_numpy_array(_nx(net), nodelist=list(x.index))
    np.testing.assert_allclose(A.T @ x.to_numpy(), rho * x.to_numpy(), atol=1e-12)


def test_one_carousel_feeding_two_is_undefined_and_left_out_of_the_score():
    net = _net(ONE_FEEDS_TWO)
    x, how = _eig(net)
    assert x.isna().all()
    assert how["method"] == "undefined" and how["case"] == "undefined"
    assert how["basic"] == 3 and how["final"] == 2
    assert "geen eenduidige eigenvectorcentraliteit" in how["reason"]
    rho, N = _exact(net)  # two nonnegative eigenvectors, one per sink carousel
    assert N.shape[1] == 2
    with pytest.raises(nx.PowerIterationFailedConvergence):
        nx.eigenvector_centrality(_nx(net), max_iter=10_000, tol=1e-12)
    v = vital_nodes(net, kinds=None)
    assert "eigenvector" in v.attrs["components_dropped"]
    assert "c_eigenvector" not in v.columns
    assert "geen eenduidige" in v.attrs["left_out_reasons"]["eigenvector"]
    # the other components still rank: the same order as with eigenvector weighted 0
    w0 = vital_nodes(net, kinds=None, weights={"eigenvector": 0, "betweenness": 1, "degree": 1,
                                               "pagerank": 1})
    v1 = vital_nodes(net, kinds=None, weights={"eigenvector": 1, "betweenness": 1, "degree": 1,
                                               "pagerank": 1})
    assert list(w0.index) == list(v1.index)


def test_weighted_chain_matches_exact_linear_algebra():
    w = [2.0, 0.5, 1.0, 3.0, 4.0, 0.25, 1.0]
    net = _net(CHAIN3, w)  # 3-cycle a,b,c (product 1) feeds 3-cycle d,e,f (product 1)
    x, how = _eig(net, weighted=True)
    rho, N = _exact(net, weighted=True)
    assert N.shape[1] == 1 and how["final"] == 1
    np.testing.assert_allclose(np.abs(N[:, 0]), x.to_numpy(), atol=1e-12)
    assert (x[["a", "b", "c"]] == 0).all()


def test_cycle_with_tails_matches_networkx_and_zero_upstream():
    """Index 1, one basic SCC: networkx converges; upstream of the cycle exactly 0."""
    net = _net([("u", "a"), ("a", "b"), ("b", "a"), ("b", "c"), ("c", "d"), ("a", "d")])
    x, how = _eig(net)
    ref = nx.eigenvector_centrality(_nx(net), max_iter=100_000, tol=1e-14)
    np.testing.assert_allclose(x.to_numpy(), [ref[i] for i in x.index], atol=1e-9)
    assert x["u"] == 0 and how["case"] == "unique"


def test_long_ring_with_a_chord_is_exact():
    """A ring of 400 accounts and one shortcut: the gap to the next eigenvalue is tiny (power
    iteration would need millions of steps); Noda iteration gives the Perron vector."""
    n = 400
    edges = [(f"r{i:03d}", f"r{(i + 1) % n:03d}") for i in range(n)] + [("r000", "r200")]
    net = _net(edges)
    x, how = _eig(net)
    g = net.simple_graph
    A = np.zeros((n, n))
    for e in g.es:
        A[e.source, e.target] = 1.0
    vals, vecs = np.linalg.eig(A.T)
    i = int(np.argmax(vals.real))
    ref = np.abs(vecs[:, i].real)
    np.testing.assert_allclose(x.to_numpy(), ref / np.linalg.norm(ref), atol=1e-10)
    assert how["case"] == "unique"


def test_large_scc_matches_networkx():
    G = nx.gnp_random_graph(600, 0.01, seed=3, directed=True)
    big = max(nx.strongly_connected_components(G), key=len)
    assert len(big) > 200  # the sparse-solver path
    e = pd.DataFrame([(str(u), str(v)) for u, v in G.edges()], columns=["source", "target"])
    net = Network.from_edges(e, directed=True)
    x, _how = _eig(net)
    ref = nx.eigenvector_centrality(net.to_networkx(), max_iter=100_000, tol=1e-15)
    np.testing.assert_allclose(x.to_numpy(), [ref[i] for i in x.index], atol=1e-9)


def _accounts(n: int = 4000, one_sink: bool = False) -> Network:
    """The reviewer's money-flow network: reciprocal payment pairs chained by one-way payments
    (review 8, /tmp/review8/g/eig3.py); ``one_sink``: every pair also pays the last pair."""
    rng = np.random.default_rng(1)
    rows = []
    for i in range(0, n, 2):
        rows += [(f"r{i}", f"r{i + 1}"), (f"r{i + 1}", f"r{i}")]
    for _ in range(n):
        a, b = sorted(rng.integers(0, n, 2))
        if a // 2 != b // 2:
            rows.append((f"r{a}", f"r{b}"))
    if one_sink:
        rows += [(f"r{i}", f"r{n - 2}") for i in range(1, n - 2, 2)]
        rows = [(s, t) for s, t in rows if not (int(s[1:]) >= n - 2 and int(t[1:]) < n - 2)]
    return _net(rows)


def test_reviewers_accounts_network_is_undefined_not_a_cut_off():
    net = _accounts()
    x, how = _eig(net)
    assert x.isna().all() and how["basic"] == 2000 and how["final"] > 1
    sinks = {c for c in range(2000)}  # pairs paying no other pair are the final carousels
    g = net.simple_graph
    ids = net.nodes.index
    for e in g.es:
        s, t = int(ids[e.source][1:]) // 2, int(ids[e.target][1:]) // 2
        if s != t:
            sinks.discard(s)
    assert how["final"] == len(sinks)


def test_reviewers_accounts_with_one_sink_carousel():
    net = _accounts(one_sink=True)
    x, how = _eig(net)
    assert how["final"] == 1
    nz = x[x > 0]
    assert set(nz.index) == {"r3998", "r3999"} and nz.nunique() == 1


def test_same_bytes_in_other_processes():
    """A big SCC (sparse Noda), a tie of two carousels with upstream tails and a defective
    chain: identical bytes in fresh processes, after unrelated ARPACK calls."""
    code = r"""
import json, sys
import numpy as np, pandas as pd, networkx as nx
from scipy.sparse import random as sprandom
from scipy.sparse.linalg import eigs
eigs(sprandom(40, 40, density=0.2, random_state=int(sys.argv[1])), k=2)
from netwerk.graph import Network
from netwerk.analysis.centrality import centrality
G = nx.gnp_random_graph(500, 0.012, seed=5, directed=True)
e = [(str(u), str(v)) for u, v in G.edges()]
e += [("t1", "x1"), ("x1", "t1"), ("t2", "x2"), ("x2", "t2"), ("u", "t1"), ("u", "t2")]
out = {}
for name, rows in (("big", e), ("chain", [("a","b"),("b","a"),("b","c"),("c","d"),("d","c")])):
    net = Network.from_edges(pd.DataFrame(rows, columns=["source", "target"]), directed=True)
    out[name] = centrality(net, measures=["eigenvector"])["eigenvector"].to_numpy().tobytes().hex()
print(json.dumps(out))
"""
    runs = [subprocess.run([sys.executable, "-c", code, str(i)], capture_output=True, text=True,
                           check=True, env={**os.environ, "PYTHONHASHSEED": str(i)}).stdout
            for i in (1, 2)]
    assert json.loads(runs[0]) == json.loads(runs[1])


def test_cycles_are_read_from_the_positive_ties():
    """A round trip whose return payment has strength 0 is no cycle: all zeros, as acyclic."""
    edges = pd.DataFrame({"source": ["a", "b", "b"], "target": ["b", "a", "c"],
                          "weight": [1.0, 0.0, 2.0]})  # Network() keeps a weight of 0
    net = Network(nodes=pd.DataFrame(index=pd.Index(["a", "b", "c"])), edges=edges,
                  directed=True)
    x, how = _eig(net, weighted=True)
    assert (x == 0).all() and how["case"] == "acyclic"
    assert _eig(net)[1]["case"] == "unique"  # unweighted the round trip is a cycle
