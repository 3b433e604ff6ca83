"""Progress report: executed interventions, before/after, contributions, what is left."""

from __future__ import annotations

import pandas as pd
import pytest
from report_cases import make_net, write_store

from netwerk.errors import InputError, LeakError
from netwerk.interventions.progress import log_intervention
from netwerk.report import build_progress, write_progress
from netwerk.report.progress import render_progress_html


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    p = write_store(tmp_path_factory.mktemp("prog") / "noord.duckdb", make_net())
    log_intervention(p, "aanhouding", "p1", "politie", "2026-03-01", "executed", result="aangehouden")
    log_intervention(p, "brp_adresonderzoek", "p2", "gemeente", "2026-02-01", "executed",
                     result="<script>alert(1)</script>")
    log_intervention(p, "kvk_ambtshalve_ontbinding", "c4", "KvK", "2026-04-01", "planned")
    log_intervention(p, "vervolging", "p1", "OM", "2026-05-01", "in_progress")
    log_intervention(p, "sluiting_13b", "a1", "gemeente", "2026-04-15", "cancelled",
                     notes="pand al leeg bij controle")
    return p


@pytest.fixture(scope="module")
def report(case):
    return build_progress(case)


def test_progress_contents(report):
    ex = report.executed
    # execution order is by date: gemeente (February) before politie (March)
    assert ex["partner"].tolist() == ["gemeente", "politie"]
    assert ex["action"].iloc[1].startswith("Aanhouding")
    assert ex["cumulative_effect"].iloc[-1] == pytest.approx(ex["marginal_effect"].sum())
    m = report.measures
    assert m.loc["disruption", "before"] == pytest.approx(0.0)
    assert m.loc["disruption", "after"] == pytest.approx(ex["cumulative_effect"].iloc[-1])
    assert m.loc["lcc_size", "after"] < m.loc["lcc_size", "before"]
    c = report.contributions
    assert set(c.index) == {"gemeente", "politie"}
    assert c["marginal_effect"].sum() == pytest.approx(m.loc["disruption", "after"])
    # p1 was the sole financing provider: the arrest broke that stage
    assert "financing" in report.stages_broken
    assert report.providers.loc["financing", "after"] == 0
    assert sorted(report.open_actions["action_id"]) == ["kvk_ambtshalve_ontbinding", "vervolging"]


def test_write_progress(report, tmp_path):
    res = write_progress(report, tmp_path)
    assert sorted(p.name for p in res.files) == ["progress.csv", "progress.html",
                                                "progress_partners.csv", "provenance.json",
                                                "timeline.csv"]
    html = (tmp_path / "progress.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "default-src 'none'" in html and "http://" not in html and "https://" not in html
    # the broken stage by its Dutch label, never by its id
    assert "Financiering" in html and "financing" not in html
    csv = pd.read_csv(tmp_path / "progress.csv", dtype=str)
    assert csv["partner"].tolist() == ["gemeente", "politie"]
    assert render_progress_html(report) == render_progress_html(report)


def test_progress_refuses_raw_identifier_in_log(tmp_path):
    import duckdb

    p = write_store(tmp_path / "lek.duckdb", make_net())
    with pytest.raises(LeakError):  # refused when it is entered ...
        log_intervention(p, "aanhouding", "p1", "politie", "2026-03-01", "executed",
                         result="verdachte BSN 111222333 aangehouden")
    log_intervention(p, "aanhouding", "p1", "politie", "2026-03-01", "executed",
                     result="verdachte aangehouden")
    with duckdb.connect(str(p)) as con:  # ... and a log written before that check is not shown
        con.execute("UPDATE interventions SET result = 'verdachte BSN 111222333 aangehouden'")
    with pytest.raises(LeakError):
        build_progress(p)


def test_progress_needs_a_store(tmp_path):
    (tmp_path / "politie.csv").write_text("x\n", encoding="utf-8")
    (tmp_path / "manifest.yaml").write_text(
        "case: c\nextracts:\n  - {file: politie.csv, spec: politie}\n", encoding="utf-8")
    with pytest.raises(InputError, match="vraagt een casusopslag"):
        build_progress(tmp_path)


def test_progress_story(report):
    tl = report.timeline
    assert list(tl.columns) == ["datum", "status", "partner", "actie", "doel", "toelichting"]
    assert list(tl["datum"]) == sorted(tl["datum"])  # by date
    assert set(tl["status"]) == {"uitgevoerd", "gepland", "bezig", "geannuleerd"}
    cancelled = tl[tl["status"] == "geannuleerd"].iloc[0]
    assert cancelled["toelichting"] == "pand al leeg bij controle"
    story = " ".join(report.narrative)
    assert story.startswith("In noord voerden ")
    assert "2 acties uit tussen 2026-02-01 en 2026-03-01" in story
    assert "'Financiering'" in story and "is geannuleerd: pand al leeg bij controle" in story
    assert "Shapley" in story and "2 acties staan nog open." in story
    assert "1 acties" not in story and "1 partners" not in story
    # before/after pictures: the arrested p1 is not in the after picture
    assert report.before_svg.startswith("<svg") and report.after_svg.startswith("<svg")
    assert report.after_svg.count("<circle") < report.before_svg.count("<circle")


def test_progress_in_english(case):
    from netwerk.i18n import using

    with using("en"):
        rep = build_progress(case)
        html = render_progress_html(rep)
    assert "The story" in html and "Timeline" in html and "Het verhaal" not in html
    assert rep.narrative[0].startswith("In noord, ") and "together carried out 2 actions" in rep.narrative[0]


def test_rollup(report, tmp_path):
    from netwerk.report import build_rollup, write_rollup

    roll = build_rollup([report, report])
    assert len(roll.cases) == 2 and roll.cases["uitgevoerd"].tolist() == [2, 2]
    assert roll.narrative[0] == "In 2 casussen voerden 2 partners samen 4 acties uit."
    res = write_rollup([report], tmp_path)
    names = {p.relative_to(tmp_path).as_posix() for p in res.files}
    assert {"rollup.html", "rollup_cases.csv", "noord/progress.html"} <= names
    html = (tmp_path / "rollup.html").read_text(encoding="utf-8")
    assert "Regionaal overzicht" in html and 'href="noord/progress.html"' in html


def test_action_and_partner_names_in_english(case):
    """Under --lang en the progress report names actions and partners as the English map does."""
    from netwerk.i18n import using

    with using("en"):
        rep = build_progress(case)
    assert rep.open_actions["action"].str.len().gt(0).all()
    assert any(a.startswith("Arrest") for a in rep.timeline.iloc[:, 3])
    assert not any(a.startswith("Aanhouding") for a in rep.timeline.iloc[:, 3])
    assert "Police" in set(rep.timeline.iloc[:, 2])
