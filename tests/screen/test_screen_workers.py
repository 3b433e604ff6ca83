"""Screening's worker processes: what they log reaches the user (netwerk.workers)."""

from __future__ import annotations

import hashlib
import json
import logging


def test_screening_workers_warnings_reach_the_user(registers, tmp_path, monkeypatch,
                                                   kept) -> None:
    """A reader warning made while a worker process stages an extract (a repeated header line:
    two exports concatenated) is shown, as it is when this process stages it."""
    import shutil

    from netwerk.screen import pipeline, screen

    shared = tmp_path / "shared"
    shutil.copytree(registers, shared)
    kvk = shared / "kvk.csv"
    lines = kvk.read_bytes().splitlines(keepends=True)
    kvk.write_bytes(b"".join(lines[:3] + lines[:1] + lines[3:]))
    side = shared / "kvk.csv.netwerk.json"  # as pseudonymise would have written it: its hash
    meta = json.loads(side.read_text(encoding="utf-8"))
    meta["sha256"] = hashlib.sha256(kvk.read_bytes()).hexdigest()
    side.write_text(json.dumps(meta), encoding="utf-8")
    monkeypatch.setattr(pipeline, "PARALLEL_BYTES", 0)
    said = {}
    for threads in (1, 2):
        kept.records.clear()
        screen([shared], tmp_path / f"out{threads}", engine="duckdb", top=5, threads=threads)
        said[threads] = [(r.processName != "MainProcess", r.getMessage()) for r in kept.records
                         if r.levelno >= logging.WARNING]
    assert said[1] and all(not worker for worker, _ in said[1])
    assert any(worker for worker, _ in said[2])
    assert sorted(m for _, m in said[1]) == sorted(m for _, m in said[2])
