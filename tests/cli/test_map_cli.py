"""``netwerk map`` on a sample case store, with exports and a partner's own view."""

import pytest

from netwerk.cli.main import run

pytestmark = pytest.mark.slow


def test_map_command_writes_offline_map_and_exports(sample_cases, tmp_path):
    case = sample_cases["hennep-oost"]
    out = tmp_path / "kaart.html"
    assert run(["map", str(case), "--out", str(out), "--export", "gexf", "--export", "i2",
                "--seed", "0"]) == 0
    html = out.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in html
    assert "<script src" not in html and "https://" not in html.split("vis-network")[0]
    assert "electricity" in html  # stages come from the case's barrier model
    assert (tmp_path / "kaart.gexf").is_file() and (tmp_path / "kaart-i2.xlsx").is_file()
    # same input, same map
    again = tmp_path / "again.html"
    assert run(["map", str(case), "--out", str(again), "--seed", "0"]) == 0
    assert again.read_bytes() == out.read_bytes()


def test_map_command_partner_view_and_unknown_partner(sample_cases, tmp_path):
    case = sample_cases["hennep-oost"]
    assert run(["map", str(case), "--out", str(tmp_path / "g.html"),
                "--audience", "partner:gemeente"]) == 0
    assert run(["map", str(case), "--out", str(tmp_path / "x.html"),
                "--audience", "partner:nobody"]) == 1


def test_map_command_stability_and_timeline_options(sample_cases, tmp_path, capsys):
    import json
    import re

    case = sample_cases["hennep-oost"]
    out = tmp_path / "k.html"
    assert run(["map", str(case), "--out", str(out), "--stability", "12", "--no-timeline",
                "--no-alternatives"]) == 0
    data = json.loads(re.search(r'id="netwerk-data">(.*?)</script>', out.read_text("utf-8"),
                                re.S).group(1))
    assert data["meta"]["stability"]["replicates"] == 12 and data["timeline"] is None
    assert any(n["stab"] for n in data["nodes"])
    capsys.readouterr()
    assert run(["map", str(case), "--out", str(tmp_path / "x.html"), "--stability", "veel"]) == 1
    err = capsys.readouterr().err
    assert "stabiliteitsherhalingen moet 'auto' of een geheel getal" in err
    assert not (tmp_path / "x.html").exists()
