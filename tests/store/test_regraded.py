"""Class: a corrected re-delivery, the partner re-grades its records (review8 S18; Q6's class,
issue 9 "counts that reconcile"). A relation record from the same partner that equals a stored
current record in everything but its grading (``grading_source``, ``grading_information``,
``grading_score``) is a new version of it: the stored record is marked superseded
(``relations.superseded_by`` = the import that replaced it), the new one is stored, and every
reader (``load_network``, and so exports, reports, maps) uses current records only. Counted in
``imports.relations_regraded``, the import result, the log and the CLI, visible in provenance.

Members: the reviewer's example (10 politie rows re-graded to B2), a second re-grading, a
re-grading of some records only, a delivery back to the first grading, an identical re-delivery
(still "already stored"), another partner's equal record (stored, nothing superseded), and a
store of an earlier netwerk (no ``superseded_by`` column).
"""

from __future__ import annotations

import logging

import duckdb
import pytest

from netwerk.cli.main import run
from netwerk.ingest.pipeline import _SAME_RELATION, ingest_extract
from netwerk.ingest.pseudonymise import pseudonymise_file
from netwerk.ingest.spec import load_spec
from netwerk.store import connect, load_network

KEY = b"k" * 32
HEAD = ("registratienummer;pleegdatum;feitomschrijving;pleeg_postcode;pleeg_huisnummer;"
        "persoonsnummer;bsn;achternaam;voornamen;geboortedatum;rol;medeverdachte_persoonsnummer;"
        "kenteken;telefoonnummer;betrouwbaarheid;informatie")
#: the reviewer's rd1.csv: 10 sample politie rows with their gradings (last two columns)
RD1 = """\
PL0400-2023407167;08-05-2025;Witwassen (art. 420bis Sr);;;PN04474209;909769692;  Schouten ;Henk;19-04-1964;financier;PN04205665;6-VSP-01;0614103238;F;6
PL0400-2023407167;08-05-2025;Witwassen (art. 420bis Sr);;;PN04474209;909769692;Schouten;Henk;19-04-1964;financier;PN04350893;1-BGL-48;06-24028339;D;6
PL0400-2023407167;08-05-2025;Witwassen (art. 420bis Sr);;;PN04205665;927095890;  Vos ;Eva Hendrik;04-03-1989;geldschieter;PN04474209;;06-14227441;B;1
PL0400-2023407167;08-05-2025;Witwassen (art. 420bis Sr);;;PN04205665;927095890;Vos;Eva Hendrik;04-03-1989;geldschieter;PN04350893;;;A;5
PL0400-2023407167;08-05-2025;Witwassen (art. 420bis Sr);;;PN04350893;949870985;Horst, ter;Bilal;02-02-1969;katvanger;PN04474209;;+31 6 72128999;A;3
PL0400-2023407167;08-05-2025;Witwassen (art. 420bis Sr);;;PN04350893;949870985;ter Horst;Bilal;02-02-1969;katvanger;PN04205665;;;C;5
PL0400-2022554558;22-08-2024;Opiumwet art. 3 (hennepteelt);7522CK;128;PN04244523;934851554;van der Meer;Rachid;14-01-1969;hennepkweker;PN04131838;;0687743037;B;5
PL0400-2022554558;22-08-2024;Opiumwet art. 3 (hennepteelt);7522CK;128;PN04244523;934851554;van der Meer;Rachid;14-01-1969;hennepkweker;PN04995864;;;B;2
PL0400-2022554558;22-08-2024;Opiumwet art. 3 (hennepteelt);7522CK;128;PN04131838;915742652;  Sahin ;THIJS;08-03-1973;hennepkweker;PN04244523;;06-87743037;;
PL0400-2022554558;22-08-2024;Opiumwet art. 3 (hennepteelt);7522CK;128;PN04131838;915742652;Sahin;Thijs;08-03-1973;hennepkweker;PN04995864;;;;
""".splitlines()


def _graded(rows: list[str], grade: tuple[str, str], which=None) -> list[str]:
    """``rows`` with the grading of rows ``which`` (all by default) set to ``grade``."""
    return [";".join([*r.split(";")[:-2], *grade]) if which is None or i in which else r
            for i, r in enumerate(rows)]


def _extract(tmp, name: str, rows: list[str], spec=None):
    raw = tmp / "raw" / name
    raw.parent.mkdir(exist_ok=True)
    raw.write_text("\n".join([HEAD, *rows]) + "\n", encoding="cp1252")
    out = tmp / "out" / name
    pseudonymise_file(raw, spec or load_spec("politie"), KEY, out)
    return out


COLS = ", ".join(f'"{c}"' for c in _SAME_RELATION)


def _current(case) -> list[tuple]:
    """The current records as a sorted multiset (what every reader sees)."""
    with duckdb.connect(str(case), read_only=True) as con:
        return sorted(con.execute(f"SELECT {COLS} FROM relations WHERE superseded_by IS NULL"
                                  ).fetchall(), key=repr)


def _alone(tmp, name: str, rows: list[str]) -> list[tuple]:
    """The records a fresh case store holds after ingesting ``rows`` alone."""
    case = tmp / f"alone-{name}.duckdb"
    ingest_extract(case, _extract(tmp, name, rows), "politie")
    return _current(case)


def _superseded(case) -> list[tuple]:
    with duckdb.connect(str(case), read_only=True) as con:
        return con.execute("SELECT import_id, superseded_by, count(*) FROM relations "
                           "GROUP BY ALL ORDER BY ALL").fetchall()


@pytest.fixture()
def first(tmp_path):
    case = tmp_path / "c.duckdb"
    res = ingest_extract(case, _extract(tmp_path, "rd1.csv", RD1), "politie")
    # 22 made, one repeated within the extract (row 10's co-suspect = row 8's)
    assert (res.relations_mapped, res.relations, res.relations_repeated) == (22, 21, 1)
    return case


def test_the_reviewers_regrading_replaces_the_records(tmp_path, first, caplog):
    rd2 = _graded(RD1, ("B", "2"))
    with caplog.at_level(logging.INFO, logger="netwerk"):
        res = ingest_extract(first, _extract(tmp_path, "rd2.csv", rd2), "politie")
    # 22 made = 18 stored + 2 repeated (two records of one tie, now graded alike) + 2 already
    # stored (rd1 had them as B2); 19 stored records replaced by their new version
    assert (res.relations_mapped, res.relations, res.relations_repeated,
            res.relations_already_stored, res.relations_regraded) == (22, 18, 2, 2, 19)
    assert res.relations_reconciled and res.summary()["regraded"] == 19
    assert ("rd2.csv: 19 eerder opgeslagen relaties van politie vervangen door een nieuwe versie "
            "(alleen de beoordeling verschilt)") in caplog.text
    assert _superseded(first) == [(1, 2, 19), (1, None, 2), (2, None, 18)]
    # what the readers see is what rd2 alone gives: every tie once, graded B2
    assert _current(first) == _alone(tmp_path, "rd2.csv", rd2)
    net = load_network(first)
    assert len(net.edges) == 20
    assert set(zip(net.edges["grading_source"], net.edges["grading_information"],
                   strict=True)) == {("B", "2")}
    assert net.meta["relations_superseded"] == 19
    assert [i["relations_regraded"] for i in net.meta["imports"]] == [0, 19]


def test_a_second_regrading(tmp_path, first):
    ingest_extract(first, _extract(tmp_path, "rd2.csv", _graded(RD1, ("B", "2"))), "politie")
    rd3 = _graded(RD1, ("A", "1"))
    res = ingest_extract(first, _extract(tmp_path, "rd3.csv", rd3), "politie")
    # every current record (18 of rd2, 2 of rd1) has a new version
    assert (res.relations, res.relations_repeated, res.relations_already_stored,
            res.relations_regraded) == (20, 2, 0, 20)
    assert _superseded(first) == [(1, 2, 19), (1, 3, 2), (2, 3, 18), (3, None, 20)]
    assert _current(first) == _alone(tmp_path, "rd3.csv", rd3)


def test_back_to_the_first_grading_is_a_new_version_again(tmp_path, first):
    """A superseded record is history: a delivery that returns to it is not "already stored"."""
    ingest_extract(first, _extract(tmp_path, "rd2.csv", _graded(RD1, ("B", "2"))), "politie")
    back = list(reversed(RD1))  # the first grading, another file
    res = ingest_extract(first, _extract(tmp_path, "back.csv", back), "politie")
    assert (res.relations, res.relations_already_stored, res.relations_regraded) == (19, 2, 18)
    assert _current(first) == _alone(tmp_path, "back.csv", back)


def test_a_regrading_of_some_records(tmp_path, first):
    # rows 1 and 4 re-graded: row 1's four relations (co-suspect, vehicle, phone; its address
    # is blank) and row 4's co-suspect
    some = _graded(RD1, ("B", "2"), which={0, 3})
    res = ingest_extract(first, _extract(tmp_path, "some.csv", some), "politie")
    assert (res.relations_mapped, res.relations, res.relations_repeated,
            res.relations_already_stored, res.relations_regraded) == (22, 4, 1, 17, 4)
    assert _superseded(first) == [(1, 2, 4), (1, None, 17), (2, None, 4)]
    assert _current(first) == _alone(tmp_path, "some.csv", some)


def test_an_identical_redelivery_is_already_stored(tmp_path, first):
    again = list(reversed(RD1))  # the same records, another file (another SHA-256)
    res = ingest_extract(first, _extract(tmp_path, "again.csv", again), "politie")
    assert (res.relations, res.relations_repeated, res.relations_already_stored,
            res.relations_regraded) == (0, 1, 21, 0)
    assert _superseded(first) == [(1, None, 21)]


def test_another_partners_equal_record_is_stored_and_supersedes_nothing(tmp_path, first):
    kmar = load_spec("politie").model_copy(update={"partner": "kmar", "name": "kmar"})
    rows = _graded(RD1, ("B", "2"))
    res = ingest_extract(first, _extract(tmp_path, "kmar.csv", rows, spec=kmar), kmar)
    assert (res.relations, res.relations_repeated, res.relations_already_stored,
            res.relations_regraded) == (20, 2, 0, 0)
    assert _superseded(first) == [(1, None, 21), (2, None, 20)]
    assert len(load_network(first).edges) == 41


def test_the_cli_says_it(tmp_path, first, capsys):
    ex = _extract(tmp_path, "rd2.csv", _graded(RD1, ("B", "2")))
    assert run(["ingest", str(ex), "--spec", "politie", "--case", str(first)]) == 0
    out = capsys.readouterr().out
    assert ("rd2.csv: relaties 22 = opgeslagen 18 + herhaald binnen het extract 2 + al "
            "opgeslagen 2 + naar zichzelf 0: sluit ja\n") in out
    assert "rd2.csv: 19 eerder opgeslagen relaties van politie vervangen door een nieuwe versie" in out


def test_the_cli_says_it_in_english(tmp_path, first, capsys):
    ex = _extract(tmp_path, "rd2.csv", _graded(RD1, ("B", "2")))
    assert run(["--lang", "en", "ingest", str(ex), "--spec", "politie", "--case",
                str(first)]) == 0
    assert ("rd2.csv: 19 relations stored earlier from politie replaced by a new version (only "
            "the grading differs)") in capsys.readouterr().out


def test_a_store_of_an_earlier_netwerk(tmp_path, first):
    """Without the columns (an older store): read-only, every record is current; the next
    writable open adds them and the re-grading works."""
    with duckdb.connect(str(first)) as con:
        con.execute("ALTER TABLE relations DROP COLUMN superseded_by")
        con.execute("ALTER TABLE imports DROP COLUMN relations_regraded")
        con.execute("ALTER TABLE imports DROP COLUMN relations_self_loops")
    net = load_network(first)
    assert len(net.edges) == 21 and net.meta["relations_superseded"] == 0
    res = ingest_extract(first, _extract(tmp_path, "rd2.csv", _graded(RD1, ("B", "2"))),
                         "politie")
    assert res.relations_regraded == 19
    with connect(first, read_only=True) as con:
        assert con.execute("SELECT relations_regraded FROM imports ORDER BY import_id"
                           ).fetchall() == [(0,), (19,)]
    assert len(load_network(first).edges) == 20
