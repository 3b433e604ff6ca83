"""Class: identifier spellings the one detector set (issue 9) missed after fx-detect3, and the
ordinary text those spellings resemble (fx-detect4).

Members found now (each with its exact value, prefiltered, masked cleanly, named by shape, and
refused by the output guard without the value):

* an IBAN with dashes between its groups, in any case, with Unicode dashes and spaced dashes
  (``NL91-ABNA-0417-1643-00``, ``nl91-abna-…``, ``NL91–ABNA–…``, ``NL91 - ABNA - …``), of any
  country (checked by country length and mod-97);
* a BSN in three groups joined by a spaced separator, grouped as a BSN is written: 3-3-3, 4-2-3
  or 2-3-4 (``123 - 456 - 782``, ``1234 - 56 - 782``, ``12 - 345 - 6782``, ``123 / 456 / 782``,
  ``123 . 456 . 782``, ``123 -456- 782``, ``123 – 456 – 782``), also after a range word when a
  BSN word stands closer (``bsn van 123 - 456 - 782``);
* a licence plate in two groups (one of the sidecode's separators left out: ``6VSP 01``,
  ``6 VSP01``, ``6-VSP01``, ``GBB01 B``, ``GBB 01B``) or with underscores (``6_VSP_01``), for
  every sidecode; two groups of letters apart and digits apart (``GZ 1234``) after a context word;
* a postcode with the house number glued to it (``3512JE12``, ``3512je12``, ``3512JE12A``,
  ``3512-JE12``, ``3512 JE12``), in text and as a whole cell;
* a Dutch number whose leading 0 a spreadsheet dropped (``612345678``, ``612345678.0``,
  ``31612345678`` for ``+31…``) right after a word that says phone (``tel``, ``mobiel:``,
  ``Tel.``, ``gebeld met``, ``06-nummer:``); in a phone column the normalisers read
  ``612345678`` as ``+31612345678`` (both the per-value and the column-wise one).

False positives that stay clean: police registration numbers that start like a Polish IBAN
(``PL0000-4532459779``, the sample data's ``registratienummer``), number ranges, page ranges
and amounts (``nummers 275 - 461 - 415``, ``tussen 275 - 461 - 415 m``, ``€ 275 - 461 - 415``,
a fourth group, other groupings such as ``12 - 3456 - 782``), abbreviations of organisations
and laws between numbers (``6 FNV 95``, ``3 KPN 12``, ``art. 8 WVW 94``), a cadastral
designation (``RTD02 H 2046``), codes in two groups (``GZ 1234``, ``MP3 128``, ``SW1 8HJ``),
a word between years (``2019en2020``), a long code (``1234ab56789``), and nine digits without a
phone word (``612345678``, ``ordernummer 612345678``, ``bel 7 keer, ref 612345678``).
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from stdnum import iban as stdnum_iban
from test_privacy_false_positives import _SIDECODES
from test_privacy_separators import assert_found

from netwerk.ingest.leakguard import scan_text_columns
from netwerk.ingest.normalise import fast_normalise, normalise_phone
from netwerk.privacy import (
    _PLATE_BANNED,
    _PLATE_CAPS,
    candidates,
    elfproef,
    find_raw_identifiers,
    mask_name,
    mask_text,
    masked_shape,
)

#: (text as typed, kind, the value the detector must report)
FOUND = [
    # 1. IBAN with dashes
    ("NL91-ABNA-0417-1643-00", "iban", "NL91-ABNA-0417-1643-00"),
    ("nl91-abna-0417-1643-00", "iban", "nl91-abna-0417-1643-00"),
    ("NL91\u2013ABNA\u20130417\u20131643\u201300", "iban", "NL91\u2013ABNA\u20130417\u20131643\u201300"),
    ("NL91 - ABNA - 0417 - 1643 - 00", "iban", "NL91 - ABNA - 0417 - 1643 - 00"),
    ("NL91-ABNA-0417164300", "iban", "NL91-ABNA-0417164300"),
    ("BE71-0961-2345-6769", "iban", "BE71-0961-2345-6769"),
    ("rek. NL91-ABNA-0417-1643-00-ok", "iban", "NL91-ABNA-0417-1643-00"),
    # 2. BSN with a spaced separator, grouped as a BSN
    ("123 - 456 - 782", "bsn", "123 - 456 - 782"), ("1234 - 56 - 782", "bsn", "1234 - 56 - 782"),
    ("12 - 345 - 6782", "bsn", "12 - 345 - 6782"), ("123 / 456 / 782", "bsn", "123 / 456 / 782"),
    ("123 . 456 . 782", "bsn", "123 . 456 . 782"), ("123 -456- 782", "bsn", "123 -456- 782"),
    ("123- 456- 782", "bsn", "123- 456- 782"), ("1234 . 56 . 782", "bsn", "1234 . 56 . 782"),
    ("123 \u2013 456 \u2013 782", "bsn", "123 \u2013 456 \u2013 782"),
    ("bsn van 123 - 456 - 782", "bsn", "123 - 456 - 782"),
    ("burgerservicenummer: 275 - 461 - 415", "bsn", "275 - 461 - 415"),
    # 3. plates in two groups or with underscores (sidecodes 7-14 and 4-6 with mixed groups)
    ("6VSP 01", "plate", "6VSP 01"), ("6 VSP01", "plate", "6 VSP01"), ("6-VSP01", "plate", "6-VSP01"),
    ("6VSP-01", "plate", "6VSP-01"), ("6VSP.01", "plate", "6VSP.01"), ("6_VSP_01", "plate", "6_VSP_01"),
    ("6_VSP01", "plate", "6_VSP01"), ("6 - VSP01", "plate", "6 - VSP01"),
    ("6\u2013VSP01", "plate", "6\u2013VSP01"), ("99_XX_BB", "plate", "99_XX_BB"),
    ("GBB01 B", "plate", "GBB01 B"), ("GBB 01B", "plate", "GBB 01B"), ("X 609RJ", "plate", "X 609RJ"),
    ("01GBB 1", "plate", "01GBB 1"), ("1VB 001", "plate", "1VB 001"), ("VB12 BB", "plate", "VB12 BB"),
    ("kenteken 6vsp 01", "plate", "6vsp 01"), ("kenteken GZ 1234", "plate", "GZ 1234"),
    ("auto 6 FNV 95", "plate", "6 FNV 95"), ("kenteken ab_12_cd", "plate", "ab_12_cd"),
    # 4. postcode with a glued house number
    ("3512JE12", "postcode+number", "3512JE12"), ("3512je12", "postcode+number", "3512je12"),
    ("3512JE12A", "postcode+number", "3512JE12A"), ("3512-JE12", "postcode+number", "3512-JE12"),
    ("3512 JE12", "postcode+number", "3512 JE12"), ("woont 3512je12a", "postcode+number", "3512je12a"),
    ("postcode 2000BV12", "postcode+number", "2000BV12"),
    # 5. a phone number without its leading 0, after a word that says phone
    ("tel 612345678", "phone", "612345678"), ("mobiel: 612345678", "phone", "612345678"),
    ("Tel.612345678", "phone", "612345678"), ("gebeld met 612345678", "phone", "612345678"),
    ("06-nummer: 612345678", "phone", "612345678"), ("tel 612345678.0", "phone", "612345678"),
    ("tel 31612345678", "phone", "31612345678"), ("telefoon 201234568", "phone", "201234568"),
    ("WhatsApp 612345678", "phone", "612345678"),
]


@pytest.mark.parametrize("text, kind, value", FOUND)
def test_each_form_is_found_prefiltered_masked_and_named_by_shape(text, kind, value):
    assert_found(text, kind, value)
    shape = masked_shape(value, kind)
    assert "cijfers" in shape and value not in shape


@pytest.mark.parametrize("value, kind, shape", [
    ("NL91-ABNA-0417-1643-00", "iban", "22 tekens: 6 letters, 12 cijfers, 4 overige"),
    ("123 - 456 - 782", "bsn", "9 cijfers (met scheidingstekens), 11-proef klopt"),
    ("123 / 456 / 782", "bsn", "9 cijfers (met scheidingstekens), 11-proef klopt"),
    ("123/456/782", "bsn", "9 cijfers (met scheidingstekens), 11-proef klopt"),
    ("123 / 456 / 783", "bsn", "9 cijfers (met scheidingstekens), 11-proef faalt"),
    ("6_VSP_01", "plate", "8 tekens: 3 letters, 3 cijfers, 2 overige"),
    ("3512JE12A", "postcode+number", "9 tekens: 3 letters, 6 cijfers"),
    ("612345678", "phone", "9 cijfers"),
])
def test_the_masked_shape_names_lengths_and_the_11_proef_never_the_value(value, kind, shape):
    assert masked_shape(value, kind) == shape


@pytest.mark.parametrize("name, masked", [
    ("rek NL91-ABNA-0417-1643-00.csv", "rek [iban].csv"), ("bsn 123 - 456 - 782", "bsn [bsn]"),
    ("auto_6VSP_01.xlsx", "auto_[plate].xlsx"), ("adres 3512JE12A", "adres [postcode+number]"),
    ("tel_612345678.csv", "tel_[phone].csv"), ("PL0000-4532459779.csv", "PL0000-4532459779.csv")])
def test_file_column_and_sheet_names_are_masked(name, masked):
    assert mask_name(name) == masked


#: ordinary text that resembles the new forms: stays clean (and unmasked)
CLEAN = [
    # police registration numbers start like a Polish IBAN (PL has 28 characters)
    "PL0000-4532459779", "PL0000-0869554290", "PL0400-1234567890", "PL1700-0000000001",
    "zie PL0000-4532459779 en PL0000-0869554290", "reg. PL0000-4532459779 verwerkt",
    "NL91-ABNA-0417-1643-01",
    # decided: a dash counts only where the groups are printed, after the check digits
    "NL91ABNA-0417164300",
    # ranges, lists, amounts (275461415 passes the 11-proef)
    "nummers 100 - 200 - 300", "nummers 275 - 461 - 415", "tussen 275 - 461 - 415 m",
    "blz. 275 - 461 - 415", "pagina 12 - 14", "€ 275 - 461 - 415", "275 - 461 - 415 euro",
    "275 - 461 - 415 - 900", "10 - 275 - 461 - 415", "12 - 3456 - 782", "12345 - 67 - 82",
    "van 2754 - 61 - 415 km", "score 275 / 461 / 415", "12.30 - 14.30 uur", "06 - 12 - 2024",
    "artikelen 275 - 461 - 415",
    # abbreviations of organisations and laws between numbers; legal citations
    "6 FNV 95", "3 KPN 12", "6 CNV 95", "art. 8 WVW 94", "artikel 5 WWM 12", "art 3 WPG 10",
    "lid 2 BW 7", "1 GHB 50", "10 GHB 5",
    # codes in two groups, cadastral designations, no sidecode
    "RTD02 H 2046", "PLT00 Z 1", "kenteken RTD02 H 2046", "GZ 1234", "MP3 128", "SW1 8HJ",
    "B12 8HJ", "VSP 01 6", "BV 2024", "A4 2024", "KNVB 12", "auto reed 10 km 50",
    "kenteken reed 10", "versie_2_bsn_10", "6V SP01",
    # postcode-shaped codes with digits glued on
    "2019en2020", "2019EN2020", "1234ab56789", "3512SA12", "3512JE12AB",
    # nine digits without a phone word
    "612345678", "ordernummer 612345678", "factuur 612345678 betaald", "bel 7 keer, ref 612345678",
    "06-12-2024 612345678", "31612345678", "tel 6123456789",
]


@pytest.mark.parametrize("text", CLEAN)
def test_ordinary_text_stays_clean(text):
    assert find_raw_identifiers(text) == []
    assert mask_text(text) == text


SAMPLE = Path(__file__).parents[1] / "sample_data"


def test_the_sample_registration_numbers_are_clean_and_not_even_prefiltered():
    regs = set()
    for path in sorted(SAMPLE.glob("*/raw/politie.csv")):
        regs |= set(pd.read_csv(path, sep=";", dtype=str, keep_default_na=False,
                                encoding="cp1252")["registratienummer"])
    regs.discard("")
    assert len(regs) > 20
    assert [r for r in regs if find_raw_identifiers(r)] == []
    assert not candidates(pd.Series(sorted(regs), dtype="str")).any()


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 9999), st.integers(0, 10**10 - 1))
def test_a_police_number_that_starts_like_a_polish_iban_is_never_one(office, number):
    text = f"PL{office:04d}-{number:010d}"
    assert find_raw_identifiers(text) == []
    assert candidates(pd.Series([text, f"reg. {text} verwerkt"], dtype="str")).tolist() == [False, False]


#: (country, BBAN shape as python-stdnum's registry gives it: a = letters, n = digits)
_COUNTRIES = [("NL", "aaaannnnnnnnnn"), ("DE", "nnnnnnnnnnnnnnnnnn"), ("PL", "n" * 24),
              ("GB", "aaaannnnnnnnnnnnnn"), ("NO", "nnnnnnnnnnn"), ("MT", "aaaannnnnnnnnnnnnnnnnnnnnnn")]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(_COUNTRIES), st.data(), st.sampled_from(["-", " - ", "\u2013", "- "]),
       st.booleans())
def test_an_iban_of_any_country_with_dashes_is_found_prefiltered_and_masked(country, data, sep, lower):
    cc, shape = country
    bban = "".join(data.draw(st.sampled_from(string.ascii_uppercase if c == "a" else string.digits))
                   for c in shape)
    compact = cc + stdnum_iban.calc_check_digits(cc + "00" + bban) + bban
    assume(stdnum_iban.is_valid(compact))
    written = sep.join(compact[i:i + 4] for i in range(0, len(compact), 4))
    written = written.lower() if lower else written
    text = f"rekening {written} gezien"
    assert ("iban", written) in find_raw_identifiers(text)
    assert candidates(pd.Series([text], dtype="str")).tolist() == [True]
    assert mask_text(text) == "rekening [iban] gezien"


_SEPARATORS = [" - ", " -", "- ", " / ", "/ ", " . ", " \u2013 "]


@settings(max_examples=300, deadline=None)
@given(st.integers(10**7, 10**9 - 1), st.sampled_from([(3, 3, 3), (4, 2, 3), (2, 3, 4), (1, 4, 4),
                                                        (3, 4, 2), (5, 2, 2), (2, 4, 3), (4, 4, 1)]),
       st.sampled_from(_SEPARATORS), st.sampled_from(["zie {} gisteren", "{}", "bsn {}"]))
def test_a_spaced_nine_digit_series_is_a_bsn_exactly_when_grouped_as_one_and_it_passes_the_11_proef(
        number, groups, sep, frame):
    digits = f"{number:09d}"
    a, b, _ = groups
    written = sep.join([digits[:a], digits[a:a + b], digits[a + b:]])
    text = frame.format(written)
    found = ("bsn", written) in find_raw_identifiers(text)
    assert found == (elfproef(digits) and groups in {(3, 3, 3), (4, 2, 3), (2, 3, 4)})
    if found:
        assert candidates(pd.Series([text], dtype="str")).tolist() == [True]
        assert written not in mask_text(text)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(_SIDECODES), st.data(), st.sampled_from([0, 1]),
       st.sampled_from([" ", "-", ".", "_", " - ", "  ", "\u2013"]))
def test_every_sidecode_in_two_groups_is_found_as_it_stands_or_after_a_context_word(
        code, data, drop, sep):
    groups = ["".join(data.draw(st.sampled_from("BDFGHJKLMNPRSTVXZ")) if c == "L"
                      else data.draw(st.sampled_from(string.digits)) for c in g)
              for g in code.split()]
    two = [groups[0] + groups[1], groups[2]] if drop == 0 else [groups[0], groups[1] + groups[2]]
    runs = re.findall("[A-Z]+|[0-9]+", " ".join(groups + two))
    assume(not any(g in _PLATE_CAPS or any(b in g for b in _PLATE_BANNED) for g in runs))
    written = sep.join(two)
    pure = (two[0].isalpha() and two[1].isdigit()) or (two[0].isdigit() and two[1].isalpha())
    bare = f"zie {written} gisteren"
    assert (("plate", written) in find_raw_identifiers(bare)) == (not pure)
    context = f"kenteken {written} gezien"
    assert ("plate", written) in find_raw_identifiers(context)
    assert candidates(pd.Series([context], dtype="str")).tolist() == [True]
    assert written not in mask_text(context)


@settings(max_examples=200, deadline=None)
@given(st.integers(1000, 9999), st.sampled_from(["JE", "je", "KL", "xv", "BV", "RT"]),
       st.integers(1, 999), st.sampled_from(["", "A", "b"]),
       st.sampled_from(["{}", "woont {} sinds mei", "adres: {}."]))
def test_a_postcode_with_a_glued_house_number_is_found_in_text_and_as_a_cell(
        digits, letters, nr, addition, frame):
    written = f"{digits}{letters}{nr}{addition}"
    text = frame.format(written)
    assert ("postcode+number", written) in find_raw_identifiers(text)
    assert candidates(pd.Series([text], dtype="str")).tolist() == [True]
    assert written not in mask_text(text)


@pytest.mark.parametrize("cell, fast", [("612345678", True), ("6 12345678", True), ("6-1234 5678", True),
                                        ("31612345678", False), ("0612345678", True)])
def test_a_phone_column_reads_a_mobile_number_without_its_leading_zero(cell, fast):
    """Both normalisers of a phone column: the column-wise one decides these itself (or leaves
    ``31612345678`` to the per-value one, NA), and the per-value one reads them all."""
    assert normalise_phone(cell) == "+31612345678"
    col = fast_normalise("phone", pd.DataFrame({"tel": [cell]}, dtype="str"))
    assert (col.tolist() == ["+31612345678"]) if fast else col.isna().all()


@settings(max_examples=200, deadline=None)
@given(st.integers(100_000_000, 999_999_999), st.sampled_from(["", "ref ", "order ", "bel 3 keer: "]))
def test_nine_digits_without_a_phone_word_are_no_phone_number(number, before):
    assert not any(k == "phone" for k, _ in find_raw_identifiers(f"{before}{number}"))


def test_the_leak_guard_names_every_new_form_by_kind_and_row():
    texts = ["rek. NL91-ABNA-0417-1643-00", "bsn 123 - 456 - 782", "auto 6VSP 01 gezien",
             "woont 3512JE12A", "mobiel: 612345678", "art. 8 WVW 94", "PL0000-4532459779"]
    df = pd.DataFrame({"opmerking": texts, "_row": range(10, 10 + len(texts))})
    found = scan_text_columns(df, ["opmerking"], file="x.csv")
    assert {(f.pattern, f.example_rows) for f in found} == {
        ("iban", (10,)), ("bsn", (11,)), ("plate", (12,)), ("postcode+number", (13,)), ("phone", (14,))}
