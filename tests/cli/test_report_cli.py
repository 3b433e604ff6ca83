"""`netwerk report` and `netwerk progress` end to end on small case stores."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from netwerk.cli.main import run

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "report"))
from report_cases import make_net, write_store  # noqa: E402


@pytest.fixture(scope="module")
def cases(tmp_path_factory):
    d = tmp_path_factory.mktemp("cli-cases")
    return [write_store(d / "noord.duckdb", make_net()),
            write_store(d / "zonder-type.duckdb", make_net(crime_type=None))]


def test_report_command(cases, tmp_path, capsys):
    out = tmp_path / "selectie"
    code = run(["report", *cases, "--out", str(out), "--seed", "0", "--max-actions", "4",
                "--capacity", "gemeente=10,politie=20", "--no-pdf"])
    assert code == 1  # one case could not be scored: the exit code says so ...
    for name in ("ranking.csv", "ranking.xlsx", "report.html", "provenance.json"):
        assert (out / name).is_file(), name
    printed = capsys.readouterr()
    assert "report.html" in printed.out and "Open" in printed.out
    assert "zonder-type" in printed.err  # ... the broken case is named, the batch went on
    assert "gemeente 10" in (out / "report.html").read_text(encoding="utf-8")


def test_report_bad_weights_names_file_and_key(cases, tmp_path, capsys):
    bad = tmp_path / "w.yaml"
    bad.write_text("version: 1\nweights: {severity: -1}\n", encoding="utf-8")
    code = run(["report", cases[0], "--out", str(tmp_path / "x"), "--weights", str(bad)])
    assert code == 1
    err = capsys.readouterr().err
    assert "w.yaml" in err and "weights.severity" in err
    assert not (tmp_path / "x").exists()


def test_report_bad_capacity(cases, tmp_path, capsys):
    code = run(["report", cases[0], "--out", str(tmp_path / "y"), "--capacity", "gemeente"])
    assert code == 1
    assert "is niet PARTNER=DAGEN" in capsys.readouterr().err


def test_report_nothing_scored_exits_nonzero(cases, tmp_path):
    assert run(["report", cases[1], "--out", str(tmp_path / "z")]) == 1
    assert (tmp_path / "z" / "report.html").is_file()


def test_report_unknown_partner_edition_is_refused_like_map(cases, tmp_path, capsys):
    """A typo in the partner name stops `report` before anything is written, as `map` does."""
    out = tmp_path / "typo"
    code = run(["report", cases[0], "--out", str(out), "--edition", "partner:gemeentee",
                "--no-pdf"])
    assert code != 0
    err = capsys.readouterr().err
    assert "--edition" in err and "gemeentee" in err
    assert "bedoelde u 'gemeente'?" in err
    assert not out.exists(), "nothing may be written for an unknown partner"
    # map refuses the same argument with the same message (one check in the library)
    assert run(["map", cases[0], "--out", str(tmp_path / "m.html"),
                "--edition", "partner:gemeentee"]) != 0
    assert "bedoelde u 'gemeente'?" in capsys.readouterr().err
    assert not (tmp_path / "m.html").exists()
    assert run(["--lang", "en", "report", cases[0], "--out", str(out), "--edition",
                "partner:gemeentee", "--no-pdf"]) != 0
    assert "did you mean 'gemeente'?" in capsys.readouterr().err
    assert not out.exists()


def test_report_valid_partner_edition_still_works(cases, tmp_path):
    out = tmp_path / "gemeente"
    assert run(["report", cases[0], "--out", str(out), "--edition", "partner:Gemeente",
                "--no-pdf"]) == 0
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "partner gemeente" in html  # the marking names the partner as the case spells it


def test_progress_command(tmp_path, capsys):
    from netwerk.interventions.progress import log_intervention

    case = write_store(tmp_path / "noord.duckdb", make_net())
    log_intervention(case, "aanhouding", "p1", "politie", "2026-03-01", "executed")
    out = tmp_path / "voortgang"
    assert run(["progress", case, "--out", str(out)]) == 0
    for name in ("progress.html", "progress.csv", "progress_partners.csv", "provenance.json"):
        assert (out / name).is_file(), name
    assert "progress.html" in capsys.readouterr().out
    assert run(["progress", str(tmp_path / "weg.duckdb"), "--out", str(out)]) == 1
    assert "casusopslag niet gevonden" in capsys.readouterr().err


def test_a_case_failing_on_a_defect_shows_no_exception_text(cases, tmp_path, monkeypatch):
    """A foreign exception's text (English, and it may carry a cell of the data) never reaches the
    report's error row; the batch goes on and the command exits non-zero."""
    import netwerk.report.build as build

    real = build._build_resolved

    def flaky(case, **kw):
        if case.name == "noord":
            raise RuntimeError("Conversion Error: could not convert '123456782' in row 7")
        return real(case, **kw)

    monkeypatch.setattr(build, "_build_resolved", flaky)
    out = tmp_path / "rep"
    assert run(["report", *map(str, cases), "--out", str(out), "--no-pdf", "--stability",
                "0"]) == 1
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "onverwachte interne fout bij het opbouwen van deze casus" in page
    assert "123456782" not in page and "RuntimeError" not in page and "Conversion" not in page
