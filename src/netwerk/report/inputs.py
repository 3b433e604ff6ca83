"""Report inputs: a case is a case store (``.duckdb``) or a folder of pseudonymised extracts.

An extract folder holds a ``manifest.yaml`` (see :func:`netwerk.ingest.ingest_manifest`);
:func:`case_store` can ingest it into a temporary case store, but the report builders refuse it
(:data:`FOLDER_HAS_NO_RECORD`): a report needs a case record, as every entry point does. Every input file is
hashed for the provenance record; only file *names* (never the temporary path) reach a report.
"""

from __future__ import annotations

import contextlib
import logging
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Reason
from ..i18n import N_, _
from ..privacy import mask_name
from ..provenance import file_sha256

__all__ = ["CaseInput", "resolve_case", "case_store", "FOLDER_HAS_NO_RECORD"]

#: Why a folder of extracts is not analysed: the lawful-use gate needs a case record.
FOLDER_HAS_NO_RECORD = N_("een map met extracten heeft geen casusregistratie (doel, grondslag) en "
                          "geen toegangslogboek: lees haar eerst in een casusopslag in en voer "
                          "`netwerk case init` uit")

log = logging.getLogger(__name__)

_CHUNK = 1 << 20


@dataclass(frozen=True)
class CaseInput:
    """One CASE argument: its display name, path, kind and input files with their hashes.

    ``files`` holds ``(name relative to the case, sha256, bytes)`` in sorted order; a case
    store's sha256 is that of its content (bytes ``None``).
    """

    name: str
    path: Path
    kind: str  # "store" or "extracts"
    files: tuple[tuple[str, str, int | None], ...]

    def provenance(self) -> dict:
        return {"case": self.name, "kind": self.kind,
                "files": [{"name": n, "sha256": h, "bytes": b,
                           **({"sha256_of": "content"} if b is None else {})}
                          for n, h, b in self.files]}


def resolve_case(path: str | Path) -> CaseInput:
    """Recognise a CASE argument and hash its files.

    Parameters
    ----------
    path : str or Path
        A case store file or a folder with ``manifest.yaml``.

    Returns
    -------
    CaseInput

    Raises
    ------
    InputError
        The path does not exist, or is a folder without ``manifest.yaml``.
    """
    p = Path(path)
    if not p.exists():
        raise InputError(_("casus niet gevonden"), file=str(p), reason=Reason.FILE_NOT_FOUND)
    if p.is_dir():
        manifest = p / "manifest.yaml"
        if not manifest.is_file():
            raise InputError(_("een casusmap heeft een manifest.yaml nodig (of geef een "
                               ".duckdb-casusopslag)"),
                             file=str(p), reason=Reason.FILE_NOT_FOUND)
        files = []
        for f in sorted(q for q in p.rglob("*") if q.is_file()):
            rel = f.relative_to(p).as_posix()
            if "/." in "/" + rel or rel.endswith((".duckdb", ".duckdb.wal")):
                continue
            files.append((rel, file_sha256(f), f.stat().st_size))
        from ..ingest.manifest import load_manifest, manifest_patterns

        extra = manifest_patterns(load_manifest(manifest))  # the specs' patterns mask names too
        return CaseInput(name=mask_name(p.name, extra), path=p, kind="extracts",
                         files=tuple((mask_name(n, extra), h, b) for n, h, b in files))
    extra = _store_patterns(p)
    return CaseInput(name=mask_name(p.stem if p.suffix == ".duckdb" else p.name, extra), path=p,
                     kind="store", files=(_store_file(p, extra),))


def _store_patterns(p: Path) -> dict:
    """The spec patterns of a case store (:func:`netwerk.privacy.case_patterns`); none for a
    file that cannot be opened as one (the report then says why it cannot be read)."""
    from ..privacy import case_patterns

    try:
        return case_patterns(p)
    except Exception:  # noqa: BLE001 - not a readable case store: reported when it is opened
        return {}


def _store_file(p: Path, extra: dict | None = None) -> tuple[str, str, int | None]:
    """A case store by its content (:func:`netwerk.store.content_sha256`; no size, as every
    read grows its access log); a file that cannot be opened as one by its bytes (the report
    then says why it cannot be read)."""
    from ..store import connect, content_sha256

    try:
        with connect(p, read_only=True) as con:
            return (mask_name(p.name, extra), content_sha256(con), None)
    except Exception:  # noqa: BLE001 - not a readable case store: reported when it is opened
        return (mask_name(p.name, extra), file_sha256(p), p.stat().st_size)


@contextlib.contextmanager
def case_store(case: CaseInput) -> Iterator[Path]:
    """Yield a case store path for ``case``: the store itself, or a temporary one ingested from
    the extract folder (removed afterwards)."""
    if case.kind == "store":
        yield case.path
        return
    from ..ingest import ingest_manifest  # the ingest stage; imported late (heavy)

    with tempfile.TemporaryDirectory(prefix="netwerk-report-") as tmp:
        store = Path(tmp) / f"{case.name}.duckdb"
        log.info(_("{casus}: wordt ingelezen in een tijdelijke casusopslag", casus=case.name))
        ingest_manifest(store, case.path / "manifest.yaml")
        yield store
