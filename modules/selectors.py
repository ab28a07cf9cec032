"""Read use cases for content and a learner's completions."""

from collections.abc import Collection

from modules.models import Block, Lesson, LessonCompletion


def list_lesson_blocks(lesson: Lesson) -> list[Block]:
    """The lesson's body, in reading order."""
    return list(lesson.blocks.order_by("position", "pk"))


def completed_lesson_ids(*, learner_id: int, lesson_ids: Collection[int]) -> set[int]:
    """Which of the given lessons the learner has completed, in one query."""
    return set(
        LessonCompletion.objects.filter(
            learner_id=learner_id, lesson_id__in=lesson_ids
        ).values_list("lesson_id", flat=True)
    )
