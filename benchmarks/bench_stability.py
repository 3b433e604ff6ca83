"""Rank stability at case scale, and every measure of the vital score against the fastest peer.

One command::

    python benchmarks/bench_stability.py              # 10k nodes, 200 replicates, 2 workers
    pip install -e ".[bench]"                          # adds rustworkx as a third peer
    python benchmarks/bench_stability.py --quick      # 2k nodes, 20 replicates (smoke run)

Prints three tables:

1. per measure, netwerk's time and the time of igraph, networkit and rustworkx (those installed)
   on the same graph, exact algorithms on both sides, the ratio to the fastest peer, the issue's
   target (<= 1.3x) and, where it is missed, the reason;
2. one replicate: the full ``vital_nodes`` (every measure, reasons) against the speed path that
   ``rank_stability`` runs per replicate (only the weighted measures, no reasons; same ranks), and
   the share of Leiden in it;
3. ``rank_stability`` with 200 replicates: wall time, CPU seconds (this process and its workers),
   time per replicate and peak memory.

The load average is printed with the results: figures taken on a loaded machine say so.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from graphs import realistic_graph  # noqa: E402

TARGET = 1.3

#: Why a measure may stay above the target (shown when it does).
REASONS = {
    "eigenvector": "converged to 1e-14 per component (exact zeros outside the leading "
                   "component, ties resolved) and rounded for reproducibility; networkit stops at "
                   "1e-9 and treats the graph as one block: see the same-tolerance row",
    "eigenvector_tol14": "per-component structure (components, eigenvalue bounds, ties) and "
                         "ARPACK's fixed cost per call; networkit runs one power iteration",
    "pagerank": "power iteration to 1e-15 per node so every process gets the same bytes; "
                "networkit stops at 1e-8",
    "structural_holes": "four measures (constraint, effective size, efficiency, hierarchy) in one "
                        "pass vs igraph's constraint alone; the per-tie terms need every triangle",
    "betweenness": "rustworkx's Brandes is unweighted only and threaded (in rank_stability the "
                   "workers already fill every core); igraph's, which netwerk calls, is the "
                   "single-thread peer",
    "betweenness_kadabra": "same KADABRA run plus the conversion to netwerk's scale",
    "degree": "fixed cost of the node-indexed table (about 0.2 ms), not of the measure",
    "coreness": "fixed cost of the node-indexed table (about 0.2 ms), not of the measure",
    "clustering": "fixed cost of the node-indexed table (about 0.2 ms), not of the measure",
}


def best_of(fn: Callable[[], object], repeat: int) -> float:
    """The fastest wall time of ``repeat`` runs (its CPU time in ``LAST_CPU``)."""
    best = (float("inf"), 0.0)
    for _ in range(repeat):
        c, t = time.process_time(), time.perf_counter()
        fn()
        best = min(best, (time.perf_counter() - t, time.process_time() - c))
    LAST_CPU[0] = best[1]
    return best[0]


#: CPU seconds (every thread of this process) of the run :func:`best_of` returned last.
LAST_CPU = [0.0]


def peers_for(net):  # noqa: ANN001
    """The same graph in igraph, networkit and rustworkx (those installed)."""
    g = net.simple_graph
    n = g.vcount()
    el = np.asarray(g.get_edgelist(), dtype=np.int64)
    out = {"igraph": g}
    try:
        import networkit as nk

        G = nk.Graph(n)
        G.addEdges((el[:, 0].astype(np.uint64), el[:, 1].astype(np.uint64)))
        nk.setNumberOfThreads(os.cpu_count() or 1)
        out["networkit"] = G
    except ImportError:  # pragma: no cover
        pass
    try:
        import rustworkx as rx

        R = rx.PyGraph()
        R.add_nodes_from(range(n))
        R.add_edges_from_no_data([tuple(e) for e in el.tolist()])
        out["rustworkx"] = R
    except ImportError:
        pass
    return out


def measure_table(net, repeat: int) -> list[dict]:  # noqa: ANN001
    from netwerk.analysis.centrality import centrality
    from netwerk.analysis.holes import structural_holes

    P = peers_for(net)
    g = P["igraph"]
    nk = __import__("networkit") if "networkit" in P else None
    rx = __import__("rustworkx") if "rustworkx" in P else None
    slow = max(1, repeat // 3)
    cases: dict[str, tuple[Callable[[], object], dict[str, Callable[[], object]], int]] = {
        "degree": (lambda: centrality(net, measures=["degree"]),
                   {"igraph": lambda: g.degree()}, repeat),
        "betweenness": (lambda: centrality(net, measures=["betweenness"], approximate=False),
                        {"igraph": lambda: g.betweenness(),
                         **({"networkit": lambda: nk.centrality.Betweenness(P["networkit"]).run()}
                            if nk else {}),
                         **({"rustworkx": lambda: rx.betweenness_centrality(P["rustworkx"])}
                            if rx else {})}, slow),
        "closeness": (lambda: centrality(net, measures=["closeness"], approximate=False),
                      {"igraph": lambda: g.closeness(),
                       **({"networkit": lambda: nk.centrality.Closeness(
                           P["networkit"], True,
                           nk.centrality.ClosenessVariant.GENERALIZED).run()} if nk else {}),
                       **({"rustworkx": lambda: rx.closeness_centrality(P["rustworkx"])}
                          if rx else {})}, slow),
        "harmonic": (lambda: centrality(net, measures=["harmonic"], approximate=False),
                     {"igraph": lambda: g.harmonic_centrality(),
                      **({"networkit": lambda: nk.centrality.HarmonicCloseness(
                          P["networkit"], True).run()} if nk else {})}, slow),
        "eigenvector": (lambda: centrality(net, measures=["eigenvector"]),
                        {"igraph": lambda: g.eigenvector_centrality(scale=False),
                         **({"networkit": lambda: nk.centrality.EigenvectorCentrality(
                             P["networkit"]).run()} if nk else {}),
                         **({"rustworkx": lambda: rx.eigenvector_centrality(P["rustworkx"])}
                            if rx else {})}, repeat),
        "pagerank": (lambda: centrality(net, measures=["pagerank"]),
                     {"igraph": lambda: g.pagerank(),
                      **({"networkit": lambda: nk.centrality.PageRank(P["networkit"]).run()}
                         if nk else {})}, repeat),
        "coreness": (lambda: centrality(net, measures=["coreness"]),
                     {"igraph": lambda: g.coreness(),
                      **({"networkit": lambda: nk.centrality.CoreDecomposition(
                          P["networkit"]).run()} if nk else {}),
                      **({"rustworkx": lambda: rx.core_number(P["rustworkx"])} if rx else {})},
                     repeat),
        "clustering": (lambda: centrality(net, measures=["clustering"]),
                       {"igraph": lambda: g.transitivity_local_undirected(mode="zero"),
                        **({"networkit": lambda: nk.centrality.LocalClusteringCoefficient(
                            P["networkit"]).run()} if nk else {})}, repeat),
        "structural_holes": (lambda: structural_holes(net),
                             {"igraph": lambda: g.constraint()}, repeat),
    }
    if nk:
        cases["eigenvector_tol14"] = (
            lambda: centrality(net, measures=["eigenvector"]),
            {"networkit": lambda: nk.centrality.EigenvectorCentrality(P["networkit"],
                                                                      tol=1e-14).run()}, repeat)

        def kadabra() -> None:
            nk.setSeed(0, True)
            nk.centrality.KadabraBetweenness(P["networkit"], 0.01, 0.1, True).run()

        cases["betweenness_kadabra"] = (
            lambda: centrality(net, measures=["betweenness"], approximate=True),
            {"networkit": kadabra}, slow)
    rows = []
    for name, (ours_fn, peer_fns, rep) in cases.items():
        ours_fn()  # warm-up (imports, caches)
        ours = best_of(ours_fn, rep)
        ours_cpu = LAST_CPU[0]
        peers, cpu = {}, {}
        for k, f in peer_fns.items():
            peers[k] = best_of(f, rep)
            cpu[k] = LAST_CPU[0]
        fastest = min(peers, key=peers.get)
        ratio = ours / peers[fastest]
        rows.append({"measure": name, "netwerk_ms": ours * 1e3, "netwerk_cpu_ms": ours_cpu * 1e3,
                     **{f"{k}_ms": v * 1e3 for k, v in peers.items()}, "fastest": fastest,
                     "fastest_cpu_ms": cpu[fastest] * 1e3, "ratio": ratio,
                     "reason": "" if ratio <= TARGET else REASONS.get(name, "")})
    return rows


def replicate_row(net, repeat: int) -> dict:  # noqa: ANN001
    """One replicate's work: the full ranking against the speed path, and Leiden's share."""
    from netwerk.analysis.structure import communities
    from netwerk.analysis.vital import _vital_scores, load_vital_weights, vital_nodes

    w = load_vital_weights(None)[0]
    vital_nodes(net)  # warm-up
    full = best_of(lambda: vital_nodes(net), repeat)
    fast = best_of(lambda: _vital_scores(net, w), repeat)
    leiden = best_of(lambda: communities(net, seed=0, n_iterations=2), repeat)
    u = net.undirected_graph
    ig_leiden = best_of(lambda: u.community_leiden(objective_function="modularity",
                                                   weights="weight", n_iterations=2), repeat)
    return {"full_s": full, "fast_s": fast, "leiden_s": leiden, "igraph_leiden_s": ig_leiden}


def _cpu() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime


def stability_row(net, replicates: int, jobs: int) -> dict:  # noqa: ANN001
    from netwerk.analysis import rank_stability

    c0 = _cpu()
    load0 = os.getloadavg()[0]
    t = time.perf_counter()
    s = rank_stability(net, replicates=replicates, edge_dropout=0.1, weight_noise=0.1,
                       n_jobs=jobs, seed=0)
    wall = time.perf_counter() - t
    c1 = _cpu()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"nodes": net.n_nodes, "ties": net.simple_graph.ecount(), "replicates": replicates,
            "workers": jobs, "wall_s": wall, "cpu_main_s": c1[0] - c0[0],
            "cpu_workers_s": c1[1] - c0[1], "per_replicate_s": wall * jobs / replicates,
            "peak_mib_main": own, "peak_mib_worker": kids,
            "base_s": s.attrs["timings"]["base"],
            "approximate": s.attrs["vital_params"].get("approximate"),
            "load": f"{load0:.1f} -> {os.getloadavg()[0]:.1f}"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=10_000)
    ap.add_argument("--replicates", type=int, default=200)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="2k nodes, 20 replicates")
    ap.add_argument("--only", choices=["measures", "replicate", "stability"])
    a = ap.parse_args(argv)
    if a.quick:
        a.nodes, a.replicates, a.repeat = 2_000, 20, 3
    net, facts = realistic_graph(a.nodes, seed=0)
    load = os.getloadavg()[0]
    print(f"# graph: {facts['nodes']} nodes, {facts['edges']} ties (benchmarks.graphs, seed 0); "
          f"{os.cpu_count()} cores; load average {load:.1f}"
          + (" (LOADED machine: absolute times inflated)" if load > (os.cpu_count() or 1) else ""))
    if a.only in (None, "measures"):
        rows = measure_table(net, a.repeat)
        peers = sorted({k[:-3] for r in rows for k in r if k.endswith("_ms")}
                       - {"netwerk", "netwerk_cpu", "fastest_cpu"})
        print("\n| measure | netwerk ms (CPU) | " + " | ".join(f"{p} ms" for p in peers)
              + " | fastest (CPU ms) | ratio | target | reason |")
        print("|---" * (len(peers) + 6) + "|")
        for r in rows:
            cells = " | ".join(f"{r[p + '_ms']:.1f}" if p + "_ms" in r else "-" for p in peers)
            ok = "ok" if r["ratio"] <= TARGET else "over"
            print(f"| {r['measure']} | {r['netwerk_ms']:.1f} ({r['netwerk_cpu_ms']:.1f}) | "
                  f"{cells} | {r['fastest']} ({r['fastest_cpu_ms']:.1f}) | "
                  f"{r['ratio']:.2f}x | {ok} | {r['reason']} |")
    if a.only in (None, "replicate"):
        r = replicate_row(net, a.repeat)
        print("\n| vital_nodes s | speed path s | speed-up | Leiden (leidenalg) s | "
              "igraph community_leiden s |")
        print("|---|---|---|---|---|")
        print(f"| {r['full_s']:.3f} | {r['fast_s']:.3f} | {r['full_s'] / r['fast_s']:.2f}x | "
              f"{r['leiden_s']:.3f} | {r['igraph_leiden_s']:.3f} |")
    if a.only in (None, "stability"):
        s = stability_row(net, a.replicates, a.jobs)
        print("\n| nodes | ties | replicates | workers | wall s | CPU s main + workers | "
              "s per replicate (1 core) | peak MiB main | peak MiB worker | approximate | load |")
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        print(f"| {s['nodes']} | {s['ties']} | {s['replicates']} | {s['workers']} | "
              f"{s['wall_s']:.1f} | {s['cpu_main_s']:.1f} + {s['cpu_workers_s']:.1f} | "
              f"{s['per_replicate_s']:.2f} | {s['peak_mib_main']:.0f} | "
              f"{s['peak_mib_worker']:.0f} | {s['approximate']} | {s['load']} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
