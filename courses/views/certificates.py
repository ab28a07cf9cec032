"""The learner's certificate download, and the public page that verifies a code."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from courses.certificates import CertificateText, render_certificate_pdf
from courses.permissions import get_enrolment_for_learner_or_404
from courses.selectors import find_certificate, get_certificate
from courses.services import record_course_completion
from users.types import AuthenticatedHttpRequest


@login_required
@require_GET
def download(request: AuthenticatedHttpRequest, course_slug: str) -> HttpResponse:
    """The certificate PDF, once the course is complete; issued on first need."""
    enrolment = get_enrolment_for_learner_or_404(request.user, course_slug=course_slug)
    progress = record_course_completion(enrolment=enrolment, now=timezone.now())
    certificate = get_certificate(enrolment) if progress.is_complete else None
    if certificate is None:
        raise Http404
    verify_url = request.build_absolute_uri(reverse("verify_certificate"))
    pdf = render_certificate_pdf(
        CertificateText(
            learner_name=certificate.learner_name,
            course_title=progress.course.title,
            issued_on=certificate.issued_on,
            code=certificate.display_code,
            verify_url=verify_url,
        )
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-{certificate.display_code}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=40,
        help_text=_("As printed on the certificate, for example ABCD-EFGH-JKMN."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


@require_GET
def verify(request: HttpRequest) -> HttpResponse:
    """Public: says whether a code belongs to a certificate, and shows only the name,
    the course and the date on it."""
    form = VerifyForm(request.GET or None)
    certificate = None
    checked = False
    if form.is_valid():
        checked = True
        certificate = find_certificate(form.cleaned_data["code"])
    response = render(
        request,
        "courses/verify_certificate.html",
        {
            "form": form,
            "checked": checked,
            "certificate": certificate,
        },
        status=404 if checked and certificate is None else 200,
    )
    response["X-Robots-Tag"] = "noindex"
    return response
