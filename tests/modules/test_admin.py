"""Content edited in the Django admin reaches learners at once."""

import pytest
from django.test import Client
from django.urls import reverse

from modules.models import ContentVersion
from tests.modules.factories import LessonFactory
from tests.users.factories import UserFactory


@pytest.mark.django_db
def test_an_admin_edit_of_a_lesson_bumps_the_content_version(client: Client) -> None:
    lesson = LessonFactory(title_en="Before")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    form = {
        "module": lesson.module_id, "slug": lesson.slug, "position": 1, "title_en": "After",
        "title_da": "", "summary_en": "", "summary_da": "", "minutes": 5, "is_published": "on",
        "blocks-TOTAL_FORMS": 0, "blocks-INITIAL_FORMS": 0,
    }  # fmt: skip
    response = client.post(reverse("admin:modules_lesson_change", args=[lesson.pk]), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ContentVersion.objects.get().version > 1
