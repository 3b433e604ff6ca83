"""``netwerk annotate import``: bring the notes analysts wrote on a map into the case."""

from __future__ import annotations

from pathlib import Path

import typer

from ..i18n import N_
from .main import app, console, err_console

__all__ = ["annotate_app", "annotate_import"]

annotate_app = typer.Typer(help=N_("Notities van analisten bij knooppunten (op de kaart "
                                   "geschreven, als JSON geëxporteerd)."),
                           no_args_is_help=True)
app.add_typer(annotate_app, name="annotate")


@annotate_app.command("import", help=N_(
    "Lees de notities die vanuit een kaart zijn geëxporteerd in de casus in (een notitie die er "
    "al is, wordt overgeslagen)."))
def annotate_import(
    case: Path = typer.Argument(..., help=N_("Casusopslag (.duckdb).")),
    file: Path = typer.Argument(..., help=N_("Notitiebestand dat vanuit de kaart is geëxporteerd "
                                             "(JSON).")),
) -> None:
    from ..annotations import import_annotations
    from ..i18n import _, ngettext

    res = import_annotations(case, file)
    console.print(ngettext("{n} notitie ingelezen", "{n} notities ingelezen", res.imported)
                  + "; " + _("{d} al aanwezig, {r} geweigerd (van {t})", d=res.duplicates,
                             r=len(res.rejected), t=res.total), highlight=False, markup=False)
    for r in res.rejected:
        err_console.print(_("notitie {i}: {detail}", i=r["note"], detail=r["detail"]),
                          highlight=False, markup=False)
