"""Editions per recipient (need-to-know): what a map, plan, report or progress output may show.

Four editions, chosen with ``--edition`` (the old ``--audience`` folds into it):

``casusoverleg`` (default)
    The case meeting: person level, pseudonyms, measures and reasons. No restricted attribute of
    any partner, and no partner *provenance* that itself reveals a protected fact: a node that only
    a restricted source names (the Belastingdienst debtor extract, police suspect registrations)
    does not show "bekend bij: Belastingdienst/politie"; a relation from such a source shows
    "afgeschermde bron"; relation kinds such as ``co_suspect`` get a neutral name.
``stuurgroep``
    The steering group decides on cases, not persons: aggregated counts per case, stage, partner
    and spectrum. No pseudonym, no label, no person-level row, no map.
``partner:NAME``
    A public partner's own edition: the case-meeting view plus its own restricted attributes and its
    own provenance; plan rows for its own actions only.
``private:NAME``
    A private partner (bank, housing corporation, notary ...): only its own actions, phrased as
    requests without case data: no pseudonym, no network measure, no police- or tax-derived reason,
    no map.

Every function here is pure: tables in, tables out, nothing read from disk except the shipped
configuration (``netwerk/data/editions.yaml``). Map, plan, report and progress writers call them
before anything is rendered, so a fact hidden on the map is hidden in the plan, the candidates and
the report of the same edition.

References
----------
- Art. 67 AWR (fiscal secrecy); Wpg art. 20; WGS (Stb. 2024, 198) and Besluit (Stb. 2024, 380).
- AVG art. 5(1)(c) data minimisation; decision-layer review §4 (stuurgroep format) and §5.5–5.6.

Examples
--------
>>> parse_edition("partner:gemeente").partner
'gemeente'
>>> parse_edition(None, audience="case-meeting").name
'casusoverleg'
>>> parse_edition("stuurgroep").person_level
False
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ConfigError, Reason
from ..i18n import _
from ..privacy import MASKED_SOURCE
from ..yamlfile import load_yaml_text

__all__ = [
    "EDITION_KINDS",
    "HIDDEN",
    "MASKED_SOURCE",
    "Edition",
    "EditionPolicy",
    "parse_edition",
    "bind_edition",
    "store_partners",
    "load_policy",
    "restricted_partners",
    "known_to",
    "mask_edge_provenance",
    "hidden_attribute_values",
    "scrub_text",
    "scrub_table",
    "edition_nodes",
    "edition_plan",
    "edition_candidates",
    "edition_vital",
    "derived_terms",
    "edition_network",
    "edition_matrix",
    "edition_log",
    "redact_pseudonyms",
    "LOG_PERSON_COLS",
    "PSEUDONYM_PATTERN",
]

EDITION_KINDS = ("casusoverleg", "stuurgroep", "partner", "private")
#: Replacement for a hidden value inside a text.
HIDDEN = "[afgeschermd]"
#: The pseudonym grammar (prefix of 2–5 capitals, a dash, 24 hex digits).
PSEUDONYM_PATTERN = re.compile(r"\b[A-Z]{2,5}-[0-9a-f]{24}\b")

#: A reference to a vital rank in a report's barrier matrix ("#3").
_RANK_REF = re.compile(r"#\d+\b")

_LABELS_NL = {"casusoverleg": "casusoverleg", "stuurgroep": "stuurgroep",
              "partner": "partner", "private": "private partner"}


@dataclass(frozen=True)
class Edition:
    """One recipient's edition.

    Attributes
    ----------
    kind : str
        ``casusoverleg``, ``stuurgroep``, ``partner`` or ``private``.
    partner : str or None
        The recipient partner for ``partner`` and ``private``.
    """

    kind: str
    partner: str | None = None

    @property
    def name(self) -> str:
        """``casusoverleg``, ``stuurgroep``, ``partner:NAME`` or ``private:NAME``."""
        return f"{self.kind}:{self.partner}" if self.partner else self.kind

    @property
    def label_nl(self) -> str:
        """Dutch label for markings, e.g. ``"partner gemeente"``."""
        base = _LABELS_NL[self.kind]
        return f"{base} {self.partner}" if self.partner else base

    @property
    def recipient(self) -> str:
        """Who receives this edition (for the recipient register)."""
        return self.partner if self.partner else self.kind

    @property
    def person_level(self) -> bool:
        """Whether person-level rows (pseudonyms, ranks) may appear."""
        return self.kind in ("casusoverleg", "partner")

    @property
    def map_allowed(self) -> bool:
        """Whether a network map may be made for this edition."""
        return self.person_level

    @property
    def own_rows_only(self) -> bool:
        """Whether plan rows are limited to the recipient's own actions."""
        return self.kind in ("partner", "private")

    @property
    def audience(self) -> str | None:
        """The viz audience profile that matches (``None`` where no map is allowed)."""
        if self.kind == "casusoverleg":
            return "case-meeting"
        if self.kind == "partner":
            return f"partner:{self.partner}"
        return None


def parse_edition(edition: str | Edition | None = None, *, audience: str | None = None) -> Edition:
    """Resolve ``--edition`` (and the older ``--audience``) to an :class:`Edition`.

    Parameters
    ----------
    edition : str, Edition or None
        ``casusoverleg`` (default), ``stuurgroep``, ``partner:NAME`` or ``private:NAME``.
    audience : str, optional
        The older ``--audience``: ``case-meeting`` means ``casusoverleg``, ``partner:NAME`` the
        same partner edition. Given together with a different ``edition`` it is an error.

    Raises
    ------
    ConfigError
        For an unknown edition, a missing partner name, or a conflicting audience.
    """
    ed = edition if isinstance(edition, Edition) else _parse(edition) if edition else None
    if audience:
        a = audience.strip()
        folded = _parse("casusoverleg" if a == "case-meeting" else a)
        if ed is not None and ed != folded:
            raise ConfigError(_("--audience '{publiek}' en --edition '{editie}' spreken elkaar "
                                "tegen; gebruik alleen --edition", publiek=audience,
                                editie=ed.name), reason=Reason.INVALID_ARGUMENT)
        ed = folded
    return ed or Edition("casusoverleg")


def _parse(text: str) -> Edition:
    kind, sep, partner = str(text).strip().partition(":")
    kind = kind.strip().lower()
    partner = partner.strip()
    if kind not in EDITION_KINDS:
        raise ConfigError(_("onbekende editie '{editie}' (gebruik casusoverleg, stuurgroep, "
                            "partner:NAAM of private:NAAM)", editie=text),
                          reason=Reason.INVALID_ARGUMENT)
    if kind in ("partner", "private") and not partner:
        raise ConfigError(_("editie '{soort}' vraagt een partner: '{soort}:NAAM'", soort=kind),
                          reason=Reason.INVALID_ARGUMENT)
    if kind in ("casusoverleg", "stuurgroep") and sep:
        raise ConfigError(_("editie '{soort}' neemt geen partner", soort=kind),
                          reason=Reason.INVALID_ARGUMENT)
    return Edition(kind, partner or None)


def bind_edition(edition: str | Edition, partners: Iterable[str], *,
                 option: str = "--edition") -> Edition:
    """Check a partner edition against the partners that supplied the data.

    The partner name is matched case-insensitively and returned as the data spell it. Editions
    other than ``partner:NAME`` are returned unchanged. This is the one check behind every
    partner edition (``netwerk map``, ``netwerk report``, ``netwerk plan`` ...), so a typo in the
    partner name is refused the same way everywhere instead of giving a marked output that shows
    the case-meeting view.

    Parameters
    ----------
    edition : str or Edition
    partners : iterable of str
        The partners named in the case(s), e.g. :func:`store_partners`.
    option : str
        The option the user gave the edition with (named in the message).

    Raises
    ------
    ConfigError
        If the partner supplied nothing (the message names the option and the partner, offers a
        close match and lists the partners that did).

    Examples
    --------
    >>> bind_edition("partner:Gemeente", ["gemeente", "politie"]).name
    'partner:gemeente'
    """
    import difflib

    ed = edition if isinstance(edition, Edition) else parse_edition(edition)
    if ed.kind != "partner" or ed.partner is None:
        return ed
    known = sorted({str(p) for p in partners if p is not None and str(p)})
    if ed.partner in known:
        return ed
    same = [k for k in known if k.casefold() == ed.partner.casefold()]
    if len(same) == 1:
        return Edition("partner", same[0])
    low = {k.casefold(): k for k in known}
    near = difflib.get_close_matches(ed.partner.casefold(), list(low), n=1)
    hint = _("; bedoelde u '{name}'?", name=low[near[0]]) if near else ""
    raise ConfigError(
        _("{option} '{edition}': partner '{partner}' heeft niets aan dit netwerk geleverd"
          "{hint} (partners: {known})", option=option, edition=ed.name, partner=ed.partner,
          hint=hint, known=", ".join(known) or _("geen vastgelegd")),
        reason=Reason.INVALID_ARGUMENT)


def store_partners(case: str | Path) -> list[str]:
    """Every partner named anywhere in a case store (sorted), as a partner edition sees it."""
    from ..store import load_network
    from ..viz.profiles import known_partners

    return known_partners(load_network(case))


# --- configuration -------------------------------------------------------------------------------

@dataclass(frozen=True)
class EditionPolicy:
    """The shipped (or a given) ``editions.yaml``, validated.

    Attributes
    ----------
    restricted_sources : dict
        Partner -> ``{"specs": [...], "reveals": str, "ground": str}``.
    private_excluded_sources : frozenset of str
        Partners (case-folded) whose data never reach a private edition.
    neutral_relation_kinds : dict
        Relation kind -> neutral name.
    derived_reason_terms : tuple of str
    """

    restricted_sources: Mapping[str, Mapping[str, Any]]
    private_excluded_sources: frozenset[str]
    neutral_relation_kinds: Mapping[str, str]
    derived_reason_terms: tuple[str, ...]
    source: str

    def is_restricted(self, partner: str | None, spec: str | None = None) -> bool:
        """Whether provenance from ``partner`` (or an extract of ``spec``) is itself need-to-know."""
        p = (partner or "").casefold()
        s = (spec or "").casefold()
        for name, entry in self.restricted_sources.items():
            if p and p == name.casefold():
                return True
            if s and s in {str(x).casefold() for x in entry.get("specs", [])}:
                return True
        return False

    def ground(self, partner: str) -> str:
        """The legal ground that restricts a partner's provenance ('' when not restricted)."""
        for name, entry in self.restricted_sources.items():
            if name.casefold() == partner.casefold():
                return str(entry.get("ground", ""))
        return ""


def load_policy(path: str | Path | None = None) -> EditionPolicy:
    """Load and validate the editions policy (default: the shipped ``data/editions.yaml``).

    Raises
    ------
    ConfigError
        Naming the file and the field when the YAML is malformed.
    """
    if path is None:
        return _shipped_policy()
    p = Path(path)
    if not p.is_file():
        raise ConfigError(_("editiebeleid niet gevonden"), reason=Reason.FILE_NOT_FOUND,
                          file=str(p))
    return _policy_from_text(p.read_text("utf-8"), str(p))


@lru_cache(maxsize=1)
def _shipped_policy() -> EditionPolicy:
    text = resources.files("netwerk").joinpath("data/editions.yaml").read_text("utf-8")
    return _policy_from_text(text, "netwerk/data/editions.yaml")


def _policy_from_text(text: str, source: str) -> EditionPolicy:
    raw = load_yaml_text(text, source) or {}
    if not isinstance(raw, dict):
        raise ConfigError(_("een editiebeleid moet een mapping zijn"), file=source)
    rs = raw.get("restricted_sources") or {}
    if not isinstance(rs, dict):
        raise ConfigError(_("'restricted_sources' moet per partner 'specs', 'reveals' en 'ground' "
                            "geven"),
                          file=source, column="restricted_sources")
    for name, entry in rs.items():
        if not isinstance(entry, dict) or not entry.get("ground") or not entry.get("reveals"):
            raise ConfigError(_("beperkte bron '{bron}' heeft 'reveals' en 'ground' nodig",
                                bron=name),
                              file=source, column="restricted_sources")
        if not isinstance(entry.get("specs", []), list):
            raise ConfigError(_("beperkte bron '{bron}': 'specs' moet een lijst zijn", bron=name),
                              file=source,
                              column="restricted_sources")
    pex = raw.get("private_excluded_sources") or []
    nk = raw.get("neutral_relation_kinds") or {}
    terms = raw.get("derived_reason_terms") or []
    if not isinstance(pex, list) or not isinstance(nk, dict) or not isinstance(terms, list):
        raise ConfigError(_("'private_excluded_sources' en 'derived_reason_terms' moeten lijsten "
                            "zijn, 'neutral_relation_kinds' een mapping"), file=source)
    return EditionPolicy(
        restricted_sources={str(k): dict(v) for k, v in rs.items()},
        private_excluded_sources=frozenset(str(x).casefold() for x in pex),
        neutral_relation_kinds={str(k): str(v) for k, v in nk.items()},
        derived_reason_terms=tuple(str(t) for t in terms),
        source=source,
    )


# --- provenance ------------------------------------------------------------------------------------

def _as_list(v: Any) -> list[str]:
    if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
        return []
    if isinstance(v, str):
        return [p.strip() for p in v.split(";") if p.strip()]
    if isinstance(v, list | tuple | set | np.ndarray | pd.Series):
        return [str(x) for x in v if x is not None and str(x).strip()]
    return [str(v)]


def restricted_partners(imports: pd.DataFrame | Iterable[Mapping[str, Any]],
                        policy: EditionPolicy | None = None) -> dict[str, str]:
    """Partners of a case whose provenance is need-to-know, with the ground that restricts it.

    A partner counts as restricted when the policy names it or when any of its imports used a
    restricted spec (conservative: one restricted extract makes every "bekend bij" of that partner
    need-to-know).

    Parameters
    ----------
    imports : DataFrame or records
        The case's ``imports`` table (columns ``partner``, ``spec_name``), e.g.
        ``net.meta["imports"]``.

    Returns
    -------
    dict
        Partner (as spelled in the case) -> legal ground.

    Examples
    --------
    >>> restricted_partners([{"partner": "Belastingdienst", "spec_name": "belastingdienst"},
    ...                      {"partner": "gemeente", "spec_name": "gemeente_brp"}])
    {'Belastingdienst': 'art. 67 AWR (fiscale geheimhoudingsplicht)'}
    """
    policy = policy or load_policy()
    recs = imports.to_dict("records") if isinstance(imports, pd.DataFrame) else list(imports or [])
    out: dict[str, str] = {}
    for r in recs:
        partner = str(r.get("partner") or "")
        spec = Path(str(r.get("spec_name") or "")).stem
        if partner and policy.is_restricted(partner, spec):
            ground = policy.ground(partner)
            if not ground:  # restricted through its spec: take the ground of that spec's entry
                ground = next((str(e.get("ground", "")) for e in policy.restricted_sources.values()
                               if spec.casefold() in {str(s).casefold()
                                                      for s in e.get("specs", [])}), "")
            out[partner] = ground
    return dict(sorted(out.items()))


def known_to(partners: pd.Series, edition: Edition, restricted: Mapping[str, str] | Iterable[str]
             ) -> pd.Series:
    """The "bekend bij" list each node may show in an edition.

    Parameters
    ----------
    partners : Series
        Per node (index = node id): the partners that name it (list or ``;``-joined string).
    edition : Edition
    restricted : mapping or iterable of str
        Restricted partners (from :func:`restricted_partners`).

    Returns
    -------
    Series of list
        Same index; restricted partners removed except for the partner's own edition; empty lists
        in the stuurgroep and private editions (they see no provenance at all).

    Examples
    --------
    >>> s = pd.Series({"n1": "Belastingdienst", "n2": "Belastingdienst;gemeente"})
    >>> known_to(s, Edition("casusoverleg"), ["Belastingdienst"]).tolist()
    [[], ['gemeente']]
    >>> known_to(s, Edition("partner", "Belastingdienst"), ["Belastingdienst"]).tolist()
    [['Belastingdienst'], ['Belastingdienst', 'gemeente']]
    """
    hide = {str(p).casefold() for p in restricted}
    if edition.kind in ("stuurgroep", "private"):
        return partners.map(lambda _v: [])
    own = (edition.partner or "").casefold()

    def keep(v: Any) -> list[str]:
        return sorted({p for p in _as_list(v) if p.casefold() not in hide or p.casefold() == own})

    return partners.map(keep)


def mask_edge_provenance(edges: pd.DataFrame, edition: Edition,
                         restricted: Mapping[str, str] | Iterable[str],
                         policy: EditionPolicy | None = None) -> pd.DataFrame:
    """Relations as an edition may show them: restricted sources masked, revealing kinds renamed.

    In the relation table, ``partner`` of a restricted source becomes :data:`MASKED_SOURCE` and its
    ``legal_basis`` (which names the partner's provision ground) is blanked; kinds listed in
    ``neutral_relation_kinds`` get their neutral name. The recipient partner's own relations stay as
    they are. Returns a copy; the input is not changed.

    Examples
    --------
    >>> e = pd.DataFrame({"source": ["a"], "target": ["b"], "kind": ["co_suspect"],
    ...                   "partner": ["politie"], "legal_basis": ["art. 20 Wpg"]})
    >>> mask_edge_provenance(e, Edition("casusoverleg"), ["politie"])[["kind", "partner"]].values.tolist()
    [['relatie', 'afgeschermde bron']]
    """
    policy = policy or load_policy()
    out = edges.copy()
    if not len(out) or "partner" not in out.columns:
        return out
    hide = {str(p).casefold() for p in restricted}
    own = (edition.partner or "").casefold() if edition.kind == "partner" else ""
    pcol = out["partner"].astype("string").fillna("")
    mask = pcol.str.casefold().isin(hide) & (pcol.str.casefold() != own)
    if "kind" in out.columns and policy.neutral_relation_kinds:
        renamed = out["kind"].astype(str).map(lambda k: policy.neutral_relation_kinds.get(k, k))
        out["kind"] = np.where(mask, renamed, out["kind"].astype(str))
    out["partner"] = np.where(mask, MASKED_SOURCE, pcol)
    for c in ("legal_basis", "extract", "attributes"):
        if c in out.columns:
            out[c] = out[c].astype(object).where(~mask.to_numpy(), None)
    if "row" in out.columns:
        out["row"] = out["row"].astype(object).where(~mask.to_numpy(), None)
    return out


# --- attributes and texts --------------------------------------------------------------------------

def hidden_attribute_values(attributes: pd.DataFrame | None, edition: Edition,
                            restricted_names: Iterable[str] = ()) -> pd.DataFrame:
    """The node attributes an edition must not show anywhere (map, plan, candidates, report).

    Parameters
    ----------
    attributes : DataFrame or None
        Long attribute table (``node_id, attribute, value``; optional ``partner`` and boolean
        ``restricted``), e.g. ``net.node_attributes``.
    edition : Edition
    restricted_names : iterable of str
        Attribute names restricted by configuration or spec (added to the ``restricted`` flag).

    Returns
    -------
    DataFrame
        Columns ``node_id, attribute, value`` of every restricted attribute this edition does not
        see: all of them, except the partner's own in a ``partner`` edition.

    Examples
    --------
    >>> a = pd.DataFrame({"node_id": ["n1"], "attribute": ["soort_aanslag"], "value": ["IB"],
    ...                   "partner": ["Belastingdienst"], "restricted": [True]})
    >>> len(hidden_attribute_values(a, Edition("casusoverleg")))
    1
    >>> len(hidden_attribute_values(a, Edition("partner", "Belastingdienst")))
    0
    """
    cols = ["node_id", "attribute", "value"]
    if attributes is None or not len(attributes):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
    a = attributes
    names = {str(n) for n in restricted_names}
    flag = (a["restricted"].fillna(False).astype(bool) if "restricted" in a.columns
            else pd.Series(False, index=a.index))
    flag = flag | a["attribute"].astype(str).isin(names)
    if edition.kind == "partner" and "partner" in a.columns:
        own = a["partner"].astype("string").str.casefold() == (edition.partner or "").casefold()
        flag = flag & ~own.fillna(False)
    h = a.loc[flag.to_numpy(), cols].copy()
    h = h.assign(node_id=h["node_id"].astype(str), attribute=h["attribute"].astype(str),
                 value=h["value"].astype(object).where(h["value"].notna(), None))
    return h.drop_duplicates().reset_index(drop=True)


def _term_regex(terms: Iterable[str]) -> re.Pattern[str] | None:
    ts = sorted({str(t) for t in terms if t is not None and len(str(t).strip()) >= 2},
                key=len, reverse=True)
    if not ts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in ts) + r")\w*", re.IGNORECASE)


def scrub_text(text: Any, terms: Iterable[str]) -> Any:
    """Replace every whole-word occurrence (prefix match) of ``terms`` in ``text`` by :data:`HIDDEN`.

    Non-text values are returned unchanged.

    Examples
    --------
    >>> scrub_text("teler (openstaande schuld 1200)", ["1200", "schuld"])
    'teler (openstaande [afgeschermd] [afgeschermd])'
    """
    if not isinstance(text, str) or not text:
        return text
    rx = _term_regex(terms)
    return rx.sub(HIDDEN, text) if rx else text


def scrub_table(df: pd.DataFrame, hidden: pd.DataFrame, *, node_col: str | None = None,
                terms: Iterable[str] = ()) -> pd.DataFrame:
    """A copy of ``df`` with hidden attributes removed: their columns dropped and their values
    scrubbed from text cells.

    Parameters
    ----------
    df : DataFrame
        Any output table (plan, candidates, vital ranking, report rows).
    hidden : DataFrame
        :func:`hidden_attribute_values` of the edition.
    node_col : str, optional
        Column with the node each row is about (default: the index). A hidden value is scrubbed in
        the rows of its own node; hidden attribute *names* are scrubbed everywhere.
    terms : iterable of str
        Extra terms to scrub in every text cell.
    """
    out = df.drop(columns=[c for c in df.columns if str(c) in set(hidden["attribute"])])
    if out.empty:
        return out
    name_terms = set(hidden["attribute"]) | {str(t) for t in terms}
    by_node: dict[str, set[str]] = {}
    for nid, val in hidden[["node_id", "value"]].itertuples(index=False):
        if val is not None and str(val).strip():
            by_node.setdefault(str(nid), set()).add(str(val))
    nodes = (out[node_col].astype(str) if node_col and node_col in out.columns
             else pd.Series(out.index.astype(str), index=out.index))
    text_cols = [c for c in out.columns if out[c].dtype == object
                 or pd.api.types.is_string_dtype(out[c])]
    global_rx = _term_regex(name_terms | {n.replace("_", " ") for n in name_terms})
    cache: dict[str, re.Pattern[str] | None] = {}
    for c in text_cols:
        vals = out[c].tolist()
        for i, (v, nid) in enumerate(zip(vals, nodes.tolist(), strict=True)):
            if not isinstance(v, str) or not v:
                continue
            if global_rx is not None:
                v = global_rx.sub(HIDDEN, v)
            if nid in by_node:
                if nid not in cache:
                    cache[nid] = _term_regex(by_node[nid])
                if cache[nid] is not None:
                    v = cache[nid].sub(HIDDEN, v)
            vals[i] = v
        out[c] = pd.Series(vals, index=out.index, dtype=object)
    return out


def derived_terms(attributes: pd.DataFrame | None, edges: pd.DataFrame | None,
                  sources: Iterable[str], policy: EditionPolicy | None = None) -> set[str]:
    """Words that betray police- or tax-derived facts in a text: the policy's
    ``derived_reason_terms``, the source partners' names, the values of attributes they supplied
    and the relation kinds they supplied."""
    policy = policy or load_policy()
    src = {s.casefold() for s in sources}
    terms = set(policy.derived_reason_terms) | set(sources)
    if attributes is not None and len(attributes) and "partner" in attributes.columns:
        a = attributes[attributes["partner"].astype("string").str.casefold().isin(src).fillna(False)]
        terms |= {str(v) for v in a["value"].dropna()}
        terms |= {str(v) for v in a["attribute"].dropna()}
    if edges is not None and len(edges) and "partner" in edges.columns:
        e = edges[edges["partner"].astype("string").str.casefold().isin(src).fillna(False)]
        terms |= {str(k) for k in e["kind"].dropna()}
        terms |= {str(k).replace("_", " ") for k in e["kind"].dropna()}
    return {t for t in terms if len(t.strip()) >= 2}


# --- tables per output -----------------------------------------------------------------------------

def _refuse(edition: Edition, what: str) -> None:
    raise ConfigError(_("de editie {editie} bevat geen {wat} (need-to-know); gebruik --edition "
                        "casusoverleg of partner:NAAM", editie=edition.name, wat=what),
                      reason=Reason.NOT_FOR_EDITION)


def edition_nodes(nodes: pd.DataFrame, edition: Edition, *,
                  restricted: Mapping[str, str] | Iterable[str] = (),
                  hidden: pd.DataFrame | None = None) -> pd.DataFrame:
    """The node table an edition may show (person-level editions only).

    ``partners`` is replaced by the edition's "bekend bij" list (:func:`known_to`), ``aliases`` is
    kept only in the partner's own edition, and hidden attribute columns are dropped.

    Raises
    ------
    ConfigError
        ``not_for_edition`` for stuurgroep and private editions (no person-level table).
    """
    if not edition.person_level:
        _refuse(edition, _("knooppuntentabel of kaart"))
    out = nodes.copy()
    if "partners" in out.columns:
        out["partners"] = known_to(out["partners"], edition, restricted).map(";".join)
    if "aliases" in out.columns and edition.kind != "partner":
        out = out.drop(columns="aliases")
    if hidden is not None and len(hidden):
        out = out.drop(columns=[c for c in out.columns if str(c) in set(hidden["attribute"])])
    return out


#: Columns of a plan that carry person-level or derived case data.
_PERSON_COLS = ("target", "target_role", "rationale", "reason", "marginal_effect", "node_id",
                "label", "vital_score", "rank", "depends_on", "effect", "best_cards")


def edition_plan(plan: pd.DataFrame, edition: Edition, *, hidden: pd.DataFrame | None = None,
                 derived: Iterable[str] = (), policy: EditionPolicy | None = None) -> pd.DataFrame:
    """An action plan (or package) as an edition may show it.

    Parameters
    ----------
    plan : DataFrame
        :func:`netwerk.interventions.action_plan` output (``partner``, ``order``, ``target``,
        ``target_role``, ``action_id``, ``action``, ``spectrum``, ``legal_basis``, ``rationale``,
        ``start_window``, ``effort_days`` ...).
    edition : Edition
    hidden : DataFrame, optional
        :func:`hidden_attribute_values` of the edition.
    derived : iterable of str
        :func:`derived_terms` of the police/tax sources (private edition).

    Returns
    -------
    DataFrame
        * casusoverleg: every row, hidden attributes scrubbed;
        * partner: the partner's own rows, scrubbed;
        * stuurgroep: per partner and spectrum ``partner, spectrum, acties, persoonsdagen`` (no
          target, no reasons);
        * private: the partner's own rows as requests ``verzoek, partner, actie, wanneer,
          persoonsdagen, toelichting`` without target, role or reason.
    """
    policy = policy or load_policy()
    hidden = hidden if hidden is not None else hidden_attribute_values(None, edition)
    p = plan
    node_col = "target" if "target" in p.columns else None
    if edition.kind == "stuurgroep":
        if not len(p):
            return pd.DataFrame(columns=["partner", "spectrum", "acties", "persoonsdagen"])
        g = p.groupby(["partner", "spectrum"] if "spectrum" in p.columns else ["partner"],
                      sort=True)
        out = g.size().rename("acties").to_frame()
        if "effort_days" in p.columns:
            out["persoonsdagen"] = g["effort_days"].sum()
        return out.reset_index()
    if edition.own_rows_only and "partner" in p.columns:
        p = p[p["partner"].astype(str).str.casefold() == (edition.partner or "").casefold()]
    if edition.kind == "private":
        rows = []
        for i, r in enumerate(p.to_dict("records"), start=1):
            rows.append({
                "verzoek": i, "partner": r.get("partner"), "actie": r.get("action", r.get("action_id")),
                "wanneer": r.get("start_window", ""), "persoonsdagen": r.get("effort_days"),
                "toelichting": ("Verzoek van het RIEC-samenwerkingsverband; de gegevens waarop het "
                                "verzoek betrekking heeft, verstrekt de aanvragende publieke partner "
                                "afzonderlijk. Dit verzoek bevat geen casusgegevens."),
            })
        cols = ["verzoek", "partner", "actie", "wanneer", "persoonsdagen", "toelichting"]
        out = pd.DataFrame(rows, columns=cols)
        return scrub_table(out, hidden, terms=derived)
    return scrub_table(p.reset_index(drop=True), hidden, node_col=node_col)


def edition_candidates(candidates: pd.DataFrame, edition: Edition, *,
                       hidden: pd.DataFrame | None = None, derived: Iterable[str] = ()
                       ) -> pd.DataFrame:
    """Candidate interventions as an edition may show them.

    casusoverleg: all rows, scrubbed; partner: own rows, scrubbed; stuurgroep: counts per partner
    and spectrum; private: own instruments only, without target or any person-level column.
    """
    hidden = hidden if hidden is not None else hidden_attribute_values(None, edition)
    c = candidates
    if edition.kind == "stuurgroep":
        keys = [k for k in ("partner", "spectrum") if k in c.columns]
        if not len(c) or not keys:
            return pd.DataFrame(columns=[*keys, "kandidaten"])
        return c.groupby(keys, sort=True).size().rename("kandidaten").reset_index()
    if edition.own_rows_only and "partner" in c.columns:
        c = c[c["partner"].astype(str).str.casefold() == (edition.partner or "").casefold()]
    if edition.kind == "private":
        keep = [k for k in ("partner", "action_id", "name_nl", "spectrum", "effort_days")
                if k in c.columns]
        return scrub_table(c[keep].drop_duplicates().reset_index(drop=True), hidden, terms=derived)
    node_col = next((k for k in ("target", "node_id") if k in c.columns), None)
    return scrub_table(c.reset_index(drop=True), hidden, node_col=node_col)


def edition_vital(vital: pd.DataFrame, edition: Edition, *, hidden: pd.DataFrame | None = None,
                  stage_col: str = "stage") -> pd.DataFrame:
    """A vital ranking as an edition may show it: person level (scrubbed) for casusoverleg and
    partner editions; for stuurgroep the number of ranked nodes per stage (no ids, no scores per
    node); private editions get no ranking at all (``not_for_edition``)."""
    if edition.kind == "private":
        _refuse(edition, _("rangschikking van vitale knooppunten"))
    if edition.kind == "stuurgroep":
        if stage_col in vital.columns:
            s = vital[stage_col].astype("string").fillna("(geen fase)")
            return s.value_counts().sort_index().rename_axis("fase").rename("knooppunten").reset_index()
        return pd.DataFrame({"knooppunten": [len(vital)]})
    hidden = hidden if hidden is not None else hidden_attribute_values(None, edition)
    return scrub_table(vital, hidden)


def edition_network(net: Any, edition: Edition | str, *, policy: EditionPolicy | None = None
                    ) -> Any:
    """The network as an edition may show it (for maps and exports).

    Restricted sources (:func:`restricted_partners` of ``net.meta["imports"]``) are removed from
    each node's ``partners`` ("bekend bij"), masked in relation provenance
    (:func:`mask_edge_provenance`) and in the ``partner`` column of the attribute table, except in
    that partner's own edition. Structure, ids and measures are unchanged.

    Raises
    ------
    ConfigError
        ``not_for_edition`` for stuurgroep and private editions (no network view).

    Examples
    --------
    >>> from netwerk.graph import Network
    >>> nodes = pd.DataFrame({"kind": ["person", "account"], "partners": ["Belastingdienst", "bank"]},
    ...                      index=["p1", "a1"])
    >>> edges = pd.DataFrame({"source": ["p1"], "target": ["a1"], "kind": ["uses"],
    ...                       "partner": ["Belastingdienst"]})
    >>> net = Network(nodes=nodes, edges=edges,
    ...               meta={"imports": [{"partner": "Belastingdienst", "spec_name": "belastingdienst"}]})
    >>> shown = edition_network(net, "casusoverleg")
    >>> shown.nodes["partners"].tolist(), shown.edges["partner"].tolist()
    (['', 'bank'], ['afgeschermde bron'])
    """
    from ..graph import Network

    ed = parse_edition(edition) if not isinstance(edition, Edition) else edition
    if not ed.map_allowed:
        _refuse(ed, _("netwerkkaart of export"))
    policy = policy or load_policy()
    restricted = restricted_partners(net.meta.get("imports") or [], policy)
    nodes = net.nodes.copy()
    if "partners" in nodes.columns:
        nodes["partners"] = known_to(nodes["partners"], ed, restricted).map(";".join)
    if "aliases" in nodes.columns and ed.kind != "partner":
        nodes["aliases"] = ""
    edges = mask_edge_provenance(net.edges, ed, restricted, policy)
    na = net.node_attributes
    if na is not None and len(na) and "partner" in na.columns and restricted:
        na = na.copy()
        own = (ed.partner or "").casefold() if ed.kind == "partner" else ""
        p = na["partner"].astype("string").fillna("")
        hide = p.str.casefold().isin({r.casefold() for r in restricted}) & (p.str.casefold() != own)
        # the owner of a restricted attribute stays known (the audience filter needs it): only
        # provenance of attributes this edition may see is masked
        restricted_flag = (na["restricted"].fillna(False).astype(bool) if "restricted" in na.columns
                           else pd.Series(False, index=na.index))
        na["partner"] = np.where(hide & ~restricted_flag, MASKED_SOURCE, p)
    meta = {**net.meta, "edition": ed.name,
            "restricted_sources": {k: v for k, v in restricted.items()}}
    return Network(nodes=nodes, edges=edges, directed=net.directed, meta=meta,
                   node_attributes=na)


def edition_matrix(matrix: pd.DataFrame, edition: Edition) -> pd.DataFrame:
    """A barrier matrix (stages × partners, cells listing instruments with their target
    pseudonyms) as an edition may show it.

    casusoverleg and partner: unchanged; stuurgroep: each cell becomes the number of distinct
    targets it names (no pseudonyms); private: only the partner's own column, instruments without
    targets.

    Examples
    --------
    >>> m = pd.DataFrame({"stage_label": ["Teelt"],
    ...                   "bank": ["Exit (exit): BSN-" + "a" * 24 + ", BSN-" + "b" * 24]})
    >>> edition_matrix(m, Edition("stuurgroep"))["bank"].tolist()
    [2]
    >>> edition_matrix(m, Edition("private", "bank"))["bank"].tolist()
    ['Exit (exit)']
    """
    if edition.person_level:
        return matrix.copy()
    label_cols = [c for c in matrix.columns if str(c) in ("stage", "stage_label")]
    part_cols = [c for c in matrix.columns if c not in label_cols]
    if edition.kind == "stuurgroep":
        out = matrix[label_cols].copy()
        for c in part_cols:
            out[c] = matrix[c].map(lambda v: len(set(PSEUDONYM_PATTERN.findall(v))
                                                 | set(_RANK_REF.findall(v)))
                                   if isinstance(v, str) else 0)
        return out
    own = [c for c in part_cols if str(c).casefold() == (edition.partner or "").casefold()]
    out = matrix[label_cols + own].copy()
    for c in own:
        out[c] = out[c].map(lambda v: re.sub(r":\s*(?:" + PSEUDONYM_PATTERN.pattern +
                                             r"(?:,\s*)?)+", "", v) if isinstance(v, str) else v)
        out[c] = out[c].map(lambda v: _RANK_REF.sub("", PSEUDONYM_PATTERN.sub(HIDDEN, v))
                            if isinstance(v, str) else v)
    return out


#: Columns of an intervention log (progress) that are about a person or are free text.
LOG_PERSON_COLS = ("target", "result", "notes", "label", "target_role")


def edition_log(df: pd.DataFrame, edition: Edition, *, hidden: pd.DataFrame | None = None,
                derived: Iterable[str] = (), group: tuple[str, ...] = ("partner", "action")
                ) -> pd.DataFrame:
    """An intervention-log table (executed or open actions of the progress report) per edition.

    casusoverleg: all rows, hidden attributes scrubbed from free text; partner: its own rows,
    scrubbed; stuurgroep: per partner and action the number of rows and the sums of the numeric
    columns (no target, result or notes); private: its own rows without target, result, notes or
    any police/tax-derived word.

    Examples
    --------
    >>> log = pd.DataFrame({"partner": ["gemeente", "politie"], "action": ["13b", "aanhouding"],
    ...                     "target": ["BSN-" + "a" * 24, "BSN-" + "b" * 24],
    ...                     "result": ["gesloten", "vast"], "effort_days": [2.0, 3.0]})
    >>> edition_log(log, Edition("stuurgroep")).columns.tolist()
    ['partner', 'action', 'acties', 'effort_days']
    >>> edition_log(log, Edition("private", "gemeente")).columns.tolist()
    ['partner', 'action', 'effort_days']
    """
    hidden = hidden if hidden is not None else hidden_attribute_values(None, edition)
    d = df
    if edition.kind == "stuurgroep":
        keys = [k for k in group if k in d.columns]
        num = [c for c in d.columns if c not in keys and c not in LOG_PERSON_COLS
               and pd.api.types.is_numeric_dtype(d[c]) and not str(c).startswith("cumulative")]
        if not keys:
            return pd.DataFrame({"acties": [len(d)], **{c: [d[c].sum()] for c in num}})
        if not len(d):
            return pd.DataFrame(columns=[*keys, "acties", *num])
        g = d.groupby(keys, sort=True)
        out = g.size().rename("acties").to_frame()
        for c in num:
            out[c] = g[c].sum()
        return out.reset_index()
    if edition.own_rows_only and "partner" in d.columns:
        d = d[d["partner"].astype(str).str.casefold() == (edition.partner or "").casefold()]
    if edition.kind == "private":
        d = d.drop(columns=[c for c in LOG_PERSON_COLS if c in d.columns])
        return scrub_table(d.reset_index(drop=True), hidden, terms=derived)
    node_col = "target" if "target" in d.columns else None
    return scrub_table(d.reset_index(drop=True), hidden, node_col=node_col)


def redact_pseudonyms(obj: Any) -> Any:
    """A copy of a JSON-able structure with every pseudonym replaced by :data:`HIDDEN` (for the
    provenance record of an edition without person-level data).

    Examples
    --------
    >>> redact_pseudonyms({"targets": ["BSN-" + "a" * 24], "n": 3})
    {'targets': ['[afgeschermd]'], 'n': 3}
    """
    if isinstance(obj, str):
        return PSEUDONYM_PATTERN.sub(HIDDEN, obj)
    if isinstance(obj, Mapping):
        return {redact_pseudonyms(k) if isinstance(k, str) else k: redact_pseudonyms(v)
                for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [redact_pseudonyms(v) for v in obj]
    return obj
