"""No raw identifier from the raw sample extracts reaches any output of the demo pipeline.

Runs ``netwerk demo`` (pseudonymise → ingest → analyse → plan → map → report) and scans every
file it writes, the case stores' tables and the Excel workbooks' cells, for the raw identifier
values of the raw extracts: BSNs, KvK and branch numbers, postcodes, licence plates, phone
numbers, IBANs, police person numbers and full person names.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from netwerk.cli.main import run
from netwerk.ingest.readers import read_table
from netwerk.ingest.spec import load_spec

pytestmark = pytest.mark.slow

#: identifier kinds whose raw values are distinctive enough to search for as-is
_SEARCHABLE = {"bsn", "rsin", "kvk", "branch", "plate", "phone", "iban", "police_id", "address"}


def _digits(v: str) -> str:
    return re.sub(r"\D", "", v)


def raw_identifier_needles(sample_data: Path) -> set[str]:
    needles: set[str] = set()
    for manifest in sample_data.glob("*/manifest.yaml"):
        import yaml

        m = yaml.safe_load(manifest.read_text(encoding="utf-8"))
        for entry in m["extracts"]:
            spec = load_spec(entry["spec"])
            df = read_table(manifest.parent / entry["file"], spec, shared=False)
            for ident in spec.identifiers:
                cols = [c for c in ident.columns if c in df.columns]
                if ident.kind == "name_dob":
                    # full names: first names + surname (with or without prefix)
                    for _, r in df[cols].dropna(subset=cols[:2]).iterrows():
                        parts = [str(r[c]).strip() for c in cols[:-1] if r[c] is not None]
                        first = parts[-1] if len(cols) == 3 else parts[2] if len(parts) > 2 else ""
                        surname = " ".join(p for p in parts[:-1] if p) if len(cols) == 3 else (
                            " ".join(p for p in (parts[1], parts[0]) if p))
                        if first and surname:
                            needles.add(f"{first.split()[0]} {surname.split()[-1]}".lower())
                    continue
                if ident.kind not in _SEARCHABLE:
                    continue
                if ident.kind == "address":
                    for v in df[cols[0]].dropna():
                        pc = re.sub(r"\s", "", str(v)).upper()
                        if re.fullmatch(r"\d{4}[A-Z]{2}", pc):
                            needles.update({pc.lower(), f"{pc[:4]} {pc[4:]}".lower()})
                    continue
                for v in df[cols[0]].dropna():
                    v = str(v).strip()
                    if ident.kind in {"bsn", "rsin", "kvk", "branch"}:
                        d = _digits(v)
                        if len(d) >= 8:
                            needles.add(d)
                    elif ident.kind == "phone":
                        d = _digits(v)
                        if len(d) >= 9:
                            needles.add(d[-9:])  # the subscriber part, whatever the prefix
                    elif ident.kind in {"plate", "iban", "police_id"}:
                        needles.add(v.lower())
                        needles.add(re.sub(r"[\s-]", "", v).lower())
    return {n for n in needles if len(n) >= 6}


def output_texts(out: Path):
    from openpyxl import load_workbook

    for path in sorted(out.rglob("*")):
        if not path.is_file():
            continue
        if path.suffix == ".duckdb":
            con = duckdb.connect(str(path), read_only=True)
            try:
                for (table,) in con.execute("select table_name from information_schema.tables"
                                            " where table_schema = 'main'").fetchall():
                    rows = con.execute(f'select * from "{table}"').fetchall()
                    yield f"{path.name}:{table}", "\n".join("\t".join(map(str, r)) for r in rows)
            finally:
                con.close()
        elif path.suffix == ".xlsx":
            wb = load_workbook(path, read_only=True)
            cells = [str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True)
                     for c in row if c is not None]
            yield path.name, "\n".join(cells)
        elif path.suffix == ".pdf":
            continue  # rendered from report.html, which is scanned
        else:
            yield path.name, path.read_bytes().decode("utf-8", errors="replace")


_HEX_RUN = re.compile(r"[0-9a-f]+")


def _leaks(needle: str, low: str) -> bool:
    """Does ``needle`` occur in ``low`` other than inside a hash or pseudonym? A postcode such as
    ``3030eb`` is also six hex digits, which a SHA-256 or a pseudonym holds by chance (about 1 in
    100 demo runs did): an occurrence inside a run of 16 or more hex digits is not a leak."""
    if not _HEX_RUN.fullmatch(needle):
        return True
    for m in re.finditer(re.escape(needle), low):
        a, b = m.start(), m.end()
        while a > 0 and low[a - 1] in "0123456789abcdef":
            a -= 1
        while b < len(low) and low[b] in "0123456789abcdef":
            b += 1
        if b - a < 16:
            return True
    return False


def test_hex_runs_are_not_leaks_but_the_identifier_is():
    assert not _leaks("3030eb", "sha256=9f3030eb" + "0" * 50)
    assert _leaks("3030eb", "postcode 3030eb, 12")
    assert _leaks("3030eb", "x" + "0" * 20 + " 3030eb")
    assert _leaks("jansen", "p. jansen")


def test_demo_outputs_hold_no_raw_identifier(tmp_path, sample_data, monkeypatch):
    monkeypatch.chdir(sample_data.parent)
    out = tmp_path / "demo"
    assert run(["demo", "--out", str(out), "--sample-data", str(sample_data)]) == 0
    for expected in ["report/report.html", "report/ranking.csv", "report/ranking.xlsx",
                     "maps/hennep-oost.html", "maps/hennep-oost-barrieres.html",
                     "plan/hennep-oost/action_plan.xlsx",
                     "analyse/hennep-oost/nodes.csv"]:
        assert (out / expected).is_file(), expected
    needles = raw_identifier_needles(sample_data)
    assert len(needles) > 300  # the scan really looks for something
    scanned = 0
    for name, text in output_texts(out):
        low = text.lower()
        found = sorted(n for n in needles if n in low and _leaks(n, low))
        assert not found, f"{name} holds raw identifiers, e.g. {found[:3]}"
        scanned += 1
    assert scanned > 30


def test_needles_are_found_in_the_raw_files(sample_data):
    """The scan would catch a leak: every needle occurs in the raw extracts themselves."""
    needles = raw_identifier_needles(sample_data)
    raw = "\n".join(p.read_bytes().decode("cp1252", errors="replace").lower()
                    for p in sample_data.glob("*/raw/*.csv"))
    raw_digits = _digits(raw)
    missing = [n for n in needles if n not in raw and n not in raw_digits
               and n.replace(" ", "") not in raw]
    assert len(missing) < len(needles) * 0.2, missing[:5]
