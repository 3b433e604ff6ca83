"""Dutch first, English available: the one message catalogue for every user-facing string.

Every text a user reads (CLI messages, maps, reports, plans, reasons) goes through :func:`_`
(``gettext``) or :func:`ngettext` (plural forms). Message ids are the **Dutch** texts, so Dutch is
the default and needs no catalogue lookup; ``src/netwerk/locale/en/LC_MESSAGES/netwerk.po`` holds the
English translation of every message id (a test checks that it is complete). The catalogue is read
with Babel from the ``.po`` file, so there is no compiled binary in the repository.

The language is ``nl`` unless :func:`set_language` (or the ``NETWERK_LANG`` environment variable,
or ``netwerk --lang en``) says otherwise; :func:`using` switches it for a block (thread- and
task-safe: a :class:`contextvars.ContextVar`).

Placeholders are named and filled with ``str.format`` after translation, so word order can differ
between languages::

    _("{n} knooppunten, {m} relaties", n=3, m=2)

Serves "room for the good conversation": every partner reads the outputs in plain Dutch.

Examples
--------
>>> _("Actieplan")
'Actieplan'
>>> with using("en"):
...     _("Actieplan")
'Action plan'
>>> ngettext("{n} actie", "{n} acties", 1), ngettext("{n} actie", "{n} acties", 3)
('1 actie', '3 acties')
>>> with using("en"):
...     ngettext("{n} actie", "{n} acties", 1), ngettext("{n} actie", "{n} acties", 3)
('1 action', '3 actions')
"""

from __future__ import annotations

import contextlib
import functools
import io as _io
import os
from collections.abc import Iterator
from contextvars import ContextVar
from importlib import resources
from typing import Any

__all__ = ["LANGUAGES", "N_", "_", "catalogue", "gettext", "in_language", "language", "ngettext",
           "set_language", "using"]

#: Supported languages; the first is the default.
LANGUAGES = ("nl", "en")
DOMAIN = "netwerk"

_language: ContextVar[str | None] = ContextVar("netwerk_language", default=None)


def _norm(lang: str) -> str:
    return str(lang).strip().lower().split("_")[0].split("-")[0]


def _check(lang: str) -> str:
    lang = _norm(lang)
    if lang not in LANGUAGES:
        from .errors import ConfigError

        # say it in the language in force, or Dutch when $NETWERK_LANG itself is the bad value
        env = _norm(os.environ.get("NETWERK_LANG") or LANGUAGES[0])
        token = _language.set(_language.get() or (env if env in LANGUAGES else LANGUAGES[0]))
        try:
            message = _("onbekende taal '{taal}'; kies uit {talen}", taal=lang,
                        talen=", ".join(LANGUAGES))
        finally:
            _language.reset(token)
        raise ConfigError(message)
    return lang


def language() -> str:
    """The current language (``nl`` by default, or ``$NETWERK_LANG``)."""
    lang = _language.get()
    if lang is None:
        env = os.environ.get("NETWERK_LANG")
        return _check(env) if env else LANGUAGES[0]
    return lang


def set_language(lang: str) -> None:
    """Set the language for this context (``nl`` or ``en``)."""
    _language.set(_check(lang))


@contextlib.contextmanager
def using(lang: str) -> Iterator[None]:
    """Use ``lang`` inside a ``with`` block."""
    token = _language.set(_check(lang))
    try:
        yield
    finally:
        _language.reset(token)


@functools.cache
def catalogue(lang: str) -> Any:
    """The :class:`babel.support.Translations` of ``lang`` (Dutch: a null catalogue), read from
    ``locale/<lang>/LC_MESSAGES/netwerk.po``."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import NullTranslations, Translations

    lang = _check(lang)
    po = resources.files("netwerk") / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po.is_file():
        return NullTranslations()
    with po.open("rb") as fh:
        cat = read_po(fh, locale=lang, domain=DOMAIN)
    buf = _io.BytesIO()
    write_mo(buf, cat, use_fuzzy=False)
    buf.seek(0)
    return Translations(fp=buf, domain=DOMAIN)


def gettext(message: str, /, **kwargs: Any) -> str:
    """``message`` (a Dutch message id) in the current language, placeholders filled."""
    lang = language()
    text = message if lang == "nl" else catalogue(lang).gettext(message)
    return text.format(**kwargs) if kwargs else text


def ngettext(singular: str, plural: str, n: int, /, **kwargs: Any) -> str:
    """The singular or plural form for ``n`` in the current language; ``{n}`` is filled with ``n``."""
    lang = language()
    if lang == "nl":
        text = singular if n == 1 else plural
    else:
        text = catalogue(lang).ngettext(singular, plural, n)
    return text.format(n=n, **kwargs)


class _InLanguage:
    """A callable run in a fixed language (picklable when ``fn`` is: a process pool can take it)."""

    def __init__(self, fn: Any, lang: str) -> None:
        self.fn, self.lang = fn, lang

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        with using(self.lang):
            return self.fn(*args, **kwargs)


def in_language(fn: Any) -> Any:
    """``fn`` bound to the language in force now, for work handed to another thread or process.

    A new thread starts with an empty context (and a spawned process with a fresh interpreter),
    so without this its messages and errors would fall back to Dutch whatever ``--lang`` said.

    Examples
    --------
    >>> from concurrent.futures import ThreadPoolExecutor
    >>> with using("en"), ThreadPoolExecutor(1) as pool:
    ...     pool.submit(_, "Actieplan").result(), pool.submit(in_language(_), "Actieplan").result()
    ('Actieplan', 'Action plan')
    """
    return _InLanguage(fn, language())


def N_(message: str) -> str:
    """Mark a message id for extraction without translating it yet (module-level constants)."""
    return message


_ = gettext
