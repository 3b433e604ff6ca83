"""The provenance record written beside every report output (``provenance.json``).

It says what went in and what came out: input file hashes, row counts, the criteria configuration's
hash, package versions, the seed and the pseudonymisation keys' fingerprints (never a key), and the
SHA-256 of every output file. It is the only file with a timestamp, so the report itself stays
byte-identical across reruns.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..provenance import PACKAGES, package_versions
from .inputs import sha256_file

__all__ = ["package_versions", "write_provenance", "PACKAGES"]



def write_provenance(
    out_dir: str | Path,
    *,
    kind: str,
    outputs: Sequence[str | Path],
    cases: Sequence[Mapping[str, Any]],
    config: Mapping[str, Any],
    seed: int | None,
    versions: Mapping[str, str] | None = None,
    notes: Sequence[str] = (),
) -> Path:
    """Write ``provenance.json`` into ``out_dir`` and return its path.

    Parameters
    ----------
    kind : str
        ``"selection"`` or ``"progress"``.
    outputs : paths of the files just written (hashed here).
    cases : per-case records (inputs with hashes, row counts, key fingerprints, status).
    config : configuration that shaped the output (weights hash, capacity, ...).
    """
    out_dir = Path(out_dir)
    record = {
        "netwerk_report": kind,
        "created": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "seed": seed,
        "config": dict(config),
        "versions": dict(versions or package_versions()),
        "cases": [dict(c) for c in cases],
        "outputs": [{"name": Path(p).name, "sha256": sha256_file(p), "bytes": Path(p).stat().st_size}
                    for p in outputs],
        "notes": list(notes),
    }
    key_fps = sorted({fp for c in cases for fp in c.get("key_fingerprints", [])})
    record["key_fingerprints"] = key_fps
    path = out_dir / "provenance.json"
    path.write_text(json.dumps(record, indent=2, sort_keys=False, default=str) + "\n", encoding="utf-8")
    return path
