"""Writing a case's plan for one edition: the edition's tables through the safe writer.

:meth:`netwerk.case.Case.write` calls :func:`write_plan_edition` when it writes a plan for an
edition: every table goes through the edition policy (:mod:`netwerk.governance.editions`) before it
is written, and the plan gets the partner records behind each link of its targets
(:mod:`netwerk.governance.sources`). :meth:`Governance.finish` then marks every file and logs it
with its SHA-256.

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

from pathlib import Path
from typing import Any

import pandas as pd

from ..i18n import _
from .editions import (
    Edition,
    derived_terms,
    edition_candidates,
    edition_matrix,
    edition_plan,
    hidden_attribute_values,
    load_policy,
    parse_edition,
    restricted_partners,
)
from .sources import source_records, source_summary

__all__ = ["edition_context", "write_plan_edition", "check_partner_kind", "EditionContext"]


class EditionContext:
    """The per-network inputs of the edition policy: restricted sources, hidden attributes and the
    police/tax-derived terms a private edition must not contain."""

    def __init__(self, net: Any, edition: Edition) -> None:
        from ..viz.profiles import load_audience, restricted_attribute_names

        policy = load_policy()
        self.edition = edition
        self.restricted = restricted_partners(net.meta.get("imports") or [], policy)
        names = restricted_attribute_names(net, load_audience("case-meeting"))
        self.hidden = hidden_attribute_values(net.node_attributes, edition, names)
        partners = set()
        if "partner" in net.edges.columns:
            partners |= set(net.edges["partner"].dropna().astype(str))
        na = net.node_attributes
        if na is not None and "partner" in na.columns:
            partners |= set(na["partner"].dropna().astype(str))
        excluded = [p for p in sorted(partners) if p.casefold() in policy.private_excluded_sources]
        self.derived = (derived_terms(na, net.edges, excluded, policy)
                        if edition.kind == "private" else set())


def edition_context(net: Any, edition: Edition | str) -> EditionContext:
    """:class:`EditionContext` of a network for an edition."""
    return EditionContext(net, parse_edition(edition))


def _append_sources(text: str, plan: pd.DataFrame, model: Any = None) -> str:
    from ..interventions.plan import target_text
    from ..io import md_table

    per = plan[["target", "bronnen"]].drop_duplicates("target")
    per = pd.DataFrame({_("doel"): [target_text(model, t) for t in per["target"]],
                        _("bronnen"): per["bronnen"].tolist()})
    return (text.rstrip("\n") + "\n\n## " + _("Bronnen per doel") + "\n\n"
            + _("Een netwerkscore is geen feit voor een besluit. Deze partnerregistraties liggen "
                "onder de relaties van elk doel (volledig in bronnen.csv); vraag het stuk op bij "
                "de partner.") + "\n\n"
            + md_table(per) + "\n")


def check_partner_kind(edition: Edition | str, catalogue: Any) -> None:
    """Refuse ``private:NAME`` for a public partner and ``partner:NAME`` for a private one, as the
    catalogue types its partners (``Catalogue.is_private``); unknown partners pass.

    Raises
    ------
    ConfigError
        ``not_for_edition``, naming the edition to use instead.
    """
    from ..errors import ConfigError, Reason
    from ..i18n import _

    ed = parse_edition(edition)
    if ed.partner is None or ed.partner not in getattr(catalogue, "partners", {}):
        return
    private = catalogue.is_private(ed.partner)
    if ed.kind == "private" and not private:
        raise ConfigError(_("'{partner}' is een publieke partner in de catalogus: gebruik "
                            "--edition partner:{partner}", partner=ed.partner),
                          reason=Reason.NOT_FOR_EDITION)
    if ed.kind == "partner" and private:
        raise ConfigError(_("'{partner}' is een private partner in de catalogus: gebruik "
                            "--edition private:{partner} (verzoeken zonder casusgegevens)",
                            partner=ed.partner),
                          reason=Reason.NOT_FOR_EDITION)


def write_plan_edition(out: str | Path, edition: Edition | str, *, net: Any,
                       matrix: pd.DataFrame, candidates: pd.DataFrame, package: pd.DataFrame,
                       plan: pd.DataFrame | None, title: str, model: Any = None) -> list[Path]:
    """Write the plan outputs of one edition into ``out`` with the safe writer (:mod:`netwerk.io`).

    Parameters
    ----------
    out : path
        Output folder (created).
    edition : Edition or str
    net : Network
        The staged network the plan was made on.
    matrix, candidates, package, plan : DataFrame
        The barrier matrix, candidate interventions, ``Package.actions`` and the action plan
        (``None`` when no package fits).
    title : str
        Title of the barrier matrix.
    model : BarrierModel, optional
        For the names users read (an environment target's stage) in the action plan.

    Returns
    -------
    list of Path
        Every file written (not yet marked: :meth:`Governance.finish` does that).
    """
    from .. import io
    from ..interventions import export_plan, render_barrier_matrix

    o = Path(out)
    o.mkdir(parents=True, exist_ok=True)
    ed = parse_edition(edition)
    ctx = edition_context(net, ed)
    kw = {"hidden": ctx.hidden, "derived": ctx.derived}
    files: list[Path] = []
    m = edition_matrix(matrix, ed)
    if ed.person_level:
        files.append(io.write_csv(m, o / "barrier_matrix.csv", index=True))
        files.append(io.write_markdown(render_barrier_matrix(m, "markdown", title=title),
                                       o / "barrier_matrix.md"))
        html = o / "barrier_matrix.html"
        io.write_html(render_barrier_matrix(m, "html", title=title), html)
        files.append(html)
    else:
        mm = m.reset_index()
        files.append(io.write_csv(mm, o / "barrier_matrix.csv"))
        files.append(io.write_markdown(f"# {io.md_escape(title)}\n\n" + io.md_table(mm),
                                       o / "barrier_matrix.md"))
    files.append(io.write_csv(edition_candidates(candidates, ed, **kw), o / "candidates.csv"))
    files.append(io.write_csv(edition_plan(package, ed, **kw), o / "package.csv"))
    if plan is None:
        return files
    pl = edition_plan(plan, ed, **kw)
    if ed.person_level:
        src = source_records(net.edges, pl["target"].tolist() if "target" in pl.columns else [],
                             edition=ed, restricted=ctx.restricted)
        summary = source_summary(src)
        pl = pl.assign(bronnen=[summary.get(str(t), "") for t in pl["target"]]
                       if len(pl) else pd.Series(dtype=object))
        if len(pl):  # issue 10: an environment action (fase:<stage>) rests on no case records
            env = pl["target"].astype(str).str.startswith("fase:")
            pl.loc[env, "bronnen"] = _("omgevingsactie: geen registraties van personen")
        files.append(io.write_csv(src, o / "bronnen.csv"))
        written = export_plan(pl, o, model=model)
        if "md" in written and len(pl):
            md = written["md"]
            io.write_markdown(_append_sources(md.read_text("utf-8"), pl, model), md)
        files += list(written.values())
    else:
        label = _("Actieplan ({editie})", editie=ed.label_nl)
        files.append(io.write_csv(pl, o / "action_plan.csv"))
        files.append(io.write_xlsx({_("actieplan"): pl}, o / "action_plan.xlsx"))
        files.append(io.write_markdown(f"# {io.md_escape(label)}\n\n" + io.md_table(pl),
                                       o / "action_plan.md"))
    return files
