"""Burt's structural holes: constraint, effective size, efficiency, hierarchy.

Examples
--------
>>> from netwerk import datasets
>>> from netwerk.analysis.holes import structural_holes
>>> h = structural_holes(datasets.krackhardt_kite())
>>> h["constraint"].idxmin(), h["effective_size"].idxmax()
('Heather', 'Diane')
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from ..graph import Network
from ._common import adjacency, node_frame

__all__ = ["structural_holes", "effective_size_binary"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())


def structural_holes(net: Network, *, weighted: bool = False) -> pd.DataFrame:
    """Burt's measures of brokerage opportunity in a node's ego network.

    Parameters
    ----------
    net : Network
    weighted : bool
        Use tie weights (summed over records) as tie strength; otherwise every tie weighs 1.

    Returns
    -------
    pd.DataFrame
        Indexed by node id, columns:

        * ``constraint``: :math:`C_i = \\sum_j (p_{ij} + \\sum_q p_{iq} p_{qj})^2` with
          :math:`p_{ij}` the share of *i*'s (mutual, i.e. in + out) tie weight that goes to *j*
          (as :func:`networkx.constraint`). Low constraint = many holes around *i*.
        * ``effective_size``: :math:`\\sum_j (1 - \\sum_q p_{iq} m_{jq})`, the number of
          contacts minus their redundancy, :math:`m_{jq}` = tie *j–q* relative to *j*'s strongest
          tie (as :func:`networkx.effective_size`).
        * ``efficiency``: effective size / number of contacts.
        * ``hierarchy``: how much of the constraint comes from one contact:
          :math:`\\sum_j r_j \\ln r_j / (N \\ln N)` with :math:`r_j = c_{ij} / (C_i / N)`, *N* the
          number of contacts (Burt 1992).

        Isolated nodes get ``NaN`` in every column (undefined, as in networkx); ``hierarchy`` is
        also ``NaN`` for nodes with a single contact (``N ln N = 0``).

    Notes
    -----
    Directed networks use mutual weights ``w_ij + w_ji`` (a contact is anyone tied either way), as
    networkx does. Every indirect term (``p_iq p_qj``, ``p_iq m_jq``) runs through a triangle
    i–q–j, so the triangles are listed once (igraph) and the terms summed per tie: the cost is the
    number of triangles, not the number of two-step paths.

    References
    ----------
    .. [1] Burt, R. S. (1992). Structural Holes: The Social Structure of Competition. Harvard UP.
    .. [2] Borgatti, S. P. (1997). Structural holes: unpacking Burt's redundancy measures.
       Connections 20(1): 35-38.
    """
    n = net.n_nodes
    g = net.simple_graph
    if g.is_directed():
        W = adjacency(net, weighted=weighted, symmetric=False)
        M = (W + W.T).tocsr()
    else:
        M = adjacency(net, weighted=weighted).tocsr()
    M.eliminate_zeros()
    M.sum_duplicates()
    M.sort_indices()
    strength = np.asarray(M.sum(axis=1)).ravel()
    ncontacts = np.diff(M.indptr).astype(float)
    rows = np.repeat(np.arange(n), np.diff(M.indptr))
    inv = np.divide(1.0, strength, out=np.zeros(n), where=strength > 0)
    p = M.data * inv[rows]  # p_ij, in M's entry order
    rowmax = np.zeros(n)
    if M.nnz:
        np.maximum.at(rowmax, rows, M.data)
    mn = M.data / rowmax[rows] if M.nnz else M.data  # m_jq = w_jq / max_k w_jk
    # every indirect term runs through a triangle i-q-j: enumerate triangles once (igraph, C)
    # instead of all two-step paths (a masked sparse product costs sum of squared degrees)
    indirect = np.zeros(M.nnz)
    redundancy = np.zeros(n)
    und = g.as_undirected(mode="collapse") if g.is_directed() else g
    tri = np.asarray(und.list_triangles(), dtype=np.int64).reshape(-1, 3)
    if len(tri):
        keys = rows.astype(np.int64) * n + M.indices
        # entry position of each of the six arcs of every triangle, looked up once
        at = {(x, y): np.searchsorted(keys, tri[:, x] * n + tri[:, y])
              for x in range(3) for y in range(3) if x != y}
        for i, j, q in ((0, 1, 2), (0, 2, 1), (1, 0, 2), (1, 2, 0), (2, 0, 1), (2, 1, 0)):
            p_iq = p[at[i, q]]
            indirect += np.bincount(at[i, j], weights=p_iq * p[at[q, j]], minlength=M.nnz)
            redundancy += np.bincount(tri[:, i], weights=p_iq * mn[at[j, q]], minlength=n)
    local_data = (p + indirect) ** 2
    constraint = np.bincount(rows, weights=local_data, minlength=n)
    eff_size = ncontacts - redundancy
    # hierarchy
    hier = np.full(n, np.nan)
    if M.nnz:
        Ni = ncontacts[rows]
        mean_c = constraint[rows] / Ni
        r = np.divide(local_data, mean_c, out=np.zeros_like(local_data), where=mean_c > 0)
        term = np.where(r > 0, r * np.log(np.where(r > 0, r, 1.0)), 0.0)
        num = np.bincount(rows, weights=term, minlength=n)
        ok = ncontacts > 1
        hier[ok] = num[ok] / (ncontacts[ok] * np.log(ncontacts[ok]))
    iso = ncontacts == 0
    constraint[iso] = np.nan
    eff_size[iso] = np.nan
    with np.errstate(invalid="ignore", divide="ignore"):
        efficiency = np.where(iso, np.nan, eff_size / np.where(iso, 1.0, ncontacts))
    df = node_frame(net, {"constraint": constraint, "effective_size": eff_size,
                          "efficiency": efficiency, "hierarchy": hier})
    df.attrs["params"] = {"weighted": weighted}
    return df


def effective_size_binary(net: Network) -> pd.DataFrame:
    """Burt's effective size and efficiency of an undirected, unweighted network in linear time.

    For binary undirected ties, effective size is ``k − 2t/k = k − C(k − 1)`` with ``k`` the
    degree, ``t`` the ties among the contacts and ``C`` the local clustering coefficient
    (Borgatti 1997). It equals :func:`structural_holes`'s ``effective_size`` on such networks and
    needs no two-step paths, so it serves networks too large for constraint.

    Returns
    -------
    pd.DataFrame
        Indexed by node id; ``effective_size`` and ``efficiency`` (NaN for isolates).

    References
    ----------
    .. [1] Borgatti, S. P. (1997). Structural holes: unpacking Burt's redundancy measures.
       Connections 20(1), 35–38.

    Examples
    --------
    >>> from netwerk.datasets import krackhardt_kite
    >>> kite = krackhardt_kite()
    >>> a = effective_size_binary(kite)["effective_size"]
    >>> b = structural_holes(kite)["effective_size"]
    >>> bool(np.allclose(a, b))
    True
    """
    g = net.simple_graph
    k = np.asarray(g.degree(), float)
    cl = np.asarray(g.transitivity_local_undirected(mode="zero"), float)
    es = np.where(k > 0, k - cl * (k - 1), np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        eff = np.where(k > 0, es / np.maximum(k, 1), np.nan)
    df = node_frame(net, {"effective_size": es, "efficiency": eff})
    df.attrs["method"] = "effective size = k − C(k−1) (Borgatti 1997)"
    return df
