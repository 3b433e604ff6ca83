"""Class: the edge-list and node-table reader of ``netwerk analyse`` follows the partner readers'
rules (review 7, Q17; issue 9 "Reading partner exports").

Rule: ``netwerk analyse EDGES.csv [--nodes N.csv]`` and :meth:`Network.from_csv` read with
:func:`netwerk.ingest.readers.read_table` itself (a spec made on the spot), so: a byte-order mark
decides (UTF-8 BOM, UTF-16 LE/BE); the delimiter is the one the header splits on; invisible
characters are removed from header names and ids; a repeated header is skipped and counted; blank
lines and lines of only delimiters are counted as empty; a field-count mismatch is a reject naming
file, line and both counts (never realigned; most lines wrong refuses the file); a last line cut
short is a reject; an unclosed quote refuses the file naming its line; every message Dutch first,
no pandas or csv text. Weights with a decimal comma are read as the column shows; a value that
reads two ways where the column does not decide is refused (``--decimal`` decides). The rows
read reconcile: analysed + self-loops + rejected + empty + repeated headers.

Members covered: each file of the review (BOM+CRLF, BOM node table, ZWSP/NBSP header, repeated
header, field count, unclosed quote, UTF-16, Dutch decimals) and their neighbours (UTF-16 BE and
tab, cp1252, soft hyphen, ``|``, header in another order, too few fields, truncated last line,
quoted fields, ``1.500`` in every kind of column, ZWSP inside an id); the partner reader and this
reader on the same faulty bytes.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from netwerk.cli.main import run
from netwerk.errors import GraphError, InputError, NetwerkError
from netwerk.graph.edgelist import read_network, read_rows, sniff_delimiter
from netwerk.graph.network import Network, describe_rejects
from netwerk.i18n import using
from netwerk.ingest.readers import read_table
from netwerk.ingest.spec import ExtractSpec

BOM = b"\xef\xbb\xbf"


def _file(tmp_path, data: bytes, name: str = "e.csv"):
    p = tmp_path / name
    p.write_bytes(data)
    return p


def _edges(net: Network) -> list[tuple[str, str]]:
    return list(zip(net.edges["source"], net.edges["target"], strict=True))


def _reconciles(net: Network) -> bool:
    c = net.record_counts()
    return c["rows_read"] == (c["relations_analysed"] + c["self_loops_left_out"]
                              + sum(c["rejected"].values()) + c["empty_rows"]
                              + c["repeated_headers"])


def _analyse(tmp_path, capsys, *args: str) -> tuple[int, str]:
    code = run(["analyse", *args, "-o", str(tmp_path / "o"), "--steps", "1"])
    cap = capsys.readouterr()
    return code, " ".join((cap.out + cap.err).split())


class TestEncoding:
    def test_excel_csv_utf8_bom_and_crlf(self, tmp_path):
        net = read_network(_file(tmp_path, BOM + b"source,target\r\nA,B\r\nB,C\r\n"))
        assert sorted(net.node_ids) == ["A", "B", "C"] and _edges(net) == [("A", "B"), ("B", "C")]

    def test_node_table_with_bom(self, tmp_path):
        e = _file(tmp_path, b"source,target\nA,B\nB,C\n")
        n = _file(tmp_path, BOM + b"id,stage\r\nA,productie\r\nB,distributie\r\n", "n.csv")
        net = read_network(e, nodes=n)
        assert net.nodes["stage"].to_dict() == {"A": "productie", "B": "distributie",
                                               "C": net.nodes.loc["C", "stage"]}
        assert pd.isna(net.nodes.loc["C", "stage"])

    @pytest.mark.parametrize("codec", ["utf-16", "utf-16-be"])
    def test_utf16_with_bom_tab_separated(self, tmp_path, codec):
        text = "source\ttarget\tw\r\nMüller\tB\t1,5\r\nB\tC\t2\r\n"
        data = text.encode("utf-16") if codec == "utf-16" else b"\xfe\xff" + text.encode(codec)
        net = read_network(_file(tmp_path, data), weight="w")
        assert _edges(net) == [("Müller", "B"), ("B", "C")]
        assert net.edges["weight"].tolist() == [1.5, 2.0]

    def test_cp1252_without_bom(self, tmp_path):
        net = read_network(_file(tmp_path, "source;target\nMüller;José\n".encode("cp1252")))
        assert sorted(net.node_ids) == ["José", "Müller"]


class TestHeader:
    @pytest.mark.parametrize("head", ["source\u200b,target\u00a0", "\u00adSource, TARGET ",
                                      "source\u2060,\ufefftarget"])
    def test_invisible_characters_and_case(self, tmp_path, head):
        net = read_network(_file(tmp_path, f"{head}\nA,B\n".encode()))
        assert _edges(net) == [("A", "B")]

    @pytest.mark.parametrize("sep", [";", ",", "\t", "|"])
    def test_delimiter_is_the_one_the_header_splits_on(self, tmp_path, sep):
        p = _file(tmp_path, f"source{sep}target{sep}note\nA{sep}B{sep}x y\n".encode())
        assert sniff_delimiter(p, ["source", "target"]) == sep
        assert _edges(read_network(p)) == [("A", "B")]

    def test_missing_column_names_file_and_columns_in_dutch(self, tmp_path):
        p = _file(tmp_path, b"bron;doel\nA;B\n")
        with pytest.raises(InputError) as exc:
            read_network(p)
        assert str(exc.value) == ("kolom 'source' ontbreekt in e.csv (ontbreken ook: target); "
                                  "wel: bron, doel")
        assert exc.value.reason == "missing_column" and exc.value.column == "source"


class TestPhantomRecords:
    def test_repeated_header_is_skipped_and_counted(self, tmp_path):
        net = read_network(_file(tmp_path, b"source,target\nA,B\nsource,target\nB,C\n"))
        assert sorted(net.node_ids) == ["A", "B", "C"] and net.n_edges == 2
        c = net.record_counts()
        assert (c["rows_read"], c["repeated_headers"], c["relations_analysed"]) == (3, 1, 2)
        assert _reconciles(net)

    def test_repeated_header_with_bom_and_other_case(self, tmp_path):
        data = b"source;target\nA;B\n" + BOM + b"SOURCE;Target\r\nB;C\n"
        net = read_network(_file(tmp_path, data))
        assert "source" not in net.node_ids and net.record_counts()["repeated_headers"] == 1

    def test_header_in_another_order_refuses_the_file(self, tmp_path):
        with pytest.raises(InputError) as exc:
            read_network(_file(tmp_path, b"source,target\nA,B\ntarget,source\nC,B\n"))
        assert "regel 3 is de kop opnieuw" in str(exc.value) and exc.value.file == "e.csv"

    def test_empty_lines_are_counted_never_nodes(self, tmp_path):
        net = read_network(_file(tmp_path, b"source;target\nA;B\n\n;\n  \nB;C\n"))
        c = net.record_counts()
        assert sorted(net.node_ids) == ["A", "B", "C"]
        assert (c["rows_read"], c["empty_rows"], c["relations_analysed"]) == (5, 3, 2)
        assert _reconciles(net)

    def test_truncated_last_line_is_a_reject(self, tmp_path):
        net = read_network(_file(tmp_path, b"source,target,w\nA,B,1\nB,C,2\nC"), weight="w")
        assert net.n_edges == 2 and net.meta["rejected_edges"]["truncated_line"] == 1
        r = net.meta["rejects"][0]
        assert (r["row"], r["reason"]) == (3, "truncated_line") and _reconciles(net)

    def test_title_line_above_the_header_is_said_and_skipped(self, tmp_path, caplog):
        p = _file(tmp_path, b"Relaties zaak Oost, 2026\n\nbron;doel\nA;B\nB;C\n")
        assert sniff_delimiter(p, ["bron", "doel"]) == ";"
        net = read_network(p, source="bron", target="doel")
        assert _edges(net) == [("A", "B"), ("B", "C")] and _reconciles(net)
        assert any("de kopregel staat op regel 3, niet op regel 1" in m for m in caplog.messages)
        assert not any("splitst niet" in m for m in caplog.messages)

    def test_empty_file_and_header_only(self, tmp_path):
        with pytest.raises(InputError, match="leeg"):
            read_network(_file(tmp_path, b""))
        with pytest.raises(InputError, match="de relatielijst heeft geen rijen"):
            read_network(_file(tmp_path, b"source,target\n"))


class TestFieldCount:
    def test_one_field_too_many_is_a_named_reject(self, tmp_path):
        net = read_network(_file(tmp_path, b"source;target\nA;B\nB;C;D\nC;D\n", "fc.csv"))
        assert _edges(net) == [("A", "B"), ("C", "D")] and sorted(net.node_ids) == list("ABCD")
        assert net.meta["rejected_edges"]["field_count"] == 1
        (line,) = [x for x in describe_rejects(net.meta, file="fc.csv") if "velden" in x]
        assert line.startswith("fc.csv, rij 2: 1 rij afgewezen (aantal velden klopt niet: "
                               "regel 3 heeft 3 velden, de kopregel 2")
        with using("en"):  # the reader's detail is in the language of the run
            net = read_network(tmp_path / "fc.csv")
            (en,) = describe_rejects(net.meta, file="fc.csv")
        assert en.startswith("fc.csv, row 2: 1 row rejected (wrong number of fields: line 3 has 3")
        assert _reconciles(net)

    def test_one_field_too_few_is_not_padded(self, tmp_path):
        net = read_network(_file(tmp_path, b"source,target,w\nA,B,1\nB,C\nC,D,2\n"), weight="w")
        assert _edges(net) == [("A", "B"), ("C", "D")]
        assert net.edges["weight"].tolist() == [1.0, 2.0]

    def test_most_lines_wrong_refuses_the_file(self, tmp_path):
        with pytest.raises(InputError) as exc:
            read_network(_file(tmp_path, b"source;target\nA;B;\nB;C;\nC;D;\nD;E\n"))
        assert exc.value.reason == "field_count" and "scheidingsteken aan het eind" in str(exc.value)

    def test_node_table_field_count_is_a_counted_reject(self, tmp_path):
        e = _file(tmp_path, b"source,target\nA,B\n")
        n = _file(tmp_path, b"id,stage\nA,productie\nB,distributie,x\n", "n.csv")
        net = read_network(e, nodes=n)
        assert net.meta["rejected_nodes"] == {"missing_identifier": 0, "field_count": 1}
        assert net.meta["node_rows_read"] == 2 and pd.isna(net.nodes.loc["B", "stage"])
        (line,) = describe_rejects(net.meta, file="n.csv", table="nodes")
        assert line.startswith("n.csv, rij 2: 1 rij afgewezen (aantal velden klopt niet")


class TestQuotes:
    def test_unclosed_quote_refuses_naming_file_and_line(self, tmp_path):
        with pytest.raises(InputError) as exc:
            read_network(_file(tmp_path, b'source,target\n"A,B\nC,D\nE,F\n', "q.csv"))
        text = str(exc.value)
        assert text.startswith("q.csv: aanhalingstekens kloppen niet in het record dat begint op "
                               "regel 2")
        assert "unexpected" not in text and "Expected" not in text

    def test_quoted_fields_are_read(self, tmp_path):
        data = b'source,target,w\n"A, B",C,"1,5"\n"D ""x""",C,2\n'
        net = read_network(_file(tmp_path, data), weight="w")
        assert _edges(net) == [("A, B", "C"), ('D "x"', "C")]
        assert net.edges["weight"].tolist() == [1.5, 2.0]

    def test_a_quoted_field_over_two_lines_that_closes_is_one_record(self, tmp_path):
        data = b'source,target,note\nA,B,"two\nlines"\nB,C,x\n'
        net = read_network(_file(tmp_path, data))
        assert net.n_edges == 2 and net.record_counts()["rows_read"] == 2


class TestDecimalWeights:
    def test_dutch_decimal_comma_reads_every_row(self, tmp_path):
        p = _file(tmp_path, b"source;target;gewicht\nA;B;1,5\nB;C;2\nC;D;0,5\n", "nl.csv")
        net = read_network(p, weight="gewicht")
        assert net.edges["weight"].tolist() == [1.5, 2.0, 0.5] and net.n_nodes == 4
        assert net.meta["weight_decimal"] == ","

    def test_in_a_comma_column_1_500_is_fifteen_hundred(self, tmp_path):
        p = _file(tmp_path, b"source;target;w\nA;B;1,5\nB;C;1.500\nC;D;1.234,5\n")
        assert read_network(p, weight="w").edges["weight"].tolist() == [1.5, 1500.0, 1234.5]

    def test_in_a_point_column_1_500_is_one_and_a_half(self, tmp_path):
        p = _file(tmp_path, b"source,target,w\nA,B,0.25\nB,C,1.500\nC,D,\"1,234.5\"\n")
        net = read_network(p, weight="w")
        assert net.edges["weight"].tolist() == [0.25, 1.5, 1234.5]
        assert net.meta["weight_decimal"] == "."

    @pytest.mark.parametrize("cell", ["1.500", "1,500", "12.000"])
    def test_a_value_read_two_ways_is_refused_where_the_column_does_not_decide(self, tmp_path,
                                                                               cell):
        p = _file(tmp_path, f"source;target;w\nA;B;2\nB;C;{cell}\n".encode())
        with pytest.raises(GraphError) as exc:
            read_network(p, weight="w")
        assert (exc.value.file, exc.value.row, exc.value.column) == ("e.csv", 2, "w")
        assert str(exc.value).startswith("e.csv, rij 2, kolom 'w': 1 gewicht kan op twee manieren")
        assert "--decimal" in str(exc.value)

    def test_both_marks_in_one_column_read_value_by_value(self, tmp_path):
        p = _file(tmp_path, b"source;target;w\nA;B;1,5\nB;C;2.5\nC;D;1.500\n")
        with pytest.raises(GraphError):  # 1.500 cannot be decided
            read_network(p, weight="w")
        p = _file(tmp_path, b"source;target;w\nA;B;1,5\nB;C;2.5\n")
        net = read_network(p, weight="w")
        assert net.edges["weight"].tolist() == [1.5, 2.5] and net.meta["weight_decimal"] == "both"

    @pytest.mark.parametrize(("decimal", "want"), [(",", 1500.0), (".", 1.5)])
    def test_decimal_decides(self, tmp_path, decimal, want):
        p = _file(tmp_path, b"source;target;w\nA;B;1.500\nB;C;2\n")
        assert read_network(p, weight="w", decimal=decimal).edges["weight"].tolist() == [want, 2]

    def test_a_value_the_given_mark_cannot_read_is_a_named_reject(self, tmp_path):
        p = _file(tmp_path, b"source;target;w\nA;B;1,5\nB;C;2\n")
        net = read_network(p, weight="w", decimal=".")
        assert net.meta["rejects"] == [{"row": 1, "column": "w", "reason": "unparsable_number"}]

    def test_numbers_from_a_dataframe_are_unchanged(self):
        e = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "w": [1.5, 1500.0]})
        assert Network.from_edges(e, weight="w").edges["weight"].tolist() == [1.5, 1500.0]


class TestOtherFormats:
    def test_workbook_number_cells_and_repeated_header_row(self, tmp_path):
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        for row in (["Source\u200b", "target", "w"], [1.0, "B", 1.234], [None, None, None],
                    ["source", "target", "w"], ["B", "C", 2], ["C", "D", 1500.5]):
            ws.append(row)
        wb.save(tmp_path / "e.xlsx")
        net = read_network(tmp_path / "e.xlsx", weight="w")
        assert _edges(net) == [("1", "B"), ("B", "C"), ("C", "D")]
        assert net.edges["weight"].tolist() == [1.234, 2.0, 1500.5]
        c = net.record_counts()
        assert (c["rows_read"], c["empty_rows"], c["repeated_headers"]) == (5, 1, 1)
        assert _reconciles(net)

    def test_parquet(self, tmp_path):
        pd.DataFrame({"source": ["A", "B"], "target": ["B", "C"], "w": [0.5, 1.25]}).to_parquet(
            tmp_path / "e.parquet")
        net = read_network(tmp_path / "e.parquet", weight="w")
        assert net.edges["weight"].tolist() == [0.5, 1.25]


class TestIds:
    def test_invisible_characters_in_ids_join_the_plain_id(self, tmp_path):
        net = read_network(_file(tmp_path, "source,target\nA\u200b,B\nA,C\u00ad\nC,B\n".encode()))
        assert sorted(net.node_ids) == ["A", "B", "C"] and net.meta["ids"]["invisible"] == 2

    def test_na_stays_an_id(self, tmp_path):
        net = read_network(_file(tmp_path, b"source,target\nNA,N/A\nA,\n"))
        assert sorted(net.node_ids) == ["N/A", "NA"]
        assert net.meta["rejected_edges"]["empty_endpoint"] == 1


class TestReconcile:
    def test_every_row_read_is_accounted_for(self, tmp_path):
        data = (BOM + b"source;target;w\r\nA;B;1,5\r\nB;B;1\r\n\r\nsource;target;w\r\n"
                b"C;D;-1\r\nD;E;2;x\r\nE;A;0,5\r\n")
        net = read_network(_file(tmp_path, data), weight="w")
        c = net.record_counts()
        assert c == {"rows_read": 7, "rejected": {"negative_weight": 1, "field_count": 1},
                     "relations": 3, "self_loops_left_out": 1, "relations_analysed": 2,
                     "ties": 2, "empty_rows": 1, "repeated_headers": 1}
        assert _reconciles(net)
        assert [r["row"] for r in net.meta["rejects"]] == [5, 6]

    def test_cli_prints_the_reconciled_counts_in_dutch(self, tmp_path, capsys, caplog):
        p = _file(tmp_path, BOM + b"source,target\r\nA,B\r\nsource,target\r\nB,C\r\nC,D,E\r\n"
                  b"\r\nD,A\r\n", "rh.csv")
        code, text = _analyse(tmp_path, capsys, str(p))
        assert code == 0, text
        assert "rh.csv: 1 herhaalde kopregel overgeslagen" in caplog.messages
        assert ("rh.csv, rij 4: 1 rij afgewezen (aantal velden klopt niet: regel 5 heeft 3 "
                "velden, de kopregel 2") in text
        assert ("6 rijen gelezen: 3 geanalyseerd, 1 afgewezen, 0 weggelaten (relatie met "
                "zichzelf), 1 leeg, 1 herhaalde kopregel(s) overgeslagen") in text
        rows = json.loads((tmp_path / "o" / "provenance.json").read_text())["rows"]
        assert (rows["rows_read"], rows["empty_rows"], rows["repeated_headers"]) == (6, 1, 1)

    def test_cli_in_english(self, tmp_path, capsys):
        p = _file(tmp_path, b"source;target;w\nA;B;1,5\nB;C;2\n", "nl.csv")
        code = run(["--lang", "en", "analyse", str(p), "--weight", "w", "-o",
                    str(tmp_path / "o"), "--steps", "1"])
        cap = capsys.readouterr()
        text = " ".join((cap.out + cap.err).split())
        assert code == 0, text
        assert "nl.csv: weights in column 'w' read with a decimal comma" in text
        assert "gewicht" not in text and "gelezen" not in text

    def test_cli_refusals_say_file_and_no_library_text(self, tmp_path, capsys):
        q = _file(tmp_path, b'source,target\n"A,B\nC,D\n', "q.csv")
        code, text = _analyse(tmp_path, capsys, str(q))
        assert code == 1 and "fout: q.csv: aanhalingstekens kloppen niet" in text
        amb = _file(tmp_path, b"source;target;w\nA;B;1.500\n", "amb.csv")
        code, text = _analyse(tmp_path, capsys, str(amb), "--weight", "w")
        assert code == 1 and "fout: amb.csv, rij 1, kolom 'w': 1 gewicht kan" in text
        code, text = _analyse(tmp_path, capsys, str(amb), "--weight", "w", "--decimal", ",")
        assert code == 0, text
        code, text = _analyse(tmp_path, capsys, str(amb), "--weight", "w", "--decimal", "x")
        assert code == 1 and "onbekende waarde 'x' bij --decimal" in text
        for t in (text,):
            assert "Traceback" not in t and "Error" not in t


#: faulty bytes of the classes both readers know (header ``bsn;naam``)
FAULTY = {
    "bom_crlf": BOM + b"bsn;naam\r\n1;A\r\n2;B\r\n",
    "invisible_header": "bsn\u200b;naam\u00a0\n1;A\n".encode(),
    "repeated_header": b"bsn;naam\n1;A\nbsn;naam\n2;B\n",
    "repeated_header_bom": b"bsn;naam\n1;A\n" + BOM + b"BSN;Naam\n2;B\n",
    "field_count": b"bsn;naam\n1;A\n2;B;C\n3;C\n",
    "too_few": b"bsn;naam\n1;A\n2\n3;C\n",
    "truncated": b"bsn;naam\n1;A\n2;B\n3",
    "empty_lines": b"bsn;naam\n1;A\n\n;\n2;B\n",
    "utf16": "bsn;naam\r\n1;Müller\r\n".encode("utf-16"),
    "unclosed_quote": b'bsn;naam\n"1;A\n2;B\n',
    "quote_over_lines": b'bsn;naam\n1;"A\nB"\n2;C\n',
    "other_order": b"bsn;naam\n1;A\nnaam;bsn\n2;B\n",
    "most_wrong": b"bsn;naam\n1;A;\n2;B;\n3;C\n",
    "title_line": b"Export 2026\n\nbsn;naam\n1;A\n2;B\n",
    "lone_cr": b"bsn;naam\n1;A\r2\n3;C\n",
}


def _outcome(read):
    try:
        df = read()
    except NetwerkError as exc:
        return ("refused", str(exc.reason), exc.message)
    return (df.to_dict("list"), sorted((r, reason) for r, _c, reason, _d
                                       in df.attrs["read_rejects"]),
            df.attrs["empty_lines"], df.attrs["repeated_headers"])


@pytest.mark.parametrize("case", sorted(FAULTY))
def test_partner_reader_and_edge_list_reader_agree(tmp_path, case):
    p = _file(tmp_path, FAULTY[case], "x.csv")
    spec = ExtractSpec(name="t", partner="p", identifiers=[{"columns": ["bsn"], "kind": "bsn"}],
                       keep=["naam"])

    def partner():
        df = read_table(p, spec, shared=False)
        return df[["bsn", "naam", "_row"]].assign(_row=df["_row"])

    def edges():
        return read_rows(p, ["bsn", "naam"], what="relatielijst")[["bsn", "naam", "_row"]]

    ours, theirs = _outcome(edges), _outcome(partner)
    assert ours == theirs
    if case in {"unclosed_quote", "other_order", "most_wrong"}:
        assert ours[0] == "refused"
    else:
        assert ours[0] != "refused" and "bsn" not in ours[0]["bsn"]
