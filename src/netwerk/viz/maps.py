"""Offline, self-contained interactive network maps.

:func:`write_map` writes ONE HTML file that opens from a USB stick on a laptop without internet:
the vis-network JavaScript that ships inside the pyvis wheel is inlined into netwerk's own
autoescaped template, the data travels as escaped JSON in a ``<script type="application/json">``
block, every partner string is shown with DOM ``textContent`` (never ``innerHTML``), and a strict
Content-Security-Policy forbids every request (the two scripts and the style sheet are allowed
only by their SHA-256 hashes).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import numpy as np
import pandas as pd

from .. import __version__
from ..errors import GraphError, InputError, Reason
from ..governance.editions import Edition, edition_network
from ..graph import Network
from .guard import check_no_raw_identifiers
from .layout import compute_layout
from .payload import candidate_lines, edge_records, legend, node_records, vital_table, walk_strings
from .profiles import bind_audience, load_audience, visible_attributes
from .styles import KEY_PLAYER_COLOUR, VITAL_COLOUR

__all__ = ["MapResult", "write_map", "render_map", "show_map", "select_nodes", "vis_network_js",
           "PHYSICS_LIMIT", "LABEL_LIMIT"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

#: Above this many shown nodes physics is off (positions precomputed with igraph only).
PHYSICS_LIMIT = 1000
#: Above this many shown nodes only vital nodes and key players carry a visible label.
LABEL_LIMIT = 300


@dataclass(frozen=True)
class MapResult:
    """What :func:`write_map` wrote.

    Attributes
    ----------
    path : Path
        The HTML file.
    n_nodes_shown, n_nodes_total : int
        Nodes on the map and in the network.
    left_out : dict
        ``nodes``, ``relations`` (records) and ``by_kind`` counts that the map does not show.
    audience : str
        The audience profile applied.
    """

    path: Path
    n_nodes_shown: int
    n_nodes_total: int
    left_out: dict[str, Any] = field(default_factory=dict)
    audience: str = "case-meeting"
    n_edges_shown: int = 0
    physics: bool = True


# ----------------------------------------------------------------------------- assets
@lru_cache(maxsize=1)
def vis_network_js() -> str:
    """The vis-network standalone JavaScript shipped inside the installed pyvis package.

    The newest ``vis-*/vis-network.min.js`` under pyvis's ``templates/lib`` (or ``lib``) is used,
    with its source-map comment removed (nothing may point outside the file).
    """
    import pyvis

    base = Path(pyvis.__file__).parent
    found = sorted(base.glob("templates/lib/vis-*/vis-network.min.js")) or sorted(
        base.glob("lib/vis-*/vis-network.min.js"))
    if not found:
        raise InputError("vis-network.min.js not found inside the installed pyvis package "
                         f"({base}); reinstall pyvis>=0.3.2", reason=Reason.FILE_NOT_FOUND)

    def version(p: Path) -> tuple[int, ...]:
        return tuple(int(x) for x in re.findall(r"\d+", p.parent.name))

    path = max(found, key=version)
    js = path.read_text(encoding="utf-8")
    js = re.sub(r"//[#@] sourceMappingURL=\S*", "", js)
    if re.search(r"</script|<!--", js, re.I):  # would end the inline script early
        js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.I).replace("<!--", "<\\!--")
    return js


@lru_cache(maxsize=1)
def _app_js() -> str:
    return resources.files("netwerk").joinpath("data/templates/map_app.js.j2").read_text("utf-8")


@lru_cache(maxsize=1)
def _css() -> str:
    return resources.files("netwerk").joinpath("data/templates/map_style.css.j2").read_text("utf-8")


@lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("netwerk", "data/templates"),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined,
    )
    return env.get_template("map.html.j2")


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def _json_for_script(obj: Any) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>``, ``&``, U+2028/9."""
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


# ----------------------------------------------------------------------------- selection
def select_nodes(
    net: Network,
    *,
    vital: pd.DataFrame | None = None,
    key_players: Iterable[str] | None = None,
    max_nodes: int = 3000,
) -> tuple[list[str], int]:
    """The nodes a map shows: all of them, or the neighbourhood of the most vital nodes.

    Parameters
    ----------
    net : Network
    vital : pd.DataFrame, optional
        Vital table (``rank`` or ``vital_score``); without it nodes are taken by degree.
    key_players : iterable of str, optional
        Taken first.
    max_nodes : int
        Most nodes to show.

    Returns
    -------
    (list of str, int)
        The node ids in network order, and how many seed nodes' ego networks were (partly) taken.

    Notes
    -----
    Greedy, deterministic: seeds are the key players, then nodes by vital rank (or by degree,
    ties by node id); for each seed the seed itself and then its direct neighbours (largest
    degree first, ties by id) are added until ``max_nodes`` is reached.
    """
    n = net.n_nodes
    if max_nodes < 1:
        raise GraphError("max_nodes must be at least 1")
    if n <= max_nodes:
        return list(net.nodes.index), 0
    g = net.simple_graph
    ids = net.nodes.index
    degree = np.asarray(g.degree(), dtype=float)
    if vital is not None and ("rank" in vital.columns or "vital_score" in vital.columns):
        vt = vital_table(net, vital)
        rank = vt["rank"].to_numpy(dtype=float)
        rank = np.where(np.isnan(rank), np.inf, rank)
        order = np.lexsort((ids.to_numpy(dtype=str), rank))
    else:
        order = np.lexsort((ids.to_numpy(dtype=str), -degree))
    kp = [int(i) for i in net.positions([str(k) for k in key_players])] if key_players else []
    chosen: dict[int, None] = {}
    seeds = 0
    for s in [*kp, *order.tolist()]:
        if len(chosen) >= max_nodes:
            break
        seeds += 1
        chosen[s] = None
        nb = g.neighbors(s)
        nb = sorted(nb, key=lambda v: (-degree[v], ids[v]))
        for v in nb:
            if len(chosen) >= max_nodes:
                break
            chosen[v] = None
    pos = sorted(chosen)
    return [ids[i] for i in pos], seeds


# ----------------------------------------------------------------------------- rendering
def render_map(
    net: Network,
    *,
    vital: pd.DataFrame | None = None,
    candidates: pd.DataFrame | None = None,
    key_players: Sequence[str] | None = None,
    audience: str = "case-meeting",
    partner: str | None = None,
    layout: str = "auto",
    seed: int = 0,
    max_nodes: int = 3000,
    title: str | None = None,
    highlight_top: int = 10,
) -> tuple[str, MapResult]:
    """The map's HTML as a string plus its :class:`MapResult` (``path`` is empty).

    Same parameters as :func:`write_map`.
    """
    aud = bind_audience(net, load_audience(audience, partner=partner))
    # need-to-know: provenance that itself reveals a protected fact (a node only the tax-debtor or
    # police-suspect extract names) is masked for everyone but that partner (netwerk.governance)
    net = edition_network(net, Edition("partner", aud.partner) if aud.partner
                          else Edition("casusoverleg"))
    attributes = visible_attributes(net, aud)
    kp = {str(k) for k in (key_players or [])}
    unknown = kp.difference(net.nodes.index)
    if unknown:
        raise GraphError(f"key player(s) not in the network: {', '.join(sorted(unknown)[:3])}",
                         reason=Reason.UNKNOWN_NODE)
    ids, seeds = select_nodes(net, vital=vital, key_players=sorted(kp), max_nodes=max_nodes)
    total = net.n_nodes
    shown_net = net if len(ids) == total else net.subgraph(ids)
    ids = list(shown_net.nodes.index)
    xy = compute_layout(shown_net.simple_graph, method=layout, seed=seed,
                        spread=100.0 if len(ids) <= LABEL_LIMIT else 60.0)
    vt = vital_table(net, vital)
    nodes = node_records(
        shown_net, ids, xy, vital=vt, vital_given=vital is not None,
        highlight_top=highlight_top, key_players=kp,
        candidates=candidate_lines(candidates, shown_net.nodes.index), audience=aud,
        attributes=attributes, show_labels="all" if len(ids) <= LABEL_LIMIT else "highlighted",
    )
    edges, graded = edge_records(shown_net, ids, aud)
    left_nodes = net.nodes.loc[~net.nodes.index.isin(ids), "kind"]
    left_out = {
        "nodes": int(total - len(ids)),
        "relations": int(net.n_edges - shown_net.n_edges),
        "by_kind": {str(k): int(c) for k, c in left_nodes.value_counts().sort_index().items()},
    }
    message = None
    if left_out["nodes"]:
        kinds = "; ".join(f"{k} {c:,}" for k, c in left_out["by_kind"].items())
        who = "most vital nodes" if vital is not None else "best-connected nodes"
        message = (f"This map shows {len(ids):,} of {total:,} nodes: the {seeds:,} {who} "
                   f"and their direct neighbours, up to {max_nodes:,} nodes. "
                   f"Left out: {left_out['nodes']:,} nodes ({kinds}) and "
                   f"{left_out['relations']:,} relations.")
    physics = len(ids) <= PHYSICS_LIMIT
    title = title or str(net.meta.get("case") or net.meta.get("name") or "netwerk map")
    data = {
        "meta": {
            "title": title, "audience": aud.name, "audience_description": aud.description,
            "n_total": total, "n_shown": len(ids), "n_edges": len(edges),
            "left_out": left_out, "message": message, "physics": physics, "graded": graded,
            "vital_given": vital is not None, "highlight_top": highlight_top,
            "has_key_players": bool(kp), "seed": seed, "version": __version__,
            "vital_colour": VITAL_COLOUR, "key_colour": KEY_PLAYER_COLOUR,
        },
        **legend(nodes, edges),
        "nodes": nodes,
        "edges": edges,
    }
    check_no_raw_identifiers(walk_strings(data), what="map")
    vis_js = vis_network_js()
    app_js = _app_js()
    css = _css()
    csp = ("default-src 'none'; "
           f"script-src '{_sha256(vis_js)}' '{_sha256(app_js)}'; "
           f"style-src '{_sha256(css)}'; img-src data:; font-src 'none'; connect-src 'none'; "
           "media-src 'none'; object-src 'none'; frame-src 'none'; worker-src 'none'; "
           "manifest-src 'none'; base-uri 'none'; form-action 'none'")
    page = _template().render(
        title=title, csp=csp, data_json=jinja2.utils.markupsafe.Markup(_json_for_script(data)),
        vis_js=jinja2.utils.markupsafe.Markup(vis_js), app_js=jinja2.utils.markupsafe.Markup(app_js),
        css=jinja2.utils.markupsafe.Markup(css),
        meta=data["meta"], version=__version__,
    )
    res = MapResult(path=Path(), n_nodes_shown=len(ids), n_nodes_total=total, left_out=left_out,
                    audience=aud.name, n_edges_shown=len(edges), physics=physics)
    return page, res


def write_map(
    net: Network,
    path: str | Path,
    *,
    vital: pd.DataFrame | None = None,
    candidates: pd.DataFrame | None = None,
    key_players: Sequence[str] | None = None,
    audience: str = "case-meeting",
    partner: str | None = None,
    layout: str = "auto",
    seed: int = 0,
    max_nodes: int = 3000,
    title: str | None = None,
    highlight_top: int = 10,
) -> MapResult:
    """Write an offline, self-contained interactive HTML map of a network.

    Parameters
    ----------
    net : Network
    path : path
        The HTML file to write (parent folders are created).
    vital : pd.DataFrame, optional
        :func:`netwerk.analysis.vital_nodes` output: sizes nodes by ``vital_score``, rings the
        ``highlight_top`` nodes by ``rank``, and shows measures, brokerage role and reason.
    candidates : pd.DataFrame, optional
        :func:`netwerk.interventions.candidate_interventions` output, listed per node.
    key_players : sequence of str, optional
        Node ids drawn with a dashed black ring (e.g. a KPP-Neg set).
    audience : str
        ``"case-meeting"`` (default) or ``"partner:<name>"``; see :mod:`netwerk.viz.profiles`.
    partner : str, optional
        Partner for ``audience="partner"``.
    layout : {"auto", "fr", "kk", "circle"}
        igraph layout for the positions (see :func:`netwerk.viz.layout.compute_layout`).
    seed : int
        Seed of the layout: same network and seed, same file.
    max_nodes : int
        Above this many nodes the map shows the neighbourhood of the vital nodes and says in the
        page what it left out (see :func:`select_nodes`).
    title : str, optional
        Page title (default: the case name from ``net.meta`` or "netwerk map").
    highlight_top : int
        How many of the most vital nodes get a red ring.

    Returns
    -------
    MapResult

    Raises
    ------
    LeakError
        If any string the map would show looks like a raw identifier (:mod:`netwerk.viz.guard`).
    ConfigError
        For an unknown audience, or a partner that supplied nothing to the network.

    Examples
    --------
    >>> from netwerk import datasets
    >>> import tempfile, os
    >>> res = write_map(datasets.karate(), os.path.join(tempfile.mkdtemp(), "karate.html"))
    >>> res.n_nodes_shown, res.physics
    (34, True)
    """
    page, res = render_map(
        net, vital=vital, candidates=candidates, key_players=key_players, audience=audience,
        partner=partner, layout=layout, seed=seed, max_nodes=max_nodes, title=title,
        highlight_top=highlight_top,
    )
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    log.info("wrote map %s (%d of %d nodes)", out, res.n_nodes_shown, res.n_nodes_total)
    return MapResult(path=out, n_nodes_shown=res.n_nodes_shown, n_nodes_total=res.n_nodes_total,
                     left_out=res.left_out, audience=res.audience, n_edges_shown=res.n_edges_shown,
                     physics=res.physics)


def show_map(net: Network, *, height: int = 650, **kwargs: Any):
    """The map inline in JupyterLab: an ``IPython.display.HTML`` sandboxed iframe.

    The iframe's ``srcdoc`` holds the same self-contained page as :func:`write_map` (attribute-
    escaped), with ``sandbox="allow-scripts"`` so the map cannot reach the notebook. Keyword
    arguments are those of :func:`write_map`.
    """
    from IPython.display import HTML

    page, _ = render_map(net, **kwargs)
    return HTML(
        f'<div class="netwerk-map"><iframe sandbox="allow-scripts" '
        f'style="width:100%;height:{int(height)}px;border:0" '
        f'srcdoc="{html.escape(page, quote=True)}"></iframe></div>'
    )
