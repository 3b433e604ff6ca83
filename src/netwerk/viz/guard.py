"""The output guard as the map, SVG and export writers import it: :mod:`netwerk.guard`.

Kept as a name for the viz layer; the guard itself lives in :mod:`netwerk.guard`, below every
writer (the safe writers of :mod:`netwerk.io` run it on every file they write).

Examples
--------
>>> check_no_raw_identifiers([("node a, label", "BSN-0123456789abcdef01234567")])
"""

from __future__ import annotations

from ..guard import PSEUDONYM_RE, check_no_raw_identifiers, find_raw_identifiers

__all__ = ["find_raw_identifiers", "check_no_raw_identifiers", "PSEUDONYM_RE"]
