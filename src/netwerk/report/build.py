"""Build case-selection reports as plain data (rendering is :mod:`netwerk.report.render`).

``build_case`` loads one case, runs the analysis stages (vital nodes, barrier matrix, candidate
interventions, package, action plan, a small static map) and scores it on the criteria of
:mod:`netwerk.report.criteria`. ``build_selection`` does that for many cases and ranks them: score
descending, ties broken by case name. A case that cannot be read or analysed becomes an error row
with its message; the batch goes on.
"""

from __future__ import annotations

import logging
import re
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from ..case import Case, open_case
from ..errors import InputError, NetwerkError, Reason
from ..graph import Network
from ..i18n import _
from ..provenance import package_versions
from . import criteria as C
from .inputs import CaseInput, case_store, resolve_case

__all__ = ["CaseAnalysis", "CaseReport", "SelectionReport", "analyse_case", "build_case",
           "build_case_from_case", "build_case_from_network", "build_selection", "selection_from_cases", "rank_cases",
           "crime_type_of", "information_quality", "TOP_VITAL"]

log = logging.getLogger(__name__)

#: How many vital actors a case page lists.
TOP_VITAL = 10

_VITAL_COLS = ["rank", "label", "kind", "role", "stage", "vital_score", "reason"]
#: Added when the rank intervals were computed (:class:`netwerk.viz.certainty.RankStability`).
_STABILITY_COLS = ["alias", "rank_interval", "certainty", "p_top_k"]


@dataclass(frozen=True, eq=False)
class CaseAnalysis:
    """What the analysis stages produced for one case (input to the criteria and the case page).

    ``net`` is the case network with value-chain stages; ``stages`` the barrier model's stages in
    chain order; ``effect`` and ``effort_days`` summarise the recommended package.
    """

    net: Network
    model_name: str
    stages: tuple[str, ...]
    vital: pd.DataFrame
    matrix: pd.DataFrame | None = None
    candidates: pd.DataFrame | None = None
    actions: pd.DataFrame | None = None
    plan: pd.DataFrame | None = None
    effect: float | None = None
    effort_days: float | None = None
    map_svg: str | None = None
    notes: tuple[str, ...] = ()
    package: Any = None
    stability: Any = None
    timeline: dict[str, Any] | None = None
    grading_note: str = ""


@dataclass(frozen=True, eq=False)
class CaseReport:
    """Everything the report shows about one case, as plain data.

    ``status`` is ``"ok"`` or ``"error"`` (then ``error`` holds the message and the other result
    fields are empty). ``rank`` is set by :func:`build_selection`. ``stability`` is the
    :class:`~netwerk.viz.certainty.RankStability` of the ranking (its interval and mark are
    columns of ``vital``); ``timeline`` the case's timeline as an output may show it
    (:func:`netwerk.viz.certainty.timeline_records`: map names, no labels).
    """

    name: str
    status: str
    score: float | None = None
    error: str | None = None
    crime_type: str | None = None
    model_name: str | None = None
    criteria: tuple[C.Criterion, ...] = ()
    summary: Mapping[str, Any] = field(default_factory=dict)
    vital: pd.DataFrame | None = None
    matrix: pd.DataFrame | None = None
    actions: pd.DataFrame | None = None
    plan: pd.DataFrame | None = None
    map_svg: str | None = None
    notes: tuple[str, ...] = ()
    provenance: Mapping[str, Any] = field(default_factory=dict)
    rank: int | None = None
    stability: Any = None
    timeline: dict[str, Any] | None = None
    grading_note: str = ""

    @classmethod
    def failed(cls, name: str, message: str, provenance: Mapping[str, Any] | None = None) -> CaseReport:
        return cls(name=name, status="error", error=message, provenance=dict(provenance or {}))

    def criterion(self, name: str) -> C.Criterion:
        for c in self.criteria:
            if c.name == name:
                return c
        raise KeyError(_("onbekend criterium '{naam}'", naam=name))


@dataclass(frozen=True, eq=False)
class SelectionReport:
    """A ranked batch of :class:`CaseReport` (ok cases by score, then error rows by name)."""

    cases: tuple[CaseReport, ...]
    weights: C.Weights
    seed: int
    params: Mapping[str, Any]
    versions: Mapping[str, str]
    generated: str | None = None

    @property
    def ranked(self) -> list[CaseReport]:
        return [c for c in self.cases if c.status == "ok"]

    @property
    def errors(self) -> list[CaseReport]:
        return [c for c in self.cases if c.status != "ok"]

    def ranking(self) -> pd.DataFrame:
        """The ranking as a table: one row per case, each criterion's score and contribution."""
        rows = []
        for c in self.cases:
            row: dict[str, Any] = {"rank": c.rank, "case": c.name, "status": c.status,
                                   "score": c.score, "crime_type": c.crime_type,
                                   "nodes": c.summary.get("nodes"),
                                   "relations": c.summary.get("relations")}
            for name in C.CRITERIA:
                crit = next((k for k in c.criteria if k.name == name), None)
                row[f"{name}_raw"] = crit.raw if crit else None
                row[f"{name}_score"] = crit.score if crit else None
                row[f"{name}_weight"] = crit.weight if crit else None
                row[f"{name}_points"] = crit.contribution if crit else None
            row["error"] = c.error
            rows.append(row)
        df = pd.DataFrame(rows)
        for col in ("rank", "nodes", "relations"):
            df[col] = df[col].astype("Int64")
        return df

    def breakdown(self) -> pd.DataFrame:
        """Long table: case, criterion, raw value, score, weight, points, formula."""
        rows = [{"case": c.name, "criterion": k.name, "label": k.label, "raw": k.raw,
                 "score": k.score, "weight": k.weight, "points": k.contribution,
                 "formula": k.formula} for c in self.ranked for k in c.criteria]
        return pd.DataFrame(rows, columns=["case", "criterion", "label", "raw", "score", "weight",
                                           "points", "formula"])


# --------------------------------------------------------------------------- analysis step
def _no_crime_type(case: str | Path | None) -> InputError:
    """The refusal of a report for a case without a crime type, saying how to record one."""
    from ..case import crime_type_advice

    return InputError(_("de casus heeft geen delicttype; {advies}, of geef `crime_type` in het "
                        "manifest", advies=crime_type_advice(case)),
                      reason=Reason.INVALID_ARGUMENT)


def crime_type_of(net: Network) -> str:
    """The case's crime type from ``net.meta['case_info']`` (raises :class:`InputError` if absent)."""
    info = net.meta.get("case_info") or {}
    ct = info.get("crime_type") or net.meta.get("crime_type")
    if ct is None or str(ct).strip() == "":
        raise _no_crime_type(None)
    return str(ct).strip()


def analyse_case(
    case: Case,
    *,
    seed: int = 0,
    capacity: str | Mapping[str, float] | None = None,
    max_actions: int = 8,
    map_nodes: int = 150,
    vital_top: int = 20,
    stability: Any = "auto",
) -> CaseAnalysis:
    """Run the analysis and intervention stages a case page needs, through the case workflow
    (:meth:`netwerk.case.Case.vital` and :meth:`~netwerk.case.Case.plan`), so the report ranks
    and plans exactly as ``netwerk analyse`` and ``netwerk plan`` do.

    Parameters
    ----------
    case : Case
        An opened case with a barrier model (:func:`netwerk.open_case`).
    seed : int
        Passed to every seeded step.
    capacity : mapping or "partner=days,..." string, optional
        Person-days per partner for package selection (partners not named get 0; default: every
        partner :data:`netwerk.interventions.selection.DEFAULT_CAPACITY`).
    max_actions : int
        Largest package.
    map_nodes : int
        Most nodes drawn in the static map.
    vital_top : int
        How many vital nodes the candidate interventions cover (at least 20, as ``netwerk plan``).
    stability : "auto", int or RankStability
        The rank intervals (:meth:`netwerk.case.Case.stability` with this many replicates and
        ``seed``; ``0``: off), or a result made earlier.

    Raises
    ------
    ConfigError
        The case has no barrier model.
    """
    from .. import interventions
    from ..viz.svg import network_svg

    model = case._require_model()
    net = case.net
    notes: list[str] = list(case.notes)
    ranking = case.vital(seed=seed)
    vital = ranking.table
    short = {str(i): f"#{int(r)}" for i, r in vital["rank"].items() if int(r) <= TOP_VITAL}
    matrix = interventions.barrier_matrix(net, model, vital=vital, top=TOP_VITAL, labels=short)
    top = max(20, vital_top)  # 20: the default of `netwerk plan`
    plan = case.plan(capacity=capacity, max_actions=max_actions, top=top, seed=seed,
                     vital=ranking)
    pkg = plan.package
    actions = getattr(pkg, "actions", None)
    effect, effort = _package_effect_effort(pkg)
    if plan.table is None:
        notes.append("no package fits the partners' capacity")
    aliases = _map_aliases(case, vital)
    map_svg = network_svg(net, vital=vital, max_nodes=map_nodes, seed=seed, aliases=aliases,
                          title=_("Netwerk van de casus"))
    stab = stability if hasattr(stability, "available") else case.stability(
        replicates=stability, seed=seed)
    return CaseAnalysis(net=net, model_name=str(model.name), stages=case.stages, vital=vital,
                        matrix=matrix, candidates=plan.candidates, actions=actions,
                        plan=plan.table, effect=effect, effort_days=effort, map_svg=map_svg,
                        notes=tuple(notes), package=pkg, stability=stab,
                        timeline=_case_timeline(case, aliases),
                        grading_note=_grading_note(case, seed))


def _grading_note(case: Case, seed: int) -> str:
    """The side-by-side of the grading policy as one case-level sentence (counts, no node ids):
    how much of the top rests on links graded below the policy's ``compare_grade``."""
    cmp = case.grading_comparison(top=10, seed=seed)
    if cmp is None or not len(cmp):
        return ""
    a = cmp.attrs
    top = int((cmp["in_top_all"]).sum())
    stay = int((cmp["in_top_all"] & cmp["in_top_graded"]).sum())
    rho = a["spearman"]
    return _("Zonder de {n} van de {m} registraties onder {grade} blijven {k} van de top {top} in "
             "de top {top}; rangcorrelatie (Spearman) {rho}.", n=a["records_left_out"],
             m=a["records"], grade=a["min_grade"], k=stay, top=top,
             rho="–" if rho != rho else f"{rho:.2f}")


def _map_aliases(case: Case, vital: pd.DataFrame) -> dict[str, str]:
    """The map names (``P01``, ``B03``) of the casusoverleg map of this case, so the report's
    drawing, timeline and tables name every node as the map does."""
    from ..governance.editions import Edition, edition_network
    from ..viz.payload import node_aliases

    net = edition_network(case.net, Edition("casusoverleg"))
    return {str(k): str(v) for k, v in node_aliases(net, vital).items()}


def _case_timeline(case: Case, aliases: Mapping[str, str]) -> dict[str, Any]:
    """The case timeline as the casusoverleg may see it (restricted sources masked, as on the
    map), with the nodes named by their map names, up to the case's reference date
    (:attr:`netwerk.case.Case.reference_date`; default today)."""
    from ..governance.editions import Edition, edition_network
    from ..graph.time import timeline_data
    from ..viz.certainty import timeline_records

    net = edition_network(case.net, Edition("casusoverleg"))
    return timeline_records(timeline_data(net, events=case.intervention_events(),
                                          reference_date=case.reference_date), aliases)


def _package_effect_effort(pkg: Any) -> tuple[float | None, float | None]:
    """Expected effect (the package's disruption objective, 0–1) and effort (person-days)."""
    actions = pkg.actions
    if actions is None or not len(actions):
        return None, None
    effect = float(pkg.effect["objective"])
    effort = float(pd.to_numeric(actions["effort_days"], errors="coerce").fillna(0).sum())
    return effect, effort


# --------------------------------------------------------------------------- one case
def build_case_from_case(
    case: Case,
    *,
    weights: C.Weights | str | Path | None = None,
    seed: int = 0,
    capacity: str | Mapping[str, float] | None = None,
    max_actions: int = 8,
    analysis: CaseAnalysis | None = None,
    provenance: Mapping[str, Any] | None = None,
    stability: Any = "auto",
) -> CaseReport:
    """Score and describe one opened case (:func:`netwerk.open_case`).

    Parameters
    ----------
    case : Case
        With a crime type (its barrier model stages the network).
    weights : Weights or path, optional
        Criteria configuration (default: the shipped ``report_weights.yaml``).
    analysis : CaseAnalysis, optional
        Reuse an analysis made earlier (e.g. in a notebook); otherwise :func:`analyse_case` runs.
    stability : "auto", int or RankStability
        The rank interval and *zeker/onzeker* mark of the vital actors (:func:`analyse_case`).
    """
    weights = weights if isinstance(weights, C.Weights) else C.load_selection_weights(weights)
    crime_type = case.crime_type
    if not crime_type:
        raise _no_crime_type(case.path)
    severity = C.score_severity(crime_type, weights)  # fails early on an unknown crime type
    if analysis is None:
        analysis = analyse_case(case, seed=seed, capacity=capacity, max_actions=max_actions,
                                vital_top=weights.integrated_approach.top_k, stability=stability)
    anet = analysis.net
    crits = [
        severity,
        C.score_network_size(anet, weights),
        C.score_vital_scarce(anet, analysis.vital, analysis.stages, weights),
        C.score_undermining(anet, weights),
        C.score_value_chain(anet, analysis.stages),
        C.score_information_position(anet, weights),
        C.score_integrated_approach(analysis.candidates, analysis.vital, weights),
        C.score_effect_effort(analysis.effect, analysis.effort_days, weights),
    ]
    score, crits = C.combine(crits, weights)
    rep = CaseReport(
        name=case.name, status="ok", score=score, crime_type=crime_type,
        model_name=analysis.model_name, criteria=tuple(crits),
        summary=_summary(anet, analysis),
        vital=_top_vital(anet, analysis.vital, analysis.stability),
        matrix=analysis.matrix, actions=analysis.actions, plan=analysis.plan,
        map_svg=analysis.map_svg, notes=analysis.notes,
        provenance={**(provenance or {}), **_net_provenance(anet), "seed": seed,
                    "stability": (analysis.stability.provenance()
                                  if analysis.stability is not None else None)},
        stability=analysis.stability, timeline=analysis.timeline,
        grading_note=analysis.grading_note,
    )
    _guard(rep)
    return rep


def build_case_from_network(
    net: Network,
    *,
    name: str,
    weights: C.Weights | None = None,
    seed: int = 0,
    capacity: str | Mapping[str, float] | None = None,
    max_actions: int = 8,
    analysis: CaseAnalysis | None = None,
    provenance: Mapping[str, Any] | None = None,
    stability: Any = "auto",
) -> CaseReport:
    """Score and describe one case given its :class:`Network` (no store needed): the network
    becomes a :class:`~netwerk.case.Case` (staged with its crime type's barrier model) first.

    Parameters
    ----------
    net : Network
        With ``meta['case_info']['crime_type']``.
    name : str
        Case name shown in the report.
    analysis : CaseAnalysis, optional
        Reuse an analysis made earlier (e.g. in a notebook or a test).
    """
    crime_type_of(net)  # a clear error when the crime type is missing
    case = Case.from_network(net, name=name)
    return build_case_from_case(case, weights=weights, seed=seed, capacity=capacity,
                                max_actions=max_actions, analysis=analysis,
                                provenance=provenance, stability=stability)


def build_case(
    path: str | Path,
    *,
    weights: C.Weights | str | Path | None = None,
    seed: int = 0,
    capacity: str | Mapping[str, float] | None = None,
    max_actions: int = 8,
    stability: Any = "auto",
    reference_date: Any = None,
) -> CaseReport:
    """Build the report of one case store (``.duckdb``), opened through the lawful-use gate of
    :func:`netwerk.open_case`. An extract folder has no case record and is refused
    (:class:`~netwerk.governance.LawfulUseError`), as ``netwerk report`` refuses it.
    ``reference_date`` (*peildatum*, ``YYYY-MM-DD``; default today) is the case's reference
    date: its timeline runs up to it (:attr:`netwerk.case.Case.reference_date`).

    Raises the case's error (:class:`~netwerk.errors.NetwerkError`); :func:`build_selection`
    turns such errors into error rows instead.

    Examples
    --------
    ``hennep_oost`` is the synthetic sample case store (``netwerk.datasets.sample_case``):

    >>> rep = build_case(hennep_oost, stability=0)
    >>> [c.name for c in rep.criteria][:3]
    ['severity', 'network_size', 'vital_scarce']
    >>> abs(sum(c.contribution for c in rep.criteria) - rep.score) < 0.1  # points add up to the score
    True
    """
    w = weights if isinstance(weights, C.Weights) else C.load_selection_weights(weights)
    case = resolve_case(path)
    return _build_resolved(case, weights=w, seed=seed, capacity=capacity, max_actions=max_actions,
                           stability=stability, reference_date=reference_date)


def _build_resolved(case: CaseInput, *, reference_date: Any = None, **kw: Any) -> CaseReport:
    if case.kind != "store":  # the lawful-use gate of open_case, before anything is ingested
        from ..governance.record import LawfulUseError
        from .inputs import FOLDER_HAS_NO_RECORD

        raise LawfulUseError(_(FOLDER_HAS_NO_RECORD), file=case.name)
    with case_store(case) as store:
        opened = open_case(store, reference_date=reference_date)
    opened.name = case.name
    return build_case_from_case(opened, provenance=case.provenance(), **kw)


# --------------------------------------------------------------------------- many cases
def build_selection(
    paths: Iterable[str | Path],
    *,
    weights: C.Weights | str | Path | None = None,
    seed: int = 0,
    capacity: str | Mapping[str, float] | None = None,
    max_actions: int = 8,
    generated: str | None = None,
    on_case: Callable[[str, CaseReport], None] | None = None,
    on_start: Callable[[str], None] | None = None,
    refused: Mapping[str, str] | None = None,
    stability: Any = "auto",
    reference_date: Any = None,
) -> SelectionReport:
    """Build and rank many cases; a broken case becomes an error row, not a failed batch.

    Parameters
    ----------
    paths : iterable of str or Path
        Case stores (an extract folder becomes an error row: it has no case record).
    weights : Weights or path, optional
        Criteria configuration (invalid weights raise at once: they concern every case).
    generated : str, optional
        A date or label printed in the report (kept out by default so reruns are byte-identical).
    on_case : callable, optional
        Called as ``on_case(name, case_report)`` after each case (progress bars).
    on_start : callable, optional
        Called as ``on_start(path_name)`` before each case.
    refused : mapping, optional
        ``str(path)`` -> reason for cases that may not be analysed (e.g. no lawful basis, an
        unreadable store): they become error rows without being read.
    stability : "auto" or int
        Replicates of the rank intervals per case (:meth:`netwerk.case.Case.stability`;
        ``"auto"``: 50 up to 1,000 nodes; ``0``: off).
    reference_date : date or "YYYY-MM-DD", optional
        The reference date (*peildatum*) of every case (:attr:`netwerk.case.Case.reference_date`):
        the timelines run up to it. Default today; give it so reruns on the same day are
        byte-identical (the marking of the written files carries the day of issue).

    Returns
    -------
    SelectionReport
        Ranked by score (descending), ties by case name; error rows last, by name.
    """
    w = weights if isinstance(weights, C.Weights) else C.load_selection_weights(weights)
    from ..case import check_reference_date, check_replicates

    check_replicates(stability)  # a bad value concerns every case: fail once, here
    ref = check_reference_date(reference_date)
    if capacity is not None:  # a bad capacity concerns every case: fail once, here
        from ..interventions import default_catalogue, parse_capacity

        capacity = parse_capacity(capacity, default_catalogue())
    reports: list[CaseReport] = []
    for p in paths:
        if on_start is not None:
            on_start(Path(p).name)
        if refused and str(p) in refused:
            q = Path(p)
            rep = CaseReport.failed(q.stem if q.suffix == ".duckdb" else q.name,
                                    _one_line(refused[str(p)], CaseInput(q.stem, q, "missing", ())))
        else:
            rep = _build_safely(p, weights=w, seed=seed, capacity=capacity,
                                max_actions=max_actions, stability=stability, reference_date=ref)
        reports.append(rep)
        if on_case is not None:
            on_case(rep.name, rep)
    sel = selection_from_cases(reports, weights=w, seed=seed, capacity=capacity,
                               max_actions=max_actions, generated=generated)
    return replace(sel, params={**sel.params, "stability": str(stability),
                                "reference_date": ref})


def selection_from_cases(
    reports: Iterable[CaseReport],
    *,
    weights: C.Weights,
    seed: int = 0,
    capacity: str | Mapping[str, float] | None = None,
    max_actions: int = 8,
    generated: str | None = None,
) -> SelectionReport:
    """Rank case reports built one by one (e.g. with :func:`build_case_from_network`)."""
    return SelectionReport(
        cases=tuple(rank_cases(list(reports))), weights=weights, seed=seed,
        params={"capacity": _capacity_dict(capacity), "max_actions": max_actions,
                "weights_file": weights.source, "weights_sha256": weights.sha256()},
        versions=package_versions(), generated=generated)


def _capacity_dict(capacity: str | Mapping[str, float] | None) -> dict[str, float]:
    if capacity is None:
        return {}
    if isinstance(capacity, str):
        pairs = (p.split("=", 1) for p in capacity.split(",") if "=" in p)
        return dict(sorted((k.strip(), float(v)) for k, v in pairs))
    return dict(sorted((str(k), float(v)) for k, v in capacity.items()))


def rank_cases(reports: Sequence[CaseReport]) -> list[CaseReport]:
    """Order cases (score desc, then name; errors last by name) and number the ok ones 1..n."""
    ok = sorted((r for r in reports if r.status == "ok"), key=lambda r: (-(r.score or 0.0), r.name))
    bad = sorted((r for r in reports if r.status != "ok"), key=lambda r: r.name)
    return [replace(r, rank=i) for i, r in enumerate(ok, start=1)] + [replace(r, rank=None) for r in bad]


def _build_safely(path: str | Path, **kw: Any) -> CaseReport:
    p = Path(path)
    name = p.stem if p.suffix == ".duckdb" else p.name
    try:
        case = resolve_case(p)
    except NetwerkError as exc:
        return CaseReport.failed(name, _one_line(str(exc), CaseInput(name, p, "missing", ())))
    try:
        return _build_resolved(case, **kw)
    except NetwerkError as exc:
        log.warning("%s", _("casus {naam}: {fout}", naam=case.name, fout=exc))
        return CaseReport.failed(case.name, _one_line(str(exc), case), case.provenance())
    except Exception:  # noqa: BLE001 - one broken case must not stop the batch
        log.debug("case %s failed", case.name, exc_info=True)
        log.warning(_("casus {naam}: mislukt door een onverwachte fout (details met --debug); "
                      "de andere casussen gaan door", naam=case.name))
        # a foreign exception's text is English and may carry a cell of the data: never in the
        # report; the analyst gets it with --debug
        return CaseReport.failed(case.name, _("onverwachte interne fout bij het opbouwen van "
                                              "deze casus; draai netwerk report opnieuw met "
                                              "--debug voor de details"), case.provenance())


def _one_line(msg: str, case: CaseInput) -> str:
    """The message on one line, with the case's path and any temporary path cut to a file name
    (a report must not show where an analyst keeps files)."""
    for p in (str(case.path.resolve()), str(case.path)):
        msg = msg.replace(p, case.path.name)
    tmp = re.escape(tempfile.gettempdir().rstrip("/"))
    msg = re.sub(tmp + r"/(?:[^\s/'\"]+/)*([^\s/'\"]+)", r"\1", msg)
    return " ".join(msg.split())


# --------------------------------------------------------------------------- page contents
def _guard(rep: CaseReport) -> None:
    """Refuse a case page that would show something that looks like a raw identifier (a BSN, IBAN,
    postcode + house number, plate or phone number in a label, reason, role or plan text)."""
    from ..viz.guard import check_no_raw_identifiers

    items: list[tuple[str, str]] = []
    tables = {"vital actors": (rep.vital, ("label", "reason")),
              "package": (rep.actions, ("label", "target")),
              "action plan": (rep.plan, ("target", "target_role", "rationale"))}
    for what, (df, cols) in tables.items():
        if df is None:
            continue
        top = df.head(max(TOP_VITAL, 50))
        for col in cols:
            if col in top.columns:
                items.extend((f"{what}, {col}", str(v)) for v in top[col].dropna())
    if rep.matrix is not None:
        for col in rep.matrix.columns:
            items.extend((f"barrier matrix, {col}", str(v)) for v in rep.matrix[col].dropna())
    check_no_raw_identifiers(items, what=_("het casusrapport van {naam}", naam=rep.name))



def _summary(net: Network, analysis: CaseAnalysis) -> dict[str, Any]:
    s = net.summary()
    out = {k: s[k] for k in ("nodes", "relations", "nodes_by_kind", "relations_by_kind",
                             "components", "largest_component")}
    out["partners"] = C.partners_holding_data(net)
    out["model"] = analysis.model_name
    out["stages"] = list(analysis.stages)
    out["imports"] = len(net.meta.get("imports") or [])
    out["case_info"] = {k: _plain(v) for k, v in dict(net.meta.get("case_info") or {}).items()
                        if k != "key_fingerprint"}
    out["package"] = _package_facts(analysis.package)
    out["information"] = information_quality(net)
    if analysis.stability is not None:  # case level: counts, no node ids (stuurgroep may see it)
        st = analysis.stability
        out["stability"] = {"computed": st.available, "counts": st.counts(),
                            "summary": st.summary_text(), "explain": st.explain(band=False),
                            "top_k": st.top_k if st.available else None}
    if analysis.timeline is not None:
        tl = analysis.timeline
        out["timeline"] = {"span": tl["span"], "reference_date": tl.get("reference_date"),
                           "after": tl.get("after", 0), "undated": tl["undated"],
                           "categories": [{k: c[k] for k in ("name", "label", "count")}
                                          for c in tl["categories"]]}
    try:
        from ..interventions.vulnerable import vulnerable_roles

        out["vulnerable"] = int(len(vulnerable_roles(net)))
    except Exception:  # noqa: BLE001 - a count for the steering group, never a reason to fail
        out["vulnerable"] = None
    return out


def _package_facts(pkg: Any) -> dict[str, Any]:
    """Case-level facts of the recommended package (no targets): effect, breakdown, €, capacity."""
    if pkg is None or getattr(pkg, "actions", None) is None:
        return {}
    acts = pkg.actions
    obj = dict(getattr(pkg, "objective", {}) or {})
    spectrum = (acts.groupby("spectrum").size().to_dict() if "spectrum" in acts.columns
                and len(acts) else {})
    return {"effect": float(pkg.effect.get("objective", 0.0) or 0.0),
            "breakdown": {k: float(v) for k, v in dict(obj.get("breakdown", {}) or {}).items()},
            "euro": float(pkg.effect.get("euro", 0.0) or 0.0),
            "chain_broken": float(pkg.effect.get("chain_broken", 0.0) or 0.0),
            "capacity_used": {str(k): float(v) for k, v in pkg.capacity_used.items() if v},
            "actions": int(len(acts)), "spectrum": {str(k): int(v) for k, v in spectrum.items()},
            "goals": obj.get("goals") or {}}


def information_quality(net: Network, *, today: str | None = None) -> dict[str, Any]:
    """Quality of the information position from the relations' provenance.

    Returns ``relations``, ``newest`` and ``oldest`` observation (ISO dates), ``median_age_days``
    (relative to the newest observation in the case, or ``today``), ``graded_share`` (relations
    with a grading), ``good_grading_share`` (grading score >= 0.6, e.g. Admiralty B2 or better),
    ``single_source_share`` (persons and companies known from one partner only).
    """
    e = net.edges
    out: dict[str, Any] = {"relations": int(len(e))}
    if not len(e):
        return out
    obs = pd.to_datetime(e["observed"], errors="coerce") if "observed" in e.columns else None
    if obs is not None and obs.notna().any():
        ref = pd.Timestamp(today) if today else obs.max()
        out["newest"] = obs.max().date().isoformat()
        out["oldest"] = obs.min().date().isoformat()
        out["median_age_days"] = float((ref - obs.dropna()).dt.days.median())
    if "grading_score" in e.columns:
        g = pd.to_numeric(e["grading_score"], errors="coerce")
        out["graded_share"] = float(g.notna().mean())
        out["good_grading_share"] = float((g >= 0.6).mean())
    n = net.nodes
    if "partners" in n.columns:
        actors = n[n["kind"].isin(["person", "company"])] if "kind" in n.columns else n
        count = actors["partners"].fillna("").astype(str).map(
            lambda v: len({p for p in v.split(";") if p.strip()}))
        out["single_source_share"] = float((count <= 1).mean()) if len(count) else 0.0
    return out


def _top_vital(net: Network, vital: pd.DataFrame | None, stability: Any = None) -> pd.DataFrame:
    if vital is None or not len(vital):
        return pd.DataFrame(columns=_VITAL_COLS)
    full = vital
    v = vital.copy()
    if "rank" not in v.columns:
        v = v.sort_values("vital_score", ascending=False, kind="stable")
        v["rank"] = range(1, len(v) + 1)
    v = v.sort_values(["rank"], kind="stable").head(TOP_VITAL)
    for col in ("label", "kind", "stage"):
        if col not in v.columns:
            v[col] = net.nodes[col].reindex(v.index) if col in net.nodes.columns else None
    v["role"] = net.nodes["rol"].reindex(v.index) if "rol" in net.nodes.columns else None
    # a label that only repeats the pseudonym says nothing: leave it empty
    v["label"] = [("" if str(lab) == str(i) else lab) for i, lab in zip(v.index, v["label"], strict=True)]
    if "reason" not in v.columns:
        v["reason"] = ""
    v.index = v.index.astype(str)
    v.index.name = "id"
    if stability is None or not stability.available:
        return v[_VITAL_COLS]
    from ..viz.payload import node_aliases

    v = v[_VITAL_COLS].copy()
    v["alias"] = node_aliases(net, full).reindex(v.index).to_numpy()  # as on the map
    sc = stability.columns(v.index)
    for col in ("rank_interval", "certainty", "p_top_k"):
        v[col] = sc[col].to_numpy()
    return v[["rank", "alias", *_VITAL_COLS[1:-1], *_STABILITY_COLS[1:], "reason"]]


def _net_provenance(net: Network) -> dict[str, Any]:
    meta = net.meta
    info = dict(meta.get("case_info") or {})
    imports = meta.get("imports") or []
    if isinstance(imports, pd.DataFrame):
        imports = imports.to_dict("records")
    fps = {str(info["key_fingerprint"])} if info.get("key_fingerprint") else set()
    fps |= {str(i["key_fingerprint"]) for i in imports if i.get("key_fingerprint")}
    keep = ("file_name", "file_sha256", "spec_name", "spec_sha256", "partner", "key_fingerprint",
            "rows_read", "rows_used", "duplicates", "rejects", "status")
    return {
        "key_fingerprints": sorted(fps),
        "imports": [{k: _plain(i.get(k)) for k in keep if k in i} for i in imports],
        "rows": {"nodes": net.n_nodes, "relations": net.n_edges,
                 "node_attributes": 0 if net.node_attributes is None else len(net.node_attributes)},
    }


def _plain(v: Any) -> Any:
    if hasattr(v, "item"):
        return v.item()
    return v
