"""Text an analyst types is checked when it is entered (review 6, R1, R7, R13).

Every field of the case record (``case init``), of a decision (``decide``), of the intervention
log (``log``) and a notes file's ``map_title`` (``annotate import``) is refused when it holds a raw
identifier (the one detector set, plus the ``raw_patterns`` of the case's specs given as
``extra``): a Dutch message naming the option or field and the value's shape, never the value;
exit 1 on the command line; nothing stored. The library functions refuse too, not only the CLI.
"""

from __future__ import annotations

import json
import shutil

import duckdb
import pytest

from netwerk.annotations import import_annotations, read_annotations
from netwerk.cli.main import run
from netwerk.errors import LeakError, Reason, StoreError
from netwerk.governance import (
    close_case,
    init_case,
    read_case_record,
    read_decisions,
    record_decision,
    write_case_record,
)
from netwerk.interventions.progress import log_intervention
from netwerk.privacy import compile_patterns
from netwerk.store import read_interventions, record_intervention

#: one raw identifier of every built-in kind, and what may never come back in a message
RAW = {
    "bsn": "BSN 123456782",
    "iban": "rekening NL91ABNA0417164300",
    "phone": "tel 06-12345678",
    "plate": "kenteken 6-VSP-01",
    "postcode": "woont op 3512 JE 12",
}
SECRETS = ("123456782", "12345678", "NL91ABNA0417164300", "0417164300", "6-VSP-01", "3512 JE")
PROPERTY = "PRC-2001a547f6c6f246cb5bda4a"  # parcel ENS01 G 2295 of the hennep-oost sample case
POLICE = compile_patterns({"persoonsnummer": r"PN\d{8}"})  # the politie spec's raw_patterns


def _no_secret(text: str) -> None:
    for s in SECRETS:
        assert s not in text, f"the message repeats {s!r}: {text}"


def _refused(exc: pytest.ExceptionInfo, option: str) -> str:
    msg = str(exc.value)
    assert exc.value.reason == Reason.RAW_IDENTIFIER
    assert f"{option}:" in msg and "niets vastgelegd" in msg
    _no_secret(msg)
    return msg


@pytest.fixture(scope="module")
def _sample(tmp_path_factory):
    from netwerk.datasets import sample_case

    return sample_case("hennep-oost", tmp_path_factory.mktemp("sample"))


@pytest.fixture
def case(_sample, tmp_path):
    path = tmp_path / "c.duckdb"
    shutil.copyfile(_sample, path)
    return path


def _rows(case, table: str) -> int:
    with duckdb.connect(str(case), read_only=True) as con:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


# ------------------------------------------------------------------------------ case record
RECORD_FIELDS = [
    ("name", "--name"), ("purpose", "--purpose"), ("public_interest", "--public-interest"),
    ("legal_basis", "--legal-basis"), ("start_by", "--start-by"),
    ("start_reason", "--start-reason"), ("start_on", "--start-on"),
    ("retention_until", "--retention-until"), ("classification", "--classification"),
    ("analyst", "--analyst"),
]


@pytest.mark.parametrize("kind", sorted(RAW))
@pytest.mark.parametrize(("field", "option"), RECORD_FIELDS)
def test_case_init_refuses_each_field_and_creates_no_store(tmp_path, field, option, kind):
    case = tmp_path / "nieuw.duckdb"
    args = {"purpose": "Verstoren hennepketen", "legal_basis": "WGS", "retention_until": "2031-01-01"}
    args[field] = RAW[kind]
    with pytest.raises(LeakError) as exc:
        init_case(case, **args)
    _refused(exc, option)
    assert not case.exists()


def test_case_init_refuses_partners_and_grounds(tmp_path):
    case = tmp_path / "c.duckdb"
    with pytest.raises(LeakError) as exc:
        init_case(case, retention_until="2031-01-01", partners=["gemeente", "politie 0612345678"])
    _refused(exc, "--partner")
    with pytest.raises(LeakError) as exc:
        init_case(case, retention_until="2031-01-01", partners=["politie"],
                  partner_grounds={"politie": "art. 20 Wpg, BSN 123456782"})
    _refused(exc, "--ground")
    assert not case.exists()


def test_case_update_refused_keeps_the_record(tmp_path):
    """R1's update: a start reason with an IBAN on an existing case leaves version 1 current."""
    case = tmp_path / "c.duckdb"
    init_case(case, purpose="Verstoren hennepketen", legal_basis="WGS",
              retention_until="2031-01-01")
    with pytest.raises(LeakError) as exc:
        init_case(case, start_reason="melding over NL91ABNA0417164300")
    msg = _refused(exc, "--start-reason")
    assert "IBAN" in msg
    rec = read_case_record(case)
    assert rec.version == 1 and rec.start_reason == ""


def test_write_case_record_refuses_what_a_version_adds_only(tmp_path):
    """The API refuses too; a field already stored (from before the check) does not block closing."""
    case = tmp_path / "c.duckdb"
    rec = init_case(case, purpose="Verstoren hennepketen", legal_basis="WGS",
                    retention_until="2031-01-01")
    from dataclasses import replace

    with pytest.raises(LeakError) as exc:
        write_case_record(case, replace(rec, start_by="wijkagent, tel 0612345678"))
    _refused(exc, "--start-by")
    assert read_case_record(case).version == 1
    with duckdb.connect(str(case)) as con:  # a record written before the entry check existed
        con.execute("UPDATE case_record SET purpose = 'BSN 123456782'")
    assert close_case(case).status == "closed"


def test_case_name_defaults_to_the_masked_file_name(tmp_path):
    case = tmp_path / "bsn_123456782.duckdb"
    rec = init_case(case, training=True)
    assert rec.case_name == "bsn_[bsn]"


def test_spec_patterns_are_checked_with_extra(tmp_path):
    case = tmp_path / "c.duckdb"
    with pytest.raises(LeakError) as exc:
        init_case(case, retention_until="2031-01-01", start_by="PN04205665", extra=POLICE)
    assert "persoonsnummer" in str(exc.value) and "PN04205665" not in str(exc.value)
    assert not case.exists()


def test_cli_case_init_reproduction(case, capsys):
    """R1 as the reviewer ran it: exit 1, every field with a hit named, nothing stored."""
    before = read_case_record(case)
    code = run(["case", "init", str(case), "--name", "Zaak [bold red]rood[/] 123456782",
                "--purpose", "Onderzoek naar BSN 123456782, tel 06-12345678",
                "--start-reason", "melding over NL91ABNA0417164300", "--legal-basis", "art. 20 Wpg",
                "--retention-until", "2027-12-31", "--start-by", "PN04205665",
                "--start-on", "2026-11-01"])
    err = capsys.readouterr().err
    assert code == 1
    for option in ("--name", "--purpose", "--start-reason"):
        assert f"{option}:" in err
    assert "lijkt een echt identificerend gegeven te bevatten" in err
    _no_secret(err)
    assert read_case_record(case) == before


def test_cli_ground_is_checked_before_it_is_echoed(case, capsys):
    assert run(["case", "init", str(case), "--ground", "BSN 123456782"]) == 1
    err = capsys.readouterr().err
    assert "--ground:" in err
    _no_secret(err)


# ------------------------------------------------------------------------------ decisions
DECISION_FIELDS = [("decided_by", "--by"), ("decided_on", "--on"), ("decision", "--decision"),
                   ("reasons", "--reasons"), ("alternatives", "--alternatives"),
                   ("reservations", "--reservations"), ("analyst", "--analyst")]


@pytest.mark.parametrize("kind", sorted(RAW))
@pytest.mark.parametrize(("field", "option"), DECISION_FIELDS)
def test_decide_refuses_each_field(tmp_path, field, option, kind):
    case = tmp_path / "c.duckdb"
    init_case(case, training=True)
    args = {"decided_by": "stuurgroep", "decided_on": "2026-11-20",
            "decision": "Gemeente start Bibob-onderzoek", "reasons": "zie actieplan"}
    args[field] = RAW[kind]
    with pytest.raises(LeakError) as exc:
        record_decision(case, **args)
    _refused(exc, option)
    assert read_decisions(case).empty


def test_decide_with_spec_patterns(tmp_path):
    case = tmp_path / "c.duckdb"
    init_case(case, training=True)
    with pytest.raises(LeakError):
        record_decision(case, decided_by="stuurgroep", decided_on="2026-11-20",
                        decision="Aanpak PN04205665", reasons="zie actieplan", extra=POLICE)
    assert read_decisions(case).empty


def test_cli_decide_reproduction(case, capsys):
    code = run(["decide", str(case), "--by", "stuurgroep", "--on", "2026-11-20",
                "--decision", "Aanpak BSN 123456782 en kenteken 6VSP01",
                "--reasons", "tel 0612345678, postcode 3512 JE 12"])
    err = capsys.readouterr().err
    assert code == 1
    assert "--decision:" in err and "--reasons:" in err and "kenteken" in err
    _no_secret(err)
    assert "6VSP01" not in err and "0612345678" not in err
    assert read_decisions(case).empty


# ------------------------------------------------------------------------------ intervention log
LOG_OK = {"action_id": "sluiting_13b", "target": PROPERTY, "partner": "gemeente",
          "date": "2026-11-01", "status": "executed", "result": "pand gesloten", "notes": ""}
LOG_FIELDS = [("result", "--result"), ("notes", "--notes"), ("target", "--target"),
              ("action_id", "--action"), ("partner", "--partner"), ("date", "--date"),
              ("status", "--status")]


@pytest.mark.parametrize("kind", sorted(RAW))
@pytest.mark.parametrize(("field", "option"), LOG_FIELDS)
def test_log_refuses_each_argument(case, field, option, kind):
    args = dict(LOG_OK)
    args[field] = RAW[kind]
    with pytest.raises(LeakError) as exc:
        log_intervention(case, args.pop("action_id"), args.pop("target"), args.pop("partner"),
                         args.pop("date"), args.pop("status"), **args)
    _refused(exc, option)
    assert _rows(case, "interventions") == 0


@pytest.mark.parametrize("field", ["result", "notes", "target", "partner"])
def test_record_intervention_refuses_too(case, field):
    args = dict(LOG_OK)
    args[field] = "eigenaar BSN 123456782"
    with pytest.raises(LeakError) as exc:
        record_intervention(case, **args)
    _refused(exc, "--" + field)
    assert read_interventions(case).empty


def test_log_with_spec_patterns(case):
    args = dict(LOG_OK, result="pand gesloten; verdachte PN04205665")
    with pytest.raises(LeakError) as exc:
        log_intervention(case, args.pop("action_id"), args.pop("target"), args.pop("partner"),
                         args.pop("date"), args.pop("status"), extra=POLICE, **args)
    assert "persoonsnummer" in str(exc.value) and "PN04205665" not in str(exc.value)
    assert _rows(case, "interventions") == 0


def test_cli_log_reproduction(case, capsys):
    """R7: raw notes and result are refused at entry (exit 1), not stored and refused later."""
    code = run(["log", str(case), "--action", "sluiting_13b", "--target", PROPERTY,
                "--partner", "gemeente", "--date", "2026-11-01",
                "--notes", "eigenaar BSN 123456782, tel 0612345678",
                "--result", "pand gesloten"])
    err = capsys.readouterr().err
    assert code == 1 and "--notes:" in err and "telefoonnummer" in err
    _no_secret(err)
    assert _rows(case, "interventions") == 0


def test_cli_log_target_is_never_echoed_raw(case, capsys):
    code = run(["log", str(case), "--action", "sluiting_13b", "--target", "123456782",
                "--partner", "gemeente", "--date", "2026-11-01"])
    err = capsys.readouterr().err
    assert code == 1 and "--target:" in err
    _no_secret(err)


def test_log_refusals_name_the_option_not_a_column(case):
    with pytest.raises(StoreError) as exc:
        log_intervention(case, "sluiting_13b", "PRC-" + "0" * 24, "gemeente", "2026-11-01",
                         "executed")
    assert "--target" in str(exc.value) and "kolom" not in str(exc.value)
    from netwerk.errors import ConfigError

    with pytest.raises(ConfigError) as exc:
        log_intervention(case, "sluiting_13b", PROPERTY, "gemeente", "01-11-2026", "executed")
    assert "--date" in str(exc.value) and "kolom" not in str(exc.value)


def test_clean_log_entry_is_still_recorded(case):
    args = dict(LOG_OK)
    assert log_intervention(case, args.pop("action_id"), args.pop("target"), args.pop("partner"),
                            args.pop("date"), args.pop("status"), **args) == 1


# ------------------------------------------------------------------------------ annotate import
def _notes(folder, name: str, *, title: str, texts=("Volgens de wijkagent verhuisd",)):
    from netwerk.annotations import read_node_ids

    path = folder / name
    node = next(n for n in read_node_ids(folder / "c.duckdb") if n.startswith("BSN-"))
    path.write_text(json.dumps({"format": "netwerk-notes", "version": 1, "map_title": title,
                                "notes": [{"node": node, "text": t,
                                           "written_at": f"2026-11-30T10:0{i}:00Z"}
                                          for i, t in enumerate(texts)]}), encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", sorted(RAW))
def test_annotate_refuses_a_raw_map_title_and_imports_nothing(case, kind):
    path = _notes(case.parent, "notities.json", title=f"Kaart zaak {RAW[kind]}")
    with pytest.raises(LeakError) as exc:
        import_annotations(case, path)
    _refused(exc, "map_title")
    assert read_annotations(case).empty


def test_annotate_stores_and_shows_a_masked_file_name(case, capsys):
    """R13: the source file name is stored and printed masked."""
    path = _notes(case.parent, "notities_bsn_123456782.json", title="Kaart zaak Oost")
    assert import_annotations(case, path).imported == 1
    ann = read_annotations(case)
    assert ann["source"].tolist() == ["notities_bsn_[bsn].json"]
    assert ann["map_title"].tolist() == ["Kaart zaak Oost"]
    bad = case.parent / "notities_0612345678.json"
    bad.write_text(json.dumps({"format": "iets anders"}), encoding="utf-8")
    assert run(["annotate", "import", str(case), str(bad)]) == 1
    err = capsys.readouterr().err
    assert "geen notitiebestand van netwerk" in err and "0612345678" not in err
    assert "notities_[phone].json" in err


def test_cli_annotate_reproduction(case, capsys):
    path = _notes(case.parent, "notities_bsn_123456782.json",
                  title="Kaart zaak BSN 123456782 tel 0612345678")
    assert run(["annotate", "import", str(case), str(path)]) == 1
    err = capsys.readouterr().err
    assert "map_title:" in err
    _no_secret(err)
    assert "0612345678" not in err
    assert read_annotations(case).empty


def test_annotate_notes_checked_with_spec_patterns(case):
    path = _notes(case.parent, "n.json", title="Kaart",
                  texts=("Zelfde persoon als PN04205665 volgens politie", "verhuisd"))
    res = import_annotations(case, path, extra=POLICE)
    assert res.imported == 1 and [r["reason"] for r in res.rejected] == ["raw_identifier"]
    assert "persoonsnummer" in res.rejected[0]["detail"]


# -------------------------------------------------- the case's own spec patterns, by default
@pytest.mark.parametrize("argv", [
    ["log", "{case}", "--action", "sluiting_13b", "--target", PROPERTY, "--partner", "gemeente",
     "--date", "2026-11-01", "--result", "pand gesloten; verdachte PN04205665"],
    ["decide", "{case}", "--by", "stuurgroep", "--on", "2026-11-20", "--decision",
     "aanpak verdachte PN04205665", "--reasons", "uit het casusoverleg"],
    ["case", "init", "{case}", "--training", "--start-by", "PN04205665"],
])
def test_the_case_spec_patterns_are_used_without_being_passed(case, capsys, argv):
    """The politie spec's person-number pattern, stored by ingest in the case, is checked by
    every entry point of that case without the caller passing it (review 6, R6 + R7)."""
    before = {t: _rows(case, t) for t in ("interventions", "decisions", "case_record")}
    code = run([a.format(case=case) for a in argv])
    err = capsys.readouterr().err
    assert code == 1 and "PN04205665" not in err and "persoonsnummer" in err
    assert {t: _rows(case, t) for t in before} == before
