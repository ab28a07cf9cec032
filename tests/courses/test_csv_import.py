"""The enrolment CSV an HR admin uploads: what reads, what is refused, and what they are told."""

import codecs
import time

import pytest

from courses.csv_import import (
    MAX_BYTES,
    MAX_ROWS,
    TEMPLATE_HEADER,
    CsvFileError,
    CsvRow,
    ParsedFile,
    RowError,
    parse_enrolment_csv,
    template_csv,
)

HEADER = "email,first_name,last_name,department,manager_email,language"


def parse(text: str) -> ParsedFile:
    return parse_enrolment_csv(text.encode())


def file_error(data: bytes, **limits: int) -> str:
    with pytest.raises(CsvFileError) as excinfo:
        parse_enrolment_csv(data, **limits)
    return excinfo.value.message


def only_error(text: str) -> RowError:
    parsed = parse(text)
    assert parsed.rows == ()
    assert len(parsed.errors) == 1
    return parsed.errors[0]


def people(count: int) -> bytes:
    body = "".join(f"person{n}@example.com,Anna,Berg\n" for n in range(count))
    return f"email,first_name,last_name\n{body}".encode()


class TestReadableFiles:
    def test_comma_separated_file_with_every_column(self) -> None:
        parsed = parse(
            f"{HEADER}\n"
            "Mette.Kjaer@Example.com , Mette , Kjær , Kundeservice , Boss@Example.com , DA\n"
            "jonas.lund@example.com,Jonas,Lund,,,en\n"
        )

        assert parsed.errors == ()
        assert parsed.rows == (
            CsvRow(
                line=2,
                email="mette.kjaer@example.com",
                first_name="Mette",
                last_name="Kjær",
                department="Kundeservice",
                manager_email="boss@example.com",
                language="da",
            ),
            CsvRow(
                line=3,
                email="jonas.lund@example.com",
                first_name="Jonas",
                last_name="Lund",
                department="",
                manager_email="",
                language="en",
            ),
        )
        assert parsed.total == 2

    def test_semicolon_file_from_danish_excel_with_bom_and_danish_headers(self) -> None:
        data = (
            codecs.BOM_UTF8
            + (
                "E-mail;Fornavn;Efternavn;Afdeling;Leders e-mail;Sprog\r\n"
                "Soes@Example.com;Søs;Ågård;Salg, Nord;leder@example.com;da\r\n"
            ).encode()
        )

        (row,) = parse_enrolment_csv(data).rows

        assert row == CsvRow(
            line=2,
            email="soes@example.com",
            first_name="Søs",
            last_name="Ågård",
            department="Salg, Nord",
            manager_email="leder@example.com",
            language="da",
        )

    @pytest.mark.parametrize(
        "header",
        [
            "email,first_name,last_name",
            "Email,First name,Last name",
            "EMAIL,FIRST-NAME,LAST-NAME",
            "e-mail,fornavn,efternavn",
            "Mail,Fornavn,Efternavn",
            "E-mail ; Fornavn ; Efternavn",
        ],
    )
    def test_header_names_in_any_spelling(self, header: str) -> None:
        delimiter = ";" if ";" in header else ","
        parsed = parse(f"{header}\nanna@example.com{delimiter}Anna{delimiter}Berg\n")

        assert [row.email for row in parsed.rows] == ["anna@example.com"]

    @pytest.mark.parametrize(
        "manager_header", ["manager_email", "Leders e-mail", "leder e-mail", "Leder"]
    )
    def test_manager_column_in_english_or_danish(self, manager_header: str) -> None:
        parsed = parse(
            f"email,first_name,last_name,{manager_header}\na@example.com,A,B,m@example.com\n"
        )

        assert parsed.rows[0].manager_email == "m@example.com"

    def test_optional_columns_may_be_left_out_and_columns_come_in_any_order(self) -> None:
        (row,) = parse("last_name,email,first_name\nBerg,anna@example.com,Anna\n").rows

        assert (row.email, row.first_name, row.last_name) == ("anna@example.com", "Anna", "Berg")
        assert (row.department, row.manager_email, row.language) == ("", "", "")

    def test_file_without_bom(self) -> None:
        assert parse_enrolment_csv(b"email,first_name,last_name\na@example.com,A,B\n").total == 1

    def test_windows_line_endings_and_blank_lines_are_counted_like_a_spreadsheet(self) -> None:
        parsed = parse(
            "email,first_name,last_name\r\na@example.com,A,B\r\n\r\n,,\r\nc@example.com,C,D\r\n"
        )

        assert [(row.line, row.email) for row in parsed.rows] == [
            (2, "a@example.com"),
            (5, "c@example.com"),
        ]
        assert parsed.errors == ()

    def test_quoted_fields_may_contain_the_delimiter_quotes_and_line_breaks(self) -> None:
        parsed = parse(
            "email,first_name,last_name,department\n"
            'a@example.com,"Anna ""Bee""",Berg,"Sales, North"\n'
            'b@example.com,Bo,"Lind\nHansen",Support\n'
            "c@example.com,Carl,Cole,IT\n"
        )

        assert [row.first_name for row in parsed.rows] == ['Anna "Bee"', "Bo", "Carl"]
        assert parsed.rows[0].department == "Sales, North"
        assert parsed.rows[1].last_name == "Lind\nHansen"
        # A cell spanning two physical lines is still one spreadsheet row.
        assert [row.line for row in parsed.rows] == [2, 3, 4]

    @pytest.mark.parametrize(
        "name", ["-Anna", '=HYPERLINK("http://evil")', "+45 Anna", "@Anna", "<b>Anna</b>"]
    )
    def test_formula_looking_and_html_names_are_kept_as_text(self, name: str) -> None:
        quoted = '"' + name.replace('"', '""') + '"'
        parsed = parse(f"email,first_name,last_name\na@example.com,{quoted},{quoted}\n")

        assert parsed.errors == ()
        assert (parsed.rows[0].first_name, parsed.rows[0].last_name) == (name, name)

    def test_cells_starting_with_tab_are_kept_and_stripped(self) -> None:
        (row,) = parse('email,first_name,last_name\na@example.com,"\t=1+1",Berg\n').rows

        assert row.first_name == "=1+1"

    def test_empty_header_cells_after_the_last_column_are_ignored(self) -> None:
        parsed = parse("email;first_name;last_name;;\na@example.com;A;B;;\n")

        assert parsed.errors == ()
        assert parsed.total == 1

    def test_valid_and_invalid_rows_are_kept_in_file_order(self) -> None:
        parsed = parse(
            "email,first_name,last_name\na@example.com,A,B\nbroken,C,D\ne@example.com,E,F\n,G,H\n"
        )

        assert [row.line for row in parsed.rows] == [2, 4]
        assert [(error.line, error.email) for error in parsed.errors] == [(3, "broken"), (5, "")]
        assert parsed.total == 4


class TestTemplate:
    def test_template_is_utf8_with_bom_comma_separated_with_the_template_header(self) -> None:
        data = template_csv()

        assert data.startswith(codecs.BOM_UTF8)
        lines = data.decode("utf-8-sig").splitlines()
        assert lines[0] == ",".join(TEMPLATE_HEADER)
        assert len(lines) == 3

    def test_template_parses_cleanly_to_its_two_example_rows(self) -> None:
        parsed = parse_enrolment_csv(template_csv())

        assert parsed.errors == ()
        assert [row.line for row in parsed.rows] == [2, 3]
        assert all(row.email.endswith("@example.com") for row in parsed.rows)
        assert all(row.first_name and row.last_name for row in parsed.rows)


class TestFileErrors:
    @pytest.mark.parametrize(
        ("data", "expected"),
        [
            (b"", "The file is empty."),
            (b"  \r\n\n\t ", "The file is empty."),
            (codecs.BOM_UTF8, "The file is empty."),
            (codecs.BOM_UTF8 + b"\r\n", "The file is empty."),
            (b";;;\n;;;\n", "The file is empty."),
            (
                b"PK\x03\x04\x00\x00binary spreadsheet",
                "The file is not UTF-8 text. In Excel, save as 'CSV UTF-8'.",
            ),
            (
                "email,first_name,last_name\n".encode("utf-16"),
                "The file is not UTF-8 text. In Excel, save as 'CSV UTF-8'.",
            ),
            (
                "email,first_name,last_name\nsøs@example.com,Søs,Ågård\n".encode("cp1252"),
                "The file is not UTF-8 text. In Excel, save as 'CSV UTF-8'.",
            ),
            (
                b"anna@example.com,Anna,Berg\n",
                "The first line must be the header with the column names: "
                "email, first_name, last_name, department, manager_email, language.",
            ),
            (
                b"email,first_name\na@example.com,A\n",
                "Missing the required column \u201clast_name\u201d.",
            ),
            (
                b"email,department\na@example.com,Sales\n",
                "Missing the required columns \u201cfirst_name\u201d, \u201clast_name\u201d.",
            ),
            (
                b"email,first_name,last_name,Phone,Title\na@example.com,A,B,1,2\n",
                "Unknown columns: \u201cPhone\u201d, \u201cTitle\u201d. The columns can be: "
                "email, first_name, last_name, department, manager_email, language.",
            ),
            (
                b"email,first_name,,last_name\na@example.com,A,,B\n",
                "Column 3 has no name in the header.",
            ),
            (
                b"email,first_name,last_name,E-mail\na@example.com,A,B,a@example.com\n",
                "The column \u201cE-mail\u201d appears more than once in the header.",
            ),
            (
                b"Fornavn,first name,last_name,email\nA,A,B,a@example.com\n",
                "The column \u201cfirst name\u201d appears more than once in the header.",
            ),
            (b"email,first_name,last_name\n", "The file has a header but no people in it."),
            (
                b"email,first_name,last_name\r\n\r\n,,\r\n",
                "The file has a header but no people in it.",
            ),
            (
                b'email,first_name,last_name\na@example.com,A,B\nb@example.com,"B,C\n',
                "Line 3 cannot be read. Check its quotation marks.",
            ),
            (
                b'email,first_name,last_name\na@example.com,"A"x,B\n',
                "Line 2 cannot be read. Check its quotation marks.",
            ),
        ],
        ids=[
            "zero bytes",
            "only whitespace",
            "only a BOM",
            "BOM and a blank line",
            "only empty cells",
            "binary",
            "UTF-16",
            "Windows-1252",
            "no header",
            "one required column missing",
            "two required columns missing",
            "unknown columns",
            "column without a name",
            "column named twice",
            "column named twice in two languages",
            "no data rows",
            "only blank data rows",
            "unclosed quote",
            "text after a closing quote",
        ],
    )
    def test_file_is_refused_with_a_message(self, data: bytes, expected: str) -> None:
        assert file_error(data) == expected

    def test_file_larger_than_the_limit_is_refused_naming_the_limit_in_mb(self) -> None:
        data = people(1) + b" " * (MAX_BYTES + 1)

        assert file_error(data) == "The file is larger than 5 MB. Split it into smaller files."

    def test_file_of_exactly_the_size_limit_is_read(self) -> None:
        data = people(3)

        assert parse_enrolment_csv(data, max_bytes=len(data)).total == 3
        assert "larger than" in file_error(data, max_bytes=len(data) - 1)

    def test_exactly_max_rows_are_accepted_in_well_under_a_second(self) -> None:
        assert MAX_ROWS == 10_000
        data = people(MAX_ROWS)

        started = time.perf_counter()
        parsed = parse_enrolment_csv(data)
        elapsed = time.perf_counter() - started

        assert len(parsed.rows) == 10_000
        assert parsed.errors == ()
        assert parsed.rows[-1].line == 10_001
        assert elapsed < 1

    def test_one_row_more_than_max_rows_is_refused_naming_the_limit(self) -> None:
        assert file_error(people(MAX_ROWS + 1)) == (
            "The file has more than 10000 people. Split it into files of at most 10000 rows each."
        )

    def test_blank_lines_do_not_count_towards_the_row_limit(self) -> None:
        data = b"email,first_name,last_name\n\n\na@example.com,A,B\n\nb@example.com,B,C\n"

        assert parse_enrolment_csv(data, max_rows=2).total == 2
        assert "more than 1 people" in file_error(data, max_rows=1)

    def test_invalid_rows_count_towards_the_row_limit(self) -> None:
        data = b"email,first_name,last_name\nbad,A,B\nworse,C,D\n"

        assert "more than 1 people" in file_error(data, max_rows=1)


class TestRowErrors:
    @pytest.mark.parametrize(
        ("line", "email", "expected"),
        [
            (",Anna,Berg", "", "Missing the email address."),
            ("  ,Anna,Berg", "", "Missing the email address."),
            ("anna@@example.com,Anna,Berg", "anna@@example.com", "Not a valid email address."),
            ("Anna Berg,Anna,Berg", "Anna Berg", "Not a valid email address."),
            ("anna@example,Anna,Berg", "anna@example", "Not a valid email address."),
            (
                f"{'a' * 243}@example.com,Anna,Berg",
                f"{'a' * 243}@example.com",
                "The email address is longer than 254 characters.",
            ),
            ("anna@example.com,,Berg", "anna@example.com", "Missing the first name."),
            ("anna@example.com,Anna,  ", "anna@example.com", "Missing the last name."),
            (
                f"anna@example.com,{'A' * 151},Berg",
                "anna@example.com",
                "The first name is longer than 150 characters.",
            ),
            (
                f"anna@example.com,Anna,{'B' * 151}",
                "anna@example.com",
                "The last name is longer than 150 characters.",
            ),
            (
                f"anna@example.com,Anna,Berg,{'D' * 121}",
                "anna@example.com",
                "The department is longer than 120 characters.",
            ),
            (
                "anna@example.com,Anna,Berg,,boss@,",
                "anna@example.com",
                "The manager's email is not a valid email address.",
            ),
            (
                f"anna@example.com,Anna,Berg,,{'b' * 243}@example.com,",
                "anna@example.com",
                "The manager's email address is longer than 254 characters.",
            ),
            (
                "Anna@Example.com,Anna,Berg,,anna@example.COM,",
                "Anna@Example.com",
                "The manager's email is the person's own email address.",
            ),
            (
                "anna@example.com,Anna,Berg,,,dansk",
                "anna@example.com",
                "The language must be en or da, or left empty.",
            ),
            (
                "anna@example.com,Anna,Berg,,,de",
                "anna@example.com",
                "The language must be en or da, or left empty.",
            ),
            (
                "anna@example.com,Anna,Berg,Sales,,en,extra",
                "anna@example.com",
                "This line has more values than the header has columns. "
                "Put a value containing , in quotation marks.",
            ),
        ],
        ids=[
            "missing email",
            "blank email",
            "double at",
            "a name instead of an email",
            "no top-level domain",
            "email too long",
            "missing first name",
            "blank last name",
            "first name too long",
            "last name too long",
            "department too long",
            "manager email invalid",
            "manager email too long",
            "manager is the person",
            "language spelt out",
            "unsupported language",
            "more cells than the header",
        ],
    )
    def test_row_is_refused_with_a_message(self, line: str, email: str, expected: str) -> None:
        error = only_error(f"{HEADER}\n{line}\n")

        assert error == RowError(line=2, email=email, message=expected)

    def test_values_exactly_at_their_limits_are_accepted(self) -> None:
        email = f"{'a' * 242}@example.com"
        assert len(email) == 254

        (row,) = parse(f"{HEADER}\n{email},{'A' * 150},{'B' * 150},{'D' * 120},,\n").rows

        assert row.email == email

    def test_same_email_again_names_the_line_it_first_appeared_on(self) -> None:
        parsed = parse(
            "email,first_name,last_name\n"
            "anna@example.com,Anna,Berg\n"
            "\n"
            "bo@example.com,Bo,Lind\n"
            " ANNA@example.com ,Anna,Berg\n"
        )

        assert [row.email for row in parsed.rows] == ["anna@example.com", "bo@example.com"]
        assert parsed.errors == (
            RowError(
                line=5,
                email="ANNA@example.com",
                message="This email appears earlier in the file, on line 2.",
            ),
        )

    def test_every_problem_of_a_row_is_reported_at_once(self) -> None:
        error = only_error("email,first_name,last_name,language\nnot-an-email,,,fr\n")

        assert error.message == (
            "Not a valid email address. Missing the first name. Missing the last name. "
            "The language must be en or da, or left empty."
        )

    def test_semicolon_file_says_semicolon_when_a_row_has_too_many_cells(self) -> None:
        error = only_error("email;first_name;last_name\na@example.com;Anna;Berg;Salg; Nord\n")

        assert error.message == (
            "This line has more values than the header has columns. "
            "Put a value containing ; in quotation marks."
        )

    def test_extra_empty_cells_are_not_an_error(self) -> None:
        parsed = parse("email,first_name,last_name\na@example.com,Anna,Berg,, ,\n")

        assert parsed.errors == ()

    def test_short_rows_leave_the_missing_optional_values_empty(self) -> None:
        (row,) = parse(f"{HEADER}\na@example.com,Anna,Berg\n").rows

        assert (row.department, row.manager_email, row.language) == ("", "", "")
