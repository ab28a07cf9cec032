"""HR's reminder pages: the rules (organisation and cohort), sending health, a learner's
reminders, and "remind everyone behind schedule"."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from courses.models import Cohort, Enrolment, Reminder, ReminderRules
from tests.courses.factories import CohortFactory, EnrolmentFactory
from tests.users.factories import OrganisationFactory
from users.models import Organisation

Kind, Status = Reminder.Kind, Reminder.Status
RULES = {"welcome": "on", "due_reminders": "on", "before_due_days": "7, 1", "on_due_date": "on",
         "overdue_every_days": "7", "overdue_times": "3", "inactivity_days": "14",
         "completion": "on"}  # fmt: skip


def reminder(enrolment: Enrolment, **fields: object) -> Reminder:
    now = timezone.now()
    defaults = {"kind": Kind.BEFORE_DUE, "scheduled_for": now.date(), "status": Status.SENT,
                "next_attempt_at": now, "created_at": now, "sent_at": now}  # fmt: skip
    return Reminder.objects.create(
        enrolment=enrolment,
        recipient_id=enrolment.learner_id,
        organisation_id=enrolment.cohort.organisation_id,
        **{**defaults, **fields},
    )


class TestRules:
    def test_the_organisations_rules_are_saved(
        self, hr_client: Client, organisation: Organisation
    ) -> None:
        response = hr_client.post(
            reverse("hr:reminders"), {**RULES, "before_due_days": "3; 10", "inactivity_days": "0"}
        )
        assert response.status_code == 302
        rules = ReminderRules.objects.get(organisation=organisation, cohort=None)
        assert rules.before_due_days == [10, 3]
        assert rules.inactivity_days == 0
        assert 'value="10, 3"' in hr_client.get(reverse("hr:reminders")).content.decode()

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("before_due_days", "seven", "whole numbers of days from 1 to 60"),
            ("before_due_days", "0", "whole numbers of days from 1 to 60"),
            ("before_due_days", "61", "whole numbers of days from 1 to 60"),
            ("before_due_days", "1,2,3,4,5,6", "At most five"),
            ("before_due_days", "=1+1", "whole numbers of days from 1 to 60"),
            ("overdue_every_days", "0", "greater than or equal to 1"),
            ("overdue_times", "11", "less than or equal to 10"),
            ("inactivity_days", "-3", "greater than or equal to 0"),
            ("inactivity_days", "<script>", "Enter a whole number"),
        ],
    )
    def test_bad_values_are_refused_with_a_message(
        self, hr_client: Client, field: str, value: str, message: str
    ) -> None:
        response = hr_client.post(reverse("hr:reminders"), {**RULES, field: value})
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not ReminderRules.objects.exists()

    def test_a_cohort_gets_rules_of_its_own_and_can_drop_them(
        self, hr_client: Client, cohort: Cohort, organisation: Organisation
    ) -> None:
        ReminderRules.objects.create(organisation=organisation, before_due_days=[5])
        url = reverse("hr:cohort_reminders", args=[cohort.pk])
        assert 'value="5"' in hr_client.get(url).content.decode()  # starts from the org's
        hr_client.post(url, {**RULES, "due_reminders": ""})
        own = ReminderRules.objects.get(cohort=cohort)
        assert own.due_reminders is False
        assert ReminderRules.objects.get(cohort=None).due_reminders is True
        hr_client.post(url, {"action": "follow_organisation"})
        assert not ReminderRules.objects.filter(cohort=cohort).exists()


class TestVisibility:
    def test_the_learner_page_lists_reminders_and_hr_can_stop_due_reminders(
        self, hr_client: Client, cohort: Cohort
    ) -> None:
        enrolment = EnrolmentFactory(cohort=cohort)
        reminder(enrolment)
        reminder(enrolment, kind=Kind.OVERDUE, status=Status.FAILED, sent_at=None,
                 last_error="SMTPRecipientsRefused: 550", copy_line_manager=True)  # fmt: skip
        url = reverse("hr:learner", args=[cohort.pk, enrolment.pk])
        html = hr_client.get(url).content.decode()
        assert "Before the due date" in html
        assert "SMTPRecipientsRefused: 550" in html
        assert "line manager copied" in html
        hr_client.post(reverse("hr:learner_change",
                               args=[cohort.pk, enrolment.pk, "stop_due_reminders"]))  # fmt: skip
        enrolment.refresh_from_db()
        assert enrolment.due_reminders is False
        assert "Start due-date reminders again" in hr_client.get(url).content.decode()

    def test_sending_health_counts_the_last_24_hours_of_this_organisation_only(
        self, hr_client: Client, cohort: Cohort, course
    ) -> None:
        mine = EnrolmentFactory(cohort=cohort, learner__first_name="Mine")
        reminder(mine, status=Status.FAILED, sent_at=None, last_error="timed out")
        old = timezone.now() - datetime.timedelta(days=2)
        reminder(mine, kind=Kind.ON_DUE, status=Status.FAILED, created_at=old, sent_at=None)
        theirs = EnrolmentFactory(
            cohort=CohortFactory(organisation=OrganisationFactory(), course=course),
            learner__first_name="Theirs",
        )
        reminder(theirs, status=Status.FAILED, sent_at=None)
        html = hr_client.get(reverse("hr:reminders")).content.decode()
        assert '<span class="status status--warn">1</span>' in html
        assert "timed out" in html
        assert "Theirs" not in html


class TestNudge:
    def test_preview_lists_who_then_sends_once(
        self, hr_client: Client, cohort: Cohort, django_capture_on_commit_callbacks
    ) -> None:
        # one learner past the cohort's due date (three days ago), one who has finished
        behind = EnrolmentFactory(cohort=cohort, learner__first_name="Late", due_on=None)
        Cohort.objects.filter(pk=cohort.pk).update(
            due_on=timezone.localdate() - datetime.timedelta(days=3)
        )
        done = EnrolmentFactory(cohort=cohort, completed_at=timezone.now())
        url = reverse("hr:nudge", args=[cohort.pk])
        html = hr_client.get(url).content.decode()
        assert behind.learner.email in html
        assert done.learner.email not in html
        with django_capture_on_commit_callbacks(execute=True):
            hr_client.post(url)
        assert Reminder.objects.get().kind == Kind.NUDGE
        assert Reminder.objects.get().status == Status.SENT
        html = hr_client.get(url).content.decode()
        assert "Reminded in the last 24 hours" in html
        assert "Nobody needs a reminder now." in html
        hr_client.post(url)
        assert Reminder.objects.count() == 1
