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
from ..analysis.grading import grading_policy_text
from ..errors import ConfigError
from ..graph.network import Network
from ..i18n import N_, _, language, ngettext

__all__ = ["OBJECTIVE_LABELS", "SPECTRUM_LABELS", "START_WINDOWS", "action_plan", "export_plan",
           "kind_label", "package_table", "partner_label", "plan_markdown", "plan_summary", "relation_label", "stage_label",
           "target_text"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

#: Start windows per lead time (Dutch message ids; shown through :func:`netwerk.i18n._`).
START_WINDOWS = {"quick_win": N_("week 1–4"), "months": N_("maand 1–3"),
                 "long": N_("maand 1–6 (loopt > 6 maanden)")}

#: Dutch names of the spectrum of an instrument (prevention to repression).
SPECTRUM_LABELS = {"preventive": N_("preventief"), "administrative": N_("bestuurlijk"),
                   "criminal": N_("strafrechtelijk"), "fiscal": N_("fiscaal"),
                   "civil": N_("civielrechtelijk"), "protective": N_("zorg en bescherming")}

#: Dutch names of the objective's components (the package's expected effect).
OBJECTIVE_LABELS = {"harm": N_("minder schade"), "disruption": N_("verstoring van het netwerk"),
                    "money": N_("afpakken"), "resilience": N_("weerbaarheid")}


def stage_label(model: Any, stage: Any) -> str:
    """The label of a value-chain stage in the output's language (``label_nl``, or ``label_en``
    in English when the barrier model has one), never its id.

    Examples
    --------
    >>> from netwerk.interventions import load_barrier_model
    >>> stage_label(load_barrier_model("cannabis"), "electricity")
    'Elektriciteit (aftap)'
    """
    if stage is None or (isinstance(stage, float) and pd.isna(stage)) or str(stage) == "":
        return ""
    for st in getattr(model, "stages", ()) or ():
        if str(getattr(st, "id", "")) == str(stage):
            en = getattr(st, "label_en", "") if language() == "en" else ""
            return str(en or getattr(st, "label_nl", "") or stage)
    return str(stage)


def relation_label(kind: str) -> str:
    """The label of a relation kind in the output's language (``label_nl``/``label_en`` in the
    data model), or ``""`` if the data model has none (the identifier is never shown)."""
    from ..model import default_model

    rk = default_model().relation_kinds.get(str(kind))
    if rk is None or not rk.label_nl:
        return ""
    return rk.label(language())


def kind_label(kind: Any) -> str:
    """The name users read for a node kind (``label_nl`` / ``label_en`` of the data model), or
    the kind as given when the data model does not know it.

    Examples
    --------
    >>> kind_label("company")
    'onderneming'
    """
    from ..model import default_model

    meta = default_model().node_kinds.get(str(kind)) or {}
    en = meta.get("label_en") if language() == "en" else ""
    return str(en or meta.get("label_nl") or kind)


def partner_label(model: Any, partner: str) -> str:
    """The partner's name from the catalogue in the output's language (``name_nl``, or
    ``name_en`` in English; the shipped catalogue when ``model`` is ``None``), or its id."""
    cat = getattr(model, "catalogue", None)
    if cat is None:
        from .catalogue import default_catalogue

        cat = default_catalogue()
    info = getattr(cat, "partners", {}) or {}
    p = info.get(partner) or {}
    return str((p.get("name_en") if language() == "en" else "") or p.get("name_nl") or partner)


def _effect_nl(effect: Any) -> str:
    if effect.type == "remove_node":
        return _("valt weg uit het netwerk")
    if effect.type == "cut_relations":
        kinds = [relation_label(k) for k in effect.relation_kinds]
        kinds = [k for k in kinds if k]
        if kinds:
            return _("verbreekt relaties ({kinds})", kinds=", ".join(kinds))
        return _("verbreekt relaties van dit doel")
    if effect.type == "disable_stage":
        return _("kan zijn rol in de keten niet meer vervullen")
    return _("maakt vervolgacties mogelijk")


def _effects_text(ins: Any) -> str:
    parts = []
    for t in ins.effect_types:
        if t == "structural":
            parts.append(_("structureel: {effect}", effect=_effect_nl(ins.effect)))
        elif t == "financial":
            parts.append(_("financieel"))
        elif t == "preventive":
            parts.append(_("preventief (barrière)"))
        elif t == "information":
            parts.append(_("levert informatie op"))
        elif t == "protective":
            parts.append(_("beschermend (zorg)"))
    return "; ".join(parts)


def target_text(model: Any, target: str) -> str:
    """A package target as users read it: an environment target (``fase:<stage>``) becomes
    "omgeving van schakel '<label>'"; a node keeps its pseudonym."""
    t = str(target)
    if t.startswith("fase:"):
        return _("omgeving van schakel '{stage}'", stage=stage_label(model, t[5:]))
    return t


def _role_text(net: Network, v: str, model: Any = None) -> str:
    if str(v).startswith("fase:"):
        return _("omgeving van schakel '{stage}' (verhuurders, branche, facilitators)",
                 stage=stage_label(model, str(v)[5:]))
    n = net.nodes
    parts = []
    if "rol" in n.columns and pd.notna(n.at[v, "rol"]):
        parts.append(str(n.at[v, "rol"]))
    if "stage" in n.columns and pd.notna(n.at[v, "stage"]):
        parts.append(_("schakel '{stage}'", stage=stage_label(model, n.at[v, "stage"])))
    if not parts:
        parts.append(kind_label(n.at[v, "kind"]))
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
            dep_txt = f"#{dep} {cat[d.action_id].label()} ({partner_label(model, d.partner)})"
            window = _("na afronding van #{k}, dan {window}", k=dep,
                       window=_(START_WINDOWS[ins.lead_time]))
        else:
            dep_txt = ""
            window = _(START_WINDOWS[ins.lead_time])
        why = reasons.get(r.target, "")
        private = cat.is_private(ins.partner)
        role = _role_text(net, r.target, model)
        if private:
            rationale = _("Verzoek zonder casusgegevens: {action}; verwacht extra effect {effect}",
                          action=ins.label(), effect=f"{r.marginal_effect:+.3f}")
        else:
            rationale = (f"{_effect_nl(ins.effect)}: {role}" + (f" ({why})" if why else "")
                         + "; " + _("verwacht extra effect {effect} (kans van slagen {p})",
                                    effect=f"{r.marginal_effect:+.3f}",
                                    p=f"{ins.strength:.0%}"))
        override = getattr(r, "override_reason", "")
        if override:
            rationale += "; " + _("besluit analist (kwetsbare persoon): {reason}", reason=override)
        lo, hi = ins.effort_range or (ins.effort_days, ins.effort_days)
        rows.append({"partner": ins.partner, "order": int(r.order), "target": r.target,
                     "target_role": role, "action_id": ins.id,
                     "action": ins.label(),
                     "spectrum": _(SPECTRUM_LABELS.get(ins.spectrum, ins.spectrum)),
                     "effects": _effects_text(ins),
                     "legal_basis": ins.legal_basis_for(model.crime_type),
                     "source": f"{ins.source.title} ({ins.source.year})",
                     "decision": _decision_text(ins),
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


def _decision_text(ins: Any) -> str:
    return (_("direct") if ins.decision == "direct" else
            _("voorstel aan {decider}", decider=ins.decider or _("de beslisser")))


def package_table(table: pd.DataFrame, model: Any) -> pd.DataFrame:
    """A package's actions (or the candidate interventions) as an output shows them, in the
    output's language.

    The plan keeps language-neutral codes (``reason``, ``spectrum``, ``decision``, the effect);
    this renders them: ``name_nl`` becomes ``action`` (the action's name in the output's
    language), ``effect`` the effect in words, ``spectrum`` and ``decision`` their labels,
    ``reason`` (a package) the sentence of
    :func:`~netwerk.interventions.texts.reason_text`, and an environment target's ``label`` the
    stage's environment. Numbers, order and every other column stay as they are, so the same plan
    gives the same table in Dutch and in English but for its words.

    Parameters
    ----------
    table : DataFrame
        ``Package.actions`` or a :func:`~netwerk.interventions.candidate_interventions` table.
    model : BarrierModel

    Returns
    -------
    DataFrame
        A copy; ``name_nl`` renamed to ``action``.

    Examples
    --------
    >>> from netwerk.i18n import using
    >>> from netwerk.interventions import load_barrier_model
    >>> m = load_barrier_model("cannabis")
    >>> acts = pd.DataFrame({"target": ["P1"], "action_id": ["bestuurlijke_rapportage"],
    ...                      "name_nl": ["Bestuurlijke rapportage"], "partner": ["politie"],
    ...                      "spectrum": ["administrative"], "reason": ["precondition"]})
    >>> package_table(acts, m).loc[0, ["spectrum", "reason"]].tolist()
    ['bestuurlijk', 'voorwaarde voor een volgende actie op hetzelfde doel']
    >>> with using("en"):
    ...     package_table(acts, m).loc[0, ["spectrum", "reason"]].tolist()
    ['administrative', 'precondition for a next action on the same target']
    """
    from .texts import reason_text

    cat = model.catalogue
    out = table.copy()
    if not len(out) or "action_id" not in out.columns:
        return out.rename(columns={"name_nl": "action"})
    ins = [cat.instruments.get(a) for a in out["action_id"].astype(str)]

    def each(fn: Any, col: str) -> list[Any]:
        return [fn(i) if i is not None else v for i, v in zip(ins, out[col], strict=True)]

    if "name_nl" in out.columns:
        out["name_nl"] = each(lambda i: i.label(), "name_nl")
    if "effect" in out.columns:
        out["effect"] = each(lambda i: _effect_nl(i.effect), "effect")
    if "spectrum" in out.columns:
        out["spectrum"] = [_(SPECTRUM_LABELS[s]) if s in SPECTRUM_LABELS else s
                           for s in out["spectrum"]]
    if "decision" in out.columns:
        out["decision"] = each(_decision_text, "decision")
    if "reason" in out.columns:
        out["reason"] = [reason_text(r["reason"], r, model) for r in table.to_dict("records")]
    if "label" in out.columns and "target" in out.columns:
        env = out["target"].astype(str).str.startswith("fase:")
        out.loc[env, "label"] = [target_text(model, t) for t in out.loc[env, "target"]]
    return out.rename(columns={"name_nl": "action"})


def plan_summary(package: Any, model: Any = None) -> dict[str, Any]:
    """The plan's header facts: capacity per partner (used of available, person-days) and the
    total expected effect with its breakdown (weight × component of the integrated objective).

    Returns
    -------
    dict
        ``capacity``: list of ``{"partner", "name", "used", "available"}`` (partners with an
        action first, catalogue order); ``effect``: the objective (0–1); ``breakdown``: list of
        ``{"component", "label", "value"}``; ``euro``: estimated € if every action succeeds.
    """
    used = dict(getattr(package, "capacity_used", {}) or {})
    avail = dict(getattr(package, "capacity", {}) or {})
    cap = [{"partner": p, "name": partner_label(model, p), "used": float(used.get(p, 0.0)),
            "available": float(avail.get(p, 0.0))} for p in used if used.get(p, 0)]
    eff = dict(getattr(package, "effect", {}) or {})
    br = dict((getattr(package, "objective", {}) or {}).get("breakdown", {}) or {})
    breakdown = [{"component": k, "label": _(lbl), "value": float(br.get(k, 0.0))}
                 for k, lbl in OBJECTIVE_LABELS.items() if k in br]
    return {"capacity": cap, "effect": float(eff.get("objective", 0.0) or 0.0),
            "breakdown": breakdown, "euro": float(eff.get("euro", 0.0) or 0.0)}


def plan_markdown(plan: pd.DataFrame, *, title: str | None = None, case: str | None = None,
                  date: str | None = None, package: Any = None, model: Any = None) -> str:
    """The action plan as Markdown: a title, the date, capacity per partner, the total expected
    effect with its breakdown, then one table per partner.

    Parameters
    ----------
    plan : DataFrame
        From :func:`action_plan`.
    title : str, optional
        Default "Actieplan: wie doet wat, waarom, wanneer" (with the case name if given).
    date : str, optional
        Printed as given (no clock is read, so reruns give the same bytes).
    package : Package, optional
        For capacity and the expected effect (:func:`plan_summary`).
    """
    md = io.md_escape
    if title is None:
        title = _("Actieplan: wie doet wat, waarom, wanneer")
        if case:
            title = _("Actieplan {case}: wie doet wat, waarom, wanneer", case=case)
    cols = ["order", "target", "target_role", "action", "legal_basis", "rationale", "start_window",
            "depends_on", "effort_days"]
    head = [_("#"), _("doel"), _("rol en schakel"), _("actie"), _("grondslag"), _("waarom"),
            _("wanneer"), _("na"), _("dagen")]
    out = [f"# {md(title)}", ""]
    out.append(_("Datum: {date}", date=md(date)) if date else _("Datum: niet opgegeven"))
    out += ["", grading_policy_text(), ""]  # the ranking the targets come from rests on it
    if package is not None:
        s = plan_summary(package, model)
        parts = ", ".join(f"{b['label']} {b['value']:.3f}" for b in s["breakdown"])
        out += [_("Verwacht totaal effect: {effect} (op een schaal van 0 tot 1){breakdown}.",
                  effect=f"{s['effect']:.3f}",
                  breakdown=(": " + parts) if parts else ""), ""]
        if s["capacity"]:
            out += ["| " + _("partner") + " | " + _("ingezet (persoonsdagen)") + " | "
                    + _("beschikbaar (persoonsdagen)") + " |", "|---|---|---|"]
            out += [f"| {md(c['name'])} | {c['used']:g} | {c['available']:g} |"
                    for c in s["capacity"]]
            out.append("")
    if package is not None:
        from .texts import requirement_text

        reqs = (getattr(package, "params", {}) or {}).get("requirements") or []
        if reqs:  # the package's rules (trekker, minimum per kind, locks) and whether they held
            out += [_("Regels van het pakket:"), ""]
            out += [f"- {md(requirement_text(r, model))}" for r in reqs]
            out.append("")
    if plan.empty:
        out.append("_" + _("Geen acties gekozen.") + "_")
    for partner, grp in plan.groupby("partner", sort=False):
        days = float(grp["effort_days"].sum())
        n_act = ngettext("{n} actie", "{n} acties", len(grp))
        n_days = ngettext("{days} persoonsdag", "{days} persoonsdagen", 1 if days == 1 else 2,
                          days=f"{days:g}")
        out += [f"## {md(partner_label(model, partner))} ({n_act}, {n_days})", "",
                "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for r in grp.itertuples():
            vals = {c: getattr(r, c) for c in cols}
            vals["target"] = target_text(model, vals["target"])
            out.append("| " + " | ".join(md(vals[c]) for c in cols) + " |")
        out.append("")
    return "\n".join(out) + "\n"


def export_plan(plan: pd.DataFrame, out_dir: str | Path, *,
                formats: Iterable[str] = ("csv", "xlsx", "md"), name: str = "action_plan",
                case: str | None = None, date: str | None = None, package: Any = None,
                model: Any = None) -> dict[str, Path]:
    """Write the action plan as CSV, Excel and/or Markdown (``case``, ``date``, ``package`` and
    ``model`` go into the Markdown header, see :func:`plan_markdown`).

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
            sheets = {_("actieplan"): plan}
            for partner, grp in plan.groupby("partner", sort=False):
                name_ = partner_label(model, str(partner))  # its name, not its id
                sheet = "".join(ch for ch in name_ if ch not in "[]:*?/\\'")[:31] or "partner"
                base, k = sheet, 2
                while sheet in sheets:  # two names alike in their first 31 characters
                    sheet = f"{base[:28]} {k}"
                    k += 1
                sheets[sheet] = grp
            io.write_xlsx(sheets, p)
            paths["xlsx"] = p
        elif fmt == "md":
            p = out / f"{name}.md"
            io.write_markdown(plan_markdown(plan, case=case, date=date, package=package,
                                             model=model), p)
            paths["md"] = p
        else:
            raise ConfigError(_("onbekend formaat '{formaat}' voor het actieplan (gebruik csv, "
                                "xlsx, md)", formaat=fmt))
    return paths
