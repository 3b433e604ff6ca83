"""The one safe writer for every CSV, XLSX and Markdown file netwerk writes.

Partner strings are data, never code. Every tabular or Markdown output goes through this module
(the classification marking of an edition is added afterwards by :func:`netwerk.governance.mark_file`):

- **Formula neutralisation** (CWE-1236). A spreadsheet reads a cell whose text starts with ``=``,
  ``+``, ``-``, ``@``, tab, CR or LF (also after leading blanks, and in their full-width forms
  ``＝ ＋ － ＠``) as a formula. Such text gets a leading apostrophe and shows as text.
- **No row splits.** A CR, LF, CRLF or Unicode line separator (U+0085, U+2028, U+2029) inside a cell
  is replaced by a space, so no reader can start a new row inside a value (pandas with
  ``lineterminator="\\n"`` leaves a bare CR unquoted).
- **Markdown escaping.** Partner strings placed in Markdown are escaped with :func:`md_escape`:
  every ASCII punctuation character gets a backslash, so ``[x](http://…)`` is no link,
  ``<img src=x>`` no HTML and ``http://`` no autolink.
- **The output guard.** Every writer here scans every string it would write (cells, column
  headers, sheet names, JSON keys and values, the visible text and data of an HTML page) with the
  one detector set (:mod:`netwerk.guard`) *before* it writes, and refuses with
  :class:`~netwerk.errors.LeakError` naming the file and the column or field. Files are written
  through a temporary file and a rename, so a refusal or failure leaves no partial file.
- **One encoding policy.** CSV files are UTF-8 *with* BOM (``utf-8-sig``) and ``\\n`` line ends, so
  Excel opens accented names correctly by double-click; pandas, DuckDB and Python's ``csv`` read the
  BOM transparently. Markdown and JSON are UTF-8 without BOM. XLSX is always UTF-8 inside.

Serves "make joint successes visible" safely: outputs travel between partners, so none of them may
run as code on another partner's machine.

Examples
--------
>>> neutralise("=HYPERLINK(1)"), neutralise("＝1+1"), neutralise("ok"), neutralise(-3)
("'=HYPERLINK(1)", "'＝1+1", 'ok', -3)
>>> neutralise("a\\r\\nb")
'a b'
>>> print(md_escape("[x](http://e.nl) <img src=x>, 10.0"))
\\[x\\]\\(http\\://e\\.nl\\) \\<img src=x\\>, 10.0
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import guard
from .privacy import mask_name

__all__ = ["CSV_ENCODING", "FORMULA_START", "md_escape", "md_table", "neutralise",
           "neutralise_frame", "save_workbook", "write_csv", "write_html", "write_json",
           "write_markdown", "write_text", "write_xlsx"]

#: CSV files are written for Excel: UTF-8 with a byte-order mark.
CSV_ENCODING = "utf-8-sig"

#: Characters that make a spreadsheet read a cell as a formula (ASCII and full-width forms).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")

_LINE_BREAKS = re.compile("\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]")
#: Markdown/HTML syntax characters, escaped everywhere in partner strings.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#!|<>~&@^$])")
#: Characters that only act at the start of a line (lists, headings, quotes, tables).
_MD_LINE_START = re.compile(r"^(\s*)([-+=>])|^(\s*\d+)([.)])(?=\s|$)")
#: Autolink triggers: a scheme's ``:`` before ``/``, a dot inside a domain name.
_MD_AUTOLINK = re.compile(r"(:)(?=/)|(\.)(?=[A-Za-z])")


def neutralise(value: Any) -> Any:
    """Make one cell value inert for spreadsheets and CSV readers; non-text values unchanged.

    Parameters
    ----------
    value : Any
        A cell value. Only ``str`` is changed.

    Returns
    -------
    Any
        Text with line breaks replaced by a space and, when it would start a formula (see
        :data:`FORMULA_START`, also after leading spaces), a leading apostrophe.

    References
    ----------
    .. [1] OWASP, "CSV Injection"; MITRE CWE-1236, "Improper Neutralization of Formula Elements in
       a CSV File".

    Examples
    --------
    >>> neutralise("-1+2"), neutralise("  =1"), neutralise("@x"), neutralise(None)
    ("'-1+2", "'  =1", "'@x", None)
    """
    if not isinstance(value, str):
        return value
    starts = value.lstrip(" ").startswith(FORMULA_START)
    text = _LINE_BREAKS.sub(" ", value)
    if starts:
        return "'" + text
    return text


def neutralise_frame(df: pd.DataFrame, *, index: bool = False) -> pd.DataFrame:
    """A copy of ``df`` with every text cell, every column name and (``index=True``) the index
    passed through :func:`neutralise`.

    Examples
    --------
    >>> neutralise_frame(pd.DataFrame({"=a": ["@b", 1]})).to_dict("list")
    {"'=a": ["'@b", 1]}
    """
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if s.dtype == object or pd.api.types.is_string_dtype(s) or isinstance(
                s.dtype, pd.CategoricalDtype):
            out[col] = s.astype(object).map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    if index:
        out.index = pd.Index([neutralise(i) for i in out.index], name=neutralise(out.index.name))
    return out


def _flat(v: Any) -> Any:
    """Lists and sets in a cell become ``a; b``; everything else unchanged."""
    if isinstance(v, list | tuple | set | frozenset | np.ndarray):
        return "; ".join(map(str, v))
    return v


def write_csv(df: pd.DataFrame, path: str | Path, *, index: bool = False,
              index_label: str | None = None, check: bool = True) -> Path:
    """Write ``df`` as a safe CSV (UTF-8 with BOM, ``\\n`` line ends, every text neutralised).

    Parameters
    ----------
    df : pd.DataFrame
    path : path
        The file; parent folders are created.
    index : bool
        Write the index as the first column (named ``index_label`` or the index name).
    check : bool
        Run the output guard (default). ``False`` only for the one file that holds raw
        identifiers by design and never leaves the partner: the re-identification table of
        ``netwerk pseudonymise --reid`` (still neutralised, UTF-8 with BOM).

    Returns
    -------
    Path

    Raises
    ------
    LeakError
        If a header, index value or cell looks like a raw identifier (:mod:`netwerk.guard`);
        nothing is written.

    Examples
    --------
    >>> import tempfile, os
    >>> p = write_csv(pd.DataFrame({"naam": ["=1+1", "a\\rb"]}), os.path.join(tempfile.mkdtemp(), "x.csv"))
    >>> p.read_bytes()
    b"\\xef\\xbb\\xbfnaam\\n'=1+1\\na b\\n"
    """
    p = Path(path)
    if check:
        guard.check_frame(df, what=_what(p), index=index, index_label=index_label)
    frame = df.map(_flat) if len(df.columns) else df
    safe = neutralise_frame(frame, index=index)
    if index and index_label is not None:
        safe.index.name = neutralise(index_label)

    def write(tmp: Path) -> None:
        with open(tmp, "w", encoding=CSV_ENCODING, newline="") as fh:
            safe.to_csv(fh, index=index, lineterminator="\n")

    return guard.atomic_write(p, write)


def _what(p: Path) -> str:
    """The output named in a refusal: its file name, masked (names are partner data too)."""
    return mask_name(p.name, guard.active_patterns())


def _xl(v: Any) -> Any:
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, np.generic):
        v = v.item()
    v = _flat(v)
    if isinstance(v, bool | int | float):
        return v
    if isinstance(v, pd.Timestamp):
        return v.to_pydatetime().replace(tzinfo=None)
    return neutralise(_xml_text(str(v)))


def _xml_text(text: str) -> str:
    """``text`` with the control characters a workbook cannot hold (openpyxl's
    ``ILLEGAL_CHARACTERS_RE``: C0 controls but tab, LF and CR) replaced by U+FFFD, as the GEXF and
    GraphML exports do (:func:`netwerk.viz.export.xml_safe`): a vertical tab pasted from Word in
    partner text would otherwise stop the action plan's workbook with openpyxl's raw error.

    Examples
    --------
    >>> _xml_text("finan\x0bcier"), _xml_text("tab\tok")
    ('finan\ufffdcier', 'tab\tok')
    """
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)


def write_xlsx(sheets: Mapping[str, pd.DataFrame], path: str | Path, *,
               index: bool = False) -> Path:
    """Write one or more sheets to an Excel workbook; every text cell neutralised.

    Parameters
    ----------
    sheets : mapping of sheet name to DataFrame
        Names are cut to Excel's 31 characters.
    path : path
    index : bool
        Write each frame's index as its first column.

    Returns
    -------
    Path
    """
    from openpyxl import Workbook

    p = Path(path)
    wb = Workbook()
    wb.remove(wb.active)
    for name, df in sheets.items():
        frame = df.reset_index() if index else df
        ws = wb.create_sheet(title=neutralise(_xml_text(str(name))).lstrip("'")[:31] or "blad")
        header_row = 1
        ws.append([neutralise(_xml_text(str(c))) for c in frame.columns])
        for row in frame.itertuples(index=False):
            ws.append([_xl(v) for v in row])
        for i, col in enumerate(frame.columns, start=1):
            width = min(60, max(10, len(str(col)) + 2))
            ws.column_dimensions[ws.cell(row=header_row, column=i).column_letter].width = width
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1).coordinate
    save_workbook(wb, p)
    return p


#: The time every member of a workbook's zip carries (the document properties state no time): a
#: workbook is then the same bytes for the same input (openpyxl writes the clock in both places).
_XLSX_EPOCH = (1980, 1, 1, 0, 0, 0)


def save_workbook(wb: Any, path: str | Path, *, check: bool = True) -> Path:
    """Save an openpyxl workbook deterministically: no clock time in its document properties or
    in its zip members, so the same content gives the same bytes.

    Every text cell, sheet name, header and footer passes the output guard first
    (:func:`netwerk.guard.check_workbook`; a write-only workbook, which cannot be read back,
    through the text of its saved XML parts). ``check=False`` is only for the partner side,
    which writes its own raw extracts (:func:`netwerk.ingest.readers.write_table`), never an
    output.

    Raises
    ------
    LeakError
        If a string looks like a raw identifier; nothing is written.

    Examples
    --------
    >>> import tempfile, zipfile
    >>> from openpyxl import Workbook
    >>> p = save_workbook(Workbook(), Path(tempfile.mkdtemp()) / "a.xlsx")
    >>> {i.date_time for i in zipfile.ZipFile(p).infolist()}
    {(1980, 1, 1, 0, 0, 0)}
    >>> b"dcterms:modified" in zipfile.ZipFile(p).read("docProps/core.xml")
    False
    """
    import io as _io
    import zipfile

    p = Path(path)
    write_only = getattr(wb, "write_only", False)
    if check and not write_only:  # with the sheet and cell of each string
        guard.check_workbook(wb, what=_what(p))
    buf = _io.BytesIO()
    wb.save(buf)  # openpyxl sets created (if unset) and modified to now; both are removed below
    with zipfile.ZipFile(buf) as z:
        members = [(info, z.read(info.filename)) for info in z.infolist()]
    if check and write_only:  # cannot be read back: every text of the saved parts
        guard.check_no_raw_identifiers(_xlsx_texts(members), what=_what(p))

    def write(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
            for info, data in members:
                if info.filename == "docProps/core.xml":  # optional in OPC core properties
                    data = re.sub(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>", b"",
                                  data)
                out = zipfile.ZipInfo(info.filename, date_time=_XLSX_EPOCH)
                out.compress_type = zipfile.ZIP_DEFLATED
                out.external_attr = info.external_attr
                z.writestr(out, data)

    return guard.atomic_write(p, write)


_XLSX_TEXT = re.compile(rb"<(?:\w+:)?(t|oddHeader|oddFooter|evenHeader|evenFooter)\b[^>]*>"
                        rb"([^<]*)</|<sheet\b[^>]*\bname=\"([^\"]*)\"")


def _xlsx_texts(members: list[tuple[Any, bytes]]):
    """``(where, text)`` of every string in a saved workbook's XML parts: shared and inline
    strings, headers and footers, sheet names."""
    import html

    for info, data in members:
        if info.filename.endswith(".xml"):
            for m in _XLSX_TEXT.finditer(data):
                raw = m.group(2) if m.group(2) is not None else m.group(3)
                yield info.filename, html.unescape(raw.decode("utf-8", "replace"))


def md_escape(value: Any) -> str:
    """Escape a partner string for Markdown, so no link, image, HTML, emphasis, autolink or table
    cell break survives: a backslash before Markdown/HTML syntax characters, before a scheme's
    ``:`` and a domain's ``.`` (autolinks), and before a list or heading marker at the start;
    line breaks become spaces. Ordinary text (``10.0``, ``a, b; c``) stays readable.

    Examples
    --------
    >>> md_escape("a|b*c")
    'a\\\\|b\\\\*c'
    >>> md_escape(None)
    ''
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = _LINE_BREAKS.sub(" ", str(value))
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_AUTOLINK.sub(lambda m: "\\" + (m.group(1) or m.group(2)), text)
    return _MD_LINE_START.sub(lambda m: (m.group(1) or m.group(3) or "") + "\\"
                              + (m.group(2) or m.group(4)), text)


def md_table(df: pd.DataFrame, *, index: bool = False) -> str:
    """A GitHub-style Markdown table of ``df`` with every cell and header :func:`md_escape`-d.

    Examples
    --------
    >>> print(md_table(pd.DataFrame({"a": ["[x](y)"], "b": [1]})))
    | a | b |
    | --- | --- |
    | \\[x\\]\\(y\\) | 1 |
    """
    frame = df.reset_index() if index else df
    head = "| " + " | ".join(md_escape(c) for c in frame.columns) + " |"
    sep = "| " + " | ".join("---" for _ in frame.columns) + " |"
    rows = ["| " + " | ".join(md_escape(_flat(v)) if not (isinstance(v, float) and math.isnan(v))
                              else "" for v in r) + " |"
            for r in frame.itertuples(index=False)]
    return "\n".join([head, sep, *rows])


def write_markdown(text: str, path: str | Path, *, marking: str | None = None) -> Path:
    """Write a Markdown document (UTF-8, ``\\n``), with an optional classification line on top.

    The text must already have its partner strings escaped (:func:`md_escape`, :func:`md_table`);
    this function writes, it does not parse. The guard reads it with the escapes removed.
    """
    body = text if text.endswith("\n") else text + "\n"
    return write_text(body, path)


def write_text(text: str, path: str | Path, *, check: str = "text") -> Path:
    """Write a text output (UTF-8, ``\\n``) after the output guard read it, through a temporary
    file and a rename.

    Parameters
    ----------
    text : str
    path : path
    check : {"text", "html"}
        How the guard reads it: every line (Markdown escapes removed; XML), or what a reader of
        an HTML page sees (:func:`netwerk.guard.check_html`: text, tooltips, JSON data blocks).

    Raises
    ------
    LeakError
        If the text holds a raw-looking identifier; nothing is written.

    Examples
    --------
    >>> import tempfile
    >>> p = write_text("rang 1: BSN-0123456789abcdef01234567\\n", Path(tempfile.mkdtemp()) / "a.md")
    >>> p.read_text().startswith("rang 1")
    True
    """
    p = Path(path)
    if check == "html":
        guard.check_html(text, what=_what(p))
    else:
        guard.check_text(text, what=_what(p))
    return guard.atomic_write(p, lambda tmp: tmp.write_text(text, encoding="utf-8",
                                                             newline="\n"))


def write_html(html: str, path: str | Path) -> Path:
    """Write an HTML page (map, report, matrix) after the output guard read what a reader sees.

    Examples
    --------
    >>> import tempfile
    >>> from netwerk.errors import LeakError
    >>> try:
    ...     write_html("<h1>Casus 3512 JE 12</h1>", Path(tempfile.mkdtemp()) / "r.html")
    ... except LeakError as e:
    ...     print(e.reason)
    raw_identifier
    """
    return write_text(html, path, check="html")


def _jsonable(x: Any) -> Any:
    if isinstance(x, Mapping):
        return {str(k): _jsonable(v) for k, v in x.items()}
    if isinstance(x, list | tuple | set | frozenset):
        return [_jsonable(v) for v in x]
    if isinstance(x, np.generic):
        return x.item()
    if isinstance(x, float) and math.isnan(x):
        return None
    if isinstance(x, Path):
        return str(x)
    return x


def write_json(obj: Any, path: str | Path, *, sort_keys: bool = False) -> Path:
    """Write ``obj`` as indented UTF-8 JSON (numpy scalars and paths converted, NaN as null),
    after the output guard checked every key and string value.

    Raises
    ------
    LeakError
        If a key or value looks like a raw identifier; nothing is written.
    """
    p = Path(path)
    plain = _jsonable(obj)
    guard.check_object(plain, what=_what(p))
    text = json.dumps(plain, indent=2, ensure_ascii=False, sort_keys=sort_keys,
                      default=str) + "\n"
    return guard.atomic_write(p, lambda tmp: tmp.write_text(text, encoding="utf-8",
                                                             newline="\n"))
