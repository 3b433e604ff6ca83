"""Clusters to cases: the case-sized subsets of a screening as ordinary case stores.

The engine writes the records of every top cluster as one Parquet dataset per table, clustered by
case id (``work/case_data/<table>/``; rows of one case sit together, so reading one case only
touches its row groups), plus an index (``case_index.parquet``: case id, nodes, relations). Then
:func:`write_case_store` turns one case's rows into a DuckDB case store with the schema of
:mod:`netwerk.store.schema`, so ``netwerk analyse``, ``plan``, ``map`` and ``report``,
:func:`netwerk.store.load_network` and :func:`netwerk.case.open_case` open it unchanged.

The store's ``imports`` table has one row per extract that contributed, with that extract's
SHA-256, spec and key fingerprint and ``status = 'screening'`` (rows read/used = rows that
entered the case), so ingesting the whole extract into the store later is not mistaken for a
repeat import.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from ..ingest.pipeline import _SAME_RELATION
from ..store.casestore import connect, insert_frame, set_info
from .stage import Extract

__all__ = ["CASE_TABLES", "write_case_store", "read_case_rows"]

#: per-case Parquet datasets written by the engine
CASE_TABLES = ("relations", "nodes", "attributes", "links")


def read_case_rows(case_data: Path, table: str, case_id: str,
                   con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The rows of one case from the clustered dataset ``case_data/<table>/``."""
    glob = str(case_data / table / "*.parquet").replace("'", "''")
    return con.execute(f"SELECT * FROM read_parquet('{glob}') WHERE case_id = ?",
                       [case_id]).df()


def write_case_store(path: Path, case_id: str, case_data: Path, extracts: list[Extract], *,
                     provenance: dict[str, Any], screened_at: dt.datetime,
                     con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Write one case store from the clustered case datasets.

    Parameters
    ----------
    path : Path
        The new store (replaced if it exists).
    case_id : str
        The cluster's id (``S-<16 hex>``).
    case_data : Path
        Folder with the datasets of :data:`CASE_TABLES`.
    extracts : list of Extract
        The screened extracts, by number ``x``.
    provenance : dict
        Stored as JSON in ``case_info['screening']``.
    screened_at : datetime
        ``imports.imported_at``.
    con : duckdb connection
        Used to read the Parquet datasets.

    Returns
    -------
    dict
        Counts written (nodes, relations, identity_links, imports).
    """
    by_x = {e.x: e for e in extracts}
    rel = read_case_rows(case_data, "relations", case_id, con)
    nodes = read_case_rows(case_data, "nodes", case_id, con)
    attrs = read_case_rows(case_data, "attributes", case_id, con)
    links = read_case_rows(case_data, "links", case_id, con)
    rel = rel.sort_values(["x", "rownum", "kind", "source", "target"], kind="stable")
    # one observation written on several rows of one extract is stored once, from its first
    # row, as ingest does (netwerk.ingest.pipeline._drop_repeated_relations)
    same = rel.duplicated(["x", *_SAME_RELATION], keep="first").to_numpy()
    repeated = pd.Series(same, index=rel.index).groupby(rel["x"].astype(int)).sum()
    rows_of = rel.groupby(rel["x"].astype(int))["rownum"].nunique()
    rel = rel.loc[~same]
    path.unlink(missing_ok=True)
    xs = sorted(set(rel["x"].astype(int)) | set(nodes["x"].astype(int)))

    def partner(x: pd.Series) -> np.ndarray:
        return x.astype(int).map(lambda v: by_x[v].partner).to_numpy(dtype=object)

    imports = pd.DataFrame([{
        "import_id": x + 1, "file_name": by_x[x].name, "file_sha256": by_x[x].sha256,
        "spec_name": by_x[x].spec_name, "spec_sha256": by_x[x].spec_sha256,
        "partner": by_x[x].partner, "key_fingerprint": by_x[x].key_fingerprint,
        "imported_at": screened_at,
        "rows_read": int(rows_of.get(x, 0)), "rows_used": int(rows_of.get(x, 0)),
        "duplicates": 0, "rejects": 0, "relations_repeated": int(repeated.get(x, 0)),
        "leak_override": False, "leak_findings": None,
        "status": "screening"} for x in xs])
    plain = (nodes["label"] == nodes["node_id"]).to_numpy()
    node_rows = (pd.concat([nodes[~plain].sort_values(["x", "node_id"]),
                            nodes[plain].sort_values(["x", "node_id"])])
                 .drop_duplicates("node_id").sort_values("node_id"))
    sightings = (pd.DataFrame({"node_id": nodes["node_id"], "partner": partner(nodes["x"]),
                               "import_id": nodes["x"].astype(int) + 1})
                 .drop_duplicates().sort_values(["import_id", "node_id"]))
    attributes = pd.DataFrame({
        "node_id": attrs["node_id"], "attribute": attrs["attribute"], "value": attrs["value"],
        "value_type": attrs["value_type"], "restricted": attrs["restricted"].astype(bool),
        "partner": partner(attrs["x"]), "import_id": attrs["x"].astype(int) + 1,
    }).drop_duplicates()
    relations = pd.DataFrame({
        "relation_id": np.arange(1, len(rel) + 1, dtype="int64"),
        "source": rel["source"].to_numpy(), "target": rel["target"].to_numpy(),
        "kind": rel["kind"].to_numpy(), "directed": rel["directed"].astype(bool).to_numpy(),
        "partner": partner(rel["x"]), "import_id": rel["x"].astype(int).to_numpy() + 1,
        "extract": rel["x"].astype(int).map(lambda v: by_x[v].name).to_numpy(dtype=object),
        "row": rel["rownum"].astype("int64").to_numpy(),
        "observed": rel["observed"].to_numpy(), "valid_from": rel["valid_from"].to_numpy(),
        "valid_to": rel["valid_to"].to_numpy(),
        "grading_scheme": rel["grading_scheme"].to_numpy(),
        "grading_source": rel["grading_source"].to_numpy(),
        "grading_information": rel["grading_information"].to_numpy(),
        "grading_score": rel["grading_score"].astype(float).to_numpy(),
        "legal_basis": rel["legal_basis"].to_numpy(), "weight": rel["weight"].astype(float).to_numpy(),
        "attributes": rel["attributes"].to_numpy()})
    identity = pd.DataFrame({"node_a": links["node_a"], "node_b": links["node_b"],
                             "partner": partner(links["x"]),
                             "import_id": links["x"].astype(int) + 1}).drop_duplicates()
    with connect(path) as store:
        store.begin()
        try:
            insert_frame(store, "imports", imports)
            insert_frame(store, "nodes", node_rows[["node_id", "kind", "label"]])
            insert_frame(store, "node_sightings", sightings)
            insert_frame(store, "node_attributes", attributes)
            insert_frame(store, "relations", relations)
            insert_frame(store, "identity_links", identity)
            set_info(store, "case_name", case_id)
            set_info(store, "origin", "netwerk screen")
            set_info(store, "key_fingerprint", extracts[0].key_fingerprint)
            set_info(store, "screening", json.dumps(provenance, sort_keys=True, default=str))
            store.commit()
        except BaseException:
            store.rollback()
            raise
    return {"nodes": len(node_rows), "relations": len(relations),
            "identity_links": len(identity), "imports": len(imports)}
