"""``netwerk report`` (case selection over many cases) and ``netwerk progress`` (one case, or a
regional roll-up over several)."""

from __future__ import annotations

from pathlib import Path

import typer

from ..i18n import N_, _
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


@app.command("report", help=N_(
    "Rangschik casussen voor selectie op transparante criteria; schrijft ranking.csv/.xlsx en "
    "report.html."))
def report_cmd(
    cases: list[Path] = typer.Argument(
        ..., help=N_("Casusopslagen (.duckdb) en/of mappen met gepseudonimiseerde extracten en "
                     "een manifest.yaml.")),
    out: Path = typer.Option(..., "--out", "-o", help=N_("Uitvoermap (wordt zo nodig aangemaakt).")),
    weights: Path | None = typer.Option(
        None, "--weights", help=N_("YAML met criteria en gewichten (standaard: de meegeleverde "
                                   "report_weights.yaml).")),
    seed: int = typer.Option(0, "--seed", help=N_("Seed van elke toevalsstap (zelfde seed, "
                                                  "zelfde rapport).")),
    capacity: str | None = typer.Option(
        None, "--capacity", help=N_("Persoonsdagen per partner, bijv. gemeente=10,politie=20 "
                                    "(niet genoemde partners krijgen 0; standaard 20 voor elke "
                                    "partner).")),
    max_actions: int = typer.Option(8, "--max-actions", min=1, help=N_("Grootste "
                                                                       "interventiepakket.")),
    generated: str | None = typer.Option(
        None, "--generated", help=N_("Een datum of label in het rapport (standaard: geen, zodat "
                                     "een herhaalde run op dezelfde dag dezelfde bestanden "
                                     "geeft; de rubriceringsregel draagt de dag van uitgifte).")),
    pdf: bool = typer.Option(True, "--pdf/--no-pdf",
                             help=N_("Schrijf ook report.pdf (met WeasyPrint, of met Chromium "
                                     "waar aanwezig).")),
    edition: str = typer.Option("casusoverleg", "--edition",
                                help=N_("casusoverleg, stuurgroep (portefeuille en "
                                        "casusvoorstellen, geen personen) of partner:NAAM.")),
    stuurgroep: Path | None = typer.Option(
        None, "--stuurgroep", help=N_("Regionale instellingen van de stuurgroepeditie: "
                                      "prioriteiten, capaciteit deze periode, gewichten, lopende "
                                      "casussen (standaard: de meegeleverde stuurgroep.yaml).")),
    analyst: str | None = typer.Option(None, "--analyst",
                                       help=N_("Wie dit uitvoert (standaard: $NETWERK_ANALYST of "
                                               "de gebruiker van het besturingssysteem).")),
    stability: str = typer.Option("auto", "--stability",
                                  help=N_("Herhalingen voor de rangband (zeker/onzeker) van de "
                                          "vitale actoren: auto (50 tot 1.000 knooppunten), een "
                                          "getal, of 0 (uit).")),
    peildatum: str | None = typer.Option(None, "--peildatum", help=PEILDATUM_HELP),
) -> None:
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
                  transient=True, disable=not err_console.is_terminal) as bar:
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


@app.command("progress", help=N_(
    "Het voortgangsverhaal van een casus (tijdlijn, voor en na, resultaten, eerlijke verdeling, "
    "verhaal), of van meerdere casussen met een regionaal overzicht."))
def progress_cmd(
    cases: list[Path] = typer.Argument(
        ..., help=N_("Casusopslagen (.duckdb) met een interventielog; bij meer dan één krijgt "
                     "elke casus een submap en telt rollup.html ze op (regionaal overzicht).")),
    out: Path = typer.Option(..., "--out", "-o", help=N_("Uitvoermap (wordt zo nodig aangemaakt).")),
    model: str | None = typer.Option(
        None, "--model", help=N_("Barrièremodel (standaard: dat van het delicttype van de casus).")),
    seed: int = typer.Option(0, "--seed", help=N_("Seed van de netwerkmaten.")),
    edition: str = typer.Option("casusoverleg", "--edition",
                                help=N_("casusoverleg, stuurgroep, partner:NAAM of private:NAAM.")),
    analyst: str | None = typer.Option(None, "--analyst",
                                       help=N_("Wie dit uitvoert (standaard: $NETWERK_ANALYST of "
                                               "de gebruiker van het besturingssysteem).")),
    generated: str | None = typer.Option(
        None, "--generated", help=N_("Een datum of label op de pagina's (standaard: geen, zodat "
                                     "een herhaalde run op dezelfde dag dezelfde bestanden "
                                     "geeft; de rubriceringsregel draagt de dag van uitgifte).")),
    pdf: bool = typer.Option(False, "--pdf/--no-pdf",
                             help=N_("Schrijf ook progress.pdf (met WeasyPrint, of met Chromium "
                                     "waar aanwezig).")),
) -> None:
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
