"""``netwerk map``: an offline interactive HTML map of a case (and optional exports)."""

from __future__ import annotations

from pathlib import Path

import typer

from ..i18n import N_, _
from .files import out_path, wants_folder
from .main import PEILDATUM_HELP, app, console, warn

__all__ = ["map_command"]


@app.command("map", help=N_(
    "Schrijf een losstaande kaart die offline opent, met knooppunten naar vitaliteit vergroot en "
    "gekleurd."))
def map_command(
    case: Path = typer.Argument(..., help=N_("Casusopslag (.duckdb).")),
    out: Path = typer.Option(..., "--out", "-o", parser=out_path, metavar="<path>",
                             help=N_("HTML-bestand om te schrijven.")),
    edition: str | None = typer.Option(None, "--edition",
                                       help=N_("casusoverleg (standaard) of partner:NAAM; de "
                                               "stuurgroep en private partners krijgen geen "
                                               "kaart.")),
    audience: str | None = typer.Option(None, "--audience",
                                        help=N_("Oudere naam van --edition: 'case-meeting' of "
                                                "'partner:NAAM'.")),
    analyst: str | None = typer.Option(None, "--analyst",
                                       help=N_("Wie dit uitvoert (standaard: $NETWERK_ANALYST of "
                                               "de gebruiker van het besturingssysteem).")),
    model: str | None = typer.Option(None, "--model",
                                     help=N_("Barrièremodel voor de schakels (standaard: dat van "
                                             "het delicttype van de casus).")),
    max_nodes: int = typer.Option(3000, "--max-nodes", help=N_(
            "Boven dit aantal alleen de omgeving van de vitale knooppunten tonen.")),
    export: list[str] = typer.Option([], "--export",
                                     help=N_("Ook exporteren: gexf, graphml, i2 of csv "
                                             "(herhaalbaar).")),
    seed: int = typer.Option(0, "--seed", help=N_("Seed van de opmaak en de maten.")),
    layout: str = typer.Option("auto", "--layout",
                               help=N_("auto (krachtgestuurd) of barrier (schakels van de "
                                       "waardeketen als kolommen, met de barrières per schakel "
                                       "en partner).")),
    alternatives: bool = typer.Option(True, "--alternatives/--no-alternatives",
                                      help=N_("Bereken ook de alternatieve pakketten voor de "
                                              "wat-als-knop (enkele seconden per pakket).")),
    stability: str = typer.Option("auto", "--stability",
                                  help=N_("Herhalingen voor de rangband (zeker/onzeker) per "
                                          "knooppunt: auto (50 tot 1.000 knooppunten), een "
                                          "getal, of 0 (uit).")),
    timeline: bool = typer.Option(True, "--timeline/--no-timeline",
                                  help=N_("Teken de tijdlijn van de casus onder de kaart.")),
    peildatum: str | None = typer.Option(None, "--peildatum", help=PEILDATUM_HELP),
) -> None:
    from ..case import open_case
    from ..errors import ConfigError, InputError, Reason
    from ..governance import govern, parse_edition
    from ..viz.export import EXPORT_FORMATS, prepare_export

    bad = [f for f in export if f not in EXPORT_FORMATS]
    if bad:  # before anything is written
        raise InputError(_("onbekend exportformaat '{formaat}' bij --export (kies uit {keuzes})",
                           formaat=bad[0], keuzes=", ".join(EXPORT_FORMATS)), reason=Reason.INVALID_ARGUMENT)
    from ..case import check_reference_date, check_replicates

    check_replicates(stability)  # before anything is read or written
    ref = check_reference_date(peildatum)
    if wants_folder(out) or out.suffix == "":  # --out DIR or DIR/: the map is DIR/<case>.html
        out = out / f"{case.stem}.html"
    ed = parse_edition(edition, audience=audience)
    if not ed.map_allowed:
        raise ConfigError(_("de editie {editie} krijgt geen netwerkkaart (need-to-know); gebruik "
                            "`netwerk report --edition stuurgroep` of `netwerk plan --edition "
                            "{editie}`", editie=ed.name), reason=Reason.NOT_FOR_EDITION)
    gov = govern(case, edition=ed, command="netwerk map", analyst=analyst)
    ed = gov.edition  # a partner edition as the case spells the partner
    c = open_case(case, model=model, reference_date=ref)
    aud, part = ("partner", ed.partner) if ed.kind == "partner" else ("case-meeting", None)
    ranking = c.vital(seed=seed)
    # every export checked and built before the map or any file is written: an export that
    # fails (a raw identifier, two ids that become one) stops the command with nothing written
    prepared = [(fmt, prepare_export(c.net, format=fmt, vital=ranking.table, seed=seed,
                                     audience=aud, partner=part)) for fmt in export]
    plan = c.plan(seed=seed, vital=ranking) if c.model is not None else None
    alts = None
    if plan is not None and alternatives and len(plan.package) and ed.kind != "partner":
        from ..interventions import alternative_packages

        alts = alternative_packages(c.net, c.model, seed=seed, vital=ranking.table,
                                    top=plan.params.get("top", 20))
    res = c.map(out, vital=ranking, plan=plan, seed=seed, max_nodes=max_nodes, gov=gov,
                layout=layout, alternatives=alts, stability=stability, timeline=timeline)
    console.print(_("kaart: {pad} ({n} van {m} knooppunten getoond; editie {e})", pad=str(res.path),
                    n=res.n_nodes_shown, m=res.n_nodes_total, e=ed.name),
                  highlight=False, markup=False, soft_wrap=True)
    for fmt, prep in prepared:
        suffix = {"gexf": ".gexf", "graphml": ".graphml", "i2": ".xlsx", "csv": ""}.get(fmt, "")
        target = out.with_name(out.stem + ("-i2" if fmt == "i2" else "") + suffix)
        paths = prep.write(target)
        for note in prep.notes:
            warn(_("export ({fmt}): {opmerking}", fmt=fmt, opmerking=note))
        gov.finish(paths, what=f"export {fmt}")
        for p in paths:
            console.print(_("export ({fmt}): {pad}", fmt=fmt, pad=str(p)), highlight=False,
                          markup=False, soft_wrap=True)
