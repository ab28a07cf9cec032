"""Which reminders are due, rule by rule, on frozen calendar days; and the sweep's idea of
"today" across a daylight-saving change."""

import datetime
import zoneinfo

import pytest

from courses.models import Reminder
from courses.reminders.rules import GRACE_DAYS, Due, Facts, Rules, due_reminders, local_date

Kind = Reminder.Kind
DUE = datetime.date(2027, 3, 31)  # the Wednesday after Europe switched to summer time
ENROLLED = datetime.date(2027, 2, 1)
COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def kinds_on(today: str, facts: Facts | None = None, rules: Rules | None = None) -> list[Due]:
    facts = facts or Facts(enrolled_on=ENROLLED, due_on=DUE, last_active_on=day(today))
    return due_reminders(facts, rules or Rules(), day(today))


class TestTheDefaults:
    def test_welcome_on_the_day_of_enrolment(self) -> None:
        assert kinds_on("2027-02-01") == [Due(Kind.WELCOME, ENROLLED)]

    @pytest.mark.parametrize(
        ("today", "expected"),
        [
            ("2027-03-23", []),
            ("2027-03-24", [Due(Kind.BEFORE_DUE, day("2027-03-24"), sequence=7)]),
            ("2027-03-30", [Due(Kind.BEFORE_DUE, day("2027-03-30"), sequence=1)]),
            ("2027-03-31", [Due(Kind.ON_DUE, DUE)]),
            ("2027-04-07", [Due(Kind.OVERDUE, day("2027-04-07"), sequence=1)]),
            ("2027-04-14", [Due(Kind.OVERDUE, day("2027-04-14"), sequence=2)]),
            ("2027-04-21", [Due(Kind.OVERDUE, day("2027-04-21"), sequence=3)]),
            ("2027-04-28", []),  # at most three overdue reminders
        ],
    )
    def test_before_on_and_after_the_due_date(self, today: str, expected: list[Due]) -> None:
        assert kinds_on(today) == expected

    def test_the_line_manager_is_copied_from_the_second_overdue_reminder(self) -> None:
        facts = Facts(enrolled_on=ENROLLED, due_on=DUE, last_active_on=DUE, has_line_manager=True)
        first, second = kinds_on("2027-04-07", facts), kinds_on("2027-04-14", facts)
        assert not first[0].copy_line_manager
        assert second[0].copy_line_manager
        nobody = Facts(enrolled_on=ENROLLED, due_on=DUE, last_active_on=DUE)
        assert not kinds_on("2027-04-14", nobody)[0].copy_line_manager

    def test_a_missed_day_is_caught_up_within_the_grace_period_then_dropped(self) -> None:
        late = datetime.date(2027, 3, 24) + datetime.timedelta(days=GRACE_DAYS)
        assert kinds_on(late.isoformat())[0].scheduled_for == day("2027-03-24")
        too_late = late + datetime.timedelta(days=1)
        assert kinds_on(too_late.isoformat()) == []

    def test_when_several_fall_together_only_the_latest_goes_out(self) -> None:
        rules = Rules(before_due_days=(2, 1))
        assert kinds_on("2027-03-30", rules=rules) == [
            Due(Kind.BEFORE_DUE, day("2027-03-30"), sequence=1)
        ]

    def test_a_reminder_before_the_learner_was_enrolled_is_not_sent(self) -> None:
        facts = Facts(enrolled_on=day("2027-03-26"), due_on=DUE, last_active_on=None)
        assert kinds_on("2027-03-26", facts) == [Due(Kind.WELCOME, day("2027-03-26"))]
        assert kinds_on("2027-03-27", facts) == [Due(Kind.WELCOME, day("2027-03-26"))]
        assert kinds_on("2027-03-30", facts) == [
            Due(Kind.BEFORE_DUE, day("2027-03-30"), sequence=1)
        ]


class TestInactivity:
    def test_a_nudge_after_fourteen_quiet_days(self) -> None:
        facts = Facts(enrolled_on=ENROLLED, due_on=DUE, last_active_on=day("2027-02-10"))
        assert kinds_on("2027-02-23", facts) == []
        assert kinds_on("2027-02-24", facts) == [
            Due(Kind.INACTIVITY, day("2027-02-24"), sequence=14)
        ]

    def test_never_active_counts_from_the_enrolment(self) -> None:
        facts = Facts(enrolled_on=ENROLLED, due_on=None, last_active_on=None)
        assert kinds_on("2027-02-15", facts) == [Due(Kind.INACTIVITY, day("2027-02-15"), 14)]

    def test_not_when_the_learner_switched_optional_reminders_off(self) -> None:
        facts = Facts(
            enrolled_on=ENROLLED, due_on=None, last_active_on=None, optional_reminders=False
        )
        assert kinds_on("2027-02-15", facts) == []

    def test_a_due_date_reminder_on_the_same_day_wins(self) -> None:
        facts = Facts(enrolled_on=ENROLLED, due_on=DUE, last_active_on=day("2027-03-17"))
        assert kinds_on("2027-03-31", facts) == [Due(Kind.ON_DUE, DUE)]


class TestChangesTakeEffectAtOnce:
    def test_completing_stops_everything_but_the_congratulations(self) -> None:
        facts = Facts(enrolled_on=ENROLLED, due_on=DUE, completed_on=day("2027-03-24"))
        assert kinds_on("2027-03-24", facts) == [Due(Kind.COMPLETION, day("2027-03-24"))]
        assert kinds_on("2027-03-31", facts) == []

    def test_withdrawing_stops_everything(self) -> None:
        facts = Facts(enrolled_on=ENROLLED, due_on=DUE, withdrawn=True)
        assert kinds_on("2027-03-31", facts) == []

    def test_a_later_due_date_moves_the_reminders(self) -> None:
        extended = Facts(enrolled_on=ENROLLED, due_on=day("2027-04-30"), last_active_on=DUE)
        assert kinds_on("2027-03-31", extended) == []
        assert kinds_on("2027-04-23", extended)[0].kind == Kind.BEFORE_DUE

    def test_hr_can_switch_due_date_reminders_off_for_a_cohort_or_a_learner(self) -> None:
        assert kinds_on("2027-03-31", rules=Rules(due_reminders=False)) == []
        facts = Facts(enrolled_on=ENROLLED, due_on=DUE, last_active_on=DUE, due_reminders=False)
        assert kinds_on("2027-03-31", facts) == []

    def test_rules_of_the_organisation_are_used(self) -> None:
        rules = Rules(before_due_days=(3,), on_due_date=False, overdue_every_days=2,
                      overdue_times=1)  # fmt: skip
        assert kinds_on("2027-03-28", rules=rules)[0] == Due(Kind.BEFORE_DUE, day("2027-03-28"), 3)
        assert kinds_on("2027-03-31", rules=rules) == []
        assert kinds_on("2027-04-02", rules=rules)[0].kind == Kind.OVERDUE
        assert kinds_on("2027-04-05", rules=rules) == []  # one overdue reminder only


class TestTheCalendarAcrossDaylightSaving:
    """Europe moved its clocks forward at 02:00 on Sunday 28 March 2027."""

    @pytest.mark.parametrize(
        ("moment", "local"),
        [
            # 00:30 in Copenhagen (winter time, UTC+1) is still the 23rd in UTC.
            ("2027-03-23T23:30:00+00:00", "2027-03-24"),
            ("2027-03-23T22:59:00+00:00", "2027-03-23"),
            # After the change (UTC+2), local midnight is 22:00 UTC.
            ("2027-03-29T22:30:00+00:00", "2027-03-30"),
            ("2027-03-29T21:59:00+00:00", "2027-03-29"),
        ],
    )
    def test_today_is_the_recipients_calendar_day(self, moment: str, local: str) -> None:
        assert local_date(datetime.datetime.fromisoformat(moment), COPENHAGEN) == day(local)

    def test_seven_days_before_is_seven_calendar_days_though_one_has_23_hours(self) -> None:
        # From 24 March 00:30 to 31 March 00:30 local is only 167 hours, yet 7 days.
        sent = datetime.datetime.fromisoformat("2027-03-23T23:30:00+00:00")
        assert kinds_on(local_date(sent, COPENHAGEN).isoformat()) == [
            Due(Kind.BEFORE_DUE, day("2027-03-24"), sequence=7)
        ]
        # The day before tomorrow's due date, just after local midnight in summer time.
        sent = datetime.datetime.fromisoformat("2027-03-29T22:30:00+00:00")
        assert kinds_on(local_date(sent, COPENHAGEN).isoformat()) == [
            Due(Kind.BEFORE_DUE, day("2027-03-30"), sequence=1)
        ]


class TestActionPlanFollowUps:
    COMPLETED = day("2027-03-10")

    def facts(self, **changes: object) -> Facts:
        return Facts(
            **{"enrolled_on": ENROLLED, "due_on": DUE, "completed_on": self.COMPLETED,
               "has_plan": True, **changes}  # type: ignore[arg-type]
        )  # fmt: skip

    @pytest.mark.parametrize("days", [30, 60, 90])
    def test_a_check_in_30_60_and_90_days_after_completion(self, days: int) -> None:
        on = self.COMPLETED + datetime.timedelta(days=days)
        assert due_reminders(self.facts(), Rules(), on) == [Due(Kind.FOLLOW_UP, on, days)]
        assert due_reminders(self.facts(), Rules(), on - datetime.timedelta(days=1)) == []

    def test_none_without_a_plan_or_when_the_rules_say_no(self) -> None:
        on = self.COMPLETED + datetime.timedelta(days=30)
        assert due_reminders(self.facts(has_plan=False), Rules(), on) == []
        assert due_reminders(self.facts(), Rules(follow_ups=False), on) == []
        assert due_reminders(self.facts(withdrawn=True), Rules(), on) == []
