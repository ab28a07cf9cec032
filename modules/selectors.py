"""Read use cases for content and a learner's completions."""

from django.db.models import QuerySet

from modules.models import Block


def list_lesson_blocks(lesson_id: int) -> QuerySet[Block]:
    """The lesson's body in reading order."""
    return Block.objects.filter(lesson_id=lesson_id).order_by("position", "pk")
