"""The partner records behind each link of a target: the facts a decision rests on.

A network score is never a fact for a Bibob or 13b decision (decision-layer review §5.3). What the
competent authority needs are the source records: which partner's extract, which row, which
registration number, observed when, graded how, provided on which legal basis. :func:`source_records`
lists them for every target of a plan, one row per relation record, so the plan can point to them
("bronnen: 4 registraties, zie bronnen.csv") and the partner can be asked for the document.

In every edition but the supplying partner's own, a restricted source (tax-debtor extract, police
suspect registrations: :mod:`netwerk.governance.editions`) shows as ``afgeschermde bron`` without
extract, row or registration number: the recipient asks the RIEC, which asks the partner.

Examples
--------
>>> import pandas as pd
>>> e = pd.DataFrame({"source": ["p1", "p1"], "target": ["c1", "a1"],
...                   "kind": ["director_of", "lives_at"], "partner": ["KvK", "gemeente"],
...                   "extract": ["kvk.csv", "brp.csv"], "row": [4, 9],
...                   "attributes": ['{"registratienummer": "R-77"}', None]})
>>> source_records(e, ["p1"])[["relation", "partner", "row", "registration"]].values.tolist()
[['director_of', 'KvK', 4, 'R-77'], ['lives_at', 'gemeente', 9, '']]
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from ..i18n import _, ngettext
from .editions import Edition, EditionPolicy, mask_edge_provenance

__all__ = ["SOURCE_COLUMNS", "source_records", "source_summary"]

#: Columns of :func:`source_records`.
SOURCE_COLUMNS = ["target", "relation", "other", "partner", "extract", "row", "registration",
                  "observed", "grading", "legal_basis"]
_REG_KEYS = ("registratienummer", "registration", "zaaknummer", "dossiernummer", "kenmerk",
             "documentnummer", "aktenummer", "vergunningnummer")


def _registration(attrs: Any) -> str:
    if attrs is None or (isinstance(attrs, float) and pd.isna(attrs)) or attrs is pd.NA:
        return ""
    try:
        d = json.loads(attrs) if isinstance(attrs, str) else dict(attrs)
    except (ValueError, TypeError):
        return ""
    for k in _REG_KEYS:
        if d.get(k) not in (None, ""):
            return str(d[k])
    for k, v in d.items():  # any other *nummer field
        if str(k).endswith("nummer") and v not in (None, ""):
            return str(v)
    return ""


def source_records(edges: pd.DataFrame, targets: Iterable[str], *,
                   edition: Edition | None = None,
                   restricted: Mapping[str, str] | Iterable[str] = (),
                   policy: EditionPolicy | None = None) -> pd.DataFrame:
    """Every relation record that ties a target into the network, with its source.

    Parameters
    ----------
    edges : DataFrame
        The network's relation table (``source``, ``target``, ``kind``, ``partner``, ``extract``,
        ``row``, ``observed``, ``grading_source``, ``grading_information``, ``legal_basis``,
        ``attributes`` as present).
    targets : iterable of str
        Node ids (the plan's targets).
    edition : Edition, optional
        Mask restricted sources as this edition must (default: casusoverleg).
    restricted : mapping or iterable of str
        Restricted partners (:func:`netwerk.governance.restricted_partners`).

    Returns
    -------
    DataFrame
        Columns :data:`SOURCE_COLUMNS`, sorted by target, partner, extract, row.
    """
    ed = edition or Edition("casusoverleg")
    want = list(dict.fromkeys(str(t) for t in targets))
    if not len(edges) or not want:
        return pd.DataFrame(columns=SOURCE_COLUMNS)
    e = mask_edge_provenance(edges, ed, restricted, policy) if restricted else edges
    rows = []
    cols = set(e.columns)
    wanted = set(want)
    for r in e.to_dict("records"):
        for end, other in (("source", "target"), ("target", "source")):
            t = str(r[end])
            if t not in wanted:
                continue
            grade = "".join(str(r.get(c) or "") for c in ("grading_source", "grading_information")
                            if c in cols and r.get(c) is not None and not pd.isna(r.get(c)))
            obs = r.get("observed") if "observed" in cols else None
            rows.append({
                "target": t, "relation": str(r.get("kind", "")), "other": str(r[other]),
                "partner": str(r.get("partner") or ""), "extract": str(r.get("extract") or ""),
                "row": r.get("row") if r.get("row") is not None and not pd.isna(r.get("row"))
                else None,
                "registration": _registration(r.get("attributes")),
                "observed": "" if obs is None or pd.isna(obs) else str(obs)[:10],
                "grading": grade, "legal_basis": str(r.get("legal_basis") or ""),
            })
    out = pd.DataFrame(rows, columns=SOURCE_COLUMNS)
    if len(out):
        out["_t"] = out["target"].map({t: i for i, t in enumerate(want)})
        out = (out.sort_values(["_t", "partner", "extract", "row", "relation", "other"],
                               kind="stable", na_position="last")
               .drop(columns="_t").reset_index(drop=True))
    return out


def source_summary(sources: pd.DataFrame, *, show: int = 4) -> dict[str, str]:
    """Per target a short pointer for a plan row, open sources first, masked ones counted.

    Examples
    --------
    >>> src = pd.DataFrame({"target": ["p1"] * 3, "partner": ["KvK", "afgeschermde bron", "KvK"],
    ...                     "extract": ["kvk.csv", "", "kvk.csv"], "row": [4, None, 4],
    ...                     "registration": ["", "", ""]})
    >>> source_summary(src)["p1"]
    '3 registraties: Kamer van Koophandel kvk.csv r4; 1 uit een afgeschermde bron (opvragen via het RIEC)'
    """
    from ..interventions.plan import partner_label  # the partner's name, not its id
    from .editions import MASKED_SOURCE

    out: dict[str, str] = {}
    for t, g in sources.groupby("target", sort=False):
        masked = g["partner"] == MASKED_SOURCE
        seen: list[str] = []
        for r in g[~masked].to_dict("records"):
            row = r["row"]
            where = " ".join(x for x in (partner_label(None, r["partner"]), r["extract"],
                                         f"r{int(row)}" if row is not None and not pd.isna(row)
                                         else "", r["registration"]) if x)
            if where not in seen:
                seen.append(where)
        parts = seen[:show]
        if len(seen) > show:
            parts.append(_("+{n} meer", n=len(seen) - show))
        if masked.any():
            parts.append(_("{n} uit een afgeschermde bron (opvragen via het RIEC)",
                           n=int(masked.sum())))
        out[str(t)] = ngettext("{n} registratie: {parts}", "{n} registraties: {parts}", len(g),
                               parts="; ".join(parts))
    return out
