"""Write operations on people."""

from django.conf import settings
from django.db import transaction

from users.models import User

SUPPORTED_LANGUAGES = frozenset(code for code, _name in settings.LANGUAGES)


@transaction.atomic
def set_user_language(*, user: User, language: str) -> None:
    """Store the user's chosen interface and content language.

    Raises ValueError for a language the platform does not offer.
    """
    if language not in SUPPORTED_LANGUAGES:
        raise ValueError(f"Unsupported language: {language!r}")
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def remember_browser_language(*, user: User, language: str) -> None:
    """On sign-in, adopt the browser's language for a user who has not chosen one yet."""
    if not user.language and language in SUPPORTED_LANGUAGES:
        set_user_language(user=user, language=language)
