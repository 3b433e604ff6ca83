"""Class: a mistake in the command line itself (Click's usage errors), as a newcomer meets it.

Every kind Click raises is one line in the user's language, ``fout: <opdracht>: <melding>; zie
'<opdracht> --help'`` (English with ``--lang en`` / ``NETWERK_LANG=en``), naming the argument as
typed, with exit code 2 (Click's usage-error code). Members covered, through netwerk's own CLI:
unknown option (with and without a close typo, a root option after the command, a bare ``--lang``
at the end, markup and control characters in it), unknown command (top level and in a group, with
a suggestion), missing command, missing argument, missing required option, an option without its
value, a flag given a value, extra argument(s), a value that is not a whole number / not a number /
out of range / empty, an unknown ``--lang`` (option and environment), end of input and Ctrl-C at
the purge prompt, Ctrl-C in a command. Kinds netwerk's CLI does not use today (choice lists, path
checks, dates, nargs, a callback's own BadParameter, a file option that cannot be opened) run
through the same :func:`netwerk.cli.usage.message` on a small Typer app. Before this branch all of
these printed Click's English (``Error: No such option: --bogus (Possible options: --out)``).
"""

from __future__ import annotations

import datetime as dt
import enum
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Literal

import pytest
import typer

from netwerk.cli.main import run
from netwerk.cli.usage import USAGE_ERROR, message
from netwerk.i18n import using

#: Click's own English wording: none of it may reach a Dutch user (nor the usage line).
CLICK_WORDS = ("Error:", "No such", "Missing", "Invalid value", "Try '", "Usage:", "Got unexpected",
               "requires", "does not take", "Aborted", "Possible options", "Did you mean",
               "Input should")
#: Words of the Dutch lines: none of them in an English run.
DUTCH_WORDS = ("fout:", "onbekende", "ontbreekt", "ongeldige", "verwacht", "bedoelde", "zie '",
               "geen ", "moet ", "optie van netwerk zelf", "afgebroken")


def _err(capsys, *args) -> tuple[int, str, str]:
    code = run(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


# (arguments, the Dutch line, the English line): the CLI's own commands
CASES = {
    "unknown option": (
        ["analyse", "--bogus"],
        "fout: netwerk analyse: onbekende optie '--bogus'; zie 'netwerk analyse --help'",
        "error: netwerk analyse: no such option '--bogus'; see 'netwerk analyse --help'"),
    "unknown option, a typo": (
        ["analyse", "zaak.duckdb", "--outt", "uit"],
        "fout: netwerk analyse: onbekende optie '--outt' (bedoelde u --out?); zie "
        "'netwerk analyse --help'",
        "error: netwerk analyse: no such option '--outt' (did you mean --out?); see "
        "'netwerk analyse --help'"),
    "unknown option, --help mistyped": (
        ["map", "--hlep"],
        "fout: netwerk map: onbekende optie '--hlep' (bedoelde u --help?); zie 'netwerk map --help'",
        "error: netwerk map: no such option '--hlep' (did you mean --help?); see "
        "'netwerk map --help'"),
    "unknown option of another command": (
        ["analyse", "x", "--top", "abc"],
        "fout: netwerk analyse: onbekende optie '--top'; zie 'netwerk analyse --help'",
        "error: netwerk analyse: no such option '--top'; see 'netwerk analyse --help'"),
    "root option after the command": (
        ["analyse", "x", "--out", "o", "-q"],
        "fout: netwerk analyse: '-q' is een optie van netwerk zelf: zet die vóór de opdracht "
        "(netwerk -q analyse ...); zie 'netwerk analyse --help'",
        "error: netwerk analyse: '-q' is an option of netwerk itself: put it before the command "
        "(netwerk -q analyse ...); see 'netwerk analyse --help'"),
    "bare --lang at the end": (
        ["analyse", "x", "--out", "o", "--lang"],
        "fout: netwerk analyse: de optie --lang verwacht een waarde; zie 'netwerk analyse --help'",
        "error: netwerk analyse: option --lang requires a value; see 'netwerk analyse --help'"),
    "unknown command": (
        ["nosuch"],
        "fout: netwerk: onbekende opdracht 'nosuch'; zie 'netwerk --help'",
        "error: netwerk: no such command 'nosuch'; see 'netwerk --help'"),
    "unknown command, a typo": (
        ["analyze", "x"],
        "fout: netwerk: onbekende opdracht 'analyze' (bedoelde u analyse?); zie 'netwerk --help'",
        "error: netwerk: no such command 'analyze' (did you mean analyse?); see 'netwerk --help'"),
    "unknown command in a group": (
        ["case", "int", "x.duckdb"],
        "fout: netwerk case: onbekende opdracht 'int' (bedoelde u init?); zie "
        "'netwerk case --help'",
        "error: netwerk case: no such command 'int' (did you mean init?); see "
        "'netwerk case --help'"),
    "missing command": (
        ["--quiet"],
        "fout: netwerk: geef een opdracht; zie 'netwerk --help'",
        "error: netwerk: missing command; see 'netwerk --help'"),
    "missing argument": (
        ["plan"],
        "fout: netwerk plan: het argument 'case' ontbreekt; zie 'netwerk plan --help'",
        "error: netwerk plan: missing argument 'case'; see 'netwerk plan --help'"),
    "missing argument in a group": (
        ["case", "show"],
        "fout: netwerk case show: het argument 'case' ontbreekt; zie 'netwerk case show --help'",
        "error: netwerk case show: missing argument 'case'; see 'netwerk case show --help'"),
    "missing option": (
        ["analyse", "x"],
        "fout: netwerk analyse: de verplichte optie --out ontbreekt; zie 'netwerk analyse --help'",
        "error: netwerk analyse: missing required option --out; see 'netwerk analyse --help'"),
    "option without its value": (
        ["analyse", "x", "--out"],
        "fout: netwerk analyse: de optie --out verwacht een waarde; zie 'netwerk analyse --help'",
        "error: netwerk analyse: option --out requires a value; see 'netwerk analyse --help'"),
    "flag given a value": (
        ["analyse", "x", "--out", "o", "--directed=ja"],
        "fout: netwerk analyse: de optie --directed neemt geen waarde; zie "
        "'netwerk analyse --help'",
        "error: netwerk analyse: option --directed does not take a value; see "
        "'netwerk analyse --help'"),
    "one extra argument": (
        ["analyse", "x", "y", "--out", "o"],
        "fout: netwerk analyse: onverwacht extra argument: y; zie 'netwerk analyse --help'",
        "error: netwerk analyse: unexpected extra argument: y; see 'netwerk analyse --help'"),
    "extra arguments": (
        ["plan", "a.duckdb", "b.duckdb", "c.duckdb", "--out", "o"],
        "fout: netwerk plan: onverwachte extra argumenten: b.duckdb c.duckdb; zie "
        "'netwerk plan --help'",
        "error: netwerk plan: unexpected extra arguments: b.duckdb c.duckdb; see "
        "'netwerk plan --help'"),
    "not a whole number": (
        ["analyse", "x", "--out", "o", "--steps", "abc"],
        "fout: netwerk analyse: ongeldige waarde 'abc' bij --steps: geen geheel getal; zie "
        "'netwerk analyse --help'",
        "error: netwerk analyse: invalid value 'abc' for --steps: not a whole number; see "
        "'netwerk analyse --help'"),
    "an empty number": (
        ["analyse", "x", "--out", "o", "--seed="],
        "fout: netwerk analyse: ongeldige waarde '' bij --seed: geen geheel getal; zie "
        "'netwerk analyse --help'",
        "error: netwerk analyse: invalid value '' for --seed: not a whole number; see "
        "'netwerk analyse --help'"),
    "not a number": (
        ["plan", "x", "--out", "o", "--recovery", "veel"],
        "fout: netwerk plan: ongeldige waarde 'veel' bij --recovery: geen getal; zie "
        "'netwerk plan --help'",
        "error: netwerk plan: invalid value 'veel' for --recovery: not a number; see "
        "'netwerk plan --help'"),
    "out of range": (
        ["report", "x", "--out", "o", "--max-actions", "0"],
        "fout: netwerk report: ongeldige waarde '0' bij --max-actions: moet minstens 1 zijn; "
        "zie 'netwerk report --help'",
        "error: netwerk report: invalid value '0' for --max-actions: must be at least 1; see "
        "'netwerk report --help'"),
}


class TestEveryKindInBothLanguages:
    @pytest.mark.parametrize("kind", sorted(CASES))
    def test_dutch_by_default(self, kind, capsys):
        args, nl, _en = CASES[kind]
        code, out, err = _err(capsys, *args)
        assert code == 2, err
        assert _one_line(err) == nl
        assert not [w for w in CLICK_WORDS if w in err + out], err

    @pytest.mark.parametrize("kind", sorted(CASES))
    def test_english_with_lang_en(self, kind, capsys):
        args, _nl, en = CASES[kind]
        code, out, err = _err(capsys, "--lang", "en", *args)
        assert code == 2, err
        assert _one_line(err) == en
        assert not [w for w in DUTCH_WORDS if w in err], err

    @pytest.mark.parametrize("kind", ["unknown option, a typo", "missing option"])
    def test_english_from_the_environment_and_lang_after_the_command(self, kind, capsys,
                                                                      monkeypatch):
        args, nl, en = CASES[kind]
        monkeypatch.setenv("NETWERK_LANG", "en")
        assert run(list(args)) == 2
        assert _one_line(capsys.readouterr().err) == en
        assert run([*args, "--lang", "nl"]) == 2  # --lang after the command wins over the env
        assert _one_line(capsys.readouterr().err) == nl


class TestTheUsersArgument:
    def test_rich_markup_is_printed_literally(self, capsys):
        code, _out, err = _err(capsys, "analyse", "--[red]x[/red]")
        assert code == 2
        assert _one_line(err) == ("fout: netwerk analyse: onbekende optie '--[red]x[/red]'; zie "
                                  "'netwerk analyse --help'")

    def test_markup_in_a_value_is_printed_literally(self, capsys):
        code, _out, err = _err(capsys, "analyse", "x", "--out", "o", "--steps", "[bold]9[/bold]")
        assert code == 2 and "ongeldige waarde '[bold]9[/bold]' bij --steps" in err

    def test_control_characters_are_shown_not_run(self, capsys):
        code, _out, err = _err(capsys, "analyse", "--a\x1b[2Jb")
        assert code == 2 and "\x1b" not in err and "'--a\\x1b[2Jb'" in err

    def test_no_suggestion_when_nothing_is_close(self, capsys):
        _code, _out, err = _err(capsys, "analyse", "--bogus")
        assert "bedoelde" not in err  # Click suggested '--out' here


class TestExitCodesAndLanguageOption:
    def test_usage_errors_exit_2_other_errors_exit_1(self, capsys, tmp_path):
        assert run(["analyse", "--bogus"]) == 2
        assert run(["analyse", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "o")]) == 1
        capsys.readouterr()

    @pytest.mark.parametrize("lang, want", [(["--lang", "xx"], "fout: onbekende taal 'xx'"),
                                            (["--lang=xx"], "fout: onbekende taal 'xx'")])
    def test_an_unknown_language_on_the_command_line(self, lang, want, capsys):
        code, _out, err = _err(capsys, *lang, "analyse", "x")
        assert code == 2 and _one_line(err).startswith(want)

    def test_an_unknown_language_from_the_environment(self, capsys, monkeypatch):
        monkeypatch.setenv("NETWERK_LANG", "xx")
        code, _out, err = _err(capsys, "analyse", "x")
        assert code == 2 and _one_line(err).startswith("fout: onbekende taal 'xx'; kies uit nl, en")


class TestHelpStillWorks:
    def test_help_pages(self, capsys):
        assert run(["--help"]) == 0
        assert "Gebruik: netwerk [OPTIES] OPDRACHT" in capsys.readouterr().out
        assert run(["analyse", "--help", "--lang", "en"]) == 0
        out = capsys.readouterr().out
        assert "Usage: netwerk analyse" in out and "--steps" in out

    @pytest.mark.parametrize("args", [[], ["case"]])
    def test_a_group_alone_shows_its_help_as_click_did(self, args, capsys):
        assert run(args) == 2  # Click's NoArgsIsHelp code, unchanged
        err = capsys.readouterr().err
        assert "Gebruik: netwerk" in err and "Opdrachten:" in err
        assert not [w for w in CLICK_WORDS if w in err]

    def test_help_wins_over_a_missing_argument(self, capsys):
        assert run(["plan", "--help"]) == 0
        assert "Gebruik: netwerk plan" in capsys.readouterr().out


class TestPromptAndInterrupt:
    @pytest.fixture
    def case(self, tmp_path):
        from netwerk.governance import init_case

        case = tmp_path / "zaak.duckdb"
        init_case(case, purpose="p", legal_basis="WGS", retention_until="2099-01-01",
                  analyst="t")
        return case

    def test_end_of_input_at_the_prompt(self, case, capsys, monkeypatch):
        monkeypatch.setattr(sys, "stdin", io.StringIO(""))
        code, out, err = _err(capsys, "purge", str(case))
        assert code == 1 and case.exists()
        assert "[j/N]" in out and _one_line(err) == "fout: afgebroken"
        assert not [w for w in CLICK_WORDS if w in err + out]

    def test_ctrl_c_at_the_prompt(self, case, capsys, monkeypatch):
        def interrupted(*a):
            raise KeyboardInterrupt

        monkeypatch.setattr("builtins.input", interrupted)
        code, _out, err = _err(capsys, "--lang", "en", "purge", str(case))
        assert code == 130 and case.exists() and _one_line(err) == "error: interrupted"

    @pytest.mark.parametrize("answer, kept", [("nee\n", True), ("n\n", True), ("\n", True),
                                              ("j\n", False), ("ja\n", False), ("y\n", False)])
    def test_the_prompt_understands_dutch_and_english(self, case, answer, kept, capsys,
                                                      monkeypatch):
        monkeypatch.setattr(sys, "stdin", io.StringIO(answer))
        code = run(["purge", str(case)])
        out = capsys.readouterr().out
        assert case.exists() == kept and code == (1 if kept else 0)
        assert "[j/N]" in out and "[y/N]" not in out

    def test_the_prompt_asks_again_in_the_users_language(self, case, capsys, monkeypatch):
        monkeypatch.setattr(sys, "stdin", io.StringIO("misschien\nno\n"))
        assert run(["--lang", "en", "purge", str(case)]) == 1
        out = capsys.readouterr().out
        assert "answer y or n" in out and out.count("[y/N]") == 2 and case.exists()

    def test_ctrl_c_in_a_command(self, capsys, monkeypatch, tmp_path):
        def interrupted(*a, **k):
            raise KeyboardInterrupt

        monkeypatch.setattr("netwerk.analysis.vital.load_vital_weights", interrupted)
        code, _out, err = _err(capsys, "analyse", "x.csv", "--out", str(tmp_path / "o"))
        assert code == 130 and _one_line(err) == "fout: afgebroken"


class Kleur(enum.StrEnum):
    rood = "rood"
    blauw = "blauw"


def _callback(value: str) -> str:
    from netwerk.i18n import _

    if value == "fout":
        raise typer.BadParameter(_("geen datum (JJJJ-MM-DD)"))
    return value


def _demo() -> typer.Typer:
    demo = typer.Typer(rich_markup_mode=None)

    @demo.command("go")
    def go(name: str = typer.Argument(...),
           kleur: Kleur = typer.Option(Kleur.rood, "--kleur"),
           mode: Literal["sequential", "block"] = typer.Option("sequential", "--mode"),
           share: float = typer.Option(0.5, "--share", min=0.0, max=1.0),
           bestand: Path = typer.Option(None, "--bestand", exists=True, dir_okay=False),
           map_: Path = typer.Option(None, "--map", exists=True, file_okay=False),
           wanneer: dt.datetime = typer.Option(None, "--wanneer"),
           paar: tuple[int, int] = typer.Option((0, 0), "--paar"),
           eigen: str = typer.Option("", "--eigen", callback=_callback),
           tekst: typer.FileText = typer.Option(None, "--tekst")) -> None:
        pass

    @demo.command("other")
    def other() -> None:
        pass

    return demo


#: Kinds netwerk's CLI does not use today, through the same message builder.
DEMO = {
    "enum choice": (["go", "a", "--kleur", "groen"],
                    "ongeldige waarde 'groen' bij --kleur: kies uit rood, blauw",
                    "invalid value 'groen' for --kleur: choose from rood, blauw"),
    "literal choice, a typo": (["go", "a", "--mode", "sequental"],
                               "ongeldige waarde 'sequental' bij --mode: kies uit sequential, "
                               "block (bedoelde u sequential?)",
                               "invalid value 'sequental' for --mode: choose from sequential, "
                               "block (did you mean sequential?)"),
    "float range": (["go", "a", "--share", "1.5"],
                    "ongeldige waarde '1.5' bij --share: mag hoogstens 1 zijn",
                    "invalid value '1.5' for --share: must be at most 1"),
    "path does not exist": (["go", "a", "--bestand", "/nergens/x.csv"],
                            "--bestand: '/nergens/x.csv' bestaat niet",
                            "--bestand: '/nergens/x.csv' does not exist"),
    "path is a directory": (["go", "a", "--bestand", "/"],
                            "--bestand: '/' is een map, geen bestand",
                            "--bestand: '/' is a directory, not a file"),
    "path is a file": (["go", "a", "--map", __file__],
                       f"--map: '{__file__}' is een bestand, geen map",
                       f"--map: '{__file__}' is a file, not a directory"),
    "date": (["go", "a", "--wanneer", "gisteren"],
             "ongeldige waarde 'gisteren' bij --wanneer: geen datum (JJJJ-MM-DD)",
             "invalid value 'gisteren' for --wanneer: not a date (YYYY-MM-DD)"),
    "two values": (["go", "a", "--paar", "1", "x"],
                   "ongeldige waarde 'x' bij --paar: geen geheel getal",
                   "invalid value 'x' for --paar: not a whole number"),
    "an option without its two values": (["go", "a", "--paar", "1"],
                                          "de optie --paar verwacht 2 waarden",
                                          "option --paar requires 2 values"),
    "our callback": (["go", "a", "--eigen", "fout"],
                     "ongeldige waarde bij --eigen: geen datum (JJJJ-MM-DD)",
                     "invalid value for --eigen: not a date (YYYY-MM-DD)"),
    "file that cannot be opened": (["go", "a", "--tekst", "/nergens/x.txt"],
                                   "--tekst: bestand niet gevonden: /nergens/x.txt",
                                   "--tekst: file not found: /nergens/x.txt"),
    "unknown command": (["othr"], None, None),
}


class TestKindsOutsideNetwerksCommands:
    """The builder reads the exception, not netwerk's commands: a choice list, a path check, a
    date, a callback's own message, as soon as a command uses one."""

    @pytest.mark.parametrize("kind", sorted(DEMO))
    @pytest.mark.parametrize("lang", ["nl", "en"])
    def test_kind(self, kind, lang):
        from netwerk.cli.helptext import translate

        args, nl, en = DEMO[kind]
        root = translate(typer.main.get_command(_demo()))
        with using(lang), pytest.raises(USAGE_ERROR) as e:
            root.main(args=args, prog_name="netwerk", standalone_mode=False)
        with using(lang):
            line = message(e.value, root, args)
        if kind == "unknown command":
            nl = "onbekende opdracht 'othr' (bedoelde u other?)"
            en = "no such command 'othr' (did you mean other?)"
        want = nl if lang == "nl" else en
        where = "netwerk" if kind == "unknown command" else "netwerk go"
        see = "zie" if lang == "nl" else "see"
        assert line == f"{where}: {want}; {see} '{where} --help'"
        words = CLICK_WORDS if lang == "nl" else DUTCH_WORDS
        assert not [w for w in words if w in line]


def test_the_console_script_in_a_real_process():
    """``python -m netwerk``: Click's own error output (stderr, exit code) is replaced there too,
    not only in the in-process ``run``."""
    for lang, want in (("nl", "fout: netwerk analyse: onbekende optie '--outt' (bedoelde u "
                               "--out?); zie 'netwerk analyse --help'"),
                       ("en", "error: netwerk analyse: no such option '--outt' (did you mean "
                              "--out?); see 'netwerk analyse --help'")):
        env = {**os.environ, "NETWERK_LANG": lang}
        proc = subprocess.run([sys.executable, "-m", "netwerk", "analyse", "x", "--outt", "o"],
                              capture_output=True, text=True, timeout=120, env=env)
        assert proc.returncode == 2 and proc.stdout == ""
        assert proc.stderr.strip() == want
