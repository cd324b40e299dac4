"""The per-chat sliding-window question limiter (pure, with a fake clock)."""

from __future__ import annotations

from bot.ratelimit import SlidingWindowLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_allows_up_to_the_limit_per_window_then_refuses_once_politely() -> None:
    clock = Clock()
    limiter = SlidingWindowLimiter(3, 60, clock)
    assert [limiter.hit("chat").allowed for _ in range(3)] == [True, True, True]
    clock.now += 10
    first, second = limiter.hit("chat"), limiter.hit("chat")
    assert not first.allowed and first.first_refusal and first.retry_after == 50
    assert not second.allowed and not second.first_refusal


def test_the_window_slides() -> None:
    clock = Clock()
    limiter = SlidingWindowLimiter(2, 60, clock)
    limiter.hit("a")
    clock.now += 30
    limiter.hit("a")
    assert not limiter.hit("a").allowed
    clock.now += 30  # the first event leaves the window
    assert limiter.hit("a").allowed
    assert not limiter.hit("a").allowed
    clock.now += 30
    verdict = limiter.hit("a")
    assert verdict.allowed


def test_refused_events_do_not_extend_the_wait_and_a_new_refusal_is_announced_again() -> None:
    clock = Clock()
    limiter = SlidingWindowLimiter(1, 60, clock)
    limiter.hit("a")
    for _ in range(5):
        clock.now += 10
        limiter.hit("a")
    clock.now += 10.5
    assert limiter.hit("a").allowed
    refused = limiter.hit("a")
    assert not refused.allowed and refused.first_refusal


def test_keys_are_independent_and_zero_means_unlimited() -> None:
    clock = Clock()
    limiter = SlidingWindowLimiter(1, 60, clock)
    assert limiter.hit(1).allowed and limiter.hit(2).allowed
    assert not limiter.hit(1).allowed
    unlimited = SlidingWindowLimiter(0, 60, clock)
    assert all(unlimited.hit(1).allowed for _ in range(100))


def test_idle_keys_are_forgotten() -> None:
    clock = Clock()
    limiter = SlidingWindowLimiter(1, 60, clock)
    limiter.hit("old")
    clock.now += 61
    limiter.hit("new")
    limiter.forget_idle()
    assert limiter.hit("old").allowed
    assert not limiter.hit("new").allowed
