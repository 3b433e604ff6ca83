"""``netwerk case init|show|close``, ``netwerk purge``, ``netwerk audit`` and ``netwerk decide``.

Lawful use under the WGS (see :mod:`netwerk.governance`): the case record (purpose, legal basis,
start decision, partners, classification, retention), purge with a tombstone, the access log with
the recipient register, and the human decision record. Thin: parses, calls the library, prints.
"""

from __future__ import annotations

from pathlib import Path

import typer

from ..i18n import N_, _, ngettext
from .main import app, confirm, console, err_console

__all__ = ["case_app", "purge_cmd", "audit_cmd", "decide_cmd"]

case_app = typer.Typer(help=N_("Het casusdossier: verwerkingsdoel, grondslag, startbesluit, "
                               "bewaartermijn."),
                       no_args_is_help=True, rich_markup_mode=None)
app.add_typer(case_app, name="case")

_ANALYST = typer.Option(None, "--analyst", help=N_("Wie handelt (standaard: $NETWERK_ANALYST of "
                                                   "de gebruiker van het besturingssysteem)."))


def _pairs(values: list[str], what: str) -> dict[str, str]:
    from ..errors import InputError, Reason
    from ..privacy import check_entered_text

    check_entered_text([(what, v) for v in values])  # the refusal below repeats the value
    out = {}
    for v in values:
        k, sep, g = v.partition("=")
        if not sep or not k.strip() or not g.strip():
            raise InputError(_("{optie} '{waarde}' moet de vorm PARTNER=GRONDSLAG hebben", optie=what,
                               waarde=v),
                             reason=Reason.INVALID_ARGUMENT)
        out[k.strip()] = g.strip()
    return out


#: The case status as users read it (Dutch message ids).
_STATUS = {"open": N_("open"), "closed": N_("gesloten")}
#: The fields of the case record :meth:`CaseRecord.missing` names.
_FIELDS = {"purpose": N_("verwerkingsdoel"), "legal basis": N_("grondslag")}


def _print_record(rec) -> None:
    from rich.table import Table
    from rich.text import Text

    t = Table(show_header=False, box=None, pad_edge=False)
    t.add_column(style="bold")
    t.add_column()
    missing = "— (" + _("ontbreekt") + ")"
    rows = [
        (_("casus"), rec.case_name),
        (_("status"), _(_STATUS.get(rec.status, rec.status))
         + (" (" + _("oefencasus") + ")" if rec.training else "")),
        (_("verwerkingsdoel"), rec.purpose or missing),
        (_("zwaarwegend algemeen belang"), rec.public_interest or "—"),
        (_("grondslag"), rec.legal_basis or missing),
        (_("verstrekkingsgrond per partner"), "; ".join(
            f"{k}: {v}" for k, v in sorted(rec.partner_grounds.items())) or "—"),
        (_("startbesluit"), ", ".join(s for s in (
            rec.start_by, rec.start_on.isoformat() if rec.start_on else "", rec.start_reason) if s)
         or "—"),
        (_("partners"), ", ".join(rec.partners) or "—"),
        (_("rubricering"), rec.classification),
        (_("bewaren tot"), rec.retention_until.isoformat() if rec.retention_until else "—"),
        (_("versie"), f"{rec.version} ({rec.recorded_by}, {rec.recorded_at})"),
    ]
    for k, v in rows:  # case names, purposes and grounds are printed literally (no markup)
        t.add_row(Text(k), Text(str(v)))
    console.print(t, soft_wrap=True, highlight=False)


@case_app.command("init", help=N_(
    "Leg verwerkingsdoel, grondslag, startbesluit, partners en bewaartermijn vast (of werk ze "
    "bij)."))
def case_init(
    case: Path = typer.Argument(..., help=N_("Casusopslag (.duckdb); wordt aangemaakt als die "
                                             "nog niet bestaat.")),
    purpose: str = typer.Option("", "--purpose", help=N_("De RIEC-taak die deze casus dient.")),
    public_interest: str = typer.Option("", "--public-interest",
                                        help=N_("Het zwaarwegend algemeen belang.")),
    legal_basis: str = typer.Option("", "--legal-basis", help=N_("De bepaling uit de WGS.")),
    ground: list[str] = typer.Option([], "--ground",
                                     help=N_("PARTNER=GRONDSLAG: de eigen verstrekkingsgrond van "
                                             "een partner (herhaalbaar).")),
    start_by: str = typer.Option("", "--start-by", help=N_("Wie het signaal heeft geselecteerd.")),
    start_on: str = typer.Option("", "--start-on", help=N_("Wanneer (JJJJ-MM-DD).")),
    start_reason: str = typer.Option("", "--start-reason", help=N_("Waarom de casus is gestart.")),
    partner: list[str] = typer.Option([], "--partner", help=N_("Deelnemende partner "
                                                               "(herhaalbaar).")),
    classification: str | None = typer.Option(None, "--classification",
                                              help=N_(
                                                      "Rubricering: Vertrouwelijk (standaard), "
                                                      "Departementaal vertrouwelijk, Stg. "
                                                      "Confidentieel, Stg. Geheim, Oefening.")),
    retention_until: str = typer.Option("", "--retention-until",
                                        help=N_("Vernietigen na deze datum (JJJJ-MM-DD); "
                                                "verplicht.")),
    training: bool = typer.Option(False, "--training",
                                  help=N_("Een oefen- of democasus op synthetische gegevens: "
                                          "analyses draaien zonder verwerkingsdoel en grondslag.")),
    name: str | None = typer.Option(None, "--name", help=N_("Naam van de casus (standaard: de "
                                                            "bestandsnaam).")),
    crime_type: str | None = typer.Option(None, "--crime-type", help=N_(
        "Delicttype van de casus (bijvoorbeeld cannabis): kiest het barrièremodel en de ernst in "
        "de rapportage; zoals ingest --crime-type, ook voor een casus die al is ingelezen.")),
    analyst: str | None = _ANALYST,
) -> None:
    from ..governance import init_case, log_access

    rec = init_case(case, purpose=purpose, public_interest=public_interest,
                    legal_basis=legal_basis, partner_grounds=_pairs(ground, "--ground"),
                    start_by=start_by, start_on=start_on or None, start_reason=start_reason,
                    partners=partner, classification=classification,
                    retention_until=retention_until or None, training=training, name=name,
                    analyst=analyst, crime_type=crime_type)
    log_access(case, "record", command="netwerk case init", what=f"case record v{rec.version}"
               + (f", crime type {crime_type.strip()}" if crime_type else ""), analyst=analyst)
    _print_record(rec)
    if crime_type:
        console.print(_("delicttype: {delict}", delict=crime_type.strip()), highlight=False,
                      markup=False)
    missing = rec.missing()
    if missing and not rec.training:
        err_console.print(_("let op: analyses worden geweigerd tot {velden} is vastgelegd",
                            velden=", ".join(_(_FIELDS.get(m, m)) for m in missing)),
                          highlight=False, markup=False)


@case_app.command("show", help=N_(
    "Toon het casusdossier, de besluiten en hoeveel uitvoerbestanden eruit zijn geschreven."))
def case_show(
    case: Path = typer.Argument(..., help=N_("Casusopslag (.duckdb).")),
    analyst: str | None = _ANALYST,
) -> None:
    from ..governance import (
        is_lawful,
        log_access,
        read_access_log,
        read_case_record,
        read_decisions,
    )
    from ..governance.record import LawfulUseError

    rec = read_case_record(case)
    if rec is None:
        raise LawfulUseError(_("de casus heeft geen casusdossier (netwerk case init)"), file=str(case))
    from ..guard import add_patterns
    from ..privacy import case_patterns

    add_patterns(case_patterns(case))  # the console masks the case's spec patterns too
    _print_record(rec)
    dec = read_decisions(case)
    log = read_access_log(case)
    console.print(_("besluiten: {d}; toegangslog: {regels}, {uitvoer}", d=len(dec),
                    regels=ngettext("{n} vermelding", "{n} vermeldingen", len(log)),
                    uitvoer=ngettext("{n} uitvoerbestand geschreven",
                                     "{n} uitvoerbestanden geschreven",
                                     int((log["action"] == "write").sum()))),
                  highlight=False, markup=False)
    console.print(_("analyses toegestaan") if is_lawful(case) else
                  _("analyses geweigerd (doel of grondslag ontbreekt, casus gesloten of "
                    "bewaartermijn verstreken)"), highlight=False, markup=False)
    log_access(case, "read", command="netwerk case show", what="case record", analyst=analyst)


@case_app.command("close", help=N_(
    "Sluit de casus: geen nieuwe analyses meer; vernietigen na de bewaartermijn."))
def case_close(
    case: Path = typer.Argument(..., help=N_("Casusopslag (.duckdb).")),
    retention_until: str = typer.Option("", "--retention-until",
                                        help=N_("Nieuwe bewaardatum (JJJJ-MM-DD).")),
    analyst: str | None = _ANALYST,
) -> None:
    from ..governance import close_case, log_access

    rec = close_case(case, analyst=analyst, retention_until=retention_until or None)
    log_access(case, "close", command="netwerk case close", what=f"case record v{rec.version}",
               analyst=analyst)
    console.print(_("casus {naam} gesloten; vernietigen na {datum} (netwerk purge {pad})",
                    naam=rec.case_name,
                    datum=rec.retention_until.isoformat() if rec.retention_until else "—",
                    pad=str(case)), highlight=False, markup=False, soft_wrap=True)


@app.command("purge", help=N_(
    "Vernietig een casusopslag en alle uitvoer die ervoor is geregistreerd; laat een verklaring "
    "van vernietiging achter."))
def purge_cmd(
    case: Path = typer.Argument(..., help=N_("Casusopslag (.duckdb).")),
    yes: bool = typer.Option(False, "--yes", "-y", help=N_("Niet om bevestiging vragen.")),
    reason: str = typer.Option("", "--reason", help=N_("Waarom (komt in de verklaring van "
                                                       "vernietiging).")),
    analyst: str | None = _ANALYST,
) -> None:
    from rich.text import Text

    from ..errors import InputError, Reason
    from ..governance import purge_case, purge_check

    if not case.exists():
        raise InputError(_("casusopslag niet gevonden"), reason=Reason.FILE_NOT_FOUND, file=str(case))
    chk = purge_check(case)
    until = (chk.retention_until.isoformat() if chk.retention_until
             else _("geen datum vastgelegd"))
    console.print(Text(_("casus {naam}: bewaren tot {datum} ({verstreken}); {uitvoer} en de "
                         "casusopslag worden verwijderd.", naam=chk.case_name, datum=until,
                         verstreken=_("verstreken") if chk.due else _("niet verstreken"),
                         uitvoer=ngettext("{n} geregistreerd uitvoerbestand",
                                          "{n} geregistreerde uitvoerbestanden",
                                          len(chk.outputs)))), soft_wrap=True)
    if not yes:
        prompt = (_("Nu vernietigen?") if chk.due else
                  _("De bewaartermijn is nog niet verstreken. Toch nu vernietigen, op verzoek?"))
        if not confirm(prompt, default=False):
            err_console.print(_("niets verwijderd"), highlight=False, markup=False)
            raise typer.Exit(1)
    t = purge_case(case, on_demand=True, analyst=analyst, reason=reason)
    console.print(Text(_("verwijderd: de casusopslag en {uitvoer}",
                         uitvoer=ngettext("{n} uitvoerbestand", "{n} uitvoerbestanden",
                                          len(t.deleted)))))
    for f in t.not_deleted:
        err_console.print(Text(_("niet verwijderd: {pad}: {reden}", pad=f["path"],
                                 reden=f["reason"]), style="yellow"), soft_wrap=True)
    console.print(Text(_("verklaring van vernietiging: {pad}", pad=str(t.path))), soft_wrap=True)


@app.command("audit", help=N_(
    "Toon het toegangslog (elke inzage en elk uitvoerbestand met zijn SHA-256) en het "
    "ontvangersregister, en controleer de hashketen van het log."))
def audit_cmd(
    case: Path = typer.Argument(..., help=N_("Casusopslag (.duckdb).")),
    recipients: bool = typer.Option(False, "--recipients",
                                    help=N_("Alleen het ontvangersregister: wie welk "
                                            "uitvoerbestand ontving.")),
    analyst: str | None = _ANALYST,
) -> None:
    from rich.text import Text

    from ..governance import (
        ACTION_LABELS,
        log_access,
        read_access_log,
        recipient_register,
        verify_access_log,
    )

    def s(r: dict, k: str) -> str:
        v = r.get(k)
        return "" if v is None or v != v else str(v)

    if recipients:
        reg = recipient_register(case)
        console.print(_("ontvangersregister: {uitvoer}",
                        uitvoer=ngettext("{n} uitvoerbestand", "{n} uitvoerbestanden", len(reg))),
                      highlight=False, markup=False)
        for r in reg.to_dict("records"):
            console.print(Text(f"{s(r, 'logged_at')[:19]}  {s(r, 'recipient')}  "
                               f"[{s(r, 'edition')}]  {s(r, 'path')}  sha256={s(r, 'sha256')}"),
                          soft_wrap=True)
    else:
        log = read_access_log(case)
        console.print(_("toegangslog: {regels}",
                        regels=ngettext("{n} vermelding", "{n} vermeldingen", len(log))),
                      highlight=False, markup=False)
        for r in log.to_dict("records"):
            action = s(r, "action")
            line = (f"#{s(r, 'entry_id')}  {s(r, 'logged_at')[:19]}  {s(r, 'analyst')}  "
                    f"{_(ACTION_LABELS[action]) if action in ACTION_LABELS else action}  "
                    f"{s(r, 'command')}  {s(r, 'path') or s(r, 'what')}")
            if s(r, "edition"):
                line += "  " + _("editie {editie}, ontvanger {ontvanger}",
                                 editie=s(r, "edition"), ontvanger=s(r, "recipient"))
            if s(r, "sha256"):
                line += f"  sha256={s(r, 'sha256')}"
            console.print(Text(line), soft_wrap=True)
    problems = verify_access_log(case)
    if problems:
        for p in problems:
            err_console.print(Text(_("toegangslog beschadigd: {probleem}", probleem=p),
                                   style="red"), soft_wrap=True)
    else:
        console.print(_("hashketen van het toegangslog is intact"), highlight=False,
                      markup=False)
    log_access(case, "audit", command="netwerk audit", what="access log", analyst=analyst)
    if problems:
        raise typer.Exit(1)


@app.command("decide", help=N_(
    "Leg een menselijk besluit over de casus vast; latere plannen, kaarten en rapporten tonen "
    "het."))
def decide_cmd(
    case: Path = typer.Argument(..., help=N_("Casusopslag (.duckdb).")),
    decided_by: str = typer.Option(..., "--by", help=N_("Wie besloot (orgaan, rol of naam).")),
    decided_on: str = typer.Option(..., "--on", help=N_("Datum van het besluit (JJJJ-MM-DD).")),
    decision: str = typer.Option(..., "--decision", help=N_("Wat besloten is.")),
    reasons: str = typer.Option(..., "--reasons",
                                help=N_("Waarom: de brongegevens en afwegingen waarop het "
                                        "besluit rust.")),
    alternatives: str = typer.Option("", "--alternatives", help=N_("Overwogen alternatieven.")),
    reservations: str = typer.Option("", "--reservations", help=N_("Voorbehouden en voorwaarden.")),
    analyst: str | None = _ANALYST,
) -> None:
    from ..errors import InputError, Reason
    from ..governance import log_access, record_decision

    if not case.exists():
        raise InputError(_("casusopslag niet gevonden"), reason=Reason.FILE_NOT_FOUND, file=str(case))
    new_id = record_decision(case, decided_by=decided_by, decided_on=decided_on, decision=decision,
                             reasons=reasons, alternatives=alternatives, reservations=reservations,
                             analyst=analyst)
    log_access(case, "decide", command="netwerk decide", what=f"decision {new_id}",
               analyst=analyst)
    console.print(_("besluit {nr} vastgelegd ({door}, {op})", nr=new_id, door=decided_by,
                    op=decided_on), highlight=False, markup=False)
