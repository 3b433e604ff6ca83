"""``netwerk report`` (case selection over many cases) and ``netwerk progress`` (one case, or a
regional roll-up over several)."""

from __future__ import annotations

from pathlib import Path

import typer

from ..i18n import _
from .main import PEILDATUM_HELP, app, console, err_console

__all__ = ["report_cmd", "progress_cmd"]


def _print_files(files, open_first, notes) -> None:
    from rich.text import Text

    console.print(_("Geschreven:"), highlight=False, markup=False)
    for f in files:
        console.print(Text(f"  {f}"), soft_wrap=True)
    for n in notes:  # Text, not markup: a message may hold [brackets]
        console.print(Text.assemble((_("let op: "), "yellow"), str(n)), soft_wrap=True)
    console.print(Text(_("Open {path} in een browser.", path=open_first)), soft_wrap=True)


def _stores(cases: list[Path]) -> list[Path]:
    """The case stores of a report; a folder of extracts has no case record and is refused."""
    from ..governance import LawfulUseError
    from ..report.inputs import FOLDER_HAS_NO_RECORD

    for c in cases:
        if c.is_dir():
            raise LawfulUseError(_(FOLDER_HAS_NO_RECORD), file=str(c))
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
        from ..provenance import write_provenance

        write_provenance(prov.parent, data, name=prov.name)  # through the output guard
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
        "give the same files on the same day; the marking carries the day of issue)."),
    pdf: bool = typer.Option(True, "--pdf/--no-pdf",
                             help="Also write report.pdf (WeasyPrint, or Chromium where present)."),
    edition: str = typer.Option("casusoverleg", "--edition",
                                help="casusoverleg, stuurgroep (portfolio and casusvoorstellen, no "
                                     "persons) or partner:NAME."),
    stuurgroep: Path | None = typer.Option(
        None, "--stuurgroep", help="Regional settings of the stuurgroep edition: priorities, "
        "capacity this period, weights, running cases (default: the shipped stuurgroep.yaml)."),
    analyst: str | None = typer.Option(None, "--analyst",
                                       help="Who runs this (default: $NETWERK_ANALYST or OS user)."),
    stability: str = typer.Option("auto", "--stability",
                                  help="Replicates of the rank intervals (zeker/onzeker) of the "
                                       "vital actors: auto (50 up to 1,000 nodes), a number, or 0 "
                                       "(off)."),
    peildatum: str | None = typer.Option(None, "--peildatum", help=PEILDATUM_HELP),
) -> None:
    """Rank cases for selection on transparent criteria; write ranking.csv/.xlsx and report.html."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from ..case import check_reference_date
    from ..governance import govern_many, parse_edition
    from ..report import (
        build_selection,
        load_selection_weights,
        load_stuurgroep_config,
        write_selection,
    )

    w = load_selection_weights(weights)  # a bad weights file stops here, before any case is read
    ref = check_reference_date(peildatum)  # so does a bad reference date
    sg = load_stuurgroep_config(stuurgroep) if stuurgroep is not None else None
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
    ed = gov.edition  # a partner edition as the cases spell the partner
    with Progress(TextColumn("[progress.description]{task.description}"), BarColumn(),
                  MofNCompleteColumn(), TimeElapsedColumn(), console=err_console,
                  transient=True) as bar:
        task = bar.add_task(_("casussen beoordelen"), total=len(cases))

        def tick(name: str, rep) -> None:
            status = f"{rep.score:.1f}" if rep.status == "ok" else _("fout")
            bar.update(task, advance=1, description=f"{name}: {status}".replace("[", "\\["))

        def start(name: str) -> None:
            bar.update(task, description=_("{name} beoordelen", name=name).replace("[", "\\["))

        sel = build_selection(cases, weights=w, seed=seed, capacity=capacity,
                              max_actions=max_actions, generated=generated, on_case=tick,
                              on_start=start, refused=refused, stability=stability,
                              reference_date=ref)
    from rich.text import Text

    res = write_selection(sel, out, pdf=pdf, edition=ed,
                          hidden={_case_name(c): _hidden(c, ed) for c in cases
                                  if str(c) not in refused}, mark=gov.mark, stuurgroep=sg)
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
    cases: list[Path] = typer.Argument(
        ..., help="Case stores (.duckdb) with an intervention log; with more than one, each case "
        "gets a subfolder and rollup.html adds them up (regional roll-up)."),
    out: Path = typer.Option(..., "--out", "-o", help="Output folder (created if needed)."),
    model: str | None = typer.Option(
        None, "--model", help="Barrier model (default: the case's crime type)."),
    seed: int = typer.Option(0, "--seed", help="Seed of the network measures."),
    edition: str = typer.Option("casusoverleg", "--edition",
                                help="casusoverleg, stuurgroep, partner:NAME or private:NAME."),
    analyst: str | None = typer.Option(None, "--analyst",
                                       help="Who runs this (default: $NETWERK_ANALYST or OS user)."),
    generated: str | None = typer.Option(
        None, "--generated", help="A date or label printed on the pages (default: none, so reruns "
        "give the same files on the same day; the marking carries the day of issue)."),
    pdf: bool = typer.Option(False, "--pdf/--no-pdf",
                             help="Also write progress.pdf (WeasyPrint, or Chromium where present)."),
) -> None:
    """The progress story of a case (timeline, before/after, outcomes, fair shares, narrative), or
    of several cases with a regional roll-up."""
    from ..governance import govern, parse_edition
    from ..report import build_progress, write_progress, write_rollup
    from ..report.render import WriteResult

    ed = parse_edition(edition)
    # progress is also read after a case is closed (evaluation of what was done)
    govs = [govern(c, edition=ed, command="netwerk progress", analyst=analyst, allow_closed=True)
            for c in cases]
    reps = [build_progress(c, model=model, seed=seed) for c in cases]
    if len(cases) == 1:
        res = write_progress(reps[0], out, edition=ed, hidden=_hidden(cases[0], ed),
                             generated=generated, pdf=pdf)
        _governed(govs[0], res, None)
    else:
        res = write_rollup(reps, out, edition=ed, generated=generated, pdf=pdf,
                           hidden={r.name: _hidden(c, ed) for r, c in zip(reps, cases,
                                                                         strict=True)})
        shared = [f for f in res.files if f.parent == out]
        for r, g in zip(reps, govs, strict=True):
            own = [f for f in res.files if f.parent == out / r.name]
            _governed(g, WriteResult(files=tuple(own + shared), open_first=res.open_first), None)
    _print_files(res.files, res.open_first, res.notes)
