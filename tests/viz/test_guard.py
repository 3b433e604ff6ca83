"""The raw-identifier guard."""

from __future__ import annotations

import pytest

from netwerk.errors import LeakError, Reason
from netwerk.viz.guard import check_no_raw_identifiers, find_raw_identifiers


@pytest.mark.parametrize(
    "text, kind",
    [
        ("111222333", "bsn"),
        ("bsn: 123456782.", "bsn"),
        ("NL91ABNA0417164300", "iban"),
        ("rekening NL91 ABNA 0417 1643 00", "iban"),
        ("1234 AB 5", "postcode+number"),
        ("Kerkstraat, 1234AB, 12a", "postcode+number"),
        ("AB-12-CD", "plate"),
        ("12-ABC-3", "plate"),
        ("x-999-xx", "plate"),
        ("+31612345678", "phone"),
        ("06-12345678", "phone"),
        ("0031 20 1234567", "phone"),
    ],
)
def test_detects(text, kind):
    assert kind in {k for k, _ in find_raw_identifiers(text)}


@pytest.mark.parametrize(
    "text",
    [
        "111222334",  # fails the 11-proef
        "NL91ABNA0417164301",  # fails mod-97
        "BSN-111222333abcdef012345678",  # a pseudonym
        "IBAN-0000000000000000000000ff",
        "KNT-ab1200000000000000000000",
        "vital score 0.123456782",
        "2024 at 10 o'clock",
        "12-05-2026",
        "rank 3 of 1,000; cuts off 8 actors",
        "art. 13b Opiumwet",
        "",
    ],
)
def test_does_not_flag(text):
    assert find_raw_identifiers(text) == []


def test_check_masks_the_value():
    with pytest.raises(LeakError) as e:
        check_no_raw_identifiers([("node a, label", "ok"), ("node b, label", "Jan 111222333")],
                                 what="map")
    msg = str(e.value)
    assert e.value.reason == Reason.RAW_IDENTIFIER
    # the kind and a masked shape, never the value nor part of it
    assert "node b, label" in msg and "BSN" in msg and "111222333" not in msg
    assert "9 cijfers, 11-proef klopt" in msg and "1222" not in msg
    check_no_raw_identifiers([("a", "BSN-0123456789abcdef01234567"), ("b", None)])
