"""Refuse pseudonymised extracts whose identifier columns hold raw-looking values.

Every non-empty cell of an identifier output column must be a well-formed pseudonym of its kind
(``BSN-`` + 24 lowercase hex for a BSN column, ...). Cells that are not are counted per column and
classified by what they look like: a BSN/RSIN (9 digits passing the 11-proef), an IBAN (passes
mod-97), a Dutch postcode, a licence plate, a phone number, a number of 6 or more digits
(a KvK or branch number, a BSN with a typo), a name (letters and spaces with a
capital, no digits), a pseudonym of another kind, or simply "not a pseudonym". Findings name the
file, column, pattern, how many rows and the first few row numbers, never the values.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from stdnum import iban as _stdnum_iban

from ..errors import LeakError, Reason
from .normalise import elfproef
from .readers import ROW_COLUMN
from .spec import IDENTIFIER_KINDS, ExtractSpec

__all__ = ["LeakFinding", "is_pseudonym", "classify_value", "check_for_raw_identifiers", "guard"]

log = logging.getLogger(__name__)

_HEX24 = r"[0-9a-f]{24}"
_ANY_PSEUDONYM = re.compile(
    "(?:" + "|".join(sorted({v["prefix"] for v in IDENTIFIER_KINDS.values()})) + ")-" + _HEX24
)
_PHONE_JUNK = re.compile(r"[\s\-()/.]|\(0\)")
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("postcode", re.compile(r".*\b[1-9][0-9]{3}\s?[A-Za-z]{2}\b.*")),
    ("plate", re.compile(
        r"(?:[A-Z]{2}-?\d{2}-?\d{2}|\d{2}-?\d{2}-?[A-Z]{2}|\d{2}-?[A-Z]{2}-?\d{2}|[A-Z]{2}-?\d{2}-?[A-Z]{2}"
        r"|[A-Z]{2}-?[A-Z]{2}-?\d{2}|\d{2}-?[A-Z]{2}-?[A-Z]{2}|\d{2}-?[A-Z]{3}-?\d|\d-?[A-Z]{3}-?\d{2}"
        r"|[A-Z]{2}-?\d{3}-?[A-Z]|[A-Z]-?\d{3}-?[A-Z]{2}|[A-Z]{3}-?\d{2}-?[A-Z]|[A-Z]-?\d{2}-?[A-Z]{3}"
        r"|\d-?[A-Z]{2}-?\d{3}|\d{3}-?[A-Z]{2}-?\d)", re.IGNORECASE)),
    ("phone", re.compile(r"(?:\+|00)[1-9]\d{7,14}|0[1-9]\d{8}|6\d{8}")),  # after _PHONE_JUNK
    ("number", re.compile(r"\d[\d\s.\-]{4,}\d")),
    ("name", re.compile(r"(?=.*[A-ZÀ-Þ])[^\W\d_][^\d_]*", re.UNICODE)),
]


@dataclass(frozen=True)
class LeakFinding:
    """Cells of one identifier column that are not pseudonyms of the column's kind.

    ``pattern`` is what they look like (``bsn``, ``iban``, ``postcode``, ``plate``, ``phone``,
    ``number``, ``name``, ``other_pseudonym``, ``not_pseudonym``); ``rows`` how many; ``example_rows`` up to
    five 1-based data-row numbers. ``raw`` says whether the pattern is a raw identifier.
    """

    file: str
    column: str
    kind: str
    pattern: str
    rows: int
    example_rows: tuple[int, ...]

    @property
    def raw(self) -> bool:
        return self.pattern not in {"other_pseudonym", "not_pseudonym"}

    def describe(self) -> str:
        ex = ", ".join(str(r) for r in self.example_rows)
        what = {"other_pseudonym": "pseudonyms of another kind",
                "not_pseudonym": "values that are not pseudonyms"}.get(
            self.pattern, f"values that look like a raw {self.pattern}")
        return f"column '{self.column}' ({self.kind}): {self.rows} row(s) hold {what} (rows {ex})"


def is_pseudonym(value: object, kind: str) -> bool:
    """True if ``value`` is a well-formed pseudonym of ``kind`` (``<PREFIX>-<24 lowercase hex>``).

    Examples
    --------
    >>> is_pseudonym("BSN-" + "0" * 24, "bsn"), is_pseudonym("KVK-" + "0" * 24, "bsn")
    (True, False)
    """
    if not isinstance(value, str) or kind not in IDENTIFIER_KINDS:
        return False
    prefix = IDENTIFIER_KINDS[kind]["prefix"] + "-"
    return (len(value) == len(prefix) + 24 and value.startswith(prefix)
            and re.fullmatch(_HEX24, value[len(prefix):]) is not None)


def classify_value(value: str) -> str:
    """What a non-pseudonym value looks like (see :class:`LeakFinding` for the labels).

    Examples
    --------
    >>> [classify_value(v) for v in ["111222333", "NL91 ABNA 0417 1643 00", "1234 AB", "12-ABC-3",
    ...                              "06-12345678", "Jan de Vries", "KVK-" + "a" * 24, "x"]]
    ['bsn', 'iban', 'postcode', 'plate', 'phone', 'name', 'other_pseudonym', 'not_pseudonym']
    """
    v = value.strip()
    if _ANY_PSEUDONYM.fullmatch(v):
        return "other_pseudonym"
    digits = re.sub(r"[\s.\-]", "", v)
    if digits.isascii() and digits.isdigit() and len(digits) in (8, 9) and elfproef(digits.zfill(9)):
        return "bsn"
    compact = re.sub(r"\s", "", v).upper()
    if re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", compact) and _stdnum_iban.is_valid(compact):
        return "iban"
    for label, pat in _PATTERNS:
        if pat.fullmatch(_PHONE_JUNK.sub("", v) if label == "phone" else v):
            return label
    return "not_pseudonym"


def check_for_raw_identifiers(df: pd.DataFrame, spec: ExtractSpec, *, file: str) -> list[LeakFinding]:
    """Findings for every identifier output column that holds non-pseudonym values.

    Parameters
    ----------
    df : pd.DataFrame
        A pseudonymised extract as read by ``read_table(..., shared=True)``.
    spec : ExtractSpec
    file : str
        File name for the findings.

    Returns
    -------
    list of LeakFinding
        Ordered by the spec's identifier order, then pattern name. Empty when clean.
    """
    rows = df[ROW_COLUMN].to_numpy() if ROW_COLUMN in df.columns else np.arange(1, len(df) + 1)
    findings: list[LeakFinding] = []
    for col, ident in spec.identifier_outputs().items():
        if col not in df.columns:
            continue
        s = df[col].astype("str")
        present = s.notna() & (s.str.strip() != "")
        prefix = IDENTIFIER_KINDS[ident.kind]["prefix"]
        good = s.str.fullmatch(f"{re.escape(prefix)}-{_HEX24}").fillna(False).astype(bool)
        bad = (present & ~good).to_numpy()
        if not bad.any():
            continue
        labels = pd.Series([classify_value(v) for v in s[bad].tolist()], dtype=object)
        bad_rows = rows[bad]
        for label in sorted(set(labels)):
            mask = (labels == label).to_numpy()
            r = bad_rows[mask]
            findings.append(LeakFinding(file=file, column=col, kind=ident.kind, pattern=label,
                                        rows=int(mask.sum()),
                                        example_rows=tuple(int(x) for x in r[:5])))
    return findings


def guard(df: pd.DataFrame, spec: ExtractSpec, *, file: str, override: bool = False) -> list[LeakFinding]:
    """Refuse an extract with raw-looking identifier values, unless overridden.

    Parameters
    ----------
    df : pd.DataFrame
    spec : ExtractSpec
    file : str
    override : bool
        Return the findings instead of raising (the caller records the override in provenance).

    Returns
    -------
    list of LeakFinding
        Empty when the extract is clean; the findings when ``override`` is set.

    Raises
    ------
    LeakError
        Reason ``RAW_IDENTIFIER`` if any value looks like a raw identifier, else
        ``NOT_PSEUDONYMISED``; names the file, the first column and the row counts.
    """
    findings = check_for_raw_identifiers(df, spec, file=file)
    if not findings:
        return []
    if override:
        for f in findings:
            log.warning("%s: leak guard overridden: %s", file, f.describe())
        return findings
    raw = [f for f in findings if f.raw]
    first = (raw or findings)[0]
    msg = "; ".join(f.describe() for f in findings)
    raise LeakError(
        f"refusing a pseudonymised extract with {'raw-looking' if raw else 'non-pseudonym'} "
        f"identifier values: {msg}. Pseudonymise it with `netwerk pseudonymise` at the partner",
        reason=Reason.RAW_IDENTIFIER if raw else Reason.NOT_PSEUDONYMISED,
        file=file,
        column=first.column,
    )
