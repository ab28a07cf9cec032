"""Write use cases of quiz authoring: drafts, publishing, as for lessons
(modules.authoring.services). Publishing writes the quiz as the content loader does:
questions matched by key and updated in place, questions and choices that went away
retired rather than deleted (attempts point at them), and the quiz's version raised, so
attempts already taken keep their snapshot and their grade."""

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Max

from assessments.authoring.content import QuizData, quiz_data
from assessments.authoring.models import QuizDraft, QuizRevision
from assessments.authoring.validation import parse_quiz_data, validate_quiz_data
from assessments.loading import _write_questions, _write_quiz_fields
from assessments.models import Quiz
from modules.authoring.services import DraftConflict, InvalidContent
from modules.services import bump_content_version
from users.models import User


def current_quiz_version(draft: QuizDraft | None) -> int:
    return draft.version if draft is not None else 0


@transaction.atomic
def save_quiz_draft(
    *, quiz: Quiz, data: dict[str, Any], expected_version: int, user: User, now: datetime
) -> QuizDraft:
    """Store the edit as the quiz's draft. Raises InvalidContent with field errors (no
    correct answer, a pass mark over 100, ...) and DraftConflict as for lessons."""
    errors = validate_quiz_data(data)
    if errors:
        raise InvalidContent(errors)
    if expected_version == 0:
        try:
            with transaction.atomic():
                return QuizDraft.objects.create(
                    quiz=quiz, data=data, version=1, updated_by=user, updated_at=now
                )
        except IntegrityError:
            raise DraftConflict(None) from None
    updated = QuizDraft.objects.filter(quiz=quiz, version=expected_version).update(
        data=data, version=F("version") + 1, updated_by=user, updated_at=now
    )
    if not updated:
        raise DraftConflict(None)
    return QuizDraft.objects.get(quiz=quiz)


@transaction.atomic
def publish_quiz(*, quiz: Quiz, expected_version: int, user: User, now: datetime) -> QuizRevision:
    """Make the draft what learners take from their next attempt on. Attempts already
    started or submitted keep what they showed. Raises DraftConflict, InvalidContent."""
    quiz = Quiz.objects.select_for_update().prefetch_related("questions__choices").get(pk=quiz.pk)
    draft = QuizDraft.objects.select_for_update().filter(quiz=quiz).first()
    if current_quiz_version(draft) != expected_version:
        raise DraftConflict(None)
    live: QuizData = quiz_data(quiz)
    data: QuizData = {**(draft.data if draft is not None else live), "published": True}
    errors = validate_quiz_data(data)
    if errors:
        raise InvalidContent(errors)
    spec = parse_quiz_data(data)
    last = QuizRevision.objects.filter(quiz=quiz).aggregate(last=Max("number"))["last"] or 0
    if last == 0 and quiz.is_published:
        QuizRevision.objects.create(
            quiz=quiz, number=1, data=live, published_by=None, published_at=quiz.updated_at
        )
        last = 1
    checksum = quiz.source_checksum
    _write_quiz_fields(quiz, spec)
    # Keep the loader's fingerprint: the quiz now counts as edited in the platform.
    quiz.source_checksum = checksum
    quiz.version = F("version") + 1
    quiz.save()
    quiz.refresh_from_db()
    _write_questions(quiz, spec)
    revision = QuizRevision.objects.create(
        quiz=quiz, number=last + 1, data=data, published_by=user, published_at=now
    )
    if draft is not None:
        draft.delete()
    bump_content_version()
    return revision


@transaction.atomic
def discard_quiz_draft(*, quiz: Quiz, expected_version: int) -> None:
    deleted, _rows = QuizDraft.objects.filter(quiz=quiz, version=expected_version).delete()
    if not deleted:
        raise DraftConflict(None)
