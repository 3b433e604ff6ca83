"""Timing of the planning pipeline (vital nodes → candidates → package → action plan) at scale.

Usage::

    python benchmarks/bench_plan.py                   # 1k and 10k nodes
    python benchmarks/bench_plan.py --sizes 1000 10000 100000
    python benchmarks/bench_plan.py --sizes 1000 --repeat 3 --json out.json
    python benchmarks/bench_plan.py --keyplayer 1000 10000   # key players, k = 5, fragmentation

Standalone: it builds its own synthetic *cannabis-like* case networks (no case store needed),
applies the shipped ``cannabis`` barrier model's stage rules once (as ``netwerk plan`` does via
``netwerk.open_case``) and times each step of the pipeline with the defaults of
``netwerk plan`` (top 20 vital nodes, ``max_actions=8``, every partner 20 person-days, seed 0).
Wall time and CPU time (this process) are printed per step: the machine is shared, so CPU time
is the fairer figure when other jobs run.

The generated network: cells of suspects (heavy-tailed sizes) that each lean to one stage of the
cannabis chain (police ``rol`` labels: financier, pandbeschikbaarsteller, elektricien, growshop
holder, kweker, dealer, katvanger, ...); a few straw men directing many companies; companies with
SBI codes; properties, addresses, phones, vehicles and accounts tied by the data model's relation
kinds (``co_suspect``, ``director_of``, ``rents``, ``owns``, ``uses``, ``registered_at``,
``established_at``, ``located_at``, ``transacts_with``, ``holds_permit``). Average degree ≈ 4–5,
as in the sample cases. Electricians are kept scarce (≈ 0.2 % of the persons, at least 2).
This is not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROLES = {  # stage -> (police role labels, share of the persons)
    "financing": (["financier", "geldschieter", "investeerder"], 0.04),
    "location": (["pandbeschikbaarsteller", "verhuurder", "pandeigenaar"], 0.10),
    "electricity": (["elektricien", "aftapper"], 0.002),
    "equipment": (["growshophouder", "leverancier apparatuur"], 0.03),
    "cultivation": (["hennepkweker", "kweker", "thuisteler", "knipper", "verzorger"], 0.40),
    "sale": (["handelaar", "koerier", "afnemer", "dealer", "tussenpersoon"], 0.30),
    "laundering": (["katvanger", "stroman", "witwasser", "facilitator", "boekhouder"], 0.08),
}
SBI = ["6420", "6820", "4321", "4776", "4941", "5630", "9602", "4511", "4719", "6201", "4120"]
KIND_SHARE = {"person": 0.45, "company": 0.12, "address": 0.17, "property": 0.08, "phone": 0.08,
              "vehicle": 0.06, "account": 0.04}


def cannabis_like(n: int, *, seed: int = 0):
    """A synthetic cannabis-like case network of about ``n`` nodes (see the module docstring)."""
    from netwerk.graph.network import Network

    rng = np.random.default_rng(seed)
    kinds = list(KIND_SHARE)
    counts = {k: max(3, int(round(n * s))) for k, s in KIND_SHARE.items()}
    counts["person"] += n - sum(counts.values())
    prefix = {"person": "PER", "company": "ORG", "address": "ADR", "property": "OBJ",
              "phone": "TEL", "vehicle": "VTG", "account": "REK"}
    ids = {k: np.array([f"{prefix[k]}-{i:07d}" for i in range(counts[k])], dtype=object)
           for k in kinds}
    npers = counts["person"]
    # persons: roles by stage, electricians scarce
    stages = list(ROLES)
    p = np.array([ROLES[s][1] for s in stages])
    p = p / p.sum()
    stage_i = rng.choice(len(stages), size=npers, p=p)
    n_elec = max(2, int(npers * ROLES["electricity"][1]))
    stage_i[stage_i == stages.index("electricity")] = stages.index("cultivation")
    stage_i[rng.choice(npers, size=n_elec, replace=False)] = stages.index("electricity")
    rol = np.empty(npers, dtype=object)
    for si, s in enumerate(stages):
        m = stage_i == si
        rol[m] = rng.choice(ROLES[s][0], size=int(m.sum()))
    unknown = rng.random(npers) < 0.15  # persons without a police role label
    rol[unknown] = None
    # cells: heavy-tailed sizes; co_suspect ties mostly inside a cell (Chung–Lu weights)
    sizes = np.maximum(2, rng.lognormal(2.3, 0.7, size=npers // 5 + 1)).astype(np.int64)
    cell = np.repeat(np.arange(len(sizes)), sizes)[:npers]
    if len(cell) < npers:
        cell = np.concatenate([cell, np.full(npers - len(cell), len(sizes))])
    rng.shuffle(cell)
    theta = rng.pareto(1.5, size=npers) + 1.0
    m_co = int(npers * 1.6)
    a = rng.choice(npers, size=m_co, p=theta / theta.sum())
    order = np.argsort(cell, kind="stable")
    cs = cell[order]
    start = np.searchsorted(cs, cell[a], side="left")
    stop = np.searchsorted(cs, cell[a], side="right")
    b_in = order[start + (rng.random(m_co) * (stop - start)).astype(np.int64)]
    b_out = rng.choice(npers, size=m_co, p=theta / theta.sum())
    b = np.where(rng.random(m_co) < 0.8, b_in, b_out)
    # electricians and financiers serve many cells
    for s, k in (("electricity", 25), ("financing", 4)):
        who = np.flatnonzero(stage_i == stages.index(s))
        extra_a = np.repeat(who, k)
        extra_b = rng.choice(npers, size=len(extra_a), p=theta / theta.sum())
        a, b = np.concatenate([a, extra_a]), np.concatenate([b, extra_b])
    rows = [pd.DataFrame({"s": ids["person"][a], "t": ids["person"][b], "kind": "co_suspect"})]

    def tie(src_kind, src_idx, dst_kind, dst_idx, kind):
        rows.append(pd.DataFrame({"s": ids[src_kind][src_idx], "t": ids[dst_kind][dst_idx],
                                  "kind": kind}))

    nc = counts["company"]
    # directors: straw men (katvanger/stroman) direct many companies, others one
    straw = np.flatnonzero(np.isin(rol, ["katvanger", "stroman"]))
    d_person = np.where(rng.random(nc) < 0.35, rng.choice(straw, size=nc) if len(straw) else
                        rng.integers(0, npers, nc), rng.integers(0, npers, nc))
    tie("person", d_person, "company", np.arange(nc), "director_of")
    tie("person", rng.integers(0, npers, nc // 3), "company", rng.integers(0, nc, nc // 3),
        "shareholder_of")
    tie("company", np.arange(nc), "address", rng.integers(0, counts["address"], nc),
        "established_at")
    tie("person", np.arange(npers), "address", rng.integers(0, counts["address"], npers),
        "registered_at")
    npr = counts["property"]
    grow = np.flatnonzero(np.isin(stage_i, [stages.index("cultivation"), stages.index("location")]))
    tie("person", rng.choice(grow, size=npr), "property", np.arange(npr), "rents")
    tie("person", rng.choice(grow, size=npr // 2), "property", rng.integers(0, npr, npr // 2), "owns")
    tie("property", np.arange(npr), "address", rng.integers(0, counts["address"], npr), "located_at")
    tie("person", rng.integers(0, npers, counts["phone"]), "phone", np.arange(counts["phone"]), "uses")
    tie("person", rng.integers(0, npers, counts["vehicle"]), "vehicle",
        np.arange(counts["vehicle"]), "uses")
    tie("person", rng.integers(0, npers, counts["account"]), "account",
        np.arange(counts["account"]), "owns")
    tie("person", rng.integers(0, npers, nc), "company", rng.integers(0, nc, nc), "transacts_with")
    tie("company", rng.integers(0, nc, nc // 10), "property", rng.integers(0, npr, nc // 10),
        "holds_permit")
    e = pd.concat(rows, ignore_index=True)
    e = e[e["s"] != e["t"]].rename(columns={"s": "source", "t": "target"}).reset_index(drop=True)
    node_rows = []
    for k in kinds:
        df = pd.DataFrame(index=pd.Index(ids[k], name="id"))
        df["kind"] = k
        node_rows.append(df)
    nodes = pd.concat(node_rows)
    nodes["rol"] = pd.Series(dtype=object)
    nodes.loc[ids["person"], "rol"] = rol
    nodes["sbi"] = pd.Series(dtype=object)
    nodes.loc[ids["company"], "sbi"] = rng.choice(SBI, size=nc)
    nodes["rol"] = nodes["rol"].astype(object)
    nodes["sbi"] = nodes["sbi"].astype(object)
    return Network(nodes=nodes, edges=e, directed=False,
                   meta={"source": "benchmarks/bench_plan.py", "crime_type": "cannabis"})


def _timed(fn, *a, **k):
    w, c = time.perf_counter(), time.process_time()
    out = fn(*a, **k)
    return out, time.perf_counter() - w, time.process_time() - c


def run(n: int, seed: int = 0, max_actions: int = 8, top: int = 20,
        efficiency_sources: int | None = None) -> dict:

    from netwerk.analysis import vital_nodes
    from netwerk.interventions import (
        action_plan,
        apply_stage_rules,
        barrier_matrix,
        candidate_interventions,
        load_barrier_model,
        select_package,
    )

    net, t_gen, _ = _timed(cannabis_like, n, seed=seed)
    model = load_barrier_model("cannabis")
    row: dict = {"nodes": net.n_nodes, "relations": net.n_edges, "generate_s": t_gen}
    staged, w, c = _timed(apply_stage_rules, net, model)
    row["stages"] = (w, c)
    vital, w, c = _timed(vital_nodes, staged, group="stage", stages=model.stage_ids, seed=seed)
    row["vital_nodes"] = (w, c)
    _, w, c = _timed(barrier_matrix, staged, model, vital=vital, top=top)
    row["barrier_matrix"] = (w, c)
    cands, w, c = _timed(candidate_interventions, staged, model, vital=vital, top=top, seed=seed,
                         efficiency_sources=efficiency_sources)
    row["candidates"] = (w, c)
    row["n_candidates"] = len(cands)
    pkg, w, c = _timed(select_package, staged, model, max_actions=max_actions, vital=vital,
                       top=top, seed=seed, candidates=cands,
                       efficiency_sources=efficiency_sources)
    row["package"] = (w, c)
    _, w, c = _timed(action_plan, pkg, staged, model, vital=vital)
    row["action_plan"] = (w, c)
    steps = ["vital_nodes", "candidates", "package", "action_plan"]
    row["pipeline"] = (sum(row[s][0] for s in steps), sum(row[s][1] for s in steps))
    row["objective"] = float(pkg.effect["objective"])
    row["package_actions"] = [f"{t}:{a}" for t, a in zip(pkg.actions["target"],
                                                        pkg.actions["action_id"], strict=True)]
    row["efficiency"] = pkg.params.get("efficiency", "")
    return row


def keyplayer(n: int, *, seed: int = 0, k: int = 5, peer: bool = True) -> dict:
    """Key players (KPP-Neg, fragmentation, k = 5) on the same network: swaps scored from
    block-cut trees (netwerk's default) against recomputing components per swap (the peer, the
    previous implementation; skipped when ``peer`` is False), same seed and start."""
    from netwerk.analysis.keyplayer import key_players

    net = cannabis_like(n, seed=seed)
    row: dict = {"nodes": net.n_nodes, "relations": net.n_edges, "k": k}
    fast, w, c = _timed(key_players, net, k, seed=seed, baseline="degree")
    row["blockcut"] = (w, c)
    row["score"] = fast.score
    row["swap_rounds"] = fast.params["swap_rounds"]
    if peer:
        ref, w, c = _timed(key_players, net, k, seed=seed, baseline="degree",
                           swap_scoring="recompute")
        row["recompute"] = (w, c)
        row["same_set"] = fast.nodes == ref.nodes
        row["same_score"] = fast.score == ref.score
    _, w, c = _timed(key_players, net, k, seed=seed)   # with the betweenness comparison set
    row["with_betweenness_baseline"] = (w, c)
    return row


def screen_accuracy(n: int, *, seed: int = 0) -> dict:
    """The package chosen with screening (as on networks above ``SCREEN_ABOVE`` nodes, with 64
    efficiency sources) against the one chosen with full measures (256 sources), on the same
    network; both scored with the full measures."""
    import netwerk.interventions.effects as fx
    from netwerk.analysis import vital_nodes
    from netwerk.interventions import apply_stage_rules, load_barrier_model, select_package
    from netwerk.interventions.effects import Evaluator
    from netwerk.interventions.objective import IntegratedObjective

    model = load_barrier_model("cannabis")
    staged = apply_stage_rules(cannabis_like(n, seed=seed), model)
    vital = vital_nodes(staged, group="stage", stages=model.stage_ids, seed=seed)
    row: dict = {"nodes": staged.n_nodes}
    full, w, c = _timed(select_package, staged, model, vital=vital, seed=seed)
    row["full"] = (w, c)
    old = fx.SCREEN_ABOVE
    fx.SCREEN_ABOVE = 0
    try:
        screened_net = apply_stage_rules(cannabis_like(n, seed=seed), model)
        scr, w, c = _timed(select_package, screened_net, model, vital=vital, seed=seed,
                           efficiency_sources=64)
    finally:
        fx.SCREEN_ABOVE = old
    row["screened"] = (w, c)
    ev = Evaluator(staged, model, seed=seed)
    obj = IntegratedObjective(ev)

    def acts(p):
        return list(zip(p.actions["target"], p.actions["action_id"], strict=True))

    row["objective_full"] = obj.objective(acts(full))
    row["objective_screened"] = obj.objective(acts(scr))
    row["same_actions"] = len(set(acts(full)) & set(acts(scr)))
    row["actions"] = len(full.actions)
    return row


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--max-actions", type=int, default=8)
    ap.add_argument("--efficiency-sources", type=int, default=None,
                    help="Source nodes of the efficiency estimate (default: the library's, 256).")
    ap.add_argument("--json", type=Path, default=None, help="Also write the rows as JSON.")
    ap.add_argument("--keyplayer", type=int, nargs="+", default=None,
                    help="Time key players (k=5, fragmentation) at these sizes instead; the "
                         "recompute peer runs up to 2,000 nodes.")
    ap.add_argument("--screen-accuracy", type=int, nargs="+", default=None,
                    help="Compare the screened package with the fully measured one at these sizes.")
    args = ap.parse_args(argv)
    if args.screen_accuracy:
        for n in args.screen_accuracy:
            r = screen_accuracy(n, seed=args.seed)
            print(f"{r['nodes']:>8} nodes: full {r['full'][0]:.1f}/{r['full'][1]:.1f} s, screened "
                  f"{r['screened'][0]:.1f}/{r['screened'][1]:.1f} s; objective (full measures) "
                  f"{r['objective_full']:.4f} vs {r['objective_screened']:.4f}; "
                  f"{r['same_actions']} of {r['actions']} actions the same", flush=True)
        return
    if args.keyplayer:
        print("key players, k=5, fragmentation; seconds wall / CPU (machine shared)")
        rows = []
        for n in args.keyplayer:
            r = keyplayer(n, seed=args.seed, peer=n <= 2_000)
            rows.append(r)
            peer = (f"recompute {r['recompute'][0]:.2f}/{r['recompute'][1]:.2f}  ratio "
                    f"{r['recompute'][1] / max(r['blockcut'][1], 1e-9):.0f}x CPU  same set "
                    f"{r['same_set']}, same F {r['same_score']}" if "recompute" in r else "")
            print(f"{r['nodes']:>8} nodes {r['relations']:>8} ties  block-cut "
                  f"{r['blockcut'][0]:.2f}/{r['blockcut'][1]:.2f}  rounds {r['swap_rounds']}  "
                  f"F {r['score']:.5f}  {peer}  (+ betweenness comparison set: "
                  f"{r['with_betweenness_baseline'][0]:.2f}/"
                  f"{r['with_betweenness_baseline'][1]:.2f})", flush=True)
        if args.json:
            args.json.write_text(json.dumps(rows, indent=1, default=str), encoding="utf-8")
        return
    cols = ["stages", "vital_nodes", "barrier_matrix", "candidates", "package", "action_plan",
            "pipeline"]
    print("times in seconds, wall / CPU; pipeline = vital_nodes + candidates + package + "
          "action_plan", flush=True)
    head = f"{'nodes':>8} {'ties':>8} {'cands':>6} " + " ".join(f"{c:>15}" for c in cols) \
        + f" {'objective':>9}"
    print(head)
    rows = []
    for n in args.sizes:
        r = run(n, seed=args.seed, max_actions=args.max_actions,
                efficiency_sources=args.efficiency_sources)
        rows.append(r)
        cells = " ".join(f"{r[c][0]:7.2f}/{r[c][1]:<7.2f}" for c in cols)
        print(f"{r['nodes']:>8} {r['relations']:>8} {r['n_candidates']:>6} {cells} "
              f"{r['objective']:9.3f}  ({r['efficiency']})", flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
