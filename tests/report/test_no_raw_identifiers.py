"""From raw partner export to report: no raw identifier reaches any output (extract-folder input)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from netwerk.ingest import load_spec, pseudonymise_file, shipped_spec_path
from netwerk.report import build_selection, write_selection

pytestmark = pytest.mark.slow

KEY = b"netwerk-test-key-0123456789abcdef"
HEADER = ("registratienummer;pleegdatum;feitomschrijving;persoonsnummer;bsn;achternaam;voornamen;"
          "geboortedatum;medeverdachte_persoonsnummer;kenteken;telefoonnummer;pleeg_postcode;"
          "pleeg_huisnummer;rol;betrouwbaarheid;informatie")
ROWS = [
    "R1;01-02-2026;hennepteelt;PN10000001;111222333;Jansen;Jan;01-01-1980;PN10000002;AB-12-CD;"
    "0612345678;1234AB;5;financier;B;2",
    "R1;01-02-2026;hennepteelt;PN10000002;123456782;de Vries;Piet;02-02-1985;PN10000003;;;1234AB;5;"
    "kweker;B;2",
    "R2;03-02-2026;hennepteelt;PN10000003;;Bakker;Kees;03-03-1990;PN10000004;;0687654321;;;"
    "elektricien;C;3",
    "R3;04-02-2026;witwassen;PN10000004;;Visser;Anna;04-04-1975;PN10000001;XY-99-ZZ;;2345CD;10;"
    "witwasser;A;1",
]
RAW_VALUES = ["111222333", "123456782", "Jansen", "de Vries", "Bakker", "Visser", "Piet", "Kees",
              "Anna", "01-01-1980", "1980-01-01", "AB-12-CD", "AB12CD", "XY-99-ZZ", "0612345678",
              "612345678", "0687654321", "1234AB", "1234 AB", "2345CD", "PN10000001", "PN10000002",
              "PN10000003", "PN10000004"]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    root = tmp_path_factory.mktemp("raw2report")
    raw = root / "partner" / "politie.csv"
    raw.parent.mkdir()
    raw.write_bytes(("\n".join([HEADER, *ROWS]) + "\n").encode("cp1252"))
    case = root / "zaak-oost"
    case.mkdir()
    pseudonymise_file(raw, load_spec(shipped_spec_path("politie")), KEY, case / "politie.csv")
    (case / "manifest.yaml").write_text(
        "case: zaak-oost\ncrime_type: cannabis\nextracts:\n  - {file: politie.csv, spec: politie}\n",
        encoding="utf-8")
    # a folder of extracts has no case record: refused, as `netwerk report` refuses it
    refused = build_selection([case], seed=0, stability=0)
    assert refused.cases[0].status == "error" and "geen casusregistratie" in refused.cases[0].error
    from netwerk.governance import init_case
    from netwerk.ingest import ingest_manifest

    store = root / "zaak-oost.duckdb"
    ingest_manifest(store, case / "manifest.yaml")
    init_case(store, training=True, analyst="test")  # synthetic rows: a training case
    sel = build_selection([store], seed=0)
    assert sel.cases[0].status == "ok", sel.cases[0].error
    out = root / "out"
    write_selection(sel, out, pdf=False)
    return out


def _texts(folder: Path) -> dict[str, str]:
    texts = {}
    for f in sorted(folder.iterdir()):
        if f.suffix == ".xlsx":
            with zipfile.ZipFile(f) as z:
                texts[f.name] = "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
        else:
            texts[f.name] = f.read_text(encoding="utf-8")
    return texts


def test_no_raw_identifier_in_any_output(outputs):
    texts = _texts(outputs)
    assert set(texts) == {"ranking.csv", "ranking.xlsx", "report.html", "provenance.json"}
    for name, text in texts.items():
        for raw in RAW_VALUES:
            assert raw not in text, (name, raw)


def test_no_path_and_case_named(outputs):
    texts = _texts(outputs)
    for name, text in texts.items():
        assert "netwerk-report-" not in text, name
        assert str(outputs.parent) not in text, name  # only file names, never the store's path
    prov = json.loads(texts["provenance.json"])
    case = prov["cases"][0]
    assert case["case"] == "zaak-oost" and case["kind"] == "store"
    assert {f["name"] for f in case["files"]} == {"zaak-oost.duckdb"}
    assert case["key_fingerprints"] and all(len(k) == 16 for k in case["key_fingerprints"])
    assert KEY.decode() not in texts["provenance.json"]
