"""Class: YAML an analyst or partner edits (issue 9, "a YAML alias bomb in a spec is refused
quickly"; the brief: specs, barrier models, catalogue and weights are "YAML, validated on load").

Every analyst-editable YAML file goes through :mod:`netwerk.yamlfile`: before objects are built
it is refused, naming the file, when it is nested too deep (PyYAML builds recursively: a few kB
of ``[[[[`` ended in a 3,000-line ``RecursionError`` traceback, and 200 kB ran for minutes), when
its aliases could explode (a nine-line "billion laughs" in a weights file ran past 4 GB), or when
it is too large. Members covered: every loader of an analyst-editable file, the spec and the
manifest; the CLI with such a file; and the CLI's last line of defence (no traceback for any
exception without ``--debug``).
"""

from __future__ import annotations

import shutil

import pytest
import yaml

from netwerk.errors import ConfigError, NetwerkError, SpecError
from netwerk.yamlfile import MAX_YAML_DEPTH, check_yaml, load_yaml_text, read_yaml_file

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
    for p, c in zip("abcdefgh", "bcdefghi", strict=True))


def _deep(depth: int, key: str = "x") -> str:
    return f"{key}: " + "[" * depth + "]" * depth + "\n"


def _loaders():
    """(name, function of a path) for every loader of an analyst-editable YAML file."""
    from netwerk.analysis.grading import grading_policy
    from netwerk.analysis.vital import load_vital_weights
    from netwerk.governance.editions import load_policy
    from netwerk.governance.models import load_model_version
    from netwerk.graph.time import load_temporal_config
    from netwerk.ingest.manifest import load_manifest
    from netwerk.ingest.spec import load_spec
    from netwerk.interventions.barriers import load_barrier_model
    from netwerk.interventions.catalogue import load_catalogue
    from netwerk.interventions.objective import load_harm_model
    from netwerk.model import load_model
    from netwerk.report.criteria import load_selection_weights
    from netwerk.report.stuurgroep import load_stuurgroep_config
    from netwerk.screen.config import load_config
    from netwerk.viz.profiles import load_audience

    return {
        "vital weights": load_vital_weights,
        "catalogue": load_catalogue,
        "barrier model": load_barrier_model,
        "harm model": load_harm_model,
        "data model": load_model,
        "selection weights": load_selection_weights,
        "stuurgroep settings": load_stuurgroep_config,
        "screening settings": load_config,
        "audiences": lambda p: load_audience("casusoverleg", path=p),
        "edition policy": load_policy,
        "model version weights": lambda p: load_model_version("vital", p),
        "grading policy": grading_policy,
        "temporal settings": load_temporal_config,
        "spec": load_spec,
        "manifest": load_manifest,
    }


LOADERS = sorted(_loaders())


@pytest.mark.parametrize("loader", LOADERS)
def test_deep_nesting_is_refused_naming_the_file(tmp_path, loader):
    p = tmp_path / "diep.yaml"
    p.write_text(_deep(1000), encoding="utf-8")  # 4 kB: a RecursionError traceback before
    with pytest.raises(NetwerkError) as e:
        _loaders()[loader](p)
    assert "dieper genest dan 64 niveaus" in str(e.value)
    assert "diep.yaml" in str(e.value)


@pytest.mark.parametrize("loader", LOADERS)
def test_an_alias_bomb_is_refused_naming_the_file(tmp_path, loader):
    p = tmp_path / "bom.yaml"
    p.write_text(BOMB, encoding="utf-8")  # 9**9 values once expanded
    with pytest.raises(NetwerkError) as e:
        _loaders()[loader](p)
    assert "aliasbom" in str(e.value) and "bom.yaml" in str(e.value)


def test_a_very_deep_spec_is_refused_at_the_limit_not_after_minutes(tmp_path):
    """200 kB of nesting (under the 1 MB spec limit) ran for minutes; the event scan stops at
    the first level beyond the limit."""
    p = tmp_path / "spec.yaml"
    p.write_text("name: x\npartner: p\n" + _deep(100_000), encoding="utf-8")
    with pytest.raises(SpecError, match="dieper genest"):
        from netwerk.ingest.spec import load_spec

        load_spec(p)


def test_depth_limit_is_exact():
    ok = "x: " + "[" * (MAX_YAML_DEPTH - 1) + "]" * (MAX_YAML_DEPTH - 1)  # + the mapping = 64
    assert load_yaml_text(ok, "ok.yaml") is not None
    with pytest.raises(ConfigError, match="regel 1"):
        load_yaml_text("x: " + "[" * MAX_YAML_DEPTH + "]" * MAX_YAML_DEPTH, "te-diep.yaml")


def _expanded(obj) -> int:
    """Values of a composed document, aliases expanded (the reference for the event count)."""
    items = obj.values() if isinstance(obj, dict) else obj if isinstance(obj, list) else ()
    return 1 + sum(_expanded(v) for v in items) + (len(obj) if isinstance(obj, dict) else 0)


@pytest.mark.parametrize("n", [3, 4, 5])
def test_the_expanded_size_is_counted_exactly(n):
    """A small bomb of n levels expands to a known size: refused exactly when it exceeds the
    limit (the event scan agrees with composing the document)."""
    doc = "a: &a [x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}]\n" for p, c in zip("abcdefg"[: n - 1], "bcdefgh"[: n - 1],
                                                          strict=True))
    size = _expanded(yaml.safe_load(doc))
    check_yaml(doc, "klein.yaml", max_nodes=size)
    with pytest.raises(ConfigError, match="aliasbom"):
        check_yaml(doc, "klein.yaml", max_nodes=size - 1)


def test_too_many_aliases_are_refused():
    doc = "a: &a 1\nb: [" + ", ".join(["*a"] * 101) + "]\n"
    with pytest.raises(ConfigError, match="meer dan 100 YAML-aliassen"):
        load_yaml_text(doc, "veel.yaml")
    assert load_yaml_text("a: &a 1\nb: [" + ", ".join(["*a"] * 100) + "]\n", "ok.yaml")["b"] == [1] * 100


def test_a_file_too_large_is_refused_before_it_is_read(tmp_path):
    p = tmp_path / "groot.yaml"
    p.write_text("a: " + "x" * 2000 + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="hoogstens 1000 bytes"):
        read_yaml_file(p, "gewichtenbestand", max_bytes=1000)


def test_not_valid_yaml_names_line_and_column(tmp_path):
    p = tmp_path / "kapot.yaml"
    p.write_text("a: [1, 2\nb: 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="regel 2, kolom 2"):
        read_yaml_file(p, "gewichtenbestand")


def test_shipped_files_still_load():
    from netwerk.analysis.vital import load_vital_weights
    from netwerk.interventions.barriers import load_barrier_model
    from netwerk.interventions.catalogue import load_catalogue

    assert load_vital_weights()[0]
    assert load_barrier_model("cannabis", catalogue=load_catalogue()).stages


@pytest.mark.parametrize("option,content", [
    ("--weights", BOMB),
    ("--weights", _deep(1000, "weights")),
])
def test_cli_refuses_in_one_line(tmp_path, capsys, sample_cases, option, content):
    from netwerk.cli.main import run

    case = tmp_path / "c.duckdb"
    shutil.copy(sample_cases["hennep-oost"], case)
    bad = tmp_path / "w.yaml"
    bad.write_text(content, encoding="utf-8")
    code = run(["analyse", str(case), "-o", str(tmp_path / "uit"), option, str(bad)])
    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" not in err and "RecursionError" not in err
    assert err.strip().startswith("fout:") and "w.yaml" in err and len(err.strip().splitlines()) <= 3


def test_cli_never_prints_a_traceback_without_debug(tmp_path, capsys, monkeypatch, sample_cases):
    """The last line of defence: any exception a command raises (a defect, a C extension's
    BaseException) is one line in the user's language; --debug shows the traceback."""
    import netwerk.store.load as load
    from netwerk.cli.main import run

    case = tmp_path / "c.duckdb"
    shutil.copy(sample_cases["hennep-oost"], case)

    def boom(*a, **k):
        raise RecursionError("maximum recursion depth exceeded while calling a Python object")

    monkeypatch.setattr(load, "case_summary", boom)
    code = run(["info", str(case)])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err and "recursion" not in err
    assert "onverwachte interne fout" in err and "--debug" in err
    code = run(["--lang", "en", "info", str(case)])
    assert "unexpected internal error" in capsys.readouterr().err
    with pytest.raises(RecursionError):
        run(["--debug", "info", str(case)])
