"""Facts every provenance record shares: file hashes and package versions."""

from __future__ import annotations

import hashlib
import platform
from importlib import metadata
from pathlib import Path

__all__ = ["PACKAGES", "file_sha256", "package_versions"]

#: Packages whose versions can change a result.
PACKAGES = ("netwerk", "numpy", "scipy", "pandas", "igraph", "networkx", "networkit", "leidenalg",
            "duckdb", "jinja2", "openpyxl", "pyyaml", "pydantic", "pyvis", "weasyprint")


def file_sha256(path: str | Path) -> str:
    """SHA-256 of a file's bytes (hex), read in blocks."""
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
