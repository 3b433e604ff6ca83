"""``netwerk screen``: screen whole registers for clusters worth a case (DuckDB or Spark)."""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import InputError, Reason
from .main import app, console

__all__ = ["screen_command"]


def _conf(pairs: list[str]) -> dict[str, str]:
    out = {}
    for p in pairs:
        if "=" not in p:
            raise InputError(f"--conf needs KEY=VALUE, got '{p}'", reason=Reason.INVALID_ARGUMENT)
        k, v = p.split("=", 1)
        out[k.strip()] = v.strip()
    return out


@app.command("screen")
def screen_command(
    inputs: list[Path] = typer.Argument(..., help="Manifests or folders of pseudonymised "
                                                  "register extracts (one key)."),
    out: Path = typer.Option(..., "--out", "-o", help="Output folder (screening.csv, cases/)."),
    engine: str = typer.Option("duckdb", "--engine", help="duckdb (default) or spark."),
    master: str | None = typer.Option(None, "--master", help="Spark master, e.g. local[2] "
                                      "(default: the spark-submit session, else local[2])."),
    top: int = typer.Option(20, "--top", help="Write case stores for the N best clusters."),
    config: Path | None = typer.Option(None, "--config", help="Screening settings (YAML): "
                                       "hubs, relation kinds, seeds, thresholds, scoring."),
    work: Path | None = typer.Option(None, "--work", help="Folder for intermediate data "
                                     "(default OUT/work; on a cluster: shared storage)."),
    keep_work: bool = typer.Option(False, "--keep-work", help="Keep the intermediate data."),
    memory_limit: str | None = typer.Option(None, "--memory-limit", help="DuckDB memory "
                                            "limit, e.g. 6GB."),
    conf: list[str] = typer.Option([], "--conf", help="Spark setting KEY=VALUE (repeatable)."),
    checkpoints: str = typer.Option("auto", "--checkpoints", help="Spark: reliable (checkpoint "
                                    "directory), local, or auto (local in local mode)."),
) -> None:
    """Flag hubs and red flags in whole registers, grow clusters from flagged subjects, rank them
    and write one case store per top cluster (open them with analyse, plan, map, report)."""
    from ..screen import screen

    def step(name: str, frac: float) -> None:
        console.print(f"  {name} ({frac:.0%})", highlight=False)

    res = screen(list(inputs), out, engine=engine, master=master, top=top, config=config,
                 work=work, keep_work=keep_work, memory_limit=memory_limit,
                 spark_conf=_conf(conf) or None, checkpoints=checkpoints, progress=step)
    ext = res.extracts
    console.print(f"read {int(ext['rows_read'].sum())} rows from {len(ext)} extracts "
                  f"({int(ext['rejected'].sum())} rejected, see rejects.csv); "
                  f"{res.hubs} hubs set aside", highlight=False)
    console.print(f"{len(res.screening)} clusters ranked in {res.out / 'screening.csv'}; "
                  f"{len(res.cases)} case stores in {res.out / 'cases'}", highlight=False)
    for row in res.screening.head(min(top, 10) if top else 0).itertuples():
        console.print(f"  {row.rank:>3}. {row.cluster}  size {row.size:>5}  score {row.score:.3f}",
                      highlight=False)
    eng = res.provenance["engine"]
    console.print(f"engine {eng['name']} {eng['version']}; "
                  f"{sum(res.timings.values()):.1f} s", highlight=False)
