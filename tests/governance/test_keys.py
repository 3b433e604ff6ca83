"""Key custody: the key is needed only where partners pseudonymise."""

from __future__ import annotations

from netwerk.cli.main import run
from netwerk.governance import key_needed, warn_key_not_needed


def test_only_pseudonymise_needs_the_key():
    assert key_needed("pseudonymise")
    for cmd in ("ingest", "analyse", "plan", "map", "report", "progress", "audit"):
        assert not key_needed(cmd)


def test_warning_when_key_set_for_a_command_without_need():
    assert warn_key_not_needed("map", {"NETWERK_KEY": "k"}) is not None
    assert warn_key_not_needed("pseudonymise", {"NETWERK_KEY": "k"}) is None
    assert warn_key_not_needed("map", {}) is None


def test_cli_warns(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("NETWERK_KEY", "secret")
    case = tmp_path / "c.duckdb"
    assert run(["case", "init", str(case), "--training"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("waarschuwing: NETWERK_KEY is gezet") and "BSN" in err
    assert "secret" not in err
    assert run(["--lang", "en", "case", "init", str(case), "--training"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("warning: NETWERK_KEY is set") and "secret" not in err
