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
    assert "placeholder" in rejects["detail"].iloc[0] and dob not in rejects.to_string()


def test_pseudonymising_a_shared_extract_again_is_refused(tmp_path):
    lines = [HEADER, "PN01;111222333;Jansen;Jan;01-02-1980;a"]
    _, out, _ = pseudonymise(tmp_path, write(tmp_path / "p.csv", "\n".join(lines) + "\n"))
    shared_spec = spec(identifiers=[{"columns": ["persoonsnummer"], "kind": "police_id"},
                                    {"columns": ["bsn"], "kind": "bsn"}],
                       nodes=[{"id": "persoonsnummer", "kind": "person"}])
    with pytest.raises(InputError) as e:  # the sidecar beside it says so
        pseudonymise(tmp_path / "again", out, shared_spec)
    assert e.value.reason == Reason.ALREADY_PSEUDONYMISED and "sidecar found" in str(e.value)
    out.with_name(out.name + ".netwerk.json").unlink()
    with pytest.raises(InputError) as e:  # and so do the values
        pseudonymise(tmp_path / "again", out, shared_spec)
    assert e.value.reason == Reason.ALREADY_PSEUDONYMISED and "values are pseudonyms" in str(e.value)
