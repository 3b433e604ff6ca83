"""The one safe writer (netwerk.io): formula neutralisation, no row splits, Markdown escaping,
one encoding policy. Each rule is tested as a class over all its members."""

from __future__ import annotations

import csv

import openpyxl
import pandas as pd
import pytest
from markdown_it import MarkdownIt

from netwerk import io

#: Every start a spreadsheet reads as a formula: ASCII, full-width, after blanks, control chars.
FORMULA_STARTS = ["=1+1", "+31", "-2+3", "@SUM(A1)", "\tx", "\rx", "\nx", "＝1+1", "＋1", "－1",
                  "＠x", "  =1+1", " @x"]
#: Every line break that could start a new row in some reader.
BREAKS = ["a\rb", "a\nb", "a\r\nb", "a\x85b", "a\u2028b", "a\u2029b", "a\x0bb", "a\x0cb"]
#: Partner strings that would be live in Markdown.
MD_HOSTILE = ["[x](http://evil.nl)", "<img src=x onerror=alert(1)>", "http://evil.nl/a",
              "![p](http://e.nl/p.png)", "<script>x</script>", "a | b", "**vet**", "`code`",
              "www.evil.nl", "<http://evil.nl>"]


@pytest.mark.parametrize("value", FORMULA_STARTS)
def test_every_formula_start_is_neutralised(value):
    out = io.neutralise(value)
    assert out.startswith("'")
    assert "\r" not in out and "\n" not in out


@pytest.mark.parametrize("value", ["a=1", "gemeente", "", "3-2", "BSN-00ab"])
def test_plain_text_unchanged(value):
    assert io.neutralise(value) == value


@pytest.mark.parametrize("value", [-1, 2.5, None, True])
def test_non_text_unchanged(value):
    assert io.neutralise(value) is value or io.neutralise(value) == value


@pytest.mark.parametrize("value", BREAKS)
def test_no_line_break_survives(value):
    assert io.neutralise(value) == "a b"


def test_csv_encoding_rows_and_formulas(tmp_path):
    df = pd.DataFrame({"=kop": FORMULA_STARTS + BREAKS, "n": range(len(FORMULA_STARTS + BREAKS))})
    p = io.write_csv(df, tmp_path / "x.csv")
    raw = p.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")            # UTF-8 with BOM, for Excel
    assert b"\r" not in raw                           # \n line ends only, no CR anywhere
    with p.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) == 1 + len(df)                   # no row split
    assert rows[0][0] == "'=kop"
    for (cell, _), value in zip(rows[1:], df["=kop"], strict=True):
        assert not cell.lstrip(" ").startswith(io.FORMULA_START), (value, cell)
    assert pd.read_csv(p, dtype=str)["n"].tolist() == [str(i) for i in range(len(df))]


def test_xlsx_no_formula_cells(tmp_path):
    df = pd.DataFrame({"label": FORMULA_STARTS + BREAKS, "bedrag": range(len(FORMULA_STARTS + BREAKS))})
    p = io.write_xlsx({"=blad": df}, tmp_path / "x.xlsx")
    wb = openpyxl.load_workbook(p)
    ws = wb.worksheets[0]
    assert ws.cell(1, 1).value == "label"
    for row in ws.iter_rows():
        for c in row:
            assert c.data_type != "f", c.value
            if isinstance(c.value, str):
                assert "\r" not in c.value and "\n" not in c.value
    assert ws.cell(2, 2).value == 0                    # numbers stay numbers


@pytest.mark.parametrize("value", MD_HOSTILE)
def test_markdown_escape_leaves_no_link_or_html(value):
    md = MarkdownIt("commonmark").enable("table")
    md_linkify = MarkdownIt("commonmark", {"linkify": True}).enable(["table", "linkify"]) \
        if _has_linkify() else md
    for parser in (md, md_linkify):
        html = parser.render(f"| a |\n| --- |\n| {io.md_escape(value)} |\n\n{io.md_escape(value)}\n")
        assert "<a " not in html and "<img" not in html and "<script" not in html
        assert "<strong>" not in html and "<code>" not in html
        assert html.count("<td>") == 1                  # a pipe does not split the cell


def _has_linkify() -> bool:
    try:
        import linkify_it  # noqa: F401
    except ImportError:
        return False
    return True


def test_md_table_escapes_cells_and_headers():
    t = io.md_table(pd.DataFrame({"[k](x)": ["<img src=x>"]}))
    html = MarkdownIt("commonmark").enable("table").render(t)
    assert "<a " not in html and "<img" not in html and "<th>" in html


def test_workbooks_are_the_same_bytes_for_the_same_input(tmp_path):
    # openpyxl writes the clock into docProps/core.xml and every zip member; a rerun a few
    # seconds later must still give the same bytes (written, and marked for an edition)
    import time

    from netwerk.governance.marking import mark_file

    df = pd.DataFrame({"a": ["x", "=1+1"], "b": [1, 2]})
    first = io.write_xlsx({"blad": df}, tmp_path / "a.xlsx")
    mark_file(first, "Oefening")
    time.sleep(2.1)  # past the zip format's 2-second clock resolution
    second = io.write_xlsx({"blad": df}, tmp_path / "b.xlsx")
    mark_file(second, "Oefening")
    assert first.read_bytes() == second.read_bytes()
    wb = openpyxl.load_workbook(second)
    assert wb["blad"]["A3"].value == "'=1+1" and wb.sheetnames[0] != "blad"  # marking sheet first


def test_write_xlsx_replaces_control_characters(tmp_path):
    """Review 6, R9's class in the workbooks (action plan, report): a vertical tab or NUL pasted
    from Word in partner text stopped openpyxl with its raw error; it is replaced by U+FFFD, as in
    the GEXF/GraphML exports, and the workbook reads back."""
    from openpyxl import load_workbook

    from netwerk.io import write_xlsx

    df = pd.DataFrame({"rol\x0b": ["finan\x0bcier", "a\x00b", "tab\tok"]})
    p = write_xlsx({"blad": df}, tmp_path / "w.xlsx")
    ws = load_workbook(p).active
    assert [c.value for c in ws[1]] == ["rol\ufffd"]
    assert [ws.cell(r, 1).value for r in (2, 3, 4)] == ["finan\ufffdcier", "a\ufffdb", "tab\tok"]
