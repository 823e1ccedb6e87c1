"""netral.core.ratelimit: fixed windows on the shared cache, claimed with atomic add."""

from __future__ import annotations

import os

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from netral.core import ratelimit

pytestmark = pytest.mark.django_db


def test_it_allows_up_to_the_limit_then_refuses() -> None:
    now = 1_700_000_000.0
    results = [ratelimit.hit("t", "1.2.3.4", 3, 3600, now=now) for _ in range(5)]
    assert results == [True, True, True, False, False]


def test_it_starts_a_new_window_after_the_period() -> None:
    now = 1_700_000_000.0 - (1_700_000_000 % 3600)
    assert ratelimit.hit("t", "a", 1, 3600, now=now)
    assert not ratelimit.hit("t", "a", 1, 3600, now=now + 3599)
    assert ratelimit.hit("t", "a", 1, 3600, now=now + 3600)


def test_it_counts_each_address_and_scope_apart() -> None:
    now = 1_700_000_000.0
    assert ratelimit.hit("t", "a", 1, 60, now=now)
    assert ratelimit.hit("t", "b", 1, 60, now=now)
    assert ratelimit.hit("u", "a", 1, 60, now=now)
    assert not ratelimit.hit("t", "a", 1, 60, now=now)


def test_it_still_counts_when_the_hint_is_lost() -> None:
    # Another process may have claimed slots without its hint reaching us: slots alone decide.
    now = 1_700_000_000.0
    assert ratelimit.hit("t", "a", 2, 3600, now=now)
    assert ratelimit.hit("t", "a", 2, 3600, now=now)
    cache.delete(ratelimit._key("t", "a", int(now // 3600)) + ":n")
    assert not ratelimit.hit("t", "a", 2, 3600, now=now)


def test_it_keeps_no_readable_address_in_the_cache_key() -> None:
    assert "10.1.2.3" not in ratelimit._key("t", "10.1.2.3", 1)


def test_it_uses_remote_addr_only() -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.7", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert ratelimit.client_ip(request) == "10.0.0.7"


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="needs a database server shared by several connections (PostgreSQL)",
)
def test_it_never_allows_more_than_the_limit_under_concurrency() -> None:
    """Many threads (each with its own autocommit connection) hit one key at once.

    The cache rows they write are committed outside the test's transaction; the autouse
    cache-clearing fixture removes them afterwards.
    """
    import threading

    from django.db import connections

    results: list[bool] = []
    lock = threading.Lock()
    barrier = threading.Barrier(8)
    now = 1_700_000_000.0

    def worker() -> None:
        try:
            barrier.wait()
            for _ in range(5):
                allowed = ratelimit.hit("race", "10.0.0.1", 10, 3600, now=now)
                with lock:
                    results.append(allowed)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 40
    assert results.count(True) == 10
