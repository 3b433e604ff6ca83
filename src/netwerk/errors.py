"""One error vocabulary for netwerk.

Every error the library raises on purpose derives from :class:`NetwerkError` and carries a
machine-readable :class:`Reason` plus, where known, the file, row and column it is about. The CLI
prints ``str(error)`` as one line; tests match on ``error.reason``.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "Reason",
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
    KEY_MISMATCH = "key_mismatch"
    MISSING_KEY = "missing_key"
    NOT_PSEUDONYMISED = "not_pseudonymised"
    ALREADY_PSEUDONYMISED = "already_pseudonymised"
    EXTRACT_CHANGED = "extract_changed"
    EMPTY_ENDPOINT = "empty_endpoint"
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
        Where in the input the problem is. ``row`` is 1-based and counts data rows (the header
        is row 0), the way a spreadsheet user counts them below the header.
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
        # say where, unless the message already does (e.g. "column 'x' missing in f.csv; ...")
        where = []
        if self.file and str(self.file) not in self.message:
            where.append(str(self.file))
        if self.row is not None and f"row {self.row}" not in self.message:
            where.append(f"row {self.row}")
        if self.column and f"'{self.column}'" not in self.message:
            where.append(f"column '{self.column}'")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


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
