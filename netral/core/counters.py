"""Atomic counters for rate limits: Redis when ``REDIS_URL`` is set, else a table of their own.

A limit is only as good as its counter. ``cache.incr`` on Django's database cache is a read then a
write (two processes both read 4 and both write 5), and the database cache culls a third of its
rows when full, counters included. Here every increment is one atomic statement:

- Redis: ``INCR`` and ``EXPIRE … NX`` in one round trip;
- database: ``INSERT … ON CONFLICT (key) DO UPDATE SET value = value + 1 RETURNING value``
  (PostgreSQL, and SQLite 3.35+), outside the caller's transaction only in the sense that it is
  one statement: it commits with autocommit or with the caller.
"""

from __future__ import annotations

import datetime
import random
from functools import cache
from typing import Any

from django.conf import settings
from django.db import connection, models
from django.utils import timezone

from netral.core.models import Counter

# Expired rows are removed by a small share of increments, so the table stays the size of one window.
PRUNE_ONE_IN = 500


@cache
def _redis() -> Any:
    import redis

    return redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)


def uses_redis() -> bool:
    return bool(getattr(settings, "REDIS_URL", ""))


def incr(key: str, ttl: int) -> int:
    """Add one to ``key`` (created at 1, forgotten ``ttl`` seconds after creation); the new value."""
    if uses_redis():
        pipe = _redis().pipeline(transaction=True)
        pipe.incr(f"netral:counter:{key}")
        pipe.expire(f"netral:counter:{key}", ttl, nx=True)
        value, _ = pipe.execute()
        return int(value)
    now = timezone.now()
    q = connection.ops.quote_name
    table, k, v, exp = q(Counter._meta.db_table), q("key"), q("value"), q("expires_at")
    # An expired row starts again at 1 with a new expiry, as a Redis key would after EXPIRE.
    sql = (
        f"INSERT INTO {table} ({k}, {v}, {exp}) VALUES (%s, 1, %s) ON CONFLICT ({k}) DO UPDATE SET "  # noqa: S608
        f"{v} = CASE WHEN {table}.{exp} <= %s THEN 1 ELSE {table}.{v} + 1 END, "
        f"{exp} = CASE WHEN {table}.{exp} <= %s THEN excluded.{exp} ELSE {table}.{exp} END "
        f"RETURNING {v}"
    )
    with connection.cursor() as cur:
        cur.execute(sql, [key, now + datetime.timedelta(seconds=ttl), now, now])
        value = int(cur.fetchone()[0])
    if random.randrange(PRUNE_ONE_IN) == 0:
        prune(now)
    return value


def decr(key: str) -> None:
    """Take one back from ``key`` (a reservation that was not used); never below zero, never creates."""
    if uses_redis():
        _redis().eval(
            "local v = tonumber(redis.call('GET', KEYS[1]) or '0') if v > 0 then redis.call('DECR', KEYS[1]) end",
            1,
            f"netral:counter:{key}",
        )
        return
    Counter.objects.filter(key=key, value__gt=0).update(value=models.F("value") - 1)


def get(key: str) -> int:
    """The current value (0 when absent or expired); for tests and displays, not for deciding."""
    if uses_redis():
        raw = _redis().get(f"netral:counter:{key}")
        return int(raw or 0)
    row = Counter.objects.filter(key=key, expires_at__gt=timezone.now()).values_list("value", flat=True).first()
    return int(row or 0)


def prune(now: datetime.datetime | None = None) -> int:
    """Remove expired database counters (Redis expires its own)."""
    deleted, _ = Counter.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted


def clear() -> None:
    """Forget every counter (tests)."""
    if uses_redis():
        client = _redis()
        keys = list(client.scan_iter("netral:counter:*"))
        if keys:
            client.delete(*keys)
    Counter.objects.all().delete()
