"""Cached HR report fragments, and the tokens that retire them.

The cohort page of a large cohort costs far more to build than to serve: fifty rows of
per-module progress, the filter choices and the page count. Its HTML is cached under a
key that holds the cohort's *progress token*, so a page is rebuilt only after something
it shows has changed.

A token is a random string kept in the cache beside the fragments. Every service that
changes what a cohort's table shows (a lesson completed, a quiz started or submitted, an
enrolment added, withdrawn, moved or extended, an invitation accepted, the cohort edited)
calls ``touch_cohorts`` or ``touch_learner_cohorts``, which forget the token at once and
again when the transaction commits; the next page view draws a new token, so fragments
under the old one are never read again. The second forgetting matters: a page another
request built between the change and the commit would otherwise be cached under the new
token with the old data.
If the cache loses a token (eviction, restart), a new one is drawn, which is again safe.

What no service touches (a name changed in the Django admin) is caught by the fragments'
lifetime, ``FRAGMENT_SECONDS``. The date is part of every key, so "overdue" turns over at
midnight.
"""

import hashlib
import secrets
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction

from courses.models import Enrolment

FRAGMENT_SECONDS = 10 * 60
TOKEN_SECONDS = 24 * 60 * 60


def _token_key(cohort_id: int) -> str:
    return f"cohort-progress-token:{cohort_id}"


def cohort_token(cohort_id: int) -> str:
    """The cohort's current progress token, drawn anew if there is none."""
    key = _token_key(cohort_id)
    token = cache.get(key)
    if token is None:
        # add() keeps a token another process drew a moment earlier.
        cache.add(key, secrets.token_hex(8), TOKEN_SECONDS)
        token = cache.get(key) or secrets.token_hex(8)
    return str(token)


def fragment_key(*parts: object) -> str:
    """A bounded cache key for a fragment built from these parts."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"cohort-fragment:{digest}"


def touch_cohorts(cohort_ids: Iterable[int]) -> None:
    """Retire the cached reports of these cohorts once the current transaction commits
    (at once outside a transaction)."""
    keys = [_token_key(cohort_id) for cohort_id in set(cohort_ids)]
    if keys:
        # Now, so this transaction's own later reads see the change, and again after the
        # commit, so a page another request built in between is not kept.
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))


def touch_learner_cohorts(learner_id: int) -> None:
    """Retire the cached reports of every cohort the learner is in: their progress
    belongs to them, not to one enrolment, so it shows in each."""
    touch_cohorts(
        Enrolment.objects.filter(learner_id=learner_id).values_list("cohort_id", flat=True)
    )
