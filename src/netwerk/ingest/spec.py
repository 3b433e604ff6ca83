"""Declarative extract specs: how one partner's export maps onto the netwerk data model.

A spec describes one *layout* of a partner's export (e.g. the KvK officers export). The same spec
serves both steps of the data's way:

1. ``netwerk pseudonymise`` (at the partner) reads the **raw** file as the spec describes it,
   normalises and validates every identifier column, and replaces it by a pseudonym column named
   :attr:`Identifier.output` (composite identifiers such as name + birth date collapse into one
   column). All other columns are written unchanged, in the same format (delimiter, encoding,
   decimal mark, date format).
2. ``netwerk ingest`` (at the RIEC) reads the **pseudonymised** file with the same spec: the node and
   relation mappings refer to the *output* names of identifier columns.

Specs are YAML (or TOML) validated by pydantic in strict mode: every value that names a column or an
identifier is a string, so ``01234567`` can never become an octal number. Errors name the spec file
and the field.

Examples
--------
A tiny spec::

    name: kvk_functionarissen
    partner: KvK
    format: csv
    delimiter: ";"
    encoding: cp1252
    identifiers:
      - {columns: [kvk_nummer], kind: kvk}
      - {columns: [bsn], kind: bsn, output: bsn_functionaris}
    nodes:
      - {id: kvk_nummer, kind: company, attributes: {sbi: sbi_code}}
      - {id: bsn_functionaris, kind: person}
    relations:
      - {kind: director_of, source: bsn_functionaris, target: kvk_nummer, valid_from: datum_in}
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from ..errors import SpecError, cause_text, validation_text
from ..i18n import _
from ..model import GRADING_SCHEMES, DataModel, default_model

__all__ = [
    "IDENTIFIER_KINDS",
    "Identifier",
    "AttributeMap",
    "NodeMap",
    "RelationMap",
    "Grading",
    "ExtractSpec",
    "load_spec",
    "check_yaml_aliases",
    "DEFAULT_PLACEHOLDER_VALUES",
    "DEFAULT_SENTINEL_DATES",
    "shipped_specs",
    "shipped_spec_path",
]

#: Identifier kinds netwerk can normalise, validate and pseudonymise, with the node kind they
#: identify and the typed prefix their pseudonyms carry (``BSN-3f9a…``).
IDENTIFIER_KINDS: dict[str, dict[str, str]] = {
    "bsn": {"node_kind": "person", "prefix": "BSN"},
    "name_dob": {"node_kind": "person", "prefix": "NGD"},  # naam + geboortedatum
    "police_id": {"node_kind": "person", "prefix": "PID"},
    "rsin": {"node_kind": "company", "prefix": "RSIN"},
    "kvk": {"node_kind": "company", "prefix": "KVK"},
    "branch": {"node_kind": "company", "prefix": "VES"},  # vestigingsnummer
    "address": {"node_kind": "address", "prefix": "ADR"},  # postcode + huisnummer (+ letter/toev.)
    "parcel": {"node_kind": "property", "prefix": "PRC"},  # kadastraal perceel / BAG object
    "plate": {"node_kind": "vehicle", "prefix": "KNT"},
    "phone": {"node_kind": "phone", "prefix": "TEL"},
    "iban": {"node_kind": "account", "prefix": "IBAN"},
    "permit_id": {"node_kind": "permit", "prefix": "VGN"},
}

_strict = ConfigDict(extra="forbid", strict=True, frozen=True)

#: placeholder birth dates export tools write for "unknown"
DEFAULT_SENTINEL_DATES = ("01-01-1900", "1900-01-01", "00-00-0000", "0000-00-00", "01-01-0001",
                          "0001-01-01", "31-12-9999", "9999-12-31")

#: identifier cells that mean "unknown" (``ExtractSpec.placeholder_values``), compared ignoring case;
#: a name part also in any spacing and punctuation (``N. N.``) and word by word (``Anoniem
#: Anoniem``, ``Naam onbekend``): :func:`netwerk.ingest.placeholders.name_placeholder_mask`.
#: Excel's error values (``#N/A``, ``#N/B``, ...) are unknown in every cell, whatever this list
#: says (:data:`netwerk.ingest.placeholders.EXCEL_ERROR_VALUES`).
DEFAULT_PLACEHOLDER_VALUES = ("onbekend", "unknown", "nvt", "n.v.t.", "n.v.t", "n/a", "na", "nb",
                              "n.b.", "nn", "n.n.", "geen", "leeg", "null", "none", "-", "--",
                              "?", "??", "x", "xx", "xxx", "anoniem", "anonymous", "nnb",
                              "n.n.b.")

#: a spec is a small file: more aliases or bytes than this is refused before parsing further
MAX_SPEC_BYTES = 1_000_000
MAX_YAML_ALIASES = 100
MAX_YAML_NODES = 100_000


class Identifier(BaseModel):
    """An identifier made of one or more raw columns.

    ``columns`` are the raw column names, in the order the normaliser expects them:
    ``bsn``/``rsin``/``kvk``/``branch``/``plate``/``phone``/``iban``/``police_id``/``parcel``/
    ``permit_id``: one column; ``address``: postcode, house number and optionally letter/addition;
    ``name_dob``: surname (may include a prefix like "van der"), first names, birth date.
    ``output`` is the name of the pseudonym column (default: the first column's name).
    ``required``: a row whose identifier is missing is rejected (otherwise the cell stays empty).
    """

    model_config = _strict
    columns: list[str] = Field(min_length=1)
    kind: str
    output: str | None = None
    required: bool = False

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, v: str) -> str:
        if v not in IDENTIFIER_KINDS:
            raise ValueError(_("onbekende identificatorsoort '{soort}' (bekend: {bekend})", soort=v,
                               bekend=", ".join(IDENTIFIER_KINDS)))
        return v

    @property
    def output_column(self) -> str:
        return self.output or self.columns[0]


class AttributeMap(BaseModel):
    """A node or relation attribute taken from a column, with its type."""

    model_config = _strict
    column: str
    type: Literal["str", "int", "float", "date", "bool"] = "str"
    #: restricted attributes are only shown to the partner that supplied them (audience profiles)
    restricted: bool = False


class NodeMap(BaseModel):
    """Which column makes nodes of which kind, with which attributes.

    ``id`` is a pseudonym column (an identifier's ``output``). ``also`` lists further pseudonym
    columns in the same row that identify the *same* subject (e.g. a BSN pseudonym and a
    name+birth-date pseudonym): ingest records them as identity links. ``kind_column`` lets a column
    decide the node kind per row (e.g. owner is a person or a company); unknown kinds are rejected.
    ``stage`` puts every node of this mapping in a value-chain stage; ``stage_column`` reads it per row.
    """

    model_config = _strict
    id: str
    kind: str | None = None
    kind_column: str | None = None
    also: list[str] = Field(default_factory=list)
    attributes: dict[str, AttributeMap | str] = Field(default_factory=dict)
    label_column: str | None = None
    stage: str | None = None
    stage_column: str | None = None
    required: bool = True

    @model_validator(mode="after")
    def _kind_given(self) -> NodeMap:
        if (self.kind is None) == (self.kind_column is None):
            raise ValueError(_("knooppunt '{id}': geef precies één van 'kind' of 'kind_column'",
                               id=self.id))
        return self


class Grading(BaseModel):
    """Default grading of every record of the extract, or columns that hold it per row."""

    model_config = _strict
    scheme: Literal["admiralty", "4x4"] = "admiralty"
    source: str | None = None
    information: str | None = None
    source_column: str | None = None
    information_column: str | None = None

    @model_validator(mode="after")
    def _codes_in_scheme(self) -> Grading:
        codes = GRADING_SCHEMES[self.scheme]
        if self.source is not None and self.source.upper() not in codes["source"]:
            raise ValueError(_("brongradering '{code}' hoort niet bij het schema {schema}",
                               code=self.source, schema=self.scheme))
        if self.information is not None and self.information not in codes["information"]:
            raise ValueError(_("informatiegradering '{code}' hoort niet bij het schema {schema}",
                               code=self.information, schema=self.scheme))
        return self


class RelationMap(BaseModel):
    """Which columns make a relation: its kind, endpoints, dates and attributes.

    ``source``/``target`` are pseudonym columns that a :class:`NodeMap` of the same spec turns into
    nodes. ``kind_column`` lets a column hold the relation kind per row (with ``kind_values``
    mapping the partner's codes, e.g. ``{"Bestuurder": director_of}``).
    """

    model_config = _strict
    kind: str | None = None
    kind_column: str | None = None
    kind_values: dict[str, str] = Field(default_factory=dict)
    source: str
    target: str
    observed: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    weight: str | None = None
    attributes: dict[str, AttributeMap | str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _kind_given(self) -> RelationMap:
        if (self.kind is None) == (self.kind_column is None):
            raise ValueError(_("relatie {bron}->{doel}: geef precies één van 'kind' of "
                               "'kind_column'", bron=self.source, doel=self.target))
        return self


class ExtractSpec(BaseModel):
    """One partner export layout. See the module docstring for the two steps it serves."""

    model_config = _strict
    name: str
    partner: str
    description: str = ""
    format: Literal["csv", "xlsx", "parquet"] = "csv"
    delimiter: str = ";"
    encoding: Literal["utf-8", "utf-8-sig", "cp1252", "latin-1", "auto"] = "auto"
    decimal: Literal[",", "."] = ","
    date_format: str = "%d-%m-%Y"
    sheet: str | None = None
    #: purpose / legal basis label carried into every record's provenance
    legal_basis: str = ""
    grading: Grading = Field(default_factory=Grading)
    identifiers: list[Identifier] = Field(default_factory=list)
    nodes: list[NodeMap] = Field(default_factory=list)
    relations: list[RelationMap] = Field(default_factory=list)
    #: further raw columns written to the shared extract unchanged (data minimisation: every other
    #: column the spec does not map is dropped by ``netwerk pseudonymise``, and said so)
    keep: list[str] = Field(default_factory=list)
    #: placeholder dates that mean "unknown" (a name + birth-date key is not formed from them; a
    #: relation date equal to one is read as missing). Compared by date in any spelling the readers
    #: accept (``1-1-1900``, ``1900-01-01 00:00:00``, ``01/01/1900`` all match ``01-01-1900``);
    #: entries that are no date are compared as text after trimming spaces.
    sentinel_dates: list[str] = Field(default_factory=lambda: list(DEFAULT_SENTINEL_DATES))
    #: placeholder texts that mean "unknown" in an identifier cell (a co-suspect ``onbekend``, a
    #: name ``NN``): such a cell is treated as missing, with a reject line, and never becomes one
    #: node that ties every unknown together. Compared after trimming spaces, ignoring case; a
    #: cell of only zeros (``000000000``) is a placeholder too. Not applied to an address's
    #: addition (``-`` is "no addition" there) or a surname prefix.
    placeholder_values: list[str] = Field(
        default_factory=lambda: list(DEFAULT_PLACEHOLDER_VALUES))
    #: partner-specific raw identifier patterns (label -> regular expression), e.g. police person
    #: numbers: no written or stored column may hold a match (see :mod:`netwerk.privacy`)
    raw_patterns: dict[str, str] = Field(default_factory=dict)
    #: what ``pseudonymise`` does with a raw identifier inside a written non-identifier column:
    #: ``refuse`` the file (default) or ``mask`` the match (``[bsn]``); recorded in the sidecar
    raw_in_text: Literal["refuse", "mask"] = "refuse"
    #: an Excel workbook's rows the partner hid or filtered out (AutoFilter): ``read`` them like
    #: any other row and say so (default), or ``skip`` them: not read, not pseudonymised, not in
    #: the rejects, but counted (sidecar ``hidden_rows_skipped``) and said per sheet. Only for
    #: ``format: xlsx`` (a CSV or Parquet file has no hidden rows: the key is refused there)
    hidden_rows: Literal["read", "skip"] = "read"
    #: an Excel workbook's hidden columns that the spec names: ``read`` them and say so
    #: (default), or ``skip`` them, as if absent: a column the spec needs then refuses the
    #: workbook (naming sheet and column), a ``keep`` column is not read. Only for ``format: xlsx``
    hidden_columns: Literal["read", "skip"] = "read"

    @field_validator("partner", "name")
    @classmethod
    def _non_empty(cls, v: str) -> str:
        if not v.strip():
            raise ValueError(_("moet een niet-lege naam zijn"))
        return v.strip()

    @field_validator("partner")
    @classmethod
    def _partner_name(cls, v: str) -> str:
        # a partner's name is printed in every plan, map and provenance record: a word, not a
        # number (a raw identifier) and not markup
        from ..privacy import find_raw_identifiers

        if not re.fullmatch(r"[^\W_][\w .&'()-]*", v) or not re.search(r"[^\W\d_]", v):
            raise ValueError(_("moet een naam zijn (letters, cijfers, spaties en - . & ' ( )), "
                               "met minstens één letter"))
        if find_raw_identifiers(v):
            raise ValueError(_("lijkt een ruwe identificator te bevatten; geef de naam van de "
                               "partner"))
        return v

    @field_validator("delimiter")
    @classmethod
    def _one_separator(cls, v: str) -> str:
        if len(v) != 1 or v.isalnum() or v in {'"', "'", "\r", "\n"}:
            raise ValueError(_("moet één scheidingsteken zijn, zoals ';', ',', '|' of een tab"))
        return v

    @field_validator("date_format")
    @classmethod
    def _date_format(cls, v: str) -> str:
        # the format must write a date and read it back: a format without %d/%m/%Y-style
        # directives would make every dated row a reject instead of refusing the spec
        import datetime as dt

        day = dt.date(2026, 11, 30)
        try:
            back = dt.datetime.strptime(day.strftime(v), v).date()
        except ValueError:
            back = None
        if back != day:
            raise ValueError(_("geen bruikbaar datumformaat (bijvoorbeeld '%d-%m-%Y' of "
                               "'%Y-%m-%d'): een datum geschreven in dit formaat is niet terug "
                               "te lezen"))
        return v

    @field_validator("hidden_rows", "hidden_columns")
    @classmethod
    def _workbook_only(cls, v: str, info: ValidationInfo) -> str:
        # a key that does nothing for this format is an error, not a silent no-op: the analyst who
        # writes 'hidden_rows: skip' for a CSV expects something that cannot happen
        fmt = info.data.get("format")  # None: the format is wrong itself, and said so
        if fmt is not None and fmt != "xlsx":
            raise ValueError(_("geldt alleen voor Excel-werkmappen (format: xlsx); een "
                               "{formaat}-bestand heeft geen verborgen rijen of kolommen: haal "
                               "'{sleutel}' weg uit de specificatie", formaat=fmt,
                               sleutel=info.field_name))
        return v

    @field_validator("raw_patterns")
    @classmethod
    def _patterns_compile(cls, v: dict[str, str]) -> dict[str, str]:
        from ..privacy import compile_patterns

        compile_patterns(v)
        return v

    @model_validator(mode="after")
    def _written_names_hold_no_identifier(self) -> ExtractSpec:
        # names the spec writes into the shared extract or the store (pseudonym columns, node and
        # relation attribute names, kept columns, stages) travel as far as the data: like the
        # partner's name, they may not carry a raw identifier (review 7 Q12)
        from ..privacy import compile_patterns, find_raw_identifiers, kind_label, mask_text

        extra = compile_patterns(self.raw_patterns)
        named: list[tuple[str, str]] = [(_("uitvoerkolom"), i.output_column)
                                        for i in self.identifiers]
        named += [(_("kenmerk van knooppunt '{id}'", id=mask_text(n.id, extra)), a)
                  for n in self.nodes for a in n.attributes]
        named += [(_("schakel"), n.stage) for n in self.nodes if n.stage]
        named += [(_("kenmerk van relatie {bron}->{doel}", bron=mask_text(r.source, extra),
                     doel=mask_text(r.target, extra)), a)
                  for r in self.relations for a in r.attributes]
        named += [(_("kolom in 'keep'"), k) for k in self.keep]
        for where, name in named:
            found = find_raw_identifiers(name, extra)
            if found:
                raise ValueError(_("{waar} '{naam}' lijkt een ruwe identificator te bevatten "
                                   "({soort}); een naam die de specificatie schrijft of opslaat "
                                   "mag dat niet", waar=where, naam=mask_text(name, extra),
                                   soort=kind_label(found[0][0])))
        return self

    @model_validator(mode="after")
    def _no_raw_identifier_parts(self) -> ExtractSpec:
        # a raw column of an identifier (a surname, a birth date, a postcode of an address key) is
        # replaced by its pseudonym at the partner and never shared: a spec that also maps it as
        # an attribute, label, kind, stage, date, weight, grading or kept column cannot be
        # honoured (pseudonymise would drop it, ingest would blame the extract). Refused on load,
        # at the partner, before anything is read (review 8 S3). A birth date used as a relation's
        # date is refused too: it is part of the name + birth-date key, not a date of the tie.
        from ..privacy import compile_patterns, mask_text

        outs = {i.output_column for i in self.identifiers}
        parts: dict[str, Identifier] = {}
        for ident in self.identifiers:
            for c in ident.columns:
                if c not in outs:
                    parts.setdefault(c, ident)
        if not parts:
            return self
        extra = compile_patterns(self.raw_patterns)
        for where, column in self._column_fields():
            ident = parts.get(column) if column else None
            if ident is not None:
                from ._values import kind_label

                raise ValueError(_(
                    "{veld} gebruikt kolom '{kolom}', een invoerkolom van identificator "
                    "{soort}; ruwe delen van een identificator worden niet gedeeld (alleen het "
                    "pseudoniem '{uitvoer}'): haal de kolom hier weg", veld=where,
                    kolom=mask_text(column, extra), soort=kind_label(ident.kind),
                    uitvoer=mask_text(ident.output_column, extra)))
        return self

    def _column_fields(self) -> list[tuple[str, str | None]]:
        """Every place outside ``identifiers`` where the spec names a column, as (where, column):
        ``where`` says the field in the user's language."""
        from ..privacy import compile_patterns, mask_text

        extra = compile_patterns(self.raw_patterns)

        def col(a: AttributeMap | str) -> str:
            return a if isinstance(a, str) else a.column

        out: list[tuple[str, str | None]] = []
        for n in self.nodes:
            node = mask_text(n.id, extra)
            out += [(_("attribuut '{naam}' van knooppunt '{id}'", naam=mask_text(k, extra),
                       id=node), col(a)) for k, a in n.attributes.items()]
            out += [(_("{veld} van knooppunt '{id}'", veld=f, id=node), c) for f, c in (
                ("label_column", n.label_column), ("kind_column", n.kind_column),
                ("stage_column", n.stage_column))]
        for r in self.relations:
            rel = _("relatie {bron}->{doel}", bron=mask_text(r.source, extra),
                    doel=mask_text(r.target, extra))
            out += [(_("attribuut '{naam}' van {relatie}", naam=mask_text(k, extra), relatie=rel),
                     col(a)) for k, a in r.attributes.items()]
            out += [(_("{veld} van {relatie}", veld=f, relatie=rel), c) for f, c in (
                ("kind_column", r.kind_column), ("observed", r.observed),
                ("valid_from", r.valid_from), ("valid_to", r.valid_to), ("weight", r.weight))]
        out += [("grading.source_column", self.grading.source_column),
                ("grading.information_column", self.grading.information_column)]
        out += [(_("kolom in 'keep'"), k) for k in self.keep]
        return out

    # -- derived helpers ---------------------------------------------------------------------
    def identifier_outputs(self) -> dict[str, Identifier]:
        """Pseudonym column name -> identifier definition."""
        return {i.output_column: i for i in self.identifiers}

    def raw_columns(self) -> list[str]:
        """Columns the raw (pre-pseudonymisation) file must have."""
        cols: list[str] = []
        for i in self.identifiers:
            cols.extend(c for c in i.columns if c not in cols)
        for c in self._non_identifier_columns():
            if c not in cols:
                cols.append(c)
        return cols

    def shared_columns(self) -> list[str]:
        """Columns the pseudonymised file must have (what ingest needs)."""
        outs = list(self.identifier_outputs())
        return outs + [c for c in self._non_identifier_columns() if c not in outs]

    def _non_identifier_columns(self) -> list[str]:
        outs = set(self.identifier_outputs())
        cols: list[str] = []

        def add(c: str | None) -> None:
            if c and c not in outs and c not in cols:
                cols.append(c)

        for n in self.nodes:
            add(n.kind_column)
            add(n.label_column)
            add(n.stage_column)
            for a in n.attributes.values():
                add(a if isinstance(a, str) else a.column)
        for r in self.relations:
            for c in (r.kind_column, r.observed, r.valid_from, r.valid_to, r.weight):
                add(c)
            for a in r.attributes.values():
                add(a if isinstance(a, str) else a.column)
        add(self.grading.source_column)
        add(self.grading.information_column)
        return cols

    def check_against(self, model: DataModel, source: str = "<spec>") -> None:
        """Check node and relation kinds and column references against the data model."""
        outs = self.identifier_outputs()
        node_cols = set()
        for n in self.nodes:
            if n.id not in outs:
                raise SpecError(
                    _("nodes: id-kolom '{kolom}' is geen uitvoer van een identificator "
                      "(uitvoerkolommen: {uitvoer})", kolom=n.id,
                      uitvoer=", ".join(outs) or _("geen")),
                    file=source,
                )
            for a in n.also:
                if a not in outs:
                    raise SpecError(_("nodes '{id}': also-kolom '{kolom}' is geen uitvoer van een "
                                      "identificator", id=n.id, kolom=a), file=source)
            if n.kind is not None and not model.check_node_kind(n.kind):
                raise SpecError(
                    _("nodes '{id}': onbekende knooppuntsoort '{soort}' (bekend: {bekend})",
                      id=n.id, soort=n.kind, bekend=", ".join(sorted(model.node_kinds))),
                    file=source,
                )
            node_cols.add(n.id)
            node_cols.update(n.also)
        for r in self.relations:
            for end in (r.source, r.target):
                if end not in node_cols:
                    raise SpecError(
                        _("relations: eindpuntkolom '{kolom}' wordt door geen enkele 'nodes'-regel "
                          "tot knooppunten gemaakt", kolom=end),
                        file=source,
                    )
            kinds = [r.kind] if r.kind else list(r.kind_values.values())
            for k in kinds:
                if not model.check_relation_kind(k):
                    raise SpecError(
                        _("relations {bron}->{doel}: onbekende relatiesoort '{soort}' (bekend: "
                          "{bekend})", bron=r.source, doel=r.target, soort=k,
                          bekend=", ".join(sorted(model.relation_kinds))),
                        file=source,
                    )


def load_spec(path: str | Path, *, model: DataModel | None = None) -> ExtractSpec:
    """Load and validate an extract spec from YAML or TOML.

    Parameters
    ----------
    path : str or Path
        A ``.yaml``/``.yml``/``.toml`` file, or the name of a shipped spec (e.g. ``"kvk"``).
    model : DataModel, optional
        Data model to check kinds against (default: the shipped model).

    Returns
    -------
    ExtractSpec

    Raises
    ------
    SpecError
        Naming the file and the field that is wrong.
    """
    p = Path(path)
    if not p.exists() and p.suffix == "" and str(path) in shipped_specs():
        p = shipped_spec_path(str(path))
    if not p.exists():
        raise SpecError(
            _("specificatie niet gevonden (meegeleverde specificaties: {namen})",
              namen=", ".join(shipped_specs())), file=str(path)
        )
    if p.stat().st_size > MAX_SPEC_BYTES:
        raise SpecError(_("de specificatie is {n} bytes; een specificatie is hoogstens {max} bytes",
                          n=p.stat().st_size, max=MAX_SPEC_BYTES),
                        file=str(p))
    text = p.read_text(encoding="utf-8")
    try:
        if p.suffix.lower() != ".toml":
            check_yaml_aliases(text, str(p))
        if p.suffix.lower() == ".toml":
            raw = tomllib.loads(text)
        else:
            # BaseLoader keeps every scalar a string: 01234567, NO and 1e3 stay text
            raw = yaml.load(text, Loader=_SpecLoader)
    except (yaml.YAMLError, tomllib.TOMLDecodeError) as exc:
        raise SpecError(_("geen geldige YAML/TOML: {oorzaak}", oorzaak=cause_text(exc)), file=str(p)) from exc
    if not isinstance(raw, dict):
        raise SpecError(_("een specificatie moet een mapping zijn met minstens 'name' en "
                          "'partner'"), file=str(p))
    try:
        spec = ExtractSpec.model_validate(_coerce_bools(raw))
    except ValidationError as exc:
        raise SpecError(validation_text(exc), file=str(p)) from exc
    spec.check_against(model or default_model(), source=str(p))
    return spec


def check_yaml_aliases(text: str, source: str, limit: int = MAX_YAML_ALIASES) -> None:
    """Refuse YAML with more than ``limit`` aliases (``*name``), or whose aliases expand to more
    than :data:`MAX_YAML_NODES` values (a "billion laughs" alias bomb would otherwise expand to
    gigabytes when the document is walked), or nested deeper than
    :data:`netwerk.yamlfile.MAX_YAML_DEPTH`: :func:`netwerk.yamlfile.check_yaml` with
    :class:`SpecError`.

    Raises
    ------
    SpecError
        Naming the file and the limit.

    Examples
    --------
    >>> check_yaml_aliases("a: &x [1]\\nb: *x\\n", "s.yaml")
    """
    from ..yamlfile import check_yaml

    check_yaml(text, source, error=SpecError, max_aliases=limit, max_nodes=MAX_YAML_NODES)


class _SpecLoader(yaml.BaseLoader):
    """YAML loader that keeps all scalars as strings (no octal, no Norway problem)."""


_BOOL_FIELDS = {"required", "restricted"}


def _coerce_bools(obj):
    """BaseLoader leaves ``true``/``false`` as strings; turn the known boolean fields into bools."""
    if isinstance(obj, dict):
        out = {}
        for k, v in obj.items():
            if k in _BOOL_FIELDS and isinstance(v, str):
                low = v.strip().lower()
                if low in {"true", "yes"}:
                    v = True
                elif low in {"false", "no"}:
                    v = False
            out[k] = _coerce_bools(v)
        return out
    if isinstance(obj, list):
        return [_coerce_bools(v) for v in obj]
    return obj


def shipped_specs() -> list[str]:
    """Names of the specs shipped in ``netwerk/data/specs``."""
    from importlib import resources

    folder = resources.files("netwerk").joinpath("data/specs")
    return sorted(p.name.rsplit(".", 1)[0] for p in folder.iterdir() if p.name.endswith((".yaml", ".toml")))


def shipped_spec_path(name: str) -> Path:
    """Path of a shipped spec by name."""
    from importlib import resources

    folder = Path(str(resources.files("netwerk").joinpath("data/specs")))
    for ext in (".yaml", ".toml"):
        if (folder / f"{name}{ext}").exists():
            return folder / f"{name}{ext}"
    raise SpecError(_("geen meegeleverde specificatie '{naam}' (meegeleverd: {namen})", naam=name,
                      namen=", ".join(shipped_specs())))
