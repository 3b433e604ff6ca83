"""Real user mistakes in the decision layer and the outputs, through the command line: the error
is one line, Dutch by default and English with ``--lang en``, with no word of the other language.

The mistakes are the ones an analyst makes preparing a casusoverleg: a typo in a partner name
in ``--capacity``, a barrier model that names an action the catalogue does not hold or has a field
with a typo, vital-score weights with an unknown component, a closed case, an unknown edition,
an intervention logged for the wrong partner.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from netwerk.cli.main import run

pytestmark = pytest.mark.slow

#: words that betray the other language (quoted ids, options and paths are not words here)
ENGLISH = ["error", "unknown", "did", "mean", "not", "no", "the", "and", "field", "must",
           "stage", "action", "closed", "reopen", "again", "edition", "component", "catalogue",
           "instrument of", "use", "known", "typo"]
DUTCH = ["fout", "onbekende", "onbekend", "bedoelde", "niet", "geen", "de", "het", "een", "van",
         "veld", "schakel", "actie", "gesloten", "heropen", "opnieuw", "editie", "onderdeel",
         "catalogus", "gebruik", "bekend", "tikfout", "vitaliteitsscore", "om"]


def _words(text: str, words: list[str]) -> set[str]:
    return {w for w in words if re.search(rf"(?<![\w/.'`:-]){re.escape(w)}(?![\w/.'`:-])", text,
                                          re.IGNORECASE)}


def _barrier_model(tmp: Path, name: str, change) -> Path:
    """The shipped cannabis barrier model with one mistake in it."""
    from importlib import resources

    raw = yaml.safe_load(resources.files("netwerk").joinpath(
        "data/barrier_models/cannabis.yaml").read_text("utf-8"))
    change(raw)
    p = tmp / f"{name}.yaml"
    p.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return p


def _unknown_action(raw: dict) -> None:
    stage = next(iter(raw["barriers"]))
    partner = next(iter(raw["barriers"][stage]))
    raw["barriers"][stage][partner]["barriers"].append("tovenarij")


def _mistakes(tmp: Path, case: Path) -> dict[str, list[str]]:
    out = ["--out", str(tmp / "uit")]
    closed = tmp / "gesloten.duckdb"
    shutil.copy(case, closed)
    assert run(["case", "close", str(closed)]) == 0
    weights = tmp / "gewichten.yaml"
    weights.write_text("weights: {betweenness: 1, charisma: 2}\n", encoding="utf-8")
    return {
        "partner typo in --capacity": ["plan", str(case), *out, "--capacity", "gemeentee=10"],
        "barrier model names an unknown action": [
            "analyse", str(case), *out, "--model", str(_barrier_model(tmp, "actie", _unknown_action))],
        "barrier model field with a typo": [
            "analyse", str(case), *out, "--model",
            str(_barrier_model(tmp, "tikfout",
                                    lambda r: r.update(trekkr=r.pop("trekker", "gemeente"))))],
        "vital weights with an unknown component": [
            "analyse", str(case), *out, "--weights", str(weights)],
        "closed case": ["analyse", str(closed), *out],
        "unknown edition": ["map", str(case), "--out", str(tmp / "k.html"),
                            "--edition", "stuurgroepp"],
        "action logged for the wrong partner": [
            "log", str(case), "--action", "aanhouding", "--target", "x", "--partner", "gemeente",
            "--date", "2026-01-01"],
    }


#: what each mistake must say, in Dutch and in English
SAYS = {
    "partner typo in --capacity": (
        "onbekende partner 'gemeentee' in --capacity; bedoelde u 'gemeente'?",
        "unknown partner 'gemeentee' in --capacity; did you mean 'gemeente'?"),
    "barrier model names an unknown action": (
        "veld 'barriers': onbekende actie 'tovenarij' (niet in de catalogus)",
        "field 'barriers': unknown action 'tovenarij' (not in the catalogue)"),
    "barrier model field with a typo": ("trekkr: onbekend veld (tikfout?)",
                                        "trekkr: unknown field (typo?)"),
    "vital weights with an unknown component": (
        "onbekend onderdeel van de vitaliteitsscore 'charisma'",
        "unknown vital-score component 'charisma'"),
    "closed case": (
        "de casus is gesloten; heropen hem met `netwerk case init` om opnieuw te analyseren",
        "the case is closed; reopen it with `netwerk case init` to analyse again"),
    "unknown edition": ("onbekende editie 'stuurgroepp' (gebruik casusoverleg, stuurgroep",
                        "unknown edition 'stuurgroepp' (use casusoverleg, stuurgroep"),
    "action logged for the wrong partner": (
        "'aanhouding' is een instrument van partner 'politie', niet van 'gemeente' (--partner)",
        "'aanhouding' is an instrument of partner 'politie', not of 'gemeente' (--partner)"),
}


@pytest.mark.parametrize("mistake", sorted(SAYS))
def test_decision_mistakes_dutch_by_default_english_with_lang_en(mistake, sample_cases, tmp_path,
                                                                 capsys):
    case = tmp_path / "zaak.duckdb"
    shutil.copy(sample_cases["hennep-oost"], case)  # a log or close must not touch the shared case
    for lang in ("nl", "en"):
        tmp = tmp_path / lang
        tmp.mkdir()
        argv = _mistakes(tmp, case)[mistake]
        capsys.readouterr()
        code = run((["--lang", "en"] if lang == "en" else []) + argv)
        err = capsys.readouterr().err
        assert code == 1, err
        line = re.sub(r"/\S+", "PAD", " ".join(err.split()))  # one logical line, paths cut out
        nl, en = SAYS[mistake]
        assert (nl if lang == "nl" else en) in line, line
        assert line.startswith("fout: " if lang == "nl" else "error: "), line
        other = ENGLISH if lang == "nl" else DUTCH
        leaked = _words(line, other)
        assert not leaked, f"{lang}: {leaked} in {line!r}"
        assert "Traceback" not in err
