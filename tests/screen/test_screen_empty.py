"""``netwerk screen`` when nothing is flagged, on a cut extract, and its work folder.

Review 7, Q14 and Q8. A register in which no subject meets a threshold is a normal outcome of a
screening: exit 0, the output files with their header only, and a Dutch line that says so (never
pandas' "You are trying to merge on float64 and object columns"). ``work/`` goes on every way
out. A shared extract that is not the file pseudonymise wrote (cut in half: its SHA-256 differs
from the sidecar's) is refused by screen with ingest's own check, naming the file.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from netwerk.cli.main import run


@pytest.fixture(scope="module")
def politie_alone(tmp_path_factory, sample_data, demo_key) -> Path:
    """The sample police export pseudonymised, alone in a folder with its sidecar: nothing in
    it meets a screening threshold (the KvK indicators need KvK data)."""
    from netwerk.ingest.pseudonymise import pseudonymise_file
    from netwerk.ingest.spec import load_spec

    folder = tmp_path_factory.mktemp("politie_alone")
    pseudonymise_file(sample_data / "hennep-oost" / "raw" / "politie.csv", load_spec("politie"),
                      demo_key, folder / "politie.csv")
    return folder


def _csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, encoding="utf-8-sig")


class TestNothingFlagged:
    def test_an_empty_result_is_a_result(self, politie_alone, tmp_path, capsys):
        out = tmp_path / "out"
        assert run(["screen", str(politie_alone), "-o", str(out), "--top", "1"]) == 0
        captured = capsys.readouterr()
        assert captured.err == ""
        assert "niets gemarkeerd: 0 startpunten, geen cluster boven de drempels; de " \
               "uitvoerbestanden hebben alleen hun kopregel" in captured.out
        assert "0 clusters gerangschikt" in captured.out
        screening = _csv(out / "screening.csv")
        assert screening.empty and {"rank", "cluster", "score", "status"} <= set(screening)
        assert _csv(out / "evidence.csv").empty
        assert list(_csv(out / "evidence.csv")) == ["cluster", "indicator", "node", "node_kind",
                                                    "file", "row", "relation_kind"]
        assert len(_csv(out / "extracts.csv")) == 1
        # no unnamed index column first (review 8 S8: it started with 'x')
        assert list(_csv(out / "extracts.csv"))[:5] == ["file", "spec", "partner", "rows_read",
                                                        "rows_used"]
        assert list((out / "cases").iterdir()) == []
        assert not (out / "work").exists()

    def test_in_english(self, politie_alone, tmp_path, capsys):
        assert run(["--lang", "en", "screen", str(politie_alone), "-o", str(tmp_path / "o")]) == 0
        assert "nothing flagged: 0 starting points, no cluster above the thresholds" in \
            capsys.readouterr().out

    def test_the_library_returns_typed_empty_tables(self, politie_alone, tmp_path):
        from netwerk.screen import screen

        res = screen([politie_alone], tmp_path / "o", top=3)
        assert res.screening.empty and res.cases == {}
        assert res.screening["cluster"].dtype == object


class TestACutExtractIsRefused:
    @pytest.fixture()
    def cut(self, politie_alone, tmp_path) -> Path:
        folder = tmp_path / "in"
        shutil.copytree(politie_alone, folder)
        lines = (folder / "politie.csv").read_bytes().splitlines(keepends=True)
        (folder / "politie.csv").write_bytes(b"".join(lines[:49]))  # half a copy
        return folder

    def test_screen_refuses_it_as_ingest_does(self, cut, tmp_path, capsys):
        out = tmp_path / "out"
        assert run(["screen", str(cut), "-o", str(out)]) == 1
        err = capsys.readouterr().err
        assert err.startswith(f"fout: {cut / 'politie.csv'}: dit extract is niet het bestand "
                              "dat pseudonymise schreef (de SHA-256 verschilt van die in "
                              "politie.csv.netwerk.json)")
        assert not out.exists()  # the folder this run made, and its work/, are gone
        assert run(["ingest", str(cut / "politie.csv"), "--spec", "politie", "--case",
                    str(tmp_path / "c.duckdb")]) == 1
        assert "de SHA-256 verschilt" in capsys.readouterr().err

    def test_the_check_is_ingests_own(self, cut):
        from netwerk.errors import InputError, Reason
        from netwerk.screen.stage import collect_extracts

        with pytest.raises(InputError) as info:
            collect_extracts([cut])
        assert info.value.reason == Reason.EXTRACT_CHANGED


class TestTheWorkFolderGoesOnEveryWayOut:
    def test_a_refusal_in_staging_keeps_the_given_out_folder_clean(self, politie_alone,
                                                                   tmp_path, monkeypatch):
        import netwerk.screen.pipeline as pipeline

        out = tmp_path / "out"
        out.mkdir()

        def broken(*args, **kwargs):
            raise KeyboardInterrupt

        monkeypatch.setattr(pipeline, "_run", broken)
        assert run(["screen", str(politie_alone), "-o", str(out)]) == 130
        assert list(out.iterdir()) == []  # out/ was the user's: kept, work/ gone

    def test_keep_work_keeps_it_after_a_finished_run(self, politie_alone, tmp_path):
        out = tmp_path / "out"
        assert run(["screen", str(politie_alone), "-o", str(out), "--keep-work"]) == 0
        assert (out / "work" / "staging").is_dir()
