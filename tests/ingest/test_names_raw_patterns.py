"""Class: file, sheet and column names are masked with the detectors *and* the spec's
``raw_patterns`` wherever a spec or case is known (issue 9: "file and column names are partner
data too"). A police registration number of the partner's own form (``PL0400-2023407167``, which
no built-in detector knows: ten digits after a dash) in a file, sheet or column name must not
reach the sidecar, the rejects CSV, a log line, a refusal, the store's ``imports`` table, the
reconciliation the CLI prints, the shared folder or a provenance record. Members covered: each of
those places, for CSV and XLSX, one file and a manifest, pseudonymise, ingest, screen, the case
workflow, reports and annotations. Every test also checks the name is still recognisable (the
pattern's label in its place), so a test cannot pass by dropping the name."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import yaml
from ingest_faults import HEADER, KEY, spec
from xlsx_build import NAMES, book, person

from netwerk.cli.main import run
from netwerk.errors import InputError, LeakError
from netwerk.i18n import using
from netwerk.ingest.pipeline import ingest_extract
from netwerk.ingest.pseudonymise import pseudonymise_file
from netwerk.ingest.readers import read_table
from netwerk.privacy import compile_patterns, mask_name

RN = {"politie_registratie": r"\bPL\d{4}-\d{10}\b"}
SECRET = "2023407167"  # the part of PL0400-2023407167 no built-in detector masks
NAME = "verhoor_PL0400-2023407167.csv"
SHOWN = "verhoor_[politie_registratie].csv"


def _clean(*texts: str) -> None:
    for text in texts:
        assert SECRET not in text, text


#: ``pleegdatum`` read as a number: ingest rejects every row's value (a reject in the store)
NODES = [{"id": "persoonsnummer", "kind": "person", "also": ["bsn", "naam_geboortedatum"],
          "attributes": {"rol": "rol", "jaar": {"column": "pleegdatum", "type": "int"}}}]


#: the same without the number: every row stored
STORED = [{"id": "persoonsnummer", "kind": "person", "also": ["bsn", "naam_geboortedatum"]}]


def _spec(**over):
    return spec(**{"raw_patterns": RN, "nodes": NODES, **over})


def _raw(path: Path, *, extra_column: str | None = None, bad_row: bool = True) -> Path:
    head = HEADER + (f";{extra_column}" if extra_column else "")
    rows = ["PN00000001;;Jansen;Jan;01-02-1980;koerier;01-01-2024",
            ("PN00000002;;Pietersen;Piet;31-02-1980;koerier;01-01-2024" if bad_row else
             "PN00000002;;Pietersen;Piet;03-02-1980;koerier;01-01-2024")]
    if extra_column:
        rows = [r + ";x" for r in rows]
    path.write_bytes(("\n".join([head, *rows]) + "\n").encode("cp1252"))
    return path


def _spec_file(path: Path) -> Path:
    data = {
        "name": "politie_test", "partner": "politie", "encoding": "cp1252",
        "raw_patterns": RN,
        "identifiers": [
            {"columns": ["persoonsnummer"], "kind": "police_id", "required": "true"},
            {"columns": ["bsn"], "kind": "bsn"},
            {"columns": ["achternaam", "voornamen", "geboortedatum"], "kind": "name_dob",
             "output": "naam_geboortedatum"}],
        "nodes": NODES,
        "relations": []}
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_mask_name_takes_the_spec_patterns_as_text_or_compiled():
    assert mask_name(NAME) == NAME  # the detectors alone do not know this number
    assert mask_name(NAME, RN) == SHOWN
    assert mask_name(NAME, compile_patterns(RN)) == SHOWN
    # underscores and the extension count as separators, so a \b pattern matches at both ends
    assert mask_name("PL0400-2023407167.xlsx", RN) == "[politie_registratie].xlsx"
    # the detectors still run beside the patterns, and a number inside a pattern hit is masked
    # once, by the pattern (never "PN[nummer]")
    pn = {"politie_persoonsnummer": r"\bPN\d{8}\b"}
    assert mask_name("bsn_123456782 PN04205665_x.csv", pn) == \
        "bsn_[bsn] [politie_persoonsnummer]_x.csv"
    assert mask_name(None, RN) == "" and mask_name("politie.csv", RN) == "politie.csv"


def test_pseudonymise_sidecar_rejects_log_and_result_mask_file_and_column_names(tmp_path, kept):
    column = "notitie PL0400-2023407167"  # a column the spec does not know: dropped, and said
    raw = _raw(tmp_path / NAME, extra_column=column)
    out = tmp_path / "out" / "politie.csv"
    logging.getLogger("netwerk").setLevel(logging.INFO)  # restored by `kept`
    with using("nl"):
        res = pseudonymise_file(raw, _spec(), KEY, out)
    side = (out.parent / "politie.csv.netwerk.json").read_text(encoding="utf-8")
    assert json.loads(side)["dropped_columns"] == ["notitie [politie_registratie]"]
    assert res.dropped_columns == ("notitie [politie_registratie]",)
    rejects = pd.read_csv(f"{out}.rejects.csv", dtype=str)
    # the impossible birth date: a reject line (cell emptied, row kept), named by file
    assert rejects["file"].tolist() == [SHOWN] and rejects["row"].tolist() == ["2"]
    logs = "\n".join(r.getMessage() for r in kept.records)
    assert f"{SHOWN}: 2 regels gelezen, 2 geschreven, 0 afgewezen" in logs
    assert "notitie [politie_registratie]" in logs
    _clean(side, rejects.to_csv(), logs)


def test_the_cli_prints_and_names_the_shared_file_masked(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("NETWERK_KEY", KEY.decode())
    raw = _raw(tmp_path / NAME)
    sp = _spec_file(tmp_path / "politie_test.yaml")
    assert run(["pseudonymise", str(raw), "--spec", str(sp), "--out", str(tmp_path / "deel") + "/"]) == 0
    out = capsys.readouterr().out
    assert f"{SHOWN}: 2 regels gelezen, 2 geschreven, 0 afgewezen" in out
    names = sorted(p.name for p in (tmp_path / "deel").iterdir())
    assert names == ["verhoor_politie_registratie.csv",
                     "verhoor_politie_registratie.csv.netwerk.json",
                     "verhoor_politie_registratie.csv.rejects.csv"]
    _clean(out, *names)


def test_refusals_name_the_file_and_columns_masked(tmp_path):
    # a column the spec needs is missing: the message lists the header and suggests a name
    raw = tmp_path / NAME
    raw.write_bytes(("persoonsnummer;bsn;achternaam;voornamen;geboortedatum PL0400-2023407167;"
                     "rol;pleegdatum\nPN00000001;;Jansen;Jan;01-02-1980;koerier;01-01-2024\n")
                    .encode("cp1252"))
    with pytest.raises(InputError) as e:
        read_table(raw, _spec(), shared=False)
    text = str(e.value)
    assert e.value.file == SHOWN and "geboortedatum [politie_registratie]" in text
    _clean(text, str(e.value.file))
    # the file is not there
    with pytest.raises(InputError) as e:
        read_table(tmp_path / "nergens" / NAME, _spec(), shared=False)
    assert e.value.reason == "file_not_found" and e.value.file.endswith(SHOWN)
    _clean(str(e.value), str(e.value.file))
    # a column named twice
    raw.write_bytes(("persoonsnummer;bsn;achternaam;voornamen;geboortedatum;rol;pleegdatum;"
                     "PL0400-2023407167;PL0400-2023407167\n"
                     "PN00000001;;Jansen;Jan;01-02-1980;koerier;01-01-2024;x;y\n").encode("cp1252"))
    with pytest.raises(InputError) as e:
        read_table(raw, _spec(), shared=False)
    assert "[politie_registratie]" in str(e.value)
    _clean(str(e.value))


def test_an_already_pseudonymised_refusal_names_the_sidecar_masked(tmp_path):
    raw = _raw(tmp_path / NAME, bad_row=False)
    out = tmp_path / "out" / NAME
    pseudonymise_file(raw, _spec(), KEY, out)
    with pytest.raises(InputError) as e:
        pseudonymise_file(out, _spec(), KEY, tmp_path / "again.csv")
    assert e.value.reason == "already_pseudonymised"
    assert f"{SHOWN}.netwerk.json" in str(e.value) and e.value.file == SHOWN
    _clean(str(e.value))


def test_ingest_stores_logs_and_reconciles_the_file_name_masked(tmp_path, capsys, kept):
    raw = _raw(tmp_path / "raw.csv")
    out = tmp_path / "deel" / NAME  # the partner kept the raw name for the shared file
    pseudonymise_file(raw, _spec(), KEY, out)
    case = tmp_path / "c.duckdb"
    logging.getLogger("netwerk").setLevel(logging.INFO)  # restored by `kept`
    res = ingest_extract(case, out, _spec())
    assert res.file == SHOWN and res.n_rejects == 2
    with duckdb.connect(str(case), read_only=True) as con:
        names = [r[0] for r in con.execute("SELECT file_name FROM imports").fetchall()]
        files = [r[0] for r in con.execute("SELECT DISTINCT file FROM rejects").fetchall()]
    assert names == [SHOWN] and files == [SHOWN]
    logs = "\n".join(r.getMessage() for r in kept.records)
    assert f"{SHOWN}: 2 gelezen" in logs
    # again: "already imported" names both files masked
    again = ingest_extract(case, out, _spec())
    assert again.status == "already_imported" and again.file == SHOWN
    logs = "\n".join(r.getMessage() for r in kept.records)
    assert f"{SHOWN}: al ingelezen als import 1 ({SHOWN})" in logs
    # the CLI's reconciliation table and its rejects file
    sp = _spec_file(tmp_path / "politie_test.yaml")
    case2, rej = tmp_path / "c2.duckdb", tmp_path / "afgewezen.csv"
    capsys.readouterr()
    assert run(["ingest", str(out), "--spec", str(sp), "--case", str(case2),
                "--rejects", str(rej)]) == 0
    printed = capsys.readouterr().out
    assert "[politie_registratie]" in printed
    rej_text = rej.read_text(encoding="utf-8-sig")
    assert SHOWN in rej_text
    _clean(logs, printed, rej_text, *names, *files)


def test_a_changed_extract_and_a_key_mismatch_are_refused_with_masked_names(tmp_path):
    raw = _raw(tmp_path / "raw.csv", bad_row=False)
    out = tmp_path / "deel" / NAME
    pseudonymise_file(raw, _spec(), KEY, out)
    out.write_bytes(out.read_bytes() + b"\n")
    with pytest.raises(InputError) as e:
        ingest_extract(tmp_path / "c.duckdb", out, _spec())
    assert e.value.reason == "extract_changed" and f"{SHOWN}.netwerk.json" in str(e.value)
    assert e.value.file.endswith(SHOWN)
    _clean(str(e.value), e.value.file)
    # the key of the case differs
    pseudonymise_file(raw, _spec(), KEY, out)
    other = tmp_path / "deel2" / "politie.csv"
    pseudonymise_file(raw, _spec(), b"another-key-0123456789abcdef", other)
    ingest_extract(tmp_path / "k.duckdb", other, _spec())
    with pytest.raises(Exception) as e:
        ingest_extract(tmp_path / "k.duckdb", out, _spec())
    assert type(e.value).__name__ == "KeyMismatchError" and e.value.file.endswith(SHOWN)
    _clean(str(e.value), e.value.file)


def test_a_multi_file_ingest_refusal_names_the_files_masked(tmp_path, capsys):
    """``netwerk ingest A B``: the second extract is refused after the first was stored; the
    message saying what was stored names both files masked with the spec's patterns."""
    sp = _spec_file(tmp_path / "politie_test.yaml")
    good, bad = tmp_path / "deel" / NAME, tmp_path / "deel" / "PL0400-1234567890.csv"
    pseudonymise_file(_raw(tmp_path / "r1.csv", bad_row=False), _spec(), KEY, good)
    pseudonymise_file(_raw(tmp_path / "r2.csv", bad_row=False), _spec(), KEY, bad)
    case = tmp_path / "c.duckdb"
    assert run(["ingest", str(good), "--spec", str(sp), "--case", str(case)]) == 0
    bad.write_bytes(bad.read_bytes() + b"\n")  # changed after pseudonymising
    capsys.readouterr()
    code = run(["ingest", str(good), str(bad), "--spec", str(sp), "--case", str(tmp_path / "d.duckdb")])
    captured = capsys.readouterr()
    text = captured.out + captured.err
    assert code != 0 and "[politie_registratie]" in text
    _clean(text)
    assert "1234567890" not in text


def test_xlsx_hidden_and_dropped_column_names_are_masked(tmp_path):
    column = "oud PL0400-2023407167"

    def hide(wb):
        wb["Blad1"].column_dimensions["H"].hidden = True

    p = book(tmp_path / "b.xlsx", {"Blad1": [[*NAMES, column], [*person(1), "x"]]}, setup=hide)
    out = tmp_path / "out" / "b.xlsx"
    res = pseudonymise_file(p, _spec(format="xlsx"), KEY, out)
    notes = " ".join(res.notes)
    assert "'oud [politie_registratie]' (H)" in notes
    side = (out.parent / "b.xlsx.netwerk.json").read_text(encoding="utf-8")
    assert json.loads(side)["dropped_columns"] == ["oud [politie_registratie]"]
    _clean(notes, side)


def test_a_manifest_masks_file_case_and_duplicate_names_with_every_spec_pattern(tmp_path):
    from netwerk.ingest.manifest import pseudonymise_manifest

    raw = tmp_path / "raw"
    raw.mkdir()
    _raw(raw / NAME, bad_row=False)
    _spec_file(tmp_path / "politie_test.yaml")
    (tmp_path / "manifest.yaml").write_text(yaml.safe_dump({
        "case": "zaak PL0400-2023407167",
        "extracts": [{"file": f"raw/{NAME}", "spec": "politie_test.yaml"}]}), encoding="utf-8")
    pseudonymise_manifest(tmp_path / "manifest.yaml", KEY, tmp_path / "deel")
    names = sorted(p.name for p in (tmp_path / "deel").iterdir())
    assert "verhoor_politie_registratie.csv" in names
    shared = (tmp_path / "deel" / "manifest.yaml").read_text(encoding="utf-8")
    assert "zaak [politie_registratie]" in shared
    _clean(shared, *names)
    # ingest stores the case name masked with the manifest's patterns
    from netwerk.ingest import ingest_manifest

    case = tmp_path / "c.duckdb"
    ingest_manifest(case, tmp_path / "deel" / "manifest.yaml")
    with duckdb.connect(str(case), read_only=True) as con:
        stored = dict(con.execute("SELECT key, value FROM case_info").fetchall())
    assert stored["case_name"] == "zaak [politie_registratie]"
    # two entries with the same file name are refused, the name masked
    (tmp_path / "m2.yaml").write_text(yaml.safe_dump({"extracts": [
        {"file": f"raw/{NAME}", "spec": "politie_test.yaml"},
        {"file": f"raw/{NAME}", "spec": "politie_test.yaml"}]}), encoding="utf-8")
    with pytest.raises(InputError) as e:
        pseudonymise_manifest(tmp_path / "m2.yaml", KEY, tmp_path / "deel2")
    assert SHOWN in str(e.value)
    _clean(str(e.value))


def test_the_case_workflow_provenance_and_report_inputs_mask_the_case_file_name(tmp_path):
    """A case store named after a registration number: ``Case.name``, the provenance record a
    case output gets, and a report's inputs mask it with the patterns of the case's specs."""
    from netwerk.guard import guarded_output
    from netwerk.privacy import case_patterns
    from netwerk.provenance import input_record, provenance_record
    from netwerk.report.inputs import resolve_case

    raw = _raw(tmp_path / "raw.csv", bad_row=False)
    out = tmp_path / "deel" / "politie.csv"
    pseudonymise_file(raw, _spec(nodes=STORED), KEY, out)
    case = tmp_path / "zaak_PL0400-2023407167.duckdb"
    ingest_extract(case, out, _spec(nodes=STORED))
    assert input_record(case)["name"] == case.name  # outside a case scope: detectors only
    with guarded_output(case_patterns(case)):
        rec = provenance_record("analyse", inputs=[input_record(case, kind="case")],
                                outputs=[case])
    text = json.dumps(rec)
    assert rec["inputs"][0]["name"] == "zaak_[politie_registratie].duckdb"
    assert rec["outputs"][0]["name"] == "zaak_[politie_registratie].duckdb"
    ci = resolve_case(case)
    assert ci.name == "zaak_[politie_registratie]"
    assert ci.files[0][0] == "zaak_[politie_registratie].duckdb"
    _clean(text, ci.name, ci.files[0][0])


def test_open_case_and_annotations_mask_names_with_the_case_patterns(tmp_path):
    from netwerk import open_case
    from netwerk.annotations import import_annotations, read_node_ids
    from netwerk.governance import init_case

    raw = _raw(tmp_path / "raw.csv", bad_row=False)
    out = tmp_path / "deel" / "politie.csv"
    pseudonymise_file(raw, _spec(nodes=STORED), KEY, out)
    case = tmp_path / "zaak_PL0400-2023407167.duckdb"
    ingest_extract(case, out, _spec(nodes=STORED))
    init_case(case, training=True)
    c = open_case(case)
    assert c.name == "zaak_[politie_registratie]"
    # an output of a case whose file name holds a raw identifier is refused: the refusal names
    # the case masked with its spec patterns
    with pytest.raises(LeakError) as e:
        c.write(c.vital(), tmp_path / "uit")
    assert "zaak_[politie_registratie].duckdb" in str(e.value)
    _clean(str(e.value))
    node = sorted(read_node_ids(case))[0]
    notes = tmp_path / "notities_PL0400-2023407167.json"
    notes.write_text(json.dumps({"notes": []}), encoding="utf-8")
    with pytest.raises(InputError) as e:  # not a notes file: the refusal names it masked
        import_annotations(case, notes)
    assert e.value.file.endswith("notities_[politie_registratie].json")
    _clean(str(e.value))
    notes.write_text(json.dumps({"format": "netwerk-notes", "version": 1,
                                 "notes": [{"node": node, "text": "gezien"}]}), encoding="utf-8")
    import_annotations(case, notes)
    with duckdb.connect(str(case), read_only=True) as con:
        (source,) = con.execute("SELECT source FROM annotations").fetchone()
        (name,) = con.execute("SELECT value FROM case_info WHERE key = 'case_name'").fetchone() \
            or ("",)
    assert source == "notities_[politie_registratie].json"
    _clean(source, c.name, str(name))


def test_screen_names_extracts_masked_with_their_spec_patterns(tmp_path):
    from netwerk.errors import KeyMismatchError
    from netwerk.screen.stage import collect_extracts

    folder = tmp_path / "deel"
    pseudonymise_file(_raw(tmp_path / "raw.csv", bad_row=False), _spec(), KEY, folder / NAME)
    _spec_file(folder / "politie_test.yaml")
    (folder / "manifest.yaml").write_text(yaml.safe_dump({"extracts": [
        {"file": NAME, "spec": "politie_test.yaml"}]}), encoding="utf-8")
    (ex,) = collect_extracts([folder])
    assert ex.name == SHOWN and ex.task(tmp_path, 10)["patterns"] == RN
    other = tmp_path / "deel2"
    pseudonymise_file(_raw(tmp_path / "raw.csv", bad_row=False), _spec(),
                      b"another-key-0123456789abcdef", other / "PL0400-1234567890.csv")
    _spec_file(other / "politie_test.yaml")
    (other / "manifest.yaml").write_text(yaml.safe_dump({"extracts": [
        {"file": "PL0400-1234567890.csv", "spec": "politie_test.yaml"}]}), encoding="utf-8")
    with pytest.raises(KeyMismatchError) as e:
        collect_extracts([folder, other])
    text = str(e.value) + str(e.value.file)
    assert "[politie_registratie]" in text
    assert not re.search(r"2023407167|1234567890", text)
