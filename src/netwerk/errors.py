"""One error vocabulary for netwerk.

Every error the library raises on purpose derives from :class:`NetwerkError` and carries a
machine-readable :class:`Reason` plus, where known, the file, row and column it is about. The CLI
prints ``str(error)`` as one line; tests match on ``error.reason``.

Messages are Dutch first, English available, like every other user-facing text: a raise site
passes its message through :func:`netwerk.i18n._` (a Dutch message id with named placeholders),
and the words the error adds itself ("rij 3", "kolom 'x'") go through the same catalogue. The
message is rendered in the language that is current where the error is raised.
``tests/test_error_language.py`` scans the source so that no raise site passes a bare literal.

Examples
--------
>>> from netwerk.i18n import _, using
>>> str(InputError(_("waarde is geen datum"), file="f.csv", row=3, column="datum"))
"f.csv, rij 3, kolom 'datum': waarde is geen datum"
>>> with using("en"):
...     str(InputError(_("waarde is geen datum"), file="f.csv", row=3, column="datum"))
"f.csv, row 3, column 'datum': value is not a date"
>>> str(InputError(_("kolom '{kolom}' ontbreekt", kolom="bsn"), file="f.csv", column="bsn"))
"f.csv: kolom 'bsn' ontbreekt"
"""

from __future__ import annotations

import re
from enum import StrEnum

from .i18n import LANGUAGES, N_, using
from .i18n import gettext as _

__all__ = [
    "Reason",
    "cause_text",
    "validation_text",
    "NetwerkError",
    "SpecError",
    "ConfigError",
    "InputError",
    "LeakError",
    "KeyMismatchError",
    "StoreError",
    "GraphError",
]


class Reason(StrEnum):
    """Machine-readable reasons, shared by errors and by rows in a rejects table."""

    # configuration / specs
    INVALID_SPEC = "invalid_spec"
    INVALID_CONFIG = "invalid_config"
    # reading input
    FILE_NOT_FOUND = "file_not_found"
    EMPTY_FILE = "empty_file"
    UNREADABLE_FILE = "unreadable_file"
    MISSING_COLUMN = "missing_column"
    FIELD_COUNT = "field_count"
    TRUNCATED_LINE = "truncated_line"
    # row-level reasons (rejects table)
    MISSING_IDENTIFIER = "missing_identifier"
    INVALID_IDENTIFIER = "invalid_identifier"
    UNPARSABLE_VALUE = "unparsable_value"
    UNPARSABLE_DATE = "unparsable_date"
    UNPARSABLE_NUMBER = "unparsable_number"
    SELF_LOOP = "self_loop"
    UNKNOWN_KIND = "unknown_kind"
    DISALLOWED_ENDPOINT = "disallowed_endpoint"
    # privacy
    RAW_IDENTIFIER = "raw_identifier"
    #: a raw identifier masked in a shared text cell (``raw_in_text: mask``); the row is kept
    MASKED_RAW_IDENTIFIER = "masked_raw_identifier"
    KEY_MISMATCH = "key_mismatch"
    MISSING_KEY = "missing_key"
    NOT_PSEUDONYMISED = "not_pseudonymised"
    ALREADY_PSEUDONYMISED = "already_pseudonymised"
    EXTRACT_CHANGED = "extract_changed"
    #: the spec an extract is read with reads its bytes differently from the spec that wrote
    #: them (another date format, decimal mark, file format ...: the sidecar records them)
    SPEC_MISMATCH = "spec_mismatch"
    EMPTY_ENDPOINT = "empty_endpoint"
    #: a cell holding an Excel error value (``#N/A``, ``#N/B``, ``#WAARDE!``): unknown, never a
    #: value (:mod:`netwerk.ingest.placeholders`)
    EXCEL_ERROR = "excel_error"
    #: edge lists (``Network.from_edges``): a tie weight that no measure can use
    MISSING_WEIGHT = "missing_weight"
    NEGATIVE_WEIGHT = "negative_weight"
    ZERO_WEIGHT = "zero_weight"
    NON_FINITE_WEIGHT = "non_finite_weight"
    #: a node table with two different rows for one id
    DUPLICATE_NODE = "duplicate_node"
    # store / graph
    STORE_ERROR = "store_error"
    UNKNOWN_NODE = "unknown_node"
    UNKNOWN_ATTRIBUTE = "unknown_attribute"
    INVALID_ARGUMENT = "invalid_argument"
    # lawful use (netwerk.governance)
    NO_LAWFUL_BASIS = "no_lawful_basis"
    CASE_CLOSED = "case_closed"
    RETENTION_EXPIRED = "retention_expired"
    NOT_FOR_EDITION = "not_for_edition"


class NetwerkError(Exception):
    """Base class of every deliberate netwerk error.

    Parameters
    ----------
    message : str
        What is wrong and, where possible, what to do about it.
    reason : Reason
        Machine-readable reason.
    file, row, column : optional
        Where in the input the problem is. ``row`` is 1-based: in a CSV the line minus one (the
        header line is row 0), in a workbook the sheet's own Excel row (``file`` then names the
        sheet too), in a Parquet file the record number.
    """

    default_reason: Reason = Reason.INVALID_ARGUMENT

    def __init__(
        self,
        message: str,
        *,
        reason: Reason | None = None,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.message = message
        self.reason = reason or self.default_reason
        self.file = file
        self.row = row
        self.column = column
        super().__init__(self._render())

    def _render(self) -> str:
        # say where, unless the message already does (e.g. "kolom 'x' ontbreekt in f.csv; ...");
        # "already says" is checked in every language, so a row named in one is not named twice
        message = str(self.message)
        where = []
        if self.file and str(self.file) not in message:
            where.append(str(self.file))
        if self.row is not None and not _says(message, "rij {n}", n=self.row):
            where.append(_("rij {n}", n=self.row))
        if self.column and f"'{self.column}'" not in message:
            where.append(_("kolom '{kolom}'", kolom=self.column))
        prefix = ", ".join(where)
        return f"{prefix}: {message}" if prefix else message


def _says(message: str, msgid: str, **kwargs: object) -> bool:
    """Whether ``message`` already contains ``msgid`` (filled in) in any language, as whole words
    ("rij 3" is not in "rij 30")."""
    for lang in LANGUAGES:
        with using(lang):
            phrase = _(msgid, **kwargs)
        if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", message, flags=re.IGNORECASE):
            return True
    return False


class SpecError(NetwerkError):
    """An extract spec is invalid (names the spec file, and the field)."""

    default_reason = Reason.INVALID_SPEC


class ConfigError(NetwerkError):
    """A configuration file (barrier model, catalogue, weights) is invalid."""

    default_reason = Reason.INVALID_CONFIG


class InputError(NetwerkError):
    """An input file cannot be used as a whole (missing, empty, missing a required column)."""

    default_reason = Reason.UNREADABLE_FILE


class LeakError(NetwerkError):
    """A pseudonymised extract holds values that look like raw identifiers."""

    default_reason = Reason.RAW_IDENTIFIER


class KeyMismatchError(NetwerkError):
    """An extract was pseudonymised under another key than the case store's."""

    default_reason = Reason.KEY_MISMATCH


class StoreError(NetwerkError):
    """The case store cannot do what was asked."""

    default_reason = Reason.STORE_ERROR


class GraphError(NetwerkError):
    """A network operation was asked something impossible (unknown node, attribute, ...)."""

    default_reason = Reason.INVALID_ARGUMENT


def cause_text(exc: BaseException) -> str:
    """What a foreign exception (OS, YAML, JSON, TOML, decoding) says, in the user's language.

    Foreign messages are English and may hold paths or internals, so they are never shown as
    they are: the kind of failure is said in words, with the line and column where the parser
    knows them.

    Examples
    --------
    >>> import json
    >>> try:
    ...     json.loads('{"a": }')
    ... except ValueError as exc:
    ...     cause_text(exc)
    'ongeldige opmaak op regel 1, kolom 7'
    >>> cause_text(FileNotFoundError(2, "No such file or directory"))
    'bestand niet gevonden'
    >>> from netwerk.i18n import using
    >>> with using("en"):
    ...     cause_text(PermissionError(13, "Permission denied"))
    'no access'
    """
    if isinstance(exc, FileNotFoundError):
        return _("bestand niet gevonden")
    if isinstance(exc, PermissionError):
        return _("geen toegang")
    if isinstance(exc, IsADirectoryError):
        return _("dit is een map, geen bestand")
    if isinstance(exc, UnicodeDecodeError):
        return _("tekens die niet als {codering} te lezen zijn", codering=exc.encoding)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is not None:  # PyYAML: 0-based line and column
        return _("ongeldige opmaak op regel {regel}, kolom {kolom}", regel=mark.line + 1,
                 kolom=mark.column + 1)
    line, col = getattr(exc, "lineno", None), getattr(exc, "colno", None)
    if isinstance(line, int) and isinstance(col, int):  # json and tomllib: 1-based
        return _("ongeldige opmaak op regel {regel}, kolom {kolom}", regel=line, kolom=col)
    found = re.search(r"line (\d+), column (\d+)", str(exc))
    if found:
        return _("ongeldige opmaak op regel {regel}, kolom {kolom}", regel=int(found[1]),
                 kolom=int(found[2]))
    if isinstance(exc, OSError):
        return _("het bestand kan niet worden gelezen ({soort})", soort=type(exc).__name__)
    return _("{soort}", soort=type(exc).__name__)


#: pydantic error types -> Dutch message ids (placeholders from the error's ``ctx``)
_PYDANTIC = {
    "missing": N_("ontbreekt (verplicht veld)"),
    "extra_forbidden": N_("onbekend veld (tikfout?)"),
    "literal_error": N_("moet een van {verwacht} zijn"),
    "enum": N_("moet een van {verwacht} zijn"),
    "string_type": N_("moet tekst zijn"),
    "int_type": N_("moet een geheel getal zijn"),
    "int_parsing": N_("moet een geheel getal zijn"),
    "int_from_float": N_("moet een geheel getal zijn"),
    "float_type": N_("moet een getal zijn"),
    "float_parsing": N_("moet een getal zijn"),
    "bool_type": N_("moet true of false zijn"),
    "bool_parsing": N_("moet true of false zijn"),
    "list_type": N_("moet een lijst zijn"),
    "tuple_type": N_("moet een lijst zijn"),
    "set_type": N_("moet een lijst zijn"),
    "dict_type": N_("moet een mapping (sleutel: waarde) zijn"),
    "model_type": N_("moet een mapping (sleutel: waarde) zijn"),
    "model_attributes_type": N_("moet een mapping (sleutel: waarde) zijn"),
    "date_type": N_("moet een datum JJJJ-MM-DD zijn"),
    "date_parsing": N_("moet een datum JJJJ-MM-DD zijn"),
    "date_from_datetime_parsing": N_("moet een datum JJJJ-MM-DD zijn"),
    "too_short": N_("moet minstens {min_length} element(en) hebben"),
    "too_long": N_("mag hoogstens {max_length} element(en) hebben"),
    "string_too_short": N_("moet minstens {min_length} teken(s) hebben"),
    "string_too_long": N_("mag hoogstens {max_length} teken(s) hebben"),
    "greater_than": N_("moet groter zijn dan {gt}"),
    "greater_than_equal": N_("moet minstens {ge} zijn"),
    "less_than": N_("moet kleiner zijn dan {lt}"),
    "less_than_equal": N_("mag hoogstens {le} zijn"),
    "frozen_instance": N_("kan niet worden gewijzigd"),
}


def validation_text(exc: Exception) -> str:
    """A pydantic ``ValidationError`` said in the user's language, one ``field.path: what`` per
    problem, joined with ``"; "``.

    pydantic's own English text never reaches the user: each error *type* maps to a Dutch message
    id (an unknown type is named by its code), the field path is kept, and the message of a
    validator's own ``ValueError`` (translated where it was raised) is used as it is.

    Examples
    --------
    >>> from typing import Literal
    >>> from pydantic import BaseModel, ConfigDict, ValidationError
    >>> class S(BaseModel):
    ...     model_config = ConfigDict(extra="forbid")
    ...     format: Literal["csv", "xlsx"] = "csv"
    >>> try:
    ...     S.model_validate({"format": "pdf", "delimitr": ";"})
    ... except ValidationError as exc:
    ...     print(validation_text(exc))
    format: moet een van 'csv', 'xlsx' zijn; delimitr: onbekend veld (tikfout?)
    >>> from netwerk.i18n import using
    >>> with using("en"):
    ...     try:
    ...         S.model_validate({"format": "pdf"})
    ...     except ValidationError as exc:
    ...         print(validation_text(exc))
    format: must be one of 'csv', 'xlsx'
    """
    parts = []
    for e in exc.errors():  # type: ignore[attr-defined]
        where = ".".join(str(x) for x in e.get("loc", ())) or "spec"
        ctx = dict(e.get("ctx") or {})
        kind = e.get("type", "")
        if kind in ("value_error", "assertion_error") and "error" in ctx:
            why = _("{tekst}", tekst=str(ctx["error"]))  # our validator's text, already translated
        elif kind in _PYDANTIC:
            if "expected" in ctx:  # "'a', 'b' or 'c'": the words between are English
                ctx["verwacht"] = ", ".join(re.findall(r"'[^']*'|\d+", str(ctx["expected"])))
            try:
                why = _(_PYDANTIC[kind], **ctx)
            except (KeyError, IndexError):
                why = _("ongeldige waarde ({soort})", soort=kind)
        else:
            why = _("ongeldige waarde ({soort})", soort=kind)
        parts.append(_("{pad}: {fout}", pad=where, fout=why))
    return "; ".join(parts)
