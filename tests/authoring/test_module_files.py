"""A module as files: the serializers invert the parsers, export then import changes
nothing, an import lists what it would change and puts it into drafts only, and every
malformed upload is refused with a message naming the file and changes nothing."""

import dataclasses
import io
import tempfile
import zipfile
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.authoring.models import QuizDraft
from assessments.content_files import (
    QuizSpec,
    parse_module_quizzes,
    parse_quiz,
    render_quiz_file,
)
from assessments.loading import load_quizzes
from assessments.models import Question, Quiz
from courses.services import MODULES_CONTENT
from modules.authoring.models import LessonDraft
from modules.authoring.services import publish_lesson
from modules.content_files import (
    ModuleSpec,
    parse_module,
    render_module_files,
)
from modules.models import Block, Lesson, Module
from modules.services import LoadReport, load_modules
from tests.assessments.factories import QuizFactory, full_quiz, single
from tests.modules.factories import BlockFactory, LessonFactory, ModuleFactory
from tests.users.factories import UserFactory
from users.models import Organisation, User

FOLDERS = sorted(path.name for path in MODULES_CONTENT.iterdir() if path.is_dir())
FIRST = FOLDERS[0]


def shipped(folder: str) -> tuple[ModuleSpec, list[QuizSpec]]:
    module = parse_module(MODULES_CONTENT / folder)
    quizzes = parse_module_quizzes(
        MODULES_CONTENT / folder,
        module_slug=module.slug,
        lesson_slugs={lesson.slug for lesson in module.lessons},
    )
    return module, quizzes


def without_path(spec: QuizSpec) -> QuizSpec:
    return dataclasses.replace(spec, path="")


def without_lessons(spec: QuizSpec) -> QuizSpec:
    """The quiz as the platform stores it: a question's lesson is not kept."""
    return dataclasses.replace(
        spec,
        path="",
        questions=tuple(dataclasses.replace(q, lesson="") for q in spec.questions),
    )


def zip_of(files: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def unzip(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name).decode() for name in archive.namelist()}


def parse_files(files: dict[str, str]) -> tuple[ModuleSpec, list[QuizSpec]]:
    with tempfile.TemporaryDirectory() as directory:
        for name, text in files.items():
            path = Path(directory) / name
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
        (folder,) = {name.split("/")[0] for name in files}
        module = parse_module(Path(directory) / folder)
        quizzes = parse_module_quizzes(
            Path(directory) / folder,
            module_slug=module.slug,
            lesson_slugs={lesson.slug for lesson in module.lessons},
        )
    return module, quizzes


def upload(client: Client, module: Module, data: bytes, name: str = "module.zip"):
    file = io.BytesIO(data)
    file.name = name
    return client.post(reverse("authoring:module_import", args=[module.pk]), {"file": file})


def export(client: Client, module: Module) -> dict[str, str]:
    response = client.get(reverse("authoring:module_export", args=[module.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return unzip(response.content)


def confirm(client: Client, module: Module, token: str):
    return client.post(
        reverse("authoring:module_import_confirm", args=[module.pk]), {"token": token}
    )


def state() -> tuple[int, int, int, int, list[tuple[str, str]]]:
    """Everything an import could change: drafts, lessons, quizzes, live texts."""
    return (
        LessonDraft.objects.count(),
        QuizDraft.objects.count(),
        Lesson.objects.count(),
        Quiz.objects.count(),
        sorted(Block.objects.values_list("body_en", "body_da")),
    )


# The serializers -----------------------------------------------------------------------


@pytest.mark.parametrize("folder", FOLDERS)
def test_rendering_a_shipped_module_and_parsing_it_again_gives_the_same_content(
    folder: str,
) -> None:
    module, quizzes = shipped(folder)
    files = render_module_files(module)
    assert sorted(name.split("/", 1)[1] for name in files) == sorted(
        path.name for path in (MODULES_CONTENT / folder).glob("*.md")
    )
    again, _ = parse_files(files)
    assert again == module
    for quiz in quizzes:
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "quiz.yaml"
            path.write_text(render_quiz_file(quiz), encoding="utf-8")
            parsed = parse_quiz(
                path,
                module_slug=quiz.module_slug,
                lesson_slug=quiz.lesson_slug,
                lesson_slugs={lesson.slug for lesson in module.lessons},
            )
        assert without_path(parsed) == without_path(quiz)


def test_the_lesson_files_are_written_exactly_as_shipped() -> None:
    module, _ = shipped(FIRST)
    for name, text in render_module_files(module).items():
        assert text == (MODULES_CONTENT / name).read_text(encoding="utf-8"), name


# Export and import, round trip -----------------------------------------------------------


@pytest.fixture
def first_module(db: None) -> Module:
    """The shipped module 1 loaded as make run loads it."""
    module_spec, quizzes = shipped(FIRST)
    report = LoadReport()
    modules = load_modules(specs=[module_spec], report=report)
    load_quizzes(specs=quizzes, modules=modules, report=report)
    return modules[module_spec.slug]


@pytest.fixture
def every_kind(db: None) -> Module:
    """A module with a block of every kind in both languages, a knowledge check with a
    question of every type, and a module quiz."""
    module = ModuleFactory(slug="every-kind", summary_da="Hvad modulet lærer.")
    lesson = LessonFactory(
        module=module, slug="all-blocks", position=1, summary_en="All.", summary_da="Alt."
    )
    BlockFactory(lesson=lesson, position=1, body_en="Some *text*.", body_da="Noget *tekst*.")
    BlockFactory(
        lesson=lesson,
        position=2,
        kind=Block.Kind.CALLOUT,
        style=Block.Style.TIP,
        body_en="A tip.\n\nOn two lines.",
        body_da="Et tip.\n\nPå to linjer.",
    )
    BlockFactory(
        lesson=lesson,
        position=3,
        kind=Block.Kind.IMAGE,
        url="/static/img/journey.png",
        alt_text_en="A journey",
        alt_text_da="En rejse",
        body_en="Caption",
        body_da="Billedtekst",
    )
    BlockFactory(
        lesson=lesson,
        position=4,
        kind=Block.Kind.VIDEO,
        url="https://player.vimeo.com/video/1",
        body_en="",
        body_da="",
    )
    BlockFactory(lesson=lesson, position=5, body_en="More text.", body_da="Mere tekst.")
    BlockFactory(
        lesson=lesson,
        position=6,
        kind=Block.Kind.EXERCISE,
        exercise=Block.Exercise.JOURNEY_MAP,
        body_en="Map it.",
        body_da="Kortlæg den.",
    )
    second = LessonFactory(
        module=module, slug="second", position=2, summary_en="Two.", summary_da="To."
    )
    BlockFactory(lesson=second, position=1)
    full_quiz(QuizFactory(module=module, lesson=lesson, introduction_en="Check *it*."))
    single(QuizFactory(module=module, max_attempts=3, pool_size=1, time_limit_minutes=5))
    return module


@pytest.mark.django_db
@pytest.mark.parametrize("fixture", ["first_module", "every_kind"])
def test_export_then_import_changes_nothing(
    trainer_client: Client, request: pytest.FixtureRequest, fixture: str
) -> None:
    module: Module = request.getfixturevalue(fixture)
    before = state()
    # when
    files = export(trainer_client, module)
    response = upload(trainer_client, module, zip_of(files))
    # then
    assert response.status_code == 200
    plan = response.context["plan"]
    assert {change.action for change in plan.lessons} == {"unchanged"}
    assert {change.action for change in plan.quizzes} == {"unchanged"}
    assert plan.notes == []
    assert not plan.has_changes
    assert "Import into drafts" not in response.content.decode()
    assert state() == before


@pytest.mark.django_db
def test_the_export_of_module_1_holds_the_shipped_files(
    trainer_client: Client, first_module: Module
) -> None:
    files = export(trainer_client, first_module)
    assert sorted(files) == sorted(
        f"{FIRST}/{path.name}" for path in (MODULES_CONTENT / FIRST).iterdir()
    )
    module, quizzes = parse_files(files)
    shipped_module, shipped_quizzes = shipped(FIRST)
    assert module == shipped_module
    assert [without_lessons(quiz) for quiz in quizzes] == [
        without_lessons(quiz) for quiz in shipped_quizzes
    ]
    for name in files:
        if name.endswith(".md"):
            assert files[name] == (MODULES_CONTENT / name).read_text(encoding="utf-8"), name


@pytest.mark.django_db
def test_the_export_writes_every_block_kind_and_the_knowledge_check(
    trainer_client: Client, every_kind: Module
) -> None:
    files = export(trainer_client, every_kind)
    lesson = files["01-every-kind/01-all-blocks.en.md"]
    for directive in (
        "::: callout tip",
        "::: image /static/img/journey.png | A journey",
        "::: video https://player.vimeo.com/video/1",
        "::: exercise journey-map",
    ):
        assert directive in lesson
    assert (
        "::: image /static/img/journey.png | En rejse" in files["01-every-kind/01-all-blocks.da.md"]
    )
    assert "01-every-kind/01-all-blocks.check.yaml" in files
    assert "01-every-kind/quiz.yaml" in files
    (check,) = [q for q in parse_files(files)[1] if q.lesson_slug]
    assert [q.kind for q in check.questions] == [
        "single",
        "multiple",
        "true_false",
        "numeric",
        "reflection",
    ]


@pytest.mark.django_db
def test_a_lesson_without_complete_danish_is_exported_in_english_only(
    trainer_client: Client, every_kind: Module
) -> None:
    Block.objects.filter(lesson__slug="second").update(body_da="")
    files = export(trainer_client, every_kind)
    assert "01-every-kind/02-second.en.md" in files
    assert "01-every-kind/02-second.da.md" not in files


@pytest.mark.django_db
def test_content_the_files_cannot_hold_is_refused_with_the_reason(
    trainer_client: Client, every_kind: Module
) -> None:
    Lesson.objects.filter(slug="second").update(summary_en="", summary_da="")
    response = trainer_client.get(
        reverse("authoring:module_export", args=[every_kind.pk]), follow=True
    )
    text = response.content.decode()
    assert "02-second.en.md" in text
    assert "summary" in text


# Import: the preview and applying it --------------------------------------------------


def edited(files: dict[str, str]) -> dict[str, str]:
    """Module 1's files with a lesson changed, a lesson added, and in the quiz one
    question changed, one added and one removed."""
    files = dict(files)
    folder = FIRST
    first = next(
        name for name in sorted(files) if name.endswith("01-what-a-customer-is-worth.en.md")
    )
    files[first] = files[first].replace("**Learning goal:**", "**Learning goal (new):**", 1)
    files[f"{folder}/04-a-new-lesson.en.md"] = (
        '---\ntitle: "A new lesson"\nsummary: "New."\nminutes: 5\n---\nBrand new text.\n'
    )
    quiz = files[f"{folder}/quiz.yaml"]
    assert "key: satisfied-is-not-safe" in quiz
    quiz = quiz.replace(
        "In a customer survey at a car repair workshop", "In a survey at a workshop", 1
    )
    head, _sep, rest = quiz.partition("  - key: ")
    questions = rest.split("\n  - key: ")
    removed = questions.pop().split("\n", 1)[0]
    added = (
        "brand-new\n    type: true_false\n    text:\n      en: Is this new?\n"
        "    answer: true\n    explanation:\n      en: It is.\n"
    )
    files[f"{folder}/quiz.yaml"] = head + "  - key: " + "\n  - key: ".join([*questions, added])
    files["removed-key"] = removed
    return files


@pytest.mark.django_db
def test_the_preview_lists_the_changes_and_confirming_puts_them_into_drafts(
    trainer_client: Client, first_module: Module, trainer: User
) -> None:
    # given
    files = edited(export(trainer_client, first_module))
    removed = files.pop("removed-key")
    live_blocks = sorted(Block.objects.values_list("pk", "body_en"))
    # when
    response = upload(trainer_client, first_module, zip_of(files))
    # then the preview
    assert response.status_code == 200
    plan = response.context["plan"]
    assert [(c.slug, c.action) for c in plan.lessons] == [
        ("what-a-customer-is-worth", "changed"),
        ("the-full-cost-of-losing-customers", "unchanged"),
        ("putting-numbers-on-your-business", "unchanged"),
        ("a-new-lesson", "added"),
    ]
    (quiz_change,) = plan.quizzes
    assert quiz_change.action == "changed"
    assert quiz_change.added == ["brand-new"]
    assert quiz_change.changed == ["satisfied-is-not-safe"]
    assert quiz_change.retired == [removed]
    html = response.content.decode()
    assert "brand-new" in html
    assert removed in html
    assert LessonDraft.objects.count() == 0
    # when confirmed
    response = confirm(trainer_client, first_module, response.context["token"])
    # then drafts only: learners see what they saw
    assert response.status_code == 302
    assert sorted(Block.objects.values_list("pk", "body_en")) == live_blocks
    changed = LessonDraft.objects.get(lesson__slug="what-a-customer-is-worth")
    assert "Learning goal (new)" in changed.data["blocks"][0]["body"]["en"]
    new = Lesson.objects.get(slug="a-new-lesson")
    assert not new.is_published
    assert new.draft.updated_by == trainer
    quiz = Quiz.objects.get(module=first_module)
    assert [q["key"] for q in quiz.draft.data["questions"]][-1] == "brand-new"
    assert Question.objects.filter(quiz=quiz, key=removed, is_active=True).exists()
    # and the new lesson is published as any draft is
    publish_lesson(lesson=new, expected_version=new.draft.version, user=trainer, now=timezone.now())
    new.refresh_from_db()
    assert new.is_published
    assert [block.body_en for block in new.blocks.all()] == ["Brand new text."]


@pytest.mark.django_db
def test_an_import_confirmed_after_the_module_changed_is_refused(
    trainer_client: Client, first_module: Module, trainer: User
) -> None:
    files = edited(export(trainer_client, first_module))
    files.pop("removed-key")
    token = upload(trainer_client, first_module, zip_of(files)).context["token"]
    # someone publishes a lesson meanwhile
    lesson = Lesson.objects.get(slug="the-full-cost-of-losing-customers")
    publish_lesson(lesson=lesson, expected_version=0, user=trainer, now=timezone.now())
    before = state()
    response = confirm(trainer_client, first_module, token)
    assert response.status_code == 302
    assert state() == before
    assert LessonDraft.objects.count() == 0
    messages = [str(m) for m in response.wsgi_request._messages]  # type: ignore[attr-defined]
    assert any("Nothing was imported" in m for m in messages)


@pytest.mark.django_db
def test_a_tampered_or_foreign_token_imports_nothing(
    trainer_client: Client, first_module: Module, organisation: Organisation
) -> None:
    files = edited(export(trainer_client, first_module))
    files.pop("removed-key")
    token = upload(trainer_client, first_module, zip_of(files)).context["token"]
    before = state()
    assert confirm(trainer_client, first_module, token[:-3] + "xyz").status_code == 302
    other = Client()
    other.force_login(UserFactory(organisation=organisation, is_trainer=True))
    assert confirm(other, first_module, token).status_code == 302
    assert state() == before


# Refused uploads --------------------------------------------------------------------------


def _module_1_files(client: Client, module: Module) -> dict[str, str]:
    return export(client, module)


def _bad_yaml(files: dict[str, str]) -> dict[str, str | bytes]:
    return {**files, f"{FIRST}/quiz.yaml": "title: {en: [unclosed\n"}


def _missing_field(files: dict[str, str]) -> dict[str, str | bytes]:
    name = f"{FIRST}/02-the-full-cost-of-losing-customers.en.md"
    return {**files, name: files[name].replace("minutes: ", "time: ", 1)}


def _different_blocks(files: dict[str, str]) -> dict[str, str | bytes]:
    name = f"{FIRST}/02-the-full-cost-of-losing-customers.da.md"
    return {**files, name: files[name] + "\n::: callout tip\nEkstra.\n:::\n"}


def _traversal(files: dict[str, str]) -> dict[str, str | bytes]:
    return {**files, f"{FIRST}/../evil.en.md": "x"}


def _absolute(files: dict[str, str]) -> dict[str, str | bytes]:
    return {**files, "/etc/01-x.en.md": "x"}


def _unexpected(files: dict[str, str]) -> dict[str, str | bytes]:
    return {**files, f"{FIRST}/notes.txt": "x"}


def _two_folders(files: dict[str, str]) -> dict[str, str | bytes]:
    return {**files, "02-other/module.en.md": "x"}


def _bomb(files: dict[str, str]) -> dict[str, str | bytes]:
    return {**files, f"{FIRST}/05-bomb.en.md": b"0" * (9 * 1024 * 1024)}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_bad_yaml, ["quiz.yaml", "is not valid YAML"]),
        (_missing_field, ["02-the-full-cost-of-losing-customers.en.md", "minutes"]),
        (_different_blocks, ["02-the-full-cost-of-losing-customers.da.md", "blocks"]),
        (_traversal, ["../evil.en.md", "inside the module"]),
        (_absolute, ["/etc/01-x.en.md", "inside the module"]),
        (_unexpected, ["notes.txt", "not a file of a module"]),
        (_two_folders, ["exactly one module folder"]),
        (_bomb, ["unpacks to more than allowed"]),
    ],
    ids=[
        "bad-yaml",
        "missing-field",
        "different-blocks",
        "traversal",
        "absolute",
        "unexpected",
        "two-folders",
        "zip-bomb",
    ],
)
def test_a_malformed_archive_is_refused_with_a_clear_message_and_changes_nothing(
    trainer_client: Client, first_module: Module, change, expected: list[str]
) -> None:
    files = change(_module_1_files(trainer_client, first_module))
    before = state()
    response = upload(trainer_client, first_module, zip_of(files))
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors["file"])
    for part in expected:
        assert part in errors
    assert part in response.content.decode().replace("&#x27;", "'")
    assert state() == before


@pytest.mark.django_db
def test_a_file_that_is_not_a_zip_is_refused(trainer_client: Client, first_module: Module) -> None:
    before = state()
    response = upload(trainer_client, first_module, b"title: not a zip\n", name="quiz.yaml")
    assert response.status_code == 400
    assert "not a .zip archive" in response.content.decode()
    assert state() == before


@pytest.mark.django_db
def test_an_oversized_upload_is_refused(
    trainer_client: Client, first_module: Module, settings
) -> None:
    settings.AUTHORING_MAX_IMPORT_BYTES = 2048
    before = state()
    response = upload(trainer_client, first_module, zip_of(export(trainer_client, first_module)))
    assert response.status_code == 400
    assert "larger than 2 KB" in response.content.decode()
    assert state() == before


@pytest.mark.django_db
def test_the_files_of_another_module_are_refused(
    trainer_client: Client, first_module: Module
) -> None:
    other = ModuleFactory(slug="another")
    response = upload(trainer_client, other, zip_of(export(trainer_client, first_module)))
    assert response.status_code == 400
    assert "not of &#x27;another&#x27;" in response.content.decode()


# Who gets in, and how many queries ---------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", [{}, {"is_hr_admin": True}, {"is_staff": True}])
def test_every_files_address_is_404_for_non_trainers(
    client: Client, organisation: Organisation, every_kind: Module, role: dict
) -> None:
    client.force_login(UserFactory(organisation=organisation, **role))
    for method, name in [
        ("get", "authoring:module_export"),
        ("get", "authoring:module_import"),
        ("post", "authoring:module_import"),
        ("post", "authoring:module_import_confirm"),
    ]:
        url = reverse(name, args=[every_kind.pk])
        assert getattr(client, method)(url).status_code == 404, url


@pytest.mark.django_db
def test_an_unknown_module_is_404(trainer_client: Client) -> None:
    assert trainer_client.get(reverse("authoring:module_export", args=[999])).status_code == 404
    assert trainer_client.get(reverse("authoring:module_import", args=[999])).status_code == 404


@pytest.mark.django_db
def test_the_preview_runs_a_constant_number_of_queries(
    trainer_client: Client, first_module: Module, django_assert_max_num_queries
) -> None:
    files = edited(export(trainer_client, first_module))
    files.pop("removed-key")
    for lesson in Lesson.objects.all():
        trainer_client.post(
            reverse("authoring:lesson_edit", args=[lesson.pk]),
            {
                "version": "0",
                "title_en": "Drafted",
                "minutes": "5",
                "block-count": "1",
                "block-1-kind": "text",
                "block-1-body_en": "Drafted.",
            },
        )
    assert LessonDraft.objects.count() == 3
    with django_assert_max_num_queries(14):
        response = upload(trainer_client, first_module, zip_of(files))
    assert response.status_code == 200
