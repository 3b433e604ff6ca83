"""The screening on DuckDB: planted clusters found and ranked first, hubs set aside, case stores
that open like any case and give the vital ranking of an ordinary ingest, rejects that name file,
row and column, provenance, configuration errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from netwerk.case import Case, open_case
from netwerk.errors import ConfigError, InputError, StoreError
from netwerk.governance import init_case
from netwerk.governance.record import LawfulUseError
from netwerk.i18n import using
from netwerk.ingest.normalise import normalise
from netwerk.ingest.pseudonymise import pseudonym
from netwerk.screen import SCREENING_COLUMNS, load_config, screen
from netwerk.screen.stage import collect_extracts
from netwerk.store.load import load_network


def _p(kind: str, value: str, key: bytes) -> str:
    return pseudonym(kind, normalise(kind, [value]), key)


def _case_nodes(path: Path) -> set[str]:
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        return {r[0] for r in con.execute("SELECT node_id FROM nodes").fetchall()}
    finally:
        con.close()


def test_screening_csv_layout(screened_duckdb):
    out = screened_duckdb.out
    df = pd.read_csv(out / "screening.csv", keep_default_na=False)
    assert list(df.columns) == SCREENING_COLUMNS
    assert df["rank"].tolist() == list(range(1, len(df) + 1))
    assert (df["score"].diff().dropna() <= 0).all()
    assert (df["case_store"] != "").sum() == 5
    for f in ("evidence.csv", "hubs.csv", "extracts.csv", "rejects.csv",
              "provenance.json"):
        assert (out / f).is_file(), f
    assert not (out / "work").exists()


def test_planted_clusters_found_and_ranked_above_random(screened_duckdb, register_truth,
                                                        demo_key):
    res = screened_duckdb
    planted = register_truth["planted"]
    top = res.screening.head(len(planted))
    found = set()
    for p in planted:
        companies = {_p("kvk", c, demo_key) for c in p["companies"]}
        straw = _p("bsn", p["straw_man"], demo_key)
        boss = _p("bsn", p["boss"], demo_key)
        hits = [cid for cid, path in res.cases.items()
                if companies | {straw, boss} <= _case_nodes(path)]
        assert len(hits) == 1, f"planted cluster of {p['straw_man']} not in one case store"
        found.add(hits[0])
    # the planted clusters take the first ranks, above every cluster of the random background
    assert found == set(top["cluster"])
    row = top.iloc[0]
    for flag in planted[0]["flags"]:
        assert (top[flag] >= 1).all(), flag
    assert row["score"] > res.screening.iloc[len(planted)]["score"]


def test_hubs_flagged_and_set_aside(screened_duckdb, register_truth):
    hubs = pd.read_csv(screened_duckdb.out / "hubs.csv")
    assert sorted(hubs["kind"]) == ["address", "address", "address", "person", "person"]
    assert (hubs["degree"] >= register_truth["hubs"]["companies_per_serial_director"]).all()
    hub_ids = set(hubs["node"])
    for path in screened_duckdb.cases.values():
        assert not hub_ids & _case_nodes(path)
    # a planted holding sits at a trust-office address: the cluster does not run through it
    assert screened_duckdb.screening.head(3)["size"].max() < 50
    assert (screened_duckdb.screening.head(3)["hub_contact"] >= 1).all()


def test_evidence_rows_name_file_and_row(screened_duckdb):
    ev = pd.read_csv(screened_duckdb.out / "evidence.csv", keep_default_na=False)
    top = screened_duckdb.screening.iloc[0]["cluster"]
    mine = ev[ev["cluster"] == top]
    assert set(mine["indicator"]) >= {"many_directorships", "founded_before_purchase",
                                      "quick_resale", "signal"}
    rel = mine[mine["indicator"] != "signal"]
    assert rel["file"].isin(["kvk.csv", "kadaster.csv"]).all()
    assert (rel["row"].astype(int) >= 1).all()
    assert (mine.loc[mine["indicator"] == "signal", "file"] == "signalen.csv").all()
    assert not ev["node"].str.fullmatch(r"\d{8,9}").any()  # pseudonyms only


def test_extracts_reconcile(screened_duckdb):
    ext = pd.read_csv(screened_duckdb.out / "extracts.csv")
    assert ext["reconciled"].all()
    assert (ext["rows_read"] == ext["rows_used"] + ext["duplicates"] + ext["rejected"]).all()


def test_case_store_opens_and_ranks_like_an_ingest(screened_duckdb, registers, tmp_path):
    """The case store of the top cluster gives the same vital ranking as ingesting the rows it
    came from, with `netwerk ingest`, on one machine."""
    from netwerk.ingest.pipeline import ingest_extract
    from netwerk.ingest.readers import read_table, write_table
    from netwerk.ingest.spec import load_spec

    cid = screened_duckdb.screening.iloc[0]["cluster"]
    case = _as_case(screened_duckdb.cases[cid], tmp_path)
    opened = open_case(case)
    net = opened.net
    assert net.n_nodes > 10 and net.meta["case_info"]["origin"] == "netwerk screen"
    prov = json.loads(net.meta["case_info"]["screening"])
    assert prov["engine"]["name"] == "duckdb" and prov["cluster"] == cid
    assert prov["command"] == "screen"
    rows = net.edges.groupby("extract")["row"].apply(lambda s: set(s.astype(int)))
    store = tmp_path / "ingested.duckdb"
    for ext in collect_extracts([registers]):
        if ext.path.name not in rows.index:
            continue
        spec = load_spec(ext.spec)
        df = read_table(ext.path, spec, shared=True)
        sub = df[df["_row"].isin(rows[ext.path.name])]
        part = tmp_path / ext.path.name
        write_table(sub, part, spec, encoding=df.attrs["encoding"],
                    delimiter=df.attrs["delimiter"], lineterminator=df.attrs["lineterminator"])
        # a sidecar for the part: pseudonymise's own, without the whole file's hash and count
        side = json.loads(ext.path.with_name(ext.path.name + ".netwerk.json").read_text())
        side.pop("sha256", None)
        side["rows_written"] = len(sub)
        part.with_name(part.name + ".netwerk.json").write_text(json.dumps(side))
        ingest_extract(store, part, spec)
    ref = load_network(store).subgraph(net.nodes.index)
    assert ref.n_nodes == net.n_nodes and ref.n_edges == net.n_edges
    # one observation on several rows of an extract is stored once in both (session 8): the
    # cluster holds such a record, so the equal edge counts above depend on it
    assert sum(int(i.get("relations_repeated") or 0) for i in net.meta["imports"]) >= 1
    a = opened.vital(seed=0).table
    b = Case.from_network(ref).vital(seed=0).table
    assert len(a) > 5 and a.index.tolist() == b.index.tolist()
    pd.testing.assert_series_equal(a["vital_score"], b["vital_score"], check_exact=False)


def _as_case(path: Path, folder: Path) -> Path:
    """A screened cluster becomes a case when the RIEC records it (docs/screening.md): here a
    training case (synthetic registers), on a copy so the screening's own stores stay as made."""
    copy = folder / path.name
    shutil.copyfile(path, copy)
    init_case(copy, training=True, analyst="test")
    return copy


def test_every_case_store_opens_with_open_case(screened_duckdb, tmp_path):
    for path in screened_duckdb.cases.values():
        with pytest.raises(LawfulUseError):  # no case record yet: the lawful-use gate refuses
            open_case(path)
        case = open_case(_as_case(path, tmp_path))
        assert case.name and len(case.vital().table) > 0


def test_provenance_records_engine_inputs_thresholds(screened_duckdb):
    prov = json.loads((screened_duckdb.out / "provenance.json").read_text())
    assert prov["schema"] == "netwerk.provenance/1" and prov["command"] == "screen"
    assert prov["engine"]["name"] == "duckdb" and prov["engine"]["version"]
    assert {i["spec"] for i in prov["inputs"]} == {"kvk_register", "kadaster", "gemeente_brp",
                                                   "signalen"}
    assert all(len(i["sha256"]) == 64 for i in prov["inputs"])
    assert prov["config"]["indicators"]["founded_before_purchase"]["max_days"] == 180
    assert len(prov["config_sha256"]) == 64 and len(prov["key_fingerprints"]) == 1
    assert {o["name"] for o in prov["outputs"]} >= {"screening.csv", "evidence.csv"}
    assert prov["rows"]["hubs"] == 5
    assert set(prov["timings"]) >= {"stage", "components", "case_stores"}


def _as_written(extract) -> None:
    """The edited extract as if pseudonymise had written it: its SHA-256 in the sidecar (screen
    refuses an extract that differs from its sidecar, as ingest does)."""
    import hashlib

    side = extract.with_name(extract.name + ".netwerk.json")
    meta = json.loads(side.read_text(encoding="utf-8"))
    meta["sha256"] = hashlib.sha256(extract.read_bytes()).hexdigest()
    side.write_text(json.dumps(meta), encoding="utf-8")


def test_rejects_name_file_row_and_column(registers, tmp_path):
    shared = tmp_path / "shared"
    shutil.copytree(registers, shared)
    kvk = shared / "kvk.csv"
    lines = kvk.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    col = header.index("datum_in_functie")
    cells = lines[7].rstrip("\n").split(",")
    cells[col] = "31-02-2024"
    lines[7] = ",".join(cells) + "\n"
    lines[3000] = ",".join(lines[3000].split(",")[:5]) + "\n"  # too few fields: a reader reject
    kvk.write_text("".join(lines), encoding="utf-8-sig")
    _as_written(kvk)
    # small batches: the reader's rejects must still be counted once
    res = screen([shared], tmp_path / "out", top=0, batch_rows=1000)
    rj = pd.read_csv(tmp_path / "out" / "rejects.csv")
    hit = rj[(rj["file"] == "kvk.csv") & (rj["row"] == 7)]
    assert hit["column"].tolist() == ["datum_in_functie"]
    assert hit["reason"].tolist() == ["unparsable_date"]
    assert (rj[rj["file"] == "kvk.csv"]["row"] == 3000).sum() == 1
    ext = res.extracts.set_index("file")
    assert ext.loc["kvk.csv", "rejected"] == 2 and ext["reconciled"].all()
    assert ext.loc["kvk.csv", "rows_read"] == len(lines) - 1
    assert not res.cases


def test_raw_extract_refused(register_truth_raw, tmp_path):
    raw, _ = register_truth_raw
    with pytest.raises(InputError, match="moet eerst gepseudonimiseerd worden"):
        screen([raw / "manifest.yaml"], tmp_path / "out")


def test_id_collision_stops_the_screening(registers, tmp_path, monkeypatch):
    import numpy as np

    from netwerk.screen import stage

    monkeypatch.setattr(stage, "node_id64", lambda v: np.zeros(len(v), dtype=np.int64))
    with pytest.raises(StoreError, match="hashbotsing"):
        screen([registers], tmp_path / "out")


def test_config_is_validated(tmp_path):
    bad = tmp_path / "screening.yaml"
    bad.write_text("seeds:\n  hops: 9\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="seeds.hops: mag hoogstens"):
        load_config(bad)
    with using("en"), pytest.raises(ConfigError, match="seeds.hops: must be at most"):
        load_config(bad)
    bad.write_text("indicators:\n  quick_resale:\n    max_dayz: 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="max_dayz: onbekend veld"):
        load_config(bad)
    assert load_config({"hubs": {"degree": {"default": 7}}}).hubs.threshold("company") == 7


def _reference_id64(value: str | None) -> int:
    """The 64-bit node id by its definition, one value at a time (the reference for the
    column-wise :func:`node_id64`)."""
    import hashlib
    import re

    def b64(text: str) -> int:
        return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")

    if value is None:
        return -1
    m = re.fullmatch(r"([A-Z]{2,5})-([0-9a-f]{24})", value)
    v = (int(m.group(2)[:16], 16) ^ b64(m.group(1))) if m else b64(value)
    return v & 0x7FFF_FFFF_FFFF_FFFF


def test_node_id64_equals_its_definition(registers):
    import numpy as np
    import pyarrow as pa

    from netwerk.screen.stage import node_id64

    odd = ["BSN-0123456789abcdef01234567", "KVK-0123456789abcdef01234567", None, "x", "",
           "AB-0123456789abcdef01234567", "ABCDEF-0123456789abcdef01234567",
           "Bsn-0123456789abcdef01234567", "BSN-0123456789abcdeF01234567",
           "BSN_0123456789abcdef01234567", "BSN-0123456789abcdef0123456", "é" * 30,
           "ÉSN-0123456789abcdef01234567", "ABCDE-0123456789abcdef01234567",
           "A-0123456789abcdef01234567", "BSN-0123456789abcdef01234567x",
           "BSN-0123456789abcdef01234567\n", " BSN-0123456789abcdef0123456"]
    kvk = pd.read_csv(registers / "kvk.csv", dtype=str, encoding="utf-8-sig")
    real = pd.concat([kvk[c] for c in ("kvk_nummer", "vestigingsadres", "bsn_functionaris",
                                       "functionaris", "vestigingsnummer")])
    real = [None if pd.isna(v) else v for v in real]
    for values in (odd, real, real[:7] + odd + real[7:300], odd[3:]):
        want = np.array([_reference_id64(v) for v in values])
        for given in (pd.Series(values, dtype="str"), pd.Series(values, dtype=object),
                      pa.array(values), pa.chunked_array([pa.array(values[:5]),
                                                          pa.array(values[5:])])):
            assert node_id64(given).tolist() == want.tolist()
    assert node_id64(pd.Series([], dtype="str")).tolist() == []


def _staged(work: Path) -> dict[str, pd.DataFrame]:
    out = {}
    for table in ("relations", "nodes", "attributes", "links", "rejects"):
        t = pd.read_parquet(work / "staging" / table)
        out[table] = t.sort_values(list(t.columns)).reset_index(drop=True)
    return out


def test_extract_staged_in_parts_equals_one_task(registers, tmp_path):
    """A large extract staged by several tasks (each reads the file, maps its share): the same
    records, and counts that add up to one task's (duplicates and reader rejects once)."""
    from netwerk.screen.stage import stage_extract

    shared = tmp_path / "shared"
    shutil.copytree(registers, shared)
    kvk = shared / "kvk.csv"
    lines = kvk.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    lines.insert(4000, lines[10])  # a duplicate of a row in another part
    lines.insert(2000, lines[2500])  # ... and of a later row
    lines[3000] = ",".join(lines[3000].split(",")[:5]) + "\n"  # a reader reject
    kvk.write_text("".join(lines), encoding="utf-8-sig")
    _as_written(kvk)
    ex = next(e for e in collect_extracts([shared]) if e.path.name == "kvk.csv")
    results = {}
    for parts in (1, 3):
        work = tmp_path / f"w{parts}"
        res = [stage_extract(ex.task(work, 1500, k, parts)) for k in range(parts)]
        results[parts] = (pd.DataFrame(res).drop(columns=["part", "seconds"])
                          .groupby(["x", "file"]).sum(), _staged(work))
    one, three = results[1], results[3]
    pd.testing.assert_frame_equal(one[0], three[0])
    c = one[0].iloc[0]
    assert c["duplicates"] == 2 and c["rejected"] == 1 and c["leak_findings"] == 0
    assert c["rows_read"] == c["rows_used"] + c["duplicates"] + c["rejected"] == len(lines) - 1
    for table in one[1]:
        pd.testing.assert_frame_equal(one[1][table], three[1][table])


def test_parallel_parts_screening_equals_one_process(screened_duckdb, registers, tmp_path,
                                                     monkeypatch):
    """Staged by worker processes with the KvK extract split over two tasks (in batches that
    differ from the in-process run's): byte-identical outputs to the in-process screening."""
    from netwerk.screen import pipeline

    monkeypatch.setattr(pipeline, "PARALLEL_BYTES", 0)
    sizes = {e.path.name: e.path.stat().st_size for e in collect_extracts([registers])}
    assert pipeline.stage_parts(sizes["kvk.csv"], sum(sizes.values()), 2) == 2
    out = tmp_path / "out"
    screen([registers], out, engine="duckdb", top=5, threads=2, batch_rows=2000)
    for name in ("screening.csv", "evidence.csv", "hubs.csv", "rejects.csv"):
        assert (out / name).read_bytes() == (screened_duckdb.out / name).read_bytes(), name
    # node and identity-link records are de-duplicated per batch, so their counts follow
    # batch_rows; the rest
    # reconciles exactly
    got, want = (pd.read_csv(p / "extracts.csv").drop(columns=["nodes", "links"])
                 for p in (out, screened_duckdb.out))
    pd.testing.assert_frame_equal(got, want)


def test_duplicate_rows_equal_pandas():
    import numpy as np

    from netwerk.screen.stage import duplicate_rows

    rng = np.random.default_rng(7)
    vals = np.array(["a", "b", "", "ab", "ba", None], dtype=object)
    df = pd.DataFrame({c: vals[rng.integers(0, len(vals), 5000)] for c in "xyz"}, dtype="str")
    df["_row"] = np.arange(len(df))
    for cols in (["x"], ["x", "y"], ["x", "y", "z"]):
        want = df.duplicated(subset=cols, keep="first").to_numpy()
        assert duplicate_rows(df, cols).tolist() == want.tolist()
    assert not duplicate_rows(df, ["_row"]).any()
    assert duplicate_rows(df.iloc[:0], ["x"]).tolist() == []
