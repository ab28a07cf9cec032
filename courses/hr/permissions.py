"""Who may reach the HR area, and the one way to load its objects.

Only HR admins of an organisation get in. Everybody else (managers, trainers who are
not HR admins, platform staff without an organisation) gets a 404, exactly as for a
page that does not exist, and so does any id belonging to another organisation.
"""

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.http.response import HttpResponseBase

from courses.models import Cohort, Enrolment, content_version_sql
from users.models import Organisation, User
from users.types import AuthenticatedHttpRequest

P = ParamSpec("P")


class HrRequest(AuthenticatedHttpRequest):
    """A request that passed ``hr_admin_required``: the user is an HR admin of this
    organisation."""

    organisation: Organisation


def is_hr_admin_of_an_organisation(user: User) -> bool:
    return user.is_active and user.is_hr_admin and user.organisation_id is not None


def hr_admin_required(
    view: Callable[Concatenate[HrRequest, P], HttpResponseBase],
) -> Callable[Concatenate[AuthenticatedHttpRequest, P], HttpResponseBase]:
    """Signed in (else the sign-in page), and an HR admin (else 404)."""

    @login_required
    @wraps(view)
    def wrapped(
        request: AuthenticatedHttpRequest, *args: P.args, **kwargs: P.kwargs
    ) -> HttpResponseBase:
        if not is_hr_admin_of_an_organisation(request.user):
            raise Http404
        request.organisation = request.user.organisation  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)  # type: ignore[arg-type]

    return wrapped


def get_cohort_for_hr_or_404(organisation: Organisation, cohort_id: int) -> Cohort:
    """The organisation's cohort, with ``content_version`` read in the same statement
    (see courses.hr.selectors.cohort_outline)."""
    cohort = (
        Cohort.objects.select_related("course")
        .annotate(content_version=content_version_sql())
        .filter(pk=cohort_id, organisation=organisation)
        .first()
    )
    if cohort is None:
        raise Http404
    return cohort


def get_enrolment_for_hr_or_404(cohort: Cohort, enrolment_id: int) -> Enrolment:
    enrolment = (
        Enrolment.objects.select_related("learner", "cohort")
        .filter(pk=enrolment_id, cohort=cohort)
        .first()
    )
    if enrolment is None:
        raise Http404
    return enrolment
