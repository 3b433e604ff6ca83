"""Read an analyst's edge list and node table (CSV) under the partner-export reading rules.

``netwerk analyse EDGES.csv [--nodes NODES.csv]`` and :meth:`Network.from_csv` read their files
with the partner readers themselves (:func:`netwerk.ingest.readers.read_table`, with an extract
spec made on the spot that names no identifier), so an edge list follows the same rules as a
partner export, not a second set:

- a byte-order mark decides the encoding (Excel "CSV UTF-8", UTF-16 "Unicode text"); valid UTF-8
  is UTF-8, else cp1252;
- the delimiter is the one of ``; , tab |`` on which the header splits into the named columns;
- invisible characters (zero-width, soft hyphen, no-break space) are removed from header names
  (and from ids, :meth:`Network.from_edges`), case is ignored when matching them;
- one record per physical line (a quoted field may span lines only when it closes); a record
  with another field count than the header is a reject naming its line and both counts, never
  realigned (more than half of them: the file is refused); a last line cut short is a reject;
  an unclosed quote refuses the file naming its line;
- a repeated header line is skipped and counted, blank lines and lines of only delimiters are
  counted as empty.

Every row read is accounted for: ``rows_read = relations analysed + self-loops + rejected +
empty + repeated headers`` (:meth:`Network.record_counts`). Weights written with a decimal comma
(``1,5``) are read as the column shows (:meth:`Network.from_edges`, ``decimal``).

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "e.csv"
>>> _ = p.write_bytes(b"\\xef\\xbb\\xbfbron;doel;gewicht\\r\\nA;B;1,5\\r\\nbron;doel;gewicht\\r\\n"
...                   b"B;C;2;x\\r\\nC;D;0,5\\r\\n")
>>> net = read_network(p, source="bron", target="doel", weight="gewicht")
>>> sorted(net.node_ids), net.edges["weight"].tolist()
(['A', 'B', 'C', 'D'], [1.5, 0.5])
>>> c = net.record_counts()
>>> c["rows_read"], c["rejected"], c["repeated_headers"], c["relations_analysed"]
(4, {'field_count': 1}, 1, 2)
"""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from ..errors import InputError, NetwerkError, Reason
from ..i18n import N_, _
from ..ingest.readers import (
    HEADER_SEARCH_ROWS,
    ROW_COLUMN,
    clean_invisible,
    read_table,
    sniff_encoding,
)
from ..ingest.spec import ExtractSpec
from ..privacy import mask_name
from .network import Network

__all__ = ["read_network", "read_rows", "sniff_delimiter"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

#: the delimiters the partner readers try (:mod:`netwerk.ingest.readers`), in their order
DELIMITERS = (";", ",", "\t", "|")


def sniff_delimiter(path: str | Path, columns: list[str]) -> str:
    """The delimiter of ``; , tab |`` on which a header line (line 1, or one of the first lines
    the readers search for the header under a title) splits into the most of ``columns``
    (ignoring case and invisible characters); ties and no match: the one that occurs most often
    in a line; none at all: ``,``.

    The header is decoded as the partner readers decode a file (a byte-order mark decides:
    UTF-8, UTF-16; else UTF-8 or cp1252, :func:`netwerk.ingest.readers.sniff_encoding`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "e.csv"
    >>> _ = p.write_bytes("source;target, weight\\nA;B, 1\\n".encode("utf-16"))
    >>> sniff_delimiter(p, ["source", "target, weight"])
    ';'
    >>> _ = p.write_bytes(b"source,target\\n")
    >>> sniff_delimiter(p, ["source", "target"])
    ','
    """
    with Path(path).open("rb") as fh:
        head = fh.read(1 << 16)
    enc = sniff_encoding(head)
    text = head.decode(enc if enc != "utf-8" else "utf-8-sig", errors="replace")
    lines = [x.rstrip("\r") for x in text.lstrip("\ufeff").split("\n")[:HEADER_SEARCH_ROWS]]
    want = {clean_invisible(c).strip().casefold() for c in columns}

    def score(sep: str) -> tuple[int, int]:
        # the line with most of the named columns (the header may sit under a title, as the
        # readers allow in the first lines), then with most cells
        return max((len(want & {clean_invisible(c).strip().strip('"').casefold()
                                for c in line.split(sep)}), line.count(sep)) for line in lines)

    best = max(DELIMITERS, key=score)  # max keeps the first of equals: the readers' order
    return best if any(score(best)) else ","


def read_rows(path: str | Path, columns: list[str], *, what: str) -> pd.DataFrame:
    """Read a CSV table as text under the partner readers' rules and check its columns.

    Parameters
    ----------
    path : path
    columns : list of str
        Columns the table must have (matched ignoring case and invisible characters, renamed to
        this spelling).
    what : str
        What the file is, for a missing column (``relatielijst``, ``knooppuntentabel``).

    Returns
    -------
    pd.DataFrame
        Text cells (NA when empty; ``NA`` and ``N/A`` are text) and ``_row``, the data-row
        number (header = row 0) of each record; ``attrs`` as :func:`read_table` sets them
        (``read_rejects``, ``empty_lines``, ``repeated_headers``, ``encoding``, ...).

    Raises
    ------
    InputError
        As :func:`netwerk.ingest.readers.read_table` (missing file, empty file, undecodable
        bytes, unclosed quote, most lines with the wrong field count) and ``MISSING_COLUMN``
        naming the file, the column and the columns found.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "n.csv"
    >>> _ = p.write_bytes(b"ID\\xe2\\x80\\x8b,stage\\nA,productie\\n\\nid,stage\\nB,NA\\n")
    >>> df = read_rows(p, ["id"], what="knooppuntentabel")
    >>> df.to_dict("list"), df.attrs["empty_lines"], df.attrs["repeated_headers"]
    ({'id': ['A', 'B'], 'stage': ['productie', 'NA'], '_row': [1, 4]}, 1, 1)
    """
    p = Path(path)
    fmt = _format(p)
    if fmt != _by_name(p):
        log.warning(_("{bestand}: de extensie zegt {naam}, de inhoud is {inhoud}; gelezen als "
                      "{inhoud}", bestand=mask_name(p.name), naam=_(_FORMAT_WORDS[_by_name(p)]),
                      inhoud=_(_FORMAT_WORDS[fmt])))
    wanted = list(dict.fromkeys(columns))
    # the spec of a file of these columns and no identifier: the columns are carried as node
    # attributes, so the readers require them (header search, missing-column message) and read
    # every other column as text too; nothing is normalised or pseudonymised by read_table
    spec = ExtractSpec(name=what, partner="analist", format=fmt, encoding="auto",
                       delimiter=sniff_delimiter(p, wanted) if fmt == "csv" and p.is_file()
                       else ";",
                       nodes=[{"id": wanted[0], "kind": "node",
                               "attributes": {c: c for c in wanted}}])
    return read_table(p, spec, shared=True)


def _by_name(p: Path) -> str:
    suffix = p.suffix.lower()
    return "xlsx" if suffix in (".xlsx", ".xlsm") else "parquet" if suffix == ".parquet" else "csv"


_FORMAT_WORDS = {"csv": N_("een CSV-bestand"), "xlsx": N_("een Excel-werkmap"),
                 "parquet": N_("een Parquet-bestand")}


def _format(p: Path) -> str:
    """The readers' format of a file by its first bytes: ``xlsx`` for a zip (an Excel workbook),
    ``parquet`` for ``PAR1``, ``csv`` for text; else by its suffix (``.xlsx``/``.xlsm``,
    ``.parquet``; anything else ``csv``). So a workbook saved as ``.csv`` or a CSV saved as
    ``.xlsx`` is read as what it is (an analyst has no spec to set ``format`` in).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "e.xlsx").write_bytes(b"bron;doel\\nA;B\\n")
    >>> _ = (d / "e.csv").write_bytes(b"PAR1\\x15\\x04")
    >>> _format(d / "e.xlsx"), _format(d / "e.csv"), _format(d / "missing.xlsx")
    ('csv', 'parquet', 'xlsx')
    """
    from ..ingest.readers import _looks_like_text

    by_name = _by_name(p)
    try:
        with p.open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        return by_name
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"PAR1"):
        return "parquet"
    return "csv" if by_name != "csv" and _looks_like_text(head) else by_name


def _typed(df: pd.DataFrame, column: str) -> bool:
    """Whether ``column`` of a table read by :func:`read_rows` held typed numbers only (a
    workbook's number cells, a Parquet number column: ``attrs["number_columns"]``)."""
    def key(c: str) -> str:
        return clean_invisible(str(c)).strip().casefold()
    return key(column) in {key(c) for c in df.attrs.get("number_columns", [])}


def _read_rejects(df: pd.DataFrame) -> list[dict]:
    return [{"row": int(row), "column": str(col), "reason": str(reason), "detail": str(detail)}
            for row, col, reason, detail in df.attrs.get("read_rejects", [])]


def _add_read(meta: dict, df: pd.DataFrame, *, nodes: bool = False) -> None:
    """Count the records the reader did not hand on (rejects, empty lines, repeated headers) in
    the network's ``meta``, so the rows read reconcile."""
    rejects = _read_rejects(df)
    counts_key, list_key, read_key = (("rejected_nodes", "node_rejects", "node_rows_read") if nodes
                                      else ("rejected_edges", "rejects", "rows_read"))
    counts = meta.setdefault(counts_key, {})
    for r in rejects:
        counts[r["reason"]] = counts.get(r["reason"], 0) + 1
    meta[list_key] = sorted(meta.get(list_key, []) + rejects, key=lambda r: r["row"])
    empty, repeated = int(df.attrs.get("empty_lines", 0)), int(df.attrs.get("repeated_headers", 0))
    meta[read_key] = int(meta.get(read_key, len(df))) + len(rejects) + empty + repeated
    prefix = "node_" if nodes else ""
    meta[prefix + "empty_rows"] = empty
    meta[prefix + "repeated_headers"] = repeated


def read_network(path: str | Path, *, source: str = "source", target: str = "target",
                 directed: bool = False, weight: str | None = None,
                 nodes: str | Path | None = None, node_id: str = "id",
                 decimal: str | None = None) -> Network:
    """A :class:`Network` from an edge-list CSV (and a node-table CSV), read strictly.

    Parameters
    ----------
    path : path
        The edge list: one relation record per row. CSV; ``.xlsx``/``.xlsm`` and ``.parquet``
        files are read by the same reader with its workbook and Parquet rules (number cells are
        numbers: their weights need no ``decimal``).
    source, target : str
        Its endpoint columns.
    directed : bool
    weight : str, optional
        Its weight column (see :meth:`Network.from_edges`).
    nodes : path, optional
        A node table with node attributes (e.g. ``stage``).
    node_id : str
        The id column of ``nodes``.
    decimal : {",", "."}, optional
        The decimal mark of the weights; default: as the column shows.

    Returns
    -------
    Network
        ``meta`` counts every row read (:meth:`Network.record_counts`); rejected rows, with those
        the reader refused (``field_count``, ``truncated_line``), are in ``meta["rejects"]``
        with their data-row number, column and reason; ``meta["files"]`` the (masked) names.

    Raises
    ------
    InputError
        The file cannot be read as a whole (see :func:`read_rows`) or has no data rows.
    GraphError
        As :meth:`Network.from_edges` (with the file named).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "e.csv").write_bytes("source,target\\nA,B\\nB,C\\n".encode("utf-16"))
    >>> _ = (d / "n.csv").write_bytes(b"\\xef\\xbb\\xbfid;stage\\r\\nA;productie\\r\\n")
    >>> net = read_network(d / "e.csv", nodes=d / "n.csv")
    >>> net.nodes["stage"].to_dict()
    {'A': 'productie', 'B': nan, 'C': nan}
    """
    p = Path(path)
    name = mask_name(p.name)
    if decimal is None and _format(p) != "csv":
        # number cells of a workbook or Parquet file are written as text with the readers'
        # decimal comma and no thousands separator (1.234 -> "1,234"): read them that way
        decimal = ","
    edges = read_rows(p, [source, target] + ([weight] if weight else []), what="relatielijst")
    if not len(edges) and not edges.attrs.get("read_rejects"):
        raise InputError(_("de relatielijst heeft geen rijen"), reason=Reason.EMPTY_FILE,
                         file=name)
    node_df = None
    node_name = None
    if nodes is not None:
        node_name = mask_name(Path(nodes).name)
        node_df = read_rows(nodes, [node_id], what="knooppuntentabel")
    at = name
    try:
        rows = edges[ROW_COLUMN].to_numpy(dtype="int64")
        node_rows = node_df[ROW_COLUMN].to_numpy(dtype="int64") if node_df is not None else None
        net = Network.from_edges(
            edges.drop(columns=ROW_COLUMN), source=source, target=target, directed=directed,
            weight=weight, nodes=node_df.drop(columns=ROW_COLUMN) if node_df is not None else None,
            node_id=node_id, decimal=decimal, rows=rows, node_rows=node_rows)
    except NetwerkError as exc:
        if exc.file is None:  # name the file: a duplicate node is the node table's
            exc.file = node_name if exc.reason == Reason.DUPLICATE_NODE else at
            exc.args = (exc._render(),)
        raise
    if weight and _typed(edges, weight):
        # number cells of a workbook or Parquet file are numbers: no decimal mark was read
        # (:meth:`Network.from_edges` says how *text* weights were read)
        net.meta["weight_decimal"] = None
    _add_read(net.meta, edges)
    if node_df is not None:
        _add_read(net.meta, node_df, nodes=True)
    net.meta["files"] = {"edges": name, "nodes": node_name}
    return net

