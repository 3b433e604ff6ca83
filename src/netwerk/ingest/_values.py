"""Small helpers shared by the identifier normalisers (private)."""

from __future__ import annotations

from typing import Any

from ..errors import InputError, Reason
from ..i18n import _
from ..privacy import _KIND_LABELS, kind_label

_LABELS = _KIND_LABELS  # one table of kind names, with kind_label (netwerk.privacy)


def _invalid(kind: str, why: str) -> InputError:
    """``why``: a translated text (``_()``) saying what is wrong, never the raw value. The kind
    is named in words (``ongeldig kenteken``), never by its code."""
    return InputError(_("ongeldige waarde voor {soort}: {waarom}", soort=kind_label(kind),
                        waarom=why), reason=Reason.INVALID_IDENTIFIER)


def _missing(kind: str, why: str) -> InputError:
    return InputError(_("{soort}: {waarom}", soort=kind_label(kind), waarom=why),
                      reason=Reason.MISSING_IDENTIFIER)


def _invalid_later(kind: str, why: str, **kwargs: Any) -> InputError:
    """:func:`_invalid` for cached helpers (``lru_cache``): ``why`` is a message id (``N_``), and
    :func:`_ok` says it in the language in force when it raises, not the one of the first call."""
    err = _invalid(kind, _(why, **kwargs))
    err.later = (kind, why, kwargs)  # type: ignore[attr-defined]
    return err


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
        # a fresh exception each time (a cached instance would accumulate tracebacks), in the
        # language in force now (the cached one holds the language of its first call)
        kind, why, kwargs = result.later  # type: ignore[attr-defined]
        raise _invalid(kind, _(why, **kwargs))
    return result
