#!/usr/bin/env bash
# Sets up a virtual environment and runs the whole demo pipeline on sample_data/:
# pseudonymise -> ingest -> analyse -> plan -> map -> report, into demo-output/.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
. .venv/bin/activate
python -m pip install -q --upgrade pip >/dev/null
python -m pip install -q -e .
netwerk demo --out "${1:-demo-output}"
