"""Offline, self-contained interactive network maps.

:func:`write_map` writes ONE HTML file that opens from a USB stick on a laptop without internet:
the vis-network JavaScript that ships inside the pyvis wheel is inlined into netwerk's own
autoescaped template, the data travels as escaped JSON in a ``<script type="application/json">``
block, every partner string is shown with DOM ``textContent`` (never ``innerHTML``), and a strict
Content-Security-Policy forbids every request (the two scripts and the style sheet are allowed
only by their SHA-256 hashes).
"""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import html
import json
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import numpy as np
import pandas as pd

from .. import __version__, io
from ..errors import GraphError, InputError, Reason
from ..governance.editions import Edition, edition_network
from ..graph import Network
from ..i18n import _, language, ngettext
from .certainty import RankStability, grading_policy_text, timeline_records
from .guard import check_no_raw_identifiers
from .layout import MAP_LAYOUTS, barrier_layout, compute_layout
from .payload import (
    _NONE,
    action_label,
    candidate_records,
    edge_records,
    kind_label,
    legend,
    node_aliases,
    node_records,
    partner_name,
    stage_label_map,
    vital_table,
    walk_strings,
)
from .profiles import bind_audience, load_audience, visible_attributes
from .styles import KEY_PLAYER_COLOUR, PACKAGE_COLOUR, VITAL_COLOUR
from .whatif import whatif_data

__all__ = ["MapResult", "write_map", "render_map", "show_map", "select_nodes", "vis_network_js",
           "PHYSICS_LIMIT", "LABEL_LIMIT"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

#: Above this many shown nodes physics is off (positions precomputed with igraph only).
PHYSICS_LIMIT = 1000
#: Above this many shown nodes only vital nodes and key players carry a visible label.
LABEL_LIMIT = 300


@dataclass(frozen=True)
class MapResult:
    """What :func:`write_map` wrote.

    Attributes
    ----------
    path : Path
        The HTML file.
    n_nodes_shown, n_nodes_total : int
        Nodes on the map and in the network.
    left_out : dict
        ``nodes``, ``relations`` (records) and ``by_kind`` counts that the map does not show.
    audience : str
        The audience profile applied.
    """

    path: Path
    n_nodes_shown: int
    n_nodes_total: int
    left_out: dict[str, Any] = field(default_factory=dict)
    audience: str = "case-meeting"
    n_edges_shown: int = 0
    physics: bool = True


# ----------------------------------------------------------------------------- assets
@lru_cache(maxsize=1)
def vis_network_js() -> str:
    """The vis-network standalone JavaScript shipped inside the installed pyvis package.

    The newest ``vis-*/vis-network.min.js`` under pyvis's ``templates/lib`` (or ``lib``) is used,
    with its source-map comment removed (nothing may point outside the file).
    """
    import pyvis

    base = Path(pyvis.__file__).parent
    found = sorted(base.glob("templates/lib/vis-*/vis-network.min.js")) or sorted(
        base.glob("lib/vis-*/vis-network.min.js"))
    if not found:
        raise InputError(_("vis-network.min.js niet gevonden in het geïnstalleerde pakket pyvis "
                           "({pad}); installeer pyvis>=0.3.2 opnieuw", pad=base),
                         reason=Reason.FILE_NOT_FOUND)

    def version(p: Path) -> tuple[int, ...]:
        return tuple(int(x) for x in re.findall(r"\d+", p.parent.name))

    path = max(found, key=version)
    js = path.read_text(encoding="utf-8")
    js = re.sub(r"//[#@] sourceMappingURL=\S*", "", js)
    if re.search(r"</script|<!--", js, re.I):  # would end the inline script early
        js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.I).replace("<!--", "<\\!--")
    return js


@lru_cache(maxsize=1)
def _app_js() -> str:
    """The map's script, with the timeline colours of every output filled in (one definition:
    :data:`netwerk.viz.certainty.TIMELINE_COLOURS`)."""
    import json

    from .certainty import TIMELINE_COLOURS

    js = resources.files("netwerk").joinpath("data/templates/map_app.js.j2").read_text("utf-8")
    return js.replace("__TL_COLOURS__", json.dumps(TIMELINE_COLOURS, sort_keys=True))


@lru_cache(maxsize=1)
def _css() -> str:
    return resources.files("netwerk").joinpath("data/templates/map_style.css.j2").read_text("utf-8")


@lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    from .. import i18n

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("netwerk", "data/templates"),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(gettext=i18n.gettext, ngettext=i18n.ngettext,  # type: ignore[attr-defined]
                                  newstyle=False)
    return env.get_template("map.html.j2")


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def _json_for_script(obj: Any) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>``, ``&``, U+2028/9."""
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


# ----------------------------------------------------------------------------- selection
def select_nodes(
    net: Network,
    *,
    vital: pd.DataFrame | None = None,
    key_players: Iterable[str] | None = None,
    max_nodes: int = 3000,
) -> tuple[list[str], int]:
    """The nodes a map shows: all of them, or the neighbourhood of the most vital nodes.

    Parameters
    ----------
    net : Network
    vital : pd.DataFrame, optional
        Vital table (``rank`` or ``vital_score``); without it nodes are taken by degree.
    key_players : iterable of str, optional
        Taken first.
    max_nodes : int
        Most nodes to show.

    Returns
    -------
    (list of str, int)
        The node ids in network order, and how many seed nodes' ego networks were (partly) taken.

    Notes
    -----
    Greedy, deterministic: seeds are the key players, then nodes by vital rank (or by degree,
    ties by node id); for each seed the seed itself and then its direct neighbours (largest
    degree first, ties by id) are added until ``max_nodes`` is reached.
    """
    n = net.n_nodes
    if max_nodes < 1:
        raise GraphError(_("'{naam}' moet minstens 1 zijn", naam="max_nodes"))
    if n <= max_nodes:
        return list(net.nodes.index), 0
    g = net.simple_graph
    ids = net.nodes.index
    degree = np.asarray(g.degree(), dtype=float)
    if vital is not None and ("rank" in vital.columns or "vital_score" in vital.columns):
        vt = vital_table(net, vital)
        rank = vt["rank"].to_numpy(dtype=float)
        rank = np.where(np.isnan(rank), np.inf, rank)
        order = np.lexsort((ids.to_numpy(dtype=str), rank))
    else:
        order = np.lexsort((ids.to_numpy(dtype=str), -degree))
    kp = [int(i) for i in net.positions([str(k) for k in key_players])] if key_players else []
    chosen: dict[int, None] = {}
    seeds = 0
    for s in [*kp, *order.tolist()]:
        if len(chosen) >= max_nodes:
            break
        seeds += 1
        chosen[s] = None
        nb = g.neighbors(s)
        nb = sorted(nb, key=lambda v: (-degree[v], ids[v]))
        for v in nb:
            if len(chosen) >= max_nodes:
                break
            chosen[v] = None
    pos = sorted(chosen)
    return [ids[i] for i in pos], seeds


# ----------------------------------------------------------------------------- rendering
def _ui_strings() -> dict[str, str]:
    """Every text the page's script writes, in the current language (the script has no
    catalogue of its own)."""
    return {
        "legend_vital": _("rand en nummer: de {n} meest vitale knooppunten (grootte = vitale score)"),
        "legend_degree": _("Grootte = aantal relaties (geen vitale scores gegeven)."),
        "legend_key": _("sleutelspeler (KPP)"),
        "legend_package": _("doelwit van een actie in het pakket"),
        "legend_graded": _("goed beoordeelde relatie (A1 = dik, dekkend)"),
        "legend_ungraded": _("zwak of niet beoordeelde relatie"),
        "flag_vital": _("een van de {n} meest vitale knooppunten"),
        "flag_key": _("sleutelspeler"),
        "measures": _("Waarom dit knooppunt telt"),
        "why": _("Waarom vitaal"),
        "in_package": _("In het pakket"),
        "who_can": _("Wie kan wat"),
        "no_candidates": _("Geen kandidaat-interventies op dit knooppunt."),
        "attributes": _("Kenmerken"),
        "notes": _("Notities"),
        "note_placeholder": _("notitie bij dit knooppunt (blijft in deze pagina tot u exporteert)"),
        "note_save": _("Notitie bewaren"),
        "note_saved": _("bewaard"),
        "from": _("Van"), "to": _("Naar"), "records": _("Registraties"),
        "partners": _("Partners"), "best_grading": _("Beste beoordeling"),
        "record": _("Registratie {i}"),
        "not_found": _("Niet op deze kaart."),
        "hidden": _("Gevonden, maar verborgen door een filter."),
        "all_none": _("alles / niets"),
        "f_kind": _("Soort knooppunt"), "f_stage": _("Schakel in de keten"),
        "f_partner": _("Partner"), "f_relation": _("Soort relatie"),
        "effect_alone": _("effect alleen {x}"),
        "effect_added": _("voegt {x} toe aan het pakket"),
        "legal_basis": _("grondslag"),
        "off": _("uitgezet"),
        "needs": _("vraagt eerst: {a}"),
        "wi_effect": _("Verwacht effect"),
        "wi_effect_help": _("0 = geen effect, 1 = het hoogst haalbare; verwachting over de kans "
                            "dat elke actie slaagt (schade, verstoring, afpakken, weerbaarheid)"),
        "wi_lcc": _("grootste samenhangende deel kleiner met {x}"),
        "wi_eff": _("bereikbaarheid lager met {x}"),
        "wi_chain_p": _("kans dat de keten breekt: {x}"),
        "wi_chain_ok": _("Keten blijft heel, ook als alle acties slagen."),
        "wi_chain_broken": _("Keten breekt als alle acties slagen."),
        "wi_chain_gone": _("geen actieve leverancier meer in: {s}"),
        "wi_not_pre": _("Deze combinatie is niet vooraf berekend (pakket met meer dan {n} "
                        "acties); zet één actie of partner tegelijk aan of uit."),
        "wi_package_full": _("hele pakket: {x}"),
        "wi_parts": _("onderdelen (0 tot 1): {x}"),
        "wi_euro": _("verwacht af te pakken: {x}"),
        "wi_actions": _("Acties"), "wi_partners": _("Partners"),
        "wi_count": _("{k} van {n} acties aan"),
        "wi_stage": _("Schakel"), "wi_before": _("nu"), "wi_after": _("na het pakket"),
        "barrier_none": _("geen barrière voorgesteld"),
        "barrier_more": _("en nog {n}"),
        "exported": _("Notities geëxporteerd: {n}"),
        "export_none": _("Nog geen notities om te exporteren."),
        "tl_title": _("tijdlijn van de casus"),
        "tl_undated": _("{n} registraties zonder datum staan niet op de tijdlijn."),
        "tl_after": _("{n} gebeurtenissen na de peildatum {date} (zoals geplande einddatums) "
                      "staan niet op de tijdlijn."),
    }


def _num(x: int) -> str:
    """A count in the current language's notation (Dutch ``2.000``, English ``2,000``)."""
    from babel.numbers import format_decimal

    return format_decimal(int(x), locale="nl_NL" if language() == "nl" else "en_GB")


def _resolve_plan(plan: Any, candidates: pd.DataFrame | None, package: Any
                  ) -> tuple[pd.DataFrame | None, Any]:
    if plan is not None:
        candidates = candidates if candidates is not None else getattr(plan, "candidates", None)
        package = package if package is not None else getattr(plan, "package", None)
    return candidates, package


def _roles(candidates: pd.DataFrame | None) -> dict[str, str]:
    if candidates is None or not len(candidates) or not {"target", "role"} <= set(
            candidates.columns):
        return {}
    r = candidates[["target", "role"]].dropna().astype(str)
    r = r[r["role"].str.strip() != ""].drop_duplicates("target")
    return dict(zip(r["target"], r["role"], strict=True))


def _barrier_cells(nodes: list[dict], candidates: pd.DataFrame | None, package: Any,
                   aliases: Mapping[str, str],
                   stage_names: Mapping[str, str], model: Any = None) -> list[dict[str, Any]]:
    """Barriers per stage × partner: the package's actions (and the other candidates) on the
    nodes of each stage, for the barrier-model layout."""
    stage_of = {n["id"]: n["stage"] for n in nodes}
    cells: dict[tuple[str, str], dict[str, Any]] = {}
    seen: set[tuple[str, str]] = set()
    frames = []
    if package is not None and getattr(package, "actions", None) is not None and len(
            package.actions):
        frames.append((package.actions, True))
    if candidates is not None and len(candidates) and {"target", "partner"} <= set(
            candidates.columns):
        frames.append((candidates, False))
    for df, pk in frames:
        name_col = "name_nl" if "name_nl" in df.columns else "action_id"
        aid_col = "action_id" if "action_id" in df.columns else name_col
        for t, p, nm, aid in zip(df["target"].astype(str), df["partner"].astype(str),
                                 df[name_col].astype(str), df[aid_col].astype(str), strict=True):
            nm = action_label(model, aid, nm)  # the output's language, not the table's
            env = t.split(":", 1)[1] if t.startswith("fase:") else None
            if (t not in stage_of and env is None) or (t, aid) in seen:
                continue
            seen.add((t, aid))
            st = stage_of.get(t, env)
            c = cells.setdefault((st, p), {"stage": st, "partner": p, "items": [], "pk": 0})
            c["items"].append({"action": nm, "alias": aliases.get(t) or stage_names.get(st, st),
                               "pk": pk, "target": t})
            c["pk"] += int(pk)
    out = []
    for c in cells.values():
        c["items"].sort(key=lambda it: (not it["pk"], it["action"], it["alias"]))
        c["n"] = len(c["items"])
        c["items"] = c["items"][:8]
        out.append(c)
    return sorted(out, key=lambda c: (c["stage"], -c["pk"], c["partner"]))


def _barrier_columns(net: Network, stage: list[Any], stages: Sequence[str],
                     vt: pd.DataFrame) -> tuple[list[Any], np.ndarray]:
    """The column of each node in the barrier layout, and its order inside the column.

    A node with a stage of the chain sits in that stage's column. A node without one (an
    address, a phone, a person the stage rules did not place) joins the column of the stage most
    of its staged neighbours have (earliest stage on a tie), below the staged nodes; with no
    staged neighbour it goes to the last column ("geen schakel"). Inside a column: staged nodes
    by vital rank, then attached nodes by vital rank, then by degree.
    """
    index = {s: i for i, s in enumerate(stages)}
    g = net.simple_graph
    staged = [s if isinstance(s, str) and s in index else None for s in stage]
    rank = vt["rank"].to_numpy(dtype=float)
    deg = np.asarray(g.degree(), dtype=float)
    out: list[Any] = list(staged)
    key = np.where(np.isnan(rank), 1e5 - deg, rank)
    for v, s in enumerate(staged):
        if s is not None:
            continue
        votes: dict[str, int] = {}
        for u in g.neighbors(v):
            if staged[u] is not None:
                votes[staged[u]] = votes.get(staged[u], 0) + 1
        if votes:
            out[v] = max(votes, key=lambda k: (votes[k], -index[k]))
        key[v] += 1e6
    return out, key


def render_map(
    net: Network,
    *,
    vital: pd.DataFrame | None = None,
    candidates: pd.DataFrame | None = None,
    key_players: Sequence[str] | None = None,
    audience: str = "case-meeting",
    partner: str | None = None,
    layout: str = "auto",
    seed: int = 0,
    max_nodes: int = 3000,
    title: str | None = None,
    highlight_top: int = 10,
    plan: Any = None,
    package: Any = None,
    model: Any = None,
    alternatives: Mapping[str, Any] | None = None,
    stage_labels: Mapping[str, str] | None = None,
    date: str | None = None,
    annotations: pd.DataFrame | None = None,
    stability: RankStability | pd.DataFrame | None = None,
    timeline: bool | pd.DataFrame | None = None,
) -> tuple[str, MapResult]:
    """The map's HTML as a string plus its :class:`MapResult` (``path`` is empty).

    Same parameters as :func:`write_map`.
    """
    if layout not in MAP_LAYOUTS:
        raise GraphError(_("onbekende layout '{layout}' (kies uit {bekend})", layout=layout,
                           bekend=", ".join(MAP_LAYOUTS)))
    candidates, package = _resolve_plan(plan, candidates, package)
    aud = bind_audience(net, load_audience(audience, partner=partner))
    # need-to-know: provenance that itself reveals a protected fact (a node only the tax-debtor or
    # police-suspect extract names) is masked for everyone but that partner (netwerk.governance)
    net = edition_network(net, Edition("partner", aud.partner) if aud.partner
                          else Edition("casusoverleg"))
    attributes = visible_attributes(net, aud)
    kp = {str(k) for k in (key_players or [])}
    unknown = kp.difference(net.nodes.index)
    if unknown:
        raise GraphError(_("sleutelspeler(s) niet in het netwerk: {ids}",
                           ids=", ".join(sorted(unknown)[:3])),
                         reason=Reason.UNKNOWN_NODE)
    ids, seeds = select_nodes(net, vital=vital, key_players=sorted(kp), max_nodes=max_nodes)
    total = net.n_nodes
    shown_net = net if len(ids) == total else net.subgraph(ids)
    ids = list(shown_net.nodes.index)
    vt = vital_table(net, vital)
    stages = [str(x) for x in (getattr(model, "stage_ids", None) or net.meta.get("stages") or [])]
    labels = stage_label_map(model, stages)
    if stage_labels:
        labels.update({str(k): str(v) for k, v in stage_labels.items()})
    aliases = node_aliases(net, vital)
    columns: list[dict[str, Any]] = []
    if layout == "barrier":
        st = (shown_net.nodes["stage"].tolist() if "stage" in shown_net.nodes.columns
              else [None] * len(ids))
        if not stages:
            stages = sorted({s for s in st if isinstance(s, str)})
        col_stage, key = _barrier_columns(shown_net, st, stages, vt.loc[ids])
        xy, columns = barrier_layout(col_stage, stages, order=key)
        for c in columns:
            c["label"] = labels.get(c["stage"], c["stage"]) if c["stage"] else _("geen schakel")
            c["stage"] = c["stage"] or _NONE
    else:
        xy = compute_layout(shown_net.simple_graph, method=layout, seed=seed,
                            spread=100.0 if len(ids) <= LABEL_LIMIT else 60.0)
    pkg_actions = getattr(package, "actions", None)
    stab = _as_stability(stability, vital_given=vital is not None)
    nodes = node_records(
        shown_net, ids, xy, vital=vt, vital_given=vital is not None,
        highlight_top=highlight_top, key_players=kp,
        candidates=candidate_records(candidates, shown_net.nodes.index, pkg_actions),
        audience=aud, attributes=attributes,
        show_labels="all" if len(ids) <= LABEL_LIMIT else "highlighted",
        aliases=aliases, stage_labels=labels, roles=_roles(candidates), stability=stab,
    )
    order = {s: i for i, s in enumerate(stages)}
    for n in nodes:
        n["stage_order"] = order.get(n["stage"])
    alias_map = {str(k): str(v) for k, v in aliases.items()}
    whatif = None
    if package is not None and pkg_actions is not None and len(pkg_actions):
        bm = model
        if bm is None and net.meta.get("barrier_model"):
            from ..interventions import load_barrier_model

            bm = load_barrier_model(net.meta["barrier_model"])
        if bm is not None:
            whatif = whatif_data(net, bm, package, candidates=candidates,
                                 alternatives=alternatives, aliases=alias_map,
                                 stage_labels=labels)
        by_node = {n["id"]: n for n in nodes}
        for i, (t, p, nm) in enumerate(zip(pkg_actions["target"].astype(str),
                                           pkg_actions["partner"].astype(str),
                                           pkg_actions["name_nl"].astype(str), strict=True)):
            if t in by_node:
                by_node[t]["package"].append({"i": i, "partner": p, "action": action_label(
                    model, pkg_actions["action_id"].iloc[i], nm)})
    saved: dict[str, list[list[str]]] = {}
    if annotations is not None and len(annotations):
        for nid, text, when in zip(annotations["node_id"].astype(str),
                                   annotations["text"].astype(str), annotations["written_at"],
                                   strict=True):
            saved.setdefault(nid, []).append(
                ["" if when is None or pd.isna(when) else str(when)[:16], text])
    for n in nodes:
        n["notes"] = saved.get(n["id"], [])
        if n["package"]:
            first = n["package"][0]
            more = len(n["package"]) - 1
            short = first["action"] if len(first["action"]) <= 26 else first["action"][:25] + "…"
            n["package_label"] = (f"{partner_name(first['partner'])}: {short}"
                                  + (f" +{more}" if more else ""))
            n["show_label"] = True
    edges, graded = edge_records(shown_net, ids, aud)
    left_nodes = net.nodes.loc[~net.nodes.index.isin(ids), "kind"]
    left_out = {
        "nodes": int(total - len(ids)),
        "relations": int(net.n_edges - shown_net.n_edges),
        "by_kind": {str(k): int(c) for k, c in left_nodes.value_counts().sort_index().items()},
    }
    message = None
    if left_out["nodes"]:
        kinds = "; ".join(f"{kind_label(k)} {_num(c)}" for k, c in left_out["by_kind"].items())
        who = (ngettext("{n} meest vitale knooppunt", "{n} meest vitale knooppunten", seeds)
               if vital is not None else
               ngettext("{n} best verbonden knooppunt", "{n} best verbonden knooppunten", seeds))
        message = _("Deze kaart toont {shown} van {total} knooppunten: de {who} en hun directe "
                    "buren, tot {max} knooppunten. Weggelaten: {left} knooppunten ({kinds}) en "
                    "{rel} relaties.", shown=_num(len(ids)), total=_num(total), who=who,
                    max=_num(max_nodes), left=_num(left_out["nodes"]), kinds=kinds,
                    rel=_num(left_out["relations"]))
    physics = len(ids) <= PHYSICS_LIMIT and layout != "barrier"
    name = str(net.meta.get("case") or net.meta.get("name") or "")
    when = date if date is not None else _dt.date.today().isoformat()
    title = title or (_("Casusoverleg {naam}", naam=name) if name else _("Netwerkkaart"))
    cells = (_barrier_cells(nodes, candidates, package, alias_map, labels, model)
             if layout == "barrier" else [])
    tl = None
    if timeline is not None and timeline is not False:
        tl = _timeline(net, timeline, alias_map, ids, aud.partner, when)
    data = {
        "ranking": _ranking_list(nodes, highlight_top) if vital is not None else [],
        "timeline": tl,
        "meta": {
            "title": title, "date": when, "audience": aud.name,
            "audience_description": aud.description, "lang": language(),
            "n_total": total, "n_shown": len(ids), "n_edges": len(edges),
            "left_out": left_out, "message": message, "physics": physics, "graded": graded,
            "vital_given": vital is not None, "highlight_top": highlight_top,
            "has_key_players": bool(kp), "seed": seed, "version": __version__,
            "vital_colour": VITAL_COLOUR, "key_colour": KEY_PLAYER_COLOUR,
            "package_colour": PACKAGE_COLOUR, "layout": layout,
            "has_package": bool(pkg_actions is not None and len(pkg_actions)),
            "grading_policy": grading_policy_text(),
            "stability": ({**stab.provenance(), "explain": stab.explain()}
                          if stab is not None else None),
        },
        "t": _ui_strings(),
        **legend(nodes, edges),
        "nodes": nodes,
        "edges": edges,
        "whatif": whatif,
        "barrier": {"columns": columns, "cells": cells} if layout == "barrier" else None,
    }
    check_no_raw_identifiers(walk_strings(data), what=_("de kaart"))
    vis_js = vis_network_js()
    app_js = _app_js()
    css = _css()
    csp = ("default-src 'none'; "
           f"script-src '{_sha256(vis_js)}' '{_sha256(app_js)}'; "
           f"style-src '{_sha256(css)}'; img-src data:; font-src 'none'; connect-src 'none'; "
           "media-src 'none'; object-src 'none'; frame-src 'none'; worker-src 'none'; "
           "manifest-src 'none'; base-uri 'none'; form-action 'none'")
    page = _template().render(
        title=title, csp=csp, data_json=jinja2.utils.markupsafe.Markup(_json_for_script(data)),
        vis_js=jinja2.utils.markupsafe.Markup(vis_js), app_js=jinja2.utils.markupsafe.Markup(app_js),
        css=jinja2.utils.markupsafe.Markup(css), meta=data["meta"], version=__version__,
        audience_name=(_("casusoverleg") if aud.partner is None
                       else _("eigen zicht van {p}", p=aud.partner)),
        has_whatif=whatif is not None, is_barrier=layout == "barrier",
        has_ranking=bool(data["ranking"]), has_timeline=bool(tl and tl["events"]),
        n_shown=_num(len(ids)), n_total=_num(total), n_edges=_num(len(edges)),
    )
    res = MapResult(path=Path(), n_nodes_shown=len(ids), n_nodes_total=total, left_out=left_out,
                    audience=aud.name, n_edges_shown=len(edges), physics=physics)
    return page, res


def _as_stability(stability: Any, *, vital_given: bool) -> RankStability | None:
    """The rank intervals to show: a RankStability, a rank_stability table, or — for a ranked
    map without them — a note that none were computed."""
    if isinstance(stability, RankStability):
        return stability
    if isinstance(stability, pd.DataFrame):
        return RankStability.from_table(stability)
    if stability is None and vital_given:
        return RankStability.not_run(_("niet berekend (geen stabiliteitsanalyse meegegeven)"))
    return None


def _ranking_list(nodes: list[dict[str, Any]], top: int) -> list[dict[str, Any]]:
    """The side bar's ranked list: the ``2 × top`` best ranked nodes on the map, with their
    interval and mark."""
    ranked = sorted((n for n in nodes if n["rank"] is not None), key=lambda n: (n["rank"], n["id"]))
    return [{"id": n["id"], "alias": n["alias"] or n["label"], "kind": n["kind_label"],
             "rank": n["rank"], "stab": n.get("stab")} for n in ranked[:max(1, 2 * top)]]


def _timeline(net: Network, timeline: Any, aliases: Mapping[str, str], ids: Sequence[str],
              partner: str | None, reference_date: str) -> dict[str, Any]:
    """The timeline of the network as this audience sees it (``net`` is the edition's network:
    records of a masked source are their own category, "afgeschermde bron"); extra events of
    other partners are left out of a partner's own edition. The span ends at the map's date
    (``reference_date``): later events are not drawn."""
    from ..graph.time import timeline_data

    events = timeline if isinstance(timeline, pd.DataFrame) else None
    if events is not None and partner and "partner" in events.columns:
        events = events[events["partner"].astype(str).str.casefold() == partner.casefold()]
    return timeline_records(timeline_data(net, events=events, reference_date=reference_date),
                            aliases, shown=ids)


def write_map(
    net: Network,
    path: str | Path,
    *,
    vital: pd.DataFrame | None = None,
    candidates: pd.DataFrame | None = None,
    key_players: Sequence[str] | None = None,
    audience: str = "case-meeting",
    partner: str | None = None,
    layout: str = "auto",
    seed: int = 0,
    max_nodes: int = 3000,
    title: str | None = None,
    highlight_top: int = 10,
    plan: Any = None,
    package: Any = None,
    model: Any = None,
    alternatives: Mapping[str, Any] | None = None,
    stage_labels: Mapping[str, str] | None = None,
    date: str | None = None,
    annotations: pd.DataFrame | None = None,
    stability: RankStability | pd.DataFrame | None = None,
    timeline: bool | pd.DataFrame | None = None,
) -> MapResult:
    """Write an offline, self-contained interactive HTML map of a network.

    Parameters
    ----------
    net : Network
    path : path
        The HTML file to write (parent folders are created).
    vital : pd.DataFrame, optional
        :func:`netwerk.analysis.vital_nodes` output: sizes nodes by ``vital_score``, rings the
        ``highlight_top`` nodes by ``rank``, and shows measures, brokerage role and reason.
    candidates : pd.DataFrame, optional
        :func:`netwerk.interventions.candidate_interventions` output, listed per node under
        "wie kan wat" (partner, action, legal basis, effort).
    key_players : sequence of str, optional
        Node ids drawn with a dashed black ring (e.g. a KPP-Neg set).
    audience : str
        ``"case-meeting"`` (default) or ``"partner:<name>"``; see :mod:`netwerk.viz.profiles`.
    partner : str, optional
        Partner for ``audience="partner"``.
    layout : {"auto", "fr", "kk", "circle", "barrier"}
        igraph layout for the positions (see :func:`netwerk.viz.layout.compute_layout`), or
        ``"barrier"``: the value-chain stages as columns left to right, each node in its stage's
        column, and the barriers (actions) drawn per stage × partner
        (:func:`netwerk.viz.layout.barrier_layout`).
    seed : int
        Seed of the layout: same network and seed, same file.
    max_nodes : int
        Above this many nodes the map shows the neighbourhood of the vital nodes and says in the
        page what it left out (see :func:`select_nodes`).
    title : str, optional
        Page title (default: "Casusoverleg <case name>" from ``net.meta``, never a file path).
    highlight_top : int
        How many of the most vital nodes get the black ring and rank badge.
    plan : CasePlan, optional
        :meth:`netwerk.case.Case.plan` output: its ``candidates`` and ``package`` (unless given
        separately) put the package on the map: targets marked with partner and action, "in het
        pakket" and "wie kan wat" per node, and the what-if control (:mod:`netwerk.viz.whatif`).
    package : Package, optional
        :func:`netwerk.interventions.select_package` output.
    model : BarrierModel, optional
        The barrier model (stage order and Dutch stage names; the what-if evaluator). Default:
        the model named in ``net.meta["barrier_model"]``.
    alternatives : mapping, optional
        Other packages (label -> Package) the what-if control can switch to.
    stage_labels : mapping, optional
        Stage id -> name users read (default: the barrier model's ``label_nl``).
    date : str, optional
        Date shown under the title and the timeline's reference date: its span never runs past
        it (default: today, ISO).
    annotations : pd.DataFrame, optional
        Notes imported earlier (:func:`netwerk.annotations.read_annotations`), shown per node.
    stability : RankStability or pd.DataFrame, optional
        :meth:`netwerk.case.Case.stability` (or :func:`netwerk.analysis.rank_stability` output):
        the click panel and the ranked list show each node's rank interval and *zeker/onzeker*
        mark ("rang 3 (2–6), zeker") with a one-sentence explanation of how it was made. Without
        it the map says that no interval was computed.
    timeline : bool or pd.DataFrame, optional
        Draw the case's timeline under the map (:func:`netwerk.graph.time.timeline_data` of the
        network as this audience may see it): ``True``, or a table of extra events such as the
        interventions of the log (``date``, ``category``, ``node``, ``description``,
        ``partner``; a partner's edition gets its own only). Clicking an event highlights its
        nodes.

    The grading policy of the analysis (:func:`netwerk.viz.certainty.grading_policy_text`) is
    always shown.

    Returns
    -------
    MapResult

    Raises
    ------
    LeakError
        If any string the map would show looks like a raw identifier (:mod:`netwerk.viz.guard`).
    ConfigError
        For an unknown audience, or a partner that supplied nothing to the network.

    Examples
    --------
    >>> from netwerk import datasets
    >>> import tempfile, os
    >>> res = write_map(datasets.karate(), os.path.join(tempfile.mkdtemp(), "karate.html"))
    >>> res.n_nodes_shown, res.physics
    (34, True)
    """
    page, res = render_map(
        net, vital=vital, candidates=candidates, key_players=key_players, audience=audience,
        partner=partner, layout=layout, seed=seed, max_nodes=max_nodes, title=title,
        highlight_top=highlight_top, plan=plan, package=package, model=model,
        alternatives=alternatives, stage_labels=stage_labels, date=date,
        annotations=annotations, stability=stability, timeline=timeline,
    )
    out = io.write_html(page, Path(path))  # the guard reads the whole page: marking, title, data
    log.info(_("kaart geschreven ({getoond} van {totaal} knooppunten): {pad}",
               getoond=res.n_nodes_shown, totaal=res.n_nodes_total, pad=str(out)))
    return MapResult(path=out, n_nodes_shown=res.n_nodes_shown, n_nodes_total=res.n_nodes_total,
                     left_out=res.left_out, audience=res.audience, n_edges_shown=res.n_edges_shown,
                     physics=res.physics)


def show_map(net: Any, *, height: int = 650, **kwargs: Any):
    """The map inline in JupyterLab: an ``IPython.display.HTML`` sandboxed iframe.

    The iframe's ``srcdoc`` holds the same self-contained page as :func:`write_map` (attribute-
    escaped), with ``sandbox="allow-scripts allow-downloads"`` so the map cannot reach the
    notebook (the downloads permission lets analysts export their notes). Keyword arguments are
    those of :func:`write_map`.

    Parameters
    ----------
    net : Network or Case
        A :class:`netwerk.case.Case` is drawn as :meth:`~netwerk.case.Case.map` draws it (its
        ranking, its plan when ``plan=`` is given, its barrier model and name).
    height : int
        Pixels.

    Examples
    --------
    >>> from netwerk.datasets import krackhardt_kite
    >>> type(show_map(krackhardt_kite())).__name__
    'HTML'
    """
    from IPython.display import HTML

    if hasattr(net, "map_page"):
        page, _res = net.map_page(**kwargs)
    else:
        page, _res = render_map(net, **kwargs)
    return HTML(
        f'<div class="netwerk-map"><iframe sandbox="allow-scripts allow-downloads" '
        f'style="width:100%;height:{int(height)}px;border:0" '
        f'srcdoc="{html.escape(page, quote=True)}"></iframe></div>'
    )
