"""Validate and canonicalise identifiers, one function per identifier kind.

The canonical form is what gets hashed, so two partners who write the same identifier differently
(``"1234 ab"`` / ``"1234AB"``, ``"06-12345678"`` / ``"+31 6 1234 5678"``) produce the same
pseudonym. Every function returns the canonical text, or ``None`` when the value is missing
(empty / blank), and raises :class:`~netwerk.errors.InputError` with reason
``INVALID_IDENTIFIER`` (or ``MISSING_IDENTIFIER`` when a composite lacks a required part) and a
message that never repeats the raw value. Canonical forms are fixed points: normalising a
canonical value gives it back.

=========  ==========================================================================
kind       canonical form
=========  ==========================================================================
bsn, rsin  9 digits passing the 11-proef (8 digits get one leading 0 back)
kvk        8 digits (7 digits get one leading 0 back)
branch     12 digits (6-11 digits are left-padded with zeros, as Excel drops them)
address    ``"1234AB 12"`` or ``"1234AB 12 A2"`` (postcode, house number 1-99999, house
           letter + addition uppercased, separators removed, concatenated)
parcel     kadastrale aanduiding ``"ENS01 H 5539"`` (AKR gemeentecode, sectie, perceelnummer
           without leading zeros; an appartementsrecht ``"ENS01 H 5539 A1"``), a spaced
           municipality-name form ``"APELDOORN K 4550"``, or a 16-digit BAG object id
plate      6 letters/digits (both present), uppercase, no dashes
phone      E.164: ``+31612345678``; Dutch numbers must have 9 digits after +31
iban       uppercase, no spaces, valid mod-97 and country format (python-stdnum)
police_id  uppercase letters and digits, separators (space, ``-``, ``.``, ``_``) folded, a
           spreadsheet's ``.0`` dropped; with the spec's pattern for the kind
           (:func:`kind_shapes`) it must match it (same for permit_id)
name_dob   ``surname|prefix|first names|yyyy-mm-dd``, e.g. ``berg|van der|jan|1980-01-31``
=========  ==========================================================================

Every kind reads a cell the same way first (:func:`unwrap_cell`): the width forms and other
Unicode digits a detector of :mod:`netwerk.privacy` reads as ASCII are ASCII here too (NFKC, then
every decimal digit its ASCII digit, every dash ``-``), and Excel's text guards, a leading ``'``
and a whole-cell ``="..."``, are unwrapped. A cell of a one-column kind that holds several
identifiers (``PN04205665, PN04350893``: parts split on ``,``, ``;``, ``/``, `` en ``,
`` and ``, each one valid on its own) is refused, "meerdere waarden in één cel", never read as
one phantom identifier.

Name + birth date: lower case, diacritics removed, punctuation turned into spaces, whitespace
collapsed. Prefixes (*tussenvoegsels*: van, der, de, den, ter, 't, op, ...) are split off whether
written in front ("Van der Berg"), behind ("Berg van der"), after a comma ("Berg, van der") or in
a separate column, so those all normalise the same. First names are kept in full: "J." and "Jan"
are different keys, and abbreviated prefixes ("v.d.") are not expanded (they are ambiguous).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np
import pandas as pd
from stdnum import iban as _stdnum_iban
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidLength
from stdnum.exceptions import ValidationError as _StdnumError

from ..errors import InputError, Reason
from ..i18n import N_, _, ngettext
from ..privacy import _char as _detector_char
from ..privacy import elfproef, masked_shape
from ._values import _blank, _invalid, _invalid_later, _missing, _ok, _text, kind_label
from .names import (
    TUSSENVOEGSELS,
    _fold,
    _iso_date,
    _split_surname,
    normalise_name,
    normalise_name_dob,
    parse_birth_date,
)
from .spec import IDENTIFIER_KINDS

__all__ = [
    "normalise",
    "fast_normalise",
    "normalise_bsn",
    "normalise_rsin",
    "normalise_kvk",
    "normalise_branch",
    "normalise_address",
    "normalise_parcel",
    "normalise_plate",
    "normalise_phone",
    "normalise_iban",
    "normalise_police_id",
    "normalise_permit_id",
    "normalise_name_dob",
    "normalise_name",
    "parse_birth_date",
    "unwrap_cell",
    "excel_guarded",
    "kind_shapes",
    "elfproef",
    "ARITY",
    "TUSSENVOEGSELS",
]



#: Excel's text guards: a leading apostrophe (typed to keep a leading zero) and the formula-text
#: export ``="..."`` (inner ``""`` is one ``"``); RE2-compatible, the column-wise paths use it
EXCEL_GUARD = r"^[ \t]*(?:'|=[ \t]*\"(?:[^\"]|\"\")*\"[ \t]*$)"
_EXCEL_GUARD = re.compile(EXCEL_GUARD)
_FORMULA_TEXT = re.compile(r'\s*=\s*"((?:[^"]|"")*)"\s*')


def excel_guarded(value: object) -> bool:
    """Whether a cell carries one of Excel's text guards (a leading ``'`` or a whole-cell
    ``="..."``), after the width forms are read as ASCII (:func:`unwrap_cell` removes it).

    Examples
    --------
    >>> excel_guarded("'0614103238"), excel_guarded('="PN04474209"'), excel_guarded("PN'04")
    (True, True, False)
    """
    return isinstance(value, str) and bool(_EXCEL_GUARD.match(_unified(value)))


@lru_cache(maxsize=1 << 14)
def _unified_slow(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return "".join(_detector_char(c) if ord(c) > 127 else c for c in text)


def _unified(text: str) -> str:
    """``text`` as the detectors read it: NFKC (full-width letters and digits, ...), then every
    Unicode decimal digit its ASCII digit, every dash ``-``, every space a space, invisible
    characters removed (:func:`netwerk.privacy._char`)."""
    return text if text.isascii() else _unified_slow(text)


def unwrap_cell(value: object) -> str:
    """A cell's text as every kind reads it: width forms and Unicode digits as ASCII
    (:func:`_unified`), stripped, and one Excel text guard unwrapped: a leading ``'`` or a
    whole-cell ``="..."``. Idempotent for the cells it unwraps once (a guard inside a guard is
    refused later by the kind's own rules, never unwrapped twice).

    Examples
    --------
    >>> unwrap_cell(" '0614103238"), unwrap_cell('="PN04474209"'), unwrap_cell("\uff30\uff2e04\u0664")
    ('0614103238', 'PN04474209', 'PN044')
    """
    v = _unified(_text(value)).strip()
    if v.startswith("'"):
        return v[1:].strip()
    m = _FORMULA_TEXT.fullmatch(v) if v.startswith("=") else None
    if m:
        return m.group(1).replace('""', '"').strip()
    return v


#: where a cell that lists several identifiers is split: ``,``, ``;``, ``/``, `` en ``, `` and ``
_LIST_SPLIT = re.compile(r"\s*[,;/]\s*|\s+(?:en|and|EN|AND|En|And)\s+")


def _several(kind: str, v: str, core: Callable[[str], str], slash_same_shape: bool = False
             ) -> None:
    """Refuse a cell that lists several identifiers: split on :data:`_LIST_SPLIT`, it has two
    or more parts that are each a valid identifier of the kind on their own. ``020/1234567`` is
    one phone number (its parts are not). ``slash_same_shape`` (codes without a known shape): a
    ``/`` only splits parts of one letter/digit skeleton holding a letter (``PN01/PN02``, not
    ``2023/0456``)."""
    v = _ZERO_DECIMALS.sub("", v)  # PN04474209,0: a number cell's decimals, no second item
    if not _LIST_SPLIT.search(v):
        return
    parts = [p for p in _LIST_SPLIT.split(v) if p.strip()]
    if len(parts) < 2:
        return
    if slash_same_shape and not re.search(r"[,;]|\s(?:en|and)\s", v, re.IGNORECASE):
        skel = {re.sub(r"[0-9]", "9", re.sub(r"[A-Za-z]", "A", p.strip())) for p in parts}
        if len(skel) != 1 or "A" not in next(iter(skel)):
            return
    good = 0
    for p in parts:
        try:
            core(p.strip())
        except InputError:
            continue
        good += 1
    if good >= 2:
        raise _invalid(kind, _("meerdere waarden in één cel ({n} stuks): lever één {soort} per "
                               "cel", n=len(parts), soort=kind_label(kind)))


def _single(kind: str, value: object, core: Callable[[str], str],
            slash_same_shape: bool = False) -> str | None:
    """One cell of a one-column kind: blank is None; else :func:`unwrap_cell`, the list check
    (:func:`_several`) and the kind's own rules (``core``)."""
    if _blank(value):
        return None
    v = unwrap_cell(value)
    if not v:
        return None
    _several(kind, v, core, slash_same_shape)
    return core(v)


_DIGIT_SEP = re.compile(r"[\s.\-\u00a0]")


def _digits(kind: str, value: str) -> str:
    d = _DIGIT_SEP.sub("", value)
    if not d.isascii() or not d.isdigit():
        raise _invalid(kind, _("bevat andere tekens dan cijfers, spaties, punten en streepjes"))
    return d


def _eleven(kind: str, value: str | None) -> str | None:
    return _single(kind, value, lambda v: _eleven_core(kind, v))


def _eleven_core(kind: str, value: str) -> str:
    d = _digits(kind, value)
    if len(d) == 8:
        d = "0" + d
    if len(d) != 9:
        raise _invalid(kind, ngettext("heeft {n} cijfer, verwacht 9", "heeft {n} cijfers, verwacht 9", len(d)))
    if set(d) == {"0"}:
        raise _invalid(kind, _("bestaat alleen uit nullen"))
    if not elfproef(d):
        raise _invalid(kind, _("voldoet niet aan de 11-proef"))
    return d


def normalise_bsn(value: str | None) -> str | None:
    """Burgerservicenummer: 9 digits passing the 11-proef.

    Examples
    --------
    >>> normalise_bsn("1112.22.333"), normalise_bsn("12345672"), normalise_bsn("  ")
    ('111222333', '012345672', None)
    >>> normalise_bsn("'909769692"), normalise_bsn("\uff19\uff10\uff19769692")
    ('909769692', '909769692')
    """
    return _eleven("bsn", value)


def normalise_rsin(value: str | None) -> str | None:
    """RSIN (company/legal entity number): 9 digits passing the 11-proef, like a BSN."""
    return _eleven("rsin", value)


def normalise_kvk(value: str | None) -> str | None:
    """KvK number: 8 digits (a 7-digit value gets its leading zero back).

    Examples
    --------
    >>> normalise_kvk("1234 5678"), normalise_kvk("1234567")
    ('12345678', '01234567')
    """
    return _single("kvk", value, _kvk_core)


def _kvk_core(value: str) -> str:
    d = _digits("kvk", value)
    if len(d) == 7:
        d = "0" + d
    if len(d) != 8:
        raise _invalid("kvk", ngettext("heeft {n} cijfer, verwacht 8", "heeft {n} cijfers, verwacht 8", len(d)))
    if set(d) == {"0"}:
        raise _invalid("kvk", _("bestaat alleen uit nullen"))
    return d


def normalise_branch(value: str | None) -> str | None:
    """Vestigingsnummer: 12 digits; 6-11 digits are left-padded with zeros.

    Examples
    --------
    >>> normalise_branch("17829432")
    '000017829432'
    """
    return _single("branch", value, _branch_core)


def _branch_core(value: str) -> str:
    d = _digits("branch", value)
    if 6 <= len(d) < 12:
        d = d.zfill(12)
    if len(d) != 12:
        raise _invalid("branch", ngettext("heeft {n} cijfer, verwacht 12", "heeft {n} cijfers, verwacht 12", len(d)))
    if set(d) == {"0"}:
        raise _invalid("branch", _("bestaat alleen uit nullen"))
    return d


_POSTCODE = re.compile(r"[1-9][0-9]{3}[A-Z]{2}")
_HOUSE = re.compile(r"0*([1-9][0-9]{0,4})(?![0-9])(?:\s*[-/ ]?\s*([A-Z0-9][A-Z0-9 \-/]*))?")


@lru_cache(maxsize=1 << 16)
def _postcode(value: str) -> str | InputError:
    pc = re.sub(r"\s+", "", value).upper()
    if not _POSTCODE.fullmatch(pc) or pc[4:] in {"SA", "SD", "SS"}:
        return _invalid_later("address", N_("postcode heeft niet de vorm 1234 AB"))
    return pc


@lru_cache(maxsize=1 << 14)
def _house(value: str) -> tuple[str, str] | InputError:
    m = _HOUSE.fullmatch(value.strip().upper())
    if not m:
        return _invalid_later("address", N_("huisnummer is geen getal 1-99999 (met eventuele "
                                            "toevoeging)"))
    return m.group(1), m.group(2) or ""


@lru_cache(maxsize=1 << 14)
def _extra(value: str) -> str | InputError:
    extra = re.sub(r"[\s\-/.]", "", unicodedata.normalize("NFKC", value).upper())
    if extra and (not extra.isascii() or not extra.isalnum() or len(extra) > 6):
        return _invalid_later("address", N_("huisletter/toevoeging is niet 1-6 letters of cijfers"))
    return extra


def normalise_address(
    postcode: str | None, number: str | None, letter: str | None = None,
    addition: str | None = None,
) -> str | None:
    """Postcode + house number (+ letter/addition) in BAG-like canonical form.

    Parameters
    ----------
    postcode : str
        ``1234 AB`` style; must match ``[1-9][0-9]{3}[A-Z]{2}`` and not end in SA, SD or SS.
    number : str
        House number 1-99999; a letter or addition written in the same cell ("12a", "12-2")
        is split off.
    letter, addition : str, optional
        House letter and addition; uppercased, separators removed and concatenated.

    Returns
    -------
    str or None
        ``"1234AB 12"`` or ``"1234AB 12 A2"``; None when postcode and number are both missing.

    Examples
    --------
    >>> normalise_address("1234 ab", "12", "a"), normalise_address("1234AB", "012-2")
    ('1234AB 12 A', '1234AB 12 2')
    """
    if _blank(postcode) and _blank(number):
        return None
    if _blank(postcode):
        raise _missing("address", _("postcode ontbreekt"))
    if _blank(number):
        raise _missing("address", _("huisnummer ontbreekt"))
    pc = _ok(_postcode(_text(postcode)))
    nr, extra = _ok(_house(_text(number)))
    for part in (letter, addition):
        if not _blank(part):
            extra += _text(part)
    extra = _ok(_extra(extra)) if extra else ""
    return f"{pc} {nr}" + (f" {extra}" if extra else "")


#: a number with a decimal part, or in the scientific notation a spreadsheet shows a long number
#: in (``1234567,5``, ``1234567.5``, ``1,23457E+07``): a number cell read as text. No police
#: number, permit number, parcel, plate or IBAN has this form, so the text kinds refuse it (the
#: digit kinds refuse it by their digits). An integer-valued one (``12345678,0``) is read as its
#: integer before it gets here (``pseudonymise._prepare``). Both decimal marks, whatever the
#: spec's: an export tool in another language writes the other one. RE2-compatible (the column-
#: wise paths use it in pyarrow).
NUMBER_TEXT = r"[+-]?[0-9]+[.,][0-9]+|[+-]?[0-9]+(?:[.,][0-9]+)?[eE][+-][0-9]+"
_NUMBER_TEXT = re.compile(NUMBER_TEXT)


def _not_a_number(kind: str, value: str) -> None:
    """Refuse a text identifier that is a number with decimals or in scientific notation
    (:data:`NUMBER_TEXT`), naming its shape, never the value.

    Examples
    --------
    >>> _not_a_number("police_id", "PN04205665")
    >>> try:
    ...     _not_a_number("police_id", "1234567,5")
    ... except InputError as e:
    ...     print(e)
    ongeldige waarde voor politienummer: is een getal met decimalen (9 tekens: 8 cijfers, 1 overige): een getalcel in de export? Exporteer de kolom als tekst
    """
    v = value.strip()
    if not _NUMBER_TEXT.fullmatch(v):
        return
    if "e" in v.lower():
        raise _invalid(kind, _("is een getal in wetenschappelijke notatie ({vorm}): de "
                               "spreadsheet heeft de cijfers afgerond; exporteer de kolom als "
                               "tekst", vorm=masked_shape(v)))
    raise _invalid(kind, _("is een getal met decimalen ({vorm}): een getalcel in de export? "
                           "Exporteer de kolom als tekst", vorm=masked_shape(v)))


#: a spreadsheet's zero decimals after a code's last digit (``PN04474209.0``, ``ENS01 H 5539,0``)
_ZERO_DECIMALS = re.compile(r"(?<=[0-9])[.,]0+$")
_CODE_SEP = re.compile(r"[\s\-._]+")
#: separators in a parcel: a ``.`` between two digits is none (``5539.5`` is no perceelnummer)
_PARCEL_SEP = re.compile(r"[\s\-_]+|(?<![0-9])\.|\.(?![0-9])")
#: kadastrale aanduiding with the AKR code of the kadastrale gemeente (3 letters, 2 digits: 00
#: is a real code, HSL00, GBV00), the sectie (1-2 letters), the perceelnummer and, for an
#: appartementsrecht, ``A`` and the appartementsindex; read after separators are removed
_PARCEL_AKR = re.compile(r"([A-Z]{3}[0-9]{2})([A-Z]{1,2})([0-9]{1,5})(?:A([0-9]{1,4}))?")
#: the same with the kadastrale gemeente's name (``APELDOORN K 4550``): spaces are needed there
_PARCEL_NAME = re.compile(r"([A-Z][A-Z' -]*?[A-Z]) ([A-Z]{1,2}) ?([0-9]{1,5})"
                          r"(?: ?A ?([0-9]{1,4}))?")


def normalise_parcel(value: str | None) -> str | None:
    """Kadastrale aanduiding (or BAG object id) in one spelling.

    The kadastrale aanduiding is the kadastrale gemeente, the sectie and the perceelnummer; an
    appartementsrecht adds the complex number followed by ``A`` and the appartementsindex [1]_.
    Canonical form: AKR code (``ENS01``), sectie (1-2 letters), perceelnummer without leading
    zeros, separated by one space, and ``A<index>`` for an appartementsrecht: ``ENS01-H-5539``,
    ``ens01 h 05539`` and ``ENS01 H 5539.0`` (a number cell) are all ``ENS01 H 5539``. The
    gemeente may also be written by name with spaces (``APELDOORN K 4550``; no AKR table is
    shipped, so the two forms give different pseudonyms). A 16-digit number is a BAG object id
    (15 digits get the leading zero back that a spreadsheet dropped).
    Anything else (a sectie of digits, perceelnummer 0, other text) is refused, naming its
    shape; a number with decimals (:data:`NUMBER_TEXT`) too.

    References
    ----------
    .. [1] Kadasterwet art. 1 and Kadasterbesluit (kadastrale aanduiding; appartementsrecht:
       complexaanduiding "gevolgd door de hoofdletter A" and appartementsindex), as quoted in
       the Stelselcatalogus (sgr.bkwi.nl, entiteit Kadastrale aanduiding); AKR codes such as
       ``SBG01``, ``HSL00`` in the BRK Kadastrale kaart (``AKRKadastraleGemeenteCode``,
       ``sectie``, ``perceelnummer`` as an integer).

    Examples
    --------
    >>> normalise_parcel("asd04 f 01234"), normalise_parcel("ENS01-H-5539 A-0001")
    ('ASD04 F 1234', 'ENS01 H 5539 A1')
    >>> normalise_parcel("Apeldoorn  K 4550"), normalise_parcel("0363 0100 0012 3456")
    ('APELDOORN K 4550', '0363010000123456')
    """
    return _single("parcel", value, _parcel_core)


def _parcel_core(value: str) -> str:
    v = " ".join(value.split()).upper()
    _not_a_number("parcel", v)
    v = _ZERO_DECIMALS.sub("", v)
    compact = _PARCEL_SEP.sub("", v)
    if len(compact) in (15, 16) and compact.isascii() and compact.isdigit():
        return compact.zfill(16)  # a BAG object id (its leading 0 dropped by a spreadsheet)
    m = _PARCEL_AKR.fullmatch(compact) or _PARCEL_NAME.fullmatch(
        " ".join(_PARCEL_SEP.sub(" ", v).split()))
    if m is None:
        raise _invalid("parcel", _("is geen kadastrale aanduiding (gemeente, sectie, "
                                   "perceelnummer) en geen BAG-id ({vorm})",
                                   vorm=masked_shape(v)))
    nr, index = int(m.group(3)), m.group(4)
    if nr == 0 or (index is not None and int(index) == 0):
        raise _invalid("parcel", _("perceelnummer of appartementsindex is 0 ({vorm})",
                                   vorm=masked_shape(v)))
    out = f"{m.group(1)} {m.group(2)} {nr}"
    return out + (f" A{int(index)}" if index is not None else "")


_PLATE = re.compile(r"[A-Z0-9]{6}")


def normalise_plate(value: str | None) -> str | None:
    """Dutch licence plate (kenteken): 6 letters/digits, uppercase, without dashes or spaces.

    Examples
    --------
    >>> normalise_plate("12-abc-3"), normalise_plate("XX 99 99")
    ('12ABC3', 'XX9999')
    """
    return _single("plate", value, _plate_core)


def _plate_core(value: str) -> str:
    _not_a_number("plate", value)
    v = re.sub(r"[\s\-]", "", value).upper()
    if not _PLATE.fullmatch(v) or v.isdigit() or v.isalpha():
        raise _invalid("plate", _("is geen 6 letters en cijfers"))
    return v


_PHONE_JUNK = re.compile(r"[\s\-./()\u00a0]")


def normalise_phone(value: str | None) -> str | None:
    """Phone number in E.164. Dutch numbers (0..., 0031..., +31...) get ``+31`` + 9 digits.

    Foreign numbers must already carry ``+`` or ``00`` and are kept as ``+`` and 8-15 digits.
    A 9-digit number starting with 6 (mobile that lost its leading zero in Excel) is Dutch.

    Examples
    --------
    >>> normalise_phone("06-12345678"), normalise_phone("+31 (0)20 123 4567")
    ('+31612345678', '+31201234567')
    >>> normalise_phone("0032 2 123 45 67")
    '+3221234567'
    """
    return _single("phone", value, _phone_core)


def _phone_core(value: str) -> str:
    v = value.strip().replace("(0)", "")
    v = _PHONE_JUNK.sub("", v)
    if v.startswith("+"):
        digits = v[1:]
    elif v.startswith("00"):
        digits = v[2:]
    elif v.startswith("0"):
        digits = "31" + v[1:]
    elif len(v) == 9 and v.startswith("6"):
        digits = "31" + v
    elif len(v) == 11 and v.startswith("31"):
        digits = v
    else:
        raise _invalid("phone", _("is geen Nederlands en geen internationaal nummer (+ of 00)"))
    if not digits.isascii() or not digits.isdigit():
        raise _invalid("phone", _("bevat andere tekens dan cijfers en scheidingstekens"))
    if digits.startswith("31"):
        national = digits[2:]
        if national.startswith("0"):
            national = national[1:]
        if len(national) != 9:
            raise _invalid("phone", ngettext("Nederlands nummer heeft {n} cijfer na +31, verwacht "
                                          "9", "Nederlands nummer heeft {n} cijfers na +31, "
                                          "verwacht 9", len(national)))
        return "+31" + national
    if digits.startswith("0") or not 8 <= len(digits) <= 15:
        raise _invalid("phone", _("internationaal nummer moet 8-15 cijfers na + hebben"))
    return "+" + digits


def normalise_iban(value: str | None) -> str | None:
    """IBAN: spaces removed, uppercase, mod-97 and country format checked (python-stdnum).

    Examples
    --------
    >>> normalise_iban("nl91 abna 0417 1643 00")
    'NL91ABNA0417164300'
    """
    return _single("iban", value, _iban_core)


def _iban_core(value: str) -> str:
    _not_a_number("iban", value)
    v = re.sub(r"[\s\-.]", "", value).upper()
    if not v.isascii() or not v.isalnum():
        raise _invalid("iban", _("bevat andere tekens dan letters en cijfers"))
    try:
        return _stdnum_iban.validate(v)
    except _StdnumError as exc:
        why = (_("voldoet niet aan de mod-97-controle") if isinstance(exc, InvalidChecksum)
               else _("heeft niet de juiste lengte") if isinstance(exc, InvalidLength)
               else _("landcode of bankcode onbekend") if isinstance(exc, InvalidComponent)
               else _("heeft niet de vorm van een IBAN"))
        raise _invalid("iban", why) from None


#: words in a ``raw_patterns`` name that make it the shape of a kind's codes (besides the name
#: of one of the identifier's columns): the politie spec's ``politie_persoonsnummer``
_SHAPE_WORDS = {"police_id": ("persoonsnummer", "politienummer", "police_id"),
                "permit_id": ("vergunningnummer", "vergunningsnummer", "permit_id")}


def kind_shapes(kind: str, raw_patterns: dict[str, str] | None,
                columns: Sequence[str] = ()) -> tuple[str, ...]:
    r"""The spec's patterns a code of ``kind`` must match: the ``raw_patterns`` whose name holds
    ``persoonsnummer``, ``politienummer`` or ``police_id`` (police numbers; the politie spec's
    ``politie_persoonsnummer``), ``vergunningnummer``, ``vergunningsnummer`` or ``permit_id``
    (permit numbers), or is the name of one of the identifier's columns; a pattern for another
    number of the same partner (``politie_registratie``) is not one. Other kinds: none (their
    rules are fixed).

    Examples
    --------
    >>> pats = {"politie_persoonsnummer": r"\bPN\d{8}\b", "registratie": r"PL\d{4}"}
    >>> kind_shapes("police_id", pats), kind_shapes("permit_id", pats), kind_shapes("bsn", pats)
    (('\\bPN\\d{8}\\b',), (), ())
    """
    words = _SHAPE_WORDS.get(kind)
    if not words or not raw_patterns:
        return ()
    cols = {str(c).lower() for c in columns}
    return tuple(p for name, p in raw_patterns.items()
                 if any(w in str(name).lower() for w in words) or str(name).lower() in cols)


@lru_cache(maxsize=64)
def _shape_rx(shapes: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in shapes)


def _code_core(kind: str, value: str, shapes: tuple[str, ...]) -> str:
    v = " ".join(value.split()).upper()
    _not_a_number(kind, v)
    if not v.isprintable():
        raise _invalid(kind, _("bevat stuurtekens"))
    v = _ZERO_DECIMALS.sub("", v)
    folded = _CODE_SEP.sub("", v)
    if shapes:
        prefix = re.sub(r"^([A-Z]+)[\s\-._]+(?=[0-9])", r"\1", v)
        for cand in dict.fromkeys((v, prefix, folded)):
            if any(rx.fullmatch(cand) for rx in _shape_rx(shapes)):
                return cand
        raise _invalid(kind, _("past niet op het patroon in de specificatie (raw_patterns) "
                               "({vorm})", vorm=masked_shape(v)))
    if not re.fullmatch(r"[A-Z0-9/]+", folded) or not re.search(r"[0-9]", folded):
        raise _invalid(kind, _("is geen code van letters en cijfers ({vorm})",
                               vorm=masked_shape(v)))
    return folded


def _code(kind: str, value: str | None, shapes: Sequence[str] = ()) -> str | None:
    shapes = tuple(shapes)
    core = lambda v: _code_core(kind, v, shapes)  # noqa: E731
    if _blank(value):
        return None
    _not_a_number(kind, unwrap_cell(value))  # 1234567,5 is a number cell, not a list of two
    return _single(kind, value, core, slash_same_shape=not shapes)


def normalise_police_id(value: str | None, shapes: Sequence[str] = ()) -> str | None:
    r"""Police person number in one spelling: uppercase, separators (space, ``-``, ``.``,
    ``_``) and a spreadsheet's ``.0`` removed.

    With ``shapes`` (the spec's pattern for police numbers, :func:`kind_shapes`, e.g.
    ``\bPN\d{8}\b``) the code must match one of them, as written, with the separators after
    its letter prefix removed, or with all separators removed (the first that matches is the
    canonical form); anything else is refused naming its shape. Without: letters, digits and
    ``/`` only, at least one digit. A number with decimals (:data:`NUMBER_TEXT`) and a cell
    listing several numbers are refused.

    Examples
    --------
    >>> normalise_police_id(" pn 04205665 "), normalise_police_id("'PN-04205665.0")
    ('PN04205665', 'PN04205665')
    >>> normalise_police_id("\uff30\uff2e04205665", shapes=[r"\bPN\d{8}\b"])
    'PN04205665'
    >>> try:
    ...     normalise_police_id("PNKAPOT99", shapes=[r"\bPN\d{8}\b"])
    ... except InputError as e:
    ...     print(e)
    ongeldige waarde voor politienummer: past niet op het patroon in de specificatie (raw_patterns) (9 tekens: 7 letters, 2 cijfers)
    """
    return _code("police_id", value, shapes)


def normalise_permit_id(value: str | None, shapes: Sequence[str] = ()) -> str | None:
    """Permit number in one spelling, by the same rules as :func:`normalise_police_id`
    (``HX-2019-01234``, ``hx 2019 01234`` and ``="HX-2019-01234"`` are ``HX201901234``).

    Examples
    --------
    >>> normalise_permit_id("hx-2019-01234"), normalise_permit_id("2023/0456")
    ('HX201901234', '2023/0456')
    """
    return _code("permit_id", value, shapes)


_SINGLE: dict[str, Callable[[str | None], str | None]] = {
    "bsn": normalise_bsn,
    "rsin": normalise_rsin,
    "kvk": normalise_kvk,
    "branch": normalise_branch,
    "parcel": normalise_parcel,
    "plate": normalise_plate,
    "phone": normalise_phone,
    "iban": normalise_iban,
    "police_id": normalise_police_id,
    "permit_id": normalise_permit_id,
}

#: number of columns each kind accepts (min, max)
ARITY: dict[str, tuple[int, int]] = {k: (1, 1) for k in _SINGLE} | {
    "address": (2, 4), "name_dob": (3, 4)}


def normalise(kind: str, values: Sequence[str | None], *, shapes: Sequence[str] = ()
              ) -> str | None:
    """Normalise one identifier from its column values.

    Parameters
    ----------
    kind : str
        One of :data:`~netwerk.ingest.spec.IDENTIFIER_KINDS`.
    values : sequence of str or None
        The identifier's cells in the spec's column order. ``address``: postcode, number
        [, addition] or postcode, number, letter, addition. ``name_dob``: surname, first names,
        birth date, or surname, prefix, first names, birth date.
    shapes : sequence of str, optional
        Police and permit numbers: the spec's patterns for the kind (:func:`kind_shapes`).

    Returns
    -------
    str or None
        Canonical form, None if missing.

    Raises
    ------
    InputError
        ``INVALID_IDENTIFIER`` / ``MISSING_IDENTIFIER`` (never containing the raw value), or
        ``INVALID_ARGUMENT`` for an unknown kind or a wrong number of columns.

    Examples
    --------
    >>> normalise("address", ["1234 ab", "12", "a"])
    '1234AB 12 A'
    >>> normalise("name_dob", ["Berg", "van der", "Jan", "31-01-1980"])
    'berg|van der|jan|1980-01-31'
    """
    if kind not in IDENTIFIER_KINDS or kind not in ARITY:
        raise InputError(_("onbekende identificatorsoort '{soort}'", soort=kind), reason=Reason.INVALID_ARGUMENT)
    lo, hi = ARITY[kind]
    if not lo <= len(values) <= hi:
        raise InputError(_("identificatorsoort '{soort}' heeft {lo}-{hi} kolommen nodig, niet {n}", soort=kind,
                           lo=lo, hi=hi, n=len(values)),
                         reason=Reason.INVALID_ARGUMENT)
    if kind in ("police_id", "permit_id"):
        return _code(kind, values[0], shapes)
    if kind in _SINGLE:
        return _SINGLE[kind](values[0])
    # the parts of a composite: width forms, Unicode digits and Excel's text guards read as
    # the one-column kinds read them (names fold them away themselves)
    values = [None if _blank(v) else unwrap_cell(v) for v in values]
    if kind == "address":
        if len(values) == 4:
            return normalise_address(*values)
        return normalise_address(*values[:2], addition=values[2] if len(values) == 3 else None)
    if len(values) == 4:
        sur, pre, first, dob = values
        return normalise_name_dob(sur, first, dob, prefix=pre)
    return normalise_name_dob(*values)


# ------------------------------------------------------------------------------ column-wise
def _map_unique(s: pd.Series, fn: Callable[[str], str | None]) -> pd.Series:
    """``fn`` applied once per distinct text of ``s`` (None where ``fn`` does not decide)."""
    codes, uniq = pd.factorize(s, use_na_sentinel=True)
    vals = np.array([fn(u) for u in uniq.tolist()] + [None], dtype=object)
    return pd.Series(vals[np.where(codes < 0, len(uniq), codes)], index=s.index, dtype=object)


#: the characters Python's ``\s`` matches in a text pattern, spelled out as literal characters:
#: pyarrow's RE2 matches ``\s`` against ASCII only, so pandas runs any pattern with ``\s`` (or a
#: ``\u`` escape) through ``re`` one value at a time; with this class the vectorised paths stay
#: in pyarrow and match exactly what ``re`` matches (``tests/ingest/test_fast_normalise.py``)
SPACE_CLASS = ("\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f"
               "\u205f\u3000")


def _eleven_ok(d: pd.Series) -> np.ndarray:
    arr = np.frombuffer("".join(d.tolist()).encode("ascii"), dtype=np.uint8).reshape(-1, 9)
    w = np.array([9, 8, 7, 6, 5, 4, 3, 2, -1], dtype=np.int64)
    return ((arr.astype(np.int64) - 48) @ w) % 11 == 0


def _digit_fast(s: pd.Series, lo: int, hi: int, width: int, eleven: bool) -> pd.Series:
    d = s.str.replace(f"[{SPACE_CLASS}.\\-]", "", regex=True)
    ok = d.str.fullmatch(f"[0-9]{{{lo},{hi}}}").fillna(False).to_numpy(bool)
    out = pd.Series(pd.NA, index=s.index, dtype="str")
    if not ok.any():
        return out
    z = d[ok].str.zfill(width)
    good = (z.str.strip("0") != "").to_numpy(bool, copy=True)
    if eleven and len(z):
        good &= _eleven_ok(z)
    pos = np.flatnonzero(ok)[good]
    out.iloc[pos] = z[good].to_numpy()
    return out


def _blank_cols(s: pd.Series) -> np.ndarray:
    return (s.isna() | (s.str.strip() == "")).fillna(True).to_numpy(bool)


def _fast_name_dob(cols: list[pd.Series]) -> pd.Series:
    if len(cols) == 4:
        sur, pre, first, dob = cols
    else:
        (sur, first, dob), pre = cols, None
    out = pd.Series(pd.NA, index=sur.index, dtype="str")
    full = ~(_blank_cols(sur) | _blank_cols(first) | _blank_cols(dob))
    if not full.any():
        return out

    def split(pair: str) -> str | None:
        raw, _, p = pair.partition("\x1f")
        r = _split_surname(raw, None if not p.strip() else p)
        return None if isinstance(r, InputError) else f"{r[0]}|{r[1]}"

    def first_fold(v: str) -> str | None:
        return _fold(v) or None

    def iso(v: str) -> str | None:
        r = _iso_date(v.strip())
        return None if isinstance(r, InputError) else r

    key = sur.fillna("") + "\x1f" + (pre.fillna("") if pre is not None else "")
    a = _map_unique(key[full], split)
    b = _map_unique(first[full], first_fold)
    c = _map_unique(dob[full], iso)
    decided = (a.notna() & b.notna() & c.notna()).to_numpy(bool, copy=True)
    combined = a[decided] + "|" + b[decided] + "|" + c[decided]
    out.iloc[np.flatnonzero(full)[decided]] = combined.to_numpy(dtype=object)
    return out


def _postcodes(s: pd.Series, post: Callable[[str], str | None]) -> pd.Series:
    """:func:`_postcode` of each distinct text (None where it fails): a plain ``1234 ab`` (ASCII
    digits and letters, blanks around) by one RE2 pass, anything else by ``post`` per value."""
    import pyarrow as pa
    import pyarrow.compute as pc

    codes, uniq = pd.factorize(s, use_na_sentinel=True)
    arr = pa.array(uniq, type=pa.string(), from_pandas=True)
    m = pc.extract_regex(arr, r"^[ \t\r\n\f]*(?P<d>[1-9][0-9]{3})[ \t\r\n\f]*(?P<l>[A-Za-z]{2})"
                              r"[ \t\r\n\f]*$")
    letters = pc.utf8_upper(m.field("l"))
    plain = pc.and_(pc.is_valid(m), pc.invert(pc.is_in(letters, pa.array(["SA", "SD", "SS"]))))
    plain = np.asarray(pc.fill_null(plain, False).to_numpy(zero_copy_only=False), dtype=bool)
    fast = pc.binary_join_element_wise(m.field("d"), letters, "").to_pylist()
    vals = [f if ok else post(u) for f, ok, u in zip(fast, plain.tolist(), uniq.tolist(),
                                                      strict=True)]
    vals = np.array(vals + [None], dtype=object)
    return pd.Series(vals[np.where(codes < 0, len(uniq), codes)], index=s.index, dtype=object)


def _fast_address(cols: list[pd.Series]) -> pd.Series:
    pc, nr = cols[0], cols[1]
    out = pd.Series(pd.NA, index=pc.index, dtype="str")
    rest_blank = np.ones(len(pc), dtype=bool)
    for extra in cols[2:]:
        rest_blank &= _blank_cols(extra)
    full = ~(_blank_cols(pc) | _blank_cols(nr)) & rest_blank
    if not full.any():
        return out

    def post(v: str) -> str | None:
        r = _postcode(v)
        return None if isinstance(r, InputError) else r

    def house(v: str) -> str | None:
        r = _house(v)
        return None if isinstance(r, InputError) or r[1] else r[0]

    a = _postcodes(pc[full], post)
    b = _map_unique(nr[full], house)
    decided = (a.notna() & b.notna()).to_numpy(bool)
    out.iloc[np.flatnonzero(full)[decided]] = (a[decided] + " " + b[decided]).to_numpy(dtype=object)
    return out


def _shape_hits(values: pd.Series, shapes: tuple[str, ...]) -> np.ndarray:
    """Which (plain ASCII) values match one of ``shapes`` whole, ignoring case: column-wise in
    pyarrow (RE2; on ASCII text its ``\\b``, ``\\d``, ``\\w`` are Python's), each distinct
    value through ``re`` when a pattern is not RE2 (a look-behind, a back-reference)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pa.array(values, type=pa.large_string(), from_pandas=True)
    hit = np.zeros(len(arr), dtype=bool)
    try:
        for p in shapes:
            hit |= np.asarray(pc.fill_null(pc.match_substring_regex(
                arr, f"^(?:{p})$", ignore_case=True), False).to_numpy(zero_copy_only=False),
                dtype=bool)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        rx = _shape_rx(shapes)
        return _map_unique(values, lambda u: u if any(r.fullmatch(u) for r in rx) else None
                           ).notna().to_numpy(bool)
    return hit


def _fast_code(kind: str, s: pd.Series, shapes: tuple[str, ...]) -> pd.Series:
    """Police and permit numbers of plain letters, digits and blanks/``-``/``_`` (no ``.``,
    ``,``, ``/``, quote or ``=``, no `` en ``/`` and `` between), folded as the per-value rule
    folds them; with ``shapes`` only values written without separators that match one."""
    plain = (s.str.fullmatch(r"[ \t]*[A-Za-z0-9][A-Za-z0-9 \t_\-]*").fillna(False)
             & ~s.str.contains(r"[ \t](?:[Ee][Nn]|[Aa][Nn][Dd])[ \t]").fillna(True)
             ).to_numpy(bool)
    folded = s.str.replace(r"[ \t_\-]+", "", regex=True).str.upper()
    ok = plain & folded.str.contains(r"[0-9]", regex=True).fillna(False).to_numpy(bool)
    if shapes:
        ok &= (s.str.strip().str.upper() == folded).fillna(False).to_numpy(bool)
        ok[np.flatnonzero(ok)] = _shape_hits(folded[ok], shapes)
    return folded.where(ok)


def _fast_parcel(s: pd.Series) -> pd.Series:
    """Kadastrale aanduidingen ``AKR01 X 1234`` in plain spellings (blanks and ``-`` between,
    no leading zero, no appartementsrecht); the rest is left to :func:`normalise_parcel`."""
    compact = s.str.replace(r"[ \t\-]+", "", regex=True).str.upper()
    m = compact.str.extract(r"^([A-Z]{3}[0-9]{2})([A-Z]{1,2})([1-9][0-9]{0,4})$")
    ok = (s.str.fullmatch(r"[ \t]*[A-Za-z0-9][A-Za-z0-9 \t\-]*").fillna(False)
          & m[0].notna()).to_numpy(bool)
    out = (m[0] + " " + m[1] + " " + m[2]).astype("str")
    return out.where(ok)


def fast_normalise(kind: str, parts: pd.DataFrame, *, shapes: Sequence[str] = ()
                   ) -> pd.Series:
    """Normalise many identifiers column-wise; NA where the fast path does not decide.

    The fast path accepts only well-formed values, and for those gives exactly what
    :func:`normalise` gives (a property test checks this). Everything it leaves NA (missing,
    invalid or unusual values) goes through :func:`normalise` one distinct value at a time, so
    messages and edge cases stay those of the per-value normalisers.

    Parameters
    ----------
    kind : str
        Identifier kind.
    parts : pd.DataFrame
        One text column per identifier column (the spec's order); NA for missing cells.
    shapes : sequence of str, optional
        Police and permit numbers: the spec's patterns for the kind (:func:`kind_shapes`).

    Returns
    -------
    pd.Series
        Canonical text, or NA (not decided), aligned with ``parts``.

    Examples
    --------
    >>> df = pd.DataFrame({"bsn": ["1112.22.333", "12345672", "123456789", None]}, dtype="str")
    >>> fast_normalise("bsn", df).tolist()
    ['111222333', '012345672', nan, nan]
    """
    cols = [parts[c].astype("str") for c in parts.columns]
    n = len(parts)
    out = pd.Series(pd.NA, index=parts.index, dtype="str")
    if n == 0:
        return out
    s = cols[0]
    if kind in ("bsn", "rsin"):
        return _digit_fast(s, 8, 9, 9, True)
    if kind == "kvk":
        return _digit_fast(s, 7, 8, 8, False)
    if kind == "branch":
        return _digit_fast(s, 6, 12, 12, False)
    if kind == "plate":
        v = s.str.replace(f"[{SPACE_CLASS}\\-]", "", regex=True).str.upper()
        ok = (v.str.fullmatch(r"[A-Z0-9]{6}") & ~v.str.fullmatch(r"[0-9]{6}")
              & ~v.str.fullmatch(r"[A-Z]{6}")).fillna(False).to_numpy(bool)
        return v.where(ok)
    if kind == "phone":
        v = s.str.strip().str.replace("(0)", "", regex=False)
        v = v.str.replace(f"[{SPACE_CLASS}\\-./()]", "", regex=True)
        res = pd.Series(pd.NA, index=s.index, dtype="str")
        for pat, cut in ((r"0[1-9][0-9]{8}", 1), (r"\+31[1-9][0-9]{8}", 3),
                         (r"0031[1-9][0-9]{8}", 4), (r"6[0-9]{8}", 0)):
            m = v.str.fullmatch(pat).fillna(False).to_numpy(bool) & res.isna().to_numpy(bool)
            if m.any():
                res[m] = "+31" + v[m].str.slice(cut)
        return res
    if kind in ("police_id", "permit_id"):
        return _fast_code(kind, s, tuple(shapes))
    if kind == "parcel":
        return _fast_parcel(s)
    if kind == "name_dob":
        return _fast_name_dob(cols)
    if kind == "address":
        return _fast_address(cols)
    return out  # iban and anything new: the per-value normaliser decides
