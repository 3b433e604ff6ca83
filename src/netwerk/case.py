"""The case workflow: one path from a case store to every output.

Every entry point (the CLI commands, the case-selection report, the notebooks and the README)
opens a case the same way and gets the same answer:

>>> import netwerk as nw
>>> case = nw.open_case(hennep_oost)   # a synthetic sample case store; staged once, here
>>> case
Case('hennep-oost': 143 nodes, 300 relations, barrier model cannabis, 9 stages)
>>> len(case.bystanders)                # co-registered only: left out, counted, reversible
28
>>> ranking = case.vital()              # VitalRanking: .table, .weights, .method, .params
>>> ranking.head(3)[["rank", "kind", "stage"]].to_numpy().tolist()
[[1, 'person', 'laundering'], [2, 'person', 'electricity'], [3, 'person', 'financing']]
>>> plan = case.plan(capacity={"gemeente": 10, "politie": 20, "OM": 10})
>>> len(plan.package), sorted(plan.package.capacity_used)
(8, ['OM', 'gemeente', 'politie'])
>>> import tempfile
>>> files = case.write(plan, tempfile.mkdtemp())   # one safe writer, one provenance record
>>> [f.name for f in files][-3:]
['action_plan.xlsx', 'action_plan.md', 'provenance.json']

Opening a case loads its network (:func:`netwerk.store.load_network`), applies the stage rules of
its barrier model (the case's crime type, or ``model=``) exactly once and records the ordered
value-chain stages on the case. Every step then works on that staged network, so the ranking in a
notebook, in ``netwerk analyse``, on the map and in the report is the same ranking.

Serves "less is more" (one ranking everyone trusts, aimed at the vital links) and "dedicated
teamplay" (one plan, the same for every partner).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .analysis.vital import _DEFAULT, VitalRanking, vital_nodes
from .errors import ConfigError, InputError, Reason
from .graph import Network
from .i18n import _

__all__ = ["Case", "CaseAnalysisResult", "CasePlan", "check_reference_date", "crime_type_advice",
           "open_case"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

#: Above this many nodes exact edge betweenness is skipped in :meth:`Case.analyse`.
EDGE_BETWEENNESS_MAX = 20_000
#: Replicates of :meth:`Case.stability` with ``replicates="auto"`` (maps and reports by default).
STABILITY_REPLICATES = 50
#: Above this many nodes ``replicates="auto"`` does not compute the rank intervals (each replicate
#: is a full vital ranking); the outputs say so and how to ask for them (``--stability N``).
STABILITY_AUTO_MAX_NODES = 1_000


def _guarded(method: Callable[..., Any]) -> Callable[..., Any]:
    """Run a writing :class:`Case` method in one output-guard scope
    (:func:`netwerk.guard.guarded_output`): every writer uses the case's spec patterns, and a
    refusal removes the files the method had written already."""
    import functools

    @functools.wraps(method)
    def run(self: Case, *args: Any, **kwargs: Any) -> Any:
        from .guard import guarded_output
        from .privacy import case_patterns

        pats = case_patterns(self.path) if self.path is not None else None
        with guarded_output(pats):
            return method(self, *args, **kwargs)

    return run


@dataclass(frozen=True, eq=False)
class CaseAnalysisResult:
    """What :meth:`Case.analyse` found: the ranking, edge measures and a disruption curve.

    Attributes
    ----------
    vital : VitalRanking
    edges : pd.DataFrame
        One row per tie of the analysis graph: ``source``, ``target``, ``weight``, ``records``,
        ``kinds``, ``edge_betweenness`` (NaN above :data:`EDGE_BETWEENNESS_MAX` nodes), ``bridge``.
    disruption : DisruptionResult
    method : str
    params : dict
    """

    vital: VitalRanking
    edges: pd.DataFrame
    disruption: Any
    method: str = "netwerk analyse"
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class CasePlan:
    """What :meth:`Case.plan` proposes: barrier matrix, candidates, package and action plan.

    Attributes
    ----------
    matrix : pd.DataFrame
        The barrier matrix (stages × partners) with the vital actors per cell.
    candidates : pd.DataFrame
        Every applicable intervention on the vital nodes.
    package : Package
        The chosen package (:func:`netwerk.interventions.select_package`).
    table : pd.DataFrame or None
        The action plan ("wie doet wat, waarom, wanneer"); ``None`` when no package fits.
    vital : VitalRanking
        The ranking the plan was made from.
    model : str
        The barrier model's name.
    params : dict
    """

    matrix: pd.DataFrame
    candidates: pd.DataFrame
    package: Any
    table: pd.DataFrame | None
    vital: VitalRanking
    model: str
    method: str = "netwerk plan"
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def actions(self) -> pd.DataFrame:
        """The package's actions (one row per action)."""
        return self.package.actions


def _as_table(vital: VitalRanking | pd.DataFrame | None) -> pd.DataFrame | None:
    return vital.table if isinstance(vital, VitalRanking) else vital


class Case:
    """One case: its staged network, barrier model and stages, and the workflow steps.

    Do not call the constructor directly: use :func:`open_case` for a case store, or
    :meth:`Case.from_network` for any network (research edge lists, other tools' exports).

    Attributes
    ----------
    net : Network
        The network; when the case has a barrier model, every node carries its value-chain
        ``stage`` (or none) and ``net.meta["stages"]`` the ordered stages.
    model : BarrierModel or None
        The barrier model whose stage rules were applied.
    stages : tuple of str
        The ordered value-chain stages (empty without a model or given stages).
    name : str
        The case name (the store's file name without extension, or ``name=``), raw identifiers
        masked (:func:`netwerk.privacy.mask_name`): a file named after a subject's BSN does not
        put the number into maps, plans and reports.
    path : Path or None
        The case store.
    crime_type : str or None
    notes : tuple of str
        What the case could not do and why (e.g. no barrier model for its crime type).
    bystanders : pd.DataFrame
        The persons left out as bystanders (one row each, with the basis); empty when none.
    grading_left_out : dict or None
        When the grading policy sets ``min_grade``: the threshold and how many relation records
        it left out (``records_left_out``, ``records_kept``); None when every link counts.
    record : CaseRecord or None
        The case record :func:`open_case` checked for lawful use
        (:func:`netwerk.governance.check_lawful`); None for a network in memory.
    reference_date : str or None
        The case's reference date (*peildatum*, ``YYYY-MM-DD``) every dated output is drawn
        up to: the timeline's span ends there (:func:`netwerk.graph.time.timeline_data`) and
        the map shows it. None: today (UTC) at the time of the output. Set it
        (:func:`open_case` ``reference_date=``) so reruns give the same files.
    """

    def __init__(self, net: Network, *, model: Any = None, stages: Sequence[str] = (),
                 name: str = "case", path: Path | None = None, crime_type: str | None = None):
        self.net = net
        self.model = model
        from .privacy import mask_name

        self.stages = tuple(str(s) for s in stages)
        self.name = mask_name(name)
        self.path = path
        self.crime_type = crime_type
        self.notes: tuple[str, ...] = ()
        self.bystanders: pd.DataFrame = pd.DataFrame()
        #: what the grading policy's ``min_grade`` left out (``meta["grading"]``), or None
        self.grading_left_out: dict[str, Any] | None = None
        #: the case record that :func:`open_case` checked (lawful use), or None for a case made
        #: from a network in memory
        self.record: Any = None
        self.reference_date: str | None = None
        self._vital_cache: dict[Any, VitalRanking] = {}
        self._stability_cache: dict[Any, Any] = {}

    # ------------------------------------------------------------------ constructors
    @classmethod
    def from_network(cls, net: Network, *, crime_type: str | None = None,
                     model: str | Path | Any | None = None, stages: Sequence[str] | None = None,
                     name: str = "netwerk", catalogue: str | Path | None = None,
                     bystanders: str = "exclude", keep: Sequence[str] = ()) -> Case:
        """A case around any network: staged with a barrier model when one is given.

        Parameters
        ----------
        net : Network
        crime_type : str, optional
            The crime type; its shipped barrier model stages the network (as :func:`open_case`).
        model : str, path or BarrierModel, optional
            A barrier model instead of the crime type's.
        stages : sequence of str, optional
            Ordered stages of a network whose nodes already carry a ``stage`` attribute (no
            barrier model); ignored when a model is given.
        name : str
            Shown in outputs.
        catalogue : path, optional
            An own intervention catalogue for the barrier model.
        bystanders : {"exclude", "include"}
            Persons only co-registered at an address with no other tie
            (:func:`netwerk.interventions.bystanders`) are left out of the ranking, plan and map by
            default, counted in :attr:`bystanders` and in every provenance record; ``"include"``
            keeps them.
        keep : sequence of str
            Bystanders to keep anyway (the analyst reverses the exclusion for these).

        Raises
        ------
        ConfigError
            Unknown crime type or barrier model.
        GraphError
            ``stages`` given but the nodes have no ``stage`` attribute.

        Examples
        --------
        >>> from netwerk.datasets import krackhardt_kite
        >>> case = Case.from_network(krackhardt_kite(), name="kite")
        >>> case.vital().top(3)
        ['Heather', 'Fernando', 'Garth']
        """
        from .errors import GraphError

        crime = crime_type or (net.meta.get("case_info") or {}).get("crime_type") \
            or net.meta.get("crime_type")
        crime = str(crime).strip() if crime not in (None, "") else None
        which = model if model is not None else crime
        bm = None
        notes: list[str] = []
        if model is None and crime is not None:
            from .interventions import shipped_models

            if crime not in shipped_models() and not Path(crime).is_file():
                from .i18n import _

                note = _("geen barrièremodel voor delicttype '{delict}': de "
                         "waardeketenonderdelen van de vitale score zijn weggelaten (geef "
                         "een barrièremodel op)", delict=crime)
                notes.append(note)
                log.warning(note)
                which = None
        if which is not None:
            from .interventions import apply_stage_rules, load_barrier_model, load_catalogue

            cat = load_catalogue(catalogue) if catalogue else None
            bm = which if hasattr(which, "stage_ids") else load_barrier_model(which, catalogue=cat)
            staged = apply_stage_rules(net, bm)
            st = tuple(bm.stage_ids)
            staged.meta = {**staged.meta, "stages": list(st), "barrier_model": bm.name}
            net = staged
        elif stages:
            if "stage" not in net.nodes.columns:
                raise GraphError(_("stages gegeven, maar de knooppunten hebben geen kenmerk 'stage'"))
            st = tuple(stages)
            net.meta = {**net.meta, "stages": list(st)}
        else:
            st = tuple(net.meta.get("stages") or ())
        removed = None
        if bystanders not in ("exclude", "include"):
            raise ConfigError(_("bystanders moet 'exclude' of 'include' zijn, niet {waarde!r}",
                                waarde=bystanders))
        if bystanders == "exclude" and "person" in set(net.nodes["kind"]):
            from .interventions import without_bystanders

            net, removed = without_bystanders(net, keep=keep)
        # the grading policy's inclusion threshold (netwerk/data/grading_policy.yaml, default
        # none: every link counts) applies to every step of the case, as its sentence says
        from .analysis.grading import graded, grading_policy, record_scores

        pol = grading_policy()
        graded_out = None
        if pol["min_grade"] is not None and record_scores(net) is not None:
            net = graded(net, min_grade=pol["min_grade"], scheme=pol["scheme"])
            graded_out = dict(net.meta["grading"])
        case = cls(net, model=bm, stages=st, name=name, crime_type=crime)
        case.notes = tuple(notes)
        case.bystanders = removed if removed is not None else pd.DataFrame()
        case.grading_left_out = graded_out
        return case

    # ------------------------------------------------------------------ display
    def __repr__(self) -> str:
        model = self.model.name if self.model is not None else "none"
        return (f"Case({self.name!r}: {self.net.n_nodes} nodes, {self.net.n_edges} relations, "
                f"barrier model {model}, {len(self.stages)} stages)")

    def _repr_html_(self) -> str:  # pragma: no cover - Jupyter display
        head = (f"<b>Case {self.name}</b> — barrier model "
                f"{self.model.name if self.model is not None else 'none'}; stages: "
                f"{', '.join(self.stages) or 'none'}<br>")
        return head + self.net._repr_html_()

    # ------------------------------------------------------------------ steps
    @property
    def group(self) -> str | None:
        """The node attribute brokerage runs over: ``"stage"`` for a staged case, else none."""
        return "stage" if "stage" in self.net.nodes.columns else None

    def grading_comparison(self, *, top: int = 10, seed: int = 0) -> pd.DataFrame | None:
        """The case's vital ranking beside the ranking without the links graded below the grading
        policy's ``compare_grade`` (:func:`netwerk.analysis.grading.grading_comparison` with the
        case's stages and group).

        Returns
        -------
        pd.DataFrame or None
            Per ranked node ``rank_all``, ``rank_graded``, ``change``, ``weak_links`` …; ``.attrs``
            has ``records_left_out``, ``records``, ``spearman``, ``left_top``, ``entered_top``.
            None when the policy sets no comparison or the relations carry no grading.
        """
        from .analysis.grading import grading_comparison, grading_policy, record_scores

        pol = grading_policy()
        if not pol["compare_grade"] or record_scores(self.net) is None:
            return None
        return grading_comparison(self.net, min_grade=pol["compare_grade"], scheme=pol["scheme"],
                                  top=top, group=self.group, stages=list(self.stages) or None,
                                  seed=seed)

    def vital(self, *, weights: Mapping[str, Any] | str | Path | None = None,
              kinds: Sequence[str] | None | object = _DEFAULT, seed: int = 0,
              **kwargs: Any) -> VitalRanking:
        """The vital-node ranking of the case (:func:`netwerk.analysis.vital_nodes` on the staged
        network, with the case's stages). Cached per arguments.

        Parameters
        ----------
        weights : dict or path, optional
            Score weights (default: the shipped ``vital_weights.yaml``).
        kinds : sequence of str or None
            Node kinds to rank (default: persons and companies).
        seed : int
        **kwargs
            Passed to :func:`~netwerk.analysis.vital_nodes`.

        Returns
        -------
        VitalRanking
        """
        from .i18n import language

        # the reasons name stages in the output's language: one cached ranking per language
        key = (repr(weights), repr(kinds), seed, tuple(sorted((k, repr(v)) for k, v in kwargs.items())),
               language())
        if key not in self._vital_cache:
            if self.model is not None and "stage_labels" not in kwargs:
                en = language() == "en"
                kwargs["stage_labels"] = {st.id: (st.label_en if en else "") or st.label_nl
                                          for st in self.model.stages}
            table = vital_nodes(self.net, weights=weights, group=self.group,
                                stages=list(self.stages) or None, kinds=kinds, seed=seed, **kwargs)
            table = self._flag_vulnerable(table)
            self._vital_cache[key] = VitalRanking.from_table(table)
        return self._vital_cache[key]

    def _flag_vulnerable(self, table: pd.DataFrame) -> pd.DataFrame:
        """Add ``vulnerable`` (katvanger, knipper, uithaler, exploited worker, victim: care, not
        repression) and ``vulnerable_reason`` to a ranking; the score itself is unchanged."""
        from .interventions import vulnerable_roles

        attrs = dict(table.attrs)
        vul = vulnerable_roles(self.net) if len(self.net.nodes) else pd.DataFrame()
        out = table.copy()
        hit = out.index.isin(vul.index) if len(vul) else np.zeros(len(out), dtype=bool)
        out["vulnerable"] = hit
        reason = vul["reason"] if "reason" in vul.columns else pd.Series(dtype=object)
        out["vulnerable_reason"] = reason.reindex(out.index).fillna("").astype(str).to_numpy()
        out.attrs = {**attrs, "vulnerable": int(hit.sum()), "bystanders_left_out": len(self.bystanders)}
        return out

    def stability(self, *, replicates: int | str = "auto", edge_dropout: float = 0.1,
                  node_dropout: float = 0.0, weight_noise: float = 0.0, top_k: int = 10,
                  seed: int = 0, weights: Mapping[str, Any] | str | Path | None = None,
                  kinds: Sequence[str] | None | object = _DEFAULT, n_jobs: int | None = 1) -> Any:
        """How sure is the ranking: the rank interval and *zeker/onzeker* mark of every ranked
        node (:func:`netwerk.analysis.rank_stability` on the staged network, with the same stages,
        group, kinds, weights and seed as :meth:`vital`, so its ``rank`` is the ranking's rank).
        Cached per arguments. The map and the reports show it by default.

        Parameters
        ----------
        replicates : int or "auto"
            Perturbed rankings. ``"auto"`` (the default of maps and reports):
            :data:`STABILITY_REPLICATES` up to :data:`STABILITY_AUTO_MAX_NODES` nodes, none above
            (each replicate is a whole vital ranking; ask for them with a number). ``0``: off.
        edge_dropout, node_dropout, weight_noise, top_k
            As :func:`~netwerk.analysis.rank_stability`. Low-graded records drop out more often
            when the records carry grading (``netwerk/data/grading_policy.yaml``).
        seed : int
            The ranking's seed and the perturbations' seed.
        weights, kinds
            As :meth:`vital`.
        n_jobs : int, optional
            Worker processes (results are the same for every ``n_jobs``).

        Returns
        -------
        RankStability
            :class:`netwerk.viz.certainty.RankStability`; ``skipped`` says why when no interval
            was computed.

        Raises
        ------
        ConfigError
            ``replicates`` is neither a non-negative integer nor ``"auto"``.

        Examples
        --------
        >>> from netwerk.datasets import krackhardt_kite
        >>> case = Case.from_network(krackhardt_kite(), name="kite")
        >>> s = case.stability(replicates=30, top_k=3)
        >>> s.text("Heather"), s.replicates
        ('rang 1 (1–8), onzeker', 30)
        >>> case.stability(replicates=0).skipped
        'niet berekend (uitgezet)'
        """
        from .analysis import rank_stability
        from .i18n import _
        from .viz.certainty import RankStability

        n = check_replicates(replicates)
        if n == 0:
            return RankStability.not_run(_("niet berekend (uitgezet)"))
        if n is None:
            if self.net.n_nodes > STABILITY_AUTO_MAX_NODES:
                return RankStability.not_run(_(
                    "niet berekend: {n} knooppunten, meer dan de {m} waarvoor dit standaard "
                    "gebeurt (vraag het met --stability N of replicates=N)",
                    n=self.net.n_nodes, m=STABILITY_AUTO_MAX_NODES))
            n = STABILITY_REPLICATES
        key = (n, edge_dropout, node_dropout, weight_noise, top_k, seed, repr(weights), repr(kinds))
        if key not in self._stability_cache:
            # the same network and parameters give the same bytes (seeded), so a result made
            # earlier in this process (the map, then the report) is reused
            memo = (_network_fingerprint(self.net), self.group, self.stages, key)
            if memo not in _STABILITY_MEMO:
                kw: dict[str, Any] = {"group": self.group, "stages": list(self.stages) or None}
                if kinds is not _DEFAULT:
                    kw["kinds"] = kinds
                table = rank_stability(self.net, replicates=n, edge_dropout=edge_dropout,
                                       node_dropout=node_dropout, weight_noise=weight_noise,
                                       top_k=top_k, seed=seed, weights=weights, n_jobs=n_jobs,
                                       **kw)
                while len(_STABILITY_MEMO) >= 8:
                    _STABILITY_MEMO.pop(next(iter(_STABILITY_MEMO)))
                _STABILITY_MEMO[memo] = RankStability.from_table(table)
            self._stability_cache[key] = _STABILITY_MEMO[memo]
        return self._stability_cache[key]

    def timeline(self, *, reference_date: Any = None) -> dict[str, Any]:
        """The case's timeline as JSON-ready data (:func:`netwerk.graph.time.timeline_data`):
        registrations, officer changes, purchases, incidents, company foundations and, for a case
        store, the interventions in its log (action and status only; no free text).

        ``reference_date`` (*peildatum*, default :attr:`reference_date`, else today): the span
        ends at the last event on or before it; later events are marked ``future``.

        Examples
        --------
        >>> case = open_case(hennep_oost, reference_date="2024-12-31")
        >>> t = case.timeline()
        >>> sorted(t["counts"])[:3], t["span"][0] <= t["span"][1] <= "2024-12-31"
        (['company', 'incident', 'officer_change'], True)
        >>> t["reference_date"], case.timeline(reference_date="2020-01-01")["reference_date"]
        ('2024-12-31', '2020-01-01')
        """
        from .graph.time import timeline_data

        ref = check_reference_date(reference_date) or self.reference_date
        return timeline_data(self.net, events=self.intervention_events(), reference_date=ref)

    def intervention_events(self) -> pd.DataFrame | None:
        """The dated interventions of the case store's log as timeline events (``date``,
        ``category`` = "intervention", ``node``, ``partner``, ``description`` = the action's name
        from the catalogue and its status, in the current language, e.g. "Aanhouding (...):
        uitgevoerd"; results and notes are free text and stay out). ``None`` without a store or
        log."""
        if self.path is None or not Path(self.path).is_file():  # e.g. a store made for a report
            return None
        from .i18n import _
        from .report.progress import STATUS_LABELS
        from .store.interventions import read_interventions

        log_ = read_interventions(self.path)
        log_ = log_[log_["date"].notna()] if len(log_) else log_
        if not len(log_):
            return None
        cat = self.model.catalogue if self.model is not None else None

        def action(a: Any) -> str:
            ins = cat[str(a)] if cat is not None and str(a) in cat else None
            if ins is None:  # an id the catalogue does not know is shown as it is
                return str(a)
            return ins.label()

        def status(st: Any) -> str:
            return _(STATUS_LABELS[str(st)]) if str(st) in STATUS_LABELS else str(st)

        return pd.DataFrame({
            "date": log_["date"].astype(str).to_numpy(), "category": "intervention",
            "node": log_["target"].fillna("").astype(str).to_numpy(),
            "partner": log_["partner"].fillna("").astype(str).to_numpy(),
            "description": [f"{action(a)}: {status(st)}"
                            for a, st in zip(log_["action_id"], log_["status"], strict=True)]})

    def analyse(self, *, steps: int = 10, strategy: str | Sequence[str] = "betweenness",
                mode: str = "sequential", weights: Mapping[str, Any] | str | Path | None = None,
                kinds: Sequence[str] | None | object = _DEFAULT, seed: int = 0,
                progress: Any = None, weighted: bool = False,
                distance: str = "weight") -> CaseAnalysisResult:
        """Vital nodes, edge measures (edge betweenness, bridges) and a disruption curve.

        Parameters
        ----------
        steps : int
            Disruption steps.
        strategy : str or list of node ids
            Disruption strategy (see :func:`netwerk.analysis.disrupt`).
        mode : {"sequential", "block"}
        weights, kinds, seed
            As :meth:`vital`.
        progress : callable, optional
            Called with a short label after each stage and each disruption step.
        weighted, distance
            Tie weights in the path measures of the ranking and in edge betweenness, as
            :func:`~netwerk.analysis.vital_nodes` (``distance``: ``"weight"`` = lengths,
            ``"inverse"`` = strengths). The disruption curve stays unweighted (it counts who is
            still connected).

        Returns
        -------
        CaseAnalysisResult
        """
        from .analysis import bridges as find_bridges
        from .analysis import disrupt, edge_betweenness
        from .i18n import _

        tick = progress or (lambda _label: None)
        wkw: dict[str, Any] = {"weighted": True, "distance": distance} if weighted else {}
        ranking = self.vital(weights=weights, kinds=kinds, seed=seed, **wkw)
        tick(_("vitale knooppunten"))
        net = self.net
        g = net.simple_graph
        ids = net.nodes.index.to_numpy()
        el = np.asarray(g.get_edgelist(), dtype=np.int64).reshape(-1, 2)
        edges = pd.DataFrame({"source": ids[el[:, 0]], "target": ids[el[:, 1]],
                              "weight": g.es["weight"] if g.ecount() else [],
                              "records": g.es["records"] if g.ecount() else [],
                              "kinds": g.es["kinds"] if g.ecount() else []})
        if net.n_nodes <= EDGE_BETWEENNESS_MAX:
            edges["edge_betweenness"] = edge_betweenness(
                net, weighted=weighted, distance=distance)["edge_betweenness"].to_numpy()
            eb_note = "exact (networkx normalisation)"
        else:
            edges["edge_betweenness"] = np.nan
            eb_note = f"skipped above {EDGE_BETWEENNESS_MAX} nodes"
        edges["bridge"] = False
        br = find_bridges(net)
        if len(br):
            edges.loc[br.index.to_numpy(), "bridge"] = True
        edges.index.name = "edge"
        tick(_("relatiematen"))
        dis = disrupt(net, strategy=strategy, steps=steps, mode=mode,
                      stages=list(self.stages) or None, group=self.group or "stage", seed=seed,
                      progress=lambda _s: tick(_("verstoringsstap")))
        params = {"steps": steps, "strategy": strategy, "mode": mode, "seed": seed,
                  "edge_betweenness": eb_note, "weighted": weighted,
                  "distance": distance if weighted else None}
        return CaseAnalysisResult(vital=ranking, edges=edges, disruption=dis, params=params)

    def _matrix_title(self) -> str:
        """The barrier matrix's title in the output's language."""
        from .i18n import _

        return _("Barrièremodel {model}: {naam}", model=self.model.label(), naam=self.name)

    def _require_model(self) -> Any:
        if self.model is None:
            from .interventions import shipped_models

            raise ConfigError(_("casus '{naam}' heeft geen barrièremodel: er is geen "
                                "delicttype vastgelegd; {advies}, of kies een barrièremodel "
                                "met --model ({modellen})", naam=self.name,
                                advies=crime_type_advice(self.path),
                                modellen=", ".join(shipped_models())))
        return self.model

    def plan(self, *, capacity: str | Mapping[str, float] | None = None, max_actions: int = 8,
             top: int = 20, seed: int = 0, recovery: float | None = None,
             vital: VitalRanking | None = None, **options: Any) -> CasePlan:
        """Barrier matrix, candidate interventions, the package and the action plan.

        Parameters
        ----------
        capacity : mapping or "partner=days,..." string, optional
            Person-days per partner (partners not named get 0; ``None``: the default capacity of
            :func:`netwerk.interventions.select_package`).
        max_actions : int
            Largest package.
        top : int
            How many vital nodes the candidates cover.
        seed : int
        recovery : float, optional
            Recovery probability of the network after a removal (0–1).
        vital : VitalRanking, optional
            A ranking made earlier (default: :meth:`vital` with ``seed``).
        **options
            Passed to :func:`netwerk.interventions.select_package`: the objective ``weights``,
            ``goals``, ``trekker``, ``min_spectrum``, ``include_partners``, ``exclude_*``,
            ``lock_*``, ``overrides`` (a reason per repressive action on a vulnerable person),
            ``executed`` (re-planning from the log).

        Returns
        -------
        CasePlan

        Raises
        ------
        ConfigError
            The case has no barrier model.
        """
        from .interventions import (
            action_plan,
            barrier_matrix,
            candidate_interventions,
            select_package,
        )

        bm = self._require_model()
        ranking = vital or self.vital(seed=seed)
        table = ranking.table
        matrix = barrier_matrix(self.net, bm, vital=table, top=top)
        cands = candidate_interventions(self.net, bm, vital=table, top=top, seed=seed,
                                        recovery=recovery)
        pkg = select_package(self.net, bm, capacity=capacity, max_actions=max_actions,
                             vital=table, top=top, recovery=recovery, seed=seed, candidates=cands,
                             **options)
        plan_df = (action_plan(pkg, self.net, bm, vital=table)
                   if pkg.actions is not None and len(pkg.actions) else None)
        params = {"capacity": capacity, "max_actions": max_actions, "top": top, "seed": seed,
                  "recovery": recovery}
        return CasePlan(matrix=matrix, candidates=cands, package=pkg, table=plan_df,
                        vital=ranking, model=bm.name, params=params)

    @_guarded
    def map(self, path: str | Path, *, vital: VitalRanking | None = None,
            plan: CasePlan | None = None, audience: str = "case-meeting",
            partner: str | None = None, seed: int = 0, max_nodes: int = 3000,
            layout: str = "auto", title: str | None = None, edition: str | None = None,
            gov: Any = None, date: str | None = None,
            alternatives: Mapping[str, Any] | None = None, stability: Any = "auto",
            timeline: bool = True) -> Any:
        """Write the offline HTML map of the case for the case meeting (:func:`netwerk.viz.write_map`).

        Parameters
        ----------
        path : path
            The HTML file.
        vital : VitalRanking, optional
            Default: :meth:`vital` with ``seed``.
        plan : CasePlan, optional
            Puts the package on the map: targets marked with partner and action, per node "wie
            kan wat" (its ``candidates``) and "in het pakket" (its ``package``), and the what-if
            control. A partner's own edition gets its own candidates only and no package.
        audience, partner, seed, max_nodes, layout, title, date, alternatives
            As :func:`netwerk.viz.write_map` (``layout="barrier"``: the barrier-model picture).
            The title defaults to "Casusoverleg <case name>" and the date (the timeline's
            reference date) to :attr:`reference_date`, else today.
        stability : "auto", int or RankStability
            The rank interval and *zeker/onzeker* mark per node in the click panel and the ranked
            list: :meth:`stability` with this many replicates (``"auto"``: its default; ``0``:
            off, the map says so) of the ranking shown (``vital``, with its weights, kinds and
            seed), or a result made earlier.
        timeline : bool
            Draw the case's timeline (:meth:`timeline`) under the map; clicking an event
            highlights its nodes.
        edition, gov
            Lawful use for a case store (:mod:`netwerk.governance`): the edition
            (``casusoverleg`` or ``partner:NAME``; ``audience``/``partner`` fold into it) or the
            run's :class:`~netwerk.governance.Governance`. The map is marked and logged; its
            candidates are the edition's.

        Returns
        -------
        MapResult
        """
        from .viz import write_map

        cands = plan.candidates if plan is not None else None
        package = plan.package if plan is not None else None
        if gov is None and self.path is not None:
            from .governance import govern

            aud = f"partner:{partner}" if audience == "partner" and partner else audience
            gov = govern(self.path, edition=edition, audience=None if edition else aud,
                         command="netwerk.Case.map")
        if gov is not None:
            from .governance import edition_candidates
            from .governance.publish import edition_context

            ed = gov.edition
            if not ed.map_allowed:
                raise ConfigError(_("de editie {editie} krijgt geen netwerkkaart (need-to-know)",
                                  editie=ed.name),
                                  reason=Reason.NOT_FOR_EDITION)
            audience, partner = ("partner", ed.partner) if ed.kind == "partner" else \
                ("case-meeting", None)
            if cands is not None:
                ctx = edition_context(self.net, ed)
                cands = edition_candidates(cands, ed, hidden=ctx.hidden)
            if ed.kind == "partner":
                package, alternatives = None, None
        res = write_map(self.net, path, **self._map_args(
            vital=vital, plan=plan, audience=audience, partner=partner, seed=seed,
            max_nodes=max_nodes, layout=layout, title=title,
            date=date if date is not None else self.reference_date,
            alternatives=alternatives, candidates=cands, package=package, stability=stability,
            timeline=timeline))
        prov = self._map_provenance(res, vital or (plan.vital if plan is not None else None),
                                    seed=seed, max_nodes=max_nodes, layout=layout,
                                    plan=plan is not None, gov=gov)
        if gov is not None:
            gov.finish([res.path], what="kaart")
            gov.finish([prov])
        return res

    def _map_provenance(self, res: Any, ranking: VitalRanking | None, *, seed: int,
                        max_nodes: int, layout: str, plan: bool, gov: Any) -> Path:
        """The map's provenance record, ``<map>.provenance.json`` beside the HTML file (one per
        map, so maps of several cases can share a folder)."""
        from .analysis.grading import grading_policy_record
        from .provenance import provenance_record, write_provenance

        ranking = ranking if ranking is not None else self.vital(seed=seed)
        left = res.left_out or {}
        left_out = [{"what": f"{int(left.get('nodes', 0))} nodes and "
                             f"{int(left.get('relations', 0))} relation records not on the map",
                     "why": f"max_nodes={max_nodes} and the {res.audience} edition's need-to-know"}
                    ] if left.get("nodes") or left.get("relations") else []
        left_out.extend({"what": "barrier model", "why": n} for n in self.notes)
        cfg = {"audience": res.audience, "max_nodes": max_nodes, "layout": layout,
               "package_on_map": plan, "vital_weights": ranking.weights,
               "vital_weights_source": ranking.params.get("weights_source"),
               "grading_policy": grading_policy_record()}
        rec = provenance_record(
            "map", inputs=self.provenance_inputs(), case=self.provenance_case(), config=cfg,
            seed=ranking.params.get("seed", seed), key_fingerprints=self.key_fingerprints(),
            left_out=left_out,
            rows={"nodes": self.net.n_nodes, "relations": self.net.n_edges,
                  "nodes_shown": res.n_nodes_shown, "relations_shown": res.n_edges_shown},
            outputs=[res.path], extra={"vital_method": ranking.method})
        if gov is not None:
            rec = {**rec, "lawful_use": gov.provenance()}
            if not gov.edition.person_level:
                from .governance.editions import redact_pseudonyms

                rec = redact_pseudonyms(rec)
        return write_provenance(Path(res.path).parent, rec,
                                name=f"{Path(res.path).stem}.provenance.json")

    def map_page(self, **kwargs: Any) -> tuple[str, Any]:
        """The map's HTML and :class:`~netwerk.viz.MapResult` without writing a file (keyword
        arguments as :meth:`map`, without the governance log: for notebooks,
        :func:`netwerk.viz.show_map`)."""
        from .viz import render_map

        return render_map(self.net, **self._map_args(**kwargs))

    def _stability_for(self, ranking: Any, replicates: Any, seed: int) -> Any:
        """:meth:`stability` of the ranking an output shows, so its ``rank`` is that ranking's: the
        ranking's own weights, kinds and seed when it is not the case's default ranking. When the
        ranks still differ (other :func:`vital_nodes` options), no interval and the reason."""
        from .i18n import _
        from .viz.certainty import RankStability

        if isinstance(ranking, pd.DataFrame):
            ranking = VitalRanking.from_table(ranking)
        params = dict(getattr(ranking, "params", {}) or {})
        r_seed = int(params.get("seed", seed))
        ranks = ranking.table["rank"].rename(index=str)

        def same(other: pd.Series) -> bool:
            other = other.rename(index=str)
            return set(other.index) == set(ranks.index) and bool(
                (other.reindex(ranks.index).astype(int) == ranks.astype(int)).all())

        if same(self.vital(seed=r_seed).table["rank"]):
            result = self.stability(replicates=replicates, seed=r_seed)
        else:
            result = self.stability(replicates=replicates, seed=r_seed,
                                    weights=dict(ranking.weights) or None,
                                    kinds=params.get("kinds", _DEFAULT))
        if result.available and not same(result.table["rank"]):
            return RankStability.not_run(_(
                "niet berekend voor deze rangorde (andere instellingen dan de standaardrangorde; "
                "geef stability=case.stability(...) met dezelfde instellingen mee)"))
        return result

    def _map_args(self, *, vital: VitalRanking | None = None, plan: CasePlan | None = None,
                  seed: int = 0, title: str | None = None, stability: Any = "auto",
                  timeline: bool = True, **kwargs: Any) -> dict[str, Any]:
        from .i18n import _

        ranking = vital or (plan.vital if plan is not None else None) or self.vital(seed=seed)
        if not hasattr(stability, "available"):  # "auto", a number or 0: computed here
            stability = self._stability_for(ranking, stability, seed)
        kwargs["stability"] = stability
        if timeline:
            events = self.intervention_events()
            kwargs["timeline"] = events if events is not None else True
        else:
            kwargs["timeline"] = None
        notes = None
        if self.path is not None:
            from .annotations import read_annotations

            notes = read_annotations(self.path)
        if kwargs.get("alternatives") is None and getattr(plan, "alternatives", None) is not None \
                and kwargs.get("package", plan.package if plan is not None else None) is not None:
            kwargs["alternatives"] = plan.alternatives
        if plan is not None:
            kwargs.setdefault("candidates", plan.candidates)
            kwargs.setdefault("package", plan.package)
        return {"vital": ranking.table, "model": self.model, "seed": seed,
                "title": title or _("Casusoverleg {naam}", naam=self.name),
                "annotations": notes, **kwargs}

    def report_entry(self, *, weights: Any = None, seed: int = 0,
                     capacity: str | Mapping[str, float] | None = None, max_actions: int = 8,
                     provenance: Mapping[str, Any] | None = None,
                     stability: Any = "auto") -> Any:
        """This case's entry in a case-selection report (:class:`netwerk.report.CaseReport`);
        ``stability`` as in :meth:`map` (the rank interval and mark of the vital actors)."""
        from .report.build import build_case_from_case

        return build_case_from_case(self, weights=weights, seed=seed, capacity=capacity,
                                    max_actions=max_actions, provenance=provenance,
                                    stability=stability)

    # ------------------------------------------------------------------ provenance and writing
    def provenance_case(self) -> dict[str, Any]:
        """The ``case`` section of a provenance record."""
        return {"name": self.name, "crime_type": self.crime_type,
                "barrier_model": self.model.name if self.model is not None else None,
                "stages": list(self.stages), "nodes": self.net.n_nodes,
                "relations": self.net.n_edges}

    def provenance_inputs(self) -> list[dict[str, Any]]:
        """The case store and the partner extracts it was built from (names and hashes). The case
        store is named by the SHA-256 of its content (``sha256_of: content``,
        :func:`netwerk.store.content_sha256`), so the same case gives the same record after any
        number of reads."""
        from .provenance import input_record

        out: list[dict[str, Any]] = []
        if self.path is not None:
            content = self.net.meta.get("content_sha256")
            if content:  # the store's content, not its bytes: every read appends to its access log
                out.append({"name": Path(self.path).name, "kind": "case store",
                            "sha256": content, "bytes": None, "sha256_of": "content"})
            else:
                out.append(input_record(self.path, kind="case store"))
        for imp in self.net.meta.get("imports") or []:
            if isinstance(imp, Mapping):
                out.append({"name": imp.get("file_name"), "kind": "extract",
                            "sha256": imp.get("file_sha256"), "partner": imp.get("partner"),
                            "spec": imp.get("spec_name"), "import_id": imp.get("import_id")})
        return out

    def key_fingerprints(self) -> list[str]:
        fps = {str(imp.get("key_fingerprint")) for imp in self.net.meta.get("imports") or []
               if isinstance(imp, Mapping) and imp.get("key_fingerprint")}
        if self.net.meta.get("key_fingerprint"):
            fps.add(str(self.net.meta["key_fingerprint"]))
        return sorted(fps)

    @_guarded
    def write(self, result: CaseAnalysisResult | CasePlan | VitalRanking, out_dir: str | Path,
              *, config: Mapping[str, Any] | None = None,
              inputs: Sequence[Mapping[str, Any]] = (), edition: str | None = None,
              gov: Any = None) -> list[Path]:
        """Write a result into ``out_dir`` with the safe writer and one provenance record.

        - :class:`CaseAnalysisResult`: ``nodes.csv``, ``edges.csv``, ``disruption.csv``,
          ``summary.json``;
        - :class:`CasePlan`: ``barrier_matrix.csv/.md/.html``, ``candidates.csv``,
          ``package.csv``, ``action_plan.csv/.xlsx/.md``;
        - :class:`VitalRanking`: ``nodes.csv``;

        and always ``provenance.json`` (:mod:`netwerk.provenance`), which lists the case store,
        its extracts and ``inputs`` (other input files, e.g. an edge list).

        Lawful use (:mod:`netwerk.governance`): for a case store, the run is governed — ``gov``
        (from :func:`netwerk.governance.govern`) or one made here for ``edition`` (default
        ``casusoverleg``). A plan is written as that edition may see it
        (:func:`netwerk.governance.publish.write_plan_edition`: need-to-know tables and the
        partner records behind each target), every file is marked and logged with its SHA-256
        in the case's access log, and provenance records the case record, edition and weights
        version. A case made with :meth:`from_network` (no store) is written as before.

        Returns
        -------
        list of Path
            The files written, ``provenance.json`` last.
        """
        from . import io
        from .analysis.grading import grading_policy_record
        from .provenance import provenance_record, write_provenance

        out = Path(out_dir)
        if gov is None and self.path is not None:
            from .governance import govern

            gov = govern(self.path, edition=edition,
                         command=f"netwerk.Case.write {type(result).__name__}")
        out.mkdir(parents=True, exist_ok=True)
        files: list[Path] = []
        extra: dict[str, Any] = {}
        left_out: list[dict[str, Any]] = []
        if isinstance(result, VitalRanking):
            files.append(io.write_csv(result.table, out / "nodes.csv", index=True, index_label="id"))
            command, params, ranking = "vital", dict(result.params), result
        elif isinstance(result, CaseAnalysisResult):
            ranking = result.vital
            dis = result.disruption
            files.append(io.write_csv(ranking.table, out / "nodes.csv", index=True,
                                      index_label="id"))
            files.append(io.write_csv(result.edges, out / "edges.csv", index=True,
                                      index_label="edge"))
            files.append(io.write_csv(dis.curve, out / "disruption.csv"))
            summary = self._summary(result)
            files.append(io.write_json(summary, out / "summary.json"))
            command, params = "analyse", dict(result.params)
            extra["disruption"] = {"method": dis.method, "params": dis.params}
            if result.params.get("edge_betweenness", "").startswith("skipped"):
                left_out.append({"what": "edge betweenness",
                                 "why": result.params["edge_betweenness"]})
        elif isinstance(result, CasePlan):
            files.extend(self._write_plan(result, out, gov.edition if gov is not None else None))
            ranking = result.vital
            command, params = "plan", dict(result.params)
            pkg = result.package
            extra["package"] = {"method": pkg.method, "actions": len(pkg),
                                "effect": pkg.effect, "capacity_used": pkg.capacity_used,
                                "params": pkg.params}
            extra["barrier_model"] = {"name": self.model.name, "source": self.model.source,
                                      "catalogue": self.model.catalogue.source}
        else:
            raise TypeError(_("kan {soort} niet schrijven; verwacht een VitalRanking, "
                              "CaseAnalysisResult of CasePlan", soort=type(result).__name__))
        left_out.extend({"what": "barrier model", "why": n} for n in self.notes)
        read = _read_record(self.net.meta)
        if read:
            extra["edge_list"] = read
        if len(self.bystanders):
            left_out.append({"what": f"{len(self.bystanders)} niet-betrokkenen (bystanders)",
                             "why": "only co-registered at an address, no other tie; open the "
                                    "case with bystanders='include' or keep=[...] to restore"})
        g = getattr(self, "grading_left_out", None)
        if g:
            left_out.append({"what": f"{g['records_left_out']} relation records graded below "
                                     f"{g['min_grade']}",
                             "why": "grading policy (netwerk/data/grading_policy.yaml: min_grade)"})
        why_not = ranking.params.get("left_out_reasons") or {}
        for comp in ranking.components_dropped:
            left_out.append({"what": f"vital-score component {comp}",
                             "why": why_not.get(comp, "not computable on this network (no "
                                                      "group, no stages or too large)")})
        cfg = {**params, **dict(config or {}),
               "vital_weights": ranking.weights,
               "vital_weights_source": ranking.params.get("weights_source"),
               "vital_weights_sha256_16": ranking.params.get("weights_hash"),
               "group": ranking.params.get("group"), "kinds": ranking.params.get("kinds"),
               "weight_use": ranking.params.get("weight_use"),
               "grading_policy": grading_policy_record()}
        rec = provenance_record(
            command, inputs=[*self.provenance_inputs(), *inputs], case=self.provenance_case(), config=cfg,
            seed=ranking.params.get("seed"), key_fingerprints=self.key_fingerprints(),
            left_out=left_out,
            rows={"nodes": self.net.n_nodes, "relations": self.net.n_edges,
                  "ranked": len(ranking), **self.net.record_counts()},
            outputs=files, extra={"vital_method": ranking.method, **extra})
        if gov is not None:  # lawful use: record, edition, marking, weights version
            from .governance.models import model_version_of

            vw = model_version_of("vital", ranking.params.get("weights_source"))
            rec = {**rec, "lawful_use": gov.provenance(), "models": {"vital": vw.as_dict()}}
            if not gov.edition.person_level:  # no pseudonym in a stuurgroep/private edition
                from .governance.editions import redact_pseudonyms

                rec = redact_pseudonyms(rec)
        files.append(write_provenance(out, rec))
        if gov is not None:
            gov.finish(files)
        return files

    def _summary(self, result: CaseAnalysisResult) -> dict[str, Any]:
        ranking = result.vital
        top = ranking.table.head(10)
        return {
            "case": self.name,
            "network": self.net.summary(),
            "ranked": len(ranking),
            "top_vital": [{"id": str(i), "rank": int(r["rank"]),
                           "vital_score": round(float(r["vital_score"]), 4), "kind": r["kind"],
                           "reason": r["reason"]} for i, r in top.iterrows()],
            "methods": {"vital_nodes": ranking.method,
                        "measures": ranking.params.get("methods"),
                        "weights": ranking.weights,
                        "weights_source": ranking.params.get("weights_source"),
                        "components_dropped": list(ranking.components_dropped),
                        "edge_betweenness": result.params.get("edge_betweenness"),
                        "disruption": result.disruption.method},
            "stages": list(self.stages) or None, "group": ranking.params.get("group"),
            "barrier_model": self.model.name if self.model is not None else None,
            "disruption": {"strategy": result.params.get("strategy"),
                           "steps": result.params.get("steps"),
                           "mode": result.params.get("mode"),
                           "final_lcc_share": float(result.disruption.curve["lcc_share"].iloc[-1])},
        }

    def _write_plan(self, plan: CasePlan, out: Path, edition: Any = None) -> list[Path]:
        from . import io
        from .interventions import export_plan, render_barrier_matrix
        from .interventions.plan import package_table

        # codes (reason, spectrum, decision, effect) rendered in the output's language
        cands = package_table(plan.candidates, self.model)
        actions = package_table(plan.actions, self.model)
        if edition is not None:  # need-to-know editions (netwerk.governance)
            from .governance.publish import check_partner_kind, write_plan_edition

            check_partner_kind(edition, self.model.catalogue)

            return write_plan_edition(out, edition, net=self.net, matrix=plan.matrix,
                                      candidates=cands, package=actions, plan=plan.table,
                                      title=self._matrix_title(), model=self.model)

        files = [io.write_csv(plan.matrix, out / "barrier_matrix.csv", index=True)]
        title = self._matrix_title()
        files.append(io.write_markdown(render_barrier_matrix(plan.matrix, "markdown", title=title),
                                       out / "barrier_matrix.md"))
        html = out / "barrier_matrix.html"
        io.write_html(render_barrier_matrix(plan.matrix, "html", title=title), html)
        files.append(html)
        files.append(io.write_csv(cands, out / "candidates.csv"))
        files.append(io.write_csv(actions, out / "package.csv"))
        if plan.table is not None:
            files.extend(export_plan(plan.table, out, case=self.name, date=plan.params.get("date"),
                                     package=plan.package, model=self.model).values())
        return files


#: Rank intervals made in this process, by network fingerprint and parameters (at most 8).
_STABILITY_MEMO: dict[Any, Any] = {}


def _read_record(meta: Mapping[str, Any]) -> dict[str, Any]:
    """What :meth:`Network.from_edges` did to the rows it read, for provenance: ids normalised
    (trimmed, ``2.0`` read as ``2``), node-table rows rejected or repeated, and the first row
    of each reject reason (row, column)."""
    out: dict[str, Any] = {}
    if "ids" in meta:
        out["ids_normalised"] = dict(meta["ids"])
    for k in ("node_rows_read", "rejected_nodes", "duplicate_node_rows"):
        if k in meta:
            out[k] = meta[k]
    first: dict[str, Any] = {}
    for r in meta.get("rejects", []):
        first.setdefault(r["reason"], {"row": r["row"], "column": r["column"]})
    if first:
        out["first_reject"] = first
    return out


def _network_fingerprint(net: Network) -> str:
    """SHA-256 of the network's node and edge tables (every column, as text) and direction."""
    import hashlib

    h = hashlib.sha256(str(net.directed).encode())
    for df in (net.nodes, net.edges):
        h.update(",".join(map(str, df.columns)).encode())
        if len(df):
            h.update(pd.util.hash_pandas_object(df.astype(str), index=True).to_numpy().tobytes())
    return h.hexdigest()


def check_replicates(value: int | str | None) -> int | None:
    """``"auto"``/None -> None; a non-negative integer (or its text) -> int; else ConfigError."""
    if value is None or (isinstance(value, str) and value.strip().lower() == "auto"):
        return None
    try:
        n = int(str(value).strip()) if isinstance(value, str) else int(value)
    except (TypeError, ValueError):
        n = -1
    if n < 0 or (not isinstance(value, str) and float(value) != n):
        raise ConfigError(_("het aantal stabiliteitsherhalingen moet 'auto' of een geheel getal "
                            ">= 0 zijn, niet {waarde!r}", waarde=value), reason=Reason.INVALID_ARGUMENT)
    return n


def check_reference_date(value: Any, option: str | None = None) -> str | None:
    """A reference date (*peildatum*) as ISO text ``YYYY-MM-DD``; None or empty text: None
    (today, at the time of each output). ``option``: the command-line option the date came from
    (``"--date"``), named in the error instead of "de peildatum". The text is echoed in the
    error with any raw identifier in it masked.

    Raises
    ------
    InputError
        ``value`` is not a date (reason ``invalid_argument``).

    Examples
    --------
    >>> import datetime as dt
    >>> check_reference_date("2026-06-30"), check_reference_date(dt.date(2026, 1, 2))
    ('2026-06-30', '2026-01-02')
    >>> check_reference_date(None) is None
    True
    >>> check_reference_date("30-06-2026")
    Traceback (most recent call last):
    ...
    netwerk.errors.InputError: de peildatum moet een datum JJJJ-MM-DD zijn, niet '30-06-2026'
    >>> check_reference_date("BSN 123456782", "--date")
    Traceback (most recent call last):
    ...
    netwerk.errors.InputError: --date: verwacht een datum JJJJ-MM-DD, niet 'BSN [bsn]'
    """
    import datetime as dt

    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    try:
        if len(text) != 10:
            raise ValueError(text)
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        from .privacy import mask_name

        if option:
            raise InputError(_("{optie}: verwacht een datum JJJJ-MM-DD, niet '{tekst}'",
                               optie=option, tekst=mask_name(text)),
                             reason=Reason.INVALID_ARGUMENT) from None
        raise InputError(_("de peildatum moet een datum JJJJ-MM-DD zijn, niet '{tekst}'",
                           tekst=mask_name(text)),
                         reason=Reason.INVALID_ARGUMENT) from None


def open_case(path: str | Path, *, model: str | Path | Any | None = None,
              catalogue: str | Path | None = None, resolve: bool = True,
              directed: bool = False, bystanders: str = "exclude",
              keep: Sequence[str] = (), allow_closed: bool = False,
              today: Any = None, reference_date: Any = None) -> Case:
    """Open a case store: check lawful use, load its network and stage it with its barrier
    model, once.

    Every entry point (CLI command, report builder, notebook) opens a store through here, so the
    lawful-use check of :func:`netwerk.governance.check_lawful` (purpose and legal basis recorded
    or a training case, retention not ended, case not closed) runs before anything is read, as
    the CLI's ``govern`` does. The checked record is :attr:`Case.record`.

    Parameters
    ----------
    path : path
        A case store made by ``netwerk ingest`` (``CASE.duckdb``).
    model : str, path or BarrierModel, optional
        The barrier model (default: the case's crime type; a case without one opens unstaged).
    catalogue : path, optional
        An own intervention catalogue.
    resolve, directed : bool
        As :func:`netwerk.store.load_network`.
    bystanders, keep
        As :meth:`Case.from_network`: bystanders are left out by default, counted and reversible.
    allow_closed : bool
        Let a closed case through (reading back its progress and audit, as the CLI does).
    today : date, optional
        The date retention is checked against (default: today).
    reference_date : date or "YYYY-MM-DD", optional
        The case's reference date (*peildatum*, :attr:`Case.reference_date`): timeline, map and
        report are drawn up to it (default: today at the time of each output).

    Returns
    -------
    Case

    Raises
    ------
    InputError
        The file does not exist.
    LawfulUseError
        No case record, no purpose or legal basis (and not a training case), retention ended, or
        a closed case (unless ``allow_closed``); see :func:`netwerk.governance.check_lawful`.
    StoreError
        The file is not a netwerk case store (or of a newer schema).
    ConfigError
        ``model`` is unknown. A crime type without a shipped barrier model opens the case
        unstaged, with the reason in :attr:`Case.notes` and in every provenance record.

    Examples
    --------
    >>> case = open_case(hennep_oost)      # a synthetic sample case store
    >>> case.model.name, case.stages[:3], case.net.nodes["stage"].notna().sum()
    ('cannabis', ('financing', 'location', 'electricity'), np.int64(41))
    """
    from .governance.record import check_lawful
    from .privacy import case_patterns, mask_name
    from .store import load_network

    p = Path(path)
    ref = check_reference_date(reference_date)  # a bad date concerns the call, not the store
    if not p.exists():
        raise InputError(_("casusopslag niet gevonden"), reason=Reason.FILE_NOT_FOUND, file=str(p))
    record = check_lawful(p, today=today, allow_closed=allow_closed)  # before anything is read
    net = load_network(p, resolve=resolve, directed=directed)
    case = Case.from_network(net, model=model, name=p.stem, catalogue=catalogue,
                             bystanders=bystanders, keep=keep)
    case.name = mask_name(p.stem, case_patterns(p))  # the case's spec patterns too
    case.path = p
    case.record = record
    case.reference_date = ref
    return case


def crime_type_advice(case: str | Path | None = None) -> str:
    """How a user records a case's crime type, in the language in force: the option of
    ``netwerk case init`` (and of ``netwerk ingest``), never an internal table or keyword name.

    ``case`` is the case store named in the advice by its file name only (masked,
    :func:`netwerk.privacy.mask_name`: no folder, no raw identifier); without it the advice says
    ``CASUS.duckdb``.

    Examples
    --------
    >>> crime_type_advice("/data/riec/zaak.duckdb")
    'leg het delicttype vast met `netwerk case init zaak.duckdb --crime-type SOORT` (of bij het inlezen: `netwerk ingest ... --crime-type SOORT`)'
    """
    from .privacy import mask_name

    where = mask_name(Path(case).name) if case else "CASUS.duckdb"
    return _("leg het delicttype vast met `netwerk case init {casus} --crime-type SOORT` (of bij "
             "het inlezen: `netwerk ingest ... --crime-type SOORT`)", casus=where)
