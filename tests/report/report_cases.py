"""Hand-made cases (shared helpers) for the report tests: a small cannabis network whose criteria are derived by hand."""

from __future__ import annotations

import pandas as pd

from netwerk import Network
from netwerk.report.build import CaseAnalysis

STAGES = ("financing", "location", "electricity", "equipment", "cultivation", "sale", "laundering")


def make_net(*, crime_type: str | None = "cannabis", label_p1: str = "PER-1",
             extra_nodes: int = 0) -> Network:
    nodes = pd.DataFrame(
        [
            ("p1", "person", label_p1, "financing", None, None),
            ("p2", "person", "PER-2", "location", None, None),
            ("p3", "person", "PER-3", "laundering", None, "Notaris"),
            ("p4", "person", "PER-4", "laundering", None, "accountant"),
            ("p5", "person", "PER-5", "cultivation", None, None),
            ("p6", "person", "PER-6", "cultivation", None, None),
            ("c1", "company", "Cafe =SUM(A1)", "sale", "5610", None),
            ("c2", "company", "Kapper", "sale", "96021", None),
            ("c3", "company", "Auto", None, "45.11", None),
            ("c4", "company", "IT", "equipment", "6201", None),
            ("c5", "company", "Shop", "sale", None, None),
            ("a1", "address", "ADR-1", None, None, None),
        ]
        + [(f"x{i}", "phone", f"TEL-{i}", None, None, None) for i in range(extra_nodes)],
        columns=["id", "kind", "label", "stage", "sbi", "rol"],
    )
    e = [
        ("p1", "c1", "director_of", "kvk"),
        ("p1", "c2", "director_of", "kvk"),
        ("p1", "c3", "director_of", "kvk"),
        ("p1", "c3", "director_of", "kvk"),  # a duplicate record: still 3 companies
        ("p2", "c4", "director_of", "kvk"),
        ("p2", "c5", "director_of", "kvk"),
        ("p5", "p6", "co_suspect", "politie"),
        ("p2", "a1", "registered_at", "gemeente"),
        ("c5", "a1", "owns", "kadaster"),
        ("c1", "c4", "transacts_with", "belastingdienst"),
        ("p3", "p1", "co_suspect", "politie"),
        ("p4", "p3", "co_suspect", "politie"),
        ("p5", "p2", "co_suspect", "politie"),
    ] + [(f"x{i}", "p1", "calls", "politie") for i in range(extra_nodes)]
    edges = pd.DataFrame(e, columns=["source", "target", "kind", "partner"])
    net = Network.from_edges(edges, nodes=nodes, kind="kind")
    info = {"key_fingerprint": "0123456789abcdef"}
    if crime_type is not None:
        info["crime_type"] = crime_type
    net.meta = {"case_info": info, "imports": [
        {"file_name": "kvk.csv", "file_sha256": "ab" * 32, "partner": "kvk",
         "key_fingerprint": "0123456789abcdef", "rows_read": 6, "rows_used": 6}]}
    return net


VITAL_SCORES = {"p1": .9, "p5": .8, "c1": .7, "p3": .6, "p2": .5, "p4": .4, "p6": .3, "c2": .2,
                "c4": .15, "c5": .1, "c3": .05, "a1": .01}


def make_vital(net: Network) -> pd.DataFrame:
    s = pd.Series(VITAL_SCORES).reindex(net.nodes.index).fillna(0.0)
    v = pd.DataFrame({"vital_score": s})
    v = v.sort_values("vital_score", ascending=False, kind="stable")
    v["rank"] = range(1, len(v) + 1)
    v["reason"] = [f"reason for {i}" for i in v.index]
    v.index.name = "id"
    return v


def make_analysis(net: Network, *, effect: float | None = 0.3, effort: float | None = 10.0,
                  map_svg: str | None = None) -> CaseAnalysis:
    candidates = pd.DataFrame({
        "node": ["p2", "p5", "p6", "c1", "a1"],
        "partner": ["gemeente", "politie", "politie", "belastingdienst", "kadaster"],
        "instrument": ["bibob", "arrest", "arrest", "naheffing", "x"]})
    matrix = pd.DataFrame({"gemeente": ["Bibob", "", ""], "politie": ["", "arrest", ""],
                           "belastingdienst": ["", "", "naheffing"]},
                          index=pd.Index(["location", "cultivation", "laundering"], name="stage"))
    actions = pd.DataFrame({"action_id": ["A1", "A2"], "target": ["p2", "p5"],
                            "partner": ["gemeente", "politie"], "instrument": ["bibob", "arrest"],
                            "effort_days": [4.0, 6.0]})
    plan = pd.DataFrame({"step": [1, 2], "who": ["gemeente", "politie"], "what": ["bibob", "arrest"],
                         "why": ["location provider", "cultivation"], "when": ["week 1", "month 2"]})
    return CaseAnalysis(net=net, model_name="cannabis", stages=STAGES, vital=make_vital(net),
                        matrix=matrix, candidates=candidates, actions=actions, plan=plan,
                        effect=effect, effort_days=effort, map_svg=map_svg)


def write_store(path, net: Network) -> str:
    """Write a hand-made Network into a case store (one import per partner), for build/CLI tests."""
    import datetime as dt

    from netwerk.store import connect, insert_frame, set_info

    partners = sorted(net.edges["partner"].unique())
    imp_id = {p: i for i, p in enumerate(partners, start=1)}
    now = dt.datetime(2026, 1, 1)
    with connect(path) as con:
        for k, v in net.meta.get("case_info", {}).items():
            set_info(con, k, v)
        insert_frame(con, "imports", pd.DataFrame({
            "import_id": list(imp_id.values()), "file_name": [f"{p}.csv" for p in partners],
            "file_sha256": ["ab" * 32] * len(partners), "spec_name": partners,
            "spec_sha256": ["cd" * 32] * len(partners), "partner": partners,
            "key_fingerprint": ["0123456789abcdef"] * len(partners), "imported_at": [now] * len(partners),
            "rows_read": [1] * len(partners), "rows_used": [1] * len(partners),
            "duplicates": [0] * len(partners), "rejects": [0] * len(partners),
            "leak_override": [False] * len(partners), "leak_findings": [None] * len(partners),
            "status": ["ok"] * len(partners)}))
        n = net.nodes
        insert_frame(con, "nodes", pd.DataFrame({"node_id": n.index.to_numpy(),
                                                 "kind": n["kind"].to_numpy(),
                                                 "label": n["label"].astype(str).to_numpy()}))
        first = partners[0]
        insert_frame(con, "node_sightings", pd.DataFrame({
            "node_id": n.index.to_numpy(), "partner": first, "import_id": imp_id[first]}))
        rows = []
        for attr in ("stage", "sbi", "rol"):
            if attr in n.columns:
                for node, val in n[attr].dropna().items():
                    rows.append((node, attr, str(val), "str", first, imp_id[first]))
        insert_frame(con, "node_attributes", pd.DataFrame(
            rows, columns=["node_id", "attribute", "value", "value_type", "partner", "import_id"]))
        e = net.edges
        insert_frame(con, "relations", pd.DataFrame({
            "relation_id": range(1, len(e) + 1), "source": e["source"], "target": e["target"],
            "kind": e["kind"], "directed": True, "partner": e["partner"],
            "import_id": e["partner"].map(imp_id), "extract": e["partner"] + ".csv",
            "grading_score": 0.5, "weight": e["weight"]}))
    from netwerk.governance import init_case

    init_case(path, training=True)  # synthetic: a training case (lawful-use gate)
    return str(path)


def synthetic_case(n: int, *, seed: int = 0, crime_type: str = "cannabis") -> Network:
    """A random cannabis-like case network of about ``n`` nodes (for timings, not for truths)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    kinds = rng.choice(["person", "company", "address", "phone"], size=n, p=[.45, .2, .25, .1])
    ids = np.array([f"{k[:3].upper()}-{i:08x}" for i, k in enumerate(kinds)])
    stage_p = [.05, .15, .02, .08, .35, .3, .05]
    stage = np.where(np.isin(kinds, ["person", "company"]) & (rng.random(n) < .3),
                     rng.choice(STAGES, size=n, p=stage_p), None)
    sbi = np.where(kinds == "company", rng.choice(["5610", "96021", "4511", "6201", "4776", "4120"],
                                                  size=n), None)
    nodes = pd.DataFrame({"id": ids, "kind": kinds, "label": ids, "stage": stage, "sbi": sbi})
    by = {k: ids[kinds == k] for k in ("person", "company", "address", "phone")}
    m = n

    def pick(k, size):
        return rng.choice(by[k], size=size)

    parts = [
        ("director_of", "kvk", pick("person", m // 5), pick("company", m // 5)),
        ("registered_at", "gemeente", pick("person", m // 3), pick("address", m // 3)),
        ("established_at", "kvk", by["company"], pick("address", len(by["company"]))),
        ("calls", "politie", pick("phone", m // 5), pick("person", m // 5)),
        ("owns", "kadaster", pick("company", m // 10), pick("address", m // 10)),
        ("transacts_with", "belastingdienst", pick("company", m // 10), pick("person", m // 10)),
    ]
    # co-suspects: persons in small clusters, linked along a ring so the network hangs together
    pers = by["person"]
    parts.append(("co_suspect", "politie", pers, np.roll(pers, 1)))
    parts.append(("co_suspect", "politie", pick("person", m // 5), pick("person", m // 5)))
    frames = [pd.DataFrame({"source": s, "target": t, "kind": k, "partner": p})
              for k, p, s, t in parts]
    edges = pd.concat(frames, ignore_index=True)
    edges = edges[edges["source"] != edges["target"]]
    net = Network.from_edges(edges, nodes=nodes, kind="kind")
    net.meta = {"case_info": {"crime_type": crime_type, "key_fingerprint": "0123456789abcdef"},
                "imports": []}
    return net
