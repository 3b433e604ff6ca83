"""Writing an edition's tables: CSV, XLSX and Markdown, formula-safe and escaped.

Used for the tables whose shape depends on the edition (the stuurgroep's aggregates, a private
partner's requests, the source records of a plan). Every text cell passes through
:func:`netwerk.safety.neutralise` (CWE-1236); Markdown cells are escaped so a partner string cannot
become a link or HTML. The marking is put on afterwards by :meth:`Governance.finish`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from ..safety import neutralise_frame

__all__ = ["write_table", "markdown_table"]


def _md(v: Any) -> str:
    s = "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v)
    s = s.replace("\r", " ").replace("\n", " ")
    return "".join("\\" + ch if ch in "\\`*_[]<>|#!" else ch for ch in s)


def markdown_table(df: pd.DataFrame, *, title: str | None = None) -> str:
    """A Markdown table with every cell escaped (no live link, HTML or emphasis).

    Examples
    --------
    >>> print(markdown_table(pd.DataFrame({"a": ["[x](http://e)"]})))
    | a |
    |---|
    | \\[x\\](http://e) |
    <BLANKLINE>
    """
    lines = [f"# {_md(title)}", ""] if title else []
    cols = [str(c) for c in df.columns]
    lines.append("| " + " | ".join(_md(c) for c in cols) + " |")
    lines.append("|" + "---|" * len(cols))
    for row in df.itertuples(index=False):
        lines.append("| " + " | ".join(_md(v) for v in row) + " |")
    if not len(df):
        lines.append("")
        lines.append("_Geen rijen._")
    return "\n".join(lines) + "\n"


def write_table(df: pd.DataFrame, base: str | Path, *, formats: Iterable[str] = ("csv",),
                title: str | None = None, sheet: str = "tabel") -> list[Path]:
    """Write ``df`` as ``base.csv`` / ``base.xlsx`` / ``base.md`` (UTF-8 with BOM for CSV).

    Returns the paths written, in the order of ``formats``.

    Raises
    ------
    ValueError
        For an unknown format.
    """
    b = Path(base)
    b.parent.mkdir(parents=True, exist_ok=True)
    safe = neutralise_frame(df.reset_index(drop=True))
    for c in safe.columns:  # a bare CR would split a CSV row in Excel
        if safe[c].dtype == object:
            safe[c] = safe[c].map(lambda v: v.replace("\r", " ") if isinstance(v, str) else v)
    out = []
    for fmt in formats:
        if fmt == "csv":
            p = b.with_suffix(".csv")
            text = safe.to_csv(index=False, lineterminator="\n")
            p.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
        elif fmt == "xlsx":
            p = b.with_suffix(".xlsx")
            with pd.ExcelWriter(p, engine="openpyxl") as xw:
                safe.to_excel(xw, sheet_name=sheet[:31], index=False)
        elif fmt == "md":
            p = b.with_suffix(".md")
            p.write_text(markdown_table(df, title=title), encoding="utf-8")
        else:
            raise ValueError(f"unknown table format '{fmt}' (csv, xlsx, md)")
        out.append(p)
    return out
