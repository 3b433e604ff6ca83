"""The access and export log of a case, and the recipient register built from it.

Every command that reads a case or writes an output appends one entry: who (OS user or
``--analyst``), when, what, which edition, for which recipient, and for an output its path and
SHA-256. The log is a separate table from the intervention log, and append-only: the library has no
update or delete for it, and every entry carries the SHA-256 of its content chained to the previous
entry, so :func:`verify_access_log` detects an entry changed or removed afterwards.

The *recipient register* (:func:`recipient_register`) answers "which partner received which map or
plan": every output written for an edition, with its recipient, file and hash.

References
----------
AVG art. 5(2) (accountability) and art. 32; Wpg art. 32a (*protocolplicht*); decision-layer review
§5.7.

Examples
--------
>>> import tempfile, os
>>> d = tempfile.mkdtemp()
>>> case = os.path.join(d, "c.duckdb")
>>> out = os.path.join(d, "plan.csv")
>>> _ = open(out, "w").write("a,b\\n1,2\\n")
>>> _ = log_access(case, "read", command="netwerk plan", analyst="ana")
>>> e = log_output(case, out, command="netwerk plan", edition="partner:gemeente", analyst="ana")
>>> recipient_register(case)[["recipient", "edition"]].values.tolist()
[['gemeente', 'partner:gemeente']]
>>> verify_access_log(case)
[]
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from ..errors import Reason, StoreError
from ..i18n import N_, _
from ..provenance import file_sha256
from .editions import Edition, parse_edition
from .record import current_analyst

__all__ = ["ACTIONS", "ACTION_LABELS", "GENESIS", "log_access", "log_entries", "log_output", "log_outputs",
           "read_access_log",
           "verify_access_log", "recipient_register", "recorded_outputs"]

#: What an entry records.
ACTIONS = ("read", "write", "record", "decide", "close", "purge", "audit")
#: The name users read for each action (Dutch message ids, :mod:`netwerk.i18n`).
ACTION_LABELS = {"read": N_("inzage"), "write": N_("uitvoer"), "record": N_("vastlegging"),
                 "decide": N_("besluit"), "close": N_("sluiting"), "purge": N_("vernietiging"),
                 "audit": N_("controle")}
#: ``prev_hash`` of the first entry.
GENESIS = "0" * 64

_COLS = ["entry_id", "logged_at", "analyst", "action", "command", "what", "edition", "recipient", "path",
         "sha256", "prev_hash", "entry_hash"]


def _entry_hash(prev: str, fields: list[Any]) -> str:
    payload = json.dumps([prev, *[(v.isoformat() if hasattr(v, "isoformat") else v)
                                   for v in fields]], ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _append(con: duckdb.DuckDBPyConnection, fields: dict[str, Any]) -> int:
    row = con.execute("SELECT entry_id, entry_hash FROM access_log ORDER BY entry_id DESC LIMIT 1"
                      ).fetchone()
    new_id = (int(row[0]) + 1) if row else 1
    prev = row[1] if row else GENESIS
    vals = [new_id, fields["logged_at"], fields["analyst"], fields["action"], fields.get("command"),
            fields.get("what"), fields.get("edition"), fields.get("recipient"), fields.get("path"),
            fields.get("sha256")]
    h = _entry_hash(prev, vals)
    con.execute("INSERT INTO access_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [*vals, prev, h])
    return new_id


def log_access(
    case: str | Path,
    action: str,
    *,
    command: str | None = None,
    what: str | None = None,
    edition: str | Edition | None = None,
    recipient: str | None = None,
    path: str | Path | None = None,
    sha256: str | None = None,
    analyst: str | None = None,
) -> int:
    """Append one entry to the case's access log and return its ``entry_id``.

    Parameters
    ----------
    case : path
        The case store (created when it does not exist, as with every writable open).
    action : str
        One of :data:`ACTIONS`.
    command, what : str, optional
        The command line (``"netwerk map"``) and a short description (``"kaart"``).
    edition : str or Edition, optional
    recipient : str, optional
        Default: the edition's recipient.
    path, sha256 : optional
        The output written (for ``write``).
    analyst : str, optional
        Default: ``$NETWERK_ANALYST`` or the OS user.

    Raises
    ------
    StoreError
        For an unknown action.
    """
    from ..store import connect

    if action not in ACTIONS:
        raise StoreError(_("onbekende handeling '{handeling}' voor het toegangslogboek (bekend: "
                           "{bekend})", handeling=action, bekend=", ".join(ACTIONS)),
                         reason=Reason.INVALID_ARGUMENT)
    ed = parse_edition(edition) if edition else None
    fields = {
        "logged_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
        "analyst": current_analyst(analyst), "action": action, "command": command, "what": what,
        "edition": ed.name if ed else None,
        "recipient": recipient or (ed.recipient if ed else None),
        "path": str(Path(path).resolve()) if path is not None else None, "sha256": sha256,
    }
    with connect(case) as con:
        con.begin()
        try:
            new_id = _append(con, fields)
            con.commit()
        except Exception:
            con.rollback()
            raise
    return new_id


def log_entries(case: str | Path, entries: list[dict[str, Any]], *,
                analyst: str | None = None) -> list[int]:
    """Append several entries in one transaction (one open of the store); returns their ids.

    Each entry is a dict with ``action`` and optionally ``command``, ``what``, ``edition``,
    ``recipient``, ``path``, ``sha256`` (as :func:`log_access`).
    """
    from ..store import connect

    who = current_analyst(analyst)
    rows = []
    for e in entries:
        if e["action"] not in ACTIONS:
            raise StoreError(_("onbekende handeling '{handeling}' voor het toegangslogboek "
                               "(bekend: {bekend})", handeling=e["action"],
                               bekend=", ".join(ACTIONS)), reason=Reason.INVALID_ARGUMENT)
        ed = parse_edition(e["edition"]) if e.get("edition") else None
        rows.append({
            "logged_at": dt.datetime.now(dt.UTC).replace(tzinfo=None), "analyst": who,
            "action": e["action"], "command": e.get("command"), "what": e.get("what"),
            "edition": ed.name if ed else None,
            "recipient": e.get("recipient") or (ed.recipient if ed else None),
            "path": str(Path(e["path"]).resolve()) if e.get("path") is not None else None,
            "sha256": e.get("sha256"),
        })
    with connect(case) as con:
        con.begin()
        try:
            ids = [_append(con, r) for r in rows]
            con.commit()
        except Exception:
            con.rollback()
            raise
    return ids


def log_output(case: str | Path, path: str | Path, *, command: str | None = None,
               what: str | None = None, edition: str | Edition | None = None,
               recipient: str | None = None, analyst: str | None = None) -> int:
    """Record one written output with its SHA-256 (``action="write"``)."""
    p = Path(path)
    return log_access(case, "write", command=command, what=what or p.name, edition=edition,
                      recipient=recipient, path=p, sha256=file_sha256(p), analyst=analyst)


def log_outputs(case: str | Path, paths: Iterable[str | Path], *, command: str | None = None,
                edition: str | Edition | None = None, recipient: str | None = None,
                analyst: str | None = None, what: str | None = None) -> list[int]:
    """:func:`log_output` for several files in one transaction (in the order given)."""
    entries = [{"action": "write", "command": command, "what": what or Path(p).name,
                "edition": edition, "recipient": recipient, "path": p,
                "sha256": file_sha256(p)} for p in paths]
    return log_entries(case, entries, analyst=analyst)


def read_access_log(case: str | Path) -> pd.DataFrame:
    """The whole access log, oldest first (empty for a store without one)."""
    from ..store import connect

    with connect(case, read_only=True) as con:
        try:
            return con.execute("SELECT * FROM access_log ORDER BY entry_id").df()
        except duckdb.CatalogException:
            return pd.DataFrame(columns=_COLS)


def verify_access_log(case: str | Path) -> list[str]:
    """Check the hash chain; return one message per broken entry (empty when intact).

    Detects an entry whose content was changed (its hash no longer matches), and an entry removed
    or inserted (the next entry's ``prev_hash`` no longer matches, or ids skip).
    """
    log = read_access_log(case)
    problems = []
    prev = GENESIS
    expected_id = 1
    for r in log.to_dict("records"):
        vals = [r["entry_id"], r["logged_at"].to_pydatetime()
                if hasattr(r["logged_at"], "to_pydatetime") else r["logged_at"]] + [None if pd.isna(r[c]) else r[c] for c in
                                  ("analyst", "action", "command", "what", "edition", "recipient",
                                   "path", "sha256")]
        if int(r["entry_id"]) != expected_id:
            problems.append(f"entry {r['entry_id']}: expected entry {expected_id} (entries removed)")
        if r["prev_hash"] != prev:
            problems.append(f"entry {r['entry_id']}: previous-entry hash does not match "
                            "(an earlier entry was changed or removed)")
        if _entry_hash(r["prev_hash"], vals) != r["entry_hash"]:
            problems.append(f"entry {r['entry_id']}: content does not match its hash (changed)")
        prev = r["entry_hash"]
        expected_id = int(r["entry_id"]) + 1
    return problems


def recipient_register(case: str | Path) -> pd.DataFrame:
    """Which recipient received which output: every ``write`` entry with an edition.

    Returns
    -------
    DataFrame
        Columns ``logged_at, recipient, edition, what, path, sha256, analyst, command``, oldest first.
    """
    log = read_access_log(case)
    cols = ["logged_at", "recipient", "edition", "what", "path", "sha256", "analyst", "command"]
    w = log[(log["action"] == "write") & log["edition"].notna()]
    return w[cols].reset_index(drop=True)


def recorded_outputs(case: str | Path) -> pd.DataFrame:
    """Every output file the log records, once per path, with every SHA-256 it was written with.

    Returns
    -------
    DataFrame
        Columns ``path`` and ``sha256`` (list of hashes, oldest first), sorted by path.
    """
    log = read_access_log(case)
    w = log[(log["action"] == "write") & log["path"].notna()]
    if not len(w):
        return pd.DataFrame({"path": pd.Series(dtype=object), "sha256": pd.Series(dtype=object)})
    g = w.groupby("path", sort=True)["sha256"].agg(lambda s: list(dict.fromkeys(s.dropna())))
    return g.reset_index()
