"""Shared helpers for the fault-class tests of issue 9: a small politie-like spec, a key, and a
writer for raw exports exactly as a partner's tool would produce them (bytes, not pandas)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from netwerk.ingest.pseudonymise import pseudonymise_file
from netwerk.ingest.readers import read_table
from netwerk.ingest.spec import ExtractSpec

KEY = b"issue-9-test-key-0123456789"
HEADER = "persoonsnummer;bsn;achternaam;voornamen;geboortedatum;rol;pleegdatum"


def spec(**over) -> ExtractSpec:
    base = {
        "name": "politie_test", "partner": "politie", "encoding": "cp1252",
        "identifiers": [
            {"columns": ["persoonsnummer"], "kind": "police_id", "required": True},
            {"columns": ["bsn"], "kind": "bsn"},
            {"columns": ["achternaam", "voornamen", "geboortedatum"], "kind": "name_dob",
             "output": "naam_geboortedatum"},
        ],
        "nodes": [{"id": "persoonsnummer", "kind": "person", "also": ["bsn", "naam_geboortedatum"],
                   "attributes": {"rol": "rol"}}],
        "relations": [],
    }
    base.update(over)
    return ExtractSpec.model_validate(base)


def write(path: Path, text: str | bytes, encoding: str = "cp1252") -> Path:
    path.write_bytes(text if isinstance(text, bytes) else text.encode(encoding))
    return path


def read(path: Path, sp: ExtractSpec | None = None) -> pd.DataFrame:
    return read_table(path, sp or spec(), shared=False)


def pseudonymise(tmp: Path, raw: Path, sp: ExtractSpec | None = None):
    out = tmp / "out" / raw.name
    res = pseudonymise_file(raw, sp or spec(), KEY, out)
    rejects = pd.read_csv(f"{out}.rejects.csv", dtype=str, keep_default_na=False)
    return res, out, rejects
