"""How often apply's wait reads the cluster (`kafka.visibility.Pace`)."""

from __future__ import annotations

import math

import pytest

from ktb_action.kafka.visibility import Pace

PER_REQUEST = 3_333
"""Topics one create request carries (10,000 metadata records, 3 per topic)."""


def _wait(topics: int, first_s: float = 3.5, apart_s: float = 7.0) -> tuple[int, float]:
    """The tries of a wait on a broker that shows each create request's topics at once, the
    first `first_s` into the wait and the next ones `apart_s` apart (as the dev broker does
    with 3 GB of heap), and how late the last try comes, as a multiple of when all show."""
    requests = math.ceil(topics / PER_REQUEST)
    all_shown_at = first_s + (requests - 1) * apart_s
    pace, elapsed, tries = Pace(), 0.0, 0
    while True:
        tries += 1
        applied = 0 if elapsed < first_s else min(requests, int((elapsed - first_s) // apart_s) + 1)
        shown = min(topics, applied * PER_REQUEST) / topics
        if shown == 1.0:
            return tries, elapsed / all_shown_at
        elapsed += pace.pause(shown, elapsed)


def test_a_try_that_shows_progress_waits_for_the_rest_at_the_pace_since_the_last_try() -> None:
    pace = Pace()
    assert pace.pause(0.0, 0.0) == 0.05
    assert pace.pause(0.25, 0.5) == 0.5
    assert pace.pause(0.75, 1.5) == 0.5


def test_a_try_that_shows_nothing_new_waits_half_the_time_waited_so_far() -> None:
    pace = Pace()
    assert pace.pause(0.0, 0.0) == 0.05
    assert pace.pause(0.0, 4.0) == 2.0
    assert pace.pause(0.0, 6.0) == 3.0


def test_a_pause_is_never_longer_than_the_time_waited_so_far() -> None:
    pace = Pace()
    pace.pause(0.0, 0.0)
    assert pace.pause(0.01, 1.0) == 1.0


@pytest.mark.parametrize(
    ("topics", "tries"), [(1_000, 12), (10_000, 18), (50_000, 20), (100_000, 21)]
)
def test_the_tries_grow_with_the_logarithm_of_the_wait_not_with_the_topics(
    topics: int, tries: int
) -> None:
    assert _wait(topics)[0] == tries


@pytest.mark.parametrize("topics", [1_000, 10_000, 50_000, 100_000])
def test_the_last_try_comes_within_half_the_wait_of_when_everything_shows(topics: int) -> None:
    assert 1.0 <= _wait(topics)[1] < 1.5
