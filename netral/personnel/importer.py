"""Streaming import of SIASN-shaped registry files (CSV or XLSX) into ``personnel.ASN``.

Steps, in order (docs/registry.md explains why each exists):

1. Read the header, map it to our fields through tolerant aliases; a missing or doubled
   required column stops the whole file before any row is written.
2. Stream the rows (``csv`` on a byte-counting line iterator; openpyxl ``read_only``), skipping
   rows at or before ``ImportRun.last_committed_row`` when a run resumes.
3. Validate each row (identifier by employment type, agency known and inside the importer's
   scope, region code known, duplicates within the file); invalid rows become per-row errors.
4. Per batch, in one transaction: upsert the valid rows by identifier (PostgreSQL: COPY into a
   temporary staging table, then ``INSERT … ON CONFLICT``; SQLite: ``bulk_create`` with
   ``update_conflicts``), refresh the look-up keys of changed rows, and save the run's
   counters. A crash loses at most the batch in flight; counters always match the rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from netral.agencies.models import Agency, Unit
from netral.core import crypto, csvexport
from netral.personnel.choices import EmploymentType, ImportStatus, PositionClass
from netral.personnel.identifiers import IdentifierError, clean_identifier, validate_identifier
from netral.personnel.models import ASN, ASNNameKey, ImportRun, ImportSeen
from netral.personnel.names import name_keys, normalize_name
from netral.regions.models import Region

DEFAULT_BATCH = 10_000
NIK_LENGTH = 16


class FileError(Exception):
    """The file as a whole cannot be imported (wrong columns, unreadable); nothing was written."""


# ---------------------------------------------------------------- header matching


def _header_key(text: Any) -> str:
    return re.sub(r"[^a-z0-9]+", " ", str(text or "").lower()).strip()


# Field → accepted header spellings (compared after _header_key: lower-case, punctuation → space).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "identifier": (
        "nip",
        "nip baru",
        "ni pppk",
        "nipppk",
        "nip ni pppk",
        "nip atau ni pppk",
        "nomor induk pegawai",
        "nomor induk",
        "identifier",
        "employee id",
        "civil servant id",
    ),
    "name": ("nama", "nama lengkap", "nama pegawai", "nama asn", "name", "full name", "employee name"),
    "employment_type": (
        "jenis kepegawaian",
        "jenis pegawai",
        "status kepegawaian",
        "status pegawai",
        "kedudukan kepegawaian",
        "employment type",
        "employment status",
    ),
    "position": ("jabatan", "nama jabatan", "jabatan nama", "position", "job title", "position name"),
    "position_class": (
        "kelas jabatan",
        "jenis jabatan",
        "kelompok jabatan",
        "position class",
        "position type",
    ),
    "unit": ("unit kerja", "unor", "nama unor", "unit organisasi", "satuan kerja", "unit", "work unit"),
    "agency": (
        "instansi",
        "kode instansi",
        "nama instansi",
        "instansi induk",
        "instansi kerja",
        "agency",
        "agency code",
        "agency name",
    ),
    "region_code": ("kode wilayah", "wilayah", "kode wilayah kerja", "region code", "region", "area code"),
    "nik": ("nik", "nomor induk kependudukan", "no ktp", "national id", "national id number"),
}
REQUIRED_COLUMNS = (
    "identifier",
    "name",
    "employment_type",
    "position",
    "position_class",
    "unit",
    "agency",
    "region_code",
)
_ALIAS_TO_FIELD = {alias: f for f, aliases in COLUMN_ALIASES.items() for alias in aliases}
COLUMN_LABELS = {
    "identifier": "NIP / NI PPPK",
    "name": "nama",
    "employment_type": "jenis kepegawaian",
    "position": "jabatan",
    "position_class": "kelas jabatan",
    "unit": "unit kerja",
    "agency": "instansi",
    "region_code": "kode wilayah",
    "nik": "NIK",
}


def map_header(header: list[Any]) -> dict[str, int]:
    """Field → column index, or `FileError` naming every missing or doubled column."""
    mapping: dict[str, int] = {}
    doubled: list[str] = []
    for index, cell in enumerate(header):
        fld = _ALIAS_TO_FIELD.get(_header_key(cell))
        if fld is None:
            continue  # extra columns (golongan, pendidikan…) are ignored
        if fld in mapping:
            doubled.append(str(cell))
            continue
        mapping[fld] = index
    missing = [COLUMN_LABELS[f] for f in REQUIRED_COLUMNS if f not in mapping]
    if missing or doubled:
        parts = []
        if missing:
            parts.append(_("kolom wajib tidak ditemukan: %(cols)s") % {"cols": ", ".join(missing)})
        if doubled:
            parts.append(_("kolom ganda: %(cols)s") % {"cols": ", ".join(doubled)})
        found = ", ".join(str(c) for c in header if str(c or "").strip()) or _("(kosong)")
        raise FileError(
            _("Berkas tidak dapat diimpor: %(problems)s. Judul kolom yang terbaca: %(found)s.")
            % {"problems": "; ".join(parts), "found": found}
        )
    return mapping


# ---------------------------------------------------------------- value vocabularies

EMPLOYMENT_ALIASES = {
    "pns": EmploymentType.PNS,
    "pegawai negeri sipil": EmploymentType.PNS,
    "cpns": EmploymentType.CPNS,
    "calon pns": EmploymentType.CPNS,
    "calon pegawai negeri sipil": EmploymentType.CPNS,
    "pppk": EmploymentType.PPPK,
    "p3k": EmploymentType.PPPK,
    "pegawai pemerintah dengan perjanjian kerja": EmploymentType.PPPK,
}
# "Pengawas" is an administrative position (UU 5/2014 Art. 14) like administrator; "fungsional
# umum"/JFU is the pre-2019 name of pelaksana.
POSITION_CLASS_ALIASES = {
    "jpt": PositionClass.JPT,
    "jpt utama": PositionClass.JPT,
    "jpt madya": PositionClass.JPT,
    "jpt pratama": PositionClass.JPT,
    "jabatan pimpinan tinggi": PositionClass.JPT,
    "pimpinan tinggi": PositionClass.JPT,
    "administrator": PositionClass.ADMINISTRATOR,
    "jabatan administrator": PositionClass.ADMINISTRATOR,
    "administrasi": PositionClass.ADMINISTRATOR,
    "jabatan administrasi": PositionClass.ADMINISTRATOR,
    "pengawas": PositionClass.ADMINISTRATOR,
    "struktural": PositionClass.ADMINISTRATOR,
    "fungsional": PositionClass.FUNCTIONAL,
    "jabatan fungsional": PositionClass.FUNCTIONAL,
    "fungsional tertentu": PositionClass.FUNCTIONAL,
    "jft": PositionClass.FUNCTIONAL,
    "functional": PositionClass.FUNCTIONAL,
    "pelaksana": PositionClass.PELAKSANA,
    "jabatan pelaksana": PositionClass.PELAKSANA,
    "fungsional umum": PositionClass.PELAKSANA,
    "jfu": PositionClass.PELAKSANA,
    "staf": PositionClass.PELAKSANA,
    "staff": PositionClass.PELAKSANA,
    "camat lurah": PositionClass.AREA_HEAD,
    "camat": PositionClass.AREA_HEAD,
    "lurah": PositionClass.AREA_HEAD,
    "kewilayahan": PositionClass.AREA_HEAD,
    "kepala wilayah": PositionClass.AREA_HEAD,
    "area head": PositionClass.AREA_HEAD,
}


def parse_position_class(value: str) -> str | None:
    key = _header_key(value)
    if key == "":
        return ""
    return POSITION_CLASS_ALIASES.get(key)


def normalize_region_code(value: str) -> str:
    """ "3279" or "32.79" → "32.79"; "327901" → "32.79.01"; "3279011001" → "32.79.01.1001"."""
    text = str(value or "").strip()
    digits = re.sub(r"\D", "", text)
    if "." in text or not digits:
        return text
    if len(digits) in (2, 4, 6):
        return ".".join(digits[i : i + 2] for i in range(0, len(digits), 2))
    if len(digits) == 10:
        return f"{digits[0:2]}.{digits[2:4]}.{digits[4:6]}.{digits[6:10]}"
    return text


# ---------------------------------------------------------------- reading files


@dataclass
class Source:
    """An opened registry file: the header and an iterator of (row number, cells)."""

    header: list[Any]
    rows: Iterator[tuple[int, list[Any]]]
    progress: Callable[[int], float]  # rows read → fraction of the file done
    rows_total: int | None
    close: Callable[[], None]


def _sniff_encoding(sample: bytes) -> str:
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A cut multi-byte character at the end of the sample is still UTF-8.
        if exc.start < len(sample) - 4:
            return "cp1252"
    return "utf-8-sig"


def open_csv(path: Path) -> Source:
    size = max(path.stat().st_size, 1)
    raw = path.open("rb")
    sample = raw.read(64 * 1024)
    raw.seek(0)
    encoding = _sniff_encoding(sample)
    first_line = sample.split(b"\n", 1)[0].decode(encoding, errors="replace")
    delimiter = max([",", ";", "\t", "|"], key=first_line.count)
    counter = {"bytes": 0}

    def lines() -> Iterator[str]:
        for chunk in raw:
            counter["bytes"] += len(chunk)
            yield chunk.decode(encoding, errors="replace")

    reader = csv.reader(lines(), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raw.close()
        raise FileError(_("Berkas kosong: tidak ada baris judul kolom.")) from None
    except csv.Error as exc:
        raw.close()
        raise FileError(_("Berkas CSV tidak dapat dibaca: %(error)s") % {"error": exc}) from exc

    def rows() -> Iterator[tuple[int, list[Any]]]:
        number = 1  # the header is row 1, as a spreadsheet shows it
        try:
            for cells in reader:
                number += 1
                if any(str(c).strip() for c in cells):
                    yield number, cells
        except csv.Error as exc:
            raise FileError(
                _("Berkas CSV rusak di sekitar baris %(row)d: %(error)s") % {"row": number + 1, "error": exc}
            ) from exc

    return Source(
        header=header,
        rows=rows(),
        progress=lambda _n: min(counter["bytes"] / size, 1.0),
        rows_total=None,
        close=raw.close,
    )


def open_xlsx(path: Path) -> Source:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken or non-XLSX file
        raise FileError(_("Berkas XLSX tidak dapat dibuka: %(error)s") % {"error": exc}) from exc
    sheet = workbook.worksheets[0]
    iterator = sheet.iter_rows(values_only=True)
    try:
        header = list(next(iterator))
    except StopIteration:
        workbook.close()
        raise FileError(_("Lembar pertama kosong: tidak ada baris judul kolom.")) from None
    total = (sheet.max_row - 1) if sheet.max_row else None

    def rows() -> Iterator[tuple[int, list[Any]]]:
        for number, cells in enumerate(iterator, start=2):
            values = ["" if c is None else c for c in cells]
            if any(str(c).strip() for c in values):
                yield number, values

    return Source(
        header=header,
        rows=rows(),
        progress=lambda n: min(n / total, 1.0) if total else 0.0,
        rows_total=total,
        close=workbook.close,
    )


def open_source(path: Path, file_format: str) -> Source:
    if file_format == "xlsx":
        return open_xlsx(path)
    if file_format == "csv":
        return open_csv(path)
    raise FileError(_("Format berkas tidak dikenal: gunakan CSV atau XLSX."))


def detect_format(name: str) -> str:
    lower = name.lower()
    if lower.endswith(".xlsx"):
        return "xlsx"
    if lower.endswith((".csv", ".txt")):
        return "csv"
    return ""


# ---------------------------------------------------------------- row validation


@dataclass
class Catalog:
    """Reference look-ups for validation, loaded once per run (agencies, regions, units)."""

    agencies: dict[str, int]  # code or lower-case name → id
    allowed: set[int] | None  # agency ids the importer may write; None = all
    regions: dict[str, int]  # code → id
    units: dict[tuple[int, str], int] = field(default_factory=dict)  # (agency id, lower name) → id

    @classmethod
    def load(cls, allowed: set[int] | None) -> Catalog:
        agencies: dict[str, int] = {}
        for pk, code, name in Agency.objects.values_list("pk", "code", "name"):
            agencies[code.lower()] = pk
            agencies.setdefault(name.strip().lower(), pk)
        regions = dict(Region.objects.values_list("code", "pk"))
        catalog = cls(agencies=agencies, allowed=allowed, regions=regions)
        for pk, agency_id, name in Unit.objects.values_list("pk", "agency_id", "name"):
            catalog.units[(agency_id, name.strip().lower())] = pk
        return catalog

    def unit_ids(self, wanted: set[tuple[int, str]], originals: dict[tuple[int, str], str]) -> None:
        """Create the units a batch names that do not exist yet (SIASN is the authority on units)."""
        missing = [k for k in wanted if k not in self.units]
        if not missing:
            return
        Unit.objects.bulk_create(
            [Unit(agency_id=a, name=originals[(a, n)][:200]) for a, n in missing], ignore_conflicts=True
        )
        agency_ids = {a for a, _n in missing}
        for pk, agency_id, name in Unit.objects.filter(agency_id__in=agency_ids).values_list("pk", "agency_id", "name"):
            self.units[(agency_id, name.strip().lower())] = pk


@dataclass
class Row:
    """One validated row, ready to upsert."""

    number: int
    identifier: str
    employment_type: str
    name: str
    name_normalized: str
    birth_date: dt.date
    gender: str
    position: str
    position_class: str
    agency_id: int
    unit_name: str
    region_id: int
    region_code: str
    nik: str
    unit_id: int | None = None

    @property
    def nik_index(self) -> str:
        return crypto.blind_index(self.nik) if self.nik else ""


def _cell(cells: list[Any], mapping: dict[str, int], name: str) -> Any:
    index = mapping.get(name)
    if index is None or index >= len(cells):
        return ""
    return cells[index]


def _text(value: Any) -> str:
    return re.sub(r"\s+", " ", str(value if value is not None else "")).strip()


def validate_row(number: int, cells: list[Any], mapping: dict[str, int], catalog: Catalog, today: dt.date) -> Row | str:
    """A `Row`, or the reason (Indonesian) why row `number` cannot be imported."""
    raw_id = _cell(cells, mapping, "identifier")
    if isinstance(raw_id, (int, float)) and not isinstance(raw_id, bool):
        # Excel keeps 15 significant digits: an 18-digit number stored as a number lost its tail.
        return _(
            "NIP/NI PPPK tersimpan sebagai angka di Excel sehingga digit terakhirnya hilang; "
            "format kolom itu sebagai teks lalu ekspor ulang."
        )
    kind_text = _header_key(_cell(cells, mapping, "employment_type"))
    kind = EMPLOYMENT_ALIASES.get(kind_text)
    if kind is None:
        return _("Jenis kepegawaian %(value)s tidak dikenal (PNS, CPNS atau PPPK).") % {
            "value": repr(_text(_cell(cells, mapping, "employment_type")))
        }
    try:
        info = validate_identifier(str(raw_id), kind, today=today)
    except IdentifierError as exc:
        return exc.reason
    name = _text(_cell(cells, mapping, "name"))
    if not name:
        return _("Nama kosong.")
    if len(name) > 200:
        return _("Nama lebih dari 200 karakter.")
    position_text = _text(_cell(cells, mapping, "position_class"))
    position_class = parse_position_class(position_text)
    if position_class is None:
        return _(
            "Kelas jabatan %(value)s tidak dikenal (JPT, administrator, fungsional, pelaksana atau camat/lurah)."
        ) % {"value": repr(position_text)}
    agency_text = _text(_cell(cells, mapping, "agency"))
    agency_id = catalog.agencies.get(agency_text.lower())
    if agency_id is None:
        return _("Instansi %(value)s tidak dikenal (isi kode atau nama instansi yang terdaftar).") % {
            "value": repr(agency_text)
        }
    if catalog.allowed is not None and agency_id not in catalog.allowed:
        return _("Instansi %(value)s berada di luar kewenangan Anda; baris ini tidak diimpor.") % {
            "value": repr(agency_text)
        }
    region_code = normalize_region_code(_text(_cell(cells, mapping, "region_code")))
    region_id = catalog.regions.get(region_code)
    if region_id is None:
        return _("Kode wilayah %(value)s tidak dikenal (kode Kemendagri, mis. 32.79).") % {"value": repr(region_code)}
    nik = clean_identifier(str(_cell(cells, mapping, "nik") or ""))
    if nik and (not nik.isdigit() or len(nik) != NIK_LENGTH):
        return _("NIK harus %(n)d digit angka.") % {"n": NIK_LENGTH}
    return Row(
        number=number,
        identifier=clean_identifier(str(raw_id)),
        employment_type=str(kind),
        name=name,
        name_normalized=normalize_name(name)[:200],
        birth_date=info.birth_date,
        gender=info.gender,
        position=_text(_cell(cells, mapping, "position"))[:200],
        position_class=str(position_class),
        agency_id=agency_id,
        unit_name=_text(_cell(cells, mapping, "unit"))[:200],
        region_id=region_id,
        region_code=region_code,
        nik=nik,
    )


# ---------------------------------------------------------------- writing batches

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
    errors: list[tuple[int, str]] = field(default_factory=list)


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _duplicates_in_db(run: ImportRun, identifiers: list[str]) -> dict[str, int]:
    """Identifiers this run already took in an earlier batch → the row that carried them."""
    found: dict[str, int] = {}
    for chunk in _chunks(identifiers, 900):
        found.update(ImportSeen.objects.filter(run=run, identifier__in=chunk).values_list("identifier", "row"))  # type: ignore[arg-type]
    return found


def _remember(run: ImportRun, rows: list[Row]) -> None:
    """Record this batch's identifiers as seen by `run` (inside the batch transaction)."""
    ImportSeen.objects.bulk_create(
        [ImportSeen(run=run, identifier=r.identifier, row=r.number) for r in rows], batch_size=2000
    )


def forget_seen(run: ImportRun) -> None:
    """Drop a finished (or abandoned) run's duplicate-detection rows."""
    ImportSeen.objects.filter(run=run).delete()


def _refresh_keys(asn_rows: list[tuple[int, str, int, str]]) -> None:
    """Replace the look-up keys of (asn id, normalized name, agency id, region code) rows."""
    if not asn_rows:
        return
    ids = [r[0] for r in asn_rows]
    for chunk in _chunks(ids, 900):
        ASNNameKey.objects.filter(asn_id__in=chunk).delete()
    ASNNameKey.objects.bulk_create(
        [
            ASNNameKey(asn_id=pk, key=key, agency_id=agency_id, region_code=region_code)
            for pk, normalized, agency_id, region_code in asn_rows
            for key in name_keys(normalized)
        ],
        batch_size=5000,
    )


def write_batch_orm(run: ImportRun, rows: list[Row]) -> BatchResult:
    """Portable path (SQLite): compare with existing rows, then `bulk_create(update_conflicts)`."""
    result = BatchResult()
    _remember(run, rows)
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


STAGE_COLUMNS = (
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
    "region_id",
    "region_code",
    "nik_encrypted",
    "nik_index",
    "import_row",
    "name_keys",
)
_DISTINCT = " OR ".join(
    f"a.{c} IS DISTINCT FROM s.{c}"
    for c in (
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
    )
)


def _ensure_stage(cursor: Any) -> None:
    cursor.execute(
        """
        CREATE TEMP TABLE IF NOT EXISTS personnel_asn_stage (
            identifier varchar(18), employment_type varchar(4), name varchar(200),
            name_normalized varchar(200), birth_date date, gender varchar(1), position varchar(200),
            position_class varchar(16), agency_id bigint, unit_id bigint, region_id bigint,
            region_code varchar(13), nik_encrypted text, nik_index varchar(64), import_row integer,
            name_keys text, existing_id bigint, state char(1), rekey boolean
        ) ON COMMIT DELETE ROWS
        """
    )


def write_batch_postgres(run: ImportRun, rows: list[Row]) -> BatchResult:
    """PostgreSQL path: COPY the batch into a staging table, classify it, then one upsert.

    The staging table is temporary and emptied at commit, so a batch either lands whole or
    not at all. `state` marks each staged row n(ew) / c(hanged) / u(nchanged) before the
    upsert; unchanged rows are left alone, so their `updated_at` keeps its value.
    """
    result = BatchResult()
    with connection.cursor() as cursor:
        _ensure_stage(cursor)
        # Emptied at commit anyway; truncated here too for savepoints (nested atomic blocks in tests).
        cursor.execute("TRUNCATE personnel_asn_stage")
        raw = cursor.cursor  # psycopg3 cursor under Django's wrapper
        with raw.copy(f"COPY personnel_asn_stage ({', '.join(STAGE_COLUMNS)}) FROM STDIN") as copy:
            for r in rows:
                copy.write_row(
                    (
                        r.identifier,
                        r.employment_type,
                        r.name,
                        r.name_normalized,
                        r.birth_date,
                        r.gender,
                        r.position,
                        r.position_class,
                        r.agency_id,
                        r.unit_id,
                        r.region_id,
                        r.region_code,
                        crypto.encrypt(r.nik) if r.nik else "",
                        r.nik_index,
                        r.number,
                        " ".join(name_keys(r.name_normalized)),
                    )
                )
        cursor.execute("ANALYZE personnel_asn_stage")  # a temp table has no statistics otherwise
        cursor.execute(
            """
            INSERT INTO personnel_importseen (run_id, identifier, row)
            SELECT %s, identifier, import_row FROM personnel_asn_stage
            """,
            [run.pk],
        )
        cursor.execute(
            f"""
            UPDATE personnel_asn_stage s SET existing_id = a.id,
                state = CASE WHEN {_DISTINCT} OR NOT a.active
                                  OR (s.nik_index <> '' AND s.nik_index IS DISTINCT FROM a.nik_index)
                             THEN 'c' ELSE 'u' END,
                rekey = (a.name_normalized IS DISTINCT FROM s.name_normalized
                         OR a.agency_id IS DISTINCT FROM s.agency_id
                         OR a.region_code IS DISTINCT FROM s.region_code)
            FROM personnel_asn a WHERE a.identifier = s.identifier
            """  # noqa: S608 (only our own column names are interpolated)
        )
        cursor.execute("UPDATE personnel_asn_stage SET state = 'n', rekey = true WHERE existing_id IS NULL")
        cursor.execute("SELECT state, count(*) FROM personnel_asn_stage GROUP BY state")
        counts = dict(cursor.fetchall())
        result.created, result.updated, result.unchanged = counts.get("n", 0), counts.get("c", 0), counts.get("u", 0)
        # Unchanged rows are not written at all (no new tuple, no index churn).
        cursor.execute(
            """
            INSERT INTO personnel_asn AS a (
                identifier, employment_type, name, name_normalized, birth_date, gender, position,
                position_class, agency_id, unit_id, region_id, region_code, active, updated_at,
                nik_encrypted, nik_index, import_run_id, import_row)
            SELECT identifier, employment_type, name, name_normalized, birth_date, gender, position,
                   position_class, agency_id, unit_id, region_id, region_code, true, now(),
                   nik_encrypted, nik_index, %s, import_row
            FROM personnel_asn_stage WHERE state <> 'u'
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
            """,
            [run.pk],
        )
        # Look-up keys: replaced for new rows and rows whose name, agency or region changed.
        cursor.execute(
            """
            DELETE FROM personnel_asnnamekey k USING personnel_asn_stage s
            WHERE s.rekey AND s.existing_id IS NOT NULL AND k.asn_id = s.existing_id
            """
        )
        cursor.execute(
            """
            INSERT INTO personnel_asnnamekey (asn_id, key, agency_id, region_code)
            SELECT a.id, k, s.agency_id, s.region_code
            FROM personnel_asn_stage s JOIN personnel_asn a ON a.identifier = s.identifier
            CROSS JOIN LATERAL unnest(string_to_array(s.name_keys, ' ')) AS k
            WHERE s.rekey AND k <> ''
            """
        )
    return result


def write_batch(run: ImportRun, rows: list[Row]) -> BatchResult:
    if connection.vendor == "postgresql":
        return write_batch_postgres(run, rows)
    return write_batch_orm(run, rows)


# ---------------------------------------------------------------- the run


def _record(run: ImportRun, errors: list[tuple[int, str]]) -> None:
    run.error_count += len(errors)
    room = ImportRun.MAX_ERRORS - len(run.errors)
    if room > 0:
        run.errors = [*run.errors, *({"row": n, "reason": reason} for n, reason in errors[:room])]


def process(
    run: ImportRun,
    path: Path,
    *,
    batch_size: int = DEFAULT_BATCH,
    on_progress: Callable[[ImportRun], None] | None = None,
    fail_after_batches: int | None = None,
) -> ImportRun:
    """Import `path` into the registry for `run`, resuming after `run.last_committed_row`.

    `fail_after_batches` exists for tests that simulate a crash after N committed batches.
    """
    today = timezone.localdate()
    source = open_source(path, run.file_format)
    try:
        mapping = map_header(source.header)
        allowed = None if run.agency_id is None else {run.agency_id}
        catalog = Catalog.load(allowed)
        run.rows_total = source.rows_total
        resume_after = run.last_committed_row
        pending: list[Row] = []
        pending_errors: list[tuple[int, str]] = []
        seen: dict[str, int] = {}  # identifiers of the batch being built → row number
        committed_batches = 0
        read = 0
        batch_count = 0
        last_row = resume_after

        def flush() -> None:
            nonlocal committed_batches, pending, pending_errors, seen, batch_count
            with transaction.atomic():
                earlier = _duplicates_in_db(run, [r.identifier for r in pending])
                rows = []
                for r in pending:
                    if r.identifier in earlier:
                        pending_errors.append(
                            (
                                r.number,
                                _("NIP/NI PPPK %(id)s ganda: sudah ada di baris %(row)d berkas ini.")
                                % {"id": r.identifier, "row": earlier[r.identifier]},
                            )
                        )
                    else:
                        rows.append(r)
                wanted = {(r.agency_id, r.unit_name.lower()) for r in rows if r.unit_name}
                catalog.unit_ids(wanted, {(r.agency_id, r.unit_name.lower()): r.unit_name for r in rows})
                for r in rows:
                    r.unit_id = catalog.units.get((r.agency_id, r.unit_name.lower())) if r.unit_name else None
                result = write_batch(run, rows) if rows else BatchResult()
                run.created += result.created
                run.updated += result.updated
                run.unchanged += result.unchanged
                _record(run, sorted(pending_errors))
                run.rows_done += batch_count
                run.last_committed_row = last_row
                run.progress = source.progress(read)
                run.heartbeat_at = timezone.now()
                run.save()
            committed_batches += 1
            pending, pending_errors, seen, batch_count = [], [], {}, 0
            if on_progress is not None:
                on_progress(run)
            if fail_after_batches is not None and committed_batches >= fail_after_batches:
                raise RuntimeError("simulated crash after a committed batch")

        for number, cells in source.rows:
            read += 1
            if number <= resume_after:
                continue
            last_row = number
            batch_count += 1
            checked = validate_row(number, cells, mapping, catalog, today)
            if isinstance(checked, str):
                pending_errors.append((number, checked))
            elif checked.identifier in seen:
                pending_errors.append(
                    (
                        number,
                        _("NIP/NI PPPK %(id)s ganda: sudah ada di baris %(row)d berkas ini.")
                        % {"id": checked.identifier, "row": seen[checked.identifier]},
                    )
                )
            else:
                seen[checked.identifier] = number
                pending.append(checked)
            if batch_count >= batch_size:
                flush()
        if batch_count:
            flush()
    finally:
        source.close()
    run.progress = 1.0
    return run


def read_header(path: Path, file_format: str) -> dict[str, int]:
    """Check the header only (the upload form calls this before accepting a file)."""
    source = open_source(path, file_format)
    try:
        return map_header(source.header)
    finally:
        source.close()


def errors_csv(run: ImportRun) -> str:
    """The run's recorded per-row errors as CSV (row, reason) for download."""
    # Reasons quote what the uploader wrote: the shared writer neutralises spreadsheet formulas.
    return csvexport.text([_("baris"), _("alasan")], ([item.get("row"), item.get("reason")] for item in run.errors))


def is_stale(run: ImportRun, seconds: int = 120) -> bool:
    """A 'running' run whose worker stopped sending heartbeats (crashed or killed)."""
    beat = run.heartbeat_at or run.started_at or run.created_at
    return run.status != ImportStatus.RUNNING or beat is None or (timezone.now() - beat).total_seconds() > seconds
