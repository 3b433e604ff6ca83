"""Small helpers shared by the identifier normalisers (private)."""

from __future__ import annotations

from ..errors import InputError, Reason


def _invalid(kind: str, why: str) -> InputError:
    return InputError(f"invalid {kind}: {why}", reason=Reason.INVALID_IDENTIFIER)


def _missing(kind: str, why: str) -> InputError:
    return InputError(f"{kind}: {why}", reason=Reason.MISSING_IDENTIFIER)


def _blank(value: object) -> bool:
    if isinstance(value, str):
        return not value or value.isspace()
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN
    except TypeError:  # pd.NA
        return True


def _text(value: object) -> str:
    if not isinstance(value, str):
        value = str(value)
    return value


def _ok(result):
    if isinstance(result, InputError):
        # a fresh exception each time: a cached instance would accumulate tracebacks
        raise InputError(result.message, reason=result.reason)
    return result
