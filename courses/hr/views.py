"""The HR area's pages. Every view is behind hr_admin_required and loads what it shows
through the organisation-scoped loaders in courses.hr.permissions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from courses.hr.forms import AddMemberForm, CohortForm, LearnerFilterForm
from courses.hr.permissions import HrRequest, get_cohort_for_hr_or_404, hr_admin_required
from courses.hr.selectors import (
    PAGE_SIZE,
    SORTS,
    cohort_departments,
    cohort_enrolments,
    completion_percent,
    learner_rows,
    list_cohorts,
)
from courses.hr.services import AddResult, NewMember, add_member
from courses.selectors import get_course_outline


@hr_admin_required
@require_GET
def cohort_list(request: HrRequest) -> HttpResponse:
    cohorts = list(list_cohorts(request.organisation, today=timezone.localdate()))
    for cohort in cohorts:
        cohort.completion = completion_percent(cohort.completed, cohort.size)  # type: ignore[attr-defined]
    return render(request, "courses/hr/cohort_list.html", {"cohorts": cohorts})


@hr_admin_required
@require_http_methods(["GET", "POST"])
def cohort_create(request: HrRequest) -> HttpResponse:
    form = CohortForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cohort = form.save(commit=False)
        cohort.organisation = request.organisation
        cohort.save()
        messages.success(request, _("The cohort is created. Now add its learners."))
        return redirect("hr:cohort", cohort_id=cohort.pk)
    return render(request, "courses/hr/cohort_form.html", {"form": form, "cohort": None})


@hr_admin_required
@require_http_methods(["GET", "POST"])
def cohort_edit(request: HrRequest, cohort_id: int) -> HttpResponse:
    cohort = get_cohort_for_hr_or_404(request.organisation, cohort_id)
    form = CohortForm(request.POST or None, instance=cohort)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The cohort is saved."))
        return redirect("hr:cohort", cohort_id=cohort.pk)
    return render(request, "courses/hr/cohort_form.html", {"form": form, "cohort": cohort})


@hr_admin_required
@require_GET
def cohort_detail(request: HrRequest, cohort_id: int) -> HttpResponse:
    cohort = get_cohort_for_hr_or_404(request.organisation, cohort_id)
    today = timezone.localdate()
    outline = get_course_outline(cohort.course_id)
    filters = LearnerFilterForm(request.GET, departments=cohort_departments(cohort))
    sort = request.GET.get("sort", "name")
    sort = sort if sort in SORTS else "name"
    descending = request.GET.get("order") == "desc"
    enrolments = cohort_enrolments(
        cohort,
        outline,
        today=today,
        department=filters.value("department"),
        status=filters.value("status"),
        sort=sort,
        descending=descending,
    )
    page = Paginator(enrolments, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "courses/hr/cohort_detail.html",
        {
            "cohort": cohort,
            "outline": outline,
            "filters": filters,
            "page": page,
            "rows": learner_rows(list(page.object_list), outline, today=today),
            "sort": sort,
            "descending": descending,
            "add_form": AddMemberForm(),
        },
    )


@hr_admin_required
@require_http_methods(["GET", "POST"])
def add_learner(request: HrRequest, cohort_id: int) -> HttpResponse:
    cohort = get_cohort_for_hr_or_404(request.organisation, cohort_id)
    form = AddMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = add_member(
                cohort=cohort,
                person=NewMember(
                    email=data["email"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    department=data["department"],
                    language=data["language"],
                ),
                invited_by=request.user,
                now=timezone.now(),
                base_url=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            field = "first_name" if error.code == "name_required" else "email"
            form.add_error(field, error)
        else:
            messages.success(
                request,
                {
                    AddResult.ENROLLED: _("%(email)s is enrolled in the cohort."),
                    AddResult.INVITED: _(
                        "%(email)s is invited by email and enrolled in the cohort."
                    ),
                    AddResult.ALREADY: _("%(email)s was already in the cohort."),
                }[result]
                % {"email": data["email"]},
            )
            return redirect("hr:cohort", cohort_id=cohort.pk)
    return render(request, "courses/hr/add_learner.html", {"cohort": cohort, "form": form})
