"""Reading import files as other CRMs and spreadsheets write them: encodings, BOMs,
delimiters, CRLF, quoted newlines, undecodable bytes, JSON Lines."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from accord.imports.problems import RowProblem
from accord.imports.readers import open_rows, read_header, sniff_file

HEADER = "Record ID,First Name,Last Name,Email\r\n"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def rows(path: Path) -> list:
    return list(open_rows(path))


@pytest.mark.parametrize(
    ("encoding", "prefix", "detected"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", codecs.BOM_UTF8, "utf-8-sig"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16"),
        ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16"),
        ("utf-16-le", b"", "utf-16-le"),
        ("cp1252", b"", "cp1252"),
    ],
)
def test_encodings_are_detected(tmp_path, encoding, prefix, detected):
    text = (
        HEADER
        + "101,Zoë,Müller-Lüdenscheidt,zoe@example.com\r\n"
        + "102,\u201cAnn\u201d,O\u2019Neil \u2013 Smith,ann@example.com\r\n"
    )
    path = write(tmp_path, "contacts.csv", prefix + text.encode(encoding))

    assert sniff_file(path).encoding == detected
    assert rows(path) == [
        (
            2,
            {
                "Record ID": "101",
                "First Name": "Zoë",
                "Last Name": "Müller-Lüdenscheidt",
                "Email": "zoe@example.com",
            },
        ),
        (
            3,
            {
                "Record ID": "102",
                "First Name": "\u201cAnn\u201d",
                "Last Name": "O\u2019Neil \u2013 Smith",
                "Email": "ann@example.com",
            },
        ),
    ]


def test_iso_8859_1_from_salesforce_reads_as_latin_text(tmp_path):
    path = write(
        tmp_path,
        "Account.csv",
        '"Id","Name","BillingCity"\n"0015g00000AbCdEAAV","Société Générale","Besançon"\n'.encode(
            "iso-8859-1"
        ),
    )
    assert rows(path) == [
        (2, {"Id": "0015g00000AbCdEAAV", "Name": "Société Générale", "BillingCity": "Besançon"})
    ]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiter_is_sniffed(tmp_path, delimiter):
    text = delimiter.join(["Record ID", "Name", "Amount"]) + "\n"
    text += delimiter.join(["1", '"Smith, Jones; and Co"', '"1.234,50"']) + "\n"
    path = write(tmp_path, "deals.csv", text.encode())

    assert sniff_file(path).delimiter == delimiter
    assert rows(path) == [
        (2, {"Record ID": "1", "Name": "Smith, Jones; and Co", "Amount": "1.234,50"})
    ]


def test_excel_sep_line_sets_the_delimiter_and_is_skipped(tmp_path):
    path = write(tmp_path, "x.csv", b"sep=;\r\nId;Name\r\n7;Ada\r\n")
    assert rows(path) == [(3, {"Id": "7", "Name": "Ada"})]


def test_line_numbers_are_where_records_start_across_quoted_newlines(tmp_path):
    text = (
        '"Ticket ID","Ticket name","Ticket description"\r\n'
        '"1","Broken","line one\r\nline two\r\nline three"\r\n'
        "\r\n"
        '"2","Late","one line"\r\n'
        '"3","Multi","a\nb"\r\n'
        '"4","Last",""'
    )
    path = write(tmp_path, "tickets.csv", text.encode())
    assert rows(path) == [
        (
            2,
            {
                "Ticket ID": "1",
                "Ticket name": "Broken",
                "Ticket description": "line one\r\nline two\r\nline three",
            },
        ),
        (6, {"Ticket ID": "2", "Ticket name": "Late", "Ticket description": "one line"}),
        (7, {"Ticket ID": "3", "Ticket name": "Multi", "Ticket description": "a\nb"}),
        (9, {"Ticket ID": "4", "Ticket name": "Last", "Ticket description": ""}),
    ]


def test_undecodable_bytes_are_a_row_problem_and_reading_goes_on(tmp_path):
    # UTF-8 file (detected from its first bytes) with one stray cp1252 byte further down.
    good = "Id,Name\n1,Zoë\n" + "".join(f"{n},Name {n}\n" for n in range(2, 30000))
    data = good.encode() + b"30000,Caf\xe9\n30001,Last\n"
    path = write(tmp_path, "big.csv", data)

    result = rows(path)

    assert sniff_file(path).encoding == "utf-8"
    assert len(result) == 30001
    problem = result[-2]
    assert problem == RowProblem(
        line=30001,
        column="Name",
        message="undecodable bytes 0xE9 in this value",
        row={"Id": "30000", "Name": "Caf\\xe9"},
    )
    assert result[-1] == (30002, {"Id": "30001", "Name": "Last"})


def test_short_rows_are_padded_and_long_rows_are_problems(tmp_path):
    path = write(tmp_path, "x.csv", b"A,B,C\n1,2\n1,2,3,,\n1,2,3,4\n")
    assert rows(path) == [
        (2, {"A": "1", "B": "2", "C": ""}),
        (3, {"A": "1", "B": "2", "C": "3"}),
        RowProblem(4, "", "4 values, the header has 3", {"A": "1", "B": "2", "C": "3"}),
    ]


def test_repeated_header_names_keep_every_column(tmp_path):
    path = write(tmp_path, "x.csv", b"\xef\xbb\xbf Email ,Phone,Email\n a@x.io,1,b@x.io\n")
    assert read_header(path) == ["Email", "Phone", "Email (2)"]
    assert rows(path) == [(2, {"Email": " a@x.io", "Phone": "1", "Email (2)": "b@x.io"})]


def test_json_lines(tmp_path):
    path = write(
        tmp_path,
        "interactions.jsonl",
        b'{"external_id": "e1", "amount": 12.5, "vip": true, "tags": ["a", "b"], "note": null}\n'
        b"\n"
        b"not json\n"
        b'{"external_id": "e2"}\n',
    )
    result = rows(path)
    assert result[0] == (
        1,
        {"external_id": "e1", "amount": "12.5", "vip": "true", "tags": "a;b", "note": ""},
    )
    assert isinstance(result[1], RowProblem)
    assert result[1].line == 3
    assert result[1].message.startswith("not valid JSON")
    assert result[2] == (4, {"external_id": "e2"})
    assert read_header(path) == ["external_id", "amount", "vip", "tags", "note"]


def test_blank_lines_before_the_header_are_skipped(tmp_path):
    path = write(tmp_path, "x.csv", b"\r\n\r\nId,Name\r\n1,Ada\r\n")
    assert rows(path) == [(4, {"Id": "1", "Name": "Ada"})]
