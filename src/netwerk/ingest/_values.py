"""Small helpers shared by the identifier normalisers (private)."""

from __future__ import annotations

from typing import Any

from ..errors import InputError, Reason
from ..i18n import N_, _

#: the names users read for identifier kinds (:data:`~netwerk.ingest.spec.IDENTIFIER_KINDS`),
#: the privacy detectors' labels and the leak guard's shapes (Dutch message ids)
_LABELS = {
    "bsn": N_("BSN"), "name_dob": N_("naam en geboortedatum"), "police_id": N_("politienummer"),
    "rsin": N_("RSIN"), "kvk": N_("KvK-nummer"), "branch": N_("vestigingsnummer"),
    "address": N_("adres"), "parcel": N_("perceel"), "plate": N_("kenteken"),
    "phone": N_("telefoonnummer"), "iban": N_("IBAN"), "permit_id": N_("vergunningnummer"),
    "postcode": N_("postcode"), "number": N_("nummer"), "name": N_("naam"),
    "text": N_("tekstkolom"),
}


def kind_label(kind: str) -> str:
    """An identifier kind (or leak-guard shape) as users read it, in the language in force; an
    unknown kind (a spec's own pattern name) as it is.

    Examples
    --------
    >>> from netwerk.i18n import using
    >>> kind_label("plate"), kind_label("name_dob"), kind_label("persoonsnummer")
    ('kenteken', 'naam en geboortedatum', 'persoonsnummer')
    >>> with using("en"):
    ...     kind_label("plate")
    'licence plate'
    """
    return _(_LABELS[kind]) if kind in _LABELS else kind


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
