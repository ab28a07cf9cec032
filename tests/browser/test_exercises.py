"""A manager fills the calculator on their own figures, adds the result to the action
plan with one click, and finds it in the summary."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from courses.demo import create_demo_data
from courses.services import load_content
from tests.browser.test_learner_journey import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LESSON = "/learn/customer-focused-leadership/customer-economics/putting-numbers-on-your-business/"
FIGURES = {
    "Number of customers": "1,000",
    "Average yearly revenue per customer": "50,000",
    "Gross margin": "50",
    "Cost of winning a new customer": "15,000",
    "Referrals per ambassador per year": "0.5",
    "Discount rate": "0",
    "Move from satisfied to very satisfied": "5",
    "Move from very satisfied to ambassadors": "2",
}
SHARES = {"Ambassadors": "10", "Very satisfied": "30", "Satisfied": "40", "Dissatisfied": "20"}
RETENTION = {"Ambassadors": "90", "Very satisfied": "85", "Satisfied": "75", "Dissatisfied": "50"}


@pytest.fixture
def demo(live_server) -> str:
    load_content()
    create_demo_data(now=timezone.now())
    return live_server.url


def test_fill_the_calculator_add_the_result_to_the_plan_and_see_it_in_the_summary(
    page: Page, demo: str
) -> None:
    sign_in(page, demo)
    page.goto(demo + LESSON)
    # the lesson loads the learner's own calculator into its exercise block
    form = page.locator("form.calculator")
    expect(form).to_be_visible()
    for label, value in FIGURES.items():
        form.get_by_label(label, exact=True).fill(value)
    shares = form.locator("fieldset", has_text="Share of customers in each segment")
    for label, value in SHARES.items():
        shares.get_by_label(label, exact=True).fill(value)
    retention = form.locator("fieldset", has_text="Yearly retention rate")
    for label, value in RETENTION.items():
        retention.get_by_label(label, exact=True).fill(value)

    # the server's figures appear as the learner types: 10 + 45 + 100 + 100 = 255 lost
    results = page.locator("section.exercise-results")
    expect(results.get_by_text("255 customers a year")).to_be_visible()
    # 50 customers x (25,000/0.15 - 25,000/0.25) = 50 x 66,666.67 = DKK 3,333,333
    expect(results.get_by_text("DKK\u00a03,333,333", exact=True)).to_be_visible()

    # one click adds the move to the action plan
    suggestion = results.locator("li.suggestion", has_text="Move 50 satisfied customers")
    suggestion.get_by_role("button", name="Add to my action plan").click()
    expect(suggestion.get_by_text("Added to your action plan")).to_be_visible()

    # and the summary shows both the result and the commitment
    page.goto(demo + "/learn/customer-focused-leadership/summary/")
    expect(page.get_by_role("heading", name="Customer economics calculator")).to_be_visible()
    expect(page.get_by_text("255 customers a year")).to_be_visible()
    expect(
        page.get_by_text(
            "Move 50 satisfied customers up to very satisfied, worth DKK\u00a03,333,333 in "
            "lifetime value."
        )
    ).to_be_visible()
