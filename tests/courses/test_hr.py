"""The HR area: who gets in, cohorts, the learner table, adding learners."""

import datetime

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from courses.models import Cohort, CohortModuleDue, Course, CsvImport, Enrolment
from courses.services import complete_lesson
from modules.models import Lesson, LessonCompletion
from tests.courses.factories import CohortFactory, EnrolmentFactory
from tests.modules.factories import ModuleFactory
from tests.users.factories import OrganisationFactory, UserFactory
from users.invitations import accept_invitation
from users.models import Invitation, Organisation, User

pytestmark = pytest.mark.django_db


def hr_urls(cohort: Cohort) -> list[str]:
    """Every HR address that takes a cohort, the cohort list and the creation form first."""
    enrolment = EnrolmentFactory(cohort=cohort)
    upload = CsvImport.objects.create(
        cohort=cohort, filename="x.csv", rows=[], errors=[], created_at=timezone.now()
    )
    return [
        reverse("hr:cohorts"),
        reverse("hr:cohort_create"),
        reverse("hr:import_template"),
        reverse("hr:reminders"),
        reverse("hr:cohort", args=[cohort.pk]),
        reverse("hr:cohort_edit", args=[cohort.pk]),
        reverse("hr:cohort_charts", args=[cohort.pk]),
        reverse("hr:add_learner", args=[cohort.pk]),
        reverse("hr:import_upload", args=[cohort.pk]),
        reverse("hr:import_preview", args=[cohort.pk, upload.pk]),
        reverse("hr:import_confirm", args=[cohort.pk, upload.pk]),
        reverse("hr:export", args=[cohort.pk, "csv"]),
        reverse("hr:export", args=[cohort.pk, "xlsx"]),
        reverse("hr:learner", args=[cohort.pk, enrolment.pk]),
        reverse("hr:cohort_reminders", args=[cohort.pk]),
        reverse("hr:nudge", args=[cohort.pk]),
        *(
            reverse("hr:learner_change", args=[cohort.pk, enrolment.pk, action])
            for action in (
                "withdraw",
                "reinstate",
                "extend",
                "move",
                "resend",
                "stop_due_reminders",
                "start_due_reminders",
            )
        ),
    ]


class TestRoles:
    @pytest.mark.parametrize(
        "role",
        [
            {},  # a manager
            {"is_trainer": True},  # a trainer who is not an HR admin
        ],
    )
    def test_only_hr_admins_get_in(
        self, client: Client, organisation: Organisation, cohort: Cohort, role: dict
    ) -> None:
        client.force_login(UserFactory(organisation=organisation, **role))
        for url in hr_urls(cohort):
            assert client.get(url).status_code == 404, url
            assert client.post(url, {"name": "x"}).status_code == 404, url

    def test_platform_staff_without_an_organisation_get_a_404(
        self, client: Client, cohort: Cohort
    ) -> None:
        client.force_login(UserFactory(organisation=None, is_hr_admin=True, is_staff=True))
        assert client.get(reverse("hr:cohorts")).status_code == 404

    def test_another_organisations_cohort_is_404_everywhere(
        self, hr_client: Client, course: Course
    ) -> None:
        theirs = CohortFactory(organisation=OrganisationFactory(), course=course, name="Theirs")
        posts = ("/confirm/", "/withdraw/", "/reinstate/", "/extend/", "/move/", "/resend/",
                 "/nudge/", "_due_reminders/")  # fmt: skip
        for url in hr_urls(theirs)[4:]:
            send = hr_client.post if url.endswith(posts) else hr_client.get
            assert send(url).status_code == 404, url
        response = hr_client.post(
            reverse("hr:add_learner", args=[theirs.pk]), {"email": "new@example.com"}
        )
        assert response.status_code == 404
        assert not User.objects.filter(email="new@example.com").exists()
        assert Enrolment.objects.filter(cohort=theirs, withdrawn_at__isnull=True).count() == 1

    def test_hr_admins_see_only_their_own_cohorts(
        self, hr_client: Client, cohort: Cohort, course: Course
    ) -> None:
        CohortFactory(organisation=OrganisationFactory(), course=course, name="Someone else's")
        html = hr_client.get(reverse("hr:cohorts")).content.decode()
        assert "Store managers" in html
        assert "Someone else" not in html


class TestCohorts:
    def test_the_list_shows_size_completion_and_overdue(
        self, hr_client: Client, cohort: Cohort
    ) -> None:
        Cohort.objects.filter(pk=cohort.pk).update(
            due_on=timezone.localdate() - datetime.timedelta(days=3)
        )
        EnrolmentFactory.create_batch(3, cohort=cohort)
        Enrolment.objects.filter(pk=EnrolmentFactory(cohort=cohort).pk).update(
            completed_at="2027-01-10T10:00:00Z"
        )
        Enrolment.objects.filter(pk=EnrolmentFactory(cohort=cohort).pk).update(
            withdrawn_at="2026-12-01T10:00:00Z"
        )
        html = hr_client.get(reverse("hr:cohorts")).content.decode()
        assert '<td class="numeric">4</td>' in html  # the withdrawn learner does not count
        assert "25&nbsp;%" in html
        assert '<span class="status status--warn">3</span>' in html

    def test_create_and_edit(self, hr_client: Client, course: Course, hr: User) -> None:
        response = hr_client.post(
            reverse("hr:cohort_create"),
            {"name": "Spring wave", "course": course.pk, "starts_on": "2027-03-01"},
        )
        cohort = Cohort.objects.get(name="Spring wave")
        assert cohort.organisation_id == hr.organisation_id
        assert response["Location"] == reverse("hr:cohort", args=[cohort.pk])
        hr_client.post(
            reverse("hr:cohort_edit", args=[cohort.pk]),
            {"name": "Spring wave", "course": course.pk, "starts_on": "2027-03-01",
             "due_on": "2027-05-31"},
        )  # fmt: skip
        cohort.refresh_from_db()
        assert cohort.due_on == datetime.date(2027, 5, 31)

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"starts_on": "2027-03-01", "due_on": "2027-02-01"}, "cannot be before the start"),
            ({"starts_on": "not a date"}, "Enter a valid date"),
            ({"starts_on": "2027-03-01", "name": ""}, "This field is required"),
            ({"starts_on": "2027-03-01", "course": "999999"}, "Select a valid choice"),
        ],
    )
    def test_bad_input_is_refused_with_a_message(
        self, hr_client: Client, course: Course, data: dict, message: str
    ) -> None:
        form = {"name": "Wave", "course": course.pk, **data}
        response = hr_client.post(reverse("hr:cohort_create"), form)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not Cohort.objects.exists()

    def test_html_in_a_name_is_shown_as_text(self, hr_client: Client, cohort: Cohort) -> None:
        Cohort.objects.filter(pk=cohort.pk).update(name="<script>alert(1)</script>")
        html = hr_client.get(reverse("hr:cohort", args=[cohort.pk])).content.decode()
        assert "<script>alert(1)" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


class TestLearnerTable:
    def test_shows_progress_per_module_and_status(
        self, hr_client: Client, cohort: Cohort, organisation: Organisation
    ) -> None:
        anna = UserFactory(organisation=organisation, first_name="Anna", last_name="Berg",
                           department="Stores")  # fmt: skip
        bo = UserFactory(organisation=organisation, first_name="Bo", last_name="Dahl",
                         department="Online")  # fmt: skip
        for person in (anna, bo):
            EnrolmentFactory(cohort=cohort, learner=person)
        for lesson in Lesson.objects.filter(module__slug="economics"):
            LessonCompletion.objects.create(
                learner=anna, lesson=lesson, completed_at="2026-11-20T10:00:00Z"
            )
        html = hr_client.get(reverse("hr:cohort", args=[cohort.pk])).content.decode()
        assert "Anna Berg" in html
        assert "50&nbsp;%" in html  # two of four lessons
        assert "0/2" in html  # Anna's second module, and both of Bo's
        assert "Not started" in html
        assert "In progress" in html

    def test_filters_and_sorting(
        self, hr_client: Client, cohort: Cohort, organisation: Organisation
    ) -> None:
        for first, department in (("Anna", "Stores"), ("Bo", "Online"), ("Carl", "Stores")):
            EnrolmentFactory(
                cohort=cohort,
                learner=UserFactory(organisation=organisation, first_name=first,
                                    last_name="Test", department=department),
            )  # fmt: skip
        url = reverse("hr:cohort", args=[cohort.pk])
        html = hr_client.get(url, {"department": "Stores"}).content.decode()
        assert "Anna Test" in html
        assert "Carl Test" in html
        assert "Bo Test" not in html
        html = hr_client.get(url, {"sort": "department", "order": "desc"}).content.decode()
        assert html.index("Anna Test") < html.index("Bo Test")
        assert 'aria-sort="descending"' in html
        # unknown values fall back to everything, sorted by name
        html = hr_client.get(
            url, {"department": "<b>x</b>", "status": "nope", "sort": "password", "page": "zz"}
        ).content.decode()
        assert html.index("Anna Test") < html.index("Bo Test") < html.index("Carl Test")

    def test_paginated_with_a_constant_number_of_queries(
        self, hr_client: Client, cohort: Cohort, django_assert_max_num_queries
    ) -> None:
        url = reverse("hr:cohort", args=[cohort.pk])
        EnrolmentFactory.create_batch(5, cohort=cohort)
        hr_client.get(url)  # warm the outline cache
        cache.clear()
        with django_assert_max_num_queries(11) as small:
            hr_client.get(url)
        EnrolmentFactory.create_batch(120, cohort=cohort)
        cache.clear()
        with django_assert_max_num_queries(len(small.captured_queries)):
            response = hr_client.get(url, {"page": "2"})
        assert "Page 2 of 3" in response.content.decode()

    def test_a_second_view_is_served_from_the_cache_until_progress_changes(
        self, hr_client: Client, cohort: Cohort, course: Course, django_assert_max_num_queries
    ) -> None:
        # given a cohort page that has been built once
        learner = EnrolmentFactory(cohort=cohort, learner__first_name="Anna").learner
        url = reverse("hr:cohort", args=[cohort.pk])
        hr_client.get(url)
        # when it is viewed again, then only the session's user (with their organisation)
        # and the cohort are read
        with django_assert_max_num_queries(2):
            assert '<td class="numeric">0&nbsp;%</td>' in hr_client.get(url).content.decode()
        # when the learner completes a lesson, then the next view shows it
        enrolment = Enrolment.objects.with_content_version().get(learner=learner)
        lesson = Lesson.objects.filter(module__course_modules__course=course).first()
        complete_lesson(enrolment=enrolment, lesson=lesson, now=timezone.now())
        assert '<td class="numeric">25&nbsp;%</td>' in hr_client.get(url).content.decode()


class TestAddLearner:
    def test_an_existing_member_is_enrolled(
        self, hr_client: Client, cohort: Cohort, organisation: Organisation
    ) -> None:
        member = UserFactory(organisation=organisation, email="mette@example.com")
        response = hr_client.post(
            reverse("hr:add_learner", args=[cohort.pk]), {"email": "Mette@Example.com"}
        )
        assert response.status_code == 302
        assert Enrolment.objects.filter(cohort=cohort, learner=member).exists()
        assert not mail.outbox

    def test_a_new_person_is_invited_in_their_language(
        self, hr_client: Client, cohort: Cohort, django_capture_on_commit_callbacks
    ) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            hr_client.post(
                reverse("hr:add_learner", args=[cohort.pk]),
                {"email": "ny@example.com", "first_name": "Nina", "last_name": "Holm",
                 "language": "da"},
            )  # fmt: skip
        person = User.objects.get(email="ny@example.com")
        assert not person.has_usable_password()
        assert Enrolment.objects.filter(cohort=cohort, learner=person).exists()
        assert Invitation.objects.get(user=person).times_sent == 1
        (message,) = mail.outbox
        assert message.to == ["ny@example.com"]
        assert "har inviteret dig" in message.subject
        assert "/accounts/password/reset/key/" in message.body

    def test_someone_of_another_organisation_is_never_enrolled_or_revealed(
        self, hr_client: Client, cohort: Cohort
    ) -> None:
        outsider = UserFactory(organisation=OrganisationFactory(), email="out@example.com")
        response = hr_client.post(
            reverse("hr:add_learner", args=[cohort.pk]),
            {"email": "out@example.com", "first_name": "X", "last_name": "Y"},
        )
        html = response.content.decode()
        assert "This address cannot be enrolled" in html
        assert outsider.organisation.name not in html
        assert not Enrolment.objects.filter(learner=outsider).exists()
        outsider.refresh_from_db()
        assert outsider.first_name != "X"

    def test_a_new_person_needs_a_name_and_a_valid_address(
        self, hr_client: Client, cohort: Cohort
    ) -> None:
        url = reverse("hr:add_learner", args=[cohort.pk])
        assert (
            "needs a first and a last name"
            in hr_client.post(url, {"email": "new@example.com"}).content.decode()
        )
        assert (
            "Enter a valid email address"
            in hr_client.post(url, {"email": "=HYPERLINK(1)"}).content.decode()
        )
        assert not User.objects.filter(email="new@example.com").exists()


class TestExports:
    @pytest.fixture
    def learners(self, cohort: Cohort, organisation: Organisation) -> list[User]:
        people = [
            UserFactory(organisation=organisation, first_name='=HYPERLINK("http://x","y")',
                        last_name="@SUM(1)", department="-2+3"),
            UserFactory(organisation=organisation, first_name="Søren", last_name="Ærø"),
        ]  # fmt: skip
        for person in people:
            EnrolmentFactory(cohort=cohort, learner=person)
        return people

    def test_csv_streams_with_formulas_neutralised(
        self, hr_client: Client, cohort: Cohort, learners: list[User]
    ) -> None:
        response = hr_client.get(reverse("hr:export", args=[cohort.pk, "csv"]))
        assert response.streaming
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        assert "First name,Last name,Email" in body.splitlines()[0]
        assert "'=HYPERLINK" in body
        assert "'@SUM(1)" in body
        assert "'-2+3" in body
        assert "Søren,Ærø" in body
        assert ".csv" in response["Content-Disposition"]

    def test_xlsx_streams_with_formulas_as_text(
        self, hr_client: Client, cohort: Cohort, learners: list[User]
    ) -> None:
        import io

        from openpyxl import load_workbook

        response = hr_client.get(reverse("hr:export", args=[cohort.pk, "xlsx"]))
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        values = [cell.value for row in sheet.iter_rows() for cell in row]
        assert '\'=HYPERLINK("http://x","y")' in values
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)

    def test_an_unknown_format_or_another_organisations_cohort_is_404(
        self, hr_client: Client, cohort: Cohort, course: Course
    ) -> None:
        assert hr_client.get(reverse("hr:export", args=[cohort.pk, "pdf"])).status_code == 404
        theirs = CohortFactory(organisation=OrganisationFactory(), course=course)
        assert hr_client.get(reverse("hr:export", args=[theirs.pk, "csv"])).status_code == 404


class TestLearnerChanges:
    @pytest.fixture
    def enrolment(self, cohort: Cohort, organisation: Organisation) -> Enrolment:
        return EnrolmentFactory(
            cohort=cohort, learner=UserFactory(organisation=organisation, first_name="Mette")
        )

    def url(self, enrolment: Enrolment, action: str) -> str:
        return reverse("hr:learner_change", args=[enrolment.cohort_id, enrolment.pk, action])

    def test_the_learner_page_shows_progress_but_no_private_answers(
        self, hr_client: Client, enrolment: Enrolment
    ) -> None:
        html = hr_client.get(
            reverse("hr:learner", args=[enrolment.cohort_id, enrolment.pk])
        ).content.decode()
        assert "Mette" in html
        assert "Progress by module" in html
        assert "private to the learner" in html

    def test_withdraw_keeps_progress_and_reinstate_brings_back(
        self, hr_client: Client, enrolment: Enrolment
    ) -> None:
        lesson = Lesson.objects.first()
        LessonCompletion.objects.create(
            learner=enrolment.learner, lesson=lesson, completed_at="2026-11-20T10:00:00Z"
        )
        hr_client.post(self.url(enrolment, "withdraw"))
        enrolment.refresh_from_db()
        assert enrolment.withdrawn_at is not None
        assert LessonCompletion.objects.filter(learner=enrolment.learner).exists()
        hr_client.post(self.url(enrolment, "reinstate"))
        enrolment.refresh_from_db()
        assert enrolment.withdrawn_at is None

    def test_extend_one_learners_due_date(self, hr_client: Client, enrolment: Enrolment) -> None:
        hr_client.post(self.url(enrolment, "extend"), {"due_on": "2027-03-31"})
        enrolment.refresh_from_db()
        assert enrolment.due_on == datetime.date(2027, 3, 31)
        response = hr_client.post(
            self.url(enrolment, "extend"), {"due_on": "2020-01-01"}, follow=True
        )
        assert "before the cohort&#x27;s start date" in response.content.decode()
        response = hr_client.post(self.url(enrolment, "extend"), {"due_on": "soon"}, follow=True)
        assert "Enter a valid date" in response.content.decode()
        enrolment.refresh_from_db()
        assert enrolment.due_on == datetime.date(2027, 3, 31)

    def test_move_to_another_cohort_of_the_same_course(
        self, hr_client: Client, enrolment: Enrolment, organisation: Organisation, course: Course
    ) -> None:
        spring = CohortFactory(organisation=organisation, course=course, name="Spring")
        theirs = CohortFactory(organisation=OrganisationFactory(), course=course)
        response = hr_client.post(self.url(enrolment, "move"), {"cohort": theirs.pk}, follow=True)
        assert "Choose one of your organisation" in response.content.decode()
        hr_client.post(self.url(enrolment, "move"), {"cohort": spring.pk})
        enrolment.refresh_from_db()
        assert enrolment.withdrawn_at is not None
        assert Enrolment.objects.get(cohort=spring, learner=enrolment.learner).withdrawn_at is None

    def test_resend_an_invitation(
        self, hr_client: Client, cohort: Cohort, django_capture_on_commit_callbacks
    ) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            hr_client.post(
                reverse("hr:add_learner", args=[cohort.pk]),
                {"email": "new@example.com", "first_name": "N", "last_name": "P"},
            )
        enrolment = Enrolment.objects.get(learner__email="new@example.com")
        with django_capture_on_commit_callbacks(execute=True):
            hr_client.post(self.url(enrolment, "resend"))
        assert len(mail.outbox) == 2
        assert Invitation.objects.get(user=enrolment.learner).times_sent == 2

    def test_another_organisations_enrolment_or_an_unknown_action_is_404(
        self, hr_client: Client, enrolment: Enrolment, course: Course
    ) -> None:
        theirs = EnrolmentFactory(
            cohort=CohortFactory(organisation=OrganisationFactory(), course=course)
        )
        assert hr_client.post(self.url(theirs, "withdraw")).status_code == 404
        assert (
            hr_client.get(reverse("hr:learner", args=[theirs.cohort_id, theirs.pk])).status_code
            == 404
        )
        # their enrolment under my cohort's address is 404 too
        mine_theirs = reverse(
            "hr:learner_change", args=[enrolment.cohort_id, theirs.pk, "withdraw"]
        )
        assert hr_client.post(mine_theirs).status_code == 404
        assert hr_client.post(self.url(enrolment, "delete")).status_code == 404
        theirs.refresh_from_db()
        assert theirs.withdrawn_at is None


def test_an_invited_person_accepts_by_setting_a_password(
    client: Client, hr_client: Client, cohort: Cohort, django_capture_on_commit_callbacks
) -> None:
    import re

    with django_capture_on_commit_callbacks(execute=True):
        hr_client.post(
            reverse("hr:add_learner", args=[cohort.pk]),
            {"email": "nina@example.com", "first_name": "Nina", "last_name": "Holm"},
        )
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mail.outbox[0].body)
    response = client.get(link.group(1), follow=True)
    client.post(
        response.redirect_chain[-1][0],
        {"password1": "a-Long-and-new-passw0rd", "password2": "a-Long-and-new-passw0rd"},
    )
    nina = User.objects.get(email="nina@example.com")
    assert nina.has_usable_password()
    assert Invitation.objects.get(user=nina).accepted_at is not None
    assert nina.emailaddress_set.get().verified
    assert client.login(email="nina@example.com", password="a-Long-and-new-passw0rd")


class TestCharts:
    def test_aggregates_completion_funnel_and_departments(
        self, hr_client: Client, cohort: Cohort, organisation: Organisation
    ) -> None:
        from assessments.models import Attempt
        from tests.assessments.factories import QuizFactory, single

        quiz = QuizFactory(module=Lesson.objects.get(slug="economics-one").module)
        single(quiz, key="q")
        people = []
        for first, department in (("A", "Stores"), ("B", "Stores"), ("C", "Online")):
            person = UserFactory(organisation=organisation, first_name=first, department=department)
            EnrolmentFactory(cohort=cohort, learner=person)
            people.append(person)
        for person in people[:2]:  # A and B read module 1's lessons
            for lesson in Lesson.objects.filter(module__slug="economics"):
                LessonCompletion.objects.create(
                    learner=person, lesson=lesson, completed_at="2026-11-20T10:00:00Z"
                )
        Attempt.objects.create(  # only A passed its quiz
            quiz=quiz, learner=people[0], number=1, quiz_version=1,
            started_at="2026-11-21T10:00:00Z", submitted_at="2026-11-21T10:10:00Z",
            score=100, passed=True,
        )  # fmt: skip
        Enrolment.objects.filter(learner=people[0]).update(completed_at="2026-11-22T10:00:00Z")
        data = hr_client.get(reverse("hr:cohort_charts", args=[cohort.pk])).json()
        assert data["completion"] == {"labels": ["2026-11-22"], "values": [1]}
        assert data["funnel"]["values"] == [1, 0]
        departments = dict(
            zip(data["departments"]["labels"], data["departments"]["values"], strict=True)
        )
        # of five steps (four lessons and one quiz): A did 3, B did 2 -> Stores 50 %
        assert departments == {"Online": 0, "Stores": 50}

    def test_another_organisations_charts_are_404(self, hr_client: Client, course: Course) -> None:
        theirs = CohortFactory(organisation=OrganisationFactory(), course=course)
        assert hr_client.get(reverse("hr:cohort_charts", args=[theirs.pk])).status_code == 404


class TestLineManager:
    def test_sees_only_their_own_direct_reports_read_only(
        self, client: Client, cohort: Cohort, organisation: Organisation
    ) -> None:
        boss = UserFactory(organisation=organisation)
        mine = UserFactory(organisation=organisation, first_name="Mine", line_manager=boss)
        other = UserFactory(organisation=organisation, first_name="Other")
        for person in (mine, other):
            EnrolmentFactory(cohort=cohort, learner=person)
        client.force_login(boss)
        html = client.get(reverse("team")).content.decode()
        assert "Mine " in html
        assert "Other " not in html
        assert '<form method="post"' not in html.split("<main")[1]
        # and the HR pages stay closed to them
        assert client.get(reverse("hr:cohort", args=[cohort.pk])).status_code == 404

    def test_without_direct_reports_the_page_is_404(self, client: Client, manager: User) -> None:
        client.force_login(manager)
        assert client.get(reverse("team")).status_code == 404


def test_the_table_flags_invitations_not_yet_accepted(
    hr_client: Client, cohort: Cohort, django_capture_on_commit_callbacks
) -> None:
    hr_client.post(
        reverse("hr:add_learner", args=[cohort.pk]),
        {"email": "new@example.com", "first_name": "Nina", "last_name": "Holm"},
    )
    html = hr_client.get(reverse("hr:cohort", args=[cohort.pk])).content.decode()
    assert '<span class="tag">Invitation not accepted</span>' in html
    accept_invitation(user=User.objects.get(email="new@example.com"), now=timezone.now())
    html = hr_client.get(reverse("hr:cohort", args=[cohort.pk])).content.decode()
    assert '<span class="tag">Invitation not accepted</span>' not in html


class TestModuleDueDates:
    def edit(self, client: Client, cohort: Cohort, **data: str):
        form = {"name": cohort.name, "course": cohort.course_id, "starts_on": "2027-03-01",
                "due_on": "2027-06-30", **data}  # fmt: skip
        return client.post(reverse("hr:cohort_edit", args=[cohort.pk]), form)

    def test_set_shown_and_cleared(self, hr_client: Client, cohort: Cohort, course: Course) -> None:
        first, _second = (placement.module for placement in course.course_modules.all())
        response = self.edit(hr_client, cohort, **{f"module_due_{first.pk}": "2027-04-15"})
        assert response.status_code == 302
        assert CohortModuleDue.objects.get(cohort=cohort, module=first).due_on == datetime.date(
            2027, 4, 15
        )
        html = hr_client.get(reverse("hr:cohort", args=[cohort.pk])).content.decode()
        assert "Module 1 due" in html
        assert "Module 2 due" not in html
        form = hr_client.get(reverse("hr:cohort_edit", args=[cohort.pk])).content.decode()
        assert 'value="2027-04-15"' in form
        self.edit(hr_client, cohort, **{f"module_due_{first.pk}": ""})
        assert not CohortModuleDue.objects.exists()
        assert (
            "Module 1 due"
            not in hr_client.get(reverse("hr:cohort", args=[cohort.pk])).content.decode()
        )

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ("2027-02-01", "cannot be before the cohort&#x27;s start"),
            ("2027-07-01", "cannot be after the cohort&#x27;s due date"),
            ("next week", "Enter a valid date"),
        ],
    )
    def test_a_date_outside_the_cohort_is_refused(
        self, hr_client: Client, cohort: Cohort, course: Course, value: str, message: str
    ) -> None:
        module = course.course_modules.first().module
        response = self.edit(
            hr_client, cohort, name="Renamed", **{f"module_due_{module.pk}": value}
        )
        assert response.status_code == 200
        assert message in response.content.decode()
        cohort.refresh_from_db()
        assert cohort.name != "Renamed"
        assert not CohortModuleDue.objects.exists()

    def test_a_module_outside_the_course_is_ignored(
        self, hr_client: Client, cohort: Cohort
    ) -> None:
        stranger = ModuleFactory(slug="not-in-this-course")
        response = self.edit(hr_client, cohort, **{f"module_due_{stranger.pk}": "2027-04-01"})
        assert response.status_code == 302
        assert not CohortModuleDue.objects.exists()


def test_the_status_filter_finds_invitations_not_yet_accepted(
    hr_client: Client, cohort: Cohort, organisation: Organisation
) -> None:
    EnrolmentFactory(
        cohort=cohort, learner__first_name="Accepted", learner__organisation=organisation
    )
    hr_client.post(
        reverse("hr:add_learner", args=[cohort.pk]),
        {"email": "new@example.com", "first_name": "Waiting", "last_name": "Holm"},
    )
    html = hr_client.get(
        reverse("hr:cohort", args=[cohort.pk]), {"status": "invitation_pending"}
    ).content.decode()
    assert "Waiting Holm" in html
    assert "Accepted" not in html


class TestTheCachedTableFollowsEveryChange:
    """The cohort page is cached; each change HR or the learner makes shows at once."""

    def page(self, client: Client, cohort: Cohort) -> str:
        return client.get(reverse("hr:cohort", args=[cohort.pk])).content.decode()

    def test_withdraw_reinstate_extend_and_move(
        self, hr_client: Client, cohort: Cohort, organisation: Organisation, course: Course
    ) -> None:
        enrolment = EnrolmentFactory(cohort=cohort, learner__organisation=organisation)
        other = CohortFactory(organisation=organisation, course=course, name="Other")
        change = lambda action, **data: hr_client.post(  # noqa: E731
            reverse("hr:learner_change", args=[cohort.pk, enrolment.pk, action]), data
        )
        assert "status--withdrawn" not in self.page(hr_client, cohort)
        change("withdraw")
        assert "status--withdrawn" in self.page(hr_client, cohort)
        change("reinstate")
        assert "status--withdrawn" not in self.page(hr_client, cohort)
        change("extend", due_on="2031-01-31")
        page = self.page(hr_client, cohort)
        assert "31/01/2031" in page or "01/31/2031" in page
        assert enrolment.learner.email not in self.page(hr_client, other)
        change("move", cohort=other.pk)
        assert enrolment.learner.email in self.page(hr_client, other)
        assert "status--withdrawn" in self.page(hr_client, cohort)

    def test_adding_a_learner_and_editing_the_cohort(
        self, hr_client: Client, cohort: Cohort, organisation: Organisation
    ) -> None:
        member = UserFactory(organisation=organisation, email="mette@example.com")
        assert member.email not in self.page(hr_client, cohort)
        hr_client.post(reverse("hr:add_learner", args=[cohort.pk]), {"email": member.email})
        assert member.email in self.page(hr_client, cohort)
