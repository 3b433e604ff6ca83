"""The leak guard refuses extracts whose identifier columns hold raw-looking values."""

from __future__ import annotations

import pandas as pd
import pytest

from netwerk.errors import LeakError, Reason
from netwerk.i18n import using
from netwerk.ingest.leakguard import check_for_raw_identifiers, classify_value, guard, is_pseudonym
from netwerk.ingest.pseudonymise import pseudonym
from netwerk.ingest.spec import ExtractSpec

KEY = b"k" * 32

SPEC = ExtractSpec.model_validate({
    "name": "politie", "partner": "politie",
    "identifiers": [
        {"columns": ["bsn"], "kind": "bsn"},
        {"columns": ["kenteken"], "kind": "plate"},
        {"columns": ["pc", "nr"], "kind": "address", "output": "adres"},
    ],
    "nodes": [{"id": "bsn", "kind": "person", "attributes": {"rol": "rol"}},
              {"id": "kenteken", "kind": "vehicle"}, {"id": "adres", "kind": "address"}],
})


def clean_frame(n: int = 4) -> pd.DataFrame:
    return pd.DataFrame({
        "bsn": [pseudonym("bsn", f"{i}", KEY) for i in range(n)],
        "kenteken": [pseudonym("plate", f"{i}", KEY) for i in range(n)],
        "adres": [pseudonym("address", f"{i}", KEY) for i in range(n - 1)] + [None],
        "rol": ["Jan de Vries"] * n,  # not an identifier column: not checked
        "_row": list(range(1, n + 1)),
    })


def test_is_pseudonym():
    p = pseudonym("bsn", "111222333", KEY)
    assert is_pseudonym(p, "bsn")
    assert not is_pseudonym(p, "rsin")
    assert not is_pseudonym(p.upper(), "bsn")
    assert not is_pseudonym(p[:-1], "bsn")
    assert not is_pseudonym(p + "0", "bsn")
    assert not is_pseudonym(None, "bsn")
    assert not is_pseudonym(p, "no_such_kind")


@pytest.mark.parametrize("value, label", [
    ("111222333", "bsn"), ("1112.22.333", "bsn"), ("12345672", "bsn"),
    ("NL91ABNA0417164300", "iban"), ("nl91 abna 0417 1643 00", "iban"),
    ("1234 AB", "postcode"), ("1234AB 12", "postcode"), ("Dorpsstraat 1, 1234 AB Ons Dorp", "postcode"),
    ("12-ABC-3", "plate"), ("XX-99-99", "plate"), ("g123bb", "plate"),
    ("06-12345678", "phone"), ("+31 20 123 4567", "phone"),
    ("Jan de Vries", "name"), ("Zoë", "name"),
    ("KVK-" + "0" * 24, "other_pseudonym"),
    ("123456789", "number"), ("01234567", "number"), ("000017829432", "number"), ("x1", "not_pseudonym"), ("jan", "not_pseudonym"),
])
def test_classify_value(value, label):
    assert classify_value(value) == label


def test_clean_extract_passes():
    assert guard(clean_frame(), SPEC, file="p.csv") == []


def test_raw_values_are_refused_with_file_column_and_counts():
    df = clean_frame(6)
    df.loc[[1, 3], "bsn"] = ["111222333", "123456782"]
    df.loc[4, "kenteken"] = "12-ABC-3"
    with pytest.raises(LeakError) as exc:
        guard(df, SPEC, file="politie.csv")
    e = exc.value
    assert e.reason is Reason.RAW_IDENTIFIER
    assert e.file == "politie.csv" and e.column == "bsn"
    msg = str(e)
    assert "kolom 'bsn' (BSN): 2 rijen bevatten waarden die op een BSN lijken (rijen 2, 4)" in msg
    assert "kolom 'kenteken' (kenteken): 1 rij bevat" in msg  # kinds by name, not 'plate'
    with using("en"), pytest.raises(LeakError) as exc:
        guard(df, SPEC, file="politie.csv")
    assert "column 'bsn' (BSN): 2 rows hold values that look like a raw BSN (rows 2, 4)" in str(exc.value)
    assert "column 'kenteken' (licence plate): 1 row holds" in str(exc.value)
    assert "111222333" not in msg and "12-ABC-3" not in msg


def test_override_returns_findings():
    df = clean_frame()
    df.loc[0, "adres"] = "1234 AB"
    findings = guard(df, SPEC, file="p.csv", override=True)
    assert len(findings) == 1
    f = findings[0]
    assert (f.column, f.kind, f.pattern, f.rows, f.example_rows, f.raw) == (
        "adres", "address", "postcode", 1, (1,), True)


def test_wrong_kind_pseudonyms_are_not_pseudonymised():
    df = clean_frame()
    df["kenteken"] = df["bsn"]  # BSN pseudonyms in the plate column
    with pytest.raises(LeakError) as exc:
        guard(df, SPEC, file="p.csv")
    assert exc.value.reason is Reason.NOT_PSEUDONYMISED
    findings = check_for_raw_identifiers(df, SPEC, file="p.csv")
    assert [(f.column, f.pattern, f.rows) for f in findings] == [("kenteken", "other_pseudonym", 4)]


def test_blank_cells_and_absent_columns_are_fine():
    df = clean_frame().drop(columns=["kenteken"])
    df.loc[0, "bsn"] = "  "
    assert check_for_raw_identifiers(df, SPEC, file="p.csv") == []


def test_pseudonym_mask_equals_the_regex():
    """The RE2 pseudonym test equals Python's ``fullmatch(PREFIX-[0-9a-f]{24})`` on near misses:
    wrong case, length, prefix, separator, blanks, non-ASCII, missing, a final newline."""
    import re

    import numpy as np

    from netwerk.ingest.leakguard import pseudonym_mask

    rng = np.random.default_rng(3)
    alphabet = list("0123456789abcdefABCDEF-g é")
    cells = []
    for _ in range(3000):
        body = list(rng.choice(list("0123456789abcdef"),
                               24 if rng.random() < 0.7 else rng.integers(20, 27)))
        if rng.random() < 0.3:  # one character that does not belong
            body[rng.integers(len(body))] = rng.choice(alphabet)
        body = "".join(body)
        head = rng.choice(["BSN-", "BSN_", "bsn-", "KVK-", " BSN-", "BSN-"])
        cells.append(None if rng.random() < 0.05 else head + body)
    cells += ["BSN-" + "0f" * 12, "BSN-" + "0f" * 12 + "\n", ""]
    s = pd.Series(cells, dtype="str")
    want = [isinstance(v, str) and re.fullmatch(r"BSN-[0-9a-f]{24}", v) is not None for v in cells]
    assert pseudonym_mask(s, "BSN").tolist() == want
    assert sum(want) > 100
