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
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError, Reason, SpecError, cause_text
from ..i18n import _
from .spec import check_yaml_aliases

__all__ = ["Manifest", "ManifestEntry", "load_manifest", "pseudonymise_manifest"]


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
                      naam=Path(e[what]).name), reason=Reason.INVALID_ARGUMENT, file=str(mpath))
        spec_path = mpath.parent / e["spec"]
        spec: str | Path = spec_path if (spec_path.suffix and spec_path.is_file()) else e["spec"]
        entries.append(ManifestEntry(file=mpath.parent / e["file"], spec=spec, raw=dict(e)))
    return Manifest(path=mpath, case=data.get("case") or None,
                    crime_type=data.get("crime_type") or None, extracts=tuple(entries), raw=data)


def pseudonymise_manifest(
    manifest_path: str | Path,
    key: bytes,
    out_dir: str | Path,
    *,
    reid_dir: str | Path | None = None,
    on_file: Callable[[ManifestEntry, Any], None] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[Any]:
    """Pseudonymise every extract of a manifest into ``out_dir`` (same file names) and write the
    manifest for the shared folder there.

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
    """
    from .pseudonymise import pseudonymise_file
    from .spec import load_spec, shipped_specs

    man = load_manifest(manifest_path)
    out = Path(out_dir)
    if out.resolve() == man.path.parent.resolve():
        raise InputError(_("de uitvoermap moet een andere zijn dan de map van de ruwe bestanden"),
                         reason=Reason.INVALID_ARGUMENT, file=str(out))
    if reid_dir is not None and Path(reid_dir).resolve().is_relative_to(out.resolve()):
        raise InputError(_("de heridentificatiemap moet buiten de gedeelde uitvoermap liggen"),
                         reason=Reason.INVALID_ARGUMENT, file=str(reid_dir))
    names = [e.file.name for e in man.extracts]
    dups = sorted({n for n in names if names.count(n) > 1})
    if dups:
        raise InputError(_("meerdere extracten hebben dezelfde bestandsnaam: {namen}",
                           namen=", ".join(dups)),
                         reason=Reason.INVALID_ARGUMENT, file=str(man.path))
    out.mkdir(parents=True, exist_ok=True)
    if reid_dir is not None:
        Path(reid_dir).mkdir(parents=True, exist_ok=True)
    results, copied = [], []
    for entry in man.extracts:
        if isinstance(entry.spec, Path):
            shutil.copyfile(entry.spec, out / entry.spec.name)
            new_spec = entry.spec.name
        elif entry.spec in shipped_specs():
            new_spec = entry.spec
        else:
            raise InputError(_("specificatie '{spec}' is geen bestand naast het manifest en geen "
                               "meegeleverde specificatie ({namen})", spec=entry.spec,
                               namen=", ".join(shipped_specs())),
                             reason=Reason.FILE_NOT_FOUND, file=str(man.path))
        reid = Path(reid_dir) / f"{entry.file.name}.reid.csv" if reid_dir is not None else None
        res = pseudonymise_file(entry.file, load_spec(entry.spec), key, out / entry.file.name,
                                reid_path=reid, progress=progress)
        results.append(res)
        copied.append({**entry.raw, "file": entry.file.name, "spec": new_spec})
        if on_file is not None:
            on_file(entry, res)
    shared = {**man.raw, "extracts": copied}
    (out / "manifest.yaml").write_text(yaml.safe_dump(shared, sort_keys=False, allow_unicode=True),
                                       encoding="utf-8")
    return results
