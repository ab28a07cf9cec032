"""Demo data for ``make run``: one organisation, one account per role, the course assigned.

Idempotent, so ``make run`` can call it every time. Never used in production.
"""

import datetime
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction

from courses.models import Cohort, Course
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
    return list(DEMO_ACCOUNTS)
