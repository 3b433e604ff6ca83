"""The :class:`Network`: an igraph graph plus node and edge tables with kinds and provenance.

Design
------
* ``nodes`` is a DataFrame indexed by node id (``str``), in igraph vertex order. It always has the
  columns ``kind`` and ``label``; a case network also has ``partners`` (which partners know the node)
  and any attributes the specs mapped (e.g. ``sbi``, ``stage``).
* ``edges`` is a DataFrame with one row per *relation record*, in igraph edge order, with at least
  ``source``, ``target``, ``kind`` and ``weight``. Case networks add the provenance columns
  (:data:`PROVENANCE_COLUMNS`). Two partners reporting the same tie give two records: the
  provenance of each survives.
* Analysis runs on :meth:`Network.simple_graph`: the records collapsed to one tie per node pair
  (weights summed, the number of records kept as ``records``), without self-loops. It is cached.

A Network is treated as immutable: filters and projections return new Networks.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import igraph as ig
import numpy as np
import pandas as pd

from ..errors import GraphError, Reason
from ..i18n import N_, _, ngettext

__all__ = ["Network", "PROVENANCE_COLUMNS", "REJECT_REASONS", "describe_rejects"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

#: Provenance columns every relation record of a case network carries.
PROVENANCE_COLUMNS = [
    "partner",
    "import_id",
    "extract",
    "observed",
    "valid_from",
    "valid_to",
    "grading_scheme",
    "grading_source",
    "grading_information",
    "grading_score",
    "legal_basis",
]


#: ``meta`` keys of :meth:`Network.from_edges` that describe the rows read
_READ_KEYS = ("rows_read", "rejected_edges", "rejects", "node_rows_read", "rejected_nodes",
              "duplicate_node_rows", "node_rejects", "empty_rows", "repeated_headers",
              "node_empty_rows", "node_repeated_headers", "excel_errors_emptied")

#: Reasons an edge-list row is not used, in words (Dutch message ids)
REJECT_REASONS = {
    str(Reason.EMPTY_ENDPOINT): N_("bron of doel leeg"),
    str(Reason.EXCEL_ERROR): N_("id is een Excel-foutwaarde (zoals #N/B of #WAARDE!)"),
    str(Reason.MISSING_WEIGHT): N_("gewicht leeg"),
    str(Reason.UNPARSABLE_NUMBER): N_("gewicht is geen getal"),
    str(Reason.NON_FINITE_WEIGHT): N_("gewicht oneindig"),
    str(Reason.NEGATIVE_WEIGHT): N_("gewicht negatief"),
    str(Reason.ZERO_WEIGHT): N_("gewicht 0"),
    # read rules of a CSV edge list (:func:`netwerk.graph.edgelist.read_network`)
    str(Reason.FIELD_COUNT): N_("aantal velden klopt niet"),
    str(Reason.TRUNCATED_LINE): N_("afgebroken regel"),
    str(Reason.UNPARSABLE_VALUE): N_("onleesbare regel"),
    # node table
    str(Reason.MISSING_IDENTIFIER): N_("id leeg"),
}


def describe_rejects(meta: dict[str, Any], *, file: str | None = None,
                     table: str = "edges") -> list[str]:
    """One line per reason an edge-list row was rejected, naming the first row and its column
    (and, for a row the CSV reader refused, what it found: ``regel 3 heeft 3 velden, ...``).

    Parameters
    ----------
    meta : dict
        ``Network.meta`` of :meth:`Network.from_edges`.
    file : str, optional
        The file the rows came from (named at the start of each line).
    table : {"edges", "nodes"}
        The rows of the edge list, or of the node table (``rejected_nodes``/``node_rejects``).

    Returns
    -------
    list of str
        In the current language; empty when nothing was rejected.

    Examples
    --------
    >>> e = pd.DataFrame({"source": ["a", "b", ""], "target": ["b", "c", "c"], "w": [1, -1, 2]})
    >>> describe_rejects(Network.from_edges(e, weight="w").meta, file="e.csv")
    ["e.csv, rij 3, kolom 'source': 1 rij afgewezen (bron of doel leeg)", "e.csv, rij 2, kolom 'w': 1 rij afgewezen (gewicht negatief)"]
    """
    counts, listed = (("rejected_edges", "rejects") if table == "edges"
                      else ("rejected_nodes", "node_rejects"))
    first: dict[str, dict[str, Any]] = {}
    for r in meta.get(listed, []):
        first.setdefault(r["reason"], r)
    out = []
    for reason, n in meta.get(counts, {}).items():
        if not n:
            continue
        r = first.get(reason, {})
        where = ", ".join(x for x in (file, _("rij {n}", n=r["row"]) if r else None,
                                      _("kolom '{kolom}'", kolom=r["column"])
                                      if r and r.get("column") else None) if x)
        why = _(REJECT_REASONS.get(reason, reason))
        if r.get("detail"):
            why = f"{why}: {r['detail']}"
        what = ngettext("{n} rij afgewezen ({reden})", "{n} rijen afgewezen ({reden})", int(n),
                        reden=why)
        out.append(f"{where}: {what}" if where else what)
    return out


@dataclass(eq=False)
class Network:
    """A network of typed nodes and typed, provenance-carrying relations.

    Parameters
    ----------
    nodes : pd.DataFrame
        Indexed by node id; must have ``kind``; ``label`` defaults to the id.
    edges : pd.DataFrame
        Columns ``source``, ``target`` (node ids) and optionally ``kind``, ``weight`` and provenance.
    directed : bool
        Whether the analysis treats ties as directed.
    meta : dict
        Where the network came from (case path, imports, key fingerprint, ...).
    node_attributes : pd.DataFrame, optional
        Long table ``node_id, attribute, value, partner``: which partner said what about a node.

    Examples
    --------
    >>> import pandas as pd
    >>> net = Network.from_edges(pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"]}))
    >>> net.n_nodes, net.n_edges
    (3, 2)
    """

    nodes: pd.DataFrame
    edges: pd.DataFrame
    directed: bool = False
    meta: dict[str, Any] = field(default_factory=dict)
    node_attributes: pd.DataFrame | None = None

    def __post_init__(self) -> None:
        nodes = self.nodes.copy()
        nodes.index = nodes.index.astype(str)
        nodes.index.name = "id"
        if nodes.index.has_duplicates:
            dup = nodes.index[nodes.index.duplicated()][0]
            raise GraphError(_("knooppunt-id '{id}' komt meer dan eens voor in de knooppuntentabel", id=dup))
        if "kind" not in nodes.columns:
            nodes["kind"] = "node"
        if "label" not in nodes.columns:
            nodes["label"] = nodes.index.to_numpy()
        edges = self.edges.reset_index(drop=True).copy()
        for col in ("source", "target"):
            if col not in edges.columns:
                raise GraphError(_("de relatietabel heeft geen kolom '{kolom}'", kolom=col))
            edges[col] = edges[col].astype(str)
        if "kind" not in edges.columns:
            edges["kind"] = "tie"
        if "weight" not in edges.columns:
            edges["weight"] = 1.0
        edges["weight"] = _valid_weights(edges["weight"])
        # positional lookup (get_indexer) is far faster than isin on Arrow-backed strings
        src = nodes.index.get_indexer(edges["source"]) if len(edges) else np.empty(0, int)
        tgt = nodes.index.get_indexer(edges["target"]) if len(edges) else np.empty(0, int)
        unknown = (src < 0) | (tgt < 0)
        if unknown.any():
            row = edges[unknown].iloc[0]
            raise GraphError(
                ngettext("{n} relatie noemt knooppunten die niet in de knooppuntentabel staan, "
                         "bijv. {bron} -> {doel}",
                         "{n} relaties noemen knooppunten die niet in de knooppuntentabel staan, "
                         "bijv. {bron} -> {doel}", int(unknown.sum()),
                         bron=row["source"], doel=row["target"]),
                reason=Reason.UNKNOWN_NODE,
            )
        self.nodes = nodes
        self.edges = edges
        g = ig.Graph(n=len(nodes), edges=np.column_stack([src, tgt]) if len(edges) else [],
                     directed=self.directed)
        g.vs["name"] = nodes.index.tolist()
        g.es["weight"] = edges["weight"].tolist()
        g.es["kind"] = edges["kind"].astype(str).tolist()
        self.graph = g

    # ------------------------------------------------------------------ constructors
    @classmethod
    def from_edges(
        cls,
        edges: pd.DataFrame,
        source: str = "source",
        target: str = "target",
        directed: bool = False,
        weight: str | None = None,
        nodes: pd.DataFrame | None = None,
        node_id: str = "id",
        kind: str | None = None,
        *,
        decimal: str | None = None,
        rows: Sequence[int] | None = None,
        node_rows: Sequence[int] | None = None,
    ) -> Network:
        """Build a Network from any edge list (research data, other tools' exports).

        Parameters
        ----------
        edges : pd.DataFrame, shape (rows, columns)
            One row per relation record.
        source, target : str
            Columns holding the endpoint ids.
        directed : bool
            Treat ties as directed.
        weight : str, optional
            Column holding tie weights (default: every tie weighs 1). A weight must be a finite
            number greater than 0: it is read as a length (``distance="weight"``) or a strength
            (``distance="inverse"``), and 0 or less has no meaning as either.
        nodes : pd.DataFrame, optional
            Node attributes; ``node_id`` names its id column. Nodes listed here but in no edge are
            kept as isolates; nodes in edges but not listed get kind ``"node"``.
        node_id : str
            Id column of ``nodes``.
        kind : str, optional
            Column holding the relation kind of each tie.
        decimal : {",", "."}, optional
            Decimal mark of weights written as text. Default: decided per column (see Notes).
        rows, node_rows : sequence of int, optional
            The data-row number of each edge (node) row, for rejects and messages (default
            1, 2, ...; a CSV reader passes the rows it skipped as gaps).

        Returns
        -------
        Network
            With ``meta`` recording what happened to every row (see :meth:`record_counts`):

            * ``rows_read``: edge rows given;
            * ``rejected_edges``: rows not used, by reason (``empty_endpoint`` always present):
              ``empty_endpoint`` (source or target empty, blank or missing: never a node),
              ``missing_weight`` (blank or NaN weight), ``unparsable_number`` (not a number),
              ``non_finite_weight`` (``inf``), ``negative_weight``, ``zero_weight``;
            * ``rejects``: one entry per rejected row: ``row`` (1-based data row, the header is
              row 0), ``column`` and ``reason``;
            * ``ids``: how many id cells were normalised: ``trimmed`` (leading/trailing spaces),
              ``integer_valued_float`` (``2.0`` read as ``2``, as identifiers are elsewhere:
              pandas reads a numeric id column with a blank as floats);
            * with ``nodes``: ``node_rows_read``, ``rejected_nodes`` (``missing_identifier``: a row
              without id never becomes a node) and ``duplicate_node_rows`` (identical repeated
              rows, kept once).

            The texts ``NA`` and ``N/A`` are ordinary ids (read edge lists with
            ``keep_default_na=False``). Self-loops are kept as records but left out of the
            analysis graph (:attr:`simple_graph`); :meth:`record_counts` counts them.
            ``weight_decimal`` says how text weights were read (``","``, ``"."``, ``"both"`` or
            ``None`` when no weight needed a mark).

        Raises
        ------
        GraphError
            A named column is missing, the node table has two *different* rows for one id
            (reason ``duplicate_node``: which one is right cannot be decided here), or a text
            weight such as ``1.500`` could be read two ways and the column does not decide
            (reason ``unparsable_number``: give ``decimal``).

        Notes
        -----
        Weights written as text (a CSV read as text, Dutch Excel) are read with a decimal comma
        or point as the column shows, never guessed per cell: a column in which some value can
        only be read with a decimal comma (``1,5``, ``1.234,5``) and none only with a point is
        read with a comma (``1.500`` is then 1500, as in a spec with ``decimal: ","``), and the
        other way round (``1.5``, ``1,234.5``: ``1,500`` is 1500). A column with both kinds is
        read value by value. A value that both readings accept with different numbers
        (``1.500``, ``1,500``) in a column that does not decide is refused naming its row:
        ``decimal`` decides. Integers need no mark.

        Examples
        --------
        >>> e = pd.DataFrame({"source": ["a", "NA", None, " "], "target": ["NA", "N/A", "b", "c"]})
        >>> net = Network.from_edges(e)
        >>> sorted(net.node_ids), net.meta["rejected_edges"]
        (['N/A', 'NA', 'a'], {'empty_endpoint': 2})

        Ids that pandas read as floats, padded ids, and weights no measure can use:

        >>> e = pd.DataFrame({"source": [1.0, 2.0, 3.0, 4.0], "target": [2.0, 3.0, None, 1.0]})
        >>> sorted(Network.from_edges(e).node_ids)
        ['1', '2', '3', '4']
        >>> e = pd.DataFrame({"source": [" a", "a", "b", "c"], "target": ["b", "c", "c", "a"],
        ...                   "w": ["1", "", "-2", "abc"]})
        >>> net = Network.from_edges(e, weight="w")
        >>> net.n_edges, net.meta["rejected_edges"], net.meta["ids"]["trimmed"]
        (1, {'empty_endpoint': 0, 'missing_weight': 1, 'negative_weight': 1, 'unparsable_number': 1}, 1)
        >>> net.meta["rejects"][0]
        {'row': 2, 'column': 'w', 'reason': 'missing_weight'}

        Dutch decimal weights:

        >>> e = pd.DataFrame({"source": ["a", "b", "c"], "target": ["b", "c", "a"],
        ...                   "w": ["1,5", "2", "1.500"]})
        >>> net = Network.from_edges(e, weight="w")
        >>> net.edges["weight"].tolist(), net.meta["weight_decimal"]
        ([1.5, 2.0, 1500.0], ',')
        """
        for col in (source, target) + ((weight,) if weight else ()) + ((kind,) if kind else ()):
            if col not in edges.columns:
                raise GraphError(
                    _("de relatielijst heeft geen kolom '{kolom}'; wel: {gevonden}", kolom=col,
                      gevonden=", ".join(map(str, edges.columns))),
                    reason=Reason.UNKNOWN_ATTRIBUTE,
                    column=col,
                )
        rows_read = len(edges)
        numbers = (np.asarray(rows, dtype="int64") if rows is not None
                   else np.arange(1, rows_read + 1, dtype="int64"))
        ids_note = {"trimmed": 0, "integer_valued_float": 0, "invisible": 0}
        reason = np.full(rows_read, "", dtype=object)
        where = np.full(rows_read, "", dtype=object)
        ends = {}
        for col in (source, target):
            ends[col], empty = _normalise_ids(edges[col], ids_note)
            hit = empty & (reason == "")
            reason[hit], where[hit] = str(Reason.EMPTY_ENDPOINT), col
            # a failed lookup (#N/A, #N/B) is unknown, never a node that ties rows together
            hit = excel_error_mask(pd.Series(ends[col], dtype="str")) & (reason == "")
            reason[hit], where[hit] = str(Reason.EXCEL_ERROR), col
        w = np.ones(rows_read)
        mark = None
        if weight:
            w, bad, mark = _check_weights(edges[weight], decimal=decimal, name=weight,
                                          rows=numbers)
            hit = (bad != "") & (reason == "")
            reason[hit], where[hit] = bad[hit], weight
        keep = reason == ""
        rejected: dict[str, int] = {str(Reason.EMPTY_ENDPOINT): 0}
        for r in sorted(set(reason[~keep])):
            rejected[r] = int((reason == r).sum())
        rejects = [{"row": int(numbers[i]), "column": str(where[i]), "reason": str(reason[i])}
                   for i in np.flatnonzero(~keep)]
        e = pd.DataFrame(
            {
                "source": ends[source][keep],
                "target": ends[target][keep],
                "kind": edges[kind].astype(str).to_numpy()[keep] if kind else "tie",
                "weight": w[keep],
            }
        )
        kept = edges.loc[keep]
        emptied = 0
        for c in (c for c in edges.columns if c not in {source, target, weight, kind}):
            e[c], n_err = _without_excel_errors(kept[c])
            emptied += n_err
        ids_in_edges = pd.unique(np.concatenate([e["source"].to_numpy(), e["target"].to_numpy()]))
        meta: dict[str, Any] = {"source": "edge list", "rows_read": rows_read,
                                "rejected_edges": rejected, "rejects": rejects, "ids": ids_note,
                                "weight_decimal": mark, "excel_errors_emptied": emptied}
        said = describe_rejects(meta)
        if said:  # a notebook user sees it too (Dutch first)
            log.warning(_("relatielijst: {meldingen}", meldingen="; ".join(said)))
        if nodes is not None:
            n = _node_table(nodes, node_id, ids_note, meta, node_rows)
            unlisted = pd.Index(ids_in_edges).difference(n.index)
            if len(unlisted):
                n = pd.concat([n, pd.DataFrame(index=pd.Index(unlisted, name=node_id))])
        else:
            n = pd.DataFrame(index=pd.Index(ids_in_edges, name="id"))
        if "kind" not in n.columns:
            n["kind"] = "node"
        n["kind"] = n["kind"].fillna("node")
        return cls(nodes=n, edges=e, directed=directed, meta=meta)

    @classmethod
    def from_csv(cls, path: Any, **kwargs: Any) -> Network:
        """Read an edge-list CSV (and ``nodes=`` a node-table CSV) under the partner readers'
        rules: byte-order mark and UTF-16, delimiter, invisible characters, field counts,
        repeated headers, Dutch decimal weights. See :func:`netwerk.graph.edgelist.read_network`
        for the keyword arguments.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "e.csv"
        >>> _ = p.write_bytes(b"source;target\\nA;B\\nsource;target\\nB;C\\n")
        >>> Network.from_csv(p).n_nodes
        3
        """
        from .edgelist import read_network

        return read_network(path, **kwargs)

    def record_counts(self) -> dict[str, Any]:
        """How the rows of the input became the analysed relations; the counts reconcile.

        Returns
        -------
        dict
            ``rows_read`` (edge rows read; for a case network the stored relation records),
            ``rejected`` (by reason, see :meth:`from_edges`), ``relations`` (records used),
            ``self_loops_left_out`` (records from a node to itself: kept as records, left out of
            every measure), ``relations_analysed`` (records in the analysis) and ``ties`` (node
            pairs of :attr:`simple_graph`: parallel records are one tie); for an edge list read
            from CSV also ``empty_rows`` (blank lines, lines of only delimiters) and
            ``repeated_headers`` (the header again, skipped). Always ``rows_read ==
            relations_analysed + self_loops_left_out + sum(rejected) + empty_rows +
            repeated_headers``.

        Examples
        --------
        >>> e = pd.DataFrame({"source": ["a", "b", "x", "b", ""], "target": ["b", "c", "x", "b", "c"]})
        >>> c = Network.from_edges(e).record_counts()
        >>> c["rows_read"], c["rejected"], c["self_loops_left_out"], c["relations_analysed"]
        (5, {'empty_endpoint': 1}, 2, 2)
        >>> c["empty_rows"], c["repeated_headers"]
        (0, 0)
        """
        e = self.edges
        loops = int((e["source"].to_numpy() == e["target"].to_numpy()).sum()) if len(e) else 0
        rejected = {k: int(v) for k, v in self.meta.get("rejected_edges", {}).items() if v}
        return {
            "rows_read": int(self.meta.get("rows_read", len(e))),
            "rejected": rejected,
            "relations": int(len(e)),
            "self_loops_left_out": loops,
            "relations_analysed": int(len(e)) - loops,
            "ties": int(self.simple_graph.ecount()),
            "empty_rows": int(self.meta.get("empty_rows", 0)),
            "repeated_headers": int(self.meta.get("repeated_headers", 0)),
        }

    # ------------------------------------------------------------------ basics
    @property
    def n_nodes(self) -> int:
        return self.graph.vcount()

    @property
    def n_edges(self) -> int:
        return self.graph.ecount()

    @property
    def node_ids(self) -> pd.Index:
        return self.nodes.index

    def positions(self, ids: Iterable[str]) -> np.ndarray:
        """igraph vertex indices of the given node ids (raises on unknown ids)."""
        ids = list(ids)
        idx = self.nodes.index.get_indexer(ids)
        if (idx < 0).any():
            bad = [i for i, j in zip(ids, idx, strict=True) if j < 0][:3]
            raise GraphError(_("onbekend(e) knooppunt-id('s): {ids}", ids=", ".join(map(str, bad))), reason=Reason.UNKNOWN_NODE)
        return idx

    @cached_property
    def simple_graph(self) -> ig.Graph:
        """The analysis graph: one tie per node pair, weights summed, no self-loops.

        Edge attributes: ``weight`` (sum over records: a *strength*, more records = stronger),
        ``length`` (the shortest record's weight: when weights are *lengths*, parallel records
        of one tie are alternatives, as on a multigraph's shortest paths, not a longer tie),
        ``records`` (how many records), ``kinds`` (the relation kinds, sorted, ``;``-joined).
        Vertex order equals :attr:`nodes` order. Path measures with ``distance="weight"`` use
        ``length``; ``distance="inverse"`` uses ``1 / weight``.

        Examples
        --------
        >>> e = pd.DataFrame({"source": ["a", "a"], "target": ["b", "b"], "w": [1.0, 1.0]})
        >>> g = Network.from_edges(e, weight="w").simple_graph
        >>> g.es["weight"], g.es["length"], [int(r) for r in g.es["records"]]
        ([2.0], [1.0], [2])
        """
        g = self.graph.copy()
        g.es["records"] = 1
        g.es["kinds"] = g.es["kind"] if g.ecount() else []
        g.es["length"] = g.es["weight"] if g.ecount() else []
        g.simplify(
            multiple=True,
            loops=True,
            combine_edges={
                "length": "min",
                "weight": "sum",
                "records": "sum",
                "kinds": lambda ks: ";".join(sorted(set(ks))),
                "kind": "first",
            },
        )
        return g

    @cached_property
    def undirected_graph(self) -> ig.Graph:
        """:attr:`simple_graph` as an undirected simple graph: reciprocal arcs merged into one tie
        (weights and records summed). The same object as :attr:`simple_graph` for an undirected
        network. The one undirected view every structural measure uses (components, bridges,
        articulation points, key players, value chain, disruption)."""
        g = self.simple_graph
        if not g.is_directed():
            return g
        return g.as_undirected(mode="collapse", combine_edges={
            "weight": "sum", "records": "sum", "length": "min", "kinds": "first",
            "kind": "first"})

    def stage_of(self, attr: str = "stage") -> pd.Series:
        """The node attribute ``attr`` (e.g. value-chain stage), raising a clear error if absent."""
        if attr not in self.nodes.columns:
            raise GraphError(
                _("knooppunten hebben geen kenmerk '{kenmerk}'; beschikbaar: {beschikbaar}",
                  kenmerk=attr, beschikbaar=", ".join(map(str, self.nodes.columns))),
                reason=Reason.UNKNOWN_ATTRIBUTE,
            )
        return self.nodes[attr]

    # ------------------------------------------------------------------ interop
    def to_igraph(self, simple: bool = False) -> ig.Graph:
        """A copy of the igraph graph (``simple=True``: the collapsed analysis graph)."""
        return (self.simple_graph if simple else self.graph).copy()

    def to_networkx(self, multigraph: bool = False):
        """The network as networkx.

        Parameters
        ----------
        multigraph : bool
            ``False`` (default): a ``Graph``/``DiGraph`` with one edge per node pair, ``weight`` summed
            and ``records``/``kinds`` as in :attr:`simple_graph`. ``True``: a ``MultiGraph``/
            ``MultiDiGraph`` with every relation record and all its provenance.
        """
        import networkx as nx

        if multigraph:
            G = nx.MultiDiGraph() if self.directed else nx.MultiGraph()
            G.add_nodes_from((i, _clean(r)) for i, r in self.nodes.to_dict("index").items())
            for rec in self.edges.to_dict("records"):
                s, t = rec.pop("source"), rec.pop("target")
                G.add_edge(s, t, **_clean(rec))
            return G
        G = nx.DiGraph() if self.directed else nx.Graph()
        G.add_nodes_from((i, _clean(r)) for i, r in self.nodes.to_dict("index").items())
        sg = self.simple_graph
        names = self.nodes.index.to_numpy()
        for e in sg.es:
            G.add_edge(names[e.source], names[e.target], weight=e["weight"], records=e["records"],
                       kinds=e["kinds"])
        return G

    # ------------------------------------------------------------------ subsetting
    def _with_edges(self, mask: np.ndarray, keep_isolates: bool) -> Network:
        e = self.edges[mask]
        if keep_isolates:
            n = self.nodes
        else:
            used = pd.unique(np.concatenate([e["source"].to_numpy(), e["target"].to_numpy()]))
            n = self.nodes[self.nodes.index.isin(used)]
        return self._derive(n, e)

    def _derive(self, nodes: pd.DataFrame, edges: pd.DataFrame, **meta: Any) -> Network:
        na = self.node_attributes
        if na is not None:
            na = na[na["node_id"].isin(nodes.index)]
        # what was read (rows, rejects) describes the input, not a network derived from it
        kept = {k: v for k, v in self.meta.items() if k not in _READ_KEYS}
        return Network(nodes=nodes, edges=edges, directed=self.directed,
                       meta={**kept, **meta}, node_attributes=na)

    def filter(
        self,
        *,
        kinds: Sequence[str] | None = None,
        partners: Sequence[str] | None = None,
        start: str | pd.Timestamp | None = None,
        end: str | pd.Timestamp | None = None,
        min_grading: float | None = None,
        node_kinds: Sequence[str] | None = None,
        keep_isolates: bool = False,
    ) -> Network:
        """Keep the relation records that pass every given filter.

        Parameters
        ----------
        kinds : relation kinds to keep.
        partners : partners whose records to keep.
        start, end : date window. A record is kept when its validity (``valid_from``..``valid_to``,
            or its ``observed`` date) overlaps the window; undated records are kept.
        min_grading : minimum :func:`netwerk.model.grading_score` (0–1); ungraded records score 0.
        node_kinds : keep only nodes of these kinds (and the records between them).
        keep_isolates : keep nodes that lose all their relations.
        """
        e = self.edges
        mask = np.ones(len(e), dtype=bool)
        if kinds is not None:
            mask &= e["kind"].isin(list(kinds)).to_numpy()
        if partners is not None:
            self._require_edge_col("partner")
            mask &= e["partner"].isin(list(partners)).to_numpy()
        if start is not None or end is not None:
            lo = pd.Timestamp(start) if start is not None else pd.Timestamp("1000-01-01")
            hi = pd.Timestamp(end) if end is not None else pd.Timestamp("2999-12-31")
            obs = _dates(e, "observed")
            vf = _dates(e, "valid_from").fillna(obs)
            vt = _dates(e, "valid_to").fillna(obs)
            # undated bounds are open: a missing start never excludes, nor does a missing end
            mask &= ((vf.isna() | (vf <= hi)) & (vt.isna() | (vt >= lo))).to_numpy()
        if min_grading is not None:
            score = e["grading_score"] if "grading_score" in e.columns else pd.Series(0.0, index=e.index)
            mask &= (score.fillna(0.0) >= min_grading).to_numpy()
        if node_kinds is not None:
            keep = set(self.nodes.index[self.nodes["kind"].isin(list(node_kinds))])
            mask &= (e["source"].isin(keep) & e["target"].isin(keep)).to_numpy()
            if keep_isolates:
                out = self._with_edges(mask, keep_isolates=False)
                nodes = self.nodes[self.nodes.index.isin(keep)]
                return self._derive(nodes, out.edges)
        return self._with_edges(mask, keep_isolates)

    def window(self, start: Any = None, end: Any = None, **kwargs: Any) -> Network:
        """The records valid at some time in ``[start, end]`` (see :func:`netwerk.graph.time.window`)."""
        from .time import window

        return window(self, start, end, **kwargs)

    def at(self, date: Any, **kwargs: Any) -> Network:
        """The network as it stood on ``date`` (see :func:`netwerk.graph.time.at`)."""
        from .time import at

        return at(self, date, **kwargs)

    def _require_edge_col(self, col: str) -> None:
        if col not in self.edges.columns:
            raise GraphError(_("de relaties hebben geen kolom '{kolom}' (is dit een casusnetwerk?)", kolom=col),
                             reason=Reason.UNKNOWN_ATTRIBUTE)

    def subgraph(self, node_ids: Iterable[str]) -> Network:
        """The network induced by the given nodes."""
        ids = set(map(str, node_ids))
        self.positions(ids)
        e = self.edges
        mask = (e["source"].isin(ids) & e["target"].isin(ids)).to_numpy()
        return self._derive(self.nodes[self.nodes.index.isin(ids)], e[mask])

    def remove_nodes(self, node_ids: Iterable[str]) -> Network:
        """The network without the given nodes (and their relations)."""
        ids = set(map(str, node_ids))
        return self.subgraph(self.nodes.index.difference(pd.Index(list(ids))))

    def ego(self, node: str, radius: int = 1) -> Network:
        """The ego network of ``node``: every node within ``radius`` steps (ignoring direction)."""
        (v,) = self.positions([str(node)])
        vs = self.graph.neighborhood(int(v), order=radius, mode="all")
        return self.subgraph(self.nodes.index[vs])

    def project(
        self,
        node_kind: str = "person",
        via: Sequence[str] | None = ("company", "address", "property"),
        *,
        relation_kinds: Sequence[str] | None = None,
    ) -> Network:
        """One-mode projection: ``node_kind`` nodes linked when they share a ``via`` node.

        Two persons who are both tied to the same company (or address, property, ...) become linked.
        The edge's ``weight`` counts the shared items and ``shared`` lists them (``;``-joined, sorted),
        with ``shared_kinds`` their kinds.

        Parameters
        ----------
        node_kind : kind of the nodes to keep.
        via : kinds of the items that link them (``None``: any other kind).
        relation_kinds : only consider these relation kinds as ties to an item.
        """
        e = self.edges
        if relation_kinds is not None:
            e = e[e["kind"].isin(list(relation_kinds))]
        kind = self.nodes["kind"]
        is_actor = kind == node_kind
        is_item = (kind.isin(list(via)) if via is not None else kind != node_kind)
        # (actor, item) incidence pairs, either direction
        s_act = e["source"].map(is_actor).fillna(False).astype(bool)
        t_act = e["target"].map(is_actor).fillna(False).astype(bool)
        s_item = e["source"].map(is_item).fillna(False).astype(bool)
        t_item = e["target"].map(is_item).fillna(False).astype(bool)
        inc = pd.concat(
            [
                pd.DataFrame({"actor": e.loc[s_act & t_item, "source"], "item": e.loc[s_act & t_item, "target"]}),
                pd.DataFrame({"actor": e.loc[t_act & s_item, "target"], "item": e.loc[t_act & s_item, "source"]}),
            ]
        ).drop_duplicates()
        pairs = inc.merge(inc, on="item")
        pairs = pairs[pairs["actor_x"] < pairs["actor_y"]]
        actors = self.nodes[is_actor]
        if pairs.empty:
            edges = pd.DataFrame(columns=["source", "target", "kind", "weight", "shared", "shared_kinds"])
        else:
            pairs = pairs.assign(item_kind=pairs["item"].map(kind))
            grouped = pairs.sort_values("item").groupby(["actor_x", "actor_y"], sort=True)
            edges = grouped.agg(
                weight=("item", "size"),
                shared=("item", lambda s: ";".join(s)),
                shared_kinds=("item_kind", lambda s: ";".join(sorted(set(s)))),
            ).reset_index().rename(columns={"actor_x": "source", "actor_y": "target"})
            edges["kind"] = "shares"
        return Network(nodes=actors, edges=edges, directed=False,
                       meta={**self.meta, "projection": {"node_kind": node_kind, "via": list(via or [])}})

    # ------------------------------------------------------------------ summaries
    def summary(self) -> dict[str, Any]:
        """Counts an analyst checks first: nodes/relations by kind and partner, components, imports."""
        comps = self.graph.connected_components(mode="weak") if self.n_nodes else []
        sizes = sorted((len(c) for c in comps), reverse=True)
        out: dict[str, Any] = {
            "nodes": self.n_nodes,
            "relations": self.n_edges,
            "directed": self.directed,
            "nodes_by_kind": self.nodes["kind"].value_counts().sort_index().to_dict(),
            "relations_by_kind": self.edges["kind"].value_counts().sort_index().to_dict(),
            "components": len(sizes),
            "largest_component": sizes[0] if sizes else 0,
            "isolates": int(sum(1 for s in sizes if s == 1)),
        }
        if "partner" in self.edges.columns:
            out["relations_by_partner"] = self.edges["partner"].value_counts().sort_index().to_dict()
        if "imports" in self.meta:
            out["imports"] = len(self.meta["imports"])
        return out

    def __repr__(self) -> str:
        s = self.summary()
        kinds = ", ".join(f"{k}: {v}" for k, v in s["nodes_by_kind"].items())
        return (f"<Network {s['nodes']} nodes ({kinds}), {s['relations']} relations, "
                f"{s['components']} components{', directed' if self.directed else ''}>")

    def _repr_html_(self) -> str:
        from html import escape

        s = self.summary()

        def table(title: str, d: dict) -> str:
            rows = "".join(f"<tr><td>{escape(str(k))}</td><td style='text-align:right'>{v}</td></tr>"
                           for k, v in d.items())
            return f"<table><thead><tr><th>{escape(title)}</th><th>n</th></tr></thead>{rows}</table>"

        parts = [
            f"<b>netwerk.Network</b>: {s['nodes']} nodes, {s['relations']} relations, "
            f"{s['components']} components (largest {s['largest_component']})",
            "<div style='display:flex;gap:2em'>",
            table("node kind", s["nodes_by_kind"]),
            table("relation kind", s["relations_by_kind"]),
        ]
        if "relations_by_partner" in s:
            parts.append(table("partner", s["relations_by_partner"]))
        parts.append("</div>")
        return "".join(parts)


_INT_FLOAT_TEXT = re.compile(r"^([+-]?\d+)\.0+$")


def _normalise_ids(col: pd.Series, note: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """Id cells as text, normalised as identifiers are elsewhere: invisible characters
    (zero-width, soft hyphen; no-break spaces become spaces, as the partner readers do:
    :func:`netwerk.ingest.readers.clean_invisible`) are removed, an integer-valued float (``2.0``,
    also as text ``"2.0"``) is its integer, leading and trailing spaces are trimmed; ``note``
    counts each. Returns the ids and a mask of empty, blank or missing cells. Column-wise.

    Examples
    --------
    >>> note = {"trimmed": 0, "integer_valued_float": 0, "invisible": 0}
    >>> ids, empty = _normalise_ids(pd.Series(["a\u200b", " b", "2.0", "\u00a0", None]), note)
    >>> ids.tolist(), empty.tolist(), note
    (['a', 'b', '2', '', ''], [False, False, False, True, True], {'trimmed': 2, 'integer_valued_float': 1, 'invisible': 2})
    """
    from ..ingest.readers import INVISIBLE

    missing = pd.isna(col).to_numpy(dtype=bool)
    text = col.astype("string")
    seen = text.str.replace(f"[{INVISIBLE}]", "", regex=True).str.replace(
        "[\u00a0\u202f\u2007]", " ", regex=True)
    note.setdefault("invisible", 0)
    note["invisible"] += int(((seen != text) & ~missing).sum())
    text = seen
    stripped = text.str.strip()
    note["trimmed"] += int(((stripped != text) & ~missing).sum())
    is_float = stripped.str.fullmatch(_INT_FLOAT_TEXT.pattern).fillna(False).to_numpy(dtype=bool)
    note["integer_valued_float"] += int(is_float.sum())
    ids = stripped.str.replace(_INT_FLOAT_TEXT.pattern, r"\1", regex=True)
    out = ids.fillna("").to_numpy(dtype=object)
    return out, missing | (out == "")


def excel_error_mask(values: pd.Series) -> np.ndarray:
    """:func:`netwerk.ingest.placeholders.excel_error_mask` (imported when first used: the
    ingest package imports this module's package)."""
    from ..ingest.placeholders import excel_error_mask as mask

    return mask(values)


def _without_excel_errors(col: pd.Series) -> tuple[np.ndarray, int]:
    """An attribute column's cells with Excel error values (``#N/A``, ``#N/B``:
    :func:`~netwerk.ingest.placeholders.excel_error_mask`) made missing, and how many there were:
    a failed formula is no attribute value (no stage ``#N/A`` in a map or a value chain).

    Examples
    --------
    >>> _without_excel_errors(pd.Series(["productie", "#N/B", None, "NA"]))
    (array(['productie', nan, nan, 'NA'], dtype=object), 1)
    """
    values = col.to_numpy(dtype=object)
    text = np.array([isinstance(v, str) for v in values], dtype=bool)
    if not text.any():
        return values, 0
    hit = np.zeros(len(values), dtype=bool)
    hit[text] = excel_error_mask(pd.Series(values[text], dtype="str"))
    if hit.any():
        values = values.copy()
        values[hit] = np.nan
    return values, int(hit.sum())


def _check_weights(col: pd.Series, *, decimal: str | None = None, name: str = "weight",
                   rows: np.ndarray | None = None
                   ) -> tuple[np.ndarray, np.ndarray, str | None]:
    """Weights as floats and, per row, the reason it cannot be used ("" when it can): blank or
    missing, not a number, infinite, negative, zero; and the decimal mark text weights were read
    with (:func:`_text_weights`)."""
    raw = col.to_numpy(dtype=object)
    missing = pd.isna(col).to_numpy(dtype=bool) | np.array(
        [isinstance(v, str) and not v.strip() for v in raw], dtype=bool)
    mark = None
    if pd.api.types.is_numeric_dtype(col.dtype):
        w = pd.to_numeric(col.where(~missing), errors="coerce").to_numpy(dtype=float)
    else:
        numbers = rows if rows is not None else np.arange(1, len(col) + 1)
        w, mark = _text_weights(col.where(~missing), decimal, name, numbers)
    bad = np.full(len(w), "", dtype=object)
    with np.errstate(invalid="ignore"):
        bad[w == 0] = str(Reason.ZERO_WEIGHT)
        bad[w < 0] = str(Reason.NEGATIVE_WEIGHT)
    bad[np.isinf(w)] = str(Reason.NON_FINITE_WEIGHT)
    bad[np.isnan(w)] = str(Reason.UNPARSABLE_NUMBER)
    bad[missing] = str(Reason.MISSING_WEIGHT)
    return np.where(bad == "", w, 1.0), bad, mark


def _text_weights(col: pd.Series, decimal: str | None, name: str, rows: np.ndarray
                  ) -> tuple[np.ndarray, str | None]:
    """Text weights as floats (NaN: not a number) and the mark they were read with.

    Each value is read both ways with the partner readers' number rule
    (:func:`netwerk.ingest.readers.parse_numbers`: the other mark only as a thousands separator
    in groups of three). ``decimal`` given: that way. Otherwise the column decides: values only
    one reading accepts are its evidence (``1,5`` a comma, ``1.5`` a point); evidence of one kind
    reads the whole column that way; of both kinds, each value the one way it can be read; a
    value both readings accept with different numbers (``1.500``) where the column does not
    decide is refused. Text without a mark that neither reading accepts (``inf``, ``1e3``) is
    left to ``pd.to_numeric``.

    Examples
    --------
    >>> w, mark = _text_weights(pd.Series(["1,5", "2", "0,5"]), None, "w", np.arange(1, 4))
    >>> w.tolist(), mark
    ([1.5, 2.0, 0.5], ',')
    >>> w, mark = _text_weights(pd.Series(["1,5", "2.5", "x"]), None, "w", np.arange(1, 4))
    >>> w.tolist()[:2], mark
    ([1.5, 2.5], 'both')
    >>> _text_weights(pd.Series(["1.500", "2"]), None, "w", np.arange(1, 3))
    Traceback (most recent call last):
    ...
    netwerk.errors.GraphError: rij 1, kolom 'w': 1 gewicht kan op twee manieren gelezen worden (een punt of komma met precies drie cijfers erachter: duizendtal of decimaal?) en de kolom beslist het niet; geef het decimaalteken op (--decimal , of --decimal .)
    >>> _text_weights(pd.Series(["1.500"]), ",", "w", np.arange(1, 2))[0].tolist()
    [1500.0]
    """
    from ..ingest.readers import parse_numbers

    text = col.astype("string")
    comma, _bad = parse_numbers(text, ",")
    point, _bad = parse_numbers(text, ".")
    c, p = comma.notna().to_numpy(), point.notna().to_numpy()
    cv, pv = comma.to_numpy(dtype=float), point.to_numpy(dtype=float)
    if decimal not in (None, ",", "."):
        raise GraphError(_("onbekend decimaalteken '{teken}' (kies ',' of '.')", teken=decimal),
                         reason=Reason.INVALID_ARGUMENT, column=name)
    mark = decimal
    if mark is None:
        only_comma, only_point = (c & ~p).any(), (p & ~c).any()
        mark = ("both" if only_comma and only_point else "," if only_comma
                else "." if only_point else None)
        two_ways = c & p & ~np.isclose(cv, pv, equal_nan=True)
        if mark in (None, "both") and two_ways.any():
            first = int(np.flatnonzero(two_ways)[0])
            raise GraphError(
                ngettext("{n} gewicht kan op twee manieren gelezen worden (een punt of komma met "
                         "precies drie cijfers erachter: duizendtal of decimaal?) en de kolom "
                         "beslist het niet; geef het decimaalteken op (--decimal , of "
                         "--decimal .)",
                         "{n} gewichten kunnen op twee manieren gelezen worden (een punt of "
                         "komma met precies drie cijfers erachter: duizendtal of decimaal?) en "
                         "de kolom beslist het niet; geef het decimaalteken op (--decimal , of "
                         "--decimal .)", int(two_ways.sum())),
                reason=Reason.UNPARSABLE_NUMBER, row=int(rows[first]), column=name)
    if mark == ",":
        w = np.where(c, cv, np.nan)
    elif mark == ".":
        w = np.where(p, pv, np.nan)
    else:  # "both" (no value read two ways) or None (integers only)
        w = np.where(c, cv, np.where(p, pv, np.nan))
    plain = ~text.str.contains("[.,]", regex=True).fillna(True).to_numpy(dtype=bool)
    rest = np.isnan(w) & plain
    if rest.any():  # inf, nan, 1e3: pandas' reading, judged by the caller
        w[rest] = pd.to_numeric(text[rest], errors="coerce").to_numpy(dtype=float)
    return w, mark


def _valid_weights(col: pd.Series) -> pd.Series:
    """Relation weights as floats; refuses what no measure can use (not a number, missing,
    infinite, negative), naming the first row, instead of a raw pandas or leidenalg message."""
    w = pd.to_numeric(col, errors="coerce").astype(float)
    bad = ~np.isfinite(w.to_numpy()) | (w.to_numpy() < 0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise GraphError(
            ngettext("{n} relatie heeft een gewicht dat geen eindig getal van 0 of meer is "
                     "(eerste: relatie {rij})",
                     "{n} relaties hebben een gewicht dat geen eindig getal van 0 of meer is "
                     "(eerste: relatie {rij})", int(bad.sum()), rij=i + 1),
            reason=Reason.INVALID_ARGUMENT, column="weight")
    return w


def _node_table(nodes: pd.DataFrame, node_id: str, ids_note: dict[str, int],
                meta: dict[str, Any], rows: Sequence[int] | None = None) -> pd.DataFrame:
    """The node table indexed by normalised id: rows without id rejected and counted, identical
    repeated rows kept once and counted, two different rows for one id refused."""
    if node_id not in nodes.columns:
        raise GraphError(
            _("de knooppuntentabel heeft geen id-kolom '{kolom}'; wel: {gevonden}",
              kolom=node_id, gevonden=", ".join(map(str, nodes.columns))),
            column=node_id,
        )
    ids, empty = _normalise_ids(nodes[node_id], ids_note)
    excel = excel_error_mask(pd.Series(ids, dtype="str")) & ~empty
    n = nodes.copy()
    n[node_id] = ids
    n = n.loc[~empty & ~excel]
    for c in (c for c in n.columns if c != node_id):
        n[c], n_err = _without_excel_errors(n[c])
        meta["excel_errors_emptied"] = meta.get("excel_errors_emptied", 0) + n_err
    dup = n.duplicated(keep="first")  # identical rows
    clash = n[node_id].duplicated(keep=False) & ~n.duplicated(keep=False)
    if clash.any():
        nid = n.loc[clash, node_id].iloc[0]
        numbers = (np.asarray(rows) if rows is not None
                   else np.arange(1, len(nodes) + 1))
        found = [int(numbers[i]) for i in np.flatnonzero(ids == nid)]
        raise GraphError(
            _("knooppunt-id '{id}' staat in de knooppuntentabel op rijen {rijen} met "
              "verschillende waarden; houd één rij per knooppunt", id=nid,
              rijen=", ".join(map(str, found))),
            reason=Reason.DUPLICATE_NODE, column=node_id)
    meta["node_rows_read"] = len(nodes)
    meta["rejected_nodes"] = {str(Reason.MISSING_IDENTIFIER): int(empty.sum())}
    if excel.any():
        meta["rejected_nodes"][str(Reason.EXCEL_ERROR)] = int(excel.sum())
    numbers = np.asarray(rows) if rows is not None else np.arange(1, len(nodes) + 1)
    meta["node_rejects"] = [{"row": int(numbers[i]), "column": node_id,
                             "reason": str(Reason.MISSING_IDENTIFIER if empty[i]
                                           else Reason.EXCEL_ERROR)}
                            for i in np.flatnonzero(empty | excel)]
    meta["duplicate_node_rows"] = int(dup.sum())
    return n.loc[~dup].set_index(node_id)


def _dates(df: pd.DataFrame, col: str) -> pd.Series:
    if col not in df.columns:
        return pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
    return pd.to_datetime(df[col], errors="coerce")


def _clean(d: dict) -> dict:
    """Drop missing values so networkx exports (GraphML, GEXF) do not choke on NaN."""
    out = {}
    for k, v in d.items():
        if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NaT:
            continue
        if isinstance(v, np.generic):
            v = v.item()
        out[k] = v
    return out
