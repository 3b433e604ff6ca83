"""National screening: from whole registers to case-sized networks, on DuckDB or Spark.

``netwerk screen`` reads pseudonymised register extracts (KvK, Kadaster, BRP, partner signals)
with the specs and mapping rules of :mod:`netwerk.ingest`, flags hubs and red-flag indicators,
grows clusters from flagged subjects, scores them and writes ``screening.csv`` plus one case store
per top cluster. The logic is written once (SQL both engines accept, plus per-extract Python
tasks); the engine is DuckDB (embedded, default) or Apache Spark (``netwerk[spark]``).

Modules: ``engines`` (DuckDB and Spark), ``stage`` (extracts to mapped Parquet; Spark
pseudonymisation), ``graph`` (connected components, neighbourhoods), ``indicators`` (red flags),
``cases`` (case stores), ``config`` (YAML settings), ``pipeline`` (:func:`screen`).

Names load lazily, so ``import netwerk.screen`` stays cheap and never needs pyspark.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS: dict[str, str] = {
    "screen": "pipeline", "ScreenResult": "pipeline", "SCREENING_COLUMNS": "pipeline",
    "load_config": "config", "ScreenConfig": "config", "INDICATORS": "config",
    "make_engine": "engines", "DuckDBEngine": "engines", "SparkEngine": "engines",
    "spark_session": "engines", "connected_components": "graph", "neighbourhoods": "graph",
    "pseudonymise_spark": "stage", "node_id64": "stage", "collect_extracts": "stage",
    "write_case_store": "cases",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'netwerk.screen' has no attribute '{name}'")
    value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
