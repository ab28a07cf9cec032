"""Drafts, publishing and revisions of lessons, with learners' progress around them."""

import datetime
from copy import deepcopy

import pytest

from modules.authoring.content import live_lesson_data
from modules.authoring.models import LessonDraft, LessonReview, LessonRevision
from modules.authoring.services import (
    DraftConflict,
    InvalidContent,
    discard_lesson_draft,
    publish_lesson,
    restore_lesson_revision,
    save_lesson_draft,
)
from modules.models import Block, ContentVersion, Lesson, LessonCompletion
from tests.modules.factories import BlockFactory, LessonFactory
from tests.users.factories import UserFactory
from users.models import User

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def lesson() -> Lesson:
    lesson = LessonFactory(title_en="Customer value", title_da="Kundeværdi")
    BlockFactory(lesson=lesson, position=1, body_en="First text", body_da="Første tekst")
    BlockFactory(
        lesson=lesson,
        position=2,
        kind=Block.Kind.CALLOUT,
        style="tip",
        body_en="A tip",
        body_da="Et tip",
    )
    return lesson


@pytest.fixture
def learners(lesson: Lesson) -> list[User]:
    people = UserFactory.create_batch(3)
    for person in people[:2]:
        LessonCompletion.objects.create(learner=person, lesson=lesson, completed_at=NOW)
    return people


def edited(lesson: Lesson, text: str = "Rewritten text") -> dict:
    data = deepcopy(live_lesson_data(lesson))
    data["blocks"][0]["body"]["en"] = text
    return data


def content_version() -> int:
    return ContentVersion.objects.get_or_create(pk=1)[0].version


def test_a_draft_changes_nothing_learners_see(lesson: Lesson, trainer: User) -> None:
    version = content_version()
    draft = save_lesson_draft(
        lesson=lesson, data=edited(lesson), expected_version=0, user=trainer, now=NOW
    )
    assert draft.version == 1
    assert Block.objects.get(lesson=lesson, position=1).body_en == "First text"
    assert content_version() == version


def test_publishing_copies_the_draft_in_place_and_keeps_progress(
    lesson: Lesson, trainer: User, learners: list[User]
) -> None:
    # given learners' completions and a draft that rewrites one block and drops another
    block_ids = list(
        Block.objects.filter(lesson=lesson).order_by("position").values_list("pk", flat=True)
    )
    data = edited(lesson)
    data["blocks"].pop()
    save_lesson_draft(lesson=lesson, data=data, expected_version=0, user=trainer, now=NOW)
    completions = list(LessonCompletion.objects.values_list("pk", "learner_id", "completed_at"))
    version = content_version()
    # when
    revision = publish_lesson(lesson=lesson, expected_version=1, user=trainer, now=NOW)
    # then the first block row is the same row, rewritten; the second is gone
    blocks = list(Block.objects.filter(lesson=lesson).order_by("position"))
    assert [block.pk for block in blocks] == block_ids[:1]
    assert blocks[0].body_en == "Rewritten text"
    assert not LessonDraft.objects.filter(lesson=lesson).exists()
    assert content_version() == version + 1
    assert revision.published_by == trainer
    assert revision.published_at == NOW
    # the lesson as loaded before is kept as revision 1
    assert list(LessonRevision.objects.filter(lesson=lesson).values_list("number", flat=True)) == [
        2,
        1,
    ]
    assert list(LessonCompletion.objects.values_list("pk", "learner_id", "completed_at")) == (
        completions
    )
    assert not LessonReview.objects.exists()


def test_a_major_change_asks_those_who_completed_it_to_review(
    lesson: Lesson, trainer: User, learners: list[User]
) -> None:
    save_lesson_draft(lesson=lesson, data=edited(lesson), expected_version=0, user=trainer, now=NOW)
    revision = publish_lesson(
        lesson=lesson, expected_version=1, user=trainer, now=NOW, is_major=True
    )
    assert set(LessonReview.objects.values_list("learner_id", flat=True)) == {
        learners[0].pk,
        learners[1].pk,
    }
    assert LessonReview.objects.filter(revision=revision).count() == 2
    assert LessonCompletion.objects.count() == 2


def test_an_earlier_revision_can_be_restored(
    lesson: Lesson, trainer: User, learners: list[User]
) -> None:
    save_lesson_draft(lesson=lesson, data=edited(lesson), expected_version=0, user=trainer, now=NOW)
    publish_lesson(lesson=lesson, expected_version=1, user=trainer, now=NOW)
    first = LessonRevision.objects.get(lesson=lesson, number=1)
    draft = restore_lesson_revision(revision=first, expected_version=0, user=trainer, now=NOW)
    publish_lesson(lesson=lesson, expected_version=draft.version, user=trainer, now=NOW)
    assert Block.objects.get(lesson=lesson, position=1).body_en == "First text"
    assert Block.objects.filter(lesson=lesson).count() == 2
    assert LessonRevision.objects.filter(lesson=lesson).count() == 3
    assert LessonCompletion.objects.filter(lesson=lesson).count() == 2


def test_a_second_save_from_a_stale_editor_is_a_conflict(lesson: Lesson, trainer: User) -> None:
    other = UserFactory(is_trainer=True)
    save_lesson_draft(
        lesson=lesson, data=edited(lesson, "Mine"), expected_version=0, user=trainer, now=NOW
    )
    with pytest.raises(DraftConflict) as caught:
        save_lesson_draft(
            lesson=lesson, data=edited(lesson, "Theirs"), expected_version=0, user=other, now=NOW
        )
    assert caught.value.current.data["blocks"][0]["body"]["en"] == "Mine"
    save_lesson_draft(
        lesson=lesson, data=edited(lesson, "Mine, again"), expected_version=1, user=trainer, now=NOW
    )
    with pytest.raises(DraftConflict):
        save_lesson_draft(
            lesson=lesson, data=edited(lesson, "Theirs"), expected_version=1, user=other, now=NOW
        )
    with pytest.raises(DraftConflict):
        publish_lesson(lesson=lesson, expected_version=1, user=other, now=NOW)
    with pytest.raises(DraftConflict):
        discard_lesson_draft(lesson=lesson, expected_version=1)
    assert LessonDraft.objects.get(lesson=lesson).data["blocks"][0]["body"]["en"] == "Mine, again"


def test_invalid_content_is_refused(lesson: Lesson, trainer: User) -> None:
    data = edited(lesson)
    data["title"]["en"] = ""
    data["blocks"].append({"kind": "video", "url": "https://evil.example.com/embed/1"})
    with pytest.raises(InvalidContent) as caught:
        save_lesson_draft(lesson=lesson, data=data, expected_version=0, user=trainer, now=NOW)
    assert set(caught.value.errors) == {"title_en", "block-3-url"}
    assert not LessonDraft.objects.exists()


def test_discarding_the_draft_keeps_the_live_lesson(lesson: Lesson, trainer: User) -> None:
    save_lesson_draft(lesson=lesson, data=edited(lesson), expected_version=0, user=trainer, now=NOW)
    discard_lesson_draft(lesson=lesson, expected_version=1)
    assert not LessonDraft.objects.exists()
    assert Block.objects.get(lesson=lesson, position=1).body_en == "First text"
