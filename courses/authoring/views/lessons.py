"""The lesson editor, its live preview, the learner's-eye preview, publishing and
revisions. Every view loads the lesson through get_lesson_for_trainer_or_404."""

from typing import Any

from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from courses.authoring.editor import editor_rows, in_active_language, preview_blocks
from courses.authoring.views.publishing import (
    discard_with_message,
    posted_version,
    publish_with_message,
    restore_with_message,
)
from modules.authoring.content import LessonData, live_lesson_data, normalised
from modules.authoring.forms import apply_action, lesson_data_from_post, parse_action
from modules.authoring.models import LessonDraft
from modules.authoring.permissions import get_lesson_for_trainer_or_404, trainer_required
from modules.authoring.selectors import (
    draft_of,
    get_lesson_for_editing,
    get_lesson_revision,
    list_lesson_revisions,
)
from modules.authoring.services import (
    DraftConflict,
    InvalidContent,
    current_version,
    discard_lesson_draft,
    has_changes,
    publish_lesson,
    restore_lesson_revision,
    save_lesson_draft,
)
from modules.authoring.uploads import ImageRefused, store_image
from modules.authoring.validation import Errors
from modules.models import Block, Lesson
from users.types import AuthenticatedHttpRequest


def _load(request: AuthenticatedHttpRequest, lesson_id: int) -> Lesson:
    get_lesson_for_trainer_or_404(request.user, lesson_id=lesson_id)
    lesson = get_lesson_for_editing(lesson_id)
    if lesson is None:
        raise Http404
    return lesson


def _render_editor(
    request: AuthenticatedHttpRequest,
    lesson: Lesson,
    *,
    data: LessonData,
    version: int,
    errors: Errors | None = None,
    conflict: DraftConflict | None = None,
    status: int = 200,
) -> HttpResponse:
    draft = draft_of(lesson)
    context: dict[str, Any] = {
        "lesson": lesson,
        "version": version,
        "draft": draft,
        "has_changes": has_changes(lesson, draft),
        "revisions": list_lesson_revisions(lesson.pk)[:20],
        "conflict": conflict,
        "theirs": editor_rows(conflict.current.data, {}) if conflict and conflict.current else None,
        **editor_rows(data, errors or {}),
    }
    return render(request, "authoring/lesson_edit.html", context, status=status)


def _store_uploads(request: AuthenticatedHttpRequest, data: LessonData) -> Errors:
    """Store each image block's uploaded file and point the block at it."""
    errors: Errors = {}
    for number, block in enumerate(data["blocks"], start=1):
        upload = request.FILES.get(f"block-{number}-file")
        if block["kind"] != Block.Kind.IMAGE or not isinstance(upload, UploadedFile):
            continue
        try:
            block["url"] = store_image(upload).url
        except ImageRefused as refused:
            errors[f"block-{number}-file"] = [refused.message]
    return errors


@trainer_required
@require_http_methods(["GET", "POST"])
def lesson_edit(request: AuthenticatedHttpRequest, lesson_id: int) -> HttpResponse:
    lesson = _load(request, lesson_id)
    draft = draft_of(lesson)
    if request.method == "GET":
        data = draft.data if draft is not None else live_lesson_data(lesson)
        return _render_editor(request, lesson, data=data, version=current_version(draft))
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    data = lesson_data_from_post(request.POST)
    action = parse_action(request.POST)
    if action.name != "save":
        data = apply_action(data, action, new_kind=request.POST.get("new-kind", ""))
        return _render_editor(request, lesson, data=data, version=version)
    upload_errors = _store_uploads(request, data)
    if upload_errors:
        return _render_editor(
            request, lesson, data=data, version=version, errors=upload_errors, status=400
        )
    try:
        save_lesson_draft(
            lesson=lesson,
            data=data,
            expected_version=version,
            user=request.user,
            now=timezone.now(),
        )
    except InvalidContent as invalid:
        return _render_editor(
            request, lesson, data=data, version=version, errors=invalid.errors, status=400
        )
    except DraftConflict as conflict:
        # Show both: the trainer's edit stays in the form, the other's beside it; saving
        # again (now at the current version) replaces theirs knowingly.
        return _render_editor(
            request,
            lesson,
            data=data,
            version=current_version(conflict.current),
            conflict=conflict,
            status=409,
        )
    messages.success(request, _("Draft saved. Learners still see the published version."))
    return redirect("authoring:lesson_edit", lesson_id=lesson.pk)


@trainer_required
@require_POST
def lesson_preview_fragment(request: AuthenticatedHttpRequest, lesson_id: int) -> HttpResponse:
    """The live preview beside the editor (htmx): the form's content through the same
    renderer and block template learners see. Stores nothing."""
    lesson = get_lesson_for_trainer_or_404(request.user, lesson_id=lesson_id)
    data = normalised(lesson_data_from_post(request.POST))
    return render(
        request,
        "authoring/includes/lesson_preview.html",
        {
            "lesson": lesson,
            "data": data,
            "lesson_title": in_active_language(data["title"]),
            "blocks": preview_blocks(data),
        },
    )


@trainer_required
@require_GET
def lesson_preview(request: AuthenticatedHttpRequest, lesson_id: int) -> HttpResponse:
    """The draft (or the live lesson) as a learner would see it; nothing is recorded."""
    lesson = _load(request, lesson_id)
    draft = draft_of(lesson)
    data = normalised(draft.data if draft is not None else live_lesson_data(lesson))
    return render(
        request,
        "authoring/lesson_preview.html",
        {
            "lesson": lesson,
            "data": data,
            "lesson_title": in_active_language(data["title"]),
            "blocks": preview_blocks(data),
            "draft": draft,
        },
    )


@trainer_required
@require_POST
def lesson_publish(request: AuthenticatedHttpRequest, lesson_id: int) -> HttpResponse:
    lesson = get_lesson_for_trainer_or_404(request.user, lesson_id=lesson_id)
    publish_with_message(
        request,
        lambda: publish_lesson(
            lesson=lesson,
            expected_version=posted_version(request),
            user=request.user,
            now=timezone.now(),
            is_major=request.POST.get("is_major") == "on",
        ),
    )
    return redirect("authoring:lesson_edit", lesson_id=lesson.pk)


@trainer_required
@require_POST
def lesson_discard(request: AuthenticatedHttpRequest, lesson_id: int) -> HttpResponse:
    lesson = get_lesson_for_trainer_or_404(request.user, lesson_id=lesson_id)
    discard_with_message(
        request,
        lambda: discard_lesson_draft(lesson=lesson, expected_version=posted_version(request)),
    )
    return redirect("authoring:lesson_edit", lesson_id=lesson.pk)


@trainer_required
@require_GET
def lesson_revision(request: AuthenticatedHttpRequest, lesson_id: int, number: int) -> HttpResponse:
    lesson = get_lesson_for_trainer_or_404(request.user, lesson_id=lesson_id)
    revision = get_lesson_revision(lesson_id=lesson.pk, number=number)
    if revision is None:
        raise Http404
    data = normalised(revision.data)
    draft = LessonDraft.objects.filter(lesson=lesson).only("version").first()
    return render(
        request,
        "authoring/lesson_revision.html",
        {
            "lesson": lesson,
            "revision": revision,
            "data": data,
            "lesson_title": in_active_language(data["title"]),
            "blocks": preview_blocks(data),
            "version": current_version(draft),
        },
    )


@trainer_required
@require_POST
def lesson_restore(request: AuthenticatedHttpRequest, lesson_id: int, number: int) -> HttpResponse:
    lesson = get_lesson_for_trainer_or_404(request.user, lesson_id=lesson_id)
    revision = get_lesson_revision(lesson_id=lesson.pk, number=number)
    if revision is None:
        raise Http404
    restore_with_message(
        request,
        lambda: restore_lesson_revision(
            revision=revision,
            expected_version=posted_version(request),
            user=request.user,
            now=timezone.now(),
        ),
        number=revision.number,
    )
    return redirect("authoring:lesson_edit", lesson_id=lesson.pk)
