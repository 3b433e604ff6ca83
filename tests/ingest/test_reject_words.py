"""Reject details and refusals in words, Dutch first, singular and plural right (review 8 S8).

Members: a value's masked shape ("1 tekens: 1 letters" before), the digit count of a BSN, KvK,
branch or Dutch phone number ("heeft 1 cijfers"), identifier kinds named by their code in Dutch
text ("police_id ontbreekt" at the partner, "verplichte identificator police_id is leeg" at
ingest, "phone (10 cijfers)" in the output guard's refusal, "bsn (...) gemaskeerd").
"""

from __future__ import annotations

import pandas as pd
import pytest

from netwerk.errors import InputError, LeakError
from netwerk.guard import check_no_raw_identifiers
from netwerk.i18n import using
from netwerk.ingest import normalise as N
from netwerk.privacy import masked_shape

SHAPES = [
    # value, kind, Dutch, English
    ("Z", None, "1 teken: 1 letter", "1 character: 1 letter"),
    ("7", None, "1 cijfer", "1 digit"),
    ("", None, "leeg", "empty"),
    ("A-1", None, "3 tekens: 1 letter, 1 cijfer, 1 overige",
     "3 characters: 1 letter, 1 digit, 1 other"),
    ("Geheimbron", None, "10 tekens: 10 letters", "10 characters: 10 letters"),
    ("PN--12", None, "6 tekens: 2 letters, 2 cijfers, 2 overige",
     "6 characters: 2 letters, 2 digits, 2 others"),
    ("111222334", "bsn", "9 cijfers, 11-proef faalt", "9 digits, 11-proef fails"),
    ("123 456 782", "bsn", "9 cijfers (met scheidingstekens), 11-proef klopt",
     "9 digits (with separators), 11-proef passes"),
    ("1.2", None, "2 cijfers (met scheidingstekens)", "2 digits (with separators)"),
]


@pytest.mark.parametrize(("value", "kind", "nl", "en"), SHAPES, ids=[s[2] for s in SHAPES])
def test_masked_shape_in_words(value, kind, nl, en):
    assert masked_shape(value, kind) == nl
    with using("en"):
        assert masked_shape(value, kind) == en


COUNTS = [
    (N.normalise_bsn, "1", "ongeldige waarde voor BSN: heeft 1 cijfer, verwacht 9",
     "has 1 digit, expected 9"),
    (N.normalise_bsn, "1234567", "ongeldige waarde voor BSN: heeft 7 cijfers, verwacht 9",
     "has 7 digits, expected 9"),
    (N.normalise_kvk, "1", "ongeldige waarde voor KvK-nummer: heeft 1 cijfer, verwacht 8",
     "has 1 digit, expected 8"),
    (N.normalise_branch, "12", "ongeldige waarde voor vestigingsnummer: heeft 2 cijfers, "
     "verwacht 12", "has 2 digits, expected 12"),
    (N.normalise_phone, "+31 6", "ongeldige waarde voor telefoonnummer: Nederlands nummer heeft "
     "1 cijfer na +31, verwacht 9", "Dutch number has 1 digit after +31, expected 9"),
]


@pytest.mark.parametrize(("fn", "value", "nl", "en"), COUNTS, ids=[c[2] for c in COUNTS])
def test_digit_counts_agree_in_number(fn, value, nl, en):
    with pytest.raises(InputError) as err:
        fn(value)
    assert str(err.value) == nl
    with using("en"), pytest.raises(InputError) as err:
        fn(value)
    assert str(err.value).endswith(en)


def test_the_output_guard_names_kinds_in_words():
    """The reviewer's ``netwerk analyse bad2.csv``: "kolom 'id', rij 3: phone (10 cijfers)"."""
    with pytest.raises(LeakError) as err:
        check_no_raw_identifiers([("kolom 'id', rij 3", "0612345678"),
                                  ("kolom 'id', rij 4", "123456782")], what="nodes.csv")
    msg = str(err.value)
    assert ("kolom 'id', rij 3: telefoonnummer (10 cijfers); kolom 'id', rij 4: BSN (9 cijfers, "
            "11-proef klopt)") in msg
    assert "phone (" not in msg and "bsn (" not in msg
    with using("en"), pytest.raises(LeakError) as err:
        check_no_raw_identifiers([("column 'id', row 3", "0612345678")], what="nodes.csv")
    assert "column 'id', row 3: phone number (10 digits)" in str(err.value)


def test_ingest_names_identifier_kinds_in_words():
    from netwerk.ingest.mapping import map_extract
    from netwerk.ingest.spec import load_spec
    from netwerk.model import default_model

    sp = load_spec("politie")
    df = pd.DataFrame({c: [None] * 2 for c in sp.shared_columns()}, dtype="str")
    df["persoonsnummer"] = [None, "PN00000001"]
    df["_row"] = [1, 2]
    m = map_extract(df, sp, model=default_model(), file="p.csv")
    details = m.rejects.sort_values("row")["detail"].tolist()
    assert details[0] == "verplichte identificator politienummer is leeg"
    assert details[1].startswith("waarde is geen politienummer-pseudoniem (PID-<24 hex>)")
    assert not any("police_id" in d for d in details)


def test_a_masked_cell_at_the_partner_names_the_kind_in_words():
    from netwerk.ingest.pseudonymise import pseudonymise_frame
    from netwerk.ingest.spec import ExtractSpec

    sp = ExtractSpec(name="t", partner="p", raw_in_text="mask", keep=["tekst"],
                     identifiers=[{"columns": ["kvk"], "kind": "kvk"}],
                     nodes=[{"id": "kvk", "kind": "company"}])
    df = pd.DataFrame({"kvk": ["12345678"], "tekst": ["bel 06-12345678"], "_row": [1]})
    _shared, rejects, _reid = pseudonymise_frame(df, sp, b"k" * 32, file="f.csv")
    assert rejects["detail"].tolist() == [
        "telefoonnummer (10 cijfers (met scheidingstekens)) gemaskeerd; rij behouden"]
