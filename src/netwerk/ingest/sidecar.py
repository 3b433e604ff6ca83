"""What a shared extract depends on, recorded in its sidecar and checked where it is read.

A shared extract keeps its values the way the partner's spec wrote them: dates as text in the
spec's ``date_format``, numbers with its ``decimal`` mark, in its file ``format`` (a CSV with
the delimiter and encoding of the raw export, a workbook with one sheet). The RIEC reads it with
a spec of the same name; if that spec reads those bytes differently (a partner who edited the
shipped ``politie`` spec to ``date_format: "%m-%d-%Y"`` and kept its name), every date would
shift without a word. So ``netwerk pseudonymise`` records in ``<extract>.netwerk.json``:

``spec_sha256``
    :func:`spec_sha256` of the spec it used (its content; not its file).
``spec_settings``
    :func:`spec_settings`: the spec's reading settings (``format``, ``sheet``, ``delimiter``,
    ``encoding``, ``decimal``, ``date_format``).
``written``
    :func:`written_settings`: what the bytes are (a CSV's ``delimiter`` and ``encoding`` as
    written, which follow the raw export; a workbook's ``sheet``).

and ingest and screen compare them with the spec they are given
(:func:`compare_with_sidecar`, called by :func:`netwerk.ingest.pipeline.check_unchanged`): a
setting these bytes are read by differently is refused naming the setting and both values; the
same reading settings with another spec content (a changed description, another mapping) is a
warning; a sidecar of an older netwerk without these fields is read with a note.

Examples
--------
>>> from netwerk.ingest.spec import load_spec
>>> partner = load_spec("politie").model_copy(update={"date_format": "%m-%d-%Y"})
>>> side = {"spec_sha256": spec_sha256(partner), "spec_settings": spec_settings(partner),
...         "written": {"delimiter": ";", "encoding": "utf-8"}}
>>> try:
...     compare_with_sidecar(side, load_spec("politie"))
... except SpecError as e:
...     print(e.reason, "|", e)
spec_mismatch | het extract is gemaakt met datumformaat %m-%d-%Y, de specificatie 'politie' zegt %d-%m-%Y: gebruik de specificatie van de partner
"""

from __future__ import annotations

import codecs
import hashlib
import json
from typing import Any

from ..errors import Reason, SpecError
from ..i18n import _
from ..privacy import mask_name
from .readers import _DELIM_NAMES, shared_sheet_name
from .spec import AttributeMap, ExtractSpec

__all__ = ["spec_sha256", "spec_settings", "written_settings", "compare_with_sidecar"]

#: the encodings whose bytes every spec reads the same way: a byte-order mark decides, valid
#: non-ASCII UTF-8 is UTF-8 whatever the spec says (:func:`netwerk.ingest.readers.read_table`)
_SELF_DESCRIBING = {"utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"}


def spec_sha256(spec: ExtractSpec) -> str:
    """SHA-256 of a spec's content: its fields as canonical JSON (keys sorted, fields left at
    their default omitted, so a netwerk that adds a field with a default gives the same hash).

    Examples
    --------
    >>> from netwerk.ingest.spec import load_spec
    >>> sp = load_spec("politie")
    >>> spec_sha256(sp) == spec_sha256(load_spec("politie")), len(spec_sha256(sp))
    (True, 64)
    >>> spec_sha256(sp) == spec_sha256(sp.model_copy(update={"description": "bewerkt"}))
    False
    """
    data = spec.model_dump(mode="json", exclude_defaults=True)
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def spec_settings(spec: ExtractSpec) -> dict[str, Any]:
    """The spec's settings the shared extract is read with (recorded as ``spec_settings``).

    Examples
    --------
    >>> from netwerk.ingest.spec import load_spec
    >>> spec_settings(load_spec("politie"))["date_format"]
    '%d-%m-%Y'
    """
    return {"format": spec.format, "sheet": spec.sheet, "delimiter": spec.delimiter,
            "encoding": spec.encoding, "decimal": spec.decimal, "date_format": spec.date_format}


def written_settings(spec: ExtractSpec, attrs: dict[str, Any]) -> dict[str, Any]:
    """What the shared extract's bytes are (recorded as ``written``): a CSV's delimiter and
    encoding as written (``attrs``: those :func:`netwerk.ingest.readers.read_table` found in the
    raw export, which the extract keeps), a workbook's sheet name; nothing for Parquet.

    Examples
    --------
    >>> from netwerk.ingest.spec import load_spec
    >>> written_settings(load_spec("politie"), {"delimiter": ",", "encoding": "cp1252"})
    {'delimiter': ',', 'encoding': 'cp1252'}
    """
    if spec.format == "csv":
        enc = attrs.get("encoding") or (spec.encoding if spec.encoding != "auto" else "utf-8")
        return {"delimiter": attrs.get("delimiter") or spec.delimiter, "encoding": _canonical(enc)}
    if spec.format == "xlsx":
        return {"sheet": shared_sheet_name(spec)}
    return {}


def _canonical(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name.replace("_", "-")
    except LookupError:
        return encoding


def _reads(spec: ExtractSpec, types: set[str]) -> bool:
    """Whether ``spec`` parses a column as one of ``types`` (``date``; ``float``/``int``)."""
    attrs = [a for m in (*spec.nodes, *spec.relations) for a in m.attributes.values()
             if isinstance(a, AttributeMap)]
    if any(a.type in types for a in attrs):
        return True
    if "date" in types and any(r.observed or r.valid_from or r.valid_to for r in spec.relations):
        return True
    return bool(types & {"float", "int"}) and any(r.weight for r in spec.relations)


def _differences(side: dict[str, Any], spec: ExtractSpec) -> list[tuple[str, str, str]]:
    """``(setting, extract's value, spec's value)`` for every setting the bytes are read by
    differently under ``spec`` than under the spec that wrote them."""
    was, written = side["spec_settings"], side.get("written") or {}
    out: list[tuple[str, str, str]] = []
    if was.get("format", "csv") != spec.format:
        return [(_("bestandsformaat"), str(was.get("format")), spec.format)]
    # the reader looks for the spec's sheet, or its shared name (masked); no sheet: any sheet
    if (spec.format == "xlsx" and spec.sheet and "sheet" in written
            and written["sheet"] not in (spec.sheet, shared_sheet_name(spec))):
        out.append((_("werkblad"), f"'{written['sheet']}'",
                    f"'{mask_name(spec.sheet, spec.raw_patterns)}'"))
    if spec.format == "csv":
        delim = written.get("delimiter", was.get("delimiter"))
        if spec.delimiter not in (was.get("delimiter"), delim):
            out.append((_("scheidingsteken"), _DELIM_NAMES.get(delim, repr(delim)),
                        _DELIM_NAMES.get(spec.delimiter, repr(spec.delimiter))))
        enc = _canonical(str(written.get("encoding", "utf-8")))
        if enc not in _SELF_DESCRIBING and spec.encoding != was.get("encoding"):
            # a single-byte file: read in the spec's encoding ('auto': cp1252)
            reads = _canonical("cp1252" if spec.encoding == "auto" else spec.encoding)
            if reads != enc:
                out.append((_("tekenset"), enc, spec.encoding))
    if was.get("decimal") != spec.decimal and _reads(spec, {"float", "int"}):
        out.append((_("decimaalteken"), f"'{was.get('decimal')}'", f"'{spec.decimal}'"))
    if was.get("date_format") != spec.date_format and _reads(spec, {"date"}):
        out.append((_("datumformaat"), str(was.get("date_format")), spec.date_format))
    return out


def compare_with_sidecar(side: dict[str, Any], spec: ExtractSpec, *,
                         advice: str | None = None) -> list[str]:
    """Compare the spec an extract is read with to what its sidecar recorded.

    Parameters
    ----------
    side : dict
        The sidecar (:func:`netwerk.ingest.pipeline.read_sidecar`).
    spec : ExtractSpec
        The spec the extract is read with.
    advice : str, optional
        What to do on a refusal (default: use the partner's spec).

    Returns
    -------
    list of str
        Notes for the caller to log (Dutch first): another spec content with the same reading
        settings, or a sidecar of an older netwerk without these fields.

    Raises
    ------
    SpecError
        ``spec_mismatch``: a setting the extract's bytes are read by differently under ``spec``
        (file format; a workbook's sheet; a CSV's delimiter or single-byte encoding; the decimal
        mark when the spec reads numbers; the date format when it reads dates), naming the
        setting and both values.

    Examples
    --------
    >>> from netwerk.ingest.spec import load_spec
    >>> sp = load_spec("politie")
    >>> edited = sp.model_copy(update={"description": "onze versie"})
    >>> side = {"spec_sha256": spec_sha256(edited), "spec_settings": spec_settings(edited)}
    >>> print(compare_with_sidecar(side, sp)[0])
    het extract is gemaakt met een andere versie van specificatie 'politie' (de inhoud verschilt, de leesinstellingen zijn gelijk); gelezen met deze versie
    >>> print(compare_with_sidecar({"netwerk_version": "0.1.0"}, sp)[0][:59])
    het sidecarbestand (netwerk 0.1.0) legt niet vast met welke
    """
    if not isinstance(side.get("spec_settings"), dict):
        return [_("het sidecarbestand (netwerk {versie}) legt niet vast met welke instellingen "
                  "het extract is geschreven (bestandsformaat, scheidingsteken, tekenset, "
                  "decimaalteken, datumformaat); specificatie '{spec}' is daarom niet vergeleken "
                  "met die van de partner", versie=side.get("netwerk_version", "?"),
                  spec=spec.name)]
    diffs = _differences(side, spec)
    advice = advice or _("gebruik de specificatie van de partner")
    if len(diffs) == 1:
        what, was, now = diffs[0]
        raise SpecError(_("het extract is gemaakt met {instelling} {extract}, de specificatie "
                          "'{spec}' zegt {nu}: {advies}", instelling=what, extract=was,
                          spec=spec.name, nu=now, advies=advice),
                        reason=Reason.SPEC_MISMATCH)
    if diffs:
        raise SpecError(_("het extract is gemaakt met {verschillen}, de specificatie '{spec}' "
                          "zegt {nu}: {advies}",
                          verschillen=", ".join(f"{w} {a}" for w, a, _b in diffs),
                          spec=spec.name, nu=", ".join(f"{w} {b}" for w, _a, b in diffs),
                          advies=advice), reason=Reason.SPEC_MISMATCH)
    if side.get("spec_sha256") and side["spec_sha256"] != spec_sha256(spec):
        return [_("het extract is gemaakt met een andere versie van specificatie '{spec}' (de "
                  "inhoud verschilt, de leesinstellingen zijn gelijk); gelezen met deze versie",
                  spec=spec.name)]
    return []
