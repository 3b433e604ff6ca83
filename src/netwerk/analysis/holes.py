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
import scipy.sparse as sp

from ..graph import Network
from ._common import adjacency, node_frame

__all__ = ["structural_holes", "effective_size_binary"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())


def _masked_product(X: sp.csr_matrix, Y: sp.csr_matrix, mask: sp.csr_matrix) -> sp.csr_matrix:
    """``(X @ Y) ∘ mask`` in row chunks."""
    n = mask.shape[0]
    parts = []
    for lo in range(0, n, 16_384):
        hi = min(n, lo + 16_384)
        parts.append((X[lo:hi] @ Y).multiply(mask[lo:hi]).tocsr())
    return sp.vstack(parts).tocsr() if parts else sp.csr_matrix(mask.shape)


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
    networkx does. Computed with sparse matrices: the indirect terms are masked sparse products.

    References
    ----------
    .. [1] Burt, R. S. (1992). Structural Holes: The Social Structure of Competition. Harvard UP.
    .. [2] Borgatti, S. P. (1997). Structural holes: unpacking Burt's redundancy measures.
       Connections 20(1): 35-38.
    """
    n = net.n_nodes
    W = adjacency(net, weighted=weighted, symmetric=False)
    if not net.simple_graph.is_directed():
        W = adjacency(net, weighted=weighted)
    M = (W + W.T).tocsr() if net.simple_graph.is_directed() else W.tocsr()
    M.eliminate_zeros()
    strength = np.asarray(M.sum(axis=1)).ravel()
    ncontacts = np.diff(M.indptr).astype(float)
    inv = np.divide(1.0, strength, out=np.zeros(n), where=strength > 0)
    P = sp.diags(inv) @ M
    P = P.tocsr()
    B = M.copy()
    B.data[:] = 1.0
    # constraint
    indirect = _masked_product(P, P, B)
    local = (P + indirect).tocsr()
    local.data **= 2
    constraint = np.asarray(local.sum(axis=1)).ravel()
    # effective size
    rowmax = np.zeros(n)
    if M.nnz:
        rows = np.repeat(np.arange(n), np.diff(M.indptr))
        np.maximum.at(rowmax, rows, M.data)
    Mn = (sp.diags(np.divide(1.0, rowmax, out=np.zeros(n), where=rowmax > 0)) @ M).tocsr()
    redundancy = np.asarray(_masked_product(B, Mn, B).multiply(P).sum(axis=1)).ravel()
    eff_size = ncontacts - redundancy
    # hierarchy
    hier = np.full(n, np.nan)
    if local.nnz:
        rows = np.repeat(np.arange(n), np.diff(local.indptr))
        Ni = ncontacts[rows]
        mean_c = constraint[rows] / Ni
        r = np.divide(local.data, mean_c, out=np.zeros_like(local.data), where=mean_c > 0)
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
