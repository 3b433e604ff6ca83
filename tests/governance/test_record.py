"""The case record and the lawful-use gate (check_lawful)."""

from __future__ import annotations

import datetime as dt

import pytest

from netwerk.errors import Reason, StoreError
from netwerk.governance import (
    check_lawful,
    close_case,
    init_case,
    is_lawful,
    read_case_record,
)
from netwerk.governance.record import LawfulUseError
from netwerk.i18n import using


def _full(case, **kw):
    args = dict(purpose="Verstoren hennepketen Oost (RIEC-taak)", public_interest="ondermijning",
                legal_basis="WGS, taak samenwerkingsverband", retention_until="2099-01-01",
                partners=["gemeente", "politie"], partner_grounds={"politie": "art. 20 Wpg"},
                start_by="RIEC-analist", start_on="2026-01-10", start_reason="signaal gemeente",
                analyst="tester")
    args.update(kw)
    return init_case(case, **args)


def test_case_without_record_is_refused(tmp_path):
    from netwerk.store import connect

    case = tmp_path / "c.duckdb"
    with connect(case):
        pass
    with pytest.raises(LawfulUseError) as err:
        check_lawful(case)
    assert err.value.reason == Reason.NO_LAWFUL_BASIS
    assert "netwerk case init" in str(err.value)


@pytest.mark.parametrize("missing", ["purpose", "legal_basis"])
def test_case_without_purpose_or_legal_basis_is_refused(tmp_path, missing):
    case = tmp_path / "c.duckdb"
    _full(case, **{missing: ""})
    with pytest.raises(LawfulUseError) as err:
        check_lawful(case)
    assert err.value.reason == Reason.NO_LAWFUL_BASIS
    word = {"purpose": "verwerkingsdoel", "legal_basis": "grondslag"}[missing]
    assert f"geen {word} vastgelegd" in str(err.value)
    with using("en"), pytest.raises(LawfulUseError) as err:
        check_lawful(case)
    assert f"no {missing.replace('_', ' ')} recorded" in str(err.value)


def test_training_case_runs_without_legal_basis(tmp_path):
    case = tmp_path / "c.duckdb"
    rec = init_case(case, training=True, analyst="t")
    assert check_lawful(case).training
    assert rec.classification == "Oefening"
    assert rec.retention_until is not None  # a training store does not live forever either


def test_complete_record_round_trips(tmp_path):
    case = tmp_path / "c.duckdb"
    rec = _full(case)
    back = read_case_record(case)
    assert back == rec
    assert back.partner_grounds == {"politie": "art. 20 Wpg"}
    assert back.partners == ("gemeente", "politie")
    assert back.start_on == dt.date(2026, 1, 10)
    assert check_lawful(case).version == 1


def test_update_keeps_earlier_fields_and_versions(tmp_path):
    case = tmp_path / "c.duckdb"
    _full(case)
    rec = init_case(case, retention_until="2098-01-01", analyst="t")
    assert rec.version == 2 and rec.purpose.startswith("Verstoren")
    assert rec.retention_until == dt.date(2098, 1, 1)


def test_retention_required_for_real_case(tmp_path):
    with pytest.raises(LawfulUseError, match="heeft een bewaartermijn nodig"):
        _full(tmp_path / "c.duckdb", retention_until=None)


def test_retention_expired_and_closed_are_refused(tmp_path):
    case = tmp_path / "c.duckdb"
    _full(case, retention_until="2030-01-01")
    with pytest.raises(LawfulUseError) as err:
        check_lawful(case, today=dt.date(2030, 1, 2))
    assert err.value.reason == Reason.RETENTION_EXPIRED
    close_case(case, analyst="t")
    with pytest.raises(LawfulUseError) as err:
        check_lawful(case, today=dt.date(2029, 1, 1))
    assert err.value.reason == Reason.CASE_CLOSED
    assert check_lawful(case, today=dt.date(2029, 1, 1), allow_closed=True).status == "closed"
    # reopening (init) makes it open again
    assert init_case(case, analyst="t").status == "open"
    assert is_lawful(case, today=dt.date(2029, 1, 1))


@pytest.mark.parametrize("bad", [
    {"classification": "Topgeheim"},
    {"retention_until": "31-12-2030"},
    {"start_on": "2031-01-01", "retention_until": "2030-01-01"},
    {"partner_grounds": {"bank": "art. x"}},
])
def test_invalid_records_are_refused(tmp_path, bad):
    with pytest.raises(LawfulUseError):
        _full(tmp_path / "c.duckdb", **bad)


def test_missing_store(tmp_path):
    with pytest.raises(StoreError):
        check_lawful(tmp_path / "none.duckdb")


def test_sample_cases_are_training(sample_cases):
    for case in sample_cases.values():
        rec = check_lawful(case)
        assert rec.training and rec.classification == "Oefening"
