"""Class: every line the command line prints itself speaks the user's language, Dutch by default
and English with ``--lang en`` (:mod:`netwerk.i18n`). Members: the ``fout:``/``waarschuwing:``
prefixes and the key-custody warning, pseudonymise's summary, ingest's reconciliation and
``info``'s tables, analyse (with its warning), plan, log, decide, report, map, ``case
init|show|close``, audit and the recipient register, purge. One analyst's session on the synthetic
sample case runs in both languages; a Dutch run may not print an English-only line, an English
run no Dutch one.

Left as they are, by design: file, partner, spec and case names, pseudonyms, reject reason codes
(the values of the rejects file's ``reason`` column), the classification marking (Dutch by law),
and what the access log *recorded* (its entries are data; audit lists them verbatim).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from netwerk.cli.main import run

# words of the English messages that have no place in a Dutch run (and the reverse)
ENGLISH = ["error", "warning", "note", "analysed", "nodes", "relations", "recorded", "decision",
           "closed", "purge after", "deleted", "tombstone", "access log", "entries", "imported",
           "rejects", "rejected", "written", "case store", "subjects", "imports", "match rates",
           "allowed", "refused", "rows", "read", "nothing", "changed", "missing", "version",
           "retention", "purpose", "legal basis", "classification", "intervention", "file",
           "reason", "count", "linked", "duplicates", "new nodes", "key fingerprint", "skipped",
           "is set", "map", "edition", "by", "on", "and", "the"]
DUTCH = ["fout", "waarschuwing", "let op", "geanalyseerd", "knooppunten", "relaties",
         "vastgelegd", "besluit", "gesloten", "vernietigen", "verwijderd", "toegangslog",
         "vermeldingen", "ingelezen", "afgewezen", "casusopslag", "regels", "bewaren",
         "geschreven", "niets", "ontbreekt", "verwerkingsdoel", "grondslag", "rubricering",
         "interventie", "bestand", "reden", "aantal", "gekoppeld", "dubbel", "sleutel", "kaart",
         "editie", "door", "en", "de", "het", "van"]


def _words(text: str, words: list[str]) -> list[str]:
    return [w for w in words if re.search(rf"(?<![\w/.-]){re.escape(w)}(?![\w/.-])", text,
                                          re.IGNORECASE)]


def _own_lines(text: str, paths: list[Path]) -> str:
    """The lines the CLI wrote itself: without the access log's recorded entries (``#12 ...``)
    and the recipient register's rows (they list stored data), with paths cut out."""
    keep = [ln for ln in text.splitlines()
            if not re.match(r"\s*(#\d+|\d{4}-\d\d-\d\d \d\d:\d\d)", ln)]
    out = "\n".join(keep)
    for p in sorted(paths, key=lambda q: -len(str(q))):
        out = out.replace(str(p), "PATH")
    return out


def _session(root: Path, lang: str, sample_data: Path, demo_key: bytes, monkeypatch,
             capsys) -> dict[str, tuple[int, str, str]]:
    """One analyst's session, step by step: step name -> (exit code, stdout, stderr)."""
    root.mkdir()
    key = root / "partner.key"
    key.write_bytes(demo_key)
    case = root / "zaak.duckdb"
    pre = ["--lang", "en"] if lang == "en" else []
    res: dict[str, tuple[int, str, str]] = {}

    def step(name: str, *args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = run([*pre, *args])
        got = capsys.readouterr()
        res[name] = (code, _own_lines(got.out, [root]), _own_lines(got.err, [root]))
        return res[name]

    step("pseudonymise", "pseudonymise", "--manifest",
         str(sample_data / "hennep-oost" / "manifest.yaml"), "--out", str(root / "shared"),
         "--key-file", str(key))
    step("ingest", "ingest", "--manifest", str(root / "shared" / "manifest.yaml"), "--case",
         str(case), "--rejects", str(root / "rejects.csv"))
    step("ingest again", "ingest", "--manifest", str(root / "shared" / "manifest.yaml"),
         "--case", str(case))
    step("case init incomplete", "case", "init", str(case), "--retention-until", "2099-01-01")
    step("case init", "case", "init", str(case), "--purpose", "Verstoren hennepketen",
         "--legal-basis", "art. 2 WGS", "--retention-until", "2099-01-01")
    with monkeypatch.context() as m:  # key custody: the key has no place on the RIEC's machine
        m.setenv("NETWERK_KEY", "geheim")
        step("info", "info", str(case))
    step("analyse", "analyse", str(case), "--out", str(root / "analyse"), "--steps", "2")
    from netwerk.governance import read_marked_csv  # first row: the classification marking

    target = str(read_marked_csv(root / "analyse" / "nodes.csv")["id"].iloc[0])
    pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"]}).to_csv(root / "e.csv", index=False)
    step("analyse edge list", "analyse", str(root / "e.csv"), "--out", str(root / "el"),
         "--stages", "x,y", "--steps", "1")
    step("plan", "plan", str(case), "--out", str(root / "plan"), "--date", "2026-11-30")
    step("log", "log", str(case), "--action", "aanhouding", "--target", target, "--partner",
         "politie", "--date", "2026-11-01")
    step("decide", "decide", str(case), "--by", "stuurgroep", "--on", "2026-11-30",
         "--decision", "Aanpakken", "--reasons", "top van de ranglijst")
    step("report", "report", str(case), "--out", str(root / "rapport"), "--no-pdf",
         "--stability", "0", "--peildatum", "2026-06-30")
    step("map", "map", str(case), "--out", str(root / "kaart.html"), "--stability", "0",
         "--no-alternatives", "--peildatum", "2026-06-30")
    step("case show", "case", "show", str(case))
    step("audit", "audit", str(case))
    step("recipients", "audit", str(case), "--recipients")
    step("case close", "case", "close", str(case))
    step("error", "analyse", str(root / "nope.csv"), "--out", str(root / "x"))
    step("purge", "purge", str(case), "--yes")
    return res


# what each step says (a fragment of its own text), per language
EXPECT = {
    "pseudonymise": ("regels gelezen", "rows read"),
    "ingest": ("Aansluiting van de import", "Ingest reconciliation"),
    "ingest again": ("al ingelezen", "already imported"),
    "case init incomplete": ("analyses worden geweigerd tot verwerkingsdoel, grondslag",
                             "analyses are refused until purpose, legal basis"),
    "case init": ("zwaarwegend algemeen belang", "compelling public interest"),
    "info": ("Koppelpercentages", "Match rates"),
    "analyse": ("geanalyseerd", "analysed"),
    "analyse edge list": ("waarschuwing: de knooppunten hebben geen kenmerk 'stage'",
                          "warning: the nodes have no 'stage' attribute"),
    "plan": ("verwacht effect", "expected effect"),
    "log": ("interventie 1 vastgelegd: Aanhouding", "intervention 1 recorded: Arrest"),
    "decide": ("besluit 1 vastgelegd", "decision 1 recorded"),
    "report": ("in een browser", "in a browser"),
    "map": ("kaart: PATH", "map: PATH"),
    "case show": ("analyses toegestaan", "analyses allowed"),
    "audit": ("hashketen van het toegangslog is intact", "access log hash chain intact"),
    "recipients": ("ontvangersregister: 21 uitvoerbestanden", "recipient register: 21 output"),
    "case close": ("casus zaak gesloten; vernietigen na 2099-01-01",
                   "case zaak closed; purge after 2099-01-01"),
    "error": ("fout: PATH/nope.csv", "error: PATH/nope.csv"),
    "purge": ("verklaring van vernietiging: PATH", "tombstone: PATH"),
}


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_command_line_speaks_the_users_language(lang, tmp_path, sample_data, demo_key,
                                                    monkeypatch, capsys):
    res = _session(tmp_path / lang, lang, sample_data, demo_key, monkeypatch, capsys)
    assert {k: v[0] for k, v in res.items() if v[0]} == {"error": 1}, res.get("log")
    i = 0 if lang == "nl" else 1
    for name, texts in EXPECT.items():
        _code, out, err = res[name]
        assert texts[i] in " ".join((out + err).split()), (name, out, err)
    # the key-custody warning, in the user's language, and never the key
    info_err = res["info"][2]
    assert info_err.startswith("waarschuwing: NETWERK_KEY is gezet" if lang == "nl" else
                               "warning: NETWERK_KEY is set") and "geheim" not in info_err
    # relation and node kinds by their names, never the identifiers
    info = res["info"][1]
    assert ("bestuurder van" if lang == "nl" else "director of") in info
    assert "director_of" not in info and "bank_account" not in info
    # nothing of the other language in any line the CLI printed itself
    other = ENGLISH if lang == "nl" else DUTCH
    for name, (_code, out, err) in res.items():
        # the analyse ranking's reasons and the plan's classification marking are not the CLI's
        text = out + err
        if name == "analyse":
            text = text.split("\n")[0]
        if name == "plan":
            text = text.split("Vertrouwelijk")[0]
        if name == "error":  # the library's error messages are English (a later step)
            text = text.split(":")[0]
        assert not _words(text, other), (name, _words(text, other), text)
