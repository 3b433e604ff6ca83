"""Class: one identifier, one pseudonym, whatever the spreadsheet did to its spelling (issue 9:
"identifiers written as numbers ... read as its integer, anything else refused"; "invisible
characters ... removed before matching and before hashing"; different pseudonyms for one
identifier lose cross-partner links without a word). Review 8, S15 and S19.

Members, each a group below:

* Excel's text guards: a leading ``'`` and a whole-cell ``="..."`` are unwrapped for every kind
  before validation and hashing, counted and said once per column.
* Width forms: full-width letters and digits, Arabic-Indic and other Unicode decimal digits are
  read as ASCII (NFKC, then each decimal digit), as the leak detector reads them.
* Police numbers: separators (space, ``-``, ``.``, ``_``) and a spreadsheet's ``.0`` folded,
  upper case; with the spec's pattern for police numbers (``raw_patterns``) anything that does
  not then match is refused naming row, column and masked shape (never the text); without a
  pattern, letters, digits and ``/`` with at least one digit.
* Lists in one cell (``,``, ``;``, ``/``, `` en ``, `` and ``) are refused for every one-column
  kind when two or more parts are each valid on their own.
* Parcels in one Kadaster spelling (gemeentecode, sectie, perceelnummer without leading zeros,
  appartementsindex), impossible codes refused; permit numbers folded like police numbers.
* Midnight times after a birth date or a relation date are the date, said once per column.

The column-wise fast path and the per-value normaliser agree on every member.
"""

from __future__ import annotations

import logging

import pandas as pd
import pytest

from netwerk.errors import InputError
from netwerk.i18n import using
from netwerk.ingest.names import parse_birth_date
from netwerk.ingest.normalise import (
    excel_guarded,
    fast_normalise,
    kind_shapes,
    normalise,
    unwrap_cell,
)
from netwerk.ingest.pseudonymise import pseudonym, pseudonymise_file, pseudonymise_frame
from netwerk.ingest.readers import parse_dates
from netwerk.ingest.spec import ExtractSpec, load_spec
from netwerk.privacy import find_raw_identifiers

KEY = b"k" * 32
PN = r"\bPN\d{8}\b"  # the shipped politie spec's raw pattern for police numbers

#: plain spelling of one identifier of each one-column kind
PLAIN = {
    "bsn": "909769692", "rsin": "123456782", "kvk": "12345678", "branch": "000017829432",
    "phone": "0614103238", "plate": "6-VSP-01", "iban": "NL91ABNA0417164300",
    "police_id": "PN04474209", "permit_id": "HX-2019-01234", "parcel": "ENS01 H 5539",
}


def _refused(kind: str, value: str, shapes=()) -> str:
    with pytest.raises(InputError) as e:
        normalise(kind, [value], shapes=shapes)
    assert e.value.reason == "invalid_identifier"
    return str(e.value)


def _agree(kind: str, values: list[str], shapes=()) -> None:
    """The fast path leaves a value undecided or gives what the per-value normaliser gives."""
    got = fast_normalise(kind, pd.DataFrame({"x": pd.array(values, dtype="str")}),
                         shapes=shapes)
    for v, g in zip(values, got, strict=True):
        if pd.isna(g):
            continue
        assert g == normalise(kind, [v], shapes=shapes), (kind, v, g)


# -- Excel's text guards ---------------------------------------------------------------------

@pytest.mark.parametrize("kind", sorted(PLAIN))
def test_excel_text_guards_are_unwrapped_for_every_one_column_kind(kind):
    plain = PLAIN[kind]
    want = normalise(kind, [plain])
    for guarded in (f"'{plain}", f'="{plain}"', f' = "{plain}" ', f" '{plain}"):
        assert excel_guarded(guarded)
        assert normalise(kind, [guarded]) == want, guarded
    _agree(kind, [plain, f"'{plain}", f'="{plain}"'])


def test_excel_text_guards_in_composite_identifiers():
    assert normalise("address", ["'1234AB", "'12", None]) == "1234AB 12"
    assert normalise("address", ['="1234 ab"', '="12"', "'a"]) == "1234AB 12 A"
    assert normalise("name_dob", ["Jansen", "Jan", "'19-04-1964"]) == \
        normalise("name_dob", ["Jansen", "Jan", '="19-04-1964"']) == "jansen||jan|1964-04-19"
    # a surname's 't is no guard that changes the key: names fold apostrophes away
    assert normalise("name_dob", ["'t Hart", "Jan", "19-04-1964"]) == "hart|t|jan|1964-04-19"


def test_a_guard_is_unwrapped_once_and_never_hides_a_list():
    assert unwrap_cell("''PN04474209") == "'PN04474209"
    _refused("police_id", "''PN04474209", shapes=(PN,))
    assert "meerdere waarden" in _refused("police_id", '="PN04205665, PN04350893"')
    assert not excel_guarded("PN'04474209") and not excel_guarded("=SUM(A1)")


def _politie_csv(tmp_path, rows: list[list[str]], name="p.csv"):
    spec = load_spec("politie")
    header = ["registratienummer", "pleegdatum", "feitomschrijving", "pleeg_postcode",
              "pleeg_huisnummer", "persoonsnummer", "bsn", "achternaam", "voornamen",
              "geboortedatum", "rol", "medeverdachte_persoonsnummer", "kenteken",
              "telefoonnummer", "betrouwbaarheid", "informatie"]
    base = dict(zip(header, ["PL0400-2023407167", "08-05-2025", "Witwassen", "3512JE", "12",
                             "PN04474209", "909769692", "Schouten", "Henk", "19-04-1964",
                             "financier", "PN04205665", "6-VSP-01", "0614103238", "F", "6"],
                        strict=True))
    lines = [";".join(header)] + [";".join({**base, **dict(r)}[h] for h in header)
                                  for r in rows]
    raw = tmp_path / name
    raw.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return raw, spec


def _run(tmp_path, caplog, rows, said_word: str):
    """Pseudonymise a politie export of ``rows`` (the shipped spec); the result, the shared
    extract and the warnings holding ``said_word``, sorted."""
    raw, spec = _politie_csv(tmp_path, rows)
    out = tmp_path / "o" / "p.csv"
    with caplog.at_level(logging.WARNING, logger="netwerk"):
        res = pseudonymise_file(raw, spec, KEY, out)
    shared = pd.read_csv(out, sep=";", dtype=str, encoding="cp1252")
    return res, shared, sorted(r.getMessage() for r in caplog.records
                               if said_word in r.getMessage())


def test_guarded_export_gives_one_pseudonym_and_says_so_once_per_column(tmp_path, caplog):
    """Review 8 S15 (``/tmp/review8/ps/apos.csv``): plain, apostrophe and formula-text spellings
    of one suspect were three persons and the guarded BSN/phone/plate emptied."""
    rows = [[], [("persoonsnummer", "'PN04474209"), ("bsn", "'909769692"),
                 ("telefoonnummer", "'0614103238"), ("kenteken", "'6-VSP-01")],
            [("persoonsnummer", '"=""PN04474209"""'), ("bsn", '"=""909769692"""'),
             ("telefoonnummer", '"=""0614103238"""')]]
    res, shared, said = _run(tmp_path, caplog, rows, "Excel-tekstmarkering")
    assert (res.rows_written, res.rejects, res.cells_emptied) == (3, 0, 0)
    for col, kind, plain in (("persoonsnummer", "police_id", "PN04474209"),
                             ("bsn", "bsn", "909769692"), ("telefoonnummer", "phone", "+31614103238"),
                             ("kenteken", "plate", "6VSP01")):
        assert shared[col].tolist() == [pseudonym(kind, plain, KEY)] * 3, col
    assert said == sorted([
        "p.csv: kolom 'persoonsnummer': Excel-tekstmarkering verwijderd (' of =\"...\") in 2 cellen",
        "p.csv: kolom 'bsn': Excel-tekstmarkering verwijderd (' of =\"...\") in 2 cellen",
        "p.csv: kolom 'kenteken': Excel-tekstmarkering verwijderd (' of =\"...\") in 1 cel",
        "p.csv: kolom 'telefoonnummer': Excel-tekstmarkering verwijderd (' of =\"...\") in 2 cellen"])


def test_guard_counts_add_up_over_the_chunks_of_a_streamed_file(tmp_path, caplog):
    rows = [[("persoonsnummer", f"'PN{10000000 + i}")] for i in range(300)]
    raw, spec = _politie_csv(tmp_path, rows)
    with caplog.at_level(logging.WARNING, logger="netwerk"):
        res = pseudonymise_file(raw, spec, KEY, tmp_path / "o" / "p.csv", chunk_bytes=4096)
    assert res.rows_written == 300 and res.rejects == 0
    said = [r.getMessage() for r in caplog.records if "Excel-tekstmarkering" in r.getMessage()]
    assert said == ["p.csv: kolom 'persoonsnummer': Excel-tekstmarkering verwijderd "
                    "(' of =\"...\") in 300 cellen"]
    with using("en"):
        from netwerk.i18n import ngettext
        assert "Excel text marker removed" in ngettext(
            "{bestand}: kolom '{kolom}': Excel-tekstmarkering verwijderd (' of =\"...\") in {n} "
            "cel", "{bestand}: kolom '{kolom}': Excel-tekstmarkering verwijderd (' of =\"...\") "
            "in {n} cellen", 2, bestand="p.csv", kolom="x")


# -- width forms and Unicode digits ----------------------------------------------------------

FULL = str.maketrans("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-",
                     "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ－")
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.mark.parametrize("kind", sorted(PLAIN))
def test_width_forms_and_unicode_digits_are_the_ascii_identifier(kind):
    plain = PLAIN[kind]
    want = normalise(kind, [plain])
    for table in (FULL, ARABIC):
        assert normalise(kind, [plain.translate(table)]) == want
        _agree(kind, [plain, plain.translate(table)])


def test_the_detector_and_the_normaliser_read_the_same_digits():
    for text in ("９０９７６９６９２", "٩٠٩٧٦٩٦٩٢"):
        assert [k for k, _v in find_raw_identifiers(text)] == ["bsn"]
        assert normalise("bsn", [text]) == "909769692"
    assert normalise("address", ["３５１２ＪＥ", "１２", None]) == "3512JE 12"
    assert normalise("name_dob", ["Ｓｃｈｏｕｔｅｎ", "Henk", "１９-０４-１９６４"]) == \
        "schouten||henk|1964-04-19"


# -- police numbers --------------------------------------------------------------------------

PN_SPELLINGS = ["PN04474209", "pn04474209", " PN04474209 ", "PN 04474209", "PN-04474209",
                "PN.04474209", "PN_04474209", "PN04474209.0", "PN04474209,0", "ＰＮ04474209",
                "PN\u00a004474209", "PN\u200b04474209", "PN 0447 4209", "'PN04474209",
                '="PN04474209"']


@pytest.mark.parametrize("shapes", [(), (PN,)], ids=["no pattern", "spec pattern"])
def test_police_number_spellings_are_one_number(shapes):
    """Review 8 S15 (``/tmp/review8/ps/pid.csv``): five of these were five more persons."""
    assert {normalise("police_id", [v], shapes=shapes) for v in PN_SPELLINGS} == {"PN04474209"}
    _agree("police_id", PN_SPELLINGS, shapes)


@pytest.mark.parametrize("value, shape", [
    ("PNKAPOT99", "9 tekens: 7 letters, 2 cijfers"),
    ("PN0447420", "9 tekens: 2 letters, 7 cijfers"),
    ("PN044742090", "11 tekens: 2 letters, 9 cijfers"),
    ("XX04474209", "10 tekens: 2 letters, 8 cijfers"),
])
def test_a_police_number_off_the_spec_pattern_is_refused_with_its_shape(value, shape):
    msg = _refused("police_id", value, shapes=(PN,))
    assert "past niet op het patroon in de specificatie" in msg and shape in msg
    assert value not in msg and "04474" not in msg
    with using("en"):
        assert "does not match the pattern in the spec" in _refused("police_id", value, (PN,))
    _agree("police_id", [value], (PN,))


def test_without_a_pattern_codes_are_letters_and_digits():
    assert normalise("police_id", ["PNKAPOT99"]) == "PNKAPOT99"  # no shape known: kept
    assert normalise("police_id", ["pv-2024 / 77"]) == "PV2024/77"
    assert "is geen code van letters en cijfers" in _refused("police_id", "ONBEKEND")
    assert "is geen code van letters en cijfers" in _refused("police_id", "PN#0447")
    with using("en"):
        assert "is no code of letters and digits" in _refused("police_id", "ONBEKEND")


def test_the_spec_pattern_for_a_kind_is_found_by_its_name():
    pats = {"politie_persoonsnummer": PN, "politie_registratie": r"PL\d{4}-\d{10}",
            "vergunningnummer": r"[A-Z]{2}-\d{4}-\d{5}"}
    assert kind_shapes("police_id", pats, ["medeverdachte_persoonsnummer"]) == (PN,)
    assert kind_shapes("permit_id", pats, ["nummer"]) == (r"[A-Z]{2}-\d{4}-\d{5}",)
    assert kind_shapes("police_id", {"pid": PN}, ["pid"]) == (PN,)  # named after the column
    assert kind_shapes("bsn", pats) == kind_shapes("police_id", {}) == ()
    # a pattern with separators: the spelling as written is tried first
    dash = (r"[A-Z]{2}-\d{4}-\d{5}",)
    assert normalise("permit_id", ["hx-2019-01234"], shapes=dash) == "HX-2019-01234"
    _refused("permit_id", "HX201901234", shapes=dash)


def test_shipped_politie_spec_refuses_off_pattern_numbers_naming_row_and_column(tmp_path):
    """Review 8 S15: ``PNKAPOT99`` was a person. Required suspect: the row is rejected; the
    optional co-suspect cell is emptied. The rejects name row, column and shape only."""
    rows = [[], [("persoonsnummer", "PNKAPOT99")], [("medeverdachte_persoonsnummer", "PN123")],
            [("persoonsnummer", "PN 04474209"), ("medeverdachte_persoonsnummer", "pn-04205665")]]
    raw, spec = _politie_csv(tmp_path, rows)
    out = tmp_path / "o" / "p.csv"
    res = pseudonymise_file(raw, spec, KEY, out)
    assert (res.rows_read, res.rows_written, res.rejects, res.cells_emptied) == (4, 3, 1, 1)
    rej = pd.read_csv(f"{out}.rejects.csv", dtype=str)
    assert rej[["row", "column", "reason"]].values.tolist() == [
        ["2", "persoonsnummer", "invalid_identifier"],
        ["3", "medeverdachte_persoonsnummer", "invalid_identifier"]]
    assert rej["detail"].str.contains("past niet op het patroon").all()
    assert "9 tekens: 7 letters, 2 cijfers" in rej["detail"].iloc[0]
    assert not rej["detail"].str.contains("KAPOT|PN123").any()
    shared = pd.read_csv(out, sep=";", dtype=str, encoding="cp1252")
    assert shared["persoonsnummer"].nunique() == 1
    assert shared["medeverdachte_persoonsnummer"].dropna().nunique() == 1


# -- lists in one cell -----------------------------------------------------------------------

LISTS = {
    "police_id": ["PN04205665, PN04350893", "PN04205665/PN04350893", "PN04205665 en PN04350893",
                  "PN04205665;PN04350893", "PN04205665 and PN04350893",
                  "PN04205665, PN04350893, PN04474209"],
    "bsn": ["909769692, 123456782", "909769692 / 123456782"],
    "phone": ["0614103238 / 0624028339", "0614103238, 0624028339", "0614103238 en 0624028339"],
    "plate": ["6-VSP-01, 1-BGL-48", "6-VSP-01 en 1-BGL-48"],
    "kvk": ["12345678; 87654321"], "iban": ["NL91ABNA0417164300, NL91ABNA0417164300"],
    "parcel": ["ENS01 H 5539, ENS01 H 5540", "ENS01 H 5539 en ENS01 H 5540"],
    "permit_id": ["HX-2019-01234, AW-2020-00012"],
}


@pytest.mark.parametrize("kind, value", [(k, v) for k, vs in LISTS.items() for v in vs])
def test_a_cell_listing_several_identifiers_is_refused(kind, value):
    """Review 8 S15 (``/tmp/review8/ps/list.csv``): co-suspect lists were phantom persons."""
    for shapes in ((), (PN,)) if kind == "police_id" else ((),):
        msg = _refused(kind, value, shapes)
        assert "meerdere waarden in één cel" in msg, (kind, value, msg)
        assert "0420" not in msg and "9097" not in msg
        _agree(kind, [value], shapes)
    with using("en"):
        assert "several values in one cell" in _refused(kind, value)


@pytest.mark.parametrize("kind, value, want", [
    ("phone", "020/1234567", "+31201234567"),       # an area code, not a list
    ("permit_id", "Z/23/123456", "Z/23/123456"),    # parts of different shapes
    ("permit_id", "2023/0456", "2023/0456"),        # no letter: a year and a number
    ("police_id", "PN04205665", "PN04205665"),
])
def test_separators_inside_one_identifier_are_no_list(kind, value, want):
    assert normalise(kind, [value]) == want


def test_a_number_with_a_decimal_comma_is_a_number_not_a_list():
    assert "getal met decimalen" in _refused("police_id", "1234567,5")
    assert "getal met decimalen" in _refused("permit_id", "1234567,5")


def test_list_cells_in_a_politie_export_are_rejects_not_persons(tmp_path):
    rows = [[("medeverdachte_persoonsnummer", "PN04205665, PN04350893")],
            [("medeverdachte_persoonsnummer", "PN04205665/PN04350893")],
            [("medeverdachte_persoonsnummer", "PN04205665 en PN04350893")],
            [("kenteken", "6-VSP-01, 1-BGL-48")],
            [("telefoonnummer", "0614103238 / 0624028339")],
            [("bsn", "909769692, 123456782")]]
    raw, spec = _politie_csv(tmp_path, rows)
    out = tmp_path / "o" / "p.csv"
    res = pseudonymise_file(raw, spec, KEY, out)
    assert (res.rows_written, res.rejects, res.cells_emptied) == (6, 0, 6)
    rej = pd.read_csv(f"{out}.rejects.csv", dtype=str)
    assert rej["column"].tolist() == ["medeverdachte_persoonsnummer"] * 3 + [
        "kenteken", "telefoonnummer", "bsn"]
    assert rej["detail"].str.contains("meerdere waarden in één cel").all()
    shared = pd.read_csv(out, sep=";", dtype=str, encoding="cp1252")
    assert shared["medeverdachte_persoonsnummer"].isna().sum() == 3


# -- parcels and permits ---------------------------------------------------------------------

@pytest.mark.parametrize("value", [
    "ENS01 H 5539", "ENS01H5539", "ENS01-H-5539", "ens01 h 5539", "ENS01 H 05539", "ENS 01 H 5539",
    "ENS01  H  5539", "ENS01 H 5539.0", "ENS01.H.5539", "'ENS01 H 5539", "ＥＮＳ０１ Ｈ ５５３９"])
def test_parcel_spellings_are_one_kadastrale_aanduiding(value):
    """Review 8 S15 (``/tmp/review8/ps/parcel.csv``)."""
    assert normalise("parcel", [value]) == "ENS01 H 5539"
    _agree("parcel", [value])


@pytest.mark.parametrize("value, want", [
    ("ENS01 H 5539 A1", "ENS01 H 5539 A1"), ("ENS01-H-5539-A-0001", "ENS01 H 5539 A1"),
    ("ENS01 AB 12", "ENS01 AB 12"),
    # 00 is a real AKR code (HSL00, GBV00 in the BRK kadastrale kaart): not refused
    ("ENS00 H 5539", "ENS00 H 5539"),
    ("Apeldoorn K 4550", "APELDOORN K 4550"), ("Bergen op Zoom AB 12", "BERGEN OP ZOOM AB 12"),
    ("0363010000123456", "0363010000123456"), ("363010000123456", "0363010000123456"),
])
def test_parcel_forms(value, want):
    assert normalise("parcel", [value]) == want
    _agree("parcel", [value])


@pytest.mark.parametrize("value, why", [
    ("ENS01 00 5539", "is geen kadastrale aanduiding"),   # sectie of digits
    ("ENS01 H 0", "perceelnummer of appartementsindex is 0"),
    ("ENS01 H 5539 A0", "perceelnummer of appartementsindex is 0"),
    ("ENS01 H 123456", "is geen kadastrale aanduiding"),  # perceelnummer of 6 digits
    ("ENS01", "is geen kadastrale aanduiding"), ("12345678", "is geen kadastrale aanduiding"),
    ("ENS01 H 5539.5", "is geen kadastrale aanduiding"),  # not perceelnummer 55395
    ("5539,5", "getal met decimalen"),
])
def test_impossible_parcels_are_refused_with_their_shape(value, why):
    msg = _refused("parcel", value)
    assert why in msg and "5539" not in msg
    _agree("parcel", [value])
    with using("en"):
        assert "parcel" in _refused("parcel", value)


def test_permit_numbers_have_one_spelling():
    spellings = ["HX-2019-01234", "hx 2019 01234", "HX.2019.01234", "HX201901234",
                 "'HX-2019-01234", '="HX-2019-01234"', "ＨＸ－２０１９－０１２３４"]
    assert {normalise("permit_id", [v]) for v in spellings} == {"HX201901234"}
    _agree("permit_id", spellings)
    # the shipped gemeente_vergunningen spec has no pattern for permits: the no-pattern rule
    spec = load_spec("gemeente_vergunningen")
    ident = next(i for i in spec.identifiers if i.kind == "permit_id")
    assert kind_shapes("permit_id", spec.raw_patterns, ident.columns) == ()


def test_every_member_fast_and_per_value_agree():
    members = {**{k: [v] for k, v in PLAIN.items()}}
    for k, vs in LISTS.items():
        members[k] = members.get(k, []) + vs
    members["police_id"] += PN_SPELLINGS + ["PNKAPOT99", "PN 0447", "AB en 12", "1234567,5"]
    members["parcel"] += ["ENS01-H-5539", "ENS01 H 05539", "ENS00 H 5539", "ENS01 H 5539 A1"]
    for kind, values in members.items():
        for shapes in ((), (PN,)):
            _agree(kind, values, shapes)


# -- midnight times (S19) ---------------------------------------------------------------------

MIDNIGHTS = ["19-04-1964 00:00:00", "19-04-1964 00:00", "19-4-1964 0:00", "19/04/1964 00:00:00",
             "1964-04-19 00:00:00.000", "1964-04-19T00:00:00", "1964-04-19 00:00"]


@pytest.mark.parametrize("value", MIDNIGHTS)
def test_a_birth_date_at_midnight_is_the_date(value):
    assert parse_birth_date(value) == "1964-04-19"
    assert normalise("name_dob", ["Jansen", "Jan", value]) == "jansen||jan|1964-04-19"
    got = fast_normalise("name_dob", pd.DataFrame(
        {"a": ["Jansen"], "b": ["Jan"], "c": [value]}, dtype="str")).iloc[0]
    assert got == "jansen||jan|1964-04-19"  # decided column-wise too


@pytest.mark.parametrize("value", ["19-04-1964 13:00", "1964-04-18 23:00:00", "19-04-1964 00:00:01",
                                   "1964-04-19 00:30:00.000"])
def test_a_birth_date_with_another_time_is_still_refused(value):
    with pytest.raises(InputError, match="tijdstip \\(niet middernacht\\)"):
        parse_birth_date(value)


def test_relation_dates_at_midnight_parse_under_the_date_format():
    spell = ["08-05-2025 00:00:00", "8-5-2025 0:00", "2025-05-08 00:00:00.000", "08/05/2025 00:00"]
    values, failed = parse_dates(pd.Series(spell, dtype="str"), "%d-%m-%Y")
    assert not failed.any() and values.dt.strftime("%Y-%m-%d").tolist() == ["2025-05-08"] * 4
    _values, failed = parse_dates(pd.Series(["08-05-2025 13:00"], dtype="str"), "%d-%m-%Y")
    assert failed.tolist() == [True]


def test_a_database_export_with_date_times_is_read_and_said_once(tmp_path, caplog):
    """Review 8 S19 (``/tmp/review8/ps/dt.csv``): every row was rejected."""
    rows = [[("pleegdatum", "08-05-2025 00:00:00"), ("geboortedatum", "19-04-1964 00:00:00")],
            [("pleegdatum", "8-5-2025 0:00"), ("geboortedatum", "19-4-1964 0:00")],
            [("pleegdatum", "2025-05-08 00:00:00.000"),
             ("geboortedatum", "1964-04-19 00:00:00.000")]]
    res, shared, said = _run(tmp_path, caplog, rows, "00:00:00 weggelaten")
    assert (res.rows_written, res.rejects, res.cells_emptied) == (3, 0, 0)
    assert shared["naam_geboortedatum"].nunique() == 1
    assert said == [
        "p.csv: kolom 'geboortedatum': tijd 00:00:00 weggelaten in 3 cellen (middernacht is de "
        "datum zelf)",
        "p.csv: kolom 'pleegdatum': tijd 00:00:00 weggelaten in 3 cellen (middernacht is de "
        "datum zelf)"]


def test_pseudonymise_frame_says_the_counts_too(caplog):
    spec = ExtractSpec.model_validate({
        "name": "t", "partner": "p", "raw_patterns": {"politie_persoonsnummer": PN},
        "identifiers": [{"columns": ["x"], "kind": "police_id", "required": True}],
        "nodes": [{"id": "x", "kind": "person"}]})
    df = pd.DataFrame({"x": pd.array(["PN04474209", "'PN04474209", "PN-04474209"], dtype="str")})
    with caplog.at_level(logging.WARNING, logger="netwerk"):
        shared, rejects, _ = pseudonymise_frame(df, spec, KEY, file="f.csv")
    assert shared["x"].nunique() == 1 and rejects.empty
    assert [r.getMessage() for r in caplog.records if "Excel" in r.getMessage()] == [
        "f.csv: kolom 'x': Excel-tekstmarkering verwijderd (' of =\"...\") in 1 cel"]


def test_canonical_forms_are_fixed_points():
    """Normalising a canonical value gives it back (the module's promise), for every spelling
    above: no guard, list separator or width form survives into a canonical form."""
    values = {k: [v] for k, v in PLAIN.items()}
    values["police_id"] += PN_SPELLINGS + ["pv-2024 / 77", "Z/23/123456"]
    values["parcel"] += ["ENS01-H-5539-A-0001", "Bergen op Zoom AB 12", "363010000123456"]
    values["permit_id"] += ["'HX-2019-01234", "2023/0456"]
    cases = [(k, v, ()) for k, vs in values.items() for v in vs]
    cases += [("police_id", v, (PN,)) for v in PN_SPELLINGS]
    for kind, v, shapes in cases:
        once = normalise(kind, [v], shapes=shapes)
        assert normalise(kind, [once], shapes=shapes) == once, (kind, v, once)
