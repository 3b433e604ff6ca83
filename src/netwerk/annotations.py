"""Analysts' notes on nodes: written on the offline map, exported as JSON, imported into the case.

The map page keeps notes in memory only (it writes nothing by itself); "Notities exporteren"
downloads a small JSON file::

    {"format": "netwerk-notes", "version": 1, "map_title": "...", "map_date": "2026-11-30",
     "exported_at": "...", "notes": [{"node": "BSN-<24 hex>", "alias": "P01",
                                      "text": "...", "written_at": "2026-11-30T14:02:00Z"}]}

:func:`import_annotations` (``netwerk annotate import CASE FILE.json``) checks every note and
appends the good ones to the case store's ``annotations`` table; every note it does not import
comes back with its place in the file and the reason (nothing lost in silence). Importing the same
file twice adds nothing the second time. A note that looks like it holds a raw identifier (a BSN,
an IBAN, a postcode with house number, a licence plate, a phone number, or a pattern of the
case's specs) is refused: notes live in the case, and the case holds pseudonyms only. A map title
that holds one refuses the whole file (it would be stored with every note). The notes file's name
is stored and shown with raw identifiers masked (:func:`netwerk.privacy.mask_name`): file names
are partner data too.

Serves "room for the good conversation": what the case meeting said about a node is kept with the
case, next to the analysis.

Examples
--------
>>> import json, os, tempfile
>>> from netwerk.datasets import sample_case
>>> folder = tempfile.mkdtemp()
>>> store = sample_case("hennep-oost", folder)
>>> node = read_node_ids(store)[0]
>>> doc = {"format": "netwerk-notes", "version": 1, "notes": [
...     {"node": node, "text": "Volgens de wijkagent verhuisd", "written_at": "2026-11-30T10:00:00Z"},
...     {"node": "BSN-" + "0" * 24, "text": "onbekend knooppunt"}]}
>>> path = os.path.join(folder, "notes.json")
>>> _ = open(path, "w", encoding="utf-8").write(json.dumps(doc))
>>> res = import_annotations(store, path)
>>> res.imported, [r["reason"] for r in res.rejected]
(1, ['unknown_node'])
>>> import_annotations(store, path).imported     # the same file again adds nothing
0
>>> read_annotations(store)[["text"]].to_dict("records")
[{'text': 'Volgens de wijkagent verhuisd'}]
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import InputError, Reason, cause_text
from .i18n import _

__all__ = ["NOTES_FORMAT", "MAX_NOTE_LENGTH", "AnnotationImport", "import_annotations",
           "read_annotations", "read_node_ids"]

#: The ``format`` field of an exported notes file.
NOTES_FORMAT = "netwerk-notes"
#: Longest note accepted (characters).
MAX_NOTE_LENGTH = 4000
_COLUMNS = ["annotation_id", "node_id", "text", "written_at", "source", "map_title", "imported_at"]


@dataclass(frozen=True)
class AnnotationImport:
    """What :func:`import_annotations` did.

    Attributes
    ----------
    imported : int
        Notes appended to the case.
    duplicates : int
        Notes already in the case (same node, text and time), skipped.
    rejected : list of dict
        ``{"note": position in the file (1-based), "node", "reason", "detail"}`` per refused note.
    total : int
        Notes in the file (= imported + duplicates + rejected).
    """

    imported: int
    duplicates: int
    rejected: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0


def read_node_ids(case: str | Path) -> list[str]:
    """The node ids of a case store, sorted."""
    from .store import connect

    with connect(case, read_only=True) as con:
        return [r[0] for r in con.execute("SELECT DISTINCT node_id FROM nodes ORDER BY 1").fetchall()]


def _parse_time(value: Any) -> dt.datetime | None:
    if value in (None, ""):
        return None
    try:
        t = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    if t.tzinfo is not None:
        t = t.astimezone(dt.UTC).replace(tzinfo=None)
    return t


def _shown(path: Path, extra=None) -> str:
    """The notes file as messages name it: raw identifiers in its name masked (with ``extra``,
    the case's spec patterns, too)."""
    from .privacy import mask_name

    return mask_name(str(path), extra)


def _load(path: Path, extra=None) -> dict[str, Any]:
    if not path.exists():
        raise InputError(_("notitiebestand niet gevonden"), reason=Reason.FILE_NOT_FOUND,
                         file=_shown(path, extra))
    try:
        doc = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(_("geen JSON-notitiebestand uit een netwerk-kaart ({oorzaak})",
                           oorzaak=cause_text(exc)),
                         reason=Reason.UNREADABLE_FILE, file=_shown(path, extra)) from exc
    if not isinstance(doc, dict) or doc.get("format") != NOTES_FORMAT:
        raise InputError(_("geen notitiebestand van netwerk: 'format' moet '{formaat}' zijn",
                           formaat=NOTES_FORMAT),
                         reason=Reason.INVALID_ARGUMENT, file=_shown(path, extra))
    if doc.get("version") != 1:
        raise InputError(_("versie {versie!r} van het notitiebestand wordt niet ondersteund (1)",
                           versie=doc.get("version")),
                         reason=Reason.INVALID_ARGUMENT, file=_shown(path, extra))
    if not isinstance(doc.get("notes"), list):
        raise InputError(_("een notitiebestand heeft een lijst 'notes' nodig"),
                         reason=Reason.INVALID_ARGUMENT,
                         file=_shown(path, extra))
    return doc


def import_annotations(case: str | Path, path: str | Path, *, extra=None) -> AnnotationImport:
    """Import a notes file exported from a map into the case store.

    Parameters
    ----------
    case : path
        The case store (``CASE.duckdb``).
    path : path
        The JSON file the map's "Notities exporteren" wrote.
    extra : mapping of label -> compiled pattern, optional
        The ``raw_patterns`` of the case's specs (:func:`netwerk.privacy.compile_patterns`),
        checked with the built-in detectors in the title and every note.

    Returns
    -------
    AnnotationImport

    Raises
    ------
    InputError
        The file is missing, not JSON, or not a netwerk notes file (version 1).
    LeakError
        The file's ``map_title`` holds a raw identifier (named as ``map_title`` with the value's
        shape); nothing is imported.
    StoreError
        The case store cannot be opened.
    """
    from .privacy import (
        check_entered_text,
        find_raw_identifiers,
        kind_label,
        mask_name,
        patterns_for,
    )
    from .store import connect, next_id

    p = Path(path)
    extra = patterns_for(case, extra)  # the spec patterns of the case (police numbers, ...)
    doc = _load(p, extra)
    title = str(doc.get("map_title") or "")[:200] or None
    check_entered_text([("map_title", doc.get("map_title"))], extra=extra,
                       file=_shown(p, extra))
    known = set(read_node_ids(case))
    rejected: list[dict[str, Any]] = []
    good: list[tuple[str, str, dt.datetime | None]] = []
    for i, note in enumerate(doc["notes"], 1):
        if not isinstance(note, dict):
            rejected.append({"note": i, "node": None, "reason": Reason.INVALID_ARGUMENT.value,
                             "detail": _("geen notitie-object")})
            continue
        node = str(note.get("node") or "")
        text = str(note.get("text") or "").replace("\r\n", "\n").strip()
        why = None
        if node not in known:
            why = (Reason.UNKNOWN_NODE, _("knooppunt hoort niet bij deze casus"))
        elif not text:
            why = (Reason.INVALID_ARGUMENT, _("lege notitie"))
        elif len(text) > MAX_NOTE_LENGTH:
            why = (Reason.INVALID_ARGUMENT, _("langer dan {n} tekens", n=MAX_NOTE_LENGTH))
        else:
            hits = find_raw_identifiers(text, extra)
            if hits:
                why = (Reason.RAW_IDENTIFIER,
                       _("lijkt een echt identificerend gegeven te bevatten ({soort}); gebruik "
                         "de kaartnaam", soort=", ".join(sorted({kind_label(k)
                                                                 for k, _v in hits}))))
        if why:
            rejected.append({"note": i, "node": node or None, "reason": why[0].value,
                             "detail": why[1]})
            continue
        good.append((node, text, _parse_time(note.get("written_at"))))
    imported = dups = 0
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with connect(case) as con:
        con.begin()
        try:
            have = {(r[0], r[1], r[2]) for r in con.execute(
                "SELECT node_id, text, written_at FROM annotations").fetchall()}
            for node, text, when in good:
                if (node, text, when) in have:
                    dups += 1
                    continue
                new_id = next_id(con, "annotations", "annotation_id")
                con.execute("INSERT INTO annotations VALUES (?, ?, ?, ?, ?, ?, ?)",
                            [new_id, node, text, when, mask_name(p.name, extra), title, now])
                have.add((node, text, when))
                imported += 1
            con.commit()
        except Exception:
            con.rollback()
            raise
    return AnnotationImport(imported=imported, duplicates=dups, rejected=rejected,
                            total=len(doc["notes"]))


def read_annotations(case: str | Path) -> pd.DataFrame:
    """The notes of a case, oldest first (columns ``annotation_id, node_id, text, written_at,
    source, map_title, imported_at``); empty for a store made before notes existed."""
    from .store import connect

    with connect(case, read_only=True) as con:
        tables = {r[0] for r in con.execute("SHOW TABLES").fetchall()}
        if "annotations" not in tables:
            return pd.DataFrame(columns=_COLUMNS)
        return con.execute("SELECT * FROM annotations ORDER BY annotation_id").df()
