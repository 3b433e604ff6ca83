"""Class: a fault of one relation is a relation reject, not a row reject (review8 S16; issue 9,
"nothing lost in silence; counts that reconcile"). A co-suspect cell that names the suspect
himself (a typing slip) used to reject the whole row: the person's BSN and name links, his
address and vehicle relations and his attributes from that row were lost. Now only the relation
whose two ends are one node is not made: it is in the rejects (file, row, column, ``self_loop``,
a Dutch detail naming the relation in words, never its code), counted in
``relations_self_loops`` and the reconciliation (relations mapped = stored + repeated + already
stored + self-loops), and the row stays used.

The other per-relation reasons stay row rejects, each for a reason (docs/user-guide.md §2):
an unparsable relation date or weight, a grade outside the scheme (cells that also date or
grade the row's other relations, or a misread row), an unknown relation kind code, an endpoint
the relation kind does not allow (the node's kind from the row is doubtful) and a stated
relation without an identifier at one end (review7 Q3). Members: the reviewer's politie file,
the streaming and the pure mapper, a self-loop on a rejected row (counted once, as the row), a
kind taken from a column, the CLI and the rejects CSV, English, and each row-level reason.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import duckdb
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))

from casekit import MESSY_HEADER, MESSY_SPEC, P, write_extract, write_spec  # noqa: E402

from netwerk.cli.main import run  # noqa: E402
from netwerk.i18n import using  # noqa: E402
from netwerk.ingest.mapping import map_extract  # noqa: E402
from netwerk.ingest.pipeline import ingest_extract  # noqa: E402
from netwerk.ingest.pseudonymise import pseudonymise_file  # noqa: E402
from netwerk.ingest.readers import read_table  # noqa: E402
from netwerk.ingest.spec import load_spec  # noqa: E402
from netwerk.model import default_model  # noqa: E402
from netwerk.store import load_network  # noqa: E402

KEY = b"k" * 32
HEAD = ("registratienummer;pleegdatum;feitomschrijving;pleeg_postcode;pleeg_huisnummer;"
        "persoonsnummer;bsn;achternaam;voornamen;geboortedatum;rol;medeverdachte_persoonsnummer;"
        "kenteken;telefoonnummer;betrouwbaarheid;informatie")
#: the reviewer's self.csv: row 3's co-suspect is the suspect himself; it also has his BSN, name
#: key, a vehicle, a phone and the incident address
SELF = [
    "PL0400-2023407167;08-05-2025;Witwassen;3512JE;12;PN11111112;123456782;Schouten;Henk;"
    "19-04-1964;financier;PN22222223;;;F;6",
    "PL0400-2023407167;08-05-2025;Witwassen;3512JE;12;PN22222223;123456782;Schouten;Henk;"
    "19-04-1964;financier;PN33333334;;;F;6",
    "PL0400-2023407167;08-05-2025;Witwassen;3512JE;12;PN33333334;111222333;Jansen;Piet;"
    "01-01-1980;financier;PN33333334;6-VSP-01;0614103238;F;6",
]


def _politie(tmp: Path, rows: list[str], name: str = "self.csv") -> Path:
    raw = tmp / "raw" / name
    raw.parent.mkdir(exist_ok=True)
    raw.write_text("\n".join([HEAD, *rows]) + "\n", encoding="cp1252")
    out = tmp / "out" / name
    pseudonymise_file(raw, load_spec("politie"), KEY, out)
    return out


def _pid(v: str) -> str:
    from netwerk.ingest.pseudonymise import pseudonym

    return pseudonym("police_id", v, KEY)


def test_the_reviewers_row_keeps_everything_but_the_self_loop(tmp_path, caplog):
    ex = _politie(tmp_path, SELF)
    case = tmp_path / "c.duckdb"
    with caplog.at_level(logging.WARNING, logger="netwerk"):
        res = ingest_extract(case, ex, "politie")
    # every row is used; 8 relations made (2 co-suspects, 3 addresses, 1 vehicle, 1 phone and
    # the self-loop), 7 stored
    assert (res.rows_read, res.rows_used, res.duplicates, res.n_rejects) == (3, 3, 0, 0)
    assert res.reconciled and res.relations_reconciled
    assert (res.relations_mapped, res.relations, res.relations_self_loops) == (8, 7, 1)
    assert res.summary()["self-loops"] == 1
    # the rejects table names file, row, column and reason; the detail in words, no code
    rej = res.rejects
    assert rej[["file", "row", "column", "reason"]].values.tolist() == [
        ["self.csv", 3, "medeverdachte_persoonsnummer", "self_loop"]]
    detail = rej["detail"].iloc[0]
    assert "'medeverdachte van'" in detail and "co_suspect" not in detail
    assert "alleen deze relatie is niet opgeslagen" in detail
    assert "1 relatie verbindt een knooppunt met zichzelf" in caplog.text
    p3 = _pid("PN33333334")
    with duckdb.connect(str(case), read_only=True) as con:
        kinds = con.execute("SELECT kind, count(*) FROM relations WHERE source = ? GROUP BY kind "
                            "ORDER BY kind", [p3]).fetchall()
        links = con.execute("SELECT count(*) FROM identity_links WHERE node_a = ?",
                            [p3]).fetchone()[0]
        rol = con.execute("SELECT value FROM node_attributes WHERE node_id = ? AND attribute = "
                          "'rol'", [p3]).fetchall()
        stored = con.execute("SELECT relations_self_loops, rejects FROM imports").fetchall()
        loops = con.execute("SELECT count(*) FROM relations WHERE source = target").fetchone()[0]
    # his address, vehicle and phone; his BSN and name links; his role: all kept
    assert kinds == [("uses", 3)]
    assert links == 2 and rol == [("financier",)]
    assert stored == [(1, 0)] and loops == 0
    # in the network he is one subject with his BSN and name key, and keeps his co-suspect tie
    # from row 2; the count is in the provenance
    net = load_network(case)
    assert net.meta["imports"][0]["relations_self_loops"] == 1
    me = net.nodes.index[net.nodes["aliases"].str.contains(p3, regex=False)
                         | (net.nodes.index == p3)]
    assert len(me) == 1 and len(net.nodes.loc[me[0], "aliases"].split(";")) == 2
    e = net.edges
    assert ((e["kind"] == "co_suspect") & (e["target"] == me[0])).sum() == 1


def test_the_pure_mapper_agrees(tmp_path):
    ex = _politie(tmp_path, SELF)
    spec = load_spec("politie")
    m = map_extract(read_table(ex, spec, shared=True), spec, model=default_model(),
                    file=ex.name)
    assert (m.rows_used, m.rejected, m.self_loops, len(m.relations)) == (3, 0, 1, 7)
    assert m.rejects["reason"].tolist() == ["self_loop"]
    assert not (m.relations["source"] == m.relations["target"]).any()


def _messy(tmp: Path, rows: list[list[str]], name: str = "m.csv") -> Path:
    return write_extract(tmp / name, MESSY_HEADER, rows, spec="messy", partner="politie")


A, B, D = (P("bsn", v) for v in ("111111110", "222222220", "444444440"))
K1 = P("kvk", "12345678")


def test_a_kind_from_a_column_is_named_by_its_word(tmp_path):
    """A relation whose kind is read per row (``rol``): a self-loop leaves the row's
    ``director_of`` to the company and the company itself."""
    spec = write_spec(tmp_path, MESSY_SPEC, "messy")
    row = [D, D, "Familie", "01-02-2020", "", K1, "company", "Bakkerij X", "", ""]
    res = ingest_extract(tmp_path / "c.duckdb", _messy(tmp_path, [row]), spec)
    assert (res.rows_used, res.n_rejects, res.relations, res.relations_self_loops) == (1, 0, 1, 1)
    assert res.rejects["reason"].tolist() == ["self_loop"]
    assert "soort uit kolom rol" in res.rejects["detail"].iloc[0]
    with duckdb.connect(str(tmp_path / "c.duckdb"), read_only=True) as con:
        assert con.execute("SELECT kind, source, target FROM relations").fetchall() == [
            ("director_of", D, K1)]


def test_a_self_loop_on_a_rejected_row_counts_once(tmp_path):
    """A row rejected for its own fault (here its company's kind ``boot``) is one row reject:
    nothing of it is stored, so its self-loop is not counted again as a relation reject."""
    spec = write_spec(tmp_path, MESSY_SPEC, "messy")
    row = [D, D, "Familie", "01-02-2020", "", K1, "boot", "", "", ""]
    res = ingest_extract(tmp_path / "c.duckdb", _messy(tmp_path, [row]), spec)
    assert (res.rows_used, res.n_rejects, res.relations_self_loops, res.relations_mapped) == (
        0, 1, 0, 0)
    assert res.rejects["reason"].tolist() == ["unknown_kind"]
    assert res.reconciled and res.relations_reconciled


def test_the_self_loops_own_cells_are_not_asked(tmp_path):
    """A bad date that only the self-loop would carry does not reject the row: the relation is
    not made, so its date is not needed (as a blank optional end's relation's date is not)."""
    spec = write_spec(tmp_path, MESSY_SPEC, "messy")
    row = [D, D, "Familie", "31-02-2020", "", "", "", "", "", ""]
    res = ingest_extract(tmp_path / "c.duckdb", _messy(tmp_path, [row]), spec)
    assert (res.rows_used, res.n_rejects, res.relations_self_loops, res.relations) == (1, 0, 1, 0)
    assert res.rejects["reason"].tolist() == ["self_loop"]


def test_the_cli_line_and_rejects_csv(tmp_path, capsys):
    ex = _politie(tmp_path, SELF)
    csv = tmp_path / "rej.csv"
    assert run(["ingest", str(ex), "--spec", "politie", "--case", str(tmp_path / "c.duckdb"),
                "--rejects", str(csv)]) == 0
    out = capsys.readouterr().out
    assert ("self.csv: relaties 8 = opgeslagen 7 + herhaald binnen het extract 0 + al "
            "opgeslagen 0 + naar zichzelf 1: sluit ja\n") in out
    assert "gelezen 3 = gebruikt 3 + dubbel 0 + afgewezen 0: sluit ja" in out
    text = csv.read_text(encoding="utf-8-sig")
    assert "self.csv" in text and "medeverdachte_persoonsnummer" in text and "self_loop" in text


def test_in_english(tmp_path, capsys):
    ex = _politie(tmp_path, SELF)
    assert run(["--lang", "en", "ingest", str(ex), "--spec", "politie", "--case",
                str(tmp_path / "c.duckdb")]) == 0
    assert ("self.csv: relations 8 = stored 7 + repeated within the extract 0 + already stored "
            "0 + to itself 1: reconciles yes\n") in capsys.readouterr().out
    with using("en"):
        res = ingest_extract(tmp_path / "e.duckdb", ex, "politie")
    detail = res.rejects["detail"].iloc[0]
    assert detail.startswith("the relation 'co-suspect of' from 'persoonsnummer'")
    assert "co_suspect" not in detail


#: the per-relation reasons that stay row rejects, each with a messy row that shows it (the
#: row's director_of to K1 would be made if the row were used)
ROW_LEVEL = {
    "unparsable_date": [A, B, "Medeverdachte", "31-02-2020", "", K1, "company", "X", "", ""],
    "unparsable_number": [A, B, "Medeverdachte", "01-02-2020", "veel", K1, "company", "X", "", ""],
    "zero_weight": [A, B, "Medeverdachte", "01-02-2020", "0", K1, "company", "X", "", ""],
    "negative_weight": [A, B, "Medeverdachte", "01-02-2020", "-1", K1, "company", "X", "", ""],
    "unknown_kind": [A, B, "Buurman", "01-02-2020", "", K1, "company", "X", "", ""],
    "disallowed_endpoint": [A, B, "Bestuurder", "01-02-2020", "", K1, "company", "X", "", ""],
}


@pytest.mark.parametrize("reason", sorted(ROW_LEVEL))
def test_the_other_relation_faults_reject_the_row(tmp_path, reason):
    spec = write_spec(tmp_path, MESSY_SPEC, "messy")
    res = ingest_extract(tmp_path / "c.duckdb", _messy(tmp_path, [ROW_LEVEL[reason]]), spec)
    assert (res.rows_used, res.n_rejects, res.relations, res.relations_self_loops) == (0, 1, 0, 0)
    assert reason in res.rejects["reason"].tolist()
    assert res.reconciled and res.relations_reconciled


def test_a_grade_outside_the_scheme_rejects_the_row(tmp_path):
    """The grade is the row's: it grades every relation of the row. The partner checks it with
    ingest's rule (review 8 S8), so the row is rejected there, naming the grading column, and
    nothing of it reaches the shared extract."""
    import pandas as pd

    bad = SELF[0].rsplit(";", 2)[0] + ";Z;6"
    ex = _politie(tmp_path, [bad], "g.csv")
    rej = pd.read_csv(f"{ex}.rejects.csv", dtype=str, encoding="utf-8-sig")
    assert rej["reason"].tolist() == ["unparsable_value"]
    assert rej["column"].tolist() == ["betrouwbaarheid"]
    res = ingest_extract(tmp_path / "c.duckdb", ex, "politie")
    assert (res.rows_used, res.n_rejects, res.relations_self_loops, res.relations) == (0, 0, 0, 0)
