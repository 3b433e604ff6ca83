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
component), global efficiency (Latora & Marchiori, over the remaining nodes), number of components
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

import logging
import zlib
from collections.abc import Iterable, Sequence
from typing import Any

import igraph as ig
import numpy as np
import pandas as pd

from ..errors import ConfigError
from ..graph.network import Network

__all__ = ["DEFAULT_WEIGHTS", "Evaluator"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

#: Default weights of the disruption objective.
DEFAULT_WEIGHTS = {"lcc": 0.4, "efficiency": 0.3, "chain": 0.3}

Action = tuple[str, str]


def _efficiency(g: ig.Graph) -> float:
    try:
        from ..analysis.disruption import global_efficiency
    except ImportError:  # pragma: no cover - the analysis stage is part of the package
        global_efficiency = None
    if global_efficiency is not None:
        return float(global_efficiency(g))
    n = g.vcount()
    if n < 2:
        return 0.0
    d = np.asarray(g.distances(), float)
    with np.errstate(divide="ignore"):
        inv = 1.0 / d
    inv[~np.isfinite(inv)] = 0.0
    return float(inv.sum() / (n * (n - 1)))


def _recovery_params(recovery: Any) -> tuple[float, str] | None:
    if recovery is None:
        return None
    if isinstance(recovery, int | float):
        p, pref = float(recovery), "random"
    elif isinstance(recovery, dict):
        p, pref = float(recovery.get("probability", 0.5)), str(recovery.get("preference", "random"))
    else:
        p, pref = float(recovery.probability), str(recovery.preference)
    if not 0.0 <= p <= 1.0:
        raise ConfigError(f"recovery probability must be in [0, 1]; got {p}")
    if pref not in ("random", "degree"):
        raise ConfigError(f"recovery preference must be random or degree here; got {pref!r}")
    return (p, pref) if p > 0 else None


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
    """

    def __init__(self, net: Network, model: Any, *, weights: dict[str, float] | None = None,
                 recovery: Any = None, seed: int = 0, samples: int = 32) -> None:
        self.net = net
        self.model = model
        self.catalogue = model.catalogue
        self.seed = int(seed)
        self.samples = int(samples)
        if self.samples < 1:
            raise ConfigError("samples must be at least 1")
        w = dict(DEFAULT_WEIGHTS)
        if weights:
            unknown = set(weights) - set(DEFAULT_WEIGHTS)
            if unknown:
                raise ConfigError(f"unknown objective weight(s): {', '.join(sorted(unknown))} "
                                  f"(known: lcc, efficiency, chain)")
            w.update({k: float(v) for k, v in weights.items()})
        if any(v < 0 for v in w.values()) or sum(w.values()) <= 0:
            raise ConfigError("objective weights must be non-negative and not all zero")
        self.recovery = _recovery_params(recovery)
        ids = net.nodes.index
        self.ids = ids
        self.n = len(ids)
        pos = pd.Series(np.arange(self.n), index=ids)
        stage = net.nodes["stage"] if "stage" in net.nodes.columns else pd.Series(None, index=ids)
        chain = model.stage_ids
        code = stage.map({s: i for i, s in enumerate(chain)})
        self.stage_code = code.fillna(-1).astype(int).to_numpy()
        # undirected pair table with the set of relation kinds per pair
        e = net.edges
        s = pos.loc[e["source"]].to_numpy()
        t = pos.loc[e["target"]].to_numpy()
        keep = s != t
        a, b = np.minimum(s, t)[keep], np.maximum(s, t)[keep]
        pairs = pd.DataFrame({"a": a, "b": b, "kind": e["kind"].astype(str).to_numpy()[keep]})
        grouped = pairs.groupby(["a", "b"], sort=True)["kind"].agg(lambda x: frozenset(x))
        self.ea = np.array([p[0] for p in grouped.index], dtype=np.int64)
        self.eb = np.array([p[1] for p in grouped.index], dtype=np.int64)
        self.ekinds: list[frozenset[str]] = list(grouped.to_numpy())
        self.incident: list[list[int]] = [[] for _ in range(self.n)]
        for i, (x, y) in enumerate(zip(self.ea, self.eb, strict=True)):
            self.incident[x].append(i)
            self.incident[y].append(i)
        self.first = 0
        self.last = len(chain) - 1
        self._pos = pos
        self._cache: dict[frozenset[Action], dict[str, float]] = {}
        self._succ: dict[Action, np.ndarray] = {}
        base = self._measure(frozenset())
        self.base = base
        self.chain_applies = bool(base["chain_complete"])
        if not self.chain_applies:
            w["chain"] = 0.0
            if w["lcc"] + w["efficiency"] <= 0:
                w["lcc"] = 1.0
        total = sum(w.values())
        self.weights = {k: v / total for k, v in w.items()}

    # ------------------------------------------------------------------ applying effects
    def _apply(self, actions: frozenset[Action]) -> tuple[np.ndarray, np.ndarray, np.ndarray, list]:
        active = np.ones(self.n, bool)
        provider = self.stage_code >= 0
        alive = np.ones(len(self.ea), bool)
        cut: dict[int, set[str]] = {}
        removed: list[int] = []
        for target, aid in sorted(actions):
            eff = self.catalogue[aid].effect
            v = int(self._pos[target])
            if eff.type == "remove_node":
                if active[v]:
                    removed.append(v)
                active[v] = False
                provider[v] = False
                alive[self.incident[v]] = False
            elif eff.type == "cut_relations":
                kinds = set(eff.relation_kinds)
                for i in self.incident[v]:
                    cut.setdefault(i, set()).update(kinds)
            elif eff.type == "disable_stage":
                c = self.stage_code[v]
                if c < 0:
                    continue
                provider[v] = False
                for i in self.incident[v]:
                    u = self.ea[i] if self.eb[i] == v else self.eb[i]
                    if self.stage_code[u] >= 0:
                        alive[i] = False
        for i, k in cut.items():
            if not (self.ekinds[i] - k):
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
        for v in removed:
            role = self.stage_code[v]
            if role < 0:
                pool = np.flatnonzero(active)
            else:
                pool = np.flatnonzero(active & provider & (self.stage_code == role))
            olds = sorted({int(self.eb[i]) if self.ea[i] == v else int(self.ea[i])
                           for i in self.incident[v]})
            for y in olds:
                if not active[y] or rng.random() >= p:
                    continue
                excl = nbr.get(y, set()) | {y}
                cand = np.array([c for c in pool if c not in excl], dtype=np.int64)
                if len(cand) == 0:
                    continue
                if pref == "degree":
                    w = np.array([len(nbr.get(int(c), ())) for c in cand], float)
                    w = w if w.sum() > 0 else np.ones(len(cand))
                else:
                    w = np.ones(len(cand))
                z = int(rng.choice(cand, p=w / w.sum()))
                new.append((min(y, z), max(y, z)))
                nbr.setdefault(y, set()).add(z)
                nbr.setdefault(z, set()).add(y)
        return new

    def _measure(self, actions: frozenset[Action]) -> dict[str, float]:
        hit = self._cache.get(actions)
        if hit is not None:
            return hit
        active, provider, alive, removed = self._apply(actions)
        edges = list(zip(self.ea[alive].tolist(), self.eb[alive].tolist(), strict=True))
        edges = [(x, y) for x, y in edges if active[x] and active[y]]
        rewired = 0
        if self.recovery is not None and removed:
            extra = self._recover(active, provider, edges, removed, actions)
            rewired = len(extra)
            edges = edges + extra
        keep = np.flatnonzero(active)
        remap = -np.ones(self.n, dtype=np.int64)
        remap[keep] = np.arange(len(keep))
        g = ig.Graph(n=len(keep), edges=[(int(remap[x]), int(remap[y])) for x, y in edges])
        memb = np.asarray(g.connected_components().membership, dtype=np.int64) if len(keep) else \
            np.empty(0, np.int64)
        sizes = np.bincount(memb) if len(memb) else np.zeros(1, np.int64)
        code = self.stage_code[keep]
        prov = provider[keep]
        a = memb[prov & (code == self.first)]
        b = memb[prov & (code == self.last)]
        out = {
            "chain_complete": float(self._complete(memb[prov & (code >= 0)], code[prov & (code >= 0)])),
            "lcc_size": float(sizes.max()),
            "components": float(len(sizes) if len(memb) else 0),
            "efficiency": _efficiency(g),
            "chain_connected": float(bool(np.intersect1d(a, b).size)),
            "removed": float(len(removed)),
            "rewired": float(rewired),
        }
        self._cache[actions] = out
        return out

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
            if t not in self._pos.index:
                from ..errors import GraphError, Reason

                raise GraphError(f"unknown node id '{t}'", reason=Reason.UNKNOWN_NODE)
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
