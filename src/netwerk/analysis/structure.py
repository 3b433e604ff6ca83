"""Structure: components, bridges, articulation points (with what each would cut off), Leiden
communities.

All functions read ``net.simple_graph``; on a directed network they use its undirected view (weak
connectivity), because a tie carries information, goods or money either way once it exists.

Examples
--------
>>> from netwerk import datasets
>>> from netwerk.analysis.structure import articulation_points
>>> ap = articulation_points(datasets.krackhardt_kite())
>>> ap[ap["is_articulation"]]["cut_off"].to_dict()
{'Heather': 2, 'Ike': 1}
"""

from __future__ import annotations

import logging

import igraph as ig
import numpy as np
import pandas as pd

from ..graph import Network
from ._common import edge_arrays, node_frame, strength_weights, weight_use

__all__ = ["components", "bridges", "articulation_points", "communities", "undirected_view",
           "renumber_by_size"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())


def undirected_view(net: Network) -> ig.Graph:
    """``net.simple_graph`` as an undirected simple graph (reciprocal arcs merged, weights summed);
    see :attr:`netwerk.graph.Network.undirected_graph`."""
    return net.undirected_graph


def renumber_by_size(membership: np.ndarray) -> np.ndarray:
    """Relabel groups 0, 1, ... by size (largest first), ties by the smallest member position."""
    membership = np.asarray(membership, dtype=np.int64)
    if membership.size == 0:
        return membership
    _, inv = np.unique(membership, return_inverse=True)
    sizes = np.bincount(inv)
    first = np.full(sizes.size, membership.size, dtype=np.int64)
    np.minimum.at(first, inv, np.arange(membership.size))
    order = np.lexsort((first, -sizes))
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    return rank[inv]


def components(net: Network) -> pd.DataFrame:
    """Connected component of every node (weakly connected for directed networks).

    Returns
    -------
    pd.DataFrame
        Indexed by node id: ``component`` (0 = largest, then by size descending, ties by the
        component holding the earliest node in node order) and ``component_size``.

    Examples
    --------
    >>> from netwerk import datasets
    >>> int(components(datasets.florentine())["component_size"].max())
    15
    """
    g = net.simple_graph
    memb = np.asarray(g.connected_components(mode="weak").membership, dtype=np.int64) \
        if g.vcount() else np.empty(0, np.int64)
    comp = renumber_by_size(memb)
    size = np.bincount(comp)[comp] if comp.size else comp
    return node_frame(net, {"component": comp, "component_size": size.astype(np.int64)})


def bridges(net: Network) -> pd.DataFrame:
    """Ties whose removal disconnects their component (bridges of the undirected simple graph).

    Returns
    -------
    pd.DataFrame
        Columns ``source``, ``target`` (node ids); the index is the edge id in
        ``net.simple_graph`` (so it aligns with :func:`~netwerk.analysis.centrality.edge_betweenness`).
        On a directed network every arc of a bridging pair is listed (two rows for a reciprocated
        pair).
    """
    g = net.simple_graph
    ids = net.nodes.index.to_numpy()
    s, t, _ = edge_arrays(g)
    if g.ecount() == 0:
        return pd.DataFrame({"source": pd.Series(dtype=object), "target": pd.Series(dtype=object)})
    u = undirected_view(net)
    be = np.asarray(u.bridges(), dtype=np.int64)
    if g.is_directed():
        us, ut, _ = edge_arrays(u)
        n = g.vcount()
        key = np.minimum(us[be], ut[be]) * n + np.maximum(us[be], ut[be])
        mask = np.isin(np.minimum(s, t) * n + np.maximum(s, t), key)
        eids = np.flatnonzero(mask)
    else:
        eids = np.sort(be)
    return pd.DataFrame({"source": ids[s[eids]], "target": ids[t[eids]]}, index=pd.Index(eids, name="edge"))


def articulation_points(net: Network) -> pd.DataFrame:
    """Cut vertices, and how many nodes each would cut off from the rest of its component.

    Returns
    -------
    pd.DataFrame
        Indexed by node id: ``is_articulation`` (removing the node splits its component),
        ``pieces`` (number of parts its component falls into without it; 0 for non-articulation
        nodes) and ``cut_off`` (nodes separated from the largest remaining part: component size
        - 1 - size of the largest part; 0 for non-articulation nodes).

    Notes
    -----
    Computed in linear time from the block-cut tree (biconnected components): rooted at an
    arbitrary block, the parts left after removing cut vertex ``v`` are the subtrees below ``v``
    plus everything above it.
    """
    u = undirected_view(net)
    n = u.vcount()
    isap = np.zeros(n, dtype=bool)
    pieces = np.zeros(n, dtype=np.int64)
    cut = np.zeros(n, dtype=np.int64)
    if n == 0 or u.ecount() == 0:
        return node_frame(net, {"is_articulation": isap, "pieces": pieces, "cut_off": cut})
    blocks, aps = u.biconnected_components(return_articulation_points=True)
    aps = np.asarray(sorted(aps), dtype=np.int64)
    isap[aps] = True
    if aps.size:
        memb = np.asarray(u.connected_components().membership)
        comp_size = np.bincount(memb)[memb]
        nb = len(blocks)
        # tree nodes: 0..n-1 original vertices (only APs used), n..n+nb-1 blocks, n+nb super-root
        weight = np.zeros(n + nb + 1, dtype=np.int64)
        weight[aps] = 1
        lens = np.fromiter((len(b) for b in blocks), dtype=np.int64, count=nb)
        bverts = np.fromiter((v for b in blocks for v in b), dtype=np.int64, count=int(lens.sum()))
        bids = np.repeat(np.arange(nb), lens) + n
        non_ap = ~isap[bverts]
        np.add.at(weight, bids[non_ap], 1)
        tree_edges = np.column_stack([bverts[~non_ap], bids[~non_ap]])
        # one block per connected component hangs from the super-root
        bcomp = memb[bverts]
        first_block = pd.Series(bids).groupby(bcomp).min().to_numpy()
        root = n + nb
        tree_edges = np.vstack([tree_edges, np.column_stack([np.full(first_block.size, root),
                                                             first_block])])
        T = ig.Graph(n=n + nb + 1, edges=tree_edges.tolist(), directed=False)
        order, layers, parent = T.bfs(root)
        order = np.asarray(order)
        parent = np.asarray(parent)
        layers = np.asarray(layers)
        sub = weight.copy()
        for li in range(len(layers) - 2, 0, -1):  # deepest level first; one step per tree level
            lvl = order[layers[li]:layers[li + 1]]
            np.add.at(sub, parent[lvl], sub[lvl])
        child = np.flatnonzero((np.arange(n + nb + 1) >= n) & (np.arange(n + nb + 1) < root))
        child = child[parent[child] < n]  # blocks hanging below an articulation point
        below = np.zeros(n, dtype=np.int64)
        biggest = np.zeros(n, dtype=np.int64)
        nchild = np.zeros(n, dtype=np.int64)
        np.add.at(below, parent[child], sub[child])
        np.maximum.at(biggest, parent[child], sub[child])
        np.add.at(nchild, parent[child], 1)
        above = comp_size - 1 - below
        largest = np.maximum(biggest, above)
        pieces[aps] = nchild[aps] + (above[aps] > 0)
        cut[aps] = (comp_size - 1 - largest)[aps]
    return node_frame(net, {"is_articulation": isap, "pieces": pieces, "cut_off": cut})


def communities(net: Network, *, seed: int = 0, resolution: float = 1.0, weighted: bool = True,
                n_iterations: int | None = None, distance: str = "inverse") -> pd.Series:
    """Leiden communities (modularity with a resolution parameter), seeded.

    Parameters
    ----------
    seed : int
        Seed of Leiden's random choices: one seed, one partition. The generator is leidenalg's own
        (seeded per call): neither Python's ``random`` nor igraph's process-wide generator is
        replaced or advanced.
    resolution : float
        Modularity resolution γ (1 = standard modularity; higher = smaller communities).
    weighted : bool
        Use tie strengths (see ``distance``).
    distance : {"inverse", "weight"}
        What a weight means: ``"inverse"`` (default) a strength, summed over records and, for
        directed networks, over both arcs; ``"weight"`` a length: the tie's strength is
        ``1/length`` of its shortest record in either direction (parallel records are not
        summed), as in :func:`~netwerk.analysis._common.strength_weights`.
    n_iterations : int, optional
        Leiden iterations; -1 runs until the partition no longer changes. Default: until stable
        up to 200,000 ties, 2 iterations above (the big gains come in the first two).

    Returns
    -------
    pd.Series
        ``community`` per node id: 0 = largest, ties by the community holding the earliest node.
        ``.attrs`` holds ``modularity`` and the parameters.

    References
    ----------
    .. [1] Traag, V. A., Waltman, L. & van Eck, N. J. (2019). From Louvain to Leiden: guaranteeing
       well-connected communities. Scientific Reports 9: 5233.
    """
    import leidenalg

    u = undirected_view(net)
    n = u.vcount()
    if n_iterations is None:
        n_iterations = -1 if u.ecount() <= 200_000 else 2
    if n == 0:
        s = pd.Series(np.empty(0, np.int64), index=net.nodes.index.copy(), name="community")
        s.attrs.update({"modularity": float("nan"), "seed": seed, "resolution": resolution})
        return s
    w = strength_weights(u, distance).tolist() if weighted and u.ecount() else None
    # leidenalg keeps its own seeded generator: igraph's process-wide one is never touched
    part = leidenalg.find_partition(u, leidenalg.RBConfigurationVertexPartition, weights=w,
                                    resolution_parameter=resolution, n_iterations=n_iterations,
                                    seed=int(seed))
    memb = renumber_by_size(np.asarray(part.membership))
    s = pd.Series(memb, index=net.nodes.index.copy(), name="community")
    s.index.name = "id"
    mod = u.modularity(memb.tolist(), weights=w, resolution=resolution) if u.ecount() else 0.0
    s.attrs.update({"modularity": float(mod), "seed": seed, "resolution": resolution,
                    "weighted": weighted, "n_iterations": n_iterations,
                    "weights": weight_use(weighted, distance, "strength"),
                    "algorithm": "Leiden (leidenalg, RBConfiguration = modularity with resolution)"})
    return s
