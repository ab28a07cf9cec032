"""The learner's personal summary: their exercise results and action plan, as one
structure that both the print-friendly page and the PDF (reportlab, like the certificate)
are drawn from. Private to the learner."""

import datetime
import io
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from courses.certificates import BOLD, BRAND, INK, MUTED, REGULAR, _register_fonts
from modules import exercises
from modules.economics import CalculatorResult
from modules.models import Block, Commitment
from modules.money import format_number
from modules.selectors import get_learner_plan, list_learner_answers
from modules.templatetags.exercises import figure_text
from users.models import User


@dataclass(frozen=True)
class SummaryRow:
    label: str
    value: str
    note: str = ""


@dataclass(frozen=True)
class SummarySection:
    title: str
    lesson_title: str
    rows: tuple[SummaryRow, ...]
    complete: bool


@dataclass
class Summary:
    sections: list[SummarySection] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)


def _rating(value: object) -> str:
    return _("%(rating)s of 5") % {"rating": value}


def _rows(exercise: str, result: dict, currency: str, language: str) -> list[SummaryRow]:
    if exercise == Block.Exercise.CALCULATOR:
        figures = CalculatorResult.from_json(result)
        return [
            SummaryRow(
                str(figure.label)
                if not figure.key.startswith("lifetime_value_")
                else _("Lifetime value: %(segment)s") % {"segment": figure.label},
                figure_text(figure, currency, language),
                " ".join(part for part in (str(figure.formula), figure.assumption) if part),
            )
            for figure in figures.figures
        ]
    if exercise == Block.Exercise.EXPERIENCE_PROFILE:
        ratings = result.get("ratings", {})
        return [
            SummaryRow(str(driver.label), _rating(ratings[driver.key]))
            for driver in exercises.DRIVERS
            if driver.key in ratings
        ]
    if exercise == Block.Exercise.LISTENING_ROUTINE:
        return [
            SummaryRow(
                row["channel"],
                str(exercises.FREQUENCIES.get(row["frequency"], row["frequency"])),
                " · ".join(
                    part
                    for part in (
                        _("Owner: %(owner)s") % {"owner": row["owner"]} if row["owner"] else "",
                        _("Customer hears back: %(reply)s") % {"reply": row["reply"]}
                        if row["reply"]
                        else "",
                        _rating(row["rating"]) if row.get("rating") else "",
                    )
                    if part
                ),
            )
            for row in result.get("channels", [])
        ]
    if exercise == Block.Exercise.JOURNEY_MAP:
        points = sorted(result.get("points", []), key=lambda point: -point["priority"])
        return [
            SummaryRow(
                point["name"],
                _("Importance %(importance)s, performance %(performance)s")
                % {"importance": point["importance"], "performance": point["performance"]},
                " · ".join(
                    part
                    for part in (
                        _("Priority %(priority)s")
                        % {"priority": format_number(point["priority"], language)},
                        _("Moment of truth to improve") if point.get("moment") else "",
                    )
                    if part
                ),
            )
            for point in points
        ]
    return []


def build_summary(*, learner: User, currency: str) -> Summary:
    """Every exercise the learner answered, then their commitments (three queries)."""
    language = get_language() or "en"
    labels = dict(Block.Exercise.choices)
    summary = Summary()
    for answer in list_learner_answers(learner.pk):
        lesson = answer.block.lesson.title if answer.block and answer.block.lesson else ""
        summary.sections.append(
            SummarySection(
                title=str(labels.get(answer.exercise, answer.exercise)),
                lesson_title=lesson,
                rows=tuple(
                    _rows(answer.exercise, answer.result, answer.currency or currency, language)
                ),
                complete=bool(answer.result),
            )
        )
    plan = get_learner_plan(learner.pk)
    summary.commitments = list(plan.commitments.all()) if plan else []
    return summary


@dataclass(frozen=True)
class SummaryText:
    learner_name: str
    course_title: str
    printed_on: datetime.date


def render_summary_pdf(text: SummaryText, summary: Summary) -> bytes:
    """An A4 document: a heading, each exercise as a table, then the action plan."""
    _register_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=_("My summary: %(course)s") % {"course": text.course_title},
        author=text.learner_name,
    )
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=9.5, leading=12.5, textColor=INK)
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor=MUTED)
    heading = ParagraphStyle("h1", parent=body, fontName=BOLD, fontSize=18, leading=22)
    subheading = ParagraphStyle(
        "h2", parent=body, fontName=BOLD, fontSize=12.5, leading=16, textColor=BRAND
    )

    def para(value: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(value), style)

    def table(rows: list[list[Paragraph]], widths: list[float]) -> Table:
        drawn = Table(rows, colWidths=widths, repeatRows=1)
        drawn.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.3, MUTED),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        return drawn

    story: list = [
        para(_("My summary"), heading),
        para(
            _("%(name)s · %(course)s · %(date)s")
            % {
                "name": text.learner_name,
                "course": text.course_title,
                "date": date_format(text.printed_on, "DATE_FORMAT"),
            },
            small,
        ),
        Spacer(1, 6 * mm),
    ]
    width = A4[0] - 36 * mm
    for section in summary.sections:
        story.append(para(section.title, subheading))
        if section.lesson_title:
            story.append(para(section.lesson_title, small))
        if not section.complete:
            story.append(para(_("Not finished yet: some answers still need attention."), body))
        elif section.rows:
            story.append(
                table(
                    [
                        [para(row.label), para(row.value), para(row.note, small)]
                        for row in section.rows
                    ],
                    [width * 0.3, width * 0.3, width * 0.4],
                )
            )
        story.append(Spacer(1, 5 * mm))
    story.append(para(_("My action plan"), subheading))
    if summary.commitments:
        header = [
            para(_("What I will do")),
            para(_("Owner")),
            para(_("Due date")),
            para(_("Measure of success")),
        ]
        story.append(
            table(
                [header]
                + [
                    [
                        para(item.action),
                        para(item.owner),
                        para(date_format(item.due_on, "DATE_FORMAT")),
                        para(item.measure),
                    ]
                    for item in summary.commitments
                ],
                [width * 0.38, width * 0.17, width * 0.15, width * 0.3],
            )
        )
    else:
        story.append(para(_("No commitments yet."), body))
    document.build(story)
    return buffer.getvalue()
