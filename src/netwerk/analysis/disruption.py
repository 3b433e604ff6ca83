"""Disruption simulation: remove actors step by step and watch the network (and its chain) fall apart.

Strategies rank the remaining nodes (degree, betweenness, eigenvector, PageRank, key player,
value-chain scarcity, random, or a given list) and remove the top one per step. ``sequential``
re-ranks after every removal (an adaptive attack); ``block`` ranks once. An optional recovery
model lets the network repair itself as criminal networks do (Duijn, Kashirin & Sloot 2014).

Everything runs on the undirected, unweighted analysis graph (``Network.simple_graph``; a directed
network is read by its weak ties). Ranking ties are broken by a fixed rule: higher score first,
then node id ascending. All randomness comes from ``numpy.random.default_rng`` streams spawned from
``seed``, so the same call gives the same curve, in every process: the strategy ``eigenvector``
uses :func:`~netwerk.analysis.centrality.centrality`'s deterministic Perron vector per component
(with its tie rule, scaled to max 1), never igraph's ARPACK with a random start, and no strategy
draws from igraph's process-wide random generator.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import igraph as ig
import numpy as np
import pandas as pd

from ..errors import GraphError, Reason
from ..graph.network import Network
from ..i18n import _

__all__ = ["Recovery", "DisruptionResult", "disrupt", "global_efficiency", "rewire_contacts",
           "STRATEGIES"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

STRATEGIES = ("degree", "betweenness", "eigenvector", "pagerank", "keyplayer", "scarcity", "random")


@dataclass(frozen=True)
class Recovery:
    """Recovery model: after a removal, each neighbour of the removed actor may rewire.

    With probability ``probability`` a neighbour adds a tie to one remaining actor of the removed
    actor's role (the same ``group`` value, e.g. stage; any remaining actor when the removed one
    has no role or no group is used), chosen

    * ``"random"``: uniformly;
    * ``"degree"``: proportional to degree (uniform if all candidates are isolated);
    * ``"distance"``: proportional to ``1/d`` (geodesic distance in the remaining graph); an
      unreachable candidate weighs ``1/n`` (``n`` remaining nodes), less than any reachable one.

    Existing neighbours are not chosen again. Modelled on the recovery mechanism of Duijn,
    Kashirin & Sloot (2014), where actors replace a lost contact by another who fills the same
    role in the value chain.
    """

    probability: float = 0.5
    preference: Literal["random", "degree", "distance"] = "random"

    def __post_init__(self) -> None:
        if not 0.0 <= self.probability <= 1.0:
            raise GraphError(_("de kans op herstel moet tussen 0 en 1 liggen, niet {waarde}",
                               waarde=self.probability),
                             reason=Reason.INVALID_ARGUMENT)
        if self.preference not in ("random", "degree", "distance"):
            raise GraphError(_("de voorkeur bij herstel moet 'random', 'degree' of 'distance' "
                               "zijn, niet {waarde!r}", waarde=self.preference),
                             reason=Reason.INVALID_ARGUMENT)

    @classmethod
    def parse(cls, value: Any) -> Recovery | None:
        """A :class:`Recovery` from ``None`` (none), a probability, a dict or a Recovery;
        probability 0 means no recovery (``None``).

        Examples
        --------
        >>> Recovery.parse(0.3), Recovery.parse({"preference": "degree"}), Recovery.parse(0)
        (Recovery(probability=0.3, preference='random'), Recovery(probability=0.5, preference='degree'), None)
        """
        if value is None:
            return None
        if isinstance(value, Recovery):
            rec = value
        elif isinstance(value, int | float) and not isinstance(value, bool):
            rec = cls(float(value))
        elif isinstance(value, Mapping):
            unknown = sorted(map(str, set(value) - {"probability", "preference"}))
            if unknown:
                raise GraphError(_("onbekende sleutel(s) bij herstel ('recovery'): {namen} (bekend: "
                                   "probability, preference)", namen=", ".join(unknown)),
                                 reason=Reason.INVALID_ARGUMENT)
            rec = cls(**dict(value))
        else:
            raise GraphError(_("herstel ('recovery') moet een kans, een mapping of een Recovery "
                               "zijn, niet {soort}", soort=type(value).__name__),
                             reason=Reason.INVALID_ARGUMENT)
        return rec if rec.probability > 0 else None


def rewire_contacts(old_contacts: Iterable[int], pool: np.ndarray, *, recovery: Recovery,
                    rng: np.random.Generator, neighbours: Callable[[int], set[int]],
                    add_tie: Callable[[int, int], None],
                    degree: Callable[[np.ndarray], np.ndarray] | None = None,
                    distance: Callable[[int, np.ndarray], np.ndarray] | None = None,
                    ) -> list[tuple[int, int]]:
    """The recovery step, the one implementation used by :func:`disrupt` and the intervention
    evaluator: each old contact of a removed actor, with probability ``recovery.probability``,
    ties to one actor of ``pool`` that is not yet its neighbour (chosen by
    ``recovery.preference``). A new tie is added at once (``add_tie``), so a later contact sees
    it: no tie is made twice.

    Parameters
    ----------
    old_contacts : iterable of int
        Vertex indices of the removed actor's contacts still in the network, in a fixed order.
    pool : np.ndarray
        Vertex indices that may take over the role (same stage, or every remaining actor).
    recovery : Recovery
    rng : np.random.Generator
        One ``random()`` draw per contact, one ``choice`` per new tie.
    neighbours, add_tie : callables
        The current neighbours of a vertex; add a tie.
    degree, distance : callables, optional
        Degrees of candidates; distances from a contact to candidates (for those preferences).

    Returns
    -------
    list of (int, int)
        The new ties, ``(contact, new partner)``.
    """
    new: list[tuple[int, int]] = []
    for y in old_contacts:
        if rng.random() >= recovery.probability:
            continue
        excl = neighbours(y) | {y}
        cand = pool[~np.isin(pool, np.fromiter(excl, dtype=np.int64, count=len(excl)))]
        if len(cand) == 0:
            continue
        if recovery.preference == "degree" and degree is not None:
            w = np.asarray(degree(cand), float)
        elif recovery.preference == "distance" and distance is not None:
            w = np.asarray(distance(y, cand), float)
        else:
            w = np.ones(len(cand))
        if w.sum() <= 0:
            w = np.ones(len(cand))
        z = int(rng.choice(cand, p=w / w.sum()))
        add_tie(y, z)
        new.append((y, z))
    return new


@dataclass(frozen=True)
class DisruptionResult:
    """A disruption curve and how it was made.

    Attributes
    ----------
    curve : pd.DataFrame
        One row per step (step 0 = intact): ``step``, ``removed`` (node id), ``score`` (its ranking
        score), ``lcc_size``, ``lcc_share`` (of the initial largest component), ``components``,
        ``efficiency``, ``chain_connected`` and ``stages_covered`` (with stages), ``rewired``
        (ties added by recovery in that step). For ``random`` the mean over repeats (``removed``
        empty); see ``runs``.
    runs : pd.DataFrame or None
        ``random`` only: every repeat's curve with a ``repeat`` column.
    method : str
    params : dict
    """

    curve: pd.DataFrame
    method: str
    params: dict[str, Any] = field(default_factory=dict)
    runs: pd.DataFrame | None = None


# ---------------------------------------------------------------------------- measures
def global_efficiency(g: ig.Graph, *, samples: int | None = None,
                      rng: np.random.Generator | None = None) -> float:
    """Global efficiency ``E = Σ_{i≠j} 1/d_ij / (n (n − 1))`` (Latora & Marchiori 2001).

    Same definition as ``networkx.global_efficiency`` (the mean normalised harmonic closeness).
    With ``samples`` (and ``n > samples``) the mean runs over that many random source nodes (an
    unbiased estimate).
    """
    n = g.vcount()
    if n < 2:
        return 0.0
    if samples is not None and n > samples:
        rng = rng or np.random.default_rng(0)
        sources = np.sort(rng.choice(n, size=samples, replace=False)).tolist()
    else:
        sources = None
    h = np.asarray(g.harmonic_centrality(vertices=sources, normalized=True), float)
    return float(h.mean())


def _rank_scores(h: ig.Graph, strategy: str, *, approx: bool, samples: int,
                 rng: np.random.Generator, stage_code: np.ndarray | None) -> np.ndarray:
    n = h.vcount()
    if strategy == "degree":
        return np.asarray(h.degree(), float)
    if strategy == "betweenness":
        if approx and n > samples:
            src = np.sort(rng.choice(n, size=samples, replace=False)).tolist()
            return np.asarray(h.betweenness(directed=False, sources=src), float) * (n / samples)
        return np.asarray(h.betweenness(directed=False), float)
    if strategy == "eigenvector":
        # centrality()'s eigenvector (Perron vector per component, tie rule), scaled to max 1:
        # igraph's eigenvector_centrality starts ARPACK from its process-wide random generator,
        # so tied components came out in a different order in every process
        from .centrality import perron_eigenvector

        if h.ecount() == 0:
            return np.zeros(n)
        A = h.get_adjacency_sparse().astype(float).tocsr()
        A.data[:] = 1.0
        x = perron_eigenvector(h, A)
        return x / x.max() if x.any() else x
    if strategy == "pagerank":
        return np.asarray(h.pagerank(directed=False), float)
    if strategy == "scarcity":
        if stage_code is None:
            raise GraphError(_("strategie 'scarcity' vraagt schakels (stages=[...] en een "
                               "groepskenmerk)"),
                             reason=Reason.INVALID_ARGUMENT)
        code = stage_code[np.asarray(h.vs["orig"], dtype=np.int64)]
        sizes = np.bincount(code[code >= 0], minlength=int(code.max(initial=0)) + 1)
        scar = np.where(code >= 0, 1.0 / np.maximum(sizes[np.maximum(code, 0)], 1), 0.0)
        # primary: scarcity of the stage; secondary: degree (scaled below one unit of scarcity)
        deg = np.asarray(h.degree(), float)
        return scar + deg / (deg.max(initial=0) + 1) * 1e-6
    raise GraphError(_("onbekende strategie {strategie!r}", strategie=strategy),
                     reason=Reason.INVALID_ARGUMENT)


def _pick(scores: np.ndarray, idrank: np.ndarray) -> int:
    """Index of the best node (see :func:`_order`)."""
    return int(_order(scores, idrank)[0])


def _order(scores: np.ndarray, idrank: np.ndarray) -> np.ndarray:
    """Ranking: highest score (relative to the top, rounded to 12 digits), then lowest node id."""
    top = np.max(np.abs(scores), initial=0.0)
    s = np.round(scores / top, 12) if top > 0 else scores
    return np.lexsort((idrank, -s))


def _keyplayer_scores(h: ig.Graph, cand_limit: int = 2000) -> np.ndarray:
    """Fragmentation F after removing each node alone (candidates: top-degree nodes if large)."""
    from .keyplayer import _frag_graph

    n = h.vcount()
    deg = np.asarray(h.degree(), float)
    cand = np.arange(n) if n <= cand_limit else np.argsort(-deg, kind="stable")[:200]
    scores = np.full(n, -1.0)
    for v in cand:
        scores[v] = _frag_graph(h, np.array([v]))
    return scores + deg / (deg.max(initial=0) + 1) * 1e-9  # degree breaks exact ties


# ---------------------------------------------------------------------------- simulation
@dataclass
class _State:
    h: ig.Graph
    stage_code: np.ndarray | None
    first: int
    last: int
    n_stages: int


def _record(st: _State, step: int, removed: str | None, score: float, lcc0: int, rewired: int,
            eff_samples: int | None | bool, eff_rng: np.random.Generator) -> dict[str, Any]:
    h = st.h
    comps = h.connected_components()
    sizes = comps.sizes()
    lcc = max(sizes) if sizes else 0
    row: dict[str, Any] = {
        "step": step, "removed": removed, "score": score, "lcc_size": int(lcc),
        "lcc_share": lcc / lcc0 if lcc0 else 0.0, "components": len(sizes),
        "efficiency": (float("nan") if eff_samples is False
                       else global_efficiency(h, samples=eff_samples or None, rng=eff_rng)),
        "rewired": rewired,
    }
    if st.stage_code is not None:
        code = st.stage_code[np.asarray(h.vs["orig"], dtype=np.int64)] if h.vcount() else np.empty(0, int)
        memb = np.asarray(comps.membership)
        a, b = memb[code == st.first], memb[code == st.last]
        row["chain_connected"] = bool(np.intersect1d(a, b).size)
        row["stages_covered"] = int(np.unique(code[code >= 0]).size)
    return row


def _recover(st: _State, nbrs: list[int], role: int | None, group_code: np.ndarray | None,
             rec: Recovery, rng: np.random.Generator) -> int:
    """Rewire neighbours (current vertex indices, after deletion) of a removed node."""
    h = st.h
    n = h.vcount()
    if n < 2 or not nbrs:
        return 0
    orig = np.asarray(h.vs["orig"], dtype=np.int64)
    if role is not None and group_code is not None:
        pool = np.flatnonzero(group_code[orig] == role)
    else:
        pool = np.arange(n)

    def dist(y: int, cand: np.ndarray) -> np.ndarray:
        d = np.asarray(h.distances(source=[y], target=cand.tolist())[0], float)
        return np.where(np.isfinite(d), 1.0 / np.maximum(d, 1.0), 1.0 / n)

    new = rewire_contacts(nbrs, pool, recovery=rec, rng=rng,
                          neighbours=lambda y: set(h.neighbors(y)),
                          add_tie=lambda y, z: h.add_edge(y, z),
                          degree=lambda c: np.asarray(h.degree(c.tolist()), float),
                          distance=dist)
    return len(new)


def _run(g0: ig.Graph, names: np.ndarray, idrank: np.ndarray, *, strategy: str | list[str],
         steps: int, mode: str, recovery: Recovery | None, stage_code: np.ndarray | None,
         group_code: np.ndarray | None, first: int, last: int, n_stages: int, approx: bool,
         samples: int, eff_samples: int | None, ss: np.random.SeedSequence,
         progress: Callable[[int], None] | None) -> pd.DataFrame:
    r_rank, r_rec, r_eff = (np.random.default_rng(s) for s in ss.spawn(3))
    h = g0.copy()
    h.vs["orig"] = list(range(h.vcount()))
    st = _State(h, stage_code, first, last, n_stages)
    lcc0 = max(h.connected_components().sizes(), default=0)
    rows = [_record(st, 0, None, float("nan"), lcc0, 0, eff_samples, r_eff)]
    plan: list[int] | None = None  # original indices, for block / list / random
    plan_scores: list[float] = []
    if isinstance(strategy, list):
        plan = _ids_to_pos(names, strategy)
        plan_scores = [float("nan")] * len(plan)
    elif strategy == "random":
        plan = r_rank.permutation(h.vcount()).tolist()
        plan_scores = [float("nan")] * len(plan)
    elif mode == "block":
        if strategy == "keyplayer":
            plan, plan_scores = _keyplayer_block(h, steps)
        else:
            sc = _rank_scores(h, strategy, approx=approx, samples=samples, rng=r_rank,
                              stage_code=stage_code)
            order = _order(sc, idrank)
            plan, plan_scores = order.tolist(), sc[order].tolist()
    for step in range(1, steps + 1):
        if st.h.vcount() == 0:
            break
        orig = np.asarray(st.h.vs["orig"], dtype=np.int64)
        if plan is not None:
            alive = set(orig.tolist())
            while plan and plan[0] not in alive:
                plan.pop(0)
                plan_scores.pop(0)
            if not plan:
                break
            o, score = plan.pop(0), plan_scores.pop(0)
            v = int(np.flatnonzero(orig == o)[0])
        else:
            if strategy == "keyplayer":
                sc = _keyplayer_scores(st.h)
            else:
                sc = _rank_scores(st.h, strategy, approx=approx, samples=samples, rng=r_rank,
                                  stage_code=stage_code)
            v = _pick(sc, idrank[orig])
            o, score = int(orig[v]), float(sc[v])
        nb = st.h.neighbors(v)
        st.h.delete_vertices([v])
        rewired = 0
        if recovery is not None:
            nb_after = [x - 1 if x > v else x for x in nb]
            role = None
            if group_code is not None and group_code[o] >= 0:
                role = int(group_code[o])
            rewired = _recover(st, nb_after, role, group_code, recovery, r_rec)
        rows.append(_record(st, step, str(names[o]), score, lcc0, rewired, eff_samples, r_eff))
        if progress is not None:
            progress(step)
    return pd.DataFrame(rows)


def _ids_to_pos(names: np.ndarray, ids: Sequence[str]) -> list[int]:
    pos = pd.Index(names).get_indexer([str(i) for i in ids])
    if (pos < 0).any():
        bad = [str(i) for i, p in zip(ids, pos, strict=True) if p < 0][:3]
        raise GraphError(_("onbekende knooppunt(en) in de lijst om te verwijderen: {ids}",
                           ids=", ".join(bad)),
                         reason=Reason.UNKNOWN_NODE)
    return pos.tolist()


def _keyplayer_block(h: ig.Graph, k: int) -> tuple[list[int], list[float]]:
    """Borgatti's KPP-Neg set of size k, ordered greedily by the fragmentation each adds."""
    from .keyplayer import _frag_graph, _greedy_swap_removal

    n = h.vcount()
    k = min(k, n - 1)
    deg = np.asarray(h.degree(), float)
    cand = np.arange(n) if n <= 2000 else np.sort(np.argsort(-deg, kind="stable")[:200])
    start = np.sort(np.argsort(-deg, kind="stable")[:k])
    kp, _, _ = _greedy_swap_removal(h, start, _frag_graph, cand, max_iter=50)
    order, scores, left = [], [], list(kp)
    while left:
        vals = [_frag_graph(h, np.array(order + [v])) for v in left]
        j = int(np.argmax(vals))
        order.append(left.pop(j))
        scores.append(float(vals[j]))
    return order, scores


def disrupt(
    net: Network,
    *,
    strategy: str | Sequence[str] = "degree",
    steps: int = 10,
    mode: Literal["sequential", "block"] = "sequential",
    recovery: Recovery | dict[str, Any] | None = None,
    repeats: int = 10,
    stages: Sequence[str] | None = None,
    group: str | None = "stage",
    seed: int = 0,
    approximate: bool | None = None,
    samples: int = 128,
    exact_threshold: int = 2_000,
    efficiency_samples: int = 100,
    efficiency_exact: int = 2_000,
    efficiency: bool = True,
    progress: Callable[[int], None] | None = None,
) -> DisruptionResult:
    """Remove nodes step by step and record how the network holds up.

    Parameters
    ----------
    net : Network
    strategy : str or list of str
        ``degree``, ``betweenness``, ``eigenvector``, ``pagerank``, ``keyplayer`` (the node whose
        removal fragments most; in block mode Borgatti's KPP-Neg set of size ``steps``; above 2,000
        nodes only the 200 highest-degree nodes are candidates), ``scarcity``
        (an actor of the stage with the fewest actors first, then by degree; needs ``stages``),
        ``random`` (repeated ``repeats`` times) or a list of node ids to remove in that order.
    steps : int
        Number of removals.
    mode : {"sequential", "block"}
        Re-rank after every removal, or rank once at the start.
    recovery : Recovery or dict, optional
        The recovery model (see :class:`Recovery`), e.g. ``{"probability": 0.5,
        "preference": "degree"}``.
    repeats : int
        Repeats of the random strategy (each seeded from ``seed``).
    stages : list of str, optional
        Ordered value-chain stages; adds ``chain_connected`` and ``stages_covered`` to the curve.
        Read from ``net.meta["stages"]`` when not given.
    group : str, optional
        Node attribute holding the stage / role (used by recovery and ``scarcity``).
    seed : int
    approximate : bool, optional
        Rank betweenness from ``samples`` random sources (igraph, seeded) instead of exactly.
        Default: approximate when the network has more than ``exact_threshold`` nodes.
    efficiency_samples, efficiency_exact : int
        Above ``efficiency_exact`` nodes, global efficiency is estimated from
        ``efficiency_samples`` random sources (seeded).
    efficiency : bool
        Record global efficiency (the costliest column: one BFS per node and step); False
        leaves it empty.
    progress : callable, optional
        Called with the step number after each step (for progress bars).

    Returns
    -------
    DisruptionResult

    Raises
    ------
    GraphError
        An unknown strategy or mode, ``steps`` not an integer >= 1, stages without ``group``.

    References
    ----------
    .. [1] Duijn, P. A. C., Kashirin, V. & Sloot, P. M. A. (2014). The relative ineffectiveness of
       criminal network disruption. Scientific Reports 4, 4238.
    .. [2] Latora, V. & Marchiori, M. (2001). Efficient behavior of small-world networks. Physical
       Review Letters 87, 198701.

    Examples
    --------
    >>> import pandas as pd
    >>> net = Network.from_edges(pd.DataFrame({"source": ["h"] * 3, "target": ["a", "b", "c"]}))
    >>> row = disrupt(net, steps=1).curve.iloc[1]
    >>> row["removed"], int(row["lcc_size"]), int(row["components"])
    ('h', 1, 3)
    """
    if mode not in ("sequential", "block"):
        raise GraphError(_("'mode' moet 'sequential' of 'block' zijn, niet {waarde!r}", waarde=mode),
                         reason=Reason.INVALID_ARGUMENT)
    given = not isinstance(strategy, str)
    if not given and strategy not in STRATEGIES:
        raise GraphError(_("onbekende strategie {strategie!r}; gebruik een van {bekend} of een "
                           "lijst van knooppunten", strategie=strategy,
                           bekend=", ".join(STRATEGIES)), reason=Reason.INVALID_ARGUMENT)
    if isinstance(recovery, dict):  # unknown keys: a clear error, not Python's TypeError
        recovery = Recovery.parse(recovery) or Recovery(0.0)
    if isinstance(steps, bool) or not isinstance(steps, int | np.integer) or steps < 1:
        raise GraphError(_("het aantal verstoringsstappen moet een geheel getal van minstens 1 "
                           "zijn, niet {n}", n=steps), reason=Reason.INVALID_ARGUMENT,
                         column="steps")
    g0 = net.undirected_graph
    n = g0.vcount()
    names = net.nodes.index.to_numpy().astype(str)
    idrank = np.empty(n, dtype=np.int64)
    idrank[np.argsort(names, kind="stable")] = np.arange(n)
    stages = list(stages) if stages is not None else net.meta.get("stages")
    stage_code = group_code = None
    first = last = -1
    if group is not None and group in net.nodes.columns:
        vals = net.nodes[group].astype(object).where(net.nodes[group].notna(), None)
        if stages:
            lookup = {str(s): i for i, s in enumerate(stages)}
            stage_code = np.array([lookup.get(str(v), -1) if v is not None else -1 for v in vals])
            first, last = 0, len(stages) - 1
        cats = pd.Categorical([None if v is None else str(v) for v in vals])
        group_code = np.asarray(cats.codes, dtype=np.int64)
    elif stages:
        raise GraphError(_("schakels gegeven, maar de knooppunten hebben geen kenmerk '{kenmerk}'",
                           kenmerk=group), reason=Reason.UNKNOWN_ATTRIBUTE)
    approx = (n > exact_threshold) if approximate is None else bool(approximate)
    eff_samples = efficiency_samples if n > efficiency_exact else None
    if not efficiency:
        eff_samples = False
    strat = [str(s) for s in strategy] if given else strategy
    kw = dict(steps=min(steps, n), mode=mode, recovery=recovery, stage_code=stage_code,
              group_code=group_code, first=first, last=last, n_stages=len(stages or []),
              approx=approx, samples=samples, eff_samples=eff_samples)
    runs = None
    if strat == "random":
        children = np.random.SeedSequence(seed).spawn(repeats)
        frames = [_run(g0, names, idrank, strategy="random", ss=c, progress=None, **kw)
                  .assign(repeat=i) for i, c in enumerate(children)]
        runs = pd.concat(frames, ignore_index=True)
        num = [c for c in runs.columns if c not in ("removed", "repeat")]
        curve = runs[num].groupby("step", as_index=False).mean(numeric_only=True)
        curve.insert(1, "removed", None)
        if progress is not None:
            progress(steps)
    else:
        curve = _run(g0, names, idrank, strategy=strat, ss=np.random.SeedSequence(seed),
                     progress=progress, **kw)
    method = (f"{'given list' if given else strategy} removal, {mode}"
              + (f", betweenness from {samples} sampled sources" if approx and strat == "betweenness"
                 else "")
              + (f", recovery p={recovery.probability} {recovery.preference}" if recovery else "")
              + (f", efficiency from {efficiency_samples} sampled sources"
                 if eff_samples and eff_samples is not True else ""))
    params = {"strategy": strat, "steps": steps, "mode": mode, "seed": seed,
              "recovery": None if recovery is None else {"probability": recovery.probability,
                                                          "preference": recovery.preference},
              "repeats": repeats if strat == "random" else None, "stages": stages, "group": group,
              "approximate": approx, "samples": samples if approx else None,
              "efficiency": efficiency,
              "efficiency_samples": eff_samples if efficiency else None}
    return DisruptionResult(curve=curve, method=method, params=params, runs=runs)
