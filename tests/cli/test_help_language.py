"""``netwerk --help`` speaks the user's language: Dutch first, English with ``--lang en`` or
``NETWERK_LANG=en``, for every command, group and option, wherever ``--lang`` is typed."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
import typer

from netwerk.cli.helptext import command
from netwerk.cli.main import _register, app, run
from netwerk.i18n import catalogue

#: Help texts that may read the same in both languages: only a list of terms or ids (the option
#: values themselves). None today; a new one must be a pure term list to be added here.
SAME_IN_BOTH: frozenset[str] = frozenset()


def _tree(lang: str):
    _register()
    return command(app, lang)


def _walk(cmd, path=()):
    yield path, cmd
    for name, sub in getattr(cmd, "commands", {}).items():
        yield from _walk(sub, (*path, name))


def _texts(cmd) -> list[tuple[str, str]]:
    """(what, text) of a command's own help and of each of its parameters."""
    out = [("help", cmd.help)]
    for p in cmd.params:
        out.append((f"{p.name}", getattr(p, "help", None)))
    return out


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _page(capsys, *args: str) -> str:
    assert run([*args]) == 0, args
    return capsys.readouterr().out


def test_every_command_and_option_has_help_in_both_languages():
    nl, en = dict(_walk(_tree("nl"))), dict(_walk(_tree("en")))
    assert len(nl) > 15 and nl.keys() == en.keys()
    english = catalogue("en")
    problems = []
    for path, cmd in nl.items():
        where = " ".join(("netwerk", *path))
        for (what, text), (_w, text_en) in zip(_texts(cmd), _texts(en[path]), strict=True):
            if not text:
                problems.append(f"{where} {what}: no help")
            elif english.gettext(text) == text and text not in SAME_IN_BOTH:
                problems.append(f"{where} {what}: no English for {text!r}")
            elif text_en != english.gettext(text):
                problems.append(f"{where} {what}: not translated in the tree")
        assert [p.opts for p in cmd.params] == [p.opts for p in en[path].params]  # the API
    assert not problems, "\n".join(problems)


def test_help_by_default_is_dutch_and_english_on_request(capsys):
    nl = _page(capsys, "--help")
    for word in ("Gebruik: netwerk [OPTIES] OPDRACHT", "Opties:", "Opdrachten:",
                 "Toon deze hulptekst en stop.", "casusopslag", "Taal van uitvoer",
                 "[omgevingsvariabele: NETWERK_LANG; standaard: nl]"):
        assert word in nl, word
    for words in ("Usage", "Options", "Commands", "Show this message", "Vital-node analysis",
                  "Replace identifiers", "case store", "default", "env var"):
        assert words not in nl, words
    for args in (["--lang", "en", "--help"], ["--help", "--lang", "en"], ["--help", "--lang=en"]):
        en = _page(capsys, *args)
        for word in ("Usage: netwerk [OPTIONS] COMMAND [ARGS]...", "Options:", "Commands:",
                     "Show this message and exit.", "Vital-node analysis", "Replace identifiers",
                     "[env var: NETWERK_LANG; default: nl]"):
            assert word in en, (args, word)
        for word in ("Gebruik", "Opties", "Opdrachten", "Toon deze", "casusopslag", "standaard"):
            assert word not in en, (args, word)


@pytest.mark.parametrize("args", [
    ["--lang", "en", "map", "--help"],
    ["map", "--help", "--lang", "en"],
    ["map", "--lang=en", "--help"],
])
def test_lang_anywhere_on_the_line(capsys, args):
    out = _page(capsys, *args)
    assert "HTML file to write." in out and "Arguments:" in out and "[required]" in out
    assert "HTML-bestand" not in out and "verplicht" not in out


def test_environment_chooses_and_the_option_wins(capsys, monkeypatch):
    monkeypatch.setenv("NETWERK_LANG", "en")
    out = _page(capsys, "case", "init", "--help")
    assert "The zwaarwegend algemeen belang." in out and "Usage:" in out
    out = _page(capsys, "case", "init", "--help", "--lang", "nl")
    assert "Het zwaarwegend algemeen belang." in out and "Gebruik:" in out


def test_every_help_page_is_in_one_language(capsys):
    """Each command's page holds its own texts in the language asked for, never the other's."""
    english = catalogue("en")
    for path, cmd in _walk(_tree("nl")):
        for lang in ("nl", "en"):
            page = _flat(_page(capsys, "--lang", lang, *path, "--help"))
            for what, text in _texts(cmd):
                mine, other = (text, english.gettext(text))[:: 1 if lang == "nl" else -1]
                if mine == other:
                    continue
                text_of = " ".join(("netwerk", *path, what))
                assert _flat(mine) in page, (lang, text_of)
                assert _flat(other) not in page, (lang, text_of)


def test_command_listings_are_in_one_language(capsys):
    """The one-line summaries in `netwerk --help` and `netwerk case --help` (cut short by Click)."""
    english = catalogue("en")
    for path, cmd in _walk(_tree("nl")):
        subs = getattr(cmd, "commands", {})
        for lang in ("nl", "en") if subs else ():
            page = _flat(_page(capsys, "--lang", lang, *path, "--help"))
            for sub in subs.values():
                mine, other = (sub.help, english.gettext(sub.help))[:: 1 if lang == "nl" else -1]
                assert _flat(mine)[:25] in page and _flat(other)[:25] not in page, (lang, sub.name)


def test_nested_group_and_its_command(capsys):
    group = _page(capsys, "annotate", "--help")
    assert "Notities van analisten" in group and "Opdrachten:" in group
    sub = _page(capsys, "annotate", "import", "--help", "--lang", "en")
    assert "Notes file exported from the map (JSON)." in sub
    assert "Notitiebestand" not in sub


def test_terms_and_brackets_are_kept_in_both_languages(capsys):
    for lang, want in (("nl", "Spark-master, bijv. local[2]"), ("en", "Spark master, e.g. local[2]")):
        assert want in _page(capsys, "--lang", lang, "screen", "--help")
    for lang in ("nl", "en"):
        page = _page(capsys, "--lang", lang, "report", "--help")
        assert "casusoverleg, stuurgroep" in page and "--stuurgroep" in page


def test_an_unknown_language_is_one_line_in_dutch(capsys):
    assert run(["--help", "--lang", "fr"]) == 2  # a bad option value: a usage error, as Click's
    err = capsys.readouterr().err
    assert err.startswith("fout: onbekende taal 'fr'") and len(err.strip().splitlines()) == 1


def test_python_dash_m_in_english_from_the_environment():
    env = {**os.environ, "NETWERK_LANG": "en"}
    proc = subprocess.run([sys.executable, "-m", "netwerk", "plan", "--help"], capture_output=True,
                          text=True, timeout=60, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "Folder for the plan files." in proc.stdout and "Usage:" in proc.stdout
    proc = subprocess.run([sys.executable, "-m", "netwerk", "plan", "--help"], capture_output=True,
                          text=True, timeout=60, env={k: v for k, v in os.environ.items()
                                                      if k != "NETWERK_LANG"})
    assert "Map voor de planbestanden." in proc.stdout and "Gebruik:" in proc.stdout


def test_the_app_itself_is_left_dutch():
    """Translating a run's tree does not change the app: the next run starts from the msgids."""
    _tree("en")
    cmd = typer.main.get_command(app)
    assert cmd.help.startswith("Analyse van vitale knooppunten")


def test_number_ranges_stay_next_to_the_translated_default(capsys):
    assert "[standaard: 8; x>=1]" in _page(capsys, "report", "--help")
    assert "[default: 8; x>=1]" in _page(capsys, "report", "--help", "--lang", "en")


def test_the_help_commands_in_the_docs_run_in_the_language_they_say(capsys):
    """Every `netwerk ... --help ...` the README and the user guide show works as printed, and
    gives the language the text promises (Dutch unless it says --lang en)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    docs = "\n".join((root / f).read_text(encoding="utf-8")
                     for f in ("README.md", "docs/user-guide.md"))
    assert "texts are English" not in docs
    shown = sorted(set(re.findall(r"`(netwerk [^`]*--help[^`]*)`", docs)))
    assert any("--lang en" in c for c in shown) and len(shown) >= 4, shown
    for line in shown:
        args = line.split()[1:]
        if "COMMAND" in args:
            args[args.index("COMMAND")] = "plan"
        out = _page(capsys, *args)
        assert ("Usage:" if "--lang" in args else "Gebruik:") in out, line
