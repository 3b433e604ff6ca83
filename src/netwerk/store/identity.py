"""Identity resolution and match rates over a case store.

Lives in the store layer so :func:`netwerk.store.load_network` and ``case_summary`` can use it
without importing the ingest layer.

Linking records about one subject across partners has two mechanisms:

1. **Equal pseudonyms** link automatically: every partner pseudonymises a BSN under the same key,
   so the same person has the same node id (``BSN-…``) in every extract.
2. **Identity links**: a record that carries two pseudonyms of one subject (e.g. a BSN pseudonym and
   a name + birth-date pseudonym, ``NodeMap.also``) links the two. The links are closed
   transitively (union-find over connected components) and each subject gets one canonical id: the
   alias with the highest-priority prefix (BSN > RSIN > KVK > NGD > PID > others), ties broken by
   the lexicographically smallest id.

:func:`match_rates` reports, per partner and key kind (pseudonym prefix), how many of the partner's
nodes are known to at least one other partner.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from .casestore import connect

__all__ = [
    "PREFIX_PRIORITY",
    "alias_map",
    "key_kind",
    "match_rates",
    "partner_sightings",
    "resolve_identities",
]

#: Prefixes in order of preference for the canonical id of a subject (lower = preferred).
PREFIX_PRIORITY: dict[str, int] = {"BSN": 0, "RSIN": 1, "KVK": 2, "NGD": 3, "PID": 4}
_OTHER = len(PREFIX_PRIORITY)


def key_kind(ids: pd.Series | pd.Index) -> pd.Series:
    """The key kind (pseudonym prefix before the first ``-``) of each id.

    Examples
    --------
    >>> key_kind(pd.Series(["BSN-00ab", "KVK-12", "plain"])).tolist()
    ['BSN', 'KVK', 'plain']
    """
    s = pd.Series(ids, dtype="str")
    return s.str.split("-", n=1).str[0]


def alias_map(links: pd.DataFrame | None) -> pd.Series:
    """Canonical id of every id that occurs in an identity link (the only ids that can change).

    Union-find over the links (connected components of the link graph); per component the alias
    with the highest-priority prefix (:data:`PREFIX_PRIORITY`), ties broken by the
    lexicographically smallest id.

    Parameters
    ----------
    links : pd.DataFrame or None
        Columns ``node_a`` and ``node_b``.

    Returns
    -------
    pd.Series
        Indexed by alias (sorted), values the canonical id (an alias that is itself canonical maps
        to itself).

    Examples
    --------
    >>> alias_map(pd.DataFrame({"node_a": ["NGD-1"], "node_b": ["BSN-9"]})).to_dict()
    {'BSN-9': 'BSN-9', 'NGD-1': 'BSN-9'}
    """
    empty = pd.Series([], index=pd.Index([], name="alias", dtype="str"), name="canonical",
                      dtype="str")
    if links is None or not len(links):
        return empty
    la = links["node_a"].astype("str").to_numpy(dtype=object)
    lb = links["node_b"].astype("str").to_numpy(dtype=object)
    uniq = np.unique(np.concatenate([la, lb]).astype(str))
    n = len(uniq)
    a = np.searchsorted(uniq, la.astype(str))
    b = np.searchsorted(uniq, lb.astype(str))
    graph = coo_matrix((np.ones(len(a), dtype=np.int8), (a, b)), shape=(n, n))
    _, comp = connected_components(graph, directed=False)
    prio = key_kind(pd.Series(uniq)).map(PREFIX_PRIORITY).fillna(_OTHER).astype(int).to_numpy()
    frame = pd.DataFrame({"alias": uniq, "comp": comp, "prio": prio})
    best = (frame.sort_values(["comp", "prio", "alias"], kind="stable")
            .drop_duplicates("comp").set_index("comp")["alias"])
    return pd.Series(best.loc[frame["comp"]].to_numpy(), index=pd.Index(uniq, name="alias"),
                     name="canonical", dtype="str")


def resolve_identities(nodes: Iterable[str] | pd.Index | pd.Series,
                       links: pd.DataFrame | None) -> pd.Series:
    """Map every node id (alias) to the canonical id of its subject.

    Parameters
    ----------
    nodes : iterable of str
        All node ids. Ids that appear only in ``links`` are added.
    links : pd.DataFrame or None
        Identity links with columns ``node_a`` and ``node_b``.

    Returns
    -------
    pd.Series
        Indexed by alias (sorted), values the canonical id; an unlinked id maps to itself.
        See :func:`alias_map` for the rule.

    Examples
    --------
    >>> links = pd.DataFrame({"node_a": ["NGD-1", "NGD-1"], "node_b": ["BSN-9", "PID-3"]})
    >>> resolve_identities(["KVK-5", "PID-3"], links).to_dict()
    {'BSN-9': 'BSN-9', 'KVK-5': 'KVK-5', 'NGD-1': 'BSN-9', 'PID-3': 'BSN-9'}
    """
    linked = alias_map(links)
    ids = pd.Index(pd.unique(pd.Series(list(nodes) if not isinstance(nodes, pd.Series)
                                       else nodes.to_numpy(), dtype="str")))
    ids = ids.append(linked.index).unique().sort_values()
    out = pd.Series(ids.to_numpy(), index=pd.Index(ids.to_numpy(), name="alias", dtype="str"),
                    name="canonical", dtype="str")
    if len(linked):
        out.loc[linked.index] = linked.to_numpy()
    return out


def partner_sightings(con) -> pd.DataFrame:
    """Distinct ``(node_id, partner)`` pairs of a case store connection."""
    return con.execute(
        "SELECT DISTINCT node_id, partner FROM node_sightings ORDER BY partner, node_id").df()


def match_rates(case: str | Path, *, resolve: bool = True) -> pd.DataFrame:
    """How many of each partner's nodes, per key kind, are known to another partner.

    Parameters
    ----------
    case : str or Path
        The case store.
    resolve : bool
        Count a node as linked when its *subject* (after identity resolution) is known to another
        partner under any alias; ``linked_exact`` always counts only equal pseudonyms.

    Returns
    -------
    pd.DataFrame
        Columns ``partner``, ``key_kind``, ``count``, ``linked``, ``linked_exact``, ``rate``
        (``linked / count``), sorted by partner and key kind.
    """
    with connect(case, read_only=True) as con:
        links = con.execute("SELECT node_a, node_b FROM identity_links").df() if resolve else None
        amap = alias_map(links)
        con.register("cd", pa.table({
            "alias": pa.array(amap.index.to_numpy(dtype=object), pa.string()),
            "canonical": pa.array(amap.to_numpy(dtype=object), pa.string())}))
        out = con.execute(_MATCH_SQL).df()
        con.unregister("cd")
    out["count"] = out["count"].astype(int)
    out["linked"] = out["linked"].astype(int)
    out["linked_exact"] = out["linked_exact"].astype(int)
    out["rate"] = (out["linked"] / out["count"]).astype(float)
    return out[["partner", "key_kind", "count", "linked", "linked_exact", "rate"]]


_MATCH_SQL = """
WITH s AS (
    SELECT DISTINCT s.node_id, s.partner, coalesce(cd.canonical, s.node_id) AS subject
    FROM node_sightings s LEFT JOIN cd ON s.node_id = cd.alias
), by_node AS (
    SELECT node_id, count(DISTINCT partner) AS k FROM s GROUP BY node_id
), by_subject AS (
    SELECT subject, count(DISTINCT partner) AS k FROM s GROUP BY subject
)
SELECT s.partner, split_part(s.node_id, '-', 1) AS key_kind, count(*) AS count,
       count(*) FILTER (WHERE by_subject.k > 1) AS linked,
       count(*) FILTER (WHERE by_node.k > 1) AS linked_exact
FROM s JOIN by_node USING (node_id) JOIN by_subject USING (subject)
GROUP BY 1, 2
ORDER BY 1, 2
"""
