import datetime

import pytest

from assessments.models import Quiz
from tests.assessments.factories import QuizFactory, full_quiz
from tests.modules.factories import ModuleFactory

NOW = datetime.datetime(2026, 11, 26, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def quiz(db: None) -> Quiz:
    """A quiz with one question of every type; see factories.full_quiz."""
    return full_quiz(QuizFactory(module=ModuleFactory(), max_attempts=2))
