"""Database errors that mean "try again", and a helper that does.

Under load, PostgreSQL may abort a transaction as a deadlock victim or a serialization failure,
and SQLite answers "database is locked" when its busy timeout runs out. Neither says anything
about the user's input, so the whole transaction is run again a few times before the caller
sees ``Busy`` (which pages turn into a 503 that keeps what was typed).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from django.db import OperationalError, connection

T = TypeVar("T")

# SQLSTATEs: serialization_failure, deadlock_detected, lock_not_available.
RETRY_SQLSTATES = frozenset({"40001", "40P01", "55P03"})
SQLITE_BUSY = ("database is locked", "database table is locked")


class Busy(Exception):
    """The database stayed busy after every retry; nothing was saved."""


def is_transient(exc: BaseException) -> bool:
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    sqlstate = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    if sqlstate in RETRY_SQLSTATES:
        return True
    return any(msg in str(exc) for msg in SQLITE_BUSY)


def retry_transient(fn: Callable[[], T], *, attempts: int = 4, pause: float = 0.05) -> T:
    """Run ``fn`` (which opens its own transaction) again on a transient error; ``Busy`` at the end.

    Inside an outer transaction nothing can be retried (the outer block is already aborted),
    so the error goes up at once.
    """
    for attempt in range(1, attempts + 1):
        try:
            return fn()
        except OperationalError as exc:
            if not is_transient(exc) or connection.in_atomic_block:
                raise
            if attempt == attempts:
                raise Busy from exc
            time.sleep(pause * attempt * (1 + random.random()))  # spread the retries apart
    raise AssertionError("unreachable")
