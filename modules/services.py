"""Write operations on content, on a learner's progress through it, and on their
exercise answers and action plan."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import F

from modules.authoring.models import LessonReview
from modules.content_files import (
    BlockSpec,
    LessonSpec,
    ModuleSpec,
    fingerprint,
    lesson_fingerprint_data,
    module_fingerprint_data,
    set_translations,
    translations_of,
)
from modules.exercises import Parsed
from modules.models import (
    CONTENT_VERSION_ID,
    MAX_COMMITMENTS,
    ActionPlan,
    Block,
    CheckIn,
    Commitment,
    ContentVersion,
    ExerciseAnswer,
    Lesson,
    LessonCompletion,
    Module,
)
from users.models import User


def bump_content_version() -> None:
    """Tell every process that content changed: their cached outlines are now stale.

    Call inside the transaction that changes the content, so readers see the new
    version exactly when they see the new content.
    """
    updated = ContentVersion.objects.filter(pk=CONTENT_VERSION_ID).update(version=F("version") + 1)
    if not updated:
        ContentVersion.objects.get_or_create(pk=CONTENT_VERSION_ID, defaults={"version": 2})


@transaction.atomic
def mark_lesson_complete(*, lesson: Lesson, learner: User, now: datetime) -> LessonCompletion:
    """Record that the learner completed the lesson.

    Idempotent: a second call (double click, two tabs) returns the first completion and
    keeps its original time. The caller checks that the learner may take the lesson.
    """
    try:
        with transaction.atomic():
            completion, _created = LessonCompletion.objects.get_or_create(
                learner=learner, lesson=lesson, defaults={"completed_at": now}
            )
    except IntegrityError:
        # A concurrent request inserted the row between our read and our write.
        completion = LessonCompletion.objects.get(learner=learner, lesson=lesson)
    return completion


@transaction.atomic
def mark_lesson_reviewed(*, review: LessonReview, now: datetime) -> int:
    """Close the learner's open review requests of the review's lesson: every one, since
    two major changes in a row ask for one reading. The completion is untouched.

    Idempotent: an already closed request keeps its time, and the call closes nothing.
    Returns how many requests it closed. The caller checks that the review is the
    learner's own.
    """
    return LessonReview.objects.filter(
        learner_id=review.learner_id, lesson_id=review.lesson_id, reviewed_at__isnull=True
    ).update(reviewed_at=now)


# Loading the shipped content ---------------------------------------------------------


@dataclass
class LoadReport:
    """What a load did, for the management command to print."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept_edited: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def module_db_checksum(module: Module) -> str:
    return fingerprint(
        module_fingerprint_data(
            translations_of(module, "title"),
            translations_of(module, "summary"),
            translations_of(module, "introduction"),
            module.is_published,
        )
    )


def lesson_db_checksum(lesson: Lesson) -> str:
    """Fingerprint of the lesson as stored; expects ``blocks`` prefetched in order."""
    blocks = [
        BlockSpec(
            kind=block.kind,
            style=block.style,
            body=translations_of(block, "body"),
            url=block.url,
            alt_text=translations_of(block, "alt_text"),
            exercise=block.exercise,
        )
        for block in block_list(lesson)
    ]
    return fingerprint(
        lesson_fingerprint_data(
            translations_of(lesson, "title"),
            translations_of(lesson, "summary"),
            lesson.minutes,
            lesson.position,
            lesson.is_published,
            blocks,
        )
    )


def block_list(lesson: Lesson) -> list[Block]:
    return sorted(lesson.blocks.all(), key=lambda block: (block.position, block.pk))


def _is_edited_in_platform(stored_checksum: str, current_checksum: str) -> bool:
    """Content created in the platform (no stored checksum) is the trainer's too."""
    return stored_checksum != current_checksum


def _write_module_fields(module: Module, spec: ModuleSpec) -> None:
    set_translations(module, "title", spec.title)
    set_translations(module, "summary", spec.summary)
    set_translations(module, "introduction", spec.introduction)
    module.is_published = spec.published
    module.source_checksum = spec.checksum


def _write_lesson(lesson: Lesson, spec: LessonSpec) -> None:
    set_translations(lesson, "title", spec.title)
    set_translations(lesson, "summary", spec.summary)
    lesson.minutes = spec.minutes
    lesson.position = spec.position
    lesson.is_published = spec.published
    lesson.source_checksum = spec.checksum
    lesson.save()
    # Blocks are updated in place by position, so anything pointing at a block keeps
    # pointing at the same place in the lesson.
    existing = block_list(lesson)
    for position, block_spec in enumerate(spec.blocks, start=1):
        block = existing[position - 1] if position <= len(existing) else Block(lesson=lesson)
        block.position = position
        block.kind = block_spec.kind
        block.style = block_spec.style
        block.url = block_spec.url
        block.exercise = block_spec.exercise
        set_translations(block, "body", block_spec.body)
        set_translations(block, "alt_text", block_spec.alt_text)
        block.save()
    Block.objects.filter(pk__in=[block.pk for block in existing[len(spec.blocks) :]]).delete()


def _sync_lessons(module: Module, spec: ModuleSpec, report: LoadReport) -> None:
    lessons = {lesson.slug: lesson for lesson in module.lessons.prefetch_related("blocks")}
    for lesson_spec in spec.lessons:
        label = f"{spec.slug}/{lesson_spec.slug}"
        lesson = lessons.get(lesson_spec.slug)
        if lesson is None:
            _write_lesson(Lesson(module=module, slug=lesson_spec.slug), lesson_spec)
            report.created.append(label)
        elif _is_edited_in_platform(lesson.source_checksum, lesson_db_checksum(lesson)):
            report.kept_edited.append(label)
        elif lesson.source_checksum == lesson_spec.checksum:
            report.unchanged.append(label)
        else:
            _write_lesson(lesson, lesson_spec)
            report.updated.append(label)


@transaction.atomic
def load_modules(*, specs: list[ModuleSpec], report: LoadReport) -> dict[str, Module]:
    """Create or update modules and lessons from parsed content files.

    Idempotent. What is missing is created; what was loaded before and not touched
    since is brought up to date with the files; anything a trainer has edited in the
    platform since (its fingerprint no longer matches the one stored at the last load)
    is left exactly as it is and reported. Nothing is deleted: lessons that vanished
    from the files stay, with their learners' progress.
    """
    modules = {
        module.slug: module for module in Module.objects.filter(slug__in=[s.slug for s in specs])
    }
    for spec in specs:
        module = modules.get(spec.slug)
        if module is None:
            module = Module(slug=spec.slug)
            _write_module_fields(module, spec)
            module.save()
            modules[spec.slug] = module
            report.created.append(spec.slug)
        elif _is_edited_in_platform(module.source_checksum, module_db_checksum(module)):
            report.kept_edited.append(spec.slug)
        elif module.source_checksum != spec.checksum:
            _write_module_fields(module, spec)
            module.save()
            report.updated.append(spec.slug)
        else:
            report.unchanged.append(spec.slug)
        _sync_lessons(module, spec, report)
    if report.created or report.updated:
        bump_content_version()
    return modules


# Exercises and the action plan ---------------------------------------------------------


@transaction.atomic
def save_exercise_answer(
    *, learner: User, block: Block, parsed: Parsed, currency: str, now: datetime
) -> ExerciseAnswer:
    """Store the learner's answers to an exercise block as typed, with the result the
    server computed from them (empty while they have errors). One row per learner and
    block, changed in place; the row is locked first, so two saves at once (autosave and
    a button) apply one after the other. The caller checks that the learner may open it."""
    answer = ExerciseAnswer.objects.select_for_update().filter(learner=learner, block=block).first()
    if answer is None:
        try:
            with transaction.atomic():
                return ExerciseAnswer.objects.create(
                    learner=learner,
                    block=block,
                    exercise=block.exercise,
                    data=parsed.data,
                    result=parsed.result,
                    currency=currency,
                    created_at=now,
                    updated_at=now,
                )
        except IntegrityError:
            # A concurrent first save inserted the row: lock it and update it instead.
            answer = ExerciseAnswer.objects.select_for_update().get(learner=learner, block=block)
    answer.data = parsed.data
    answer.result = parsed.result
    answer.currency = currency
    answer.updated_at = now
    answer.save(update_fields=["data", "result", "currency", "updated_at"])
    return answer


class PlanFull(Exception):
    """The action plan already holds MAX_COMMITMENTS commitments."""


def _locked_plan(learner: User, now: datetime) -> ActionPlan:
    """The learner's plan, created on first need, with its row locked so that counting
    and adding commitments cannot interleave with another request's."""
    plan, _created = ActionPlan.objects.get_or_create(
        learner=learner, defaults={"created_at": now, "updated_at": now}
    )
    return ActionPlan.objects.select_for_update().get(pk=plan.pk)


@transaction.atomic
def add_commitment(
    *,
    learner: User,
    action: str,
    owner: str,
    due_on: date,
    measure: str,
    now: datetime,
    source_answer: ExerciseAnswer | None = None,
    source_key: str = "",
) -> tuple[Commitment, bool]:
    """Add a commitment to the learner's action plan; returns it and whether it is new.

    Adding an exercise result twice (a double click) returns the first commitment.
    Raises PlanFull when the plan already has MAX_COMMITMENTS.
    """
    plan = _locked_plan(learner, now)
    if source_answer is not None:
        existing = plan.commitments.filter(
            source_answer=source_answer, source_key=source_key
        ).first()
        if existing is not None:
            return existing, False
    if plan.commitments.count() >= MAX_COMMITMENTS:
        raise PlanFull
    commitment = Commitment.objects.create(
        plan=plan,
        action=action[:500],
        owner=owner[:200],
        due_on=due_on,
        measure=measure[:500],
        source_answer=source_answer,
        source_key=source_key if source_answer else "",
        created_at=now,
        updated_at=now,
    )
    ActionPlan.objects.filter(pk=plan.pk).update(updated_at=now)
    return commitment, True


@transaction.atomic
def update_commitment(
    *, commitment: Commitment, action: str, owner: str, due_on: date, measure: str, now: datetime
) -> Commitment:
    commitment.action = action
    commitment.owner = owner
    commitment.due_on = due_on
    commitment.measure = measure
    commitment.updated_at = now
    commitment.save(update_fields=["action", "owner", "due_on", "measure", "updated_at"])
    return commitment


@transaction.atomic
def remove_commitment(*, commitment: Commitment) -> None:
    """Delete the commitment with its check-ins."""
    commitment.delete()


@transaction.atomic
def set_plan_sharing(
    *, learner: User, with_line_manager: bool, with_hr: bool, now: datetime
) -> ActionPlan:
    """Opt in or out of sharing the action plan; either can be revoked at any time.
    Exercise answers are never shared, only the plan."""
    plan = _locked_plan(learner, now)
    plan.shared_with_line_manager = with_line_manager
    plan.shared_with_hr = with_hr
    plan.updated_at = now
    plan.save(update_fields=["shared_with_line_manager", "shared_with_hr", "updated_at"])
    return plan


@transaction.atomic
def record_check_ins(
    *,
    learner: User,
    day: int,
    answers: Mapping[int, tuple[str, str]],
    now: datetime,
) -> int:
    """Record the learner's answers at a follow-up (commitment id -> (status, note)),
    replacing earlier answers at the same follow-up. Ids of commitments that are not in
    the learner's own plan are ignored. Returns how many were recorded."""
    if day not in CheckIn.Day.values:
        raise ValueError(f"No follow-up on day {day}.")
    own = set(
        Commitment.objects.filter(plan__learner=learner, pk__in=list(answers)).values_list(
            "pk", flat=True
        )
    )
    for commitment_id, (status, note) in answers.items():
        if commitment_id not in own or status not in CheckIn.Status.values:
            continue
        CheckIn.objects.update_or_create(
            commitment_id=commitment_id,
            day=day,
            defaults={"status": status, "note": note[:2000], "answered_at": now},
        )
    return len(own)
