"""HR's reminder pages: the organisation's rules and sending health, a cohort's own rules,
and "remind everyone behind schedule" with a preview of who gets it."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from courses.hr.forms import ReminderRulesForm
from courses.hr.permissions import HrRequest, get_cohort_for_hr_or_404, hr_admin_required
from courses.hr.selectors import cohort_outline, recent_failures, sending_health
from courses.hr.services import drop_cohort_rules, rules_of, save_reminder_rules
from courses.models import ReminderRules
from courses.reminders.nudges import nudge_behind, plan_nudge


@hr_admin_required
@require_http_methods(["GET", "POST"])
def reminder_settings(request: HrRequest) -> HttpResponse:
    rules = rules_of(request.organisation)
    form = ReminderRulesForm(request.POST or None, instance=rules)
    if request.method == "POST" and form.is_valid():
        save_reminder_rules(rules=form.save(commit=False))
        messages.success(request, _("The reminder rules are saved."))
        return redirect("hr:reminders")
    now = timezone.now()
    return render(
        request,
        "courses/hr/reminder_settings.html",
        {
            "form": form,
            "health": sending_health(request.organisation, now=now),
            "failures": recent_failures(request.organisation, now=now),
        },
    )


@hr_admin_required
@require_http_methods(["GET", "POST"])
def cohort_reminders(request: HrRequest, cohort_id: int) -> HttpResponse:
    cohort = get_cohort_for_hr_or_404(request.organisation, cohort_id)
    rules = rules_of(request.organisation, cohort)
    if request.method == "POST" and request.POST.get("action") == "follow_organisation":
        drop_cohort_rules(cohort=cohort)
        messages.success(request, _("The cohort follows the organisation's rules again."))
        return redirect("hr:cohort_reminders", cohort_id=cohort.pk)
    form = ReminderRulesForm(request.POST or None, instance=rules)
    if request.method == "POST" and form.is_valid():
        save_reminder_rules(rules=form.save(commit=False))
        messages.success(request, _("The cohort's own reminder rules are saved."))
        return redirect("hr:cohort_reminders", cohort_id=cohort.pk)
    return render(
        request,
        "courses/hr/cohort_reminders.html",
        {
            "cohort": cohort,
            "form": form,
            "has_own_rules": ReminderRules.objects.filter(cohort=cohort).exists(),
        },
    )


@hr_admin_required
@require_http_methods(["GET", "POST"])
def nudge(request: HrRequest, cohort_id: int) -> HttpResponse:
    """GET: who would be reminded; POST: remind them (nobody twice in 24 hours)."""
    cohort = get_cohort_for_hr_or_404(request.organisation, cohort_id)
    outline = cohort_outline(cohort)
    now = timezone.now()
    if request.method == "POST":
        sent = nudge_behind(cohort=cohort, outline=outline, requested_by=request.user, now=now)
        if sent:
            messages.success(
                request,
                ngettext(
                    "A reminder is on its way to %(count)s learner.",
                    "A reminder is on its way to %(count)s learners.",
                    len(sent),
                )
                % {"count": len(sent)},
            )
        else:
            messages.info(request, _("Nobody needed a reminder: no one was sent one."))
        return redirect("hr:cohort", cohort_id=cohort.pk)
    return render(
        request,
        "courses/hr/nudge_preview.html",
        {"cohort": cohort, "plan": plan_nudge(cohort, outline, now=now)},
    )
