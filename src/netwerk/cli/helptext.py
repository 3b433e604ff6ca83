"""``netwerk --help`` in the user's language: Dutch first, English with ``--lang en`` or
``NETWERK_LANG=en``.

Every help text in ``netwerk.cli`` is written as a Dutch message id (``help=N_("...")``), so the
extraction and completeness checks of :mod:`netwerk.i18n` see it; the English is in the ``.po``
catalogue. Click renders help from the command tree, and ``--help`` is handled while Click parses,
before any callback runs; so :func:`command` builds the tree of a run and translates it in place
(command help and short help, every parameter's help, the epilog, the usage placeholders, the
``--help`` option's own line) in the language :func:`take_language` found in the arguments or the
environment. The words Click and Typer write themselves around them (``Usage:``, the section
headings, ``[default: …]``, ``[required]``) are said in the same language by :class:`Formatter`.

Option names stay as they are in both languages: they are the interface. Help text is plain text
(``rich_markup_mode=None``): square brackets in a help text (``local[2]``) are printed as written.

Serves "room for the good conversation": an analyst reads how to use the tool in her own language.
"""

from __future__ import annotations

import os
import re
from typing import Any

import typer

from ..i18n import N_, _, using

__all__ = ["Formatter", "command", "take_language", "translate"]

#: The words Click and Typer write around the help texts, keyed by the English they print; like
#: every other text, the Dutch is the message id and the English is in the ``.po``.
HEADINGS = {"Arguments": N_("Argumenten"), "Options": N_("Opties"),
            "Commands": N_("Opdrachten")}
USAGE_PREFIX = N_("Gebruik: ")
HELP_OPTION = N_("Toon deze hulptekst en stop.")
OPTIONS_METAVAR = N_("[OPTIES]")
SUBCOMMAND_METAVAR = N_("OPDRACHT [ARGUMENTEN]...")
_EXTRAS = {"required": N_("verplicht"), "default": N_("standaard: {waarde}"),
           "env var": N_("omgevingsvariabele: {waarde}")}
_EXTRA_RE = re.compile(r"  \[([^\[\]]*)\]$")


def take_language(args: list[str]) -> tuple[str, list[str]]:
    """The language of this run and its arguments with ``--lang`` moved to the front.

    ``--lang X`` (or ``--lang=X``) is an option of ``netwerk`` itself; users also type it after
    the subcommand (``netwerk map --help --lang en``), where Click would refuse it, so it is moved
    before the subcommand. Without it, ``$NETWERK_LANG`` decides, else Dutch. The language is
    returned as given: :func:`netwerk.i18n.set_language` checks it. Arguments after ``--`` are
    left alone.

    Examples
    --------
    >>> take_language(["map", "--help", "--lang", "en"])
    ('en', ['--lang', 'en', 'map', '--help'])
    >>> take_language(["--lang=en", "info", "x.duckdb"])
    ('en', ['--lang=en', 'info', 'x.duckdb'])
    >>> take_language(["info", "--", "--lang"])[1]
    ['info', '--', '--lang']
    """
    end = args.index("--") if "--" in args else len(args)
    lang, moved, rest, i = None, [], [], 0
    while i < len(args):
        a = args[i]
        if i < end and a == "--lang" and i + 1 < end:
            lang, moved, i = args[i + 1], [a, args[i + 1]], i + 2
            continue
        if i < end and a.startswith("--lang="):
            lang, moved, i = a.split("=", 1)[1], [a], i + 1
            continue
        rest.append(a)
        i += 1
    if lang is None:
        lang = os.environ.get("NETWERK_LANG") or "nl"
    return lang, moved + rest


def _help(text: str | None) -> str | None:
    return _(text) if text else text


def translate(cmd: Any) -> Any:
    """Translate the help of ``cmd`` (a Click command or group) and of every command under it, in
    place, into the current language (:func:`netwerk.i18n.language`); returns ``cmd``.

    A text that is no message id stays as it is (a test checks that every one is).

    Examples
    --------
    >>> import typer
    >>> from netwerk.i18n import using
    >>> demo = typer.Typer(rich_markup_mode=None)
    >>> @demo.command(help=N_("Toon deze hulptekst en stop."))
    ... def hello(name: str = typer.Option("x", help=N_("verplicht"))) -> None:
    ...     pass
    >>> with using("en"):
    ...     c = translate(typer.main.get_command(demo))
    >>> c.help, c.params[0].help
    ('Show this message and exit.', 'required')
    """
    cmd.help = _help(cmd.help)
    cmd.short_help = _help(cmd.short_help)
    cmd.epilog = _help(cmd.epilog)
    if cmd.options_metavar == "[OPTIONS]":
        cmd.options_metavar = _(OPTIONS_METAVAR)
    if getattr(cmd, "subcommand_metavar", None) == "COMMAND [ARGS]...":
        cmd.subcommand_metavar = _(SUBCOMMAND_METAVAR)
    for param in cmd.params:
        if hasattr(param, "help"):
            param.help = _help(param.help)
    cmd.context_class = Context
    option = cmd.get_help_option(Context(cmd))
    if option is not None:
        option.help = _(HELP_OPTION)
    for sub in getattr(cmd, "commands", {}).values():
        translate(sub)
    return cmd


def command(app: typer.Typer, lang: str) -> Any:
    """The Click command of ``app`` with its help in ``lang``: a new tree, as ``app()`` builds one
    for every run, so ``app`` itself keeps its Dutch message ids.

    Examples
    --------
    >>> from netwerk.cli.main import _register, app
    >>> _register()
    >>> command(app, "en").commands["map"].params[1].help
    'HTML file to write.'
    >>> command(app, "nl").commands["map"].params[1].help
    'HTML-bestand om te schrijven.'
    """
    with using(lang):
        return translate(typer.main.get_command(app))


def _extras(text: str) -> str:
    """The ``[default: …; required]`` Typer appends to an option's help, in the current language."""
    m = _EXTRA_RE.search(text)
    if not m:
        return text
    parts, known = [], False
    for part in m.group(1).split("; "):
        key, sep, value = part.partition(": ")
        if key in _EXTRAS and bool(sep) == (key != "required"):
            part, known = _(_EXTRAS[key], waarde=value) if sep else _(_EXTRAS[key]), True
        parts.append(part)  # a number range (``x>=1``) as it is
    return f"{text[:m.start()]}  [{'; '.join(parts)}]" if known else text


class Formatter(typer.Context.formatter_class):  # type: ignore[misc,name-defined]
    """Click's help formatter, with the words Click and Typer add said in the current language.

    Examples
    --------
    >>> from netwerk.i18n import using
    >>> f = Formatter(width=60)
    >>> f.write_usage("netwerk", "[OPTIES]")
    >>> with f.section("Options"):
    ...     f.write_dl([("--seed <int>", "Seed.  [default: 0]"),
    ...                 ("--top <int range>", "Hoeveel.  [default: 8; x>=1]")])
    >>> print(f.getvalue())
    Gebruik: netwerk [OPTIES]
    <BLANKLINE>
    Opties:
      --seed <int>       Seed.  [standaard: 0]
      --top <int range>  Hoeveel.  [standaard: 8; x>=1]
    <BLANKLINE>
    >>> with using("en"):
    ...     f = Formatter(width=60)
    ...     f.write_dl([("--out <path>", "Map.  [required]")])
    >>> print(f.getvalue().rstrip())
    --out <path>  Map.  [required]
    """

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _(USAGE_PREFIX) if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(_(HEADINGS[heading]) if heading in HEADINGS else heading)

    def write_dl(self, rows: Any, *args: Any, **kwargs: Any) -> None:
        super().write_dl([(term, _extras(text)) for term, text in rows], *args, **kwargs)


class Context(typer.Context):
    """Typer's context with :class:`Formatter`."""

    formatter_class = Formatter
