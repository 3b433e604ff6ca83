"""End to end on the synthetic raw sample: pseudonymise -> ingest -> analyse -> map, exports and
drawing. No raw identifier value of the raw extracts may appear in any of them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml
from viz_helpers import map_data

from netwerk.viz import export, network_svg, write_map

CASE = "hennep-oost"


@pytest.fixture(scope="module")
def sample_case(sample_data: Path, tmp_path_factory):
    from netwerk.ingest.pipeline import ingest_manifest
    from netwerk.ingest.pseudonymise import pseudonymise_file
    from netwerk.ingest.readers import read_table
    from netwerk.ingest.spec import load_spec
    from netwerk.store import load_network

    folder = sample_data / CASE
    if not (folder / "manifest.yaml").exists():
        pytest.skip("sample_data not present")
    key = (sample_data / "demo.key").read_bytes().strip()
    manifest = yaml.safe_load((folder / "manifest.yaml").read_text(encoding="utf-8"))
    out = tmp_path_factory.mktemp("sample")
    raw_values: set[str] = set()
    extracts = []
    for ex in manifest["extracts"]:
        spec = load_spec(ex["spec"])
        raw = folder / ex["file"]
        pseudo = out / (Path(ex["file"]).stem + "_pseudo" + Path(ex["file"]).suffix)
        pseudonymise_file(raw, spec, key, pseudo)
        extracts.append({"file": pseudo.name, "spec": ex["spec"]})
        df = read_table(raw, spec, shared=False)
        for ident in spec.identifiers:
            cols = [c for c in ident.columns if c in df.columns]
            if ident.kind == "name_dob" and len(cols) >= 2:
                # a name identifies as a whole: "first names surname" (a first name alone such as
                # 'Françoise' may well be part of a trade name)
                sur, first = df[cols[0]], df[cols[1]]
                full = (first.fillna("") + " " + sur.fillna("")).str.split().str.join(" ")
                raw_values.update(v for v in full if v and " " in v)
                continue
            for col in cols:
                raw_values.update(" ".join(str(v).split()) for v in df[col].dropna())
    (out / "manifest.yaml").write_text(yaml.safe_dump(
        {"case": CASE, "crime_type": manifest.get("crime_type"), "extracts": extracts}),
        encoding="utf-8")
    ingest_manifest(out / "case.duckdb", out / "manifest.yaml")
    net = load_network(out / "case.duckdb")
    # values that identify on their own: long enough not to be a house number or an initial
    raw_values = {v for v in raw_values if len(v) >= 5 and not re.fullmatch(r"\d{1,4}", v)}
    return net, raw_values, out


def _leaks(text: str, raw_values: set[str]) -> list[str]:
    """Raw values found as whole words (so the first name 'François' does not match a trade name
    'Chez Françoise')."""
    words = set(re.findall(r"\w+", text))
    found = []
    for v in raw_values:
        parts = re.findall(r"\w+", v)
        if parts and all(p in words for p in parts) and re.search(
                r"(?<!\w)" + re.escape(v) + r"(?!\w)", text):
            found.append(v)
    return sorted(found)


def test_map_and_exports_hold_no_raw_identifier(sample_case, tmp_path):
    from netwerk.analysis import vital_nodes

    net, raw_values, _ = sample_case
    assert net.n_nodes > 50 and len(raw_values) > 100
    some = sorted(raw_values)[:3]
    assert _leaks("see " + "; ".join(some) + ".", raw_values) == some  # the check can fail
    v = vital_nodes(net, seed=0)
    texts: dict[str, str] = {}
    for aud in ("case-meeting", "partner:Belastingdienst"):
        res = write_map(net, tmp_path / f"{aud}.html", vital=v, audience=aud)
        page = res.path.read_text(encoding="utf-8")
        texts[f"map {aud}"] = json.dumps(map_data(page), ensure_ascii=False)
        texts[f"map {aud} page text"] = re.sub(r"<script.*?</script>", "", page, flags=re.S)
    for fmt, name in (("gexf", "c.gexf"), ("graphml", "c.graphml"), ("csv", "csvdir")):
        for p in export(net, tmp_path / name, format=fmt, vital=v):
            texts[p.name] = p.read_text(encoding="utf-8-sig")
    (xlsx,) = export(net, tmp_path / "c.xlsx", format="i2", vital=v)
    import openpyxl

    wb = openpyxl.load_workbook(xlsx)
    texts["i2"] = "\n".join(str(c) for ws in wb.worksheets for r in ws.iter_rows(values_only=True)
                            for c in r if c is not None)
    texts["svg"] = network_svg(net, vital=v)
    for where, text in texts.items():
        assert _leaks(text, raw_values) == [], where


def test_restricted_tax_attributes_only_for_the_tax_office(sample_case, tmp_path):
    net, _, _ = sample_case
    na = net.node_attributes
    if na is None or not (na["attribute"] == "openstaande_schuld").any():
        pytest.skip("no restricted attribute in this sample")
    cm = write_map(net, tmp_path / "cm.html")
    bd = write_map(net, tmp_path / "bd.html", audience="partner:Belastingdienst")

    def names(path):
        data = map_data(path.read_text(encoding="utf-8"))
        return {a[0] for n in data["nodes"] for a in n["attributes"]}

    assert "openstaande_schuld" not in names(cm.path)
    assert "openstaande_schuld" in names(bd.path)
    others = sorted(set(net.edges["partner"].dropna()) - {"Belastingdienst"})
    other = write_map(net, tmp_path / "o.html", audience=f"partner:{others[0]}")
    assert "openstaande_schuld" not in names(other.path)
    ents = pd.read_csv(export(net, tmp_path / "e", format="csv")[0], encoding="utf-8-sig")
    assert not any("openstaande_schuld" in c for c in ents.columns)
