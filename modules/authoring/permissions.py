"""Who may author content, and the one way to load what they edit.

Trainers own the content platform-wide (it is not per organisation). Everybody else,
managers and HR admins alike, gets a 404 from every authoring address, exactly as for
a page that does not exist.
"""

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.http.response import HttpResponseBase

from modules.models import Lesson, Module
from users.models import User
from users.types import AuthenticatedHttpRequest

P = ParamSpec("P")


def is_trainer(user: User) -> bool:
    return bool(user.is_active and user.is_trainer)


def trainer_required(
    view: Callable[Concatenate[AuthenticatedHttpRequest, P], HttpResponseBase],
) -> Callable[Concatenate[AuthenticatedHttpRequest, P], HttpResponseBase]:
    """Signed in (else the sign-in page), and a trainer (else 404)."""

    @login_required
    @wraps(view)
    def wrapped(
        request: AuthenticatedHttpRequest, *args: P.args, **kwargs: P.kwargs
    ) -> HttpResponseBase:
        if not is_trainer(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def get_module_for_trainer_or_404(user: User, *, module_id: int) -> Module:
    if not is_trainer(user):
        raise Http404
    module = Module.objects.filter(pk=module_id).first()
    if module is None:
        raise Http404
    return module


def get_lesson_for_trainer_or_404(user: User, *, lesson_id: int) -> Lesson:
    """The lesson with its module (one query)."""
    if not is_trainer(user):
        raise Http404
    lesson = Lesson.objects.select_related("module").filter(pk=lesson_id).first()
    if lesson is None:
        raise Http404
    return lesson
