"""Dutch first: the action plan and the reports of the sample cases carry no internal identifier
(relation kinds, stage ids, action ids) and no English measure phrase; plurals are right; the
stuurgroep edition holds no pseudonym and answers the steering group's questions."""

from __future__ import annotations

import re
from html import unescape

import pytest

import netwerk
from netwerk.interventions import plan_markdown
from netwerk.report import build_selection, render_selection_html
from netwerk.report.progress import build_rollup
from netwerk.report.stuurgroep import (
    build_stuurgroep,
    load_stuurgroep_config,
    render_stuurgroep_html,
)

#: English measure phrases and jargon that must not appear in Dutch outputs.
ENGLISH = ["betweenness", "closeness", "eigenvector", "effective_size", "effective size",
           "constraint", "harmonic", "brokerage", "sole provider", "cuts off", "remove node",
           "cut_relations", "disable_stage", "stage '", "top-5% betweenness", "Severity",
           "Network size", "no feasible package", "person-days", "crime type"]
BAD_PLURALS = ["1 acties", "1 partners", "1 persoonsdagen", "1 casussen", "1 schakels"]
PSEUDONYM = re.compile(r"\b[A-Z]{2,5}-[0-9a-f]{24}\b")


def _internal_ids(model) -> list[str]:
    from netwerk.model import default_model

    return (list(default_model().relation_kinds) + list(model.stage_ids)
            + [i for i in model.catalogue.instruments if "_" in i])


def _assert_dutch(text: str, model, where: str) -> None:
    for ident in _internal_ids(model):
        assert not re.search(rf"(?<![\w/.-]){re.escape(ident)}(?![\w.-])", text), \
            f"identifier {ident!r} in {where}"
    low = text.lower()
    for phrase in ENGLISH:
        assert phrase.lower() not in low, f"English {phrase!r} in {where}"
    for bad in BAD_PLURALS:
        assert not re.search(rf"(?<!\d){re.escape(bad)}\b", text), f"{bad!r} in {where}"


@pytest.fixture(scope="module")
def selection(sample_cases):
    return build_selection([sample_cases["hennep-oost"], sample_cases["vastgoed-west"]], seed=0)


@pytest.mark.parametrize("name", ["hennep-oost", "vastgoed-west"])
def test_action_plan_is_dutch(sample_cases, name):
    case = netwerk.open_case(sample_cases[name])
    plan = case.plan(seed=0)
    md = plan_markdown(plan.table, case=name, date="2026-11-30", package=plan.package,
                       model=case.model)
    assert md.startswith(f"# Actieplan {name}: wie doet wat, waarom, wanneer")
    assert "Datum: 2026-11-30" in md and "Verwacht totaal effect: " in md
    assert "| partner | ingezet (persoonsdagen) | beschikbaar (persoonsdagen) |" in md
    _assert_dutch(md, case.model, f"action plan of {name}")
    # the table's text columns too (they go to CSV and Excel)
    cols = ["target_role", "action", "spectrum", "effects", "decision", "rationale",
            "start_window", "depends_on"]
    _assert_dutch(plan.table[cols].to_csv(), case.model, f"action_plan.csv of {name}")


def test_report_is_dutch(selection):
    html = render_selection_html(selection)
    assert '<html lang="nl">' in html and "Casusselectie" in html
    model = netwerk.interventions.load_barrier_model("cannabis")
    # the identifiers of both cases' models (vastgoed-west: money laundering in real estate)
    other = netwerk.interventions.load_barrier_model("money_laundering_real_estate")
    body = re.sub(r"<(style|svg)\b.*?</\1>", "", html, flags=re.S)  # CSS and drawings
    body = re.sub(r"<[^>]+>", " ", body)  # markup and attribute names
    _assert_dutch(body, model, "report.html")
    _assert_dutch(body, other, "report.html")


def test_report_is_english_when_asked(selection):
    from netwerk.i18n import using

    with using("en"):
        html = render_selection_html(selection)
    assert '<html lang="en">' in html and "Case selection" in html and "Casusselectie" not in html
    assert "Action plan: who does what, why, when" in html


def test_stuurgroep_edition(selection):
    rep = build_stuurgroep(selection)
    assert [p.rank for p in rep.proposals] == [1, 2]
    html = unescape(render_stuurgroep_html(rep))
    assert not PSEUDONYM.search(html), "a pseudonym in the stuurgroep edition"
    for part in ("Portefeuille", "Casusvoorstel 1", "Aanleiding", "Fenomeen",
                 "Beoogd maatschappelijk effect", "Partners en trekker", "Capaciteit",
                 "Risico's", "Gevraagd besluit", "akkoord", "Gevoeligheid voor de gewichten"):
        assert part in html, part
    for p in rep.proposals:
        names = [k.name for k in p.criteria]
        assert names == ["priority", "harm", "deconfliction", "feasibility", "information",
                         "afpak", "effect"]
        assert sum(k.points for k in p.criteria) == pytest.approx(p.score)
    # no case has a running-investigation flag: deconfliction is equal for both and left out
    sat = {s["criterion"]: s["what"] for s in rep.saturated}
    assert "Ruimte naast strafrechtelijk onderzoek (deconflictie)" in sat
    assert all(p.criteria[2].points == 0 for p in rep.proposals)
    # every weight moved by -50 % and +50 %: 14 checks, each with the order it gives
    assert len(rep.sensitivity) == 14
    assert all(" > " in s["order"] for s in rep.sensitivity)


def test_stuurgroep_portfolio_capacity_and_running_cases(selection):
    base = load_stuurgroep_config().model_dump(exclude={"source"})
    first = build_stuurgroep(selection, base)
    need = first.proposals[0].capacity
    # capacity for exactly the first case: the second does not fit
    tight = {**base, "capacity": dict(need)}
    rep = build_stuurgroep(selection, tight)
    assert rep.portfolio == [rep.proposals[0].name]
    assert rep.not_fitting[0]["why"].startswith("tekort aan capaciteit")
    # a running case with a low score and no progress is proposed to stop
    run = {**base, "running": [{"name": "oud-dossier", "score": 10, "capacity": {"gemeente": 5},
                                "progress": False}]}
    rep = build_stuurgroep(selection, run)
    assert [s["name"] for s in rep.stop] == ["oud-dossier"]
    assert "geen voortgang gemeld" in rep.stop[0]["why"]
    # a running criminal investigation keeps a case out until deconflicted
    flag = {**base, "cases": {selection.ranked[0].name: {"lopend_onderzoek": True}}}
    rep = build_stuurgroep(selection, flag)
    assert selection.ranked[0].name not in rep.portfolio
    prop = next(p for p in rep.proposals if p.name == selection.ranked[0].name)
    assert prop.risks[0].startswith("Lopend strafrechtelijk onderzoek")


def test_stuurgroep_rescales_a_saturating_criterion(selection):
    base = load_stuurgroep_config().model_dump(exclude={"source"})
    base["scoring"]["saturation"] = 0.0  # every criterion counts as saturated
    rep = build_stuurgroep(selection, base)
    what = " ".join(s["what"] for s in rep.saturated)
    assert "herschaald" in what
    prio = [p.criteria[0] for p in rep.proposals]
    # both cases have the same priority fit: left out; afpak differs: rescaled to 0 and 1
    afpak = sorted(p.criteria[5].adjusted for p in rep.proposals)
    assert afpak == [0.0, 1.0] and all(k.adjusted == 0.0 for k in prio)


def test_stuurgroep_config_is_validated(tmp_path):
    from netwerk.errors import ConfigError

    bad = tmp_path / "sg.yaml"
    bad.write_text("version: 1\nweights: {priority: 1, typo: 2}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="onbekende criteria in 'weights': typo"):
        load_stuurgroep_config(bad)
    bad.write_text("version: 1\nweights: {priority: 1}\nportfolio: {max: 3}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="portfolio"):
        load_stuurgroep_config(bad)


def test_rollup_of_no_case():
    assert build_rollup([]).narrative == ("Geen casussen.",)
