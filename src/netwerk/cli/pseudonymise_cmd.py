"""``netwerk pseudonymise``: run at the partner, before anything is shared.

One file::

    netwerk pseudonymise raw/kvk.csv --spec kvk --key-file partner.key --out shared/kvk.csv

A whole delivery described by a manifest (``{case, crime_type, extracts: [{file, spec}, ...]}``,
paths relative to the manifest's folder)::

    netwerk pseudonymise --manifest raw/manifest.yaml --out shared/

writes every extract under the same file name into ``shared/`` plus a copy of the manifest (and of
spec files given as paths), so ``netwerk ingest --manifest shared/manifest.yaml`` works there.
"""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import InputError, Reason
from .main import app, console, err_console

__all__ = ["pseudonymise"]


def _progress_bar():
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                    console=err_console, transient=True)


def _one(raw: Path, spec_ref: str, key: bytes, out: Path, reid: Path | None) -> None:
    from ..ingest.pseudonymise import pseudonymise_file
    from ..ingest.spec import load_spec

    spec = load_spec(spec_ref)
    if not err_console.is_terminal:  # no bar in logs and pipes
        res = pseudonymise_file(raw, spec, key, out, reid_path=reid)
    else:
        with _progress_bar() as bar:
            task = bar.add_task(f"{raw.name}: reading", total=len(spec.identifiers) + 2)

            def progress(step: str, done: int, total: int) -> None:
                bar.update(task, completed=done, total=total, description=f"{raw.name}: {step}")

            res = pseudonymise_file(raw, spec, key, out, reid_path=reid, progress=progress)
    emptied = f", {res.cells_emptied} cells emptied" if res.cells_emptied else ""
    console.print(
        f"{raw.name}: {res.rows_read} rows read, {res.rows_written} written, "
        f"{res.rejects} rejected{emptied} -> {out} (key {res.key_fingerprint})",
        highlight=False, soft_wrap=True,
    )


def _load_manifest(path: Path) -> dict:
    import yaml

    if not path.is_file():
        raise InputError("manifest not found", reason=Reason.FILE_NOT_FOUND, file=str(path))
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # all strings
    except yaml.YAMLError as exc:
        raise InputError(f"manifest is not valid YAML: {exc}", reason=Reason.UNREADABLE_FILE,
                         file=str(path)) from None
    extracts = data.get("extracts") if isinstance(data, dict) else None
    if not isinstance(extracts, list) or not extracts or not all(
            isinstance(e, dict) and isinstance(e.get("file"), str) and isinstance(e.get("spec"), str)
            for e in extracts):
        raise InputError("manifest needs 'extracts': a list of {file: ..., spec: ...}",
                         reason=Reason.UNREADABLE_FILE, file=str(path))
    return data


def _run_manifest(manifest: Path, key: bytes, out_dir: Path, reid_dir: Path | None) -> None:
    import shutil

    import yaml

    from ..ingest.spec import shipped_specs

    data = _load_manifest(manifest)
    base = manifest.parent
    if out_dir.resolve() == base.resolve():
        raise InputError("--out must be another folder than the raw files' folder",
                         reason=Reason.INVALID_ARGUMENT, file=str(out_dir))
    out_dir.mkdir(parents=True, exist_ok=True)
    names = [Path(e["file"]).name for e in data["extracts"]]
    dups = sorted({n for n in names if names.count(n) > 1})
    if dups:
        raise InputError(f"several extracts share the file name {', '.join(dups)}",
                         reason=Reason.INVALID_ARGUMENT, file=str(manifest))
    copied = []
    for entry in data["extracts"]:
        raw = base / entry["file"]
        spec_ref = entry["spec"]
        spec_path = base / spec_ref
        if spec_path.is_file():
            shutil.copyfile(spec_path, out_dir / spec_path.name)
            new_spec = spec_path.name
            spec_ref = str(spec_path)
        elif spec_ref in shipped_specs():
            new_spec = spec_ref
        else:
            raise InputError(f"spec '{spec_ref}' is neither a file next to the manifest nor a "
                             f"shipped spec ({', '.join(shipped_specs())})",
                             reason=Reason.FILE_NOT_FOUND, file=str(manifest))
        reid = reid_dir / f"{raw.name}.reid.csv" if reid_dir else None
        _one(raw, spec_ref, key, out_dir / raw.name, reid)
        copied.append({**entry, "file": raw.name, "spec": new_spec})
    data = {**data, "extracts": copied}
    (out_dir / "manifest.yaml").write_text(
        yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    console.print(f"manifest -> {out_dir / 'manifest.yaml'}", highlight=False)


@app.command("pseudonymise")
def pseudonymise(
    raw: Path = typer.Argument(None, help="Raw partner export (omit with --manifest)."),
    spec: str = typer.Option(None, "--spec", help="Extract spec: a YAML/TOML file or a shipped spec name."),
    key_file: Path = typer.Option(None, "--key-file", help="Key file (else env NETWERK_KEY)."),
    out: Path = typer.Option(..., "--out", help="Pseudonymised extract (a folder with --manifest)."),
    reid: Path = typer.Option(None, "--reid",
                              help="Write the re-identification table here (keep it at the partner!). "
                                   "With --manifest: a folder."),
    manifest: Path = typer.Option(None, "--manifest",
                                  help="Pseudonymise every extract a manifest lists into --out."),
) -> None:
    """Replace identifiers by keyed pseudonyms (run at the partner). Writes the extract, a
    rejects file and a .netwerk.json sidecar with the key fingerprint (never the key)."""
    from ..ingest.pseudonymise import load_key

    key = load_key(key_file)
    if manifest is not None:
        if raw is not None or spec is not None:
            raise InputError("give either RAW --spec SPEC or --manifest, not both",
                             reason=Reason.INVALID_ARGUMENT)
        if reid is not None:
            if reid.resolve().is_relative_to(out.resolve()):
                raise InputError("--reid must be outside the --out folder: the folder is shared, "
                                 "the re-identification tables stay with the partner",
                                 reason=Reason.INVALID_ARGUMENT, file=str(reid))
            reid.mkdir(parents=True, exist_ok=True)
        _run_manifest(manifest, key, out, reid)
        return
    if raw is None or spec is None:
        raise InputError("give RAW and --spec (or --manifest)", reason=Reason.INVALID_ARGUMENT)
    _one(raw, spec, key, out, reid)
