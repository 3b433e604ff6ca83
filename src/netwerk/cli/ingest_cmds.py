"""``netwerk ingest`` and ``netwerk info``: fill a case store and look at what is in it."""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import InputError, Reason
from ..i18n import N_, _, ngettext
from .main import app, console, step_label

__all__ = ["ingest", "info"]


def _progress():
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                    console=console, transient=True, disable=not console.is_terminal)


#: An import's status as users read it (Dutch message ids).
_STATUS = {"imported": N_("ingelezen"), "already_imported": N_("al ingelezen")}


def _table(title: str, cols: list[tuple[str, str]], rows: list[list]):
    """A Rich table; ``cols`` are (heading, justify); every cell is printed literally (file,
    partner and spec names are partner data, never Rich markup)."""
    from rich.table import Table
    from rich.text import Text

    t = Table(title=Text(title))
    for heading, justify in cols:
        t.add_column(Text(heading), justify=justify)
    for r in rows:
        t.add_row(*(Text(str(x)) for x in r))
    return t


def _reconciliation_table(results):
    """The reconciliation of an ingest: a table when it fits the terminal, else one block per
    file (an 80-column terminal, or output to a pipe, would cut every heading to ``best…``)."""
    from rich.console import Group
    from rich.measure import Measurement
    from rich.text import Text

    table = _full_table(results)
    wide = console.options.update(width=10_000, max_width=10_000)
    if Measurement.get(console, wide, table).maximum <= console.width:
        return table
    lines = [Text(_("Aansluiting van de import (gelezen = gebruikt + dubbel + afgewezen)"),
                  style="italic")]
    for r in results:
        s = r.summary()
        status = _(_STATUS[s["status"]]) if s["status"] in _STATUS else s["status"]
        lines.append(Text(_("{bestand} ({partner}, {status}): {relaties}, {knooppunten}",
                            bestand=s["file"], partner=s["partner"], status=status,
                            relaties=ngettext("{n} relatie", "{n} relaties",
                                              int(s["relations"])),
                            knooppunten=ngettext("{n} nieuw knooppunt", "{n} nieuwe knooppunten",
                                                 int(s["new nodes"])))))
        lines.append(Text("  " + _("gelezen {gelezen} = gebruikt {gebruikt} + dubbel {dubbel} + "
                                   "afgewezen {afgewezen}: sluit {sluit}", gelezen=s["read"],
                                   gebruikt=s["used"], dubbel=s["duplicates"],
                                   afgewezen=s["rejects"],
                                   sluit=_("ja") if r.reconciled else _("NEE"))))
    return Group(*lines)


def _full_table(results):
    return _table(
        _("Aansluiting van de import (gelezen = gebruikt + dubbel + afgewezen)"),
        [(_("bestand"), "left"), (_("partner"), "left"), (_("status"), "left"),
         (_("gelezen"), "right"), (_("gebruikt"), "right"), (_("dubbel"), "right"),
         (_("afgewezen"), "right"), (_("relaties"), "right"), (_("nieuwe knooppunten"), "right"),
         (_("sluit"), "center")],
        [[s["file"], s["partner"], _(_STATUS[s["status"]]) if s["status"] in _STATUS
          else s["status"], s["read"], s["used"], s["duplicates"], s["rejects"], s["relations"],
          s["new nodes"], _("ja") if r.reconciled else _("NEE")]
         for r, s in ((r, r.summary()) for r in results)])


@app.command("ingest", help=N_(
    "Lees gepseudonimiseerde extracten in een casusopslag in (herhaalbaar; vult aan).\n\nEen "
    "bestand nogmaals inlezen verandert niets; een mislukte import laat de casusopslag zoals die "
    "was."))
def ingest(
    extracts: list[Path] = typer.Argument(  # noqa: B008
        None, help=N_("Gepseudonimiseerd(e) extract(en) (elk met het bijbehorende sidecarbestand "
                      ".netwerk.json)."),
        show_default=False),
    case: Path = typer.Option(..., "--case", help=N_("De casusopslag (CASUS.duckdb); wordt "
                                                     "aangemaakt als die ontbreekt.")),  # noqa: B008
    spec: str = typer.Option(None, "--spec", help=N_("Extractspecificatie: meegeleverde naam of "
                                                     "pad naar YAML/TOML.")),
    manifest: Path = typer.Option(None, "--manifest",  # noqa: B008
                                  help=N_("YAML-manifest met de extracten en hun specificaties.")),
    override_leak_guard: bool = typer.Option(
        False, "--override-leak-guard",
        help=N_("Toch inlezen als identificatorkolommen ruw lijken (wordt vastgelegd in de "
                "herkomstgegevens).")),
    crime_type: str = typer.Option(None, "--crime-type", help=N_("Delicttype van de casus.")),
    rejects: Path = typer.Option(None, "--rejects",  # noqa: B008
                                 help=N_("Schrijf alle afgewezen regels van deze run naar een "
                                         "CSV-bestand.")),
) -> None:
    from ..ingest.pipeline import ingest_extracts, ingest_manifest

    if manifest is None and not extracts:
        raise InputError(_("geef EXTRACT... met --spec, of --manifest M.yaml"),
                         reason=Reason.INVALID_ARGUMENT)
    if manifest is not None and extracts:
        raise InputError(_("geef EXTRACT... of --manifest, niet allebei"),
                         reason=Reason.INVALID_ARGUMENT)
    if extracts and not spec:
        raise InputError(_("--spec is nodig bij EXTRACT..."), reason=Reason.INVALID_ARGUMENT)
    from rich.markup import escape  # a file name in a bar's description is no markup

    # all extracts of the command are one transaction: all stored, or none (a refusal of a
    # later one says "niets opgeslagen" in its error)
    with _progress() as bar:
        task = bar.add_task(_("inlezen"), total=1.0)

        def progress(step: str, frac: float) -> None:
            bar.update(task, description=escape(step_label(step)), completed=frac)

        if manifest is not None:
            results = ingest_manifest(case, manifest, override_leak_guard=override_leak_guard,
                                      progress=progress)
        else:
            results = ingest_extracts(case, [(p, spec) for p in extracts],
                                      override_leak_guard=override_leak_guard,
                                      crime_type=crime_type, progress=progress)
    console.print(_reconciliation_table(results))
    from rich.text import Text

    for r in results:
        if r.status == "already_imported":
            console.print(_("{bestand}: al ingelezen (import {nr}); niets gewijzigd",
                            bestand=r.file, nr=r.import_id),
                          highlight=False, markup=False, soft_wrap=True)
        if r.leak_override:
            console.print(Text(_("lekcontrole terzijde geschoven voor {bestand}; vastgelegd in de "
                                 "casusopslag", bestand=r.file), style="yellow"), soft_wrap=True)
        if r.status == "imported" and (r.relations_repeated or r.relations_already_stored):
            # one observation on several rows is stored once; a re-delivered one not again
            console.print(_("{bestand}: relaties {gemaakt} = opgeslagen {opgeslagen} + herhaald "
                            "binnen het extract {herhaald} + al opgeslagen {al}: sluit {sluit}",
                            bestand=r.file, gemaakt=r.relations_mapped, opgeslagen=r.relations,
                            herhaald=r.relations_repeated, al=r.relations_already_stored,
                            sluit=_("ja") if r.relations_reconciled else _("NEE")),
                          highlight=False, markup=False, soft_wrap=True)
        if r.n_rejects and r.status == "imported":
            # the reasons as in the rejects file's reason column, so a user can filter on them
            by_reason = r.rejects["reason"].value_counts().sort_index()
            console.print(_("{bestand}: afgewezen per reden: {redenen}", bestand=r.file,
                            redenen=", ".join(f"{k} {v}" for k, v in by_reason.items())),
                          highlight=False, markup=False, soft_wrap=True)
    if rejects is not None:
        import pandas as pd

        from ..ingest.pipeline import REJECT_COLUMNS
        from ..io import write_csv

        frames = [r.rejects for r in results if len(r.rejects)]
        out = (pd.concat(frames, ignore_index=True) if frames
               else pd.DataFrame(columns=[*REJECT_COLUMNS, "import_id"]))
        write_csv(out, rejects)  # partner text in the details: the safe writer
        console.print(_("afgewezen regels geschreven naar {pad}", pad=str(rejects)),
                      highlight=False, markup=False, soft_wrap=True)
    console.print(_("casusopslag: {pad}", pad=str(case)), highlight=False, markup=False,
                  soft_wrap=True)


def _console_patterns(case: Path) -> None:
    """The case's spec patterns join the console's masking (and every output guard) of this run."""
    from ..guard import add_patterns
    from ..privacy import case_patterns

    add_patterns(case_patterns(case))


@app.command("info", help=N_(
    "Samenvatting van een casus: knooppunten en relaties per soort en partner, componenten, "
    "imports en koppelpercentages."))
def info(case: Path = typer.Argument(..., help=N_("De casusopslag (CASUS.duckdb)."))) -> None:  # noqa: B008
    from rich.text import Text

    from ..governance import log_access
    from ..privacy import case_patterns, mask_name
    from ..store.load import case_summary
    from ..viz.payload import kind_label, relation_label

    s = case_summary(case)
    _console_patterns(case)
    log_access(case, "read", command="netwerk info", what="case summary")  # access log
    net = s["network"]
    ci = s["case_info"]
    head = Text(str(case), style="bold")
    if ci.get("case_name"):  # masked also for a store ingested before names were masked
        head.append(f" — {mask_name(ci['case_name'], case_patterns(case))}")
    if ci.get("crime_type"):
        head.append(" (" + _("delicttype: {delict}", delict=ci["crime_type"]) + ")")
    console.print(head, soft_wrap=True)
    console.print(_("{knooppunten}, {relaties}, {componenten} (grootste {grootste}, {losse}); "
                    "{samengevoegd}; sleutelvingerafdruk {vingerafdruk}",
                    knooppunten=ngettext("{n} knooppunt", "{n} knooppunten", net["nodes"]),
                    relaties=ngettext("{n} relatie", "{n} relaties", net["relations"]),
                    componenten=ngettext("{n} component", "{n} componenten", net["components"]),
                    grootste=net["largest_component"],
                    losse=ngettext("{n} los knooppunt", "{n} losse knooppunten", net["isolates"]),
                    samengevoegd=ngettext(
                        "{n} subject samengevoegd uit meerdere pseudoniemen",
                        "{n} subjecten samengevoegd uit meerdere pseudoniemen",
                        s["aliases_merged"]),
                    vingerafdruk=ci.get("key_fingerprint", "-")),
                  highlight=False, markup=False, soft_wrap=True)
    left, right = "left", "right"
    console.print(_table(_("Subjecten per partner en soort (na koppeling)"),
                         [(_("partner"), left), (_("soort"), left), (_("aantal"), right)],
                         [[r["partner"], kind_label(r["kind"]), r["n"]]
                          for r in s["nodes_by_partner"]]))
    console.print(_table(_("Knooppunten per soort"), [(_("soort"), left), (_("aantal"), right)],
                         [[kind_label(k), v] for k, v in s["nodes_by_kind"].items()]))
    console.print(_table(_("Relaties per soort en partner"),
                         [(_("soort"), left), (_("partner"), left), (_("aantal"), right)],
                         [[relation_label(r["kind"]), r["partner"], r["n"]]
                          for r in s["relations_by_kind_partner"]]))
    console.print(_table(_("Ingelezen bestanden"),
                         [(_("nr"), right), (_("bestand"), left), (_("partner"), left),
                          (_("specificatie"), left), (_("gelezen"), right),
                          (_("gebruikt"), right), (_("dubbel"), right), (_("afgewezen"), right),
                          (_("lekcontrole terzijde"), left)],
                         [[r["import_id"], r["file_name"], r["partner"], r["spec_name"],
                           r["rows_read"], r["rows_used"], r["duplicates"], r["rejects"],
                           _("ja") if r["leak_override"] else ""] for r in s["imports"]]))
    console.print(_table(_("Koppelpercentages (knooppunten die ook bij een andere partner bekend "
                           "zijn)"),
                         [(_("partner"), left), (_("soort sleutel"), left), (_("aantal"), right),
                          (_("gekoppeld"), right), (_("percentage"), right)],
                         [[r["partner"], r["key_kind"], r["count"], r["linked"],
                           f"{r['rate']:.0%}"] for r in s["match_rates"]]))
    if s["identity_conflicts"]:  # whole pseudonyms, one line each: a table would cut them
        console.print(_("Identiteitsconflicten: niet gekoppeld, want een subject heeft één "
                        "BSN, RSIN en KvK-nummer (bespreek ze met de partners)"),
                      highlight=False, markup=False, soft_wrap=True)
        for r in s["identity_conflicts"]:
            what = (_("één sleutel op meerdere nummers") if r["kind"] == "key_on_several"
                    else _("nummers via andere nummers verbonden"))
            console.print(f"  {r['keys'] or '-'} -> {r['linked_to'].replace(';', ', ')} ({what})",
                          highlight=False, markup=False, soft_wrap=True)
    if s["rejects_by_reason"]:
        console.print(_table(_("Afgewezen regels per reden"),
                             [(_("reden"), left), (_("aantal"), right)],
                             [[k, v] for k, v in s["rejects_by_reason"].items()]))
