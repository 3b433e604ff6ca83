"""build_case / build_selection on real case stores written from the hand-made network."""

from __future__ import annotations

import pytest
from report_cases import make_net, write_store

from netwerk.errors import InputError
from netwerk.i18n import using
from netwerk.report import build_case, build_selection, write_selection

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    d = tmp_path_factory.mktemp("cases")
    ok = write_store(d / "noord.duckdb", make_net())
    no_crime = write_store(d / "zonder-type.duckdb", make_net(crime_type=None))
    unknown = write_store(d / "fraude.duckdb", make_net(crime_type="fraud"))
    junk = d / "kapot.duckdb"
    junk.write_bytes(b"this is not a duckdb file\n" * 10)
    return {"ok": ok, "no_crime": no_crime, "unknown": unknown, "junk": str(junk),
            "missing": str(d / "weg.duckdb"), "folder": str(d)}


ORDER = ("junk", "no_crime", "ok", "unknown", "missing")


@pytest.fixture(scope="module")
def selection(stores):
    return build_selection([stores[k] for k in ORDER], seed=0)


def test_build_case_store(stores, selection):
    rep = build_case(stores["ok"], seed=0)
    same = selection.ranked[0]
    assert same.name == "noord" and same.score == rep.score
    assert [c.score for c in same.criteria] == [c.score for c in rep.criteria]
    assert rep.status == "ok" and rep.name == "noord"
    assert rep.crime_type == "cannabis" and rep.model_name == "cannabis"
    assert 0 < rep.score <= 100
    assert [c.name for c in rep.criteria][0] == "severity"
    assert rep.vital is not None and list(rep.vital.columns) == [
        "rank", "alias", "label", "kind", "role", "stage", "vital_score", "rank_interval",
        "certainty", "p_top_k", "reason"]  # with the rank interval and mark (issue 13)
    assert rep.vital["rank"].tolist() == sorted(rep.vital["rank"].tolist())
    assert rep.matrix is not None and "stage_label" in rep.matrix.columns
    assert rep.actions is not None and len(rep.actions) >= 1
    assert rep.provenance["key_fingerprints"] == ["0123456789abcdef"]
    assert rep.provenance["files"][0]["name"] == "noord.duckdb"


def test_build_case_raises_for_broken_case(stores):
    with pytest.raises(InputError, match="de casus heeft geen delicttype; leg het delicttype vast met `netwerk case init zonder-type.duckdb --crime-type SOORT`"):
        build_case(stores["no_crime"])
    with using("en"), pytest.raises(InputError, match="the case has no crime type"):
        build_case(stores["no_crime"])


def test_broken_cases_reported_not_fatal(selection):
    names = [c.name for c in selection.cases]
    assert names[0] == "noord" and selection.ranked[0].rank == 1  # ranked first, errors after
    assert names[1:] == ["fraude", "kapot", "weg", "zonder-type"]  # errors by name
    assert all(c.rank is None for c in selection.errors)
    errors = {c.name: c.error for c in selection.errors}
    assert set(errors) == {"kapot", "zonder-type", "fraude", "weg"}
    assert "geen delicttype; leg het delicttype vast met `netwerk case init" in errors["zonder-type"]
    assert "fraud" in errors["fraude"]
    assert "casus niet gevonden" in errors["weg"]
    assert errors["kapot"]
    for msg in errors.values():  # no absolute paths in messages
        assert "/" not in msg.replace("n/a", "")


def test_selection_written_with_error_rows(selection, tmp_path):
    write_selection(selection, tmp_path, pdf=False)
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    for name in ("kapot", "zonder-type", "fraude", "weg"):
        assert f"<td>{name}</td>" in html
    csv = (tmp_path / "ranking.csv").read_text(encoding="utf-8")
    assert "\n1,noord,ok," in csv and "\n,kapot,error," in csv


def test_rerun_identical(stores, selection, tmp_path):
    write_selection(selection, tmp_path / "a", pdf=False)
    write_selection(build_selection([stores[k] for k in ORDER], seed=0), tmp_path / "b", pdf=False)
    for name in ("ranking.csv", "report.html"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_folder_without_manifest_is_error_row(stores):
    sel = build_selection([stores["folder"]])
    assert sel.cases[0].status == "error" and "manifest.yaml" in sel.cases[0].error
