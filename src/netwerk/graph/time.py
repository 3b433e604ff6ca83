"""Time in the network: windows and snapshots from the validity dates, and a case timeline.

Every relation record may carry ``valid_from``/``valid_to`` (e.g. the dates a director was in
office, a registration at an address) or an ``observed`` date (e.g. the date of an incident).
A record's validity runs from ``valid_from`` (else ``observed``) to ``valid_to`` (else open: still
valid when the extract was made, else the ``observed`` date for records known only from one
observation). :func:`window` keeps the records whose validity overlaps a period, :func:`at` those
valid on one day, and :func:`timeline` lists the dated events of a case for the HTML outputs.

Principle served: *make joint successes visible* (what changed after an intervention) and *room for
the good conversation* (the case meeting sees the order of events).

Examples
--------
>>> import pandas as pd
>>> from netwerk.graph import Network
>>> e = pd.DataFrame({"source": ["p", "p"], "target": ["a", "b"], "kind": "director_of",
...                   "valid_from": ["2020-01-01", "2023-06-01"], "valid_to": ["2022-12-31", None]})
>>> net = Network.from_edges(e, kind="kind")
>>> at(net, "2021-05-01").n_edges, at(net, "2024-01-01").n_edges, window(net, "2022-01-01", "2024-01-01").n_edges
(1, 1, 2)
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from ..errors import ConfigError, GraphError, Reason, cause_text
from ..i18n import N_, _
from ..privacy import MASKED_SOURCE
from ..yamlfile import load_yaml_text
from .network import Network

__all__ = ["validity", "window", "at", "windows", "timeline", "timeline_data",
           "load_temporal_config", "FLAG_PARAMS", "TIMELINE_CATEGORIES", "TIMELINE_EVENTS",
           "category_label", "event_label"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

_UNDATED = ("keep", "drop")


def _dates(df: pd.DataFrame, col: str) -> pd.Series:
    if col not in df.columns:
        return pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
    return pd.to_datetime(df[col], errors="coerce")


def _day(x: Any, name: str) -> pd.Timestamp | None:
    if x is None:
        return None
    try:
        ts = pd.Timestamp(x)
    except (ValueError, TypeError) as exc:
        raise GraphError(_("{naam} is geen datum: {waarde!r}", naam=name, waarde=x),
                         reason=Reason.INVALID_ARGUMENT) from exc
    if pd.isna(ts):
        raise GraphError(_("{naam} is geen datum: {waarde!r}", naam=name, waarde=x),
                         reason=Reason.INVALID_ARGUMENT)
    return ts


def validity(net: Network) -> pd.DataFrame:
    """Start and end of every relation record's validity (``NaT`` = unknown / open).

    Returns
    -------
    pd.DataFrame
        Same index as ``net.edges``; ``start`` (``valid_from``, else ``observed``), ``end``
        (``valid_to``, else ``observed`` when the record has no ``valid_from``, else open) and
        ``dated`` (the record has any date).
    """
    e = net.edges
    obs = _dates(e, "observed")
    vf = _dates(e, "valid_from")
    vt = _dates(e, "valid_to")
    start = vf.fillna(obs)
    end = vt.where(vt.notna(), obs.where(vf.isna()))
    return pd.DataFrame({"start": start, "end": end, "dated": start.notna() | end.notna()},
                        index=e.index)


def window(net: Network, start: Any = None, end: Any = None, *, undated: str = "keep",
           keep_isolates: bool = True) -> Network:
    """The network of the relation records valid at some time in ``[start, end]`` (inclusive).

    Parameters
    ----------
    net : Network
    start, end : date-like, optional
        Bounds of the period (``None``: open).
    undated : {"keep", "drop"}
        Records without any date: kept (default: a fact with unknown time may hold in any period)
        or left out.
    keep_isolates : bool
        Keep every node (default), so rankings of several windows cover the same actors; ``False``
        keeps only the nodes with a record in the window.

    Returns
    -------
    Network
        ``meta["window"]`` records the period and how many records were kept, left out and undated.

    Raises
    ------
    GraphError
        A bound that is not a date, ``start > end`` or an unknown ``undated``.
    """
    if undated not in _UNDATED:
        raise GraphError(_("undated moet een van {keuzes} zijn, niet {waarde!r}", keuzes=", ".join(_UNDATED),
                           waarde=undated),
                         reason=Reason.INVALID_ARGUMENT)
    lo, hi = _day(start, "start"), _day(end, "end")
    if lo is not None and hi is not None and lo > hi:
        raise GraphError(_("het begin van het venster ({begin}) ligt na het einde ({einde})",
                           begin=lo.date(), einde=hi.date()),
                         reason=Reason.INVALID_ARGUMENT)
    v = validity(net)
    ok = np.ones(len(v), dtype=bool)
    if hi is not None:
        ok &= (v["start"].isna() | (v["start"] <= hi)).to_numpy()
    if lo is not None:
        ok &= (v["end"].isna() | (v["end"] >= lo)).to_numpy()
    if undated == "drop":
        ok &= v["dated"].to_numpy()
    out = net._with_edges(ok, keep_isolates)  # the Network's own subsetting (graph layer)
    out.meta["window"] = {
        "start": None if lo is None else lo.date().isoformat(),
        "end": None if hi is None else hi.date().isoformat(), "undated": undated,
        "records_kept": int(ok.sum()), "records_left_out": int((~ok).sum()),
        "records_undated": int((~v["dated"]).sum())}
    return out


def at(net: Network, date: Any, *, undated: str = "keep", keep_isolates: bool = True) -> Network:
    """The network as it stood on ``date``: the records valid that day (see :func:`window`)."""
    return window(net, date, date, undated=undated, keep_isolates=keep_isolates)


def windows(net: Network, bounds: Sequence[Any], *, labels: Sequence[str] | None = None,
            undated: str = "keep") -> dict[str, Network]:
    """Consecutive windows ``[b0, b1), [b1, b2), ...`` as ``{label: Network}`` (for phase comparison).

    Each window ends the day before the next starts. Labels default to ``"b0 – b1"`` style text.
    """
    b = [_day(x, "bound") for x in bounds]
    if len(b) < 2:
        raise GraphError(_("geef minstens twee grenzen"), reason=Reason.INVALID_ARGUMENT)
    if any(x >= y for x, y in zip(b, b[1:], strict=False)):
        raise GraphError(_("de grenzen moeten oplopen"), reason=Reason.INVALID_ARGUMENT)
    out: dict[str, Network] = {}
    for i in range(len(b) - 1):
        end = b[i + 1] - pd.Timedelta(days=1)
        lab = labels[i] if labels is not None else f"{b[i].date()} – {end.date()}"
        out[lab] = window(net, b[i], end, undated=undated)
    return out


# ---------------------------------------------------------------------------- config
_CFG_KEYS = {"timeline", "red_flags"}

#: The temporal red flags (see :func:`netwerk.analysis.temporal.red_flags`) and their thresholds'
#: defaults; ``netwerk/data/temporal.yaml`` sets the values in use.
FLAG_PARAMS: dict[str, dict[str, Any]] = {
    "founded_before_purchase": {"max_days": 90},
    "frequent_director_changes": {"min_changes": 3, "window_days": 365},
    "address_registrations": {"min_registrations": 5, "window_days": 90},
    "straw_man_director": {"min_companies": 3, "window_days": 730, "max_age": 25,
                           "birth_year_attributes": ["geboortejaar", "birth_year"]},
}


def load_temporal_config(path: str | Path | Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Read and validate the temporal configuration (``netwerk/data/temporal.yaml`` by default).

    Raises
    ------
    ConfigError
        Unreadable YAML, unknown keys or flags, thresholds that are not non-negative integers; the
        message names the file and the key.
    """
    where = "netwerk/data/temporal.yaml"
    if isinstance(path, Mapping):
        raw, where = dict(path), "dict"
    else:
        try:
            if path is None:
                text = resources.files("netwerk.data").joinpath("temporal.yaml").read_text("utf-8")
            else:
                where = str(path)
                text = Path(path).read_text("utf-8")
            raw = load_yaml_text(text, where) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ConfigError(_("kan de tijdinstellingen niet lezen: {oorzaak}", oorzaak=cause_text(exc)),
                              file=where) from exc
    if not isinstance(raw, Mapping):
        raise ConfigError(_("de tijdinstellingen moeten een mapping (sleutel: waarde) zijn"), file=where)
    for k in raw:
        if k not in _CFG_KEYS:
            raise ConfigError(_("onbekende sleutel '{sleutel}'; bekend: {bekend}", sleutel=k,
                                bekend=", ".join(sorted(_CFG_KEYS))),
                              file=where, column=str(k))
    tl = dict(raw.get("timeline") or {})
    cats = {str(k): str(v) for k, v in (tl.get("categories") or {}).items()}
    node_dates = {str(k): str(v) for k, v in (tl.get("node_dates") or {}).items()}
    flags: dict[str, dict[str, Any]] = {}
    for name, spec in (raw.get("red_flags") or {}).items():
        if name not in FLAG_PARAMS:
            raise ConfigError(_("onbekende rode vlag '{vlag}'; bekend: {bekend}", vlag=name,
                                bekend=", ".join(FLAG_PARAMS)),
                              file=where, column=f"red_flags.{name}")
        spec = dict(spec or {})
        out = {"enabled": bool(spec.pop("enabled", True))}
        for key, default in FLAG_PARAMS[name].items():
            val = spec.pop(key, default)
            if isinstance(default, list):
                if not isinstance(val, list) or not all(isinstance(x, str) for x in val):
                    raise ConfigError(_("'{sleutel}' moet een lijst van kenmerknamen zijn", sleutel=key),
                                      file=where,
                                      column=f"red_flags.{name}.{key}")
            elif isinstance(val, bool) or not isinstance(val, int) or val < 0:
                raise ConfigError(_("'{sleutel}' moet een geheel getal >= 0 zijn, niet {waarde!r}", sleutel=key,
                                  waarde=val), file=where,
                                  column=f"red_flags.{name}.{key}")
            out[key] = val
        if spec:
            raise ConfigError(_("onbekende instelling(en) {instellingen} van rode vlag '{vlag}'",
                                instellingen=", ".join(map(str, spec)), vlag=name), file=where, column=f"red_flags.{name}")
        flags[name] = out
    for name, params in FLAG_PARAMS.items():
        flags.setdefault(name, {"enabled": True, **params})
    return {"categories": cats, "node_dates": node_dates, "red_flags": flags, "source": where}


# ---------------------------------------------------------------------------- timeline
#: Timeline categories in display order, with the names users read: the one list of them, as
#: Dutch message ids (:mod:`netwerk.i18n`; map, reports and :func:`timeline_data` all read it).
#: A record whose source an edition masked (:data:`netwerk.privacy.MASKED_SOURCE`) is
#: ``masked_source``.
TIMELINE_CATEGORIES: dict[str, str] = {
    "registration": N_("inschrijving"), "company": N_("onderneming"),
    "officer_change": N_("bestuurswijziging"), "purchase": N_("aankoop/huur"),
    "permit": N_("vergunning"), "incident": N_("incident"), "intervention": N_("interventie"),
    "masked_source": N_("afgeschermde bron"), "other": N_("overig"),
}
#: What happened on a timeline date, with the names users read (Dutch message ids).
TIMELINE_EVENTS: dict[str, str] = {"start": N_("begin"), "end": N_("einde"),
                                   "observed": N_("waargenomen"), "founded": N_("opgericht")}


def category_label(category: str) -> str:
    """The name users read for a timeline category, in the current language (an unknown
    category as it is).

    Examples
    --------
    >>> from netwerk.i18n import using
    >>> category_label("officer_change")
    'bestuurswijziging'
    >>> with using("en"):
    ...     category_label("officer_change"), category_label("masked_source")
    ('change of officer', 'masked source')
    """
    nl = TIMELINE_CATEGORIES.get(str(category))
    return _(nl) if nl is not None else str(category)


def event_label(event: str) -> str:
    """The name users read for a timeline event (``start``, ``end``, ``observed``, ``founded``),
    in the current language; any other event text (an intervention's description) as it is.

    Examples
    --------
    >>> from netwerk.i18n import using
    >>> event_label("founded"), event_label("Aanhouding: uitgevoerd")
    ('opgericht', 'Aanhouding: uitgevoerd')
    >>> with using("en"):
    ...     event_label("founded")
    'founded'
    """
    nl = TIMELINE_EVENTS.get(str(event))
    return _(nl) if nl is not None else str(event)


def timeline(net: Network, *, events: pd.DataFrame | None = None,
             config: str | Path | Mapping[str, Any] | None = None) -> pd.DataFrame:
    """Every dated event of a case, oldest first: registrations, officer changes, purchases,
    incidents, permits, company foundations and (when given) interventions.

    Parameters
    ----------
    net : Network
    events : pd.DataFrame, optional
        Extra events such as interventions from the intervention log: columns ``date``,
        ``category`` (e.g. ``"intervention"``), ``node`` (node id or empty) and ``description``.
    config : path or dict, optional
        The temporal configuration (categories per relation kind; node date attributes).

    Returns
    -------
    pd.DataFrame
        Columns ``date`` (datetime64), ``category`` (``"masked_source"`` for a record whose
        source the edition masked, :data:`netwerk.privacy.MASKED_SOURCE`), ``event`` (``start``/``end``/``observed``/
        ``founded``/...), ``kind`` (relation kind), ``source``, ``target``, ``partner`` and
        ``record`` (row of ``net.edges``, -1 for node and extra events); sorted by date, category,
        source, target (stable: same input, same order).
    """
    cfg = load_temporal_config(config)
    e = net.edges
    v = validity(net)
    obs_only = _dates(e, "valid_from").isna() & _dates(e, "valid_to").isna() & v["start"].notna()
    cat = e["kind"].map(cfg["categories"]).fillna("other")
    partner = e["partner"] if "partner" in e.columns else pd.Series("", index=e.index)
    # a record whose source an edition masked (its kind is renamed to a neutral one) is its own
    # category: "afgeschermde bron", never "overig"
    cat = cat.where(partner.astype("string").fillna("").to_numpy() != MASKED_SOURCE,
                    "masked_source")
    parts = []
    base = pd.DataFrame({"category": cat.to_numpy(), "kind": e["kind"].to_numpy(),
                         "source": e["source"].to_numpy(), "target": e["target"].to_numpy(),
                         "partner": partner.fillna("").astype(str).to_numpy(),
                         "record": np.arange(len(e))})
    starts = base.assign(date=v["start"].to_numpy(),
                         event=np.where(obs_only.to_numpy(), "observed", "start"))
    parts.append(starts[v["start"].notna().to_numpy()])
    has_end = _dates(e, "valid_to").notna().to_numpy()
    parts.append(base.assign(date=_dates(e, "valid_to").to_numpy(), event="end")[has_end])
    for attr, ev in cfg["node_dates"].items():
        if attr in net.nodes.columns:
            d = pd.to_datetime(net.nodes[attr], errors="coerce")
            ok = d.notna().to_numpy()
            parts.append(pd.DataFrame({"date": d[ok].to_numpy(), "category": "company", "event": ev,
                                       "kind": "", "source": net.nodes.index[ok], "target": "",
                                       "partner": "", "record": -1}))
    if events is not None and len(events):
        missing = {"date", "category"} - set(events.columns)
        if missing:
            raise GraphError(_("gebeurtenissen hebben de kolommen {kolommen} nodig",
                               kolommen=", ".join(sorted(missing))),
                             reason=Reason.UNKNOWN_ATTRIBUTE)
        ex = pd.DataFrame({"date": pd.to_datetime(events["date"], errors="coerce"),
                           "category": events["category"].astype(str),
                           "event": events.get("description", pd.Series("", index=events.index)
                                               ).fillna("").astype(str),
                           "kind": "", "source": events.get("node", pd.Series(
                               "", index=events.index)).fillna("").astype(str),
                           "target": "", "partner": events.get("partner", pd.Series(
                               "", index=events.index)).fillna("").astype(str), "record": -1})
        bad = ex["date"].isna()
        if bad.any():
            raise GraphError(_("gebeurtenis op rij {n} heeft geen geldige datum",
                               n=int(np.flatnonzero(bad)[0])),
                             reason=Reason.INVALID_ARGUMENT, column="date")
        parts.append(ex)
    cols = ["date", "category", "event", "kind", "source", "target", "partner", "record"]
    out = pd.concat([p[cols] for p in parts], ignore_index=True) if parts else pd.DataFrame(
        columns=cols)
    out["date"] = pd.to_datetime(out["date"])
    out = out.sort_values(["date", "category", "source", "target", "record"],
                          kind="stable").reset_index(drop=True)
    out.attrs = {"config": cfg["source"], "records_undated": int((~v["dated"]).sum())}
    return out


def timeline_data(net: Network, *, reference_date: Any = None, **kwargs: Any) -> dict[str, Any]:
    """The timeline as plain JSON-ready data for the HTML outputs (map, reports).

    **Span rule.** The span runs from the first event to the last event *on or before the
    reference date* (default: today). Events after it (planned or registered future end dates,
    such as a lease that ends in 2031) stay in ``events``, marked ``future``, and are counted in
    ``after``, but they never stretch the span: the strip shows what has happened. With no event
    on or before the reference date the span is empty (``[None, None]``).

    Parameters
    ----------
    net : Network
    reference_date : date-like, optional
        The case's reference date (peildatum); default today (UTC).
    **kwargs
        Passed on to :func:`timeline` (``events``, ``config``).

    Returns
    -------
    dict
        ``events``: list of ``{date: "YYYY-MM-DD", category, category_label, event,
        event_label, kind, source, target, source_label, target_label, future}`` (the labels
        in the current language: :func:`category_label`, :func:`event_label`); ``span``: first and last date
        (see the rule above); ``reference_date``; ``after``: events after it; ``counts`` per
        category; ``undated``: records without a date. Pure: same input and reference date,
        same output.

    Examples
    --------
    >>> import pandas as pd
    >>> from netwerk import Network
    >>> net = Network(nodes=pd.DataFrame({"kind": ["person", "property"], "label": ["", ""]},
    ...                                  index=["a", "b"]),
    ...               edges=pd.DataFrame({"source": ["a"], "target": ["b"], "kind": ["rents"],
    ...                                   "valid_from": ["2020-03-01"], "valid_to": ["2031-01-01"]}))
    >>> d = timeline_data(net, reference_date="2025-06-30")
    >>> d["span"], d["after"], [e["future"] for e in d["events"]]
    (['2020-03-01', '2020-03-01'], 1, [False, True])
    """
    import datetime as dt

    t = timeline(net, **kwargs)
    ref = (pd.Timestamp(reference_date) if reference_date is not None
           else pd.Timestamp(dt.datetime.now(dt.UTC).date())).normalize()
    labels = net.nodes["label"].astype(str)
    ev = []
    for r in t.itertuples(index=False):
        ev.append({"date": r.date.date().isoformat(), "category": r.category,
                   "category_label": category_label(r.category), "event": r.event,
                   "event_label": event_label(r.event), "kind": r.kind,
                   "source": r.source, "target": r.target,
                   "source_label": labels.get(r.source, "") if r.source else "",
                   "target_label": labels.get(r.target, "") if r.target else "",
                   "future": bool(r.date > ref)})
    past = [e for e in ev if not e["future"]]
    span = [past[0]["date"], past[-1]["date"]] if past else [None, None]
    counts = t["category"].value_counts().sort_index().to_dict()
    return {"events": ev, "span": span, "reference_date": ref.date().isoformat(),
            "after": len(ev) - len(past),
            "counts": {str(k): int(c) for k, c in counts.items()},
            "undated": t.attrs["records_undated"]}
