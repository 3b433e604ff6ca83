"""A file whose first bytes show another format than the spec's says what it is (review 8, S13b).

Review 7 Q13 worded a CSV saved as ``.xlsx`` ("zet 'format: csv'"). The reverse gave
``kan byte 0xc7 niet lezen als utf-8-sig ... sla de export op als UTF-8``: a workbook (ZIP
signature ``PK\\x03\\x04``) or a Parquet file (``PAR1``) read under a CSV spec. Now every reader
path says what the file is and which ``format`` to set: pseudonymise (streamed plan and whole
read), ingest (an extract with a sidecar of an older netwerk, so the sidecar check cannot say
it first), screen's reader, and the ``netwerk analyse`` edge-list reader, which has no spec and
reads the file as what it is. The pairs: workbook/Parquet/other zip/old ``.xls`` under CSV,
Parquet under XLSX, workbook under Parquet.
"""

from __future__ import annotations

import json
import zipfile

import pandas as pd
import pytest

from netwerk.errors import InputError, Reason
from netwerk.i18n import using
from netwerk.ingest.pseudonymise import pseudonymise_file, sidecar_path
from netwerk.ingest.readers import plan_csv, read_table
from netwerk.ingest.spec import load_spec

ROWS = pd.DataFrame({"kvk_nummer": ["12345678"], "naam": ["Jansen BV"]})


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("formats")
    ROWS.to_excel(d / "book.xlsx", index=False)
    ROWS.to_parquet(d / "table.parquet", index=False)
    with zipfile.ZipFile(d / "other.zip", "w") as z:
        z.writestr("word/document.xml", "<w/>")
    (d / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    return d


def _spec(fmt: str):
    return load_spec("kvk").model_copy(update={"format": fmt})


EXCEL = "kan niet lezen als csv: dit is een Excel-werkmap; zet 'format: xlsx' in de specificatie"
PARQUET = "dit is een Parquet-bestand; zet 'format: parquet' in de specificatie"


@pytest.mark.parametrize("name, fmt, said", [
    ("book.xlsx", "csv", EXCEL),
    ("table.parquet", "csv", "kan niet lezen als csv: " + PARQUET),
    ("other.zip", "csv", "kan niet lezen als csv: dit is een zip-bestand, geen CSV-bestand"),
    ("old.xls", "csv", "kan niet lezen als csv: een oud Excel-bestand (.xls) of een werkmap met "
                       "een wachtwoord"),
    ("table.parquet", "xlsx", "kan niet lezen als xlsx: " + PARQUET),
    ("book.xlsx", "parquet", "kan niet lezen als parquet: dit is een Excel-werkmap; zet "
                             "'format: xlsx' in de specificatie"),
])
def test_read_table_says_what_the_file_is(files, name, fmt, said):
    for shared in (False, True):
        with pytest.raises(InputError) as e:
            read_table(files / name, _spec(fmt), shared=shared)
        assert e.value.reason == Reason.UNREADABLE_FILE
        assert said in str(e.value) and "UTF-8" not in str(e.value)


def test_the_streamed_plan_says_it_too(files):
    with pytest.raises(InputError, match="dit is een Excel-werkmap"):
        plan_csv(files / "book.xlsx", _spec("csv"))


def test_a_workbook_named_csv(files, tmp_path):
    p = tmp_path / "kvk.csv"
    p.write_bytes((files / "book.xlsx").read_bytes())
    with pytest.raises(InputError, match=EXCEL):
        read_table(p, _spec("csv"), shared=False)


def test_in_english(files):
    with using("en"), pytest.raises(InputError) as e:
        read_table(files / "book.xlsx", _spec("csv"), shared=False)
    assert "this is an Excel workbook; set 'format: xlsx' in the spec" in str(e.value)


def test_pseudonymise_a_workbook_under_the_shipped_csv_spec(files, tmp_path, demo_key):
    with pytest.raises(InputError, match=EXCEL):
        pseudonymise_file(files / "book.xlsx", load_spec("kvk"), demo_key, tmp_path / "o.xlsx")
    assert not (tmp_path / "o.xlsx").exists()


def test_ingest_a_workbook_extract_with_an_older_sidecar(tmp_path, sample_data, demo_key):
    """Review 8's ``netwerk ingest shared/kvk.xlsx --spec kvk``, with a sidecar of an older
    netwerk (no reading settings): the reader says what the file is."""
    from netwerk.ingest.pipeline import ingest_extract

    raw = tmp_path / "kvk.xlsx"
    pd.read_csv(sample_data / "hennep-oost" / "raw" / "kvk.csv", dtype=str, sep=None,
                engine="python", encoding="utf-8-sig").to_excel(raw, index=False)
    out = tmp_path / "shared" / "kvk.xlsx"
    pseudonymise_file(raw, _spec("xlsx"), demo_key, out)
    side = json.loads(sidecar_path(out).read_text(encoding="utf-8"))
    for k in ("spec_sha256", "spec_settings", "written"):
        side.pop(k)
    sidecar_path(out).write_text(json.dumps(side), encoding="utf-8")
    with pytest.raises(InputError, match=EXCEL):
        ingest_extract(tmp_path / "k.duckdb", out, "kvk")


class TestEdgeList:
    """``netwerk analyse`` has no spec: the file is read as what its bytes are, and said."""

    @pytest.fixture
    def edges(self):
        return pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "w": [1.5, 2.0]})

    @pytest.mark.parametrize("write, name, what", [
        (lambda df, p: df.to_excel(p, index=False), "e.csv", "een Excel-werkmap"),
        (lambda df, p: df.to_parquet(p, index=False), "e.csv", "een Parquet-bestand"),
        (lambda df, p: df.to_csv(p, index=False, sep=";"), "e.xlsx", "een CSV-bestand"),
    ])
    def test_read_as_what_it_is(self, edges, tmp_path, kept, write, name, what):
        from netwerk.graph.edgelist import read_network

        p = tmp_path / name
        write(edges, p)
        net = read_network(p, weight="w")
        assert net.edges["weight"].tolist() == [1.5, 2.0]
        said = [r.getMessage() for r in kept.records]
        ext = "een CSV-bestand" if name.endswith(".csv") else "een Excel-werkmap"
        assert f"{name}: de extensie zegt {ext}, de inhoud is {what}; gelezen als {what}" in said

    def test_the_name_decides_nothing_when_it_is_right(self, edges, tmp_path, kept):
        from netwerk.graph.edgelist import read_network

        edges.to_excel(tmp_path / "e.xlsx", index=False)
        read_network(tmp_path / "e.xlsx", weight="w")
        assert not [r for r in kept.records if "extensie" in r.getMessage()]
