"""Property tests (hypothesis) for normalisers, readers and pseudonymisation."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from netwerk.errors import NetwerkError
from netwerk.ingest.leakguard import check_for_raw_identifiers, classify_value, is_pseudonym
from netwerk.ingest.normalise import ARITY, normalise
from netwerk.ingest.pseudonymise import pseudonymise_frame
from netwerk.ingest.readers import parse_dates, parse_numbers, read_table
from netwerk.ingest.spec import ExtractSpec

SINGLE = sorted(k for k, (lo, hi) in ARITY.items() if hi == 1)
cell = st.one_of(st.none(), st.text(max_size=30))

# plausible identifier text, so that valid values are common, plus junk around it
digits_sep = st.from_regex(r"\A[0-9][0-9 .\-]{5,13}[0-9]\Z")
plausible = {
    "bsn": digits_sep, "rsin": digits_sep, "kvk": digits_sep, "branch": digits_sep,
    "plate": st.from_regex(r"\A[0-9A-Za-z]{1,3}[- ]?[0-9A-Za-z]{1,3}[- ]?[0-9A-Za-z]{0,2}\Z"),
    "phone": st.from_regex(r"\A(\+|00|0)?[0-9 ()\-]{8,16}\Z"),
    "iban": st.sampled_from(["NL91ABNA0417164300", "nl91 abna 0417 1643 00",
                             "DE89 3704 0044 0532 0130 00", "NL91ABNA0417164301"]),
    "parcel": st.text(max_size=20), "police_id": st.text(max_size=20),
    "permit_id": st.text(max_size=20),
}
postcode = st.from_regex(r"\A[0-9]{4} ?[A-Za-z]{2}\Z")
house = st.from_regex(r"\A0?[0-9]{1,5}( ?[-/ ]? ?[A-Za-z0-9]{1,3})?\Z")
surname = st.sampled_from(["Van der Berg", "berg, van der", "de Vries", "Müller-Lüdenscheidt",
                           "van 't Hek", "Ørsted", "De", "VAN DEN Broek", "İnan"]) | st.text(max_size=15)
first = st.sampled_from(["Jan", "Marie-José", "J.", "ŒUVRE", "ℌans"]) | st.text(max_size=15)
dob = st.dates().map(lambda d: d.strftime("%d-%m-%Y")) | st.text(max_size=12)


@given(kind=st.sampled_from(sorted(ARITY)), data=st.data())
def test_normalisers_only_raise_netwerk_errors(kind, data):
    lo, hi = ARITY[kind]
    values = data.draw(st.lists(cell, min_size=lo, max_size=hi))
    with contextlib.suppress(NetwerkError):
        normalise(kind, values)


@given(kind=st.sampled_from(SINGLE), data=st.data())
def test_single_normalisers_idempotent(kind, data):
    raw = data.draw(plausible[kind] | st.text(max_size=25))
    try:
        once = normalise(kind, [raw])
    except NetwerkError:
        return
    assume(once is not None)
    assert normalise(kind, [once]) == once


@given(pc=postcode, nr=house, extra=st.one_of(st.none(), st.from_regex(r"\A[A-Za-z0-9 \-]{0,4}\Z")))
def test_address_idempotent(pc, nr, extra):
    try:
        once = normalise("address", [pc, nr, extra])
    except NetwerkError:
        return
    assume(once is not None)
    parts = once.split(" ")
    assert parts[0] == pc.replace(" ", "").upper()
    again = normalise("address", [parts[0], parts[1], parts[2] if len(parts) > 2 else None])
    assert again == once


@given(sur=surname, fn=first, d=dob)
def test_name_dob_idempotent(sur, fn, d):
    try:
        once = normalise("name_dob", [sur, fn, d])
    except NetwerkError:
        return
    assume(once is not None)
    s, p, f, iso = once.split("|")
    assert normalise("name_dob", [s, p or None, f, iso]) == once
    assert not any("A" <= ch <= "Z" for ch in once)


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=300), fmt=st.sampled_from(["csv", "xlsx", "parquet"]),
       enc=st.sampled_from(["auto", "utf-8", "cp1252"]))
def test_read_table_on_junk_bytes(data, fmt, enc):
    spec = ExtractSpec.model_validate({"name": "j", "partner": "p", "format": fmt, "encoding": enc})
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / f"junk.{fmt}"
        p.write_bytes(data)
        try:
            df = read_table(p, spec, shared=False)
        except NetwerkError:
            return
    assert "_row" in df.columns
    assert df["_row"].tolist() == list(range(1, len(df) + 1))


@given(st.lists(cell, max_size=20), st.sampled_from([",", "."]))
def test_parse_helpers_never_raise(values, decimal):
    s = pd.Series(values, dtype="str")
    v, bad = parse_numbers(s, decimal)
    assert len(v) == len(s) and not (bad & s.isna()).any()
    d, bad = parse_dates(s, "%d-%m-%Y")
    assert len(d) == len(s) and not (bad & s.isna()).any()


SPEC = ExtractSpec.model_validate({
    "name": "p", "partner": "p",
    "identifiers": [{"columns": ["bsn"], "kind": "bsn", "required": True},
                    {"columns": ["tel"], "kind": "phone"}],
    "nodes": [{"id": "bsn", "kind": "person"}, {"id": "tel", "kind": "phone"}],
})
bsn_cell = st.one_of(st.none(), st.sampled_from(["111222333", "123456782", "123456789", " "]),
                     digits_sep)
tel_cell = st.one_of(st.none(), plausible["phone"])


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.tuples(bsn_cell, tel_cell), max_size=25))
def test_pseudonymise_frame_reconciles_and_never_leaks(rows):
    df = pd.DataFrame({"bsn": pd.array([r[0] for r in rows], dtype="str"),
                       "tel": pd.array([r[1] for r in rows], dtype="str"),
                       "_row": range(1, len(rows) + 1)})
    shared, rejects, reid = pseudonymise_frame(df, SPEC, b"k" * 16, file="f.csv")
    rejected_rows = set(rejects.loc[rejects["detail"].str.endswith("rij afgewezen"), "row"])
    assert len(shared) + len(rejected_rows) == len(df)
    assert not set(shared["_row"]) & rejected_rows
    assert all(is_pseudonym(v, "bsn") for v in shared["bsn"])
    assert all(is_pseudonym(v, "phone") for v in shared["tel"].dropna())
    assert check_for_raw_identifiers(shared, SPEC, file="f.csv") == []
    assert set(reid["pseudonym"]) == set(shared["bsn"]) | set(shared["tel"].dropna())


@given(st.text(max_size=40))
def test_classify_value_total(v):
    assert isinstance(classify_value(v), str)
