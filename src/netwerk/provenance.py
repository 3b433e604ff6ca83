"""The one provenance record written beside every output folder (``provenance.json``).

Every command that writes results (analyse, plan, map, report, progress, demo) writes the same
schema, ``netwerk.provenance/1``:

``schema``, ``command``, ``created`` (UTC, seconds: the only time-dependent field, so the outputs
themselves stay byte-identical across reruns), ``inputs`` (name, SHA-256, bytes, kind; a case
store by the SHA-256 of its content, ``sha256_of: content``, as reads change its file),
``case`` (name, crime type, nodes, relations, barrier model, stages), ``config`` and its
``config_sha256`` (weights, options), ``seed``, ``key_fingerprints`` (never a key), ``versions``
(Python and the packages that can change a result), ``left_out`` (what was left out and why),
``rows`` (counts that reconcile), ``outputs`` (name, SHA-256, bytes) and ``notes``. It never holds a
node id: lists of pseudonyms are recorded as counts.

Serves "room for the good conversation": a partner who doubts a result can see exactly how it was
made (the WGS asks that analysis models be auditable and testable).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import platform
from collections.abc import Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

__all__ = ["PACKAGES", "SCHEMA", "config_sha256", "file_sha256", "input_record",
           "package_versions", "provenance_record", "write_provenance"]

#: Schema name and version of the record.
SCHEMA = "netwerk.provenance/1"

#: Packages whose versions can change a result.
PACKAGES = ("netwerk", "numpy", "scipy", "pandas", "pyarrow", "igraph", "networkx", "networkit",
            "leidenalg", "duckdb", "jinja2", "openpyxl", "pyyaml", "pydantic", "pyvis",
            "weasyprint")


def file_sha256(path: str | Path) -> str:
    """SHA-256 of a file's bytes (hex), read in blocks.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "a.txt"); _ = open(p, "w").write("abc")
    >>> file_sha256(p)[:16]
    'ba7816bf8f01cfea'
    """
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def package_versions() -> dict[str, str]:
    """Python's version and the installed versions of :data:`PACKAGES` (absent ones left out)."""
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return out


def _plain(x: Any) -> Any:
    if isinstance(x, Mapping):
        return {str(k): _plain(v) for k, v in x.items()}
    if isinstance(x, list | tuple | set | frozenset):
        return [_plain(v) for v in x]
    if hasattr(x, "item") and not isinstance(x, str | bytes):
        try:
            return x.item()
        except (AttributeError, ValueError):
            return str(x)
    if isinstance(x, Path):
        return str(x)
    return x


def _without_node_ids(x: Any) -> Any:
    """Node-level identifiers never enter a provenance record (it travels with every edition,
    the stuurgroep's too): a list of pseudonyms becomes its count, a lone pseudonym a marker."""
    from .privacy import is_pseudonym

    if isinstance(x, Mapping):
        return {k: _without_node_ids(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        if x and all(is_pseudonym(v) for v in x):
            return {"nodes": len(x)}
        return [_without_node_ids(v) for v in x]
    if is_pseudonym(x):
        return "<pseudoniem>"
    return x


def config_sha256(config: Mapping[str, Any]) -> str:
    """SHA-256 of a configuration, as canonical JSON (sorted keys).

    Examples
    --------
    >>> config_sha256({"b": 1, "a": [1, 2]}) == config_sha256({"a": [1, 2], "b": 1})
    True
    """
    text = json.dumps(_plain(config), sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def input_record(path: str | Path, *, kind: str = "file") -> dict[str, Any]:
    """Name (file name only: folders can carry partner data; raw identifiers in it masked,
    :func:`netwerk.privacy.mask_name`), SHA-256 and size of one input.

    Examples
    --------
    >>> input_record("/nergens/bsn_123456782.duckdb", kind="case")["name"]
    'bsn_[bsn].duckdb'
    """
    from .guard import active_patterns
    from .privacy import mask_name

    p = Path(path)
    name = mask_name(p.name, active_patterns())  # in a case's scope: its spec patterns too
    if p.is_file():
        return {"name": name, "kind": kind, "sha256": file_sha256(p), "bytes": p.stat().st_size}
    return {"name": name, "kind": kind, "sha256": None, "bytes": None}


def provenance_record(
    command: str,
    *,
    inputs: Sequence[Mapping[str, Any]] = (),
    case: Mapping[str, Any] | None = None,
    config: Mapping[str, Any] | None = None,
    seed: int | None = None,
    key_fingerprints: Sequence[str] = (),
    left_out: Sequence[Mapping[str, Any]] = (),
    rows: Mapping[str, Any] | None = None,
    outputs: Sequence[str | Path] = (),
    notes: Sequence[str] = (),
    extra: Mapping[str, Any] | None = None,
    created: str | None = None,
) -> dict[str, Any]:
    """Build the provenance record (see the module docstring for the fields).

    Parameters
    ----------
    command : str
        ``"analyse"``, ``"plan"``, ``"map"``, ``"report"``, ``"progress"``, ...
    outputs : paths
        Files just written; hashed here.
    extra : mapping, optional
        Command-specific sections (e.g. ``package`` for a plan); added under their own keys and
        never overriding the shared ones.

    Returns
    -------
    dict

    Examples
    --------
    >>> r = provenance_record("analyse", config={"steps": 10}, seed=0, created="2026-01-01T00:00:00+00:00")
    >>> r["schema"], r["command"], r["seed"], r["config_sha256"] == config_sha256({"steps": 10})
    ('netwerk.provenance/1', 'analyse', 0, True)
    """
    from .guard import active_patterns
    from .privacy import mask_name

    cfg = dict(config or {})
    rec: dict[str, Any] = {
        "schema": SCHEMA,
        "tool": f"netwerk {package_versions().get('netwerk', '?')}",
        "command": command,
        "created": created or dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "inputs": [dict(i) for i in inputs],
        "case": dict(case or {}),
        "config": cfg,
        "config_sha256": config_sha256(cfg),
        "seed": seed,
        "key_fingerprints": sorted({str(k) for k in key_fingerprints if k}),
        "versions": package_versions(),
        "left_out": [dict(x) for x in left_out],
        "rows": dict(rows or {}),
        "outputs": [{"name": mask_name(Path(p).name, active_patterns()), "sha256": file_sha256(p),
                     "bytes": Path(p).stat().st_size} for p in outputs if Path(p).is_file()],
        "notes": [str(n) for n in notes],
    }
    for k, v in (extra or {}).items():
        rec.setdefault(str(k), v)
    return _without_node_ids(_plain(rec))


def write_provenance(out_dir: str | Path, record: Mapping[str, Any], *,
                     name: str = "provenance.json") -> Path:
    """Write ``record`` as ``out_dir/provenance.json`` (UTF-8, indented) and return its path;
    ``name`` for an output that shares its folder with others (a map: ``<map>.provenance.json``)."""
    from .guard import active_patterns, atomic_write, check_object
    from .privacy import mask_name

    path = Path(out_dir) / name
    plain = _plain(record)
    check_object(plain, what=mask_name(path.name, active_patterns()))  # a case name or decision is text too
    text = json.dumps(plain, indent=2, ensure_ascii=False, default=str) + "\n"
    return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8", newline="\n"))
