"""The shipped course content meets the bar every module is written to, in both languages.

These tests read the real files under modules/content/ with the project's own parsers and
check each module folder on its own, so a failure names the module (and the language) and
one unfinished module does not hide the state of the others:

- at least three lessons, and at least 1,500 words of lesson body per language (front
  matter and Markdown syntax not counted);
- every lesson opens with the learning-goal line, has a worked example (a ``::: callout
  example`` block), a "Try this with your team" section and two or three reflection
  questions;
- the module quiz has at least ten scored questions, each explained in both languages,
  with sound choices; every scored question names the lesson it covers (its ``lesson:``
  field), every lesson is covered by at least one, and the ``# Lesson N: <title>``
  comments in quiz.yaml agree with the lessons named;
- both languages have the same lessons, headings, blocks, questions and choices, every
  text in both, and the same numbers (an English number appears in Danish notation in
  the Danish text);
- every numeric answer is recomputed here from the figures its question states;
- when a lesson or question uses a glossary term in English, the Danish uses the
  glossary's Danish term, and never one of the synonyms listed below.
"""

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from assessments.content_files import (
    QUIZ_FILE,
    QuestionSpec,
    QuizSpec,
    parse_module_quizzes,
    parse_quiz_tree,
)
from courses.services import MODULES_CONTENT
from modules.content_files import (
    LANGUAGES,
    ContentError,
    LessonSpec,
    ModuleSpec,
    parse_content_tree,
    parse_module,
)

GLOSSARY = MODULES_CONTENT / "GLOSSARY.md"
MODULE_FOLDERS = sorted(path.name for path in MODULES_CONTENT.iterdir() if path.is_dir())

MIN_LESSONS = 3
MIN_WORDS = 1500
MIN_SCORED_QUESTIONS = 10
MIN_TASK_WORDS = 20  # a "Try this with your team" section is a task, not a heading alone

LEARNING_GOAL = {
    "en": "**Learning goal:** After this lesson you can ",
    "da": "**Læringsmål:** Efter denne lektion kan du ",
}
TRY_THIS = {"en": "Try this with your team", "da": "Prøv det med dit team"}
REFLECTION = {"en": "Reflection questions", "da": "Refleksionsspørgsmål"}

# Danish words for a glossary concept that the course does not use: the glossary's term
# is used instead. Keys are the English terms of GLOSSARY.md.
FORBIDDEN_DANISH = {
    "touch point": ["berøringspunkt", "touchpoint", "touch point"],
    "moment of truth": ["sandhedsøjeblik", "moment of truth"],
    "churn": ["churn", "kundefrafald", "kundeflugt"],
    "margin": ["avance", "bruttoavance"],
    "retention rate": ["fastholdelsesrate", "retention rate"],
    "customer lifetime value": ["levetidsværdi", "kundelevetidsværdi", "lifetime value"],
    "acquisition cost": ["erhvervelsesomkostning", "akkvisitionsomkostning"],
    "referral": ["henvisning", "referral"],
    "cost to serve": ["serviceomkostning", "cost to serve"],
    "customer journey": ["kunderute", "customer journey"],
    "frontline employee": ["frontlinjemedarbejder", "frontpersonale"],
    "co-creation": ["medskabelse", "co-creation"],
    "customer experience": ["kundeerfaring", "customer experience"],
    "loyalty segment": ["loyalitetsgruppe"],
    "service-minded culture": ["serviceorienteret kultur"],
}

# Ordinary Danish that begins like a synonym without being one, left out before the
# synonyms are looked for. A synonym is matched at the start of a word, so that its
# inflections and the compounds it begins are caught (avancen, bruttoavancer,
# kundeflugten), but so are some unrelated words: the verb "avancere" (avanceret,
# avancerede) and "avancement", and "med henvisning til" (with reference to).
ORDINARY_DANISH = {
    "avance": re.compile(r"(?<!\w)avance(?:re|ment)\w*", re.IGNORECASE),
    "henvisning": re.compile(r"(?<!\w)med\s+henvisning\s+til(?!\w)", re.IGNORECASE),
}

# English phrases that contain a term's words without meaning the term: "what the customer
# experiences" is a verb, not the customer experience.
NOT_THE_TERM = {
    "customer experience": re.compile(
        r"\b(?:what|how|when|where)\s+(?:the\s+|a\s+|your\s+|our\s+|each\s+|every\s+)?"
        r"customers?\s+experiences?\b",
        re.IGNORECASE,
    ),
}


# Reading the files ---------------------------------------------------------------------


@dataclass(frozen=True)
class Parsed:
    module: ModuleSpec
    quiz: QuizSpec | None  # None when the folder has no quiz.yaml


@cache
def parsed(folder_name: str) -> Parsed | str:
    """One module folder through the same parsers parse_content_tree and parse_quiz_tree
    apply to each folder; the ContentError's text if the folder does not parse."""
    folder = MODULES_CONTENT / folder_name
    try:
        module = parse_module(folder)
        quizzes = parse_module_quizzes(
            folder,
            module_slug=module.slug,
            lesson_slugs={lesson.slug for lesson in module.lessons},
        )
    except ContentError as error:
        return str(error)
    quiz = next((quiz for quiz in quizzes if not quiz.lesson_slug), None)
    return Parsed(module=module, quiz=quiz)


def module_of(folder_name: str) -> ModuleSpec:
    result = parsed(folder_name)
    if isinstance(result, str):
        pytest.fail(f"{folder_name}: the files do not parse: {result}")
    return result.module


def quiz_of(folder_name: str) -> QuizSpec:
    result = parsed(folder_name)
    if isinstance(result, str):
        pytest.fail(f"{folder_name}: the files do not parse: {result}")
    if result.quiz is None:
        pytest.fail(f"{folder_name}: there is no {QUIZ_FILE}")
    return result.quiz


def lesson_text(lesson: LessonSpec, language: str) -> str:
    """A lesson's body in one language: its blocks' Markdown, in order."""
    return "\n\n".join(block.body.get(language, "") for block in lesson.blocks)


def where(folder_name: str, lesson: LessonSpec, language: str) -> str:
    return f"{folder_name}/{lesson.position:02d}-{lesson.slug}.{language}.md"


# Words and Markdown --------------------------------------------------------------------

TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
LINE_MARKER = re.compile(r"^\s*(?:#{1,6}\s+|>\s*|[-*+]\s+|\d+[.)]\s+)")
LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def plain_text(markdown: str) -> str:
    """Markdown without its syntax: headings, list and quote markers, table rules and
    pipes, emphasis and code marks, link targets."""
    lines = []
    for line in markdown.splitlines():
        if TABLE_RULE.match(line):
            continue
        line = LINE_MARKER.sub("", line)
        line = LINK.sub(r"\1", line)
        line = line.replace("|", " ")
        line = re.sub(r"[*_`]+", " ", line)
        lines.append(line)
    return "\n".join(lines)


def count_words(markdown: str) -> int:
    """Words of running text; a token with no letter or digit (=, /) is not a word."""
    return sum(1 for token in plain_text(markdown).split() if re.search(r"\w", token))


def lesson_words(module: ModuleSpec, language: str) -> dict[str, int]:
    return {lesson.slug: count_words(lesson_text(lesson, language)) for lesson in module.lessons}


def sections(markdown: str) -> list[tuple[str, str]]:
    """(heading, body) for every ``##`` heading, in order."""
    found: list[tuple[str, list[str]]] = []
    for line in markdown.splitlines():
        heading = re.match(r"^##\s+(.+?)\s*#*\s*$", line)
        if heading:
            found.append((heading[1], []))
        elif found:
            found[-1][1].append(line)
    return [(heading, "\n".join(body).strip()) for heading, body in found]


# Numbers -------------------------------------------------------------------------------
# English writes 12,500 and 0.25; Danish writes 12.500 and 0,25.

NUMBER = {
    "en": re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d])|(?<![\w.,])\d+(?:\.\d+)?"),
    "da": re.compile(r"(?<![\w.,])\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\d])|(?<![\w.,])\d+(?:,\d+)?"),
}


def number_strings(text: str, language: str) -> list[str]:
    return NUMBER[language].findall(plain_text(text))


def danish_notation(english: str) -> str:
    return english.replace(",", "\0").replace(".", ",").replace("\0", ".")


def to_decimal(number: str, language: str) -> Decimal:
    if language == "en":
        return Decimal(number.replace(",", ""))
    return Decimal(number.replace(".", "").replace(",", "."))


def numbers(text: str, language: str) -> list[Decimal]:
    """The numbers a text states, in order, as values."""
    return [to_decimal(number, language) for number in number_strings(text, language)]


def written(value: Decimal, language: str) -> str:
    """A value in the language's notation: 3525000 as 3,525,000 or 3.525.000."""
    english = f"{value.normalize():,f}"
    return english if language == "en" else danish_notation(english)


# Clock times are written differently: "1 pm", "6:30" or "at 6.30" in English, "kl. 13" and
# "kl. 6.30" in Danish. They are compared as 24-hour times, "13" or "6.30".
ENGLISH_TIME = re.compile(
    r"(?<![\w.,:])(\d{1,2})(?:[.:](\d{2}))?\s*([ap])\.?m\b\.?|(?<![\w.,:])(\d{1,2}):(\d{2})(?![\d:])",
    re.IGNORECASE,
)
DANISH_TIME = re.compile(r"(?<!\w)kl\.\s*(\d{1,2})(?:[.:](\d{2}))?(?![\d.,]\d)")
CLOCK = re.compile(r"(?:[01]?\d|2[0-3])\.[0-5]\d")


def english_times(text: str) -> tuple[list[str], str]:
    """The clock times in an English text as 24-hour times, and the text without them."""
    times = []

    def replace(match: re.Match[str]) -> str:
        if match[3]:
            hour = int(match[1]) % 12 + (12 if match[3].lower() == "p" else 0)
            minutes = match[2]
        else:
            hour, minutes = int(match[4]), match[5]
        times.append(f"{hour}.{minutes}" if minutes else str(hour))
        return " "

    return times, ENGLISH_TIME.sub(replace, text)


def danish_times(text: str) -> tuple[list[str], str]:
    times = [
        f"{int(hour)}.{minutes}" if minutes else str(int(hour))
        for hour, minutes in DANISH_TIME.findall(text)
    ]
    return times, DANISH_TIME.sub(" ", text)


def danish_forms(english: str, *, is_time: bool) -> list[str]:
    """How the Danish text may state an English number or clock time, in order of preference."""
    if is_time:
        return [f"kl. {english}", english]  # "1 pm": "kl. 13", or "13" in "kl. 12 og 13"
    if CLOCK.fullmatch(english) or re.fullmatch(r"[01]?\d|2[0-4]", english):
        return [danish_notation(english), f"kl. {english}"]  # "at 6.30": "kl. 6.30"
    return [danish_notation(english)]


def missing_danish_numbers(english: str, danish: str) -> list[str]:
    """The English text's numbers (and clock times) that the Danish text does not state as
    often, in Danish notation."""
    english_clock, english_rest = english_times(plain_text(english))
    danish_clock, danish_rest = danish_times(plain_text(danish))
    available = Counter(number_strings(danish_rest, "da"))
    available.update(f"kl. {time}" for time in danish_clock)
    wanted = [(number, False) for number in number_strings(english_rest, "en")]
    wanted += [(time, True) for time in english_clock]
    stated = Counter(number for number, _is_time in wanted)
    missing: Counter[str] = Counter()
    for number, is_time in wanted:
        form = next(
            (form for form in danish_forms(number, is_time=is_time) if available[form] > 0), None
        )
        if form is None:
            missing[number] += 1
        else:
            available[form] -= 1
    return [
        f"{number} ({stated[number]} in English, {stated[number] - count} in Danish)"
        for number, count in missing.items()
    ]


# Numeric answers, recomputed from the question text -------------------------------------
# Each function takes the numbers a question's text states, in order, and returns the
# answer the text implies; unpacking fails if the text gains or loses a number.

SHARE = {
    "en": (
        re.compile(r"\bone in (two|three|four|five|six|ten)\b", re.IGNORECASE),
        {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ten": 10},
    ),
    "da": (
        re.compile(r"\bhver (anden|tredje|fjerde|femte|sjette|tiende)\b", re.IGNORECASE),
        {"anden": 2, "tredje": 3, "fjerde": 4, "femte": 5, "sjette": 6, "tiende": 10},
    ),
}


def share_in_words(text: str, language: str) -> Decimal:
    """A share written in words: "one in four" / "hver fjerde" is 1/4."""
    pattern, values = SHARE[language]
    (word,) = pattern.findall(text)
    return Decimal(1) / values[word.lower()]


def optician_lifetime_value_gap(stated: list[Decimal], text: str, language: str) -> Decimal:
    margin_ambassador, retention_ambassador, margin_satisfied, retention_satisfied = stated
    ambassador = margin_ambassador / (1 - retention_ambassador / 100)
    satisfied = margin_satisfied / (1 - retention_satisfied / 100)
    return ambassador - satisfied


def supplier_net_cost_of_churn(stated: list[Decimal], text: str, language: str) -> Decimal:
    customers, yearly_margin, churn, acquisition_cost, first_year_margin = stated
    lost = customers * churn / 100
    referrals = lost * share_in_words(text, language)
    return (
        lost * yearly_margin
        + lost * acquisition_cost
        - lost * first_year_margin
        + referrals * first_year_margin
    )


def bank_branch_churn_cut(stated: list[Decimal], text: str, language: str) -> Decimal:
    customers, churn, yearly_margin, acquisition_cost, first_year_margin, churn_again, target = (
        stated
    )
    assert churn_again == churn, f"the text states today's churn as {churn} and {churn_again}"
    fewer_lost = customers * (churn - target) / 100
    return fewer_lost * (yearly_margin + acquisition_cost - first_year_margin)


def bike_shop_payback(stated: list[Decimal], text: str, language: str) -> Decimal:
    (
        satisfied,
        very_satisfied,
        _ambassadors,
        margin_satisfied,
        margin_very_satisfied,
        margin_ambassador,
        cost,
        share_up_from_satisfied,
        satisfied_again,
        share_up_from_very_satisfied,
        very_satisfied_again,
        cost_again,
    ) = stated
    assert (satisfied_again, very_satisfied_again, cost_again) == (
        satisfied,
        very_satisfied,
        cost,
    ), "the text states the group sizes or the cost twice, with different figures"
    extra_per_year = satisfied * share_up_from_satisfied / 100 * (
        margin_very_satisfied - margin_satisfied
    ) + very_satisfied * share_up_from_very_satisfied / 100 * (
        margin_ambassador - margin_very_satisfied
    )
    return cost / extra_per_year * 12


FORMULAS: dict[str, Callable[[list[Decimal], str, str], Decimal]] = {
    "optician-lifetime-value-gap": optician_lifetime_value_gap,
    "supplier-net-cost-of-churn": supplier_net_cost_of_churn,
    "bank-branch-churn-cut": bank_branch_churn_cut,
    "bike-shop-payback": bike_shop_payback,
}


def allowed_error(question: QuestionSpec, expected: Decimal) -> Decimal:
    if question.tolerance_kind == "relative":
        return abs(expected) * question.tolerance / 100
    return question.tolerance


# Quiz structure ------------------------------------------------------------------------

LESSON_COMMENT = re.compile(r"^\s*#\s*Lesson\s+(\d+)\s*:\s*(.+?)\s*$")
KEY_LINE = re.compile(r"^\s*(?:-\s+)?key:\s*[\"']?([a-z0-9]+(?:-[a-z0-9]+)*)[\"']?\s*$")


def lessons_of_questions(path: Path) -> tuple[dict[str, int], dict[int, str], list[str]]:
    """What the ``# Lesson N: <title>`` comments in quiz.yaml say: the lesson number each
    question key comes under, the title each number is given, and keys under no comment."""
    lesson_of: dict[str, int] = {}
    titles: dict[int, str] = {}
    orphans: list[str] = []
    current: int | None = None
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        comment = LESSON_COMMENT.match(line)
        if comment:
            current = int(comment[1])
            titles[current] = comment[2]
            continue
        key = KEY_LINE.match(line)
        if key:
            if current is None:
                orphans.append(key[1])
            else:
                lesson_of[key[1]] = current
    return lesson_of, titles, orphans


def question_texts(question: QuestionSpec, language: str) -> str:
    """Everything a learner reads for one question in one language."""
    parts = [question.text.get(language, ""), question.explanation.get(language, "")]
    for choice in question.choices:
        parts += [choice.text.get(language, ""), choice.feedback.get(language, "")]
    return "\n\n".join(part for part in parts if part)


def scored(quiz: QuizSpec) -> list[QuestionSpec]:
    return [question for question in quiz.questions if question.kind != "reflection"]


# The glossary --------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    english: str
    danish: str
    alternatives: tuple[str, ...] = ()  # Danish forms the glossary gives in parentheses

    @property
    def english_pattern(self) -> re.Pattern[str]:
        """The English term, any word in the plural, words apart by a space or hyphen
        (touch point, touch-point, touchpoints; must-be quality, must-be qualities)."""
        words = re.split(r"[\s-]+", self.english)
        joined = r"[\s-]*".join(english_plural(word) for word in words)
        return re.compile(rf"\b{joined}\b", re.IGNORECASE)

    @property
    def danish_pattern(self) -> re.Pattern[str]:
        """The Danish term in any inflection: each word's stem followed by any ending
        (kontaktpunkt, kontaktpunkterne; servicemindet, servicemindede kultur)."""
        forms = [
            r"[\s-]+".join(re.escape(danish_stem(word)) + r"\w*" for word in form.split())
            for form in (self.danish, *self.alternatives)
        ]
        return re.compile(rf"(?<!\w)(?:{'|'.join(forms)})", re.IGNORECASE)

    @property
    def danish_forms(self) -> str:
        return " or ".join(f"'{form}'" for form in (self.danish, *self.alternatives))


def english_plural(word: str) -> str:
    """A word, or its plural: quality or qualities, point or points, match or matches."""
    if re.search(r"[^aeiou]y$", word, re.IGNORECASE):
        return re.escape(word[:-1]) + r"(?:y|ies)"
    return re.escape(word) + r"(?:s|es)?"


def danish_stem(word: str) -> str:
    """Drop the ending Danish changes when it inflects: kundedrevet/kundedrevne,
    kunderejse/kunderejser, service-profit-kæden/-kæder."""
    for ending in ("et", "en", "e"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def glossary() -> list[Term]:
    """The rows of the table in GLOSSARY.md; a parenthesis in the Danish column gives
    another Danish form of the term ("outside-in (udefra og ind)")."""
    terms = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not line.lstrip().startswith("|") or TABLE_RULE.match(line):
            continue
        english, danish = cells[0], re.sub(r"\s*\(.*?\)", "", cells[1]).strip()
        if english.lower() == "english":
            continue
        alternatives = tuple(form.strip() for form in re.findall(r"\((.*?)\)", cells[1]))
        terms.append(Term(english=english, danish=danish, alternatives=alternatives))
    return terms


def glossary_problems(english: str, danish: str) -> list[str]:
    problems = []
    for term in glossary():
        not_the_term = NOT_THE_TERM.get(term.english)
        uses = not_the_term.sub(" ", english) if not_the_term else english
        if term.english_pattern.search(uses) and not term.danish_pattern.search(danish):
            problems.append(
                f"the English uses '{term.english}', the Danish never {term.danish_forms}"
            )
        problems.extend(
            f"the Danish says '{synonym}' where the course says '{term.danish}'"
            for synonym in FORBIDDEN_DANISH.get(term.english, [])
            if uses_synonym(danish, synonym)
        )
    return problems


def uses_synonym(danish: str, synonym: str) -> bool:
    """Whether a word of the Danish begins with the synonym, not counting the ordinary
    Danish words that begin the same way (ORDINARY_DANISH)."""
    ordinary = ORDINARY_DANISH.get(synonym)
    text = ordinary.sub(" ", danish) if ordinary else danish
    return re.search(rf"(?<!\w){re.escape(synonym)}", text, re.IGNORECASE) is not None


def text_pairs(folder_name: str) -> Iterator[tuple[str, str, str]]:
    """(where, English, Danish) for the module page, every lesson and every quiz question."""
    module = module_of(folder_name)
    yield (
        f"{folder_name}/module.*.md",
        module.title["en"] + "\n" + module.introduction["en"],
        module.title.get("da", "") + "\n" + module.introduction.get("da", ""),
    )
    for lesson in module.lessons:
        yield (
            f"{folder_name}/{lesson.position:02d}-{lesson.slug}",
            lesson.title["en"] + "\n" + lesson_text(lesson, "en"),
            lesson.title.get("da", "") + "\n" + lesson_text(lesson, "da"),
        )
    result = parsed(folder_name)
    if isinstance(result, Parsed) and result.quiz is not None:
        for question in result.quiz.questions:
            yield (
                f"{folder_name}/{QUIZ_FILE} question {question.key}",
                question_texts(question, "en"),
                question_texts(question, "da"),
            )


def section_pairs(lesson: LessonSpec) -> Iterator[tuple[str, str, str]]:
    """(section, English, Danish) for the part before the first heading and each ``##``
    section; the whole body at once if the languages' headings differ in number."""
    english, danish = lesson_text(lesson, "en"), lesson_text(lesson, "da")

    def split(text: str) -> list[str]:
        return re.split(r"(?m)^(?=##\s)", text)

    parts = split(english), split(danish)
    if len(parts[0]) != len(parts[1]):
        yield ("body", english, danish)
        return
    for english_part, danish_part in zip(*parts, strict=True):
        title = english_part.splitlines()[0] if english_part.startswith("##") else "opening"
        yield (f"section '{title.lstrip('# ')}'", english_part, danish_part)


def number_pairs(folder_name: str) -> Iterator[tuple[str, str, str]]:
    """(where, English, Danish) for every text that should state the same numbers in both
    languages, as small as the structure allows: lesson sections, quiz fields."""
    module = module_of(folder_name)
    for name in ("title", "summary", "introduction"):
        values = getattr(module, name)
        yield (f"{folder_name}/module.*.md {name}", values["en"], values.get("da", ""))
    for lesson in module.lessons:
        at = f"{folder_name}/{lesson.position:02d}-{lesson.slug}"
        yield (f"{at} title", lesson.title["en"], lesson.title.get("da", ""))
        yield (f"{at} summary", lesson.summary["en"], lesson.summary.get("da", ""))
        for section, english, danish in section_pairs(lesson):
            yield (f"{at} {section}", english, danish)
    result = parsed(folder_name)
    if not isinstance(result, Parsed) or result.quiz is None:
        return
    quiz = result.quiz
    yield (f"{folder_name}/{QUIZ_FILE} title", quiz.title["en"], quiz.title.get("da", ""))
    if quiz.introduction:
        yield (
            f"{folder_name}/{QUIZ_FILE} introduction",
            quiz.introduction.get("en", ""),
            quiz.introduction.get("da", ""),
        )
    for question in quiz.questions:
        at = f"{folder_name}/{QUIZ_FILE} question {question.key}"
        yield (f"{at} text", question.text["en"], question.text.get("da", ""))
        yield (
            f"{at} explanation",
            question.explanation.get("en", ""),
            question.explanation.get("da", ""),
        )
        for number, choice in enumerate(question.choices, start=1):
            yield (f"{at} choice {number}", choice.text["en"], choice.text.get("da", ""))
            yield (
                f"{at} choice {number} feedback",
                choice.feedback.get("en", ""),
                choice.feedback.get("da", ""),
            )


# The tests -----------------------------------------------------------------------------

by_module = pytest.mark.parametrize("folder", MODULE_FOLDERS)
by_module_and_language = pytest.mark.parametrize(
    ("folder", "language"),
    [(folder, language) for folder in MODULE_FOLDERS for language in LANGUAGES],
)


def test_the_whole_tree_parses_with_its_quizzes() -> None:
    modules = parse_content_tree(MODULES_CONTENT)
    parse_quiz_tree(
        MODULES_CONTENT,
        lessons_by_module={m.slug: {lesson.slug for lesson in m.lessons} for m in modules},
    )
    assert [f"{m.position:02d}-{m.slug}" for m in modules] == MODULE_FOLDERS


def test_the_glossary_table_parses_and_the_synonym_list_names_its_terms() -> None:
    terms = {term.english: term for term in glossary()}
    assert len(terms) >= 20, f"{GLOSSARY}: only {len(terms)} terms read from the table"
    assert terms["touch point"].danish == "kontaktpunkt"
    assert terms["outside-in"].danish == "outside-in"
    assert terms["outside-in"].danish_pattern.search("at tænke udefra og ind")
    unknown = sorted((set(FORBIDDEN_DANISH) | set(NOT_THE_TERM)) - set(terms))
    assert not unknown, f"the lists in this test name terms that are not in {GLOSSARY}: {unknown}"
    synonyms = {synonym for listed in FORBIDDEN_DANISH.values() for synonym in listed}
    assert set(ORDINARY_DANISH) <= synonyms, "ORDINARY_DANISH names a word that is no synonym"
    kontaktpunkt = terms["touch point"].danish_pattern
    assert kontaktpunkt.search("alle kontaktpunkterne")
    assert terms["service-minded culture"].danish_pattern.search("en servicemindede kultur")
    assert terms["touch point"].english_pattern.search("two Touchpoints")
    assert terms["must-be quality"].english_pattern.search("Must-be qualities")
    assert terms["priority matrix"].danish_pattern.search("prioriteringsmatricen")
    assert not terms["satisfied customer"].english_pattern.search("dissatisfied customers")
    assert glossary_problems("what the customer experiences", "det, kunden oplever") == []
    assert glossary_problems("the customer experiences we design", "det, kunden oplever")
    # a synonym is found at the start of a word, in any inflection or compound it begins
    for danish in ("avancen er lav", "Avancer og priser", "bruttoavancen", "kundeflugten"):
        assert glossary_problems("", danish), danish
    assert glossary_problems("", "en henvisning fra en tilfreds kunde")
    # but not in ordinary words that begin the same way
    for danish in (
        "en avanceret model",
        "hun avancerede til butikschef",
        "avancementsmuligheder",
        "med henvisning til lektion 2",
    ):
        assert glossary_problems("", danish) == [], danish


@by_module_and_language
def test_enough_lessons_and_words(folder: str, language: str) -> None:
    module = module_of(folder)
    lessons = [lesson for lesson in module.lessons if lesson.title.get(language)]
    assert len(lessons) >= MIN_LESSONS, (
        f"{folder} ({language}): {len(lessons)} lessons, at least {MIN_LESSONS} needed"
    )
    words = lesson_words(module, language)
    total = sum(words.values())
    assert total >= MIN_WORDS, (
        f"{folder} ({language}): {total} words of lesson body, at least {MIN_WORDS} needed "
        f"(per lesson: {words})"
    )


@by_module_and_language
def test_every_lesson_has_the_course_structure(folder: str, language: str) -> None:
    problems = []
    for lesson in module_of(folder).lessons:
        at = where(folder, lesson, language)
        body = lesson_text(lesson, language)
        if not body.strip():
            problems.append(f"{at}: no text in this language")
            continue
        if not body.lstrip().startswith(LEARNING_GOAL[language]):
            problems.append(f"{at}: does not start with '{LEARNING_GOAL[language]}...'")
        if not any(block.kind == "callout" and block.style == "example" for block in lesson.blocks):
            problems.append(f"{at}: no worked example (a '::: callout example' block)")
        found = dict(sections(body))
        task = found.get(TRY_THIS[language])
        if task is None:
            problems.append(f"{at}: no '## {TRY_THIS[language]}' section")
        elif count_words(task) < MIN_TASK_WORDS:
            problems.append(
                f"{at}: the '## {TRY_THIS[language]}' section has {count_words(task)} words, "
                f"too few for a task (at least {MIN_TASK_WORDS})"
            )
        reflection = found.get(REFLECTION[language])
        if reflection is None:
            problems.append(f"{at}: no '## {REFLECTION[language]}' section")
            continue
        questions = [line[2:].strip() for line in reflection.splitlines() if line.startswith("- ")]
        if not 2 <= len(questions) <= 3:
            problems.append(
                f"{at}: {len(questions)} bullet questions under '## {REFLECTION[language]}', "
                "2 or 3 needed"
            )
        problems += [
            f"{at}: the reflection bullet '{question}' is not a question (no '?')"
            for question in questions
            if not question.endswith("?")
        ]
    assert not problems, "\n".join(problems)


@by_module
def test_the_quiz_pool_is_large_and_sound(folder: str) -> None:
    quiz = quiz_of(folder)
    pool = scored(quiz)
    assert len(pool) >= MIN_SCORED_QUESTIONS, (
        f"{folder}/{QUIZ_FILE}: {len(pool)} scored questions (reflections not counted), "
        f"at least {MIN_SCORED_QUESTIONS} needed"
    )
    problems = []
    for question in pool:
        at = f"{folder}/{QUIZ_FILE} question {question.key}"
        right = sum(1 for choice in question.choices if choice.correct)
        wrong = len(question.choices) - right
        if question.kind == "single" and right != 1:
            problems.append(f"{at}: a single-choice question has {right} correct choices, not 1")
        if question.kind == "multiple" and (right < 2 or wrong < 1):
            problems.append(
                f"{at}: a multiple-choice question needs at least two correct and one wrong "
                f"choice; it has {right} correct and {wrong} wrong"
            )
        if question.kind == "true_false" and right != 1:
            problems.append(f"{at}: a true/false question has no answer")
        if question.kind == "numeric" and question.answer is None:
            problems.append(f"{at}: a numeric question has no answer")
    assert not problems, "\n".join(problems)


@by_module_and_language
def test_every_quiz_text_is_there_in_both_languages(folder: str, language: str) -> None:
    quiz = quiz_of(folder)
    problems = []
    if not quiz.title.get(language):
        problems.append(f"{folder}/{QUIZ_FILE}: no title.{language}")
    if quiz.introduction and not quiz.introduction.get(language):
        problems.append(f"{folder}/{QUIZ_FILE}: no introduction.{language}")
    for question in quiz.questions:
        at = f"{folder}/{QUIZ_FILE} question {question.key}"
        if not question.text.get(language):
            problems.append(f"{at}: no text.{language}")
        if question.kind != "reflection" and not question.explanation.get(language):
            problems.append(f"{at}: no explanation.{language}")
        if question.unit and not question.unit.get(language):
            problems.append(f"{at}: no unit.{language}")
        for number, choice in enumerate(question.choices, start=1):
            if not choice.text.get(language):
                problems.append(f"{at}: choice {number} has no text.{language}")
            if choice.feedback and not choice.feedback.get(language):
                problems.append(f"{at}: choice {number} has no feedback.{language}")
    assert not problems, "\n".join(problems)


@by_module
def test_the_quiz_covers_every_lesson(folder: str) -> None:
    module, quiz = module_of(folder), quiz_of(folder)
    at = f"{folder}/{QUIZ_FILE}"
    problems = [
        f"{at}: question {question.key} does not name its lesson ('lesson: <lesson slug>')"
        for question in scored(quiz)
        if not question.lesson
    ]
    covered = {question.lesson for question in scored(quiz)}
    problems += [
        f"{at}: no scored question has 'lesson: {lesson.slug}' "
        f"(lesson {lesson.position}: {lesson.title['en']})"
        for lesson in module.lessons
        if lesson.slug not in covered
    ]
    # The '# Lesson N: <title>' comments are there for people reading the file; they must
    # not disagree with the lessons the questions name.
    lesson_of, titles, orphans = lessons_of_questions(MODULES_CONTENT / folder / QUIZ_FILE)
    lessons = {lesson.position: lesson for lesson in module.lessons}
    unread = sorted({question.key for question in quiz.questions} - set(lesson_of) - set(orphans))
    if unread:
        problems.append(f"{at}: could not find the 'key:' line of {unread}")
    for number, title in sorted(titles.items()):
        lesson = lessons.get(number)
        if lesson is None:
            problems.append(f"{at}: '# Lesson {number}' but the module has no lesson {number}")
        elif " ".join(title.lower().split()) != " ".join(lesson.title["en"].lower().split()):
            problems.append(
                f"{at}: '# Lesson {number}: {title}' but lesson {number} is '{lesson.title['en']}'"
            )
    for question in quiz.questions:
        under = lessons.get(lesson_of.get(question.key, 0))
        if under is not None and question.lesson and question.lesson != under.slug:
            problems.append(
                f"{at}: question {question.key} has 'lesson: {question.lesson}' but comes "
                f"under '# Lesson {under.position}: {under.title['en']}' ({under.slug})"
            )
    assert not problems, "\n".join(problems)


@by_module
def test_both_languages_have_the_same_structure(folder: str) -> None:
    module = module_of(folder)
    problems = []
    for language in LANGUAGES:
        if not module.title.get(language) or not module.summary.get(language):
            problems.append(f"{folder}/module.{language}.md: no title or summary")
        if not module.introduction.get(language):
            problems.append(f"{folder}/module.{language}.md: no introduction")
    for lesson in module.lessons:
        headings = {}
        for language in LANGUAGES:
            at = where(folder, lesson, language)
            if not lesson.title.get(language) or not lesson.summary.get(language):
                problems.append(f"{at}: missing (or no title or summary)")
                continue
            problems += [
                f"{at}: block {number} ({block.kind} {block.style}) has no text"
                for number, block in enumerate(lesson.blocks, start=1)
                if block.kind == "callout" and not block.body.get(language)
            ]
            headings[language] = [
                heading for heading, _body in sections(lesson_text(lesson, language))
            ]
        if len(headings) == len(LANGUAGES) and len(set(map(len, headings.values()))) > 1:
            problems.append(
                f"{folder}/{lesson.position:02d}-{lesson.slug}: the languages have different "
                f"numbers of '##' headings: {headings}"
            )
    assert not problems, "\n".join(problems)


@by_module
def test_both_languages_state_the_same_numbers(folder: str) -> None:
    problems = []
    for at, english, danish in number_pairs(folder):
        missing = missing_danish_numbers(english, danish)
        if missing:
            problems.append(
                f"{at}: the Danish does not state these English numbers (as often) in "
                f"Danish notation: {', '.join(missing)}"
            )
    assert not problems, "\n".join(problems)


def test_module_one_has_three_numeric_questions_with_a_tolerance() -> None:
    folder = "01-customer-economics"
    numeric = [q for q in quiz_of(folder).questions if q.kind == "numeric"]
    with_tolerance = [q.key for q in numeric if q.tolerance > 0]
    assert len(with_tolerance) >= 3, (
        f"{folder}/{QUIZ_FILE}: numeric questions with a tolerance: {with_tolerance}, "
        "at least 3 needed"
    )


@by_module_and_language
def test_every_numeric_answer_follows_from_its_question(folder: str, language: str) -> None:
    problems = []
    for question in quiz_of(folder).questions:
        if question.kind != "numeric" or question.answer is None:
            continue
        at = f"{folder}/{QUIZ_FILE} question {question.key} ({language})"
        formula = FORMULAS.get(question.key)
        if formula is None:
            problems.append(f"{at}: no formula in this test recomputes the answer")
            continue
        text = question.text.get(language, "")
        stated = numbers(text, language)
        try:
            expected = formula(stated, text, language)
        except (ValueError, AssertionError) as error:
            problems.append(f"{at}: the text's figures {stated} do not fit the formula: {error}")
            continue
        if abs(question.answer - expected) > allowed_error(question, expected):
            problems.append(
                f"{at}: the stored answer is {question.answer}, the text's figures give "
                f"{expected:.3f} (tolerance {question.tolerance}"
                f"{'%' if question.tolerance_kind == 'relative' else ''})"
            )
        if written(question.answer, language) not in number_strings(
            question.explanation.get(language, ""), language
        ):
            problems.append(
                f"{at}: the explanation never states the answer "
                f"{written(question.answer, language)}"
            )
    assert not problems, "\n".join(problems)


@by_module
def test_glossary_terms_are_used_in_danish(folder: str) -> None:
    problems = [
        f"{at}: {problem}"
        for at, english, danish in text_pairs(folder)
        for problem in glossary_problems(english, danish)
    ]
    assert not problems, "\n".join(problems)
