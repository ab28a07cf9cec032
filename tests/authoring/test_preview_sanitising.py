"""The editor's live preview and the learner preview run author text through the one
sanitising renderer: the known payloads come out inert there too."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from modules.authoring.models import LessonDraft
from tests.modules.factories import LessonFactory
from tests.modules.test_rendering import XSS_PAYLOADS

pytestmark = pytest.mark.django_db

EXTRA_PAYLOADS = [
    "<img src=x oNeRrOr=alert(1)>",
    '<a href=" javascript:alert(1)">x</a>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<input autofocus onfocus=alert(1)>",
]
DANGER = re.compile(
    r"<(script|iframe|style|object|embed|form|meta|link|base|svg|math)\b|<[^>]*\son\w+\s*="
    r"|(href|src|srcset)\s*=\s*[\"']?\s*(javascript|vbscript|data):",
    re.IGNORECASE,
)


@pytest.mark.parametrize("payload", XSS_PAYLOADS + EXTRA_PAYLOADS)
def test_payloads_are_inert_in_the_live_preview(trainer_client: Client, payload: str) -> None:
    lesson = LessonFactory()
    form = {
        "version": "0",
        "block-count": "2",
        "title_en": "T",
        "minutes": "5",
        "block-1-kind": "text",
        "block-1-body_en": payload,
        "block-2-kind": "callout",
        "block-2-style": "tip",
        "block-2-body_da": payload,
    }
    url = reverse("authoring:lesson_live_preview", args=[lesson.pk])
    body = trainer_client.post(url, form).content.decode()
    preview = body.split('class="lesson__body">', 1)[1]
    assert not DANGER.search(preview), preview
    assert not LessonDraft.objects.exists()
