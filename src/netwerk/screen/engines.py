"""The two engines a screening runs on: DuckDB (embedded, the default) and Apache Spark.

The screening logic is written once, as SQL that both engines accept (``SELECT``, joins,
``GROUP BY``, ``LEAST``/``GREATEST``, window functions with ``RANGE`` frames, ``TRY_CAST``), plus
Python functions that run per extract or per Arrow batch. An engine only supplies what differs:
how a query result is *materialised* (a DuckDB table; a Spark DataFrame persisted or, inside an
iteration, checkpointed so its lineage does not grow), how Parquet is read and written, and how
a Python task function is run (in-process; ``mapInPandas`` on Spark's executors).

Why SQL and not Ibis: Ibis (``ibis-framework``) compiles one expression to both backends too, but
the iterative connected-components algorithm needs explicit control over materialisation and
checkpointing per iteration, which plain SQL plus these few engine methods give directly, without
a third dependency that has to match both engines' versions.

Examples
--------
>>> eng = DuckDBEngine()
>>> eng.create("t", "SELECT 1 AS a UNION ALL SELECT 2")
>>> eng.scalar("SELECT sum(a) FROM t")
3
>>> eng.close()
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from ..errors import ConfigError, Reason
from ..i18n import _

__all__ = ["Engine", "DuckDBEngine", "SparkEngine", "make_engine", "SPARK_JVM_OPTIONS",
           "spark_session"]

log = logging.getLogger(__name__)

#: JVM options for short local-mode sessions (tests, small screenings): start in seconds
SPARK_JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"


class Engine:
    """What the screening needs from an engine. Subclasses: :class:`DuckDBEngine`,
    :class:`SparkEngine`."""

    name: str = "engine"

    @property
    def version(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def create(self, name: str, sql: str, *, checkpoint: bool = False) -> None:
        """Materialise the result of ``sql`` as table ``name`` (replacing an older one);
        ``checkpoint`` marks a step of an iteration (Spark truncates the lineage there)."""
        raise NotImplementedError

    def drop(self, *names: str) -> None:
        """Forget tables."""
        raise NotImplementedError

    def read_parquet(self, name: str, path: str | Path, *, columns: list[str] | None = None,
                     materialise: bool = True) -> None:
        """Make the Parquet dataset at ``path`` (a folder of ``*.parquet``) table ``name``: only
        ``columns`` if given; ``materialise=False`` reads the files each time the table is used
        (for wide data only a few rows of which are needed)."""
        raise NotImplementedError

    def write_parquet(self, sql: str, path: str | Path, *, cluster_by: str,
                      order_by: str) -> None:
        """Write the result of ``sql`` as one Parquet dataset (a folder), rows clustered by
        ``cluster_by`` and ordered by ``order_by`` within it."""
        raise NotImplementedError

    def fetch(self, sql: str) -> pd.DataFrame:
        """The (small) result of ``sql`` as a DataFrame."""
        raise NotImplementedError

    def scalar(self, sql: str) -> Any:
        """The single value ``sql`` returns."""
        raise NotImplementedError

    def register_frame(self, name: str, df: pd.DataFrame) -> None:
        """Make a (small) pandas DataFrame table ``name``."""
        raise NotImplementedError

    @property
    def task_slots(self) -> int:
        """How many tasks of :meth:`run_tasks` run at the same time."""
        return 1

    def run_tasks(self, fn: Callable[[dict], dict], tasks: list[dict],
                  result_columns: dict[str, str], *, parallel: bool = True) -> pd.DataFrame:
        """Run ``fn`` once per task (a dict of plain values) and return one row per task.

        ``result_columns`` maps the keys of ``fn``'s result to types (``"string"``,
        ``"bigint"``); DuckDB runs the tasks in local worker processes (in this process when
        ``parallel`` is false: small inputs), Spark on its executors.
        """
        raise NotImplementedError

    def close(self) -> None:
        """Release the engine's resources."""


class DuckDBEngine(Engine):
    """The embedded default: one in-process DuckDB database that spills to ``work``.

    Parameters
    ----------
    work : Path, optional
        Folder for spill files (a temporary folder if not given).
    memory_limit : str, optional
        DuckDB ``memory_limit`` (e.g. ``"6GB"``); DuckDB's default (80 % of RAM) if not given.
    threads : int, optional
        Worker threads (default: DuckDB's, the number of cores).
    """

    name = "duckdb"

    def __init__(self, work: str | Path | None = None, *, memory_limit: str | None = None,
                 threads: int | None = None) -> None:
        self.con = duckdb.connect()
        self.threads = threads
        spill = Path(work) / "spill" if work else Path(tempfile.mkdtemp(prefix="netwerk-spill-"))
        spill.mkdir(parents=True, exist_ok=True)
        self.con.execute(f"SET temp_directory = '{_sql_path(spill)}'")
        self.con.execute("SET preserve_insertion_order = false")
        if memory_limit:
            self.con.execute(f"SET memory_limit = '{_safe_setting(memory_limit)}'")
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")

    @property
    def version(self) -> str:
        return duckdb.__version__

    def create(self, name: str, sql: str, *, checkpoint: bool = False) -> None:
        self.con.execute(f"CREATE OR REPLACE TABLE {name} AS {sql}")

    def drop(self, *names: str) -> None:
        for n in names:
            self.con.execute(f"DROP TABLE IF EXISTS {n}")

    def read_parquet(self, name: str, path: str | Path, *, columns: list[str] | None = None,
                     materialise: bool = True) -> None:
        glob = _sql_path(Path(path) / "*.parquet")
        what = "TABLE" if materialise else "VIEW"
        cols = ", ".join(columns) if columns else "*"
        self.con.execute(f"CREATE OR REPLACE {what} {name} AS "
                         f"SELECT {cols} FROM read_parquet('{glob}', union_by_name = true)")

    def write_parquet(self, sql: str, path: str | Path, *, cluster_by: str,
                      order_by: str) -> None:
        out = Path(path)
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        self.con.execute(f"COPY (SELECT * FROM ({sql}) ORDER BY {cluster_by}, {order_by}) TO "
                         f"'{_sql_path(out / 'part-00000.parquet')}' "
                         "(FORMAT parquet, ROW_GROUP_SIZE 65536)")

    def fetch(self, sql: str) -> pd.DataFrame:
        return self.con.execute(sql).df()

    def scalar(self, sql: str) -> Any:
        return self.con.execute(sql).fetchone()[0]

    def register_frame(self, name: str, df: pd.DataFrame) -> None:
        self.con.register("_netwerk_frame", df)
        try:
            self.con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM _netwerk_frame")
        finally:
            self.con.unregister("_netwerk_frame")

    @property
    def task_slots(self) -> int:
        return int(self.threads or os.cpu_count() or 1)

    def run_tasks(self, fn: Callable[[dict], dict], tasks: list[dict],
                  result_columns: dict[str, str], *, parallel: bool = True) -> pd.DataFrame:
        """Run the tasks in worker processes (one per core, at most one per task; in this
        process when there is one task or one core, or ``parallel`` is false)."""
        workers = min(len(tasks), self.threads or os.cpu_count() or 1) if parallel else 1
        if workers <= 1:
            rows = [fn(t) for t in tasks]
        else:
            from ..workers import process_pool

            # spawn: no fork of a threaded DuckDB process; the workers log through this one
            with process_pool(workers) as pool:
                rows = list(pool.map(fn, tasks))
        return pd.DataFrame(rows, columns=list(result_columns))

    def close(self) -> None:
        self.con.close()


def spark_session(master: str | None = None, conf: dict[str, str] | None = None,
                  app_name: str = "netwerk-screen"):
    """The active SparkSession, or a new one (local mode by default).

    Under ``spark-submit`` the session of the submitted job is used as it is (its master and
    settings come from the platform). A new local session gets :data:`SPARK_JVM_OPTIONS`, UTC as
    its time zone and ``spark.sql.legacy.javaCharsets=true`` (so cp1252 is readable as
    ``windows-1252``). In local mode the Python workers run the driver's interpreter
    (``PYSPARK_PYTHON``, unless set), so they use the same netwerk.

    Raises
    ------
    ConfigError
        When pyspark is not installed (``pip install 'netwerk[spark]'``) or Java is missing.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise ConfigError(_("de Spark-engine heeft pyspark nodig: pip install 'netwerk[spark]' "
                            "(en Java 17, bijv. Debians openjdk-17-jre-headless)"),
                          reason=Reason.INVALID_CONFIG) from exc
    active = SparkSession.getActiveSession()
    if active is not None and master is None:
        return active
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        raise ConfigError(_("de Spark-engine heeft Java 17 nodig (Debian: apt-get install "
                            "openjdk-17-jre-headless) of JAVA_HOME"), reason=Reason.INVALID_CONFIG)
    settings = {
        "spark.driver.extraJavaOptions": SPARK_JVM_OPTIONS,
        "spark.executor.extraJavaOptions": SPARK_JVM_OPTIONS,
        "spark.sql.session.timeZone": "UTC",
        "spark.sql.legacy.javaCharsets": "true",
        "spark.sql.shuffle.partitions": "8",
        "spark.sql.execution.arrow.pyspark.enabled": "true",
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
    }
    master = master or "local[2]"
    if master.startswith("local"):
        # local mode: the Python workers run this interpreter (with this netwerk), not whatever
        # ``python3`` is first on the PATH (pyspark reads PYSPARK_PYTHON; a user's value stays)
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    settings.update(conf or {})
    builder = SparkSession.builder.appName(app_name).master(master)
    for k, v in settings.items():
        builder = builder.config(k, v)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


class SparkEngine(Engine):
    """Apache Spark (pyspark): the same SQL on a cluster or in local mode.

    Parameters
    ----------
    work : Path
        Folder for checkpoints (``work/checkpoints``) unless the session has a checkpoint
        directory already (on a platform: a folder on HDFS/S3 all executors reach).
    master : str, optional
        E.g. ``"local[2]"``; ``None`` uses the active session (``spark-submit``) or local[2].
    conf : dict, optional
        Extra Spark settings for a new session.
    spark : SparkSession, optional
        A session to use as it is.
    """

    name = "spark"

    def __init__(self, work: str | Path, *, master: str | None = None,
                 conf: dict[str, str] | None = None, spark=None,
                 checkpoints: str = "auto") -> None:
        self.spark = spark if spark is not None else spark_session(master, conf)
        sc = self.spark.sparkContext
        if checkpoints not in ("auto", "reliable", "local"):
            raise ConfigError(_("'checkpoints' moet auto, reliable of local zijn, niet '{waarde}'",
                                waarde=checkpoints),
                              reason=Reason.INVALID_CONFIG)
        #: local mode keeps checkpoints in the executors' block store (one job less per
        #: iteration); a cluster writes them to the checkpoint directory (survives lost executors)
        self.local_checkpoints = checkpoints == "local" or (
            checkpoints == "auto" and sc.master.startswith("local"))
        if not sc.getCheckpointDir():
            cp = Path(work) / "checkpoints"
            cp.mkdir(parents=True, exist_ok=True)
            sc.setCheckpointDir(str(cp))
        self._frames: dict[str, Any] = {}

    @property
    def version(self) -> str:
        return str(self.spark.version)

    def _register(self, name: str, df) -> None:
        old = self._frames.pop(name, None)
        df.createOrReplaceTempView(name)
        self._frames[name] = df
        if old is not None:
            old.unpersist()

    def create(self, name: str, sql: str, *, checkpoint: bool = False) -> None:
        df = self.spark.sql(sql)
        if checkpoint and self.local_checkpoints:
            df = df.localCheckpoint(eager=True)
        elif checkpoint:
            # cache first, so writing the checkpoint does not compute the step a second time
            cached = df.persist()
            df = cached.checkpoint(eager=True)
            cached.unpersist()
        else:
            df = df.persist()  # materialised by the first query that needs it
        self._register(name, df)

    def drop(self, *names: str) -> None:
        for n in names:
            df = self._frames.pop(n, None)
            if df is not None:
                df.unpersist()
            self.spark.catalog.dropTempView(n)

    def read_parquet(self, name: str, path: str | Path, *, columns: list[str] | None = None,
                     materialise: bool = True) -> None:
        # Spark reads the files lazily either way (column pruning applies)
        df = self.spark.read.option("mergeSchema", "true").parquet(str(path))
        self._register(name, df.select(*columns) if columns else df)

    def write_parquet(self, sql: str, path: str | Path, *, cluster_by: str,
                      order_by: str) -> None:
        from pyspark.sql import functions as F

        df = self.spark.sql(sql)
        keys = [c.strip() for c in order_by.split(",")]
        # hash-partitioned by case: all rows of a case in one file, sorted (no sampling job)
        (df.repartition(F.col(cluster_by))
           .sortWithinPartitions(cluster_by, *keys)
           .write.mode("overwrite").parquet(str(path)))

    def fetch(self, sql: str) -> pd.DataFrame:
        return self.spark.sql(sql).toPandas()

    def scalar(self, sql: str) -> Any:
        return self.spark.sql(sql).first()[0]

    def register_frame(self, name: str, df: pd.DataFrame) -> None:
        sdf = self.spark.createDataFrame(df) if len(df) else self.spark.createDataFrame(
            [], self._empty_schema(df))
        self._register(name, sdf.persist())

    @staticmethod
    def _empty_schema(df: pd.DataFrame) -> str:
        types = {"i": "bigint", "f": "double", "b": "boolean"}
        return ", ".join(f"`{c}` {types.get(df[c].dtype.kind, 'string')}" for c in df.columns)

    @property
    def task_slots(self) -> int:
        return int(self.spark.sparkContext.defaultParallelism)

    def run_tasks(self, fn: Callable[[dict], dict], tasks: list[dict],
                  result_columns: dict[str, str], *, parallel: bool = True) -> pd.DataFrame:
        if not tasks:
            return pd.DataFrame(columns=list(result_columns))
        import json

        payload = pd.DataFrame({"task": [json.dumps(t) for t in tasks]})
        schema = ", ".join(f"{k} {v}" for k, v in result_columns.items())
        cols = list(result_columns)

        def per_batch(batches: Iterable[pd.DataFrame]) -> Iterator[pd.DataFrame]:
            for b in batches:
                rows = [fn(json.loads(t)) for t in b["task"]]
                yield pd.DataFrame(rows, columns=cols)

        sdf = self.spark.createDataFrame(payload).repartition(len(tasks))
        return sdf.mapInPandas(per_batch, schema).toPandas()

    def close(self) -> None:
        for n in list(self._frames):
            self.drop(n)


def make_engine(name: str, work: str | Path, *, master: str | None = None,
                memory_limit: str | None = None, threads: int | None = None,
                spark_conf: dict[str, str] | None = None, spark=None,
                checkpoints: str = "auto") -> Engine:
    """An engine by name: ``"duckdb"`` (default) or ``"spark"``.

    Raises
    ------
    ConfigError
        For another name, or when Spark is asked for but pyspark or Java is missing.
    """
    if name == "duckdb":
        return DuckDBEngine(work, memory_limit=memory_limit, threads=threads)
    if name == "spark":
        return SparkEngine(work, master=master, conf=spark_conf, spark=spark,
                           checkpoints=checkpoints)
    raise ConfigError(_("onbekende engine '{naam}' (bekend: duckdb, spark)", naam=name),
                      reason=Reason.INVALID_CONFIG)


def _sql_path(p: Path) -> str:
    return str(p).replace("'", "''")


def _safe_setting(v: str) -> str:
    if not all(ch.isalnum() or ch in ". " for ch in v):
        raise ConfigError(_("ongeldige waarde voor een instelling: '{waarde}'", waarde=v),
                          reason=Reason.INVALID_CONFIG)
    return v
