"""Ingest streamed in chunks equals ingest of the whole file, table by table (issue 9).

The extract is built so that every whole-file rule crosses chunk borders at a chunk size of a few
KiB: duplicate rows far apart, an enterprise seen plain early and with its trade name only late,
relations of two mappings in every chunk (their ids are numbered mapping by mapping over the whole
file), identity links repeated across chunks, reader rejects (short line, truncated last line), a
repeated header, and a raw BSN in a late chunk that must refuse the whole import.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))

from casekit import (  # noqa: E402
    GEMEENTE_SPEC,
    MESSY_HEADER,
    MESSY_SPEC,
    P,
    assert_same_store,
    messy_rows,
    snapshot,
    write_extract,
    write_spec,
)

from netwerk.errors import LeakError  # noqa: E402
from netwerk.ingest.mapping import map_extract  # noqa: E402
from netwerk.ingest.pipeline import ingest_extract  # noqa: E402
from netwerk.ingest.readers import read_table  # noqa: E402
from netwerk.ingest.spec import load_spec  # noqa: E402
from netwerk.model import default_model  # noqa: E402

CHUNK = 2048  # about 15 rows of the messy extract: some 25 chunks


def messy_big(n_blocks: int = 40) -> list[list[str]]:
    """Blocks of the messy rows (each block its own persons), with faults across blocks."""
    rows: list[list[str]] = []
    k_late = P("kvk", "55555555")
    for blk in range(n_blocks):
        sub = {P("bsn", v): P("bsn", f"{blk:03d}{v[3:]}") for v in
               ("111111110", "222222220", "333333330", "444444440")}
        for r in messy_rows():
            rows.append([sub.get(c, c) for c in r])
        # the same enterprise in every block: plain (no trade name) until the last block
        a = rows[-14][0]
        name = "Holding Laat" if blk == n_blocks - 1 else ""
        rows.append([a, "", "", "", "", k_late, "company", name, "", ""])
    rows.append(list(rows[2]))  # duplicate of a row of the first chunk, in the last one
    rows.append(list(rows[30]))
    return rows


def write_faulty(path: Path, rows: list[list[str]], *, header: list[str], spec: str = "messy"
                 ) -> Path:
    """Write the extract, then add reader faults: a short line, a repeated header in the middle,
    a truncated last line (bytes as a partner's tool might leave them)."""
    write_extract(path, header, rows, spec=spec, partner="politie")
    text = path.read_text(encoding="utf-8").splitlines()
    mid = len(text) // 2
    text.insert(mid, ";".join(header))  # repeated header
    text.insert(mid + 7, "kort;veld")  # field count
    body = "\n".join(text) + "\n" + ";".join(rows[0][:3])  # truncated last line, no line end
    path.write_bytes(body.encode("utf-8"))
    return path


@pytest.fixture
def messy(tmp_path: Path):
    spec = load_spec(write_spec(tmp_path, MESSY_SPEC, "messy"))
    ex = write_faulty(tmp_path / "messy.csv", messy_big(), header=MESSY_HEADER)
    return spec, ex


def _ingest(tmp_path: Path, name: str, ex: Path, spec, **kw):
    case = tmp_path / f"{name}.duckdb"
    return case, ingest_extract(case, ex, spec, **kw)


def test_chunks_equal_whole_file(tmp_path, messy):
    spec, ex = messy
    assert ex.stat().st_size > 20 * CHUNK  # many chunks
    whole_case, whole = _ingest(tmp_path, "whole", ex, spec, chunk_bytes=None)
    small_case, small = _ingest(tmp_path, "small", ex, spec, chunk_bytes=CHUNK)
    assert_same_store(snapshot(whole_case), snapshot(small_case))
    for res in (whole, small):
        assert res.reconciled and res.duplicates == 40 * 2 + 2
        assert res.n_rejects == 40 * 8 + 2  # 8 per block, a short and a truncated line
    pd.testing.assert_frame_equal(whole.rejects, small.rejects)
    assert (whole.nodes, whole.relations, whole.nodes_new) == \
        (small.nodes, small.relations, small.nodes_new)


def test_chunks_equal_map_extract_of_the_whole_file(tmp_path, messy):
    """The reference: map_extract over the file read whole (as ingest did before streaming)."""
    spec, ex = messy
    case, res = _ingest(tmp_path, "small", ex, spec, chunk_bytes=CHUNK)
    m = map_extract(read_table(ex, spec, shared=True), spec, model=default_model(),
                    file="messy.csv")
    store = snapshot(case)
    got = store["nodes"].sort_values("node_id").reset_index(drop=True)
    want = m.nodes.sort_values("node_id").reset_index(drop=True).astype(got.dtypes.to_dict())
    pd.testing.assert_frame_equal(got, want)
    late = got.loc[got["node_id"] == P("kvk", "55555555"), "label"].tolist()
    assert late == ["Holding Laat"]  # labelled only in the last block
    rel = store["relations"]
    assert rel["relation_id"].tolist() == list(range(1, len(m.relations) + 1))
    assert rel["row"].tolist() == m.relations["row"].tolist()  # mapping by mapping, file order
    assert rel["kind"].tolist() == m.relations["kind"].tolist()
    assert (res.rows_read, res.rows_used, res.duplicates, res.n_rejects) == \
        (m.rows_read, m.rows_used, m.duplicates, m.rejected)
    assert store["rejects"]["row"].tolist() == m.rejects["row"].tolist()
    attrs = store["node_attributes"][["node_id", "attribute", "value"]]
    assert not attrs.duplicated().any()
    assert len(attrs) == len(m.attributes.drop_duplicates())


def test_second_import_and_identity_links_across_chunks(tmp_path):
    """A second extract (links, a node known from the first import) into the same store."""
    spec = load_spec(write_spec(tmp_path, GEMEENTE_SPEC, "gem"))
    header = ["bsn", "ngd", "adres", "woonplaats", "sinds"]
    rows = []
    for i in range(300):
        p = i % 40  # each person on many rows, far apart: repeated links and attributes
        rows.append([P("bsn", f"{p:09d}"), P("name_dob", f"n{p}"), P("address", f"a{i % 7}"),
                     "Tilburg" if i % 3 else "Breda", f"0{1 + i % 9}-01-2020"])
    ex = write_faulty(tmp_path / "gem.csv", rows, header=header, spec="gem")
    first = messy_big(3)
    for name, chunk in (("whole", None), ("small", 1024)):
        case = tmp_path / f"{name}.duckdb"
        ingest_extract(case, write_extract(tmp_path / "first.csv", MESSY_HEADER, first,
                                           spec="messy", partner="politie"),
                       load_spec(write_spec(tmp_path, MESSY_SPEC, "messy")), chunk_bytes=chunk)
        res = ingest_extract(case, ex, spec, chunk_bytes=chunk)
        assert res.reconciled and res.identity_links == 40
    assert_same_store(snapshot(tmp_path / "whole.duckdb"), snapshot(tmp_path / "small.duckdb"))


def test_leak_in_a_late_chunk_refuses_everything(tmp_path, messy):
    spec, _ = messy
    rows = messy_big()
    rows[-5][7] = "BSN 111222333 ingevoerd"  # the trade name column, in the last chunk
    ex = write_faulty(tmp_path / "leak.csv", rows, header=MESSY_HEADER)
    case = tmp_path / "case.duckdb"
    ingest_extract(case, write_extract(tmp_path / "ok.csv", MESSY_HEADER, messy_rows()[:3],
                                       spec="messy", partner="politie"), spec)
    before = snapshot(case)
    msgs = []
    for chunk in (None, CHUNK):
        with pytest.raises(LeakError) as err:
            ingest_extract(case, ex, spec, chunk_bytes=chunk)
        msgs.append(str(err.value))
        assert_same_store(before, snapshot(case))  # nothing committed, earlier chunks neither
    assert msgs[0] == msgs[1] and "handelsnaam" in msgs[0] and "BSN" in msgs[0]
    row = len(rows) - 5 + 1 + 2  # data row: +1 for 1-based, +2 for the inserted lines
    assert f"(rijen {row})" in msgs[0]
    # overridden: imported, and the same whichever the chunk size
    res = [_ingest(tmp_path, f"o{c}", ex, spec, chunk_bytes=c, override_leak_guard=True)
           for c in (None, CHUNK)]
    assert all(r.leak_override and len(r.leak_findings) == 1 for _, r in res)
    assert_same_store(snapshot(res[0][0]), snapshot(res[1][0]))


def test_duplicates_exact_on_hash_collisions(tmp_path, monkeypatch):
    """Every row hashing alike: the exact test (bytes of the earlier line) still decides."""
    from netwerk.ingest import duplicates

    monkeypatch.setattr(duplicates, "row_hashes",
                        lambda df, cols, threads=None: np.zeros(len(df), dtype=np.uint64))
    spec = load_spec(write_spec(tmp_path, MESSY_SPEC, "messy"))
    ex = write_faulty(tmp_path / "messy.csv", messy_big(6), header=MESSY_HEADER)
    whole_case, whole = _ingest(tmp_path, "whole", ex, spec, chunk_bytes=None)
    small_case, small = _ingest(tmp_path, "small", ex, spec, chunk_bytes=1024)
    assert whole.duplicates == small.duplicates == 6 * 2 + 2
    assert_same_store(snapshot(whole_case), snapshot(small_case))


def test_relation_attributes_json_equals_duckdb_map_json():
    """The JSON text of relation attributes is byte for byte DuckDB's ``to_json`` of a map of
    the non-empty values (the form stores hold), for awkward text: quotes, backslashes, control
    characters, non-ASCII, empty and missing values."""
    import json

    import duckdb

    from netwerk.ingest.mapping import _json_objects

    vals = ['a"b', "c\\d", "tab\there", "nl\nx", "\x01\x1f", "café ✓", "", None, "𝄞", "/", "x"]
    rng = np.random.default_rng(7)
    cols = {k: pd.Series(rng.choice(np.array(vals, dtype=object), 300), dtype="str")
            for k in ("registratienummer", "feit", "b\"k")}
    got = _json_objects(cols).tolist()
    names = sorted(cols)
    frame = pd.DataFrame({f"c{i}": cols[n].where(cols[n] != "", None)  # noqa: F841
                          for i, n in enumerate(names)})
    entries = ", ".join(f"{{'k': ?, 'v': c{i}}}" for i in range(len(names)))
    want = duckdb.sql(f"SELECT CAST(to_json(map_from_entries(list_filter([{entries}], "
                      "lambda x: x.v IS NOT NULL))) AS VARCHAR) AS j FROM frame",
                      params=names).fetchnumpy()["j"].tolist()
    assert got == want
    for i, text in enumerate(got):
        assert json.loads(text) == {n: cols[n][i] for n in names
                                    if isinstance(cols[n][i], str) and cols[n][i]}


def test_fixed_kinds_disallowed_endpoints_rejected():
    """A relation whose kind and endpoint kinds are all fixed by the spec is checked once for the
    whole chunk: every row that makes it is rejected when the model does not allow it."""
    from netwerk.ingest.spec import ExtractSpec

    spec = ExtractSpec.model_validate({
        "name": "t", "partner": "p",
        "identifiers": [{"columns": ["a"], "kind": "bsn"}, {"columns": ["b"], "kind": "plate"}],
        "nodes": [{"id": "a", "kind": "person"}, {"id": "b", "kind": "vehicle", "required": False}],
        "relations": [{"kind": "director_of", "source": "a", "target": "b"}]})
    a, b = P("bsn", "111111110"), P("plate", "12ABC3")
    df = pd.DataFrame({"a": [a, a, a], "b": [b, "", b], "_row": [1, 2, 3]}).astype(
        {"a": "str", "b": "str"})
    m = map_extract(df, spec, model=default_model(), file="t.csv")
    assert m.rejects["row"].tolist() == [1] and m.duplicates == 1  # row 3 repeats row 1
    assert m.rejects["reason"].tolist() == ["disallowed_endpoint"]
    assert m.rows_used == 1 and m.relations.empty


SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "hennep-oost"


@pytest.fixture(scope="module")
def sample_extracts(tmp_path_factory) -> list[tuple[Path, str]]:
    """The six raw hennep-oost extracts pseudonymised with the demo key (every shipped spec:
    kind and label columns, ``also`` links, typed attributes, grading columns, JSON relation
    attributes)."""
    import yaml

    from netwerk.ingest.pseudonymise import pseudonymise_file

    if not (SAMPLE / "manifest.yaml").exists():
        pytest.fail("sample_data/hennep-oost is missing")
    key = (SAMPLE.parent / "demo.key").read_bytes().strip()
    out = tmp_path_factory.mktemp("sample-extracts")
    done = []
    for e in yaml.safe_load((SAMPLE / "manifest.yaml").read_text(encoding="utf-8"))["extracts"]:
        target = out / Path(e["file"]).name
        pseudonymise_file(SAMPLE / e["file"], load_spec(e["spec"]), key, target)
        done.append((target, e["spec"]))
    return done


def test_every_shipped_spec_chunked_equals_map_extract(tmp_path, sample_extracts):
    """Each sample extract ingested in chunks of a few rows holds exactly the records
    map_extract makes of the file read whole (the reference): relations (a record repeated on
    later rows once, from its first row) with their ids in map_extract's order and every column (dates, grading, JSON attributes), one row per node,
    distinct attributes and identity links, rejects."""
    import duckdb

    from netwerk.ingest.pipeline import _SAME_RELATION
    from netwerk.store import connect
    from netwerk.store.casestore import insert_frame

    for path, spec_name in sample_extracts:
        spec = load_spec(spec_name)
        case = tmp_path / f"{spec_name}.duckdb"
        res = ingest_extract(case, path, spec, chunk_bytes=512)
        m = map_extract(read_table(path, spec, shared=True), spec, model=default_model(),
                        file=res.file)
        assert (res.rows_read, res.rows_used, res.duplicates, res.n_rejects) == \
            (m.rows_read, m.rows_used, m.duplicates, m.rejected)
        ref = tmp_path / f"{spec_name}-ref.duckdb"
        with connect(ref) as con:  # the reference records in a store of the same schema
            ours = {"import_id": 1, "partner": spec.partner}
            # one observation on several rows: its first row's record, the others counted
            # (the reference by pandas, ingest's by DuckDB: _drop_repeated_relations)
            first = m.relations.sort_values("row", kind="stable")
            repeat = first.duplicated(list(_SAME_RELATION), keep="first")
            rel = m.relations.loc[~repeat.reindex(m.relations.index).to_numpy()]
            assert res.relations_repeated == int(repeat.sum())
            assert res.relations_mapped == len(m.relations) and res.relations_reconciled
            rel = rel.assign(relation_id=np.arange(1, len(rel) + 1))
            insert_frame(con, "nodes", m.nodes)
            insert_frame(con, "relations", rel, constants={**ours, "extract": res.file})
            insert_frame(con, "node_attributes", m.attributes, distinct=True, constants=ours)
            insert_frame(con, "identity_links", m.links, distinct=True, constants=ours)
            insert_frame(con, "rejects", m.rejects, constants={"import_id": 1})
        con = duckdb.connect()
        con.execute(f"ATTACH '{case}' AS got (READ_ONLY)")
        con.execute(f"ATTACH '{ref}' AS want (READ_ONLY)")
        for table in ("nodes", "relations", "node_attributes", "identity_links", "rejects"):
            n = con.execute(f"SELECT count(*) FROM want.{table}").fetchone()[0]
            for a, b in (("got", "want"), ("want", "got")):
                extra = con.execute(f"SELECT count(*) FROM (FROM {a}.{table} EXCEPT ALL "
                                    f"FROM {b}.{table})").fetchone()[0]
                assert extra == 0, (spec_name, table, a, extra, n)
        assert con.execute("SELECT count(*) FROM want.relations").fetchone()[0] == res.relations
        con.close()


def test_a_labelled_row_of_a_later_mapping_beats_an_earlier_plain_row(tmp_path):
    """One row per node is its first *labelled* row over every node mapping: an enterprise seen
    plain through a mapping without a label column (earlier mapping, earlier row) takes the trade
    name of a later mapping's row, chunked or not, as map_extract does."""
    spec_text = """
name: lab
partner: kvk
format: csv
delimiter: ";"
encoding: utf-8
identifiers:
  - {columns: [eigenaar], kind: kvk}
  - {columns: [ent], kind: kvk}
nodes:
  - {id: eigenaar, kind: company, required: false}
  - {id: ent, kind: company, label_column: naam, required: false}
"""
    spec = load_spec(write_spec(tmp_path, spec_text, "lab"))
    x, y = P("kvk", "12345678"), P("kvk", "87654321")
    rows = [[x, "", ""], [y, "", ""]] * 20 + [["", x, "Bakkerij"], ["", y, ""]]
    ex = write_extract(tmp_path / "lab.csv", ["eigenaar", "ent", "naam"], rows, spec="lab",
                       partner="kvk")
    m = map_extract(read_table(ex, spec, shared=True), spec, model=default_model(), file="x")
    want = dict(zip(m.nodes["node_id"], m.nodes["label"], strict=True))
    assert want == {x: "Bakkerij", y: y}
    for chunk in (None, 64):
        case, _ = _ingest(tmp_path, f"lab{chunk}", ex, spec, chunk_bytes=chunk)
        nodes = snapshot(case)["nodes"]
        assert dict(zip(nodes["node_id"], nodes["label"], strict=True)) == want


def test_every_shared_sample_extract_without_sidecar_is_refused_as_pseudonymised(
        tmp_path, sample_extracts):
    """A shared extract whose sidecar was lost, given to pseudonymise again: every shipped
    spec's extract is refused as already pseudonymised (by its header's pseudonym columns or
    by its values), never with a misleading "column missing"."""
    import shutil

    from netwerk.errors import InputError, Reason
    from netwerk.ingest.pseudonymise import pseudonymise_file

    key = (SAMPLE.parent / "demo.key").read_bytes().strip()
    for path, spec_name in sample_extracts:
        bare = tmp_path / spec_name / path.name  # the CSV alone, no .netwerk.json beside it
        bare.parent.mkdir()
        shutil.copy(path, bare)
        with pytest.raises(InputError) as err:
            pseudonymise_file(bare, load_spec(spec_name), key, tmp_path / spec_name / "o.csv")
        assert err.value.reason == Reason.ALREADY_PSEUDONYMISED, (spec_name, str(err.value))
        assert not (tmp_path / spec_name / "o.csv").exists()
