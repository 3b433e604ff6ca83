"""The access log is append-only and tamper-evident; the recipient register answers who got what."""

from __future__ import annotations

import duckdb
import pytest

from netwerk.errors import StoreError
from netwerk.governance import (
    init_case,
    log_access,
    log_output,
    read_access_log,
    recipient_register,
    recorded_outputs,
    verify_access_log,
)
from netwerk.provenance import file_sha256


@pytest.fixture()
def case(tmp_path):
    c = tmp_path / "c.duckdb"
    init_case(c, training=True, analyst="t")
    return c


def test_entries_with_who_when_what_edition_recipient_hash(case, tmp_path, monkeypatch):
    monkeypatch.setenv("NETWERK_ANALYST", "a.analist")
    out = tmp_path / "kaart.html"
    out.write_text("<html></html>", encoding="utf-8")
    log_access(case, "read", command="netwerk map")
    log_output(case, out, command="netwerk map", edition="partner:gemeente")
    log = read_access_log(case)
    last = log.iloc[-1]
    assert last["analyst"] == "a.analist" and last["action"] == "write"
    assert last["edition"] == "partner:gemeente" and last["recipient"] == "gemeente"
    assert last["sha256"] == file_sha256(out)
    assert last["path"] == str(out.resolve())
    assert log["logged_at"].notna().all()
    reg = recipient_register(case)
    assert reg[["recipient", "what"]].values.tolist() == [["gemeente", "kaart.html"]]
    assert recorded_outputs(case)["path"].tolist() == [str(out.resolve())]


def test_changed_or_removed_entries_are_detected(case):
    for i in range(4):
        log_access(case, "read", command=f"netwerk x{i}", analyst="t")
    assert verify_access_log(case) == []
    con = duckdb.connect(str(case))
    con.execute("UPDATE access_log SET analyst = 'iemand anders' WHERE entry_id = 2")
    con.close()
    assert any("entry 2" in p and "changed" in p for p in verify_access_log(case))
    con = duckdb.connect(str(case))
    con.execute("UPDATE access_log SET analyst = 't' WHERE entry_id = 2")
    con.execute("DELETE FROM access_log WHERE entry_id = 3")
    con.close()
    problems = verify_access_log(case)
    assert any("entry 4" in p for p in problems)


def test_unknown_action(case):
    with pytest.raises(StoreError):
        log_access(case, "delete")


def test_the_library_has_no_way_to_change_the_log():
    import netwerk.governance.access as acc

    names = [n for n in dir(acc) if any(w in n.lower() for w in ("update", "delete", "remove",
                                                                 "clear", "truncate"))]
    assert names == []
