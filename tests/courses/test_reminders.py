"""The reminder sweep and sending against the database: recorded once, sent once, in the
learner's language, skipped when no longer due, retried when the mail server fails, and
visible to HR. Time is frozen; mail goes to Django's test outbox (or a failing backend)."""

import datetime
import smtplib
from urllib.parse import quote

import pytest
import time_machine
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from courses.models import Cohort, Course, Enrolment, Reminder, ReminderRules
from courses.reminders import planning
from courses.reminders.messages import unsubscribe_token
from courses.reminders.nudges import nudge_behind, plan_digests, plan_nudge
from courses.reminders.sending import send_batch
from courses.selectors import get_course_outline
from courses.tasks import sweep_reminders_task
from tests.courses.factories import CohortFactory, EnrolmentFactory
from tests.users.factories import UserFactory
from users.models import Organisation, User

Kind, Status = Reminder.Kind, Reminder.Status
# 09:00 in Copenhagen on Wednesday 20 January 2027; the cohort is due on 27 January.
NOW = datetime.datetime(2027, 1, 20, 8, 0, tzinfo=datetime.UTC)
DUE = datetime.date(2027, 1, 27)


class FailingBackend:
    """An SMTP backend whose server is down."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def open(self) -> None:
        raise ConnectionRefusedError("Connection refused")

    def close(self) -> None:
        pass

    def send_messages(self, messages: list) -> int:
        raise ConnectionRefusedError("Connection refused")


class RefusingBackend(FailingBackend):
    """A server that refuses the recipient's address."""

    def open(self) -> None:
        pass

    def send_messages(self, messages: list) -> int:
        raise smtplib.SMTPRecipientsRefused({messages[0].to[0]: (550, b"No such user")})


@pytest.fixture
def due_cohort(organisation: Organisation, course: Course) -> Cohort:
    return CohortFactory(
        organisation=organisation, course=course, starts_on=datetime.date(2027, 1, 4), due_on=DUE
    )


def enrol(cohort: Cohort, *, days_ago: int = 30, **learner: object) -> Enrolment:
    return EnrolmentFactory(
        cohort=cohort,
        enrolled_at=NOW - datetime.timedelta(days=days_ago),
        learner__organisation=cohort.organisation,
        **{f"learner__{key}": value for key, value in learner.items()},
    )


def sweep(now: datetime.datetime = NOW) -> None:
    """What the beat's task does, run in this process (Celery is eager in the tests)."""
    with time_machine.travel(now, tick=False):
        sweep_reminders_task.delay()


@pytest.mark.django_db(transaction=False)
class TestTheSweep:
    def test_records_and_sends_a_due_reminder_once_in_the_learners_language(
        self, due_cohort: Cohort
    ) -> None:
        enrolment = enrol(due_cohort, language="da", first_name="Mette")
        sweep()
        sweep()  # a second beat by mistake, or the next run: nothing new
        reminder = Reminder.objects.get()
        assert (reminder.kind, reminder.scheduled_for, reminder.status) == (
            Kind.BEFORE_DUE, datetime.date(2027, 1, 20), Status.SENT,
        )  # fmt: skip
        (message,) = mail.outbox
        assert message.to == [enrolment.learner.email]
        assert message.subject == "Kundefokuseret ledelse skal være gennemført om 7 dage"
        assert "Hej Mette" in message.body
        html = message.alternatives[0][0]
        assert reverse("reminders:continue", args=[due_cohort.course.slug]) in html
        assert "List-Unsubscribe" not in message.extra_headers  # due-date reminders: HR's call

    def test_a_learner_withdrawn_or_finished_before_sending_is_skipped(
        self, due_cohort: Cohort
    ) -> None:
        withdrawn, finished = enrol(due_cohort), enrol(due_cohort)
        with time_machine.travel(NOW, tick=False):
            for first, last in planning.id_ranges(NOW):
                planning.plan_range(first_id=first, last_id=last, now=NOW)
            Enrolment.objects.filter(pk=withdrawn.pk).update(withdrawn_at=NOW)
            Enrolment.objects.filter(pk=finished.pk).update(
                completed_at=NOW - datetime.timedelta(days=5)
            )
            send_batch(list(Reminder.objects.values_list("pk", flat=True)), now=NOW)
        assert set(Reminder.objects.values_list("status", flat=True)) == {Status.SKIPPED}
        assert mail.outbox == []

    def test_a_deleted_learner_is_skipped_cleanly(self, due_cohort: Cohort) -> None:
        enrolment = enrol(due_cohort)
        with time_machine.travel(NOW, tick=False):
            planning.plan_range(first_id=0, last_id=10**9, now=NOW)
            ids = list(Reminder.objects.values_list("pk", flat=True))
            User.objects.filter(pk=enrolment.learner_id).delete()
            assert send_batch(ids, now=NOW) == {"not_claimed": 1}
        assert mail.outbox == []

    def test_a_later_due_date_stops_the_old_reminder(self, due_cohort: Cohort) -> None:
        enrolment = enrol(due_cohort)
        with time_machine.travel(NOW, tick=False):
            planning.plan_range(first_id=0, last_id=10**9, now=NOW)
            Enrolment.objects.filter(pk=enrolment.pk).update(due_on=datetime.date(2027, 2, 28))
            send_batch(list(Reminder.objects.values_list("pk", flat=True)), now=NOW)
        assert Reminder.objects.get().status == Status.SKIPPED

    def test_the_welcome_goes_out_after_enrolment(self, due_cohort: Cohort) -> None:
        enrol(due_cohort, days_ago=0)
        sweep()
        assert list(Reminder.objects.values_list("kind", flat=True)) == [Kind.WELCOME]
        assert "Welcome to" in mail.outbox[0].subject

    def test_cohort_rules_replace_the_organisations(self, due_cohort: Cohort) -> None:
        enrol(due_cohort)
        ReminderRules.objects.create(organisation=due_cohort.organisation, before_due_days=[7])
        ReminderRules.objects.create(
            organisation=due_cohort.organisation, cohort=due_cohort, due_reminders=False,
            inactivity_days=0,
        )  # fmt: skip
        sweep()
        assert not Reminder.objects.exists()


@pytest.mark.django_db
class TestFailures:
    @override_settings(EMAIL_BACKEND="tests.courses.test_reminders.FailingBackend")
    def test_smtp_down_is_retried_with_backoff_then_failed_and_never_lost(
        self, due_cohort: Cohort
    ) -> None:
        enrol(due_cohort)
        sweep()
        reminder = Reminder.objects.get()
        assert (reminder.status, reminder.attempts) == (Status.PENDING, 1)
        assert reminder.next_attempt_at == NOW + datetime.timedelta(seconds=60)
        assert "Connection refused" in reminder.last_error
        moment = NOW
        for _attempt in range(4):
            moment = Reminder.objects.get().next_attempt_at
            sweep(moment)
        reminder.refresh_from_db()
        assert (reminder.status, reminder.attempts) == (Status.FAILED, 5)
        sweep(moment + datetime.timedelta(days=1))
        assert Reminder.objects.get().attempts == 5  # failed is final: not retried forever

    @override_settings(EMAIL_BACKEND="tests.courses.test_reminders.RefusingBackend")
    def test_an_address_the_server_refuses_fails_at_once(self, due_cohort: Cohort) -> None:
        enrol(due_cohort)
        sweep()
        reminder = Reminder.objects.get()
        assert (reminder.status, reminder.attempts) == (Status.FAILED, 1)
        assert "SMTPRecipientsRefused" in reminder.last_error

    def test_a_row_left_sending_by_a_dead_worker_is_sent_after_the_lease(
        self, due_cohort: Cohort, settings
    ) -> None:
        enrol(due_cohort)
        with time_machine.travel(NOW, tick=False):
            planning.plan_range(first_id=0, last_id=10**9, now=NOW)
        # a worker claimed the row, then died before sending
        Reminder.objects.update(status=Status.SENDING, claimed_at=NOW, attempts=1)
        sweep(NOW + datetime.timedelta(minutes=5))
        assert mail.outbox == []
        sweep(NOW + datetime.timedelta(seconds=settings.REMINDER_SENDING_LEASE_SECONDS + 60))
        assert len(mail.outbox) == 1
        assert Reminder.objects.get().status == Status.SENT

    def test_a_row_that_kills_its_worker_every_time_ends_failed(
        self, due_cohort: Cohort, settings
    ) -> None:
        enrol(due_cohort)
        with time_machine.travel(NOW, tick=False):
            planning.plan_range(first_id=0, last_id=10**9, now=NOW)
        attempts = len(settings.REMINDER_RETRY_DELAYS) + 1
        Reminder.objects.update(status=Status.SENDING, claimed_at=NOW, attempts=attempts)
        sweep(NOW + datetime.timedelta(seconds=settings.REMINDER_SENDING_LEASE_SECONDS + 60))
        reminder = Reminder.objects.get()
        assert reminder.status == Status.FAILED
        assert "stopped before it finished" in reminder.last_error
        assert mail.outbox == []


@pytest.mark.django_db
class TestOptionalReminders:
    def test_inactivity_nudge_carries_one_click_unsubscribe(self, organisation: Organisation,
                                                            course: Course) -> None:  # fmt: skip
        cohort = CohortFactory(organisation=organisation, course=course, due_on=None)
        enrol(cohort, days_ago=14)
        sweep()
        (message,) = mail.outbox
        assert Reminder.objects.get().kind == Kind.INACTIVITY
        link = message.extra_headers["List-Unsubscribe"].strip("<>")
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert link in message.body

    def test_the_unsubscribe_link_works_without_signing_in(self, client: Client,
                                                           manager: User) -> None:  # fmt: skip
        url = reverse("reminders:unsubscribe", args=[unsubscribe_token(manager)])
        assert "Switch off optional reminders" in client.get(url).content.decode()
        # a mail program's one-click POST has no CSRF token
        client.post(url, {"List-Unsubscribe": "One-Click"})
        manager.refresh_from_db()
        assert manager.optional_reminders is False
        client.post(url, {"enable": "1"})
        manager.refresh_from_db()
        assert manager.optional_reminders is True

    @pytest.mark.parametrize("token", ["nonsense", "x" * 500, "<script>alert(1)</script>", "=1+1"])
    def test_a_forged_or_broken_token_is_a_404(self, client: Client, manager: User,
                                               token: str) -> None:  # fmt: skip
        signed = unsubscribe_token(manager)
        assert client.get(f"/reminders/unsubscribe/{quote(token, safe='')}/").status_code == 404
        forged = signed[:-2] + ("AA" if not signed.endswith("AA") else "BB")
        assert client.post(reverse("reminders:unsubscribe", args=[forged])).status_code == 404
        manager.refresh_from_db()
        assert manager.optional_reminders is True

    def test_switched_off_means_no_nudge_but_still_due_date_reminders(
        self, due_cohort: Cohort
    ) -> None:
        enrol(due_cohort, optional_reminders=False)
        sweep()
        assert list(Reminder.objects.values_list("kind", flat=True)) == [Kind.BEFORE_DUE]


@pytest.mark.django_db
class TestLineManagers:
    def test_copied_from_the_second_overdue_reminder(self, due_cohort: Cohort) -> None:
        boss = UserFactory(organisation=due_cohort.organisation)
        enrol(due_cohort, line_manager=boss)
        sweep(datetime.datetime(2027, 2, 3, 8, 0, tzinfo=datetime.UTC))  # first overdue
        assert mail.outbox[-1].cc == []
        sweep(datetime.datetime(2027, 2, 10, 8, 0, tzinfo=datetime.UTC))  # second
        assert mail.outbox[-1].cc == [boss.email]

    def test_several_reports_behind_give_one_weekly_digest_instead(
        self, due_cohort: Cohort
    ) -> None:
        boss = UserFactory(organisation=due_cohort.organisation, language="en")
        for name in ("Anna", "Bo", "Carl"):
            enrol(due_cohort, line_manager=boss, first_name=name)
        monday = datetime.datetime(2027, 2, 8, 8, 0, tzinfo=datetime.UTC)
        sweep(monday)
        sweep(monday + datetime.timedelta(hours=6))
        digests = [message for message in mail.outbox if message.to == [boss.email]]
        assert len(digests) == 1
        assert digests[0].subject == "3 of your team are behind schedule"
        assert all(name in digests[0].body for name in ("Anna", "Bo", "Carl"))
        assert reverse("team") in digests[0].body
        sweep(datetime.datetime(2027, 2, 10, 8, 0, tzinfo=datetime.UTC))  # second overdue
        copied = [message for message in mail.outbox if boss.email in message.cc]
        assert copied == []  # the digest tells them, not one email per report


@pytest.mark.django_db
class TestHrNudge:
    def test_preview_then_nudge_at_most_once_in_24_hours(
        self, due_cohort: Cohort, hr: User, django_capture_on_commit_callbacks
    ) -> None:
        behind, on_track, slow = enrol(due_cohort), enrol(due_cohort), enrol(due_cohort)
        Enrolment.objects.filter(pk=behind.pk).update(due_on=datetime.date(2027, 1, 10))
        # 16 days of a year gone: not yet behind; 3 weeks of 4 gone, nothing done: behind
        Enrolment.objects.filter(pk=on_track.pk).update(due_on=datetime.date(2027, 12, 31))
        Enrolment.objects.filter(pk=slow.pk).update(due_on=datetime.date(2027, 1, 31))
        outline = get_course_outline(due_cohort.course_id)
        plan = plan_nudge(due_cohort, outline, now=NOW)
        assert sorted(enrolment.pk for enrolment in plan.to_remind) == [behind.pk, slow.pk]
        first = nudge_behind(cohort=due_cohort, outline=outline, requested_by=hr, now=NOW)
        later = NOW + datetime.timedelta(hours=20)
        assert nudge_behind(cohort=due_cohort, outline=outline, requested_by=hr, now=later) == []
        assert len(first) == 2
        tomorrow = NOW + datetime.timedelta(hours=25)
        assert len(nudge_behind(cohort=due_cohort, outline=outline, requested_by=hr,
                                now=tomorrow)) == 2  # fmt: skip


def test_digests_are_planned_only_on_mondays(db: None, due_cohort: Cohort) -> None:
    boss = UserFactory(organisation=due_cohort.organisation)
    enrol(due_cohort, line_manager=boss)
    enrol(due_cohort, line_manager=boss)
    friday = datetime.datetime(2027, 2, 5, 8, 0, tzinfo=datetime.UTC)
    assert plan_digests(now=friday) == 0
    assert plan_digests(now=friday + datetime.timedelta(days=3)) == 1
    assert Reminder.objects.get().scheduled_for == datetime.date(2027, 2, 8)
