"""The vectorised normalisers run in pyarrow (RE2) only if their patterns avoid ``\\s``: pandas
sends any pattern with ``\\s`` through Python's ``re`` one value at a time. The spelled-out class
must match exactly the characters Python's ``\\s`` matches, or the vectorised and the per-value
normalisers would disagree on unusual blanks (NBSP, figure space, ideographic space, ...)."""

from __future__ import annotations

import re
import sys

import pandas as pd
import pytest

from netwerk.ingest.normalise import SPACE_CLASS, fast_normalise, normalise

PY_SPACE = [chr(c) for c in range(sys.maxunicode + 1) if re.match(r"\s", chr(c))]


def test_space_class_is_pythons_whitespace():
    cls = re.compile(f"[{SPACE_CLASS}]")
    ours = [chr(c) for c in range(sys.maxunicode + 1) if cls.match(chr(c))]
    assert ours == PY_SPACE
    assert "\u00a0" in ours and "\u200b" not in ours  # NBSP is a blank; zero-width space is not


def test_space_class_runs_in_pyarrow():
    from pandas.core.arrays.string_arrow import ArrowStringArray

    arr = pd.array(["a"], dtype="str")
    assert isinstance(arr, ArrowStringArray)
    for pat in (f"[{SPACE_CLASS}.\\-]", f"[{SPACE_CLASS}\\-./()]", f"[{SPACE_CLASS}]+"):
        assert not arr._needs_python_regex(pat), pat  # else pandas falls back to `re`


@pytest.mark.parametrize("kind, core", [("bsn", "111222333"), ("kvk", "12345678"),
                                        ("plate", "12ABC3"), ("phone", "0612345678"),
                                        ("parcel", "ASD01K1234"), ("branch", "000012345678")])
def test_every_blank_is_treated_as_the_per_value_normaliser_does(kind, core):
    values = [core[:3] + ch + core[3:] for ch in PY_SPACE] + [core[:3] + "\u200b" + core[3:]]
    fast = fast_normalise(kind, pd.DataFrame({"x": values}, dtype="str"))
    decided = 0
    for v, f in zip(values, fast, strict=True):
        if not pd.isna(f):
            decided += 1
            assert normalise(kind, [v]) == f, repr(v)
    if kind != "parcel":  # a parcel with a non-ASCII character goes the per-value way
        assert decided >= len(PY_SPACE) - 2  # blanks taken out column-wise, not left over


def test_amounts_lose_every_blank_as_python_would():
    from netwerk.ingest.readers import parse_numbers

    texts = [f"{ch}€{ch}1.234.567,5{ch}" for ch in PY_SPACE] + ["1.234.567,5\u200b"]
    values, bad = parse_numbers(pd.Series(texts, dtype="str"))
    assert values.tolist()[:-1] == [1234567.5] * len(PY_SPACE)
    assert bad.tolist() == [False] * len(PY_SPACE) + [True]  # a zero-width space is no blank
