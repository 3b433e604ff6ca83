"""The words of a plan: conditions, capabilities, why an action is in the package and which of the
package's rules were met, in the output's language (:mod:`netwerk.i18n`).

A plan stores *codes* (a reason ``largest_gain``, a requirement ``{"rule": "min_spectrum",
"spectrum": "preventive", "met": False, "why": "no_feasible_action"}``), never sentences, so the
same package renders in Dutch and in English; the functions here turn the codes into the text a
partner reads. Identifiers (action ids, capability ids, attribute and relation names, stage ids)
never reach the text: each is shown by its label.

Serves "dedicated teamplay" and "room for the good conversation": every partner reads why each
action is proposed, in its own language.

Examples
--------
>>> from netwerk.i18n import using
>>> reason_text("largest_gain")
'grootste extra effect'
>>> with using("en"):
...     reason_text("largest_gain")
'largest added effect'
>>> requirement_text({"rule": "min_spectrum", "spectrum": "preventive", "n": 1, "met": False,
...                   "why": "no_feasible_action"})
"minstens 1 actie van het soort 'preventief': niet gehaald (geen uitvoerbare actie met effect)"
>>> with using("en"):
...     requirement_text({"rule": "min_spectrum", "spectrum": "preventive", "n": 1, "met": False,
...                       "why": "no_feasible_action"})
"at least 1 action of the kind 'preventive': not met (no feasible action with an effect)"
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..i18n import N_, _, ngettext

__all__ = ["ATTRIBUTE_LABELS", "CAPABILITY_LABELS", "REASONS", "RULES", "WHY",
           "capability_text", "condition_text", "needs_text", "reason_text",
           "requirement_text", "requirements_text"]

#: Names of the node attributes the shipped catalogue's conditions read (Dutch message ids);
#: an attribute not listed is shown by its name with spaces.
ATTRIBUTE_LABELS = {"sbi": N_("SBI-code"), "rechtsvorm": N_("rechtsvorm"),
                    "openstaande_schuld": N_("openstaande belastingschuld"),
                    "soort_aanslag": N_("soort aanslag"), "verblijfsstatus": N_("verblijfsstatus"),
                    "kwetsbaar": N_("kwetsbaar"), "rol": N_("rol"),
                    "waarde_eigendom": N_("waarde van het eigendom")}

#: Capabilities an action provides and another needs (``provides``/``needs`` in the catalogue).
CAPABILITY_LABELS = {
    "bestuurlijke_rapportage": N_("een bestuurlijke rapportage van de politie"),
    "bibob_tip": N_("een Bibob-tip van het OM"),
    "justitiele_gegevens": N_("justitiële gegevens"),
    "criminal_investigation": N_("een strafrechtelijk onderzoek"),
    "conviction": N_("een veroordeling"),
    "sfo": N_("een strafrechtelijk financieel onderzoek (SFO)"),
    "drugs_finding": N_("een vondst van drugs"),
    "illegal_tap_finding": N_("een vondst van een illegale aftap"),
    "vastgoedinformatie": N_("vastgoedinformatie"),
}

#: Why an action is in a package (``Package.actions["reason"]``); ``{partner}``/``{spectrum}``
#: come from the action's own row.
REASONS = {
    "largest_gain": N_("grootste extra effect"),
    "precondition": N_("voorwaarde voor een volgende actie op hetzelfde doel"),
    "highest_degree": N_("meest verbonden doel (vergelijkingspakket)"),
    "trekker": N_("de trekker ({partner}) krijgt minstens één actie"),
    "min_spectrum": N_("minimaal aandeel van het soort '{spectrum}'"),
    "locked_pair": N_("vastgezet door de analist"),
    "locked_action": N_("vastgezet door de analist"),
    "locked_target": N_("vastgezet door de analist"),
    "locked_partner": N_("vastgezet door de analist"),
}

#: The package's rules (``params["requirements"][i]["rule"]``), see :func:`requirement_text`.
RULES = ("locked_pair", "locked_action", "locked_target", "locked_partner", "trekker",
         "min_spectrum")

#: Why a rule was not met (``params["requirements"][i]["why"]``).
WHY = {"no_feasible_action": N_("geen uitvoerbare actie met effect")}


def _spectrum(code: Any) -> str:
    from .plan import SPECTRUM_LABELS

    return _(SPECTRUM_LABELS[code]) if code in SPECTRUM_LABELS else str(code)


def _partner(model: Any, partner: Any) -> str:
    from .plan import partner_label

    return partner_label(model, str(partner))


def _action(model: Any, action_id: Any) -> str:
    cat = getattr(model, "catalogue", None)
    if cat is None:
        from .catalogue import default_catalogue

        cat = default_catalogue()
    try:
        return cat[str(action_id)].label()
    except Exception:  # an action outside the catalogue: its id is all there is
        return str(action_id)


def capability_text(cap: str) -> str:
    """A capability (``provides``/``needs``) as users read it.

    Examples
    --------
    >>> capability_text("conviction")
    'een veroordeling'
    """
    lbl = CAPABILITY_LABELS.get(str(cap))
    return _(lbl) if lbl else str(cap).replace("_", " ")


def needs_text(groups: Sequence[Sequence[str]]) -> str:
    """What an action needs: groups joined by "en", alternatives within a group by "of".

    Examples
    --------
    >>> needs_text([["bestuurlijke_rapportage", "bibob_tip"], ["conviction"]])
    'een bestuurlijke rapportage van de politie of een Bibob-tip van het OM; een veroordeling'
    """
    return "; ".join(_(" of ").join(capability_text(c) for c in g) if len(g) > 1
                     else capability_text(g[0]) for g in groups if g)


def _attribute(name: Any) -> str:
    lbl = ATTRIBUTE_LABELS.get(str(name))
    return _(lbl) if lbl else str(name).replace("_", " ")


def condition_text(cond: Any) -> str:
    """A catalogue condition as users read it (relation and attribute by their labels).

    Examples
    --------
    >>> from netwerk.interventions.catalogue import Condition
    >>> from netwerk.i18n import using
    >>> condition_text(Condition(attribute="sbi", prefix=["56"]))
    'SBI-code begint met 56'
    >>> with using("en"):
    ...     condition_text(Condition(relation="director_of", min_count=3))
    'director of (at least 3)'
    """
    from .plan import relation_label

    if cond.relation is not None:
        rel = relation_label(cond.relation) or str(cond.relation).replace("_", " ")
        if cond.role == "source":
            rel = _("{relation} (als bron)", relation=rel)
        elif cond.role == "target":
            rel = _("{relation} (als doel)", relation=rel)
        if cond.min_count > 1:
            return _("{relation} (minstens {n})", relation=rel, n=cond.min_count)
        return rel
    att = _attribute(cond.attribute)
    if cond.equals is not None:
        return _("{attribute} = {value}", attribute=att, value=cond.equals)
    if cond.in_ is not None:
        return _("{attribute} is een van {values}", attribute=att, values="/".join(cond.in_))
    if cond.prefix is not None:
        return _("{attribute} begint met {values}", attribute=att,
                 values="/".join(cond.prefix))
    if cond.exists:
        return _("{attribute} bekend", attribute=att)
    return _("{attribute} onbekend", attribute=att)


def reason_text(code: Any, row: Mapping[str, Any] | None = None, model: Any = None) -> str:
    """Why an action is in the package, from its ``reason`` code and its row (partner, spectrum).

    An unknown code (a package made by an older version) is shown as given.
    """
    row = row or {}
    lbl = REASONS.get(str(code))
    if lbl is None:
        return str(code) if code is not None else ""
    return _(lbl, partner=_partner(model, row.get("partner", "")),
             spectrum=_spectrum(row.get("spectrum", "")))


def requirement_text(req: Mapping[str, Any], model: Any = None, *, status: bool = True) -> str:
    """One rule of the package (``params["requirements"]``) in words, with whether it was met.

    Parameters
    ----------
    req : mapping
        ``rule`` (one of :data:`RULES`) with its arguments (``action``, ``partner``,
        ``spectrum``, ``n``), ``met`` and ``why`` (a code of :data:`WHY` or empty).
    status : bool
        Add ": gehaald" / ": niet gehaald (...)".
    """
    rule = str(req.get("rule", ""))
    if rule == "locked_pair":
        text = _("vastgezette actie '{actie}' op een doel", actie=_action(model, req.get("action")))
    elif rule == "locked_action":
        text = _("vastgezette actie '{actie}'", actie=_action(model, req.get("action")))
    elif rule == "locked_target":
        text = _("vastgezet doel")
    elif rule == "locked_partner":
        text = _("vastgezette partner '{partner}'", partner=_partner(model, req.get("partner")))
    elif rule == "trekker":
        text = _("de trekker ({partner}) krijgt minstens één actie",
                 partner=_partner(model, req.get("partner")))
    elif rule == "min_spectrum":
        n = int(req.get("n", 1))
        text = ngettext("minstens {n} actie van het soort '{spectrum}'",
                        "minstens {n} acties van het soort '{spectrum}'", n,
                        spectrum=_spectrum(req.get("spectrum")))
    else:
        text = rule
    if not status:
        return text
    if req.get("met"):
        return _("{rule}: gehaald", rule=text)
    why = WHY.get(str(req.get("why") or ""))
    if why:
        return _("{rule}: niet gehaald ({why})", rule=text, why=_(why))
    return _("{rule}: niet gehaald", rule=text)


def requirements_text(reqs: Sequence[Mapping[str, Any]], model: Any = None) -> list[str]:
    """Every rule of a package in words (see :func:`requirement_text`)."""
    return [requirement_text(r, model) for r in reqs or ()]
