"""``netwerk map``: an offline interactive HTML map of a case (and optional exports)."""

from __future__ import annotations

from pathlib import Path

import typer

from ..i18n import _
from .main import PEILDATUM_HELP, app, console, warn

__all__ = ["map_command"]


@app.command("map")
def map_command(
    case: Path = typer.Argument(..., help="Case store (.duckdb)."),
    out: Path = typer.Option(..., "--out", "-o", help="HTML file to write."),
    edition: str | None = typer.Option(None, "--edition",
                                       help="casusoverleg (default) or partner:NAME; the "
                                            "stuurgroep and private partners get no map."),
    audience: str | None = typer.Option(None, "--audience",
                                        help="Older name of --edition: 'case-meeting' or "
                                             "'partner:NAME'."),
    analyst: str | None = typer.Option(None, "--analyst",
                                       help="Who runs this (default: $NETWERK_ANALYST or OS user)."),
    model: str | None = typer.Option(None, "--model",
                                     help="Barrier model for the stages (default: the case's "
                                          "crime type)."),
    max_nodes: int = typer.Option(3000, "--max-nodes", help="Above this, show the vital nodes' "
                                                            "neighbourhood only."),
    export: list[str] = typer.Option([], "--export",
                                     help="Also export: gexf, graphml, i2 or csv (repeatable)."),
    seed: int = typer.Option(0, "--seed", help="Seed of the layout and measures."),
    layout: str = typer.Option("auto", "--layout",
                               help="auto (force-directed) or barrier (value-chain stages as "
                                    "columns with the barriers per stage and partner)."),
    alternatives: bool = typer.Option(True, "--alternatives/--no-alternatives",
                                      help="Also compute the alternative packages for the "
                                           "what-if control (a few seconds per package)."),
    stability: str = typer.Option("auto", "--stability",
                                  help="Replicates of the rank intervals (zeker/onzeker) shown per "
                                       "node: auto (50 up to 1,000 nodes), a number, or 0 (off)."),
    timeline: bool = typer.Option(True, "--timeline/--no-timeline",
                                  help="Draw the case's timeline under the map."),
    peildatum: str | None = typer.Option(None, "--peildatum", help=PEILDATUM_HELP),
) -> None:
    """Write a self-contained map that opens offline, sized and coloured by how vital nodes are."""
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
    if out.is_dir() or out.suffix == "":  # --out DIR or DIR/: the map is DIR/<case>.html
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
