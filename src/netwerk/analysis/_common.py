"""Helpers shared by the analysis modules: sparse adjacency, edge arrays, node-indexed frames."""

from __future__ import annotations

import logging
import weakref
from collections.abc import Sequence

import igraph as ig
import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..errors import GraphError, Reason
from ..graph import Network
from ..i18n import _

__all__ = [
    "edge_arrays",
    "adjacency",
    "node_frame",
    "node_attribute",
    "check_choice",
    "distance_weights",
    "strength_weights",
    "weight_use",
]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())


#: Edge arrays per igraph graph (a Network's graphs are never changed after construction);
#: ``get_edgelist`` builds a Python list of tuples, the slowest step of the fast measures.
_EDGE_CACHE: dict[int, tuple[weakref.ref, tuple[np.ndarray, np.ndarray, np.ndarray]]] = {}


def edge_arrays(g: ig.Graph) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Source, target and weight arrays of an igraph graph (weight 1 if there is none).

    Cached per graph object (checked against the edge count); the arrays are read-only.
    """
    m = g.ecount()
    if m == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, float)
    hit = _EDGE_CACHE.get(id(g))
    if hit is not None and hit[0]() is g and len(hit[1][0]) == m:
        return hit[1]
    el = np.asarray(g.get_edgelist(), dtype=np.int64)
    w = (np.asarray(g.es["weight"], dtype=float) if "weight" in g.es.attributes()
         else np.ones(m, dtype=float))
    out = (el[:, 0].copy(), el[:, 1].copy(), w)
    for a in out:
        a.flags.writeable = False
    if id(g) not in _EDGE_CACHE:  # igraph graphs are unhashable: key by id, drop on collection
        weakref.finalize(g, _EDGE_CACHE.pop, id(g), None)
    _EDGE_CACHE[id(g)] = (weakref.ref(g), out)
    return out


def adjacency(net: Network, *, weighted: bool = False, symmetric: bool | None = None,
              distance: str = "inverse") -> sp.csr_matrix:
    """Sparse adjacency matrix of ``net.simple_graph`` in node order.

    Parameters
    ----------
    weighted : bool
        Entries are tie strengths instead of 1 (see :func:`strength_weights`).
    distance : {"inverse", "weight"}
        What a weight means when ``weighted``: ``"inverse"`` (default) a strength, parallel
        records summed; ``"weight"`` a length, the strength being 1/length of the shortest record.
    symmetric : bool, optional
        Return ``A + A.T`` style symmetric matrix. Default: symmetric when the network is
        undirected. For a directed network, ``symmetric=True`` gives the undirected view (an entry
        is 1, or the summed weight of both arcs when ``weighted``).
    """
    g = net.simple_graph
    n = g.vcount()
    s, t, w = edge_arrays(g)
    w = strength_weights(g, distance) if weighted and len(w) else np.ones_like(w)
    sym = (not g.is_directed()) if symmetric is None else symmetric
    if sym:
        rows = np.concatenate([s, t])
        cols = np.concatenate([t, s])
        vals = np.concatenate([w, w])
    else:
        rows, cols, vals = s, t, w
    A = sp.csr_matrix((vals, (rows, cols)), shape=(n, n))
    A.sum_duplicates()
    if sym and g.is_directed() and not weighted:
        A.data[:] = 1.0
    return A


def node_frame(net: Network, columns: dict[str, np.ndarray | Sequence]) -> pd.DataFrame:
    """A DataFrame indexed by the network's node ids (in node order) from column arrays."""
    df = pd.DataFrame(columns, index=net.nodes.index.copy())
    df.index.name = "id"
    return df


def node_attribute(net: Network, attr: str) -> pd.Series:
    """Node attribute ``attr`` as a Series (raises a clear :class:`GraphError` if it is absent)."""
    if attr not in net.nodes.columns:
        raise GraphError(
            _("de knooppunten hebben geen kenmerk '{kenmerk}'; beschikbaar: {bekend}", kenmerk=attr,
              bekend=", ".join(map(str, net.nodes.columns)) or _("(geen)")),
            reason=Reason.UNKNOWN_ATTRIBUTE,
            column=attr,
        )
    return net.nodes[attr]


def check_choice(name: str, value: object, allowed: Sequence[object]) -> None:
    """Raise :class:`GraphError` unless ``value`` is one of ``allowed``."""
    if value not in allowed:
        raise GraphError(_("'{naam}' moet een van {bekend} zijn, niet {waarde!r}", naam=name,
                           bekend=", ".join(map(repr, allowed)), waarde=value),
                         reason=Reason.INVALID_ARGUMENT)


def distance_weights(g: ig.Graph, distance: str) -> list[float]:
    """Edge lengths for path-based measures: the weight itself or its inverse (``1/w``).

    With ``distance="weight"`` the weights are lengths and parallel records count by the
    shortest (the simple graph's ``length``); with ``"inverse"`` they are strengths and add up.

    Raises if a weight is not strictly positive (shortest paths need positive lengths).
    """
    check_choice("distance", distance, ("weight", "inverse"))
    # lengths: the shortest of parallel records (``length``, see Network.simple_graph);
    # strengths: their sum, inverted
    attr = "length" if distance == "weight" and "length" in g.es.attributes() else "weight"
    w = np.asarray(g.es[attr], dtype=float) if g.ecount() else np.empty(0)
    if (w <= 0).any() or not np.isfinite(w).all():
        raise GraphError(_("gewogen padmaten vragen relatiegewichten die eindig en groter dan 0 "
                           "zijn"),
                         reason=Reason.INVALID_ARGUMENT)
    return (1.0 / w if distance == "inverse" else w).tolist()


def strength_weights(g: ig.Graph, distance: str) -> np.ndarray:
    """Edge strengths for strength-based measures (strength, eigenvector, PageRank, communities).

    One meaning of a weight per run (issue 9): with ``distance="inverse"`` weights are strengths
    and parallel records add up (the simple graph's ``weight``); with ``distance="weight"`` they
    are lengths, so a tie's strength is ``1/length`` of its shortest record (the simple graph's
    ``length``): a far contact is a weak one, and two records of length 1 are one tie of
    length 1, not a tie of strength 2.

    Raises if lengths are not finite and greater than 0 (as :func:`distance_weights`).

    Examples
    --------
    >>> import igraph as ig
    >>> g = ig.Graph([(0, 1), (1, 2)])
    >>> g.es["weight"], g.es["length"] = [2.0, 100.0], [1.0, 100.0]
    >>> strength_weights(g, "weight").tolist(), strength_weights(g, "inverse").tolist()
    ([1.0, 0.01], [2.0, 100.0])
    """
    if distance == "weight":
        return 1.0 / np.asarray(distance_weights(g, "weight"), dtype=float)
    check_choice("distance", distance, ("weight", "inverse"))
    return np.asarray(g.es["weight"], dtype=float) if g.ecount() else np.empty(0)


def weight_use(weighted: bool, distance: str, use: str) -> str:
    """How a measure read the tie weights, for provenance (``use``: ``"path"`` or
    ``"strength"``).

    >>> weight_use(True, "weight", "strength")
    '1/length of the shortest record'
    """
    if not weighted:
        return "none (every tie counts 1)"
    if use == "path":
        return ("length = weight of the shortest record" if distance == "weight"
                else "length = 1/summed weight")
    return "1/length of the shortest record" if distance == "weight" else "summed weight"
