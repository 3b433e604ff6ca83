"""Opening a case store and reading and writing its small tables.

A case store is one DuckDB file per case. Open it with :func:`connect` as a context manager; all
SQL is parameterised, bulk data goes in as registered DataFrames (``INSERT ... SELECT``).

Examples
--------
>>> import tempfile, os
>>> path = os.path.join(tempfile.mkdtemp(), "case.duckdb")
>>> with connect(path) as con:
...     set_info(con, "crime_type", "cannabis")
>>> with connect(path, read_only=True) as con:
...     get_info(con)["crime_type"]
'cannabis'
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from ..errors import Reason, StoreError
from ..i18n import _
from .schema import check_schema, create_schema

__all__ = ["connect", "is_duckdb_file", "content_sha256", "get_info", "set_info", "read_table", "insert_frame",
           "next_id"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())


@contextmanager
def connect(path: str | Path, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open (and, when writable, create) a case store.

    Parameters
    ----------
    path : str or Path
        The case file (``CASE.duckdb``).
    read_only : bool
        Open read-only; the file must exist.

    Yields
    ------
    duckdb.DuckDBPyConnection
        Closed when the block ends.

    Raises
    ------
    StoreError
        If the file is missing (read-only), not a case store, or from a newer netwerk.
    """
    p = Path(path)
    if read_only and not p.exists():
        raise StoreError(_("casusopslag niet gevonden"), reason=Reason.FILE_NOT_FOUND, file=str(p))
    if not read_only and p.parent and not p.parent.is_dir():
        block = next((d for d in (p.parent, *p.parent.parents) if d.exists()), None)
        if block is not None and not block.is_dir():  # `--case README/c.duckdb`
            raise StoreError(_("{blok} is een bestand, geen map (in {pad})", blok=str(block),
                               pad=str(p)), file=str(p))
        raise StoreError(_("de map van de casusopslag bestaat niet"), file=str(p))
    if p.exists() and not is_duckdb_file(p, empty_ok=not read_only):
        raise StoreError(_not_a_store(), file=str(p))
    try:
        con = duckdb.connect(str(p), read_only=read_only)
    except duckdb.Error as exc:
        raise StoreError(store_error_message(exc), file=str(p)) from exc
    try:
        # DuckDB opens a .csv/.json/.parquet path (also a new or empty one) as an in-memory
        # database with a view on the file: what is written there is lost without a word
        (where,) = con.execute("SELECT path FROM duckdb_databases() "
                               "WHERE database_name = current_database()").fetchone()
        if not where:
            raise StoreError(_not_a_store(), file=str(p))
        if not read_only:
            create_schema(con)
        check_schema(con, path=str(p))
        yield con
    finally:
        con.close()


def _not_a_store() -> str:  # in the language current where it is raised
    return _("geen casusopslag van netwerk (geen DuckDB-databasebestand)")


def is_duckdb_file(path: str | Path, *, empty_ok: bool = False) -> bool:
    """Whether an existing file is a DuckDB database file, by its header (bytes 8-11 are
    ``DUCK``), whatever its suffix. A directory is not; an empty file is one only with
    ``empty_ok`` (DuckDB makes a new database in it).

    Examples
    --------
    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> csv = os.path.join(folder, "p.duckdb")
    >>> _ = open(csv, "w").write("bsn,naam\\n")
    >>> is_duckdb_file(csv)
    False
    >>> db = os.path.join(folder, "c.duckdb")
    >>> duckdb.connect(db).close()
    >>> is_duckdb_file(db)
    True
    """
    p = Path(path)
    if not p.is_file():
        return False
    try:
        with p.open("rb") as fh:
            head = fh.read(12)
    except OSError:
        return True  # let DuckDB say what is wrong (permission, lock)
    if not head:
        return empty_ok
    return head[8:12] == b"DUCK"


def store_error_message(exc: BaseException) -> str:
    """What a DuckDB error opening a case store means, in words for the user (never DuckDB's
    own message, which can hold paths and internals).

    Examples
    --------
    >>> store_error_message(duckdb.IOException('Could not set lock on file "x": Conflicting lock'))
    'een ander netwerk-proces gebruikt deze casus; probeer het opnieuw als dat klaar is'
    >>> store_error_message(duckdb.IOException("not a valid DuckDB database file"))
    'geen casusopslag van netwerk (geen DuckDB-databasebestand)'
    """
    text = str(exc).lower()
    if "lock" in text:
        return _("een ander netwerk-proces gebruikt deze casus; probeer het opnieuw als dat klaar is")
    if "not a valid duckdb" in text or "database file" in text or "magic" in text:
        return _not_a_store()
    if "version" in text or "serializ" in text:
        return _("de casusopslag is geschreven met een andere DuckDB-versie; open hem met de "
                 "netwerk-versie die hem schreef")
    if "not a directory" in text:
        return _("een deel van het pad is een bestand, geen map")
    if "no such file or directory" in text:
        return _("de map van de casusopslag bestaat niet")
    if "in-memory" in text:  # DuckDB's reading of a .csv/.json given as a database
        return _not_a_store()
    if "permission" in text or "read-only" in text:
        return _("geen toestemming om de casusopslag te openen")
    return _("kan de casusopslag niet openen ({soort})", soort=type(exc).__name__)


def get_info(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """All ``case_info`` entries as a dict."""
    return dict(con.execute("SELECT key, value FROM case_info ORDER BY key").fetchall())


def set_info(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    """Set one ``case_info`` entry (insert or replace)."""
    con.execute(
        "INSERT INTO case_info VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, str(value)],
    )


_ORDER = {
    "imports": "import_id",
    "nodes": "node_id",
    "node_sightings": "import_id, node_id",
    "node_attributes": "import_id, node_id, attribute, value",
    "relations": "relation_id",
    "identity_links": "import_id, node_a, node_b",
    "rejects": 'import_id, "row", "column"',
    "interventions": "intervention_id",
    "case_info": "key",
    "case_record": "version",
    "access_log": "entry_id",
    "decisions": "decision_id",
    "annotations": "annotation_id",
}


def read_table(con: duckdb.DuckDBPyConnection, table: str) -> pd.DataFrame:
    """A whole store table as a DataFrame, in a stable order."""
    if table not in _ORDER:
        raise StoreError(_("onbekende tabel '{tabel}' in de casusopslag (bekend: {bekend})", tabel=table,
                           bekend=", ".join(_ORDER)))
    return con.execute(f"SELECT * FROM {table} ORDER BY {_ORDER[table]}").df()


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame | pa.Table, *,
                 distinct: bool = False, constants: dict[str, object] | None = None) -> int:
    """Bulk-insert a DataFrame (or Arrow table) whose columns are named like the table's columns.

    The frame is handed to DuckDB as an Arrow table (zero-copy for pandas' Arrow-backed strings)
    and inserted with one ``INSERT ... SELECT`` (``SELECT DISTINCT`` with ``distinct=True``).
    ``constants`` (column -> value) fill columns that are the same on every row as query
    parameters, so they are never materialised per row.

    Returns the number of rows inserted.
    """
    arrow = frame if isinstance(frame, pa.Table) else None
    columns = list(arrow.column_names if arrow is not None else frame.columns)
    if (arrow.num_rows if arrow is not None else len(frame)) == 0 or not columns:
        return 0
    constants = constants or {}
    names = [*columns, *constants]
    cols = ", ".join(f'"{c}"' for c in names)
    select = ", ".join([*(f'"{c}"' for c in columns), *("?" for _ in constants)])
    # a replacement scan of this local variable: unlike ``con.register``, it does not keep the
    # rows alive until the end of an open transaction (an import writes many frames in one)
    _netwerk_rows = arrow if arrow is not None else pa.Table.from_pandas(frame, preserve_index=False)
    rows = con.execute(f"INSERT INTO {table} ({cols}) SELECT {'DISTINCT ' if distinct else ''}"
                       f"{select} FROM _netwerk_rows", list(constants.values())).fetchall()
    del _netwerk_rows
    return int(rows[0][0]) if rows else len(frame)


def next_id(con: duckdb.DuckDBPyConnection, table: str, column: str) -> int:
    """The next free integer id of ``table.column`` (1 when empty)."""
    (mx,) = con.execute(f"SELECT coalesce(max({column}), 0) FROM {table}").fetchall()[0]
    return int(mx) + 1


#: Tables a read of the case writes to: left out of :func:`content_sha256`.
READ_LOG_TABLES = ("access_log",)


def content_sha256(con: duckdb.DuckDBPyConnection) -> str:
    """A SHA-256 of what a case store holds, the same for the same content whatever the file's
    bytes: every table of :data:`~netwerk.store.schema.TABLES` but the access log (which every
    read appends to), in name order, as ``name``, row count and the sum of DuckDB's 64-bit
    ``hash`` of each row (so neither the row order nor the file's layout, checkpoints and free
    pages count). About 0.1 s for 1.5M relations.

    This is what provenance records name as the case store input: two outputs made from the same
    case content carry the same value, also when the case was read (and its access log grew) in
    between. It detects changed data; it is not a seal against deliberate forgery (the access
    log's hash chain, :mod:`netwerk.governance.access`, is that), and a DuckDB release that
    changes its ``hash`` function changes it (the DuckDB version is in the same record).

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        An open case store (read-only is enough).

    Returns
    -------
    str
        64 lowercase hex digits.

    Examples
    --------
    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "c.duckdb")
    >>> with connect(path) as con:
    ...     before = content_sha256(con)
    ...     _ = con.execute("INSERT INTO access_log VALUES (1, now(), 'a', 'read', NULL, NULL, "
    ...                 "NULL, NULL, NULL, NULL, '', '')")
    ...     same = content_sha256(con) == before
    ...     set_info(con, "crime_type", "cannabis")
    ...     changed = content_sha256(con) != before
    >>> same, changed, len(before)
    (True, True, 64)
    """
    import hashlib

    from .schema import TABLES

    lines = []
    for name in sorted(TABLES):
        if name in READ_LOG_TABLES:
            continue
        n, h = con.execute(
            f"SELECT count(*), coalesce(sum(hash(t)::HUGEINT), 0) FROM {name} t").fetchone()
        lines.append(f"{name}\t{n}\t{h}\n")
    return hashlib.sha256("".join(lines).encode("ascii")).hexdigest()
