"""The one customisation point for django-allauth."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from users.invitations import accept_invitation
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

    def set_password(self, user: AbstractBaseUser, password: str) -> None:
        """A person without a password who sets one came through an invitation link sent
        to their address: that accepts the invitation and verifies the address."""
        accepting = not user.has_usable_password()
        super().set_password(user, password)
        if accepting and isinstance(user, User):
            accept_invitation(user=user, now=timezone.now())
