"""Background work on people."""

from celery import shared_task

from users.invitations import send_invitation_email
from users.models import Invitation


@shared_task
def send_invitations(user_ids: list[int], base_url: str) -> int:
    """Email the invitations of these people; returns how many went out. Safe to run
    again: an accepted invitation is not sent."""
    sent = 0
    for invitation in Invitation.objects.select_related("user__organisation", "invited_by").filter(
        user_id__in=user_ids, accepted_at__isnull=True
    ):
        send_invitation_email(invitation, base_url=base_url)
        sent += 1
    return sent
