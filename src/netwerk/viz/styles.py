"""Visual vocabulary shared by the map, the static SVG and the exports: colours, shapes, edge styles.

One place decides how a node kind or relation kind looks, so the HTML map, the report's small SVG
drawing and the GEXF export (Gephi colours) agree.
"""

from __future__ import annotations

from ..i18n import N_

__all__ = [
    "NODE_STYLES",
    "RELATION_STYLES",
    "RELATION_FAMILIES",
    "RELATION_FAMILY",
    "PACKAGE_COLOUR",
    "node_style",
    "relation_style",
    "hex_to_rgb",
    "VITAL_COLOUR",
    "KEY_PLAYER_COLOUR",
]

#: Node kind -> colour (Tableau 10, colour-blind friendly order) and vis-network shape. Shapes are
#: those vis-network draws with the label below the symbol, except ``box`` (label inside).
NODE_STYLES: dict[str, dict[str, str]] = {
    "person": {"color": "#e15759", "shape": "dot"},
    "company": {"color": "#4e79a7", "shape": "square"},
    "property": {"color": "#59a14f", "shape": "triangle"},
    "address": {"color": "#76b7b2", "shape": "triangleDown"},
    "vehicle": {"color": "#f28e2b", "shape": "hexagon"},
    "phone": {"color": "#b07aa1", "shape": "star"},
    "account": {"color": "#edc948", "shape": "diamond"},
    "permit": {"color": "#9c755f", "shape": "box"},
}
_OTHER_NODE = {"color": "#8c8c8c", "shape": "dot"}

#: Relation families: one colour and one dash pattern each, so a reader who cannot tell the colours
#: apart still tells the families apart by the line (vis-network / SVG ``dasharray``; ``[]`` =
#: solid). Registered, formal ties are solid or long-dashed; observed or intelligence ties short-
#: dashed; money dash-dotted; identity links dotted. ``label`` is a Dutch message id.
RELATION_FAMILIES: dict[str, dict] = {
    "legal": {"label": N_("juridische structuur"), "color": "#4e79a7", "dashes": []},
    "place": {"label": N_("eigendom en locatie"), "color": "#59a14f", "dashes": [12, 5]},
    "permit": {"label": N_("vergunningen"), "color": "#9c755f", "dashes": [10, 3, 2, 3]},
    "observed": {"label": N_("waarnemingen en informatie"), "color": "#e15759", "dashes": [4, 4]},
    "money": {"label": N_("geldstromen"), "color": "#b6992d", "dashes": [10, 3, 2, 3, 2, 3]},
    "social": {"label": N_("familie en sociaal"), "color": "#ff9da7", "dashes": [2, 2]},
    "identity": {"label": N_("identiteitskoppeling"), "color": "#8c8c8c", "dashes": [1, 6]},
    "other": {"label": N_("overig"), "color": "#7f7f7f", "dashes": [6, 2, 1, 2]},
}

#: Relation kind -> family.
RELATION_FAMILY: dict[str, str] = {
    "director_of": "legal", "shareholder_of": "legal", "proxy_of": "legal", "employed_by": "legal",
    "owns": "place", "rents": "place", "registered_at": "place", "established_at": "place",
    "located_at": "place", "holds_permit": "permit", "co_suspect": "observed", "calls": "observed",
    "uses": "observed", "transacts_with": "money", "family_of": "social", "same_as": "identity",
}


def _line(dashes: list[int]) -> str:
    if not dashes:
        return "solid"
    return "dotted" if max(dashes) <= 2 or dashes == [1, 6] else "dashed"


#: Relation kind -> colour, line style (``solid``/``dashed``/``dotted``), dash pattern and family.
RELATION_STYLES: dict[str, dict] = {
    k: {"color": RELATION_FAMILIES[f]["color"], "line": _line(RELATION_FAMILIES[f]["dashes"]),
        "dashes": list(RELATION_FAMILIES[f]["dashes"]), "group": f}
    for k, f in RELATION_FAMILY.items()
}
_OTHER_REL = {"color": RELATION_FAMILIES["other"]["color"], "line": "dashed",
              "dashes": list(RELATION_FAMILIES["other"]["dashes"]), "group": "other"}

#: Ring of the most vital nodes: black, with a black rank badge; no node kind uses black, and the
#: ring is told apart by its width and the badge, not by hue (colour-blind readers).
VITAL_COLOUR = "#000000"
#: Ring of key players: dashed, dark violet-grey (no kind colour).
KEY_PLAYER_COLOUR = "#5b2c6f"
#: Marker of nodes targeted by the package (a white-on-dark "pakket" flag).
PACKAGE_COLOUR = "#1b3a5c"

def node_style(kind: str) -> dict[str, str]:
    """Colour and shape of a node kind (grey dot for kinds the model does not know)."""
    return NODE_STYLES.get(str(kind), _OTHER_NODE)


def relation_style(kind: str) -> dict:
    """Colour, line style, dash pattern and family of a relation kind (grey dash-dot for unknown
    kinds).

    Examples
    --------
    >>> relation_style("co_suspect")["dashes"], relation_style("director_of")["line"]
    ([4, 4], 'solid')
    """
    return RELATION_STYLES.get(str(kind), _OTHER_REL)


def hex_to_rgb(colour: str) -> tuple[int, int, int]:
    """``"#4e79a7"`` -> ``(78, 121, 167)``.

    Examples
    --------
    >>> hex_to_rgb("#4e79a7")
    (78, 121, 167)
    """
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)
