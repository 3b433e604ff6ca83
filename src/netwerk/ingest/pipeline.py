"""Ingest: a pseudonymised extract into the case store, as one transaction.

:func:`ingest_extract` checks the sidecar (the file must have been pseudonymised, under the case's
key), skips a file whose SHA-256 was imported before, then reads the file with the spec chunk by
chunk, runs the leak guard on each chunk, maps its rows (:func:`netwerk.ingest.mapping.map_chunk`,
the rules of :func:`~netwerk.ingest.mapping.map_extract`) and writes everything — import record,
nodes, sightings, attributes, relations, identity links, rejects — in one transaction: any
exception, a leak found in the last chunk included, rolls it all back. The rules that need the
whole file (duplicate rows, one row per node, unique attributes and links, relation ids, the
field-count majority, the leak findings) are applied over the whole file, so the store is the same
whatever the chunk size. :func:`ingest_extracts` (and :func:`ingest_manifest`, which uses it)
does the same for several extracts in **one** transaction: all of them are stored, or none.

Examples
--------
The KvK extract of the synthetic sample case (pseudonymised beside the store ``hennep_oost``,
:func:`netwerk.datasets.sample_case`) into a new case store; every row is accounted for, and the
same file a second time changes nothing:

>>> import tempfile
>>> from pathlib import Path
>>> kvk = Path(hennep_oost).parent / "shared" / "hennep-oost" / "kvk.csv"
>>> store = Path(tempfile.mkdtemp()) / "kvk-only.duckdb"
>>> res = ingest_extract(store, kvk, "kvk", crime_type="cannabis")
>>> res.status, res.rows_read == res.rows_used + res.duplicates + res.n_rejects
('imported', True)

A company's founding is written on each of its officer rows: one observation, stored once (the
relations made = stored + repeated within the extract + already stored):

>>> res.relations_mapped, res.relations, res.relations_repeated, res.relations_reconciled
(34, 28, 6, True)
>>> ingest_extract(store, kvk, "kvk").status
'already_imported'
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import (
    InputError,
    KeyMismatchError,
    NetwerkError,
    Reason,
    SpecError,
    StoreError,
    cause_text,
)
from ..i18n import _, in_language, ngettext
from ..model import DataModel, default_model
from ..privacy import mask_name, record_case_patterns
from ..provenance import file_sha256
from ..store.casestore import connect, get_info, insert_frame, next_id, set_info
from .mapping import (
    _PART,
    REJECT_COLUMNS,
    ChunkQuery,
    MappedChunk,
    map_chunk,
    node_kinds,
    node_part_kinds,
)
from .sidecar import spec_sha256
from .spec import ExtractSpec, load_spec

__all__ = [
    "ImportResult",
    "REJECT_COLUMNS",
    "ingest_extract",
    "ingest_extracts",
    "ingest_manifest",
    "check_extracts",
    "check_unchanged",
    "read_sidecar",
    "shown_path",
]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

#: bytes of CSV read, mapped and written at a time by :func:`ingest_extract`
DEFAULT_CHUNK_BYTES = 1 << 24
#: DuckDB's memory budget during an import (beyond it, DuckDB spills to disk)
DUCKDB_MEMORY = "300MB"
#: DuckDB's threads while the chunks stream (the end of the import uses DuckDB's default)
DUCKDB_STREAM_THREADS = 1

# =============================================================================================
# ingest: one extract -> one transaction in the case store
# =============================================================================================
@dataclass
class ImportResult:
    """What one ingest did (or why it did nothing).

    ``status`` is ``"imported"`` or ``"already_imported"`` (same file SHA-256 seen before; the
    counts are those of the earlier import and nothing changed). ``rejects`` is the rejects table of
    this import (columns :data:`REJECT_COLUMNS`); ``n_rejects`` the number of rejected *rows*.
    """

    file: str
    spec: str
    partner: str
    status: str
    import_id: int
    file_sha256: str
    key_fingerprint: str
    rows_read: int
    rows_used: int
    duplicates: int
    n_rejects: int
    rejects: pd.DataFrame
    nodes_new: int = 0
    nodes: int = 0
    relations: int = 0
    identity_links: int = 0
    #: relation records of this import identical to one already stored from the same partner
    #: (a cumulative re-delivery): not stored again (:func:`_drop_stored_relations`)
    relations_already_stored: int = 0
    #: relation records of this import equal to an earlier row's record of the same import in
    #: every stored field but the row (one observation written on several rows: a company's
    #: ``established_at`` on each officer row, one incident's ``co_suspect`` on each vehicle
    #: row): stored once, from the first row (:func:`_drop_repeated_relations`)
    relations_repeated: int = 0
    #: relation records the spec's relation mappings made from the used rows: stored +
    #: repeated + already stored (:attr:`relations_reconciled`)
    relations_mapped: int = 0
    #: subjects of this import (linked within it) that carry two or more different name +
    #: birth-date keys: one BSN or person number for different people (a placeholder or a typo)
    identity_conflicts: int = 0
    leak_override: bool = False
    leak_findings: list = field(default_factory=list)
    seconds: float = 0.0

    @property
    def reconciled(self) -> bool:
        """rows read = rows used + duplicates + rejects."""
        return self.rows_read == self.rows_used + self.duplicates + self.n_rejects

    @property
    def relations_reconciled(self) -> bool:
        """relations mapped = stored + repeated within the extract + already stored."""
        return self.relations_mapped == (self.relations + self.relations_repeated
                                         + self.relations_already_stored)

    def summary(self) -> dict[str, Any]:
        """The reconciliation row printed by ``netwerk ingest``."""
        return {"file": self.file, "partner": self.partner, "status": self.status,
                "read": self.rows_read, "used": self.rows_used, "duplicates": self.duplicates,
                "rejects": self.n_rejects, "relations": self.relations, "new nodes": self.nodes_new,
                "mapped": self.relations_mapped, "repeated": self.relations_repeated,
                "already stored": self.relations_already_stored,
                "identity conflicts": self.identity_conflicts}


Progress = Callable[[str, float], None]


def read_sidecar(extract: Path) -> dict[str, Any]:
    """Read ``<extract>.netwerk.json``; raise ``not_pseudonymised`` if it is missing or lacks the
    key fingerprint."""
    side = extract.with_name(extract.name + ".netwerk.json")
    if not side.exists():
        raise InputError(
            _("geen sidecarbestand {naam}: het bestand moet eerst gepseudonimiseerd "
              "worden (netwerk pseudonymise RAW --spec SPEC --out OUT) voordat het kan "
              "worden ingelezen", naam=side.name),
            reason=Reason.NOT_PSEUDONYMISED, file=str(extract))
    try:
        meta = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(_("het sidecarbestand is geen geldige JSON: {oorzaak}",
                           oorzaak=cause_text(exc)), reason=Reason.NOT_PSEUDONYMISED,
                         file=str(side)) from exc
    if not isinstance(meta, dict) or not meta.get("key_fingerprint"):
        raise InputError(_("het sidecarbestand heeft geen key_fingerprint: het bestand moet "
                           "eerst gepseudonimiseerd worden"),
                         reason=Reason.NOT_PSEUDONYMISED, file=str(side))
    return meta


def check_unchanged(extract: Path, side: dict[str, Any], sha: str,
                    extra: dict[str, str] | None = None, *, spec: ExtractSpec | None = None,
                    advice: str | None = None) -> list[str]:
    """Refuse an extract that is not the file pseudonymise wrote: its SHA-256 differs from the
    one in its sidecar (an incomplete copy, or edited after pseudonymising); with ``spec``, also
    one that ``spec`` would read differently from the spec that wrote it (another date format,
    decimal mark, file format ...: :func:`netwerk.ingest.sidecar.compare_with_sidecar`, with
    ``advice`` as what to do). Ingest and screen both check every extract with this. ``extra``:
    the spec's ``raw_patterns``, for the names in the message (:func:`shown_path`).

    Returns the notes for the caller to log with the file's name (another version of the spec
    with the same reading settings; a sidecar of an older netwerk that does not record them).

    Examples
    --------
    >>> check_unchanged(Path("p.csv"), {"sha256": "ab"}, "ab")
    []
    >>> try:
    ...     check_unchanged(Path("deel/p.csv"), {"sha256": "ab"}, "cd")
    ... except InputError as e:
    ...     print(e.reason, str(e)[:40])
    extract_changed deel/p.csv: dit extract is niet het best
    """
    if side.get("sha256") and side["sha256"] != sha:
        raise InputError(_(
            "dit extract is niet het bestand dat pseudonymise schreef (de SHA-256 verschilt van "
            "die in {sidecar}): een onvolledige kopie, of na het pseudonimiseren bewerkt; kopieer "
            "het opnieuw of laat de partner opnieuw pseudonimiseren",
            sidecar=mask_name(extract.name, extra) + ".netwerk.json"),
            reason=Reason.EXTRACT_CHANGED, file=shown_path(extract, extra))
    if spec is None:
        return []
    from .sidecar import compare_with_sidecar

    try:
        notes = compare_with_sidecar(side, spec, advice=advice)
    except SpecError as exc:
        exc.file = shown_path(extract, extra)
        exc.args = (exc._render(),)
        raise
    return notes


def shown_path(path: Path, extra: dict[str, str] | None = None) -> str:
    """An extract's path as messages name it: as the user gave it (so two ``politie.csv`` in
    different folders differ), with raw identifiers in its names masked
    (:func:`netwerk.privacy.mask_name`, with ``extra``: the spec's ``raw_patterns``).

    Examples
    --------
    >>> shown_path(Path("levering_2/bsn_123456782.csv"))
    'levering_2/bsn_[bsn].csv'
    >>> shown_path(Path("levering_2/PN123456789.csv"), {"politienummer": r"PN\\d{9}"})
    'levering_2/[politienummer].csv'
    """
    return (str(Path(*(mask_name(part, extra) for part in path.parts))) if path.parts
            else str(path))


def _as_spec(spec: ExtractSpec | str | Path, model: DataModel) -> ExtractSpec:
    if isinstance(spec, ExtractSpec):
        spec.check_against(model)
        return spec
    return load_spec(spec, model=model)


def _check_labels(spec: ExtractSpec) -> None:
    """A label column must never carry identifier data (labels are shown in maps)."""
    ident_cols = set(spec.identifier_outputs())
    for i in spec.identifiers:
        ident_cols.update(i.columns)
    for nm in spec.nodes:
        if not nm.label_column:
            continue
        if nm.label_column in ident_cols:
            raise SpecError(_("nodes '{id}': label_column '{kolom}' is een "
                              "identificatorkolom; labels mogen geen identificatoren bevatten",
                              id=nm.id, kolom=nm.label_column), file=spec.name)
        if nm.kind == "person":
            raise SpecError(_("nodes '{id}': personen krijgen geen label_column (het label "
                              "van een persoon is zijn pseudoniem)", id=nm.id),
                            file=spec.name)


def _checked(extract: Path, spec: ExtractSpec) -> dict[str, Any]:
    """The checks of an extract before it is read: the spec's labels, the file, its sidecar,
    the spec it was pseudonymised with. Returns the sidecar."""
    _check_labels(spec)
    if not extract.exists():
        raise InputError(_("extract niet gevonden"), reason=Reason.FILE_NOT_FOUND,
                         file=shown_path(extract, spec.raw_patterns))
    side = read_sidecar(extract)
    if side.get("spec") and side["spec"] != spec.name:
        raise SpecError(_("het extract is gepseudonimiseerd met specificatie '{bij}', maar "
                          "wordt ingelezen met specificatie '{nu}'", bij=side["spec"],
                          nu=spec.name), file=shown_path(extract, spec.raw_patterns))
    return side


def check_extracts(pairs: list[tuple[str | Path, ExtractSpec | str | Path]], *,
                   model: DataModel | None = None) -> list[str]:
    """Check every extract of one ingest command before any is imported: the file is there with
    its sidecar, was pseudonymised with this spec and is the file pseudonymise wrote (SHA-256).
    So a cut copy as the second of two files stops the command before the first is stored.
    Returns each extract's SHA-256 (for :func:`ingest_extract`'s ``sha256``, so a file is hashed
    once).

    Raises
    ------
    InputError, SpecError
        As :func:`ingest_extract`, naming the extract by its path as given (masked).
    """
    model = model or default_model()
    shas = []
    for path, spec in pairs:
        extract, checked = Path(path), _as_spec(spec, model)
        side = _checked(extract, checked)
        shas.append(file_sha256(extract))
        # the notes are logged by ingest_extract, which checks again
        check_unchanged(extract, side, shas[-1], checked.raw_patterns, spec=checked)
    return shas


def _report(progress: Progress | None, step: str, frac: float) -> None:
    if progress is not None:
        progress(step, frac)


def ingest_extract(case_path: str | Path, extract_path: str | Path,
                   spec: ExtractSpec | str | Path, *, override_leak_guard: bool = False,
                   crime_type: str | None = None, progress: Progress | None = None,
                   model: DataModel | None = None,
                   chunk_bytes: int | None = DEFAULT_CHUNK_BYTES,
                   sha256: str | None = None) -> ImportResult:
    """Ingest one pseudonymised extract into a case store, as one transaction.

    A CSV (with or without quotes) is streamed: read, checked, mapped and written chunk by chunk
    (``chunk_bytes`` of whole records at a time) inside the one transaction, so memory is bounded by
    the chunk and the file's distinct nodes, not by the file. The rules that need the whole file
    hold as if it were read whole (the result is the same, table by table): duplicate rows over
    the whole file (the first kept), one row per node (its first labelled row, else its first
    row), attributes and identity links made unique, relation ids numbered as one file, rejects
    with the file's row numbers, the field-count majority rule and the leak guard over every
    column of every chunk (a refusal rolls everything back: nothing is committed). Other files
    (UTF-16, XLSX, Parquet) are read whole.

    Parameters
    ----------
    case_path : str or Path
        The case store (created if missing).
    extract_path : str or Path
        A pseudonymised extract with its ``.netwerk.json`` sidecar.
    spec : ExtractSpec, str or Path
        The spec (object, file path or shipped spec name).
    override_leak_guard : bool
        Ingest even if the leak guard finds raw-looking identifiers; recorded in
        ``imports.leak_override`` and ``imports.leak_findings``.
    crime_type : str, optional
        Stored in ``case_info.crime_type`` (refused if the case already has another one).
    progress : callable(step, fraction), optional
        Called as the work proceeds.
    model : DataModel, optional
        Data model (default: the shipped one).
    chunk_bytes : int or None
        Bytes of CSV read at a time (default 16 MiB); ``None`` reads the file as one chunk.

    Returns
    -------
    ImportResult

    Raises
    ------
    InputError
        ``not_pseudonymised`` without sidecar; reading errors from the readers.
    KeyMismatchError
        The extract's key fingerprint differs from the case's.
    LeakError
        Raw-looking identifiers and no override.
    """
    (result,) = ingest_extracts(case_path, [(extract_path, spec)],
                                override_leak_guard=override_leak_guard, crime_type=crime_type,
                                progress=progress, model=model, chunk_bytes=chunk_bytes,
                                sha256s=[sha256])
    return result


def ingest_extracts(case_path: str | Path,
                    extracts: Sequence[tuple[str | Path, ExtractSpec | str | Path]], *,
                    override_leak_guard: bool = False, crime_type: str | None = None,
                    progress: Progress | None = None, model: DataModel | None = None,
                    chunk_bytes: int | None = DEFAULT_CHUNK_BYTES,
                    sha256s: Sequence[str | None] | None = None, case_name: str | None = None,
                    on_result: Callable[[ImportResult], None] | None = None
                    ) -> list[ImportResult]:
    """Ingest several pseudonymised extracts into a case store, as **one** transaction: all of
    them are stored, or none.

    Every extract is checked before any is read (file, sidecar, spec, SHA-256:
    :func:`check_extracts`); then each is imported as :func:`ingest_extract` does, in order,
    inside one transaction of the case store that is committed after the last one. A refusal or
    failure of any extract (another key, the leak guard, a reader fault, a full disk, Ctrl-C)
    rolls back the whole command: the store's content is as before
    (:func:`netwerk.store.content_sha256`), and a :class:`~netwerk.errors.NetwerkError` says so
    in words ("niets opgeslagen van deze N extracten ..."). So ``netwerk ingest c.duckdb a.csv
    b.csv`` and a manifest never leave half a delivery in a case. Within the command an extract
    sees the ones before it (the same file twice is ``already_imported``; a cumulative
    re-delivery's stored records are not stored again). One extract behaves exactly as
    :func:`ingest_extract`.

    Parameters
    ----------
    case_path : str or Path
        The case store (created if missing).
    extracts : sequence of (path, spec)
        Each pseudonymised extract (with its ``.netwerk.json`` sidecar) and its spec (object,
        file path or shipped spec name).
    override_leak_guard, crime_type, model, chunk_bytes
        As :func:`ingest_extract`, for every extract.
    progress : callable(step, fraction), optional
        Called as the work proceeds; with several extracts the step is ``"<file>: <step>"`` and
        the fraction that of the whole command.
    sha256s : sequence of str or None, optional
        Each extract's SHA-256 when the caller has it already (``None`` entries are hashed).
    case_name : str, optional
        Stored in ``case_info.case_name`` with raw identifiers masked (a manifest's ``case``).
    on_result : callable(ImportResult), optional
        Called after each extract is read into the transaction (it is stored only when all
        are).

    Returns
    -------
    list of ImportResult
        One per extract, in order.

    Raises
    ------
    InputError, SpecError, KeyMismatchError, LeakError, StoreError
        As :func:`ingest_extract`; with several extracts the message ends in "niets opgeslagen
        van deze N extracten: de casusopslag is zoals die was".

    Examples
    --------
    Two extracts of the sample case in one command; the second is refused (it is not the file
    pseudonymise wrote), so the first is not kept either:

    >>> import shutil, tempfile
    >>> from pathlib import Path
    >>> from netwerk.store import connect, content_sha256
    >>> shared = Path(hennep_oost).parent / "shared" / "hennep-oost"
    >>> tmp = Path(tempfile.mkdtemp())
    >>> for name in ("kvk.csv", "kvk.csv.netwerk.json"):
    ...     _ = shutil.copy(shared / name, tmp / name)
    >>> with open(tmp / "kvk.csv", "a", encoding="utf-8") as f:
    ...     _ = f.write("\\n")  # changed after pseudonymising
    >>> store = tmp / "both.duckdb"
    >>> try:
    ...     ingest_extracts(store, [(shared / "kadaster.csv", "kadaster"),
    ...                             (tmp / "kvk.csv", "kvk")])
    ... except InputError as e:
    ...     print(str(e).split("; ")[-1])
    niets opgeslagen van deze 2 extracten: de casusopslag is zoals die was
    >>> res = ingest_extracts(store, [(shared / "kadaster.csv", "kadaster"),
    ...                               (shared / "kvk.csv", "kvk")])
    >>> [r.status for r in res], all(r.reconciled and r.relations_reconciled for r in res)
    (['imported', 'imported'], True)
    """
    model = model or default_model()
    items = [(Path(p), _as_spec(s, model)) for p, s in extracts]
    shas = list(sha256s) if sha256s is not None else [None] * len(items)
    many = len(items) > 1

    def part(k: int, name: str) -> Progress | None:  # extract k's share of the progress
        if progress is None or not many:
            return progress
        return lambda step, frac: _report(progress, f"{name}: {step}", (k + frac) / len(items))

    results: list[ImportResult] = []
    try:
        # every extract checked before any is read: a cut second file stops the command here
        ready = [_ready(x, s, sha, part(k, mask_name(x.name, s.raw_patterns)))
                 for k, ((x, s), sha) in enumerate(zip(items, shas, strict=True))]
        with connect(case_path) as con:
            con.begin()
            try:
                for k, r in enumerate(ready):
                    results.append(_ingest_one(
                        con, r, model=model, crime_type=crime_type,
                        override_leak_guard=override_leak_guard, chunk_bytes=chunk_bytes,
                        progress=part(k, mask_name(r.extract.name, r.spec.raw_patterns)),
                        case_path=case_path))
                    if on_result is not None:
                        on_result(results[-1])
                if case_name:  # a name is partner data too: masked with every spec's patterns
                    extra = {k: v for _x, s in items for k, v in s.raw_patterns.items()}
                    set_info(con, "case_name", mask_name(str(case_name), extra))
                con.commit()
            except BaseException:
                con.rollback()
                raise
    except NetwerkError as exc:
        if many:
            _nothing_stored(exc, len(items))
        raise
    except BaseException:
        if many:
            log.warning(_nothing_stored_text(len(items)))
        raise
    for r, x in zip(results, ready, strict=True):
        _said(r, x.extract, x.spec)
    return results


def _nothing_stored_text(n: int) -> str:
    return _("niets opgeslagen van deze {n} extracten: de casusopslag is zoals die was", n=n)


def _nothing_stored(exc: NetwerkError, n: int) -> None:
    """Say in a refusal of a multi-extract command that nothing of it was stored."""
    exc.message = f"{exc.message}; {_nothing_stored_text(n)}"
    exc.args = (exc._render(),)


@dataclass
class _Ready:
    """An extract that passed the checks before reading (:func:`_ready`)."""

    extract: Path
    spec: ExtractSpec
    side: dict[str, Any]
    sha: str
    spec_sha: str
    seconds: float  # spent on the checks (the SHA-256 mostly)


def _ready(extract: Path, spec: ExtractSpec, sha: str | None,
           progress: Progress | None) -> _Ready:
    """The checks of one extract before any is read: :func:`_checked`, then its SHA-256 against
    its sidecar (hashed here unless given)."""
    t0 = time.perf_counter()
    name = mask_name(extract.name, spec.raw_patterns)  # names are partner data too
    side = _checked(extract, spec)
    if side.get("partner") and side["partner"] != spec.partner:
        log.warning(_("{bestand}: het sidecarbestand noemt partner '{sidecar}', de specificatie "
                      "'{spec}'; vastgelegd als '{spec}'", bestand=name,
                      sidecar=side["partner"], spec=spec.partner))
    _report(progress, "hashing", 0.02)
    sha = file_sha256(extract) if sha is None else sha
    for note in check_unchanged(extract, side, sha, spec.raw_patterns, spec=spec):
        log.warning(_("{bestand}: {melding}", bestand=name, melding=note))
    spec_sha = spec_sha256(spec)  # the sidecar's hash of the spec's content (one function)
    return _Ready(extract, spec, side, sha, spec_sha, time.perf_counter() - t0)


def _ingest_one(con, r: _Ready, *, model: DataModel, crime_type: str | None,
                override_leak_guard: bool, chunk_bytes: int | None, progress: Progress | None,
                case_path: str | Path) -> ImportResult:
    """One checked extract into the case store, inside the caller's transaction."""
    t0 = time.perf_counter()
    extract, spec, side, sha, spec_sha = r.extract, r.spec, r.side, r.sha, r.spec_sha
    fingerprint = str(side["key_fingerprint"])
    info = get_info(con)
    if crime_type and info.get("crime_type") not in (None, crime_type):
        raise StoreError(_("de casus heeft soort criminaliteit '{vastgelegd}', niet "
                           "'{gevraagd}'", vastgelegd=info["crime_type"],
                           gevraagd=crime_type),
                         file=str(case_path))
    prev = con.execute("SELECT * FROM imports WHERE file_sha256 = ? AND status = 'ok' "
                       "ORDER BY import_id LIMIT 1", [sha]).df()
    if len(prev):
        if crime_type and not info.get("crime_type"):
            set_info(con, "crime_type", crime_type)
        return _already(con, prev.iloc[0], extract, spec, t0)
    case_fp = info.get("key_fingerprint")
    if case_fp and case_fp != fingerprint:
        raise KeyMismatchError(
            _("het extract is gepseudonimiseerd met sleutel {extract}, de casus met "
              "sleutel {casus}; vraag de partner te pseudonimiseren met de sleutel van "
              "de casus", extract=fingerprint, casus=case_fp),
            file=shown_path(extract, spec.raw_patterns))
    _report(progress, "reading", 0.05)
    result = _import(con, extract, spec, side, model=model, sha=sha, spec_sha=spec_sha,
                     fingerprint=fingerprint, set_key=not case_fp, crime_type=crime_type,
                     override=override_leak_guard, chunk_bytes=chunk_bytes,
                     progress=progress)
    _report(progress, "done", 1.0)
    result.seconds = r.seconds + time.perf_counter() - t0
    return result


def _said(result: ImportResult, extract: Path, spec: ExtractSpec) -> None:
    """What an import did, in the log (after the command's transaction is committed)."""
    name = mask_name(extract.name, spec.raw_patterns)
    if result.status == "imported" and result.relations_already_stored:
        log.warning(ngettext(
            "{bestand}: {n} relatie al opgeslagen uit een eerdere levering van {partner} (zelfde "
            "bron, doel, soort, data en kenmerken); niet nog eens opgeslagen",
            "{bestand}: {n} relaties al opgeslagen uit een eerdere levering van {partner} "
            "(zelfde bron, doel, soort, data en kenmerken); niet nog eens opgeslagen",
            result.relations_already_stored, bestand=name,
            partner=spec.partner))
    if result.status == "imported" and result.relations_repeated:
        log.info(ngettext(
            "{bestand}: {n} relatie herhaald op een latere rij (dezelfde waarneming: zelfde bron, "
            "doel, soort, data, gradering en kenmerken); één keer opgeslagen, de herhaling geteld",
            "{bestand}: {n} relaties herhaald op latere rijen (dezelfde waarneming: zelfde bron, "
            "doel, soort, data, gradering en kenmerken); één keer opgeslagen, de herhalingen "
            "geteld", result.relations_repeated, bestand=name))
    if result.status == "imported" and result.identity_conflicts:
        log.warning(ngettext(
            "{bestand}: {n} subject heeft meer dan één naam + geboortedatum (één BSN, RSIN of "
            "persoonsnummer bij verschillende personen): een opvulwaarde of een tikfout; "
            "controleer deze rijen met de partner",
            "{bestand}: {n} subjecten hebben meer dan één naam + geboortedatum (één BSN, RSIN of "
            "persoonsnummer bij verschillende personen): een opvulwaarde of een tikfout; "
            "controleer deze rijen met de partner",
            result.identity_conflicts, bestand=name))
    log.info(_("{bestand}: {gelezen} gelezen, {gebruikt} gebruikt, {dubbel} dubbel, {afgewezen} "
               "afgewezen ({s:.1f} s)", bestand=name, gelezen=result.rows_read,
               gebruikt=result.rows_used, dubbel=result.duplicates, afgewezen=result.n_rejects,
               s=result.seconds))


def _already(con, prev: pd.Series, extract: Path, spec: ExtractSpec, t0: float) -> ImportResult:
    iid = int(prev["import_id"])
    rejects = con.execute('SELECT file, "row", "column", reason, detail, import_id FROM rejects '
                          'WHERE import_id = ? ORDER BY "row", "column", reason', [iid]).df()
    (n_rel,) = con.execute("SELECT count(*) FROM relations WHERE import_id = ?", [iid]).fetchall()[0]
    repeated = int(prev.get("relations_repeated", 0) or 0)
    stored_before = int(prev.get("relations_already_stored", 0) or 0)
    name = mask_name(extract.name, spec.raw_patterns)
    log.info(_("{bestand}: al ingelezen als import {nr} ({eerder}); niets veranderd",
               bestand=name, nr=iid, eerder=mask_name(str(prev["file_name"]), spec.raw_patterns)))
    return ImportResult(
        file=name, spec=str(prev["spec_name"]), partner=str(prev["partner"]),
        status="already_imported", import_id=iid, file_sha256=str(prev["file_sha256"]),
        key_fingerprint=str(prev["key_fingerprint"]), rows_read=int(prev["rows_read"]),
        rows_used=int(prev["rows_used"]), duplicates=int(prev["duplicates"]),
        n_rejects=int(prev["rejects"]), rejects=rejects, relations=int(n_rel),
        relations_already_stored=stored_before, relations_repeated=repeated,
        relations_mapped=int(n_rel) + repeated + stored_before,
        identity_conflicts=int(prev.get("identity_conflicts", 0) or 0),
        leak_override=bool(prev["leak_override"]), seconds=time.perf_counter() - t0)


class _Frames:
    """The shared extract as text frames (:func:`~netwerk.ingest.readers.read_table`'s), chunk by
    chunk, each with its duplicate-row mask over the whole file.

    A CSV that :func:`~netwerk.ingest.readers.plan_csv` can stream (with or without quotes) is
    read ``chunk_bytes`` at a time; anything else (UTF-16, XLSX, Parquet, a header that does not
    match the spec) whole, by
    :func:`~netwerk.ingest.readers.read_table`, which raises the errors it deserves. Call
    :meth:`finish` after the last frame: the field-count majority rule over the whole file.
    """

    def __init__(self, path: Path, spec: ExtractSpec, name: str, chunk_bytes: int | None) -> None:
        from .readers import _Lines, finish_frame, plan_csv

        self.path, self.spec, self.name, self.chunk_bytes = path, spec, name, chunk_bytes
        self.plan = plan_csv(path, spec) if spec.format == "csv" else None
        if self.plan is not None:
            try:  # a header that does not match: read whole, for read_table's error and order
                finish_frame(pd.DataFrame(columns=self.plan.header), np.zeros(0, "int64"), {},
                             spec, shared=True, name=name)
            except InputError:
                self.plan = None
        self.lines = _Lines(name, len(self.plan.header)) if self.plan is not None else None
        self.rows = 0
        self.offset = 0  # bytes read so far

    def __iter__(self):
        from .duplicates import LineDuplicates, duplicate_rows
        from .readers import ROW_COLUMN, finish_frame, iter_csv_chunks, read_csv_chunk, read_table

        if self.plan is None:
            df = read_table(self.path, self.spec, shared=True)
            self.rows, self.offset = len(df), self.path.stat().st_size
            yield df, duplicate_rows(df, [c for c in df.columns if c != ROW_COLUMN])
            return
        seen = LineDuplicates(self.path, self.plan.delimiter)
        offset = self.plan.body_start
        for chunk, first_row in iter_csv_chunks(self.plan, self.chunk_bytes):
            n_rej = len(self.lines.rejects)
            raw, rows = read_csv_chunk(self.plan, chunk, first_row, self.lines)
            df = finish_frame(raw, rows, {"read_rejects": self.lines.rejects[n_rej:]}, self.spec,
                              shared=True, name=self.name)
            self.rows += len(df)
            last = rows
            multi = self.lines.multi  # this chunk's records that span lines: their last line
            if multi:
                last = rows.copy()
                last[np.searchsorted(rows, list(multi))] = list(multi.values())
                multi.clear()
            dup = seen.mark(df, [c for c in df.columns if c != ROW_COLUMN], chunk,
                            rows - first_row, offset=offset, last=last - first_row)
            offset += len(chunk)
            self.offset = offset
            yield df, dup

    def finish(self) -> None:
        from .readers import _check_majority, repeated_headers_skipped

        if self.lines is not None:
            _check_majority(self.lines, self.name)
            if self.lines.repeated_headers:
                log.warning(repeated_headers_skipped(self.name, self.lines.repeated_headers))


class _Records:
    """What the chunks of one import add up to; relations go to the store chunk by chunk (with
    provisional ids, see :meth:`number_relations`), the rest is made unique at the end."""

    def __init__(self, con, *, import_id: int, partner: str, extract: str, n_maps: int,
                 node_kinds: list[str], labels: bool, spec: ExtractSpec) -> None:
        self.con, self.import_id, self.partner, self.extract = con, import_id, partner, extract
        self.node_kinds, self.labels = node_kinds, labels  # how node rows are staged
        self.part_kinds = node_part_kinds(spec)
        self.staged: set[str] = set()  # temporary tables holding nodes, attributes, links
        self.rejects: list[pd.DataFrame] = []
        self.per_map = [0] * n_maps  # relations of each relation mapping so far
        self.rows_read = self.rows_used = self.duplicates = self.rejected = 0
        self.dropped = 0  # relations not stored: already stored from this partner
        self.repeated = 0  # relations not stored: an earlier row of this import made the same
        self.conflicts = 0  # subjects with several name + birth-date keys

    def add(self, m: MappedChunk, duplicates: int) -> None:
        """Write chunk ``m``: its relations into the store, its node rows, attributes and identity
        links into the staging tables; DuckDB
        makes the records from the chunk's used rows (:class:`~netwerk.ingest.mapping.MappedChunk`)."""
        self.rows_read += m.rows_read + duplicates
        self.duplicates += duplicates
        self.rows_used += m.rows_used
        self.rejected += m.rejected
        if len(m.rejects):
            self.rejects.append(m.rejects)
        if not m.table.num_rows:
            return
        _netwerk_chunk = m.table  # noqa: F841 - read by the queries (a replacement scan)
        if m.nodes is not None:
            # every node row as it is: one GROUP BY at the end is cheaper than one per chunk
            # too (a node is mostly seen once per chunk)
            self.stage("nodes", m.table, m.nodes)
        if m.attributes is not None:
            self.stage("node_attributes", m.table, m.attributes)
        if m.links is not None:
            self.stage("identity_links", m.table, m.links)
        for j, (q, count) in enumerate(zip(m.relations, m.relation_counts, strict=True)):
            if q is None:
                continue
            # provisional id: relation mapping j in the high bits, its running number below
            start = (j << _ID_BITS) + self.per_map[j]
            self.per_map[j] += count
            self.con.execute(
                f"INSERT INTO relations ({_REL_COLUMNS}, relation_id, partner, import_id, "
                f"extract) SELECT {_REL_COLUMNS}, n + $w_start, $w_partner, $w_import, "
                f"$w_extract FROM ({q.sql})",
                {**q.params, "w_start": start, "w_partner": self.partner,
                 "w_import": self.import_id, "w_extract": self.extract})

    def stage(self, table: str, chunk, query: ChunkQuery, select: str = "{}") -> None:
        """Keep the rows of ``select`` over ``query`` (run on ``chunk``, the Arrow table of a
        :class:`~netwerk.ingest.mapping.MappedChunk`) in this import's temporary table
        ``_netwerk_<table>``, in DuckDB's memory (which spills to disk), until
        :func:`_write_records`."""
        _netwerk_chunk = chunk  # noqa: F841 - a replacement scan (not kept to the commit)
        name = f"_netwerk_{table}"
        sql = select.format(query.sql)
        if table not in self.staged:
            self.con.execute(f"CREATE TEMP TABLE {name} AS {sql}", query.params)
            self.staged.add(table)
        else:
            self.con.execute(f"INSERT INTO {name} {sql}", query.params)

    def number_relations(self, first: int) -> int:
        """Give this import's relations their ids: ``first`` on, mapping by mapping in spec order,
        rows in file order (as when the whole file is mapped at once)."""
        if self.dropped or self.repeated:  # some were not stored: number the rest in order
            (n_rel,) = self.con.execute(
                "SELECT count(*) FROM relations WHERE import_id = ?", [self.import_id]).fetchone()
            self.con.execute(
                "UPDATE relations SET relation_id = n.id FROM (SELECT relation_id AS pid, "
                "? - 1 + row_number() OVER (ORDER BY relation_id) AS id FROM relations "
                "WHERE import_id = ?) n WHERE import_id = ? AND relation_id = n.pid",
                [first, self.import_id, self.import_id])
            return int(n_rel)
        base, offsets = first, []
        for n in self.per_map:
            offsets.append(base)
            base += n
        n_rel = base - first
        if n_rel:
            self.con.execute(
                f"UPDATE relations SET relation_id = (relation_id & {(1 << _ID_BITS) - 1}) + "
                f"list_extract(?::BIGINT[], CAST(relation_id >> {_ID_BITS} AS INTEGER) + 1) "
                "WHERE import_id = ?", [offsets, self.import_id])
        return n_rel


def _write_records(rec: _Records, first_relation: int) -> tuple[int, int, int, int, pd.DataFrame]:
    """The end of an import: nodes, sightings, attributes, identity links and rejects; relation
    ids. Returns the new nodes, the nodes, the relations, the identity links and the rejects."""
    new_nodes = n_nodes = 0
    if "nodes" in rec.staged:  # one row per node: its row with the smallest order key
        if rec.part_kinds is not None:  # min(k) alone: the kind is the part's (k's bits)
            rec.con.execute(
                f"CREATE TEMP TABLE _netwerk_best AS SELECT node_id, list_extract(?::VARCHAR[], "
                f"CAST((k >> {_PART_SHIFT}) & {(1 << (62 - _PART_SHIFT)) - 1} AS INTEGER) + 1) "
                "AS kind, node_id AS label FROM (SELECT node_id, min(k) AS k "
                "FROM _netwerk_nodes GROUP BY node_id)", [rec.part_kinds])
        else:
            kv = "{'kind': kind, 'label': label}" if rec.labels else "{'kind': kind}"
            label = "coalesce(kv.label, node_id)" if rec.labels else "node_id"
            rec.con.execute(
                f"CREATE TEMP TABLE _netwerk_best AS SELECT node_id, "
                f"list_extract(?::VARCHAR[], kv.kind + 1) AS kind, {label} AS label FROM (SELECT "
                f"node_id, arg_min({kv}, k) AS kv FROM _netwerk_nodes GROUP BY node_id)",
                [rec.node_kinds])
        rec.con.execute("DROP TABLE _netwerk_nodes")
        rec.staged.discard("nodes")
        new_nodes, n_nodes = _write_nodes(rec.con, "_netwerk_best")
        # every node of the import is sighted (identity link ends are nodes too)
        rec.con.execute("INSERT INTO node_sightings (node_id, partner, import_id) "
                        "SELECT node_id, ?, ? FROM _netwerk_best", [rec.partner, rec.import_id])
        rec.con.execute("DROP TABLE _netwerk_best")
    n_links = 0
    for table in ("node_attributes", "identity_links"):
        if table in rec.staged:
            cols = ", ".join(f'"{d[0]}"' for d in rec.con.execute(
                f"SELECT * FROM _netwerk_{table} LIMIT 0").description)
            (n,) = rec.con.execute(
                f"INSERT INTO {table} ({cols}, partner, import_id) SELECT DISTINCT {cols}, ?, ? "
                f"FROM _netwerk_{table}", [rec.partner, rec.import_id]).fetchall()[0]
            rec.con.execute(f"DROP TABLE _netwerk_{table}")
            if table == "identity_links":  # this import's links, as stored (each pair once)
                rec.conflicts = _identity_conflicts(
                    rec.con, f"(SELECT node_a, node_b FROM identity_links WHERE import_id = "
                    f"{int(rec.import_id)})")
            rec.staged.discard(table)
            n_links = int(n) if table == "identity_links" else n_links
    rejects = (pd.concat(rec.rejects, ignore_index=True) if rec.rejects
               else pd.DataFrame({c: pd.Series(dtype="int64" if c == "row" else "str")
                                  for c in REJECT_COLUMNS}))
    insert_frame(rec.con, "rejects", rejects, constants={"import_id": rec.import_id})
    rec.repeated = _drop_repeated_relations(rec.con, rec.import_id)
    rec.dropped = _drop_stored_relations(rec.con, rec.import_id, rec.partner)
    n_rel = rec.number_relations(first_relation)
    return new_nodes, n_nodes, n_rel, n_links, rejects.assign(import_id=rec.import_id)


#: bits of a node order key below its node part (mapping.node_order_keys)
_PART_SHIFT = _PART.bit_length() - 1
#: bits of a provisional relation id below the relation mapping's number
_ID_BITS = 40
#: the columns of a relation a chunk's query gives (:class:`~netwerk.ingest.mapping.MappedChunk`)
_REL_COLUMNS = ", ".join(f'"{c}"' for c in (
    "source", "target", "kind", "directed", "row", "observed", "valid_from", "valid_to",
    "grading_scheme", "grading_source", "grading_information", "grading_score", "legal_basis",
    "weight", "attributes"))


#: what makes two relation records the same record (everything but the row, the ids and the
#: import): a record a partner delivers again, in a later (cumulative) extract, is this
_SAME_RELATION = ("source", "target", "kind", "directed", "observed", "valid_from", "valid_to",
                  "grading_scheme", "grading_source", "grading_information", "legal_basis",
                  "weight", "attributes")


def _drop_repeated_relations(con, import_id: int) -> int:
    """Remove the relations of import ``import_id`` that an earlier row of the same import
    already made: equal in every column of :data:`_SAME_RELATION` (so also the same partner,
    import and extract), only the row differs. The first row's record is kept (its row is the
    one the source records name, :mod:`netwerk.governance.sources`). Returns how many were
    removed.

    One observation a partner writes on several rows of one extract is one observation: the
    KvK extract repeats a company's ``established_at`` on every officer row, the politie
    extract an incident's ``co_suspect`` on every vehicle or phone row. Stored once per row,
    tie strength (``distance="inverse"``), counts in reports and the vital scores would count
    it several times. The rows stay *used* (their nodes, attributes and other relations are
    kept); the repeats are counted in ``imports.relations_repeated``."""
    cols = ", ".join(f'"{c}"' for c in _SAME_RELATION)
    # in DuckDB, no Python: one 64-bit hash of the record per relation finds the candidates
    # (grouping on one integer is far cheaper than on the 13 columns), then the exact
    # comparison of the candidates keeps the first row of each record
    (n,) = con.execute(
        f"WITH c AS (SELECT hash({cols}) AS h FROM relations WHERE import_id = $imp "
        f"GROUP BY h HAVING count(*) > 1) "
        f"DELETE FROM relations WHERE import_id = $imp AND relation_id IN (SELECT relation_id "
        f"FROM (SELECT relation_id, row_number() OVER (PARTITION BY {cols} ORDER BY \"row\", "
        f"relation_id) AS k FROM relations WHERE import_id = $imp AND hash({cols}) IN "
        f"(SELECT h FROM c)) WHERE k > 1)", {"imp": import_id}).fetchone()
    return int(n)


def _drop_stored_relations(con, import_id: int, partner: str) -> int:
    """Remove the relations of import ``import_id`` that are already stored from the same
    ``partner`` by an earlier import: equal in every column of :data:`_SAME_RELATION` (a partner
    that sends its earlier records again with new ones, a cumulative export). A record the
    earlier imports hold k times is dropped up to k times (the import holds each record once:
    :func:`_drop_repeated_relations` runs first). Returns how many were dropped.

    Without it every tie of a re-delivery is counted twice: strength doubles and the vital
    scores move with no new information (review7 Q6). Re-ingesting the identical file is
    caught before, by its SHA-256 (``already_imported``)."""
    (earlier,) = con.execute("SELECT count(*) FROM imports WHERE partner = ? AND status = 'ok' "
                             "AND import_id <> ?", [partner, import_id]).fetchone()
    if not earlier:
        return 0
    cols = ", ".join(f'"{c}"' for c in _SAME_RELATION)
    same = " AND ".join(f'n."{c}" IS NOT DISTINCT FROM o."{c}"' for c in _SAME_RELATION)
    (before,) = con.execute("SELECT count(*) FROM relations WHERE import_id = ?",
                            [import_id]).fetchone()
    con.execute(
        f"DELETE FROM relations WHERE import_id = $imp AND relation_id IN ("
        f"SELECT n.relation_id FROM (SELECT relation_id, {cols}, row_number() OVER "
        f"(PARTITION BY {cols} ORDER BY relation_id) AS k FROM relations WHERE import_id = $imp) n "
        f"JOIN (SELECT {cols}, count(*) AS c FROM relations WHERE partner = $partner AND "
        f"import_id <> $imp AND import_id IN (SELECT import_id FROM imports WHERE status = 'ok') "
        f"GROUP BY ALL) o ON {same} WHERE n.k <= o.c)", {"imp": import_id, "partner": partner})
    (after,) = con.execute("SELECT count(*) FROM relations WHERE import_id = ?",
                           [import_id]).fetchone()
    return int(before - after)


def _identity_conflicts(con, links: str) -> int:
    """Subjects of one import (its identity links: ``links``, a table or a subquery with
    ``node_a, node_b``, closed transitively) that
    carry two or more different name + birth-date keys (``NGD-``): one BSN, RSIN or person
    number given to different people (a placeholder nobody listed, ``999999990``) or a typo in a
    name or date. Counted and said, not split or merged by guesswork."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    # the node ids as integers (DuckDB), the components by scipy: no Python object per link
    con.execute(f"CREATE TEMP TABLE _netwerk_ids AS SELECT node, (row_number() OVER () - 1)::BIGINT "
                f"AS i FROM (SELECT node_a AS node FROM {links} UNION SELECT node_b FROM {links})")
    try:
        ends = con.execute(f"SELECT a.i AS a, b.i AS b FROM {links} l JOIN _netwerk_ids a ON "
                           "l.node_a = a.node JOIN _netwerk_ids b ON l.node_b = b.node"
                           ).fetchnumpy()
        ngd = con.execute("SELECT i FROM _netwerk_ids WHERE starts_with(node, 'NGD-')"
                          ).fetchnumpy()["i"]
        (n,) = con.execute("SELECT count(*) FROM _netwerk_ids").fetchone()
    finally:
        con.execute("DROP TABLE _netwerk_ids")
    if len(ngd) < 2:
        return 0
    a, b = np.asarray(ends["a"], dtype=np.int64), np.asarray(ends["b"], dtype=np.int64)
    graph = coo_matrix((np.ones(len(a), dtype=np.int8), (a, b)), shape=(int(n), int(n)))
    _, label = connected_components(graph, directed=False)
    per = np.bincount(label[np.asarray(ngd, dtype=np.int64)])
    return int((per > 1).sum())


def _import(con, extract: Path, spec: ExtractSpec, side: dict, *, model: DataModel, sha: str,
            spec_sha: str, fingerprint: str, set_key: bool, crime_type: str | None,
            override: bool, chunk_bytes: int | None, progress: Progress | None) -> ImportResult:
    """Read, check, map and write one extract chunk by chunk, in the caller's transaction."""
    from .leakguard import check_for_raw_identifiers, finding_order, judge, merge_findings

    name = mask_name(extract.name, spec.raw_patterns)
    frames = _Frames(extract, spec, name, chunk_bytes)
    size = max(extract.stat().st_size, 1)
    found: list[list] = []
    columns: list[str] = []
    refused = False
    # DuckDB holds the import's relations and staged records until the commit: within this
    # budget, spilling the rest to a temporary folder beside the case store
    con.execute(f"SET memory_limit = '{DUCKDB_MEMORY}'")
    # while the chunks stream, this thread reads, checks and maps and the writer thread writes:
    # DuckDB gets one thread (a second one only competes for the cores, +20-30% CPU, measured);
    # its own threads again for the end of the import, when nothing else runs
    (threads,) = con.execute("SELECT current_setting('threads')").fetchone()
    con.execute(f"SET threads = {DUCKDB_STREAM_THREADS}")
    # inside the caller's transaction (ingest_extracts): any exception rolls back the command
    writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="netwerk-ingest-writer")
    pending = None
    try:
        import_id = next_id(con, "imports", "import_id")
        first_relation = next_id(con, "relations", "relation_id")
        rec = _Records(con, import_id=import_id, partner=spec.partner, extract=name,
                       n_maps=len(spec.relations), node_kinds=node_kinds(spec, model),
                       labels=any(nm.label_column for nm in spec.nodes), spec=spec)
        for df, dup in frames:
            if not columns:
                columns = finding_order(spec, list(df.columns))
            f = check_for_raw_identifiers(df, spec, file=name)
            found.append(f)
            refused = refused or bool(f and not override)
            if refused:  # the file is refused at the end: only look for the other findings
                continue
            n_dup = int(dup.sum())
            d = df.loc[~dup].reset_index(drop=True) if n_dup else df
            d.attrs.update(df.attrs)
            # the chunk passed the leak guard (or it is overridden): every identifier cell is a
            # pseudonym of its kind, so map_chunk need not check the shape again
            m = map_chunk(d, spec, model=model, file=name, accept_raw_looking=True)
            del d, df
            if pending is not None:
                pending.result()  # the previous chunk's writes, in order
            # DuckDB works without the GIL: this chunk is written while the next one is mapped
            pending = writer.submit(in_language(rec.add), m, n_dup)
            del m
            _report(progress, "mapping", 0.05 + 0.85 * min(1.0, frames.offset / size))
        if pending is not None:
            pending.result()
            pending = None
        frames.finish()
        findings = judge(merge_findings(found, columns), file=name, override=override)
        leak_override = bool(override and findings)
        if side.get("rows_written") is not None and int(side["rows_written"]) != frames.rows:
            # a sidecar without the extract's SHA-256 (netwerk before 0.1.1): the row count
            raise InputError(_(
                "het extract heeft {gelezen} rijen, het sidecarbestand zegt {geschreven}: een "
                "onvolledige kopie, of na het pseudonimiseren bewerkt; kopieer het opnieuw of laat "
                "de partner opnieuw pseudonimiseren", gelezen=frames.rows,
                geschreven=int(side["rows_written"])),
                reason=Reason.EXTRACT_CHANGED, file=name)
        _report(progress, "writing", 0.9)
        con.execute(f"SET threads = {int(threads)}")
        new_nodes, n_nodes, n_rel, n_links, rejects = _write_records(rec, first_relation)
        insert_frame(con, "imports", pd.DataFrame([{
            "import_id": import_id, "file_name": name, "file_sha256": sha,
            "spec_name": spec.name, "spec_sha256": spec_sha, "partner": spec.partner,
            "key_fingerprint": fingerprint,
            "imported_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
            "rows_read": rec.rows_read, "rows_used": rec.rows_used,
            "duplicates": rec.duplicates, "rejects": rec.rejected,
            "relations_already_stored": rec.dropped, "relations_repeated": rec.repeated,
            "identity_conflicts": rec.conflicts,
            "leak_override": leak_override,
            "leak_findings": json.dumps([_finding(f) for f in findings], default=str)
            if findings else None,
            "status": "ok"}]))
        if set_key:
            set_info(con, "key_fingerprint", fingerprint)
        if crime_type:
            set_info(con, "crime_type", crime_type)
        # every later guard (outputs, notes, the log) uses this spec's patterns too
        record_case_patterns(con, spec.name, spec.raw_patterns)
    except BaseException:
        if pending is not None:  # let a running write end before the caller's rollback
            pending.exception()
        raise
    else:
        con.execute(f"SET threads = {int(threads)}")
    finally:
        writer.shutdown(wait=True)
    return ImportResult(
        file=name, spec=spec.name, partner=spec.partner, status="imported",
        import_id=import_id, file_sha256=sha, key_fingerprint=fingerprint,
        rows_read=rec.rows_read, rows_used=rec.rows_used, duplicates=rec.duplicates,
        n_rejects=rec.rejected, rejects=rejects, nodes_new=new_nodes, nodes=n_nodes,
        relations=n_rel, identity_links=n_links, relations_already_stored=rec.dropped,
        relations_repeated=rec.repeated, relations_mapped=sum(rec.per_map),
        identity_conflicts=rec.conflicts, leak_override=leak_override,
        leak_findings=list(findings))


def _write_nodes(con, source: str) -> tuple[int, int]:
    """Insert the nodes of table ``source`` (node_id, kind, label; one row per node) not yet in
    the store; give a plain-labelled node a real label. Returns the new nodes and the nodes."""
    (n,) = con.execute(f"SELECT count(*) FROM {source}").fetchall()[0]
    if not n:
        return 0, 0
    (clash,) = con.execute(f"SELECT count(*) FROM nodes n JOIN {source} x "
                           "USING (node_id) WHERE n.kind <> x.kind").fetchall()[0]
    if clash:
        log.warning(ngettext("{n} knooppunt staat al in de casusopslag met een andere soort; de "
                             "eerste soort is behouden", "{n} knooppunten staan al in de "
                             "casusopslag met een andere soort; de eerste soort is behouden",
                             clash))
    con.execute(f"UPDATE nodes SET label = x.label FROM {source} x "
                "WHERE nodes.node_id = x.node_id AND nodes.label = nodes.node_id "
                "AND x.label <> x.node_id")
    (before,) = con.execute("SELECT count(*) FROM nodes").fetchall()[0]
    con.execute(f"INSERT INTO nodes SELECT x.node_id, x.kind, x.label FROM {source} x "
                "ANTI JOIN nodes n ON n.node_id = x.node_id")
    (after,) = con.execute("SELECT count(*) FROM nodes").fetchall()[0]
    return int(after - before), int(n)


def _finding(f: Any) -> Any:
    if hasattr(f, "model_dump"):
        return f.model_dump()
    if hasattr(f, "__dataclass_fields__"):
        return asdict(f)
    return f


# =============================================================================================
# manifest: several extracts with their specs
# =============================================================================================
def ingest_manifest(case_path: str | Path, manifest_path: str | Path, *,
                    override_leak_guard: bool = False, progress: Progress | None = None,
                    model: DataModel | None = None,
                    on_result: Callable[[ImportResult], None] | None = None
                    ) -> list[ImportResult]:
    """Ingest every extract a manifest lists, in order.

    The manifest is YAML::

        case: NAME
        crime_type: cannabis
        extracts:
          - {file: politie_pseudo.csv, spec: politie}      # shipped spec name
          - {file: kvk_pseudo.csv, spec: specs/kvk.yaml}   # or a path

    File and spec paths are relative to the manifest. The extracts are one transaction
    (:func:`ingest_extracts`): every extract is checked against its sidecar before any is read,
    and they are all stored or, when one is refused or fails, none (the store is as it was).
    ``on_result`` is called after each extract is read into the transaction. Since re-ingesting
    a file changes nothing, a manifest can simply be run again after fixing a failure.
    ``case`` and ``crime_type`` go into ``case_info``.

    Returns
    -------
    list of ImportResult
        One per extract, in manifest order.
    """
    from .manifest import load_manifest, manifest_patterns

    man = load_manifest(manifest_path)
    return ingest_extracts(case_path, [(e.file, e.spec) for e in man.extracts],
                           override_leak_guard=override_leak_guard,
                           crime_type=str(man.crime_type) if man.crime_type else None,
                           progress=progress, model=model,
                           case_name=mask_name(str(man.case), manifest_patterns(man)) if man.case
                           else None, on_result=on_result)
