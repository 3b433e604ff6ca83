"""Every CSV netwerk writes goes through the one safe writer (review 8 S7).

The partner's rejects file (``<extract>.rejects.csv``, written by ``netwerk pseudonymise``) was
written with ``DataFrame.to_csv``: a file named ``=1+2.csv`` was a live formula in its first
column and the file had no byte-order mark (``ë`` showed as mojibake in Excel), while ingest's
``--rejects`` file was neutralised. The re-identification table (``--reid``) had the same writer.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from netwerk.cli.main import run
from netwerk.ingest.pseudonymise import pseudonymise_file, rejects_path
from netwerk.ingest.spec import load_spec

KEY = b"k" * 32
HEAD = ("registratienummer;pleegdatum;feitomschrijving;pleeg_postcode;pleeg_huisnummer;"
        "persoonsnummer;bsn;achternaam;voornamen;geboortedatum;rol;medeverdachte_persoonsnummer;"
        "kenteken;telefoonnummer;betrouwbaarheid;informatie")
ROWS = ["PL1;03-04-2024;Witwassen;;;PN00000001;111222333;Jansen;Piet;19-04-1964;a;;;;B;2",
        "PL2;31-02-2024;Witwassen;;;PN00000002;;;;;a;;;;B;2",
        "PL3;03-04-2024;Witwassen;;;;;;;;a;;;;B;2"]
SRC = Path(__file__).resolve().parents[2] / "src" / "netwerk"


def _raw(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    raw = folder / name
    raw.write_text(HEAD + "\n" + "\n".join(ROWS) + "\n", encoding="cp1252")
    return raw


@pytest.mark.parametrize("name", ["=1+2.csv", "@SUM(A1).csv", "+x.csv", "-x.csv"])
def test_a_formula_file_name_is_neutralised_in_the_partner_rejects(tmp_path, name):
    raw = _raw(tmp_path / "raw", name)
    out = tmp_path / "out" / name
    res = pseudonymise_file(raw, load_spec("politie"), KEY, out)
    assert res.rejects == 2  # a date that does not exist, a missing police number
    data = rejects_path(out).read_bytes()
    assert data.startswith(b"\xef\xbb\xbffile,row,column,reason,detail\n")  # BOM, for Excel
    lines = data[3:].decode("utf-8").splitlines()[1:]
    assert len(lines) == 2
    assert all(line.startswith(f"'{name},") for line in lines)  # text, not a formula
    assert not re.search(r"(^|\n)[=+\-@]", data[3:].decode("utf-8"))


def test_the_partner_rejects_file_is_utf8_with_bom_and_dutch(tmp_path):
    raw = _raw(tmp_path / "raw", "politie.csv")
    out = tmp_path / "out" / "politie.csv"
    pseudonymise_file(raw, load_spec("politie"), KEY, out)
    rej = pd.read_csv(rejects_path(out), dtype=str, encoding="utf-8-sig")
    assert rej[["row", "column", "reason"]].values.tolist() == [
        ["2", "pleegdatum", "unparsable_date"],
        ["3", "persoonsnummer", "missing_identifier"]]
    # the kind in words (review 8 S8: it said "police_id ontbreekt")
    assert rej["detail"].iloc[1] == "politienummer ontbreekt; rij afgewezen"


def test_the_reid_table_is_neutralised_with_bom_but_keeps_its_raw_values(tmp_path):
    """The re-identification table holds raw identifiers by design (it stays with the
    partner): the output guard does not refuse it, but it is written like every CSV."""
    raw = _raw(tmp_path / "raw", "politie.csv")
    raw.write_text(HEAD + "\n" + ROWS[0].replace(";;;;B;2", ";;;+31 6 12345678;B;2") + "\n",
                   encoding="cp1252")
    out, reid = tmp_path / "out" / "politie.csv", tmp_path / "reid" / "reid.csv"
    pseudonymise_file(raw, load_spec("politie"), KEY, out, reid_path=reid)
    data = reid.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfpseudonym,kind,normalised\n")
    table = pd.read_csv(reid, dtype=str, encoding="utf-8-sig")
    assert "111222333" in set(table["normalised"])  # raw by design, not refused
    assert table.loc[table["kind"] == "phone", "normalised"].tolist() == ["'+31612345678"]


def test_the_cli_writes_the_review_case(tmp_path, capsys):
    """The reviewer's command: ``netwerk pseudonymise '=1+2.csv' --spec politie``."""
    raw = _raw(tmp_path / "raw", "=1+2.csv")
    key = tmp_path / "key"
    key.write_bytes(KEY)
    assert run(["pseudonymise", str(raw), "--spec", "politie", "--key-file", str(key),
                "--out", str(tmp_path / "inj") + "/"]) == 0
    first = (tmp_path / "inj" / "=1+2.csv.rejects.csv").read_text(encoding="utf-8-sig")
    assert first.splitlines()[1].startswith("'=1+2.csv,2,pleegdatum,unparsable_date,")


# -- the class: no CSV writer outside netwerk.io, except the two named here ------------------
EXEMPT = {
    # the shared extract itself, in the partner's own format (delimiter, encoding, line ends)
    # byte-faithful to the export: a machine-read interchange file that ingest reads back;
    # neutralising would change partner values (a description '-5 gram' would be stored with an
    # apostrophe). Its text columns are scanned by the leak guard before it is written.
    ("ingest/readers.py", "to_csv("),
    # one line, the classification marking from the fixed list, put above a CSV that
    # netwerk.io already wrote (csv-quoted so a comma in the marking stays one cell)
    ("governance/marking.py", "csv.writer("),
}


def test_every_csv_writer_in_src_is_netwerk_io():
    found = set()
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC).as_posix()
        if rel == "io.py":
            continue
        text = path.read_text(encoding="utf-8")
        for call in ("to_csv(", "csv.writer(", "csv.DictWriter("):
            if call in text:
                found.add((rel, call))
    assert found == EXEMPT
