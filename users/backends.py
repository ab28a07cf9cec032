"""Authentication backends: Django's and allauth's, each reading the signed-in user with
their organisation in the same query. Every HR page and most learner pages need the
organisation, and the user is read on every request."""

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from users.models import User


def _user_with_organisation(user_id: Any) -> User | None:
    user = User.objects.select_related("organisation").filter(pk=user_id).first()
    return user if user is not None and user.is_active else None


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        return _user_with_organisation(user_id)


class AuthenticationBackend(AllauthBackend):
    def get_user(self, user_id: Any) -> User | None:
        return _user_with_organisation(user_id)
