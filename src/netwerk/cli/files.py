"""Paths the user named on the command line: "into this folder", and what the system says.

Two rules every command shares:

* **``--out`` into a folder.** An ``--out`` that ends in a path separator (``shared/``) or names
  a folder that exists means "write into this folder", under the name the command would give
  the file (:func:`into_folder`). Typer drops the trailing separator when it makes a ``Path``, so
  the options that take a file *or* a folder parse their text with :func:`out_path`, which
  remembers it.
* **An operating-system error is one line in the user's language** that names the user's path
  and the option it came from (:func:`os_message`): ``--out: README is een bestand, geen map``,
  never Python's ``[Errno 17] File exists: 'README'``. DuckDB's I/O errors (``IO Error: Cannot
  open file "…": Not a directory``) are read back into the same operating-system error first
  (:func:`duckdb_os_error`), so they are said the same way. A temporary name netwerk made
  (``.x.csv.part``, ``.x.html.ab12.tmp``) is said as the file the user asked for.

Serves "a DuckDB or Python message never reaches the user raw" (issue 9).

Examples
--------
>>> from netwerk.i18n import using
>>> os_message(FileExistsError(17, "File exists", "README"), args=["--out", "README"])
'--out: README is een bestand, geen map'
>>> with using("en"):
...     os_message(NotADirectoryError(20, "Not a directory", "/dev/null/x"), args=["-o", "/dev/null/x"],
...                names={"-o": "--out"})
'--out: /dev/null is a file, not a folder (in /dev/null/x)'
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..i18n import _

__all__ = ["duckdb_os_error", "into_folder", "long_names", "os_message", "out_path",
           "wants_folder"]


class _OutPath(type(Path())):  # type: ignore[misc]
    """A ``Path`` that remembers whether the user's text ended in a separator."""

    folder_meant = False


def out_path(value: str | Path) -> Path:
    """Typer's parser for an ``--out`` that may name a file or a folder: the path, remembering
    a trailing ``/`` (or ``\\`` on Windows) that ``Path`` itself drops.

    Examples
    --------
    >>> wants_folder(out_path("gedeeld/")), wants_folder(out_path("gedeeld/x.csv"))
    (True, False)
    """
    if isinstance(value, Path):
        return value
    p = _OutPath(value)
    p.folder_meant = value.endswith(("/", os.sep))
    return p


def wants_folder(out: Path) -> bool:
    """Whether ``--out`` means "into this folder": the text ended in a separator, or it names
    a folder that exists.

    Examples
    --------
    >>> import tempfile
    >>> wants_folder(Path(tempfile.mkdtemp())), wants_folder(Path("bestaat-niet.csv"))
    (True, False)
    """
    return bool(getattr(out, "folder_meant", False)) or Path(out).is_dir()


def into_folder(out: Path, name: str) -> Path:
    """The file to write for ``--out``: ``out / name`` when ``--out`` means a folder
    (:func:`wants_folder`), else ``out`` itself.

    Examples
    --------
    >>> into_folder(out_path("gedeeld/"), "politie.csv").as_posix()
    'gedeeld/politie.csv'
    >>> into_folder(out_path("gedeeld/p.csv"), "politie.csv").as_posix()
    'gedeeld/p.csv'
    """
    return Path(out) / name if wants_folder(out) else Path(out)


#: temporary names netwerk writes beside the user's file: ``.NAME.part`` (pseudonymise) and
#: ``.NAME.<random>.tmp`` (:func:`netwerk.guard.atomic_write`)
_TEMP = re.compile(r"^\.(?P<name>.+?)(?:\.part|\.[^./]+\.tmp)$")


def _users_name(path: str) -> str:
    """The user's file for one of netwerk's temporary names; any other path as it is."""
    head, tail = os.path.split(path)
    m = _TEMP.match(tail)
    return os.path.join(head, m["name"]) if m else path


def _blocker(path: str) -> str | None:
    """The first part of ``path`` that exists and is not a folder (``README`` in
    ``README/x.html``), or None."""
    p = Path(path)
    for part in [*reversed(p.parents), p]:
        if str(part) in ("", "."):
            continue
        if part.exists() and not part.is_dir():
            return str(part)
    return None


def _option_of(path: str, args: Iterable[str], names: Mapping[str, str]) -> str | None:
    """The option (its long name) whose value is ``path``, lies inside it, or holds it."""
    args = list(args)
    target = os.path.abspath(path)
    for i, a in enumerate(args):
        if not a.startswith("-") or a == "-":
            continue
        opt, eq, value = a.partition("=")
        if not eq:
            if i + 1 >= len(args):
                continue
            value = args[i + 1]
        if not value or value.startswith("-"):
            continue
        v = os.path.abspath(value)
        if v == target or v.startswith(target.rstrip(os.sep) + os.sep) or \
                target.startswith(v.rstrip(os.sep) + os.sep):
            return names.get(opt, opt)
    return None


def os_message(exc: OSError, *, args: Iterable[str] = (),
               names: Mapping[str, str] | None = None) -> str:
    """What the operating system refused, in the user's language, naming the user's path and,
    when ``args`` (the command line) gave it, the option: ``--out: README is een bestand, geen
    map``. ``names`` maps a short option to its long name (``-o`` -> ``--out``).

    Examples
    --------
    >>> os_message(FileNotFoundError(2, "No such file or directory", "nope.csv"))
    'bestand niet gevonden: nope.csv'
    >>> os_message(IsADirectoryError(21, "Is a directory", "uit/.uit.part"), args=["--out", "uit"])
    '--out: dit is een map, geen bestand: uit/uit'
    >>> os_message(OSError(errno.ENOSPC, "No space left on device", "k.html"))
    'de schijf is vol: k.html'
    """
    from ..errors import cause_text

    name = getattr(exc, "filename", None)
    if name is None:
        return cause_text(exc)
    path = _users_name(os.fsdecode(name))
    if isinstance(exc, FileNotFoundError):
        said = _("bestand niet gevonden: {pad}", pad=path)
    elif isinstance(exc, PermissionError):
        said = _("geen toegang tot: {pad}", pad=path)
    elif isinstance(exc, IsADirectoryError):
        said = _("dit is een map, geen bestand: {pad}", pad=path)
    elif isinstance(exc, FileExistsError):
        said = (_("{pad} bestaat al", pad=path) if Path(path).is_dir()
                else _("{pad} is een bestand, geen map", pad=path))
    elif isinstance(exc, NotADirectoryError):
        block = _blocker(path)
        said = (_("{pad} is een bestand, geen map", pad=path) if block in (None, path) else
                _("{blok} is een bestand, geen map (in {pad})", blok=block, pad=path))
    elif exc.errno == errno.ENOSPC:
        said = _("de schijf is vol: {pad}", pad=path)
    elif exc.errno == errno.EROFS:
        said = _("alleen-lezen schijf: {pad}", pad=path)
    elif exc.errno == errno.ENAMETOOLONG:
        said = _("de naam is te lang: {pad}", pad=path)
    else:
        said = _("{pad}: {oorzaak}", pad=path, oorzaak=cause_text(exc))
    opt = _option_of(path, args, names or {})
    return f"{opt}: {said}" if opt else said


#: DuckDB's wording of an operating-system error on a file
_DUCKDB_FILE = re.compile(r'(?:Cannot open|Could not (?:open|create|write|read)|Failed to '
                          r'(?:open|create|write|read))[^"]*"(?P<path>[^"]+)"[^:]*: '
                          r'(?P<why>[^\n]+)', re.I)


def duckdb_os_error(exc: BaseException) -> OSError | None:
    """A DuckDB I/O error on a file as the operating-system error it reports, or None.

    Examples
    --------
    >>> e = duckdb_os_error(Exception('IO Error: Cannot open file "/tmp/R/c.duckdb": Not a directory'))
    >>> type(e).__name__, e.filename
    ('NotADirectoryError', '/tmp/R/c.duckdb')
    """
    m = _DUCKDB_FILE.search(str(exc))
    if not m:
        return None
    why = m["why"].strip().rstrip(".").lower()
    code = next((c for c in errno.errorcode if os.strerror(c).lower() == why), None)
    if code is None:
        return None
    return OSError(code, os.strerror(code), m["path"])


def long_names(cmd: Any) -> dict[str, str]:
    """Every option spelling of a Click command -> its long name (``-o`` -> ``--out``)."""
    names: dict[str, str] = {}
    for p in getattr(cmd, "params", []):
        opts = [*getattr(p, "opts", []), *getattr(p, "secondary_opts", [])]
        longs = [o for o in opts if o.startswith("--")]
        for o in opts:
            names[o] = longs[0] if longs else o
    return names
