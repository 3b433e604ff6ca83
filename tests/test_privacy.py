"""Class: the ONE raw-identifier detector set (netwerk.privacy), used by the ingest leak guard
and the output guard. Members covered: 11-proef numbers in any spacing/dotting, 8-digit BSNs,
IBANs, phone numbers in (06), +31 (0), 0031 forms, plates with and without dashes, postcodes in
any case, spec-given patterns; what must not be flagged (dates, amounts, registration numbers,
pseudonyms); the column-wise prefilter never misses what the detectors find; the column-wise
normaliser agrees with the per-value one."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netwerk.ingest.normalise import fast_normalise, normalise
from netwerk.privacy import (
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
    ("1234 ab 5", None), ("1234 AB 5", "postcode+number"),
])
def test_each_member_is_detected(text, kind):
    found = {k for k, _ in find_raw_identifiers(f"x {text} y")}
    if kind is None:  # "1234 ab" with a space in lower case is not told from "2024 at"
        assert not found or found == {"phone"}
    else:
        assert kind in found


@pytest.mark.parametrize("text", [
    "12-05-2026", "05-05-2025 10:00", "1.234.567,89", "PL0400-2023407167", "2024 at 10 o'clock",
    "BSN-" + "0" * 24, "rank 3 of 1,000", "vital score 0.123456782", "20240131"])
def test_not_flagged(text):
    assert find_raw_identifiers(text) == []


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


_texty = st.text(alphabet=st.sampled_from(list("0123456789 .-+()ABNLabnl,/;_x")), max_size=30)


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
