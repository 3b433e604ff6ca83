"""Named fixture networks for doctests, tests and notebooks.

Tiny classic graphs (from networkx's generators, node ids as ``str``), a seeded random directed
weighted graph, a hand-checkable brokerage graph, and loaders for the public research networks
shipped in ``netwerk/data/networks`` (each folder's README gives origin, licence and reference
figures; see :func:`shared`).

Examples
--------
>>> from netwerk import datasets
>>> net = datasets.karate()
>>> net.n_nodes, net.n_edges
(34, 78)
"""

from __future__ import annotations

import logging
import os
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import GraphError, InputError, Reason
from .graph import Network
from .i18n import _

__all__ = [
    "karate",
    "florentine",
    "krackhardt_kite",
    "random_directed_weighted",
    "every_brokerage_role",
    "shared",
    "shared_names",
    "shared_data_dir",
    "fixture_graphs",
    "KITE_LABELS",
    "sample_data_dir",
    "sample_case",
    "caviar",
    "caviar_phases",
    "montagna_phonecalls",
    "CAVIAR_PHASES",
]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

#: Standard labels of Krackhardt's kite, in networkx's vertex order 0..9.
KITE_LABELS = ["Andre", "Beverly", "Carol", "Diane", "Ed", "Fernando", "Garth", "Heather", "Ike",
               "Jane"]


def _from_nx(G, *, labels: list[str] | None = None, directed: bool = False, meta: str = "") -> Network:
    nodes = list(G.nodes())
    names = labels if labels is not None else [str(v) for v in nodes]
    name_of = dict(zip(nodes, names, strict=True))
    rows = [(name_of[u], name_of[v], float(d.get("weight", 1.0))) for u, v, d in G.edges(data=True)]
    edges = pd.DataFrame(rows, columns=["source", "target", "weight"])
    node_df = pd.DataFrame(index=pd.Index(names, name="id"))
    for key in sorted({k for _n, d in G.nodes(data=True) for k in d}):
        node_df[key] = [G.nodes[v].get(key) for v in nodes]
    node_df["kind"] = "person"
    net = Network(nodes=node_df, edges=edges, directed=directed, meta={"source": meta})
    return net


def karate() -> Network:
    """Zachary's karate club (34 nodes, 78 edges, undirected, weighted); node attribute ``club``.

    Weights are networkx's interaction counts (``nx.karate_club_graph``).

    References
    ----------
    .. [1] Zachary, W. W. (1977). An information flow model for conflict and fission in small groups.
       Journal of Anthropological Research 33(4): 452-473.
    """
    import networkx as nx

    return _from_nx(nx.karate_club_graph(), meta="networkx karate_club_graph (weight = interaction count)")


def florentine() -> Network:
    """Padgett's Florentine families marriage network (15 nodes, 20 edges, undirected).

    References
    ----------
    .. [1] Padgett, J. F. & Ansell, C. K. (1993). Robust action and the rise of the Medici,
       1400-1434. American Journal of Sociology 98(6): 1259-1319.
    """
    import networkx as nx

    return _from_nx(nx.florentine_families_graph(), meta="networkx florentine_families_graph")


def krackhardt_kite() -> Network:
    """Krackhardt's kite (10 nodes) with the standard labels Andre ... Jane.

    Diane has the highest degree, Fernando and Garth the highest closeness, Heather the highest
    betweenness; removing Heather (or Ike) disconnects Jane.
    """
    import networkx as nx

    return _from_nx(nx.krackhardt_kite_graph(), labels=KITE_LABELS, meta="Krackhardt kite")


def random_directed_weighted(n: int = 60, p: float = 0.08, seed: int = 1) -> Network:
    """A seeded G(n, p) directed graph with integer weights 1..5 and a 3-valued ``group``.

    Parameters
    ----------
    n, p : int, float
        Size and arc probability.
    seed : int
        Seed for the graph, the weights and the groups.
    """
    import networkx as nx

    G = nx.gnp_random_graph(n, p, seed=seed, directed=True)
    rng = np.random.default_rng(seed)
    for u, v in G.edges():
        G.edges[u, v]["weight"] = float(rng.integers(1, 6))
    groups = rng.choice(np.array(["a", "b", "c"]), size=n)
    for v in G.nodes():
        G.nodes[v]["group"] = str(groups[v])
    return _from_nx(G, directed=True, meta=f"gnp_random_graph(n={n}, p={p}, seed={seed})")


def every_brokerage_role() -> Network:
    """A small directed graph where every Gould–Fernandez role occurs (hand-checkable).

    Notes
    -----
    Groups: ``A = {a1, a2, a3}``, ``B = {b1, b2}``, ``C = {c1}``. Arcs:
    ``a1->a2, a2->a3, b1->a2, a2->b2, a1->b1, b1->c1, b2->b1``.

    Open two-paths (x -> broker -> y, x != y, no arc x -> y), by broker:

    * ``a2`` (group A): in {a1, b1}, out {a3, b2}.
      a1->a2->a3: A A A **coordinator**; a1->a2->b2: A A B **representative**;
      b1->a2->a3: B A A **gatekeeper**; b1->a2->b2: B A B **itinerant**.
    * ``b1`` (group B): in {a1, b2}, out {a2, c1}.
      a1->b1->a2 is closed (a1->a2 exists); a1->b1->c1: A B C **liaison**;
      b2->b1->a2: B B A **representative**; b2->b1->c1: B B C **representative**.
    * ``b2`` (group B): in {a2}, out {b1}. a2->b2->b1: A B B **gatekeeper**.

    So: a2 = (coordinator 1, itinerant 1, representative 1, gatekeeper 1, liaison 0, total 4);
    b1 = (0, 0, 2, 0, 1, total 3); b2 = (0, 0, 0, 1, 0, total 1); all others 0.
    """
    nodes = pd.DataFrame(
        {"group": ["A", "A", "A", "B", "B", "C"], "kind": "person"},
        index=pd.Index(["a1", "a2", "a3", "b1", "b2", "c1"], name="id"),
    )
    arcs = [("a1", "a2"), ("a2", "a3"), ("b1", "a2"), ("a2", "b2"), ("a1", "b1"), ("b1", "c1"),
            ("b2", "b1")]
    edges = pd.DataFrame(arcs, columns=["source", "target"])
    return Network(nodes=nodes, edges=edges, directed=True, meta={"source": "every_brokerage_role"})


# ---------------------------------------------------------------------------- shared research data

#: Which file of each shared folder is the network, whether it is directed and weighted.
_SHARED = {
    "siren": ("siren_edges.csv", "siren_nodes.csv", False, False),
    "togo": ("togo_edges.csv", "togo_nodes.csv", False, False),
    "cielnet": ("cielnet_edges.csv", "cielnet_nodes.csv", True, True),
    "cocaine_dealing_natarajan": ("cocaine_dealing_natarajan_edges.csv",
                                  "cocaine_dealing_natarajan_nodes.csv", True, True),
    "heroin_dealing_natarajan": ("heroin_dealing_natarajan_edges.csv",
                                 "heroin_dealing_natarajan_nodes.csv", True, False),
    "montreal_street_gangs": ("montreal_street_gangs_edges.csv", "montreal_street_gangs_nodes.csv",
                              True, False),
    "london_gang": ("london_gang_edges.csv", "london_gang_nodes.csv", False, True),
    "italian_gangs": ("italian_gangs_edges.csv", "italian_gangs_nodes.csv", False, False),
    "noordin_top": ("noordin_top_union_edges.csv", "noordin_top_nodes.csv", False, True),
    "jemaah_islamiyah_koschade": ("ji_koschade_edges.csv", "ji_koschade_nodes.csv", False, True),
    "ndrangheta_infinito": ("ndrangheta_infinito_person_projection_edges.csv",
                            "ndrangheta_infinito_nodes.csv", False, True),
}


def shared_data_dir() -> Path | None:
    """Where the public research networks are: the copies shipped inside the package
    (``netwerk/data/networks``, each folder with its README giving origin and licence), or
    ``$NETWERK_SHARED_DATA`` when set (e.g. a newer ``shared/data``).

    Returns ``None`` only when ``$NETWERK_SHARED_DATA`` names a missing folder.
    """
    env = os.environ.get("NETWERK_SHARED_DATA")
    if env:
        p = Path(env)
        return p if p.is_dir() else None
    return Path(str(resources.files("netwerk") / "data" / "networks"))


def shared_names() -> list[str]:
    """Names of the public research networks available (sorted)."""
    root = shared_data_dir()
    if root is None:
        return []
    return sorted(n for n, (e, *_rest) in _SHARED.items() if (root / n / e).exists())


def shared(name: str) -> Network:
    """Load a public research network shipped with netwerk (see :func:`shared_data_dir`).

    Edge file per folder: the folder's main edge list (``<name>_edges.csv``); for ``noordin_top``
    the union of the 10 relation layers (weight = number of relation types); for
    ``ndrangheta_infinito`` the one-mode person projection (weight = summits attended together;
    the 47 summit nodes are dropped, the 5 persons who met nobody stay as isolates). Directed and
    weighted as the folder's README says; unweighted files get weight 1. All ids are read as text.

    Parameters
    ----------
    name : str
        Folder name, one of :func:`shared_names`.

    Raises
    ------
    InputError
        If the shared data folder or the named network is missing.
    """
    if name not in _SHARED:
        raise GraphError(_("onbekend gedeeld netwerk '{naam}'; bekend: {bekend}", naam=name,
                           bekend=", ".join(sorted(_SHARED))),
                         reason=Reason.INVALID_ARGUMENT)
    root = shared_data_dir()
    if root is None:
        raise InputError(_("map met gedeelde data niet gevonden (zet NETWERK_SHARED_DATA)"),
                         reason=Reason.FILE_NOT_FOUND)
    edge_file, node_file, directed, weighted = _SHARED[name]
    folder = root / name
    if not (folder / edge_file).exists():
        raise InputError(_("bestand niet gevonden"), reason=Reason.FILE_NOT_FOUND,
                         file=str(folder / edge_file))
    edges = pd.read_csv(folder / edge_file, dtype=str, keep_default_na=False)
    nodes = pd.read_csv(folder / node_file, dtype=str, keep_default_na=False)
    if name == "ndrangheta_infinito":
        nodes = nodes[nodes["type"] == "person"].drop(columns=["type"])
    net = Network.from_edges(edges[["source", "target"] + (["weight"] if weighted else [])],
                             directed=directed, weight="weight" if weighted else None,
                             nodes=nodes, node_id="id")
    net.meta.update({"source": f"netwerk/data/networks/{name}/{edge_file}", "name": name})
    return net


def fixture_graphs(include_shared: bool = True) -> dict[str, Network]:
    """Every named fixture network: the tiny ones plus the shared research networks if present."""
    out = {
        "karate": karate(),
        "florentine": florentine(),
        "krackhardt_kite": krackhardt_kite(),
        "random_directed_weighted": random_directed_weighted(),
        "every_brokerage_role": every_brokerage_role(),
    }
    if include_shared:
        for name in shared_names():
            out[name] = shared(name)
    return out


def sample_data_dir() -> Path | None:
    """The repository's synthetic ``sample_data`` folder: ``$NETWERK_SAMPLE_DATA``, or
    ``sample_data/`` in the repository this package is installed from (editable installs)."""
    env = os.environ.get("NETWERK_SAMPLE_DATA")
    if env:
        p = Path(env)
        return p if p.is_dir() else None
    for parent in Path(__file__).resolve().parents:
        if (parent / "pyproject.toml").exists() and (parent / "sample_data").is_dir():
            return parent / "sample_data"
    return None


def sample_case(name: str, workdir: str | Path, *, sample_data: str | Path | None = None) -> Path:
    """Pseudonymise and ingest one synthetic sample case, as the partners and the RIEC would.

    Uses the clearly labelled synthetic demo key ``sample_data/demo.key``. Re-running it is cheap:
    re-ingesting the same files changes nothing.

    Parameters
    ----------
    name : str
        A case folder of ``sample_data`` (``hennep-oost``, ``synthetica-haven``, ``vastgoed-west``).
    workdir : path
        Where the pseudonymised extracts (``<workdir>/shared/<name>``) and the case store
        (``<workdir>/<name>.duckdb``) go.

    Returns
    -------
    Path
        The case store.
    """
    from .ingest.manifest import pseudonymise_manifest
    from .ingest.pipeline import ingest_manifest

    root = Path(sample_data) if sample_data is not None else sample_data_dir()
    if root is None or not (root / name / "manifest.yaml").is_file():
        raise InputError(_("voorbeeldcasus '{naam}' niet gevonden (zet NETWERK_SAMPLE_DATA)", naam=name),
                         reason=Reason.FILE_NOT_FOUND, file=str(root))
    key = (root / "demo.key").read_text(encoding="utf-8").strip().encode()
    work = Path(workdir)
    shared_dir = work / "shared" / name
    pseudonymise_manifest(root / name / "manifest.yaml", key, shared_dir)
    case = work / f"{name}.duckdb"
    ingest_manifest(case, shared_dir / "manifest.yaml")
    from .governance import init_case, read_case_record

    if read_case_record(case) is None:  # synthetic data: a training case (lawful-use gate)
        init_case(case, training=True, name=name, analyst="netwerk.datasets")
    return case


# ---------------------------------------------------------------------------- networks with phases

#: The eleven two-month observation phases of Project Caviar (Morselli 2009).
CAVIAR_PHASES = tuple(range(1, 12))


def _read_shipped(folder: str, name: str) -> pd.DataFrame:
    """A CSV of ``netwerk/data/networks/<folder>`` with every value as text."""
    f = resources.files("netwerk.data").joinpath(f"networks/{folder}/{name}")
    with f.open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False)


def caviar(phase: int | None = None, *, directed: bool = False) -> Network:
    """Project Caviar's communication network (Morselli 2009), one phase or all phases.

    Parameters
    ----------
    phase : int, optional
        1–11: the network of that two-month phase. ``None``: every phase in one network whose
        relation records carry ``phase`` and dates (``valid_from``/``valid_to``: phase *p* is
        stamped as the two months starting on 1994-01-01 + 2·(p−1) months, a stand-in calendar for
        :meth:`Network.window`; Morselli gives phases, not dates).
    directed : bool
        Keep caller → receiver direction (default: undirected, as Morselli analysed it; the weights
        of both directions are summed by :attr:`Network.simple_graph`).

    Returns
    -------
    Network
        Nodes ``N1``…, kind ``person``; relation kind ``communication``, ``weight`` = number of
        intercepted communications.

    Examples
    --------
    >>> from netwerk.datasets import caviar
    >>> [caviar(p).n_nodes for p in (1, 6, 11)]
    [15, 27, 41]
    """
    edges = _read_shipped("caviar", "caviar_edges.csv")
    nodes = _read_shipped("caviar", "caviar_nodes.csv")
    edges["phase"] = edges["phase"].astype(int)
    nodes["phase"] = nodes["phase"].astype(int)
    if phase is not None:
        if int(phase) not in CAVIAR_PHASES:
            raise GraphError(_("Caviar heeft fasen 1–11, niet {fase!r}", fase=phase),
                             reason=Reason.INVALID_ARGUMENT)
        edges = edges[edges["phase"] == int(phase)]
        nodes = nodes[nodes["phase"] == int(phase)]
    start = pd.Timestamp("1994-01-01")
    edges = edges.assign(
        weight=edges["weight"].astype(float), kind="communication",
        valid_from=[(start + pd.DateOffset(months=2 * (p - 1))).date().isoformat()
                    for p in edges["phase"]],
        valid_to=[(start + pd.DateOffset(months=2 * p, days=-1)).date().isoformat()
                  for p in edges["phase"]])
    node_df = pd.DataFrame({"id": pd.unique(nodes["id"]), "kind": "person"})
    net = Network.from_edges(edges, directed=directed, weight="weight", kind="kind",
                             nodes=node_df, node_id="id")
    net.meta.update({"source": "netwerk/data/networks/caviar (Morselli 2009)", "name": "caviar",
                     "phase": phase})
    return net


def caviar_phases(*, directed: bool = False) -> dict[int, Network]:
    """The eleven Caviar phases as separate networks, ``{phase: Network}``."""
    return {p: caviar(p, directed=directed) for p in CAVIAR_PHASES}


def montagna_phonecalls(*, directed: bool = False) -> Network:
    """The Montagna operation's phone-call network (Sicilian Mafia; Cavallaro et al. 2020).

    100 participants, 124 undirected ties (150 caller → receiver arcs), ``weight`` = number of
    calls.

    Examples
    --------
    >>> from netwerk.datasets import montagna_phonecalls
    >>> net = montagna_phonecalls()
    >>> net.n_nodes, net.simple_graph.ecount()
    (100, 124)
    """
    edges = _read_shipped("montagna", "montagna_phonecalls_edges.csv")
    edges["weight"] = edges["weight"].astype(float)
    edges["kind"] = "phone_call"
    net = Network.from_edges(edges, directed=directed, weight="weight", kind="kind")
    net.nodes["kind"] = "person"
    net.meta.update({"source": "netwerk/data/networks/montagna (Cavallaro et al. 2020)",
                     "name": "montagna_phonecalls"})
    return net
