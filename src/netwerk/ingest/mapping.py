"""Mapping the rows of a pseudonymised extract onto nodes, attributes, relations and identity links.

:func:`map_extract` is pure: it takes the table :func:`netwerk.ingest.readers.read_table` returned
and an :class:`~netwerk.ingest.spec.ExtractSpec`, and returns frames ready for the case store plus a
rejects table and reconciled counts. Nothing is silently lost: every row read is *used*, a
*duplicate* (all columns except ``_row`` equal to an earlier row; merged into it) or *rejected* (one
rejects entry per problem found, with file, row, column, reason and detail). A row with any problem
is rejected as a whole, so nothing of it enters the store.

Reject details never echo a cell (it could hold anything, raw identifiers included): they name the
file, row, column and reason and at most the value's masked shape (``"10 tekens: 8 cijfers, 2
overige"``). Kind codes of ``kind_column`` are echoed (they are the spec's vocabulary).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd

from ..errors import Reason
from ..i18n import N_, gettext, language
from ..model import GRADING_SCHEMES, DataModel, grading_score
from ..privacy import masked_shape
from ._grading import grade_detail, grading_columns, off_grade
from ._values import kind_label
from .leakguard import pseudonym_mask
from .names import EXCEL_SERIAL, sentinel_mask
from .spec import IDENTIFIER_KINDS, AttributeMap, ExtractSpec

__all__ = ["ChunkQuery", "MappedChunk", "MappedExtract", "map_chunk", "map_extract", "node_kinds",
           "node_order_keys", "node_part_kinds",
           "REJECT_COLUMNS"]

REJECT_COLUMNS = ["file", "row", "column", "reason", "detail"]
_TRUE = {"ja", "j", "yes", "y", "true", "waar", "1"}
_FALSE = {"nee", "n", "no", "false", "onwaar", "0"}


@dataclass
class MappedExtract:
    """What one extract contributes to the case store (frames without import id / partner)."""

    nodes: pd.DataFrame  # node_id, kind, label
    attributes: pd.DataFrame  # node_id, attribute, value, value_type, restricted
    relations: pd.DataFrame  # source, target, kind, directed, row, dates, grading, weight, attributes
    links: pd.DataFrame  # node_a, node_b
    rejects: pd.DataFrame  # REJECT_COLUMNS
    rows_read: int
    rows_used: int
    duplicates: int
    rejected: int
    notes: list[str] = field(default_factory=list)
    self_loops: int = 0  # relations of used rows not made: both ends one node (``self_loop``)


def _blank(s: pd.Series) -> np.ndarray:
    return (s.isna() | (s.astype("str").str.strip() == "")).to_numpy()


def _text(s: pd.Series) -> pd.Series:
    return s.astype("str").fillna("").str.strip()


def _eq(a: pd.Series, b: pd.Series | str) -> np.ndarray:
    """Element-wise text equality as a bool array (Arrow compute on Arrow-backed strings, no
    Python objects); a missing value equals nothing."""
    out = a == b
    return np.asarray(out.fillna(False) if out.dtype == object or out.hasnans else out,
                      dtype=bool)


def _short(v: object, n: int = 40) -> str:
    t = str(v)
    return t if len(t) <= n else t[: n - 1] + "…"


def _sel(s: pd.Series, mask: np.ndarray) -> pd.Series:
    """Rows of ``s`` where ``mask`` holds, re-indexed 0..k-1 (keeps the string dtype)."""
    return s[mask].reset_index(drop=True)


def _per_row(template: str, *series: pd.Series, shape: bool = False
             ) -> Callable[[np.ndarray], list[str]]:
    """Detail builder: ``template.format(*values)`` for the rows at the given positions. With
    ``shape`` the cell is described by its masked shape (``"10 tekens: ..."``), never repeated:
    a free-text cell can hold anything."""
    def build(pos: np.ndarray) -> list[str]:
        cols = [s.iloc[pos].tolist() for s in series]
        show = (lambda v: masked_shape(v)) if shape else _short
        return [template.format(*(show(v) for v in vals)) for vals in zip(*cols, strict=True)]
    return build


def _braces(text: str) -> str:
    """``text`` safe inside a :func:`_per_row` template (its braces doubled)."""
    return text.replace("{", "{{").replace("}", "}}")


class _Problems:
    """Collects (position, column, reason, detail) for rejected rows."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.parts: list[pd.DataFrame] = []

    def add(self, mask: np.ndarray, column: str | None, reason: Reason,
            detail: str | Callable[[np.ndarray], list[str]]) -> None:
        """Record a problem for the rows in ``mask``; ``detail`` is text or a function of the
        positions of those rows (so per-row text is only built for the few bad rows)."""
        pos = np.flatnonzero(mask)
        if not len(pos):
            return
        det = detail if isinstance(detail, str) else list(detail(pos))
        self.parts.append(pd.DataFrame({"pos": pos, "column": column, "reason": str(reason),
                                        "detail": det}))

    def rejected(self) -> np.ndarray:
        mask = np.zeros(self.n, dtype=bool)
        for p in self.parts:
            mask[p["pos"].to_numpy()] = True
        return mask

    def frame(self, rows: np.ndarray, file: str) -> pd.DataFrame:
        if not self.parts:
            return pd.DataFrame({c: pd.Series(dtype="int64" if c == "row" else "str")
                                 for c in REJECT_COLUMNS})
        f = pd.concat(self.parts, ignore_index=True)
        out = pd.DataFrame({"file": file, "row": rows[f["pos"].to_numpy()].astype("int64"),
                            "column": f["column"].astype("str"), "reason": f["reason"],
                            "detail": f["detail"].astype("str")})
        return out.sort_values(["row", "column", "reason"], kind="stable").reset_index(drop=True)


def _parse_unique(parse: Callable, raw: pd.Series, *args) -> tuple[pd.Series, np.ndarray]:
    """Apply a readers parser to the distinct values only (dates and amounts repeat a lot), then
    spread the results back over the rows."""
    codes, uniq = pd.factorize(raw)
    if len(uniq) == 0 or len(uniq) > len(raw) // 2:
        values, failed = parse(raw, *args)
        return pd.Series(values, index=raw.index), np.asarray(failed, dtype=bool)
    u_values, u_failed = parse(pd.Series(uniq, dtype="str"), *args)
    u_values = pd.Series(u_values).reset_index(drop=True)
    u_failed = np.asarray(u_failed, dtype=bool)
    present = codes >= 0
    taken = u_values.take(np.where(present, codes, 0))
    values = taken.where(present).set_axis(raw.index)
    failed = present & u_failed[np.where(present, codes, 0)]
    return values, failed


def _attr_map(a: AttributeMap | str) -> AttributeMap:
    return a if isinstance(a, AttributeMap) else AttributeMap(column=a)


class _Parsed:
    """Typed columns, parsed once. A bad value is a problem only in rows that use it: call
    :meth:`need` with the rows where a column's value makes a record, then :meth:`finish`."""

    def __init__(self, d: pd.DataFrame, spec: ExtractSpec, problems: _Problems) -> None:
        self.d, self.spec = d, spec
        self.problems = _Problems(len(d))  # held back until finish()
        self.target = problems
        self.cache: dict[tuple[str, str], pd.Series] = {}
        self.needed: dict[str, np.ndarray] = {}

    def need(self, column: str, typ: str, rows: np.ndarray) -> pd.Series:
        """Parse ``column`` as ``typ`` and mark ``rows`` as using it."""
        prev = self.needed.get(column)
        self.needed[column] = rows.copy() if prev is None else (prev | rows)
        return self.get(column, typ)

    def finish(self) -> None:
        """Hand the problems of needed cells to the row problems."""
        for part in self.problems.parts:
            col = part["column"].iloc[0]
            need = self.needed.get(col)
            if need is None:
                continue
            keep = need[part["pos"].to_numpy()]
            if keep.any():
                self.target.parts.append(part[keep].reset_index(drop=True))

    def get(self, column: str, typ: str) -> pd.Series:
        key = (column, typ)
        if key in self.cache:
            return self.cache[key]
        from .readers import parse_dates, parse_numbers

        raw = self.d[column]
        blank = _blank(raw)
        if typ == "date":
            # a placeholder date (the spec's sentinel_dates, by date: 1-1-1900 is 01-01-1900) is
            # unknown, not a date and not a parse failure (31-12-9999 as "no end date")
            sentinel = sentinel_mask(raw, self.spec.sentinel_dates)
            if sentinel.any():
                raw = raw.where(~sentinel)
                blank = blank | sentinel
            values, failed = _parse_unique(parse_dates, raw, self.spec.date_format)
            bad = np.asarray(failed, dtype=bool) & ~blank
            why = gettext("waarde ({{}}) is geen datum in het formaat {formaat}",
                          formaat=_braces(self.spec.date_format))
            serial = bad.copy()  # a bare number: an Excel serial, refused and never guessed
            hit = _text(raw[bad]).str.fullmatch(EXCEL_SERIAL.pattern).fillna(False)
            serial[bad] = hit.to_numpy(dtype=bool)
            self.problems.add(bad & ~serial, column, Reason.UNPARSABLE_DATE,
                              _per_row(why, raw, shape=True))
            self.problems.add(serial, column, Reason.UNPARSABLE_DATE, _per_row(why + gettext(
                "; een getal in een datumkolom (Excel-serienummer?): sla de kolom op als datum"),
                raw, shape=True))
            values = pd.to_datetime(pd.Series(values, index=raw.index), errors="coerce")
        elif typ in ("float", "int"):
            values, failed = _parse_unique(parse_numbers, raw, self.spec.decimal)
            values = pd.to_numeric(pd.Series(values, index=raw.index), errors="coerce")
            bad = np.asarray(failed, dtype=bool) & ~blank
            if typ == "int":
                bad |= (~blank) & values.notna().to_numpy() & (values.fillna(0) % 1 != 0).to_numpy()
            self.problems.add(bad, column, Reason.UNPARSABLE_NUMBER,
                              _per_row(gettext("waarde ({{}}) is geen getal met decimaalteken "
                                               "'{teken}'", teken=_braces(self.spec.decimal)),
                                       raw, shape=True))
        elif typ == "bool":
            low = _text(raw).str.lower()
            values = pd.Series(np.where(low.isin(_TRUE), True, np.where(low.isin(_FALSE), False, None)),
                               index=raw.index, dtype="object")
            bad = ~blank & ~low.isin(_TRUE | _FALSE).to_numpy()
            self.problems.add(bad, column, Reason.UNPARSABLE_VALUE,
                              _per_row(gettext("waarde ({}) is geen ja/nee"), raw, shape=True))
        else:
            values = _text(raw)
        self.cache[key] = values
        return values

    def as_text(self, column: str, typ: str) -> pd.Series:
        """Canonical text of a typed column ('' where missing or unparsable)."""
        v = self.get(column, typ)
        if typ == "date":
            return v.dt.strftime("%Y-%m-%d").fillna("").astype("str")
        if typ == "int":
            return v.astype("Int64").astype("str").fillna("")
        if typ == "float":
            return v.astype("float64").astype("str").where(v.notna(), "")
        if typ == "bool":
            return v.map(lambda x: "" if x is None else ("true" if x else "false")).astype("str")
        return v


def map_extract(df: pd.DataFrame, spec: ExtractSpec, *, model: DataModel, file: str,
                accept_raw_looking: bool = False, deduplicated: bool = False) -> MappedExtract:
    """Map a pseudonymised extract onto store records, with rejects and reconciled counts.

    Parameters
    ----------
    df : pd.DataFrame
        As read by ``read_table(path, spec, shared=True)``: text cells plus ``_row``.
    spec : ExtractSpec
    model : DataModel
        Node and relation kinds to check against.
    file : str
        File name for the rejects table.
    accept_raw_looking : bool
        Accept identifier values that are not shaped like pseudonyms (only after an explicit leak
        guard override). Otherwise they are rejected as ``invalid_identifier``.
    deduplicated : bool
        The caller has already removed the duplicate rows (over the whole file, as
        ``netwerk screen`` does before mapping in batches): skip looking for them again.

    Returns
    -------
    MappedExtract
    """
    j = _judge(df, spec, model=model, file=file, accept_raw_looking=accept_raw_looking,
               deduplicated=deduplicated)
    node_parts, attributes, relation_parts, links = _records(j, spec, model)
    # one row per node: prefer a row that carries a real label
    nodes = _first_per_node(*(p for p, _ in node_parts))
    relations = (pd.concat(relation_parts, ignore_index=True) if relation_parts
                 else pd.DataFrame(columns=_RELATION_COLUMNS))
    return MappedExtract(nodes=nodes, attributes=attributes, relations=relations, links=links,
                         rejects=j.rejects, rows_read=j.rows_read, rows_used=j.rows_used,
                         duplicates=j.duplicates, rejected=j.rejected, self_loops=j.self_loops)


@dataclass
class ChunkQuery:
    """One query over a chunk's ``table`` (:class:`MappedChunk`), which it reads as
    ``_netwerk_chunk``; ``params`` are its named parameters (``$name``)."""

    sql: str
    params: dict[str, object]


@dataclass
class MappedChunk:
    """What one chunk of an extract contributes, for :func:`netwerk.ingest.pipeline.ingest_extract`
    to combine over the whole file: the chunk's used rows as one Arrow table (``table``) and the
    DuckDB queries that make the store records from it, so the records are assembled by DuckDB
    as they are written, never as pandas frames.

    * ``relations``: per relation mapping (spec order), a query giving the relations in file order
      with the columns of the ``relations`` table but ``partner``, ``import_id`` and ``extract``,
      and ``n`` (0, 1, ... within the chunk and mapping) instead of ``relation_id``; with
      ``relation_counts``, the caller numbers relations as :func:`map_extract` does (mapping by
      mapping);
    * ``nodes``: every node row ``node_id, kind, label, k`` (a node can have several), ``k`` the
      key that orders node rows over the whole file, so the row with the smallest ``k`` of a node
      over all chunks is the row :func:`map_extract` picks (its first labelled row, else its first
      row; see :func:`node_order_keys`); ``kind`` is the position of the kind in
      :func:`node_kinds`, left out when every node part has a fixed kind
      (:func:`node_part_kinds`: the part in ``k`` gives it); ``label`` is missing where it is the
      node id, and left out when no node mapping has a ``label_column`` (kept small: a file has
      many node rows);
    * ``attributes``: ``node_id, attribute, value, value_type, restricted`` (repeats included);
    * ``links``: the identity links ``node_a, node_b`` (unique within the chunk).

    A query is ``None`` when the chunk has nothing of its kind.
    """

    table: object  # pyarrow.Table
    relations: list[ChunkQuery | None]
    relation_counts: list[int]
    nodes: ChunkQuery | None
    attributes: ChunkQuery | None
    links: ChunkQuery | None
    rejects: pd.DataFrame
    rows_read: int
    rows_used: int
    rejected: int
    #: relations of used rows not made because both ends are one node (a relation reject,
    #: in ``rejects`` with reason ``self_loop``; the row stays used)
    self_loops: int = 0


def node_kinds(spec: ExtractSpec, model: DataModel) -> list[str]:
    """Every kind a node of ``spec`` can get, in a fixed order (the kinds of the data model and
    the spec, sorted, then ``""``: a kind code that names no kind); :class:`MappedChunk` gives a
    node's kind as its position in this list.

    Examples
    --------
    >>> from netwerk.model import default_model
    >>> spec = ExtractSpec.model_validate({"name": "t", "partner": "p",
    ...     "identifiers": [{"columns": ["id"], "kind": "police_id"}],
    ...     "nodes": [{"id": "id", "kind": "person"}]})
    >>> kinds = node_kinds(spec, default_model())
    >>> "person" in kinds, kinds[-1]
    (True, '')
    """
    return [*sorted({*model.node_kinds, *(nm.kind for nm in spec.nodes if nm.kind)} - {""}), ""]


def node_part_kinds(spec: ExtractSpec) -> list[str] | None:
    """The kind of each node part (each node mapping, then its ``also`` columns; the parts of
    :func:`node_order_keys`) when every part has a fixed kind and no mapping a label column:
    then a node row's kind and label follow from its order key alone. Else ``None``.

    Examples
    --------
    >>> spec = ExtractSpec.model_validate({"name": "t", "partner": "p",
    ...     "identifiers": [{"columns": ["id"], "kind": "police_id"}, {"columns": ["b"], "kind": "bsn"}],
    ...     "nodes": [{"id": "id", "kind": "person", "also": ["b"]}]})
    >>> node_part_kinds(spec)
    ['person', 'person']
    """
    if any(nm.kind is None or nm.label_column for nm in spec.nodes):
        return None
    return [nm.kind for nm in spec.nodes for _ in range(1 + len(nm.also))]


class _ChunkColumns:
    """The columns of a chunk's table, each computed once and named ``c0, c1, ...`` by what it
    holds (``key``); :meth:`table` keeps the used rows."""

    def __init__(self) -> None:
        self.names: dict[object, str] = {}
        self.arrays: dict[str, object] = {}

    def add(self, key: object, make: Callable[[], object]) -> str:
        if key not in self.names:
            import pyarrow as pa

            name = f"c{len(self.names)}"
            values = make()
            self.arrays[name] = (values if isinstance(values, pa.Array | pa.ChunkedArray)
                                 else pa.array(values, from_pandas=True))
            self.names[key] = name
        return self.names[key]

    def table(self, used: np.ndarray):
        import pyarrow as pa

        tab = pa.table(self.arrays)
        return tab if used.all() else tab.filter(pa.array(used))


class _Query:
    """SQL text with named parameters (``$p0, $p1, ...``) for literal values."""

    def __init__(self) -> None:
        self.params: dict[str, object] = {}

    def lit(self, value: object, sql_type: str) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f"${name}::{sql_type}"

    def done(self, parts: list[str], wrap: str = "{}") -> ChunkQuery | None:
        if not parts:
            return None
        return ChunkQuery(wrap.format(" UNION ALL ".join(parts)), self.params)


def map_chunk(df: pd.DataFrame, spec: ExtractSpec, *, model: DataModel, file: str,
              accept_raw_looking: bool = False) -> MappedChunk:
    """Map the rows of one chunk of an extract whose duplicate rows were already removed (over
    the whole file); the steps that need the whole file are left to the caller.

    The same rules as :func:`map_extract` row by row (rejects, nodes, attributes, links,
    relations, the same values); ``df.attrs["read_rejects"]`` are the reader's rejects of this
    chunk only. The records are not built here: :class:`MappedChunk` holds the used rows and the
    queries that make them (run by DuckDB where they are written).

    Examples
    --------
    >>> from netwerk.model import default_model
    >>> spec = ExtractSpec.model_validate({"name": "t", "partner": "p",
    ...     "identifiers": [{"columns": ["id"], "kind": "police_id", "required": True}],
    ...     "nodes": [{"id": "id", "kind": "person"}]})
    >>> pid = "PID-" + "a" * 24
    >>> df = pd.DataFrame({"id": [pid, pid, "x"], "_row": [7, 8, 9]}).astype({"id": "str"})
    >>> m = map_chunk(df, spec, model=default_model(), file="t.csv")
    >>> m.rows_used, m.rejected, m.table.num_rows
    (2, 1, 2)
    >>> _netwerk_chunk = m.table
    >>> scratch_duckdb().execute(m.nodes.sql, m.nodes.params).fetchall()
    [('PID-aaaaaaaaaaaaaaaaaaaaaaaa', 4611686018427387911), ('PID-aaaaaaaaaaaaaaaaaaaaaaaa', 4611686018427387912)]
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    j = _judge(df, spec, model=model, file=file, accept_raw_looking=accept_raw_looking,
               deduplicated=True)
    d, ids, parsed, used = j.d, j.ids, j.parsed, j.used
    cols = _ChunkColumns()
    row = cols.add("row", lambda: j.rows)

    def ident(c: str) -> str:  # an identifier column: stripped text, '' where blank
        return cols.add(("id", c), lambda: ids[c])

    def as_text(column: str, typ: str) -> str:
        return cols.add(("text", column, typ), lambda: parsed.as_text(column, typ))

    gradings = functools.cache(lambda: _gradings(d, spec))
    src = "FROM _netwerk_chunk"
    # ---- nodes, attributes and identity links, part by part as node_order_keys numbers them
    nq, aq, lq = _Query(), _Query(), _Query()
    node_sql, attr_sql, link_sql = [], [], []
    kinds = node_kinds(spec, model)
    labels = any(nm.label_column for nm in spec.nodes)
    by_part = node_part_kinds(spec) is not None  # the kind follows from k: left out
    part = 0
    for m, (nm, kind) in enumerate(zip(spec.nodes, j.node_kind, strict=True)):
        nid = ident(nm.id)
        if by_part:
            kind_sql = ""
        elif nm.kind is not None:
            kind_sql = nq.lit(kinds.index(nm.kind), "USMALLINT") + " AS kind, "
        else:
            kind_sql = cols.add(("kind", m), lambda kind=kind: pa.array(pd.Categorical(
                kind, categories=kinds).codes.astype(np.uint16))) + " AS kind, "
        if nm.label_column:
            def label(nm=nm, kind=kind):  # the label where it is a real one, else missing
                lab = _text(d[nm.label_column])
                real = ~_eq(lab, "") & ~_eq(kind, "person") & ~_eq(lab, ids[nm.id])
                return pc.if_else(pa.array(real), pa.array(lab, type=pa.string(),
                                                           from_pandas=True), None)
            lab_sql = cols.add(("label", m), label)
            plain = f"CASE WHEN {lab_sql} IS NULL THEN {_PLAIN} ELSE 0 END"
        else:
            lab_sql, plain = "NULL::VARCHAR", str(_PLAIN)
        node_sql.append(f"SELECT {nid} AS node_id, {kind_sql}"
                        + (f"{lab_sql} AS label, " if labels else "")
                        + f"{plain} + {part * _PART} + {row} AS k {src} WHERE {nid} <> ''")
        part += 1
        for alias in nm.also:
            a = ident(alias)
            node_sql.append(f"SELECT {a}, {kind_sql}" + ("NULL::VARCHAR, " if labels else "")
                            + f"{_PLAIN + part * _PART} + {row} {src} WHERE {a} <> ''")
            part += 1
            link_sql.append(f"SELECT {nid} AS node_a, {a} AS node_b {src} "
                            f"WHERE {nid} <> '' AND {a} <> '' AND {nid} <> {a}")
        attrs: dict[str, tuple[str, str, bool]] = {}  # name -> (value SQL, type, restricted)
        for name, am in ((n, _attr_map(a)) for n, a in nm.attributes.items()):
            attrs[name] = (as_text(am.column, am.type), am.type, am.restricted)
        if nm.stage_column:
            attrs["stage"] = (cols.add(("text", nm.stage_column),
                                       lambda nm=nm: _text(d[nm.stage_column])), "str", False)
        elif nm.stage:
            attrs["stage"] = (aq.lit(nm.stage, "VARCHAR"), "str", False)
        for name, (val, typ, restricted) in attrs.items():
            attr_sql.append(f"SELECT {nid} AS node_id, {aq.lit(name, 'VARCHAR')} AS attribute, "
                            f"{val} AS value, {aq.lit(typ, 'VARCHAR')} AS value_type, "
                            f"{aq.lit(restricted, 'BOOLEAN')} AS restricted {src} "
                            f"WHERE {nid} <> '' AND {val} IS DISTINCT FROM ''")

    # ---- relations, mapping by mapping
    g = spec.grading
    directed = {k: v.directed for k, v in model.relation_kinds.items()}
    relations, counts = [], []
    for r, (rm, rk, made) in enumerate(zip(spec.relations, j.rel_kinds, j.rel_made,
                                           strict=True)):
        keep = used & made
        counts.append(int(keep.sum()))
        if not counts[-1]:
            relations.append(None)
            continue
        q = _Query()
        n = cols.add(("n", r), lambda keep=keep: pa.array(np.cumsum(keep) - 1, mask=~keep))
        if rm.kind:
            kind_sql = q.lit(rm.kind, "VARCHAR")
            dir_sql = q.lit(directed[rm.kind], "BOOLEAN")
        else:  # a kind outside the model (never used: rejected) counts as directed, as astype
            kind_sql = cols.add(("rkind", r), lambda rk=rk: rk)
            dir_sql = cols.add(("directed", r), lambda rk=rk: rk.map(directed).astype(bool))
        dates = [cols.add(("date", c), lambda c=c: parsed.get(c, "date")) if c
                 else "NULL::TIMESTAMP" for c in (rm.observed, rm.valid_from, rm.valid_to)]
        if not g.source_column and not g.information_column:
            grading = [q.lit(g.source, "VARCHAR"), q.lit(g.information, "VARCHAR"),
                       q.lit(grading_score(g.scheme, g.source, g.information), "DOUBLE")]
        else:
            grading = [cols.add(("grading", i), lambda i=i: gradings()[i]) for i in range(3)]
        weight = (cols.add(("weight", rm.weight), lambda rm=rm: parsed.get(
            rm.weight, "float").fillna(1.0).astype(float)) if rm.weight
            else q.lit(1.0, "DOUBLE"))
        if rm.attributes:  # one JSON object, keys sorted, empty values left out (_json_objects)
            names = sorted(rm.attributes)
            attributes = _json_sql([(q.lit(name, "VARCHAR"), as_text(
                _attr_map(rm.attributes[name]).column, _attr_map(rm.attributes[name]).type))
                for name in names])
        else:
            attributes = "NULL::VARCHAR"
        relations.append(ChunkQuery(
            f"SELECT {n} AS n, {ident(rm.source)} AS source, {ident(rm.target)} AS target, "
            f"{kind_sql} AS kind, {dir_sql} AS directed, {row} AS \"row\", "
            f"{dates[0]} AS observed, {dates[1]} AS valid_from, {dates[2]} AS valid_to, "
            f"{q.lit(g.scheme, 'VARCHAR')} AS grading_scheme, {grading[0]} AS grading_source, "
            f"{grading[1]} AS grading_information, {grading[2]} AS grading_score, "
            f"{q.lit(spec.legal_basis, 'VARCHAR')} AS legal_basis, {weight} AS weight, "
            f"{attributes} AS attributes {src} WHERE {n} IS NOT NULL", q.params))
    return MappedChunk(
        table=cols.table(used), relations=relations, relation_counts=counts,
        nodes=nq.done(node_sql), attributes=aq.done(attr_sql),
        links=lq.done(link_sql, "SELECT DISTINCT * FROM ({})"), rejects=j.rejects,
        rows_read=j.rows_read, rows_used=j.rows_used, rejected=j.rejected,
        self_loops=j.self_loops)


def _gradings(d: pd.DataFrame, spec: ExtractSpec) -> tuple[pd.Series, pd.Series, np.ndarray]:
    """Grading source, information and score of every row, where the spec reads them from
    columns (as :func:`_relations`: upper-cased source, the spec's default where empty)."""
    g = spec.grading
    out = []
    for column, default, upper in ((g.source_column, g.source, True),
                                   (g.information_column, g.information, False)):
        if column:
            v = _text(d[column])
            v = v.str.upper() if upper else v
            out.append(v.where(v != "", default))
        else:
            out.append(pd.Series(default, index=d.index, dtype="str"))
    # one score per distinct (source, information) pair: codes of each, then of the pair
    cs, us = pd.factorize(out[0].fillna(""))
    ci, ui = pd.factorize(out[1].fillna(""))
    codes, pairs = pd.factorize(cs.astype(np.int64) * max(len(ui), 1) + ci)
    scores = np.array([grading_score(g.scheme, us[p // max(len(ui), 1)] or None,
                                     ui[p % max(len(ui), 1)] or None) for p in pairs.tolist()],
                      dtype=float)
    return out[0], out[1], scores[codes] if len(codes) else np.zeros(0)


#: ``k`` of :func:`node_order_keys`: a plain row (label = node id) comes after every labelled one
_PLAIN = 1 << 62
_PART = 1 << 40


def node_order_keys(part: int, rows: np.ndarray, plain: np.ndarray) -> np.ndarray:
    """The key that orders the node rows of a whole file as :func:`_first_per_node` does:
    labelled rows before plain ones, then node part (the order in which :func:`map_extract`
    lists them: each node mapping, then its ``also`` columns), then data row.

    Examples
    --------
    >>> node_order_keys(1, np.array([3, 9]), np.array([True, False])).tolist()
    [4611687117939015683, 1099511627785]
    """
    return (plain.astype(np.int64) * _PLAIN + np.int64(part) * _PART
            + np.asarray(rows, dtype=np.int64))


def first_per_node_table(tab):
    """Reduce an Arrow table ``node_id, kind, label, k`` to one row per node: the row with the
    smallest ``k``, in the order of those rows (sort by ``k``, first of each node id).

    Examples
    --------
    >>> import pyarrow as pa
    >>> t = pa.table({"node_id": ["a", "b", "a"], "kind": ["x", "y", "x"],
    ...               "label": ["a", "b", "Bakkerij"], "k": [5, 6, 1]})
    >>> first_per_node_table(t).to_pydict()
    {'node_id': ['a', 'b'], 'kind': ['x', 'y'], 'label': ['Bakkerij', 'b'], 'k': [1, 6]}
    """
    import pyarrow.compute as pc

    if not tab.num_rows:
        return tab
    order = np.argsort(tab.column("k").to_numpy(), kind="stable")
    codes = pc.dictionary_encode(tab.column("node_id")).combine_chunks().indices.to_numpy()
    _, first = np.unique(codes[order], return_index=True)
    return tab.take(order[np.sort(first)])


_RELATION_COLUMNS = ["source", "target", "kind", "row", "directed", "observed", "valid_from",
                     "valid_to", "grading_scheme", "grading_source", "grading_information",
                     "grading_score", "legal_basis", "weight", "attributes"]


@dataclass
class _Judged:
    """The rows of a table judged by :func:`_judge`: what every row yields, before records."""

    d: pd.DataFrame  # the rows (duplicates removed), index 0..n-1
    rows: np.ndarray  # their data-row numbers
    ids: dict[str, pd.Series]  # identifier output column -> stripped text ('' where blank)
    blanks: dict[str, np.ndarray]
    node_kind: list[pd.Series]  # per node mapping
    rel_kinds: list[pd.Series]  # per relation mapping
    rel_made: list[np.ndarray]  # per relation mapping: both endpoints present
    parsed: _Parsed
    used: np.ndarray  # rows without any problem
    rejects: pd.DataFrame  # REJECT_COLUMNS, the reader's rejects included
    rows_read: int
    rows_used: int
    rejected: int
    duplicates: int
    self_loops: int = 0  # relations of used rows not made: both ends one node


def _judge(df: pd.DataFrame, spec: ExtractSpec, *, model: DataModel, file: str,
           accept_raw_looking: bool, deduplicated: bool) -> _Judged:
    """The reject rules of :func:`map_extract` over the rows of ``df``: which rows are used, the
    rejects (with the reader's), and the per-row values the records are made of."""
    data_cols = [c for c in df.columns if c != "_row"]
    dup = (df.duplicated(subset=data_cols, keep="first").to_numpy() if len(df) and not deduplicated
           else np.zeros(len(df), bool))
    d = (df.loc[~dup] if dup.any() else df).reset_index(drop=True)
    n = len(d)
    rows = d["_row"].astype("int64").to_numpy() if n else np.zeros(0, "int64")
    problems = _Problems(n)
    parsed = _Parsed(d, spec, problems)
    outs = spec.identifier_outputs()

    # identifiers: text, blanks, required, pseudonym shape
    ids: dict[str, pd.Series] = {}
    blanks: dict[str, np.ndarray] = {}
    for col, ident in outs.items():
        if col not in d.columns:
            continue
        ids[col] = _text(d[col])
        blanks[col] = _eq(ids[col], "")
        if ident.required:
            problems.add(blanks[col], col, Reason.MISSING_IDENTIFIER,
                         gettext("verplichte identificator {soort} is leeg",
                                 soort=kind_label(ident.kind)))
        if not accept_raw_looking:
            prefix = IDENTIFIER_KINDS[ident.kind]["prefix"]
            ok = pseudonym_mask(ids[col], prefix)  # on the Arrow bytes, no regex per value
            problems.add(~blanks[col] & ~ok, col, Reason.INVALID_IDENTIFIER,
                         gettext("waarde is geen {soort}-pseudoniem ({prefix}-<24 hex>); is het "
                                 "bestand met deze specificatie gepseudonimiseerd?",
                                 soort=kind_label(ident.kind), prefix=prefix))

    # a node is identified by any of its identifiers (review7 Q3): where a node mapping's own
    # ``id`` is empty but one of its ``also`` identifiers is there (a director known by BSN whose
    # name + birth-date key is empty: a sentinel birth date, no name; a debtor known by RSIN and
    # no KvK number), the first present one stands in for it, so the node's relations,
    # attributes and identity links are kept instead of vanishing with a "used" row
    for nm in spec.nodes:
        also = [a for a in nm.also if a in ids]
        if nm.id not in ids or not also or not blanks[nm.id].any():
            continue
        merged, empty = ids[nm.id], blanks[nm.id].copy()
        for a in also:
            take = empty & ~blanks[a]
            if take.any():
                merged = merged.where(~take, ids[a])
                empty &= ~take
        ids[nm.id], blanks[nm.id] = merged, empty

    # node kinds per node mapping; endpoint column -> kind series
    col_kind: dict[str, pd.Series] = {}
    col_fixed: dict[str, str | None] = {}  # the kind when a node mapping fixes it
    node_kind: list[pd.Series] = []
    known_nodes = set(model.node_kinds)
    # a kind column may hold the kind's name or its Dutch label (``label_nl`` in the data model)
    kind_names = {k: k for k in known_nodes}
    kind_names.update({str(v["label_nl"]).lower(): k for k, v in model.node_kinds.items()
                       if v.get("label_nl")})
    for nm in spec.nodes:
        if nm.required and not outs[nm.id].required:  # else reported once above
            problems.add(blanks[nm.id], nm.id, Reason.MISSING_IDENTIFIER,
                         gettext("identificator van een verplicht knooppunt is leeg"))
        if nm.kind is not None:
            kind = pd.Series(nm.kind, index=d.index, dtype="str")
        else:
            code = _text(d[nm.kind_column])
            kind = code.str.lower().map(kind_names).astype("str")
            unknown = ~blanks[nm.id] & kind.isna().to_numpy()
            kind = kind.fillna("")
            problems.add(unknown, nm.kind_column, Reason.UNKNOWN_KIND,
                         _per_row(gettext("knooppuntsoort '{{}}' staat niet in het datamodel "
                                          "(bekend: {bekend})",
                                          bekend=_braces(", ".join(sorted(known_nodes)))), code))
        node_kind.append(kind)
        for c in [nm.id, *nm.also]:
            col_kind.setdefault(c, kind)
            col_fixed.setdefault(c, nm.kind)
        for a in nm.attributes.values():
            am = _attr_map(a)
            parsed.need(am.column, am.type, ~blanks[nm.id])

    # relations: kind per row, dates, weights, endpoint checks
    rel_kinds: list[pd.Series] = []
    rel_made: list[np.ndarray] = []
    loops: list[np.ndarray] = []  # per relation mapping: both ends one node (review8 S16)
    for rm in spec.relations:
        made = ~blanks[rm.source] & ~blanks[rm.target]
        # a relation whose two ends are one node (a co-suspect cell naming the suspect himself:
        # a typing slip) is not made: a relation reject, the row stays used (its nodes, links,
        # attributes and other relations are kept). Judged first, so the relation's own cells
        # (date, weight, attributes, kind) are not asked of it
        loop = made & _eq(ids[rm.source], ids[rm.target])
        made &= ~loop
        loops.append(loop)
        if rm.kind is not None:
            rk = pd.Series(rm.kind, index=d.index, dtype="str")
        else:
            code = _text(d[rm.kind_column])
            mapped = code.map(dict(rm.kind_values)).astype("str")
            direct = code.isin(set(model.relation_kinds)) & mapped.isna()
            rk = mapped.where(~direct, code).fillna("")
            unknown = made & _eq(rk, "")
            problems.add(unknown, rm.kind_column, Reason.UNKNOWN_KIND,
                         _per_row(gettext("relatiesoortcode '{{}}' staat niet in kind_values "
                                          "({codes}) en is geen relatiesoort",
                                          codes=_braces(", ".join(sorted(rm.kind_values)))),
                                  code))
        for c in (rm.observed, rm.valid_from, rm.valid_to):
            if c:
                parsed.need(c, "date", made)
        if rm.weight:
            # a weight is a length or a strength: 0, negative or infinite is neither (and would
            # stop every analysis of the case); a blank weight is 1
            wv = parsed.need(rm.weight, "float", made).to_numpy(dtype=float)
            with np.errstate(invalid="ignore"):
                for bad, why, text in (
                        (np.isinf(wv), Reason.NON_FINITE_WEIGHT, N_("gewicht oneindig")),
                        (wv < 0, Reason.NEGATIVE_WEIGHT, N_("gewicht negatief")),
                        (wv == 0, Reason.ZERO_WEIGHT, N_("gewicht 0"))):
                    problems.add(made & bad, rm.weight, why,
                                 gettext("{wat}: een relatie vraagt een gewicht groter dan 0",
                                         wat=gettext(text)))
        for a in rm.attributes.values():
            am = _attr_map(a)
            parsed.need(am.column, am.type, made)
        sk, tk = col_kind[rm.source], col_kind[rm.target]

        def allowed(r: str, s: str, t: str) -> bool:
            return (r not in model.relation_kinds or s not in known_nodes
                    or t not in known_nodes or model.relation_kinds[r].allows(s, t))

        fixed = (rm.kind, col_fixed.get(rm.source), col_fixed.get(rm.target))
        if all(k is not None for k in fixed):  # one combination for every row
            ok = np.full(n, allowed(*fixed), dtype=bool)
        else:
            combos = pd.DataFrame({"r": rk, "s": sk, "t": tk})
            uniq = combos.drop_duplicates().copy()
            uniq["ok"] = [allowed(r, s, t) for r, s, t in uniq.itertuples(index=False)]
            ok = combos.merge(uniq, on=["r", "s", "t"], how="left")["ok"].to_numpy(dtype=bool)
        problems.add(made & ~ok, rm.target, Reason.DISALLOWED_ENDPOINT,
                     _per_row(gettext("{} staat {} -> {} niet toe"), rk, sk, tk))
        rel_kinds.append(rk)
        rel_made.append(made)
    # a relation the row states (its kind code is filled in) whose endpoint has no identifier
    # at all (not the node's id, none of its ``also``) cannot be formed: the row is a counted
    # reject, not a "used" row whose tie vanished. Relation mappings that share a kind column
    # are alternatives (a debtor is a person by BSN or a company by KvK/RSIN): the row is
    # rejected when none of them can be formed. A blank optional endpoint of a fixed-kind
    # relation stays "none on this row" (a co-suspect cell left empty).
    required = ({c for c, ident in outs.items() if ident.required}
                | {nm.id for nm in spec.nodes if nm.required})
    by_code: dict[str, list[int]] = {}
    for r, rm in enumerate(spec.relations):
        if rm.kind_column is not None:
            by_code.setdefault(rm.kind_column, []).append(r)
    for code_col, members in by_code.items():
        stated = ~_eq(_text(d[code_col]), "")
        lost = stated & ~np.logical_or.reduce([rel_made[r] | loops[r] for r in members])
        if not lost.any():
            continue
        for side in ("source", "target"):
            ends = list(dict.fromkeys(getattr(spec.relations[r], side) for r in members))
            none = lost & np.logical_and.reduce([blanks[c] for c in ends])
            lost &= ~none
            # a required identifier left empty is reported once, by the rule above
            none &= ~np.logical_or.reduce([blanks[c] for c in ends if c in required]
                                          or [np.zeros(n, dtype=bool)])
            problems.add(none, "/".join(ends), Reason.EMPTY_ENDPOINT, gettext(
                "de relatie in kolom '{kolom}' kan niet worden gevormd: {eind} heeft geen "
                "identificator (ook niet een van de andere identificatoren van het knooppunt)",
                kolom=code_col, eind=" / ".join(ends)))
        first = spec.relations[members[0]]  # both sides present, but not as one mapping's pair
        problems.add(lost, first.target, Reason.EMPTY_ENDPOINT, gettext(
            "de relatie in kolom '{kolom}' kan niet worden gevormd: geen koppeling uit de "
            "specificatie heeft op deze rij bron en doel", kolom=code_col))
    # a grade outside the spec's grading scheme (Admiralty "Z" or "9") would be stored with score 0
    # and silently weigh nothing: the relation row is rejected (a blank cell takes the default)
    # (the rule and its words are shared with the partner's pseudonymise: _grading)
    if spec.grading.scheme in GRADING_SCHEMES and rel_made:
        any_made = np.logical_or.reduce(rel_made)
        for column, axis in grading_columns(spec):
            if column not in d.columns:
                continue
            off = any_made & off_grade(d[column], spec.grading.scheme, axis)
            problems.add(off, column, Reason.UNPARSABLE_VALUE, lambda pos, c=column, a=axis: [
                grade_detail(v, spec.grading.scheme, a) for v in d[c].iloc[pos].tolist()])

    parsed.finish()
    rejected = problems.rejected()
    used = ~rejected
    # self-loops of used rows: relation rejects (a rejected row's are not counted twice)
    rel_problems = _Problems(n)
    n_loops = 0
    for rm, loop in zip(spec.relations, loops, strict=True):
        loop = loop & used
        if not loop.any():
            continue
        n_loops += int(loop.sum())
        rel_problems.add(loop, rm.target, Reason.SELF_LOOP, gettext(
            "de relatie '{relatie}' van '{bron}' naar '{doel}' verbindt een knooppunt met "
            "zichzelf (een tikfout?): alleen deze relatie is niet opgeslagen, de rest van de rij "
            "wel", relatie=_relation_words(rm, model), bron=rm.source, doel=rm.target))
    problems.parts.extend(rel_problems.parts)
    rejects = problems.frame(rows, file)
    # records the reader could not use (field count, truncated line) are rows read and rejected
    read_rej = list(df.attrs.get("read_rejects", []) or [])
    if read_rej:
        extra = pd.DataFrame([(file, int(r), c, reason, det) for r, c, reason, det in read_rej],
                             columns=REJECT_COLUMNS).astype({"row": "int64"})
        rejects = (pd.concat([rejects, extra], ignore_index=True)
                   .sort_values(["row", "column", "reason"], kind="stable").reset_index(drop=True))
    n_bad = int(rejected.sum())
    return _Judged(d=d, rows=rows, ids=ids, blanks=blanks, node_kind=node_kind,
                   rel_kinds=rel_kinds, rel_made=rel_made, parsed=parsed, used=used,
                   rejects=rejects, rows_read=len(df) + len(read_rej), rows_used=n - n_bad,
                   rejected=n_bad + len(read_rej), duplicates=int(dup.sum()), self_loops=n_loops)


def _relation_words(rm, model: DataModel) -> str:
    """A relation mapping's kind in the user's words (the data model's label in the user's
    language, never the code); a kind taken from a column per row is named by that column.

    Examples
    --------
    >>> from netwerk.model import default_model
    >>> from netwerk.ingest.spec import RelationMap
    >>> _relation_words(RelationMap(source="a", target="b", kind="co_suspect"), default_model())
    'medeverdachte van'
    """
    rk = model.relation_kinds.get(rm.kind or "")
    if rk is not None:
        return rk.label(language())
    if rm.kind:
        return rm.kind.replace("_", " ")
    return gettext("soort uit kolom {kolom}", kolom=rm.kind_column)


def _records(j: _Judged, spec: ExtractSpec, model: DataModel):
    """The store records of the used rows of ``j`` as pandas frames (:func:`map_extract`): the
    node parts (frame, data rows) in the order :func:`node_order_keys` numbers them, the
    attributes, the relations of each relation mapping and the identity links."""
    d, rows, ids, blanks, parsed, used = j.d, j.rows, j.ids, j.blanks, j.parsed, j.used


    node_parts, attr_parts, link_parts = [], [], []
    for nm, kind in zip(spec.nodes, j.node_kind, strict=True):
        keep = used & ~blanks[nm.id]
        nid = ids[nm.id][keep]
        k = kind[keep]
        if nm.label_column:
            lab = _text(d[nm.label_column])[keep]
            lab = lab.where((lab != "") & (k != "person"), nid)
        else:
            lab = nid
        node_parts.append((pd.DataFrame({"node_id": nid.reset_index(drop=True),
                                         "kind": k.reset_index(drop=True),
                                         "label": lab.reset_index(drop=True)}), rows[keep]))
        for alias in nm.also:
            keep_a = used & ~blanks[alias]
            node_parts.append((pd.DataFrame({"node_id": _sel(ids[alias], keep_a),
                                             "kind": _sel(kind, keep_a),
                                             "label": _sel(ids[alias], keep_a)}), rows[keep_a]))
            both = keep & ~blanks[alias]
            a, b = _sel(ids[nm.id], both), _sel(ids[alias], both)
            diff = (a != b).to_numpy()
            link_parts.append(pd.DataFrame({"node_a": _sel(a, diff), "node_b": _sel(b, diff)}))
        attrs: dict[str, tuple[pd.Series, str, bool]] = {}
        for name, a in nm.attributes.items():
            am = _attr_map(a)
            attrs[name] = (parsed.as_text(am.column, am.type), am.type, am.restricted)
        if nm.stage_column:
            attrs["stage"] = (_text(d[nm.stage_column]), "str", False)
        elif nm.stage:
            attrs["stage"] = (pd.Series(nm.stage, index=d.index, dtype="str"), "str", False)
        for name, (vals, typ, restricted) in attrs.items():
            sel = keep & ~_eq(vals, "")
            attr_parts.append(pd.DataFrame({"node_id": _sel(ids[nm.id], sel), "attribute": name,
                                            "value": _sel(vals, sel), "value_type": typ,
                                            "restricted": restricted}))
    # repeats of (node, attribute, value) are removed by the store (SELECT DISTINCT)
    attributes = (pd.concat(attr_parts, ignore_index=True) if attr_parts
        else pd.DataFrame({"node_id": pd.Series(dtype="str"), "attribute": pd.Series(dtype="str"),
                           "value": pd.Series(dtype="str"), "value_type": pd.Series(dtype="str"),
                           "restricted": pd.Series(dtype=bool)}))
    links = (pd.concat(link_parts, ignore_index=True).drop_duplicates().reset_index(drop=True)
             if link_parts else pd.DataFrame(columns=["node_a", "node_b"], dtype="str"))

    relation_parts = _relations(d, spec, model, parsed, ids, rows, used, j.rel_kinds,
                                j.rel_made)
    return node_parts, attributes, relation_parts, links


def _first_per_node(*parts: pd.DataFrame) -> pd.DataFrame:
    """One row per ``node_id`` of the rows of ``parts`` (frames node_id, kind, label, taken in
    order): its first row with a real label (``label != node_id``), else its first row; in the
    order of those rows (labelled ones first). The same as concatenating the labelled and the
    plain rows and keeping each node's first, done by DuckDB's hash aggregate on the parts as
    they are (no concatenated copy).

    Examples
    --------
    >>> f = pd.DataFrame({"node_id": ["a", "b", "a"], "kind": ["x", "y", "x"],
    ...                   "label": ["a", "b", "Bakkerij"]}, dtype="str")
    >>> _first_per_node(f).values.tolist()
    [['a', 'x', 'Bakkerij'], ['b', 'y', 'b']]
    """
    import pyarrow as pa

    parts = tuple(p for p in parts if len(p))
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="str") for c in ("node_id", "kind", "label")})
    n = sum(len(p) for p in parts)
    tables, start = [], 0
    for p in parts:
        plain = _eq(p["label"], p["node_id"])
        # k orders the rows: labelled ones first, then in order (unique: arg_min is exact)
        k = start + np.arange(len(p), dtype=np.int64) + plain.astype(np.int64) * n
        start += len(p)
        tables.append(pa.table({c: pa.array(p[c], type=pa.large_string(), from_pandas=True)
                                for c in ("node_id", "kind", "label")}).append_column(
            "k", pa.array(k)))
    out = first_per_node_table(pa.concat_tables(tables))
    return pd.DataFrame({c: pd.array(out.column(c), dtype="str")
                         for c in ("node_id", "kind", "label")})


_SCRATCH = threading.local()


def scratch_duckdb() -> duckdb.DuckDBPyConnection:
    """This thread's in-memory DuckDB connection for small computations on Arrow tables (opening
    one costs more than many of the queries run on it). Queries reach the tables as replacement
    scans of local variables, so nothing stays registered."""
    import os

    pid = os.getpid()  # a forked process opens its own (DuckDB's threads do not fork)
    if getattr(_SCRATCH, "pid", None) != pid:
        _SCRATCH.con, _SCRATCH.pid = duckdb.connect(), pid
    return _SCRATCH.con


def _json_objects(cols: dict[str, pd.Series]) -> pd.Series:
    """One JSON object per row from text columns (keys sorted; empty values left out), built by
    DuckDB (escaping done right, and much faster than ``json.dumps`` per row).

    Examples
    --------
    >>> _json_objects({"b": pd.Series(["x", ""]), "a": pd.Series(["café", ""])}).tolist()
    ['{"a":"café","b":"x"}', '{}']
    """
    import pyarrow as pa

    names = sorted(cols)
    frame = pa.table({f"c{i}": pa.array(cols[n], type=pa.string(), from_pandas=True)  # noqa: F841
                      for i, n in enumerate(names)})
    json = _json_sql([("?::VARCHAR", f"c{i}") for i in range(len(names))])
    out = scratch_duckdb().sql(f"SELECT {json} AS j FROM frame",
                               params=names).to_arrow_table().column("j")
    return pd.Series(pd.array(out, dtype="str"))


def _json_sql(entries: list[tuple[str, str]]) -> str:
    """The SQL of one JSON object from (key, value) SQL expressions, in the given order; an
    empty or missing value leaves its entry out. Key and value are each escaped by ``to_json``
    (as inside a JSON object), 4x faster than ``to_json(map_from_entries(...))`` and the same
    bytes (tests/ingest/test_ingest_streaming.py).

    Examples
    --------
    >>> scratch_duckdb().sql("SELECT " + _json_sql([("'a'", "'x/y'"), ("'b'", "''")])).fetchall()
    [('{"a":"x/y"}',)]
    """
    parts = ", ".join(f"CASE WHEN {v} <> '' THEN to_json({k}) || ':' || to_json({v}) END"
                      for k, v in entries)
    return f"'{{' || concat_ws(',', {parts}) || '}}'"


def _relations(d, spec, model, parsed, ids, rows, used, rel_kinds, rel_made) -> list[pd.DataFrame]:
    g = spec.grading
    parts = []
    for rm, rk, made in zip(spec.relations, rel_kinds, rel_made, strict=True):
        keep = used & made
        m = int(keep.sum())
        f = pd.DataFrame({
            "source": _sel(ids[rm.source], keep),
            "target": _sel(ids[rm.target], keep),
            "kind": rm.kind if rm.kind else _sel(rk, keep),
            "row": rows[keep],
        })
        directed = {k: v.directed for k, v in model.relation_kinds.items()}
        f["directed"] = (directed[rm.kind] if rm.kind
                         else f["kind"].map(directed).astype(bool))
        for col in ("observed", "valid_from", "valid_to"):
            c = getattr(rm, col)
            f[col] = (_sel(parsed.get(c, "date"), keep) if c
                      else pd.Series(pd.NaT, index=range(m), dtype="datetime64[ns]"))
        f["grading_scheme"] = g.scheme
        if not g.source_column and not g.information_column:
            f["grading_source"] = g.source
            f["grading_information"] = g.information
            f["grading_score"] = grading_score(g.scheme, g.source, g.information)
        else:
            for col, column, default, upper in (
                    ("grading_source", g.source_column, g.source, True),
                    ("grading_information", g.information_column, g.information, False)):
                if column:
                    v = _sel(_text(d[column]), keep)
                    v = v.str.upper() if upper else v
                    f[col] = v.where(v != "", default)
                else:
                    f[col] = default
            grades = f[["grading_source", "grading_information"]].fillna("")
            combos = grades.drop_duplicates().copy()
            combos["grading_score"] = [grading_score(g.scheme, s or None, i or None)
                                       for s, i in combos.itertuples(index=False)]
            f["grading_score"] = grades.merge(combos, how="left", on=[
                "grading_source", "grading_information"])["grading_score"].to_numpy(dtype=float)
        f["legal_basis"] = spec.legal_basis
        f["weight"] = (_sel(parsed.get(rm.weight, "float"), keep).fillna(1.0) if rm.weight
                       else 1.0)
        f["weight"] = f["weight"].astype(float)
        if rm.attributes:
            cols = {name: _sel(parsed.as_text(_attr_map(a).column, _attr_map(a).type), keep)
                    for name, a in rm.attributes.items()}
            f["attributes"] = _json_objects(cols) if m else []
        else:
            f["attributes"] = None
        parts.append(f)
    return parts
