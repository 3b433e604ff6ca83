"""Case store basics: schema, version, info, bulk insert, intervention log."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from netwerk.errors import Reason, StoreError
from netwerk.i18n import using
from netwerk.store import (
    SCHEMA_VERSION,
    TABLES,
    connect,
    get_info,
    insert_frame,
    next_id,
    read_interventions,
    read_table,
    record_intervention,
    set_info,
)


def test_new_store_has_every_table_and_the_schema_version(tmp_path):
    case = tmp_path / "case.duckdb"
    with connect(case) as con:
        names = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        assert set(TABLES) <= names
        assert get_info(con) == {"schema_version": str(SCHEMA_VERSION)}
        rel_cols = [r[0] for r in con.execute("DESCRIBE relations").fetchall()]
    for col in ("relation_id", "source", "target", "kind", "directed", "partner", "import_id",
                "extract", "observed", "valid_from", "valid_to", "grading_scheme",
                "grading_source", "grading_information", "grading_score", "legal_basis", "weight",
                "attributes"):
        assert col in rel_cols
    # reopening keeps what is there
    with connect(case) as con:
        set_info(con, "crime_type", "cannabis")
        set_info(con, "crime_type", "synthetic drugs")
    with connect(case, read_only=True) as con:
        assert get_info(con)["crime_type"] == "synthetic drugs"


def test_newer_schema_and_missing_store_are_refused(tmp_path):
    case = tmp_path / "case.duckdb"
    with connect(case) as con:
        set_info(con, "schema_version", str(SCHEMA_VERSION + 1))
    with pytest.raises(StoreError, match="werk netwerk bij"), connect(case, read_only=True):
        pass
    with using("en"), pytest.raises(StoreError, match="upgrade netwerk"), connect(case, read_only=True):
        pass
    with pytest.raises(StoreError) as err, connect(tmp_path / "nope.duckdb", read_only=True):
        pass
    assert err.value.reason == Reason.FILE_NOT_FOUND


def test_insert_frame_and_next_id(tmp_path):
    with connect(tmp_path / "case.duckdb") as con:
        frame = pd.DataFrame({"node_id": [f"BSN-{i:024x}" for i in range(1000)],
                              "kind": "person", "label": "x"})
        assert insert_frame(con, "nodes", frame) == 1000
        assert insert_frame(con, "nodes", frame.iloc[:0]) == 0
        got = read_table(con, "nodes")
        assert len(got) == 1000 and got["node_id"].is_monotonic_increasing
        assert next_id(con, "imports", "import_id") == 1
        with pytest.raises(StoreError, match="onbekende tabel 'secrets' in de casusopslag"):
            read_table(con, "secrets")


def test_intervention_log(tmp_path):
    case = tmp_path / "case.duckdb"
    i1 = record_intervention(case, action_id="A1", target="BSN-" + "0" * 24, partner="gemeente",
                             date="2026-01-15", status="planned")
    i2 = record_intervention(case, action_id="A1", status="done", result="pand gesloten",
                             date=dt.date(2026, 2, 1), notes="Damocles")
    assert (i1, i2) == (1, 2)
    log = read_interventions(case)
    assert log["intervention_id"].tolist() == [1, 2]
    assert log["status"].tolist() == ["planned", "done"]
    assert str(log["date"].iloc[1])[:10] == "2026-02-01"
    assert log["result"].iloc[1] == "pand gesloten" and pd.isna(log["target"].iloc[1])
    with pytest.raises(StoreError, match="heeft 'status' nodig"):
        record_intervention(case, action_id="A2")
    with pytest.raises(StoreError, match="onbekend\\(e\\) veld\\(en\\) van een interventie"):
        record_intervention(case, action_id="A2", status="x", colour="red")
    with pytest.raises(StoreError) as err:
        record_intervention(case, action_id="A2", status="x", date="15-01-2026")
    assert err.value.reason == Reason.UNPARSABLE_DATE
    assert len(read_interventions(case)) == 2
