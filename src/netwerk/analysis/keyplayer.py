"""Borgatti's key-player problem: the set whose removal fragments the network, or that reaches it.

KPP-Neg asks which ``k`` actors, if removed, leave the network most fragmented; KPP-Pos asks which
``k`` actors reach the rest most closely. Both are solved, as Borgatti (2006) proposes, with a
greedy swap heuristic from a seeded random start: swap a member for a non-member whenever that
improves the objective, best swap first, until no swap helps. Scores are vectorised with igraph
(components, distance matrices).

All objectives treat the network as undirected and unweighted (geodesic distance = number of
steps), as Borgatti defines them.

**Fast swap scoring for fragmentation.** A swap round asks, for each member ``u`` of the set, how
F changes if ``u`` goes back and some ``v`` leaves instead. With the other ``k − 1`` members
removed (graph ``H``), removing ``v`` only splits ``v``'s own component, into the pieces that the
*block-cut tree* of ``H`` (biconnected components and articulation points, Hopcroft & Tarjan 1973)
gives directly: one piece per child block subtree of ``v`` plus the rest of the component; a
non-articulation point leaves one piece of ``|C| − 1``. So one biconnected decomposition of
``H`` (linear time, in igraph's C code) scores *all* swaps of ``u`` at once, instead of one
component count per swap. The sums are integers and the tie-break is that of the plain loop
(first strictly better swap in member, then vertex order), so the set and F are the same as with
recomputation (tested against it); at 10k nodes one swap round costs well under a second
instead of minutes (see ``benchmarks/bench_plan.py --keyplayer``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Literal

import igraph as ig
import numpy as np
import pandas as pd

from ..errors import GraphError, Reason
from ..graph.network import Network
from ..i18n import _

__all__ = [
    "KeyPlayerResult",
    "key_players",
    "fragmentation",
    "distance_fragmentation",
    "distance_reach",
]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

Objective = Literal["fragmentation", "distance_fragmentation", "reach"]
_OBJECTIVES = ("fragmentation", "distance_fragmentation", "reach")


@dataclass(frozen=True)
class KeyPlayerResult:
    """The key-player set found, its score, and the score of the top-k-by-centrality set.

    Attributes
    ----------
    nodes : list of str
        The key-player set (sorted by node id).
    score : float
        Objective value of the set (F, DF or DR; higher is better for all three).
    baseline_nodes : list of str
        The ``k`` nodes with the highest baseline centrality (ties: node id ascending).
    baseline_score : float
        Objective value of the baseline set.
    method : str
    params : dict
    """

    nodes: list[str]
    score: float
    baseline_nodes: list[str]
    baseline_score: float
    method: str
    params: dict[str, Any] = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        """One row per node of either set: ``in_set``, ``in_baseline``."""
        ids = sorted(set(self.nodes) | set(self.baseline_nodes))
        df = pd.DataFrame(
            {
                "in_set": [i in self.nodes for i in ids],
                "in_baseline": [i in self.baseline_nodes for i in ids],
            },
            index=pd.Index(ids, name="id", dtype=str),
        )
        df.attrs = {"method": self.method, "params": dict(self.params), "score": self.score,
                    "baseline_score": self.baseline_score}
        return df


# ---------------------------------------------------------------------------- objective functions
def _undirected(net: Network) -> ig.Graph:
    return net.undirected_graph


def _frag_graph(g: ig.Graph, removed: np.ndarray) -> float:
    keep = np.setdiff1d(np.arange(g.vcount()), removed)
    n = len(keep)
    if n < 2:
        return 1.0
    sizes = np.asarray(g.induced_subgraph(keep.tolist()).connected_components().sizes(), float)
    return float(1.0 - (sizes * (sizes - 1)).sum() / (n * (n - 1)))


def _inv_dist_sum(h: ig.Graph) -> float:
    """Σ_{i≠j} 1/d_ij of a graph (unreachable pairs add 0), computed per component."""
    total = 0.0
    for comp in h.connected_components():
        if len(comp) < 2:
            continue
        sub = h.induced_subgraph(comp) if len(comp) < h.vcount() else h
        d = np.asarray(sub.distances(), float)
        with np.errstate(divide="ignore"):
            inv = 1.0 / d
        np.fill_diagonal(inv, 0.0)
        total += float(inv.sum())
    return total


def _dfrag_graph(g: ig.Graph, removed: np.ndarray) -> float:
    keep = np.setdiff1d(np.arange(g.vcount()), removed)
    n = len(keep)
    if n < 2:
        return 1.0
    return float(1.0 - _inv_dist_sum(g.induced_subgraph(keep.tolist())) / (n * (n - 1)))


def _inv_matrix(g: ig.Graph) -> np.ndarray:
    d = np.asarray(g.distances(), float)
    with np.errstate(divide="ignore"):
        inv = 1.0 / d
    np.fill_diagonal(inv, 1.0)  # a member reaches itself (Borgatti: members count as reached)
    return inv


def fragmentation(net: Network, removed: list[str] | tuple[str, ...] = ()) -> float:
    """Borgatti's fragmentation F of the network left after removing ``removed``.

    ``F = 1 − Σ_k s_k (s_k − 1) / (n (n − 1))`` where ``s_k`` are the component sizes and ``n``
    the number of nodes that remain. 0 = one component; 1 = only isolates.

    Examples
    --------
    >>> import pandas as pd
    >>> net = Network.from_edges(pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"]}))
    >>> fragmentation(net, ["b"])
    1.0
    """
    return _frag_graph(_undirected(net), net.positions(list(removed)))


def distance_fragmentation(net: Network, removed: list[str] | tuple[str, ...] = ()) -> float:
    """Borgatti's distance-weighted fragmentation ``DF = 1 − Σ_{i≠j} (1/d_ij) / (n (n − 1))``.

    Over the ``n`` nodes that remain after removing ``removed``; unreachable pairs add 0.
    """
    return _dfrag_graph(_undirected(net), net.positions(list(removed)))


def distance_reach(net: Network, members: list[str] | tuple[str, ...]) -> float:
    """Borgatti's distance-weighted reach ``DR = Σ_j max_{k∈S} (1/d_kj) / n`` of the set ``members``.

    Over all ``n`` nodes; members reach themselves (contribute 1), unreachable nodes add 0.
    """
    g = _undirected(net)
    pos = net.positions(list(members))
    if len(pos) == 0:
        return 0.0
    d = np.asarray(g.distances(source=pos.tolist()), float)
    with np.errstate(divide="ignore"):
        inv = 1.0 / d
    inv[np.arange(len(pos)), pos] = 1.0
    return float(inv.max(axis=0).sum() / g.vcount())


# ---------------------------------------------------------------------------- block-cut tree scoring
def _sum_sq(sizes: np.ndarray) -> int:
    s = sizes.astype(np.int64)
    return int((s * (s - 1)).sum())


def _frag_all_single_removals(g: ig.Graph, removed: np.ndarray) -> np.ndarray:
    """F after removing ``removed`` and one more vertex ``v``, for every vertex ``v`` at once.

    Returns an array over all vertices of ``g`` (NaN for the already removed ones), equal to
    ``_frag_graph(g, removed ∪ {v})`` for every ``v``.
    """
    N = g.vcount()
    keep = np.setdiff1d(np.arange(N), removed)
    out = np.full(N, np.nan)
    n1 = len(keep) - 1                     # nodes left after removing v too
    if n1 < 2:
        out[keep] = 1.0
        return out
    h = g.induced_subgraph(keep.tolist())
    memb = np.asarray(h.connected_components().membership, dtype=np.int64)
    csize = np.bincount(memb)
    base = _sum_sq(csize)
    c_of = csize[memb]
    # default: v is no articulation point, its component just loses v
    S = base - c_of * (c_of - 1) + (c_of - 1) * (c_of - 2)
    # the C routine directly (blocks as edge ids): the Python wrapper builds a VertexCover of
    # vertex lists in Python, which costs more than the decomposition itself
    blocks, aps = ig.GraphBase.biconnected_components(h, True)
    if aps:
        m, nh = len(blocks), h.vcount()
        aps = np.asarray(aps, dtype=np.int64)
        ap_node = np.full(nh, -1, dtype=np.int64)
        ap_node[aps] = m + np.arange(len(aps))
        # blocks come as edge ids: their vertices are the distinct endpoints per block
        nedge = np.fromiter((len(b) for b in blocks), dtype=np.int64, count=m)
        eids = np.fromiter((e for b in blocks for e in b), dtype=np.int64, count=int(nedge.sum()))
        ends = np.asarray(h.get_edgelist(), dtype=np.int64)[eids]
        eowner = np.repeat(np.arange(m), nedge)
        key = np.unique(np.concatenate([eowner * nh + ends[:, 0], eowner * nh + ends[:, 1]]))
        owner, verts = key // nh, key % nh
        is_ap = ap_node[verts] >= 0
        T = m + len(aps)
        # node weights of the block-cut tree: a block stands for its non-articulation vertices
        weight = np.ones(T, dtype=np.int64)
        weight[:m] = np.bincount(owner[~is_ap], minlength=m)
        # one virtual root joined to one node per tree, then one BFS gives parents and order
        tree = ig.Graph(n=T + 1, edges=np.column_stack([owner[is_ap], ap_node[verts[is_ap]]]))
        comp = np.asarray(tree.connected_components().membership[:T])
        firsts = np.unique(comp, return_index=True)[1]
        tree.add_edges([(T, int(x)) for x in firsts])
        order, layers, parent = tree.bfs(T)
        order, layers = np.asarray(order), np.asarray(layers)
        parent = np.asarray(parent, dtype=np.int64)
        sub = np.append(weight, 0)
        for k in range(len(layers) - 2, 0, -1):
            xs = order[layers[k]:layers[k + 1]]   # one BFS layer, deepest first
            np.add.at(sub, parent[xs], sub[xs])
        child = np.arange(T)
        par = parent[:T]
        under_ap = par >= m
        under_ap &= par < T
        cw = np.zeros(T + 1, dtype=np.int64)
        csq = np.zeros(T + 1, dtype=np.int64)
        np.add.at(cw, par[under_ap], sub[child[under_ap]])
        np.add.at(csq, par[under_ap], sub[child[under_ap]] * (sub[child[under_ap]] - 1))
        t = ap_node[aps]
        c = c_of[aps]
        rest = c - 1 - cw[t]
        S[aps] = base - c * (c - 1) + csq[t] + rest * (rest - 1)
    out[keep] = 1.0 - S.astype(float) / (n1 * (n1 - 1))
    return out


# ---------------------------------------------------------------------------- optimisation
def _greedy_swap_removal(g: ig.Graph, start: np.ndarray, score_fn, candidates: np.ndarray,
                         max_iter: int, blockcut: bool = False) -> tuple[np.ndarray, float, int]:
    """Best-swap-first greedy for the removal objectives.

    Each round scores every swap (member ``i`` back in, ``v`` out) and takes the first strictly
    best one in member, then vertex order. ``blockcut`` (fragmentation only) scores all swaps of a
    member from one block-cut tree (:func:`_frag_all_single_removals`) instead of one
    ``score_fn`` call per swap: same values, same choice.
    """
    cur = np.sort(start)
    best = score_fn(g, cur)
    it = 0
    for it in range(1, max_iter + 1):  # noqa: B007
        gain, swap = 0.0, None
        outside = np.setdiff1d(candidates, cur)
        for i in range(len(cur)):
            rest = np.delete(cur, i)
            if blockcut:
                vals = _frag_all_single_removals(g, rest)[outside] - best
            else:
                vals = np.array([score_fn(g, np.append(rest, v)) for v in outside]) - best
            j = 0
            while True:  # first value strictly above the best gain so far
                hit = np.flatnonzero(vals[j:] > gain + 1e-12)
                if not len(hit):
                    break
                j += int(hit[0])
                gain, swap = float(vals[j]), (i, outside[j])
                j += 1
        if swap is None:
            break
        cur = np.sort(np.append(np.delete(cur, swap[0]), swap[1]))
        best = score_fn(g, cur)
    return cur, best, it


def _greedy_swap_reach(inv: np.ndarray, start: np.ndarray, candidates: np.ndarray,
                       max_iter: int) -> tuple[np.ndarray, float, int]:
    n = inv.shape[1]
    cur = np.sort(start)
    best = inv[cur].max(axis=0).sum() / n
    it = 0
    for it in range(1, max_iter + 1):  # noqa: B007
        outside = np.setdiff1d(candidates, cur)
        gain, swap = 0.0, None
        for i in range(len(cur)):
            rest = np.delete(cur, i)
            base = inv[rest].max(axis=0) if len(rest) else np.zeros(n)
            scores = np.maximum(inv[outside], base[None, :]).sum(axis=1) / n
            j = int(np.argmax(scores))  # first maximum = lowest vertex index
            if scores[j] - best > gain + 1e-12:
                gain, swap = scores[j] - best, (i, outside[j])
        if swap is None:
            break
        cur = np.sort(np.append(np.delete(cur, swap[0]), swap[1]))
        best = inv[cur].max(axis=0).sum() / n
    return cur, float(best), it


def _baseline_order(g: ig.Graph, names: np.ndarray, by: str) -> np.ndarray:
    if by == "degree":
        s = np.asarray(g.degree(), float)
    elif by == "betweenness":
        s = np.asarray(g.betweenness(directed=False), float)
    else:
        raise GraphError(_("onbekende basislijn '{naam}'; gebruik 'degree' of 'betweenness'",
                           naam=by),
                         reason=Reason.INVALID_ARGUMENT)
    # higher score first, then node id ascending
    return np.lexsort((names, -s))


def key_players(
    net: Network,
    k: int,
    *,
    objective: Objective = "fragmentation",
    seed: int = 0,
    max_iter: int = 100,
    restarts: int = 1,
    baseline: str | None = None,
    candidates: list[str] | None = None,
    swap_scoring: str = "auto",
) -> KeyPlayerResult:
    """Find a key-player set of size ``k`` with Borgatti's greedy swap heuristic.

    Parameters
    ----------
    net : Network
    k : int
        Size of the set (1 ≤ k < number of nodes).
    objective : {"fragmentation", "distance_fragmentation", "reach"}
        KPP-Neg: ``fragmentation`` F or ``distance_fragmentation`` DF of the network left after
        removing the set. KPP-Pos: ``reach``, the distance-weighted reach DR of the set.
    seed : int
        Seeds the random starting sets (``numpy.random.default_rng``).
    max_iter : int
        Maximum number of swaps per start.
    restarts : int
        Number of random starts; the best result is kept (first start wins ties).
    baseline : {"degree", "betweenness"}, optional
        Centrality of the comparison set. Default: betweenness for the fragmentation objectives
        (the usual rival of KPP-Neg), degree for reach (the usual rival of KPP-Pos).
    candidates : list of str, optional
        Restrict swaps to these nodes (e.g. only persons and companies); default every node.
    swap_scoring : {"auto", "blockcut", "recompute"}
        How swaps are scored for ``fragmentation``: from the block-cut tree (``auto``, all swaps
        of a member at once; same set and F) or by recomputing components per swap (the
        reference). Other objectives always recompute.

    Returns
    -------
    KeyPlayerResult

    Notes
    -----
    Each swap round evaluates ``k × (n − k)`` swaps. For F they are scored from ``k`` block-cut
    trees (see the module docstring), linear in the size of the network per member; DF needs all distances of the remaining graph
    per swap (quadratic), so keep it to a few hundred nodes or restrict ``candidates``. Reach
    precomputes one distance matrix (``n × n`` floats) and then scores all swaps with numpy.

    References
    ----------
    .. [1] Borgatti, S. P. (2006). Identifying sets of key players in a social network.
       Computational and Mathematical Organization Theory 12(1), 21–34.

    Examples
    --------
    >>> import pandas as pd
    >>> net = Network.from_edges(pd.DataFrame({"source": ["a", "b", "c"], "target": ["b", "c", "d"]}))
    >>> key_players(net, 1).nodes
    ['b']
    """
    if objective not in _OBJECTIVES:
        raise GraphError(_("onbekend doel '{naam}'; gebruik een van {bekend}", naam=objective,
                           bekend=", ".join(_OBJECTIVES)),
                         reason=Reason.INVALID_ARGUMENT)
    g = _undirected(net)
    n = g.vcount()
    if not 1 <= k < n:
        raise GraphError(_("k moet tussen 1 en {max} liggen (het netwerk heeft {n} knooppunten), "
                           "niet {k}", max=n - 1, n=n, k=k),
                         reason=Reason.INVALID_ARGUMENT)
    names = net.nodes.index.to_numpy()
    cand = np.sort(net.positions(candidates)) if candidates is not None else np.arange(n)
    if len(cand) < k:
        raise GraphError(_("slechts {n} kandidaten voor een set van {k}", n=len(cand), k=k),
                         reason=Reason.INVALID_ARGUMENT)
    rng = np.random.default_rng(seed)
    by = baseline or ("degree" if objective == "reach" else "betweenness")
    order = _baseline_order(g, names, by)
    if candidates is not None:
        order = order[np.isin(order, cand)]
    base = np.sort(order[:k])

    inv = _inv_matrix(g) if objective == "reach" else None
    score_fn = _frag_graph if objective == "fragmentation" else _dfrag_graph
    if swap_scoring not in ("auto", "blockcut", "recompute"):
        raise GraphError(_("onbekende swap_scoring '{naam}'; gebruik auto, blockcut of recompute",
                           naam=swap_scoring),
                         reason=Reason.INVALID_ARGUMENT)
    blockcut = objective == "fragmentation" and swap_scoring != "recompute"

    best_set, best_score, iters = None, -np.inf, []
    for _i in range(max(1, restarts)):
        start = rng.choice(cand, size=k, replace=False)
        if objective == "reach":
            s, sc, it = _greedy_swap_reach(inv, start, cand, max_iter)
        else:
            s, sc, it = _greedy_swap_removal(g, start, score_fn, cand, max_iter, blockcut)
        iters.append(it)
        if sc > best_score + 1e-12:
            best_set, best_score = s, sc
    if objective == "reach":
        base_score = float(inv[base].max(axis=0).sum() / n)
    else:
        base_score = score_fn(g, base)
    nodes = sorted(names[best_set].tolist())
    log.debug("key players (%s, k=%d): %s score %.4f", objective, k, nodes, best_score)
    return KeyPlayerResult(
        nodes=nodes,
        score=float(best_score),
        baseline_nodes=sorted(names[base].tolist()),
        baseline_score=float(base_score),
        method=f"Borgatti (2006) KPP-{'Pos' if objective == 'reach' else 'Neg'} greedy swap, "
               f"objective {objective}" + (", swaps scored from block-cut trees" if blockcut
                                           else ""),
        params={"k": k, "objective": objective, "seed": seed, "max_iter": max_iter,
                "restarts": restarts, "baseline": by, "swap_rounds": iters,
                "swap_scoring": "blockcut" if blockcut else "recompute",
                "candidates": None if candidates is None else len(cand)},
    )
