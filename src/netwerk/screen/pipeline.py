"""``netwerk screen``: from whole registers to a ranked list of clusters and one case store per
top cluster, on DuckDB (default) or Spark.

Stages (timed one by one in the provenance record):

1. **stage** — every extract read with netwerk's reader, leak-guarded and mapped with the rules of
   ``netwerk ingest`` (:mod:`netwerk.screen.stage`), to Parquet with 64-bit node ids.
   **load** — the engine takes the few columns the set work needs (relation endpoints, kinds,
   rows, start dates; identity links) as tables; the wide records stay in the staged Parquet
   files, read again only for the top clusters.
2. **ids** — node kinds per id and the collision check of the 64-bit mapping.
3. **hubs** — nodes above their kind's degree threshold: flagged, listed, set aside.
4. **indicators** — red flags with evidence rows (:mod:`netwerk.screen.indicators`).
5. **seeds** — k-hop neighbourhoods of flagged subjects in the screening graph (relation-kind
   filter, hubs removed), then connected components of that graph
   (:func:`netwerk.screen.graph.connected_components`): the clusters.
6. **score** — indicator counts per cluster, score, rank.
7. **cases** — the top clusters' records as clustered Parquet datasets plus index, then one case
   store per cluster (:mod:`netwerk.screen.cases`); ``screening.csv``, ``evidence.csv``,
   ``hubs.csv``, ``extracts.csv``, ``rejects.csv`` and ``provenance.json`` (the one
   provenance record, :mod:`netwerk.provenance`).

Serves the principle *less is more*: from millions of register records to the few clusters that
deserve a case meeting, each with the evidence that made it stand out.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import math
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from .. import errors as _errors
from ..errors import NetwerkError, StoreError
from ..i18n import N_, _, language, using
from ..io import write_csv
from ..privacy import mask_name
from ..provenance import input_record, provenance_record, write_provenance
from .cases import CASE_TABLES, write_case_store
from .config import INDICATORS, ScreenConfig, load_config
from .engines import Engine, make_engine
from .graph import connected_components, neighbourhoods
from .indicators import _in, compute_flags, hub_contacts, hub_table
from .stage import STAGE_RESULT, Extract, collect_extracts, stage_extract

__all__ = ["screen", "ScreenResult", "SCREENING_COLUMNS", "STEP_LABELS"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

#: columns of screening.csv
SCREENING_COLUMNS = ["rank", "cluster", "size", "persons", "companies", "addresses",
                     "properties", "other_nodes", *INDICATORS, "evidence_rows", "score",
                     "status", "case_store"]

Progress = Callable[[str, float], None]
#: The steps :func:`screen` reports to ``progress`` (and times in ``timings``), with the name
#: users read (Dutch message ids, :mod:`netwerk.i18n`).
STEP_LABELS = {"stage": N_("extracten klaarzetten"), "load": N_("laden"),
               "ids": N_("identificatoren"), "hubs": N_("hubs"), "indicators": N_("indicatoren"),
               "neighbourhoods": N_("omgevingen"), "components": N_("clusters"),
               "score": N_("scoren"), "case_data": N_("casusgegevens"),
               "case_stores": N_("casusopslagen"), "write": N_("wegschrijven")}

#: the columns of the relation records the set work uses (indicators, hubs, graph)
REL_COLUMNS = ["x", "rownum", "src_id", "dst_id", "kind", "vf"]

#: above this many input bytes, DuckDB stages the extracts in parallel worker processes
PARALLEL_BYTES = 32 * 2**20


@dataclass
class ScreenResult:
    """What a screening wrote and measured."""

    out: Path
    screening: pd.DataFrame
    cases: dict[str, Path]
    extracts: pd.DataFrame
    hubs: int
    timings: dict[str, float] = field(default_factory=dict)
    provenance: dict[str, Any] = field(default_factory=dict)


def _stage_task(task: dict) -> dict:
    """:func:`stage_extract`, with a deliberate netwerk error passed back as data (Spark would
    otherwise bury it in a Java stack trace)."""
    try:
        with using(task.get("lang") or language()):  # a worker process speaks the caller's language
            return {**stage_extract(task), "error": None}
    except NetwerkError as exc:
        return {"x": int(task["x"]), "file": mask_name(Path(task["path"]).name,
                                                       task.get("patterns")),
                "error": json.dumps({
            "type": type(exc).__name__, "message": exc.message, "reason": str(exc.reason),
            "file": exc.file, "row": exc.row, "column": exc.column})}


def _raise_task_error(payload: str) -> None:
    e = json.loads(payload)
    cls = getattr(_errors, e["type"], NetwerkError)
    if not (isinstance(cls, type) and issubclass(cls, NetwerkError)):
        cls = NetwerkError
    raise cls(e["message"], reason=_errors.Reason(e["reason"]), file=e["file"], row=e["row"],
              column=e["column"])


def stage_parts(size: int, total: int, slots: int) -> int:
    """Tasks an extract of ``size`` bytes is staged in, out of ``total`` bytes on ``slots``
    parallel task slots: more than one when the extract alone would take most of a fair share
    (a national KvK extract is about half of a screening's input), at most ``slots`` and 8.

    Examples
    --------
    >>> stage_parts(510, 1200, 2), stage_parts(280, 1200, 2), stage_parts(510, 1200, 1)
    (2, 1, 1)
    """
    if slots <= 1 or total <= 0:
        return 1
    return max(1, min(slots, 8, math.ceil(size / (0.7 * total / slots))))


def _cluster_id(label: int) -> str:
    return f"S-{int(label):016x}"


def screen(inputs: list[str | Path], out: str | Path, *, engine: str = "duckdb",
           master: str | None = None, top: int = 20, config: str | Path | dict | None = None,
           work: str | Path | None = None, memory_limit: str | None = None,
           threads: int | None = None, spark_conf: dict[str, str] | None = None, spark=None,
           batch_rows: int = 500_000, keep_work: bool = False, checkpoints: str = "auto",
           progress: Progress | None = None) -> ScreenResult:
    """Screen pseudonymised registers for clusters worth a case.

    Parameters
    ----------
    inputs : list of path
        Manifests or folders of pseudonymised extracts (CSV/XLSX/Parquet with sidecars), all under
        one key.
    out : path
        Output folder: ``screening.csv``, ``evidence.csv``, ``hubs.csv``, ``extracts.csv``,
        ``rejects.csv``, ``provenance.json`` and ``cases/<cluster>.duckdb``.
    engine : {"duckdb", "spark"}
        Where the set work runs. The results are the same on both.
    master : str, optional
        Spark master (e.g. ``"local[2]"``); ``None``: the active session (``spark-submit``) or
        local[2].
    top : int
        Case stores for the ``top`` highest-scoring clusters (0: none).
    config : path or dict, optional
        Screening configuration (:func:`~netwerk.screen.config.load_config`).
    work : path, optional
        Folder for intermediate data (default ``out/work``, removed afterwards unless
        ``keep_work``). On a Spark cluster: a folder every executor can reach.
    memory_limit, threads : optional
        DuckDB settings.
    spark_conf : dict, optional
        Settings for a new Spark session.
    spark : SparkSession, optional
        A session to use.
    batch_rows : int
        Rows mapped at a time per extract.
    keep_work : bool
        Keep the intermediate data (the staged extracts and the case datasets).
    checkpoints : {"auto", "reliable", "local"}
        Spark only: how each iteration is checkpointed (``auto``: local in local mode, else
        reliable, in the session's checkpoint directory or ``work/checkpoints``).
    progress : callable(stage, fraction), optional

    Returns
    -------
    ScreenResult

    Raises
    ------
    InputError, LeakError, KeyMismatchError, SpecError
        As ``netwerk ingest`` for the extracts.
    ConfigError
        Invalid configuration; Spark asked for without pyspark or Java.
    StoreError
        Two pseudonyms share a 64-bit id (a collision; never seen in practice).

    Examples
    --------
    >>> res = screen(["registers/manifest.yaml"], "screening", top=10)  # doctest: +SKIP
    >>> res.screening.head()  # doctest: +SKIP
    """
    cfg: ScreenConfig = load_config(config)
    out = Path(out)
    made = [d for d in (out, *out.parents) if not d.exists()]
    out.mkdir(parents=True, exist_ok=True)
    work_dir = Path(work) if work else out / "work"
    shutil.rmtree(work_dir / "staging", ignore_errors=True)
    shutil.rmtree(work_dir / "case_data", ignore_errors=True)
    started = dt.datetime.now(dt.UTC).replace(microsecond=0)
    timings: dict[str, float] = {}
    clock = [time.perf_counter()]

    def lap(name: str, frac: float) -> None:
        now = time.perf_counter()
        timings[name] = round(now - clock[0], 3)
        clock[0] = now
        log.info(_("screening: stap '{stap}' klaar in {s:.1f} s", stap=_(STEP_LABELS[name]),
                   s=timings[name]))
        if progress:
            progress(name, frac)

    done = False
    try:  # the intermediate data goes on every way out: a refusal, an error, Ctrl-C
        work_dir.mkdir(parents=True, exist_ok=True)
        extracts = collect_extracts(list(inputs))
        eng = make_engine(engine, work_dir, master=master, memory_limit=memory_limit,
                          threads=threads, spark_conf=spark_conf, spark=spark,
                          checkpoints=checkpoints)
        try:
            result = _run(eng, cfg, extracts, out, work_dir, top, batch_rows, lap, started,
                          timings)
        finally:
            eng.close()
        done = True
    finally:
        if not keep_work or not done:
            for sub in ("staging", "case_data", "checkpoints", "spill"):
                shutil.rmtree(work_dir / sub, ignore_errors=True)
            if work is None:
                shutil.rmtree(work_dir, ignore_errors=True)
        if not done:
            for d in made:  # folders this run made, when left empty
                with contextlib.suppress(OSError):
                    d.rmdir()
    return result


def _run(eng: Engine, cfg: ScreenConfig, extracts: list[Extract], out: Path, work: Path,
         top: int, batch_rows: int, lap, started: dt.datetime,
         timings: dict[str, float]) -> ScreenResult:
    # 1. stage ------------------------------------------------------------------------------
    sizes = {e.x: e.path.stat().st_size for e in extracts}
    total = sum(sizes.values())
    big = total > PARALLEL_BYTES
    slots = eng.task_slots if big else 1
    tasks = []
    for e in extracts:
        n = stage_parts(sizes[e.x], total, slots)
        tasks += [(sizes[e.x] / n, -k, {**e.task(work, batch_rows, k, n), "lang": language()})
                  for k in range(n)]
    # largest first, so parallel workers finish together
    tasks = [t for _w, _k, t in sorted(tasks, key=lambda t: (-t[0], t[1]))]
    staged = eng.run_tasks(_stage_task, tasks, {**STAGE_RESULT, "error": "string"},
                           parallel=big)
    staged = staged.sort_values(["x", "part"]).reset_index(drop=True)
    for payload in staged["error"].dropna():
        _raise_task_error(payload)
    # the parts of an extract add up to the extract
    agg = {c: "sum" for c in ("rows_read", "rows_used", "duplicates", "rejected", "relations",
                              "nodes", "links", "leak_findings")}
    staged = staged.groupby("x", as_index=False, sort=True).agg(
        {**agg, "file": "first", "seconds": "max", "error": "first"})
    staged = staged[[c for c in STAGE_RESULT if c != "part"] + ["error"]]
    lap("stage", 0.25)
    # the set work needs few columns: only those are loaded (the whole records of the few top
    # clusters are read from the staged files when their case data is written)
    st = work / "staging"
    eng.read_parquet("rel", st / "relations", columns=REL_COLUMNS)
    eng.read_parquet("rel_all", st / "relations", materialise=False)
    eng.read_parquet("nodes", st / "nodes", materialise=False)
    eng.read_parquet("attrs", st / "attributes", materialise=False)
    eng.read_parquet("links", st / "links")
    eng.read_parquet("rejects", st / "rejects")
    lap("load", 0.3)

    # 2. ids --------------------------------------------------------------------------------
    # two pseudonyms on one id differ in their smallest and largest text (cheaper than counting
    # distinct texts per id)
    eng.create("nkind", "SELECT id, MIN(kind) AS kind, MIN(node_id) AS node_id, "
                        "MIN(node_id) <> MAX(node_id) AS clash FROM nodes GROUP BY id")
    n_nodes, n_rel, clashes = (int(v) for v in eng.fetch(
        "SELECT (SELECT COUNT(*) FROM nkind) AS nodes, (SELECT COUNT(*) FROM rel) AS rel, "
        "(SELECT COUNT(*) FROM nkind WHERE clash) AS clashes").iloc[0])
    if clashes:
        raise StoreError(_("{n} 64-bits knooppunt-id('s) worden door twee pseudoniemen gedeeld "
                           "(een hashbotsing); meld dit: de screening kan niet veilig verder",
                           n=clashes))
    lap("ids", 0.35)

    # 3. hubs, 4. indicators ----------------------------------------------------------------
    hub_table(eng, cfg)
    lap("hubs", 0.4)
    compute_flags(eng, cfg)
    hub_contacts(eng, cfg)
    lap("indicators", 0.5)

    # 5. seeds, neighbourhoods, components ----------------------------------------------------
    kinds = _in(cfg.graph.relation_kinds)
    eng.create("g", f"""
        SELECT DISTINCT LEAST(e.a, e.b) AS a, GREATEST(e.a, e.b) AS b
        FROM (SELECT src_id AS a, dst_id AS b FROM rel WHERE kind IN ({kinds})
              UNION ALL SELECT a_id AS a, b_id AS b FROM links) e
        LEFT JOIN hubs h1 ON h1.id = e.a LEFT JOIN hubs h2 ON h2.id = e.b
        WHERE h1.id IS NULL AND h2.id IS NULL AND e.a <> e.b""")
    eng.create("seeds", """
        SELECT DISTINCT f.id FROM flags f LEFT JOIN hubs h ON h.id = f.id
        WHERE h.id IS NULL AND f.indicator <> 'hub_contact'""")
    neighbourhoods(eng, "g", "seeds", "reach", cfg.seeds.hops)
    eng.create("gc", "SELECT g.a, g.b FROM g JOIN reach r1 ON r1.id = g.a "
                     "JOIN reach r2 ON r2.id = g.b")
    lap("neighbourhoods", 0.6)
    rounds = connected_components(eng, "gc", "comp")
    lap("components", 0.7)

    # 6. score ------------------------------------------------------------------------------
    sizes = eng.fetch("""
        SELECT c.label, COUNT(*) AS size,
               SUM(CASE WHEN k.kind = 'person' THEN 1 ELSE 0 END) AS persons,
               SUM(CASE WHEN k.kind = 'company' THEN 1 ELSE 0 END) AS companies,
               SUM(CASE WHEN k.kind = 'address' THEN 1 ELSE 0 END) AS addresses,
               SUM(CASE WHEN k.kind = 'property' THEN 1 ELSE 0 END) AS properties
        FROM comp c JOIN nkind k ON k.id = c.id GROUP BY c.label""")
    counts = eng.fetch("""
        SELECT c.label, f.indicator, COUNT(DISTINCT f.id) AS n, COUNT(*) AS rows_
        FROM comp c JOIN flags f ON f.id = c.id GROUP BY c.label, f.indicator""")
    table = _score(sizes, counts, cfg)
    chosen = table[table["status"] == "case"].head(max(top, 0))
    table.loc[~table.index.isin(chosen.index) & (table["status"] == "case"), "status"] = "listed"
    table.loc[table.index.isin(chosen.index), "case_store"] = [
        f"cases/{c}.duckdb" for c in chosen["cluster"]]
    lap("score", 0.75)

    # 7. cases ------------------------------------------------------------------------------
    top_frame = pd.DataFrame({"label": chosen["label"].astype("int64").to_numpy(),
                              "case_id": chosen["cluster"].astype(object).to_numpy()})
    eng.register_frame("topc", top_frame)
    eng.create("cn", "SELECT t.case_id, c.id FROM comp c JOIN topc t ON t.label = c.label")
    case_data = work / "case_data"
    case_sql = {
        "relations": "SELECT a.case_id, r.* FROM rel_all r JOIN cn a ON a.id = r.src_id "
                     "JOIN cn b ON b.id = r.dst_id AND b.case_id = a.case_id",
        "nodes": "SELECT a.case_id, n.* FROM nodes n JOIN cn a ON a.id = n.id",
        "attributes": "SELECT a.case_id, t.* FROM attrs t JOIN cn a ON a.id = t.id",
        "links": "SELECT a.case_id, l.* FROM links l JOIN cn a ON a.id = l.a_id "
                 "JOIN cn b ON b.id = l.b_id AND b.case_id = a.case_id",
    }
    order = {"relations": "x, rownum, kind, source, target", "nodes": "x, node_id",
             "attributes": "x, node_id, attribute, value", "links": "x, node_a, node_b"}
    for name in CASE_TABLES:
        eng.write_parquet(case_sql[name], case_data / name, cluster_by="case_id",
                          order_by=order[name])
    evidence = eng.fetch("""
        SELECT a.case_id AS cluster, f.indicator, k.node_id AS node, k.kind AS node_kind, f.x,
               f.rownum AS row, f.kind AS relation_kind
        FROM flags f JOIN cn a ON a.id = f.id JOIN nkind k ON k.id = f.id""")
    hubs = eng.fetch("SELECT k.node_id AS node, h.kind, h.degree FROM hubs h "
                     "JOIN nkind k ON k.id = h.id")
    n_hubs = len(hubs)
    n_seeds = int(eng.scalar("SELECT COUNT(*) FROM seeds"))
    rejects = eng.fetch("SELECT x, file, rownum, col, reason, detail FROM rejects").rename(
        columns={"rownum": "row", "col": "column"})
    lap("case_data", 0.85)

    engine_info = {"name": eng.name, "version": eng.version}
    counts = {"nodes": n_nodes, "relations": n_rel, "hubs": n_hubs, "seeds": n_seeds,
              "clusters": int(len(table)), "component_rounds": rounds, "cases": int(len(chosen))}
    case_prov = {"command": "screen", "engine": engine_info, "started": started.isoformat(),
                 "config_sha256": cfg.sha256(), "config_source": cfg.source,
                 "key_fingerprint": extracts[0].key_fingerprint}
    index = table.loc[table["case_store"] != "", ["cluster", "size"]].merge(
        eng.fetch("SELECT case_id AS cluster, COUNT(*) AS relations FROM "
                  f"({case_sql['relations']}) t GROUP BY case_id"), how="left", on="cluster")
    index.to_parquet(case_data / "case_index.parquet", index=False)
    cases: dict[str, Path] = {}
    (out / "cases").mkdir(exist_ok=True)
    for stale in (out / "cases").glob("S-*.duckdb"):  # case stores of an earlier screening
        stale.unlink()
    con = duckdb.connect()
    try:
        for cid in chosen["cluster"]:
            path = out / "cases" / f"{cid}.duckdb"
            write_case_store(path, cid, case_data, extracts, screened_at=started.replace(
                tzinfo=None), provenance={**case_prov, "cluster": cid}, con=con)
            cases[cid] = path
    finally:
        con.close()
    lap("case_stores", 0.95)

    # outputs -------------------------------------------------------------------------------
    files = {e.x: e.name for e in extracts}
    written = [write_csv(table[SCREENING_COLUMNS], out / "screening.csv")]
    ev = evidence.assign(file=evidence["x"].astype(int).map(files)).drop(columns="x")
    ev = ev[["cluster", "indicator", "node", "node_kind", "file", "row", "relation_kind"]]
    ev["row"] = ev["row"].astype("Int64")
    rank = dict(zip(table["cluster"], table["rank"], strict=True))
    ev = (ev.assign(_r=ev["cluster"].map(rank))
          .sort_values(["_r", "indicator", "node", "file", "row", "relation_kind"],
                       kind="stable", na_position="first").drop(columns="_r"))
    written.append(write_csv(ev, out / "evidence.csv"))
    written.append(write_csv(hubs.sort_values(["degree", "node"], ascending=[False, True]),
                             out / "hubs.csv"))
    ext = staged.drop(columns=["error"]).copy()
    ext.insert(2, "spec", [e.spec_name for e in extracts])
    ext.insert(3, "partner", [e.partner for e in extracts])
    ext["reconciled"] = ext["rows_read"] == ext["rows_used"] + ext["duplicates"] + ext["rejected"]
    # 'x' is the extract's internal number (evidence and rejects name the file instead)
    written.append(write_csv(ext.drop(columns=["x", "seconds"]), out / "extracts.csv"))
    rj = rejects.drop(columns="x").sort_values(["file", "row", "column", "reason"], kind="stable")
    written.append(write_csv(rj, out / "rejects.csv"))
    lap("write", 1.0)
    prov = _provenance(cfg, extracts, ext, engine_info, started, timings, counts, written)
    write_provenance(out, prov)
    return ScreenResult(out=out, screening=table[SCREENING_COLUMNS].reset_index(drop=True),
                        cases=cases, extracts=ext, hubs=n_hubs, timings=dict(timings),
                        provenance=prov)


def _score(sizes: pd.DataFrame, counts: pd.DataFrame, cfg: ScreenConfig) -> pd.DataFrame:
    """One row per cluster: size, kinds, indicator counts, score, status; ranked."""
    t = sizes.copy()
    for c in ("label", "size", "persons", "companies", "addresses", "properties"):
        t[c] = t[c].astype("int64")
    t = t[t["size"] >= cfg.scoring.min_size]
    wide = (counts.pivot_table(index="label", columns="indicator", values="n", aggfunc="sum",
                               fill_value=0) if len(counts) else pd.DataFrame())
    rows = counts.groupby("label")["rows_"].sum() if len(counts) else pd.Series(dtype="int64")
    t = t.set_index("label")
    sc = cfg.scoring
    flags = np.zeros(len(t))
    for name in INDICATORS:
        col = (wide[name] if name in wide.columns else pd.Series(dtype="int64"))
        t[name] = col.reindex(t.index).fillna(0).astype("int64")
        w = getattr(cfg.indicators, name).weight
        flags = flags + w * np.minimum(t[name].to_numpy(), sc.cap_per_indicator)
    size = t["size"].to_numpy(dtype=float)
    score = flags * np.minimum(1.0, (sc.reference_size / size) ** sc.size_exponent)
    t["evidence_rows"] = rows.reindex(t.index).fillna(0).astype("int64")
    t["score"] = np.round(score, 3)
    t["other_nodes"] = t["size"] - t[["persons", "companies", "addresses", "properties"]].sum(axis=1)
    t = t.reset_index()
    # text ids, also when no cluster is left (an empty column would be float64)
    t["cluster"] = pd.Series([_cluster_id(v) for v in t["label"]], index=t.index, dtype=object)
    t["status"] = np.where(t["size"] > cfg.scoring.max_size, "too_large", "case")
    t["case_store"] = ""
    t = t.sort_values(["score", "size", "cluster"], ascending=[False, False, True],
                      kind="stable").reset_index(drop=True)
    t["rank"] = np.arange(1, len(t) + 1)
    if not math.isfinite(float(t["score"].sum() if len(t) else 0.0)):
        raise ValueError(_("clusterscore is geen eindig getal"))
    return t


def _provenance(cfg: ScreenConfig, extracts: list[Extract], ext: pd.DataFrame,
                engine: dict[str, str], started: dt.datetime, timings: dict[str, float],
                counts: dict[str, int], written: list[Path]) -> dict[str, Any]:
    """The one provenance record (:func:`netwerk.provenance.provenance_record`), with the engine,
    the time per stage and every input's reconciled counts."""
    by_x = ext.set_index("x")
    inputs = [{**input_record(e.path, kind="extract"), "spec": e.spec_name,
               "spec_sha256": e.spec_sha256, "partner": e.partner,
               **{k: int(by_x.loc[e.x, k]) for k in ("rows_read", "rows_used", "duplicates",
                                                     "rejected", "relations")}}
              for e in extracts]
    rec = provenance_record(
        "screen", inputs=inputs, config={"source": cfg.source, **cfg.model_dump(exclude={"source"})},
        key_fingerprints=[e.key_fingerprint for e in extracts], rows=counts, outputs=written,
        notes=["hubs are listed in hubs.csv and left out of the clusters",
               "case stores hold the relations between a cluster's nodes (all kinds)"],
        extra={"engine": engine, "started": started.isoformat(), "timings": dict(timings)})
    if engine["name"] == "spark":
        rec["versions"]["pyspark"] = engine["version"]
    return rec
