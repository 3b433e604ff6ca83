"""The sidecar pins the spec a shared extract was made with, not only its name (review 8, S13).

A shared extract keeps its values as the partner's spec wrote them: dates as text in its
``date_format``, numbers with its ``decimal`` mark, in its file ``format`` with the raw export's
delimiter and encoding. A partner who edits the shipped ``politie`` spec (``date_format:
"%m-%d-%Y"``) and keeps its name used to have every date read three months off at the RIEC
without a word. The sidecar now records the spec's content hash, its reading settings and what
the bytes are; ingest and screen (``check_unchanged``, the one place) refuse a spec that reads
the bytes differently, naming the setting and both values, warn about another version with the
same reading settings, and read a sidecar of an older netwerk with a note. The class, each
member: date format, decimal mark, file format, delimiter, encoding, sheet; each checked both
ways where the rule is not symmetric, and the settings that do *not* change the reading are not
refused (a UTF-8 extract under a cp1252 spec, a delimiter the raw export had, a date format of a
spec that reads no dates).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import duckdb
import pytest

from netwerk.errors import Reason, SpecError
from netwerk.i18n import using
from netwerk.ingest.pipeline import check_extracts, ingest_extract
from netwerk.ingest.pseudonymise import pseudonymise_file, sidecar_path
from netwerk.ingest.sidecar import (
    compare_with_sidecar,
    spec_settings,
    spec_sha256,
    written_settings,
)
from netwerk.ingest.spec import load_spec, shipped_spec_path

US = r'"%m-%d-%Y"'


def _spec_file(folder: Path, name: str, *replace: tuple[str, str]) -> Path:
    """The shipped spec ``name`` as a partner edits it (its name kept), written to ``folder``."""
    text = shipped_spec_path(name).read_text(encoding="utf-8")
    for old, new in replace:
        assert old in text
        text = text.replace(old, new, 1)
    out = folder / f"{name}_partner.yaml"
    out.write_text(text, encoding="utf-8")
    return out


def _side(extract: Path) -> dict:
    return json.loads(sidecar_path(extract).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def us(tmp_path_factory, sample_data, demo_key):
    """The sample police export as a partner with US dates (``05-08-2025`` = 8 May) shares it,
    pseudonymised with its edited ``politie`` spec; and the original export with the shipped
    spec, for the dates it must give."""
    d = tmp_path_factory.mktemp("us")
    raw = (sample_data / "hennep-oost" / "raw" / "politie.csv").read_bytes()
    (d / "raw_us.csv").write_bytes(re.sub(rb"\b(\d\d)-(\d\d)-(\d{4})\b", rb"\2-\1-\3", raw))
    spec = _spec_file(d, "politie", ('"%d-%m-%Y"', US))
    pseudonymise_file(d / "raw_us.csv", load_spec(spec), demo_key, d / "shared" / "us.csv")
    pseudonymise_file(sample_data / "hennep-oost" / "raw" / "politie.csv", load_spec("politie"),
                      demo_key, d / "shared" / "nl.csv")
    return {"dir": d, "spec": spec, "us": d / "shared" / "us.csv", "nl": d / "shared" / "nl.csv"}


def _observed(store: Path) -> list:
    with duckdb.connect(str(store), read_only=True) as con:
        return [r[0] for r in con.execute("SELECT observed FROM relations WHERE observed IS NOT "
                                          "NULL ORDER BY ALL").fetchall()]


class TestTheSidecarRecords:
    def test_hash_settings_and_bytes(self, us):
        side = _side(us["us"])
        spec = load_spec(us["spec"])
        assert side["spec_sha256"] == spec_sha256(spec) != spec_sha256(load_spec("politie"))
        assert side["spec_settings"] == {"format": "csv", "sheet": None, "delimiter": ";",
                                         "encoding": "cp1252", "decimal": ",",
                                         "date_format": "%m-%d-%Y"}
        # the sample police export is cp1252 with ';': the extract keeps both
        assert side["written"] == {"delimiter": ";", "encoding": "cp1252"}
        assert _side(us["nl"])["spec_settings"]["date_format"] == "%d-%m-%Y"

    def test_the_hash_is_of_the_content_not_of_defaults(self):
        sp = load_spec("politie")
        # a field left at its default is not part of the hash: a netwerk that adds a field with
        # a default (or changes a default list) does not make every extract "another version"
        assert spec_sha256(sp) == spec_sha256(sp.model_copy(update={"hidden_rows": "read"}))
        assert spec_sha256(sp) != spec_sha256(sp.model_copy(update={"legal_basis": "x"}))

    def test_a_workbook_records_its_sheet(self, tmp_path, sample_data, demo_key):
        import pandas as pd

        raw = tmp_path / "kvk.xlsx"
        pd.read_csv(sample_data / "hennep-oost" / "raw" / "kvk.csv", dtype=str, sep=None,
                    engine="python", encoding="utf-8-sig").to_excel(raw, index=False,
                                                                    sheet_name="Blad1")
        spec = _spec_file(tmp_path, "kvk", ("format: csv", "format: xlsx\nsheet: Blad1"))
        out = tmp_path / "shared" / "kvk.xlsx"
        pseudonymise_file(raw, load_spec(spec), demo_key, out)
        side = _side(out)
        assert side["written"] == {"sheet": "Blad1"}
        assert (side["spec_settings"]["format"], side["spec_settings"]["sheet"]) == \
            ("xlsx", "Blad1")


class TestIngestRefuses:
    def test_the_shipped_spec_on_a_partner_extract_with_us_dates(self, us, tmp_path):
        store = tmp_path / "us.duckdb"
        with pytest.raises(SpecError) as e:
            ingest_extract(store, us["us"], "politie")
        assert e.value.reason == Reason.SPEC_MISMATCH == "spec_mismatch"
        assert str(e.value) == (
            f"{us['us']}: het extract is gemaakt met datumformaat %m-%d-%Y, de specificatie "
            "'politie' zegt %d-%m-%Y: gebruik de specificatie van de partner")
        assert not store.exists()  # refused before the store is opened

    def test_the_partner_spec_gives_the_right_dates(self, us, tmp_path):
        """The same incidents, the same dates: 05-08-2025 under %m-%d-%Y is 8 May."""
        ingest_extract(tmp_path / "us.duckdb", us["us"], us["spec"])
        ingest_extract(tmp_path / "nl.duckdb", us["nl"], "politie")
        got, want = _observed(tmp_path / "us.duckdb"), _observed(tmp_path / "nl.duckdb")
        assert got == want and len(got) > 10

    def test_the_reverse_the_partner_spec_on_a_shipped_spec_extract(self, us, tmp_path):
        with pytest.raises(SpecError, match="gemaakt met datumformaat %d-%m-%Y, de "
                                            "specificatie 'politie' zegt %m-%d-%Y"):
            ingest_extract(tmp_path / "x.duckdb", us["nl"], us["spec"])

    def test_check_extracts_refuses_before_any_is_stored(self, us, tmp_path):
        with pytest.raises(SpecError, match="datumformaat"):
            check_extracts([(us["nl"], "politie"), (us["us"], "politie")])

    def test_the_cli_says_it_and_stores_nothing(self, us, tmp_path, capsys):
        from netwerk.cli.main import run

        store = tmp_path / "c.duckdb"
        assert run(["ingest", str(us["nl"]), str(us["us"]), "--spec", "politie", "--case",
                    str(store)]) != 0
        err = capsys.readouterr().err
        assert "het extract is gemaakt met datumformaat %m-%d-%Y, de specificatie 'politie' " \
               "zegt %d-%m-%Y: gebruik de specificatie van de partner" in err
        assert not store.exists()

    def test_in_english(self, us, tmp_path):
        with using("en"), pytest.raises(SpecError) as e:
            ingest_extract(tmp_path / "x.duckdb", us["us"], "politie")
        assert "the extract was made with date format %m-%d-%Y, spec 'politie' says %d-%m-%Y: " \
               "use the partner's spec" in str(e.value)

    def test_encoding_a_single_byte_extract_under_a_utf8_spec(self, us, tmp_path):
        spec = _spec_file(tmp_path, "politie", ("encoding: cp1252", "encoding: utf-8"))
        with pytest.raises(SpecError) as e:
            ingest_extract(tmp_path / "x.duckdb", us["nl"], spec)
        assert "gemaakt met tekenset cp1252, de specificatie 'politie' zegt utf-8" in str(e.value)
        assert "sla de export op als UTF-8" not in str(e.value)

    def test_decimal_mark_of_a_spec_that_reads_numbers(self, tmp_path, sample_data, demo_key):
        out = tmp_path / "shared" / "bd.csv"
        pseudonymise_file(sample_data / "hennep-oost" / "raw" / "belastingdienst.csv",
                          load_spec("belastingdienst"), demo_key, out)
        spec = _spec_file(tmp_path, "belastingdienst", ('decimal: ","', 'decimal: "."'))
        with pytest.raises(SpecError, match="gemaakt met decimaalteken ',', de specificatie "
                                            "'belastingdienst' zegt '.'"):
            ingest_extract(tmp_path / "x.duckdb", out, spec)

    def test_a_workbook_under_the_shipped_csv_spec(self, tmp_path, sample_data, demo_key):
        import pandas as pd

        raw = tmp_path / "kvk.xlsx"
        pd.read_csv(sample_data / "hennep-oost" / "raw" / "kvk.csv", dtype=str, sep=None,
                    engine="python", encoding="utf-8-sig").to_excel(raw, index=False)
        spec = _spec_file(tmp_path, "kvk", ("format: csv", "format: xlsx"))
        out = tmp_path / "shared" / "kvk.xlsx"
        pseudonymise_file(raw, load_spec(spec), demo_key, out)
        with pytest.raises(SpecError) as e:
            ingest_extract(tmp_path / "x.duckdb", out, "kvk")
        assert "het extract is gemaakt met bestandsformaat xlsx, de specificatie 'kvk' zegt " \
               "csv: gebruik de specificatie van de partner" in str(e.value)
        assert "UTF-8" not in str(e.value)
        assert ingest_extract(tmp_path / "y.duckdb", out, spec).status == "imported"


class TestNotRefused:
    def test_another_version_with_the_same_reading_settings_is_a_warning(self, us, tmp_path,
                                                                          kept):
        spec = _spec_file(tmp_path, "politie", ("description: >-", "description: >-\n  Onze "
                                                                   "versie."))
        res = ingest_extract(tmp_path / "x.duckdb", us["nl"], spec)
        assert res.status == "imported"
        said = [r.getMessage() for r in kept.records if r.levelname == "WARNING"]
        assert "nl.csv: het extract is gemaakt met een andere versie van specificatie " \
               "'politie' (de inhoud verschilt, de leesinstellingen zijn gelijk); gelezen met " \
               "deze versie" in said

    def test_the_same_spec_says_nothing(self, us, tmp_path, kept):
        ingest_extract(tmp_path / "x.duckdb", us["nl"], "politie")
        assert not [r for r in kept.records if "specificatie" in r.getMessage()]

    def test_an_older_sidecar_is_read_with_a_note(self, us, tmp_path, kept):
        ex = tmp_path / "nl.csv"
        shutil.copyfile(us["nl"], ex)
        side = _side(us["nl"])
        for k in ("spec_sha256", "spec_settings", "written"):
            side.pop(k)
        sidecar_path(ex).write_text(json.dumps(side), encoding="utf-8")
        assert ingest_extract(tmp_path / "x.duckdb", ex, "politie").status == "imported"
        said = [r.getMessage() for r in kept.records if r.levelname == "WARNING"]
        assert any(m.startswith("nl.csv: het sidecarbestand (netwerk 0.1.0) legt niet vast met "
                                "welke instellingen het extract is geschreven") for m in said)

    def test_auto_encoding_reads_a_cp1252_extract_as_cp1252(self, us, tmp_path):
        spec = _spec_file(tmp_path, "politie", ("encoding: cp1252", "encoding: auto"))
        assert ingest_extract(tmp_path / "x.duckdb", us["nl"], spec).status == "imported"

    def test_a_delimiter_the_raw_export_had(self, tmp_path, sample_data, demo_key):
        """The raw export used ',' where the spec says ';' (read and noted at the partner): the
        extract keeps ','; the same spec, or one edited otherwise, reads it as before."""
        raw = (sample_data / "hennep-oost" / "raw" / "belastingdienst.csv").read_bytes()
        assert b'"' not in raw and b"," in raw
        (tmp_path / "bd.csv").write_bytes(raw.replace(b",", b".").replace(b";", b","))
        spec = _spec_file(tmp_path, "belastingdienst", ('decimal: ","', 'decimal: "."'))
        out = tmp_path / "shared" / "bd.csv"
        pseudonymise_file(tmp_path / "bd.csv", load_spec(spec), demo_key, out)
        assert _side(out)["written"]["delimiter"] == ","
        assert _side(out)["spec_settings"]["delimiter"] == ";"
        assert ingest_extract(tmp_path / "x.duckdb", out, spec).status == "imported"
        # a spec that says '|' is neither what the partner's spec said nor what the bytes are
        pipe = _spec_file(tmp_path, "belastingdienst", ('decimal: ","', 'decimal: "."'),
                          ('delimiter: ";"', 'delimiter: "|"'))
        with pytest.raises(SpecError, match=r"gemaakt met scheidingsteken ',', de specificatie "
                                            r"'belastingdienst' zegt '\|'"):
            ingest_extract(tmp_path / "y.duckdb", out, pipe)


class TestTheRules:
    """:func:`compare_with_sidecar` on its own: which differences change the reading."""

    @staticmethod
    def _side(spec, **written):
        return {"spec_sha256": spec_sha256(spec), "spec_settings": spec_settings(spec),
                "written": written}

    def test_a_date_format_matters_only_to_a_spec_that_reads_dates(self):
        from netwerk.ingest.spec import ExtractSpec

        sp = load_spec("kvk")  # valid_from, and datum_oprichting as a date attribute
        no_dates = ExtractSpec(name="t", partner="p", nodes=[{"id": "bsn", "kind": "person"}],
                               identifiers=[{"columns": ["bsn"], "kind": "bsn"}])
        partner = no_dates.model_copy(update={"date_format": "%Y-%m-%d"})
        side = self._side(partner, delimiter=";", encoding="utf-8")
        notes = compare_with_sidecar(side, no_dates)
        assert notes and "andere versie" in notes[0]
        with pytest.raises(SpecError, match="datumformaat %Y-%m-%d"):
            compare_with_sidecar(self._side(sp.model_copy(update={"date_format": "%Y-%m-%d"}),
                                            delimiter=";", encoding="utf-8"), sp)

    def test_a_decimal_mark_matters_only_to_a_spec_that_reads_numbers(self):
        sp = load_spec("politie")
        side = self._side(sp.model_copy(update={"decimal": "."}), delimiter=";",
                          encoding="cp1252")
        assert "andere versie" in compare_with_sidecar(side, sp)[0]
        bd = load_spec("belastingdienst")
        with pytest.raises(SpecError, match="decimaalteken '.'"):
            compare_with_sidecar(self._side(bd.model_copy(update={"decimal": "."}),
                                            delimiter=";", encoding="cp1252"), bd)

    @pytest.mark.parametrize("written", ["utf-8", "utf-8-sig", "utf-16"])
    def test_a_self_describing_encoding_is_read_by_any_spec(self, written):
        sp = load_spec("politie")  # cp1252
        partner = sp.model_copy(update={"encoding": "utf-8"})
        assert "andere versie" in compare_with_sidecar(
            self._side(partner, delimiter=";", encoding=written), sp)[0]

    def test_latin1_and_cp1252_differ(self):
        sp = load_spec("politie")
        with pytest.raises(SpecError, match="tekenset cp1252, de specificatie 'politie' zegt "
                                            "latin-1"):
            compare_with_sidecar(self._side(sp, delimiter=";", encoding="cp1252"),
                                 sp.model_copy(update={"encoding": "latin-1"}))

    def test_a_sheet_the_workbook_has_not(self):
        sp = load_spec("kvk").model_copy(update={"format": "xlsx"})
        side = self._side(sp.model_copy(update={"sheet": "Blad1"}), sheet="Blad1")
        assert compare_with_sidecar(side, sp.model_copy(update={"sheet": "Blad1"})) == []
        assert "andere versie" in compare_with_sidecar(side, sp)[0]  # no sheet: any sheet
        with pytest.raises(SpecError, match="werkblad 'Blad1', de specificatie 'kvk' zegt "
                                            "'Functionarissen'"):
            compare_with_sidecar(side, sp.model_copy(update={"sheet": "Functionarissen"}))

    def test_several_differences_in_one_message(self):
        sp = load_spec("belastingdienst")
        partner = sp.model_copy(update={"decimal": ".", "date_format": "%m-%d-%Y"})
        with pytest.raises(SpecError) as e:
            compare_with_sidecar(self._side(partner, delimiter=";", encoding="cp1252"), sp)
        assert str(e.value) == (
            "het extract is gemaakt met decimaalteken '.', datumformaat %m-%d-%Y, de "
            "specificatie 'belastingdienst' zegt decimaalteken ',', datumformaat %d-%m-%Y: "
            "gebruik de specificatie van de partner")

    def test_written_settings_follow_the_bytes(self):
        sp = load_spec("politie")
        assert written_settings(sp, {"delimiter": ",", "encoding": "UTF-8-SIG"}) == \
            {"delimiter": ",", "encoding": "utf-8-sig"}
        assert written_settings(sp.model_copy(update={"format": "parquet"}), {}) == {}


class TestScreen:
    def test_a_workbook_under_the_name_of_a_csv_spec(self, tmp_path, sample_data, demo_key):
        """Review 8's case: the sidecar names 'kvk', the shipped kvk spec is CSV; screen has no
        --spec, so the advice is a manifest with the partner's spec file."""
        import pandas as pd

        from netwerk.screen.stage import collect_extracts

        raw = tmp_path / "kvk.xlsx"
        pd.read_csv(sample_data / "hennep-oost" / "raw" / "kvk.csv", dtype=str, sep=None,
                    engine="python", encoding="utf-8-sig").to_excel(raw, index=False)
        spec = _spec_file(tmp_path, "kvk", ("format: csv", "format: xlsx"))
        folder = tmp_path / "scr"
        pseudonymise_file(raw, load_spec(spec), demo_key, folder / "kvk.xlsx")
        with pytest.raises(SpecError) as e:
            collect_extracts([folder])
        assert e.value.reason == Reason.SPEC_MISMATCH
        assert str(e.value) == (
            f"{folder / 'kvk.xlsx'}: het extract is gemaakt met bestandsformaat xlsx, de "
            "specificatie 'kvk' zegt csv: zet het extract met het specificatiebestand van de "
            "partner in een manifest.yaml (netwerk screen heeft geen --spec)")
        shutil.copyfile(spec, folder / "kvk_partner.yaml")
        (folder / "manifest.yaml").write_text(
            "extracts: [{file: kvk.xlsx, spec: kvk_partner.yaml}]\n", encoding="utf-8")
        assert [x.spec_name for x in collect_extracts([folder])] == ["kvk"]

    def test_the_us_dates_in_a_folder(self, us, tmp_path, kept):
        from netwerk.screen.stage import collect_extracts

        folder = tmp_path / "scr"
        folder.mkdir()
        for f in (us["us"], sidecar_path(us["us"])):
            shutil.copyfile(f, folder / f.name)
        with pytest.raises(SpecError, match="datumformaat %m-%d-%Y, de specificatie 'politie' "
                                            "zegt %d-%m-%Y"):
            collect_extracts([folder])


def test_the_store_and_screen_record_the_sidecars_spec_hash(us, tmp_path):
    """One hash of a spec's content everywhere: the import record of ingest (and screening's
    extract record, the same function) equals the sidecar's ``spec_sha256``."""
    store = tmp_path / "c.duckdb"
    ingest_extract(store, us["nl"], load_spec("politie"))
    with duckdb.connect(str(store), read_only=True) as con:
        (stored,) = con.execute("SELECT spec_sha256 FROM imports").fetchone()
    assert stored == _side(us["nl"])["spec_sha256"] == spec_sha256(load_spec("politie"))
