"""Read use cases for authoring lessons."""

from dataclasses import dataclass, field

from modules.authoring.content import LessonData, live_lesson_data, missing_translations
from modules.models import Lesson, Module


@dataclass(frozen=True)
class AuthoringStatus:
    """What the trainer area shows about a lesson or a quiz."""

    published: bool
    changed: bool  # a draft differs from what learners see
    missing: list[str] = field(default_factory=list)  # texts with no Danish yet

    @property
    def is_draft_only(self) -> bool:
        return not self.published


def lesson_status(lesson: Lesson, *, draft: LessonData | None = None) -> AuthoringStatus:
    """Expects ``blocks`` prefetched."""
    live = live_lesson_data(lesson)
    current = draft if draft is not None else live
    return AuthoringStatus(
        published=lesson.is_published,
        changed=draft is not None and draft != live,
        missing=missing_translations(current),
    )


def list_modules_with_lessons() -> list[Module]:
    """Every module with its lessons and their blocks, in order: three queries."""
    return list(Module.objects.order_by("slug").prefetch_related("lessons__blocks"))
