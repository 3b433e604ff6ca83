"""Pseudonymise and ingest speed beside a plain pyarrow read of the same politie extract.

Usage::

    python scripts/make_sample_data.py --scale 1000000 --out /tmp/bench1m
    python benchmarks/ingest_bench.py /tmp/bench1m/politie.csv        # the issue's 1M-row run
    python benchmarks/ingest_bench.py --quick                           # makes a 20k-row file

Each step runs in its own child process, so its peak RSS (``ru_maxrss``) is its own; CPU seconds
and RSS of the processes pseudonymise forks for a large file are counted too:

* ``pyarrow``: ``pyarrow.csv.read_csv`` of the raw file, every column as string (the floor);
* ``pseudonymise``: :func:`netwerk.ingest.pseudonymise.pseudonymise_file` with its defaults
  (read, normalise, hash, leak scan, write; one process in three threads: chunk k+1 is read and
  chunk k-1 scanned and written while chunk k is hashed, 16 MiB chunks);
* ``pseudonymise-2p``: the same in two processes (``workers=2``: this one and a forked one take
  alternate 8 MiB chunks, each with its own cache);
* ``pseudonymise-1p`` (only when asked for in ``--steps``): ``workers=1``, the default's path;
* ``ingest``: :func:`netwerk.ingest.pipeline.ingest_extract` of the pseudonymised file (or of
  ``--extract``) into a fresh case store, streamed in 16 MiB chunks (``--chunk-bytes``);
* ``duckdb`` (only when asked for in ``--steps``, after ``ingest``): the floor of ingest, DuckDB
  alone writing the same tables from the same pseudonymised file into a store with netwerk's
  schema, with none of ingest's checks (no line model, leak guard, shapes, dates, grades,
  duplicates or rejects): ``read_csv``, the politie spec's four relation mappings with their
  JSON attributes, one row per node, sightings, the ``rol`` attribute and identity links, in one
  transaction.

``--steps pyarrow,ingest --extract /tmp/x/politie.csv`` times ingest alone.

Printed: wall seconds, CPU seconds (the step's processes), rows/s (rows of the raw file / wall
seconds and / CPU seconds), peak RSS of the largest process, the sum of every process's peak (an
upper bound), the memory in use at once, the CPU ratio against the pyarrow read, and the load
average before and after. "In use" is the largest total PSS of the step's process tree (pages a
forked process shares with its parent count once), sampled every 100 ms by the benchmark's own
process: reading ``smaps_rollup`` walks the step's page tables, and sampled every 25 ms it
slowed a 2-core run by 0.6-1.3 s (the peak RSS is exact whatever the interval). Targets (issue
9): pseudonymise and ingest >= 200k rows/s and <= 1 GB (judged on the larger of "in use" and the
peak RSS). On a shared machine say so when quoting the figures (the load average is printed for
that). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KEY = b"benchmark-key-0123456789abcdef"


def _tree_pss_kb(pid: int) -> int:
    """Proportional set size (kB) of ``pid`` and all its descendants (Linux ``smaps_rollup``):
    memory shared between a parent and its forked workers is counted once, not per process."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup") as fh:
                total += next(int(line.split()[1]) for line in fh if line.startswith("Pss:"))
            with open(f"/proc/{p}/task/{p}/children") as fh:
                todo.extend(int(c) for c in fh.read().split())
        except (OSError, StopIteration, ValueError):
            continue
    return total


def _sample_pss(proc: subprocess.Popen, interval: float = 0.1) -> float:
    """Largest total PSS (GB) of ``proc``'s process tree, sampled every ``interval`` seconds
    until it ends (memory in use at once by the step and its workers). Sampled from this
    process, so reading ``smaps_rollup`` costs the step nothing (its CPU seconds stay its own)."""
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_pss_kb(proc.pid))
        time.sleep(interval)
    return peak / 1024 ** 2


def _child(step: str, raw: str, work: str, extract: str = "", chunk: str = "") -> dict:
    return _run_step(step, raw, work, extract, chunk)


def _run_step(step: str, raw: str, work: str, extract: str = "", chunk: str = "") -> dict:
    t0, c0 = time.perf_counter(), time.process_time()
    if step == "pyarrow":
        import pyarrow as pa
        import pyarrow.csv as pacsv

        with open(raw, "rb") as fh:
            header = fh.readline().decode("cp1252").rstrip("\r\n").split(";")
        table = pacsv.read_csv(raw, read_options=pacsv.ReadOptions(encoding="cp1252"),
                               parse_options=pacsv.ParseOptions(delimiter=";"),
                               convert_options=pacsv.ConvertOptions(
                                   column_types={c: pa.string() for c in header}))
        rows = table.num_rows
    elif step.startswith("pseudonymise"):
        from netwerk.ingest.pseudonymise import pseudonymise_file
        from netwerk.ingest.spec import load_spec

        out = Path(work) / ("politie.csv" if step == "pseudonymise" else f"{step}.csv")
        res = pseudonymise_file(raw, load_spec("politie"), KEY, out,
                                **({} if step == "pseudonymise" else {"workers": _WORKERS[step]}))
        rows = res.rows_read
    elif step == "duckdb":
        rows = _duckdb_floor(Path(extract) if extract else Path(work) / "politie.csv",
                             Path(work) / "floor.duckdb")
    else:
        from netwerk.ingest.pipeline import ingest_extract

        extract = Path(extract) if extract else Path(work) / "politie.csv"
        kw = {"chunk_bytes": int(chunk)} if chunk else {}  # else the library default (16 MiB)
        res = ingest_extract(Path(work) / "case.duckdb", extract, "politie", **kw)
        rows = res.rows_read
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)  # workers, once they have ended
    self_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 ** 2
    kid_gb = kids.ru_maxrss / 1024 ** 2
    n_kids = _workers(step, raw)
    return {"step": step, "rows": rows, "wall": wall,
            "cpu": cpu + kids.ru_utime + kids.ru_stime,
            "rss_gb": max(self_gb, kid_gb), "rss_sum_gb": self_gb + n_kids * kid_gb}


def _duckdb_floor(extract: Path, store: Path) -> int:
    """The ``duckdb`` step: DuckDB alone, no checks (see the module docstring). Returns rows."""
    from netwerk.store import connect

    targets = [("co_suspect", "medeverdachte_persoonsnummer", True),
               ("uses", "kenteken", False), ("uses", "telefoonnummer", False),
               ("uses", "pleegadres", False)]
    nodes = [("persoonsnummer", "person"), ("bsn", "person"), ("naam_geboortedatum", "person"),
             ("medeverdachte_persoonsnummer", "person"), ("kenteken", "vehicle"),
             ("telefoonnummer", "phone"), ("pleegadres", "address")]
    with connect(store) as con:
        con.begin()
        con.execute("CREATE TEMP TABLE x AS SELECT *, row_number() OVER () AS r FROM read_csv("
                    "?, delim=';', header=true, all_varchar=true, encoding='utf-8')", [str(extract)])
        for n, (kind, target, feit) in enumerate(targets):
            attrs = ("json_object('feit', feitomschrijving, 'registratienummer', registratienummer)"
                     if feit else "json_object('registratienummer', registratienummer)")
            con.execute(
                f"INSERT INTO relations SELECT {n} * 10000000 + r, persoonsnummer, {target}, "
                f"'{kind}', {str(feit).lower()}, 'politie', 1, 'politie.csv', r, "
                "strptime(pleegdatum, '%d-%m-%Y')::DATE, NULL, NULL, 'admiralty', "
                "betrouwbaarheid, informatie, 0.5, 'RIEC-convenant', 1.0, "
                f"{attrs}::VARCHAR FROM x WHERE {target} IS NOT NULL")
        union = " UNION ALL ".join(f"SELECT {c} AS node_id, '{k}' AS kind, r FROM x "
                                   f"WHERE {c} IS NOT NULL" for c, k in nodes)
        con.execute(f"INSERT INTO nodes SELECT node_id, arg_min(kind, r), node_id FROM ({union}) "
                    "GROUP BY node_id")
        con.execute("INSERT INTO node_sightings SELECT node_id, 'politie', 1 FROM nodes")
        con.execute("INSERT INTO node_attributes SELECT DISTINCT persoonsnummer, 'rol', rol, "
                    "'text', false, 'politie', 1 FROM x WHERE rol IS NOT NULL")
        con.execute("INSERT INTO identity_links SELECT DISTINCT * FROM (SELECT persoonsnummer, "
                    "bsn, 'politie', 1 FROM x WHERE bsn IS NOT NULL UNION ALL SELECT "
                    "persoonsnummer, naam_geboortedatum, 'politie', 1 FROM x "
                    "WHERE naam_geboortedatum IS NOT NULL)")
        (rows,) = con.execute("SELECT count(*) FROM x").fetchone()
        con.commit()
    return int(rows)


STEPS = ("pyarrow", "pseudonymise", "pseudonymise-2p", "ingest")
#: processes per step ("pseudonymise" runs the library default)
_WORKERS = {"pseudonymise-1p": 1, "pseudonymise-2p": 2}


def _workers(step: str, raw: str) -> int:
    """Forked worker processes the step used besides itself (pseudonymise of a quote-free CSV
    in more than one process)."""
    from netwerk.ingest.pseudonymise import _processes
    from netwerk.ingest.readers import plan_csv
    from netwerk.ingest.spec import load_spec

    if not step.startswith("pseudonymise") or plan_csv(raw, load_spec("politie")) is None:
        return 0
    return _processes(_WORKERS.get(step), Path(raw).stat().st_size) - 1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("raw", nargs="?", help="a raw politie.csv (make_sample_data.py --scale N)")
    ap.add_argument("--quick", action="store_true", help="make and use a 20k-row extract")
    ap.add_argument("--steps", default=",".join(STEPS),
                    help=f"comma-separated steps to run (default: {','.join(STEPS)})")
    ap.add_argument("--extract", default="",
                    help="ingest this pseudonymised politie extract (with its sidecar) instead of "
                         "the one the pseudonymise step writes")
    ap.add_argument("--chunk-bytes", default="", help="ingest's chunk_bytes (default 16 MiB)")
    ap.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(_child(*args.child)))
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="netwerk-ingest-bench-"))
    try:
        return _bench(ap, args, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)  # extracts, stores and the --quick file


def _bench(ap: argparse.ArgumentParser, args: argparse.Namespace, tmp: Path) -> int:
    raw = args.raw
    if raw is None:
        if not args.quick:
            ap.error("give a raw politie.csv or --quick")
        subprocess.run([sys.executable, str(Path(__file__).parents[1] / "scripts" /
                                            "make_sample_data.py"), "--scale", "20000",
                        "--out", str(tmp / "raw")], check=True, capture_output=True)
        raw = str(tmp / "raw" / "politie.csv")
    size_mb = Path(raw).stat().st_size / 1e6
    load_before = os.getloadavg()
    results = []
    steps = [s.strip() for s in args.steps.split(",") if s.strip()]
    if ({"ingest", "duckdb"} & set(steps)) and "pseudonymise" not in steps and not args.extract:
        ap.error("ingest and duckdb without the pseudonymise step need --extract")
    if "pyarrow" not in steps:
        steps.insert(0, "pyarrow")  # the floor every ratio is against
    for step in steps:
        with subprocess.Popen([sys.executable, __file__, "--child", step, raw, str(tmp),
                               args.extract, args.chunk_bytes],
                              stdout=subprocess.PIPE, text=True) as proc:
            pss_gb = _sample_pss(proc)
            stdout = proc.stdout.read()
        if proc.returncode:
            raise SystemExit(f"step {step} failed (exit {proc.returncode})")
        results.append({**json.loads(stdout.strip().splitlines()[-1]), "pss_gb": pss_gb})
    load_after = os.getloadavg()
    floor = results[0]
    print(f"input: {raw} ({size_mb:.0f} MB, {floor['rows']:,} rows); {os.cpu_count()} CPUs; "
          f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after")
    print(f"{'step':<17}{'wall s':>8}{'CPU s':>8}{'rows/s':>10}{'rows/CPU s':>12}"
          f"{'peak RSS GB':>13}{'sum peaks GB':>14}{'in use GB':>11}{'CPU x pyarrow':>15}")
    for r in results:
        print(f"{r['step']:<17}{r['wall']:>8.2f}{r['cpu']:>8.2f}{r['rows'] / r['wall']:>10,.0f}"
              f"{r['rows'] / max(r['cpu'], 1e-9):>12,.0f}{r['rss_gb']:>13.2f}"
              f"{r['rss_sum_gb']:>14.2f}{r['pss_gb']:>11.2f}"
              f"{r['cpu'] / max(floor['cpu'], 1e-9):>15.1f}")
    print("peak RSS: the largest process; sum peaks: each process's peak added up (peaks at "
          "different moments, pages shared after fork counted per process; Linux updates a "
          "peak lazily, so a short step's can be below 'in use'); in use: the largest total "
          "PSS of the step's processes, sampled every 100 ms")
    for r in results[1:]:
        if r["step"] == "duckdb":
            continue  # a floor, not a netwerk step
        ok = r["rows"] / r["wall"] >= 200_000 and max(r["pss_gb"], r["rss_gb"]) <= 1.0
        print(f"{r['step']} target (>= 200k rows/s, <= 1 GB in use): {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
