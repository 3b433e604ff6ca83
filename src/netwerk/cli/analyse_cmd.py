"""``netwerk analyse``: the vital-node report of a case store or an edge list, written to a folder.

Parses the arguments, opens the case through :mod:`netwerk.case` and prints; the work is
:meth:`netwerk.case.Case.analyse` and :meth:`netwerk.case.Case.write`.
"""

from __future__ import annotations

import logging
from pathlib import Path

import typer

from ..i18n import N_, _, ngettext
from .main import app, console, err_console, warn

__all__ = ["analyse"]


def _open(source: Path, *, src_col: str, tgt_col: str, directed: bool, weight: str | None,
          nodes: Path | None, node_id: str, model: str | None, stages: list[str] | None,
          decimal: str | None = None):
    """The case of a store or an edge list (with its node table), read under the partner
    readers' rules (:func:`netwerk.graph.edgelist.read_network`)."""
    from ..case import Case, open_case
    from ..errors import InputError, Reason
    from ..graph.edgelist import read_network
    from ..graph.network import describe_rejects
    from ..privacy import mask_name
    from ..provenance import input_record

    if not source.exists():
        raise InputError(_("bestand niet gevonden"), reason=Reason.FILE_NOT_FOUND, file=str(source))
    if source.suffix.lower() in (".duckdb", ".db"):
        return open_case(source, model=model), []
    if nodes is not None and not nodes.exists():
        raise InputError(_("bestand niet gevonden"), reason=Reason.FILE_NOT_FOUND, file=str(nodes))
    if decimal is not None and decimal not in (",", "."):
        raise InputError(_("onbekende waarde '{waarde}' bij --decimal (kies uit ',' of '.')",
                           waarde=decimal), reason=Reason.INVALID_ARGUMENT)
    lib_log = logging.getLogger("netwerk.graph.network")
    level = lib_log.level
    lib_log.setLevel(logging.ERROR)  # its reject lines are printed below, with the file name
    try:
        net = read_network(source, source=src_col, target=tgt_col, directed=directed,
                           weight=weight, nodes=nodes, node_id=node_id, decimal=decimal)
    finally:
        lib_log.setLevel(level)
    name = mask_name(source.name)
    for line in describe_rejects(net.meta, file=name):
        warn(line)
    if nodes is not None:
        for line in describe_rejects(net.meta, file=mask_name(nodes.name), table="nodes"):
            warn(line)
    ids = net.meta.get("ids", {})
    if ids.get("integer_valued_float") or ids.get("trimmed"):
        warn(_("{bestand}: ids gelijkgemaakt: {n} met spaties eromheen ingekort, {m} als geheel "
               "getal gelezen (2.0 -> 2)", bestand=name, n=ids.get("trimmed", 0),
               m=ids.get("integer_valued_float", 0)))
    if ids.get("invisible"):
        warn(_("{bestand}: onzichtbare tekens (zero-width, zachte afbreekstreep, harde spatie) "
               "uit {n} id's gehaald", bestand=name, n=ids["invisible"]))
    if net.meta.get("excel_errors_emptied"):
        n_xl = int(net.meta["excel_errors_emptied"])
        warn(ngettext("{bestand}: {n} kenmerkcel met een Excel-foutwaarde (zoals #N/B of "
                      "#WAARDE!) als leeg gelezen",
                      "{bestand}: {n} kenmerkcellen met een Excel-foutwaarde (zoals #N/B of "
                      "#WAARDE!) als leeg gelezen", n_xl, bestand=name))
    mark = net.meta.get("weight_decimal")
    if weight is not None and decimal is None and mark in (",", "both"):
        warn(_("{bestand}: gewichten in kolom '{kolom}' gelezen met {hoe}", bestand=name,
               kolom=weight, hoe=_("decimaalkomma (1,5 = anderhalf; 1.500 = duizendvijfhonderd)")
               if mark == "," else _("decimaalkomma of -punt per waarde (de kolom heeft beide)")))
    if net.n_edges == 0:
        raise InputError(_("de relatielijst heeft geen bruikbare rijen ({n} gelezen, alle "
                           "afgewezen)", n=net.meta.get("rows_read", 0)),
                         reason=Reason.EMPTY_FILE, file=name)
    inputs = [input_record(source, kind="edge list")]
    if nodes is not None:
        inputs.append(input_record(nodes, kind="node table"))
    if stages and "stage" not in net.nodes.columns:
        warn(_("de knooppunten hebben geen kenmerk 'stage'; de waardeketenanalyse is overgeslagen"))
        stages = None
    return Case.from_network(net, model=model, stages=stages, name=source.stem), inputs


@app.command("analyse", help=N_(
    "Vitale knooppunten, relatiematen en een verstoringscurve, met een samenvatting en "
    "herkomstgegevens."))
def analyse(
    source: Path = typer.Argument(..., help=N_("Casusopslag (.duckdb) of relatielijst (CSV).")),
    out: Path = typer.Option(..., "--out", "-o", help=N_("Map voor de rapportbestanden.")),
    source_col: str = typer.Option("source", "--source", help=N_("Relatielijst: kolom met het "
                                                                 "beginpunt.")),
    target_col: str = typer.Option("target", "--target", help=N_("Relatielijst: kolom met het "
                                                                 "eindpunt.")),
    directed: bool = typer.Option(False, "--directed", help=N_("Relatielijst: de relaties hebben "
                                                               "een richting.")),
    weight: str | None = typer.Option(None, "--weight", help=N_("Relatielijst: kolom met het "
                                                                "gewicht.")),
    distance: str | None = typer.Option(
        None, "--distance",
        help=N_("Hoe --weight de padmaten (betweenness, closeness, harmonic) en de vitale "
                "rangorde stuurt: 'weight' = het gewicht is een lengte (standaard; bij dubbele "
                "records telt de kortste), 'inverse' = het gewicht is een sterkte (meer contact "
                "= dichterbij; dubbele records tellen op, lengte 1/gewicht).")),
    decimal: str | None = typer.Option(
        None, "--decimal",
        help=N_("Relatielijst: het decimaalteken van --weight, ',' of '.' (standaard: zoals de "
                "kolom laat zien; 1.500 in een kolom die het niet beslist wordt geweigerd).")),
    nodes: Path | None = typer.Option(None, "--nodes", help=N_("Relatielijst: CSV met kenmerken "
                                                               "van de knooppunten.")),
    node_id: str = typer.Option("id", "--node-id", help=N_("Kolom met de id in --nodes.")),
    stages: str | None = typer.Option(None, "--stages",
                                      help=N_("Relatielijst: de schakels van de waardeketen op "
                                              "volgorde, gescheiden door komma's (waarden van "
                                              "het kenmerk 'stage' van de knooppunten).")),
    steps: int = typer.Option(10, "--steps", help=N_("Aantal verstoringsstappen.")),
    strategy: str = typer.Option("betweenness", "--strategy",
                                 help=N_("Verstoringsstrategie (degree, betweenness, "
                                         "eigenvector, pagerank, keyplayer, scarcity, random) of "
                                         "knooppunt-id's a,b,c.")),
    mode: str = typer.Option("sequential", "--mode", help=N_(
            "Verstoringswijze: sequential (een voor een) of block (alles tegelijk).")),
    weights: Path | None = typer.Option(None, "--weights", help=N_(
            "YAML-bestand met de gewichten van de vitaliteitsscore.")),
    kinds: str | None = typer.Option(None, "--kinds",
                                     help=N_("Soorten knooppunten om te rangschikken, gescheiden "
                                             "door komma's, of 'all' (standaard: personen en "
                                             "bedrijven, anders alle).")),
    model: str | None = typer.Option(None, "--model",
                                     help=N_("Barrièremodel (meegeleverde naam of YAML) waarvan "
                                             "de schakels en schakelregels gebruikt worden "
                                             "(standaard: dat van het delicttype van de casus).")),
    seed: int = typer.Option(0, "--seed", help=N_("Seed van elke toevalskeuze.")),
) -> None:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from ..analysis.vital import _DEFAULT, load_vital_weights
    from ..errors import InputError, Reason
    from ..i18n import ngettext

    load_vital_weights(weights)  # a bad weights file stops here, before the case is read
    if distance is not None and distance not in ("weight", "inverse"):
        raise InputError(_("onbekende waarde '{waarde}' bij --distance (kies uit weight, inverse)",
                           waarde=distance), reason=Reason.INVALID_ARGUMENT)
    if distance is not None and weight is None:
        raise InputError(_("--distance zegt hoe --weight gelezen wordt; geef ook --weight KOLOM"),
                         reason=Reason.INVALID_ARGUMENT)
    stage_list = [s.strip() for s in stages.split(",") if s.strip()] if stages else None
    case, inputs = _open(source, src_col=source_col, tgt_col=target_col, directed=directed,
                         weight=weight, nodes=nodes, node_id=node_id, model=model,
                         stages=stage_list, decimal=decimal)
    for note in case.notes:
        warn(note)
    if weight is not None and (distance or "weight") == "weight":
        warn(_("gewichten uit kolom '{kolom}' gelezen als lengtes (--distance weight): "
               "betweenness, closeness en harmonic gebruiken de kortste lengte per relatie; "
               "strength, eigenvector, PageRank en de gemeenschappen gebruiken 1/lengte van het "
               "kortste record (dubbele records tellen niet op); de verstoringscurve is "
               "ongewogen", kolom=weight))
    elif weight is not None:
        warn(_("gewichten uit kolom '{kolom}' gelezen als sterktes (--distance inverse): "
               "strength, eigenvector, PageRank en de gemeenschappen gebruiken de opgetelde "
               "gewichten; betweenness, closeness en harmonic de lengte 1/gewicht; de "
               "verstoringscurve is ongewogen", kolom=weight))
    kind_arg: object
    if kinds is None:
        kind_arg = _DEFAULT
    elif kinds.strip().lower() == "all":
        kind_arg = None
    else:
        kind_arg = [k.strip() for k in kinds.split(",") if k.strip()]
    strat: str | list[str] = (
        [x.strip() for x in strategy.split(",") if x.strip()] if "," in strategy else strategy)
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/"
                  "{task.total}"), TimeElapsedColumn(), console=err_console,
                  transient=True, disable=not err_console.is_terminal) as progress:
        task = progress.add_task(_("vitale knooppunten"), total=2 + steps)
        result = case.analyse(steps=steps, strategy=strat, mode=mode, weights=weights,
                              kinds=kind_arg, seed=seed, weighted=weight is not None,
                              distance=distance or "weight",
                              progress=lambda label: progress.update(task, advance=1,
                                                                     description=label))
    case.write(result, out, config={"weights_file": weights.name if weights else None},
               inputs=inputs)
    counts = case.net.record_counts()
    console.print(_("{knooppunten} en {relaties} geanalyseerd -> {pad}",
                    knooppunten=ngettext("{n} knooppunt", "{n} knooppunten", case.net.n_nodes),
                    relaties=ngettext("{n} relatie", "{n} relaties",
                                      counts["relations_analysed"]),
                    pad=str(out)), highlight=False, markup=False, soft_wrap=True)
    rejected = sum(counts["rejected"].values())
    skipped = counts.get("empty_rows", 0) + counts.get("repeated_headers", 0)
    if rejected or counts["self_loops_left_out"] or skipped:
        line = _("  {gelezen}: {gebruikt} geanalyseerd, {afgewezen} afgewezen, {lussen} "
                 "weggelaten (relatie met zichzelf)",
                 gelezen=ngettext("{n} rij gelezen", "{n} rijen gelezen", counts["rows_read"]),
                 gebruikt=counts["relations_analysed"], afgewezen=rejected,
                 lussen=counts["self_loops_left_out"])
        if skipped:  # the rows read reconcile: analysed + self-loops + rejected + these
            line += _(", {leeg} leeg, {kop} herhaalde kopregel(s) overgeslagen",
                      leeg=counts.get("empty_rows", 0), kop=counts.get("repeated_headers", 0))
        console.print(line, highlight=False, markup=False, soft_wrap=True)
    for comp, why in (result.vital.params.get("left_out_reasons") or {}).items():
        warn(_("{maat} weggelaten uit de vitale rangorde: {reden}", maat=comp, reden=why))
    top = result.vital.table.head(5)
    for node, r in top.iterrows():
        console.print(f"  {int(r['rank']):>2}. {node}  {float(r['vital_score']):.3f}  {r['reason']}",
                      highlight=False, markup=False)
