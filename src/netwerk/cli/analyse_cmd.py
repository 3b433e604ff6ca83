"""``netwerk analyse``: the vital-node report of a case store or an edge list, written to a folder."""

from __future__ import annotations

from pathlib import Path

import typer

from ..provenance import file_sha256, package_versions
from .main import app, console, err_console

__all__ = ["analyse"]

_EDGE_BETWEENNESS_MAX = 20_000  # exact edge betweenness above this many nodes takes too long


def _load(source: Path, *, src_col: str, tgt_col: str, directed: bool, weight: str | None,
          nodes: Path | None, node_id: str):
    import pandas as pd

    from ..errors import InputError, Reason
    from ..graph.network import Network

    if not source.exists():
        raise InputError("file not found", reason=Reason.FILE_NOT_FOUND, file=str(source))
    if source.suffix.lower() in (".duckdb", ".db"):
        return Network.from_case(str(source)), {"kind": "case store"}
    try:
        edges = pd.read_csv(source, dtype=str, sep=None, engine="python")
    except (pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read edge list: {exc}", file=str(source)) from exc
    if edges.empty:
        raise InputError("edge list has no rows", reason=Reason.EMPTY_FILE, file=str(source))
    node_table = None
    if nodes is not None:
        if not nodes.exists():
            raise InputError("file not found", reason=Reason.FILE_NOT_FOUND, file=str(nodes))
        node_table = pd.read_csv(nodes, dtype=str, sep=None, engine="python")
    for col in (src_col, tgt_col) + ((weight,) if weight else ()):
        if col not in edges.columns:
            raise InputError(f"column '{col}' missing; found: {', '.join(edges.columns)}",
                             reason=Reason.MISSING_COLUMN, file=str(source), column=col)
    net = Network.from_edges(edges, source=src_col, target=tgt_col, directed=directed,
                             weight=weight, nodes=node_table, node_id=node_id)
    return net, {"kind": "edge list", "edge_rows": len(edges),
                 "node_rows": None if node_table is None else len(node_table)}


@app.command("analyse")
def analyse(
    source: Path = typer.Argument(..., help="Case store (.duckdb) or edge-list CSV."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder for the report files."),
    source_col: str = typer.Option("source", "--source", help="Edge list: source column."),
    target_col: str = typer.Option("target", "--target", help="Edge list: target column."),
    directed: bool = typer.Option(False, "--directed", help="Edge list: ties are directed."),
    weight: str | None = typer.Option(None, "--weight", help="Edge list: weight column."),
    nodes: Path | None = typer.Option(None, "--nodes", help="Edge list: node attribute CSV."),
    node_id: str = typer.Option("id", "--node-id", help="Id column of --nodes."),
    group: str | None = typer.Option("stage", "--group", help="Node attribute for brokerage."),
    stages: str | None = typer.Option(None, "--stages",
                                      help="Ordered value-chain stages, comma-separated."),
    steps: int = typer.Option(10, "--steps", help="Disruption steps."),
    strategy: str = typer.Option("betweenness", "--strategy",
                                 help="Disruption strategy (degree, betweenness, eigenvector, "
                                      "pagerank, keyplayer, scarcity, random) or node ids a,b,c."),
    mode: str = typer.Option("sequential", "--mode", help="Disruption mode: sequential or block."),
    weights: Path | None = typer.Option(None, "--weights", help="YAML file of vital-score weights."),
    kinds: str | None = typer.Option(None, "--kinds",
                                     help="Node kinds to rank, comma-separated, or 'all' "
                                          "(default: persons and companies, else all)."),
    model: str | None = typer.Option(None, "--model",
                                     help="Barrier model (shipped name or YAML) whose stage rules "
                                          "and stages to use (default: the case's crime type)."),
    seed: int = typer.Option(0, "--seed", help="Seed of every random choice."),
) -> None:
    """Vital nodes, edge measures and a disruption curve, with a summary and provenance."""
    import json
    import time

    import numpy as np
    import pandas as pd
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from .. import __version__
    from ..analysis import bridges as find_bridges
    from ..analysis import disrupt, edge_betweenness, vital_nodes
    from ..analysis.vital import load_weights

    timings: dict[str, float] = {}
    t_start = time.perf_counter()
    net, info = _load(source, src_col=source_col, tgt_col=target_col, directed=directed,
                      weight=weight, nodes=nodes, node_id=node_id)
    timings["load"] = round(time.perf_counter() - t_start, 3)
    stage_list = [s.strip() for s in stages.split(",") if s.strip()] if stages else None
    if stage_list is None and net.meta.get("stages"):
        stage_list = list(net.meta["stages"])
    model_used = None
    model_name = model or net.meta.get("crime_type")
    if model_name:
        from ..errors import ConfigError
        from ..interventions.barriers import apply_stage_rules, load_barrier_model

        try:
            bm = load_barrier_model(model_name)
        except ConfigError:
            if model:  # asked for explicitly: say what is wrong
                raise
            bm = None
        if bm is not None:
            net = apply_stage_rules(net, bm)
            stage_list = stage_list or list(bm.stage_ids)
            model_used = str(model_name)
    if stage_list and "stage" not in net.nodes.columns:
        err_console.print("warning: nodes have no 'stage' attribute; value-chain analysis skipped "
                          "(give --model or stage the nodes)")
        stage_list = None
    grp = group if group and group in net.nodes.columns else None
    if group and grp is None and group != "stage":
        err_console.print(f"warning: nodes have no attribute '{group}'; brokerage skipped")
    kind_arg: object
    if kinds is None:
        kind_arg = {}
    elif kinds.strip().lower() == "all":
        kind_arg = {"kinds": None}
    else:
        kind_arg = {"kinds": [k.strip() for k in kinds.split(",") if k.strip()]}
    w, _ = load_weights(weights)
    out.mkdir(parents=True, exist_ok=True)

    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/"
                  "{task.total}"), TimeElapsedColumn(), console=err_console,
                  transient=True) as progress:
        task = progress.add_task("vital nodes", total=3 + steps)
        t0 = time.perf_counter()
        vital = vital_nodes(net, weights=weights, group=grp, stages=stage_list, seed=seed,
                            **kind_arg)
        timings["vital_nodes"] = round(time.perf_counter() - t0, 3)
        progress.update(task, advance=1, description="edge measures")
        t0 = time.perf_counter()
        g = net.simple_graph
        ids = net.nodes.index.to_numpy()
        el = np.asarray(g.get_edgelist(), dtype=np.int64).reshape(-1, 2)
        edges = pd.DataFrame({"source": ids[el[:, 0]], "target": ids[el[:, 1]],
                              "weight": g.es["weight"] if g.ecount() else [],
                              "records": g.es["records"] if g.ecount() else [],
                              "kinds": g.es["kinds"] if g.ecount() else []})
        if net.n_nodes <= _EDGE_BETWEENNESS_MAX:
            edges["edge_betweenness"] = edge_betweenness(net)["edge_betweenness"].to_numpy()
            eb_note = "exact (networkx normalisation)"
        else:
            edges["edge_betweenness"] = np.nan
            eb_note = f"skipped above {_EDGE_BETWEENNESS_MAX} nodes"
        edges["bridge"] = False
        br = find_bridges(net)
        if len(br):
            edges.loc[br.index.to_numpy(), "bridge"] = True
        timings["edges"] = round(time.perf_counter() - t0, 3)
        progress.update(task, advance=1, description=f"disruption ({strategy})")
        t0 = time.perf_counter()
        strat: str | list[str] = (
            [x.strip() for x in strategy.split(",") if x.strip()] if "," in strategy else strategy)
        dis = disrupt(net, strategy=strat, steps=steps, mode=mode, stages=stage_list,
                      group=grp or "stage", seed=seed,
                      progress=lambda _s: progress.update(task, advance=1))
        timings["disruption"] = round(time.perf_counter() - t0, 3)

    vital.to_csv(out / "nodes.csv", index_label="id")
    edges.to_csv(out / "edges.csv", index_label="edge")
    dis.curve.to_csv(out / "disruption.csv", index=False)

    def _jsonable(x):
        if isinstance(x, dict):
            return {str(k): _jsonable(v) for k, v in x.items()}
        if isinstance(x, list | tuple):
            return [_jsonable(v) for v in x]
        if isinstance(x, np.generic):
            return x.item()
        return x

    top = vital.head(10)
    summary = {
        "source": str(source),
        "network": net.summary(),
        "ranked": int(len(vital)),
        "top_vital": [{"id": i, "rank": int(r["rank"]),
                       "vital_score": round(float(r["vital_score"]), 4), "kind": r["kind"],
                       "reason": r["reason"]} for i, r in top.iterrows()],
        "methods": {"vital_nodes": vital.attrs.get("method"),
                    "measures": vital.attrs.get("methods"),
                    "weights": vital.attrs.get("weights"),
                    "weights_source": vital.attrs.get("weights_source"),
                    "components_dropped": vital.attrs.get("components_dropped"),
                    "edge_betweenness": eb_note, "disruption": dis.method},
        "stages": stage_list, "group": grp, "barrier_model": model_used,
        "disruption": {"strategy": strategy, "steps": steps, "mode": mode,
                       "final_lcc_share": float(dis.curve["lcc_share"].iloc[-1])},
        "timings": {**timings, "vital_parts": vital.attrs.get("timings")},
    }
    (out / "summary.json").write_text(json.dumps(_jsonable(summary), indent=2, default=str),
                                      encoding="utf-8")
    inputs = [{"file": str(source), "sha256": file_sha256(source) if source.is_file() else None}]
    if nodes is not None:
        inputs.append({"file": str(nodes), "sha256": file_sha256(nodes)})
    prov = {
        "tool": f"netwerk {__version__}", "command": "analyse",
        "created": pd.Timestamp.now(tz="UTC").isoformat(),
        "inputs": inputs,
        "rows": {**{k: v for k, v in info.items() if k != "kind"}, "nodes": net.n_nodes,
                 "relations": net.n_edges, "ranked": int(len(vital)), "edges_out": len(edges),
                 "disruption_rows": len(dis.curve)},
        "source_kind": info["kind"],
        "config": {"weights_sha256_16": vital.attrs.get("weights_hash"),
                   "weights_source": vital.attrs.get("weights_source"), "weights": w,
                   "group": grp, "stages": stage_list, "strategy": strategy, "steps": steps,
                   "mode": mode, "kinds": kinds, "barrier_model": model_used},
        "case_imports": [{k: imp.get(k) for k in ("import_id", "file", "file_sha256", "sha256",
                                                  "partner", "spec", "key_fingerprint")
                          if k in imp}
                         for imp in (net.meta.get("imports") or []) if isinstance(imp, dict)],
        "config_sha256": None,
        "seed": seed,
        "key_fingerprint": net.meta.get("key_fingerprint"),
        "versions": package_versions(),
    }
    import hashlib

    prov["config_sha256"] = hashlib.sha256(json.dumps(_jsonable(prov["config"]), sort_keys=True,
                                                      default=str).encode()).hexdigest()
    (out / "provenance.json").write_text(json.dumps(_jsonable(prov), indent=2, default=str),
                                         encoding="utf-8")
    console.print(f"analysed {net.n_nodes} nodes, {net.n_edges} relations -> {out}")
    for r in summary["top_vital"][:5]:
        console.print(f"  {r['rank']:>2}. {r['id']}  {r['vital_score']:.3f}  {r['reason']}",
                      highlight=False, markup=False)
