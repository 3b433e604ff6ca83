"""Small case-like networks for the viz tests (imported by the tests as ``vizcases``): every node kind, four partners, grading, stages,
restricted attributes, and (optionally) hostile partner strings."""

from __future__ import annotations

import igraph as ig
import numpy as np
import pandas as pd

from netwerk import Network

XSS_IMG = '<img src=x onerror="window.__xss=1">'
XSS_SCRIPT = "</script><script>window.__xss=2</script>"
XSS_ALERT = "<img src=x onerror=alert(1)>"


def pseudo(prefix: str, i: int) -> str:
    return f"{prefix}-{i:024x}"


def make_case_network(*, evil: bool = False) -> Network:
    """13 nodes of all eight kinds, 16 relation records from four partners."""
    P = [pseudo("BSN", i) for i in range(1, 5)]
    C = [pseudo("KVK", i) for i in range(1, 3)]
    nodes = pd.DataFrame(
        {
            "id": P + C + [pseudo("PRC", 1), pseudo("ADR", 1), pseudo("KNT", 1), pseudo("TEL", 1),
                           pseudo("IBAN", 1), pseudo("VGN", 1), pseudo("ADR", 2)],
            "kind": ["person"] * 4 + ["company"] * 2 + ["property", "address", "vehicle", "phone",
                                                        "account", "permit", "address"],
            "stage": ["financing", "location", "location", "sale", "laundering", "sale", "location",
                      "location", None, "sale", "laundering", None, None],
            "partners": [["gemeente", "politie"], ["politie"], ["gemeente"], ["politie"],
                         ["kvk", "belastingdienst"], ["kvk"], ["gemeente"], ["gemeente"],
                         ["politie"], ["politie"], ["belastingdienst"], ["gemeente"], ["gemeente"]],
            "sbi": [None] * 4 + ["5610", "4511"] + [None] * 7,
        }
    ).set_index("id")
    nodes["label"] = nodes.index
    if evil:
        nodes.loc[P[1], "label"] = XSS_IMG
        nodes.loc[P[2], "label"] = XSS_SCRIPT
    rows = [
        (P[0], C[0], "director_of", "kvk", "A", "1"),
        (P[1], C[0], "shareholder_of", "kvk", "B", "2"),
        (P[0], P[1], "co_suspect", "politie", "B", "3"),
        (P[0], P[1], "co_suspect", "gemeente", "C", "3"),
        (P[1], P[2], "family_of", "gemeente", None, None),
        (P[2], pseudo("PRC", 1), "owns", "gemeente", "A", "2"),
        (pseudo("PRC", 1), pseudo("ADR", 1), "located_at", "gemeente", "A", "1"),
        (P[2], pseudo("ADR", 1), "registered_at", "gemeente", "A", "1"),
        (P[3], pseudo("KNT", 1), "uses", "politie", "B", "2"),
        (P[3], pseudo("TEL", 1), "uses", "politie", "C", "4"),
        (P[0], pseudo("TEL", 1), "calls", "politie", "D", "4"),
        (C[0], pseudo("IBAN", 1), "owns", "belastingdienst", "A", "1"),
        (C[1], pseudo("IBAN", 1), "transacts_with", "belastingdienst", "B", "2"),
        (C[1], pseudo("VGN", 1), "holds_permit", "gemeente", "A", "1"),
        (C[0], pseudo("ADR", 2), "established_at", "kvk", "A", "1"),
        (P[3], C[1], "director_of", "kvk", "A", "1"),
    ]
    from netwerk.model import grading_score

    edges = pd.DataFrame(rows, columns=["source", "target", "kind", "partner", "grading_source",
                                        "grading_information"])
    edges["grading_scheme"] = "admiralty"
    edges["grading_score"] = [grading_score("admiralty", s, i) if s else np.nan
                              for s, i in zip(edges["grading_source"], edges["grading_information"],
                                              strict=True)]
    edges["observed"] = pd.to_datetime("2026-03-01")
    edges["legal_basis"] = "art. 13b Opiumwet" if not evil else XSS_ALERT
    if evil:
        edges.loc[0, "partner"] = "kvk" + XSS_ALERT
    attrs = pd.DataFrame(
        [
            (P[0], "debt_amount", "12500", "belastingdienst", 1),
            (P[0], "debt_amount", "800", "gemeente", 2),
            (P[0], "horeca_permit", "yes", "gemeente", 2),
            (P[1], "enforcement_history", "2 closures", "gemeente", 2),
            (C[0], "sbi", "5610", "kvk", 3),
            (P[3], "nickname_note", XSS_SCRIPT if evil else "driver", "politie", 4),
        ],
        columns=["node_id", "attribute", "value", "partner", "import_id"],
    )
    return Network(nodes=nodes, edges=edges, directed=True, meta={"case": "test case"},
                   node_attributes=attrs)


def vital_for(net: Network) -> pd.DataFrame:
    """A vital-like table (what netwerk.analysis.vital_nodes returns, reduced) from igraph."""
    g = net.simple_graph
    btw = np.asarray(g.betweenness(directed=False), dtype=float)
    deg = np.asarray(g.degree(), dtype=float)
    score = 0.6 * btw / max(btw.max(), 1) + 0.4 * deg / max(deg.max(), 1)
    v = pd.DataFrame({"betweenness": btw, "degree": deg, "vital_score": score,
                      "liaison": (btw > 0).astype(float), "reason": "top betweenness"},
                     index=net.nodes.index)
    v = v.sort_values(["vital_score"], ascending=False, kind="stable")
    v["rank"] = np.arange(1, len(v) + 1)
    return v


def barabasi(n: int, m: int = 2, seed: int = 0) -> Network:
    """A seeded Barabási–Albert network of ``n`` persons and companies."""
    import random

    random.seed(seed)
    ig.set_random_number_generator(random.Random(seed))
    g = ig.Graph.Barabasi(n, m)
    ig.set_random_number_generator(random)
    el = np.asarray(g.get_edgelist())
    ids = np.array([f"n{i}" for i in range(n)])
    nodes = pd.DataFrame({"id": ids, "kind": np.where(np.arange(n) % 5 == 0, "company", "person")})
    edges = pd.DataFrame({"source": ids[el[:, 0]], "target": ids[el[:, 1]]})
    return Network.from_edges(edges, nodes=nodes)
