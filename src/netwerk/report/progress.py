"""The progress report of one case: what the partners did and what it changed (scene 4).

Built from the case store's intervention log with :func:`netwerk.interventions.progress`: the
executed actions in execution order with their marginal effect on the disruption objective, the
network measures before and after, each partner's contribution, the value-chain stages that lost
all their providers, and what is left (open actions, stages still provided).

The **progress story** (principle: *make joint successes visible*): a timeline of every action
(planned, in progress, executed, failed, cancelled with its reason), the network before and after
as static SVG drawings (same layout seed; nodes the executed actions took out are left out of the
after-picture), outcomes (€ estimates by kind, premises closed, permits refused, persons in care,
...), each partner's fair contribution (Shapley credit, :mod:`netwerk.interventions.progress`) and
a short narrative in Dutch generated from those facts only (fixed sentence templates, no free
text). :func:`build_rollup` / :func:`write_rollup` add up several cases for the RIEC year report.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from markupsafe import Markup

from ..analysis.grading import grading_policy_record
from ..errors import InputError, Reason
from ..graph import Network
from ..i18n import N_, _, ngettext
from ..provenance import package_versions, provenance_record, write_provenance
from . import charts
from .build import crime_type_of
from .inputs import resolve_case
from .render import WriteResult, render_template, sanitise_svg, table, write_csv, write_page

__all__ = ["ProgressReport", "Rollup", "build_progress", "build_rollup", "edition_progress",
           "write_progress", "write_rollup", "narrative", "MEASURES", "STATUS_LABELS",
           "outcome_lines"]

log = logging.getLogger(__name__)

#: Network measures shown before/after, with a Dutch label (shown through :func:`_`).
MEASURES = {
    "disruption": N_("verstoring (0–1)"),
    "lcc_size": N_("grootste samenhangende deel (actoren)"),
    "lcc_share": N_("grootste samenhangende deel (aandeel van het begin)"),
    "components": N_("losse delen"),
    "efficiency": N_("bereikbaarheid binnen het netwerk (efficiëntie)"),
    "chain_connected": N_("keten verbonden (eerste tot laatste schakel)"),
    "chain_complete": N_("keten compleet (elke schakel heeft een leverancier)"),
}

#: Status of an action in the log, in Dutch.
STATUS_LABELS = {"planned": N_("gepland"), "in_progress": N_("bezig"),
                 "executed": N_("uitgevoerd"), "failed": N_("mislukt"),
                 "cancelled": N_("geannuleerd")}

def _outcome_text(kind: str, n: int) -> str | None:
    """An outcome indicator (catalogue ``outcome``) with its count, in Dutch with the right plural
    (``None`` for outcomes that are not counted in the story)."""
    texts = {
        "pand_gesloten": lambda: ngettext("{n} pand gesloten", "{n} panden gesloten", n),
        "vergunning_geweigerd": lambda: ngettext("{n} vergunning geweigerd of ingetrokken",
                                                 "{n} vergunningen geweigerd of ingetrokken", n),
        "persoon_in_zorg": lambda: ngettext("{n} persoon in zorg", "{n} personen in zorg", n),
        "aanhouding": lambda: ngettext("{n} aanhouding", "{n} aanhoudingen", n),
        "veroordeling": lambda: ngettext("{n} veroordeling", "{n} veroordelingen", n),
        "kwekerij_geruimd": lambda: ngettext("{n} kwekerij geruimd", "{n} kwekerijen geruimd", n),
        "lab_geruimd": lambda: ngettext("{n} drugslab geruimd", "{n} drugslabs geruimd", n),
        "rechtspersoon_ontbonden": lambda: ngettext("{n} rechtspersoon ontbonden",
                                                    "{n} rechtspersonen ontbonden", n),
        "bestuursverbod": lambda: ngettext("{n} bestuursverbod", "{n} bestuursverboden", n),
        "huur_ontbonden": lambda: ngettext("{n} huurovereenkomst ontbonden",
                                           "{n} huurovereenkomsten ontbonden", n),
    }
    f = texts.get(kind)
    return f() if f else None


#: Kinds of money in the outcome indicators.
EURO_LABELS = {"seized": N_("in beslag genomen"), "confiscated": N_("ontnomen"),
               "recovered": N_("teruggevorderd"), "assessed": N_("aangeslagen (fiscaal)")}

_EXECUTED_COLS = ["date", "partner", "action_id", "action", "target", "result", "effort_days",
                  "marginal_effect", "cumulative_effect"]
_OPEN_COLS = ["date", "partner", "action_id", "action", "target", "status", "notes"]


@dataclass(frozen=True, eq=False)
class ProgressReport:
    """Everything the progress report shows, as plain data.

    ``measures`` is indexed by measure with columns ``label``, ``before``, ``after``, ``change``;
    ``contributions`` by partner with ``actions``, ``effort_days``, ``marginal_effect``, ``share``;
    ``providers`` by stage with ``before``, ``after``.
    """

    name: str
    crime_type: str
    model_name: str
    measures: pd.DataFrame
    executed: pd.DataFrame
    contributions: pd.DataFrame
    stages_broken: tuple[str, ...]
    providers: pd.DataFrame
    open_actions: pd.DataFrame
    skipped: pd.DataFrame
    records: int
    seed: int
    provenance: Mapping[str, Any] = field(default_factory=dict)
    versions: Mapping[str, str] = field(default_factory=dict)
    timeline: pd.DataFrame = field(default_factory=pd.DataFrame)
    outcomes: Mapping[str, Any] = field(default_factory=dict)
    narrative: tuple[str, ...] = ()
    before_svg: str | None = None
    after_svg: str | None = None
    model_label: str = ""


def build_progress(case: str | Path, *, model: str | None = None, seed: int = 0,
                   recovery: Any = None) -> ProgressReport:
    """Build the progress report of a case store from its intervention log.

    Parameters
    ----------
    case : str or Path
        A case store (``.duckdb``) with logged interventions (``netwerk log``).
    model : str, optional
        Barrier model name or YAML path (default: the case's crime type).
    seed, recovery : see :func:`netwerk.interventions.progress`.

    Returns
    -------
    ProgressReport
    """
    from ..case import open_case
    from ..interventions.progress import progress

    ci = resolve_case(case)
    if ci.kind != "store":
        raise InputError(_("een voortgangsrapport vraagt een casusopslag (.duckdb) met een "
                           "interventielogboek"),
                         file=ci.path.name, reason=Reason.INVALID_ARGUMENT)
    case_ = open_case(ci.path, model=model, allow_closed=True)  # progress of a closed case too
    net = case_.net
    crime = crime_type_of(net) if model is None else str(case_.crime_type or "")
    bm = case_._require_model()
    res = progress(net, str(ci.path), bm, seed=seed, recovery=recovery)
    return _from_result(res, net=net, name=ci.name, crime_type=crime, model=bm, seed=seed,
                        provenance=ci.provenance())


def _from_result(res: Any, *, net: Network, name: str, crime_type: str, model: Any, seed: int,
                 provenance: Mapping[str, Any]) -> ProgressReport:
    from ..interventions.plan import partner_label, stage_label, target_text

    cat = model.catalogue

    def action_name(a: Any) -> str:  # in the output's language, as the map and the plan
        try:
            ins = cat[str(a)]
        except (KeyError, Exception):  # noqa: BLE001 - unknown ids are shown as they are
            return ""
        return ins.label()

    rows = []
    for k, label in MEASURES.items():
        b, a = res.before.get(k), res.after.get(k)
        if isinstance(b, bool) or isinstance(a, bool):
            change = _("verbroken") if b and not a else ""
            b = _("ja") if b else _("nee")
            a = _("ja") if a else _("nee")
        elif isinstance(b, int | float):
            change = float(a) - float(b)
        else:
            change = ""
        rows.append({"measure": k, "label": _(label), "before": b, "after": a, "change": change})
    measures = pd.DataFrame(rows).set_index("measure")
    executed = res.executed.copy()
    executed["action"] = executed["action_id"].map(action_name)
    executed["date"] = executed["date"].astype(str).replace({"NaT": "", "None": ""})
    _guard(name, executed, res.open_actions, getattr(res, "failed", pd.DataFrame()))
    timeline = _timeline(res, action_name, lambda p: partner_label(model, p),
                         lambda t: target_text(model, t))
    executed = executed[[c for c in _EXECUTED_COLS if c in executed.columns]]
    open_actions = res.open_actions.copy()
    if len(open_actions):
        open_actions["action"] = open_actions["action_id"].map(action_name)
        open_actions["date"] = open_actions["date"].astype(str).replace({"NaT": "", "None": ""})
    open_actions = open_actions[[c for c in _OPEN_COLS if c in open_actions.columns]]
    contributions = res.contributions.copy()
    contributions.index.name = "partner"
    outcomes = dict(getattr(res, "outcomes", {}) or {})
    broken = tuple(res.stages_broken)
    before_svg, after_svg = _pictures(net, res, cat, seed)
    prov = {**dict(provenance), "key_fingerprints": sorted(
        {fp for fp in [net.meta.get("key_fingerprint")] if fp}), "rows": {
        "nodes": net.n_nodes, "relations": net.n_edges, "log_records": int(res.params.get("records", 0)),
        "executed": int(res.params.get("executed", 0)), "skipped": int(res.params.get("skipped", 0))},
        "method": res.method, "params": {k: v for k, v in res.params.items() if k != "weights"}}
    rep = ProgressReport(
        name=name, crime_type=crime_type, model_name=model.name, measures=measures,
        executed=executed.reset_index(drop=True), contributions=contributions,
        stages_broken=broken, providers=res.providers.copy(),
        open_actions=open_actions.reset_index(drop=True), skipped=res.skipped.copy(),
        records=int(res.params.get("records", 0)), seed=seed, provenance=prov,
        versions=package_versions(), timeline=timeline, outcomes=outcomes,
        before_svg=before_svg, after_svg=after_svg, model_label=str(model.label()))
    return dataclasses.replace(rep, narrative=tuple(narrative(
        rep, partner=lambda p: partner_label(model, p), stage=lambda s: stage_label(model, s))))


def _timeline(res: Any, action_name: Any, partner: Any, target: Any) -> pd.DataFrame:
    """Every action's latest state, by date: planned, in progress, executed, failed, cancelled
    (with the reason from the log's result or notes)."""
    parts = [df for df in (res.executed, res.open_actions, getattr(res, "failed", None))
             if df is not None and len(df)]
    cols = [_("datum"), _("status"), _("partner"), _("actie"), _("doel"), _("toelichting")]
    if not parts:
        return pd.DataFrame(columns=cols)
    df = pd.concat([p[[c for c in ("intervention_id", "date", "status", "partner", "action_id",
                                   "target", "result", "notes") if c in p.columns]]
                    for p in parts], ignore_index=True)
    df["when"] = pd.to_datetime(df["date"], errors="coerce")
    df = df.sort_values(["when", "intervention_id"], kind="stable", na_position="last")

    def why(r: Any) -> str:
        bits = [str(getattr(r, c)) for c in ("result", "notes")
                if hasattr(r, c) and pd.notna(getattr(r, c)) and str(getattr(r, c)).strip()]
        return "; ".join(bits)

    rows = [[str(r.when.date()) if pd.notna(r.when) else "", _(STATUS_LABELS.get(r.status, r.status)),
             partner(r.partner), action_name(r.action_id) or str(r.action_id), target(r.target),
             why(r)] for r in df.itertuples()]
    return pd.DataFrame(rows, columns=cols)


def _pictures(net: Network, res: Any, cat: Any, seed: int) -> tuple[str | None, str | None]:
    """The network before and after (static SVG, same seed): the after-picture leaves out the
    nodes an executed action took out of the network (``remove_node``/``disable_stage``)."""
    from ..viz.payload import node_aliases
    from ..viz.svg import network_svg

    aliases = node_aliases(net)  # one name per node in both pictures, as on the map
    removed = set()
    for t, a in zip(res.executed.get("target", []), res.executed.get("action_id", []),
                    strict=False):
        try:
            eff = cat[str(a)].effect.type
        except Exception:  # noqa: BLE001 - unknown action: nothing removed
            continue
        if eff in ("remove_node", "disable_stage") and str(t) in net.nodes.index:
            removed.add(str(t))
    try:
        before = network_svg(net, width=420, height=300, seed=seed, aliases=aliases,
                             title=_("Netwerk vóór de interventies"))
        after_net = net.remove_nodes(sorted(removed)) if removed else net
        after = network_svg(after_net, width=420, height=300, seed=seed, aliases=aliases,
                            title=_("Netwerk na de uitgevoerde interventies"))
    except Exception:  # noqa: BLE001 - a picture is never a reason to lose the report
        log.debug("progress pictures failed", exc_info=True)
        log.warning(_("voortgangsrapportage: de netwerkplaatjes vóór en na de interventies zijn "
                      "weggelaten (tekenen mislukt; details met --debug)"))
        return None, None
    return before, after


def _euro(x: float) -> str:
    return f"{x:,.0f}".replace(",", ".")


def outcome_lines(outcomes: Mapping[str, Any]) -> list[str]:
    """Outcome indicators as Dutch phrases (€ by kind, then counts), e.g. "2 panden gesloten"."""
    lines = [_("€ {x} {kind} (schatting)", x=_euro(v), kind=_(EURO_LABELS.get(k, k)))
             for k, v in (outcomes.get("euro") or {}).items() if v]
    for k, n in (outcomes.get("counts") or {}).items():
        t = _outcome_text(k, int(n))
        if t:
            lines.append(t)
    return lines


def narrative(report: ProgressReport, *, partner: Any = str, stage: Any = str) -> list[str]:
    """A short story in Dutch made only from the report's facts (fixed sentence templates).

    Returns
    -------
    list of str
        Sentences: who did how much between which dates; what changed in the network; which
        chain stages lost all providers; outcomes; fair shares per partner; failed or cancelled
        actions with their reason; what is still open.
    """
    out: list[str] = []
    tl = report.timeline
    ex = tl[tl[_("status")] == _("uitgevoerd")] if len(tl) else tl
    partners = list(dict.fromkeys(ex[_("partner")])) if len(ex) else []
    if len(ex):
        dates = [d for d in ex[_("datum")] if d]
        span = (_(" tussen {a} en {b}", a=min(dates), b=max(dates))
                if len(set(dates)) > 1 else _(" op {a}", a=dates[0]) if dates else "")
        out.append(_("In {case} voerden {partners} samen {acts} uit{span}.", case=report.name,
                     partners=_join(partners), acts=ngettext("{n} actie", "{n} acties", len(ex)),
                     span=span))
    else:
        out.append(_("In {case} is nog geen actie uitgevoerd.", case=report.name))
    m = report.measures
    if len(ex) and "lcc_size" in m.index:
        b, a = m.loc["lcc_size", "before"], m.loc["lcc_size", "after"]
        if isinstance(b, int | float) and isinstance(a, int | float) and a < b:
            out.append(_("Het grootste samenhangende deel van het netwerk kromp van {b} naar {a} "
                         "actoren.", b=f"{b:g}", a=f"{a:g}"))
    if report.stages_broken:
        out.append(ngettext("De schakel {stages} heeft geen leverancier meer.",
                            "De schakels {stages} hebben geen leverancier meer.",
                            len(report.stages_broken),
                            stages=_join([f"'{stage(s)}'" for s in report.stages_broken])))
    elif len(ex):
        out.append(_("Nog geen schakel van de keten is helemaal weggevallen."))
    lines = outcome_lines(report.outcomes)
    if lines:
        out.append(_("Resultaten: {r}.", r=_join(lines)))
    c = report.contributions
    if len(c) and "shapley_share" in c.columns and float(c["shapley"].sum()) > 0:
        top = c.sort_values(["shapley_share"], ascending=False, kind="stable")
        shares = [_("{p} {x}", p=partner(p), x=f"{v:.0%}") for p, v in
                  top["shapley_share"].items() if v > 0]
        out.append(_("Eerlijk verdeeld over alle volgordes (Shapley) is het effect te danken aan "
                     "{shares}.", shares=_join(shares)))
    if len(tl):
        bad = tl[tl[_("status")].isin([_("mislukt"), _("geannuleerd")])]
        for _i, r in bad.iterrows():
            why = str(r.get(_("toelichting"), "") or "")
            out.append(_("{action} ({partner}) is {status}{why}.", action=r[_("actie")],
                         partner=r[_("partner")], status=r[_("status")],
                         why=(": " + why) if why else ""))
    n_open = int(tl[_("status")].isin([_("gepland"), _("bezig")]).sum()) if len(tl) else 0
    if n_open:
        out.append(ngettext("{n} actie staat nog open.", "{n} acties staan nog open.", n_open))
    return out


def _join(items: list[str]) -> str:
    items = [str(i) for i in items if str(i)]
    if len(items) <= 1:
        return "".join(items)
    return _("{a} en {b}", a=", ".join(items[:-1]), b=items[-1])


def _guard(name: str, *frames: pd.DataFrame) -> None:
    """Refuse a report whose free-text log fields hold something that looks like a raw identifier."""
    from ..viz.guard import check_no_raw_identifiers

    items = []
    for df in frames:
        for col in ("result", "notes", "target"):
            if col in df.columns:
                items.extend((_("interventielog, {kolom}", kolom=col), str(v))
                             for v in df[col].dropna())
    check_no_raw_identifiers(items, what=_("het voortgangsrapport van {naam}", naam=name),
                             source="note")  # the analysts' log text: advice to correct it


def _contrib_view(report: ProgressReport, partner: Any) -> pd.DataFrame:
    c = report.contributions
    cols = {"actions": _("acties"), "effort_days": _("persoonsdagen"),
            "shapley_share": _("eerlijk aandeel (Shapley)"),
            "marginal_effect": _("structureel effect in volgorde"),
            "enabling": _("maakte acties van anderen mogelijk"), "euro": _("€ (schatting)")}
    v = c[[k for k in cols if k in c.columns]].copy()
    if "shapley_share" in v.columns:
        v["shapley_share"] = [f"{x:.0%}" for x in v["shapley_share"].fillna(0.0)]
    if "euro" in v.columns:
        v["euro"] = [_euro(x) for x in v["euro"].fillna(0.0)]
    v.index = [partner(p) for p in v.index]
    v.index.name = _("partner")
    return v.rename(columns=cols)


def render_progress_html(report: ProgressReport, *, generated: str | None = None) -> str:
    """The self-contained ``progress.html`` (same report, same bytes)."""
    partner, stage = _labellers(report.model_name)
    contrib = report.contributions
    # issue 10: the fair (order-independent) Shapley credit when the result carries it
    col = "shapley" if "shapley" in contrib.columns else "marginal_effect"
    chart = Markup(charts.hbars(
        [(partner(p), float(v)) for p, v in contrib[col].fillna(0.0).items()],
        title=_("Eerlijk aandeel in het effect per partner (Shapley)"))) if len(contrib) else ""
    m = report.measures
    prov = report.providers.copy()
    prov.index = [stage(s) for s in prov.index]
    prov.index.name = _("schakel")
    prov = prov.rename(columns={"before": _("vóór"), "after": _("na")})
    mv = m[["label", "before", "after", "change"]].set_index("label")
    mv.index.name = _("maat")
    mv = mv.rename(columns={"before": _("vóór"), "after": _("na"), "change": _("verschil")})
    return render_template(
        "report_progress.html.j2", r=report, generated=generated,
        measures=table(mv, index=_("maat")), timeline=table(report.timeline),
        contributions=table(_contrib_view(report, partner), index=_("partner")),
        providers=table(prov, index=_("schakel")), outcomes=outcome_lines(report.outcomes),
        n_executed=int(dict(report.provenance).get("rows", {}).get("executed",
                                                                  len(report.executed))),
        skipped=table(report.skipped) if len(report.skipped) else None, chart=chart,
        before=sanitise_svg(report.before_svg), after=sanitise_svg(report.after_svg),
        stages_broken=[stage(s) for s in report.stages_broken],
        versions=dict(report.versions))


def edition_progress(report: ProgressReport, edition: Any = None,
                     hidden: pd.DataFrame | None = None) -> ProgressReport:
    """The progress report as an edition may show it (:func:`netwerk.governance.edition_log`).

    stuurgroep: executed and open actions per partner and action (counts, person-days, effect), no
    target, result or notes; partner:NAME and private:NAME: their own rows (private without target,
    result or notes); casusoverleg: everything, restricted attributes scrubbed from free text.
    Contributions per partner, measures and stages are case-level and shown to every edition
    (joint successes made visible).
    """
    import dataclasses

    from ..governance.editions import edition_log, parse_edition

    ed = parse_edition(edition)
    if ed.kind == "casusoverleg" and hidden is None:
        return report
    partner, stage = _labellers(report.model_name)
    tl = report.timeline
    if ed.own_rows_only and len(tl):
        tl = tl[tl[_("partner")] == partner(ed.partner)]
    if not ed.person_level or ed.kind == "private":  # no target, no free text
        tl = tl.drop(columns=[c for c in (_("doel"), _("toelichting")) if c in tl.columns])
    out = dataclasses.replace(
        report,
        executed=edition_log(report.executed, ed, hidden=hidden),
        open_actions=edition_log(report.open_actions, ed, hidden=hidden),
        skipped=edition_log(report.skipped, ed, hidden=hidden),
        timeline=tl.reset_index(drop=True),
        before_svg=report.before_svg if ed.map_allowed else None,
        after_svg=report.after_svg if ed.map_allowed else None,
    )
    return dataclasses.replace(out, narrative=tuple(narrative(out, partner=partner, stage=stage)))


def _labellers(model_name: str) -> tuple[Any, Any]:
    """Partner and stage label functions of a barrier model (ids if the model is unknown)."""
    from ..interventions import load_barrier_model
    from ..interventions.plan import partner_label, stage_label

    try:
        model = load_barrier_model(model_name)
    except Exception:  # noqa: BLE001 - an own model file: ids are shown
        model = None
    return (lambda p: partner_label(model, p)), (lambda s: stage_label(model, s))


def write_progress(report: ProgressReport, out_dir: str | Path, *,
                   generated: str | None = None, edition: Any = None,
                   hidden: pd.DataFrame | None = None, pdf: bool = False) -> WriteResult:
    """Write ``progress.html``, ``progress.csv`` (executed actions with their effect),
    ``progress_partners.csv`` (contributions), ``timeline.csv`` and ``provenance.json`` into
    ``out_dir`` (and ``progress.pdf`` with ``pdf=True``), for one edition
    (:func:`edition_progress`; default casusoverleg)."""
    report = edition_progress(report, edition, hidden)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files = [write_csv(report.executed, out / "progress.csv"),
             write_csv(report.contributions.reset_index(), out / "progress_partners.csv"),
             write_csv(report.timeline, out / "timeline.csv")]
    page_files, notes = write_page(render_progress_html(report, generated=generated),
                                   out / "progress.html", pdf=pdf)
    html_path = page_files[0]
    files.extend(page_files)
    p = dict(report.provenance)
    rec = provenance_record(
        "progress", inputs=p.get("files", []),
        case={"name": report.name, "crime_type": report.crime_type,
              "barrier_model": report.model_name},
        config={"model": report.model_name, "method": p.get("method"), "params": p.get("params"),
                "grading_policy": grading_policy_record()},
        seed=report.seed, key_fingerprints=p.get("key_fingerprints", []), rows=p.get("rows", {}),
        outputs=files, extra={"cases": [p]})
    prov = write_provenance(out, rec)
    return WriteResult(files=tuple(files) + (prov,), open_first=html_path, notes=tuple(notes))


# --------------------------------------------------------------------------- regional roll-up
@dataclass(frozen=True, eq=False)
class Rollup:
    """Several cases' progress added up (RIEC year report, resource allocation).

    ``cases``: one row per case (executed, failed or cancelled, open actions, person-days,
    disruption after, € estimate, stages broken); ``partners``: per partner over all cases
    (actions, person-days, summed fair credit, € estimate); ``outcomes``: € by kind and counts
    summed; ``narrative``: sentences made from those facts.
    """

    cases: pd.DataFrame
    partners: pd.DataFrame
    outcomes: Mapping[str, Any]
    narrative: tuple[str, ...]
    reports: tuple[ProgressReport, ...]


def build_rollup(reports: list[ProgressReport]) -> Rollup:
    """Add up the progress of several cases (same facts, no new estimates).

    Examples
    --------
    >>> build_rollup([]).narrative
    ('Geen casussen.',)
    """
    from ..interventions.plan import partner_label

    rows, parts = [], []
    euro: dict[str, float] = {}
    counts: dict[str, int] = {}
    for r in reports:
        tl = r.timeline
        st = tl[tl.columns[1]] if len(tl) else pd.Series(dtype=str)
        o = dict(r.outcomes or {})
        rows.append({_("casus"): r.name, _("fenomeen"): r.model_label or r.crime_type,
                     _("uitgevoerd"): len(r.executed),
                     _("mislukt of geannuleerd"): int(st.isin([_("mislukt"),
                                                               _("geannuleerd")]).sum()),
                     _("open"): len(r.open_actions),
                     _("persoonsdagen"): float(r.contributions["effort_days"].sum())
                     if "effort_days" in r.contributions.columns else 0.0,
                     _("verstoring na"): float(r.measures.loc["disruption", "after"]),
                     _("€ (schatting)"): _euro(float(o.get("euro_total", 0.0) or 0.0)),
                     _("schakels weggevallen"): len(r.stages_broken)})
        for k, v in (o.get("euro") or {}).items():
            euro[k] = euro.get(k, 0.0) + float(v)
        for k, v in (o.get("counts") or {}).items():
            counts[k] = counts.get(k, 0) + int(v)
        c = r.contributions
        for p, x in c.iterrows():
            parts.append({"partner": p, "actions": int(x.get("actions", 0)),
                          "effort_days": float(x.get("effort_days", 0.0)),
                          "shapley": float(x.get("shapley", 0.0) or 0.0),
                          "euro": float(x.get("euro", 0.0) or 0.0), "case": r.name})
    if parts:
        pdf = pd.DataFrame(parts)
        g = pdf.groupby("partner", sort=True)
        partners = pd.DataFrame({_("casussen"): g["case"].nunique(), _("acties"): g["actions"].sum(),
                                 _("persoonsdagen"): g["effort_days"].sum(),
                                 _("eerlijk aandeel, opgeteld"): g["shapley"].sum().round(4),
                                 _("€ (schatting)"): g["euro"].sum().map(_euro)})
        partners.index = [partner_label(None, p) for p in partners.index]
    else:
        partners = pd.DataFrame()
    partners.index.name = _("partner")
    outcomes = {"euro": dict(sorted(euro.items())), "counts": dict(sorted(counts.items())),
                "euro_total": sum(euro.values())}
    story: list[str] = []
    if not reports:
        story.append(_("Geen casussen."))
    else:
        n_ex = sum(len(r.executed) for r in reports)
        story.append(_("In {cases} voerden {partners} samen {acts} uit.",
                       cases=ngettext("{n} casus", "{n} casussen", len(reports)),
                       partners=ngettext("{n} partner", "{n} partners", len(partners)),
                       acts=ngettext("{n} actie", "{n} acties", n_ex)))
        broken = sum(len(r.stages_broken) for r in reports)
        if broken:
            story.append(ngettext("In totaal viel {n} schakel van een keten helemaal weg.",
                                  "In totaal vielen {n} schakels van ketens helemaal weg.", broken))
        lines = outcome_lines(outcomes)
        if lines:
            story.append(_("Resultaten: {r}.", r=_join(lines)))
    return Rollup(cases=pd.DataFrame(rows), partners=partners, outcomes=outcomes,
                  narrative=tuple(story), reports=tuple(reports))


def write_rollup(reports: list[ProgressReport], out_dir: str | Path, *,
                 generated: str | None = None, pdf: bool = False, edition: Any = None,
                 hidden: Mapping[str, pd.DataFrame] | None = None) -> WriteResult:
    """Write each case's progress into ``out_dir/<case>/`` and the regional roll-up
    (``rollup.html``, ``rollup_cases.csv``, ``rollup_partners.csv``, ``provenance.json``),
    for one edition (:func:`edition_progress`; ``hidden``: case name -> hidden attribute values).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    notes: list[str] = []
    reports = [edition_progress(r, edition, (hidden or {}).get(r.name)) for r in reports]
    for r in reports:
        res = write_progress(r, out / r.name, generated=generated, pdf=pdf)
        files.extend(res.files)
        notes.extend(res.notes)
    roll = build_rollup(reports)
    files.append(write_csv(roll.cases, out / "rollup_cases.csv"))
    files.append(write_csv(roll.partners.reset_index(), out / "rollup_partners.csv"))
    html = render_template("report_rollup.html.j2", r=roll, generated=generated,
                           cases=table(roll.cases), partners=table(roll.partners,
                                                                   index=_("partner")),
                           outcomes=outcome_lines(roll.outcomes),
                           versions=dict(package_versions()))
    page_files, page_notes = write_page(html, out / "rollup.html", pdf=pdf)
    html_path = page_files[0]
    files.extend(page_files)
    notes.extend(page_notes)
    rec = provenance_record("progress", inputs=[f for r in reports
                                                for f in dict(r.provenance).get("files", [])],
                            config={"grading_policy": grading_policy_record()},
                            rows={"cases": len(reports)}, outputs=files, notes=notes,
                            extra={"cases": [dict(r.provenance) for r in reports]})
    prov = write_provenance(out, rec)
    return WriteResult(files=tuple(files) + (prov,), open_first=html_path, notes=tuple(notes))
