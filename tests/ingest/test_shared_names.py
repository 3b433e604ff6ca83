"""Names that leave a partner or reach the store are masked (review 6, R10 and R13).

File names and case names are partner data too: ``pseudonymise --manifest`` writes the shared
extract, its sidecar and rejects under the file name with raw identifiers masked (kept unique per
entry); the shared manifest's ``case`` and ``file`` go through the same rule; ingest stores and
``netwerk info`` prints a masked case name; provenance records and case names mask them too.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
import yaml

from netwerk.cli.main import run
from netwerk.ingest import ingest_manifest
from netwerk.ingest.manifest import pseudonymise_manifest

#: a file name per raw identifier kind (each a copy of the sample KvK extract), and the spec file
NAMES = {
    "bsn": "bsn_123456782.csv",
    "bsn, another": "bsn_111222333.csv",   # masks to the same name as the first: made unique
    "iban": "NL91ABNA0417164300.csv",
    "phone": "tel_0612345678.csv",
    "plate": "auto_6VSP01.csv",
    "postcode": "adres_3512JE_12.csv",
    "kvk number": "kvk_98576169.csv",
}
SECRETS = ("123456782", "111222333", "NL91ABNA0417164300", "0612345678", "6VSP01", "3512JE",
           "98576169")


def _no_secret(text: str, where: str) -> None:
    for s in SECRETS:
        assert s not in text, f"{where} holds {s!r}"


@pytest.fixture(scope="module")
def delivery(tmp_path_factory, sample_data, demo_key):
    """A raw delivery whose file, spec and case names hold raw identifiers, pseudonymised."""
    root = tmp_path_factory.mktemp("levering")
    raw = root / "raw"
    raw.mkdir()
    kvk = sample_data / "hennep-oost" / "raw" / "kvk.csv"
    for name in NAMES.values():
        shutil.copyfile(kvk, raw / name)
    spec_src = Path(__file__).resolve().parents[2] / "src" / "netwerk" / "data" / "specs" / "kvk.yaml"
    shutil.copyfile(spec_src, root / "kvk_123456782.yaml")
    extracts = [{"file": f"raw/{n}", "spec": "kvk"} for n in NAMES.values()]
    extracts[-1]["spec"] = "kvk_123456782.yaml"
    manifest = root / "manifest.yaml"
    manifest.write_text(yaml.safe_dump({"case": "zaak_123456782", "crime_type": "cannabis",
                                        "opmerking": "tel 0612345678", "extracts": extracts},
                                       sort_keys=False), encoding="utf-8")
    out = root / "shared"
    pseudonymise_manifest(manifest, demo_key, out)
    return out


def test_shared_folder_names_carry_no_identifier(delivery):
    names = sorted(p.name for p in delivery.iterdir())
    for n in names:
        _no_secret(n, f"file name {n}")
    # one extract, sidecar and rejects file per entry; nothing lost to a clash
    extracts = [n for n in names if n.endswith(".csv") and not n.endswith(".rejects.csv")]
    assert len(extracts) == len(NAMES)
    for n in extracts:
        assert (delivery / f"{n}.rejects.csv").is_file()
        sidecar = delivery / f"{n}.netwerk.json"
        _no_secret(sidecar.read_text(encoding="utf-8"), sidecar.name)
    assert {"bsn_bsn.csv", "bsn_bsn-2.csv", "iban.csv", "tel_telefoon.csv", "auto_kenteken.csv",
            "kvk_nummer.csv"} <= set(extracts)
    assert not any("[" in n or "]" in n for n in names)  # no glob characters in shared names


def test_shared_manifest_masks_case_and_files(delivery):
    text = (delivery / "manifest.yaml").read_text(encoding="utf-8")
    _no_secret(text, "the shared manifest")
    man = yaml.safe_load(text)
    assert man["case"] == "zaak_[bsn]" and man["crime_type"] == "cannabis"
    assert "opmerking" not in man  # only what ingest reads leaves the partner
    for e in man["extracts"]:
        assert set(e) == {"file", "spec"} and (delivery / e["file"]).is_file()
    assert man["extracts"][-1]["spec"] == "kvk_bsn.yaml"
    assert (delivery / "kvk_bsn.yaml").is_file()


def test_ingest_stores_and_info_prints_a_masked_case_name(delivery, tmp_path, capsys):
    case = tmp_path / "c.duckdb"
    ingest_manifest(case, delivery / "manifest.yaml")
    with duckdb.connect(str(case), read_only=True) as con:
        info = dict(con.execute("SELECT key, value FROM case_info").fetchall())
        files = [r[0] for r in con.execute("SELECT file_name FROM imports").fetchall()]
    assert info["case_name"] == "zaak_[bsn]"
    for f in files:
        _no_secret(f, "imports.file_name")
    capsys.readouterr()
    assert run(["info", str(case)]) == 0
    out = capsys.readouterr().out
    assert "zaak_[bsn]" in out
    _no_secret(out, "netwerk info")


def test_ingest_of_a_raw_manifest_masks_the_case_name(sample_data, tmp_path, demo_key):
    """A manifest ingested as it is (not through pseudonymise) stores a masked name too."""
    src = sample_data / "hennep-oost"
    shared = tmp_path / "shared"
    pseudonymise_manifest(src / "manifest.yaml", demo_key, shared)
    man = yaml.safe_load((shared / "manifest.yaml").read_text(encoding="utf-8"))
    man["case"] = "zaak 0612345678"
    man["extracts"] = man["extracts"][3:4]
    (shared / "manifest.yaml").write_text(yaml.safe_dump(man), encoding="utf-8")
    case = tmp_path / "c.duckdb"
    ingest_manifest(case, shared / "manifest.yaml")
    with duckdb.connect(str(case), read_only=True) as con:
        (name,) = con.execute("SELECT value FROM case_info WHERE key = 'case_name'").fetchone()
    assert name == "zaak [phone]"


def test_info_masks_a_case_name_stored_before(tmp_path, capsys):
    from netwerk.store import connect, set_info

    case = tmp_path / "c.duckdb"
    with connect(case) as con:
        set_info(con, "case_name", "zaak_123456782")
    assert run(["info", str(case)]) == 0
    out = capsys.readouterr().out
    assert "zaak_[bsn]" in out and "123456782" not in out


@pytest.mark.parametrize(("name", "masked"), [
    ("bsn_123456782.csv", "bsn_bsn.csv"),
    ("NL91ABNA0417164300.xlsx", "iban.xlsx"),
    ("tel 06-12345678.csv", "tel telefoon.csv"),
    ("auto_6-VSP-01.csv", "auto_kenteken.csv"),
    ("adres 3512 JE 12.csv", "adres postcode-huisnummer.csv"),
    ("politie.csv", "politie.csv"),
    ("export_20241130.csv", "export_20241130.csv"),
])
def test_shared_file_name(name, masked):
    from netwerk.ingest.manifest import shared_file_name

    assert shared_file_name(name) == masked


def test_provenance_and_case_names_are_masked(tmp_path):
    from netwerk.case import Case
    from netwerk.graph import Network
    from netwerk.provenance import input_record, provenance_record
    from netwerk.report.inputs import resolve_case

    p = tmp_path / "bsn_123456782.duckdb"
    p.write_bytes(b"x")
    assert input_record(p, kind="case")["name"] == "bsn_[bsn].duckdb"
    out = tmp_path / "kaart_0612345678.html"
    out.write_text("x", encoding="utf-8")
    assert provenance_record("map", outputs=[out])["outputs"][0]["name"] == "kaart_[phone].html"
    assert resolve_case(p).name == "bsn_[bsn]"
    import pandas as pd

    net = Network.from_edges(pd.DataFrame({"source": ["a"], "target": ["b"]}))
    assert Case.from_network(net, name="bsn_123456782").name == "bsn_[bsn]"
