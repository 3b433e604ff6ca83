"""Key custody: the pseudonymisation key stays with the partners (or a trusted third party).

Anyone who holds the shared key can invert BSN pseudonyms by enumeration: there are fewer than
10⁹ valid BSNs, and computing a keyed hash for each takes minutes on a laptop. So ingest and
analysis never need the key (only its *fingerprint*, to check that all extracts of a case were
pseudonymised with the same key); only ``netwerk pseudonymise`` (run at the partner) uses it.
:func:`warn_key_not_needed` is called by every other command: when ``NETWERK_KEY`` is set in the
environment of a command that does not need it, it warns that the key should not be on the RIEC
analyst's machine. See ``docs/key-custody.md``.

Examples
--------
>>> import os
>>> key_needed("pseudonymise"), key_needed("map")
(True, False)
"""

from __future__ import annotations

import logging
import os

from ..i18n import N_, _

__all__ = ["KEY_ENV", "COMMANDS_NEEDING_KEY", "key_needed", "warn_key_not_needed",
           "KEY_WARNING"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

#: Environment variable that holds the pseudonymisation key.
KEY_ENV = "NETWERK_KEY"
#: Commands that need the key (partner side only). ``demo`` plays the partners too.
COMMANDS_NEEDING_KEY = frozenset({"pseudonymise", "demo"})

#: The warning (a Dutch message id, :mod:`netwerk.i18n`; ``{command}`` is filled in).
KEY_WARNING = N_(
    "NETWERK_KEY is gezet, maar `netwerk {command}` heeft de pseudonimiseringssleutel niet nodig. "
    "Inlezen en analyse gebruiken alleen de vingerafdruk ervan. Wie de sleutel heeft, kan "
    "BSN-pseudoniemen terugrekenen door elk BSN te proberen: laat de sleutel bij de partners of "
    "een vertrouwde derde partij en verwijder hem hier (docs/key-custody.md)."
)


def key_needed(command: str) -> bool:
    """Whether a ``netwerk`` command needs the pseudonymisation key."""
    return command.split()[0] in COMMANDS_NEEDING_KEY if command else False


def warn_key_not_needed(command: str, environ: dict[str, str] | None = None) -> str | None:
    """Warn (log and return the text, in the current language) when ``NETWERK_KEY`` is set for a
    command that does not need it; ``None`` otherwise.

    Examples
    --------
    >>> from netwerk.i18n import using
    >>> warn_key_not_needed("map", {"NETWERK_KEY": "k"})[:50]
    'NETWERK_KEY is gezet, maar `netwerk map` heeft de '
    >>> with using("en"):
    ...     warn_key_not_needed("map", {"NETWERK_KEY": "k"})[:42]
    'NETWERK_KEY is set, but `netwerk map` does'
    >>> warn_key_not_needed("pseudonymise", {"NETWERK_KEY": "k"}) is None
    True
    """
    env = os.environ if environ is None else environ
    if not env.get(KEY_ENV) or key_needed(command):
        return None
    msg = _(KEY_WARNING, command=command)
    log.debug(msg)
    return msg
