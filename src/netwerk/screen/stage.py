"""Staging: pseudonymised extracts to mapped Parquet, with netwerk's own reader and mapping rules.

Each extract is read by :func:`netwerk.ingest.readers.read_table` (so ``_row`` is the physical
data-row number and rejects name file, row and column), checked by the leak guard, and mapped in
batches by :func:`netwerk.ingest.mapping.map_extract` (the same rules as ``netwerk ingest``).
Duplicate rows are found over the whole file first, as ingest does. The result per extract is a
set of Parquet files in ``work/staging/<table>/x=<n>.parquet`` (relations, nodes, attributes,
identity links, rejects) with a 64-bit node id next to every pseudonym.

The same function :func:`stage_extract` runs in-process (DuckDB) or on Spark's executors (one
task per extract, through ``mapInPandas``).

:func:`pseudonymise_spark` is for partners who pseudonymise on a Spark platform: it applies
:func:`netwerk.ingest.pseudonymise.pseudonymise_frame` per Arrow batch, so the pseudonyms are
byte-identical to ``netwerk pseudonymise``. The key travels inside the Python function that
Spark ships to the executors, never as a literal in a query plan (Spark's ``hmac()`` or a
``sha2`` composition would put it in plans, logs and the UI).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import InputError, KeyMismatchError, Reason, SpecError
from ..i18n import _
from ..ingest.duplicates import duplicate_rows
from ..ingest.sidecar import spec_sha256
from ..privacy import mask_name

__all__ = ["Extract", "collect_extracts", "stage_extract", "node_id64", "STAGE_RESULT",
           "duplicate_rows", "part_bounds", "pseudonymise_spark"]

log = logging.getLogger(__name__)

_EPOCH = np.datetime64("1970-01-01", "D")
_MASK63 = np.uint64(0x7FFF_FFFF_FFFF_FFFF)
#: nibble value of a lower-case hex digit (byte -> 0..15; 255 for anything else)
_HEX = np.full(256, 255, dtype=np.uint8)
_HEX[np.frombuffer(b"0123456789abcdef", dtype=np.uint8)] = np.arange(16, dtype=np.uint8)
_AR24 = np.arange(24, dtype=np.int64)
_AR5 = np.arange(5, dtype=np.int64)
_ID_CHUNK = 1 << 18

#: what :func:`stage_extract` returns per extract (column -> Spark SQL type)
STAGE_RESULT = {"x": "bigint", "part": "bigint", "file": "string", "rows_read": "bigint", "rows_used": "bigint",
                "duplicates": "bigint", "rejected": "bigint", "relations": "bigint",
                "nodes": "bigint", "links": "bigint", "leak_findings": "bigint",
                "seconds": "double"}


@dataclass(frozen=True)
class Extract:
    """One pseudonymised extract to screen."""

    x: int  # position in the input list
    path: Path
    spec: str  # shipped spec name or spec file path
    spec_name: str
    partner: str
    sha256: str
    spec_sha256: str
    key_fingerprint: str
    #: the spec's ``raw_patterns`` as (label, expression) pairs: names are masked with them too
    raw_patterns: tuple[tuple[str, str], ...] = ()

    @property
    def name(self) -> str:
        """The file name as outputs show it (raw identifiers in it masked, with the detectors
        and the spec's ``raw_patterns``)."""
        return mask_name(self.path.name, dict(self.raw_patterns))

    def task(self, work: Path, batch_rows: int, part: int = 0, parts: int = 1) -> dict[str, Any]:
        return {"x": self.x, "path": str(self.path), "spec": self.spec, "work": str(work),
                "batch_rows": batch_rows, "part": part, "parts": parts,
                "patterns": dict(self.raw_patterns)}


def collect_extracts(inputs: list[str | Path]) -> list[Extract]:
    """The extracts named by manifests or folders, with their specs, checked for one key.

    A folder is read through its ``manifest.yaml`` if it has one, else every file with a
    ``.netwerk.json`` sidecar in it is taken, with the spec the sidecar names.

    Raises
    ------
    InputError
        A missing input, a folder without extracts, an extract without sidecar.
    KeyMismatchError
        Extracts pseudonymised under different keys.
    """
    from ..ingest.manifest import load_manifest
    from ..ingest.pipeline import check_unchanged, read_sidecar, shown_path
    from ..ingest.spec import load_spec
    from ..provenance import file_sha256

    pairs: list[tuple[Path, str]] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            man = p / "manifest.yaml"
            if man.is_file():
                pairs += [(e.file, str(e.spec)) for e in load_manifest(man).extracts]
                continue
            found = sorted(s for s in p.iterdir() if s.name.endswith(".netwerk.json"))
            if not found:
                raise InputError(_("map zonder manifest.yaml en zonder gepseudonimiseerde "
                                   "extracten (*.netwerk.json-sidecars)"),
                                 reason=Reason.FILE_NOT_FOUND,
                                 file=shown_path(p))
            for side in found:
                meta = json.loads(side.read_text(encoding="utf-8"))
                extract = side.with_name(side.name.removesuffix(".netwerk.json"))
                if not meta.get("spec"):
                    raise InputError(_("de sidecar noemt geen spec; zet het extract in een "
                                       "manifest"),
                                     reason=Reason.NOT_PSEUDONYMISED, file=shown_path(side))
                pairs.append((extract, str(meta["spec"])))
        elif p.is_file():
            pairs += [(e.file, str(e.spec)) for e in load_manifest(p).extracts]
        else:
            raise InputError(_("manifest of map niet gevonden"), reason=Reason.FILE_NOT_FOUND,
                             file=shown_path(p))
    out: list[Extract] = []
    fingerprints: dict[str, str] = {}
    for x, (path, spec_ref) in enumerate(pairs):
        spec = load_spec(spec_ref)
        shown = shown_path(path, spec.raw_patterns)  # names are partner data too
        if not path.is_file():
            raise InputError(_("extract niet gevonden"), reason=Reason.FILE_NOT_FOUND,
                             file=shown)
        side = read_sidecar(path)
        if side.get("spec") and side["spec"] != spec.name:
            raise SpecError(_("het extract is gepseudonimiseerd met spec '{spec}', maar staat "
                              "vermeld met spec '{vermeld}'", spec=side["spec"],
                              vermeld=spec.name), file=shown)
        fp = str(side["key_fingerprint"])
        fingerprints.setdefault(fp, shown)
        if len(fingerprints) > 1:
            first = next(iter(fingerprints.items()))
            raise KeyMismatchError(_("het extract is gepseudonimiseerd onder sleutel {sleutel}, "
                                     "{ander} onder sleutel {eerste}; een screening vraagt één "
                                     "sleutel", sleutel=fp, ander=first[1], eerste=first[0]),
                                   file=shown)
        spec_sha = spec_sha256(spec)  # the sidecar's hash of the spec's content (one function)
        sha = file_sha256(path)
        # an incomplete copy is refused, and so is a spec that reads the bytes differently from
        # the partner's (another date format, file format, ...): screen has no --spec, a
        # manifest names the partner's spec file
        for note in check_unchanged(path, side, sha, spec.raw_patterns, spec=spec, advice=_(
                "zet het extract met het specificatiebestand van de partner in een "
                "manifest.yaml (netwerk screen heeft geen --spec)")):
            log.warning(_("{bestand}: {melding}", bestand=shown, melding=note))
        out.append(Extract(x=x, path=path, spec=spec_ref, spec_name=spec.name,
                           partner=spec.partner, sha256=sha, spec_sha256=spec_sha,
                           key_fingerprint=fp, raw_patterns=tuple(spec.raw_patterns.items())))
    if not out:
        raise InputError(_("niets te screenen: geen extracten gegeven"),
                         reason=Reason.FILE_NOT_FOUND)
    return out


def _as_large_string(values: Any) -> pa.LargeStringArray:
    """``values`` (Series, array, list, Arrow array) as one contiguous Arrow large_string array."""
    if isinstance(values, pd.Series):
        arr = pa.array(values, type=pa.large_string(), from_pandas=True)
    elif isinstance(values, (pa.Array, pa.ChunkedArray)):
        arr = values.cast(pa.large_string())
    else:
        arr = pa.array(pd.Series(values, dtype="str"), type=pa.large_string(), from_pandas=True)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks() if arr.num_chunks else pa.array([], type=pa.large_string())
    return arr


def _blake64(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def node_id64(values: pd.Series | np.ndarray | pa.Array) -> np.ndarray:
    """64-bit (63-bit positive) node ids of pseudonyms: the first 64 bits of the pseudonym's HMAC
    hex, mixed with a hash of its prefix; BLAKE2b of the text for anything else; -1 for a
    missing value.

    Equal pseudonyms get equal ids in every process and on every engine. Different pseudonyms
    collide with probability about n²/2⁶⁴; the screening checks for that and stops if it happens.
    The ids are computed column-wise on the Arrow buffers (no hashing of the 28-character
    values): about 0.1 µs per value.

    Examples
    --------
    >>> ids = node_id64(pd.Series(["BSN-0123456789abcdef01234567", "KVK-0123456789abcdef01234567",
    ...                            "BSN-0123456789abcdef01234567", "x"]))
    >>> ids.dtype.name, bool(ids[0] == ids[2]), bool(ids[0] != ids[1]), bool((ids >= 0).all())
    ('int64', True, True, True)
    >>> node_id64(pd.Series(["BSN-0123456789abcdef01234567", None], dtype="str")).tolist()[1]
    -1
    """
    arr = _as_large_string(values)
    n = len(arr)
    out = np.zeros(n, dtype=np.uint64)
    if not n:
        return out.astype(np.int64)
    valid = arr.is_valid().to_numpy(zero_copy_only=False)
    offs = np.frombuffer(arr.buffers()[1], dtype=np.int64)[arr.offset:arr.offset + n + 1]
    buf = arr.buffers()[2]
    data = np.frombuffer(buf, dtype=np.uint8) if buf is not None else np.zeros(0, np.uint8)
    ok = np.zeros(n, dtype=bool)
    mixes: dict[int, int] = {}
    for lo in range(0, n, _ID_CHUNK):  # bounded temporaries
        hi = min(n, lo + _ID_CHUNK)
        start, end = offs[lo:hi], offs[lo + 1:hi + 1]
        width = int(end[0] - start[0]) if hi > lo else 0
        if 27 <= width <= 30 and valid[lo:hi].all() and int(end[-1] - start[0]) == width * (hi - lo):
            # the usual case: one pseudonym kind per column, all the same length: a 2-D view
            view = data[start[0]:end[-1]].reshape(hi - lo, width)
            cand = np.arange(hi - lo)
            p = np.full(hi - lo, width - 25, dtype=np.int64)
            nib = _HEX[view[:, width - 24:]]
            dash = view[:, width - 25]
            pre = view[:, :5]
        else:
            plen = end - start - 25  # pseudonym: PREFIX-<24 hex>, prefix of 2..5 capitals
            cand = np.flatnonzero(valid[lo:hi] & (plen >= 2) & (plen <= 5))
            if not len(cand):
                continue
            s, e, p = start[cand], end[cand], plen[cand]
            nib = _HEX[data[(e - 24)[:, None] + _AR24]]  # (k, 24); 255 = not lower-case hex
            dash = data[e - 25]
            pre = data[s[:, None] + _AR5]  # (k, 5) first bytes (the value is >= 27 long)
        inpre = _AR5[None, :] < p[:, None]
        good = ((nib < 16).all(axis=1) & (dash == 0x2D)
                & (~inpre | ((pre >= 0x41) & (pre <= 0x5A))).all(axis=1))
        if not good.all():
            cand, nib, pre, inpre = cand[good], nib[good], pre[good], inpre[good]
        if not len(cand):
            continue
        raw = np.ascontiguousarray((nib[:, 0:16:2] << 4) | nib[:, 1:16:2]).view(">u8").ravel()
        key = np.zeros(len(cand), dtype=np.uint64)
        for j in range(5):
            key = (key << np.uint64(8)) | np.where(inpre[:, j], pre[:, j], 0).astype(np.uint64)
        if (key == key[0]).all():  # one prefix in the chunk (the usual case)
            ukeys, inv = key[:1], np.zeros(len(key), dtype=np.int64)
        else:
            inv, ukeys = pd.factorize(key)
        for k in ukeys.tolist():
            if k not in mixes:
                mixes[k] = _blake64(k.to_bytes(5, "big").rstrip(b"\0").decode("ascii"))
        mix = np.array([mixes[k] for k in ukeys.tolist()], dtype=np.uint64)
        out[lo + cand] = raw.astype(np.uint64) ^ mix[inv]
        ok[lo + cand] = True
    other = np.flatnonzero(valid & ~ok)  # not a pseudonym: hash of the text (each value once)
    if len(other):
        texts = arr.take(pa.array(other)).to_pylist()
        seen: dict[str, int] = {}
        out[other] = [seen[t] if t in seen else seen.setdefault(t, _blake64(t)) for t in texts]
    out &= _MASK63
    res = out.astype(np.int64)
    res[~valid] = -1  # no pseudonym
    return res


def _days(s: pd.Series) -> pa.Array:
    v = pd.to_datetime(s, errors="coerce").to_numpy(dtype="datetime64[D]")
    nat = np.isnat(v)
    days = (v - _EPOCH).astype("int64")
    return pa.array(np.where(nat, 0, days).astype("int32"), mask=nat, type=pa.int32())


def _dates(s: pd.Series) -> pa.Array:
    v = pd.to_datetime(s, errors="coerce").to_numpy(dtype="datetime64[D]")
    return pa.array(v, mask=np.isnat(v), type=pa.date32())


def _str(s: pd.Series | Any, n: int) -> pa.Array:
    if not isinstance(s, pd.Series):
        return pa.array([s] * n, type=pa.string())
    return pa.array(s, type=pa.string(), from_pandas=True)


REL_SCHEMA = pa.schema([
    ("x", pa.int32()), ("rownum", pa.int64()), ("source", pa.string()), ("target", pa.string()),
    ("src_id", pa.int64()), ("dst_id", pa.int64()), ("kind", pa.string()),
    ("directed", pa.bool_()), ("obs", pa.int32()), ("vf", pa.int32()), ("vt", pa.int32()),
    ("observed", pa.date32()), ("valid_from", pa.date32()), ("valid_to", pa.date32()),
    ("grading_scheme", pa.string()), ("grading_source", pa.string()),
    ("grading_information", pa.string()), ("grading_score", pa.float64()),
    ("legal_basis", pa.string()), ("weight", pa.float64()), ("attributes", pa.string())])
NODE_SCHEMA = pa.schema([("x", pa.int32()), ("node_id", pa.string()), ("id", pa.int64()),
                         ("kind", pa.string()), ("label", pa.string())])
ATTR_SCHEMA = pa.schema([("x", pa.int32()), ("node_id", pa.string()), ("id", pa.int64()),
                         ("attribute", pa.string()), ("value", pa.string()),
                         ("value_type", pa.string()), ("restricted", pa.bool_())])
LINK_SCHEMA = pa.schema([("x", pa.int32()), ("node_a", pa.string()), ("node_b", pa.string()),
                         ("a_id", pa.int64()), ("b_id", pa.int64())])
REJECT_SCHEMA = pa.schema([("x", pa.int32()), ("file", pa.string()), ("rownum", pa.int64()),
                           ("col", pa.string()), ("reason", pa.string()),
                           ("detail", pa.string())])
STAGED: dict[str, pa.Schema] = {"relations": REL_SCHEMA, "nodes": NODE_SCHEMA,
                                "attributes": ATTR_SCHEMA, "links": LINK_SCHEMA,
                                "rejects": REJECT_SCHEMA}


def _x(x: int, n: int) -> pa.Array:
    return pa.array(np.full(n, x, dtype="int32"))


def _relations_table(x: int, rel: pd.DataFrame) -> pa.Table:
    n = len(rel)
    return pa.table({
        "x": _x(x, n), "rownum": pa.array(rel["row"].to_numpy(dtype="int64")),
        "source": _str(rel["source"], n), "target": _str(rel["target"], n),
        "src_id": pa.array(node_id64(rel["source"])), "dst_id": pa.array(node_id64(rel["target"])),
        "kind": _str(rel["kind"], n), "directed": pa.array(rel["directed"].to_numpy(dtype=bool)),
        "obs": _days(rel["observed"]), "vf": _days(rel["valid_from"]), "vt": _days(rel["valid_to"]),
        "observed": _dates(rel["observed"]), "valid_from": _dates(rel["valid_from"]),
        "valid_to": _dates(rel["valid_to"]),
        "grading_scheme": _str(rel["grading_scheme"], n),
        "grading_source": _str(rel["grading_source"], n),
        "grading_information": _str(rel["grading_information"], n),
        "grading_score": pa.array(rel["grading_score"].to_numpy(dtype="float64")),
        "legal_basis": _str(rel["legal_basis"], n),
        "weight": pa.array(rel["weight"].to_numpy(dtype="float64")),
        "attributes": _str(rel["attributes"], n)}, schema=REL_SCHEMA)


class _Silent(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return False


@contextlib.contextmanager
def _reader_said_once(part: int) -> Iterator[None]:
    """While a part other than the first reads its extract, the reader's messages (repeated
    headers skipped, encoding or delimiter read otherwise than the spec says, ...) are not said:
    the first part reads the same file and says them once."""
    if part == 0:
        yield
        return
    silent = _Silent()
    loggers = [logging.getLogger(n) for n in sorted(logging.root.manager.loggerDict)
               if n == "netwerk.ingest" or n.startswith("netwerk.ingest.")]
    for lg in loggers:
        lg.addFilter(silent)
    try:
        yield
    finally:
        for lg in loggers:
            lg.removeFilter(silent)


def stage_extract(task: dict[str, Any]) -> dict[str, Any]:
    """Read, check and map one extract; write its staged Parquet files; return its counts.

    A large extract can be staged as ``parts`` tasks that run side by side: each reads the whole
    file and finds the duplicates over all of it (so the duplicate rule is the file's, as in
    ingest), then maps its own share of the distinct rows. Part 0 runs the leak guard, reports
    the reader's rejects and counts the duplicates; it maps a smaller share, so the parts take
    about equally long.

    Parameters
    ----------
    task : dict
        ``x`` (extract number), ``path``, ``spec`` (name or path), ``work`` (folder),
        ``batch_rows`` (rows mapped at a time), optionally ``part`` and ``parts``.

    Returns
    -------
    dict
        :data:`STAGE_RESULT`: ``rows_read == rows_used + duplicates + rejected`` (summed over
        the parts of an extract).

    Raises
    ------
    InputError, LeakError
        As ``netwerk ingest`` would (unreadable file, missing column, raw-looking identifiers).
    """
    import time

    from ..ingest.leakguard import guard
    from ..ingest.mapping import map_extract
    from ..ingest.readers import ROW_COLUMN, read_table
    from ..ingest.spec import load_spec
    from ..model import default_model

    t0 = time.perf_counter()
    x, path, work = int(task["x"]), Path(task["path"]), Path(task["work"])
    batch = int(task.get("batch_rows") or 500_000)
    part, parts = int(task.get("part") or 0), max(1, int(task.get("parts") or 1))
    spec = load_spec(task["spec"])
    model = default_model()
    name = mask_name(path.name, spec.raw_patterns)  # file names are partner data too
    with _reader_said_once(part):  # every part reads the whole file; part 0 says what it found
        df = read_table(path, spec, shared=True)
    findings = (guard(df, spec, file=name) or []) if part == 0 else []
    # records the reader could not use: reported once (with the first batch), as ingest does
    read_rejects = list(df.attrs.get("read_rejects", []) or []) if part == 0 else []
    # staging runs one worker per core already: DuckDB hashes on one thread
    dup = duplicate_rows(df, [c for c in df.columns if c != ROW_COLUMN], threads=1)
    n_dup = int(dup.sum())
    if n_dup:
        df = df.loc[~dup].reset_index(drop=True)
    if parts > 1:
        lo, hi = part_bounds(len(df), part, parts, batch)
        df = df.iloc[lo:hi].reset_index(drop=True)
    n_dup = n_dup if part == 0 else 0  # counted once per extract
    writers: dict[str, pq.ParquetWriter] = {}
    counts = {"rows_read": n_dup, "rows_used": 0, "rejected": 0, "relations": 0, "nodes": 0,
              "links": 0}

    def put(table: str, t: pa.Table) -> None:
        if table not in writers:
            d = work / "staging" / table
            d.mkdir(parents=True, exist_ok=True)
            # intermediate files, read once by the engine: uncompressed is faster both ways
            writers[table] = pq.ParquetWriter(d / f"x={x:05d}-{part:02d}.parquet", STAGED[table],
                                              compression="none")
        if t.num_rows:
            writers[table].write_table(t)

    try:
        for table in STAGED:  # every table gets a file, even an empty one
            put(table, STAGED[table].empty_table())
        starts = range(0, len(df), batch) if len(df) else [0]
        for k, start in enumerate(starts):
            chunk = df.iloc[start:start + batch].copy()
            chunk.attrs["read_rejects"] = read_rejects if k == 0 else []
            m = map_extract(chunk, spec, model=model, file=name, deduplicated=True)
            counts["rows_read"] += m.rows_read
            counts["rows_used"] += m.rows_used
            counts["rejected"] += m.rejected
            counts["relations"] += len(m.relations)
            counts["nodes"] += len(m.nodes)
            counts["links"] += len(m.links)
            if len(m.relations):
                put("relations", _relations_table(x, m.relations))
            nn = len(m.nodes)
            if nn:
                put("nodes", pa.table({"x": _x(x, nn), "node_id": _str(m.nodes["node_id"], nn),
                                       "id": pa.array(node_id64(m.nodes["node_id"])),
                                       "kind": _str(m.nodes["kind"], nn),
                                       "label": _str(m.nodes["label"], nn)}, schema=NODE_SCHEMA))
            a = m.attributes
            if len(a):
                put("attributes", pa.table({
                    "x": _x(x, len(a)), "node_id": _str(a["node_id"], len(a)),
                    "id": pa.array(node_id64(a["node_id"])),
                    "attribute": _str(a["attribute"], len(a)), "value": _str(a["value"], len(a)),
                    "value_type": _str(a["value_type"], len(a)),
                    "restricted": pa.array(a["restricted"].to_numpy(dtype=bool))},
                    schema=ATTR_SCHEMA))
            lk = m.links
            if len(lk):
                put("links", pa.table({"x": _x(x, len(lk)), "node_a": _str(lk["node_a"], len(lk)),
                                       "node_b": _str(lk["node_b"], len(lk)),
                                       "a_id": pa.array(node_id64(lk["node_a"])),
                                       "b_id": pa.array(node_id64(lk["node_b"]))},
                                      schema=LINK_SCHEMA))
            r = m.rejects
            if len(r):
                put("rejects", pa.table({"x": _x(x, len(r)), "file": _str(r["file"], len(r)),
                                         "rownum": pa.array(r["row"].to_numpy(dtype="int64")),
                                         "col": _str(r["column"], len(r)),
                                         "reason": _str(r["reason"], len(r)),
                                         "detail": _str(r["detail"], len(r))},
                                        schema=REJECT_SCHEMA))
    finally:
        for w in writers.values():
            w.close()
    return {"x": x, "part": part, "file": name, "rows_read": counts["rows_read"], "rows_used": counts["rows_used"],
            "duplicates": n_dup, "rejected": counts["rejected"],
            "relations": counts["relations"], "nodes": counts["nodes"], "links": counts["links"],
            "leak_findings": len(findings), "seconds": round(time.perf_counter() - t0, 3)}


def part_bounds(n: int, part: int, parts: int, batch: int) -> tuple[int, int]:
    """The distinct rows ``[lo, hi)`` part ``part`` of ``parts`` maps, in whole batches of
    ``batch`` rows (so the batches, and with them the staged records, are the same as when one
    task maps the whole extract): part 0, which also runs the leak guard, about half a share,
    the others a full share each.

    Examples
    --------
    >>> [part_bounds(2_200_000, k, 2, 500_000) for k in range(2)]
    [(0, 1000000), (1000000, 2200000)]
    >>> [part_bounds(10, k, 3, 2) for k in range(3)]
    [(0, 2), (2, 6), (6, 10)]
    >>> part_bounds(10, 0, 1, 4)
    (0, 10)
    """
    if parts <= 1:
        return 0, n
    batches = -(-n // batch)
    halves = 2 * parts - 1

    def edge(k: int) -> int:
        return 0 if k == 0 else min(n, round(batches * (2 * k - 1) / halves) * batch)

    return edge(part), (n if part == parts - 1 else edge(part + 1))


def pseudonymise_spark(df, spec, key: bytes, *, file: str = ""):
    """Pseudonymise a raw Spark DataFrame per Arrow batch with netwerk's own normalisation and
    HMAC: byte-identical to ``netwerk pseudonymise`` row by row.

    Parameters
    ----------
    df : pyspark.sql.DataFrame
        The raw extract as text columns plus ``_row`` (the physical data-row number, added
        before the data is split, e.g. by reading with
        :func:`netwerk.ingest.readers.read_table`); without ``_row`` the rejects cannot name rows.
    spec : ExtractSpec
    key : bytes
        The partner's key. It is shipped inside the Python function to the executors, never
        written into a query plan.
    file : str
        File name written in the rejects.

    Returns
    -------
    shared, rejects : pyspark.sql.DataFrame
        The shared columns (pseudonyms in place of identifiers) with ``_row``; and the rejects
        (file, row, column, reason, detail). Each batch hashes each distinct value once.

    Examples
    --------
    >>> shared, rejects = pseudonymise_spark(raw_sdf, spec, key, file="brp.csv")  # doctest: +SKIP
    """
    from ..ingest.pseudonymise import _layout, pseudonymise_frame
    from ..ingest.readers import ROW_COLUMN

    if ROW_COLUMN not in df.columns:
        raise InputError(_("het DataFrame heeft een kolom '{kolom}' met de fysieke rijnummers "
                           "nodig (voeg die toe voordat de gegevens worden gesplitst)",
                           kolom=ROW_COLUMN),
                         reason=Reason.MISSING_COLUMN, column=ROW_COLUMN)
    out_cols = [name for name, _kind in _layout(spec, list(df.columns))]
    fields = ", ".join(f"`{c}` string" for c in out_cols)
    schema = (f"{fields}, `{ROW_COLUMN}` bigint, _reject_column string, _reject_reason string, "
              "_reject_detail string")
    cols = [*out_cols, ROW_COLUMN, "_reject_column", "_reject_reason", "_reject_detail"]

    def per_batch(batches):
        for pdf in batches:
            raw = pdf.astype({c: "str" for c in pdf.columns if c != ROW_COLUMN})
            raw[ROW_COLUMN] = pdf[ROW_COLUMN].astype("int64")
            shared, rejects, _reid = pseudonymise_frame(raw, spec, key, file=file, reid=False)
            body = pd.DataFrame({c: shared[c].astype(object) for c in out_cols})
            body[ROW_COLUMN] = shared[ROW_COLUMN].astype("int64").to_numpy()
            body["_reject_column"] = None
            body["_reject_reason"] = None
            body["_reject_detail"] = None
            rej = pd.DataFrame({c: None for c in out_cols}, index=range(len(rejects)))
            rej[ROW_COLUMN] = rejects["row"].astype("int64").to_numpy()
            rej["_reject_column"] = rejects["column"].to_numpy()
            rej["_reject_reason"] = rejects["reason"].to_numpy()
            rej["_reject_detail"] = rejects["detail"].to_numpy()
            yield pd.concat([body, rej], ignore_index=True)[cols]

    mixed = df.mapInPandas(per_batch, schema)
    shared = mixed.where("_reject_reason IS NULL").select(*[f"`{c}`" for c in out_cols],
                                                          ROW_COLUMN)
    rejects = mixed.where("_reject_reason IS NOT NULL").selectExpr(
        f"'{file.replace(chr(39), '')}' AS file", f"{ROW_COLUMN} AS row",
        "_reject_column AS column", "_reject_reason AS reason", "_reject_detail AS detail")
    return shared, rejects


def utc_now() -> str:
    """The current UTC time, ISO 8601 to the second."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
