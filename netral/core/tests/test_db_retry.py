"""core.db.retry_transient: a busy database is retried, other errors are not."""

from __future__ import annotations

import pytest
from django.db import OperationalError, transaction

from netral.core import db


class _PgError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def _operational(sqlstate: str | None = None, message: str = "boom") -> OperationalError:
    exc = OperationalError(message)
    if sqlstate is not None:
        exc.__cause__ = _PgError(sqlstate)
    return exc


def test_it_recognises_deadlocks_serialization_failures_and_sqlite_busy() -> None:
    assert db.is_transient(_operational("40P01"))
    assert db.is_transient(_operational("40001"))
    assert db.is_transient(_operational(message="database is locked"))
    assert not db.is_transient(_operational("42P01"))
    assert not db.is_transient(ValueError("database is locked"))


@pytest.mark.django_db(transaction=True)
def test_it_runs_again_until_the_database_lets_it_through() -> None:
    calls = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise _operational("40P01")
        return "ok"

    assert db.retry_transient(flaky, pause=0) == "ok"
    assert len(calls) == 3


@pytest.mark.django_db(transaction=True)
def test_it_gives_up_with_busy_and_never_retries_other_errors() -> None:
    def always_busy() -> None:
        raise _operational(message="database is locked")

    with pytest.raises(db.Busy):
        db.retry_transient(always_busy, attempts=2, pause=0)

    calls = []

    def broken() -> None:
        calls.append(1)
        raise _operational("42P01")

    with pytest.raises(OperationalError):
        db.retry_transient(broken, pause=0)
    assert len(calls) == 1


@pytest.mark.django_db(transaction=True)
def test_inside_an_outer_transaction_it_cannot_retry() -> None:
    calls = []

    def busy() -> None:
        calls.append(1)
        raise _operational("40P01")

    with pytest.raises(OperationalError), transaction.atomic():
        db.retry_transient(busy, pause=0)
    assert len(calls) == 1
