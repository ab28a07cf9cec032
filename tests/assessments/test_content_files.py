"""Quizzes as content files: strict parsing, loading beside the lessons, never over a
trainer's edits, and the shipped module 1 pool."""

from pathlib import Path

import pytest

from assessments.content_files import parse_quiz, parse_quiz_tree
from assessments.models import Question, Quiz
from courses.services import MODULES_CONTENT, load_content
from modules.content_files import ContentError, parse_content_tree
from tests.modules.test_content_loading import tree, write

__all__ = ["tree"]  # the content tree fixture, shared with the lesson loader's tests

QUIZ = """\
title: {en: Check your numbers, da: Tjek dine tal}
pass_mark: 75
max_attempts: 3
pool_size: 2
score: latest
questions:
  - key: churn
    type: numeric
    text: {en: "How much margin is lost?", da: "Hvor meget dækningsbidrag tabes?"}
    answer: 2500000
    tolerance: 1000
    unit: {en: DKK, da: kr.}
    explanation: {en: 100 customers x DKK 25000., da: 100 kunder x 25.000 kr.}
  - key: loyal
    type: single
    text: {en: "Which segment stays longest?", da: "Hvilket segment bliver længst?"}
    choices:
      - text: {en: Ambassadors, da: Ambassadører}
        correct: true
      - text: {en: Satisfied, da: Tilfredse}
        feedback: {en: Satisfied customers leave easily., da: Tilfredse kunder går let.}
    explanation: {en: Ambassadors stay., da: Ambassadører bliver.}
  - key: true-or-false
    type: true_false
    text: {en: Churn costs nothing., da: Kundeafgang koster intet.}
    answer: false
    explanation: {en: It costs margin., da: Det koster dækningsbidrag.}
  - key: think
    type: reflection
    text: {en: "Where do you lose customers?", da: "Hvor mister I kunder?"}
"""


@pytest.fixture
def quiz_file(tree: tuple[Path, Path]) -> Path:
    return write(tree[0] / "01-economics" / "quiz.yaml", QUIZ)


class TestParsing:
    def test_a_valid_quiz_parses_with_its_settings_and_questions(self, quiz_file: Path) -> None:
        spec = parse_quiz(quiz_file, module_slug="economics")
        assert (spec.pass_mark, spec.max_attempts, spec.pool_size) == (75, 3, 2)
        assert spec.score_policy == "latest"
        assert [q.kind for q in spec.questions] == ["numeric", "single", "true_false", "reflection"]
        true_false = spec.questions[2]
        assert [(c.text["da"], c.correct) for c in true_false.choices] == [
            ("Sandt", False),
            ("Falsk", True),
        ]

    def test_a_relative_tolerance_is_written_with_a_percent_sign(self, quiz_file: Path) -> None:
        write(quiz_file, QUIZ.replace("tolerance: 1000", 'tolerance: "2%"'))
        numeric = parse_quiz(quiz_file, module_slug="economics").questions[0]
        assert (numeric.tolerance_kind, numeric.tolerance) == ("relative", 2)

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            (("pass_mark: 75", "pass_mark: 120"), "pass_mark"),
            (("max_attempts: 3", "max_attempts: 0"), "max_attempts"),
            (("score: latest", "score: worst"), "score"),
            (("    answer: 2500000\n", ""), "questions[churn].answer"),
            (("answer: 2500000", "answer: lots"), "questions[churn].answer"),
            (("tolerance: 1000", "tolerance: -5"), "questions[churn].tolerance"),
            (("tolerance: 1000", 'tolerance: "150%"'), "questions[churn].tolerance"),
            (("        correct: true\n", ""), "questions[loyal].choices"),
            (
                (
                    "        feedback: {en: Satisfied",
                    "        correct: true\n        feedback: {en: S",
                ),
                "questions[loyal].choices",
            ),
            (("answer: false", "answer: nope"), "questions[true-or-false].answer"),
            (("type: reflection", "type: essay"), "questions[think].type"),
            (("key: think", "key: churn"), "questions[churn]"),
            (("key: think", "key: Think It"), "questions[4].key"),
            (
                ("    explanation: {en: It costs", "    explanatio: {en: It costs"),
                "questions[true-or-false].explanatio",
            ),
            (("  - key: churn\n", "  - key: churn\n    choices: []\n"), "questions[churn].choices"),
            (
                ("title: {en: Check your numbers, da: Tjek dine tal}", "title: {da: Tjek}"),
                "title.en",
            ),
        ],
    )
    def test_a_malformed_field_names_the_file_and_field(
        self, quiz_file: Path, change: tuple[str, str], field: str
    ) -> None:
        old, new = change
        assert old in QUIZ
        write(quiz_file, QUIZ.replace(old, new, 1))
        with pytest.raises(ContentError) as error:
            parse_quiz(quiz_file, module_slug="economics")
        assert error.value.path == str(quiz_file)
        assert error.value.field == field

    def test_a_question_may_name_the_lesson_it_covers(self, quiz_file: Path) -> None:
        write(quiz_file, QUIZ.replace("  - key: loyal\n", "  - key: loyal\n    lesson: worth\n"))
        spec = parse_quiz(quiz_file, module_slug="economics", lesson_slugs={"worth", "cost"})
        assert [q.lesson for q in spec.questions] == ["", "worth", "", ""]
        # read into the spec only: the checksum compared with the stored quiz is unchanged
        write(quiz_file, QUIZ)
        without = parse_quiz(quiz_file, module_slug="economics", lesson_slugs={"worth"})
        assert spec.checksum == without.checksum

    @pytest.mark.parametrize("lesson", ["nowhere", "Worth", "[worth]"])
    def test_a_lesson_the_module_does_not_have_names_the_file_and_field(
        self, quiz_file: Path, lesson: str
    ) -> None:
        write(
            quiz_file, QUIZ.replace("  - key: loyal\n", f"  - key: loyal\n    lesson: {lesson}\n")
        )
        with pytest.raises(ContentError) as error:
            parse_quiz(quiz_file, module_slug="economics", lesson_slugs={"worth", "cost"})
        assert error.value.path == str(quiz_file)
        assert error.value.field == "questions[loyal].lesson"
        assert "cost, worth" in error.value.message

    def test_loading_checks_the_lessons_named_against_the_module(
        self, quiz_file: Path, tree: tuple[Path, Path], db: None
    ) -> None:
        write(quiz_file, QUIZ.replace("  - key: loyal\n", "  - key: loyal\n    lesson: nowhere\n"))
        with pytest.raises(ContentError, match=r"questions\[loyal\]\.lesson: there is no lesson"):
            load_content(modules_root=tree[0], courses_root=tree[1])
        write(quiz_file, QUIZ.replace("  - key: loyal\n", "  - key: loyal\n    lesson: worth\n"))
        load_content(modules_root=tree[0], courses_root=tree[1])
        assert Quiz.objects.get().questions.count() == 4

    def test_not_yaml_is_refused(self, quiz_file: Path) -> None:
        write(quiz_file, "title: [unclosed\n")
        with pytest.raises(ContentError, match="not valid YAML"):
            parse_quiz(quiz_file, module_slug="economics")

    def test_a_knowledge_check_must_follow_an_existing_lesson(
        self, tree: tuple[Path, Path], db: None
    ) -> None:
        write(tree[0] / "01-economics" / "07-nowhere.check.yaml", QUIZ)
        with pytest.raises(ContentError, match="no lesson 'nowhere'"):
            load_content(modules_root=tree[0], courses_root=tree[1])


@pytest.mark.django_db
class TestLoading:
    def test_loads_beside_the_lessons_then_changes_nothing(
        self, tree: tuple[Path, Path], quiz_file: Path
    ) -> None:
        write(tree[0] / "01-economics" / "01-worth.check.yaml", QUIZ)
        first = load_content(modules_root=tree[0], courses_root=tree[1])
        assert "economics/quiz (quiz)" in first.created
        assert "economics/worth (quiz)" in first.created
        quiz = Quiz.objects.get(lesson__isnull=True)
        assert quiz.questions.count() == 4
        assert quiz.questions.get(key="churn").unit_da == "kr."
        again = load_content(modules_root=tree[0], courses_root=tree[1])
        assert not again.created
        assert not again.updated
        assert Quiz.objects.get(pk=quiz.pk).version == 1

    def test_a_changed_file_updates_retires_and_raises_the_version(
        self, tree: tuple[Path, Path], quiz_file: Path
    ) -> None:
        load_content(modules_root=tree[0], courses_root=tree[1])
        without_reflection = QUIZ.split("  - key: think")[0]
        write(quiz_file, without_reflection.replace("How much margin", "How much yearly margin"))
        report = load_content(modules_root=tree[0], courses_root=tree[1])
        assert report.updated == ["economics/quiz (quiz)"]
        quiz = Quiz.objects.get()
        assert quiz.version == 2
        assert quiz.questions.get(key="churn").text_en == "How much yearly margin is lost?"
        assert quiz.questions.get(key="think").is_active is False

    def test_never_overwrites_a_trainers_edit(
        self, tree: tuple[Path, Path], quiz_file: Path
    ) -> None:
        load_content(modules_root=tree[0], courses_root=tree[1])
        Question.objects.filter(key="loyal").update(text_en="Edited in the platform")
        write(quiz_file, QUIZ.replace("pass_mark: 75", "pass_mark: 90"))
        report = load_content(modules_root=tree[0], courses_root=tree[1])
        assert report.kept_edited == ["economics/quiz (quiz)"]
        assert Quiz.objects.get().pass_mark == 75
        assert Question.objects.get(key="loyal").text_en == "Edited in the platform"

    def test_a_broken_quiz_loads_nothing_at_all(
        self, tree: tuple[Path, Path], quiz_file: Path
    ) -> None:
        write(quiz_file, QUIZ.replace("pass_mark: 75", "pass_mark: high"))
        with pytest.raises(ContentError):
            load_content(modules_root=tree[0], courses_root=tree[1])
        assert not Quiz.objects.exists()


def test_the_shipped_module_one_quiz_is_complete_in_both_languages() -> None:
    modules = parse_content_tree(MODULES_CONTENT)
    quizzes = parse_quiz_tree(
        MODULES_CONTENT,
        lessons_by_module={m.slug: {lesson.slug for lesson in m.lessons} for m in modules},
    )
    (quiz,) = [q for q in quizzes if q.module_slug == "customer-economics" and not q.lesson_slug]
    scored = [q for q in quiz.questions if q.kind != "reflection"]
    assert len(scored) >= 10
    assert sum(1 for q in scored if q.kind == "numeric") >= 3
    for question in quiz.questions:
        assert question.text["en"]
        assert question.text["da"]
        if question.kind != "reflection":
            assert question.explanation["en"]
            assert question.explanation["da"]
        for choice in question.choices:
            assert choice.text["en"]
            assert choice.text["da"]
