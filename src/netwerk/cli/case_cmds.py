"""``netwerk case init|show|close``, ``netwerk purge``, ``netwerk audit`` and ``netwerk decide``.

Lawful use under the WGS (see :mod:`netwerk.governance`): the case record (purpose, legal basis,
start decision, partners, classification, retention), purge with a tombstone, the access log with
the recipient register, and the human decision record. Thin: parses, calls the library, prints.
"""

from __future__ import annotations

from pathlib import Path

import typer

from ..i18n import N_, _, ngettext
from .main import app, console, err_console

__all__ = ["case_app", "purge_cmd", "audit_cmd", "decide_cmd"]

case_app = typer.Typer(help="The case record: purpose, legal basis, start decision, retention.",
                       no_args_is_help=True, rich_markup_mode=None)
app.add_typer(case_app, name="case")

_ANALYST = typer.Option(None, "--analyst", help="Who acts (default: $NETWERK_ANALYST or the OS user).")


def _pairs(values: list[str], what: str) -> dict[str, str]:
    from ..errors import InputError, Reason

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


@case_app.command("init")
def case_init(
    case: Path = typer.Argument(..., help="Case store (.duckdb); created if it does not exist."),
    purpose: str = typer.Option("", "--purpose", help="The RIEC task this case serves."),
    public_interest: str = typer.Option("", "--public-interest",
                                        help="The zwaarwegend algemeen belang."),
    legal_basis: str = typer.Option("", "--legal-basis", help="The WGS provision."),
    ground: list[str] = typer.Option([], "--ground",
                                     help="PARTNER=GROUND: a partner's own provision ground "
                                          "(repeatable)."),
    start_by: str = typer.Option("", "--start-by", help="Who selected the signal."),
    start_on: str = typer.Option("", "--start-on", help="When (YYYY-MM-DD)."),
    start_reason: str = typer.Option("", "--start-reason", help="Why the case was started."),
    partner: list[str] = typer.Option([], "--partner", help="Participating partner (repeatable)."),
    classification: str | None = typer.Option(None, "--classification",
                                              help="Vertrouwelijk (default), Departementaal "
                                                   "vertrouwelijk, Stg. Confidentieel, Stg. Geheim, "
                                                   "Oefening."),
    retention_until: str = typer.Option("", "--retention-until",
                                        help="Purge after this date (YYYY-MM-DD); required."),
    training: bool = typer.Option(False, "--training",
                                  help="A training/demo case on synthetic data: analyses run "
                                       "without purpose and legal basis."),
    name: str | None = typer.Option(None, "--name", help="Case name (default: the file name)."),
    analyst: str | None = _ANALYST,
) -> None:
    """Record (or update) purpose, legal basis, start decision, partners and retention."""
    from ..governance import init_case, log_access

    rec = init_case(case, purpose=purpose, public_interest=public_interest,
                    legal_basis=legal_basis, partner_grounds=_pairs(ground, "--ground"),
                    start_by=start_by, start_on=start_on or None, start_reason=start_reason,
                    partners=partner, classification=classification,
                    retention_until=retention_until or None, training=training, name=name,
                    analyst=analyst)
    log_access(case, "record", command="netwerk case init", what=f"case record v{rec.version}",
               analyst=analyst)
    _print_record(rec)
    missing = rec.missing()
    if missing and not rec.training:
        err_console.print(_("let op: analyses worden geweigerd tot {velden} is vastgelegd",
                            velden=", ".join(_(_FIELDS.get(m, m)) for m in missing)),
                          highlight=False, markup=False)


@case_app.command("show")
def case_show(
    case: Path = typer.Argument(..., help="Case store (.duckdb)."),
    analyst: str | None = _ANALYST,
) -> None:
    """Show the case record, its decisions and how many outputs were written from it."""
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


@case_app.command("close")
def case_close(
    case: Path = typer.Argument(..., help="Case store (.duckdb)."),
    retention_until: str = typer.Option("", "--retention-until",
                                        help="New retention date (YYYY-MM-DD)."),
    analyst: str | None = _ANALYST,
) -> None:
    """Close the case: no new analyses; purge after the retention date."""
    from ..governance import close_case, log_access

    rec = close_case(case, analyst=analyst, retention_until=retention_until or None)
    log_access(case, "close", command="netwerk case close", what=f"case record v{rec.version}",
               analyst=analyst)
    console.print(_("casus {naam} gesloten; vernietigen na {datum} (netwerk purge {pad})",
                    naam=rec.case_name,
                    datum=rec.retention_until.isoformat() if rec.retention_until else "—",
                    pad=str(case)), highlight=False, markup=False, soft_wrap=True)


@app.command("purge")
def purge_cmd(
    case: Path = typer.Argument(..., help="Case store (.duckdb)."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
    reason: str = typer.Option("", "--reason", help="Why (written in the tombstone)."),
    analyst: str | None = _ANALYST,
) -> None:
    """Delete a case store and every output recorded for it; leave a tombstone."""
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
        if not typer.confirm(prompt, default=False):
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


@app.command("audit")
def audit_cmd(
    case: Path = typer.Argument(..., help="Case store (.duckdb)."),
    recipients: bool = typer.Option(False, "--recipients",
                                    help="Only the recipient register: who received which output."),
    analyst: str | None = _ANALYST,
) -> None:
    """Print the access log (every read and every output with its SHA-256) and the recipient
    register, and check the log's hash chain."""
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


@app.command("decide")
def decide_cmd(
    case: Path = typer.Argument(..., help="Case store (.duckdb)."),
    decided_by: str = typer.Option(..., "--by", help="Who decided (body, role or name)."),
    decided_on: str = typer.Option(..., "--on", help="Date of the decision (YYYY-MM-DD)."),
    decision: str = typer.Option(..., "--decision", help="What was decided."),
    reasons: str = typer.Option(..., "--reasons",
                                help="Why: the source records and considerations it rests on."),
    alternatives: str = typer.Option("", "--alternatives", help="Alternatives considered."),
    reservations: str = typer.Option("", "--reservations", help="Reservations, conditions."),
    analyst: str | None = _ANALYST,
) -> None:
    """Record a human decision on the case; later plans, maps and reports show it."""
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
