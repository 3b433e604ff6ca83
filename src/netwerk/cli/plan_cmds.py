"""``netwerk plan`` (barrier matrix, candidates, package, action plan) and ``netwerk log``."""

from __future__ import annotations

from pathlib import Path

import typer

from ..i18n import _, ngettext
from .main import app, console, err_console

__all__ = ["plan", "log_cmd"]


@app.command("plan")
def plan(
    case: Path = typer.Argument(..., help="Case store (.duckdb)."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder for the plan files."),
    model: str | None = typer.Option(None, "--model", "-m",
                                     help="Barrier model: shipped name or YAML path "
                                          "(default: the case's crime type)."),
    capacity: str | None = typer.Option(None, "--capacity",
                                        help="Person-days per partner, e.g. gemeente=10,politie=20 "
                                             "(partners not named: 0; omitted: 20 for every partner)."),
    max_actions: int = typer.Option(8, "--max-actions", help="Most actions in the package."),
    top: int = typer.Option(20, "--top", help="How many vital nodes to consider."),
    seed: int = typer.Option(0, "--seed", help="Seed for vital nodes, scenarios and recovery."),
    recovery: float | None = typer.Option(None, "--recovery",
                                          help="Recovery probability of the network (0-1)."),
    catalogue: Path | None = typer.Option(None, "--catalogue",
                                          help="Own catalogue YAML (default: the shipped one)."),
    edition: str = typer.Option("casusoverleg", "--edition",
                                help="casusoverleg, stuurgroep, partner:NAME or private:NAME "
                                     "(need-to-know)."),
    analyst: str | None = typer.Option(None, "--analyst",
                                       help="Who runs this (default: $NETWERK_ANALYST or OS user)."),
    date: str | None = typer.Option(None, "--date",
                                    help="Date printed on the action plan, e.g. 2026-11-30 "
                                         "(given, so reruns on the same day give the same "
                                         "files; the marking carries the day of issue)."),
) -> None:
    """Barrier matrix, candidate interventions, the chosen package and the action plan of a case."""
    from ..case import check_reference_date, open_case
    from ..governance import govern

    check_reference_date(date, "--date")  # before anything is read or written
    gov = govern(case, edition=edition, command="netwerk plan", analyst=analyst)
    c = open_case(case, model=model, catalogue=catalogue)
    with console.status(_("vitale knooppunten, barrièrematrix, kandidaat-interventies en het "
                          "pakket ...")):
        result = c.plan(capacity=capacity, max_actions=max_actions, top=top, seed=seed,
                        recovery=recovery)
    date = check_reference_date(date, "--date")
    if date:
        result.params["date"] = date
    c.write(result, out, gov=gov)
    pkg = result.package
    eff = pkg.effect
    br = getattr(pkg, "objective", {}).get("breakdown", {})
    n_partners = len([p for p, d in pkg.capacity_used.items() if d])
    console.print(
        _("{actions} door {partners}; verwacht effect O = {o} (schade {harm} + verstoring {dis} + "
          "afpakken {money} + weerbaarheid {res}; keten gebroken in {chain} van de scenario's)",
          actions=ngettext("{n} actie", "{n} acties", len(pkg)),
          partners=ngettext("{n} partner", "{n} partners", n_partners),
          o=f"{eff['objective']:.3f}", harm=f"{br.get('harm', 0):.3f}",
          dis=f"{br.get('disruption', 0):.3f}", money=f"{br.get('money', 0):.3f}",
          res=f"{br.get('resilience', 0):.3f}", chain=f"{eff['chain_broken']:.0%}"),
        highlight=False, markup=False)
    if not pkg.params.get("mix_satisfied", True):
        err_console.print(_("let op: geen mix van snelle acties en langere acties past binnen de "
                            "capaciteit"), highlight=False, markup=False)
    console.print(_("geschreven naar {out} (editie {edition}; {marking})", out=out,
                    edition=gov.edition.name, marking=gov.marking),
                  highlight=False, markup=False, soft_wrap=True)


@app.command("log")
def log_cmd(
    case: Path = typer.Argument(..., help="Case store (.duckdb)."),
    action: str = typer.Option(..., "--action", help="Catalogue action id, e.g. sluiting_13b."),
    target: str = typer.Option(..., "--target", help="Target node id (pseudonym)."),
    partner: str = typer.Option(..., "--partner", help="Partner that acted."),
    date: str = typer.Option(..., "--date", help="Date (YYYY-MM-DD)."),
    status: str = typer.Option("executed", "--status",
                               help="planned, in_progress, executed, failed or cancelled."),
    result: str = typer.Option("", "--result", help="Result (free text)."),
    notes: str = typer.Option("", "--notes", help="Notes (free text)."),
) -> None:
    """Record an intervention (or a change of its status) in the case's intervention log."""
    from ..governance import log_access
    from ..interventions import default_catalogue, log_intervention
    from ..interventions.plan import partner_label
    from ..report.progress import STATUS_LABELS

    new_id = log_intervention(case, action, target, partner, date, status, result=result,
                              notes=notes)
    log_access(case, "record", command="netwerk log", what=f"intervention {new_id}")
    cat = default_catalogue()
    console.print(_("interventie {nr} vastgelegd: {actie} bij {doel} door {partner} ({status})",
                    nr=new_id, actie=cat[action].label() if action in cat else action,
                    doel=target, partner=partner_label(None, partner),
                    status=_(STATUS_LABELS[status]) if status in STATUS_LABELS else status),
                  highlight=False, markup=False)
