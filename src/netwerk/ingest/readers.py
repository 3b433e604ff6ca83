"""Read and write partner exports exactly as an extract spec describes them.

Every cell is read as text (``01234567`` stays ``01234567``), missing cells become NA, and a column
``_row`` keeps the 1-based data-row number (the header is row 0) for error messages and rejects.
CSV encodings are sniffed between UTF-8, UTF-8 with BOM and cp1252 when the spec says ``auto``; a
header that does not split on the spec's delimiter but does on the other of ``;``/``,`` switches
delimiter (logged). Header names are stripped and matched to the spec's names ignoring case.

Examples
--------
>>> from netwerk.ingest.spec import ExtractSpec
>>> spec = ExtractSpec(name="t", partner="p", identifiers=[{"columns": ["bsn"], "kind": "bsn"}])
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
>>> _ = p.write_bytes("BSN ;naam\\n012345672;Jos\\u00e9\\n".encode("cp1252"))
>>> df = read_table(p, spec, shared=False)
>>> df.to_dict("records")
[{'bsn': '012345672', 'naam': 'José', '_row': 1}]
"""

from __future__ import annotations

import csv
import difflib
import io
import logging
import re
from datetime import date, datetime, time
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError, Reason
from .spec import ExtractSpec

__all__ = ["ROW_COLUMN", "read_table", "write_table", "parse_dates", "parse_numbers", "sniff_encoding"]

log = logging.getLogger(__name__)

#: name of the column that keeps the 1-based data-row number
ROW_COLUMN = "_row"

_BOM = b"\xef\xbb\xbf"


def sniff_encoding(data: bytes) -> str:
    """Guess the encoding of a partner export: ``utf-8-sig`` (BOM), ``utf-8`` or ``cp1252``.

    Parameters
    ----------
    data : bytes
        The file's bytes.

    Returns
    -------
    str
        ``"utf-8-sig"`` if the data starts with a UTF-8 byte-order mark, ``"utf-8"`` if it decodes
        as UTF-8, else ``"cp1252"`` (the Windows default in Dutch offices).

    Examples
    --------
    >>> sniff_encoding("é".encode("cp1252")), sniff_encoding("é".encode()), sniff_encoding(b"\\xef\\xbb\\xbfa")
    ('cp1252', 'utf-8', 'utf-8-sig')
    """
    if data.startswith(_BOM):
        return "utf-8-sig"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _decode(data: bytes, encoding: str, name: str) -> tuple[str, str]:
    enc = sniff_encoding(data) if encoding == "auto" else encoding
    if enc == "utf-8" and data.startswith(_BOM):
        enc = "utf-8-sig"
    try:
        text = data.decode(enc)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n")  # header is line 0 = row 0
        raise InputError(
            f"cannot decode byte 0x{data[exc.start]:02x} as {enc} (near data row {line}); "
            "save the export as UTF-8 or set 'encoding' in the spec",
            reason=Reason.UNREADABLE_FILE,
            file=name,
        ) from None
    if text.startswith("\ufeff"):  # BOM after a latin-1/cp1252 decode or a doubled BOM
        text = text.lstrip("\ufeff")
    return text, enc


def _pick_delimiter(header: str, wanted: str, name: str) -> str:
    if wanted in header or wanted not in {";", ","}:
        return wanted
    other = "," if wanted == ";" else ";"
    if other in header:
        log.info("%s: header does not split on %r but does on %r; using %r", name, wanted, other, other)
        return other
    return wanted


def _cell_text(v: object, date_format: str) -> object:
    """Text of one spreadsheet/parquet cell; NA stays NA."""
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NaT:
        return pd.NA
    if isinstance(v, str):
        return v
    if isinstance(v, bool | np.bool_):
        return "true" if v else "false"
    if isinstance(v, datetime | pd.Timestamp):
        if v.time() == time(0, 0):
            return v.strftime(date_format)
        return v.isoformat(sep=" ")
    if isinstance(v, date):
        return v.strftime(date_format)
    if isinstance(v, float | np.floating) and float(v).is_integer() and abs(v) < 1e15:
        return str(int(v))
    return str(v)


def _as_text_frame(df: pd.DataFrame, date_format: str) -> pd.DataFrame:
    out = {}
    for c in df.columns:
        vals = [_cell_text(v, date_format) for v in df[c].tolist()]
        out[str(c)] = pd.array(vals, dtype="str")
    return pd.DataFrame(out, index=pd.RangeIndex(len(df)))


def _read_csv(path: Path, spec: ExtractSpec, name: str) -> tuple[pd.DataFrame, str, str, str]:
    data = path.read_bytes()
    if not data:
        raise InputError("file is empty (0 bytes)", reason=Reason.EMPTY_FILE, file=name)
    text, enc = _decode(data, spec.encoding, name)
    header = text.split("\n", 1)[0]
    if not header.strip():
        raise InputError("file has no header line", reason=Reason.EMPTY_FILE, file=name)
    sep = _pick_delimiter(header, spec.delimiter, name)
    newline = "\r\n" if header.endswith("\r") else "\n"
    try:
        df = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            dtype="str",
            keep_default_na=False,
            na_values=[""],
            skip_blank_lines=False,
            engine="c" if len(sep) == 1 else "python",
            quoting=csv.QUOTE_MINIMAL,
        )
    except pd.errors.EmptyDataError:
        raise InputError("file has no header line", reason=Reason.EMPTY_FILE, file=name) from None
    except (pd.errors.ParserError, ValueError, csv.Error) as exc:
        msg = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        raise InputError(f"cannot parse as CSV with delimiter {sep!r}: {msg}",
                         reason=Reason.UNREADABLE_FILE, file=name) from None
    return df, enc, sep, newline


def _read_other(path: Path, spec: ExtractSpec, name: str) -> pd.DataFrame:
    if path.stat().st_size == 0:
        raise InputError("file is empty (0 bytes)", reason=Reason.EMPTY_FILE, file=name)
    try:
        if spec.format == "xlsx":
            raw = pd.read_excel(path, sheet_name=spec.sheet or 0, dtype=object, engine="openpyxl")
        else:
            raw = pd.read_parquet(path)
    except (ValueError, KeyError, OSError, ImportError) as exc:
        raise InputError(f"cannot read as {spec.format}: {exc}", reason=Reason.UNREADABLE_FILE,
                         file=name) from None
    except Exception as exc:  # noqa: BLE001 - zip/xml/arrow errors of many types on junk files
        raise InputError(f"cannot read as {spec.format}: {type(exc).__name__}: {exc}",
                         reason=Reason.UNREADABLE_FILE, file=name) from None
    return _as_text_frame(raw, spec.date_format)


def _match_columns(df: pd.DataFrame, required: list[str], name: str) -> pd.DataFrame:
    cleaned = [str(c).strip().lstrip("\ufeff").strip() for c in df.columns]
    dups = sorted({c for c in cleaned if cleaned.count(c) > 1})
    if dups:
        raise InputError(f"header names {', '.join(dups)} more than once (after trimming spaces)",
                         reason=Reason.UNREADABLE_FILE, file=name, column=dups[0])
    df = df.set_axis(cleaned, axis=1)
    present = set(cleaned)
    lower: dict[str, str] = {}
    for c in cleaned:
        lower.setdefault(c.casefold(), c)
    rename: dict[str, str] = {}
    missing: list[str] = []
    for want in required:
        if want in present:
            continue
        found = lower.get(want.strip().casefold())
        if found is not None and found not in rename and found not in required:
            rename[found] = want
        else:
            missing.append(want)
    if missing:
        first = missing[0]
        found_cols = ", ".join(cleaned) or "(no columns)"
        hint = difflib.get_close_matches(first, cleaned, n=1, cutoff=0.6)
        also = f" (also missing: {', '.join(missing[1:])})" if len(missing) > 1 else ""
        did = f"; did you mean '{hint[0]}'?" if hint else ""
        raise InputError(
            f"column '{first}' missing in {name}{also}; found: {found_cols}{did}",
            reason=Reason.MISSING_COLUMN,
            file=name,
            column=first,
        )
    return df.rename(columns=rename) if rename else df


def read_table(path: str | Path, spec: ExtractSpec, *, shared: bool) -> pd.DataFrame:
    """Read a partner export (raw or pseudonymised) as text, the way its spec says.

    Parameters
    ----------
    path : str or Path
        CSV, XLSX or Parquet file (``spec.format``).
    spec : ExtractSpec
        Layout of the file.
    shared : bool
        ``False`` for the raw export (needs :meth:`ExtractSpec.raw_columns`), ``True`` for the
        pseudonymised extract (needs :meth:`ExtractSpec.shared_columns`).

    Returns
    -------
    pd.DataFrame
        One text column per file column (header names stripped; names that match a required
        column ignoring case are renamed to the spec's spelling), NA for empty cells, plus
        ``_row`` (int, 1-based data-row number). ``df.attrs`` holds the ``encoding``,
        ``delimiter`` and ``lineterminator`` actually found (CSV), so :func:`write_table` can
        write the same way, and ``file`` (the file name).

    Raises
    ------
    InputError
        ``FILE_NOT_FOUND``, ``EMPTY_FILE`` (0 bytes / no header), ``UNREADABLE_FILE`` (bytes
        that do not decode, broken CSV/XLSX/Parquet) or ``MISSING_COLUMN`` (message lists the
        columns found). A header without data rows gives an empty frame, not an error.
    """
    p = Path(path)
    name = p.name
    if not p.is_file():
        raise InputError("file not found", reason=Reason.FILE_NOT_FOUND, file=str(p))
    if spec.format == "csv":
        df, enc, sep, newline = _read_csv(p, spec, name)
        attrs = {"encoding": enc, "delimiter": sep, "lineterminator": newline}
    else:
        df = _read_other(p, spec, name)
        attrs = {}
    required = spec.shared_columns() if shared else spec.raw_columns()
    df = _match_columns(df, required, name)
    if ROW_COLUMN in df.columns:
        raise InputError(f"the file has a column named '{ROW_COLUMN}', which netwerk reserves",
                         reason=Reason.UNREADABLE_FILE, file=name, column=ROW_COLUMN)
    df = df.reset_index(drop=True)
    df[ROW_COLUMN] = np.arange(1, len(df) + 1, dtype="int64")
    df.attrs.update(attrs, file=name)
    return df


_ISO = "%Y-%m-%d"


def parse_dates(series: pd.Series, fmt: str = "%d-%m-%Y") -> tuple[pd.Series, pd.Series]:
    """Parse day-first date text; ISO ``YYYY-MM-DD`` (optionally with a midnight time) also works.

    Parameters
    ----------
    series : pd.Series
        Text cells; NA and blank cells count as missing, not failed.
    fmt : str
        The spec's ``date_format`` (strftime codes). The same format with ``/`` and ``-``
        swapped is tried as well.

    Returns
    -------
    (pd.Series of datetime64, pd.Series of bool)
        Parsed dates (NaT where missing or failed) and the mask of cells that had text but did
        not parse.

    Examples
    --------
    >>> d, bad = parse_dates(pd.Series(["31-01-2020", "1-2-2020", "2020-03-04", "31-02-2020", None]))
    >>> [str(x.date()) if not pd.isna(x) else None for x in d], bad.tolist()
    (['2020-01-31', '2020-02-01', '2020-03-04', None, None], [False, False, False, True, False])
    """
    s = series.astype("str").str.strip()
    present = s.notna() & (s != "")
    s = s.where(present)
    out = pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]")
    formats = [fmt, fmt.replace("-", "/") if "-" in fmt else fmt.replace("/", "-"), _ISO,
               "%Y-%m-%d %H:%M:%S"]
    for f in dict.fromkeys(formats):
        todo = present & out.isna()
        if not todo.any():
            break
        parsed = pd.to_datetime(s[todo], format=f, errors="coerce")
        out.loc[todo] = parsed.astype("datetime64[ns]")
    failed = present & out.isna()
    return out, failed.astype(bool)


_NUM_COMMA = re.compile(r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?")
_NUM_DOT = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


def parse_numbers(series: pd.Series, decimal: str = ",") -> tuple[pd.Series, pd.Series]:
    """Parse number text with a decimal comma (or point), thousands separators and euro signs.

    Parameters
    ----------
    series : pd.Series
        Text cells such as ``"€ 1.234.567,89"``, ``"-12,5"``, ``"1234"``.
    decimal : {",", "."}
        Decimal mark; the other mark is accepted only as a thousands separator in groups of 3.

    Returns
    -------
    (pd.Series of float, pd.Series of bool)
        Values (NaN where missing or failed) and the mask of cells with text that did not parse.

    Examples
    --------
    >>> v, bad = parse_numbers(pd.Series(["€ 1.234.567,89", "12,5", "1.5", "abc", None]))
    >>> v.tolist()[:2], bad.tolist()
    ([1234567.89, 12.5], [False, False, True, True, False])
    """
    s = series.astype("str").str.replace(r"[\s\u00a0\u202f€]", "", regex=True)
    present = s.notna() & (s != "")
    pattern = _NUM_COMMA if decimal == "," else _NUM_DOT
    ok = present & s.str.fullmatch(pattern.pattern).fillna(False).astype(bool)
    thousands = "." if decimal == "," else ","
    clean = s.where(ok).str.replace(thousands, "", regex=False)
    if decimal == ",":
        clean = clean.str.replace(",", ".", regex=False)
    values = pd.to_numeric(clean, errors="coerce").astype("float64")
    failed = present & ~ok
    return values, failed.astype(bool)


def _first_unencodable(df: pd.DataFrame, encoding: str) -> tuple[int, str, str]:
    rows = df[ROW_COLUMN].tolist() if ROW_COLUMN in df.columns else list(range(1, len(df) + 1))
    for c in df.columns:
        if c == ROW_COLUMN:
            continue
        for i, v in enumerate(df[c].tolist()):
            if isinstance(v, str):
                try:
                    v.encode(encoding)
                except UnicodeEncodeError as exc:
                    return rows[i], str(c), f"U+{ord(v[exc.start]):04X}"
    for c in df.columns:  # the header itself
        try:
            str(c).encode(encoding)
        except UnicodeEncodeError:
            return 0, str(c), "a header character"
    return 0, "", "a character"


def write_table(
    df: pd.DataFrame,
    path: str | Path,
    spec: ExtractSpec,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    lineterminator: str = "\n",
) -> Path:
    """Write a frame in the spec's format (the inverse of :func:`read_table`).

    Parameters
    ----------
    df : pd.DataFrame
        Text columns; the ``_row`` column is not written.
    path : str or Path
        Output file.
    spec : ExtractSpec
        Format, delimiter and encoding (``auto`` writes UTF-8 unless ``encoding`` says otherwise).
    encoding, delimiter : str, optional
        Override the spec, e.g. with what :func:`read_table` found (``df.attrs``).
    lineterminator : str
        ``"\\n"`` or ``"\\r\\n"`` (CSV only).

    Returns
    -------
    Path

    Raises
    ------
    InputError
        If a value cannot be written in the encoding; names the data row and column (never the
        value). XLSX cells that start with ``=`` are written as text, never as formulas.
    """
    p = Path(path)
    out = df.drop(columns=[ROW_COLUMN], errors="ignore")
    if spec.format == "csv":
        enc = encoding or (spec.encoding if spec.encoding != "auto" else "utf-8")
        sep = delimiter or spec.delimiter
        text = out.to_csv(sep=sep, index=False, lineterminator=lineterminator)
        try:
            data = text.encode(enc)
        except UnicodeEncodeError:
            row, col, ch = _first_unencodable(df, enc)
            raise InputError(f"{ch} cannot be written in {enc}; set encoding: utf-8 in the spec",
                             reason=Reason.UNREADABLE_FILE, file=p.name, row=row,
                             column=col or None) from None
        p.write_bytes(data)
    elif spec.format == "xlsx":
        _write_xlsx(out, p, spec.sheet or "Sheet1")
    else:
        out.to_parquet(p, index=False)
    return p


def _write_xlsx(df: pd.DataFrame, path: Path, sheet: str) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet)

    def cell(v: object) -> WriteOnlyCell:
        c = WriteOnlyCell(ws, value=None if v is None or v is pd.NA or (
            isinstance(v, float) and np.isnan(v)) else str(v))
        if isinstance(c.value, str):
            c.data_type = "s"  # text, never a live formula
        return c

    ws.append([cell(c) for c in df.columns])
    for row in df.itertuples(index=False, name=None):
        ws.append([cell(v) for v in row])
    wb.save(path)
