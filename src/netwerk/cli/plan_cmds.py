"""``netwerk plan`` (barrier matrix, candidates, package, action plan) and ``netwerk log``."""

from __future__ import annotations

from pathlib import Path

import typer

from ..provenance import file_sha256, package_versions
from .main import app, console, err_console

__all__ = ["plan", "log_cmd"]


def _model_name(net, model: str | None) -> str:
    from ..errors import ConfigError
    from ..interventions import shipped_models

    if model:
        return model
    info = net.meta.get("case_info") or {}
    crime = info.get("crime_type") or net.meta.get("crime_type")
    if not crime:
        raise ConfigError("the case has no crime_type; give --model "
                          f"({', '.join(shipped_models())})")
    return str(crime)


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
) -> None:
    """Barrier matrix, candidate interventions, the chosen package and the action plan of a case."""
    import datetime as dt
    import json

    from ..analysis import vital_nodes
    from ..errors import InputError, Reason
    from ..graph.network import Network
    from ..interventions import (
        action_plan,
        apply_stage_rules,
        barrier_matrix,
        candidate_interventions,
        export_plan,
        load_barrier_model,
        load_catalogue,
        render_barrier_matrix,
        select_package,
    )
    from ..interventions.plan import write_csv

    if not case.exists():
        raise InputError("case store not found", reason=Reason.FILE_NOT_FOUND, file=str(case))
    net = Network.from_case(str(case))
    cat = load_catalogue(catalogue) if catalogue else None
    bm = load_barrier_model(_model_name(net, model), catalogue=cat)
    out.mkdir(parents=True, exist_ok=True)
    with console.status("stages and vital nodes ..."):
        staged = apply_stage_rules(net, bm)
        vital = vital_nodes(staged, group="stage", stages=bm.stage_ids, seed=seed)
    with console.status("barrier matrix and candidates ..."):
        matrix = barrier_matrix(staged, bm, vital=vital, top=top)
        write_csv(matrix, out / "barrier_matrix.csv", index=True)
        title = f"Barrièremodel {bm.label_nl}: {case.stem}"
        (out / "barrier_matrix.md").write_text(render_barrier_matrix(matrix, "markdown", title=title),
                                               encoding="utf-8")
        (out / "barrier_matrix.html").write_text(render_barrier_matrix(matrix, "html", title=title),
                                                 encoding="utf-8")
        cands = candidate_interventions(staged, bm, vital=vital, top=top, seed=seed,
                                        recovery=recovery)
        write_csv(cands, out / "candidates.csv")
    with console.status("choosing the package ..."):
        pkg = select_package(staged, bm, capacity=capacity, max_actions=max_actions, vital=vital,
                             top=top, recovery=recovery, seed=seed, candidates=cands)
        write_csv(pkg.actions, out / "package.csv")
        plan_df = action_plan(pkg, staged, bm, vital=vital)
        paths = export_plan(plan_df, out)
    files = ["barrier_matrix.csv", "barrier_matrix.md", "barrier_matrix.html", "candidates.csv",
             "package.csv"] + [p.name for p in paths.values()]
    prov = {
        "command": "netwerk plan",
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "case": {"path": str(case), "sha256": file_sha256(case),
                 "key_fingerprint": net.meta.get("key_fingerprint"),
                 "nodes": net.n_nodes, "relations": net.n_edges},
        "model": {"name": bm.name, "source": bm.source},
        "catalogue": {"source": bm.catalogue.source, "instruments": len(bm.catalogue)},
        "params": {k: v for k, v in pkg.params.items()},
        "package": {"method": pkg.method, "actions": len(pkg), "effect": pkg.effect,
                    "capacity_used": pkg.capacity_used},
        "seed": seed,
        "versions": package_versions(),
        "files": files,
    }
    (out / "provenance.json").write_text(json.dumps(prov, indent=2, default=str, ensure_ascii=False),
                                         encoding="utf-8")
    eff = pkg.effect
    console.print(f"{len(pkg)} actions by {len(pkg.capacity_used)} partners; expected disruption "
                  f"{eff['objective']:.3f} (largest component −{eff['lcc_share_drop']:.0%}, "
                  f"efficiency −{eff['efficiency_drop']:.0%}, chain broken in "
                  f"{eff['chain_broken']:.0%} of scenarios)", highlight=False)
    if not pkg.params.get("mix_satisfied", True):
        err_console.print("note: no mix of quick wins and longer actions fits the capacity",
                          highlight=False)
    console.print(f"written to {out}", highlight=False)


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
    from ..interventions import log_intervention

    new_id = log_intervention(case, action, target, partner, date, status, result=result,
                              notes=notes)
    console.print(f"intervention {new_id} recorded: {action} on {target} by {partner} ({status})",
                  highlight=False)
