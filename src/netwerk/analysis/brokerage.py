"""Gould–Fernandez brokerage roles, with expectations and z-scores as in R's ``sna::brokerage``.

A node ``b`` *brokers* the ordered pair ``(a, c)`` when ``a -> b -> c``, ``a != c`` and there is no
arc ``a -> c``. With a node attribute that partitions the nodes into groups (value-chain stage,
organisation, community), each brokered pair is one of five roles:

============== =============== ===========================================================
role           groups a, b, c  the broker ...
============== =============== ===========================================================
coordinator    A  A  A         mediates within his own group
itinerant      A  B  A         mediates within another group (a.k.a. consultant)
representative A  A  B         passes his group's contact out to another group
gatekeeper     A  B  B         lets another group's contact into his own group
liaison        A  B  C         links two other groups, none his own
============== =============== ===========================================================

Undirected networks count every edge as two reciprocal arcs (as ``sna`` does with a symmetric
adjacency matrix), so an open path ``a - b - c`` is brokered twice (``a->b->c`` and ``c->b->a``);
in particular representative and gatekeeper counts are always equal on undirected networks.

Examples
--------
>>> from netwerk import datasets
>>> from netwerk.analysis.brokerage import brokerage
>>> brokerage(datasets.every_brokerage_role(), group="group").loc["a2"].tolist()
[1, 1, 1, 1, 0, 4]
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..errors import GraphError, Reason
from ..graph import Network
from ..i18n import _
from ._common import adjacency, node_attribute, node_frame

__all__ = ["brokerage", "brokerage_expected", "ROLES"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

#: Role columns, in output order: sna's columns w_I, w_O, b_IO, b_OI, b_O, t (sna's C code counts
#: A -> A -> B as b_IO and A -> B -> B as b_OI; its help page swaps the two names).
ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison", "total")



def _groups(net: Network, group: str) -> tuple[np.ndarray, np.ndarray, pd.Index]:
    """Integer group code per node (-1 = missing) and the mask of nodes with a group."""
    col = node_attribute(net, group)
    known = col.notna().to_numpy() & (col.astype("string").fillna("").str.strip() != "").to_numpy()
    codes = np.full(len(col), -1, dtype=np.int64)
    if known.any():
        vals = col[known].astype(str)
        cats = pd.Index(sorted(vals.unique()))
        codes[known] = cats.get_indexer(vals)
    else:
        cats = pd.Index([])
    return codes, known, cats


def _triangles(U: sp.csr_matrix, max_wedges: int = 4_000_000):
    """Yield arrays ``(x, y, z)`` of the triangles of the undirected 0/1 matrix ``U``, in chunks.

    Edges are oriented from lower to higher (degree, id) rank, so every node has at most
    ``sqrt(2m)`` out-neighbours and the wedges to check stay few even around hubs (Chiba & Nishizeki).
    """
    n = U.shape[0]
    deg = np.diff(U.indptr)
    rank = np.empty(n, dtype=np.int64)
    rank[np.lexsort((np.arange(n), deg))] = np.arange(n)
    coo = U.tocoo()
    keep = rank[coo.row] < rank[coo.col]
    r, c = coo.row[keep].astype(np.int64), coo.col[keep].astype(np.int64)
    order = np.lexsort((rank[c], r))  # rows grouped, neighbours by rank
    r, c = r[order], c[order]
    edge_keys = np.sort(r * n + c)
    indptr = np.concatenate([[0], np.cumsum(np.bincount(r, minlength=n))])
    k = np.diff(indptr)
    wedges_per_row = k * (k - 1) // 2
    cum = np.cumsum(wedges_per_row)
    lo = 0
    while lo < n:
        base = cum[lo - 1] if lo else 0
        hi = int(np.searchsorted(cum, base + max_wedges, side="right"))
        hi = max(hi, lo + 1)
        rows = np.arange(lo, min(hi, n))
        lo = min(hi, n)
        if not wedges_per_row[rows].sum():
            continue
        # every entry p of these rows pairs with the later entries of its row
        p = np.arange(indptr[rows[0]], indptr[rows[-1] + 1])
        rowlen_end = np.repeat(indptr[rows + 1], k[rows])
        cnt = rowlen_end - p - 1
        first = np.repeat(p, cnt)
        offs = np.arange(first.size) - np.repeat(np.cumsum(cnt) - cnt, cnt)
        second = first + 1 + offs
        v, w = c[first], c[second]
        keys = v * n + w
        pos = np.searchsorted(edge_keys, keys)
        hit = (pos < edge_keys.size) & (edge_keys[np.minimum(pos, edge_keys.size - 1)] == keys)
        yield r[first[hit]], v[hit], w[hit]


def _closed(A: sp.csr_matrix, codes: np.ndarray) -> np.ndarray:
    """Closed two-paths ``a -> b -> c`` with ``a -> c`` per broker b, by group pattern.

    Columns: total, (g_a = g_b = g_c), (g_a = g_b != g_c), (g_a != g_b = g_c), (g_a = g_c != g_b).
    """
    n = A.shape[0]
    out = np.zeros((n, 5))
    U = ((A + A.T) > 0).astype(np.int8).tocsr()
    arc_keys = np.sort(A.tocoo().row.astype(np.int64) * n + A.tocoo().col.astype(np.int64))

    def arc(u: np.ndarray, v: np.ndarray) -> np.ndarray:
        keys = u * n + v
        pos = np.searchsorted(arc_keys, keys)
        return (pos < arc_keys.size) & (arc_keys[np.minimum(pos, arc_keys.size - 1)] == keys)

    for x, y, z in _triangles(U):
        e = {(0, 1): arc(x, y), (1, 0): arc(y, x), (0, 2): arc(x, z), (2, 0): arc(z, x),
             (1, 2): arc(y, z), (2, 1): arc(z, y)}
        node = (x, y, z)
        for a, b, c in ((0, 1, 2), (0, 2, 1), (1, 0, 2), (1, 2, 0), (2, 0, 1), (2, 1, 0)):
            closed = e[(a, b)] & e[(b, c)] & e[(a, c)]
            if not closed.any():
                continue
            ga, gb, gc = (codes[node[i][closed]] for i in (a, b, c))
            brokers = node[b][closed]
            ab, cb, ac = ga == gb, gc == gb, ga == gc
            for j, mask in enumerate((np.ones_like(ab), ab & cb, ab & ~cb, ~ab & cb, ac & ~ab)):
                out[:, j] += np.bincount(brokers[mask], minlength=n)
    return out


def _counts(A: sp.csr_matrix, codes: np.ndarray) -> np.ndarray:
    """Role counts (n x 6) for a 0/1 adjacency ``A`` (a -> b) and group codes (all >= 0)."""
    n = A.shape[0]
    k = int(codes.max()) + 1 if n else 0
    coo = A.tocoo()
    same_edge = codes[coo.row] == codes[coo.col]
    As = sp.csr_matrix((coo.data[same_edge], (coo.row[same_edge], coo.col[same_edge])), shape=(n, n))
    G = sp.csr_matrix((np.ones(n), (np.arange(n), codes)), shape=(n, k))
    In = (A.T @ G).tocsr()    # in-neighbours of b per group
    Out = (A @ G).tocsr()     # out-neighbours of b per group
    in_tot = np.asarray(A.sum(axis=0)).ravel()
    out_tot = np.asarray(A.sum(axis=1)).ravel()
    in_same = np.asarray(As.sum(axis=0)).ravel()
    out_same = np.asarray(As.sum(axis=1)).ravel()
    io_all = np.asarray(In.multiply(Out).sum(axis=1)).ravel()  # sum_X I[b,X] O[b,X]
    recip = A.multiply(A.T)
    r_tot = np.asarray(recip.sum(axis=1)).ravel()
    r_same = np.asarray(recip.multiply(As).sum(axis=1)).ravel()
    # closed two-paths a -> b -> c with a -> c, split by the groups of a and c relative to b
    c_tot, c_ss, c_so, c_os, c_xx = _closed(A, codes).T
    coord = in_same * out_same - r_same - c_ss
    itin = (io_all - in_same * out_same) - (r_tot - r_same) - c_xx
    rep = in_same * (out_tot - out_same) - c_so
    gate = (in_tot - in_same) * out_same - c_os
    total = in_tot * out_tot - r_tot - c_tot
    liaison = total - coord - itin - rep - gate
    return np.rint(np.column_stack([coord, itin, rep, gate, liaison, total])).astype(np.int64)


def brokerage(net: Network, *, group: str, normalized: bool = False) -> pd.DataFrame:
    """Gould–Fernandez brokerage roles of every node.

    Parameters
    ----------
    net : Network
    group : str
        Node attribute that partitions the nodes (e.g. ``"stage"``, ``"organisation"``).
    normalized : bool
        Divide each count by its expectation under random group assignment (UCINET's normalised
        brokerage; see :func:`brokerage_expected`). Counts with expectation 0 become 0.

    Returns
    -------
    pd.DataFrame
        Indexed by node id; integer columns coordinator, itinerant, representative, gatekeeper,
        liaison, total (floats when ``normalized``). Nodes whose ``group`` is missing are left
        out of the analysis (neither brokers nor endpoints) and get missing values (``<NA>``).

    Raises
    ------
    GraphError
        If the nodes have no attribute ``group`` (the message lists the attributes).

    Notes
    -----
    Interpretation for analysts: a high *liaison* count marks someone who connects otherwise
    separate groups — in a value chain, an actor who links stages none of which is his own; a
    *gatekeeper* controls what enters his group, a *representative* what leaves it. Arcs follow
    ``net.simple_graph`` (one arc per ordered pair, weights ignored).

    Vectorised with sparse matrices: per broker, in-/out-neighbour counts per group give all
    pairs; reciprocal neighbours (``a == c``) and closed pairs (``a -> c``) are subtracted. Closed
    pairs come from the triangles of the undirected graph, listed with degree ordering in
    numpy chunks, so hubs cost little.

    References
    ----------
    .. [1] Gould, R. V. & Fernandez, R. M. (1989). Structures of mediation: a formal approach to
       brokerage in transaction networks. Sociological Methodology 19: 89-126.
    .. [2] Butts, C. T. sna: Tools for Social Network Analysis, ``brokerage()``.

    Examples
    --------
    >>> from netwerk import datasets
    >>> b = brokerage(datasets.every_brokerage_role(), group="group")
    >>> b.loc[["a2", "b1", "b2"], "total"].tolist()
    [4, 3, 1]
    """
    codes, known, _ = _groups(net, group)
    A = adjacency(net, symmetric=None)
    A.data[:] = 1.0
    if not net.simple_graph.is_directed():
        A = ((A + A.T) > 0).astype(float).tocsr()
    idx = np.flatnonzero(known)
    sub = A[idx][:, idx].tocsr()
    counts = _counts(sub, codes[idx]) if idx.size else np.zeros((0, 6), dtype=np.int64)
    n = net.n_nodes
    if normalized:
        exp = brokerage_expected(net, group=group)
        vals = np.full((n, 6), np.nan)
        e = exp[[f"{r}_expected" for r in ROLES]].to_numpy(dtype=float)[idx]
        with np.errstate(invalid="ignore", divide="ignore"):
            vals[idx] = np.where(e > 0, counts / np.where(e > 0, e, 1.0), 0.0)
        return node_frame(net, {r: vals[:, j] for j, r in enumerate(ROLES)})
    cols = {}
    for j, r in enumerate(ROLES):
        col = pd.array(np.zeros(n, dtype=np.int64), dtype="Int64")
        col[idx] = counts[:, j]
        if (~known).any():
            col[np.flatnonzero(~known)] = pd.NA
        cols[r] = col
    return node_frame(net, cols)


def _moments(N: float, sizes: np.ndarray, d: float) -> tuple[np.ndarray, np.ndarray]:
    """Expected value and variance of each role count per broker group (sna's formulas)."""
    q = d * d * (1 - d)
    c3 = 2 * d**3 * (1 - d) ** 3
    n = sizes.astype(float)
    S1 = n.sum()
    S2 = (n * (n - 1)).sum()
    S3 = (n * (n - 1) * (n - 2)).sum()
    Sq = (n * n).sum()
    rest = S1 - n
    e = np.zeros((n.size, 6))
    v = np.zeros((n.size, 6))
    e[:, 0] = q * (n - 1) * (n - 2)
    v[:, 0] = e[:, 0] * (1 - q) + (n - 1) * (n - 2) * (n - 3) * c3
    e[:, 1] = q * (S2 - n * (n - 1))
    v[:, 1] = e[:, 1] * (1 - q) + (S3 - n * (n - 1) * (n - 2)) * c3
    e[:, 2] = q * (N - n) * (n - 1)
    choose2 = lambda x: x * (x - 1) / 2  # noqa: E731
    v[:, 2] = e[:, 2] * (1 - q) + ((n - 1) * choose2(N - n) + (N - n) * choose2(n - 1)) * c3
    e[:, 3] = e[:, 2]
    v[:, 3] = v[:, 2]
    e[:, 4] = q * (rest**2 - (Sq - n * n))
    # sum over other groups j of n_j * C(N - n_j - n_i, 2)
    other = n[None, :] * choose2(N - n[None, :] - n[:, None])
    np.fill_diagonal(other, 0.0)
    v[:, 4] = e[:, 4] * (1 - q) + 2 * other.sum(axis=1) * c3
    e[:, 5] = q * (N - 1) * (N - 2)
    v[:, 5] = e[:, 5] * (1 - q) + (N - 1) * (N - 2) * (N - 3) * c3
    return e, v


def _network_moments(N: float, sizes: np.ndarray, d: float) -> tuple[np.ndarray, np.ndarray]:
    """Expected value and variance of each role's network total (sna's ``exp.gli``/``sd.gli``)."""
    n = sizes.astype(float)
    q = d * d * (1 - d)
    a, b, c = d**3 * (1 - d) ** 3, d**4 * (1 - d) ** 2, d**5 * (1 - d)
    e = np.zeros(6)
    v = np.zeros(6)
    e[0] = q * (n * (n - 1) * (n - 2)).sum()
    v[0] = e[0] * (1 - q) + (n * (n - 1) * (n - 2) * ((4 * n - 10) * a - 4 * (n - 3) * b
                                                       + (n - 3) * c)).sum()
    e[1] = q * (n * (N - n) * (n - 1)).sum()
    x, y = n[:, None], n[None, :]
    v[1] = e[1] * (1 - q) + (x * y * (x - 1) * ((2 * x + 2 * y - 6) * a + (N - x - 1) * c)).sum() \
        - (n * n * (n - 1) * ((4 * n - 6) * a + (N - n - 1) * c)).sum()
    e[2] = e[3] = q * (n * (N - n) * (n - 1)).sum()
    v[2] = v[3] = e[2] * (1 - q) + (n * (N - n) * (n - 1) * ((N - 3) * a + (n - 2) * c)).sum()
    e[4] = q * ((x * y * (N - x - y)).sum() - (n * n * (N - 2 * n)).sum())
    k = n.size
    if k <= 1000:
        extra = 0.0
        ni, nk = n[:, None], n[None, :]
        distinct = ~np.eye(k, dtype=bool)
        for j in range(k):  # i != j != k, i != k
            nj = n[j]
            term = ni * nj * nk * ((4 * (N - nj) - 2 * (ni + nk + 1)) * a
                                   - (4 * (N - nk) - 2 * (ni + nj + 1)) * b
                                   + (N - (ni + nk + 1)) * c)
            mask = distinct.copy()
            mask[j, :] = False
            mask[:, j] = False
            extra += term[mask].sum()
        v[4] = e[4] * (1 - q) + extra
    else:  # O(groups^3): skipped for very many groups
        log.info(_("makelaarsrollen: {k} groepen; de spreiding van de verbinder-rol voor het "
                   "hele netwerk is niet berekend (te veel groepen)", k=k))
        v[4] = np.nan
    e[5] = q * N * (N - 1) * (N - 2)
    v[5] = e[5] * (1 - q) + N * (N - 1) * (N - 2) * ((4 * N - 10) * a - 4 * (N - 3) * b
                                                     + (N - 3) * c)
    return e, v


def brokerage_expected(net: Network, *, group: str) -> pd.DataFrame:
    """Observed, expected and standardised brokerage per node, as R's ``sna::brokerage``.

    Expectations and variances are Gould & Fernandez's, conditional on the network's size ``N``,
    density ``d = arcs / (N (N-1))`` (undirected edges count as two arcs) and group sizes, under
    random arcs; ``z = (observed - expected) / sd``. Nodes with a missing group are left out (as in
    :func:`brokerage`), so ``N``, ``d`` and the group sizes refer to the nodes with a group.

    Returns
    -------
    pd.DataFrame
        Indexed by node id; for each role ``r`` in :data:`ROLES` the columns ``r`` (observed),
        ``r_expected``, ``r_sd`` and ``r_z`` (``NaN`` where the sd is 0 or the group is missing).
        ``.attrs["groups"]`` holds the per-group expectations and sds, ``.attrs["network"]`` the
        network totals (observed, expected, sd, z per role, sna's ``*.gli``), ``.attrs["N"]``,
        ``.attrs["density"]``.

    Notes
    -----
    sna's normal approximation is rough for small groups (Gould & Fernandez 1989); use the
    z-scores to rank, not as exact p-values.
    """
    obs = brokerage(net, group=group)
    codes, known, cats = _groups(net, group)
    idx = np.flatnonzero(known)
    N = float(idx.size)
    A = adjacency(net, symmetric=None)
    A.data[:] = 1.0
    if not net.simple_graph.is_directed():
        A = ((A + A.T) > 0).astype(float).tocsr()
    m = float(A[idx][:, idx].nnz) if idx.size else 0.0
    d = m / (N * (N - 1)) if N > 1 else 0.0
    sizes = np.bincount(codes[idx], minlength=len(cats)) if idx.size else np.zeros(0)
    e_grp, v_grp = _moments(N, sizes, d)
    n = net.n_nodes
    out: dict[str, object] = {}
    for j, r in enumerate(ROLES):
        e = np.full(n, np.nan)
        s = np.full(n, np.nan)
        e[idx] = e_grp[codes[idx], j]
        s[idx] = np.sqrt(np.maximum(v_grp[codes[idx], j], 0.0))
        o = obs[r].to_numpy(dtype=float, na_value=np.nan)
        with np.errstate(invalid="ignore", divide="ignore"):
            z = np.where(s > 0, (o - e) / np.where(s > 0, s, 1.0), np.nan)
        out[r] = obs[r]
        out[f"{r}_expected"] = e
        out[f"{r}_sd"] = s
        out[f"{r}_z"] = z
    df = node_frame(net, out)
    if len(cats) == 0 and known.any():  # pragma: no cover - defensive
        raise GraphError(_("geen groepen gevonden"), reason=Reason.INVALID_ARGUMENT)
    groups = pd.DataFrame(np.hstack([e_grp, np.sqrt(np.maximum(v_grp, 0))]),
                          index=pd.Index(cats, name=group),
                          columns=[f"{r}_expected" for r in ROLES] + [f"{r}_sd" for r in ROLES])
    groups.insert(0, "size", sizes)
    e_net, v_net = _network_moments(N, sizes, d)
    observed = np.array([obs[r].sum() for r in ROLES], dtype=float)
    sd_net = np.sqrt(np.maximum(v_net, 0.0))
    with np.errstate(invalid="ignore", divide="ignore"):
        z_net = np.where(sd_net > 0, (observed - e_net) / np.where(sd_net > 0, sd_net, 1.0), np.nan)
    network = pd.DataFrame({"observed": observed, "expected": e_net, "sd": sd_net, "z": z_net},
                           index=pd.Index(ROLES, name="role"))
    df.attrs.update({"groups": groups, "network": network, "N": int(N), "density": d,
                     "group": group})
    return df
