"""Building a :class:`~netwerk.graph.Network` from a case store, and summarising a case.

The work happens in DuckDB (joins with the alias map, aggregation, pivot); pandas only receives
the finished tables. Identity resolution (:func:`netwerk.store.identity.alias_map`) merges the aliases of one
subject into its canonical node. When partners disagree on a node attribute, the node table shows the
value of the most recent import; ``net.node_attributes`` keeps every value with its partner.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from ..graph.network import PROVENANCE_COLUMNS, Network
from ..i18n import _
from ..privacy import mask_name
from .casestore import connect, content_sha256, get_info
from .identity import alias_map, identity_conflicts, match_rates

__all__ = ["load_network", "case_summary"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

def _typed(values: pd.Series, types: set[str]) -> pd.Series:
    """Turn a text attribute column into numbers/dates/bools when every stored value has that type."""
    if len(types) != 1:
        return values
    kind = next(iter(types))
    if kind in ("int", "float"):
        return pd.to_numeric(values, errors="coerce")
    if kind == "date":
        return pd.to_datetime(values, errors="coerce", format="%Y-%m-%d")
    if kind == "bool":
        return values.map({"true": True, "false": False}).astype("object")
    return values


#: SQL pieces; ``cd(alias, canonical)`` is the registered alias map (only ids that change).
_CANON = "coalesce(cd.canonical, {col})"

_NODES_SQL = f"""
WITH n AS (
    SELECT n.node_id, {_CANON.format(col="n.node_id")} AS canonical, n.kind, n.label
    FROM nodes n LEFT JOIN cd ON n.node_id = cd.alias
), p AS (
    SELECT {_CANON.format(col="s.node_id")} AS canonical,
           array_to_string(list_sort(list_distinct(list(s.partner))), ';') AS partners
    FROM node_sightings s LEFT JOIN cd ON s.node_id = cd.alias
    GROUP BY 1
)
SELECT n.canonical AS id,
       coalesce(any_value(n.kind) FILTER (WHERE n.node_id = n.canonical), any_value(n.kind)) AS kind,
       coalesce(any_value(n.label) FILTER (WHERE n.node_id = n.canonical AND n.label <> n.node_id),
                min(n.label) FILTER (WHERE n.label <> n.node_id), n.canonical) AS label,
       coalesce(any_value(p.partners), '') AS partners,
       coalesce(string_agg(n.node_id, ';' ORDER BY n.node_id)
                FILTER (WHERE n.node_id <> n.canonical), '') AS aliases
FROM n LEFT JOIN p ON n.canonical = p.canonical
GROUP BY n.canonical
ORDER BY n.canonical
"""

_LATEST_SQL = f"""
SELECT id, attribute, value FROM (
    SELECT {_CANON.format(col="a.node_id")} AS id, a.attribute, a.value,
           row_number() OVER (PARTITION BY {_CANON.format(col="a.node_id")}, a.attribute
                              ORDER BY a.import_id DESC, a.value DESC) AS rn
    FROM node_attributes a LEFT JOIN cd ON a.node_id = cd.alias
) WHERE rn = 1
"""

_LONG_SQL = f"""
SELECT {_CANON.format(col="a.node_id")} AS node_id, a.node_id AS alias, a.attribute, a.value,
       a.value_type, a.restricted, a.partner, a.import_id
FROM node_attributes a LEFT JOIN cd ON a.node_id = cd.alias
ORDER BY a.import_id, a.node_id, a.attribute, a.value
"""

_EDGES_SQL = f"""
SELECT r.relation_id, {_CANON.format(col="r.source").replace("cd.", "cs.")} AS source,
       {_CANON.format(col="r.target").replace("cd.", "ct.")} AS target, r.kind, r.weight,
       r.directed, {", ".join("r." + c for c in PROVENANCE_COLUMNS)}, r."row", r.attributes,
       r.source AS source_alias, r.target AS target_alias
FROM relations r
LEFT JOIN cd cs ON r.source = cs.alias
LEFT JOIN cd ct ON r.target = ct.alias
ORDER BY r.relation_id
"""


def _attribute_columns(con, nodes: pd.DataFrame) -> pd.DataFrame:
    types = dict(con.execute("SELECT attribute, list_distinct(list(value_type)) FROM "
                             "node_attributes GROUP BY attribute").fetchall())
    if not types:
        return nodes
    latest = con.execute(f"PIVOT ({_LATEST_SQL}) ON attribute USING first(value) GROUP BY id "
                         "ORDER BY id").df().set_index("id")
    out = nodes.copy()
    for col in sorted(latest.columns):
        if col in out.columns:
            log.warning(_("kenmerk '{kenmerk}' van de knooppunten heeft de naam van een vaste "
                          "kolom; het staat alleen in de kenmerkentabel", kenmerk=col))
            continue
        out[col] = _typed(latest[col].reindex(out.index), set(types.get(col) or []))
    return out


def load_network(path: str | Path, *, resolve: bool = True, directed: bool = False) -> Network:
    """Load the network of a case store.

    Parameters
    ----------
    path : str or Path
        The case store (``CASE.duckdb``).
    resolve : bool
        Merge the aliases of one subject (identity links) into one canonical node.
    directed : bool
        Treat ties as directed in the analysis (default undirected; each record keeps its
        relation kind's ``directed`` flag).

    Returns
    -------
    Network
        Nodes indexed by (canonical) id with ``kind``, ``label``, ``partners`` (sorted,
        ``;``-joined), ``aliases`` (other pseudonyms merged in, ``;``-joined, ``""`` if none) and
        one column per node attribute (``stage`` among them if known): when partners disagree,
        the value of the most recent import (within one import the greatest value). Edges: one
        row per relation record, endpoints mapped to canonical ids (``source_alias``/
        ``target_alias`` keep the stored pseudonyms), with all provenance columns. ``meta``:
        ``case``, ``case_info``, ``imports`` (list of dicts), ``key_fingerprint``,
        ``crime_type``, ``identity_conflicts`` (records of
        :func:`~netwerk.store.identity.identity_conflicts`: links not followed, so that two
        registry numbers never become one subject; also logged as a warning),
        ``content_sha256`` (:func:`~netwerk.store.casestore.content_sha256`). ``node_attributes``: every value with its partner and import
        (``node_id`` canonical, ``alias`` as stored).

    Examples
    --------
    ``hennep_oost`` is the synthetic sample case store (``netwerk.datasets.sample_case``):

    >>> net = load_network(hennep_oost)
    >>> net.meta["crime_type"], len(net.nodes), len(net.edges)
    ('cannabis', 171, 328)
    >>> sorted(net.nodes["kind"].unique())[:4]
    ['account', 'address', 'company', 'permit']
    >>> bool(net.nodes.index.is_unique) and bool(net.edges["source"].isin(net.nodes.index).all())
    True
    """
    with connect(path, read_only=True) as con:
        info = get_info(con)
        links = (con.execute("SELECT node_a, node_b FROM identity_links").df() if resolve
                 else None)
        amap = alias_map(links)
        amap = amap[amap.index != amap.to_numpy()]
        conflicts = identity_conflicts(links)
        if len(conflicts):
            log.warning(_(
                "{n} identiteitsconflict(en) in {casus}: een sleutel (naam + geboortedatum, "
                "persoonsnummer, vestigingsnummer) hoort bij meer dan één BSN, RSIN of "
                "KvK-nummer; die sleutels zijn niet gekoppeld, zodat twee subjecten niet één "
                "worden. Bespreek ze met de partners (netwerk info toont ze)",
                n=len(conflicts), casus=mask_name(Path(path).name)))
        cd = pa.table({"alias": pa.array(amap.index.to_numpy(dtype=object), pa.string()),
                       "canonical": pa.array(amap.to_numpy(dtype=object), pa.string())})
        con.register("cd", cd)
        node_table = con.execute(_NODES_SQL).df().set_index("id")
        node_table = _attribute_columns(con, node_table)
        edges = con.execute(_EDGES_SQL).df()
        long = con.execute(_LONG_SQL).df()
        imports = con.execute("SELECT * FROM imports ORDER BY import_id").df()
        con.unregister("cd")
        content = content_sha256(con)
    for col in ("observed", "valid_from", "valid_to"):
        edges[col] = pd.to_datetime(edges[col])
    node_table.index.name = "id"
    imports_records = [
        {k: (v.isoformat() if isinstance(v, pd.Timestamp) else
             v.item() if isinstance(v, np.generic) else v) for k, v in r.items()}
        for r in imports.to_dict("records")
    ]
    meta: dict[str, Any] = {
        "source": "case",
        "case": str(path),
        "case_info": info,
        "imports": imports_records,
        "key_fingerprint": info.get("key_fingerprint"),
        "crime_type": info.get("crime_type"),
        "resolved": resolve,
        "identity_conflicts": conflicts.to_dict("records"),
        "content_sha256": content,
    }
    return Network(nodes=node_table, edges=edges, directed=directed, meta=meta,
                   node_attributes=long)


def case_summary(path: str | Path) -> dict[str, Any]:
    """Everything ``netwerk info`` prints, as plain data.

    Returns
    -------
    dict
        ``case`` (path), ``case_info``, ``network`` (:meth:`Network.summary`), ``nodes_by_kind``,
        ``nodes_by_partner`` and ``relations_by_kind_partner`` (lists of records), ``imports``
        (records), ``rejects_by_reason``, ``match_rates`` (records), ``aliases_merged``,
        ``identity_conflicts`` (records, see :func:`load_network`).
    """
    net = load_network(path)
    with connect(path, read_only=True) as con:
        rejects = con.execute("SELECT reason, count(*) AS n FROM rejects GROUP BY reason "
                              "ORDER BY reason").fetchall()
    # subjects (after linking) per partner and kind
    per = net.nodes[["kind", "partners"]].assign(partner=net.nodes["partners"].str.split(";"))
    per = per.explode("partner")
    per = per[per["partner"].fillna("") != ""]
    by_partner = (per.groupby(["partner", "kind"]).size().rename("n").reset_index()
                  if len(per) else pd.DataFrame(columns=["partner", "kind", "n"]))
    rel = net.edges
    rel_kp = (rel.groupby(["kind", "partner"]).size().rename("n").reset_index()
              if len(rel) else pd.DataFrame(columns=["kind", "partner", "n"]))
    merged = int((net.nodes["aliases"] != "").sum())
    return {
        "case": str(path),
        "case_info": net.meta["case_info"],
        "network": net.summary(),
        "nodes_by_kind": net.nodes["kind"].value_counts().sort_index().to_dict(),
        "nodes_by_partner": by_partner.to_dict("records"),
        "relations_by_kind_partner": rel_kp.to_dict("records"),
        "imports": [{k: r[k] for k in ("import_id", "file_name", "partner", "spec_name",
                                        "imported_at", "rows_read", "rows_used", "duplicates",
                                        "rejects", "leak_override")}
                    for r in net.meta["imports"]],
        "rejects_by_reason": dict(rejects),
        "match_rates": match_rates(path).to_dict("records"),
        "aliases_merged": merged,
        "identity_conflicts": net.meta["identity_conflicts"],
    }
