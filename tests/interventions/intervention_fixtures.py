"""Hand-made networks for the intervention tests (imported by tests, not a conftest)."""

from __future__ import annotations

import pandas as pd

from netwerk.graph.network import Network


def small_cannabis() -> Network:
    """A small cannabis network with planted vital actors.

    * ``elek`` is the sole electrician (stage electricity) serving all three growers;
    * ``b`` is the broker: the only tie between cultivation and sale;
    * ``sm`` is a straw man (katvanger) directing three companies (laundering): the only way
      from the money (financier, broker) to the laundering vehicles;
    * the growers k1..k3 have the highest degree but are interchangeable.
    """
    persons = {
        "fin": "financier", "elek": "elektricien", "gs": "growshophouder",
        "k1": "hennepkweker", "k2": "hennepkweker", "k3": "hennepkweker",
        "b": "handelaar", "d1": "dealer", "d2": "dealer", "sm": "katvanger",
    }
    companies = {"G": "4776", "C1": "5630", "C2": "9602", "C3": "6420"}
    nodes = [{"id": k, "kind": "person", "rol": v} for k, v in persons.items()]
    nodes += [{"id": k, "kind": "company", "sbi": v} for k, v in companies.items()]
    nodes += [{"id": p, "kind": "property"} for p in ("P1", "P2", "P3")]
    nodes += [{"id": "V1", "kind": "vehicle"}]
    e = [
        ("fin", "k1", "co_suspect"), ("fin", "k2", "co_suspect"), ("fin", "sm", "transacts_with"),
        ("elek", "k1", "co_suspect"), ("elek", "k2", "co_suspect"), ("elek", "k3", "co_suspect"),
        ("gs", "G", "director_of"),
        ("k1", "G", "transacts_with"), ("k2", "G", "transacts_with"), ("k3", "G", "transacts_with"),
        ("k1", "P1", "rents"), ("k2", "P2", "rents"), ("k3", "P3", "rents"),
        ("k1", "b", "co_suspect"), ("k2", "b", "co_suspect"), ("k3", "b", "co_suspect"),
        ("b", "d1", "co_suspect"), ("b", "d2", "co_suspect"), ("b", "sm", "transacts_with"),
        ("sm", "C1", "director_of"), ("sm", "C2", "director_of"), ("sm", "C3", "director_of"),
        ("d1", "V1", "uses"),
    ]
    edges = pd.DataFrame(e, columns=["source", "target", "kind"])
    return Network.from_edges(edges, nodes=pd.DataFrame(nodes), kind="kind")


CAPACITY = {"gemeente": 10, "politie": 20, "OM": 10, "Belastingdienst": 10, "FIOD": 15,
            "netbeheerder": 5, "KvK": 5, "woningcorporatie": 5, "bank": 5, "RDW": 3, "notaris": 2,
            "Arbeidsinspectie": 5}


