"""Class: the ONE raw-identifier detector set (netwerk.privacy), used by the ingest leak guard
and the output guard. Members covered: 11-proef numbers in any spacing/dotting, 8-digit BSNs,
IBANs, phone numbers in (06), +31 (0), 0031 forms, plates with and without dashes, postcodes in
any case, spec-given patterns; what must not be flagged (dates, amounts, registration numbers,
pseudonyms); the column-wise prefilter never misses what the detectors find; the column-wise
normaliser agrees with the per-value one."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from netwerk.ingest.normalise import fast_normalise, normalise
from netwerk.privacy import (
    _is_date8,
    candidates,
    compile_patterns,
    find_raw_identifiers,
    is_pseudonym,
    mask_name,
    mask_text,
    masked_shape,
)
from netwerk.viz.guard import check_no_raw_identifiers


@pytest.mark.parametrize("text, kind", [
    ("111222333", "bsn"), ("111 222 333", "bsn"), ("1112.22.333", "bsn"), ("111-222-333", "bsn"),
    ("12345672", "bsn"), ("NL91ABNA0417164300", "iban"), ("nl91 abna 0417 1643 00", "iban"),
    ("(06) 1234 5678", "phone"), ("+31 (0)6 12345678", "phone"), ("0031 6 12345678", "phone"),
    ("06-12345678", "phone"), ("020-1234567", "phone"), ("12-ABC-3", "plate"), ("12ABC3", "plate"),
    ("g123bb", "plate"), ("1234AB", "postcode"), ("1234ab", "postcode"), ("1234 AB", "postcode"),
    ("1234 ab 5", "postcode+number"), ("1234 AB 5", "postcode+number"),
    ("3512 je", "postcode"), ("3512je 12", "postcode+number"), ("3512 je 12", "postcode+number"),
    ("BSN123456782", "bsn"), ("bsn-123456782", "bsn"), ("bsn_123456782", "bsn"),
    ("nr.123456782", "bsn"), ("123456782abc", "bsn"), ("bsn12345672", "bsn"),
    ("123\u00a0456\u00a0782", "bsn"), ("123\u202f456\u202f782", "bsn"),
    ("123\u200b456\u200b782", "bsn"), ("1234\u00ad56782", "bsn"),
    ("\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff12", "bsn"),
    ("\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0662", "bsn"),
    ("06\u00a012345678", "phone"), ("06\u00a01234\u00a05678", "phone"),
    ("3512\u00a0JE\u00a012", "postcode+number"),
])
def test_each_member_is_detected(text, kind):
    found = {k for k, _ in find_raw_identifiers(f"x {text} y")}
    assert kind in found
    assert candidates(pd.Series([f"x {text} y"], dtype="str")).tolist() == [True]


@pytest.mark.parametrize("text", [
    "12-05-2026", "05-05-2025 10:00", "1.234.567,89", "PL0400-2023407167", "2024 at 10 o'clock",
    "BSN-" + "0" * 24, "rank 3 of 1,000", "vital score 0.123456782", "20240131",
    # a glued 9-digit run must not be part of a longer number, through a separator either
    "PL0000-4532459779", "PL0000-45324597", "2024-123456782", "0.123456782", "1,123456782",
    "€ 1.234.567,82", "123456782.5", "123456782-1", "dossier 2024/123456782",
    # hashes, keys and UUIDs are no typed-in BSN; nor is a pseudonym glued to text
    "sha256 0123456782abcdef0123456789abcdef", "id 9f1c2b3a-4d5e-6f70-8192-123456782abc",
    "zie BSN-" + "1234567820" + "ab" * 7, "nr. BSN-" + "0" * 24 + ".",
    # a year and a word is no postcode; dates glued to letters are no 8-digit BSN
    "in 2019 en 2020", "in 1990 de eerste", "1500 kg", "d.d.20240131", "T20240131"])
def test_not_flagged(text):
    assert find_raw_identifiers(text) == []


def test_hits_are_named_and_masked_in_the_text_as_written():
    text = "bsn 123\u00a0456\u200b782 en BSN\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff12."
    assert find_raw_identifiers(text) == [
        ("bsn", "123\u00a0456\u200b782"),
        ("bsn", "\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff12")]
    assert mask_text(text) == "bsn [bsn] en BSN[bsn]."
    assert mask_text("woont 3512 je 12, tel 06\u00a012345678") == "woont [postcode+number], tel [phone]"


def _bsn(eight: int) -> str | None:
    """The 11-proef BSN with these first eight digits, None if no check digit fits."""
    head = f"{eight:08d}"
    check = sum(int(d) * w for d, w in zip(head, range(9, 1, -1), strict=True)) % 11
    return None if check == 10 else head + str(check)


_FULLWIDTH = str.maketrans("0123456789", "\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19")
_ARABIC_INDIC = str.maketrans("0123456789", "".join(chr(0x660 + i) for i in range(10)))


def _writings(bsn: str) -> list[str]:
    """Every way issue 9 lists of writing a BSN in a remark: any spacing or dotting, glued to a
    prefix or suffix, no-break / narrow no-break / zero-width / soft-hyphen separators, Unicode
    digits, and (leading zero) the 8-digit form a spreadsheet makes of it."""
    a, b, c = bsn[:3], bsn[3:6], bsn[6:]
    forms = [bsn, f"{a} {b} {c}", f"{a}.{b}.{c}", f"{bsn[:4]}.{bsn[4:6]}.{c}", f"{a}-{b}-{c}",
             f"{a}\u00a0{b}\u00a0{c}", f"{a}\u202f{b}\u202f{c}", f"{a}\u200b{b}{c}",
             f"{a}\u00ad{b}\u00ad{c}", f"{a}\u2060{b}\ufeff{c}",
             bsn.translate(_FULLWIDTH), bsn.translate(_ARABIC_INDIC)]
    # a spreadsheet drops every leading zero; eight digits that are a date (ddmmyyyy, yyyymmdd)
    # are read as the date by rule
    eight = bsn.startswith("0") and not bsn.startswith("00") and not _is_date8(bsn[1:])
    if eight:
        forms.append(bsn[1:])
    glued = [f"{p}{bsn}" for p in ("BSN", "bsn-", "bsn_", "nr.", "Bsn:", "bsn,")]
    glued += [f"{bsn}abc", f"BSN{bsn.translate(_FULLWIDTH)}", f"nr.{a}\u00a0{b}\u00a0{c}"]
    if eight:
        glued.append(f"BSN{bsn[1:]}")
    return [(f, f) for f in forms] + [(g, g.removeprefix("BSN").removeprefix("bsn-")
                                       .removeprefix("bsn_").removeprefix("nr.")
                                       .removeprefix("Bsn:").removeprefix("bsn,")
                                       .removesuffix("abc")) for g in glued]


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 99_999_999), st.sampled_from(["Witwassen {} gezien", "{}", "zie: {}.",
                                                   "({})", "medeverdachte\t{} (rol)"]))
def test_every_writing_of_an_elfproef_number_is_found_and_prefiltered(eight, frame):
    bsn = _bsn(eight)
    assume(bsn is not None and bsn != "000000000")
    pairs = _writings(bsn)
    texts = [frame.format(w) for w, _ in pairs]
    flagged = candidates(pd.Series(texts, dtype="str"))
    for (written, number), text, pre in zip(pairs, texts, flagged, strict=True):
        assert ("bsn", number) in find_raw_identifiers(text), (written, text)
        assert pre, text
        assert number not in mask_text(text)


def test_spec_patterns_join_the_set_everywhere():
    extra = compile_patterns({"persoonsnummer": r"\bPN\d{8}\b"})
    assert find_raw_identifiers("zie PN12345678", extra) == [("persoonsnummer", "PN12345678")]
    with pytest.raises(Exception, match="persoonsnummer"):
        check_no_raw_identifiers([("label", "zie PN12345678")], extra=extra)
    assert mask_text("zie PN12345678", extra) == "zie [persoonsnummer]"


def test_masks_and_shapes_never_repeat_the_value():
    assert masked_shape("111222334", "bsn") == "9 cijfers, 11-proef faalt"
    assert mask_name("export_bsn_111222333.csv") == "export_bsn_[bsn].csv"
    assert is_pseudonym("BSN-" + "f" * 24, "bsn") and not is_pseudonym("BSN-" + "f" * 23)


_texty = st.text(alphabet=st.sampled_from(list("0123456789 .-+()ABNLabnl,/;_x\u00a0\u200b\u00ad"
                                               "\uff11\u0662\u2003\x0b\x85\u212a\u017fé")),
                 max_size=30)


@settings(max_examples=300, deadline=None)
@given(st.lists(_texty, min_size=1, max_size=5))
def test_prefilter_never_misses_a_detection(texts):
    mask = candidates(pd.Series(texts, dtype="str"))
    for t, m in zip(texts, mask, strict=True):
        if find_raw_identifiers(t):
            assert m, t


_idish = st.text(alphabet=st.sampled_from(list("0123456789 .-+()ABCabc\u00a0\x0b\x1c\u2003\u3000\t")),
                 max_size=14)


_postish = st.one_of(
    st.text(alphabet=st.sampled_from(list("0123456789 \t\x0bABSDabsdß\u00a0")), max_size=9),
    st.from_regex(r"[ ]?[0-9]{4} ?[A-Za-z]{2} ?", fullmatch=True))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_postish, st.sampled_from(["12", "12a", "1-3", "", "0"])), min_size=1,
                max_size=6))
def test_column_wise_address_normaliser_agrees_with_the_per_value_one(pairs):
    parts = pd.DataFrame(pairs, columns=["postcode", "huisnummer"], dtype="str")
    fast = fast_normalise("address", parts)
    for (p, h), f in zip(pairs, fast, strict=True):
        if not pd.isna(f):
            assert normalise("address", [p, h]) == f


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["bsn", "rsin", "kvk", "branch", "plate", "phone", "police_id", "parcel"]),
       st.lists(_idish, min_size=1, max_size=6))
def test_column_wise_normaliser_agrees_with_the_per_value_one(kind, values):
    fast = fast_normalise(kind, pd.DataFrame({"x": values}, dtype="str"))
    for v, f in zip(values, fast, strict=True):
        if not pd.isna(f):
            assert normalise(kind, [v]) == f
