"""The quiz editor, publishing, revisions, and the learner's-eye preview that records
nothing. Every view loads the quiz through get_quiz_for_trainer_or_404."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments.authoring.content import QuizData, quiz_data
from assessments.authoring.forms import apply_quiz_action, quiz_data_from_post
from assessments.authoring.models import QuizDraft
from assessments.authoring.permissions import get_quiz_for_trainer_or_404
from assessments.authoring.selectors import (
    get_quiz_for_editing,
    get_quiz_revision,
    get_quiz_statistics,
    list_quiz_revisions,
    quiz_draft_of,
)
from assessments.authoring.services import (
    current_quiz_version,
    discard_quiz_draft,
    publish_quiz,
    restore_quiz_revision,
    save_quiz_draft,
)
from assessments.models import Quiz
from courses.authoring.editor import in_active_language
from courses.authoring.quiz_editor import preview_questions, quiz_editor_rows
from courses.authoring.views.publishing import (
    discard_with_message,
    posted_version,
    publish_with_message,
    restore_with_message,
)
from modules.authoring.permissions import trainer_required
from modules.authoring.services import DraftConflict, InvalidContent
from modules.authoring.validation import Errors
from users.types import AuthenticatedHttpRequest


def _load(request: AuthenticatedHttpRequest, quiz_id: int) -> Quiz:
    get_quiz_for_trainer_or_404(request.user, quiz_id=quiz_id)
    quiz = get_quiz_for_editing(quiz_id)
    if quiz is None:
        raise Http404
    return quiz


def _render(
    request: AuthenticatedHttpRequest,
    quiz: Quiz,
    *,
    data: QuizData,
    version: int,
    errors: Errors | None = None,
    conflict: bool = False,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "authoring/quiz_edit.html",
        {
            "quiz": quiz,
            "draft": quiz_draft_of(quiz),
            "version": version,
            "conflict": conflict,
            "published": data.get("published", quiz.is_published),
            "revisions": list_quiz_revisions(quiz.pk)[:20],
            **quiz_editor_rows(data, errors or {}),
        },
        status=status,
    )


@trainer_required
@require_http_methods(["GET", "POST"])
def quiz_edit(request: AuthenticatedHttpRequest, quiz_id: int) -> HttpResponse:
    quiz = _load(request, quiz_id)
    draft = quiz_draft_of(quiz)
    if request.method == "GET":
        data = draft.data if draft is not None else quiz_data(quiz)
        return _render(request, quiz, data=data, version=current_quiz_version(draft))
    version = posted_version(request)
    data = quiz_data_from_post(request.POST)
    action = request.POST.get("action", "save")
    if action != "save":
        data = apply_quiz_action(data, action, new_type=request.POST.get("new-type", "single"))
        return _render(request, quiz, data=data, version=version)
    try:
        save_quiz_draft(
            quiz=quiz, data=data, expected_version=version, user=request.user, now=timezone.now()
        )
    except InvalidContent as invalid:
        return _render(request, quiz, data=data, version=version, errors=invalid.errors, status=400)
    except DraftConflict:
        fresh = get_quiz_for_editing(quiz.pk) or quiz
        return _render(
            request,
            fresh,
            data=data,
            version=current_quiz_version(quiz_draft_of(fresh)),
            conflict=True,
            status=409,
        )
    messages.success(request, _("Draft saved. Learners still see the published version."))
    return redirect("authoring:quiz_edit", quiz_id=quiz.pk)


@trainer_required
@require_POST
def quiz_publish(request: AuthenticatedHttpRequest, quiz_id: int) -> HttpResponse:
    quiz = get_quiz_for_trainer_or_404(request.user, quiz_id=quiz_id)
    publish_with_message(
        request,
        lambda: publish_quiz(
            quiz=quiz,
            expected_version=posted_version(request),
            user=request.user,
            now=timezone.now(),
        ),
    )
    return redirect("authoring:quiz_edit", quiz_id=quiz.pk)


@trainer_required
@require_POST
def quiz_discard(request: AuthenticatedHttpRequest, quiz_id: int) -> HttpResponse:
    quiz = get_quiz_for_trainer_or_404(request.user, quiz_id=quiz_id)
    discard_with_message(
        request,
        lambda: discard_quiz_draft(quiz=quiz, expected_version=posted_version(request)),
    )
    return redirect("authoring:quiz_edit", quiz_id=quiz.pk)


@trainer_required
@require_http_methods(["GET", "POST"])
def quiz_preview(request: AuthenticatedHttpRequest, quiz_id: int) -> HttpResponse:
    """The draft (or live) quiz as a learner takes it; checking the answers grades them
    in memory and records no attempt."""
    quiz = _load(request, quiz_id)
    draft = quiz_draft_of(quiz)
    data = draft.data if draft is not None else quiz_data(quiz)
    questions, score = preview_questions(data, request.POST if request.method == "POST" else None)
    return render(
        request,
        "authoring/quiz_preview.html",
        {
            "quiz": quiz,
            "draft": draft,
            "quiz_title": in_active_language({k: str(v) for k, v in data.get("title", {}).items()}),
            "pass_mark": data.get("pass_mark"),
            "questions": questions,
            "score": score,
        },
    )


@trainer_required
@require_GET
def quiz_statistics(request: AuthenticatedHttpRequest, quiz_id: int) -> HttpResponse:
    quiz = get_quiz_for_trainer_or_404(request.user, quiz_id=quiz_id)
    return render(
        request,
        "authoring/quiz_statistics.html",
        {"quiz": quiz, "figures": get_quiz_statistics(quiz.pk)},
    )


@trainer_required
@require_GET
def quiz_revision(request: AuthenticatedHttpRequest, quiz_id: int, number: int) -> HttpResponse:
    """The quiz as a revision published it, with the right answers, and the button that
    restores it into the draft."""
    quiz = get_quiz_for_trainer_or_404(request.user, quiz_id=quiz_id)
    revision = get_quiz_revision(quiz_id=quiz.pk, number=number)
    if revision is None:
        raise Http404
    data = revision.data
    questions, _score = preview_questions(data, None)
    draft = QuizDraft.objects.filter(quiz=quiz).only("version").first()
    return render(
        request,
        "authoring/quiz_revision.html",
        {
            "quiz": quiz,
            "revision": revision,
            "quiz_title": in_active_language({k: str(v) for k, v in data.get("title", {}).items()}),
            "introduction": in_active_language(
                {k: str(v) for k, v in (data.get("introduction") or {}).items()}
            ),
            "pass_mark": data.get("pass_mark"),
            "questions": list(zip(questions, data.get("questions") or [], strict=True)),
            "version": current_quiz_version(draft),
        },
    )


@trainer_required
@require_POST
def quiz_restore(request: AuthenticatedHttpRequest, quiz_id: int, number: int) -> HttpResponse:
    """Put the revision into the draft; what learners take changes only on publishing."""
    quiz = get_quiz_for_trainer_or_404(request.user, quiz_id=quiz_id)
    revision = get_quiz_revision(quiz_id=quiz.pk, number=number)
    if revision is None:
        raise Http404
    restore_with_message(
        request,
        lambda: restore_quiz_revision(
            revision=revision,
            expected_version=posted_version(request),
            user=request.user,
            now=timezone.now(),
        ),
        number=revision.number,
    )
    return redirect("authoring:quiz_edit", quiz_id=quiz.pk)
