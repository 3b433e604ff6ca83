"""netwerk benchmarks: each measure and the full vital_nodes report beside plain networkx.

Usage::

    python benchmarks/run.py             # 10k and 100k nodes, the issue's targets, accuracy at 20k
    python benchmarks/run.py --quick     # a CI-size smoke run (1k/3k nodes, seconds)
    python benchmarks/run.py --sizes 1000000 --only vital   # the 1M-node / 5M-tie report

Every size runs in its own child process so its peak memory (``resource.getrusage``) is its own.
networkx runs only where it finishes in reasonable time: path measures (betweenness, closeness,
harmonic) and Burt's constraint up to 3,000 nodes, Louvain up to 10,000, the rest up to 100,000;
"-" marks a skipped run. Graphs come from ``benchmarks/graphs.py`` (heavy-tailed degrees,
clustering, communities, a value-chain stage), average degree 10 (100k nodes → 500k ties).
This is not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

NX_LIMITS = {"betweenness": 3_000, "closeness": 3_000, "harmonic": 3_000, "constraint": 3_000,
             "communities": 10_000, "default": 100_000}
MEASURES = ["degree", "betweenness", "closeness", "harmonic", "eigenvector", "pagerank",
            "coreness", "clustering"]


def _rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 ** 2  # KiB on Linux


def _timed(fn, *a, **k):
    t = time.perf_counter()
    out = fn(*a, **k)
    return time.perf_counter() - t, out


# ---------------------------------------------------------------------------- networkx references
def _nx_measure(G, m):
    import networkx as nx

    return {
        "degree": lambda: dict(G.degree()),
        "betweenness": lambda: nx.betweenness_centrality(G),
        "closeness": lambda: nx.closeness_centrality(G),
        "harmonic": lambda: nx.harmonic_centrality(G),
        "eigenvector": lambda: nx.eigenvector_centrality(G, max_iter=1000, tol=1e-6),
        "pagerank": lambda: nx.pagerank(G),
        "coreness": lambda: nx.core_number(G),
        "clustering": lambda: nx.clustering(G),
        "constraint": lambda: nx.constraint(G),
        "articulation": lambda: list(nx.articulation_points(G)),
        "bridges": lambda: list(nx.bridges(G)),
        "communities": lambda: nx.community.louvain_communities(G, seed=0),
    }[m]()


def _nx_disruption_loop(G, steps: int, efficiency: bool) -> list:
    import networkx as nx

    G = G.copy()
    out = []
    for _ in range(steps):
        b = nx.betweenness_centrality(G)
        top = max(b.values())
        v = min(b, key=lambda x: (-round(b[x] / top, 12) if top else 0, x))
        G.remove_node(v)
        lcc = max((len(c) for c in nx.connected_components(G)), default=0)
        eff = nx.global_efficiency(G) if efficiency else None
        out.append((v, lcc, nx.number_connected_components(G), eff))
    return out


# ---------------------------------------------------------------------------- one size (child)
def run_size(n: int, only: str | None, nx_on: bool) -> list[dict]:
    from graphs import realistic_graph

    from netwerk.analysis import (
        articulation_points,
        bridges,
        brokerage,
        centrality,
        communities,
        disrupt,
        structural_holes,
        vital_nodes,
    )

    rows: list[dict] = []
    t_build, (net, info) = _timed(realistic_graph, n, 10.0, seed=0)
    _ = net.simple_graph
    m = net.n_edges
    rows.append({"n": n, "m": m, "task": "generate graph + Network", "ours": t_build})
    G = net.to_networkx() if nx_on and n <= NX_LIMITS["default"] and only != "vital" else None

    def add(task, ours, nx_key=None, note=""):
        nx_t = None
        if G is not None and nx_key and n <= NX_LIMITS.get(nx_key, NX_LIMITS["default"]):
            nx_t, _ = _timed(_nx_measure, G, nx_key)
        rows.append({"n": n, "m": m, "task": task, "ours": ours, "nx": nx_t, "note": note})

    if only in (None, "measures"):
        for meas in MEASURES:
            t, df = _timed(centrality, net, measures=[meas])
            meth = df.attrs.get("method", {}).get(meas, {})
            add(f"centrality: {meas}", t, meas, meth.get("algorithm", meth.get("method", "")))
        t, _ = _timed(structural_holes, net)
        add("structural holes", t, "constraint")
        t, _ = _timed(articulation_points, net)
        add("articulation points + cut_off", t, "articulation")
        t, _ = _timed(bridges, net)
        add("bridges", t, "bridges")
        t, _ = _timed(communities, net, seed=0, n_iterations=2)
        add("communities (Leiden, 2 iter.)", t, "communities", "nx: Louvain")
        t, _ = _timed(brokerage, net, group="stage")
        add("brokerage (stage)", t)
        steps = 20
        t, r = _timed(disrupt, net, strategy="betweenness", steps=steps)
        add(f"disruption: {steps}-step sequential betweenness", t, None, r.method)
    if only in (None, "vital"):
        t, v = _timed(vital_nodes, net, group="stage")
        rows.append({"n": n, "m": m, "task": "vital_nodes (full report)", "ours": t, "nx": None,
                     "note": "parts: " + ", ".join(f"{k} {s:.1f}s" for k, s in
                                                   v.attrs["timings"].items())})
    for r in rows:
        r["rss_gb"] = _rss_gb()
    return rows


# ---------------------------------------------------------------------------- targets (child)
def run_targets(quick: bool) -> list[dict]:
    import networkx as nx
    import numpy as np
    from graphs import realistic_graph

    from netwerk.analysis import centrality, disrupt

    out = []
    # 1. centrality table at 3k vs networkx
    net, _ = realistic_graph(3000, 10.0, seed=1)
    G = net.to_networkx()
    t_ours, _ = _timed(centrality, net)
    t_nx = sum(_timed(_nx_measure, G, m)[0] for m in MEASURES)
    out.append({"target": "centrality table, 3k nodes, vs networkx", "ours": t_ours, "nx": t_nx,
                "goal": ">= 20x", "ok": t_nx / t_ours >= 20})
    # 2. 10-step sequential betweenness disruption at 1k vs a networkx loop
    net, _ = realistic_graph(1000, 10.0, seed=2)
    G = net.to_networkx()
    for eff in (True, False):
        t_ours, r = _timed(disrupt, net, strategy="betweenness", steps=10, efficiency=eff)
        t_nx, ref = _timed(_nx_disruption_loop, G, 10, eff)
        same = r.curve["removed"].tolist()[1:] == [x[0] for x in ref]
        out.append({"target": f"10-step seq. betweenness disruption, 1k "
                              f"({'with' if eff else 'without'} efficiency)", "ours": t_ours,
                    "nx": t_nx, "goal": ">= 20x", "ok": t_nx / t_ours >= 20,
                    "note": f"same removal order as networkx: {same}"})
    # 3. 20-step at 10k in <= 10 s, agreement with the exact curve
    net, _ = realistic_graph(10_000, 10.0, seed=3)
    t_ours, ap = _timed(disrupt, net, strategy="betweenness", steps=20)
    note = ap.method
    if not quick:
        t_ex, ex = _timed(disrupt, net, strategy="betweenness", steps=20, approximate=False)
        a, e = ap.curve, ex.curve
        same = sum(x == y for x, y in zip(a["removed"][1:], e["removed"][1:], strict=True))
        common = len(set(a["removed"][1:]) & set(e["removed"][1:]))
        gap = float(np.max(np.abs(a["lcc_share"] - e["lcc_share"])))
        egap = float(np.max(np.abs(a["efficiency"] - e["efficiency"]) / e["efficiency"]))
        note += (f"; vs exact ranking ({t_ex:.0f} s): {same}/20 same removal at the same step, "
                 f"{common}/20 in both sets, max |lcc_share diff| {gap:.3f}, max relative "
                 f"efficiency diff {egap:.3f}, final lcc_share {a['lcc_share'].iloc[-1]:.3f}"
                 f" vs {e['lcc_share'].iloc[-1]:.3f}")
    out.append({"target": "20-step seq. betweenness disruption, 10k", "ours": t_ours, "nx": None,
                "goal": "<= 10 s", "ok": t_ours <= 10, "note": note})
    del nx
    return out


def run_accuracy(n: int) -> list[dict]:
    import numpy as np
    from graphs import realistic_graph
    from scipy.stats import spearmanr

    from netwerk.analysis import centrality

    net, _ = realistic_graph(n, 10.0, seed=4)
    out = []
    for meas, kw in (("betweenness", {}), ("harmonic", {"samples": 200}),
                     ("harmonic", {"samples": 1000}), ("closeness", {"samples": 1000})):
        t_ex, ex = _timed(centrality, net, measures=[meas], approximate=False)
        t_ap, ap = _timed(centrality, net, measures=[meas], approximate=True, seed=0, **kw)
        x, y = ex[meas].to_numpy(), ap[meas].to_numpy()
        rho = spearmanr(x, y).statistic
        top_ex = set(np.argsort(-x, kind="stable")[:100])
        top_ap = set(np.argsort(-y, kind="stable")[:100])
        meth = ap.attrs.get("method", {}).get(meas, {})
        out.append({"measure": meas, "method": meth.get("algorithm", "?"), **kw,
                    "exact_s": t_ex, "approx_s": t_ap, "spearman": rho,
                    "top100_precision": len(top_ex & top_ap) / 100})
    return out


# ---------------------------------------------------------------------------- driver
def _child(args: list[str]) -> list[dict]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", json.dumps(args)]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.stderr.write(p.stderr[-3000:])
        return [{"error": f"child {args} failed (exit {p.returncode})"}]
    return json.loads(p.stdout.strip().splitlines()[-1])


def _fmt(x, spec=".2f"):
    return "-" if x is None else format(x, spec)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="CI-size smoke run")
    ap.add_argument("--sizes", help="comma-separated node counts (default 10000,100000; 0: none)")
    ap.add_argument("--only", choices=["measures", "vital"], help="only these tasks per size")
    ap.add_argument("--no-nx", action="store_true", help="skip networkx")
    ap.add_argument("--skip-targets", action="store_true")
    ap.add_argument("--skip-accuracy", action="store_true")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        kind, *rest = json.loads(a.child)
        if kind == "size":
            res = run_size(int(rest[0]), rest[1], bool(rest[2]))
        elif kind == "targets":
            res = run_targets(bool(rest[0]))
        else:
            res = run_accuracy(int(rest[0]))
        print(json.dumps(res, default=float))
        return
    sizes = ([int(s) for s in a.sizes.split(",") if int(s) > 0] if a.sizes else
             ([1000, 3000] if a.quick else [10_000, 100_000]))
    print(f"netwerk benchmarks ({'quick' if a.quick else 'full'}); times in seconds, "
          f"ratio = networkx / netwerk\n")
    print(f"{'nodes':>9} {'ties':>9}  {'task':<46} {'netwerk':>8} {'networkx':>9} {'ratio':>7} "
          f"{'peak GB':>7}  note")
    all_rows: list[dict] = []
    for n in sizes:
        for r in _child(["size", n, a.only, not a.no_nx]):
            if "error" in r:
                print(r["error"])
                continue
            ratio = r["nx"] / r["ours"] if r.get("nx") and r["ours"] > 0 else None
            print(f"{r['n']:>9} {r['m']:>9}  {r['task']:<46} {r['ours']:>8.2f} "
                  f"{_fmt(r.get('nx')):>9} {_fmt(ratio, '.1f'):>7} {r['rss_gb']:>7.2f}  "
                  f"{r.get('note', '')}", flush=True)
            all_rows.append(r)
    checks = [("brokerage (stage)", 100_000, 10.0, None),
              ("vital_nodes (full report)", 100_000, 30.0, None),
              ("vital_nodes (full report)", 1_000_000, 300.0, 8.0)]
    print("\nTargets of issue 3")
    for task, n, limit, gb in checks:
        for r in all_rows:
            if r.get("task") == task and r.get("n") == n:
                ok = r["ours"] <= limit and (gb is None or r["rss_gb"] <= gb)
                label = f"{task}, {n} nodes / {r['m']} ties"
                print(f"  {'PASS' if ok else 'MISS'}  {label:<58} netwerk {r['ours']:.2f}s  "
                      f"peak {r['rss_gb']:.2f} GB  goal <= {limit:.0f} s"
                      + (f" within {gb:.0f} GB" if gb else ""), flush=True)
    if not a.skip_targets:
        for r in _child(["targets", a.quick]):
            if "error" in r:
                print(r["error"])
                continue
            ratio = f"{r['nx'] / r['ours']:.1f}x" if r.get("nx") else ""
            print(f"  {'PASS' if r['ok'] else 'MISS'}  {r['target']:<58} netwerk {r['ours']:.2f}s"
                  f"  networkx {_fmt(r.get('nx'))}s {ratio}  goal {r['goal']}  {r.get('note', '')}",
                  flush=True)
    if not a.skip_accuracy:
        n_acc = 3000 if a.quick else 20_000
        print(f"\nAccuracy of approximations vs exact at {n_acc} nodes")
        for r in _child(["accuracy", n_acc]):
            if "error" in r:
                print(r["error"])
                continue
            extra = f" samples={r['samples']}" if "samples" in r else ""
            print(f"  {r['measure']:<12} {r['method'] + extra:<48} exact {r['exact_s']:.2f}s "
                  f"approx {r['approx_s']:.2f}s  Spearman {r['spearman']:.4f}  "
                  f"top-100 precision {r['top100_precision']:.2f}", flush=True)


if __name__ == "__main__":
    main()
