"""Write use cases of quiz authoring: drafts, publishing, revisions, as for lessons
(modules.authoring.services). Publishing writes the quiz as the content loader does:
questions matched by key and updated in place, questions and choices that went away
retired rather than deleted (attempts point at them), and the quiz's version raised, so
attempts already taken keep their snapshot and their grade."""

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F

from assessments.authoring.content import QuizData, quiz_data
from assessments.authoring.models import QuizDraft, QuizRevision
from assessments.authoring.validation import parse_quiz_data, validate_quiz_data
from assessments.loading import _write_questions, _write_quiz_fields
from assessments.models import Quiz
from modules.authoring.services import DraftConflict, InvalidContent, record_revision
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
    """Make the draft what learners take from their next attempt on, recorded as a
    revision (who, when, the quiz in its content file's shape). Attempts already started
    or submitted keep what they showed. Raises DraftConflict, InvalidContent."""
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
    was_live, live_since = quiz.is_published, quiz.updated_at
    checksum = quiz.source_checksum
    _write_quiz_fields(quiz, spec)
    # Keep the loader's fingerprint: the quiz now counts as edited in the platform.
    quiz.source_checksum = checksum
    quiz.version = F("version") + 1
    quiz.save()
    quiz.refresh_from_db()
    _write_questions(quiz, spec)
    revision = record_revision(
        QuizRevision,
        owner={"quiz": quiz},
        data=data,
        user=user,
        now=now,
        live_before=live if was_live else None,
        live_since=live_since,
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


@transaction.atomic
def restore_quiz_revision(
    *, revision: QuizRevision, expected_version: int, user: User, now: datetime
) -> QuizDraft:
    """Put an earlier revision into the quiz's draft, to review and publish; learners and
    their attempts see nothing of it until then. Raises DraftConflict like save_quiz_draft,
    InvalidContent when the revision no longer passes today's checks."""
    return save_quiz_draft(
        quiz=revision.quiz,
        data=dict(revision.data),
        expected_version=expected_version,
        user=user,
        now=now,
    )
