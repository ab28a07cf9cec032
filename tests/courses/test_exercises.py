"""Exercises on the lesson page, the calculator's saved answers, the action plan with
one-click adding and sharing, the summary, and privacy for every role."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from courses.models import Course
from modules.models import ActionPlan, Block, Commitment, ExerciseAnswer, ExerciseSettings, Lesson
from modules.selectors import plan_adoption
from tests.courses.factories import CohortFactory, EnrolmentFactory
from tests.modules.factories import BlockFactory
from tests.users.factories import UserFactory
from users.models import User

pytestmark = pytest.mark.django_db

CALCULATOR_FORM = {
    "customers": "1,000",
    "revenue": "50,000",
    "gross_margin": "50",
    "acquisition_cost": "15,000",
    "share_ambassadors": "10",
    "share_very_satisfied": "30",
    "share_satisfied": "40",
    "share_dissatisfied": "20",
    "retention_ambassadors": "90",
    "retention_very_satisfied": "90",
    "retention_satisfied": "90",
    "retention_dissatisfied": "90",
    "referrals": "0.5",
    "discount_rate": "0",
    "move_to_very_satisfied": "5",
    "move_to_ambassadors": "2",
}


def exercise_block(kind: str = "calculator", lesson_slug: str = "economics-two") -> Block:
    return BlockFactory(
        lesson=Lesson.objects.get(slug=lesson_slug),
        kind=Block.Kind.EXERCISE,
        exercise=kind,
        body_en="Work on your own numbers.",
    )


def url(name: str, **kwargs: object) -> str:
    return reverse(f"courses:{name}", kwargs={"course_slug": "leadership", **kwargs})


@pytest.fixture
def calculator(course: Course) -> Block:
    return exercise_block()


class TestTheLessonPage:
    def test_shows_the_exercise_and_stays_at_three_queries(
        self, manager_client: Client, calculator: Block, django_assert_max_num_queries
    ) -> None:
        lesson_url = reverse(
            "courses:lesson",
            kwargs={
                "course_slug": "leadership",
                "module_slug": "economics",
                "lesson_slug": "economics-two",
            },
        )
        html = manager_client.get(lesson_url).content.decode()
        exercise_url = url("exercise", block_id=calculator.pk)
        assert "Exercise: Customer economics calculator" in html
        assert f'hx-get="{exercise_url}"' in html
        assert f'href="{exercise_url}"' in html
        with django_assert_max_num_queries(3):
            manager_client.get(lesson_url)


class TestTheCalculator:
    def test_the_page_shows_the_form_in_the_organisations_currency(
        self, manager_client: Client, calculator: Block, enrolled_manager: User
    ) -> None:
        ExerciseSettings.objects.create(organisation=enrolled_manager.organisation, currency="EUR")
        response = manager_client.get(url("exercise", block_id=calculator.pk))
        html = response.content.decode()
        assert response.status_code == 200
        assert f'<label for="id-{calculator.pk}-customers">Number of customers</label>' in html
        assert "Amounts in EUR" in html

    def test_saving_computes_on_the_server_and_comes_back(
        self, manager_client: Client, calculator: Block, enrolled_manager: User
    ) -> None:
        response = manager_client.post(
            url("save_exercise", block_id=calculator.pk), CALCULATOR_FORM
        )
        assert response.status_code == 302
        answer = ExerciseAnswer.objects.get(learner=enrolled_manager, block=calculator)
        figures = {item["key"]: item["value"] for item in answer.result["figures"]}
        assert figures["cost_of_churn"] == "4075000.00"
        assert answer.data["customers"] == "1,000"  # kept as typed
        html = manager_client.get(url("exercise", block_id=calculator.pk)).content.decode()
        assert 'value="1,000"' in html
        assert "DKK\u00a04,075,000 a year" in html
        assert "Customers lost a year times the cost of winning a new customer." in html

    def test_danish_numbers_and_amounts(
        self, manager_client: Client, calculator: Block, enrolled_manager: User
    ) -> None:
        enrolled_manager.language = "da"
        enrolled_manager.save(update_fields=["language"])
        form = {
            **CALCULATOR_FORM,
            "customers": "1.000",
            "revenue": "50.000",
            "acquisition_cost": "15.000",
            "referrals": "0,5",
        }
        manager_client.post(url("save_exercise", block_id=calculator.pk), form)
        html = manager_client.get(url("exercise", block_id=calculator.pk)).content.decode()
        assert "4.075.000\u00a0kr." in html

    def test_the_live_autosave_returns_results_and_field_errors(
        self, manager_client: Client, calculator: Block
    ) -> None:
        response = manager_client.post(
            url("save_exercise", block_id=calculator.pk),
            {**CALCULATOR_FORM, "share_dissatisfied": "25", "customers": "-3"},
            HTTP_HX_REQUEST="true",
            HTTP_HX_TARGET=f"results-{calculator.pk}",
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert f'id="results-{calculator.pk}"' in html
        assert "Fill in every figure above" in html
        assert "now they add up to 105%" in html
        assert 'hx-swap-oob="true">Enter a number from 1 to' in html

    def test_bad_input_is_shown_with_the_rule_and_saved_as_typed(
        self, manager_client: Client, calculator: Block, enrolled_manager: User
    ) -> None:
        response = manager_client.post(
            url("save_exercise", block_id=calculator.pk),
            {**CALCULATOR_FORM, "revenue": "lots", "retention_ambassadors": "100"},
        )
        assert response.status_code == 422
        html = response.content.decode()
        assert "Enter a number using digits only" in html
        assert 'aria-invalid="true"' in html
        answer = ExerciseAnswer.objects.get(learner=enrolled_manager)
        assert answer.data["revenue"] == "lots"
        assert answer.result == {}

    def test_a_retention_of_100_percent_states_the_assumption(
        self, manager_client: Client, calculator: Block
    ) -> None:
        manager_client.post(
            url("save_exercise", block_id=calculator.pk),
            {**CALCULATOR_FORM, "retention_ambassadors": "100"},
        )
        html = manager_client.get(url("exercise", block_id=calculator.pk)).content.decode()
        assert "counts at most 50 years of margin" in html
        assert "inf" not in html.lower().replace("info", "").replace("inferred", "")

    def test_query_count_is_constant(
        self, manager_client: Client, calculator: Block, django_assert_max_num_queries
    ) -> None:
        manager_client.post(url("save_exercise", block_id=calculator.pk), CALCULATOR_FORM)
        manager_client.get(url("exercise", block_id=calculator.pk))
        with django_assert_max_num_queries(15):
            manager_client.get(url("exercise", block_id=calculator.pk))
        with django_assert_max_num_queries(15):
            manager_client.post(url("save_exercise", block_id=calculator.pk), CALCULATOR_FORM)

    def test_a_block_of_a_course_the_learner_does_not_take_is_404(
        self, manager_client: Client, calculator: Block
    ) -> None:
        other = BlockFactory(kind=Block.Kind.EXERCISE, exercise="calculator")
        assert manager_client.get(url("exercise", block_id=other.pk)).status_code == 404
        text = BlockFactory(lesson=calculator.lesson)
        assert manager_client.get(url("exercise", block_id=text.pk)).status_code == 404


def save_calculator(client: Client, block: Block) -> ExerciseAnswer:
    client.post(url("save_exercise", block_id=block.pk), CALCULATOR_FORM)
    return ExerciseAnswer.objects.get(block=block)


class TestTheActionPlan:
    def test_one_click_adds_a_result_and_a_second_click_adds_nothing(
        self, manager_client: Client, calculator: Block, enrolled_manager: User
    ) -> None:
        answer = save_calculator(manager_client, calculator)
        html = manager_client.get(url("exercise", block_id=calculator.pk)).content.decode()
        add = url("add_to_plan", answer_id=answer.pk, key="value_to_very_satisfied")
        assert f'action="{add}"' in html
        # when the learner clicks twice
        response = manager_client.post(add)
        manager_client.post(add)
        # then the plan holds one commitment, with the figure in it
        assert response.status_code == 302
        commitment = Commitment.objects.get()
        assert commitment.plan.learner == enrolled_manager
        assert commitment.action == (
            "Move 50 satisfied customers up to very satisfied, worth DKK\u00a00 in lifetime value."
        )
        assert commitment.owner == enrolled_manager.display_name
        html = manager_client.get(url("plan")).content.decode()
        assert "Move 50 satisfied customers" in html
        html = manager_client.get(url("exercise", block_id=calculator.pk)).content.decode()
        assert "In your action plan" in html

    def test_add_edit_and_remove_a_commitment(
        self, manager_client: Client, enrolled_manager: User
    ) -> None:
        response = manager_client.post(
            url("plan_add"),
            {
                "new-action": "Call three lost customers a week",
                "new-owner": "Me",
                "new-due_on": "2027-03-01",
                "new-measure": "Twelve calls by March",
            },
        )
        assert response.status_code == 302
        commitment = Commitment.objects.get()
        manager_client.post(
            url("commitment", commitment_id=commitment.pk),
            {"action": "Call five", "owner": "Me", "due_on": "2027-03-01", "measure": "20"},
        )
        commitment.refresh_from_db()
        assert commitment.action == "Call five"
        manager_client.post(url("commitment_delete", commitment_id=commitment.pk))
        assert not Commitment.objects.exists()

    def test_a_commitment_needs_every_field(self, manager_client: Client) -> None:
        response = manager_client.post(url("plan_add"), {"new-action": "Something"})
        assert response.status_code == 422
        assert "This field is required." in response.content.decode()

    def test_more_than_50_commitments_are_refused_with_a_message(
        self, manager_client: Client, enrolled_manager: User
    ) -> None:
        plan = ActionPlan.objects.create(learner=enrolled_manager, created_at=NOW, updated_at=NOW)
        Commitment.objects.bulk_create(
            Commitment(
                plan=plan,
                action=f"Step {n}",
                owner="Me",
                due_on=DUE,
                measure="x",
                created_at=NOW,
                updated_at=NOW,
            )
            for n in range(50)
        )
        response = manager_client.post(
            url("plan_add"),
            {
                "new-action": "One more",
                "new-owner": "Me",
                "new-due_on": "2027-03-01",
                "new-measure": "x",
            },
        )
        assert response.status_code == 422
        assert "the most it can hold" in response.content.decode()
        assert plan.commitments.count() == 50

    def test_the_plan_page_query_count_is_constant(
        self, manager_client: Client, enrolled_manager: User, django_assert_max_num_queries
    ) -> None:
        plan = ActionPlan.objects.create(learner=enrolled_manager, created_at=NOW, updated_at=NOW)
        Commitment.objects.bulk_create(
            Commitment(
                plan=plan,
                action=f"Step {n}",
                owner="Me",
                due_on=DUE,
                measure="x",
                created_at=NOW,
                updated_at=NOW,
            )
            for n in range(30)
        )
        manager_client.get(url("plan"))
        with django_assert_max_num_queries(8):
            response = manager_client.get(url("plan"))
        assert response.content.decode().count("<td>Step ") == 30


NOW = datetime.datetime(2026, 11, 5, tzinfo=datetime.UTC)
DUE = datetime.date(2027, 2, 1)


class TestPrivacy:
    """Answers and the plan are the learner's; the plan is readable by the line manager
    and HR of the organisation only when shared; nobody else ever."""

    @pytest.fixture
    def owner(self, enrolled_manager: User) -> User:
        enrolled_manager.line_manager = UserFactory(organisation=enrolled_manager.organisation)
        enrolled_manager.save(update_fields=["line_manager"])
        return enrolled_manager

    @pytest.fixture
    def plan(self, owner: User) -> ActionPlan:
        plan = ActionPlan.objects.create(learner=owner, created_at=NOW, updated_at=NOW)
        Commitment.objects.create(
            plan=plan,
            action="Private step",
            owner="Me",
            due_on=DUE,
            measure="x",
            created_at=NOW,
            updated_at=NOW,
        )
        return plan

    def viewers(self, owner: User, course: Course) -> dict[str, User | None]:
        other_learner = UserFactory(organisation=owner.organisation)
        EnrolmentFactory(
            learner=other_learner,
            cohort=CohortFactory(organisation=owner.organisation, course=course),
        )
        return {
            "another learner": other_learner,
            "HR of the organisation": UserFactory(
                organisation=owner.organisation, is_hr_admin=True
            ),
            "HR of another": UserFactory(is_hr_admin=True),
            "line manager": owner.line_manager,
            "trainer": UserFactory(organisation=owner.organisation, is_trainer=True),
            "anonymous": None,
        }

    def test_nobody_else_reaches_the_learners_answers_or_plan_entries(
        self, client: Client, owner: User, plan: ActionPlan, calculator: Block, course: Course
    ) -> None:
        client.force_login(owner)
        answer = save_calculator(client, calculator)
        commitment = plan.commitments.get()
        private_urls = [
            ("post", url("add_to_plan", answer_id=answer.pk, key="cost_of_churn")),
            ("get", url("commitment", commitment_id=commitment.pk)),
            ("post", url("commitment", commitment_id=commitment.pk)),
            ("post", url("commitment_delete", commitment_id=commitment.pk)),
        ]
        for role, viewer in self.viewers(owner, course).items():
            client.logout()
            if viewer:
                client.force_login(viewer)
            for method, address in private_urls:
                status = getattr(client, method)(address).status_code
                assert status == (404 if viewer else 302), (role, address)
            if viewer:
                # their own exercise page shows their own (empty) answers, never the owner's
                response = client.get(url("exercise", block_id=calculator.pk))
                assert "1,000" not in response.content.decode(), role
        assert Commitment.objects.filter(pk=commitment.pk).exists()

    @pytest.mark.parametrize(
        ("shared_with_line_manager", "shared_with_hr"),
        [(False, False), (True, False), (False, True), (True, True)],
    )
    def test_the_shared_plan_follows_the_learners_choice(
        self,
        client: Client,
        owner: User,
        plan: ActionPlan,
        course: Course,
        shared_with_line_manager: bool,
        shared_with_hr: bool,
    ) -> None:
        client.force_login(owner)
        choices = {"with_line_manager": "on"} if shared_with_line_manager else {}
        if shared_with_hr:
            choices["with_hr"] = "on"
        client.post(url("plan_sharing"), choices)
        plan.refresh_from_db()
        assert (plan.shared_with_line_manager, plan.shared_with_hr) == (
            shared_with_line_manager,
            shared_with_hr,
        )
        expected = {
            "another learner": 404,
            "HR of the organisation": 200 if shared_with_hr else 404,
            "HR of another": 404,
            "line manager": 200 if shared_with_line_manager else 404,
            "trainer": 404,
            "anonymous": 302,
        }
        address = reverse("courses:shared_plan", kwargs={"plan_id": plan.pk})
        for role, viewer in self.viewers(owner, course).items():
            client.logout()
            if viewer:
                client.force_login(viewer)
            response = client.get(address)
            assert response.status_code == expected[role], role
            if response.status_code == 200:
                assert "Private step" in response.content.decode()
        client.force_login(owner)
        assert client.get(address).status_code == 200

    def test_hr_sees_adoption_in_aggregate_only(
        self, owner: User, plan: ActionPlan, course: Course
    ) -> None:
        cohort = owner.enrolments.get().cohort
        EnrolmentFactory.create_batch(3, cohort=cohort)
        with_plan, total = plan_adoption(cohort.enrolments.values("learner_id"))
        assert (with_plan, total) == (1, 4)


class TestTheSummary:
    def test_the_page_and_the_pdf_show_results_and_plan(
        self, manager_client: Client, calculator: Block
    ) -> None:
        answer = save_calculator(manager_client, calculator)
        manager_client.post(url("add_to_plan", answer_id=answer.pk, key="cost_of_churn"))
        response = manager_client.get(url("summary"))
        html = response.content.decode()
        assert response.status_code == 200
        assert "Customer economics calculator" in html
        assert "DKK\u00a04,075,000 a year" in html
        assert "Reduce churn, which costs us DKK\u00a04,075,000 a year." in html
        pdf = manager_client.get(url("summary_pdf"))
        assert pdf["Content-Type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF")
        assert pdf["Cache-Control"] == "private, no-store"

    def test_the_summary_of_another_course_is_404(self, manager_client: Client) -> None:
        response = manager_client.get(
            reverse("courses:summary", kwargs={"course_slug": "not-mine"})
        )
        assert response.status_code == 404


class TestTheOtherExercises:
    def test_a_journey_of_more_than_30_touch_points_is_refused(
        self, manager_client: Client, course: Course, enrolled_manager: User
    ) -> None:
        journey = exercise_block("journey-map")
        rows = {}
        for index in range(31):
            rows |= {
                f"row-{index}-name": f"Step {index}",
                f"row-{index}-importance": "4",
                f"row-{index}-performance": "2",
            }
        response = manager_client.post(url("save_exercise", block_id=journey.pk), rows)
        assert response.status_code == 422
        assert "at most 30 touch points" in response.content.decode()
        assert ExerciseAnswer.objects.get(learner=enrolled_manager).result == {}

    def test_a_journey_map_ranks_touch_points_and_offers_its_moments_of_truth(
        self, manager_client: Client, course: Course
    ) -> None:
        journey = exercise_block("journey-map")
        manager_client.post(
            url("save_exercise", block_id=journey.pk),
            {
                "row-0-name": "Invoice",
                "row-0-importance": "5",
                "row-0-performance": "2",
                "row-0-moment": "1",
                "row-1-name": "Website",
                "row-1-importance": "2",
                "row-1-performance": "4",
            },
        )
        html = manager_client.get(url("exercise", block_id=journey.pk)).content.decode()
        # priority: 5 x (5 - 2) = 15 for the invoice; the website's gap is negative, so 0
        assert html.index("Invoice") < html.index("Website")
        assert 'Improve the moment of truth "Invoice" (importance 5, performance 2).' in (
            html.replace("&quot;", '"')
        )

    def test_the_profile_shows_the_cohort_average_only_from_five_answers(
        self, manager_client: Client, course: Course, enrolled_manager: User
    ) -> None:
        profile = exercise_block("experience-profile")
        ratings = {
            f"rating_{key}": "3"
            for key in (
                "value",
                "speed",
                "reliability",
                "accuracy",
                "ease",
                "welcome",
                "safe",
                "understood",
                "respected",
                "cared",
                "sight",
                "sound",
                "smell",
                "touch",
                "taste",
            )
        }
        manager_client.post(url("save_exercise", block_id=profile.pk), ratings)
        html = manager_client.get(url("exercise", block_id=profile.pk)).content.decode()
        assert "appears once at least 5 people" in html
        cohort = enrolled_manager.enrolments.get().cohort
        for enrolment in EnrolmentFactory.create_batch(4, cohort=cohort):
            ExerciseAnswer.objects.create(
                learner=enrolment.learner,
                block=profile,
                exercise="experience-profile",
                data={},
                result={"ratings": dict.fromkeys(ratings, 5) | {"speed": 5}},
                created_at=NOW,
                updated_at=NOW,
            )
        html = manager_client.get(url("exercise", block_id=profile.pk)).content.decode()
        assert "average of 5 people in your cohort" in html

    def test_a_listening_routine_needs_a_channel_and_its_frequency(
        self, manager_client: Client, course: Course
    ) -> None:
        routine = exercise_block("listening-routine")
        response = manager_client.post(
            url("save_exercise", block_id=routine.pk), {"row-0-owner": "Anna"}
        )
        html = response.content.decode()
        assert "Name the channel, or clear the row." in html
        assert "Choose how often someone looks at it." in html
        manager_client.post(
            url("save_exercise", block_id=routine.pk),
            {
                "row-0-channel": "Complaints",
                "row-0-frequency": "weekly",
                "row-0-owner": "Anna",
                "row-0-reply": "A call",
                "row-0-rating": "2",
            },
        )
        assert "Complaints" in manager_client.get(url("summary")).content.decode()

    def test_the_danish_calculator(
        self, manager_client: Client, calculator: Block, enrolled_manager: User
    ) -> None:
        enrolled_manager.language = "da"
        enrolled_manager.save(update_fields=["language"])
        html = manager_client.get(url("exercise", block_id=calculator.pk)).content.decode()
        assert "Antal kunder" in html
        assert "Beløb i DKK" in html
