"""Retention and purge: delete a case store and every output netwerk recorded for it.

:func:`purge_case` deletes, after the case's retention date (or earlier on demand, with
confirmation), the case store and every file the access log records as written from it. It leaves a
*tombstone*: a small JSON file next to where the store was, with counts and hashes but no case data,
that proves what was deleted, when and by whom, and lists what could not be deleted (a file moved,
changed, or without permission).

References
----------
AVG art. 5(1)(e) (storage limitation) and art. 17; WGS Besluit (Stb. 2024, 380) retention provisions
(the retention date itself is set per case in the case record).

Examples
--------
>>> import tempfile, os
>>> d = tempfile.mkdtemp()
>>> case = os.path.join(d, "c.duckdb")
>>> from netwerk.governance.record import init_case
>>> _ = init_case(case, training=True, retention_until="2030-01-01", analyst="ana")
>>> t = purge_case(case, on_demand=True, analyst="ana")
>>> os.path.exists(case), os.path.exists(t.path)
(False, True)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Reason
from ..i18n import _
from ..provenance import file_sha256
from .record import LawfulUseError, current_analyst

__all__ = ["Tombstone", "purge_case", "tombstone_path", "PurgeCheck", "purge_check"]


@dataclass(frozen=True)
class Tombstone:
    """What a purge did.

    Attributes
    ----------
    path : Path
        The tombstone file written.
    deleted : list of dict
        ``{"path", "sha256", "status"}`` of every file deleted (status ``deleted`` or
        ``deleted (changed since written)``).
    not_deleted : list of dict
        ``{"path", "reason"}`` of every recorded file that could not be deleted.
    counts : dict
        Row counts of the store's tables at purge time.
    """

    path: Path
    case_name: str
    deleted: list[dict[str, Any]] = field(default_factory=list)
    not_deleted: list[dict[str, str]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class PurgeCheck:
    """Whether a case may be purged now, and what would go."""

    case_name: str
    retention_until: dt.date | None
    due: bool
    outputs: list[str]


def tombstone_path(case: str | Path) -> Path:
    """Where the tombstone of ``case`` is written (``CASE.tombstone.json`` next to the store)."""
    p = Path(case)
    name = p.name[:-len(".duckdb")] if p.name.endswith(".duckdb") else p.stem
    return p.with_name(f"{name}.tombstone.json")


def purge_check(case: str | Path, *, today: dt.date | None = None) -> PurgeCheck:
    """What :func:`purge_case` would delete, and whether the retention date has passed."""
    from .access import recorded_outputs
    from .record import read_case_record

    rec = read_case_record(case)
    today = today or dt.date.today()
    ret = rec.retention_until if rec else None
    p = Path(case)
    name = rec.case_name if rec else (p.name[:-7] if p.name.endswith(".duckdb") else p.stem)
    return PurgeCheck(case_name=name, retention_until=ret,
                      due=bool(ret is not None and today > ret),
                      outputs=recorded_outputs(case)["path"].tolist())


def _counts(case: Path) -> tuple[dict[str, int], str | None, dict[str, Any] | None]:
    from ..store import TABLES, connect
    from .record import _read

    counts: dict[str, int] = {}
    with connect(case, read_only=True) as con:
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables"
                                            ).fetchall()}
        for t in TABLES:
            if t in tables:
                counts[t] = int(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
        head = None
        if "access_log" in tables:
            row = con.execute("SELECT entry_hash FROM access_log ORDER BY entry_id DESC LIMIT 1"
                              ).fetchone()
            head = row[0] if row else None
        rec = _read(con)
    summary = None
    if rec is not None:
        summary = {k: v for k, v in rec.as_dict().items()
                   if k in ("case_name", "purpose", "legal_basis", "classification",
                            "retention_until", "status", "training", "start_on")}
    return counts, head, summary


def purge_case(case: str | Path, *, on_demand: bool = False, today: dt.date | None = None,
               analyst: str | None = None, reason: str = "") -> Tombstone:
    """Delete a case store and every output recorded for it; write a tombstone.

    Parameters
    ----------
    case : path
        The case store.
    on_demand : bool
        Purge before the retention date (the caller has asked for and received confirmation).
    today : date, optional
        Date to compare with the retention date (default: today).
    analyst : str, optional
        Who purges (default: ``$NETWERK_ANALYST`` or the OS user).
    reason : str
        Why (printed in the tombstone; default: retention ended / on demand).

    Returns
    -------
    Tombstone

    Raises
    ------
    LawfulUseError
        ``retention_expired`` is *not* raised; ``invalid_argument`` when the retention date has not
        passed and ``on_demand`` is false.
    StoreError
        If the store does not exist.
    """
    from .access import recorded_outputs

    p = Path(case)
    chk = purge_check(p, today=today)
    if not chk.due and not on_demand:
        until = (chk.retention_until.isoformat() if chk.retention_until else
                 _("geen datum vastgelegd"))
        raise LawfulUseError(_("de bewaartermijn loopt tot {datum}; nu vernietigen alleen op "
                               "verzoek (bevestig, of --yes)", datum=until),
                             reason=Reason.INVALID_ARGUMENT, file=str(p))
    outputs = recorded_outputs(p)
    counts, head, summary = _counts(p)
    store_hash = file_sha256(p)
    deleted: list[dict[str, Any]] = []
    not_deleted: list[dict[str, str]] = []
    dirs: set[Path] = set()
    for path, hashes in outputs[["path", "sha256"]].itertuples(index=False):
        f = Path(path)
        if not f.exists():
            not_deleted.append({"path": str(f), "reason": "not found (moved or deleted earlier)",
                                "sha256": hashes[-1] if hashes else ""})
            continue
        try:
            h = file_sha256(f)
            f.unlink()
        except OSError as exc:
            not_deleted.append({"path": str(f), "reason": f"could not delete: {exc.strerror or exc}",
                                "sha256": hashes[-1] if hashes else ""})
            continue
        deleted.append({"path": str(f), "sha256": h,
                        "status": "deleted" if h in hashes else "deleted (changed since written)"})
        dirs.add(f.parent)
    removed_store = []
    for f in (p, p.with_name(p.name + ".wal")):
        if f.exists():
            try:
                f.unlink()
                removed_store.append(f.name)
            except OSError as exc:
                not_deleted.append({"path": str(f), "reason": f"could not delete: "
                                    f"{exc.strerror or exc}", "sha256": ""})
    for d in sorted(dirs, key=lambda x: len(x.parts), reverse=True):  # empty output folders
        with contextlib.suppress(OSError):
            d.rmdir()
    who = current_analyst(analyst)
    now = (dt.datetime.now(dt.UTC).replace(microsecond=0))
    tomb = tombstone_path(p)
    doc = {
        "tombstone": "netwerk case purge",
        "case": chk.case_name,
        "store": {"path": str(p.resolve()), "sha256": store_hash, "deleted": removed_store},
        "purged_at": now.isoformat(),
        "purged_by": who,
        "reason": reason or ("retention ended" if chk.due else "on demand, before the retention "
                             "date, with confirmation"),
        "retention_until": chk.retention_until.isoformat() if chk.retention_until else None,
        "record": summary,
        "counts": counts,
        "access_log_head": head,
        "outputs": {"recorded": len(outputs), "deleted": len(deleted),
                    "not_deleted": len(not_deleted)},
        "deleted": deleted,
        "not_deleted": not_deleted,
    }
    tmp = tomb.with_name(tomb.name + ".tmp")
    tmp.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, tomb)
    return Tombstone(path=tomb, case_name=chk.case_name, deleted=deleted, not_deleted=not_deleted,
                     counts=counts)
