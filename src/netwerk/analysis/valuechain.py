"""Value-chain analysis over a stage attribute: coverage, scarce providers, stage bridges, chain cuts.

A crime type runs as a chain of stages (cannabis: financing → location → electricity → equipment →
cultivation → sale → laundering). With a stage per node (from a spec, analyst labels or
:func:`assign_stages` rules) these functions show which stages are thin, who is the only one who can
do a stage, who links consecutive stages, and which few actors hold the chain together.

Conventions: the chain is read on the undirected analysis graph (a tie carries goods, money or
services either way); every node with a stage value counts as a provider of that stage unless
``kinds`` restricts it; nodes without a stage (addresses, phones, ...) still carry paths.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

import igraph as ig
import numpy as np
import pandas as pd

from ..errors import ConfigError, GraphError, Reason
from ..graph.network import Network
from ..i18n import _

__all__ = [
    "assign_stages",
    "check_stage_rule",
    "stage_coverage",
    "stage_providers",
    "stage_bridges",
    "chain_cut",
    "chain_connected",
]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

_RULE_KEYS = {"stage", "kind", "attribute", "equals", "in", "prefix", "relation", "role", "name"}


# ---------------------------------------------------------------------------- stage rules
def _as_list(v: Any) -> list[str]:
    if isinstance(v, str | int | float):
        return [str(v)]
    return [str(x) for x in v]


def check_stage_rule(rule: Any, i: int, *, stage_ids: Sequence[str] | None = None,
                     file: str | None = None, where: str | None = None) -> dict[str, Any]:
    """Validate one stage rule (the one check used by :func:`assign_stages` and barrier models).

    Parameters
    ----------
    rule : mapping
    i : int
        Its position (0-based), used in messages ("stage rule 2", or ``where``).
    stage_ids : sequence of str, optional
        The allowed stages (a barrier model's); ``None``: any non-empty stage.
    file : str, optional
        The YAML file the rule came from, named in errors.
    where : str, optional
        How to name the rule in messages (default ``"stage rule <i+1>"``).

    Returns
    -------
    dict
        The rule as a plain dict.

    Raises
    ------
    ConfigError
        Not a mapping; an unknown key; no or an unknown stage; a condition without its partner
        (``attribute`` needs exactly one of equals/in/prefix, ``role`` needs ``relation``); values
        that are not text (quote codes such as SBI '0113'). The message names the rule and field.

    Examples
    --------
    >>> check_stage_rule({"stage": "sale", "kind": "company"}, 0)
    {'stage': 'sale', 'kind': 'company'}
    >>> check_stage_rule({"stage": "sale", "equals": "x"}, 1)
    Traceback (most recent call last):
    ...
    netwerk.errors.ConfigError: schakelregel 2: veld 'equals': vraagt een 'attribute'
    """
    where = where or _("schakelregel {nr}", nr=i + 1)
    if not isinstance(rule, Mapping):
        raise ConfigError(_("{waar}: een regel moet een mapping zijn, niet {soort}", waar=where,
                            soort=type(rule).__name__), file=file)
    unknown = set(rule) - _RULE_KEYS
    if unknown:
        raise ConfigError(_("{waar}: veld '{veld}': onbekende sleutel (toegestaan: {bekend})",
                            waar=where, veld=sorted(unknown)[0], bekend=", ".join(sorted(_RULE_KEYS))),
                          file=file, column=sorted(unknown)[0])
    stage = rule.get("stage")
    if stage in (None, ""):
        raise ConfigError(_("{waar}: veld '{veld}': ontbreekt", waar=where, veld="stage"), file=file,
                          column="stage")
    if stage_ids is not None and stage not in stage_ids:
        raise ConfigError(_("{waar}: veld 'stage': '{schakel}' is geen schakel van het model "
                            "({bekend})", waar=where, schakel=stage, bekend=", ".join(stage_ids)),
                          file=file, column="stage")
    tests = [key for key in ("equals", "in", "prefix") if key in rule]
    if "attribute" in rule and len(tests) != 1:
        raise ConfigError(_("{waar}: veld 'attribute': vraagt precies één van equals/in/prefix",
                            waar=where),
                          file=file, column="attribute")
    if tests and "attribute" not in rule:
        raise ConfigError(_("{waar}: veld '{veld}': vraagt een 'attribute'", waar=where,
                            veld=tests[0]), file=file,
                          column=tests[0])
    if "role" in rule and "relation" not in rule:
        raise ConfigError(_("{waar}: veld 'role': vraagt een 'relation'", waar=where), file=file,
                          column="role")
    if rule.get("role", "any") not in ("source", "target", "any"):
        raise ConfigError(_("{waar}: veld 'role': moet source, target of any zijn, niet {waarde!r}",
                            waar=where, waarde=rule["role"]), file=file, column="role")
    for k in ("in", "prefix", "kind", "relation"):
        v = rule.get(k)
        if v is not None and not (isinstance(v, str) or
                                  (isinstance(v, list) and all(isinstance(x, str) for x in v))):
            raise ConfigError(_("{waar}: veld '{veld}': moet tekst of een lijst van tekst zijn "
                                "(zet codes zoals SBI '0113' tussen aanhalingstekens)", waar=where,
                                veld=k), file=file, column=k)
    if "equals" in rule and not isinstance(rule["equals"], str):
        raise ConfigError(_("{waar}: veld 'equals': moet tekst zijn (tussen aanhalingstekens)",
                            waar=where), file=file,
                          column="equals")
    return dict(rule)


def _attribute_values(net: Network, attr: str) -> pd.DataFrame:
    """Long table (id, value) of an attribute from the node table and the node-attribute table."""
    parts = []
    if attr in net.nodes.columns:
        col = net.nodes[attr]
        col = col[col.notna()]
        parts.append(pd.DataFrame({"id": col.index.to_numpy(), "value": col.astype(str).to_numpy()}))
    na = net.node_attributes
    if na is not None and len(na) and "attribute" in na.columns:
        sel = na[(na["attribute"] == attr) & na["value"].notna()]
        parts.append(pd.DataFrame({"id": sel["node_id"].astype(str).to_numpy(),
                                   "value": sel["value"].astype(str).to_numpy()}))
    if not parts:
        return pd.DataFrame({"id": pd.Series([], dtype=str), "value": pd.Series([], dtype=str)})
    return pd.concat(parts, ignore_index=True)


def _rule_mask(net: Network, rule: Mapping[str, Any]) -> np.ndarray:
    ids = net.nodes.index
    mask = np.ones(len(ids), dtype=bool)
    if "kind" in rule:
        mask &= net.nodes["kind"].astype(str).isin(_as_list(rule["kind"])).to_numpy()
    if "attribute" in rule:
        vals = _attribute_values(net, str(rule["attribute"]))
        if "equals" in rule:
            hit = vals["value"] == str(rule["equals"])
        elif "in" in rule:
            hit = vals["value"].isin(_as_list(rule["in"]))
        else:
            prefixes = tuple(_as_list(rule["prefix"]))
            hit = vals["value"].str.startswith(prefixes)
        mask &= ids.isin(vals.loc[hit.to_numpy(dtype=bool), "id"])
    if "relation" in rule:
        e = net.edges[net.edges["kind"].astype(str).isin(_as_list(rule["relation"]))]
        role = rule.get("role", "any")
        who: list[np.ndarray] = []
        if role in ("source", "any"):
            who.append(e["source"].to_numpy())
        if role in ("target", "any"):
            who.append(e["target"].to_numpy())
        mask &= ids.isin(np.concatenate(who) if who else [])
    return mask


def assign_stages(
    net: Network,
    rules: Sequence[Mapping[str, Any]],
    *,
    attribute: str = "stage",
    overwrite: bool = False,
) -> Network:
    """Give nodes a value-chain stage by rules; the first rule that matches a node wins.

    Parameters
    ----------
    net : Network
    rules : list of dict
        Each rule has ``stage`` (the value to assign) and any of these conditions, all of which must
        hold: ``kind`` (a node kind or list of kinds); ``attribute`` with exactly one of ``equals``,
        ``in`` (list) or ``prefix`` (string or list of string prefixes, e.g. SBI codes ``"01.13"``);
        ``relation`` (a relation kind or list the node takes part in) with optional ``role``
        (``source``, ``target`` or ``any``, default ``any``). An optional ``name`` is ignored. A rule
        with no condition matches every node (a fallback, put it last). Attribute values are
        looked up in the node table and in the per-partner node-attribute table; compared as text.
    attribute : str
        Node attribute to write (default ``stage``).
    overwrite : bool
        If False (default) nodes that already have a stage keep it.

    Returns
    -------
    Network
        A new Network; the input is not changed. ``meta["stage_rules"]`` records how many nodes
        each rule staged.

    Raises
    ------
    ConfigError
        A rule has an unknown key, no ``stage`` or an incomplete condition (names the rule number).

    Examples
    --------
    >>> import pandas as pd
    >>> nodes = pd.DataFrame({"id": ["c1", "p1"], "kind": ["company", "person"], "sbi": ["4321", None]})
    >>> net = Network.from_edges(pd.DataFrame({"source": ["p1"], "target": ["c1"]}), nodes=nodes)
    >>> assign_stages(net, [{"attribute": "sbi", "prefix": "432", "stage": "electricity"}]).nodes["stage"].tolist()
    ['electricity', None]
    """
    for i, r in enumerate(rules):
        check_stage_rule(r, i)
    nodes = net.nodes.copy()
    current = nodes[attribute] if attribute in nodes.columns else pd.Series(None, index=nodes.index,
                                                                              dtype=object)
    out = current.astype(object).where(current.notna(), None).to_numpy(copy=True)
    free = np.ones(len(nodes), bool) if overwrite else pd.isna(current).to_numpy().copy()
    if overwrite:
        out[:] = None
    counts = []
    for r in rules:
        m = _rule_mask(net, r) & free
        out[m] = str(r["stage"])
        free &= ~m
        counts.append(int(m.sum()))
    nodes[attribute] = pd.Series(out, index=nodes.index, dtype=object)
    meta = {**net.meta, "stage_rules": {"attribute": attribute, "matched": counts}}
    return Network(nodes=nodes, edges=net.edges, directed=net.directed, meta=meta,
                   node_attributes=net.node_attributes)


# ---------------------------------------------------------------------------- stage tables
def _stage_series(net: Network, stages: Sequence[str], group: str,
                  kinds: Sequence[str] | None = None) -> pd.Series:
    stages = [str(s) for s in stages]
    if len(stages) == 0:
        raise GraphError(_("geef minstens één schakel"), reason=Reason.INVALID_ARGUMENT)
    if len(set(stages)) != len(stages):
        raise GraphError(_("schakels komen dubbel voor: {schakels}", schakels=", ".join(stages)),
                         reason=Reason.INVALID_ARGUMENT)
    raw = net.stage_of(group)
    st = pd.Series(np.where(raw.notna().to_numpy(), raw.astype(str).to_numpy(dtype=object), None),
                   index=raw.index, dtype=object)
    other = set(st.dropna()) - set(stages)
    if other:
        log.info(_("schakels die niet in de waardeketen staan, genegeerd: {schakels}",
                   schakels=", ".join(sorted(other))))
    st = st.where(st.isin(stages), None)
    if kinds is not None:
        st = st.where(net.nodes["kind"].isin(list(kinds)), None)
    return st


def stage_coverage(net: Network, stages: Sequence[str], *, group: str = "stage",
                   kinds: Sequence[str] | None = None) -> pd.DataFrame:
    """Actors per stage of the chain.

    Returns
    -------
    pd.DataFrame
        Indexed by stage, in chain order: ``position`` (0-based), ``actors`` (count), ``share``
        (of all staged actors), ``covered`` (at least one actor).
    """
    st = _stage_series(net, stages, group, kinds)
    counts = st.value_counts().reindex([str(s) for s in stages], fill_value=0).astype(int)
    total = int(counts.sum())
    df = pd.DataFrame({"position": np.arange(len(counts)), "actors": counts.to_numpy(),
                       "share": counts.to_numpy() / total if total else 0.0,
                       "covered": counts.to_numpy() > 0},
                      index=pd.Index(counts.index, name=group))
    return df


def stage_providers(
    net: Network,
    stages: Sequence[str],
    *,
    group: str = "stage",
    scarce_max: int = 2,
    quantile: float | None = None,
    kinds: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Providers of each stage, flagging sole and scarce ones.

    Parameters
    ----------
    scarce_max : int
        A stage with at most this many actors is scarce (default 2).
    quantile : float, optional
        Also scarce: stages whose actor count is at or below this quantile of the covered stages'
        counts.

    Returns
    -------
    pd.DataFrame
        Indexed by node id (staged nodes only, by chain position then id): ``stage``,
        ``stage_actors``, ``stage_persons`` (persons among them), ``sole`` (the only actor of its
        stage), ``sole_person`` (the only person of its stage: the one human who does it, even if
        companies are staged there too), ``scarce``.
    """
    st = _stage_series(net, stages, group, kinds).dropna()
    cov = stage_coverage(net, stages, group=group, kinds=kinds)
    size = st.map(cov["actors"]).astype(int)
    limit = scarce_max
    if quantile is not None:
        covered = cov.loc[cov["covered"], "actors"]
        if len(covered):
            limit = max(limit, float(np.quantile(covered.to_numpy(), quantile)))
    is_person = net.nodes["kind"].reindex(st.index).eq("person").to_numpy()
    persons = pd.Series(is_person, index=st.index).groupby(st).sum()
    n_pers = st.map(persons).fillna(0).astype(int)
    df = pd.DataFrame({"stage": st.astype(object), "stage_actors": size, "stage_persons": n_pers,
                       "sole": size == 1, "sole_person": is_person & (n_pers == 1).to_numpy(),
                       "scarce": size <= limit}, index=st.index)
    df["_pos"] = df["stage"].map(cov["position"])
    df = df.rename_axis("id").reset_index().sort_values(["_pos", "id"], kind="stable")
    return df.drop(columns="_pos").set_index("id")


def _undirected(net: Network) -> ig.Graph:
    return net.undirected_graph


def stage_bridges(net: Network, stages: Sequence[str], *, group: str = "stage",
                  kinds: Sequence[str] | None = None) -> pd.DataFrame:
    """Nodes that tie consecutive stages together.

    A node bridges stages ``s → s+1`` if it has neighbours in both (a broker between the stages), or
    if it belongs to one of them and has a neighbour in the other (one side of a hand-over).

    Returns
    -------
    pd.DataFrame
        Indexed by node id, only bridging nodes, sorted by ``n_pairs`` (descending) then id:
        ``stage`` (own, may be empty), ``n_pairs`` (consecutive pairs bridged), ``brokered``
        (pairs bridged through neighbours in both stages), ``pairs`` (``"a→b; b→c"``).
    """
    st = _stage_series(net, stages, group, kinds)
    stages = [str(s) for s in stages]
    code = st.map({s: i for i, s in enumerate(stages)}).fillna(-1).astype(int).to_numpy()
    g = _undirected(net)
    n, S = g.vcount(), len(stages)
    el = np.asarray(g.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    # has[v, s]: v has a neighbour in stage s
    has = np.zeros((n, max(S, 1)), dtype=bool)
    for a, b in ((0, 1), (1, 0)):
        c = code[el[:, b]]
        ok = c >= 0
        has[el[ok, a], c[ok]] = True
    pairs, brokered = [], []
    for s in range(S - 1):
        both = has[:, s] & has[:, s + 1]
        member = ((code == s) & has[:, s + 1]) | ((code == s + 1) & has[:, s])
        pairs.append(both | member)
        brokered.append(both)
    if not pairs:
        return pd.DataFrame({"stage": [], "n_pairs": [], "brokered": [], "pairs": []},
                            index=pd.Index([], name="id", dtype=str))
    P = np.column_stack(pairs)
    npairs = P.sum(axis=1)
    nbrok = np.column_stack(brokered).sum(axis=1)
    labels = np.array([f"{stages[s]}→{stages[s + 1]}" for s in range(S - 1)], dtype=object)
    sel = np.flatnonzero(npairs > 0)
    # one label per distinct pattern of bridged pairs (few), not per node
    bits = P[sel].astype(np.int64) @ (np.int64(1) << np.arange(S - 1, dtype=np.int64))
    pats, inv = np.unique(bits, return_inverse=True)
    text = np.array(["; ".join(labels[(p >> np.arange(S - 1)) & 1 == 1]) for p in pats],
                    dtype=object)
    df = pd.DataFrame({"stage": st.to_numpy()[sel], "n_pairs": npairs[sel].astype(int),
                       "brokered": nbrok[sel].astype(int),
                       "pairs": text[inv.reshape(-1)] if len(sel) else []},
                      index=pd.Index(net.nodes.index[sel], name="id"))
    df = df.rename_axis("id").reset_index()
    df = df.sort_values(["n_pairs", "id"], ascending=[False, True], kind="stable").set_index("id")
    return df


def _ends(net: Network, stages: Sequence[str], group: str,
          kinds: Sequence[str] | None) -> tuple[ig.Graph, np.ndarray, np.ndarray]:
    if len(stages) < 2:
        raise GraphError(_("een keten heeft minstens twee schakels nodig"),
                         reason=Reason.INVALID_ARGUMENT)
    st = _stage_series(net, stages, group, kinds).to_numpy()
    first = np.flatnonzero(st == str(stages[0]))
    last = np.flatnonzero(st == str(stages[-1]))
    return _undirected(net), first, last


def chain_connected(net: Network, stages: Sequence[str], *, group: str = "stage",
                    kinds: Sequence[str] | None = None) -> bool:
    """Whether some path (through any nodes) still links a first-stage node to a last-stage node.

    Stage coverage is a separate question: see :func:`stage_coverage`.
    """
    g, first, last = _ends(net, stages, group, kinds)
    if len(first) == 0 or len(last) == 0:
        return False
    memb = np.asarray(g.connected_components().membership)
    return bool(np.intersect1d(memb[first], memb[last]).size)


def chain_cut(
    net: Network,
    stages: Sequence[str],
    *,
    group: str = "stage",
    kinds: Sequence[str] | None = None,
    removable: Sequence[str] | None = None,
) -> list[str]:
    """The smallest set of nodes whose removal disconnects the first stage from the last.

    A minimum vertex cut between a super-source tied to every first-stage node and a super-sink
    tied to every last-stage node, computed as a maximum flow on the split graph (each node ``v``
    becomes ``v_in → v_out`` with capacity 1; ties get unbounded capacity). First- and last-stage
    nodes themselves may be in the cut: removing the only financier breaks the chain as surely
    as removing a middleman.

    Parameters
    ----------
    kinds : list of str, optional
        Only nodes of these kinds count as stage members.
    removable : list of str, optional
        Node kinds that may be cut (e.g. ``["person", "company"]``); other nodes cannot be removed.

    Returns
    -------
    list of str
        Node ids of the cut, sorted; empty if the chain is already broken.

    Raises
    ------
    GraphError
        If no cut of removable nodes exists.
    """
    g, first, last = _ends(net, stages, group, kinds)
    if not chain_connected(net, stages, group=group, kinds=kinds):
        return []
    import scipy.sparse as sp
    from scipy.sparse.csgraph import breadth_first_order, maximum_flow

    n = g.vcount()
    big = n + 1
    cap_v = np.ones(n, dtype=np.int64)
    if removable is not None:
        cap_v[~net.nodes["kind"].isin(list(removable)).to_numpy()] = big
    el = np.asarray(g.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    src, snk = 2 * n, 2 * n + 1
    v = np.arange(n)
    # v_in = v, v_out = n + v; ties run v_out -> w_in both ways
    rows = np.concatenate([v, n + el[:, 0], n + el[:, 1], np.full(len(first), src), n + last])
    cols = np.concatenate([n + v, el[:, 1], el[:, 0], first, np.full(len(last), snk)])
    caps = np.concatenate([cap_v, np.full(2 * len(el) + len(first) + len(last), big)])
    A = sp.csr_matrix((caps.astype(np.int32), (rows, cols)), shape=(2 * n + 2, 2 * n + 2))
    flow = maximum_flow(A, src, snk, method="dinic")
    if flow.flow_value >= big:
        raise GraphError(_("geen verzameling verwijderbare knooppunten scheidt de eerste schakel "
                           "van de laatste"),
                         reason=Reason.INVALID_ARGUMENT)
    R = (A - flow.flow).tocsr()
    R.data[R.data < 0] = 0
    R.eliminate_zeros()
    seen = np.zeros(2 * n + 2, dtype=bool)
    seen[breadth_first_order(R, src, directed=True, return_predecessors=False)] = True
    nodes = np.flatnonzero(seen[:n] & ~seen[n:2 * n])
    return sorted(net.nodes.index[nodes].tolist())
