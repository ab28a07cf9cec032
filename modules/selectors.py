"""Read use cases for content and a learner's completions."""

from collections.abc import Collection

from django.db.models import QuerySet

from modules.models import Block, LessonCompletion


def list_lesson_blocks(lesson_id: int) -> QuerySet[Block]:
    """The lesson's body in reading order, as a lazy queryset: the lesson page renders it
    inside a fragment cache, so the query runs only when the cache misses."""
    return Block.objects.filter(lesson_id=lesson_id).order_by("position", "pk")


def completed_lesson_ids(*, learner_id: int, lesson_ids: Collection[int]) -> set[int]:
    """Which of the given lessons the learner has completed, in one query."""
    return set(
        LessonCompletion.objects.filter(
            learner_id=learner_id, lesson_id__in=lesson_ids
        ).values_list("lesson_id", flat=True)
    )
