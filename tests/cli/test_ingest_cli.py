"""`netwerk ingest` and `netwerk info` through the CLI entry point."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))

from casekit import MESSY_HEADER, MESSY_SPEC, messy_rows, write_extract, write_spec  # noqa: E402

from netwerk.cli.main import run  # noqa: E402
from netwerk.store import connect, read_table  # noqa: E402


def _files(tmp_path: Path) -> tuple[Path, Path, Path]:
    spec = write_spec(tmp_path, MESSY_SPEC, "messy")
    ex = write_extract(tmp_path / "messy.csv", MESSY_HEADER, messy_rows(), spec="messy",
                       partner="politie")
    ex2 = write_extract(tmp_path / "first.csv", MESSY_HEADER, messy_rows()[:1], spec="messy",
                        partner="politie")
    return spec, ex, ex2


def test_ingest_accumulates_and_is_idempotent(tmp_path, capsys):
    spec, ex, ex2 = _files(tmp_path)
    case = tmp_path / "case.duckdb"
    rejects = tmp_path / "rejects.csv"
    code = run(["ingest", str(ex2), str(ex), "--spec", str(spec), "--case", str(case),
                "--crime-type", "cannabis", "--rejects", str(rejects)])
    out = capsys.readouterr().out
    assert code == 0
    assert "Aansluiting van de import" in out and "unknown_kind 2" in out
    assert len(pd.read_csv(rejects)) == 8
    code = run(["ingest", str(ex), "--spec", str(spec), "--case", str(case)])
    assert code == 0 and "al ingelezen" in capsys.readouterr().out
    with connect(case, read_only=True) as con:
        assert len(read_table(con, "imports")) == 2


def test_manifest_and_info(tmp_path, capsys):
    spec, ex, _ = _files(tmp_path)
    manifest = tmp_path / "m.yaml"
    manifest.write_text("case: Operatie Test\ncrime_type: cannabis\nextracts:\n"
                        "  - {file: messy.csv, spec: messy.yaml}\n", encoding="utf-8")
    case = tmp_path / "case.duckdb"
    assert run(["ingest", "--manifest", str(manifest), "--case", str(case)]) == 0
    capsys.readouterr()
    assert run(["info", str(case)]) == 0
    out = capsys.readouterr().out
    for text in ("Operatie Test", "cannabis", "6 knooppunten, 5 relaties", "Knooppunten per soort",
                 "Relaties per soort en partner", "Ingelezen bestanden", "Koppelpercentages",
                 "bestuurder van", "unparsable_date"):
        assert text in out, text
    assert "director_of" not in out  # relation kinds by their name, never the identifier
    assert run(["--lang", "en", "info", str(case)]) == 0
    out = capsys.readouterr().out
    for text in ("6 nodes, 5 relations", "Nodes by kind", "Relations by kind and partner",
                 "Imports", "Match rates", "director of"):
        assert text in out, text


def test_errors_print_one_line_and_exit_non_zero(tmp_path, capsys):
    spec, ex, _ = _files(tmp_path)
    Path(f"{ex}.netwerk.json").unlink()
    assert run(["ingest", str(ex), "--spec", str(spec), "--case", str(tmp_path / "c.duckdb")]) == 1
    err = capsys.readouterr().err
    assert "moet eerst gepseudonimiseerd worden" in err and "Traceback" not in err
    assert run(["ingest", "--case", str(tmp_path / "c.duckdb")]) == 1
    assert run(["ingest", str(ex), "--case", str(tmp_path / "c.duckdb")]) == 1
    assert "--spec is nodig bij EXTRACT" in capsys.readouterr().err
    assert run(["info", str(tmp_path / "missing.duckdb")]) == 1
    assert "casusopslag niet gevonden" in capsys.readouterr().err
    assert run(["ingest", "--help"]) == 0 and "--manifest" in capsys.readouterr().out


def test_leak_guard_refusal_and_override(tmp_path, capsys):
    spec = write_spec(tmp_path, MESSY_SPEC, "messy")
    rows = messy_rows()
    rows[0][0] = "111222333"  # a raw BSN where a pseudonym belongs
    ex = write_extract(tmp_path / "leaky.csv", MESSY_HEADER, rows, spec="messy", partner="politie")
    case = str(tmp_path / "case.duckdb")
    assert run(["ingest", str(ex), "--spec", str(spec), "--case", case]) == 1
    err = capsys.readouterr().err
    assert "er ruw uitzien" in err and "bsn_a" in err and "111222333" not in err
    assert run(["ingest", str(ex), "--spec", str(spec), "--case", case,
                "--override-leak-guard"]) == 0
    assert "lekcontrole terzijde geschoven" in capsys.readouterr().out
