"""Model versions: which weights produced an output, and whether the RIEC approved them.

The WGS amendment requires models used for automated data analysis to be scientifically validated,
auditable and testable, with no self-learning. netwerk's models are fixed, configured weightings
(``vital_weights.yaml``, ``report_weights.yaml``, the package objective): each weights file carries
``version`` and, once the RIEC approved it, ``approved_by`` and ``approved_on``. This module
validates those fields on load and returns a :class:`ModelVersion` that every output records, so an
output says whether it was made with the shipped default or with weights the RIEC approved. See
``docs/model-card.md``.

Examples
--------
>>> model_version({"version": "2026.1", "weights": {}}, name="vital").status
'default (not approved by the RIEC)'
>>> model_version({"version": "2", "approved_by": "stuurgroep RIEC Oost",
...                "approved_on": "2026-03-01"}, name="vital").status
'approved by stuurgroep RIEC Oost on 2026-03-01'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import ConfigError, cause_text
from ..i18n import _
from ..yamlfile import load_yaml_text

__all__ = ["ModelVersion", "model_version", "load_model_version", "model_version_of",
           "SHIPPED_MODELS"]

#: Shipped weights files per model name.
SHIPPED_MODELS = {"vital": "vital_weights.yaml", "case_selection": "report_weights.yaml"}


@dataclass(frozen=True)
class ModelVersion:
    """Version and approval of one model's weights.

    Attributes
    ----------
    name : str
        ``vital``, ``case_selection`` or ``package_objective``.
    version : str
    approved_by : str or None
    approved_on : date or None
    source : str
        The file (or ``"dict"``).
    """

    name: str
    version: str
    approved_by: str | None
    approved_on: dt.date | None
    source: str

    @property
    def approved(self) -> bool:
        """Whether the RIEC approved these weights."""
        return bool(self.approved_by and self.approved_on)

    @property
    def status(self) -> str:
        """Human-readable approval status (English, for provenance)."""
        if self.approved:
            return f"approved by {self.approved_by} on {self.approved_on.isoformat()}"
        return "default (not approved by the RIEC)"

    def as_dict(self) -> dict[str, Any]:
        """JSON-able form for a provenance record."""
        d = asdict(self)
        d["approved_on"] = self.approved_on.isoformat() if self.approved_on else None
        d["status"] = self.status
        return d


def model_version(raw: Mapping[str, Any], *, name: str, source: str = "dict") -> ModelVersion:
    """Validate the ``version`` / ``approved_by`` / ``approved_on`` fields of a weights mapping.

    Raises
    ------
    ConfigError
        Naming the file and the key: ``version`` missing or empty; only one of ``approved_by`` and
        ``approved_on`` given; ``approved_on`` not an ISO date or in the future.
    """
    where = None if source == "dict" else source
    if not isinstance(raw, Mapping):
        raise ConfigError(_("een gewichtenbestand moet een mapping zijn"), file=where)
    version = raw.get("version")
    if version is None or str(version).strip() == "" or isinstance(version, bool):
        raise ConfigError(_("sleutel 'version': elk gewichtenbestand heeft een versie nodig "
                            "(bijv. '2026.1')"),
                          file=where, column="version")
    by = raw.get("approved_by")
    on = raw.get("approved_on")
    if (by in (None, "")) != (on in (None, "")):
        raise ConfigError(_("sleutels 'approved_by' en 'approved_on' horen bij elkaar: geef ze "
                            "allebei (vastgesteld door het RIEC) of geen van beide "
                            "(standaardgewichten)"), file=where,
                          column="approved_by" if by in (None, "") else "approved_on")
    day = None
    if on not in (None, ""):
        from .record import LawfulUseError, _date

        try:
            day = _date(on, _("sleutel '{sleutel}'", sleutel="approved_on"))
        except LawfulUseError as exc:
            raise ConfigError(_("sleutel 'approved_on': '{datum}' is geen ISO-datum (JJJJ-MM-DD)",
                                datum=on), file=where, column="approved_on") from exc
        if day > dt.date.today():
            raise ConfigError(_("sleutel 'approved_on': {datum} ligt in de toekomst", datum=day),
                              file=where,
                              column="approved_on")
    return ModelVersion(name=name, version=str(version), approved_by=str(by) if by else None,
                        approved_on=day, source=source)


def load_model_version(name: str, path: str | Path | None = None) -> ModelVersion:
    """The :class:`ModelVersion` of a weights file (default: the shipped file of model ``name``).

    Raises
    ------
    ConfigError
        For an unknown model name, an unreadable file, or invalid version/approval fields.
    """
    if path is None:
        if name not in SHIPPED_MODELS:
            raise ConfigError(_("onbekend model '{naam}' (bekend: {bekend})", naam=name,
                                bekend=", ".join(SHIPPED_MODELS)))
        fname = SHIPPED_MODELS[name]
        text = resources.files("netwerk").joinpath(f"data/{fname}").read_text("utf-8")
        source = f"netwerk/data/{fname}"
    else:
        p = Path(path)
        try:
            text = p.read_text("utf-8")
        except OSError as exc:
            raise ConfigError(_("{wat} niet leesbaar: {oorzaak}", wat=_("gewichtenbestand"),
                                oorzaak=cause_text(exc)),
                              file=str(p)) from exc
        source = str(p)
    try:
        raw = load_yaml_text(text, source) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(_("geen geldige YAML ({oorzaak})", oorzaak=cause_text(exc)),
                          file=source) from exc
    return model_version(raw, name=name, source=source)


def model_version_of(name: str, source: str | Path | None) -> ModelVersion:
    """The :class:`ModelVersion` behind a result's recorded weights source.

    ``source`` is what the result recorded: ``None`` or a shipped path (``netwerk/data/...``) gives
    the shipped file's version; an existing YAML file is loaded and validated; anything else (weights
    passed as a dict in a notebook) is reported as unversioned, never as approved.

    Examples
    --------
    >>> model_version_of("vital", "dict").status
    'ad hoc weights (no version, not approved)'
    """
    s = str(source) if source is not None else ""
    if not s or s.startswith("netwerk/data/"):
        return load_model_version(name)
    p = Path(s)
    if p.is_file():
        return load_model_version(name, p)
    return _AdHoc(name=name, version="", approved_by=None, approved_on=None, source=s)


class _AdHoc(ModelVersion):
    @property
    def status(self) -> str:
        return "ad hoc weights (no version, not approved)"
