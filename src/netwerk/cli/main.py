"""The ``netwerk`` command. Thin: parses, calls the library, prints.

Subcommands live in sibling modules, one per stage of the data's way, and register themselves on
:data:`app`. Heavy imports happen inside the command functions so ``netwerk --help`` is quick.
Errors print one line and exit non-zero; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import contextvars
import logging
import sys

import typer
from rich.console import Console
from rich.markup import escape

from ..errors import NetwerkError
from ..i18n import N_

__all__ = ["app", "main", "run", "console", "err_console", "warn", "step_label"]

app = typer.Typer(
    name="netwerk",
    help="Vital-node analysis and joint intervention planning on pseudonymised partner data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
console = Console()
err_console = Console(stderr=True)

#: ``--peildatum``: one name and one help on every command that draws a case timeline (``map``,
#: ``report``); the library's name is ``reference_date`` (:attr:`netwerk.case.Case.reference_date`).
PEILDATUM_HELP = ("Reference date (peildatum) YYYY-MM-DD: the case timeline runs up to this date; "
                  "later events (such as planned end dates) are left off. Default: today. The same "
                  "store and peildatum give the same files on the same day; the marking line "
                  "carries the day of issue (d.d.), so a rerun on another day differs there.")

_state = {"debug": False}


@app.callback()
def _root(
    ctx: typer.Context,
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks and debug logging."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only print errors."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show netwerk's progress log."),
    lang: str = typer.Option("nl", "--lang", envvar="NETWERK_LANG",
                             help="Language of outputs and messages: nl (default) or en."),
) -> None:
    from ..i18n import set_language

    set_language(lang)
    _state["debug"] = debug
    level = (logging.DEBUG if debug else logging.ERROR if quiet
             else logging.INFO if verbose else logging.WARNING)
    # netwerk's own messages at INFO; other libraries (weasyprint, fontTools, ...) only warnings
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("netwerk").setLevel(level)
    logging.getLogger("weasyprint").setLevel(logging.DEBUG if debug else logging.ERROR)
    from ..governance.keys import warn_key_not_needed  # key custody: warn, never silently

    msg = warn_key_not_needed(ctx.invoked_subcommand or "")
    if msg and not quiet:
        warn(msg)


def warn(message: str) -> None:
    """Print a warning on stderr, in the user's language, the message printed literally."""
    from ..i18n import _

    err_console.print(_("waarschuwing: {bericht}", bericht=message), highlight=False,
                      markup=False, soft_wrap=True)


#: The steps ``netwerk.ingest`` reports to a progress callback (ingest and pseudonymise), with the
#: names users read (Dutch message ids). The step names are the ingest package's; their labels live
#: here until ingest gives them itself.
INGEST_STEPS = {"hashing": N_("vingerafdruk berekenen"), "reading": N_("lezen"),
                "read": N_("gelezen"), "mapping": N_("omzetten"), "writing": N_("wegschrijven"),
                "write": N_("wegschrijven"), "done": N_("klaar")}


def step_label(step: str) -> str:
    """The progress step of ``netwerk.ingest`` in the user's language: ``"kvk.csv: mapping"`` ->
    ``"kvk.csv: omzetten"``, ``"identifier bsn"`` -> ``"identificator bsn"``; an unknown step as
    it is.

    Examples
    --------
    >>> step_label("kvk.csv: mapping"), step_label("identifier bsn"), step_label("x")
    ('kvk.csv: omzetten', 'identificator bsn', 'x')
    """
    from ..i18n import _

    head, sep, last = step.rpartition(": ")
    if last in INGEST_STEPS:
        last = _(INGEST_STEPS[last])
    elif last.startswith("identifier "):
        last = _("identificator {kolom}", kolom=last[len("identifier "):])
    return f"{head}{sep}{last}"


def _register() -> None:
    # importing the modules registers their commands on `app`
    from . import commands  # noqa: F401


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return the exit code (for tests and ``netwerk demo``).

    The run has its own context: the language ``--lang`` sets (Dutch by default) holds for this
    run, its messages and its errors, and does not stay behind in the caller."""
    return contextvars.copy_context().run(_run, argv)


def _run(argv: list[str] | None) -> int:
    from ..i18n import _

    _register()
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    if debug:  # --debug works after the subcommand too (it is an option of `netwerk` itself)
        args = ["--debug"] + [a for a in args if a != "--debug"]
    try:
        app(args=args, prog_name="netwerk")
    except SystemExit as exc:  # typer/click end every run with SystemExit
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except NetwerkError as exc:
        if debug:
            raise
        _error(str(exc))
        return 1
    except (OSError, ValueError) as exc:
        if debug:
            raise
        _error(_os_message(exc))
        return 1
    except KeyboardInterrupt:
        if debug:
            raise
        _error(_("afgebroken"))
        return 130
    except BaseException:  # a defect or a library's own exception: never a raw traceback
        if debug:
            raise
        _error(_("onverwachte interne fout; draai het commando opnieuw met --debug voor de "
                 "details en meld die aan de beheerders van netwerk"))
        return 1
    return 0


def _os_message(exc: Exception) -> str:
    """A file the user named that cannot be opened, said in the user's language (no Python
    error number); any other error's own text.

    Examples
    --------
    >>> _os_message(FileNotFoundError(2, "No such file or directory", "nope.csv"))
    'bestand niet gevonden: nope.csv'
    """
    from ..i18n import _

    name = getattr(exc, "filename", None)
    if isinstance(exc, FileNotFoundError) and name:
        return _("bestand niet gevonden: {pad}", pad=str(name))
    if isinstance(exc, PermissionError) and name:
        return _("geen toegang tot: {pad}", pad=str(name))
    if isinstance(exc, IsADirectoryError) and name:
        return _("dit is een map, geen bestand: {pad}", pad=str(name))
    if type(exc).__name__ == "ValidationError" and callable(getattr(exc, "errors", None)):
        from ..errors import validation_text

        return validation_text(exc)  # pydantic's English never reaches the user
    return str(exc)


def _error(message: str) -> None:
    """One line on stderr: the prefix in the user's language, then the message; case, file and
    column names are printed literally, never as Rich markup."""
    from ..i18n import _

    err_console.print(f"[bold red]{escape(_('fout:'))}[/] {escape(message)}", markup=True,
                      highlight=False, soft_wrap=True)


def main() -> None:
    """Entry point of the ``netwerk`` console script."""
    sys.exit(run())
