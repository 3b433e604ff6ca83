"""The intervention log of a case: what was done, by whom, to whom, with what result.

Columns of ``interventions``: ``intervention_id`` (assigned), ``action_id`` (the action-plan item or
catalogue instrument), ``target`` (node id), ``partner``, ``date``, ``status`` (e.g. planned,
running, done, dropped), ``result``, ``notes``, ``recorded_at`` (assigned). Records are appended;
the latest record per ``action_id`` is its current state.

Examples
--------
>>> import tempfile, os
>>> case = os.path.join(tempfile.mkdtemp(), "case.duckdb")
>>> record_intervention(case, action_id="A1", target="BSN-" + "0" * 24, partner="gemeente",
...                     date="2026-01-15", status="done", result="pand gesloten")
1
>>> read_interventions(case)[["action_id", "status"]].to_dict("records")
[{'action_id': 'A1', 'status': 'done'}]
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from ..errors import Reason, StoreError
from ..i18n import _
from ..privacy import check_entered_text
from .casestore import connect, next_id

__all__ = ["INTERVENTION_FIELDS", "INTERVENTION_OPTIONS", "record_intervention",
           "read_interventions"]

#: Fields a caller may give to :func:`record_intervention`.
INTERVENTION_FIELDS = ("action_id", "target", "partner", "date", "status", "result", "notes")
#: The option of ``netwerk log`` each field is typed with (named in refusals)
INTERVENTION_OPTIONS = {"action_id": "--action", "target": "--target", "partner": "--partner",
                        "date": "--date", "status": "--status", "result": "--result",
                        "notes": "--notes"}


def _as_date(value) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise StoreError(_("interventiedatum '{datum}' is geen ISO-datum (JJJJ-MM-DD)", datum=value),
                         reason=Reason.UNPARSABLE_DATE) from exc


def record_intervention(case: str | Path, *, extra=None, **fields) -> int:
    """Append one record to the intervention log.

    Parameters
    ----------
    case : str or Path
        The case store.
    extra : mapping of label -> compiled pattern, optional
        The ``raw_patterns`` of the case's specs (:func:`netwerk.privacy.compile_patterns`).
    **fields
        ``action_id`` (required), ``status`` (required), and optionally ``target``, ``partner``,
        ``date`` (ISO string or date), ``result``, ``notes``.

    Returns
    -------
    int
        The new ``intervention_id``.

    Raises
    ------
    StoreError
        An unknown field, a missing ``action_id`` or ``status``, a date that is not ISO.
    LeakError
        A field holds a raw identifier (a BSN in ``notes``, a phone number in ``result``); the
        message names the field by its ``netwerk log`` option and the value's shape, never the
        value. Nothing is recorded.
    """
    from ..privacy import patterns_for

    extra = patterns_for(case, extra)  # the spec patterns of the case, unless given
    unknown = sorted(set(fields) - set(INTERVENTION_FIELDS))
    if unknown:
        raise StoreError(_("onbekend(e) veld(en) van een interventie: {velden} (bekend: {bekend})",
                           velden=", ".join(unknown), bekend=", ".join(INTERVENTION_FIELDS)),
                         reason=Reason.INVALID_ARGUMENT)
    check_entered_text([(INTERVENTION_OPTIONS[k], v) for k, v in fields.items()
                        if not isinstance(v, dt.date)], extra=extra, file=str(case))
    for req in ("action_id", "status"):
        if not fields.get(req):
            raise StoreError(_("een interventieregel heeft '{veld}' nodig", veld=req), reason=Reason.INVALID_ARGUMENT)
    with connect(case) as con:
        con.begin()
        try:
            new_id = next_id(con, "interventions", "intervention_id")
            con.execute(
                "INSERT INTO interventions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    new_id,
                    str(fields["action_id"]),
                    fields.get("target"),
                    fields.get("partner"),
                    _as_date(fields.get("date")),
                    str(fields["status"]),
                    fields.get("result"),
                    fields.get("notes"),
                    dt.datetime.now(dt.UTC).replace(tzinfo=None),
                ],
            )
            con.commit()
        except Exception:
            con.rollback()
            raise
    return new_id


def read_interventions(case: str | Path) -> pd.DataFrame:
    """The whole intervention log, oldest first (columns as in the module docstring)."""
    with connect(case, read_only=True) as con:
        df = con.execute("SELECT * FROM interventions ORDER BY intervention_id").df()
    return df
