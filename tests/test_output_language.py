"""The map, the case-selection report and the demo speak one language: Dutch by default, English
under ``netwerk.i18n.using("en")`` / ``--lang en``. Each element that leaked before (package names
in the map's menu, action and partner names, timeline categories, the report's drawing and
phenomenon, the demo's closing block) is rendered in both languages; no Dutch-only label remains
in the English output and no English-only label in the Dutch one."""

from __future__ import annotations

import json
import re

import pytest

import netwerk as nw
from netwerk.datasets import sample_case
from netwerk.i18n import catalogue, using
from netwerk.interventions import alternative_packages
from netwerk.interventions.plan import partner_label
from netwerk.interventions.selection import PROFILES
from netwerk.report import build_selection
from netwerk.report.write import render_selection_html
from netwerk.viz.certainty import TIMELINE_CATEGORIES

EN = catalogue("en")


def map_data(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="netwerk-data">(.*?)</script>', page, re.S)
    assert m, "no data block"
    return json.loads(m.group(1))


def _differs(nl: str) -> bool:
    """A label whose English differs from its Dutch (the ones that can leak)."""
    return EN.gettext(nl) != nl


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    root = tmp_path_factory.mktemp("lang")
    store = sample_case("hennep-oost", root)
    out = {}
    for lang in ("nl", "en"):
        with using(lang):
            c = nw.open_case(store)
            ranking = c.vital(seed=0)
            plan = c.plan(seed=0, vital=ranking)
            alts = alternative_packages(c.net, c.model, seed=0, vital=ranking.table,
                                        top=plan.params.get("top", 20))
            path = c.map(root / f"kaart-{lang}.html", vital=ranking, plan=plan,
                         alternatives=alts, stability=0, date="2026-11-30").path
            sel = build_selection([store], seed=0, stability=0)
            html = render_selection_html(sel)
        out[lang] = {"map": map_data(path.read_text(encoding="utf-8")), "report": html,
                     "case": c, "sel": sel}
    return out


def _package_names(data: dict) -> list[str]:
    return [p["label"] for p in (data.get("whatif") or {}).get("packages", [])]


def test_package_names_in_the_menu(outputs):
    nl, en = (_package_names(outputs[k]["map"]) for k in ("nl", "en"))
    profiles = [label for label, _opts in PROFILES.values()]
    assert len(nl) == len(en) >= 2  # the recommended package and its alternatives
    assert nl[0] == "Aanbevolen pakket" and en[0] == EN.gettext("Aanbevolen pakket")
    assert set(nl[1:]) <= set(profiles)
    assert set(en[1:]) <= {EN.gettext(p) for p in profiles}
    assert not set(en) & set(nl)  # every one of them has its own English name


def test_action_and_partner_names(outputs):
    cat = outputs["nl"]["case"].model.catalogue
    pairs = {a.name_nl: a.name_en for a in cat if a.name_en and a.name_en != a.name_nl}
    for lang, other in (("nl", set(pairs.values())), ("en", set(pairs))):
        data = outputs[lang]["map"]
        shown = [a["action"] for p in data["whatif"]["packages"] for a in p["actions"]]
        shown += [it["action"] for n in data["nodes"] for it in n.get("package") or []]
        shown += [c["action"] for n in data["nodes"] for c in n.get("candidates") or []]
        assert shown and not other & set(shown), lang
        labels = {p["name"]: p["label"] for p in data["partners"]}
        # a package target's label names its partner in the map's language, never by its id
        pk = [n["package_label"] for n in data["nodes"] if n.get("package_label")]
        with using(lang):
            names = {partner_label(None, p) for p in cat.partners}
        assert pk and all(t.split(": ")[0] in names for t in pk), pk[:3]
        with using(lang):
            assert labels["gemeente"] == partner_label(None, "gemeente")
        assert labels["gemeente"] == {"nl": "Gemeente (burgemeester / college)",
                                      "en": partner_label_en("gemeente")}[lang]
        rows = [v for e in data["edges"] for r in e["records"] for k, v in r
                if k == ("Partner" if lang == "nl" else EN.gettext("Partner"))]
        masked = "afgeschermde bron" if lang == "nl" else "masked source"
        assert masked in rows and ("masked source" if lang == "nl" else
                                   "afgeschermde bron") not in rows


def partner_label_en(p: str) -> str:
    with using("en"):
        out = partner_label(None, p)
    assert out != partner_label(None, p)
    return out


def test_timeline_categories(outputs):
    for lang in ("nl", "en"):
        cats = {c["name"]: c["label"] for c in outputs[lang]["map"]["timeline"]["categories"]}
        rep = {c["name"]: c["label"] for c in outputs[lang]["sel"].cases[0].timeline["categories"]}
        assert cats == rep and "masked_source" in cats
        for name, label in cats.items():
            nl = TIMELINE_CATEGORIES[name]
            assert label == (nl if lang == "nl" else EN.gettext(nl))
            if _differs(nl):
                assert label != (EN.gettext(nl) if lang == "nl" else nl)


def _svg_texts(html: str) -> list[str]:
    svg = re.search(r'<svg[^>]*class="netwerk-network".*?</svg>', html, re.S)
    assert svg, "no network drawing in the report"
    return [t for t in re.findall(r">([^<>]+)<", svg.group(0)) if t.strip()]


def test_report_drawing_and_phenomenon(outputs):
    model = outputs["nl"]["case"].model
    assert model.label_en and model.label_en != model.label_nl
    nl, en = outputs["nl"]["report"], outputs["en"]["report"]
    assert model.label_nl in nl and model.label_en not in nl
    assert model.label_en in en and model.label_nl not in en
    t_nl, t_en = _svg_texts(nl), _svg_texts(en)
    assert "Netwerk van de casus" in t_nl and "Network of the case" in t_en
    kinds_nl = {"persoon", "onderneming", "adres", "pand"}
    assert not [t for t in t_en if any(f"({k})" in t for k in kinds_nl)]
    assert not [t for t in t_en if "Netwerk" in t or "knooppunten" in t]
    assert not [t for t in t_nl if "Network" in t or "(person)" in t or "(company)" in t]


def test_demo_closing_block(monkeypatch, tmp_path):
    from netwerk.cli import demo_cmd

    head, lines = demo_cmd.open_these(tmp_path, [tmp_path / "c.duckdb"], [tmp_path / "m.html"],
                                      [tmp_path / "p"])
    with using("en"):
        head_en, lines_en = demo_cmd.open_these(tmp_path, [tmp_path / "c.duckdb"],
                                                [tmp_path / "m.html"], [tmp_path / "p"])
    labels = [ln.split(" : ")[0].strip() for ln in lines]
    labels_en = [ln.split(" : ")[0].strip() for ln in lines_en]
    assert head == "open deze bestanden" and head_en == "open these files"
    assert labels == ["casusselectierapport", "editie stuurgroep", "toegangslog per casus",
                      "netwerkkaart", "actieplan", "vitale knooppunten"]
    assert labels_en == ["case-selection report", "stuurgroep edition", "access log per case",
                         "network map", "action plan", "vital nodes"]
    assert len({ln.index(" : ") for ln in lines}) == 1  # one column
    # every step of `netwerk --lang en demo` runs in the demo's language
    seen = []
    monkeypatch.setattr("netwerk.cli.main.run", lambda args: seen.append(args) or 0)
    with using("en"):
        demo_cmd._step(["analyse", "x"])
    demo_cmd._step(["analyse", "x"])
    assert seen == [["--lang", "en", "analyse", "x"], ["--lang", "nl", "analyse", "x"]]
