"""The one output guard: no string netwerk writes may look like a raw identifier.

Outputs are built from pseudonymised data, so no file and no console line should hold a BSN, an
IBAN, a phone number, a licence plate, a postcode or a police/registration number of a spec's
``raw_patterns``. Raw text can still reach an output: partner text kept under ingest's
``--override-leak-guard``, a case name or decision typed by an analyst, a file name, a note.
This module is the last line of defence, and it sits **inside the writers** so that it holds for
every output, including ones added later:

* every safe writer of :mod:`netwerk.io` (``write_csv``, ``write_xlsx``, ``save_workbook``,
  ``write_markdown``, ``write_json``, ``write_text``, ``write_html``) scans every string it would
  write (cells, column headers, index, sheet names, headers and footers, JSON keys and values,
  visible HTML text, tooltips and the page's JSON data) with the ONE detector set of
  :func:`netwerk.privacy.find_raw_identifiers` before anything is written, then writes through a
  temporary file and a rename, so a refused or broken write leaves no partial file;
* the governance of a run (:func:`netwerk.governance.govern`) checks the marking line, the
  recorded decisions and the case record before the first file is written;
* the ``netwerk`` command masks (``[bsn]``, ``[phone]``) what its console tables would show.

There is **no override**: ingest's ``--override-leak-guard`` lets a store hold a value an analyst
has to look at, but it never lets that value into a map, plan, report or export that a partner
receives. Pseudonyms (``BSN-<24 hex>``) and UUIDs are never flagged.

The patterns of the specs a case was built with (:func:`netwerk.privacy.case_patterns`) reach
every writer through :func:`guarded_output`: the scope a command or a :class:`netwerk.case.Case`
method opens. Inside a scope, a refusal also removes every file the scope had written already,
so a refused command leaves nothing behind.

Refusals raise :class:`~netwerk.errors.LeakError` in Dutch (English through :mod:`netwerk.i18n`),
naming the output, the file and the column or field, the identifier kind and its masked shape
(:func:`netwerk.privacy.masked_shape`), never the value, with advice that fits where the text came
from (partner data, the case record, an analyst's note, a file name).

Principle served: *dedicated teamplay* needs trust between partners; nothing raw leaves a partner.

Examples
--------
>>> check_no_raw_identifiers([("kolom 'label'", "BSN-0123456789abcdef01234567")])
>>> try:
...     check_no_raw_identifiers([("kolom 'rol'", "tel 06-12345678")], what="plan.csv")
... except LeakError as e:
...     print(str(e)[:60])
plan.csv wordt niet geschreven: 1 waarde(n) lijken op ruwe i
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from re import Pattern
from typing import Any

from .errors import LeakError, Reason
from .i18n import N_, _
from .privacy import (
    PSEUDONYM_RE,
    candidates,
    find_raw_identifiers,
    kind_label,
    mask_text,
    masked_shape,
)

__all__ = [
    "PSEUDONYM_RE",
    "SOURCES",
    "GuardScope",
    "active_patterns",
    "add_patterns",
    "atomic_write",
    "check_frame",
    "check_html",
    "check_no_raw_identifiers",
    "check_object",
    "check_text",
    "check_workbook",
    "find_raw_identifiers",
    "guarded_output",
    "mask_console",
    "walk_strings",
]

#: Where a refused text came from -> the advice the refusal gives (Dutch message ids).
SOURCES: dict[str, str] = {
    "partner": N_("Pseudonimiseer het extract (of laat het kenmerk weg uit het profiel van het "
                  "publiek); een import met --override-leak-guard mag niet in een uitvoer komen."),
    "case": N_("Pas de casusgegevens aan (netwerk case init, netwerk decide): een casusnaam, "
               "doel of besluit mag geen identificator bevatten; noem het pseudoniem."),
    "note": N_("Haal het nummer uit de notitie of de logregel en noem het pseudoniem van het "
               "knooppunt."),
    "name": N_("Geef het bestand of de casus een naam zonder identificator."),
    "output": N_("Komt de tekst uit een extract, pseudonimiseer het; uit de casusgegevens, een "
                 "besluit of een notitie, pas die aan en noem het pseudoniem."),
}


@dataclass
class GuardScope:
    """One guarded output run: the spec patterns every writer in it uses, and the files written.

    Use :func:`guarded_output`; writers register what they wrote with :meth:`wrote`.
    """

    patterns: dict[str, Pattern[str]] = field(default_factory=dict)
    created: list[Path] = field(default_factory=list)
    folders: list[Path] = field(default_factory=list)

    def wrote(self, path: Path, *, existed: bool) -> None:
        """Remember a file this scope created (a refusal later in the scope removes it)."""
        if not existed and path not in self.created:
            self.created.append(path)

    def made_folder(self, folder: Path) -> None:
        """Remember a folder this scope created (removed on a refusal if it is then empty)."""
        if folder not in self.folders:
            self.folders.append(folder)

    def rollback(self) -> None:
        """Remove the files this scope created (newest first), then its folders left empty."""
        for p in reversed(self.created):
            with contextlib.suppress(OSError):
                p.unlink()
        for d in sorted(self.folders, key=lambda d: len(d.parts), reverse=True):
            with contextlib.suppress(OSError):
                d.rmdir()  # only when empty
        self.created.clear()
        self.folders.clear()


_SCOPE: contextvars.ContextVar[GuardScope | None] = contextvars.ContextVar(
    "netwerk_guard_scope", default=None)


@contextlib.contextmanager
def guarded_output(extra: Mapping[str, Pattern[str]] | None = None) -> Iterator[GuardScope]:
    """A scope in which every writer also uses ``extra`` and a refusal removes what was written.

    Scopes nest: an inner scope adds its patterns to the outer one and shares its files, so the
    outermost scope (the ``netwerk`` command, or a :class:`~netwerk.case.Case` method) decides.

    Parameters
    ----------
    extra : mapping of label -> compiled pattern, optional
        Patterns of the case's specs (:func:`netwerk.privacy.case_patterns`).

    Examples
    --------
    >>> import tempfile, pandas as pd
    >>> from netwerk import io
    >>> d = Path(tempfile.mkdtemp())
    >>> try:
    ...     with guarded_output():
    ...         _ = io.write_csv(pd.DataFrame({"a": ["ok"]}), d / "a.csv")
    ...         _ = io.write_csv(pd.DataFrame({"b": ["0612345678"]}), d / "b.csv")
    ... except LeakError as e:
    ...     print(e.reason, sorted(p.name for p in d.iterdir()))
    raw_identifier []
    """
    outer = _SCOPE.get()
    if outer is not None:
        add_patterns(extra)
        yield outer
        return
    scope = GuardScope(patterns=dict(extra or {}))
    token = _SCOPE.set(scope)
    try:
        yield scope
    except LeakError:
        scope.rollback()
        raise
    finally:
        _SCOPE.reset(token)


def add_patterns(extra: Mapping[str, Pattern[str]] | None) -> None:
    """Add patterns to the current scope (no scope: nothing to do; pass ``extra=`` instead)."""
    scope = _SCOPE.get()
    if scope is not None and extra:
        for label, rx in extra.items():
            scope.patterns.setdefault(label, rx)


def active_patterns(extra: Mapping[str, Pattern[str]] | None = None
                    ) -> dict[str, Pattern[str]] | None:
    """The patterns of the current scope merged with ``extra`` (None when there are none)."""
    scope = _SCOPE.get()
    merged = {**(scope.patterns if scope is not None else {}), **(extra or {})}
    return merged or None


def check_no_raw_identifiers(items: Iterable[tuple[str, Any]], *, what: str | None = None,
                             extra: Mapping[str, Pattern[str]] | None = None,
                             source: str = "output") -> None:
    """Raise :class:`LeakError` if any string that would be written looks like a raw identifier.

    Parameters
    ----------
    items : iterable of (where, text)
        Each string that would be shown, with where it goes (e.g. ``"kolom 'rol', rij 3"``).
        ``None`` texts are skipped.
    what : str, optional
        The output in words or its file name (default "de uitvoer").
    extra : mapping of label -> compiled pattern, optional
        Spec-given patterns (:func:`netwerk.privacy.compile_patterns`); the current
        :func:`guarded_output` scope's patterns are always added.
    source : str
        Where the text came from, a key of :data:`SOURCES`; chooses the advice.

    Raises
    ------
    LeakError
        Names the place, the identifier kind and its masked shape ("9 cijfers, 11-proef klopt"),
        never the value, at most five of them.

    Examples
    --------
    >>> check_no_raw_identifiers([("node a, label", "BSN-0123456789abcdef01234567")])
    >>> try:
    ...     check_no_raw_identifiers([("node b, label", "tel 06-12345678")], what="map")
    ... except LeakError as e:
    ...     print(e.reason, "06-12345678" in str(e))
    raw_identifier False
    """
    pats = active_patterns(extra)
    hits: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for where, text in items:
        if text is None:
            continue
        text = str(text)
        if not text or text in seen:
            continue
        seen.add(text)
        for kind, value in find_raw_identifiers(text, pats):
            hits.append((where, kind, value))
            if len(hits) >= 5:
                break
        if len(hits) >= 5:
            break
    if hits:
        _refuse(hits, what=what, source=source)


def _refuse(hits: list[tuple[str, str, str]], *, what: str | None, source: str) -> None:
    detail = "; ".join(f"{w}: {kind_label(k)} ({masked_shape(v, k)})" for w, k, v in hits)
    advice = _(SOURCES.get(source, SOURCES["output"]))
    raise LeakError(
        _("{wat} wordt niet geschreven: {n} waarde(n) lijken op ruwe identificatoren "
          "({details}). {advies}", wat=what or _("de uitvoer"),
          n=f"{len(hits)}{'+' if len(hits) >= 5 else ''}", details=detail, advies=advice),
        reason=Reason.RAW_IDENTIFIER,
    )


def walk_strings(obj: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Yield ``(path, string)`` for every string (keys too) in a JSON-able structure.

    Examples
    --------
    >>> list(walk_strings({"a": ["x", 1], "b": {"c": "y"}}))
    [('a', 'a'), ('a[0]', 'x'), ('b', 'b'), ('b.c', 'c'), ('b.c', 'y')]
    """
    if isinstance(obj, str):
        yield path, obj
    elif isinstance(obj, Mapping):
        for k, v in obj.items():
            p = f"{path}.{k}" if path else str(k)
            yield p, str(k)
            yield from walk_strings(v, p)
    elif isinstance(obj, list | tuple | set | frozenset):
        for i, v in enumerate(obj):
            yield from walk_strings(v, f"{path}[{i}]")
    elif isinstance(obj, Path):
        yield path, str(obj)


def _masked(name: Any) -> str:
    """A field, column or sheet name as a refusal shows it: raw identifiers masked."""
    return mask_text(str(name), active_patterns())


def _field(name: Any) -> str:
    return _("veld '{veld}'", veld=_masked(name))


def check_object(obj: Any, *, what: str, extra: Mapping[str, Pattern[str]] | None = None
                 ) -> None:
    """Check every key and string value of a JSON-able object (provenance, summaries)."""
    check_no_raw_identifiers(((_field(p), s) for p, s in walk_strings(obj)), what=what,
                             extra=extra)


def check_text(text: str, *, what: str, where: str | None = None,
               extra: Mapping[str, Pattern[str]] | None = None) -> None:
    """Check a written text (Markdown with its escapes removed, XML) line by line."""
    plain = re.sub(r"\\(.)", r"\1", text)  # Markdown escapes: '06\-1234' is '06-1234'
    check_no_raw_identifiers(
        ((where or _("regel {nr}", nr=i), line) for i, line in enumerate(plain.splitlines(), 1)),
        what=what, extra=extra)


def check_frame(df: Any, *, what: str, index: bool = False, index_label: str | None = None,
                extra: Mapping[str, Pattern[str]] | None = None) -> None:
    """Check every column header, text cell (and with ``index=True`` the index) of a table.

    Columns are tested column-wise (:func:`netwerk.privacy.candidates`); only the candidate
    cells are read again to name the kind. Float and boolean columns hold no identifiers.

    Examples
    --------
    >>> import pandas as pd
    >>> check_frame(pd.DataFrame({"id": ["BSN-0123456789abcdef01234567"], "score": [0.5]}),
    ...             what="nodes.csv")
    >>> try:
    ...     check_frame(pd.DataFrame({"rol": ["ok", "bsn 123456782"]}), what="plan.csv")
    ... except LeakError as e:
    ...     print("kolom 'rol', rij 2" in str(e))
    True
    """
    import numpy as np
    import pandas as pd

    pats = active_patterns(extra)
    items: list[tuple[str, Any]] = [(_("kolomkop"), str(c)) for c in df.columns]
    if index:
        items.append((_("index"), index_label or df.index.name))
        cols = [(index_label or df.index.name or "index", pd.Series(df.index, dtype=object))]
    else:
        cols = []
    cols += [(c, df.iloc[:, i]) for i, c in enumerate(df.columns)]
    for col, s in cols:
        if pd.api.types.is_float_dtype(s.dtype) or pd.api.types.is_bool_dtype(s.dtype):
            continue
        texts = s.astype(object).map(lambda v: None if v is None or (
            isinstance(v, float) and v != v) else (
            "; ".join(map(str, v)) if isinstance(v, list | tuple | set | np.ndarray) else str(v)))
        hit = candidates(pd.Series(texts, dtype=object), pats)
        for i in np.flatnonzero(hit):
            items.append((_("kolom '{kolom}', rij {rij}", kolom=_masked(col),
                            rij=int(i) + 1), texts.iloc[i]))
    check_no_raw_identifiers(items, what=what, extra=extra)


def check_workbook(wb: Any, *, what: str, extra: Mapping[str, Pattern[str]] | None = None
                   ) -> None:
    """Check every text cell, sheet name, header and footer of an openpyxl workbook."""
    items: list[tuple[str, Any]] = []
    for ws in wb.worksheets:
        items.append((_("bladnaam"), ws.title))
        for part in (ws.oddHeader, ws.oddFooter):
            for pos in (part.left, part.center, part.right):
                items.append((_("kop- of voettekst"), pos.text))
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str):
                    items.append((_("blad '{blad}', cel {cel}", blad=_masked(ws.title),
                                    cel=c.coordinate), c.value))
    check_no_raw_identifiers(items, what=what, extra=extra)


#: HTML attributes whose value a reader sees (tooltips, alternative text, image labels).
_SHOWN_ATTRS = frozenset({"title", "alt", "aria-label", "placeholder", "value", "content",
                          "data-title", "data-label"})


class _Visible(HTMLParser):
    """Collects what a reader of a page sees: text outside scripts and styles, shown attribute
    values, and the strings of ``<script type="application/json">`` data blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[tuple[str, str]] = []
        self._skip = 0
        self._json: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("script", "style"):
            if tag == "script" and (a.get("type") or "").endswith("json"):
                self._json = []
            else:
                self._skip += 1
        for k, v in attrs:
            if k in _SHOWN_ATTRS and v:
                self.items.append((_("attribuut {naam}", naam=k), v))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._json is not None:
            try:
                data = json.loads("".join(self._json))
            except ValueError:
                self.items.append((_("gegevensblok"), "".join(self._json)))
            else:
                self.items.extend((_field(p), s) for p, s in walk_strings(data))
            self._json = None
        elif tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._json is not None:
            self._json.append(data)
        elif not self._skip and data.strip():
            self.items.append((_("tekst"), data))


def check_html(html: str, *, what: str, extra: Mapping[str, Pattern[str]] | None = None
               ) -> None:
    """Check what a reader of an HTML page sees: its text (marking, titles, tables, SVG labels),
    tooltips and alternative texts, and every string of its JSON data blocks (a map's nodes).
    Scripts and styles are code, not text, and are skipped.

    Examples
    --------
    >>> check_html("<p title='BSN-0123456789abcdef01234567'>rang 1</p><script>x=612345678</script>",
    ...            what="kaart.html")
    >>> try:
    ...     check_html('<script type="application/json">{"label": "3512 JE 12"}</script>',
    ...                what="kaart.html")
    ... except LeakError as e:
    ...     print("veld 'label'" in str(e))
    True
    """
    p = _Visible()
    p.feed(html)
    p.close()
    check_no_raw_identifiers(p.items, what=what, extra=extra)


def atomic_write(path: str | Path, write: Callable[[Path], None]) -> Path:
    """Write ``path`` through a temporary file in its folder and a rename: a reader never sees
    half a file, and a failure leaves none. ``write(tmp)`` writes the content.

    The file is registered with the current :func:`guarded_output` scope.

    Examples
    --------
    >>> import tempfile
    >>> p = atomic_write(Path(tempfile.mkdtemp()) / "a.txt", lambda t: t.write_text("x"))
    >>> p.read_text()
    'x'
    """
    p = Path(path)
    scope = _SCOPE.get()
    if scope is not None:
        for d in (p.parent, *p.parent.parents):
            if d.exists():
                break
            scope.made_folder(d)
    p.parent.mkdir(parents=True, exist_ok=True)
    existed = p.exists()
    fd, name = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        os.chmod(tmp, p.stat().st_mode & 0o7777 if existed else 0o666 & ~_umask())
        os.replace(tmp, p)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if scope is not None:
        scope.wrote(p, existed=existed)
    return p


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def mask_console(text: str) -> str:
    """A console line with every raw-looking identifier masked (``[bsn]``, ``[phone]``), with
    the current scope's spec patterns.

    Examples
    --------
    >>> mask_console("politie | 0612345678 | 1 | BSN-0123456789abcdef01234567")
    'politie | [phone] | 1 | BSN-0123456789abcdef01234567'
    """
    return mask_text(text, active_patterns())
