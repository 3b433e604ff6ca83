"""The case-meeting map of a real-shaped case: the package on the map, the what-if control
(precomputed effects match the evaluator), the barrier-model layout, aliases, Dutch labels, notes.
Browser checks (headless Chromium) open the demo case's map as a case meeting would."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from browser_util import RENDERED, Browser, find_chromium, needs_chromium
from viz_helpers import map_data

import netwerk as nw
from netwerk.annotations import import_annotations, read_annotations
from netwerk.datasets import sample_case
from netwerk.i18n import using
from netwerk.viz import render_map
from netwerk.viz.payload import node_aliases


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo-map")
    store = sample_case("hennep-oost", folder)
    case = nw.open_case(store)
    plan = case.plan(seed=0)
    default = case.map(folder / "hennep-oost.html", plan=plan, date="2026-11-30")
    barrier = case.map(folder / "hennep-oost-barrier.html", plan=plan, layout="barrier",
                       date="2026-11-30")
    return case, plan, default.path, barrier.path, store


def _data(path) -> dict:
    return map_data(path.read_text(encoding="utf-8"))


def test_title_aliases_and_dutch_labels(demo):
    case, plan, path, _, store = demo
    data = _data(path)
    assert data["meta"]["title"] == "Casusoverleg hennep-oost"
    assert data["meta"]["date"] == "2026-11-30"
    assert str(store) not in path.read_text(encoding="utf-8")  # never the store's file path
    nodes = {n["id"]: n for n in data["nodes"]}
    top = case.vital().top(1)[0]
    assert nodes[top]["alias"] == "P01" and nodes[top]["label"] == "P01"
    assert ["Pseudoniem", top] in nodes[top]["fields"]
    # aliases are short, unique, and the same for the same case and seed
    aliases = [n["alias"] for n in data["nodes"]]
    assert len(set(aliases)) == len(aliases) and max(map(len, aliases)) <= 4
    again = node_aliases(case.net, case.vital(seed=0).table)
    assert all(again[n["id"]] == n["alias"] for n in data["nodes"])
    # stage, relation and kind names in Dutch, never the identifiers
    labels = {st.id: st.label_nl for st in case.model.stages}
    assert nodes[top]["stage_label"] == labels[case.net.nodes.at[top, "stage"]]
    elec = next(n for n in data["nodes"] if n["stage"] == "electricity")
    assert elec["stage_label"] == "Elektriciteit (aftap)"
    assert {e["kind_label"] for e in data["edges"]} & {"ingeschreven op", "bestuurder van"}
    shown = json.dumps([n["fields"] for n in data["nodes"]] + [n["measures"] for n in data["nodes"]]
                       + [e["kind_label"] for e in data["edges"]], ensure_ascii=False)
    for ident in ("registered_at", "director_of", '"electricity"', "effective_size\"",
                  "betweenness\""):
        assert ident not in shown, ident
    # measures in plain Dutch with the technical name on hover, not 16 raw measures
    meas = nodes[top]["measures"]
    assert len(meas) <= 9
    from netwerk.analysis.vital import REGISTRY

    plain = {c.label_nl for c in REGISTRY.values()}
    comps = [m for m in meas if m[0] in plain]
    assert len(comps) >= 3 and all("(technisch: " in m[2] for m in comps)
    assert all(m[1] in ("ja", "zeer hoog", "hoog", "gemiddeld", "laag") for m in comps)


def test_package_on_the_map(demo):
    _, plan, path, _, _ = demo
    data = _data(path)
    acts = plan.package.actions
    nodes = {n["id"]: n for n in data["nodes"]}
    for t, a, p in zip(acts["target"], acts["name_nl"], acts["partner"], strict=True):
        if t.startswith("fase:"):  # an action on a whole stage: in the what-if list, not a node
            wi = data["whatif"]["packages"][0]["actions"]
            assert any(x["target"] == t and x["alias"].startswith("schakel ") for x in wi)
            continue
        assert {"partner": p, "action": a} in [{k: x[k] for k in ("partner", "action")}
                                              for x in nodes[t]["package"]]
        cands = nodes[t]["candidates"]
        assert any(c["pk"] and c["action"] == a and c["partner"] == p for c in cands)
    # "wie kan wat": per partner, with legal basis and effort
    c = next(c for n in data["nodes"] for c in n["candidates"] if c["legal_basis"])
    assert c["effort"].endswith(("persondag", "persondagen")) and c["partner"]


def test_whatif_precomputed_matches_the_package(demo):
    case, plan, path, _, _ = demo
    wi = _data(path)["whatif"]
    pkg = wi["packages"][0]
    n = len(pkg["actions"])
    assert pkg["exhaustive"] and len(pkg["subsets"]) == 2 ** n
    full = pkg["subsets"][str(2 ** n - 1)]
    assert full[0] == pytest.approx(plan.package.effect["objective"], abs=1e-4)
    assert full[3] == pytest.approx(plan.package.effect["chain_broken"], abs=1e-4)
    assert pkg["subsets"]["0"][0] == 0.0 and pkg["subsets"]["0"][4] == 1
    # the arrest depends on the investigation; the dependency travels to the page
    deps = [a["depends"] for a in pkg["actions"]]
    assert any(d is not None for d in deps)
    # per single candidate action: what it adds to the whole package
    assert wi["extra"] and all(isinstance(v, float) for v in wi["extra"].values())


def test_whatif_alternatives_and_actions_off_the_network(demo):
    from dataclasses import replace

    from netwerk.interventions import select_package
    from netwerk.viz.whatif import whatif_data

    case, plan, _, _, _ = demo
    other = select_package(case.net, case.model, capacity={"gemeente": 20, "politie": 5},
                           max_actions=4, vital=plan.vital.table, seed=0)
    wi = whatif_data(case.net, case.model, plan.package, alternatives={"Gemeente voorop": other})
    assert [p["label"] for p in wi["packages"]] == ["Aanbevolen pakket", "Gemeente voorop"]
    alt = wi["packages"][1]
    assert alt["subsets"][str(2 ** len(other) - 1)][0] == pytest.approx(
        other.effect["objective"], abs=1e-4)
    # an action aimed at a whole stage (no node) is listed and switchable; it counts in the
    # objective (harm) but leaves the structure of the network as it is
    acts = plan.package.actions.copy()
    extra = acts.iloc[[0]].assign(target="fase:electricity", order=len(acts) + 1, depends_on=0)
    pkg = replace(plan.package, actions=pd.concat([acts, extra], ignore_index=True))
    wi = whatif_data(case.net, case.model, pkg)
    subs = wi["packages"][0]["subsets"]
    n = len(acts)
    with_env, without = subs[str(2 ** (n + 1) - 1)], subs[str(2 ** n - 1)]
    assert with_env[4:6] == without[4:6]
    assert wi["packages"][0]["actions"][-1]["alias"] == "schakel Elektriciteit (aftap)"


def test_english_map(demo):
    case, plan, _, _, _ = demo
    with using("en"):
        page, _res = render_map(case.net, vital=plan.vital.table, plan=plan, model=case.model,
                                title="Case meeting hennep-oost")
    data = map_data(page)
    assert data["t"]["who_can"] == "Who can do what"
    assert {r["label"] for r in data["relations"]} & {"registered at", "director of"}
    assert '<html lang="en">' in page and "Search" in page


def test_barrier_layout_columns(demo):
    case, _, _, path, _ = demo
    data = _data(path)
    cols = data["barrier"]["columns"]
    assert [c["stage"] for c in cols][:len(case.stages)] == list(case.stages)
    assert [c["label"] for c in cols][:2] == ["Financiering", "Locatie (woning, schuur)"]
    for n in data["nodes"]:
        if n["stage"] in case.stages:
            col = cols[case.stages.index(n["stage"])]
            assert col["x0"] <= n["x"] <= col["x1"], n["alias"]
    cells = data["barrier"]["cells"]
    assert any(c["pk"] for c in cells) and {c["stage"] for c in cells} <= {
        c["stage"] for c in cols}


def test_notes_import_roundtrip(demo, tmp_path):
    case, _, _, _, store = demo
    top = case.vital().top(1)[0]
    doc = {"format": "netwerk-notes", "version": 1, "map_title": "Casusoverleg hennep-oost",
           "notes": [{"node": top, "alias": "P01", "text": "Wijkagent: verhuist in december",
                      "written_at": "2026-11-30T10:00:00.000Z"},
                     {"node": top, "text": "BSN 111222333 gezien"},
                     {"node": "BSN-" + "f" * 24, "text": "x"}, {"node": top, "text": "  "}]}
    f = tmp_path / "notities.json"
    f.write_text(json.dumps(doc), encoding="utf-8")
    res = import_annotations(store, f)
    assert (res.imported, res.duplicates, res.total) == (1, 0, 4)
    assert [r["reason"] for r in res.rejected] == ["raw_identifier", "unknown_node",
                                                   "invalid_argument"]
    assert import_annotations(store, f).duplicates == 1
    notes = read_annotations(store)
    assert notes["text"].tolist() == ["Wijkagent: verhuist in december"]
    page, _res = nw.open_case(store).map_page()
    node = next(n for n in map_data(page)["nodes"] if n["id"] == top)
    assert node["notes"][0][1] == "Wijkagent: verhuist in december"
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "other"}', encoding="utf-8")
    with pytest.raises(nw.errors.InputError, match="geen notitiebestand van netwerk"):
        import_annotations(store, bad)
    with nw.i18n.using("en"), pytest.raises(nw.errors.InputError,
                                            match="not a netwerk notes file"):
        import_annotations(store, bad)


def test_every_store_table_is_readable():
    # the class of the annotations-table slip: a table in the schema that read_table refuses
    from netwerk.store import TABLES
    from netwerk.store.casestore import _ORDER

    assert set(TABLES) <= set(_ORDER)


def test_cli_map_barrier_and_annotate(demo, tmp_path, capsys):
    from netwerk.cli.main import run

    case, _, _, _, store = demo
    out = tmp_path / "kaart.html"
    assert run(["map", str(store), "--out", str(out), "--layout", "barrier"]) == 0
    data = _data(out)
    assert data["meta"]["layout"] == "barrier" and data["whatif"]["packages"][0]["actions"]
    assert "kaart:" in capsys.readouterr().out
    f = tmp_path / "n.json"
    f.write_text(json.dumps({"format": "netwerk-notes", "version": 1, "notes": [
        {"node": case.vital().top(2)[1], "text": "tweede notitie"},
        {"node": "onbekend", "text": "x"}]}), encoding="utf-8")
    assert run(["annotate", "import", str(store), str(f)]) == 0
    res = capsys.readouterr()
    assert "1 notitie ingelezen" in res.out and "knooppunt hoort niet bij deze casus" in res.err
    assert run(["annotate", "import", str(store), str(tmp_path / "missing.json")]) != 0


@pytest.fixture(scope="module")
def browser():
    if find_chromium() is None:
        pytest.skip("no chromium binary")
    with Browser() as b:
        yield b


@pytest.mark.browser
@needs_chromium()
def test_browser_package_and_whatif(browser, demo):
    case, plan, path, _, _ = demo
    page = browser.open(path)
    assert page.wait_for(RENDERED) == str(case.net.n_nodes)
    acts = plan.package.actions
    first = acts[~acts["target"].str.startswith("fase:")].iloc[0]
    target, action = str(first["target"]), str(first["name_nl"])
    page.evaluate(f"window.netwerkMap.showNode({json.dumps(target)}); 1")
    text = page.evaluate("document.getElementById('panel').textContent")
    assert "In het pakket" in text and action in text and "Wie kan wat" in text
    before = page.evaluate("document.getElementById('wi-value').textContent")
    assert before == f"{plan.package.effect['objective']:.2f}".replace(".", ",")
    assert "Keten" in page.evaluate("document.getElementById('wi-chain').textContent")
    # switch a partner off with the real checkbox: the effect and the chain status update
    wi = _data(path)["whatif"]["packages"][0]
    partner = max(wi["partners"], key=lambda p: sum(a["partner"] == p for a in wi["actions"]))
    page.evaluate("(function(p){var cb=document.querySelector('#wi-partners input[data-p=\"'+p+'\"]');"
                  f"cb.click(); return 1}})({json.dumps(partner)})")
    after = page.evaluate("document.getElementById('wi-value').textContent")
    assert after != before
    st = page.evaluate("window.netwerkMap.whatif.state()")
    off = [i for i, a in enumerate(wi["actions"]) if a["partner"] == partner]
    assert all(not st["on"][i] for i in off)
    assert after == f"{st['state'][0]:.2f}".replace(".", ",")
    # an action whose prerequisite is off is off too
    page.evaluate(f"window.netwerkMap.whatif.setPartner({json.dumps(partner)}, true); 1")
    assert page.evaluate("document.getElementById('wi-value').textContent") == before
    inv = next(i for i, a in enumerate(wi["actions"]) if any(b["depends"] == i
                                                              for b in wi["actions"]))
    st = page.evaluate(f"window.netwerkMap.whatif.setAction({inv}, false)")
    dependants = [j for j, a in enumerate(wi["actions"]) if a["depends"] == inv]
    assert all(not st["on"][j] for j in dependants)
    # notes: kept in the page, exported as JSON on request
    page.evaluate(f"window.netwerkMap.setNote({json.dumps(target)}, 'eerst de gemeente'); 1")
    doc = page.evaluate("window.netwerkMap.exportNotes()")
    assert doc["format"] == "netwerk-notes" and doc["notes"][0]["node"] == target
    assert not page.errors and not page.external_requests


@pytest.mark.browser
@needs_chromium()
def test_browser_barrier_layout_by_stage(browser, demo):
    case, _, _, path, _ = demo
    page = browser.open(path)
    assert page.wait_for(RENDERED) == str(case.net.n_nodes)
    pos = page.evaluate("window.netwerkMap.network.getPositions()")
    data = _data(path)
    cols = data["barrier"]["columns"]
    xs = {}
    for n in data["nodes"]:
        if n["stage"] in case.stages:
            col = cols[case.stages.index(n["stage"])]
            assert col["x0"] <= pos[n["id"]]["x"] <= col["x1"]
            xs.setdefault(case.stages.index(n["stage"]), []).append(pos[n["id"]]["x"])
    # stages left to right in chain order
    means = [sum(v) / len(v) for _k, v in sorted(xs.items())]
    assert means == sorted(means)
    assert page.evaluate("document.querySelectorAll('#barriers details').length") == len(cols)
    text = page.evaluate("document.getElementById('barriers').textContent")
    assert "Elektriciteit (aftap)" in text and "netbeheerder" in text
    assert not page.errors and not page.external_requests


def test_colour_blind_vocabulary():
    from netwerk.viz.styles import (
        KEY_PLAYER_COLOUR,
        NODE_STYLES,
        PACKAGE_COLOUR,
        RELATION_FAMILIES,
        RELATION_STYLES,
        VITAL_COLOUR,
    )

    kind_colours = {s["color"].lower() for s in NODE_STYLES.values()}
    for c in (VITAL_COLOUR, KEY_PLAYER_COLOUR, PACKAGE_COLOUR):
        assert c.lower() not in kind_colours
    # every relation family has its own dash pattern (told apart without colour)
    patterns = [tuple(f["dashes"]) for f in RELATION_FAMILIES.values()]
    assert len(set(patterns)) == len(patterns)
    assert {s["group"] for s in RELATION_STYLES.values()} <= set(RELATION_FAMILIES)
    # the four relation kinds that shared one green line now differ from the legal structure
    fam = {k: s["group"] for k, s in RELATION_STYLES.items()}
    assert fam["owns"] != fam["director_of"] and fam["co_suspect"] != fam["owns"]


def test_whatif_respects_the_analysts_vulnerable_overrides(demo):
    """The what-if control scores with the vulnerable persons the package was chosen with (the
    analyst's ``vulnerable=``), not the default roles: switching every action on gives the
    package's own expected effect, and the harm differs from a package chosen with the default."""
    from netwerk.interventions import vulnerable_roles
    from netwerk.viz.whatif import whatif_data

    case, plan, *_ = demo
    default = set(vulnerable_roles(case.net).index)
    persons = case.net.nodes.index[case.net.nodes["kind"] == "person"]
    mine = sorted(set(case.vital(seed=0).table.index[:40]) & set(persons) - default)[:6]
    assert mine
    own = case.plan(seed=0, vulnerable=mine)
    assert own.package.params["vulnerable"] == len(mine)  # provenance: a count, never ids
    assert own.package.inputs["vulnerable"] == mine
    # the analyst's ids stay out of params (provenance) and of the package's repr (the actions
    # table shows its own targets, as wide as pandas' display allows: not checked here)
    assert "BSN-" not in repr(own.package.params) and "inputs=" not in repr(own.package)
    wi = whatif_data(case.net, case.model, own.package)
    n = len(own.package.actions)
    full = wi["packages"][0]["subsets"][str((1 << n) - 1)]
    assert full[0] == round(own.package.effect["objective"], 4)
    assert full[6]["harm"] == round(own.package.effect["harm"], 4)
    # the same actions scored with the default roles give another harm: the overrides matter
    from dataclasses import replace

    as_default = replace(own.package, inputs={"vulnerable": sorted(default), "executed": []})
    other = whatif_data(case.net, case.model, as_default)["packages"][0]["subsets"][str(
        (1 << n) - 1)]
    assert other[6]["harm"] != full[6]["harm"]


def test_whatif_of_a_replanned_package_counts_the_executed_actions(demo):
    """Same class: ``executed`` is only counted in params; the what-if scores with the actions
    themselves (it failed on the count before) and reproduces the package's effect."""
    from netwerk.viz.whatif import whatif_data

    case, plan, *_ = demo
    first = plan.package.actions.iloc[0]
    done = [(str(first["target"]), str(first["action_id"]))]
    again = case.plan(seed=0, executed=done)
    assert again.package.params["executed"] == 1 and again.package.inputs["executed"] == done
    wi = whatif_data(case.net, case.model, again.package)
    n = len(again.package.actions)
    assert wi["packages"][0]["subsets"][str((1 << n) - 1)][0] == round(
        again.package.effect["objective"], 4)
