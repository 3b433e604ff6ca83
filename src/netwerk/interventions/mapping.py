"""From vital nodes to candidate interventions: which partner can do what to whom.

For every vital node, the catalogue instruments of the barrier model that apply to it (checked
against the node's kind, stage, attributes and relations), with a one-line rationale, the expected
effect per person-day, whether the preconditions are met, and which partner "holds the best cards".
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..errors import GraphError, Reason
from ..graph.network import Network
from .catalogue import Condition, Instrument

__all__ = [
    "NodeContext",
    "node_context",
    "matches",
    "applicable",
    "resolve_vital",
    "instruments_for",
    "linked_objects",
    "candidate_interventions",
    "OBJECT_KINDS",
]

#: Object kinds that can be targets beside the vital actors (premises, vehicles, accounts).
OBJECT_KINDS = ("property", "address", "vehicle", "account")
#: Relations that tie an actor to an object it uses for the crime (not its mere home address).
OBJECT_RELATIONS = ("owns", "rents", "uses", "established_at", "holds_permit")

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())


@dataclass(frozen=True)
class NodeContext:
    """What the catalogue conditions are checked against, for one node."""

    node_id: str
    kind: str
    stage: str | None
    attributes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: (relation kind, role) -> number of relation records; role is "source" or "target"
    relations: dict[tuple[str, str], int] = field(default_factory=dict)

    def relation_count(self, kind: str, role: str = "any") -> int:
        if role == "any":
            return self.relations.get((kind, "source"), 0) + self.relations.get((kind, "target"), 0)
        return self.relations.get((kind, role), 0)

    @property
    def relation_kinds(self) -> set[str]:
        return {k for k, _ in self.relations}


_SKIP_COLS = {"kind", "label", "partners", "stage"}


def node_context(net: Network, ids: Sequence[str] | None = None) -> dict[str, NodeContext]:
    """Contexts (kind, stage, attribute values, relation counts) for the given nodes (default all).

    Attribute values come from the node table and from the per-partner node-attribute table, so a
    role label given by one partner is seen even when another partner's value won the node table.
    """
    ids = list(net.nodes.index if ids is None else ids)
    net.positions(ids)
    want = set(ids)
    nodes = net.nodes.loc[ids]
    attrs: dict[str, dict[str, set[str]]] = {i: {} for i in ids}
    for col in nodes.columns:
        if col in _SKIP_COLS:
            continue
        s = nodes[col]
        for i, v in s[s.notna()].items():
            attrs[i].setdefault(str(col), set()).add(str(v))
    na = net.node_attributes
    if na is not None and len(na) and {"node_id", "attribute", "value"} <= set(na.columns):
        sel = na[na["node_id"].isin(want) & na["value"].notna()]
        for i, a, v in zip(sel["node_id"], sel["attribute"], sel["value"], strict=True):
            attrs[str(i)].setdefault(str(a), set()).add(str(v))
    e = net.edges
    rel: dict[str, dict[tuple[str, str], int]] = {i: {} for i in ids}
    for role in ("source", "target"):
        sub = e[e[role].isin(want)]
        if len(sub):
            counts = sub.groupby([role, "kind"], sort=True).size()
            for (node, kind), c in counts.items():
                rel[str(node)][(str(kind), role)] = int(c)
    stage = nodes["stage"] if "stage" in nodes.columns else pd.Series(None, index=nodes.index)
    out = {}
    for i in ids:
        st = stage.get(i)
        out[i] = NodeContext(
            node_id=i, kind=str(nodes.at[i, "kind"]),
            stage=None if st is None or (isinstance(st, float) and np.isnan(st)) or pd.isna(st)
            else str(st),
            attributes={k: tuple(sorted(v)) for k, v in attrs[i].items()},
            relations=rel[i],
        )
    return out


def matches(cond: Condition, ctx: NodeContext) -> bool:
    """Whether one catalogue condition holds for a node (attribute values compared as lower-case text)."""
    if cond.relation is not None:
        return ctx.relation_count(cond.relation, cond.role) >= cond.min_count
    vals = [v.strip().lower() for v in ctx.attributes.get(str(cond.attribute), ())]
    if cond.exists is not None:
        return bool(vals) == cond.exists
    if cond.equals is not None:
        return cond.equals.strip().lower() in vals
    if cond.in_ is not None:
        return any(x.strip().lower() in vals for x in cond.in_)
    prefixes = tuple(p.strip().lower() for p in cond.prefix or ())
    return any(v.replace(".", "").startswith(prefixes) or v.startswith(prefixes) for v in vals)


def applicable(ins: Instrument, ctx: NodeContext) -> bool:
    """Whether a catalogue instrument applies to a node (kind, stage, relation kinds, conditions)."""
    a = ins.applies_to
    if a.node_kinds != "*" and ctx.kind not in a.node_kinds:
        return False
    if a.stages != "*" and ctx.stage not in a.stages:
        return False
    if a.relation_kinds != "*" and not (set(a.relation_kinds) & ctx.relation_kinds):
        return False
    if not all(matches(c, ctx) for c in a.conditions):
        return False
    return not (a.conditions_any and not any(matches(c, ctx) for c in a.conditions_any))


def _why(ins: Instrument, ctx: NodeContext) -> str:
    a = ins.applies_to
    bits = [c.describe() for c in a.conditions]
    bits += [c.describe() for c in a.conditions_any if matches(c, ctx)][:1]
    return ", ".join(bits)


def resolve_vital(net: Network, vital: Any = None, *, top: int = 20,
                  stages: Sequence[str] | None = None, seed: int = 0) -> list[str]:
    """The vital node ids, most vital first.

    Parameters
    ----------
    vital : DataFrame, Series, list of ids or None
        A :func:`netwerk.analysis.vital_nodes` table (sorted by ``rank`` if present, else by
        ``vital_score`` descending, ties by id), a score Series (descending), or ids in order.
        None: ``vital_nodes(net, group="stage", stages=stages, seed=seed)``.
    top : int
        Keep this many (ignored for an explicit list of ids).
    """
    if vital is None:
        from ..analysis import vital_nodes

        kw: dict[str, Any] = {"seed": seed}
        if "stage" in net.nodes.columns and net.nodes["stage"].notna().any():
            kw["group"] = "stage"
            if stages is not None:
                kw["stages"] = list(stages)
        else:
            kw["group"] = None
        vital = vital_nodes(net, **kw)
    if isinstance(vital, pd.DataFrame):
        df = vital.copy()
        df.index = df.index.astype(str)
        df = df.rename_axis("_id").reset_index()
        if "rank" in df.columns:
            df = df.sort_values(["rank", "_id"], kind="stable")
        elif "vital_score" in df.columns:
            df = df.sort_values(["vital_score", "_id"], ascending=[False, True], kind="stable")
        ids = df["_id"].tolist()[:top]
    elif isinstance(vital, pd.Series):
        s = vital.copy()
        s.index = s.index.astype(str)
        df = pd.DataFrame({"_id": s.index, "v": s.to_numpy()})
        ids = df.sort_values(["v", "_id"], ascending=[False, True], kind="stable")["_id"].tolist()[:top]
    else:
        ids = [str(v) for v in vital]
    missing = [i for i in ids if i not in net.nodes.index]
    if missing:
        raise GraphError(f"vital node(s) not in the network: {', '.join(missing[:3])}",
                         reason=Reason.UNKNOWN_NODE)
    return ids


def instruments_for(model: Any, ctx: NodeContext) -> list[Instrument]:
    """The model's instruments that apply to a node.

    A node with a stage of the model's chain gets the barriers listed at that stage; any other node
    (an address, a phone, a stage outside the chain) gets every barrier listed anywhere in the model.
    """
    if ctx.stage in model.stage_ids:
        ids = model.barriers_at(ctx.stage)
    else:
        ids = []
        for st in model.stage_ids:
            ids.extend(b for b in model.barriers_at(st) if b not in ids)
    cat = model.catalogue
    return [cat[i] for i in ids if applicable(cat[i], ctx)]


def linked_objects(net: Network, actors: Sequence[str]) -> list[tuple[str, str]]:
    """Objects (property, address, vehicle, account) an actor owns, rents, uses, is established
    at or holds a permit for, as ``(object, actor)`` pairs in actor order, then object id; each
    object once (with the first, most vital, actor)."""
    e = net.edges
    kinds = net.nodes["kind"]
    sel = e[e["kind"].isin(OBJECT_RELATIONS)]
    seen = set(actors)
    out = []
    for a in actors:
        nb = pd.concat([sel.loc[sel["source"] == a, "target"], sel.loc[sel["target"] == a, "source"]])
        for o in sorted(set(nb)):
            if o not in seen and kinds.get(o) in OBJECT_KINDS:
                seen.add(o)
                out.append((o, a))
    return out


def _label(net: Network, v: str) -> str:
    lab = net.nodes.at[v, "label"] if "label" in net.nodes.columns else v
    return str(lab) if lab is not None and not pd.isna(lab) else v


def candidate_interventions(
    net: Network,
    model: Any,
    *,
    vital: Any = None,
    top: int = 20,
    evaluator: Any = None,
    seed: int = 0,
    recovery: Any = None,
    weights: dict[str, float] | None = None,
    objects: bool = True,
    samples: int = 32,
    efficiency_sources: int | None = None,
) -> pd.DataFrame:
    """Applicable interventions per vital node and partner, and who holds the best cards.

    Parameters
    ----------
    net : Network
        Stages come from ``stage`` completed by the model's stage rules.
    model : BarrierModel
    vital : DataFrame, list of ids or None
        See :func:`resolve_vital`; default the top ``top`` of ``vital_nodes``.
    top : int
    evaluator : Evaluator, optional
        Reuse an :class:`netwerk.interventions.effects.Evaluator` (else one is built with
        ``seed``, ``recovery`` and ``weights``).
    objects : bool
        Also take as targets the objects the vital actors use for the crime (see
        :func:`linked_objects`): the premises a closure or a disconnection works on. They follow
        their actor and carry its ``vital_rank``, with ``via`` naming the actor.
    samples, efficiency_sources : int
        Success scenarios and, above
        :data:`~netwerk.interventions.effects.EFFICIENCY_EXACT` nodes, the source nodes of the
        efficiency estimate (``None``: the default, 256); see
        :class:`~netwerk.interventions.effects.Evaluator`.

    Returns
    -------
    pd.DataFrame
        One row per (target, action), targets in vital order, then partner (catalogue order) and
        action id. Columns: ``target``, ``label``, ``kind``, ``stage``, ``role`` (the ``rol``
        attribute, if any), ``vital_rank``, ``partner``, ``action_id``, ``name_nl``, ``spectrum``,
        ``legal_basis``, ``effect``, ``strength``, ``effort_days``, ``lead_time``,
        ``via`` (for an object: the vital actor it belongs to), ``structural_effect`` (objective gain if the action fully works, alone), ``expected_effect``
        (= strength × structural effect), ``effect_per_day`` (expected effect per person-day,
        counting the effort of a needed investigation when its precondition is not met),
        ``preconditions_met``, ``preconditions`` (text), ``rationale`` (one line), ``best_cards``
        (True on the row of the partner with the largest effect per day among actions whose
        preconditions are met; ties: larger effect, then action id).
    """
    from .barriers import apply_stage_rules
    from .effects import evaluator_for

    net = apply_stage_rules(net, model)
    ids = resolve_vital(net, vital, top=top, stages=model.stage_ids, seed=seed)
    ev = evaluator or evaluator_for(net, model, seed=seed, recovery=recovery, weights=weights,
                                    samples=samples, efficiency_sources=efficiency_sources)
    rank_of = {v: r for r, v in enumerate(ids, start=1)}
    targets: list[tuple[str, str]] = [(v, "") for v in ids]
    if objects:
        objs = linked_objects(net, ids)
        by_actor: dict[str, list[tuple[str, str]]] = {}
        for o, a in objs:
            by_actor.setdefault(a, []).append((o, a))
        targets = [t for v in ids for t in [(v, "")] + by_actor.get(v, [])]
    ctxs = node_context(net, [t for t, _ in targets])
    cat = model.catalogue
    order = {p: i for i, p in enumerate(cat.partners)}
    in_model = {b for st in model.stage_ids for b in model.barriers_at(st)}
    rows = []
    for v, via in targets:
        rank = rank_of[via or v]
        ctx = ctxs[v]
        role = ", ".join(ctx.attributes.get("rol", ()))
        for ins in sorted(instruments_for(model, ctx), key=lambda x: (order[x.partner], x.id)):
            structural = ev.structural_gain([(v, ins.id)])
            expected = ins.strength * structural
            pre_ok = not ins.needs and not ins.requires
            extra = 0.0
            pre_txt = ""
            if not pre_ok:
                needs = []
                for cap in ins.needs:
                    allowed = (set(model.barriers_at(ctx.stage)) if ctx.stage in model.stage_ids
                               else in_model)
                    prov = [p for p in cat if cap in p.provides and p.id in allowed
                            and applicable(p, ctx)]
                    prov.sort(key=lambda p: (p.effort_days, p.id))
                    if prov:
                        extra += prov[0].effort_days
                        needs.append(f"eerst {cap}: {prov[0].id} ({prov[0].partner})")
                    else:
                        needs.append(f"eerst {cap}: geen partner kan dit op dit doel")
                        extra = np.inf
                for req in ins.requires:
                    extra += cat[req].effort_days
                    needs.append(f"eerst {req} ({cat[req].partner})")
                pre_txt = "; ".join(needs)
            per_day = expected / (ins.effort_days + extra) if np.isfinite(extra) else 0.0
            why = _why(ins, ctx)
            who = role or ctx.kind
            rationale = (f"{ins.name_nl} ({ins.partner}, {ins.legal_basis}): {ins.effect.describe()} "
                         f"bij {who}" + (f" in fase '{ctx.stage}'" if ctx.stage else "")
                         + (f"; object van vitaal #{rank}" if via else f"; vitaal #{rank}")
                         + (f"; voldoet aan {why}" if why else ""))
            rows.append({
                "target": v, "label": _label(net, v), "kind": ctx.kind, "stage": ctx.stage or "",
                "role": role, "vital_rank": rank, "via": via, "partner": ins.partner, "action_id": ins.id,
                "name_nl": ins.name_nl, "spectrum": ins.spectrum, "legal_basis": ins.legal_basis,
                "effect": ins.effect.describe(), "strength": ins.strength,
                "effort_days": ins.effort_days, "lead_time": ins.lead_time,
                "structural_effect": structural, "expected_effect": expected,
                "effect_per_day": per_day, "preconditions_met": pre_ok, "preconditions": pre_txt,
                "rationale": rationale,
            })
    cols = ["target", "label", "kind", "stage", "role", "vital_rank", "via", "partner", "action_id",
            "name_nl", "spectrum", "legal_basis", "effect", "strength", "effort_days", "lead_time",
            "structural_effect", "expected_effect", "effect_per_day", "preconditions_met",
            "preconditions", "rationale"]
    df = pd.DataFrame(rows, columns=cols)
    df["best_cards"] = False
    if len(df):
        ok = df[df["preconditions_met"] & (df["expected_effect"] > 0)]
        best = (ok.assign(_neg_pd=-ok["effect_per_day"], _neg_e=-ok["expected_effect"])
                .sort_values(["target", "_neg_pd", "_neg_e", "action_id"], kind="stable")
                .groupby("target", sort=False).head(1))
        df.loc[best.index, "best_cards"] = True
        partner_best = best.set_index("target")["partner"]
        df["best_partner"] = df["target"].map(partner_best).fillna("")
    else:
        df["best_partner"] = pd.Series(dtype=str)
    return df.reset_index(drop=True)
