"""The CLI shell: help, errors as one line."""

import subprocess
import sys

from netwerk.cli.main import run


def test_help_lists_commands(capsys):
    assert run(["--help"]) == 0
    out = capsys.readouterr().out
    assert "Gebruik:" in out and "Opdrachten:" in out


def test_unknown_command_exits_nonzero():
    assert run(["no-such-command"]) != 0


def test_console_script_entry():
    proc = subprocess.run([sys.executable, "-m", "netwerk", "--help"], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0
    assert "netwerk" in proc.stdout


COMMANDS = ["pseudonymise", "ingest", "info", "analyse", "plan", "log", "map", "report",
            "progress", "demo"]


def test_every_command_has_help(capsys):
    assert run(["--help"]) == 0
    listing = capsys.readouterr().out
    for cmd in COMMANDS:
        assert cmd in listing
        assert run([cmd, "--help"]) == 0, cmd
        assert "Gebruik:" in capsys.readouterr().out


def test_errors_are_one_line_and_nonzero(tmp_path, capsys):
    missing = tmp_path / "nope.csv"
    code = run(["analyse", str(missing), "--out", str(tmp_path / "o")])
    assert code == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("fout:") and "nope.csv" in err
    assert "Traceback" not in err and len(err.splitlines()) == 1


def test_debug_shows_the_traceback(tmp_path):
    import pytest

    from netwerk.errors import NetwerkError

    with pytest.raises(NetwerkError):
        run(["--debug", "analyse", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "o")])


def test_a_missing_input_file_is_said_in_the_users_language(tmp_path, capsys, monkeypatch):
    """A file the user named that does not exist: one line in the user's language, no Python
    error number."""
    monkeypatch.setenv("NETWERK_KEY", "abcdefabcdefabcdefabcdef")
    for lang, want in (("nl", "fout: bestand niet gevonden: "), ("en", "error: file not found: ")):
        code = run(["--lang", lang, "pseudonymise", str(tmp_path / "nope.csv"), "--spec", "kvk",
                    "--out", str(tmp_path / "x.csv")])
        err = capsys.readouterr().err
        assert code == 1 and want in err and "Errno" not in err and "nope.csv" in err
