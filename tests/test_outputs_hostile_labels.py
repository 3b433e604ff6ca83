"""Partner strings never become code in any file netwerk writes.

Company names (and police roles) in a copy of the sample data are replaced by hostile labels (formula starts in ASCII
and full-width forms, tab, CR, LF, Markdown links and images, HTML). Then ``netwerk demo`` runs the
whole pipeline (pseudonymise → ingest → analyse → plan → map → report), ``netwerk map`` exports the
i2 workbook and CSV tables, and every CSV, XLSX and
Markdown file it wrote is scanned: no live formula cell, no row split by a line break, no live link,
image or HTML in Markdown. The hostile labels must be found in the outputs (escaped), so the scan
cannot pass by the labels simply being absent.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from markdown_it import MarkdownIt

from netwerk.cli.main import run
from netwerk.governance import is_marked
from netwerk.io import FORMULA_START

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = ['=HYPERLINK("http://x","klik")', "+31 cmd", "-2+3 B.V.", "@SUM(A1)", "\tTab B.V.",
           "Regel\rsplits B.V.", "Regel\nsplits twee", "＝1+1 Holding", "[klik](http://evil.nl) B.V.",
           "<img src=x onerror=alert(1)> B.V.", "![p](http://e.nl/p.png)", "<b>vet</b> B.V."]

ROLE_TAIL = " [klik](http://evil.nl) <img src=x> www.evil.nl"


@pytest.fixture(scope="module")
def demo_out(tmp_path_factory):
    work = tmp_path_factory.mktemp("hostile")
    sample = work / "sample_data"
    shutil.copytree(ROOT / "sample_data", sample)
    kvk = sample / "hennep-oost" / "raw" / "kvk.csv"
    df = pd.read_csv(kvk, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    names = sorted(df["handelsnaam"].unique())
    mapping = {n: HOSTILE[i % len(HOSTILE)] for i, n in enumerate(names)}
    df["handelsnaam"] = df["handelsnaam"].map(mapping)
    df.to_csv(kvk, index=False, encoding="utf-8-sig")
    # police roles reach the action plan's Markdown ("rol/fase"): give every role a hostile tail
    pol = sample / "hennep-oost" / "raw" / "politie.csv"
    pdf = pd.read_csv(pol, dtype=str, keep_default_na=False, sep=";", encoding="cp1252")
    pdf["rol"] = pdf["rol"].where(pdf["rol"] == "", pdf["rol"] + ROLE_TAIL)
    pdf.to_csv(pol, index=False, sep=";", encoding="cp1252")
    out = work / "demo"
    assert run(["demo", "--sample-data", str(sample), "--out", str(out)]) == 0
    case = out / "cases" / "hennep-oost.duckdb"   # and the map's exports (i2 workbook, CSV)
    assert run(["map", str(case), "--out", str(out / "exports" / "hennep-oost.html"),
                "--export", "i2", "--export", "csv"]) == 0
    return out


def _files(root: Path, suffix: str) -> list[Path]:
    return sorted(p for p in root.rglob(f"*{suffix}") if "shared" not in p.relative_to(root).parts)


def _live(text: str) -> bool:
    return text.lstrip(" ").startswith(FORMULA_START)


def test_csv_files_have_no_formula_and_no_split_rows(demo_out):
    files = _files(demo_out, ".csv")
    assert len(files) >= 10
    seen = False
    for f in files:
        raw = f.read_bytes()
        assert b"\r" not in raw, f"{f.name}: a carriage return"
        with f.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
        if is_marked(f):  # first row: the classification marking (netwerk.governance)
            assert not _live(rows[0][0])
            rows = rows[1:]
        width = len(rows[0])
        for i, row in enumerate(rows):
            assert len(row) == width, f"{f.name} row {i}: {len(row)} fields, header {width}"
            for cell in row:
                assert not _live(cell), f"{f.name} row {i}: live formula {cell!r}"
                seen = seen or "'=HYPERLINK" in cell or "＝1+1" in cell
    assert seen, "the hostile labels never reached a CSV: the scan proves nothing"


def test_xlsx_files_have_no_formula_cells(demo_out):
    files = _files(demo_out, ".xlsx")
    assert files
    seen = False
    for f in files:
        wb = openpyxl.load_workbook(f)
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    assert c.data_type != "f", f"{f.name}!{c.coordinate}: formula"
                    if isinstance(c.value, str):
                        assert not _live(c.value), f"{f.name}!{c.coordinate}: {c.value!r}"
                        assert "\r" not in c.value and "\n" not in c.value
                        seen = seen or "HYPERLINK" in c.value
    assert seen, "the hostile labels never reached a workbook: the scan proves nothing"


def test_markdown_files_have_no_live_link_image_or_html(demo_out):
    files = _files(demo_out, ".md")
    assert files
    md = MarkdownIt("commonmark", {"linkify": True, "html": True}).enable(["table", "linkify"])
    seen = False
    for f in files:
        text = f.read_text(encoding="utf-8")
        html = md.render(text)
        for bad in ("<a ", "<img", "<script", "<b>"):
            assert bad not in html, f"{f.name}: {bad}"
        seen = seen or "evil" in text
    assert seen, "the hostile labels never reached a Markdown file: the scan proves nothing"
