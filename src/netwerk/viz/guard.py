"""Last line of defence: refuse to write a map, export, report or plan that shows a raw identifier.

Outputs are built from pseudonymised data, so they should never hold a BSN, an IBAN, a postcode, a
licence plate or a phone number. Profiles already leave out what an audience may not see; this
guard scans every string that would be shown with the ONE detector set of :mod:`netwerk.privacy`
(the same the ingest leak guard uses) and raises :class:`~netwerk.errors.LeakError` if one *looks
like* a raw identifier. It is a belt-and-braces check, not a proof: names and birth dates cannot be
recognised by pattern. Pseudonyms (``BSN-<24 hex>``) are removed before scanning, so their hex
never triggers a match.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from re import Pattern

from ..errors import LeakError, Reason
from ..i18n import _
from ..privacy import PSEUDONYM_RE, find_raw_identifiers, masked_shape

__all__ = ["find_raw_identifiers", "check_no_raw_identifiers", "PSEUDONYM_RE"]


def _mask(value: str) -> str:
    v = value.strip()
    return v[:2] + "*" * max(len(v) - 4, 1) + v[-2:] if len(v) > 4 else "*" * len(v)


def check_no_raw_identifiers(items: Iterable[tuple[str, str]], *, what: str | None = None,
                             extra: Mapping[str, Pattern[str]] | None = None) -> None:
    """Raise :class:`LeakError` if any shown string looks like a raw identifier.

    Parameters
    ----------
    items : iterable of (where, text)
        Each string that would be shown, with a description of where (e.g. ``"node X, label"``).
    what : str, optional
        The output being checked, in words (named in the message; default "de uitvoer").
    extra : mapping of label -> compiled pattern, optional
        Spec-given patterns (:func:`netwerk.privacy.compile_patterns`).

    Raises
    ------
    LeakError
        Names the place and the identifier kind; the value itself is masked (first and last two
        characters, plus its shape) so the error message does not leak it into logs.

    Examples
    --------
    >>> check_no_raw_identifiers([("node a, label", "BSN-0123456789abcdef01234567")])
    >>> try:
    ...     check_no_raw_identifiers([("node b, label", "tel 06-12345678")], what="map")
    ... except LeakError as e:
    ...     print(e.reason)
    raw_identifier
    """
    hits = []
    seen: set[str] = set()
    for where, text in items:
        if text is None:
            continue
        text = str(text)
        if text in seen:
            continue
        seen.add(text)
        for kind, value in find_raw_identifiers(text, extra):
            hits.append((where, kind, value))
            if len(hits) >= 5:
                break
        if len(hits) >= 5:
            break
    if hits:
        detail = "; ".join(f"{w}: {k} {_mask(v)} ({masked_shape(v, k)})" for w, k, v in hits)
        raise LeakError(
            _("{wat} wordt niet geschreven: {n} waarde(n) lijken op ruwe identificatoren "
              "({details}). Pseudonimiseer het extract of laat het kenmerk weg uit het profiel "
              "van het publiek.", wat=what or _("de uitvoer"),
              n=f"{len(hits)}{'+' if len(hits) >= 5 else ''}", details=detail),
            reason=Reason.RAW_IDENTIFIER,
        )
