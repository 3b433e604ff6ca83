"""``--out`` as a newcomer types it, and a refused run that leaves nothing half-made.

Review 7, Q7. The rule, the same for every command that writes one file (``pseudonymise``,
``map``): an ``--out`` that ends in a separator or names an existing folder means "into this
folder", under the name the command gives the file. A refused ``pseudonymise --manifest`` leaves
the shared folder as it was (it writes into a temporary folder and moves the files in only when
every extract passed) and says how many files it removed again.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from netwerk.cli.main import run

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_plan_cli import _store  # noqa: E402  (a small hand-made training case)


@pytest.fixture()
def key(tmp_path, demo_key) -> Path:
    k = tmp_path / "partner.key"
    k.write_bytes(demo_key)
    return k


@pytest.fixture()
def raw(sample_data) -> Path:
    return sample_data / "hennep-oost" / "raw" / "politie.csv"


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


class TestPseudonymiseIntoAFolder:
    def test_a_trailing_separator_is_a_new_folder(self, raw, key, tmp_path, capsys):
        out = tmp_path / "gedeeld"
        assert run(["pseudonymise", str(raw), "--spec", "politie", "--key-file", str(key),
                    "--out", f"{out}/"]) == 0
        assert out.is_dir()
        assert _files(out) == ["politie.csv", "politie.csv.netwerk.json",
                               "politie.csv.rejects.csv"]
        assert f"-> {out}/politie.csv" in capsys.readouterr().out

    def test_an_existing_folder_is_written_into(self, raw, key, tmp_path, capsys):
        out = tmp_path / "gedeeld"
        out.mkdir()
        assert run(["pseudonymise", str(raw), "--spec", "politie", "--key-file", str(key),
                    "--out", str(out)]) == 0
        assert (out / "politie.csv").is_file()
        captured = capsys.readouterr()
        assert ".part" not in captured.err and "map, geen bestand" not in captured.err

    def test_a_file_name_stays_a_file(self, raw, key, tmp_path):
        out = tmp_path / "gedeeld" / "p.csv"
        assert run(["pseudonymise", str(raw), "--spec", "politie", "--key-file", str(key),
                    "--out", str(out)]) == 0
        assert out.is_file() and not (out / "politie.csv").exists()

    def test_the_name_in_the_folder_is_masked(self, raw, key, tmp_path):
        renamed = tmp_path / "raw" / "bsn_123456782.csv"
        renamed.parent.mkdir()
        renamed.write_bytes(raw.read_bytes())
        out = tmp_path / "gedeeld"
        assert run(["pseudonymise", str(renamed), "--spec", "politie", "--key-file", str(key),
                    "--out", f"{out}/"]) == 0
        assert (out / "bsn_bsn.csv").is_file()
        assert "123456782" not in " ".join(_files(out))


class TestMapIntoAFolder:
    def test_a_dotted_folder_with_a_separator(self, tmp_path):
        case = _store(tmp_path / "hennep-test.duckdb")
        out = tmp_path / "kaarten.v2"
        assert run(["map", str(case), "-o", f"{out}/", "--no-alternatives", "--stability",
                    "0", "--no-timeline"]) == 0
        assert (out / "hennep-test.html").is_file()


class TestARefusedManifestRunLeavesNothingHalf:
    @pytest.fixture()
    def delivery(self, sample_data, tmp_path) -> Path:
        """Three extracts; the third (belastingdienst) has a ';' at the end of every data line,
        which pseudonymise refuses."""
        src = sample_data / "hennep-oost" / "raw"
        raw = tmp_path / "levering" / "raw"
        raw.mkdir(parents=True)
        for name in ("politie.csv", "kvk.csv"):
            (raw / name).write_bytes((src / name).read_bytes())
        lines = (src / "belastingdienst.csv").read_text(encoding="utf-8").splitlines()
        (raw / "belastingdienst.csv").write_text(
            "\n".join([lines[0], *(line + ";extra" for line in lines[1:])]) + "\n",
            encoding="utf-8")
        man = tmp_path / "levering" / "manifest.yaml"
        man.write_text("case: hennep-oost\ncrime_type: cannabis\nextracts:\n"
                       "- {file: raw/politie.csv, spec: politie}\n"
                       "- {file: raw/kvk.csv, spec: kvk}\n"
                       "- {file: raw/belastingdienst.csv, spec: belastingdienst}\n",
                       encoding="utf-8")
        return man

    def test_a_new_folder_is_not_left_behind(self, delivery, key, tmp_path, capsys, caplog):
        out = tmp_path / "gedeeld"
        assert run(["pseudonymise", "--manifest", str(delivery), "--key-file", str(key),
                    "--out", str(out)]) == 1
        assert not out.exists()
        assert caplog.messages == [f"{out}: geweigerd, niets gedeeld; 6 al geschreven "
                                   "bestanden zijn weer verwijderd"]
        assert capsys.readouterr().err.startswith("fout: belastingdienst.csv: ")

    def test_an_existing_folder_keeps_what_it_had(self, delivery, key, tmp_path, caplog):
        out = tmp_path / "gedeeld"
        out.mkdir()
        (out / "eerdere-levering.txt").write_text("blijft\n", encoding="utf-8")
        reid = tmp_path / "reid"
        assert run(["pseudonymise", "--manifest", str(delivery), "--key-file", str(key),
                    "--out", str(out), "--reid", str(reid)]) == 1
        assert _files(out) == ["eerdere-levering.txt"]
        assert _files(reid) == []  # the re-identification tables of this run: gone too
        assert "8 al geschreven bestanden" in caplog.messages[0]

    def test_in_english(self, delivery, key, tmp_path, caplog):
        out = tmp_path / "gedeeld"
        assert run(["--lang", "en", "pseudonymise", "--manifest", str(delivery), "--key-file",
                    str(key), "--out", str(out)]) == 1
        assert caplog.messages == [f"{out}: refused, nothing shared; 6 files already written "
                                   "were removed again"]

    def test_a_run_that_passes_writes_everything(self, delivery, key, tmp_path):
        raw = delivery.parent / "raw"
        (raw / "belastingdienst.csv").write_bytes(
            (Path(__file__).resolve().parents[2] / "sample_data" / "hennep-oost" / "raw" /
             "belastingdienst.csv").read_bytes())
        out = tmp_path / "gedeeld"
        assert run(["pseudonymise", "--manifest", str(delivery), "--key-file", str(key),
                    "--out", str(out)]) == 0
        assert _files(out) == sorted(["manifest.yaml"] + [
            f"{n}{s}" for n in ("politie.csv", "kvk.csv", "belastingdienst.csv")
            for s in ("", ".netwerk.json", ".rejects.csv")])
