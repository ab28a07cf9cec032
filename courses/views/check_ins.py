"""The follow-up check-ins on the action plan, 30, 60 and 90 days after the course: the
learner says how each commitment went (done, in progress, dropped, with a note). The
reminder email links here; the answers stay on the plan."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from courses.permissions import get_enrolment_for_learner_or_404
from courses.selectors import get_outlines
from modules.models import CheckIn, Commitment
from modules.selectors import get_learner_plan
from modules.services import record_check_ins
from users.types import AuthenticatedHttpRequest

MAX_NOTE = 2000


class CheckInForm(forms.Form):
    """One status and note per commitment; a commitment left unanswered is kept as it was."""

    def __init__(self, *args: Any, commitments: list[Commitment], day: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commitments = commitments
        for commitment in commitments:
            earlier = next((c for c in commitment.check_ins.all() if c.day == day), None)
            self.fields[f"status_{commitment.pk}"] = forms.ChoiceField(
                label=gettext_lazy("How did it go?"),
                choices=CheckIn.Status.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=earlier.status if earlier else None,
            )
            self.fields[f"note_{commitment.pk}"] = forms.CharField(
                label=gettext_lazy("Note"),
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=MAX_NOTE,
                required=False,
                initial=earlier.note if earlier else "",
            )

    def rows(self) -> list[tuple[Commitment, forms.BoundField, forms.BoundField]]:
        return [
            (commitment, self[f"status_{commitment.pk}"], self[f"note_{commitment.pk}"])
            for commitment in self.commitments
        ]

    def answers(self) -> dict[int, tuple[str, str]]:
        found = {}
        for commitment in self.commitments:
            status = self.cleaned_data.get(f"status_{commitment.pk}")
            if status:
                found[commitment.pk] = (status, self.cleaned_data.get(f"note_{commitment.pk}", ""))
        return found


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request: AuthenticatedHttpRequest, course_slug: str, day: int) -> HttpResponse:
    if day not in CheckIn.Day.values:
        raise Http404
    enrolment = get_enrolment_for_learner_or_404(request.user, course_slug=course_slug)
    plan = get_learner_plan(request.user.pk)
    commitments = list(plan.commitments.all()) if plan else []
    form = CheckInForm(request.POST or None, commitments=commitments, day=day)
    if request.method == "POST" and form.is_valid():
        record_check_ins(learner=request.user, day=day, answers=form.answers(), now=timezone.now())
        messages.success(request, _("Thank you: your check-in is on your action plan."))
        return redirect("courses:plan", course_slug=course_slug)
    return render(
        request,
        "courses/check_in.html",
        {
            "form": form,
            "day": day,
            "course_slug": course_slug,
            "outline": get_outlines([enrolment])[enrolment.cohort.course_id],
        },
        status=422 if request.method == "POST" else 200,
    )
