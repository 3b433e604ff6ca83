"""From vital nodes to candidate interventions: which partner can do what to whom.

For every vital node, the catalogue instruments of the barrier model that apply to it (checked
against the node's kind, stage, attributes and relations), with a one-line rationale, the expected
effect per person-day, whether the preconditions are met, and which partner "holds the best cards".
Environment (preventive) instruments appear once per stage where the model lists them, with the
pseudo-target ``fase:<stage>``: they act on landlords, a sector or a facilitator, never on a person.

Principles served: **dedicated teamplay** (who holds the best cards, on which legal basis),
**broad, from prevention to repression** (environment rows) and **societal effect first**
(vulnerable persons get protective, not repressive, rows: ``blocked`` marks a repressive action on a
vulnerable role, which the package never takes without an analyst override).
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
from ..i18n import _
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
    "provider_chain",
    "mark_vulnerable",
    "rationale_text",
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
    """Whether a catalogue instrument applies to a node (kind, stage, relation kinds, conditions).

    Environment instruments never apply to a node (they act on a stage's environment).
    """
    a = ins.applies_to
    if a.environment:
        return False
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
    from .texts import condition_text

    a = ins.applies_to
    bits = [condition_text(c) for c in a.conditions]
    bits += [condition_text(c) for c in a.conditions_any if matches(c, ctx)][:1]
    return ", ".join(bits)


def _who(ctx: NodeContext) -> str:
    """The target as the rationale names it: its role(s) (partner data), else its kind's label."""
    roles = ", ".join(ctx.attributes.get("rol", ()))
    if roles:
        return roles
    from .plan import kind_label

    return kind_label(ctx.kind)


def rationale_text(model: Any, ins: Instrument, ctx: NodeContext | None, *, stage: str = "",
                   rank: int = 0, via: str = "", blocked: bool = False) -> str:
    """One line for a candidate: who does what to whom, on which legal basis, and why it applies,
    in the output's language (action, partner, stage, relation and attribute by their labels).

    A private partner's line opens with "Verzoek zonder casusgegevens"; a repressive action on a
    vulnerable person ends with the note that it needs the analyst's decision.

    Examples
    --------
    >>> from netwerk.i18n import using
    >>> from netwerk.interventions import load_barrier_model
    >>> m = load_barrier_model("cannabis")
    >>> ctx = NodeContext("e", "person", "electricity", attributes={"rol": ("elektricien",)})
    >>> text = rationale_text(m, m.catalogue["aanhouding"], ctx, stage="electricity", rank=2,
    ...                       blocked=True)
    >>> text.split("; ")[-2:]
    ['vitaal #2', 'kwetsbare persoon: geen repressieve actie zonder besluit van de analist']
    >>> with using("en"):
    ...     rationale_text(m, m.catalogue["aanhouding"], ctx, stage="electricity",
    ...                    rank=2).split(": ", 2)[-1]
    "structural: can no longer play its part in the chain on elektricien in stage 'Electricity'; vital #2"
    """
    from .plan import _effects_text, partner_label, stage_label

    cat = model.catalogue
    text = _("{action} ({partner}, {basis}): {effects}", action=ins.label(),
             partner=partner_label(model, ins.partner),
             basis=ins.legal_basis_for(model.crime_type), effects=_effects_text(ins))
    if ctx is None:
        text += " " + _("bij de omgeving (verhuurders, branche, facilitators)")
    else:
        text += " " + _("bij {who}", who=_who(ctx))
    if stage:
        text += " " + _("in schakel '{stage}'", stage=stage_label(model, stage))
    if via:
        text += "; " + _("object van vitaal #{rank}", rank=rank)
    elif rank:
        text += "; " + _("vitaal #{rank}", rank=rank)
    why = _why(ins, ctx) if ctx is not None else ""
    if why:
        text += "; " + _("voldoet aan {conditions}", conditions=why)
    if blocked:
        text += "; " + _("kwetsbare persoon: geen repressieve actie zonder besluit van de analist")
    if cat.is_private(ins.partner):
        return _("Verzoek zonder casusgegevens: {text}", text=text)
    return text


def mark_vulnerable(ctxs: dict[str, NodeContext], vulnerable: Any) -> dict[str, NodeContext]:
    """Contexts with ``kwetsbaar = ja`` added for the vulnerable node ids (protective instruments
    apply only to those)."""
    vul = set(vulnerable or ())
    out = {}
    for k, c in ctxs.items():
        if k in vul:
            attrs = dict(c.attributes)
            attrs["kwetsbaar"] = ("ja",)
            c = NodeContext(node_id=c.node_id, kind=c.kind, stage=c.stage, attributes=attrs,
                            relations=c.relations)
        out[k] = c
    return out


def provider_chain(model: Any, ctx: NodeContext, ins: Instrument, *, have: set[str] | None = None,
                   usable: Any = None, depth: int = 4) -> list[str] | None:
    """The instruments to add before ``ins`` on the same target so that its ``needs`` are met.

    For each needed capability (a group of alternatives ``a|b``) not in ``have``, the cheapest
    instrument that provides one of them, is listed by the model at the target's stage (anywhere
    in the model for a target without a stage), applies to the target and passes ``usable``
    (a predicate on the instrument, e.g. partner capacity) is taken, with its own providers first
    (recursively, at most ``depth`` levels). Returns the ids in execution order, or None when a
    precondition cannot be met in the plan.

    Examples
    --------
    >>> from netwerk.interventions import load_barrier_model
    >>> m = load_barrier_model("cannabis")
    >>> ctx = NodeContext("P1", "property", "location")
    >>> provider_chain(m, ctx, m.catalogue["sluiting_13b"])
    ['ontmanteling_kwekerij', 'bestuurlijke_rapportage']
    """
    cat = model.catalogue
    have = set(have or ())
    if ctx.stage in model.stage_ids:
        allowed = set(model.barriers_at(ctx.stage))
    else:
        allowed = {b for st in model.stage_ids for b in model.barriers_at(st)}
    out: list[str] = []
    for group in ins.needs_groups:
        if have & set(group):
            continue
        if depth <= 0:
            return None
        best = None
        for p in sorted(cat, key=lambda x: (x.effort_days, x.id)):
            if not (set(p.provides) & set(group)) or p.id not in allowed or p.id in out:
                continue
            if not applicable(p, ctx) or (usable is not None and not usable(p)):
                continue
            sub = provider_chain(model, ctx, p, have=have, usable=usable, depth=depth - 1)
            if sub is None:
                continue
            cost = sum(cat[x].effort_days for x in sub) + p.effort_days
            if best is None or cost < best[0]:
                best = (cost, sub + [p.id])
        if best is None:
            return None
        for x in best[1]:
            if x not in out:
                out.append(x)
                have |= set(cat[x].provides)
    for req in ins.requires:
        if req not in out:
            out.insert(0, req)
    return out


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
        raise GraphError(_("vitale knooppunt(en) niet in het netwerk: {ids}",
                           ids=", ".join(missing[:3])), reason=Reason.UNKNOWN_NODE)
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
    vulnerable: Any = None,
    objective: Any = None,
    environment: bool = True,
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
    vulnerable : iterable of str, optional
        Vulnerable node ids (default: :func:`~netwerk.interventions.vulnerable_roles`).
    objective : IntegratedObjective, optional
        Scores the ``expected_effect`` (default: one with the shipped weights).
    environment : bool
        Add one row per environment (preventive) instrument and stage where the model lists it.

    Returns
    -------
    pd.DataFrame
        One row per (target, action), targets in vital order, then partner (catalogue order) and
        action id, then the environment rows (stage order). Columns: ``target``, ``label``,
        ``kind``, ``stage``, ``role`` (the ``rol`` attribute, if any), ``vital_rank``, ``via``,
        ``partner``, ``private`` (a private partner: a request without case data),
        ``action_id``, ``name_nl``, ``spectrum``, ``effect_types``, ``legal_basis`` (resolved
        for the model's crime type), ``decision``, ``decider``, ``effect``, ``strength``,
        ``effort_days``, ``lead_time``, ``structural_effect`` (disruption gain if the action
        fully works, alone), ``expected_effect`` (gain of the integrated objective of the action
        with the providers it needs), ``effect_per_day``, ``preconditions_met``,
        ``preconditions`` (text), ``precondition_possible`` (a provider chain exists in the
        model), ``vulnerable`` (target is a vulnerable role), ``repressive``, ``blocked``
        (repressive action on a vulnerable role: never proposed without an override),
        ``rationale`` (one line in the output's language, see :func:`rationale_text`),
        ``best_cards``, ``best_partner``. Environment rows have ``kind`` ``environment`` and
        the stage's environment as ``label``.
    """
    from .barriers import apply_stage_rules
    from .effects import evaluator_for
    from .objective import IntegratedObjective, env_target
    from .plan import partner_label, target_text
    from .texts import needs_text
    from .vulnerable import vulnerable_roles

    net = apply_stage_rules(net, model)
    ids = resolve_vital(net, vital, top=top, stages=model.stage_ids, seed=seed)
    ev = evaluator or evaluator_for(net, model, seed=seed, recovery=recovery, weights=weights,
                                    samples=samples, efficiency_sources=efficiency_sources)
    if vulnerable is None:
        vulnerable = set(vulnerable_roles(net).index)
    vulnerable = set(vulnerable)
    obj = objective or IntegratedObjective(ev, vulnerable=vulnerable)
    rank_of = {v: r for r, v in enumerate(ids, start=1)}
    targets: list[tuple[str, str]] = [(v, "") for v in ids]
    if objects:
        objs = linked_objects(net, ids)
        by_actor: dict[str, list[tuple[str, str]]] = {}
        for o, a in objs:
            by_actor.setdefault(a, []).append((o, a))
        targets = [t for v in ids for t in [(v, "")] + by_actor.get(v, [])]
    ctxs = mark_vulnerable(node_context(net, [t for t, _via in targets]), vulnerable)
    cat = model.catalogue
    order = {p: i for i, p in enumerate(cat.partners)}
    crime = model.crime_type
    rows = []

    def row(v: str, ctx: NodeContext | None, ins: Instrument, rank: int, via: str,
            label: str, stage: str) -> dict[str, Any]:
        chain = provider_chain(model, ctx, ins) if ctx is not None else []
        pre_ok = not ins.needs and not ins.requires
        structural = ev.structural_gain([(v, ins.id)]) if ctx is not None else 0.0
        if chain is None:
            expected, effort = 0.0, ins.effort_days
            pre_txt = _("voorwaarde niet te vervullen: {needs}", needs=needs_text(ins.needs_groups))
        else:
            bundle = [(v, x) for x in chain]
            base = obj.objective(bundle) if bundle else 0.0
            expected = obj.objective(bundle + [(v, ins.id)]) - base if not (
                ctx is not None and ctx.node_id in vulnerable and ins.is_repressive) else 0.0
            effort = ins.effort_days + sum(cat[x].effort_days for x in chain)
            pre_txt = "; ".join(_("eerst {action} ({partner})", action=cat[x].label(),
                                  partner=partner_label(model, cat[x].partner)) for x in chain)
        vul = ctx is not None and ctx.node_id in vulnerable
        blocked = vul and ins.is_repressive
        priv = cat.is_private(ins.partner)
        rationale = rationale_text(model, ins, ctx, stage=stage, rank=rank, via=via,
                                   blocked=blocked)
        return {
            "target": v, "label": label, "kind": ctx.kind if ctx is not None else "environment",
            "stage": stage, "role": ", ".join(ctx.attributes.get("rol", ())) if ctx else "",
            "vital_rank": rank, "via": via, "partner": ins.partner, "private": priv,
            "action_id": ins.id, "name_nl": ins.name_nl, "spectrum": ins.spectrum,
            "effect_types": ";".join(ins.effect_types), "legal_basis": ins.legal_basis_for(crime),
            "decision": ins.decision, "decider": ins.decider,
            "effect": ins.effect.describe(), "strength": ins.strength,
            "effort_days": ins.effort_days, "lead_time": ins.lead_time,
            "structural_effect": structural, "expected_effect": expected,
            "effect_per_day": expected / effort if effort > 0 else 0.0,
            "preconditions_met": pre_ok, "preconditions": pre_txt,
            "precondition_possible": chain is not None, "vulnerable": vul,
            "repressive": ins.is_repressive, "blocked": blocked, "rationale": rationale,
        }

    for v, via in targets:
        rank = rank_of[via or v]
        ctx = ctxs[v]
        for ins in sorted(instruments_for(model, ctx), key=lambda x: (order[x.partner], x.id)):
            rows.append(row(v, ctx, ins, rank, via, _label(net, v), ctx.stage or ""))
    if environment:
        for st in model.stage_ids:
            for b in model.barriers_at(st):
                ins = cat[b]
                if ins.is_environment:
                    t = env_target(st)
                    rows.append(row(t, None, ins, 0, "", target_text(model, t), st))
    cols = ["target", "label", "kind", "stage", "role", "vital_rank", "via", "partner", "private",
            "action_id", "name_nl", "spectrum", "effect_types", "legal_basis", "decision",
            "decider", "effect", "strength", "effort_days", "lead_time", "structural_effect",
            "expected_effect", "effect_per_day", "preconditions_met", "preconditions",
            "precondition_possible", "vulnerable", "repressive", "blocked", "rationale"]
    df = pd.DataFrame(rows, columns=cols)
    df["best_cards"] = False
    if len(df):
        ok = df[df["precondition_possible"] & ~df["blocked"] & (df["expected_effect"] > 0)]
        best = (ok.assign(_neg_pd=-ok["effect_per_day"], _neg_e=-ok["expected_effect"])
                .sort_values(["target", "_neg_pd", "_neg_e", "action_id"], kind="stable")
                .groupby("target", sort=False).head(1))
        df.loc[best.index, "best_cards"] = True
        partner_best = best.set_index("target")["partner"]
        df["best_partner"] = df["target"].map(partner_best).fillna("")
    else:
        df["best_partner"] = pd.Series(dtype=str)
    return df.reset_index(drop=True)
