"""Visual vocabulary shared by the map, the static SVG and the exports: colours, shapes, edge styles.

One place decides how a node kind or relation kind looks, so the HTML map, the report's small SVG
drawing and the GEXF export (Gephi colours) agree.
"""

from __future__ import annotations

__all__ = [
    "NODE_STYLES",
    "RELATION_STYLES",
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

#: Relation kind -> colour and line style. Registered, formal ties (trade register, land registry,
#: population register) are solid; observed or intelligence ties (police, transactions, calls)
#: are dashed; identity links are dotted.
RELATION_STYLES: dict[str, dict[str, str]] = {
    "director_of": {"color": "#4e79a7", "line": "solid", "group": "legal structure"},
    "shareholder_of": {"color": "#4e79a7", "line": "solid", "group": "legal structure"},
    "proxy_of": {"color": "#4e79a7", "line": "solid", "group": "legal structure"},
    "employed_by": {"color": "#4e79a7", "line": "solid", "group": "legal structure"},
    "owns": {"color": "#59a14f", "line": "solid", "group": "ownership / location"},
    "rents": {"color": "#59a14f", "line": "solid", "group": "ownership / location"},
    "registered_at": {"color": "#59a14f", "line": "solid", "group": "ownership / location"},
    "established_at": {"color": "#59a14f", "line": "solid", "group": "ownership / location"},
    "located_at": {"color": "#59a14f", "line": "solid", "group": "ownership / location"},
    "holds_permit": {"color": "#9c755f", "line": "solid", "group": "permits"},
    "co_suspect": {"color": "#e15759", "line": "dashed", "group": "observed / intelligence"},
    "calls": {"color": "#b07aa1", "line": "dashed", "group": "observed / intelligence"},
    "uses": {"color": "#f28e2b", "line": "dashed", "group": "observed / intelligence"},
    "transacts_with": {"color": "#b6992d", "line": "dashed", "group": "money"},
    "family_of": {"color": "#ff9da7", "line": "dashed", "group": "social"},
    "same_as": {"color": "#8c8c8c", "line": "dotted", "group": "identity link"},
}
_OTHER_REL = {"color": "#7f7f7f", "line": "solid", "group": "other"}

VITAL_COLOUR = "#d62728"
KEY_PLAYER_COLOUR = "#111111"


def node_style(kind: str) -> dict[str, str]:
    """Colour and shape of a node kind (grey dot for kinds the model does not know)."""
    return NODE_STYLES.get(str(kind), _OTHER_NODE)


def relation_style(kind: str) -> dict[str, str]:
    """Colour, line style and group of a relation kind (grey solid line for unknown kinds)."""
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
