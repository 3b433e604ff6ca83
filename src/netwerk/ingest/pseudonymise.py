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
  in "cell emptied, row kept"); an optional identifier that is simply missing stays empty silently;
* a date column of the spec (relation ``observed``/``valid_from``/``valid_to``, ``type: date``
  attributes) whose cell is not a date in the spec's ``date_format`` (nor ISO, nor a sentinel date)
  rejects the row (reason ``unparsable_date``), as ingest would, but here where the partner can
  correct it; a bare number there gets the hint "Excel-serienummer?".

Speed and memory: a CSV is streamed in chunks of whole records (16 MiB;
:func:`~netwerk.ingest.readers.plan_csv` takes the file-wide decisions first; in a file with quotes
a chunk ends at a record's end and only the lines holding a quote go through the csv module), each
distinct raw
value is cleaned, normalised and hashed once per file (an outcome cache, bounded), and the output
is written chunk by chunk to a temporary file that only replaces ``<out>`` when the whole file
passed; optionally in worker processes. The result is the same byte for byte as reading the file
at once (``tests/ingest/test_streaming.py``, ``tests/ingest/test_reader_quoted_stream.py``).
Other files (XLSX, Parquet, CSV in UTF-16) are read whole. Figures: ``benchmarks/README.md``.

* a raw identifier inside a written text column refuses the file (``raw_in_text: refuse``, the
  default) or is masked (``raw_in_text: mask``): each masked cell gets a line with reason
  ``masked_raw_identifier`` naming its row and column and the masked shape (the row is kept),
  so the lines of a column add up to its count in the sidecar's ``masked_cells``.

The rejects file (``<out>.rejects.csv``, columns ``file,row,column,reason,detail``; for a
workbook ``file,sheet,row,...`` with the sheet's own Excel row) never holds a raw identifier
value, only why it failed. The re-identification table (pseudonym, kind, normalised value) is
written only when asked for and must stay with the partner. Both are written by
:func:`netwerk.io.write_csv` (UTF-8 with BOM, formula-like text neutralised; the rejects file
checked by the output guard, the re-identification table not: it holds raw values by design).
The partner's run also applies ingest's date and grading checks, so a row ingest would reject
is rejected here, naming row and column, where the export can still be corrected.
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
from ..i18n import gettext, in_language, ngettext
from ..io import write_csv
from ..privacy import (
    candidates,
    compile_patterns,
    find_raw_identifiers,
    mask_name,
    mask_text,
    masked_shape,
)
from ..privacy import kind_label as detector_label
from ..provenance import file_sha256
from ._values import kind_label
from .names import DATE_AT_MIDNIGHT, sentinel_mask
from .normalise import EXCEL_GUARD, fast_normalise, kind_shapes, normalise, unwrap_cell
from .placeholders import excel_error_mask, name_placeholder_mask
from .readers import (
    INVISIBLE,
    ROW_COLUMN,
    SHEET_COLUMN,
    CsvPlan,
    _in_sheet,
    _Lines,
    clean_invisible,
    csv_data,
    finish_frame,
    iter_csv_chunks,
    plan_csv,
    read_csv_chunk,
    read_table,
    repeated_headers_skipped,
    write_table,
)
from .sidecar import spec_settings, spec_sha256, written_settings
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
#: the rejects of a workbook also name the sheet: its ``row`` is that sheet's own Excel row
SHEET_REJECT_COLUMNS = ["file", "sheet", "row", "column", "reason", "detail"]
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
            raise InputError(gettext("sleutelbestand niet gevonden"), reason=Reason.MISSING_KEY, file=str(p))
        key = p.read_bytes()
        source = str(p)
    else:
        env = os.environ.get("NETWERK_KEY")
        if env is None:
            raise InputError(gettext("geen pseudonimiseringssleutel: geef --key-file of zet NETWERK_KEY"),
                             reason=Reason.MISSING_KEY)
        key = env.encode("utf-8")
        source = "NETWERK_KEY"
    key = key.removesuffix(b"\n").removesuffix(b"\r")
    if len(key) < MIN_KEY_BYTES:
        raise InputError(gettext("de sleutel uit {bron} is {n} bytes; er zijn er minstens {min} "
                                 "nodig (gebruik bijv. 32 willekeurige bytes)", bron=source,
                                 n=len(key), min=MIN_KEY_BYTES), reason=Reason.MISSING_KEY)
    return key


def _prefix(kind: str) -> str:
    try:
        return IDENTIFIER_KINDS[kind]["prefix"]
    except KeyError:
        raise InputError(gettext("onbekende identificatorsoort '{soort}'", soort=kind),
                         reason=Reason.INVALID_ARGUMENT) from None


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
    """What :func:`pseudonymise_file` did. ``rows_read == rows_written + rejects`` always.
    ``netwerk pseudonymise`` prints it in the user's language
    (:func:`netwerk.cli.pseudonymise_cmd.describe`)."""

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
    #: rows (CSV lines) above a header that is not in row 1, skipped; with the header rows, the
    #: empty rows and the repeated headers they make up the rows of the file besides
    #: ``rows_read`` (``notes`` say where the header was and name rows above it holding data)
    rows_above_header: int = 0
    #: a workbook's hidden or filtered-out rows with data not read (``hidden_rows: skip``):
    #: counted besides ``rows_read`` like the rows above; ``notes`` name them per sheet
    hidden_rows_skipped: int = 0


def _values(df: pd.DataFrame, cols: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """Codes (-1 = all missing) and the distinct value tuples of the identifier's columns, as a
    frame (one row per code, text columns).

    Several columns: each column is factorised on its own and the codes combined into one
    integer per row (mixed radix), which is factorised again; that is exact (no hashing of
    joined text) and much faster than a multi-column group-by."""
    if len(cols) == 1:
        codes, uniques = pd.factorize(df[cols[0]], use_na_sentinel=True)
        return codes, pd.DataFrame({cols[0]: pd.Series(uniques).astype("str")})
    per = [pd.factorize(df[c], use_na_sentinel=True) for c in cols]
    sizes = [len(u) + 1 for _, u in per]
    if float(np.prod(np.array(sizes, dtype=float))) >= 2.0 ** 62:  # would overflow int64
        sub = df[list(cols)]
        codes = sub.groupby(list(cols), dropna=False, sort=False).ngroup().to_numpy()
        codes = codes.astype(np.int64)
        _, first = np.unique(codes, return_index=True)  # first row of each group
        firsts = sub.iloc[first].reset_index(drop=True).astype("str")
        codes[sub.isna().all(axis=1).to_numpy()] = -1
        return codes, firsts
    combined = np.zeros(len(df), dtype=np.int64)
    for (c, _), size in zip(per, sizes, strict=True):
        combined = combined * size + (c.astype(np.int64) + 1)
    codes, first_keys = pd.factorize(combined, sort=False)
    codes = codes.astype(np.int64)
    _, first = np.unique(codes, return_index=True)  # first row of each tuple, in code order
    firsts = pd.DataFrame({c: df[c].iloc[first].reset_index(drop=True).astype("str")
                           for c in cols})
    all_missing = first_keys == 0
    if all_missing.any():
        codes[all_missing[codes]] = -1
    return codes, firsts


_DIGIT_KINDS = {"bsn", "rsin", "kvk", "branch", "phone"}
#: kinds whose value may come from a number cell: integer-valued float text is its integer
#: (``12345678,0`` -> ``12345678``, a police number typed as a number); any other number text is
#: refused by their normalisers (``normalise.NUMBER_TEXT``)
_NUMBER_KINDS = _DIGIT_KINDS | {"police_id", "permit_id", "parcel", "plate", "iban"}
_FLOAT_INT = r"^\s*[+]?[0-9]+[.,]0+\s*$"  # 909769692.0, or 909769692,0 from a Dutch Excel
_PSEUDONYM_WIDTHS = sorted({len(v["prefix"]) + 25 for v in IDENTIFIER_KINDS.values()})
#: a pseudonym anywhere in a cell, whatever the case or the characters around it (a shared
#: extract re-saved by a spreadsheet: " BSN-…", "bsn-…", a trailing NBSP): not a raw value
_ANY_PSEUDONYM = "(?i)(?:^|[^0-9a-z])(?:" + "|".join(
    sorted({v["prefix"] for v in IDENTIFIER_KINDS.values()})) + ")-[0-9a-f]{24}(?:[^0-9a-z]|$)"


def _match(s: pd.Series, pattern: str, *, needs: str | None = None) -> np.ndarray:
    """Mask of cells matching an RE2 ``pattern`` (pyarrow, column-wise); NA is False.

    ``needs`` says which cells can match at all, so only those go through the pattern:
    ``"non-ascii"`` (the pattern matches only characters above U+007F) or a literal text every
    match contains.

    Examples
    --------
    >>> s = pd.Series(["Jan", "Ja\u200bn", None, "12.0"], dtype="str")
    >>> _match(s, "[\u200b]", needs="non-ascii").tolist(), _match(s, "[.]0$", needs=".").tolist()
    ([False, True, False, False], [False, False, False, True])
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pa.array(s, type=pa.large_string(), from_pandas=True)
    if needs is None:
        return np.asarray(pc.fill_null(pc.match_substring_regex(arr, pattern), False)
                          .to_numpy(zero_copy_only=False), dtype=bool)
    can = pc.invert(pc.string_is_ascii(arr)) if needs == "non-ascii" else \
        pc.match_substring(arr, needs)
    idx = np.flatnonzero(np.asarray(pc.fill_null(can, False).to_numpy(zero_copy_only=False),
                                    dtype=bool))
    out = np.zeros(len(arr), dtype=bool)
    if len(idx):
        out[idx] = np.asarray(pc.match_substring_regex(arr.take(pa.array(idx)), pattern)
                              .to_numpy(zero_copy_only=False), dtype=bool)
    return out


def _prepare(ident: Identifier, udf: pd.DataFrame, spec: ExtractSpec | None
             ) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray]:
    """The identifier's distinct value tuples, cleaned column-wise: invisible characters removed,
    integer-valued float text (``909769692.0``) read as its integer for the single-column kinds
    (digit and text kinds: a number cell) and a house number, sentinel birth dates made missing.
    Also returns which tuples had a sentinel birth date, which a placeholder value
    (:func:`placeholder_mask`, the spec's ``placeholder_values``; a name part also by
    :func:`~netwerk.ingest.placeholders.name_placeholder_mask`: ``N. N.``, ``Naam onbekend``)
    and which an Excel error value in any of its columns (``#N/A``, ``#N/B``:
    :func:`~netwerk.ingest.placeholders.excel_error_mask`, whatever the spec says).

    Cleaning is a function of each value, so cleaning the distinct tuples is cleaning every row."""
    sub = udf.copy()
    sentinel = np.zeros(len(udf), dtype=bool)
    for i, c in enumerate(ident.columns):
        col = sub[c].astype("str")
        if _match(col, f"[{INVISIBLE}\u00a0\u202f\u2007]", needs="non-ascii").any():
            col = col.map(clean_invisible, na_action="ignore").astype("str")
        if _guarded_column(ident, i):  # Excel's text guards: '0612345678, ="PN04474209"
            hit = _excel_guards(col)
            if hit.any():
                col = col.copy()
                col[hit] = col[hit].map(unwrap_cell).astype("str")
        # a number cell written as float text: one-column kinds and an address's house number
        if ident.kind in _NUMBER_KINDS or (ident.kind == "address" and i == 1):
            hit = _match(col, _FLOAT_INT, needs=".") | _match(col, _FLOAT_INT, needs=",")
            if hit.any():
                col = col.copy()
                col[hit] = col[hit].str.replace(r"[.,]0+", "", regex=True)
        sub[c] = col
    if spec is not None and ident.kind == "name_dob" and spec.sentinel_dates:
        dob = ident.columns[-1]
        hit = sentinel_mask(sub[dob], spec.sentinel_dates)  # by date, not by spelling
        if hit.any():
            sentinel = hit
            sub.loc[hit, dob] = pd.NA
    placeholder = np.zeros(len(udf), dtype=bool)
    excel = np.zeros(len(udf), dtype=bool)
    for c in ident.columns:  # a failed lookup in any part (also a birth date or an addition)
        excel |= excel_error_mask(sub[c])
    if spec is not None and spec.placeholder_values:
        for c in _placeholder_columns(ident):  # house number 0: an invalid address, as before
            placeholder |= placeholder_mask(sub[c], spec.placeholder_values,
                                            zeros=ident.kind != "address")
            if ident.kind == "name_dob":  # N. N., Anoniem Anoniem, Naam onbekend
                placeholder |= name_placeholder_mask(sub[c], spec.placeholder_values)
        placeholder &= ~sentinel
    sentinel &= ~excel
    placeholder &= ~excel
    return sub, sentinel, placeholder, excel


def _guarded_column(ident: Identifier, i: int) -> bool:
    """Whether column ``i`` of an identifier has Excel's text guards unwrapped and counted: every
    column but a name's (name parts fold quotes and ``=`` away themselves, and a leading ``'``
    there is as likely the ``'t`` of a surname)."""
    if ident.kind != "name_dob":
        return True
    return i == len(ident.columns) - 1  # the birth date


def _excel_guards(col: pd.Series) -> np.ndarray:
    """Cells holding one of Excel's text guards (:data:`~netwerk.ingest.normalise.EXCEL_GUARD`:
    a leading ``'`` or a whole-cell ``="..."``); NA is False. Column-wise (pyarrow)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pa.array(col, type=pa.large_string(), from_pandas=True)
    # a guard stands first: one anchored pass finds the few candidates, the full test runs on them
    idx = np.flatnonzero(pc.fill_null(pc.match_substring_regex(arr, r"^[ \t]*['=]"), False)
                         .to_numpy(zero_copy_only=False))
    out = np.zeros(len(arr), dtype=bool)
    if len(idx):
        out[idx] = np.asarray(pc.match_substring_regex(arr.take(pa.array(idx)), EXCEL_GUARD)
                              .to_numpy(zero_copy_only=False), dtype=bool)
    return out


def _cleaned_counts(df: pd.DataFrame, spec: ExtractSpec) -> dict[str, dict[str, int]]:
    """Per column, the cells whose text was cleaned before reading and how: ``excel_guard`` (an
    Excel text guard unwrapped in an identifier column) and ``midnight`` (a midnight time left
    out of a birth date or a date column of the spec). Said once per column and file
    (:func:`_log_cleaned`); counted on rows, not on distinct values."""
    out: dict[str, dict[str, int]] = {}

    def add(col: str, what: str, n: int) -> None:
        if n:
            out.setdefault(col, {})
            out[col][what] = out[col].get(what, 0) + n

    seen: set[str] = set()
    dates = list(_date_columns(spec))
    for ident in spec.identifiers:
        for i, c in enumerate(ident.columns):
            if c in df.columns and c not in seen and _guarded_column(ident, i):
                seen.add(c)
                add(c, "excel_guard", int(_excel_guards(df[c].astype("str")).sum()))
        if ident.kind == "name_dob":
            dates.append(ident.columns[-1])
    for c in dict.fromkeys(dates):
        if c in df.columns:
            add(c, "midnight", int(_match(df[c].astype("str"), DATE_AT_MIDNIGHT, needs=":").sum()))
    return out


def _merge_counts(into: dict[str, dict[str, int]], more: dict[str, dict[str, int]]) -> None:
    for col, per in more.items():
        for what, n in per.items():
            into.setdefault(col, {})
            into[col][what] = into[col].get(what, 0) + n


def _log_cleaned(file: str, cleaned: dict[str, dict[str, int]], spec: ExtractSpec) -> None:
    """One line per column and kind of cleaning (:func:`_cleaned_counts`)."""
    for col, per in cleaned.items():
        shown = mask_name(col, spec.raw_patterns)
        if per.get("excel_guard"):
            log.warning(ngettext(
                "{bestand}: kolom '{kolom}': Excel-tekstmarkering verwijderd (' of =\"...\") in "
                "{n} cel", "{bestand}: kolom '{kolom}': Excel-tekstmarkering verwijderd (' of "
                "=\"...\") in {n} cellen", per["excel_guard"], bestand=file, kolom=shown))
        if per.get("midnight"):
            log.warning(ngettext(
                "{bestand}: kolom '{kolom}': tijd 00:00:00 weggelaten in {n} cel (middernacht is "
                "de datum zelf)", "{bestand}: kolom '{kolom}': tijd 00:00:00 weggelaten in {n} "
                "cellen (middernacht is de datum zelf)", per["midnight"], bestand=file,
                kolom=shown))


def _placeholder_columns(ident: Identifier) -> list[str]:
    """The columns of an identifier where a placeholder text means "unknown": not an address's
    letter/addition (``-`` is "none" there), not a surname prefix, not a birth date (that is
    :func:`~netwerk.ingest.names.sentinel_mask`'s)."""
    cols = list(ident.columns)
    if ident.kind == "address":
        return cols[:2]
    if ident.kind == "name_dob":
        return [cols[0], cols[2]] if len(cols) == 4 else cols[:2]
    return cols


def placeholder_mask(values: pd.Series, placeholders, *, zeros: bool = True) -> np.ndarray:
    """Which cells are a placeholder for "unknown": one of ``placeholders`` after trimming spaces,
    ignoring case, or (with ``zeros``) only zeros (``000000000``). Vectorised (Arrow compute).
    Missing cells are False.

    Examples
    --------
    >>> s = pd.Series(["Onbekend", " n.v.t. ", "000", "0123", "PN01", None, "-"], dtype="str")
    >>> placeholder_mask(s, ["onbekend", "n.v.t.", "-"]).tolist()
    [True, True, True, False, False, False, True]
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    raw = pa.array(values, type=pa.large_string(), from_pandas=True)
    out = np.zeros(len(raw), dtype=bool)
    known = sorted({str(p).strip().lower() for p in placeholders})
    # only short cells can be a placeholder word, only cells with a 0 all zeros: the few
    # candidates go through the text functions (most cells are long names or numbers)
    width = max((len(k) for k in known), default=0)
    short = pc.less_equal(pc.utf8_length(raw), width + 4)
    if zeros:
        short = pc.or_(short, pc.starts_with(pc.utf8_ltrim_whitespace(raw), "0"))
    idx = np.flatnonzero(pc.fill_null(short, False).to_numpy(zero_copy_only=False))
    if not len(idx):
        return out
    arr = pc.utf8_lower(pc.utf8_trim_whitespace(raw.take(pa.array(idx))))
    hit = pc.is_in(arr, value_set=pa.array(known, pa.large_string()))
    if zeros:
        hit = pc.or_(hit, pc.match_substring_regex(arr, r"^0+$"))
    out[idx] = pc.fill_null(hit, False).to_numpy(zero_copy_only=False)
    return out


#: kinds whose numbers can be a dummy of one repeated digit (``999999990``, ``PN00000000``),
#: with whether a last check digit may differ (the 11-proef makes ``11111111`` + ``0`` valid)
_REPEATED_DIGIT_KINDS = {"bsn": True, "rsin": True, "kvk": False, "branch": False,
                         "police_id": False, "permit_id": False}
_ONE_DIGIT = "(?:" + "|".join(f"{d}+" for d in range(10)) + ")"


def repeated_digit_mask(normalised: pd.Series, kind: str) -> np.ndarray:
    """Which normalised identifiers are a dummy number: after an optional letter prefix (a
    police number's ``PN``) and separators, at least 4 digits that are all one digit; for a BSN
    or RSIN the last (check) digit may differ, so ``111111110`` and ``999999990`` (both pass the
    11-proef) are caught. A placeholder like the spec's ``placeholder_values``: treated as
    missing, never one node that merges different people. Kinds not in
    ``_REPEATED_DIGIT_KINDS`` (phone, plate, IBAN, address, name) give no hits. Missing is False.

    Examples
    --------
    >>> s = pd.Series(["999999990", "111111110", "123456782", "PN00000000", "PN99999999",
    ...                "PN04205665", None], dtype="str")
    >>> repeated_digit_mask(s, "bsn")[:3].tolist(), repeated_digit_mask(s, "police_id")[3:].tolist()
    ([True, True, False], [True, True, False, False])
    >>> repeated_digit_mask(pd.Series(["PN0", "0123", "2222"], dtype="str"), "police_id").tolist()
    [False, False, True]
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    out = np.zeros(len(normalised), dtype=bool)
    if kind not in _REPEATED_DIGIT_KINDS or not len(normalised):
        return out
    arr = pa.array(normalised, type=pa.large_string(), from_pandas=True)
    body = pc.replace_substring_regex(
        pc.replace_substring_regex(arr, r"^[A-Za-z]+", ""), r"[\s./-]", "")
    check = "[0-9]?" if _REPEATED_DIGIT_KINDS[kind] else ""
    hit = pc.and_(pc.match_substring_regex(body, f"^{_ONE_DIGIT}{check}$"),
                  pc.greater_equal(pc.utf8_length(body), 4))
    # the prefix and separators may only be letters before the digits, as in PN00000000
    hit = pc.and_(hit, pc.match_substring_regex(arr, r"^[A-Za-z]*[\s./-]*[0-9][0-9\s./-]*$"))
    out[:] = np.asarray(pc.fill_null(hit, False).to_numpy(zero_copy_only=False), dtype=bool)
    return out


def _placeholder_why(kind: str, cause: str) -> tuple[str, str]:
    """(reason, detail) of a value treated as unknown: a sentinel birth date, a placeholder word
    (the spec's ``placeholder_values`` or only zeros), a dummy number of one repeated digit or an
    Excel error value (reason ``excel_error``)."""
    if cause == "excel":
        return str(Reason.EXCEL_ERROR), gettext(
            "{soort}: een Excel-foutwaarde (zoals #N/B of #WAARDE!: een mislukte formule of "
            "zoekopdracht), behandeld als ontbrekend", soort=kind_label(kind))
    if cause == "sentinel":
        detail = gettext("{soort}: de geboortedatum is een opvuldatum (sentinel_dates in de "
                         "specificatie), behandeld als ontbrekend", soort=kind_label(kind))
    elif cause == "repeated":
        detail = gettext("{soort}: een nummer van één herhaald cijfer is een opvulwaarde "
                         "(placeholder), behandeld als ontbrekend", soort=kind_label(kind))
    else:
        detail = gettext("{soort}: een opvulwaarde (placeholder_values in de specificatie), "
                         "behandeld als ontbrekend", soort=kind_label(kind))
    return str(Reason.MISSING_IDENTIFIER), detail


class _Hashing:
    """The distinct normalised values of some value tuples, to be hashed (once each) into the
    pseudonyms of those tuples: ``ok`` are the tuples that get one, ``ncodes`` the distinct
    value of each of them."""

    __slots__ = ("kind", "n", "ok", "ncodes", "distinct")

    def __init__(self, kind: str, n: int, ok: np.ndarray, ncodes: np.ndarray, distinct) -> None:
        self.kind, self.n, self.ok, self.ncodes, self.distinct = kind, n, ok, ncodes, distinct

    def pseudonyms(self, key: bytes, cache: dict[tuple[str, str], str] | None) -> np.ndarray:
        """Pseudonym of each tuple (fixed-width bytes, empty where none); fills ``cache``
        (kind, normalised) -> pseudonym when one is kept for a re-identification table."""
        pseud = np.zeros(self.n, dtype=f"S{_width(self.kind)}")
        if len(self.ok):
            hashed = _hash_fixed(self.kind, self.distinct, key)
            if cache is not None:
                cache.update(zip(((self.kind, v) for v in self.distinct.tolist()),
                                 np.char.decode(hashed, "ascii").tolist(), strict=True))
            pseud[self.ok] = hashed[self.ncodes]
        return pseud


def _outcomes(ident: Identifier, raw_udf: pd.DataFrame, key: bytes,
              cache: dict[tuple[str, str], str] | None, spec: ExtractSpec | None,
              defer: bool = False):
    """Pseudonym (fixed-width bytes, see :func:`_width`), whether it is given, status (0 ok,
    1 missing, 2 failed) of each distinct raw value tuple, and the failure (reason, detail) of
    each failed one (by position). With ``defer`` the pseudonyms are not made: None in their
    place, and a fifth value, the :class:`_Hashing` that makes them.

    The tuples are cleaned and normalised column-wise (vectorised fast paths per kind, the exact
    per-value normaliser for everything else), the distinct normalised values hashed once."""
    udf, sentinel, placeholder, excel = _prepare(ident, raw_udf, spec)
    n_u = len(udf)
    status = np.zeros(n_u, dtype=np.int8)
    fails: dict[int, tuple[str, str]] = {}
    # police and permit numbers: the spec's own pattern for them (raw_patterns), if any
    shapes = kind_shapes(ident.kind, spec.raw_patterns, ident.columns) if spec is not None else ()
    norm = fast_normalise(ident.kind, udf, shapes=shapes)  # NA where the slow path decides
    todo = np.flatnonzero(norm.isna().to_numpy())
    if len(todo):
        norm = norm.astype(object)
        slow = udf.iloc[todo].astype(object)
        slow = slow.where(slow.notna(), None)
        fixed = []
        for j, vals in zip(todo.tolist(), slow.itertuples(index=False, name=None), strict=True):
            try:
                v = normalise(ident.kind, list(vals), shapes=shapes)
            except NetwerkError as exc:
                status[j] = 2
                fails[j] = (str(exc.reason), exc.message)
                v = None
            else:
                if v is None:
                    status[j] = 1
            fixed.append(v)
        norm.iloc[todo] = fixed
    # a dummy number (999999990, PN00000000) is a placeholder too, by its normalised shape
    repeated = np.zeros(n_u, dtype=bool)
    if spec is not None and ident.kind in _REPEATED_DIGIT_KINDS:
        cand = np.flatnonzero((status == 0) & ~sentinel & ~placeholder & ~excel)
        if len(cand):
            repeated[cand] = repeated_digit_mask(
                pd.Series(norm.iloc[cand].tolist(), dtype="str"), ident.kind)
    valid = (status == 0) & ~sentinel & ~placeholder & ~repeated & ~excel
    ok = np.flatnonzero(valid)
    ncodes, distinct = (pd.factorize(norm.iloc[ok].astype("str"), use_na_sentinel=True)
                        if len(ok) else (np.zeros(0, dtype=np.intp), None))
    hashing = _Hashing(ident.kind, n_u, ok, ncodes, distinct)
    for mask, cause in ((sentinel, "sentinel"), (placeholder, "word"), (repeated, "repeated"),
                        (excel, "excel")):
        # a placeholder: no pseudonym is formed, the row says why (one line each)
        if mask.any():
            why = _placeholder_why(ident.kind, cause)
            for j in np.flatnonzero(mask).tolist():
                status[j], fails[j] = 2, why
    if defer:
        return None, valid, status, fails, hashing
    return hashing.pseudonyms(key, cache), valid, status, fails


def _tuple_keys(raw_udf: pd.DataFrame):
    """One text key per distinct raw tuple (an Arrow array): the value itself for one column;
    for several, each value length-prefixed (``"5:Jansen|-|..."``, ``-`` for missing), so two
    different tuples never share a key."""
    import pyarrow as pa
    import pyarrow.compute as pc

    t = pa.large_string()  # pandas' own storage: no conversion

    def text(v: str):
        return pa.scalar(v, type=t)

    cols = [pa.array(raw_udf[c], type=t, from_pandas=True) for c in raw_udf.columns]
    if len(cols) == 1:
        return pc.fill_null(cols[0], text(""))
    parts = [pc.fill_null(pc.binary_join_element_wise(
        pc.cast(pc.utf8_length(a), t), a, text(":")), text("-")) for a in cols]
    return pc.binary_join_element_wise(*parts, text("|"))


_DUCK: dict[tuple[int, int], object] = {}


def _duck():
    """This thread's in-memory DuckDB connection for key hashing (one per process and thread: a
    forked worker makes its own, and never closes the one it inherited: that belongs to the
    parent's threads, which the fork did not copy)."""
    import threading

    import duckdb

    at = (os.getpid(), threading.get_ident())  # a connection is not shared between threads
    if at not in _DUCK:
        _DUCK[at] = duckdb.connect()
    return _DUCK[at]


def _key_hashes(keys) -> tuple[np.ndarray, np.ndarray]:
    """MD5 of each string of an Arrow array (DuckDB's ``md5_number``), as its upper and lower 64
    bits (int64 each). Only used inside one run, to recognise a raw tuple seen before."""
    import pyarrow as pa

    if not len(keys):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    con = _duck()
    con.register("_netwerk_keys", pa.table({"k": keys}))
    try:
        out = con.sql("SELECT md5_number(k) AS h FROM _netwerk_keys").to_arrow_table().column("h")
    finally:
        con.unregister("_netwerk_keys")
    arr = out.combine_chunks() if isinstance(out, pa.ChunkedArray) else out
    words = np.frombuffer(arr.buffers()[1], dtype=np.int64)[2 * arr.offset:2 * (arr.offset + len(arr))]
    return words[1::2].copy(), words[0::2].copy()  # little-endian 128-bit: (high, low)


class _Grow:
    """A numpy array that grows by doubling (amortised O(1) per appended element)."""

    def __init__(self, dtype) -> None:
        self._a = np.zeros(1024, dtype=dtype)
        self.n = 0

    def extend(self, values: np.ndarray) -> None:
        need = self.n + len(values)
        if need > len(self._a):
            grown = np.zeros(max(need, 2 * len(self._a)), dtype=self._a.dtype)
            grown[:self.n] = self._a[:self.n]
            self._a = grown
        self._a[self.n:need] = values
        self.n = need

    @property
    def values(self) -> np.ndarray:
        return self._a[:self.n]


def _fixed_strings(fixed: np.ndarray, valid: np.ndarray):
    """An Arrow string array from a numpy fixed-width bytes array (``S<w>``, ASCII, every value
    exactly ``w`` bytes where ``valid``) and a validity mask, without a copy per value."""
    import pyarrow as pa

    n, w = len(fixed), fixed.dtype.itemsize
    large = n * w >= 2 ** 31  # 32-bit offsets would overflow: a large_string array
    offsets = pa.py_buffer(np.arange(n + 1, dtype=np.int64 if large else np.int32) * w)
    data = pa.py_buffer(np.ascontiguousarray(fixed).view(np.uint8))
    bitmap = None
    if not valid.all():
        bitmap = pa.py_buffer(np.packbits(valid, bitorder="little"))
    cls = pa.LargeStringArray if large else pa.StringArray
    return cls.from_buffers(n, offsets, data, bitmap)


class _Known:
    """Outcomes of the raw value tuples of one identifier seen in earlier chunks of the same
    file, so a value repeated across chunks is neither normalised nor hashed again.

    Kept in numpy, not in a Python dict: a tuple is recognised by the 128-bit MD5 of its key
    (:func:`_tuple_keys`), found by binary search in a sorted array of the upper 64 bits and
    confirmed on the lower 64 (two different tuples would need the same 128-bit MD5 to be
    confused). Pseudonyms are stored as fixed-width bytes, so a chunk's pseudonym column is a
    numpy gather. Failures are kept only for the tuples that failed (position -> reason)."""

    def __init__(self, width: int) -> None:
        import threading

        #: pseudonyms may be filled in (and gathered) by the writing thread of a streamed file
        #: while this one adds tuples: the pseudonym array is touched under this lock only
        self.lock = threading.Lock()
        self._width = width
        self._h = np.zeros(0, dtype=np.int64)  # sorted upper halves
        self._hpos = np.zeros(0, dtype=np.int64)  # position of each
        self._lo = _Grow(np.int64)  # lower half, by position
        self._pseud = _Grow(f"S{width}")
        self._valid = _Grow(bool)
        self._status = _Grow(np.int8)
        self.fails: dict[int, tuple[str, str]] = {}

    def __len__(self) -> int:
        return self._status.n

    @property
    def status(self) -> np.ndarray:
        return self._status.values

    def find(self, hashes: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        """Index of each key among the known ones (-1 when new), by its hashes
        (:func:`_key_hashes` of :func:`_tuple_keys`)."""
        hi, lo = hashes
        pos = np.full(len(hi), -1, dtype=np.int64)
        if len(self._h) and len(hi):
            order = np.argsort(hi)  # sorted queries: the binary searches stay in cache
            i = np.empty(len(hi), dtype=np.int64)
            i[order] = np.searchsorted(self._h, hi[order])
            i = np.minimum(i, len(self._h) - 1)
            hit = np.flatnonzero(self._h[i] == hi)
            cand = self._hpos[i[hit]]
            same = self._lo.values[cand] == lo[hit]
            pos[hit[same]] = cand[same]
        return pos

    def add(self, hashes: tuple[np.ndarray, np.ndarray], pseud: np.ndarray | None,
            valid: np.ndarray, status: np.ndarray, fails: dict[int, tuple]) -> int:
        """Remember new tuples: their hashes (from :meth:`find`), pseudonyms (fixed-width
        bytes; None: filled in later by :meth:`fill`), validity, status and failures (by
        position among the new tuples). Returns the position of the first."""
        hi, lo = hashes
        base = len(self)
        order = np.argsort(hi, kind="stable")
        at = np.searchsorted(self._h, hi[order])
        self._h = np.insert(self._h, at, hi[order])
        self._hpos = np.insert(self._hpos, at, base + order)
        self._lo.extend(lo)
        with self.lock:
            self._pseud.extend(np.zeros(len(hi), dtype=f"S{self._width}") if pseud is None
                               else pseud)
            self._valid.extend(valid)
        self._status.extend(status)
        self.fails.update((base + j, f) for j, f in fails.items())
        return base

    def fill(self, base: int, pseud: np.ndarray) -> None:
        """Put the pseudonyms of tuples added without them, from position ``base`` on."""
        with self.lock:
            self._pseud.values[base:base + len(pseud)] = pseud

    def gather(self, pos: np.ndarray):
        """Pseudonyms at ``pos`` (-1 = null) as an Arrow string array."""
        missing = pos < 0
        at = np.where(missing, 0, pos)
        with self.lock:
            if not len(self):  # nothing known yet: every row is missing
                return _fixed_strings(np.zeros(len(pos), dtype=f"S{self._width}"), ~missing)
            return _fixed_strings(self._pseud.values[at], self._valid.values[at] & ~missing)


class _Deferred:
    """An identifier column of a streamed chunk whose pseudonyms are made later (by the writing
    thread, :func:`_resolve`): the cache, the position of each row's tuple in it (-1 none), and
    the hashing of the tuples this chunk added (from position ``base``)."""

    __slots__ = ("name", "known", "pos", "base", "hashing")

    def __init__(self, name: str, known: _Known, pos: np.ndarray, base: int,
                 hashing: _Hashing | None) -> None:
        self.name, self.known, self.pos, self.base, self.hashing = name, known, pos, base, hashing


def _resolve(shared: pd.DataFrame, deferred: list[tuple[int, _Deferred]],
             keep: np.ndarray | None, key: bytes, cache: dict[tuple[str, str], str] | None
             ) -> None:
    """Hash the new tuples of every deferred column, then insert each column's pseudonyms (of
    the kept rows, ``keep`` a mask or None for all) into ``shared`` at its position (in
    increasing order). All are hashed before any is gathered: two identifiers sharing a cache
    may use each other's new tuples."""
    for _, d in deferred:
        if d.hashing is not None:
            d.known.fill(d.base, d.hashing.pseudonyms(key, cache))
    for at, d in sorted(deferred, key=lambda t: t[0]):
        pos = d.pos if keep is None else d.pos[keep]
        shared.insert(at, d.name, pd.array(d.known.gather(pos), dtype="str"))


class _RunCache:
    """What one pseudonymise run keeps between the chunks of a file: per identifier the
    outcomes of raw tuples seen before (at most :attr:`limit` in all, so memory stays bounded
    however long the file: past it the outcomes are forgotten and found again); (kind,
    normalised) -> pseudonym for the re-identification table when one is asked for."""

    limit = 2_000_000

    def __init__(self, reid: bool) -> None:
        self.known: dict[str, _Known] = {}
        self.reid: dict[tuple[str, str], str] | None = {} if reid else None

    def for_identifier(self, ident: Identifier) -> _Known:
        if sum(len(k) for k in self.known.values()) > self.limit:
            self.known.clear()
        # identifiers of one kind over the same number of columns share their outcomes (the
        # same raw tuple is cleaned, normalised and hashed alike, e.g. suspect and co-suspect)
        name = f"{ident.kind}/{len(ident.columns)}"
        if name not in self.known:
            self.known[name] = _Known(_width(ident.kind))
        return self.known[name]


class _Keyed:
    """One identifier's values in one frame, before any cache is asked: the code of each row's
    value tuple (-1 = all missing), the distinct raw tuples and, for a streamed file, their
    hashes (:func:`_key_hashes`). Depends on the frame only, so a reading thread makes it while
    the previous chunk is pseudonymised."""

    __slots__ = ("codes", "raw_udf", "hashes")

    def __init__(self, ident: Identifier, df: pd.DataFrame, rows: np.ndarray | None = None,
                 file: str = "", hashes: bool = False) -> None:
        self.codes, self.raw_udf = _values(df, list(ident.columns))
        if rows is not None:
            _refuse_pseudonyms(self.raw_udf, self.codes, rows, file, _sheets(df))
        self.hashes = _key_hashes(_tuple_keys(self.raw_udf)) if hashes else None


def _keyed_all(spec: ExtractSpec, df: pd.DataFrame, file: str) -> list[_Keyed]:
    """:class:`_Keyed` of every identifier of the spec in a frame of a streamed file."""
    rows = df[ROW_COLUMN].to_numpy() if ROW_COLUMN in df.columns else np.arange(1, len(df) + 1)
    return [_Keyed(ident, df, rows, file, hashes=True) for ident in spec.identifiers]


def _process(ident: Identifier, df: pd.DataFrame, key: bytes,
             cache: dict[tuple[str, str], str] | None, spec: ExtractSpec | None = None,
             known: _Known | None = None, rows: np.ndarray | None = None, file: str = "",
             keyed: _Keyed | None = None, defer: bool = False):
    """Pseudonyms per row (an Arrow string array, null = empty) and per-row failure codes.

    Column-wise: each distinct raw value tuple is cleaned, normalised and hashed once
    (:func:`_outcomes`); with ``known`` (earlier chunks of the same file) only tuples not seen
    before. ``cache`` (kind, normalised) -> pseudonym is filled only when a re-identification
    table is asked for (``None`` otherwise: no per-value bookkeeping). With ``rows`` (data-row
    numbers), values that are pseudonyms already refuse the frame, as
    :func:`check_not_pseudonymised` does, checked on the distinct values. ``keyed``: the
    identifier's :class:`_Keyed` made beforehand (then ``rows`` was checked there). ``defer``
    (with ``known``): a :class:`_Deferred` in place of the pseudonyms, hashed later."""
    if keyed is None:
        keyed = _Keyed(ident, df, rows, file, hashes=known is not None)
    codes, raw_udf = keyed.codes, keyed.raw_udf
    n_u = len(raw_udf)
    idx = np.where(codes < 0, n_u, codes)  # n_u: all columns missing
    if known is None:
        pseud_u, valid_u, status_u, fails_u = _outcomes(ident, raw_udf, key, cache, spec)
        status = np.append(status_u, np.int8(1))
        per_row = _fixed_strings(np.append(pseud_u, pseud_u[:0].dtype.type(b""))[idx],
                                 np.append(valid_u, False)[idx])
        return per_row, status[idx], idx, fails_u
    if keyed.hashes is None:
        keyed.hashes = _key_hashes(_tuple_keys(raw_udf))
    hi, lo = keyed.hashes
    pos = known.find((hi, lo))
    new = np.flatnonzero(pos < 0)
    base, hashing = len(known), None
    if len(new):
        p_new, v_new, s_new, f_new, *later = _outcomes(
            ident, raw_udf.iloc[new].reset_index(drop=True), key, cache, spec, defer=defer)
        pos[new] = len(known) + np.arange(len(new))
        base = known.add((hi[new], lo[new]), p_new, v_new, s_new, f_new)
        hashing = later[0] if later else None
    status_u = known.status[pos]
    fails_u = {j: known.fails[int(pos[j])] for j in np.flatnonzero(status_u == 2).tolist()}
    status = np.append(status_u, np.int8(1))
    rows_pos = np.append(pos, -1)[idx]
    if defer:
        return _Deferred(ident.output_column, known, rows_pos, base, hashing), status[idx], \
            idx, fails_u
    return known.gather(rows_pos), status[idx], idx, fails_u


def _width(kind: str) -> int:
    """Length of a pseudonym of ``kind``: ``<PREFIX>-`` and 24 hex digits."""
    return len(_prefix(kind)) + 25


_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


def _hash_fixed(kind: str, values, key: bytes) -> np.ndarray:
    """:func:`hash_many` as a fixed-width bytes array (``S<width>``); ``values`` a list of str,
    an Arrow string array or a pandas string array (no missing values). The HMACs in one tight
    loop (two SHA-256 continuations of the precomputed key states each), the prefix and hex
    digits put in by numpy.

    Examples
    --------
    >>> _hash_fixed("bsn", ["111222333"], b"k" * 16)[0].decode() == pseudonym(
    ...     "bsn", "111222333", b"k" * 16)
    True
    """
    import pyarrow as pa

    # the values' UTF-8 bytes (from Arrow/pandas strings as they are, without a str per value)
    data = [v.encode("utf-8") for v in values] if isinstance(values, list) else \
        pa.array(values, type=pa.large_string()).cast(pa.large_binary()).to_pylist()
    h = _Hasher(key, kind)
    inner, outer = h._inner.copy, h._outer.copy
    digests = []
    keep = digests.append
    for v in data:
        i = inner()
        i.update(v)
        o = outer()
        o.update(i.digest())
        keep(o.digest())
    n, pre = len(data), h._prefix.encode("ascii")
    out = np.empty((n, len(pre) + 24), dtype=np.uint8)
    out[:, :len(pre)] = np.frombuffer(pre, dtype=np.uint8)
    if n:
        raw = np.frombuffer(b"".join(digests), dtype=np.uint8).reshape(n, 32)[:, :12]
        out[:, len(pre)::2] = _HEX[raw >> 4]
        out[:, len(pre) + 1::2] = _HEX[raw & 15]
    return out.view(f"S{len(pre) + 24}").reshape(n)


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
        if c in (ROW_COLUMN, SHEET_COLUMN):
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
        raise SpecError(gettext("pseudoniemkolom(men) {kolommen} zou(den) een andere kolom van het "
                                "bestand overschrijven; kies een andere naam bij 'output'",
                                kolommen=", ".join(sorted(dup))),
                        file=spec.name)
    return out


def _sheets(df: pd.DataFrame) -> np.ndarray | None:
    """The sheet of each row of a raw workbook frame (``None`` for other files)."""
    return df[SHEET_COLUMN].to_numpy(dtype=object) if SHEET_COLUMN in df.columns else None


def _refuse_pseudonyms(raw_udf: pd.DataFrame, codes: np.ndarray, rows: np.ndarray, file: str,
                       sheets: np.ndarray | None = None) -> None:
    """:func:`check_not_pseudonymised` for one identifier, on its distinct value tuples
    (``codes`` maps rows to them, -1 = all missing). Only values of a pseudonym's length go
    through the pattern. ``sheets``: the sheet of each row (a workbook), named with the row."""
    import pyarrow as pa
    import pyarrow.compute as pc

    for c in raw_udf.columns:
        lengths = pc.binary_length(pa.array(raw_udf[c], type=pa.large_string(), from_pandas=True))
        cand = np.flatnonzero(pc.fill_null(lengths, 0).to_numpy(zero_copy_only=False)
                              >= _PSEUDONYM_WIDTHS[0])
        if not len(cand):
            continue
        hit_u = np.zeros(len(raw_udf), dtype=bool)
        hit_u[cand] = _match(raw_udf[c].iloc[cand], _ANY_PSEUDONYM)
        if hit_u.any():
            hit = np.append(hit_u, False)[np.where(codes < 0, len(hit_u), codes)]
            raise InputError(
                ngettext("al gepseudonimiseerd: de waarden zijn pseudoniemen ({n} rij van kolom "
                         "'{kolom}'); pseudonimiseer de ruwe export van de partner, niet een gedeeld "
                         "extract", "al gepseudonimiseerd: de waarden zijn pseudoniemen ({n} rijen "
                         "van kolom '{kolom}'); pseudonimiseer de ruwe export van de partner, niet "
                         "een gedeeld extract", int(hit.sum()), kolom=c),
                reason=Reason.ALREADY_PSEUDONYMISED, file=_where(file, sheets, hit),
                row=int(rows[hit][0]), column=c)


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
    sheets = _sheets(df)
    for ident in spec.identifiers:
        for c in ident.columns:
            if c not in df.columns:
                continue
            hit = _match(df[c], _ANY_PSEUDONYM)
            if hit.any():
                raise InputError(
                    ngettext("al gepseudonimiseerd: de waarden zijn pseudoniemen ({n} rij van kolom "
                             "'{kolom}'); pseudonimiseer de ruwe export van de partner, niet een "
                             "gedeeld extract", "al gepseudonimiseerd: de waarden zijn pseudoniemen "
                             "({n} rijen van kolom '{kolom}'); pseudonimiseer de ruwe export van de "
                             "partner, niet een gedeeld extract", int(hit.sum()), kolom=c),
                    reason=Reason.ALREADY_PSEUDONYMISED, file=_where(file, sheets, hit),
                    row=int(rows[hit][0]), column=c)


def _where(file: str, sheets: np.ndarray | None, hit: np.ndarray) -> str:
    """``file``, with the sheet of the first row of ``hit`` (a mask) in a workbook."""
    if sheets is None or not hit.any():
        return file
    return _in_sheet(file, sheets[int(np.flatnonzero(hit)[0])])


def _text_findings(shared: pd.DataFrame, columns: list[str], spec: ExtractSpec, file: str
                   ) -> list:
    """Raw identifiers in the written non-identifier columns (the privacy detectors)."""
    from .leakguard import scan_text_columns

    return scan_text_columns(shared, columns, file=file, patterns=spec.raw_patterns)


def _refuse_text(findings: list, file: str) -> None:
    """Raise the ``LeakError`` for text findings (``raw_in_text: refuse``). A workbook's
    findings are per sheet (their ``file`` names it, :func:`_scan_shared`): each is said with
    its sheet, and the error names the first one's sheet and row."""
    f = findings[0]
    if any(g.file != file for g in findings):
        # "werkblad 'b': kolom 'rol' ...": the sheet (the file is said once, in front)
        more = "; ".join(gettext("{bestand}: {melding}", bestand=g.file.removeprefix(f"{file}, "),
                                 melding=g.describe()) for g in findings)
        file = f.file
    else:
        more = "; ".join(g.describe() for g in findings)
    raise LeakError(
        gettext("ruwe identificatoren in kolommen die gedeeld zouden worden: {bevindingen}. Haal ze "
                "uit de export, laat de kolom weg uit de specificatie of zet 'raw_in_text: mask' in "
                "de specificatie", bevindingen=more),
        reason=Reason.RAW_IDENTIFIER, file=file, row=f.example_rows[0], column=f.column)


def _mask_cells(shared: pd.DataFrame, findings: list, spec: ExtractSpec, file: str
                ) -> tuple[dict[str, int], pd.DataFrame]:
    """Mask the raw identifiers in the columns of ``findings`` (``raw_in_text: mask``): the
    number of masked cells per column, and one rejects line per masked cell (reason
    ``masked_raw_identifier``, the masked shape as detail, never the text), by row.

    Examples
    --------
    >>> from .spec import ExtractSpec
    >>> sp = ExtractSpec(name="t", partner="p", raw_in_text="mask",
    ...                  identifiers=[{"columns": ["bsn"], "kind": "bsn"}])
    >>> df = pd.DataFrame({"tekst": ["ok", "zie BSN123456782", None], ROW_COLUMN: [4, 7, 9]},
    ...                   dtype="str").astype({ROW_COLUMN: "int64"})
    >>> from .leakguard import scan_text_columns
    >>> counts, lines = _mask_cells(df, scan_text_columns(df, ["tekst"], file="f"), sp, "f")
    >>> counts, df["tekst"].tolist()[1]
    ({'tekst': 1}, 'zie BSN[bsn]')
    >>> [(r.row, r.column, r.reason, r.detail) for r in lines.itertuples()]
    [(7, 'tekst', 'masked_raw_identifier', 'BSN (9 cijfers, 11-proef klopt) gemaskeerd; rij behouden')]
    """
    extra = compile_patterns(spec.raw_patterns)
    rows = shared[ROW_COLUMN].to_numpy() if ROW_COLUMN in shared.columns else \
        np.arange(1, len(shared) + 1)
    sheets = _sheets(shared)
    order = np.zeros(len(shared), dtype="int64") if sheets is None else pd.factorize(sheets)[0]
    masked: dict[str, int] = {}
    found: list[tuple[int, int, int, str, str, int]] = []
    for at, col in enumerate(dict.fromkeys(f.column for f in findings)):
        before = shared[col]
        cand = candidates(before, extra)  # only these can change
        codes, uniq = pd.factorize(before.where(cand), use_na_sentinel=True)
        texts = uniq.tolist()
        new = [mask_text(u, extra) for u in texts]
        changed = np.array([a != b for a, b in zip(new, texts, strict=True)] + [False])
        pick = np.where(codes < 0, len(new), codes)
        hit = changed[pick]
        if not hit.any():
            continue
        col_new = before.to_numpy(dtype=object, na_value=None).copy()
        col_new[hit] = np.array(new + [None], dtype=object)[pick[hit]]
        shared[col] = pd.array(col_new, dtype="str")
        masked[col] = int(hit.sum())
        details = {}
        for c in np.unique(codes[hit]):
            what = ", ".join(f"{detector_label(kind)} ({masked_shape(value, kind)})"
                             for kind, value in find_raw_identifiers(texts[c], extra))
            details[int(c)] = gettext("{wat} gemaskeerd; rij behouden", wat=what)
        found.extend((int(order[p]), int(rows[p]), at, col, details[int(c)], p)
                     for p, c in zip(np.flatnonzero(hit).tolist(), codes[hit].tolist(),
                                     strict=True))
    found.sort(key=lambda t: (t[0], t[1], t[2]))
    lines = _reject_frame([(file, sheets[p] if sheets is not None else None, r, col,
                            str(Reason.MASKED_RAW_IDENTIFIER), d)
                           for _o, r, _at, col, d, p in found], sheets is not None)
    return masked, lines


def _reject_frame(lines: list[tuple], sheets: bool) -> pd.DataFrame:
    """The rejects table of ``(file, sheet, row, column, reason, detail)`` tuples: with a
    ``sheet`` column for a workbook (``sheets``), else :data:`REJECT_COLUMNS`."""
    if sheets:
        return pd.DataFrame(lines, columns=SHEET_REJECT_COLUMNS).astype({"row": "int64"})
    return pd.DataFrame([(f, *rest) for f, _s, *rest in lines], columns=REJECT_COLUMNS
                        ).astype({"row": "int64"})


def _with_masked(rejects: pd.DataFrame, lines: pd.DataFrame | None,
                 sheets: list | None = None) -> pd.DataFrame:
    """The rejects of a frame with its masked-cell lines, by row (a row's own rejects first);
    in a workbook by sheet (in the order ``sheets``), then row."""
    if lines is None or not len(lines):
        return rejects
    if not len(rejects):
        return lines
    both = pd.concat([rejects, lines], ignore_index=True)
    if sheets and "sheet" in both.columns:
        rank = {s: i for i, s in enumerate(sheets)}
        key = both["sheet"].map(rank).astype("int64") * (1 << 32) + both["row"]
        return both.iloc[np.argsort(key.to_numpy(), kind="stable")].reset_index(drop=True)
    return both.sort_values("row", kind="stable").reset_index(drop=True)


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
        Columns file, row, column, reason, detail; sorted by row. For a workbook (``_sheet`` in
        ``df``) also ``sheet`` after ``file``, sorted by sheet (workbook order) then row (the
        sheet's own Excel row). No raw values. With ``raw_in_text: mask`` one
        ``masked_raw_identifier`` line per masked cell (row kept).
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
    file = mask_name(file or df.attrs.get("file", ""), spec.raw_patterns)
    shared, rejects, reid_table, findings = _frame(df, spec, key, file=file, progress=progress,
                                                   reid=reid)
    _log_dropped(file, shared.attrs["dropped_columns"], spec)
    if findings and spec.raw_in_text == "refuse":
        _refuse_text(findings, file)
    _log_masked(file, shared.attrs["masked_cells"])
    _log_cleaned(file, shared.attrs["cleaned_cells"], spec)
    return shared, rejects, reid_table


def _log_dropped(file: str, dropped: list[str], spec: ExtractSpec) -> None:
    if dropped:
        log.warning(ngettext(
            "{bestand}: {n} kolom die niet in de specificatie staat, is weggelaten uit het "
            "gedeelde extract: {kolommen}", "{bestand}: {n} kolommen die niet in de specificatie "
            "staan, zijn weggelaten uit het gedeelde extract: {kolommen}", len(dropped),
            bestand=file, kolommen=", ".join(mask_name(c, spec.raw_patterns) for c in dropped)))


def _log_masked(file: str, masked: dict[str, int]) -> None:
    for col, n in masked.items():
        log.warning(ngettext("{bestand}: kolom '{kolom}': ruwe identificatoren gemaskeerd in {n} cel",
                             "{bestand}: kolom '{kolom}': ruwe identificatoren gemaskeerd in {n} "
                             "cellen", n, bestand=file, kolom=col))


def _date_columns(spec: ExtractSpec) -> list[str]:
    """The columns ingest reads as dates: relation ``observed``/``valid_from``/``valid_to`` and
    attributes of ``type: date``, in spec order (identifier columns left out: they are hashed)."""
    ids = {c for i in spec.identifiers for c in i.columns}
    cols = [c for rm in spec.relations for c in (rm.observed, rm.valid_from, rm.valid_to) if c]
    cols += [a.column for m in [*spec.nodes, *spec.relations] for a in m.attributes.values()
             if not isinstance(a, str) and a.type == "date"]
    return [c for c in dict.fromkeys(cols) if c not in ids]


def _date_rejects(df: pd.DataFrame, spec: ExtractSpec) -> list[tuple[str, np.ndarray, list[str]]]:
    """The date check of ingest, run at the partner: per date column (:func:`_date_columns`) the
    rows whose cell is present, not one of the spec's ``sentinel_dates`` and not a date in the
    spec's ``date_format`` (or ISO), with a detail per bad row that gives the cell's masked shape
    only. A bare number gets the hint "Excel-serienummer?": it is refused, never guessed.

    Examples
    --------
    >>> spec = ExtractSpec(name="t", partner="p", relations=[{"kind": "k", "source": "a",
    ...                    "target": "b", "observed": "datum"}])
    >>> df = pd.DataFrame({"datum": ["08-05-2025", "45785", None, "01-01-1900", "8 mei"]},
    ...                   dtype="str")
    >>> [(c, bad.tolist(), len(d)) for c, bad, d in _date_rejects(df, spec)]
    [('datum', [False, True, False, False, True], 2)]
    """
    from .names import EXCEL_SERIAL
    from .readers import parse_dates

    out = []
    for c in _date_columns(spec):
        if c not in df.columns:
            continue
        raw = df[c].astype("str")
        codes, uniq = pd.factorize(raw.where(~sentinel_mask(raw, spec.sentinel_dates)))
        if not len(uniq):
            continue
        _, u_failed = parse_dates(pd.Series(uniq, dtype="str"), spec.date_format)
        u_failed = np.asarray(u_failed, dtype=bool)
        bad = (codes >= 0) & u_failed[np.maximum(codes, 0)]
        if not bad.any():
            continue
        details = []
        for v in raw.iloc[np.flatnonzero(bad)].tolist():
            text = gettext("waarde ({vorm}) is geen datum in het formaat {formaat}",
                           vorm=masked_shape(v), formaat=spec.date_format)
            if EXCEL_SERIAL.fullmatch(v):
                text += gettext("; een getal in een datumkolom (Excel-serienummer?): sla de kolom "
                                "op als datum")
            details.append(text)
        out.append((c, bad, details))
    return out


def _grading_rejects(df: pd.DataFrame, spec: ExtractSpec
                     ) -> list[tuple[str, np.ndarray, list[str]]]:
    """The grading check of ingest (:func:`netwerk.ingest._grading.off_grade`), run at the
    partner: per grading column the rows whose cell is filled but no grade of the spec's scheme,
    with a detail per bad row giving the cell's masked shape only. Ingest applies it to rows that
    form a relation; here every row is checked (which relations form is known only after
    pseudonymising): a grading column holding no grade is an export error to correct at the
    source.

    Examples
    --------
    >>> spec = ExtractSpec(name="t", partner="p", grading={"source_column": "b",
    ...                                                    "information_column": "i"})
    >>> df = pd.DataFrame({"b": ["C", "Geheimbron", None], "i": ["3", "2", "Hoogst7"]})
    >>> [(c, bad.tolist(), d) for c, bad, d in _grading_rejects(df, spec)]  # doctest: +NORMALIZE_WHITESPACE
    [('b', [False, True, False],
      ['brongradering (10 tekens: 10 letters) hoort niet bij het schema admiralty (A, B, C, D, E, F)']),
     ('i', [False, False, True],
      ['informatiegradering (7 tekens: 6 letters, 1 cijfer) hoort niet bij het schema admiralty (1, 2, 3, 4, 5, 6)'])]
    """
    from ._grading import grade_detail, grading_columns, off_grade

    ids = {c for i in spec.identifiers for c in i.columns}
    out = []
    for col, axis in grading_columns(spec):
        if col not in df.columns or col in ids:
            continue
        bad = off_grade(df[col], spec.grading.scheme, axis)
        if bad.any():
            out.append((col, bad, [grade_detail(v, spec.grading.scheme, axis)
                                   for v in df[col].iloc[np.flatnonzero(bad)].tolist()]))
    return out


def _empty_excel_errors(df: pd.DataFrame, columns: list[str]
                        ) -> tuple[pd.DataFrame, list[tuple[str, np.ndarray]]]:
    """``df`` with the Excel error values (``#N/A``, ``#N/B``, ``#WAARDE!``:
    :func:`~netwerk.ingest.placeholders.excel_error_mask`) of ``columns`` (the written text and
    date columns) made empty, and per column that had one the cells emptied. A failed formula is
    no text and no date: it is not shared, and each emptied cell gets a reject line.

    Examples
    --------
    >>> df = pd.DataFrame({"rol": ["verdachte", "#N/A", "NA"], "x": ["#N/B", "b", "c"]},
    ...                   dtype="str")
    >>> out, hits = _empty_excel_errors(df, ["rol"])
    >>> out["rol"].tolist(), [(c, h.tolist()) for c, h in hits], out["x"].tolist()
    (['verdachte', nan, 'NA'], [('rol', [False, True, False])], ['#N/B', 'b', 'c'])
    """
    hits = []
    for c in columns:
        if c not in df.columns:
            continue
        hit = excel_error_mask(df[c])
        if hit.any():
            if not hits:
                df = df.copy()
            df[c] = df[c].mask(hit)
            hits.append((c, hit))
    return df, hits


def _frame(df: pd.DataFrame, spec: ExtractSpec, key: bytes, *, file: str,
           progress: Progress | None = None, reid: bool = True, run: _RunCache | None = None,
           scan: bool = True, keyed: list[_Keyed] | None = None, defer: dict | None = None
           ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame | None, list | None]:
    """:func:`pseudonymise_frame` without the refusal: also returns the text findings (masked
    already when the spec says ``raw_in_text: mask``), so a streamed file can be judged whole.
    ``scan=False`` leaves the text scan to the caller (:func:`_scan_shared`; findings None);
    ``keyed``: :func:`_keyed_all` of ``df``, made beforehand. ``defer`` (a dict, with ``run``):
    the pseudonym columns are left empty and the hashing to the caller: ``defer`` gets what
    :func:`_finish_deferred` needs (the re-identification table is None then)."""
    import pyarrow as pa

    n = len(df)
    rows = df[ROW_COLUMN].to_numpy() if ROW_COLUMN in df.columns else np.arange(1, n + 1)
    sheets = _sheets(df)
    sheet_order = np.zeros(n, dtype="int64") if sheets is None else pd.factorize(sheets)[0]
    layout = _layout(spec, list(df.columns))
    written = {name for name, _ in layout}
    dropped = [str(c) for c in df.columns if c not in (ROW_COLUMN, SHEET_COLUMN)
               and c not in written and not any(c in i.columns for i in spec.identifiers)]
    cache: dict[tuple[str, str], str] | None = ({} if reid else None) if run is None else run.reid
    df, xl_cells = _empty_excel_errors(df, [name for name, ident in layout if ident is None])
    results: dict[str, pa.Array] = {}
    problems: list[tuple[Identifier, np.ndarray, np.ndarray, list]] = []
    rejected = np.zeros(n, dtype=bool)
    for i, ident in enumerate(spec.identifiers):
        known = None if run is None else run.for_identifier(ident)
        pseud, status, idx, fails = _process(ident, df, key, cache, spec, known, rows, file,
                                             None if keyed is None else keyed[i],
                                             defer=defer is not None)
        results[ident.output_column] = pseud
        bad = status == 2
        if ident.required:
            rejected |= bad | (status == 1)
        problems.append((ident, status, idx, fails))
        if progress is not None:
            progress(f"identifier {ident.output_column}", i + 1, len(spec.identifiers))
    lines: list[tuple[int, int, int, str, str, str, int]] = []
    checks = [(c, b, d, Reason.UNPARSABLE_DATE) for c, b, d in _date_rejects(df, spec)]
    checks += [(c, b, d, Reason.UNPARSABLE_VALUE) for c, b, d in _grading_rejects(df, spec)]
    for order, (col, bad, details, why) in enumerate(checks, start=len(problems)):
        # the date and grading checks of ingest, here where the partner can still correct
        # the export
        rejected |= bad
        lines.extend((int(sheet_order[r]), int(rows[r]), order, col, str(why),
                      d + gettext("; rij afgewezen"), int(r))
                     for r, d in zip(np.flatnonzero(bad).tolist(), details, strict=True))
    emptied = 0
    for order, (ident, status, idx, fails) in enumerate(problems):
        col = "+".join(ident.columns)
        show = (status == 2) | ((status == 1) & ident.required)
        for r in np.flatnonzero(show):
            if status[r] == 2:
                reason, detail = fails[idx[r]]
            else:
                reason, detail = str(Reason.MISSING_IDENTIFIER), gettext(
                    "{soort} ontbreekt", soort=kind_label(ident.kind))
            if rejected[r]:
                detail += gettext("; rij afgewezen")
            else:
                detail += gettext("; cel leeggemaakt, rij behouden")
                emptied += 1
            lines.append((int(sheet_order[r]), int(rows[r]), order, col, reason, detail, int(r)))
    for col, hit in xl_cells:  # an Excel error value in a written text or date column
        for r in np.flatnonzero(hit).tolist():
            detail = gettext("een Excel-foutwaarde (zoals #N/B of #WAARDE!: een mislukte "
                             "formule of zoekopdracht), behandeld als leeg")
            if rejected[r]:
                detail += gettext("; rij afgewezen")
            else:
                detail += gettext("; cel leeggemaakt, rij behouden")
                emptied += 1
            lines.append((int(sheet_order[r]), int(rows[r]), len(problems), col,
                          str(Reason.EXCEL_ERROR), detail, int(r)))
    for r, col, reason, detail in df.attrs.get("read_rejects", []) or []:
        lines.append((0, int(r), -1, col, reason, detail, -1))
    lines.sort(key=lambda t: (t[0], t[1], t[2]))
    rejects = _reject_frame([(file, sheets[p] if sheets is not None else None, r, c, reason, d)
                             for _o, r, _, c, reason, d, p in lines], sheets is not None)
    keep = ~rejected
    all_kept = bool(keep.all())
    kept = df if all_kept else df.iloc[np.flatnonzero(keep)]
    kept = kept.reset_index(drop=True)  # other columns as they were
    keep_pa = None if all_kept else pa.array(keep)
    out: dict[str, object] = {}
    for name, ident in layout:
        if ident is None:
            out[name] = kept[name]
        elif defer is not None:  # put in its place by _finish_deferred
            continue
        else:
            arr = results[name] if keep_pa is None else results[name].filter(keep_pa)
            out[name] = pd.array(arr, dtype="str")
    shared = pd.DataFrame(out, index=pd.RangeIndex(len(kept)))
    shared[ROW_COLUMN] = rows[keep]
    if sheets is not None:
        shared[SHEET_COLUMN] = df[SHEET_COLUMN].to_numpy()[keep]
    shared.attrs.update(df.attrs)
    shared.attrs["dropped_columns"] = dropped
    shared.attrs["text_columns"] = [name for name, ident in layout if ident is None]
    shared.attrs["cells_emptied"] = emptied
    shared.attrs["cleaned_cells"] = _cleaned_counts(df, spec)
    if defer is not None:
        defer.update(deferred=[(at, results[name]) for at, (name, ident) in enumerate(layout)
                               if ident is not None],
                     keep=None if all_kept else keep,
                     layout=layout, cache=cache)
        return shared, rejects, None, None
    reid_table = _reid_table(shared, layout, cache) if cache is not None else pd.DataFrame(
        columns=["pseudonym", "kind", "normalised"], dtype="str")
    findings = None
    if scan:
        findings, masked = _scan_shared(shared, spec, file)
        rejects = _with_masked(rejects, masked,
                               None if sheets is None else list(pd.unique(sheets)))
    return shared, rejects, reid_table, findings


def _finish_deferred(shared: pd.DataFrame, defer: dict, key: bytes) -> pd.DataFrame:
    """Hash and fill in the pseudonym columns :func:`_frame` left empty (``defer``); the
    re-identification table (empty when none is kept)."""
    _resolve(shared, defer["deferred"], defer["keep"], key, defer["cache"])
    if defer["cache"] is None:
        return pd.DataFrame(columns=["pseudonym", "kind", "normalised"], dtype="str")
    return _reid_table(shared, defer["layout"], defer["cache"])


def _scan_shared(shared: pd.DataFrame, spec: ExtractSpec, file: str
                 ) -> tuple[list, pd.DataFrame | None]:
    """The text findings of a pseudonymised frame's written text columns; masks them in place
    when the spec says ``raw_in_text: mask`` (counts per column in ``attrs["masked_cells"]``)
    and returns the rejects lines of the masked cells (:func:`_mask_cells`), else None."""
    sheets = _sheets(shared)
    if sheets is None:
        findings = _text_findings(shared, shared.attrs["text_columns"], spec, file)
    else:  # per sheet: a finding's rows are that sheet's own Excel rows
        findings = [f for sh in pd.unique(sheets) for f in _text_findings(
            shared[sheets == sh], shared.attrs["text_columns"], spec, _in_sheet(file, sh))]
    lines = None
    shared.attrs["masked_cells"] = {}
    if findings and spec.raw_in_text == "mask":
        shared.attrs["masked_cells"], lines = _mask_cells(shared, findings, spec, file)
    return findings, lines


def _reid_table(shared: pd.DataFrame, layout, cache: dict[tuple[str, str], str]) -> pd.DataFrame:
    used: set[str] = set()
    for name, ident in layout:
        if ident is not None:
            used.update(pd.unique(shared[name].dropna().to_numpy()))
    rows = sorted((k, p, v) for (k, v), p in cache.items() if p in used)
    return pd.DataFrame([(p, k, v) for k, p, v in rows], columns=["pseudonym", "kind", "normalised"],
                        dtype="str")


_WORKER_RUNS: dict[str, _RunCache] = {}


def _release_memory() -> None:
    """Hand the memory a chunk used back to the system (Arrow's allocator keeps freed pages)."""
    import pyarrow as pa

    pa.default_memory_pool().release_unused()
    _malloc_trim()


def _malloc_trim() -> None:
    """Return the C heap's free pages to the system (glibc ``malloc_trim``); nothing elsewhere."""
    import ctypes

    global _LIBC
    if _LIBC is None:
        try:
            libc = ctypes.CDLL(None)  # the process's own symbols: glibc's on Linux
        except OSError:
            libc = False
        _LIBC = libc if libc and hasattr(libc, "malloc_trim") else False
    if _LIBC:
        _LIBC.malloc_trim(0)


_LIBC = None


def _read_stage(plan: CsvPlan, spec: ExtractSpec, chunk: bytes, first_row: int
                ) -> tuple[pd.DataFrame, _Lines]:
    """Read one chunk of a planned CSV into a raw text frame (and its line accounting)."""
    lines = _Lines(plan.name, len(plan.header))
    raw, rows = read_csv_chunk(plan, chunk, first_row, lines)
    del chunk
    return finish_frame(raw, rows, plan.attrs(lines), spec, shared=False, name=plan.name), lines


def _write_stage(plan: CsvPlan, spec: ExtractSpec, shared: pd.DataFrame, rejects: pd.DataFrame,
                 reid_t: pd.DataFrame | None, n: int, lines: _Lines, header: bool,
                 defer: dict | None = None, key: bytes = b"") -> dict:
    """Scan (and mask) the written text columns of one pseudonymised chunk and make its CSV
    bytes; what the run adds up (see :func:`_pseudonymise_streamed`). With ``defer`` (from
    :func:`_frame`) the pseudonyms are hashed and filled in first."""
    if defer is not None:
        reid_t = _finish_deferred(shared, defer, key)
    findings, masked = _scan_shared(shared, spec, plan.name)
    rejects = _with_masked(rejects, masked)
    body = b""
    if not (findings and spec.raw_in_text == "refuse"):  # else the file is refused anyway
        body = csv_data(shared, plan.delimiter, plan.lineterminator, plan.encoding,
                        header=header, file=plan.name)
    meta = shared.attrs
    return {"body": body, "rejects": rejects, "reid": reid_t, "findings": findings,
            "lines": lines, "n": n, "written": len(shared), "emptied": meta["cells_emptied"],
            "dropped": meta["dropped_columns"], "masked": meta["masked_cells"],
            "cleaned": meta["cleaned_cells"],
            "text": meta["text_columns"]}


def _chunk_job(plan: CsvPlan, spec: ExtractSpec, key: bytes, chunk: bytes, first_row: int,
               reid: bool, header: bool, run: _RunCache | str) -> dict:
    """Read and pseudonymise one chunk of a planned CSV; the CSV bytes of its kept rows.

    Runs in a worker process; errors are returned (not raised) so a worker hands them back
    with their reason, file, row and column intact. ``run`` is the run's cache, or in a worker
    the token of the run (each worker keeps its own cache for the chunks it gets)."""
    if isinstance(run, str):
        if run not in _WORKER_RUNS:
            _WORKER_RUNS.clear()  # a worker serves one run
            _WORKER_RUNS[run] = _RunCache(reid)
        run = _WORKER_RUNS[run]
    try:
        df, lines = _read_stage(plan, spec, chunk, first_row)
        del chunk
        shared, rejects, reid_t, _ = _frame(df, spec, key, file=plan.name, reid=reid, run=run,
                                            scan=False)
        n = len(df)
        del df
        res = _write_stage(plan, spec, shared, rejects, reid_t, n, lines, header)
        del shared
        _release_memory()
        return res
    except NetwerkError as exc:
        return {"error": (type(exc), exc.message, exc.reason, exc.file, exc.row, exc.column)}


#: worker processes are forked (Linux): no re-import of the caller's script, as "spawn" needs
_START_METHOD = "fork"


#: bytes per chunk when one process reads the file (three chunks are in flight in its
#: pipeline: one read, one hashed, one written); and per chunk when several processes do
CHUNK_ONE = 1 << 24
CHUNK_SEVERAL = 1 << 23


def _processes(workers: int | None, size: int) -> int:
    """Processes for a file of ``size`` bytes (this one included). ``None`` (default) and ``1``:
    this one (its three threads read, hash and write at once, see :func:`_pipeline`). ``0``:
    one per CPU, at most four, when processes can be forked and the file spans more than four
    chunks of :data:`CHUNK_SEVERAL`; else one. ``N``: N.

    One process is the default because it hashes each distinct value once: on the 1M-row
    politie extract two processes needed a third more CPU (each hashes what it has not seen
    itself) and more memory, for no gain in time on two cores (``benchmarks/README.md``).

    Examples
    --------
    >>> _processes(1, 10 ** 9), _processes(3, 10), _processes(None, 10 ** 9)
    (1, 3, 1)
    """
    import multiprocessing

    if workers is None:
        return 1
    if workers > 0:
        return workers
    if size <= 4 * CHUNK_SEVERAL or _START_METHOD not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(4, os.cpu_count() or 1))


def _pipeline(plan: CsvPlan, spec: ExtractSpec, key: bytes, first: tuple[bytes, int], jobs,
              reid: bool, take: Callable[[dict, bool], None], step) -> None:
    """One process, three stages in threads: while this thread normalises chunk k and looks its
    values up in the run's cache, one thread reads chunk k+1 (and keys its values) and another
    hashes the new values of chunk k-1, fills in its pseudonyms, scans it and writes it as CSV.

    The reading (pyarrow's CSV parser, numpy line accounting), the text scan (pyarrow regexes)
    and the CSV writing (pyarrow) run mostly outside Python's global interpreter lock, so they
    overlap the hashing; one cache serves the whole file (nothing is hashed twice, as it would
    be in two processes). Chunks stay in file order: one reader, one writer."""
    from concurrent.futures import ThreadPoolExecutor

    run = _RunCache(reid)  # cache lookups here, pseudonyms filled in by the writing thread
    todo = iter([first])

    def read_next() -> tuple[pd.DataFrame, _Lines, list[_Keyed]] | None:
        nxt = next(todo, None) or next(jobs, None)
        if nxt is None:
            return None
        df, lines = _read_stage(plan, spec, *nxt)
        return df, lines, _keyed_all(spec, df, plan.name)

    read_next, write_stage = in_language(read_next), in_language(_write_stage)  # threads: --lang
    with ThreadPoolExecutor(1, thread_name_prefix="netwerk-read") as reader, \
            ThreadPoolExecutor(1, thread_name_prefix="netwerk-write") as writer:
        ahead, behind, header, taken = reader.submit(read_next), None, True, 0

        def settle(written) -> None:
            nonlocal taken
            take(written.result(), taken == 0)  # the first chunk decides the columns
            if not taken:
                step("read", 1)
            taken += 1

        while (got := ahead.result()) is not None:
            ahead = reader.submit(read_next)
            df, lines, keyed = got
            del got
            defer: dict = {}  # the hashing is done by the writing thread
            shared, rejects, _, _ = _frame(df, spec, key, file=plan.name, reid=reid, run=run,
                                           scan=False, keyed=keyed, defer=defer)
            del keyed
            n = len(df)
            del df
            if behind is not None:
                settle(behind)
            behind = writer.submit(write_stage, plan, spec, shared, rejects, None, n, lines,
                                   header, defer, key)
            del defer, shared
            header = False
            _release_memory()
        if behind is not None:
            settle(behind)


def _pseudonymise_streamed(plan: CsvPlan, spec: ExtractSpec, key: bytes, tmp: Path, *,
                           reid: bool, chunk_bytes: int | None, workers: int | None, step):
    """Pseudonymise a planned CSV chunk by chunk (in worker processes when asked), writing the
    kept rows to ``tmp`` in file order; the whole file is judged at the end."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from .leakguard import merge_findings
    from .readers import _check_majority

    n_workers = _processes(workers, plan.path.stat().st_size)
    if chunk_bytes is None:
        chunk_bytes = CHUNK_ONE if n_workers == 1 else CHUNK_SEVERAL
    chunks = iter_csv_chunks(plan, chunk_bytes)
    jobs = ((c, r) for c, r in chunks)
    total = _Lines(plan.name, len(plan.header))
    rejects, reids, findings = [], [], []
    n_read = n_written = emptied = 0
    masked: dict[str, int] = {}
    cleaned: dict[str, dict[str, int]] = {}
    dropped: list[str] = []
    text_cols: list[str] = []

    def take(res: dict, first: bool) -> None:
        nonlocal n_read, n_written, emptied, dropped, text_cols
        if "error" in res:
            cls, message, reason, file, row, column = res["error"]
            raise cls(message, reason=reason, file=file, row=row, column=column)
        if first:
            dropped, text_cols = res["dropped"], res["text"]
        fh.write(res["body"])
        lines = res["lines"]
        total.rejects.extend(lines.rejects)
        total.empty += lines.empty
        total.repeated_headers += lines.repeated_headers
        total.counts.extend(lines.counts)
        total.n_records += lines.n_records
        rejects.append(res["rejects"])
        reids.append(res["reid"])
        findings.append(res["findings"])
        n_read += res["n"] + len(lines.rejects)
        n_written += res["written"]
        emptied += res["emptied"]
        for c, k in res["masked"].items():
            masked[c] = masked.get(c, 0) + k
        _merge_counts(cleaned, res["cleaned"])

    with tmp.open("wb") as fh:
        first = next(jobs, None) or (b"", 1)
        if n_workers <= 1:
            _pipeline(plan, spec, key, first, jobs, reid, take, step)
        else:
            import uuid
            from itertools import islice

            # this process takes every n-th chunk itself, the forked workers the others: n
            # processes in all, each with its own cache; results are written in file order
            token = uuid.uuid4().hex
            run = _RunCache(reid)
            with ProcessPoolExecutor(n_workers - 1, mp_context=get_context(_START_METHOD)) as pool:
                group, header = [first, *islice(jobs, n_workers - 1)], True
                while group:
                    futures = [pool.submit(_chunk_job, plan, spec, key, c, r, reid, False, token)
                               for c, r in group[1:]]
                    mine = _chunk_job(plan, spec, key, *group[0], reid, header, run)
                    del group
                    take(mine, header)
                    if header:
                        step("read", 1)
                    header = False
                    for f in futures:
                        take(f.result(), False)
                    del futures
                    group = list(islice(jobs, n_workers))
    _check_majority(total, plan.name)
    if total.repeated_headers:
        log.warning(repeated_headers_skipped(plan.name, total.repeated_headers))
    _log_dropped(plan.name, dropped, spec)
    found = merge_findings(findings, text_cols)
    if found and spec.raw_in_text == "refuse":
        _refuse_text(found, plan.name)
    _log_masked(plan.name, masked)
    _log_cleaned(plan.name, cleaned, spec)
    rej = pd.concat(rejects, ignore_index=True) if len(rejects) > 1 else rejects[0]
    reid_t = reids[0] if len(reids) == 1 else (
        pd.concat(reids, ignore_index=True).drop_duplicates()
        .sort_values(["kind", "pseudonym", "normalised"], kind="stable").reset_index(drop=True))
    step(f"{len(spec.identifiers)} identifiers", 1 + len(spec.identifiers))
    return (rej, reid_t, plan.attrs(total), n_read, n_written, emptied, dropped, masked)


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
    chunk_bytes: int | None = None,
    workers: int | None = None,
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
    chunk_bytes : int, optional
        A CSV is streamed in chunks of whole records of about this many bytes (with or
        without quotes), so memory stays bounded whatever the file's size (default 16 MiB in
        one process, 8 MiB when several share the work).
    workers : int, optional
        Processes for the chunks, this one included (the others are forked, Linux): ``None``
        (default) or ``1``: this process only, in three threads (one reads chunk k+1 and one
        scans and writes chunk k-1 while chunk k is hashed); ``0`` one per CPU (at most 4);
        ``N`` that many. With several, this process takes every N-th chunk, the forked ones the
        others, each with its own cache of values seen before. The output is the same byte for
        byte whatever the number. Measured on the 1M-row, 133 MB politie extract:
        ``benchmarks/README.md``.

    Returns
    -------
    PseudonymiseResult

    Notes
    -----
    A streamed file is judged as a whole, exactly as a file read at once: the output is written
    to a temporary file beside ``out_path`` and only renamed into place when every chunk passed;
    the field-count majority rule, the text leak scan (``raw_in_text: refuse`` reports every
    finding of the file) and the counts are taken over all chunks, and row numbers in rejects
    are those of the whole file. Only the "already pseudonymised" refusal names the count of the
    first chunk holding pseudonyms.
    """
    from .. import __version__

    raw_p, out_p = Path(raw_path), Path(out_path)
    if len(key) < MIN_KEY_BYTES:
        raise InputError(gettext("de sleutel is {n} bytes; er zijn er minstens {min} nodig",
                                 n=len(key), min=MIN_KEY_BYTES),
                         reason=Reason.MISSING_KEY)
    targets = [out_p, rejects_path(out_p), sidecar_path(out_p)] + ([Path(reid_path)] if reid_path else [])
    if raw_p.exists() and any(t.exists() and t.resolve() == raw_p.resolve() for t in targets):
        raise InputError(gettext("de uitvoer zou het ruwe bestand overschrijven"), reason=Reason.INVALID_ARGUMENT,
                         file=mask_name(raw_p.name, spec.raw_patterns))
    if reid_path and Path(reid_path).resolve() == out_p.resolve():
        raise InputError(gettext("de heridentificatietabel kan niet het gedeelde extract zijn"),
                         reason=Reason.INVALID_ARGUMENT,
                         file=mask_name(Path(reid_path).name, spec.raw_patterns))
    steps = len(spec.identifiers) + 2

    def step(what: str, done: int) -> None:
        if progress is not None:
            progress(what, done, steps)

    shown = mask_name(raw_p.name, spec.raw_patterns)  # names are partner data too
    if sidecar_path(raw_p).exists():
        raise InputError(gettext("al gepseudonimiseerd: sidecarbestand gevonden ({naam}); "
                                 "pseudonimiseer de ruwe export van de partner, niet een gedeeld "
                                 "extract", naam=mask_name(sidecar_path(raw_p).name,
                                                          spec.raw_patterns)),
                         reason=Reason.ALREADY_PSEUDONYMISED, file=shown)
    plan = plan_csv(raw_p, spec) if spec.format == "csv" else None
    out_p.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_p.with_name(f".{out_p.name}.part")
    try:
        if plan is None:  # XLSX, Parquet, a CSV in UTF-16: read whole
            df = read_table(raw_p, spec, shared=False)
            step("read", 1)
            shared, rejects, reid = pseudonymise_frame(
                df, spec, key, file=shown, reid=reid_path is not None,
                progress=None if progress is None else (lambda w, d, t: step(w, 1 + d)))
            write_table(shared, tmp, spec, encoding=df.attrs.get("encoding"),
                        delimiter=df.attrs.get("delimiter"),
                        lineterminator=df.attrs.get("lineterminator", "\n"))
            attrs = dict(df.attrs)
            rows_read = len(df) + len(attrs.get("read_rejects", []) or [])
            rows_written, emptied = len(shared), int(shared.attrs.get("cells_emptied", 0))
            dropped, masked = shared.attrs["dropped_columns"], shared.attrs["masked_cells"]
        else:
            streamed = _pseudonymise_streamed(plan, spec, key, tmp, reid=reid_path is not None,
                                              chunk_bytes=chunk_bytes, workers=workers,
                                              step=step)
            rejects, reid, attrs, rows_read, rows_written, emptied, dropped, masked = streamed
        # the one safe writer (netwerk.io): file names, sheet and column names in the rejects are
        # partner text (a file named '=1+2.csv' is no formula there), UTF-8 with BOM for Excel,
        # and the output guard checks it before the shared extract takes its place
        write_csv(rejects, rejects_path(out_p))
        os.replace(tmp, out_p)
    finally:
        tmp.unlink(missing_ok=True)
    n_rejected = rows_read - rows_written
    fp = key_fingerprint(key)
    sidecar = {
        "spec": spec.name,
        "partner": spec.partner,
        "key_fingerprint": fp,
        "rows_read": rows_read,
        "rows_written": rows_written,
        "rejects": n_rejected,
        "empty_lines": int(attrs.get("empty_lines", 0)),
        "repeated_headers": int(attrs.get("repeated_headers", 0)),
        # title, blank and other rows above a header that is not in row 1 (read notes say which)
        "rows_above_header": int(attrs.get("above_header", 0)),
        "read_notes": list(attrs.get("notes", []) or []),
        # a workbook's rows the partner hid or filtered out, and its hidden columns the spec
        # reads: read and shared, and said (read notes name the sheet, rows and columns)
        "hidden_rows": int(attrs.get("hidden_rows", 0)),
        "hidden_columns": list(attrs.get("hidden_columns", []) or []),
        # or, with the spec's 'hidden_rows: skip' / 'hidden_columns: skip', not read: the rows
        # counted besides rows_read, the 'keep' columns left empty (read notes say which)
        "hidden_rows_skipped": int(attrs.get("hidden_rows_skipped", 0)),
        "hidden_columns_skipped": list(attrs.get("hidden_columns_skipped", []) or []),
        "dropped_columns": [mask_name(c, spec.raw_patterns) for c in dropped],
        "raw_in_text": spec.raw_in_text,
        "masked_cells": dict(masked or {}),
        # ingest checks the extract against this: an incomplete copy or a file edited after
        # pseudonymising is refused
        "sha256": file_sha256(out_p),
        # and against these: the spec's content and the settings the extract's bytes are read
        # with (dates, numbers, delimiter, encoding, format): a spec of the same name that reads
        # them differently is refused (netwerk.ingest.sidecar)
        "spec_sha256": spec_sha256(spec),
        "spec_settings": spec_settings(spec),
        "written": written_settings(spec, attrs),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "netwerk_version": __version__,
    }
    sidecar_path(out_p).write_text(json.dumps(sidecar, indent=2) + "\n", encoding="utf-8")
    paths = {"out": out_p, "rejects": rejects_path(out_p), "sidecar": sidecar_path(out_p)}
    if reid_path is not None:
        # raw identifiers by design (it stays with the partner): neutralised, not guarded
        write_csv(reid, reid_path, check=False)
        paths["reid"] = Path(reid_path)
    step("write", steps)
    log.info(ngettext("{bestand}: {n} regel gelezen, {geschreven} geschreven, {afgewezen} "
                      "afgewezen", "{bestand}: {n} regels gelezen, {geschreven} geschreven, "
                      "{afgewezen} afgewezen", rows_read, bestand=shown,
                      geschreven=rows_written, afgewezen=n_rejected))
    return PseudonymiseResult(
        rows_read=rows_read,
        rows_written=rows_written,
        rejects=n_rejected,
        cells_emptied=emptied,
        reject_lines=len(rejects),
        key_fingerprint=fp,
        paths=paths,
        dropped_columns=tuple(sidecar["dropped_columns"]),
        notes=tuple(sidecar["read_notes"]),
        masked_cells=dict(sidecar["masked_cells"]),
        empty_lines=sidecar["empty_lines"],
        repeated_headers=sidecar["repeated_headers"],
        rows_above_header=sidecar["rows_above_header"],
        hidden_rows_skipped=sidecar["hidden_rows_skipped"],
    )
