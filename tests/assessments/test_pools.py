"""Drawing questions from a pool: never twice, never more than there are, unseen first."""

import random

from hypothesis import given
from hypothesis import strategies as st

from assessments.pools import draw_questions

ids = st.lists(st.integers(min_value=1, max_value=10_000), min_size=1, max_size=40, unique=True)


@given(
    question_ids=ids,
    pool_size=st.one_of(st.none(), st.integers(min_value=1, max_value=60)),
    shuffle=st.booleans(),
    seed=st.integers(),
    seen=st.dictionaries(st.integers(1, 10_000), st.integers(1, 5)),
)
def test_draws_distinct_questions_of_the_quiz_and_as_many_as_asked(
    question_ids: list[int], pool_size: int | None, shuffle: bool, seed: int, seen: dict[int, int]
) -> None:
    drawn = draw_questions(
        question_ids, times_seen=seen, pool_size=pool_size, shuffle=shuffle, rng=random.Random(seed)
    )
    assert len(drawn) == len(set(drawn))
    assert set(drawn) <= set(question_ids)
    assert len(drawn) == min(pool_size or len(question_ids), len(question_ids))


@given(
    question_ids=ids,
    data=st.data(),
    seed=st.integers(),
)
def test_prefers_questions_the_learner_has_not_seen(
    question_ids: list[int], data: st.DataObject, seed: int
) -> None:
    seen_ids = data.draw(st.lists(st.sampled_from(question_ids), unique=True))
    pool_size = data.draw(st.integers(min_value=1, max_value=len(question_ids)))
    unseen = [pk for pk in question_ids if pk not in seen_ids]
    drawn = draw_questions(
        question_ids,
        times_seen=dict.fromkeys(seen_ids, 1),
        pool_size=pool_size,
        shuffle=True,
        rng=random.Random(seed),
    )
    # every unseen question is asked before any seen one is repeated
    assert len(set(drawn) & set(unseen)) == min(pool_size, len(unseen))


def test_the_least_often_seen_come_next_once_all_are_seen() -> None:
    drawn = draw_questions(
        [1, 2, 3, 4],
        times_seen={1: 3, 2: 1, 3: 2, 4: 1},
        pool_size=2,
        shuffle=False,
        rng=random.Random(1),
    )
    assert drawn == [2, 4]


def test_unshuffled_keeps_the_authored_order() -> None:
    drawn = draw_questions(
        [5, 3, 9, 1], times_seen={}, pool_size=None, shuffle=False, rng=random.Random(0)
    )
    assert drawn == [5, 3, 9, 1]


def test_shuffled_order_varies_between_attempts() -> None:
    orders = {
        tuple(
            draw_questions(
                list(range(10)), times_seen={}, pool_size=None, shuffle=True, rng=random.Random(s)
            )
        )
        for s in range(5)
    }
    assert len(orders) > 1
