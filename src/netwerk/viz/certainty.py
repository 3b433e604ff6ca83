"""How sure is a rank, how grading counts, what happened when: the texts and data every output
shows beside the vital ranking.

* :class:`RankStability` wraps :func:`netwerk.analysis.rank_stability` (the vital ranking repeated
  under seeded perturbations) for the map and the reports: per node the rank interval and the
  *zeker/onzeker* mark ("rang 3 (2–6), zeker"), a one-sentence Dutch explanation of how it was
  made, and case-level counts for the stuurgroep (no person-level data).
* :func:`grading_policy_text` is the grading policy of the analysis as one sentence
  (:func:`netwerk.analysis.grading.grading_policy`), shown in every map and report.
* :func:`timeline_records` turns :func:`netwerk.graph.time.timeline_data` into what an output may
  show: dates, categories and the nodes' map names (aliases), never a label or free text.

Serves *room for the good conversation* (a case meeting sees which conclusions survive a missing
link, and on which grading they rest) and *less is more* (act on the links that stay vital).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..analysis.grading import grading_policy_record, grading_policy_text
from ..graph.time import TIMELINE_CATEGORIES, TIMELINE_EVENTS, category_label, event_label
from ..i18n import _, language, ngettext

__all__ = ["RankStability", "grading_policy_text", "grading_policy_record", "timeline_records",
           "TIMELINE_CATEGORIES", "TIMELINE_COLOURS", "category_colour"]

#: One colour per timeline category (Paul Tol's colour-blind-safe palette), the one definition the
#: HTML map and the reports both draw with.
TIMELINE_COLOURS: dict[str, str] = {
    "registration": "#4477aa", "company": "#228833", "officer_change": "#aa3377",
    "purchase": "#ccbb44", "permit": "#66ccee", "incident": "#ee6677", "intervention": "#000000",
    "masked_source": "#994400", "other": "#bbbbbb",
}
_OTHER_COLOUR = "#bbbbbb"


def category_colour(category: str) -> str:
    """The colour of a timeline category in every output (map and reports).

    Examples
    --------
    >>> category_colour("masked_source"), category_colour("unknown") == category_colour("other")
    ('#994400', True)
    """
    return TIMELINE_COLOURS.get(str(category), _OTHER_COLOUR)


def _int(v: Any) -> int | None:
    if v is None or v is pd.NA:
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if np.isnan(f) else int(round(f))


@dataclass(frozen=True, eq=False)
class RankStability:
    """The rank interval and *zeker/onzeker* mark of every ranked node, and how they were made.

    Attributes
    ----------
    table : pd.DataFrame
        :func:`netwerk.analysis.rank_stability` output (indexed by node id; ``rank``,
        ``rank_median``, ``rank_lo``, ``rank_hi``, ``p_top_k``, ``certainty``, ...). Empty when
        the analysis was not run (see ``skipped``).
    params : dict
        ``replicates``, ``edge_dropout``, ``node_dropout``, ``weight_noise``, ``top_k``,
        ``by_grading``, ``quantiles``, ... (the table's ``.attrs["params"]``).
    seed : int
    method : str
    skipped : str or None
        Why no interval was computed (then every output says so instead of showing one).

    Examples
    --------
    >>> from netwerk.analysis import rank_stability
    >>> from netwerk.datasets import krackhardt_kite
    >>> s = RankStability.from_table(rank_stability(krackhardt_kite(), replicates=20, top_k=3))
    >>> s.text("Heather"), s.detail("Heather")   # 10 % of the ties missing: rank 1 is not sure
    ('rang 1 (1–9), onzeker', 'in de top 3 in 85 % van de 20 herhalingen')
    >>> s.summary_text()
    'Van de top 3 staan er 0 zeker in de top 3; 3 zijn onzeker.'
    """

    table: pd.DataFrame = field(default_factory=pd.DataFrame)
    params: dict[str, Any] = field(default_factory=dict)
    seed: int | None = None
    method: str = ""
    skipped: str | None = None

    @classmethod
    def from_table(cls, table: pd.DataFrame) -> RankStability:
        """Wrap a :func:`~netwerk.analysis.rank_stability` table (its ``.attrs`` become params)."""
        a = dict(table.attrs)
        t = table.copy()
        t.index = t.index.astype(str)
        return cls(table=t, params=dict(a.get("params") or {}), seed=a.get("seed"),
                   method=str(a.get("method") or ""))

    @classmethod
    def not_run(cls, why: str) -> RankStability:
        """No interval: ``why`` is shown instead (e.g. switched off, too large for the default)."""
        return cls(skipped=str(why))

    # ------------------------------------------------------------------ per node
    @property
    def available(self) -> bool:
        """True when intervals were computed."""
        return self.skipped is None and len(self.table) > 0

    @property
    def top_k(self) -> int:
        return int(self.params.get("top_k", 10))

    @property
    def replicates(self) -> int:
        return int(self.params.get("replicates", 0))

    def row(self, node: str) -> Mapping[str, Any] | None:
        if not self.available or str(node) not in self.table.index:
            return None
        return self.table.loc[str(node)]

    def mark(self, node: str) -> str | None:
        """``"zeker"`` / ``"onzeker"`` in the current language (None when unknown)."""
        r = self.record(node)
        return None if r is None else r["mark"]

    def band(self, node: str) -> str | None:
        """The rank interval as text, e.g. ``"2–6"``."""
        r = self.record(node)
        return None if r is None else f"{r['lo']}–{r['hi']}"

    def text(self, node: str) -> str | None:
        """``"rang 3 (2–6), zeker"``: the rank, its interval and the mark."""
        r = self.record(node)
        return None if r is None else r["text"]

    def detail(self, node: str) -> str | None:
        """What the mark means for this node, e.g. "in de top 10 in 97 % van de 100 herhalingen"."""
        r = self.record(node)
        return None if r is None else r["detail"]

    def record(self, node: str) -> dict[str, Any] | None:
        """JSON-able: ``lo``, ``hi``, ``median``, ``p`` (P(top k)), ``mark``, ``certain``,
        ``text`` and ``detail`` of one node (None without an interval)."""
        return self.records().get(str(node))

    def records(self) -> dict[str, dict[str, Any]]:
        """:meth:`record` of every node with an interval (built once per language)."""
        lang = language()
        cache = self.__dict__.setdefault("_records", {})
        if lang not in cache:
            out: dict[str, dict[str, Any]] = {}
            if self.available:
                t = self.table
                for nid, rank, lo, hi, med, p, cert in zip(
                        t.index, t["rank"], t["rank_lo"], t["rank_hi"], t["rank_median"],
                        t["p_top_k"], t["certainty"], strict=True):
                    lo_i, hi_i = _int(lo), _int(hi)
                    if lo_i is None or hi_i is None:
                        continue
                    sure = str(cert) == "zeker"
                    # "zeker" is about the top k: in it, or (far down the list) surely outside it
                    mark = ((_("zeker") if float(p) >= 0.5 else _("zeker buiten top {k}",
                                                                   k=self.top_k))
                            if sure else _("onzeker"))
                    out[str(nid)] = {
                        "lo": lo_i, "hi": hi_i, "median": float(med), "p": round(float(p), 4),
                        "certain": sure, "mark": mark,
                        "rank_text": _("rang {r} ({band})", r=_int(rank), band=f"{lo_i}–{hi_i}"),
                        "text": _("rang {r} ({band}), {mark}", r=_int(rank),
                                  band=f"{lo_i}–{hi_i}", mark=mark),
                        "detail": _("in de top {k} in {p} van de {n} herhalingen", k=self.top_k,
                                    p=f"{round(100 * float(p)):d} %", n=self.replicates)}
            cache[lang] = out
        return cache[lang]

    def columns(self, index: Sequence[str]) -> pd.DataFrame:
        """Per node of ``index``: ``rank_interval`` ("2–6"), ``certainty`` (mark) and ``p_top_k``
        (for report tables; empty strings for nodes without an interval)."""
        idx = [str(i) for i in index]
        recs = [self.record(i) for i in idx]
        return pd.DataFrame({"rank_interval": [f"{r['lo']}–{r['hi']}" if r else "" for r in recs],
                             "certainty": [r["mark"] if r else "" for r in recs],
                             "p_top_k": [r["p"] if r else np.nan for r in recs]}, index=idx)

    # ------------------------------------------------------------------ case level
    def counts(self, top: int | None = None) -> dict[str, int]:
        """Among the ``top`` best ranked (default ``top_k``): how many are sure to be in the top k
        (``certain_in``) and how many uncertain (``uncertain``); also ``certain_out`` over all
        ranked nodes. No node ids: safe for the stuurgroep."""
        if not self.available:
            return {}
        t = self.table.sort_values("rank", kind="stable").head(top or self.top_k)
        sure = t["certainty"].astype(str) == "zeker"
        inside = t["p_top_k"].astype(float) >= 0.5
        return {"top": int(len(t)), "certain_in": int((sure & inside).sum()),
                "uncertain": int((~sure).sum()), "certain_out": int((sure & ~inside).sum())}

    def summary_text(self) -> str:
        """One case-level sentence, e.g. "Van de top 10 staan er 8 zeker in de top 10; 2 zijn
        onzeker."."""
        if not self.available:
            return self.skipped or ""
        c = self.counts()
        return _("Van de top {n} staan er {a} zeker in de top {k}; {b} onzeker.", n=c["top"],
                 a=c["certain_in"], k=self.top_k, b=ngettext("{n} is", "{n} zijn", c["uncertain"]))

    def explain(self, *, band: bool = True) -> str:
        """How the interval was made and what the mark means, in one sentence.

        ``band=False`` leaves out the sentence part on the bracketed band, for outputs that show
        only counts (the stuurgroep edition)."""
        if not self.available:
            return _("Zekerheid van de rang: {waarom}.", waarom=self.skipped or "")
        p = self.params
        q = p.get("quantiles") or [0.05, 0.95]
        how = _("gewogen naar gradering") if p.get("by_grading") else _("gelijk voor elke relatie")
        extra = []
        if float(p.get("node_dropout", 0) or 0):
            extra.append(_("{x} van de knooppunten", x=f"{100 * float(p['node_dropout']):g} %"))
        if float(p.get("weight_noise", 0) or 0):
            extra.append(_("gewichten ±{x}", x=f"{100 * float(p['weight_noise']):g} %"))
        if not band:
            return _(
                "Zekerheid van de rang: de rangorde is {n} keer opnieuw berekend terwijl telkens "
                "gemiddeld {d} van de registraties wegviel ({how}{extra}; seed {seed}); 'zeker' "
                "betekent dat het knooppunt in minstens {c} van de herhalingen wel, of juist niet, "
                "in de top {k} stond.",
                n=self.replicates, d=f"{100 * float(p.get('edge_dropout', 0)):g} %", how=how,
                extra=("; " + ", ".join(extra)) if extra else "", seed=self.seed, c="90 %",
                k=self.top_k)
        return _(
            "Zekerheid van de rang: de rangorde is {n} keer opnieuw berekend terwijl telkens "
            "gemiddeld {d} van de registraties wegviel ({how}{extra}; seed {seed}); tussen haakjes "
            "staat de {lo}–{hi} %-band van de rang, en 'zeker' betekent dat het knooppunt in minstens "
            "{c} van de herhalingen wel, of juist niet, in de top {k} stond.",
            n=self.replicates, d=f"{100 * float(p.get('edge_dropout', 0)):g} %", how=how,
            extra=("; " + ", ".join(extra)) if extra else "", seed=self.seed,
            lo=f"{100 * float(q[0]):g}", hi=f"{100 * float(q[1]):g}", c="90 %", k=self.top_k)

    def provenance(self) -> dict[str, Any]:
        """What a provenance record says about the intervals (parameters, seed, method)."""
        if not self.available:
            return {"computed": False, "why": self.skipped}
        keep = ("replicates", "edge_dropout", "node_dropout", "weight_noise", "noise", "top_k",
                "quantiles", "by_grading")
        return {"computed": True, "method": self.method, "seed": self.seed,
                **{k: self.params[k] for k in keep if k in self.params}}


def timeline_records(data: Mapping[str, Any], aliases: Mapping[str, str], *,
                     shown: Sequence[str] | None = None) -> dict[str, Any]:
    """What an output may show of :func:`netwerk.graph.time.timeline_data`.

    Each event keeps its date, category (with the name users read) and event, and names its nodes
    by their map name (``aliases``; ``P03``, ``B01``), never by label or pseudonym text of another
    partner. ``nodes`` lists the node ids of the event that are on the map (for highlighting).

    Parameters
    ----------
    data : mapping
        ``timeline_data(net)`` output.
    aliases : mapping
        Node id -> map name (:func:`netwerk.viz.payload.node_aliases`).
    shown : sequence of str, optional
        Node ids on the map (default: all with an alias).

    Returns
    -------
    dict
        ``events`` (``d`` date, ``c`` category, ``cl`` its label, ``e`` event text, ``a`` the
        nodes' map names joined by " – ", ``nodes``, ``f`` true after the reference date),
        ``categories`` (name, label, count, in display order; colours:
        :func:`category_colour`), ``span`` (never past the
        reference date, see :func:`netwerk.graph.time.timeline_data`), ``reference_date``,
        ``after`` (events after it, not drawn) and ``undated``.
    """
    on_map = set(aliases) if shown is None else {str(s) for s in shown}
    events = []
    for ev in data.get("events") or []:
        ends = [str(x) for x in (ev.get("source"), ev.get("target")) if x]
        names = [str(aliases.get(x, "")) for x in ends if aliases.get(x)]
        cat = str(ev.get("category") or "other")
        event = str(ev.get("event") or "")
        text = (event_label(event) if event in TIMELINE_EVENTS
                else event if cat == "intervention" else "")
        events.append({"d": str(ev["date"]), "c": cat, "cl": category_label(cat), "e": text,
                       "a": " – ".join(names), "nodes": [x for x in ends if x in on_map],
                       "f": bool(ev.get("future", False))})
    counts = dict(data.get("counts") or {})
    order = [c for c in TIMELINE_CATEGORIES if c in counts] + sorted(
        c for c in counts if c not in TIMELINE_CATEGORIES)
    cats = [{"name": c, "label": category_label(c), "count": int(counts[c])} for c in order]
    return {"events": events, "categories": cats, "span": list(data.get("span") or [None, None]),
            "reference_date": data.get("reference_date"), "after": int(data.get("after") or 0),
            "undated": int(data.get("undated") or 0)}
