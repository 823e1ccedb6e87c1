"""Race-free allocation of human-readable sequence numbers (case numbers, letter numbers).

The counter row is incremented in place (``UPDATE … SET value = value + 1``): PostgreSQL holds
the row lock until the caller's transaction ends, SQLite serialises writers, so two allocations
never see the same value and a rolled-back caller gives its number back. The first allocation
of a period creates the row, seeded by ``floor()`` (the highest number already issued, so a
database that numbered before counters existed goes on from there).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import IntegrityError, connection, transaction
from django.db.models import F

from netral.core.models import Sequence


def next_value(name: str, period: str | int, *, floor: Callable[[], int] | None = None) -> int:
    """The next value of counter ``name`` in ``period``; call inside the transaction that uses it."""
    period = str(period)
    rows = Sequence.objects.filter(name=name, period=period)
    with transaction.atomic(savepoint=False):
        # One statement in the common case: increment and read back (RETURNING: PostgreSQL, SQLite ≥ 3.35).
        table = connection.ops.quote_name(Sequence._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET value = value + 1 WHERE name = %s AND period = %s RETURNING value",  # noqa: S608
                [name, period],
            )
            found = cursor.fetchone()
        if found is not None:
            return int(found[0])
        if not rows.update(value=F("value") + 1):
            start = (floor() if floor is not None else 0) + 1
            try:
                with transaction.atomic():
                    Sequence.objects.create(name=name, period=period, value=start)
                return start
            except IntegrityError:
                # Another transaction created the row first; it is committed now, so increment it.
                rows.update(value=F("value") + 1)
        return rows.values_list("value", flat=True).get()
