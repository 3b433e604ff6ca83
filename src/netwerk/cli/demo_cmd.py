"""``netwerk demo``: the whole pipeline on the synthetic ``sample_data/``, into one folder.

It runs, for every case folder with a ``manifest.yaml``, exactly the commands an analyst would:
pseudonymise (as the partners do) → ingest → analyse → plan → map, then one case-selection report
across all cases, and prints which files to open.
"""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import InputError, Reason
from .main import app, console

__all__ = ["demo"]


def _step(args: list[str]) -> None:
    from .main import run

    console.print(f"[dim]$ netwerk {' '.join(args)}[/]", highlight=False)
    code = run(args)
    if code != 0:
        raise InputError(f"demo step failed (exit {code}): netwerk {' '.join(args)}",
                         reason=Reason.INVALID_ARGUMENT)


@app.command("demo")
def demo(
    out: Path = typer.Option(Path("demo-output"), "--out", "-o", help="Folder for everything."),
    sample_data: Path = typer.Option(Path("sample_data"), "--sample-data",
                                     help="Folder with one sub-folder (manifest.yaml + raw/) per case."),
    key_file: Path = typer.Option(None, "--key-file",
                                  help="Pseudonymisation key (default: sample_data/demo.key)."),
    seed: int = typer.Option(0, "--seed", help="Seed of every random choice."),
) -> None:
    """Run pseudonymise → ingest → analyse → plan → map → report on the sample cases."""
    import os

    manifests = sorted(sample_data.glob("*/manifest.yaml"))
    if not manifests:
        raise InputError("no case folders with a manifest.yaml found (generate them with "
                         "scripts/make_sample_data.py)", reason=Reason.FILE_NOT_FOUND,
                         file=str(sample_data))
    key_file = key_file or sample_data / "demo.key"
    if not key_file.is_file():
        raise InputError("demo key not found", reason=Reason.FILE_NOT_FOUND, file=str(key_file))
    # key custody: only the partners' step (pseudonymise) gets the key; the RIEC's steps never do
    os.environ.pop("NETWERK_KEY", None)
    out.mkdir(parents=True, exist_ok=True)
    import datetime as dt

    today = dt.date.today().isoformat()  # the date printed on the action plans
    cases: list[Path] = []
    maps: list[Path] = []
    plans: list[Path] = []
    for manifest in manifests:
        name = manifest.parent.name
        console.rule(f"case {name}")
        shared = out / "shared" / name
        case = out / "cases" / f"{name}.duckdb"
        case.parent.mkdir(parents=True, exist_ok=True)
        _step(["pseudonymise", "--manifest", str(manifest), "--out", str(shared),
               "--key-file", str(key_file)])
        _step(["ingest", "--manifest", str(shared / "manifest.yaml"), "--case", str(case)])
        _step(["case", "init", str(case), "--training", "--name", name])
        _step(["analyse", str(case), "--out", str(out / "analyse" / name), "--seed", str(seed)])
        _step(["plan", str(case), "--out", str(out / "plan" / name), "--seed", str(seed),
               "--date", today])
        _step(["map", str(case), "--out", str(out / "maps" / f"{name}.html"), "--seed", str(seed)])
        _step(["map", str(case), "--out", str(out / "maps" / f"{name}-barrieres.html"), "--seed",
               str(seed), "--layout", "barrier", "--no-alternatives"])
        cases.append(case)
        maps.append(out / "maps" / f"{name}.html")
        plans.append(out / "plan" / name)
    console.rule("case selection")
    _step(["report", *map(str, cases), "--out", str(out / "report"), "--seed", str(seed),
           "--generated", "demo"])
    _step(["report", *map(str, cases), "--out", str(out / "report-stuurgroep"), "--seed",
           str(seed), "--generated", "demo", "--edition", "stuurgroep"])  # need-to-know edition
    console.rule("open these")
    console.print(f"case-selection report : {out / 'report' / 'report.html'}", highlight=False)
    console.print(f"  stuurgroep edition  : {out / 'report-stuurgroep' / 'report.html'}",
                  highlight=False)
    console.print(f"access log per case  : netwerk audit {cases[0]}", highlight=False)
    for m in maps:
        console.print(f"network map           : {m}", highlight=False)
    for p in plans:
        console.print(f"action plan           : {p / 'action_plan.md'}", highlight=False)
    console.print(f"vital nodes           : {out / 'analyse'}/<case>/nodes.csv", highlight=False)
