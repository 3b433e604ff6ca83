"""The CLI shell: help, errors as one line."""

import subprocess
import sys

from netwerk.cli.main import run


def test_help_lists_commands(capsys):
    assert run(["--help"]) == 0
    out = capsys.readouterr().out
    assert "Usage" in out


def test_unknown_command_exits_nonzero():
    assert run(["no-such-command"]) != 0


def test_console_script_entry():
    proc = subprocess.run([sys.executable, "-m", "netwerk", "--help"], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0
    assert "netwerk" in proc.stdout
