"""Refuse extracts whose columns hold raw-looking identifiers: every column, not only identifiers.

Every non-empty cell of an identifier output column must be a well-formed pseudonym of its kind
(``BSN-`` + 24 lowercase hex for a BSN column, ...). Cells that are not are counted per column and
classified by what they look like: a BSN/RSIN (11-proef), an IBAN (mod-97), a Dutch postcode, a
licence plate, a phone number, a number of 6 or more digits (a KvK or branch number, a BSN with a
typo), a name (letters and spaces with a capital, no digits), a pseudonym of another kind, or
simply "not a pseudonym".

Every *other* column (free text such as ``feitomschrijving``, attributes, kind codes) is scanned
with the one detector set of :mod:`netwerk.privacy` plus the spec's ``raw_patterns``: a BSN typed
into a description is a finding too. Findings name the file, column, pattern, how many rows and
the first few row numbers, never the values.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import LeakError, Reason
from ..i18n import gettext, ngettext
from ..privacy import RAW_KINDS, candidates, compile_patterns, find_raw_identifiers
from ..privacy import is_pseudonym as _is_pseudonym
from ..privacy import kind_label as _detector_label
from ._values import kind_label as _label
from .readers import ROW_COLUMN
from .spec import IDENTIFIER_KINDS, ExtractSpec

__all__ = ["LeakFinding", "is_pseudonym", "classify_value", "check_for_raw_identifiers",
           "scan_text_columns", "guard", "judge", "merge_findings", "finding_order",
           "pseudonym_mask"]

log = logging.getLogger(__name__)

_HEX24 = r"[0-9a-f]{24}"
#: whole-cell shapes that are not raw identifiers by themselves but are no pseudonym either
_SHAPES: list[tuple[str, re.Pattern[str]]] = [
    ("number", re.compile(r"\d[\d\s.\-]{4,}\d")),
    ("name", re.compile(r"(?=.*[A-ZÀ-Þ])[^\W\d_][^\d_]*", re.UNICODE)),
]
#: detector labels in the order a whole cell is classified by
_PRIORITY = {"bsn": 0, "iban": 1, "postcode+number": 2, "postcode": 2, "plate": 3, "phone": 4}


@dataclass(frozen=True)
class LeakFinding:
    """Cells of one column that are not pseudonyms of the column's kind, or (``kind="text"``)
    cells of another column that hold a raw identifier.

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
        """The finding in the user's language: kinds and patterns by their names, never the
        identifiers (``plate`` is *kenteken*); a spec's own ``raw_patterns`` label as written.

        Examples
        --------
        >>> from netwerk.i18n import using
        >>> f = LeakFinding("p.csv", "kenteken", "plate", "plate", 2, (3, 7))
        >>> f.describe()
        "kolom 'kenteken' (kenteken): 2 rijen bevatten waarden die op een kenteken lijken (rijen 3, 7)"
        >>> with using("en"):
        ...     LeakFinding("p.csv", "notitie", "text", "phone", 1, (4,)).describe()
        "column 'notitie' (text column): 1 row holds a raw phone number inside the text (rows 4)"
        >>> LeakFinding("p.csv", "rol", "text", "postcode+number", 1, (9,)).describe()
        "kolom 'rol' (tekstkolom): 1 rij bevat een postcode met huisnummer in de tekst (rijen 9)"
        """
        ex = ", ".join(str(r) for r in self.example_rows)
        # a detector kind by the detectors' own name ("postcode+number": postcode met huisnummer)
        pattern = _detector_label(self.pattern) if self.pattern in RAW_KINDS else _label(self.pattern)
        what = (gettext("pseudoniemen van een andere soort") if self.pattern == "other_pseudonym"
                else gettext("waarden die geen pseudoniem zijn") if self.pattern == "not_pseudonym"
                else gettext("een {patroon} in de tekst", patroon=pattern)
                if self.kind == "text"
                else gettext("waarden die op een {patroon} lijken", patroon=pattern))
        return ngettext("kolom '{kolom}' ({soort}): {n} rij bevat {wat} (rijen {rijen})",
                        "kolom '{kolom}' ({soort}): {n} rijen bevatten {wat} (rijen {rijen})",
                        self.rows, kolom=self.column, soort=_label(self.kind), wat=what, rijen=ex)


def is_pseudonym(value: object, kind: str) -> bool:
    """True if ``value`` is a well-formed pseudonym of ``kind`` (see :func:`netwerk.privacy.is_pseudonym`).

    Examples
    --------
    >>> is_pseudonym("BSN-" + "0" * 24, "bsn"), is_pseudonym("KVK-" + "0" * 24, "bsn")
    (True, False)
    """
    return kind in IDENTIFIER_KINDS and _is_pseudonym(value, kind)


def classify_value(value: str) -> str:
    """What a non-pseudonym value looks like (see :class:`LeakFinding` for the labels).

    Raw identifiers are recognised by :func:`netwerk.privacy.find_raw_identifiers`; what is left
    is a long ``number``, a ``name``, a pseudonym of another kind or ``not_pseudonym``.

    Examples
    --------
    >>> [classify_value(v) for v in ["111222333", "NL91 ABNA 0417 1643 00", "1234 AB", "12-ABC-3",
    ...                              "06-12345678", "Jan de Vries", "KVK-" + "a" * 24, "x"]]
    ['bsn', 'iban', 'postcode', 'plate', 'phone', 'name', 'other_pseudonym', 'not_pseudonym']
    """
    v = value.strip()
    if _is_pseudonym(v):
        return "other_pseudonym"
    hits = find_raw_identifiers(v)
    if hits:
        # the hit that covers most of the cell ("+31 20 123 4567" is a phone, not the BSN-like
        # "20 123 4567" inside it); ties by priority
        label = min(hits, key=lambda h: (-len(h[1]), _PRIORITY.get(h[0], 9)))[0]
        return "postcode" if label == "postcode+number" else label
    for label, pat in _SHAPES:
        if pat.fullmatch(v):
            return label
    return "not_pseudonym"


def scan_text_columns(df: pd.DataFrame, columns: list[str], *, file: str,
                      patterns: dict[str, str] | None = None) -> list[LeakFinding]:
    """Findings for raw identifiers inside the cells of non-identifier columns.

    Each distinct cell text is scanned once with :func:`netwerk.privacy.find_raw_identifiers`
    (and the spec's ``raw_patterns``).

    Parameters
    ----------
    df : pd.DataFrame
        Text columns and ``_row``.
    columns : list of str
        The columns to scan (free text, attributes, codes).
    file : str
    patterns : dict of label -> regex, optional
        A spec's ``raw_patterns``.

    Returns
    -------
    list of LeakFinding
        ``kind`` is ``"text"``; ``pattern`` the detected kind. Column order, then pattern.

    Examples
    --------
    >>> df = pd.DataFrame({"opmerking": ["ok", "BSN 111222333", None], "_row": [1, 2, 3]})
    >>> [(f.column, f.pattern, f.example_rows) for f in scan_text_columns(df, ["opmerking"], file="x")]
    [('opmerking', 'bsn', (2,))]
    """
    extra = compile_patterns(patterns)
    rows = df[ROW_COLUMN].to_numpy() if ROW_COLUMN in df.columns else np.arange(1, len(df) + 1)
    findings: list[LeakFinding] = []
    for col in columns:
        if col not in df.columns or col == ROW_COLUMN:
            continue
        cand = candidates(df[col], extra)
        if not cand.any():
            continue
        codes, uniques = pd.factorize(df[col].where(cand), use_na_sentinel=True)
        labels: list[frozenset[str]] = []
        for u in uniques.tolist():
            labels.append(frozenset(k for k, _ in find_raw_identifiers(u, extra)))
        if not any(labels):
            continue
        for label in sorted(set().union(*labels)):
            hit = np.array([label in lab for lab in labels] + [False])
            mask = hit[np.where(codes < 0, len(labels), codes)]
            r = rows[mask]
            findings.append(LeakFinding(file=file, column=str(col), kind="text", pattern=label,
                                        rows=int(mask.sum()),
                                        example_rows=tuple(int(x) for x in r[:5])))
    return findings


def pseudonym_mask(values: pd.Series, prefix: str) -> np.ndarray:
    """Which cells are exactly ``<prefix>-`` and 24 lowercase hex digits (the ``fullmatch`` of a
    pseudonym), tested by Arrow's RE2 on the string buffer at once. Missing cells are False.

    Parameters
    ----------
    values : pd.Series
        Text cells, shape (n,).
    prefix : str
        The identifier kind's pseudonym prefix (``BSN``, ``PID``, ...).

    Returns
    -------
    np.ndarray
        Boolean, shape (n,).

    Examples
    --------
    >>> s = pd.Series(["BSN-" + "0a" * 12, "BSN-" + "0A" * 12, " BSN-" + "0" * 24, None, "",
    ...                "BSN-" + "0" * 24 + "\\n"], dtype="str")
    >>> pseudonym_mask(s, "BSN").tolist()
    [True, False, False, False, False, False]
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pa.array(values, type=pa.large_string(), from_pandas=True)
    if not len(arr):
        return np.zeros(0, dtype=bool)
    # \A and \z: RE2's $ would also match before a final newline
    hit = pc.match_substring_regex(arr, rf"\A{re.escape(prefix)}-[0-9a-f]{{24}}\z")
    return pc.fill_null(hit, False).to_numpy(zero_copy_only=False)


def check_for_raw_identifiers(df: pd.DataFrame, spec: ExtractSpec, *, file: str) -> list[LeakFinding]:
    """Findings for every column: identifier columns holding non-pseudonyms, other columns
    holding raw identifiers (:func:`scan_text_columns`).

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
        Identifier columns first (spec order, then pattern name), then the other columns in file
        order. Empty when clean.
    """
    rows = df[ROW_COLUMN].to_numpy() if ROW_COLUMN in df.columns else np.arange(1, len(df) + 1)
    findings: list[LeakFinding] = []
    for col, ident in spec.identifier_outputs().items():
        if col not in df.columns:
            continue
        s = df[col].astype("str")
        prefix = IDENTIFIER_KINDS[ident.kind]["prefix"]
        bad = ~pseudonym_mask(s, prefix) & s.notna().to_numpy()
        if bad.any():  # blank cells are no finding
            pos = np.flatnonzero(bad)
            bad[pos] = (s.iloc[pos].str.strip() != "").to_numpy(dtype=bool)
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
    others = [c for c in df.columns if c != ROW_COLUMN and c not in spec.identifier_outputs()]
    findings.extend(scan_text_columns(df, others, file=file,
                                      patterns=getattr(spec, "raw_patterns", None)))
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
    return judge(check_for_raw_identifiers(df, spec, file=file), file=file, override=override)


def finding_order(spec: ExtractSpec, columns: list[str]) -> list[str]:
    """The column order of :func:`check_for_raw_identifiers`' findings for a file with
    ``columns``: identifier output columns in spec order, then the other columns in file order.

    Examples
    --------
    >>> spec = ExtractSpec(name="t", partner="p", identifiers=[{"columns": ["bsn"], "kind": "bsn"}])
    >>> finding_order(spec, ["opmerking", "bsn", "_row"])
    ['bsn', 'opmerking']
    """
    outs = spec.identifier_outputs()
    return ([c for c in outs if c in columns]
            + [c for c in columns if c != ROW_COLUMN and c not in outs])


def merge_findings(parts: list[list[LeakFinding]], columns: list[str]) -> list[LeakFinding]:
    """The findings of consecutive chunks of one file as the findings of the whole file: rows
    summed, the first five example rows kept; in the order of ``columns`` (see
    :func:`finding_order`), then pattern.

    Examples
    --------
    >>> a = LeakFinding("f", "tekst", "text", "bsn", 2, (3, 9))
    >>> b = LeakFinding("f", "tekst", "text", "bsn", 4, (12, 13, 14, 15))
    >>> merge_findings([[a], [b]], ["tekst"])[0].example_rows
    (3, 9, 12, 13, 14)
    """
    merged: dict[tuple[str, str], LeakFinding] = {}
    for findings in parts:
        for f in findings:
            k = (f.column, f.pattern)
            g = merged.get(k)
            merged[k] = f if g is None else LeakFinding(
                file=g.file, column=g.column, kind=g.kind, pattern=g.pattern,
                rows=g.rows + f.rows, example_rows=(g.example_rows + f.example_rows)[:5])
    pos = {c: i for i, c in enumerate(columns)}
    return sorted(merged.values(), key=lambda f: (pos.get(f.column, len(pos)), f.pattern))


def judge(findings: list[LeakFinding], *, file: str, override: bool = False
          ) -> list[LeakFinding]:
    """What :func:`guard` does with the findings of a whole file: refuse it, or (``override``)
    log and return them.

    Raises
    ------
    LeakError
        As :func:`guard`.
    """
    if not findings:
        return []
    if override:
        for f in findings:
            log.warning(gettext("{bestand}: lekcontrole terzijde geschoven: {bevinding}",
                                bestand=file, bevinding=f.describe()))
        return findings
    raw = [f for f in findings if f.raw]
    first = (raw or findings)[0]
    msg = "; ".join(f.describe() for f in findings)
    raise LeakError(
        gettext("gepseudonimiseerd extract geweigerd, want het heeft identificatorwaarden die er "
                "ruw uitzien: {bevindingen}. Pseudonimiseer het met `netwerk pseudonymise` bij de "
                "partner", bevindingen=msg) if raw else
        gettext("gepseudonimiseerd extract geweigerd, want het heeft identificatorwaarden die "
                "geen pseudoniem zijn: {bevindingen}. Pseudonimiseer het met `netwerk "
                "pseudonymise` bij de partner", bevindingen=msg),
        reason=Reason.RAW_IDENTIFIER if raw else Reason.NOT_PSEUDONYMISED,
        file=file,
        column=first.column,
    )
