"""Loading the content files: strict parsing, all-or-nothing, never over a trainer's edits."""

from pathlib import Path

import pytest

from courses.models import Course
from courses.services import load_content
from modules.content_files import ContentError, parse_content_tree
from modules.models import Block, Lesson, Module

LESSON = """---
title: {title}
summary: Why loyal customers matter.
minutes: 5
---
Opening paragraph.

::: callout tip
Ask one customer today.
:::

Closing paragraph.
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def tree(tmp_path: Path) -> tuple[Path, Path]:
    """A minimal valid content tree: one module with one lesson in two languages, one course."""
    modules = tmp_path / "modules"
    module = modules / "01-economics"
    write(module / "module.en.md", "---\ntitle: Economics\nsummary: Numbers.\n---\nIntro.\n")
    write(module / "module.da.md", "---\ntitle: Økonomi\nsummary: Tal.\n---\nIntro.\n")
    write(module / "01-worth.en.md", LESSON.format(title="What a customer is worth"))
    write(module / "01-worth.da.md", LESSON.format(title="Hvad en kunde er værd"))
    courses = tmp_path / "courses"
    write(
        courses / "leadership.yaml",
        "title: {en: Leadership, da: Ledelse}\n"
        "summary: {en: Five modules.}\n"
        "modules: [economics]\n",
    )
    return modules, courses


class TestParsing:
    def test_a_valid_tree_parses_into_blocks_per_language(self, tree: tuple[Path, Path]) -> None:
        (module,) = parse_content_tree(tree[0])
        (lesson,) = module.lessons
        assert lesson.title == {"en": "What a customer is worth", "da": "Hvad en kunde er værd"}
        assert [block.kind for block in lesson.blocks] == ["text", "callout", "text"]
        assert lesson.blocks[1].style == "tip"

    @pytest.mark.parametrize(
        ("header", "field"),
        [
            ("summary: x\nminutes: 5", "title"),
            ("title: ''\nsummary: x\nminutes: 5", "title"),
            ("title: T\nsummary: x", "minutes"),
            ("title: T\nsummary: x\nminutes: five", "minutes"),
            ("title: T\nsummary: x\nminutes: 0", "minutes"),
            ("title: T\nsummary: x\nminutes: 5\nauthor: me", "author"),
            ("title: [unclosed\nsummary: x\nminutes: 5", "front matter"),
            ("title: T\nsummary: x\nminutes: 5\npublished: maybe", "published"),
            ("title: " + "x" * 201 + "\nsummary: x\nminutes: 5", "title"),
        ],
    )
    def test_a_missing_or_malformed_field_names_the_file_and_field(
        self, tree: tuple[Path, Path], header: str, field: str
    ) -> None:
        bad = write(tree[0] / "01-economics" / "01-worth.da.md", f"---\n{header}\n---\nText.\n")
        with pytest.raises(ContentError) as error:
            parse_content_tree(tree[0])
        assert error.value.path == str(bad)
        assert error.value.field == field
        assert str(bad) in str(error.value)

    @pytest.mark.parametrize(
        ("body", "message"),
        [
            ("::: callout tip\nnever closed\n", "never closed"),
            ("::: callout shout\nx\n:::\n", "callout style"),
            ("::: quiz\nx\n:::\n", "unknown directive"),
            (":::\n", "closes nothing"),
            ("::: video https://evil.example.com/embed/1\nx\n:::\n", "allow-list"),
            ("::: video http://www.youtube-nocookie.com/embed/1\nx\n:::\n", "allow-list"),
            ("::: image javascript:alert(1) | alt\nx\n:::\n", "image address"),
            ("::: image /static/a.png\nx\n:::\n", "description"),
            ("", "is empty"),
        ],
    )
    def test_a_malformed_body_names_the_line_or_problem(
        self, tree: tuple[Path, Path], body: str, message: str
    ) -> None:
        write(
            tree[0] / "01-economics" / "01-worth.en.md",
            "---\ntitle: T\nsummary: s\nminutes: 5\n---\n" + body,
        )
        with pytest.raises(ContentError, match=message):
            parse_content_tree(tree[0])

    def test_the_languages_must_have_the_same_blocks(self, tree: tuple[Path, Path]) -> None:
        write(
            tree[0] / "01-economics" / "01-worth.da.md",
            "---\ntitle: T\nsummary: s\nminutes: 5\n---\nKun tekst.\n",
        )
        with pytest.raises(ContentError, match="differ from the en file"):
            parse_content_tree(tree[0])

    def test_a_lesson_only_in_danish_is_refused(self, tree: tuple[Path, Path]) -> None:
        write(tree[0] / "01-economics" / "02-orphan.da.md", LESSON.format(title="Forældreløs"))
        with pytest.raises(ContentError, match="no en version"):
            parse_content_tree(tree[0])

    def test_a_file_that_is_not_utf8_is_refused(self, tree: tuple[Path, Path]) -> None:
        (tree[0] / "01-economics" / "01-worth.da.md").write_bytes(b"---\ntitle: \xff\xfe\n---\n")
        with pytest.raises(ContentError, match="UTF-8"):
            parse_content_tree(tree[0])


@pytest.mark.django_db
class TestLoading:
    def test_creates_everything_then_changes_nothing_on_a_second_run(
        self, tree: tuple[Path, Path]
    ) -> None:
        first = load_content(modules_root=tree[0], courses_root=tree[1])
        second = load_content(modules_root=tree[0], courses_root=tree[1])
        assert len(first.created) == 3  # module, lesson, course
        assert second.created == second.updated == second.kept_edited == []
        assert Block.objects.count() == 3
        course = Course.objects.get(slug="leadership")
        assert course.title_da == "Ledelse"
        assert list(course.modules.values_list("slug", flat=True)) == ["economics"]

    def test_a_bad_file_loads_nothing_at_all(self, tree: tuple[Path, Path]) -> None:
        write(tree[0] / "02-journeys" / "module.en.md", "---\ntitle: Journeys\nsummary: s\n---\n")
        write(
            tree[0] / "02-journeys" / "01-map.en.md",
            "---\ntitle: Map\nsummary: s\n---\nNo minutes.\n",
        )
        with pytest.raises(ContentError, match="minutes"):
            load_content(modules_root=tree[0], courses_root=tree[1])
        assert not Module.objects.exists()
        assert not Course.objects.exists()

    def test_a_course_naming_an_unknown_module_loads_nothing(self, tree: tuple[Path, Path]) -> None:
        write(
            tree[1] / "leadership.yaml",
            "title: {en: L}\nsummary: {en: S}\nmodules: [economics, ghosts]\n",
        )
        with pytest.raises(ContentError, match="ghosts"):
            load_content(modules_root=tree[0], courses_root=tree[1])
        assert not Module.objects.exists()

    def test_a_changed_file_updates_content_nobody_edited(self, tree: tuple[Path, Path]) -> None:
        load_content(modules_root=tree[0], courses_root=tree[1])
        block_ids = set(Block.objects.values_list("pk", flat=True))
        write(
            tree[0] / "01-economics" / "01-worth.en.md",
            LESSON.format(title="What a loyal customer is worth"),
        )
        report = load_content(modules_root=tree[0], courses_root=tree[1])
        assert report.updated == ["economics/worth"]
        assert Lesson.objects.get().title_en == "What a loyal customer is worth"
        assert set(Block.objects.values_list("pk", flat=True)) == block_ids  # updated in place

    def test_never_overwrites_what_a_trainer_edited(self, tree: tuple[Path, Path]) -> None:
        # given content loaded, then edited in the platform
        load_content(modules_root=tree[0], courses_root=tree[1])
        Block.objects.filter(position=1).update(body_da="Trænerens egen tekst.")
        Module.objects.update(title_en="Economics, revised by a trainer")
        # when the files change and are loaded again
        write(
            tree[0] / "01-economics" / "01-worth.en.md",
            LESSON.format(title="A new title from the files"),
        )
        write(
            tree[0] / "01-economics" / "module.en.md", "---\ntitle: New\nsummary: New.\n---\nNew.\n"
        )
        report = load_content(modules_root=tree[0], courses_root=tree[1])
        # then the trainer's edits stand
        assert sorted(report.kept_edited) == ["economics", "economics/worth"]
        assert Lesson.objects.get().title_en == "What a customer is worth"
        assert Block.objects.get(position=1).body_da == "Trænerens egen tekst."
        assert Module.objects.get().title_en == "Economics, revised by a trainer"

    def test_a_new_lesson_in_the_files_is_added_beside_edited_ones(
        self, tree: tuple[Path, Path]
    ) -> None:
        load_content(modules_root=tree[0], courses_root=tree[1])
        Lesson.objects.update(title_en="Edited")
        write(tree[0] / "01-economics" / "02-cost.en.md", LESSON.format(title="The cost of churn"))
        report = load_content(modules_root=tree[0], courses_root=tree[1])
        assert report.created == ["economics/cost"]
        assert list(Lesson.objects.order_by("position").values_list("title_en", flat=True)) == [
            "Edited",
            "The cost of churn",
        ]


@pytest.mark.django_db
def test_the_shipped_content_loads_and_module_one_is_complete_in_both_languages(
    tmp_path: Path,
) -> None:
    report = load_content()
    assert report.kept_edited == []
    course = Course.objects.get(slug="customer-focused-leadership")
    assert list(course.course_modules.values_list("module__title_en", flat=True)) == [
        "Customer economics",
        "Emotional and functional drivers",
        "Outside-in thinking",
        "Moments of truth",
        "A service-minded culture",
    ]
    economics = Module.objects.get(slug="customer-economics")
    lessons = list(economics.lessons.order_by("position"))
    assert len(lessons) >= 3
    for lesson in lessons:
        for language in ("en", "da"):
            words = sum(
                len((getattr(b, f"body_{language}") or "").split()) for b in lesson.blocks.all()
            )
            assert words >= 400, f"{lesson.slug} ({language}) has only {words} words"
    for module in Module.objects.all():
        assert module.title_da, f"{module.slug} has no Danish title"
        assert module.lessons.count() >= 3
