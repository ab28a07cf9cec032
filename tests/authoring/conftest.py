import pytest
from django.test import Client

from tests.users.factories import UserFactory
from users.models import Organisation, User


@pytest.fixture
def trainer(organisation: Organisation) -> User:
    return UserFactory(organisation=organisation, is_trainer=True)


@pytest.fixture
def trainer_client(client: Client, trainer: User) -> Client:
    client.force_login(trainer)
    return client
