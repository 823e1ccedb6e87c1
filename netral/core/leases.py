"""Named exclusive leases on the database: one holder at a time, across processes and hosts.

``acquire`` is one atomic upsert: it takes the lease when nobody holds it, when the holder's
lease expired (a dead holder), or when the caller already holds it (renewal). PostgreSQL and
SQLite 3.35+ both run ``INSERT … ON CONFLICT DO UPDATE … WHERE … RETURNING``.
"""

from __future__ import annotations

import datetime

from django.db import connection
from django.utils import timezone

from netral.core.models import Lease


def acquire(name: str, holder: str, seconds: float, *, now: datetime.datetime | None = None) -> bool:
    """Take or renew ``name`` for ``seconds``; False while another live holder has it."""
    moment = now or timezone.now()
    q = connection.ops.quote_name
    table = q(Lease._meta.db_table)
    sql = (
        f"INSERT INTO {table} ({q('name')}, {q('holder')}, {q('expires_at')}) VALUES (%s, %s, %s) "  # noqa: S608
        f"ON CONFLICT ({q('name')}) DO UPDATE SET {q('holder')} = excluded.{q('holder')}, "
        f"{q('expires_at')} = excluded.{q('expires_at')} "
        f"WHERE {table}.{q('expires_at')} <= %s OR {table}.{q('holder')} = excluded.{q('holder')} "
        f"RETURNING {q('holder')}"
    )
    with connection.cursor() as cur:
        cur.execute(sql, [name, holder, moment + datetime.timedelta(seconds=seconds), moment])
        row = cur.fetchone()
    return row is not None and row[0] == holder


def release(name: str, holder: str) -> None:
    """Give the lease up at once (only if still ours)."""
    Lease.objects.filter(name=name, holder=holder).delete()


def holder_of(name: str) -> str | None:
    row = Lease.objects.filter(name=name, expires_at__gt=timezone.now()).values_list("holder", flat=True).first()
    return row
