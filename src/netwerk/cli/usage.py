"""A mistake in the command line itself, said in the user's language: one ``fout: …`` line.

Click (the parser under Typer) reports a wrong command line with its own exceptions: an unknown
option or command, a missing argument or option, an option without its value, extra arguments, a
value of the wrong type or out of range. Typer 0.29 ships its own copy of Click whose texts are
fixed English f-strings (no gettext any more), and Click's ``gettext`` would in any case be the
process-wide catalogue that a notebook importing netwerk shares. So :func:`netwerk.cli.main.run`
runs Click with ``standalone_mode=False`` and hands the exception here: :func:`message` builds
the line from what the exception *holds* (its class, the option name, the parameter, the context
with its command path, the value the user typed as pydantic recorded it) through
:mod:`netwerk.i18n`, never from Click's English sentence. The few kinds Click raises as a bare
text (extra arguments, an unknown command, a path check) are recognised by Click's fixed wording
in :data:`_PATTERNS`; anything unrecognised keeps Click's text after a translated lead-in rather
than losing it.

The line has the look of every other error line (``fout: <plaats>: <melding>``), names the user's
argument as typed (control characters escaped; Rich markup is printed literally by the caller),
adds a typo suggestion where one is close (``bedoelde u --out?``) and ends with where to read on
(``zie 'netwerk analyse --help'``). The exit code stays Click's: 2 for a usage error.

Serves "room for the good conversation": a newcomer's first mistake is answered in her language,
about the word she typed.

Examples
--------
>>> from netwerk.cli.helptext import command
>>> from netwerk.cli.main import _register, app
>>> from netwerk.i18n import using
>>> _register()
>>> def first_error(args, lang="nl"):
...     root = command(app, lang)
...     try:
...         root.main(args=args, prog_name="netwerk", standalone_mode=False)
...     except USAGE_ERROR as exc:
...         with using(lang):
...             return message(exc, root, args)
>>> first_error(["analyse", "zaak.duckdb", "--outt", "uit"])
"netwerk analyse: onbekende optie '--outt' (bedoelde u --out?); zie 'netwerk analyse --help'"
>>> first_error(["plan"], "en")
"netwerk plan: missing argument 'case'; see 'netwerk plan --help'"
"""

from __future__ import annotations

import difflib
import importlib
import re
from typing import Any

import typer

from ..i18n import N_, _, ngettext

__all__ = ["CLICK_ERROR", "HELP_INSTEAD", "USAGE_ERROR", "click_message", "message", "shown", "suggest"]

#: Click's exception module as the installed Typer uses it (Typer 0.29: its own copy of Click),
#: found through Typer's public ``BadParameter`` rather than a private import.
_click = importlib.import_module(typer.BadParameter.__module__)
USAGE_ERROR = _click.UsageError
CLICK_ERROR = _click.ClickException
#: ``netwerk`` or a group without a command: Click shows the help page (already translated).
HELP_INSTEAD = getattr(_click, "NoArgsIsHelpError", ())

#: Click's fixed wording for the usage errors it raises as a bare text (no attributes to read).
_PATTERNS = {
    "extra": re.compile(r"^Got unexpected extra arguments? ?(?:\(s\))? \((?P<extra>.*)\)$", re.S),
    "command": re.compile(r"^No such command (?P<name>'.*'|\".*\")\.", re.S),
    "missing_command": re.compile(r"^Missing command\.?$"),
    "needs": re.compile(r"^Option .* requires (?:an argument|(?P<n>\d+) arguments)\.$", re.S),
    "flag": re.compile(r"^Option .* does not take a value\.$", re.S),
    "nargs": re.compile(r"^Argument (?P<name>'.*') takes (?P<n>\d+) values\.$", re.S),
    "path": re.compile(r"^(?:file|dir|directory|path) (?P<path>'.*'|\".*\") (?P<why>does not "
                       r"exist|is a file|is a directory|is not readable|is not writable)\.$",
                       re.S | re.I),
}
_PATH_REASONS = {"does not exist": N_("bestaat niet"),
                 "is a file": N_("is een bestand, geen map"),
                 "is a directory": N_("is een map, geen bestand"),
                 "is not readable": N_("is niet leesbaar"),
                 "is not writable": N_("is niet schrijfbaar")}

#: pydantic's error types (Typer 0.29 converts values with pydantic) -> the reason in words.
_VALUE_REASONS = {
    "int_parsing": N_("geen geheel getal"), "int_type": N_("geen geheel getal"),
    "int_from_float": N_("geen geheel getal"), "int_parsing_size": N_("geen geheel getal"),
    "float_parsing": N_("geen getal"), "float_type": N_("geen getal"),
    "finite_number": N_("geen getal"),
    "bool_parsing": N_("geen ja/nee-waarde (true of false)"),
    "bool_type": N_("geen ja/nee-waarde (true of false)"),
    "greater_than_equal": N_("moet minstens {grens} zijn"),
    "greater_than": N_("moet groter zijn dan {grens}"),
    "less_than_equal": N_("mag hoogstens {grens} zijn"),
    "less_than": N_("moet kleiner zijn dan {grens}"),
}
_DATE = N_("geen datum (JJJJ-MM-DD)")


def shown(text: Any) -> str:
    """``text`` as the user typed it, with control characters written as escapes (a terminal
    escape sequence in an argument is shown, never run).

    Examples
    --------
    >>> shown("--[red]x"), shown("--a\\x1b[2Jb")
    ('--[red]x', '--a\\\\x1b[2Jb')
    """
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii")
                   for c in str(text))


def suggest(word: str, options: list[str]) -> str | None:
    """The one option, command or value closest to ``word`` (a typo), or ``None``. Leading dashes
    and case are ignored when comparing, so ``--Outt`` finds ``--out`` and ``--bogus`` finds
    nothing.

    Examples
    --------
    >>> suggest("--outt", ["--out", "--steps", "--help"]), suggest("--bogus", ["--out", "--help"])
    ('--out', None)
    >>> suggest("analyze", ["analyse", "audit", "map"])
    'analyse'
    """
    keys = {o.lstrip("-").lower(): o for o in options}
    hit = difflib.get_close_matches(word.lstrip("-").lower(), list(keys), n=1, cutoff=0.6)
    return keys[hit[0]] if hit else None


def _option_names(cmd: Any) -> list[str]:
    names = ["--help"]
    for p in getattr(cmd, "params", []):
        if p.param_type_name == "option" and not getattr(p, "hidden", False):
            names += [*p.opts, *p.secondary_opts]
    return names


def _takes_value(param: Any) -> bool:
    return param.param_type_name == "option" and not (param.is_flag or param.count)


def _name(param: Any) -> str:
    """How the message names a parameter: an option by its long name, an argument by its name."""
    if param.param_type_name == "argument":
        return _("argument '{naam}'", naam=_argument(param))
    longs = [o for o in param.opts if o.startswith("--")]
    return (longs or param.opts)[0]


def _argument(param: Any) -> str:
    """An argument's name as its help page shows it."""
    return getattr(param, "metavar", None) or param.name


def _walk(root: Any, args: list[str]) -> tuple[Any, str]:
    """The command ``args`` reach and its path, for an error Click raised without a context."""
    cmd, path, i = root, ["netwerk"], 0
    while i < len(args) and hasattr(cmd, "commands"):
        a = args[i]
        if a == "--":
            break
        if a.startswith("-"):
            opt = next((p for p in cmd.params if a.split("=", 1)[0] in p.opts), None)
            i += 2 if opt is not None and _takes_value(opt) and "=" not in a else 1
            continue
        if a not in cmd.commands:
            break
        cmd, path, i = cmd.commands[a], [*path, a], i + 1
    return cmd, " ".join(path)


def _value_error(exc: Any) -> str | None:
    """A value Typer could not convert, from the pydantic error it was raised from."""
    cause = exc.__cause__
    errors = cause.errors() if callable(getattr(cause, "errors", None)) else None
    if not errors:
        return None
    err, name = errors[0], _name(exc.param)
    kind, value, ctx = err.get("type", ""), shown(err.get("input", "")), err.get("ctx") or {}
    choices = getattr(getattr(exc.param, "type_descriptor", None), "choices", None)
    if kind == "value_error" and choices:
        words = [str(getattr(c, "value", c)) for c in choices]
        close = suggest(value, words)
        reason = _("kies uit {keuzes}", keuzes=", ".join(words))
        if close:
            reason += " (" + _("bedoelde u {voorstel}?", voorstel=close) + ")"
    elif kind in _VALUE_REASONS:
        bound = next(iter(ctx.values()), "") if ctx else ""
        bound = f"{bound:g}" if isinstance(bound, float) else str(bound)
        reason = _(_VALUE_REASONS[kind], grens=bound)
    elif kind.startswith(("date", "datetime")):
        reason = _(_DATE)
    else:  # a kind without words here: the value and the place, without pydantic's English
        return _("ongeldige waarde '{waarde}' bij {naam}", waarde=value, naam=name)
    return _("ongeldige waarde '{waarde}' bij {naam}: {reden}", waarde=value, naam=name,
             reden=reason)


def _bad_parameter(exc: Any) -> str:
    """A value refused by Typer (type, range, choice, path) or by one of netwerk's callbacks."""
    from .main import _os_message

    name = _name(exc.param)
    said = _value_error(exc)
    if said:
        return said
    if isinstance(exc.__cause__, OSError):  # a file option Typer could not open
        return f"{name}: {_os_message(exc.__cause__)}"
    m = _PATTERNS["path"].match(exc.message)
    if m:
        path = shown(m["path"][1:-1])
        return f"{name}: '{path}' {_(_PATH_REASONS[m['why'].lower()])}"
    # netwerk's own callbacks raise BadParameter with a translated message
    return _("ongeldige waarde bij {naam}: {melding}", naam=name, melding=exc.message)


def _needs(opt: str, n: int) -> str:
    return ngettext("de optie {optie} verwacht een waarde", "de optie {optie} verwacht {n} waarden",
                    n, optie=opt)


def _no_such_option(exc: Any, cmd: Any, root: Any, path: str) -> str:
    opt = shown(exc.option_name)
    if cmd is not root:
        own = next((p for p in root.params if exc.option_name in p.opts), None)
        if own is not None and _takes_value(own):  # a bare `--lang` at the end
            return _needs(opt, 1)
        if own is not None:
            example = " ".join(["netwerk", opt, *path.split()[1:]]) + " ..."
            return _("'{optie}' is een optie van netwerk zelf: zet die vóór de opdracht "
                     "({voorbeeld})", optie=opt, voorbeeld=example)
    said = _("onbekende optie '{optie}'", optie=opt)
    close = suggest(exc.option_name, _option_names(cmd)) if opt.startswith("--") else None
    return said + (" (" + _("bedoelde u {voorstel}?", voorstel=close) + ")" if close else "")


def _bare(exc: Any, cmd: Any) -> str:
    """A usage error Click raised as a bare text: recognised by its fixed wording."""
    text = exc.message
    m = _PATTERNS["extra"].match(text)
    if m:
        extra = shown(m["extra"])
        return ngettext("onverwacht extra argument: {extra}",
                        "onverwachte extra argumenten: {extra}", len(extra.split()), extra=extra)
    m = _PATTERNS["command"].match(text)
    if m:
        name = shown(m["name"][1:-1])
        close = suggest(name, sorted(getattr(cmd, "commands", {})))
        said = _("onbekende opdracht '{naam}'", naam=name)
        return said + (" (" + _("bedoelde u {voorstel}?", voorstel=close) + ")" if close else "")
    if _PATTERNS["missing_command"].match(text):
        return _("geef een opdracht")
    m = _PATTERNS["nargs"].match(text)
    if m:
        return ngettext("het argument {naam} verwacht {n} waarde",
                        "het argument {naam} verwacht {n} waarden", int(m["n"]),
                        naam=shown(m["name"]))
    return _("de opdrachtregel klopt niet: {melding}", melding=shown(text))


def message(exc: Any, root: Any, args: list[str]) -> str:
    """The line (after ``fout:``) that says ``exc``, a Click usage error of a run of ``root``
    (the run's Click command) with ``args``, in the current language.

    The place is the command the user ran (``netwerk analyse``); then what is wrong, naming the
    argument as typed; then where to read on. See the module's examples.
    """
    if exc.ctx is not None:
        cmd, path = exc.ctx.command, exc.ctx.command_path
    else:  # Click's parser raises some errors before it knows the context
        cmd, path = _walk(root, args)
    if isinstance(exc, _click.NoSuchOption):
        said = _no_such_option(exc, cmd, root, path)
    elif isinstance(exc, _click.MissingParameter) and exc.param is not None:
        if exc.param.param_type_name == "argument":
            said = _("het argument '{naam}' ontbreekt", naam=_argument(exc.param))
        else:
            said = _("de verplichte optie {optie} ontbreekt", optie=_name(exc.param))
    elif isinstance(exc, _click.BadParameter) and exc.param is not None:
        said = _bad_parameter(exc)
    elif isinstance(exc, _click.BadOptionUsage):
        opt = shown(exc.option_name)
        m = _PATTERNS["needs"].match(exc.message)
        if m:
            said = _needs(opt, int(m["n"] or 1))
        elif _PATTERNS["flag"].match(exc.message):
            said = _("de optie {optie} neemt geen waarde", optie=opt)
        else:
            said = _("de optie {optie} is verkeerd gebruikt: {melding}", optie=opt,
                     melding=shown(exc.message))
    else:
        said = _bare(exc, cmd)
    return _("{opdracht}: {melding}; zie '{opdracht} --help'", opdracht=path, melding=said)


def click_message(exc: Any) -> str:
    """Click's error that is no usage error (a file it could not open for a file option), in
    the user's words where it holds the operating system's error, else its own text."""
    from .main import _os_message

    if isinstance(exc.__cause__, OSError):
        return _os_message(exc.__cause__)
    return shown(exc.format_message())
