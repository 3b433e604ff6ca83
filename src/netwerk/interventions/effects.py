"""Applying interventions' effects to a network and scoring the disruption they cause.

The :class:`Evaluator` works on the undirected analysis graph (one tie per node pair, with the
set of relation kinds of its records) and applies a set of actions ``(target, action_id)``:

* ``remove_node``: the target and all its ties drop out;
* ``cut_relations``: the target's relation records of the given kinds end; a tie disappears when no
  relation kind is left on it (two partners' records of other kinds keep it alive);
* ``disable_stage``: the target stops working for the chain: its ties to every node that has a
  stage in the chain (its *stage neighbours*) end, and it no longer counts as a provider of its
  stage; ties to unstaged nodes (its own address, phone, vehicle) stay. A target without a stage
  in the chain has no stage to disable (no effect);
* ``none``: no effect (an enabling action such as an investigation).

Effects only remove ties and nodes, so the result depends on the *set* of actions, not their
order. Optionally the network recovers (Duijn, Kashirin & Sloot 2014; same model as
:class:`netwerk.analysis.disruption.Recovery`): each remaining neighbour of a removed node, with
probability ``p``, ties to a remaining provider of the removed node's stage (any remaining node
when it had no stage), chosen uniformly or by degree.

The measures are those of the disruption engine: largest-component share (of the initial largest
component), global efficiency (Latora & Marchiori, over the remaining nodes; exact up to
:data:`EFFICIENCY_EXACT` nodes, above that estimated from a fixed seeded sample of source nodes,
see :class:`Evaluator`), number of components
and ``chain_connected`` (a first-stage provider and a last-stage provider in one component, as in
:func:`netwerk.analysis.valuechain.chain_connected`). For the objective the chain counts as intact
only when it is *complete*: ``chain_complete`` holds when one component still holds an active
provider of every stage that had one in the intact network. Losing the sole provider of a stage
(the only electrician) therefore breaks the chain even if first and last stage still touch: this
is the scarcity argument of Duijn, Kashirin & Sloot (2014). They combine into one **disruption
objective** in [0, 1]:

``D = w_lcc · (1 − lcc_share) + w_eff · (1 − eff / eff₀) + w_chain · chain_broken``

with default weights 0.4, 0.3, 0.3 (``chain_broken`` is 1 when the chain was complete before and
no longer is; its weight is moved to the other two when the chain was not complete to begin
with).

**Expected** disruption: each action succeeds independently with its catalogue ``strength``. The
expectation is estimated over ``samples`` scenarios with *common random numbers*: the success draw
of an action in scenario ``r`` depends only on ``(seed, target, action)`` and ``r``, so the value of a set
does not depend on the order in which it was built and marginal effects add up exactly.
"""

from __future__ import annotations

import contextlib
import logging
import zlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import igraph as ig
import numpy as np
import pandas as pd

from ..analysis.disruption import Recovery, rewire_contacts
from ..errors import ConfigError
from ..graph.network import Network
from ..i18n import _

__all__ = ["DEFAULT_WEIGHTS", "EFFICIENCY_EXACT", "EFFICIENCY_SOURCES", "Evaluator", "evaluator_for"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

#: Default weights of the disruption objective.
DEFAULT_WEIGHTS = {"lcc": 0.4, "efficiency": 0.3, "chain": 0.3}

Action = tuple[str, str]


#: Node count up to which global efficiency is computed exactly (all sources); above it, it is
#: estimated from a fixed seeded sample of source nodes (see :class:`Evaluator`).
EFFICIENCY_EXACT = 500
#: Source nodes of the efficiency estimate above :data:`EFFICIENCY_EXACT`.
EFFICIENCY_SOURCES = 256
#: Largest affected region (nodes) a source's distances are repaired in place; beyond it, a full
#: breadth-first search in C is cheaper.
REPAIR_LIMIT = 48
#: Networks of at least this many nodes update the sampled efficiency incrementally (below, a
#: breadth-first search in C is cheaper than the bookkeeping in Python).
INCREMENTAL_ABOVE = 50_000
#: Networks of at least this many nodes are *screened*: candidates and the package search use the
#: cheap measures only (components, largest component, chain; efficiency as intact), and the
#: efficiency is estimated for the finalist, the chosen package (see :meth:`Evaluator.finalists`).
SCREEN_ABOVE = 50_000
#: Source nodes of the efficiency estimate of a screened network (unless given).
EFFICIENCY_SOURCES_SCREENED = 64


def _recovery_params(recovery: Any) -> tuple[float, str] | None:
    """``(probability, preference)`` of the recovery model (:class:`netwerk.analysis.Recovery`,
    the one recovery model), or ``None`` for none; the evaluator supports random and degree."""
    from ..analysis.disruption import Recovery
    from ..errors import GraphError

    try:
        rec = Recovery.parse(recovery)
    except GraphError as exc:
        raise ConfigError(str(exc)) from exc
    if rec is None:
        return None
    if rec.preference not in ("random", "degree"):
        raise ConfigError(_("de voorkeur bij herstel moet hier 'random' of 'degree' zijn, niet "
                            "{waarde!r}", waarde=rec.preference))
    return rec.probability, rec.preference


def _key(a: Action) -> int:
    return zlib.crc32(f"{a[0]}\x1f{a[1]}".encode())


class Evaluator:
    """Applies action sets to a network and scores them (see the module docstring).

    Parameters
    ----------
    net : Network
        With stages already assigned (``stage`` attribute).
    model : BarrierModel
        Gives the chain (stage order) and the catalogue.
    weights : dict, optional
        ``lcc``, ``efficiency``, ``chain`` (normalised to sum 1).
    recovery : float, dict or Recovery, optional
        Recovery probability (or ``{"probability": p, "preference": "random"|"degree"}``).
    seed : int
    samples : int
        Scenarios for the expectation over action success (default 32).
    efficiency_exact : int
        Networks of at most this many nodes (default 500) get the exact global efficiency.
    efficiency_sources : int
        Above ``efficiency_exact``: the efficiency is estimated from this many source nodes
        (default 256), drawn once from ``seed``: ``Ê = mean_s H_s / (n − 1)`` over the sampled
        sources still in the network (``H_s`` the harmonic closeness sum of ``s``, ``n`` the
        remaining nodes). The same sources serve every scenario and every action set (common
        random numbers), so the comparison of two packages is far more precise than the
        estimate itself (see ``docs/interventions.md`` for the measured accuracy).

    Notes
    -----
    Every measure is computed once per *change of the graph* (the ties cut, the nodes removed,
    the providers disabled), not per action set: two actions with the same effect on the same
    target, or a set with an extra enabling action, reuse the result. The graph of a change is
    the intact analysis graph with the dead ties deleted (removed nodes stay as isolated,
    inactive vertices), which igraph does in C.
    """

    def __init__(self, net: Network, model: Any, *, weights: dict[str, float] | None = None,
                 recovery: Any = None, seed: int = 0, samples: int = 32,
                 efficiency_exact: int = EFFICIENCY_EXACT,
                 efficiency_sources: int = EFFICIENCY_SOURCES) -> None:
        self.net = net
        self.model = model
        self.catalogue = model.catalogue
        self.seed = int(seed)
        self.samples = int(samples)
        if self.samples < 1:
            raise ConfigError(_("'{naam}' moet minstens 1 zijn", naam="samples"))
        if efficiency_sources < 1:
            raise ConfigError(_("'{naam}' moet minstens 1 zijn", naam="efficiency_sources"))
        w = dict(DEFAULT_WEIGHTS)
        if weights:
            unknown = set(weights) - set(DEFAULT_WEIGHTS)
            if unknown:
                raise ConfigError(_("onbekend(e) gewicht(en) van de doelfunctie: {namen} "
                                    "(bekend: {bekend})", namen=", ".join(sorted(unknown)),
                                    bekend="lcc, efficiency, chain"))
            w.update({k: float(v) for k, v in weights.items()})
        if any(v < 0 for v in w.values()) or sum(w.values()) <= 0:
            raise ConfigError(_("de gewichten van de doelfunctie moeten 0 of meer zijn en niet "
                                "allemaal 0"))
        self.recovery = _recovery_params(recovery)
        ids = net.nodes.index
        self.ids = ids
        n = self.n = len(ids)
        self._posd: dict[str, int] = dict(zip(ids.tolist(), range(n), strict=True))
        stage = net.nodes["stage"] if "stage" in net.nodes.columns else pd.Series(None, index=ids)
        chain = model.stage_ids
        code = stage.map({s: i for i, s in enumerate(chain)})
        self.stage_code = code.fillna(-1).astype(int).to_numpy()
        # undirected pair table; the relation kinds of a pair as a bit mask
        e = net.edges
        s = ids.get_indexer(e["source"])
        t = ids.get_indexer(e["target"])
        kind_names, kcode = np.unique(e["kind"].astype(str).to_numpy(), return_inverse=True)
        self._kind_bit = {str(k): 1 << i for i, k in enumerate(kind_names)}
        keep = s != t
        a, b = np.minimum(s, t)[keep].astype(np.int64), np.maximum(s, t)[keep].astype(np.int64)
        uniq, inv = np.unique(a * max(n, 1) + b, return_inverse=True)
        self.ea = uniq // max(n, 1)
        self.eb = uniq % max(n, 1)
        if len(kind_names) < 63:
            mask = np.zeros(len(uniq), np.int64)
            np.bitwise_or.at(mask, inv, np.left_shift(1, kcode[keep]).astype(np.int64))
            self.emask = mask.tolist()
        else:  # many relation kinds: Python integers as bit masks
            masks = [0] * len(uniq)
            for i, k in zip(inv.tolist(), kcode[keep].tolist(), strict=True):
                masks[i] |= 1 << k
            self.emask = masks
        # incident pairs per node (CSR)
        ends = np.concatenate([self.ea, self.eb])
        order = np.argsort(ends, kind="stable")
        self._inc = (order % max(len(uniq), 1)).astype(np.int64) if len(uniq) else order
        self._inc_ptr = np.concatenate([[0], np.cumsum(np.bincount(ends, minlength=n))])
        self._g0 = ig.Graph(n=n, edges=np.column_stack([self.ea, self.eb]) if len(uniq) else [])
        self.first = 0
        self.last = len(chain) - 1
        self.efficiency_exact = n <= efficiency_exact
        if self.efficiency_exact:
            self._sources = None
        else:
            rng = np.random.default_rng([self.seed, 4099])
            self._sources = np.sort(rng.choice(n, size=min(n, int(efficiency_sources)),
                                               replace=False))
        self.efficiency_method = ("exact" if self.efficiency_exact else
                                  f"sampled: {len(self._sources)} seeded source nodes")
        self.screen = n >= SCREEN_ABOVE
        self._full = True  # the intact network's measures are always complete
        if self.screen:
            self.efficiency_method += ("; screened: candidates and search on components and chain,"
                                       " efficiency for the chosen package")
        self._cache: dict[frozenset[Action], dict[str, float]] = {}
        self._gcache: dict[tuple, dict[str, float]] = {}
        self._succ: dict[Action, np.ndarray] = {}
        self.computed = 0  #: measures actually computed (not from a cache)
        base = self._measure(frozenset())
        self.base = base
        self._full = not self.screen
        self.chain_applies = bool(base["chain_complete"])
        if not self.chain_applies:
            w["chain"] = 0.0
            if w["lcc"] + w["efficiency"] <= 0:
                w["lcc"] = 1.0
        total = sum(w.values())
        self.weights = {k: v / total for k, v in w.items()}

    def incident(self, v: int) -> np.ndarray:
        """Pair indices of the ties of node position ``v``."""
        return self._inc[self._inc_ptr[v]:self._inc_ptr[v + 1]]

    # ------------------------------------------------------------------ applying effects
    def _apply(self, actions: frozenset[Action]) -> tuple[np.ndarray, np.ndarray, np.ndarray, list]:
        active = np.ones(self.n, bool)
        provider = self.stage_code >= 0
        alive = np.ones(len(self.ea), bool)
        cut: dict[int, int] = {}
        removed: list[int] = []
        for target, aid in sorted(actions):
            eff = self.catalogue[aid].effect
            v = self._posd[target]
            if eff.type == "remove_node":
                if active[v]:
                    removed.append(v)
                active[v] = False
                provider[v] = False
                alive[self.incident(v)] = False
            elif eff.type == "cut_relations":
                bits = 0
                for k in eff.relation_kinds:
                    bits |= self._kind_bit.get(str(k), 0)
                if bits:
                    for i in self.incident(v).tolist():
                        cut[i] = cut.get(i, 0) | bits
            elif eff.type == "disable_stage":
                c = self.stage_code[v]
                if c < 0:
                    continue
                provider[v] = False
                inc = self.incident(v)
                other = np.where(self.ea[inc] == v, self.eb[inc], self.ea[inc])
                alive[inc[self.stage_code[other] >= 0]] = False
        for i, k in cut.items():
            if not (self.emask[i] & ~k):
                alive[i] = False
        return active, provider, alive, sorted(removed)

    def _recover(self, active: np.ndarray, provider: np.ndarray, edges: list[tuple[int, int]],
                 removed: list[int], actions: frozenset[Action]) -> list[tuple[int, int]]:
        p, pref = self.recovery  # type: ignore[misc]
        ss = [self.seed, 7919] + sorted(_key(a) for a in actions)
        rng = np.random.default_rng(ss)
        nbr: dict[int, set[int]] = {}
        for x, y in edges:
            nbr.setdefault(x, set()).add(y)
            nbr.setdefault(y, set()).add(x)
        new: list[tuple[int, int]] = []

        def add_tie(y: int, z: int) -> None:  # later contacts see the new tie
            nbr.setdefault(y, set()).add(z)
            nbr.setdefault(z, set()).add(y)

        def degree(c: np.ndarray) -> np.ndarray:
            return np.array([len(nbr.get(int(x), ())) for x in c], float)

        rec = Recovery(p, pref)
        for v in removed:
            role = self.stage_code[v]
            if role < 0:
                pool = np.flatnonzero(active)
            else:
                pool = np.flatnonzero(active & provider & (self.stage_code == role))
            inc = self.incident(v)
            olds = sorted({int(x) for x in np.where(self.ea[inc] == v, self.eb[inc],
                                                    self.ea[inc])})
            made = rewire_contacts([y for y in olds if active[y]], pool, recovery=rec, rng=rng,
                                   neighbours=lambda y: nbr.get(y, set()), add_tie=add_tie,
                                   degree=degree)
            new.extend((min(y, z), max(y, z)) for y, z in made)
        return new

    @property
    def mode(self) -> str:
        """``full`` or ``screen`` (efficiency left out, see :data:`SCREEN_ABOVE`)."""
        return "full" if self._full else "screen"

    @contextlib.contextmanager
    def finalists(self) -> Iterator[None]:
        """Measures with efficiency inside the block, also on a screened network."""
        old, self._full = self._full, True
        try:
            yield
        finally:
            self._full = old

    def _measure(self, actions: frozenset[Action]) -> dict[str, float]:
        if not self._full:
            return self._measure_screen(actions)
        hit = self._cache.get(actions)
        if hit is not None:
            return hit
        active, provider, alive, removed = self._apply(actions)
        dead = np.flatnonzero(~alive)
        key: tuple = (dead.tobytes(), np.flatnonzero(~active).tobytes(),
                      np.flatnonzero(~provider).tobytes())
        if self.recovery is not None and removed:
            key += (actions,)  # the recovery draws depend on the action set
        out = self._gcache.get(key)
        if out is None:
            out = self._compute(active, provider, alive, dead, removed, actions)
            self._gcache[key] = out
        self._cache[actions] = out
        return out

    def _measure_screen(self, actions: frozenset[Action]) -> dict[str, float]:
        """The cheap measures (efficiency as intact) of a screened network, cached apart."""
        cache = self.__dict__.setdefault("_scache", {})
        hit = cache.get(actions)
        if hit is not None:
            return hit
        active, provider, alive, removed = self._apply(actions)
        key = (np.flatnonzero(~alive).tobytes(), np.flatnonzero(~active).tobytes(),
               np.flatnonzero(~provider).tobytes())
        if self.recovery is not None and removed:
            key += (actions,)
        gc = self.__dict__.setdefault("_sgcache", {})
        out = gc.get(key)
        if out is None:
            full = self._cache.get(actions)
            out = dict(full) if full is not None else self._compute(
                active, provider, alive, np.flatnonzero(~alive), removed, actions,
                efficiency=False)
            gc[key] = out
        cache[actions] = out
        return out

    def _compute(self, active: np.ndarray, provider: np.ndarray, alive: np.ndarray,
                 dead: np.ndarray, removed: list[int], actions: frozenset[Action],
                 efficiency: bool = True) -> dict[str, float]:
        self.computed += 1
        g = self._g0.copy()
        if len(dead):
            g.delete_edges(dead.tolist())
        rewired = 0
        if self.recovery is not None and removed:
            edges = list(zip(self.ea[alive].tolist(), self.eb[alive].tolist(), strict=True))
            extra = self._recover(active, provider, edges, removed, actions)
            rewired = len(extra)
            if extra:
                g.add_edges(extra)
        n_act = int(active.sum())
        memb = np.asarray(g.connected_components().membership, dtype=np.int64)
        if n_act:
            sizes = np.bincount(memb[active])
            lcc, comps = float(sizes.max()), float(np.count_nonzero(sizes))
        else:
            lcc, comps = 0.0, 0.0
        code = self.stage_code
        prov = provider & active
        a = memb[prov & (code == self.first)]
        b = memb[prov & (code == self.last)]
        staged = prov & (code >= 0)
        if not efficiency:
            eff = self.base["efficiency"]
        elif self._sources is not None and not rewired and self.n >= INCREMENTAL_ABOVE:
            eff = self._efficiency_update(active, alive, n_act, memb, g)
        else:
            eff = self._efficiency(g, active, n_act)
        return {
            "chain_complete": float(self._complete(memb[staged], code[staged])),
            "lcc_size": lcc,
            "components": comps,
            "efficiency": eff,
            "chain_connected": float(bool(np.intersect1d(a, b).size)),
            "removed": float(len(removed)),
            "rewired": float(rewired),
        }

    def _base_distances(self) -> tuple[np.ndarray, np.ndarray]:
        """Distances from the sampled sources in the intact graph (−1: unreachable), and their
        harmonic sums; computed once."""
        if getattr(self, "_dist", None) is None:
            d = np.asarray(self._g0.distances(source=self._sources.tolist()), dtype=float)
            d[~np.isfinite(d)] = -1
            self._dist = d.astype(np.int32)
            with np.errstate(divide="ignore"):
                inv = np.where(self._dist > 0, 1.0 / np.maximum(self._dist, 1), 0.0)
            self._H0 = inv.sum(axis=1)
        return self._dist, self._H0

    def _efficiency_update(self, active: np.ndarray, alive: np.ndarray, n_act: int,
                           memb: np.ndarray | None = None, g: ig.Graph | None = None) -> float:
        """The sampled efficiency of a changed graph from the intact distances, updating only the
        distances the change increases (decremental BFS repair, cf. Ramalingam & Reps 1996).

        Per source ``s``: a node is *affected* when every shortest-path predecessor it had is
        gone (a dead tie, a removed node or an affected node); only affected nodes get new
        distances, by a small Dijkstra over them seeded from their unaffected neighbours. The
        result equals a full BFS from every source (tested), at a cost proportional to the
        affected region instead of the whole network. Nodes cut off from the source's component
        (``memb``, the components of the changed graph) simply drop out, vectorised. When the
        affected region of a source grows beyond :data:`REPAIR_LIMIT` nodes (a hub was removed),
        that source gets a full breadth-first search in C on the changed graph ``g`` instead.
        """
        if n_act < 2:
            return 0.0
        dist, H0 = self._base_distances()
        src = self._sources
        dead = np.flatnonzero(~alive)
        removed = np.flatnonzero(~active)
        ea, eb = self.ea, self.eb
        da_all, db_all = dist[:, ea[dead]], dist[:, eb[dead]]
        h_out: list[float] = []
        redo: list[tuple[int, int]] = []  # (position in h_out, source) for a full search
        for si, s in enumerate(src.tolist()):
            if not active[s]:
                continue
            d = dist[si]
            h = H0[si]
            if len(removed):
                dx = d[removed]
                h -= float((1.0 / dx[dx > 0]).sum())
            if len(dead):
                da, db = da_all[si], db_all[si]
                seeds = np.concatenate([eb[dead][(da >= 0) & (db == da + 1)],
                                        ea[dead][(db >= 0) & (da == db + 1)]])
                seeds = seeds[active[seeds]]
            else:
                seeds = np.zeros(0, np.int64)
            if len(seeds):
                same = None
                if memb is not None:
                    own = memb[s]
                    if (memb[seeds] != own).any():
                        lost = (memb != own) & (d > 0) & active
                        h -= float((1.0 / d[lost]).sum())
                        same = memb == own
                        seeds = seeds[same[seeds]]
                if len(seeds):
                    dh = self._repair(int(s), d, seeds, active if same is None else
                                      active & same, alive)
                    if dh is None:
                        redo.append((len(h_out), int(s)))
                    else:
                        h += dh
            h_out.append(h)
        if not h_out:
            return 0.0
        if redo:
            if g is None:
                g = self._g0.copy()
                g.delete_edges(dead.tolist())
            full = g.harmonic_centrality(vertices=[s for _, s in redo], normalized=False)
            for (pos, _), val in zip(redo, full, strict=True):
                h_out[pos] = float(val)
        return float(np.mean(np.asarray(h_out) * (1.0 / (n_act - 1))))

    def _repair(self, s: int, d: np.ndarray, seeds: np.ndarray, active: np.ndarray,
                alive: np.ndarray) -> float | None:
        """Change of the harmonic sum of source ``s`` from the nodes whose distance grows; None
        when more than :data:`REPAIR_LIMIT` nodes are affected."""
        import heapq

        ea, eb = self.ea, self.eb

        def nbrs(w: int) -> tuple[np.ndarray, np.ndarray]:
            inc = self.incident(w)
            inc = inc[alive[inc]]
            other = np.where(ea[inc] == w, eb[inc], ea[inc])
            return other[active[other]], inc

        affected: set[int] = set()
        seen: set[int] = set()
        heap = [(int(d[w]), int(w)) for w in set(seeds.tolist())]
        heapq.heapify(heap)
        while heap:
            dw, w = heapq.heappop(heap)
            if w in seen or w == s:
                continue
            seen.add(w)
            other, _ = nbrs(w)
            preds = other[d[other] == dw - 1]
            if any(int(u) not in affected for u in preds):
                continue
            affected.add(w)
            if len(affected) > REPAIR_LIMIT:
                return None
            for v in other[d[other] == dw + 1].tolist():
                if v not in seen:
                    heapq.heappush(heap, (dw + 1, v))
        if not affected:
            return 0.0
        new: dict[int, float] = {}
        heap2 = []
        for w in affected:
            other, _ = nbrs(w)
            best = np.inf
            for u in other.tolist():
                if u not in affected and d[u] >= 0:
                    best = min(best, d[u] + 1.0)
            new[w] = best
            if np.isfinite(best):
                heap2.append((best, w))
        heapq.heapify(heap2)
        while heap2:
            dw, w = heapq.heappop(heap2)
            if dw > new[w]:
                continue
            other, _ = nbrs(w)
            for v in other.tolist():
                if v in affected and dw + 1 < new[v]:
                    new[v] = dw + 1
                    heapq.heappush(heap2, (dw + 1, v))
        delta = 0.0
        for w in affected:
            delta -= 1.0 / d[w]
            if np.isfinite(new[w]):
                delta += 1.0 / new[w]
        return delta

    def _efficiency(self, g: ig.Graph, active: np.ndarray, n_act: int) -> float:
        """Global efficiency over the active nodes (inactive ones are isolated vertices of g)."""
        if n_act < 2:
            return 0.0
        src = self._sources
        if src is not None:
            src = src[active[src]]
        if src is None or len(src) == 0:
            h = np.asarray(g.harmonic_centrality(normalized=False), float)[active]
        else:
            h = np.asarray(g.harmonic_centrality(vertices=src.tolist(), normalized=False), float)
        # mean normalised harmonic closeness, in the order of operations of igraph's own
        # normalisation so that exact results equal those of the intact-subgraph computation
        return float(np.mean(h * (1.0 / (n_act - 1))))

    def _complete(self, memb: np.ndarray, code: np.ndarray) -> bool:
        need = getattr(self, "_required", None)
        if need is None:  # the intact network: every stage with a provider is required
            self._required = need = int(np.unique(code).size)
        if need == 0 or len(code) == 0:
            return False
        pairs = np.unique(np.column_stack([memb, code]), axis=0)
        per_comp = np.bincount(pairs[:, 0])
        return bool(per_comp.max() >= need)

    # ------------------------------------------------------------------ scoring
    def metrics(self, actions: Iterable[Action]) -> dict[str, float]:
        """Measures after every action fully works: ``lcc_size``, ``lcc_share``, ``components``,
        ``efficiency``, ``chain_connected`` and the objective ``disruption``."""
        m = dict(self._measure(frozenset(self._check(actions))))
        m["lcc_share"] = m["lcc_size"] / self.base["lcc_size"] if self.base["lcc_size"] else 0.0
        m["disruption"] = self._score(m)
        return m

    def _score(self, m: dict[str, float]) -> float:
        w = self.weights
        lcc_share = m["lcc_size"] / self.base["lcc_size"] if self.base["lcc_size"] else 0.0
        eff_rel = m["efficiency"] / self.base["efficiency"] if self.base["efficiency"] > 0 else 0.0
        broken = float(self.chain_applies and not m["chain_complete"])
        return float(w["lcc"] * (1 - lcc_share) + w["efficiency"] * (1 - eff_rel)
                     + w["chain"] * broken)

    def _check(self, actions: Iterable[Action]) -> list[Action]:
        out = []
        for t, a in actions:
            t = str(t)
            if t not in self._posd:
                from ..errors import GraphError, Reason

                raise GraphError(_("onbekend knooppunt '{id}'", id=t), reason=Reason.UNKNOWN_NODE)
            self.catalogue[a]  # raises on unknown action ids
            out.append((t, str(a)))
        return out

    def structural_gain(self, actions: Sequence[Action]) -> float:
        """Objective if every action fully works (no uncertainty)."""
        return self._score(self._measure(frozenset(self._check(actions))))

    def _draws(self, a: Action) -> np.ndarray:
        """Success (True/False) of action ``a`` in each scenario; depends on (seed, a) only."""
        hit = self._succ.get(a)
        if hit is None:
            s = self.catalogue[a[1]].strength
            u = np.random.default_rng([self.seed, _key(a)]).random(self.samples)
            hit = u < s
            self._succ[a] = hit
        return hit

    def expected(self, actions: Iterable[Action]) -> dict[str, float]:
        """Expected measures over the success scenarios: ``disruption``, ``lcc_share_drop``,
        ``efficiency_drop`` (relative), ``chain_broken`` (probability)."""
        acts = self._check(actions)
        tot = {"disruption": 0.0, "lcc_share_drop": 0.0, "efficiency_drop": 0.0, "chain_broken": 0.0}
        draws = [self._draws(a) for a in acts]
        for r in range(self.samples):
            ok = frozenset(a for a, d in zip(acts, draws, strict=True) if d[r])
            m = self._measure(ok)
            lcc_share = m["lcc_size"] / self.base["lcc_size"] if self.base["lcc_size"] else 0.0
            eff_rel = m["efficiency"] / self.base["efficiency"] if self.base["efficiency"] > 0 else 0.0
            tot["disruption"] += self._score(m)
            tot["lcc_share_drop"] += 1 - lcc_share
            tot["efficiency_drop"] += 1 - eff_rel
            tot["chain_broken"] += float(self.chain_applies and not m["chain_complete"])
        return {k: v / self.samples for k, v in tot.items()}

    def stage_providers(self, actions: Iterable[Action]) -> dict[str, int]:
        """Active providers per chain stage after every action fully works (chain order)."""
        active, provider, _, _ = self._apply(frozenset(self._check(actions)))
        code = self.stage_code[active & provider]
        counts = np.bincount(code[code >= 0], minlength=len(self.model.stage_ids))
        return {s: int(c) for s, c in zip(self.model.stage_ids, counts, strict=True)}

    def objective(self, actions: Iterable[Action]) -> float:
        """Expected disruption objective of an action set (see the module docstring)."""
        return self.expected(actions)["disruption"]


def evaluator_for(net: Network, model: Any, *, weights: dict[str, float] | None = None,
                  recovery: Any = None, seed: int = 0, samples: int = 32,
                  efficiency_sources: int | None = None) -> Evaluator:
    """An :class:`Evaluator` for ``net`` and ``model``, shared by the calls on the same objects.

    :func:`~netwerk.interventions.candidate_interventions`, :func:`select_package` and
    :func:`baseline_package` on the same (staged) network, model and parameters reuse one
    evaluator and so each other's measures. The evaluator is kept with the network object (as
    its cached graphs are); networks are treated as immutable throughout netwerk.
    ``efficiency_sources`` ``None`` means :data:`EFFICIENCY_SOURCES`.
    """
    rec = _recovery_params(recovery)
    if efficiency_sources is None:
        k = EFFICIENCY_SOURCES_SCREENED if net.n_nodes >= SCREEN_ABOVE else EFFICIENCY_SOURCES
    else:
        k = int(efficiency_sources)
    key = (id(model), tuple(sorted((weights or {}).items())), rec, int(seed), int(samples), k)
    store = net.__dict__.setdefault("_intervention_evaluators", {})
    hit = store.get(key)
    if hit is not None and hit[0] is model:
        return hit[1]
    ev = Evaluator(net, model, weights=weights, recovery=recovery, seed=seed, samples=samples,
                   efficiency_sources=k)
    store[key] = (model, ev)
    return ev
