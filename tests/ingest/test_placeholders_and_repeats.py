"""Classes: placeholder values and already pseudonymised input. Sentinel birth dates (a list in
the spec) are unknown, so no name + birth-date key is formed from them; pseudonymising a shared
extract again is refused. Members covered: 01-01-1900, 00-00-0000, 1900-01-01 and a spec-given
sentinel; the same name with a sentinel date stays two subjects; a sidecar beside the input; a
pseudonym in an identifier column without a sidecar."""

from __future__ import annotations

import pytest
from ingest_faults import pseudonymise, spec, write

from netwerk.errors import InputError, Reason

HEADER = "persoonsnummer;bsn;achternaam;voornamen;geboortedatum;rol"


@pytest.mark.parametrize("dob", ["01-01-1900", "00-00-0000", "1900-01-01", "11-11-1111"])
def test_sentinel_birth_date_forms_no_name_key(tmp_path, dob):
    sp = spec(sentinel_dates=["01-01-1900", "00-00-0000", "1900-01-01", "11-11-1111"])
    lines = [HEADER, f"PN01;;Jansen;Jan;{dob};a", f"PN02;;Jansen;Jan;{dob};b"]
    res, out, rejects = pseudonymise(tmp_path, write(tmp_path / "p.csv", "\n".join(lines) + "\n"), sp)
    body = out.read_text().splitlines()[1:]
    assert [line.split(";")[2] for line in body] == ["", ""]  # no NGD- key: not one subject
    assert res.rows_written == 2
    assert rejects["reason"].tolist() == ["missing_identifier"] * 2
    assert "opvuldatum" in rejects["detail"].iloc[0] and dob not in rejects.to_string()


@pytest.mark.parametrize("dob", ["1-1-1900", "01/01/1900", "1900-1-1", "1900-01-01 00:00:00",
                                 "01.01.1900", "19000101", " 1-1-1900 ", "0-0-0000",
                                 "31-12-9999"])
def test_a_sentinel_is_a_date_not_a_spelling(tmp_path, dob):
    """The default sentinels (``01-01-1900``, ``00-00-0000``, ``31-12-9999``, ...) match in every
    spelling the date readers accept: Excel's short date ``1-1-1900``, an XLSX datetime, slashes
    (review5 F4: two different Piet Jansens with ``1-1-1900`` became one subject)."""
    lines = [HEADER, f"PN01;;Jansen;Piet;{dob};a", f"PN02;;Jansen;Piet;{dob};b"]
    res, out, rejects = pseudonymise(tmp_path, write(tmp_path / "p.csv", "\n".join(lines) + "\n"),
                                     spec())
    body = out.read_text().splitlines()[1:]
    assert [line.split(";")[2] for line in body] == ["", ""]  # no NGD- key: not one subject
    assert rejects["reason"].tolist() == ["missing_identifier"] * 2
    assert "opvuldatum" in rejects["detail"].iloc[0]


def test_a_real_date_near_a_sentinel_is_kept(tmp_path):
    lines = [HEADER, "PN01;;Jansen;Piet;2-1-1900;a", "PN02;;Jansen;Piet;02-01-1900;b",
             "PN03;;Jansen;Piet;1-1-1901;c"]
    res, out, rejects = pseudonymise(tmp_path, write(tmp_path / "p.csv", "\n".join(lines) + "\n"),
                                     spec())
    keys = [line.split(";")[2] for line in out.read_text().splitlines()[1:]]
    assert keys[0] == keys[1] != keys[2] and all(k.startswith("NGD-") for k in keys)
    assert len(rejects) == 0


@pytest.mark.parametrize("written", ["01-01-1900", "1-1-1900", "1900-01-01 00:00:00",
                                     "31-12-9999", "00-00-0000"])
def test_a_sentinel_relation_date_is_unknown_at_ingest(tmp_path, written):
    """At ingest a relation date equal to a sentinel, in any spelling, is stored as unknown (no
    1900-01-01 sighting, no reject for 31-12-9999 as "no end date"); a real date is kept."""
    import duckdb

    from netwerk.ingest.pipeline import ingest_extract
    from netwerk.ingest.pseudonymise import pseudonymise_file
    from netwerk.ingest.spec import load_spec

    raw = tmp_path / "politie.csv"
    head = ("registratienummer;pleegdatum;feitomschrijving;pleeg_postcode;pleeg_huisnummer;"
            "persoonsnummer;bsn;"
            "achternaam;voornamen;geboortedatum;rol;medeverdachte_persoonsnummer;kenteken;"
            "telefoonnummer;betrouwbaarheid;informatie")
    raw.write_text(head + "\n"
                   f"PL0000-1;{written};Witwassen;;;PN00000001;;;;;a;PN00000002;;;B;2\n"
                   "PL0000-2;03-04-2024;Witwassen;;;PN00000003;;;;;a;PN00000004;;;B;2\n",
                   encoding="cp1252")
    pseudonymise_file(raw, load_spec("politie"), b"k" * 32, tmp_path / "out" / "politie.csv")
    case = tmp_path / "c.duckdb"
    res = ingest_extract(case, tmp_path / "out" / "politie.csv", "politie")
    assert res.n_rejects == 0 and res.relations == 2
    con = duckdb.connect(str(case), read_only=True)
    assert con.execute('SELECT "row", observed FROM relations ORDER BY "row"').fetchall() == [
        (1, None), (2, __import__("datetime").date(2024, 4, 3))]
    con.close()


@pytest.mark.parametrize("unknown", ["onbekend", "ONBEKEND", " Onbekend ", "n.v.t.", "N/A", "-",
                                     "?", "000000", "0", "NN"])
def test_a_placeholder_identifier_is_unknown_not_one_person(tmp_path, unknown):
    """A co-suspect written ``onbekend`` (review5 F5) was hashed as the police number ONBEKEND:
    one person tied to every unknown co-suspect, ranked a vital broker. Now such a cell is
    missing, with a reject line per row (``missing_identifier``, no cell text), the row kept
    when the identifier is optional; for a required one the row is rejected as missing."""
    lines = [HEADER, f"PN01;;Jansen;Jan;01-02-1980;{unknown}", f"{unknown};;Bakker;Piet;02-03-1981;b",
             f"PN03;;Visser;{unknown};03-04-1982;c"]
    sp = spec(identifiers=[{"columns": ["persoonsnummer"], "kind": "police_id"},
                           {"columns": ["rol"], "kind": "police_id", "output": "rol"},
                           {"columns": ["achternaam", "voornamen", "geboortedatum"],
                            "kind": "name_dob", "output": "naam_geboortedatum"}],
              nodes=[{"id": "persoonsnummer", "kind": "person"}])
    res, out, rejects = pseudonymise(tmp_path, write(tmp_path / "p.csv", "\n".join(lines) + "\n"), sp)
    body = [line.split(";") for line in out.read_text().splitlines()]
    head = body[0]
    rows = [dict(zip(head, r, strict=True)) for r in body[1:]]
    assert [r["rol"] for r in rows][0] == ""          # the optional co-suspect: empty
    assert rows[1]["persoonsnummer"] == ""             # the person number: empty
    assert rows[2]["naam_geboortedatum"] == ""         # a name NN/onbekend: no name key
    assert all(r["persoonsnummer"].startswith("PID-") for r in (rows[0], rows[2]))
    assert res.rows_written == 3
    got = rejects[rejects["detail"].str.contains("placeholder")]
    assert sorted(got["row"].astype(int).tolist()) == [1, 2, 3]
    assert set(got["reason"]) == {"missing_identifier"}
    if len(unknown.strip()) > 3:  # the cell text is never repeated
        assert unknown.strip().lower() not in " ".join(got["detail"]).lower()


def test_a_real_code_that_looks_like_a_placeholder_part_is_kept(tmp_path):
    lines = [HEADER, "PN01;;Jansen;Jan;01-02-1980;NA-1", "PN0;;Bakker;Piet;02-03-1981;0123"]
    sp = spec(identifiers=[{"columns": ["persoonsnummer"], "kind": "police_id"},
                           {"columns": ["rol"], "kind": "police_id", "output": "rol"}],
              nodes=[{"id": "persoonsnummer", "kind": "person"}])
    res, out, rejects = pseudonymise(tmp_path, write(tmp_path / "p.csv", "\n".join(lines) + "\n"), sp)
    body = [line.split(";") for line in out.read_text().splitlines()[1:]]
    assert all(c.startswith("PID-") for r in body for c in (r[0], r[-1]))
    assert len(rejects) == 0


def test_pseudonymising_a_shared_extract_again_is_refused(tmp_path):
    lines = [HEADER, "PN01;111222333;Jansen;Jan;01-02-1980;a"]
    _, out, _ = pseudonymise(tmp_path, write(tmp_path / "p.csv", "\n".join(lines) + "\n"))
    shared_spec = spec(identifiers=[{"columns": ["persoonsnummer"], "kind": "police_id"},
                                    {"columns": ["bsn"], "kind": "bsn"}],
                       nodes=[{"id": "persoonsnummer", "kind": "person"}])
    with pytest.raises(InputError) as e:  # the sidecar beside it says so
        pseudonymise(tmp_path / "again", out, shared_spec)
    assert e.value.reason == Reason.ALREADY_PSEUDONYMISED and "sidecarbestand gevonden" in str(e.value)
    out.with_name(out.name + ".netwerk.json").unlink()
    with pytest.raises(InputError) as e:  # and so do the values
        pseudonymise(tmp_path / "again", out, shared_spec)
    assert e.value.reason == Reason.ALREADY_PSEUDONYMISED and "de waarden zijn pseudoniemen" in str(e.value)


@pytest.mark.parametrize("cell", [" {p}", "{p} ", "{p}\u00a0", "{P}", "\u00ad{p}", "'{p}"])
def test_a_re_saved_shared_extract_is_still_recognised(tmp_path, cell):
    """A shared extract opened and saved again by a spreadsheet (review5 F15: a leading space, a
    trailing NBSP, upper-cased hex, a soft hyphen, Excel's text apostrophe) is still a
    shared extract: refused, not pseudonymised again into empty identifiers and "0 rejected"."""
    pid = "PID-" + "0a1b" * 6
    value = cell.format(p=pid, P=pid.upper())
    lines = [HEADER, f"{value};;Jansen;Jan;01-02-1980;a"]
    raw = write(tmp_path / "p.csv", "\n".join(lines) + "\n")
    shared_spec = spec(identifiers=[{"columns": ["persoonsnummer"], "kind": "police_id"}],
                       nodes=[{"id": "persoonsnummer", "kind": "person"}])
    with pytest.raises(InputError) as e:
        pseudonymise(tmp_path / "again", raw, shared_spec)
    assert e.value.reason == Reason.ALREADY_PSEUDONYMISED and e.value.row == 1
