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


def _stores(cases: list[Path]) -> list[Path]:
    """The case stores of a report; a folder of extracts has no case record and is refused."""
    from ..governance import LawfulUseError

    for c in cases:
        if c.is_dir():
            raise LawfulUseError("a folder of extracts has no case record (purpose, legal basis) "
                                 "and no access log: ingest it into a case store and run "
                                 "`netwerk case init` first", file=str(c))
    return list(cases)


def _case_name(path: Path) -> str:
    from ..report.inputs import resolve_case

    return resolve_case(path).name


def _hidden(case: Path, ed):
    """Restricted attribute values of a store this edition must not show anywhere."""
    from ..governance import hidden_attribute_values
    from ..store import connect, read_table
    from ..viz.profiles import load_audience

    with connect(case, read_only=True) as con:
        attrs = read_table(con, "node_attributes")
    names = load_audience("case-meeting").restricted_attributes
    from ..viz.profiles import spec_restricted_attributes

    return hidden_attribute_values(attrs, ed, names | spec_restricted_attributes())


def _governed(gov, res, weights) -> None:
    """Add the lawful-use facts to provenance.json, then mark and log every file written."""
    import json

    from ..governance import load_model_version, model_version

    files = list(res.files)
    prov = next((f for f in files if f.name == "provenance.json"), None)
    if prov is not None:
        data = json.loads(prov.read_text("utf-8"))
        data["lawful_use"] = gov.provenance()
        models = {"vital": load_model_version("vital").as_dict()}
        if weights is not None:  # validated on load by report.load_weights
            models["case_selection"] = model_version(
                {"version": weights.version, "approved_by": weights.approved_by,
                 "approved_on": weights.approved_on}, name="case_selection",
                source=weights.source).as_dict()
        data["models"] = models
        if not gov.edition.person_level:  # no pseudonym in a stuurgroep/private edition
            from ..governance.editions import redact_pseudonyms

            data = redact_pseudonyms(data)
        prov.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n",
                        encoding="utf-8")
    gov.finish(files)


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
    edition: str = typer.Option("casusoverleg", "--edition",
                                help="casusoverleg, stuurgroep (aggregated, no persons) or "
                                     "partner:NAME."),
    analyst: str | None = typer.Option(None, "--analyst",
                                       help="Who runs this (default: $NETWERK_ANALYST or OS user)."),
) -> None:
    """Rank cases for selection on transparent criteria; write ranking.csv/.xlsx and report.html."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from ..governance import govern_many, parse_edition
    from ..report import build_selection, load_selection_weights, write_selection

    w = load_selection_weights(weights)  # a bad weights file stops here, before any case is read
    ed = parse_edition(edition)
    refused: dict[str, str] = {}
    errors: list[Exception] = []

    def refuse(c: Path, exc: Exception) -> None:  # the case becomes an error row; the batch goes on
        refused[str(c)] = str(exc)
        errors.append(exc)

    gov = govern_many(_stores(cases), edition=ed, command="netwerk report", analyst=analyst,
                      on_error=refuse)
    if gov is None:  # no case may be read: nothing to report
        raise errors[0]
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
                              on_start=start, refused=refused)
    from rich.text import Text

    res = write_selection(sel, out, pdf=pdf, edition=ed,
                          hidden={_case_name(c): _hidden(c, ed) for c in cases
                                  if str(c) not in refused}, mark=gov.mark)
    _governed(gov, res, w)
    for c in sel.cases:
        if c.status == "ok":
            console.print(Text(f"{c.rank:>3}. {c.name}  {c.score:.1f}"))
        else:
            err_console.print(Text(f"  -  {c.name}: {c.error}", style="red"), soft_wrap=True)
    _print_files(res.files, res.open_first, res.notes)
    if len(sel.ranked) < len(sel.cases):  # the other cases' report is written, but say it failed
        raise typer.Exit(1)


@app.command("progress")
def progress_cmd(
    case: Path = typer.Argument(..., help="A case store (.duckdb) with an intervention log."),
    out: Path = typer.Option(..., "--out", "-o", help="Output folder (created if needed)."),
    model: str | None = typer.Option(
        None, "--model", help="Barrier model (default: the case's crime type)."),
    seed: int = typer.Option(0, "--seed", help="Seed of the network measures."),
    edition: str = typer.Option("casusoverleg", "--edition",
                                help="casusoverleg, stuurgroep, partner:NAME or private:NAME."),
    analyst: str | None = typer.Option(None, "--analyst",
                                       help="Who runs this (default: $NETWERK_ANALYST or OS user)."),
) -> None:
    """What the partners did in a case and what it changed: progress.html and progress.csv."""
    from ..governance import govern, parse_edition
    from ..report import build_progress, write_progress

    ed = parse_edition(edition)
    # progress is also read after a case is closed (evaluation of what was done)
    gov = govern(case, edition=ed, command="netwerk progress", analyst=analyst, allow_closed=True)
    rep = build_progress(case, model=model, seed=seed)
    res = write_progress(rep, out, edition=ed, hidden=_hidden(case, ed))
    _governed(gov, res, None)
    _print_files(res.files, res.open_first, res.notes)
