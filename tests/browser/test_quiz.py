"""Taking the first module's quiz in a real browser, as the last step of the course: answers
saved as given, a pass, the certificate downloaded and verified."""

import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from assessments.attempts import format_number
from assessments.models import Attempt
from courses.demo import create_demo_data
from courses.services import load_content
from modules.models import LessonCompletion
from tests.browser.shipped import DEMO_MANAGER, demo_course
from tests.browser.test_learner_journey import sign_in
from users.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(live_server) -> str:
    """The demo manager has done every step of the course but the first module's quiz:
    every lesson read, and every other module's quiz passed."""
    load_content()
    now = timezone.now()
    create_demo_data(now=now)
    manager = User.objects.get(email=DEMO_MANAGER)
    content = demo_course()
    for lesson in content.lessons:
        LessonCompletion.objects.create(learner=manager, lesson=lesson, completed_at=now)
    for quiz in content.quizzes[1:]:
        Attempt.objects.create(
            quiz=quiz,
            learner=manager,
            number=1,
            quiz_version=quiz.version,
            started_at=now,
            submitted_at=now,
            score=100,
            passed=True,
        )
    return live_server.url


def answer_every_question_rightly(page: Page, attempt: Attempt) -> None:
    """Answer through the page, looking up the right answers on the server's side."""
    for index, item in enumerate(attempt.items.order_by("position")):
        question = page.locator("fieldset").nth(index)
        shown = item.shown
        if shown["kind"] == "numeric":
            question.get_by_label("Your answer").fill(format_number(Decimal(shown["answer"]), "en"))
        elif shown["kind"] == "reflection":
            question.get_by_role("textbox").fill("Our biggest leak is the first invoice.")
        else:
            for choice in shown["choices"]:
                if choice["correct"]:
                    question.get_by_label(choice["text"]["en"], exact=True).check()


def test_take_and_pass_the_quiz_then_download_and_verify_the_certificate(
    page: Page, demo: str
) -> None:
    sign_in(page, demo)
    content = demo_course()
    quiz = content.quizzes[0]
    assert quiz.module_id == content.modules[0].pk, "the first module has no quiz"

    # the dashboard's continue leads to the quiz, the last step left
    page.get_by_role("link", name=re.compile("Continue")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(quiz.title_en)
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.get_by_text("Attempt 1:")).to_be_visible()
    attempt = Attempt.objects.get(quiz=quiz)

    # answers are saved as they are given (htmx), so a reload loses nothing
    answer_every_question_rightly(page, attempt)
    expect(page.locator("#save-status")).to_contain_text("All answers saved")
    # typed answers are saved once typing pauses; let the last save finish
    page.wait_for_timeout(800)
    page.wait_for_load_state("networkidle")
    page.reload()
    answered = page.locator("input:checked").count()
    assert answered >= sum(
        1 for item in attempt.items.all() if item.shown["kind"] in ("single", "true_false")
    )

    # submitting shows the pass, the explanations, and the certificate
    answer_every_question_rightly(page, attempt)
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Passed")
    expect(page.get_by_text("You scored 100 %")).to_be_visible()
    expect(page.get_by_text("Why").first).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download your certificate").click()
    download = download_info.value
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    code = re.search(r"certificate-([A-Z0-9-]+)\.pdf", download.suggested_filename)
    assert code is not None

    # anyone with the code can verify it
    page.goto(f"{demo}/certificates/verify/")
    page.get_by_label("Verification code").fill(code.group(1).lower())
    page.get_by_role("button", name="Check the code").click()
    expect(page.get_by_text("This certificate is genuine")).to_be_visible()
    expect(page.get_by_text("Mette Lund")).to_be_visible()
