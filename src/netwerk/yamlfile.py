"""One safe way to read the YAML an analyst edits: specs, manifests, barrier models, the
catalogue, weights, criteria, editions, profiles, the data model and the other settings files.

A YAML file is a small document a person wrote. Before it is turned into Python objects it is
walked once as a stream of parser events (no recursion, no objects built) and refused, naming the
file, when it is

* larger than ``max_bytes`` (default :data:`MAX_YAML_BYTES`);
* nested deeper than :data:`MAX_YAML_DEPTH` mappings and lists (PyYAML builds objects
  recursively: a file of ``[[[[...`` a few kilobytes long otherwise ends in Python's
  ``RecursionError`` after minutes);
* using more than :data:`MAX_YAML_ALIASES` aliases (``*name``), or aliases that expand to more
  than :data:`MAX_YAML_NODES` values (a "billion laughs" alias bomb: nine lines that grow into
  gigabytes when the document is walked).

Then it is loaded with PyYAML's safe loader (or the base loader, which keeps every scalar a
string, for specs and manifests). Errors are :class:`~netwerk.errors.ConfigError` (or the class
the caller passes, e.g. :class:`~netwerk.errors.SpecError`) with a Dutch-first message that names
the line and column where the parser knows them, never a Python traceback.

Serves *room for the good conversation*: the files analysts edit together are read safely.

Examples
--------
>>> load_yaml_text("a: 1\\nb: [x, y]\\n", "instellingen.yaml")
{'a': 1, 'b': ['x', 'y']}
>>> load_yaml_text("a: " + "[" * 200 + "]" * 200, "diep.yaml")
Traceback (most recent call last):
...
netwerk.errors.ConfigError: diep.yaml: de YAML is dieper genest dan 64 niveaus (regel 1); geweigerd: schrijf de structuur platter
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError, NetwerkError, cause_text
from .i18n import _

__all__ = [
    "MAX_YAML_ALIASES",
    "MAX_YAML_BYTES",
    "MAX_YAML_DEPTH",
    "MAX_YAML_NODES",
    "check_yaml",
    "load_yaml_text",
    "read_yaml_file",
]

#: largest analyst-editable YAML file read (bytes); the shipped catalogue is ~0.1 MB
MAX_YAML_BYTES = 5_000_000
#: deepest nesting of mappings and lists (the shipped files use at most 6)
MAX_YAML_DEPTH = 64
#: most aliases (``*name``) in one file
MAX_YAML_ALIASES = 100
#: most values the aliases may expand the document to
MAX_YAML_NODES = 100_000


def check_yaml(text: str, source: str, *, error: type[NetwerkError] = ConfigError,
               max_depth: int = MAX_YAML_DEPTH, max_aliases: int = MAX_YAML_ALIASES,
               max_nodes: int = MAX_YAML_NODES) -> None:
    """Refuse YAML that is nested too deep or whose aliases could explode, without building it.

    One pass over PyYAML's event stream (iterative, memory bounded by the depth): the nesting
    depth is the number of open mappings and lists; the expanded size of every anchored node is
    counted when it closes, and an alias adds that size again.

    Parameters
    ----------
    text : str
        The YAML document(s).
    source : str
        The file name for the message.
    error : NetwerkError subclass
        The error raised (default :class:`~netwerk.errors.ConfigError`).
    max_depth, max_aliases, max_nodes : int
        The limits (see the module constants).

    Raises
    ------
    error
        Naming ``source`` and the limit. A document that is not valid YAML passes: the loader
        that follows reports the syntax error with its line and column.

    Examples
    --------
    >>> check_yaml("a: &x [1, 2]\\nb: *x\\n", "s.yaml")
    >>> bomb = "a: &a [x, x, x, x, x, x, x, x, x]\\n" + "".join(
    ...     f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\\n"
    ...     for p, c in zip("abcdefgh", "bcdefghi"))
    >>> check_yaml(bomb, "bom.yaml")
    Traceback (most recent call last):
    ...
    netwerk.errors.ConfigError: bom.yaml: de YAML-aliassen (*naam) groeien uit tot meer dan 100000 waarden: geweigerd als mogelijke aliasbom
    """
    stack: list[int] = []  # expanded size of each open collection so far
    anchors: list[str | None] = []  # the anchor of each open collection
    sizes: dict[str, int] = {}  # expanded size of each anchored node
    grown = aliases = 0  # values of the document as the aliases expand it; aliases seen

    def close(n: int) -> None:  # a node of expanded size n is complete: add it to its parent
        if stack:
            stack[-1] += n

    try:
        for event in yaml.parse(text, Loader=yaml.BaseLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                if len(stack) >= max_depth:
                    raise error(_("de YAML is dieper genest dan {max} niveaus (regel {regel}); "
                                  "geweigerd: schrijf de structuur platter", max=max_depth,
                                  regel=event.start_mark.line + 1), file=source)
                stack.append(1)
                anchors.append(event.anchor)
                grown += 1
            elif isinstance(event, yaml.CollectionEndEvent):
                n, anchor = stack.pop(), anchors.pop()
                if anchor is not None:
                    sizes[anchor] = n
                close(n)
                continue
            elif isinstance(event, yaml.ScalarEvent):
                if event.anchor is not None:
                    sizes[event.anchor] = 1
                close(1)
                grown += 1
            elif isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > max_aliases:
                    raise error(_("meer dan {max} YAML-aliassen (*naam): geweigerd als mogelijke "
                                  "aliasbom; schrijf de waarden uit", max=max_aliases),
                                file=source)
                n = sizes.get(event.anchor, 1)
                close(n)
                grown += n
            else:
                continue
            if aliases and grown > max_nodes:
                raise error(_("de YAML-aliassen (*naam) groeien uit tot meer dan {max} waarden: "
                              "geweigerd als mogelijke aliasbom", max=max_nodes), file=source)
    except yaml.YAMLError:
        return  # not valid YAML: the loader that follows says where, in its own words


def load_yaml_text(text: str, source: str, *, error: type[NetwerkError] = ConfigError,
                   strings: bool = False, max_bytes: int = MAX_YAML_BYTES) -> Any:
    """Parse one YAML document an analyst wrote, after :func:`check_yaml`.

    Parameters
    ----------
    text : str
        The document.
    source : str
        The file name for messages (a shipped file: ``netwerk/data/<name>.yaml``).
    error : NetwerkError subclass
        The error raised (default :class:`~netwerk.errors.ConfigError`).
    strings : bool
        Keep every scalar a string (PyYAML's base loader: no octal numbers, no ``no`` -> False);
        default: the safe loader's types.
    max_bytes : int
        Largest document accepted (UTF-8 bytes).

    Returns
    -------
    object
        What the document holds (``None`` for an empty document).

    Raises
    ------
    error
        Too large, too deep, an alias bomb, or not valid YAML (with line and column).

    Examples
    --------
    >>> load_yaml_text("versie: 010\\nactief: no\\n", "x.yaml")
    {'versie': 8, 'actief': False}
    >>> load_yaml_text("versie: 010\\nactief: no\\n", "x.yaml", strings=True)
    {'versie': '010', 'actief': 'no'}
    """
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        raise error(_("het bestand is {n} bytes; een instellingenbestand mag hoogstens {max} bytes "
                      "zijn", n=size, max=max_bytes), file=source)
    check_yaml(text, source, error=error)
    try:
        return yaml.load(text, Loader=yaml.BaseLoader if strings else yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise error(_("geen geldige YAML ({oorzaak})", oorzaak=cause_text(exc)),
                    file=source) from None


def read_yaml_file(path: str | Path, what: str, *, error: type[NetwerkError] = ConfigError,
                   strings: bool = False, max_bytes: int = MAX_YAML_BYTES) -> Any:
    """:func:`load_yaml_text` of a file, checking its size before reading it.

    Parameters
    ----------
    path : str or Path
        The file.
    what : str
        What the file is, in the user's language (``_("gewichtenbestand")``), for messages.
    error, strings, max_bytes
        As :func:`load_yaml_text`.

    Raises
    ------
    error
        Missing or unreadable (``"<what> niet gevonden"``), too large, too deep, an alias bomb,
        not UTF-8 or not valid YAML.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "w.yaml"
    >>> _ = p.write_text("weights: {degree: 1}\\n", encoding="utf-8")
    >>> read_yaml_file(p, "gewichtenbestand")
    {'weights': {'degree': 1}}
    >>> read_yaml_file(p.with_name("geen.yaml"), "gewichtenbestand")
    Traceback (most recent call last):
    ...
    netwerk.errors.ConfigError: ...geen.yaml: gewichtenbestand niet gevonden
    """
    p = Path(path)
    if not p.is_file():
        raise error(_("{wat} niet gevonden", wat=what), file=str(p))
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise error(_("het bestand is {n} bytes; een instellingenbestand mag hoogstens {max} "
                          "bytes zijn", n=size, max=max_bytes), file=str(p))
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise error(_("{wat} niet leesbaar: {oorzaak}", wat=what, oorzaak=cause_text(exc)),
                    file=str(p)) from None
    return load_yaml_text(text, str(p), error=error, strings=strings, max_bytes=max_bytes)
