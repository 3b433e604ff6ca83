"""``netwerk ingest`` with several extracts, its reconciliation at 80 columns, ``--version``.

Review 7, Q15 and Q12; session 8. Every extract of one ingest command is checked against its
sidecar before any is stored, so a cut copy as the second file stores nothing. The extracts of
one command are one transaction: when a later extract is still refused (another key, a leak),
nothing of the command is stored and the error, naming the refused file by its path as given
(two ``messy.csv`` in different folders differ), says so ("niets opgeslagen"). The
reconciliation reads at 80 columns (one block per file when the table does not fit).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))

from casekit import (  # noqa: E402
    MESSY_HEADER,
    MESSY_SPEC,
    OTHER_KEY,
    messy_rows,
    write_extract,
    write_spec,
)

from netwerk import __version__  # noqa: E402
from netwerk.cli import main  # noqa: E402
from netwerk.cli.main import run  # noqa: E402
from netwerk.store import connect, content_sha256, read_table  # noqa: E402


def _extract(folder: Path, *, key: bytes | None = None, rows: int | None = None) -> Path:
    """``folder/messy.csv`` with its sidecar (and the extract's SHA-256 in it); another key
    gives another file (the first rows only), so it is no re-import of the first; ``rows``
    keeps the first rows only (another file under the same key)."""
    folder.mkdir(parents=True, exist_ok=True)
    kw = {"key": key} if key else {}
    rows = messy_rows()[:5] if key else messy_rows()[:rows]
    path = write_extract(folder / "messy.csv", MESSY_HEADER, rows, spec="messy",
                         partner="politie", **kw)
    side = Path(f"{path}.netwerk.json")
    meta = json.loads(side.read_text(encoding="utf-8"))
    meta["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    side.write_text(json.dumps(meta), encoding="utf-8")
    return path


def _cut(path: Path) -> Path:
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join(lines[: len(lines) // 2]))
    return path


def _content(case: Path) -> str:
    with connect(case, read_only=True) as con:
        return content_sha256(con)


def _imports(case: Path) -> int:
    if not case.exists():
        return 0
    with connect(case, read_only=True) as con:
        return len(read_table(con, "imports"))


@pytest.fixture()
def spec(tmp_path) -> Path:
    return write_spec(tmp_path, MESSY_SPEC, "messy")


class TestAllOrSaidExactly:
    def test_a_cut_second_extract_stores_nothing(self, spec, tmp_path, capsys):
        a, b = _extract(tmp_path / "a"), _cut(_extract(tmp_path / "b"))
        case = tmp_path / "c.duckdb"
        assert run(["ingest", str(a), str(b), "--spec", str(spec), "--case", str(case)]) == 1
        captured = capsys.readouterr()
        assert captured.err.startswith(f"fout: {b}: dit extract is niet het bestand dat "
                                       "pseudonymise schreef")
        assert str(a) not in captured.err
        assert _imports(case) == 0 and captured.out == ""

    def test_in_a_manifest_too(self, spec, tmp_path, capsys):
        _extract(tmp_path / "a")
        _cut(_extract(tmp_path / "b"))
        man = tmp_path / "m.yaml"
        man.write_text("extracts:\n  - {file: a/messy.csv, spec: messy.yaml}\n"
                       "  - {file: b/messy.csv, spec: messy.yaml}\n", encoding="utf-8")
        case = tmp_path / "c.duckdb"
        assert run(["ingest", "--manifest", str(man), "--case", str(case)]) == 1
        assert "b/messy.csv: dit extract is niet" in capsys.readouterr().err
        assert _imports(case) == 0

    def test_a_later_refusal_stores_nothing_and_says_so(self, spec, tmp_path, capsys):
        """The extracts of one command are one transaction (session 8): a refusal of the second
        leaves the store's content as it was, the first included."""
        case = tmp_path / "c.duckdb"
        first = _extract(tmp_path / "0")
        assert run(["ingest", str(first), "--spec", str(spec), "--case", str(case)]) == 0
        before = _content(case)
        a, b = _extract(tmp_path / "a", rows=3), _extract(tmp_path / "b", key=OTHER_KEY)
        capsys.readouterr()
        assert run(["ingest", str(a), str(b), "--spec", str(spec), "--case", str(case)]) == 1
        captured = capsys.readouterr()
        assert captured.err.startswith(f"fout: {b}: ")
        assert captured.err.rstrip().endswith(
            "niets opgeslagen van deze 2 extracten: de casusopslag is zoals die was")
        assert "Aansluiting van de import" not in captured.out
        assert _content(case) == before and _imports(case) == 1

    def test_said_in_english(self, spec, tmp_path, capsys):
        a, b = _extract(tmp_path / "a"), _extract(tmp_path / "b", key=OTHER_KEY)
        case = tmp_path / "c.duckdb"
        assert run(["--lang", "en", "ingest", str(a), str(b), "--spec", str(spec), "--case",
                    str(case)]) == 1
        err = capsys.readouterr().err
        assert err.startswith(f"error: {b}: ")
        assert "nothing stored of these 2 extracts: the case store is as it was" in err
        assert _imports(case) == 0

    def test_the_extracts_after_the_refused_one_are_not_read(self, spec, tmp_path, capsys):
        a, b = _extract(tmp_path / "a"), _extract(tmp_path / "b", key=OTHER_KEY)
        c = _extract(tmp_path / "c", rows=3)
        case = tmp_path / "c.duckdb"
        assert run(["ingest", str(a), str(b), str(c), "--spec", str(spec), "--case",
                    str(case)]) == 1
        assert "niets opgeslagen van deze 3 extracten" in capsys.readouterr().err
        assert _imports(case) == 0

    def test_a_refused_manifest_stores_nothing(self, spec, tmp_path, capsys):
        case = tmp_path / "c.duckdb"
        _extract(tmp_path / "a")
        _extract(tmp_path / "b", key=OTHER_KEY)
        man = tmp_path / "m.yaml"
        man.write_text("case: zaak\nextracts:\n  - {file: a/messy.csv, spec: messy.yaml}\n"
                       "  - {file: b/messy.csv, spec: messy.yaml}\n", encoding="utf-8")
        assert run(["ingest", "--manifest", str(man), "--case", str(case)]) == 1
        assert "niets opgeslagen van deze 2 extracten" in capsys.readouterr().err
        assert _imports(case) == 0
        with connect(case, read_only=True) as con:  # not even the manifest's case name
            assert set(read_table(con, "case_info")["key"]) == {"schema_version"}

    def test_all_extracts_stored_when_all_pass(self, spec, tmp_path, capsys):
        a, b = _extract(tmp_path / "a"), _extract(tmp_path / "b", rows=3)
        case = tmp_path / "c.duckdb"
        assert run(["ingest", str(a), str(b), "--spec", str(spec), "--case", str(case)]) == 0
        assert _imports(case) == 2

    def test_identifiers_in_the_paths_are_masked(self, spec, tmp_path, capsys):
        a = _extract(tmp_path / "a")
        b = _cut(_extract(tmp_path / "levering_123456782"))
        assert run(["ingest", str(a), str(b), "--spec", str(spec), "--case",
                    str(tmp_path / "c.duckdb")]) == 1
        err = capsys.readouterr().err
        assert "levering_[bsn]/messy.csv" in err and "123456782" not in err


class TestReconciliationAt80Columns:
    @pytest.fixture()
    def width(self, monkeypatch):
        def set_width(n: int) -> None:
            monkeypatch.setattr(main.console, "_width", n)
        return set_width

    def test_blocks_that_are_never_cut(self, spec, tmp_path, capsys, width):
        width(80)
        a = _extract(tmp_path / "a")
        assert run(["ingest", str(a), "--spec", str(spec), "--case",
                    str(tmp_path / "c.duckdb")]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert "…" not in "\n".join(lines)
        block = lines[:3]
        assert block == ["Aansluiting van de import (gelezen = gebruikt + dubbel + afgewezen)",
                         "messy.csv (politie, ingelezen): 5 relaties, 6 nieuwe knooppunten",
                         "  gelezen 14 = gebruikt 4 + dubbel 2 + afgewezen 8: sluit ja"]

    def test_the_table_when_it_fits(self, spec, tmp_path, capsys, width):
        width(200)
        a = _extract(tmp_path / "a")
        assert run(["ingest", str(a), "--spec", str(spec), "--case",
                    str(tmp_path / "c.duckdb")]) == 0
        out = capsys.readouterr().out
        assert "nieuwe knooppunten" in out and "┃" in out and "…" not in out


class TestVersion:
    def test_version(self, capsys):
        assert run(["--version"]) == 0
        assert capsys.readouterr().out == f"netwerk {__version__}\n"

    def test_in_the_help_in_both_languages(self, capsys):
        assert run(["--help"]) == 0
        assert "--version" in capsys.readouterr().out
        assert run(["--lang", "en", "--help"]) == 0
        out = capsys.readouterr().out
        assert "Show netwerk's version and exit." in out
