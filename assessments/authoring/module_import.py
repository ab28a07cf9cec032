"""Importing a module's files (assessments.authoring.module_files) into trainers' drafts.

``plan_module_import`` compares the files with what learners see now and says, per
lesson and quiz, what the import would do: added, changed or unchanged, and per quiz
which questions are added, changed or retired. ``apply_module_import`` then writes the
changes as drafts, in one transaction, all or nothing: a changed lesson or quiz gets
the files' content as its draft; a new lesson or quiz is created unpublished, with the
content in its draft. Nothing reaches learners until a trainer publishes, as after any
edit, and nothing is deleted: lessons and quizzes missing from the files are left as
they are.

What the drafts cannot hold is not imported and the preview says so: the module's own
title, summary and introduction, and an existing lesson's number and published flag.
A question's ``lesson:`` is not stored (see assessments.content_files), so it is dropped.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core import signing
from django.db import transaction
from django.utils.translation import gettext as _

from assessments.authoring.models import QuizDraft
from assessments.authoring.selectors import quiz_draft_of
from assessments.authoring.services import current_quiz_version, save_quiz_draft
from assessments.authoring.validation import validate_quiz_data
from assessments.content_files import QuizSpec, quiz_file_data, quiz_fingerprint_data
from assessments.loading import spec_of_quiz
from assessments.models import Quiz
from modules.authoring.content import LessonData, live_lesson_data, same_content
from modules.authoring.files import lesson_data_of_spec
from modules.authoring.models import LessonDraft
from modules.authoring.selectors import draft_of
from modules.authoring.services import DraftConflict, InvalidContent, save_lesson_draft
from modules.authoring.validation import validate_lesson_data
from modules.content_files import (
    ContentError,
    LessonSpec,
    ModuleSpec,
    fingerprint,
    lesson_file_name,
    module_fingerprint_data,
    set_translations,
    translations_of,
)
from modules.models import Lesson, Module
from users.models import User


class Action:
    ADDED = "added"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    KEPT = "kept"  # in the platform, not in the files: left as it is


@dataclass(frozen=True)
class LessonChange:
    slug: str
    title: str
    action: str
    spec: LessonSpec | None
    lesson: Lesson | None
    draft: LessonDraft | None  # the draft the import would replace
    in_draft_already: bool = False


@dataclass(frozen=True)
class QuizChange:
    name: str  # the file's name: quiz.yaml or NN-lesson.check.yaml
    title: str
    action: str
    spec: QuizSpec | None
    quiz: Quiz | None
    draft: QuizDraft | None
    added: list[str] = field(default_factory=list)  # question keys
    changed: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    settings_changed: bool = False
    in_draft_already: bool = False


@dataclass(frozen=True)
class ImportPlan:
    module: Module
    lessons: list[LessonChange]
    quizzes: list[QuizChange]
    notes: list[str]
    basis: str  # fingerprint of what the plan was made against

    @property
    def has_changes(self) -> bool:
        changes = [(c.action, c.in_draft_already) for c in self.lessons] + [
            (c.action, c.in_draft_already) for c in self.quizzes
        ]
        return any(
            action in (Action.ADDED, Action.CHANGED) and not already for action, already in changes
        )

    def count(self, action: str) -> int:
        return sum(1 for change in self.lessons if change.action == action)


def _text(values: dict[str, str]) -> str:
    return values.get("en", "") or next(iter(values.values()), "")


def quiz_draft_data(spec: QuizSpec) -> dict[str, Any]:
    """The quiz's file as a draft's data; a question's lesson is not stored."""
    data = quiz_file_data(spec)
    data["questions"] = [
        {name: value for name, value in question.items() if name != "lesson"}
        for question in data["questions"]
    ]
    return data


def _questions(spec: QuizSpec | None) -> dict[str, Any]:
    if spec is None:
        return {}
    return {question["key"]: question for question in quiz_fingerprint_data(spec)["questions"]}


def _check_content(module_spec: ModuleSpec, quiz_specs: list[QuizSpec]) -> None:
    """The editor's own checks on top of the parsers', so every draft the import writes
    can be saved and published. Raises ContentError naming the file."""
    folder = f"{module_spec.position:02d}-{module_spec.slug}"
    for spec in module_spec.lessons:
        errors = validate_lesson_data(lesson_data_of_spec(spec))
        if errors:
            name, messages = next(iter(errors.items()))
            raise ContentError(f"{folder}/{lesson_file_name(spec, 'en')}", name, messages[0])
    for quiz_spec in quiz_specs:
        errors = validate_quiz_data(quiz_draft_data(quiz_spec))
        if errors:
            name, messages = next(iter(errors.items()))
            raise ContentError(quiz_spec.path, name, messages[0])


def plan_module_import(
    *, module: Module, spec: ModuleSpec, quiz_specs: list[QuizSpec]
) -> ImportPlan:
    """What importing the parsed files into ``module`` would change. Expects the module's
    lessons with blocks and drafts prefetched, and its quizzes (``module.quizzes``) with
    draft, questions and choices. Raises ContentError when the files are for another
    module or hold content the editor would refuse."""
    if spec.slug != module.slug:
        raise ContentError(
            f"{spec.position:02d}-{spec.slug}",
            "folder name",
            _("these are the files of the module '%(found)s', not of '%(expected)s'")
            % {"found": spec.slug, "expected": module.slug},
        )
    _check_content(spec, quiz_specs)
    notes: list[str] = []
    if fingerprint(
        module_fingerprint_data(spec.title, spec.summary, spec.introduction, spec.published)
    ) != fingerprint(
        module_fingerprint_data(
            translations_of(module, "title"),
            translations_of(module, "summary"),
            translations_of(module, "introduction"),
            module.is_published,
        )
    ):
        notes.append(
            _(
                "The module's title, summary, introduction or published setting differ in the "
                "files. They are not imported: modules have no drafts."
            )
        )
    existing = {lesson.slug: lesson for lesson in module.lessons.all()}
    lessons: list[LessonChange] = []
    for lesson_spec in spec.lessons:
        lesson = existing.pop(lesson_spec.slug, None)
        data = lesson_data_of_spec(lesson_spec)
        if lesson is None:
            lessons.append(
                LessonChange(
                    lesson_spec.slug,
                    _text(lesson_spec.title),
                    Action.ADDED,
                    lesson_spec,
                    None,
                    None,
                )
            )
            continue
        draft = draft_of(lesson)
        changed = not same_content(data, live_lesson_data(lesson))
        lessons.append(
            LessonChange(
                slug=lesson.slug,
                title=_text(lesson_spec.title),
                action=Action.CHANGED if changed else Action.UNCHANGED,
                spec=lesson_spec,
                lesson=lesson,
                draft=draft if changed else None,
                in_draft_already=changed and draft is not None and same_content(draft.data, data),
            )
        )
        if (lesson.position, lesson.is_published) != (lesson_spec.position, lesson_spec.published):
            notes.append(
                _(
                    "%(lesson)s: its number or published setting differ in the files; they are "
                    "not imported."
                )
                % {"lesson": lesson.title}
            )
    lessons.extend(
        LessonChange(lesson.slug, lesson.title, Action.KEPT, None, lesson, None)
        for lesson in sorted(existing.values(), key=lambda lesson: lesson.position)
    )
    quizzes = _plan_quizzes(module, spec, quiz_specs)
    return ImportPlan(
        module=module,
        lessons=lessons,
        quizzes=quizzes,
        notes=notes,
        basis=_basis(module),
    )


def _plan_quizzes(module: Module, spec: ModuleSpec, quiz_specs: list[QuizSpec]) -> list[QuizChange]:
    lesson_slugs = {lesson.pk: lesson.slug for lesson in module.lessons.all()}
    existing = {
        lesson_slugs.get(quiz.lesson_id, "") if quiz.lesson_id else "": quiz
        for quiz in module.quizzes.all()
    }
    positions = {lesson.slug: lesson.position for lesson in spec.lessons}
    changes: list[QuizChange] = []
    for quiz_spec in quiz_specs:
        name = quiz_spec.path.rsplit("/", 1)[-1]
        quiz = existing.pop(quiz_spec.lesson_slug, None)
        title = _text(quiz_spec.title)
        new = _questions(quiz_spec)
        if quiz is None:
            changes.append(
                QuizChange(name, title, Action.ADDED, quiz_spec, None, None, added=list(new))
            )
            continue
        live_spec = spec_of_quiz(quiz)
        old = _questions(live_spec)
        live_data = quiz_fingerprint_data(live_spec)
        file_data = quiz_fingerprint_data(quiz_spec)
        changed = live_data != file_data
        draft = quiz_draft_of(quiz)
        changes.append(
            QuizChange(
                name=name,
                title=title,
                action=Action.CHANGED if changed else Action.UNCHANGED,
                spec=quiz_spec,
                quiz=quiz,
                draft=draft if changed else None,
                added=[key for key in new if key not in old],
                changed=[key for key in new if key in old and new[key] != old[key]],
                retired=[key for key in old if key not in new],
                settings_changed=any(
                    live_data[part] != file_data[part]
                    for part in ("title", "introduction", "settings")
                ),
                in_draft_already=changed
                and draft is not None
                and draft.data == quiz_draft_data(quiz_spec),
            )
        )
    for lesson_slug, quiz in existing.items():
        name = (
            f"{positions.get(lesson_slug, 0):02d}-{lesson_slug}.check.yaml"
            if lesson_slug
            else "quiz.yaml"
        )
        changes.append(QuizChange(name, quiz.title, Action.KEPT, None, quiz, None))
    return changes


def _basis(module: Module) -> str:
    """Changes whenever a lesson or quiz of the module is published, or a draft saved."""
    return fingerprint(
        {
            "lessons": sorted(
                [
                    lesson.pk,
                    lesson.slug,
                    lesson.updated_at.isoformat(),
                    (draft_of(lesson) or LessonDraft(version=0)).version,
                ]
                for lesson in module.lessons.all()
            ),
            "quizzes": sorted(
                [quiz.pk, quiz.version, current_quiz_version(quiz_draft_of(quiz))]
                for quiz in module.quizzes.all()
            ),
        }
    )


class ImportOutdated(Exception):
    """The module changed (a publish, a saved draft) since the preview was made."""


@transaction.atomic
def apply_module_import(
    *, plan: ImportPlan, expected_basis: str, user: User, now: datetime
) -> ImportPlan:
    """Write the plan's changes as drafts, all or nothing. Raises ImportOutdated when the
    module changed since the preview (``expected_basis``), DraftConflict when a draft
    is saved at the same moment, InvalidContent when a draft does not pass the checks."""
    if plan.basis != expected_basis:
        raise ImportOutdated
    lessons_by_slug = {lesson.slug: lesson for lesson in plan.module.lessons.all()}
    for change in plan.lessons:
        if change.spec is None or change.action == Action.UNCHANGED or change.in_draft_already:
            continue
        data: LessonData = lesson_data_of_spec(change.spec)
        lesson = change.lesson
        if lesson is None:
            lesson = Lesson(
                module=plan.module,
                slug=change.spec.slug,
                position=change.spec.position,
                minutes=change.spec.minutes,
                is_published=False,
            )
            set_translations(lesson, "title", change.spec.title)
            set_translations(lesson, "summary", change.spec.summary)
            lesson.save()
            lessons_by_slug[lesson.slug] = lesson
        save_lesson_draft(
            lesson=lesson,
            data=data,
            expected_version=change.draft.version if change.draft else 0,
            user=user,
            now=now,
        )
    for quiz_change in plan.quizzes:
        spec = quiz_change.spec
        if spec is None or quiz_change.action == Action.UNCHANGED or quiz_change.in_draft_already:
            continue
        quiz = quiz_change.quiz
        if quiz is None:
            quiz = Quiz(
                module=plan.module,
                lesson=lessons_by_slug[spec.lesson_slug] if spec.lesson_slug else None,
                pass_mark=spec.pass_mark,
                is_published=False,
            )
            set_translations(quiz, "title", spec.title)
            quiz.save()
        save_quiz_draft(
            quiz=quiz,
            data=quiz_draft_data(spec),
            expected_version=current_quiz_version(quiz_change.draft),
            user=user,
            now=now,
        )
    return plan


# Between preview and confirmation the files travel in the confirmation form, signed for
# this module and trainer and compressed, so nothing is stored for an import that is
# never confirmed, and any server can confirm it.
TOKEN_MAX_AGE_SECONDS = 60 * 60


def _salt(module: Module, user: User) -> str:
    return f"authoring.module-import:{module.pk}:{user.pk}"


def import_token(*, module: Module, user: User, files: dict[str, str], basis: str) -> str:
    return signing.dumps({"files": files, "basis": basis}, salt=_salt(module, user), compress=True)


def read_import_token(*, module: Module, user: User, token: str) -> tuple[dict[str, str], str]:
    """The files and the preview's basis; raises ImportOutdated for a token that is not
    this trainer's for this module, was altered, or is older than an hour."""
    try:
        found = signing.loads(token, salt=_salt(module, user), max_age=TOKEN_MAX_AGE_SECONDS)
    except signing.BadSignature:
        raise ImportOutdated from None
    return dict(found["files"]), str(found["basis"])


__all__ = [
    "Action",
    "DraftConflict",
    "ImportOutdated",
    "ImportPlan",
    "InvalidContent",
    "apply_module_import",
    "plan_module_import",
]
