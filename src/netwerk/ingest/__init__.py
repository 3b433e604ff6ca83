"""Partner exports to pseudonymised, validated, linked records.

Modules: ``spec`` (extract specs), ``readers`` (CSV/XLSX/Parquet as text), ``normalise``
(identifier checks; ``names`` for names and birth dates), ``pseudonymise`` (keyed HMAC at the partner), ``leakguard`` (raw-looking
identifiers refused), ``mapping`` (rows to nodes/relations/rejects), ``manifest`` (a delivery
of several extracts), ``pipeline`` (ingest into the case store), ``linking`` (identity resolution, match rates).

Names load lazily on first use, so ``import netwerk.ingest`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

#: public name -> module that defines it
_EXPORTS: dict[str, str] = {
    # spec
    "ExtractSpec": "spec", "Identifier": "spec", "NodeMap": "spec", "RelationMap": "spec",
    "AttributeMap": "spec", "Grading": "spec", "IDENTIFIER_KINDS": "spec", "load_spec": "spec",
    "shipped_specs": "spec", "shipped_spec_path": "spec",
    # readers
    "read_table": "readers", "parse_dates": "readers", "parse_numbers": "readers",
    "write_table": "readers", "sniff_encoding": "readers", "ROW_COLUMN": "readers",
    # normalisers (the module itself)
    "normalise": None,
    # pseudonymisation
    "pseudonymise_file": "pseudonymise", "pseudonym": "pseudonymise",
    "key_fingerprint": "pseudonymise", "load_key": "pseudonymise",
    "pseudonymise_frame": "pseudonymise", "PseudonymiseResult": "pseudonymise",
    "normalise_name": "names", "parse_birth_date": "names",
    # manifests
    "load_manifest": "manifest", "pseudonymise_manifest": "manifest", "Manifest": "manifest",
    # leak guard
    "guard": "leakguard", "check_for_raw_identifiers": "leakguard", "is_pseudonym": "leakguard",
    "LeakFinding": "leakguard", "classify_value": "leakguard",
    # mapping and pipeline
    "map_extract": "mapping", "MappedExtract": "mapping",
    "ingest_extract": "pipeline", "ingest_extracts": "pipeline", "ingest_manifest": "pipeline",
    "ImportResult": "pipeline",
    "read_sidecar": "pipeline",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'netwerk.ingest' has no attribute '{name}'")
    module = _EXPORTS[name]
    if module is None:
        return importlib.import_module(f".{name}", __name__)
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
