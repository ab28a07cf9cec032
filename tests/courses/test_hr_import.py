"""Enrolment by CSV: upload, preview every row, confirm all or nothing."""

import datetime
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from courses.csv_import import template_csv
from courses.models import Cohort, Course, CsvImport, Enrolment
from tests.courses.factories import CohortFactory, EnrolmentFactory
from tests.users.factories import OrganisationFactory, UserFactory
from users.models import Invitation, Organisation, User

pytestmark = pytest.mark.django_db

GOOD = (
    "email,first_name,last_name,department,manager_email,language\r\n"
    "anna@example.com,Anna,Berg,Stores,boss@example.com,da\r\n"
    "bo@example.com,Bo,Dahl,Online,,en\r\n"
    "boss@example.com,Birgit,Olsen,Stores,,\r\n"
)


def upload(client: Client, cohort: Cohort, content: bytes | str, name: str = "people.csv"):
    data = content.encode() if isinstance(content, str) else content
    return client.post(
        reverse("hr:import_upload", args=[cohort.pk]),
        {"file": SimpleUploadedFile(name, data, content_type="text/csv")},
    )


def preview_url(cohort: Cohort, stored: CsvImport) -> str:
    return reverse("hr:import_preview", args=[cohort.pk, stored.pk])


def confirm(client: Client, cohort: Cohort, stored: CsvImport):
    return client.post(reverse("hr:import_confirm", args=[cohort.pk, stored.pk]))


class TestOnePass:
    def test_upload_preview_confirm(
        self, hr_client: Client, cohort: Cohort, django_capture_on_commit_callbacks
    ) -> None:
        response = upload(hr_client, cohort, GOOD)
        stored = CsvImport.objects.get()
        assert response["Location"] == preview_url(cohort, stored)
        html = hr_client.get(preview_url(cohort, stored)).content.decode()
        assert "Invite and enrol" in html
        assert "Confirm and enrol" in html
        assert not User.objects.filter(email="anna@example.com").exists()  # nothing yet
        with django_capture_on_commit_callbacks(execute=True):
            response = confirm(hr_client, cohort, stored)
        assert response["Location"] == reverse("hr:cohort", args=[cohort.pk])
        anna = User.objects.get(email="anna@example.com")
        assert (anna.first_name, anna.department, anna.language) == ("Anna", "Stores", "da")
        assert anna.line_manager == User.objects.get(email="boss@example.com")
        assert not anna.has_usable_password()
        assert anna.organisation_id == cohort.organisation_id
        assert Enrolment.objects.filter(cohort=cohort).count() == 3
        assert Invitation.objects.count() == 3
        assert sorted(message.to[0] for message in mail.outbox) == [
            "anna@example.com",
            "bo@example.com",
            "boss@example.com",
        ]

    def test_semicolons_bom_and_danish_headers(self, hr_client: Client, cohort: Cohort) -> None:
        danish = "\ufeffE-mail;Fornavn;Efternavn;Afdeling\r\nsøren@example.dk;Søren;Ærø;Butik\r\n"
        danish = danish.replace("søren@", "soren@")
        upload(hr_client, cohort, danish)
        confirm(hr_client, cohort, CsvImport.objects.get())
        assert User.objects.get(email="soren@example.dk").last_name == "Ærø"

    def test_uploading_the_same_file_again_changes_nothing(
        self, hr_client: Client, cohort: Cohort
    ) -> None:
        upload(hr_client, cohort, GOOD)
        confirm(hr_client, cohort, CsvImport.objects.get())
        people, enrolments = User.objects.count(), Enrolment.objects.count()
        upload(hr_client, cohort, GOOD)
        second = CsvImport.objects.order_by("-pk").first()
        html = hr_client.get(preview_url(cohort, second)).content.decode()
        assert "Everyone in the file is already in the cohort" in html
        assert "Confirm and enrol" not in html
        confirm(hr_client, cohort, second)
        assert (User.objects.count(), Enrolment.objects.count()) == (people, enrolments)

    def test_confirming_twice_counts_once(self, hr_client: Client, cohort: Cohort) -> None:
        upload(hr_client, cohort, GOOD)
        stored = CsvImport.objects.get()
        confirm(hr_client, cohort, stored)
        confirm(hr_client, cohort, stored)
        assert Enrolment.objects.filter(cohort=cohort).count() == 3

    def test_an_existing_member_is_enrolled_not_recreated(
        self, hr_client: Client, cohort: Cohort, organisation: Organisation
    ) -> None:
        member = UserFactory(organisation=organisation, email="Bo@Example.com")
        upload(hr_client, cohort, GOOD)
        stored = CsvImport.objects.get()
        html = hr_client.get(preview_url(cohort, stored)).content.decode()
        assert re.search(r"<td>\s*Enrol\s*</td>", html)
        confirm(hr_client, cohort, stored)
        assert Enrolment.objects.filter(cohort=cohort, learner=member).exists()
        assert User.objects.filter(email__iexact="bo@example.com").count() == 1

    def test_the_template_downloads_and_imports_cleanly(
        self, hr_client: Client, cohort: Cohort
    ) -> None:
        response = hr_client.get(reverse("hr:import_template"))
        assert response.content == template_csv()
        upload(hr_client, cohort, response.content)
        html = hr_client.get(preview_url(cohort, CsvImport.objects.get())).content.decode()
        assert re.search(r"Rows with errors</dt>\s*<dd>0</dd>", html)


class TestBadInput:
    @pytest.mark.parametrize(
        ("content", "message"),
        [
            (b"", "The submitted file is empty."),
            (b"\x00\x01\x02PK\x03\x04", "The file is not UTF-8 text."),
            ("email,name\r\nanna@example.com,Anna\r\n", "Unknown column: “name”."),
            ("first_name,last_name\r\nAnna,Berg\r\n", "Missing the required column “email”."),
            ("email,first_name,last_name\r\n", "The file has a header but no people in it."),
            (b"\xff\xfee\x00m\x00", "The file is not UTF-8 text."),
        ],
    )
    def test_a_file_that_cannot_be_read_is_refused_and_nothing_is_stored(
        self, hr_client: Client, cohort: Cohort, content: bytes | str, message: str
    ) -> None:
        response = upload(hr_client, cohort, content)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert 'class="errorlist' in response.content.decode()
        assert not CsvImport.objects.exists()

    def test_a_file_over_the_size_limit_is_refused(self, hr_client: Client, cohort: Cohort) -> None:
        big = "email,first_name,last_name\r\n" + "x" * (5 * 1024 * 1024 + 10)
        response = upload(hr_client, cohort, big)
        assert "larger than 5 MB" in response.content.decode()
        assert not CsvImport.objects.exists()

    def test_rows_with_errors_block_the_whole_file(
        self, hr_client: Client, cohort: Cohort, course: Course
    ) -> None:
        outsider = UserFactory(organisation=OrganisationFactory(), email="out@example.com")
        content = GOOD + (
            "not-an-email,X,Y,,,\r\n"
            "out@example.com,Out,Sider,,,\r\n"
            "anna@example.com,Anna,Again,,,\r\n"
            "=cmd|' /C calc'!A0,<b>Bold</b>,Name,,,\r\n"
            "carl@example.com,Carl,Nobody,,ghost@example.com,\r\n"
            "dora@example.com,Dora,Lang,,,xx\r\n"
        )
        upload(hr_client, cohort, content)
        stored = CsvImport.objects.get()
        html = hr_client.get(preview_url(cohort, stored)).content.decode()
        assert "Nothing has been changed" in html
        assert "This address cannot be enrolled" in html
        assert outsider.organisation.name not in html
        assert "appears earlier in the file" in html
        assert "not a member of your organisation" in html
        assert "<b>Bold</b>" not in html
        response = confirm(hr_client, cohort, stored)  # a crafted confirm
        assert response.status_code == 302
        assert not User.objects.filter(email="anna@example.com").exists()
        assert not Enrolment.objects.exists()
        outsider.refresh_from_db()
        assert outsider.organisation_id != cohort.organisation_id

    def test_another_organisations_cohort_or_upload_is_404(
        self, hr_client: Client, cohort: Cohort, course: Course
    ) -> None:
        theirs = CohortFactory(organisation=OrganisationFactory(), course=course)
        assert upload(hr_client, theirs, GOOD).status_code == 404
        their_upload = CsvImport.objects.create(
            cohort=theirs, filename="x.csv", rows=[], errors=[],
            created_at=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC),
        )  # fmt: skip
        assert hr_client.get(preview_url(theirs, their_upload)).status_code == 404
        assert hr_client.get(preview_url(cohort, their_upload)).status_code == 404
        assert confirm(hr_client, cohort, their_upload).status_code == 404


def test_a_well_formed_file_of_5000_rows_goes_through(
    hr_client: Client, cohort: Cohort, organisation: Organisation
) -> None:
    existing = UserFactory.create_batch(50, organisation=organisation)
    for person in existing[:25]:
        EnrolmentFactory(cohort=cohort, learner=person)
    lines = ["email,first_name,last_name,department,manager_email,language"]
    lines += [f"{p.email},{p.first_name},{p.last_name},Stores,," for p in existing]
    lines += [
        f"person{n:04d}@example.com,Person,{n:04d},Dept {n % 20},boss@example.com,da"
        for n in range(4949)
    ]
    lines.append("boss@example.com,Big,Boss,Management,,en")
    upload(hr_client, cohort, "\r\n".join(lines))
    stored = CsvImport.objects.get()
    html = hr_client.get(preview_url(cohort, stored)).content.decode()
    assert "And 4500 more rows." in html
    confirm(hr_client, cohort, stored)
    assert Enrolment.objects.filter(cohort=cohort).count() == 5000
    assert User.objects.get(email="person0001@example.com").line_manager.email == "boss@example.com"
