"""Read use cases for content, a learner's completions, exercise answers and action plan."""

from typing import Any

from django.db.models import Avg, Count, FloatField, Prefetch, Q, QuerySet
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

from modules.exercises import DRIVER_KEYS
from modules.models import (
    DEFAULT_CURRENCY,
    ActionPlan,
    Block,
    CheckIn,
    Commitment,
    ExerciseAnswer,
    ExerciseSettings,
)

# The cohort average of the experience profile is shown only from this many answers, so
# that no one's ratings can be worked out from it.
MIN_ANSWERS_FOR_AVERAGE = 5


def list_lesson_blocks(lesson_id: int) -> QuerySet[Block]:
    """The lesson's body in reading order."""
    return Block.objects.filter(lesson_id=lesson_id).order_by("position", "pk")


def get_exercise_block(block_id: int) -> Block | None:
    """An exercise block (any other kind is None), with no join: the lesson comes from the
    cached course outline."""
    return Block.objects.filter(pk=block_id, kind=Block.Kind.EXERCISE).first()


def get_currency(organisation_id: int | None) -> str:
    """The currency the organisation's exercises use; DKK unless set otherwise."""
    if organisation_id is None:
        return DEFAULT_CURRENCY
    found = (
        ExerciseSettings.objects.filter(organisation_id=organisation_id)
        .values_list("currency", flat=True)
        .first()
    )
    return found or DEFAULT_CURRENCY


def get_learner_answer(*, learner_id: int, block_id: int) -> ExerciseAnswer | None:
    return ExerciseAnswer.objects.filter(learner_id=learner_id, block_id=block_id).first()


def get_learner_answer_by_id(*, learner_id: int, answer_id: int) -> ExerciseAnswer | None:
    """The learner's own answer; anybody else's is None, exactly like a missing one."""
    return ExerciseAnswer.objects.filter(learner_id=learner_id, pk=answer_id).first()


def list_learner_answers(learner_id: int) -> list[ExerciseAnswer]:
    """Every exercise the learner has answered, in course order where the block still
    exists, with its lesson and module (one query)."""
    return list(
        ExerciseAnswer.objects.filter(learner_id=learner_id)
        .select_related("block__lesson__module")
        .order_by("block__lesson__module__slug", "block__lesson__position", "block__position", "pk")
    )


def _ordered_commitments() -> Prefetch:
    return Prefetch("commitments", queryset=Commitment.objects.order_by("due_on", "pk"))


def get_learner_plan(learner_id: int) -> ActionPlan | None:
    """The learner's action plan with its commitments and their check-in answers (three
    queries), or None."""
    return (
        ActionPlan.objects.filter(learner_id=learner_id)
        .prefetch_related(
            Prefetch("commitments", queryset=Commitment.objects.order_by("due_on", "pk")),
            Prefetch("commitments__check_ins", queryset=CheckIn.objects.order_by("day")),
        )
        .first()
    )


def get_plan_with_owner(plan_id: int) -> ActionPlan | None:
    """A plan with its learner, for the permission check of someone else viewing it."""
    return (
        ActionPlan.objects.select_related("learner")
        .prefetch_related(
            Prefetch("commitments", queryset=Commitment.objects.order_by("due_on", "pk"))
        )
        .filter(pk=plan_id)
        .first()
    )


def added_result_keys(*, learner_id: int, answer_id: int) -> set[str]:
    """Which of an answer's results are already in the learner's plan."""
    return set(
        Commitment.objects.filter(
            plan__learner_id=learner_id, source_answer_id=answer_id
        ).values_list("source_key", flat=True)
    )


def experience_profile_average(
    *, block_id: int, learner_ids: QuerySet[Any, Any]
) -> tuple[int, dict[str, float]]:
    """How many of the given learners completed the profile, and their average rating per
    line, in one aggregate query. The averages are empty below MIN_ANSWERS_FOR_AVERAGE."""
    complete = ExerciseAnswer.objects.filter(block_id=block_id, learner_id__in=learner_ids).exclude(
        result={}
    )
    averages = complete.aggregate(
        answers=Count("pk"),
        **{key: Avg(Cast(KT(f"result__ratings__{key}"), FloatField())) for key in DRIVER_KEYS},
    )
    count = averages.pop("answers")
    if count < MIN_ANSWERS_FOR_AVERAGE:
        return count, {}
    return count, {key: round(value, 1) for key, value in averages.items() if value is not None}


def plan_adoption(learner_ids: QuerySet[Any, Any]) -> tuple[int, int]:
    """(learners with at least one commitment, learners): the share of a group with an
    action plan, counted in the database. Never reads what a plan says."""
    from users.models import User

    row = User.objects.filter(pk__in=learner_ids).aggregate(
        total=Count("pk", distinct=True),
        with_plan=Count("pk", distinct=True, filter=Q(action_plan__commitments__isnull=False)),
    )
    return row["with_plan"], row["total"]
