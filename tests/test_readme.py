"""The README runs as printed: the command-line quickstart (steps 1–3), then the Python block, and
the Python block gives the same top-10 vital ranking as ``netwerk analyse`` on every sample case."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
CASES = ["hennep-oost", "synthetica-haven", "vastgoed-west"]

pytestmark = pytest.mark.slow


def _block(lang: str, contains: str) -> str:
    for m in re.finditer(rf"```{lang}\n(.*?)```", README, flags=re.S):
        if contains in m.group(1):
            return m.group(1)
    raise AssertionError(f"no ```{lang} block with {contains!r} in README.md")


@pytest.fixture(scope="module")
def quickstart(tmp_path_factory):
    """Run the README's CLI quickstart up to step 4 (which needs ids the reader picks) in a copy
    of the repository's sample data, as a new user would."""
    work = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "sample_data", work / "sample_data")
    cli = _block("bash", "netwerk pseudonymise")
    steps = cli.split("# 4.")[0].replace(". .venv/bin/activate", "")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    env.pop("NETWERK_KEY", None)
    res = subprocess.run(["bash", "-euo", "pipefail", "-c", steps], cwd=work, env=env,
                         capture_output=True, text=True, timeout=900)
    assert res.returncode == 0, res.stderr[-3000:]
    return work


def test_cli_quickstart_writes_what_it_says(quickstart):
    for case in CASES:
        assert (quickstart / f"{case}.duckdb").is_file()
        assert (quickstart / "out" / "analyse" / case / "nodes.csv").is_file()
    for f in ("out/plan/action_plan.md", "out/hennep-oost.html", "out/selectie/report.html"):
        assert (quickstart / f).is_file(), f


def test_python_block_runs_as_printed(quickstart):
    code = _block("python", "nw.open_case")
    env = {**os.environ}
    env.pop("NETWERK_KEY", None)
    res = subprocess.run([sys.executable, "-c", code], cwd=quickstart, env=env,
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr[-3000:]
    assert (quickstart / "out" / "plan-python" / "provenance.json").is_file()
    assert (quickstart / "out" / "hennep-oost-python.html").is_file()


@pytest.mark.parametrize("case", CASES)
def test_python_ranking_equals_cli_ranking(quickstart, case):
    code = _block("python", "nw.open_case")
    first = code.split("ranking.head(10)")[0].replace("hennep-oost", case)
    scope: dict = {}
    cwd = os.getcwd()
    try:
        os.chdir(quickstart)
        exec(compile(first, "README.md", "exec"), scope)  # noqa: S102 - the README's own code
    finally:
        os.chdir(cwd)
    python_top = scope["ranking"].top(10)
    cli = pd.read_csv(quickstart / "out" / "analyse" / case / "nodes.csv", dtype={"id": str},
                      skiprows=1)  # first row: the classification marking
    assert python_top == cli["id"].head(10).tolist()
    assert scope["ranking"].table["vital_score"].head(10).round(12).tolist() == \
        cli["vital_score"].head(10).round(12).tolist()
