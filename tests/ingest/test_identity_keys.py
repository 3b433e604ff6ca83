"""Class: a node is identified by ANY of its identifiers (review7 Q3, issue 9 "nothing is lost
in silence"). A person known by BSN whose name + birth-date key is empty (a sentinel birth date,
no name) and a company known only by RSIN keep their relations; a row that states a relation
whose endpoint has no identifier at all is a counted reject (``empty_endpoint``), never a "used"
row whose tie vanished. Members: every node mapping with ``also`` identifiers in every shipped
spec (generic), the KvK directors example and the Belastingdienst RSIN debtor end to end."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest
from ingest_faults import KEY

from netwerk.ingest.mapping import map_extract
from netwerk.ingest.pipeline import ingest_extract
from netwerk.ingest.pseudonymise import pseudonymise_file
from netwerk.ingest.spec import IDENTIFIER_KINDS, load_spec
from netwerk.model import default_model

SPECS = sorted(p.stem for p in (Path(__file__).resolve().parents[2] / "src" / "netwerk" / "data"
                                / "specs").glob("*.yaml"))


def _alias_cases():
    for name in SPECS:
        sp = load_spec(name)
        outs = sp.identifier_outputs()
        for nm in sp.nodes:
            for alias in nm.also:
                if not outs[nm.id].required:  # the id can be empty on a row
                    yield pytest.param(name, nm.id, alias, id=f"{name}:{nm.id}<-{alias}")


def _pseudonym(kind: str, i: int) -> str:
    return f"{IDENTIFIER_KINDS[kind]['prefix']}-{i:024x}"


def _one_row(sp, empty: set[str]) -> pd.DataFrame:
    """One shared row of ``sp``: every identifier a pseudonym (but ``empty``), every relation
    kind code the first of its ``kind_values``, other cells blank."""
    outs = sp.identifier_outputs()
    row = {c: "" for c in sp.shared_columns()}
    for i, (col, ident) in enumerate(outs.items(), start=1):
        row[col] = "" if col in empty else _pseudonym(ident.kind, i)
    for rm in sp.relations:
        if rm.kind_column:
            row[rm.kind_column] = next(iter(rm.kind_values))
    return pd.DataFrame([{**row, "_row": 1}]).astype({c: "str" for c in row})


def test_there_are_members_to_check():
    """The shipped specs have node mappings whose id may be empty while an alias is given."""
    got = {c.values[0] for c in _alias_cases()}
    assert {"kvk", "belastingdienst"} <= got


@pytest.mark.parametrize(("name", "node_id", "alias"), list(_alias_cases()))
def test_a_node_known_only_by_an_alias_keeps_its_relations(name, node_id, alias):
    """Every shipped spec, every node mapping with ``also``: with the node's own id empty and
    only that alias filled in, each relation of the node is stored with the alias as its end,
    and the row is used, not rejected."""
    sp = load_spec(name)
    others = {a for a in next(nm for nm in sp.nodes if nm.id == node_id).also if a != alias}
    full = map_extract(_one_row(sp, set()), sp, model=default_model(), file="t.csv")
    df = _one_row(sp, {node_id} | others)
    m = map_extract(df, sp, model=default_model(), file="t.csv")
    assert (m.rows_used, m.rejected) == (1, 0)
    value = df[alias].iloc[0]
    mine = [(rm.source == node_id, rm.target == node_id) for rm in sp.relations]
    expected = sum(1 for s, t in mine if s or t)
    assert expected > 0
    ends = m.relations["source"].tolist() + m.relations["target"].tolist()
    assert ends.count(value) >= expected
    # the same relations as with the node's own id (only the end's pseudonym differs)
    assert len(m.relations) == len(full.relations)
    assert value in set(m.nodes["node_id"])


def test_a_stated_relation_without_any_endpoint_identifier_is_a_counted_reject():
    """KvK: functie ``Bestuurder`` but no BSN, name key or KvK number of the officer: the row
    is rejected (``empty_endpoint``, the officer columns named) and the counts reconcile."""
    sp = load_spec("kvk")
    df = _one_row(sp, {"functionaris", "bsn_functionaris", "kvk_nummer_functionaris"})
    m = map_extract(df, sp, model=default_model(), file="t.csv")
    assert (m.rows_read, m.rows_used, m.rejected) == (1, 0, 1)
    assert m.rejects["reason"].tolist() == ["empty_endpoint"]
    assert m.rejects["column"].iloc[0] == "functionaris/kvk_nummer_functionaris"
    assert "functie" in m.rejects["detail"].iloc[0]
    # without a kind code the row states no relation: a company without officers, used
    df.loc[0, "functie"] = ""
    m = map_extract(df, sp, model=default_model(), file="t.csv")
    assert (m.rows_used, m.rejected) == (1, 0)


def test_a_required_identifier_left_empty_is_reported_once():
    sp = load_spec("belastingdienst")
    df = _one_row(sp, {"relatie_kvk_nummer", "bsn"})
    m = map_extract(df, sp, model=default_model(), file="t.csv")
    assert m.rejects["reason"].tolist() == ["empty_endpoint"]
    assert m.rejects["column"].tolist() == ["relatie_kvk_nummer"]


KVK_HEAD = ("kvk_nummer,vestigingsnummer,handelsnaam,rechtsvorm,sbi_code,datum_oprichting,postcode,"
            "huisnummer,toevoeging,bsn_functionaris,achternaam_functionaris,voornamen_functionaris,"
            "geboortedatum_functionaris,kvk_nummer_functionaris,functie,datum_in_functie,"
            "datum_uit_functie")
KVK_ROW = "98576169,900092919866,Oostpoort Holding B.V.,BV,6420,04-12-2016,7537PT,24,,{bsn},{naam},{dob},,{functie},03-01-2022,"


def _ingest(tmp_path: Path, name: str, text: str, encoding: str):
    raw = tmp_path / f"{name}.csv"
    raw.write_bytes(text.encode(encoding))
    out = tmp_path / "out" / raw.name
    pseudonymise_file(raw, load_spec(name), KEY, out)
    case = tmp_path / "c.duckdb"
    return ingest_extract(case, out, name), case


def test_three_directors_three_relations_end_to_end(tmp_path):
    """Review7 Q3: three directors of one company, one with a sentinel birth date, one with a
    BSN only, one complete: three ``director_of`` relations, each from a node of its own, and
    "read 4 = used 3 + rejected 1" with the fourth row (a director without any identifier)."""
    rows = [KVK_ROW.format(bsn="123456782", naam="Jansen,Piet", dob="01-01-1900", functie="Bestuurder"),
            KVK_ROW.format(bsn="111222333", naam=",", dob="", functie="Bestuurder"),
            KVK_ROW.format(bsn="909769692", naam="Schouten,Henk", dob="19-04-1964", functie="Bestuurder"),
            KVK_ROW.format(bsn="", naam=",", dob="", functie="Bestuurder")]
    res, case = _ingest(tmp_path, "kvk", "\n".join([KVK_HEAD, *rows]) + "\n", "utf-8")
    assert (res.rows_read, res.rows_used, res.duplicates, res.n_rejects) == (4, 3, 0, 1)
    assert res.reconciled
    assert res.rejects["reason"].tolist() == ["empty_endpoint"]
    assert res.rejects["row"].tolist() == [4]
    with duckdb.connect(str(case), read_only=True) as con:
        directors = con.execute("SELECT source FROM relations WHERE kind = 'director_of' "
                                "ORDER BY \"row\"").fetchall()
        (n_person,) = con.execute("SELECT count(*) FROM nodes WHERE kind = 'person'").fetchone()
    assert len(directors) == 3 and len(set(directors)) == 3
    assert [s[0][:4] for s in directors] == ["BSN-", "BSN-", "NGD-"]
    assert n_person == 4  # three BSNs and one name key (linked to the third BSN)


BD_HEAD = "bsn;rsin;kvk_nummer;soort_aanslag;bedrag_openstaande_schuld;peildatum;iban;relatie_kvk_nummer;soort_relatie"


def test_a_debtor_known_only_by_rsin_keeps_account_and_relation(tmp_path):
    """Review7 Q3, other member: a Belastingdienst debtor with RSIN and no KvK number keeps its
    ``uses`` (account) and ``transacts_with`` relations and its debt attribute."""
    text = "\n".join([BD_HEAD,
                      ";953477162;;LH;82179,80;22-02-2026;NL71 ABNA 1275 3731 30;99466303;Zakelijke relatie",
                      ";;94711798;VPB;5922,68;03-06-2026;NL17ABNA0435992847;;"]) + "\n"
    res, case = _ingest(tmp_path, "belastingdienst", text, "cp1252")
    assert (res.rows_read, res.rows_used, res.n_rejects) == (2, 2, 0)
    with duckdb.connect(str(case), read_only=True) as con:
        rel = con.execute("SELECT kind, source FROM relations ORDER BY \"row\", kind").fetchall()
        debt = con.execute("SELECT node_id FROM node_attributes WHERE attribute = "
                           "'openstaande_schuld' ORDER BY node_id").fetchall()
    assert [(k, s.split("-")[0]) for k, s in rel] == [
        ("transacts_with", "RSIN"), ("uses", "RSIN"), ("uses", "KVK")]
    assert sorted(d[0][:4] for d in debt) == ["KVK-", "RSIN"]
