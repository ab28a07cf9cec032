"""Forms of the HR area."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from courses.hr.selectors import Status
from courses.models import Cohort, Course, ReminderRules


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


MODULE_DUE_PREFIX = "module_due_"


class CohortForm(forms.ModelForm):
    """The cohort's name, course and dates, and an optional due date for each module of
    its course (``modules``: (module id, label) pairs; none when creating, since the
    course is chosen here)."""

    class Meta:
        model = Cohort
        fields = ["name", "course", "starts_on", "due_on"]
        widgets = {"starts_on": DateInput(), "due_on": DateInput()}
        help_texts = {"due_on": _("Optional. Each learner's due date can be extended later.")}

    def __init__(
        self,
        *args: Any,
        modules: Sequence[tuple[int, str]] = (),
        module_dues: dict[int, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        course = self.fields["course"]
        assert isinstance(course, forms.ModelChoiceField)  # noqa: S101 - narrows the type
        course.queryset = Course.objects.published().order_by("slug")
        if not self.instance.pk:
            course.help_text = _("Due dates per module can be set once the cohort is saved.")
        for module_id, label in modules:
            self.fields[f"{MODULE_DUE_PREFIX}{module_id}"] = forms.DateField(
                label=_("Due date of %(module)s") % {"module": label},
                required=False,
                widget=DateInput(),
                initial=(module_dues or {}).get(module_id),
                help_text=_("Optional."),
            )

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if not name.startswith(MODULE_DUE_PREFIX)]

    def module_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith(MODULE_DUE_PREFIX)]

    def module_dues(self) -> dict[int, Any]:
        """Module id -> the date entered (None where left empty)."""
        return {
            int(name.removeprefix(MODULE_DUE_PREFIX)): self.cleaned_data.get(name)
            for name in self.fields
            if name.startswith(MODULE_DUE_PREFIX)
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts_on, due_on = cleaned.get("starts_on"), cleaned.get("due_on")
        if starts_on and due_on and due_on < starts_on:
            self.add_error("due_on", _("The due date cannot be before the start date."))
        for field in self.module_fields():
            module_due = cleaned.get(field.name)
            if module_due is None:
                continue
            if starts_on and module_due < starts_on:
                self.add_error(
                    field.name, _("A module's due date cannot be before the cohort's start.")
                )
            elif due_on and module_due > due_on:
                self.add_error(
                    field.name, _("A module's due date cannot be after the cohort's due date.")
                )
        return cleaned


class AddMemberForm(forms.Form):
    email = forms.EmailField(label=_("Email"), max_length=254)
    first_name = forms.CharField(
        label=_("First name"), max_length=150, required=False, help_text=_("For a new person.")
    )
    last_name = forms.CharField(
        label=_("Last name"), max_length=150, required=False, help_text=_("For a new person.")
    )
    department = forms.CharField(label=_("Department"), max_length=120, required=False)
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=[("", _("The organisation's default")), *settings.LANGUAGES],
        required=False,
    )


class LearnerFilterForm(forms.Form):
    """The cohort table's filters and sorting, from the query string; anything unknown
    falls back to the default rather than failing."""

    department = forms.ChoiceField(label=_("Department"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *((key, label) for key, label in Status.FILTERS.items())],
    )

    def __init__(self, data: Any, *, departments: list[str]) -> None:
        super().__init__(data)
        self.fields["department"].choices = [  # type: ignore[attr-defined]
            ("", _("All departments")),
            *((name, name) for name in departments),
        ]

    def value(self, name: str) -> str:
        """The field's value if valid, else empty (an unknown department or status shows
        everything rather than an error)."""
        self.is_valid()
        return str(self.cleaned_data.get(name) or "")


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: email, first_name, last_name, department, manager_email, language. "
            "Comma- or semicolon-separated, UTF-8. Up to 10,000 rows and 5 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class ExtendForm(forms.Form):
    due_on = forms.DateField(label=_("New due date"), widget=DateInput())


class MoveForm(forms.Form):
    cohort = forms.ModelChoiceField(label=_("Move to cohort"), queryset=Cohort.objects.none())

    def __init__(self, *args: Any, enrolment_cohort: Cohort, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["cohort"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - narrows the type
        field.queryset = (
            Cohort.objects.filter(
                organisation_id=enrolment_cohort.organisation_id,
                course_id=enrolment_cohort.course_id,
            )
            .exclude(pk=enrolment_cohort.pk)
            .order_by("-starts_on", "name")
        )


class ReminderRulesForm(forms.ModelForm):
    """An organisation's or a cohort's reminder rules. "Days before the due date" is typed
    as a list ("7, 1")."""

    before_due_days = forms.CharField(
        label=_("Days before the due date"),
        required=False,
        max_length=40,
        help_text=_("Comma-separated, e.g. 7, 1. Leave empty for none."),
    )

    class Meta:
        model = ReminderRules
        fields = [
            "welcome",
            "due_reminders",
            "before_due_days",
            "on_due_date",
            "overdue_every_days",
            "overdue_times",
            "inactivity_days",
            "completion",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["before_due_days"] = ", ".join(
                str(days) for days in sorted(self.instance.before_due_days, reverse=True)
            )

    def clean_before_due_days(self) -> list[int]:
        text = self.cleaned_data.get("before_due_days") or ""
        parts = [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
        days = []
        for part in parts:
            if not part.isdigit() or not 1 <= int(part) <= 60:
                raise forms.ValidationError(
                    _("Use whole numbers of days from 1 to 60, separated by commas.")
                )
            days.append(int(part))
        if len(set(days)) > 5:
            raise forms.ValidationError(_("At most five reminders before the due date."))
        return sorted(set(days), reverse=True)
