"""Class: the command line as a newcomer meets it (the items in netwerk's own hands here):
``--debug`` after the subcommand, Rich markup in names printed literally, a DuckDB message never
reaching the user raw. Members covered: --debug before/after, markup in a file name, a file that
is not a case store, a locked case store message."""

from __future__ import annotations

import duckdb
import pytest

from netwerk.cli.main import run
from netwerk.i18n import using
from netwerk.store.casestore import connect, store_error_message


def test_debug_after_the_subcommand_is_accepted(capsys):
    assert run(["ingest", "--help", "--debug"]) == 0


def test_markup_in_names_is_printed_literally(tmp_path, capsys):
    missing = tmp_path / "[bold]zaak[/bold].duckdb"
    code = run(["analyse", str(missing), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code != 0 and "[bold]zaak[/bold]" in err


def test_not_a_case_store_is_said_in_words(tmp_path):
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"this is no database" * 100)
    with pytest.raises(Exception) as e, connect(junk, read_only=True):
        pass
    assert "geen casusopslag van netwerk" in str(e.value) and "DuckDB" not in str(e.value).split(
        "(")[0]
    with using("en"), pytest.raises(Exception) as e, connect(junk, read_only=True):
        pass
    assert "not a netwerk case store" in str(e.value)


def test_lock_message_is_said_in_words():
    msg = store_error_message(duckdb.IOException('Could not set lock on file "/x/zaak.duckdb"'))
    assert msg.startswith("een ander netwerk-proces gebruikt deze casus")
    with using("en"):
        msg = store_error_message(duckdb.IOException('Could not set lock on file "/x/zaak.duckdb"'))
    assert msg.startswith("another netwerk process is using this case")
