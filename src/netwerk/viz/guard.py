"""Last line of defence: refuse to write a map or export that shows a raw identifier.

Maps and exports are built from pseudonymised data, so they should never hold a BSN, an IBAN, a
postcode with house number, a licence plate or a phone number. Profiles already leave out what an
audience may not see; this guard scans every string that would be shown and raises
:class:`~netwerk.errors.LeakError` if one *looks like* a raw identifier. It is a belt-and-braces
check, not a proof: names and birth dates cannot be recognised by pattern.

Detected (case-insensitive where it makes sense):

* BSN/RSIN: 9 digits standing alone that pass the 11-proef;
* IBAN: country code, check digits and account that pass mod-97 (with or without spaces);
* Dutch postcode followed by a house number (``1234 AB 5``, ``1234AB, 5``);
* Dutch licence plates in the hyphenated side-codes (``AB-12-CD``, ``12-ABC-3``, ...);
* Dutch phone numbers (``+31 6 12345678``, ``0612345678``, ``06-12345678``).

Pseudonyms (``BSN-<24 hex>``) are removed before scanning, so their hex never triggers a match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from stdnum import iban as _iban
from stdnum.nl import bsn as _bsn

from ..errors import LeakError, Reason

__all__ = ["find_raw_identifiers", "check_no_raw_identifiers", "PSEUDONYM_RE"]

#: A netwerk pseudonym: typed prefix, a hyphen and 24 lowercase hex digits.
PSEUDONYM_RE = re.compile(r"\b[A-Z]{2,5}-[0-9a-f]{24}\b")

_BSN = re.compile(r"(?<![\w.,/-])\d{9}(?![\w,/-]|\.\d)")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){10,30}\b", re.I)
_POSTCODE_NR = re.compile(r"(?<![\w.,])[1-9]\d{3}(?: ?[A-Z]{2}|[a-z]{2})\s*,?\s*\d{1,5}(?!\d)")
_PLATE = re.compile(r"(?<![\w-])([A-Z0-9]{1,3})-([A-Z0-9]{1,3})-([A-Z0-9]{1,3})(?![\w-])", re.I)
_DIGIT = re.compile(r"\d")
_PHONE = re.compile(r"(?<![\w+])(?:\+31|0031|0)[ -]?[1-9](?:[ -]?\d){8}(?!\d)")


def _is_plate(m: re.Match) -> bool:
    groups = m.groups()
    if sum(len(g) for g in groups) != 6:
        return False
    kinds = []
    for g in groups:
        if g.isdigit():
            kinds.append("d")
        elif g.isalpha():
            kinds.append("a")
        else:
            return False
    return "d" in kinds and "a" in kinds


def find_raw_identifiers(text: str) -> list[tuple[str, str]]:
    """The raw-looking identifiers in ``text`` as ``(kind, value)`` pairs.

    Examples
    --------
    >>> find_raw_identifiers("BSN 111222333 at 1234 AB 5")
    [('bsn', '111222333'), ('postcode+number', '1234 AB 5')]
    >>> find_raw_identifiers("BSN-0123456789abcdef01234567 ranks 1 of 34")
    []
    """
    if not text:
        return []
    s = PSEUDONYM_RE.sub(" ", str(text))
    found: list[tuple[str, str]] = []
    for m in _BSN.finditer(s):
        if _bsn.is_valid(m.group(0)):
            found.append(("bsn", m.group(0)))
    for m in _IBAN.finditer(s):
        if _iban.is_valid(m.group(0).replace(" ", "").upper()):
            found.append(("iban", m.group(0)))
    for m in _POSTCODE_NR.finditer(s):
        found.append(("postcode+number", m.group(0)))
    for m in _PLATE.finditer(s):
        if _is_plate(m):
            found.append(("plate", m.group(0)))
    for m in _PHONE.finditer(s):
        found.append(("phone", m.group(0)))
    return found


def _mask(value: str) -> str:
    v = value.strip()
    return v[:2] + "*" * max(len(v) - 4, 1) + v[-2:] if len(v) > 4 else "*" * len(v)


def check_no_raw_identifiers(items: Iterable[tuple[str, str]], *, what: str = "output") -> None:
    """Raise :class:`LeakError` if any shown string looks like a raw identifier.

    Parameters
    ----------
    items : iterable of (where, text)
        Each string that would be shown, with a description of where (e.g. ``"node X, label"``).
    what : str
        The output being checked (named in the message).

    Raises
    ------
    LeakError
        Names the place and the identifier kind; the value itself is masked so the error message
        does not leak it into logs.
    """
    hits = []
    seen: set[str] = set()
    for where, text in items:
        if text is None:
            continue
        text = str(text)
        if text in seen or not _DIGIT.search(text):  # every detected identifier has a digit
            continue
        seen.add(text)
        for kind, value in find_raw_identifiers(text):
            hits.append((where, kind, value))
            if len(hits) >= 5:
                break
        if len(hits) >= 5:
            break
    if hits:
        detail = "; ".join(f"{w}: {k} {_mask(v)}" for w, k, v in hits)
        raise LeakError(
            f"refusing to write the {what}: {len(hits)}{'+' if len(hits) >= 5 else ''} value(s) "
            f"look like raw identifiers ({detail}). Pseudonymise the extract or leave the "
            f"attribute out of the audience profile.",
            reason=Reason.RAW_IDENTIFIER,
        )
