"""The lesson editor through the test client: both languages, blocks, uploads, the live
preview, conflicts between two trainers, publishing, and who may open any of it."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from modules.authoring.models import LessonDraft, LessonRevision
from modules.models import Block, Lesson, LessonCompletion
from tests.modules.factories import BlockFactory, LessonFactory
from tests.users.factories import UserFactory
from users.models import Organisation, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson() -> Lesson:
    lesson = LessonFactory(title_en="Customer value", title_da="Kundeværdi", summary_en="Why")
    BlockFactory(lesson=lesson, position=1, body_en="First text", body_da="Første tekst")
    BlockFactory(
        lesson=lesson, position=2, kind="callout", style="tip", body_en="A tip", body_da="Et tip"
    )
    return lesson


def form_of(client: Client, lesson: Lesson) -> dict[str, str]:
    """The editor's form as the browser would post it."""
    response = client.get(reverse("authoring:lesson_edit", args=[lesson.pk]))
    assert response.status_code == 200
    context = response.context
    data = {
        "version": str(context["version"]),
        "block-count": str(context["block_count"]),
        "minutes": str(context["minutes"]),
        "action": "save",
    }
    for pair in (context["title"], context["summary"]):
        for text in pair.texts:
            data[text.name] = text.value
    for block in context["blocks"]:
        data[f"{block.prefix}kind"] = block.kind
        data[f"{block.prefix}style"] = block.style
        data[f"{block.prefix}exercise"] = block.exercise
        data[f"{block.prefix}url"] = block.url
        for pair in block.pairs:
            for text in pair.texts:
                data[text.name] = text.value
    return data


def png_bytes(size: tuple[int, int] = (4, 4)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, "PNG")
    return buffer.getvalue()


def lesson_urls(lesson: Lesson) -> list[tuple[str, str]]:
    revision = LessonRevision.objects.create(
        lesson=lesson, number=1, data={}, published_at=lesson.updated_at
    )
    return [
        ("get", reverse("authoring:lesson_edit", args=[lesson.pk])),
        ("post", reverse("authoring:lesson_edit", args=[lesson.pk])),
        ("post", reverse("authoring:lesson_live_preview", args=[lesson.pk])),
        ("get", reverse("authoring:lesson_preview", args=[lesson.pk])),
        ("post", reverse("authoring:lesson_publish", args=[lesson.pk])),
        ("post", reverse("authoring:lesson_discard", args=[lesson.pk])),
        ("get", reverse("authoring:lesson_revision", args=[lesson.pk, revision.number])),
        ("post", reverse("authoring:lesson_restore", args=[lesson.pk, revision.number])),
    ]


@pytest.mark.parametrize("role", [{}, {"is_hr_admin": True}, {"is_staff": True}])
def test_every_lesson_address_is_404_for_non_trainers(
    client: Client, organisation: Organisation, lesson: Lesson, role: dict
) -> None:
    client.force_login(UserFactory(organisation=organisation, **role))
    for method, url in lesson_urls(lesson):
        assert getattr(client, method)(url).status_code == 404, url
    assert not LessonDraft.objects.exists()


def test_a_missing_lesson_is_404_for_trainers(trainer_client: Client) -> None:
    assert trainer_client.get(reverse("authoring:lesson_edit", args=[999])).status_code == 404


def test_the_editor_shows_both_languages_and_flags_a_missing_translation(
    trainer_client: Client, lesson: Lesson
) -> None:
    BlockFactory(lesson=lesson, position=3, body_en="Only English", body_da="")
    response = trainer_client.get(reverse("authoring:lesson_edit", args=[lesson.pk]))
    html = response.content.decode()
    assert 'name="title_en" value="Customer value"' in html
    assert 'name="title_da" value="Kundeværdi"' in html
    assert response.context["blocks"][2].pairs[0].missing
    assert not response.context["blocks"][0].pairs[0].missing
    assert "Translation missing" in html


def test_saving_goes_to_the_draft_and_learners_keep_the_published_text(
    trainer_client: Client, lesson: Lesson
) -> None:
    data = form_of(trainer_client, lesson)
    data["block-1-body_en"] = "New text"
    response = trainer_client.post(reverse("authoring:lesson_edit", args=[lesson.pk]), data)
    assert response.status_code == 302
    assert LessonDraft.objects.get(lesson=lesson).data["blocks"][0]["body"]["en"] == "New text"
    assert Block.objects.get(lesson=lesson, position=1).body_en == "First text"


def test_blocks_are_added_moved_and_removed_before_saving(
    trainer_client: Client, lesson: Lesson
) -> None:
    url = reverse("authoring:lesson_edit", args=[lesson.pk])
    data = form_of(trainer_client, lesson)
    response = trainer_client.post(url, {**data, "action": "add", "new-kind": "video"})
    assert [block.kind for block in response.context["blocks"]] == ["text", "callout", "video"]
    response = trainer_client.post(url, {**data, "action": "down:1"})
    assert [block.kind for block in response.context["blocks"]] == ["callout", "text"]
    response = trainer_client.post(url, {**data, "action": "delete:2"})
    assert [block.kind for block in response.context["blocks"]] == ["text"]
    assert not LessonDraft.objects.exists()  # nothing saved until "Save draft"


def test_a_video_from_a_host_off_the_allow_list_is_refused(
    trainer_client: Client, lesson: Lesson
) -> None:
    data = form_of(trainer_client, lesson)
    data.update(
        {"block-count": "3", "block-3-kind": "video", "block-3-url": "https://evil.example/v/1"}
    )
    response = trainer_client.post(reverse("authoring:lesson_edit", args=[lesson.pk]), data)
    assert response.status_code == 400
    assert response.context["blocks"][2].errors["url"]
    assert "Only https players" in response.content.decode()
    assert not LessonDraft.objects.exists()
    data["block-3-url"] = "https://player.vimeo.com/video/76979871"
    response = trainer_client.post(reverse("authoring:lesson_edit", args=[lesson.pk]), data)
    assert response.status_code == 302


class TestImageUpload:
    def post_image(self, client: Client, lesson: Lesson, upload: SimpleUploadedFile):
        data = form_of(client, lesson)
        data.update(
            {
                "block-count": "3",
                "block-3-kind": "image",
                "block-3-alt_text_en": "A chart of customer value",
                "block-3-file": upload,
            }
        )
        return client.post(reverse("authoring:lesson_edit", args=[lesson.pk]), data)

    def test_an_image_is_stored_and_the_block_points_at_it(
        self, trainer_client: Client, lesson: Lesson, settings, tmp_path
    ) -> None:
        settings.MEDIA_ROOT = tmp_path
        upload = SimpleUploadedFile("chart.txt", png_bytes(), content_type="text/plain")
        assert self.post_image(trainer_client, lesson, upload).status_code == 302
        url = LessonDraft.objects.get(lesson=lesson).data["blocks"][2]["url"]
        assert url.startswith("/media/lesson-images/")
        assert url.endswith(".png")
        assert (tmp_path / url.removeprefix("/media/")).read_bytes() == png_bytes()

    @pytest.mark.parametrize(
        ("name", "content", "message"),
        [
            ("notes.png", b"just some text, not an image", "not an image"),
            (
                "drawing.svg",
                b'<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>',
                "SVG",
            ),
            ("drawing.png", b'<?xml version="1.0"?><svg></svg>', "SVG"),
            ("page.jpg", b"<html><script>alert(1)</script></html>", "SVG"),
        ],
    )
    def test_what_is_not_an_image_is_refused(
        self,
        trainer_client: Client,
        lesson: Lesson,
        name: str,
        content: bytes,
        message: str,
        settings,
        tmp_path,
    ) -> None:
        settings.MEDIA_ROOT = tmp_path
        response = self.post_image(trainer_client, lesson, SimpleUploadedFile(name, content))
        assert response.status_code == 400
        assert message in response.context["blocks"][2].errors["file"][0]
        assert not LessonDraft.objects.exists()
        assert not list(tmp_path.rglob("*.*"))

    def test_an_image_over_the_size_limit_is_refused(
        self, trainer_client: Client, lesson: Lesson, settings, tmp_path
    ) -> None:
        settings.MEDIA_ROOT = tmp_path
        settings.AUTHORING_MAX_IMAGE_BYTES = 100
        response = self.post_image(
            trainer_client, lesson, SimpleUploadedFile("big.png", png_bytes((64, 64)))
        )
        assert response.status_code == 400
        assert "larger than" in response.context["blocks"][2].errors["file"][0]


def test_the_live_preview_renders_through_the_sanitising_renderer(
    trainer_client: Client, lesson: Lesson
) -> None:
    data = form_of(trainer_client, lesson)
    data["block-1-body_en"] = "**Bold** <script>alert(1)</script><img src=x onerror=alert(1)>"
    response = trainer_client.post(reverse("authoring:lesson_live_preview", args=[lesson.pk]), data)
    html = response.content.decode()
    assert "<strong>Bold</strong>" in html
    assert "<script" not in html
    assert "onerror" not in html
    assert not LessonDraft.objects.exists()


def test_two_trainers_editing_at_once_the_second_is_told(
    client: Client, lesson: Lesson, organisation: Organisation
) -> None:
    # given two trainers who opened the editor at the same version
    first, second = Client(), Client()
    first.force_login(UserFactory(organisation=organisation, is_trainer=True, first_name="Ann"))
    second.force_login(UserFactory(organisation=organisation, is_trainer=True))
    url = reverse("authoring:lesson_edit", args=[lesson.pk])
    first_form, second_form = form_of(first, lesson), form_of(second, lesson)
    # when both save
    first_form["block-1-body_en"] = "Ann's text"
    assert first.post(url, first_form).status_code == 302
    second_form["block-1-body_en"] = "Bo's text"
    response = second.post(url, second_form)
    # then the second is shown both versions and nothing of theirs was saved
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this lesson" in html
    assert "Ann&#x27;s text" in html
    assert "Bo&#x27;s text" in html
    assert LessonDraft.objects.get(lesson=lesson).data["blocks"][0]["body"]["en"] == "Ann's text"
    # saving again from the conflict page replaces it knowingly
    second_form["version"] = str(response.context["version"])
    assert second.post(url, second_form).status_code == 302
    assert LessonDraft.objects.get(lesson=lesson).data["blocks"][0]["body"]["en"] == "Bo's text"


def test_publish_then_restore_through_the_pages_keeps_progress(
    trainer_client: Client, lesson: Lesson
) -> None:
    learner = UserFactory()
    LessonCompletion.objects.create(learner=learner, lesson=lesson, completed_at=lesson.updated_at)
    data = form_of(trainer_client, lesson)
    data["block-1-body_en"] = "Published text"
    trainer_client.post(reverse("authoring:lesson_edit", args=[lesson.pk]), data)
    response = trainer_client.post(
        reverse("authoring:lesson_publish", args=[lesson.pk]), {"version": "1"}
    )
    assert response.status_code == 302
    assert Block.objects.get(lesson=lesson, position=1).body_en == "Published text"
    page = trainer_client.get(reverse("authoring:lesson_revision", args=[lesson.pk, 1]))
    assert "First text" in page.content.decode()
    trainer_client.post(reverse("authoring:lesson_restore", args=[lesson.pk, 1]), {"version": "0"})
    trainer_client.post(reverse("authoring:lesson_publish", args=[lesson.pk]), {"version": "1"})
    assert Block.objects.get(lesson=lesson, position=1).body_en == "First text"
    assert LessonCompletion.objects.filter(learner=learner, lesson=lesson).exists()


def test_the_learner_preview_shows_the_draft_and_records_nothing(
    trainer_client: Client, lesson: Lesson, trainer: User
) -> None:
    data = form_of(trainer_client, lesson)
    data["block-1-body_en"] = "Draft text"
    trainer_client.post(reverse("authoring:lesson_edit", args=[lesson.pk]), data)
    response = trainer_client.get(reverse("authoring:lesson_preview", args=[lesson.pk]))
    html = response.content.decode()
    assert "Draft text" in html
    assert "Nothing you do here is recorded" in html
    assert "Mark as complete" not in html
    assert not LessonCompletion.objects.exists()


def test_editor_and_preview_pages_run_a_constant_number_of_queries(
    trainer_client: Client, lesson: Lesson, trainer: User, django_assert_max_num_queries
) -> None:
    for position in range(3, 30):
        BlockFactory(lesson=lesson, position=position)
    for number in range(1, 6):
        LessonRevision.objects.create(
            lesson=lesson,
            number=number,
            data={},
            published_by=trainer,
            published_at=lesson.updated_at,
        )
    LessonDraft.objects.create(
        lesson=lesson, data={}, updated_by=trainer, updated_at=lesson.updated_at
    )
    for url in (
        reverse("authoring:lesson_edit", args=[lesson.pk]),
        reverse("authoring:lesson_preview", args=[lesson.pk]),
        reverse("authoring:lesson_revision", args=[lesson.pk, 1]),
    ):
        with django_assert_max_num_queries(15):
            assert trainer_client.get(url).status_code == 200
