"""Read and write partner exports exactly as an extract spec describes them.

Every cell is read as text (``01234567`` stays ``01234567``), missing cells become NA, and a column
``_row`` keeps the row number for error messages and rejects: in a CSV the line minus one (the
header line is row 0), in a workbook the sheet's own Excel row (a raw export also keeps the sheet
in ``_sheet``), in a Parquet file the record number from 1. A header that is not in row 1 (a title
or blank rows above it) is found in the first :data:`HEADER_SEARCH_ROWS` rows, said and counted.
CSV encodings are sniffed between UTF-8, UTF-8 with BOM and cp1252 when the spec says ``auto``; a
header that does not split on the spec's delimiter but does on the other of ``;``/``,`` switches
delimiter (logged). Header names are stripped and matched to the spec's names ignoring case.
The same row rules hold for XLSX and Parquet (repeated headers skipped and counted, empty rows
counted); an XLSX sheet with merged cells and a raw export whose identifier columns hold text
encoded twice (``MÃ¼ller``) are refused, naming where (never a value).

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
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError, Reason, cause_text
from ..i18n import gettext, ngettext
from ..privacy import mask_name
from .spec import ExtractSpec

__all__ = ["ROW_COLUMN", "SHEET_COLUMN", "HEADER_SEARCH_ROWS", "INVISIBLE", "CsvPlan", "clean_invisible", "finish_frame", "iter_csv_chunks",
           "merged_ranges", "plan_csv", "sheet_marks", "SheetMarks", "read_csv_chunk", "csv_bytes", "csv_data", "read_table", "write_table", "parse_dates", "parse_numbers",
           "repeated_headers_skipped", "sniff_encoding", "undo_double_encoding"]

log = logging.getLogger(__name__)

#: name of the column that keeps the row number: in a CSV the 1-based data-row number (the
#: header line is row 0, so line = row + 1), in a Parquet file the 1-based record number, in a
#: workbook the sheet's own Excel row (the header is where it is, usually row 1)
ROW_COLUMN = "_row"

#: name of the column that keeps the sheet of each row of a raw workbook export
SHEET_COLUMN = "_sheet"

_BOM = b"\xef\xbb\xbf"


def sniff_encoding(data: bytes) -> str:
    """Guess the encoding of a partner export: a BOM decides, else UTF-8 if it decodes, else cp1252.

    Parameters
    ----------
    data : bytes
        The file's bytes.

    Returns
    -------
    str
        ``"utf-8-sig"`` (UTF-8 byte-order mark), ``"utf-16"`` (UTF-16 LE/BE byte-order mark,
        Excel's "Unicode text"), ``"utf-8"`` if the data decodes as UTF-8, else ``"cp1252"`` (the
        Windows default in Dutch offices).

    Examples
    --------
    >>> sniff_encoding("é".encode("cp1252")), sniff_encoding("é".encode()), sniff_encoding(b"\\xef\\xbb\\xbfa")
    ('cp1252', 'utf-8', 'utf-8-sig')
    >>> sniff_encoding("a;b".encode("utf-16"))
    'utf-16'
    """
    if data.startswith(_BOM):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


#: zero-width characters, word joiner, BOM and soft hyphen: removed from headers and identifiers
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")
_NBSP = "\u00a0\u202f\u2007"


def clean_invisible(text: str) -> str:
    """Remove zero-width characters and soft hyphens; turn no-break spaces into spaces.

    Examples
    --------
    >>> clean_invisible("M\\u00fcl\\u00adler\\u200b\\u00a0Jan")
    'Müller Jan'
    """
    text = _INVISIBLE_RE.sub("", text)
    for ch in _NBSP:
        text = text.replace(ch, " ")
    return text


def _choose_encoding(bom: str | None, valid_utf8: bool, ascii_only: bool, wanted: str,
                     notes: list[str]) -> str:
    """The encoding a file is read with: a byte-order mark decides; valid UTF-8 with non-ASCII
    text is UTF-8 whatever the spec says (both noted when the spec says otherwise); else the
    spec's encoding, or for ``auto`` UTF-8 if valid, else cp1252."""
    if bom:
        if wanted not in {"auto", bom} and not (bom == "utf-8-sig" and wanted == "utf-8"):
            notes.append(gettext("het bestand begint met een {bom}-bytevolgordemarkering; gelezen "
                                 "als {bom}, niet als {spec} zoals de specificatie zegt", bom=bom,
                                 spec=wanted))
        return bom
    if valid_utf8 and not ascii_only:
        if wanted not in {"auto", "utf-8", "utf-8-sig"}:
            notes.append(gettext("het bestand is geldige UTF-8 met niet-ASCII-tekst; gelezen als "
                                 "UTF-8, niet als {spec} zoals de specificatie zegt", spec=wanted))
        return "utf-8"
    if wanted != "auto":
        return wanted
    return "utf-8" if valid_utf8 else "cp1252"


#: single-byte encodings in which UTF-8 letters show as mojibake (``Ã¼`` for ``ü``)
_LATIN = {"cp1252", "latin-1", "iso8859-1", "iso8859-15"}


def _utf8_letters(block: bytes) -> tuple[np.ndarray, int]:
    """Start positions of UTF-8 sequences for Latin letters and typographic punctuation in
    ``block`` (lead byte C2-C5 and one continuation byte: ``ü``, ``é``, ``ł``, no-break space;
    E2 80-84 and one more: ``’``, ``–``, ``€``, zero-width space), and the number of bytes that
    could lead a UTF-8 sequence (C2 and up). In cp1252 text these are the mojibake ``Ã¼``,
    ``Ã©``, ``â€``; plain cp1252 letters (``é`` = E9) are not followed by such bytes. A
    byte-order mark (EF BB BF) is not counted: mid-file it starts a repeated header, which
    :class:`_HeaderMatch` recognises in either encoding.

    Examples
    --------
    >>> pos, leads = _utf8_letters("Müller é".encode() + "Jos\u00e9".encode("cp1252"))
    >>> pos.tolist(), leads
    ([1, 8], 3)
    """
    b = np.frombuffer(block, dtype=np.uint8)
    lead = np.flatnonzero(b >= 0xC2)
    if not len(lead):
        return lead, 0
    n_lead = len(lead)
    lead = lead[lead + 1 < len(b)]
    v, c1 = b[lead], b[lead + 1]
    two = lead[(v <= 0xC5) & (c1 >= 0x80) & (c1 <= 0xBF)]
    three = lead[(v == 0xE2) & (c1 >= 0x80) & (c1 <= 0x84)]
    three = three[three + 2 < len(b)]
    three = three[(b[three + 2] >= 0x80) & (b[three + 2] <= 0xBF)]
    return np.union1d(two, three), n_lead


class _MixedScan:
    """Accumulates, block by block, the evidence that a file which is not valid UTF-8 mixes
    encodings: UTF-8 letter sequences (see :func:`_utf8_letters`) next to bytes that are not
    UTF-8. Blocks are fed in file order; ``bad`` is the position of the first byte that is not
    UTF-8 (from the decoder)."""

    def __init__(self) -> None:
        self.n_seq = self.n_lead = 0
        self.first_seq = -1
        self.offset = 0
        self.tail = b""

    def feed(self, block: bytes) -> None:
        if self.tail and not block.isascii():  # a sequence across the block boundary
            edge = self.tail + block[:3]
            pos, _n = _utf8_letters(edge)
            pos = pos[(pos < len(self.tail)) & (pos + 2 > len(self.tail))]
            if len(pos):
                self.n_seq += len(pos)
                if self.first_seq < 0:
                    self.first_seq = self.offset - len(self.tail) + int(pos[0])
        if not block.isascii():
            pos, n_lead = _utf8_letters(block)
            self.n_lead += n_lead
            if len(pos):
                self.n_seq += len(pos)
                if self.first_seq < 0:
                    self.first_seq = self.offset + int(pos[0])
        self.tail = block[-2:]
        self.offset += len(block)

    def check(self, bad: int, encoding: str, line_of, name: str) -> None:
        """Refuse the file when it mixes encodings (UTF-8 letters and bytes that are not UTF-8),
        naming the first line where the minority encoding appears."""
        if not self.n_seq or bad < 0 or encoding not in _LATIN:
            return
        if self.n_seq * 2 > self.n_lead:  # mostly UTF-8, some bytes of another encoding
            msg = gettext("het bestand is UTF-8, maar vanaf regel {line} staan er bytes in die geen "
                    "UTF-8 zijn (cp1252?)", line=line_of(bad))
        else:
            msg = gettext("het bestand is {enc}, maar vanaf regel {line} staan er UTF-8-tekens in "
                    "(in {enc} gelezen als 'Ã¼', 'Ã©', 'â€')", enc=encoding,
                    line=line_of(self.first_seq))
        raise InputError(
            msg + gettext("; de export mengt twee coderingen en netwerk leest hem niet op één manier "
                    "(namen zouden andere pseudoniemen krijgen): laat de partner opnieuw "
                    "exporteren in één codering, bij voorkeur UTF-8"),
            reason=Reason.UNREADABLE_FILE, file=name)


# --- text encoded twice: UTF-8 read as cp1252 and saved as UTF-8 again ("MÃ¼ller") ----------

#: what the bytes 80-BF (UTF-8 continuation bytes) look like when read as cp1252 (or latin-1,
#: whose C1 controls stand for the bytes cp1252 leaves undefined)
_CONT_CHARS = ("\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160"
               "\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122"
               "\u0161\u203a\u0153\u017e\u0178")
#: a UTF-8 sequence for a non-ASCII character as it reads in cp1252: a lead byte (C2-DF, E0-EF,
#: F0-F4 read as ``Â``-``ß``, ``à``-``ï``, ``ð``-``ô``) and its continuation bytes
_DOUBLE_RE = (f"[\u00c2-\u00df][{_CONT_CHARS}]|[\u00e0-\u00ef][{_CONT_CHARS}]{{2}}"
              f"|[\u00f0-\u00f4][{_CONT_CHARS}]{{3}}")
#: the character -> byte map of cp1252, with the C1 controls for the five undefined bytes and
#: for latin-1 readings
_CP1252_BYTES: dict[str, int] = {chr(b): b for b in range(256)}  # latin-1
_CP1252_BYTES.update((bytes([b]).decode("cp1252"), b) for b in range(0x80, 0xA0)
                     if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D))
#: the apostrophes and quotes that names hold (d'Hondt written with a typographic apostrophe)
_NAME_MARKS = "\u2018\u2019\u201a\u201b"


def _looks_like_a_name(back: str) -> bool:
    """The undone text holds a letter of the scripts names in Dutch registers are written in:
    one Latin letter with a European accent (also Romanian ``ș ț`` and ``ə``) or typographic
    apostrophe, or two Greek or Cyrillic letters. Narrower than "any letter", so that two real
    letters that happen to form a UTF-8 sequence are not taken for double encoding: ``ÍŠ`` is
    IPA ``ʊ``, ``Ó`` + no-break space (Irish ``Ó Briain``) is one Cyrillic ``Ӡ``."""
    latin = greek_cyrillic = 0
    for ch in back:
        o = ord(ch)
        if (0xC0 <= o <= 0x17F and o not in (0xD7, 0xF7)) or 0x218 <= o <= 0x21B \
                or o in (0x18F, 0x259) or ch in _NAME_MARKS:
            latin += 1
        elif 0x386 <= o <= 0x3CE or 0x400 <= o <= 0x4FF:
            greek_cyrillic += 1
    return latin >= 1 or greek_cyrillic >= 2


def undo_double_encoding(text: str) -> str | None:
    """The text before it was encoded twice, or ``None`` if it does not look encoded twice.

    Text encoded twice is UTF-8 that a tool decoded as cp1252 (or latin-1) and wrote as UTF-8
    again: ``Müller`` becomes ``MÃ¼ller``, ``Šimić`` becomes ``Å\xa0imiÄ‡``. The whole cell must
    map back to cp1252 bytes that are valid UTF-8, differ from it, and hold a letter of a name
    script (:func:`_looks_like_a_name`). Real names with accents do not: their cp1252 bytes are no
    UTF-8 (``ü`` = FC), or they have letters cp1252 lacks (``Ć``, ``Ŝ``).

    Examples
    --------
    >>> undo_double_encoding("MÃ¼ller"), undo_double_encoding("Ã‡elik"), undo_double_encoding("dâ€™Hondt")
    ('Müller', 'Çelik', 'd’Hondt')
    >>> [undo_double_encoding(n) for n in ["Müller", "Ćorić", "Þór", "Øster", "JOÃO", "Ñúñez"]]
    [None, None, None, None, None, None]
    >>> undo_double_encoding("MÃƒÂ¼ller")  # encoded three times: one step back shows it
    'MÃ¼ller'
    """
    try:
        raw = bytes(_CP1252_BYTES[c] for c in text)
        back = raw.decode("utf-8")
    except (KeyError, UnicodeDecodeError):
        return None
    if back == text or not _looks_like_a_name(back):
        return None
    return back


def _refuse_double_encoded(df: pd.DataFrame, rows: np.ndarray, columns: list[str],
                           name: str, sheets: np.ndarray | None = None) -> None:
    """Refuse a raw export whose identifier columns hold text encoded twice
    (:func:`undo_double_encoding`), naming the column and first data row (in file order; in a
    workbook the sheet and its Excel row), never the text.

    Vectorised: one RE2 search per column finds the cells with a cp1252 reading of a UTF-8
    sequence (none in a plain file); only their distinct values are checked in Python."""
    import pyarrow as pa
    import pyarrow.compute as pc

    first: tuple[int, str] | None = None
    for c in columns:
        if c not in df.columns or not len(df):
            continue
        arr = pa.array(df[c], type=pa.large_string(), from_pandas=True)
        chunks = arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr]
        if all(ch.buffers()[2] is None or np.frombuffer(ch.buffers()[2], dtype=np.uint8)
               .max(initial=0) < 0x80 for ch in chunks):
            continue  # plain ASCII (identifier numbers, most names): nothing to look at
        wide = np.flatnonzero(~pc.fill_null(pc.string_is_ascii(arr), True)
                              .to_numpy(zero_copy_only=False))
        found = pc.match_substring_regex(arr.take(pa.array(wide)), _DOUBLE_RE)
        hit = wide[pc.fill_null(found, False).to_numpy(zero_copy_only=False)]
        if not len(hit):
            continue
        values = arr.take(pa.array(hit)).to_pylist()
        bad = {v for v in dict.fromkeys(values) if undo_double_encoding(v) is not None}
        if not bad:
            continue
        pos = int(hit[np.fromiter((v in bad for v in values), bool, len(hit))][0])
        if first is None or pos < first[0]:
            first = (pos, c)
    if first is None:
        return
    pos = first[0]
    first = (int(rows[pos]), first[1])
    raise InputError(
        gettext("kolom '{kolom}' heeft vanaf rij {rij} dubbel gecodeerde tekst: UTF-8 die "
                "als cp1252 is gelezen en opnieuw als UTF-8 opgeslagen (zoals 'Ã¼' voor 'ü', "
                "'Ã©' voor 'é'); netwerk leest de export niet zo (namen zouden andere "
                "pseudoniemen krijgen dan bij de andere partners) en raadt de juiste tekst niet: "
                "laat de partner opnieuw exporteren in één codering, bij voorkeur UTF-8",
                kolom=first[1], rij=first[0]),
        reason=Reason.UNREADABLE_FILE, file=_in_sheet(name, None if sheets is None else sheets[pos]),
        row=first[0], column=first[1])


def _canonical(encoding: str) -> str:
    import codecs

    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return encoding


def _decode(data: bytes, encoding: str, name: str, notes: list[str]) -> tuple[str, str]:
    """Decode: a BOM decides; valid non-ASCII UTF-8 is UTF-8 whatever the spec says."""
    sniffed = sniff_encoding(data)
    bom = sniffed if sniffed in {"utf-8-sig", "utf-16"} else None
    enc = _choose_encoding(bom, sniffed == "utf-8", sniffed == "utf-8" and data.isascii(),
                           encoding, notes)
    if sniffed == "cp1252" and _canonical(enc) in _LATIN:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            scan = _MixedScan()
            scan.feed(data)
            scan.check(exc.start, _canonical(enc), lambda pos: data.count(b"\n", 0, pos) + 1,
                       name)
    try:
        text = data.decode(enc)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n")  # header is line 0 = row 0
        raise InputError(
            gettext("kan byte 0x{byte} niet lezen als {codering} (bij datarij {rij}); sla de "
                    "export op als UTF-8 of zet 'encoding' in de specificatie",
                    byte=f"{data[exc.start]:02x}", codering=enc, rij=line),
            reason=Reason.UNREADABLE_FILE,
            file=name,
        ) from None
    if text.startswith("\ufeff"):  # BOM after a latin-1/cp1252 decode or a doubled BOM
        text = text.lstrip("\ufeff")
    for note in notes:
        log.warning(gettext("{bestand}: {melding}", bestand=name, melding=note))
    return text, enc


_DELIMITERS = (";", ",", "\t", "|")
_DELIM_NAMES = {";": "';'", ",": "','", "\t": "tab", "|": "'|'"}


def _pick_delimiter(header: str, wanted: str, name: str, notes: list[str]) -> str:
    if wanted in header:
        return wanted
    for other in _DELIMITERS:
        if other != wanted and other in header:
            note = gettext("de kopregel splitst niet op {gevraagd} maar wel op {ander}; gelezen "
                           "met {ander}", gevraagd=_DELIM_NAMES.get(wanted, repr(wanted)),
                           ander=_DELIM_NAMES[other])
            notes.append(note)
            log.warning(gettext("{bestand}: {melding}", bestand=name, melding=note))
            return other
    return wanted


def _line_cells(line: str, wanted: str) -> list[str]:
    """The fields of one of the first lines of a CSV, split as a header would be (the spec's
    delimiter, else another of ``; , tab |`` the line holds), for the header search."""
    line = line.lstrip("\ufeff").rstrip("\r\n")
    sep = wanted if wanted in line else next((d for d in _DELIMITERS if d in line), wanted)
    if '"' in line:
        try:
            return next(csv.reader([line], delimiter=sep))
        except (csv.Error, StopIteration):
            return line.split(sep)
    return line.split(sep)


def _csv_header(lines: list[str], spec: ExtractSpec, name: str) -> _HeaderFound:
    """:func:`_find_header` over the first lines of a CSV (decoded): line 1, or the one line of
    the first :data:`HEADER_SEARCH_ROWS` that holds the spec's columns."""
    return _find_header([_line_cells(x, spec.delimiter) for x in lines], _header_sets(spec),
                        name, None)


def repeated_headers_skipped(name: str, n: int) -> str:
    """The warning that ``n`` repeated header lines of file ``name`` (masked) were skipped, in
    the user's language (every reader path logs it the same way).

    Examples
    --------
    >>> from netwerk.i18n import using
    >>> repeated_headers_skipped("kvk.csv", 2)
    'kvk.csv: 2 herhaalde kopregels overgeslagen'
    >>> with using("en"):
    ...     repeated_headers_skipped("kvk.csv", 1)
    'kvk.csv: 1 repeated header line skipped'
    """
    return ngettext("{bestand}: {n} herhaalde kopregel overgeslagen",
                    "{bestand}: {n} herhaalde kopregels overgeslagen", n, bestand=name)


class _Lines:
    """Collects what the structural check of a CSV found: rejects and counts, no cell text."""

    def __init__(self, name: str, n_header: int) -> None:
        self.name, self.n_header = name, n_header
        self.rejects: list[tuple[int, str, str, str]] = []
        self.empty = 0
        self.repeated_headers = 0
        #: field counts of the lines with the wrong count, and the non-empty records seen
        #: (summed over the chunks of a streamed file for :func:`_check_majority`)
        self.counts: list[int] = []
        self.n_records = 0
        #: records that span lines: data row -> the data row of their last line
        self.multi: dict[int, int] = {}

    def field_count(self, row: int, got: int, last_line: int | None = None) -> None:
        where = gettext("regel {n}", n=row + 1) if last_line is None or last_line == row + 1 \
            else gettext("regels {van}-{tot}", van=row + 1, tot=last_line)
        self.rejects.append((row, "", str(Reason.FIELD_COUNT),
                             gettext("{waar} heeft {n} velden, de kopregel {kop}; het record wordt "
                                     "niet gebruikt (niet rechtgezet)", waar=where, n=got,
                                     kop=self.n_header)))

    def truncated(self, row: int, got: int) -> None:
        self.rejects.append((row, "", str(Reason.TRUNCATED_LINE),
                             gettext("afgebroken regel: de laatste regel {n} heeft geen "
                                     "regeleinde en {velden} van {kop} velden", n=row + 1,
                                     velden=got, kop=self.n_header)))


def _check_majority(lines: _Lines, name: str) -> None:
    """Refuse the file when more than half of its records have the wrong field count (called
    once, after the last line, so a streamed file is judged as a whole)."""
    n_records, counts = lines.n_records, lines.counts
    bad = [r for r in lines.rejects if r[2] == str(Reason.FIELD_COUNT)]
    if n_records and len(bad) * 2 > n_records:
        common = max(set(counts), key=counts.count) if counts else 0
        hint = (gettext(" (een scheidingsteken aan het eind van elke dataregel?)")
                if common == lines.n_header + 1 else "")
        raise InputError(
            gettext("{fout} van {n} dataregels hebben niet de {kop} velden van de kopregel (de "
                    "meeste hebben er {meest}){hint}; netwerk zet kolommen niet recht: verbeter de "
                    "export", fout=len(bad), n=n_records, kop=lines.n_header, meest=common,
                    hint=hint),
            reason=Reason.FIELD_COUNT, file=name)


class _HeaderMatch:
    """Recognise a data line that is the header again, after the cleaning the first header got
    (byte-order mark, zero-width and no-break characters, trailing CRs, spaces, case).

    Examples
    --------
    >>> m = _HeaderMatch(["bsn", "Naam"])
    >>> m.classify(["\\ufeffBSN ", "naam\\r"]), m.classify(["naam", "bsn"]), m.classify(["1", "x"])
    (1, 2, 0)
    >>> m.classify(["\\u00ef\\u00bb\\u00bfbsn", "NAAM"])  # a UTF-8 BOM read as cp1252
    1
    """

    def __init__(self, header: list[str]) -> None:
        self.raw = [str(h) for h in header]
        self.names = [self.clean(h) for h in self.raw]
        self.sorted = sorted(self.names)
        self.first = set(self.names)
        # the shortest and longest a header line can be in bytes (UTF-8), for a cheap pre-filter
        base = sum(len(n.encode("utf-8")) for n in self.names) + len(header) - 1
        self.min_len, self.max_len = base - 2 * len(header), base + 24 * len(header) + 8
        ascii_names = [n for n in self.names if n.isascii()]
        self.key = max(ascii_names, key=len).encode() if ascii_names else b""

    @staticmethod
    def clean(cell: str) -> str:
        # "ï»¿": a UTF-8 byte-order mark read as cp1252 (a UTF-8 export appended to a cp1252 one)
        return clean_invisible(cell.replace("\u00ef\u00bb\u00bf", "")).strip().casefold()

    def classify(self, cells: list[str]) -> int:
        """0: not a header; 1: the header again; 2: the header's names in another order."""
        if len(cells) != len(self.names):
            return 0
        cleaned = [self.clean(c) for c in cells]
        if cleaned == self.names:
            return 1
        return 2 if sorted(cleaned) == self.sorted else 0

    def refuse(self, line: int, name: str, *, where: str | None = None) -> None:
        """Refuse the file: line ``line`` (CSV) or the row ``where`` names (XLSX, Parquet) is
        the header in another column order."""
        if where is None:
            msg = gettext("regel {line} is de kop opnieuw, maar met de kolommen in een andere "
                          "volgorde (twee exports met een andere kolomvolgorde achter elkaar?); "
                          "netwerk leest de regels daarna niet onder de eerste kop: laat de "
                          "partner opnieuw exporteren in één kolomvolgorde", line=line)
        else:
            msg = gettext("{waar} is de kop opnieuw, maar met de kolommen in een andere volgorde "
                          "(twee exports met een andere kolomvolgorde onder elkaar?); netwerk "
                          "leest de rijen daarna niet onder de eerste kop: laat de partner "
                          "opnieuw exporteren in één kolomvolgorde", waar=where)
        raise InputError(msg, reason=Reason.FIELD_COUNT, file=name)

    def candidates(self, first: pd.Series) -> np.ndarray:
        """Positions of the rows of a text frame whose first cell, cleaned as the header was,
        is one of the header's names: the only rows :meth:`classify` needs to see. Vectorised
        (Arrow compute), so a million-row frame costs no Python loop.

        Examples
        --------
        >>> m = _HeaderMatch(["bsn", "Naam"])
        >>> m.candidates(pd.Series(["1", "\\u200bBSN\\u00a0", None, "naam", "bsnx"])).tolist()
        [1, 3]
        """
        import pyarrow as pa
        import pyarrow.compute as pc

        arr = pa.array(first, type=pa.large_string(), from_pandas=True)
        arr = pc.replace_substring_regex(arr, f"[{INVISIBLE}]|\u00ef\u00bb\u00bf", "")
        arr = pc.utf8_lower(pc.utf8_trim_whitespace(
            pc.replace_substring_regex(arr, f"[{_NBSP}]", " ")))
        # Python's casefold and Arrow's lower differ for a few letters (ß): both spellings
        names = self.first | {clean_invisible(n).strip().lower() for n in self.raw}
        hit = pc.fill_null(pc.is_in(arr, value_set=pa.array(sorted(names), pa.large_string())),
                           False)
        return np.flatnonzero(hit.to_numpy(zero_copy_only=False))


#: how many rows of a sheet (lines of a CSV) are searched for the header when row 1 is not it
HEADER_SEARCH_ROWS = 10


def _in_sheet(name: str, sheet: object) -> str:
    """The place ``name`` for a message about a row of a workbook: the file and the sheet (the
    row number then is that sheet's own Excel row)."""
    if sheet is None or (isinstance(sheet, float) and np.isnan(sheet)):
        return name
    return gettext("{bestand}, werkblad '{blad}'", bestand=name, blad=sheet)


def _row_word(n: int, sheet: bool) -> str:
    """``rij n`` (a workbook row) or ``regel n`` (a CSV line)."""
    return gettext("rij {n}", n=n) if sheet else gettext("regel {n}", n=n)


def _numbers(ns: list[int]) -> str:
    """``2``, ``2 en 5``, ``2, 3 en 5`` (at most ten, then ``en N meer``)."""
    shown = [str(n) for n in ns[:10]]
    if len(ns) > 10:
        return ", ".join(shown) + gettext(" en {n} meer", n=len(ns) - 10)
    if len(shown) == 1:
        return shown[0]
    return gettext("{reeks} en {laatste}", reeks=", ".join(shown[:-1]), laatste=shown[-1])


@dataclass
class _HeaderFound:
    """Where the header of a sheet (or CSV) is: ``index`` (0-based among the rows searched) and
    what the rows above it were: ``empty`` and ``titles`` (counts), ``other`` (0-based positions
    of rows with more than one filled cell: not a title, named in the notice)."""

    index: int = 0
    empty: int = 0
    titles: int = 0
    other: list[int] | None = None

    @property
    def above(self) -> int:
        return self.index

    def note(self, sheet: str | None, first: int = 1) -> str | None:
        """The notice (Dutch first) that the header is not in row/line 1: the sheet, the
        header's row and what was skipped above it (rows with data named); logged after the
        file's name. ``first`` is the number of the first row searched.

        Examples
        --------
        >>> _HeaderFound(index=3, empty=1, titles=1, other=[1]).note("Blad1")
        "werkblad 'Blad1': de kopregel staat in rij 4, niet in rij 1; 3 rijen erboven overgeslagen (1 titelregel; 1 lege rij; rij 2 met gegevens in meer dan één cel, niet gelezen)"
        """
        if not self.index:
            return None
        is_sheet = sheet is not None
        parts = []
        if self.titles:
            parts.append(ngettext("{n} titelregel", "{n} titelregels", self.titles))
        if self.empty:
            parts.append(ngettext("{n} lege rij", "{n} lege rijen", self.empty) if is_sheet
                         else ngettext("{n} lege regel", "{n} lege regels", self.empty))
        if self.other:
            ns = _numbers([first + i for i in self.other])
            parts.append(
                ngettext("rij {rijen} met gegevens in meer dan één cel, niet gelezen",
                          "rijen {rijen} met gegevens in meer dan één cel, niet gelezen",
                          len(self.other), rijen=ns) if is_sheet else
                 ngettext("regel {rijen} met meer dan één gevuld veld, niet gelezen",
                          "regels {rijen} met meer dan één gevuld veld, niet gelezen",
                          len(self.other), rijen=ns))
        if is_sheet:
            return ngettext("werkblad '{blad}': de kopregel staat in rij {rij}, niet in rij 1; {n} "
                            "rij erboven overgeslagen ({wat})", "werkblad '{blad}': de kopregel "
                            "staat in rij {rij}, niet in rij 1; {n} rijen erboven overgeslagen "
                            "({wat})", self.index, blad=sheet, rij=first + self.index,
                            wat="; ".join(parts))
        return ngettext("de kopregel staat op regel {rij}, niet op regel 1; {n} regel erboven "
                        "overgeslagen ({wat})", "de kopregel staat op regel {rij}, niet op regel "
                        "1; {n} regels erboven overgeslagen ({wat})", self.index,
                        rij=first + self.index, wat="; ".join(parts))


def _header_sets(spec: ExtractSpec) -> list[list[str]]:
    """The column sets a header of ``spec`` holds: the raw export's, or the shared extract's."""
    out = []
    for cols in (spec.raw_columns(), spec.shared_columns()):
        want = list(dict.fromkeys(_HeaderMatch.clean(c) for c in cols))
        if want and want not in out:
            out.append(want)
    return out


def _find_header(rows: list[list[str]], wants: list[list[str]], name: str,
                 sheet: str | None, *, several: bool = False) -> _HeaderFound:
    """Which of the first rows of a sheet (or lines of a CSV) is the header.

    Row 1 is, when it holds all the columns of one of ``wants`` (after the header cleaning:
    byte-order mark, invisible characters, spaces, case). Else the one row among the first
    :data:`HEADER_SEARCH_ROWS` that does; the rows above it are classified (empty, a title: one
    filled cell, or a row with data). Two or more such rows refuse the file (netwerk does not
    choose), and so does no such row when row 1 is empty or a row below it holds more of the
    columns than row 1; otherwise row 1 stays the header (the missing-column message says what
    is missing). Two matching rows with a row of data between them are a header and its repeat
    (two exports one under the other): the first is the header, the repeat is skipped later as
    every repeated header is. ``sheet`` names the sheet in messages (``None``: a CSV, rows are lines).

    Examples
    --------
    >>> rows = [["Export BRP 12-11-2026", ""], ["", ""], ["BSN", "Naam"], ["1", "x"]]
    >>> f = _find_header(rows, [["bsn", "naam"]], "b.xlsx", "Blad1")
    >>> f.index, f.titles, f.empty, f.other
    (2, 1, 1, [])
    >>> _find_header([["bsn", "naam"], ["1", "x"]], [["bsn", "naam"]], "b.xlsx", "Blad1").index
    0
    """
    def cells(row: list[str]) -> set[str]:
        return {_HeaderMatch.clean(c) for c in row if c is not None and str(c).strip()}

    def score(row: set[str]) -> int:
        return max((sum(w in row for w in want) for want in wants), default=0)

    def full(row: set[str]) -> bool:
        return any(all(w in row for w in want) for want in wants)

    searched = [cells(r) for r in rows[:HEADER_SEARCH_ROWS]]
    if not wants or not searched or full(searched[0]):
        return _HeaderFound()
    is_sheet = sheet is not None
    where = _in_sheet(name, sheet) if is_sheet else name
    hits = [i for i in range(1, len(searched)) if full(searched[i])]
    looked = ", ".join(wants[0])
    also = gettext("; of noem het te lezen blad met 'sheet' in de specificatie") if several else ""
    def data(i: int) -> bool:
        return sum(1 for c in rows[i] if c is not None and str(c).strip()) > 1

    if len(hits) > 1 and any(data(i) for i in range(hits[0] + 1, hits[1])):
        hits = hits[:1]  # header, data, the header again: a repeat (skipped later as such)
    if len(hits) > 1:
        ns = _numbers([i + 1 for i in hits])
        raise InputError(
            (gettext("{waar}: de rijen {rijen} hebben elk alle kolommen van de specificatie; "
                     "netwerk kiest niet welke de kopregel is: laat alleen de echte kopregel "
                     "staan{ook}", waar=where, rijen=ns, ook=also) if is_sheet else
             gettext("{waar}: de regels {rijen} hebben elk alle kolommen van de specificatie; "
                     "netwerk kiest niet welke de kopregel is: laat alleen de echte kopregel "
                     "staan", waar=where, rijen=ns)),
            reason=Reason.MISSING_COLUMN, file=name)
    if not hits:
        best = max(range(len(searched)), key=lambda i: (score(searched[i]), -i))
        # row 1 looks like a header (not empty, not a lone title cell) and no row below comes
        # closer: it is the header, and the missing-column message says what is missing
        like = len(searched[0]) >= min(2, min(len(w) for w in wants))
        if like and score(searched[best]) <= score(searched[0]):
            return _HeaderFound()
        n = min(len(rows), HEADER_SEARCH_ROWS)
        if score(searched[best]):
            want = max(wants, key=lambda w: sum(c in searched[best] for c in w))
            mist = ", ".join(c for c in want if c not in searched[best])
            hint = gettext("; {rij} lijkt er het meest op, maar mist {kolommen}",
                           rij=_row_word(best + 1, is_sheet), kolommen=mist)
        else:
            hint = ""
        raise InputError(
            (gettext("{waar}: geen kopregel gevonden in de eerste {n} rijen: geen rij heeft alle "
                     "kolommen van de specificatie ({kolommen}){hint}{ook}", waar=where, n=n,
                     kolommen=looked, hint=hint, ook=also) if is_sheet else
             gettext("{waar}: geen kopregel gevonden in de eerste {n} regels: geen regel heeft "
                     "alle kolommen van de specificatie ({kolommen}){hint}", waar=where, n=n,
                     kolommen=looked, hint=hint)),
            reason=Reason.MISSING_COLUMN, file=name)
    found = _HeaderFound(index=hits[0], other=[])
    for i in range(hits[0]):
        filled = sum(1 for c in rows[i] if c is not None and str(c).strip())
        if not filled:
            found.empty += 1
        elif filled == 1:
            found.titles += 1
        else:
            found.other.append(i)
    return found


_INVISIBLE_UTF8 = [ch.encode("utf-8") for ch in INVISIBLE + _NBSP]


def _ascii_lower(seg: bytes) -> bytes:
    """ASCII-lower-cased bytes of a line without invisible characters (UTF-8)."""
    if not seg.isascii():
        for pat in _INVISIBLE_UTF8:
            seg = seg.replace(pat, b"")
    return seg.lower()


def _holds_key(body: bytes, starts: np.ndarray, ends: np.ndarray, lines: np.ndarray,
               key: bytes) -> np.ndarray:
    """Which of ``lines`` (indices into ``starts``/``ends``, the lines' content) hold ``key``
    (lower-case ASCII) once ASCII-lower-cased and freed of invisible characters, as
    :func:`_ascii_lower` reads one line: every header line holds the header's longest ASCII
    name, so only those lines need a closer look. The whole body is searched at once; only
    lines with a non-ASCII byte (where an invisible character may stand) are looked at one by
    one: removing one may join the key's parts, it never breaks an occurrence. Returns a
    boolean mask over ``lines``.

    Examples
    --------
    >>> body = b"a;b\\nX;PERSOONSNUMMER\\nper\\xe2\\x80\\x8bsoon;c\\n"
    >>> starts, ends = np.array([0, 4, 21]), np.array([3, 20, 35])
    >>> _holds_key(body, starts, ends, np.array([0, 1, 2]), b"persoon").tolist()
    [False, True, True]
    """
    low = body.lower()  # bytes.lower() changes ASCII letters only
    hits, at = [], low.find(key)
    while at >= 0:
        hits.append(at)
        at = low.find(key, at + 1)
    found = np.zeros(len(starts), dtype=bool)
    if hits:
        pos = np.asarray(hits, dtype=np.int64)
        line = np.searchsorted(starts, pos, side="right") - 1
        inside = pos + len(key) <= ends[line]  # the whole key within the line's content
        found[line[inside]] = True
    out = found[lines]
    if not body.isascii():  # invisible characters are not ASCII: look at those lines closer
        high = np.flatnonzero(np.frombuffer(body, dtype=np.uint8) >= 128)
        wide = np.zeros(len(starts), dtype=bool)
        wide[np.searchsorted(starts, high, side="right") - 1] = True
        for j in np.flatnonzero(wide[lines] & ~out).tolist():
            i = int(lines[j])
            out[j] = key in _ascii_lower(body[starts[i]:ends[i]])
    return out


def _inner_cr(lines: _Lines, row: int, column: str) -> None:
    """A carriage return inside a line (not before its line end): the record is not used."""
    lines.rejects.append((row, column, str(Reason.UNPARSABLE_VALUE),
                          gettext("regel {line}: een losse regelterugloop (CR) midden in de regel, "
                            "niet aan het eind; netwerk leest een regel tot LF of CRLF en "
                            "gebruikt dit record niet", line=row + 1)))


def _lone_crs(b: np.ndarray) -> np.ndarray:
    """Positions of the carriage returns that do not end a line: a CR (or run of CRs) that is
    not followed by LF or the end of the data. ``a\\r\\n``, ``a\\r\\r\\n`` and a final ``a\\r``
    end a line; ``a\\rb`` holds a lone CR."""
    cr = np.flatnonzero(b == 13)
    nxt = cr + 1
    while True:  # skip runs of CRs: \r\r\n ends a line too
        run = nxt < len(b)
        run[run] = b[nxt[run]] == 13
        if not run.any():
            break
        nxt[run] += 1
    lone = nxt < len(b)
    lone[lone] = b[nxt[lone]] != 10
    return cr[lone]


def _read_csv_fast(body: bytes, header: list[str], sep: str, lines: _Lines, first_line: int,
                   header_line: str, name: str, row_of: np.ndarray | None = None,
                   quoted: np.ndarray | None = None) -> tuple[pd.DataFrame, np.ndarray]:
    """Every record is one physical line (ending at LF, with any CRs before it): no quote
    character anywhere, or (``quoted``, per line) only in simple lines (:func:`_simple_lines`:
    whole fields quoted, quotes balanced, read as the csv module reads them). Field counts per
    line are counted with numpy (a delimiter between quotes is not counted), the good lines
    parsed by pyarrow. ``row_of``: the data row of each line (default: consecutive from
    ``first_line``)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    b = np.frombuffer(body, dtype=np.uint8)
    nl = np.flatnonzero(b == 10)
    ends = nl.copy()
    no_final_newline = len(b) > 0 and b[-1] != 10
    unterminated = no_final_newline and b[-1] != 13  # a final CR ends the line too
    if no_final_newline:
        ends = np.append(ends, len(b))
    starts = np.concatenate([[0], nl + 1])[: len(ends)]
    sep_pos = np.flatnonzero(b == ord(sep))
    quoted = quoted if quoted is not None and quoted.any() else None
    if quoted is not None:
        # every line holds an even number of quotes, so a delimiter is inside a quoted field
        # exactly when an odd number of quotes comes before it (a running count modulo 256)
        inside = np.cumsum(b == 34, dtype=np.uint8)[sep_pos] & 1
        sep_pos = sep_pos[inside == 0]
    nfields = np.searchsorted(sep_pos, ends) - np.searchsorted(sep_pos, starts) + 1
    n_cr = body.count(b"\r")
    # every CR is one CR before an LF (or none): nothing to look at closer
    simple_crs = n_cr == 0 or n_cr == int((b[nl[nl > 0] - 1] == 13).sum())
    content_end = ends - ((ends > starts) & (b[np.maximum(ends - 1, 0)] == 13))
    inner = np.zeros(len(ends), dtype=bool)
    inner_col: dict[int, int] = {}
    if not simple_crs:
        while True:  # strip every CR before the line end, not one
            more = (content_end > starts) & (b[np.maximum(content_end - 1, 0)] == 13)
            if not more.any():
                break
            content_end = content_end - more
        lone = _lone_crs(b)
        if len(lone):
            at = np.searchsorted(ends, lone)
            col = np.searchsorted(sep_pos, lone) - np.searchsorted(sep_pos, starts[at])
            for i, c in zip(at.tolist()[::-1], col.tolist()[::-1], strict=True):
                inner_col[i] = c  # the first lone CR of the line wins
            inner[at] = True
    length = content_end - starts
    blank = length == 0
    # ";;;;" or "   ;   ": no byte besides delimiters and blanks, so every field is empty (such
    # a line starts and ends with one of them; those lines are checked one by one)
    only_delims = np.zeros(len(ends), dtype=bool)
    strip = b" \t\r" + sep.encode("utf-8")
    edge = np.frombuffer(strip, dtype=np.uint8)
    nonblank = np.flatnonzero(~blank)
    if quoted is not None:
        nonblank = nonblank[~quoted[nonblank]]
    cand = nonblank[np.isin(b[starts[nonblank]], edge) & np.isin(b[content_end[nonblank] - 1], edge)]
    for i in cand.tolist():
        only_delims[i] = not body[starts[i]:content_end[i]].strip(strip)
    if quoted is not None:  # '"";" "': every field blank too (as the csv module reads it)
        q_lines = np.flatnonzero(quoted & ~blank)
        lut = np.ones(256, dtype=bool)
        lut[np.frombuffer(strip + b'"\n', dtype=np.uint8)] = False
        some = np.logical_or.reduceat(lut[b], starts)[q_lines] if len(q_lines) else q_lines
        for i in q_lines[~some].tolist():
            text = body[starts[i]:content_end[i]].decode("utf-8", "replace")
            only_delims[i] = not "".join(next(csv.reader([text], delimiter=sep))).strip(
                " \t\r\n")
    if row_of is None:
        row_of = np.arange(len(ends)) + first_line  # data row number = physical line - 1
    ncols = len(header)
    inner &= ~blank & ~only_delims
    for i in np.flatnonzero(inner).tolist():
        c = inner_col[i]
        _inner_cr(lines, int(row_of[i]), header[c] if 0 <= c < ncols else "")
    good = ~blank & ~only_delims & ~inner & (nfields == ncols)
    lines.empty += int(blank.sum() + only_delims.sum())
    bad = np.flatnonzero(~blank & ~only_delims & ~inner & (nfields != ncols))
    counts = nfields[bad].tolist()
    for i in bad.tolist():
        if unterminated and i == len(ends) - 1 and nfields[i] < ncols:
            lines.truncated(int(row_of[i]), int(nfields[i]))
        else:
            lines.field_count(int(row_of[i]), int(nfields[i]))
    # the header again (two exports concatenated): after the first header's cleaning
    match = _HeaderMatch(header)
    text_len = length
    if quoted is not None:  # a quoted header is longer by its quotes
        q_pos = np.flatnonzero(b == 34)
        text_len = length - (np.searchsorted(q_pos, content_end) - np.searchsorted(q_pos, starts))
    cand = np.flatnonzero(good & (text_len >= match.min_len) & (text_len <= match.max_len))
    if match.key and len(cand):
        cand = cand[_holds_key(body, starts, content_end, cand, match.key)]
    repeated = 0
    for i in cand.tolist():
        seg = body[starts[i]:content_end[i]]
        text = seg.decode("utf-8", "replace")
        kind = match.classify(next(csv.reader([text], delimiter=sep)) if quoted is not None
                              and quoted[i] else text.split(sep))
        if kind == 2:
            match.refuse(int(row_of[i]) + 1, name)
        if kind == 1:
            good[i] = False
            repeated += 1
    lines.repeated_headers += repeated
    lines.counts.extend(counts)
    lines.n_records += int((~blank & ~only_delims).sum()) - repeated
    keep = np.flatnonzero(good)
    if len(keep) == len(ends) and not no_final_newline:
        buf = body
    else:
        pieces = [body[starts[i]:ends[i]] + b"\n" for i in keep.tolist()] if len(keep) < 1000 \
            or len(keep) * 2 < len(ends) else None
        if pieces is None:  # few lines dropped: copy runs between them
            drop = np.flatnonzero(~good).tolist()
            chunks, pos = [], 0
            for i in drop:
                chunks.append(body[pos:starts[i]])
                pos = min(int(ends[i]) + 1, len(body))
            chunks.append(body[pos:])
            buf = b"".join(chunks)
            if buf and not buf.endswith(b"\n"):
                buf += b"\n"
        else:
            buf = b"".join(pieces)
    cols = [f"c{i}" for i in range(ncols)]
    if not len(keep):
        df = pd.DataFrame({c: pd.Series(dtype="str") for c in cols})
    else:
        try:
            table = pacsv.read_csv(
                io.BytesIO(buf),
                read_options=pacsv.ReadOptions(column_names=cols, use_threads=True),
                parse_options=pacsv.ParseOptions(
                    delimiter=sep, quote_char='"' if quoted is not None else False,
                    double_quote=True, newlines_in_values=False, ignore_empty_lines=True),
                # large_string: pandas keeps its strings as large_string, so no conversion
                convert_options=pacsv.ConvertOptions(
                    column_types={c: pa.large_string() for c in cols},
                    null_values=[""], strings_can_be_null=True))
        except (pa.ArrowException, ValueError):  # a last net: the library's text holds cells
            raise InputError(
                gettext("regels {first}-{last} zijn niet als CSV te lezen (de CSV-bibliotheek weigert "
                  "ze); controleer de export", first=int(row_of[keep[0]]) + 1,
                  last=int(row_of[keep[-1]]) + 1),
                reason=Reason.UNREADABLE_FILE, file=name) from None
        if table.num_rows != len(keep):  # would be a bug in the line accounting: never guess
            raise InputError(gettext("{records} records gelezen uit {regels} regels",
                                     records=table.num_rows, regels=len(keep)),
                             reason=Reason.UNREADABLE_FILE, file=name)
        df = table.to_pandas()
    return df.set_axis(header, axis=1), row_of[keep].astype("int64")


#: a carriage return that does not end the line it is in (lone CRs, see :func:`_lone_crs`)
_LONE_CR = re.compile(r"\r(?!\r*(?:\n|\Z))")


def _read_csv_quoted(body: str, header: list[str], sep: str, lines: _Lines, first_line: int,
                     header_line: str, name: str) -> tuple[pd.DataFrame, np.ndarray]:
    """Quotes present: Python's csv module (strict) with physical line numbers per record. A
    physical line ends at LF (CRs before it belong to the line end), as in :func:`_read_csv_fast`;
    a lone CR outside quotes makes the record a reject. A quoted field may span lines only when
    it closes and the record has the header's fields."""
    records = _QuotedRecords(header, sep, lines, name)
    records.read(io.StringIO(body, newline="\n"), first_line)
    return records.frame()


class _QuotedRecords:
    """The csv-module reading of :func:`_read_csv_quoted`, over any source of physical lines
    (one per LF, CRs untouched): the whole body, or the runs of a chunk that
    :func:`_read_csv_mixed` gives it. Kept records accumulate over several :meth:`read` calls."""

    def __init__(self, header: list[str], sep: str, lines: _Lines, name: str) -> None:
        self.header, self.sep, self.lines, self.name = header, sep, lines, name
        self.match = _HeaderMatch(header)
        self.data: list[list[str]] = []  # the kept records, as read
        self.rows: list[int] = []
        #: the 0-based line (of the last :meth:`read`'s source) where the record that raised began
        self.failed = 0

    def read(self, source, first_line: int, stop=None) -> int:
        """Read records from ``source`` (its first line is data row ``first_line``) until it ends
        or ``stop(k)`` is true after a record (``k`` = lines read so far). Returns the number of
        lines read."""
        header, sep, lines, match, name = self.header, self.sep, self.lines, self.match, self.name
        ncols = len(header)
        seen = [""]

        def physical():
            for ln in source:
                seen[0] = ln
                yield ln

        reader = csv.reader(physical(), delimiter=sep, strict=True)
        data, rows = self.data, self.rows
        counts: list[int] = []
        n_records = 0
        prev_line = 0
        last_short: tuple[int, int] | None = None  # (row, fields) when the last record was short
        strip = " \t\r\n" + sep
        while True:
            if stop is not None and prev_line and stop(prev_line):
                break
            self.failed = prev_line
            try:
                rec = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                start, end = prev_line + 1, reader.line_num
                prev_line = end
                row = start + first_line - 1
                last_short = None
                line = seen[0]
                if "new-line character" not in str(exc):
                    raise InputError(
                        gettext("aanhalingstekens kloppen niet in het record dat begint op regel "
                                "{n} (een aanhalingsteken dat wordt geopend maar nooit gesloten?); "
                                "verbeter de export", n=start + first_line),
                        reason=Reason.UNREADABLE_FILE, file=name) from None
                if start == end and not line.strip(strip):
                    lines.empty += 1  # ";\r;": only delimiters, blanks and CRs
                    continue
                n_records += 1
                column = ""
                m = _LONE_CR.search(line)
                if start == end and m is not None:
                    try:
                        column = header[len(next(csv.reader([line[: m.start()]],
                                                             delimiter=sep))) - 1]
                    except (csv.Error, StopIteration, IndexError):
                        column = ""
                _inner_cr(lines, row, column)
                continue
            start, end = prev_line + 1, reader.line_num
            prev_line = end
            row = start + first_line - 1
            last_short = None
            if not "".join(rec).strip(" \t\r\n"):  # every field blank: as the fast path
                lines.empty += 1
                continue
            first = rec[0]  # ASCII needs none of the header cleaning but strip and case
            if len(rec) == ncols and (first.strip().casefold() if first.isascii()
                                      else match.clean(first)) in match.first:
                kind = match.classify(rec)
                if kind == 2:
                    self.failed = start - 1
                    match.refuse(start + first_line, name)
                if kind == 1:
                    lines.repeated_headers += 1
                    continue
            n_records += 1
            if len(rec) != ncols:
                counts.append(len(rec))
                lines.field_count(row, len(rec), end + first_line)
                if len(rec) < ncols:
                    last_short = (row, len(rec))
                continue
            if end > start and _swallows_records(rec, sep, ncols):
                lines.rejects.append((row, "", str(Reason.FIELD_COUNT),
                                      gettext("regels {van}-{tot}: een aanhalingsteken slokt "
                                              "regels op die op hele records lijken (een los "
                                              "aanhalingsteken?); het record wordt niet gebruikt",
                                              van=start + first_line, tot=end + first_line)))
                continue
            if end > start:
                lines.multi[row] = end + first_line - 1
            rows.append(row)
            data.append(rec)
        if last_short is not None and not seen[0].endswith(("\n", "\r")):
            lines.rejects.pop()
            lines.truncated(*last_short)
        lines.counts.extend(counts)
        lines.n_records += n_records
        return prev_line

    def frame(self) -> tuple[pd.DataFrame, np.ndarray]:
        """The kept records as a text frame (header names as in the file) and their rows."""
        columns = list(zip(*self.data, strict=True)) if self.data else [() for _ in self.header]
        df = pd.DataFrame({f"c{i}": pd.array(list(v), dtype="str") for i, v in enumerate(columns)},
                          index=pd.RangeIndex(len(self.rows)))
        df = df.mask(df == "") if len(df) else df
        return df.set_axis(self.header, axis=1), np.asarray(self.rows, dtype="int64")


def _line_bounds(b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end (the LF, or the data's length for a last line without one) of each line."""
    nl = np.flatnonzero(b == 10)
    ends = nl if len(b) and b[-1] == 10 else np.append(nl, len(b))
    return np.concatenate([[0], nl + 1])[: len(ends)], ends


def _quote_lines(b: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Per line: does it hold a quote character?"""
    if not len(b):
        return np.zeros(len(ends), dtype=bool)
    starts = np.concatenate([[0], ends[:-1] + 1])
    return np.logical_or.reduceat(b == 34, starts)  # one pass (not a search per quote)


def _simple_lines(body: bytes, starts: np.ndarray, has: np.ndarray, sep: str) -> np.ndarray:
    """Per line: is it a line with quotes that is a whole record, which the csv module and
    pyarrow's parser (quotes on, no newlines in values) read alike? Such a line has every field
    either free of quotes or wholly quoted (``"..."``, a quote inside written ``""``), and no CR
    but at its end; so its quotes are balanced and its record ends with it. ``has``: the lines
    holding a quote (:func:`_quote_lines`); the others are False. Tested with RE2 over the
    line bytes (any encoding whose structure bytes are ASCII: UTF-8, cp1252, ...).

    Examples
    --------
    >>> body = b'"a";"b""c";d\\n"a"x;b\\nab"c;d\\n"a\\rb";c\\n"";""\\r\\n"open;x\\n'
    >>> b = np.frombuffer(body, dtype=np.uint8)
    >>> starts, ends = _line_bounds(b)
    >>> _simple_lines(body, starts, _quote_lines(b, ends), ";").tolist()
    [True, False, False, False, True, False]
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    out = np.zeros(len(starts), dtype=bool)
    idx = np.flatnonzero(has)
    if not len(idx):
        return out
    offsets = np.append(starts, len(body)).astype(np.int64)
    arr = pa.LargeBinaryArray.from_buffers(pa.large_binary(), len(starts),
                                           [None, pa.py_buffer(offsets), pa.py_buffer(body)])
    if len(idx) < len(starts):
        arr = arr.take(pa.array(idx))
    d = re.escape(sep)
    field = f'(?:"(?:[^"\\r\\n]|"")*"|[^"\\r\\n{d}]*)'
    out[idx] = pc.match_substring_regex(arr, f"^{field}(?:{d}{field})*\\r*\\n?$").to_numpy(
        zero_copy_only=False)
    return out


def _record_cut(buf: bytes, sep: str) -> int:
    """Bytes of ``buf`` (whole lines, starting at a record's start) up to the end of its last
    complete record: all of it, unless its last record is still inside a quoted field at the
    end (then up to that record's start, possibly 0). Record ends as the csv module finds them
    (:func:`_read_csv_mixed`): a quote-free or simple line (:func:`_simple_lines`) that starts a
    record ends it; from any other line with a quote the csv module reads records until one
    ends before a quote-free or simple line. The file's
    bytes are scanned as latin-1: the structure is ASCII in every encoding that is planned."""
    b = np.frombuffer(buf, dtype=np.uint8)
    if not (b == 34).any():
        return len(buf)
    starts, ends = _line_bounds(b)
    has = _quote_lines(b, ends)
    simple = _simple_lines(buf, starts, has, sep)  # whole records: no csv module needed
    n, done = len(ends), 0
    st, en, hs = starts.tolist(), ends.tolist(), (has & ~simple).tolist()
    for first in np.flatnonzero(has & ~simple).tolist():
        if first < done:
            continue
        out = [False]

        def source(first=first, out=out):
            for j in range(first, n):
                yield buf[st[j]:en[j] + 1].decode("latin-1")
            out[0] = True

        reader, read = csv.reader(source(), delimiter=sep, strict=True), 0
        while True:
            try:
                next(reader)
            except StopIteration:
                return len(buf)
            except csv.Error:
                if out[0]:  # the data ended inside a quoted field: the record is not complete
                    return st[first + read]
            read = reader.line_num
            if first + read >= n:
                return len(buf)
            if not hs[first + read]:
                done = first + read
                break
    return len(buf)


def _read_csv_mixed(body: bytes, header: list[str], sep: str, lines: _Lines, first_line: int,
                    header_line: str, name: str) -> tuple[pd.DataFrame, np.ndarray]:
    """A chunk of a file with quotes (whole records, UTF-8). A line that is a whole record of
    whole fields, quoted or not (:func:`_simple_lines`: most lines of an export that quotes
    every cell), is read with the quote-free lines by :func:`_read_csv_fast` (pyarrow) in one
    go. The csv module (:class:`_QuotedRecords`) reads from every other line holding a quote,
    record by record, until a record ends before a quote-free or simple line. The same frame,
    rows, rejects (in row order) and counts as :func:`_read_csv_quoted` on the same lines, and
    the same first error."""
    b = np.frombuffer(body, dtype=np.uint8)
    fast = _Lines(lines.name, lines.n_header)
    slow = _Lines(lines.name, lines.n_header)
    if not (b == 34).any():
        df, rows = _read_csv_fast(body, header, sep, fast, first_line, header_line, name)
        _add_lines(lines, fast, slow)
        return df, rows
    starts, ends = _line_bounds(b)
    has = _quote_lines(b, ends)
    simple = _simple_lines(body, starts, has, sep)  # whole records pyarrow reads as csv does
    n, done = len(ends), 0
    # hs: the lines the csv module must read (a quote, not a simple record); a run of records
    # it reads ends before a line that is quote-free or simple
    st, en, hs = starts.tolist(), ends.tolist(), (has & ~simple).tolist()
    records = _QuotedRecords(header, sep, slow, name)
    use_fast = np.ones(n, dtype=bool)
    error: InputError | None = None
    for first in np.flatnonzero(has & ~simple).tolist():
        if first < done:
            continue

        def source(first=first):
            for j in range(first, n):
                yield body[st[j]:en[j] + 1].decode("utf-8")

        try:
            read = records.read(source(), first_line + first,
                                stop=lambda k, first=first: first + k >= n or not hs[first + k])
        except InputError as exc:  # the lines before it are read first: an earlier error wins
            error = exc
            use_fast[first + records.failed:] = False
            break
        use_fast[first:first + read] = False
        done = first + read
    keep = np.flatnonzero(use_fast)
    if len(keep) == n:
        buf = body
    else:  # the quote-free lines, run by run (every line but the chunk's last ends with LF)
        edge = np.flatnonzero(np.diff(np.concatenate([[False], use_fast, [False]]).astype(np.int8)))
        buf = b"".join(body[st[a]:(st[z] if z < n else len(body))]
                       for a, z in zip(edge[::2].tolist(), edge[1::2].tolist(), strict=True))
    df_f, rows_f = _read_csv_fast(buf, header, sep, fast, first_line, header_line, name,
                                  row_of=keep + first_line, quoted=simple[keep])
    if error is not None:
        raise error
    df_q, rows_q = records.frame()
    _add_lines(lines, fast, slow)
    if not len(rows_q):
        return df_f, rows_f
    rows = np.concatenate([rows_f, rows_q])
    order = np.argsort(rows, kind="stable")
    df = pd.concat([df_f, df_q], ignore_index=True).take(order).reset_index(drop=True)
    return df, rows[order]


def _add_lines(lines: _Lines, *parts: _Lines) -> None:
    """Add what the parts of one chunk found to ``lines``; rejects in row order."""
    new = sorted((r for p in parts for r in p.rejects), key=lambda r: r[0])
    lines.rejects.extend(new)
    for p in parts:
        lines.empty += p.empty
        lines.repeated_headers += p.repeated_headers
        lines.counts.extend(p.counts)
        lines.n_records += p.n_records
        lines.multi.update(p.multi)


def _swallows_records(rec: list[str], sep: str, ncols: int) -> bool:
    """True if a multi-line field holds a line with a record's worth of delimiters."""
    return any(line.count(sep) >= ncols - 1 for f in rec if "\n" in f
               for line in f.splitlines())


#: typed timestamps with a time zone are read as Amsterdam dates/times (the partners' zone)
_LOCAL_ZONE = "Europe/Amsterdam"
_MIDNIGHT = time(0, 0)


def _number_text(v: object, decimal: str) -> str | None:
    """Text of a typed number (any int, float or decimal type of XLSX, Parquet, numpy or pandas),
    or None for other values. An integer value is written as an integer (``1000``, never
    ``1000.000``); any other number as its plain digits with ``decimal`` as decimal mark and no
    thousands separator, so the Dutch-text number parser reads ``12.345`` as 12,345 and never as
    12345. A float32/float16 scalar is written with the shortest digits of its own precision
    (``12.345``, not ``12.345000267...``); a decimal keeps its exact digits."""
    if isinstance(v, bool | np.bool_):
        return None
    if isinstance(v, int | np.integer):
        return str(int(v))
    if isinstance(v, Decimal):
        if not v.is_finite():
            return str(v)
        if v == v.to_integral_value():
            return str(int(v))
        text = format(v.normalize(), "f")
    elif isinstance(v, float | np.floating):
        if np.isinf(v):
            return str(v)
        if float(v).is_integer() and abs(float(v)) < 1e15:
            return str(int(v))
        text = np.format_float_positional(v, trim="-")  # shortest digits of v's own type
    else:
        return None
    return text.replace(".", ",") if decimal == "," else text


def _cell_text(v: object, date_format: str, decimal: str = ",") -> object:
    """Text of one spreadsheet/parquet cell; NA stays NA.

    Numbers follow :func:`_number_text` (the spec's decimal mark). A timestamp with a time zone
    is converted to Europe/Amsterdam first: at midnight there (or at midnight in its own zone,
    the way many tools store a date, e.g. ``1980-01-02T00:00Z``) it is that date, written in
    ``date_format``; otherwise the local date and time ``yyyy-mm-dd hh:mm:ss``, to the second
    (a birth date with a time of day is then refused by the name+birth-date check rather than cut
    to a date).

    Examples
    --------
    >>> from decimal import Decimal
    >>> [_cell_text(v, "%d-%m-%Y") for v in (Decimal("12.345"), Decimal("1000.000"),
    ...                                      np.float32(12.345), np.int8(7), pd.NA)]
    ['12,345', '1000', '12,345', '7', <NA>]
    >>> utc = [pd.Timestamp("1980-01-01T23:00Z"), pd.Timestamp("1980-01-02T00:00Z"),
    ...        pd.Timestamp("1980-01-02T14:30Z")]
    >>> [_cell_text(v, "%d-%m-%Y") for v in utc]
    ['02-01-1980', '02-01-1980', '1980-01-02 15:30:00']
    >>> _cell_text(timedelta(days=1, minutes=125), "%d-%m-%Y")  # an Excel [h]:mm cell
    'P1DT2H5M'
    """
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float | np.floating | Decimal)
                                                    and v != v):
        return pd.NA
    if isinstance(v, str):
        return v
    if isinstance(v, bool | np.bool_):
        return "true" if v else "false"
    if isinstance(v, np.datetime64):
        v = pd.Timestamp(v)
        if v is pd.NaT:
            return pd.NA
    if isinstance(v, datetime | pd.Timestamp):
        if v.tzinfo is not None:
            from zoneinfo import ZoneInfo

            local = v.astimezone(ZoneInfo(_LOCAL_ZONE))
            if local.time() == _MIDNIGHT or v.time() != _MIDNIGHT:
                v = local.replace(tzinfo=None)
        if v.time() == _MIDNIGHT:
            return v.strftime(date_format)
        return v.strftime("%Y-%m-%d %H:%M:%S")  # to the second, as the date readers take it
    if isinstance(v, date):
        return v.strftime(date_format)
    if isinstance(v, timedelta | pd.Timedelta | np.timedelta64):  # an [h]:mm cell: ISO 8601
        return _duration_text(int(pd.Timedelta(v).value), "ns")
    text = _number_text(v, decimal)
    return str(v) if text is None else text


def _column_cells(s: pd.Series) -> list:
    """The cells of one column as Python/numpy scalars that keep their type's precision: a
    float32/float16 column gives numpy scalars (their shortest digits differ from float64's), a
    nullable Int64 column Python ints and NA (never floats)."""
    if isinstance(s.dtype, np.dtype) and s.dtype.kind == "f" and s.dtype.itemsize < 8:
        return list(s.to_numpy())
    return s.tolist()


def _as_text_frame(df: pd.DataFrame, date_format: str, decimal: str = ",",
                   identifiers: frozenset[str] = frozenset()) -> pd.DataFrame:
    """Every cell as text (:func:`_cell_text`). ``identifiers``: column names (compared
    ignoring case and spaces) whose numbers must be integers: there a number that is not an
    integer is written with a decimal comma whatever the spec's mark, which every identifier's
    normaliser refuses (``123456782.5`` is never read as ``1234567825``, nor ``1234567.5`` as a
    police number or plate). A sheet
    read without a header (``header=None``) names its columns by one of the text cells in its
    first :data:`HEADER_SEARCH_ROWS` rows, where the header is looked for."""
    def named(c) -> bool:
        if clean_invisible(str(c)).strip().casefold() in identifiers:
            return True
        head = df[c].iloc[:HEADER_SEARCH_ROWS] if isinstance(c, int) else ()
        return any(isinstance(v, str) and clean_invisible(v).strip().casefold() in identifiers
                   for v in head)

    out = {}
    for c in df.columns:
        mark = "," if identifiers and named(c) else decimal
        vals = [_cell_text(v, date_format, mark) for v in _column_cells(df[c])]
        out[str(c)] = pd.array(vals, dtype="str")
    return pd.DataFrame(out, index=pd.RangeIndex(len(df)))


def _read_csv(path: Path, spec: ExtractSpec, name: str
              ) -> tuple[pd.DataFrame, np.ndarray, dict]:
    data = path.read_bytes()
    if not data:
        raise InputError(gettext("het bestand is leeg (0 bytes)"), reason=Reason.EMPTY_FILE,
                         file=name)
    _refuse_other_format(path, data[:8], name)
    notes: list[str] = []
    text, enc = _decode(data, spec.encoding, name, notes)
    parts = text.split("\n", HEADER_SEARCH_ROWS)
    # the lines searched, as the streamed reader sees them (no empty piece after the last LF)
    head = parts[:HEADER_SEARCH_ROWS] if len(parts) > HEADER_SEARCH_ROWS or parts[-1] else \
        parts[:-1] or [""]
    if "\r" in head[0].rstrip("\r"):  # CR line ends: said below, before any search
        found = _HeaderFound()
    elif not any(x.strip().strip(spec.delimiter + ";,\t|").strip() for x in head):
        raise InputError(gettext("het bestand heeft geen kopregel"), reason=Reason.EMPTY_FILE, file=name)
    else:
        found = _csv_header(head, spec, name)
    at = found.index
    header_line, body = parts[at], "\n".join(parts[at + 1:])
    newline = "\r\n" if header_line.endswith("\r") else "\n"
    header_line = header_line.rstrip("\r")
    if not header_line.strip():
        raise InputError(gettext("het bestand heeft geen kopregel"), reason=Reason.EMPTY_FILE, file=name)
    note = found.note(None)
    if note:
        notes.append(note)
        log.warning(gettext("{bestand}: {melding}", bestand=name, melding=note))
    if "\r" in header_line:
        # CR line ends (Excel for Mac's "CSV (Macintosh)"): the "header" would be the whole file,
        # and no message may list its cells
        raise InputError(gettext(
            "het bestand gebruikt CR als regeleinde (CSV voor Macintosh); sla het op als "
            "'CSV UTF-8' of 'CSV (gescheiden door lijstscheidingsteken)' en probeer opnieuw"),
            reason=Reason.UNREADABLE_FILE, file=name)
    sep = _pick_delimiter(header_line, spec.delimiter, name, notes)
    if '"' in header_line:
        header = next(csv.reader([header_line], delimiter=sep))
    else:
        header = header_line.split(sep)
    header = [clean_invisible(h).strip() for h in header]
    lines = _Lines(name, len(header))
    if '"' in body:
        df, rows = _read_csv_quoted(body, header, sep, lines, at + 1, header_line, name)
    else:
        df, rows = _read_csv_fast(body.encode("utf-8"), header, sep, lines, at + 1, header_line,
                                  name)
    _check_majority(lines, name)
    attrs = {"encoding": enc, "delimiter": sep, "lineterminator": newline, "notes": notes,
             "read_rejects": lines.rejects, "empty_lines": lines.empty,
             "repeated_headers": lines.repeated_headers, "above_header": at}
    if lines.repeated_headers:
        log.warning(repeated_headers_skipped(name, lines.repeated_headers))
    return df, rows, attrs


#: encodings whose bytes below 0x80 are ASCII: a chunk of pure ASCII needs no transcoding
_ASCII_COMPATIBLE = {"utf-8", "utf-8-sig", "cp1252", "latin-1", "iso8859-1", "iso8859-15", "ascii",
                     "cp1250", "cp1251", "cp1257"}
_SCAN_BLOCK = 1 << 24


@dataclass
class CsvPlan:
    """How a CSV is read in chunks of whole records (streamed).

    Found by :func:`plan_csv` in one pass over the file's bytes; the decisions that depend on the
    whole file (encoding, delimiter, whether quotes occur) are taken there, so every chunk is read
    the same way as the file as a whole would be.
    """

    path: Path
    name: str
    encoding: str
    delimiter: str
    lineterminator: str
    header: list[str]
    header_line: str
    notes: list[str]
    body_start: int
    #: the bytes are valid UTF-8 (or ASCII) and are read as UTF-8: no transcoding needed
    utf8: bool
    #: a quote character occurs somewhere: chunks end at record ends (a quoted field may span
    #: lines), and lines holding a quote are read by the csv module (:func:`read_csv_chunk`)
    quoted: bool = False
    #: lines above the header (a title, blank lines: :func:`_find_header`); the first body
    #: line's data-row number is ``above + 1`` (a CSV's ``_row`` is its line minus one)
    above: int = 0

    def attrs(self, lines: _Lines) -> dict:
        """``df.attrs`` of the file (as :func:`read_table` sets them) after ``lines`` were read."""
        return {"encoding": self.encoding, "delimiter": self.delimiter,
                "lineterminator": self.lineterminator, "notes": list(self.notes),
                "read_rejects": lines.rejects, "empty_lines": lines.empty,
                "repeated_headers": lines.repeated_headers, "above_header": self.above}


def plan_csv(path: str | Path, spec: ExtractSpec) -> CsvPlan | None:
    """Plan a streamed read of a CSV export, or ``None`` when it must be read whole.

    One pass over the bytes in blocks decides what :func:`read_table` would decide from the
    whole file: a byte-order mark, valid non-ASCII UTF-8 or the spec's encoding; the delimiter
    the header splits on. A file with a quote character anywhere is planned too (``quoted``):
    :func:`iter_csv_chunks` then ends every chunk at the end of a record (a quoted field may span
    lines) and :func:`read_csv_chunk` reads the lines holding a quote with the csv module, the
    others as a quote-free file; the result is the same as reading the file whole. UTF-16 files,
    files without a data line and files whose header does not decode return ``None``:
    :func:`read_table` reads those whole (and raises the errors they deserve).

    Examples
    --------
    >>> from netwerk.ingest.spec import ExtractSpec
    >>> import tempfile, pathlib
    >>> spec = ExtractSpec(name="t", partner="p", identifiers=[{"columns": ["bsn"], "kind": "bsn"}])
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = p.write_bytes(b"bsn;naam\\n012345672;Jan\\n")
    >>> plan = plan_csv(p, spec)
    >>> plan.encoding, plan.delimiter, plan.header, plan.body_start
    ('utf-8', ';', ['bsn', 'naam'], 9)
    >>> _ = p.write_bytes(b'bsn;naam\\n012345672;"Jan; Piet"\\n')
    >>> plan = plan_csv(p, spec)
    >>> plan.quoted, plan.header
    (True, ['bsn', 'naam'])
    """
    import codecs

    p = Path(path)
    name = mask_name(p.name, spec.raw_patterns)
    ascii_only, valid, pending, quoted = True, True, None, False
    scan, bad, offset = _MixedScan(), -1, 0
    with p.open("rb") as fh:
        head = fh.read(4)
        _refuse_other_format(p, head, name)
        if not head or head.startswith((b"\xff\xfe", b"\xfe\xff")):
            return None
        fh.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        for block in iter(lambda: fh.read(_SCAN_BLOCK), b""):
            quoted = quoted or b'"' in block
            if valid and (pending or not block.isascii()):
                ascii_only, pending = False, True
                held = len(decoder.getstate()[0])
                try:
                    decoder.decode(block)
                except UnicodeDecodeError as exc:
                    valid, bad = False, max(0, offset - held + exc.start)
            scan.feed(block)  # the whole file: a byte late in it counts as much as an early one
            offset += len(block)
        if valid and pending:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                valid, bad = False, max(0, offset - 3)
        fh.seek(0)
        head_lines = []
        for _ in range(HEADER_SEARCH_ROWS):
            line = fh.readline()
            if not line:
                break
            head_lines.append(line)
    first = head_lines[0] if head_lines else b""
    if not first.endswith(b"\n"):
        return None
    notes: list[str] = []
    enc = _choose_encoding("utf-8-sig" if head.startswith(_BOM) else None, valid, ascii_only,
                           spec.encoding, notes)
    try:
        canonical = codecs.lookup(enc).name
        decoded = [x.decode(enc) for x in head_lines]
    except (LookupError, UnicodeDecodeError):
        return None
    if canonical not in _ASCII_COMPATIBLE:
        return None
    if not valid and not head.startswith(_BOM):
        scan.check(bad, canonical, lambda pos: _line_of(p, pos), name)
    if "\r" in decoded[0].rstrip("\r\n"):  # CR line ends: the whole-file reader says why
        return None
    if not any(x.strip().strip(spec.delimiter + ";,\t|").strip() for x in decoded):
        return None  # no header at all: the whole-file reader says so
    found = _csv_header(decoded, spec, name)
    at = found.index
    if not head_lines[at].endswith(b"\n"):
        return None
    header_line = decoded[at].lstrip("\ufeff").removesuffix("\n")
    newline = "\r\n" if header_line.endswith("\r") else "\n"
    header_line = header_line.rstrip("\r")
    if not header_line.strip() or "\r" in header_line:  # the whole-file reader says why
        return None
    note = found.note(None)
    if note:
        notes.append(note)
    for note in notes:
        log.warning(gettext("{bestand}: {melding}", bestand=name, melding=note))
    sep = _pick_delimiter(header_line, spec.delimiter, name, notes)
    if '"' in header_line:  # as the whole-file reader: the header line alone, csv-parsed
        header = next(csv.reader([header_line], delimiter=sep))
    else:
        header = header_line.split(sep)
    header = [clean_invisible(h).strip() for h in header]
    return CsvPlan(path=p, name=name, encoding=enc, delimiter=sep, lineterminator=newline,
                   header=header, header_line=header_line, notes=notes,
                   body_start=sum(len(x) for x in head_lines[:at + 1]),
                   utf8=valid and canonical in {"utf-8", "utf-8-sig"}, quoted=quoted, above=at)


def _line_of(path: Path, pos: int) -> int:
    """The 1-based physical line holding byte ``pos`` of a file (header = line 1)."""
    n = 1
    with path.open("rb") as fh:
        while pos > 0:
            block = fh.read(min(pos, _SCAN_BLOCK))
            if not block:
                break
            n += block.count(b"\n")
            pos -= len(block)
    return n


def iter_csv_chunks(plan: CsvPlan, chunk_bytes: int | None = 1 << 25):
    """The body of a planned CSV in chunks of whole records: ``(bytes, first_row)``.

    ``first_row`` is the data-row number of the chunk's first line (the header is row 0). Every
    chunk but the last ends with a line end; ``chunk_bytes=None`` gives the body as one chunk.
    In a file with quotes (``plan.quoted``) a chunk also ends at the end of a record: a record
    still inside a quoted field where the bytes end goes to the next chunk whole (see
    :func:`_record_cut`), so a chunk is read as the whole file would read those lines.
    """
    first_row = plan.above + 1
    carry = b""
    want = chunk_bytes
    with plan.path.open("rb") as fh:
        fh.seek(plan.body_start)
        while True:
            block = fh.read(want) if want else fh.read()
            if not block:
                if carry:
                    yield carry, first_row
                return
            buf = carry + block if carry else block
            cut = buf.rfind(b"\n") + 1
            if cut and plan.quoted:
                cut = _record_cut(buf if cut == len(buf) else buf[:cut], plan.delimiter)
            if not cut:
                carry = buf
                if want:  # one record longer than a chunk: read more at a time (no rescans)
                    want = max(want, len(buf))
                continue
            want = chunk_bytes
            chunk, carry = buf[:cut], buf[cut:]
            yield chunk, first_row
            first_row += chunk.count(b"\n")


def read_csv_chunk(plan: CsvPlan, chunk: bytes, first_row: int, lines: _Lines
                   ) -> tuple[pd.DataFrame, np.ndarray]:
    """Read one chunk of whole records of a planned CSV (the strict rules of :func:`read_table`:
    field counts, repeated headers, empty lines, a truncated last line), recording into
    ``lines``. Returns the text frame (header names as in the file) and the data-row numbers
    (a record's first line). In a file with quotes, the lines holding a quote are read by the
    csv module and the rest as a quote-free file (:func:`_read_csv_mixed`)."""
    body = chunk
    if not plan.utf8 and not chunk.isascii():
        try:
            body = chunk.decode(plan.encoding).encode("utf-8")
        except UnicodeDecodeError as exc:
            row = first_row + chunk[: exc.start].count(b"\n")
            raise InputError(
                gettext("kan byte 0x{byte} niet lezen als {codering} (bij datarij {rij}); sla de "
                        "export op als UTF-8 of zet 'encoding' in de specificatie",
                        byte=f"{chunk[exc.start]:02x}", codering=plan.encoding, rij=row),
                reason=Reason.UNREADABLE_FILE, file=plan.name) from None
    read = _read_csv_mixed if plan.quoted else _read_csv_fast
    return read(body, plan.header, plan.delimiter, lines, first_row, plan.header_line, plan.name)


def _refuse_shared_header(columns: list[str], spec: ExtractSpec, name: str) -> None:
    """Refuse a raw read of a shared extract recognised by its header: the pseudonym columns the
    spec writes (``naam_geboortedatum``, ...) are there and raw identifier columns are not.
    Without this, a shared extract whose sidecar was lost gets "column missing" instead.

    Examples
    --------
    >>> from netwerk.ingest.spec import load_spec
    >>> head = ["persoonsnummer", "naam_geboortedatum", "pleegadres", "rol"]
    >>> _refuse_shared_header(head, load_spec("politie"), "x.csv")
    Traceback (most recent call last):
    ...
    netwerk.errors.InputError: x.csv: al gepseudonimiseerd: de kopregel heeft de pseudoniemkolom(men) naam_geboortedatum, pleegadres van het gedeelde extract, niet de ruwe kolom(men) achternaam, voornamen, geboortedatum, pleeg_postcode, pleeg_huisnummer; pseudonimiseer de ruwe export van de partner, niet een gedeeld extract
    """
    raw = set(spec.raw_columns())
    outputs = [i.output_column for i in spec.identifiers if i.output_column not in raw]
    have = {clean_invisible(c).strip().casefold() for c in columns}
    if not outputs or not all(o.casefold() in have for o in outputs):
        return
    gone = [c for i in spec.identifiers if i.output_column not in raw for c in i.columns
            if c.casefold() not in have]
    if gone:
        raise InputError(
            gettext("al gepseudonimiseerd: de kopregel heeft de pseudoniemkolom(men) {uitvoer} van "
                    "het gedeelde extract, niet de ruwe kolom(men) {ruw}; pseudonimiseer de ruwe "
                    "export van de partner, niet een gedeeld extract", uitvoer=", ".join(outputs),
                    ruw=", ".join(dict.fromkeys(gone))),
            reason=Reason.ALREADY_PSEUDONYMISED, file=name)


def finish_frame(df: pd.DataFrame, rows: np.ndarray, attrs: dict, spec: ExtractSpec, *,
                 shared: bool, name: str, sheets: np.ndarray | None = None) -> pd.DataFrame:
    """Match the header to the spec's columns, add ``_row`` and ``attrs`` (as :func:`read_table`).
    For a raw export, refuse text encoded twice in the identifier columns (every format and every
    chunk of a streamed CSV passes here). ``sheets`` (a workbook): the sheet of each row, kept as
    column ``_sheet`` of a raw export, so every reject and message names the sheet with the row
    (``_row`` is then that sheet's own Excel row)."""
    required = spec.shared_columns() if shared else spec.raw_columns()
    if not shared:
        _refuse_shared_header([str(c) for c in df.columns], spec, name)
    df = _match_columns(df, required, name, spec.raw_patterns)
    keep_sheet = sheets is not None and not shared
    for own in (ROW_COLUMN, SHEET_COLUMN) if keep_sheet else (ROW_COLUMN,):
        if own in df.columns:
            raise InputError(gettext("het bestand heeft een kolom '{kolom}', een naam die netwerk "
                                     "zelf gebruikt", kolom=own),
                             reason=Reason.UNREADABLE_FILE, file=name, column=own)
    df = df.reset_index(drop=True)
    if not shared:  # the columns that make pseudonyms: text encoded twice breaks every link
        _refuse_double_encoded(df, rows, [c for i in spec.identifiers for c in i.columns], name,
                               sheets)
    df[ROW_COLUMN] = rows
    if keep_sheet:
        df[SHEET_COLUMN] = pd.array(np.asarray(sheets, dtype=object), dtype="str")
    df.attrs.update(attrs, file=name)
    return df


def _read_other(path: Path, spec: ExtractSpec, name: str, *, shared: bool = False
                ) -> tuple[list[tuple[str | None, pd.DataFrame, np.ndarray]], list[str], int, dict]:
    """The text frames of an XLSX (one per sheet read, named by its masked label) or Parquet
    file (sheet ``None``), each with its row numbers (a sheet's own Excel rows; a Parquet file's
    records from 1), the notes, the number of rows skipped above the headers and extra counts
    (a workbook's ``hidden_rows`` and ``hidden_columns`` read; a Parquet file's
    ``read_rejects``, :func:`_parquet_frame`). ``shared``: the file is a shared extract (the
    spec's shared columns are read, not its raw ones). A file that cannot be read is
    refused with the cause in words (:func:`_unreadable_cause`), the library's exception
    chained (``--debug`` shows it)."""
    if path.stat().st_size == 0:
        raise InputError(gettext("het bestand is leeg (0 bytes)"), reason=Reason.EMPTY_FILE,
                         file=name)
    notes: list[str] = []
    try:
        if spec.format == "xlsx":
            return (*_read_sheets(path, spec, name, notes),)
        import pyarrow.parquet as pq

        frame, rows, rejects = _parquet_frame(pq.read_table(path), spec, name, notes,
                                              shared=shared)
    except InputError:
        raise
    except (OSError, ImportError) as exc:
        # the library's own error stays chained: --debug shows its traceback
        raise InputError(gettext("kan niet lezen als {formaat}: {oorzaak}", formaat=spec.format,
                                 oorzaak=cause_text(exc)), reason=Reason.UNREADABLE_FILE,
                         file=name) from exc
    except Exception as exc:  # noqa: BLE001 - zip/xml/arrow errors of many types on junk files
        raise InputError(gettext("kan niet lezen als {formaat}: {oorzaak}", formaat=spec.format,
                                 oorzaak=_unreadable_cause(path, spec.format, exc)),
                         reason=Reason.UNREADABLE_FILE, file=name) from exc
    return [(None, frame, rows)], notes, 0, {"read_rejects": rejects,
                                              "number_columns": _parquet_number_columns(path)}


def _parquet_number_columns(path: Path) -> list[str]:
    """The columns of a Parquet file typed as numbers (int, float, decimal), from its schema."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    return [f.name for f in pq.read_schema(path)
            if pa.types.is_integer(f.type) or pa.types.is_floating(f.type)
            or pa.types.is_decimal(f.type)]


def _is_number(v: object) -> bool:
    return isinstance(v, int | float | Decimal | np.integer | np.floating) \
        and not isinstance(v, bool | np.bool_)


def _number_columns(parts: list[tuple[pd.DataFrame, pd.Index]]) -> list[str]:
    """The header names (as in the file) of the columns whose every non-empty cell is a typed
    number (an XLSX number cell) in every part (a sheet's cells below its header, with that
    sheet's header names): their text has no decimal mark anyone chose
    (``attrs["number_columns"]``; Parquet: :func:`_parquet_number_columns`).

    Examples
    --------
    >>> _number_columns([(pd.DataFrame({0: [1500, "W ", 1.5, None], 1: [2, "v", "2,5", 3]}),
    ...                   ["w", "v"])])
    ['w']
    """
    out: list[str] | None = None
    for cells, names in parts:
        found = []
        for j, name in enumerate(names):
            head = _HeaderMatch.clean(str(name))  # a repeated header row is skipped, not data
            vals = [v for v in cells.iloc[:, j].tolist() if not _empty_cell(v)
                    and not (isinstance(v, str) and _HeaderMatch.clean(v) == head)]
            if vals and all(_is_number(v) for v in vals):
                found.append(str(name))
        out = found if out is None else [c for c in out if c in found]
    return out or []


def _empty_cell(v: object) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float | np.floating) and v != v) \
        or (isinstance(v, str) and not v.strip())


def _identifier_names(spec: ExtractSpec) -> frozenset[str]:
    """The spec's raw identifier column names, compared ignoring case and spaces."""
    return frozenset(c.strip().casefold() for i in spec.identifiers for c in i.columns)


def _exact_ints(t):
    """Arrow integer types as pandas nullable integers: an int64 column with a missing cell
    stays exact (pyarrow's default, float64, turns 12345678901234567 into ...568)."""
    import pyarrow as pa

    if pa.types.is_integer(t):
        return pd.api.types.pandas_dtype(str(t).replace("int", "Int").replace("uInt", "UInt"))
    return None


# --- Parquet: every physical/logical type read as what it is --------------------------------------


def _column_key(name: object) -> str:
    """A column name as headers are compared: invisible characters removed, stripped, casefolded."""
    return clean_invisible(str(name)).strip().casefold()


def _arrow_is(t, *tests: str) -> bool:
    """True if one of ``pyarrow.types.is_<test>(t)`` holds; a test this pyarrow does not have
    is False (view types came with pyarrow 16; netwerk supports pyarrow >= 14).

    Examples
    --------
    >>> import pyarrow as pa
    >>> _arrow_is(pa.large_binary(), "binary", "large_binary"), _arrow_is(pa.int8(), "no_such")
    (True, False)
    """
    import pyarrow as pa

    return any(fn(t) for fn in (getattr(pa.types, "is_" + x, None) for x in tests) if fn)


#: families of Arrow types, as tests of :func:`_arrow_is`: lists (nested: many values per cell),
#: binaries, strings and encodings of another type
_LISTS = ("list", "large_list", "fixed_size_list", "list_view", "large_list_view")
_BINARIES = ("binary", "large_binary", "fixed_size_binary", "binary_view")
_STRINGS = ("string", "large_string", "string_view")
_ENCODED = ("dictionary", "run_end_encoded")


def _arrow_type_text(t) -> str:
    """An Arrow type written short and without field names of lists (``list<string>``,
    ``map<string, int64>``, ``struct<a: string>``), for messages.

    Examples
    --------
    >>> import pyarrow as pa
    >>> _arrow_type_text(pa.list_(pa.string())), _arrow_type_text(pa.map_(pa.string(), pa.int64()))
    ('list<string>', 'map<string, int64>')
    >>> _arrow_type_text(pa.struct([("a", pa.large_list(pa.binary()))]))
    'struct<a: large_list<binary>>'
    """

    if _arrow_is(t, "map"):
        return f"map<{_arrow_type_text(t.key_type)}, {_arrow_type_text(t.item_type)}>"
    for word in _LISTS:
        if _arrow_is(t, word):
            return f"{word}<{_arrow_type_text(t.value_type)}>"
    if _arrow_is(t, "struct", "union"):
        word = "struct" if _arrow_is(t, "struct") else "union"
        return f"{word}<" + ", ".join(f"{t.field(i).name}: {_arrow_type_text(t.field(i).type)}"
                                     for i in range(t.num_fields)) + ">"
    if _arrow_is(t, "dictionary"):
        return f"dictionary<{_arrow_type_text(t.value_type)}>"
    return str(t)


def _nested_words(t) -> str | None:
    """What a nested Arrow type holds, in words (Dutch first), or None for a one-value type. A
    dictionary or run-end encoding of a nested type is that nested type."""

    while _arrow_is(t, *_ENCODED):
        t = t.value_type
    if _arrow_is(t, "map"):
        return gettext("een sleutel-waardelijst")
    if _arrow_is(t, *_LISTS):
        return gettext("een lijst")
    if _arrow_is(t, "struct"):
        return gettext("een samengestelde waarde met velden")
    if _arrow_is(t, "union"):
        return gettext("een keuzewaarde van meerdere typen")
    return None


_TIME_PER_SECOND = {"s": 1, "ms": 10**3, "us": 10**6, "ns": 10**9}


def _time_text(n: int, unit: str) -> str:
    """A time of day (Arrow ``time32``/``time64``: ``n`` units since midnight) as
    ``hh:mm:ss``, with its fraction of a second exact when there is one.

    Examples
    --------
    >>> _time_text(52200, "s"), _time_text(52200_250_000, "us"), _time_text(1, "ns")
    ('14:30:00', '14:30:00.25', '00:00:00.000000001')
    """
    per = _TIME_PER_SECOND[unit]
    sec, frac = divmod(n, per)
    text = f"{sec // 3600:02d}:{sec // 60 % 60:02d}:{sec % 60:02d}"
    if frac:
        text += "." + f"{frac:0{len(str(per)) - 1}d}".rstrip("0")
    return text


def _duration_text(n: int, unit: str) -> str:
    """A duration (Arrow ``duration``: ``n`` units) as an ISO 8601 duration: exact, with no
    words of any language (``PT1H30M``, ``P2DT0.5S``, ``-PT45S``, ``PT0S``).

    Examples
    --------
    >>> _duration_text(5400, "s"), _duration_text(-45_000, "ms"), _duration_text(0, "s")
    ('PT1H30M', '-PT45S', 'PT0S')
    >>> _duration_text(2 * 86400 * 10**9 + 5 * 10**8, "ns")
    'P2DT0.5S'
    """
    per = _TIME_PER_SECOND[unit]
    sign, n = ("-", -n) if n < 0 else ("", n)
    sec, frac = divmod(n, per)
    days, sec = divmod(sec, 86400)
    parts = [f"{sec // 3600}H" if sec // 3600 else "", f"{sec // 60 % 60}M" if sec // 60 % 60 else ""]
    if sec % 60 or frac:
        parts.append(str(sec % 60) + ("." + f"{frac:0{len(str(per)) - 1}d}".rstrip("0")
                                      if frac else "") + "S")
    clock = "".join(parts)
    text = (f"{days}D" if days else "") + (f"T{clock}" if clock else "")
    return sign + "P" + (text or "T0S")


def _decode_binary(cols: dict, wanted: str, name: str, notes: list[str], rows: np.ndarray
                   ) -> tuple[str, dict, dict[int, str]]:
    """Decode the BINARY text columns of a Parquet file (``cols``: name -> Arrow column) with
    one encoding for the file, decided by the CSV rules (:func:`_choose_encoding`): valid
    non-ASCII UTF-8 is UTF-8 whatever the spec says (and noted), else the spec's encoding
    (``auto``: UTF-8 if valid, else cp1252); text mixing UTF-8 letters with bytes that are not
    UTF-8 is refused naming the first row (:class:`_MixedScan`, ``rows``: the record numbers).
    A cell that starts with a UTF-8 byte-order mark is UTF-8 (the mark decides for that cell,
    and is removed). An empty value is empty. Returns the encoding, the text columns
    (``large_string``) and the cells that do not decode: row index -> first column.

    Examples
    --------
    >>> import pyarrow as pa
    >>> cols = {"naam": pa.chunked_array([pa.array([b"M\\xfcller", b"", None, b"\\x81"])])}
    >>> enc, text, bad = _decode_binary(cols, "cp1252", "x.parquet", [], np.arange(1, 5))
    >>> enc, text["naam"].to_pylist(), bad
    ('cp1252', ['Müller', None, None, None], {3: 'naam'})
    >>> cols = {"naam": pa.chunked_array([pa.array(["Müller".encode(), b"\\xef\\xbb\\xbfVos"])])}
    >>> notes = []
    >>> enc, text, bad = _decode_binary(cols, "cp1252", "x.parquet", notes, np.arange(1, 3))
    >>> enc, text["naam"].to_pylist(), len(notes)
    ('utf-8', ['Müller', 'Vos'], 1)
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    empty = pa.scalar(None, pa.large_string())
    try:  # the usual case, all valid UTF-8: checked and decoded by Arrow
        utf8 = {c: col.cast(pa.large_string()) for c, col in cols.items()}
    except pa.ArrowInvalid:
        utf8 = None
    if utf8 is not None:
        ascii_only = all(pc.all(pc.string_is_ascii(s)).as_py() is not False
                         for s in utf8.values())
        enc = _choose_encoding(None, True, ascii_only, wanted, notes)
        if _canonical(enc) in {"utf-8", "utf-8-sig"} or (ascii_only and _canonical(enc) in _LATIN):
            text = {}
            for c, s in utf8.items():
                s = pc.replace_substring_regex(s, pattern="^\ufeff", replacement="")
                text[c] = pc.if_else(pc.equal(s, ""), empty, s).combine_chunks()
            return enc, text, {}
    values = {c: col.to_pylist() for c, col in cols.items()}
    blobs, starts, where = [], [], []
    at = 0
    for vals in values.values():
        for i, v in enumerate(vals):
            if v and not v.startswith(_BOM):
                blobs.append(v)
                starts.append(at)
                where.append(i)
                at += len(v) + 1
    data = b"\n".join(blobs)
    try:
        data.decode("utf-8")
        first_bad = -1
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    enc = _choose_encoding(None, first_bad < 0, data.isascii(), wanted, notes)
    if first_bad >= 0 and _canonical(enc) in _LATIN:
        scan = _MixedScan()
        scan.feed(data)
        begin = np.asarray(starts, dtype="int64")
        scan.check(first_bad, _canonical(enc), lambda pos: int(
            rows[where[int(np.searchsorted(begin, pos, "right")) - 1]]), name)
    text, bad = {}, {}
    for c, vals in values.items():
        out = []
        for i, v in enumerate(vals):
            try:
                out.append((v[3:].decode("utf-8") if v.startswith(_BOM) else v.decode(enc))
                           or None if v else None)
            except UnicodeDecodeError:
                out.append(None)
                bad.setdefault(i, c)
        text[c] = pa.array(out, pa.large_string())
    return enc, text, bad


def _parquet_frame(table, spec: ExtractSpec, name: str, notes: list[str], *, shared: bool
                   ) -> tuple[pd.DataFrame, np.ndarray, list[tuple]]:
    """The text frame of a Parquet table (:func:`_as_text_frame` for numbers, dates and
    strings), its record numbers (from 1, without the rows rejected) and the rows the reader
    rejects, ``(row, column, reason, detail)``.

    Every Arrow type the Parquet file can give is read as what it is: ``string``,
    ``large_string``, ``string_view`` and dictionary-encoded text as text; BINARY text (no
    UTF8/STRING annotation, as Impala, Hive and older Spark/parquet-mr write it; also
    ``large_binary``, ``fixed_size_binary``, ``binary_view``) decoded with the spec's encoding
    by the CSV rules (:func:`_decode_binary`) and said once per file; an empty string or
    binary is an empty cell; a cell whose bytes do not decode rejects its row naming row and
    column (never the bytes); a UUID as its canonical text, JSON as its text, ``bool8`` as a
    boolean (other extension types by their storage type); a time of day as ``hh:mm:ss[.f]``
    (:func:`_time_text`); a duration as ISO 8601 (:func:`_duration_text`); a ``null`` column
    as empty cells. A nested column (list, struct, map, union, a dictionary of one) that the
    spec reads refuses the file naming the column and its type; one it does not read is kept
    as a placeholder, so that it is dropped (data minimisation) and said like every other
    column the spec does not read. pandas' schema metadata is not used (a frame written by
    pandas with a ``str`` column later stored as BINARY cannot be rebuilt from it); its index
    columns are left out, unless the spec reads one (``df.set_index("bsn").to_parquet(...)``).

    Examples
    --------
    >>> import pyarrow as pa
    >>> spec = ExtractSpec(name="t", partner="p", encoding="cp1252",
    ...                    identifiers=[{"columns": ["bsn"], "kind": "bsn"}])
    >>> t = pa.table({"bsn": pa.array([b"123456782", b"", b"\\x81"], pa.binary()),
    ...               "tags": pa.array([["a"], None, []])})
    >>> notes = []
    >>> df, rows, rejects = _parquet_frame(t, spec, "x.parquet", notes, shared=False)
    >>> df["bsn"].tolist(), rows.tolist(), [r[:3] for r in rejects]
    (['123456782', nan], [1, 2], [(3, 'bsn', 'unparsable_value')])
    >>> print(notes[0])
    1 kolom is binair opgeslagen (BINARY zonder tekstaanduiding, zoals Impala en Hive schrijven): bsn; gelezen als tekst in cp1252
    """
    import uuid

    import pyarrow as pa
    import pyarrow.compute as pc

    index = {c for c in (table.schema.pandas_metadata or {}).get("index_columns", [])
             if isinstance(c, str)}
    wanted = (spec.shared_columns() if shared else spec.raw_columns()) + list(spec.keep)
    read = {_column_key(c): c for c in wanted}
    n = table.num_rows
    rows = np.arange(1, n + 1, dtype="int64")
    names, columns = [], []
    binary: dict = {}
    for i, fld in enumerate(table.schema):
        spec_name = read.get(_column_key(fld.name))
        if fld.name in index and spec_name is None:  # pandas' index, unless the spec reads it
            continue
        col, t = table.column(i), fld.type
        words = _nested_words(t)
        if words is not None:
            if spec_name is not None:
                raise InputError(gettext("kolom '{kolom}' is {wat} ({type}); exporteer één waarde "
                                         "per cel", kolom=spec_name, wat=words,
                                         type=_arrow_type_text(t)),
                                 reason=Reason.UNREADABLE_FILE, file=name, column=spec_name)
            text = _arrow_type_text(t)  # never read: dropped and said as an unread column
            col = pa.array([None if v else text for v in col.is_null().to_pylist()],
                           pa.large_string())
        else:
            while _arrow_is(t, *_ENCODED):
                col, t = col.cast(t.value_type), t.value_type
            if isinstance(t, pa.BaseExtensionType):  # uuid, json, bool8, a writer's own
                storage = pa.chunked_array([c.storage for c in col.chunks], t.storage_type)
                if t.extension_name == "arrow.uuid":
                    col = pa.array([None if v is None else str(uuid.UUID(bytes=v))
                                    for v in storage.to_pylist()], pa.large_string())
                elif t.extension_name == "arrow.bool8":
                    col = pc.not_equal(storage, 0)
                else:
                    col = storage
                t = col.type
            if _arrow_is(t, *_BINARIES):
                if spec_name is not None:
                    binary[fld.name] = col  # decoded below, once the file's encoding is known
                else:  # dropped unread; never decides the encoding or rejects a row
                    col = pa.array([v.decode("utf-8", "replace") if v else None
                                    for v in col.to_pylist()], pa.large_string())
            elif _arrow_is(t, *_STRINGS):
                col = col.cast(pa.large_string())
                col = pc.if_else(pc.equal(col, ""), pa.scalar(None, pa.large_string()), col)
            elif _arrow_is(t, "time", "duration"):
                fmt = _time_text if _arrow_is(t, "time") else _duration_text
                col = pa.array([None if v is None else fmt(v, t.unit)
                                for v in col.cast(pa.int32() if t.bit_width == 32 else pa.int64())
                                .to_pylist()], pa.large_string())
        names.append(fld.name)
        columns.append(col)
    rejects: list[tuple] = []
    if binary:
        enc, text, bad = _decode_binary(binary, spec.encoding, name, notes, rows)
        notes.append(ngettext(
            "{n} kolom is binair opgeslagen (BINARY zonder tekstaanduiding, zoals Impala en Hive "
            "schrijven): {kolommen}; gelezen als tekst in {codering}",
            "{n} kolommen zijn binair opgeslagen (BINARY zonder tekstaanduiding, zoals Impala en "
            "Hive schrijven): {kolommen}; gelezen als tekst in {codering}", len(binary),
            kolommen=", ".join(read[_column_key(c)] for c in binary), codering=enc))
        for c, arr in text.items():
            columns[names.index(c)] = arr
        rejects = [(int(rows[i]), read[_column_key(bad[i])], str(Reason.UNPARSABLE_VALUE),
                    gettext("binaire waarde is geen tekst in {codering}; rij afgewezen",
                            codering=enc)) for i in sorted(bad)]
    for note in notes:
        log.warning(gettext("{bestand}: {melding}", bestand=name, melding=note))
    frame = pa.Table.from_arrays(columns, names=names) if names else pa.table({})
    if rejects:
        keep = np.ones(n, dtype=bool)
        keep[[r - 1 for r, *_ in rejects]] = False
        frame, rows = frame.filter(pa.array(keep)), rows[keep]
    raw = frame.to_pandas(types_mapper=_exact_ints)
    return (_as_text_frame(raw, spec.date_format, spec.decimal, _identifier_names(spec)), rows,
            rejects)


#: a ``<mergeCell ref="A2:A4"/>`` element of a worksheet part (any namespace prefix). In XML a
#: ``<`` inside text is escaped, so this can only match markup, never a cell's value.
_MERGE_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\s[^>]*?\bref\s*=\s*[\"']"
                         rb"([A-Za-z]{1,3}[0-9]{1,7}(?::[A-Za-z]{1,3}[0-9]{1,7})?)[\"']")
_CELL_REF = re.compile(r"([A-Za-z]{1,3})([0-9]+)")


def _sheet_parts(book) -> dict[str, str]:
    """Sheet name -> worksheet part of an open XLSX zip (from the workbook part and its
    relationships, as the Open Packaging Conventions resolve them)."""
    return {k: part for k, (part, _state) in _workbook_sheets(book).items()}


def _workbook_sheets(book) -> dict[str, tuple[str, str]]:
    """Sheet name -> (part, state) of an open XLSX zip, in workbook order: ``state`` is
    ``visible``, ``hidden`` or ``veryHidden``; a chart sheet's part lies under ``chartsheets/``."""
    import posixpath
    from xml.etree import ElementTree as ET

    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    def rels(part: str) -> dict[str, str]:
        folder, base = posixpath.split(part)
        root = ET.fromstring(book.read(posixpath.join(folder, "_rels", base + ".rels")))
        out = {}
        for el in root:
            target = el.get("Target", "")
            if el.get("TargetMode") == "External":
                continue
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(folder, target))
            out[el.get("Id", "")] = target
        return out

    root_rels = ET.fromstring(book.read("_rels/.rels"))
    workbook = next(el.get("Target", "").lstrip("/") for el in root_rels
                    if el.get("Type", "").endswith("/officeDocument"))
    targets = rels(workbook)
    parts = {}
    for el in ET.fromstring(book.read(workbook)).iter():
        if local(el.tag) == "sheet":
            rid = next((v for k, v in el.attrib.items() if local(k) == "id"), "")
            if rid in targets:
                parts[el.get("name", "")] = (targets[rid], el.get("state") or "visible")
    return parts


def merged_ranges(path: str | Path, sheets: list[str] | None = None, *,
                  block: int = 1 << 20) -> dict[str, list[str]]:
    """The merged cell ranges of the sheets of an XLSX workbook, as Excel references.

    pandas and openpyxl's read-only mode do not report merged cells: the value sits in the
    range's top-left cell and the other cells read as empty. The worksheet parts are read from
    the zip in blocks of ``block`` bytes (memory stays bounded however large the sheet) and only
    the ``<mergeCell ref=...>`` markup is looked at, never a cell's value.

    Parameters
    ----------
    path : str or Path
        The ``.xlsx`` file.
    sheets : list of str, optional
        Sheet names to look at (default: every sheet).
    block : int
        Bytes decompressed at a time.

    Returns
    -------
    dict
        Sheet name -> ranges like ``"A2:A4"`` (ranges of more than one cell), top to bottom,
        then left to right. Sheets without merged cells are left out.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from openpyxl import Workbook
    >>> wb = Workbook(); ws = wb.active; ws.title = "verdachten"
    >>> ws.append(["persoonsnummer", "rol"]); ws.append(["PN01", "teler"])
    >>> ws.append([None, "koerier"]); ws.merge_cells("A2:A3")
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "m.xlsx"; wb.save(p)
    >>> merged_ranges(p)
    {'verdachten': ['A2:A3']}
    """
    import zipfile

    out: dict[str, list[str]] = {}
    with zipfile.ZipFile(path) as book:
        parts = _sheet_parts(book)
        for sheet in (sheets if sheets is not None else list(parts)):
            part = parts.get(sheet)
            if part is None or part not in book.namelist():
                continue
            found: list[str] = []
            carry = b""
            with book.open(part) as fh:
                while True:
                    data = fh.read(block)
                    buf = carry + data
                    safe = max(0, len(buf) - 512) if data else len(buf)
                    for m in _MERGE_CELL.finditer(buf):
                        found.append(m.group(1).decode("ascii").upper())
                        safe = max(safe, m.end())
                    if not data:
                        break
                    carry = buf[safe:]
            ranges = []
            for ref in dict.fromkeys(found):
                a, _, b = ref.partition(":")
                if b and a != b:
                    (ca, ra), (cb, rb) = (_CELL_REF.fullmatch(x).groups() for x in (a, b))
                    ranges.append(((int(ra), len(ca), ca), ref))
            if ranges:
                out[sheet] = [ref for _, ref in sorted(ranges)]
    return out


_NS = rb"(?:[A-Za-z_][\w.-]*:)?"
_ROW_TAG = re.compile(rb"<" + _NS + rb"row\b([^>]*)>")
_COL_TAG = re.compile(rb"<" + _NS + rb"col\b([^>]*)>")
_HIDDEN_ATTR = re.compile(rb"\bhidden\s*=\s*[\"'](?:1|true)[\"']")
_R_ATTR = re.compile(rb"(?<![\w:.-])r\s*=\s*[\"']([A-Za-z]{0,3})([0-9]+)[\"']")
_MIN_MAX = re.compile(rb"\b(min|max)\s*=\s*[\"']([0-9]+)[\"']")
_AUTOFILTER = re.compile(rb"<" + _NS + rb"autoFilter\b[^>]*?\bref\s*=\s*[\"']([A-Za-z0-9:$]+)[\"']")
_CELL = re.compile(rb"<" + _NS + rb"c\b([^>]*?)(?:/>|>(.*?)</" + _NS + rb"c>)", re.S)
_FORMULA = re.compile(rb"<" + _NS + rb"f[\s>/]")
_VALUE = re.compile(rb"<" + _NS + rb"v>([^<]*)<")
_STR_TYPE = re.compile(rb"\bt\s*=\s*[\"']str[\"']")
_ERROR_TYPE = re.compile(rb"\bt\s*=\s*[\"']e[\"']")
_ROW_END = re.compile(rb"</" + _NS + rb"row>")


@dataclass
class SheetMarks:
    """What a worksheet's markup says beyond its cell values (never a cell's value):
    ``hidden_rows`` (Excel rows hidden, by hand or by a filter), ``hidden_columns`` (1-based
    column numbers), ``autofilter`` (the filter's range, or ``None``), ``uncached`` and
    ``cached`` (``(row, column)`` of the cells holding a formula without / with a stored result),
    ``errors`` (``(row, column)`` -> the Excel error value an error cell holds, ``#N/A``: pandas
    reads such a cell as empty, the reader puts the value back so that it is handled as in a
    CSV export: :mod:`netwerk.ingest.placeholders`)."""

    hidden_rows: set[int]
    hidden_columns: set[int]
    autofilter: str | None
    uncached: list[tuple[int, int]]
    cached: list[tuple[int, int]]
    errors: dict[tuple[int, int], str] = field(default_factory=dict)


def _column_number(letters: bytes | str) -> int:
    n = 0
    for ch in letters.upper() if isinstance(letters, str) else letters.decode("ascii").upper():
        n = n * 26 + ord(ch) - 64
    return n


def _column_letters(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def sheet_marks(path: str | Path, sheets: list[str] | None = None, *,
                block: int = 1 << 20) -> dict[str, SheetMarks]:
    """Hidden rows and columns, the AutoFilter and the formula cells of an XLSX workbook's sheets.

    pandas reads what a cell stores: a hidden or filtered-out row reads like any other, and a
    formula cell reads as its stored (cached) result, or as empty when the file holds none (a
    workbook written by a script or reporting tool that never calculated it). The worksheet parts
    are read from the zip in blocks of ``block`` bytes, cut at row ends (memory stays bounded);
    only markup is looked at (row and column attributes, the ``<f>`` and ``<v>`` of a cell), and
    the cell-level scan runs only on blocks that hold a formula.

    Parameters
    ----------
    path : str or Path
        The ``.xlsx`` file.
    sheets : list of str, optional
        Sheet names to look at (default: every worksheet).
    block : int
        Bytes decompressed at a time.

    Returns
    -------
    dict
        Sheet name -> :class:`SheetMarks`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from openpyxl import Workbook
    >>> wb = Workbook(); ws = wb.active; ws.title = "Blad1"
    >>> ws.append(["bsn", "bron"]); ws.append(["=B2", "123456782"]); ws.append(["x", "y"])
    >>> ws.row_dimensions[3].hidden = True; ws.column_dimensions["B"].hidden = True
    >>> ws.auto_filter.ref = "A1:B3"
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "h.xlsx"; wb.save(p)
    >>> m = sheet_marks(p)["Blad1"]
    >>> sorted(m.hidden_rows), sorted(m.hidden_columns), m.autofilter, m.uncached, m.cached
    ([3], [2], 'A1:B3', [(2, 1)], [])
    """
    import zipfile

    out: dict[str, SheetMarks] = {}
    with zipfile.ZipFile(path) as book:
        parts = _sheet_parts(book)
        for sheet in (sheets if sheets is not None else list(parts)):
            part = parts.get(sheet)
            if part is None or part not in book.namelist() or "chartsheets/" in part:
                continue
            marks = SheetMarks(set(), set(), None, [], [])
            carry = b""
            with book.open(part) as fh:
                while True:
                    data = fh.read(block)
                    buf = carry + data
                    if data:
                        ends = [m.end() for m in _ROW_END.finditer(buf, max(0, len(buf) - block))]
                        cut = ends[-1] if ends else 0
                    else:
                        cut = len(buf)
                    _scan_marks(buf[:cut], marks)
                    carry = buf[cut:]
                    if not data:
                        break
            out[sheet] = marks
    return out


def _scan_marks(chunk: bytes, marks: SheetMarks) -> None:
    """Add what ``chunk`` (whole rows of a worksheet part, or what lies around them) marks."""
    if not chunk:
        return
    if b"hidden" in chunk:
        for m in _ROW_TAG.finditer(chunk):
            if _HIDDEN_ATTR.search(m.group(1)):
                r = _R_ATTR.search(m.group(1))
                if r:
                    marks.hidden_rows.add(int(r.group(2)))
        for m in _COL_TAG.finditer(chunk):
            if _HIDDEN_ATTR.search(m.group(1)):
                bounds = dict(_MIN_MAX.findall(m.group(1)))
                if b"min" in bounds:
                    lo = int(bounds[b"min"])
                    hi = min(int(bounds.get(b"max", lo)), lo + 16384)
                    marks.hidden_columns.update(range(lo, hi + 1))
    if b"autoFilter" in chunk:
        m = _AUTOFILTER.search(chunk)
        if m:
            marks.autofilter = m.group(1).decode("ascii").replace("$", "").upper()
    if _ERROR_TYPE.search(chunk):  # error cells (t="e"): their value, which pandas drops
        for m in _CELL.finditer(chunk):
            if not m.group(2) or not _ERROR_TYPE.search(m.group(1)):
                continue
            r, v = _R_ATTR.search(m.group(1)), _VALUE.search(m.group(2))
            if r and r.group(1) and v:
                marks.errors[(int(r.group(2)), _column_number(r.group(1)))] = \
                    v.group(1).decode("utf-8", "replace").strip()
    if _FORMULA.search(chunk):
        for m in _CELL.finditer(chunk):
            body = m.group(2)
            if not body or not _FORMULA.search(body):
                continue
            r = _R_ATTR.search(m.group(1))
            if not r or not r.group(1):
                continue
            at = (int(r.group(2)), _column_number(r.group(1)))
            v = _VALUE.search(body)
            if (v and v.group(1)) or (v and _STR_TYPE.search(m.group(1))):
                marks.cached.append(at)  # a stored result (also "" for a text formula)
            else:
                marks.uncached.append(at)


def _cell_ranges(cells: list[tuple[int, int]], limit: int = 10) -> str:
    """Excel references of cells, runs of one column merged: ``G2:G6, H9``.

    Examples
    --------
    >>> _cell_ranges([(2, 7), (3, 7), (4, 7), (9, 8)])
    'G2:G4, H9'
    """
    refs: list[str] = []
    for col in sorted({c for _, c in cells}):
        rows = sorted(r for r, c in cells if c == col)
        start = prev = rows[0]
        for r in rows[1:] + [None]:
            if r is not None and r == prev + 1:
                prev = r
                continue
            a = f"{_column_letters(col)}{start}"
            refs.append(a if start == prev else f"{a}:{_column_letters(col)}{prev}")
            if r is not None:
                start = prev = r
    shown = ", ".join(refs[:limit])
    return shown + (gettext(" en {n} meer", n=len(refs) - limit) if len(refs) > limit else "")


def _range_rows(ref: str) -> tuple[int, int]:
    """First and last row of a range reference (``A2:C4`` gives ``(2, 4)``)."""
    ends = [int(_CELL_REF.fullmatch(x).group(2)) for x in ref.split(":")]
    return min(ends), max(ends)


def _refuse_merged(path: Path, sheets: list[str], name: str,
                   header_rows: dict[str, int] | None = None,
                   labels: dict[str, str] | None = None) -> None:
    """Refuse a workbook whose sheets to be read hold merged cells, naming the ranges (cell
    references, never values). The rows under a merged cell are empty in the file: filling
    them down would guess identity data (and a merge across columns has no right direction to
    fill), leaving them empty loses or misattributes rows in silence. A merge wholly above a
    sheet's header row (``header_rows``, default row 1: a title centred over the columns) is no
    part of what is read and is allowed."""
    header_rows = header_rows or {}
    found = {}
    for sheet, ranges in merged_ranges(path, sheets).items():
        top = header_rows.get(sheet, 1)
        ranges = [r for r in ranges if _range_rows(r)[1] >= top]
        if ranges:
            found[sheet] = ranges
    if not found:
        return
    sheet, ranges = next(iter(found.items()))
    top = header_rows.get(sheet, 1)
    shown = ", ".join(ranges[:10]) + (gettext(" en {n} meer", n=len(ranges) - 10)
                                      if len(ranges) > 10 else "")
    header = any(_range_rows(r)[0] <= top for r in ranges)
    labels = labels or {}
    others = [f"'{labels.get(s, s)}'" for s in list(found)[1:]]
    raise InputError(
        ngettext("werkblad '{blad}' heeft {n} samengevoegd celbereik ({bereiken}){kop}{ook}",
                 "werkblad '{blad}' heeft {n} samengevoegde celbereiken ({bereiken}){kop}{ook}",
                 len(ranges), blad=labels.get(sheet, sheet), bereiken=shown,
                 kop=gettext(", ook in de kopregel") if header else "",
                 ook=gettext("; ook werkblad {bladen}", bladen=", ".join(others)) if others else "")
        + gettext("; een samengevoegde cel heeft zijn waarde alleen in de eerste cel, de andere "
                  "cellen van het bereik zijn leeg in het bestand, en netwerk vult "
                  "identiteitsgegevens niet aan door te raden: hef de samenvoeging op, vul elke "
                  "rij en lever opnieuw aan (Excel: 'Samenvoegen en centreren' uit, 'Zoeken en "
                  "selecteren' > 'Selecteren speciaal' > 'Lege waarden', typ = en de cel erboven, "
                  "Ctrl+Enter)"),
        reason=Reason.UNREADABLE_FILE, file=name)


def _grid_rows(grid: pd.DataFrame, n: int) -> list[list[str]]:
    """The first ``n`` rows of a text grid as lists of cell text (``""`` for an empty cell)."""
    return [["" if pd.isna(v) else str(v) for v in row]
            for row in grid.iloc[:n].itertuples(index=False, name=None)]


def _below_header(grid: pd.DataFrame, at: int) -> tuple[pd.DataFrame, np.ndarray]:
    """The rows of a sheet's text grid below its header row ``at`` (0-based), named by the
    header's cells (an empty cell ``Unnamed: i``, a name seen before ``name.1``, as pandas names
    them), and their Excel row numbers."""
    if not len(grid):
        return pd.DataFrame(index=pd.RangeIndex(0)), np.zeros(0, dtype="int64")
    names: list[str] = []
    seen: set[str] = set()
    for i, v in enumerate(grid.iloc[at].tolist()):
        base = f"Unnamed: {i}" if pd.isna(v) or not str(v).strip() else str(v)
        n, k = base, 0
        while n in seen:
            k += 1
            n = f"{base}.{k}"
        seen.add(n)
        names.append(n)
    body = grid.iloc[at + 1:].set_axis(names, axis=1).reset_index(drop=True)
    return body, np.arange(at + 2, at + 2 + len(body), dtype="int64")


def _sheet_labels(names: list[str], spec: ExtractSpec) -> dict[str, str]:
    """How each sheet is named in every message, note, log line, ``_sheet`` value and rejects
    line: sheet names are partner data like file names (a sheet named after the person it is
    about), so raw identifiers are masked (:func:`netwerk.privacy.mask_name` with the spec's
    ``raw_patterns``). Two sheets whose masked
    names are the same get their place in the workbook added, so a row is still found.

    Examples
    --------
    >>> sp = ExtractSpec(name="t", partner="p", raw_patterns={"pn": "PN[0-9]{8}"},
    ...                  identifiers=[{"columns": ["bsn"], "kind": "bsn"}])
    >>> _sheet_labels(["Blad1", "Schouten 123456782", "oud PN04205665", "Schouten 111222333"], sp)
    {'Blad1': 'Blad1', 'Schouten 123456782': 'Schouten [bsn] (blad 2)', 'oud PN04205665': 'oud [pn]', 'Schouten 111222333': 'Schouten [bsn] (blad 4)'}
    """
    masked = {k: mask_name(k, spec.raw_patterns) for k in names}
    count: dict[str, int] = {}
    for v in masked.values():
        count[v] = count.get(v, 0) + 1
    return {k: (v if count[v] == 1 else gettext("{blad} (blad {n})", blad=v, n=i + 1))
            for i, (k, v) in enumerate(masked.items())}


def shared_sheet_name(spec: ExtractSpec) -> str:
    """The sheet name of a pseudonymised workbook: the spec's ``sheet`` (default ``Sheet1``),
    raw identifiers masked as in every message (:func:`_sheet_labels`), with round brackets:
    Excel allows no ``[ ]`` in a sheet name, and at most 31 characters. A spec that names the
    partner's sheet ``Schouten 123456782`` must not put the number into the shared extract.

    Examples
    --------
    >>> sp = ExtractSpec(name="t", partner="p", sheet="Schouten 123456782",
    ...                  identifiers=[{"columns": ["bsn"], "kind": "bsn"}])
    >>> shared_sheet_name(sp)
    'Schouten (bsn)'
    """
    name = spec.sheet or "Sheet1"
    label = mask_name(name, spec.raw_patterns)
    if label == name:
        return name
    return label.replace("[", "(").replace("]", ")")[:31]


def _sheet_list(names: list[str], labels: dict[str, str], states: dict[str, str]) -> str:
    """``'Blad1', 'oud [pn]' (verborgen)``: sheets as messages list them (masked)."""
    return ", ".join(f"'{labels[k]}'" + (gettext(" (verborgen)") if states.get(k, "visible")
                                          != "visible" else "") for k in names)


def _looks_like_text(head: bytes) -> bool:
    """Whether the first bytes of a file are text (a CSV saved under another extension)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if not head or b"\x00" in head:
        return False
    return sum(c < 32 and c not in (9, 10, 13) for c in head) == 0


def _other_format(path: Path, head: bytes, fmt: str) -> str | None:
    """What a file is, in words with the key to set, when its first bytes show another format
    than the spec's ``fmt``: an Excel workbook (a zip holding ``xl/workbook.xml``), another zip
    file, an old ``.xls`` or password-protected workbook, a Parquet file; ``None`` when they
    do not. The reverse of a CSV saved as ``.xlsx`` (:func:`_unreadable_cause`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "kvk.csv"
    >>> _ = p.write_bytes(b"PAR1\\x15\\x04")
    >>> _other_format(p, p.read_bytes(), "csv")
    "dit is een Parquet-bestand; zet 'format: parquet' in de specificatie"
    >>> _other_format(p, b"kvk;naam", "csv") is None
    True
    """
    import zipfile

    if fmt != "xlsx" and head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as z:
                book = any(n.lower() == "xl/workbook.xml" for n in z.namelist())
        except (OSError, zipfile.BadZipFile, EOFError):
            book = True  # an incomplete copy of a workbook is still a workbook
        if book:
            return gettext("dit is een Excel-werkmap; zet 'format: xlsx' in de specificatie")
        return gettext("dit is een zip-bestand, geen {wat}", wat=gettext("CSV-bestand")
                       if fmt == "csv" else gettext("Parquet-bestand"))
    if fmt != "parquet" and head.startswith(b"PAR1"):
        return gettext("dit is een Parquet-bestand; zet 'format: parquet' in de specificatie")
    if fmt == "csv" and head.startswith(b"\xd0\xcf\x11\xe0"):
        return gettext("een oud Excel-bestand (.xls) of een werkmap met een wachtwoord: open het "
                       "in Excel en sla het op als Excel-werkmap (.xlsx) zonder wachtwoord")
    return None


def _refuse_other_format(path: Path, head: bytes, name: str) -> None:
    """Refuse a file read as CSV whose first bytes show a workbook or Parquet file, saying what
    it is (not "cannot read byte 0x.. as UTF-8: save as UTF-8")."""
    cause = _other_format(path, head, "csv")
    if cause is not None:
        raise InputError(gettext("kan niet lezen als {formaat}: {oorzaak}", formaat="csv",
                                 oorzaak=cause), reason=Reason.UNREADABLE_FILE, file=name)


def _unreadable_cause(path: Path, fmt: str, exc: BaseException) -> str:
    """Why a workbook or Parquet file cannot be read, in words (never a Python class name):
    a text file under the wrong extension, an old ``.xls`` or a password-protected workbook, an
    incomplete copy, or a damaged file."""
    import zipfile

    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
            fh.seek(max(0, path.stat().st_size - 4))
            tail = fh.read(4)
    except OSError as err:
        return cause_text(err)
    what = gettext("Excel-werkmap") if fmt == "xlsx" else gettext("Parquet-bestand")
    if fmt == "xlsx" and head.startswith(b"\xd0\xcf\x11\xe0"):
        return gettext("een oud Excel-bestand (.xls) of een werkmap met een wachtwoord: open het "
                       "in Excel en sla het op als Excel-werkmap (.xlsx) zonder wachtwoord")
    if fmt == "xlsx" and head.startswith(b"PK"):
        if isinstance(exc, (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile)):
            return gettext("de werkmap is onvolledig of beschadigd (een afgebroken kopie?): "
                           "kopieer of exporteer het bestand opnieuw")
        if isinstance(exc, (KeyError, StopIteration)):
            return gettext("een zip-bestand, maar geen Excel-werkmap")
        return gettext("de werkmap is beschadigd: een onderdeel ervan is niet te lezen; open en "
                       "sla op in Excel, of exporteer opnieuw")
    other = _other_format(path, head, fmt)
    if other is not None:
        return other
    if fmt == "parquet" and head.startswith(b"PAR1"):
        if tail != b"PAR1":
            return gettext("het bestand is onvolledig (een afgebroken kopie?): kopieer of "
                           "exporteer het opnieuw")
        return gettext("het Parquet-bestand is beschadigd of gebruikt een vorm die niet te "
                       "lezen is; exporteer het opnieuw")
    if _looks_like_text(head):
        return gettext("geen {wat}: het bestand is tekst (een CSV-bestand met de verkeerde "
                       "extensie?); is het een CSV-bestand, zet dan 'format: csv' in de "
                       "specificatie", wat=what)
    return gettext("het bestand is beschadigd of is geen {wat}", wat=what)


_CHART_LOCK = __import__("threading").Lock()


def _read_excel(path: Path, which: str | None, charts: bool) -> dict:
    """pandas' read of the sheets (all, or ``which``), text as stored. openpyxl cannot load a
    workbook with a chart sheet that has no drawing at all (not even when another sheet is
    read); chart sheets hold no data, so when the workbook has one (``charts``) openpyxl's chart
    sheet reader is told to skip what it cannot read, for this read only."""
    def read() -> dict:
        # text as stored: only an empty cell is empty (pandas' default na_values would make
        # the texts NA, N/A, null, None, NaN ... empty in any column, which CSV and Parquet
        # keep); an error cell pandas reads as empty, :func:`_put_errors` puts its value back
        books = pd.read_excel(path, sheet_name=which, header=None, dtype=object,
                              engine="openpyxl", keep_default_na=False, na_values=[""])
        return {which: books} if which is not None else books
    if not charts:
        return read()
    from openpyxl.reader.excel import ExcelReader

    with _CHART_LOCK:
        plain = ExcelReader.read_chartsheet

        def lenient(self, sheet, rel):
            try:
                plain(self, sheet, rel)
            except Exception:  # noqa: BLE001 - a chart sheet without a drawing: no data in it
                log.debug("chart sheet not loaded", exc_info=True)
        ExcelReader.read_chartsheet = lenient
        try:
            return read()
        finally:
            ExcelReader.read_chartsheet = plain


def _put_errors(marks: dict[str, SheetMarks], grids: dict[str, pd.DataFrame]) -> None:
    """Put each error cell's Excel error value (``#N/A``; :attr:`SheetMarks.errors`) into its
    sheet's text grid (row ``r`` of the sheet is grid row ``r - 1``), where pandas left it
    empty: the cell is then what a CSV export of the sheet holds, and every reader path treats
    it alike (unknown, counted: :mod:`netwerk.ingest.placeholders`), never as a silent blank."""
    for k, m in marks.items():
        grid = grids.get(k)
        if grid is None or not m.errors:
            continue
        for (r, c), text in m.errors.items():
            if r - 1 < len(grid) and c - 1 < grid.shape[1] and pd.isna(grid.iat[r - 1, c - 1]):
                grid.iat[r - 1, c - 1] = text


def _row_runs(rows: list[int], limit: int = 10) -> str:
    """``3-4, 9`` for Excel rows (runs joined; at most ``limit`` runs, then ``en N meer``).

    Examples
    --------
    >>> _row_runs([4, 3, 9])
    '3-4, 9'
    """
    runs: list[list[int]] = []
    for r in sorted(rows):
        if runs and r == runs[-1][1] + 1:
            runs[-1][1] = r
        else:
            runs.append([r, r])
    shown = [f"{a}" if a == b else f"{a}-{b}" for a, b in runs]
    return ", ".join(shown[:limit]) + (gettext(" en {n} meer", n=len(shown) - limit)
                                       if len(shown) > limit else "")


def _spec_columns(spec: ExtractSpec, *, keep: bool = True) -> set[str]:
    """The header names (cleaned) of the columns ``spec`` reads, raw or shared, and (``keep``)
    the columns its ``keep`` list writes unchanged: those are shared too."""
    out = {c for want in _header_sets(spec) for c in want}
    return out | {_HeaderMatch.clean(c) for c in spec.keep} if keep else out


def _refuse_formulas(marks: dict[str, SheetMarks], grids: dict[str, pd.DataFrame],
                     found: dict[str, _HeaderFound], labels: dict[str, str], spec: ExtractSpec,
                     name: str) -> None:
    """Refuse a workbook whose sheets read hold formula cells without a stored result in a
    column the spec reads (on or below the header; anywhere when the header was not found):
    such a cell holds no value in the file and would read as empty, dropping its identifier in
    silence. Names the sheet, the column(s) and the cells."""
    wanted = _spec_columns(spec)
    for k, m in marks.items():
        if not m.uncached:
            continue
        if k in found:
            top = found[k].index + 1
            head = grids[k].iloc[found[k].index].tolist() if len(grids[k]) else []
            cols = {i + 1: str(v) for i, v in enumerate(head)
                    if not pd.isna(v) and _HeaderMatch.clean(str(v)) in wanted}
            cells = [(r, c) for r, c in m.uncached if r >= top and c in cols
                     and not (spec.hidden_rows == "skip" and r in m.hidden_rows)]
        else:
            cols, cells = {}, list(m.uncached)
        if not cells:
            continue
        named = sorted({c for _, c in cells})
        kolommen = ", ".join(f"'{mask_name(cols[c], spec.raw_patterns)}'" if c in cols
                             else _column_letters(c)
                             for c in named)
        raise InputError(
            ngettext("werkblad '{blad}': {n} cel met een formule zonder opgeslagen uitkomst, in "
                     "kolom {kolommen} ({cellen})", "werkblad '{blad}': {n} cellen met een formule "
                     "zonder opgeslagen uitkomst, in kolom {kolommen} ({cellen})", len(cells),
                     blad=labels[k], kolommen=kolommen, cellen=_cell_ranges(cells))
            + gettext("; het bestand bewaart voor zo'n cel geen waarde (het programma dat de "
                      "werkmap schreef heeft de formules niet berekend) en netwerk leest hem niet "
                      "als leeg: open en sla op in Excel (formules berekenen), of lever de "
                      "waarden aan in plaats van formules"),
            reason=Reason.UNREADABLE_FILE, file=name)


def _hidden_row_mask(m: SheetMarks, frame: pd.DataFrame, rows: np.ndarray) -> np.ndarray:
    """Which rows below a sheet's header the partner hid or filtered out, among the rows with
    data (a hidden empty row is an empty row, counted as such): a boolean mask over ``frame``,
    whose Excel rows are ``rows``.

    Examples
    --------
    >>> m = SheetMarks({3, 4, 9}, set(), None, [], [])
    >>> f = pd.DataFrame({"bsn": ["1", "2", None, "4"]}, dtype="str")
    >>> _hidden_row_mask(m, f, np.array([2, 3, 4, 5])).tolist()
    [False, True, False, False]
    """
    if not m.hidden_rows or not len(frame):
        return np.zeros(len(frame), dtype=bool)
    filled = ~frame.isna().all(axis=1).to_numpy()
    return np.isin(rows, np.fromiter(m.hidden_rows, dtype="int64")) & filled


@dataclass
class _HiddenParts:
    """What one sheet read holds hidden, as :func:`_mark_notes` found it: the ``notes``, the
    hidden rows with data (``rows``, a mask over the sheet's frame), ``read`` (they are read) or
    not (``hidden_rows: skip``), the (masked) hidden columns read and the positions (1-based)
    of hidden ``keep`` columns not read (``hidden_columns: skip``)."""

    notes: list[str]
    rows: np.ndarray
    rows_read: bool
    columns_read: list[str]
    columns_skipped: list[int]


def _mark_notes(label: str, m: SheetMarks, grid: pd.DataFrame, at: int, frame: pd.DataFrame,
                rows: np.ndarray, wanted: set[str], spec: ExtractSpec) -> _HiddenParts:
    """The notices (Dutch first) of one sheet read about formulas with a stored result, hidden or
    filtered-out rows and hidden columns, read or skipped as the spec's ``hidden_rows`` and
    ``hidden_columns`` say (a hidden column the spec needs is refused before, by
    :func:`_refuse_hidden_columns`)."""
    notes: list[str] = []
    head = grid.iloc[at].tolist() if len(grid) else []
    names = {i + 1: str(v) for i, v in enumerate(head) if not pd.isna(v) and str(v).strip()}
    spec_col = {c for c, v in names.items() if _HeaderMatch.clean(v) in wanted}
    skip_rows = spec.hidden_rows == "skip"
    cached = [(r, c) for r, c in m.cached if r > at + 1 and c in spec_col
              and not (skip_rows and r in m.hidden_rows)]
    if cached:
        notes.append(ngettext(
            "werkblad '{blad}': {n} cel met een formule gelezen als de uitkomst die het bestand "
            "bewaart, in kolom {kolommen} ({cellen})", "werkblad '{blad}': {n} cellen met een "
            "formule gelezen als de uitkomst die het bestand bewaart, in kolom {kolommen} "
            "({cellen})", len(cached), blad=label, cellen=_cell_ranges(cached),
            kolommen=", ".join(f"'{mask_name(names[c], spec.raw_patterns)}'"
                               for c in sorted({c for _, c in cached}))))
    hid = _hidden_row_mask(m, frame, rows)
    n_hidden = int(hid.sum())
    if n_hidden:
        where = dict(blad=label, rijen=_row_runs(rows[hid].tolist()),
                     filter=gettext(", filter op {bereik}", bereik=m.autofilter)
                     if m.autofilter else "")
        notes.append(ngettext(
            "werkblad '{blad}': {n} verborgen rij niet gelezen (rij {rijen}){filter}, want de "
            "specificatie zegt 'hidden_rows: skip': hij staat niet in het gedeelde extract en "
            "niet bij de afgewezen regels", "werkblad '{blad}': {n} verborgen rijen niet gelezen "
            "(rijen {rijen}){filter}, want de specificatie zegt 'hidden_rows: skip': ze staan "
            "niet in het gedeelde extract en niet bij de afgewezen regels", n_hidden, **where)
            if skip_rows else ngettext(
                "werkblad '{blad}': {n} verborgen rij gelezen (rij {rijen}){filter}; de partner "
                "heeft hem verborgen of weggefilterd, en hij staat (gepseudonimiseerd) in het "
                "gedeelde extract: vraag na of hij gedeeld mocht worden, en zo niet, lever "
                "opnieuw aan zonder die rij", "werkblad '{blad}': {n} verborgen rijen gelezen "
                "(rijen {rijen}){filter}; de partner heeft ze verborgen of weggefilterd, en ze "
                "staan (gepseudonimiseerd) in het gedeelde extract: vraag na of ze gedeeld "
                "mochten worden, en zo niet, lever opnieuw aan zonder die rijen", n_hidden,
                **where))
    hidden_cols = sorted(c for c in m.hidden_columns if c in names)
    spec_hidden = [c for c in hidden_cols if c in spec_col]
    skip_cols = spec.hidden_columns == "skip"
    read_cols = [] if skip_cols else spec_hidden
    skipped = spec_hidden if skip_cols else []
    left = [c for c in hidden_cols if c not in spec_col]

    def shown(cs: list[int]) -> str:
        return ", ".join(f"'{mask_name(names[c], spec.raw_patterns)}' ({_column_letters(c)})"
                         for c in cs)
    if read_cols:
        notes.append(ngettext(
            "werkblad '{blad}': kolom {kolommen} is verborgen in de werkmap en wordt toch gelezen, "
            "want de specificatie noemt hem: hij staat (gepseudonimiseerd) in het gedeelde "
            "extract", "werkblad '{blad}': de kolommen {kolommen} zijn verborgen in de werkmap en "
            "worden toch gelezen, want de specificatie noemt ze: ze staan (gepseudonimiseerd) in "
            "het gedeelde extract", len(read_cols), blad=label, kolommen=shown(read_cols)))
    if skipped:  # only 'keep' columns get here: a column the spec needs was refused
        notes.append(ngettext(
            "werkblad '{blad}': verborgen kolom {kolommen} niet gelezen, want de specificatie "
            "zegt 'hidden_columns: skip': zijn cellen blijven leeg in het gedeelde extract",
            "werkblad '{blad}': verborgen kolommen {kolommen} niet gelezen, want de specificatie "
            "zegt 'hidden_columns: skip': hun cellen blijven leeg in het gedeelde extract",
            len(skipped), blad=label, kolommen=shown(skipped)))
    if left:
        notes.append(ngettext(
            "werkblad '{blad}': verborgen kolom {kolommen} niet gedeeld: de specificatie noemt "
            "hem niet (zoals elke kolom buiten de specificatie)", "werkblad '{blad}': verborgen "
            "kolommen {kolommen} niet gedeeld: de specificatie noemt ze niet (zoals elke kolom "
            "buiten de specificatie)", len(left), blad=label, kolommen=shown(left)))
    return _HiddenParts(notes, hid, not skip_rows,
                        [mask_name(names[c], spec.raw_patterns) for c in read_cols],
                        skipped)


def _refuse_hidden_columns(marks: dict[str, SheetMarks], grids: dict[str, pd.DataFrame],
                           found: dict[str, _HeaderFound], labels: dict[str, str],
                           spec: ExtractSpec, name: str) -> None:
    """With ``hidden_columns: skip``, a hidden column is absent: one the spec needs (an
    identifier or mapped column, not a ``keep`` column) refuses the workbook, naming the sheet,
    the column and its letter, as a missing column does."""
    if spec.hidden_columns != "skip":
        return
    needed = _spec_columns(spec, keep=False)
    for k, m in marks.items():
        if k not in found or not m.hidden_columns or not len(grids[k]):
            continue
        head = grids[k].iloc[found[k].index].tolist()
        cols = [i + 1 for i, v in enumerate(head) if i + 1 in m.hidden_columns
                and not pd.isna(v) and _HeaderMatch.clean(str(v)) in needed]
        if cols:
            first = mask_name(str(head[cols[0] - 1]).strip(), spec.raw_patterns)
            raise InputError(
                ngettext("werkblad '{blad}': kolom {kolommen} is verborgen en de specificatie "
                         "zegt 'hidden_columns: skip' (verborgen kolommen niet lezen), maar "
                         "heeft hem nodig", "werkblad '{blad}': de kolommen {kolommen} zijn "
                         "verborgen en de specificatie zegt 'hidden_columns: skip' (verborgen "
                         "kolommen niet lezen), maar heeft ze nodig", len(cols), blad=labels[k],
                         kolommen=", ".join(f"'{mask_name(str(head[c - 1]).strip(), spec.raw_patterns)}' "
                                            f"({_column_letters(c)})" for c in cols))
                + gettext("; netwerk deelt geen kolom die de partner verborg: vraag na of hij "
                          "gedeeld mag worden, en zo ja, maak hem zichtbaar en lever opnieuw "
                          "aan"),
                reason=Reason.MISSING_COLUMN, file=name, column=first)


def _skip_hidden_sheets(read: dict[str, pd.DataFrame], states: dict[str, str],
                        labels: dict[str, str], spec: ExtractSpec, name: str) -> dict[str, int]:
    """With ``hidden_rows: skip`` and no ``sheet`` in the spec, the hidden sheets among those to
    be read are not read: every row of a hidden sheet is hidden. Returns sheet -> its non-empty
    rows, its header included (counted as hidden rows skipped). A workbook whose sheets with data are all hidden is
    refused (nothing would be read; the spec's ``sheet`` may name one to read)."""
    if spec.hidden_rows != "skip":
        return {}
    hidden = {k: int(g.notna().any(axis=1).sum()) for k, g in read.items()
              if states.get(k, "visible") != "visible"}
    if hidden and len(hidden) == len(read) and any(hidden.values()):
        raise InputError(
            gettext("de werkmap heeft alleen verborgen werkbladen met gegevens ({bladen}) en de "
                    "specificatie zegt 'hidden_rows: skip': er is niets te lezen; noem het te "
                    "lezen blad met 'sheet' in de specificatie als het gedeeld mag worden",
                    bladen=_sheet_list(list(hidden), labels, states)),
            reason=Reason.EMPTY_FILE, file=name)
    return hidden if len(hidden) < len(read) else {}


def _read_sheets(path: Path, spec: ExtractSpec, name: str, notes: list[str]
                 ) -> tuple[list[tuple[str, pd.DataFrame, np.ndarray]], list[str], int, dict]:
    """One sheet when the spec names it; else every non-empty sheet, which must share a header.
    Returns ``(sheet label, frame, Excel rows)`` per sheet read, in workbook order, the notes,
    the number of rows skipped above the headers and extra counts (``hidden_rows``,
    ``hidden_columns``). Sheets are named by their label (:func:`_sheet_labels`: raw
    identifiers masked) everywhere. Each sheet's header is found on its own
    (:func:`_find_header`: row 1, or the one row of the first :data:`HEADER_SEARCH_ROWS` that
    holds the spec's columns), so every row keeps that sheet's own Excel row number. A sheet
    read that holds merged cells below its title rows (:func:`_refuse_merged`) or formula cells
    without a stored result in a column the spec reads (:func:`_refuse_formulas`) refuses the
    workbook; hidden and filtered-out rows and hidden columns are said (:func:`sheet_marks`),
    read or skipped as the spec's ``hidden_rows`` and ``hidden_columns`` say (with
    ``hidden_rows: skip`` and no ``sheet``, hidden sheets are not read:
    :func:`_skip_hidden_sheets`).
    A chart sheet is skipped; a sheet the spec names that is not there is refused naming the
    sheets that are."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as book:
            sheets = _workbook_sheets(book)
    except Exception as exc:  # noqa: BLE001 - zip/xml errors of many types on junk files
        raise InputError(gettext("kan niet lezen als {formaat}: {oorzaak}", formaat="xlsx",
                                 oorzaak=_unreadable_cause(path, "xlsx", exc)),
                         reason=Reason.UNREADABLE_FILE, file=name) from exc
    states = {k: state for k, (_part, state) in sheets.items()}
    charts = [k for k, (part, _state) in sheets.items() if "chartsheets/" in part]
    labels = _sheet_labels(list(sheets), spec)
    which = spec.sheet if spec.sheet else None
    data_sheets = [k for k in sheets if k not in charts]
    if not data_sheets:
        raise InputError(gettext("de werkmap heeft geen werkblad met gegevens (alleen "
                                 "grafiekbladen: {bladen})", bladen=_sheet_list(charts, labels,
                                                                                states)),
                         reason=Reason.EMPTY_FILE, file=name)
    if which is not None and which not in data_sheets and shared_sheet_name(spec) in data_sheets:
        which = shared_sheet_name(spec)  # the pseudonymised workbook: its sheet name is masked
    if which is not None and which not in data_sheets:
        shown = _sheet_list(data_sheets, labels, states) or gettext("geen")
        asked = mask_name(which, spec.raw_patterns)
        raise InputError(
            (gettext("werkblad '{blad}' (genoemd in 'sheet' van de specificatie) is een "
                     "grafiekblad zonder gegevens; werkbladen met gegevens: {bladen}",
                     blad=asked, bladen=shown) if which in charts else
             gettext("werkblad '{blad}' (genoemd in 'sheet' van de specificatie) niet gevonden; "
                     "de werkmap heeft: {bladen}", blad=asked, bladen=shown)),
            reason=Reason.MISSING_COLUMN, file=name)
    wants = _header_sets(spec)
    books = _read_excel(path, which, bool(charts))
    grids = {k: _as_text_frame(v, spec.date_format, spec.decimal, _identifier_names(spec))
             for k, v in books.items()}
    filled = {k: g for k, g in grids.items() if len(g) and g.notna().to_numpy().any()}
    read = filled if (filled and which is None) else (
        {which: grids[which]} if which is not None else dict(list(grids.items())[:1]))
    hidden_sheets = _skip_hidden_sheets(read, states, labels, spec, name) \
        if which is None else {}
    read = {k: g for k, g in read.items() if k not in hidden_sheets}
    found: dict[str, _HeaderFound] = {}
    failed: InputError | None = None
    for k, g in read.items():
        try:
            found[k] = _find_header(_grid_rows(g, HEADER_SEARCH_ROWS), wants, name, labels[k],
                                    several=len(read) > 1)
        except InputError as exc:  # merged cells and formulas are the clearer reason: said first
            failed = failed or exc
    _refuse_merged(path, list(read), name, {k: f.index + 1 for k, f in found.items()}, labels)
    marks = sheet_marks(path, list(read))
    _put_errors(marks, read)
    _refuse_formulas(marks, read, found, labels, spec, name)
    if failed is not None:
        raise failed
    _refuse_hidden_columns(marks, read, found, labels, spec, name)
    parts = [(k, *_below_header(g, found[k].index)) for k, g in read.items()]
    number_columns = _number_columns([(books[k].iloc[found[k].index + 1:], f.columns)
                                      for k, f, _r in parts])
    if len(parts) > 1:
        headers = {k: [clean_invisible(str(c)).strip() for c in f.columns] for k, f, _ in parts}
        first = next(iter(headers.values()))
        names = _sheet_list(list(read), labels, states)
        if any(h != first for h in headers.values()):
            raise InputError(
                gettext("de werkmap heeft {n} niet-lege werkbladen ({namen}) met verschillende "
                        "kopregels; noem het te lezen blad met 'sheet' in de specificatie",
                        n=len(read), namen=names),
                reason=Reason.UNREADABLE_FILE, file=name)
        note = gettext("alle {n} werkbladen gelezen ({namen}); ze hebben dezelfde kopregel",
                       n=len(read), namen=names)
        notes.append(note)
        log.warning(gettext("{bestand}: {melding}", bestand=name, melding=note))
        parts = [(k, f.set_axis(first, axis=1), r) for k, f, r in parts]
    if charts and which is None:
        notes.append(ngettext("grafiekblad {bladen} overgeslagen (geen gegevens)",
                              "grafiekbladen {bladen} overgeslagen (geen gegevens)", len(charts),
                              bladen=_sheet_list(charts, labels, states)))
    for k, n in hidden_sheets.items():
        notes.append(ngettext(
            "werkblad '{blad}' is verborgen en niet gelezen, want de specificatie zegt "
            "'hidden_rows: skip' ({n} niet-lege rij, niet gedeeld)",
            "werkblad '{blad}' is verborgen en niet gelezen, want de specificatie zegt "
            "'hidden_rows: skip' ({n} niet-lege rijen, niet gedeeld)", n, blad=labels[k]))
        log.warning(gettext("{bestand}: {melding}", bestand=name, melding=notes[-1]))
    extra = {"hidden_rows": 0, "hidden_columns": [],
             "hidden_rows_skipped": sum(hidden_sheets.values()), "hidden_columns_skipped": [],
             "number_columns": number_columns}
    wanted = _spec_columns(spec)
    out = []
    for k, frame, rows in parts:
        said = [found[k].note(labels[k])]
        if k in marks:
            hidden = _mark_notes(labels[k], marks[k], read[k], found[k].index, frame, rows,
                                 wanted, spec)
            said += hidden.notes
            n_hidden = int(hidden.rows.sum())
            extra["hidden_rows" if hidden.rows_read else "hidden_rows_skipped"] += n_hidden
            if n_hidden and not hidden.rows_read:  # not read: the rows keep their Excel numbers
                frame = frame.iloc[np.flatnonzero(~hidden.rows)].reset_index(drop=True)
                rows = rows[~hidden.rows]
            extra["hidden_columns"] += [f"{labels[k]}: {c}" for c in hidden.columns_read]
            if hidden.columns_skipped:  # a 'keep' column, as if absent: its cells not read
                frame = frame.copy()
                for c in hidden.columns_skipped:
                    frame.iloc[:, c - 1] = pd.NA
                    extra["hidden_columns_skipped"].append(
                        f"{labels[k]}: {mask_name(str(frame.columns[c - 1]), spec.raw_patterns)}")
        out.append((k, frame, rows))
        for note in said:
            if note:
                notes.append(note)
                log.warning(gettext("{bestand}: {melding}", bestand=name, melding=note))
    return [(labels[k], f, r) for k, f, r in out], notes, \
        sum(f.above for f in found.values()), extra


def _match_columns(df: pd.DataFrame, required: list[str], name: str,
                   extra: dict[str, str] | None = None) -> pd.DataFrame:
    """``df`` with its header matched to ``required``; names from the file in a message are
    masked with the detectors and ``extra`` (the spec's ``raw_patterns``)."""
    cleaned = [clean_invisible(str(c)).strip() for c in df.columns]
    dups = sorted({mask_name(c, extra) for c in cleaned if cleaned.count(c) > 1})
    if dups:
        raise InputError(gettext("de kopregel noemt {namen} meer dan eens (na het weghalen van "
                                 "spaties)", namen=", ".join(dups)),
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
        found_cols = ", ".join(mask_name(c, extra) for c in cleaned) or gettext("(geen kolommen)")
        hint = difflib.get_close_matches(first, cleaned, n=1, cutoff=0.6)
        also = (gettext(" (ontbreken ook: {kolommen})", kolommen=", ".join(missing[1:]))
                if len(missing) > 1 else "")
        did = gettext("; bedoelde u '{name}'?", name=mask_name(hint[0], extra)) if hint else ""
        raise InputError(
            gettext("kolom '{kolom}' ontbreekt in {bestand}{ook}; wel: {gevonden}{suggestie}",
                    kolom=first, bestand=name, ook=also, gevonden=found_cols, suggestie=did),
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
        ``_row`` (int, the row number: see Notes) and, for a raw workbook, ``_sheet``. ``df.attrs`` holds the ``encoding``,
        ``delimiter`` and ``lineterminator`` actually found (CSV), so :func:`write_table` can
        write the same way, and ``file`` (the file name); ``read_rejects`` (records not used:
        ``(row, column, reason, detail)``, never cell text), ``empty_lines``,
        ``repeated_headers``, ``above_header`` (rows skipped above a header not in row 1) and
        ``notes`` (what was read differently from the spec, and why); for a workbook also
        ``hidden_rows`` and ``hidden_columns`` (hidden parts read) or ``hidden_rows_skipped``
        and ``hidden_columns_skipped`` (not read: the spec's ``hidden_rows: skip``,
        ``hidden_columns: skip``); for a workbook or Parquet file ``number_columns``: the
        columns (header names as in the file) of typed numbers only, written as text with the
        spec's decimal mark and no thousands separator (no mark was chosen by anyone).
        A CSV spec given a workbook or Parquet file (recognised by its first bytes) refuses it
        saying what it is and which ``format`` to set, as a workbook or Parquet spec given
        text does.

    Notes
    -----
    Strict by design (principle: nothing lost in silence). A record corresponds to the physical
    line(s) it came from and ``_row`` is its first line minus one (the header is line 1, row 0). A
    record with another field count than the header is rejected naming the line and both counts,
    never realigned; when more than half of the lines are like that the file is refused. A quoted
    field may span lines only when it closes and the record's field count is right. A repeated
    header line is skipped and counted; a last line without line end and too few fields is a
    reject "truncated line"; blank lines and lines of only delimiters are counted as empty.
    One physical line on every path (whole file, streamed chunks, ``workers``, the quoted
    path): a line ends at LF, and CRs just before it (or at the end of the file) belong to the
    line end; a lone CR inside a line is a reject ``unparsable_value`` naming line and column (in
    a quoted field it is data). A repeated header is recognised after the first header's cleaning
    (byte-order mark, invisible characters, CRs, spaces, case); one with the header's names in
    another order refuses the file (``FIELD_COUNT``, naming the line).
    Encoding: a byte-order mark decides (UTF-8, UTF-16); valid non-ASCII UTF-8 is read as UTF-8
    whatever the spec says; a file that is not valid UTF-8 but holds UTF-8 letters (mixed
    encodings) is refused naming the first line of the other encoding; a header that only splits
    on another of ``; , tab |`` is read with it. A raw export (``shared=False``) whose
    identifier columns hold text encoded twice (UTF-8 read as cp1252 and saved as UTF-8 again,
    :func:`undo_double_encoding`) is refused naming the column and first row, on every format.
    XLSX and Parquet follow the CSV row rules: rows of only empty cells are counted as empty, a
    row that is the header again (after the same cleaning) is skipped and counted, the header's
    names in another order refuse the file naming the sheet and Excel row (XLSX) or the data row
    (Parquet); with several sheets read, per sheet. An XLSX sheet that is read and holds merged
    cells refuses the workbook naming the ranges (:func:`merged_ranges`): the cells under a
    merge are empty in the file and identity data is not filled in by guessing.
    A Parquet column is read by its Arrow type (:func:`_parquet_frame`): BINARY text decoded with
    the spec's encoding by the CSV rules and said once, bytes that do not decode a read reject
    naming row and column, a nested column the spec reads refused naming column and type.
    Hidden and filtered-out rows with data and hidden columns the spec names are read and said
    (default), or with the spec's ``hidden_rows: skip`` not read but counted and said per sheet
    (with their Excel rows; the other rows keep theirs), hidden sheets too when no ``sheet`` is
    named; with ``hidden_columns: skip`` a hidden column the spec needs refuses the workbook
    (``MISSING_COLUMN``, naming sheet and column) and a hidden ``keep`` column is not read.
    Header not in row 1: when row/line 1 does not hold the spec's columns (raw or shared), the
    one row of the first :data:`HEADER_SEARCH_ROWS` (10) that does is the header, per sheet; the
    rows above it are skipped and counted (``attrs["above_header"]``), a row there with data in
    more than one cell is named. Two such rows (no data between them) refuse the file, and so
    does none when row 1 is empty or a lone title or a row below it comes closer
    (``MISSING_COLUMN``, naming the sheet and the columns looked for). Row numbers: ``_row`` of a
    CSV is the line minus one, of a workbook the sheet's own Excel row (with ``_sheet`` for a raw
    export), of Parquet the record number from 1; every message uses them.
    Each of these is logged and listed in ``notes``. Invisible characters (zero-width, soft
    hyphen, no-break space) are removed from header names.

    Raises
    ------
    InputError
        ``FILE_NOT_FOUND``, ``EMPTY_FILE`` (0 bytes / no header), ``UNREADABLE_FILE`` (bytes
        that do not decode, mixed encodings, text encoded twice in an identifier column, merged
        cells in an XLSX sheet, broken CSV/XLSX/Parquet) or ``MISSING_COLUMN``
        (message lists the columns found), ``FIELD_COUNT`` (most lines have the wrong number of
        fields, or the header repeated in another column order). A header
        without data rows gives an empty frame, not an error.
    """
    p = Path(path)
    name = mask_name(p.name, spec.raw_patterns)  # file names are partner data too
    if not p.is_file():
        raise InputError(gettext("bestand niet gevonden"), reason=Reason.FILE_NOT_FOUND,
                         file=mask_name(str(p), spec.raw_patterns))
    plan = plan_csv(p, spec) if spec.format == "csv" else None
    if plan is not None:  # read the bytes as they are (no decode round trip), chunk by chunk
        lines = _Lines(name, len(plan.header))
        parts = []
        for chunk, first_row in iter_csv_chunks(plan):
            parts.append(read_csv_chunk(plan, chunk, first_row, lines))
        _check_majority(lines, name)
        if lines.repeated_headers:
            log.warning(repeated_headers_skipped(name, lines.repeated_headers))
        if len(parts) == 1:
            df, rows = parts[0]
        elif parts:
            df = pd.concat([d for d, _ in parts], ignore_index=True)
            rows = np.concatenate([r for _, r in parts])
        else:
            df = pd.DataFrame({c: pd.Series(dtype="str") for c in plan.header})
            rows = np.zeros(0, dtype="int64")
        attrs = plan.attrs(lines)
    elif spec.format == "csv":
        df, rows, attrs = _read_csv(p, spec, name)
    else:
        parts, notes, above, extra = _read_other(p, spec, name, shared=shared)
        df, rows, sheets, attrs = _table_rows(parts, notes, name)
        attrs["above_header"] = above
        attrs.update(extra)
        return finish_frame(df, rows, attrs, spec, shared=shared, name=name, sheets=sheets)
    return finish_frame(df, rows, attrs, spec, shared=shared, name=name)


def _table_rows(parts: list[tuple[str | None, pd.DataFrame, np.ndarray]], notes: list[str],
                name: str) -> tuple[pd.DataFrame, np.ndarray, np.ndarray | None, dict]:
    """The rows of an XLSX or Parquet file under the rules of the CSV readers: rows whose cells
    are all empty are counted, never used; a row that is the header again (after the first
    header's cleaning: byte-order mark, invisible characters, spaces, case) is skipped and
    counted; the header's names in another order refuse the file naming the sheet and row.
    ``parts``: one text frame per sheet read (sheet name, or ``None`` for Parquet) with its row
    numbers (a sheet's own Excel rows, a Parquet file's records from 1), which the rows keep.
    Returns the frame, the row numbers, the sheet of each row (``None`` without sheets) and the
    counts.

    Examples
    --------
    >>> part = pd.DataFrame({"bsn": ["111222333", "BSN", None, "123456782"]}, dtype="str")
    >>> df, rows, sheets, attrs = _table_rows([(None, part, np.arange(1, 5))], [], "x.parquet")
    >>> df["bsn"].tolist(), rows.tolist(), attrs["repeated_headers"], attrs["empty_lines"]
    (['111222333', '123456782'], [1, 4], 1, 1)
    >>> df, rows, sheets, attrs = _table_rows([("a", part[:1], np.array([2])),
    ...                                        ("b", part, np.arange(4, 8))], [], "x.xlsx")
    >>> rows.tolist(), sheets.tolist()
    ([2, 4, 7], ['a', 'b', 'b'])
    """
    frames, numbers, where = [], [], []
    empty_rows = repeated = 0
    for sheet, part, rows in parts:
        keep = np.ones(len(part), dtype=bool)
        if len(part):
            empty = part.isna().all(axis=1).to_numpy()
            empty_rows += int(empty.sum())
            keep &= ~empty
            match = _HeaderMatch([str(c) for c in part.columns])
            for i in match.candidates(part.iloc[:, 0]).tolist():
                cells = ["" if pd.isna(v) else str(v) for v in part.iloc[i].tolist()]
                kind = match.classify(cells)
                if kind == 2:  # the sheet's own Excel row, or the Parquet record
                    at = (gettext("werkblad '{blad}' rij {n}", blad=sheet, n=int(rows[i]))
                          if sheet is not None else gettext("rij {n}", n=int(rows[i])))
                    match.refuse(int(rows[i]), name, where=at)
                if kind == 1:
                    keep[i] = False
                    repeated += 1
        frames.append(part[keep] if not keep.all() else part)
        numbers.append(np.asarray(rows, dtype="int64")[keep])
        where.append(np.full(int(keep.sum()), sheet, dtype=object))
    if len(frames) == 1:
        df = frames[0]
    else:
        first = list(frames[0].columns)
        df = pd.concat([f.set_axis(first, axis=1) for f in frames], ignore_index=True)
    if repeated:
        log.warning(repeated_headers_skipped(name, repeated))
    attrs = {"notes": notes, "read_rejects": [], "empty_lines": empty_rows,
             "repeated_headers": repeated}
    rows = np.concatenate(numbers) if numbers else np.zeros(0, dtype="int64")
    sheets = (np.concatenate(where) if where else np.zeros(0, dtype=object)) \
        if any(p[0] is not None for p in parts) else None
    return df, rows, sheets, attrs


_ISO = "%Y-%m-%d"


def parse_dates(series: pd.Series, fmt: str = "%d-%m-%Y") -> tuple[pd.Series, pd.Series]:
    """Parse day-first date text; ISO ``YYYY-MM-DD`` also works. A midnight time after the date
    (:data:`~netwerk.ingest.names.MIDNIGHT`: ``0:00``, ``00:00:00``, ``00:00:00.000``) is the date.

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
    >>> parse_dates(pd.Series(["08-05-2025 00:00:00", "8-5-2025 0:00",
    ...                        "2025-05-08 00:00:00.000"]))[0].dt.day.tolist()
    [8, 8, 8]
    """
    from .names import MIDNIGHT

    s = series.astype("str").str.strip()
    present = s.notna() & (s != "")
    s = s.where(present)
    # a midnight time after the date is the date (0:00, 00:00:00, 00:00:00.000; review 8 S19)
    s = s.str.replace(f"([0-9]){MIDNIGHT}$", r"\1", regex=True)
    out = pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]")
    formats = [fmt, fmt.replace("-", "/") if "-" in fmt else fmt.replace("/", "-"), _ISO,
               "%Y-%m-%d %H:%M:%S"]
    for f in dict.fromkeys(formats):
        todo = present & out.isna()
        if not todo.any():
            break
        parsed = pd.to_datetime(s[todo], format=f, errors="coerce")
        parsed = parsed.where((parsed.dt.year >= 1678) & (parsed.dt.year <= 2261))  # ns range
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
    from .normalise import SPACE_CLASS  # Python's blanks, spelled out: stays in pyarrow

    s = series.astype("str").str.replace(f"[{SPACE_CLASS}€]", "", regex=True)
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
    out = df.drop(columns=[ROW_COLUMN, SHEET_COLUMN], errors="ignore")
    if spec.format == "csv":
        enc = encoding or (spec.encoding if spec.encoding != "auto" else "utf-8")
        p.write_bytes(csv_bytes(df, delimiter or spec.delimiter, lineterminator, enc,
                                file=p.name))
    elif spec.format == "xlsx":
        _write_xlsx(out, p, shared_sheet_name(spec))
    else:
        out.to_parquet(p, index=False)
    return p


def csv_bytes(df: pd.DataFrame, sep: str, lineterminator: str, encoding: str, *,
              header: bool = True, file: str = "") -> bytes:
    """The CSV bytes :func:`write_table` writes for ``df`` (``_row`` left out); without the
    header line when ``header`` is false (a later chunk of a streamed file: then no byte-order
    mark either).

    Raises
    ------
    InputError
        A value that cannot be written in ``encoding``; names the data row and column.

    Examples
    --------
    >>> csv_bytes(pd.DataFrame({"a": ["x", None], "b": ["1;2", "3"]}), ";", "\\n", "utf-8")
    b'a;b\\nx;"1;2"\\n;3\\n'
    >>> csv_bytes(pd.DataFrame({"a": ["é"]}), ";", "\\n", "utf-8-sig", header=False)
    b'\\xc3\\xa9\\n'
    """
    data = csv_data(df, sep, lineterminator, encoding, header=header, file=file)
    return data if isinstance(data, bytes) else data.to_pybytes()


def csv_data(df: pd.DataFrame, sep: str, lineterminator: str, encoding: str, *,
             header: bool = True, file: str = ""):
    """:func:`csv_bytes` as bytes or, when pyarrow wrote it and no transcoding is needed, as the
    Arrow buffer itself (no copy; write it with ``file.write``)."""
    import codecs
    import sys

    out = df.drop(columns=[ROW_COLUMN, SHEET_COLUMN], errors="ignore")
    enc = encoding
    if not header:  # a continuation: no byte-order mark
        name = codecs.lookup(encoding).name
        enc = {"utf-8-sig": "utf-8",
               "utf-16": "utf-16-le" if sys.byteorder == "little" else "utf-16-be"}.get(name, enc)
    fast = _fast_csv(out, sep, lineterminator, header=header)
    try:
        if fast is not None:  # UTF-8 from pyarrow
            if enc.replace("-", "").lower().startswith("utf8") or _ascii(fast):
                return fast
            return fast.to_pybytes().decode("utf-8").encode(enc)
        return out.to_csv(sep=sep, index=False, header=header,
                          lineterminator=lineterminator).encode(enc)
    except UnicodeEncodeError:
        row, col, ch = _first_unencodable(df, enc)
        raise InputError(gettext("{teken} kan niet worden geschreven in {codering}; zet encoding: "
                                 "utf-8 in de specificatie", teken=ch, codering=enc),
                         reason=Reason.UNREADABLE_FILE, file=file, row=row,
                         column=col or None) from None


def _ascii(buf) -> bool:
    """True if an Arrow buffer holds only ASCII bytes (checked without copying it)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not buf.size:
        return True
    view = pa.Array.from_buffers(pa.uint8(), buf.size, [None, buf])
    return pc.max(view).as_py() < 128


def _fast_csv(df: pd.DataFrame, sep: str, lineterminator: str, *, header: bool = True):
    """The CSV pandas would write (UTF-8, an Arrow buffer), written by pyarrow's CSV writer;
    None when any cell or header needs quoting (then pandas writes it, quoting as it does)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    special = "[" + re.escape(sep) + '"\r\n]'
    if any(re.search(special, str(c)) for c in df.columns) or not len(df.columns):
        return None
    if not all(pd.api.types.is_string_dtype(df[c].dtype) or df[c].dtype == object
               for c in df.columns):
        return None
    sink = pa.BufferOutputStream()
    if header:
        sink.write((sep.join(map(str, df.columns)) + lineterminator).encode("utf-8"))
    if len(df):
        try:
            table = pa.table({str(i): pa.array(df[c].astype("str"), type=pa.string(),
                                               from_pandas=True)
                              for i, c in enumerate(df.columns)})
            # quoting "none": pyarrow refuses (ArrowInvalid) any cell with the delimiter, a
            # quote or a line end, exactly the cells pandas would quote; its message holds the
            # cell, so it is never shown: pandas writes the frame instead
            pacsv.write_csv(table, sink, pacsv.WriteOptions(
                include_header=False, delimiter=sep, quoting_style="none", eol=lineterminator))
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            return None
    return sink.getvalue()


def _write_xlsx(df: pd.DataFrame, path: Path, sheet: str) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    from ..io import save_workbook

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
    save_workbook(wb, path, check=False)  # the partner's own (raw) extract, not an output
