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
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from netral.agencies.models import Agency, Unit
from netral.core import crypto, csvexport
from netral.personnel.choices import EmploymentType, PositionClass
from netral.personnel.identifiers import IdentifierError, clean_identifier, validate_identifier
from netral.personnel.models import ImportRun, ImportSeen
from netral.personnel.names import normalize_name
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


class _CountingReader(io.RawIOBase):
    """A binary file that counts the bytes read from it (progress through a CSV file)."""

    def __init__(self, raw: io.BufferedReader) -> None:
        self.raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        read = self.raw.readinto(buffer) or 0
        self.count += read
        return read

    def close(self) -> None:
        self.raw.close()
        super().close()


def open_csv(path: Path) -> Source:
    size = max(path.stat().st_size, 1)
    with path.open("rb") as fh:
        sample = fh.read(64 * 1024)
    encoding = _sniff_encoding(sample)
    first_line = sample.split(b"\n", 1)[0].decode(encoding, errors="replace")
    delimiter = max([",", ";", "\t", "|"], key=first_line.count)
    counting = _CountingReader(path.open("rb"))
    # Decoding and splitting stay in C (TextIOWrapper, csv): a national file has millions of lines.
    text = io.TextIOWrapper(io.BufferedReader(counting, 1 << 20), encoding=encoding, errors="replace", newline="")
    reader = csv.reader(text, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        text.close()
        raise FileError(_("Berkas kosong: tidak ada baris judul kolom.")) from None
    except csv.Error as exc:
        text.close()
        raise FileError(_("Berkas CSV tidak dapat dibaca: %(error)s") % {"error": exc}) from exc

    def rows() -> Iterator[tuple[int, list[Any]]]:
        number = 1  # the header is row 1, as a spreadsheet shows it
        try:
            for cells in reader:
                number += 1
                if cells and (cells[0].strip() or any(c.strip() for c in cells)):
                    yield number, cells
        except csv.Error as exc:
            raise FileError(
                _("Berkas CSV rusak di sekitar baris %(row)d: %(error)s") % {"row": number + 1, "error": exc}
            ) from exc

    return Source(
        header=header,
        rows=rows(),
        progress=lambda _n: min(counting.count / size, 1.0),
        rows_total=None,
        close=text.close,
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


@dataclass(slots=True)
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


def duplicate_reason(identifier: str, first_row: int) -> str:
    """The error of a row whose identifier an earlier row of the same file already carried."""
    return _("NIP/NI PPPK %(id)s ganda: sudah ada di baris %(row)d berkas ini.") % {"id": identifier, "row": first_row}


def forget_seen(run: ImportRun) -> None:
    """Drop a finished (or abandoned) run's duplicate-detection rows."""
    ImportSeen.objects.filter(run=run).delete()


def write_batch(run: ImportRun, rows: list[Row]) -> Any:
    """Upsert already validated rows (the demo data and tests use this); see `import_write`."""
    from netral.personnel.import_write import write_rows

    return write_rows(run, rows)


def estimate_rows(path: Path, file_format: str) -> int | None:
    """About how many data rows the file has (CSV: size over the mean length of its first lines)."""
    if file_format == "xlsx":
        source = open_xlsx(path)
        source.close()
        return source.rows_total
    size = path.stat().st_size
    with path.open("rb") as fh:
        sample = fh.read(256 * 1024)
    lines = sample.count(b"\n")
    if lines < 2:
        return max(lines - 1, 0)
    body = sample[sample.index(b"\n") + 1 :]
    per_line = len(body) / max(body.count(b"\n"), 1)
    header = len(sample) - len(body)
    return int((size - header) / per_line) if len(sample) < size else body.count(b"\n")
