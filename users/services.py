"""Write operations on people."""

from django.conf import settings
from django.db import transaction

from users.models import User


def is_supported_language(language: str) -> bool:
    return any(code == language for code, _name in settings.LANGUAGES)


@transaction.atomic
def set_user_language(*, user: User, language: str) -> None:
    """Store the user's chosen interface and content language.

    Raises ValueError for a language the platform does not offer.
    """
    if not is_supported_language(language):
        raise ValueError(f"Unsupported language: {language!r}")
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def remember_browser_language(*, user: User, language: str) -> None:
    """On sign-in, adopt the browser's language for a user who has not chosen one yet."""
    if not user.language and is_supported_language(language):
        set_user_language(user=user, language=language)


@transaction.atomic
def set_optional_reminders(*, user: User, enabled: bool) -> None:
    """Switch the person's optional reminders (quiet-spell nudges, weekly digests) on or
    off. Due-date reminders are not theirs to switch off: HR decides those."""
    User.objects.filter(pk=user.pk).update(optional_reminders=enabled)
