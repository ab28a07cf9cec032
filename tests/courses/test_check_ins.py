"""The action plan's follow-ups: the reminder 30, 60 and 90 days after completing the course,
the check-in page it links to, the answers kept on the plan, and HR seeing adoption only in
aggregate."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from courses.models import Cohort, Enrolment, Reminder
from courses.tasks import sweep_reminders_task
from modules.models import ActionPlan, CheckIn, Commitment
from tests.courses.factories import EnrolmentFactory
from tests.users.factories import UserFactory
from users.models import User

NOW = datetime.datetime(2027, 4, 9, 8, 0, tzinfo=datetime.UTC)


def commitment(learner: User, action: str = "Call three lost customers") -> Commitment:
    plan, _created = ActionPlan.objects.get_or_create(
        learner=learner, defaults={"created_at": NOW, "updated_at": NOW}
    )
    return Commitment.objects.create(
        plan=plan, action=action, owner="Me", due_on=datetime.date(2027, 5, 1),
        measure="Two of them back", created_at=NOW, updated_at=NOW,
    )  # fmt: skip


def url(enrolled_manager: User, day: int) -> str:
    slug = Enrolment.objects.get(learner=enrolled_manager).cohort.course.slug
    return reverse("courses:check_in", args=[slug, day])


@pytest.mark.django_db
def test_the_follow_up_goes_out_30_days_after_completion_to_learners_with_a_plan(
    enrolled_manager: User,
) -> None:
    enrolment = Enrolment.objects.get(learner=enrolled_manager)
    Enrolment.objects.filter(pk=enrolment.pk).update(
        completed_at=NOW - datetime.timedelta(days=30),
        enrolled_at=NOW - datetime.timedelta(days=90),
    )
    without_plan = EnrolmentFactory(
        cohort=enrolment.cohort, completed_at=NOW - datetime.timedelta(days=30),
        enrolled_at=NOW - datetime.timedelta(days=90),
    )  # fmt: skip
    commitment(enrolled_manager)
    with time_machine.travel(NOW, tick=False):
        sweep_reminders_task.delay()
        sweep_reminders_task.delay()
    reminder = Reminder.objects.get()
    assert (reminder.kind, reminder.sequence, reminder.recipient) == (
        Reminder.Kind.FOLLOW_UP, 30, enrolled_manager,
    )  # fmt: skip
    (message,) = mail.outbox
    assert "30-day check-in" in message.subject
    assert url(enrolled_manager, 30) in message.body
    assert not Reminder.objects.filter(recipient=without_plan.learner).exists()


@pytest.mark.django_db
class TestTheCheckInPage:
    def test_answers_are_saved_and_shown_on_the_plan(
        self, manager_client: Client, enrolled_manager: User
    ) -> None:
        mine = commitment(enrolled_manager)
        page = manager_client.get(url(enrolled_manager, 30)).content.decode()
        assert "Call three lost customers" in page
        response = manager_client.post(
            url(enrolled_manager, 30),
            {f"status_{mine.pk}": "in-progress", f"note_{mine.pk}": "<b>One</b> came back"},
        )
        assert response.status_code == 302
        check_in = CheckIn.objects.get()
        assert (check_in.day, check_in.status) == (30, "in-progress")
        plan_page = manager_client.get(response["Location"]).content.decode()
        assert "After 30 days: In progress" in plan_page
        assert "&lt;b&gt;One&lt;/b&gt; came back" in plan_page
        # answering again replaces the answer at that check-in
        manager_client.post(url(enrolled_manager, 30), {f"status_{mine.pk}": "done"})
        assert CheckIn.objects.get().status == "done"

    def test_another_persons_commitment_and_bad_values_change_nothing(
        self, manager_client: Client, enrolled_manager: User, organisation
    ) -> None:
        theirs = commitment(UserFactory(organisation=organisation), action="Their secret")
        mine = commitment(enrolled_manager)
        response = manager_client.post(
            url(enrolled_manager, 60),
            {f"status_{theirs.pk}": "done", f"status_{mine.pk}": "finished-ish"},
        )
        assert response.status_code == 422
        assert "Select a valid choice" in response.content.decode()
        assert "Their secret" not in response.content.decode()
        response = manager_client.post(
            url(enrolled_manager, 60), {f"status_{mine.pk}": "done", f"note_{mine.pk}": "x" * 2001}
        )
        assert response.status_code == 422
        assert not CheckIn.objects.exists()

    @pytest.mark.parametrize("day", [0, 45, 91, 30000])
    def test_only_the_three_follow_ups_exist(
        self, manager_client: Client, enrolled_manager: User, day: int
    ) -> None:
        assert manager_client.get(url(enrolled_manager, day)).status_code == 404

    def test_not_enrolled_in_the_course_is_a_404(self, client: Client, organisation) -> None:
        client.force_login(UserFactory(organisation=organisation))
        assert client.get(reverse("courses:check_in", args=["leadership", 30])).status_code == 404


@pytest.mark.django_db
def test_hr_sees_adoption_in_aggregate_and_never_what_a_plan_says(
    hr_client: Client, enrolled_manager: User
) -> None:
    cohort: Cohort = Enrolment.objects.get(learner=enrolled_manager).cohort
    EnrolmentFactory(cohort=cohort)
    mine = commitment(enrolled_manager, action="Private commitment text")
    CheckIn.objects.create(commitment=mine, day=30, status="done", note="Private note",
                           answered_at=timezone.now())  # fmt: skip
    html = hr_client.get(reverse("hr:cohort", args=[cohort.pk])).content.decode()
    assert "1 of 2 (50 %)" in html
    assert "Private commitment text" not in html
    assert "Private note" not in html
