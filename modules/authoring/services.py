"""Write use cases of lesson authoring: saving drafts, publishing, restoring.

Publishing copies the draft into the live Lesson and Block rows in place, by position
(as the content loader does), so anything that points at a lesson or a block keeps
pointing at the same place. It never deletes or rewrites a learner's completion; a
major change adds a LessonReview for each learner who had completed the lesson.
"""

from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.db.models import F, Max

from modules.authoring.content import LessonData, live_lesson_data, normalised, same_content
from modules.authoring.models import LessonDraft, LessonReview, LessonRevision, Revision
from modules.authoring.validation import Errors, clean_lesson_data, validate_lesson_data
from modules.content_files import set_translations
from modules.models import Block, Lesson, LessonCompletion
from modules.services import bump_content_version
from users.models import User


class DraftConflict(Exception):
    """Someone else saved (or published) the lesson since this editor was opened.
    ``current`` is their draft, or None when they published it."""

    def __init__(self, current: LessonDraft | None) -> None:
        self.current = current
        super().__init__("the draft changed since it was opened")


class InvalidContent(Exception):
    def __init__(self, errors: Errors) -> None:
        self.errors = errors
        super().__init__(str(errors))


def current_version(draft: LessonDraft | None) -> int:
    """The version an editor opened on this draft carries; 0 when there is no draft."""
    return draft.version if draft is not None else 0


@transaction.atomic
def save_lesson_draft(
    *,
    lesson: Lesson,
    data: Mapping[str, Any],
    expected_version: int,
    user: User,
    now: datetime,
) -> LessonDraft:
    """Store the trainer's edit as the lesson's draft; learners see nothing of it.

    ``expected_version`` is the draft version the editor was opened at (0 for none).
    Raises DraftConflict when the draft has moved on since (another trainer saved or
    published), InvalidContent when the content does not pass the checks. Drafts may be
    incomplete in one way only: Danish texts may be missing.
    """
    errors = validate_lesson_data(data)
    if errors:
        raise InvalidContent(errors)
    content = clean_lesson_data(data)
    if expected_version == 0:
        try:
            with transaction.atomic():
                return LessonDraft.objects.create(
                    lesson=lesson, data=content, version=1, updated_by=user, updated_at=now
                )
        except IntegrityError:
            raise DraftConflict(LessonDraft.objects.filter(lesson=lesson).first()) from None
    updated = LessonDraft.objects.filter(lesson=lesson, version=expected_version).update(
        data=content, version=F("version") + 1, updated_by=user, updated_at=now
    )
    draft = LessonDraft.objects.filter(lesson=lesson).first()
    if not updated:
        raise DraftConflict(draft)
    assert draft is not None  # noqa: S101 - updated a row of it just now
    return draft


@transaction.atomic
def discard_lesson_draft(*, lesson: Lesson, expected_version: int) -> None:
    """Throw the draft away; learners' version is unchanged. Raises DraftConflict when
    someone saved it since the trainer looked."""
    deleted, _rows = LessonDraft.objects.filter(lesson=lesson, version=expected_version).delete()
    if not deleted:
        raise DraftConflict(LessonDraft.objects.filter(lesson=lesson).first())


def _write_live(lesson: Lesson, content: LessonData) -> None:
    set_translations(lesson, "title", content["title"])
    set_translations(lesson, "summary", content["summary"])
    lesson.minutes = content["minutes"]
    lesson.is_published = True
    # source_checksum stays: the loader then sees the lesson as edited in the platform
    # and leaves it alone.
    lesson.save()
    existing = sorted(lesson.blocks.all(), key=lambda block: (block.position, block.pk))
    for position, spec in enumerate(content["blocks"], start=1):
        block = existing[position - 1] if position <= len(existing) else Block(lesson=lesson)
        block.position = position
        block.kind = spec["kind"]
        block.style = spec["style"]
        block.url = spec["url"]
        block.exercise = spec["exercise"]
        set_translations(block, "body", spec["body"])
        set_translations(block, "alt_text", spec["alt_text"])
        block.save()
    Block.objects.filter(pk__in=[block.pk for block in existing[len(content["blocks"]) :]]).delete()


R = TypeVar("R", bound=Revision)


def record_revision(
    model: type[R],
    *,
    owner: Mapping[str, Any],
    data: Mapping[str, Any],
    user: User,
    now: datetime,
    live_before: Mapping[str, Any] | None,
    live_since: datetime,
    **fields: Any,
) -> R:
    """Record what a publish made live as the next revision of a lesson or a quiz
    (``owner``: {"lesson": lesson} or {"quiz": quiz}), with who and when.

    ``live_before`` is the content learners saw until now, when it was live (else None).
    Before the first publish in the platform that content came from the files; it is kept
    as revision 1 (published by nobody, at ``live_since``) so it can be viewed and
    restored like any other. Call inside the publish's transaction with the owner's row
    locked, so two publishes never pick the same number (the unique constraint backs this).
    """
    revisions = model._default_manager
    last = revisions.filter(**owner).aggregate(last=Max("number"))["last"] or 0
    if last == 0 and live_before is not None:
        revisions.create(
            **owner, number=1, data=live_before, published_by=None, published_at=live_since
        )
        last = 1
    return revisions.create(
        **owner, number=last + 1, data=data, published_by=user, published_at=now, **fields
    )


@transaction.atomic
def publish_lesson(
    *, lesson: Lesson, expected_version: int, user: User, now: datetime, is_major: bool = False
) -> LessonRevision:
    """Make the draft (or, without one, the lesson as it is) what learners see.

    Records a revision with who and when, and bumps the content version so every
    process drops its cached outline and lesson body. Learners' completions and quiz
    attempts are untouched; with ``is_major`` each learner who completed the lesson gets
    a LessonReview asking them to read it again. Raises DraftConflict when the draft
    moved on since the trainer opened it, InvalidContent when it does not pass the checks.
    """
    lesson = Lesson.objects.select_for_update().get(pk=lesson.pk)
    draft = LessonDraft.objects.select_for_update().filter(lesson=lesson).first()
    if current_version(draft) != expected_version:
        raise DraftConflict(draft)
    live = live_lesson_data(lesson)
    content = normalised(draft.data) if draft is not None else live
    errors = validate_lesson_data(content)
    if errors:
        raise InvalidContent(errors)
    was_live, live_since = lesson.is_published, lesson.updated_at
    _write_live(lesson, clean_lesson_data(content))
    revision = record_revision(
        LessonRevision,
        owner={"lesson": lesson},
        data=clean_lesson_data(content),
        user=user,
        now=now,
        live_before=live if was_live else None,
        live_since=live_since,
        is_major=is_major,
    )
    if draft is not None:
        draft.delete()
    if is_major:
        learner_ids = LessonCompletion.objects.filter(lesson=lesson).values_list(
            "learner_id", flat=True
        )
        LessonReview.objects.bulk_create(
            [
                LessonReview(
                    learner_id=learner_id, lesson=lesson, revision=revision, requested_at=now
                )
                for learner_id in learner_ids
            ],
            batch_size=500,
        )
    bump_content_version()
    return revision


@transaction.atomic
def restore_lesson_revision(
    *, revision: LessonRevision, expected_version: int, user: User, now: datetime
) -> LessonDraft:
    """Put an earlier revision's content into the draft, to review and publish. Raises
    DraftConflict like save_lesson_draft."""
    return save_lesson_draft(
        lesson=revision.lesson,
        data=revision.data,
        expected_version=expected_version,
        user=user,
        now=now,
    )


def has_changes(lesson: Lesson, draft: LessonDraft | None) -> bool:
    """Expects ``blocks`` prefetched."""
    return draft is not None and not same_content(draft.data, live_lesson_data(lesson))
