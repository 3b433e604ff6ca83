"""Typed number weights get no decimal-mark note (review 8, S14).

A workbook's number cells and a Parquet file's number columns are numbers: ``1500`` has no
thousands separator and ``1.5`` no decimal mark anyone chose. ``netwerk analyse`` used to warn
"gewichten ... gelezen met decimaalkomma (1,5 = anderhalf; 1.500 = duizendvijfhonderd)" for
them, which sends an analyst who checks the sheet (Dutch Excel shows ``1.500``) to doubt correct
numbers. The note is for text weights only, where the mark was decided; the weights are right
either way. Members: XLSX number cells (also with a repeated header row, which is skipped),
Parquet float and int columns, and the text weights that keep the note (CSV, XLSX text cells, a
column with both).
"""

from __future__ import annotations

import pandas as pd
import pytest

from netwerk.cli.main import run
from netwerk.graph.edgelist import read_network

WEIGHTS = [1500, 1.5, 2.25, 1234.5]
NOTE = "gelezen met decimaalkomma"


def _edges(weights) -> pd.DataFrame:
    return pd.DataFrame({"source": ["a", "b", "c", "d"], "target": ["b", "c", "d", "e"],
                         "gewicht": weights})


def _analyse(path, tmp_path, capsys) -> str:
    assert run(["analyse", str(path), "-o", str(tmp_path / "o"), "--weight", "gewicht",
                "--kinds", "all"]) == 0
    captured = capsys.readouterr()
    return captured.out + captured.err


@pytest.mark.parametrize("write, name", [
    (lambda df, p: df.to_excel(p, index=False), "num.xlsx"),
    (lambda df, p: df.to_parquet(p, index=False), "num.parquet"),
])
def test_typed_numbers_are_read_without_a_mark(tmp_path, capsys, write, name):
    write(_edges(WEIGHTS), tmp_path / name)
    net = read_network(tmp_path / name, weight="gewicht")
    assert net.edges["weight"].tolist() == [1500.0, 1.5, 2.25, 1234.5]
    assert net.meta["weight_decimal"] is None
    assert NOTE not in _analyse(tmp_path / name, tmp_path, capsys)
    edges = pd.read_csv(tmp_path / "o" / "edges.csv", encoding="utf-8-sig")
    assert edges["weight"].tolist() == [1500.0, 1.5, 2.25, 1234.5]


def test_integer_parquet_column(tmp_path):
    _edges([1500, 2, 3, 4]).to_parquet(tmp_path / "i.parquet", index=False)
    net = read_network(tmp_path / "i.parquet", weight="gewicht")
    assert net.edges["weight"].tolist() == [1500.0, 2.0, 3.0, 4.0]
    assert net.meta["weight_decimal"] is None


def test_a_repeated_header_row_is_not_a_text_weight(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in (["source", "target", "gewicht"], ["a", "b", 1500], ["b", "c", 1.5],
                ["source", "target", "gewicht"], ["c", "d", 2.25]):
        ws.append(row)
    wb.save(tmp_path / "rh.xlsx")
    net = read_network(tmp_path / "rh.xlsx", weight="gewicht")
    assert net.edges["weight"].tolist() == [1500.0, 1.5, 2.25]
    assert net.meta["weight_decimal"] is None and net.meta["repeated_headers"] == 1


@pytest.mark.parametrize("cells, weights", [
    (["1500", "1,5", "2,25", "1.234,5"], [1500.0, 1.5, 2.25, 1234.5]),  # text cells
    ([1500, "1,5", 2.25, "1.234,5"], [1500.0, 1.5, 2.25, 1234.5]),      # both kinds
])
def test_text_weights_in_a_workbook_keep_the_note(tmp_path, capsys, cells, weights):
    _edges(cells).to_excel(tmp_path / "t.xlsx", index=False)
    net = read_network(tmp_path / "t.xlsx", weight="gewicht")
    assert net.edges["weight"].tolist() == weights
    assert net.meta["weight_decimal"] == ","
    assert NOTE in _analyse(tmp_path / "t.xlsx", tmp_path, capsys)


def test_a_csv_keeps_the_note(tmp_path, capsys):
    (tmp_path / "e.csv").write_text("source;target;gewicht\na;b;1.500\nb;c;1,5\n",
                                    encoding="utf-8")
    net = read_network(tmp_path / "e.csv", weight="gewicht")
    assert net.edges["weight"].tolist() == [1500.0, 1.5]
    assert NOTE in _analyse(tmp_path / "e.csv", tmp_path, capsys)
