"""Purge removes the store and every recorded output and leaves a tombstone."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest

from netwerk.cli.main import run
from netwerk.governance import (
    init_case,
    log_output,
    purge_case,
    read_access_log,
    tombstone_path,
)
from netwerk.governance.record import LawfulUseError
from netwerk.i18n import using
from netwerk.provenance import file_sha256


def _case_with_outputs(tmp_path, retention="2030-01-01"):
    case = tmp_path / "zaak.duckdb"
    init_case(case, purpose="p", legal_basis="WGS", retention_until=retention, analyst="t")
    outdir = tmp_path / "out" / "plan"
    outdir.mkdir(parents=True)
    files = []
    for name in ("plan.csv", "plan.md", "kaart.html"):
        f = outdir / name
        f.write_text(f"{name}\n", encoding="utf-8")
        log_output(case, f, command="netwerk plan", edition="casusoverleg", analyst="t")
        files.append(f)
    return case, files


def test_purge_after_retention_removes_store_and_outputs(tmp_path):
    case, files = _case_with_outputs(tmp_path)
    hashes = {str(f.resolve()): file_sha256(f) for f in files}
    n_log = len(read_access_log(case))
    t = purge_case(case, today=dt.date(2030, 1, 2), analyst="t")
    assert not case.exists()
    assert not any(f.exists() for f in files)
    assert not (tmp_path / "out" / "plan").exists()  # emptied folders go too
    doc = json.loads(t.path.read_text("utf-8"))
    assert t.path == tombstone_path(case)
    assert doc["reason"] == "retention ended"
    assert doc["outputs"] == {"recorded": 3, "deleted": 3, "not_deleted": 0}
    assert {d["path"]: d["sha256"] for d in doc["deleted"]} == hashes
    assert doc["counts"]["access_log"] == n_log
    assert doc["store"]["sha256"] and doc["access_log_head"]
    assert doc["record"]["legal_basis"] == "WGS"


def test_purge_before_retention_needs_on_demand(tmp_path):
    case, _ = _case_with_outputs(tmp_path, retention="2099-01-01")
    with pytest.raises(LawfulUseError, match="de bewaartermijn loopt tot 2099-01-01"):
        purge_case(case)
    with using("en"), pytest.raises(LawfulUseError, match="retention runs until 2099-01-01"):
        purge_case(case)
    assert case.exists()
    t = purge_case(case, on_demand=True, analyst="t")
    assert not case.exists()
    assert "on demand" in json.loads(t.path.read_text("utf-8"))["reason"]


def test_purge_says_what_it_could_not_delete(tmp_path):
    case, files = _case_with_outputs(tmp_path)
    moved = files[0]
    shutil.move(moved, tmp_path / "elsewhere.csv")
    files[1].write_text("changed by hand\n", encoding="utf-8")
    t = purge_case(case, on_demand=True, analyst="t")
    assert [d["path"] for d in t.not_deleted] == [str(moved.resolve())]
    assert "not found" in t.not_deleted[0]["reason"]
    changed = [d for d in t.deleted if d["path"] == str(files[1].resolve())]
    assert changed[0]["status"] == "deleted (changed since written)"


def test_cli_purge_asks_and_yes_skips(tmp_path, capsys):
    case, files = _case_with_outputs(tmp_path, retention="2099-01-01")
    import contextvars

    from typer.testing import CliRunner

    from netwerk.cli.commands import __name__ as _  # noqa: F401  registers the commands
    from netwerk.cli.main import app

    # in a context of its own, as netwerk.cli.main.run does: the --lang the command sets must not
    # stay behind in the test process (it would hide NETWERK_LANG from later tests)
    res = contextvars.copy_context().run(CliRunner().invoke, app, ["purge", str(case)],
                                         input="n\n")
    assert res.exit_code == 1 and case.exists() and "niets verwijderd" in res.output
    assert "bewaartermijn is nog niet verstreken" in res.output
    assert run(["purge", str(case), "--yes"]) == 0
    out = capsys.readouterr().out
    assert not case.exists() and "verklaring van vernietiging" in out
    assert tombstone_path(case).exists()
