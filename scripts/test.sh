#!/usr/bin/env bash
# Sets up a virtual environment and runs the whole test suite (lint, unit, reference, notebooks,
# browser). This is the README's test command and what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
. .venv/bin/activate
python -m pip install -q --upgrade pip >/dev/null
python -m pip install -q -e ".[test,spark]"
# headless Chromium for the browser tests of maps and reports (Debian package)
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "warning: could not install chromium; browser tests will be skipped"
  fi
fi
# Java 17 for the Spark (local mode) tests of netwerk screen (Debian package)
if ! command -v java >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      openjdk-17-jre-headless >/dev/null) \
      || echo "warning: could not install Java; Spark tests will be skipped"
  fi
fi
ruff check src tests benchmarks scripts
python -m pytest -q "$@"
python -m pytest -q --doctest-modules src/netwerk
if [ -d notebooks ] && ls notebooks/*.ipynb >/dev/null 2>&1; then
  python -m pytest -q --nbmake notebooks
fi
