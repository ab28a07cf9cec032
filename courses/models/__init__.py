"""The courses app's models: courses, cohorts and enrolments (``cohorts``), and the
reminders that keep a cohort moving (``reminders``)."""

from courses.models.cohorts import (
    Certificate,
    Cohort,
    CohortModuleDue,
    Course,
    CourseModule,
    CourseQuerySet,
    CsvImport,
    Enrolment,
    EnrolmentQuerySet,
    content_version_of,
    content_version_sql,
)
from courses.models.reminders import Reminder, ReminderRules

__all__ = [
    "Certificate",
    "Cohort",
    "CohortModuleDue",
    "Course",
    "CourseModule",
    "CourseQuerySet",
    "CsvImport",
    "Enrolment",
    "EnrolmentQuerySet",
    "Reminder",
    "ReminderRules",
    "content_version_of",
    "content_version_sql",
]
