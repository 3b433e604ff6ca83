"""Ingest: a pseudonymised extract into the case store, as one transaction.

:func:`ingest_extract` checks the sidecar (the file must have been pseudonymised, under the case's
key), skips a file whose SHA-256 was imported before, reads the file with the spec, runs the leak
guard, maps the rows (:func:`netwerk.ingest.mapping.map_extract`) and writes everything — import
record, nodes, sightings, attributes, relations, identity links, rejects — in one transaction: any
exception rolls it all back. :func:`ingest_manifest` does the same for a list of extracts.

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
>>> ingest_extract(store, kvk, "kvk").status
'already_imported'
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError, KeyMismatchError, Reason, SpecError, StoreError
from ..model import DataModel, default_model
from ..privacy import mask_name
from ..provenance import file_sha256
from ..store.casestore import connect, get_info, insert_frame, next_id, set_info
from .mapping import REJECT_COLUMNS, MappedExtract, map_extract
from .spec import ExtractSpec, load_spec

__all__ = [
    "ImportResult",
    "REJECT_COLUMNS",
    "ingest_extract",
    "ingest_manifest",
    "read_sidecar",
]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

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
    leak_override: bool = False
    leak_findings: list = field(default_factory=list)
    seconds: float = 0.0

    @property
    def reconciled(self) -> bool:
        """rows read = rows used + duplicates + rejects."""
        return self.rows_read == self.rows_used + self.duplicates + self.n_rejects

    def summary(self) -> dict[str, Any]:
        """The reconciliation row printed by ``netwerk ingest``."""
        return {"file": self.file, "partner": self.partner, "status": self.status,
                "read": self.rows_read, "used": self.rows_used, "duplicates": self.duplicates,
                "rejects": self.n_rejects, "relations": self.relations, "new nodes": self.nodes_new}


Progress = Callable[[str, float], None]


def read_sidecar(extract: Path) -> dict[str, Any]:
    """Read ``<extract>.netwerk.json``; raise ``not_pseudonymised`` if it is missing or lacks the
    key fingerprint."""
    side = extract.with_name(extract.name + ".netwerk.json")
    if not side.exists():
        raise InputError(
            f"no sidecar {side.name}: the file must be pseudonymised first "
            "(netwerk pseudonymise RAW --spec SPEC --out OUT) before it can be ingested",
            reason=Reason.NOT_PSEUDONYMISED, file=str(extract))
    try:
        meta = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"sidecar is not valid JSON: {exc}", reason=Reason.NOT_PSEUDONYMISED,
                         file=str(side)) from exc
    if not isinstance(meta, dict) or not meta.get("key_fingerprint"):
        raise InputError("sidecar has no key_fingerprint: the file must be pseudonymised first",
                         reason=Reason.NOT_PSEUDONYMISED, file=str(side))
    return meta


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
            raise SpecError(f"nodes '{nm.id}': label_column '{nm.label_column}' is an identifier "
                            "column; labels must not carry identifiers", file=spec.name)
        if nm.kind == "person":
            raise SpecError(f"nodes '{nm.id}': person nodes cannot take a label_column (a person's "
                            "label is its pseudonym)", file=spec.name)


def _report(progress: Progress | None, step: str, frac: float) -> None:
    if progress is not None:
        progress(step, frac)


def ingest_extract(case_path: str | Path, extract_path: str | Path,
                   spec: ExtractSpec | str | Path, *, override_leak_guard: bool = False,
                   crime_type: str | None = None, progress: Progress | None = None,
                   model: DataModel | None = None) -> ImportResult:
    """Ingest one pseudonymised extract into a case store, as one transaction.

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
    t0 = time.perf_counter()
    model = model or default_model()
    spec = _as_spec(spec, model)
    _check_labels(spec)
    extract = Path(extract_path)
    if not extract.exists():
        raise InputError("extract not found", reason=Reason.FILE_NOT_FOUND, file=str(extract))
    side = read_sidecar(extract)
    if side.get("spec") and side["spec"] != spec.name:
        raise SpecError(f"the extract was pseudonymised with spec '{side['spec']}' but is being "
                        f"ingested with spec '{spec.name}'", file=str(extract))
    if side.get("partner") and side["partner"] != spec.partner:
        log.warning("%s: sidecar names partner '%s', the spec '%s'; recording '%s'", mask_name(extract.name),
                    side["partner"], spec.partner, spec.partner)
    fingerprint = str(side["key_fingerprint"])
    _report(progress, "hashing", 0.02)
    sha = file_sha256(extract)
    spec_sha = hashlib.sha256(spec.model_dump_json().encode("utf-8")).hexdigest()
    with connect(case_path) as con:
        info = get_info(con)
        if crime_type and info.get("crime_type") not in (None, crime_type):
            raise StoreError(f"case has crime type '{info['crime_type']}', not '{crime_type}'",
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
                f"extract was pseudonymised under key {fingerprint}, the case under key {case_fp}; "
                "ask the partner to pseudonymise with the case key", file=str(extract))
        _report(progress, "reading", 0.05)
        from .leakguard import guard
        from .readers import read_table

        df = read_table(extract, spec, shared=True)
        if side.get("rows_written") is not None and int(side["rows_written"]) != len(df):
            log.warning("%s: sidecar says %s rows were written, %d were read", mask_name(extract.name),
                        side["rows_written"], len(df))
        _report(progress, "leak guard", 0.35)
        findings = list(guard(df, spec, file=mask_name(extract.name), override=override_leak_guard) or [])
        leak_override = bool(override_leak_guard and findings)
        _report(progress, "mapping", 0.45)
        mapped = map_extract(df, spec, model=model, file=mask_name(extract.name),
                             accept_raw_looking=leak_override)
        del df
        _report(progress, "writing", 0.75)
        con.begin()
        try:
            import_id = next_id(con, "imports", "import_id")
            result = _write(con, mapped, import_id=import_id, extract=extract, spec=spec,
                            sha=sha, spec_sha=spec_sha, fingerprint=fingerprint,
                            leak_override=leak_override, findings=findings)
            if not case_fp:
                set_info(con, "key_fingerprint", fingerprint)
            if crime_type:
                set_info(con, "crime_type", crime_type)
            con.commit()
        except BaseException:
            con.rollback()
            raise
    _report(progress, "done", 1.0)
    result.seconds = time.perf_counter() - t0
    log.info("%s: read %d, used %d, duplicates %d, rejects %d (%.1f s)", mask_name(extract.name),
             result.rows_read, result.rows_used, result.duplicates, result.n_rejects, result.seconds)
    return result


def _already(con, prev: pd.Series, extract: Path, spec: ExtractSpec, t0: float) -> ImportResult:
    iid = int(prev["import_id"])
    rejects = con.execute('SELECT file, "row", "column", reason, detail, import_id FROM rejects '
                          'WHERE import_id = ? ORDER BY "row", "column", reason', [iid]).df()
    (n_rel,) = con.execute("SELECT count(*) FROM relations WHERE import_id = ?", [iid]).fetchall()[0]
    log.info("%s: already imported as import %d (%s); nothing changed", mask_name(extract.name), iid,
             prev["file_name"])
    return ImportResult(
        file=mask_name(extract.name), spec=str(prev["spec_name"]), partner=str(prev["partner"]),
        status="already_imported", import_id=iid, file_sha256=str(prev["file_sha256"]),
        key_fingerprint=str(prev["key_fingerprint"]), rows_read=int(prev["rows_read"]),
        rows_used=int(prev["rows_used"]), duplicates=int(prev["duplicates"]),
        n_rejects=int(prev["rejects"]), rejects=rejects, relations=int(n_rel),
        leak_override=bool(prev["leak_override"]), seconds=time.perf_counter() - t0)


def _write_import(con, row: dict) -> None:
    insert_frame(con, "imports", pd.DataFrame([row]))


def _write_nodes(con, nodes: pd.DataFrame) -> int:
    """Insert nodes not yet in the store; give a plain-labelled node a real label. Returns the
    number of new nodes."""
    if nodes.empty:
        return 0
    con.register("_netwerk_new_nodes", nodes)
    try:
        (clash,) = con.execute("SELECT count(*) FROM nodes n JOIN _netwerk_new_nodes x "
                               "USING (node_id) WHERE n.kind <> x.kind").fetchall()[0]
        if clash:
            log.warning("%d node(s) already in the store with another kind; kept the first kind",
                        clash)
        con.execute("UPDATE nodes SET label = x.label FROM _netwerk_new_nodes x "
                    "WHERE nodes.node_id = x.node_id AND nodes.label = nodes.node_id "
                    "AND x.label <> x.node_id")
        (before,) = con.execute("SELECT count(*) FROM nodes").fetchall()[0]
        con.execute("INSERT INTO nodes SELECT x.node_id, x.kind, x.label FROM _netwerk_new_nodes x "
                    "ANTI JOIN nodes n ON n.node_id = x.node_id")
        (after,) = con.execute("SELECT count(*) FROM nodes").fetchall()[0]
    finally:
        con.unregister("_netwerk_new_nodes")
    return int(after - before)


def _write_records(con, mapped: MappedExtract, *, import_id: int, partner: str,
                   extract: str) -> None:
    """Sightings, attributes, relations, identity links and rejects of one import."""
    import pyarrow as pa
    import pyarrow.compute as pc

    parts = []
    for col in (mapped.nodes["node_id"], mapped.links["node_a"], mapped.links["node_b"]):
        arr = pa.array(col, type=pa.large_string(), from_pandas=True)
        parts.extend(arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr])
    ids = pa.chunked_array(parts, type=pa.large_string())  # first sightings in order
    seen = pd.DataFrame({"node_id": pd.array(pc.unique(ids), dtype="str")})
    ours = {"partner": partner, "import_id": import_id}
    insert_frame(con, "node_sightings", seen, constants=ours)
    insert_frame(con, "node_attributes", mapped.attributes, distinct=True, constants=ours)
    rel = mapped.relations
    if len(rel):
        first = next_id(con, "relations", "relation_id")
        rel = rel.assign(relation_id=np.arange(first, first + len(rel), dtype="int64"))
        insert_frame(con, "relations", rel, constants={**ours, "extract": extract})
    insert_frame(con, "identity_links", mapped.links, constants=ours)
    insert_frame(con, "rejects", mapped.rejects, constants={"import_id": import_id})


def _write(con, mapped: MappedExtract, *, import_id: int, extract: Path, spec: ExtractSpec,
           sha: str, spec_sha: str, fingerprint: str, leak_override: bool,
           findings: list) -> ImportResult:
    _write_import(con, {
        "import_id": import_id, "file_name": mask_name(extract.name), "file_sha256": sha,
        "spec_name": spec.name, "spec_sha256": spec_sha, "partner": spec.partner,
        "key_fingerprint": fingerprint,
        "imported_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
        "rows_read": mapped.rows_read, "rows_used": mapped.rows_used,
        "duplicates": mapped.duplicates, "rejects": mapped.rejected,
        "leak_override": leak_override,
        "leak_findings": json.dumps([_finding(f) for f in findings], default=str) if findings
        else None,
        "status": "ok"})
    new_nodes = _write_nodes(con, mapped.nodes)
    _write_records(con, mapped, import_id=import_id, partner=spec.partner, extract=mask_name(extract.name))
    return ImportResult(
        file=mask_name(extract.name), spec=spec.name, partner=spec.partner, status="imported",
        import_id=import_id, file_sha256=sha, key_fingerprint=fingerprint,
        rows_read=mapped.rows_read, rows_used=mapped.rows_used, duplicates=mapped.duplicates,
        n_rejects=mapped.rejected, rejects=mapped.rejects.assign(import_id=import_id),
        nodes_new=new_nodes, nodes=len(mapped.nodes), relations=len(mapped.relations),
        identity_links=len(mapped.links), leak_override=leak_override,
        leak_findings=list(findings))


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
                    model: DataModel | None = None) -> list[ImportResult]:
    """Ingest every extract a manifest lists, in order.

    The manifest is YAML::

        case: NAME
        crime_type: cannabis
        extracts:
          - {file: politie_pseudo.csv, spec: politie}      # shipped spec name
          - {file: kvk_pseudo.csv, spec: specs/kvk.yaml}   # or a path

    File and spec paths are relative to the manifest. Each extract is its own transaction; since
    re-ingesting a file changes nothing, a manifest can simply be run again after fixing a failure.
    ``case`` and ``crime_type`` go into ``case_info``.

    Returns
    -------
    list of ImportResult
        One per extract, in manifest order.
    """
    from .manifest import load_manifest

    man = load_manifest(manifest_path)
    entries = [(e.file, e.spec) for e in man.extracts]
    raw = {"crime_type": man.crime_type, "case": man.case}
    crime = raw.get("crime_type")
    results = []
    for k, (file, spec_arg) in enumerate(entries):
        def sub(step: str, frac: float, _k=k, _name=Path(file).name) -> None:
            _report(progress, f"{_name}: {step}", (_k + frac) / len(entries))

        results.append(ingest_extract(case_path, file, spec_arg,
                                      override_leak_guard=override_leak_guard,
                                      crime_type=str(crime) if crime else None,
                                      progress=sub if progress else None, model=model))
    if raw.get("case"):
        with connect(case_path) as con:
            set_info(con, "case_name", str(raw["case"]))
    return results
