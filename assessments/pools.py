"""Which questions an attempt asks, and in what order. Pure, so it is tested on its own."""

import random
from collections.abc import Mapping, Sequence


def draw_questions(
    question_ids: Sequence[int],
    *,
    times_seen: Mapping[int, int],
    pool_size: int | None,
    shuffle: bool,
    rng: random.Random,
) -> list[int]:
    """Pick the questions for a new attempt, in the order they will be shown.

    ``question_ids`` are the quiz's questions in authored order; ``times_seen`` counts how
    many earlier attempts of this learner asked each one. With a pool smaller than the
    quiz, questions the learner has not seen come first, then the least often seen, ties
    drawn at random. Never a question twice; never more than there are. Unshuffled, the
    picked questions keep their authored order.
    """
    available = list(dict.fromkeys(question_ids))
    if pool_size is not None and pool_size < len(available):
        ranked = sorted(available, key=lambda pk: (times_seen.get(pk, 0), rng.random()))
        chosen = set(ranked[:pool_size])
        available = [pk for pk in available if pk in chosen]
    if shuffle:
        rng.shuffle(available)
    return available
