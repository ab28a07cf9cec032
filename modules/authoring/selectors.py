"""Read use cases for authoring lessons."""

from dataclasses import dataclass, field
from typing import TypeVar

from django.db.models import QuerySet

from modules.authoring.content import (
    LessonData,
    live_lesson_data,
    missing_translations,
    same_content,
)
from modules.authoring.models import LessonDraft, LessonRevision, Revision
from modules.models import Lesson, Module


@dataclass(frozen=True)
class AuthoringStatus:
    """What the trainer area shows about a lesson or a quiz."""

    published: bool
    changed: bool  # a draft differs from what learners see
    missing: list[str] = field(default_factory=list)  # texts with no Danish yet


def draft_of(lesson: Lesson) -> LessonDraft | None:
    """The lesson's draft; prefetch ``draft`` to read it without a query."""
    # A missing reverse one-to-one raises an error that is also an AttributeError.
    draft = getattr(lesson, "draft", None)
    return draft if isinstance(draft, LessonDraft) else None


def lesson_status(lesson: Lesson) -> AuthoringStatus:
    """Expects ``blocks`` and ``draft`` prefetched."""
    live = live_lesson_data(lesson)
    draft = draft_of(lesson)
    current: LessonData = draft.data if draft is not None else live
    return AuthoringStatus(
        published=lesson.is_published,
        changed=draft is not None and not same_content(draft.data, live),
        missing=missing_translations(current),
    )


def list_modules_with_lessons() -> list[Module]:
    """Every module with its lessons, their blocks and drafts, in order: four queries."""
    return list(
        Module.objects.order_by("slug").prefetch_related("lessons__blocks", "lessons__draft")
    )


def get_lesson_for_editing(lesson_id: int) -> Lesson | None:
    """The lesson with its module, blocks and draft: three queries."""
    return (
        Lesson.objects.select_related("module", "draft")
        .prefetch_related("blocks")
        .filter(pk=lesson_id)
        .first()
    )


R = TypeVar("R", bound=Revision)


def revision_list(revisions: QuerySet[R]) -> QuerySet[R]:
    """A lesson's or a quiz's revisions for the editor's list: newest first, with who
    published each, in one query; the content is not read."""
    return revisions.select_related("published_by").defer("data").order_by("-number")


def list_lesson_revisions(lesson_id: int) -> QuerySet[LessonRevision]:
    return revision_list(LessonRevision.objects.filter(lesson_id=lesson_id))


def get_lesson_revision(*, lesson_id: int, number: int) -> LessonRevision | None:
    return (
        LessonRevision.objects.select_related("lesson", "published_by")
        .filter(lesson_id=lesson_id, number=number)
        .first()
    )
