"""Errors blame the user's argument, and nothing is half-written: map output folders, export
lists checked first, partner names in --capacity, and the report's exit code when a case fails."""

from __future__ import annotations

import pytest

from netwerk.cli.main import run

pytestmark = pytest.mark.slow


def test_map_out_folder_writes_case_html(sample_cases, tmp_path):
    case = sample_cases["hennep-oost"]
    folder = tmp_path / "kaarten"
    folder.mkdir()
    assert run(["map", str(case), "--out", str(folder) + "/"]) == 0
    assert (folder / f"{case.stem}.html").is_file()
    # a name without a suffix is a folder too
    assert run(["map", str(case), "--out", str(tmp_path / "nieuw")]) == 0
    assert (tmp_path / "nieuw" / f"{case.stem}.html").is_file()


def test_export_list_checked_before_anything_is_written(sample_cases, tmp_path, capsys):
    case = sample_cases["hennep-oost"]
    out = tmp_path / "k.html"
    assert run(["map", str(case), "--out", str(out), "--export", "gexf",
                "--export", "pdf"]) == 1
    assert "onbekend exportformaat 'pdf' bij --export" in capsys.readouterr().err
    assert not out.exists() and not list(tmp_path.iterdir())


def test_unknown_partner_in_capacity_blames_the_argument(sample_cases, tmp_path, capsys):
    case = sample_cases["hennep-oost"]
    assert run(["plan", str(case), "--out", str(tmp_path / "p"),
                "--capacity", "gemeentee=10"]) == 1
    err = capsys.readouterr().err
    assert "onbekende partner 'gemeentee' in --capacity" in err and "'gemeente'" in err
    assert "catalogue.yaml" not in err


def test_report_exits_nonzero_when_a_case_fails_but_writes_the_rest(sample_cases, tmp_path):
    broken = tmp_path / "kapot.duckdb"
    broken.write_bytes(b"not a case store")
    out = tmp_path / "selectie"
    assert run(["report", str(sample_cases["hennep-oost"]), str(broken), "--out", str(out),
                "--no-pdf"]) == 1
    assert (out / "report.html").is_file() and (out / "ranking.csv").is_file()


@pytest.mark.parametrize("date", ["BSN 123456782", "30-11-2026", "2026-11-31"])
def test_plan_date_must_be_a_date_and_is_not_echoed_raw(sample_cases, tmp_path, capsys, date):
    """review 6, R14: any text was recorded as the plan's date (a BSN in provenance)."""
    out = tmp_path / "plan"
    assert run(["plan", str(sample_cases["hennep-oost"]), "-o", str(out), "--date", date]) == 1
    err = capsys.readouterr().err
    assert "--date: verwacht een datum JJJJ-MM-DD" in err
    assert "123456782" not in err
    assert not out.exists()


@pytest.mark.parametrize("steps", ["-3", "0"])
def test_analyse_steps_must_be_at_least_one(sample_cases, tmp_path, capsys, steps):
    out = tmp_path / "an"
    assert run(["analyse", str(sample_cases["hennep-oost"]), "-o", str(out),
                "--steps", steps]) == 1
    assert "minstens 1" in capsys.readouterr().err


def test_demo_names_the_folder_it_looked_in(tmp_path, capsys, monkeypatch):
    """review 6, R14: run outside the repository, the demo did not say where it looked."""
    monkeypatch.chdir(tmp_path)
    assert run(["demo", "--out", str(tmp_path / "demo")]) == 1
    err = capsys.readouterr().err
    assert str(tmp_path / "sample_data") in err.replace("\n", "") and "--sample-data" in err
