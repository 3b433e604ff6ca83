"""Every entry point goes through the case workflow's lawful-use gate: :func:`netwerk.open_case`
runs :func:`netwerk.governance.check_lawful` as the CLI's ``govern`` does (no record, no purpose,
retention ended, closed case), before anything is read; the report and progress builders and the
notebooks' path (sample cases are training cases) go through it too."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

import netwerk as nw
from netwerk.datasets import sample_case
from netwerk.errors import Reason
from netwerk.governance import close_case, init_case, read_case_record
from netwerk.governance.record import LawfulUseError
from netwerk.report import build_selection


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return sample_case("hennep-oost", tmp_path_factory.mktemp("lawful"))


def _copy(sample, tmp_path, name="c.duckdb"):
    path = tmp_path / name
    shutil.copyfile(sample, path)
    return path


def test_training_case_opens_with_its_record(sample):
    case = nw.open_case(sample)
    assert case.record is not None and case.record.training
    assert case.record == read_case_record(sample)


def test_store_without_record_is_refused(tmp_path):
    from netwerk.store import connect

    path = tmp_path / "leeg.duckdb"
    with connect(path):
        pass
    with pytest.raises(LawfulUseError) as err:
        nw.open_case(path)
    assert err.value.reason == Reason.NO_LAWFUL_BASIS
    # the report builder opens stores through open_case: refused the same way, never reported
    sel = build_selection([path], seed=0, stability=0)
    assert [c.status for c in sel.cases] != ["ok"]


def test_no_purpose_is_refused(tmp_path):
    from netwerk.store import connect

    path = tmp_path / "zonder-doel.duckdb"
    with connect(path):
        pass
    init_case(path, legal_basis="WGS, taak samenwerkingsverband", retention_until="2099-01-01",
              analyst="t")
    with pytest.raises(LawfulUseError, match="purpose"):
        nw.open_case(path)


def test_retention_and_closed(sample, tmp_path):
    path = _copy(sample, tmp_path)
    init_case(path, purpose="Verstoren hennepketen (RIEC-taak)", legal_basis="WGS",
              retention_until="2030-01-01", analyst="t")
    assert nw.open_case(path, today=dt.date(2029, 12, 31)).record.purpose
    with pytest.raises(LawfulUseError) as err:
        nw.open_case(path, today=dt.date(2030, 1, 2))
    assert err.value.reason == Reason.RETENTION_EXPIRED
    close_case(path, analyst="t")
    with pytest.raises(LawfulUseError) as err:
        nw.open_case(path, today=dt.date(2029, 1, 1))
    assert err.value.reason == Reason.CASE_CLOSED
    # reading back a closed case's progress is allowed, as `netwerk progress` does
    assert nw.open_case(path, allow_closed=True, today=dt.date(2029, 1, 1)).record.status == \
        "closed"
