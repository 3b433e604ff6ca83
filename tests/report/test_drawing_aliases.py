"""The report's static network drawing names nodes as the map and the tables do (P01, B03): no
pseudonym in any text of the SVG, and the labelled nodes carry the map's names for the same case
(the casusoverleg report and the progress report's before/after pictures)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

import netwerk as nw
from netwerk.datasets import sample_case
from netwerk.privacy import PSEUDONYM_RE
from netwerk.report.build import analyse_case

NS = "{http://www.w3.org/2000/svg}"
ALIAS = re.compile(r"[A-Z]\d{2,}")


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    root = tmp_path_factory.mktemp("drawing")
    store = sample_case("hennep-oost", root)
    case = nw.open_case(store)
    analysis = analyse_case(case, seed=0, stability=0)
    page = case.map(root / "kaart.html", stability=0, date="2026-11-30").path.read_text(
        encoding="utf-8")
    m = re.search(r'<script type="application/json" id="netwerk-data">(.*?)</script>', page, re.S)
    return case, analysis, json.loads(m.group(1))


def _texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return [t.text or "" for t in root.iter() if t.tag in (NS + "text", NS + "title")]


def test_no_pseudonym_in_any_text(made):
    case, analysis, _ = made
    svg = analysis.map_svg
    texts = _texts(svg)
    assert len(texts) > 20
    assert not [t for t in texts if PSEUDONYM_RE.search(t)]
    assert not PSEUDONYM_RE.search(svg)  # nor in an attribute
    # not even a truncated pseudonym (the old labels: the first 16 characters and "…")
    prefixes = {str(i)[:8] for i in case.net.nodes.index}
    assert not [t for t in texts if any(p in t for p in prefixes)]


def test_labels_are_the_maps_aliases(made):
    case, analysis, data = made
    alias = {n["id"]: n["alias"] for n in data["nodes"]}
    root = ET.fromstring(analysis.map_svg)
    labels = [t.text for t in root.iter(NS + "text") if t.text and ALIAS.fullmatch(t.text)]
    top = analysis.vital.sort_values("rank").index[:5]
    assert sorted(labels) == sorted(alias[str(i)] for i in top)
    # every node's tooltip starts with its map name
    tips = [t.text.split(" ")[0] for c in root.iter(NS + "circle") for t in c.iter(NS + "title")]
    assert tips and set(tips) <= set(alias.values())
    assert all(ALIAS.fullmatch(t) for t in tips)


def test_progress_pictures_use_one_name_per_node(made):
    from netwerk.report.progress import _pictures

    case, _, _ = made

    class Res:
        executed = {"target": [], "action_id": []}

    before, after = _pictures(case.net, Res(), case.model.catalogue, 0)
    for svg in (before, after):
        texts = _texts(svg)
        assert texts and not [t for t in texts if PSEUDONYM_RE.search(t)]
