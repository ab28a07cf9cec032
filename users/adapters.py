"""The one customisation point for django-allauth."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from users.models import User
from users.services import remember_browser_language


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """People arrive by invitation unless an installation opens sign-up on purpose."""
        return bool(settings.ACCOUNT_ALLOW_SIGNUPS)

    def login(self, request: HttpRequest, user: User) -> HttpResponse | None:
        response = super().login(request, user)
        remember_browser_language(user=user, language=getattr(request, "LANGUAGE_CODE", ""))
        # The rest of this request (the "signed in" message) speaks the user's language.
        translation.activate(user.language or translation.get_language())
        return response
