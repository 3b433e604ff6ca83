"""The one rule for a grading cell, shared by ingest and the partner's pseudonymise (private).

A grading column (``grading.source_column`` / ``grading.information_column`` of a spec) holds per
row the source or information grade of the spec's scheme (:data:`netwerk.model.GRADING_SCHEMES`).
A blank cell takes the spec's default; any other text that is not a code of the scheme (``Z``,
``9``, ``Geheimbron``) is an error: stored, it would score 0 and silently weigh nothing. Ingest
rejects the relation row (:mod:`netwerk.ingest.mapping`); the partner's ``netwerk pseudonymise``
rejects the row with the same test and the same words, where the export can still be corrected
(review 8 S8, as review 7 Q10 did for dates).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from ..i18n import _
from ..model import GRADING_SCHEMES
from ..privacy import masked_shape

Axis = Literal["source", "information"]


def off_grade(values: pd.Series, scheme: str, axis: Axis) -> np.ndarray:
    """Positions whose cell is filled but is no ``axis`` grade of ``scheme``.

    Compared after trimming spaces, ignoring case (``c`` is the source grade ``C``).

    Examples
    --------
    >>> s = pd.Series(["C", " b ", "", None, "Geheimbron", "Z", "7"], dtype="object")
    >>> off_grade(s, "admiralty", "source").tolist()
    [False, False, False, False, True, True, True]
    >>> off_grade(pd.Series(["6", "7", "3 "]), "admiralty", "information").tolist()
    [False, True, False]
    """
    v = values.astype("string").str.strip().str.upper()
    filled = v.notna() & (v != "")
    return (filled & ~v.isin(GRADING_SCHEMES[scheme][axis])).to_numpy(dtype=bool, na_value=False)


def grade_detail(value: object, scheme: str, axis: Axis) -> str:
    """Why ``value`` is refused, in the language in force, with its masked shape only.

    Examples
    --------
    >>> grade_detail("Geheimbron", "admiralty", "source")
    'brongradering (10 tekens: 10 letters) hoort niet bij het schema admiralty (A, B, C, D, E, F)'
    >>> grade_detail("7", "admiralty", "information")
    'informatiegradering (1 cijfer) hoort niet bij het schema admiralty (1, 2, 3, 4, 5, 6)'
    >>> from netwerk.i18n import using
    >>> with using("en"):
    ...     grade_detail("Z", "4x4", "source")
    'source grade (1 character: 1 letter) is not in the 4x4 scheme (A, B, C, D)'
    """
    codes = ", ".join(GRADING_SCHEMES[scheme][axis])
    if axis == "source":
        return _("brongradering ({vorm}) hoort niet bij het schema {schema} ({codes})",
                 vorm=masked_shape(value), schema=scheme, codes=codes)
    return _("informatiegradering ({vorm}) hoort niet bij het schema {schema} ({codes})",
             vorm=masked_shape(value), schema=scheme, codes=codes)


def grading_columns(spec) -> list[tuple[str, Axis]]:
    """The spec's grading columns with their axis (none when the spec names none).

    Examples
    --------
    >>> from netwerk.ingest.spec import ExtractSpec
    >>> grading_columns(ExtractSpec(name="t", partner="p", grading={"source_column": "b"}))
    [('b', 'source')]
    """
    g = spec.grading
    return [(c, a) for c, a in ((g.source_column, "source"), (g.information_column, "information"))
            if c]
