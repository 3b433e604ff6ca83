"""A small static network drawing as inline SVG, for reports (no JavaScript, no fonts fetched)."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

import numpy as np
import pandas as pd

from ..graph import Network
from ..i18n import _
from .guard import check_no_raw_identifiers
from .layout import compute_layout
from .maps import select_nodes
from .payload import kind_label, node_aliases, vital_table
from .styles import VITAL_COLOUR, node_style, relation_style

__all__ = ["network_svg"]


def network_svg(
    net: Network,
    *,
    vital: pd.DataFrame | None = None,
    width: int = 480,
    height: int = 360,
    seed: int = 0,
    max_nodes: int = 150,
    labels: int = 5,
    title: str | None = None,
    aliases: Mapping[str, str] | None = None,
) -> str:
    """A static drawing of the network (or of the neighbourhood of its most vital nodes).

    Parameters
    ----------
    net : Network
    vital : pd.DataFrame, optional
        Vital table: node radius by ``vital_score``; the ``labels`` most vital nodes are labelled
        and ringed red. Without it, radius follows degree.
    width, height : int
        Size in pixels.
    seed : int
        Layout seed (same network and seed, same drawing).
    max_nodes : int
        Above this many nodes, only the neighbourhood of the most vital nodes is drawn
        (:func:`netwerk.viz.maps.select_nodes`); a caption says how many were left out.
    labels : int
        How many of the most vital (or highest-degree) nodes get a label.
    title : str, optional
        Accessible title (``<title>``).
    aliases : mapping, optional
        Node id -> map name. Default: :func:`netwerk.viz.payload.node_aliases` of ``net`` and
        ``vital``, the names the HTML map and the report's tables use for the same case (``P01``,
        ``B03``). Nodes are named only by these, never by label or pseudonym.

    Returns
    -------
    str
        An ``<svg>`` element; every text is XML-escaped and in the current language. Raises
        :class:`~netwerk.errors.LeakError` if a text looks like a raw identifier.

    Examples
    --------
    >>> from netwerk import datasets
    >>> svg = network_svg(datasets.krackhardt_kite(), labels=1)
    >>> svg.startswith("<svg"), ">P01</text>" in svg, "Diane" in svg
    (True, True, False)
    """
    if aliases is None:
        aliases = node_aliases(net, vital)
    alias = {str(k): str(v) for k, v in aliases.items()}
    ids, _seeds = select_nodes(net, vital=vital, max_nodes=max_nodes)
    sub = net if len(ids) == net.n_nodes else net.subgraph(ids)
    ids = list(sub.nodes.index)
    g = sub.simple_graph
    xy = compute_layout(g, seed=seed)
    pad = 16.0
    cap = 16.0 if len(ids) < net.n_nodes else 0.0
    if len(ids):
        lo, hi = xy.min(axis=0), xy.max(axis=0)
        span = np.where(hi - lo > 0, hi - lo, 1.0)
        xy = (xy - lo) / span
        xy[:, 0] = pad + xy[:, 0] * (width - 2 * pad)
        xy[:, 1] = pad + xy[:, 1] * (height - 2 * pad - cap)
    vt = vital_table(sub, vital)
    score = vt["vital_score"].fillna(0.0).clip(lower=0.0).to_numpy()
    top = score.max() if len(score) and score.max() > 0 else 1.0
    radius = 2.5 + 6.0 * score / top
    order = np.lexsort((np.asarray(ids, dtype=str), -score))
    labelled = set(order[: max(labels, 0)].tolist()) if len(ids) else set()
    shown = [alias.get(str(i), "") for i in ids]
    kind_col = sub.nodes["kind"].astype(str).to_numpy()
    kind_names = [kind_label(k) for k in kind_col]
    check_no_raw_identifiers((("svg label", s) for s in (*shown, *kind_names)), what=_("de tekening"))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{int(width)}" height="{int(height)}" '
             f'viewBox="0 0 {int(width)} {int(height)}" role="img" class="netwerk-network" '
             f'font-family="sans-serif" font-size="10">']
    parts.append(f"<title>{escape(title or _('netwerktekening'))}</title>")
    parts.append('<g stroke-opacity="0.45">')
    kinds = sub.edges.groupby(["source", "target"], sort=False)["kind"].first() if len(
        sub.edges) else pd.Series(dtype=object)
    names = sub.nodes.index
    for e in g.es:
        s, t = e.source, e.target
        kind = kinds.get((names[s], names[t]), kinds.get((names[t], names[s]), "tie"))
        st = relation_style(kind)
        dash = (f' stroke-dasharray="{",".join(str(d) for d in st["dashes"])}"'
                if st["dashes"] else "")
        parts.append(f'<line x1="{xy[s, 0]:.1f}" y1="{xy[s, 1]:.1f}" x2="{xy[t, 0]:.1f}" '
                     f'y2="{xy[t, 1]:.1f}" stroke="{st["color"]}" stroke-width="1"{dash}/>')
    parts.append("</g><g>")
    for i in np.argsort(score, kind="stable"):
        colour = node_style(kind_col[i])["color"]
        ring = (f' stroke="{VITAL_COLOUR}" stroke-width="2"' if vital is not None and i in labelled
                else ' stroke="#ffffff" stroke-width="0.8"')
        parts.append(f'<circle cx="{xy[i, 0]:.1f}" cy="{xy[i, 1]:.1f}" r="{radius[i]:.1f}" '
                     f'fill="{colour}"{ring}><title>'
                     f'{escape(" ".join(x for x in (shown[i], f"({kind_names[i]})") if x))}'
                     f'</title></circle>')
    parts.append("</g><g>")
    for i in sorted(labelled):
        if not shown[i]:
            continue
        parts.append(f'<text x="{xy[i, 0] + radius[i] + 2:.1f}" y="{xy[i, 1] + 3:.1f}" '
                     f'stroke="#ffffff" stroke-width="2.5" paint-order="stroke" fill="#222">'
                     f"{escape(shown[i])}</text>")
    parts.append("</g>")
    if cap:
        cap_text = _("{n} van {m} knooppunten getekend (omgeving van de meest vitale)",
                     n=len(ids), m=net.n_nodes)
        parts.append(f'<text x="{pad:.0f}" y="{height - 4}" fill="#555">{escape(cap_text)}</text>')
    parts.append("</svg>")
    return "".join(parts)
