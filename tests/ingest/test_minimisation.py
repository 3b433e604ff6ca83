"""Class: data minimisation and leak checks on every column, rejects without cell text, names
as partner data. Members covered: unmapped columns (telefoonnummer, bsn_echtgenoot, opmerking)
dropped and listed, an explicit ``keep`` list, a BSN / phone / police number (spec pattern) typed
into a free-text column refused with file, row and column (default) or masked and recorded in the
sidecar, the ingest leak guard on a non-identifier column, rejects and messages that hold no
cell text, a file name carrying a BSN masked in rejects, sidecar and store."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from ingest_faults import KEY, pseudonymise, spec, write

from netwerk.errors import LeakError, Reason
from netwerk.ingest.leakguard import guard
from netwerk.ingest.pipeline import ingest_extract
from netwerk.ingest.readers import read_table

HEADER = ("persoonsnummer;bsn;achternaam;voornamen;geboortedatum;rol;telefoonnummer;"
          "bsn_echtgenoot;opmerking")
ROW = "PN01000000;111222333;Jansen;Jan;01-02-1980;koerier;0612345678;123456782;let op"


def test_unmapped_columns_are_dropped_and_listed(tmp_path):
    res, out, _ = pseudonymise(tmp_path, write(tmp_path / "p.csv", f"{HEADER}\n{ROW}\n"))
    text = out.read_text(encoding="cp1252")
    assert text.splitlines()[0] == "persoonsnummer;bsn;naam_geboortedatum;rol"
    assert res.dropped_columns == ("telefoonnummer", "bsn_echtgenoot", "opmerking")
    for raw in ("0612345678", "123456782", "let op"):
        assert raw not in text
    side = json.loads(out.with_name(out.name + ".netwerk.json").read_text())
    assert side["dropped_columns"] == ["telefoonnummer", "bsn_echtgenoot", "opmerking"]


def test_keep_list_writes_a_column_unchanged(tmp_path):
    res, out, _ = pseudonymise(tmp_path, write(tmp_path / "p.csv", f"{HEADER}\n{ROW}\n"),
                               spec(keep=["opmerking"]))
    assert out.read_text(encoding="cp1252").splitlines()[0].endswith(";rol;opmerking")
    assert "opmerking" not in res.dropped_columns


@pytest.mark.parametrize("text, kind", [("zie BSN 111 222 333", "een BSN"),
                                        ("bel (06) 1234 5678", "een telefoonnummer"),
                                        ("medeverdachte PN12345678", "persoonsnummer")])
def test_raw_identifier_in_free_text_is_refused_naming_file_row_column(tmp_path, text, kind):
    sp = spec(keep=["opmerking"], raw_patterns={"persoonsnummer": r"\bPN\d{8}\b"})
    row2 = ROW.replace("let op", text).replace("PN01", "PN02")
    with pytest.raises(LeakError) as e:
        pseudonymise(tmp_path, write(tmp_path / "p.csv", f"{HEADER}\n{ROW}\n{row2}\n"), sp)
    err = e.value
    assert (err.file, err.row, err.column) == ("p.csv", 2, "opmerking")
    assert kind in str(err) and text not in str(err)


def test_raw_identifier_in_free_text_is_masked_when_the_spec_says_so(tmp_path):
    sp = spec(keep=["opmerking"], raw_in_text="mask")
    row2 = ROW.replace("let op", "zie BSN 111222333").replace("PN01", "PN02")
    res, out, _ = pseudonymise(tmp_path, write(tmp_path / "p.csv", f"{HEADER}\n{ROW}\n{row2}\n"), sp)
    assert "zie BSN [bsn]" in out.read_text(encoding="cp1252")
    side = json.loads(out.with_name(out.name + ".netwerk.json").read_text())
    assert side["raw_in_text"] == "mask" and side["masked_cells"] == {"opmerking": 1}
    assert res.masked_cells == {"opmerking": 1}


def test_ingest_leak_guard_checks_every_column():
    sp = spec()
    df = pd.DataFrame({"persoonsnummer": ["PID-" + "a" * 24], "bsn": [None],
                       "naam_geboortedatum": [None], "rol": ["tel 06-12345678"], "_row": [7]})
    with pytest.raises(LeakError) as e:
        guard(df, sp, file="x.csv")
    assert e.value.reason == Reason.RAW_IDENTIFIER and e.value.column == "rol"
    assert "06-12345678" not in str(e.value) and "rijen 7" in str(e.value)


def test_rejects_never_repeat_cell_text(tmp_path):
    bad = ROW.replace("111222333", "111222334")  # fails the 11-proef
    res, out, rejects = pseudonymise(tmp_path, write(tmp_path / "p.csv", f"{HEADER}\n{bad}\n"))
    assert "111222334" not in rejects.to_string()
    assert rejects["column"].tolist() == ["bsn"]


def test_mapping_rejects_describe_the_shape_not_the_value():
    from netwerk.ingest.mapping import map_extract
    from netwerk.ingest.spec import ExtractSpec
    from netwerk.model import default_model

    sp = ExtractSpec.model_validate({
        "name": "t", "partner": "p", "identifiers": [{"columns": ["kvk"], "kind": "kvk"}],
        "nodes": [{"id": "kvk", "kind": "company",
                   "attributes": {"d": {"column": "d", "type": "date"}}}]})
    df = pd.DataFrame({"kvk": ["KVK-" + "a" * 24], "d": ["BSN 111222333"], "_row": [1]})
    m = map_extract(df, sp, model=default_model(), file="k.csv")
    assert m.rejects["reason"].tolist() == ["unparsable_date"]
    assert "111222333" not in m.rejects["detail"].iloc[0]
    assert "tekens" in m.rejects["detail"].iloc[0]


@pytest.mark.parametrize(("name", "number", "masked"), [
    ("bsn_123456782.csv", "123456782", "bsn_[bsn].csv"),
    ("kvk_98576169.csv", "98576169", "kvk_[nummer].csv"),  # no checksum: any non-date number
    ("kvk_1234567.csv", "1234567", "kvk_[nummer].csv")])  # a KvK number without its leading 0
def test_file_name_with_a_bsn_never_reaches_rejects_sidecar_or_store(tmp_path, name, number,
                                                                     masked):
    bad = ROW.replace("111222333", "111222334")
    raw = write(tmp_path / name, f"{HEADER}\n{ROW.replace('PN01', 'PN09')}\n{bad}\n")
    res, out, rejects = pseudonymise(tmp_path, raw)
    assert set(rejects["file"]) == {masked}
    assert number not in Path(str(out) + ".netwerk.json").read_text(encoding="utf-8")
    case = tmp_path / "case.duckdb"
    ingest_extract(case, out, spec())
    import duckdb

    con = duckdb.connect(str(case), read_only=True)
    names = {r[0] for r in con.execute("SELECT file_name FROM imports").fetchall()}
    names |= {r[0] for r in con.execute("SELECT extract FROM relations").fetchall()}
    con.close()
    assert not any(number in n for n in names)


def test_reading_keeps_unmapped_columns_only_in_memory(tmp_path):
    df = read_table(write(tmp_path / "p.csv", f"{HEADER}\n{ROW}\n"), spec(), shared=False)
    assert "opmerking" in df.columns  # read, but never written (see above)
    assert KEY  # the shared key is not needed to read
