"""Worker processes speak to the user as the calling process does (netwerk.workers).

Class: what a spawned worker says (log records at every level, errors it raises) must reach the
user through this process's handlers and in its language, or be lost in silence. Members: the
pool itself, the stability replicates (analysis.stability) and the screening tasks
(screen.engines.run_tasks, tests/screen/test_screen_workers.py) that use it.
"""

from __future__ import annotations

import logging

import numpy as np
import pytest

from netwerk.analysis import rank_stability
from netwerk.datasets import karate
from netwerk.errors import ConfigError
from netwerk.i18n import set_language, using
from netwerk.workers import process_pool


def test_worker_records_reach_this_process_in_order(kept) -> None:
    logging.getLogger("netwerk").setLevel(logging.INFO)
    with process_pool(1) as pool:
        for i in range(5):
            pool.submit(logging.getLogger("netwerk.t").warning, "regel %d", i).result()
        pool.submit(logging.getLogger("netwerk.t").info, "voortgang").result()
    got = [(r.name, r.levelname, r.getMessage()) for r in kept.records]
    assert got == [("netwerk.t", "WARNING", f"regel {i}") for i in range(5)] + [
        ("netwerk.t", "INFO", "voortgang")]
    assert all(r.processName != "MainProcess" for r in kept.records)


def test_worker_uses_this_process_level(kept) -> None:
    logging.getLogger("netwerk").setLevel(logging.WARNING)
    with process_pool(1) as pool:
        pool.submit(logging.getLogger("netwerk.t").info, "niet getoond").result()
        pool.submit(logging.getLogger("netwerk.t").debug, "niet getoond").result()
        pool.submit(logging.getLogger("netwerk.t").error, "wel getoond").result()
    assert [r.getMessage() for r in kept.records] == ["wel getoond"]


@pytest.mark.parametrize(("lang", "expected"), [("nl", "onbekende taal 'xx'"),
                                                ("en", "unknown language 'xx'")])
def test_worker_errors_in_this_process_language(lang: str, expected: str) -> None:
    with using(lang), process_pool(1) as pool, pytest.raises(ConfigError) as exc:
        pool.submit(set_language, "xx").result()
    assert str(exc.value).startswith(expected)


def test_stability_workers_lose_no_record(kept) -> None:
    """The replicates log the same records with two worker processes as in this process."""
    logging.getLogger("netwerk").setLevel(logging.INFO)
    net = karate()
    net.nodes["stage"] = np.where(np.arange(len(net.nodes)) % 3 == 0, "teelt",
                                  np.where(np.arange(len(net.nodes)) % 3 == 1, "oogst", "elders"))
    counts = {}
    for jobs in (1, 2):
        kept.records.clear()
        rank_stability(net, replicates=4, edge_dropout=0.2, seed=3, n_jobs=jobs,
                       stages=["teelt", "oogst"])
        counts[jobs] = sorted(r.getMessage() for r in kept.records)
        if jobs == 2:
            assert any(r.processName != "MainProcess" for r in kept.records)
    assert counts[1] and counts[1] == counts[2]
    assert any("elders" in m for m in counts[2])

