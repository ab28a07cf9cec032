"""Rows to a streamed CSV or XLSX download, for the HR reports.

Two promises hold for both formats:

- No cell is ever evaluated by a spreadsheet: strings that a spreadsheet would read as a
  formula get a leading apostrophe (CSV and XLSX alike, so a sheet that is saved again as
  CSV stays safe), and the XLSX writes every string as a string, never as a formula.
- Memory does not grow with the number of rows: rows are consumed as they come and
  written out in chunks of about ``CHUNK_SIZE``; the XLSX is built on disk.

Callers pass lazy rows (a generator over ``QuerySet.iterator()``) to keep that promise.
"""

import contextlib
import csv
import datetime
import io
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from urllib.parse import quote

from django.http import StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import Cell as OpenpyxlCell
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

Cell = str | int | float | Decimal | datetime.date | datetime.datetime | None

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

CHUNK_SIZE = 64 * 1024

# Excel, LibreOffice and Google Sheets start a formula (or a DDE call) with these.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_SHEET_TITLE_MAX = 31
_UNSAFE_FILENAME_CHARS = re.compile(r"[^A-Za-z0-9._-]+")


def neutralise(value: Cell) -> Cell:
    """Strings starting with =, +, -, @, a tab or a carriage return get a leading
    apostrophe (') so no spreadsheet evaluates them; other values unchanged.
    Numbers are never changed (a negative number stays a number)."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def csv_stream(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> Iterator[bytes]:
    """UTF-8 with a BOM (so Excel shows æøå), comma-separated, CRLF line ends, every
    string cell neutralised; yields chunks of roughly 64 KB (not one chunk per row,
    not the whole file at once). Dates as ISO 8601, None as empty."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_csv_text(name) for name in header])
    for row in rows:
        writer.writerow([_csv_text(value) for value in row])
        if buffer.tell() >= CHUNK_SIZE:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode()


def xlsx_stream(
    header: Sequence[str], rows: Iterable[Sequence[Cell]], *, sheet_title: str
) -> Iterator[bytes]:
    """An .xlsx built with openpyxl's write-only workbook (rows are written as they come,
    not kept in memory), saved to a temporary file (tempfile.TemporaryFile) and yielded
    in 64 KB chunks; the temporary file is closed when the generator finishes or is
    closed. String cells are neutralised AND written as data type string (never a
    formula); the header row bold; sheet_title trimmed to Excel's 31-character limit
    with characters Excel forbids ([]:*?/\\) removed.

    An .xlsx is a zip whose directory comes last, so the first chunk is only ready once
    every row has been written. Characters XML cannot hold (control characters other
    than tab, line feed and carriage return) are dropped from strings. Aware datetimes
    are written in the current time zone without an offset: Excel has no time zones.
    """
    workbook = Workbook(write_only=True)
    sheet: WriteOnlyWorksheet = workbook.create_sheet(title=_sheet_title(sheet_title))
    bold = Font(bold=True)
    with tempfile.TemporaryFile() as archive:
        try:
            sheet.append([_xlsx_header_cell(sheet, name, bold) for name in header])
            for row in rows:
                sheet.append([_xlsx_value(sheet, value) for value in row])
            workbook.save(archive)
        except BaseException:
            _discard_sheet_file(sheet)
            raise
        archive.seek(0)
        while chunk := archive.read(CHUNK_SIZE):
            yield chunk


def streaming_response(
    chunks: Iterator[bytes], *, filename: str, content_type: str
) -> StreamingHttpResponse:
    """A Django StreamingHttpResponse with Content-Disposition attachment (filename made
    safe: only letters, digits, dot, dash and underscore; RFC 6266 filename*= for the
    original if it has other characters), Cache-Control: private, no-store, and
    X-Content-Type-Options: nosniff."""
    response = StreamingHttpResponse(chunks, content_type=content_type)
    safe = _safe_filename(filename)
    disposition = f'attachment; filename="{safe}"'
    if safe != filename:
        # quote() percent-encodes everything but letters, digits and _.-~, so no quote,
        # semicolon or line break of the original reaches the header.
        disposition += f"; filename*=UTF-8''{quote(filename, safe='')}"
    response["Content-Disposition"] = disposition
    # HR reports hold personal data: no shared cache and no browser cache keeps a copy.
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _csv_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return str(neutralise(value))
    if isinstance(value, datetime.date):  # datetime.datetime included
        return value.isoformat()
    if isinstance(value, Decimal):
        # Positional notation: str(Decimal("1E-8")) would give "1E-8".
        return format(value, "f")
    return repr(value) if isinstance(value, float) else str(value)


def _xlsx_header_cell(sheet: WriteOnlyWorksheet, name: str, font: Font) -> OpenpyxlCell:
    cell = _xlsx_string_cell(sheet, name)
    cell.font = font
    return cell


def _xlsx_value(sheet: WriteOnlyWorksheet, value: Cell) -> Cell | OpenpyxlCell:
    if isinstance(value, str):
        return _xlsx_string_cell(sheet, value)
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.make_naive(value)
    return value


def _xlsx_string_cell(sheet: WriteOnlyWorksheet, text: str) -> OpenpyxlCell:
    # Drop the characters first: "\x01=1+1" must not turn into a formula afterwards.
    cell = WriteOnlyCell(sheet, value=str(neutralise(ILLEGAL_CHARACTERS_RE.sub("", text))))
    # neutralise() already keeps "=" off the front; the explicit type makes openpyxl
    # write an inline string whatever the text looks like.
    cell.data_type = "s"
    return cell


def _discard_sheet_file(sheet: WriteOnlyWorksheet) -> None:
    """openpyxl keeps the rows of a write-only sheet in a named temporary file that only
    a successful save() removes (otherwise it stays until the process exits). When the
    export fails half-way, for instance because the rows' query failed, remove it here.
    Best effort: the export's own exception is the one worth raising."""
    writer = getattr(sheet, "_writer", None)
    if writer is None:
        return
    with contextlib.suppress(Exception):
        if not sheet.closed:
            sheet.close()
    with contextlib.suppress(OSError, ValueError):
        writer.cleanup()


def _sheet_title(title: str) -> str:
    """Excel refuses [ ] : * ? / \\ in a sheet title, more than 31 characters, and an
    apostrophe at either end."""
    cleaned = _SHEET_TITLE_FORBIDDEN.sub("", title).strip(" '")
    return cleaned[:_SHEET_TITLE_MAX].strip(" '") or "Sheet1"


def _safe_filename(filename: str) -> str:
    """ASCII letters, digits, dot, dash and underscore only: accents are dropped from
    letters that have them (å -> a), every other run of characters becomes one "_"."""
    decomposed = unicodedata.normalize("NFKD", filename)
    unaccented = "".join(char for char in decomposed if not unicodedata.combining(char))
    safe = _UNSAFE_FILENAME_CHARS.sub("_", unaccented).strip("._")
    return safe or "download"
