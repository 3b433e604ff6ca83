"""Cells that mean "unknown" although they hold text: Excel's error values and placeholder names.

Two members of issue 9's class "placeholder values" (review 8, S2 and S12):

* **Excel error values.** Where a lookup or formula failed, a partner's export holds Excel's
  error value instead of a value: ``#N/A`` (a failed VLOOKUP), ``#VALUE!``, ``#REF!`` and the
  others, in Dutch Excel ``#N/B``, ``#WAARDE!``, ``#VERW!`` ... (the spellings of Microsoft's
  Dutch documentation of ``TYPE.FOUT``). In a workbook (``.xlsx``) Excel stores the English
  code whatever its language; a CSV export holds the text the user saw, so both spellings occur.
  LibreOffice writes ``Err:502`` (Dutch ``Fout:502``), Google Sheets ``#ERROR!``. Such a cell is
  never a value: it is unknown (:func:`excel_error_mask`), on every reader path and in every
  column.
* **Placeholder names.** ``N. N.``, ``Anoniem Anoniem``, ``Naam onbekend``, ``#N/A #N/A``: a
  name part written as a placeholder in any spacing, punctuation or case, which would otherwise
  form a name + birth-date key shared by different unknown people
  (:func:`name_placeholder_mask`).

Examples
--------
>>> import pandas as pd
>>> excel_error_mask(pd.Series(["#N/A", " #n/b ", "#WAARDE!", "Err:502", "#1", None])).tolist()
[True, True, True, True, False, False]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["EXCEL_ERROR_VALUES", "NAME_FILLER_WORDS", "excel_error_mask", "name_placeholder_mask"]

#: Excel's error values, English (as a workbook stores them) and Dutch (as Dutch Excel shows and
#: exports them in a CSV): Microsoft's documentation of ERROR.TYPE / TYPE.FOUT (nl-nl) lists
#: #LEEG!, #DEEL/0!, #WAARDE!, #VERW!, #NAAM?, #GETAL!, #N/B and #GEGEVENS_OPHALEN; the newer
#: dynamic-array and data-type errors (#SPILL!, #CALC!, #FIELD!, #BUSY!, #CONNECT!, #BLOCKED!,
#: #UNKNOWN!, #PYTHON!) with the Dutch #OVERLOOP! and #BEREKENEN!; Google Sheets' #ERROR!.
#: Compared after trimming spaces, ignoring case.
EXCEL_ERROR_VALUES = (
    "#N/A", "#N/B", "#VALUE!", "#WAARDE!", "#REF!", "#VERW!", "#DIV/0!", "#DEEL/0!",
    "#NAME?", "#NAAM?", "#NULL!", "#LEEG!", "#NUM!", "#GETAL!", "#GETTING_DATA",
    "#GEGEVENS_OPHALEN", "#SPILL!", "#OVERLOOP!", "#CALC!", "#BEREKENEN!", "#FIELD!", "#BUSY!",
    "#CONNECT!", "#BLOCKED!", "#UNKNOWN!", "#PYTHON!", "#ERROR!",
)

#: LibreOffice / OpenOffice error codes as they export them (``Err:502``, Dutch ``Fout:502``)
_OFFICE_ERROR = r"^(?:err|fout):[0-9]{3}$"

#: words that say "this is a name" without naming anyone: a name part made of these and
#: placeholder words (at least one) is a placeholder (``Naam onbekend``, ``Persoon onbekend``)
NAME_FILLER_WORDS = ("naam", "name", "achternaam", "voornaam", "voornamen", "persoon", "person")


def _arrow(values):
    import pyarrow as pa

    if isinstance(values, pa.Array | pa.ChunkedArray):
        return values
    return pa.array(pd.Series(values, dtype="str"), type=pa.large_string(), from_pandas=True)


def excel_error_mask(values) -> np.ndarray:
    """Which cells hold an Excel error value (:data:`EXCEL_ERROR_VALUES`, or a LibreOffice
    ``Err:502``), after trimming spaces and ignoring case. Vectorised (Arrow compute): only
    cells that start with ``#``, ``E`` or ``F`` are compared.

    Parameters
    ----------
    values : pd.Series of str, or a pyarrow string array
        Shape (n,); missing cells are False.

    Returns
    -------
    np.ndarray of bool, shape (n,)

    Examples
    --------
    >>> excel_error_mask(pd.Series(["#N/A", "#n/a", "#DEEL/0!", "#NAAM?", "N/A", "#NA", "Err:5"]))
    array([ True,  True,  True,  True, False, False, False])
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = _arrow(values)
    out = np.zeros(len(arr), dtype=bool)
    if not len(arr):
        return out
    cand = pc.fill_null(pc.match_substring_regex(arr, r"^\s*(?:#|(?i:err|fout):)"), False)
    idx = np.flatnonzero(np.asarray(cand.to_numpy(zero_copy_only=False), dtype=bool))
    if not len(idx):
        return out
    low = pc.utf8_lower(pc.utf8_trim_whitespace(arr.take(pa.array(idx))))
    known = pa.array(sorted({v.lower() for v in EXCEL_ERROR_VALUES}), pa.large_string())
    hit = pc.or_(pc.is_in(low, value_set=known), pc.match_substring_regex(low, _OFFICE_ERROR))
    out[idx] = np.asarray(pc.fill_null(hit, False).to_numpy(zero_copy_only=False), dtype=bool)
    return out


def _compact(text: str) -> str:
    """Lower case without spaces, dots and underscores (``N. N.`` and ``n.n`` are ``nn``)."""
    return "".join(ch for ch in text.casefold() if not (ch.isspace() or ch in "._"))


def name_placeholder_mask(values, placeholders) -> np.ndarray:
    """Which name parts (a surname or first names) are a placeholder for "unknown".

    A cell is a placeholder when, ignoring case:

    * the whole cell without spaces, dots and underscores is one of ``placeholders`` written the
      same way (``N. N.``, ``N.N``, ``n n`` are ``nn``; ``N.v.t`` is ``nvt``), or an Excel error
      value (:func:`excel_error_mask`); or
    * every word of it (split at spaces, a word's dots removed) is a placeholder word or an Excel
      error value, or one of :data:`NAME_FILLER_WORDS` with at least one placeholder word
      (``Anoniem Anoniem``, ``Naam onbekend``, ``#N/A #N/A``, ``Onbekend, onbekend``).

    A surname prefix (``van``, ``de``) is no placeholder word, so ``van Onbekend`` is kept as a
    surname: a prefix says a real surname follows. A word that merely contains a placeholder
    (``Nnamdi``, ``Noor``, ``Xander``, ``Geenen``) is kept. Single-word entries of
    ``placeholders`` are placeholder words; the spec's list decides, as for every identifier.

    Parameters
    ----------
    values : pd.Series of str
        Shape (n,); missing cells are False.
    placeholders : iterable of str
        The spec's ``placeholder_values``.

    Returns
    -------
    np.ndarray of bool, shape (n,)

    Examples
    --------
    >>> from netwerk.ingest.spec import DEFAULT_PLACEHOLDER_VALUES as P
    >>> s = pd.Series(["N. N.", "Anoniem Anoniem", "Naam onbekend", "#N/A #N/A", "Unknown",
    ...                "van Onbekend", "Noor", "Naam", "Jan X", "X X", None])
    >>> name_placeholder_mask(s, P).tolist()
    [True, True, True, True, True, False, False, False, False, True, False]
    """
    import re

    import pyarrow as pa
    import pyarrow.compute as pc

    arr = _arrow(values)
    out = excel_error_mask(arr)
    words = {_compact(str(p)) for p in placeholders if str(p).strip()}
    words.discard("")
    if not len(arr) or not words:
        return out
    errors = {v.lower() for v in EXCEL_ERROR_VALUES}
    filler = set(NAME_FILLER_WORDS)
    # vectorised: the whole cell without spaces, dots and underscores; then, word by word, only
    # the cells whose first word is a placeholder, an error value or a filler word (few)
    nodots = pc.replace_substring_regex(pc.utf8_lower(arr), r"[._]", "")
    whole = pc.is_in(pc.replace_substring_regex(nodots, r"[\s,]", ""),
                     value_set=pa.array(sorted(words), pa.large_string()))
    out |= np.asarray(pc.fill_null(whole, False).to_numpy(zero_copy_only=False), dtype=bool)
    starts = sorted(words | {_compact(e) for e in errors} | filler, key=len, reverse=True)
    first = "^[\\s,]*(?:" + "|".join(re.escape(w) for w in starts) + ")(?:[\\s,]|$)"
    cand = pc.fill_null(pc.match_substring_regex(nodots, first), False)
    idx = np.flatnonzero(np.asarray(cand.to_numpy(zero_copy_only=False), dtype=bool) & ~out)
    if not len(idx):
        return out
    sub = pd.Series(arr.take(pa.array(idx)).to_pylist(), dtype=object)
    memo: dict[str, bool] = {}
    for u in pd.unique(sub):
        kinds = ["p" if (_compact(w) in words or w in errors) else
                 "f" if w.strip(".") in filler else "" for w in u.replace(",", " ").casefold().split()]
        memo[u] = bool(kinds) and all(kinds) and "p" in kinds
    out[idx] = sub.map(memo).to_numpy(dtype=bool)
    return out
