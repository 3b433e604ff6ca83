"""Time to write a map and a case report for 1k-, 10k- and 100k-node cases.

Run: ``python benchmarks/bench_outputs.py [--sizes 1000,10000,100000]``. Synthetic cannabis-like
cases from ``bench_plan.cannabis_like`` (staged with the cannabis barrier model). The report is
built in memory with :func:`netwerk.report.build_case_from_network` (vital nodes, barrier matrix,
candidates, package, plan, static map) and rendered with :func:`netwerk.report.write_selection`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_plan import cannabis_like  # noqa: E402

import netwerk as nw  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="1000,10000,100000")
    args = ap.parse_args(argv)
    out = Path(tempfile.mkdtemp(prefix="netwerk-bench-outputs-"))
    print(f"{'nodes':>8} {'edges':>9} {'vital s':>8} {'map s':>7} {'report build s':>15} "
          f"{'report write s':>15}")
    for n in (int(s) for s in args.sizes.split(",")):
        net = cannabis_like(n, seed=0)
        t = time.perf_counter()
        vital = nw.analysis.vital_nodes(net, seed=0)
        t_vital = time.perf_counter() - t
        t = time.perf_counter()
        nw.viz.write_map(net, out / f"map-{n}.html", vital=vital, seed=0)
        t_map = time.perf_counter() - t
        t = time.perf_counter()
        case = nw.report.build_case_from_network(net, name=f"synthetic-{n}", seed=0)
        t_build = time.perf_counter() - t
        t = time.perf_counter()
        sel = nw.report.selection_from_cases([case], weights=nw.report.load_selection_weights(),
                                             generated="bench")
        nw.report.write_selection(sel, out / f"report-{n}", pdf=False)
        t_write = time.perf_counter() - t
        print(f"{n:>8} {net.n_edges:>9} {t_vital:>8.1f} {t_map:>7.1f} {t_build:>15.1f} "
              f"{t_write:>15.1f}", flush=True)


if __name__ == "__main__":
    main()
