"""The HR area's pages. Every view is behind hr_admin_required and loads what it shows
through the organisation-scoped loaders in courses.hr.permissions."""

import datetime

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from courses.csv_import import MAX_BYTES, CsvFileError, parse_enrolment_csv, template_csv
from courses.exports import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    csv_stream,
    streaming_response,
    xlsx_stream,
)
from courses.hr.forms import (
    AddMemberForm,
    CohortForm,
    ExtendForm,
    LearnerFilterForm,
    MoveForm,
    UploadForm,
)
from courses.hr.imports import (
    Action,
    ImportRefused,
    confirm_import,
    plan_import,
    preview_rows,
    store_upload,
)
from courses.hr.permissions import (
    HrRequest,
    get_cohort_for_hr_or_404,
    get_enrolment_for_hr_or_404,
    hr_admin_required,
)
from courses.hr.selectors import (
    PAGE_SIZE,
    SORTS,
    cohort_chart_data,
    cohort_departments,
    cohort_enrolments,
    cohort_outline,
    cohort_plan_adoption,
    export_header,
    export_rows,
    learner_rows,
    list_cohorts,
    page_of_enrolments,
    reminders_of_enrolment,
)
from courses.hr.services import (
    AddResult,
    NewMember,
    add_member,
    extend_due_date,
    move_learner,
    reinstate,
    save_cohort,
    set_due_reminders,
    withdraw,
)
from courses.models import Cohort, CsvImport
from courses.report_cache import FRAGMENT_SECONDS, cohort_token, fragment_key
from users.invitations import invite
from users.models import Invitation


@hr_admin_required
@require_GET
def cohort_list(request: HrRequest) -> HttpResponse:
    cohorts = list_cohorts(request.organisation, today=timezone.localdate())
    return render(request, "courses/hr/cohort_list.html", {"cohorts": cohorts})


@hr_admin_required
@require_http_methods(["GET", "POST"])
def cohort_create(request: HrRequest) -> HttpResponse:
    form = CohortForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cohort = form.save(commit=False)
        cohort.organisation = request.organisation
        save_cohort(cohort=cohort)
        messages.success(request, _("The cohort is created. Now add its learners."))
        return redirect("hr:cohort", cohort_id=cohort.pk)
    return render(request, "courses/hr/cohort_form.html", {"form": form, "cohort": None})


@hr_admin_required
@require_http_methods(["GET", "POST"])
def cohort_edit(request: HrRequest, cohort_id: int) -> HttpResponse:
    cohort = get_cohort_for_hr_or_404(request.organisation, cohort_id)
    outline = cohort_outline(cohort)
    form = CohortForm(
        request.POST or None,
        instance=cohort,
        modules=[
            (item.module.pk, f"{item.position}. {item.module.title}") for item in outline.modules
        ],
        module_dues={item.module.pk: cohort.module_due(item.module.pk) for item in outline.modules},
    )
    if request.method == "POST" and form.is_valid():
        save_cohort(cohort=form.save(commit=False), module_dues=form.module_dues())
        messages.success(request, _("The cohort is saved."))
        return redirect("hr:cohort", cohort_id=cohort.pk)
    return render(request, "courses/hr/cohort_form.html", {"form": form, "cohort": cohort})


@hr_admin_required
@require_GET
def cohort_detail(request: HrRequest, cohort_id: int) -> HttpResponse:
    """The cohort's facts, charts and learner table. The table and the facts that depend
    on its learners are cached until something they show changes (courses.report_cache),
    so a large cohort's page is built once, not on every view."""
    cohort = get_cohort_for_hr_or_404(request.organisation, cohort_id)
    today = timezone.localdate()
    key = fragment_key(
        "hr-cohort",
        cohort.pk,
        cohort_token(cohort.pk),
        vars(cohort)["content_version"],
        today,
        get_language(),
        sorted((name, request.GET.getlist(name)) for name in TABLE_PARAMETERS),
    )
    fragments = cache.get(key)
    if fragments is None:
        context = _cohort_table_context(request, cohort, today)
        fragments = {
            name: render_to_string(f"courses/hr/includes/cohort_{name}.html", context, request)
            for name in ("facts", "table")
        }
        cache.set(key, fragments, FRAGMENT_SECONDS)
    return render(
        request,
        "courses/hr/cohort_detail.html",
        {"cohort": cohort, "fragments": fragments},
    )


# The query parameters the cohort table reads; anything else leaves the page unchanged.
TABLE_PARAMETERS = ("department", "status", "sort", "order", "page")


def _cohort_table_context(
    request: HrRequest, cohort: Cohort, today: datetime.date
) -> dict[str, object]:
    outline = cohort_outline(cohort)
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
    # Page through ids first (the progress subqueries run only where the sort needs
    # them), then read the page's fifty rows with their progress.
    page = Paginator(enrolments.values_list("pk", flat=True), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = page_of_enrolments(list(page.object_list), outline)
    return {
        # Action plans change in the modules app, which cannot retire this cache: the
        # counts may be up to FRAGMENT_SECONDS old.
        "adoption": cohort_plan_adoption(cohort),
        "cohort": cohort,
        "outline": outline,
        "module_dues": [
            (item, due_on)
            for item in outline.modules
            if (due_on := cohort.module_due(item.module.pk)) is not None
        ],
        "filters": filters,
        "page": page,
        "rows": learner_rows(rows, outline, today=today),
        "sort": sort,
        "descending": descending,
    }


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


@hr_admin_required
@require_GET
def export(request: HrRequest, cohort_id: int, file_format: str) -> HttpResponseBase:
    """The cohort's progress as CSV or XLSX, streamed: memory stays flat however many
    learners there are, and every text cell is neutralised against formulas."""
    if file_format not in ("csv", "xlsx"):
        raise Http404
    cohort = get_cohort_for_hr_or_404(request.organisation, cohort_id)
    outline = cohort_outline(cohort)
    header = export_header(outline)
    rows = export_rows(cohort, outline, today=timezone.localdate())
    stem = f"{cohort.name} {timezone.localdate():%Y-%m-%d}"
    if file_format == "xlsx":
        return streaming_response(
            xlsx_stream(header, rows, sheet_title=cohort.name),
            filename=f"{stem}.xlsx",
            content_type=XLSX_CONTENT_TYPE,
        )
    return streaming_response(
        csv_stream(header, rows), filename=f"{stem}.csv", content_type=CSV_CONTENT_TYPE
    )


@hr_admin_required
@require_GET
def learner_detail(request: HrRequest, cohort_id: int, enrolment_id: int) -> HttpResponse:
    """One learner's progress and quiz scores for HR; never their reflections or answers."""
    cohort = get_cohort_for_hr_or_404(request.organisation, cohort_id)
    enrolment = get_enrolment_for_hr_or_404(cohort, enrolment_id)
    outline = cohort_outline(cohort)
    today = timezone.localdate()
    annotated = cohort_enrolments(cohort, outline, today=today).get(pk=enrolment.pk)
    (row,) = learner_rows([annotated], outline, today=today)
    return render(
        request,
        "courses/hr/learner_detail.html",
        {
            "cohort": cohort,
            "row": row,
            "learner": annotated.learner,
            "modules": list(zip(outline.modules, row.modules, strict=True)),
            "invitation": Invitation.objects.filter(user_id=annotated.learner_id).first(),
            "reminders": reminders_of_enrolment(enrolment),
            "extend_form": ExtendForm(initial={"due_on": vars(annotated).get("due_date")}),
            "move_form": MoveForm(enrolment_cohort=cohort),
        },
    )


def _learner_url(enrolment_id: int, cohort_id: int) -> HttpResponse:
    return redirect("hr:learner", cohort_id=cohort_id, enrolment_id=enrolment_id)


@hr_admin_required
@require_POST
def learner_change(
    request: HrRequest, cohort_id: int, enrolment_id: int, action: str
) -> HttpResponse:
    """Withdraw, reinstate, extend the due date, move, or re-send the invitation."""
    cohort = get_cohort_for_hr_or_404(request.organisation, cohort_id)
    enrolment = get_enrolment_for_hr_or_404(cohort, enrolment_id)
    now = timezone.now()
    if action == "withdraw":
        withdraw(enrolment=enrolment, now=now)
        messages.success(request, _("The learner is withdrawn. Their progress is kept."))
    elif action == "reinstate":
        reinstate(enrolment=enrolment)
        messages.success(request, _("The learner is back in the cohort."))
    elif action == "extend":
        form = ExtendForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(list(form.errors["due_on"]))
            extend_due_date(enrolment=enrolment, due_on=form.cleaned_data["due_on"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The learner's due date is changed."))
    elif action == "move":
        move = MoveForm(request.POST, enrolment_cohort=cohort)
        if not move.is_valid():
            messages.error(request, _("Choose one of your organisation's cohorts."))
            return _learner_url(enrolment.pk, cohort.pk)
        try:
            moved = move_learner(enrolment=enrolment, to=move.cleaned_data["cohort"], now=now)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The learner is moved, with all their progress."))
            return _learner_url(moved.pk, moved.cohort_id)
    elif action in ("stop_due_reminders", "start_due_reminders"):
        set_due_reminders(enrolment=enrolment, enabled=action == "start_due_reminders")
        messages.success(
            request,
            _("Due-date reminders are on for this learner.")
            if action == "start_due_reminders"
            else _("Due-date reminders are off for this learner."),
        )
    elif action == "resend":
        if enrolment.learner.has_usable_password():
            messages.info(request, _("The learner has already accepted the invitation."))
        else:
            invite(
                user=enrolment.learner,
                invited_by=request.user,
                now=now,
                base_url=request.build_absolute_uri("/"),
            )
            messages.success(request, _("A new invitation is on its way."))
    else:
        raise Http404
    return _learner_url(enrolment.pk, cohort.pk)


@hr_admin_required
@require_GET
def cohort_charts(request: HrRequest, cohort_id: int) -> HttpResponse:
    """The charts' data as JSON, fetched by the cohort page after it has loaded, so the
    learner table never waits for the aggregates."""
    cohort = get_cohort_for_hr_or_404(request.organisation, cohort_id)
    response = JsonResponse(cohort_chart_data(cohort, cohort_outline(cohort)))
    response["Cache-Control"] = "private, max-age=60"
    return response
