"""Write use cases of the HR area. Each takes the acting HR admin's organisation and
refuses anything outside it; each is one transaction."""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from courses.models import Cohort, CohortModuleDue, CourseModule, Enrolment, ReminderRules
from courses.report_cache import touch_cohorts
from courses.services import enrol_learner
from users.invitations import invite
from users.models import Organisation, User


@dataclass(frozen=True)
class NewMember:
    email: str
    first_name: str = ""
    last_name: str = ""
    department: str = ""
    language: str = ""


class AddResult:
    ENROLLED = "enrolled"  # an existing member, now in the cohort
    INVITED = "invited"  # a new person, invited by email and enrolled
    ALREADY = "already"  # was in the cohort already


def find_member(organisation: Organisation, email: str) -> User | None:
    return User.objects.filter(organisation=organisation, email__iexact=email).first()


def email_taken_elsewhere(organisation: Organisation, email: str) -> bool:
    """The address belongs to someone outside the organisation (or to platform staff).
    Such a person is never moved, enrolled or revealed."""
    return User.objects.filter(email__iexact=email).exclude(organisation=organisation).exists()


@transaction.atomic
def add_member(
    *,
    cohort: Cohort,
    person: NewMember,
    invited_by: User,
    now: datetime.datetime,
    base_url: str,
) -> str:
    """Enrol an existing member of the organisation, or invite a new person and enrol
    them. Returns an AddResult value; raises ValidationError for an address that cannot
    be enrolled (someone outside the organisation), without saying whose it is."""
    email = person.email.strip().lower()
    organisation = cohort.organisation
    if email_taken_elsewhere(organisation, email):
        raise ValidationError(_("This address cannot be enrolled."), code="elsewhere")
    user = find_member(organisation, email)
    result = AddResult.ENROLLED
    if user is None:
        if not person.first_name.strip() or not person.last_name.strip():
            raise ValidationError(
                _("A new person needs a first and a last name."), code="name_required"
            )
        user = User.objects.create_user(
            email=email,
            password=None,  # unusable until they accept the invitation
            first_name=person.first_name.strip(),
            last_name=person.last_name.strip(),
            department=person.department.strip(),
            language=person.language,
            organisation=organisation,
        )
        invite(user=user, invited_by=invited_by, now=now, base_url=base_url)
        result = AddResult.INVITED
    elif Enrolment.objects.filter(cohort=cohort, learner=user).exists():
        return AddResult.ALREADY
    enrol_learner(cohort=cohort, learner=user, now=now)
    return result


@transaction.atomic
def save_cohort(
    *, cohort: Cohort, module_dues: Mapping[int, datetime.date | None] | None = None
) -> Cohort:
    """Create or update the cohort, and set or clear its modules' due dates (module id
    -> date or None). Dates of modules not in the cohort's course are dropped, so
    changing the course leaves none behind."""
    cohort.save()
    module_ids = set(
        CourseModule.objects.filter(course_id=cohort.course_id).values_list("module_id", flat=True)
    )
    CohortModuleDue.objects.filter(cohort=cohort).exclude(module_id__in=module_ids).delete()
    for module_id, due_on in (module_dues or {}).items():
        if module_id not in module_ids:
            continue
        if due_on is None:
            CohortModuleDue.objects.filter(cohort=cohort, module_id=module_id).delete()
        else:
            CohortModuleDue.objects.update_or_create(
                cohort=cohort, module_id=module_id, defaults={"due_on": due_on}
            )
    cohort.module_due_dates = {
        str(module_id): due_on.isoformat()
        for module_id, due_on in CohortModuleDue.objects.filter(cohort=cohort).values_list(
            "module_id", "due_on"
        )
    }
    cohort.save(update_fields=["module_due_dates"])
    touch_cohorts([cohort.pk])
    return cohort


# Changes to one learner's enrolment ---------------------------------------------------------


@transaction.atomic
def withdraw(*, enrolment: Enrolment, now: datetime.datetime) -> None:
    """Take the learner out of the cohort: their progress is kept, and nothing is due
    from them any more (reminders stop). Idempotent."""
    Enrolment.objects.filter(pk=enrolment.pk, withdrawn_at__isnull=True).update(withdrawn_at=now)
    touch_cohorts([enrolment.cohort_id])


@transaction.atomic
def reinstate(*, enrolment: Enrolment) -> None:
    Enrolment.objects.filter(pk=enrolment.pk).update(withdrawn_at=None)
    touch_cohorts([enrolment.cohort_id])


@transaction.atomic
def extend_due_date(*, enrolment: Enrolment, due_on: datetime.date) -> None:
    """Give one learner a personal due date. It may not fall before the cohort starts."""
    if due_on < enrolment.cohort.starts_on:
        raise ValidationError(
            _("The due date cannot be before the cohort's start date."), code="before_start"
        )
    Enrolment.objects.filter(pk=enrolment.pk).update(due_on=due_on)
    touch_cohorts([enrolment.cohort_id])


@transaction.atomic
def move_learner(*, enrolment: Enrolment, to: Cohort, now: datetime.datetime) -> Enrolment:
    """Move the learner to another cohort of the same organisation and course. Progress
    belongs to the learner, not the enrolment, so all of it comes along."""
    if to.organisation_id != enrolment.cohort.organisation_id:
        raise ValidationError(_("Choose one of your organisation's cohorts."), code="elsewhere")
    if to.course_id != enrolment.cohort.course_id:
        raise ValidationError(
            _("The learner can only move to a cohort taking the same course."), code="course"
        )
    if to.pk == enrolment.cohort_id:
        return enrolment
    existing = Enrolment.objects.filter(cohort=to, learner_id=enrolment.learner_id).first()
    if existing is not None:
        Enrolment.objects.filter(pk=existing.pk).update(withdrawn_at=None)
        moved = existing
    else:
        moved = Enrolment.objects.create(
            cohort=to,
            learner_id=enrolment.learner_id,
            enrolled_at=enrolment.enrolled_at,
            completed_at=enrolment.completed_at,
        )
    Enrolment.objects.filter(pk=enrolment.pk).update(withdrawn_at=now)
    touch_cohorts([enrolment.cohort_id, to.pk])
    return moved


# Reminders ---------------------------------------------------------------------------------


@transaction.atomic
def set_due_reminders(*, enrolment: Enrolment, enabled: bool) -> None:
    """Start or stop one learner's due-date reminders (only HR may stop them)."""
    Enrolment.objects.filter(pk=enrolment.pk).update(due_reminders=enabled)


def rules_of(organisation: Organisation, cohort: Cohort | None = None) -> ReminderRules:
    """The rules as they stand (unsaved defaults if none were saved): a cohort's own,
    else a fresh copy of its organisation's, to edit."""
    if cohort is not None:
        own = ReminderRules.objects.filter(cohort=cohort).first()
        if own is not None:
            return own
    base = ReminderRules.objects.filter(organisation=organisation, cohort__isnull=True).first()
    rules = base or ReminderRules(organisation=organisation)
    if cohort is not None:
        rules.pk = None
        rules.cohort = cohort
    return rules


@transaction.atomic
def save_reminder_rules(*, rules: ReminderRules) -> ReminderRules:
    """Save an organisation's rules or a cohort's own (the form has validated them). The
    next sweep follows them; reminders already recorded are checked against them again
    just before they are sent."""
    rules.save()
    return rules


@transaction.atomic
def drop_cohort_rules(*, cohort: Cohort) -> None:
    """The cohort follows its organisation's rules again."""
    ReminderRules.objects.filter(cohort=cohort).delete()
