"""The HTML map: self-contained, CSP, escaping, large networks, selection, audiences."""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re

import pandas as pd
import pytest
from viz_helpers import map_data, scan
from vizcases import XSS_ALERT, XSS_IMG, XSS_SCRIPT, barabasi, make_case_network, vital_for

from netwerk import datasets
from netwerk.errors import ConfigError, GraphError, LeakError
from netwerk.viz import render_map, select_nodes, show_map, write_map
from netwerk.viz.maps import PHYSICS_LIMIT


@pytest.fixture(scope="module")
def evil_page() -> tuple[str, object]:
    net = make_case_network(evil=True)
    v = vital_for(net)
    cands = pd.DataFrame({"target": [v.index[0], v.index[0]], "partner": ["gemeente", "politie"],
                          "name_nl": ["Bibob-toets", "aanhouding " + XSS_ALERT],
                          "spectrum": ["administrative", "criminal"], "best_cards": [True, False]})
    return render_map(net, vital=v, candidates=cands, key_players=[v.index[1]])


def test_self_contained_no_external_reference(evil_page):
    page, _ = evil_page
    s = scan(page)
    for tag, attrs in s.tags:
        assert "src" not in attrs, f"<{tag} src=...> found"
        assert "href" not in attrs, f"<{tag} href=...> found"
    assert not any(t == "link" for t, _ in s.tags)
    assert "<script src" not in page.lower() and "<link" not in page.lower()
    # executable scripts: the inlined vis-network and netwerk's own app; plus the JSON data block
    kinds = [a.get("type") for a, _ in s.scripts]
    assert kinds == ["application/json", None, None]
    vis_js = s.scripts[1][1]
    assert "vis-network" in vis_js[:200] and "sourceMappingURL" not in vis_js
    # URLs only inside the vis licence header comment and as the SVG namespace name
    app_js = s.scripts[2][1]
    outside_vis = page.replace(vis_js, "")
    urls = re.findall(r"https?://[^\s\"'<>)]+", outside_vis)
    assert set(urls) <= {"http://www.w3.org/2000/svg"}, urls
    body = vis_js.split("*/", 1)[1]
    assert "//cdn" not in page
    assert "cdn.jsdelivr" not in body and "unpkg.com" not in body
    assert "innerHTML" not in app_js


def test_csp_allows_only_the_hashed_scripts(evil_page):
    page, _ = evil_page
    s = scan(page)
    metas = [a for t, a in s.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert len(metas) == 1
    csp = dict(p.strip().split(" ", 1) for p in metas[0]["content"].split(";") if p.strip())
    assert csp["default-src"] == "'none'"
    assert csp["connect-src"] == "'none'"
    assert csp["img-src"] == "data:"
    assert "unsafe-inline" not in csp["script-src"] and "unsafe-eval" not in csp["script-src"]
    hashes = set(csp["script-src"].split())
    for attrs, text in s.scripts:
        if attrs.get("type") == "application/json":
            continue
        h = "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"
        assert h in hashes
    assert len(hashes) == 2
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    sh = "'sha256-" + base64.b64encode(hashlib.sha256(style.encode()).digest()).decode() + "'"
    assert csp["style-src"] == sh  # no 'unsafe-inline' anywhere
    assert "unsafe" not in metas[0]["content"]


def test_hostile_strings_only_escaped(evil_page):
    page, _ = evil_page
    for bad in (XSS_IMG, XSS_SCRIPT, XSS_ALERT, "<img", "</script><script>"):
        assert bad not in page, bad
    assert page.count("</script>") == 3  # the three script elements close, nothing else does
    data = map_data(page)
    labels = {n["label"] for n in data["nodes"]}
    assert XSS_IMG in labels and XSS_SCRIPT in labels  # kept as text, shown via textContent
    parts = {p for e in data["edges"] for p in e["partners"]}
    assert "kvk" + XSS_ALERT in parts
    lines = [c["action"] for n in data["nodes"] for c in n["candidates"]]
    assert any(XSS_ALERT in s for s in lines)
    assert "\u2028" not in page


def test_content_of_the_map(evil_page):
    page, res = evil_page
    data = map_data(page)
    assert res.n_nodes_shown == res.n_nodes_total == 13 and res.left_out["nodes"] == 0
    assert res.audience == "case-meeting"
    assert data["meta"]["physics"] is True and data["meta"]["message"] is None
    assert {k["name"] for k in data["kinds"]} == {"person", "company", "property", "address",
                                                    "vehicle", "phone", "account", "permit"}
    shapes = {k["name"]: k["shape"] for k in data["kinds"]}
    assert len(set(shapes.values())) == 8
    rel = {r["name"]: r for r in data["relations"]}
    assert rel["co_suspect"]["line"] == "dashed" and rel["director_of"]["line"] == "solid"
    # relation kinds are shown by their Dutch names, never as identifiers
    assert rel["director_of"]["label"] == "bestuurder van"
    assert {e["kind_label"] for e in data["edges"]} >= {"bestuurder van", "medeverdachte van"}
    # two co_suspect records (politie, gemeente) are one drawn edge with both records
    co = [e for e in data["edges"] if e["kind"] == "co_suspect"]
    assert len(co) == 1 and co[0]["partners"] == ["gemeente", "politie"]
    assert len(co[0]["records"]) == 2 and co[0]["grading"] == pytest.approx(0.8 * 0.5 + 0.6 * 0.5)
    assert data["meta"]["graded"] is True
    nodes = {n["id"]: n for n in data["nodes"]}
    v = vital_for(make_case_network(evil=True))
    top = v.index[0]
    assert nodes[top]["vital"] and nodes[top]["size"] == 30.0
    assert nodes[v.index[1]]["key"]
    assert not nodes[v.index[-1]]["vital"]
    assert any(m[0] == "Rol als makelaar" and m[1] == "verbinder (liaison)"
               for m in nodes[top]["measures"])
    assert nodes[top]["reason"] == "top betweenness"
    first = nodes[top]["candidates"][0]
    assert (first["partner"], first["action"], first["spectrum"]) == (
        "gemeente", "Bibob-toets", "bestuurlijk")
    assert {s["name"] for s in data["stages"]} >= {"financing", "location", "(none)"}
    labels = {s["name"]: s["label"] for s in data["stages"]}
    assert labels["financing"] == "Financiering" and labels["(none)"] == "geen schakel"
    # short readable aliases as labels, the pseudonym in the panel
    assert nodes[top]["label"] == nodes[top]["alias"] and nodes[top]["alias"] == "B01"
    assert ["Pseudoniem", top] in nodes[top]["fields"]
    assert [p["name"] for p in data["partners"]] == sorted(p["name"] for p in data["partners"])


def test_write_map_file_and_determinism(tmp_path, case_net):
    a = write_map(case_net, tmp_path / "a.html", seed=3)
    b = write_map(case_net, tmp_path / "sub" / "b.html", seed=3)
    c = write_map(case_net, tmp_path / "c.html", seed=4)
    assert a.path.read_bytes() == b.path.read_bytes()
    assert a.path.read_bytes() != c.path.read_bytes()
    assert a.physics and a.n_edges_shown == 15


def test_large_network_physics_off_positions_present():
    net = barabasi(PHYSICS_LIMIT + 200, seed=1)
    page, res = render_map(net, max_nodes=3000)
    data = map_data(page)
    assert res.n_nodes_shown == net.n_nodes and not res.physics
    assert data["meta"]["physics"] is False
    xs = [(n["x"], n["y"]) for n in data["nodes"]]
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in xs)
    assert len(set(xs)) > 0.95 * len(xs)  # spread out, not stacked
    assert sum(n["show_label"] for n in data["nodes"]) == 0  # no vital, no key players: no labels


def test_neighbourhood_cut_above_max_nodes():
    net = barabasi(2000, seed=2)
    deg = pd.Series(net.simple_graph.degree(), index=net.nodes.index, dtype=float)
    v = pd.DataFrame({"vital_score": deg / deg.max()})
    v["rank"] = v["vital_score"].rank(ascending=False, method="first")
    page, res = render_map(net, vital=v, max_nodes=400)
    data = map_data(page)
    assert res.n_nodes_shown == 400 and res.n_nodes_total == 2000
    assert res.left_out["nodes"] == 1600
    assert sum(res.left_out["by_kind"].values()) == 1600
    assert res.left_out["relations"] == net.n_edges - sum(
        1 for _ in net.subgraph([n["id"] for n in data["nodes"]]).edges.itertuples())
    msg = data["meta"]["message"]
    assert "400 van 2.000 knooppunten" in msg and "Weggelaten: 1.600 knooppunten" in msg
    assert msg in page  # shown in the page (autoescaped text, no markup inside)
    shown = {n["id"] for n in data["nodes"]}
    top = v.sort_values("rank").index[0]
    assert top in shown
    # the most vital node's whole ego network is on the map
    g = net.simple_graph
    nb = {net.nodes.index[i] for i in g.neighbors(int(net.positions([top])[0]))}
    assert nb <= shown or len(nb) >= 400


def test_select_nodes_rules():
    net = datasets.karate()
    ids, seeds = select_nodes(net, max_nodes=100)
    assert len(ids) == 34 and seeds == 0
    ids, seeds = select_nodes(net, max_nodes=5)
    # by degree: node 33 (17 ties) first, then its neighbours by degree (ties by id)
    assert "33" in ids and len(ids) == 5 and seeds == 1
    ids, _ = select_nodes(net, max_nodes=3, key_players=["11"])
    assert "11" in ids and "0" in ids  # node 11's only neighbour is 0
    with pytest.raises(GraphError):
        select_nodes(net, max_nodes=0)


def test_unknown_key_player_and_layout():
    net = datasets.florentine()
    with pytest.raises(GraphError):
        render_map(net, key_players=["nobody"])
    with pytest.raises(GraphError):
        render_map(net, layout="spiral")


@pytest.mark.parametrize("label, digits", [
    ("J. Jansen 111222333", "111222333"),
    # the same detectors as the ingest scan: a BSN glued to a prefix, or with no-break spaces
    ("J. Jansen BSN123456782", "123456782"), ("rol nr.123456782", "123456782"),
    ("J. Jansen 123\u00a0456\u00a0782", "456"),
])
def test_leak_guard_refuses_raw_identifier(tmp_path, case_net, label, digits):
    nodes = case_net.nodes.copy()
    nodes.iloc[0, nodes.columns.get_loc("label")] = label
    from netwerk import Network

    bad = Network(nodes=nodes, edges=case_net.edges, directed=True)
    with pytest.raises(LeakError) as e:
        write_map(bad, tmp_path / "m.html")
    assert digits not in str(e.value) and "BSN" in str(e.value)  # the kind in words
    assert not (tmp_path / "m.html").exists()


@pytest.mark.parametrize("label, part, kind", [
    # written with separators (the class of tests/test_privacy_separators.py)
    ("J. Jansen, auto 6 VSP 01", "VSP", "plate"), ("kenteken 99 xx bb", "xx bb", "plate"),
    ("rek. NL91.ABNA.0417.1643.00", "ABNA", "iban"), ("bel 06 - 123 456 78", "456", "phone"),
])
def test_leak_guard_refuses_identifier_written_with_separators(tmp_path, case_net, label, part,
                                                                 kind):
    nodes = case_net.nodes.copy()
    nodes.iloc[0, nodes.columns.get_loc("label")] = label
    from netwerk import Network

    bad = Network(nodes=nodes, edges=case_net.edges, directed=True)
    with pytest.raises(LeakError) as e:
        write_map(bad, tmp_path / "m.html")
    from netwerk.privacy import kind_label

    assert part not in str(e.value) and kind_label(kind) in str(e.value)  # the kind in words
    assert not (tmp_path / "m.html").exists()


def test_restricted_raw_value_not_shown_is_not_a_leak(case_net):
    na = case_net.node_attributes.copy()
    na.loc[len(na)] = [case_net.nodes.index[0], "debt_amount", "NL91ABNA0417164300", "gemeente", 9]
    from netwerk import Network

    net = Network(nodes=case_net.nodes, edges=case_net.edges, directed=True, node_attributes=na)
    render_map(net)  # case meeting: the restricted row is not shown, so no leak
    with pytest.raises(LeakError):
        render_map(net, audience="partner:gemeente")


def test_audiences_on_the_map(case_net):
    p0 = case_net.nodes.index[0]

    def attrs(page):
        return {tuple(a) for n in map_data(page)["nodes"] if n["id"] == p0 for a in n["attributes"]}

    cm, _ = render_map(case_net)
    assert attrs(cm) == {("horeca_permit", "yes", "gemeente")}
    gm, res = render_map(case_net, audience="partner", partner="gemeente")
    assert res.audience == "partner:gemeente"
    assert ("debt_amount", "800", "gemeente") in attrs(gm)
    assert all(a[1] != "12500" for a in attrs(gm))
    assert "12500" not in json.dumps(map_data(gm)) and "12500" not in json.dumps(map_data(cm))
    bd, _ = render_map(case_net, audience="partner:belastingdienst")
    assert ("debt_amount", "12500", "belastingdienst") in attrs(bd)
    assert '"800"' not in json.dumps(map_data(bd))
    assert "enforcement_history" not in json.dumps(map_data(bd))
    with pytest.raises(ConfigError):
        render_map(case_net, audience="partner:om")
    with pytest.raises(ConfigError):
        render_map(case_net, audience="steering-group")


def test_show_map_iframe(case_net):
    out = show_map(case_net, height=400)
    html = out.data
    assert html.startswith('<div class="netwerk-map"><iframe sandbox="allow-scripts allow-downloads"')
    assert "height:400px" in html
    srcdoc = html.split('srcdoc="', 1)[1]
    assert "<script" not in srcdoc and "&lt;script" in srcdoc
    assert '"' not in srcdoc[:-len('"></iframe></div>')]
