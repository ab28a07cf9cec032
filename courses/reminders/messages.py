"""The reminder emails: HTML and plain text, in the recipient's language, each with one
link that takes the learner straight on (the next unfinished step, the certificate, or a
line manager's team page). Optional reminders carry an unsubscribe link and the
``List-Unsubscribe`` headers (RFC 2369 and RFC 8058 one-click)."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courses.models import Enrolment, Reminder
from courses.selectors import CourseProgress
from users.models import User

Kind = Reminder.Kind
UNSUBSCRIBE_SALT = "reminders.unsubscribe"


@dataclass(frozen=True)
class BehindReport:
    """One of a line manager's reports who is behind, for the digest."""

    name: str
    course: str
    done: int
    total: int
    due_on: datetime.date | None


@dataclass
class Message:
    subject: str
    paragraphs: list[str]
    action_label: str
    action_url: str
    unsubscribe_url: str = ""
    items: list[str] = field(default_factory=list)


def absolute(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def unsubscribe_token(user: User) -> str:
    return signing.dumps({"user": user.pk}, salt=UNSUBSCRIBE_SALT, compress=True)


def user_of_unsubscribe_token(token: str) -> int | None:
    """The user id a token was made for, or None if it was tampered with."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    user_id = data.get("user") if isinstance(data, dict) else None
    return user_id if isinstance(user_id, int) else None


def _date(day: datetime.date | None) -> str:
    return date_format(day, "DATE_FORMAT") if day else ""


def learner_message(reminder: Reminder, progress: CourseProgress) -> Message:
    """The message for a reminder to a learner about their enrolment."""
    enrolment: Enrolment = reminder.enrolment  # type: ignore[assignment]
    course = str(enrolment.cohort.course.title)
    due = progress.due_on
    steps = ngettext(
        "You have done %(done)s of %(total)s step.",
        "You have done %(done)s of %(total)s steps.",
        progress.total,
    ) % {"done": progress.done, "total": progress.total}
    next_step = progress.next_step
    go_on = absolute(reverse("reminders:continue", args=[enrolment.cohort.course.slug]))
    continue_label = (
        _("Continue with: %(step)s") % {"step": next_step.title}
        if next_step is not None
        else _("Open the course")
    )
    kind = reminder.kind
    if kind == Kind.WELCOME:
        paragraphs = [
            _("You are enrolled in %(course)s, with %(cohort)s.")
            % {"course": course, "cohort": enrolment.cohort.name},
        ]
        if due:
            paragraphs.append(_("Please complete it by %(date)s.") % {"date": _date(due)})
        paragraphs.append(
            _("Each module takes about an hour; you can stop at any point and pick up later.")
        )
        return Message(_("Welcome to %(course)s") % {"course": course}, paragraphs,
                       _("Start the first lesson"), go_on)  # fmt: skip
    if kind == Kind.BEFORE_DUE:
        subject = ngettext(
            "%(course)s is due tomorrow", "%(course)s is due in %(days)s days", reminder.sequence
        ) % {"course": course, "days": reminder.sequence}
        return Message(
            subject,
            [_("Your due date is %(date)s.") % {"date": _date(due)}, steps],
            continue_label,
            go_on,
        )
    if kind == Kind.ON_DUE:
        return Message(
            _("%(course)s is due today") % {"course": course},
            [steps, _("If you need more time, talk to your HR contact.")],
            continue_label,
            go_on,
        )
    if kind == Kind.OVERDUE:
        paragraphs = [
            _("%(course)s was due on %(date)s.") % {"course": course, "date": _date(due)},
            steps,
        ]
        if reminder.copy_line_manager:
            paragraphs.append(_("Your line manager receives a copy of this reminder."))
        return Message(
            _("%(course)s is overdue") % {"course": course}, paragraphs, continue_label, go_on
        )
    if kind == Kind.INACTIVITY:
        return Message(
            _("Pick up where you left off in %(course)s") % {"course": course},
            [
                ngettext(
                    "Nothing has happened in your course for %(days)s day.",
                    "Nothing has happened in your course for %(days)s days.",
                    reminder.sequence,
                )
                % {"days": reminder.sequence},
                steps,
            ],
            continue_label,
            go_on,
            unsubscribe_url=unsubscribe_url(reminder.recipient),
        )
    if kind == Kind.NUDGE:
        organisation = enrolment.cohort.organisation.name
        paragraphs = [
            _("%(organisation)s reminds you of %(course)s.")
            % {"organisation": organisation, "course": course},
            steps,
        ]
        if due:
            paragraphs.append(_("Your due date is %(date)s.") % {"date": _date(due)})
        return Message(_("A reminder about %(course)s") % {"course": course}, paragraphs,
                       continue_label, go_on)  # fmt: skip
    if kind == Kind.FOLLOW_UP:
        days = reminder.sequence
        return Message(
            _("How are your commitments going? Your %(days)s-day check-in") % {"days": days},
            [
                _("It is %(days)s days since you completed %(course)s.")
                % {"days": days, "course": course},
                _(
                    "Take two minutes to note how each commitment in your action plan is "
                    "going: done, in progress or dropped, with a word on why."
                ),
            ],
            _("Answer the check-in"),
            absolute(reverse("courses:check_in", args=[enrolment.cohort.course.slug, days])),
        )
    # Kind.COMPLETION
    return Message(
        _("Congratulations: you have completed %(course)s") % {"course": course},
        [
            _("Every module is done and every quiz passed."),
            _("Your certificate is ready. Anyone can check its code on the verification page."),
        ],
        _("Download your certificate"),
        absolute(reverse("courses:certificate", args=[enrolment.cohort.course.slug])),
    )


def digest_message(reminder: Reminder, reports: list[BehindReport]) -> Message:
    return Message(
        ngettext(
            "%(count)s of your team is behind schedule",
            "%(count)s of your team are behind schedule",
            len(reports),
        )
        % {"count": len(reports)},
        [_("These people who report to you are past their due date:")],
        _("See your team's progress"),
        absolute(reverse("team")),
        unsubscribe_url=unsubscribe_url(reminder.recipient),
        items=[
            _("%(name)s, %(course)s: %(done)s of %(total)s steps, due %(date)s")
            % {
                "name": report.name,
                "course": report.course,
                "done": report.done,
                "total": report.total,
                "date": _date(report.due_on),
            }
            for report in reports
        ],
    )


def unsubscribe_url(user: User) -> str:
    return absolute(reverse("reminders:unsubscribe", args=[unsubscribe_token(user)]))


def language_of(user: User) -> str:
    return user.language or settings.LANGUAGE_CODE


def build_email(
    reminder: Reminder, message: Message, *, cc: list[str] | None = None
) -> EmailMultiAlternatives:
    """The email, in the recipient's language (the caller renders ``message`` under the
    same language). Its Message-ID is derived from the reminder, so a mail system that
    drops repeated ids would drop a repeat too."""
    recipient = reminder.recipient
    context = {"message": message, "user": recipient, "LANGUAGE_CODE": language_of(recipient)}
    text = render_to_string("emails/courses/reminder.txt", context)
    html = render_to_string("emails/courses/reminder.html", context)
    headers = {"Message-ID": f"<reminder-{reminder.pk}@{settings.REMINDER_MESSAGE_ID_DOMAIN}>"}
    if message.unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email = EmailMultiAlternatives(
        message.subject, text, to=[recipient.email], cc=cc or [], headers=headers
    )
    email.attach_alternative(html, "text/html")
    return email
