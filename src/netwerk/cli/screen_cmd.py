"""``netwerk screen``: screen whole registers for clusters worth a case (DuckDB or Spark)."""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import InputError, Reason
from ..i18n import N_, _
from .main import app, console

__all__ = ["screen_command"]


def _conf(pairs: list[str]) -> dict[str, str]:
    out = {}
    for p in pairs:
        if "=" not in p:
            raise InputError(_("--conf verwacht SLEUTEL=WAARDE, niet '{waarde}'", waarde=p), reason=Reason.INVALID_ARGUMENT)
        k, v = p.split("=", 1)
        out[k.strip()] = v.strip()
    return out


@app.command("screen", help=N_(
    "Markeer hubs en rode vlaggen in hele registers, laat clusters groeien vanuit gemarkeerde "
    "subjecten, rangschik ze en schrijf per topcluster een casusopslag (te openen met analyse, "
    "plan, map, report)."))
def screen_command(
    inputs: list[Path] = typer.Argument(..., help=N_("Manifesten of mappen met "
                                                     "gepseudonimiseerde registerextracten (één "
                                                     "sleutel).")),
    out: Path = typer.Option(..., "--out", "-o", help=N_("Uitvoermap (screening.csv, cases/).")),
    engine: str = typer.Option("duckdb", "--engine", help=N_("duckdb (standaard) of spark.")),
    master: str | None = typer.Option(None, "--master", help=N_(
            "Spark-master, bijv. local[2] (standaard: de sessie van spark-submit, anders "
            "local[2]).")),
    top: int = typer.Option(20, "--top", help=N_("Schrijf casusopslagen voor de N beste clusters.")),
    config: Path | None = typer.Option(None, "--config", help=N_(
            "Instellingen van de screening (YAML): hubs, relatiesoorten, startpunten, drempels, "
            "score.")),
    work: Path | None = typer.Option(None, "--work", help=N_(
            "Map voor tussenresultaten (standaard OUT/work; op een cluster: gedeelde opslag).")),
    keep_work: bool = typer.Option(False, "--keep-work", help=N_("Bewaar de tussenresultaten.")),
    memory_limit: str | None = typer.Option(None, "--memory-limit", help=N_("Geheugenlimiet van "
                                                                            "DuckDB, bijv. 6GB.")),
    conf: list[str] = typer.Option([], "--conf", help=N_("Spark-instelling SLEUTEL=WAARDE "
                                                         "(herhaalbaar).")),
    checkpoints: str = typer.Option("auto", "--checkpoints", help=N_(
            "Spark: reliable (checkpointmap), local, of auto (local in lokale modus).")),
) -> None:
    from ..i18n import _, ngettext
    from ..screen import screen
    from ..screen.pipeline import STEP_LABELS

    def step(name: str, frac: float) -> None:
        label = _(STEP_LABELS[name]) if name in STEP_LABELS else name
        console.print(f"  {label} ({frac:.0%})", highlight=False, markup=False)

    res = screen(list(inputs), out, engine=engine, master=master, top=top, config=config,
                 work=work, keep_work=keep_work, memory_limit=memory_limit,
                 spark_conf=_conf(conf) or None, checkpoints=checkpoints, progress=step)
    ext = res.extracts
    console.print(_("{regels} gelezen uit {extracten} ({afgewezen} afgewezen, zie rejects.csv); "
                    "{hubs} terzijde gelegd",
                    regels=ngettext("{n} regel", "{n} regels", int(ext["rows_read"].sum())),
                    extracten=ngettext("{n} extract", "{n} extracten", len(ext)),
                    afgewezen=int(ext["rejected"].sum()),
                    hubs=ngettext("{n} hub", "{n} hubs", int(res.hubs))),
                  highlight=False, markup=False, soft_wrap=True)
    console.print(_("{clusters} gerangschikt in {pad}; {casussen} in {map}",
                    clusters=ngettext("{n} cluster", "{n} clusters", len(res.screening)),
                    pad=str(res.out / "screening.csv"),
                    casussen=ngettext("{n} casusopslag", "{n} casusopslagen", len(res.cases)),
                    map=str(res.out / "cases")), highlight=False, markup=False, soft_wrap=True)
    if res.screening.empty:  # a register in which nothing meets a threshold: a result too
        rows = res.provenance.get("rows", {})
        console.print(_("niets gemarkeerd: {startpunten}, geen cluster boven de drempels; de "
                        "uitvoerbestanden hebben alleen hun kopregel",
                        startpunten=ngettext("{n} startpunt", "{n} startpunten",
                                             int(rows.get("seeds", 0)))),
                      highlight=False, markup=False, soft_wrap=True)
    for row in res.screening.head(min(top, 10) if top else 0).itertuples():
        console.print(f"  {row.rank:>3}. {row.cluster}  "
                      + _("omvang {omvang}  score {score}", omvang=f"{row.size:>5}",
                          score=f"{row.score:.3f}"), highlight=False, markup=False)
    eng = res.provenance["engine"]
    console.print(_("verwerkt met {naam} {versie} in {sec} s", naam=eng["name"],
                    versie=eng["version"], sec=f"{sum(res.timings.values()):.1f}"),
                  highlight=False, markup=False)
