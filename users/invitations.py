"""Inviting a person: the account waits with an unusable password, and an email in the
person's language links to allauth's set-password page."""

import datetime

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from users.models import Invitation, User
from users.signals import invitation_accepted


def invitation_link(user: User, *, base_url: str) -> str:
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return f"{base_url.rstrip('/')}{path}"


def send_invitation_email(invitation: Invitation, *, base_url: str) -> None:
    user = invitation.user
    inviter = invitation.invited_by
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "organisation": user.organisation,
            "inviter": inviter,
            "link": invitation_link(user, base_url=base_url),
            "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
        }
        subject = render_to_string("users/email/invitation_subject.txt", context).strip()
        text = render_to_string("users/email/invitation_message.txt", context)
        html = render_to_string("users/email/invitation_message.html", context)
    message = EmailMultiAlternatives(subject, text, to=[user.email])
    message.attach_alternative(html, "text/html")
    message.send()


@transaction.atomic
def invite(
    *, user: User, invited_by: User | None, now: datetime.datetime, base_url: str
) -> Invitation:
    """Record the invitation and send its email once the transaction commits."""
    invitation, created = Invitation.objects.get_or_create(
        user=user,
        defaults={"invited_by": invited_by, "first_sent_at": now, "last_sent_at": now},
    )
    if not created:
        invitation.last_sent_at = now
        invitation.times_sent += 1
        invitation.save(update_fields=["last_sent_at", "times_sent"])
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"primary": True, "verified": False}
    )
    transaction.on_commit(lambda: send_invitation_email(invitation, base_url=base_url))
    return invitation


@transaction.atomic
def accept_invitation(*, user: User, now: datetime.datetime) -> None:
    """The person set a password through the emailed link, which proves the address."""
    accepted = Invitation.objects.filter(user=user, accepted_at__isnull=True).update(
        accepted_at=now
    )
    EmailAddress.objects.filter(user=user, email__iexact=user.email).update(verified=True)
    if accepted:
        invitation_accepted.send(sender=Invitation, user=user)
