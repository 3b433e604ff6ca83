"""An operating-system (or DuckDB I/O) error is one line in the user's language that names the
user's path and the option it came from, never Python's ``[Errno 17] File exists: 'x'``.

Issue 9: "a DuckDB or Python message never reaches the user raw"; review 7, Q11. One test per
command that writes (report, analyse, pseudonymise --manifest, map, screen, plan, ingest), in
Dutch and in English, and the translation itself (:mod:`netwerk.cli.files`) for the kinds a
command cannot easily be made to meet (a full disk, a read-only disk, netwerk's temporary names,
DuckDB's wording, another library's ``ValueError``).
"""

from __future__ import annotations

import errno
import sys
from pathlib import Path

import pytest

from netwerk.cli.files import duckdb_os_error, os_message
from netwerk.cli.main import _os_message, run
from netwerk.i18n import using

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_plan_cli import _store  # noqa: E402  (a small hand-made training case)

#: words of Python's or DuckDB's own messages that must never reach the user
RAW = ("Errno", "File exists", "Not a directory", "No such file", "IOException", "IO Error",
       "Traceback", "Permission denied")


@pytest.fixture(scope="module")
def case(tmp_path_factory) -> Path:
    return _store(tmp_path_factory.mktemp("oscase") / "hennep-test.duckdb")


@pytest.fixture()
def a_file(tmp_path) -> Path:
    f = tmp_path / "README"
    f.write_text("een bestand, geen map\n", encoding="utf-8")
    return f


def _err(capsys) -> str:
    err = capsys.readouterr().err
    for word in RAW:
        assert word not in err, (word, err)
    assert len(err.strip().splitlines()) == 1, err
    return err.strip()


class TestEveryCommandThatWrites:
    """The review's seven command lines, each with a file where a folder is needed."""

    def test_report_out_is_a_file(self, case, a_file, capsys):
        assert run(["report", str(case), "--out", str(a_file), "--no-pdf"]) == 1
        assert _err(capsys) == f"fout: --out: {a_file} is een bestand, geen map"

    def test_analyse_out_is_a_file(self, case, a_file, capsys):
        assert run(["analyse", str(case), "-o", str(a_file)]) == 1
        assert _err(capsys) == f"fout: --out: {a_file} is een bestand, geen map"

    def test_plan_out_inside_a_file(self, case, a_file, capsys):
        assert run(["plan", str(case), "-o", str(a_file / "x")]) == 1
        assert _err(capsys) == (f"fout: --out: {a_file} is een bestand, geen map "
                                f"(in {a_file / 'x'})")

    def test_map_out_inside_a_file(self, case, a_file, capsys):
        assert run(["map", str(case), "-o", str(a_file / "x.html")]) == 1
        assert _err(capsys) == f"fout: --out: {a_file} is een bestand, geen map"

    def test_pseudonymise_manifest_out_is_a_file(self, sample_data, a_file, tmp_path, capsys,
                                                 demo_key):
        key = tmp_path / "k.key"
        key.write_bytes(demo_key)
        assert run(["pseudonymise", "--manifest", str(sample_data / "hennep-oost" /
                                                      "manifest.yaml"),
                    "--key-file", str(key), "--out", str(a_file)]) == 1
        assert _err(capsys) == f"fout: --out: {a_file} is een bestand, geen map"

    def test_screen_out_is_a_file(self, a_file, tmp_path, capsys):
        (tmp_path / "in").mkdir()
        assert run(["screen", str(tmp_path / "in"), "-o", str(a_file)]) == 1
        assert _err(capsys) == f"fout: --out: {a_file} is een bestand, geen map"

    def test_ingest_case_inside_a_file(self, a_file, tmp_path, capsys):
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
        from casekit import MESSY_HEADER, MESSY_SPEC, messy_rows, write_extract, write_spec

        spec = write_spec(tmp_path, MESSY_SPEC, "messy")
        ex = write_extract(tmp_path / "messy.csv", MESSY_HEADER, messy_rows(), spec="messy",
                           partner="politie")
        assert run(["ingest", str(ex), "--spec", str(spec), "--case",
                    str(a_file / "c.duckdb")]) == 1
        err = _err(capsys)
        assert f"{a_file} is een bestand, geen map (in {a_file / 'c.duckdb'})" in err

    def test_in_english(self, case, a_file, capsys):
        assert run(["--lang", "en", "plan", str(case), f"--out={a_file / 'x'}"]) == 1
        assert _err(capsys) == (f"error: --out: {a_file} is a file, not a folder "
                                f"(in {a_file / 'x'})")


class TestTheTranslation:
    """:func:`netwerk.cli.files.os_message` and ``cli.main._os_message``, the one place."""

    @pytest.mark.parametrize(("exc", "nl", "en"), [
        (OSError(errno.ENOSPC, "No space left on device", "k.html"), "de schijf is vol: k.html",
         "the disk is full: k.html"),
        (OSError(errno.EROFS, "Read-only file system", "k.html"), "alleen-lezen schijf: k.html",
         "read-only disk: k.html"),
        (OSError(errno.ENAMETOOLONG, "File name too long", "k.html"),
         "de naam is te lang: k.html", "the name is too long: k.html"),
        (PermissionError(13, "Permission denied", "k.html"), "geen toegang tot: k.html",
         "no access to: k.html"),
        (OSError(errno.EIO, "Input/output error", "k.html"),
         "k.html: het bestand kan niet worden gelezen (OSError)",
         "k.html: the file cannot be read (OSError)"),
    ])
    def test_kinds_in_both_languages(self, exc, nl, en):
        assert os_message(exc) == nl
        with using("en"):
            assert os_message(exc) == en

    def test_netwerks_temporary_names_are_the_users_file(self):
        for tmp in ("uit/.p.csv.part", "uit/.p.csv.k3j_x9.tmp"):
            said = os_message(IsADirectoryError(21, "Is a directory", tmp),
                              args=["--out", "uit/p.csv"])
            assert said == "--out: dit is een map, geen bestand: uit/p.csv"

    def test_the_option_by_its_long_name(self):
        said = os_message(FileExistsError(17, "File exists", "r"), args=["-o", "r/x.html"],
                          names={"-o": "--out"})
        assert said == "--out: r is een bestand, geen map"
        assert os_message(FileExistsError(17, "File exists", "r"), args=["zaak"]) == \
            "r is een bestand, geen map"

    def test_duckdbs_wording_is_read_back(self):
        e = duckdb_os_error(RuntimeError('IO Error: Cannot open file "/x/c.duckdb": '
                                         'No such file or directory'))
        assert isinstance(e, FileNotFoundError) and e.filename == "/x/c.duckdb"
        assert duckdb_os_error(RuntimeError("Binder Error: no such column")) is None

    def test_another_librarys_value_error_is_never_shown(self):
        import pandas as pd

        try:
            pd.DataFrame({"a": [1.0]}).merge(pd.DataFrame({"a": ["x"]}), on="a")
        except ValueError as exc:
            said = _os_message(exc)
        assert said.startswith("onverwachte interne fout") and "merge" not in said

    def test_netwerks_own_value_error_keeps_its_text(self):
        from netwerk.screen.indicators import _in  # raises a translated ValueError

        try:
            _in(["drop table"])
        except ValueError as exc:
            said = _os_message(exc)
        assert said == "geen geldige naam: 'drop table'"

    def test_a_duckdb_io_error_through_the_command_line(self, monkeypatch, tmp_path, capsys):
        import duckdb

        import netwerk.store.load as load

        def refuse(case, **kw):
            raise duckdb.IOException(f'IO Error: Cannot open file "{tmp_path}/c.duckdb": '
                                     'Permission denied')

        monkeypatch.setattr(load, "case_summary", refuse)
        assert run(["info", str(tmp_path / "c.duckdb")]) == 1
        assert _err(capsys) == f"fout: geen toegang tot: {tmp_path}/c.duckdb"
