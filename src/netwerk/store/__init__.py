"""The case store: one DuckDB file per case (imports, nodes, attributes, relations with
provenance, identity links, rejects, intervention log), and loading a Network from it."""

from __future__ import annotations

from .casestore import (
    connect,
    content_sha256,
    get_info,
    insert_frame,
    next_id,
    read_table,
    set_info,
)
from .identity import PREFIX_PRIORITY, alias_map, key_kind, match_rates, resolve_identities
from .interventions import INTERVENTION_FIELDS, read_interventions, record_intervention
from .load import case_summary, load_network
from .schema import SCHEMA_VERSION, TABLES, check_schema, create_schema

__all__ = [
    "INTERVENTION_FIELDS",
    "PREFIX_PRIORITY",
    "SCHEMA_VERSION",
    "TABLES",
    "alias_map",
    "case_summary",
    "check_schema",
    "content_sha256",
    "create_schema",
    "get_info",
    "insert_frame",
    "key_kind",
    "load_network",
    "match_rates",
    "next_id",
    "connect",
    "read_interventions",
    "read_table",
    "record_intervention",
    "resolve_identities",
    "set_info",
]
