"""The issue's "Must show", end to end through the commands on a sample case.

* each edition shows only what it may (stuurgroep: no pseudonym or person row anywhere in the
  HTML/CSV/XLSX; casusoverleg: no partner provenance for a node only a restricted-source extract
  names; private partner: no police/tax-derived reason text; restricted attributes hidden on the
  map are hidden in plan, candidates and report too);
* every output carries its marking;
* every read and write is in the access log, each output with its SHA-256;
* purge removes the store and the recorded outputs and leaves a tombstone.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from netwerk.cli.main import run
from netwerk.governance import (
    is_marked,
    read_access_log,
    recipient_register,
    tombstone_path,
    verify_access_log,
)
from netwerk.governance.marking import MARKABLE_SUFFIXES
from netwerk.provenance import file_sha256

PSEUDONYM = re.compile(r"\b[A-Z]{2,5}-[0-9a-f]{24}\b")
RESTRICTED_SOURCES = ("Belastingdienst", "politie")


def _texts(path: Path) -> list[str]:
    """Every text a recipient can read in a file (cells of every sheet for XLSX)."""
    if path.suffix == ".xlsx":
        wb = load_workbook(path, read_only=True)
        out = [ws.title for ws in wb.worksheets]
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                out += [str(v) for v in row if v is not None]
        wb.close()
        return out
    return [path.read_text("utf-8", errors="replace")]


def map_provenance(html: str) -> set[str]:
    """Every partner a map names as provenance: "bekend bij" per node, partners per relation and
    per relation record, and the partner of each attribute (the acting partners of candidate
    interventions are not provenance)."""
    start = html.index('<script type="application/json" id="netwerk-data">')
    start = html.index(">", start) + 1
    data = json.loads(html[start:html.index("</script>", start)].replace("<\\/", "</"))
    names: set[str] = set()
    for n in data["nodes"]:
        names.update(n["partners"])
        for k, v in n["fields"]:
            if k == "Known to":
                names.update(v.split(", "))
        names.update(a[2] for a in n["attributes"] if a[2])
    for e in data["edges"]:
        names.update(e["partners"])
        for rec in e["records"]:
            names.update(v for k, v in rec if k == "Partner")
    names.update(p["name"] for p in data.get("partners", []))
    return names


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def editions(sample_cases, tmp_path_factory):
    """One copy of hennep-oost, with every output of every edition written from it."""
    from netwerk.datasets import sample_case

    root = tmp_path_factory.mktemp("editions")
    # fresh stores (not copies of the session's): their access logs hold only this module's runs
    case = sample_case("hennep-oost", root)
    other = sample_case("vastgoed-west", root)
    out = root / "out"
    ok = []
    ok.append(run(["decide", str(case), "--by", "casusoverleg 12 mei (vz. burgemeester)",
                   "--on", "2026-05-12", "--decision", "Gemeente start Bibob-toets",
                   "--reasons", "KvK- en Kadasterregels achter de relaties van het doel",
                   "--alternatives", "bestuurlijke waarschuwing", "--analyst", "a.analist"]))
    for ed in ("casusoverleg", "stuurgroep", "partner:gemeente", "private:bank"):
        # the private partner gets actions only when it has capacity (and the others little)
        cap = ["--capacity", "bank=5,notaris=5,gemeente=5"] if ed.startswith("private") else []
        ok.append(run(["plan", str(case), "--out", str(out / ed / "plan"), "--edition", ed,
                       "--analyst", "a.analist", *cap]))
        ok.append(run(["progress", str(case), "--out", str(out / ed / "progress"), "--edition", ed,
                       "--analyst", "a.analist"]))
    for ed in ("casusoverleg", "partner:Belastingdienst"):
        ok.append(run(["map", str(case), "--out", str(out / ed / "map" / "kaart.html"),
                       "--edition", ed, "--export", "csv", "--export", "i2",
                       "--analyst", "a.analist"]))
    for ed in ("casusoverleg", "stuurgroep"):
        ok.append(run(["report", str(case), str(other), "--out", str(out / ed / "report"),
                       "--edition", ed, "--no-pdf", "--analyst", "a.analist"]))
    assert ok == [0] * len(ok)
    return {"case": case, "other": other, "out": out}


def test_stuurgroep_has_no_pseudonym_or_person_row_anywhere(editions):
    files = _files(editions["out"] / "stuurgroep")
    assert {f.suffix for f in files} >= {".html", ".csv", ".xlsx", ".md"}
    for f in files:
        for text in _texts(f):
            assert not PSEUDONYM.search(text), f"pseudonym in {f.name}"
    # no person-level table: no column for a target, label, vital rank or reason (a case's rank
    # in the selection is fine)
    for f in files:
        if f.suffix == ".csv":
            header = f.read_text("utf-8-sig").splitlines()[1].split(",")
            person_cols = {"target", "label", "vital_rank", "vital_score", "reason", "rationale",
                           "node_id", "target_role"}
            assert not person_cols & set(header), f
    html = (editions["out"] / "stuurgroep" / "report" / "report.html").read_text("utf-8")
    # the stuurgroep edition: portfolio and casusvoorstellen, no person-level table (issue 12)
    assert "Portefeuille" in html and "Casusvoorstel 1" in html
    assert "Belangrijkste vitale actoren" not in html and "Top vital actors" not in html


def test_no_map_for_stuurgroep_or_private(editions, tmp_path, capsys):
    for ed in ("stuurgroep", "private:bank"):
        assert run(["map", str(editions["case"]), "--out", str(tmp_path / "m.html"),
                    "--edition", ed]) == 1
        assert "krijgt geen netwerkkaart" in capsys.readouterr().err
    assert not (tmp_path / "m.html").exists()


def test_casusoverleg_shows_no_restricted_source_provenance(editions):
    co = editions["out"] / "casusoverleg"
    shown = map_provenance((co / "map" / "kaart.html").read_text("utf-8"))
    assert shown and not shown & set(RESTRICTED_SOURCES)
    assert "afgeschermde bron" in shown
    for name in ("entities.csv", "links.csv"):
        text = (co / "map" / "kaart" / name).read_text("utf-8")
        assert "Belastingdienst" not in text and ",politie," not in text
    bronnen = (co / "plan" / "bronnen.csv").read_text("utf-8")
    assert "afgeschermde bron" in bronnen
    assert "belastingdienst.csv" not in bronnen and "politie.csv" not in bronnen
    # the partner's own edition does show its provenance
    own = (editions["out"] / "partner:Belastingdienst" / "map" / "kaart.html").read_text("utf-8")
    assert "Belastingdienst" in map_provenance(own) and "politie" not in map_provenance(own)


def test_restricted_attributes_hidden_in_every_output_of_the_edition(editions):
    for f in _files(editions["out"] / "casusoverleg"):
        for text in _texts(f):
            for word in ("openstaande_schuld", "soort_aanslag", "openstaande schuld"):
                assert word not in text, f"{word} in {f}"


def test_private_partner_gets_requests_without_case_data(editions):
    from netwerk.store import connect, read_table

    pr = editions["out"] / "private:bank"
    plan = (pr / "plan" / "action_plan.csv").read_text("utf-8-sig")
    assert "bank" in plan and "geen casusgegevens" in plan
    with connect(editions["case"], read_only=True) as con:
        attrs = read_table(con, "node_attributes")
    police = set(attrs.loc[attrs["partner"].isin(RESTRICTED_SOURCES), "value"].dropna().astype(str))
    assert police, "the sample case has police/tax attribute values"
    words = {"politie", "Belastingdienst", "verdacht", "schuld", "co_suspect", "vitaal",
             "betweenness", "rationale", "target", "bronnen"}
    for f in _files(pr):
        for text in _texts(f):
            assert not PSEUDONYM.search(text), f
        if f.name == "provenance.json" or f.name.startswith("barrier_matrix"):
            continue  # provenance names the restricted sources; the matrix is catalogue text
        body = " ".join(_texts(f))
        body = body.split("\n", 1)[-1] if f.suffix == ".csv" else body
        for w in words | {v for v in police if len(v) > 3}:  # whole words (ids may hold them)
            assert not re.search(rf"(?<!\w){re.escape(w)}(?!\w)", body, re.I), f"{w} in {f}"


def test_partner_kind_follows_the_catalogue(editions, tmp_path, capsys):
    assert run(["plan", str(editions["case"]), "--out", str(tmp_path / "a"),
                "--edition", "private:gemeente"]) == 1
    assert "publieke partner in de catalogus" in capsys.readouterr().err
    assert run(["plan", str(editions["case"]), "--out", str(tmp_path / "b"),
                "--edition", "partner:bank"]) == 1
    assert "private partner" in capsys.readouterr().err


def test_partner_edition_has_its_own_plan_rows(editions):
    import pandas as pd

    from netwerk.governance import read_marked_csv

    plan = read_marked_csv(editions["out"] / "partner:gemeente" / "plan" / "action_plan.csv")
    assert set(plan["partner"]) <= {"gemeente"}
    full = read_marked_csv(editions["out"] / "casusoverleg" / "plan" / "action_plan.csv")
    assert len(full) > len(plan)
    on_node = full[~full["target"].str.startswith("fase:")]  # stage-level actions have no node
    assert len(on_node) and on_node["bronnen"].str.contains("registraties").all()
    assert isinstance(full, pd.DataFrame)


def test_every_output_is_marked(editions):
    files = _files(editions["out"])
    assert len(files) > 40
    for f in files:
        assert f.suffix.lower() in MARKABLE_SUFFIXES, f"{f.name}: unmarkable output kind"
        assert is_marked(f), f"{f} carries no marking"
    text = (editions["out"] / "stuurgroep" / "plan" / "action_plan.md").read_text("utf-8")
    assert "alleen voor stuurgroep hennep-oost" in text
    assert "Hulpmiddel, geen besluit" in text


def test_decision_record_shown_in_later_outputs(editions):
    for rel in ("casusoverleg/plan/action_plan.md", "casusoverleg/map/kaart.html",
                "casusoverleg/report/report.html", "stuurgroep/progress/progress.html"):
        text = (editions["out"] / rel).read_text("utf-8")
        assert "Hulpmiddel, geen besluit" in text, rel
        assert "Gemeente start Bibob-toets" in text, rel


def test_every_read_and_write_is_logged_with_hash(editions):
    log = read_access_log(editions["case"])
    assert verify_access_log(editions["case"]) == []
    reads = log[log["action"] == "read"]
    assert set(reads["command"]) >= {"netwerk plan", "netwerk map", "netwerk report",
                                     "netwerk progress"}
    writes = log[(log["action"] == "write")
                 & log["path"].str.startswith(str(editions["out"].resolve()))]
    assert len(writes) and (writes["analyst"] == "a.analist").all()
    logged = {Path(p): h for p, h in zip(writes["path"], writes["sha256"], strict=True)}
    for f in _files(editions["out"]):
        if "vastgoed" in f.name:
            continue
        assert f.resolve() in logged, f"{f} not in the access log"
        assert logged[f.resolve()] == file_sha256(f), f"{f}: hash differs"
    # the report is logged in both cases it was made from
    other = read_access_log(editions["other"])
    assert other["path"].str.endswith("report.html").any()
    reg = recipient_register(editions["case"])
    assert {"stuurgroep", "gemeente", "bank", "Belastingdienst", "casusoverleg"} <= set(
        reg["recipient"])


def test_refuses_without_purpose_and_legal_basis(tmp_path, sample_cases, capsys):
    from netwerk.store import connect

    case = tmp_path / "echt.duckdb"
    shutil.copy(sample_cases["hennep-oost"], case)
    with connect(case) as con:
        con.execute("DELETE FROM case_record")
    for cmd in (["plan", str(case), "--out", str(tmp_path / "p")],
                ["map", str(case), "--out", str(tmp_path / "m.html")],
                ["progress", str(case), "--out", str(tmp_path / "g")],
                ["report", str(case), "--out", str(tmp_path / "r"), "--no-pdf"]):
        assert run(cmd) == 1
        assert "geen casusregistratie" in capsys.readouterr().err
    assert not any((tmp_path / d).exists() for d in ("p", "g", "r"))
    assert run(["case", "init", str(case), "--purpose", "Verstoren hennepketen",
                "--legal-basis", "WGS", "--retention-until", "2099-01-01"]) == 0
    assert run(["plan", str(case), "--out", str(tmp_path / "p")]) == 0


def test_purge_removes_store_and_outputs_and_leaves_tombstone(editions):
    case, out = editions["case"], editions["out"]
    n_files = len([f for f in _files(out) if "vastgoed" not in f.name])
    assert run(["purge", str(case), "--yes", "--analyst", "a.analist"]) == 0
    assert not case.exists()
    remaining = _files(out)
    # only report files also recorded by the other case's log could stay; this case's are gone
    assert remaining == []
    doc = json.loads(tombstone_path(case).read_text("utf-8"))
    assert doc["outputs"]["deleted"] == n_files and doc["outputs"]["not_deleted"] == 0
    assert doc["purged_by"] == "a.analist" and doc["counts"]["decisions"] == 1
    assert all(len(d["sha256"]) == 64 for d in doc["deleted"])
    assert not PSEUDONYM.search(tombstone_path(case).read_text("utf-8"))
