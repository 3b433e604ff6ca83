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
from ._common import (
    adjacency,
    check_choice,
    distance_weights,
    edge_arrays,
    node_frame,
    strength_weights,
    weight_use,
)

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
        Use tie weights, with one meaning per call set by ``distance``. ``"weight"`` (weights are
        **lengths**, a tie of weight 3 is three times as long): *betweenness, closeness,
        harmonic* use the shortest record's length, and *strength, eigenvector, PageRank* use
        ``1/length`` of the shortest record (a far contact is a weak one; parallel records are not
        summed). ``"inverse"`` (weights are **strengths**, more contact = closer): strength-based
        measures use the summed weights and paths ``1/summed weight``. ``.attrs["method"]``
        records which weight each measure used. Degree, coreness and clustering are always
        unweighted; unweighted, ``strength`` is the summed weight as recorded.
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
        What a weight means when ``weighted``: a length or a strength (see ``weighted``).
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
      (zeros). A graph without cycles (leading eigenvalue 0) gets all zeros. On a directed graph
      it is decided from the strongly connected components (Rothblum 1975, see
      :func:`_eigenvector_directed`): exactly 0 upstream of the components with the largest
      eigenvalue; when such a component feeds another (a carousel paying into a carousel) and
      several of them end such chains, no eigenvector is preferred: the column is NaN and
      ``.attrs["method"]["eigenvector"]`` says why (``case`` ``"undefined"``, ``reason``).
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
    w_path_use = weight_use(bool(weighted), distance, "path")
    w_str_use = weight_use(bool(weighted), distance, "strength")
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
        sw = (strength_weights(g, distance) if weighted else "weight") if g.ecount() else None
        cols["strength"] = np.asarray(g.strength(mode="all", weights=sw), dtype=float)
        method["strength"] = exact | {"weights": w_str_use if weighted
                                      else "summed weight as recorded"}
    if "betweenness" in wanted:
        if approx:
            cols["betweenness"], method["betweenness"] = _approx_betweenness(
                net, w_path, normalized=normalized, samples=samples, seed=seed)
        else:
            cols["betweenness"] = _betweenness(g, w_path, normalized)
            method["betweenness"] = {"method": "exact", "algorithm": "Brandes (igraph)"}
        method["betweenness"] = method["betweenness"] | {"weights": w_path_use}
    if "closeness" in wanted or "harmonic" in wanted:
        if approx:
            clo, har, meta = _sampled_closeness(net, w_path, samples=closeness_samples, seed=seed)
        else:
            clo = _closeness(g, w_path) if "closeness" in wanted else None
            har = (np.asarray(g.harmonic_centrality(mode="in", weights=w_path, normalized=False),
                              dtype=float) if "harmonic" in wanted else None)
            meta = {"method": "exact", "algorithm": "BFS/Dijkstra from every node (igraph)"}
        meta = meta | {"weights": w_path_use}
        if "closeness" in wanted:
            cols["closeness"] = clo
            method["closeness"] = meta
        if "harmonic" in wanted:
            cols["harmonic"] = har / (n - 1) if normalized and n > 1 else har
            method["harmonic"] = meta
    if "eigenvector" in wanted:
        cols["eigenvector"], info = _eigenvector(net, weighted, distance)
        method["eigenvector"] = {
            "method": "undefined" if info.get("case") == "undefined" else "exact",
            "algorithm": "Perron vector per component (LAPACK/ARPACK; directed: per strongly "
                         "connected component by Noda iteration, extended downstream by a "
                         "sparse solve, Rothblum 1975), rounded to 1e-13",
            "weights": w_str_use} | info
        if info.get("case") == "undefined":
            log.warning(_("eigenvectorcentraliteit niet berekend (NaN): {reden}",
                          reden=info["reason"]))
    if "pagerank" in wanted:
        cols["pagerank"], it = _pagerank(net, weighted, damping, distance)
        method["pagerank"] = {"method": "exact", "algorithm": "power iteration (scipy)",
                              "damping": damping, "iterations": it, "tolerance": 1e-15,
                              "weights": w_str_use}
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


def _eigenvector(net: Network, weighted: bool, distance: str = "inverse"
                 ) -> tuple[np.ndarray, dict[str, Any]]:
    """Leading (Perron) eigenvector of A^T, unit Euclidean norm, non-negative, decided from structure.

    * No edges, or a directed graph without cycles (``is_dag``): the leading eigenvalue is exactly
      0 and no node has eigenvector centrality: all zeros (ARPACK would return a tiny non-zero
      eigenvalue for such nilpotent matrices, so this is decided from the structure).
    * Undirected: each connected component has its own Perron vector. The components whose
      leading eigenvalue equals the largest (a tie, e.g. two identical cells) share the result as
      the limit of networkx's power iteration from the all-ones vector would: component ``c`` gets
      weight ``1·v_c``; all other components are exactly 0. Non-negative and identical in every
      run and process (fixed start vectors, no random restarts).
    * Directed with cycles: decided from the strongly connected components (see
      :func:`_eigenvector_directed`): exact, NaN where no eigenvector is preferred (ARPACK's
      non-symmetric driver is not reproducible across calls, and mixes signs when several
      strongly connected components tie for the leading eigenvalue).
    * Values are rounded to 1e-13 (then renormalised) so that they are identical in every run and
      process, whatever an iterative solver's last bits.
    """
    g = net.simple_graph
    if g.vcount() == 0 or g.ecount() == 0:
        return np.zeros(g.vcount()), {"case": "no ties"}
    A = adjacency(net, weighted=weighted, distance=distance)
    if g.is_directed() and not g.is_dag():
        return _eigenvector_directed(g, A)
    return perron_eigenvector(g, A), {"case": "acyclic" if g.is_directed() else "undirected"}


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
        Unit Euclidean norm, non-negative, rounded to 1e-13; zeros without cycles; NaN when a
        directed graph has no preferred eigenvector (see :func:`_eigenvector_directed`). Shared by
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
        return _eigenvector_directed(g, A)[0]
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


#: Relative tolerance within which two Perron roots are the same eigenvalue (tied components).
_TIE = 1e-9


def _eigenvector_directed(g: ig.Graph, A: sp.csr_matrix) -> tuple[np.ndarray, dict[str, Any]]:
    """Leading eigenvector of ``A^T`` (in-arcs) of a directed graph with cycles, decided from its
    condensation. Returns the vector (NaN everywhere when it is not unique) and a record of how it
    was decided: ``case``, ``rho``, ``scc``, ``basic``, ``final``, ``index`` and, when undefined,
    ``reason``.

    ``x = A^T x / rho``: a node's value is the (weighted) sum of the values of the nodes that send
    to it, so values flow downstream along the arcs. Per strongly connected component (SCC) ``C``
    the block ``A_CC`` is irreducible with Perron root ``rho_C`` (0 for a single node: no loops);
    ``rho = max rho_C`` and the *basic* SCCs are those with ``rho_C = rho`` (to 1e-9). A basic
    SCC with another basic SCC downstream carries 0 in every nonnegative eigenvector (its inflow
    into the downstream one would have to vanish); every nonnegative eigenvector is a combination
    of one vector per *final* basic SCC (no basic SCC downstream): its Perron vector, extended
    downstream by solving ``(rho I - A^T_DD) x_D = A^T_DC x_C``, zero elsewhere (the
    Frobenius-Victory theorem, [1]_). The index of ``rho`` (its largest Jordan block) is
    the longest chain of basic SCCs ([2]_).

    * Index 1 (no basic SCC downstream of another): networkx's power-iteration limit from the
      all-ones vector, exactly: ``sum_C r_C (l_C . 1) / (l_C . r_C)`` with ``r_C``/``l_C`` the
      right/left Perron vectors extended down-/upstream (one basic SCC: simply ``r_C``).
    * Index > 1 (a carousel paying into a carousel) and one final basic SCC: the nonnegative
      eigenvector is still unique: its extended Perron vector, exactly 0 upstream (power
      iteration would only approach it as ``1/k``).
    * Index > 1 and several final basic SCCs: a cone of nonnegative eigenvectors, none preferred
      (networkx's limit keeps only the ends of the longest chains): undefined, NaN.

    Examples
    --------
    Two round-tripping account pairs, the first paying into the second:

    >>> import igraph as ig, scipy.sparse as sp
    >>> g = ig.Graph([(0, 1), (1, 0), (1, 2), (2, 3), (3, 2)], directed=True)
    >>> A = sp.csr_matrix(g.get_adjacency_sparse(), dtype=float)
    >>> x, info = _eigenvector_directed(g, A)
    >>> x.round(4).tolist(), info["case"], info["index"]
    ([0.0, 0.0, 0.7071, 0.7071], 'unique nonnegative, defective', 2)
    >>> g = ig.Graph([(0, 1), (1, 0), (1, 2), (2, 3), (3, 2), (0, 4), (4, 5), (5, 4)],
    ...              directed=True)   # one pair paying into two
    >>> x, info = _eigenvector_directed(g, sp.csr_matrix(g.get_adjacency_sparse(), dtype=float))
    >>> bool(np.isnan(x).all()), info["final"]
    (True, 2)

    References
    ----------
    .. [1] Schneider, H. (1986). The influence of the marked reduced graph of a nonnegative matrix
       on the Jordan form and on related properties: a survey. Linear Algebra Appl. 84: 161-189.
    .. [2] Rothblum, U. G. (1975). Algebraic eigenspaces of nonnegative matrices. Linear Algebra
       Appl. 12(3): 281-292.
    """
    n = g.vcount()
    from scipy.sparse.csgraph import connected_components

    A = A.tocsr()
    A.eliminate_zeros()  # a tie of strength 0 carries nothing: the SCCs of the positive pattern
    if A.nnz and A.data.min() < 0:
        raise GraphError(_("eigenvectorcentraliteit vraagt relatiegewichten van 0 of meer"),
                         reason=Reason.INVALID_ARGUMENT)
    ncl, memb = connected_components(A, directed=True, connection="strong")
    memb = memb.astype(np.int64)
    coo = A.tocoo()
    s, t, w = coo.row.astype(np.int64), coo.col.astype(np.int64), coo.data.astype(float)
    cs, ct = memb[s], memb[t]
    inside = cs == ct
    size = np.bincount(memb, minlength=ncl)
    # Collatz-Wielandt bounds per SCC from x = 1: min/max in-strength (rows of A^T) and
    # out-strength (columns) inside the SCC; equal bounds give rho_C exactly
    lb, ub = np.zeros(ncl), np.full(ncl, np.inf)
    for end in (t, s):
        st = np.bincount(end[inside], weights=w[inside], minlength=n)
        lo, hi = np.full(ncl, np.inf), np.zeros(ncl)
        np.minimum.at(lo, memb, st)
        np.maximum.at(hi, memb, st)
        lb, ub = np.maximum(lb, lo), np.minimum(ub, hi)
    lb[size < 2] = ub[size < 2] = 0.0
    rho_c = np.where(lb == ub, ub, np.nan)
    nodes_of = np.split(np.argsort(memb, kind="stable"), np.cumsum(size)[:-1])
    vec: dict[int, np.ndarray] = {}
    lam = float(lb.max())
    for c in np.argsort(-ub, kind="stable"):  # exact roots while one could reach the largest
        if ub[c] <= 0 or ub[c] < lam * (1.0 - _TIE):
            break
        if np.isnan(rho_c[c]):
            idx = nodes_of[c]
            rho_c[c], vec[int(c)] = _perron_irreducible(A[idx][:, idx].T.tocsr())
        lam = max(lam, float(rho_c[c]))
    rho = lam
    if rho <= 0:  # no cycle of positive strength
        return np.zeros(n), {"case": "acyclic", "rho": 0.0, "scc": int(ncl)}
    is_basic = (size >= 2) & (rho_c >= rho * (1.0 - _TIE))  # NaN compares False
    basic = np.flatnonzero(is_basic)
    carcs = (np.unique(np.column_stack([cs[~inside], ct[~inside]]), axis=0) if (~inside).any()
             else np.empty((0, 2), np.int64))
    # SCCs with a basic SCC strictly downstream, and the final basic SCCs
    upstream = _reach(ncl, carcs, carcs[is_basic[carcs[:, 1]], 0], mode="in")
    final = basic[~upstream[basic]]
    index = _longest_basic_chain(ncl, carcs, is_basic) if upstream[basic].any() else 1
    info: dict[str, Any] = {"rho": rho, "scc": int(ncl), "basic": int(basic.size),
                            "final": int(final.size), "index": int(index)}
    if index > 1 and final.size > 1:
        info["case"] = "undefined"
        info["reason"] = _(
            "geen eenduidige eigenvectorcentraliteit: {b} sterk samenhangende delen hebben de "
            "grootste eigenwaarde ({rho:.6g}), een deel daarvan voedt een ander (ketens tot {k} "
            "lang), en {f} ervan staan aan het eind van een keten; elk geeft een andere "
            "eigenvector", b=int(basic.size), rho=rho, k=int(index), f=int(final.size))
        return np.full(n, np.nan), info
    info["case"] = ("tie" if final.size > 1 else "unique" if index == 1
                    else "unique nonnegative, defective")
    x = np.zeros(n)
    for c in final:
        r = vec.get(int(c))
        if r is None:
            idx = nodes_of[c]
            r = _perron_irreducible(A[idx][:, idx].T.tocsr())[1]
        x[nodes_of[c]] = r
    if final.size > 1:
        for c, wc in zip(final, _tie_weights(A, memb, nodes_of, final, upstream, x, rho),
                         strict=True):
            x[nodes_of[c]] *= wc
    down = _reach(ncl, carcs, final, mode="out")
    down[final] = False
    D = np.flatnonzero(down[memb])
    if D.size:
        K = A.T.tocsr()
        F = np.flatnonzero(x)
        x[D] = _solve_shifted(K[D][:, D], rho, K[D][:, F] @ x[F])
    return _snap(x), info


def _reach(ncl: int, carcs: np.ndarray, seeds: np.ndarray, *, mode: str) -> np.ndarray:
    """SCCs reachable from ``seeds`` (included) along (``"out"``) or against (``"in"``) the
    condensation's arcs, as a boolean array (one breadth-first search from a super-source)."""
    from scipy.sparse.csgraph import breadth_first_order

    out = np.zeros(ncl, dtype=bool)
    seeds = np.unique(np.asarray(seeds, dtype=np.int64))
    if seeds.size == 0:
        return out
    src, dst = (carcs[:, 0], carcs[:, 1]) if mode == "out" else (carcs[:, 1], carcs[:, 0])
    src = np.concatenate([src, np.full(seeds.size, ncl)])
    dst = np.concatenate([dst, seeds])
    C = sp.csr_matrix((np.ones(src.size), (src, dst)), shape=(ncl + 1, ncl + 1))
    hit = breadth_first_order(C, ncl, directed=True, return_predecessors=False)
    out[hit[hit < ncl]] = True
    return out


def _longest_basic_chain(ncl: int, carcs: np.ndarray, is_basic: np.ndarray) -> int:
    """Most basic SCCs on one path of the condensation (the index of rho, Rothblum 1975):
    longest-path counts level by level in topological order (Kahn), vectorised per level."""
    C = sp.csr_matrix((np.ones(len(carcs)), (carcs[:, 0], carcs[:, 1])), shape=(ncl, ncl))
    indeg = np.bincount(carcs[:, 1], minlength=ncl)
    count = is_basic.astype(np.int64)
    best = np.zeros(ncl, dtype=np.int64)  # most basic SCCs on a path into each SCC
    frontier = np.flatnonzero(indeg == 0)
    while frontier.size:
        count[frontier] += best[frontier]
        sub = C[frontier]
        heads = sub.indices
        tails = np.repeat(frontier, np.diff(sub.indptr))
        np.maximum.at(best, heads, count[tails])
        np.subtract.at(indeg, heads, 1)
        cand = np.unique(heads)
        frontier = cand[indeg[cand] == 0]
    return int(count.max(initial=0))


def _tie_weights(A: sp.csr_matrix, memb: np.ndarray, nodes_of: list[np.ndarray],
                 final: np.ndarray, upstream: np.ndarray, x: np.ndarray, rho: float
                 ) -> list[float]:
    """``(l_C . 1) / (l_C . r_C)`` per basic SCC ``C`` (index 1): the weights of the spectral
    projection of the all-ones vector, i.e. of networkx's power-iteration limit. ``l_C`` extends
    upstream by ``(rho I - A_UU) l_U = A_UC l_C``; its sum there is ``z . A_UC l_C`` with
    ``(rho I - A_UU)^T z = 1``, one solve for every ``C``."""
    U = np.flatnonzero(upstream[memb])
    z = _solve_shifted(A.T.tocsr()[U][:, U], rho, np.ones(U.size)) if U.size else None
    out = []
    for c in final:
        idx = nodes_of[c]
        left = _perron_irreducible(A[idx][:, idx].tocsr())[1]
        total = left.sum() + (float(z @ (A[U][:, idx] @ left)) if z is not None else 0.0)
        out.append(total / float(left @ x[idx]))
    return out


def _solve_shifted(B: sp.csr_matrix, rho: float, rhs: np.ndarray) -> np.ndarray:
    """Solve ``(rho I - B) y = rhs`` for a block whose spectral radius is below ``rho`` (a
    nonsingular M-matrix; SuperLU, deterministic)."""
    from scipy.sparse.linalg import splu

    k = B.shape[0]
    M = (sp.identity(k, format="csc") * rho - B.tocsc()).tocsc()
    return splu(M).solve(np.asarray(rhs, dtype=float))


def _perron_irreducible(K: sp.csr_matrix, tol: float = 1e-15, max_iter: int = 100
                        ) -> tuple[float, np.ndarray]:
    """Perron root and unit Perron vector of an irreducible non-negative matrix, with the
    Collatz-Wielandt bounds ``min_i``/``max_i (K x)_i / x_i`` (which enclose the root) as the
    stopping rule, never an iteration cap.

    * Up to 200 rows, and for larger blocks that power iteration does not settle: Noda
      iteration [1]_, ``sigma_k = max_i (K x_k)_i / x_{k,i}``,
      ``x_{k+1} ∝ (sigma_k I - K)^{-1} x_k`` (dense or SuperLU solves), which converges
      quadratically [2]_ whatever the gap to the next eigenvalue (power iteration needs
      ``O(n^2)`` steps on a long ring; a ring also factorises without fill).
    * Larger blocks first: power iteration on ``K + s I`` (``s`` the first upper bound, which
      damps the other eigenvalues on the Perron circle) until the bounds agree to 1e-13, within
      a budget of 2e8 multiply-adds: an expander (a random money-flow core) converges in tens of
      steps, where a sparse LU would fill in.

    Deterministic: a fixed start (all ones), the same operations in every process.

    References
    ----------
    .. [1] Noda, T. (1971). Note on the computation of the maximal eigenvalue of a non-negative
       irreducible matrix. Numer. Math. 17: 382-386.
    .. [2] Elsner, L. (1976). Inverse iteration for calculating the spectral radius of a
       non-negative irreducible matrix. Linear Algebra Appl. 15: 235-242.
    """
    from scipy.sparse.linalg import splu

    k = K.shape[0]
    x = np.full(k, 1.0 / np.sqrt(k))
    ratio = (K @ x) / x
    hi, lo = float(ratio.max()), float(ratio.min())
    if hi - lo <= tol * hi:
        return 0.5 * (hi + lo), x
    if k > 200:
        shift = hi
        for _i in range(max(100, int(2e8 // max(K.nnz + k, 1)))):
            y = K @ x + shift * x
            x = y / y.max()  # no BLAS in the loop: a threaded dot is slow on a busy machine
            if _i % 10 == 9:
                r = (K @ x) / x
                hi, lo = float(r.max()), float(r.min())
                if hi - lo <= 1e-13 * hi:
                    return 0.5 * (hi + lo), x / np.linalg.norm(x)
        x = x / np.linalg.norm(x)
        r = (K @ x) / x
        hi, lo = float(r.max()), float(r.min())
    dense = K.toarray() if k <= 200 else None
    eye = sp.identity(k, format="csc")
    for _i in range(max_iter):
        if hi - lo <= tol * hi:
            break
        try:
            if dense is not None:
                y = np.linalg.solve(hi * np.eye(k) - dense, x)
            else:
                y = splu((eye * hi - K.tocsc()).tocsc()).solve(x)
        except (np.linalg.LinAlgError, RuntimeError):  # sigma = rho to the last bit
            break
        if not np.isfinite(y).all() or (y <= 0).any():
            break
        y /= np.linalg.norm(y)
        r = (K @ y) / y
        nhi, nlo = float(r.max()), float(r.min())
        if nhi - nlo >= hi - lo:  # rounding level reached: keep the tighter bounds
            break
        x, hi, lo = y, nhi, nlo
    return 0.5 * (hi + lo), x


def _snap(x: np.ndarray) -> np.ndarray:
    """Unit norm, non-negative, rounded to 1e-13: the last bits of an iterative solver depend on
    its start and restarts; rounding makes the value the same in every run and process."""
    x = np.clip(x, 0.0, None)
    x = np.round(x / np.linalg.norm(x), 13)
    return x / np.linalg.norm(x) if x.any() else x


def _pagerank(net: Network, weighted: bool, damping: float, distance: str = "inverse",
              tol: float = 1e-15, max_iter: int = 10_000) -> tuple[np.ndarray, int]:
    """networkx's PageRank (uniform teleport, dangling nodes jump uniformly), iterated until the
    L1 change per node is below ``tol`` (networkx stops at 1e-6 by default)."""
    g = net.simple_graph
    n = g.vcount()
    if n == 0:
        return np.empty(0), 0
    A = adjacency(net, weighted=weighted, distance=distance)
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
