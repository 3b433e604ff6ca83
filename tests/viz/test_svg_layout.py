"""Static SVG drawing and seeded layouts."""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET

import igraph as ig
import numpy as np
import pytest
from vizcases import XSS_SCRIPT, barabasi, make_case_network, vital_for

from netwerk import datasets, i18n
from netwerk.errors import GraphError, LeakError
from netwerk.viz import compute_layout, network_svg

NS = "{http://www.w3.org/2000/svg}"


def test_layout_seeded_and_restores_rng():
    g = ig.Graph.Famous("Zachary")
    random.seed(5)
    expected = random.random()
    random.seed(5)
    a = compute_layout(g, seed=7)
    assert random.random() == expected  # Python's global RNG untouched
    b = compute_layout(g, seed=7)
    c = compute_layout(g, seed=8)
    assert a.shape == (34, 2) and np.array_equal(a, b) and not np.array_equal(a, c)
    assert np.allclose(a.mean(axis=0), 0)
    for m in ("fr", "kk", "circle"):
        assert compute_layout(g, method=m, seed=1).shape == (34, 2)
    assert compute_layout(ig.Graph(1)).shape == (1, 2)
    assert compute_layout(ig.Graph(0)).shape == (0, 2)
    with pytest.raises(GraphError):
        compute_layout(g, method="spiral")


def test_svg_parses_and_escapes():
    net = make_case_network(evil=True)
    v = vital_for(net)
    v.loc[net.nodes.index[2], "vital_score"] = 10.0  # the hostile label is the most vital one
    s = network_svg(net, vital=v, labels=13)
    root = ET.fromstring(s)
    assert root.tag == NS + "svg" and root.get("width") == "480"
    assert len(root.findall(f".//{NS}circle")) == 13
    assert len(root.findall(f".//{NS}line")) == net.simple_graph.ecount()
    texts = [t.text for t in root.iter(NS + "text")]
    # nodes are named by their map names only: the hostile label never reaches the drawing
    assert texts and all(re.fullmatch(r"[A-Z]\d{2,}", t) for t in texts)
    assert XSS_SCRIPT[:16] not in s and "<script" not in s and "<img" not in s
    assert s == network_svg(net, vital=v, labels=13)


def test_svg_cut_and_guard():
    net = barabasi(400, seed=3)
    s = network_svg(net, max_nodes=50, width=300, height=200)
    root = ET.fromstring(s)
    assert len(root.findall(f".//{NS}circle")) == 50
    assert "50 van 400 knooppunten getekend" in s
    with i18n.using("en"):
        assert "50 of 400 nodes drawn" in network_svg(net, max_nodes=50, width=300, height=200)
    k = datasets.karate()
    nodes = k.nodes.copy()
    nodes.loc["33", "label"] = "NL91ABNA0417164300"
    from netwerk import Network

    assert "NL91ABNA" not in network_svg(Network(nodes=nodes, edges=k.edges))
    with pytest.raises(LeakError):  # the guard still checks every text the drawing shows
        network_svg(k, aliases={"33": "NL91ABNA0417164300"})
