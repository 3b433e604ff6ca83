"""Every output format carries the classification marking and the human-decision statement."""

from __future__ import annotations

import csv
import json

import pandas as pd
import pytest
from openpyxl import load_workbook

from netwerk.governance import (
    CaseRecord,
    Edition,
    decision_statement,
    is_marked,
    mark_file,
    marking_text,
    read_marked_csv,
)
from netwerk.governance.marking import MARKING_SHEET

REC = CaseRecord("hennep-oost", classification="Vertrouwelijk")
MARK = marking_text(REC, Edition("stuurgroep"), on="2026-11-30")
STATEMENT = decision_statement()


def test_marking_text_names_case_edition_date_and_restriction():
    assert MARK == ("Vertrouwelijk — alleen voor stuurgroep hennep-oost, d.d. 2026-11-30; "
                    "niet verder verstrekken")
    train = marking_text(CaseRecord("x", classification="Oefening", training=True),
                         Edition("partner", "gemeente"), on="2026-01-01")
    assert "Oefening" in train and "partner gemeente" in train


def _files(tmp_path):
    df = pd.DataFrame({"a": ["=1+1", "x"], "b": [1, 2]})
    df.to_csv(tmp_path / "t.csv", index=False, encoding="utf-8-sig")
    df.to_excel(tmp_path / "t.xlsx", index=False, sheet_name="data")
    (tmp_path / "t.md").write_text("# Titel\n\ntekst\n", encoding="utf-8")
    (tmp_path / "t.html").write_text("<!doctype html><html><body class='x'><h1>T</h1></body></html>",
                                     encoding="utf-8")
    (tmp_path / "t.json").write_text(json.dumps({"k": 1}), encoding="utf-8")
    (tmp_path / "t.graphml").write_text('<?xml version="1.0"?>\n<graphml/>\n', encoding="utf-8")
    return sorted(tmp_path.iterdir())


def test_every_format_is_marked_once(tmp_path):
    for f in _files(tmp_path):
        assert not is_marked(f)
        mark_file(f, MARK, statement=STATEMENT)
        assert is_marked(f, MARK), f.name
        before = f.read_bytes()
        mark_file(f, MARK, statement=STATEMENT)  # idempotent
        assert f.read_bytes() == before, f.name


def test_csv_first_row_is_the_marking_and_data_reads_back(tmp_path):
    _files(tmp_path)
    f = tmp_path / "t.csv"
    mark_file(f, MARK)
    assert f.read_bytes().startswith(b"\xef\xbb\xbf")
    with open(f, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == [MARK] and rows[1] == ["a", "b"]
    back = read_marked_csv(f)
    assert back.columns.tolist() == ["a", "b"] and len(back) == 2


def test_xlsx_first_sheet_and_print_header(tmp_path):
    _files(tmp_path)
    f = tmp_path / "t.xlsx"
    mark_file(f, MARK, statement=STATEMENT)
    wb = load_workbook(f)
    assert wb.sheetnames[0] == MARKING_SHEET
    assert wb[MARKING_SHEET]["A1"].value == MARK
    assert wb[MARKING_SHEET]["A2"].value.startswith("Hulpmiddel, geen besluit")
    assert wb["data"]["A1"].value == "a"  # data not shifted
    assert MARK in wb["data"].oddHeader.center.text


def test_html_header_and_footer_escape(tmp_path):
    f = tmp_path / "t.html"
    f.write_text("<html><body><p>x</p></body></html>", encoding="utf-8")
    evil = MARK + " <script>alert(1)</script>"
    mark_file(f, evil, statement=STATEMENT)
    text = f.read_text("utf-8")
    assert "<script>" not in text
    assert text.index("netwerk-marking") < text.index("<p>x</p>") < text.index("netwerk-marking-footer")
    assert "Hulpmiddel, geen besluit" in text


def test_markdown_header_and_footer(tmp_path):
    f = tmp_path / "t.md"
    f.write_text("# Plan\n", encoding="utf-8")
    mark_file(f, MARK, statement=STATEMENT)
    text = f.read_text("utf-8")
    assert text.startswith("> **Vertrouwelijk")
    assert text.rstrip().endswith("verstrekken_")
    assert "Hulpmiddel, geen besluit" in text


def test_unmarkable_suffix(tmp_path):
    f = tmp_path / "x.png"
    f.write_bytes(b"\x89PNG")
    with pytest.raises(ValueError):
        mark_file(f, MARK)


def test_decision_lines_follow_the_statement():
    dec = pd.DataFrame([{"decision_id": 1, "decided_by": "casusoverleg", "decided_on": "2026-05-12",
                         "decision": "Bibob-toets pand", "reasons": "KvK-uittreksel regel 4",
                         "alternatives": "waarschuwing", "reservations": None}])
    lines = decision_statement(dec)
    assert lines[1] == ("Besluit 1 door casusoverleg op 2026-05-12: Bibob-toets pand. Redenen: "
                        "KvK-uittreksel regel 4. Overwogen alternatieven: waarschuwing.")


def test_decision_statement_follows_the_language():
    # `netwerk --lang en` outputs carry the English statement, not the Dutch one
    from netwerk.governance.marking import DECISION_STATEMENT_EN, DECISION_STATEMENT_NL
    from netwerk.i18n import using

    assert decision_statement()[0] == DECISION_STATEMENT_NL
    with using("en"):
        assert decision_statement()[0] == DECISION_STATEMENT_EN
    assert decision_statement(lang="en")[0] == DECISION_STATEMENT_EN
