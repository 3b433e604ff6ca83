"""`netwerk screen` on the command line."""

from __future__ import annotations

from netwerk.cli.main import run


def test_screen_command(registers, tmp_path, capsys):
    out = tmp_path / "out"
    assert run(["screen", str(registers), "--out", str(out), "--top", "2"]) == 0
    text = capsys.readouterr().out
    assert "gerangschikt in" in text and "verwerkt met duckdb" in text
    assert "omgevingen (60%)" in text  # the steps by their name, never the identifier
    assert len(list((out / "cases").glob("*.duckdb"))) == 2
    case = next((out / "cases").glob("*.duckdb"))
    # a screened cluster is a signal, not yet a case: no analysis before a case record
    assert run(["analyse", str(case), "--out", str(tmp_path / "analyse")]) == 1
    # it becomes a case once the RIEC records purpose and legal basis
    assert run(["case", "init", str(case), "--purpose", "screening test", "--legal-basis",
                "WGS art. 2.17", "--retention-until", "2030-01-01", "--training"]) == 0
    assert run(["analyse", str(case), "--out", str(tmp_path / "analyse")]) == 0


def test_screen_command_errors_in_one_line(tmp_path, capsys):
    assert run(["screen", str(tmp_path / "nope"), "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert "niet gevonden" in err and "Traceback" not in err
    assert run(["screen", str(tmp_path), "--out", str(tmp_path / "o"), "--engine", "x"]) == 1
