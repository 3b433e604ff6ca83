"""``netwerk map``: an offline interactive HTML map of a case (and optional exports)."""

from __future__ import annotations

from pathlib import Path

import typer

from .main import app, console

__all__ = ["map_command"]


@app.command("map")
def map_command(
    case: Path = typer.Argument(..., help="Case store (.duckdb)."),
    out: Path = typer.Option(..., "--out", "-o", help="HTML file to write."),
    audience: str = typer.Option("case-meeting", "--audience",
                                 help="'case-meeting' or 'partner:NAME' (that partner's own view)."),
    model: str | None = typer.Option(None, "--model",
                                     help="Barrier model for the stages (default: the case's "
                                          "crime type)."),
    max_nodes: int = typer.Option(3000, "--max-nodes", help="Above this, show the vital nodes' "
                                                            "neighbourhood only."),
    export: list[str] = typer.Option([], "--export",
                                     help="Also export: gexf, graphml, i2 or csv (repeatable)."),
    seed: int = typer.Option(0, "--seed", help="Seed of the layout and measures."),
) -> None:
    """Write a self-contained map that opens offline, sized and coloured by how vital nodes are."""
    from ..case import open_case
    from ..viz import export as export_network

    c = open_case(case, model=model)
    part = None
    aud = audience
    if audience.startswith("partner:"):
        aud, part = "partner", audience.split(":", 1)[1]
    ranking = c.vital(seed=seed)
    plan = c.plan(seed=seed, vital=ranking) if c.model is not None else None
    res = c.map(out, vital=ranking, plan=plan, audience=aud, partner=part, seed=seed,
                max_nodes=max_nodes)
    vital = ranking.table
    net = c.net
    console.print(f"map: {res.path} ({res.n_nodes_shown} of {res.n_nodes_total} nodes shown)")
    for fmt in export:
        suffix = {"gexf": ".gexf", "graphml": ".graphml", "i2": ".xlsx", "csv": ""}.get(fmt, "")
        target = out.with_name(out.stem + ("-i2" if fmt == "i2" else "") + suffix)
        paths = export_network(net, target, format=fmt, vital=vital, seed=seed, audience=aud,
                               partner=part)
        for p in paths:
            console.print(f"export ({fmt}): {p}")
