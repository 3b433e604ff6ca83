"""The Network: igraph core plus node and edge tables, filters, projections."""

from .network import PROVENANCE_COLUMNS, Network

__all__ = ["Network", "PROVENANCE_COLUMNS"]
