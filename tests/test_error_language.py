"""Library errors speak the user's language: Dutch first, English available.

Part (a) scans the source. Every *construction* of an error a user reads — a call of a
:class:`~netwerk.errors.NetwerkError` subclass (wherever it is defined) or of ``ValueError``,
``TypeError`` or ``KeyError`` (pydantic turns a validator's ``ValueError`` into the text a user
reads) — must get a **translated message** as its first argument (or ``message=``). A message is
translated when it is

* a call of ``_`` / ``gettext`` / ``ngettext`` (netwerk.i18n: Dutch message id, named
  placeholders), or
* a conditional expression, ``+``, f-string or ``"sep".join(...)`` whose text parts hold no
  letter (only punctuation and spaces) and whose other parts are all translated, or
* a local name all of whose assignments (``=``, ``+=``, ``.append``) are translated, or
* a parameter of the enclosing function, when every call of that function in the package passes
  a translated argument there (helpers such as ``_invalid(kind, why)`` are checked at their
  callers), or
* a call of a netwerk function all of whose ``return`` values are translated, or
* ``str(exc)`` / ``exc.message`` of an exception caught as a NetwerkError subclass (translated
  where it was raised).

A plain str literal, an f-string with words in it, ``str(other_exception)`` or anything else
fails. Developer-only errors (programming mistakes no user input can trigger) are listed in
``ALLOWED`` below, each with its reason.

Part (b) checks how an error adds "file, row, column" in both languages; part (c) runs real user
mistakes through the CLI: Dutch by default, English with ``--lang en``, no word of the other.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest

from netwerk.cli.main import run
from netwerk.errors import InputError, SpecError
from netwerk.i18n import _, using

SRC = Path(__file__).resolve().parents[1] / "src" / "netwerk"
MODULES = sorted(p.relative_to(SRC).as_posix() for p in SRC.rglob("*.py"))
USER_BUILTINS = {"ValueError", "TypeError", "KeyError"}
TRANSLATE = {"_", "gettext", "ngettext"}

#: (module, enclosing function, exception class): developer-only errors, allowed in English.
ALLOWED: dict[tuple[str, str, str], str] = {
    # control flow: raised and caught on the next lines, never shown
    ("case.py", "check_reference_date", "ValueError"): "caught at once, becomes an InputError",
}

_LETTER = re.compile(r"[^\W\d_]")


def _module_name(rel: str) -> str:
    parts = rel[:-3].split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(["netwerk", *parts])


@cache
def _trees() -> dict[str, ast.Module]:
    return {rel: ast.parse((SRC / rel).read_text(encoding="utf-8"), rel) for rel in MODULES}


@cache
def _by_module() -> dict[str, str]:
    return {_module_name(rel): rel for rel in MODULES}


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


@cache
def _parent_map(rel: str) -> dict[ast.AST, ast.AST]:
    return _parents(_trees()[rel])


@cache
def _error_classes() -> frozenset[str]:
    names = {"NetwerkError"}
    bases = {}
    for tree in _trees().values():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                bases[node.name] = [b.id if isinstance(b, ast.Name) else getattr(b, "attr", "")
                                    for b in node.bases]
    changed = True
    while changed:
        changed = False
        for name, bs in bases.items():
            if name not in names and names & set(bs):
                names.add(name)
                changed = True
    return frozenset(names)


def _name(func: ast.AST) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _enclosing(rel: str, node: ast.AST) -> ast.AST:
    parents = _parent_map(rel)
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            return node
    return _trees()[rel]


def _qualname(rel: str, node: ast.AST) -> str:
    parents, out = _parent_map(rel), []
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            out.append(node.name)
    return ".".join(reversed(out)) or "<module>"


def _resolve_import(rel: str, node: ast.ImportFrom) -> str | None:
    mod = _module_name(rel)
    pkg = mod if rel.endswith("__init__.py") else mod.rpartition(".")[0]
    if node.level:
        base = pkg.split(".")
        base = base[: len(base) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    return _by_module().get(target)


def _functions(rel: str, name: str) -> list[tuple[str, ast.AST]]:
    """Definitions a call of ``name`` in module ``rel`` may mean (same module or imported)."""
    tree = _trees()[rel]
    found = [(rel, n) for n in ast.walk(tree)
             if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and n.name == name]
    if found:
        return found
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and any((a.asname or a.name) == name for a in node.names):
            real = next(a.name for a in node.names if (a.asname or a.name) == name)
            target = _resolve_import(rel, node)
            if target:
                return _functions(target, real)
    return []


def _caught_as_netwerk_error(rel: str, name: str, scope: ast.AST) -> bool:
    errors = _error_classes()
    for node in ast.walk(scope):
        if isinstance(node, ast.ExceptHandler) and node.name == name and node.type is not None:
            types = node.type.elts if isinstance(node.type, ast.Tuple) else [node.type]
            return all(_name(t) in errors for t in types)
    return False


def _assignments(scope: ast.AST, name: str) -> list[ast.AST] | None:
    """Values bound to ``name`` in ``scope`` (None when bound some other way, e.g. a loop)."""
    values: list[ast.AST] = []
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign):
            for t in node.targets:
                if isinstance(t, ast.Name) and t.id == name:
                    values.append(node.value)
                elif any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(t)):
                    return None  # tuple unpacking: not followed
        elif isinstance(node, ast.AnnAssign | ast.AugAssign | ast.NamedExpr) \
                and isinstance(node.target, ast.Name) and node.target.id == name \
                and node.value is not None:
            values.append(node.value)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in ("append", "insert") and isinstance(node.func.value, ast.Name) \
                and node.func.value.id == name and node.args:
            values.append(node.args[-1])
        elif isinstance(node, ast.For | ast.comprehension | ast.With | ast.ExceptHandler):
            targets = ([node.target] if isinstance(node, ast.For | ast.comprehension)
                       else [i.optional_vars for i in node.items if i.optional_vars]
                       if isinstance(node, ast.With) else [])
            if any(isinstance(n, ast.Name) and n.id == name for t in targets for n in ast.walk(t)):
                return None
    return values


def _param_index(func: ast.AST, name: str) -> tuple[int, bool] | None:
    args = func.args
    positional = [a.arg for a in args.posonlyargs + args.args]
    if name in positional:
        return positional.index(name), bool(positional and positional[0] in ("self", "cls"))
    if name in [a.arg for a in args.kwonlyargs]:
        return -1, False
    return None


def _callers_translate(rel: str, func: ast.AST, name: str, seen: set) -> bool:
    where = _param_index(func, name)
    if where is None:
        return False
    index, method = where
    calls = 0
    for other, tree in _trees().items():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and _name(node.func) == func.name):
                continue
            if not any(f is func for _r, f in _functions(other, func.name)) and other != rel:
                continue
            calls += 1
            arg = next((k.value for k in node.keywords if k.arg == name), None)
            if arg is None and index >= 0:
                shift = 1 if method and isinstance(node.func, ast.Name) else 0
                pos = index - (1 if method else 0) + shift
                arg = node.args[pos] if pos < len(node.args) else None
            if arg is None or isinstance(arg, ast.Starred):
                d = func.args.defaults
                if arg is None and index >= 0 and d:  # a default value stands in
                    first = len(func.args.posonlyargs + func.args.args) - len(d)
                    if index >= first and _translated(rel, d[index - first], func, seen):
                        continue
                return False
            if not _translated(other, arg, _enclosing(other, node), seen):
                return False
    return calls > 0


def _prose(node: ast.AST) -> bool:
    """A literal with words in it (a letter and a space): message text, not a code or a name."""
    parts = [node.value] if isinstance(node, ast.Constant) and isinstance(node.value, str) else \
        [v.value for v in node.values if isinstance(v, ast.Constant)] \
        if isinstance(node, ast.JoinedStr) else []
    return any(_LETTER.search(p) and re.search(r"\s", p.strip()) for p in parts)


def _placeholders_hold_no_prose(rel: str, call: ast.Call, scope: ast.AST) -> bool:
    """A placeholder of ``_()`` filled from a parameter of the enclosing function: no caller may
    pass text with words there (``_invalid(kind, "fails 11-proef")`` would put English inside
    the Dutch message)."""
    if not isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef):
        return True
    for value in [k.value for k in call.keywords] + list(call.args[1:]):
        if not (isinstance(value, ast.Name) and _param_index(scope, value.id) is not None):
            continue
        index, method = _param_index(scope, value.id)
        for other, tree in _trees().items():
            for node in ast.walk(tree):
                if not (isinstance(node, ast.Call) and _name(node.func) == scope.name):
                    continue
                if other != rel and not any(f is scope for _r, f in _functions(other, scope.name)):
                    continue
                arg = next((k.value for k in node.keywords if k.arg == value.id), None)
                if arg is None and index >= 0:
                    pos = index - (1 if method and isinstance(node.func, ast.Attribute) else 0)
                    arg = node.args[pos] if 0 <= pos < len(node.args) else None
                if arg is not None and _prose(arg):
                    return False
    return True


def _wordless(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) \
        and not _LETTER.search(node.value)


def _translated(rel: str, node: ast.AST, scope: ast.AST, seen: set | None = None) -> bool:
    seen = set() if seen is None else seen
    key = (rel, id(node), id(scope))
    if key in seen:
        return True  # recursion: judged by its other paths
    seen.add(key)
    if isinstance(node, ast.Call):
        fname = _name(node.func)
        if fname in TRANSLATE:
            return _placeholders_hold_no_prose(rel, node, scope)
        if fname == "str" and len(node.args) == 1 and isinstance(node.args[0], ast.Name):
            return _caught_as_netwerk_error(rel, node.args[0].id, scope)
        if fname == "join" and isinstance(node.func, ast.Attribute) and _wordless(node.func.value):
            it = node.args[0] if node.args else None
            if isinstance(it, ast.GeneratorExp | ast.ListComp):
                return _translated(rel, it.elt, scope, seen)
            if isinstance(it, ast.List | ast.Tuple):
                return all(_translated(rel, e, scope, seen) for e in it.elts)
            if isinstance(it, ast.Name):
                vals = _assignments(scope, it.id)
                return bool(vals) and all(
                    (isinstance(v, ast.List) and all(_translated(rel, e, scope, seen) for e in v.elts))
                    or _translated(rel, v, scope, seen) for v in vals)
            return False
        defs = _functions(rel, fname) if fname else []
        if defs:
            ok = True
            for drel, d in defs:
                rets = [r.value for r in ast.walk(d) if isinstance(r, ast.Return) and r.value is not None]
                ok &= bool(rets) and all(_translated(drel, r, d, seen) for r in rets)
            return ok
        return False
    if isinstance(node, ast.Attribute) and node.attr == "message" and isinstance(node.value, ast.Name):
        return _caught_as_netwerk_error(rel, node.value.id, scope)
    if isinstance(node, ast.IfExp):
        return _translated(rel, node.body, scope, seen) and _translated(rel, node.orelse, scope, seen)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        sides = [node.left, node.right]
        return all(_wordless(s) or _translated(rel, s, scope, seen) for s in sides) \
            and not all(_wordless(s) for s in sides)
    if isinstance(node, ast.JoinedStr):
        values = [v.value for v in node.values if isinstance(v, ast.FormattedValue)]
        return bool(values) and all(_wordless(v) for v in node.values if isinstance(v, ast.Constant)) \
            and all(_translated(rel, v, scope, seen) for v in values)
    if isinstance(node, ast.Name):
        if isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) \
                and _param_index(scope, node.id) is not None:
            return _callers_translate(rel, scope, node.id, seen)
        vals = _assignments(scope, node.id)
        if not vals and scope is not _trees()[rel]:
            vals = _assignments(_trees()[rel], node.id)
        return bool(vals) and all(_translated(rel, v, scope, seen) for v in vals)
    return False


def untranslated(rel: str) -> list[str]:
    """``line: Class(...)`` for every error built with an untranslated message in module ``rel``."""
    errors = _error_classes() | USER_BUILTINS
    out = []
    for node in ast.walk(_trees()[rel]):
        if not (isinstance(node, ast.Call) and _name(node.func) in errors):
            continue
        cls = _name(node.func)
        msg = node.args[0] if node.args else next(
            (k.value for k in node.keywords if k.arg == "message"), None)
        if msg is None:
            continue
        if (rel, _qualname(rel, node), cls) in ALLOWED:
            continue
        if not _translated(rel, msg, _enclosing(rel, node)):
            out.append(f"{rel}:{node.lineno}: {cls}({ast.unparse(msg)[:70]})")
    return out


@pytest.mark.parametrize("module", MODULES)
def test_error_messages_are_translated(module):
    bad = untranslated(module)
    assert not bad, f"{len(bad)} error message(s) not through netwerk.i18n._:\n" + "\n".join(bad)


@pytest.mark.parametrize("module", MODULES)
def test_gettext_is_not_shadowed(module):
    """A function that calls ``_()`` does not also bind ``_`` as a throwaway variable
    (``for _ in``, ``a, _ = ...``): the call would then hit the variable."""
    bad = []
    for fn in ast.walk(_trees()[module]):
        if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        calls = any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "_"
                    for n in ast.walk(fn))
        binds = [n for n in ast.walk(fn) if isinstance(n, ast.Name) and n.id == "_"
                 and isinstance(n.ctx, ast.Store)]
        if calls and binds:
            bad.append(f"{module}:{binds[0].lineno} in {fn.name}")
    assert not bad, bad


def test_allowlist_is_not_stale():
    """Every allowlisted (module, function, class) still builds that error somewhere."""
    for rel, qual, cls in ALLOWED:
        tree = _trees()[rel]
        assert any(isinstance(n, ast.Call) and _name(n.func) == cls and _qualname(rel, n) == qual
                   for n in ast.walk(tree)), (rel, qual, cls)


@pytest.mark.parametrize("source, bad", [
    ('raise InputError("file is empty")', True),
    ('raise SpecError(f"column {c} missing")', True),
    ('raise InputError(_("bestand is leeg"))', False),
    ('raise InputError(_("kolom {k}", k=c) + "; " + _("zie spec"))', False),
    ('raise InputError(_("a") + " english")', True),
    ('raise InputError(f"{_(\'a\')}: {_(\'b\')}")', False),
    ('raise InputError(f"{_(\'a\')}: {path}")', True),
    ('m = _("a")\nif x:\n    m += _("b")\nraise InputError(m)', False),
    ('m = _("a")\nif x:\n    m = "english"\nraise InputError(m)', True),
    ('try:\n    f()\nexcept OSError as e:\n    raise InputError(str(e))', True),
    ('try:\n    f()\nexcept InputError as e:\n    raise StoreError(e.message)', False),
    ('def h(w):\n    return InputError(w)\nraise h(_("a"))\nraise h("b")', True),
    ('def h(w):\n    return InputError(w)\nraise h(_("a"))', False),
    ('raise ValueError(", ".join(_(x) for x in y))', False),
    ('def h(k, w):\n    return InputError(_("ongeldig {k}: {w}", k=k, w=w))\n'
     'raise h("bsn", _("11-proef"))', False),
    ('def h(k, w):\n    return InputError(_("ongeldig {k}: {w}", k=k, w=w))\n'
     'raise h("bsn", "fails 11-proef")', True),
])
def test_the_rule_itself(source, bad, monkeypatch):
    """The scan judges small programs as documented above (so that it can fail)."""
    rel = "_probe.py"
    _error_classes()  # from the real source, before the probe stands in for it
    trees = {rel: ast.parse(source)}
    monkeypatch.setitem(globals(), "_trees", lambda: trees)
    _parent_map.cache_clear()
    try:
        assert bool(untranslated(rel)) is bad
    finally:
        _parent_map.cache_clear()


# (b) rendering ---------------------------------------------------------------------------------

def test_where_is_said_in_dutch_and_english():
    def err():
        return InputError(_("waarde is geen datum"), file="f.csv", row=3, column="datum")

    assert str(err()) == "f.csv, rij 3, kolom 'datum': waarde is geen datum"
    with using("en"):
        assert str(err()) == "f.csv, row 3, column 'datum': value is not a date"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_where_is_not_said_twice(lang):
    with using(lang):
        e = InputError(_("rij {n}", n=3) + ": " + _("kolom '{kolom}' ontbreekt", kolom="bsn"),
                       file="f.csv", row=3, column="bsn")
        assert str(e).count("3") == 1 and str(e).count("bsn") == 1, str(e)
        # row 3 is not said by "row 30"
        e = InputError(_("rij {n}", n=30), row=3)
        assert str(e).startswith(_("rij {n}", n=3) + ": ")


def test_row_said_in_the_other_language_is_not_repeated():
    with using("en"):
        assert str(InputError("rij 3: x", row=3)) == "rij 3: x"


def test_message_keeps_the_text_without_where():
    e = SpecError(_("waarde is geen datum"), file="s.yaml", row=1)
    assert e.message == "waarde is geen datum" and e.reason == "invalid_spec"


# (c) real user mistakes through the command line -----------------------------------------------

ENGLISH = ["error", "column", "missing", "file", "not", "no", "the", "and", "field",
           "unknown", "must", "case store", "found", "invalid", "line", "typo", "is", "has"]
DUTCH = ["fout", "kolom", "ontbreekt", "bestand", "niet", "geen", "de", "het", "een", "van", "en",
         "veld", "onbekend", "moet", "casusopslag", "gevonden", "ongeldige", "regel", "tikfout",
         "is", "heeft", "wel"]


def _words(text: str, words: list[str]) -> list[str]:
    return [w for w in words if re.search(rf"(?<![\w/.'-]){re.escape(w)}(?![\w/.'-])", text,
                                          re.IGNORECASE)]


def _mistakes(tmp: Path) -> dict[str, list[str]]:
    """Command lines of real user mistakes (each must fail with one line on stderr)."""
    key = tmp / "partner.key"
    key.write_bytes(b"k" * 32)
    raw = tmp / "kvk_export.csv"
    raw.write_text("kvk_nummer;naam\n12345678;Bakkerij\n", encoding="utf-8")
    typo = tmp / "typo.yaml"
    typo.write_text("name: s\npartner: gemeente\ndelimitr: ';'\n", encoding="utf-8")
    broken = tmp / "kapot.yaml"
    broken.write_text("name: s\npartner: [gemeente\n", encoding="utf-8")
    junk = tmp / "junk.duckdb"
    junk.write_bytes(b"this is no database" * 100)
    edges = tmp / "e.csv"
    edges.write_text("bron_id,doel_id\na,b\n", encoding="utf-8")
    folder = tmp / "levering"
    folder.mkdir()
    (folder / "manifest.yaml").write_text("extracts:\n  - {file: ../geheim.csv, spec: kvk}\n",
                                          encoding="utf-8")
    out = ["--out", str(tmp / "uit.csv"), "--key-file", str(key)]
    return {
        "spec with a typo": ["pseudonymise", str(raw), "--spec", str(typo), *out],
        "spec that is no YAML": ["pseudonymise", str(raw), "--spec", str(broken), *out],
        "manifest naming a file outside its folder": [
            "pseudonymise", "--manifest", str(folder / "manifest.yaml"), "--out", str(tmp / "o"),
            "--key-file", str(key)],
        "not a case store": ["info", str(junk)],
        "raw export without a column the spec needs": [
            "pseudonymise", str(raw), "--spec", "kvk", *out],
        "ingest of a file that was never pseudonymised": [
            "ingest", str(raw), "--spec", "kvk", "--case", str(tmp / "zaak.duckdb")],
        "edge list without the named column": ["analyse", str(edges), "--out", str(tmp / "a")],
    }


#: what each mistake must say, in Dutch and in English
SAYS = {
    "spec with a typo": ("delimitr: onbekend veld (tikfout?)", "delimitr: unknown field (typo?)"),
    "spec that is no YAML": ("geen geldige YAML/TOML: ongeldige opmaak op regel",
                             "not valid YAML/TOML: invalid syntax on line"),
    "manifest naming a file outside its folder": ("ligt buiten de map van het manifest",
                                                  "lies outside the manifest's folder"),
    "not a case store": ("geen casusopslag van netwerk", "not a netwerk case store"),
    "raw export without a column the spec needs": (
        "kolom 'vestigingsnummer' ontbreekt in kvk_export.csv",
        "column 'vestigingsnummer' missing in kvk_export.csv"),
    "ingest of a file that was never pseudonymised": (
        "het bestand moet eerst gepseudonimiseerd worden",
        "the file must be pseudonymised first"),
    "edge list without the named column": (
        "kolom 'source' ontbreekt in e.csv (ontbreken ook: target); wel: bron_id, doel_id",
        "column 'source' missing in e.csv (also missing: target); found: bron_id, doel_id"),
}


@pytest.mark.parametrize("mistake", sorted(SAYS))
def test_user_mistakes_dutch_by_default_english_with_lang_en(mistake, tmp_path, capsys):
    for lang in ("nl", "en"):
        tmp = tmp_path / lang
        tmp.mkdir()
        argv = _mistakes(tmp)[mistake]
        capsys.readouterr()
        code = run((["--lang", "en"] if lang == "en" else []) + argv)
        err = capsys.readouterr().err
        assert code == 1, err
        line = " ".join(err.split()).replace(str(tmp), "PAD")  # one logical line, paths cut out
        nl, en = SAYS[mistake]
        own, other = (DUTCH, ENGLISH) if lang == "nl" else (ENGLISH, DUTCH)
        assert (nl if lang == "nl" else en) in line, line
        assert line.startswith("fout: " if lang == "nl" else "error: "), line
        leaked = set(_words(line, other)) - set(own)
        assert not leaked, f"{lang}: {leaked} in {line!r}"


def test_no_message_id_twice_in_the_catalogue():
    """Two blocks of error messages (core/ingest and the rest) merge into one .po: an id written
    twice would silently keep one translation."""
    text = (SRC / "locale" / "en" / "LC_MESSAGES" / "netwerk.po").read_text(encoding="utf-8")
    ids = re.findall(r'^msgid ((?:".*"\n?)+)', text, flags=re.MULTILINE)
    twice = sorted({i for i in ids if ids.count(i) > 1})
    assert not twice, twice[:5]


def test_an_unwrapped_pydantic_error_is_still_said_in_words():
    """The command line's last net: a pydantic ValidationError (a ValueError) that no library
    code wrapped is said through errors.validation_text, not with pydantic's English."""
    from pydantic import BaseModel, ConfigDict, ValidationError

    from netwerk.cli.main import _os_message

    class Probe(BaseModel):
        model_config = ConfigDict(extra="forbid")
        n: int

    with pytest.raises(ValidationError) as err:
        Probe.model_validate({"n": "x", "m": 1})
    assert _os_message(err.value) == ("n: moet een geheel getal zijn; m: onbekend veld (tikfout?)")
    with using("en"):
        assert _os_message(err.value) == "n: must be a whole number; m: unknown field (typo?)"
