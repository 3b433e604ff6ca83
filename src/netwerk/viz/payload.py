"""Build the plain data a map shows (nodes, edges, legend, filters) from a Network and its analysis.

Everything here is a pure function from tables to JSON-able Python objects; ``maps`` renders it.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..graph import Network
from ..i18n import N_, _, language, ngettext
from ..model import default_model
from .profiles import Audience, _as_list, node_partners
from .styles import RELATION_FAMILIES, node_style, relation_style

__all__ = ["vital_table", "candidate_records", "node_records", "edge_records", "legend",
           "BROKERAGE_ROLES", "walk_strings", "node_aliases", "kind_label", "relation_label",
           "action_label", "partner_name",
           "stage_label_map", "spectrum_label", "lead_time_label", "measure_rows"]

#: Gould–Fernandez brokerage roles, in the order used to break ties for a node's main role.
BROKERAGE_ROLES = ("liaison", "gatekeeper", "representative", "coordinator", "itinerant")
_ROLE_COLUMNS = ("brokerage_role", "role", "broker_role")
_NONE = "(none)"

#: Dutch names (message ids) of the places on the spectrum and of the lead times of the catalogue.
SPECTRUM_NL = {"preventive": N_("preventief"), "administrative": N_("bestuurlijk"),
               "fiscal": N_("fiscaal"), "civil": N_("civielrechtelijk"),
               "criminal": N_("strafrechtelijk")}
LEAD_TIME_NL = {"quick_win": N_("snel resultaat"), "weeks": N_("weken"), "months": N_("maanden"),
                "long": N_("lange termijn")}
#: Gould–Fernandez roles in Dutch (message ids).
ROLE_NL = {"liaison": N_("verbinder (liaison)"), "gatekeeper": N_("poortwachter"),
           "representative": N_("vertegenwoordiger"), "coordinator": N_("coördinator"),
           "itinerant": N_("tussenhandelaar (itinerant)")}


def spectrum_label(s: Any) -> str:
    """Dutch (or current-language) name of a place on the spectrum; unknown values as given."""
    k = _fmt(s) or ""
    return _(SPECTRUM_NL[k]) if k in SPECTRUM_NL else k


def lead_time_label(s: Any) -> str:
    """Dutch (or current-language) name of a catalogue lead time."""
    k = _fmt(s) or ""
    return _(LEAD_TIME_NL[k]) if k in LEAD_TIME_NL else k


def action_label(model: Any, action_id: Any, fallback: Any = None) -> str:
    """The name users read for a catalogue action in the output's language (``name_nl`` /
    ``name_en`` of the barrier model's catalogue, or the shipped catalogue without a model);
    ``fallback`` (else the id) for an action no catalogue knows.

    Examples
    --------
    >>> from netwerk.i18n import using
    >>> with using("en"):
    ...     action_label(None, "aanhouding")
    'Arrest (pre-trial detention decided by prosecutor and court)'
    >>> action_label(None, "eigen_actie", "Eigen actie")
    'Eigen actie'
    """
    cat = getattr(model, "catalogue", None)
    if cat is None:
        from ..interventions.catalogue import default_catalogue

        cat = default_catalogue()
    aid = str(action_id)
    if aid in cat:
        return cat[aid].label()
    return str(fallback if fallback is not None and str(fallback) else aid)


def partner_name(partner: str) -> str:
    """The name users read for a partner id on the map, in the output's language: the
    catalogue's name (:func:`netwerk.interventions.plan.partner_label`), "afgeschermde bron" /
    "masked source" for a masked source, else the id as given.

    Examples
    --------
    >>> from netwerk.i18n import using
    >>> with using("en"):
    ...     partner_name("politie"), partner_name("afgeschermde bron")
    ('Police', 'masked source')
    """
    from ..interventions.plan import partner_label
    from ..privacy import MASKED_SOURCE

    if str(partner) == MASKED_SOURCE:
        return _("afgeschermde bron")
    return partner_label(None, str(partner))


def kind_label(kind: str) -> str:
    """The name users read for a node kind (``label_nl`` / ``label_en`` of the data model).

    Examples
    --------
    >>> kind_label("company")
    'onderneming'
    """
    from ..interventions.plan import kind_label as _kind_label

    return _kind_label(kind)


def relation_label(kind: str) -> str:
    """The name users read for a relation kind (never the identifier).

    Examples
    --------
    >>> relation_label("registered_at")
    'ingeschreven op'
    """
    rk = default_model().relation_kinds.get(str(kind))
    return rk.label(language()) if rk is not None else str(kind).replace("_", " ")


@functools.lru_cache(maxsize=4)
def _shipped_stage_labels(lang: str) -> dict[str, str]:
    from ..interventions import load_barrier_model, shipped_models

    out: dict[str, str] = {}
    for m in shipped_models():
        try:
            bm = load_barrier_model(m)
        except Exception:  # noqa: BLE001 - a broken model must not stop a map
            continue
        for st in bm.stages:
            out.setdefault(st.id, (st.label_en if lang == "en" else "") or st.label_nl)
    return out


def stage_label_map(model: Any = None, stages: Sequence[str] = ()) -> dict[str, str]:
    """Stage id -> the name users read: from ``model`` (a BarrierModel), else from the shipped
    barrier models; a stage no model names keeps its id with spaces for underscores."""
    lang = language()
    out = dict(_shipped_stage_labels(lang))
    if model is not None:
        for st in model.stages:
            out[st.id] = (getattr(st, "label_en", "") if lang == "en" else "") or st.label_nl
    for s in stages:
        out.setdefault(str(s), str(s).replace("_", " "))
    return out


def node_aliases(net: Network, vital: pd.DataFrame | None = None) -> pd.Series:
    """Short readable aliases per node: the kind's letter and its rank within the kind.

    The letter is ``alias`` of the node kind in the data model (person ``P``, company ``B``,
    address ``A``, property ``O``, vehicle ``V``, phone ``T``, account ``R``, permit ``G``; ``X``
    for kinds the model does not know). Within a kind, nodes are numbered by vital rank (ranked
    nodes first), then by vital score or degree (descending), then by node id, so the aliases are
    the same for the same case and seed. Numbers have at least two digits (``P07``, ``B03``).

    Parameters
    ----------
    net : Network
    vital : pd.DataFrame, optional
        A vital table (``rank``, ``vital_score``) indexed by node id.

    Returns
    -------
    pd.Series
        Alias per node id, in network order.

    Examples
    --------
    >>> from netwerk.datasets import krackhardt_kite
    >>> kite = krackhardt_kite()
    >>> node_aliases(kite).loc[["Heather", "Fernando", "Diane"]].tolist()  # by degree, no ranking
    ['P08', 'P02', 'P01']
    """
    idx = net.nodes.index
    kinds = (net.nodes["kind"].astype(str) if "kind" in net.nodes.columns
             else pd.Series("", index=idx))
    letters = {k: str((v or {}).get("alias") or "X") for k, v in default_model().node_kinds.items()}
    deg = pd.Series(net.simple_graph.degree(), index=idx, dtype=float)
    if vital is not None and len(vital):
        v = vital.copy()
        v.index = v.index.astype(str)
        v = v[~v.index.duplicated()].reindex(idx)
        rank = pd.to_numeric(v["rank"], errors="coerce") if "rank" in v.columns else pd.Series(
            np.nan, index=idx)
        score = (pd.to_numeric(v["vital_score"], errors="coerce") if "vital_score" in v.columns
                 else deg)
    else:
        rank, score = pd.Series(np.nan, index=idx), deg
    frame = pd.DataFrame({"kind": kinds.to_numpy(), "rank": rank.fillna(np.inf).to_numpy(),
                          "score": (-score.fillna(-1.0)).to_numpy(), "deg": (-deg).to_numpy(),
                          "nid": idx.astype(str)}, index=pd.Index(idx, name=None))
    frame = frame.sort_values(["kind", "rank", "score", "deg", "nid"], kind="stable")
    out = pd.Series("", index=idx, dtype=object)
    for kind, grp in frame.groupby("kind", sort=False):
        width = max(2, len(str(len(grp))))
        letter = letters.get(str(kind), "X")
        out.loc[grp.index] = [f"{letter}{i:0{width}d}" for i in range(1, len(grp) + 1)]
    return out


def _band(c: float) -> str:
    if c >= 0.9:
        return _("zeer hoog")
    if c >= 0.7:
        return _("hoog")
    if c >= 0.4:
        return _("gemiddeld")
    return _("laag")


def measure_rows(row: Mapping[str, Any], *, limit: int = 6) -> list[list[str]]:
    """The click panel's measures in plain Dutch: the score components where the node stands
    out (largest first), each ``[name, level, hover]``; the hover text gives the technical name,
    the measured value and what it means (:data:`netwerk.analysis.vital.REGISTRY`)."""
    from ..analysis.vital import REGISTRY

    found = []
    for name, comp in REGISTRY.items():
        c = row.get(f"c_{name}")
        try:
            c = float(c)
        except (TypeError, ValueError):
            continue
        if math.isnan(c) or c <= 0:
            continue
        raw = _fmt(row.get(comp.column))
        level = (_("ja") if comp.transform == "flag" else _band(c))
        hover = _("{naam}: {uitleg} (technisch: {kolom} = {waarde})", naam=_(comp.label_nl),
                  uitleg=_(comp.explain_nl), kolom=comp.column, waarde=raw or "—")
        found.append((-c, name, [_(comp.label_nl), level, hover, _(comp.explain_nl)]))
    found.sort(key=lambda t: (t[0], t[1]))
    return [f[2] for f in found[:limit]]


def _fmt(v: Any) -> str | None:
    """Numbers for people: integers as such, others with 3 significant digits."""
    if v is None or v is pd.NA:
        return None
    if isinstance(v, bool | np.bool_):
        return _("ja") if v else _("nee")
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
        col = r if r in row else f"brokerage_{r}"
        if col in row:
            try:
                x = float(row[col])
            except (TypeError, ValueError):
                continue
            if not math.isnan(x) and x > best_v:
                best, best_v = r, x
    return best


def candidate_records(candidates: pd.DataFrame | None, ids: pd.Index,
                      package: pd.DataFrame | None = None) -> dict[str, list[dict[str, Any]]]:
    """"Wie kan wat": the candidate interventions per target node, for the click panel.

    Accepts :func:`netwerk.interventions.candidate_interventions` output (``target``, ``partner``,
    ``action_id``, ``name_nl``, ``spectrum``, ``legal_basis``, ``effort_days``, ``lead_time``,
    ``expected_effect``) or any table with a node column (``target``/``node_id``/``node``, else
    the index) and an action column (``name_nl``, ``action``, ``name``, ``instrument``,
    ``action_id``). Actions of ``package`` (a package's actions table) are marked ``pk`` and
    listed first; the others follow by expected effect.

    Returns
    -------
    dict
        Node id -> list of records ``partner, action, legal_basis, effort, spectrum, lead_time,
        effect`` (expected effect alone, 0–1, or None), ``pk`` (in the package), ``key``
        (``target|action_id``).
    """
    if candidates is None or not len(candidates):
        return {}
    c = candidates
    node_col = next((k for k in ("target", "node_id", "node", "id") if k in c.columns), None)
    nodes = (c[node_col] if node_col else pd.Series(c.index, index=c.index)).astype(str)
    act_col = next((k for k in ("name_nl", "action", "name", "instrument", "action_name",
                                "action_id") if k in c.columns), None)
    in_pkg: set[tuple[str, str]] = set()
    if package is not None and len(package) and {"target", "action_id"} <= set(package.columns):
        in_pkg = {(str(t), str(a)) for t, a in zip(package["target"], package["action_id"],
                                                   strict=True)}
    out: dict[str, list[dict[str, Any]]] = {}
    wanted = set(ids)
    for i, (node, row) in enumerate(zip(nodes, c.to_dict("records"), strict=True)):
        if node not in wanted:
            continue
        aid = _fmt(row.get("action_id")) or ""
        eff = row.get("expected_effect")
        try:
            eff = None if eff is None or pd.isna(eff) else round(float(eff), 4)
        except (TypeError, ValueError):
            eff = None
        days = row.get("effort_days")
        effort = None
        if days is not None and not pd.isna(days):
            d = float(days)
            effort = ngettext("{d} persondag", "{d} persondagen",
                              int(d) if d.is_integer() else 2, d=_fmt(d))
        out.setdefault(node, []).append({
            "partner": _fmt(row.get("partner")) or "",
            "action": ((action_label(None, row["action_id"], _fmt(row[act_col]))
                        if act_col == "name_nl" and "action_id" in row else None)
                       or (_fmt(row[act_col]) if act_col else None)
                       or _("interventie {i}", i=i + 1)),
            "legal_basis": _fmt(row.get("legal_basis")) or "",
            "effort": effort or "",
            "spectrum": spectrum_label(row.get("spectrum")),
            "lead_time": lead_time_label(row.get("lead_time")),
            "effect": eff,
            "pk": (node, aid) in in_pkg,
            "key": f"{node}|{aid}",
        })
    for lst in out.values():
        lst.sort(key=lambda r: (not r["pk"], -(r["effect"] or 0.0), r["partner"], r["action"]))
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
    candidates: dict[str, list[dict[str, Any]]],
    audience: Audience,
    attributes: pd.DataFrame,
    show_labels: str,
    aliases: pd.Series | None = None,
    stage_labels: Mapping[str, str] | None = None,
    roles: Mapping[str, str] | None = None,
    stability: Any = None,
) -> list[dict[str, Any]]:
    """One JSON-able record per shown node: position, style inputs and the click panel.

    ``attributes`` is :func:`netwerk.viz.profiles.visible_attributes` of the network; ``aliases``
    the short labels (:func:`node_aliases`); ``stage_labels`` stage id -> name users read;
    ``roles`` node id -> role in the chain (e.g. "elektricien"); ``stability`` a
    :class:`netwerk.viz.certainty.RankStability` (each ranked node's record gets ``stab``: its
    interval and mark, shown at the top of the click panel and in the ranked list).
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
    has_stage = "stage" in nodes.columns
    has_aliases = "aliases" in nodes.columns
    node_rows = nodes.to_dict("records")
    vital_rows = v.to_dict("records")
    plists = partners.tolist()
    size_list = sizes.tolist()
    deg_list = degree.loc[list(ids)].tolist()
    stage_labels = stage_labels or {}
    roles = roles or {}
    n_ranked = int(v["rank"].notna().sum()) if vital_given else 0
    out = []
    for i, nid in enumerate(ids):
        row = node_rows[i]
        vr = vital_rows[i]
        rank = vr["rank"]
        is_vital = bool(vital_given and not pd.isna(rank) and rank <= highlight_top)
        is_key = nid in key_players
        label = _fmt(row["label"]) or nid
        alias = str(aliases[nid]) if aliases is not None else None
        # a pseudonym as label is unreadable at meeting scale: the alias stands in for it
        shown = alias if alias and label == nid else label
        stage = _fmt(row["stage"]) if has_stage else None
        kind = str(row["kind"])
        fields = [[_("Pseudoniem"), nid]]
        if alias:
            fields.insert(0, [_("Kaartnaam"), alias])
        if label not in (nid, shown):
            fields.append([_("Label"), label])
        fields.append([_("Soort"), kind_label(kind)])
        fields.append([_("Schakel"), stage_labels.get(stage, stage) if stage else "—"])
        if roles.get(nid):
            fields.append([_("Rol in de keten"), roles[nid]])
        plist = plists[i] if audience.show_partner_names else []
        if plist:
            fields.append([_("Bekend bij"), ", ".join(partner_name(p) for p in plist)])
        if audience.show_aliases and has_aliases:
            al = _as_list(row["aliases"])
            if al:
                fields.append([_("Andere pseudoniemen"), ", ".join(al)])
        measures: list[list[str]] = []
        if vital_given:
            if not pd.isna(rank):
                measures.append([_("Plaats in de rangorde"),
                                 _("{r} van {n}", r=_fmt(rank), n=n_ranked),
                                 _("rang op de vitale score (1 = meest vitaal)"), ""])
            vs = _fmt(vr["vital_score"]) or "—"
            measures.append([_("Vitale score"), vs.replace(".", ",") if language() == "nl" else vs,
                             _("gewogen som van de onderdelen hieronder, 0 tot 1"), ""])
            role = _brokerage_role(vr)
            if role:
                measures.append([_("Rol als makelaar"), _(ROLE_NL[role]) if role in ROLE_NL
                                 else role, _("Gould–Fernandez-makelaarsrol"), ""])
            measures.extend(measure_rows(vr))
        else:
            measures.append([_("Aantal relaties"), str(int(deg_list[i])),
                             _("technisch: degree"), ""])
        out.append({
            "id": nid,
            "alias": alias,
            "label": shown,
            "show_label": show_labels == "all" or is_vital or is_key,
            "kind": kind,
            "kind_label": kind_label(kind),
            "stage": stage or _NONE,
            "stage_label": stage_labels.get(stage, stage) if stage else _("geen schakel"),
            "partners": plist if plist else [],
            "x": round(float(xy[i, 0]), 1),
            "y": round(float(xy[i, 1]), 1),
            "size": float(size_list[i]),
            "vital": is_vital,
            "rank": None if pd.isna(rank) else int(rank),
            "stab": (stability.record(nid) if stability is not None and vital_given
                     and not pd.isna(rank) else None),
            "key": is_key,
            "fields": fields,
            "measures": measures,
            "reason": _fmt(vr.get("reason")) if vital_given else None,
            "candidates": candidates.get(nid, [])[:16],
            "package": [],
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
                "kind_label": relation_label(key[2]), "family": relation_style(key[2])["group"],
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
                r.append([_("Partner"), partner_name(p)])
            grade = "".join(s for s in (_fmt(rec.get("grading_source")),
                                        _fmt(rec.get("grading_information"))) if s)
            if grade or (gs is not None and not pd.isna(gs)):
                r.append([_("Betrouwbaarheid"),
                          f"{grade or '?'} ({_fmt(gs) if gs is not None else '—'})"])
            for c, name in (("observed", _("Waargenomen")), ("valid_from", _("Geldig vanaf")),
                            ("valid_to", _("Geldig tot")), ("legal_basis", _("Grondslag"))):
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
    """Node kinds, relation kinds (with their families), stages and partners on the map, with
    counts and the names users read (``label``)."""
    kinds = pd.Series([n["kind"] for n in nodes], dtype=object).value_counts()
    rels = pd.Series([e["kind"] for e in edges], dtype=object).value_counts()
    stage_names = {n["stage"]: n["stage_label"] for n in nodes}
    stages = pd.Series([n["stage"] for n in nodes], dtype=object).value_counts()
    partners: dict[str, int] = {}
    for n in nodes:
        for p in n["partners"] or [_NONE]:
            partners[p] = partners.get(p, 0) + 1
    order = {s: i for i, s in enumerate(dict.fromkeys(n["stage"] for n in nodes))}
    stage_order = [n.get("stage_order") for n in nodes]
    if any(o is not None for o in stage_order):
        order = {n["stage"]: (n.get("stage_order") if n.get("stage_order") is not None else 10**6)
                 for n in nodes}
    relations = [{"name": k, "label": relation_label(k), "count": int(c), **relation_style(k)}
                 for k, c in sorted(rels.items(), key=lambda kv: str(kv[0]))]
    fams: dict[str, dict[str, Any]] = {}
    for r in relations:
        f = fams.setdefault(r["group"], {"name": r["group"],
                                         "label": _(RELATION_FAMILIES[r["group"]]["label"]),
                                         "color": r["color"], "dashes": r["dashes"],
                                         "count": 0, "kinds": []})
        f["count"] += r["count"]
        f["kinds"].append(r["label"])
    return {
        "kinds": [{"name": k, "label": kind_label(k), "count": int(c), **node_style(k)}
                  for k, c in sorted(kinds.items(), key=lambda kv: str(kv[0]))],
        "relations": relations,
        "families": [fams[k] for k in RELATION_FAMILIES if k in fams],
        "stages": [{"name": k, "label": (stage_names.get(k) if k != _NONE else _("geen schakel")),
                    "count": int(c)}
                   for k, c in sorted(stages.items(),
                                      key=lambda kv: (kv[0] == _NONE, order.get(kv[0], 0),
                                                      str(kv[0])))],
        "partners": [{"name": k, "label": partner_name(k) if k != _NONE else _("geen partner"),
                      "count": c}
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
