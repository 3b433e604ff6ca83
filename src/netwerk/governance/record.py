"""The case record: why, on what legal basis and until when a RIEC case may be processed.

Since 1 March 2025 RIEC processing rests on the *Wet gegevensverwerking door
samenwerkingsverbanden* (WGS, Stb. 2024, 198) and its Besluit (Stb. 2024, 380). A case may only be
processed for a recorded purpose (the RIEC task and the *zwaarwegend algemeen belang*), on a
recorded legal basis (the WGS article; per partner its own provision ground), after a recorded start
decision (who selected the signal, when, why), by the participating partners, until the retention
date. :func:`check_lawful` is the gate every analysis passes: it refuses a case without purpose and
legal basis unless the case is explicitly a training/demo case (synthetic data).

The record lives in the case store's ``case_record`` table, one row per version (the latest is
current), so a change of purpose or retention is itself on record.

Examples
--------
>>> import tempfile, os, datetime as dt
>>> case = os.path.join(tempfile.mkdtemp(), "oefen.duckdb")
>>> rec = init_case(case, training=True, retention_until=dt.date(2030, 1, 1), analyst="ana")
>>> check_lawful(case).training
True
>>> close_case(case, analyst="ana").status
'closed'
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import logging
import os
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import duckdb

from ..errors import NetwerkError, Reason, StoreError
from ..i18n import _
from ..privacy import check_entered_text, mask_name

__all__ = [
    "CaseRecord",
    "LawfulUseError",
    "CLASSIFICATIONS",
    "TRAINING_PURPOSE",
    "current_analyst",
    "read_case_record",
    "write_case_record",
    "init_case",
    "close_case",
    "check_lawful",
    "is_lawful",
]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

#: Classification levels a case record may carry (BIR 2012 / Rijksoverheid usage).
CLASSIFICATIONS = ("Vertrouwelijk", "Departementaal vertrouwelijk", "Stg. Confidentieel",
                   "Stg. Geheim", "Oefening")

#: Purpose recorded for a training/demo case on synthetic data.
TRAINING_PURPOSE = ("Oefen- en democasus op synthetische gegevens (geen persoonsgegevens); "
                    "geen RIEC-taak, geen besluitvorming.")


class LawfulUseError(NetwerkError):
    """A case may not be processed (no purpose or legal basis, closed, or past retention)."""

    default_reason = Reason.NO_LAWFUL_BASIS


def current_analyst(analyst: str | None = None) -> str:
    """Who is acting: ``analyst`` if given, else ``$NETWERK_ANALYST``, else the OS user.

    Examples
    --------
    >>> current_analyst("j.jansen")
    'j.jansen'
    """
    if analyst and analyst.strip():
        return analyst.strip()
    env = os.environ.get("NETWERK_ANALYST", "").strip()
    if env:
        return env
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers)
        return f"uid-{os.getuid()}" if hasattr(os, "getuid") else "onbekend"


@dataclass(frozen=True)
class CaseRecord:
    """The lawful-use record of one case.

    Attributes
    ----------
    case_name : str
    purpose : str
        The RIEC task the processing serves.
    public_interest : str
        The *zwaarwegend algemeen belang* that justifies sharing.
    legal_basis : str
        The WGS provision (e.g. ``"WGS art. ... (RIEC-taak)"``); the RIEC fills in the article.
    partner_grounds : dict
        Partner -> its own provision ground (e.g. ``{"politie": "art. 20 Wpg"}``).
    start_by, start_on, start_reason :
        The start decision: who selected the signal, when, why.
    partners : tuple of str
        Participating partners.
    classification : str
        One of :data:`CLASSIFICATIONS`.
    retention_until : date or None
        After this date the case must be purged (:func:`netwerk.governance.purge_case`).
    status : str
        ``"open"`` or ``"closed"``.
    training : bool
        A training/demo case on synthetic data: analyses run without purpose and legal basis.
    version : int
        Version of the record in the store (0 before it is written).
    """

    case_name: str
    purpose: str = ""
    public_interest: str = ""
    legal_basis: str = ""
    partner_grounds: dict[str, str] = field(default_factory=dict)
    start_by: str = ""
    start_on: dt.date | None = None
    start_reason: str = ""
    partners: tuple[str, ...] = ()
    classification: str = "Vertrouwelijk"
    retention_until: dt.date | None = None
    status: str = "open"
    training: bool = False
    version: int = 0
    recorded_by: str = ""
    recorded_at: dt.datetime | None = None

    def missing(self) -> list[str]:
        """The fields a non-training case still needs before analysis (empty when complete)."""
        need = []
        if not self.purpose.strip():
            need.append("purpose")
        if not self.legal_basis.strip():
            need.append("legal basis")
        return need

    def as_dict(self) -> dict[str, Any]:
        """JSON-able form (dates as ISO strings), e.g. for a provenance record."""
        d = asdict(self)
        for k in ("start_on", "retention_until", "recorded_at"):
            d[k] = d[k].isoformat() if d[k] is not None else None
        d["partners"] = list(self.partners)
        return d


def _date(value: Any, what: str) -> dt.date | None:
    """An ISO date (or ``None`` for empty), with the store's date rule; a clear error naming
    ``what`` otherwise."""
    from ..store.interventions import _as_date

    try:
        return _as_date(value)
    except StoreError as exc:
        raise LawfulUseError(_("{wat} '{waarde}' is geen ISO-datum (JJJJ-MM-DD)", wat=what,
                               waarde=value), reason=Reason.UNPARSABLE_DATE) from exc


def _check(rec: CaseRecord) -> None:
    if rec.classification not in CLASSIFICATIONS:
        raise LawfulUseError(_("onbekende rubricering '{rubricering}' (bekend: {bekend})",
                               rubricering=rec.classification, bekend=", ".join(CLASSIFICATIONS)),
                             reason=Reason.INVALID_ARGUMENT)
    if rec.status not in ("open", "closed"):
        raise LawfulUseError(_("de status van de casus moet 'open' of 'closed' zijn, niet "
                               "'{status}'", status=rec.status),
                             reason=Reason.INVALID_ARGUMENT)
    if rec.start_on and rec.retention_until and rec.retention_until < rec.start_on:
        raise LawfulUseError(_("de bewaartermijn ({datum}) eindigt voor het startbesluit "
                               "({start})", datum=rec.retention_until, start=rec.start_on),
                             reason=Reason.INVALID_ARGUMENT)
    unknown = sorted(set(rec.partner_grounds) - set(rec.partners)) if rec.partners else []
    if unknown:
        raise LawfulUseError(_("grondslag voor verstrekking gegeven voor partner(s) die niet in "
                               "de casus zitten: {partners}", partners=", ".join(unknown)),
                             reason=Reason.INVALID_ARGUMENT)


def _case_name(path: Path, extra: Any = None) -> str:
    """The default case name: the file name without ``.duckdb``, raw identifiers masked (a file
    named after a subject's BSN must not put the number into the record), also with ``extra``
    (the case's spec patterns)."""
    name = path.name
    return mask_name(name[:-len(".duckdb")] if name.endswith(".duckdb") else path.stem, extra)


#: The text fields of a case record, by the option a user types them with (``netwerk case init``)
_RECORD_OPTIONS = {"case_name": "--name", "purpose": "--purpose",
                   "public_interest": "--public-interest", "legal_basis": "--legal-basis",
                   "start_by": "--start-by", "start_reason": "--start-reason"}


def _record_texts(rec: CaseRecord) -> list[tuple[str, str]]:
    """Every text of a record an analyst typed, named by its option."""
    out = [(opt, getattr(rec, f)) for f, opt in _RECORD_OPTIONS.items()]
    out += [("--partner", p) for p in rec.partners]
    out += [("--ground", f"{k}={v}") for k, v in sorted(rec.partner_grounds.items())]
    return out


def _check_entered(rec: CaseRecord, old: CaseRecord | None, *, analyst: str | None,
                   extra: Any, case: Path) -> None:
    """Refuse raw identifiers in what this version adds to the record (fields already stored in
    an earlier version are not checked again, so an old case can still be closed)."""
    before = set(_record_texts(old)) if old is not None else set()
    new = [(k, v) for k, v in _record_texts(rec) if (k, v) not in before]
    check_entered_text([*new, ("--analyst", analyst)], extra=extra, file=str(case))


def _row_to_record(row: dict[str, Any]) -> CaseRecord:
    def s(k: str) -> str:
        v = row.get(k)
        return "" if v is None else str(v)

    return CaseRecord(
        case_name=s("case_name"), purpose=s("purpose"), public_interest=s("public_interest"),
        legal_basis=s("legal_basis"),
        partner_grounds=json.loads(row["partner_grounds"]) if row.get("partner_grounds") else {},
        start_by=s("start_by"), start_on=row.get("start_on"), start_reason=s("start_reason"),
        partners=tuple(json.loads(row["partners"])) if row.get("partners") else (),
        classification=s("classification"), retention_until=row.get("retention_until"),
        status=s("status"), training=bool(row.get("training")), version=int(row["version"]),
        recorded_by=s("recorded_by"), recorded_at=row.get("recorded_at"),
    )


def _read(con: duckdb.DuckDBPyConnection) -> CaseRecord | None:
    try:
        cur = con.execute("SELECT * FROM case_record ORDER BY version DESC LIMIT 1")
    except duckdb.CatalogException:  # a store from before the lawful-use tables
        return None
    row = cur.fetchone()
    if row is None:
        return None
    cols = [d[0] for d in cur.description]
    return _row_to_record(dict(zip(cols, row, strict=True)))


def read_case_record(case: str | Path) -> CaseRecord | None:
    """The current case record of a store, or ``None`` when none was recorded.

    Raises
    ------
    StoreError
        If the store does not exist or is not a case store.
    """
    from ..store import connect

    with connect(case, read_only=True) as con:
        return _read(con)


def write_case_record(case: str | Path, record: CaseRecord, *, analyst: str | None = None,
                      extra: Any = None) -> CaseRecord:
    """Validate ``record`` and append it as the case's next version; return it as stored.

    Parameters
    ----------
    case : path
        The case store (created when it does not exist).
    record : CaseRecord
    analyst : str, optional
        Who records it (default :func:`current_analyst`).
    extra : mapping of label -> compiled pattern, optional
        The ``raw_patterns`` of the case's specs (:func:`netwerk.privacy.compile_patterns`).

    Raises
    ------
    LawfulUseError
        An invalid classification, status, retention date or partner ground.
    LeakError
        A text field this version adds (name, purpose, start decision, partners, grounds, the
        analyst) holds a raw identifier (:func:`netwerk.privacy.check_entered_text`); nothing
        is written.
    """
    from ..privacy import patterns_for

    extra = patterns_for(case, extra)  # the spec patterns of the case, unless given
    from ..store import connect

    _check(record)
    old = read_case_record(case) if Path(case).exists() else None
    _check_entered(record, old, analyst=analyst, extra=extra, case=Path(case))
    who = current_analyst(analyst)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    with connect(case) as con:
        (mx,) = con.execute("SELECT coalesce(max(version), 0) FROM case_record").fetchone()
        rec = replace(record, version=int(mx) + 1, recorded_by=who, recorded_at=now)
        con.execute(
            "INSERT INTO case_record VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [rec.version, rec.case_name, rec.purpose, rec.public_interest, rec.legal_basis,
             json.dumps(rec.partner_grounds, sort_keys=True, ensure_ascii=False),
             rec.start_by, rec.start_on, rec.start_reason,
             json.dumps(list(rec.partners), ensure_ascii=False), rec.classification,
             rec.retention_until, rec.status, rec.training, rec.recorded_by, rec.recorded_at])
    return rec


def init_case(
    case: str | Path,
    *,
    purpose: str = "",
    public_interest: str = "",
    legal_basis: str = "",
    partner_grounds: dict[str, str] | None = None,
    start_by: str = "",
    start_on: str | dt.date | None = None,
    start_reason: str = "",
    partners: list[str] | tuple[str, ...] = (),
    classification: str | None = None,
    retention_until: str | dt.date | None = None,
    training: bool = False,
    name: str | None = None,
    analyst: str | None = None,
    extra: Any = None,
    crime_type: str | None = None,
) -> CaseRecord:
    """Create or update the case record (creating the store when it does not exist yet).

    Fields not given keep their current value when the case already has a record. A training case
    gets :data:`TRAINING_PURPOSE` and the classification ``"Oefening"`` unless given. Every text
    given is checked for raw identifiers first (with ``extra``, the ``raw_patterns`` of the case's
    specs): a refused field leaves the store as it was (and creates none). Without ``name`` the
    case is named after its file, raw identifiers masked (:func:`netwerk.privacy.mask_name`).

    ``crime_type`` (``netwerk case init --crime-type``) records the case's crime type where
    ``netwerk ingest --crime-type`` records it (``case_info``): a case ingested file by file gets
    its barrier model and its report severity afterwards. A different crime type replaces the one
    recorded, and the log says so; one without a shipped barrier model is recorded with a warning
    (the vital score then leaves out the value chain unless a model is given).

    Returns
    -------
    CaseRecord
        The record as stored.

    Raises
    ------
    LawfulUseError
        For an invalid date, classification or partner ground. A non-training case without
        ``retention_until`` is refused: the store must not live forever.
    LeakError
        A given text (also a date given as text) holds a raw identifier; the message names the
        option and the value's shape, never the value.

    Examples
    --------
    >>> import tempfile, os
    >>> case = os.path.join(tempfile.mkdtemp(), "zaak.duckdb")
    >>> try:
    ...     init_case(case, purpose="Onderzoek naar BSN 123456782", retention_until="2031-01-01")
    ... except Exception as exc:
    ...     print(exc.reason, os.path.exists(case))
    raw_identifier False
    >>> rec = init_case(case, training=True, crime_type="cannabis")
    >>> from netwerk.store import connect, get_info
    >>> with connect(case) as con:
    ...     get_info(con)["crime_type"]
    'cannabis'
    """
    from ..privacy import patterns_for

    extra = patterns_for(case, extra)  # the spec patterns of the case, unless given
    path = Path(case)
    crime_type = crime_type.strip() if crime_type else None
    check_entered_text(
        [("--crime-type", crime_type),
         ("--name", name), ("--purpose", purpose), ("--public-interest", public_interest),
         ("--legal-basis", legal_basis), ("--start-by", start_by),
         ("--start-on", start_on if isinstance(start_on, str) else None),
         ("--start-reason", start_reason), *(("--partner", p) for p in partners),
         *(("--ground", f"{k}={v}") for k, v in (partner_grounds or {}).items()),
         ("--retention-until", retention_until if isinstance(retention_until, str) else None),
         ("--classification", classification), ("--analyst", analyst)],
        extra=extra, file=str(path))
    old = read_case_record(path) if path.exists() else None
    base = old or CaseRecord(case_name=name or _case_name(path, extra))
    given: dict[str, Any] = {
        "purpose": purpose, "public_interest": public_interest, "legal_basis": legal_basis,
        "start_by": start_by, "start_reason": start_reason,
    }
    upd = {k: v for k, v in given.items() if v}
    if name:
        upd["case_name"] = name
    if partner_grounds:
        upd["partner_grounds"] = {**base.partner_grounds, **partner_grounds}
    if partners:
        upd["partners"] = tuple(dict.fromkeys(partners))
    if start_on:
        upd["start_on"] = _date(start_on, _("startdatum"))
    if retention_until:
        upd["retention_until"] = _date(retention_until, _("bewaardatum"))
    if training:
        upd["training"] = True
        upd.setdefault("purpose", base.purpose or TRAINING_PURPOSE)
        upd.setdefault("classification", classification or "Oefening")
    if classification:
        upd["classification"] = classification
    rec = replace(base, **upd, status="open")
    if rec.partners and not rec.partner_grounds and not rec.training:
        log.warning("%s", _("geen grondslag voor verstrekking per partner vastgelegd (geef "
                            "--ground PARTNER=GRONDSLAG)"))
    if rec.retention_until is None:
        if not rec.training:
            raise LawfulUseError(_("een casus heeft een bewaartermijn nodig (--retention-until "
                                   "JJJJ-MM-DD); de casusopslag mag niet eeuwig bestaan"),
                                 reason=Reason.INVALID_ARGUMENT)
        rec = replace(rec, retention_until=dt.date.today() + dt.timedelta(days=365))
    rec = write_case_record(path, rec, analyst=analyst, extra=extra)
    if crime_type:
        _record_crime_type(path, crime_type)
    return rec


def _record_crime_type(case: Path, crime_type: str) -> None:
    """Store ``crime_type`` in ``case_info`` (as ``netwerk ingest --crime-type`` does), saying
    when it replaces another one or has no shipped barrier model."""
    from ..interventions import shipped_models
    from ..store import connect, get_info, set_info

    with connect(case) as con:
        old = get_info(con).get("crime_type")
        set_info(con, "crime_type", crime_type)
    if old and old != crime_type:
        log.warning("%s", _("delicttype van de casus gewijzigd van '{oud}' in '{nieuw}'",
                            oud=old, nieuw=crime_type))
    if crime_type not in shipped_models() and not Path(crime_type).is_file():
        log.warning("%s", _("geen meegeleverd barrièremodel voor delicttype '{delict}' "
                            "(meegeleverd: {modellen}); geef bij plan, map en analyse een "
                            "barrièremodel met --model", delict=crime_type,
                            modellen=", ".join(shipped_models())))


def close_case(case: str | Path, *, analyst: str | None = None,
               retention_until: str | dt.date | None = None) -> CaseRecord:
    """Set the case status to closed (optionally with a new retention date).

    Raises
    ------
    LawfulUseError
        If the case has no record.
    """
    check_entered_text([("--retention-until", retention_until if isinstance(retention_until, str)
                         else None), ("--analyst", analyst)], file=str(case))
    rec = read_case_record(case)
    if rec is None:
        raise LawfulUseError(_("de casus heeft geen casusregistratie (netwerk case init)"),
                             file=str(case))
    upd: dict[str, Any] = {"status": "closed"}
    if retention_until:
        upd["retention_until"] = _date(retention_until, _("bewaardatum"))
    return write_case_record(case, replace(rec, **upd), analyst=analyst)


def check_lawful(case_store: str | Path, *, today: dt.date | None = None,
                 allow_closed: bool = False) -> CaseRecord:
    """Refuse to analyse a case that may not be processed; return its record otherwise.

    Parameters
    ----------
    case_store : str or Path
        The case store (``CASE.duckdb``).
    today : date, optional
        The date to check retention against (default: today).
    allow_closed : bool
        Let a closed case through (for reading back its own reports, audit and progress).

    Returns
    -------
    CaseRecord
        The current record.

    Raises
    ------
    LawfulUseError
        ``reason=no_lawful_basis`` when the case has no record or lacks purpose or legal basis and
        is not a training case; ``retention_expired`` after the retention date;
        ``case_closed`` for a closed case (unless ``allow_closed``).
    StoreError
        If the store does not exist.

    Notes
    -----
    Legal ground: WGS (Stb. 2024, 198) and Besluit (Stb. 2024, 380): processing only for the recorded
    purpose of the samenwerkingsverband; AVG art. 5(1)(b) purpose limitation, 5(1)(e) storage
    limitation.

    Examples
    --------
    >>> import tempfile, os
    >>> case = os.path.join(tempfile.mkdtemp(), "c.duckdb")
    >>> _ = init_case(case, retention_until="2031-01-01", start_by="x")
    >>> is_lawful(case)
    False
    >>> _ = init_case(case, purpose="RIEC-taak ...", legal_basis="WGS ...")
    >>> check_lawful(case).version
    2
    """
    path = Path(case_store)
    if not path.exists():
        raise StoreError(_("casusopslag niet gevonden"), reason=Reason.FILE_NOT_FOUND,
                         file=str(path))
    rec = read_case_record(path)
    if rec is None:
        raise LawfulUseError(
            _("geen casusregistratie: leg doel en grondslag vast met `netwerk case init CASUS "
              "--purpose ... --legal-basis ... --retention-until ...` (of markeer een synthetische "
              "casus met --training)"),
            file=str(path))
    need = rec.missing()
    if need and not rec.training:
        words = {"purpose": _("verwerkingsdoel"), "legal basis": _("grondslag")}
        raise LawfulUseError(_("geen {velden} vastgelegd voor deze casus; analyses worden "
                               "geweigerd (netwerk case init CASUS --purpose ... --legal-basis ...)",
                               velden=_(" en ").join(words.get(n, n) for n in need)),
                             file=str(path))
    today = today or dt.date.today()
    if rec.retention_until is not None and today > rec.retention_until:
        raise LawfulUseError(_("de bewaartermijn is verstreken op {datum}: vernietig de casus "
                               "(netwerk purge CASUS)", datum=rec.retention_until),
                             reason=Reason.RETENTION_EXPIRED, file=str(path))
    if rec.status == "closed" and not allow_closed:
        raise LawfulUseError(_("de casus is gesloten; heropen hem met `netwerk case init` om "
                               "opnieuw te analyseren"), reason=Reason.CASE_CLOSED, file=str(path))
    return rec


def is_lawful(case_store: str | Path, **kwargs: Any) -> bool:
    """``True`` when :func:`check_lawful` passes (no exception)."""
    try:
        check_lawful(case_store, **kwargs)
    except LawfulUseError:
        return False
    return True
