"""Tiny specs and pseudonymised extracts for case-store and ingest tests (written into tmp_path).

Pseudonyms are made with :func:`netwerk.ingest.pseudonymise.pseudonym` under a fixed test key, so
they have exactly the shape the leak guard and the pipeline expect; sidecars carry the key's
fingerprint.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from netwerk.ingest.pseudonymise import key_fingerprint, pseudonym

KEY = b"netwerk-test-key-0123456789abcdef"
OTHER_KEY = b"another-test-key-0123456789abcdef"


def P(kind: str, value: str, key: bytes = KEY) -> str:  # noqa: N802 (reads like a constructor)
    """Pseudonym of a (test) normalised value."""
    return pseudonym(kind, value, key)


def write_spec(folder: Path, text: str, name: str) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def write_extract(path: Path, header: list[str], rows: list[list[str]], *, spec: str, partner: str,
                  key: bytes = KEY, sidecar: bool = True, delimiter: str = ";",
                  encoding: str = "utf-8") -> Path:
    """Write a pseudonymised CSV extract and its ``.netwerk.json`` sidecar."""
    lines = [delimiter.join(header)] + [delimiter.join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    if sidecar:
        meta = {"spec": spec, "partner": partner, "key_fingerprint": key_fingerprint(key),
                "rows_read": len(rows), "rows_written": len(rows), "rejects": 0,
                "created": "2026-01-01T00:00:00+00:00", "netwerk_version": "test"}
        Path(f"{path}.netwerk.json").write_text(json.dumps(meta), encoding="utf-8")
    return path


#: Politie-like spec: two persons per row, relation kind per row, an enterprise whose kind is
#: per row, typed attributes, a stage, grading and legal basis.
MESSY_SPEC = """
name: messy
partner: politie
format: csv
delimiter: ";"
encoding: utf-8
decimal: ","
date_format: "%d-%m-%Y"
legal_basis: "Wpg art. 8"
grading: {scheme: admiralty, source: B, information: "2"}
identifiers:
  - {columns: [bsn_a], kind: bsn}
  - {columns: [bsn_b], kind: bsn}
  - {columns: [ent], kind: kvk}
nodes:
  - {id: bsn_a, kind: person, stage: productie}
  - {id: bsn_b, kind: person, required: false}
  - id: ent
    kind_column: ent_soort
    required: false
    label_column: handelsnaam
    attributes:
      omzet: {column: omzet, type: float, restricted: true}
      actief: {column: actief, type: bool}
relations:
  - kind_column: rol
    kind_values: {Medeverdachte: co_suspect, Familie: family_of, Bestuurder: director_of}
    source: bsn_a
    target: bsn_b
    observed: datum
    weight: gewicht
  - {kind: director_of, source: bsn_a, target: ent, valid_from: datum}
"""

MESSY_HEADER = ["bsn_a", "bsn_b", "rol", "datum", "gewicht", "ent", "ent_soort", "handelsnaam",
                "omzet", "actief"]


def messy_rows() -> list[list[str]]:
    """Rows of the messy extract; comments give the expected fate of each (1-based data row)."""
    a, b, c, d = (P("bsn", v) for v in ("111111110", "222222220", "333333330", "444444440"))
    k1, k2 = P("kvk", "12345678"), P("kvk", "87654321")
    return [
        [a, b, "Medeverdachte", "01-02-2020", "2,5", k1, "company", "Bakkerij X", "1.234,5", "ja"],  # 1 ok
        [a, b, "Medeverdachte", "01-02-2020", "2,5", k1, "company", "Bakkerij X", "1.234,5", "ja"],  # 2 dup of 1
        [b, c, "Familie", "", "", "", "", "", "", ""],  # 3 ok (no enterprise, no date)
        ["", c, "Familie", "03-03-2021", "", "", "", "", "", ""],  # 4 missing bsn_a
        [c, d, "Medeverdachte", "31-02-2020", "", "", "", "", "", ""],  # 5 bad date
        [d, d, "Familie", "", "", "", "", "", "", ""],  # 6 used; its family_of d-d a self-loop
        [d, "", "", "", "", k2, "boot", "", "", ""],  # 7 unknown node kind
        [c, a, "Buurman", "", "", "", "", "", "", ""],  # 8 unknown relation kind code
        [c, d, "Bestuurder", "", "", "", "", "", "", ""],  # 9 director_of person->person
        [d, "", "", "", "", k2, "company", "", "veel", ""],  # 10 bad number
        [d, "", "", "", "", k2, "company", "", "", "misschien"],  # 11 bad yes/no
        [c, d, "Medeverdachte", "", "", "", "", "", "", ""],  # 12 ok
        [c, d, "Medeverdachte", "", "", "", "", "", "", ""],  # 13 dup of 12
        [d, "", "", "15-06-2019", "", k2, "Onderneming", "Garage Y", "10", "nee"],  # 14 ok (Dutch label)
    ]


#: Expected reasons of the messy extract, by row: the rows rejected, and row 6, which is used
#: (its self-loop is a relation reject, review8 S16).
MESSY_REJECTS = {
    4: "missing_identifier",
    5: "unparsable_date",
    6: "self_loop",
    7: "unknown_kind",
    8: "unknown_kind",
    9: "disallowed_endpoint",
    10: "unparsable_number",
    11: "unparsable_value",
}

#: Gemeente-like spec: residents with BSN and name+birth-date pseudonyms, registered at addresses.
GEMEENTE_SPEC = """
name: gem
partner: gemeente
delimiter: ";"
encoding: utf-8
identifiers:
  - {columns: [bsn], kind: bsn}
  - {columns: [achternaam, voornamen, geboortedatum], kind: name_dob, output: ngd}
  - {columns: [postcode, huisnummer], kind: address, output: adres}
nodes:
  - {id: bsn, kind: person, also: [ngd], attributes: {gemeente: woonplaats}}
  - {id: adres, kind: address}
relations:
  - {kind: registered_at, source: bsn, target: adres, valid_from: sinds}
"""

#: Politie-like spec keyed on name+birth date only.
POLITIE_NGD_SPEC = """
name: pol
partner: politie
delimiter: ";"
encoding: utf-8
identifiers:
  - {columns: [verdachte_naam, verdachte_voornamen, verdachte_gebdat], kind: name_dob, output: verdachte}
  - {columns: [mede_naam, mede_voornamen, mede_gebdat], kind: name_dob, output: mede}
nodes:
  - {id: verdachte, kind: person, attributes: {gemeente: plaats}}
  - {id: mede, kind: person}
relations:
  - {kind: co_suspect, source: verdachte, target: mede, observed: datum}
"""


def snapshot(case: Path) -> dict[str, pd.DataFrame]:
    """Every table of a case store in a stable order (``imports`` without ``imported_at``)."""
    from netwerk.store import connect
    from netwerk.store import read_table as store_table
    from netwerk.store.schema import TABLES

    with connect(case, read_only=True) as con:
        out = {t: store_table(con, t) for t in TABLES}
    out["imports"] = out["imports"].drop(columns="imported_at")
    return out


def assert_same_store(a: dict, b: dict) -> None:
    """Two :func:`snapshot` results are equal, table by table."""
    assert a.keys() == b.keys()
    for t in a:
        pd.testing.assert_frame_equal(a[t], b[t], obj=t)
