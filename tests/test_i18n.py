"""Dutch first, English complete: every message id in the code and templates has an English
translation, plural forms work, and an unknown language is a clear error."""

from __future__ import annotations

import contextvars
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from netwerk import i18n
from netwerk.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "src" / "netwerk" / "locale" / "en" / "LC_MESSAGES" / "netwerk.po"


def _extracted() -> set[str | tuple[str, str]]:
    method_map = [("**.py", "python"), ("**/templates/**.j2", "jinja2")]
    options = {"**.py": {},
               "**/templates/**.j2": {"extensions": "jinja2.ext.i18n"}}
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
    out: set = set()
    for _fn, _lineno, msg, _comments, _ctx in extract_from_dir(
            ROOT / "src" / "netwerk", method_map=method_map, options_map=options,
            keywords=keywords):
        out.add(msg if isinstance(msg, str) else tuple(msg))
    return out


def test_english_catalogue_is_complete():
    with PO.open("rb") as fh:
        cat = read_po(fh, locale="en")
    translated = {}
    for m in cat:
        if not m.id:
            continue
        key = m.id if isinstance(m.id, str) else tuple(m.id)
        strings = [m.string] if isinstance(m.string, str) else list(m.string)
        translated[key if isinstance(key, str) else key[0]] = all(s.strip() for s in strings)
    missing = sorted(str(k) for k in _extracted()
                     if not translated.get(k if isinstance(k, str) else k[0]))
    assert not missing, f"{len(missing)} message ids without English: {missing[:10]}"
    assert not [m.id for m in cat if m.id and m.fuzzy], "fuzzy entries are not used"


def test_default_is_dutch_and_switching_is_scoped():
    assert i18n.language() == "nl"
    with i18n.using("en"):
        assert i18n.language() == "en"
    assert i18n.language() == "nl"


@pytest.mark.parametrize("n, nl, en", [(0, "0 acties", "0 actions"), (1, "1 actie", "1 action"),
                                       (2, "2 acties", "2 actions")])
def test_plural_forms(n, nl, en):
    assert i18n.ngettext("{n} actie", "{n} acties", n) == nl
    with i18n.using("en"):
        assert i18n.ngettext("{n} actie", "{n} acties", n) == en


def test_unknown_language():
    with pytest.raises(ConfigError, match="onbekende taal 'fr'"):
        i18n.set_language("fr")


def test_unknown_language_in_english_and_from_the_environment(monkeypatch):
    with i18n.using("en"), pytest.raises(ConfigError, match="unknown language 'fr'; use one of nl, en"):
        i18n.set_language("fr")
    monkeypatch.setenv("NETWERK_LANG", "fr")  # the bad value itself: no endless loop, Dutch
    with pytest.raises(ConfigError, match="onbekende taal 'fr'"):
        contextvars.Context().run(i18n.language)  # a fresh context: only the environment speaks
