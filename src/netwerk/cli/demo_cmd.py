"""``netwerk demo``: the whole pipeline on the synthetic ``sample_data/``, into one folder.

It runs, for every case folder with a ``manifest.yaml``, exactly the commands an analyst would:
pseudonymise (as the partners do) → ingest → analyse → plan → map, then one case-selection report
across all cases, and prints which files to open.
"""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import InputError, Reason
from ..i18n import _
from .main import app, console

__all__ = ["demo", "open_these"]


def open_these(out: Path, cases: list[Path], maps: list[Path], plans: list[Path]
               ) -> tuple[str, list[str]]:
    """The demo's closing block, in the output's language (:mod:`netwerk.i18n`): its heading and
    one line per file to open, the labels padded to one width.

    Examples
    --------
    >>> from netwerk.i18n import using
    >>> head, lines = open_these(Path("o"), [Path("o/c.duckdb")], [Path("o/m.html")], [Path("o/p")])
    >>> head, lines[0].split(":")[0].strip()
    ('open deze bestanden', 'casusselectierapport')
    >>> with using("en"):
    ...     open_these(Path("o"), [Path("o/c.duckdb")], [], [])[0]
    'open these files'
    """
    rows = [(_("casusselectierapport"), str(out / "report" / "report.html")),
            ("  " + _("editie stuurgroep"), str(out / "report-stuurgroep" / "report.html")),
            (_("toegangslog per casus"), f"netwerk audit {cases[0]}" if cases else "")]
    rows += [(_("netwerkkaart"), str(m)) for m in maps]
    rows += [(_("actieplan"), str(p / "action_plan.md")) for p in plans]
    rows.append((_("vitale knooppunten"), f"{out / 'analyse'}/<{_('casus')}>/nodes.csv"))
    width = max(len(label) for label, _v in rows)
    return _("open deze bestanden"), [f"{label:<{width}} : {v}" for label, v in rows if v]


def _step(args: list[str]) -> None:
    """Run one ``netwerk`` command as an analyst would, in the demo's own language (each run
    of the CLI sets the language again, so ``netwerk --lang en demo`` passes it on)."""
    from rich.text import Text

    from ..i18n import language
    from .main import run

    # paths are printed literally, never as Rich markup
    console.print(Text(f"$ netwerk {' '.join(args)}", style="dim"), highlight=False)
    code = run(["--lang", language(), *args])
    if code != 0:
        raise InputError(_("demostap mislukt (exitcode {code}): netwerk {opdracht}", code=code,
                           opdracht=" ".join(args)),
                         reason=Reason.INVALID_ARGUMENT)


@app.command("demo")
def demo(
    out: Path = typer.Option(Path("demo-output"), "--out", "-o", help="Folder for everything."),
    sample_data: Path = typer.Option(Path("sample_data"), "--sample-data",
                                     help="Folder with one sub-folder (manifest.yaml + raw/) per case."),
    key_file: Path = typer.Option(None, "--key-file",
                                  help="Pseudonymisation key (default: sample_data/demo.key)."),
    seed: int = typer.Option(0, "--seed", help="Seed of every random choice."),
) -> None:
    """Run pseudonymise → ingest → analyse → plan → map → report on the sample cases."""
    import os

    manifests = sorted(sample_data.glob("*/manifest.yaml"))
    if not manifests:
        raise InputError(_("geen casusmappen met een manifest.yaml gevonden in de map {map}; "
                           "geef de map met de voorbeeldgegevens met --sample-data, of maak ze "
                           "met scripts/make_sample_data.py",
                           map=str(sample_data.resolve())), reason=Reason.FILE_NOT_FOUND)
    key_file = key_file or sample_data / "demo.key"
    if not key_file.is_file():
        raise InputError(_("demosleutel niet gevonden"), reason=Reason.FILE_NOT_FOUND, file=str(key_file))
    # key custody: only the partners' step (pseudonymise) gets the key; the RIEC's steps never do
    os.environ.pop("NETWERK_KEY", None)
    out.mkdir(parents=True, exist_ok=True)
    import datetime as dt

    today = dt.date.today().isoformat()  # the date printed on the action plans
    cases: list[Path] = []
    maps: list[Path] = []
    plans: list[Path] = []
    for manifest in manifests:
        name = manifest.parent.name
        console.rule(_("casus {naam}", naam=name))
        shared = out / "shared" / name
        case = out / "cases" / f"{name}.duckdb"
        case.parent.mkdir(parents=True, exist_ok=True)
        _step(["pseudonymise", "--manifest", str(manifest), "--out", str(shared),
               "--key-file", str(key_file)])
        _step(["ingest", "--manifest", str(shared / "manifest.yaml"), "--case", str(case)])
        _step(["case", "init", str(case), "--training", "--name", name])
        _step(["analyse", str(case), "--out", str(out / "analyse" / name), "--seed", str(seed)])
        _step(["plan", str(case), "--out", str(out / "plan" / name), "--seed", str(seed),
               "--date", today])
        _step(["map", str(case), "--out", str(out / "maps" / f"{name}.html"), "--seed", str(seed)])
        _step(["map", str(case), "--out", str(out / "maps" / f"{name}-barrieres.html"), "--seed",
               str(seed), "--layout", "barrier", "--no-alternatives"])
        cases.append(case)
        maps.append(out / "maps" / f"{name}.html")
        plans.append(out / "plan" / name)
    console.rule(_("casusselectie"))
    _step(["report", *map(str, cases), "--out", str(out / "report"), "--seed", str(seed),
           "--generated", "demo"])
    _step(["report", *map(str, cases), "--out", str(out / "report-stuurgroep"), "--seed",
           str(seed), "--generated", "demo", "--edition", "stuurgroep"])  # need-to-know edition
    head, lines = open_these(out, cases, maps, plans)
    console.rule(head)
    for line in lines:
        console.print(line, highlight=False)
