"""A trainer's main journey in a real browser: edit a lesson with its live preview, save
the draft, preview it as a learner, publish; then a manager reads the new text."""

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from courses.models import Course
from modules.models import Lesson
from tests.modules.factories import BlockFactory
from tests.users.factories import PASSWORD, UserFactory
from users.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_trainer_edits_previews_and_publishes_and_a_manager_sees_it(
    browser: Browser, page: Page, live_server, course: Course, enrolled_manager: User
) -> None:
    lesson = Lesson.objects.get(slug="economics-one")
    BlockFactory(lesson=lesson, position=1, body_en="The old wording.", body_da="Den gamle tekst.")
    trainer = UserFactory(organisation=enrolled_manager.organisation, is_trainer=True)
    lesson_url = live_server.url + reverse(
        "courses:lesson", args=[course.slug, lesson.module.slug, lesson.slug]
    )

    # given the trainer opens the lesson from the trainer area
    sign_in(page, live_server.url, trainer.email)
    page.get_by_role("link", name="Content", exact=True).click()
    page.get_by_role("link", name=f"1. {lesson.title_en}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(lesson.title_en)

    # when they rewrite the text, the live preview follows as they type
    text = page.locator("#id_block-1-body_en")
    text.fill("The **new** wording, clearer for the group.")
    preview = page.locator("#live-preview")
    expect(preview.locator("strong")).to_have_text("new")
    expect(preview).to_contain_text("clearer for the group")

    # and they save the draft and preview it as a learner
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    page.get_by_role("link", name="Preview as a learner").click()
    expect(page.get_by_role("main")).to_contain_text("clearer for the group")
    expect(page.get_by_text("Nothing you do here is recorded.")).to_be_visible()

    # the manager still reads the published text
    manager_context = browser.new_context(locale="en-GB")
    manager = manager_context.new_page()
    sign_in(manager, live_server.url, enrolled_manager.email)
    manager.goto(lesson_url)
    expect(manager.get_by_role("main")).to_contain_text("The old wording.")

    # when the trainer publishes
    page.get_by_role("link", name="Back to the editor").click()
    page.locator("section.publish").get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Published as revision 2.")).to_be_visible()

    # then the manager sees the new text
    manager.goto(lesson_url)
    expect(manager.get_by_role("main")).to_contain_text("clearer for the group")
    expect(manager.get_by_role("main")).not_to_contain_text("The old wording.")
    manager_context.close()
