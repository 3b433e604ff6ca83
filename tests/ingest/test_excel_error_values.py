"""Class: Excel's error values are unknown, never a value (review 8 S2 and S10, issue 9
"placeholder values", "an empty or missing endpoint must not become a node" and "the same rows,
the same accounting on every reader path").

Where a lookup or formula failed a partner's export holds ``#N/A`` (Dutch Excel ``#N/B``),
``#WAARDE!``, ``#VERW!`` ...: in CSV as the text the user saw, in a workbook as an error cell
(always the English code), which pandas read as an empty cell. Before, ``#N/A`` as a police
number in CSV/Parquet made two suspects one subject and became the most vital node in an edge
list, while the XLSX path emptied it in silence, together with every text ``NA``, ``N/A``,
``null`` or ``None`` (pandas' default ``na_values``). Now, on every reader path:

* an identifier cell (any part of it) with an Excel error value is missing: one reject line,
  reason ``excel_error``; the row is rejected when the identifier is required, else the cell is
  emptied and counted (``cells_emptied``); no pseudonym, no node, no link;
* a written text or date column's error value is emptied and counted the same way (a failed
  formula is no text and no date: not shared, and not an ``unparsable_date`` reject);
* in an edge list or node table (``netwerk analyse``) a row with one as endpoint or id is a
  reject ``excel_error``, counted so the rows reconcile; an attribute cell is read as empty and
  counted (``excel_errors_emptied``);
* a workbook is read as stored: ``NA``, ``N/A``, ``null``, ``None``, ``NaN`` stay text, as in CSV
  and Parquet, and the counts, rejects and pseudonyms of the same rows are the same on all three.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from ingest_faults import HEADER, KEY, pseudonymise, same_on_every_path, spec, write
from xlsx_build import book, store_results

from netwerk.graph.edgelist import read_network
from netwerk.graph.network import Network, describe_rejects
from netwerk.ingest.placeholders import EXCEL_ERROR_VALUES, excel_error_mask
from netwerk.ingest.pseudonymise import pseudonymise_file
from netwerk.ingest.readers import read_table, sheet_marks
from netwerk.ingest.spec import ExtractSpec

#: what a user sees in English and in Dutch Excel (Microsoft's TYPE.FOUT documentation, nl-nl)
ENGLISH = ["#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!", "#GETTING_DATA",
           "#SPILL!", "#CALC!"]
DUTCH = ["#N/B", "#WAARDE!", "#VERW!", "#DEEL/0!", "#NAAM?", "#LEEG!", "#GETAL!",
         "#GEGEVENS_OPHALEN", "#OVERLOOP!", "#BEREKENEN!"]


@pytest.mark.parametrize("value", ENGLISH + DUTCH + [" #n/a ", "#n/b", "Err:502", "Fout:504",
                                                      "#ERROR!"])
def test_every_spelling_is_an_excel_error(value):
    assert excel_error_mask(pd.Series([value], dtype="str")).tolist() == [True]


@pytest.mark.parametrize("value", ["NA", "N/A", "n/a", "#NA", "#1", "#hashtag", "N/B", "Err:5",
                                   "Errata", "Foutje", "PN#N/A", "#N/A#N/A", "", None])
def test_text_that_only_looks_alike_is_no_excel_error(value):
    assert excel_error_mask(pd.Series([value], dtype="str")).tolist() == [False]


def test_the_list_holds_english_and_dutch():
    assert set(ENGLISH + DUTCH) <= set(EXCEL_ERROR_VALUES)


# --- at the partner (pseudonymise) -----------------------------------------------------------

def _rows(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode("cp1252")


@pytest.mark.parametrize("err", ["#N/A", "#N/B", "#WAARDE!", "#VERW!"])
def test_a_required_police_number_that_is_an_excel_error_rejects_its_row(tmp_path, err):
    """S2: Jansen and de Vries with person number #N/A were one subject; now both rows are
    rejected (reason excel_error, no cell text), on every CSV reader path."""
    data = _rows(f"{err};123456782;Jansen;Piet;01-02-1970;koerier;01-01-2024",
                 f"{err};111222333;Vries;Anna;03-04-1980;verdachte;01-01-2024",
                 "PN01;;Smit;Els;09-10-1990;getuige;01-01-2024")
    got = same_on_every_path(tmp_path, data)
    assert (got["rows_read"], got["rows_written"]) == (3, 1)
    assert [(r, c, why) for r, c, why, _d in got["rejects"]] == [
        ("1", "persoonsnummer", "excel_error"), ("2", "persoonsnummer", "excel_error")]
    assert all("Excel-foutwaarde" in d and d.endswith("rij afgewezen")
               for *_x, d in got["rejects"])
    assert {d for *_x, d in got["rejects"]} == {
        "politienummer: een Excel-foutwaarde (zoals #N/B of #WAARDE!: een mislukte formule of "
        "zoekopdracht), behandeld als ontbrekend; rij afgewezen"}


@pytest.mark.parametrize("column,value", [("bsn", "#N/A"), ("bsn", "#N/B"),
                                          ("achternaam", "#NAAM?"), ("voornamen", "#N/A"),
                                          ("geboortedatum", "#WAARDE!")])
def test_an_optional_identifier_that_is_an_excel_error_is_emptied_and_counted(tmp_path, column,
                                                                               value):
    """Two different people with the same error value in an optional identifier get no shared
    pseudonym: the cell is emptied, one line each, counted in cells_emptied."""
    cells = {"bsn": "", "achternaam": "Jansen", "voornamen": "Piet", "geboortedatum": "01-02-1970"}
    rows = []
    for pn in ("PN01", "PN02"):
        c = dict(cells, **{column: value})
        rows.append(f"{pn};{c['bsn']};{c['achternaam']};{c['voornamen']};{c['geboortedatum']};"
                    "verdachte;01-01-2024")
    res, out, rejects = pseudonymise(tmp_path, write(tmp_path / "p.csv", _rows(*rows)))
    assert (res.rows_read, res.rows_written, res.rejects, res.cells_emptied) == (2, 2, 0, 2)
    assert rejects["reason"].tolist() == ["excel_error"] * 2
    assert all(d.endswith("cel leeggemaakt, rij behouden") for d in rejects["detail"])
    body = pd.read_csv(out, sep=";", dtype=str, keep_default_na=False)
    col = "bsn" if column == "bsn" else "naam_geboortedatum"
    assert body[col].tolist() == ["", ""]
    assert value not in out.read_text(encoding="cp1252")
    assert rejects["detail"].str.startswith(
        ("BSN: een Excel-foutwaarde", "naam en geboortedatum: een Excel-foutwaarde")).all()


def test_an_excel_error_in_a_text_column_is_emptied_and_counted_and_na_is_kept(tmp_path):
    sp = spec(keep=["pleegdatum"])
    data = _rows("PN01;;Jansen;Piet;01-02-1970;#N/A;01-01-2024",
                 "PN02;;Vries;Anna;03-04-1980;NA;#WAARDE!",
                 "PN03;;Smit;Els;09-10-1990;N/A;01-01-2024")
    res, out, rejects = pseudonymise(tmp_path, write(tmp_path / "p.csv", data), sp)
    body = pd.read_csv(out, sep=";", dtype=str, keep_default_na=False)
    assert body["rol"].tolist() == ["", "NA", "N/A"]
    assert body["pleegdatum"].tolist() == ["01-01-2024", "", "01-01-2024"]
    assert (res.rows_written, res.rejects, res.cells_emptied) == (3, 0, 2)
    assert [(r, c, why) for r, c, why in rejects[["row", "column", "reason"]].itertuples(
        index=False)] == [("1", "rol", "excel_error"), ("2", "pleegdatum", "excel_error")]


def test_an_excel_error_in_a_date_column_is_unknown_not_an_unparsable_date(tmp_path):
    sp = spec(relations=[{"kind": "verdachte_van", "source": "persoonsnummer",
                          "target": "persoonsnummer", "observed": "pleegdatum"}])
    data = _rows("PN01;;Jansen;Piet;01-02-1970;verdachte;#N/B",
                 "PN02;;Vries;Anna;03-04-1980;verdachte;31-02-2024")
    res, _out, rejects = pseudonymise(tmp_path, write(tmp_path / "p.csv", data), sp)
    assert dict(zip(rejects["row"], rejects["reason"], strict=True)) == {
        "1": "excel_error", "2": "unparsable_date"}
    assert (res.rows_written, res.rejects, res.cells_emptied) == (1, 1, 1)


# --- the same rows as CSV, XLSX and Parquet ----------------------------------------------------

ROWS = [
    ["PN01", "123456782", "Jansen", "Piet", "01-02-1970", "verdachte", "01-01-2024"],
    ["#N/A", "111222333", "Vries", "Anna", "03-04-1980", "verdachte", "01-01-2024"],
    ["PN03", "#N/A", "Smit", "Els", "09-10-1990", "NA", "01-01-2024"],
    ["PN04", "", "Bakker", "NULL", "05-06-1975", "None", "01-01-2024"],
    ["PN05", "", "Visser", "Kees", "05-06-1975", "N/A", "01-01-2024"],
    ["PN06", "", "Dekker", "Jan", "07-08-1985", "#DIV/0!", "01-01-2024"],
    ["PN07", "", "NaN", "null", "07-08-1985", "nan", "01-01-2024"],
    ["PN08", "#REF!", "de Boer", "Ria", "#VALUE!", "-NaN", "01-01-2024"],
]


def _formats(tmp: Path) -> dict[str, tuple[Path, ExtractSpec]]:
    """The same rows as a partner's CSV, an Excel workbook (openpyxl writes #N/A, #REF!, ... as
    error cells, as Excel does) and a Parquet file."""
    cols = HEADER.split(";")
    csv = write(tmp / "p.csv", ("\n".join(";".join(r) for r in [cols, *ROWS]) + "\n"))
    xlsx = book(tmp / "p.xlsx", {"Blad1": [cols, *ROWS]})
    pq = tmp / "p.parquet"
    pd.DataFrame(ROWS, columns=cols, dtype="str").to_parquet(pq, index=False)
    return {"csv": (csv, spec(keep=["pleegdatum"])),
            "xlsx": (xlsx, spec(keep=["pleegdatum"], format="xlsx")),
            "parquet": (pq, spec(keep=["pleegdatum"], format="parquet"))}


def test_the_workbook_holds_real_error_cells(tmp_path):
    xlsx = _formats(tmp_path)["xlsx"][0]
    assert sheet_marks(xlsx)["Blad1"].errors == {(3, 1): "#N/A", (4, 2): "#N/A", (7, 6): "#DIV/0!",
                                                  (9, 2): "#REF!", (9, 5): "#VALUE!"}


def test_the_same_rows_give_the_same_accounting_and_pseudonyms_on_every_format(tmp_path):
    got = {}
    for fmt, (path, sp) in _formats(tmp_path).items():
        out = tmp_path / fmt / path.name  # written in the format read
        res = pseudonymise_file(path, sp, KEY, out)
        rej = pd.read_csv(f"{out}.rejects.csv", dtype=str, keep_default_na=False)
        body = (pd.read_csv(out, sep=";", dtype=str, keep_default_na=False, encoding="cp1252")
                if fmt == "csv" else pd.read_parquet(out) if fmt == "parquet" else
                pd.read_excel(out, dtype=str, keep_default_na=False))
        body = body.fillna("")
        body = body.drop(columns=[c for c in body.columns if c.startswith("_")])
        # a workbook names its rows by Excel row (header = 1): data row n is Excel row n + 1
        rows = [int(r) - (1 if fmt == "xlsx" else 0) for r in rej["row"]]
        got[fmt] = ((res.rows_read, res.rows_written, res.rejects, res.cells_emptied),
                    list(zip(rows, rej["column"], rej["reason"], strict=True)),
                    body.to_dict("list"))
    assert got["csv"] == got["xlsx"] == got["parquet"]
    counts, rejects, body = got["csv"]
    assert counts == (8, 7, 1, 6)
    nd = "achternaam+voornamen+geboortedatum"
    # first names NULL / null: the spec's placeholder_values on every path (the workbook read
    # them as empty cells: "voornamen ontbreken"), never a silent blank
    assert rejects == [(2, "persoonsnummer", "excel_error"), (3, "bsn", "excel_error"),
                       (4, nd, "missing_identifier"), (6, "rol", "excel_error"),
                       (7, nd, "missing_identifier"), (8, "bsn", "excel_error"),
                       (8, nd, "excel_error")]
    # NA, None, N/A, nan, -NaN are partner text, kept
    assert body["rol"] == ["verdachte", "NA", "None", "N/A", "", "nan", "-NaN"]
    assert body["naam_geboortedatum"][3].startswith("NGD-")  # Visser
    assert body["persoonsnummer"][0].startswith("PID-") and body["bsn"][0].startswith("BSN-")


@pytest.mark.parametrize("text", ["NA", "N/A", "null", "None", "NaN", "nan", "NULL", "n/a",
                                  "#NA", "<NA>", "-NaN", "1.#QNAN"])
def test_a_workbook_keeps_text_that_pandas_would_read_as_missing(tmp_path, text):
    cols = HEADER.split(";")
    xlsx = book(tmp_path / "p.xlsx", {"Blad1": [cols, ["PN01", "", "Jansen", "Piet",
                                                       "01-02-1970", text, ""]]})
    df = read_table(xlsx, spec(format="xlsx"), shared=False)
    assert df["rol"].tolist() == [text]
    assert df["bsn"].isna().tolist() == [True]  # an empty cell is still empty


def test_a_failed_lookup_with_its_stored_result_is_an_excel_error(tmp_path):
    """A VLOOKUP that found nothing: a formula cell whose stored result is #N/A. pandas reads it
    as empty; it is read as #N/A and rejected, never a silent blank."""
    cols = HEADER.split(";")
    xlsx = book(tmp_path / "p.xlsx", {"Blad1": [
        cols, ["=VLOOKUP(C2,Z:Z,2,FALSE)", "", "Jansen", "Piet", "01-02-1970", "a", ""],
        ["PN02", "", "Vries", "Anna", "03-04-1980", "b", ""]]})
    store_results(xlsx, {"A2": "#N/A"}, cell_type="e")  # as Excel saves a failed VLOOKUP
    out = tmp_path / "out" / "p.csv"
    res = pseudonymise_file(xlsx, spec(format="xlsx"), KEY, out)
    rej = pd.read_csv(f"{out}.rejects.csv", dtype=str, keep_default_na=False)
    assert (res.rows_read, res.rows_written, res.rejects) == (2, 1, 1)
    assert rej[["row", "column", "reason"]].values.tolist() == [["2", "persoonsnummer",
                                                                 "excel_error"]]


# --- netwerk analyse: edge lists and node tables -----------------------------------------------

EDGES = [("p1", "p2"), ("p2", "p3"), ("p3", "p4"), ("p5", "#N/A"), ("p6", "#N/A"),
         ("p7", "#N/A"), ("p1", "#N/A"), ("p4", "#VALUE!"), ("#REF!", "p8"), ("p9", "#N/B")]


def _edge_files(tmp: Path, rows) -> dict[str, Path]:
    df = pd.DataFrame(rows, columns=["source", "target"], dtype="str")
    csv = tmp / "e.csv"
    csv.write_text("source,target\n" + "".join(f"{s},{t}\n" for s, t in rows), encoding="utf-8")
    pq = tmp / "e.parquet"
    df.to_parquet(pq, index=False)
    xlsx = book(tmp / "e.xlsx", {"Blad1": [["source", "target"], *map(list, rows)]})
    return {"csv": csv, "xlsx": xlsx, "parquet": pq}


def test_an_excel_error_endpoint_is_a_reject_not_the_most_vital_node(tmp_path):
    """S2: #N/A was rank 1 ("hoogste score als tussenpersoon"); #VALUE! and #REF! were nodes."""
    for fmt, path in _edge_files(tmp_path, EDGES).items():
        net = read_network(path)
        assert sorted(net.node_ids) == ["p1", "p2", "p3", "p4"], fmt
        c = net.record_counts()
        assert c["rejected"] == {"excel_error": 7}, fmt
        assert c["rows_read"] == c["relations_analysed"] + sum(c["rejected"].values())
        assert [r["column"] for r in net.meta["rejects"]] == ["target"] * 5 + ["source", "target"]
        said = describe_rejects(net.meta, file="e")
        row = 5 if fmt == "xlsx" else 4  # a workbook's rows are Excel rows (header = 1)
        assert said == [f"e, rij {row}, kolom 'target': 7 rijen afgewezen (id is een "
                        "Excel-foutwaarde (zoals #N/B of #WAARDE!))"], fmt


def test_na_ids_are_ids_in_a_workbook_edge_list_too(tmp_path):
    """S10: an Excel edge list with ids NA, N/A, null lost two thirds of its rows as "bron of
    doel leeg"; now it reads as the CSV and the Parquet file do."""
    rows = [("a", "b"), ("b", "c"), ("NA", "a"), ("N/A", "b"), ("null", "c"), ("c", "NA")]
    nets = {fmt: read_network(p) for fmt, p in _edge_files(tmp_path, rows).items()}
    for fmt, net in nets.items():
        assert sorted(net.node_ids) == ["N/A", "NA", "a", "b", "c", "null"], fmt
        assert (net.n_edges, net.record_counts()["rejected"]) == (6, {}), fmt


def test_a_node_table_id_or_attribute_that_is_an_excel_error(tmp_path):
    (tmp_path / "e.csv").write_text("source,target\na,b\nb,c\n", encoding="utf-8")
    (tmp_path / "n.csv").write_text("id,stage\na,#N/A\nb,productie\n#N/B,handel\nc,NA\n",
                                    encoding="utf-8")
    net = read_network(tmp_path / "e.csv", nodes=tmp_path / "n.csv")
    assert sorted(net.node_ids) == ["a", "b", "c"]
    stage = net.nodes["stage"]
    assert pd.isna(stage["a"]) and (stage["b"], stage["c"]) == ("productie", "NA")
    assert net.meta["rejected_nodes"] == {"missing_identifier": 0, "excel_error": 1}
    assert net.meta["node_rejects"] == [{"row": 3, "column": "id", "reason": "excel_error"}]
    assert net.meta["excel_errors_emptied"] == 1


def test_from_edges_in_a_notebook_rejects_excel_errors_and_empties_attributes():
    e = pd.DataFrame({"source": ["a", "#N/A", "b"], "target": ["b", "c", "#NAAM?"],
                      "rol": ["#WAARDE!", "x", "y"]})
    net = Network.from_edges(e)
    assert sorted(net.node_ids) == ["a", "b"]
    assert net.meta["rejected_edges"] == {"empty_endpoint": 0, "excel_error": 2}
    assert pd.isna(net.edges["rol"].iloc[0]) and net.meta["excel_errors_emptied"] == 1
