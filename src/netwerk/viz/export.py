"""Exports for other tools: GEXF (Gephi, with positions and colours), GraphML, an entities/links
workbook for i2 Analyst's Notebook, and the same two tables as CSV.

Every export applies an audience profile (default ``case-meeting``) and the raw-identifier guard,
like the map. Spreadsheet cells that would start a formula are neutralised (CWE-1236).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import __version__, io
from ..errors import GraphError
from ..graph import Network
from ..i18n import _, ngettext
from ..io import neutralise, save_workbook
from .guard import check_no_raw_identifiers
from .layout import compute_layout
from .payload import vital_table
from .profiles import bind_audience, load_audience, node_partners, visible_attributes
from .styles import hex_to_rgb, node_style, relation_style

__all__ = ["export", "prepare_export", "PreparedExport", "entity_table", "link_table",
           "xml_safe", "EXPORT_FORMATS"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

EXPORT_FORMATS = ("gexf", "graphml", "i2", "csv")

#: Characters XML 1.0 does not allow (section 2.2): C0 controls other than tab, LF and CR,
#: lone surrogates, U+FFFE and U+FFFF. GEXF, GraphML and XLSX are XML.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: What a forbidden character becomes: the Unicode replacement character, visible to the reader
XML_REPLACEMENT = "\ufffd"


def xml_safe(text: str) -> tuple[str, int]:
    r"""``text`` with every character XML 1.0 forbids replaced by U+FFFD, and how many were.

    A vertical tab pasted from Word, a NUL byte or a lone surrogate in partner text would make
    lxml refuse the GraphML (after part of the file was written) and networkx unable to read the
    GEXF; the replacement character keeps the position visible.

    Examples
    --------
    >>> xml_safe("finan\x0bcier")
    ('finan�cier', 1)
    >>> xml_safe("tab\tok\n")
    ('tab\tok\n', 0)
    """
    out, n = _XML_FORBIDDEN.subn(XML_REPLACEMENT, text)
    return out, n


def _xml_safe_table(df: pd.DataFrame, id_col: str | None) -> tuple[pd.DataFrame, int]:
    """Every text cell and column name of ``df`` made XML-safe; the number of cells changed.
    Refuses when two ids become one."""
    changed = 0
    cols = []
    for c in df.columns:
        t, n = xml_safe(str(c))
        cols.append(t if n else c)
        changed += bool(n)
    out = df.copy()
    out.columns = cols
    for c in out.columns:
        s = out[c]
        if s.dtype != object and not pd.api.types.is_string_dtype(s):
            continue
        vals = s.to_numpy(dtype=object).copy()
        for i, v in enumerate(vals):
            if isinstance(v, str):
                t, n = xml_safe(v)
                if n:
                    vals[i] = t
                    changed += 1
        out[c] = vals
    if id_col is not None and changed and out[id_col].duplicated().any():
        dup = out.loc[out[id_col].duplicated(), id_col].iloc[0]
        raise GraphError(_("twee knooppunt-ids worden gelijk ({id}) als de tekens die XML niet "
                           "toestaat vervangen worden; maak de ids eerst schoon", id=dup))
    return out, changed


@contextlib.contextmanager
def _atomic(out: Path) -> Iterator[Path]:
    """A temporary path beside ``out``, renamed to ``out`` only when the block succeeds: a
    failure leaves no partial file (and an older ``out`` untouched)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp" + out.suffix, dir=out.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, out)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _clean(v: Any) -> Any:
    """Missing -> None; numpy scalars -> Python; timestamps -> ISO date strings."""
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, float | np.floating) and np.isnan(v):
        return None
    if isinstance(v, pd.Timestamp):
        return v.date().isoformat() if v == v.normalize() else v.isoformat()
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, list | tuple | np.ndarray):
        return ";".join(str(x) for x in v)
    return v


def entity_table(net: Network, *, vital: pd.DataFrame | None = None,
                 audience: str = "case-meeting", partner: str | None = None) -> pd.DataFrame:
    """One row per node, with the attributes the audience may see (``name (partner)`` columns).

    Columns: ``Entity ID, Entity Type, Label, Stage, Partners, Vital score, Vital rank, Reason``,
    then one column per visible attribute (values of several partners ``; ``-joined, each with
    its partner in brackets).
    """
    aud = bind_audience(net, load_audience(audience, partner=partner))
    attrs = visible_attributes(net, aud)
    n = net.nodes
    vt = vital_table(net, vital)
    out = pd.DataFrame({
        "Entity ID": n.index.to_numpy(dtype=object),
        "Entity Type": n["kind"].astype(str).to_numpy(dtype=object),
        "Label": n["label"].astype(str).to_numpy(dtype=object),
        "Stage": (n["stage"] if "stage" in n.columns else pd.Series(None, index=n.index))
        .to_numpy(dtype=object),
        "Partners": [";".join(p) if aud.show_partner_names else None for p in node_partners(net)],
    })
    if vital is not None:
        out["Vital score"] = vt["vital_score"].round(4).to_numpy()
        out["Vital rank"] = vt["rank"].to_numpy()
        out["Reason"] = (vt["reason"] if "reason" in vt.columns
                         else pd.Series(None, index=vt.index)).to_numpy(dtype=object)
    if len(attrs):
        a = attrs.assign(text=[f"{v} ({p})" if p is not pd.NA and p is not None else str(v)
                               for v, p in zip(attrs["value"], attrs["partner"], strict=True)])
        wide = a.groupby(["node_id", "attribute"], sort=True)["text"].agg("; ".join).unstack()
        wide = wide.reindex(n.index)
        for c in wide.columns:
            name = f"attr: {c}"
            out[name] = wide[c].to_numpy(dtype=object)
    return out


def link_table(net: Network, *, audience: str = "case-meeting",
               partner: str | None = None) -> pd.DataFrame:
    """One row per relation record: ``Link ID, From ID, To ID, Link Type, Direction, Date,
    Grading, Grading score, Source partner, Legal basis, Weight``."""
    aud = load_audience(audience, partner=partner)
    e = net.edges

    def col(name: str) -> pd.Series:
        return e[name] if name in e.columns else pd.Series(None, index=e.index, dtype=object)

    from ..model import default_model

    rk = default_model().relation_kinds
    date = pd.to_datetime(col("observed"), errors="coerce").fillna(
        pd.to_datetime(col("valid_from"), errors="coerce"))
    grade = (col("grading_source").fillna("").astype(str) + col("grading_information")
             .fillna("").astype(str)).replace("", None)
    return pd.DataFrame({
        "Link ID": [f"L{i + 1}" for i in range(len(e))],
        "From ID": e["source"].to_numpy(dtype=object),
        "To ID": e["target"].to_numpy(dtype=object),
        "Link Type": e["kind"].astype(str).to_numpy(dtype=object),
        "Direction": ["With" if (rk[k].directed if k in rk else net.directed) else "None"
                      for k in e["kind"].astype(str)],
        "Date": [d.date().isoformat() if not pd.isna(d) else None for d in date],
        "Grading": grade.to_numpy(dtype=object) if aud.show_provenance else None,
        "Grading score": pd.to_numeric(col("grading_score"), errors="coerce").round(3).to_numpy()
        if aud.show_provenance else None,
        "Source partner": col("partner").to_numpy(dtype=object)
        if aud.show_partner_names and aud.show_provenance else None,
        "Legal basis": col("legal_basis").to_numpy(dtype=object) if aud.show_provenance else None,
        "Weight": e["weight"].to_numpy(dtype=float),
    })


def _table_strings(df: pd.DataFrame, name: str) -> Iterator[tuple[str, str]]:
    for c in df.columns:
        yield f"{name} header", str(c)
        s = df[c]
        if s.dtype == object or pd.api.types.is_string_dtype(s):
            for i, v in enumerate(s):
                if isinstance(v, str):
                    yield f"{name} row {i + 1}, column '{c}'", v


def _rows(df: pd.DataFrame) -> Iterable[list[Any]]:
    for rec in df.itertuples(index=False, name=None):
        yield [neutralise(_clean(v)) for v in rec]


def _attr_types(df: pd.DataFrame, skip: set[str]) -> dict[str, bool]:
    """Per column: True if every present value is a number, so the attribute gets ONE type (a
    stage ``1`` next to ``"sale"`` makes the whole column text, one key in GraphML/GEXF)."""
    out = {}
    for c in df.columns:
        if c in skip:
            continue
        vals = [_clean(v) for v in df[c].tolist()]
        out[c] = all(isinstance(v, int | float) and not isinstance(v, bool)
                     for v in vals if v is not None)
    return out


def _value(v: Any, numeric: bool) -> Any:
    v = _clean(v)
    if v is None:
        return None
    return float(v) if numeric else str(v)


#: Attribute names the GEXF/GraphML graph sets itself (never a table column's key).
_RESERVED_KEYS = frozenset({"label", "viz", "color", "x", "y", "type", "id", "key"})


def _key_names(columns: Iterable[str], *, skip: Iterable[str] = ()) -> dict[str, str]:
    """One GraphML/GEXF attribute name per table column: lower case, ``_`` for spaces, no ``:``,
    made unique after normalising (``attr: Rol`` and ``attr: rol`` both normalise to
    ``attr_rol``; the second becomes ``attr_rol_2``, or the next suffix free when a column
    already normalises to that). Columns in ``skip`` keep their normalised name (``Label`` is the
    node label, which the graph sets itself).

    Examples
    --------
    >>> _key_names(["attr: rol", "attr: Rol", "attr: rol_2", "Entity Type"])
    {'attr: rol': 'attr_rol', 'attr: Rol': 'attr_rol_3', 'attr: rol_2': 'attr_rol_2', 'Entity Type': 'entity_type'}
    """
    cols = list(columns)
    skip = set(skip)
    norm = {c: str(c).lower().replace(" ", "_").replace(":", "") for c in cols}
    out = {c: norm[c] for c in cols if c in skip}
    taken = set(_RESERVED_KEYS)
    for c in cols:  # first pass: every column that can keeps its normalised name
        if c not in skip and norm[c] not in taken:
            out[c] = norm[c]
            taken.add(norm[c])
    for c in cols:  # second pass: the others get the first free suffix
        if c not in out:
            name, k = f"{norm[c]}_2", 3
            while name in taken:
                name, k = f"{norm[c]}_{k}", k + 1
            out[c] = name
            taken.add(name)
    return {c: out[c] for c in cols}


def _graph(net: Network, ents: pd.DataFrame, links: pd.DataFrame, xy: np.ndarray | None,
           size: np.ndarray, *, gexf: bool):
    """The networkx graph of an export and the attribute names used: ``(G, {"node": {name:
    column}, "edge": {name: column}})``."""
    import networkx as nx

    # GEXF: a directed relation kind (owns, pays) is a directed edge even in an undirected
    # network, so the graph is directed and the other edges are "mutual" (GEXF 1.3), which
    # networkx and Gephi read back; GraphML keeps the network's own direction.
    has_directed = bool(len(links)) and bool((links["Direction"] == "With").any())
    directed = net.directed or (gexf and has_directed)
    G = nx.MultiDiGraph() if directed else nx.MultiGraph()
    ent_types = _attr_types(ents, {"Entity ID"})
    node_keys = _key_names([c for c in ents.columns if c != "Entity ID"], skip={"Label"})
    for i, rec in enumerate(ents.to_dict("records")):
        nid = rec.pop("Entity ID")
        data: dict[str, Any] = {}
        for k, v in rec.items():
            v = _value(v, ent_types[k])
            if v is None:
                continue
            data[node_keys[k]] = v
        data["label"] = str(rec["Label"])
        colour = node_style(rec["Entity Type"])["color"]
        r, g, b = hex_to_rgb(colour)
        if gexf:
            viz: dict[str, Any] = {"color": {"r": r, "g": g, "b": b, "a": 1.0},
                                   "size": float(size[i])}
            if xy is not None:
                viz["position"] = {"x": float(xy[i, 0]), "y": float(xy[i, 1]), "z": 0.0}
            data["viz"] = viz
        else:
            data["color"] = colour
            if xy is not None:
                data["x"], data["y"] = float(xy[i, 0]), float(xy[i, 1])
        G.add_node(str(nid), **data)
    link_types = _attr_types(links, {"From ID", "To ID"})
    edge_keys = _key_names([c for c in links.columns if c not in ("From ID", "To ID")])
    for rec in links.to_dict("records"):
        s, t = rec.pop("From ID"), rec.pop("To ID")
        data = {}
        for k, v in rec.items():
            v = _value(v, link_types[k])
            if v is None:
                continue
            data[edge_keys[k]] = v
        if gexf:
            r, g, b = hex_to_rgb(relation_style(rec["Link Type"])["color"])
            data["viz"] = {"color": {"r": r, "g": g, "b": b, "a": 1.0}}
            if directed and rec.get("Direction") != "With":
                data["type"] = "mutual"
        G.add_edge(str(s), str(t), key=rec["Link ID"], **data)
    names = {"node": {v: k for k, v in node_keys.items() if k != "Label"},
             "edge": {v: k for k, v in edge_keys.items()}}
    return G, names


def _xml_attr(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(str(text), {'"': "&quot;"})


def _graphml_with_column_names(text: str, names: dict[str, dict[str, str]]) -> str:
    """Each node/edge ``<key>`` of networkx's GraphML gets a ``<desc>`` with the table column it
    came from (``attr: Rol``), so a name made unique (``attr_rol_2``) can be traced back; GraphML
    allows ``desc`` as a key's first child, and readers (networkx, igraph) ignore it."""
    def add(m: re.Match) -> str:
        head = m.group(1)
        scope = re.search(r'\bfor="(node|edge)"', head)
        name = re.search(r'\battr\.name="([^"]*)"', head)
        if not scope or not name:
            return m.group(0)
        from xml.sax.saxutils import unescape

        col = names.get(scope.group(1), {}).get(unescape(name.group(1), {"&quot;": '"'}))
        if col is None:
            return m.group(0)
        return f"<key {head.rstrip()}><desc>{_xml_attr(col)}</desc></key>"

    return re.sub(r"<key ([^>]*?)\s*/>", add, text)


def _write_gexf(G, out: Path, names: dict[str, dict[str, str]] | None = None) -> None:
    """GEXF 1.3 (http://gexf.net/1.3) as networkx writes it, without the empty ``name`` that
    networkx puts on ``<graph>`` and the ``mode`` it puts on ``<attributes>`` (neither is in
    the 1.3 RelaxNG grammar). ``names`` (attribute name -> table column) goes into
    ``<meta><description>``: GEXF's ``<attribute>`` has no other place for it."""
    import networkx as nx

    text = "\n".join(nx.generate_gexf(G, version="1.3"))
    if names:
        pairs = [f"{k} = {v}" for scope in ("node", "edge")
                 for k, v in names.get(scope, {}).items() if k != v]
        if pairs:
            desc = _xml_attr("attribute names (name = table column): " + "; ".join(pairs))
            text = text.replace("</creator>", f"</creator>\n    <description>{desc}</description>",
                                1)
    text = text.replace('xmlns:xsi="http://w3.org/2001/XMLSchema-instance"',
                        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"')
    text = text.replace('<graph defaultedgetype="directed" mode="static" name="">',
                        '<graph defaultedgetype="directed" mode="static">')
    text = text.replace('<graph defaultedgetype="undirected" mode="static" name="">',
                        '<graph defaultedgetype="undirected" mode="static">')
    # the 1.3 RelaxNG grammar allows only "class" on <attributes> (static is the default)
    text = text.replace('<attributes mode="static" class=', '<attributes class=')
    out.write_text(text + "\n", encoding="utf-8")


@dataclass
class PreparedExport:
    """An export checked and built in memory, ready to be written (see :func:`prepare_export`).

    Attributes
    ----------
    format : str
    entities, links : pd.DataFrame
        The tables after the audience profile, the raw-identifier guard and (GEXF, GraphML, i2)
        the XML-safe replacement.
    notes : list of str
        What was changed on the way, in the current language (e.g. characters replaced).
    """

    format: str
    entities: pd.DataFrame
    links: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    graph: Any = None
    audience_name: str = ""
    #: GraphML/GEXF: attribute name in the file -> the table column it holds, per node/edge.
    key_names: dict[str, dict[str, str]] = field(default_factory=dict)

    def write(self, path: str | Path) -> list[Path]:
        """Write the export to ``path`` (a folder for ``csv``), each file through a temporary
        file renamed into place: a failure leaves no partial file.

        Returns
        -------
        list of Path
            The files written.
        """
        out = Path(path)
        ents, links = self.entities, self.links
        if self.format == "csv":
            out.mkdir(parents=True, exist_ok=True)
            written = []
            for name, df in (("entities.csv", ents), ("links.csv", links)):
                rows = pd.DataFrame(list(_rows(df)), columns=df.columns)
                with _atomic(out / name) as tmp:
                    io.write_csv(rows, tmp)
                written.append(out / name)
            return written
        if self.format == "i2":
            from openpyxl import Workbook

            wb = Workbook(write_only=True)
            for title, df in (("Entities", ents), ("Links", links)):
                ws = wb.create_sheet(title)
                ws.append([str(c) for c in df.columns])
                for row in _rows(df):
                    ws.append(row)
            about = wb.create_sheet("About")
            for row in (["made by", f"netwerk {__version__}"], ["audience", self.audience_name],
                        ["entities", len(ents)], ["links", len(links)],
                        ["note", "pseudonymised data; text cells that would start a formula "
                                 "carry a leading apostrophe"], *(["note", n] for n in self.notes)):
                about.append([neutralise(x) for x in row])
            with _atomic(out) as tmp:
                save_workbook(wb, tmp)
            return [out]
        import networkx as nx

        with _atomic(out) as tmp:
            if self.format == "gexf":
                _write_gexf(self.graph, tmp, self.key_names)
            else:
                nx.write_graphml(self.graph, tmp)
                if self.key_names:
                    text = tmp.read_text(encoding="utf-8")
                    tmp.write_text(_graphml_with_column_names(text, self.key_names),
                                   encoding="utf-8")
        log.info(_("{formaat} geëxporteerd ({knooppunten} knooppunten, {relaties} relaties): {pad}",
                   formaat=self.format.upper(), knooppunten=len(ents), relaties=len(links),
                   pad=str(out)))
        return [out]


def prepare_export(
    net: Network,
    *,
    format: str = "gexf",
    vital: pd.DataFrame | None = None,
    seed: int = 0,
    audience: str = "case-meeting",
    partner: str | None = None,
    positions: bool = True,
) -> PreparedExport:
    r"""Everything :func:`export` checks and builds, without writing: the tables under the audience
    profile, the raw-identifier guard, the XML-safe replacement and (GEXF, GraphML) the graph.

    ``netwerk map`` prepares its exports before it writes the map, so an export that would fail
    stops the command before any file is written. Parameters as :func:`export`.

    Returns
    -------
    PreparedExport

    Raises
    ------
    GraphError
        Unknown format, or two node ids that become one after the XML-safe replacement.
    LeakError
        If a value looks like a raw identifier.

    Examples
    --------
    >>> import pandas as pd
    >>> from netwerk.graph import Network
    >>> net = Network.from_edges(pd.DataFrame({"source": ["a"], "target": ["b"]}),
    ...                          nodes=pd.DataFrame({"id": ["a"], "label": ["finan\x0bcier"]}))
    >>> prep = prepare_export(net, format="graphml", positions=False)
    >>> prep.notes
    ['1 tekstcel bevatte tekens die XML 1.0 niet toestaat; vervangen door U+FFFD']
    """
    if format not in EXPORT_FORMATS:
        raise GraphError(_("onbekend exportformaat '{formaat}' (kies uit {bekend})", formaat=format,
                           bekend=", ".join(EXPORT_FORMATS)))
    # need-to-know provenance, as on the map (netwerk.governance.editions)
    from ..governance.editions import Edition, edition_network

    part = partner or (audience.split(":", 1)[1] if audience.startswith("partner:") else None)
    net = edition_network(net, Edition("partner", part) if part else Edition("casusoverleg"))
    ents = entity_table(net, vital=vital, audience=audience, partner=partner)
    links = link_table(net, audience=audience, partner=partner)
    what = _("de export ({formaat})", formaat=format)
    check_no_raw_identifiers(_table_strings(ents, "entities"), what=what)
    check_no_raw_identifiers(_table_strings(links, "links"), what=what)
    prep = PreparedExport(format, ents, links,
                          audience_name=load_audience(audience, partner=partner).name)
    if format == "csv":
        return prep
    ents, n1 = _xml_safe_table(ents, "Entity ID")
    links, n2 = _xml_safe_table(links, None)
    prep.entities, prep.links = ents, links
    if n1 + n2:
        prep.notes.append(ngettext(
            "{n} tekstcel bevatte tekens die XML 1.0 niet toestaat; vervangen door U+FFFD",
            "{n} tekstcellen bevatten tekens die XML 1.0 niet toestaat; vervangen door U+FFFD",
            n1 + n2))
    if format == "i2":
        return prep
    xy = compute_layout(net.simple_graph, seed=seed) if positions else None
    score = vital_table(net, vital)["vital_score"].fillna(0.0).clip(lower=0.0).to_numpy()
    top = score.max() if len(score) and score.max() > 0 else 1.0
    prep.graph, prep.key_names = _graph(net, ents, links, xy, 10.0 + 30.0 * score / top,
                                        gexf=format == "gexf")
    return prep


def export(
    net: Network,
    path: str | Path,
    *,
    format: str = "gexf",
    vital: pd.DataFrame | None = None,
    seed: int = 0,
    audience: str = "case-meeting",
    partner: str | None = None,
    positions: bool = True,
    notes: list[str] | None = None,
) -> list[Path]:
    r"""Export a network for Gephi, yEd/Cytoscape, i2 Analyst's Notebook or a spreadsheet.

    Parameters
    ----------
    net : Network
    path : path
        The file to write; for ``csv`` a folder that receives ``entities.csv`` and ``links.csv``.
    format : {"gexf", "graphml", "i2", "csv"}
        ``gexf``: nodes with ``viz`` colour (by kind), size (by vital score) and position (seeded
        igraph layout), one edge per relation record coloured by relation kind. ``graphml``: the
        same with ``x``, ``y`` and ``color`` as plain attributes. ``i2``: an ``.xlsx`` workbook
        with sheets *Entities* (Entity ID, Entity Type, Label, ...) and *Links* (From ID, To ID,
        Link Type, Date, Grading, Source partner, ...) for the i2 import wizard, plus *About*.
        ``csv``: the two sheets as UTF-8 CSV files.
    vital : pd.DataFrame, optional
        Vital table: adds score, rank and reason, and sizes nodes in GEXF.
    seed : int
        Layout seed.
    audience, partner : str
        Audience profile (see :mod:`netwerk.viz.profiles`).
    positions : bool
        Compute positions for GEXF/GraphML (a few seconds per 10,000 nodes).
    notes : list, optional
        Receives what was changed on the way (in the current language), e.g. how many text
        cells held characters XML 1.0 forbids (C0 controls other than tab, LF and CR, lone
        surrogates, U+FFFE/U+FFFF): in GEXF, GraphML and the i2 workbook they are replaced by
        U+FFFD, so networkx, igraph, Gephi and Excel read the file back. The i2 workbook's
        *About* sheet repeats the notes.

    Returns
    -------
    list of Path
        The files written. Each is written to a temporary file and renamed into place, so a
        failure leaves no partial file.

    Raises
    ------
    GraphError
        Unknown format.
    LeakError
        If a value looks like a raw identifier.

    Examples
    --------
    >>> import tempfile, networkx as nx, pandas as pd
    >>> from netwerk.graph import Network
    >>> net = Network.from_edges(pd.DataFrame({"source": ["a"], "target": ["b"]}),
    ...                          nodes=pd.DataFrame({"id": ["a"], "stage": ["nul\x00byte"]}))
    >>> notes = []
    >>> (p,) = export(net, tempfile.mkdtemp() + "/n.gexf", positions=False, notes=notes)
    >>> nx.read_gexf(p).number_of_nodes(), len(notes)
    (2, 1)
    """
    prep = prepare_export(net, format=format, vital=vital, seed=seed, audience=audience,
                          partner=partner, positions=positions)
    if notes is not None:
        notes.extend(prep.notes)
    return prep.write(path)
