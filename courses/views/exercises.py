"""Exercises on the learner's own business, the action plan, and the personal summary.

The lesson page (whose body is cached for every learner) holds a link to each exercise;
htmx loads the learner's own exercise into it after the page. The exercise has its own
address, so it also works as a page of its own without JavaScript. Answers and the plan
are private to the learner: every id goes through a loader in courses.permissions that
answers 404 for anybody else's.
"""

import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from courses.exercise_summary import SummaryText, build_summary, render_summary_pdf
from courses.models import Enrolment
from courses.permissions import (
    get_answer_for_learner_or_404,
    get_commitment_for_learner_or_404,
    get_enrolment_for_learner_or_404,
    get_exercise_for_learner_or_404,
    get_shared_plan_for_viewer_or_404,
)
from courses.selectors import get_outlines
from modules import economics, exercises
from modules.exercises import Parsed
from modules.models import MAX_COMMITMENTS, Block, Commitment, ExerciseAnswer, Lesson
from modules.money import format_money
from modules.selectors import (
    added_result_keys,
    experience_profile_average,
    get_currency,
    get_learner_answer,
    get_learner_plan,
)
from modules.services import (
    PlanFull,
    add_commitment,
    remove_commitment,
    save_exercise_answer,
    set_plan_sharing,
    update_commitment,
)
from users.types import AuthenticatedHttpRequest

PLAN_FULL = gettext_lazy(
    "Your action plan already has %(count)s commitments, the most it can hold. "
    "Remove one you have finished or dropped before adding another."
)


def _language() -> str:
    return get_language() or "en"


def _exercise_url(course_slug: str, block: Block) -> str:
    return reverse("courses:exercise", kwargs={"course_slug": course_slug, "block_id": block.pk})


def _lesson_url(course_slug: str, lesson: Lesson) -> str:
    return reverse(
        "courses:lesson",
        kwargs={
            "course_slug": course_slug,
            "module_slug": lesson.module.slug,
            "lesson_slug": lesson.slug,
        },
    )


# Building what the templates show -----------------------------------------------------------


def _rows_for_form(rows: list[dict[str, Any]], limit: int) -> list[tuple[int, dict[str, Any]]]:
    """The saved rows, then a few empty ones for the next entries, never past the limit."""
    padded = list(rows) + [{}] * max(0, min(exercises.BLANK_ROWS, limit - len(rows)))
    return list(enumerate(padded))


def exercise_context(
    *,
    enrolment: Enrolment,
    lesson: Lesson,
    block: Block,
    answer: ExerciseAnswer | None,
    parsed: Parsed | None = None,
) -> dict[str, Any]:
    """Everything an exercise's template needs. ``parsed`` (a form just posted) wins over
    what is saved, so a learner sees their own typing with its errors."""
    outline = get_outlines([enrolment])[enrolment.cohort.course_id]
    course_slug = outline.course.slug
    currency = get_currency(enrolment.learner.organisation_id)
    data = parsed.data if parsed else (answer.data if answer else {})
    result = parsed.result if parsed else (answer.result if answer else {})
    errors = parsed.errors if parsed else {}
    context: dict[str, Any] = {
        "outline": outline,
        "course_slug": course_slug,
        "lesson": lesson,
        "lesson_url": _lesson_url(course_slug, lesson),
        "exercise_block": block,
        "answer": answer,
        "data": data,
        "result": result,
        "errors": errors,
        "currency": currency,
        "save_url": reverse(
            "courses:save_exercise", kwargs={"course_slug": course_slug, "block_id": block.pk}
        ),
        "exercise_url": _exercise_url(course_slug, block),
        "plan_url": reverse("courses:plan", kwargs={"course_slug": course_slug}),
    }
    kind = block.exercise
    if kind == Block.Exercise.CALCULATOR:
        context["fields"] = {
            item.name: {
                "field": item,
                "value": data.get(item.name, ""),
                "error": errors.get(item.name, ""),
            }
            for item in economics.INPUT_FIELDS
        }
        context["segments"] = [
            (segment, economics.SEGMENT_LABELS[segment]) for segment in economics.SEGMENTS
        ]
        context["figures"] = economics.CalculatorResult.from_json(result) if result else None
    elif kind == Block.Exercise.EXPERIENCE_PROFILE:
        count, average = experience_profile_average(
            block_id=block.pk,
            learner_ids=Enrolment.objects.filter(cohort_id=enrolment.cohort_id).values(
                "learner_id"
            ),
        )
        ratings = result.get("ratings", {}) if result else {}
        context["groups"] = [
            (
                label,
                [
                    {
                        "driver": driver,
                        "value": data.get(driver.key, ""),
                        "error": errors.get(f"rating_{driver.key}", ""),
                    }
                    for driver in exercises.DRIVERS
                    if driver.group == group
                ],
            )
            for group, label in exercises.PROFILE_GROUPS.items()
        ]
        context["ratings_scale"] = exercises.RATINGS
        context["cohort_count"] = count
        context["cohort_min"] = 5
        context["chart"] = {
            "labels": [str(driver.label) for driver in exercises.DRIVERS],
            "mine": [ratings.get(driver.key) for driver in exercises.DRIVERS],
            "mine_label": str(_("My rating")),
            "cohort": [average.get(driver.key) for driver in exercises.DRIVERS]
            if average
            else None,
            "cohort_label": str(_("Cohort average")),
        }
    elif kind == Block.Exercise.LISTENING_ROUTINE:
        context["rows"] = _rows_for_form(data.get("rows", []), exercises.MAX_CHANNELS)
        context["frequencies"] = list(exercises.FREQUENCIES.items())
        context["ratings_scale"] = exercises.RATINGS
    elif kind == Block.Exercise.JOURNEY_MAP:
        context["rows"] = _rows_for_form(data.get("rows", []), exercises.MAX_TOUCH_POINTS)
        context["ratings_scale"] = exercises.RATINGS
        context["max_touch_points"] = exercises.MAX_TOUCH_POINTS
        points = result.get("points", []) if result else []
        context["points"] = sorted(points, key=lambda point: -point["priority"])
        context["chart"] = {
            "points": [
                {"x": p["performance"], "y": p["importance"], "label": p["name"]} for p in points
            ],
            "x_label": str(_("Performance today (1-5)")),
            "y_label": str(_("Importance to the customer (1-5)")),
        }
    elif kind == Block.Exercise.ACTION_PLAN:
        context.update(_plan_context(enrolment, course_slug))
    if kind != Block.Exercise.ACTION_PLAN and answer and answer.result and not errors:
        added = added_result_keys(learner_id=enrolment.learner_id, answer_id=answer.pk)
        context["suggestions"] = [
            {
                "suggestion": suggestion,
                "added": suggestion.key in added,
                "url": reverse(
                    "courses:add_to_plan",
                    kwargs={
                        "course_slug": course_slug,
                        "answer_id": answer.pk,
                        "key": suggestion.key,
                    },
                ),
            }
            for suggestion in exercises.suggestions(
                kind, answer.result, _money_formatter(answer.currency or currency)
            )
        ]
    context["chart_id"] = f"chart-{block.pk}"
    return context


def _money_formatter(currency: str) -> Any:
    language = _language()
    return lambda value: format_money(value, currency, language)


def _render_exercise(
    request: AuthenticatedHttpRequest, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    template = (
        "courses/includes/exercise_panel.html" if request.htmx else "courses/exercise_detail.html"
    )
    return render(request, template, context, status=status)


# Exercises ---------------------------------------------------------------------------------


@login_required
@require_GET
def exercise_detail(
    request: AuthenticatedHttpRequest, course_slug: str, block_id: int
) -> HttpResponse:
    enrolment, lesson, block = get_exercise_for_learner_or_404(
        request.user, course_slug=course_slug, block_id=block_id
    )
    answer = get_learner_answer(learner_id=request.user.pk, block_id=block.pk)
    return _render_exercise(
        request, exercise_context(enrolment=enrolment, lesson=lesson, block=block, answer=answer)
    )


@login_required
@require_POST
def save_exercise(
    request: AuthenticatedHttpRequest, course_slug: str, block_id: int
) -> HttpResponse:
    """Store the answers as typed, and the result the server computes from them. The
    calculator's autosave (htmx, as the learner types) gets back its results and the field
    errors; a plain form post returns to the exercise."""
    enrolment, lesson, block = get_exercise_for_learner_or_404(
        request.user, course_slug=course_slug, block_id=block_id
    )
    if block.exercise == Block.Exercise.ACTION_PLAN:
        return redirect("courses:plan", course_slug=course_slug)
    parsed = exercises.parse_answers(block.exercise, request.POST, language=_language())
    answer = save_exercise_answer(
        learner=request.user,
        block=block,
        parsed=parsed,
        currency=get_currency(request.user.organisation_id),
        now=timezone.now(),
    )
    context = exercise_context(
        enrolment=enrolment, lesson=lesson, block=block, answer=answer, parsed=parsed
    )
    context["saved_at"] = timezone.localtime()
    if request.htmx and request.headers.get("HX-Target", "").startswith("results-"):
        return render(request, "courses/includes/exercise_live.html", context)
    if request.htmx:
        return render(request, "courses/includes/exercise_panel.html", context)
    if parsed.errors:
        return _render_exercise(request, context, status=422)
    messages.success(request, _("Your answers are saved. You can come back and change them."))
    return redirect(_exercise_url(course_slug, block))


@login_required
@require_POST
def add_to_plan(
    request: AuthenticatedHttpRequest, course_slug: str, answer_id: int, key: str
) -> HttpResponse:
    """One click: an exercise's result becomes a commitment, which the learner can then
    edit. A second click finds the first commitment."""
    _enrolment, answer = get_answer_for_learner_or_404(
        request.user, course_slug=course_slug, answer_id=answer_id
    )
    currency = answer.currency or get_currency(request.user.organisation_id)
    suggestion = next(
        (
            item
            for item in exercises.suggestions(
                answer.exercise, answer.result, _money_formatter(currency)
            )
            if item.key == key
        ),
        None,
    )
    back = request.POST.get("next", "")
    if suggestion is None:
        messages.error(request, _("That result is no longer there. Save the exercise again."))
        return redirect(back if back.startswith("/learn/") else "courses:plan", course_slug)
    now = timezone.now()
    try:
        _commitment, created = add_commitment(
            learner=request.user,
            action=suggestion.action,
            owner=request.user.display_name,
            due_on=timezone.localdate(now) + datetime.timedelta(days=90),
            measure=suggestion.measure,
            now=now,
            source_answer=answer,
            source_key=suggestion.key,
        )
    except PlanFull:
        messages.error(request, PLAN_FULL % {"count": MAX_COMMITMENTS})
        return redirect("courses:plan", course_slug=course_slug)
    if request.htmx:
        return render(
            request,
            "courses/includes/added_to_plan.html",
            {"plan_url": reverse("courses:plan", kwargs={"course_slug": course_slug})},
        )
    if created:
        messages.success(
            request, _("Added to your action plan. Set the owner, date and measure as you like.")
        )
    else:
        messages.info(request, _("This result is already in your action plan."))
    return redirect("courses:plan", course_slug=course_slug)


# The action plan ---------------------------------------------------------------------------


class CommitmentForm(forms.Form):
    action = forms.CharField(
        label=gettext_lazy("What I will do"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("One behaviour or routine that others could see happening."),
    )
    owner = forms.CharField(label=gettext_lazy("Owner"), max_length=200)
    due_on = forms.DateField(
        label=gettext_lazy("Due date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    measure = forms.CharField(
        label=gettext_lazy("Measure of success"),
        max_length=500,
        help_text=gettext_lazy("How you will know it works, with a number where you can."),
    )


class SharingForm(forms.Form):
    with_line_manager = forms.BooleanField(
        label=gettext_lazy("Share my action plan with my line manager"), required=False
    )
    with_hr = forms.BooleanField(label=gettext_lazy("Share my action plan with HR"), required=False)


def _plan_context(
    enrolment: Enrolment, course_slug: str, form: CommitmentForm | None = None
) -> dict[str, Any]:
    plan = get_learner_plan(enrolment.learner_id)
    commitments = list(plan.commitments.all()) if plan else []
    learner = enrolment.learner
    return {
        "plan": plan,
        "commitments": commitments,
        "plan_full": len(commitments) >= MAX_COMMITMENTS,
        "max_commitments": MAX_COMMITMENTS,
        "commitment_form": form
        or CommitmentForm(
            initial={
                "owner": learner.display_name,
                "due_on": timezone.localdate() + datetime.timedelta(days=90),
            },
            prefix="new",
        ),
        "sharing_form": SharingForm(
            initial={
                "with_line_manager": bool(plan and plan.shared_with_line_manager),
                "with_hr": bool(plan and plan.shared_with_hr),
            }
        ),
        "has_line_manager": learner.line_manager_id is not None,
        "course_slug": course_slug,
        "summary_url": reverse("courses:summary", kwargs={"course_slug": course_slug}),
    }


def _render_plan(
    request: AuthenticatedHttpRequest,
    enrolment: Enrolment,
    course_slug: str,
    *,
    form: CommitmentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = _plan_context(enrolment, course_slug, form)
    context["outline"] = get_outlines([enrolment])[enrolment.cohort.course_id]
    return render(request, "courses/plan_detail.html", context, status=status)


@login_required
@require_GET
def plan(request: AuthenticatedHttpRequest, course_slug: str) -> HttpResponse:
    enrolment = get_enrolment_for_learner_or_404(request.user, course_slug=course_slug)
    return _render_plan(request, enrolment, course_slug)


@login_required
@require_POST
def plan_add(request: AuthenticatedHttpRequest, course_slug: str) -> HttpResponse:
    enrolment = get_enrolment_for_learner_or_404(request.user, course_slug=course_slug)
    form = CommitmentForm(request.POST, prefix="new")
    if not form.is_valid():
        return _render_plan(request, enrolment, course_slug, form=form, status=422)
    try:
        add_commitment(learner=request.user, now=timezone.now(), **form.cleaned_data)
    except PlanFull:
        messages.error(request, PLAN_FULL % {"count": MAX_COMMITMENTS})
        return _render_plan(request, enrolment, course_slug, form=form, status=422)
    messages.success(request, _("The commitment is in your action plan."))
    return redirect("courses:plan", course_slug=course_slug)


def _commitment_initial(commitment: Commitment) -> dict[str, Any]:
    return {
        "action": commitment.action,
        "owner": commitment.owner,
        "due_on": commitment.due_on,
        "measure": commitment.measure,
    }


@login_required
@require_http_methods(["GET", "POST"])
def commitment_edit(
    request: AuthenticatedHttpRequest, course_slug: str, commitment_id: int
) -> HttpResponse:
    enrolment, commitment = get_commitment_for_learner_or_404(
        request.user, course_slug=course_slug, commitment_id=commitment_id
    )
    if request.method == "POST":
        form = CommitmentForm(request.POST)
        if form.is_valid():
            update_commitment(commitment=commitment, now=timezone.now(), **form.cleaned_data)
            messages.success(request, _("The commitment is saved."))
            return redirect("courses:plan", course_slug=course_slug)
        status = 422
    else:
        form = CommitmentForm(initial=_commitment_initial(commitment))
        status = 200
    return render(
        request,
        "courses/commitment_form.html",
        {
            "outline": get_outlines([enrolment])[enrolment.cohort.course_id],
            "commitment": commitment,
            "form": form,
            "course_slug": course_slug,
        },
        status=status,
    )


@login_required
@require_POST
def commitment_delete(
    request: AuthenticatedHttpRequest, course_slug: str, commitment_id: int
) -> HttpResponse:
    _enrolment, commitment = get_commitment_for_learner_or_404(
        request.user, course_slug=course_slug, commitment_id=commitment_id
    )
    remove_commitment(commitment=commitment)
    messages.success(request, _("The commitment is removed from your action plan."))
    return redirect("courses:plan", course_slug=course_slug)


@login_required
@require_POST
def plan_sharing(request: AuthenticatedHttpRequest, course_slug: str) -> HttpResponse:
    get_enrolment_for_learner_or_404(request.user, course_slug=course_slug)
    form = SharingForm(request.POST)
    form.is_valid()  # two check boxes: always valid
    set_plan_sharing(
        learner=request.user,
        with_line_manager=form.cleaned_data.get("with_line_manager", False),
        with_hr=form.cleaned_data.get("with_hr", False),
        now=timezone.now(),
    )
    messages.success(request, _("Your sharing choices are saved. You can change them at any time."))
    return redirect("courses:plan", course_slug=course_slug)


@login_required
@require_GET
def shared_plan(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    """Read-only: a plan its owner shared with this person (line manager or HR)."""
    plan = get_shared_plan_for_viewer_or_404(request.user, plan_id=plan_id)
    response = render(
        request,
        "courses/plan_shared.html",
        {"plan": plan, "owner": plan.learner, "commitments": list(plan.commitments.all())},
    )
    response["Cache-Control"] = "private, no-store"
    return response


# The personal summary --------------------------------------------------------------------------


@login_required
@require_GET
def summary(request: AuthenticatedHttpRequest, course_slug: str) -> HttpResponse:
    enrolment = get_enrolment_for_learner_or_404(request.user, course_slug=course_slug)
    outline = get_outlines([enrolment])[enrolment.cohort.course_id]
    context = build_summary(
        learner=request.user, currency=get_currency(request.user.organisation_id)
    )
    response = render(
        request,
        "courses/summary.html",
        {
            **context.__dict__,
            "outline": outline,
            "course_slug": course_slug,
            "pdf_url": reverse("courses:summary_pdf", kwargs={"course_slug": course_slug}),
            "plan_url": reverse("courses:plan", kwargs={"course_slug": course_slug}),
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def summary_pdf(request: AuthenticatedHttpRequest, course_slug: str) -> HttpResponse:
    enrolment = get_enrolment_for_learner_or_404(request.user, course_slug=course_slug)
    outline = get_outlines([enrolment])[enrolment.cohort.course_id]
    summary_data = build_summary(
        learner=request.user, currency=get_currency(request.user.organisation_id)
    )
    pdf = render_summary_pdf(
        SummaryText(
            learner_name=request.user.display_name,
            course_title=outline.course.title,
            printed_on=timezone.localdate(),
        ),
        summary_data,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="my-summary.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
