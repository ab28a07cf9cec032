"""Demo data for ``make run``: one organisation, one account per role, the course assigned,
and the manager's own team in an earlier cohort, two of them behind, so the reminders, the
HR pages and the line manager's team page have something to show.

Idempotent, so ``make run`` can call it every time. Never used in production.
"""

import datetime
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction

from courses.models import Cohort, Course, Enrolment
from courses.services import enrol_learner
from users.models import Organisation, User

DEMO_PASSWORD = "customer-first-2026"  # noqa: S105 - published on purpose, demo only
COURSE_SLUG = "customer-focused-leadership"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    role: str
    first_name: str
    last_name: str
    is_hr_admin: bool = False
    is_trainer: bool = False
    is_superuser: bool = False


DEMO_ACCOUNTS = (
    DemoAccount("manager@example.com", "manager", "Mette", "Lund"),
    DemoAccount("hr@example.com", "HR admin", "Henrik", "Rasmussen", is_hr_admin=True),
    DemoAccount("trainer@example.com", "trainer", "Tove", "Berg", is_trainer=True),
    DemoAccount("admin@example.com", "superuser (Django admin)", "Ada", "Holm", is_superuser=True),
)


# The demo manager's direct reports: (email, first name, last name, due in days from today).
DEMO_TEAM = (
    ("ole@example.com", "Ole", "Dahl", -8),  # overdue: reminded now, and in the digest
    ("sara@example.com", "Sara", "Friis", -15),  # overdue for a second week
    ("jonas@example.com", "Jonas", "Krogh", 7),  # gets the "due in 7 days" reminder
)


@transaction.atomic
def create_demo_data(*, now: datetime.datetime) -> list[DemoAccount]:
    """Create the demo organisation, accounts and cohort; return the accounts.

    Requires the content to be loaded (the course must exist).
    """
    organisation, _created = Organisation.objects.get_or_create(
        slug="nordlys-retail", defaults={"name": "Nordlys Retail A/S"}
    )
    users: dict[str, User] = {}
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(email=account.email).first()
        if user is None:
            user = User.objects.create_user(
                email=account.email,
                password=DEMO_PASSWORD,
                first_name=account.first_name,
                last_name=account.last_name,
                organisation=None if account.is_superuser else organisation,
                department="" if account.is_superuser else "Stores",
                is_hr_admin=account.is_hr_admin,
                is_trainer=account.is_trainer,
                is_staff=account.is_superuser,
                is_superuser=account.is_superuser,
            )
        # Sign-in requires a verified address; the demo accounts' are taken as verified.
        EmailAddress.objects.update_or_create(
            user=user, email=account.email, defaults={"verified": True, "primary": True}
        )
        users[account.email] = user
    cohort, _created = Cohort.objects.get_or_create(
        organisation=organisation,
        name="Store managers, autumn 2026",
        defaults={
            "course": Course.objects.get(slug=COURSE_SLUG),
            "starts_on": now.date() - datetime.timedelta(days=7),
            "due_on": now.date() + datetime.timedelta(days=60),
        },
    )
    enrol_learner(cohort=cohort, learner=users["manager@example.com"], now=now)
    _create_demo_team(organisation, manager=users["manager@example.com"], now=now)
    return list(DEMO_ACCOUNTS)


def _create_demo_team(organisation: Organisation, *, manager: User, now: datetime.datetime) -> None:
    earlier, _created = Cohort.objects.get_or_create(
        organisation=organisation,
        name="Store managers, spring 2026",
        defaults={
            "course": Course.objects.get(slug=COURSE_SLUG),
            "starts_on": now.date() - datetime.timedelta(days=90),
            "due_on": now.date() - datetime.timedelta(days=8),
        },
    )
    for email, first_name, last_name, due_in in DEMO_TEAM:
        person = User.objects.filter(email=email).first()
        if person is None:
            person = User.objects.create_user(
                email=email,
                password=DEMO_PASSWORD,
                first_name=first_name,
                last_name=last_name,
                organisation=organisation,
                department="Stores",
                line_manager=manager,
            )
            EmailAddress.objects.create(user=person, email=email, verified=True, primary=True)
        enrolment = enrol_learner(
            cohort=earlier, learner=person, now=now - datetime.timedelta(days=60)
        )
        if enrolment.due_on is None:
            Enrolment.objects.filter(pk=enrolment.pk).update(
                due_on=now.date() + datetime.timedelta(days=due_in)
            )
