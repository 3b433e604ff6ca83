"""A case without a crime type: the messages name the real options, and ``netwerk case init
--crime-type`` records one afterwards (review 8 S4).

Before: ``netwerk plan`` said "open hem met model=" (a Python keyword) and ``netwerk report``
"('crime_type' in case_info; ...)" (a table and column name), and a case ingested file by file
could only get a crime type by ingesting again.
"""

from __future__ import annotations

import re

import pytest
from test_plan_cli import _store

from netwerk.cli.main import run
from netwerk.store import connect, get_info

CAPACITY = "gemeente=10,politie=20,netbeheerder=5,KvK=5,bank=5"


def _err(capsys) -> str:
    return " ".join(capsys.readouterr().err.split())  # rich wraps long lines


def _crime_type(case) -> str | None:
    with connect(case) as con:
        return get_info(con).get("crime_type")


def test_plan_without_crime_type_names_the_options(tmp_path, capsys):
    case = _store(tmp_path / "zaak.duckdb", crime_type=None)
    capsys.readouterr()
    assert run(["plan", str(case), "--out", str(tmp_path / "o")]) == 1
    err = _err(capsys)
    assert ("casus 'zaak' heeft geen barrièremodel: er is geen delicttype vastgelegd; leg het "
            "delicttype vast met `netwerk case init zaak.duckdb --crime-type SOORT` (of bij het "
            "inlezen: `netwerk ingest ... --crime-type SOORT`), of kies een barrièremodel met "
            "--model (cannabis, ") in err
    assert "model=" not in err and "case_info" not in err
    assert run(["--lang", "en", "plan", str(case), "--out", str(tmp_path / "o")]) == 1
    err = _err(capsys)
    assert ("case 'zaak' has no barrier model: no crime type is recorded; record the crime type "
            "with `netwerk case init zaak.duckdb --crime-type TYPE` (or when ingesting: `netwerk "
            "ingest ... --crime-type TYPE`), or choose a barrier model with --model (cannabis, "
            ) in err
    assert "model=" not in err


def test_case_init_records_the_crime_type_where_ingest_does(tmp_path, capsys):
    case = _store(tmp_path / "zaak.duckdb", crime_type=None)
    assert _crime_type(case) is None
    assert run(["case", "init", str(case), "--crime-type", " cannabis "]) == 0
    assert "delicttype: cannabis" in capsys.readouterr().out
    assert _crime_type(case) == "cannabis"
    # the plan now finds its barrier model, as after `ingest --crime-type cannabis`
    assert run(["plan", str(case), "--capacity", CAPACITY, "--out", str(tmp_path / "o"),
                "--seed", "0"]) == 0
    assert (tmp_path / "o" / "package.csv").is_file()
    # a later case init without the option keeps it
    assert run(["case", "init", str(case), "--purpose", "hennepteelt Oost"]) == 0
    assert _crime_type(case) == "cannabis"


def test_case_init_replaces_a_crime_type_and_says_so(tmp_path, caplog):
    case = _store(tmp_path / "zaak.duckdb", crime_type="cannabis")
    with caplog.at_level("WARNING"):
        assert run(["case", "init", str(case), "--crime-type", "synthetic_drugs"]) == 0
    assert _crime_type(case) == "synthetic_drugs"
    assert "delicttype van de casus gewijzigd van 'cannabis' in 'synthetic_drugs'" in caplog.text


def test_case_init_warns_for_a_crime_type_without_a_barrier_model(tmp_path, caplog):
    case = _store(tmp_path / "zaak.duckdb", crime_type=None)
    with caplog.at_level("WARNING"):
        assert run(["case", "init", str(case), "--crime-type", "fraude"]) == 0
    assert _crime_type(case) == "fraude"
    assert re.search(r"geen meegeleverd barrièremodel voor delicttype 'fraude' \(meegeleverd: "
                     r"cannabis, .*\); geef bij plan, map en analyse een barrièremodel met "
                     r"--model", caplog.text)


def test_case_init_refuses_a_raw_identifier_as_crime_type(tmp_path, capsys):
    case = _store(tmp_path / "zaak.duckdb", crime_type=None)
    capsys.readouterr()
    assert run(["case", "init", str(case), "--crime-type", "BSN 123456782"]) != 0
    err = _err(capsys)
    assert "--crime-type" in err and "123456782" not in err
    assert _crime_type(case) is None


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_report_without_crime_type_names_the_options(tmp_path, lang):
    from netwerk.errors import InputError
    from netwerk.i18n import using
    from netwerk.report import build_case

    case = _store(tmp_path / "zonder.duckdb", crime_type=None)
    with using(lang), pytest.raises(InputError) as err:
        build_case(case)
    want = {"nl": "de casus heeft geen delicttype; leg het delicttype vast met `netwerk case init "
                  "zonder.duckdb --crime-type SOORT` (of bij het inlezen: `netwerk ingest ... "
                  "--crime-type SOORT`), of geef `crime_type` in het manifest",
            "en": "the case has no crime type; record the crime type with `netwerk case init "
                  "zonder.duckdb --crime-type TYPE` (or when ingesting: `netwerk ingest ... "
                  "--crime-type TYPE`), or give `crime_type` in the manifest"}[lang]
    assert want in str(err.value)
    assert str(tmp_path) not in str(err.value)  # the file name only, no folder
