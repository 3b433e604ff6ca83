"""``netwerk ingest`` and ``netwerk info``: fill a case store and look at what is in it."""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import InputError, Reason
from .main import app, console

__all__ = ["ingest", "info"]


def _progress():
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                    console=console, transient=True)


def _reconciliation_table(results):
    from rich.table import Table

    table = Table(title="Ingest reconciliation (read = used + duplicates + rejects)")
    for col, justify in (("file", "left"), ("partner", "left"), ("status", "left"),
                         ("read", "right"), ("used", "right"), ("duplicates", "right"),
                         ("rejects", "right"), ("relations", "right"), ("new nodes", "right"),
                         ("ok", "center")):
        table.add_column(col, justify=justify)
    for r in results:
        s = r.summary()
        table.add_row(s["file"], s["partner"], s["status"].replace("_", " "), str(s["read"]),
                      str(s["used"]), str(s["duplicates"]), str(s["rejects"]),
                      str(s["relations"]), str(s["new nodes"]), "yes" if r.reconciled else "NO")
    return table


@app.command("ingest")
def ingest(
    extracts: list[Path] = typer.Argument(  # noqa: B008
        None, help="Pseudonymised extract(s) (each with its .netwerk.json sidecar).",
        show_default=False),
    case: Path = typer.Option(..., "--case", help="The case store (CASE.duckdb); created if missing."),  # noqa: B008
    spec: str = typer.Option(None, "--spec", help="Extract spec: shipped name or YAML/TOML path."),
    manifest: Path = typer.Option(None, "--manifest",  # noqa: B008
                                  help="YAML manifest listing extracts and their specs."),
    override_leak_guard: bool = typer.Option(
        False, "--override-leak-guard",
        help="Ingest even if identifier columns look raw (recorded in provenance)."),
    crime_type: str = typer.Option(None, "--crime-type", help="Crime type of the case."),
    rejects: Path = typer.Option(None, "--rejects",  # noqa: B008
                                 help="Write all rejected rows of this run to a CSV file."),
) -> None:
    """Ingest pseudonymised extracts into a case store (repeatable; accumulates).

    Re-ingesting a file changes nothing; an import that fails leaves the store as it was.
    """
    from ..ingest.pipeline import ingest_extract, ingest_manifest

    if manifest is None and not extracts:
        raise InputError("give EXTRACT... with --spec, or --manifest M.yaml",
                         reason=Reason.INVALID_ARGUMENT)
    if manifest is not None and extracts:
        raise InputError("give either EXTRACT... or --manifest, not both",
                         reason=Reason.INVALID_ARGUMENT)
    if extracts and not spec:
        raise InputError("--spec is required with EXTRACT...", reason=Reason.INVALID_ARGUMENT)
    results = []
    with _progress() as bar:
        task = bar.add_task("ingest", total=1.0)

        def progress(step: str, frac: float) -> None:
            bar.update(task, description=step, completed=frac)

        if manifest is not None:
            results = ingest_manifest(case, manifest, override_leak_guard=override_leak_guard,
                                      progress=progress)
        else:
            for i, path in enumerate(extracts):
                def sub(step: str, frac: float, _i=i, _name=path.name) -> None:
                    progress(f"{_name}: {step}", (_i + frac) / len(extracts))

                results.append(ingest_extract(case, path, spec,
                                              override_leak_guard=override_leak_guard,
                                              crime_type=crime_type, progress=sub))
    console.print(_reconciliation_table(results))
    for r in results:
        if r.status == "already_imported":
            console.print(f"{r.file}: already imported (import {r.import_id}); nothing changed",
                          highlight=False, soft_wrap=True)
        if r.leak_override:
            console.print(f"[yellow]leak guard overridden for {r.file}; recorded in the case "
                          "store[/]")
        if r.n_rejects and r.status == "imported":
            by_reason = r.rejects["reason"].value_counts().sort_index()
            console.print(f"{r.file}: rejects by reason: "
                          + ", ".join(f"{k} {v}" for k, v in by_reason.items()), highlight=False,
                          soft_wrap=True)
    if rejects is not None:
        import pandas as pd

        frames = [r.rejects for r in results if len(r.rejects)]
        out = pd.concat(frames, ignore_index=True) if frames else None
        if out is None:
            out = pd.DataFrame(columns=["import_id", "file", "row", "column", "reason", "detail"])
        out.to_csv(rejects, index=False)
        console.print(f"rejects written to {rejects}")
    console.print(f"case store: {case}", soft_wrap=True)


@app.command("info")
def info(case: Path = typer.Argument(..., help="The case store (CASE.duckdb).")) -> None:  # noqa: B008
    """Summary of a case: nodes and relations by kind and partner, components, imports, match
    rates."""
    from rich.table import Table

    from ..governance import log_access
    from ..store.load import case_summary

    s = case_summary(case)
    log_access(case, "read", command="netwerk info", what="case summary")  # access log
    net = s["network"]
    ci = s["case_info"]
    head = f"[bold]{case}[/]"
    if ci.get("case_name"):
        head += f" — {ci['case_name']}"
    if ci.get("crime_type"):
        head += f" (crime type: {ci['crime_type']})"
    console.print(head, soft_wrap=True)
    console.print(f"{net['nodes']} nodes, {net['relations']} relations, {net['components']} "
                  f"components (largest {net['largest_component']}, isolates {net['isolates']}); "
                  f"{s['aliases_merged']} subject(s) merged from several pseudonyms; key "
                  f"fingerprint {ci.get('key_fingerprint', '-')}", highlight=False, soft_wrap=True)

    def table(title: str, cols: list[str], rows: list[list]) -> Table:
        t = Table(title=title)
        for c in cols:
            t.add_column(c, justify="right" if c in ("n", "count", "linked", "rate", "read", "used",
                                                      "duplicates", "rejects", "id") else "left")
        for r in rows:
            t.add_row(*(str(x) for x in r))
        return t

    console.print(table("Subjects by partner and kind (after linking)", ["partner", "kind", "n"],
                        [[r["partner"], r["kind"], r["n"]] for r in s["nodes_by_partner"]]))
    console.print(table("Nodes by kind", ["kind", "n"],
                        [[k, v] for k, v in s["nodes_by_kind"].items()]))
    console.print(table("Relations by kind and partner", ["kind", "partner", "n"],
                        [[r["kind"], r["partner"], r["n"]] for r in s["relations_by_kind_partner"]]))
    console.print(table("Imports", ["id", "file", "partner", "spec", "read", "used", "duplicates",
                                    "rejects", "leak override"],
                        [[r["import_id"], r["file_name"], r["partner"], r["spec_name"],
                          r["rows_read"], r["rows_used"], r["duplicates"], r["rejects"],
                          "yes" if r["leak_override"] else ""] for r in s["imports"]]))
    console.print(table("Match rates (nodes also known to another partner)",
                        ["partner", "key kind", "count", "linked", "rate"],
                        [[r["partner"], r["key_kind"], r["count"], r["linked"],
                          f"{r['rate']:.0%}"] for r in s["match_rates"]]))
    if s["rejects_by_reason"]:
        console.print(table("Rejected rows by reason", ["reason", "n"],
                            [[k, v] for k, v in s["rejects_by_reason"].items()]))
