"""Names and birth dates: the parts of the ``name_dob`` identifier (see :mod:`.normalise`).

Lower case, diacritics removed, punctuation turned into spaces, whitespace collapsed. Prefixes
(*tussenvoegsels*) are split off whether written in front ("Van der Berg"), behind
("Berg van der"), after a comma ("Berg, van der") or in a separate column.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache

from ..errors import InputError
from ..i18n import N_, _
from ._values import _blank, _invalid, _invalid_later, _missing, _ok, _text

__all__ = ["TUSSENVOEGSELS", "MIDNIGHT", "DATE_AT_MIDNIGHT", "date_key", "normalise_name",
           "parse_birth_date", "normalise_name_dob", "sentinel_mask"]


#: words that make up Dutch (and common foreign) surname prefixes, after normalisation
TUSSENVOEGSELS = frozenset({
    "van", "der", "den", "de", "het", "t", "ter", "ten", "te", "op", "in", "onder", "aan", "bij",
    "uit", "over", "voor", "vande", "vanden", "vander", "la", "le", "les", "du", "des", "d", "l",
    "von", "vom", "zu", "zum", "zur", "da", "dos", "do", "di", "del", "della", "al", "el",
})


_LETTER_MAP = str.maketrans({"ß": "ss", "ø": "o", "æ": "ae", "ł": "l", "đ": "d", "œ": "oe",
                             "ı": "i"})


def _fold_once(text: str) -> str:
    s = unicodedata.normalize("NFKD", text.casefold())
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.translate(_LETTER_MAP)
    s = re.sub(r"['\u2019`´]", "", s)  # 't, d'Ancona: apostrophes vanish without a gap
    s = "".join(ch if ch.isalnum() else " " for ch in s)
    return " ".join(s.split())


@lru_cache(maxsize=1 << 16)
def _fold(text: str) -> str:
    """Lower case, no diacritics, punctuation to spaces, whitespace collapsed (a fixed point)."""
    s = _fold_once(text)
    for _round in range(4):  # compatibility forms can unfold into new upper case / marks
        t = _fold_once(s)
        if t == s:
            break
        s = t
    return s


def normalise_name(surname: str | None, prefix: str | None = None) -> tuple[str, str] | None:
    """Split and fold a surname into ``(surname, prefix)``.

    Examples
    --------
    >>> normalise_name("Van der Berg"), normalise_name("Berg, van der"), normalise_name("berg van der")
    (('berg', 'van der'), ('berg', 'van der'), ('berg', 'van der'))
    >>> normalise_name("Brée", "'t")
    ('bree', 't')
    """
    if _blank(surname):
        return None
    return _ok(_split_surname(_text(surname), None if _blank(prefix) else _text(prefix)))


@lru_cache(maxsize=1 << 16)
def _split_surname(raw: str, prefix: str | None) -> tuple[str, str] | InputError:
    pre_tokens = _fold(prefix).split() if prefix is not None else []
    if "," in raw:
        head, _comma, tail = raw.partition(",")
        tail_tokens = _fold(tail).split()
        if tail_tokens and all(t in TUSSENVOEGSELS for t in tail_tokens):
            pre_tokens += tail_tokens
            raw = head
    tokens = _fold(raw).split()
    if not tokens:
        return _invalid_later("name_dob", N_("achternaam heeft geen letters of cijfers"))
    # leading ("van der Berg") and trailing ("Berg van der") prefix words; one word always stays
    lead = 0
    while lead < len(tokens) - 1 and tokens[lead] in TUSSENVOEGSELS:
        lead += 1
    trail = len(tokens)
    while trail - 1 > lead and tokens[trail - 1] in TUSSENVOEGSELS:
        trail -= 1
    pre_tokens = tokens[:lead] + tokens[trail:] + pre_tokens
    return " ".join(tokens[lead:trail]), " ".join(pre_tokens)


#: a midnight time after a date, in the spellings exports write it: ``0:00``, ``00:00``,
#: ``00:00:00``, SQL Server's ``00:00:00.000``, ISO's ``T00:00:00``; it is the date (review 8
#: S19). RE2-compatible: the column-wise paths (:func:`~netwerk.ingest.readers.parse_dates`)
#: use it in pyarrow.
MIDNIGHT = r"[ T]0{1,2}:00(?::00(?:\.0+)?)?"

_DATE_PATTERNS = (
    re.compile(rf"(?P<d>\d{{1,2}})[-/.](?P<m>\d{{1,2}})[-/.](?P<y>\d{{4}})(?:{MIDNIGHT})?"),
    re.compile(rf"(?P<y>\d{{4}})-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})(?:{MIDNIGHT})?"),
    re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})"),
)


#: the spellings :func:`date_key` reads: day first or ISO, any of - / . between, a midnight time
_KEY_PATTERNS = (
    re.compile(rf"(?P<d>\d{{1,2}})[-/.](?P<m>\d{{1,2}})[-/.](?P<y>\d{{4}})(?:{MIDNIGHT})?"),
    re.compile(rf"(?P<y>\d{{4}})[-/.](?P<m>\d{{1,2}})[-/.](?P<d>\d{{1,2}})(?:{MIDNIGHT})?"),
    re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})"),
)

#: a cell that is a date (day first or ISO) with a midnight time, for the "time left out" count
DATE_AT_MIDNIGHT = rf"^\s*[0-9]{{1,4}}[-/.][0-9]{{1,2}}[-/.][0-9]{{1,4}}{MIDNIGHT}\s*$"


def date_key(value: object) -> tuple[int, int, int] | None:
    """``(year, month, day)`` of a date written in any spelling the readers accept (day first or
    ISO, ``-``, ``/`` or ``.``, leading zeros or not, a midnight time as XLSX writes it), without
    checking that it is a real date (``00-00-0000`` is ``(0, 0, 0)``); None for other text.

    Used to compare with the spec's sentinel dates by value, not by spelling.

    Examples
    --------
    >>> date_key("1-1-1900"), date_key("1900-01-01 00:00:00"), date_key("01/01/1900")
    ((1900, 1, 1), (1900, 1, 1), (1900, 1, 1))
    >>> date_key("00-00-0000"), date_key("19000101"), date_key("1-1-19"), date_key(None)
    ((0, 0, 0), (1900, 1, 1), None, None)
    """
    if not isinstance(value, str):
        return None
    v = value.strip()
    for pat in _KEY_PATTERNS:
        m = pat.fullmatch(v)
        if m:
            return int(m["y"]), int(m["m"]), int(m["d"])
    return None


def sentinel_mask(values, sentinels):
    """Which cells hold one of the ``sentinels`` (placeholder dates such as ``01-01-1900``), compared
    by :func:`date_key`, so ``1-1-1900``, ``1900-01-01 00:00:00`` and ``01/01/1900`` are the
    placeholder too. A vectorised prefilter (RE2 on the cells for a sentinel's year) leaves few
    cells for the exact test, each distinct text once.

    Parameters
    ----------
    values : pd.Series of str
        Shape (n,); missing cells are False.
    sentinels : iterable of str
        A spec's ``sentinel_dates``; texts that are no date are compared as stripped text.

    Returns
    -------
    np.ndarray of bool, shape (n,)

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.Series(["1-1-1900", "01-01-1900", "1900-1-1", "02-01-1900", "0-0-0000", None,
    ...                "onbekend"], dtype="str")
    >>> sentinel_mask(s, ["01-01-1900", "00-00-0000", "onbekend"]).tolist()
    [True, True, True, False, True, False, True]
    """
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    sentinels = [str(x).strip() for x in sentinels or ()]
    n = len(values)
    if not n or not sentinels:
        return np.zeros(n, dtype=bool)
    keys = {k for k in map(date_key, sentinels) if k is not None}
    texts = {x for x in sentinels if date_key(x) is None}
    arr = pa.array(pd.Series(values).astype("str"), type=pa.large_string(), from_pandas=True)
    out = np.zeros(n, dtype=bool)
    if texts:
        out |= pc.fill_null(pc.is_in(pc.utf8_trim_whitespace(arr), value_set=pa.array(
            sorted(texts), pa.large_string())), False).to_numpy(zero_copy_only=False)
    if keys:
        years = "|".join(sorted({f"{y:04d}" for y, _m, _d in keys}))
        cand = pc.fill_null(pc.match_substring_regex(
            arr, rf"(?:^|[^0-9])(?:{years})(?:[^0-9]|$)|^\s*(?:{years})[0-9]{{4}}\s*$"),
            False).to_numpy(zero_copy_only=False)
        idx = np.flatnonzero(cand)
        if len(idx):
            sub = pd.Series(arr.take(pa.array(idx)).to_pylist())
            uniq = sub.unique()
            hit = {u for u in uniq if date_key(u) in keys}
            out[idx] |= sub.isin(hit).to_numpy()
    return out


def parse_birth_date(value: str | None) -> str | None:
    """Day-first birth date (``dd-mm-yyyy``, ``d-m-yyyy``, ``dd/mm/yyyy``, ``dd.mm.yyyy``,
    ``yyyy-mm-dd``, ``yyyymmdd``) to ISO ``yyyy-mm-dd``; years 1850-2100. A midnight time
    after the date (:data:`MIDNIGHT`: ``0:00``, ``00:00:00``, ``00:00:00.000``) is the date; any
    other time of day is refused (a local midnight stored as UTC would give the wrong day).

    Examples
    --------
    >>> parse_birth_date("31-1-1980"), parse_birth_date("1980-01-31 00:00:00")
    ('1980-01-31', '1980-01-31')
    >>> parse_birth_date("31-01-1980 0:00"), parse_birth_date("1980-01-31 00:00:00.000")
    ('1980-01-31', '1980-01-31')
    """
    if _blank(value):
        return None
    return _ok(_iso_date(_text(value).strip()))


@lru_cache(maxsize=1 << 16)
def _iso_date(v: str) -> str | InputError:
    for pat in _DATE_PATTERNS:
        m = pat.fullmatch(v)
        if m:
            try:
                d = date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                return _invalid_later("name_dob", N_("geboortedatum bestaat niet"))
            if not 1850 <= d.year <= 2100:
                return _invalid_later("name_dob", N_("geboortejaar buiten 1850-2100"))
            return d.isoformat()
    if EXCEL_SERIAL.fullmatch(v):
        return _invalid_later("name_dob", N_("geboortedatum is een getal (Excel-serienummer?); "
                                             "sla de kolom op als datum"))
    when = _TIME_OF_DAY.fullmatch(v)
    if when and any(p.fullmatch(when["day"]) for p in _DATE_PATTERNS):
        # a time that is not midnight: often a local midnight stored as UTC without its zone
        # (1964-04-18 23:00 for 19-04-1964); cutting it to a date would give the wrong day
        return _invalid_later("name_dob", N_("geboortedatum heeft een tijdstip (niet middernacht); "
                                             "welke dag het is, is niet zeker: lever alleen de "
                                             "datum"))
    return _invalid_later("name_dob", N_("geboortedatum is niet dag-eerst (dd-mm-jjjj) of ISO "
                                         "(jjjj-mm-dd)"))


#: a bare number where a date belongs: an Excel date serial (44927 is 01-01-2023) in a number cell
EXCEL_SERIAL = re.compile(r"\s*[0-9]{1,5}(?:[.,][0-9]+)?\s*")
_TIME_OF_DAY = re.compile(r"(?P<day>\S+)[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?")


def normalise_name_dob(
    surname: str | None, first_names: str | None, birth_date: str | None,
    prefix: str | None = None,
) -> str | None:
    """Surname + first names + birth date as ``surname|prefix|first names|yyyy-mm-dd``.

    Returns None when all parts are missing; raises ``MISSING_IDENTIFIER`` when only some are.

    Examples
    --------
    >>> normalise_name_dob("VAN DER BERG", "Jan-Peter", "31-01-1980")
    'berg|van der|jan peter|1980-01-31'
    >>> normalise_name_dob("Berg", "jan peter", "1980-01-31", prefix="van der")
    'berg|van der|jan peter|1980-01-31'
    """
    parts = (surname, first_names, birth_date)
    if all(_blank(p) for p in parts) and _blank(prefix):
        return None
    for p, what in zip(parts, (N_("achternaam ontbreekt"), N_("voornamen ontbreken"),
                               N_("geboortedatum ontbreekt")), strict=True):
        if _blank(p):
            raise _missing("name_dob", _(what))
    split = normalise_name(surname, prefix)
    assert split is not None
    first = _fold(_text(first_names))
    if not first:
        raise _invalid("name_dob", _("voornamen hebben geen letters"))
    dob = parse_birth_date(birth_date)
    return f"{split[0]}|{split[1]}|{first}|{dob}"
