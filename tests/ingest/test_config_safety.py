"""Class: configuration a partner or analyst hands over. A manifest may not read files outside
its folder; a spec's ``partner`` must be a non-empty name; a YAML alias bomb is refused quickly.
Members covered: ``../`` and absolute paths for file and spec, blank and empty partner, an alias
bomb in a spec and in a manifest."""

from __future__ import annotations

import time

import pytest

from netwerk.errors import InputError, SpecError
from netwerk.ingest.manifest import load_manifest
from netwerk.ingest.spec import load_spec

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
    for p, c in zip("abcdefgh", "bcdefghi", strict=True))


@pytest.mark.parametrize("path", ["../geheim.csv", "/etc/passwd", "sub/../../x.csv"])
def test_manifest_may_not_read_outside_its_folder(tmp_path, path):
    folder = tmp_path / "levering"
    folder.mkdir()
    (folder / "manifest.yaml").write_text(f"extracts:\n  - {{file: '{path}', spec: politie}}\n")
    with pytest.raises(InputError) as e:
        load_manifest(folder / "manifest.yaml")
    assert "ligt buiten de map van het manifest" in str(e.value)


def test_manifest_spec_path_outside_is_refused(tmp_path):
    folder = tmp_path / "levering"
    folder.mkdir()
    (tmp_path / "x.yaml").write_text("name: x\npartner: p\n")
    (folder / "manifest.yaml").write_text("extracts:\n  - {file: a.csv, spec: ../x.yaml}\n")
    with pytest.raises(InputError, match="ligt buiten"):
        load_manifest(folder / "manifest.yaml")


@pytest.mark.parametrize("partner", ['""', '"   "'])
def test_spec_partner_must_be_a_name(tmp_path, partner):
    p = tmp_path / "s.yaml"
    p.write_text(f"name: s\npartner: {partner}\n")
    with pytest.raises(SpecError, match="partner"):
        load_spec(p)


@pytest.mark.parametrize("where", ["spec", "manifest"])
def test_yaml_alias_bomb_is_refused_quickly(tmp_path, where):
    p = tmp_path / "x.yaml"
    p.write_text("name: s\npartner: p\n" + BOMB if where == "spec" else "extracts: []\n" + BOMB)
    t = time.perf_counter()
    with pytest.raises((SpecError, InputError), match="alias"):
        (load_spec if where == "spec" else load_manifest)(p)
    assert time.perf_counter() - t < 5


# -- spec fields that are validated on load (review 6, R14) -----------------------------------
SPEC = "name: t\npartner: {partner}\ndelimiter: {delimiter}\ndate_format: {date_format}\n"
GOOD = {"partner": "KvK", "delimiter": '";"', "date_format": '"%d-%m-%Y"'}


@pytest.mark.parametrize("field,value,says", [
    ("partner", "12345", "met minstens één letter"),
    ("partner", '"[bold red]KvK[/]"', "moet een naam zijn"),
    ("partner", '"kvk 123456782"', "ruwe identificator"),
    ("delimiter", "5", "één scheidingsteken"),
    ("delimiter", '",,"', "één scheidingsteken"),
    ("delimiter", "a", "één scheidingsteken"),
    ("date_format", "12", "geen bruikbaar datumformaat"),
    ("date_format", '"%d-%m"', "geen bruikbaar datumformaat"),
    ("date_format", '"%Q"', "geen bruikbaar datumformaat"),
])
def test_spec_fields_are_refused_naming_the_field(tmp_path, field, value, says):
    p = tmp_path / "spec.yaml"
    p.write_text(SPEC.format(**{**GOOD, field: value}), encoding="utf-8")
    with pytest.raises(SpecError) as e:
        load_spec(p)
    assert f"{field}:" in str(e.value) and says in str(e.value)


@pytest.mark.parametrize("field,value", [
    ("partner", '"Belastingdienst (Toeslagen)"'), ("partner", "OM"), ("partner", '"Gemeente Den Haag"'),
    ("delimiter", '"\\t"'), ("delimiter", '"|"'), ("delimiter", '","'),
    ("date_format", '"%Y-%m-%d"'), ("date_format", '"%d/%m/%Y"'), ("date_format", '"%Y%m%d"'),
])
def test_real_spec_fields_pass(tmp_path, field, value):
    p = tmp_path / "spec.yaml"
    p.write_text(SPEC.format(**{**GOOD, field: value}), encoding="utf-8")
    load_spec(p)


# -- names the spec writes into the extract or the store (review 7, Q12) ----------------------
def _politie_with(change) -> dict:
    import yaml

    from netwerk.ingest.spec import shipped_spec_path

    doc = yaml.safe_load(shipped_spec_path("politie").read_text(encoding="utf-8"))
    change(doc)
    return doc


@pytest.mark.parametrize("member,change,kind", [
    ("pseudonym column", lambda d: d["identifiers"][2].update(output="naam 123456782"), "BSN"),
    ("node attribute", lambda d: d["nodes"][0]["attributes"].update({"rol 0612345678": "rol"}),
     "telefoonnummer"),
    ("relation attribute", lambda d: d["relations"][0]["attributes"].update(
        {"NL91ABNA0417164300": "feitomschrijving"}), "IBAN"),
    ("kept column", lambda d: d.update(keep=["opmerking 12-ABC-3"]), "kenteken"),
    ("stage", lambda d: d["nodes"][1].update(stage="handel 3512 JE"), "postcode"),
    ("the spec's own pattern", lambda d: d["nodes"][0]["attributes"].update(
        {"rol PN04205665": "rol"}), "politie_persoonsnummer"),
])
def test_names_the_spec_writes_hold_no_raw_identifier(tmp_path, member, change, kind):
    import yaml

    p = tmp_path / "spec.yaml"
    p.write_text(yaml.safe_dump(_politie_with(change), allow_unicode=True), encoding="utf-8")
    with pytest.raises(SpecError) as e:
        load_spec(p)
    msg = str(e.value)
    assert "ruwe identificator" in msg and f"({kind})" in msg, member
    for raw in ("123456782", "0612345678", "NL91ABNA0417164300", "12-ABC-3", "3512 JE",
                "PN04205665"):
        assert raw not in msg


def test_shipped_specs_pass_the_name_check():
    from netwerk.ingest.spec import shipped_specs

    assert len(shipped_specs()) >= 6
    for name in shipped_specs():
        load_spec(name)
