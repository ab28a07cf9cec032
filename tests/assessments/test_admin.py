"""The superuser's admin pages for quizzes open, and attempts cannot be made up there."""

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Quiz
from tests.users.factories import UserFactory


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "admin:assessments_quiz_changelist",
        "admin:assessments_question_changelist",
        "admin:assessments_attempt_changelist",
        "admin:courses_certificate_changelist",
    ],
)
def test_the_admin_lists_open(client: Client, quiz: Quiz, name: str) -> None:
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(reverse(name)).status_code == 200
    assert client.get(reverse("admin:assessments_quiz_change", args=[quiz.pk])).status_code == 200
    assert client.get(reverse("admin:assessments_attempt_add")).status_code == 403
