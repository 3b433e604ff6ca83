"""National screening: from whole registers to case-sized networks, on DuckDB or Spark.

``netwerk screen`` reads pseudonymised register extracts (KvK, Kadaster, BRP, partner signals)
with the specs and mapping rules of :mod:`netwerk.ingest`, flags hubs and red-flag indicators,
grows clusters from flagged subjects, scores them and writes ``screening.csv`` plus one case store
per top cluster. The logic is written once (SQL both engines accept, plus per-extract Python
tasks); the engine is DuckDB (embedded, default) or Apache Spark (``netwerk[spark]``).

Modules: ``engines`` (DuckDB and Spark), ``stage`` (extracts to mapped Parquet; Spark
pseudonymisation), ``graph`` (connected components, neighbourhoods), ``indicators`` (red flags),
``cases`` (case stores), ``config`` (YAML settings), ``pipeline`` (:func:`screen`).

``import netwerk.screen`` never needs pyspark: it is imported only when Spark is used.
"""

from __future__ import annotations

from .cases import write_case_store
from .config import INDICATORS, ScreenConfig, load_config
from .engines import DuckDBEngine, SparkEngine, make_engine, spark_session
from .graph import connected_components, neighbourhoods
from .pipeline import SCREENING_COLUMNS, ScreenResult, screen
from .stage import collect_extracts, node_id64, pseudonymise_spark

__all__ = ["INDICATORS", "SCREENING_COLUMNS", "DuckDBEngine", "ScreenConfig", "ScreenResult",
           "SparkEngine", "collect_extracts", "connected_components", "load_config",
           "make_engine", "neighbourhoods", "node_id64", "pseudonymise_spark", "screen",
           "spark_session", "write_case_store"]
