"""Every route is classified, and anonymous access to each matches its class.

A new route fails this test until someone decides who may open it: that is the point.
"""

import re

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from tests.users.factories import UserFactory

PUBLIC = "public"  # anyone, signed in or not
SIGNED_IN = "signed in"  # anonymous visitors are sent to the sign-in page
STAFF = "staff"  # the Django admin: superusers only, through allauth's sign-in
# A later step of a sign-in flow: without the flow's earlier steps it sends the visitor
# back to the sign-in page, like a signed-in page does.
SIGN_IN_STEP = "sign-in step"

ROUTES = {
    "home": PUBLIC,
    "healthz": PUBLIC,
    "users:set_language": PUBLIC,
    # allauth: the ways in, and the links sent by email
    "account_login": PUBLIC,
    "account_signup": PUBLIC,
    "account_inactive": PUBLIC,
    "account_email_verification_sent": PUBLIC,
    "account_confirm_email": PUBLIC,
    "account_confirm_login_code": SIGN_IN_STEP,
    "account_reset_password": PUBLIC,
    "account_reset_password_done": PUBLIC,
    "account_reset_password_from_key": PUBLIC,
    "account_reset_password_from_key_done": PUBLIC,
    # allauth: managing one's own account
    "account_logout": PUBLIC,  # signing out when not signed in just goes home
    "account_email": SIGNED_IN,
    "account_change_password": SIGNED_IN,
    "account_set_password": SIGNED_IN,
    "account_reauthenticate": SIGNED_IN,
    "account_request_reauthentication_code": SIGNED_IN,
    "account_confirm_reauthentication_code": SIGNED_IN,
    # the learner's pages
    "courses:dashboard": SIGNED_IN,
    "courses:detail": SIGNED_IN,
    "courses:lesson": SIGNED_IN,
    "courses:complete_lesson": SIGNED_IN,
    "courses:mark_reviewed": SIGNED_IN,  # the learner's own review request (404 for others)
    "courses:quiz": SIGNED_IN,
    "courses:start_attempt": SIGNED_IN,
    "courses:attempt": SIGNED_IN,
    "courses:save_attempt": SIGNED_IN,
    "courses:submit_attempt": SIGNED_IN,
    "courses:certificate": SIGNED_IN,
    # exercises, the action plan and the summary: the learner's own (404 for others)
    "courses:exercise": SIGNED_IN,
    "courses:save_exercise": SIGNED_IN,
    "courses:add_to_plan": SIGNED_IN,
    "courses:plan": SIGNED_IN,
    "courses:plan_add": SIGNED_IN,
    "courses:plan_sharing": SIGNED_IN,
    "courses:check_in": SIGNED_IN,
    "courses:commitment": SIGNED_IN,
    "courses:commitment_delete": SIGNED_IN,
    "courses:summary": SIGNED_IN,
    "courses:summary_pdf": SIGNED_IN,
    # a plan shared with the viewer as line manager or HR (404 for anyone else)
    "courses:shared_plan": SIGNED_IN,
    # the HR area: HR admins of an organisation; anybody else gets a 404
    "hr:cohorts": SIGNED_IN,
    "hr:cohort_create": SIGNED_IN,
    "hr:cohort": SIGNED_IN,
    "hr:cohort_edit": SIGNED_IN,
    "hr:add_learner": SIGNED_IN,
    "hr:import_upload": SIGNED_IN,
    "hr:import_preview": SIGNED_IN,
    "hr:import_confirm": SIGNED_IN,
    "hr:import_template": SIGNED_IN,
    "hr:export": SIGNED_IN,
    "hr:cohort_charts": SIGNED_IN,
    "hr:learner": SIGNED_IN,
    "hr:learner_change": SIGNED_IN,
    "hr:reminders": SIGNED_IN,
    "hr:cohort_reminders": SIGNED_IN,
    "hr:nudge": SIGNED_IN,
    # a line manager's read-only view of their direct reports (404 without reports)
    "team": SIGNED_IN,
    # the trainers' area: trainers only; anybody else gets a 404
    "authoring:overview": SIGNED_IN,
    "authoring:lesson_edit": SIGNED_IN,
    "authoring:lesson_live_preview": SIGNED_IN,
    "authoring:lesson_preview": SIGNED_IN,
    "authoring:lesson_publish": SIGNED_IN,
    "authoring:lesson_discard": SIGNED_IN,
    "authoring:lesson_revision": SIGNED_IN,
    "authoring:lesson_restore": SIGNED_IN,
    "authoring:quiz_edit": SIGNED_IN,
    "authoring:quiz_publish": SIGNED_IN,
    "authoring:quiz_discard": SIGNED_IN,
    "authoring:quiz_preview": SIGNED_IN,
    "authoring:quiz_statistics": SIGNED_IN,
    "authoring:quiz_revision": SIGNED_IN,
    "authoring:quiz_restore": SIGNED_IN,
    "authoring:module_export": SIGNED_IN,
    "authoring:module_import": SIGNED_IN,
    "authoring:module_import_confirm": SIGNED_IN,
    # reminder emails: straight on to the next step; optional reminders switched off by
    # the signed link itself (404 for a bad token), so it works without signing in
    "reminders:continue": SIGNED_IN,
    "reminders:unsubscribe": PUBLIC,
    # anyone holding a certificate's code may check it
    "verify_certificate": PUBLIC,
}

SAMPLE_VALUES = {"int": 1, "slug": "sample", "str": "sample", "path": "1", "uuid": "0" * 32}


def all_routes() -> list[tuple[str, str | None]]:
    """(route, name with namespace) for every pattern in the project."""
    found = []

    def walk(patterns: list, namespace: str, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(part for part in (namespace, pattern.namespace or "") if part)
                walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
            else:
                name = pattern.name and ":".join(part for part in (namespace, pattern.name) if part)
                found.append((prefix + str(pattern.pattern), name))

    walk(get_resolver().url_patterns, "", "")
    return found


def classify(route: str, name: str | None) -> str | None:
    if route.startswith("admin/"):
        return STAFF
    return ROUTES.get(name or "")


def sample_url(route: str, name: str) -> str:
    """An address for the route with harmless sample values in its parameters."""
    kwargs: dict[str, object] = {}
    for converter, parameter in re.findall(r"<(?:(\w+):)?(\w+)>", route):
        kwargs[parameter] = SAMPLE_VALUES[converter or "str"]
    for parameter in re.findall(r"\(\?P<(\w+)>", route):
        kwargs[parameter] = "sample"
    return reverse(name, kwargs=kwargs)


def test_every_route_is_classified() -> None:
    unclassified = [
        f"{route} ({name})" for route, name in all_routes() if classify(route, name) is None
    ]
    assert unclassified == [], "Classify these routes in tests/test_urls.py: " + ", ".join(
        unclassified
    )


def test_the_classification_names_only_routes_that_exist() -> None:
    names = {name for _route, name in all_routes()}
    assert set(ROUTES) - names == set()


NAMED_ROUTES = [
    (route, name) for route, name in all_routes() if name and not route.startswith("admin/")
]


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "name"), NAMED_ROUTES, ids=[name for _r, name in NAMED_ROUTES])
def test_anonymous_access_matches_the_classification(client: Client, route: str, name: str) -> None:
    response = client.get(sample_url(route, name))
    login = reverse("account_login")
    if ROUTES[name] == PUBLIC:
        assert response.status_code < 500
        assert not response.get("Location", "").startswith(login)
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(login)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/admin/", "/admin/users/user/", "/admin/modules/lesson/1/change/"]
)
def test_the_admin_is_closed_to_anonymous_visitors_and_to_managers(
    client: Client, path: str
) -> None:
    assert client.get(path)["Location"].startswith("/admin/login/")
    client.force_login(UserFactory(is_hr_admin=True, is_trainer=True))
    assert client.get(path)["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_a_superuser_reaches_the_admin(client: Client) -> None:
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get("/admin/").status_code == 200
