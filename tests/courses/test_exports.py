"""Spreadsheet downloads: formula injection, the CSV and XLSX formats, chunking, memory that
stays flat as rows grow, and the response headers. No database needed."""

import csv
import datetime
import io
import logging
import re
import tempfile
import tracemalloc
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import IO, Any
from urllib.parse import unquote

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from courses.exports import (
    CHUNK_SIZE,
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    Cell,
    csv_stream,
    neutralise,
    streaming_response,
    xlsx_stream,
)

logger = logging.getLogger(__name__)

HEADER = ["Navn", "E-mail", "Kursus", "Gennemført", "Score", "Forsøg", "Note"]
HYPERLINK = '=HYPERLINK("http://evil","x")'
ROWS: list[list[Cell]] = [
    ["Søren Ærø", "soren@example.dk", "Kundeledelse", datetime.date(2026, 11, 26),
     Decimal("87.50"), 2, None],
    [HYPERLINK, "@SUM(1)", "-2+3", datetime.date(2026, 1, 5), -1.25, -3, "+45 12 34 56 78"],
    ["Åse Øster", "ase@example.dk", "Kursus, med komma", None, 0, 1, 'Sagde "ja"'],
]  # fmt: skip


def lazy_rows(count: int) -> Iterator[list[Cell]]:
    """Rows made one at a time, so the test itself never holds them all."""
    for number in range(count):
        yield [
            f"Deltager {number} Ærøskøbing",
            f"deltager{number}@example.dk",
            "Kundeorienteret ledelse",
            datetime.date(2026, 1, 1) + datetime.timedelta(days=number % 365),
            Decimal(number % 100) / 4,
            number,
            "=1+1" if number % 10 == 0 else None,
        ]


def traced_peak(stream: Iterator[bytes]) -> int:
    """The peak of traced memory while the stream is consumed; each chunk is dropped once
    counted, as a WSGI server does after sending it."""
    tracemalloc.start()
    try:
        size = sum(len(chunk) for chunk in stream)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert size > 0
    return peak


def as_read_from_excel(day: datetime.date, hour: int = 0, minute: int = 0) -> datetime.datetime:
    """openpyxl reads a date cell back as a naive datetime: Excel has no time zones."""
    return datetime.datetime.combine(day, datetime.time(hour, minute))


def read_xlsx(chunks: Iterator[bytes]) -> Worksheet:
    workbook = load_workbook(io.BytesIO(b"".join(chunks)))
    sheet = workbook.worksheets[0]
    assert isinstance(sheet, Worksheet)
    return sheet


# neutralise


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(1)", "\t=1+1", "\r=1+1", HYPERLINK])
def test_a_string_a_spreadsheet_would_evaluate_gets_a_leading_apostrophe(text: str) -> None:
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["", "Søren", "1+1", "a=b", "kursus@firma.dk", "'allerede", " =1"])
def test_a_safe_string_is_unchanged(text: str) -> None:
    assert neutralise(text) == text


@pytest.mark.parametrize(
    "value",
    [
        0,
        42,
        -3,
        -1.25,
        Decimal("-2.50"),
        None,
        datetime.date(2026, 11, 26),
        datetime.datetime(2026, 11, 26, 9, 0, tzinfo=datetime.UTC),
    ],
)
def test_numbers_none_and_dates_are_unchanged(value: Cell) -> None:
    assert neutralise(value) is value


# CSV


def test_the_csv_starts_with_a_bom_and_ends_lines_with_crlf() -> None:
    data = b"".join(csv_stream(HEADER, ROWS))

    assert data.startswith(b"\xef\xbb\xbf")
    assert data.endswith(b"\r\n")
    assert data.count(b"\r\n") == 1 + len(ROWS)
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_the_csv_parses_back_to_the_neutralised_cells() -> None:
    text = b"".join(csv_stream(HEADER, ROWS)).decode("utf-8-sig")

    assert list(csv.reader(io.StringIO(text, newline=""))) == [
        HEADER,
        ["Søren Ærø", "soren@example.dk", "Kundeledelse", "2026-11-26", "87.50", "2", ""],
        ["'" + HYPERLINK, "'@SUM(1)", "'-2+3", "2026-01-05", "-1.25", "-3", "'+45 12 34 56 78"],
        ["Åse Øster", "ase@example.dk", "Kursus, med komma", "", "0", "1", 'Sagde "ja"'],
    ]


def test_the_csv_writes_datetimes_in_iso_8601_and_decimals_without_exponent() -> None:
    when = datetime.datetime(2026, 11, 26, 9, 30, tzinfo=datetime.UTC)

    text = b"".join(csv_stream(["a", "b"], [[when, Decimal("1E-8")]])).decode("utf-8-sig")

    assert text.splitlines()[1] == "2026-11-26T09:30:00+00:00,0.00000001"


def test_a_large_csv_comes_in_chunks_of_about_64_kb() -> None:
    chunks = list(csv_stream(HEADER, lazy_rows(20_000)))

    assert len(chunks) > 5
    assert all(len(chunk) >= CHUNK_SIZE for chunk in chunks[:-1])
    assert max(len(chunk) for chunk in chunks) <= 128 * 1024


def test_the_csv_yields_before_it_has_read_every_row() -> None:
    taken = 0

    def counted_rows() -> Iterator[list[Cell]]:
        nonlocal taken
        for row in lazy_rows(20_000):
            taken += 1
            yield row

    next(csv_stream(HEADER, counted_rows()))

    assert 0 < taken < 20_000


def test_csv_memory_does_not_grow_with_the_rows() -> None:
    traced_peak(csv_stream(HEADER, lazy_rows(100)))  # imports and caches out of the way

    small = traced_peak(csv_stream(HEADER, lazy_rows(5_000)))
    large = traced_peak(csv_stream(HEADER, lazy_rows(50_000)))

    logger.info("CSV traced peak: 5,000 rows %d B, 50,000 rows %d B", small, large)
    assert large <= 2 * small, (small, large)


# XLSX


def test_the_xlsx_reads_back_with_a_bold_header_and_the_same_values() -> None:
    sheet = read_xlsx(xlsx_stream(HEADER, ROWS, sheet_title="Rapport"))

    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    nov_26 = as_read_from_excel(datetime.date(2026, 11, 26))
    jan_5 = as_read_from_excel(datetime.date(2026, 1, 5))
    assert rows == [
        HEADER,
        ["Søren Ærø", "soren@example.dk", "Kundeledelse", nov_26, 87.5, 2, None],
        ["'" + HYPERLINK, "'@SUM(1)", "'-2+3", jan_5, -1.25, -3, "'+45 12 34 56 78"],
        ["Åse Øster", "ase@example.dk", "Kursus, med komma", None, 0, 1, 'Sagde "ja"'],
    ]
    assert all(cell.font.bold for cell in sheet[1])
    assert not any(cell.font.bold for cell in sheet[2])
    assert sheet["D2"].is_date


def test_a_formula_payload_is_a_string_cell_in_the_xlsx() -> None:
    sheet = read_xlsx(xlsx_stream(["a", "b"], [[HYPERLINK, "=1+1"]], sheet_title="x"))

    for cell in sheet[2]:
        assert isinstance(cell.value, str)
        assert cell.value.startswith("'")
        assert cell.data_type == "s"


def test_the_sheet_title_is_cut_to_31_characters_without_the_ones_excel_forbids() -> None:
    title = "Gennemførelse [Q4]: Kunde/Ledelse*? \\ Aarhus og København"

    sheet = read_xlsx(xlsx_stream(["a"], [], sheet_title=title))

    # 31 characters end in the two spaces where "*? \\ " was; the ends are trimmed.
    assert sheet.title == "Gennemførelse Q4 KundeLedelse"


def test_a_sheet_title_of_only_forbidden_characters_falls_back_to_a_default() -> None:
    sheet = read_xlsx(xlsx_stream(["a"], [], sheet_title="[]:*?/\\"))

    assert sheet.title == "Sheet1"


def test_an_aware_datetime_is_written_in_the_current_time_zone() -> None:
    when = datetime.datetime(2026, 11, 26, 9, 30, tzinfo=datetime.UTC)

    with timezone.override("Europe/Copenhagen"):
        sheet = read_xlsx(xlsx_stream(["Tidspunkt"], [[when]], sheet_title="x"))

    assert sheet["A2"].value == as_read_from_excel(datetime.date(2026, 11, 26), 10, 30)


def test_control_characters_xml_cannot_hold_are_dropped_before_neutralising() -> None:
    sheet = read_xlsx(xlsx_stream(["a"], [["\x01=1+1\x0b"]], sheet_title="x"))

    assert sheet["A2"].value == "'=1+1"


class _RecordedTemporaryFiles:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.files: list[IO[bytes]] = []
        self._original = tempfile.TemporaryFile
        monkeypatch.setattr(tempfile, "TemporaryFile", self)

    def __call__(self, *args: Any, **kwargs: Any) -> IO[bytes]:
        file = self._original(*args, **kwargs)
        self.files.append(file)
        return file


def test_the_xlsx_temporary_file_is_closed_when_the_stream_is_consumed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    recorded = _RecordedTemporaryFiles(monkeypatch)

    chunks = list(xlsx_stream(HEADER, lazy_rows(3_000), sheet_title="x"))

    assert len(chunks) > 1
    assert all(len(chunk) <= CHUNK_SIZE for chunk in chunks)
    assert [file.closed for file in recorded.files] == [True]


def test_the_xlsx_temporary_file_is_closed_when_the_stream_is_closed_early(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    recorded = _RecordedTemporaryFiles(monkeypatch)
    stream = xlsx_stream(HEADER, lazy_rows(3_000), sheet_title="x")

    next(stream)
    assert [file.closed for file in recorded.files] == [False]
    stream.close()  # as Django does when the client goes away

    assert [file.closed for file in recorded.files] == [True]


def test_a_failing_row_source_leaves_no_temporary_file_behind(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    def failing_rows() -> Iterator[list[Cell]]:
        yield from lazy_rows(10)
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError, match="database went away"):
        list(xlsx_stream(HEADER, failing_rows(), sheet_title="x"))

    assert list(tmp_path.iterdir()) == []


def test_xlsx_memory_does_not_grow_with_the_rows() -> None:
    traced_peak(xlsx_stream(HEADER, lazy_rows(100), sheet_title="x"))

    small = traced_peak(xlsx_stream(HEADER, lazy_rows(2_000), sheet_title="x"))
    large = traced_peak(xlsx_stream(HEADER, lazy_rows(20_000), sheet_title="x"))

    logger.info("XLSX traced peak: 2,000 rows %d B, 20,000 rows %d B", small, large)
    assert large < 3 * small + 2 * 1024 * 1024, (small, large)


# The response


def test_the_response_streams_the_chunks_as_an_uncached_attachment() -> None:
    response = streaming_response(
        csv_stream(HEADER, ROWS), filename="rapport-2026_11.csv", content_type=CSV_CONTENT_TYPE
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="rapport-2026_11.csv"'
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"".join(csv_stream(HEADER, ROWS))


def test_an_xlsx_response_carries_the_workbook() -> None:
    response = streaming_response(
        xlsx_stream(HEADER, ROWS, sheet_title="Rapport"),
        filename="rapport.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )

    data = b"".join(response.streaming_content)

    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert data.startswith(b"PK")
    assert read_xlsx(iter([data]))["A2"].value == "Søren Ærø"


@pytest.mark.parametrize(
    ("filename", "safe"),
    [
        ('Kursus rapport "Ærø" 2026.csv', "Kursus_rapport_r_2026.csv"),
        ("Årsrapport.xlsx", "Arsrapport.xlsx"),
        ("a\r\nSet-Cookie: x=1;.csv", "a_Set-Cookie_x_1_.csv"),
        ("../../etc/passwd", "etc_passwd"),
        ("ææ", "download"),
    ],
)
def test_an_unsafe_filename_gets_an_ascii_name_and_the_original_as_filename_star(
    filename: str, safe: str
) -> None:
    response = streaming_response(iter([b""]), filename=filename, content_type=CSV_CONTENT_TYPE)

    disposition = response["Content-Disposition"]
    plain, star = disposition.split("; filename*=UTF-8''")
    assert plain == f'attachment; filename="{safe}"'
    assert re.fullmatch(r"[A-Za-z0-9._-]+", safe)
    assert re.fullmatch(r"[A-Za-z0-9._~%-]+", star)
    assert unquote(star) == filename
