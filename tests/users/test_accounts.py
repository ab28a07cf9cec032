"""Signing in and out, password reset, closed sign-up, rate limits, and the language choice."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.users.factories import PASSWORD, UserFactory
from users.models import User
from users.services import remember_browser_language, set_user_language

pytestmark = pytest.mark.django_db


def sign_in(client: Client, email: str, password: str = PASSWORD) -> object:
    return client.post(reverse("account_login"), {"login": email, "password": password})


class TestSignIn:
    def test_a_verified_member_signs_in_with_email_and_lands_on_the_dashboard(
        self, client: Client
    ) -> None:
        user = UserFactory(email="mette@example.com")
        response = sign_in(client, "Mette@Example.com")
        assert response.status_code == 302
        assert response["Location"] == reverse("courses:dashboard")
        assert client.session["_auth_user_id"] == str(user.pk)

    def test_the_sign_in_page_explains_invitations_and_offers_no_sign_up(
        self, client: Client
    ) -> None:
        html = client.get(reverse("account_login")).content.decode()
        assert "invitation" in html
        assert reverse("account_signup") not in html
        assert '<label for="id_login">' in html

    def test_a_danish_user_is_greeted_in_danish_right_after_signing_in(
        self, client: Client
    ) -> None:
        UserFactory(email="dansk@example.com", first_name="Mette", last_name="Lund", language="da")
        response = client.post(
            reverse("account_login"),
            {"login": "dansk@example.com", "password": PASSWORD},
            HTTP_ACCEPT_LANGUAGE="en",
            follow=True,
        )
        html = response.content.decode()
        assert "Min læring" in html
        assert "Successfully signed in" not in html

    def test_a_wrong_password_is_refused_with_a_message(self, client: Client) -> None:
        UserFactory(email="mette@example.com")
        response = sign_in(client, "mette@example.com", "not-the-password")
        assert response.status_code == 200
        assert "not correct" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_an_unverified_address_must_be_verified_first(self, client: Client) -> None:
        UserFactory(email="new@example.com", verified_email=False)
        response = sign_in(client, "new@example.com")
        assert response.status_code == 302
        assert response["Location"] == reverse("account_email_verification_sent")
        assert "_auth_user_id" not in client.session
        assert len(mail.outbox) == 1

    def test_repeated_failures_are_rate_limited(self, client: Client) -> None:
        UserFactory(email="target@example.com")
        for attempt in range(5):
            sign_in(client, "target@example.com", f"guess-{attempt}")
        # the right password is refused too while the limit holds
        response = sign_in(client, "target@example.com")
        assert "Too many failed login attempts" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_sign_out_needs_a_post_and_ends_the_session(self, client: Client) -> None:
        client.force_login(UserFactory())
        client.post(reverse("account_logout"))
        assert "_auth_user_id" not in client.session

    def test_open_sign_up_is_off(self, client: Client) -> None:
        response = client.post(
            reverse("account_signup"),
            {
                "email": "stranger@example.com",
                "password1": "x-Long-pass-91",
                "password2": "x-Long-pass-91",
            },
        )
        assert "Sign Up Closed" in response.content.decode()
        assert not User.objects.filter(email="stranger@example.com").exists()

    def test_password_reset_sends_a_link_and_reveals_nothing_about_unknown_addresses(
        self, client: Client
    ) -> None:
        UserFactory(email="known@example.com")
        client.post(reverse("account_reset_password"), {"email": "known@example.com"})
        client.post(reverse("account_reset_password"), {"email": "unknown@example.com"})
        assert [message.to for message in mail.outbox] == [
            ["known@example.com"],
            ["unknown@example.com"],
        ]
        assert "/accounts/password/reset/key/" in mail.outbox[0].body
        assert "/accounts/password/reset/key/" not in mail.outbox[1].body

    def test_the_admin_login_goes_through_allauth(self, client: Client) -> None:
        response = client.get(reverse("admin:login"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


class TestLanguage:
    def test_the_choice_is_stored_on_the_profile_and_used_on_every_page(
        self, client: Client
    ) -> None:
        user = UserFactory()
        client.force_login(user)
        response = client.post(reverse("users:set_language"), {"language": "da", "next": "/learn/"})
        assert response.status_code == 302
        assert response["Location"] == "/learn/"
        user.refresh_from_db()
        assert user.language == "da"
        # a new session with an English browser still gets Danish
        other = Client(HTTP_ACCEPT_LANGUAGE="en")
        other.force_login(user)
        assert "Min læring" in other.get(reverse("courses:dashboard")).content.decode()

    def test_without_a_choice_the_browser_language_is_used(self, client: Client) -> None:
        client.force_login(UserFactory(language=""))
        html = client.get(
            reverse("courses:dashboard"), HTTP_ACCEPT_LANGUAGE="da,en;q=0.5"
        ).content.decode()
        assert '<html lang="da">' in html

    def test_the_first_sign_in_adopts_the_browser_language(self) -> None:
        user = UserFactory(email="first@example.com", language="")
        client = Client(HTTP_ACCEPT_LANGUAGE="da")
        sign_in(client, "first@example.com")
        user.refresh_from_db()
        assert user.language == "da"

    def test_a_chosen_language_is_not_replaced_by_the_browser_at_sign_in(self) -> None:
        user = UserFactory(language="en")
        remember_browser_language(user=user, language="da")
        user.refresh_from_db()
        assert user.language == "en"

    @pytest.mark.parametrize("language", ["fr", "", "<script>", "da" * 50])
    def test_an_unknown_language_is_refused(self, client: Client, language: str) -> None:
        user = UserFactory(language="en")
        client.force_login(user)
        response = client.post(reverse("users:set_language"), {"language": language})
        assert response.status_code == 400
        user.refresh_from_db()
        assert user.language == "en"

    def test_an_outside_next_address_is_ignored(self, client: Client) -> None:
        response = client.post(
            reverse("users:set_language"), {"language": "da", "next": "https://evil.example.com/"}
        )
        assert response["Location"] == reverse("home")
        assert response.cookies["django_language"].value == "da"

    def test_the_service_refuses_unsupported_languages(self) -> None:
        with pytest.raises(ValueError, match="Unsupported"):
            set_user_language(user=UserFactory(), language="sv")


def test_email_addresses_are_unique_without_regard_to_case() -> None:
    from django.db import IntegrityError, transaction

    UserFactory(email="anna@example.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="ANNA@example.com")
    assert EmailAddress.objects.filter(email__iexact="anna@example.com").count() == 1
