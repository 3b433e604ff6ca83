"""``netwerk pseudonymise``: run at the partner, before anything is shared.

One file::

    netwerk pseudonymise raw/kvk.csv --spec kvk --key-file partner.key --out shared/kvk.csv

A whole delivery described by a manifest (``{case, crime_type, extracts: [{file, spec}, ...]}``,
paths relative to the manifest's folder)::

    netwerk pseudonymise --manifest raw/manifest.yaml --out shared/

writes every extract into ``shared/`` under its file name with raw identifiers masked
(``bsn_123456782.csv`` -> ``bsn_bsn.csv``, :func:`netwerk.ingest.manifest.shared_file_name`), plus
the manifest for that folder (and copies of spec files given as paths), so ``netwerk ingest
--manifest shared/manifest.yaml`` works there.
"""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import InputError, Reason
from ..i18n import N_, _, ngettext
from .files import into_folder, out_path
from .main import app, console, err_console, step_label

__all__ = ["pseudonymise", "describe"]


def _progress_bar():
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                    console=err_console, transient=True)


def _one(raw: Path, spec_ref: str, key: bytes, out: Path, reid: Path | None) -> None:
    from rich.markup import escape  # a file name in a bar's description is no markup

    from ..ingest.pseudonymise import pseudonymise_file
    from ..ingest.spec import load_spec
    from ..privacy import mask_name

    spec = load_spec(spec_ref)
    shown = mask_name(raw.name, spec.raw_patterns)  # names are partner data too
    if not err_console.is_terminal:  # no bar in logs and pipes
        res = pseudonymise_file(raw, spec, key, out, reid_path=reid)
    else:
        with _progress_bar() as bar:
            task = bar.add_task(escape(f"{shown}: " + _("lezen")),
                                total=len(spec.identifiers) + 2)

            def progress(step: str, done: int, total: int) -> None:
                bar.update(task, completed=done, total=total,
                           description=escape(f"{shown}: {step_label(step)}"))

            res = pseudonymise_file(raw, spec, key, out, reid_path=reid, progress=progress)
    _summary(raw.name, res, out, spec.raw_patterns)


def describe(res, name: str, out: object | None = None,
             extra: dict[str, str] | None = None) -> list[str]:
    """The lines ``netwerk pseudonymise`` prints for one file, in the user's language
    (:mod:`netwerk.i18n`): counts, then what was read differently, dropped (data minimisation) or
    masked. File names are masked (names are partner data, :func:`netwerk.privacy.mask_name`,
    with ``extra``: the spec's ``raw_patterns``).

    Examples
    --------
    >>> from netwerk.ingest.pseudonymise import PseudonymiseResult
    >>> from netwerk.i18n import using
    >>> r = PseudonymiseResult(3, 2, 1, 0, 1, "ab", dropped_columns=("opmerking",))
    >>> describe(r, "bsn_111222333.csv")[0]
    'bsn_[bsn].csv: 3 regels gelezen, 2 geschreven, 1 afgewezen (sleutel ab)'
    >>> with using("en"):
    ...     describe(r, "x.csv")
    ['x.csv: 3 rows read, 2 written, 1 rejected (key ab)', 'x.csv: 1 column not in the spec left out of the shared extract: opmerking']
    >>> describe(r, "PN12345678_verhoor.csv", extra={"pn": r"\\bPN\\d{8}\\b"})[0][:20]
    '[pn]_verhoor.csv: 3 '
    """
    from ..privacy import mask_name

    name = mask_name(name, extra)
    tail = ""
    if res.cells_emptied:
        tail += ", " + ngettext("{n} cel leeggemaakt", "{n} cellen leeggemaakt",
                                res.cells_emptied)
    if out is not None:
        tail += f" -> {mask_name(out, extra)}"
    lines = [f"{name}: " + _("{regels}, {w} geschreven, {r} afgewezen{extra} (sleutel {vinger})",
                             regels=ngettext("{n} regel gelezen", "{n} regels gelezen",
                                             res.rows_read),
                             w=res.rows_written, r=res.rejects, extra=tail,
                             vinger=res.key_fingerprint)]
    if res.dropped_columns:
        lines.append(f"{name}: " + ngettext(
            "{n} kolom die niet in de specificatie staat, is weggelaten uit het gedeelde extract: "
            "{kolommen}", "{n} kolommen die niet in de specificatie staan, zijn weggelaten uit het "
            "gedeelde extract: {kolommen}", len(res.dropped_columns),
            kolommen=", ".join(res.dropped_columns)))
    if res.empty_lines or res.repeated_headers:
        lines.append(f"{name}: " + _("{leeg} en {kop} overgeslagen",
                                     leeg=ngettext("{n} lege regel", "{n} lege regels",
                                                   res.empty_lines),
                                     kop=ngettext("{n} herhaalde kopregel",
                                                  "{n} herhaalde kopregels",
                                                  res.repeated_headers)))
    lines.extend(f"{name}: {note}" for note in res.notes)
    lines.extend(f"{name}: " + ngettext(
        "kolom '{kolom}': ruwe identificatoren gemaskeerd in {n} cel",
        "kolom '{kolom}': ruwe identificatoren gemaskeerd in {n} cellen", n, kolom=c)
        for c, n in res.masked_cells.items())
    return lines


def _summary(name: str, res, out: object | None = None,
             extra: dict[str, str] | None = None) -> None:
    for line in describe(res, name, out, extra):
        console.print(line, markup=False, highlight=False, soft_wrap=True)


def _run_manifest(manifest: Path, key: bytes, out_dir: Path, reid_dir: Path | None) -> None:
    from ..ingest.manifest import load_manifest, manifest_patterns, pseudonymise_manifest

    extra = manifest_patterns(load_manifest(manifest))
    pseudonymise_manifest(manifest, key, out_dir, reid_dir=reid_dir,
                          on_file=lambda entry, res: _summary(entry.file.name, res, None, extra))
    console.print(_("manifest geschreven: {pad}", pad=str(out_dir / "manifest.yaml")),
                  highlight=False, markup=False, soft_wrap=True)


@app.command("pseudonymise", help=N_(
    "Vervang identificatoren door pseudoniemen met een sleutel (draait bij de partner). Schrijft "
    "het extract, een bestand met afgewezen regels en een sidecarbestand .netwerk.json met de "
    "vingerafdruk van de sleutel (nooit de sleutel zelf)."))
def pseudonymise(
    raw: Path = typer.Argument(None, help=N_("Ruwe export van de partner (weglaten bij "
                                             "--manifest).")),
    spec: str = typer.Option(None, "--spec", help=N_("Extractspecificatie: een YAML/TOML-bestand "
                                                     "of de naam van een meegeleverde "
                                                     "specificatie.")),
    key_file: Path = typer.Option(None, "--key-file", help=N_("Sleutelbestand (anders de "
                                                              "omgevingsvariabele NETWERK_KEY).")),
    out: Path = typer.Option(..., "--out", parser=out_path, metavar="<path>",
                             help=N_("Gepseudonimiseerd extract, of een map (eindigt op / of "
                                     "bestaat al) waarin het onder de naam van de ruwe export "
                                     "komt; bij --manifest altijd een map.")),
    reid: Path = typer.Option(None, "--reid",
                              help=N_("Schrijf de heridentificatietabel hierheen (die blijft bij "
                                      "de partner!). Bij --manifest: een map.")),
    manifest: Path = typer.Option(None, "--manifest",
                                  help=N_("Pseudonimiseer elk extract uit een manifest naar "
                                          "--out.")),
) -> None:
    from ..ingest.pseudonymise import load_key

    key = load_key(key_file)
    if manifest is not None:
        if raw is not None or spec is not None:
            raise InputError(_("geef RAW --spec SPEC of --manifest, niet allebei"),
                             reason=Reason.INVALID_ARGUMENT)
        if reid is not None:
            if reid.resolve().is_relative_to(out.resolve()):
                raise InputError(_("--reid moet buiten de map van --out liggen: die map wordt "
                                   "gedeeld, de heridentificatietabellen blijven bij de partner"),
                                 reason=Reason.INVALID_ARGUMENT, file=str(reid))
            reid.mkdir(parents=True, exist_ok=True)
        _run_manifest(manifest, key, out, reid)
        return
    if raw is None or spec is None:
        raise InputError(_("geef RAW en --spec (of --manifest)"), reason=Reason.INVALID_ARGUMENT)
    if into_folder(out, raw.name) != Path(out):  # `--out DIR/` or an existing folder
        from ..ingest.manifest import shared_file_name
        from ..ingest.spec import load_spec

        out = into_folder(out, shared_file_name(raw.name, extra=load_spec(spec).raw_patterns))
    _one(raw, spec, key, out, reid)
