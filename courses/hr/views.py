"""The HR area's pages. Every view is behind hr_admin_required and loads what it shows
through the organisation-scoped loaders in courses.hr.permissions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from courses.csv_import import MAX_BYTES, CsvFileError, parse_enrolment_csv, template_csv
from courses.hr.forms import AddMemberForm, CohortForm, LearnerFilterForm, UploadForm
from courses.hr.imports import (
    Action,
    ImportRefused,
    confirm_import,
    plan_import,
    preview_rows,
    store_upload,
)
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
from courses.models import CsvImport
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


@hr_admin_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HrRequest, cohort_id: int) -> HttpResponse:
    cohort = get_cohort_for_hr_or_404(request.organisation, cohort_id)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_BYTES:
                raise CsvFileError(
                    _("The file is larger than %(limit)s MB.") % {"limit": MAX_BYTES // 2**20}
                )
            parsed = parse_enrolment_csv(upload.read(MAX_BYTES + 1))
        except CsvFileError as error:
            form.add_error("file", error.message)
        else:
            stored = store_upload(
                cohort=cohort,
                parsed=parsed,
                filename=upload.name or "",
                uploaded_by=request.user,
                now=timezone.now(),
            )
            return redirect("hr:import_preview", cohort_id=cohort.pk, import_id=stored.pk)
    return render(request, "courses/hr/import_upload.html", {"cohort": cohort, "form": form})


def _get_import_or_404(cohort_id: int, import_id: int, request: HrRequest) -> CsvImport:
    cohort = get_cohort_for_hr_or_404(request.organisation, cohort_id)
    upload = CsvImport.objects.filter(pk=import_id, cohort=cohort).select_related("cohort").first()
    if upload is None:
        raise Http404
    return upload


@hr_admin_required
@require_GET
def import_preview(request: HrRequest, cohort_id: int, import_id: int) -> HttpResponse:
    upload = _get_import_or_404(cohort_id, import_id, request)
    plan = plan_import(upload)
    return render(
        request,
        "courses/hr/import_preview.html",
        {
            "cohort": upload.cohort,
            "upload": upload,
            "plan": plan,
            "counts": {
                action: plan.count(action)
                for action in (Action.CREATE, Action.ENROL, Action.ALREADY, Action.ERROR)
            },
            **preview_rows(plan),
        },
    )


@hr_admin_required
@require_POST
def import_confirm(request: HrRequest, cohort_id: int, import_id: int) -> HttpResponse:
    upload = _get_import_or_404(cohort_id, import_id, request)
    try:
        plan = confirm_import(
            upload=upload,
            invited_by=request.user,
            now=timezone.now(),
            base_url=request.build_absolute_uri("/"),
        )
    except ImportRefused as error:
        messages.error(request, str(error))
        return redirect("hr:import_preview", cohort_id=cohort_id, import_id=import_id)
    messages.success(
        request,
        _(
            "Done: %(invited)s invited and enrolled, %(enrolled)s enrolled, %(already)s already in "
            "the cohort."
        )
        % {
            "invited": plan.count(Action.CREATE),
            "enrolled": plan.count(Action.ENROL),
            "already": plan.count(Action.ALREADY),
        },
    )
    return redirect("hr:cohort", cohort_id=cohort_id)


@hr_admin_required
@require_GET
def import_template(request: HrRequest) -> HttpResponse:
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="enrolment-template.csv"'
    return response
