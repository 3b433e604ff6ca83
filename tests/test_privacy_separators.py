"""Class: an identifier written with spaces or other separators (issue 9, "the one detector
set": plates without dashes, IBANs, phone numbers, 11-proef numbers in any spacing or dotting).

Members covered, each found with its exact value, flagged by the column-wise prefilter, masked by
``mask_text`` and named by kind and shape (never the value) by the output guard:

* licence plates in three groups separated by spaces (one or two, no-break), dots, dashes with
  spaces around them or a mix (``6 VSP 01``, ``6.VSP.01``, ``6 VSP-01``), for every official
  sidecode 1-14; in capitals with letters issued since sidecode 4 as they stand, otherwise (lower
  case, ``AB 12 CD`` with A and C never issued) after a context word (``kenteken``, ``kent.``,
  ``auto``, ``voertuig``, ...);
* IBANs with dots, in lower case, in groups of 4 with double spaces;
* phone numbers ``+31-6-12345678``, ``+31 6 1234 5678``, ``06 - 123 456 78``, ``(0)6 …``,
  ``06.12.34.56.78``, ``06-12-34-56-78``, ``020 - 123 45 67``, ``020/1234567``;
* postcode with number ``3512 JE 12`` (also with two spaces);
* BSNs ``1234 56 782``, ``123.456.782``, ``123 456 782``, ``123  456  782``.

And the other side of the class: ordinary Dutch text with short numbers and words (``op 12 mei``,
``om 12 uur``, ``€ 12 50``, ``Kerkstraat 12 A``, ``Fase 2 KW 3``, dates, times, amounts,
abbreviations in capitals) stays clean."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netwerk.errors import LeakError
from netwerk.guard import check_no_raw_identifiers
from netwerk.privacy import (
    _PLATE_CAPS,
    _PLATE_WORDS,
    candidates,
    find_raw_identifiers,
    has_raw_identifier,
    mask_text,
    masked_shape,
)

#: (text as typed, kind, the value the detector must report); the context word is part of the
#: text where the form needs one
FOUND = [
    # plates, one per sidecode (1-14), in capitals with issued letters: no context needed
    ("HB 12 34", "plate", "HB 12 34"), ("12 34 HB", "plate", "12 34 HB"),
    ("12 HB 34", "plate", "12 HB 34"), ("HB 12 ZX", "plate", "HB 12 ZX"),
    ("HB ZX 12", "plate", "HB ZX 12"), ("99 XX BB", "plate", "99 XX BB"),
    ("12 GBL 3", "plate", "12 GBL 3"), ("6 VSP 01", "plate", "6 VSP 01"),
    ("HX 123 K", "plate", "HX 123 K"), ("N 001 SB", "plate", "N 001 SB"),
    ("GZX 12 B", "plate", "GZX 12 B"), ("K 12 BZR", "plate", "K 12 BZR"),
    ("1 KR 123", "plate", "1 KR 123"), ("123 KR 4", "plate", "123 KR 4"),
    # other separators and mixes
    ("auto 6 VSP 01 gezien", "plate", "6 VSP 01"), ("6 VSP-01", "plate", "6 VSP-01"),
    ("6-VSP 01", "plate", "6-VSP 01"), ("6.VSP.01", "plate", "6.VSP.01"),
    ("6 - VSP - 01", "plate", "6 - VSP - 01"), ("6  VSP  01", "plate", "6  VSP  01"),
    ("6\u00a0VSP\u00a001", "plate", "6\u00a0VSP\u00a001"), ("(6 VSP 01)", "plate", "6 VSP 01"),
    # lower case, never-issued letters, abbreviations: with a context word
    ("kenteken 99 xx bb", "plate", "99 xx bb"), ("kent. 6 vsp 01", "plate", "6 vsp 01"),
    ("Voertuig: 6 Vsp 01", "plate", "6 Vsp 01"), ("auto's 12 gbl 3", "plate", "12 gbl 3"),
    ("kenteken AB 12 CD", "plate", "AB 12 CD"), ("auto 12 ABC 3", "plate", "12 ABC 3"),
    ("bestelbus met kenteken 16 MB 14", "plate", "16 MB 14"),
    ("de auto (zwart) met 12.gbl.3", "plate", "12.gbl.3"),
    # the forms that were found already
    ("6-VSP-01", "plate", "6-VSP-01"), ("6VSP01", "plate", "6VSP01"),
    ("99-XX-BB", "plate", "99-XX-BB"),
    # IBAN
    ("NL91.ABNA.0417.1643.00", "iban", "NL91.ABNA.0417.1643.00"),
    ("nl91.abna.0417.1643.00", "iban", "nl91.abna.0417.1643.00"),
    ("NL91  ABNA  0417  1643  00", "iban", "NL91  ABNA  0417  1643  00"),
    ("rek. NL91 ABNA 0417 1643 00 ok", "iban", "NL91 ABNA 0417 1643 00"),
    ("NL91.ABNA.0417.1643.00.", "iban", "NL91.ABNA.0417.1643.00"),
    ("DE89  3704  0044  0532  0130  00", "iban", "DE89  3704  0044  0532  0130  00"),
    ("nl91abna0417164300", "iban", "nl91abna0417164300"),
    ("nl91 abna 0417 1643 00", "iban", "nl91 abna 0417 1643 00"),
    # phone
    ("+31-6-12345678", "phone", "+31-6-12345678"), ("+31 6 1234 5678", "phone", "+31 6 1234 5678"),
    ("06 - 123 456 78", "phone", "06 - 123 456 78"), ("(0)6 12345678", "phone", "(0)6 12345678"),
    ("(0)6-12345678", "phone", "(0)6-12345678"),
    ("+31 (0)6 - 1234 5678", "phone", "+31 (0)6 - 1234 5678"),
    ("06.12345678", "phone", "06.12345678"), ("06.12.34.56.78", "phone", "06.12.34.56.78"),
    ("06-12-34-56-78", "phone", "06-12-34-56-78"), ("020 - 123 45 67", "phone", "020 - 123 45 67"),
    ("020/1234567", "phone", "020/1234567"), ("06 / 12345678", "phone", "06 / 12345678"),
    ("0031 (0)20 - 123 45 67", "phone", "0031 (0)20 - 123 45 67"),
    ("06  1234  5678", "phone", "06  1234  5678"),
    # postcode with house number
    ("3512 JE 12", "postcode+number", "3512 JE 12"),
    ("3512  JE 12", "postcode+number", "3512  JE 12"),
    # BSN
    ("1234 56 782", "bsn", "1234 56 782"), ("123.456.782", "bsn", "123.456.782"),
    ("123 456 782", "bsn", "123 456 782"), ("123  456  782", "bsn", "123  456  782"),
]


@pytest.mark.parametrize("text, kind, value", FOUND)
def test_each_form_is_found_prefiltered_masked_and_named_by_shape(text, kind, value):
    assert_found(text, kind, value)


def assert_found(text: str, kind: str, value: str) -> None:
    """``text`` in a sentence: ``(kind, value)`` found, prefiltered, masked (and then clean),
    named by shape, and refused by the output guard without the value in the message."""
    cell = f"zie {text} gisteren"
    assert (kind, value) in find_raw_identifiers(cell)
    assert has_raw_identifier(cell)
    assert candidates(pd.Series([cell, "niets"], dtype="str")).tolist() == [True, False]
    masked = mask_text(cell)
    assert f"[{kind}]" in masked and value not in masked
    assert find_raw_identifiers(masked) == []
    assert value not in masked_shape(value, kind)
    with pytest.raises(LeakError) as err:
        check_no_raw_identifiers([("knoop a, label", cell)], what="kaart")
    assert value not in str(err.value) and text not in str(err.value)


#: ordinary Dutch text with short numbers, words and units, and forms decided not to be plates
CLEAN = [
    "op 12 mei", "om 12 uur", "in 12 dl", "De 12 km", "tot 10 AM", "€ 12 50", "Kerkstraat 12 A",
    "Fase 2 KW 3", "om 10 uur 30", "op 1 mei 2024 om 12 uur", "van 10 tot 12 uur", "1 EUR 50",
    "prijs 12 EUR 5", "16 MB 14", "21 PM 21", "1 BTW 21", "KW 3 2024", "Kerkstraat 12 A 3512",
    "tussen 275 - 461 - 415 m", "pagina 12 - 14", "12.30 - 14.30 uur", "12 34 56",
    "auto 2 uur 10", "auto om 12 30", "auto 63 ter 3", "wagen 2 van 10", "auto reed 10 km 50",
    "06-12-2024 10:00", "06 - 12 - 2024 om 10.00", "06.12.2024", "1.234.567,82",
    "score 0.612345678", "v1.2.3", "art. 420bis Sr", "ENS01 H 5539", "PL0000-0869554290",
    "dossier 2024/123456", "in 2019 en 2020", "1500 kg",
    # decided: never-issued letters (A, C, vowels) or lower case need a context word
    "AB 12 CD", "12 ABC 3", "99 xx bb", "6 vsp 01", "hb 12 34",
]


@pytest.mark.parametrize("text", CLEAN)
def test_ordinary_text_stays_clean(text):
    assert find_raw_identifiers(text) == []
    assert mask_text(text) == text


def test_a_plate_written_with_dashes_is_one_hit():
    assert find_raw_identifiers("auto 6-VSP-01 en 12 GBL 3") == [("plate", "6-VSP-01"),
                                                                 ("plate", "12 GBL 3")]


#: the official sidecodes, grouped as printed (L a letter, D a digit)
SIDECODES = ["LL DD DD", "DD DD LL", "DD LL DD", "LL DD LL", "LL LL DD", "DD LL LL", "DD LLL D",
             "D LLL DD", "LL DDD L", "L DDD LL", "LLL DD L", "L DD LLL", "D LL DDD", "DDD LL D"]
_issued = st.sampled_from("GHJLNPRTXZ")  # letters of passenger cars, none in a banned combination
_seps = st.sampled_from([" ", "  ", ".", " - ", "\u00a0", " .", "- "])


@st.composite
def _plate(draw):
    code = draw(st.sampled_from(SIDECODES))
    groups = ["".join(draw(_issued) if c == "L" else draw(st.sampled_from("0123456789"))
                      for c in g) for g in code.split()]
    return groups, draw(_seps), draw(_seps)


def _join(groups, a, b):
    return f"{groups[0]}{a}{groups[1]}{b}{groups[2]}"


@settings(max_examples=200, deadline=None)
@given(_plate(), st.sampled_from(["{}", "auto {} gezien", "zie: {}.", "kenteken {}",
                                  "Kenteken: {}, merk onbekend"]))
def test_every_sidecode_with_every_separator_is_found_and_prefiltered(plate, frame):
    groups, a, b = plate
    written = _join(groups, a, b)
    text = frame.format(written)
    context = frame.startswith(("auto", "kenteken", "Kenteken"))
    # in capitals as it stands, unless a group is an abbreviation or unit ("16 MB 14")
    if context or not any(g in _PLATE_CAPS for g in groups):
        assert ("plate", written) in find_raw_identifiers(text)
        assert written not in mask_text(text)
    assert candidates(pd.Series([text], dtype="str")).tolist() == [True]
    # in lower case only after a context word, and not when a group is a word or unit ("kg")
    lower = [g.lower() for g in groups]
    found = ("plate", _join(lower, a, b)) in find_raw_identifiers(frame.format(_join(lower, a, b)))
    assert found == (context and not any(g in _PLATE_WORDS for g in lower))


_separated = st.lists(st.sampled_from(
    list("0123456789 .-/()+,") + ["  ", " - ", "\u00a0", "VSP", "GB", "xx", "bb", "AB", "CD", "KW",
                                  "NL91", "06", "+31", "(0)", "kenteken ", "auto ", "uur", "mei"]),
    max_size=12).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.lists(_separated, min_size=1, max_size=5))
def test_prefilter_never_misses_a_separated_form(texts):
    mask = candidates(pd.Series(texts, dtype="str"))
    for t, m in zip(texts, mask, strict=True):
        if find_raw_identifiers(t):
            assert m, t
