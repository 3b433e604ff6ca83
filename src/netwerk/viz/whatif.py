"""The map's what-if control, precomputed: the expected effect and the chain status of every
combination of a package's actions, and of adding any single candidate action.

The page runs no Python, so everything the control can show is computed here with the same
evaluator the package was chosen with (:func:`netwerk.interventions.effects.evaluator_for`, same
seed, success scenarios, recovery and objective weights): switching every action on reproduces
the package's own expected effect exactly.

* Packages of up to :data:`EXHAUSTIVE_MAX` actions: **every** subset (2^n, at most 1,024) is
  evaluated, so any combination of actions and partners the analyst switches on or off shows its
  exact expected effect.
* Larger packages: the whole package, nothing, each action alone, each action left out, and each
  partner left out or alone; other combinations say they were not precomputed.
* Per candidate action outside the package: its expected effect alone (from the candidates
  table) and what it adds to the whole package.

An action that depends on another (``depends_on``: an arrest needs the criminal investigation)
is off when the action it depends on is off; the page applies this rule before it looks up the
subset.

Serves "small steps with the coalition of the willing" and "room for the good conversation": the
case meeting sees at once what the package loses when a partner cannot take part.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from ..i18n import _

__all__ = ["EXHAUSTIVE_MAX", "EXTRA_MAX", "whatif_data", "package_evaluator"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

#: Packages up to this many actions get every subset precomputed (2^n evaluations).
EXHAUSTIVE_MAX = 10
#: Candidate actions outside the package whose "added to the package" effect is precomputed.
EXTRA_MAX = 60


def package_evaluator(net: Any, model: Any, package: Any) -> tuple[Any, Any]:
    """The staged network and the evaluator the package was chosen with (same parameters)."""
    from ..interventions import apply_stage_rules
    from ..interventions.effects import evaluator_for

    params = dict(getattr(package, "params", {}) or {})
    staged = apply_stage_rules(net, model)
    rec = params.get("recovery")
    weights = params.get("weights")
    ev = evaluator_for(staged, model, weights=dict(weights) if isinstance(weights, Mapping) else None,
                       recovery=rec, seed=int(params.get("seed", 0) or 0),
                       samples=int(params.get("samples", 32) or 32))
    return staged, ev


def _state(ev: Any, acts: Sequence[tuple[str, str]], stage_ids: Sequence[str]) -> list:
    """``[objective, lcc_drop, efficiency_drop, chain_broken_probability, chain_complete_if_all,
    [active providers per stage if all succeed]]`` (floats rounded to 4 places)."""
    exp = ev.expected(acts)
    full = ev.metrics(acts)
    prov = ev.stage_providers(acts) if stage_ids else {}
    return [round(float(exp["disruption"]), 4), round(float(exp["lcc_share_drop"]), 4),
            round(float(exp["efficiency_drop"]), 4), round(float(exp["chain_broken"]), 4),
            int(bool(full.get("chain_complete", False))), [int(prov.get(s, 0)) for s in stage_ids]]


def _as_alternatives(alternatives: Any) -> dict[str, Any]:
    """Label -> Package from a mapping, or from an object with ``packages`` (profile ->
    Package) and a ``table`` with ``label_nl`` per profile (the alternatives of the planner)."""
    if alternatives is None:
        return {}
    if hasattr(alternatives, "packages"):
        labels: dict[str, str] = {}
        t = getattr(alternatives, "table", None)
        if isinstance(t, pd.DataFrame) and "label_nl" in t.columns:
            keys = t["profile"] if "profile" in t.columns else t.index
            labels = {str(k): str(v) for k, v in zip(keys, t["label_nl"], strict=True)}
        return {labels.get(str(k), str(k)): p for k, p in alternatives.packages.items()}
    return dict(alternatives)


def _one_package(ev: Any, actions: pd.DataFrame, stage_ids: Sequence[str],
                 aliases: Mapping[str, str], label: str, key: str) -> dict[str, Any]:
    acts = [(str(t), str(a)) for t, a in zip(actions["target"], actions["action_id"], strict=True)]
    # an action aimed at no node of the network (e.g. at a whole stage) has no structural effect
    # the evaluator can measure: it can be switched, and leaves the figures as they are
    on_net = [t in ev.net.nodes.index for t, _a in acts]
    n = len(acts)
    orders = [int(o) for o in actions["order"]] if "order" in actions.columns else list(
        range(1, n + 1))
    pos = {o: i for i, o in enumerate(orders)}
    rows = actions.to_dict("records")
    items = []
    for i, r in enumerate(rows):
        dep = r.get("depends_on")
        dep_i = pos.get(int(dep)) if dep is not None and not pd.isna(dep) and int(dep) else None
        items.append({"i": i, "target": acts[i][0], "alias": aliases.get(acts[i][0], acts[i][0]),
                      "partner": str(r.get("partner") or ""),
                      "action": str(r.get("name_nl") or r.get("action_id")),
                      "depends": dep_i})
    partners = sorted({it["partner"] for it in items})
    subsets: dict[str, list] = {}

    def put(mask: int) -> None:
        k = str(mask)
        if k not in subsets:
            subsets[k] = _state(ev, [acts[j] for j in range(n) if mask >> j & 1 and on_net[j]],
                                stage_ids)

    exhaustive = n <= EXHAUSTIVE_MAX
    if exhaustive:
        for mask in range(1 << n):
            put(mask)
    else:
        full = (1 << n) - 1
        put(0)
        put(full)
        for j in range(n):
            put(1 << j)
            put(full & ~(1 << j))
        for p in partners:
            m = sum(1 << j for j, it in enumerate(items) if it["partner"] == p)
            put(m)
            put(full & ~m)
    return {"key": key, "label": label, "actions": items, "partners": partners,
            "exhaustive": exhaustive, "subsets": subsets}


def whatif_data(net: Any, model: Any, package: Any, *,
                candidates: pd.DataFrame | None = None,
                alternatives: Mapping[str, Any] | None = None,
                aliases: Mapping[str, str] | None = None,
                stage_labels: Mapping[str, str] | None = None) -> dict[str, Any] | None:
    """Everything the what-if control of the map shows, as JSON-able data.

    Parameters
    ----------
    net : Network
        The case network (staged with ``model`` as the package was).
    model : BarrierModel
    package : Package
        :func:`netwerk.interventions.select_package` output (``actions``, ``effect``, ``params``).
    candidates : pd.DataFrame, optional
        Candidate interventions; for up to :data:`EXTRA_MAX` of them outside the package (largest
        expected effect first) the effect added to the whole package is computed.
    alternatives : mapping or Alternatives, optional
        Other packages to compare, label -> Package, or the planner's alternatives object
        (``packages`` and a ``table`` with ``label_nl``); each gets its own subsets.
    aliases : mapping, optional
        Node id -> map alias.
    stage_labels : mapping, optional
        Stage id -> name users read.

    Returns
    -------
    dict or None
        ``stages`` (``id``, ``label``, ``base`` providers), ``baseline`` (the intact network's
        state), ``packages`` (the recommended package first: ``actions`` with ``depends`` index,
        ``partners``, ``exhaustive``, ``subsets`` mask -> state, see :func:`_state`), ``extra``
        (``target|action_id`` -> effect added to the whole recommended package) and ``method``.
        ``None`` when the package is empty.
    """
    if package is None or getattr(package, "actions", None) is None or not len(package.actions):
        return None
    aliases = dict(aliases or {})
    stage_labels = dict(stage_labels or {})
    staged, ev = package_evaluator(net, model, package)
    stage_ids = list(getattr(model, "stage_ids", []) or [])
    base = ev.stage_providers([]) if stage_ids else {}
    packages = [_one_package(ev, package.actions, stage_ids, aliases, _("Aanbevolen pakket"),
                             "aanbevolen")]
    for i, (label, pkg) in enumerate(_as_alternatives(alternatives).items()):
        acts = getattr(pkg, "actions", None)
        if acts is None or not len(acts):
            continue
        packages.append(_one_package(ev, acts, stage_ids, aliases, str(label), f"alt{i + 1}"))
    rec = packages[0]
    acts = [(it["target"], str(a)) for it, a in zip(rec["actions"], package.actions["action_id"],
                                                   strict=True) if it["target"] in staged.nodes.index]
    full = rec["subsets"][str((1 << len(acts)) - 1)]
    extra: dict[str, float] = {}
    if candidates is not None and len(candidates) and {"target", "action_id"} <= set(
            candidates.columns):
        c = candidates
        if "expected_effect" in c.columns:
            c = c.sort_values("expected_effect", ascending=False, kind="stable")
        have = set(acts)
        for t, a in itertools.islice(((str(t), str(a)) for t, a in zip(
                c["target"], c["action_id"], strict=True) if (str(t), str(a)) not in have),
                EXTRA_MAX):
            if t not in staged.nodes.index:
                continue
            try:
                val = ev.expected([*acts, (t, a)])["disruption"]
            except Exception as exc:  # noqa: BLE001 - an odd candidate must not stop a map
                log.warning("what-if: could not evaluate %s on the package: %s", a, exc)
                continue
            extra[f"{t}|{a}"] = round(float(val) - full[0], 4)
    params = dict(getattr(package, "params", {}) or {})
    return {
        "stages": [{"id": s, "label": stage_labels.get(s, s), "base": int(base.get(s, 0))}
                   for s in stage_ids],
        "baseline": _state(ev, [], stage_ids),
        "packages": packages,
        "extra": extra,
        "package_effect": round(float(package.effect.get("objective", full[0])), 4),
        "method": {"evaluator": "netwerk.interventions.effects.Evaluator",
                   "seed": params.get("seed"), "samples": params.get("samples"),
                   "recovery": params.get("recovery") if isinstance(
                       params.get("recovery"), int | float | type(None)) else "custom"},
    }
