"""Open generated maps in headless Chromium: the graph renders, no console error, no request,
hostile labels do not run. Uses ``tests/browser_util.py`` (DevTools protocol over a pipe)."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from browser_util import RENDERED, Browser, needs_chromium
from vizcases import XSS_ALERT, XSS_IMG, XSS_SCRIPT, barabasi, make_case_network, vital_for

from netwerk.viz import write_map

pytestmark = [pytest.mark.browser, needs_chromium()]


@pytest.fixture(scope="module")
def browser():
    with Browser() as b:
        yield b


@pytest.fixture(scope="module")
def evil_map(tmp_path_factory):
    net = make_case_network(evil=True)
    v = vital_for(net)
    cands = pd.DataFrame({"target": [net.nodes.index[1]], "partner": ["politie"],
                          "name_nl": ["aanhouding " + XSS_IMG]})
    path = tmp_path_factory.mktemp("maps") / "evil map.html"
    write_map(net, path, vital=v, candidates=cands, key_players=[v.index[0]])
    return path, net


def _search(page, text: str) -> None:
    page.evaluate(
        "(function(q){var s=document.getElementById('search'); s.value=q;"
        "s.dispatchEvent(new KeyboardEvent('keydown',{key:'Enter'})); return 1;})"
        f"({json.dumps(text)})"
    )


def test_map_renders_offline_and_safely(browser, evil_map):
    path, net = evil_map
    page = browser.open(path)
    assert page.wait_for(RENDERED) == str(net.n_nodes)
    assert page.evaluate("window.netwerkMap.network.body.data.nodes.length") == net.n_nodes
    assert page.evaluate("document.querySelectorAll('#map canvas').length") == 1
    # every node got a position on the canvas
    pos = page.evaluate("Object.keys(window.netwerkMap.network.getPositions()).length")
    assert pos == net.n_nodes
    # open the details panel of each hostile node (search -> panel built with textContent)
    for nid in net.nodes.index[1:3]:
        _search(page, nid)
        text = page.evaluate("document.getElementById('panel').textContent")
        assert nid in text
    assert XSS_SCRIPT in text
    _search(page, net.nodes.index[1])
    text = page.evaluate("document.getElementById('panel').textContent")
    assert XSS_IMG in text and ("aanhouding " + XSS_IMG) in text
    # click an edge with hostile provenance: the edge panel
    page.evaluate("(function(){var m=window.netwerkMap; m.showEdge(m.data.edges[0].id); return 1})()")
    text = page.evaluate("document.getElementById('panel').textContent")
    assert "bestuurder van" in text and "director_of" not in text and ("kvk" + XSS_ALERT) in text
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.evaluate("document.querySelectorAll('#panel img, #side img, script[src]').length") == 0
    # a real mouse click on the node with the hostile label opens its panel, as text
    page.wait_for("!window.netwerkMap.network.physics.options.enabled", timeout=10)
    nid = net.nodes.index[1]
    x, y = page.evaluate(
        "(function(id){var m=window.netwerkMap.network; var d=m.canvasToDOM(m.getPositions([id])[id]);"
        "var r=document.getElementById('map').getBoundingClientRect(); return [d.x+r.left, d.y+r.top];})"
        f"({json.dumps(nid)})")
    page.evaluate("document.getElementById('panel').style.display='none'")
    page.click(x, y)
    assert page.wait_for("document.getElementById('panel').style.display === 'block'")
    assert page.evaluate("document.querySelector('#panel h3').textContent").startswith(XSS_IMG)
    assert page.evaluate("typeof window.__xss") == "undefined"
    # filters hide nodes
    page.evaluate("(function(){var b=document.querySelector('#filters input[type=checkbox]');"
                  "b.click(); return 1})()")
    hidden = page.evaluate("window.netwerkMap.nodes.get({filter: function(n){return n.hidden}}).length")
    assert hidden == 1  # the first kind in the legend: 'account' (1 node)
    assert page.errors == []
    assert page.external_requests == []
    assert page.requests == [path.resolve().as_uri()]


def test_large_map_without_physics(browser, tmp_path):
    net = barabasi(1500, seed=4)
    res = write_map(net, tmp_path / "big.html", max_nodes=1200)
    assert res.n_nodes_shown == 1200 and not res.physics
    page = browser.open(res.path)
    assert page.wait_for(RENDERED) == "1200"
    assert page.evaluate("window.netwerkMap.network.physics.options.enabled") is False
    assert "Weggelaten: 300 knooppunten" in page.evaluate("document.getElementById('leftout').textContent")
    assert page.errors == [] and page.external_requests == []


def test_the_checks_can_fail(browser, tmp_path):
    """The helper sees a request, a console error and a CSP violation when there is one."""
    leaky = tmp_path / "leaky.html"
    leaky.write_text('<!DOCTYPE html><html><body><img src="http://127.0.0.1:9/x.png">'
                     "<script>console.error('boom')</script></body></html>")
    page = browser.open(leaky)
    assert any(u.startswith("http://127.0.0.1:9/") for u in page.external_requests)
    page.wait_for("true")
    assert any("boom" in e for e in page.errors)
    # the map's CSP blocks an injected external image and an unhashed inline script
    net = make_case_network()
    res = write_map(net, tmp_path / "m.html")
    html = res.path.read_text(encoding="utf-8").replace(
        "<body>", '<body><img src="http://127.0.0.1:9/y.png"><script>window.__xss=3</script>', 1)
    tampered = tmp_path / "tampered.html"
    tampered.write_text(html, encoding="utf-8")
    page = browser.open(tampered)
    page.wait_for(RENDERED)
    assert page.evaluate("typeof window.__xss") == "undefined"
    # the attempt is seen (so the map tests above would notice one) and blocked by the CSP
    assert any(u.startswith("http://127.0.0.1:9/") for u in page.external_requests)
    assert any("csp" in e for e in page.errors if e.startswith("network:")), page.errors
    assert any("Content Security Policy" in e for e in page.errors), page.errors
