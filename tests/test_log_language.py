"""Log messages a user can see speak the user's language: Dutch first, English available.

The command line shows netwerk's log at WARNING and above (INFO with ``--verbose``), so a log
message is user-facing text like an error. Part (a) scans the source: every call
``log|logger|_log .warning|.warn|.info|.error|.critical|.exception(...)`` in ``src/netwerk`` must
pass a **translated message**, by the rules of the error scan
(:mod:`test_error_language`: a call of ``_``/``gettext``/``ngettext``, a local name all of whose
assignments are translated, a helper's parameter every caller fills with a translated text, ...),
and in addition

* a format string without words (``"%s"``) whose arguments are *all* translated, or
* a loop variable over a list of messages (``for note in notes``) when every ``.append`` /
  ``.insert`` on a list of that name in the module is translated and the list is a parameter or
  starts as a list of translated texts (the readers collect their notes that way).

Two more rules keep identifiers and cell text out of the log, as for errors: no traceback at a
user level (``exc_info``/``stack_info``, or ``.exception``: the traceback is English and its
exception text may quote a cell; log it at DEBUG), and no exception caught from elsewhere (a
reader, DuckDB, pyarrow, the OS) anywhere in the message, only through
:func:`netwerk.errors.cause_text` or when caught as a NetwerkError (its message is translated
where it was raised).

``log.debug`` is left out on purpose: it is developer-only (shown with ``--debug`` only, together
with tracebacks), and stays English.

Part (b) runs a real warning through the command line in a separate process (the logging set-up
of ``netwerk`` itself, as a user sees it): Dutch by default, English with ``--lang en``, no word of
the other language; and checks that a warning logged in a worker thread keeps ``--lang``.
"""

from __future__ import annotations

import ast
import logging
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import test_error_language as scan

from netwerk.i18n import in_language, using

SRC = scan.SRC
MODULES = scan.MODULES
LOGGERS = {"log", "logger", "_log"}
#: the levels a user sees (``warn`` is the old alias of ``warning``); ``debug`` is developer-only
USER_LEVELS = {"warning", "warn", "info", "error", "critical", "exception"}
_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa%]")


def _log_calls(tree: ast.AST) -> list[tuple[ast.Call, str]]:
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and isinstance(node.func.value, ast.Name) and node.func.value.id in LOGGERS:
            level = node.func.attr
            if level in USER_LEVELS or (level == "log" and not (
                    node.args and isinstance(node.args[0], ast.Attribute)
                    and node.args[0].attr == "DEBUG")):
                out.append((node, level))
    return out


def _note_list(rel: str, name: str, scope: ast.AST) -> bool:
    """``name`` in ``scope`` is a list of translated messages (see the module docstring)."""
    if isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef) \
            and scan._param_index(scope, name) is not None:
        start_ok = True
    else:
        vals = scan._assignments(scope, name)
        # the list's own literals, and (as _assignments also lists them) its appends
        start_ok = bool(vals) and all(
            all(scan._translated(rel, e, scope) for e in v.elts) if isinstance(v, ast.List)
            else scan._translated(rel, v, scope) for v in vals)
    if not start_ok:
        return False
    for node in ast.walk(scan._trees()[rel]):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and isinstance(node.func.value, ast.Name) and node.func.value.id == name:
            if node.func.attr == "extend":
                return False
            if node.func.attr in ("append", "insert") and node.args and not scan._translated(
                    rel, node.args[-1], scan._enclosing(rel, node)):
                return False
    return True


def _message_ok(rel: str, node: ast.AST, scope: ast.AST) -> bool:
    if scan._translated(rel, node, scope):
        return True
    if isinstance(node, ast.Name) and scan._assignments(scope, node.id) is None:
        for loop in ast.walk(scope):
            if isinstance(loop, ast.For) and isinstance(loop.target, ast.Name) \
                    and loop.target.id == node.id and isinstance(loop.iter, ast.Name):
                return _note_list(rel, loop.iter.id, scope)
    return False


def _foreign_exceptions(rel: str, exprs: list[ast.AST], scope: ast.AST) -> list[str]:
    """Names of exceptions caught from outside netwerk's errors that reach the message
    (anywhere but inside ``cause_text(...)``)."""
    caught = {h.name for h in ast.walk(scope) if isinstance(h, ast.ExceptHandler) and h.name}
    bad: list[str] = []
    followed: set[str] = set()

    def visit(n: ast.AST) -> None:
        if isinstance(n, ast.Call) and scan._name(n.func) == "cause_text":
            return
        if isinstance(n, ast.IfExp):  # the condition chooses a message, it is not in it
            visit(n.body)
            visit(n.orelse)
            return
        if isinstance(n, ast.Name) and n.id in caught:
            if not scan._caught_as_netwerk_error(rel, n.id, scope):
                bad.append(n.id)
        elif isinstance(n, ast.Name) and n.id not in followed:  # a local: what it was given
            followed.add(n.id)
            for value in scan._assignments(scope, n.id) or []:
                visit(value)
        for child in ast.iter_child_nodes(n):
            visit(child)

    for e in exprs:
        visit(e)
    return bad


def untranslated_logs(rel: str) -> list[str]:
    """``line: log.level(...)`` for every user-level log call in ``rel`` that breaks a rule."""
    out = []
    for call, level in _log_calls(scan._trees()[rel]):
        scope = scan._enclosing(rel, call)
        args = list(call.args[1:] if level == "log" else call.args)
        msg = args[0] if args else next((k.value for k in call.keywords if k.arg == "msg"), None)
        rest = args[1:]
        where = f"{rel}:{call.lineno}: log.{level}({ast.unparse(msg)[:60] if msg else ''})"
        if msg is None:
            out.append(where + " without a message")
            continue
        ok = _message_ok(rel, msg, scope)
        if not ok and isinstance(msg, ast.Constant) and isinstance(msg.value, str) and rest \
                and not scan._LETTER.search(_SPEC.sub("", msg.value)):
            ok = all(_message_ok(rel, a, scope) for a in rest)
        if not ok:
            out.append(where + " not translated")
        flags = {k.arg: k.value for k in call.keywords if k.arg in ("exc_info", "stack_info")}
        if level == "exception" and "exc_info" not in flags:
            flags["exc_info"] = ast.Constant(True)
        if any(not (isinstance(v, ast.Constant) and not v.value) for v in flags.values()):
            out.append(where + " shows a traceback (log it at debug)")
        foreign = _foreign_exceptions(rel, [msg, *rest], scope)
        if foreign:
            out.append(where + f" puts the text of {', '.join(foreign)} in the message "
                               "(use errors.cause_text)")
    return out


@pytest.mark.parametrize("module", MODULES)
def test_log_messages_are_translated(module):
    bad = untranslated_logs(module)
    assert not bad, f"{len(bad)} log message(s) not in the user's language:\n" + "\n".join(bad)


def test_the_scan_finds_the_log_calls():
    """The scan sees the log calls that are there (a scan that finds none cannot fail)."""
    calls = sum(len(_log_calls(scan._trees()[rel])) for rel in MODULES)
    assert calls >= 30, calls


@pytest.mark.parametrize("source, bad", [
    ('log.warning("file %s skipped", f)', True),
    ('log.info(f"{n} rows read")', True),
    ('log.warning(_("{n} regels gelezen", n=n))', False),
    ('log.warning("%s", _("{n} regels gelezen", n=n))', False),
    ('log.warning("%s: %s", name, _("overgeslagen"))', True),
    ('log.warning("%s: %s", _("a"), ngettext("{n} regel", "{n} regels", n))', False),
    ('logger.error("pagerank did not converge")', True),
    ('_log.critical("%d", n)', True),
    ('log.debug("developer detail %s", x)', False),
    ('log.warning(_("mislukt"), exc_info=True)', True),
    ('log.exception(_("mislukt"))', True),
    ('log.warning(_("mislukt"), exc_info=False)', False),
    ('try:\n    f()\nexcept OSError as exc:\n    log.warning(_("mislukt: {f}", f=exc))', True),
    ('try:\n    f()\nexcept OSError as exc:\n    log.warning(_("mislukt: {f}", f=cause_text(exc)))',
     False),
    ('try:\n    f()\nexcept InputError as exc:\n    log.warning(_("mislukt: {f}", f=exc))', False),
    ('notes = []\nnotes.append(_("a"))\nfor n in notes:\n    log.warning(n)', False),
    ('notes = []\nnotes.append("english")\nfor n in notes:\n    log.warning(n)', True),
    ('def f(notes):\n    for n in notes:\n        log.warning(n)\n'
     'def g(notes):\n    notes.append(gettext("a"))', False),
    ('def f(notes):\n    for n in notes:\n        log.warning(n)\n'
     'def g(notes):\n    notes.append(str(x))', True),
    ('m = _("a")\nlog.info(m)', False),
    ('m = "english"\nlog.info(m)', True),
    ('try:\n    f()\nexcept OSError as exc:\n'
     '    log.info(_("a") if isinstance(exc, ImportError) else _("b"))', False),
    ('try:\n    f()\nexcept OSError as exc:\n    why = str(exc)\nlog.warning(_("x {w}", w=why))',
     True),
    ('try:\n    f()\nexcept OSError as exc:\n    why = cause_text(exc)\n'
     'log.warning(_("x {w}", w=why))', False),
])
def test_the_rule_itself(source, bad, monkeypatch):
    """The scan judges small programs as documented above (so that it can fail)."""
    rel = "_probe.py"
    scan._error_classes()  # from the real source, before the probe stands in for it
    trees = {rel: ast.parse(source)}
    monkeypatch.setattr(scan, "_trees", lambda: trees)
    scan._parent_map.cache_clear()
    try:
        assert bool(untranslated_logs(rel)) is bad, untranslated_logs(rel)
    finally:
        scan._parent_map.cache_clear()


# (b) a real warning through the command line ----------------------------------------------------

ENGLISH = ["warning", "error", "repeated", "header", "line", "lines", "skipped", "file", "the",
           "and", "column", "of", "leak", "guard", "overridden", "rows", "row", "holds", "values",
           "look", "like", "raw", "read", "written", "rejected", "plate", "text", "name"]
DUTCH = ["waarschuwing", "fout", "herhaalde", "kopregel", "kopregels", "overgeslagen", "bestand",
         "de", "het", "een", "en", "kolom", "van", "rij", "rijen", "bevat", "waarden", "lijken",
         "lekcontrole", "terzijde", "geschoven", "regels", "gelezen", "geschreven", "afgewezen",
         "kenteken", "naam"]


def _words(text: str, words: list[str]) -> list[str]:
    return [w for w in words if re.search(rf"(?<![\w/.'-]){re.escape(w)}(?![\w/.'-])", text,
                                          re.IGNORECASE)]


def _netwerk(*argv: str, cwd: Path) -> subprocess.CompletedProcess:
    """``netwerk`` as a user runs it: its own process, its own logging set-up."""
    env = {k: v for k, v in os.environ.items() if k != "NETWERK_LANG"}
    env["PYTHONPATH"] = os.pathsep.join([str(SRC.parent), env.get("PYTHONPATH", "")])
    return subprocess.run([sys.executable, "-m", "netwerk", *argv], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300, check=False)


def _repeated_header(tmp: Path, sample_data: Path, demo_key: bytes) -> list[str]:
    """``netwerk pseudonymise`` of a KvK export with its header line repeated in the middle."""
    key = tmp / "partner.key"
    key.write_bytes(demo_key)
    lines = (sample_data / "hennep-oost" / "raw" / "kvk.csv").read_text(
        encoding="utf-8-sig").splitlines(keepends=True)
    raw = tmp / "kvk_export.csv"
    raw.write_text("".join(lines[:8] + lines[:1] + lines[8:]), encoding="utf-8")
    return ["pseudonymise", str(raw), "--spec", "kvk", "--out", str(tmp / "uit.csv"),
            "--key-file", str(key)]


def _leak_guard_override(tmp: Path, sample_data: Path, demo_key: bytes) -> list[str]:
    """``netwerk ingest --override-leak-guard`` of an extract with a raw BSN in a pseudonym
    column."""
    sys.path.insert(0, str(Path(__file__).resolve().parent / "store"))
    from casekit import MESSY_HEADER, MESSY_SPEC, messy_rows, write_extract, write_spec

    spec = write_spec(tmp, MESSY_SPEC, "messy")
    rows = messy_rows()
    rows[0][0] = "111222333"
    ex = write_extract(tmp / "politie.csv", MESSY_HEADER, rows, spec="messy", partner="politie")
    return ["ingest", str(ex), "--spec", str(spec), "--case", str(tmp / "zaak.duckdb"),
            "--override-leak-guard"]


#: a real warning: how to cause it, and the line the user reads in Dutch and in English
WARNINGS = {
    "repeated header line": (_repeated_header,
                             "waarschuwing: kvk_export.csv: 1 herhaalde kopregel overgeslagen",
                             "warning: kvk_export.csv: 1 repeated header line skipped"),
    "leak guard override": (
        _leak_guard_override,
        "waarschuwing: politie.csv: lekcontrole terzijde geschoven: kolom 'bsn_a' (BSN): 1 rij "
        "bevat waarden die op een BSN lijken (rijen 1)",
        "warning: politie.csv: leak guard overridden: column 'bsn_a' (BSN): 1 row holds values "
        "that look like a raw BSN (rows 1)"),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(WARNINGS))
def test_a_warning_on_the_command_line_dutch_by_default_english_with_lang_en(
        case, tmp_path, demo_key, sample_data):
    """The warning in the user's language on stderr, and no line of stderr in the other one
    (the command's own output is checked by tests/cli/test_cli_language.py)."""
    make, nl, en = WARNINGS[case]
    said = {}
    for lang in ("nl", "en"):
        tmp = tmp_path / lang
        tmp.mkdir()
        argv = make(tmp, sample_data, demo_key)
        res = _netwerk(*(["--lang", "en"] if lang == "en" else []), *argv, cwd=tmp)
        assert res.returncode == 0, res.stderr
        said[lang] = [ln.replace(str(tmp), "PAD") for ln in res.stderr.splitlines() if ln.strip()]
    assert nl in said["nl"], said["nl"]
    assert en in said["en"], said["en"]
    for lang, own, other in (("nl", DUTCH, ENGLISH), ("en", ENGLISH, DUTCH)):
        for ln in said[lang]:
            leaked = set(_words(ln, other)) - set(own)
            assert not leaked, f"{lang}: {leaked} in {ln!r}"


def test_a_warning_in_a_worker_thread_keeps_the_users_language(caplog):
    """Work handed to a thread (as ingest and pseudonymise do) logs in ``--lang``'s language
    when it is wrapped with ``in_language``; a bare thread falls back to Dutch."""
    from netwerk.graph.network import Network

    edges = __import__("pandas").DataFrame({"source": ["a", ""], "target": ["b", "c"]})
    with caplog.at_level(logging.WARNING, logger="netwerk"), using("en"), \
            ThreadPoolExecutor(1) as pool:
        pool.submit(in_language(Network.from_edges), edges).result()
        pool.submit(Network.from_edges, edges).result()
    said = [r.getMessage() for r in caplog.records if r.name == "netwerk.graph.network"]
    dutch = "relatielijst: rij 2, kolom 'source': 1 rij afgewezen (bron of doel leeg)"
    english = "edge list: row 2, column 'source': 1 row rejected (source or target empty)"
    assert said == [english, dutch], said
