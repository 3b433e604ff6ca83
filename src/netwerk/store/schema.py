"""The case store schema: one DuckDB file per case.

Tables (see ``docs/architecture.md``):

* ``case_info(key, value)`` — schema version, key fingerprint, crime type, case name.
* ``imports`` — one row per ingested extract: file SHA-256, spec, partner, key fingerprint,
  time, the reconciled counts and whether the leak guard was overridden.
* ``nodes(node_id, kind, label)`` — one row per pseudonym.
* ``node_sightings(node_id, partner, import_id)`` — which partner's import mentions which node
  (the basis of the ``partners`` column and of match rates).
* ``node_attributes(node_id, attribute, value, value_type, restricted, partner, import_id)`` —
  which partner said what about a node; ``restricted`` values are only for the supplying partner
  (``AttributeMap.restricted``).
* ``relations`` — one row per relation record with full provenance.
* ``identity_links(node_a, node_b, partner, import_id)`` — two pseudonyms of one subject seen on one
  record (e.g. a BSN pseudonym and a name + birth-date pseudonym).
* ``rejects(import_id, file, row, column, reason, detail)`` — rows that were not used, and why.
* ``interventions`` — the intervention log (see :mod:`netwerk.store.interventions`).
* ``case_record`` — the lawful-use record of the case (purpose, legal basis, start decision,
  partners, classification, retention, status; see :mod:`netwerk.governance.record`). One row per
  version; the latest is current.
* ``access_log`` — append-only, hash-chained log of every read of the case and every output written
  from it (who, when, what, edition, recipient, SHA-256; :mod:`netwerk.governance.access`).
* ``decisions`` — the human decisions taken on the case (:mod:`netwerk.governance.decisions`).
* ``annotations`` — analysts' notes on nodes, written on the map and imported with
  ``netwerk annotate import`` (see :mod:`netwerk.annotations`).
"""

from __future__ import annotations

import duckdb

from ..errors import StoreError
from ..i18n import _

__all__ = ["SCHEMA_VERSION", "TABLES", "create_schema", "check_schema"]

#: How the columns that hold pseudonyms are stored (``{PSEUDONYM}`` in :data:`TABLES`).
#: Pseudonyms are random hex, one distinct value per node: DuckDB's default string compression
#: (dictionary + FSST) halves them at ~0.25 s of CPU per million values written, a fifth of the
#: CPU of an import (``benchmarks/README.md``, "Session 6"); stored plain they take 1.8x the disk
#: and read back 20-30 % faster. Every other column keeps DuckDB's own choice.
PSEUDONYM_STORAGE = "USING COMPRESSION uncompressed"

#: Bump when the table layout changes; stores with a newer version are refused.
SCHEMA_VERSION = 1

TABLES: dict[str, str] = {
    "case_info": """
        key   VARCHAR PRIMARY KEY,
        value VARCHAR
    """,
    "imports": """
        import_id       INTEGER PRIMARY KEY,
        file_name       VARCHAR NOT NULL,
        file_sha256     VARCHAR NOT NULL,
        spec_name       VARCHAR NOT NULL,
        spec_sha256     VARCHAR NOT NULL,
        partner         VARCHAR NOT NULL,
        key_fingerprint VARCHAR,
        imported_at     TIMESTAMP NOT NULL,
        rows_read       BIGINT NOT NULL,
        rows_used       BIGINT NOT NULL,
        duplicates      BIGINT NOT NULL,
        rejects         BIGINT NOT NULL,
        relations_already_stored BIGINT DEFAULT 0,
        relations_repeated BIGINT DEFAULT 0,
        identity_conflicts BIGINT DEFAULT 0,
        leak_override   BOOLEAN NOT NULL,
        leak_findings   VARCHAR,
        status          VARCHAR NOT NULL
    """,
    "nodes": """
        node_id VARCHAR NOT NULL {PSEUDONYM},
        kind    VARCHAR NOT NULL,
        label   VARCHAR NOT NULL {PSEUDONYM}
    """,
    "node_sightings": """
        node_id   VARCHAR NOT NULL {PSEUDONYM},
        partner   VARCHAR NOT NULL,
        import_id INTEGER NOT NULL
    """,
    "node_attributes": """
        node_id    VARCHAR NOT NULL {PSEUDONYM},
        attribute  VARCHAR NOT NULL,
        value      VARCHAR,
        value_type VARCHAR NOT NULL,
        restricted BOOLEAN NOT NULL DEFAULT false,
        partner    VARCHAR NOT NULL,
        import_id  INTEGER NOT NULL
    """,
    "relations": """
        relation_id         BIGINT NOT NULL,
        source              VARCHAR NOT NULL {PSEUDONYM},
        target              VARCHAR NOT NULL {PSEUDONYM},
        kind                VARCHAR NOT NULL,
        directed            BOOLEAN NOT NULL,
        partner             VARCHAR NOT NULL,
        import_id           INTEGER NOT NULL,
        extract             VARCHAR NOT NULL,
        "row"               BIGINT,
        observed            DATE,
        valid_from          DATE,
        valid_to            DATE,
        grading_scheme      VARCHAR,
        grading_source      VARCHAR,
        grading_information VARCHAR,
        grading_score       DOUBLE NOT NULL,
        legal_basis         VARCHAR,
        weight              DOUBLE NOT NULL,
        attributes          VARCHAR
    """,
    "identity_links": """
        node_a    VARCHAR NOT NULL {PSEUDONYM},
        node_b    VARCHAR NOT NULL {PSEUDONYM},
        partner   VARCHAR NOT NULL,
        import_id INTEGER NOT NULL
    """,
    "rejects": """
        import_id INTEGER NOT NULL,
        file      VARCHAR NOT NULL,
        "row"     BIGINT,
        "column"  VARCHAR,
        reason    VARCHAR NOT NULL,
        detail    VARCHAR
    """,
    "interventions": """
        intervention_id INTEGER PRIMARY KEY,
        action_id       VARCHAR NOT NULL,
        target          VARCHAR,
        partner         VARCHAR,
        date            DATE,
        status          VARCHAR NOT NULL,
        result          VARCHAR,
        notes           VARCHAR,
        recorded_at     TIMESTAMP NOT NULL
    """,
    "case_record": """
        version          INTEGER PRIMARY KEY,
        case_name        VARCHAR NOT NULL,
        purpose          VARCHAR,
        public_interest  VARCHAR,
        legal_basis      VARCHAR,
        partner_grounds  VARCHAR,
        start_by         VARCHAR,
        start_on         DATE,
        start_reason     VARCHAR,
        partners         VARCHAR,
        classification   VARCHAR NOT NULL,
        retention_until  DATE,
        status           VARCHAR NOT NULL,
        training         BOOLEAN NOT NULL,
        recorded_by      VARCHAR NOT NULL,
        recorded_at      TIMESTAMP NOT NULL
    """,
    "access_log": """
        entry_id    INTEGER PRIMARY KEY,
        logged_at   TIMESTAMP NOT NULL,
        analyst     VARCHAR NOT NULL,
        action      VARCHAR NOT NULL,
        command     VARCHAR,
        what        VARCHAR,
        edition     VARCHAR,
        recipient   VARCHAR,
        path        VARCHAR,
        sha256      VARCHAR,
        prev_hash   VARCHAR NOT NULL,
        entry_hash  VARCHAR NOT NULL
    """,
    "decisions": """
        decision_id   INTEGER PRIMARY KEY,
        decided_by    VARCHAR NOT NULL,
        decided_on    DATE NOT NULL,
        decision      VARCHAR NOT NULL,
        alternatives  VARCHAR,
        reasons       VARCHAR NOT NULL,
        reservations  VARCHAR,
        recorded_by   VARCHAR NOT NULL,
        recorded_at   TIMESTAMP NOT NULL
    """,
    "annotations": """
        annotation_id INTEGER PRIMARY KEY,
        node_id       VARCHAR NOT NULL,
        text          VARCHAR NOT NULL,
        written_at    TIMESTAMP,
        source        VARCHAR,
        map_title     VARCHAR,
        imported_at   TIMESTAMP NOT NULL
    """,
}


#: (table, column, type) added to :data:`TABLES` since schema version 1 was first written
_ADDED_COLUMNS = (("imports", "relations_already_stored", "BIGINT DEFAULT 0"),
                  ("imports", "identity_conflicts", "BIGINT DEFAULT 0"),
                  ("imports", "relations_repeated", "BIGINT DEFAULT 0"))


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table that does not exist yet and record the schema version.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        An open, writable connection.
    """
    for name, cols in TABLES.items():
        try:
            con.execute(f"CREATE TABLE IF NOT EXISTS {name} "
                        f"({cols.replace('{PSEUDONYM}', PSEUDONYM_STORAGE)})")
        except duckdb.ParserException:  # a DuckDB without per-column compression: its default
            con.execute(f"CREATE TABLE IF NOT EXISTS {name} ({cols.replace('{PSEUDONYM}', '')})")
    # columns added after schema version 1 was first written (a store of an earlier netwerk
    # gets them when it is next opened for writing; a read-only open does without)
    for table, column, typ in _ADDED_COLUMNS:
        con.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {typ}")
    con.execute(
        "INSERT INTO case_info VALUES ('schema_version', ?) ON CONFLICT (key) DO NOTHING",
        [str(SCHEMA_VERSION)],
    )


def check_schema(con: duckdb.DuckDBPyConnection, *, path: str) -> int:
    """Return the store's schema version; raise :class:`StoreError` if it is not a case store
    or was written by a newer netwerk."""
    try:
        rows = con.execute("SELECT value FROM case_info WHERE key = 'schema_version'").fetchall()
        row = rows[0] if rows else None
    except duckdb.CatalogException as exc:
        raise StoreError(_("geen casusopslag van netwerk (geen tabel case_info)"), file=path) from exc
    if row is None:
        raise StoreError(_("geen casusopslag van netwerk (geen schemaversie)"), file=path)
    version = int(row[0])
    if version > SCHEMA_VERSION:
        raise StoreError(
            _("de casusopslag heeft schemaversie {versie}; deze versie van netwerk kent "
              "schemaversies tot en met {hoogste}: werk netwerk bij", versie=version,
              hoogste=SCHEMA_VERSION),
            file=path,
        )
    return version
