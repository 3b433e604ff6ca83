"""Class: a raw identifier typed into a shared text column (issue 9, "refused or masked with file,
row and column named"). Members covered: BSNs glued to a prefix (``BSN123456782``,
``nr.123456782``), written with no-break spaces, zero-width characters or fullwidth digits, a
lower-case postcode with a house number, a phone number with a no-break space; refused by
default naming file, row and column; with ``raw_in_text: mask`` masked, one rejects line per
masked cell (reason ``masked_raw_identifier``, masked shape only) with the same row numbers on
every reader path (whole file, streamed in one chunk or many, two processes), and the sidecar's
``masked_cells`` equal to those lines; the ingest leak guard finds the same values. Identifiers
written with separators (``auto 6 VSP 01``, ``NL91.ABNA...``, ``06 - 123 456 78``, ``kenteken 99 xx
bb``, ``123  456  782``) are refused and masked the same way, end to end."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from ingest_faults import HEADER, KEY, spec, whole_file_reader
from test_streaming import _lines

from netwerk.errors import LeakError, Reason
from netwerk.ingest.leakguard import check_for_raw_identifiers
from netwerk.ingest.pseudonymise import pseudonymise_file
from netwerk.ingest.readers import plan_csv
from netwerk.privacy import find_raw_identifiers

#: row -> what a partner typed into the ``rol`` column (each BSN passes the 11-proef)
PLANTED = {
    3: "Witwassen BSN123456757",
    40: "bsn-123456769",
    777: "zie bsn 123\u00a0456\u00a0770",
    1501: "woont 3512 je 12",
    1502: "tel 06\u00a012345678",
    2400: "nr.123456782",
}
#: only in a UTF-8 export: characters cp1252 cannot hold
PLANTED_UTF8 = {
    9: "BSN\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff12",
    1999: "bsn 123\u200b456\u200b782",
}


def _raw(tmp_path, planted: dict[int, str], *, encoding: str = "cp1252", quoted: bool = False):
    lines = _lines(2500)
    for row, text in planted.items():
        cells = lines[row - 1].split(";")
        if not cells[0]:
            cells[0] = f"PN{row:08d}"  # a kept row (the required id is present)
        cells[5] = text
        lines[row - 1] = ";".join(cells)
    if quoted:  # one quoted cell: read whole by the csv module, or streamed (hybrid)
        cells = lines[0].split(";")
        cells[5] = f'"{cells[5]}"'
        lines[0] = ";".join(cells)
    path = tmp_path / ("quoted" if quoted else "plain") / "raw.csv"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(("\n".join([HEADER, *lines]) + "\n").encode(encoding))
    return path


def _mask_run(tmp_path, raw, name, sp, **kw):
    out = tmp_path / name / "out.csv"
    res = pseudonymise_file(raw, sp, KEY, out, **kw)
    rejects = pd.read_csv(f"{out}.rejects.csv", dtype=str, keep_default_na=False)
    side = json.loads(out.with_name(out.name + ".netwerk.json").read_text())
    shared = pd.read_csv(out, sep=";", dtype=str, keep_default_na=False, encoding=sp.encoding)
    return res, rejects, side, shared


def test_raw_identifiers_in_text_are_refused_by_default_naming_file_row_and_column(tmp_path):
    raw = _raw(tmp_path, PLANTED)
    with pytest.raises(LeakError) as err:
        pseudonymise_file(raw, spec(), KEY, tmp_path / "o" / "out.csv", chunk_bytes=4096)
    e = err.value
    assert (e.reason, e.file, e.row, e.column) == (Reason.RAW_IDENTIFIER, "raw.csv", 3, "rol")
    for kind in ("BSN", "postcode", "telefoonnummer"):  # by name, never the identifier ('phone')
        assert kind in str(e)
    for text in PLANTED.values():
        assert text not in str(e)
    assert "123456757" not in str(e) and "3512" not in str(e)


@pytest.mark.parametrize("encoding, planted", [("cp1252", PLANTED),
                                               ("utf-8", PLANTED | PLANTED_UTF8)])
def test_masked_cells_are_named_one_line_each_the_same_on_every_reader_path(
        tmp_path, encoding, planted):
    sp = spec(raw_in_text="mask", encoding=encoding)
    streamed, quoted = _raw(tmp_path, planted, encoding=encoding), \
        _raw(tmp_path, planted, encoding=encoding, quoted=True)
    assert not plan_csv(streamed, sp).quoted and plan_csv(quoted, sp).quoted
    runs = {"whole": (quoted, {}),
            "one_chunk": (streamed, {"chunk_bytes": 1 << 30, "workers": 1}),
            "chunks": (streamed, {"chunk_bytes": 4096, "workers": 1}),
            "workers": (streamed, {"chunk_bytes": 8192, "workers": 2}),
            "quoted_chunks": (quoted, {"chunk_bytes": 4096, "workers": 1}),
            "quoted_workers": (quoted, {"chunk_bytes": 8192, "workers": 2})}
    seen = {}
    for name, (raw, kw) in runs.items():
        if name == "whole":
            with whole_file_reader():
                res, rejects, side, shared = _mask_run(tmp_path, raw, name, sp, **kw)
        else:
            res, rejects, side, shared = _mask_run(tmp_path, raw, name, sp, **kw)
        masked = rejects[rejects["reason"] == "masked_raw_identifier"]
        # one line per masked cell, naming file, row and column, in row order
        assert list(zip(masked["row"].astype(int), masked["column"], strict=True)) == \
            [(r, "rol") for r in sorted(planted)], name
        assert set(masked["file"]) == {raw.name}
        # the counts reconcile: sidecar, result and lines
        assert side["masked_cells"] == res.masked_cells == {"rol": len(planted)}, name
        assert res.reject_lines == len(rejects)
        assert rejects["row"].astype(int).is_monotonic_increasing
        # the detail is the masked shape: never the text or the number
        for detail, row in zip(masked["detail"], masked["row"].astype(int), strict=True):
            assert "gemaskeerd" in detail
            text = planted[row]
            assert text not in detail
            for _, value in find_raw_identifiers(text):
                assert value not in detail
        # and the shared extract holds no raw identifier in the cells
        for text in shared["rol"]:
            assert find_raw_identifiers(text) == [], (name, text)
        assert shared["rol"].str.contains(r"\[bsn\]").sum() == sum(
            "bsn" in {k for k, _ in find_raw_identifiers(t)} for t in planted.values())
        seen[name] = masked.reset_index(drop=True)
    for name, masked in seen.items():
        pd.testing.assert_frame_equal(masked, seen["one_chunk"], obj=name)


def test_the_ingest_leak_guard_finds_the_same_values():
    df = pd.DataFrame({"persoonsnummer": ["PID-" + "a" * 24] * len(PLANTED), "bsn": None,
                       "naam_geboortedatum": None, "rol": list(PLANTED.values()),
                       "_row": list(PLANTED)})
    found = check_for_raw_identifiers(df, spec(), file="x.csv")
    rows = sorted({r for f in found for r in f.example_rows})
    assert {f.column for f in found} == {"rol"}
    assert sum(f.rows for f in found if f.pattern == "bsn") == 4
    assert rows[:5] == sorted(PLANTED)[:5]


#: identifiers written with separators the detector set learnt in session 7 (row -> cell)
PLANTED_SEPARATED = {
    5: "auto 6 VSP 01 gezien",
    60: "rek. NL91.ABNA.0417.1643.00",
    800: "bel 06 - 123 456 78",
    1600: "kenteken 99 xx bb",
    2401: "bsn 123  456  782",
}


def test_identifiers_written_with_separators_are_refused_and_masked_end_to_end(tmp_path):
    raw = _raw(tmp_path, PLANTED_SEPARATED)
    with pytest.raises(LeakError) as err:
        pseudonymise_file(raw, spec(), KEY, tmp_path / "o" / "out.csv", chunk_bytes=4096)
    e = err.value
    assert (e.reason, e.file, e.column) == (Reason.RAW_IDENTIFIER, "raw.csv", "rol")
    assert e.row in PLANTED_SEPARATED
    assert "2 rijen bevatten een kenteken in de tekst (rijen 5, 1600)" in str(e)
    for kind in ("BSN", "IBAN", "kenteken", "telefoonnummer"):
        assert kind in str(e)
    for text in PLANTED_SEPARATED.values():
        assert text.split(" ", 1)[1] not in str(e)
    # masked instead: one line per cell, the kind and shape only, nothing raw in the extract
    res, rejects, side, shared = _mask_run(tmp_path, raw, "masked", spec(raw_in_text="mask"),
                                           chunk_bytes=4096, workers=1)
    masked = rejects[rejects["reason"] == "masked_raw_identifier"]
    assert list(zip(masked["row"].astype(int), masked["column"], strict=True)) == \
        [(r, "rol") for r in sorted(PLANTED_SEPARATED)]
    assert side["masked_cells"] == res.masked_cells == {"rol": len(PLANTED_SEPARATED)}
    assert [d.split(" ")[0] for d in masked["detail"]] == ["kenteken", "IBAN", "telefoonnummer",
                                                          "kenteken", "BSN"]  # kinds in words
    for detail in masked["detail"]:
        assert "VSP" not in detail and "ABNA" not in detail and "456" not in detail
    assert "auto [plate] gezien" in set(shared["rol"]) and "kenteken [plate]" in set(shared["rol"])
    assert "rek. [iban]" in set(shared["rol"]) and "bel [phone]" in set(shared["rol"])
    assert all(find_raw_identifiers(t) == [] for t in shared["rol"])
    # the ingest leak guard of the receiving side finds the same values
    df = pd.DataFrame({"persoonsnummer": ["PID-" + "a" * 24] * len(PLANTED_SEPARATED), "bsn": None,
                       "naam_geboortedatum": None, "rol": list(PLANTED_SEPARATED.values()),
                       "_row": list(PLANTED_SEPARATED)})
    found = check_for_raw_identifiers(df, spec(), file="x.csv")
    assert {f.column for f in found} == {"rol"}
    assert {f.pattern for f in found} == {"plate", "iban", "phone", "bsn"}
    assert sorted(r for f in found for r in f.example_rows) == sorted(PLANTED_SEPARATED)


#: fx-detect4: row -> a form the detectors missed before (dashed IBAN, spaced BSN, plate in two
#: groups and with underscores, postcode with a glued house number, a mobile without its 0), and
#: ordinary text of the same shapes that must pass unchanged
PLANTED_GAPS = {
    7: "rek. NL91-ABNA-0417-1643-00",
    90: "bsn 123 - 456 - 782",
    901: "auto 6VSP 01 gezien",
    902: "zag 6_VSP_01",
    1700: "woont 3512JE12A",
    2402: "mobiel: 612345678",
}
ORDINARY_GAPS = {
    8: "reg. PL0000-4532459779", 91: "nummers 275 - 461 - 415", 903: "lid 6 FNV 95",
    1701: "art. 8 WVW 94", 2403: "ref 612345678",
}


def test_the_detector_gap_forms_are_refused_and_masked_end_to_end(tmp_path):
    raw = _raw(tmp_path, {**PLANTED_GAPS, **ORDINARY_GAPS})
    with pytest.raises(LeakError) as err:
        pseudonymise_file(raw, spec(), KEY, tmp_path / "o" / "out.csv", chunk_bytes=4096)
    e = err.value
    assert (e.reason, e.file, e.column) == (Reason.RAW_IDENTIFIER, "raw.csv", "rol")
    for kind in ("BSN", "IBAN", "kenteken", "postcode met huisnummer", "telefoonnummer"):
        assert kind in str(e)
    for value in ("ABNA", "456", "VSP", "3512", "612345678"):
        assert value not in str(e)
    res, rejects, side, shared = _mask_run(tmp_path, raw, "masked", spec(raw_in_text="mask"),
                                           chunk_bytes=4096, workers=1)
    masked = rejects[rejects["reason"] == "masked_raw_identifier"]
    assert list(masked["row"].astype(int)) == sorted(PLANTED_GAPS)
    assert [d.split(" (")[0] for d in masked["detail"]] == [  # kinds in words (review 8 S8)
        "IBAN", "BSN", "kenteken", "kenteken", "postcode met huisnummer", "telefoonnummer"]
    assert side["masked_cells"] == res.masked_cells == {"rol": len(PLANTED_GAPS)}
    rol = set(shared["rol"])
    assert {"rek. [iban]", "bsn [bsn]", "auto [plate] gezien", "zag [plate]", "woont [postcode+number]",
            "mobiel: [phone]"} <= rol
    assert set(ORDINARY_GAPS.values()) <= rol  # ordinary text of the same shapes: unchanged
    assert all(find_raw_identifiers(t) == [] for t in shared["rol"])
