"""Ingest of pseudonymised extracts into the case store: reconciliation, rejects, idempotency,
transactions, key and leak checks, manifests."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))

from casekit import (  # noqa: E402
    GEMEENTE_SPEC,
    KEY,
    MESSY_HEADER,
    MESSY_REJECTS,
    MESSY_SPEC,
    OTHER_KEY,
    P,
    assert_same_store,
    messy_rows,
    snapshot,
    write_extract,
    write_spec,
)

from netwerk.errors import (  # noqa: E402
    InputError,
    KeyMismatchError,
    LeakError,
    Reason,
    SpecError,
    StoreError,
)
from netwerk.ingest import pipeline  # noqa: E402
from netwerk.ingest.mapping import map_extract  # noqa: E402
from netwerk.ingest.pipeline import ingest_extract, ingest_manifest  # noqa: E402
from netwerk.ingest.readers import read_table  # noqa: E402
from netwerk.ingest.spec import load_spec  # noqa: E402
from netwerk.model import default_model  # noqa: E402
from netwerk.store import connect, get_info  # noqa: E402
from netwerk.store import read_table as store_table


@pytest.fixture
def messy(tmp_path: Path) -> tuple[Path, Path]:
    spec = write_spec(tmp_path, MESSY_SPEC, "messy")
    ex = write_extract(tmp_path / "messy.csv", MESSY_HEADER, messy_rows(), spec="messy",
                       partner="politie")
    return spec, ex


def test_messy_extract_reconciles_and_rejects_every_reason(tmp_path, messy):
    spec, ex = messy
    res = ingest_extract(tmp_path / "case.duckdb", ex, spec)
    assert res.status == "imported"
    assert (res.rows_read, res.rows_used, res.duplicates, res.n_rejects) == (14, 5, 2, 7)
    assert res.reconciled and res.relations_self_loops == 1
    got = dict(zip(res.rejects["row"], res.rejects["reason"], strict=True))
    assert got == MESSY_REJECTS
    cols = dict(zip(res.rejects["row"], res.rejects["column"], strict=True))
    assert cols == {4: "bsn_a", 5: "datum", 6: "bsn_b", 7: "ent_soort", 8: "rol", 9: "bsn_b",
                    10: "omzet", 11: "actief"}
    assert set(res.rejects["file"]) == {"messy.csv"}
    with connect(tmp_path / "case.duckdb", read_only=True) as con:
        stored = store_table(con, "rejects")
        imp = store_table(con, "imports").iloc[0]
        rel = store_table(con, "relations")
        attrs = store_table(con, "node_attributes")
        nodes = store_table(con, "nodes")
    assert len(stored) == 8 and set(stored["reason"]) == set(MESSY_REJECTS.values())
    assert (imp.rows_read, imp.rows_used, imp.duplicates, imp.rejects) == (14, 5, 2, 7)
    # used rows 1, 3, 12, 14 -> 3 person-person relations + 2 director_of; row 6 (used) makes
    # only its self-loop, a relation reject
    assert sorted(rel["row"].tolist()) == [1, 1, 3, 12, 14]
    r1 = rel[(rel["row"] == 1) & (rel["kind"] == "co_suspect")].iloc[0]
    assert r1["weight"] == 2.5 and str(r1["observed"])[:10] == "2020-02-01"
    assert not r1["directed"] and r1["grading_score"] == pytest.approx(0.8)
    assert r1["legal_basis"] == "Wpg art. 8" and r1["partner"] == "politie"
    assert rel.loc[rel["kind"] == "director_of", "directed"].all()
    k1 = P("kvk", "12345678")
    omzet = attrs[(attrs["node_id"] == k1) & (attrs["attribute"] == "omzet")]["value"].tolist()
    assert omzet == ["1234.5"]  # decimal comma and thousands point
    restricted = attrs.groupby("attribute")["restricted"].agg(set).to_dict()
    assert restricted == {"omzet": {True}, "actief": {False}, "stage": {False}}
    labels = dict(zip(nodes["node_id"], nodes["label"], strict=True))
    assert labels[k1] == "Bakkerij X"
    a = P("bsn", "111111110")
    assert labels[a] == a  # persons are labelled with their pseudonym
    stage = attrs[(attrs["attribute"] == "stage")]
    assert set(stage["value"]) == {"productie"} and a in set(stage["node_id"])


def test_every_row_reason_is_covered_by_map_extract(tmp_path, messy):
    spec_path, ex = messy
    spec = load_spec(spec_path)
    df = read_table(ex, spec, shared=True)
    df.loc[df["_row"] == 3, "bsn_b"] = "BSN-not-a-pseudonym"
    m = map_extract(df, spec, model=default_model(), file="messy.csv")
    assert m.rejects.set_index("row").loc[3, "reason"] == Reason.INVALID_IDENTIFIER
    assert m.rows_read == m.rows_used + m.duplicates + m.rejected
    row_reasons = {Reason.MISSING_IDENTIFIER, Reason.INVALID_IDENTIFIER, Reason.UNPARSABLE_DATE,
                   Reason.UNPARSABLE_NUMBER, Reason.UNPARSABLE_VALUE, Reason.SELF_LOOP,
                   Reason.UNKNOWN_KIND, Reason.DISALLOWED_ENDPOINT}
    assert set(m.rejects["reason"]) == {str(r) for r in row_reasons}
    # details never echo identifier values
    assert not m.rejects["detail"].str.contains("[A-Z]+-[0-9a-f]{24}|not-a-pseudonym",
                                                regex=True).any()


def test_reingest_changes_nothing(tmp_path, messy):
    spec, ex = messy
    case = tmp_path / "case.duckdb"
    first = ingest_extract(case, ex, spec)
    before = snapshot(case)
    again = ingest_extract(case, ex, spec)
    assert again.status == "already_imported" and again.import_id == first.import_id
    assert (again.rows_read, again.rows_used, again.duplicates, again.n_rejects) == (14, 5, 2, 7)
    assert len(again.rejects) == 8
    assert_same_store(before, snapshot(case))
    # a copy under another name has the same SHA-256: also nothing changes
    copy = tmp_path / "copy.csv"
    copy.write_bytes(ex.read_bytes())
    Path(f"{copy}.netwerk.json").write_text(Path(f"{ex}.netwerk.json").read_text())
    assert ingest_extract(case, copy, spec).status == "already_imported"
    assert_same_store(before, snapshot(case))


@pytest.mark.parametrize("where", ["_write_nodes", "_write_records"])
def test_failed_import_leaves_store_unchanged(tmp_path, messy, monkeypatch, where):
    spec, ex = messy
    case = tmp_path / "case.duckdb"
    # a first, good import so the store is not empty
    other = write_extract(tmp_path / "one.csv", MESSY_HEADER, messy_rows()[:1], spec="messy",
                          partner="politie")
    ingest_extract(case, other, spec)
    before = snapshot(case)
    original = getattr(pipeline, where)

    def boom(*args, **kwargs):
        original(*args, **kwargs)  # half the writes happen, then the failure
        raise RuntimeError("disk full")

    monkeypatch.setattr(pipeline, where, boom)
    with pytest.raises(RuntimeError, match="disk full"):
        ingest_extract(case, ex, spec, crime_type="cannabis")
    assert_same_store(before, snapshot(case))
    monkeypatch.setattr(pipeline, where, original)
    assert ingest_extract(case, ex, spec).status == "imported"  # and it can be retried


def test_key_mismatch_is_refused(tmp_path, messy):
    spec, ex = messy
    case = tmp_path / "case.duckdb"
    ingest_extract(case, ex, spec)
    rows = [[P("bsn", "555555550", OTHER_KEY), P("bsn", "666666660", OTHER_KEY), "Familie"]
            + [""] * 7]
    foreign = write_extract(tmp_path / "foreign.csv", MESSY_HEADER, rows, spec="messy",
                            partner="politie", key=OTHER_KEY)
    before = snapshot(case)
    with pytest.raises(KeyMismatchError) as err:
        ingest_extract(case, foreign, spec)
    assert err.value.reason == Reason.KEY_MISMATCH and "foreign.csv" in str(err.value)
    assert_same_store(before, snapshot(case))
    with connect(case, read_only=True) as con:
        from netwerk.ingest.pseudonymise import key_fingerprint

        assert get_info(con)["key_fingerprint"] == key_fingerprint(KEY)


def test_missing_sidecar_means_not_pseudonymised(tmp_path):
    spec = write_spec(tmp_path, MESSY_SPEC, "messy")
    ex = write_extract(tmp_path / "raw.csv", MESSY_HEADER, messy_rows(), spec="messy",
                       partner="politie", sidecar=False)
    with pytest.raises(InputError) as err:
        ingest_extract(tmp_path / "case.duckdb", ex, spec)
    assert err.value.reason == Reason.NOT_PSEUDONYMISED
    assert "moet eerst gepseudonimiseerd worden" in str(err.value)


def test_spec_mismatch_and_missing_file(tmp_path, messy):
    spec, ex = messy
    other = write_spec(tmp_path, MESSY_SPEC.replace("name: messy", "name: other"), "other")
    with pytest.raises(SpecError, match="gepseudonimiseerd met specificatie 'messy'"):
        ingest_extract(tmp_path / "case.duckdb", ex, other)
    with pytest.raises(InputError) as err:
        ingest_extract(tmp_path / "case.duckdb", tmp_path / "nope.csv", spec)
    assert err.value.reason == Reason.FILE_NOT_FOUND


def test_label_column_may_not_carry_identifiers(tmp_path):
    bad = MESSY_SPEC.replace("  - {id: bsn_b, kind: person, required: false}",
                             "  - {id: bsn_b, kind: person, required: false, label_column: handelsnaam}")
    spec = write_spec(tmp_path, bad, "messy")
    ex = write_extract(tmp_path / "m.csv", MESSY_HEADER, messy_rows(), spec="messy",
                       partner="politie")
    with pytest.raises(SpecError, match="personen krijgen geen label_column"):
        ingest_extract(tmp_path / "case.duckdb", ex, spec)


def test_leak_guard_refuses_and_override_is_recorded(tmp_path):
    spec = write_spec(tmp_path, MESSY_SPEC, "messy")
    rows = messy_rows()
    rows[2][1] = "111222333"  # a raw BSN (passes the 11-proef) in a pseudonym column
    ex = write_extract(tmp_path / "leaky.csv", MESSY_HEADER, rows, spec="messy", partner="politie")
    case = tmp_path / "case.duckdb"
    with pytest.raises(LeakError) as err:
        ingest_extract(case, ex, spec)
    assert err.value.reason == Reason.RAW_IDENTIFIER and err.value.column == "bsn_b"
    res = ingest_extract(case, ex, spec, override_leak_guard=True)
    assert res.leak_override and res.reconciled
    with connect(case, read_only=True) as con:
        imp = store_table(con, "imports").iloc[0]
    assert bool(imp["leak_override"])
    findings = json.loads(imp["leak_findings"])
    assert findings[0]["column"] == "bsn_b" and findings[0]["pattern"] == "bsn"


def test_manifest_with_relative_paths_and_crime_type(tmp_path):
    (tmp_path / "specs").mkdir()
    (tmp_path / "data").mkdir()
    write_spec(tmp_path / "specs", MESSY_SPEC, "messy")
    write_spec(tmp_path / "specs", GEMEENTE_SPEC, "gem")
    write_extract(tmp_path / "data" / "messy.csv", MESSY_HEADER, messy_rows(), spec="messy",
                  partner="politie")
    a = P("bsn", "111111110")
    write_extract(tmp_path / "data" / "gem.csv", ["bsn", "ngd", "adres", "woonplaats", "sinds"],
                  [[a, P("name_dob", "jansen|jan|1980-01-01"), P("address", "1234AB|1"),
                    "Tilburg", "01-01-2015"]], spec="gem", partner="gemeente")
    manifest = tmp_path / "case.yaml"
    manifest.write_text(
        "case: Operatie Test\ncrime_type: cannabis\nextracts:\n"
        "  - {file: data/messy.csv, spec: specs/messy.yaml}\n"
        "  - {file: data/gem.csv, spec: specs/gem.yaml}\n", encoding="utf-8")
    case = tmp_path / "case.duckdb"
    results = ingest_manifest(case, manifest)
    assert [r.status for r in results] == ["imported", "imported"]
    assert all(r.reconciled for r in results)
    with connect(case, read_only=True) as con:
        info = get_info(con)
        assert info["crime_type"] == "cannabis" and info["case_name"] == "Operatie Test"
        assert len(store_table(con, "imports")) == 2
    with pytest.raises(StoreError, match="soort criminaliteit 'cannabis'"):
        ingest_extract(case, tmp_path / "data" / "gem.csv", tmp_path / "specs" / "gem.yaml",
                       crime_type="drugs")
    bad = tmp_path / "bad.yaml"
    bad.write_text("case: x\n", encoding="utf-8")
    with pytest.raises(Exception, match="extracts"):
        ingest_manifest(case, bad)


def test_from_raw_through_pseudonymise(tmp_path):
    from netwerk.ingest.pseudonymise import pseudonymise_file

    spec = load_spec(write_spec(tmp_path, GEMEENTE_SPEC, "gem"))
    raw = tmp_path / "raw.csv"
    raw.write_text(
        "bsn;achternaam;voornamen;geboortedatum;postcode;huisnummer;woonplaats;sinds\n"
        "111222333;van der Berg;Jan;01-02-1980;1234 ab;12;Tilburg;01-01-2015\n"
        "111222333;van der Berg;Jan;01-02-1980;1234 ab;12;Tilburg;01-01-2015\n"
        "123456782;Jansen;Piet;03-04-1975;5678CD;1;Breda;15-06-2019\n",
        encoding="utf-8")
    out = tmp_path / "gem_pseudo.csv"
    pseudonymise_file(raw, spec, KEY, out)
    res = ingest_extract(tmp_path / "case.duckdb", out, spec)
    assert res.reconciled and res.duplicates == 1 and res.rows_used == 2
    assert res.identity_links == 2 and res.relations == 2
    assert "111222333" not in out.read_text(encoding="utf-8")


GRADED_SPEC = """
name: graded
partner: fiod
delimiter: ";"
encoding: utf-8
decimal: "."
date_format: "%Y-%m-%d"
grading: {scheme: 4x4, source: C, information: "3", source_column: betrouwbaarheid, information_column: info}
identifiers:
  - {columns: [van], kind: iban}
  - {columns: [naar], kind: iban}
nodes:
  - {id: van, kind: account}
  - {id: naar, kind: account}
relations:
  - kind: transacts_with
    source: van
    target: naar
    observed: datum
    weight: bedrag
    attributes: {omschrijving: omschrijving, bedrag: {column: bedrag, type: float}}
"""


def test_grading_per_row_weights_and_relation_attributes(tmp_path):
    spec = write_spec(tmp_path, GRADED_SPEC, "graded")
    x, y = P("iban", "NL91ABNA0417164300"), P("iban", "NL20INGB0001234567")
    rows = [[x, y, "A", "1", "2024-01-31", "1500.25", "huur"],
            [y, x, "", "", "2024-02-01", "", ""],
            [x, y, "b", "4", "2024-02-02", "10", "Café; \"x\""]]
    ex = write_extract(tmp_path / "tx.csv", ["van", "naar", "betrouwbaarheid", "info", "datum",
                                              "bedrag", "omschrijving"],
                       [r[:6] + [r[6].replace(";", ",")] for r in rows], spec="graded",
                       partner="fiod")
    res = ingest_extract(tmp_path / "case.duckdb", ex, spec)
    assert res.rows_used == 3 and res.relations == 3
    with connect(tmp_path / "case.duckdb", read_only=True) as con:
        rel = store_table(con, "relations").set_index("row")
    assert rel.loc[1, "grading_source"] == "A" and rel.loc[1, "grading_score"] == 1.0
    assert rel.loc[2, "grading_source"] == "C" and rel.loc[2, "grading_information"] == "3"
    assert rel.loc[2, "grading_score"] == pytest.approx((1 / 3 + 1 / 3) / 2)
    assert rel.loc[3, "grading_source"] == "B" and rel.loc[3, "grading_score"] == pytest.approx(
        (2 / 3 + 0) / 2)
    assert rel["weight"].tolist() == [1500.25, 1.0, 10.0]
    assert json.loads(rel.loc[1, "attributes"]) == {"bedrag": "1500.25", "omschrijving": "huur"}
    assert json.loads(rel.loc[2, "attributes"]) == {}
    assert rel["directed"].all() and set(rel["kind"]) == {"transacts_with"}


def test_ingest_package_exports_everything():
    import netwerk.ingest as ingest

    for name in ingest.__all__:
        assert getattr(ingest, name) is not None, name
    assert callable(ingest.ingest_extract) and callable(ingest.pseudonymise_file)
    assert callable(ingest.guard) and hasattr(ingest.normalise, "__name__")


def test_bad_value_only_rejects_rows_that_use_it(tmp_path, messy):
    spec_path, ex = messy
    spec = load_spec(spec_path)
    df = read_table(ex, spec, shared=True)
    df.loc[df["_row"] == 3, "omzet"] = "veel"  # row 3 has no enterprise: omzet is not used
    df.loc[df["_row"] == 14, "gewicht"] = "zwaar"  # row 14 makes no person-person relation
    m = map_extract(df, spec, model=default_model(), file="messy.csv")
    assert 3 not in set(m.rejects["row"]) and 14 not in set(m.rejects["row"])
    assert (m.rows_used, m.rejected, m.self_loops) == (5, 7, 1)


def test_header_only_extract_and_spec_object(tmp_path):
    spec = load_spec(write_spec(tmp_path, MESSY_SPEC, "messy"))
    ex = write_extract(tmp_path / "empty.csv", MESSY_HEADER, [], spec="messy", partner="politie")
    res = ingest_extract(tmp_path / "case.duckdb", ex, spec)
    assert (res.rows_read, res.rows_used, res.duplicates, res.n_rejects) == (0, 0, 0, 0)
    assert res.status == "imported" and res.rejects.empty


def test_failed_first_import_sets_no_key(tmp_path, messy, monkeypatch):
    spec, ex = messy
    case = tmp_path / "case.duckdb"

    def boom(*args, **kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr(pipeline, "_write_records", boom)
    with pytest.raises(RuntimeError):
        ingest_extract(case, ex, spec, crime_type="cannabis")
    after = snapshot(case)
    assert all(len(t) == 0 for name, t in after.items() if name != "case_info")
    assert after["case_info"]["key"].tolist() == ["schema_version"]
