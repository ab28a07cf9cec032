"""An HR admin enrols people from a spreadsheet in a real browser and sees them in the
cohort's table, with the charts drawn."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from courses.demo import DEMO_PASSWORD, create_demo_data
from courses.services import load_content
from tests.browser.shipped import demo_course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = (
    "E-mail;Fornavn;Efternavn;Afdeling;Leders e-mail;Sprog\r\n"
    "ida.krogh@example.com;Ida;Krogh;Butik Aarhus;manager@example.com;da\r\n"
    "ole.berg@example.com;Ole;Berg;Butik Odense;manager@example.com;\r\n"
).encode("utf-8-sig")


@pytest.fixture
def demo(live_server) -> str:
    load_content()
    create_demo_data(now=timezone.now())
    return live_server.url


def test_upload_a_spreadsheet_confirm_and_see_the_new_learners(page: Page, demo: str) -> None:
    first_module = demo_course().modules[0].title_en
    page.goto(f"{demo}/accounts/login/")
    page.get_by_label("Email").fill("hr@example.com")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("link", name="Cohorts").first.click()
    page.get_by_role("link", name="Store managers, autumn 2026").click()
    expect(page.locator("[data-cohort-charts]")).to_have_attribute("aria-busy", "false")
    expect(page.locator("[data-error]")).to_be_hidden()
    expect(page.locator("#chart-funnel")).to_have_attribute(
        "aria-label",
        re.compile(rf"^Learners who completed each module\. {re.escape(first_module)}: 0"),
    )
    page.get_by_role("link", name="Enrol from a spreadsheet").click()
    page.get_by_label("CSV file").set_input_files(
        {"name": "managers.csv", "mimeType": "text/csv", "buffer": CSV}
    )
    page.get_by_role("button", name="Check the file").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check the enrolments")
    expect(page.get_by_text("ida.krogh@example.com")).to_be_visible()
    page.get_by_role("button", name="Confirm and enrol").click()

    expect(page.get_by_text(re.compile("Done: 2 invited and enrolled"))).to_be_visible()
    table = page.get_by_role("table", name="Learners in the cohort")
    expect(table.get_by_role("link", name="Ida Krogh")).to_be_visible()
    expect(table.get_by_role("link", name="Ole Berg")).to_be_visible()
    expect(table.get_by_text("Butik Aarhus")).to_be_visible()
