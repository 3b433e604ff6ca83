"""How the network changes: phase comparison of windows or snapshots, and temporal red flags.

* :func:`phase_comparison` ranks several windows or snapshots (e.g. the phases of an investigation,
  or before and after an intervention) and reports who rises and falls, who enters and leaves, and
  which components merge or split.
* :func:`before_after` is the comparison around one date (an intervention).
* :func:`red_flags` finds the classic temporal indicators of undermining, with their evidence:
  a company founded shortly before it buys a property, frequent changes of director, many
  registrations at one address in a short period, and the straw-man pattern (a (young) person who
  becomes director of many companies). Thresholds live in ``netwerk/data/temporal.yaml``.

Principles served: *make joint successes visible* (what changed after an intervention) and *put
the societal effect first* (indicators an analyst can check in the partners' records).

Examples
--------
>>> from netwerk.datasets import caviar
>>> pc = phase_comparison({p: caviar(p) for p in (1, 9)}, measure="betweenness")
>>> pc.ranks.loc["N1"].tolist()
[1.0, 3.0]
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import GraphError, Reason
from ..graph import Network
from ..graph.time import FLAG_PARAMS, load_temporal_config, validity, window
from ..i18n import _

__all__ = ["PhaseComparison", "phase_comparison", "before_after", "red_flags", "FLAG_PARAMS"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())


@dataclass(frozen=True)
class PhaseComparison:
    """Rankings of several phases side by side, with the changes between consecutive phases.

    Attributes
    ----------
    phases : list
        Phase labels in order.
    ranks : pd.DataFrame
        Node × phase: rank in the phase (1 = most vital / central); NaN where absent or isolated.
    scores : pd.DataFrame
        Node × phase: the score ranked on (vital score or the measure).
    summary : pd.DataFrame
        Per phase: nodes, ties, components, largest component, density, top node.
    movers : pd.DataFrame
        Per consecutive pair: ``from_phase``, ``to_phase``, ``node``, ``rank_from``, ``rank_to``,
        ``change`` (positive = rises), ``status`` (``stijgt``/``daalt``/``nieuw``/``verdwenen``/
        ``gelijk``), only nodes in the top ``top_k`` of either phase.
    components : pd.DataFrame
        Per consecutive pair: ``event`` (``samengevoegd``: one component of the later phase joins
        nodes of several earlier components; ``gesplitst``: the reverse), the component sizes and
        the shared nodes involved.
    method, params : str, dict
    """

    phases: list[Any]
    ranks: pd.DataFrame
    scores: pd.DataFrame
    summary: pd.DataFrame
    movers: pd.DataFrame
    components: pd.DataFrame
    method: str
    params: dict[str, Any] = field(default_factory=dict)


def _phase_scores(net: Network, measure: str | None, vital_kwargs: dict[str, Any]) -> pd.Series:
    if measure is None:
        from .vital import vital_nodes

        return vital_nodes(net, **vital_kwargs)["vital_score"]
    from .centrality import centrality

    return centrality(net, measures=[measure])[measure]


def _rank(scores: pd.Series, active: pd.Index) -> pd.Series:
    s = scores[scores.index.isin(active)].astype(float)
    order = np.lexsort((s.index.to_numpy().astype(str), -np.round(s.to_numpy(), 12)))
    r = pd.Series(np.empty(len(s)), index=s.index)
    r.iloc[order] = np.arange(1, len(s) + 1, dtype=float)
    return r


def _components(net: Network) -> dict[str, int]:
    g = net.simple_graph
    memb = g.connected_components(mode="weak").membership if g.vcount() else []
    ids = net.nodes.index
    deg = np.asarray(g.degree(), dtype=np.int64) if g.vcount() else np.empty(0, np.int64)
    return {ids[i]: m for i, m in enumerate(memb) if deg[i] > 0}


def phase_comparison(phases: Mapping[Any, Network], *, top_k: int = 10, measure: str | None = None,
                     **vital_kwargs: Any) -> PhaseComparison:
    """Compare the rankings and the structure of several phases (windows or snapshots).

    Parameters
    ----------
    phases : mapping
        ``{label: Network}`` in chronological order (e.g. from
        :func:`netwerk.graph.time.windows` or one network per investigation phase).
    top_k : int
        Movers are reported for the nodes in the top ``top_k`` of either phase of a pair.
    measure : str, optional
        Rank on one centrality measure (e.g. ``"betweenness"``) instead of the vital score.
    **vital_kwargs
        Passed to :func:`~netwerk.analysis.vital.vital_nodes` when ``measure`` is ``None``.

    Returns
    -------
    PhaseComparison

    Notes
    -----
    Only nodes with at least one tie in a phase are ranked in it (an actor absent from a phase is
    not "last"). Components are compared on the nodes present in both phases: two earlier
    components whose shared nodes meet in one later component have *merged*; an earlier component
    whose shared nodes lie in several later components has *split*.

    For analysts: under pressure (arrests, seizures) criminal networks often decentralise: the
    former hub falls and others take over brokerage (Morselli 2009, Project Caviar); a split after
    an intervention is a visible success, a merge may mean a new broker.

    References
    ----------
    .. [1] Morselli, C. (2009). Inside Criminal Networks. Springer (Project Caviar, ch. 8).
    .. [2] Bright, D., Koskinen, J. & Malm, A. (2019). Illicit network dynamics: the formation and
       evolution of a drug trafficking network. J. Quant. Criminol. 35, 237–258.
    """
    if len(phases) < 2:
        raise GraphError(_("een vergelijking van fasen vraagt minstens twee fasen"),
                         reason=Reason.INVALID_ARGUMENT)
    labels = list(phases)
    ranks, scores, summary, comps = {}, {}, [], {}
    for lab in labels:
        net = phases[lab]
        g = net.simple_graph
        deg = np.asarray(g.degree(), dtype=np.int64) if g.vcount() else np.empty(0, np.int64)
        active = net.nodes.index[deg > 0]
        sc = _phase_scores(net, measure, vital_kwargs) if len(active) else pd.Series(dtype=float)
        r = _rank(sc, active) if len(active) else pd.Series(dtype=float)
        ranks[lab], scores[lab] = r, sc[sc.index.isin(active)]
        comps[lab] = _components(net)
        sizes = pd.Series(list(comps[lab].values())).value_counts() if comps[lab] else pd.Series(
            dtype=int)
        n_act = len(active)
        summary.append({"phase": lab, "nodes": n_act, "ties": g.ecount(),
                        "components": int(len(sizes)),
                        "largest_component": int(sizes.max()) if len(sizes) else 0,
                        "density": (2.0 * g.ecount() / (n_act * (n_act - 1)) if n_act > 1 else 0.0)
                        / (2.0 if g.is_directed() else 1.0),
                        "top": r.idxmin() if len(r) else None})
    R = pd.DataFrame(ranks)
    S = pd.DataFrame(scores)
    R.index.name = S.index.name = "id"
    movers, comp_rows = [], []
    for a, b in zip(labels, labels[1:], strict=False):
        ra, rb = R[a], R[b]
        keep = (ra <= top_k) | (rb <= top_k)
        for node in R.index[keep.fillna(False).to_numpy()]:
            x, y = ra.get(node), rb.get(node)
            if pd.isna(x):
                status = "nieuw"
            elif pd.isna(y):
                status = "verdwenen"
            elif y < x:
                status = "stijgt"
            elif y > x:
                status = "daalt"
            else:
                status = "gelijk"
            movers.append({"from_phase": a, "to_phase": b, "node": node, "rank_from": x,
                           "rank_to": y, "change": (x - y) if not (pd.isna(x) or pd.isna(y))
                           else np.nan, "status": status})
        ca, cb = comps[a], comps[b]
        shared = sorted(set(ca) & set(cb))
        if shared:
            pairs = pd.DataFrame({"node": shared, "ca": [ca[n] for n in shared],
                                  "cb": [cb[n] for n in shared]})
            size_a = pd.Series(list(ca.values())).value_counts()
            size_b = pd.Series(list(cb.values())).value_counts()
            for c, grp in pairs.groupby("cb", sort=True):
                if grp["ca"].nunique() > 1:
                    comp_rows.append({"from_phase": a, "to_phase": b, "event": "samengevoegd",
                                      "components_before": int(grp["ca"].nunique()),
                                      "sizes_before": sorted((int(size_a[x]) for x in
                                                              grp["ca"].unique()), reverse=True),
                                      "size_after": [int(size_b[c])],
                                      "shared_nodes": sorted(grp["node"].tolist())})
            for c, grp in pairs.groupby("ca", sort=True):
                if grp["cb"].nunique() > 1:
                    comp_rows.append({"from_phase": a, "to_phase": b, "event": "gesplitst",
                                      "components_before": 1, "sizes_before": [int(size_a[c])],
                                      "size_after": sorted((int(size_b[x]) for x in
                                                            grp["cb"].unique()), reverse=True),
                                      "shared_nodes": sorted(grp["node"].tolist())})
    mv = pd.DataFrame(movers, columns=["from_phase", "to_phase", "node", "rank_from", "rank_to",
                                       "change", "status"])
    cp = pd.DataFrame(comp_rows, columns=["from_phase", "to_phase", "event", "components_before",
                                          "sizes_before", "size_after", "shared_nodes"])
    return PhaseComparison(
        phases=labels, ranks=R, scores=S, summary=pd.DataFrame(summary).set_index("phase"),
        movers=mv, components=cp,
        method=("ranking per phase on " + (f"{measure} centrality" if measure else
                                            "the vital score") + "; components compared on shared nodes"),
        params={"top_k": top_k, "measure": measure, **{k: v for k, v in vital_kwargs.items()
                                                       if isinstance(v, str | int | float)}})


def before_after(net: Network, date: Any, *, days: int | None = None, top_k: int = 10,
                 measure: str | None = None, **vital_kwargs: Any) -> PhaseComparison:
    """Phase comparison of the network before and from ``date`` (e.g. an intervention).

    ``days``: length of each window (default: everything before / everything from the date).
    Records without a date count in both windows.
    """
    d = pd.Timestamp(date)
    lo = None if days is None else d - pd.Timedelta(days=int(days))
    hi = None if days is None else d + pd.Timedelta(days=int(days) - 1)
    return phase_comparison({"voor": window(net, lo, d - pd.Timedelta(days=1)),
                             "na": window(net, d, hi)}, top_k=top_k, measure=measure,
                            **vital_kwargs)


# ---------------------------------------------------------------------------- red flags
_FLAG_NL = {
    "founded_before_purchase": "onderneming kort vóór aankoop pand opgericht",
    "frequent_director_changes": "veel bestuurderswisselingen",
    "address_registrations": "veel inschrijvingen op één adres",
    "straw_man_director": "katvanger-patroon: bestuurder van veel ondernemingen",
}


def _max_in_window(dates: np.ndarray, days: int) -> tuple[int, int]:
    """Largest number of events within any ``days``-long window and the index of its first event."""
    t = np.sort(dates.astype("datetime64[D]").astype(np.int64))
    if len(t) == 0:
        return 0, 0
    cnt = np.searchsorted(t, t + days, side="right") - np.arange(len(t))
    i = int(np.argmax(cnt))
    return int(cnt[i]), i


def _bursts(events: pd.DataFrame, key: str, days: int, min_count: int):
    """Per ``key`` (sorted), the busiest ``days``-long window of its ``date`` events when it holds at
    least ``min_count`` (> 0) of them: yields ``(key, count, window start, the window's "who")``."""
    for k, grp in events.groupby(key, sort=True):
        cnt, i = _max_in_window(grp["date"].to_numpy(), days)
        if cnt >= max(min_count, 1):
            d0 = pd.Timestamp(np.sort(grp["date"].to_numpy())[i])
            inside = (grp["date"] >= d0) & (grp["date"] <= d0 + pd.Timedelta(days=days))
            yield k, cnt, d0, grp.loc[inside, "who"].unique().tolist()


def red_flags(net: Network, *, config: str | Path | Mapping[str, Any] | None = None,
              reference_date: Any = None) -> pd.DataFrame:
    """Temporal red flags of undermining, each with its evidence and the threshold it crossed.

    Parameters
    ----------
    net : Network
        A case network with dated relation records (``valid_from``/``valid_to``/``observed``) and,
        for companies, the founding date ``datum_oprichting`` (KvK).
    config : path or dict, optional
        The temporal configuration (default ``netwerk/data/temporal.yaml``).
    reference_date : date-like, optional
        Not used for counting; recorded in ``.attrs`` (the date the flags describe).

    Returns
    -------
    pd.DataFrame
        One row per flagged node: ``flag``, ``flag_nl``, ``node``, ``label``, ``date`` (start of
        the evidence), ``value`` (the count or the number of days), ``threshold``, ``related``
        (the other nodes, ``;``-joined), ``evidence`` (Dutch) and ``evidence_en``. Sorted by flag,
        date, node. ``.attrs["skipped"]`` says which flags could not be evaluated and why (e.g. no
        founding dates), ``.attrs["thresholds"]`` the values used.

    Notes
    -----
    Indicators, not proof: a flag tells the analyst where to look in the source records.
    ``founded_before_purchase`` reads the founding date from the company attribute
    ``datum_oprichting``, else from its first ``established_at`` record. Director changes count
    appointments (``valid_from``) and resignations (``valid_to``) of ``director_of`` records.
    Registrations count the starts of ``registered_at`` and ``established_at`` records per target.

    References
    ----------
    .. [1] Landelijk Informatie en Expertise Centrum (LIEC): indicatoren ondermijning (vastgoed,
       rechtspersonen, katvangers).
    .. [2] Kruisbergen, E. W., Leukfeldt, E. R., Kleemans, E. R. & Roks, R. A. (2019). Money talks:
       money laundering choices of organized crime offenders based on Dutch case files. Crime,
       Law and Social Change 72, 1–23 (real estate and front companies).
    """
    cfg = load_temporal_config(config)
    flags_cfg = cfg["red_flags"]
    e = net.edges
    v = validity(net)
    kind = net.nodes["kind"]
    labels = net.nodes["label"].astype(str)
    rows: list[dict[str, Any]] = []
    skipped: dict[str, str] = {}

    def add(flag: str, node: str, date: pd.Timestamp, value: int, threshold: int,
            related: list[str], nl: str, en: str) -> None:
        rows.append({"flag": flag, "flag_nl": _FLAG_NL[flag], "node": node,
                     "label": labels.get(node, node), "date": date, "value": int(value),
                     "threshold": int(threshold), "related": ";".join(sorted(map(str, related))),
                     "evidence": nl, "evidence_en": en})

    start = v["start"]
    # 1. company founded shortly before it buys a property
    f = flags_cfg["founded_before_purchase"]
    if f["enabled"]:
        founded = pd.Series(pd.NaT, index=net.nodes.index, dtype="datetime64[ns]")
        if "datum_oprichting" in net.nodes.columns:
            founded = pd.to_datetime(net.nodes["datum_oprichting"], errors="coerce")
        est = e["kind"] == "established_at"
        if est.any():
            first = start[est].groupby(e.loc[est, "source"]).min()
            founded = founded.fillna(first.reindex(founded.index))
        buys = (e["kind"] == "owns") & e["source"].map(kind).eq("company") & \
            e["target"].map(kind).eq("property") & start.notna()
        if founded.notna().sum() == 0:
            skipped["founded_before_purchase"] = "no founding dates (datum_oprichting)"
        for i in np.flatnonzero(buys.to_numpy()):
            comp, prop, d_buy = e["source"].iat[i], e["target"].iat[i], start.iat[i]
            d_f = founded.get(comp, pd.NaT)
            if pd.isna(d_f):
                continue
            gap = int((d_buy - d_f).days)
            if 0 <= gap <= f["max_days"]:
                add("founded_before_purchase", comp, d_f, gap, f["max_days"], [prop],
                    f"{labels.get(comp, comp)} opgericht op {d_f.date()}, {gap} dagen vóór de "
                    f"aankoop van {labels.get(prop, prop)} op {d_buy.date()} "
                    f"(drempel: {f['max_days']} dagen)",
                    f"{labels.get(comp, comp)} founded on {d_f.date()}, {gap} days before buying "
                    f"{labels.get(prop, prop)} on {d_buy.date()} (threshold {f['max_days']} days)")
    # 2. frequent changes of director
    f = flags_cfg["frequent_director_changes"]
    if f["enabled"]:
        dmask = (e["kind"] == "director_of").to_numpy()
        vf = pd.to_datetime(e["valid_from"], errors="coerce") if "valid_from" in e.columns else \
            pd.Series(pd.NaT, index=e.index)
        vt = pd.to_datetime(e["valid_to"], errors="coerce") if "valid_to" in e.columns else \
            pd.Series(pd.NaT, index=e.index)
        ev = pd.concat([pd.DataFrame({"company": e["target"][dmask], "date": vf[dmask],
                                      "who": e["source"][dmask]}),
                        pd.DataFrame({"company": e["target"][dmask], "date": vt[dmask],
                                      "who": e["source"][dmask]})]).dropna(subset=["date"])
        for comp, cnt, d0, who in _bursts(ev, "company", f["window_days"], f["min_changes"]):
            add("frequent_director_changes", comp, d0, cnt, f["min_changes"], who,
                f"{cnt} benoemingen/ontslagen van bestuurders van {labels.get(comp, comp)} "
                f"binnen {f['window_days']} dagen vanaf {d0.date()} "
                f"(drempel: {f['min_changes']})",
                f"{cnt} director appointments/resignations at {labels.get(comp, comp)} within "
                f"{f['window_days']} days from {d0.date()} (threshold {f['min_changes']})")
    # 3. many registrations at one address within a short period
    f = flags_cfg["address_registrations"]
    if f["enabled"]:
        rmask = (e["kind"].isin(["registered_at", "established_at"]) & start.notna()).to_numpy()
        reg = pd.DataFrame({"place": e["target"][rmask], "date": start[rmask],
                            "who": e["source"][rmask]})
        for place, cnt, d0, who in _bursts(reg, "place", f["window_days"],
                                           f["min_registrations"]):
            add("address_registrations", place, d0, cnt, f["min_registrations"], who,
                f"{cnt} inschrijvingen op {labels.get(place, place)} binnen "
                f"{f['window_days']} dagen vanaf {d0.date()} (drempel: "
                f"{f['min_registrations']})",
                f"{cnt} registrations at {labels.get(place, place)} within "
                f"{f['window_days']} days from {d0.date()} (threshold "
                f"{f['min_registrations']})")
    # 4. straw man: (young) person director of many companies in a short period
    f = flags_cfg["straw_man_director"]
    if f["enabled"]:
        by_attr = next((a for a in f["birth_year_attributes"] if a in net.nodes.columns), None)
        birth = (pd.to_numeric(net.nodes[by_attr], errors="coerce") if by_attr else None)
        if by_attr is None:
            skipped["straw_man_director.max_age"] = (
                "no birth year attribute (" + ", ".join(f["birth_year_attributes"]) +
                "): flagged on the number of directorships alone")
        dmask = ((e["kind"] == "director_of") & e["source"].map(kind).eq("person") &
                 start.notna()).to_numpy()
        ap = pd.DataFrame({"person": e["source"][dmask], "company": e["target"][dmask],
                           "date": start[dmask]}).sort_values("date").drop_duplicates(
            ["person", "company"])
        for person, cnt, d0, comps in _bursts(ap.rename(columns={"company": "who"}), "person",
                                              f["window_days"], f["min_companies"]):
            age_txt_nl, age_txt_en = "leeftijd onbekend", "age unknown"
            by = birth.get(person, np.nan) if birth is not None else np.nan
            if not pd.isna(by):
                age = d0.year - int(by)
                if age >= f["max_age"]:
                    continue
                age_txt_nl, age_txt_en = f"{age} jaar oud", f"aged {age}"
            add("straw_man_director", person, d0, cnt, f["min_companies"], comps,
                f"{labels.get(person, person)} ({age_txt_nl}) werd binnen {f['window_days']} dagen "
                f"vanaf {d0.date()} bestuurder van {cnt} ondernemingen "
                f"(drempel: {f['min_companies']})",
                f"{labels.get(person, person)} ({age_txt_en}) became director of {cnt} companies "
                f"within {f['window_days']} days from {d0.date()} "
                f"(threshold {f['min_companies']})")
    cols = ["flag", "flag_nl", "node", "label", "date", "value", "threshold", "related",
            "evidence", "evidence_en"]
    out = pd.DataFrame(rows, columns=cols)
    out["date"] = pd.to_datetime(out["date"])
    out = out.sort_values(["flag", "date", "node"], kind="stable").reset_index(drop=True)
    out.attrs = {"method": "temporal indicators with thresholds from YAML", "config": cfg["source"],
                 "thresholds": {k: {p: x for p, x in d.items()} for k, d in flags_cfg.items()},
                 "skipped": skipped,
                 "reference_date": None if reference_date is None else str(reference_date)}
    return out
