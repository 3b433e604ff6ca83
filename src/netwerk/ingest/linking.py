"""Linking records about one subject across partners.

Two mechanisms:

1. **Equal pseudonyms** link automatically: every partner pseudonymises a BSN under the same key,
   so the same person has the same node id (``BSN-…``) in every extract.
2. **Identity links**: a record that carries two pseudonyms of one subject (e.g. a BSN pseudonym and
   a name + birth-date pseudonym, ``NodeMap.also``) links the two. The links are closed
   transitively (union-find over connected components) and each subject gets one canonical id: the
   alias with the highest-priority prefix (BSN > RSIN > KVK > NGD > PID > others), ties broken by
   the lexicographically smallest id.

:func:`match_rates` reports, per partner and key kind (pseudonym prefix), how many of the partner's
nodes are known to at least one other partner.
"""

from __future__ import annotations

from ..store.identity import (
    PREFIX_PRIORITY,
    key_kind,
    match_rates,
    partner_sightings,
    resolve_identities,
)

__all__ = ["PREFIX_PRIORITY", "key_kind", "resolve_identities", "match_rates", "partner_sightings"]
