"""One governed use of a case: check, log the read, mark and log every output.

:func:`govern` is what a command (or ``Case.write``) calls once per run::

    gov = govern("hennep-oost.duckdb", edition="stuurgroep", command="netwerk report")
    ...  # build the edition's tables with netwerk.governance.editions, write files
    gov.finish(paths)   # marks every file and logs it with its SHA-256

It checks that the case may be processed (:func:`~netwerk.governance.record.check_lawful`), records
the read in the access log, and carries the edition, marking text and decision statement (with the
case's recorded decisions) that the writers put on each output.

Examples
--------
>>> import tempfile, os
>>> d = tempfile.mkdtemp()
>>> case = os.path.join(d, "c.duckdb")
>>> from netwerk.governance.record import init_case
>>> _ = init_case(case, training=True, retention_until="2099-01-01", analyst="ana")
>>> gov = govern(case, edition="stuurgroep", command="netwerk report", analyst="ana")
>>> out = os.path.join(d, "r.md")
>>> _ = open(out, "w").write("# Rapport\\n")
>>> [p.name for p, _ in gov.finish([out])]
['r.md']
>>> open(out).read().startswith("> **Oefening")
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import NetwerkError
from ..i18n import _
from ..provenance import file_sha256
from .access import log_access, log_entries
from .decisions import read_decisions
from .editions import Edition, bind_edition, parse_edition, store_partners
from .marking import MARKABLE_SUFFIXES, decision_statement, mark_file, marking_text
from .record import CaseRecord, check_lawful, current_analyst

__all__ = ["Governance", "govern", "govern_many"]

#: Classification levels from least to most restrictive (a multi-case output takes the highest).
_LEVELS = ("Oefening", "Vertrouwelijk", "Departementaal vertrouwelijk", "Stg. Confidentieel",
           "Stg. Geheim")


@dataclass
class Governance:
    """The lawful-use context of one command run on one case."""

    case: Path
    record: CaseRecord
    edition: Edition
    command: str
    analyst: str
    marking: str
    statement: list[str]
    written: list[tuple[Path, str]] = field(default_factory=list)
    #: Further cases of a multi-case output (the case-selection report): logged in each.
    others: list[Path] = field(default_factory=list)

    def mark(self, path: str | Path) -> Path:
        """Put the marking (and the decision statement) on one file, if its kind can carry it."""
        p = Path(path)
        if p.suffix.lower() in MARKABLE_SUFFIXES:
            mark_file(p, self.marking, statement=self.statement)
        return p

    def finish(self, paths: Iterable[str | Path], *, what: str | None = None,
               mark: bool = True) -> list[tuple[Path, str]]:
        """Mark each file and append it to the access log with its SHA-256.

        Returns the ``(path, sha256)`` of each file, in the order given. Files are hashed after
        marking, so the log holds the hash of what the recipient gets.
        """
        out = []
        for p in paths:
            p = Path(p)
            if mark:
                self.mark(p)
            out.append((p, file_sha256(p)))
        entries = [{"action": "write", "command": self.command, "what": what or p.name,
                    "edition": self.edition, "path": p, "sha256": h} for p, h in out]
        for case in (self.case, *self.others):  # one transaction per case
            log_entries(case, entries, analyst=self.analyst)
        self.written.extend(out)
        return out

    def provenance(self) -> dict[str, Any]:
        """What a provenance record says about lawful use (record, edition, marking, analyst)."""
        return {"case_record": self.record.as_dict(), "edition": self.edition.name,
                "recipient": self.edition.recipient, "marking": self.marking,
                "analyst": self.analyst, "decision_statement": self.statement[0]}


def _bind_partner(ed: Edition, partners) -> Edition:
    """A partner edition checked as the catalogue types the partner, then against the data."""
    from ..interventions.catalogue import default_catalogue
    from .publish import check_partner_kind

    check_partner_kind(ed, default_catalogue())  # 'partner:bank' -> use private:bank
    return bind_edition(ed, partners)


def govern(case: str | Path, *, edition: str | Edition | None = None, audience: str | None = None,
           command: str, analyst: str | None = None, what: str | None = None,
           allow_closed: bool = False, today: dt.date | None = None,
           check_partner: bool = True) -> Governance:
    """Check the case, log the read, and return the :class:`Governance` of this run.

    A ``partner:NAME`` edition is checked against the partners of the store
    (:func:`~netwerk.governance.editions.bind_edition`) before anything is logged or written;
    ``check_partner=False`` leaves that to the caller (:func:`govern_many` checks it over all
    cases at once).

    Raises
    ------
    LawfulUseError
        From :func:`~netwerk.governance.record.check_lawful`.
    ConfigError
        For an unknown edition, or a partner edition whose partner supplied nothing to the case.
    """
    ed = parse_edition(edition, audience=audience)
    rec = check_lawful(case, today=today, allow_closed=allow_closed)
    if check_partner and ed.kind == "partner":
        ed = _bind_partner(ed, store_partners(case))
    who = current_analyst(analyst)
    log_access(case, "read", command=command, what=what or "case store", edition=ed,
               analyst=who)
    statement = decision_statement(read_decisions(case))
    marking = marking_text(rec, ed, on=today)
    _guard_case_texts(case, rec, marking, statement)
    return Governance(case=Path(case), record=rec, edition=ed, command=command, analyst=who,
                      marking=marking, statement=statement)


def _guard_case_texts(case: str | Path, rec: CaseRecord, marking: str,
                      statement: list[str]) -> None:
    """Before anything is written: the case's spec patterns join the output guard of this run
    (:func:`netwerk.guard.guarded_output`), and the texts every output of the case carries (the
    case file name, marking line, decision statement, case record) must hold no raw identifier.

    Raises
    ------
    LeakError
        Naming the field and the identifier kind, with advice to correct the case record (or
        rename the case file); the value itself is never repeated.
    """
    from ..guard import add_patterns, check_no_raw_identifiers
    from ..privacy import case_patterns, mask_name

    pats = case_patterns(case)
    add_patterns(pats)
    what = _("de uitvoer van casus {naam}", naam=mask_name(Path(case).name, pats))
    check_no_raw_identifiers([(_("bestandsnaam van de casus"), Path(case).stem.replace("_", " "))],
                             what=what, extra=pats, source="name")
    fields = [(_("casusgegevens, {veld}", veld=k), v) for k, v in rec.as_dict().items()
              if isinstance(v, str)]
    check_no_raw_identifiers([(_("rubricering"), marking),
                              *((_("besluiten"), s) for s in statement), *fields],
                             what=what, extra=pats, source="case")


def govern_many(cases: list[str | Path], *, edition: str | Edition | None = None,
                audience: str | None = None, command: str, analyst: str | None = None,
                allow_closed: bool = False, today: dt.date | None = None,
                on_error: Callable[[str | Path, Exception], None] | None = None
                ) -> Governance | None:
    """:func:`govern` for an output made from several cases (the case-selection report).

    Every case is checked and its read logged; the marking names every case and takes the most
    restrictive classification; :meth:`Governance.finish` logs each output in every case's log.
    The decision statement lists the decisions of every case, prefixed with the case name.

    With ``on_error``, a case that may not be processed or cannot be read is passed to
    ``on_error(case, error)`` and left out (the batch goes on); ``None`` is returned when no case
    is left.

    A ``partner:NAME`` edition must name a partner of at least one of the cases; otherwise the
    edition itself is wrong and :class:`~netwerk.errors.ConfigError` is raised before any case is
    logged, even with ``on_error``.

    Raises
    ------
    LawfulUseError
        If any case may not be processed (the message names it) and no ``on_error`` is given.
    ConfigError
        For an unknown edition, or a partner edition whose partner supplied nothing to any case.
    """
    import dataclasses

    import pandas as pd

    if not cases:
        raise ValueError(_("govern_many vraagt minstens één casus"))
    edition = parse_edition(edition, audience=audience)
    audience = None
    if edition.kind == "partner":
        partners: set[str] = set()
        readable = False
        for c in cases:
            try:  # only cases that may be processed are read; the others are refused below
                check_lawful(c, today=today, allow_closed=allow_closed)
                partners.update(store_partners(c))
                readable = True
            except Exception:  # noqa: BLE001 - govern below refuses it with its own message
                continue
        if readable:
            edition = _bind_partner(edition, partners)
    govs = []
    for c in cases:
        try:
            govs.append(govern(c, edition=edition, audience=audience, command=command,
                               analyst=analyst, allow_closed=allow_closed, today=today,
                               check_partner=False))
        except NetwerkError as exc:
            if on_error is None:
                raise
            on_error(c, exc)
    if not govs:
        return None
    if len(govs) == 1:
        return govs[0]
    recs = [g.record for g in govs]
    level = max((r.classification for r in recs),
                key=lambda c: _LEVELS.index(c) if c in _LEVELS else len(_LEVELS))
    combined = dataclasses.replace(recs[0], case_name=", ".join(r.case_name for r in recs),
                                   classification=level, training=all(r.training for r in recs))
    decs = []
    for g in govs:
        d = read_decisions(g.case)
        if len(d):
            d = d.assign(decided_by=[f"{g.record.case_name}: {x}" for x in d["decided_by"]])
            decs.append(d)
    statement = decision_statement(pd.concat(decs, ignore_index=True) if decs else None)
    first = govs[0]
    return Governance(case=first.case, record=combined, edition=first.edition, command=command,
                      analyst=first.analyst, marking=marking_text(combined, first.edition, on=today),
                      statement=statement, others=[g.case for g in govs[1:]])
