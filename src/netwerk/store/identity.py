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

   **Two different registry numbers are never one subject.** A subject has one BSN, one RSIN and
   one KvK number (:data:`UNIQUE_KINDS`). A weaker key (name + birth date, a police person number,
   a branch number) linked to two different BSNs (or RSINs, or KvK numbers) is a conflict: two
   people with the same name and birth date, a typo, a placeholder nobody listed. Transitive
   closure would make the two one person, and every tie of the one the other's. Such a key is not
   linked to either (it stays a subject of its own) and the conflict is counted and said
   (:func:`identity_conflicts`): a person, not a rule, decides who is who. This is the practice of
   record linkage with "cannot-link" constraints (Christen, *Data Matching*, Springer 2012, ch. 6);
   the rule is deterministic and does not depend on the order of the links.

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
    "UNIQUE_KINDS",
    "alias_map",
    "identity_conflicts",
    "key_kind",
    "match_rates",
    "partner_sightings",
    "resolve_identities",
]

#: Prefixes in order of preference for the canonical id of a subject (lower = preferred).
PREFIX_PRIORITY: dict[str, int] = {"BSN": 0, "RSIN": 1, "KVK": 2, "NGD": 3, "PID": 4}
_OTHER = len(PREFIX_PRIORITY)
#: Key kinds a subject has at most one of: two different ids of one of these kinds are two
#: subjects, whatever links them (a branch number, ``VES``, is not among them: a company has many).
UNIQUE_KINDS: tuple[str, ...] = ("BSN", "RSIN", "KVK")


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

    Union-find over the links (connected components of the link graph) without the links of a
    conflicting key (see the module docstring and :func:`identity_conflicts`); per component
    the alias with the highest-priority prefix (:data:`PREFIX_PRIORITY`), ties broken by the
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

    One name + birth-date key on two BSNs: three subjects, not one.

    >>> alias_map(pd.DataFrame({"node_a": ["NGD-1", "NGD-1"], "node_b": ["BSN-8", "BSN-9"]})
    ...           ).to_dict()
    {'BSN-8': 'BSN-8', 'BSN-9': 'BSN-9', 'NGD-1': 'NGD-1'}
    """
    empty = pd.Series([], index=pd.Index([], name="alias", dtype="str"), name="canonical",
                      dtype="str")
    if links is None or not len(links):
        return empty
    uniq, comp, _ = _subjects(links)
    prio = key_kind(pd.Series(uniq)).map(PREFIX_PRIORITY).fillna(_OTHER).astype(int).to_numpy()
    frame = pd.DataFrame({"alias": uniq, "comp": comp, "prio": prio})
    best = (frame.sort_values(["comp", "prio", "alias"], kind="stable")
            .drop_duplicates("comp").set_index("comp")["alias"])
    return pd.Series(best.loc[frame["comp"]].to_numpy(), index=pd.Index(uniq, name="alias"),
                     name="canonical", dtype="str")


def _components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Connected-component label of each of ``n`` nodes over the undirected links ``a``-``b``."""
    graph = coo_matrix((np.ones(len(a), dtype=np.int8), (a, b)), shape=(n, n))
    return connected_components(graph, directed=False)[1]


def _subjects(links: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    """The ids of ``links`` (sorted), the subject (component label) of each after the
    cannot-link rule (module docstring), and the conflicts found (see
    :func:`identity_conflicts`).

    1. The weak ids (not of :data:`UNIQUE_KINDS`) are grouped over the links between weak ids.
    2. A group linked to two different ids of one unique kind is a conflict: its links to ids of
       the unique kinds are not used (the group stays a subject of its own).
    3. A subject that still holds two ids of one unique kind (chained through other unique
       kinds, e.g. BSN - KVK - BSN) keeps only its links between weak ids: each unique id
       stands alone, and the subject is a conflict too.
    """
    la = links["node_a"].astype("str").to_numpy(dtype=object).astype(str)
    lb = links["node_b"].astype("str").to_numpy(dtype=object).astype(str)
    uniq = np.unique(np.concatenate([la, lb]))
    n = len(uniq)
    a, b = np.searchsorted(uniq, la), np.searchsorted(uniq, lb)
    kinds = key_kind(pd.Series(uniq)).to_numpy(dtype=object)
    code = np.full(n, -1, dtype=np.int64)  # which unique kind, -1: a weak id
    for k, name in enumerate(UNIQUE_KINDS):
        code[kinds == name] = k
    strong = code >= 0
    ww = ~strong[a] & ~strong[b]
    group = _components(n, a[ww], b[ww])  # weak groups (each unique id alone)
    # the unique ids each weak group is linked to, per kind
    ws = strong[a] != strong[b]
    g_of = np.where(strong[a[ws]], group[b[ws]], group[a[ws]])
    s_of = np.where(strong[a[ws]], a[ws], b[ws])
    touch = pd.DataFrame({"group": g_of, "kind": code[s_of], "id": s_of}).drop_duplicates()
    per = touch.groupby(["group", "kind"])["id"].nunique()
    bad_groups = np.unique(per[per > 1].index.get_level_values("group").to_numpy())
    keep = ~np.isin(group[a], bad_groups) & ~np.isin(group[b], bad_groups) | ww
    keep |= strong[a] & strong[b]
    comp = _components(n, a[keep], b[keep])
    chained = pd.DataFrame({"comp": comp[strong], "kind": code[strong]})
    many = chained.groupby(["comp", "kind"]).size()
    bad_comps = np.unique(many[many > 1].index.get_level_values("comp").to_numpy())
    rows = []
    if len(bad_groups):
        ids = pd.Series(uniq[np.arange(n)], index=np.arange(n))
        bad = touch[np.isin(touch["group"].to_numpy(), bad_groups)]
        keys = ids[np.isin(group, bad_groups)].groupby(group[np.isin(group, bad_groups)]).agg(
            lambda v: ";".join(sorted(v)))
        to = bad.assign(name=uniq[bad["id"].to_numpy()]).groupby("group")["name"].agg(
            lambda v: ";".join(sorted(set(v))))
        rows += [(keys[g], to[g], "key_on_several") for g in bad_groups.tolist()]
    if len(bad_comps):
        rows += [("", ";".join(sorted(uniq[strong & (comp == c)])), "chained")
                 for c in bad_comps.tolist()]
        keep &= ~np.isin(comp[a], bad_comps) | ww
        comp = _components(n, a[keep], b[keep])
    conflicts = pd.DataFrame(rows, columns=["keys", "linked_to", "kind"])
    return uniq, comp, conflicts.sort_values(["kind", "linked_to", "keys"],
                                             ignore_index=True)


def identity_conflicts(links: pd.DataFrame | None) -> pd.DataFrame:
    """The identity links that :func:`alias_map` does not follow: keys linked to two or more
    different ids of one unique kind (:data:`UNIQUE_KINDS`).

    Parameters
    ----------
    links : pd.DataFrame or None
        Columns ``node_a`` and ``node_b`` (pseudonyms).

    Returns
    -------
    pd.DataFrame
        One row per conflict, columns ``keys`` (the weak ids grouped by their own links,
        ``;``-joined pseudonyms), ``linked_to`` (the unique ids they point to, ``;``-joined) and
        ``kind``: ``key_on_several`` (a key on several BSNs, RSINs or KvK numbers) or ``chained``
        (unique ids of one kind joined through ids of other unique kinds; ``keys`` empty).
        Pseudonyms only: no raw value is in a case store. Sorted; empty when there is none.

    Examples
    --------
    >>> links = pd.DataFrame({"node_a": ["NGD-1", "NGD-1", "NGD-2"],
    ...                       "node_b": ["BSN-8", "BSN-9", "BSN-9"]})
    >>> identity_conflicts(links).to_dict("records")
    [{'keys': 'NGD-1', 'linked_to': 'BSN-8;BSN-9', 'kind': 'key_on_several'}]
    >>> len(identity_conflicts(None))
    0
    """
    if links is None or not len(links):
        return pd.DataFrame({c: pd.Series(dtype="str") for c in ("keys", "linked_to", "kind")})
    return _subjects(links)[2]


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
