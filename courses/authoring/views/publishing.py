"""What publishing, discarding or restoring into a draft tells the trainer, the same for
lessons and quizzes: the services raise DraftConflict and InvalidContent alike (see
modules.authoring.services)."""

from collections.abc import Callable

from django.contrib import messages
from django.utils.translation import gettext as _

from modules.authoring.models import Revision
from modules.authoring.services import DraftConflict, InvalidContent
from users.types import AuthenticatedHttpRequest


def posted_version(request: AuthenticatedHttpRequest) -> int:
    """The draft version the form was opened at; -1 (matching none) when missing."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


def publish_with_message(
    request: AuthenticatedHttpRequest, publish: Callable[[], Revision]
) -> None:
    try:
        revision = publish()
    except DraftConflict:
        messages.error(
            request,
            _("Someone changed the draft since you opened it. Check their change, then publish."),
        )
    except InvalidContent:
        messages.error(request, _("The draft has errors; open it, correct them and save."))
    else:
        messages.success(
            request, _("Published as revision %(number)s.") % {"number": revision.number}
        )


def discard_with_message(request: AuthenticatedHttpRequest, discard: Callable[[], None]) -> None:
    try:
        discard()
    except DraftConflict:
        messages.error(request, _("Someone changed the draft since you opened it."))
    else:
        messages.success(request, _("Draft discarded."))


def restore_with_message(
    request: AuthenticatedHttpRequest, restore: Callable[[], object], *, number: int
) -> None:
    try:
        restore()
    except DraftConflict:
        messages.error(request, _("Someone changed the draft since you opened it."))
    except InvalidContent:
        messages.error(request, _("That revision no longer passes the checks."))
    else:
        messages.success(
            request,
            _("Revision %(number)s is in the draft now; publish it to make it live.")
            % {"number": number},
        )
