"""Every measure that feeds the vital score gives the same values in every process for the same
input: run vital_nodes in fresh interpreters with different hash seeds and compare the bytes."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

SCRIPT = r"""
import hashlib, sys
import numpy as np, pandas as pd
sys.path.insert(0, "benchmarks")
from netwerk.analysis import vital_nodes
from netwerk.datasets import karate, random_directed_weighted, montagna_phonecalls, caviar
from netwerk.graph import Network
nets = {"karate": karate(), "directed": random_directed_weighted(),
        "montagna": montagna_phonecalls(), "caviar": caviar(),
        # tied leading eigenvalues: two identical triangles and a 4-cycle
        "ties": Network.from_edges(pd.DataFrame({"source": list("abdepqrs"),
                                                 "target": list("bcefqrsp")}))}
from graphs import realistic_graph
nets["approx"] = realistic_graph(6_000, seed=3)[0]  # above exact_threshold: sampled measures
for name, net in nets.items():
    v = vital_nodes(net, seed=0)
    num = v.select_dtypes(include=[np.number, "bool"])
    h = hashlib.sha256(pd.util.hash_pandas_object(num, index=True).to_numpy().tobytes())
    h.update("|".join(v["reason"]).encode())
    print(name, h.hexdigest())
"""


@pytest.mark.slow
def test_vital_measures_identical_in_every_process() -> None:
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    outs = []
    for hashseed in ("0", "12345", "random"):
        env = {**os.environ, "PYTHONHASHSEED": hashseed}
        r = subprocess.run([sys.executable, "-c", SCRIPT], cwd=root, env=env, capture_output=True,
                           text=True, timeout=600)
        assert r.returncode == 0, r.stderr[-2000:]
        outs.append(r.stdout)
    assert outs[0].count("\n") == 6
    assert outs[0] == outs[1] == outs[2]
