"""Keyed pseudonymisation (pseudonymise.py) and the `netwerk pseudonymise` command."""

from __future__ import annotations

import hashlib
import hmac
import json
import re

import pandas as pd
import pytest
import yaml

from netwerk.errors import InputError, Reason, SpecError
from netwerk.ingest.leakguard import guard, is_pseudonym
from netwerk.ingest.pseudonymise import (
    key_fingerprint,
    load_key,
    pseudonym,
    pseudonymise_file,
    pseudonymise_frame,
)
from netwerk.ingest.readers import read_table
from netwerk.ingest.spec import ExtractSpec, load_spec

KEY = b"0123456789abcdef0123456789abcdef"

SPEC_YAML = """\
name: gemeente_brp
partner: gemeente
delimiter: ";"
encoding: auto
identifiers:
  - {columns: [bsn], kind: bsn, required: true}
  - {columns: [postcode, huisnummer, toevoeging], kind: address, output: adres}
  - {columns: [achternaam, voornamen, geboortedatum], kind: name_dob, output: persoon}
nodes:
  - {id: bsn, kind: person, also: [persoon], attributes: {bedrag: bedrag}}
  - {id: adres, kind: address}
relations:
  - {kind: registered_at, source: bsn, target: adres, valid_from: datum}
"""

RAW = (
    "BSN;postcode;huisnummer;toevoeging;achternaam;voornamen;geboortedatum;datum;bedrag\n"
    "111222333;1234 ab;12;a;Van der Berg;Jan;31-01-1980;01-02-2020;1.234,50\n"  # ok
    "123456789;1234AB;12;;Berg;Jan;1980-01-31;;\n"  # bsn fails 11-proef -> rejected
    ";1234AB;12;;;;;;\n"  # bsn missing -> rejected
    "12345672;1234AB;0;;Müller;Ann;1-1-1990;;\n"  # bad house number -> cell emptied, kept
    "111222333;1234AB;12;A;Berg, van der;Jan;1980-01-31;02-02-2020;5\n"  # same subject as row 1
)


@pytest.fixture
def case(tmp_path):
    (tmp_path / "spec.yaml").write_text(SPEC_YAML, encoding="utf-8")
    raw = tmp_path / "raw.csv"
    raw.write_bytes(RAW.encode("cp1252"))
    return tmp_path, load_spec(tmp_path / "spec.yaml"), raw


def test_pseudonym_matches_architecture_contract():
    want = hmac.new(KEY, b"netwerk/v1/bsn\x1f111222333", hashlib.sha256).hexdigest()[:24]
    assert pseudonym("bsn", "111222333", KEY) == f"BSN-{want}"
    long_key = b"k" * 100  # longer than a SHA-256 block: hashed first, as in RFC 2104
    want = hmac.new(long_key, b"netwerk/v1/kvk\x1f01234567", hashlib.sha256).hexdigest()[:24]
    assert pseudonym("kvk", "01234567", long_key) == f"KVK-{want}"


@pytest.mark.parametrize("key", [KEY, b"k" * 100])
def test_bulk_hmac_equals_the_standard_hmac(key):
    """Distinct values are hashed in one loop from a list or straight from Arrow/pandas string
    arrays (as the pipeline hands them over): every pseudonym is ``hmac.new(key, tag + value)``
    whatever the value's characters (empty, non-ASCII, outside the BMP, NUL), for every kind,
    with short and long (> 64 bytes) keys."""
    import random

    import numpy as np
    import pyarrow as pa

    from netwerk.ingest import pseudonymise as ps

    rng = random.Random(3)
    alphabet = "0123456789abcXYZ |-éüŒ€😀\x00"
    values = ["", "111222333", "Müller|jan|1970-01-01", "😀", "a\x00b"] + [
        "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40))) for _ in range(3000)]
    for kind in ("bsn", "name_dob", "kvk"):
        bulk = ps._hash_fixed(kind, values, key)
        assert bulk.dtype == np.dtype(f"S{ps._width(kind)}")
        assert (ps._hash_fixed(kind, pa.array(values, pa.large_string()), key) == bulk).all()
        assert (ps._hash_fixed(kind, pd.array(values, dtype="str"), key) == bulk).all()
        prefix = ps.IDENTIFIER_KINDS[kind]["prefix"]
        tag = f"netwerk/v1/{kind}\x1f".encode()
        for i in [*range(5), *rng.sample(range(len(values)), 300)]:
            want = hmac.new(key, tag + values[i].encode("utf-8"), hashlib.sha256).hexdigest()
            assert bulk[i].decode() == f"{prefix}-{want[:24]}"


def test_domain_separation_and_determinism():
    as_bsn = pseudonym("bsn", "111222333", KEY)
    as_rsin = pseudonym("rsin", "111222333", KEY)
    assert as_bsn.startswith("BSN-") and as_rsin.startswith("RSIN-")
    assert as_bsn[4:] != as_rsin[5:]  # not just a different prefix: a different hash
    assert pseudonym("kvk", "11122233", KEY)[4:] != pseudonym("branch", "11122233", KEY)[4:]
    as_kvk = pseudonym("kvk", "111222333", KEY)  # same digits under the KvK domain tag
    assert as_kvk.startswith("KVK-") and as_kvk[4:] != as_bsn[4:]
    assert as_bsn == pseudonym("bsn", "111222333", KEY)
    assert as_bsn != pseudonym("bsn", "111222333", KEY[::-1])
    assert re.fullmatch(r"BSN-[0-9a-f]{24}", as_bsn)


def test_key_fingerprint():
    fp = key_fingerprint(KEY)
    assert fp == hashlib.sha256(b"netwerk/key-fingerprint/v1" + KEY).hexdigest()[:16]
    assert fp != key_fingerprint(KEY[::-1])
    assert KEY.hex()[:8] not in fp and KEY.decode()[:8] not in fp


def test_load_key(tmp_path, monkeypatch):
    kf = tmp_path / "key"
    kf.write_bytes(KEY + b"\r\n")
    assert load_key(kf) == KEY
    monkeypatch.setenv("NETWERK_KEY", KEY.decode())
    assert load_key(None) == KEY
    monkeypatch.delenv("NETWERK_KEY")
    with pytest.raises(InputError) as exc:
        load_key(None)
    assert exc.value.reason is Reason.MISSING_KEY
    with pytest.raises(InputError) as exc:
        load_key(tmp_path / "nope")
    assert exc.value.reason is Reason.MISSING_KEY
    kf.write_bytes(b"short\n")
    with pytest.raises(InputError) as exc:
        load_key(kf)
    assert "5 bytes" in str(exc.value) and "short" not in str(exc.value).replace("5 bytes", "")


def test_pseudonymise_file_end_to_end(case):
    folder, spec, raw = case
    out = folder / "out" / "brp.csv"
    res = pseudonymise_file(raw, spec, KEY, out, reid_path=folder / "reid.csv")
    assert (res.rows_read, res.rows_written, res.rejects) == (5, 3, 2)
    assert res.rows_read == res.rows_written + res.rejects
    assert res.cells_emptied == 1 and res.reject_lines == 3
    assert res.key_fingerprint == key_fingerprint(KEY)

    # same format: cp1252, ';', decimal comma untouched; identifier columns replaced
    text = out.read_bytes().decode("cp1252")
    header = text.splitlines()[0]
    assert header == "bsn;adres;persoon;datum;bedrag"
    shared = read_table(out, spec, shared=True)
    assert shared["_row"].tolist() == [1, 2, 3]
    assert shared["bedrag"].tolist()[0] == "1.234,50"
    assert shared["bsn"].tolist()[0] == pseudonym("bsn", "111222333", KEY)
    assert shared["bsn"].tolist()[1] == pseudonym("bsn", "012345672", KEY)
    assert pd.isna(shared["adres"].tolist()[1])  # invalid optional identifier emptied
    # "Van der Berg" and "Berg, van der" with two date formats are the same person and address
    assert shared["persoon"].tolist()[0] == shared["persoon"].tolist()[2]
    assert shared["adres"].tolist()[0] == shared["adres"].tolist()[2]
    rest = re.sub(r"[A-Z]+-[0-9a-f]{24}", "", text)  # what is left besides the pseudonyms
    for raw_value in ("111222333", "012345672", "1234", "Berg", "Müller", "1980"):
        assert raw_value not in rest
    assert guard(shared, spec, file=out.name) == []

    rejects = pd.read_csv(folder / "out" / "brp.csv.rejects.csv", dtype=str)
    assert list(rejects.columns) == ["file", "row", "column", "reason", "detail"]
    assert rejects["row"].tolist() == ["2", "3", "4"]
    assert rejects["reason"].tolist() == ["invalid_identifier", "missing_identifier",
                                          "invalid_identifier"]
    assert "voldoet niet aan de 11-proef" in rejects["detail"][0] and "123456789" not in rejects["detail"][0]
    assert rejects["detail"][2].endswith("cel leeggemaakt, rij behouden")
    assert rejects["column"][2] == "postcode+huisnummer+toevoeging"

    side = json.loads((folder / "out" / "brp.csv.netwerk.json").read_text())
    assert set(side) == {"spec", "partner", "key_fingerprint", "rows_read", "rows_written",
                         "rejects", "created", "netwerk_version",
                         # issue 9: what was read differently, dropped or masked is recorded
                         "empty_lines", "repeated_headers", "read_notes", "dropped_columns",
                         "raw_in_text", "masked_cells",
                         # rows above a header that is not in row 1 (title, blank lines)
                         "rows_above_header",
                         # a workbook's hidden or filtered-out rows and hidden columns read
                         "hidden_rows", "hidden_columns",
                         # or not read (the spec's 'hidden_rows: skip', 'hidden_columns: skip')
                         "hidden_rows_skipped", "hidden_columns_skipped",
                         # the extract's SHA-256, checked at ingest (an incomplete copy is refused)
                         "sha256",
                         # the spec's content hash, its reading settings and what the bytes are:
                         # a spec of the same name that reads them differently is refused (S13)
                         "spec_sha256", "spec_settings", "written"}
    assert side["spec"] == "gemeente_brp" and side["partner"] == "gemeente"
    assert (side["rows_read"], side["rows_written"], side["rejects"]) == (5, 3, 2)
    assert side["key_fingerprint"] == key_fingerprint(KEY)
    assert KEY.decode() not in json.dumps(side)

    reid = pd.read_csv(folder / "reid.csv", dtype=str)
    assert list(reid.columns) == ["pseudonym", "kind", "normalised"]
    row = reid[reid["pseudonym"] == shared["persoon"].tolist()[0]]
    assert row["normalised"].tolist() == ["berg|van der|jan|1980-01-31"]
    assert set(reid["pseudonym"]) == set(shared[["bsn", "adres", "persoon"]].stack().dropna())


def test_no_reid_unless_asked_and_no_overwrite(case):
    folder, spec, raw = case
    res = pseudonymise_file(raw, spec, KEY, folder / "o.csv")
    assert "reid" not in res.paths
    assert sorted(p.name for p in folder.iterdir()) == [
        "o.csv", "o.csv.netwerk.json", "o.csv.rejects.csv", "raw.csv", "spec.yaml"]
    with pytest.raises(InputError):
        pseudonymise_file(raw, spec, KEY, raw)
    with pytest.raises(InputError):
        pseudonymise_file(raw, spec, b"short", folder / "o2.csv")


def test_frame_progress_and_optional_missing_is_silent(case):
    _, spec, raw = case
    df = read_table(raw, spec, shared=False)
    calls = []
    shared, rejects, reid = pseudonymise_frame(df, spec, KEY, progress=lambda *a: calls.append(a))
    assert [c[1:] for c in calls] == [(1, 3), (2, 3), (3, 3)]
    assert len(shared) + rejects[rejects["detail"].str.endswith("rij afgewezen")]["row"].nunique() == len(df)
    assert df.columns.tolist()[0] == "bsn"  # input not mutated
    assert df["bsn"].tolist()[0] == "111222333"


def test_output_name_collision_is_a_spec_error():
    spec = ExtractSpec.model_validate({
        "name": "x", "partner": "p",
        "identifiers": [{"columns": ["bsn"], "kind": "bsn", "output": "naam"}],
        "nodes": [{"id": "naam", "kind": "person", "attributes": {"n": "naam2"}}]})
    df = pd.DataFrame({"bsn": ["111222333"], "naam": ["x"], "naam2": ["y"], "_row": [1]})
    with pytest.raises(SpecError):
        pseudonymise_frame(df, spec, KEY)


def test_cli_single_file_and_manifest(case, monkeypatch, capsys):
    import netwerk.cli.pseudonymise_cmd  # noqa: F401  (registers the command)
    from netwerk.cli.main import run

    folder, _, raw = case
    (folder / "key").write_bytes(KEY + b"\n")
    code = run(["pseudonymise", str(raw), "--spec", str(folder / "spec.yaml"),
                "--key-file", str(folder / "key"), "--out", str(folder / "single.csv")])
    assert code == 0
    out = capsys.readouterr().out
    assert "5 regels gelezen, 3 geschreven, 2 afgewezen" in out
    assert key_fingerprint(KEY) in out

    (folder / "manifest.yaml").write_text(yaml.safe_dump({
        "case": "growshop-oost", "crime_type": "cannabis",
        "extracts": [{"file": "raw.csv", "spec": "spec.yaml"}]}), encoding="utf-8")
    monkeypatch.setenv("NETWERK_KEY", KEY.decode())
    shared_dir = folder / "shared"
    code = run(["pseudonymise", "--manifest", str(folder / "manifest.yaml"),
                "--out", str(shared_dir)])
    assert code == 0
    copy = yaml.safe_load((shared_dir / "manifest.yaml").read_text(encoding="utf-8"))
    assert copy["case"] == "growshop-oost"
    assert copy["extracts"] == [{"file": "raw.csv", "spec": "spec.yaml"}]
    spec = load_spec(shared_dir / "spec.yaml")
    shared = read_table(shared_dir / "raw.csv", spec, shared=True)
    assert all(is_pseudonym(v, "bsn") for v in shared["bsn"])

    monkeypatch.delenv("NETWERK_KEY")
    assert run(["pseudonymise", str(raw), "--spec", str(folder / "spec.yaml"),
                "--out", str(folder / "x.csv")]) == 1
    assert "NETWERK_KEY" in capsys.readouterr().err
    # the raw folder is not a valid output folder
    (folder / "key2").write_bytes(KEY)
    assert run(["pseudonymise", "--manifest", str(folder / "manifest.yaml"), "--key-file",
                str(folder / "key2"), "--out", str(folder)]) == 1
    # re-identification tables never go into the folder that is shared
    assert run(["pseudonymise", "--manifest", str(folder / "manifest.yaml"), "--key-file",
                str(folder / "key2"), "--out", str(shared_dir), "--reid",
                str(shared_dir / "reid")]) == 1
    assert "--reid moet buiten de map van --out liggen" in capsys.readouterr().err
    assert run(["pseudonymise", "--manifest", str(folder / "manifest.yaml"), "--key-file",
                str(folder / "key2"), "--out", str(shared_dir), "--reid",
                str(folder / "reid")]) == 0
    reid = pd.read_csv(folder / "reid" / "raw.csv.reid.csv", dtype=str)
    assert set(reid["kind"]) == {"bsn", "address", "name_dob"}
