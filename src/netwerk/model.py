"""The netwerk data model: node kinds, relation kinds and intelligence grading.

The kinds live in ``netwerk/data/model.yaml`` so analysts can extend them without code. Grading
supports the NATO/Admiralty code (source reliability A–F, information credibility 1–6) and the
Dutch police 4x4 scheme (source A–D, information 1–4). Both are mapped to a common 0–1 score so
"minimum grading" filters work across schemes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from .errors import ConfigError, cause_text
from .i18n import _
from .yamlfile import load_yaml_text

__all__ = [
    "RelationKind",
    "DataModel",
    "load_model",
    "default_model",
    "GRADING_SCHEMES",
    "grading_score",
]


@dataclass(frozen=True)
class RelationKind:
    """A relation kind: its name, whether it has a direction and which endpoint kinds it allows."""

    name: str
    directed: bool
    source: tuple[str, ...]
    target: tuple[str, ...]
    label_nl: str = ""
    label_en: str = ""

    def label(self, lang: str = "nl") -> str:
        """The name users read in ``lang`` (``nl`` or ``en``; falls back to Dutch, then the id)."""
        return (self.label_en if lang == "en" else "") or self.label_nl or self.name.replace("_", " ")

    def allows(self, source_kind: str, target_kind: str) -> bool:
        ok_s = "*" in self.source or source_kind in self.source
        ok_t = "*" in self.target or target_kind in self.target
        return ok_s and ok_t


@dataclass(frozen=True)
class DataModel:
    """Node kinds (name -> metadata) and relation kinds (name -> :class:`RelationKind`)."""

    node_kinds: dict[str, dict] = field(default_factory=dict)
    relation_kinds: dict[str, RelationKind] = field(default_factory=dict)

    def check_node_kind(self, kind: str) -> bool:
        return kind in self.node_kinds

    def check_relation_kind(self, kind: str) -> bool:
        return kind in self.relation_kinds


def _parse_model(raw: dict, source: str) -> DataModel:
    if not isinstance(raw, dict) or "node_kinds" not in raw or "relation_kinds" not in raw:
        raise ConfigError(_("een datamodel heeft 'node_kinds' en 'relation_kinds' nodig"), file=source)
    node_kinds = {str(k): dict(v or {}) for k, v in raw["node_kinds"].items()}
    rel: dict[str, RelationKind] = {}
    for name, spec in raw["relation_kinds"].items():
        spec = spec or {}
        for end in ("source", "target"):
            for kind in spec.get(end, ["*"]):
                if kind != "*" and kind not in node_kinds:
                    raise ConfigError(
                        _("relatiesoort '{naam}': {kant}-soort '{soort}' is geen knooppuntsoort "
                          "(bekend: {bekend})", naam=name, kant=end, soort=kind,
                          bekend=", ".join(sorted(node_kinds))),
                        file=source,
                    )
        rel[str(name)] = RelationKind(
            name=str(name),
            directed=bool(spec.get("directed", True)),
            source=tuple(spec.get("source", ["*"])),
            target=tuple(spec.get("target", ["*"])),
            label_nl=str(spec.get("label_nl") or ""),
            label_en=str(spec.get("label_en") or ""),
        )
    return DataModel(node_kinds=node_kinds, relation_kinds=rel)


@lru_cache(maxsize=1)
def default_model() -> DataModel:
    """The shipped data model (``netwerk/data/model.yaml``)."""
    text = resources.files("netwerk").joinpath("data/model.yaml").read_text(encoding="utf-8")
    return _parse_model(yaml.safe_load(text), "netwerk/data/model.yaml")


def load_model(*paths: str | Path) -> DataModel:
    """The shipped model extended (or overridden) by the given YAML files."""
    base = default_model()
    node_kinds = dict(base.node_kinds)
    raw_rel: dict[str, dict] = {
        k: {"directed": v.directed, "source": list(v.source), "target": list(v.target),
            "label_nl": v.label_nl, "label_en": v.label_en}
        for k, v in base.relation_kinds.items()
    }
    for p in paths:
        try:
            raw = load_yaml_text(Path(p).read_text(encoding="utf-8"), str(p)) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ConfigError(_("kan het datamodel niet lezen: {oorzaak}", oorzaak=cause_text(exc)),
                              file=str(p)) from None
        if not isinstance(raw, dict) or not all(
                isinstance(raw.get(k, {}), dict) for k in ("node_kinds", "relation_kinds")):
            raise ConfigError(_("een datamodel is een mapping met 'node_kinds' en "
                                "'relation_kinds' (elk een mapping)"), file=str(p))
        node_kinds.update({str(k): dict(v or {}) for k, v in raw.get("node_kinds", {}).items()})
        raw_rel.update(raw.get("relation_kinds", {}))
    return _parse_model({"node_kinds": node_kinds, "relation_kinds": raw_rel}, ", ".join(map(str, paths)))


# --- grading -------------------------------------------------------------------------------
#: Each scheme: the ordered codes for source reliability and information credibility, best first.
#: The last code of the Admiralty scheme ("F" / "6") means "cannot be judged".
GRADING_SCHEMES: dict[str, dict[str, list[str]]] = {
    "admiralty": {"source": list("ABCDEF"), "information": list("123456")},
    "4x4": {"source": list("ABCD"), "information": list("1234")},
}


def grading_score(scheme: str | None, source: str | None, information: str | None) -> float:
    """Map a grading to a score in [0, 1]: 1 is the best grade, 0 the worst or unknown.

    The score is the mean of the two axes, each scaled linearly from best (1) to worst (0).
    Unknown or missing grades score 0, so a "minimum grading" filter drops them.

    Examples
    --------
    >>> grading_score("admiralty", "A", "1")
    1.0
    >>> grading_score("4x4", "D", "4")
    0.0
    >>> round(grading_score("admiralty", "B", "2"), 2)
    0.8
    """
    if not scheme or scheme not in GRADING_SCHEMES:
        return 0.0
    sch = GRADING_SCHEMES[scheme]

    def axis(codes: list[str], value: str | None) -> float:
        if value is None:
            return 0.0
        v = str(value).strip().upper()
        if v not in codes:
            return 0.0
        return 1.0 - codes.index(v) / (len(codes) - 1)

    return (axis(sch["source"], source) + axis(sch["information"], information)) / 2
