"""Writing validated registry batches, inside the caller's transaction (one per batch).

PostgreSQL: the batch arrives as COPY text (formatted by the reading thread, see
`import_run`), goes into a temporary staging table, and set-based statements do the rest:
duplicates of earlier batches (against `personnel_importseen`), new / changed / unchanged
classification, the upsert, and the look-up keys of new and renamed people. No per-row
round trip and no per-row Python here.

SQLite (the portable path, slower): the same steps through the ORM.

Both return a `BatchResult`; duplicates are returned, not worded (`importer.duplicate_reason`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from netral.core import crypto
from netral.personnel.importer import Row
from netral.personnel.models import ASN, ASNNameKey, ImportRun, ImportSeen
from netral.personnel.names import name_keys

# Fields compared to decide created / updated / unchanged (NIK by its blind index).
COMPARED = (
    "employment_type",
    "name",
    "name_normalized",
    "birth_date",
    "gender",
    "position",
    "position_class",
    "agency_id",
    "unit_id",
    "region_id",
    "region_code",
    "active",
)
KEYED = ("name_normalized", "agency_id", "region_code")  # what the look-up index copies


@dataclass
class BatchResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: list[tuple[int, str, int]] = field(default_factory=list)  # (row, identifier, first row)


# ---------------------------------------------------------------- COPY text

STAGE_COLUMNS = (
    "import_row",
    "identifier",
    "employment_type",
    "name",
    "name_normalized",
    "birth_date",
    "gender",
    "position",
    "position_class",
    "agency_id",
    "unit_id",
    "unit_ref",
    "region_id",
    "region_code",
    "nik_encrypted",
    "nik_index",
    "name_keys",
)
NULL = "\\N"


def _escape(text: str) -> str:
    # Cells reach here with whitespace collapsed (no tab, newline or CR left): only backslash remains.
    return text.replace("\\", "\\\\") if "\\" in text else text


def stage_line(row: Row, unit_id: int | None, unit_ref: int | None = None) -> str:
    """One row as a line of PostgreSQL COPY text, in `STAGE_COLUMNS` order.

    The NIK is encrypted here, before it leaves the process: plain NIKs never reach the database.
    """
    return (
        "\t".join(
            (
                str(row.number),
                row.identifier,
                row.employment_type,
                _escape(row.name),
                _escape(row.name_normalized),
                row.birth_date.isoformat(),
                row.gender,
                _escape(row.position),
                row.position_class,
                str(row.agency_id),
                NULL if unit_id is None else str(unit_id),
                NULL if unit_ref is None else str(unit_ref),
                str(row.region_id),
                _escape(row.region_code),
                crypto.encrypt(row.nik) if row.nik else "",
                row.nik_index,
                " ".join(name_keys(row.name_normalized)),
            )
        )
        + "\n"
    )


# ---------------------------------------------------------------- PostgreSQL

_STAGE = "personnel_asn_stage"
_DATA = tuple(c for c in COMPARED if c != "active")  # the staged row's data; "active" is set apart
_CHANGED = " OR ".join(f"a.{c} IS DISTINCT FROM s.{c}" for c in _DATA)
_REKEY = (
    "(a.name_normalized, a.agency_id, a.region_code) IS DISTINCT FROM (s.name_normalized, s.agency_id, s.region_code)"
)

_CREATE_STAGE = f"""
CREATE TEMP TABLE IF NOT EXISTS {_STAGE} (
    import_row integer, identifier varchar(18), employment_type varchar(4), name varchar(200),
    name_normalized varchar(200), birth_date date, gender varchar(1), position varchar(200),
    position_class varchar(16), agency_id bigint, unit_id bigint, unit_ref integer, region_id bigint,
    region_code varchar(13), nik_encrypted text, nik_index varchar(64), name_keys text
) ON COMMIT DELETE ROWS
"""

# One statement per batch, after the COPY:
# - cls: each staged row against the registry (one index probe each). `first_row` finds a
#   duplicate of an earlier batch: the registry row was last written by this run (at that
#   file row), or this run saw it unchanged (`personnel_importseen`). A new person gets an
#   id from the sequence here, so the look-up keys can be written from cls directly.
# - up: the upsert of new and changed rows. Unchanged rows are not written at all (no new
#   tuple, no index churn, `updated_at` kept), so only they are recorded as seen.
# - gone / keys: the look-up keys of new and renamed people (the DELETE sees only rows from
#   before the statement, so it never removes the keys the INSERT adds).
# - seen: the unchanged rows; and, for rows this run takes over from another unfinished run,
#   that run's claim on them, so its duplicate check stays exact.
# Rows another transaction inserted after cls read the registry are updated by the upsert
# instead ("raced": more updates than cls expected); their keys are redone by _REDO_KEYS.
_UNFINISHED = "('pending', 'running', 'failed')"
_BATCH = f"""
WITH cls AS MATERIALIZED (
    SELECT s.*, a.id AS existing_id, COALESCE(a.id, nextval(%(seq)s::regclass)) AS id,
           a.import_run_id AS old_run, a.import_row AS old_row,
           CASE WHEN a.import_run_id = %(run)s THEN a.import_row
                ELSE (SELECT i.row FROM personnel_importseen i
                      WHERE i.run_id = %(run)s AND i.identifier = s.identifier) END AS first_row,
           (a.id IS NULL OR {_CHANGED} OR NOT a.active
            OR (s.nik_index <> '' AND s.nik_index IS DISTINCT FROM a.nik_index)) AS write,
           (a.id IS NULL OR {_REKEY}) AS rekey
    FROM {_STAGE} s LEFT JOIN LATERAL (
        SELECT * FROM personnel_asn a WHERE a.identifier = s.identifier OFFSET 0
    ) a ON true
), up AS (
    INSERT INTO personnel_asn AS a (
        id, identifier, employment_type, name, name_normalized, birth_date, gender, position,
        position_class, agency_id, unit_id, region_id, region_code, active, updated_at,
        nik_encrypted, nik_index, import_run_id, import_row)
    SELECT id, identifier, employment_type, name, name_normalized, birth_date, gender, position,
           position_class, agency_id, unit_id, region_id, region_code, true, now(),
           nik_encrypted, nik_index, %(run)s, import_row
    FROM cls WHERE write AND first_row IS NULL
    ON CONFLICT (identifier) DO UPDATE SET
        employment_type = EXCLUDED.employment_type, name = EXCLUDED.name,
        name_normalized = EXCLUDED.name_normalized, birth_date = EXCLUDED.birth_date,
        gender = EXCLUDED.gender, position = EXCLUDED.position,
        position_class = EXCLUDED.position_class, agency_id = EXCLUDED.agency_id,
        unit_id = EXCLUDED.unit_id, region_id = EXCLUDED.region_id,
        region_code = EXCLUDED.region_code, active = true, updated_at = EXCLUDED.updated_at,
        nik_encrypted = CASE WHEN EXCLUDED.nik_index <> '' AND EXCLUDED.nik_index IS DISTINCT FROM a.nik_index
                             THEN EXCLUDED.nik_encrypted ELSE a.nik_encrypted END,
        nik_index = CASE WHEN EXCLUDED.nik_index <> '' THEN EXCLUDED.nik_index ELSE a.nik_index END,
        import_run_id = EXCLUDED.import_run_id, import_row = EXCLUDED.import_row
    RETURNING (a.xmax = 0) AS inserted
), gone AS (
    DELETE FROM personnel_asnnamekey k USING cls c
    WHERE k.asn_id = c.existing_id AND c.write AND c.rekey AND c.first_row IS NULL
), keys AS (
    INSERT INTO personnel_asnnamekey (asn_id, key, agency_id, region_code)
    SELECT c.id, k.key, c.agency_id, c.region_code
    FROM cls c CROSS JOIN LATERAL unnest(string_to_array(c.name_keys, ' ')) AS k(key)
    WHERE c.write AND c.rekey AND c.first_row IS NULL AND k.key <> ''
), seen AS (
    INSERT INTO personnel_importseen (run_id, identifier, row)
    SELECT %(run)s, identifier, import_row FROM cls WHERE NOT write AND first_row IS NULL
    UNION ALL
    SELECT c.old_run, c.identifier, c.old_row FROM cls c
    WHERE c.write AND c.first_row IS NULL AND c.old_run <> %(run)s
      AND c.old_run IN (SELECT r.id FROM personnel_importrun r WHERE r.status IN {_UNFINISHED})
    ON CONFLICT (run_id, identifier) DO NOTHING
)
SELECT u.created, u.updated, c.expected, c.low, c.high, c.dup_rows, c.dup_ids, c.dup_first
FROM (SELECT count(*) FILTER (WHERE inserted) AS created, count(*) FILTER (WHERE NOT inserted) AS updated
      FROM up) AS u,
     (SELECT count(*) FILTER (WHERE write AND first_row IS NULL AND existing_id IS NOT NULL) AS expected,
             min(id) FILTER (WHERE existing_id IS NULL) AS low,
             max(id) FILTER (WHERE existing_id IS NULL) AS high,
             array_agg(import_row ORDER BY import_row) FILTER (WHERE first_row IS NOT NULL) AS dup_rows,
             array_agg(identifier ORDER BY import_row) FILTER (WHERE first_row IS NOT NULL) AS dup_ids,
             array_agg(first_row ORDER BY import_row) FILTER (WHERE first_row IS NOT NULL) AS dup_first
      FROM cls) AS c
"""  # noqa: S608 (only our own table and column names are interpolated)

# After a race (see above): the keys written for ids the upsert did not use are dropped, and
# the keys of every person this batch wrote are rebuilt from the staging table. Rare.
_REDO_KEYS = f"""
WITH written AS (
    SELECT a.id, s.name_keys, s.agency_id, s.region_code
    FROM {_STAGE} s JOIN personnel_asn a ON a.identifier = s.identifier
    WHERE a.import_run_id = %(run)s AND a.import_row = s.import_row
), gone AS (
    DELETE FROM personnel_asnnamekey k
    WHERE k.asn_id IN (SELECT id FROM written)
       OR (k.asn_id BETWEEN %(low)s AND %(high)s
           AND NOT EXISTS (SELECT 1 FROM personnel_asn a WHERE a.id = k.asn_id))
)
INSERT INTO personnel_asnnamekey (asn_id, key, agency_id, region_code)
SELECT w.id, k.key, w.agency_id, w.region_code
FROM written w CROSS JOIN LATERAL unnest(string_to_array(w.name_keys, ' ')) AS k(key)
WHERE k.key <> ''
"""  # noqa: S608 (only our own table name is interpolated)


def write_staged(run: ImportRun, lines: list[str], units: list[int]) -> BatchResult:
    """PostgreSQL: write one batch of COPY lines; `units[i]` is the unit id for `unit_ref` i."""
    result = BatchResult()
    # The staging table empties at commit: COPY and the statements after it share one transaction.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_CREATE_STAGE)
        cursor.execute(f"TRUNCATE {_STAGE}")  # emptied at commit anyway; also for savepoints in tests
        raw = cursor.cursor  # psycopg3 cursor under Django's wrapper
        with raw.copy(f"COPY {_STAGE} ({', '.join(STAGE_COLUMNS)}) FROM STDIN") as copy:
            copy.write("".join(lines))
        if units:
            cursor.execute(
                f"UPDATE {_STAGE} s SET unit_id = u.id "  # noqa: S608 (our own table name)
                "FROM unnest(%s::integer[], %s::bigint[]) AS u(ref, id) WHERE s.unit_ref = u.ref",
                [list(range(len(units))), units],
            )
        cursor.execute("SELECT pg_get_serial_sequence('personnel_asn', 'id')")
        sequence = cursor.fetchone()[0]
        # One index probe per staged row, whatever the statistics say: while a big import runs
        # they lag behind (an "empty" registry), and the planner would hash the whole registry
        # for every batch. OFFSET 0 in cls keeps the probe a per-row subquery; this keeps it an
        # index scan. The penalty it puts on sequential scans would also make every batch look
        # worth a JIT compilation (seconds each): off as well.
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL jit = off")
        cursor.execute(_BATCH, {"run": run.pk, "seq": sequence})
        created, updated, expected, low, high, dup_rows, dup_ids, dup_first = cursor.fetchone()
        cursor.execute("RESET enable_seqscan; RESET jit")
        if updated > expected:
            cursor.execute(_REDO_KEYS, {"run": run.pk, "low": low or 0, "high": high or 0})
    if dup_rows:
        result.duplicates = list(zip(dup_rows, dup_ids, dup_first, strict=True))
    result.created, result.updated = int(created), int(updated)
    result.unchanged = len(lines) - len(result.duplicates) - result.created - result.updated
    return result


# ---------------------------------------------------------------- SQLite (portable)


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _refresh_keys(asn_rows: list[tuple[int, str, int, str]]) -> None:
    """Replace the look-up keys of (asn id, normalized name, agency id, region code) rows."""
    if not asn_rows:
        return
    for chunk in _chunks([r[0] for r in asn_rows], 900):
        ASNNameKey.objects.filter(asn_id__in=chunk).delete()
    ASNNameKey.objects.bulk_create(
        [
            ASNNameKey(asn_id=pk, key=key, agency_id=agency_id, region_code=region_code)
            for pk, normalized, agency_id, region_code in asn_rows
            for key in name_keys(normalized)
        ],
        batch_size=5000,
    )


def _take_seen(run: ImportRun, rows: list[Row]) -> tuple[list[Row], list[tuple[int, str, int]]]:
    """Split off rows whose identifier an earlier batch of the run had; record the rest as seen."""
    earlier: dict[str, int] = {}
    for chunk in _chunks([r.identifier for r in rows], 900):
        earlier.update(ImportSeen.objects.filter(run=run, identifier__in=chunk).values_list("identifier", "row"))  # type: ignore[arg-type]
    fresh = [r for r in rows if r.identifier not in earlier]
    ImportSeen.objects.bulk_create(
        [ImportSeen(run=run, identifier=r.identifier, row=r.number) for r in fresh], batch_size=2000
    )
    duplicates = [(r.number, r.identifier, earlier[r.identifier]) for r in rows if r.identifier in earlier]
    return fresh, duplicates


def write_rows_orm(run: ImportRun, rows: list[Row]) -> BatchResult:
    """Portable path: compare with existing rows, then `bulk_create(update_conflicts)`."""
    result = BatchResult()
    rows, result.duplicates = _take_seen(run, rows)
    existing: dict[str, dict[str, Any]] = {}
    for chunk in _chunks([r.identifier for r in rows], 900):
        for values in ASN.objects.filter(identifier__in=chunk).values("id", "identifier", "nik_index", *COMPARED):
            existing[values["identifier"]] = values
    now = timezone.now()
    changed: list[ASN] = []
    changed_nik: list[ASN] = []
    for row in rows:
        new = {f: getattr(row, f) for f in COMPARED if f != "active"} | {"active": True}
        obj = ASN(identifier=row.identifier, import_run=run, import_row=row.number, updated_at=now, **new)
        old = existing.get(row.identifier)
        nik_index = row.nik_index
        if old is None:
            result.created += 1
            obj.nik_encrypted, obj.nik_index = row.nik, nik_index
            (changed_nik if row.nik else changed).append(obj)
        elif any(old[f] != new[f] for f in COMPARED) or (nik_index and nik_index != old["nik_index"]):
            result.updated += 1
            if nik_index and nik_index != old["nik_index"]:
                obj.nik_encrypted, obj.nik_index = row.nik, nik_index
                changed_nik.append(obj)
            else:
                changed.append(obj)
        else:
            result.unchanged += 1  # nothing written: the row already says this
    data_fields = [*COMPARED, "updated_at", "import_run", "import_row"]
    for objs, fields in ((changed, data_fields), (changed_nik, [*data_fields, "nik_encrypted", "nik_index"])):
        if objs:
            ASN.objects.bulk_create(objs, update_conflicts=True, unique_fields=["identifier"], update_fields=fields)
    rekey = [
        r
        for r in rows
        if r.identifier not in existing or any(existing[r.identifier][f] != getattr(r, f) for f in KEYED)
    ]
    if rekey:
        ids: dict[str, int] = {}
        for chunk in _chunks([r.identifier for r in rekey], 900):
            ids.update(ASN.objects.filter(identifier__in=chunk).values_list("identifier", "id"))  # type: ignore[arg-type]
        _refresh_keys([(ids[r.identifier], r.name_normalized, r.agency_id, r.region_code) for r in rekey])
    return result


def write_rows(run: ImportRun, rows: list[Row]) -> BatchResult:
    """Upsert validated rows (unit ids already set on them) on whichever database is in use."""
    if connection.vendor == "postgresql":
        return write_staged(run, [stage_line(r, r.unit_id) for r in rows], [])
    with transaction.atomic():
        return write_rows_orm(run, rows)
