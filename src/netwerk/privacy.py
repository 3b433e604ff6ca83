"""The privacy vocabulary of netwerk: pseudonyms, raw identifiers, masks and restricted attributes.

One module answers the questions every layer asks about personal data, so the partner-side
pseudonymiser, the RIEC-side leak guard (:mod:`netwerk.ingest.leakguard`) and the output guard
(:mod:`netwerk.guard`, inside every writer of maps, exports, reports and plans) give the same answer:

* **Is this a netwerk pseudonym?** :data:`PSEUDONYM_RE`, :func:`is_pseudonym`,
  :func:`pseudonym_kind`. A pseudonym is ``<PREFIX>-<24 lowercase hex>`` with the prefix of its
  identifier kind (``BSN-3f9a…``).
* **Does this text hold a raw identifier?** :func:`find_raw_identifiers` is the ONE detector set:
  numbers passing the 11-proef (BSN/RSIN) in any spacing or dotting, 8-digit BSNs whose leading zero
  was dropped, IBANs (mod-97), Dutch phone numbers (``06-…``, ``(06) …``, ``(0)6 …``,
  ``+31 (0)6 …``, ``0031 …``, ``020/…``), licence plates with or without dashes, postcodes in any
  case (with or without house number) and the police/registration number patterns an extract spec
  declares (``raw_patterns``). Pseudonyms (and UUIDs) are removed before scanning.

  Groups of an identifier may be separated by one or two spaces, a dot, or a dash with spaces
  around it (``123  456  782``, ``NL91.ABNA.0417.1643.00``, ``NL91-ABNA-0417-1643-00``,
  ``06 - 123 456 78``, ``06.12.34.56.78``, ``6 VSP-01``). An IBAN must have its country's
  length and pass mod-97, so a police number ``PL0000-4532459779`` (a Polish IBAN has 28
  characters) is none. A BSN with a spaced separator (``123 - 456 - 782``, ``123 / 456 / 782``)
  must be grouped as a BSN is written, 3-3-3, 4-2-3 or 2-3-4, with no further number joined to
  it and no range, list or amount word before it or unit after it (``tussen 275 - 461 - 415 m``,
  ``nummers …``, ``blz. …``, ``€ …``), unless a BSN word stands before it. A licence plate in
  three separated groups (``6 VSP 01``, ``6.VSP.01``, ``6_VSP_01``) or in two, one of the
  sidecode's separators left out (``6VSP 01``, ``GBB 01B``), must be grouped as one of the 14
  official sidecodes; in capitals with letters issued since sidecode 4 (no vowels, C or Q, no
  banned combination, no common abbreviation, organisation or law such as ``MB``, ``BTW``,
  ``FNV`` or ``WVW``, not after an article number ``art. 8``, and in two groups with letters and
  digits mixed in one) it is a plate as it stands, otherwise (lower case, ``AB 12 CD``,
  ``GZ 1234``) only after a word such as ``kenteken``, ``kent.``, ``auto`` or ``voertuig``
  (``op 12 mei``, ``De 12 km``, ``1 EUR 50``, ``6 FNV 95``, ``RTD02 H 2046`` stay clean). A
  postcode may carry its house number glued on (``3512JE12``, ``3512je12A``). Nine digits are
  a phone number whose ``0`` a spreadsheet dropped (``612345678``, ``31612345678``) only right
  after a word that says phone (``tel``, ``mobiel:``, ``gebeld met``).

  The number shapes a spreadsheet or a typist gives count too: an 11-proef number with the zero
  decimals of a number cell (``123456782.0``, ``123456782,00``) or in three groups of three
  joined by one ``/``, ``_`` or ``,`` (``123/456/782``); a phone number glued to a dot
  (``tel.0612345678``) or written as a number cell (``0612345678.0``); a postcode with a dash
  (``3512-JE``). Every Unicode dash (en dash, minus sign, ...) reads as ``-``.

  The text is read as a person sees it: invisible characters (the identifier cleaning's list,
  :data:`netwerk.ingest.readers.INVISIBLE`: zero-width characters, BOM, soft hyphen) removed,
  every Unicode space (no-break, narrow no-break, ...) a space, every Unicode decimal digit
  (fullwidth, Arabic-Indic, ...) its ASCII digit; hits are reported in the text as given. An
  11-proef number may be glued to letters or a ``-``/``_``/``.``/``,`` prefix and to a suffix
  (``BSN123456782``, ``nr.123456782``, ``123456782abc``), but not to more digits, even through
  a separator (``PL0000-4532459779``, ``0.123456782``), nor inside a hexadecimal token of 16 or
  more characters (a hash). A lower-case postcode after a space is one unless its letters are a
  common word or unit (``in 2019 en 2020``, ``2024 at 10``, ``1500 kg``). Letters that are a
  unit in any case (``1500 KG``, ``2500 pp``), or after a year 1900-2099 a legal form or
  abbreviation (``Beheer 2000 BV``, ``Holding 2024 QA``) or a word in capitals
  (``2019 EN 2020``), make a postcode only when the context says so: a house number follows, or
  ``postcode``, ``adres``, ``woont`` or a street and number with a comma stand before it
  (``3512 KG 12``, ``postcode 2000 BV``). ``SA``, ``SD`` and ``SS`` are never issued. A compact
  plate of an abbreviation and four digits (``BV1234``) needs a context word.
* **How do I name a bad value without repeating it?** :func:`masked_shape` ("9 cijfers, 11-proef
  faalt") and :func:`mask_text` (``"zie [bsn]"``).
* **May an analyst store this text?** :func:`check_entered_text` refuses text typed at entry (the
  case record, decisions, the intervention log, notes) that holds a raw identifier, naming the
  field and the value's shape, never the value.
* **Which attributes may only their own partner see?** :func:`restricted_attributes` reads them
  from a case store.

Names and birth dates cannot be recognised by pattern: this is a belt-and-braces check on top of
data minimisation (only mapped columns leave a partner), not a proof.

Principle served: *dedicated teamplay* needs trust between partners; nothing raw leaves a partner.

Examples
--------
>>> find_raw_identifiers("verdachte BSN 1112.22.333 woont op 1234ab 5, tel (06) 1234 5678")
[('bsn', '1112.22.333'), ('postcode+number', '1234ab 5'), ('phone', '(06) 1234 5678')]
>>> find_raw_identifiers("zie BSN123456782, nr.111\u00a0222\u00a0333; woont 3512 je 12")
[('bsn', '123456782'), ('bsn', '111\xa0222\xa0333'), ('postcode+number', '3512 je 12')]
>>> find_raw_identifiers("auto 6 VSP 01, kenteken 99 xx bb, rek. NL91.ABNA.0417.1643.00, 06 - 123 456 78")
[('plate', '6 VSP 01'), ('plate', '99 xx bb'), ('iban', 'NL91.ABNA.0417.1643.00'), ('phone', '06 - 123 456 78')]
>>> find_raw_identifiers("Beheer 2000 BV, 1500 KG; bsn 123456782.0, tel.0612345678, 3512-JE")
[('bsn', '123456782.0'), ('phone', '0612345678'), ('postcode', '3512-JE')]
>>> find_raw_identifiers("rek. NL91-ABNA-0417-1643-00, bsn 123 - 456 - 782, 6VSP 01, 3512JE12A, tel 612345678")
[('iban', 'NL91-ABNA-0417-1643-00'), ('bsn', '123 - 456 - 782'), ('plate', '6VSP 01'), ('postcode+number', '3512JE12A'), ('phone', '612345678')]
>>> find_raw_identifiers("PL0000-4532459779, nummers 275 - 461 - 415, 6 FNV 95, art. 8 WVW 94, ref 612345678")
[]
>>> mask_text("verdachte BSN 111222333 gezien")
'verdachte BSN [bsn] gezien'
>>> masked_shape("111222334", "bsn")
'9 cijfers, 11-proef faalt'
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from operator import mul

from stdnum import iban as _iban

from .i18n import N_, _, ngettext

__all__ = [
    "MASKED_SOURCE",
    "PSEUDONYM_RE",
    "PSEUDONYM_PREFIXES",
    "patterns_for",
    "RAW_KINDS",
    "is_pseudonym",
    "pseudonym_kind",
    "looks_pseudonymised",
    "elfproef",
    "compile_patterns",
    "find_raw_identifiers",
    "has_raw_identifier",
    "mask_text",
    "mask_name",
    "candidates",
    "masked_shape",
    "kind_label",
    "check_entered_text",
    "restricted_attributes",
    "CASE_PATTERNS_KEY",
    "record_case_patterns",
    "case_patterns",
]


def _prefixes() -> dict[str, str]:
    from .ingest.spec import IDENTIFIER_KINDS

    return {v["prefix"]: k for k, v in IDENTIFIER_KINDS.items()}


#: Shown instead of a restricted source's name in relation provenance (an edition's relation
#: table, timeline and panels). Dutch, as stored; outputs translate it through ``netwerk.i18n``.
MASKED_SOURCE = "afgeschermde bron"

#: pseudonym prefix -> identifier kind (``"BSN" -> "bsn"``)
PSEUDONYM_PREFIXES: dict[str, str] = _prefixes()

#: A netwerk pseudonym anywhere in a text: a known prefix, a hyphen and 24 lowercase hex digits.
PSEUDONYM_RE = re.compile(
    r"(?<![\w-])(?:" + "|".join(sorted(PSEUDONYM_PREFIXES, key=len, reverse=True))
    + r")-[0-9a-f]{24}(?![\w])")

#: Labels :func:`find_raw_identifiers` gives (plus the labels of a spec's ``raw_patterns``).
RAW_KINDS = ("bsn", "iban", "postcode+number", "postcode", "plate", "phone")


def is_pseudonym(value: object, kind: str | None = None) -> bool:
    """True if ``value`` is a whole, well-formed netwerk pseudonym (of ``kind``, if given).

    Parameters
    ----------
    value : object
        Anything; only a ``str`` can be a pseudonym.
    kind : str, optional
        Identifier kind (``"bsn"``, ``"kvk"``, ...). None accepts every kind.

    Examples
    --------
    >>> p = "BSN-" + "0" * 24
    >>> is_pseudonym(p), is_pseudonym(p, "bsn"), is_pseudonym(p, "kvk"), is_pseudonym("BSN-" + "A" * 24)
    (True, True, False, False)
    """
    got = pseudonym_kind(value)
    return got is not None and (kind is None or got == kind)


def pseudonym_kind(value: object) -> str | None:
    """Identifier kind of a pseudonym (``"BSN-…"`` -> ``"bsn"``), None if not a pseudonym.

    Examples
    --------
    >>> pseudonym_kind("KVK-" + "a" * 24), pseudonym_kind("KVK-xyz")
    ('kvk', None)
    """
    if not isinstance(value, str):
        return None
    prefix, sep, rest = value.partition("-")
    if not sep or len(rest) != 24 or prefix not in PSEUDONYM_PREFIXES:
        return None
    if rest.strip("0123456789abcdef"):
        return None
    return PSEUDONYM_PREFIXES[prefix]


def looks_pseudonymised(values: Iterable[object]) -> bool:
    """True if any value is a whole netwerk pseudonym (used to refuse pseudonymising twice).

    Examples
    --------
    >>> looks_pseudonymised(["111222333", None]), looks_pseudonymised(["BSN-" + "1" * 24])
    (False, True)
    """
    return any(pseudonym_kind(v) is not None for v in values)


_ELF_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
_ELF_OFFSET = 48 * sum(_ELF_WEIGHTS)  # ASCII '0' times the weights


def elfproef(digits: str) -> bool:
    """The 11-proef for BSN/RSIN: weights 9..2 and -1 on the last digit, sum divisible by 11.

    Examples
    --------
    >>> elfproef("111222333"), elfproef("123456782"), elfproef("123456789")
    (True, True, False)
    """
    if len(digits) != 9 or not digits.isascii() or not digits.isdigit():
        return False
    total = sum(map(mul, digits.encode("ascii"), _ELF_WEIGHTS)) - _ELF_OFFSET
    return total % 11 == 0


# ------------------------------------------------------------------------------ detectors
# The detectors run on the text as a reader sees it: invisible characters removed, every Unicode
# space a space, every Unicode decimal digit its ASCII digit (:func:`_normalised`); so the
# patterns are ASCII (``re.ASCII``), exactly as the RE2 prefilter (:func:`candidates`) reads them.
_A = re.ASCII
# A pattern that opens with a look-behind is tried at every position; those below open with a
# look-ahead for their first character, which lets the engine skip to the candidates (half
# the time of the digit patterns), and try a separator only where one stands.
#: a separator between the groups of a written identifier: one or two spaces (a no-break space
#: is a space here), or one ``.`` or ``-`` with at most one space on either side
#: (``123 456 782``, ``NL91  ABNA``, ``06 - 123 456 78``, ``6.VSP.01``, ``6 VSP-01``)
_SEP = r"(?: {1,2}| ?[.\-] ?)"
#: a 9-digit number (any spacing or dotting): not inside a longer number, even through a
#: separator (``PL0000-4532459779``, ``0.123456782``), but glued to letters or to a
#: ``-``/``_``/``.``/``,`` prefix is fine (``BSN123456782``, ``nr.123456782``, ``123456782abc``)
#: between the digits of a BSN: one space, dot or dash, or two spaces (not `` - ``: ranges)
_NSEP = r"(?:[ .\-]| {2})"
#: after the digits: no more digits, except the zero decimals a spreadsheet writes after a whole
#: number (``123456782.0``, ``123456782,00``: the number shape of issue 9)
_NUM_END = r"(?:[.,]0+(?![0-9]))?(?![0-9/]|[.,\-_][0-9])"
_NINE = re.compile(r"(?=[0-9])(?<![0-9/+])(?<![0-9][.,\-_])[0-9](?:(?:(?=[ .\-])" + _NSEP
                   + r")?[0-9]){8}" + _NUM_END, _A)
_EIGHT = re.compile(r"(?=[0-9])(?<![0-9/+])(?<![0-9][.,\-_])[0-9]{8}" + _NUM_END, _A)
_ZEROS = re.compile(r"[.,]0+$")
_BSN_SEP = re.compile(r"[ .\-]")
#: a 9-digit number in three groups of three joined by one ``/``, ``_`` or ``,`` (the same one
#: twice: ``123/456/782``, ``123_456_782``, ``123,456,782``)
_NINE_GROUPED = re.compile(r"(?=[0-9])(?<![0-9/+])(?<![0-9][.,\-_/])[0-9]{3}(?P<g>[/_,])[0-9]{3}"
                           r"(?P=g)[0-9]{3}(?![0-9]|[/_.,\-][0-9])", _A)
#: a 9-digit number in three groups written with a spaced separator (`` - ``, ``- ``, `` . ``,
#: `` / ``; a Unicode dash reads as ``-``), grouped as a BSN is written: 3-3-3 (``123 - 456 - 782``),
#: 4-2-3 (``1234 - 56 - 782``, the passport's ``1234.56.782``) or 2-3-4 (``12 - 345 - 6782``).
#: Ranges, page numbers and amounts in other groupings are never read as one (:func:`_bsn_spaced_ok`)
_SPSEP = r"(?: ?[\-./] ?| {1,2})"
_NINE_SPACED = re.compile(
    r"(?=[0-9])(?<![0-9])(?:[0-9]{3}" + _SPSEP + r"[0-9]{3}" + _SPSEP + r"[0-9]{3}|[0-9]{4}" + _SPSEP
    + r"[0-9]{2}" + _SPSEP + r"[0-9]{3}|[0-9]{2}" + _SPSEP + r"[0-9]{3}" + _SPSEP + r"[0-9]{4})(?![0-9])",
    _A)
_NINE_SEPS = frozenset({" ", ".", "-", "  "})
_NON_DIGITS = re.compile(r"[^0-9]+", _A)
#: a spaced separator next to a digit: the only texts :data:`_NINE_SPACED` is tried on
_SPACED_SEP = re.compile(r"[0-9](?: [\-./]|[\-./] )", _A)
#: a number written next to it through a separator: the match is part of a longer series
_MORE_BEFORE = re.compile(r"[0-9] ?[\-./_] ?$|[0-9],$", _A)
_MORE_AFTER = re.compile(r" ?[\-./_] ?[0-9]|,[0-9]", _A)
#: before a spaced 3-3-3 series: a word that makes it a range, a list of numbers or an amount
#: (``tussen 275 - 461 - 415``, ``nummers 100 - 200 - 300``, ``blz. 123 - 456 - 789``, ``€``),
#: unless a BSN word stands closer (``bsn van 123 - 456 - 782``)
_RANGE_BEFORE = re.compile(
    r"(?i:\b(?:tussen|van|vanaf|tot|nummers|nrs\.?|nos?\.|pagina'?s?|blz\.?|pag\.?|pp?\.|"
    r"hoofdstuk(?:ken)?|art(?:ikel(?:en)?)?\.?|leden|regels?|jaren|score|bedrag(?:en)?|eur(?:o)?)"
    r"|€|\$|£)[^\n0-9]{0,12}$", _A)
#: after it: a unit, currency or percentage (``275 - 461 - 415 m``, ``100 - 200 - 300 euro``)
_UNIT_AFTER = re.compile(
    r" ?(?:%|€|(?i:m|km|cm|mm|m2|m3|kg|g|mg|l|ml|cl|dl|ha|uur|u|min|sec|euro|eur|keer|x|pct|"
    r"procent|punten|stuks|st|meter|kilo|gram|liter|dagen|weken|jaar)\b)", _A)
#: a word that says a BSN follows (it wins over a range word further away)
_BSN_BEFORE = re.compile(r"(?i:\b(?:bsn|burgerservice\w*|sofi\w*|rsin|fiscaal nummer))"
                         r"[^\n0-9]{0,20}$", _A)


def _bsn_spaced_ok(s: str, m: re.Match[str]) -> bool:
    """Whether a 9-digit series with a spaced separator (:data:`_NINE_SPACED`) is a BSN.

    It is when its separators are not all ones :data:`_NINE` reads already (then that one
    reports it), no further number joins it through a separator (``100 - 200 - 300 - 400``), it
    passes the 11-proef and no range, list or amount word stands before it (``tussen``,
    ``nummers``, ``blz.``, ``€``, ...) nor a unit after it (``m``, ``euro``, ``%``, ...), unless a
    BSN word (``bsn``, ``burgerservicenummer``, ``sofinummer``, ``rsin``) stands before it.

    Examples
    --------
    >>> [bool(find_raw_identifiers(t)) for t in ("zie 123 - 456 - 782", "1234 - 56 - 782",
    ...      "tussen 275 - 461 - 415 m", "bsn van 123 - 456 - 782", "123 - 456 - 782 - 900")]
    [True, True, False, True, False]
    """
    text = m.group(0)
    if all(sep in _NINE_SEPS for sep in _NON_DIGITS.findall(text)):
        return False  # 123-456 782, 123  456  782: :data:`_NINE` reports it
    if _MORE_BEFORE.search(s, max(0, m.start() - 4), m.start()) or _MORE_AFTER.match(s, m.end()):
        return False
    if not elfproef(re.sub(r"[^0-9]", "", text)):
        return False
    line = s.rfind("\n", 0, m.start()) + 1
    if _BSN_BEFORE.search(s, max(line, m.start() - 40), m.start()):
        return True
    return not (_RANGE_BEFORE.search(s, max(line, m.start() - 40), m.start())
                or _UNIT_AFTER.match(s, m.end()))


#: between the characters of an IBAN: one or two spaces, or a dot or a dash with at most one
#: space on either side (``NL91 ABNA …``, ``NL91.ABNA.…``, ``NL91-ABNA-0417-1643-00``). An IBAN
#: must have its country's length and format and pass mod-97 (python-stdnum), and one written
#: with a dash has a separator right after its check digits, as the groups are printed
#: (``NL91-ABNA-…``, ``NL91 ABNA-…``): a police registration number such as
#: ``PL0000-0869554290`` starts like a Polish IBAN (which has 28 characters) and is none
_ISEP = _SEP
_IBAN_GROUPED = re.compile(r"[A-Za-z]{2}(?:" + _ISEP + r"?[0-9]){2}" + _ISEP, _A)
_IBAN = re.compile(r"(?<![\w])[A-Za-z]{2}(?:" + _ISEP + r"?[0-9]){2}(?:(?:(?=[ .\-])" + _ISEP
                   + r")?[A-Za-z0-9]){10,30}"
                   r"(?![\w])", _A)
_IBAN_SEP = re.compile(r"[ .\-]")



#: a postcode, with its house number after a space or a comma (``3512 JE 12``) or glued to the
#: letters (``3512JE12``, ``3512je12``, with an addition ``3512JE12A``: group ``gnr``, one to four
#: digits: ``1234ab56789`` is a code)
_POSTCODE = re.compile(
    r"(?=[1-9])(?<![\w.,\-])[1-9]\d{3}(?P<sp>\s?| {2}|-)(?P<letters>[A-Za-z]{2})"
    r"(?:(?!\w)(?P<nr>\s*,?\s*\d{1,5}(?!\d))?|(?P<gnr>[0-9]{1,4}[A-Za-z]?)(?!\w))", _A)
#: two lower-case letters after a space that are a word or unit, not postcode letters
#: (``in 2019 en 2020``, ``2024 at 10``, ``1500 kg``)
_POSTCODE_WORDS = frozenset({
    "en", "of", "op", "in", "om", "te", "de", "na", "al", "is", "er", "ze", "we", "ik", "zo",
    "nu", "af", "ca", "at", "on", "to", "or", "as", "an", "am", "pm", "by", "no", "so", "up",
    "it", "be", "he", "my", "km", "kg", "mg", "ml", "cm", "mm", "dm", "gr", "st", "ha"})
#: letter pairs that after a four-digit number, in any case, are a unit (``1500 KG``,
#: ``2500 pp``): a postcode only when the context says so (:func:`_postcode_ok`)
_POSTCODE_UNITS = frozenset({
    "KG", "KM", "CM", "MM", "DM", "ML", "MG", "DL", "CL", "HL", "GR", "HA", "PP", "ST", "KB",
    "MB", "GB", "TB", "KW", "MW", "GW", "PK", "HP", "AM", "PM"})
#: letter pairs that after a year (1900-2099) are a legal form or a common abbreviation in any
#: case (``Beheer 2000 BV``, ``Holding 2024 QA``): a postcode only when the context says so
_POSTCODE_FORMS = frozenset({"BV", "NV", "CV", "QA", "IT", "HR", "PR", "EU", "VS", "UK", "US",
                             "NL", "TV", "PC"})
#: the words of :data:`_POSTCODE_WORDS` in capitals or mixed case, after a year
#: (``2019 EN 2020``, ``2018 Op de``, ``2019 TE koop``)
_POSTCODE_CAPWORDS = frozenset(w.upper() for w in _POSTCODE_WORDS) - _POSTCODE_UNITS
#: what says a postcode: a word such as ``postcode`` or ``adres`` before it on the same line, or
#: a street and house number and a comma right before it (``Oudegracht 12, 3512 EN Utrecht``)
_POSTCODE_CONTEXT = re.compile(r"(?i:post\s?code|\bp\.?c\.?|adres|woon|gevestigd|postbus)[^\n]{0,40}$"
                               r"|[A-Za-z]\.? [0-9]{1,5} ?[A-Za-z]?(?:[\-/ ][0-9]{1,4})?, ?$", _A)
_PLATE_DASHED = re.compile(
    r"(?<![\w-])([A-Z0-9]{1,3})-([A-Z0-9]{1,3})-([A-Z0-9]{1,3})(?![\w-])", re.I | _A)
#: (a plate holds a digit: a six-letter word is not tried)
_PLATE_COMPACT = re.compile(r"(?=[A-Z0-9])(?<![\w-])(?=[A-Z]{0,5}[0-9])[A-Z0-9]{6}(?![\w-])", re.I | _A)
_SIDECODES = re.compile(
    r"[A-Z]{2}\d{2}\d{2}|\d{2}\d{2}[A-Z]{2}|\d{2}[A-Z]{2}\d{2}|[A-Z]{2}\d{2}[A-Z]{2}"
    r"|[A-Z]{2}[A-Z]{2}\d{2}|\d{2}[A-Z]{2}[A-Z]{2}|\d{2}[A-Z]{3}\d|\d[A-Z]{3}\d{2}"
    r"|[A-Z]{2}\d{3}[A-Z]|[A-Z]\d{3}[A-Z]{2}|[A-Z]{3}\d{2}[A-Z]|[A-Z]\d{2}[A-Z]{3}"
    r"|\d[A-Z]{2}\d{3}|\d{3}[A-Z]{2}\d", _A)
#: the grouping of each official sidecode (1-14; L a letter, D a digit), as the plate is printed
_SIDECODE_GROUPS = ("LL DD DD", "DD DD LL", "DD LL DD", "LL DD LL", "LL LL DD", "DD LL LL",
                    "DD LLL D", "D LLL DD", "LL DDD L", "L DDD LL", "LLL DD L", "L DD LLL",
                    "D LL DDD", "DDD LL D")
#: letters issued since sidecode 4 (1978): no vowels (O only on trailers, A only for the royal
#: house), and no C or Q (too like a zero); M for motorcycles, W for caravans and trailers
_PLATE_LETTERS = frozenset("BDFGHJKLMNPRSTVWXZ")
#: letter combinations the RDW does not issue
_PLATE_BANNED = ("GVD", "KKK", "KVT", "LPF", "NSB", "PKK", "PSV", "PVV", "SGP", "TBS", "VVD", "SS",
                 "SD")


#: between the groups of a plate: :data:`_SEP` or one underscore (``6_VSP_01``)
_PSEP = r"(?: {1,2}| ?[.\-] ?|_)"


def _sidecode_shapes(letter: str, *, python: bool = True) -> str:
    """The 14 sidecodes as groups (``L`` -> ``letter``, a character class), each group boundary
    with or without a separator (:data:`_PSEP`), one regex written as a tree on the groups (so
    a backtracking engine drops a start after one group). A separator can only stand where the
    sidecode prints one: ``6VSP 01`` and ``6 VSP01`` are sidecode 8 in two groups, ``6V SP01``
    is no plate.

    Examples
    --------
    >>> rx = _sidecode_shapes("[A-Z]")
    >>> [bool(re.fullmatch(rx, t)) for t in ("6 VSP-01", "6VSP 01", "6_VSP_01", "6 VS 01", "6V SP01")]
    [True, True, True, False, False]
    """
    cls = {"L": letter, "D": "[0-9]"}
    # Python's engine: a separator is tried only where one stands; RE2 has no look-ahead
    opt_sep = "(?:(?=[ ._\\-])" + _PSEP + ")?" if python else "(?:" + _PSEP + ")?"

    def tree(codes: list[list[str]]) -> str:
        heads = list(dict.fromkeys(c[0] for c in codes))
        alts = []
        for h in heads:
            rests = [c[1:] for c in codes if c[0] == h]
            g = f"{cls[h[0]]}{{{len(h)}}}"
            alts.append(g if not rests[0] else g + opt_sep + tree(rests))
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return tree([code.split() for code in _SIDECODE_GROUPS])


_PLATE_ISSUED = "[" + "".join(sorted(_PLATE_LETTERS)) + "]"
#: a plate written in three groups, or in two where one separator of the three is left out,
#: with spaces, dots, underscores or mixed separators (``6 VSP 01``, ``6.VSP.01``, ``6 VSP-01``,
#: ``6VSP 01``, ``6_VSP_01``), grouped as a sidecode; found overlapping (:func:`_plates_separated`
#: leaves the compact ones to :data:`_PLATE_COMPACT`). ``_PLATE_BARE``: in capitals with issued
#: letters (a plate as it stands); ``_PLATE_ANY``: any letters, any case (after a context word)
_PLATE_BARE = re.compile(r"(?=[0-9" + _PLATE_ISSUED[1:] + r")(?<![\w.\-])(?=(?P<p>"
                         + _sidecode_shapes(_PLATE_ISSUED)
                         + r")(?![\w]|[.\-][A-Za-z0-9]))", _A)
_PLATE_ANY = re.compile(r"(?=[A-Za-z0-9])(?<![\w.\-])(?=(?P<p>" + _sidecode_shapes("[A-Za-z]")
                        + r")(?![\w]|[.\-][A-Za-z0-9]))", _A)
#: a number after a plate in two groups: it is part of a longer code, such as the cadastral
#: designation ``RTD02 H 2046`` (municipality code, section, parcel number)
_PLATE_MORE = re.compile(r"(?: ?[.\-] ?| {1,2}|_)[0-9]", _A)
#: six letters and digits in two groups joined by one dash (``6-VSP01``): the only text without
#: a space, dot or underscore that :func:`_plates_separated` reads
_PLATE_TWO_DASHED = re.compile(r"(?<![\w.\-])(?:" + "|".join(
    f"[A-Za-z0-9]{{{i}}}-[A-Za-z0-9]{{{6 - i}}}" for i in range(1, 6)) + r")(?![\w.\-])", _A)
_PLATE_SEPS = re.compile(r" ?[.\-] ?| {1,2}|_", _A)
_PLATE_GROUP = re.compile(r"[A-Za-z]+|[0-9]+", _A)
#: words that say a plate follows: needed for a separated plate in lower or mixed case, or with
#: letters not issued since sidecode 4
_PLATE_CONTEXT_WORDS = (r"kenteken(?:s|plaat|nummer)?|kent\.|nummerbord"
                        r"|(?:personen|bestel|vracht)?auto(?:'?s)?|bestelbus|busje|(?:vracht)?wagen"
                        r"|voertuig(?:en)?|aanhang(?:er|wagen)|oplegger|motor(?:fiets)?|scooter"
                        r"|(?:brom|snor)fiets|(?:licen[cs]e|number) plate|vehicle")
#: what every context word holds, in lower case (a quick test before the patterns)
_PLATE_CONTEXT_STEMS = re.compile("kent|nummerbord|auto|bus|wagen|voertuig|aanhang|oplegger|motor"
                                  "|scooter|fiets|plate|vehicle")
_PLATE_CONTEXT = re.compile(r"(?<![A-Za-z])(?:" + _PLATE_CONTEXT_WORDS + r")(?![A-Za-z])",
                            re.I | _A)
#: abbreviations and units in capitals made of issued letters (``16 MB 14``, ``1 BTW 21``):
#: a separated plate holding one is found only after a context word
_PLATE_CAPS = frozenset({
    "PM", "MB", "GB", "KB", "TB", "PB", "KW", "MW", "GW", "KWH", "MWH", "BV", "NV", "BTW", "MKB",
    "ZZP", "GGD", "BRP", "KVK", "RDW", "HR", "PV", "BSN", "KM", "KG", "MG", "ML", "DL", "HL", "PK",
    "HP", "TV", "PC", "DJ", "NL", "XL", "XXL", "XS", "HD", "GPS", "SMS", "PDF", "CSV", "XML", "RTL",
    "SBS", "NS", "KLM", "KPN", "WW", "ZVW", "NPV", "FTE", "LHBT", "VWS", "BZK", "JZ", "DNB", "VNG",
    # code pages netwerk itself names in its messages (cp1252, cp1250): an encoding, not a plate
    "CP",
    # organisations and laws partner texts name next to numbers: trade unions (FNV, VCP), laws
    # cited with an article or a year (WVW 1994, WWM, WPG, WWB, BW, SR, SV), banks and bodies
    # (SNS, SVB, NVM, KNB), and a drug police texts name with a quantity (GHB)
    "FNV", "VCP", "WVW", "WWM", "WPG", "WWB", "BW", "SR", "SV", "SNS", "SVB", "NVM", "KNB", "GHB"})
#: right before a plate-shaped series: an article or member number of a legal citation
#: (``art. 8 WVW 94``, ``artikel 5 WWM 12``, ``lid 2 BW 7``): no plate unless a context word says so
_PLATE_CITATION = re.compile(r"(?i:\b(?:art(?:ikel(?:en)?)?\.?|lid|leden|sub|onder))\s{0,2}$", _A)
#: lower-case words and units that are no plate letters (``om 12 30``, ``auto 2 uur 10``)
_PLATE_WORDS = frozenset({
    "uur", "min", "sec", "mei", "jan", "feb", "mrt",
    "apr", "jun", "jul", "aug", "sep", "okt", "nov", "dec", "per", "tot", "van", "het", "een",
    "die", "dat", "met", "bij", "kwh", "ltr", "eur", "nr", "art", "lid", "blz", "pag", "dag", "wk",
    "jr", "mnd", "ter", "bis", "pk", "km", "kg", "cm", "mm", "ml", "mg", "dl", "cl", "ha", "st", "gr", "ct",
    "pct", "the", "and", "for", "om", "op", "in", "en", "of", "te", "de", "na", "al", "is", "er",
    "ze", "we", "ik", "zo", "nu", "af", "ca", "at", "on", "to", "or", "as", "an", "am", "pm",
    "by", "no", "so", "up", "it", "be", "he", "my", "dm", "uw", "ons", "hun", "wie", "wat", "hoe"})
#: a Dutch phone number: ``06-…``, ``(06) …``, ``(0)6 …``, ``+31 (0)6 …``, ``0031 …``, ``020/…``,
#: the digits grouped by any :data:`_SEP` (``06 - 123 456 78``, ``+31-6-12345678``,
#: ``06.12.34.56.78``); the first digit after a bare ``0`` follows it directly (``0.612345678``
#: is a decimal)
_PHONE = re.compile(
    r"(?=[+0(])(?<![\w+\-/])(?<![0-9]\.)(?:\+31" + _SEP + r"?(?:\(0\)" + _SEP + r"?)?|0031" + _SEP + r"?(?:\(0\)" + _SEP
    + r"?)?|\(0\d{1,3}\)" + _SEP + r"?|\(0\)" + _SEP + r"?|0(?=[0-9]{1,3} ?/ ?[0-9])[0-9]{1,3} ?/ ?|0)"
    r"\d(?:(?:(?=[ .\-])" + _SEP + r")?\d){5,9}(?![\d\w])", _A)
#: a Dutch number whose leading ``0`` a spreadsheet dropped (``612345678``, a number cell
#: ``612345678.0``; ``31612345678`` for ``+31…``): only after a word that says phone
#: (:data:`_PHONE_CONTEXT`), since any nine digits could be one
_PHONE_NO_ZERO = re.compile(r"(?=[1-9])(?<![0-9+\-/])(?<![0-9][.,])(?:31)?[1-9][0-9]{8}"
                            r"(?=(?:[.,]0+)?(?![0-9/]|[.,\-_][0-9]))", _A)
#: words that say a phone number follows (``tel``, ``tel.``, ``telefoon``, ``mobiel``, ``gsm``,
#: ``06-nummer``, ``bel``, ``gebeld``, ``sms``, ``whatsapp``, ``phone``): it stands right before
#: the number, with only :data:`_PHONE_GAP` between them
_PHONE_CONTEXT = re.compile(
    r"(?<![A-Za-z0-9])(?i:tel(?:efoon(?:nummer|nr)?|nr|\.)?|mobiel(?:tje|nummer|e nummer)?|mob\.?"
    r"|gsm|06(?= ?:|-?\s?nummer)(?:-?\s?nummer)?|bel(?:t|de|den|len)?|gebeld|whats ?app|sms"
    r"|phone|mobile)(?![A-Za-z])", _A)
#: between that word and the number: punctuation and at most one small word (``tel: …``,
#: ``gebeld met …``, ``mobiel nummer …``), so ``bel 7 keer, ref 612345678`` is no phone number
_PHONE_GAP = re.compile(r"[ \t:.,=(\-]*(?:(?i:op|naar|met|via|nr|nummer|is|van)[ \t:.,=(\-]+)?", _A)
#: a date at the start of a phone-like match (``06-12-2024 10:00``), unless more groups of
#: digits follow it (``06-12-34-56-78`` is a phone number)
_DATE_LIKE = re.compile(r"\d{1,2} ?[\-/.] ?\d{1,2} ?[\-/.] ?\d{2,4}(?! ?[\-/.] ?\d)", _A)
_DIGIT = re.compile(r"[0-9]")
_DROP_DIGITS = str.maketrans("", "", "0123456789")
#: a UUID is no identifier of a person, whatever digits it holds
_UUID = re.compile(r"(?<![0-9A-Za-z])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
                   r"(?![0-9A-Za-z])", re.I | _A)
_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_HEX = frozenset("0123456789abcdefABCDEF")


@lru_cache(maxsize=1)
def _invisible() -> frozenset[str]:
    # the identifier cleaning's list (zero-width characters, word joiner, BOM, soft hyphen);
    # imported late: the readers import this module
    from .ingest.readers import INVISIBLE

    return frozenset(INVISIBLE)


@lru_cache(maxsize=4096)
def _char(c: str) -> str:
    """What one non-ASCII character is to the detectors: nothing (invisible), a space (any
    Unicode space: no-break, narrow no-break, figure, ...), a ``-`` (any Unicode dash: en dash,
    em dash, non-breaking hyphen, minus sign, ...), an ASCII digit (any Unicode decimal digit:
    fullwidth, Arabic-Indic, ...) or itself."""
    if c in _invisible():
        return ""
    cat = unicodedata.category(c)
    if cat == "Zs":
        return " "
    if cat == "Pd" or c == "\u2212":
        return "-"
    if c.isdecimal():
        return str(unicodedata.decimal(c))
    return c


def _normalised(text: str) -> tuple[str, list[int] | None]:
    """``text`` as the detectors read it (see :func:`_char`), and where each of its characters
    came from in ``text`` (None when nothing changed), so hits are reported and masked in the
    original text.

    Examples
    --------
    >>> _normalised("bsn 123\\u00a0456\\u200b782")[0], _normalised("\\uff11\\u0662")[0]
    ('bsn 123 456782', '12')
    """
    if text.isascii():
        return text, None
    mapped = [_char(c) if ord(c) > 127 else c for c in text]
    out = "".join(mapped)
    if len(out) == len(text):  # one character for one (spaces, dashes, digits): same places
        return out, None
    pos = [i for i, m in enumerate(mapped) if m]
    return out, pos + [len(text)]


def _in_hex_token(s: str, a: int, b: int) -> bool:
    """Whether the digits ``s[a:b]`` are glued into a long hexadecimal token (a hash, a key):
    16 or more hex digits in a row are no typed-in BSN."""
    i, j = a, b
    while i > 0 and s[i - 1] in _ALNUM:
        i -= 1
    while j < len(s) and s[j] in _ALNUM:
        j += 1
    return (i < a or j > b) and j - i >= 16 and all(c in _HEX for c in s[i:j])


def _is_date8(d: str) -> bool:
    for y, m, dd in ((d[:4], d[4:6], d[6:]), (d[4:], d[2:4], d[:2])):
        try:
            if 1850 <= int(y) <= 2100:
                _dt.date(int(y), int(m), int(dd))
                return True
        except ValueError:
            continue
    return False


def _phone_ok(text: str) -> bool:
    if _DATE_LIKE.match(text):
        return False
    v = "0" + text[3:] if text.startswith("(0)") else text.replace("(0)", "")
    d = re.sub(r"[\s\-().]", "", v.replace("/", ""))
    if d.startswith("+31"):
        d = d[3:]
    elif d.startswith("0031"):
        d = d[4:]
    elif d.startswith("0"):
        d = d[1:]
    else:
        return False
    d = d.removeprefix("0")
    return len(d) == 9 and d.isdigit() and d[0] != "0"


def _postcode_ok(s: str, m: re.Match[str]) -> bool:
    """Whether a postcode-shaped match (four digits, two letters) is a postcode.

    ``SA``, ``SD`` and ``SS`` are never issued. A lower-case word or unit after a space is no
    postcode (``in 2019 en 2020``, ``1500 kg``). Written without a space (``3512KG``) or as the
    whole text (a postcode column) it is one. Otherwise a unit in any case (:data:`_POSTCODE_UNITS`:
    ``1500 KG``, ``2500 pp``) and, after a year 1900-2099, a legal form or abbreviation in any
    case (:data:`_POSTCODE_FORMS`: ``Beheer 2000 BV``, ``Holding 2024 QA``) or a word in capitals
    or mixed case (``2019 EN 2020``, ``2018 Op de``) is a postcode only when the context says so:
    a house number follows (after a word not one of four digits: that is a second year), or a
    word such as ``postcode``, ``adres`` or ``woont``, or a street and number with a comma,
    stand before it.

    Examples
    --------
    >>> [bool(find_raw_identifiers(t)) for t in ("Beheer 2000 BV", "1500 KG hennep",
    ...      "2019 EN 2020", "3512 JE", "3512 KG 12", "postcode 3512 KG", "Dorpsweg 1, 2012 EN Ede",
    ...      "3512 BV", "1500KG", "1500 KG")]
    [False, False, False, True, True, True, True, True, True, True]
    """
    letters = m.group("letters")
    up = letters.upper()
    if up in {"SA", "SD", "SS"}:
        return False
    glued_nr = m.group("gnr")
    if not m.group("sp") and not glued_nr:
        return True  # glued: 3512KG, as a postcode column writes it
    # a house number glued to the letters (3512JE12) is read as a spaced one: 2019en2020 is
    # a word between years
    spaced = m.group("sp") != "-"
    if spaced and letters.islower() and letters in _POSTCODE_WORDS:
        return False  # "in 2019 en 2020", "2024 at 10", "1500 kg"
    if not m.group("nr") and not glued_nr and not s[:m.start()].strip() and not s[m.end():].strip():
        return True  # the whole cell: a postcode column
    unit = up in _POSTCODE_UNITS
    if not unit and not ((up in _POSTCODE_FORMS or spaced and up in _POSTCODE_CAPWORDS)
                         and "1900" <= m.group(0)[:4] <= "2099"):
        return True
    nr = (m.group("nr") or glued_nr or "").strip(" ,\t\n\r\f\v")
    if nr and (unit or len(nr) != 4 or not nr.isdigit()):  # four digits: a second year
        return True
    line = s.rfind("\n", 0, m.start()) + 1
    return _POSTCODE_CONTEXT.search(s, max(line, m.start() - 60), m.start()) is not None


def _compact_plate_ok(s: str, m: re.Match[str]) -> bool:
    """A compact plate of two letters and four digits (sidecodes 1 and 2) whose letters are a
    common abbreviation (:data:`_PLATE_CAPS`: ``BV1234``, ``KW2024``, ``2024KW``) counts only
    after a context word such as ``kenteken`` within 30 characters."""
    c = m.group(0)
    if c[:2].isalpha() and c[2:].isdigit():
        letters = c[:2]
    elif c[:4].isdigit() and c[4:].isalpha():
        letters = c[4:]
    else:
        return True
    if letters.upper() not in _PLATE_CAPS:
        return True
    return any(0 <= m.start() - c.end() <= 30 for c in _PLATE_CONTEXT.finditer(s, 0, m.start()))


def _plate_ok(text: str) -> bool:
    compact = text.replace("-", "").upper()
    if len(compact) != 6 or compact.isdigit() or compact.isalpha():
        return False
    return _SIDECODES.fullmatch(compact) is not None


def _pure_pair(g1: str, g2: str) -> bool:
    """Whether a plate in two groups is letters and digits apart (``GZ 1234``, ``reed 10``): the
    shape of a code or a word and a number, a plate only after a context word and in capitals."""
    return (g1.isalpha() and g2.isdigit()) or (g1.isdigit() and g2.isalpha())


def _plates_separated(s: str) -> list[tuple[int, int, str]]:
    """The plates written in separated groups in a normalised text: the three groups of the
    sidecode, or two of them where one separator is left out (``6VSP 01``, ``6 VSP01``), with
    spaces, dots, dashes or underscores between them.

    The groups must be those of an official sidecode (``6 VSP 01`` is sidecode 8, ``9-XXX-99``)
    and a separator can only stand where the sidecode prints one (``6V SP01`` is no plate).
    In capitals, with only letters issued since sidecode 4 (no vowels, no C or Q, no banned
    combination such as ``SS``) and no group a common abbreviation, unit, organisation or law
    (:data:`_PLATE_CAPS`: ``16 MB 14``, ``1 BTW 21``, ``6 FNV 95``), not right after an article
    number of a legal citation (``art. 8 WVW 94``) and, in two groups, with letters and digits
    mixed in one of them (``6VSP 01``; ``GZ 1234`` is a code as often as a plate), it is a plate
    as it stands. Otherwise (lower or mixed case, letters never issued as in ``AB 12 CD``, an
    older plate with vowels, an abbreviation, two groups of letters and digits apart, which
    must then be in capitals: ``kenteken GZ 1234``, not ``auto reed 10``) it is one only after a
    word such as ``kenteken``, ``kent.``, ``auto`` or ``voertuig`` within 30 characters
    (:data:`_PLATE_CONTEXT`), and never when a lower-case group is a common word or unit
    (``auto 2 uur 10``). Two groups followed
    by a number are part of a longer code (the cadastral designation ``RTD02 H 2046``) and no
    plate, even after a context word.

    Issued letters do not tell an abbreviation from a plate: F starts the snorfiets plates of
    sidecodes 7 and 8 and K the cars of sidecode 8, so ``6 FNV 95`` and ``3 KPN 12`` have the
    shape of real plates. That is why the abbreviations are named in :data:`_PLATE_CAPS`.

    Examples
    --------
    >>> [bool(find_raw_identifiers(t)) for t in ("6 VSP 01", "AB 12 CD", "kenteken AB 12 CD",
    ...                                          "kenteken 99 xx bb", "99 xx bb", "om 12 uur")]
    [True, False, True, True, False, False]
    >>> [bool(find_raw_identifiers(t)) for t in ("6VSP 01", "6_VSP_01", "6 FNV 95",
    ...      "art. 8 WVW 94", "art. 8 VSP 01", "auto 6 FNV 95", "GZ 1234", "kenteken GZ 1234",
    ...      "RTD02 H 2046")]
    [True, True, False, False, False, True, False, True, False]
    """
    found: list[tuple[int, int, str]] = []
    for m in _PLATE_BARE.finditer(s):
        p = m.group("p")
        seps = len(_PLATE_SEPS.findall(p))
        if not seps:
            continue  # compact: _PLATE_COMPACT
        groups = _PLATE_GROUP.findall(p)
        if any(g in _PLATE_CAPS or any(b in g for b in _PLATE_BANNED) for g in groups):
            continue
        if seps == 1 and (_pure_pair(*_PLATE_SEPS.split(p)) or _PLATE_MORE.match(s, m.end("p"))):
            continue
        if _PLATE_CITATION.search(s, max(0, m.start() - 12), m.start()):
            continue
        found.append((m.start(), m.end("p"), "plate"))
    if not _PLATE_CONTEXT_STEMS.search(s.lower()):
        return found
    ends = [m.end() for m in _PLATE_CONTEXT.finditer(s)]
    # a context word at most 30 characters before the plate, on the same line: only the 30
    # starts after each context word are tried (a plate and its look-ahead fit in 20 more)
    for e in ends:
        for m in _PLATE_ANY.finditer(s, e, e + 50):
            a = m.start()
            if a > e + 30 or "\n" in s[e:a]:
                break
            p = m.group("p")
            parts = _PLATE_SEPS.split(p)
            if (len(parts) > 1
                    and not any(g.islower() and g in _PLATE_WORDS
                                for g in _PLATE_GROUP.findall(p))
                    and (len(parts) == 3 or ((not _pure_pair(*parts) or p.isupper())
                                             and not _PLATE_MORE.match(s, m.end("p"))))):
                found.append((a, m.end("p"), "plate"))
    return found


def compile_patterns(patterns: Mapping[str, str] | None) -> dict[str, re.Pattern[str]]:
    """Compile a spec's ``raw_patterns`` (label -> regular expression) for the detectors.

    Raises
    ------
    ValueError
        If a pattern is not a valid regular expression or matches the empty string.

    Examples
    --------
    >>> sorted(compile_patterns({"persoonsnummer": r"PN\\d{8}"}))
    ['persoonsnummer']
    """
    out: dict[str, re.Pattern[str]] = {}
    for label, pat in (patterns or {}).items():
        try:
            rx = re.compile(pat)
        except re.error as exc:
            raise ValueError(_("raw_patterns '{label}': geen geldige reguliere expressie (fout bij "
                               "teken {positie})", label=label, positie=(exc.pos or 0) + 1)) from None
        if rx.fullmatch(""):
            raise ValueError(_("raw_patterns '{label}': het patroon past op een lege tekst",
                               label=label))
        out[str(label)] = rx
    return out


def _spans(text: str, extra: Mapping[str, re.Pattern[str]] | None) -> list[tuple[int, int, str]]:
    s, pos = _normalised(text)
    s = PSEUDONYM_RE.sub(lambda m: " " * len(m.group(0)), s)
    found: list[tuple[int, int, str]] = []
    if extra:
        for label, rx in extra.items():
            found.extend((m.start(), m.end(), label) for m in rx.finditer(s) if m.end() > m.start())
    if _DIGIT.search(s):  # every built-in detector needs a digit
        found.extend(_builtin(_UUID.sub(lambda m: " " * len(m.group(0)), s) if "-" in s else s))
    if pos is not None:  # back to the places in the text as given
        found = [(pos[a], pos[b - 1] + 1, k) for a, b, k in found]
    # a hit inside a longer one ("20 123 4567" inside "+31 (0)20 123 4567") is part of it
    found = sorted(set(found))
    return [h for h in found if not any(o != h and o[0] <= h[0] and h[1] <= o[1]
                                        and o[1] - o[0] > h[1] - h[0] for o in found)]


def _builtin(s: str) -> list[tuple[int, int, str]]:
    """The hits of the built-in detectors in a normalised text.

    A detector runs only when the text holds as many digits as its identifier: 8 for a BSN
    whose leading zero was dropped, 9 for every other BSN and a phone number without its 0,
    10 for a phone number (a ``0`` or ``+31`` and 9 digits)."""
    found: list[tuple[int, int, str]] = []
    digits = len(s) - len(s.translate(_DROP_DIGITS))
    nine = digits >= 9
    for m in _NINE.finditer(s) if nine else ():
        d = _BSN_SEP.sub("", m.group(0))
        if len(d) > 9:  # zero decimals: 123456782.0
            d = _BSN_SEP.sub("", _ZEROS.sub("", m.group(0)))
        if elfproef(d) and not _in_hex_token(s, *m.span()):
            found.append((m.start(), m.end(), "bsn"))
    for m in _EIGHT.finditer(s) if digits >= 8 else ():
        d = m.group(0)[:8]
        if elfproef("0" + d) and not _is_date8(d) and not _in_hex_token(s, *m.span()):
            found.append((m.start(), m.end(), "bsn"))
    for m in _IBAN.finditer(s):
        # the pattern may run on into the next word ("NL91 ABNA 0417 1643 00 ok"): shorten it
        # word by word until the account is valid
        text = m.group(0)
        if "-" in text and not _IBAN_GROUPED.match(text):
            continue  # PL0000-0869554290
        while text:
            compact = _IBAN_SEP.sub("", text)
            if len(compact) >= 14 and _iban.is_valid(compact.upper()):
                found.append((m.start(), m.start() + len(text), "iban"))
                break
            last = max(text.rfind(" "), text.rfind("."), text.rfind("-"))
            text = text[:last].rstrip(" .-") if last > 0 else ""
    for m in _POSTCODE.finditer(s):
        if _postcode_ok(s, m):
            found.append((m.start(), m.end(), "postcode+number" if m.group("nr") or m.group("gnr")
                          else "postcode"))
    spaced = " " in s and (" -" in s or "- " in s or " /" in s or "/ " in s or " ." in s
                           or ". " in s)
    for m in _NINE_SPACED.finditer(s) if nine and spaced and _SPACED_SEP.search(s) else ():
        if _bsn_spaced_ok(s, m):
            found.append((m.start(), m.end(), "bsn"))
    for m in _NINE_GROUPED.finditer(s) if nine and ("/" in s or "_" in s or "," in s) else ():
        if elfproef(re.sub(r"[/_,]", "", m.group(0))):
            found.append((m.start(), m.end(), "bsn"))
    for rx in (_PLATE_DASHED, _PLATE_COMPACT):
        for m in rx.finditer(s):
            if rx is _PLATE_COMPACT and re.fullmatch(r"[1-9]\d{3}[A-Za-z]{2}", m.group(0)):
                continue  # 1234AB is reported as a postcode (still raw)
            if _plate_ok(m.group(0)) and (rx is _PLATE_DASHED or _compact_plate_ok(s, m)):
                found.append((m.start(), m.end(), "plate"))
    if " " in s or "." in s or "_" in s or ("-" in s and _PLATE_TWO_DASHED.search(s)):
        found.extend(_plates_separated(s))  # compact and dashed plates are found above
    for m in _PHONE.finditer(s) if digits >= 10 else ():
        text = m.group(0)
        ok = _phone_ok(text)
        if not ok and text.endswith(".0"):  # a number cell: 0612345678.0
            text = text.rstrip("0")[:-1]
            ok = _phone_ok(text)
        if ok:
            found.append((m.start(), m.start() + len(text), "phone"))
    low = s.lower()
    if nine and (("tel" in low or "mob" in low or "gsm" in low or "bel" in low or "sms" in low
                  or "app" in low or "phone" in low or "nummer" in low or "06:" in low
                  or "06 :" in low)  # what every phone word holds (a quick test)
            and (ctx := [m.end() for m in _PHONE_CONTEXT.finditer(s)])):
        for m in _PHONE_NO_ZERO.finditer(s, ctx[0]):
            a = m.start()
            if any(0 <= a - e <= 20 and _PHONE_GAP.fullmatch(s, e, a) for e in ctx):
                found.append((a, m.end(), "phone"))
    return found


#: RE2 versions of the detectors (lookarounds written as consumed context): a superset filter
#: that pyarrow runs over a whole column in C++, so only the few candidate cells reach Python.
#: Both read the text as :func:`_normalised` gives it, with ASCII classes (RE2's ``\s`` lacks
#: the vertical tab, hence ``[\s\x0b]``).
#: the separated plates (:func:`_plates_separated`) in RE2 syntax: in capitals with issued
#: letters, or in any case somewhere after a context word
#: the end of a plate (``(?![\w]|[.\-][A-Za-z0-9])``) in RE2
_PLATE_END_RE2 = r"(?:$|[^\w.\-]|[.\-](?:$|[^A-Za-z0-9]))"
_PLATE_FILTERS = [
    r"(?:^|[^\w.\-])(?:" + _sidecode_shapes(_PLATE_ISSUED, python=False) + r")" + _PLATE_END_RE2,
    r"(?i:kenteken|kent\.|nummerbord|auto|bus|wagen|voertuig|aanhang|oplegger|motor|scooter|fiets"
    r"|plate|vehicle).*(?:^|[^\w.\-])(?:" + _sidecode_shapes("[A-Za-z]", python=False) + r")"
    + _PLATE_END_RE2,
]


#: IBANs: with spaces or dots; with a dash, only with a separator right after the check digits
#: (so that police registration numbers such as ``PL0000-0869554290`` stay out of Python)
_IBAN_FILTERS = [
    r"[A-Za-z]{2}(?:(?: {1,2}| ?\. ?)?[0-9]){2}(?:(?: {1,2}| ?\. ?)?[A-Za-z0-9]){10}",
    r"[A-Za-z]{2}(?:" + _ISEP + r"?[0-9]){2}" + _ISEP + r"(?:" + _ISEP + r"?[A-Za-z0-9]){10}",
]

_RE2_FILTERS = [
    r"(?:^|[^0-9/+.,\-_]|(?:^|[^0-9])[.,\-_])[0-9](?:" + _NSEP + r"?[0-9]){7,8}"
    r"(?:$|[^0-9/.,\-_]|[.,\-_](?:$|[^0-9])|[.,]0+(?:$|[^0-9]))",
    r"(?:^|[^0-9/+]|(?:^|[^0-9])[.,\-_/])[0-9]{3}[/_,][0-9]{3}[/_,][0-9]{3}(?:$|[^0-9])",
    r"(?:^|[^0-9])(?:[0-9]{3}" + _SPSEP + r"[0-9]{3}" + _SPSEP + r"[0-9]{3}|[0-9]{4}" + _SPSEP
    + r"[0-9]{2}" + _SPSEP + r"[0-9]{3}|[0-9]{2}" + _SPSEP + r"[0-9]{3}" + _SPSEP
    + r"[0-9]{4})(?:$|[^0-9])",
    *_IBAN_FILTERS,
    r"(?:^|[^0-9])31[1-9][0-9]{8}(?:$|[^0-9])",  # +31… whose + was dropped: _PHONE_NO_ZERO
    r"(?:^|[^\w.,\-])[1-9][0-9]{3}(?:[\s\x0b]?| {2}|-)[A-Za-z]{2}(?:$|\W|[0-9]{1,4}[A-Za-z]?(?:$|\W))",
    r"(?:^|[^\w-])[A-Za-z0-9]{1,3}-[A-Za-z0-9]{1,3}-[A-Za-z0-9]{1,3}(?:$|[^\w-])",
    # a compact plate holds a digit (as _PLATE_COMPACT): a six-letter word is no candidate
    r"(?:^|[^\w-])(?:[0-9][A-Za-z0-9]{5}|[A-Za-z][0-9][A-Za-z0-9]{4}|[A-Za-z]{2}[0-9][A-Za-z0-9]{3}"
    r"|[A-Za-z]{3}[0-9][A-Za-z0-9]{2}|[A-Za-z]{4}[0-9][A-Za-z0-9]|[A-Za-z]{5}[0-9])(?:$|[^\w-])",
    *_PLATE_FILTERS,
    r"(?:^|[^\w+\-/.]|(?:^|[^0-9])\.)(?:\+31" + _SEP + r"?(?:\(0\)" + _SEP + r"?)?|0031" + _SEP + r"?(?:\(0\)" + _SEP
    + r"?)?|\(0[0-9]{1,3}\)" + _SEP + r"?|\(0\)" + _SEP + r"?|0[0-9]{1,3} ?/ ?|0)[0-9](?:" + _SEP
    + r"?[0-9]){5,9}(?:$|[^\w])",
]


def candidates(values, extra: Mapping[str, re.Pattern[str]] | None = None):
    """Mask of the cells that may hold a raw identifier (a superset of what
    :func:`find_raw_identifiers` finds), computed column-wise by pyarrow.

    Each distinct text is tested once. The few texts with an invisible character, a Unicode
    space or a non-ASCII digit are tested as the detectors read them (:func:`_normalised`).

    Parameters
    ----------
    values : pd.Series or pyarrow array of str
    extra : mapping of label -> compiled pattern, optional

    Returns
    -------
    np.ndarray of bool

    Examples
    --------
    >>> import pandas as pd
    >>> candidates(pd.Series(["PL0000-0869554290", "tel 0612345678", None, "BSN\\uff11\\uff12\\uff13"
    ...                       "\\uff14\\uff15\\uff16\\uff17\\uff18\\uff12"], dtype="str")).tolist()
    [False, True, False, True]
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pa.array(values, type=pa.large_string(), from_pandas=True) if not isinstance(
        values, pa.Array | pa.ChunkedArray) else values
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    # distinct texts only (dates, codes and descriptions repeat a lot)
    enc = pc.dictionary_encode(arr)
    uniq = enc.dictionary
    pattern = "|".join(f"(?:{p})" for p in _RE2_FILTERS)

    def test(texts) -> np.ndarray:
        m = pc.match_substring_regex(texts, pattern)
        got = np.asarray(pc.fill_null(m, False).to_numpy(zero_copy_only=False), dtype=bool)
        for rx in (extra or {}).values():
            m = pc.match_substring_regex(texts, rx.pattern)
            got |= np.asarray(pc.fill_null(m, False).to_numpy(zero_copy_only=False), dtype=bool)
        return got

    try:
        hit = test(uniq)
        odd = np.flatnonzero(~np.asarray(pc.fill_null(pc.string_is_ascii(uniq), True)
                                         .to_numpy(zero_copy_only=False), dtype=bool))
        if len(odd):
            sub = uniq.take(pa.array(odd))
            # a space or an ASCII digit is read as it is; anything the normalisation changes
            special = pc.or_(
                pc.match_substring_regex(pc.replace_substring_regex(sub, "[ 0-9]", ""),
                                         "[" + "".join(sorted(_invisible()))
                                         + r"\p{Zs}\p{Nd}]"),
                # a Unicode dash glued to a letter or digit, or spaced next to a digit or a
                # group of at most three letters (a plate's ``00 GG – GG``; not a dash between
                # longer words, as in prose)
                pc.match_substring_regex(sub, r"[0-9A-Za-z][\p{Pd}\x{2212}]|[\p{Pd}\x{2212}]"
                                              r"[0-9A-Za-z]|[0-9] [\p{Pd}\x{2212}]|[\p{Pd}\x{2212}] [0-9]"
                                              r"|(?:^|[^0-9A-Za-z])[A-Za-z]{1,3} [\p{Pd}\x{2212}]"
                                              r"|[\p{Pd}\x{2212}] [A-Za-z]{1,3}(?:$|[^0-9A-Za-z])"))
            sel = odd[np.asarray(pc.fill_null(special, False).to_numpy(zero_copy_only=False),
                                 dtype=bool)]
            if len(sel):
                norm = [_normalised(v)[0] for v in uniq.take(pa.array(sel)).to_pylist()]
                hit[sel] |= test(pa.array(norm, type=pa.large_string()))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):  # Python-only syntax: every cell
        return np.asarray(pc.is_valid(arr).to_numpy(zero_copy_only=False), dtype=bool)
    idx = enc.indices.to_numpy(zero_copy_only=False)
    valid = np.asarray(pc.is_valid(enc.indices).to_numpy(zero_copy_only=False), dtype=bool)
    out = np.zeros(len(arr), dtype=bool)
    if len(uniq):
        out[valid] = hit[np.asarray(idx, dtype=float)[valid].astype(np.int64)]
    return out


def find_raw_identifiers(text: object, extra: Mapping[str, re.Pattern[str]] | None = None
                         ) -> list[tuple[str, str]]:
    """The raw-looking identifiers in ``text`` as ``(kind, value)`` pairs, in text order.

    Parameters
    ----------
    text : object
        Any shown or stored text (non-strings are converted; None gives ``[]``).
    extra : mapping of label -> compiled pattern, optional
        A spec's ``raw_patterns`` (:func:`compile_patterns`), e.g. police person numbers.

    Returns
    -------
    list of (str, str)
        Kinds are those of :data:`RAW_KINDS` or the labels of ``extra``. Overlapping hits are all
        reported (a 9-digit mobile number may also pass the 11-proef).

    Examples
    --------
    >>> find_raw_identifiers("BSN 111222333 at 1234 AB 5")
    [('bsn', '111222333'), ('postcode+number', '1234 AB 5')]
    >>> find_raw_identifiers("BSN-0123456789abcdef01234567 ranks 1 of 34")
    []
    >>> find_raw_identifiers("12345672 in 12ABC3, +31 (0)20 123 4567, 0031 6 12345678")
    [('bsn', '12345672'), ('plate', '12ABC3'), ('phone', '+31 (0)20 123 4567'), ('phone', '0031 6 12345678')]
    """
    if text is None:
        return []
    t = str(text)
    if not t:
        return []
    return [(kind, t[a:b]) for a, b, kind in _spans(t, extra)]


@lru_cache(maxsize=1 << 16)
def _has_raw_cached(text: str) -> bool:
    return bool(_spans(text, None))


def has_raw_identifier(text: object, extra: Mapping[str, re.Pattern[str]] | None = None) -> bool:
    """True if :func:`find_raw_identifiers` finds anything (cached for repeated texts).

    Examples
    --------
    >>> has_raw_identifier("Witwassen (art. 420bis Sr)"), has_raw_identifier("tel 0612345678")
    (False, True)
    """
    if text is None:
        return False
    t = str(text)
    if extra:
        return bool(_spans(t, extra))
    return _has_raw_cached(t)


def mask_text(text: str, extra: Mapping[str, re.Pattern[str]] | None = None) -> str:
    """``text`` with every detected raw identifier replaced by ``[kind]``.

    Examples
    --------
    >>> mask_text("bel 06-12345678 of mail", None)
    'bel [phone] of mail'
    """
    return _replace_spans(text, _spans(text, extra))


def _replace_spans(text: str, spans: list[tuple[int, int, str]]) -> str:
    out, pos = [], 0
    for a, b, kind in spans:
        if a < pos:  # overlapping hit: already masked
            continue
        out.append(text[pos:a])
        out.append(f"[{kind}]")
        pos = b
    out.append(text[pos:])
    return "".join(out)


def mask_name(name: object, extra: Mapping[str, re.Pattern[str] | str] | None = None) -> str:
    """A file, sheet or column name with raw identifiers masked: names are partner data too.

    Underscores count as separators, so ``bsn_123456782.csv`` is caught. A number of 7 or 8
    digits on its own is masked too, unless it is a date (``yyyymmdd`` or ``ddmmyyyy``): a KvK
    number (of an eenmanszaak: personal data) has no checksum that tells it from other numbers.

    Parameters
    ----------
    name : object
        The name (``None`` gives ``""``).
    extra : mapping of label -> pattern, optional
        The spec's ``raw_patterns`` (text or compiled, as :func:`compile_patterns` takes them):
        pass them wherever a spec or case is known, so a police number of the partner's own
        form (``PN12345678_verhoor.csv``) is masked as well as the built-in kinds. A pattern
        sees the name with underscores and the extension as spaces, so ``\\b`` works.

    Returns
    -------
    str
        ``name`` with every hit replaced by ``[kind]`` (the pattern's label for ``extra``).

    Examples
    --------
    >>> mask_name("bsn_123456782.csv"), mask_name("politie.csv")
    ('bsn_[bsn].csv', 'politie.csv')
    >>> mask_name("kvk_98576169.csv"), mask_name("export_20241130.csv")
    ('kvk_[nummer].csv', 'export_20241130.csv')
    >>> mask_name("PN12345678_verhoor.csv"), mask_name("PN123456789_verhoor.csv")
    ('PN[nummer]_verhoor.csv', 'PN123456789_verhoor.csv')
    >>> pn = {"politie_persoonsnummer": r"\\bPN\\d{9}\\b"}
    >>> mask_name("PN123456789_verhoor.csv", pn)
    '[politie_persoonsnummer]_verhoor.csv'
    """
    text = "" if name is None else str(name)
    patterns = compile_patterns(extra) if extra else None
    if not patterns and not _DIGIT.search(text):
        return text
    probe = text.replace("_", " ")
    probe = re.sub(r"\.(csv|xlsx|parquet|txt|json)$", lambda m: " " * len(m.group(0)), probe,
                   flags=re.I)
    spans = _spans(probe, patterns)
    for m in re.finditer(r"(?<![0-9])[0-9]{7,8}(?![0-9])", probe):
        if not _date_digits(m.group(0)) and not any(a < m.end() and m.start() < b
                                                    for a, b, _ in spans):
            spans.append((m.start(), m.end(), "nummer"))
    return _replace_spans(text, sorted(spans))


def _date_digits(digits: str) -> bool:
    """Whether 8 digits are a date, as ``yyyymmdd`` or ``ddmmyyyy`` (years 1900-2100)."""
    import datetime as dt

    if len(digits) != 8:
        return False
    for y, m, d in ((digits[:4], digits[4:6], digits[6:]), (digits[4:], digits[2:4], digits[:2])):
        try:
            if 1900 <= int(y) <= 2100 and dt.date(int(y), int(m), int(d)):
                return True
        except ValueError:
            continue
    return False


def masked_shape(value: object, kind: str | None = None) -> str:
    """A description of a value's shape that does not repeat it (for rejects and messages).

    Parameters
    ----------
    value : object
        The offending cell.
    kind : str, optional
        The identifier kind it was read as; ``bsn``/``rsin`` add whether the 11-proef holds.

    Returns
    -------
    str
        In the language in force, Dutch first, singular and plural right: e.g. ``"9 cijfers,
        11-proef faalt"``, ``"leeg"``, ``"12 tekens: 2 letters, 8 cijfers, 2 overige"``,
        ``"1 teken: 1 letter"``.

    Examples
    --------
    >>> masked_shape("111222334", "bsn"), masked_shape("123 456 782", "bsn")
    ('9 cijfers, 11-proef faalt', '9 cijfers (met scheidingstekens), 11-proef klopt')
    >>> masked_shape("123456782,0", "bsn"), masked_shape("123 / 456 / 782", "bsn")
    ('9 cijfers (met scheidingstekens), 11-proef klopt', '9 cijfers (met scheidingstekens), 11-proef klopt')
    >>> masked_shape("PN-12x"), masked_shape("")
    ('6 tekens: 3 letters, 2 cijfers, 1 overige', 'leeg')
    >>> masked_shape("7"), masked_shape("Z")
    ('1 cijfer', '1 teken: 1 letter')
    >>> from netwerk.i18n import using
    >>> with using("en"):
    ...     masked_shape("Hoogst7"), masked_shape("123 456 782", "bsn")
    ('7 characters: 6 letters, 1 digit', '9 digits (with separators), 11-proef passes')
    """
    if value is None:
        return _("leeg")
    v = str(value).strip()
    if not v:
        return _("leeg")
    digits = sum(c.isdigit() for c in v)
    letters = sum(c.isalpha() for c in v)
    compact = re.sub(r"[\s.\-]", "", v)
    if kind in {"bsn", "rsin"}:  # a number cell (123456782.0), groups joined by / _ , (123/456/782)
        whole = re.sub(r"[\s.\-/_,]", "", _ZEROS.sub("", v))
        if whole.isascii() and whole.isdigit() and len(whole) in (8, 9):
            compact = whole
    if compact.isascii() and compact.isdigit():
        shape = ngettext("{n} cijfer", "{n} cijfers", len(compact))
        if compact != v:
            shape = _("{vorm} (met scheidingstekens)", vorm=shape)
        if kind in {"bsn", "rsin"} and len(compact) in (8, 9):
            shape = (_("{vorm}, 11-proef klopt", vorm=shape) if elfproef(compact.zfill(9))
                     else _("{vorm}, 11-proef faalt", vorm=shape))
        return shape
    other = len(v) - digits - letters
    parts = [ngettext("{n} letter", "{n} letters", letters) if letters else "",
             ngettext("{n} cijfer", "{n} cijfers", digits) if digits else "",
             ngettext("{n} overige", "{n} overige", other) if other else ""]
    return ngettext("{n} teken: {delen}", "{n} tekens: {delen}", len(v),
                    delen=", ".join(p for p in parts if p))


#: the names users read for identifier kinds (:data:`~netwerk.ingest.spec.IDENTIFIER_KINDS`),
#: the detectors' kinds and the leak guard's shapes (Dutch message ids); one table for every
#: message (``netwerk.ingest._values.kind_label`` is this function)
_KIND_LABELS = {
    "bsn": N_("BSN"), "name_dob": N_("naam en geboortedatum"), "police_id": N_("politienummer"),
    "rsin": N_("RSIN"), "kvk": N_("KvK-nummer"), "branch": N_("vestigingsnummer"),
    "address": N_("adres"), "parcel": N_("perceel"), "plate": N_("kenteken"),
    "phone": N_("telefoonnummer"), "iban": N_("IBAN"), "permit_id": N_("vergunningnummer"),
    "postcode": N_("postcode"), "postcode+number": N_("postcode met huisnummer"),
    "number": N_("nummer"), "name": N_("naam"), "text": N_("tekstkolom"),
}


def kind_label(kind: str) -> str:
    """A detector kind in the user's language (``"plate"`` -> ``"kenteken"``); a spec's own
    ``raw_patterns`` label is returned as it is.

    Examples
    --------
    >>> kind_label("phone"), kind_label("persoonsnummer")
    ('telefoonnummer', 'persoonsnummer')
    """
    return _(_KIND_LABELS[kind]) if kind in _KIND_LABELS else str(kind)


def check_entered_text(fields: Iterable[tuple[str, object]], *,
                       extra: Mapping[str, re.Pattern[str]] | None = None,
                       file: str | None = None) -> None:
    """Refuse text an analyst typed (a case record field, a decision, a log note, a map title)
    when it holds a raw identifier: the case holds pseudonyms only, and what is stored reaches
    every later map, plan and report.

    Checked with the one detector set (:func:`find_raw_identifiers`) plus ``extra`` (the
    ``raw_patterns`` of the case's specs). Call it before anything is written: a refused entry
    leaves nothing behind.

    Parameters
    ----------
    fields : iterable of (field, text)
        Each entered value with the name the user knows it by (a command-line option such as
        ``"--purpose"``, or a file field such as ``"map_title"``). ``None`` and non-text values
        other than strings are converted with ``str``; ``None`` is skipped.
    extra : mapping of label -> compiled pattern, optional
        Spec-given patterns (:func:`compile_patterns`), e.g. police person numbers.
    file : str, optional
        The case or file the entry is for (named in the error).

    Raises
    ------
    LeakError
        ``reason=raw_identifier``; the message names every field with a hit, the kind and the
        value's shape (:func:`masked_shape`), never the value.

    Examples
    --------
    >>> check_entered_text([("--purpose", "Onderzoek hennepteelt Oost")])
    >>> try:
    ...     check_entered_text([("--purpose", "Onderzoek BSN 123456782"), ("--reasons", "ok")])
    ... except Exception as exc:
    ...     print(exc.reason, "|", exc)
    raw_identifier | --purpose: lijkt een echt identificerend gegeven te bevatten (BSN: 9 cijfers, 11-proef klopt); er is niets vastgelegd. Schrijf het pseudoniem of de alias (zoals P01), niet het echte gegeven.
    """
    from .errors import LeakError, Reason

    found: list[str] = []
    for where, value in fields:
        if value is None:
            continue
        hits = find_raw_identifiers(str(value), extra)
        if hits:
            shapes = "; ".join(f"{kind_label(k)}: {masked_shape(v, k)}" for k, v in hits[:3])
            more = len(hits) - 3
            found.append(f"{where}: " + _("lijkt een echt identificerend gegeven te bevatten "
                                          "({vondsten})", vondsten=shapes + (f"; +{more}" if more > 0
                                                                              else "")))
    if found:
        raise LeakError(_(
            "{velden}; er is niets vastgelegd. Schrijf het pseudoniem of de alias (zoals P01), niet "
            "het echte gegeven.", velden="; ".join(found)), reason=Reason.RAW_IDENTIFIER, file=mask_name(file, extra) if file else None)


def restricted_attributes(store) -> frozenset[str]:
    """Attribute names a case store marks as restricted (shown only to the supplying partner).

    Parameters
    ----------
    store : str, Path or duckdb.DuckDBPyConnection
        A case store file or an open connection to one.

    Returns
    -------
    frozenset of str

    Examples
    --------
    >>> import duckdb
    >>> con = duckdb.connect()
    >>> _ = con.execute("CREATE TABLE node_attributes (attribute VARCHAR, restricted BOOLEAN)")
    >>> _ = con.execute("INSERT INTO node_attributes VALUES ('bsn_partner', true), ('sbi', false)")
    >>> sorted(restricted_attributes(con))
    ['bsn_partner']
    """
    import duckdb

    query = "SELECT DISTINCT attribute FROM node_attributes WHERE restricted ORDER BY 1"
    if isinstance(store, duckdb.DuckDBPyConnection):
        return frozenset(r[0] for r in store.execute(query).fetchall())
    con = duckdb.connect(str(store), read_only=True)
    try:
        return frozenset(r[0] for r in con.execute(query).fetchall())
    finally:
        con.close()


#: The ``case_info`` entry that keeps the ``raw_patterns`` of every spec a case was built with
#: (JSON: spec name -> label -> regular expression).
CASE_PATTERNS_KEY = "raw_patterns"


def record_case_patterns(con, spec_name: str, patterns: Mapping[str, str] | None) -> None:
    """Keep a spec's ``raw_patterns`` in the case store (``case_info['raw_patterns']``), so every
    later guard (outputs, notes, the intervention log) uses them too.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        An open case store (written in the caller's transaction).
    spec_name : str
    patterns : mapping of label -> regular expression, optional
        The spec's ``raw_patterns``; validated with :func:`compile_patterns`.
    """
    compile_patterns(patterns)
    import json

    row = con.execute("SELECT value FROM case_info WHERE key = ?", [CASE_PATTERNS_KEY]).fetchall()
    stored = json.loads(row[0][0]) if row else {}
    stored[str(spec_name)] = {str(k): str(v) for k, v in (patterns or {}).items()}
    con.execute("INSERT INTO case_info VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = "
                "excluded.value", [CASE_PATTERNS_KEY, json.dumps(stored, sort_keys=True)])


def patterns_for(case, extra=None) -> dict[str, re.Pattern[str]]:
    """``extra`` when given, else :func:`case_patterns` of the case store ``case`` (empty when
    the store does not exist yet): the spec patterns an entry check of this case uses.

    Examples
    --------
    >>> patterns_for("/nonexistent/case.duckdb")
    {}
    >>> list(patterns_for("x", {"p": re.compile("PN")}))
    ['p']
    """
    from pathlib import Path

    if extra is not None:
        return extra
    if isinstance(case, str | Path) and not Path(case).is_file():
        return {}
    return case_patterns(case)


def case_patterns(store) -> dict[str, re.Pattern[str]]:
    """The compiled ``raw_patterns`` of every spec a case store was built with: pass them as
    ``extra=`` to every detector that checks text of this case (output guard, notes, log).

    Stores ingested before the patterns were kept get the patterns of the *shipped* specs named
    in their ``imports`` (a custom spec's patterns cannot be recovered: ingest again to keep
    them). Two specs with one label but other expressions keep both (``label (spec)``).

    Parameters
    ----------
    store : str, Path or duckdb.DuckDBPyConnection

    Returns
    -------
    dict of label -> compiled pattern
        Empty for a store without imports.

    Examples
    --------
    >>> import duckdb
    >>> con = duckdb.connect()
    >>> _ = con.execute("CREATE TABLE case_info (key VARCHAR PRIMARY KEY, value VARCHAR)")
    >>> _ = con.execute("CREATE TABLE imports (spec_name VARCHAR)")
    >>> record_case_patterns(con, "politie", {"politienummer": r"PN\\d{8}"})
    >>> [(k, v.pattern) for k, v in case_patterns(con).items()]
    [('politienummer', 'PN\\\\d{8}')]
    >>> find_raw_identifiers("verdachte PN04205665", case_patterns(con))
    [('politienummer', 'PN04205665')]
    """
    import json

    import duckdb

    def read(con) -> tuple[dict, list[str]]:
        tables = {r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables").fetchall()}
        stored: dict = {}
        if "case_info" in tables:
            row = con.execute("SELECT value FROM case_info WHERE key = ?",
                              [CASE_PATTERNS_KEY]).fetchall()
            stored = json.loads(row[0][0]) if row else {}
        specs = ([r[0] for r in con.execute(
            "SELECT DISTINCT spec_name FROM imports ORDER BY 1").fetchall()]
            if "imports" in tables else [])
        return stored, specs

    if isinstance(store, duckdb.DuckDBPyConnection):
        stored, specs = read(store)
    else:
        from .store import connect

        with connect(store, read_only=True) as con:
            stored, specs = read(con)
    for name in specs:  # stores from before the patterns were kept: the shipped spec's
        if name and name not in stored:
            stored[name] = _shipped_patterns(name)
    out: dict[str, re.Pattern[str]] = {}
    for spec in sorted(stored):
        for label, rx in compile_patterns(stored[spec]).items():
            if label in out and out[label].pattern != rx.pattern:
                label = f"{label} ({spec})"
            out.setdefault(label, rx)
    return out


@lru_cache(maxsize=32)
def _shipped_patterns(name: str) -> dict[str, str]:
    from .ingest.spec import load_spec, shipped_specs

    if name not in shipped_specs():
        return {}
    return dict(load_spec(name).raw_patterns)
