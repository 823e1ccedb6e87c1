"""netral.core.ratelimit: fixed windows on atomic counters; the client address through trusted proxies only."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from netral.core import ratelimit
from netral.testing import in_parallel, needs_postgres

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


def test_a_full_cache_never_resets_a_limit(settings: object) -> None:
    """The database cache culls a third of its rows when full; the counters are not in it."""
    from django.core.management import call_command

    settings.CACHES = {  # type: ignore[attr-defined]
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "netral_cache",
            "OPTIONS": {"MAX_ENTRIES": 300, "CULL_FREQUENCY": 3},  # Django's defaults
        }
    }
    call_command("createcachetable", verbosity=0)  # absent when the suite runs with Redis as the cache
    now = 1_700_000_000.0
    assert all(ratelimit.hit("t", "victim", 5, 3600, now=now) for _ in range(5))
    for i in range(400):  # other clients, and other cached data, fill the cache
        ratelimit.hit("t", f"10.9.{i // 250}.{i % 250}", 5, 3600, now=now)
        cache.set(f"page-{i}", "x" * 10)
    assert not ratelimit.hit("t", "victim", 5, 3600, now=now)


def test_it_keeps_no_readable_address_in_the_counter_key() -> None:
    assert "10.1.2.3" not in ratelimit._key("t", "10.1.2.3", 1)


def test_it_uses_the_socket_address_when_no_proxy_is_trusted(settings: object) -> None:
    settings.NETRAL_TRUSTED_PROXIES = 0  # type: ignore[attr-defined]
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.7", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert ratelimit.client_ip(request) == "10.0.0.7"


def test_behind_one_proxy_it_takes_the_address_that_proxy_saw(settings: object) -> None:
    settings.NETRAL_TRUSTED_PROXIES = 1  # type: ignore[attr-defined]
    # The client forged "6.6.6.6"; nginx appended the address it really saw.
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert ratelimit.client_ip(request) == "203.0.113.9"
    garbage = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="not-an-ip")
    assert ratelimit.client_ip(garbage) == "127.0.0.1"


def test_behind_two_proxies_it_takes_the_second_from_the_right(settings: object) -> None:
    settings.NETRAL_TRUSTED_PROXIES = 2  # type: ignore[attr-defined]
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.4, 10.0.0.1")
    assert ratelimit.client_ip(request) == "198.51.100.4"


def test_an_expired_counter_starts_again(settings: object) -> None:
    from netral.core import counters

    assert counters.incr("k", 60) == 1
    assert counters.incr("k", 60) == 2
    if not counters.uses_redis():
        from netral.core.models import Counter

        Counter.objects.filter(key="k").update(expires_at="2000-01-01T00:00:00Z")
        assert counters.get("k") == 0
        assert counters.incr("k", 60) == 1
        assert counters.prune() == 0  # the row was renewed, not expired


@needs_postgres
def test_it_never_allows_more_than_the_limit_under_concurrency() -> None:
    """Many threads (each with its own autocommit connection) hit one key at once.

    The counter rows they write are committed outside the test's transaction; the autouse
    clean-up fixture removes them afterwards.
    """
    now = 1_700_000_000.0
    results, errors = in_parallel(8, lambda _: [ratelimit.hit("race", "10.0.0.1", 10, 3600, now=now) for _ in range(5)])
    assert not errors, errors
    allowed = [a for batch in results for a in batch]
    assert len(allowed) == 40
    assert allowed.count(True) == 10
