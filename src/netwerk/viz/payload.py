"""Build the plain data a map shows (nodes, edges, legend, filters) from a Network and its analysis.

Everything here is a pure function from tables to JSON-able Python objects; ``maps`` renders it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..graph import Network
from ..model import default_model
from .profiles import Audience, _as_list, node_partners
from .styles import node_style, relation_style

__all__ = ["vital_table", "candidate_lines", "node_records", "edge_records", "legend",
           "BROKERAGE_ROLES", "walk_strings"]

#: Gould–Fernandez brokerage roles, in the order used to break ties for a node's main role.
BROKERAGE_ROLES = ("liaison", "gatekeeper", "representative", "coordinator", "itinerant")
_ROLE_COLUMNS = ("brokerage_role", "role", "broker_role")
_SKIP_MEASURES = {"rank", "vital_score", "kind", "label", "reason", "stage", "x", "y"}
_MAX_MEASURES = 14
#: Measures shown first in the click panel (others follow in table order, up to _MAX_MEASURES).
_PREFERRED = ["degree", "betweenness", "harmonic", "eigenvector", "pagerank", "coreness",
              "brokerage", "effective_size", "constraint", "cut_off", "bridges", "communities",
              "sole_provider", "scarce_provider", "stage_bridge", "chain_cut"]
_NONE = "(none)"


def _fmt(v: Any) -> str | None:
    """Numbers for people: integers as such, others with 3 significant digits."""
    if v is None or v is pd.NA:
        return None
    if isinstance(v, bool | np.bool_):
        return "yes" if v else "no"
    if isinstance(v, int | np.integer):
        return str(int(v))
    if isinstance(v, float | np.floating):
        if math.isnan(v):
            return None
        if float(v).is_integer() and abs(v) < 1e15:
            return str(int(v))
        return f"{v:.3g}"
    s = str(v)
    return s if s else None


def vital_table(net: Network, vital: pd.DataFrame | None) -> pd.DataFrame:
    """The vital table aligned to the network's nodes, with ``vital_score`` and ``rank`` present.

    Without a vital table, ``vital_score`` is the degree scaled to 0–1 (so size still means
    something) and ``rank`` is missing.
    """
    idx = net.nodes.index
    if vital is None:
        deg = pd.Series(net.simple_graph.degree(), index=idx, dtype=float)
        top = deg.max() if len(deg) else 0.0
        return pd.DataFrame({"vital_score": deg / top if top else deg * 0.0,
                             "rank": pd.Series(np.nan, index=idx)})
    v = vital.copy()
    v.index = v.index.astype(str)
    v = v[~v.index.duplicated()].reindex(idx)
    if "vital_score" not in v.columns:
        v["vital_score"] = np.nan
    v["vital_score"] = pd.to_numeric(v["vital_score"], errors="coerce")
    if "rank" not in v.columns:
        order = v["vital_score"].rank(ascending=False, method="first")
        v["rank"] = order
    v["rank"] = pd.to_numeric(v["rank"], errors="coerce")
    return v


def _brokerage_role(row: dict[str, Any]) -> str | None:
    for c in _ROLE_COLUMNS:
        if c in row:
            s = _fmt(row[c])
            if s:
                return s
    best, best_v = None, 0.0
    for r in BROKERAGE_ROLES:
        if r in row:
            try:
                x = float(row[r])
            except (TypeError, ValueError):
                continue
            if not math.isnan(x) and x > best_v:
                best, best_v = r, x
    return best


def candidate_lines(candidates: pd.DataFrame | None, ids: pd.Index) -> dict[str, list[str]]:
    """One readable line per candidate intervention, grouped by target node.

    Accepts :func:`netwerk.interventions.candidate_interventions` output (``target``, ``partner``,
    ``name_nl``, ``action_id``, ``spectrum``, ``best_cards``) or any table with a node column
    (``target``/``node_id``/``node``, else the index) and an action column (``name_nl``,
    ``action``, ``name``, ``instrument``, ``action_id``).
    """
    if candidates is None or not len(candidates):
        return {}
    c = candidates
    node_col = next((k for k in ("target", "node_id", "node", "id") if k in c.columns), None)
    nodes = (c[node_col] if node_col else pd.Series(c.index, index=c.index)).astype(str)
    act_col = next((k for k in ("name_nl", "action", "name", "instrument", "action_name",
                                "action_id") if k in c.columns), None)
    out: dict[str, list[str]] = {}
    wanted = set(ids)
    for i, (node, (_, row)) in enumerate(zip(nodes, c.iterrows(), strict=True)):
        if node not in wanted:
            continue
        parts = []
        if "partner" in c.columns and _fmt(row["partner"]):
            parts.append(f"{row['partner']}:")
        parts.append(_fmt(row[act_col]) if act_col else f"intervention {i + 1}")
        extra = [s for s in (_fmt(row.get("spectrum")),) if s]
        if "best_cards" in c.columns and bool(row["best_cards"] is True):
            extra.append("best cards")
        if extra:
            parts.append(f"({', '.join(extra)})")
        out.setdefault(node, []).append(" ".join(p for p in parts if p))
    return out


def node_records(
    net: Network,
    ids: Sequence[str],
    xy: np.ndarray,
    *,
    vital: pd.DataFrame,
    vital_given: bool,
    highlight_top: int,
    key_players: set[str],
    candidates: dict[str, list[str]],
    audience: Audience,
    attributes: pd.DataFrame,
    show_labels: str,
) -> list[dict[str, Any]]:
    """One JSON-able record per shown node: position, style inputs and the click panel.

    ``attributes`` is :func:`netwerk.viz.profiles.visible_attributes` of the network.
    """
    nodes = net.nodes.loc[list(ids)]
    partners = node_partners(net).loc[list(ids)]
    keep = set(ids)
    attrs = attributes[attributes["node_id"].isin(keep)]
    degree = pd.Series(net.simple_graph.degree(), index=net.nodes.index)
    attr_by_node: dict[str, list[list[str]]] = {}
    for nid, a, val, p in attrs[["node_id", "attribute", "value", "partner"]].itertuples(
            index=False):
        attr_by_node.setdefault(nid, []).append(
            [a, "" if val is pd.NA else str(val), "" if p is pd.NA or p is None else str(p)])
    v = vital.loc[list(ids)]
    score = v["vital_score"].fillna(0.0).clip(lower=0.0)
    top = float(score.max()) if len(score) else 0.0
    sizes = (8.0 + 22.0 * (score / top if top > 0 else score)).round(1)
    measure_cols = [c for c in v.columns if c not in _SKIP_MEASURES and not str(c).startswith("c_")
                    and pd.api.types.is_numeric_dtype(v[c]) and c not in BROKERAGE_ROLES]
    measure_cols = sorted(measure_cols, key=lambda c: (_PREFERRED.index(c) if c in _PREFERRED
                                                       else len(_PREFERRED)))[:_MAX_MEASURES]
    has_stage = "stage" in nodes.columns
    has_aliases = "aliases" in nodes.columns
    node_rows = nodes.to_dict("records")
    vital_rows = v.to_dict("records")
    plists = partners.tolist()
    size_list = sizes.tolist()
    deg_list = degree.loc[list(ids)].tolist()
    out = []
    for i, nid in enumerate(ids):
        row = node_rows[i]
        vr = vital_rows[i]
        rank = vr["rank"]
        is_vital = bool(vital_given and not pd.isna(rank) and rank <= highlight_top)
        is_key = nid in key_players
        label = _fmt(row["label"]) or nid
        stage = _fmt(row["stage"]) if has_stage else None
        fields = [["Pseudonym", nid]]
        if label != nid:
            fields.append(["Label", label])
        fields.append(["Kind", str(row["kind"])])
        fields.append(["Stage", stage or "—"])
        plist = plists[i] if audience.show_partner_names else []
        if plist:
            fields.append(["Known to", ", ".join(plist)])
        if audience.show_aliases and has_aliases:
            al = _as_list(row["aliases"])
            if al:
                fields.append(["Aliases", ", ".join(al)])
        measures = []
        if vital_given:
            if not pd.isna(rank):
                measures.append(["Vital rank", _fmt(rank)])
            measures.append(["Vital score", _fmt(vr["vital_score"]) or "—"])
            role = _brokerage_role(vr)
            if role:
                measures.append(["Brokerage role", role])
            for c in measure_cols:
                s = _fmt(vr[c])
                if s is not None:
                    measures.append([str(c), s])
        else:
            measures.append(["Degree", str(int(deg_list[i]))])
        out.append({
            "id": nid,
            "label": label,
            "show_label": show_labels == "all" or is_vital or is_key,
            "kind": str(row["kind"]),
            "stage": stage or _NONE,
            "partners": plist if plist else [],
            "x": round(float(xy[i, 0]), 1),
            "y": round(float(xy[i, 1]), 1),
            "size": float(size_list[i]),
            "vital": is_vital,
            "key": is_key,
            "fields": fields,
            "measures": measures,
            "reason": _fmt(vr.get("reason")) if vital_given else None,
            "interventions": candidates.get(nid, [])[:12],
            "attributes": attr_by_node.get(nid, []),
        })
    return out


def edge_records(net: Network, ids: Sequence[str], audience: Audience) -> tuple[list[dict], bool]:
    """Shown relations: records collapsed per (source, target, kind), each with its provenance.

    Returns the records and whether the network carries any grading (if not, every edge is drawn
    at full strength instead of as "ungraded").
    """
    keep = set(ids)
    e = net.edges
    e = e[e["source"].isin(keep) & e["target"].isin(keep)]
    graded = "grading_score" in e.columns and bool(e["grading_score"].notna().any())
    model = default_model().relation_kinds
    groups: dict[tuple[str, str, str], dict[str, Any]] = {}
    cols = set(e.columns)
    for rec in e.to_dict("records"):
        key = (rec["source"], rec["target"], str(rec["kind"]))
        g = groups.get(key)
        if g is None:
            rk = model.get(key[2])
            g = groups[key] = {
                "from": key[0], "to": key[1], "kind": key[2],
                "directed": bool(rk.directed) if rk is not None else bool(net.directed),
                "partners": set(), "grading": None, "weight": 0.0, "records": [],
            }
        g["weight"] += float(rec.get("weight", 1.0) or 0.0)
        p = _fmt(rec.get("partner")) if "partner" in cols else None
        if p and audience.show_partner_names:
            g["partners"].add(p)
        gs = rec.get("grading_score") if "grading_score" in cols else None
        if gs is not None and not pd.isna(gs):
            g["grading"] = max(float(gs), g["grading"] if g["grading"] is not None else 0.0)
        if audience.show_provenance and len(g["records"]) < 20:
            r = []
            if p and audience.show_partner_names:
                r.append(["Partner", p])
            grade = "".join(s for s in (_fmt(rec.get("grading_source")),
                                        _fmt(rec.get("grading_information"))) if s)
            if grade or (gs is not None and not pd.isna(gs)):
                r.append(["Grading", f"{grade or '?'} ({_fmt(gs) if gs is not None else '—'})"])
            for c, name in (("observed", "Observed"), ("valid_from", "Valid from"),
                            ("valid_to", "Valid to"), ("legal_basis", "Legal basis")):
                s = _fmt(rec.get(c)) if c in cols else None
                if s and s != "NaT":
                    r.append([name, s[:10] if c != "legal_basis" else s])
            if r:
                g["records"].append(r)
    out = []
    for i, g in enumerate(groups.values()):
        g["partners"] = sorted(g["partners"]) if g["partners"] else []
        g["id"] = f"e{i}"
        g["weight"] = round(g["weight"], 3)
        if g["grading"] is not None:
            g["grading"] = round(g["grading"], 3)
        out.append(g)
    return out, graded


def legend(nodes: list[dict], edges: list[dict]) -> dict[str, Any]:
    """Node kinds, relation kinds, stages and partners present on the map, with counts."""
    kinds = pd.Series([n["kind"] for n in nodes], dtype=object).value_counts()
    rels = pd.Series([e["kind"] for e in edges], dtype=object).value_counts()
    stages = pd.Series([n["stage"] for n in nodes], dtype=object).value_counts()
    partners: dict[str, int] = {}
    for n in nodes:
        for p in n["partners"] or [_NONE]:
            partners[p] = partners.get(p, 0) + 1
    return {
        "kinds": [{"name": k, "count": int(c), **node_style(k)}
                  for k, c in sorted(kinds.items(), key=lambda kv: str(kv[0]))],
        "relations": [{"name": k, "count": int(c), **relation_style(k)}
                      for k, c in sorted(rels.items(), key=lambda kv: str(kv[0]))],
        "stages": [{"name": k, "count": int(c)}
                   for k, c in sorted(stages.items(), key=lambda kv: (kv[0] == _NONE, str(kv[0])))],
        "partners": [{"name": k, "count": c}
                     for k, c in sorted(partners.items(), key=lambda kv: (kv[0] == _NONE, kv[0]))],
    }


def walk_strings(obj: Any, path: str = "map"):
    """Yield ``(path, string)`` for every string in a JSON-able structure (for the leak guard)."""
    if isinstance(obj, str):
        yield path, obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from walk_strings(v, f"{path}.{k}")
    elif isinstance(obj, list | tuple):
        for i, v in enumerate(obj):
            yield from walk_strings(v, f"{path}[{i}]")
