"""Fixtures for the screening tests: small national-shaped registers (generated, pseudonymised
with the demo key), one screening per engine, and one session-scoped local SparkSession.

The Spark tests skip, with the reason, only when pyspark or Java is missing; scripts/test.sh
installs both, so they run in CI.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
N_RELATIONS = 20_000
SPARK_CONF = {"spark.sql.shuffle.partitions": "2", "spark.default.parallelism": "2"}


def _generator():
    if "make_sample_data" in sys.modules:
        return sys.modules["make_sample_data"]
    spec = importlib.util.spec_from_file_location("make_sample_data",
                                                  ROOT / "scripts" / "make_sample_data.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["make_sample_data"] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


def spark_missing() -> str | None:
    """Why Spark cannot run here, or None."""
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed (pip install 'netwerk[spark]'; scripts/test.sh does)"
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        return "Java is not installed (apt-get install openjdk-17-jre-headless; scripts/test.sh does)"
    return None


@pytest.fixture(scope="session")
def register_truth_raw(tmp_path_factory) -> tuple[Path, dict]:
    raw = tmp_path_factory.mktemp("registers_raw")
    truth = _generator().generate_registers(raw, N_RELATIONS, seed=20261130)
    return raw, truth


@pytest.fixture(scope="session")
def registers(register_truth_raw, tmp_path_factory, demo_key) -> Path:
    """The registers pseudonymised with the demo key, as the partners would deliver them."""
    from netwerk.ingest.manifest import pseudonymise_manifest

    raw, _ = register_truth_raw
    shared = tmp_path_factory.mktemp("registers_shared")
    pseudonymise_manifest(raw / "manifest.yaml", demo_key, shared)
    return shared


@pytest.fixture(scope="session")
def register_truth(register_truth_raw) -> dict:
    return register_truth_raw[1]


@pytest.fixture(scope="session")
def screened_duckdb(registers, tmp_path_factory):
    from netwerk.screen import screen

    out = tmp_path_factory.mktemp("screen_duckdb")
    return screen([registers], out, engine="duckdb", top=5)


@pytest.fixture(scope="session")
def spark():
    """One local SparkSession for the whole test session (2 cores, fast-starting JVM)."""
    why = spark_missing()
    if why:
        pytest.skip(why)
    warnings.filterwarnings("ignore", message=".*pandas >= 3.0.0.*")
    from netwerk.screen.engines import spark_session

    session = spark_session("local[2]", SPARK_CONF, app_name="netwerk-tests")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def screened_spark(registers, spark, tmp_path_factory):
    from netwerk.screen import screen

    out = tmp_path_factory.mktemp("screen_spark")
    return screen([registers], out, engine="spark", spark=spark, top=5)
