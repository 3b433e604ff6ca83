"""How sure is a ranking? The vital ranking repeated under seeded perturbations (Monte Carlo).

Intelligence networks are incomplete and their boundaries fuzzy (Sparrow 1991); a case meeting
needs to know which conclusions survive a missing link. :func:`rank_stability` repeats
:func:`~netwerk.analysis.vital.vital_nodes` on perturbed copies of the network: relation records
drop out at random (low-graded ones more often), nodes drop out, and the score weights are
perturbed. Per node it reports the median rank, a 5–95 % interval and the probability of being in
the top *k*, plus a *zeker/onzeker* mark for the map and the reports.

Principle served: *room for the good conversation* and *less is more*: act on the vital links that
stay vital when the picture is incomplete.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import GraphError, Reason
from ..graph import Network
from ..i18n import _
from ..workers import process_pool

__all__ = ["rank_stability", "perturbed_network", "CERTAIN_SHARE"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

#: A node is *zeker* (certain) about its top-k membership when it is in the top k in at least this
#: share of the replicates, or in at most 1 − this share; otherwise *onzeker*.
CERTAIN_SHARE = 0.9


def _check_rate(name: str, value: float) -> float:
    v = float(value)
    if not np.isfinite(v) or not 0.0 <= v < 1.0:
        raise GraphError(_("'{naam}' moet 0 of meer en kleiner dan 1 zijn, niet {waarde!r}",
                           naam=name, waarde=value), reason=Reason.INVALID_ARGUMENT)
    return v


def _record_drop_chance(net: Network, edge_dropout: float, by_grading: bool) -> np.ndarray:
    """Per relation record, the chance to drop out: uniform, or proportional to 1 − grading score
    with the same mean (capped at 1; the excess is spread over the others)."""
    m = len(net.edges)
    p = np.full(m, edge_dropout)
    if not by_grading or m == 0 or edge_dropout == 0:
        return p
    from .grading import record_scores

    s = record_scores(net)
    if s is None:
        return p
    weak = 1.0 - np.clip(s.to_numpy(), 0.0, 1.0)
    if weak.sum() <= 0:
        return p
    target = edge_dropout * m
    q = np.zeros(m)
    free = np.ones(m, dtype=bool)
    for _i in range(m):  # water-filling: at most m rounds, usually one
        rest = target - q[~free].sum()
        wsum = weak[free].sum()
        if wsum <= 0:
            break
        q[free] = weak[free] * rest / wsum
        over = free & (q > 1.0)
        if not over.any():
            break
        q[over] = 1.0
        free &= ~over
    return q


def perturbed_network(net: Network, rng: np.random.Generator, *, edge_drop: np.ndarray,
                      node_dropout: float = 0.0) -> Network:
    """One perturbed copy of ``net``: each relation record kept with chance ``1 - edge_drop[i]``,
    each node kept with chance ``1 - node_dropout`` (with its records). Nodes that lose all their
    records stay, as isolates: a missing link does not make an actor disappear."""
    e = net.edges
    keep_e = rng.random(len(e)) >= edge_drop
    nodes = net.nodes
    if node_dropout > 0:
        keep_n = rng.random(len(nodes)) >= node_dropout
        if not keep_n.any():
            keep_n[rng.integers(len(nodes))] = True
        kept = nodes.index[keep_n]
        nodes = nodes[keep_n]
        keep_e &= (e["source"].isin(kept) & e["target"].isin(kept)).to_numpy()
    return Network(nodes=nodes, edges=e[keep_e], directed=net.directed, meta=net.meta)


def _perturbed_weights(base: dict[str, float], rng: np.random.Generator, noise: float,
                       kind: str) -> dict[str, float]:
    names = [k for k, v in base.items() if v > 0]
    w = np.array([base[k] for k in names], dtype=float)
    if noise == 0 or not names:
        return dict(base)
    if kind == "dirichlet":
        # concentration chosen so that each share's coefficient of variation is about `noise`
        share = w / w.sum()
        conc = max((1.0 - share.min()) / (noise ** 2 * share.max()) - 1.0, 1.0) if len(w) > 1 else 1.0
        new = rng.dirichlet(share * conc) * w.sum()
    else:
        new = w * rng.uniform(1.0 - noise, 1.0 + noise, size=len(w))
    out = dict.fromkeys(base, 0.0)
    out.update({k: float(max(v, 0.0)) for k, v in zip(names, new, strict=True)})
    return out


def _row_quantiles(X: np.ndarray, lo_q: float, hi_q: float
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row, ignoring NaN: the median, the ``lo_q`` quantile (method "lower") and the ``hi_q``
    quantile (method "higher"); NaN for a row without values. The same numbers as
    ``np.nanmedian`` and ``np.nanquantile(..., method=...)``, in one sort instead of a Python
    loop over the rows (numpy's NaN-aware quantiles go row by row)."""
    n_rows = X.shape[0]
    if n_rows == 0:
        e = np.empty(0)
        return e, e.copy(), e.copy()
    S = np.sort(X, axis=1)  # NaN sort last
    c = (~np.isnan(X)).sum(axis=1)
    rows = np.arange(n_rows)
    none = c == 0
    last = np.maximum(c - 1, 0)
    med = (S[rows, last // 2] + S[rows, np.minimum(c // 2, last)]) / 2.0  # middle one or two
    i_lo = np.clip(np.floor((c - 1) * lo_q).astype(np.intp), 0, last)
    i_hi = np.clip(np.ceil((c - 1) * hi_q).astype(np.intp), 0, last)
    lo = S[rows, i_lo]
    hi = S[rows, i_hi]
    for a in (med, lo, hi):
        a[none] = np.nan
    return med, lo, hi


# ---------------------------------------------------------------------------- worker
_WORK: dict[str, Any] = {}


def _init(net: Network, edge_drop: np.ndarray, node_dropout: float, base_w: dict[str, float],
          weight_noise: float, noise_kind: str, vital_kwargs: dict[str, Any],
          order: pd.Index) -> None:
    """Everything a worker needs, sent once per worker (not with every replicate)."""
    _WORK.update(net=net, edge_drop=edge_drop, node_dropout=node_dropout, base_w=base_w,
                 weight_noise=weight_noise, noise_kind=noise_kind, vital_kwargs=vital_kwargs,
                 order=order)


def _replicate(seed_seq: np.random.SeedSequence) -> tuple[np.ndarray, np.ndarray]:
    """Rank and score of every node of the base ranking in one replicate (NaN where absent).

    Runs the speed path of the vital score (:func:`~netwerk.analysis.vital._vital_scores`: only
    the measures with a positive weight, no reasons, weights validated once), whose scores and
    ranks equal :func:`~netwerk.analysis.vital.vital_nodes`' on the same network."""
    from .vital import _vital_scores

    w = _WORK
    rng = np.random.default_rng(seed_seq)
    net: Network = w["net"]
    pnet = (perturbed_network(net, rng, edge_drop=w["edge_drop"], node_dropout=w["node_dropout"])
            if (w["edge_drop"].any() or w["node_dropout"] > 0) else net)
    weights = _perturbed_weights(w["base_w"], rng, w["weight_noise"], w["noise_kind"])
    if sum(weights.values()) <= 0:
        weights = dict(w["base_w"])
    ids, score, rank = _vital_scores(pnet, weights, **w["vital_kwargs"])
    order: pd.Index = w["order"]
    pos = order.get_indexer(ids)
    ok = pos >= 0
    R = np.full(len(order), np.nan)
    S = np.full(len(order), np.nan)
    R[pos[ok]] = rank[ok]
    S[pos[ok]] = score[ok]
    return R, S


# ---------------------------------------------------------------------------- main
def rank_stability(
    net: Network,
    *,
    replicates: int = 200,
    edge_dropout: float = 0.1,
    node_dropout: float = 0.0,
    weight_noise: float = 0.0,
    top_k: int = 10,
    seed: int = 0,
    by_grading: bool | None = None,
    noise: str = "uniform",
    weights: Mapping[str, Any] | str | Path | None = None,
    n_jobs: int | None = 1,
    quantiles: Sequence[float] = (0.05, 0.95),
    **vital_kwargs: Any,
) -> pd.DataFrame:
    """The vital ranking under seeded perturbations: median rank, a 5–95 % interval and P(top k).

    Parameters
    ----------
    net : Network
    replicates : int
        Number of perturbed rankings (Monte Carlo replicates).
    edge_dropout : float
        Mean share of relation records left out per replicate, in [0, 1). Records, not ties: a tie
        two partners both reported survives unless both records drop out.
    node_dropout : float
        Share of nodes left out per replicate (with their records), in [0, 1).
    weight_noise : float
        Perturbation of the score weights: ``noise="uniform"`` multiplies every weight by a
        uniform factor in ``[1 − x, 1 + x]`` (±x %); ``noise="dirichlet"`` draws the weight shares
        from a Dirichlet distribution centred on the configured shares with coefficient of
        variation about ``x``.
    top_k : int
        The top list whose membership probability is reported.
    seed : int
        Seed of every perturbation and of the ranking itself. Replicate *r* uses the *r*-th child
        of ``numpy.random.SeedSequence(seed)``, so results do not depend on ``n_jobs``.
    by_grading : bool, optional
        Drop low-graded records more often: a record's chance is proportional to
        ``1 − grading_score`` with the same mean rate ``edge_dropout``. ``None`` (default): when the
        records carry grading (case networks) and the grading policy's ``dropout_by_grading`` is
        true (``netwerk/data/grading_policy.yaml``).
    noise : {"uniform", "dirichlet"}
    weights : dict, path or None
        Score weights (see :func:`~netwerk.analysis.vital.load_vital_weights`).
    n_jobs : int, optional
        Worker processes (``None``: one per core). Results are identical for every ``n_jobs``.
    quantiles : (float, float)
        The interval reported as ``rank_lo`` and ``rank_hi`` (default 5 % and 95 %).
    **vital_kwargs
        Passed to :func:`~netwerk.analysis.vital.vital_nodes` (``group``, ``stages``, ``kinds``,
        ``approximate``, ...). The ranking's own ``seed`` is ``seed`` in every replicate, so that
        only the perturbations differ.

    Returns
    -------
    pd.DataFrame
        Indexed by node id (the ranked nodes), sorted by ``rank``: ``label``, ``rank`` (the
        unperturbed rank), ``rank_median``, ``rank_lo``, ``rank_hi`` (integer ranks at the
        ``quantiles``, over the replicates where the node is present), ``p_top_k`` (share of
        replicates in which the node is in the top ``top_k``; absent counts as not in the top),
        ``p_present``, ``score``, ``score_lo``, ``score_hi`` and ``certainty`` (``"zeker"``
        when ``p_top_k ≥ 0.9`` or ``≤ 0.1``, else ``"onzeker"``). ``.attrs`` records method,
        parameters, seed, the grading policy used and timings.

    Raises
    ------
    GraphError
        Rates outside [0, 1), ``replicates < 1``, ``top_k < 1`` or unknown ``noise``.

    Notes
    -----
    With all perturbations zero every replicate equals the unperturbed ranking and the interval
    collapses to the exact rank. The ranks of one replicate are those of
    :func:`~netwerk.analysis.vital.vital_nodes` among the ranked nodes still present.

    For analysts: a node whose interval stays narrow near the top is vital whatever link is
    missing; a wide interval says the conclusion hangs on a few links, so check them first.

    References
    ----------
    .. [1] Borgatti, S. P., Carley, K. M. & Krackhardt, D. (2006). On the robustness of centrality
       measures under conditions of imperfect data. Social Networks 28(2), 124–136.
    .. [2] Carley, K. M. (2003). ORA: key-entity robustness (Monte Carlo over perturbed networks).
    .. [3] Sparrow, M. K. (1991). The application of network analysis to criminal intelligence.
       Social Networks 13(3), 251–274.

    Examples
    --------
    >>> from netwerk.datasets import krackhardt_kite
    >>> s = rank_stability(krackhardt_kite(), replicates=20, edge_dropout=0.0, top_k=3)
    >>> bool((s["rank_lo"] == s["rank"]).all() and (s["rank_hi"] == s["rank"]).all())
    True
    """
    from .vital import load_vital_weights, vital_nodes

    if int(replicates) < 1:
        raise GraphError(_("'{naam}' moet minstens 1 zijn", naam="replicates"),
                         reason=Reason.INVALID_ARGUMENT)
    if int(top_k) < 1:
        raise GraphError(_("'{naam}' moet minstens 1 zijn", naam="top_k"),
                         reason=Reason.INVALID_ARGUMENT)
    if noise not in ("uniform", "dirichlet"):
        raise GraphError(_("'noise' moet 'uniform' of 'dirichlet' zijn, niet {waarde!r}",
                           waarde=noise),
                         reason=Reason.INVALID_ARGUMENT)
    edge_dropout = _check_rate("edge_dropout", edge_dropout)
    node_dropout = _check_rate("node_dropout", node_dropout)
    weight_noise = float(weight_noise)
    if not np.isfinite(weight_noise) or not 0.0 <= weight_noise <= 1.0:
        raise GraphError(_("'weight_noise' moet tussen 0 en 1 liggen, niet {waarde!r}",
                           waarde=weight_noise),
                         reason=Reason.INVALID_ARGUMENT)
    lo_q, hi_q = (float(q) for q in quantiles)
    t0 = time.perf_counter()
    base_w, wsource = load_vital_weights(weights)
    vital_kwargs = {**vital_kwargs, "seed": seed}
    base = vital_nodes(net, weights=base_w, **vital_kwargs)
    t_base = time.perf_counter() - t0
    graded_records = "grading_score" in net.edges.columns
    if by_grading is None:  # the shipped policy decides (dropout_by_grading)
        from .grading import grading_policy

        use_grading = graded_records and bool(grading_policy()["dropout_by_grading"])
    else:
        use_grading = bool(by_grading)
    if use_grading and not graded_records:
        raise GraphError(_("by_grading=True, maar de relaties hebben geen 'grading_score'"),
                         reason=Reason.UNKNOWN_ATTRIBUTE, column="grading_score")
    edge_drop = _record_drop_chance(net, edge_dropout, use_grading)
    order = base.index
    seqs = np.random.SeedSequence(int(seed)).spawn(int(replicates))
    jobs = (os.cpu_count() or 1) if n_jobs is None else max(1, int(n_jobs))
    jobs = min(jobs, int(replicates))
    init_args = (net, edge_drop, node_dropout, base_w, weight_noise, noise, vital_kwargs, order)
    t1 = time.perf_counter()
    if jobs == 1:
        saved = dict(_WORK)
        try:
            _init(*init_args)
            results = [_replicate(s) for s in seqs]
        finally:
            _WORK.clear()
            _WORK.update(saved)
    else:
        # spawn, not fork: forking a process that runs threads (Jupyter's kernel, BLAS) can hang;
        # the workers' log records and language are this process's (netwerk.workers)
        with process_pool(jobs, initializer=_init, initargs=init_args) as ex:
            results = list(ex.map(_replicate, seqs, chunksize=max(1, len(seqs) // (4 * jobs))))
    t_rep = time.perf_counter() - t1
    R = np.column_stack([r[0] for r in results])  # nodes x replicates
    S = np.column_stack([r[1] for r in results])
    present = ~np.isnan(R)
    n_present = present.sum(axis=1)
    med, lo, hi = _row_quantiles(R, lo_q, hi_q)
    s_med, s_lo, s_hi = _row_quantiles(S, lo_q, hi_q)
    p_top = np.where(present, top_k >= R, False).mean(axis=1)
    out = pd.DataFrame(index=order)
    out["label"] = base["label"]
    out["rank"] = base["rank"]
    out["rank_median"] = med
    out["rank_lo"] = pd.Series(lo, index=order).round().astype("Int64")
    out["rank_hi"] = pd.Series(hi, index=order).round().astype("Int64")
    out["p_top_k"] = p_top
    out["p_present"] = n_present / R.shape[1]
    out["score"] = base["vital_score"]
    out["score_median"] = s_med
    out["score_lo"] = s_lo
    out["score_hi"] = s_hi
    certain = (p_top >= CERTAIN_SHARE) | (p_top <= 1.0 - CERTAIN_SHARE)
    out["certainty"] = np.where(certain, "zeker", "onzeker")
    out.index.name = "id"
    out.attrs = {
        "method": "Monte Carlo: vital_nodes on perturbed networks (record and node dropout, "
                  "score-weight noise); Borgatti, Carley & Krackhardt (2006)",
        "params": {"replicates": int(replicates), "edge_dropout": edge_dropout,
                   "node_dropout": node_dropout, "weight_noise": weight_noise, "noise": noise,
                   "top_k": int(top_k), "quantiles": [lo_q, hi_q], "by_grading": use_grading,
                   "n_jobs": jobs},
        "seed": int(seed),
        "grading": ("drop chance proportional to 1 − grading score (mean rate edge_dropout)"
                    if use_grading else "uniform drop chance"),
        "weights": {k: v for k, v in base_w.items() if v > 0}, "weights_source": wsource,
        "vital_params": {k: v for k, v in base.attrs.items()
                         if k in ("weights_hash", "approximate", "samples", "kinds", "group",
                                  "stages")},
        "timings": {"base": round(t_base, 3), "replicates": round(t_rep, 3)},
    }
    return out
