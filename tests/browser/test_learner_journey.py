"""A manager's main journey in a real browser, on the shipped content and demo accounts."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from courses.demo import DEMO_PASSWORD, create_demo_data
from courses.services import load_content
from tests.browser.shipped import DEMO_MANAGER, demo_course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(live_server) -> str:
    load_content()
    create_demo_data(now=timezone.now())
    return live_server.url


def sign_in(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email").fill(DEMO_MANAGER)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_sign_in_complete_a_lesson_see_progress_and_switch_to_danish(page: Page, demo: str) -> None:
    content = demo_course()
    first, second = content.lessons[:2]

    # given the demo manager signs in
    sign_in(page, demo)
    expect(page.get_by_role("heading", level=1)).to_have_text("My learning")
    expect(page.get_by_text(f"0 of {content.steps} steps done")).to_be_visible()

    # when they start the course and mark the first lesson complete
    page.get_by_role("link", name=re.compile("Start the course")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(first.title_en)
    page.get_by_role("button", name="Mark as complete").click()

    # then they land on the next lesson, and the progress has gone up
    expect(page.get_by_role("heading", level=1)).to_have_text(second.title_en)
    page.get_by_role("link", name="My learning").first.click()
    expect(page.get_by_text(f"1 of {content.steps} steps done")).to_be_visible()
    expect(page.locator("progress").first).to_have_attribute("value", "1")
    expect(page.locator("progress").first).to_have_attribute("max", str(content.steps))

    # when they switch to Danish, the interface and the content follow
    page.get_by_role("button", name="Dansk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Min læring")
    expect(
        page.get_by_role("main").get_by_role("link", name=content.course.title_da)
    ).to_be_visible()
    page.get_by_role("link", name=re.compile("Fortsæt")).click()
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.get_by_role("button", name="Markér som gennemført")).to_be_visible()


def test_the_pages_work_from_the_keyboard_and_on_a_phone(browser: Browser, demo: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="en-GB")
    page = context.new_page()
    content = demo_course()
    first, second = content.lessons[:2]
    sign_in(page, demo)
    page.goto(f"{demo}{content.lesson_url(first)}")

    # the first Tab reaches the skip link, which moves focus to the main content
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to content")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))

    # nothing is wider than the phone's screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # the completion button is reachable and works from the keyboard alone
    page.get_by_role("button", name="Mark as complete").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(second.title_en)
    context.close()
