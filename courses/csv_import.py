"""Parse the CSV file HR admins upload to enrol managers in a cohort.

Pure parsing: no database, no models. The file as a whole either reads (``ParsedFile``,
valid rows and per-row errors, both in file order) or raises ``CsvFileError``; a later
service classifies the valid rows against the database.

Line numbers are the row numbers a spreadsheet shows: the header is line 1 in a normal
file, blank lines count, and a quoted cell spanning several physical lines is one line.
"""

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MAX_BYTES = 5 * 1024 * 1024  # 5 MB
MAX_ROWS = 10_000  # data rows, the header not counted
TEMPLATE_HEADER = ("email", "first_name", "last_name", "department", "manager_email", "language")
REQUIRED_COLUMNS = ("email", "first_name", "last_name")
LANGUAGES = ("en", "da")

MAX_EMAIL_LENGTH = 254
MAX_NAME_LENGTH = 150
MAX_DEPARTMENT_LENGTH = 120

# Header names after dropping case, spaces, underscores and hyphens, so "First name",
# "first_name" and "FIRST-NAME" are one name, as are "E-mail" and "email".
HEADER_ALIASES = {
    "email": "email",
    "mail": "email",
    "firstname": "first_name",
    "fornavn": "first_name",
    "lastname": "last_name",
    "efternavn": "last_name",
    "department": "department",
    "afdeling": "department",
    "manageremail": "manager_email",
    "lederemail": "manager_email",
    "ledersemail": "manager_email",
    "leder": "manager_email",
    "language": "language",
    "sprog": "language",
}
HEADER_SEPARATORS = re.compile(r"[\s_\-]+")


@dataclass(frozen=True)
class CsvRow:
    line: int
    email: str  # lower-cased
    first_name: str
    last_name: str
    department: str
    manager_email: str  # lower-cased, "" when not given
    language: str  # "en", "da" or "" (use the organisation's default)


@dataclass(frozen=True)
class RowError:
    line: int
    email: str  # stripped but otherwise as typed; may be empty or invalid
    message: str  # translated; every problem of the row, one sentence each


@dataclass(frozen=True)
class ParsedFile:
    rows: tuple[CsvRow, ...]
    errors: tuple[RowError, ...]

    @property
    def total(self) -> int:
        return len(self.rows) + len(self.errors)


class CsvFileError(Exception):
    """The file as a whole cannot be read; .message is for the HR admin (translated)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def parse_enrolment_csv(
    data: bytes, *, max_rows: int = MAX_ROWS, max_bytes: int = MAX_BYTES
) -> ParsedFile:
    """Parse an uploaded enrolment file.

    Raises CsvFileError when the file cannot be used at all (size, encoding, header,
    malformed quoting, no rows or too many). Otherwise every non-blank line after the
    header becomes either a CsvRow or a RowError.
    """
    text = _decode(data, max_bytes=max_bytes)
    delimiter = _detect_delimiter(text)
    records = _records(text, delimiter)
    columns, width = _read_header(_header(records))

    rows: list[CsvRow] = []
    errors: list[RowError] = []
    first_seen: dict[str, int] = {}
    for line, record in records:
        if len(rows) + len(errors) >= max_rows:
            raise CsvFileError(
                _(
                    "The file has more than %(limit)s people. "
                    "Split it into files of at most %(limit)s rows each."
                )
                % {"limit": max_rows}
            )
        row_or_error = _read_row(line, record, columns, width, delimiter, first_seen)
        if isinstance(row_or_error, CsvRow):
            rows.append(row_or_error)
        else:
            errors.append(row_or_error)
    if not rows and not errors:
        raise CsvFileError(_("The file has a header but no people in it."))
    return ParsedFile(rows=tuple(rows), errors=tuple(errors))


def template_csv() -> bytes:
    """The downloadable template: UTF-8 with a BOM (so Excel reads it as UTF-8), commas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(TEMPLATE_HEADER)
    writer.writerow(
        (
            "mette.kjaer@example.com",
            "Mette",
            "Kjær",
            "Kundeservice",
            "jonas.lund@example.com",
            "da",
        )
    )
    writer.writerow(("jonas.lund@example.com", "Jonas", "Lund", "Salg", "", ""))
    return buffer.getvalue().encode("utf-8-sig")


def _decode(data: bytes, *, max_bytes: int) -> str:
    if len(data) > max_bytes:
        raise CsvFileError(
            _("The file is larger than %(limit)s MB. Split it into smaller files.")
            % {"limit": f"{max_bytes / (1024 * 1024):g}"}
        )
    if not data.removeprefix(codecs.BOM_UTF8).strip():
        raise CsvFileError(_("The file is empty."))
    if b"\x00" in data:
        # UTF-16 ("Unicode text" in Excel) and spreadsheets saved as .xlsx both land here.
        raise CsvFileError(_("The file is not UTF-8 text. In Excel, save as 'CSV UTF-8'."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvFileError(
            _("The file is not UTF-8 text. In Excel, save as 'CSV UTF-8'.")
        ) from None


def _detect_delimiter(text: str) -> str:
    """Semicolons when the header line has more of them than commas (Danish Excel)."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    return ";" if header.count(";") > header.count(",") else ","


def _records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """The non-blank records with their spreadsheet line numbers.

    strict=True turns a stray or unclosed quote into an error instead of silently
    swallowing the rest of the file into one cell.
    """
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=delimiter, strict=True, skipinitialspace=True
    )
    line = 0
    while True:
        line += 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error:
            raise CsvFileError(
                _("Line %(line)s cannot be read. Check its quotation marks.") % {"line": line}
            ) from None
        # Lines of empty cells (";;;;" from Excel) are blank too.
        if any(cell.strip() for cell in record):
            yield line, record


def _header(records: Iterator[tuple[int, list[str]]]) -> list[str]:
    """The first non-blank record, taken off the iterator."""
    try:
        return next(records)[1]
    except StopIteration:
        raise CsvFileError(_("The file is empty.")) from None


def _read_header(header: list[str]) -> tuple[dict[str, int], int]:
    """Map each known column to its index; also return the number of named columns.

    Empty cells at the end of the header are not columns (spreadsheets export them).
    """
    names = [cell.strip() for cell in header]
    while names and not names[-1]:
        names.pop()
    allowed = ", ".join(TEMPLATE_HEADER)
    fields = [_field(name) for name in names]
    if not any(fields):
        raise CsvFileError(
            _("The first line must be the header with the column names: %(columns)s.")
            % {"columns": allowed}
        )
    for number, name in enumerate(names, start=1):
        if not name:
            raise CsvFileError(
                _("Column %(number)s has no name in the header.") % {"number": number}
            )
    known = {name: field for name, field in zip(names, fields, strict=True) if field}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise CsvFileError(
            ngettext(
                "Unknown column: %(columns)s. The columns can be: %(allowed)s.",
                "Unknown columns: %(columns)s. The columns can be: %(allowed)s.",
                len(unknown),
            )
            % {"columns": _quoted(unknown), "allowed": allowed}
        )
    columns: dict[str, int] = {}
    for index, name in enumerate(names):
        field = known[name]
        if field in columns:
            raise CsvFileError(
                _("The column %(column)s appears more than once in the header.")
                % {"column": _quoted([name])}
            )
        columns[field] = index
    missing = [field for field in REQUIRED_COLUMNS if field not in columns]
    if missing:
        raise CsvFileError(
            ngettext(
                "Missing the required column %(columns)s.",
                "Missing the required columns %(columns)s.",
                len(missing),
            )
            % {"columns": _quoted(missing)}
        )
    return columns, len(names)


def _field(name: str) -> str | None:
    return HEADER_ALIASES.get(HEADER_SEPARATORS.sub("", name.lower()))


def _quoted(names: list[str]) -> str:
    return ", ".join(f"“{name}”" for name in names)


def _read_row(
    line: int,
    record: list[str],
    columns: dict[str, int],
    width: int,
    delimiter: str,
    first_seen: dict[str, int],
) -> CsvRow | RowError:
    """One data line; ``first_seen`` maps valid emails to their first line and is updated."""

    def value(field: str) -> str:
        index = columns.get(field)
        return record[index].strip() if index is not None and index < len(record) else ""

    typed_email = value("email")
    email = typed_email.lower()
    first_name = value("first_name")
    last_name = value("last_name")
    department = value("department")
    manager_email = value("manager_email").lower()
    language = value("language").lower()

    problems: list[str] = []
    # Empty cells past the header are invisible in a spreadsheet, so only values count.
    if any(cell.strip() for cell in record[width:]):
        problems.append(
            _(
                "This line has more values than the header has columns. "
                "Put a value containing %(delimiter)s in quotation marks."
            )
            % {"delimiter": delimiter}
        )
    if not email:
        problems.append(_("Missing the email address."))
    elif len(email) > MAX_EMAIL_LENGTH:
        problems.append(
            _("The email address is longer than %(limit)s characters.")
            % {"limit": MAX_EMAIL_LENGTH}
        )
    elif not _is_valid_email(email):
        problems.append(_("Not a valid email address."))
    elif email in first_seen:
        problems.append(
            _("This email appears earlier in the file, on line %(line)s.")
            % {"line": first_seen[email]}
        )
    else:
        first_seen[email] = line

    if not first_name:
        problems.append(_("Missing the first name."))
    elif len(first_name) > MAX_NAME_LENGTH:
        problems.append(
            _("The first name is longer than %(limit)s characters.") % {"limit": MAX_NAME_LENGTH}
        )
    if not last_name:
        problems.append(_("Missing the last name."))
    elif len(last_name) > MAX_NAME_LENGTH:
        problems.append(
            _("The last name is longer than %(limit)s characters.") % {"limit": MAX_NAME_LENGTH}
        )
    if len(department) > MAX_DEPARTMENT_LENGTH:
        problems.append(
            _("The department is longer than %(limit)s characters.")
            % {"limit": MAX_DEPARTMENT_LENGTH}
        )

    if manager_email:
        if len(manager_email) > MAX_EMAIL_LENGTH:
            problems.append(
                _("The manager's email address is longer than %(limit)s characters.")
                % {"limit": MAX_EMAIL_LENGTH}
            )
        elif not _is_valid_email(manager_email):
            problems.append(_("The manager's email is not a valid email address."))
        elif manager_email == email:
            problems.append(_("The manager's email is the person's own email address."))

    if language and language not in LANGUAGES:
        problems.append(_("The language must be en or da, or left empty."))

    if problems:
        return RowError(line=line, email=typed_email, message=" ".join(problems))
    return CsvRow(
        line=line,
        email=email,
        first_name=first_name,
        last_name=last_name,
        department=department,
        manager_email=manager_email,
        language=language,
    )


def _is_valid_email(email: str) -> bool:
    try:
        validate_email(email)
    except ValidationError:
        return False
    return True
