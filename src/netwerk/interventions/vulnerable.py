"""Vulnerable persons and bystanders: care instead of repression, and data minimisation.

Principle served: **societal effect first** (the approach exists to protect people, not to arrest
the exploited) and, for bystanders, lawful use (data minimisation, AVG art. 5(1)(c)).

* :func:`vulnerable_roles` flags persons who are probably victims or vulnerable: a partner label
  (police ``rol`` such as *katvanger*, *knipper*, *uithaler*, exploited worker, victim; or an
  explicit ``kwetsbaar`` attribute) or a pattern (a young person, or a person without any role
  label or co-suspect tie, registered as director of many companies: the straw-man pattern).
  The package selection never proposes a **repressive** action against them unless an analyst
  overrides it with a recorded reason (``select_package(..., overrides=...)``); protective and
  preventive actions route them to care.
* :func:`bystanders` finds persons who are only co-registered at an address (BRP) with no other
  tie: partners, children, unrelated tenants. :func:`without_bystanders` removes them from the
  network used for ranking and maps, returns what it removed (counted, with reasons) so the case
  workflow can report the count and restore them on request (``keep=``).

The case workflow (``netwerk.case``) applies both: ``without_bystanders`` before the vital
ranking and the maps, ``vulnerable_roles`` when it shows the ranking and plans.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..graph.network import Network
from ..i18n import ngettext

__all__ = ["VULNERABLE_LABELS", "vulnerable_roles", "bystanders", "without_bystanders"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

#: Partner role labels (lower case) that mark a probably vulnerable person or possible victim.
VULNERABLE_LABELS = (
    "katvanger", "stroman", "zetbaas", "knipper", "uithaler", "uithalers", "slachtoffer",
    "mogelijk slachtoffer", "uitgebuite werknemer", "minderjarige", "jongere", "sekswerker",
)
_TRUE = {"ja", "true", "1", "yes", "waar"}


def _attr_values(net: Network, attr: str) -> pd.Series:
    """All values of one attribute per node (node table and per-partner table), lower case."""
    parts = []
    if attr in net.nodes.columns:
        s = net.nodes[attr].dropna().astype(str)
        parts.append(pd.DataFrame({"node_id": s.index.astype(str), "value": s.to_numpy()}))
    na = net.node_attributes
    if na is not None and len(na) and {"node_id", "attribute", "value"} <= set(na.columns):
        sel = na[(na["attribute"] == attr) & na["value"].notna()]
        parts.append(pd.DataFrame({"node_id": sel["node_id"].astype(str),
                                   "value": sel["value"].astype(str).to_numpy()}))
    if not parts:
        return pd.Series(dtype=str)
    df = pd.concat(parts, ignore_index=True)
    return df.assign(value=df["value"].str.strip().str.lower()).set_index("node_id")["value"]


def _age(values: pd.Series, today: dt.date) -> pd.Series:
    d = pd.to_datetime(values, errors="coerce", dayfirst=True)
    years = (pd.Timestamp(today) - d).dt.days / 365.25
    return years.groupby(level=0).min()


def vulnerable_roles(net: Network, *, labels: Iterable[str] = VULNERABLE_LABELS,
                     min_companies: int = 4, max_age: float = 23.0,
                     today: dt.date | None = None) -> pd.DataFrame:
    """Persons who are probably vulnerable or victims, with the reason.

    Parameters
    ----------
    net : Network
    labels : iterable of str
        Role labels (``rol``, case-insensitive) that mark a vulnerable role.
    min_companies : int
        Straw-man pattern: director of at least this many companies.
    max_age : float
        A director of ``min_companies`` companies younger than this (years; needs a
        ``geboortedatum`` attribute) is flagged.
    today : date, optional
        Reference date for ages (default: today; pass one for reproducible results).

    Returns
    -------
    pd.DataFrame
        Indexed by node id (sorted); columns ``basis`` (``label``, ``attribuut`` or ``patroon``)
        and ``reason`` (Dutch). Only persons.

    Examples
    --------
    >>> import pandas as pd
    >>> nodes = pd.DataFrame({"id": ["a", "b", "c"], "kind": "person",
    ...                       "rol": ["katvanger", "financier", None]})
    >>> net = Network.from_edges(pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"]}),
    ...                          nodes=nodes)
    >>> vulnerable_roles(net)["reason"].tolist()
    ['rol katvanger (partnerlabel)']
    """
    kinds = net.nodes["kind"].astype(str) if "kind" in net.nodes.columns else \
        pd.Series("person", index=net.nodes.index)
    persons = set(kinds.index[kinds == "person"].astype(str))
    want = {x.strip().lower() for x in labels}
    rows: dict[str, tuple[str, str]] = {}
    rol = _attr_values(net, "rol")
    for node, v in rol.items():
        if node in persons and v in want and node not in rows:
            rows[node] = ("label", f"rol {v} (partnerlabel)")
    flag = _attr_values(net, "kwetsbaar")
    for node, v in flag.items():
        if node in persons and v in _TRUE and node not in rows:
            rows[node] = ("attribuut", "gemarkeerd als kwetsbaar door een partner")
    e = net.edges
    directs = e[e["kind"] == "director_of"].groupby("source")["target"].nunique()
    many = directs[directs >= min_companies]
    if len(many):
        ages = _age(_attr_values(net, "geboortedatum"), today or dt.date.today())
        co = set(e.loc[e["kind"] == "co_suspect", "source"]) | set(
            e.loc[e["kind"] == "co_suspect", "target"])
        for node, n in many.items():
            node = str(node)
            if node not in persons or node in rows:
                continue
            age = ages.get(node, np.nan)
            if np.isfinite(age) and age < max_age:
                rows[node] = ("patroon", f"jong ({int(age)} jaar) en bestuurder van {n} "
                                         "ondernemingen (katvangerpatroon)")
            elif node not in rol.index and node not in co:
                rows[node] = ("patroon", f"bestuurder van {n} ondernemingen zonder eigen rol of "
                                         "medeverdachte (katvangerpatroon)")
    df = pd.DataFrame([(k, b, r) for k, (b, r) in rows.items()],
                      columns=["node_id", "basis", "reason"]).set_index("node_id").sort_index()
    return df


def bystanders(net: Network) -> pd.DataFrame:
    """Persons only co-registered at an address (BRP) with no other tie: *niet-betrokkenen*.

    A person is a bystander when every relation it has is ``registered_at`` and each address it
    is registered at has at least one other person registered there (so it appears in the
    network only because it lives with someone). It carries no role label.

    Returns
    -------
    pd.DataFrame
        Indexed by node id (sorted); columns ``addresses`` (number) and ``co_registered``
        (number of other persons registered at those addresses).

    Examples
    --------
    >>> import pandas as pd
    >>> e = pd.DataFrame({"source": ["s", "h", "s"], "target": ["A", "A", "x"],
    ...                   "kind": ["registered_at", "registered_at", "co_suspect"]})
    >>> nodes = pd.DataFrame({"id": ["s", "h", "A", "x"],
    ...                       "kind": ["person", "person", "address", "person"]})
    >>> bystanders(Network.from_edges(e, nodes=nodes, kind="kind")).index.tolist()
    ['h']
    """
    e = net.edges
    kinds = net.nodes["kind"].astype(str)
    persons = kinds.index[kinds == "person"].astype(str)
    src, tgt, kind = e["source"].astype(str), e["target"].astype(str), e["kind"].astype(str)
    other = set(src[kind != "registered_at"]) | set(tgt[kind != "registered_at"]) | set(
        tgt[kind == "registered_at"])
    reg = e[kind == "registered_at"]
    per_addr = reg.groupby("target")["source"].nunique()
    rol = set(_attr_values(net, "rol").index)
    rows = []
    for p in sorted(set(persons) - other - rol):
        addrs = reg.loc[reg["source"] == p, "target"].unique()
        if len(addrs) == 0:
            continue
        co = per_addr.reindex(addrs).fillna(0).astype(int) - 1
        if (co >= 1).all():
            rows.append((p, len(addrs), int(co.sum())))
    return pd.DataFrame(rows, columns=["node_id", "addresses", "co_registered"]).set_index(
        "node_id")


def without_bystanders(net: Network, *, keep: Iterable[str] = ()) -> tuple[Network, pd.DataFrame]:
    """The network without its bystanders (default for ranking and maps), and who was removed.

    Parameters
    ----------
    net : Network
    keep : iterable of str
        Bystanders to keep anyway (the analyst reverses the exclusion for these).

    Returns
    -------
    (Network, pd.DataFrame)
        The reduced network (the input is not changed; call again with ``keep`` or use the
        original to restore) and the :func:`bystanders` table of the removed persons, whose
        length is the count to report.
    """
    found = bystanders(net)
    drop = found.drop(index=[k for k in keep if k in found.index])
    if drop.empty:
        return net, drop
    log.info(ngettext("{n} niet-betrokkene (alleen medebewoner) buiten de analyse gelaten",
                      "{n} niet-betrokkenen (alleen medebewoner) buiten de analyse gelaten",
                      len(drop)))
    return net.remove_nodes(drop.index.tolist()), drop
