"""Presenting networks: offline interactive HTML maps, audience profiles, exports for Gephi / i2,
and small static SVG drawings for reports.

Examples
--------
::

    import netwerk as nw
    nw.viz.write_map(net, "case.html", vital=v, audience="case-meeting")
    nw.viz.export(net, "case.gexf", format="gexf", vital=v)
"""

from __future__ import annotations

from .export import EXPORT_FORMATS, PreparedExport, entity_table, export, link_table, prepare_export
from .guard import check_no_raw_identifiers, find_raw_identifiers
from .layout import LAYOUTS, compute_layout
from .maps import MapResult, render_map, select_nodes, show_map, write_map
from .profiles import Audience, load_audience, visible_attributes
from .svg import network_svg

__all__ = [
    "write_map",
    "show_map",
    "render_map",
    "MapResult",
    "select_nodes",
    "export",
    "prepare_export",
    "PreparedExport",
    "EXPORT_FORMATS",
    "entity_table",
    "link_table",
    "network_svg",
    "Audience",
    "load_audience",
    "visible_attributes",
    "compute_layout",
    "LAYOUTS",
    "find_raw_identifiers",
    "check_no_raw_identifiers",
]
