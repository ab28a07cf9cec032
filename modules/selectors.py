"""Read use cases for content and a learner's completions."""

from django.db.models import QuerySet

from modules.models import Block, LessonCompletion


def list_lesson_blocks(lesson_id: int) -> QuerySet[Block]:
    """The lesson's body in reading order."""
    return Block.objects.filter(lesson_id=lesson_id).order_by("position", "pk")


def completed_lesson_ids(*, learner_id: int) -> set[int]:
    """Every lesson the learner has completed, in one query. Bounded by the number of
    lessons there are, and cheaper to build than narrowing it to one course's lessons."""
    return set(
        LessonCompletion.objects.filter(learner_id=learner_id).values_list("lesson_id", flat=True)
    )
