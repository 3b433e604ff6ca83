"""The map's what-if control, precomputed: the expected effect and the chain status of every
combination of a package's actions, and of adding any single candidate action.

The page runs no Python, so everything the control can show is computed here with the same
objective the package was chosen with (the integrated objective of
:mod:`netwerk.interventions.objective`: harm, disruption, money and resilience, over the same
evaluator, seed, success scenarios, recovery, weights, goals and vulnerable persons): switching
every action on reproduces the package's own expected effect exactly. The chain status (does the
chain break when every action works, which stages lose their last provider) comes from the
structural evaluator (:func:`netwerk.interventions.effects.evaluator_for`).

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

from ..i18n import N_, _
from .payload import action_label

__all__ = ["EXHAUSTIVE_MAX", "EXTRA_MAX", "COMPONENT_NL", "whatif_data"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

#: Packages up to this many actions get every subset precomputed (2^n evaluations).
EXHAUSTIVE_MAX = 10
#: Candidate actions outside the package whose "added to the package" effect is precomputed.
EXTRA_MAX = 60


#: Parts of the integrated objective (message ids), in the order the page shows them.
COMPONENT_NL = {"harm": N_("minder schade"), "disruption": N_("verstoring"),
                "money": N_("afpakken"), "resilience": N_("weerbaarheid")}


class _Scorer:
    """Scores action sets as the package was scored: the integrated objective (harm,
    disruption, money, resilience) and the structural measures of the evaluator."""

    def __init__(self, net: Any, model: Any, package: Any) -> None:
        from ..interventions import apply_stage_rules
        from ..interventions.effects import evaluator_for

        params = dict(getattr(package, "params", {}) or {})
        objective = dict(getattr(package, "objective", {}) or {})
        # the exact inputs the package was chosen with (the analyst's vulnerable= and the executed
        # actions); params only count them. An older package without them: recompute the default.
        inputs = dict(getattr(package, "inputs", {}) or {})
        vulnerable = (inputs["vulnerable"] if "vulnerable" in inputs
                      else _ids_or_none(params.get("vulnerable")))
        executed = [tuple(x) for x in (inputs["executed"] if "executed" in inputs
                                       else _ids_or_none(params.get("executed")) or ())]
        self.net = apply_stage_rules(net, model)
        self.model = model
        self.obj = None
        try:
            from ..interventions.selection import _prepare
        except ImportError:  # a planner without the integrated objective
            _prepare = None
        if _prepare is not None and params.get("disruption_weights") is not None:
            rec = params.get("recovery")
            _, _, self.ev, self.obj, _ = _prepare(
                self.net, model, capacity=params.get("capacity"), recovery=rec,
                seed=int(params.get("seed", 0) or 0), samples=int(params.get("samples", 32) or 32),
                disruption_weights=params.get("disruption_weights"), efficiency_sources=None,
                weights=params.get("weights"), harm=None, goals=params.get("goals") or None,
                euro_ref=objective.get("euro_ref") or _euro_ref(),
                vulnerable=vulnerable, executed=executed)
            self.net = self.ev.net
        else:
            w = params.get("weights")
            self.ev = evaluator_for(self.net, model,
                                    weights=dict(w) if isinstance(w, Mapping) else None,
                                    recovery=params.get("recovery"),
                                    seed=int(params.get("seed", 0) or 0),
                                    samples=int(params.get("samples", 32) or 32))
        self.executed = executed if self.obj else []
        self.nodes = set(self.net.nodes.index)
        self.stage_ids = list(getattr(model, "stage_ids", []) or [])

    def state(self, acts: Sequence[tuple[str, str]]) -> list:
        """``[objective, lcc_drop, efficiency_drop, chain_broken_probability,
        chain_complete_if_all, [active providers per stage if all succeed], components]``
        (floats rounded to 4 places; ``components`` maps harm/disruption/money/resilience to
        their expected values and ``euro`` to the expected money, or is empty)."""
        node_acts = [a for a in acts if a[0] in self.nodes]
        full = self.ev.metrics(node_acts)
        prov = self.ev.stage_providers(node_acts) if self.stage_ids else {}
        comps: dict[str, float] = {}
        if self.obj is not None:
            exp = self.obj.evaluate([*self.executed, *acts])
            comps = {k: round(float(exp[k]), 4) for k in (*COMPONENT_NL, "euro") if k in exp}
            value = exp["objective"]
        else:
            exp = self.ev.expected(node_acts)
            value = exp["disruption"]
        return [round(float(value), 4), round(float(exp["lcc_share_drop"]), 4),
                round(float(exp["efficiency_drop"]), 4), round(float(exp["chain_broken"]), 4),
                int(bool(full.get("chain_complete", False))),
                [int(prov.get(s, 0)) for s in self.stage_ids], comps]


def _euro_ref() -> float:
    from ..interventions import selection

    return float(getattr(selection, "EURO_REF", 1.0))


def _as_alternatives(alternatives: Any) -> dict[str, Any]:
    """Label -> Package from a mapping, or from an object with ``packages`` (profile ->
    Package; the alternatives of the planner), each labelled in the output's language
    (:func:`netwerk.interventions.selection.profile_label`, so a table made under another
    language does not decide the map's words)."""
    if alternatives is None:
        return {}
    if hasattr(alternatives, "packages"):
        from ..interventions.selection import profile_label

        return {profile_label(str(k)): p for k, p in alternatives.packages.items()}
    return dict(alternatives)


def _one_package(sc: _Scorer, actions: pd.DataFrame, aliases: Mapping[str, str], label: str,
                 key: str, stage_labels: Mapping[str, str]) -> dict[str, Any]:
    acts = [(str(t), str(a)) for t, a in zip(actions["target"], actions["action_id"], strict=True)]
    n = len(acts)
    orders = [int(o) for o in actions["order"]] if "order" in actions.columns else list(
        range(1, n + 1))
    pos = {o: i for i, o in enumerate(orders)}
    rows = actions.to_dict("records")
    items = []
    for i, r in enumerate(rows):
        dep = r.get("depends_on")
        dep_i = pos.get(int(dep)) if dep is not None and not pd.isna(dep) and int(dep) else None
        t = acts[i][0]
        stage = t.split(":", 1)[1] if ":" in t else None
        alias = aliases.get(t) or (_("schakel {s}", s=stage_labels.get(stage, stage))
                                   if stage else t)
        items.append({"i": i, "target": t, "alias": alias,
                      "partner": str(r.get("partner") or ""),
                      "action": action_label(sc.model, r.get("action_id"), r.get("name_nl")),
                      "depends": dep_i})
    partners = sorted({it["partner"] for it in items})
    subsets: dict[str, list] = {}

    def put(mask: int) -> None:
        k = str(mask)
        if k not in subsets:
            subsets[k] = sc.state([acts[j] for j in range(n) if mask >> j & 1])

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
    from .payload import stage_label_map

    stage_labels = {**stage_label_map(model), **dict(stage_labels or {})}
    sc = _Scorer(net, model, package)
    stage_ids = sc.stage_ids
    base = sc.ev.stage_providers([]) if stage_ids else {}
    packages = [_one_package(sc, package.actions, aliases, _("Aanbevolen pakket"), "aanbevolen",
                             stage_labels)]
    for i, (label, pkg) in enumerate(_as_alternatives(alternatives).items()):
        acts = getattr(pkg, "actions", None)
        if acts is None or not len(acts):
            continue
        packages.append(_one_package(sc, acts, aliases, str(label), f"alt{i + 1}", stage_labels))
    rec = packages[0]
    acts = [(str(t), str(a)) for t, a in zip(package.actions["target"],
                                             package.actions["action_id"], strict=True)]
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
            try:
                val = sc.state([*acts, (t, a)])[0]
            except Exception as exc:  # noqa: BLE001 - an odd candidate must not stop a map
                log.debug("what-if: %s on the package: %r", a, exc)
                log.warning(_("wat-als: het effect van '{actie}' bovenop het pakket kon niet "
                              "worden berekend; de maatregel is weggelaten uit de vergelijking",
                              actie=action_label(model, a)))
                continue
            extra[f"{t}|{a}"] = round(float(val) - full[0], 4)
    params = dict(getattr(package, "params", {}) or {})
    return {
        "stages": [{"id": s, "label": stage_labels.get(s, s), "base": int(base.get(s, 0))}
                   for s in stage_ids],
        "baseline": sc.state([]),
        "components": [{"id": k, "label": _(v)} for k, v in COMPONENT_NL.items()]
        if sc.obj is not None else [],
        "packages": packages,
        "extra": extra,
        "package_effect": round(float(package.effect.get("objective", full[0])), 4),
        "method": {"evaluator": ("netwerk.interventions.objective.IntegratedObjective"
                                 if sc.obj is not None
                                 else "netwerk.interventions.effects.Evaluator"),
                   "seed": params.get("seed"), "samples": params.get("samples"),
                   "recovery": params.get("recovery") if isinstance(
                       params.get("recovery"), int | float | type(None)) else "custom"},
    }


def _ids_or_none(value: Any) -> Any:
    """A package records counts, never node ids, in its params (they reach every edition's
    provenance): a count means "recompute as the planner did" (``None``)."""
    return value if isinstance(value, list | tuple | set | frozenset) else None
