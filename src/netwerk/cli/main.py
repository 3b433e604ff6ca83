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

__all__ = ["LogFormatter", "app", "confirm", "main", "run", "console", "err_console", "warn",
           "step_label"]

app = typer.Typer(
    name="netwerk",
    help=N_("Analyse van vitale knooppunten en gezamenlijke interventieplanning op "
            "gepseudonimiseerde gegevens van partners."),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class _MaskedStream:
    """Standard output or error as the console writes to it, with every raw-looking identifier
    masked (``[bsn]``, ``[phone]``, a spec pattern's label): console tables and messages are an
    output too (:func:`netwerk.guard.mask_console`). The stream is looked up at each write, so
    a test runner's capture works."""

    def __init__(self, name: str) -> None:
        self._name = name

    @property
    def _stream(self):
        return getattr(sys, self._name)

    def write(self, text: str) -> int:
        from ..guard import mask_console

        return self._stream.write(mask_console(text))

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return bool(getattr(self._stream, "isatty", lambda: False)())

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


console = Console(file=_MaskedStream("stdout"))
err_console = Console(file=_MaskedStream("stderr"))

#: ``--peildatum``: one name and one help on every command that draws a case timeline (``map``,
#: ``report``); the library's name is ``reference_date`` (:attr:`netwerk.case.Case.reference_date`).
PEILDATUM_HELP = N_(
    "Peildatum JJJJ-MM-DD: de tijdlijn van de casus loopt tot deze datum; latere gebeurtenissen "
    "(zoals geplande einddatums) vallen weg. Standaard: vandaag. Dezelfde opslag en peildatum "
    "geven op dezelfde dag dezelfde bestanden; de rubriceringsregel draagt de dag van uitgifte "
    "(d.d.), dus een herhaalde run op een andere dag verschilt daar.")

_state = {"debug": False}


@app.callback()
def _root(
    ctx: typer.Context,
    debug: bool = typer.Option(False, "--debug", help=N_("Toon tracebacks en debuglogging.")),
    quiet: bool = typer.Option(False, "--quiet", "-q", help=N_("Toon alleen fouten.")),
    verbose: bool = typer.Option(False, "--verbose", "-v", help=N_("Toon het voortgangslog van "
                                                                   "netwerk.")),
    lang: str = typer.Option("nl", "--lang", envvar="NETWERK_LANG",
                             help=N_("Taal van uitvoer, meldingen en hulpteksten: nl (standaard) "
                                     "of en.")),
) -> None:
    from ..i18n import set_language

    set_language(lang)
    _state["debug"] = debug
    level = (logging.DEBUG if debug else logging.ERROR if quiet
             else logging.INFO if verbose else logging.WARNING)
    # netwerk's own messages at INFO; other libraries (weasyprint, fontTools, ...) only warnings
    shown = logging.StreamHandler()
    shown.setFormatter(LogFormatter())
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING, handlers=[shown])
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


def confirm(question: str, *, default: bool = False) -> bool:
    """Ask a yes/no question in the user's language and return the answer.

    Click's own ``confirm`` asks ``[y/N]`` and answers ``Error: invalid input`` to a Dutch
    ``j``. Here the hint is ``[j/N]`` in Dutch (``[y/N]`` in English) and ``j``, ``ja``, ``y``,
    ``yes`` / ``n``, ``nee``, ``no`` are understood in both languages; an empty answer is
    ``default``. End of input stops the command (``fout: afgebroken``, exit 1), as Ctrl-C does
    (exit 130).

    Examples
    --------
    >>> import io, sys
    >>> stdin, sys.stdin = sys.stdin, io.StringIO("misschien\\nja\\n")
    >>> try:  # doctest: +NORMALIZE_WHITESPACE
    ...     answer = confirm("Nu vernietigen?")
    ... finally:
    ...     sys.stdin = stdin
    Nu vernietigen? [j/N]: antwoord j of n
    Nu vernietigen? [j/N]:
    >>> answer
    True
    """
    from ..i18n import _

    hint = _("[J/n]") if default else _("[j/N]")
    while True:
        console.print(f"{question} {hint}: ", end="", markup=False, highlight=False)
        try:
            answer = input().strip().lower()
        except EOFError:
            console.print()
            raise typer.Abort() from None
        if answer in ("j", "ja", "y", "yes"):
            return True
        if answer in ("n", "nee", "no"):
            return False
        if not answer:
            return default
        console.print(_("antwoord j of n"), markup=False, highlight=False)


class LogFormatter(logging.Formatter):
    """How the command line shows a log record: the level in the user's language, as
    :func:`warn` and the error line do (``waarschuwing: ...``, ``fout: ...``; progress at INFO
    without a prefix), the message as the library logged it (already in the user's language:
    tests/test_log_language.py). The logger's name (a module path) only for other libraries'
    records and at DEBUG, which is developer-only.

    Examples
    --------
    >>> import logging
    >>> from netwerk.i18n import using
    >>> rec = logging.LogRecord("netwerk.ingest.readers", logging.WARNING, "", 0, "x.csv: %s",
    ...                         ("1 herhaalde kopregel overgeslagen",), None)
    >>> LogFormatter().format(rec)
    'waarschuwing: x.csv: 1 herhaalde kopregel overgeslagen'
    >>> rec = logging.LogRecord("fontTools", logging.ERROR, "", 0, "bad glyph", (), None)
    >>> with using("en"):
    ...     LogFormatter().format(rec)
    'error (fontTools): bad glyph'
    """

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 - logging's name
        from ..i18n import _

        own = record.name == "netwerk" or record.name.startswith("netwerk.")
        if record.levelno >= logging.ERROR:
            head = _("fout")
        elif record.levelno >= logging.WARNING:
            head = _("waarschuwing")
        elif record.levelno >= logging.INFO and own:
            return record.message
        else:
            head = record.levelname.lower()
        if not own or record.levelno < logging.INFO:
            head = f"{head} ({record.name})"
        return f"{head}: {record.message}"


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
    from ..i18n import LANGUAGES, _, language, set_language
    from .helptext import command, take_language

    _register()
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    if debug:  # --debug works after the subcommand too (it is an option of `netwerk` itself)
        args = ["--debug"] + [a for a in args if a != "--debug"]
    from ..guard import guarded_output
    from .usage import CLICK_ERROR, HELP_INSTEAD, USAGE_ERROR, click_message, message

    # --lang too, and before Click parses: `--help` is answered while parsing, in the
    # language of this run (help texts are Dutch message ids, translated in the tree)
    lang, args = take_language(args)
    try:
        set_language(lang)
    except NetwerkError as exc:  # `--lang xx` (or NETWERK_LANG=xx): a bad option value
        try:
            language()
        except NetwerkError:  # NETWERK_LANG itself is the bad value: say it in Dutch
            set_language(LANGUAGES[0])
        _error(str(exc))
        return 2
    try:
        root = command(app, lang)
        with guarded_output():  # a refused output removes what this run had written
            # Click hands its own errors to us (standalone_mode=False): a usage error, an abort
            # at a prompt. A finished run returns None, `typer.Exit`/`--help` the exit code
            # and Ctrl-C 130 (Typer turns KeyboardInterrupt into Exit(130))
            code = root.main(args=args, prog_name="netwerk", standalone_mode=False)
        if code == 130:
            _error(_("afgebroken"))
        return code if isinstance(code, int) else 0
    except SystemExit as exc:  # a library or command calling sys.exit
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except typer.Abort as exc:  # Ctrl-C or end of input at a prompt (Click's "Aborted!")
        _error(_("afgebroken"))
        return 130 if isinstance(exc.__context__, KeyboardInterrupt) else 1
    except USAGE_ERROR as exc:  # Click's own "Error: No such option ...", in the user's words
        if isinstance(exc, HELP_INSTEAD):  # `netwerk` or a group alone: its (translated) help
            exc.show()
        else:
            _error(message(exc, root, args))
        return exc.exit_code
    except CLICK_ERROR as exc:  # Click's other errors (a file option it could not open)
        _error(click_message(exc))
        return exc.exit_code
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
