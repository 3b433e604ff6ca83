"""Rendering: self-contained HTML, CSP, escaping, Excel/CSV neutralisation, determinism, ranking."""

from __future__ import annotations

import re

import openpyxl
import pandas as pd
import pytest
from report_cases import make_analysis, make_net

from netwerk.report import (
    CaseReport,
    build_case_from_network,
    load_selection_weights,
    rank_cases,
    sanitise_svg,
    selection_from_cases,
    write_selection,
)

XSS_SCRIPT = "<script>alert('x')</script>"
XSS_IMG = "<img src=x onerror=alert(1)>"
EVIL_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50">'
            '<circle cx="5" cy="5" r="3" onclick="alert(2)"><title>&lt;img src=x onerror=alert(3)&gt;'
            '</title></circle><script>alert(4)</script><a href="https://evil.example/"><text>x</text></a>'
            '<text x="1" y="9" style="fill:url(https://evil.example/a)">PER-1</text></svg>')


def _selection(extra_broken: bool = True):
    w = load_selection_weights()
    reps = []
    net_a = make_net(label_p1=XSS_SCRIPT)
    reps.append(build_case_from_network(net_a, name="zuid", weights=w,
                                        analysis=make_analysis(net_a, map_svg=EVIL_SVG)))
    net_b = make_net(label_p1=XSS_IMG, crime_type="synthetic_drugs")
    reps.append(build_case_from_network(net_b, name="oost", weights=w, analysis=make_analysis(net_b)))
    net_c = make_net()
    reps.append(build_case_from_network(net_c, name="=cmd|' /C calc'!A0", weights=w,
                                        analysis=make_analysis(net_c, effect=None)))
    if extra_broken:
        reps.append(CaseReport.failed("kapot", "kapot.duckdb: not a netwerk case store"))
    return selection_from_cases(reps, weights=w, seed=0)


def _tags(html: str) -> list[tuple[str, list]]:
    from html.parser import HTMLParser

    found: list[tuple[str, list]] = []

    class P(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    P().feed(html)
    return found


def test_rank_order_and_tie_break():
    mk = lambda n, s: CaseReport(name=n, status="ok", score=s)  # noqa: E731
    ranked = rank_cases([mk("b", 50.0), CaseReport.failed("a-broken", "x"), mk("c", 70.0),
                         mk("a", 50.0)])
    assert [(r.name, r.rank) for r in ranked] == [("c", 1), ("a", 2), ("b", 3), ("a-broken", None)]


def test_ranking_table(tmp_path):
    sel = _selection()
    df = sel.ranking()
    assert df["case"].tolist()[-1] == "kapot"
    assert df["status"].tolist() == ["ok", "ok", "ok", "error"]
    # synthetic drugs (severity .9) outranks the same network as cannabis (.6)
    assert df["case"].tolist()[0] == "oost"
    assert df["score"].iloc[0] > df["score"].iloc[1] >= df["score"].iloc[2]
    assert df.loc[3, "error"].startswith("kapot.duckdb")
    for name in ("severity", "undermining", "effect_effort"):
        assert {f"{name}_raw", f"{name}_score", f"{name}_weight", f"{name}_points"} <= set(df.columns)


def _has_weasyprint() -> bool:
    import importlib.util

    return importlib.util.find_spec("weasyprint") is not None


def test_pdf_skipped_without_a_pdf_maker(tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails as if not installed
    monkeypatch.delenv("NETWERK_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no chromium either
    res = write_selection(_selection(), tmp_path)
    assert not (tmp_path / "report.pdf").exists()
    assert any("WeasyPrint" in n and "Chromium" in n for n in res.notes)


def test_pdf_with_chromium_when_weasyprint_cannot_load(tmp_path, monkeypatch):
    import shutil
    import sys

    if not (shutil.which("chromium") or shutil.which("chromium-browser")):
        pytest.skip("no chromium binary")
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    res = write_selection(_selection(), tmp_path)
    assert (tmp_path / "report.pdf").read_bytes()[:5] == b"%PDF-"
    assert res.notes == ()


@pytest.mark.skipif(not _has_weasyprint(), reason="WeasyPrint not installed")
def test_pdf_with_weasyprint(tmp_path):
    import json

    res = write_selection(_selection(), tmp_path)
    assert (tmp_path / "report.pdf").read_bytes()[:5] == b"%PDF-"
    assert res.notes == ()
    prov = json.loads((tmp_path / "provenance.json").read_text())
    assert "report.pdf" in {o["name"] for o in prov["outputs"]}


def test_write_selection_files_and_selfcontained_html(tmp_path):
    res = write_selection(_selection(), tmp_path, pdf=False)
    names = sorted(p.name for p in res.files)
    assert names == ["provenance.json", "ranking.csv", "ranking.xlsx", "report.html"]
    assert res.open_first.name == "report.html"
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert not re.search(r"https?://", html)
    assert "<script" not in html.lower()
    assert "<link" not in html.lower()
    tags = _tags(html)
    assert not [t for t in tags if t[0] in {"script", "link", "iframe", "object", "embed", "img"}]
    assert not [(t, a) for t, attrs in tags for a, _ in attrs if a.startswith("on")]
    assert not [(t, a) for t, attrs in tags for a, v in attrs if a in {"src", "href"}
                and not (v or "").startswith("#")]
    csp = [dict(a)["content"] for t, a in tags
           if t == "meta" and dict(a).get("http-equiv") == "Content-Security-Policy"]
    assert len(csp) == 1 and csp[0].startswith("default-src 'none';")
    assert "default-src 'none'" in html and "style-src 'unsafe-inline'" in html
    assert "img-src data:" in html


def test_injected_labels_only_escaped(tmp_path):
    write_selection(_selection(), tmp_path, pdf=False)
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert XSS_SCRIPT not in html and XSS_IMG not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    # the map's own event handler, script, link and url() were dropped, its text kept escaped
    assert "alert(2)" not in html and "alert(4)" not in html and "evil.example" not in html
    assert "&lt;img src=x onerror=alert(3)&gt;" in html


def test_sanitise_svg():
    out = str(sanitise_svg(EVIL_SVG))
    assert out.startswith('<svg width="100" height="50">')
    assert "onclick" not in out and "<script" not in out and "href" not in out and "style" not in out
    assert "<circle" in out and ">PER-1</text>" in out
    assert sanitise_svg("<svg><unclosed></svg>") is None
    assert sanitise_svg("<html/>") is None


def test_determinism_byte_identical(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    write_selection(_selection(), a, pdf=False)
    write_selection(_selection(), b, pdf=False)
    for name in ("ranking.csv", "report.html"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_excel_and_csv_formula_neutralised(tmp_path):
    write_selection(_selection(), tmp_path, pdf=False)
    wb = openpyxl.load_workbook(tmp_path / "ranking.xlsx")
    assert {"ranking", "breakdown", "weights"} <= set(wb.sheetnames)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r"))
    cases = [c.value for c in wb["ranking"]["B"]][1:]
    assert "'=cmd|' /C calc'!A0" in cases
    labels = [c.value for c in wb["1 vital"]["C"]]
    assert "'=SUM(A1)" not in labels  # company c1 is not in the vital top list as a formula
    csv = pd.read_csv(tmp_path / "ranking.csv", dtype=str)
    assert "'=cmd|' /C calc'!A0" in csv["case"].tolist()


def test_provenance(tmp_path):
    import json

    write_selection(_selection(), tmp_path, pdf=False)
    prov = json.loads((tmp_path / "provenance.json").read_text())
    assert prov["seed"] == 0
    assert prov["key_fingerprints"] == ["0123456789abcdef"]
    assert {o["name"] for o in prov["outputs"]} == {"ranking.csv", "ranking.xlsx", "report.html"}
    assert len(prov["config"]["weights_sha256"]) == 64
    assert "pandas" in prov["versions"]
    case = next(c for c in prov["cases"] if c["case"] == "zuid")
    assert case["rows"]["nodes"] == 12
    assert case["imports"][0]["file_sha256"] == "ab" * 32


def test_raw_identifier_in_label_refuses_the_case():
    from netwerk.errors import LeakError

    net = make_net(label_p1="Jan 111222333")  # a BSN that passes the 11-proef
    with pytest.raises(LeakError):
        build_case_from_network(net, name="lek", analysis=make_analysis(net))
