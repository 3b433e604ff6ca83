"""Identifier normalisation and validation (normalise.py)."""

from __future__ import annotations

import pytest
from stdnum.nl import bsn as stdnum_bsn

from netwerk.errors import InputError, Reason
from netwerk.i18n import using
from netwerk.ingest.normalise import (
    elfproef,
    normalise,
    normalise_address,
    normalise_branch,
    normalise_bsn,
    normalise_iban,
    normalise_kvk,
    normalise_name,
    normalise_name_dob,
    normalise_parcel,
    normalise_permit_id,
    normalise_phone,
    normalise_plate,
    normalise_police_id,
    normalise_rsin,
    parse_birth_date,
)
from netwerk.ingest.spec import IDENTIFIER_KINDS


def invalid(fn, *args, reason=Reason.INVALID_IDENTIFIER) -> InputError:
    with pytest.raises(InputError) as exc:
        fn(*args)
    assert exc.value.reason is reason
    return exc.value


# -- BSN / RSIN ------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, want", [
    ("111222333", "111222333"),
    ("123456782", "123456782"),
    (" 1112.22.333 ", "111222333"),
    ("111-222-333", "111222333"),
    ("12345672", "012345672"),  # Excel dropped the leading zero
])
def test_bsn_valid(raw, want):
    assert normalise_bsn(raw) == want
    assert normalise_rsin(raw) == want


@pytest.mark.parametrize("raw, why", [
    ("123456789", "voldoet niet aan de 11-proef"),
    ("000000000", "bestaat alleen uit nullen"),
    ("1234567", "7 cijfers"),
    ("1234567890", "10 cijfers"),
    ("12345678a", "andere tekens dan cijfers"),
    # full-width digits are now read as the leak detector reads them (review 8 S15):
    # tests/ingest/test_identifier_spellings.py
])
def test_bsn_invalid_message_has_no_value(raw, why):
    e = invalid(normalise_bsn, raw)
    assert why in str(e) and str(e).startswith("ongeldige waarde voor BSN: ")
    assert raw.strip() not in str(e)


def test_invalid_identifier_in_english():
    with using("en"):
        e = invalid(normalise_bsn, "123456789")
    assert str(e) == "invalid value for BSN: fails 11-proef"


@pytest.mark.parametrize("fn, args", [(normalise_address, ("12AB", "1")),
                                      (normalise_address, ("1234AB", "A")),
                                      (parse_birth_date, ("31-02-1980",)),
                                      (normalise_name_dob, ("...", "Jan", "1980-01-31"))])
def test_cached_failures_speak_the_language_of_the_call(fn, args):
    """The helpers behind these are cached (lru_cache): the second call in the other language
    must not get the first call's text."""
    nl = str(invalid(fn, *args))
    with using("en"):
        en = str(invalid(fn, *args))
    assert nl.startswith("ongeldige ") and en.startswith("invalid ") and nl != en
    assert str(invalid(fn, *args)) == nl


@pytest.mark.parametrize("v", [None, "", "   ", float("nan")])
def test_missing_is_none_not_invalid(v):
    for kind in ("bsn", "rsin", "kvk", "branch", "parcel", "plate", "phone", "iban", "police_id",
                 "permit_id"):
        assert normalise(kind, [v]) is None
    assert normalise("address", [v, v]) is None
    assert normalise("name_dob", [v, v, v]) is None


def test_elfproef_agrees_with_stdnum():
    for n in range(100_000_000, 100_000_000 + 3000 * 37, 37):
        s = str(n)
        assert elfproef(s) == stdnum_bsn.is_valid(s), s


# -- KvK, branch -----------------------------------------------------------------------------

def test_kvk():
    assert normalise_kvk("12345678") == "12345678"
    assert normalise_kvk("1234 5678") == "12345678"
    assert normalise_kvk("1234567") == "01234567"
    assert "6 cijfers" in str(invalid(normalise_kvk, "123456"))
    invalid(normalise_kvk, "123456789")
    invalid(normalise_kvk, "00000000")


def test_branch():
    assert normalise_branch("000017829432") == "000017829432"
    assert normalise_branch("17829432") == "000017829432"
    invalid(normalise_branch, "12345")
    invalid(normalise_branch, "1234567890123")


# -- address ---------------------------------------------------------------------------------

@pytest.mark.parametrize("parts, want", [
    (("1234 AB", "12"), "1234AB 12"),
    (("1234ab", "012"), "1234AB 12"),
    ((" 1234  ab ", " 12 "), "1234AB 12"),
    (("1234AB", "12a"), "1234AB 12 A"),
    (("1234AB", "12 A"), "1234AB 12 A"),
    (("1234AB", "12-2"), "1234AB 12 2"),
    (("1234AB", "12", "a"), "1234AB 12 A"),
    (("1234AB", "12", "-bis"), "1234AB 12 BIS"),
    (("1234AB", "12", "A", "2"), "1234AB 12 A2"),
    (("1234AB", "12", None, "II"), "1234AB 12 II"),
    (("9999ZZ", "99999"), "9999ZZ 99999"),
])
def test_address_variants(parts, want):
    assert normalise("address", list(parts)) == want


@pytest.mark.parametrize("pc, nr", [
    ("0123AB", "1"), ("1234SS", "1"), ("1234SA", "1"), ("1234SD", "1"), ("123AB", "1"),
    ("1234A", "1"), ("1234AB", "0"), ("1234AB", "100000"), ("1234AB", "A"), ("1234AB", "-3"),
])
def test_address_invalid(pc, nr):
    invalid(normalise_address, pc, nr)


def test_address_partly_missing_is_missing_identifier():
    e = invalid(normalise_address, "1234AB", None, reason=Reason.MISSING_IDENTIFIER)
    assert "huisnummer ontbreekt" in str(e)
    invalid(normalise_address, "", "12", reason=Reason.MISSING_IDENTIFIER)


# -- plate, phone, iban, codes ----------------------------------------------------------------

def test_plate():
    assert normalise_plate("12-ABC-3") == "12ABC3"
    assert normalise_plate("xx-99-99") == "XX9999"
    assert normalise_plate("G 123 BB") == "G123BB"
    for bad in ("123456", "ABCDEF", "12-AB-3", "12-ABC-34", "12_ABC_3"):
        invalid(normalise_plate, bad)


@pytest.mark.parametrize("raw, want", [
    ("06-12345678", "+31612345678"),
    ("+31 6 1234 5678", "+31612345678"),
    ("0031612345678", "+31612345678"),
    ("+31 (0)6 12345678", "+31612345678"),
    ("612345678", "+31612345678"),  # lost its leading zero in Excel
    ("31612345678", "+31612345678"),
    ("020-1234567", "+31201234567"),
    ("(020) 123 45 67", "+31201234567"),
    ("+32 2 123 45 67", "+3221234567"),
    ("0044 20 7946 0958", "+442079460958"),
])
def test_phone_e164(raw, want):
    assert normalise_phone(raw) == want


@pytest.mark.parametrize("raw", ["06-1234567", "06-123456789", "12345", "+0612345678", "+1234",
                                 "0800-FLOWERS", "+1234567890123456"])
def test_phone_invalid(raw):
    invalid(normalise_phone, raw)


def test_iban():
    assert normalise_iban("NL91ABNA0417164300") == "NL91ABNA0417164300"
    assert normalise_iban("nl91 abna 0417 1643 00") == "NL91ABNA0417164300"
    assert normalise_iban("DE89 3704 0044 0532 0130 00") == "DE89370400440532013000"
    e = invalid(normalise_iban, "NL91ABNA0417164301")
    assert "mod-97" in str(e) and "0417164301" not in str(e)
    invalid(normalise_iban, "NL91 ABNA 0417 1643 0€")


def test_codes_parcel_police_permit():
    # one spelling each (review 8 S15): tests/ingest/test_identifier_spellings.py
    assert normalise_parcel(" asd04 f 1234 ") == "ASD04 F 1234"
    assert normalise_police_id(" pv-2024 /  77 ") == "PV2024/77"
    assert normalise_permit_id("ex-12a") == "EX12A"


# -- names + birth date ----------------------------------------------------------------------

@pytest.mark.parametrize("surname", [
    "Van der Berg", "van der berg", "Berg van der", "VAN DER BERG", "Berg, van der",
    "  van  der   Berg ", "van der Bérg",
])
def test_prefix_spellings_normalise_the_same(surname):
    assert normalise_name_dob(surname, "Jan", "31-01-1980") == "berg|van der|jan|1980-01-31"


def test_prefix_in_separate_column_and_four_column_order():
    assert normalise("name_dob", ["Berg", "van der", "Jan", "1980-01-31"]) == \
        "berg|van der|jan|1980-01-31"
    assert normalise("name_dob", ["Berg", None, "Jan", "1980-01-31"]) == "berg||jan|1980-01-31"


def test_name_diacritics_punctuation_and_apostrophes():
    assert normalise_name("Müller-Lüdenscheidt") == ("muller ludenscheidt", "")
    assert normalise_name("van 't Hek") == ("hek", "van t")
    assert normalise_name("Ørsted") == ("orsted", "")
    assert normalise_name_dob("de Vries", "Marie-José", "1-2-1975") == "vries|de|marie jose|1975-02-01"
    # only-prefix surnames keep one word as the surname
    assert normalise_name("De") == ("de", "")
    assert normalise_name("van der") == ("der", "van")


def test_first_names_are_kept_in_full():
    # documented: an initial and a full first name are different keys
    assert normalise_name_dob("Berg", "J.", "1980-01-31") != normalise_name_dob("Berg", "Jan", "1980-01-31")


@pytest.mark.parametrize("raw", ["31-01-1980", "31-1-1980", "31/01/1980", "31.01.1980",
                                 "1980-01-31", "19800131", "1980-01-31 00:00:00"])
def test_birth_date_formats(raw):
    assert parse_birth_date(raw) == "1980-01-31"


@pytest.mark.parametrize("raw", ["31-02-1980", "01-13-1980", "31-01-80", "1800-01-01", "jan 1980"])
def test_birth_date_invalid(raw):
    invalid(parse_birth_date, raw)


def test_name_dob_partly_missing():
    e = invalid(normalise_name_dob, "Berg", "Jan", None, reason=Reason.MISSING_IDENTIFIER)
    assert "geboortedatum ontbreekt" in str(e)
    with using("en"):
        e = invalid(normalise_name_dob, "Berg", "Jan", None, reason=Reason.MISSING_IDENTIFIER)
    assert str(e) == "name and date of birth: birth date missing"
    invalid(normalise_name_dob, "...", "Jan", "1980-01-31")  # no letters in the surname


def test_dispatch_errors():
    with pytest.raises(InputError) as exc:
        normalise("bsn", ["1", "2"])
    assert exc.value.reason is Reason.INVALID_ARGUMENT
    with pytest.raises(InputError):
        normalise("shoe_size", ["42"])
    assert set(IDENTIFIER_KINDS) <= {
        "bsn", "rsin", "kvk", "branch", "address", "parcel", "plate", "phone", "iban",
        "police_id", "permit_id", "name_dob"}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_identifier_kinds_named_in_words_not_codes(lang):
    """Review 7 Q12: reject details said `ongeldige plate`, `name_dob: ...`. Every kind the
    normalisers refuse is named in the user's words (the leak guard's labels)."""
    from netwerk.ingest._values import _LABELS, kind_label
    from netwerk.ingest.spec import IDENTIFIER_KINDS

    assert set(IDENTIFIER_KINDS) <= set(_LABELS)
    cases = [(normalise_bsn, ("123456789",), Reason.INVALID_IDENTIFIER),
             (normalise_address, ("12AB", "1"), Reason.INVALID_IDENTIFIER),
             (normalise_address, ("", "1"), Reason.MISSING_IDENTIFIER)]
    with using(lang):
        for fn, args, reason in cases:
            e = invalid(fn, *args, reason=reason)
            assert not any(f" {k}:" in f" {e}" or f" {k} " in f" {e} " for k in IDENTIFIER_KINDS
                           if k != kind_label(k)), str(e)
        assert kind_label("plate") == ("kenteken" if lang == "nl" else "licence plate")
