"""Lawful use under the WGS: case record, editions per recipient, marking, access log, retention
and purge, human decisions, model versions and key custody.

The pieces (one module each):

* :mod:`~netwerk.governance.record` — the case record and :func:`check_lawful`, the gate every
  analysis passes;
* :mod:`~netwerk.governance.editions` — need-to-know editions (casusoverleg, stuurgroep,
  partner:NAME, private:NAME) as pure functions over node, edge, plan and candidate tables;
* :mod:`~netwerk.governance.marking` — classification marking and the human-decision statement on
  every output;
* :mod:`~netwerk.governance.access` — the append-only, hash-chained access and export log and the
  recipient register;
* :mod:`~netwerk.governance.decisions` — the human decision record;
* :mod:`~netwerk.governance.purge` — retention and purge with a tombstone;
* :mod:`~netwerk.governance.models` — weights versions and RIEC approval;
* :mod:`~netwerk.governance.keys` — key custody (warn when the key is where it is not needed);
* :mod:`~netwerk.governance.sources` — the partner records behind each link of a plan's target;
* :mod:`~netwerk.governance.session` — :func:`govern`, one governed run of a command.

Principle served: *dedicated teamplay* and *room for the good conversation* — partners share only
what each may see, and every decision stays a human one, on record.
"""

from __future__ import annotations

from .access import (
    ACTION_LABELS,
    log_access,
    log_output,
    log_outputs,
    read_access_log,
    recipient_register,
    recorded_outputs,
    verify_access_log,
)
from .decisions import read_decisions, record_decision
from .editions import (
    EDITION_KINDS,
    HIDDEN,
    MASKED_SOURCE,
    Edition,
    EditionPolicy,
    bind_edition,
    derived_terms,
    edition_candidates,
    edition_log,
    edition_matrix,
    edition_network,
    edition_nodes,
    edition_plan,
    edition_vital,
    hidden_attribute_values,
    known_to,
    load_policy,
    mask_edge_provenance,
    parse_edition,
    restricted_partners,
    scrub_table,
    scrub_text,
    store_partners,
)
from .keys import KEY_ENV, key_needed, warn_key_not_needed
from .marking import (
    DECISION_STATEMENT_EN,
    DECISION_STATEMENT_NL,
    decision_statement,
    is_marked,
    mark_file,
    marking_text,
    read_marked_csv,
)
from .models import ModelVersion, load_model_version, model_version
from .purge import PurgeCheck, Tombstone, purge_case, purge_check, tombstone_path
from .record import (
    CLASSIFICATIONS,
    CaseRecord,
    LawfulUseError,
    check_lawful,
    close_case,
    current_analyst,
    init_case,
    is_lawful,
    read_case_record,
    write_case_record,
)
from .session import Governance, govern, govern_many
from .sources import SOURCE_COLUMNS, source_records, source_summary

__all__ = [
    "ACTION_LABELS",
    "CLASSIFICATIONS",
    "DECISION_STATEMENT_EN",
    "DECISION_STATEMENT_NL",
    "EDITION_KINDS",
    "HIDDEN",
    "KEY_ENV",
    "MASKED_SOURCE",
    "SOURCE_COLUMNS",
    "CaseRecord",
    "Edition",
    "EditionPolicy",
    "Governance",
    "LawfulUseError",
    "ModelVersion",
    "PurgeCheck",
    "Tombstone",
    "check_lawful",
    "close_case",
    "current_analyst",
    "decision_statement",
    "derived_terms",
    "edition_candidates",
    "edition_log",
    "edition_matrix",
    "edition_network",
    "edition_nodes",
    "edition_plan",
    "edition_vital",
    "govern",
    "govern_many",
    "hidden_attribute_values",
    "init_case",
    "is_lawful",
    "is_marked",
    "key_needed",
    "known_to",
    "load_model_version",
    "load_policy",
    "log_access",
    "log_output",
    "log_outputs",
    "mark_file",
    "marking_text",
    "mask_edge_provenance",
    "model_version",
    "parse_edition",
    "bind_edition",
    "store_partners",
    "purge_case",
    "purge_check",
    "read_access_log",
    "read_case_record",
    "read_decisions",
    "read_marked_csv",
    "recipient_register",
    "record_decision",
    "recorded_outputs",
    "restricted_partners",
    "scrub_table",
    "source_records",
    "source_summary",
    "scrub_text",
    "tombstone_path",
    "verify_access_log",
    "warn_key_not_needed",
    "write_case_record",
]
