"""Shared pytest fixtures."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests check correctness, not speed: no per-example deadline (the machine and CI are
# shared, and a loaded core turns a 100 ms example into a 300 ms one). Speed lives in benchmarks/.
settings.register_profile("netwerk", deadline=None)
settings.load_profile("netwerk")

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT / "src" / "netwerk" / "data" / "networks"   # shipped copies of shared/data
SAMPLE_DATA = ROOT / "sample_data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.exists():
        pytest.fail("the shipped research networks are missing (src/netwerk/data/networks)")
    return SHARED_DATA


@pytest.fixture(scope="session")
def sample_data() -> Path:
    return SAMPLE_DATA


@pytest.fixture(scope="session")
def demo_key(sample_data) -> bytes:
    return (sample_data / "demo.key").read_text(encoding="utf-8").strip().encode()


@pytest.fixture(scope="session")
def truth(sample_data) -> dict:
    import yaml

    return yaml.safe_load((sample_data / "truth.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def sample_cases(tmp_path_factory, sample_data, demo_key) -> dict[str, Path]:
    """The three sample cases pseudonymised and ingested, as the partners and the RIEC would.

    Returns case name -> case store path. Built once per test session.
    """
    import os

    from netwerk.cli.main import run

    out = tmp_path_factory.mktemp("sample_cases")
    old = os.environ.pop("NETWERK_KEY", None)  # key custody: only the partners' step has the key
    key_file = out / "partner.key"
    key_file.write_bytes(demo_key)
    cases = {}
    try:
        for manifest in sorted(sample_data.glob("*/manifest.yaml")):
            name = manifest.parent.name
            shared = out / "shared" / name
            case = out / f"{name}.duckdb"
            assert run(["pseudonymise", "--manifest", str(manifest), "--out", str(shared),
                        "--key-file", str(key_file)]) == 0
            assert run(["ingest", "--manifest", str(shared / "manifest.yaml"), "--case",
                        str(case)]) == 0
            # synthetic sample data: a training case, so governed analyses run on it
            assert run(["case", "init", str(case), "--training", "--name", name]) == 0
            cases[name] = case
    finally:
        if old is not None:
            os.environ["NETWERK_KEY"] = old
    return cases


class _KeepRecords(logging.Handler):
    """Every record that reaches the ``netwerk`` logger, kept for a test to look at."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def kept():
    """The records the ``netwerk`` logger handles during the test (its level restored after)."""
    keep, own = _KeepRecords(), logging.getLogger("netwerk")
    level = own.level
    own.addHandler(keep)
    yield keep
    own.removeHandler(keep)
    own.setLevel(level)
