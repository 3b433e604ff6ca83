"""One explainable ranking of the vital nodes: every measure, one weighted score, a reason per node.

"Vital" combines position (centrality), brokerage between groups, structural holes, fragility
(articulation points, bridges, ties across communities) and the value chain (sole and scarce
providers, ties between consecutive stages, the minimum chain cut). Each measure becomes a 0–1
component (a blend of percentile rank and scaled value, or a flag), the weights come from a YAML file
(``netwerk/data/vital_weights.yaml`` by default), and each node gets a short plain-language reason
built from its strongest components.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from ..errors import ConfigError, GraphError, cause_text
from ..graph.network import Network
from ..i18n import N_, _, ngettext
from ..yamlfile import load_yaml_text

__all__ = ["vital_nodes", "load_vital_weights", "COMPONENTS", "DEFAULT_KINDS", "REGISTRY", "ScoreComponent",
           "VitalRanking"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

#: Node kinds ranked by default: the actors (when the network has any).
DEFAULT_KINDS = ("person", "company")

@dataclass(frozen=True)
class ScoreComponent:
    """One component of the vital score, declared once.

    Attributes
    ----------
    name : str
        Key in the weights file (``vital_weights.yaml``).
    needs : {None, "group", "stages"}
        What the network must have for the component to be computed.
    column : str
        Column of the measures table the component is made from.
    transform : {"blend", "blend_log", "flag", "inverse_percentile"}
        How the measure becomes a 0–1 component (see ``vital_weights.yaml``).
    phrase : str or None
        Dutch phrase (a message id of :mod:`netwerk.i18n`) used in reasons of ranked measures
        ("top-1% als tussenpersoon"; English "top-1% betweenness"); ``None`` for components with
        their own phrase (flags and counts).
    label_nl : str
        Dutch name shown to users.
    explain_nl : str
        Plain-Dutch explanation (shown with the technical name on hover).
    """

    name: str
    needs: str | None
    column: str
    transform: str
    phrase: str | None
    label_nl: str
    explain_nl: str


#: The registry of score components, in weights-file order. Adding a measure to the score means
#: adding one entry here (and its measure to the table in :func:`vital_nodes`) and one weight.
REGISTRY: dict[str, ScoreComponent] = {c.name: c for c in (
    ScoreComponent("betweenness", None, "betweenness", "blend", N_("als tussenpersoon"),
                   "tussenpersoon", "ligt op veel kortste verbindingen tussen anderen"),
    ScoreComponent("degree", None, "degree", "blend", N_("in aantal relaties"),
                   "aantal relaties", "heeft veel directe relaties"),
    ScoreComponent("harmonic", None, "harmonic", "blend", N_("in bereikbaarheid"),
                   "nabijheid", "bereikt iedereen in het netwerk in weinig stappen"),
    ScoreComponent("eigenvector", None, "eigenvector", "blend", N_("in invloedrijke contacten"),
                   "invloedrijke contacten", "heeft relaties met actoren die zelf veel relaties hebben"),
    ScoreComponent("pagerank", None, "pagerank", "blend", N_("in PageRank"),
                   "PageRank", "wordt bereikt via veel en belangrijke relaties"),
    ScoreComponent("coreness", None, "coreness", "blend", N_("in kernpositie"),
                   "kern", "zit in de dichte kern van het netwerk"),
    ScoreComponent("brokerage", "group", "brokerage", "blend", N_("als makelaar tussen groepen"),
                   "makelaar", "verbindt schakels of groepen die anders niet direct contact hebben"),
    ScoreComponent("liaison", "group", "brokerage_liaison", "blend", N_("als verbinder tussen groepen"),
                   "verbinder", "verbindt twee groepen waar hij zelf niet toe behoort"),
    ScoreComponent("effective_size", None, "effective_size", "blend", N_("in niet-overlappende contacten"),
                   "niet-overlappende contacten", "heeft contacten die elkaar niet kennen"),
    ScoreComponent("low_constraint", None, "constraint", "inverse_percentile", N_("in structurele gaten"),
                   "structurele gaten", "overbrugt gaten tussen contacten die los van elkaar staan"),
    ScoreComponent("cut_off", None, "cut_off", "blend_log", None,
                   "afsnijder", "zonder deze actor raken anderen los van het netwerk"),
    ScoreComponent("bridges", None, "bridges", "blend_log", None,
                   "enige verbinding", "is de enige verbinding tussen twee delen"),
    ScoreComponent("communities", None, "communities", "blend", None,
                   "verbindt groepen", "heeft contacten in meerdere groepen (gemeenschappen)"),
    ScoreComponent("sole_provider", "stages", "sole_provider", "flag", None,
                   "enige leverancier", "de enige actor (of persoon) in een schakel van de keten"),
    ScoreComponent("scarce_provider", "stages", "scarce_provider", "flag", None,
                   "schaarse leverancier", "een van heel weinig actoren in een schakel"),
    ScoreComponent("stage_bridge", "stages", "stage_bridge", "flag", None,
                   "schakelverbinding", "verbindt opeenvolgende schakels van de keten"),
    ScoreComponent("stage_broker", "stages", "stage_broker", "flag", None,
                   "schakelmakelaar", "heeft contacten in twee opeenvolgende schakels"),
    ScoreComponent("chain_cut", "stages", "chain_cut", "flag", None,
                   "ketenbreker", "hoort bij de kleinste groep waarvan uitschakelen de keten breekt"),
)}

#: Score components: name -> (needs, phrase used in reasons); a view of :data:`REGISTRY`.
COMPONENTS: dict[str, tuple[str | None, str | None]] = {
    k: (c.needs, c.phrase) for k, c in REGISTRY.items()}
_FLAGS = {k for k, c in REGISTRY.items() if c.transform == "flag"}
_DEFAULT = object()


# ---------------------------------------------------------------------------- weights
def load_vital_weights(weights: Mapping[str, Any] | str | Path | None = None) -> tuple[dict[str, float], str]:
    """Read and validate score weights.

    Parameters
    ----------
    weights : dict, path or None
        ``None``: the shipped ``vital_weights.yaml``. A dict (``{name: weight}`` or
        ``{"weights": {...}}``) or the path of a YAML file in that form. Components not named get
        weight 0.

    Returns
    -------
    (dict, str)
        The weights of every component and where they came from.

    Raises
    ------
    ConfigError
        Unknown component, negative or non-numeric weight, all weights zero, unreadable file;
        the message names the file and the key.
    """
    source = "dict"
    if weights is None:
        text = resources.files("netwerk.data").joinpath("vital_weights.yaml").read_text("utf-8")
        raw, source = yaml.safe_load(text), "netwerk/data/vital_weights.yaml"
    elif isinstance(weights, str | Path):
        p = Path(weights)
        source = str(p)
        try:
            raw = load_yaml_text(p.read_text("utf-8"), source)
        except OSError as exc:
            raise ConfigError(_("{wat} niet leesbaar: {oorzaak}", wat=_("gewichtenbestand"),
                                oorzaak=cause_text(exc)),
                              file=source) from exc
        except yaml.YAMLError as exc:
            raise ConfigError(_("geen geldige YAML ({oorzaak})", oorzaak=cause_text(exc)),
                              file=source) from exc
    else:
        raw = dict(weights)
    top = raw
    if isinstance(raw, Mapping) and "weights" in raw:
        raw = raw["weights"]
    if not isinstance(raw, Mapping):
        raise ConfigError(_("de gewichten moeten een mapping van onderdeel naar getal zijn"),
                          file=None if source == "dict" else source, column="weights")
    out = dict.fromkeys(COMPONENTS, 0.0)
    for key, val in raw.items():
        where = None if source == "dict" else source
        if key not in COMPONENTS:
            raise ConfigError(_("onbekend onderdeel van de vitaliteitsscore '{naam}'; bekend: "
                                "{bekend}", naam=key, bekend=", ".join(COMPONENTS)), file=where,
                              column=str(key))
        if isinstance(val, bool) or not isinstance(val, int | float) or not np.isfinite(val) or val < 0:
            raise ConfigError(_("het gewicht van '{naam}' moet een getal van 0 of meer zijn, niet "
                                "{waarde!r}", naam=key, waarde=val), file=where,
                              column=str(key))
        out[key] = float(val)
    if sum(out.values()) <= 0:
        raise ConfigError(_("alle gewichten van de vitaliteitsscore zijn 0"),
                          file=None if source == "dict" else source)
    if source != "dict" and isinstance(top, Mapping) and "weights" in top:
        from ..governance.models import model_version  # version and RIEC approval (model card)

        model_version(top, name="vital", source=source)
    return out, source


# ---------------------------------------------------------------------------- helpers
#: Significant digits (of a column's largest magnitude) that tell two measure values apart when
#: ranking: values that differ only in the last bits of a floating-point sum are tied.
_RANK_DIGITS = 12


def _tie_key(values: np.ndarray) -> np.ndarray:
    """``values`` rounded to :data:`_RANK_DIGITS` significant digits of the largest magnitude, for
    ranking. Equal quantities summed in a different order (two structurally equivalent nodes,
    another triangle order) differ in their last bits; ranked raw, that noise would break their
    tie and move percentiles and ranks. NaN stays NaN."""
    v = np.asarray(values, dtype=float)
    fin = np.isfinite(v)
    top = float(np.abs(v[fin]).max()) if fin.any() else 0.0
    if top == 0.0:
        return v
    scale = 10.0 ** (np.floor(np.log10(top)) - (_RANK_DIGITS - 1))
    return np.round(v / scale)


def _pct(values: pd.Series) -> pd.Series:
    """(rank − 1)/(N − 1), ties at their lowest rank (values equal to :data:`_RANK_DIGITS`
    significant digits are tied); NaN counts as the minimum."""
    v = values.astype(float).fillna(values.min() if values.notna().any() else 0.0)
    n = len(v)
    if n < 2:
        return pd.Series(np.zeros(n), index=v.index)
    return (pd.Series(_tie_key(v.to_numpy()), index=v.index).rank(method="min") - 1.0) / (n - 1.0)


def _blend(values: pd.Series, *, log: bool = False) -> pd.Series:
    """½ · percentile rank + ½ · value / max (``log1p`` first for counts such as cut-off).

    The percentile keeps one extreme value from swamping the rest; the scaled value keeps
    magnitude (a node that cuts off 24 actors is more vital than one that cuts off 3, though both
    are in the top percentiles).
    """
    v = values.astype(float).fillna(0.0).clip(lower=0.0)
    if log:
        v = np.log1p(v)
    top = float(v.max()) if len(v) else 0.0
    scaled = v / top if top > 0 else v * 0.0
    return 0.5 * _pct(values) + 0.5 * scaled


def _neighbour_communities(net: Network, comm: np.ndarray) -> np.ndarray:
    """Per node, the number of distinct communities among itself and its neighbours."""
    g = net.simple_graph
    n = g.vcount()
    if g.ecount() == 0:
        return np.ones(n, dtype=np.int64)
    from ._common import edge_arrays

    s, t, _w = edge_arrays(g)
    c = np.asarray(comm, dtype=np.int64)
    k = int(c.max()) + 1
    # (node, community) pairs as one integer each: a 1-D unique instead of a row-wise one
    keys = np.unique(np.concatenate([s * k + c[t], t * k + c[s], np.arange(n) * k + c]))
    return np.bincount(keys // k, minlength=n)


def _config_hash(weights: dict[str, float]) -> str:
    return hashlib.sha256(json.dumps(weights, sort_keys=True).encode()).hexdigest()[:16]


# ---------------------------------------------------------------------------- main
def vital_nodes(
    net: Network,
    *,
    weights: Mapping[str, Any] | str | Path | None = None,
    group: str | None | object = _DEFAULT,
    stages: Sequence[str] | None = None,
    kinds: Sequence[str] | None | object = _DEFAULT,
    seed: int = 0,
    approximate: bool | None = None,
    exact_threshold: int = 5_000,
    samples: int = 200,
    community_iterations: int = 2,
    holes_threshold: int = 200_000,
    top_share: float = 0.01,
    max_reasons: int = 3,
    stage_labels: Mapping[str, str] | None = None,
    weighted: bool = False,
    distance: str = "weight",
) -> pd.DataFrame:
    """All measures, one vital score, a rank and a plain-language reason per node.

    Parameters
    ----------
    net : Network
    weights : dict, path or None
        Component weights (see :func:`load_vital_weights` and ``netwerk/data/vital_weights.yaml``).
    group : str, optional
        Node attribute for brokerage (e.g. ``"stage"``, ``"organisation"``). Default: ``"stage"``
        when the nodes have value-chain stages (a staged case, see :func:`netwerk.open_case`),
        else none. ``None``: no brokerage.
    stages : list of str, optional
        The ordered value chain over ``group``; enables the value-chain components (sole/scarce
        provider, stage bridge/broker, chain cut). Read from ``net.meta["stages"]`` if not given.
    kinds : list of str or None
        Node kinds to rank. Default: persons and companies (the actors), or every node when the
        network has neither (research edge lists). ``None``: every node. Measures are always
        computed on the whole network (an address or a phone still carries paths); only the
        ranked nodes appear in the result, and percentiles are taken among them.
    seed : int
        Seed for approximations and communities.
    approximate : bool, optional
        Passed to :func:`~netwerk.analysis.centrality.centrality` (``None``: approximate above
        ``exact_threshold`` nodes).
    exact_threshold : int
        Node count above which path measures are approximated (default 5,000: lower than
        :func:`centrality`'s, because a ranking needs the top right, not every digit; KADABRA
        betweenness keeps a top-100 precision around 0.9 — see ``benchmarks/run.py``).
    samples : int
        Pivots of the sampled path measures above ``exact_threshold`` (harmonic closeness);
        closeness (redundant with harmonic for ranking) is left out above the threshold.
    community_iterations : int
        Leiden iterations (2 is leidenalg's default and enough for a stable partition; -1 runs
        to convergence, which can take minutes on 100k+ nodes).
    holes_threshold : int
        Above this many nodes (undirected networks), Burt's effective size and efficiency come from
        the identity ``k − C(k − 1)`` (Borgatti 1997; exact for unweighted ties, linear time) and
        constraint is left out (its weight is dropped), because constraint needs every two-step
        path.
    top_share : float
        Share of nodes called "top" in reasons (default 1%: "top-1% betweenness"); 5% and 10% are
        the next tiers.
    max_reasons : int
        Components named per reason.
    stage_labels : mapping, optional
        Stage id -> name shown in reasons (the barrier model's Dutch labels; :func:`netwerk.open_case`
        passes them). Default: the stage ids.
    weighted : bool
        Use the tie weights, with one meaning in every measure (``distance``), exactly as
        :func:`~netwerk.analysis.centrality.centrality` with ``weighted=True``; the Leiden
        communities read the same strengths. Default ``False``: every tie counts 1 in the
        measures (strength and the communities count the summed weights as recorded).
        ``.attrs["weight_use"]`` records which weight each measure read.
    distance : {"weight", "inverse"}
        With ``weighted``: ``"weight"`` reads a weight as a length: path measures use the
        shortest record, strength-based measures (strength, eigenvector, PageRank, communities)
        ``1/length`` of the shortest record (parallel records are not summed); ``"inverse"`` as
        a strength: strength-based measures sum the records, paths use ``1/w``.

    Raises
    ------
    GraphError
        The network has no nodes; ``group`` is named but the nodes lack it; ``stages`` given
        without a group attribute; ``kinds`` matches no node.
    ConfigError
        Invalid weights (see :func:`load_vital_weights`).

    Returns
    -------
    pd.DataFrame
        Indexed by node id, sorted by ``rank``: ``kind``, ``label``, the group, every measure,
        the components (``c_<name>``, 0–1), ``vital_score`` (0–1), ``rank`` (1 = most vital; ties
        by node id) and ``reason``. ``.attrs`` records weights, their source and hash, methods,
        approximations, parameters and timings.

    Notes
    -----
    ``vital_score = Σ w_c · c / Σ w_c`` over the components that could be computed. A reason lists
    up to ``max_reasons`` components with the largest weighted contribution that stand out
    (flags that are set, measures in the top 10% or, for cut-off and communities, any positive
    value), in the current language (:mod:`netwerk.i18n`, Dutch by default), e.g. "enige actor in
    schakel 'Elektriciteit (aftap)'; snijdt 8 actoren af; top-1% als tussenpersoon".

    References
    ----------
    .. [1] Duijn, P. A. C., Kashirin, V. & Sloot, P. M. A. (2014). The relative ineffectiveness of
       criminal network disruption. Scientific Reports 4, 4238.
    .. [2] Borgatti, S. P. (2005). Centrality and network flow. Social Networks 27(1), 55–71.
    .. [3] Borgatti, S. P. (1997). Structural holes: unpacking Burt's redundancy measures.
       Connections 20(1), 35–38.

    Examples
    --------
    Krackhardt's kite: Heather, the only link to Ike and Jane, is the most vital node.

    >>> from netwerk.datasets import krackhardt_kite
    >>> v = vital_nodes(krackhardt_kite())
    >>> v.index[0], int(v.loc["Heather", "cut_off"]), v.loc["Heather", "reason"]
    ('Heather', 2, 'hoogste score als tussenpersoon; snijdt 2 actoren af; verbindt 3 groepen')
    >>> from netwerk.i18n import using
    >>> with using("en"):
    ...     vital_nodes(krackhardt_kite()).loc["Heather", "reason"]
    'highest betweenness; cuts off 2 actors; bridges 3 communities'
    >>> vital_nodes(krackhardt_kite(), group="stage")
    Traceback (most recent call last):
    ...
    netwerk.errors.GraphError: de knooppunten hebben geen kenmerk 'stage' (open de casus met netwerk.open_case, of geef schakels met het barrièremodel); kenmerken: geen
    """
    w, wsource = load_vital_weights(weights)
    group, stages, has_group = _resolve_group(net, group, stages)
    mt = _measure_table(net, group=group, has_group=has_group, stages=stages, seed=seed,
                        approximate=approximate, exact_threshold=exact_threshold, samples=samples,
                        community_iterations=community_iterations,
                        holes_threshold=holes_threshold, weighted=weighted, distance=distance)
    t0 = time.perf_counter()
    # ---- which nodes to rank
    mask, kinds_used = _rank_mask(net, kinds)
    t = mt.table[mask].copy()
    N = len(t)

    # ---- components
    avail, used, contrib, score, order, rank = _score(t, w, has_group=has_group,
                                                     has_stages=bool(stages))
    comp = pd.DataFrame({f"c_{k}": v for k, v in avail.items()}, index=t.index)
    t = t.join(comp)
    t["vital_score"] = score
    t["rank"] = rank
    t["reason"] = _reasons(t, contrib, group, N, top_share, max_reasons, stage_labels)
    t = t.iloc[order]
    t.index.name = "id"
    mt.timings["score"] = round(time.perf_counter() - t0, 3)
    t.attrs = {
        "method": "weighted mean of measure components (½ percentile + ½ scaled value) and flags",
        "weights": used, "weights_source": wsource, "weights_hash": _config_hash(w),
        "components_dropped": sorted(k for k in COMPONENTS if k not in avail),
        "methods": mt.methods, "approximate": mt.big, "samples": samples if mt.big else None,
        "seed": seed, "group": group if has_group else None, "stages": stages,
        "weighted": weighted, "distance": distance if weighted else None,
        "weight_use": _weight_use_record(mt.methods, weighted, distance),
        "left_out_reasons": _left_out_reasons(mt.methods, avail),
        "kinds": kinds_used, "ranked": N, "nodes": net.n_nodes, "chain_cut": mt.chain_cut,
        "timings": mt.timings,
    }
    return t


def _vital_scores(net: Network, weights: Mapping[str, float], **options: Any
                  ) -> tuple[pd.Index, np.ndarray, np.ndarray]:
    """The ranking of :func:`vital_nodes` without what only a reader needs: the speed path of
    :func:`~netwerk.analysis.stability.rank_stability`.

    Computes only the measures whose component has a positive weight, skips the reasons and the
    per-component table, and takes ``weights`` as already validated (a dict of every component,
    as :func:`load_vital_weights` returns). The measures, components, score and tie-break are the
    same code as in :func:`vital_nodes`, so the scores and ranks are identical to its
    ``vital_score`` and ``rank`` (tested on several networks). ``options`` are
    :func:`vital_nodes`' keyword options with its defaults; those that only shape the reasons
    (``top_share``, ``max_reasons``, ``stage_labels``) are accepted and ignored.

    Returns
    -------
    (pd.Index, np.ndarray, np.ndarray)
        Ranked node ids (in node order), their ``vital_score`` and their ``rank`` (1 = most vital).
    """
    unknown = set(options) - set(_VITAL_DEFAULTS)
    if unknown:
        raise TypeError(_("onverwachte optie(s) {namen}", namen=", ".join(sorted(unknown))))
    o = {**_VITAL_DEFAULTS, **options}  # vital_nodes' own defaults: one place to change them
    w = dict.fromkeys(COMPONENTS, 0.0) | {k: float(v) for k, v in weights.items()}
    group, stages, has_group = _resolve_group(net, o["group"], o["stages"])
    need = {k for k, v in w.items() if v > 0}
    mt = _measure_table(net, group=group, has_group=has_group, stages=stages, seed=o["seed"],
                        approximate=o["approximate"], exact_threshold=o["exact_threshold"],
                        samples=o["samples"], community_iterations=o["community_iterations"],
                        holes_threshold=o["holes_threshold"], need=need,
                        weighted=o["weighted"], distance=o["distance"])
    mask, _kinds = _rank_mask(net, o["kinds"])
    t = mt.table[mask]
    _avail, _used, _contrib, score, _order, rank = _score(
        t, w, has_group=has_group, has_stages=bool(stages), need=need)
    return t.index, score, rank



#: :func:`vital_nodes`' keyword options and their defaults (the speed path takes the same).
_VITAL_DEFAULTS: dict[str, Any] = {
    k: p.default for k, p in inspect.signature(vital_nodes).parameters.items()
    if p.kind is inspect.Parameter.KEYWORD_ONLY and k != "weights"}


def _resolve_group(net: Network, group: str | None | object, stages: Sequence[str] | None
                   ) -> tuple[str | None, list[str] | None, bool]:
    """The brokerage group and value chain of a :func:`vital_nodes` call, checked against the
    node table: ``(group, stages, has_group)``."""
    if net.n_nodes == 0:
        raise GraphError(_("het netwerk heeft geen knooppunten"))
    stages = list(stages) if stages is not None else net.meta.get("stages")
    if group is _DEFAULT:
        group = "stage" if "stage" in net.nodes.columns else None
    elif group is not None and group not in net.nodes.columns:
        attrs = [c for c in net.nodes.columns if c not in ("kind", "label")]
        hint = (_(" (open de casus met netwerk.open_case, of geef schakels met het barrièremodel)")
                if group == "stage" else "")
        raise GraphError(_("de knooppunten hebben geen kenmerk '{kenmerk}'{hint}; kenmerken: "
                           "{bekend}", kenmerk=group, hint=hint,
                           bekend=", ".join(map(str, attrs)) or _("geen")))
    has_group = group is not None and net.nodes[group].notna().any()
    if stages and not has_group:
        raise GraphError(_("schakels gegeven, maar de knooppunten hebben geen kenmerk '{kenmerk}'",
                           kenmerk=group))
    return group, stages, bool(has_group)  # type: ignore[return-value]


@dataclass
class _Measures:
    """Every measure of the vital score on the whole network, one row per node."""

    table: pd.DataFrame
    methods: dict[str, Any]
    big: bool
    chain_cut: list[str]
    timings: dict[str, float]


def _measure_table(net: Network, *, group: str | None, has_group: bool,
                   stages: Sequence[str] | None, seed: int, approximate: bool | None,
                   exact_threshold: int, samples: int, community_iterations: int,
                   holes_threshold: int, need: set[str] | None = None,
                   weighted: bool = False, distance: str = "weight") -> _Measures:
    """The measures table of :func:`vital_nodes`. ``need`` (component names): compute only what
    those components read (``None``: everything, as :func:`vital_nodes` shows it). Each measure
    is computed the same way whatever else is asked for."""
    from .brokerage import brokerage
    from .centrality import MEASURES, centrality
    from .holes import effective_size_binary, structural_holes
    from .structure import articulation_points, bridges, communities

    def wants(*names: str) -> bool:
        return need is None or any(k in need for k in names)

    timings: dict[str, float] = {}
    t0 = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal t0
        now = time.perf_counter()
        timings[name] = round(now - t0, 3)
        t0 = now

    ids = net.nodes.index
    n = len(ids)
    big = (n > exact_threshold) if approximate is None else bool(approximate)
    wanted = [m for m in MEASURES if not (big and m == "closeness")
              and (net.directed or m not in ("in_degree", "out_degree"))]
    if need is not None:
        cols = {REGISTRY[k].column for k in need}
        wanted = [m for m in wanted if m in cols]
    methods: dict[str, Any] = {}
    table = pd.DataFrame(index=ids)
    table["kind"] = net.nodes["kind"]
    table["label"] = net.nodes["label"]
    if has_group:
        table[group] = net.nodes[group]
    if wanted:
        cen = centrality(net, measures=wanted, approximate=approximate, seed=seed,
                         exact_threshold=exact_threshold, samples=samples, weighted=weighted,
                         distance=distance)
        methods["centrality"] = cen.attrs.get("method", {})
        table = table.join(cen)
        lap("centrality")
    if wants("effective_size", "low_constraint"):
        if n > holes_threshold and not net.directed:
            # Borgatti (1997): exact and linear for binary undirected ties; constraint needs
            # every two-step path and is left out at this size.
            eb = effective_size_binary(net)
            table["effective_size"] = eb["effective_size"]
            table["efficiency"] = eb["efficiency"]
            methods["structural_holes"] = {
                "method": "exact", "measures": ["effective_size", "efficiency"],
                "algorithm": "effective size = k − C(k−1) (Borgatti 1997); constraint and "
                             f"hierarchy skipped above {holes_threshold} nodes"}
        else:
            holes = structural_holes(net)
            for c in holes.columns:
                table[c] = holes[c]
            methods["structural_holes"] = holes.attrs.get("method", "Burt (1992)")
        lap("structural_holes")
    if wants("cut_off", "bridges"):
        ap = articulation_points(net)
        table["cut_off"] = ap["cut_off"].reindex(ids).fillna(0).astype(np.int64)
        br = bridges(net)
        bcount = pd.concat([br["source"], br["target"]]).value_counts() if len(br) else \
            pd.Series(dtype=float)
        table["bridges"] = bcount.reindex(ids).fillna(0).astype(np.int64).to_numpy()
        lap("articulation_bridges")
    if wants("communities"):
        comm = communities(net, seed=seed, n_iterations=community_iterations,
                           distance=distance if weighted else "inverse")
        table["community"] = comm.reindex(ids).to_numpy()
        table["communities"] = _neighbour_communities(
            net, comm.reindex(ids).to_numpy().astype(np.int64))
        methods["communities"] = {k: v for k, v in comm.attrs.items() if k != "method"} | {
            "method": comm.attrs.get("method", "Leiden (modularity), seeded")}
        lap("communities")
    if has_group and wants("brokerage", "liaison"):
        b = brokerage(net, group=group)
        for c in ("coordinator", "itinerant", "representative", "gatekeeper", "liaison", "total"):
            table[f"brokerage_{c}" if c != "total" else "brokerage"] = (
                pd.to_numeric(b[c].reindex(ids), errors="coerce").fillna(0).astype(float))
        lap("brokerage")
    chain_cut_ids: list[str] = []
    if stages and wants(*(k for k, c in REGISTRY.items() if c.needs == "stages")):
        chain_cut_ids = _value_chain_columns(net, table, stages, group)
        lap("value_chain")
    return _Measures(table, methods, big, chain_cut_ids, timings)


def _weight_use_record(methods: Mapping[str, Any], weighted: bool, distance: str
                       ) -> dict[str, str]:
    """Which weight each weighted measure of the ranking read (provenance, issue 9: one meaning
    of a weight per run)."""
    out = {m: str(v["weights"]) for m, v in (methods.get("centrality") or {}).items()
           if isinstance(v, Mapping) and "weights" in v}
    if "communities" in methods:
        out["communities"] = str(methods["communities"].get("weights", ""))
    return out


def _left_out_reasons(methods: Mapping[str, Any], avail: Mapping[str, Any]) -> dict[str, str]:
    """Why a measure of the score is undefined on this network (component name -> reason)."""
    out = {}
    for name, spec in REGISTRY.items():
        m = (methods.get("centrality") or {}).get(spec.column)
        if name not in avail and isinstance(m, Mapping) and m.get("reason"):
            out[name] = str(m["reason"])
    return out


def _score(t: pd.DataFrame, w: Mapping[str, float], *, has_group: bool, has_stages: bool,
           need: set[str] | None = None):  # noqa: ANN202 - private, tuple documented below
    """Components, weighted score and rank of the ranked nodes ``t``.

    Returns ``(avail, used, contrib, score, order, rank)``: the computable components (0–1, by
    name), the weights used, each component's weighted contribution, ``vital_score``, the row
    order by rank and the rank (1 = most vital; ties by node id, scores compared to 1e-12).
    """
    N = len(t)
    avail = _components(t, has_group=has_group, has_stages=has_stages, need=need)
    used = {k: w[k] for k in avail if w[k] > 0}
    total_w = sum(used.values()) or 1.0
    score = np.zeros(N)
    contrib: dict[str, np.ndarray] = {}
    for k, wk in used.items():
        contrib[k] = wk / total_w * np.asarray(avail[k], dtype=float)
        score += contrib[k]
    order = np.lexsort((t.index.to_numpy().astype(str), -np.round(score, 12)))
    rank = np.empty(N, dtype=np.int64)
    rank[order] = np.arange(1, N + 1)
    return avail, used, contrib, score, order, rank


def _value_chain_columns(net: Network, table: pd.DataFrame, stages: Sequence[str],
                         group: str) -> list[str]:
    """Add the value-chain columns (providers, stage bridges, chain cut) to ``table`` in place;
    return the chain-cut node ids."""
    from .valuechain import chain_cut, stage_bridges, stage_providers

    ids = table.index
    prov = stage_providers(net, stages, group=group)
    table["stage_actors"] = prov["stage_actors"].reindex(ids)
    table["stage_persons"] = prov["stage_persons"].reindex(ids)
    table["sole_provider"] = (prov["sole"] | prov["sole_person"]).reindex(ids).fillna(
        False).astype(bool)
    table["scarce_provider"] = prov["scarce"].reindex(ids).fillna(False).astype(bool)
    sb = stage_bridges(net, stages, group=group)
    table["stage_pairs"] = sb["n_pairs"].reindex(ids).fillna(0).astype(np.int64)
    table["stage_brokered"] = sb["brokered"].reindex(ids).fillna(0).astype(np.int64)
    table["stage_bridge"] = table["stage_pairs"] > 0
    table["stage_broker"] = table["stage_brokered"] > 0
    chain_cut_ids: list[str] = []
    try:
        chain_cut_ids = chain_cut(net, stages, group=group)
    except GraphError as exc:  # no finite cut: leave the flag off and say why
        log.info(_("geen kleinste groep die de waardeketen breekt: {reden}", reden=exc))
    table["chain_cut"] = ids.isin(chain_cut_ids)
    return chain_cut_ids


def _rank_mask(net: Network, kinds: Sequence[str] | None | object) -> tuple[np.ndarray, list[str] | None]:
    """Which nodes are ranked: the default actor kinds (all nodes when there are none), every
    node (``None``), or the given kinds (an error when none matches)."""
    n = net.n_nodes
    if kinds is _DEFAULT:
        mask = net.nodes["kind"].isin(DEFAULT_KINDS).to_numpy()
        if not mask.any():
            return np.ones(n, dtype=bool), None
        return mask, list(DEFAULT_KINDS)
    if kinds is None:
        return np.ones(n, dtype=bool), None
    kinds_used = list(kinds)  # type: ignore[arg-type]
    mask = net.nodes["kind"].isin(kinds_used).to_numpy()
    if not mask.any():
        raise GraphError(_("geen knooppunt van soort {soorten} om te rangschikken",
                           soorten=", ".join(kinds_used)))
    return mask, kinds_used


def _components(t: pd.DataFrame, *, has_group: bool, has_stages: bool,
                need: set[str] | None = None) -> dict[str, pd.Series]:
    """Every computable score component (0–1) of the ranked nodes, by the :data:`REGISTRY`
    (only those in ``need`` when given)."""
    avail: dict[str, pd.Series] = {}
    for name, spec in REGISTRY.items():
        if need is not None and name not in need:
            continue
        if (spec.needs == "group" and not has_group) or (spec.needs == "stages" and not has_stages):
            continue
        if spec.column not in t.columns:
            continue
        col = t[spec.column]
        if spec.transform != "flag" and len(col) and col.isna().all():
            continue  # undefined on this network (a directed eigenvector without a preferred one)
        if spec.transform == "flag":
            avail[name] = col.astype(float)
        elif spec.transform == "inverse_percentile":
            if col.notna().any():
                c = col.astype(float)
                avail[name] = (1.0 - _pct(c.fillna(c.max()))).where(c.notna(), 0.0)
        else:
            avail[name] = _blend(col, log=spec.transform == "blend_log")
    return avail

def _reasons(t: pd.DataFrame, contrib: dict[str, np.ndarray], group: str | None, N: int,
             top_share: float, max_reasons: int,
             stage_labels: Mapping[str, str] | None = None) -> list[str]:
    """Short reasons from the components with the largest weighted contribution that stand out.

    Vectorised: one phrase column per component ("" where the component does not stand out),
    then per node the ``max_reasons`` non-empty phrases with the largest contribution.
    """
    names = list(contrib)
    if not names or N == 0:
        return [""] * N
    C = np.column_stack([contrib[k] for k in names])
    ranks: dict[str, np.ndarray] = {}
    for k in names:
        spec = REGISTRY[k]
        if spec.phrase is None or spec.column not in t.columns:
            continue
        ranks[k] = pd.Series(_tie_key(t[spec.column].astype(float).to_numpy())).rank(
            method="min", ascending=spec.transform == "inverse_percentile").to_numpy()
    phr = np.empty((N, len(names)), dtype=object)
    phr[:] = ""
    for j, k in enumerate(names):
        phr[:, j] = _phrases(k, t, ranks, group, N, top_share, stage_labels)
    M = np.where((C > 0) & (phr != ""), C, 0.0)
    order = np.argsort(-M, axis=1, kind="stable")[:, :max_reasons]
    rows = np.arange(N)[:, None]
    picked = np.where(M[rows, order] > 0, phr[rows, order], "")
    out = pd.Series([""] * N, dtype=object)
    for j in range(picked.shape[1]):
        col = pd.Series(picked[:, j], dtype=object)
        sep = np.where((out != "") & (col != ""), "; ", "")
        out = out + sep + col
    # nothing stands out: name the strongest ranked measure plainly
    empty = (out == "").to_numpy()
    if empty.any():
        rk = [j for j, k in enumerate(names) if k in ranks and k != "low_constraint"]
        if rk:
            Cr = np.where(C[:, rk] > 0, C[:, rk], -1.0)
            best = np.argmax(Cr, axis=1)
            ok = empty & (Cr[np.arange(N), best] > 0)
            for i in np.flatnonzero(ok):
                k = names[rk[best[i]]]
                out.iloc[i] = _("{wat}: plaats {r} van {n}", wat=_(REGISTRY[k].phrase),
                                r=int(ranks[k][i]), n=N)
    return out.tolist()


def _counted(values: np.ndarray, singular: str, plural: str) -> np.ndarray:
    """``ngettext(singular, plural, v)`` for every value (each distinct value translated once)."""
    uniq = {int(v): ngettext(singular, plural, int(v)) for v in np.unique(values)}
    return np.array([uniq[int(v)] for v in values], dtype=object)


def _phrases(k: str, t: pd.DataFrame, ranks: dict[str, np.ndarray], group: str | None, N: int,
             top_share: float, stage_labels: Mapping[str, str] | None = None) -> np.ndarray:
    """The phrase of component ``k`` for every node ("" where it does not stand out), in the
    current language (:mod:`netwerk.i18n`); stages are named by ``stage_labels`` when given."""
    def col(c: str) -> np.ndarray:
        return t[c].to_numpy() if c in t.columns else np.zeros(N)

    def flag(c: str) -> np.ndarray:
        return np.asarray(pd.Series(col(c)).fillna(False).astype(bool))

    raw = (pd.Series(t[group].to_numpy(), dtype=object).fillna("").astype(str)
           if group in t.columns else pd.Series([""] * N, dtype=object))
    stage = (raw.map(lambda x: (stage_labels or {}).get(x, x)) if stage_labels else raw).to_numpy()
    empty = np.full(N, "", dtype=object)

    def per_stage(template: str, **extra: np.ndarray) -> np.ndarray:
        keys = [stage] + [np.asarray(v, dtype=object) for v in extra.values()]
        out = np.empty(N, dtype=object)
        cache: dict[tuple, str] = {}
        for i in range(N):
            key = tuple(str(a[i]) for a in keys)
            if key not in cache:
                cache[key] = _(template, schakel=key[0],
                               **{name: key[j + 1] for j, name in enumerate(extra)})
            out[i] = cache[key]
        return out

    if k == "sole_provider":
        many = pd.Series(col("stage_actors")).fillna(0).to_numpy() > 1
        on = flag("sole_provider")
        txt = np.where(many, per_stage("enige persoon in schakel '{schakel}'"),
                       per_stage("enige actor in schakel '{schakel}'")) if on.any() else empty
        return np.where(on, txt, empty)
    if k == "scarce_provider":
        on = flag("scarce_provider") & ~flag("sole_provider")
        if not on.any():
            return empty
        n_act = pd.Series(col("stage_actors")).fillna(0).astype(int).to_numpy()
        return np.where(on, per_stage("een van {k} actoren in schakel '{schakel}'", k=n_act), empty)
    if k == "chain_cut":
        return np.where(flag("chain_cut"), _("in de kleinste groep die de waardeketen breekt"),
                        empty)
    if k == "stage_broker":
        return np.where(flag("stage_broker"), _("makelaar tussen opeenvolgende schakels"), empty)
    if k == "stage_bridge":
        return np.where(flag("stage_bridge") & ~flag("stage_broker"),
                        _("verbindt opeenvolgende schakels"), empty)
    if k in ("cut_off", "bridges", "communities"):
        v = pd.Series(col(k)).fillna(0).astype(np.int64).to_numpy()
        if k == "cut_off":
            return np.where(v > 0, _counted(v, "snijdt {n} actor af", "snijdt {n} actoren af"),
                            empty)
        if k == "bridges":
            return np.where(v > 0, _counted(v, "enige verbinding op {n} relatie",
                                            "enige verbinding op {n} relaties"), empty)
        return np.where(v >= 2, _counted(v, "verbindt {n} groep", "verbindt {n} groepen"), empty)
    if k in ranks:
        r = ranks[k]
        share = r / N
        wat = _(REGISTRY[k].phrase)
        label = np.select([r == 1, share <= top_share, share <= 0.05, share <= 0.10],
                          [_("hoogste score {wat}", wat=wat),
                           _("top-{p}% {wat}", p=f"{top_share * 100:g}", wat=wat),
                           _("top-{p}% {wat}", p="5", wat=wat),
                           _("top-{p}% {wat}", p="10", wat=wat)], "")
        return label.astype(object)
    return empty

# ---------------------------------------------------------------------------- typed result
@dataclass(frozen=True, eq=False)
class VitalRanking:
    """The vital-node ranking of a network, and how it was made.

    Attributes
    ----------
    table : pd.DataFrame
        :func:`vital_nodes` output: indexed by node id, sorted by ``rank`` (1 = most vital), with
        ``kind``, ``label``, every measure, the components ``c_<name>``, ``vital_score`` (0–1) and
        ``reason``.
    weights : dict
        Weights of the components used (before rescaling to sum 1).
    components : tuple of str
        Components that entered the score (weight > 0 and computable).
    components_dropped : tuple of str
        Components that could not be computed (no group, no stages, too large) with the reason in
        ``params``.
    method : str
        How the score is made.
    params : dict
        Everything else :func:`vital_nodes` recorded (seed, group, stages, kinds, approximations,
        weights source and hash, timings).

    Examples
    --------
    >>> from netwerk.datasets import krackhardt_kite
    >>> r = VitalRanking.from_table(vital_nodes(krackhardt_kite()))
    >>> r.top(3), len(r), r.rank_of("Heather")
    (['Heather', 'Fernando', 'Garth'], 10, 1)
    """

    table: pd.DataFrame
    weights: dict[str, float] = field(default_factory=dict)
    components: tuple[str, ...] = ()
    components_dropped: tuple[str, ...] = ()
    method: str = ""
    params: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_table(cls, table: pd.DataFrame) -> VitalRanking:
        """Wrap a :func:`vital_nodes` table (its ``.attrs`` become weights, method and params)."""
        a = dict(table.attrs)
        weights = dict(a.get("weights") or {})
        return cls(table=table, weights=weights, components=tuple(weights),
                   components_dropped=tuple(a.get("components_dropped") or ()),
                   method=str(a.get("method", "")),
                   params={k: v for k, v in a.items()
                           if k not in ("weights", "components_dropped", "method")})

    @property
    def reasons(self) -> pd.Series:
        """The plain-language reason per node, in rank order."""
        return self.table["reason"]

    @property
    def scores(self) -> pd.Series:
        """``vital_score`` per node, in rank order."""
        return self.table["vital_score"]

    @property
    def ranks(self) -> pd.Series:
        """``rank`` per node (1 = most vital)."""
        return self.table["rank"]

    def top(self, n: int = 10) -> list[str]:
        """The ids of the ``n`` most vital nodes, most vital first."""
        return [str(i) for i in self.table.index[:n]]

    def rank_of(self, node: str) -> int:
        """The rank of one node (raises ``KeyError`` for a node not ranked)."""
        return int(self.table.loc[node, "rank"])

    def head(self, n: int = 10) -> pd.DataFrame:
        """The first ``n`` rows of :attr:`table`, as ``DataFrame.head``."""
        return self.table.head(n)

    def __len__(self) -> int:
        return len(self.table)

    def _repr_html_(self) -> str:  # pragma: no cover - Jupyter display
        cols = [c for c in ("rank", "kind", "label", "stage", "vital_score", "reason")
                if c in self.table.columns]
        with pd.option_context("display.max_colwidth", None):
            return self.table[cols].head(20).to_html()

    def __repr__(self) -> str:
        return (f"VitalRanking({len(self)} nodes ranked; top: {', '.join(self.top(3))}; "
                f"{len(self.components)} components)")
