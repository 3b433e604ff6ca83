"""Manifests: one partner delivery (or one case) as a list of extracts with their specs.

A manifest is YAML, with paths relative to the manifest's folder::

    case: hennep-oost
    crime_type: cannabis
    extracts:
      - {file: raw/politie.csv, spec: politie}          # a shipped spec name
      - {file: raw/kvk.csv, spec: specs/kvk.yaml}       # or a spec file

:func:`pseudonymise_manifest` (at the partners) writes every extract, pseudonymised, into one folder
with a copy of the manifest (and of spec files given as paths), so that
:func:`netwerk.ingest.pipeline.ingest_manifest` (at the RIEC) can read the folder as it is.

File names and the case name are partner data too: what leaves the partner carries them with raw
identifiers masked (:func:`shared_file_name`, :func:`netwerk.privacy.mask_name`), so
``raw/bsn_123456782.csv`` is shared as ``bsn_bsn.csv`` and ``case: zaak_123456782`` as
``case: zaak_[bsn]``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError, Reason, SpecError, cause_text
from ..i18n import _, ngettext
from ..privacy import mask_name
from .spec import check_yaml_aliases

__all__ = ["Manifest", "ManifestEntry", "load_manifest", "manifest_patterns", "shared_file_name",
           "pseudonymise_manifest"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ManifestEntry:
    """One extract: its file, and its spec as a path (spec file) or a shipped spec name."""

    file: Path
    spec: str | Path
    raw: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Manifest:
    path: Path
    case: str | None
    crime_type: str | None
    extracts: tuple[ManifestEntry, ...]
    raw: dict[str, Any] = field(default_factory=dict)


def load_manifest(path: str | Path) -> Manifest:
    """Read and check a manifest; every value is read as a string (``01`` stays ``01``).

    Files and spec files must lie in the manifest's folder or below it (no ``../``, no absolute
    paths elsewhere); a YAML alias bomb is refused before it is expanded.

    Raises
    ------
    InputError
        Naming the manifest file (and the entry) when it is missing, not YAML, or malformed.
    """
    mpath = Path(path)
    if not mpath.is_file():
        raise InputError(_("manifest niet gevonden"), reason=Reason.FILE_NOT_FOUND, file=str(mpath))
    try:
        text = mpath.read_text(encoding="utf-8")
        check_yaml_aliases(text, str(mpath))
        data = yaml.load(text, Loader=yaml.BaseLoader)
    except SpecError as exc:
        raise InputError(exc.message, reason=Reason.UNREADABLE_FILE, file=str(mpath)) from None
    except yaml.YAMLError as exc:
        raise InputError(_("het manifest is geen geldige YAML: {oorzaak}", oorzaak=cause_text(exc)),
                         reason=Reason.UNREADABLE_FILE,
                         file=str(mpath)) from None
    extracts = data.get("extracts") if isinstance(data, dict) else None
    if not isinstance(extracts, list) or not extracts:
        raise InputError(_("een manifest heeft een niet-lege lijst 'extracts' van {file: ..., spec: ...} "
                           "nodig"),
                         reason=Reason.UNREADABLE_FILE, file=str(mpath))
    entries = []
    for i, e in enumerate(extracts, start=1):
        if not (isinstance(e, dict) and isinstance(e.get("file"), str) and e["file"]
                and isinstance(e.get("spec"), str) and e["spec"]):
            raise InputError(_("extracts-regel {i} heeft 'file' en 'spec' nodig", i=i),
                             reason=Reason.UNREADABLE_FILE, file=str(mpath))
        folder = mpath.parent.resolve()
        for what in ("file", "spec"):
            target = (mpath.parent / e[what]).resolve()
            if (what == "file" or Path(e[what]).suffix) and not target.is_relative_to(folder):
                raise InputError(
                    _("extracts-regel {i}: {veld} '{naam}' ligt buiten de map van het manifest; "
                      "een manifest mag alleen bestanden in zijn eigen map (of daaronder) noemen",
                      i=i, veld=_("bestand") if what == "file" else _("specificatie"),
                      naam=mask_name(Path(e[what]).name)), reason=Reason.INVALID_ARGUMENT,
                    file=str(mpath))
        spec_path = mpath.parent / e["spec"]
        spec: str | Path = spec_path if (spec_path.suffix and spec_path.is_file()) else e["spec"]
        entries.append(ManifestEntry(file=mpath.parent / e["file"], spec=spec, raw=dict(e)))
    return Manifest(path=mpath, case=data.get("case") or None,
                    crime_type=data.get("crime_type") or None, extracts=tuple(entries), raw=data)


#: what a masked identifier becomes in a shared file name (no brackets, no ``+``)
_FILE_WORDS = {"postcode+number": "postcode-huisnummer", "plate": "kenteken", "phone": "telefoon"}


def manifest_patterns(man: Manifest) -> dict[str, str]:
    """The ``raw_patterns`` of every spec a manifest names, in one mapping (label -> regular
    expression; a label two specs give other expressions gets `` (spec)`` added): what names
    of the delivery (file names, ``case``, ``crime_type``) are masked with besides the
    detectors. A spec that does not load adds nothing here; it is refused with its own message
    where the extract is read.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "m.yaml").write_text("extracts: [{file: p.csv, spec: politie}]")
    >>> sorted(manifest_patterns(load_manifest(d / "m.yaml")))
    ['politie_persoonsnummer']
    """
    from .spec import load_spec

    out: dict[str, str] = {}
    for entry in man.extracts:
        try:
            spec = load_spec(entry.spec)
        except (InputError, SpecError, ValueError, OSError):
            continue
        for label, pattern in spec.raw_patterns.items():
            key = label if out.get(label, pattern) == pattern else f"{label} ({spec.name})"
            out[key] = pattern
    return out


def shared_file_name(name: str, taken: set[str] | None = None,
                     extra: dict[str, str] | None = None) -> str:
    """The name a file gets in the shared folder: :func:`netwerk.privacy.mask_name` (with
    ``extra``, the specs' ``raw_patterns``) with the mask brackets left out (``[`` and ``]`` are
    glob characters in every shell) and the kind in Dutch; with ``-2``, ``-3``, ... before the
    suffix when ``taken`` (the names already given, compared case-insensitively) holds it.

    Examples
    --------
    >>> shared_file_name("bsn_123456782.csv"), shared_file_name("politie.csv")
    ('bsn_bsn.csv', 'politie.csv')
    >>> shared_file_name("kvk_98576169.csv", {"kvk_nummer.csv"})
    'kvk_nummer-2.csv'
    >>> shared_file_name("adres 3512 JE 12.csv")
    'adres postcode-huisnummer.csv'
    >>> shared_file_name("PN123456789 verhoor.csv", extra={"politienummer": r"PN\\d{9}"})
    'politienummer verhoor.csv'
    """
    masked = re.sub(r"\[([^\[\]]+)\]", lambda m: _FILE_WORDS.get(m.group(1), m.group(1)),
                    mask_name(name, extra))
    if taken is None:
        return masked
    lower = {t.lower() for t in taken}
    stem, dot, suffix = masked.rpartition(".") if "." in masked else (masked, "", "")
    out, n = masked, 1
    while out.lower() in lower:
        n += 1
        out = f"{stem}-{n}{dot}{suffix}"
    return out


def pseudonymise_manifest(
    manifest_path: str | Path,
    key: bytes,
    out_dir: str | Path,
    *,
    reid_dir: str | Path | None = None,
    on_file: Callable[[ManifestEntry, Any], None] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[Any]:
    """Pseudonymise every extract of a manifest into ``out_dir`` and write the manifest for the
    shared folder there.

    Each extract keeps its file name with raw identifiers masked (:func:`shared_file_name`;
    ``bsn_123456782.csv`` -> ``bsn_bsn.csv``, made unique with ``-2`` when two names mask to the
    same); its sidecar and rejects file follow that name, and so do spec files given as paths.
    The shared manifest holds only what ingest reads: ``case`` and ``crime_type`` (raw
    identifiers masked, :func:`netwerk.privacy.mask_name`) and ``extracts`` with ``file`` and
    ``spec``. The re-identification tables (``reid_dir``, kept at the partner) keep the raw name.

    Parameters
    ----------
    manifest_path : path of the raw delivery's manifest.
    key : the partners' shared key (see :func:`netwerk.ingest.pseudonymise.load_key`).
    out_dir : the folder to share; must differ from the raw files' folder.
    reid_dir : where the re-identification tables go (stays with the partner; outside ``out_dir``).
    on_file : called with (entry, PseudonymiseResult) after each extract.

    Returns
    -------
    list of PseudonymiseResult

    Notes
    -----
    All or nothing: the files are written into a temporary folder inside ``out_dir`` and moved
    into place when every extract passed. A refused extract leaves ``out_dir`` as it was (a
    warning says how many files were written and removed again), as it does the
    re-identification tables this run made.
    """
    man = load_manifest(manifest_path)
    out = Path(out_dir)
    if out.resolve() == man.path.parent.resolve():
        raise InputError(_("de uitvoermap moet een andere zijn dan de map van de ruwe bestanden"),
                         reason=Reason.INVALID_ARGUMENT, file=str(out))
    if reid_dir is not None and Path(reid_dir).resolve().is_relative_to(out.resolve()):
        raise InputError(_("de heridentificatiemap moet buiten de gedeelde uitvoermap liggen"),
                         reason=Reason.INVALID_ARGUMENT, file=str(reid_dir))
    names = [e.file.name for e in man.extracts]
    extra = manifest_patterns(man)
    dups = sorted({mask_name(n, extra) for n in names if names.count(n) > 1})
    if dups:
        raise InputError(_("meerdere extracten hebben dezelfde bestandsnaam: {namen}",
                           namen=", ".join(dups)),
                         reason=Reason.INVALID_ARGUMENT, file=str(man.path))
    made_out = [d for d in (out, *out.parents) if not d.exists()]
    out.mkdir(parents=True, exist_ok=True)
    if reid_dir is not None:
        Path(reid_dir).mkdir(parents=True, exist_ok=True)
    # everything is written into a temporary folder inside `out` and moved into place only when
    # every extract passed: a refused extract leaves the shared folder as it was (never two of
    # three extracts without a manifest, a folder that looks deliverable)
    part = Path(tempfile.mkdtemp(prefix=".netwerk-", suffix=".part", dir=out))
    reids: list[Path] = []
    try:
        results, names = _write_parts(man, key, out, part, reid_dir, reids, on_file, progress)
        for name in names:
            os.replace(part / name, out / name)
    except BaseException:
        written = [p for p in part.rglob("*") if p.is_file()] + [p for p in reids if p.exists()]
        shutil.rmtree(part, ignore_errors=True)
        for p in reids:
            p.unlink(missing_ok=True)
        for d in made_out:  # folders this run made, when empty
            with contextlib.suppress(OSError):
                d.rmdir()
        if written:
            log.warning(ngettext(
                "{map}: geweigerd, niets gedeeld; {n} al geschreven bestand is weer verwijderd",
                "{map}: geweigerd, niets gedeeld; {n} al geschreven bestanden zijn weer verwijderd",
                len(written), map=str(out)))
        raise
    shutil.rmtree(part, ignore_errors=True)
    return results


def _write_parts(man: Manifest, key: bytes, out: Path, part: Path, reid_dir: str | Path | None,
                 reids: list[Path], on_file: Callable[[ManifestEntry, Any], None] | None,
                 progress: Callable[[str, int, int], None] | None
                 ) -> tuple[list[Any], list[str]]:
    """Write every extract of ``man``, the spec copies and the shared manifest into ``part``
    (a temporary folder inside ``out``); the results and the names written there.
    Re-identification tables go to ``reid_dir`` (listed in ``reids`` as they are made)."""
    from .pseudonymise import pseudonymise_file, rejects_path, sidecar_path
    from .spec import load_spec, shipped_specs

    raws = {e.file.resolve() for e in man.extracts}
    extra = manifest_patterns(man)  # every name of the delivery is masked with all its patterns
    results, copied, names = [], [], []
    given: set[str] = set()  # shared names handed out (extracts and spec copies)
    spec_names: dict[Path, str] = {}
    for entry in man.extracts:
        if isinstance(entry.spec, Path):
            src = entry.spec.resolve()
            if src not in spec_names:
                spec_names[src] = shared_file_name(entry.spec.name, given, extra)
                given.add(spec_names[src])
                shutil.copyfile(entry.spec, part / spec_names[src])
                names.append(spec_names[src])
            new_spec = spec_names[src]
        elif entry.spec in shipped_specs():
            new_spec = entry.spec
        else:
            raise InputError(_("specificatie '{spec}' is geen bestand naast het manifest en geen "
                               "meegeleverde specificatie ({namen})", spec=entry.spec,
                               namen=", ".join(shipped_specs())),
                             reason=Reason.FILE_NOT_FOUND, file=str(man.path))
        reid = Path(reid_dir) / f"{entry.file.name}.reid.csv" if reid_dir is not None else None
        shared_name = shared_file_name(entry.file.name, given, extra)
        given.add(shared_name)
        final = out / shared_name
        if any(t.exists() and t.resolve() in raws
               for t in (final, rejects_path(final), sidecar_path(final))):
            raise InputError(_("de uitvoer zou het ruwe bestand overschrijven"),
                             reason=Reason.INVALID_ARGUMENT, file=str(final))
        if reid is not None and not reid.exists():
            reids.append(reid)
        res = pseudonymise_file(entry.file, load_spec(entry.spec), key, part / shared_name,
                                reid_path=reid, progress=progress)
        results.append(res)
        copied.append({"file": shared_name, "spec": new_spec})
        names += [shared_name, rejects_path(final).name, sidecar_path(final).name]
        if on_file is not None:
            on_file(entry, res)
    shared: dict[str, Any] = {k: mask_name(man.raw[k], extra) for k in ("case", "crime_type")
                              if isinstance(man.raw.get(k), str) and man.raw[k]}
    shared["extracts"] = copied
    (part / "manifest.yaml").write_text(yaml.safe_dump(shared, sort_keys=False,
                                                       allow_unicode=True), encoding="utf-8")
    names.append("manifest.yaml")
    return results, names
