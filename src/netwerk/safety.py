"""Output safety shared by every writer: spreadsheet formula neutralisation (CWE-1236).

Excel, LibreOffice and Google Sheets treat a cell that starts with ``=``, ``+``, ``-``, ``@``, tab
or carriage return as a formula. Partner strings are data, never code: every CSV and Excel file
netwerk writes passes its text through :func:`neutralise`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

__all__ = ["FORMULA_START", "neutralise", "neutralise_frame"]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Prefix ``'`` to text that a spreadsheet would read as a formula; other values unchanged.

    Examples
    --------
    >>> neutralise("=HYPERLINK(1)"), neutralise("-1+2"), neutralise("ok"), neutralise(-3)
    ("'=HYPERLINK(1)", "'-1+2", 'ok', -3)
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def neutralise_frame(df: pd.DataFrame, *, index: bool = False) -> pd.DataFrame:
    """A copy with every text cell and column name (and, with ``index=True``, the index)
    passed through :func:`neutralise`."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise).astype(object)
    out.columns = [neutralise(str(c)) for c in out.columns]
    if index and (out.index.dtype == object or pd.api.types.is_string_dtype(out.index)):
        out.index = pd.Index([neutralise(i) for i in out.index], name=out.index.name)
    return out
