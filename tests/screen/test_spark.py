"""Spark (local mode): the same screening as DuckDB, and partner pseudonymisation on Spark that is
byte-identical to `netwerk pseudonymise` without putting the key in a query plan."""

from __future__ import annotations

import shutil

import duckdb
import pandas as pd
import pytest

from netwerk.case import open_case
from netwerk.governance import init_case

pytestmark = [pytest.mark.spark,
              pytest.mark.filterwarnings("ignore:.*pandas >= 3.0.0:FutureWarning")]

SAME_FILES = ("screening.csv", "evidence.csv", "hubs.csv", "extracts.csv", "rejects.csv")


def test_spark_and_duckdb_write_the_same_screening(screened_duckdb, screened_spark):
    for name in SAME_FILES:
        assert (screened_spark.out / name).read_bytes() == \
            (screened_duckdb.out / name).read_bytes(), name
    assert screened_spark.provenance["engine"]["name"] == "spark"
    assert screened_spark.provenance["engine"]["version"].startswith(("3.", "4."))
    assert screened_spark.provenance["versions"]["pyspark"]


def test_spark_case_stores_equal_duckdb_case_stores(screened_duckdb, screened_spark, tmp_path):
    assert set(screened_spark.cases) == set(screened_duckdb.cases)
    q = ("SELECT source, target, kind, extract, \"row\" FROM relations "
         "ORDER BY extract, \"row\", kind, source, target")
    for cid, path in screened_duckdb.cases.items():
        a = duckdb.connect(str(path), read_only=True)
        b = duckdb.connect(str(screened_spark.cases[cid]), read_only=True)
        try:
            assert a.execute(q).fetchall() == b.execute(q).fetchall()
            assert a.execute("SELECT * FROM nodes ORDER BY node_id").fetchall() == \
                b.execute("SELECT * FROM nodes ORDER BY node_id").fetchall()
        finally:
            a.close()
            b.close()
    cid = screened_duckdb.screening.iloc[0]["cluster"]
    opened = []
    for engine, res in (("duckdb", screened_duckdb), ("spark", screened_spark)):
        copy = tmp_path / f"{engine}.duckdb"  # recorded as a (training) case before analysis
        shutil.copyfile(res.cases[cid], copy)
        init_case(copy, training=True, analyst="test")
        opened.append(open_case(copy).vital(seed=0).table)
    va, vb = opened
    pd.testing.assert_frame_equal(va[["rank", "vital_score"]], vb[["rank", "vital_score"]])


def test_pseudonymise_on_spark_equals_netwerk_pseudonymise(spark, sample_data, demo_key,
                                                           tmp_path):
    from netwerk.ingest.pseudonymise import pseudonymise_file
    from netwerk.ingest.readers import read_table
    from netwerk.ingest.spec import load_spec
    from netwerk.screen import pseudonymise_spark

    spec = load_spec("gemeente_brp")
    raw_path = sample_data / "hennep-oost" / "raw" / "gemeente_brp.csv"
    out = tmp_path / "brp.csv"
    res = pseudonymise_file(raw_path, spec, demo_key, out)
    expected = read_table(out, spec, shared=True)
    expected_rejects = pd.read_csv(tmp_path / "brp.csv.rejects.csv", dtype=str)
    assert res.rejects > 0  # the sample has invalid BSNs: rejects must match too

    raw = read_table(raw_path, spec, shared=False)
    sdf = spark.createDataFrame(raw.astype(object).where(raw.notna(), None)).repartition(3)
    shared, rejects = pseudonymise_spark(sdf, spec, demo_key, file=raw_path.name)
    got = shared.toPandas().sort_values("_row").reset_index(drop=True)
    cols = [c for c in expected.columns if c != "_row"]
    assert list(got.columns) == [*cols, "_row"]
    exp = expected.astype(object).where(expected.notna(), None)
    # the shared file keeps the raw rows in order, less the rejected ones (their raw row numbers)
    kept = [r for r in raw["_row"] if r not in set(expected_rejects["row"].astype(int))]
    assert got["_row"].tolist() == kept
    for c in cols:
        assert got[c].astype(object).where(got[c].notna(), None).tolist() == exp[c].tolist(), c
    rj = rejects.toPandas().sort_values(["row", "column"]).reset_index(drop=True)
    er = expected_rejects.sort_values(["row", "column"], key=lambda s: s.astype(int)
                                      if s.name == "row" else s).reset_index(drop=True)
    assert rj["row"].astype(int).tolist() == er["row"].astype(int).tolist()
    assert rj["reason"].tolist() == er["reason"].tolist()
    # the key is never part of a query plan
    plan = shared._jdf.queryExecution().toString() + rejects._jdf.queryExecution().toString()
    assert demo_key.decode() not in plan and demo_key.hex() not in plan


def test_spark_stages_parts_with_this_netwerk(spark, registers, screened_duckdb, tmp_path):
    """The executors' Python runs the driver's netwerk (not another ``python3`` on the PATH),
    and an extract staged as parts on the executors adds up to the extract."""
    from pathlib import Path

    from netwerk.screen.engines import SparkEngine
    from netwerk.screen.pipeline import _stage_task
    from netwerk.screen.stage import STAGE_RESULT, collect_extracts

    eng = SparkEngine(tmp_path, spark=spark)
    kvk = next(e for e in collect_extracts([registers]) if e.path.name == "kvk.csv")
    tasks = [kvk.task(Path(tmp_path), 2000, k, 2) for k in range(2)]
    got = eng.run_tasks(_stage_task, tasks, {**STAGE_RESULT, "error": "string"})
    # an older netwerk on the executors would neither know nor report parts
    assert sorted(got["part"].tolist()) == [0, 1] and got["error"].isna().all()
    want = screened_duckdb.extracts.set_index("file").loc["kvk.csv"]
    for c in ("rows_read", "rows_used", "duplicates", "rejected", "relations"):
        assert int(got[c].sum()) == int(want[c]), c
    assert (got["rows_used"] > 0).all()  # both parts mapped rows
