"""Action plan and exports (formula injection neutralised); intervention log and progress."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest
from intervention_fixtures import CAPACITY, small_cannabis

from netwerk.errors import ConfigError, StoreError
from netwerk.i18n import using
from netwerk.interventions import (
    action_plan,
    apply_stage_rules,
    current_interventions,
    export_plan,
    load_barrier_model,
    log_intervention,
    progress,
    select_package,
)
from netwerk.store import connect, insert_frame, read_interventions

MODEL = load_barrier_model("cannabis")
NET = apply_stage_rules(small_cannabis(), MODEL)


@pytest.fixture(scope="module")
def pkg():
    return select_package(NET, MODEL, capacity=CAPACITY, max_actions=8, vital=list(NET.nodes.index),
                          samples=8, lock_actions=[("b", "aanhouding")])


def test_action_plan(pkg):
    plan = action_plan(pkg, NET, MODEL)
    assert len(plan) == len(pkg)
    assert {"partner", "target", "target_role", "action", "legal_basis", "rationale",
            "start_window", "depends_on", "lead_time"} <= set(plan.columns)
    order = list(MODEL.catalogue.partners)
    assert plan["partner"].map(order.index).is_monotonic_increasing
    arrest = plan[plan.action_id == "aanhouding"].iloc[0]
    assert arrest["depends_on"].startswith("#1 Aandragen bij de weegploeg")
    assert arrest["start_window"].startswith("na afronding van #1")
    assert arrest["target_role"] == "handelaar, schakel 'Verkoop en transport (ook coffeeshop-achterdeur)'"
    proposal = plan[plan.action_id == "opsporingsonderzoek"].iloc[0]
    assert proposal["decision"].startswith("voorstel aan weegploeg")
    assert {"effects", "source", "effort_range", "request_without_case_data"} <= set(plan.columns)
    assert "13b" in MODEL.catalogue["sluiting_13b"].legal_basis
    env = plan[plan.target.str.startswith("fase:")]
    assert (env["target_role"].str.startswith("omgeving van schakel")).all()
    quick = plan[(plan.lead_time == "quick_win") & (plan.depends_on == "")]
    assert (quick["start_window"] == "week 1–4").all()


def test_plan_markdown_states_the_grading_policy(pkg):
    """The targets come from the vital ranking, so the plan says how grading counted in it."""
    from netwerk.analysis.grading import grading_policy
    from netwerk.i18n import using
    from netwerk.interventions import plan_markdown

    text = plan_markdown(action_plan(pkg, NET, MODEL), case="oost", date="2026-11-30")
    assert f"Gradering: {grading_policy()['description_nl']}." in text.splitlines()
    with using("en"):
        text_en = plan_markdown(action_plan(pkg, NET, MODEL), case="oost", date="2026-11-30")
    assert grading_policy()["description_en"] in text_en


def test_export_neutralises_formulas(pkg, tmp_path):
    plan = action_plan(pkg, NET, MODEL)
    plan.loc[0, "target_role"] = '=HYPERLINK("http://evil","klik")'
    plan.loc[0, "rationale"] = "@cmd"
    paths = export_plan(plan, tmp_path)
    assert set(paths) == {"csv", "xlsx", "md"}
    ws = openpyxl.load_workbook(paths["xlsx"])["actieplan"]
    header = [c.value for c in ws[1]]
    row = {h: c.value for h, c in zip(header, ws[2], strict=True)}
    assert row["target_role"] == '\'=HYPERLINK("http://evil","klik")'
    assert row["rationale"] == "'@cmd"
    assert ws.cell(row=2, column=header.index("effort_days") + 1).data_type == "n"
    assert "'=HYPERLINK" in paths["csv"].read_text(encoding="utf-8-sig")
    md = paths["md"].read_text(encoding="utf-8")
    assert md.startswith("# Actieplan") and "## Politie (" in md
    with pytest.raises(ConfigError):
        export_plan(plan, tmp_path, formats=("pdf",))


@pytest.fixture()
def case(tmp_path):
    path = tmp_path / "case.duckdb"
    with connect(path) as con:
        nodes = NET.nodes.reset_index()[["id", "kind", "label"]].rename(columns={"id": "node_id"})
        insert_frame(con, "nodes", nodes)
    return path


def test_log_intervention_validates(case):
    i = log_intervention(case, "aanhouding", "b", "Politie", "2026-11-01", "executed",
                         result="aangehouden")
    assert i == 1
    log = read_interventions(case)
    assert log["partner"].tolist() == ["politie"] and log["status"].tolist() == ["executed"]
    with pytest.raises(ConfigError, match="onbekende actie 'tovenarij' in --action") as err:
        log_intervention(case, "tovenarij", "b", "politie", "2026-11-01", "executed")
    assert "catalogue.yaml" not in str(err.value) and err.value.file is None  # blames --action
    with pytest.raises(ConfigError, match="bedoelde u 'sluiting_13b'") as err:
        log_intervention(case, "sluiting13b", "b", "gemeente", "2026-11-01", "executed")
    assert str(err.value).count("'") <= 8  # the closest ids, not all ~90
    with pytest.raises(ConfigError, match="onbekende status 'done' in --status"):
        log_intervention(case, "aanhouding", "b", "politie", "2026-11-01", "done")
    with pytest.raises(ConfigError, match="onbekende partner 'defensie' in --partner"):
        log_intervention(case, "aanhouding", "b", "defensie", "2026-11-01", "executed")
    with pytest.raises(StoreError, match="geen knooppunt van deze casus"):
        log_intervention(case, "aanhouding", "nobody", "politie", "2026-11-01", "executed")
    with pytest.raises(ConfigError, match="is geen datum"):
        log_intervention(case, "aanhouding", "b", "politie", "1 november", "executed")
    assert len(read_interventions(case)) == 1


def test_log_refuses_what_cannot_have_happened(case):
    """The class of impossible log records: wrong partner, wrong node kind, a future date."""
    import datetime as dt

    from netwerk.interventions import default_catalogue

    cat = default_catalogue()
    with pytest.raises(ConfigError, match="instrument van partner 'politie', niet van 'gemeente'"):
        log_intervention(case, "aanhouding", "b", "gemeente", "2026-11-01", "executed")
    with pytest.raises(ConfigError, match="bedoelde u 'gemeente'"):
        log_intervention(case, "aanhouding", "b", "gemeentee", "2026-11-01", "executed")
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    for status in ("executed", "failed"):
        with pytest.raises(ConfigError, match="ligt in de toekomst"):
            log_intervention(case, "aanhouding", "b", "politie", tomorrow, status)
    with using("en"), pytest.raises(ConfigError, match=r"lies in the future: an action cannot "
                                    r"have status 'executed' yet \(log it as 'planned'\)"):
        log_intervention(case, "aanhouding", "b", "politie", tomorrow, "executed")
    with using("en"), pytest.raises(ConfigError, match="instrument of partner 'politie', not of "
                                                        "'gemeente'"):
        log_intervention(case, "aanhouding", "b", "gemeente", "2026-11-01", "executed")
    assert log_intervention(case, "aanhouding", "b", "politie", tomorrow, "planned") > 0
    # an action for persons only, aimed at a node of another kind
    person_only = next(i for i in cat if i.applies_to.node_kinds != "*"
                       and "person" in i.applies_to.node_kinds
                       and "company" not in i.applies_to.node_kinds)
    from netwerk.store import connect

    with connect(case, read_only=True) as con:
        company = con.execute("SELECT node_id FROM nodes WHERE kind = 'company' LIMIT 1").fetchone()
    assert company is not None
    with pytest.raises(StoreError, match="niet van toepassing op soort 'company'"):
        log_intervention(case, person_only.id, company[0], person_only.partner, "2026-11-01",
                         "executed")


def test_progress(case):
    log_intervention(case, "netbeheerder_verhaal_elektricien", "elek", "netbeheerder",
                     "2026-10-01", "executed")
    log_intervention(case, "aanhouding", "b", "politie", "2026-11-01", "planned")
    log_intervention(case, "aanhouding", "b", "politie", "2026-11-03", "executed")
    log_intervention(case, "bank_exit", "sm", "bank", "2026-12-01", "in_progress")
    log_intervention(case, "sluiting_13b", "P1", "gemeente", "2026-10-15", "executed")
    log_intervention(case, "sluiting_13b", "P1", "gemeente", "2026-10-20", "cancelled")
    cur = current_interventions(read_interventions(case))
    assert len(cur) == 4
    res = progress(NET, case, MODEL)
    assert res.executed[["target", "action_id"]].values.tolist() == [
        ["elek", "netbeheerder_verhaal_elektricien"], ["b", "aanhouding"]]   # date order
    assert res.before["chain_complete"] and not res.after["chain_complete"]
    assert res.after["lcc_share"] < 1.0
    assert res.stages_broken == ["electricity"]
    assert res.providers.loc["electricity", "before"] == 1
    total = res.contributions["marginal_effect"].sum()
    assert total == pytest.approx(res.after["disruption"])
    assert set(res.contributions.index) == {"netbeheerder", "politie"}
    assert res.contributions["share"].sum() == pytest.approx(1.0)
    assert res.open_actions[["target", "status"]].values.tolist() == [["sm", "in_progress"]]
    assert res.skipped.empty


def test_progress_from_log_table_and_empty():
    empty = pd.DataFrame(columns=["intervention_id", "action_id", "target", "partner", "date",
                                  "status", "result", "notes", "recorded_at"])
    res = progress(NET, empty, MODEL)
    assert res.after == res.before and res.contributions.empty and res.stages_broken == []
    log = empty.copy()
    log.loc[0] = [1, "aanhouding", "ghost", "politie", "2026-01-01", "executed", "", "", None]
    res = progress(NET, log, MODEL)
    assert len(res.skipped) == 1 and res.executed.empty
