"""Enrolment by CSV in one pass: upload, preview every row, confirm all or nothing.

The file is parsed by courses.csv_import (pure). Here each row is classified against
the database: a new person to invite (create), a member to enrol (enrol), someone
already in the cohort (already), or a row that cannot be taken (error, with the reason).
Confirming applies the whole plan in one transaction, or nothing if any row has an
error. Re-uploading the same file plans nothing but "already", so it changes nothing.
"""

import datetime
from dataclasses import asdict, dataclass
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from courses.csv_import import CsvRow, ParsedFile
from courses.models import Cohort, CsvImport, Enrolment
from courses.report_cache import touch_cohorts
from users.models import Invitation, User
from users.tasks import send_invitations


class Action:
    CREATE = "create"
    ENROL = "enrol"
    ALREADY = "already"
    ERROR = "error"


@dataclass(frozen=True)
class PlannedRow:
    line: int
    email: str
    name: str
    action: str
    message: str = ""


@dataclass(frozen=True)
class Plan:
    rows: tuple[PlannedRow, ...]

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def errors(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.action == Action.ERROR]

    @property
    def can_confirm(self) -> bool:
        return not self.errors and any(
            row.action in (Action.CREATE, Action.ENROL) for row in self.rows
        )


def store_upload(
    *, cohort: Cohort, parsed: ParsedFile, filename: str, uploaded_by: User, now: datetime.datetime
) -> CsvImport:
    return CsvImport.objects.create(
        cohort=cohort,
        uploaded_by=uploaded_by,
        filename=filename[:255],
        rows=[asdict(row) for row in parsed.rows],
        errors=[asdict(error) for error in parsed.errors],
        created_at=now,
    )


def _rows(upload: CsvImport) -> list[CsvRow]:
    return [CsvRow(**row) for row in upload.rows]


def _people_by_email(emails: set[str]) -> dict[str, User]:
    """Everyone with one of these addresses, compared without case: one query."""
    return {
        user.email_lower: user
        for user in User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=emails)
    }


def plan_import(upload: CsvImport) -> Plan:
    """Classify every row of the upload against the database as it is now."""
    cohort = upload.cohort
    rows = _rows(upload)
    emails = {row.email for row in rows} | {row.manager_email for row in rows if row.manager_email}
    people = _people_by_email(emails)
    in_file = {row.email for row in rows}
    enrolled = set(
        Enrolment.objects.filter(
            cohort=cohort, learner__in=list(people.values()), withdrawn_at__isnull=True
        ).values_list("learner_id", flat=True)
    )
    planned = [
        PlannedRow(line=e["line"], email=e["email"], name="", action=Action.ERROR,
                   message=e["message"])
        for e in upload.errors
    ]  # fmt: skip
    for row in rows:
        name = f"{row.first_name} {row.last_name}".strip()
        person = people.get(row.email)
        manager = people.get(row.manager_email) if row.manager_email else None
        if person is not None and person.organisation_id != cohort.organisation_id:
            planned.append(
                PlannedRow(row.line, row.email, name, Action.ERROR,
                           _("This address cannot be enrolled."))
            )  # fmt: skip
        elif row.manager_email and (
            (manager is None and row.manager_email not in in_file)
            or (manager is not None and manager.organisation_id != cohort.organisation_id)
        ):
            planned.append(
                PlannedRow(row.line, row.email, name, Action.ERROR,
                           _("The manager's address is not a member of your organisation "
                             "or in this file."))
            )  # fmt: skip
        elif person is None:
            planned.append(PlannedRow(row.line, row.email, name, Action.CREATE))
        elif person.pk in enrolled:
            planned.append(PlannedRow(row.line, row.email, name, Action.ALREADY))
        else:
            planned.append(PlannedRow(row.line, row.email, name, Action.ENROL))
    planned.sort(key=lambda row: row.line)
    return Plan(rows=tuple(planned))


class ImportRefused(Exception):
    """The plan has errors (or nothing to do); nothing was changed."""


@transaction.atomic
def confirm_import(
    *, upload: CsvImport, invited_by: User, now: datetime.datetime, base_url: str
) -> Plan:
    """Apply the upload's plan, all or nothing: create and invite the new people, enrol
    everyone not yet in the cohort, and record line managers. Raises ImportRefused."""
    upload = CsvImport.objects.select_for_update().select_related("cohort").get(pk=upload.pk)
    plan = plan_import(upload)
    if plan.errors:
        raise ImportRefused(_("Correct the rows with errors and upload the file again."))
    cohort = upload.cohort
    rows = {row.email: row for row in _rows(upload)}
    actions = {row.email: row.action for row in plan.rows}
    unusable = make_password(None)
    created = User.objects.bulk_create(
        User(
            email=row.email,
            password=unusable,
            first_name=row.first_name,
            last_name=row.last_name,
            department=row.department,
            language=row.language,
            organisation_id=cohort.organisation_id,
        )
        for row in rows.values()
        if actions[row.email] == Action.CREATE
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, primary=True, verified=False) for user in created
    )
    Invitation.objects.bulk_create(
        Invitation(user=user, invited_by=invited_by, first_sent_at=now, last_sent_at=now)
        for user in created
    )
    people = _people_by_email(
        set(rows) | {r.manager_email for r in rows.values() if r.manager_email}
    )
    to_enrol = [
        people[email]
        for email, action in actions.items()
        if action in (Action.CREATE, Action.ENROL)
    ]
    withdrawn = Enrolment.objects.filter(
        cohort=cohort, learner__in=to_enrol, withdrawn_at__isnull=False
    )
    rejoining = set(withdrawn.values_list("learner_id", flat=True))
    withdrawn.update(withdrawn_at=None)
    Enrolment.objects.bulk_create(
        Enrolment(cohort=cohort, learner=user, enrolled_at=now)
        for user in to_enrol
        if user.pk not in rejoining
    )
    managed = []
    for email, row in rows.items():
        manager = people.get(row.manager_email) if row.manager_email else None
        person = people[email]
        if manager is not None and manager.pk != person.pk and person.line_manager_id != manager.pk:
            person.line_manager = manager
            managed.append(person)
    User.objects.bulk_update(managed, ["line_manager"], batch_size=1000)
    upload.confirmed_at = now
    upload.save(update_fields=["confirmed_at"])
    touch_cohorts([cohort.pk])
    if created:
        user_ids = [user.pk for user in created]
        transaction.on_commit(lambda: send_invitations.delay(user_ids, base_url))
    return plan


def preview_rows(plan: Plan, *, limit: int = 500) -> dict[str, Any]:
    """What the preview page lists: every error, and the other rows up to a limit."""
    others = [row for row in plan.rows if row.action != Action.ERROR]
    return {"errors": plan.errors, "others": others[:limit], "more": max(0, len(others) - limit)}
