"""Centrality: degree, strength, betweenness, closeness, harmonic, eigenvector, PageRank, k-core,
local clustering, and edge betweenness.

Every measure follows networkx's definition (and is tested against networkx to 1e-9), computed in C
by igraph (exact) or networkit (approximate, above ``exact_threshold`` nodes) and vectorised with
numpy/scipy. Where netwerk deliberately differs from networkx the docstring says so.

Examples
--------
>>> from netwerk import datasets
>>> from netwerk.analysis.centrality import centrality
>>> c = centrality(datasets.krackhardt_kite())
>>> c["degree"].idxmax(), c["betweenness"].idxmax(), float(c.loc["Heather", "betweenness"].round(4))
('Diane', 'Heather', 0.3889)
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import igraph as ig
import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..errors import GraphError, Reason
from ..graph import Network
from ..i18n import _
from ._common import adjacency, check_choice, distance_weights, edge_arrays, node_frame

__all__ = ["centrality", "edge_betweenness", "MEASURES", "DEFAULT_MEASURES"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

#: Every measure :func:`centrality` can compute (``in_degree``/``out_degree`` need a directed net).
MEASURES = ("degree", "in_degree", "out_degree", "strength", "betweenness", "closeness", "harmonic",
            "eigenvector", "pagerank", "coreness", "clustering")
#: Measures computed when ``measures=None``.
DEFAULT_MEASURES = MEASURES
_PATH_MEASURES = ("betweenness", "closeness", "harmonic")
#: Above this many arcs (undirected ties count twice) KADABRA is too slow; pivots are used.
_KADABRA_MAX_ARCS = 2_000_000
#: Arc visits allowed for sampled betweenness / closeness pivots (about 10-30 s here).
_PIVOT_BUDGET = 200_000_000
_MIN_PIVOTS = 32


def centrality(
    net: Network,
    *,
    measures: Sequence[str] | None = None,
    weighted: bool = False,
    normalized: bool = True,
    approximate: bool | None = None,
    samples: int = 1000,
    seed: int = 0,
    exact_threshold: int = 20_000,
    distance: str = "weight",
    damping: float = 0.85,
    closeness_samples: int = 200,
) -> pd.DataFrame:
    """Node centralities of ``net.simple_graph`` in one table.

    Parameters
    ----------
    net : Network
    measures : sequence of str, optional
        Subset of :data:`MEASURES` (default: all; ``in_degree``/``out_degree`` only on directed
        networks).
    weighted : bool
        Use tie weights: *betweenness, closeness, harmonic* read them as **distances** (a tie of
        weight 3 is three times as long), *eigenvector, PageRank* as strengths. For "strength of
        tie" weights (more contact = closer) pass ``distance="inverse"`` so paths use ``1/w``.
        Degree, coreness and clustering are always unweighted; ``strength`` is always weighted.
    normalized : bool
        Betweenness normalised as networkx does (divided by ``(n-1)(n-2)``, and by 2 less for
        undirected graphs, i.e. the share of all other ordered/unordered pairs); harmonic divided
        by ``n-1``. Closeness is always networkx's (normalised) closeness.
    approximate : bool, optional
        ``None``: exact up to ``exact_threshold`` nodes, approximate above. Approximation applies
        to betweenness (networkit KADABRA, additive error 0.01 with probability 0.9 of the
        normalised value; weighted, directed or above 2M arcs: ``samples`` random source pivots,
        Brandes & Pich 2007) and closeness/harmonic (``closeness_samples`` random source
        pivots, Eppstein & Wang). Pivot counts are capped so that pivots x arcs stays within
        2e8 (at least 32 pivots): on a 1M-node, 5M-tie network 32 pivots.
    samples : int
        Source pivots of the sampled betweenness (weighted or directed graphs).
    seed : int
        Seed of every random choice (results are identical across runs with one seed). No
        process-wide generator is replaced, seeded or drawn from (igraph's, numpy's, Python's,
        networkit's: KADABRA runs seeded in a worker process).
    exact_threshold : int
        Node count above which ``approximate=None`` switches to approximation.
    distance : {"weight", "inverse"}
        How weights become path lengths when ``weighted``.
    damping : float
        PageRank damping factor (networkx's ``alpha``).
    closeness_samples : int
        Source pivots of the sampled closeness and harmonic closeness (each pivot is one BFS or
        Dijkstra over the whole graph; 200 keep 100k nodes within seconds).

    Returns
    -------
    pd.DataFrame
        Indexed by node id, one column per measure; ``.attrs["method"]`` maps each measure to how
        it was computed (``exact``/``approximate``, algorithm, parameters, error bound).

    Notes
    -----
    Definitions (networkx 3.6):

    * ``degree``: ties of the simple graph (directed: in + out arcs); ``strength``: summed weights.
    * ``betweenness``: :func:`networkx.betweenness_centrality` with ``endpoints=False``.
    * ``closeness``: :func:`networkx.closeness_centrality` with ``wf_improved=True``: for a node
      reached from ``r-1`` others at total distance ``S``, ``(r-1)/S * (r-1)/(n-1)`` (directed:
      incoming distances); 0 for a node no one reaches.
    * ``harmonic``: :func:`networkx.harmonic_centrality` (sum of ``1/d(v, u)``), ``/(n-1)`` when
      ``normalized``.
    * ``eigenvector``: :func:`networkx.eigenvector_centrality` (in-edges for directed graphs; unit
      Euclidean norm). On a graph with several components the exact leading eigenvector is zero
      outside the component(s) with the largest eigenvalue; networkx's power iteration stops at a
      tolerance and leaves small non-zero values there. netwerk returns the exact eigenvector
      (zeros). A graph without cycles (leading eigenvalue 0) gets all zeros.
    * ``pagerank``: :func:`networkx.pagerank` (dangling nodes jump uniformly), by power iteration
      to 1e-15 per node (igraph's PRPACK gives the same values but was erratic in speed here).
    * ``coreness``: :func:`networkx.core_number` (directed: in + out degree).
    * ``clustering``: :func:`networkx.clustering`, unweighted; directed graphs use Fagiolo's
      directed clustering as networkx does; 0 for nodes with fewer than two neighbours.

    References
    ----------
    .. [1] Brandes, U. (2001). A faster algorithm for betweenness centrality. J. Math. Sociol. 25(2).
    .. [2] Freeman, L. C. (1979). Centrality in social networks: conceptual clarification. Social
       Networks 1(3): 215-239.
    .. [3] Borassi, M. & Natale, E. (2016). KADABRA is an adaptive algorithm for betweenness via
       random approximation. ESA 2016.
    .. [4] Eppstein, D. & Wang, J. (2004). Fast approximation of centrality. JGAA 8(1): 39-45.
    .. [6] Brandes, U. & Pich, C. (2007). Centrality estimation in large networks. Int. J.
       Bifurcation and Chaos 17(7): 2303-2318.
    .. [5] Wasserman, S. & Faust, K. (1994). Social Network Analysis. Cambridge University Press.
    """
    g = net.simple_graph
    n = g.vcount()
    directed = g.is_directed()
    wanted = _measures(measures, directed)
    check_choice("distance", distance, ("weight", "inverse"))
    approx = (n > exact_threshold) if approximate is None else bool(approximate)
    paths = weighted and g.ecount() and any(m in wanted for m in _PATH_MEASURES)
    w_path = distance_weights(g, distance) if paths else None
    cols: dict[str, np.ndarray] = {}
    method: dict[str, dict[str, Any]] = {}
    exact = {"method": "exact"}

    if "degree" in wanted:
        cols["degree"] = np.asarray(g.degree(mode="all"), dtype=np.int64)
        method["degree"] = exact
    if "in_degree" in wanted:
        cols["in_degree"] = np.asarray(g.degree(mode="in"), dtype=np.int64)
        method["in_degree"] = exact
    if "out_degree" in wanted:
        cols["out_degree"] = np.asarray(g.degree(mode="out"), dtype=np.int64)
        method["out_degree"] = exact
    if "strength" in wanted:
        cols["strength"] = np.asarray(g.strength(mode="all", weights="weight" if g.ecount() else None),
                                      dtype=float)
        method["strength"] = exact
    if "betweenness" in wanted:
        if approx:
            cols["betweenness"], method["betweenness"] = _approx_betweenness(
                net, w_path, normalized=normalized, samples=samples, seed=seed)
        else:
            cols["betweenness"] = _betweenness(g, w_path, normalized)
            method["betweenness"] = {"method": "exact", "algorithm": "Brandes (igraph)"}
    if "closeness" in wanted or "harmonic" in wanted:
        if approx:
            clo, har, meta = _sampled_closeness(net, w_path, samples=closeness_samples, seed=seed)
        else:
            clo = _closeness(g, w_path) if "closeness" in wanted else None
            har = (np.asarray(g.harmonic_centrality(mode="in", weights=w_path, normalized=False),
                              dtype=float) if "harmonic" in wanted else None)
            meta = {"method": "exact", "algorithm": "BFS/Dijkstra from every node (igraph)"}
        if "closeness" in wanted:
            cols["closeness"] = clo
            method["closeness"] = meta
        if "harmonic" in wanted:
            cols["harmonic"] = har / (n - 1) if normalized and n > 1 else har
            method["harmonic"] = meta
    if "eigenvector" in wanted:
        cols["eigenvector"] = _eigenvector(net, weighted)
        method["eigenvector"] = {"method": "exact", "algorithm": "Perron vector per component "
                                 "(LAPACK/ARPACK) or power iteration (directed), rounded to 1e-13"}
    if "pagerank" in wanted:
        cols["pagerank"], it = _pagerank(net, weighted, damping)
        method["pagerank"] = {"method": "exact", "algorithm": "power iteration (scipy)",
                              "damping": damping, "iterations": it, "tolerance": 1e-15}
    if "coreness" in wanted:
        cols["coreness"] = np.asarray(g.coreness(mode="all"), dtype=np.int64)
        method["coreness"] = exact
    if "clustering" in wanted:
        cols["clustering"] = _clustering(net)
        method["clustering"] = exact
    df = node_frame(net, {m: cols[m] for m in wanted})
    df.attrs["method"] = method
    df.attrs["params"] = {"weighted": weighted, "normalized": normalized, "distance": distance,
                          "approximate": approx, "samples": samples,
                          "closeness_samples": closeness_samples, "seed": seed}
    return df


def edge_betweenness(net: Network, *, weighted: bool = False, normalized: bool = True,
                     distance: str = "weight") -> pd.DataFrame:
    """Betweenness of every tie of ``net.simple_graph``.

    As :func:`networkx.edge_betweenness_centrality`: normalised by ``n(n-1)`` (the number of
    ordered pairs; undirected pairs count both ways).

    Returns
    -------
    pd.DataFrame
        Columns ``source``, ``target`` (node ids), ``edge_betweenness``; the index is the edge id
        of ``net.simple_graph``.
    """
    g = net.simple_graph
    n = g.vcount()
    w_path = distance_weights(g, distance) if weighted and g.ecount() else None
    s, t, _ = edge_arrays(g)
    eb = np.asarray(g.edge_betweenness(directed=True, weights=w_path), dtype=float) if g.ecount() \
        else np.empty(0)
    if normalized and n > 1:
        eb = eb * ((1.0 if g.is_directed() else 2.0) / (n * (n - 1)))
    ids = net.nodes.index.to_numpy()
    return pd.DataFrame({"source": ids[s], "target": ids[t], "edge_betweenness": eb})


# ---------------------------------------------------------------------------- exact pieces

def _measures(measures: Sequence[str] | None, directed: bool) -> list[str]:
    if measures is None:
        return [m for m in DEFAULT_MEASURES if directed or m not in ("in_degree", "out_degree")]
    if isinstance(measures, str):
        measures = [measures]
    bad = [m for m in measures if m not in MEASURES]
    if bad:
        raise GraphError(_("onbekende maat/maten {namen}; kies uit {bekend}", namen=", ".join(bad),
                           bekend=", ".join(MEASURES)),
                         reason=Reason.INVALID_ARGUMENT)
    return list(dict.fromkeys(measures))


def _scale_betweenness(raw: np.ndarray, n: int, directed: bool, normalized: bool) -> np.ndarray:
    # igraph counts each unordered pair once on undirected graphs, networkx twice then halves.
    if normalized and n > 2:
        return raw * ((1.0 if directed else 2.0) / ((n - 1) * (n - 2)))
    return raw


def _betweenness(g, w_path, normalized: bool) -> np.ndarray:
    n = g.vcount()
    if n == 0:
        return np.empty(0)
    raw = np.asarray(g.betweenness(directed=True, weights=w_path), dtype=float)
    return _scale_betweenness(raw, n, g.is_directed(), normalized)


def _closeness(g, w_path) -> np.ndarray:
    """networkx closeness (wf_improved): networkit's generalized closeness, one BFS/Dijkstra per
    node spread over every core (each node's value comes from its own search, so the result does
    not depend on the number of threads). Incoming distances on directed graphs."""
    import os

    import networkit as nk

    n = g.vcount()
    if n <= 1:
        return np.zeros(n)
    src, tgt, _ = edge_arrays(g)
    directed = g.is_directed()
    G = nk.Graph(n, weighted=w_path is not None, directed=directed)
    if len(src):
        src, tgt = src.astype(np.uint64), tgt.astype(np.uint64)
        s, t = (tgt, src) if directed else (src, tgt)  # reversed: incoming distances
        if w_path is not None:
            G.addEdges((np.asarray(w_path, dtype=float), (s, t)))
        else:
            G.addEdges((s, t))
    threads = nk.getMaxNumberOfThreads()
    nk.setNumberOfThreads(os.cpu_count() or 1)
    try:
        algo = nk.centrality.Closeness(G, True, nk.centrality.ClosenessVariant.GENERALIZED)
        algo.run()
        out = np.asarray(algo.scores(), dtype=float)
    finally:
        nk.setNumberOfThreads(threads)
    return np.nan_to_num(out, nan=0.0)


def _eigenvector(net: Network, weighted: bool) -> np.ndarray:
    """Leading (Perron) eigenvector of A^T, unit Euclidean norm, non-negative, decided from structure.

    * No edges, or a directed graph without cycles (``is_dag``): the leading eigenvalue is exactly
      0 and no node has eigenvector centrality: all zeros (ARPACK would return a tiny non-zero
      eigenvalue for such nilpotent matrices, so this is decided from the structure).
    * Undirected: each connected component has its own Perron vector. The components whose
      leading eigenvalue equals the largest (a tie, e.g. two identical cells) share the result as
      the limit of networkx's power iteration from the all-ones vector would: component ``c`` gets
      weight ``1·v_c``; all other components are exactly 0. Non-negative and identical in every
      run and process (fixed start vectors, no random restarts).
    * Directed with cycles: the power iteration on (A^T + I) from the all-ones vector, as
      networkx (ARPACK's non-symmetric driver is not reproducible across calls, and mixes signs
      when several strongly connected components tie for the leading eigenvalue).
    * Values are rounded to 1e-13 (then renormalised) so that they are identical in every run and
      process, whatever an iterative solver's last bits.
    """
    g = net.simple_graph
    if g.vcount() == 0 or g.ecount() == 0:
        return np.zeros(g.vcount())
    return perron_eigenvector(g, adjacency(net, weighted=weighted))


def perron_eigenvector(g: ig.Graph, A: sp.csr_matrix) -> np.ndarray:
    """The deterministic leading eigenvector of :func:`_eigenvector` for any simple igraph graph.

    Parameters
    ----------
    g : igraph.Graph
        A simple graph (no multi-edges, no loops), ``n`` vertices.
    A : scipy.sparse.csr_matrix, shape (n, n)
        Its (weighted or unweighted) adjacency matrix, symmetric when ``g`` is undirected.

    Returns
    -------
    np.ndarray, shape (n,)
        Unit Euclidean norm, non-negative, rounded to 1e-13; zeros without cycles. Shared by
        :func:`centrality` and the disruption strategy ``eigenvector`` so that both give the same
        vector in every process: no ARPACK random start, no draw from igraph's process-wide
        random generator.

    Examples
    --------
    >>> import igraph as ig, scipy.sparse as sp
    >>> g = ig.Graph([(0, 1), (2, 3)])   # two tied components
    >>> A = sp.csr_matrix(g.get_adjacency_sparse(), dtype=float)
    >>> perron_eigenvector(g, A).round(4).tolist()
    [0.5, 0.5, 0.5, 0.5]
    """
    n = g.vcount()
    if n == 0 or g.ecount() == 0:
        return np.zeros(n)
    directed = g.is_directed()
    if directed and g.is_dag():
        log.info(_("eigenvectorcentraliteit: het netwerk heeft geen kringen (grootste "
                   "eigenwaarde 0); alle waarden zijn 0"))
        return np.zeros(n)
    if directed:
        return _eigenvector_directed(A.T.tocsr())
    memb = np.asarray(g.connected_components().membership, dtype=np.int64)
    rowsum = np.asarray(A.sum(axis=1)).ravel()
    ncomp = int(memb.max()) + 1
    size = np.bincount(memb, minlength=ncomp)
    # spectral radius of a non-negative symmetric block <= max over its ties of sqrt(r_i r_j)
    # (r = row sums; tight for stars): few components need their own eigenpair
    s, t, _w = edge_arrays(g)
    bound = np.zeros(ncomp)
    np.maximum.at(bound, memb[s], np.sqrt(rowsum[s] * rowsum[t]))
    # candidates in order of their bound; exact leading eigenpairs until no bound can tie
    cand = [c for c in np.argsort(-bound, kind="stable") if size[c] >= 2]
    found: list[tuple[float, np.ndarray, np.ndarray]] = []
    lam_max = 0.0
    for c in cand:
        if found and bound[c] < lam_max * (1.0 - 1e-9):
            break
        if size[c] == n:  # connected: the whole matrix
            idx, sub = np.arange(n), A.tocsr()
        else:
            idx = np.flatnonzero(memb == c)
            sub = A[idx][:, idx].tocsr()
        lam, vec = _perron(sub)
        found.append((lam, idx, vec))
        lam_max = max(lam_max, lam)
    tied = [(idx, vec) for lam, idx, vec in found if lam >= lam_max * (1.0 - 1e-9)]
    x = np.zeros(n)
    for idx, vec in tied:
        x[idx] = vec * (vec.sum() if len(tied) > 1 else 1.0)
    return _snap(x)


def _perron(M: sp.csr_matrix) -> tuple[float, np.ndarray]:
    """Leading eigenvalue and non-negative unit eigenvector of a connected symmetric non-negative
    matrix (deterministic: fixed start vector, then power steps on M + I to polish)."""
    from scipy.sparse.linalg import ArpackNoConvergence, eigsh

    k = M.shape[0]
    if k <= 64:
        vals, vecs = np.linalg.eigh(M.toarray())
    else:
        try:
            # a short Krylov basis: fewer reorthogonalisations, the same number of products
            vals, vecs = eigsh(M, k=1, which="LA", v0=np.ones(k) / np.sqrt(k), tol=1e-14,
                               ncv=min(k - 1, 8), maxiter=100 * k)
        except ArpackNoConvergence:  # pragma: no cover - the default basis for awkward spectra
            vals, vecs = eigsh(M, k=1, which="LA", v0=np.ones(k) / np.sqrt(k), tol=1e-14,
                               maxiter=1000 * k)
    i = int(np.argmax(vals))
    x = np.abs(np.real(vecs[:, i]))  # Perron vector of a connected component: one sign
    for _i in range(3):
        x = M @ x + x
        x /= np.linalg.norm(x)
    return float(vals[i]), x


def _eigenvector_directed(M: sp.csr_matrix, tol: float = 1e-14, max_iter: int = 100_000
                          ) -> np.ndarray:
    """networkx's power iteration on (A^T + I) from the all-ones vector. Deterministic: ARPACK's
    non-symmetric driver restarts from its own random generator, whose state depends on the calls
    made before in the process, and on tied or defective spectra it returns mixed-sign vectors."""
    n = M.shape[0]
    x = np.ones(n) / np.sqrt(n)
    for _i in range(max_iter):
        y = M @ x + x
        y /= np.linalg.norm(y)
        if np.abs(y - x).sum() < n * tol:
            x = y
            break
        x = y
    else:  # pragma: no cover
        log.warning(_("eigenvectorcentraliteit: de machtsmethode is niet geconvergeerd tot "
                      "{tol:g}", tol=tol))
    return _snap(x)


def _snap(x: np.ndarray) -> np.ndarray:
    """Unit norm, non-negative, rounded to 1e-13: the last bits of an iterative solver depend on
    its start and restarts; rounding makes the value the same in every run and process."""
    x = np.clip(x, 0.0, None)
    x = np.round(x / np.linalg.norm(x), 13)
    return x / np.linalg.norm(x) if x.any() else x


def _pagerank(net: Network, weighted: bool, damping: float, tol: float = 1e-15,
              max_iter: int = 10_000) -> tuple[np.ndarray, int]:
    """networkx's PageRank (uniform teleport, dangling nodes jump uniformly), iterated until the
    L1 change per node is below ``tol`` (networkx stops at 1e-6 by default)."""
    g = net.simple_graph
    n = g.vcount()
    if n == 0:
        return np.empty(0), 0
    A = adjacency(net, weighted=weighted)
    out = np.asarray(A.sum(axis=1)).ravel()
    dangling = out == 0
    P = (sp.diags(np.divide(1.0, out, out=np.zeros(n), where=~dangling)) @ A).T.tocsr()
    x = np.full(n, 1.0 / n)
    for it in range(1, max_iter + 1):
        x_new = damping * (P @ x + x[dangling].sum() / n) + (1.0 - damping) / n
        x_new /= x_new.sum()
        err = np.abs(x_new - x).sum()
        x = x_new
        if err < n * tol:
            return x, it
    log.warning(_("PageRank is niet geconvergeerd tot {tol:g} in {n} iteraties", tol=tol,
                  n=max_iter))
    return x, max_iter


def _clustering(net: Network) -> np.ndarray:
    g = net.simple_graph
    n = g.vcount()
    if not g.is_directed():
        return np.asarray(g.transitivity_local_undirected(mode="zero"), dtype=float) if n \
            else np.empty(0)
    A = adjacency(net, symmetric=False)
    S = (A + A.T).tocsr()
    tri = np.asarray((S @ S).multiply(S).sum(axis=1)).ravel()  # diag((A + A^T)^3)
    dtot = np.asarray(S.sum(axis=1)).ravel()
    dbi = np.asarray(A.multiply(A.T).sum(axis=1)).ravel()
    denom = 2.0 * (dtot * (dtot - 1) - 2 * dbi)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(denom > 0, tri / np.where(denom > 0, denom, 1.0), 0.0)


# ---------------------------------------------------------------------------- approximations

def _kadabra(n: int, s: np.ndarray, t: np.ndarray, err: float, delta: float, seed: int
             ) -> np.ndarray:
    """KADABRA betweenness (networkit) of an undirected unweighted graph given by its edge
    arrays, in one thread (the sample sequence then depends only on ``seed``). Runs in a worker
    process: ``networkit.setSeed`` seeds networkit's process-wide generator."""
    import networkit as nk

    G = nk.Graph(n, weighted=False, directed=False)
    if len(s):
        G.addEdges((np.asarray(s).astype(np.uint64), np.asarray(t).astype(np.uint64)))
    nk.setNumberOfThreads(1)
    nk.setSeed(seed, True)
    algo = nk.centrality.KadabraBetweenness(G, err, delta, True)
    algo.run()
    return np.asarray(algo.scores(), dtype=float)


def _approx_betweenness(net: Network, w_path, *, normalized: bool, samples: int, seed: int
                        ) -> tuple[np.ndarray, dict[str, Any]]:
    g = net.simple_graph
    n = g.vcount()
    if n <= 2 or g.ecount() == 0:
        return np.zeros(n), {"method": "exact", "algorithm": "trivial graph"}
    m = g.ecount() * (1 if g.is_directed() else 2)
    if w_path is None and not g.is_directed() and m <= _KADABRA_MAX_ARCS:
        from ..workers import process_pool

        s, t, _ = edge_arrays(g)
        err, delta = 0.01, 0.1
        # networkit's generator is process-wide and cannot be read back: seeded in a worker
        # process, so a user's own networkit sequence in this process is left as it was
        with process_pool(1) as pool:
            scores = pool.submit(_kadabra, n, s, t, err, delta, seed).result()
        # KADABRA's score counts ordered pairs but divides by the n(n-1)/2 unordered ones;
        # igraph (and netwerk's raw scale) counts unordered pairs once
        raw = scores * n * (n - 1) / 4.0
        bound = err * n / (2.0 * (n - 2)) if normalized else err * n * (n - 1) / 4.0
        meta = {"method": "approximate", "algorithm": "KADABRA (networkit)", "err": err,
                "delta": delta, "seed": seed,
                "error_bound": f"|error| <= {bound:.3g} per node with probability >= "
                               f"{1 - err * delta:g}"}
        return _scale_betweenness(raw, n, False, normalized), meta
    # weighted or directed graphs (KADABRA needs an undirected unweighted graph), or very large
    # ones (KADABRA's sampling grows faster than the graph): exact dependencies from random
    # source pivots, scaled by n / k (Brandes & Pich 2007), as many pivots as `samples` allows
    # within a budget of _PIVOT_BUDGET arc visits
    k = int(min(samples, n, max(_MIN_PIVOTS, _PIVOT_BUDGET // max(m, 1))))
    pivots = np.sort(np.random.default_rng(seed).choice(n, size=k, replace=False))
    sub = np.asarray(g.betweenness(directed=True, weights=w_path, sources=pivots.tolist()),
                     dtype=float)
    raw = sub * (n / k)  # igraph's own pair counting (unordered pairs when undirected)
    meta = {"method": "approximate",
            "algorithm": "source-pivot sampling (Brandes & Pich 2007, igraph)", "samples": k,
            "seed": seed, "error_bound": "none proven (unbiased estimate)"}
    return _scale_betweenness(raw, n, g.is_directed(), normalized), meta


def _sampled_closeness(net: Network, w_path, *, samples: int, seed: int
                       ) -> tuple[np.ndarray, np.ndarray, dict[str, Any]]:
    """Closeness (wf_improved) and harmonic (unnormalised) from ``samples`` random source pivots.

    For node ``u`` the pivots other than ``u`` are a uniform sample of the others: the share of
    them that reach ``u`` estimates ``(r-1)/(n-1)``, their distances the mean distance, and their
    ``1/d`` the mean of harmonic's terms (Eppstein & Wang 2004).
    """
    g = net.simple_graph
    n = g.vcount()
    arcs = g.ecount() * (1 if g.is_directed() else 2)
    k = int(min(samples, n, max(_MIN_PIVOTS, _PIVOT_BUDGET // max(arcs, 1))))
    rng = np.random.default_rng(seed)
    pivots = np.sort(rng.choice(n, size=k, replace=False)) if n else np.empty(0, np.int64)
    reach = np.zeros(n)
    dsum = np.zeros(n)
    hsum = np.zeros(n)
    others = np.full(n, float(k))
    others[pivots] -= 1.0  # pivots other than the node itself
    for lo in range(0, k, 32):
        chunk = pivots[lo:lo + 32]
        D = np.asarray(g.distances(source=chunk.tolist(), mode="out", weights=w_path), dtype=float)
        D[np.arange(D.shape[0]), chunk] = np.inf  # leave out d(u, u)
        fin = np.isfinite(D)
        reach += fin.sum(axis=0)
        Df = np.where(fin, D, 0.0)
        dsum += Df.sum(axis=0)
        with np.errstate(divide="ignore"):
            hsum += np.where(fin & (D > 0), 1.0 / np.where(fin, D, 1.0), 0.0).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        clo = np.where(dsum > 0, (reach / dsum) * (reach / np.where(others > 0, others, 1.0)), 0.0)
        har = np.where(others > 0, hsum * (n - 1) / np.where(others > 0, others, 1.0), 0.0)
    meta = {"method": "approximate", "algorithm": "source-pivot sampling (Eppstein & Wang 2004)",
            "samples": k, "seed": seed,
            "error_bound": "mean distance within eps * diameter with high probability when "
                           "samples >= log(n) / eps^2"}
    return clo, har, meta
