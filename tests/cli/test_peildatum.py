"""``--peildatum`` (the case's reference date) on ``netwerk report`` and ``netwerk map``: the
same store and the same peildatum give the same bytes; another peildatum another timeline. The
CLI only parses the option; :func:`netwerk.open_case` / :func:`netwerk.report.build_selection`
carry it (:attr:`netwerk.case.Case.reference_date`)."""

from __future__ import annotations

import json
import re

import pytest

from netwerk.cli.main import run


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from netwerk.datasets import sample_case

    # hennep-oost: dated records from 2008 to 2026 and two planned end dates in 2027
    return sample_case("hennep-oost", tmp_path_factory.mktemp("peildatum"))


def _report(store, out, *extra) -> str:
    assert run(["report", str(store), "--out", str(out), "--no-pdf", "--stability", "0",
                *extra]) == 0
    return (out / "report.html").read_text(encoding="utf-8")


def test_report_same_peildatum_same_bytes_other_peildatum_other_timeline(store, tmp_path):
    a = _report(store, tmp_path / "a", "--peildatum", "2025-06-30")
    b = _report(store, tmp_path / "b", "--peildatum", "2025-06-30")
    assert a == b
    for name in ("ranking.csv", "report.md"):
        if (tmp_path / "a" / name).exists():
            assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert "Peildatum 2025-06-30." in a
    assert "na de peildatum 2025-06-30" in a  # later records are counted, not drawn
    prov = json.loads((tmp_path / "a" / "provenance.json").read_text(encoding="utf-8"))
    assert prov["config"]["reference_date"] == "2025-06-30"

    c = _report(store, tmp_path / "c", "--peildatum", "2012-01-01")
    assert "na de peildatum 2012-01-01" in c and "2025-06-30" not in c

    def after(html: str) -> int:
        return int(re.search(r"(\d+) gebeurtenissen na de peildatum", html).group(1))

    assert after(c) > after(a) > 0  # an earlier peildatum leaves more records after it
    # the case's timeline as the library gives it, for the same dates
    from netwerk import open_case

    early = open_case(store, reference_date="2012-01-01").timeline()
    late = open_case(store, reference_date="2025-06-30").timeline()
    assert (early["after"], late["after"]) == (after(c), after(a))
    assert early["span"][1] <= "2012-01-01" < late["span"][1] <= "2025-06-30"


def test_report_bad_peildatum_is_refused_before_anything_is_written(store, tmp_path, capsys):
    out = tmp_path / "x"
    assert run(["report", str(store), "--out", str(out), "--peildatum", "30-06-2025"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("fout:") and "peildatum" in err and "30-06-2025" in err
    assert not out.exists()


@pytest.mark.slow
def test_map_peildatum_is_the_maps_date_and_timeline_end(store, tmp_path):
    out = tmp_path / "k.html"
    assert run(["map", str(store), "--out", str(out), "--stability", "0", "--no-alternatives",
                "--peildatum", "2012-01-01"]) == 0
    data = json.loads(re.search(r'id="netwerk-data">(.*?)</script>',
                                out.read_text("utf-8"), re.S).group(1))
    assert data["meta"]["date"] == "2012-01-01"
    assert data["timeline"]["reference_date"] == "2012-01-01"
    assert data["timeline"]["span"][1] <= "2012-01-01"
