"""Class: rows whose fields do not line up with the header. A record corresponds to the physical
line(s) it came from; a field-count mismatch is a reject naming file, line and both counts (or a
refusal of the file when most lines are off), never a realignment. Members covered: one field
too few, one too many, a delimiter at the end of every data line, a stray quote that swallows
lines (closing later, and never closing), a quoted field that spans lines and is right, the
same faults in the no-quote fast path and the quoted path, and the counts reconciling.
One physical line on every path (one chunk, streamed chunks, workers=2, the csv-module path):
a lone CR inside a line (LF, CRLF and CR CR LF files), a CR in a line of only delimiters,
CR CR LF line ends (no phantom empty lines), a short last line with and without a final CR, and
a CSV library error that would carry cell text."""

from __future__ import annotations

import pytest
from ingest_faults import HEADER, pseudonymise, read, write

from netwerk.errors import InputError, Reason
from netwerk.i18n import using

GOOD1 = "PN01;111222333;Jansen;Jan;01-02-1980;koerier;01-01-2024"
GOOD2 = "PN02;123456782;Bakker;Els;03-04-1975;financier;02-01-2024"
SHORT = "PN03;Vries;Piet;05-06-1970;teler;03-01-2024"  # bsn cell left out: one field too few
LONG = "PN04;;Smit;Ans;07-08-1960;extra;teler;04-01-2024"


@pytest.mark.parametrize("quoted", [False, True], ids=["fast path", "quoted path"])
def test_short_and_long_rows_are_rejected_never_realigned(tmp_path, quoted):
    lines = [HEADER, GOOD1, SHORT, LONG, GOOD2]
    if quoted:  # a quote anywhere sends the file through the csv-module path
        lines[1] = lines[1].replace("koerier", '"koerier"')
    p = write(tmp_path / "p.csv", "\n".join(lines) + "\n")
    df = read(p)
    assert df["persoonsnummer"].tolist() == ["PN01", "PN02"]
    assert df["_row"].tolist() == [1, 4]  # the record keeps its own line (line 5 = row 4)
    rej = df.attrs["read_rejects"]
    assert [(r, reason) for r, _, reason, _ in rej] == [(2, "field_count"), (3, "field_count")]
    assert "regel 3 heeft 6 velden, de kopregel 7" in rej[0][3]
    assert "regel 4 heeft 8 velden, de kopregel 7" in rej[1][3]
    # no raw value of the bad lines is kept anywhere, not in 'rol' nor in the details
    assert "Vries" not in str(rej) and "PN03" not in df.to_string()


def test_pseudonymise_reconciles_rejected_lines(tmp_path):
    p = write(tmp_path / "p.csv", "\n".join([HEADER, GOOD1, SHORT, GOOD2]) + "\n")
    res, out, rejects = pseudonymise(tmp_path, p)
    assert (res.rows_read, res.rows_written, res.rejects) == (3, 2, 1)
    assert rejects["reason"].tolist() == ["field_count"] and rejects["row"].tolist() == ["2"]
    assert "PN03" not in out.read_text() and "Vries" not in rejects.to_string()


def test_trailing_delimiter_on_every_data_line_refuses_the_file(tmp_path):
    body = "\n".join(line + ";" for line in [GOOD1, GOOD2, GOOD1.replace("PN01", "PN05")])
    p = write(tmp_path / "p.csv", HEADER + "\n" + body + "\n")
    with pytest.raises(InputError) as e:
        read(p)
    assert e.value.reason == Reason.FIELD_COUNT
    assert "3 van 3 dataregels" in str(e.value) and "scheidingsteken aan het eind" in str(e.value)
    with using("en"), pytest.raises(InputError) as e:
        read(p)
    assert "3 of 3 data lines" in str(e.value) and "delimiter at the end" in str(e.value)


def test_stray_quote_swallowing_lines_is_a_reject_not_a_vanished_row(tmp_path):
    stray = GOOD2.replace("financier", '"financier')  # opens, closes two lines later
    closer = GOOD1.replace("koerier", 'koerier"').replace("PN01", "PN07")
    lines = [HEADER, GOOD1, stray, GOOD1.replace("PN01", "PN06"), closer,
             GOOD1.replace("PN01", "PN08")]
    p = write(tmp_path / "p.csv", "\n".join(lines) + "\n")
    df = read(p)
    assert df["persoonsnummer"].tolist() == ["PN01", "PN08"]
    (row, _, reason, detail), = df.attrs["read_rejects"]
    assert (row, reason) == (2, "field_count") and "regels 3-5" in detail
    assert "PN06" not in df.to_string()  # the swallowed record is not hidden in a description


def test_quote_that_never_closes_refuses_naming_the_line(tmp_path):
    lines = [HEADER, GOOD1, GOOD2.replace("financier", '"financier'), GOOD1]
    p = write(tmp_path / "p.csv", "\n".join(lines) + "\n")
    with pytest.raises(InputError) as e:
        read(p)
    assert "regel 3" in str(e.value) and "nooit gesloten" in str(e.value)


def test_quoted_field_spanning_lines_is_accepted_when_it_closes(tmp_path):
    multi = GOOD2.replace("financier", '"finan\nrier"')
    p = write(tmp_path / "p.csv", "\n".join([HEADER, GOOD1, multi, GOOD1.replace("PN01", "PN09")])
              + "\n")
    df = read(p)
    assert df["rol"].tolist() == ["koerier", "finan\nrier", "koerier"]
    assert df["_row"].tolist() == [1, 2, 4] and df.attrs["read_rejects"] == []


# --- one physical line on every path (review 5, F1 and F10) ---------------------------------
# A line ends at LF, with any CRs before it (LF, CRLF, CR CR LF); a lone CR inside a line is never
# a record boundary: the record is a reject naming its line and column (reason unparsable_value),
# the same on the fast path, in streamed chunks, over two processes and on the csv-module path.

LONE_CR = "PN05;123456782;Jansen;Jan;01-02-1980;finan\rcier;01-01-2024"


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r\r\n"], ids=["LF", "CRLF", "CR CR LF"])
def test_lone_cr_is_a_reject_naming_line_and_column_on_every_path(tmp_path, eol):
    from ingest_faults import same_on_every_path

    lines = [HEADER, GOOD1, LONE_CR, SHORT, GOOD2]
    res = same_on_every_path(tmp_path, (eol.join(lines) + eol).encode("cp1252"))
    assert (res["rows_read"], res["rows_written"], res["empty_lines"]) == (4, 2, 0)
    (r1, c1, why1, d1), (r2, c2, why2, d2) = res["rejects"]
    assert (r1, c1, why1) == ("2", "rol", "unparsable_value") and "regel 3" in d1
    assert (r2, why2) == ("3", "field_count") and "regel 4 heeft 6 velden" in d2  # rows not shifted
    assert "finan" not in str(res) and "PN05" not in str(res)  # no cell text


def test_lone_cr_in_a_line_of_delimiters_is_an_empty_line_on_every_path(tmp_path):
    from ingest_faults import same_on_every_path

    data = "\n".join([HEADER, GOOD1, ";;;\r;;;", GOOD2, ""]).encode()
    res = same_on_every_path(tmp_path, data)
    assert (res["rows_read"], res["empty_lines"], res["rejects"]) == (2, 1, [])


def test_cr_cr_lf_line_ends_give_no_phantom_empty_lines(tmp_path):
    """A CRLF file converted once more (CR CR LF): the quoted path used to count every CR as a
    line (97 phantom empty lines, row numbers doubled)."""
    from ingest_faults import same_on_every_path

    data = "\r\r\n".join([HEADER, GOOD1, GOOD2, SHORT, GOOD1.replace("PN01", "PN06")]).encode()
    res = same_on_every_path(tmp_path, data + b"\r\r\n")
    assert (res["rows_read"], res["empty_lines"]) == (4, 0)
    assert [(r, why) for r, _, why, _ in res["rejects"]] == [("3", "field_count")]


def test_a_csv_library_error_never_reaches_the_user_with_cell_text(tmp_path, monkeypatch):
    import pyarrow as pa
    import pyarrow.csv as pacsv

    def broken(*a, **k):
        raise pa.ArrowInvalid("CSV parse error: Expected 7 columns, got 3: PN01;111222333;Jansen")

    monkeypatch.setattr(pacsv, "read_csv", broken)
    p = write(tmp_path / "p.csv", "\n".join([HEADER, GOOD1, GOOD2]) + "\n")
    with pytest.raises(InputError) as err:
        read(p)
    assert err.value.reason == Reason.UNREADABLE_FILE and err.value.file == "p.csv"
    assert "regels 2-3" in str(err.value)
    assert "111222333" not in str(err.value) and "Jansen" not in str(err.value)


@pytest.mark.parametrize("end, reason", [("", "truncated_line"), ("\r", "field_count")],
                         ids=["no line end", "a final CR"])
def test_last_short_line_is_judged_the_same_on_every_path(tmp_path, end, reason):
    """A last line cut without its line end is a truncated line; one that ends in a CR (a line
    end: a CRLF cut after its CR) is an ordinary short record, on every path."""
    from ingest_faults import same_on_every_path

    data = ("\n".join([HEADER, GOOD1, GOOD2, "PN07;123"]) + end).encode()
    res = same_on_every_path(tmp_path, data)
    assert [(r, why) for r, _, why, _ in res["rejects"]] == [("3", reason)]
