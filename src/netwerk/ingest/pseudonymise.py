"""Keyed pseudonymisation of identifier columns, run at the partner before anything is shared.

Each identifier is normalised (:mod:`netwerk.ingest.normalise`) and replaced by
``<PREFIX>-<24 hex>``, the first 96 bits of HMAC-SHA256(key, ``netwerk/v1/<kind>`` + ``\\x1f`` +
normalised value). The domain tag per kind means the same digits as a BSN and as an RSIN give
unrelated pseudonyms. Composite identifiers (address, name + birth date) collapse into one
column; all other columns are written unchanged, in the same format.

Rows and rejects (the counts always reconcile: ``rows_read = rows_written + rejects``):

* a **required** identifier that is missing or invalid rejects the row (reason
  ``missing_identifier`` / ``invalid_identifier``);
* an optional identifier that is invalid is **not** hashed: the cell is emptied, the row is kept,
  and a line with reason ``invalid_identifier`` is still written to the rejects file (detail ends
  in "cell emptied, row kept"); an optional identifier that is simply missing stays empty silently.

The rejects file (``<out>.rejects.csv``, UTF-8, columns ``file,row,column,reason,detail``) never
holds a raw identifier value, only why it failed. The re-identification table (pseudonym, kind,
normalised value) is written only when asked for and must stay with the partner.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError, LeakError, NetwerkError, Reason, SpecError
from ..privacy import compile_patterns, mask_name, mask_text
from .normalise import fast_normalise, normalise
from .readers import INVISIBLE, ROW_COLUMN, clean_invisible, read_table, write_table
from .spec import IDENTIFIER_KINDS, ExtractSpec, Identifier

__all__ = [
    "MIN_KEY_BYTES",
    "REJECT_COLUMNS",
    "PseudonymiseResult",
    "key_fingerprint",
    "load_key",
    "pseudonym",
    "pseudonymise_frame",
    "pseudonymise_file",
    "check_not_pseudonymised",
    "hash_many",
    "sidecar_path",
    "rejects_path",
]

log = logging.getLogger(__name__)

MIN_KEY_BYTES = 16
REJECT_COLUMNS = ["file", "row", "column", "reason", "detail"]
_FINGERPRINT_TAG = b"netwerk/key-fingerprint/v1"

#: progress callback: (step description, steps done, steps in total)
Progress = Callable[[str, int, int], None]


def key_fingerprint(key: bytes) -> str:
    """First 16 hex of SHA-256(``netwerk/key-fingerprint/v1`` + key): names a key, reveals nothing.

    Examples
    --------
    >>> len(key_fingerprint(b"0123456789abcdef")), key_fingerprint(b"a" * 16) != key_fingerprint(b"b" * 16)
    (16, True)
    """
    return hashlib.sha256(_FINGERPRINT_TAG + key).hexdigest()[:16]


def load_key(key_file: str | os.PathLike[str] | None = None) -> bytes:
    """The pseudonymisation key: the bytes of ``key_file``, else env ``NETWERK_KEY``.

    A trailing newline (``\\n`` or ``\\r\\n``) is stripped; every partner must use the identical
    key. Keys shorter than 16 bytes are refused.

    Raises
    ------
    InputError
        Reason ``MISSING_KEY`` when no key is given, the file is missing, or the key is too short.
    """
    if key_file is not None:
        p = Path(key_file)
        if not p.is_file():
            raise InputError("key file not found", reason=Reason.MISSING_KEY, file=str(p))
        key = p.read_bytes()
        source = str(p)
    else:
        env = os.environ.get("NETWERK_KEY")
        if env is None:
            raise InputError("no pseudonymisation key: give --key-file or set NETWERK_KEY",
                             reason=Reason.MISSING_KEY)
        key = env.encode("utf-8")
        source = "NETWERK_KEY"
    key = key.removesuffix(b"\n").removesuffix(b"\r")
    if len(key) < MIN_KEY_BYTES:
        raise InputError(f"key from {source} is {len(key)} bytes; at least {MIN_KEY_BYTES} "
                         "are needed (use e.g. 32 random bytes)", reason=Reason.MISSING_KEY)
    return key


def _prefix(kind: str) -> str:
    try:
        return IDENTIFIER_KINDS[kind]["prefix"]
    except KeyError:
        raise InputError(f"unknown identifier kind '{kind}'", reason=Reason.INVALID_ARGUMENT) from None


class _Hasher:
    """HMAC-SHA256 (RFC 2104) of ``netwerk/v1/<kind>`` + ``\\x1f`` + value, as a typed pseudonym.

    The inner and outer hash states after the key block and the domain tag are computed once,
    so each value costs two SHA-256 continuations; equal to ``hmac.new(key, tag + value)``.
    """

    def __init__(self, key: bytes, kind: str) -> None:
        block = hashlib.sha256().block_size
        k = hashlib.sha256(key).digest() if len(key) > block else key
        k = k.ljust(block, b"\0")
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in k))
        self._inner.update(f"netwerk/v1/{kind}\x1f".encode())
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in k))
        self._prefix = _prefix(kind) + "-"

    def __call__(self, normalised: str) -> str:
        inner = self._inner.copy()
        inner.update(normalised.encode("utf-8"))
        outer = self._outer.copy()
        outer.update(inner.digest())
        return self._prefix + outer.digest()[:12].hex()


def pseudonym(kind: str, normalised: str, key: bytes) -> str:
    """Pseudonym of one normalised identifier: ``<PREFIX>-<first 24 hex of HMAC-SHA256>``.

    Examples
    --------
    >>> p = pseudonym("bsn", "111222333", b"k" * 16)
    >>> p.startswith("BSN-"), len(p), p == pseudonym("bsn", "111222333", b"k" * 16)
    (True, 28, True)
    >>> pseudonym("rsin", "111222333", b"k" * 16)[5:] != p[4:]
    True
    """
    return _Hasher(key, kind)(normalised)


@dataclass(frozen=True)
class PseudonymiseResult:
    """What :func:`pseudonymise_file` did. ``rows_read == rows_written + rejects`` always."""

    rows_read: int
    rows_written: int
    rejects: int
    cells_emptied: int
    reject_lines: int
    key_fingerprint: str
    paths: dict[str, Path] = field(default_factory=dict)
    #: columns of the raw file the spec does not map (not written: data minimisation)
    dropped_columns: tuple[str, ...] = ()
    #: what was read differently from the spec (encoding, delimiter, sheets), and why
    notes: tuple[str, ...] = ()
    #: cells whose raw identifiers were masked, per column (``raw_in_text: mask``)
    masked_cells: dict[str, int] = field(default_factory=dict)
    empty_lines: int = 0
    repeated_headers: int = 0

    def describe(self, name: str, out: object | None = None) -> list[str]:
        """The lines ``netwerk pseudonymise`` prints: counts, then what was read differently,
        dropped (data minimisation) or masked. File names are masked (names are partner data).

        Examples
        --------
        >>> r = PseudonymiseResult(3, 2, 1, 0, 1, "ab", dropped_columns=("opmerking",))
        >>> r.describe("bsn_111222333.csv")[0]
        'bsn_[bsn].csv: 3 rows read, 2 written, 1 rejected (key ab)'
        >>> r.describe("x.csv")[1]
        'x.csv: 1 column(s) not in the spec left out of the shared extract: opmerking'
        """
        name = mask_name(name)
        emptied = f", {self.cells_emptied} cells emptied" if self.cells_emptied else ""
        to = f" -> {mask_name(out)}" if out is not None else ""
        lines = [f"{name}: {self.rows_read} rows read, {self.rows_written} written, "
                 f"{self.rejects} rejected{emptied}{to} (key {self.key_fingerprint})"]
        if self.dropped_columns:
            lines.append(f"{name}: {len(self.dropped_columns)} column(s) not in the spec left out "
                         f"of the shared extract: {', '.join(self.dropped_columns)}")
        if self.empty_lines or self.repeated_headers:
            lines.append(f"{name}: {self.empty_lines} empty line(s), {self.repeated_headers} "
                         "repeated header line(s) skipped")
        lines.extend(f"{name}: {note}" for note in self.notes)
        lines.extend(f"{name}: column '{c}': raw identifiers masked in {n} cell(s)"
                     for c, n in self.masked_cells.items())
        return lines


def _values(df: pd.DataFrame, cols: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """Codes (-1 = all missing) and the distinct value tuples of the identifier's columns, as a
    frame (one row per code)."""
    if len(cols) == 1:
        codes, uniques = pd.factorize(df[cols[0]], use_na_sentinel=True)
        return codes, pd.DataFrame({cols[0]: pd.Series(uniques).astype("str")})
    sub = df[list(cols)]
    codes = sub.groupby(list(cols), dropna=False, sort=False).ngroup().to_numpy().astype(np.int64)
    _, first = np.unique(codes, return_index=True)  # first row of each group, by group number
    firsts = sub.iloc[first].reset_index(drop=True)
    all_missing = sub.isna().all(axis=1).to_numpy()
    codes[all_missing] = -1
    return codes, firsts


_DIGIT_KINDS = {"bsn", "rsin", "kvk", "branch", "phone"}
_FLOAT_INT = r"^\s*[+]?[0-9]+\.0+\s*$"
_WHOLE_PSEUDONYM = "^(?:" + "|".join(sorted({v["prefix"] for v in IDENTIFIER_KINDS.values()})) \
    + ")-[0-9a-f]{24}$"


def _match(s: pd.Series, pattern: str) -> np.ndarray:
    """Mask of cells matching an RE2 ``pattern`` (pyarrow, column-wise); NA is False."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pa.array(s, type=pa.string(), from_pandas=True)
    return np.asarray(pc.fill_null(pc.match_substring_regex(arr, pattern), False)
                      .to_numpy(zero_copy_only=False), dtype=bool)


def _prepare(ident: Identifier, df: pd.DataFrame, spec: ExtractSpec
             ) -> tuple[pd.DataFrame, np.ndarray]:
    """The identifier's columns, cleaned column-wise: invisible characters removed, integer-valued
    float text (``909769692.0``) read as its integer for digit kinds, sentinel birth dates made
    missing. Also returns the rows whose birth date was a sentinel."""
    sub = pd.DataFrame({c: df[c] for c in ident.columns})
    sentinel = np.zeros(len(df), dtype=bool)
    for c in ident.columns:
        col = sub[c].astype("str")
        if _match(col, f"[{INVISIBLE}\u00a0\u202f\u2007]").any():
            col = col.map(clean_invisible, na_action="ignore").astype("str")
        if ident.kind in _DIGIT_KINDS:
            hit = _match(col, _FLOAT_INT)
            if hit.any():
                col = col.copy()
                col[hit] = col[hit].str.replace(r"\.0+", "", regex=True)
        sub[c] = col
    if ident.kind == "name_dob" and spec.sentinel_dates:
        dob = ident.columns[-1]
        hit = sub[dob].str.strip().isin(set(spec.sentinel_dates)).fillna(False).to_numpy(bool)
        if hit.any():
            sentinel = hit
            sub.loc[hit, dob] = pd.NA
    return sub, sentinel


def _process(ident: Identifier, df: pd.DataFrame, key: bytes, cache: dict[tuple[str, str], str],
             spec: ExtractSpec | None = None):
    """Pseudonyms per row (None = empty) and per-row failure (reason, detail) codes.

    Column-wise: the distinct value tuples are normalised once (vectorised fast paths per kind,
    the exact per-value normaliser for everything else), the distinct normalised values hashed
    once."""
    sub, sentinel = _prepare(ident, df, spec) if spec is not None else (
        df[list(ident.columns)], np.zeros(len(df), dtype=bool))
    codes, udf = _values(sub, list(ident.columns))
    n_u = len(udf)
    status = np.zeros(n_u + 1, dtype=np.int8)  # 0 ok, 1 missing, 2 failed
    fails: list[tuple[str, str] | None] = [None] * (n_u + 1)
    norm = fast_normalise(ident.kind, udf).astype(object)
    todo = np.flatnonzero(norm.isna().to_numpy())
    if len(todo):
        slow = udf.iloc[todo].astype(object)
        slow = slow.where(slow.notna(), None)
        fixed = []
        for j, vals in zip(todo.tolist(), slow.itertuples(index=False, name=None), strict=True):
            try:
                v = normalise(ident.kind, list(vals))
            except NetwerkError as exc:
                status[j] = 2
                fails[j] = (str(exc.reason), exc.message)
                v = None
            else:
                if v is None:
                    status[j] = 1
            fixed.append(v)
        norm.iloc[todo] = fixed
    status[n_u] = 1
    ok = np.flatnonzero(status[:n_u] == 0)
    pseud = np.empty(n_u + 1, dtype=object)
    if len(ok):
        # hash each distinct normalised value once (shared cache across identifiers of a kind)
        ncodes, distinct = pd.factorize(norm.iloc[ok], use_na_sentinel=True)
        distinct = distinct.tolist()
        got = [cache.get((ident.kind, v)) for v in distinct]
        need = [v for v, p in zip(distinct, got, strict=True) if p is None]
        if need:
            fresh = dict(zip(need, hash_many(ident.kind, need, key), strict=True))
            for v, p in fresh.items():
                cache[(ident.kind, v)] = p
            got = [fresh.get(v) if p is None else p for v, p in zip(distinct, got, strict=True)]
        pseud[ok] = np.asarray(got, dtype=object)[ncodes]
    idx = np.where(codes < 0, n_u, codes)
    row_status = status[idx]
    if sentinel.any():  # a placeholder birth date: the key is not formed, the row says why
        row_status = row_status.copy()
        fails.append((str(Reason.MISSING_IDENTIFIER),
                      "name_dob: birth date is a placeholder (sentinel date), treated as unknown"))
        idx = np.where(sentinel, len(fails) - 1, idx)
        row_status[sentinel] = 2
        pseud = np.append(pseud, None)
    return pseud[idx], row_status, idx, fails


def hash_many(kind: str, values: list[str], key: bytes) -> list[str]:
    """Pseudonyms of many distinct normalised values (equal to :func:`pseudonym` of each).

    The key block and domain tag are absorbed once; each value then costs two SHA-256
    continuations (about 2-3 µs). Callers hash each distinct value once.

    Examples
    --------
    >>> hash_many("bsn", ["111222333"], b"k" * 16) == [pseudonym("bsn", "111222333", b"k" * 16)]
    True
    """
    h = _Hasher(key, kind)
    return [h(v) for v in values]


def _layout(spec: ExtractSpec, columns: list[str]) -> list[tuple[str, Identifier | None]]:
    """Output columns in order: (name, identifier or None for a column kept as is). Only the
    columns the spec maps (and its ``keep`` list) are written: data minimisation."""
    allowed = set(spec.raw_columns()) | set(spec.keep)
    ident_cols: dict[str, list[Identifier]] = {}
    for ident in spec.identifiers:
        for c in ident.columns:
            ident_cols.setdefault(c, []).append(ident)
    placed: set[str] = set()
    out: list[tuple[str, Identifier | None]] = []
    for c in columns:
        if c == ROW_COLUMN:
            continue
        if c in ident_cols:
            for ident in ident_cols[c]:
                if ident.output_column not in placed:
                    placed.add(ident.output_column)
                    out.append((ident.output_column, ident))
        elif c in allowed:
            out.append((c, None))
    names = [n for n, _ in out]
    dup = {n for n in names if names.count(n) > 1}
    dup |= {n for n, ident in out if ident is not None and n in columns and n not in ident_cols}
    if dup:
        raise SpecError(f"pseudonym column(s) {', '.join(sorted(dup))} would overwrite another "
                        "column of the file; choose another 'output' name",
                        file=spec.name)
    return out


def check_not_pseudonymised(df: pd.DataFrame, spec: ExtractSpec, *, file: str = "") -> None:
    """Refuse a frame whose identifier columns already hold netwerk pseudonyms.

    Pseudonymising a shared extract again would empty every identifier (a pseudonym is no valid
    BSN) and leave nothing to link. Raises :class:`~netwerk.errors.InputError` with reason
    ``ALREADY_PSEUDONYMISED`` naming the column and the first row.

    Examples
    --------
    >>> from netwerk.ingest.spec import ExtractSpec
    >>> spec = ExtractSpec(name="t", partner="p", identifiers=[{"columns": ["bsn"], "kind": "bsn"}])
    >>> check_not_pseudonymised(pd.DataFrame({"bsn": ["111222333"]}), spec)
    """
    rows = df[ROW_COLUMN].to_numpy() if ROW_COLUMN in df.columns else np.arange(1, len(df) + 1)
    for ident in spec.identifiers:
        for c in ident.columns:
            if c not in df.columns:
                continue
            hit = _match(df[c], _WHOLE_PSEUDONYM)
            if hit.any():
                raise InputError(
                    f"already pseudonymised: values are pseudonyms ({int(hit.sum())} row(s) of "
                    f"column '{c}'); pseudonymise the partner's raw export, not a shared extract",
                    reason=Reason.ALREADY_PSEUDONYMISED, file=file, row=int(rows[hit][0]),
                    column=c)


def _guard_text(shared: pd.DataFrame, columns: list[str], spec: ExtractSpec, file: str
                ) -> dict[str, int]:
    """Scan the written non-identifier columns with the privacy detectors; refuse or mask."""
    from .leakguard import scan_text_columns

    findings = scan_text_columns(shared, columns, file=file, patterns=spec.raw_patterns)
    if not findings:
        return {}
    if spec.raw_in_text == "refuse":
        f = findings[0]
        more = "; ".join(g.describe() for g in findings)
        raise LeakError(
            f"raw identifiers in columns that would be shared: {more}. Remove them from the "
            "export, leave the column out of the spec, or set 'raw_in_text: mask' in the spec",
            reason=Reason.RAW_IDENTIFIER, file=file, row=f.example_rows[0], column=f.column)
    extra = compile_patterns(spec.raw_patterns)
    masked: dict[str, int] = {}
    for col in dict.fromkeys(f.column for f in findings):
        before = shared[col]
        codes, uniq = pd.factorize(before, use_na_sentinel=True)
        new = [mask_text(u, extra) for u in uniq.tolist()]
        changed = np.array([a != b for a, b in zip(new, uniq.tolist(), strict=True)] + [False])
        shared[col] = pd.array(np.array(new + [None], dtype=object)[
            np.where(codes < 0, len(new), codes)], dtype="str")
        masked[col] = int(changed[np.where(codes < 0, len(new), codes)].sum())
        log.warning("%s: column '%s': raw identifiers masked in %d cell(s)", file, col,
                    masked[col])
    return masked


def pseudonymise_frame(
    df: pd.DataFrame,
    spec: ExtractSpec,
    key: bytes,
    *,
    file: str | None = None,
    progress: Progress | None = None,
    reid: bool = True,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Replace the identifier columns of a raw frame by pseudonym columns.

    Parameters
    ----------
    df : pd.DataFrame
        Raw frame as read by :func:`~netwerk.ingest.readers.read_table` (text cells, ``_row``).
    spec : ExtractSpec
    key : bytes
        Pseudonymisation key (:func:`load_key`).
    file : str, optional
        File name written in the rejects table (default ``df.attrs["file"]``).
    progress : callable, optional
        Called as ``progress(step, done, total)`` after each identifier.
    reid : bool
        Build the re-identification table (``False`` returns it empty, which saves time).

    Returns
    -------
    shared : pd.DataFrame
        Kept rows: pseudonym columns in place of the identifier columns, the other columns the
        spec maps (or lists in ``keep``) unchanged, ``_row`` kept (not written by
        ``write_table``). Every other column is dropped (``attrs["dropped_columns"]``). Raw
        identifiers inside written text columns refuse the frame (``LeakError``) or are masked
        (``raw_in_text: mask``; counts per column in ``attrs["masked_cells"]``).
    rejects : pd.DataFrame
        Columns file, row, column, reason, detail; sorted by row. No raw values.
    reid_table : pd.DataFrame
        pseudonym, kind, normalised for every pseudonym in ``shared`` (stays with the partner),
        sorted by kind and pseudonym.

    Raises
    ------
    InputError
        ``ALREADY_PSEUDONYMISED`` when identifier columns hold pseudonyms.
    LeakError
        ``RAW_IDENTIFIER`` when a written text column holds a raw identifier and the spec says
        ``raw_in_text: refuse`` (the default); names file, row and column, never the value.

    Notes
    -----
    Column-wise: each identifier's distinct value tuples are normalised once (vectorised fast
    paths, :func:`~netwerk.ingest.normalise.fast_normalise`) and each distinct normalised value is
    hashed once. Records the reader rejected (``df.attrs["read_rejects"]``) are added to the
    rejects, so ``rows read = rows written + rejected rows`` still holds.
    """
    file = mask_name(file or df.attrs.get("file", ""))
    n = len(df)
    rows = df[ROW_COLUMN].to_numpy() if ROW_COLUMN in df.columns else np.arange(1, n + 1)
    check_not_pseudonymised(df, spec, file=file)
    layout = _layout(spec, list(df.columns))
    written = {name for name, _ in layout}
    dropped = [str(c) for c in df.columns if c != ROW_COLUMN and c not in written
               and not any(c in i.columns for i in spec.identifiers)]
    if dropped:
        log.warning("%s: %d column(s) not in the spec left out of the shared extract: %s", file,
                    len(dropped), ", ".join(mask_name(c) for c in dropped))
    cache: dict[tuple[str, str], str] = {}
    results: dict[str, np.ndarray] = {}
    problems: list[tuple[Identifier, np.ndarray, np.ndarray, list]] = []
    rejected = np.zeros(n, dtype=bool)
    for i, ident in enumerate(spec.identifiers):
        pseud, status, idx, fails = _process(ident, df, key, cache, spec)
        results[ident.output_column] = pseud
        bad = status == 2
        if ident.required:
            rejected |= bad | (status == 1)
        problems.append((ident, status, idx, fails))
        if progress is not None:
            progress(f"identifier {ident.output_column}", i + 1, len(spec.identifiers))
    lines: list[tuple[int, int, str, str, str]] = []
    emptied = 0
    for order, (ident, status, idx, fails) in enumerate(problems):
        col = "+".join(ident.columns)
        show = (status == 2) | ((status == 1) & ident.required)
        for r in np.flatnonzero(show):
            if status[r] == 2:
                reason, detail = fails[idx[r]]
            else:
                reason, detail = str(Reason.MISSING_IDENTIFIER), f"{ident.kind} missing"
            if rejected[r]:
                detail += "; row rejected"
            else:
                detail += "; cell emptied, row kept"
                emptied += 1
            lines.append((int(rows[r]), order, col, reason, detail))
    for r, col, reason, detail in df.attrs.get("read_rejects", []) or []:
        lines.append((int(r), -1, col, reason, detail))
    lines.sort(key=lambda t: (t[0], t[1]))
    rejects = pd.DataFrame(
        [(file, r, c, reason, d) for r, _, c, reason, d in lines], columns=REJECT_COLUMNS
    ).astype({"row": "int64"})
    keep = ~rejected
    kept = df.iloc[np.flatnonzero(keep)].reset_index(drop=True)  # other columns as they were
    out: dict[str, object] = {}
    for name, ident in layout:
        out[name] = kept[name] if ident is None else pd.array(results[name][keep], dtype="str")
    shared = pd.DataFrame(out, index=pd.RangeIndex(len(kept)))
    shared[ROW_COLUMN] = rows[keep]
    text_cols = [name for name, ident in layout if ident is None]
    masked = _guard_text(shared, text_cols, spec, file)
    shared.attrs.update(df.attrs)
    shared.attrs["dropped_columns"] = dropped
    shared.attrs["masked_cells"] = masked
    reid_table = _reid_table(shared, layout, cache) if reid else pd.DataFrame(
        columns=["pseudonym", "kind", "normalised"], dtype="str")
    shared.attrs["cells_emptied"] = emptied
    return shared, rejects, reid_table


def _reid_table(shared: pd.DataFrame, layout, cache: dict[tuple[str, str], str]) -> pd.DataFrame:
    used: set[str] = set()
    for name, ident in layout:
        if ident is not None:
            used.update(pd.unique(shared[name].dropna().to_numpy()))
    rows = sorted((k, p, v) for (k, v), p in cache.items() if p in used)
    return pd.DataFrame([(p, k, v) for k, p, v in rows], columns=["pseudonym", "kind", "normalised"],
                        dtype="str")


def sidecar_path(out_path: str | Path) -> Path:
    """``<extract file>.netwerk.json``."""
    return Path(f"{out_path}.netwerk.json")


def rejects_path(out_path: str | Path) -> Path:
    """``<extract file>.rejects.csv``."""
    return Path(f"{out_path}.rejects.csv")


def pseudonymise_file(
    raw_path: str | Path,
    spec: ExtractSpec,
    key: bytes,
    out_path: str | Path,
    *,
    reid_path: str | Path | None = None,
    progress: Progress | None = None,
) -> PseudonymiseResult:
    """Pseudonymise one raw export into a shareable extract (+ sidecar, rejects, optional reid).

    Parameters
    ----------
    raw_path : str or Path
        The partner's raw export.
    spec : ExtractSpec
    key : bytes
    out_path : str or Path
        The pseudonymised extract (same format as the raw file). Beside it:
        ``<out>.rejects.csv`` and ``<out>.netwerk.json`` (see ``docs/architecture.md``).
    reid_path : str or Path, optional
        Where to write the re-identification table (CSV, UTF-8). Never written unless given.
    progress : callable, optional
        ``progress(step, done, total)``.

    Returns
    -------
    PseudonymiseResult
    """
    from .. import __version__

    raw_p, out_p = Path(raw_path), Path(out_path)
    if len(key) < MIN_KEY_BYTES:
        raise InputError(f"key is {len(key)} bytes; at least {MIN_KEY_BYTES} are needed",
                         reason=Reason.MISSING_KEY)
    targets = [out_p, rejects_path(out_p), sidecar_path(out_p)] + ([Path(reid_path)] if reid_path else [])
    if raw_p.exists() and any(t.exists() and t.resolve() == raw_p.resolve() for t in targets):
        raise InputError("output would overwrite the raw file", reason=Reason.INVALID_ARGUMENT,
                         file=str(raw_p))
    if reid_path and Path(reid_path).resolve() == out_p.resolve():
        raise InputError("the re-identification table cannot be the shared extract",
                         reason=Reason.INVALID_ARGUMENT, file=str(reid_path))
    steps = len(spec.identifiers) + 2

    def step(what: str, done: int) -> None:
        if progress is not None:
            progress(what, done, steps)

    if sidecar_path(raw_p).exists():
        raise InputError(f"already pseudonymised: sidecar found ({sidecar_path(raw_p).name}); "
                         "pseudonymise the partner's raw export, not a shared extract",
                         reason=Reason.ALREADY_PSEUDONYMISED, file=mask_name(raw_p.name))
    df = read_table(raw_p, spec, shared=False)
    step("read", 1)
    shared, rejects, reid = pseudonymise_frame(
        df, spec, key, file=mask_name(raw_p.name), reid=reid_path is not None,
        progress=None if progress is None else (lambda w, d, t: step(w, 1 + d)))
    out_p.parent.mkdir(parents=True, exist_ok=True)
    write_table(shared, out_p, spec, encoding=df.attrs.get("encoding"),
                delimiter=df.attrs.get("delimiter"),
                lineterminator=df.attrs.get("lineterminator", "\n"))
    rejects.to_csv(rejects_path(out_p), index=False, encoding="utf-8", lineterminator="\n")
    read_rejects = len(df.attrs.get("read_rejects", []) or [])
    rows_read, rows_written = len(df) + read_rejects, len(shared)
    n_rejected = rows_read - rows_written
    fp = key_fingerprint(key)
    sidecar = {
        "spec": spec.name,
        "partner": spec.partner,
        "key_fingerprint": fp,
        "rows_read": rows_read,
        "rows_written": rows_written,
        "rejects": n_rejected,
        "empty_lines": int(df.attrs.get("empty_lines", 0)),
        "repeated_headers": int(df.attrs.get("repeated_headers", 0)),
        "read_notes": list(df.attrs.get("notes", []) or []),
        "dropped_columns": [mask_name(c) for c in shared.attrs.get("dropped_columns", [])],
        "raw_in_text": spec.raw_in_text,
        "masked_cells": dict(shared.attrs.get("masked_cells", {}) or {}),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "netwerk_version": __version__,
    }
    sidecar_path(out_p).write_text(json.dumps(sidecar, indent=2) + "\n", encoding="utf-8")
    paths = {"out": out_p, "rejects": rejects_path(out_p), "sidecar": sidecar_path(out_p)}
    if reid_path is not None:
        reid.to_csv(reid_path, index=False, encoding="utf-8", lineterminator="\n")
        paths["reid"] = Path(reid_path)
    step("write", steps)
    log.info("%s: %d rows read, %d written, %d rejected", mask_name(raw_p.name), rows_read,
             rows_written, n_rejected)
    return PseudonymiseResult(
        rows_read=rows_read,
        rows_written=rows_written,
        rejects=n_rejected,
        cells_emptied=int(shared.attrs.get("cells_emptied", 0)),
        reject_lines=len(rejects),
        key_fingerprint=fp,
        paths=paths,
        dropped_columns=tuple(sidecar["dropped_columns"]),
        notes=tuple(sidecar["read_notes"]),
        masked_cells=dict(sidecar["masked_cells"]),
        empty_lines=sidecar["empty_lines"],
        repeated_headers=sidecar["repeated_headers"],
    )
