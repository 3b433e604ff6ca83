"""One plan, two languages: the English edition of the sample case's plan (candidates, package,
requirements, action plan, barrier matrix and every file written for it) holds no Dutch-only word
of the message catalogue, the Dutch edition no English-only one, and neither an identifier.

The words come from ``netwerk.po``: a *Dutch-only* word occurs in some message id and in no
English translation (``vitaal``, ``voorwaarde``, ``grootste``), an *English-only* word the other way
round. Partner data and law stay as they are in both editions, so they are taken out before the
check: legal bases (Dutch law), deciders, barrier-model signals, role values, node labels,
pseudonyms and the classification marking with its decision-support notice.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import netwerk as nw
from netwerk.datasets import sample_case
from netwerk.governance import read_marked_csv
from netwerk.i18n import using
from netwerk.interventions.plan import package_table
from netwerk.interventions.texts import reason_text, requirement_text, requirements_text
from netwerk.model import default_model

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "src" / "netwerk" / "locale" / "en" / "LC_MESSAGES" / "netwerk.po"
WORD = re.compile(r"[A-Za-zÀ-ÿ]{4,}")
PSEUDONYM = re.compile(r"\b[A-Z]{2,5}-[0-9a-f]{24}\b")

#: Text columns of the files written for a plan (the others hold codes: ids, partners, numbers).
TEXT_COLUMNS = {
    "candidates.csv": ["rationale", "preconditions", "action", "effect", "spectrum", "decision"],
    "package.csv": ["action", "effect", "spectrum", "decision", "reason"],
    "action_plan.csv": ["target_role", "action", "spectrum", "effects", "decision", "rationale",
                        "start_window", "depends_on", "bronnen"],
}


def _words(text: str) -> set[str]:
    return {w.casefold() for w in WORD.findall(re.sub(r"\{[^}]*\}", " ", text))}


@pytest.fixture(scope="module")
def plans(tmp_path_factory):
    root = tmp_path_factory.mktemp("plan-language")
    store = sample_case("hennep-oost", root)
    out = {}
    for lang in ("nl", "en"):
        with using(lang):
            case = nw.open_case(store)
            plan = case.plan(seed=0, vital=case.vital(seed=0))
            folder = root / f"plan-{lang}"
            files = case.write(plan, folder)
            texts = {
                "rationale": "\n".join(plan.candidates["rationale"]),
                "preconditions": "\n".join(plan.candidates["preconditions"]),
                "reasons": "\n".join(package_table(plan.actions, case.model)["reason"]),
                "requirements": "\n".join(requirements_text(plan.package.params["requirements"],
                                                            case.model)),
                "action plan table": plan.table[TEXT_COLUMNS["action_plan.csv"][:-1]].to_csv(
                    header=False, index=False),
            }
            for f in files:
                if f.suffix in (".md", ".html"):
                    texts[f.name] = f.read_text(encoding="utf-8")
                elif f.name in TEXT_COLUMNS:
                    df = read_marked_csv(f)
                    texts[f.name] = df[TEXT_COLUMNS[f.name]].fillna("").to_csv(header=False,
                                                                                index=False)
        out[lang] = {"case": case, "plan": plan, "texts": texts}
    return out


def _data_strings(case, plan) -> list[str]:
    """Partner data and law, the same in both editions (longest first)."""
    m = case.model
    crime = m.crime_type
    cat = m.catalogue
    vals = {ins.legal_basis_for(crime) for ins in cat}
    vals |= {ins.decider for ins in cat if ins.decider}
    vals |= {s for cell in m.cells.values() for s in cell.signals}
    nodes = case.net.nodes
    for col in ("label", "rol"):
        if col in nodes.columns:
            vals |= {str(v) for v in nodes[col].dropna()}
    vals |= {str(v) for v in plan.candidates["role"] if v}
    vals |= _condition_values()  # attribute values an action's condition names ("Besloten
    # Vennootschap" as rechtsvorm): data of the partners' registers, the same in both editions
    return sorted((v for v in vals if v), key=len, reverse=True)


def _condition_values() -> set[str]:
    from importlib import resources

    import yaml

    out: set[str] = set()

    def walk(x) -> None:
        if isinstance(x, dict):
            for k, v in x.items():
                if k == "in" and isinstance(v, list):
                    out.update(str(i) for i in v)
                else:
                    walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(yaml.safe_load(resources.files("netwerk").joinpath("data/catalogue.yaml")
                        .read_text(encoding="utf-8")))
    return out


def _scrub(text: str, data: list[str]) -> str:
    text = re.sub(r"<(style|script)\b.*?</\1>", " ", text, flags=re.S)  # CSS, scripts
    text = re.sub(r"<[^>]+>", " ", text)  # markup and its attributes
    text = "\n".join(ln for ln in text.splitlines()
                     if not ln.lstrip().startswith(">") and "Oefening" not in ln)
    text = text.replace("\\", "")  # Markdown escapes
    for s in data:
        text = text.replace(s, " ").replace(s.replace("\n", " "), " ")
    text = re.sub(r"[\w.-]+\.(csv|xlsx|txt)\b", " ", text)  # a partner's extract file
    return PSEUDONYM.sub(" ", text)


@pytest.fixture(scope="module")
def only_words(plans):
    """(Dutch-only, English-only) words of the message catalogue, without the words of the
    catalogue data's names in the other language (an action's English name may keep a Dutch
    term: "Bibob", "weegploeg")."""
    with PO.open("rb") as fh:
        cat = read_po(fh, locale="en")
    ids, strs = set(), set()
    for msg in cat:
        if not msg.id:
            continue
        for i in [msg.id] if isinstance(msg.id, str) else msg.id:
            ids |= _words(i)
        for s in [msg.string] if isinstance(msg.string, str) else msg.string:
            strs |= _words(s)
    m = plans["nl"]["case"].model
    names_en, names_nl = set(), set()
    for ins in m.catalogue:
        names_en |= _words(ins.name_en or "")
        names_nl |= _words(ins.name_nl)
    for p in m.catalogue.partners.values():
        names_en |= _words(str(p.get("name_en") or ""))
        names_nl |= _words(str(p.get("name_nl") or ""))
    for st in m.stages:
        names_en |= _words(st.label_en or "")
        names_nl |= _words(st.label_nl)
    for k in default_model().relation_kinds.values():
        names_en |= _words(k.label_en)
        names_nl |= _words(k.label_nl)
    return (ids - strs - names_en, strs - ids - names_nl)


def _identifiers(model, lang: str) -> list[str]:
    """Ids that must not be shown; a relation whose label is its id ("owns") is no leak, and in
    English a stage id is an ordinary word ("laundering"): there only its quoted form counts."""
    rel = [k for k, v in default_model().relation_kinds.items() if v.label(lang) != k]
    stages = list(model.stage_ids) if lang == "nl" else [f"'{s}'" for s in model.stage_ids]
    return (rel + stages + [i for i in model.catalogue.instruments if "_" in i]
            + ["fase:" + s for s in model.stage_ids])


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_plan_speaks_one_language(plans, only_words, lang):
    p = plans[lang]
    data = _data_strings(p["case"], p["plan"])
    wrong = only_words[1] if lang == "nl" else only_words[0]
    assert {"vitaal", "voorwaarde", "grootste"} <= only_words[0]  # the check has teeth
    assert {"vital", "precondition", "largest"} <= only_words[1]
    expected = {"action_plan.md", "barrier_matrix.md", "barrier_matrix.html", "candidates.csv",
                "package.csv", "action_plan.csv"}
    assert expected <= set(p["texts"])
    for where, text in p["texts"].items():
        clean = _scrub(text, data)
        leaks = sorted({w for w in WORD.findall(clean) if w.casefold() in wrong})
        assert not leaks, f"{lang} edition, {where}: {leaks[:12]}"
        for ident in _identifiers(p["case"].model, lang):
            assert not re.search(rf"(?<![\w/.:-]){re.escape(ident)}(?![\w.-])", clean), \
                f"identifier {ident!r} in the {lang} edition's {where}"


def test_same_plan_both_languages(plans):
    """Only words differ: the same actions, order, numbers and rule codes in both editions."""
    nl, en = plans["nl"]["plan"], plans["en"]["plan"]
    cols = ["order", "target", "action_id", "partner", "spectrum", "reason", "marginal_effect",
            "depends_on"]
    assert nl.actions[cols].equals(en.actions[cols])
    assert nl.package.params["requirements"] == en.package.params["requirements"]
    assert {r["rule"] for r in nl.package.params["requirements"]} >= {"trekker", "min_spectrum"}
    # stored codes render in either language from either edition's plan
    model = plans["nl"]["case"].model
    for req in en.package.params["requirements"]:
        with using("en"):
            text_en = requirement_text(req, model)
        text_nl = requirement_text(req, model)
        assert text_nl != text_en and ("gehaald" in text_nl) and (" met" in text_en)


def test_vulnerable_person_blocked_note(plans):
    """A repressive candidate on a vulnerable person says it needs the analyst's decision, in the
    edition's language."""
    notes = {"nl": "kwetsbare persoon: geen repressieve actie zonder besluit van de analist",
             "en": "vulnerable person: no repressive action without the analyst's decision"}
    for lang, note in notes.items():
        c = plans[lang]["plan"].candidates
        blocked = c[c["blocked"]]
        assert len(blocked), "the sample case has a vulnerable person with repressive candidates"
        assert blocked["rationale"].str.endswith(note).all(), lang
        assert not c.loc[~c["blocked"], "rationale"].str.contains(note, regex=False).any()
        other = notes["en" if lang == "nl" else "nl"]
        assert not c["rationale"].str.contains(other, regex=False).any()


def test_reason_codes_render():
    row = {"partner": "gemeente", "spectrum": "preventive"}
    assert reason_text("trekker", row) == ("de trekker (Gemeente (burgemeester / college)) krijgt "
                                           "minstens één actie")
    with using("en"):
        assert reason_text("min_spectrum", row) == "minimum share of the kind 'preventive'"
        assert requirement_text({"rule": "locked_action", "action": "aanhouding", "met": True,
                                 "why": ""}) == ("locked action 'Arrest (pre-trial detention "
                                                 "decided by prosecutor and court)': met")
    assert reason_text("iets_nieuws") == "iets_nieuws"  # an unknown code is shown as given
