"""Bulk mode for big loads on PostgreSQL: look-up indexes and foreign keys off, rebuilt at the end.

Writing a row into an indexed table costs one B-tree insertion per index, at a random place
once the index outgrows memory; building the same index afterwards from sorted data costs a
fraction of that. A national load into an empty registry writes 4.76 million ASN rows and
about 12 million look-up keys, so for such a run (`worth_it`) the importer:

1. drops the registry's secondary indexes, the ASN foreign keys and the key table's primary
   key, none of which the import itself needs, recording their exact definitions
   (`pg_indexes`, `pg_get_constraintdef`) on the run *in the same transaction* (DDL is
   transactional in PostgreSQL, so a crash leaves either both or neither);
2. imports as usual. The primary keys, the unique identifier and the key table's `asn_id`
   index stay, so upserts, duplicate checks and key replacement work unchanged;
3. recreates each object from its recorded definition, one transaction each (indexes built
   in parallel from sorted data; foreign keys added NOT VALID then validated in one pass),
   and analyses the tables.

While a bulk run is active, staff look-ups and registry lists run without their indexes
(slower, still correct) and rows may reference an agency or unit deleted meanwhile until the
foreign keys are validated (validation then fails and says so; the run can be resumed).
`restore` is idempotent: the run's end, an abandoned (restarted) run and the
`resume_registry_imports` timer all call it, so indexes never stay missing after a crash.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from netral.personnel.models import ImportRun

logger = logging.getLogger("netral.personnel.import")

TABLES = ("personnel_asn", "personnel_asnnamekey")
# Needed by the import itself: upsert target, duplicate checks, key replacement.
KEPT_COLUMNS = {("personnel_asnnamekey", "asn_id")}
DEFAULT_MIN_ROWS = 200_000


def min_rows() -> int:
    return int(getattr(settings, "REGISTRY_IMPORT_BULK_MIN_ROWS", DEFAULT_MIN_ROWS))


def worth_it(expected_rows: int | None) -> bool:
    """Bulk mode pays off when the file is big and brings at least twice the rows the registry holds
    (the first national load); a refresh of a full registry, mostly unchanged rows, does not."""
    if connection.vendor != "postgresql" or expected_rows is None or expected_rows < min_rows():
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM (SELECT 1 FROM personnel_asn LIMIT %s) AS r", [expected_rows // 2 + 1])
        present = int(cursor.fetchone()[0])
    return present <= expected_rows // 2


def _droppable(cursor: Any) -> list[tuple[str, str, str]]:
    """(kind, name, sql to recreate) of what the import can do without, indexes first."""
    cursor.execute(
        """
        SELECT i.tablename, i.indexname, i.indexdef,
               (SELECT array_agg(a.attname::text ORDER BY k.n)
                FROM unnest(x.indkey) WITH ORDINALITY AS k(attnum, n)
                JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum)
        FROM pg_indexes i
        JOIN pg_class c ON c.relname = i.indexname AND c.relkind = 'i'
        JOIN pg_index x ON x.indexrelid = c.oid
        WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = c.oid)
        ORDER BY i.tablename, i.indexname
        """,
        [list(TABLES)],
    )
    objects = [
        ("index", name, definition)
        for table, name, definition, columns in cursor.fetchall()
        if not (columns and len(columns) == 1 and (table, columns[0]) in KEPT_COLUMNS)
    ]
    cursor.execute(
        """
        SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
        WHERE conrelid = 'personnel_asn'::regclass AND contype = 'f' ORDER BY conname
        """
    )
    objects += [("foreign_key", name, definition) for name, definition in cursor.fetchall()]
    # The key table's primary key serves nothing the import or the look-up asks (they go by key
    # or by person): one B-tree fewer per key row, 2.7 per person.
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = 'personnel_asnnamekey'::regclass AND contype = 'p'"
    )
    objects += [("key_primary_key", name, definition) for name, definition in cursor.fetchall()]
    return objects


def _table(kind: str) -> str:
    return "personnel_asnnamekey" if kind == "key_primary_key" else "personnel_asn"


def _check_pending(cursor: Any) -> None:
    """Run the deferred foreign-key checks of the current transaction now: PostgreSQL refuses
    to alter a table's foreign keys while checks on it are pending (only ever the case when the
    caller's transaction already wrote to those tables, as tests do)."""
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def begin(run: ImportRun) -> int:
    """Drop what the import does not need and record it on `run`; how many objects were dropped."""
    with transaction.atomic(), connection.cursor() as cursor:
        locked = ImportRun.objects.select_for_update().get(pk=run.pk)
        objects = _droppable(cursor)
        _check_pending(cursor)
        for kind, name, _definition in objects:
            if kind == "index":
                cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
            else:
                cursor.execute(f'ALTER TABLE {_table(kind)} DROP CONSTRAINT IF EXISTS "{name}"')
        recorded = {o[1] for o in locked.bulk_restore}
        locked.bulk_restore = [*locked.bulk_restore, *([k, n, d] for k, n, d in objects if n not in recorded)]
        locked.bulk = True
        locked.save(update_fields=["bulk_restore", "bulk"])
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    run.bulk_restore, run.bulk = locked.bulk_restore, True
    if objects:
        logger.info("registry import %s: bulk mode, %d indexes and foreign keys off", run.pk, len(objects))
    return len(objects)


def _exists(cursor: Any, kind: str, name: str, *, validated: bool = True) -> bool:
    if kind == "index":
        cursor.execute("SELECT 1 FROM pg_class WHERE relname = %s AND relkind = 'i'", [name])
    else:
        cursor.execute(
            "SELECT 1 FROM pg_constraint WHERE conrelid = %s::regclass AND conname = %s AND (convalidated OR NOT %s)",
            [_table(kind), name, validated],
        )
    return cursor.fetchone() is not None


def restore(run: ImportRun) -> int:
    """Recreate what `begin` dropped for `run` (idempotent); how many objects were recreated."""
    done = 0
    for kind, name, definition in list(run.bulk_restore):
        with transaction.atomic(), connection.cursor() as cursor:
            if not _exists(cursor, kind, name):
                if kind == "index":
                    cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
                    cursor.execute(definition)
                elif kind == "key_primary_key":
                    cursor.execute(f'ALTER TABLE personnel_asnnamekey ADD CONSTRAINT "{name}" {definition}')
                else:
                    _check_pending(cursor)
                    if not _exists(cursor, kind, name, validated=False):
                        cursor.execute(f'ALTER TABLE personnel_asn ADD CONSTRAINT "{name}" {definition} NOT VALID')
                    cursor.execute(f'ALTER TABLE personnel_asn VALIDATE CONSTRAINT "{name}"')
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                done += 1
            locked = ImportRun.objects.select_for_update().get(pk=run.pk)
            locked.bulk_restore = [o for o in locked.bulk_restore if o[1] != name]
            locked.save(update_fields=["bulk_restore"])
            run.bulk_restore = locked.bulk_restore
    if done:
        with connection.cursor() as cursor:
            for table in TABLES:
                cursor.execute(f"ANALYZE {table}")
        logger.info("registry import %s: %d indexes and foreign keys rebuilt", run.pk, done)
    return done
