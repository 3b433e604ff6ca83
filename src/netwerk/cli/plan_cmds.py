"""``netwerk plan`` (barrier matrix, candidates, package, action plan) and ``netwerk log``."""

from __future__ import annotations

from pathlib import Path

import typer

from ..i18n import N_, _, ngettext
from .main import app, console, err_console

__all__ = ["plan", "log_cmd"]


@app.command("plan", help=N_(
    "Barrièrematrix, kandidaat-interventies, het gekozen pakket en het actieplan van een casus."))
def plan(
    case: Path = typer.Argument(..., help=N_("Casusopslag (.duckdb).")),
    out: Path = typer.Option(..., "--out", "-o", help=N_("Map voor de planbestanden.")),
    model: str | None = typer.Option(None, "--model", "-m",
                                     help=N_("Barrièremodel: meegeleverde naam of pad naar YAML "
                                             "(standaard: dat van het delicttype van de casus).")),
    capacity: str | None = typer.Option(None, "--capacity",
                                        help=N_("Persoonsdagen per partner, bijv. "
                                                "gemeente=10,politie=20 (niet genoemde partners: "
                                                "0; weggelaten: 20 voor elke partner).")),
    max_actions: int = typer.Option(8, "--max-actions", help=N_("Hoogste aantal acties in het "
                                                                "pakket.")),
    top: int = typer.Option(20, "--top", help=N_("Hoeveel vitale knooppunten in aanmerking komen.")),
    seed: int = typer.Option(0, "--seed", help=N_("Seed voor vitale knooppunten, scenario's en "
                                                  "herstel.")),
    recovery: float | None = typer.Option(None, "--recovery",
                                          help=N_("Herstelkans van het netwerk (0-1).")),
    catalogue: Path | None = typer.Option(None, "--catalogue",
                                          help=N_("Eigen catalogus als YAML (standaard: de "
                                                  "meegeleverde).")),
    edition: str = typer.Option("casusoverleg", "--edition",
                                help=N_("casusoverleg, stuurgroep, partner:NAAM of private:NAAM "
                                        "(need-to-know).")),
    analyst: str | None = typer.Option(None, "--analyst",
                                       help=N_("Wie dit uitvoert (standaard: $NETWERK_ANALYST of "
                                               "de gebruiker van het besturingssysteem).")),
    date: str | None = typer.Option(None, "--date",
                                    help=N_("Datum op het actieplan, bijv. 2026-11-30 "
                                            "(opgegeven, zodat een herhaalde run op dezelfde dag "
                                            "dezelfde bestanden geeft; de rubriceringsregel "
                                            "draagt de dag van uitgifte).")),
) -> None:
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


@app.command("log", help=N_(
    "Leg een interventie (of een wijziging van de status ervan) vast in het interventielog van "
    "de casus."))
def log_cmd(
    case: Path = typer.Argument(..., help=N_("Casusopslag (.duckdb).")),
    action: str = typer.Option(..., "--action", help=N_("Id van de actie in de catalogus, bijv. "
                                                        "sluiting_13b.")),
    target: str = typer.Option(..., "--target", help=N_("Id van het doelknooppunt (pseudoniem).")),
    partner: str = typer.Option(..., "--partner", help=N_("Partner die handelde.")),
    date: str = typer.Option(..., "--date", help=N_("Datum (JJJJ-MM-DD).")),
    status: str = typer.Option("executed", "--status",
                               help=N_("planned (gepland), in_progress (loopt), executed "
                                       "(uitgevoerd), failed (mislukt) of cancelled "
                                       "(geannuleerd).")),
    result: str = typer.Option("", "--result", help=N_("Resultaat (vrije tekst).")),
    notes: str = typer.Option("", "--notes", help=N_("Opmerkingen (vrije tekst).")),
) -> None:
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
