"""The human decision record of a case: who decided what, on which date, and why.

netwerk supports decisions and makes none (see :data:`netwerk.governance.DECISION_STATEMENT_NL`).
What the partners decide is recorded here (``netwerk decide CASE ...``) and shown in every later
plan, map and report of the case, with the alternatives considered, the reasons and the
reservations, so the decision rests visibly on people and on source records, not on a score.

References
----------
AVG art. 22(3) (human intervention), Wpg art. 7a; decision-layer review §5.3 and §4 (decision field).

Examples
--------
>>> import tempfile, os
>>> case = os.path.join(tempfile.mkdtemp(), "c.duckdb")
>>> record_decision(case, decided_by="casusoverleg 12 mei (voorzitter: burgemeester)",
...                 decided_on="2026-05-12", decision="Gemeente start Bibob-onderzoek pand X.",
...                 reasons="Brongegevens KvK en Kadaster; zie actieplan #3.",
...                 alternatives="Bestuurlijke waarschuwing", analyst="ana")
1
>>> read_decisions(case)["decided_by"].tolist()
['casusoverleg 12 mei (voorzitter: burgemeester)']
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd

from ..errors import Reason
from ..i18n import _
from ..privacy import check_entered_text
from .record import LawfulUseError, _date, current_analyst

__all__ = ["record_decision", "read_decisions"]


def record_decision(case: str | Path, *, decided_by: str, decided_on: str | dt.date,
                    decision: str, reasons: str, alternatives: str = "", reservations: str = "",
                    analyst: str | None = None, extra=None) -> int:
    """Append one human decision to the case and return its ``decision_id``.

    Every text (who decided, the date as typed, the decision, reasons, alternatives,
    reservations, the analyst) is checked for raw identifiers before anything is written: a
    decision is shown in every later plan, map and report, so it names subjects by pseudonym or
    alias only.

    Parameters
    ----------
    extra : mapping of label -> compiled pattern, optional
        The ``raw_patterns`` of the case's specs (:func:`netwerk.privacy.compile_patterns`).

    Raises
    ------
    LawfulUseError
        When ``decided_by``, ``decision`` or ``reasons`` is empty or the date is not ISO.
    LeakError
        A text holds a raw identifier (named by its option, ``--decision``, with the value's
        shape, never the value); nothing is recorded.

    Examples
    --------
    >>> import tempfile, os
    >>> case = os.path.join(tempfile.mkdtemp(), "c.duckdb")
    >>> try:
    ...     record_decision(case, decided_by="stuurgroep", decided_on="2026-05-12",
    ...                     decision="Aanpak kenteken 6-VSP-01", reasons="zie actieplan")
    ... except Exception as exc:
    ...     print(exc.reason, os.path.exists(case))
    raw_identifier False
    """
    from ..privacy import patterns_for

    extra = patterns_for(case, extra)  # the spec patterns of the case, unless given
    from ..store import connect, next_id

    check_entered_text([("--by", decided_by),
                        ("--on", decided_on if isinstance(decided_on, str) else None),
                        ("--decision", decision), ("--reasons", reasons),
                        ("--alternatives", alternatives), ("--reservations", reservations),
                        ("--analyst", analyst)], extra=extra, file=str(case))

    for name, val in (("decided_by", decided_by), ("decision", decision), ("reasons", reasons)):
        if not str(val or "").strip():
            raise LawfulUseError(_("een vastgelegd besluit heeft '{veld}' nodig", veld=name),
                                 reason=Reason.INVALID_ARGUMENT)
    day = _date(decided_on, _("besluitdatum"))
    if day is None:
        raise LawfulUseError(_("een vastgelegd besluit heeft '{veld}' nodig", veld="decided_on"),
                             reason=Reason.INVALID_ARGUMENT)
    with connect(case) as con:
        new_id = next_id(con, "decisions", "decision_id")
        con.execute("INSERT INTO decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [new_id, decided_by.strip(), day, decision.strip(), alternatives.strip() or None,
                     reasons.strip(), reservations.strip() or None, current_analyst(analyst),
                     dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)])
    return new_id


def read_decisions(case: str | Path) -> pd.DataFrame:
    """Every decision recorded for the case, oldest first (empty without any)."""
    from ..store import connect

    cols = ["decision_id", "decided_by", "decided_on", "decision", "alternatives", "reasons",
            "reservations", "recorded_by", "recorded_at"]
    with connect(case, read_only=True) as con:
        try:
            df = con.execute("SELECT * FROM decisions ORDER BY decision_id").df()
        except duckdb.CatalogException:
            return pd.DataFrame(columns=cols)
    return df.astype(object).where(df.notna(), None)
