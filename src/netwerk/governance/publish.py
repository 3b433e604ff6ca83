"""Publishing a case's plan and map for one edition: the edition's tables, marked and logged.

The writers of ``netwerk plan`` and ``netwerk map`` call these with the :class:`Governance` of the
run (:func:`netwerk.governance.govern`): every table goes through the edition policy
(:mod:`netwerk.governance.editions`) before it is written, the plan gets the partner records behind
each link of its targets (:mod:`netwerk.governance.sources`), and :meth:`Governance.finish` marks
every file and logs it with its SHA-256.

What each edition gets from ``netwerk plan``:

==================  ===========================================================================
casusoverleg        barrier matrix, candidates, package, action plan (+ ``bronnen`` column),
                    ``bronnen.csv``; restricted attributes scrubbed; restricted sources masked
partner:NAME        the same, with its own restricted attributes and sources; its own rows only
stuurgroep          ``barrier_matrix`` (counts), ``candidates`` (counts), ``action_plan``
                    (actions and person-days per partner and spectrum); no pseudonym anywhere
private:NAME        ``action_plan`` (requests without case data), ``candidates`` (own
                    instruments), ``barrier_matrix`` (own column, no targets); no pseudonym
==================  ===========================================================================
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from .editions import (
    derived_terms,
    edition_candidates,
    edition_matrix,
    edition_plan,
    hidden_attribute_values,
    load_policy,
    restricted_partners,
)
from .models import load_model_version
from .outputs import write_table
from .session import Governance
from .sources import source_records, source_summary

__all__ = ["edition_context", "publish_plan", "EditionContext"]


class EditionContext:
    """The per-network inputs of the edition policy: restricted sources, hidden attributes and the
    police/tax-derived terms a private edition must not contain."""

    def __init__(self, net: Any, gov: Governance) -> None:
        from ..viz.profiles import load_audience, restricted_attribute_names

        policy = load_policy()
        self.edition = gov.edition
        self.restricted = restricted_partners(net.meta.get("imports") or [], policy)
        names = restricted_attribute_names(net, load_audience("case-meeting"))
        self.hidden = hidden_attribute_values(net.node_attributes, gov.edition, names)
        partners = set()
        if "partner" in net.edges.columns:
            partners |= set(net.edges["partner"].dropna().astype(str))
        na = net.node_attributes
        if na is not None and "partner" in na.columns:
            partners |= set(na["partner"].dropna().astype(str))
        excluded = [p for p in sorted(partners) if p.casefold() in policy.private_excluded_sources]
        self.derived = derived_terms(na, net.edges, excluded, policy) if gov.edition.kind == \
            "private" else set()


def edition_context(net: Any, gov: Governance) -> EditionContext:
    """:class:`EditionContext` of a network for the run's edition."""
    return EditionContext(net, gov)


def _append_sources(md: Path, plan: pd.DataFrame) -> None:
    from .outputs import markdown_table

    per = plan[["target", "bronnen"]].drop_duplicates("target")
    text = md.read_text("utf-8").rstrip("\n")
    text += ("\n\n## Bronnen per doel\n\nEen netwerkscore is geen feit voor een besluit. Deze "
             "partnerregistraties liggen onder de relaties van elk doel (volledig in bronnen.csv); "
             "vraag het stuk op bij de partner.\n\n")
    text += markdown_table(per.rename(columns={"target": "doel"}))
    md.write_text(text, encoding="utf-8")


def publish_plan(gov: Governance, out: str | Path, *, net: Any, matrix: pd.DataFrame,
                 candidates: pd.DataFrame, package: pd.DataFrame, plan: pd.DataFrame,
                 title: str, provenance: dict[str, Any]) -> list[Path]:
    """Write the plan outputs of one edition into ``out``; mark and log them.

    Parameters
    ----------
    gov : Governance
    out : path
        Output folder (created).
    net : Network
        The staged network the plan was made on.
    matrix, candidates, package, plan : DataFrame
        :func:`~netwerk.interventions.barrier_matrix`, ``candidate_interventions``,
        ``Package.actions`` and :func:`~netwerk.interventions.action_plan`.
    title : str
        Title of the barrier matrix.
    provenance : dict
        The run's provenance record; the lawful-use facts and model versions are added.

    Returns
    -------
    list of Path
        Every file written (``provenance.json`` last), each marked and in the access log.
    """
    from ..interventions import export_plan, render_barrier_matrix
    from ..interventions.plan import write_csv

    o = Path(out)
    o.mkdir(parents=True, exist_ok=True)
    ed = gov.edition
    ctx = edition_context(net, gov)
    kw = {"hidden": ctx.hidden, "derived": ctx.derived}
    files: list[Path] = []
    m = edition_matrix(matrix, ed)
    if ed.person_level:
        files.append(write_csv(m, o / "barrier_matrix.csv", index=True))
        for fmt, suffix in (("markdown", ".md"), ("html", ".html")):
            p = o / f"barrier_matrix{suffix}"
            p.write_text(render_barrier_matrix(m, fmt, title=title), encoding="utf-8")
            files.append(p)
    else:
        files += write_table(m.reset_index(), o / "barrier_matrix", formats=("csv", "md"),
                             title=title)
    files += write_table(edition_candidates(candidates, ed, **kw), o / "candidates")
    files += write_table(edition_plan(package, ed, **kw), o / "package")
    pl = edition_plan(plan, ed, **kw)
    if ed.person_level:
        src = source_records(net.edges, pl["target"].tolist() if "target" in pl.columns else [],
                             edition=ed, restricted=ctx.restricted)
        pl = pl.assign(bronnen=pl["target"].map(source_summary(src)).fillna("")
                       if len(pl) else pd.Series(dtype=object))
        files += write_table(src, o / "bronnen")
        written = export_plan(pl, o)
        if "md" in written and len(pl):
            _append_sources(written["md"], pl)
        files += list(written.values())
    else:
        files += write_table(pl, o / "action_plan", formats=("csv", "xlsx", "md"),
                             title=f"Actieplan ({ed.label_nl})", sheet="actieplan")
    prov = {**provenance, "lawful_use": gov.provenance(),
            "models": {"vital": load_model_version("vital").as_dict()},
            "edition_policy": {"restricted_sources": ctx.restricted,
                               "hidden_attributes": int(len(ctx.hidden))},
            "files": [p.name for p in files]}
    pp = o / "provenance.json"
    pp.write_text(json.dumps(prov, indent=2, default=str, ensure_ascii=False), encoding="utf-8")
    files.append(pp)
    gov.finish(files)
    return files
