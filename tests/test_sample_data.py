"""The committed synthetic sample: reproducible, readable with the shipped specs, mess as declared,
planted actors present and structurally vital in the raw files themselves."""

from __future__ import annotations

import hashlib
import importlib.util
import sys
import unicodedata
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
import yaml
from stdnum import iban as stdnum_iban
from stdnum.nl import bsn as stdnum_bsn

from netwerk.ingest.spec import load_spec
from netwerk.store import load_network

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"
CASES = ["hennep-oost", "synthetica-haven", "vastgoed-west"]


def _load_script():
    spec = importlib.util.spec_from_file_location("make_sample_data",
                                                  ROOT / "scripts" / "make_sample_data.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


gen = _load_script()


@pytest.fixture(scope="module")
def truth() -> dict:
    return yaml.safe_load((SAMPLE / "truth.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sample")
    gen.generate_sample(out, seed=20261128)
    return out


def _hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "README.md"}


def _read(case: str, spec_name: str) -> pd.DataFrame:
    """Raw file as plain text cells (independent of netwerk's reader)."""
    fname, sep, enc, _ = gen.SPEC_FILES[spec_name]
    return pd.read_csv(SAMPLE / case / "raw" / fname, sep=sep, encoding=enc, dtype=str,
                       keep_default_na=False)


def test_regeneration_is_byte_identical(regenerated):
    committed = _hashes(SAMPLE)
    assert committed, "sample_data is empty: run scripts/make_sample_data.py"
    assert _hashes(regenerated) == committed


def test_other_seed_gives_other_data(tmp_path):
    gen.generate_sample(tmp_path, seed=7)
    assert _hashes(tmp_path)["hennep-oost/raw/politie.csv"] != _hashes(SAMPLE)[
        "hennep-oost/raw/politie.csv"]


def test_layout_small_and_documented(truth):
    total = sum(p.stat().st_size for p in SAMPLE.rglob("*") if p.is_file())
    assert total < 2_000_000
    readme = (SAMPLE / "README.md").read_text(encoding="utf-8")
    assert "synthetic" in readme.lower() and "make_sample_data.py" in readme
    key = (SAMPLE / "demo.key").read_text(encoding="utf-8").strip()
    assert len(key) >= 32 and "NOT-SECRET" in key
    for case in CASES:
        manifest = yaml.safe_load((SAMPLE / case / "manifest.yaml").read_text(encoding="utf-8"))
        assert manifest["case"] == case
        assert manifest["crime_type"] == truth["cases"][case]["crime_type"]
        assert {e["spec"] for e in manifest["extracts"]} == set(gen.SPEC_FILES)
        for e in manifest["extracts"]:
            assert (SAMPLE / case / e["file"]).is_file()
        assert 60 <= truth["cases"][case]["actors"]["total"] <= 250
    assert {t["crime_type"] for t in truth["cases"].values()} == {
        "cannabis", "synthetic_drugs", "money_laundering_real_estate"}


@pytest.mark.parametrize("case", CASES)
def test_files_read_with_shipped_specs(case, truth):
    readers = pytest.importorskip("netwerk.ingest.readers",
                                  reason="netwerk.ingest.readers not written yet")
    for spec_name, (fname, *_rest) in gen.SPEC_FILES.items():
        spec = load_spec(spec_name)
        df = readers.read_table(SAMPLE / case / "raw" / fname, spec, shared=False)
        assert len(df) == truth["cases"][case]["files"][fname]["rows"]
        assert set(spec.raw_columns()) <= set(df.columns)
        assert df.attrs["encoding"] == spec.encoding
        assert df.attrs["delimiter"] == spec.delimiter


def test_generator_columns_match_specs():
    for spec_name, cols in gen.COLUMNS.items():
        assert set(load_spec(spec_name).raw_columns()) == set(cols), spec_name


@pytest.mark.parametrize("case", CASES)
def test_injected_mess_matches_truth(case, truth):
    readers = pytest.importorskip("netwerk.ingest.readers")
    for spec_name, (fname, *_rest) in gen.SPEC_FILES.items():
        df = _read(case, spec_name)
        want = truth["cases"][case]["files"][fname]
        assert len(df) == want["rows"], fname
        assert len(df) - len(df.drop_duplicates()) == want["duplicates"], fname
        # invalid BSN/RSIN cells, judged by python-stdnum's 11-proef
        bad = sum((~df[c].map(stdnum_bsn.is_valid) & (df[c] != "")).sum()
                  for c in gen.BSN_COLUMNS[spec_name])
        assert bad == want["invalid_bsn"], fname
        # malformed dates, judged by netwerk's own date parser
        spec = load_spec(spec_name)
        bad_dates = 0
        for c in gen.DATE_COLUMNS[spec_name]:
            _, failed = readers.parse_dates(df[c].replace("", None), spec.date_format)
            bad_dates += int(failed.sum())
        # a placeholder (sentinel) date is no date either; ingest reads it as unknown
        assert bad_dates == want["malformed_dates"] + want["placeholder_dates"], fname
        if spec_name == "politie":
            assert (df["geboortedatum"] == "").sum() == want["missing_birth_dates"]
        if spec_name == "belastingdienst":
            ibans = df["iban"][df["iban"] != ""]
            assert len(ibans) and ibans.map(stdnum_iban.is_valid).all()


def test_synthetic_identifier_ranges():
    for case in CASES:
        for spec_name, cols in gen.BSN_COLUMNS.items():
            df = _read(case, spec_name)
            for c in cols:
                vals = df[c][df[c] != ""]
                assert vals.str.fullmatch(r"9\d{8}").all(), (case, spec_name, c)
        kvk = _read(case, "kvk")["kvk_nummer"]
        assert kvk.str.fullmatch(r"9\d{7}").all()


@pytest.mark.parametrize("case", CASES)
def test_planted_identifiers_occur_in_raw_data(case, truth):
    brp, pol, kvk = _read(case, "gemeente_brp"), _read(case, "politie"), _read(case, "kvk")
    t = truth["cases"][case]
    assert {p["role"] for p in t["planted"]} == {"straw_man", "facilitator", "specialist"}
    for p in t["planted"]:
        row = brp[brp["bsn"] == p["bsn"]]
        assert len(row) >= 1, p["role"]
        r = row.iloc[0]
        assert (r["voorvoegsel"], r["geslachtsnaam"], r["voornamen"], r["geboortedatum"]) == (
            p["voorvoegsel"], p["geslachtsnaam"], p["voornamen"], p["geboortedatum"])
        mine = pol[pol["persoonsnummer"] == p["police_id"]]
        assert len(mine) >= 1 and (mine["rol"] == p["police_role"]).all()
        assert (mine["geboortedatum"] == p["geboortedatum"]).all()
        if p["police_knows_bsn"]:
            assert (mine["bsn"] == p["bsn"]).all()
        else:  # police know only name + birth date: BRP must link them
            assert (mine["bsn"] == "").all()
        if p["role"] == "specialist":
            holders = pol.loc[pol["rol"] == p["police_role"], "persoonsnummer"].unique()
            assert list(holders) == [p["police_id"]]
        if p["role"] == "straw_man":
            mine_kvk = kvk[(kvk["bsn_functionaris"] == p["bsn"]) & (kvk["functie"] == "Bestuurder")]
            assert len(p["directs_kvk"]) >= 6
            assert set(p["directs_kvk"]) == set(mine_kvk["kvk_nummer"])
    # the stages of the value chain are recoverable from role labels and SBI codes
    roles = set(pol["rol"]) - {""}
    assert roles <= set(t["role_stages"])
    stages = set(t["role_stages"].values()) | {s for v in t["sbi_stages"].values() for s in v}
    assert stages <= set(t["stages"])
    assert len(stages) >= len(t["stages"]) - 1


# --- an independent reconstruction of each case's network from the raw files ---------------
def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.strip())
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return " ".join(s.casefold().split())


def _name(surname: str, first: str, dob: str, prefix: str = "") -> str | None:
    if not dob:
        return None
    s = _fold(surname)
    if "," in s:  # "Berg, van der"
        base, pre = (x.strip() for x in s.split(",", 1))
        s = f"{pre} {base}"
    return f"ngd:{_fold(prefix + ' ' + s)}|{_fold(first)}|{dob}"


def _addr(pc: str, nr: str, *extra: str) -> str | None:
    if not pc:
        return None
    return "adr:" + pc.replace(" ", "").upper() + "|" + nr + "|" + "".join(extra).lower()


def _network(case: str) -> tuple[nx.Graph, dict]:
    """Link identifiers the way ingest should (BSN, police id and name+dob of one row are one
    person), drop invalid BSNs, and build an undirected simple graph."""
    same: list[tuple[str, str]] = []
    edges: list[tuple[str | None, str | None]] = []

    def bsn(v: str) -> str | None:
        return f"bsn:{v}" if v and stdnum_bsn.is_valid(v) else None

    pol = _read(case, "politie")
    for r in pol.itertuples():
        me = f"pid:{r.persoonsnummer}"
        for other in (bsn(r.bsn), _name(r.achternaam, r.voornamen, r.geboortedatum)):
            if other:
                same.append((me, other))
        edges += [(me, f"pid:{r.medeverdachte_persoonsnummer}" if r.medeverdachte_persoonsnummer else None),
                  (me, "knt:" + r.kenteken.replace("-", "").upper() if r.kenteken else None),
                  (me, "tel:" + r.telefoonnummer.replace("+31 6 ", "06").replace("-", "")
                   if r.telefoonnummer else None),
                  (me, _addr(r.pleeg_postcode, r.pleeg_huisnummer))]
    for r in _read(case, "gemeente_brp").itertuples():
        me = bsn(r.bsn)
        if me:
            same.append((me, _name(r.geslachtsnaam, r.voornamen, r.geboortedatum, r.voorvoegsel)))
            edges.append((me, _addr(r.postcode, r.huisnummer, r.huisletter, r.huisnummertoevoeging)))
    for r in _read(case, "kvk").itertuples():
        me = f"kvk:{r.kvk_nummer}"
        edges.append((me, _addr(r.postcode, r.huisnummer, r.toevoeging)))
        off = _name(r.achternaam_functionaris, r.voornamen_functionaris,
                    r.geboortedatum_functionaris) or (
            f"kvk:{r.kvk_nummer_functionaris}" if r.kvk_nummer_functionaris else None)
        if off and bsn(r.bsn_functionaris):
            same.append((off, bsn(r.bsn_functionaris)))
        edges.append((off, me))
    for r in _read(case, "kadaster").itertuples():
        me = f"prc:{r.kadastrale_aanduiding}"
        owner = bsn(r.bsn_eigenaar) or (f"kvk:{r.kvk_eigenaar}" if r.kvk_eigenaar else None)
        edges += [(owner, me), (me, _addr(r.postcode, r.huisnummer, r.huisletter,
                                          r.huisnummertoevoeging))]
    for r in _read(case, "gemeente_vergunningen").itertuples():
        me = f"kvk:{r.kvk_nummer}"
        edges += [(me, f"vgn:{r.vergunningnummer}"), (me, _addr(r.postcode, r.huisnummer, r.toevoeging))]
    for r in _read(case, "belastingdienst").itertuples():
        me = bsn(r.bsn) or f"kvk:{r.kvk_nummer}"
        edges += [(me, "iban:" + r.iban.replace(" ", "") if r.iban else None),
                  (me, f"kvk:{r.relatie_kvk_nummer}" if r.relatie_kvk_nummer else None)]
    uf = nx.utils.UnionFind()
    for a, b in same:
        if a and b:
            uf.union(a, b)
    g = nx.Graph()
    for a, b in edges:
        if a and b and uf[a] != uf[b]:
            g.add_edge(uf[a], uf[b])
    return g, uf


@pytest.mark.parametrize("case", CASES)
def test_planted_actors_are_structurally_vital_in_raw_data(case, truth):
    g, uf = _network(case)
    t = truth["cases"][case]
    planted = {p["role"]: uf[f"bsn:{p['bsn']}"] for p in t["planted"]}
    # the facilitator (police know only name + birth date) links up with his BSN through BRP
    fac = next(p for p in t["planted"] if p["role"] == "facilitator")
    assert uf[f"pid:{fac['police_id']}"] == planted["facilitator"]
    cut = set(nx.articulation_points(g))
    assert planted["facilitator"] in cut
    # removing the facilitator separates the persons of the two stage clusters
    pol = _read(case, "politie")
    stage_of = {uf[f"pid:{pid}"]: t["role_stages"][rol]
                for pid, rol in zip(pol["persoonsnummer"], pol["rol"], strict=True) if rol}
    h = g.copy()
    h.remove_node(planted["facilitator"])
    comp = {n: i for i, c in enumerate(nx.connected_components(h)) for n in c}
    side_a, side_b = (set(s) for s in fac["structure"]["separates"])
    comps_a = {comp[n] for n, s in stage_of.items() if s in side_a - side_b and n in comp}
    comps_b = {comp[n] for n, s in stage_of.items() if s in side_b - side_a and n in comp}
    assert comps_a and comps_b and not comps_a & comps_b
    # the straw man touches many companies
    straw = planted["straw_man"]
    assert sum(1 for n in g[straw] if str(n).startswith("kvk:")) >= 6
    # the facilitator is not simply the best-connected node
    deg = dict(g.degree())
    assert deg[planted["facilitator"]] < max(deg.values())


def test_scale_mode_rows_checksums_and_determinism(tmp_path):
    rows = gen.generate_scale(tmp_path / "a", 3000, seed=1, chunk=1000)
    gen.generate_scale(tmp_path / "b", 3000, seed=1, chunk=1000)
    assert rows["politie.csv"] == 3000
    for f, frac in gen.SCALE_FRACTIONS.items():
        fname, sep, enc, _ = gen.SPEC_FILES[f]
        a, b = tmp_path / "a" / fname, tmp_path / "b" / fname
        assert a.read_bytes() == b.read_bytes()
        df = pd.read_csv(a, sep=sep, encoding=enc, dtype=str, keep_default_na=False)
        assert len(df) == rows[fname] == max(1, round(3000 * frac))
        assert list(df.columns) == gen.COLUMNS[f]
        for c in gen.BSN_COLUMNS[f]:
            vals = df[c][df[c] != ""]
            assert vals.map(stdnum_bsn.is_valid).all()
    brp = pd.read_csv(tmp_path / "a" / "gemeente_brp.csv", sep=";", encoding="cp1252", dtype=str)
    pol = pd.read_csv(tmp_path / "a" / "politie.csv", sep=";", encoding="cp1252", dtype=str)
    # one population: police BSNs are found in the BRP
    assert pol["bsn"].dropna().isin(set(brp["bsn"])).mean() > 0.5


# --- end to end: pseudonymise and ingest the sample, find the planted actors -----------------
@pytest.fixture(scope="module")
def ingested(tmp_path_factory) -> dict:
    pseud = pytest.importorskip("netwerk.ingest.pseudonymise")
    pipeline = pytest.importorskip("netwerk.ingest.pipeline")
    pytest.importorskip("netwerk.store")

    key = (SAMPLE / "demo.key").read_bytes().strip()
    tmp = tmp_path_factory.mktemp("ingested")
    nets, results, shared, stores = {}, {}, {}, {}
    for case in CASES:
        manifest = yaml.safe_load((SAMPLE / case / "manifest.yaml").read_text(encoding="utf-8"))
        db = tmp / f"{case}.duckdb"
        for e in manifest["extracts"]:
            spec = load_spec(e["spec"])
            out = tmp / case / Path(e["file"]).name
            out.parent.mkdir(parents=True, exist_ok=True)
            p = pseud.pseudonymise_file(SAMPLE / case / e["file"], spec, key, out)
            i = pipeline.ingest_extract(db, out, spec, crime_type=manifest["crime_type"])
            results[case, e["spec"]] = (p, {**i.summary(),
                                            "reasons": i.rejects["reason"].tolist()})
            shared[case, e["spec"]] = out
        nets[case], stores[case] = load_network(db), db
    return {"key": key, "nets": nets, "results": results, "shared": shared, "stores": stores}


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES)
def test_specs_reject_only_the_planted_mess(case, truth, ingested):
    """Optional endpoints (no co-suspect, no vehicle, person or company owner) never reject a
    row: pseudonymisation rejects BRP rows with an invalid (required) BSN and rows with a
    malformed date (at the partner, who can correct them: review7 Q10) and empties the other
    invalid or incomplete identifier cells; ingest then rejects only a row that states a
    relation (``soort_relatie``) whose end was such an emptied invalid BSN (``empty_endpoint``:
    the tie cannot be formed, review7 Q3)."""
    for spec_name, (fname, *_rest) in gen.SPEC_FILES.items():
        want = truth["cases"][case]["files"][fname]
        p, i = ingested["results"][case, spec_name]
        required_bsn = spec_name == "gemeente_brp"
        assert p.rows_read == want["rows"], fname
        assert p.rejects == want["malformed_dates"] + (want["invalid_bsn"] if required_bsn
                                                       else 0), fname
        assert p.cells_emptied == (0 if required_bsn else
                                   want["invalid_bsn"] + want["missing_birth_dates"]), fname
        assert i["read"] == p.rows_written, fname
        assert i["duplicates"] == want["duplicates"], fname
        lost = i["reasons"].count("empty_endpoint")
        assert set(i["reasons"]) <= {"empty_endpoint"}, fname
        assert lost <= want["invalid_bsn"], fname
        assert i["rejects"] == lost, fname
        assert i["used"] == i["read"] - i["duplicates"] - i["rejects"], fname


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES)
def test_every_shipped_spec_reconciles_rows_and_relations(case, ingested):
    """Nothing lost in silence, on the sample, for every shipped spec: rows read = used +
    duplicates + rejected, and relations made = stored + repeated within the extract + already
    stored. The relations made are counted again by the pure mapper (``map_extract`` on the
    shared extract, not the streaming path); no import stores one record twice; and the
    repeats the specs make are there (KvK writes ``established_at`` on each officer row)."""
    from netwerk.ingest.mapping import map_extract
    from netwerk.ingest.pipeline import _SAME_RELATION
    from netwerk.ingest.readers import read_table
    from netwerk.model import default_model
    from netwerk.store import connect

    repeated = {}
    for spec_name in gen.SPEC_FILES:
        _p, i = ingested["results"][case, spec_name]
        assert i["read"] == i["used"] + i["duplicates"] + i["rejects"], spec_name
        assert i["mapped"] == i["relations"] + i["repeated"] + i["already stored"], spec_name
        assert i["already stored"] == 0, spec_name  # one delivery per partner
        spec = load_spec(spec_name)
        path = ingested["shared"][case, spec_name]
        m = map_extract(read_table(path, spec, shared=True), spec, model=default_model(),
                        file=path.name)
        assert len(m.relations) == i["mapped"], spec_name
        assert m.rows_used == i["used"], spec_name
        repeated[spec_name] = i["repeated"]
    cols = ", ".join(f'"{c}"' for c in _SAME_RELATION)
    with connect(ingested["stores"][case], read_only=True) as con:
        twice = con.execute(f"SELECT count(*) FROM (SELECT import_id, {cols} FROM relations "
                            "GROUP BY ALL HAVING count(*) > 1)").fetchone()[0]
        per_import = con.execute("SELECT i.relations_repeated, count(r.relation_id) "
                                 "FROM imports i LEFT JOIN relations r USING (import_id) "
                                 "GROUP BY i.import_id, i.relations_repeated").fetchall()
    assert twice == 0
    assert sum(r for r, _n in per_import) == sum(repeated.values())
    assert repeated["kvk"] > 0


def _node_of(net, pseudonym: str) -> str:
    if pseudonym in net.nodes.index:
        return pseudonym
    hits = net.nodes.index[net.nodes["aliases"].fillna("").str.contains(pseudonym, regex=False)]
    assert len(hits) == 1, pseudonym
    return hits[0]


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES)
def test_planted_actors_linked_across_partners_after_ingest(case, truth, ingested):
    from netwerk.ingest.normalise import normalise
    from netwerk.ingest.pseudonymise import pseudonym

    net, key = ingested["nets"][case], ingested["key"]
    g = net.simple_graph
    ids = list(net.nodes.index)
    cut = {ids[i] for i in g.articulation_points()}
    deg = dict(zip(ids, g.degree(), strict=True))
    for p in truth["cases"][case]["planted"]:
        node = _node_of(net, pseudonym("bsn", normalise("bsn", [p["bsn"]]), key))
        # the police person number and name + birth date resolve to the same subject
        assert _node_of(net, pseudonym("police_id", normalise("police_id", [p["police_id"]]),
                                       key)) == node
        ngd = normalise("name_dob", [p["geslachtsnaam"], p["voorvoegsel"], p["voornamen"],
                                     p["geboortedatum"]])
        assert _node_of(net, pseudonym("name_dob", ngd, key)) == node
        partners = set(str(net.nodes.at[node, "partners"]).split(";"))
        assert {"politie", "gemeente"} <= partners
        if p["role"] == "straw_man":
            assert {"KvK", "Belastingdienst"} <= partners
        if p["role"] == "facilitator":
            assert node in cut
            assert deg[node] < max(deg.values())
