"""The reports show how sure the ranking is, the case timeline and the grading policy (issue 13).

Case selection (casusoverleg): per vital actor its rank interval and *zeker/onzeker* mark, equal to
:meth:`netwerk.case.Case.stability` on the same case and seed, with the explanation; the timeline as
SVG, table and Excel sheet. Stuurgroep: only case-level counts, no pseudonym. Every report and
provenance record states the grading policy and the parameters.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from report_cases import make_net, write_store

import netwerk as nw
from netwerk.analysis.grading import grading_policy
from netwerk.datasets import sample_case
from netwerk.interventions.progress import log_intervention
from netwerk.report import build_progress, build_selection, write_progress, write_selection

REPS = 30
POLICY = "Gradering: " + grading_policy()["description_nl"] + "."


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    root = tmp_path_factory.mktemp("stab-report")
    stores = [sample_case(n, root) for n in ("hennep-oost", "vastgoed-west")]
    sel = build_selection(stores, seed=0, stability=REPS)
    full = write_selection(sel, root / "casusoverleg", pdf=False)
    sg = write_selection(sel, root / "stuurgroep", pdf=False, edition="stuurgroep")
    return sel, stores, root, full, sg


def test_vital_table_carries_interval_and_mark(made):
    sel, stores, _, _, _ = made
    for c, store in zip(sorted(sel.ranked, key=lambda c: c.name), sorted(stores), strict=True):
        ref = nw.open_case(store).stability(replicates=REPS, seed=0)
        assert ref.replicates == REPS and c.stability.replicates == REPS
        v = c.vital
        assert list(v.columns[:2]) == ["rank", "alias"]
        assert list(v.columns[-4:]) == ["rank_interval", "certainty", "p_top_k", "reason"]
        for nid, row in v.iterrows():
            r = ref.table.loc[nid]
            assert row["rank"] == r["rank"]
            assert row["rank_interval"] == f"{int(r['rank_lo'])}–{int(r['rank_hi'])}"
            assert row["certainty"] == (r["certainty"] if r["certainty"] == "onzeker"
                                        or r["p_top_k"] >= 0.5 else "zeker buiten top 10")
            assert row["p_top_k"] == pytest.approx(r["p_top_k"], abs=1e-4)
        assert set(v["certainty"]) <= {"zeker", "onzeker", "zeker buiten top 10"}
        # the case-level summary counts what the table shows
        st = c.summary["stability"]
        assert st["counts"]["certain_in"] + st["counts"]["uncertain"] \
            + st["counts"]["certain_out"] == len(v)
        assert st["counts"]["uncertain"] == int((v["certainty"] == "onzeker").sum())


def test_casusoverleg_html_shows_band_mark_timeline_policy(made):
    sel, _, root, _, _ = made
    html = (root / "casusoverleg" / "report.html").read_text(encoding="utf-8")
    assert "rangband en zekerheid" in html
    for c in sel.ranked:
        for _nid, row in c.vital.iterrows():
            assert f"<td>{row['rank_interval']}, {row['certainty']}</td>" in html
        expl = c.stability.explain()
        assert f"{REPS} keer opnieuw berekend" in expl and "seed 0" in expl and "10 %" in expl
        assert expl.replace("'", "&#39;") in html
        # the timeline: every dated event (40 rows in the page, all in the workbook)
        n = len(c.timeline["events"])
        assert n > 40 and f"Tijdlijn van {c.name}" in html
        # the page lists the most recent events (newest first), not the oldest registrations
        dates = [e["d"] for e in c.timeline["events"]]
        assert dates == sorted(dates)
        assert f"<td>{dates[-1]}</td>" in html
        sheet = pd.read_excel(root / "casusoverleg" / "ranking.xlsx", sheet_name=f"{c.rank} tijdlijn",
                              dtype=str)
        assert len(sheet) == n and list(sheet.columns) == ["datum", "soort", "gebeurtenis",
                                                          "knooppunten"]
        assert sheet["datum"].tolist() == [e["d"] for e in c.timeline["events"]]
    assert html.count('<svg role="img"') >= 2 * len(sel.ranked)
    assert f'id="grading-policy">{POLICY}</p>' in html


def test_stuurgroep_counts_only(made):
    sel, _, root, _, _ = made
    html = (root / "stuurgroep" / "report.html").read_text(encoding="utf-8")
    assert "Zekerheid van de rangorde" in html and POLICY in html
    for c in sel.ranked:
        assert c.stability.summary_text() in html
        for nid in c.vital.index:  # no pseudonym, no alias, no row per person
            assert nid not in html
    assert "rangband" not in html and "Tijdlijn van" not in html
    assert "× inschrijving" in html  # the timeline as counts per category
    csv = pd.read_csv(root / "stuurgroep" / "stuurgroep.csv")
    by = {c.name: c.summary["stability"]["counts"] for c in sel.ranked}
    for _, row in csv.iterrows():
        assert row["top_certain"] == by[row["case"]]["certain_in"]
        assert row["top_uncertain"] == by[row["case"]]["uncertain"]


def test_provenance_and_workbook_state_policy_and_parameters(made):
    sel, _, root, _, _ = made
    for ed in ("casusoverleg", "stuurgroep"):
        rec = json.loads((root / ed / "provenance.json").read_text(encoding="utf-8"))
        assert rec["config"]["grading_policy"]["description_nl"] == grading_policy()["description_nl"]
        assert rec["config"]["stability"] == str(REPS)
        for c in rec["cases"]:
            st = c["stability"]
            assert st["computed"] and st["replicates"] == REPS and st["seed"] == 0
            assert st["edge_dropout"] == 0.1 and st["top_k"] == 10
        info = pd.read_excel(root / ed / "ranking.xlsx", sheet_name="toelichting", dtype=str)
        assert info["toelichting"].iloc[0] == POLICY
        assert len(info) == 1 + len(sel.ranked)


def test_stability_off(tmp_path):
    store = sample_case("vastgoed-west", tmp_path)
    rep = nw.open_case(store).report_entry(stability=0)
    assert "rank_interval" not in rep.vital.columns
    assert rep.summary["stability"]["explain"] == "Zekerheid van de rang: niet berekend (uitgezet)."
    with pytest.raises(nw.errors.ConfigError, match="stabiliteitsherhalingen"):
        build_selection([store], stability="-1")


def test_progress_reports_state_policy(tmp_path):
    p = write_store(tmp_path / "noord.duckdb", make_net())
    log_intervention(p, "aanhouding", "p1", "politie", "2026-03-01", "executed")
    res = write_progress(build_progress(p), tmp_path / "out")
    html = (tmp_path / "out" / "progress.html").read_text(encoding="utf-8")
    assert f'id="grading-policy">{POLICY}</p>' in html
    rec = json.loads((tmp_path / "out" / "provenance.json").read_text(encoding="utf-8"))
    assert rec["config"]["grading_policy"]["min_grade"] is None
    assert any(f.name == "provenance.json" for f in res.files)


def test_case_write_provenance_states_policy(tmp_path):
    case = nw.Case.from_network(nw.datasets.krackhardt_kite(), name="kite")
    files = case.write(case.vital(), tmp_path)
    rec = json.loads(files[-1].read_text(encoding="utf-8"))
    assert rec["config"]["grading_policy"]["description_en"] == grading_policy()["description_en"]


def test_grading_side_by_side_in_the_report(made):
    """The policy sentence promises a comparison without the links below B2: the casusoverleg report
    gives it per case, with the counts of the direct comparison (no node ids)."""
    sel, stores, root, _, _ = made
    html = (root / "casusoverleg" / "report.html").read_text(encoding="utf-8")
    for c, store in zip(sorted(sel.ranked, key=lambda c: c.name), sorted(stores), strict=True):
        cmp = nw.open_case(store).grading_comparison(top=10, seed=0)
        a = cmp.attrs
        stay = int((cmp["in_top_all"] & cmp["in_top_graded"]).sum())
        assert 0 < a["records_left_out"] < a["records"] and stay < 10  # weak links matter here
        assert c.grading_note == (
            f"Zonder de {a['records_left_out']} van de {a['records']} registraties onder B2 blijven "
            f"{stay} van de top 10 in de top 10; rangcorrelatie (Spearman) {a['spearman']:.2f}.")
        assert f'<p class="muted grading-note">{c.grading_note}</p>' in html
