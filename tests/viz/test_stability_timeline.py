"""The map shows how sure each rank is, the case's timeline and the grading policy (issue 13).

On a seeded sample case the interval and mark per node equal those of
:func:`netwerk.analysis.rank_stability` run directly with the case's stages; the timeline carries
every dated event (map names only, never labels); the policy sentence is on the page. Browser
checks: the timeline renders, an event click selects its nodes, the panel shows the interval.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from browser_util import RENDERED, Browser, needs_chromium
from viz_helpers import map_data

import netwerk as nw
from netwerk.analysis import rank_stability
from netwerk.analysis.grading import grading_policy
from netwerk.datasets import sample_case
from netwerk.governance.editions import Edition, edition_network
from netwerk.graph.time import timeline_data
from netwerk.i18n import using
from netwerk.interventions.progress import log_intervention
from netwerk.viz.certainty import RankStability, grading_policy_text

REPS = 40


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    folder = tmp_path_factory.mktemp("stab-map")
    store = sample_case("hennep-oost", folder)
    case = nw.open_case(store)
    target = case.vital(seed=0).top(1)[0]
    log_intervention(store, "aanhouding", target, "politie", "2026-03-01", "executed",
                     result="aangehouden")
    case = nw.open_case(store)  # reopened: the log is read per map
    path = case.map(folder / "kaart.html", stability=REPS, date="2026-11-30").path
    return case, path, target


def _data(path) -> dict:
    return map_data(path.read_text(encoding="utf-8"))


def test_interval_and_mark_match_rank_stability(made):
    case, path, _ = made
    data = _data(path)
    ref = rank_stability(case.net, replicates=REPS, seed=0, group="stage",
                         stages=list(case.stages))
    # the reference ranking is the case's ranking
    vital = case.vital(seed=0).table
    assert (ref["rank"] == vital["rank"].reindex(ref.index)).all()
    nodes = {n["id"]: n for n in data["nodes"]}
    top = ref.sort_values("rank").head(12)
    assert (top["certainty"] == "zeker").any() and (top["certainty"] == "onzeker").any()
    for nid, r in top.iterrows():
        st = nodes[nid]["stab"]
        assert (st["lo"], st["hi"]) == (int(r["rank_lo"]), int(r["rank_hi"]))
        # "zeker" far down the list means surely outside the top k, and says so
        mark = r["certainty"] if r["certainty"] == "onzeker" or r["p_top_k"] >= 0.5 \
            else "zeker buiten top 10"
        assert st["mark"] == mark and st["p"] == pytest.approx(r["p_top_k"], abs=1e-4)
        assert st["text"] == f"rang {int(r['rank'])} ({int(r['rank_lo'])}–{int(r['rank_hi'])}), " \
                             f"{mark}"
        assert st["rank_text"] == f"rang {int(r['rank'])} ({int(r['rank_lo'])}–{int(r['rank_hi'])})"
        assert st["detail"].endswith(f"van de {REPS} herhalingen")
    # the ranked list in the side bar: best ranks first, with the same interval
    ranking = data["ranking"]
    assert [r["rank"] for r in ranking] == sorted(r["rank"] for r in ranking)
    assert ranking[0]["id"] == top.index[0] and ranking[0]["stab"] == nodes[top.index[0]]["stab"]
    assert len(ranking) == 2 * data["meta"]["highlight_top"]
    # provenance of the intervals travels with the map, and the sentence explains them
    meta = data["meta"]["stability"]
    assert meta["computed"] and meta["replicates"] == REPS and meta["seed"] == 0
    assert meta["edge_dropout"] == 0.1 and meta["by_grading"] is True
    page = path.read_text(encoding="utf-8")
    assert f"{REPS} keer opnieuw berekend" in meta["explain"] and "seed 0" in meta["explain"]
    assert meta["explain"].replace("'", "&#39;") in page


def test_interval_follows_the_ranking_on_the_map(made, tmp_path):
    # a ranking with own weights: the band is of that ranking, not of the default one
    case, _, _ = made
    own = case.vital(weights={"degree": 1.0}, seed=0)
    assert own.top(2) != case.vital(seed=0).top(2)  # the two rankings differ at the top
    data = _data(case.map(tmp_path / "eigen.html", vital=own, stability=REPS,
                          date="2026-11-30").path)
    ranked = [n for n in data["nodes"] if n["rank"] is not None]
    assert len(ranked) == len(own)
    for n in ranked:
        assert n["stab"]["rank_text"].startswith(f"rang {n['rank']} ("), n


def test_stability_off_and_not_given(made, tmp_path):
    case, _, _ = made
    off = _data(case.map(tmp_path / "uit.html", stability=0, timeline=False).path)
    assert off["meta"]["stability"] == {"computed": False, "why": "niet berekend (uitgezet)",
                                        "explain": "Zekerheid van de rang: niet berekend "
                                                   "(uitgezet)."}
    assert all(n["stab"] is None for n in off["nodes"]) and off["timeline"] is None
    page, _ = nw.viz.render_map(case.net, vital=case.vital().table)
    assert "geen stabiliteitsanalyse meegegeven" in page
    with pytest.raises(nw.errors.ConfigError, match="geheel getal"):
        case.stability(replicates="veel")


def test_auto_skips_large_cases(monkeypatch, made):
    import netwerk.case as case_mod

    case, _, _ = made
    monkeypatch.setattr(case_mod, "STABILITY_AUTO_MAX_NODES", 10)
    s = case.stability(replicates="auto")
    assert not s.available and f"{case.net.n_nodes} knooppunten" in s.skipped and "--stability N" in s.skipped


def test_timeline_events_pseudonymous(made):
    case, path, target = made
    data = _data(path)
    tl = data["timeline"]
    ref = timeline_data(edition_network(case.net, Edition("casusoverleg")),
                        events=case.intervention_events())
    assert len(tl["events"]) == len(ref["events"]) > 100
    assert [e["d"] for e in tl["events"]] == [e["date"] for e in ref["events"]]
    assert {c["name"]: c["count"] for c in tl["categories"]} == ref["counts"]
    aliases = {n["id"]: n["alias"] for n in data["nodes"]}
    for mine, theirs in zip(tl["events"], ref["events"], strict=True):
        ends = [x for x in (theirs["source"], theirs["target"]) if x]
        assert mine["a"] == " – ".join(aliases[x] for x in ends)
        assert mine["nodes"] == ends
    # the logged intervention, with its action's name and status in Dutch (never the raw action
    # id or the English status of the log) but not the free-text result
    iv = [e for e in tl["events"] if e["c"] == "intervention"]
    name_nl = case.model.catalogue["aanhouding"].name_nl
    assert iv == [{"d": "2026-03-01", "c": "intervention", "cl": "interventie",
                   "e": f"{name_nl}: uitgevoerd", "a": aliases[target], "nodes": [target],
                   "f": False}]
    text = json.dumps(tl, ensure_ascii=False)
    assert "aangehouden" not in text
    labels = case.net.nodes["label"].astype(str)
    named = labels[labels != labels.index]  # real labels (company and street names)
    assert not [x for x in named if len(x) > 4 and x in text]


def test_masked_police_records_are_their_own_category(made, tmp_path):
    """Police records masked for the casusoverleg show as "afgeschermde bron" (never "overig") on
    the map's timeline and the report's, in Dutch and in English."""
    case, path, _ = made
    police = int((case.net.edges["partner"].astype(str) == "politie").sum())
    assert police > 0
    tl = _data(path)["timeline"]
    cats = {c["name"]: c for c in tl["categories"]}
    assert cats["masked_source"]["label"] == "afgeschermde bron"
    ed = edition_network(case.net, Edition("casusoverleg"))
    masked = int((ed.edges["partner"] == "afgeschermde bron").sum())
    assert masked >= police  # the police's and every other restricted source's records
    assert "other" not in cats  # every masked record was "overig" before
    # every masked record with a date is an event (a record whose date was a placeholder such
    # as 00-00-0000 has none and is not drawn)
    dated = int(((ed.edges["partner"] == "afgeschermde bron") & ed.edges["observed"].notna()).sum())
    assert 0 < dated <= masked
    assert sum(e["c"] == "masked_source" for e in tl["events"]) >= dated
    with using("en"):
        en = case.map(tmp_path / "map-en.html", stability=0, date="2026-11-30").path
        en_cats = {c["name"]: c["label"] for c in _data(en)["timeline"]["categories"]}
    assert en_cats["masked_source"] == "masked source"
    from netwerk.report.build import _case_timeline, _map_aliases

    rep = _case_timeline(case, _map_aliases(case, case.vital(seed=0).table))
    assert {c["name"]: c["count"] for c in rep["categories"]}["masked_source"] == cats[
        "masked_source"]["count"]


def test_timeline_colours_are_one_definition(made):
    """The map's script and the report's strip colour each category the same way."""
    from netwerk.report.charts import timeline_svg
    from netwerk.viz.certainty import TIMELINE_CATEGORIES, TIMELINE_COLOURS
    from netwerk.viz.maps import _app_js

    case, path, _ = made
    assert set(TIMELINE_COLOURS) == set(TIMELINE_CATEGORIES)
    assert len(set(TIMELINE_COLOURS.values())) == len(TIMELINE_COLOURS)
    page = path.read_text(encoding="utf-8")
    js = "var TL_COLOURS = " + json.dumps(TIMELINE_COLOURS, sort_keys=True) + ";"
    assert js in _app_js() and js in page and "__TL_COLOURS__" not in page
    tl = _data(path)["timeline"]
    svg = timeline_svg(tl)
    for c in tl["categories"]:
        first = next(e for e in tl["events"] if e["c"] == c["name"] and not e["f"])
        tip = " · ".join(str(v) for v in (first["d"], first["cl"], first.get("e"), first.get("a"))
                         if v)
        import html
        at = svg.index("<title>" + html.escape(tip) + "</title>")
        dot = svg[svg.rindex("<circle", 0, at):at]
        assert f'fill="{TIMELINE_COLOURS[c["name"]]}"' in dot, c["name"]


def test_future_end_dates_do_not_stretch_the_span():
    """Rule: the span ends at the last event on or before the reference date; later events stay
    in the data (marked) but are not drawn, on the map and in the report."""
    from netwerk import Network
    from netwerk.report.charts import timeline_svg
    from netwerk.viz.certainty import timeline_records

    nodes = pd.DataFrame({"kind": ["person", "property", "company"], "label": ["", "", ""]},
                         index=["a", "b", "c"])
    edges = pd.DataFrame({"source": ["a", "c"], "target": ["b", "b"], "kind": ["rents", "owns"],
                          "valid_from": ["2019-05-01", "2021-02-01"],
                          "valid_to": ["2034-12-31", None]})
    net = Network(nodes=nodes, edges=edges)
    d = timeline_data(net, reference_date="2026-11-30")
    assert d["span"] == ["2019-05-01", "2021-02-01"] and d["after"] == 1
    assert [e["date"] for e in d["events"] if e["future"]] == ["2034-12-31"]
    # without the future event the span is the same: it never reaches past the reference date
    assert timeline_data(net, reference_date="2040-01-01")["span"] == ["2019-05-01", "2034-12-31"]
    tl = timeline_records(d, {"a": "P01", "b": "O01", "c": "B01"})
    svg = timeline_svg(tl)
    assert svg.count("<circle") == 2 and "2034" not in svg
    # nothing dated on or before the reference date: no span, nothing drawn
    assert timeline_data(net, reference_date="2010-01-01")["span"] == [None, None]
    assert timeline_svg(timeline_records(timeline_data(net, reference_date="2010-01-01"),
                                         {})) == ""


def test_timeline_intervention_in_english(made):
    case, _, _ = made
    with using("en"):
        ev = case.intervention_events()
    name_en = case.model.catalogue["aanhouding"].name_en
    assert ev["description"].tolist() == [f"{name_en}: executed"]


def test_grading_policy_on_the_map(made):
    _, path, _ = made
    data = _data(path)
    sentence = "Gradering: " + grading_policy()["description_nl"] + "."
    assert data["meta"]["grading_policy"] == sentence == grading_policy_text()
    assert 'id="grading-policy">' + sentence in path.read_text(encoding="utf-8")


def test_english_texts():
    t = pd.DataFrame({"rank": [1, 2, 9], "rank_median": [1.0, 3.0, 9.0], "rank_lo": [1, 2, 7],
                      "rank_hi": [1, 6, 12], "p_top_k": [1.0, 0.55, 0.0],
                      "certainty": ["zeker", "onzeker", "zeker"]}, index=["a", "b", "c"])
    t.attrs = {"params": {"replicates": 50, "edge_dropout": 0.1, "top_k": 2,
                          "quantiles": [0.05, 0.95], "by_grading": False}, "seed": 3}
    s = RankStability.from_table(t)
    assert s.text("b") == "rang 2 (2–6), onzeker"
    # "zeker" of a node far down the list is about the top k, and says so
    assert s.text("c") == "rang 9 (7–12), zeker buiten top 2"
    assert s.counts() == {"top": 2, "certain_in": 1, "uncertain": 1, "certain_out": 0}
    with using("en"):
        assert s.text("c") == "rank 9 (7–12), certainly outside the top 2"
        assert s.text("b") == "rank 2 (2–6), uncertain"
        assert s.text("a") == "rank 1 (1–1), certain"
        assert "50 times" in s.explain() and "seed 3" in s.explain()
        assert grading_policy_text().startswith("Grading: every link counts")


@needs_chromium()
def test_browser_timeline_and_panel(made):
    case, path, target = made
    data = _data(path)
    with Browser() as b:
        page = b.open(path)
        assert page.wait_for(RENDERED) == str(case.net.n_nodes)
        drawn = [e for e in data["timeline"]["events"] if not e["f"]]  # not after the map's date
        assert 0 < len(drawn) < len(data["timeline"]["events"])  # the sample has later end dates
        assert page.evaluate("document.querySelectorAll('#tl-chart svg circle').length") == len(
            drawn)
        note = page.evaluate("document.getElementById('tl-chart').textContent")
        assert f"{data['timeline']['after']} gebeurtenissen na de peildatum 2026-11-30" in note
        assert page.evaluate("document.querySelectorAll('#ranking li').length") == len(
            data["ranking"])
        # click an event with two nodes on the map: both are selected, the event is described
        i = next(k for k, e in enumerate(data["timeline"]["events"]) if len(e["nodes"]) == 2)
        ev = data["timeline"]["events"][i]
        page.evaluate(
            "(function(i){var c=document.querySelector('#tl-chart svg circle[data-i=\"'+i+'\"]');"
            "c.dispatchEvent(new MouseEvent('click',{bubbles:true})); return 1})" f"({i})")
        sel = page.evaluate("window.netwerkMap.network.getSelectedNodes()")
        assert sorted(sel) == sorted(ev["nodes"])
        info = page.evaluate("document.getElementById('tl-info').textContent")
        assert info.startswith(ev["d"]) and ev["a"] in info
        # a click in the ranked list opens the panel with the interval and the mark
        page.evaluate("document.querySelectorAll('#ranking li')[0].click()")
        first = data["ranking"][0]
        stab = page.evaluate("document.getElementById('panel-stab').textContent")
        assert stab == first["stab"]["rank_text"] + " " + first["stab"]["mark"]
        li = page.evaluate("document.querySelectorAll('#ranking li')[0].textContent")
        assert f"({first['stab']['lo']}–{first['stab']['hi']})" in li and first["stab"]["mark"] in li
        # the node's events are marked on the timeline
        on = page.evaluate("document.querySelectorAll('#tl-chart circle.on').length")
        assert on == sum(first["id"] in e["nodes"] for k, e in enumerate(
            data["timeline"]["events"]) if k != i and not e["f"]) > 0
        assert page.errors == [] and page.external_requests == []
