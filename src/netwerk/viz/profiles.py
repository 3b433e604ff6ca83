"""Audience profiles: what a map or export may show to whom.

Two profiles ship in ``netwerk/data/audiences.yaml``:

* ``case-meeting`` — pseudonyms, kinds, stages, measures, roles, relation kinds with partner and
  grading, and unrestricted attributes. No restricted attribute of any partner.
* ``partner:<name>`` — the same, plus the restricted attributes *that partner* supplied and the
  subject's aliases (other pseudonyms). Never another partner's restricted attributes.

Which attributes are restricted
-------------------------------
An attribute row is restricted when any of these says so (the union is used):

1. the network's long attribute table ``net.node_attributes`` has a boolean column ``restricted``
   (filled from :attr:`netwerk.ingest.spec.AttributeMap.restricted`) and the row is marked;
2. ``net.meta["restricted_attributes"]`` lists the attribute name;
3. a node attribute marked ``restricted: true`` in any shipped extract spec
   (``netwerk/data/specs``), or in the spec of an import recorded in ``net.meta["imports"]``
   (``spec_name``, when it names a shipped spec or an existing spec file) — the case store does not
   keep the flag per row, so the specs are read again;
4. ``restricted_attributes`` in the audience YAML lists the name (a conservative default list for
   networks that carry no flag).

An attribute name restricted anywhere is also removed from the wide node table, whose values do
not say which partner supplied them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ConfigError, Reason
from ..graph import Network
from ..i18n import _
from ..yamlfile import load_yaml_text

__all__ = [
    "Audience",
    "load_audience",
    "restricted_attribute_names",
    "visible_attributes",
    "node_partners",
    "known_partners",
    "bind_audience",
    "spec_restricted_attributes",
    "RESERVED_NODE_COLUMNS",
]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

#: Node-table columns that are not attributes (shown in their own place, or never).
RESERVED_NODE_COLUMNS = frozenset({"kind", "label", "stage", "partners", "aliases"})


@dataclass(frozen=True)
class Audience:
    """A resolved audience profile.

    Attributes
    ----------
    name : str
        ``"case-meeting"`` or ``"partner:<name>"``.
    partner : str or None
        The partner whose own view this is.
    restricted_attributes : frozenset of str
        Attribute names restricted by configuration (the YAML list).
    """

    name: str
    partner: str | None
    description: str
    show_unrestricted_attributes: bool
    show_own_restricted: bool
    show_aliases: bool
    show_partner_names: bool
    show_provenance: bool
    restricted_attributes: frozenset[str]


_FLAGS = ("show_unrestricted_attributes", "show_own_restricted", "show_aliases",
          "show_partner_names", "show_provenance")


def _read_config(path: str | Path | None) -> tuple[dict[str, Any], str]:
    if path is None:
        text = resources.files("netwerk").joinpath("data/audiences.yaml").read_text("utf-8")
        source = "netwerk/data/audiences.yaml"
    else:
        p = Path(path)
        if not p.exists():
            raise ConfigError(_("publieksbestand niet gevonden"), file=str(p),
                              reason=Reason.FILE_NOT_FOUND)
        text, source = p.read_text("utf-8"), str(p)
    raw = load_yaml_text(text, source) or {}
    if not isinstance(raw, dict) or not isinstance(raw.get("audiences"), dict):
        raise ConfigError(_("een publieksbestand heeft een mapping 'audiences' nodig"), file=source)
    return raw, source


def load_audience(
    audience: str | Audience = "case-meeting",
    *,
    partner: str | None = None,
    path: str | Path | None = None,
) -> Audience:
    """Resolve an audience name to an :class:`Audience`.

    Parameters
    ----------
    audience : str or Audience
        ``"case-meeting"``, ``"partner:<name>"``, or ``"partner"`` together with ``partner=``.
    partner : str, optional
        The partner for the ``partner`` profile.
    path : path, optional
        Another audience YAML (default: the shipped ``data/audiences.yaml``).

    Examples
    --------
    >>> load_audience("partner:gemeente").partner
    'gemeente'
    >>> load_audience().show_own_restricted
    False
    """
    if isinstance(audience, Audience):
        return audience
    raw, source = _read_config(path)
    name = str(audience).strip()
    if ":" in name:
        name, _sep, p = name.partition(":")
        if partner is not None and partner != p:
            raise ConfigError(_("publiek '{publiek}' noemt partner '{p}', maar partner='{partner}'",
                                publiek=audience, p=p, partner=partner), file=source)
        partner = p.strip()
    profiles = raw["audiences"]
    if name not in profiles:
        raise ConfigError(_("onbekend publiek '{publiek}' (bekend: {bekend}, of 'partner:<naam>')",
                            publiek=name, bekend=", ".join(sorted(profiles))), file=source)
    prof = profiles[name] or {}
    if name == "partner" and not partner:
        raise ConfigError(_("het publiek 'partner' vraagt een partner: gebruik 'partner:<naam>'"),
                          file=source)
    if name != "partner" and partner:
        raise ConfigError(_("publiek '{publiek}' neemt geen partner", publiek=name), file=source)
    flags = {}
    for f in _FLAGS:
        v = prof.get(f, False)
        if not isinstance(v, bool):
            raise ConfigError(_("publiek '{publiek}': '{veld}' moet true of false zijn",
                                publiek=name, veld=f), file=source)
        flags[f] = v
    restricted = raw.get("restricted_attributes") or []
    if not isinstance(restricted, list):
        raise ConfigError(_("'restricted_attributes' moet een lijst van kenmerknamen zijn"),
                          file=source)
    return Audience(
        name=f"partner:{partner}" if name == "partner" else name,
        partner=partner if name == "partner" else None,
        description=str(prof.get("description", "")).strip(),
        restricted_attributes=frozenset(str(a) for a in restricted),
        **flags,
    )


def _as_list(v: Any) -> list[str]:
    if v is None:
        return []
    if isinstance(v, float) and np.isnan(v):
        return []
    if isinstance(v, str):
        return [p.strip() for p in v.split(";") if p.strip()]
    if isinstance(v, list | tuple | set | np.ndarray | pd.Series):
        return [str(x) for x in v if x is not None and not (isinstance(x, float) and np.isnan(x))]
    if v is pd.NA:
        return []
    return [str(v)]


def node_partners(net: Network) -> pd.Series:
    """The partners that know each node, as sorted lists (empty where unknown)."""
    if "partners" not in net.nodes.columns:
        return pd.Series([[] for _ in range(net.n_nodes)], index=net.nodes.index, dtype=object)
    return net.nodes["partners"].map(lambda v: sorted(set(_as_list(v))))


def known_partners(net: Network) -> list[str]:
    """Every partner named anywhere in the network (sorted)."""
    names: set[str] = set()
    if "partner" in net.edges.columns:
        names.update(net.edges["partner"].dropna().astype(str))
    na = net.node_attributes
    if na is not None and "partner" in na.columns:
        names.update(na["partner"].dropna().astype(str))
    for lst in node_partners(net):
        names.update(lst)
    return sorted(n for n in names if n)


def _restricted_in_spec(spec: Any) -> set[str]:
    out = set()
    for nm in spec.nodes:
        for name, am in (nm.attributes or {}).items():
            if getattr(am, "restricted", False):
                out.add(str(name))
    return out


@lru_cache(maxsize=64)
def spec_restricted_attributes(spec: str | None = None) -> frozenset[str]:
    """Node attribute names marked ``restricted`` in one spec (name or path), or in every shipped
    spec (``spec=None``). A spec that cannot be read is skipped with a warning."""
    from ..ingest.spec import load_spec, shipped_specs

    names: set[str] = set()
    for s in ([spec] if spec is not None else shipped_specs()):
        try:
            names |= _restricted_in_spec(load_spec(s))
        except Exception as exc:  # noqa: BLE001 - a broken spec must not stop a map
            log.warning("could not read spec %s for restricted attributes: %s", s, exc)
    return frozenset(names)


def restricted_attribute_names(net: Network, audience: Audience) -> frozenset[str]:
    """Attribute names that are restricted for this network (flag, meta, specs and configuration)."""
    names = set(audience.restricted_attributes)
    names |= spec_restricted_attributes()
    for imp in net.meta.get("imports", []) or []:
        spec = imp.get("spec_name") if isinstance(imp, dict) else None
        if spec and Path(str(spec)).is_file():  # shipped specs are already counted
            names |= spec_restricted_attributes(str(spec))
    names.update(str(a) for a in net.meta.get("restricted_attributes", []) or [])
    na = net.node_attributes
    if na is not None and "restricted" in na.columns and len(na):
        flag = na["restricted"].fillna(False).astype(bool)
        names.update(na.loc[flag, "attribute"].astype(str))
    return frozenset(names)


def bind_audience(net: Network, audience: Audience) -> Audience:
    """Check a partner audience against the network; match the partner name case-insensitively.

    Raises
    ------
    ConfigError
        If the partner supplied nothing to this network (the message lists who did); the
        check is :func:`netwerk.governance.editions.bind_edition`, shared with every command.
    """
    if audience.partner is None:
        return audience
    from ..governance.editions import Edition, bind_edition

    ed = bind_edition(Edition("partner", audience.partner), known_partners(net),
                      option="--edition")
    if ed.partner == audience.partner:
        return audience
    return replace(audience, partner=ed.partner, name=f"partner:{ed.partner}")


def visible_attributes(net: Network, audience: Audience) -> pd.DataFrame:
    """The node attributes this audience may see, as a long table.

    Parameters
    ----------
    net : Network
    audience : Audience

    Returns
    -------
    pd.DataFrame
        Columns ``node_id, attribute, value, partner, restricted`` (``partner`` is missing for
        attributes from the wide node table), sorted by node id, attribute, partner. Values are
        strings.

    Raises
    ------
    ConfigError
        For a partner audience whose partner supplied nothing to the network.
    """
    audience = bind_audience(net, audience)
    restricted = restricted_attribute_names(net, audience)
    cols = ["node_id", "attribute", "value", "partner", "restricted"]
    parts = []
    na = net.node_attributes
    long_names: set[str] = set()
    if na is not None and len(na):
        t = na.copy()
        long_names = set(t["attribute"].astype(str))
        flag = t["restricted"].fillna(False).astype(bool) if "restricted" in t.columns else False
        t["restricted"] = t["attribute"].astype(str).isin(restricted) | flag
        partner = t["partner"].astype("string") if "partner" in t.columns else pd.Series(
            pd.NA, index=t.index, dtype="string")
        t["partner"] = partner
        keep = pd.Series(False, index=t.index)
        if audience.show_unrestricted_attributes:
            keep |= ~t["restricted"]
        if audience.show_own_restricted and audience.partner is not None:
            keep |= t["restricted"] & (partner == audience.partner).fillna(False)
        t = t[keep.to_numpy()]
        t = t.assign(node_id=t["node_id"].astype(str), attribute=t["attribute"].astype(str),
                     value=t["value"].astype("string"))
        parts.append(t[cols])
    if audience.show_unrestricted_attributes:
        wide = [c for c in net.nodes.columns
                if c not in RESERVED_NODE_COLUMNS and str(c) not in long_names
                and str(c) not in restricted]
        for c in wide:
            s = net.nodes[c]
            s = s[s.notna()]
            if not len(s):
                continue
            parts.append(pd.DataFrame({
                "node_id": s.index.astype(str), "attribute": str(c),
                "value": s.astype(str).to_numpy(), "partner": pd.NA, "restricted": False,
            }))
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="string" if c != "restricted" else bool)
                             for c in cols})
    out = pd.concat(parts, ignore_index=True)
    out = out[out["node_id"].isin(net.nodes.index)]
    out["partner"] = out["partner"].astype("string")
    out["value"] = out["value"].astype("string")
    return out.sort_values(["node_id", "attribute", "partner"], na_position="first",
                           kind="stable").reset_index(drop=True)
