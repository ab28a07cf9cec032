"""The one way to load a quiz for its authors: trainers only, anybody else 404."""

from django.http import Http404

from assessments.models import Quiz
from modules.authoring.permissions import is_trainer
from users.models import User


def get_quiz_for_trainer_or_404(user: User, *, quiz_id: int) -> Quiz:
    """The quiz with its module and lesson (one query)."""
    if not is_trainer(user):
        raise Http404
    quiz = Quiz.objects.select_related("module", "lesson").filter(pk=quiz_id).first()
    if quiz is None:
        raise Http404
    return quiz
