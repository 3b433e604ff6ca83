"""Generated networks shaped like real case networks, for benchmarks.

:func:`realistic_graph` draws, fully vectorised and seeded:

* communities with heavy-tailed sizes (lognormal), most ties inside a community;
* heavy-tailed degrees (Chung–Lu style: endpoints drawn proportional to Pareto node weights);
* clustering by triadic closure (a share of the ties closes a triangle at a random node);
* node kinds (mostly persons and companies, some addresses and phones) and a value-chain
  ``stage`` per actor: each community leans to one stage, and the "electricity" stage is kept
  scarce, as in a cannabis chain.

It builds 1M nodes / 5M ties in well under a minute, where networkx's generators need far longer.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["STAGES", "realistic_edges", "realistic_graph"]

STAGES = ["financing", "location", "electricity", "equipment", "cultivation", "sale", "laundering"]
_STAGE_P = np.array([0.08, 0.15, 0.01, 0.06, 0.30, 0.30, 0.10])


def realistic_edges(n: int, avg_degree: float = 10.0, *, seed: int = 0, mixing: float = 0.15,
                    closure: float = 0.3, alpha: float = 2.3) -> tuple[np.ndarray, np.ndarray]:
    """Edge arrays ``(u, v)`` (``u < v``, no duplicates, no loops) and community per node."""
    rng = np.random.default_rng(seed)
    m_target = int(n * avg_degree / 2)
    # communities: lognormal sizes, mean ~ 60
    sizes = np.maximum(3, rng.lognormal(3.6, 0.9, size=max(1, n // 20))).astype(np.int64)
    sizes = sizes[np.cumsum(sizes) <= n]
    if sizes.sum() < n:
        sizes = np.append(sizes, n - sizes.sum())
    comm = np.repeat(np.arange(len(sizes)), sizes)
    rng.shuffle(comm)
    theta = rng.pareto(alpha - 1, size=n) + 1.0  # heavy-tailed propensity
    order = np.argsort(comm, kind="stable")
    c_sorted = comm[order]
    starts = np.searchsorted(c_sorted, np.arange(len(sizes)))
    cum_in = np.cumsum(theta[order])  # within-community sampling via cumulative weights
    comm_base = np.concatenate([[0.0], cum_in])[starts]
    comm_tot = np.concatenate([[0.0], cum_in])[starts + sizes] - comm_base
    cum_all = np.cumsum(theta)
    m_rand = int(m_target * (1 - closure) * 1.15)
    u = np.searchsorted(cum_all, rng.random(m_rand) * cum_all[-1])
    cu = comm[u]
    local = rng.random(m_rand) >= mixing
    v = np.empty(m_rand, dtype=np.int64)
    r = comm_base[cu[local]] + rng.random(local.sum()) * comm_tot[cu[local]]
    v[local] = order[np.minimum(np.searchsorted(cum_in, r), n - 1)]
    v[~local] = np.searchsorted(cum_all, rng.random((~local).sum()) * cum_all[-1])
    a, b = _clean(u, v, n)
    # triadic closure: pick a node by degree, join two of its neighbours
    m_close = max(0, m_target - len(a))
    if m_close:
        src = np.concatenate([a, b])
        dst = np.concatenate([b, a])
        o = np.argsort(src, kind="stable")
        src, dst = src[o], dst[o]
        deg = np.bincount(src, minlength=n)
        ptr = np.concatenate([[0], np.cumsum(deg)])
        k = int(m_close * 1.7)
        hubs = src[rng.integers(0, len(src), size=k)]  # degree-proportional
        ok = deg[hubs] >= 2
        hubs = hubs[ok]
        i1 = ptr[hubs] + (rng.random(len(hubs)) * deg[hubs]).astype(np.int64)
        i2 = ptr[hubs] + (rng.random(len(hubs)) * deg[hubs]).astype(np.int64)
        a2, b2 = _clean(dst[i1], dst[i2], n)
        a, b = _clean(np.concatenate([a, a2]), np.concatenate([b, b2]), n)
    if len(a) > m_target:
        keep = np.sort(rng.choice(len(a), size=m_target, replace=False))
        a, b = a[keep], b[keep]
    return np.column_stack([a, b]), comm


def _clean(u: np.ndarray, v: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    lo, hi = np.minimum(u, v), np.maximum(u, v)
    keep = lo != hi
    key = np.sort(lo[keep].astype(np.int64) * n + hi[keep])
    key = key[np.concatenate([[True], key[1:] != key[:-1]])] if len(key) else key
    return key // n, key % n


def realistic_graph(n: int, avg_degree: float = 10.0, *, seed: int = 0):
    """A :class:`netwerk.Network` with kinds, ``stage`` and ``community_truth`` node attributes.

    Returns
    -------
    (Network, dict)
        The network and facts about it (nodes, edges, stages).
    """
    from netwerk.graph.network import Network

    rng = np.random.default_rng(seed + 1)
    el, comm = realistic_edges(n, avg_degree, seed=seed)
    ids = np.char.add("n", np.arange(n).astype(str)).astype(object)
    kind = rng.choice(["person", "company", "address", "phone"], size=n, p=[0.6, 0.25, 0.1, 0.05])
    lean = rng.choice(len(STAGES), size=comm.max() + 1, p=_STAGE_P)
    stage_i = np.where(rng.random(n) < 0.7, lean[comm], rng.choice(len(STAGES), size=n, p=_STAGE_P))
    # electricity stays scarce: at most ~0.05% of the nodes (and at least 2)
    elec = np.flatnonzero(stage_i == STAGES.index("electricity"))
    cap = max(2, n // 2000)
    if len(elec) > cap:
        stage_i[rng.choice(elec, size=len(elec) - cap, replace=False)] = STAGES.index("cultivation")
    stage = np.asarray(STAGES, dtype=object)[stage_i]
    stage[np.isin(kind, ["address", "phone"])] = None
    nodes = pd.DataFrame({"kind": kind, "stage": stage, "community_truth": comm},
                         index=pd.Index(ids, name="id"))
    edges = pd.DataFrame({"source": ids[el[:, 0]], "target": ids[el[:, 1]]})
    net = Network(nodes=nodes, edges=edges, directed=False, meta={"stages": STAGES,
                                                                  "source": "benchmarks.graphs"})
    return net, {"nodes": n, "edges": len(el), "seed": seed}
