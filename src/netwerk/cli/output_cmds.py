"""``netwerk report`` (case selection over many cases) and ``netwerk progress`` (one case)."""

from __future__ import annotations

from pathlib import Path

import typer

from .main import app, console, err_console

__all__ = ["report_cmd", "progress_cmd"]


def _print_files(files, open_first, notes) -> None:
    from rich.text import Text

    console.print("Written:", highlight=False)
    for f in files:
        console.print(Text(f"  {f}"), soft_wrap=True)
    for n in notes:  # Text, not markup: a message may hold [brackets]
        console.print(Text.assemble(("note: ", "yellow"), str(n)), soft_wrap=True)
    console.print(Text.assemble("Open ", (str(open_first), "bold"), " in a browser."), soft_wrap=True)


@app.command("report")
def report_cmd(
    cases: list[Path] = typer.Argument(
        ..., help="Case stores (.duckdb) and/or folders of pseudonymised extracts with manifest.yaml."),
    out: Path = typer.Option(..., "--out", "-o", help="Output folder (created if needed)."),
    weights: Path | None = typer.Option(
        None, "--weights", help="Criteria and weights YAML (default: the shipped report_weights.yaml)."),
    seed: int = typer.Option(0, "--seed", help="Seed of every random step (same seed, same report)."),
    capacity: str | None = typer.Option(
        None, "--capacity", help="Person-days per partner, e.g. gemeente=10,politie=20 "
        "(partners not named get 0; default 20 for every partner)."),
    max_actions: int = typer.Option(8, "--max-actions", min=1, help="Largest intervention package."),
    generated: str | None = typer.Option(
        None, "--generated", help="A date or label printed in the report (default: none, so reruns "
        "give identical files)."),
    pdf: bool = typer.Option(True, "--pdf/--no-pdf", help="Also write report.pdf if WeasyPrint is installed."),
) -> None:
    """Rank cases for selection on transparent criteria; write ranking.csv/.xlsx and report.html."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from ..report import build_selection, load_selection_weights, write_selection

    w = load_selection_weights(weights)  # a bad weights file stops here, before any case is read
    with Progress(TextColumn("[progress.description]{task.description}"), BarColumn(),
                  MofNCompleteColumn(), TimeElapsedColumn(), console=err_console,
                  transient=True) as bar:
        task = bar.add_task("scoring cases", total=len(cases))

        def tick(name: str, rep) -> None:
            status = f"{rep.score:.1f}" if rep.status == "ok" else "error"
            bar.update(task, advance=1, description=f"{name}: {status}".replace("[", "\\["))

        def start(name: str) -> None:
            bar.update(task, description=f"scoring {name}".replace("[", "\\["))

        sel = build_selection(cases, weights=w, seed=seed, capacity=capacity,
                              max_actions=max_actions, generated=generated, on_case=tick,
                              on_start=start)
    from rich.text import Text

    res = write_selection(sel, out, pdf=pdf)
    for c in sel.cases:
        if c.status == "ok":
            console.print(Text(f"{c.rank:>3}. {c.name}  {c.score:.1f}"))
        else:
            err_console.print(Text(f"  -  {c.name}: {c.error}", style="red"), soft_wrap=True)
    _print_files(res.files, res.open_first, res.notes)
    if not sel.ranked:
        raise typer.Exit(1)


@app.command("progress")
def progress_cmd(
    case: Path = typer.Argument(..., help="A case store (.duckdb) with an intervention log."),
    out: Path = typer.Option(..., "--out", "-o", help="Output folder (created if needed)."),
    model: str | None = typer.Option(
        None, "--model", help="Barrier model (default: the case's crime type)."),
    seed: int = typer.Option(0, "--seed", help="Seed of the network measures."),
) -> None:
    """What the partners did in a case and what it changed: progress.html and progress.csv."""
    from ..report import build_progress, write_progress

    rep = build_progress(case, model=model, seed=seed)
    res = write_progress(rep, out)
    _print_files(res.files, res.open_first, res.notes)
