"""The action plan: "who does what, why, when" per partner, and its exports.

Built from a :class:`~netwerk.interventions.selection.Package`: per action the target (pseudonym,
role and stage), the action (Dutch name), its legal basis, a rationale, the lead time, a start
window and the dependencies between actions (a seizure after the investigation).

Start windows (a planning convention, edit to your region's practice):

* ``quick_win``: week 1–4;
* ``months``: month 1–3;
* ``long``: month 1–6, running longer than half a year;
* an action that depends on another starts after it: ``na afronding van #k (...)``.

Exports escape every text cell that a spreadsheet would run as a formula (starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return) by prefixing ``'`` (CWE-1236, CSV/formula
injection): partner data such as trade names must never run as code on a partner's laptop.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from .. import io
from ..errors import ConfigError
from ..graph.network import Network

__all__ = ["START_WINDOWS", "action_plan", "export_plan", "plan_markdown"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

START_WINDOWS = {"quick_win": "week 1–4", "months": "maand 1–3", "long": "maand 1–6 (loopt > 6 maanden)"}


def _effect_nl(effect: Any) -> str:
    if effect.type == "remove_node":
        return "valt weg uit het netwerk"
    if effect.type == "cut_relations":
        return "beëindigt relaties " + "/".join(effect.relation_kinds)
    if effect.type == "disable_stage":
        return "kan zijn rol in de keten niet meer vervullen"
    return "maakt vervolgacties mogelijk"


def _role_text(net: Network, v: str) -> str:
    if str(v).startswith("fase:"):
        return f"omgeving van fase {str(v)[5:]} (verhuurders, branche, facilitators)"
    n = net.nodes
    parts = []
    if "rol" in n.columns and pd.notna(n.at[v, "rol"]):
        parts.append(str(n.at[v, "rol"]))
    if "stage" in n.columns and pd.notna(n.at[v, "stage"]):
        parts.append(f"fase {n.at[v, 'stage']}")
    if not parts:
        parts.append(str(n.at[v, "kind"]))
    return ", ".join(parts)


def action_plan(package: Any, net: Network, model: Any, *, vital: pd.DataFrame | None = None
                ) -> pd.DataFrame:
    """Who does what, why, when: one row per action, grouped by partner.

    Parameters
    ----------
    package : Package
    net : Network
        The network the package was chosen on (for roles and stages; the model's stage rules are
        applied).
    model : BarrierModel
    vital : DataFrame, optional
        A :func:`netwerk.analysis.vital_nodes` table; its ``reason`` column goes into the rationale.

    Returns
    -------
    pd.DataFrame
        Columns ``partner``, ``order``, ``target``, ``target_role``, ``action_id``, ``action``
        (Dutch name), ``spectrum``, ``effects`` (typed effects, Dutch), ``legal_basis`` (for the
        case's crime type), ``source``, ``decision`` (``direct`` or ``voorstel aan ...``),
        ``rationale``, ``lead_time``, ``start_window``, ``depends_on`` (``#k action (partner)``
        or empty), ``effort_days``, ``effort_range``, ``request_without_case_data``,
        ``marginal_effect``. Sorted by partner (catalogue order) then order in the package.

    Notes
    -----
    A private partner (bank, notary, landlord, grid operator) receives a *request without case
    data*: its rationale says so and carries no police- or tax-derived facts.
    """
    from .barriers import apply_stage_rules

    net = apply_stage_rules(net, model)
    cat = model.catalogue
    acts = package.actions
    by_order = {int(r.order): r for r in acts.itertuples()}
    reasons = {}
    if vital is not None and "reason" in vital.columns:
        reasons = {str(k): str(v) for k, v in vital["reason"].items() if pd.notna(v)}
    rows = []
    for r in acts.itertuples():
        ins = cat[r.action_id]
        dep = int(r.depends_on)
        if dep:
            d = by_order[dep]
            dep_txt = f"#{dep} {cat[d.action_id].name_nl} ({d.partner})"
            window = f"na afronding van #{dep}, dan {START_WINDOWS[ins.lead_time]}"
        else:
            dep_txt = ""
            window = START_WINDOWS[ins.lead_time]
        why = reasons.get(r.target, "")
        private = cat.is_private(ins.partner)
        if private:
            rationale = ("Verzoek zonder casusgegevens: " + ins.name_nl
                         + f"; verwacht extra effect {r.marginal_effect:+.3f}")
        else:
            rationale = (f"{_effect_nl(ins.effect)}: {_role_text(net, r.target)}"
                         + (f" ({why})" if why else "")
                         + f"; verwacht extra effect {r.marginal_effect:+.3f} (kans van slagen "
                         f"{ins.strength:.0%})")
        override = getattr(r, "override_reason", "")
        if override:
            rationale += f"; besluit analist (kwetsbare persoon): {override}"
        lo, hi = ins.effort_range or (ins.effort_days, ins.effort_days)
        rows.append({"partner": ins.partner, "order": int(r.order), "target": r.target,
                     "target_role": _role_text(net, r.target), "action_id": ins.id,
                     "action": ins.name_nl, "spectrum": ins.spectrum,
                     "effects": ins.describe_effects(),
                     "legal_basis": ins.legal_basis_for(model.crime_type),
                     "source": f"{ins.source.title} ({ins.source.year})",
                     "decision": ("direct" if ins.decision == "direct" else
                                  f"voorstel aan {ins.decider or 'de beslisser'}"),
                     "rationale": rationale,
                     "lead_time": ins.lead_time, "start_window": window, "depends_on": dep_txt,
                     "effort_days": ins.effort_days, "effort_range": f"{lo:g}–{hi:g}",
                     "request_without_case_data": private,
                     "marginal_effect": float(r.marginal_effect)})
    cols = ["partner", "order", "target", "target_role", "action_id", "action", "spectrum",
            "effects", "legal_basis", "source", "decision", "rationale", "lead_time",
            "start_window", "depends_on", "effort_days", "effort_range",
            "request_without_case_data", "marginal_effect"]
    df = pd.DataFrame(rows, columns=cols)
    porder = {p: i for i, p in enumerate(cat.partners)}
    if len(df):
        df = (df.assign(_p=df["partner"].map(porder)).sort_values(["_p", "order"], kind="stable")
              .drop(columns="_p").reset_index(drop=True))
    return df


def plan_markdown(plan: pd.DataFrame, *, title: str = "Actieplan: wie doet wat, waarom, wanneer"
                  ) -> str:
    """The action plan as Markdown: one table per partner."""
    md = io.md_escape

    cols = ["order", "target", "target_role", "action", "legal_basis", "rationale", "start_window",
            "depends_on", "effort_days"]
    head = ["#", "doel", "rol/fase", "actie", "grondslag", "waarom", "wanneer", "na", "dagen"]
    out = [f"# {md(title)}", ""]
    if plan.empty:
        out.append("_Geen acties gekozen._")
    for partner, grp in plan.groupby("partner", sort=False):
        days = grp["effort_days"].sum()
        out += [f"## {md(partner)} ({len(grp)} acties, {days:g} persoonsdagen)", "",
                "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for r in grp.itertuples():
            out.append("| " + " | ".join(md(getattr(r, c)) for c in cols) + " |")
        out.append("")
    return "\n".join(out) + "\n"


def export_plan(plan: pd.DataFrame, out_dir: str | Path, *,
                formats: Iterable[str] = ("csv", "xlsx", "md"), name: str = "action_plan"
                ) -> dict[str, Path]:
    """Write the action plan as CSV, Excel and/or Markdown.

    Text cells that start like a formula are neutralised (see the module docstring).

    Returns
    -------
    dict
        Format -> path written.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for fmt in formats:
        if fmt == "csv":
            paths["csv"] = io.write_csv(plan, out / f"{name}.csv")
        elif fmt == "xlsx":
            p = out / f"{name}.xlsx"
            sheets = {"actieplan": plan}
            for partner, grp in plan.groupby("partner", sort=False):
                sheet = "".join(ch for ch in str(partner) if ch not in "[]:*?/\\'")[:31] or "partner"
                sheets[sheet] = grp
            io.write_xlsx(sheets, p)
            paths["xlsx"] = p
        elif fmt == "md":
            p = out / f"{name}.md"
            io.write_markdown(plan_markdown(plan), p)
            paths["md"] = p
        else:
            raise ConfigError(f"unknown plan format '{fmt}' (use csv, xlsx, md)")
    return paths
