"""Seeded node positions for maps, static drawings and Gephi exports.

Randomness stays local: the starting positions come from a numpy generator seeded per call, and
no layout here draws from igraph's process-wide random number generator (igraph's
Fruchterman–Reingold and DrL do, on every iteration, so netwerk runs its own vectorised
Fruchterman–Reingold; Kamada–Kawai and the circle come from igraph, which draws nothing for them
when given starting positions). Same graph and seed, same positions, in every process, whatever
else the process does with igraph.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import igraph as ig
import numpy as np

from ..errors import GraphError
from ..i18n import _

__all__ = ["compute_layout", "fruchterman_reingold", "LAYOUTS", "MAP_LAYOUTS", "barrier_layout"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

#: Layout names accepted by :func:`compute_layout`.
LAYOUTS = ("auto", "fr", "kk", "circle")
#: Layouts of the map: the igraph layouts plus the barrier-model layout (:func:`barrier_layout`).
MAP_LAYOUTS = (*LAYOUTS, "barrier")


def compute_layout(
    graph: ig.Graph,
    *,
    method: str = "auto",
    seed: int = 0,
    spread: float = 60.0,
) -> np.ndarray:
    """Positions for every vertex of ``graph``, the same for the same graph and seed.

    Parameters
    ----------
    graph : igraph.Graph
        Treated as undirected.
    method : {"auto", "fr", "kk", "circle"}
        ``auto``/``fr``: Fruchterman–Reingold with repulsion cut off at a few ideal edge lengths
        (like igraph's grid variant; 300 iterations up to 2,000 vertices, 100 up to 20,000, 30
        above). ``kk``: Kamada–Kawai (igraph). ``circle``.
    seed : int
        Seeds the starting positions (a local numpy generator; no global state is touched).
    spread : float
        Target mean distance between neighbouring positions, in pixels (result is centred and
        scaled so the drawing spans about ``spread * sqrt(n)``).

    Returns
    -------
    np.ndarray
        Shape ``(n, 2)``, float.

    References
    ----------
    .. [1] Fruchterman, T. M. J. & Reingold, E. M. (1991). Graph drawing by force-directed
       placement. Software: Practice and Experience 21(11).
    .. [2] Martin, S., Brown, W. M., Klavans, R. & Boyack, K. W. (2011). OpenOrd: an open-source
       toolbox for large graph layout. Proc. SPIE 7868 (DrL).

    Examples
    --------
    >>> g = ig.Graph.Ring(5)
    >>> bool((compute_layout(g, seed=1) == compute_layout(g, seed=1)).all())
    True
    """
    if method not in LAYOUTS:
        raise GraphError(_("onbekende layout '{layout}' (kies uit {bekend})", layout=method,
                           bekend=", ".join(LAYOUTS)))
    n = graph.vcount()
    if n == 0:
        return np.zeros((0, 2))
    if n == 1:
        return np.zeros((1, 2))
    g = graph.as_undirected() if graph.is_directed() else graph
    if method == "auto":
        method = "fr"
    rng = np.random.default_rng(seed)
    start = rng.uniform(-1, 1, size=(n, 2)) * np.sqrt(n)
    if method == "fr":
        niter = 300 if n <= 2000 else (100 if n <= 20000 else 30)
        el = np.asarray(g.get_edgelist(), dtype=np.int64).reshape(-1, 2)
        xy = fruchterman_reingold(n, el, start, niter=niter)
    else:
        lay = (g.layout_kamada_kawai(seed=start.tolist()) if method == "kk"
               else g.layout_circle())
        xy = np.asarray(lay.coords, dtype=float)
    xy = np.nan_to_num(xy)
    xy -= xy.mean(axis=0)
    size = np.abs(xy).max()
    if size > 0:
        xy *= (spread * np.sqrt(n) / 2) / size
    return xy


def fruchterman_reingold(n: int, edges: np.ndarray, start: np.ndarray, *, niter: int = 500,
                         cutoff: float = 3.0) -> np.ndarray:
    """Fruchterman–Reingold force-directed positions, vectorised, without any random draws.

    Attraction ``d² / k`` along every edge, repulsion ``k² / d`` between vertices closer than
    ``cutoff * k`` (found with a k-d tree, as igraph's grid variant cuts off far pairs), with
    ideal edge length ``k = 1`` and a temperature cooling linearly from ``sqrt(n) / 10``.

    Parameters
    ----------
    n : int
        Number of vertices.
    edges : np.ndarray
        Shape ``(m, 2)``, vertex positions (integers).
    start : np.ndarray
        Shape ``(n, 2)``, starting positions (deterministic: the result depends on nothing else).
    niter : int
        Iterations.
    cutoff : float
        Repulsion range in ideal edge lengths.

    Returns
    -------
    np.ndarray
        Shape ``(n, 2)``.

    References
    ----------
    .. [1] Fruchterman, T. M. J. & Reingold, E. M. (1991). Graph drawing by force-directed
       placement. Software: Practice and Experience 21(11).

    Examples
    --------
    >>> el = np.array([[0, 1], [1, 2], [2, 0], [2, 3]])
    >>> xy = fruchterman_reingold(4, el, np.array([[0., 0.], [1., 0.], [0., 1.], [1., 1.]]))
    >>> xy.shape, bool(np.isfinite(xy).all())
    ((4, 2), True)
    """
    from scipy.spatial import cKDTree

    pos = np.asarray(start, dtype=float).copy()
    if n < 2:
        return pos
    s, t = (edges[:, 0], edges[:, 1]) if len(edges) else (np.empty(0, int), np.empty(0, int))
    keep = s != t
    s, t = s[keep], t[keep]
    temp0 = max(np.sqrt(n) / 10.0, 0.1)
    # coincident vertices are pushed apart along a fixed direction per vertex (no random draw)
    angle = np.arange(n) * 2.399963229728653  # golden angle
    nudge = np.column_stack([np.cos(angle), np.sin(angle)]) * 1e-3
    for it in range(niter):
        disp = np.zeros_like(pos)
        pairs = cKDTree(pos).query_pairs(r=cutoff, output_type="ndarray")
        if len(pairs):
            i, j = pairs[:, 0], pairs[:, 1]
            delta = pos[i] - pos[j]
            dist = np.hypot(delta[:, 0], delta[:, 1])
            zero = dist < 1e-9
            if zero.any():
                delta[zero] = nudge[i[zero]] - nudge[j[zero]]
                dist[zero] = np.hypot(delta[zero, 0], delta[zero, 1])
            force = (1.0 / dist ** 2)[:, None] * delta  # k^2 / d along the unit vector
            for ax in (0, 1):
                disp[:, ax] += np.bincount(i, force[:, ax], minlength=n)
                disp[:, ax] -= np.bincount(j, force[:, ax], minlength=n)
        if len(s):
            delta = pos[s] - pos[t]
            dist = np.hypot(delta[:, 0], delta[:, 1])
            force = dist[:, None] * delta  # d^2 / k along the unit vector
            for ax in (0, 1):
                disp[:, ax] -= np.bincount(s, force[:, ax], minlength=n)
                disp[:, ax] += np.bincount(t, force[:, ax], minlength=n)
        length = np.hypot(disp[:, 0], disp[:, 1])
        temp = temp0 * (1.0 - it / niter)
        scale = np.minimum(length, temp) / np.maximum(length, 1e-12)
        pos += disp * scale[:, None]
    return pos


def barrier_layout(
    stage: Sequence[Any],
    stages: Sequence[str],
    *,
    order: Sequence[float] | None = None,
    column_width: float = 300.0,
    row_height: float = 70.0,
    per_row: int = 4,
) -> tuple[np.ndarray, list[dict[str, Any]]]:
    """Positions for the barrier-model picture: value-chain stages as columns, left to right.

    Each node goes into the column of its stage (nodes without a stage, or with a stage not in
    ``stages``, into a last column); inside a column nodes fill rows of ``per_row`` from the top,
    in ``order`` (e.g. vital rank; ties and missing values by input position).

    Parameters
    ----------
    stage : sequence
        The stage of each node (``None``/NaN for none).
    stages : sequence of str
        The ordered stages of the value chain.
    order : sequence of float, optional
        Sort key per node inside its column (smaller first).
    column_width, row_height : float
        Pixels.
    per_row : int
        Nodes side by side in a column.

    Returns
    -------
    (np.ndarray, list of dict)
        Positions, shape ``(n, 2)``; and one record per column: ``stage`` (``None`` for the last
        column), ``x0``, ``x1`` (left and right edge), ``n`` (nodes in it). Columns without nodes
        are kept, so the chain is always drawn whole.

    Examples
    --------
    >>> xy, cols = barrier_layout(["b", "a", None, "b"], ["a", "b"], per_row=1)
    >>> [c["stage"] for c in cols], xy[:, 0].tolist()
    (['a', 'b', None], [300.0, 0.0, 600.0, 300.0])
    """
    n = len(stage)
    index = {s: i for i, s in enumerate(stages)}
    col = np.array([index.get(s, len(stages)) if isinstance(s, str) else len(stages)
                    for s in stage], dtype=int)
    key = np.asarray(order, dtype=float) if order is not None else np.zeros(n)
    key = np.where(np.isnan(key), np.inf, key)
    xy = np.zeros((n, 2))
    cols: list[dict[str, Any]] = []
    n_cols = len(stages) + (1 if (col == len(stages)).any() else 0)
    gap = column_width / (per_row + 1)
    for c in range(n_cols):
        members = np.flatnonzero(col == c)
        members = members[np.lexsort((members, key[members]))]
        x0 = c * column_width - column_width / 2
        for j, v in enumerate(members):
            r, k = divmod(j, per_row)
            xy[v, 0] = c * column_width + (k - (per_row - 1) / 2) * gap * (1 if per_row > 1 else 0)
            xy[v, 1] = r * row_height
        cols.append({"stage": stages[c] if c < len(stages) else None, "x0": x0,
                     "x1": x0 + column_width, "n": int(len(members))})
    if per_row == 1:
        xy[:, 0] = col * column_width
    return xy, cols
