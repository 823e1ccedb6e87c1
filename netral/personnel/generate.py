"""Synthetic registry data for the demo, the tests and the benchmarks (all names invented here).

Identifiers are valid by construction (`identifiers.parse_nip` accepts them); names carry
the titles real registries carry ("Drs. H. …, M.Si") so look-up is exercised honestly.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

FIRST_M = [
    "Agus", "Budi", "Eko", "Edi", "Gilang", "Hendra", "Joko", "Mulyadi", "Rahmat", "Teguh", "Wahyu",
    "Zainal", "Asep", "Dadang", "Ujang", "Iwan", "Andi", "Syamsul", "Bambang", "Slamet", "Heri", "Yusuf",
    "Dedi", "Rudi", "Fajar", "Arif", "Taufik", "Hasan", "Ridwan", "Irfan", "Suparman", "Sugeng", "Wawan",
    "Yudi", "Hadi", "Bayu", "Dimas", "Ilham", "Rizki", "Sutrisno", "Haryanto", "Darmawan", "Nanang",
]  # fmt: skip
FIRST_F = [
    "Citra", "Dewi", "Fitri", "Indah", "Kartika", "Lestari", "Nurhayati", "Putri", "Sari", "Utami", "Yuni",
    "Euis", "Rina", "Siti", "Nurul", "Halimah", "Sri", "Wulan", "Ratna", "Yanti", "Endang", "Rini", "Ani",
    "Ayu", "Diah", "Fatimah", "Maya", "Novi", "Ratih", "Tuti", "Winarti", "Yuliana", "Susanti", "Retno",
]  # fmt: skip
MIDDLE_M = ["Muhammad", "Nur", "Dwi", "Tri", "Eka", "Ahmad", "Abdul", "Adi", "Putu", "Made"]
MIDDLE_F = ["Siti", "Sri", "Nur", "Dwi", "Tri", "Eka", "Dewi", "Putu", "Ni Made"]
LAST = [
    "Saputra", "Wijaya", "Rahayu", "Hidayat", "Kurniawan", "Permana", "Suryani", "Gunawan", "Setiawan",
    "Nugraha", "Pratama", "Siregar", "Harahap", "Ramli", "Syahputra", "Maulana", "Sukmawati", "Hariono",
    "Santoso", "Wibowo", "Susanto", "Purnomo", "Hartono", "Prasetyo", "Firmansyah", "Nasution", "Lubis",
    "Simanjuntak", "Hutapea", "Pangaribuan", "Tanjung", "Batubara", "Sembiring", "Ginting", "Tarigan",
    "Rangkuti", "Daulay", "Pohan", "Manurung", "Sinaga", "Sihombing", "Situmorang", "Pardede", "Silalahi",
    "Kusuma", "Anggraini", "Wulandari", "Handayani", "Puspitasari", "Rachman", "Hakim", "Fauzi", "Ramadhan",
    "Sulistyo", "Widodo", "Supriyadi", "Mulyono", "Sudrajat", "Kusnadi", "Suherman", "Rohman", "Mansur",
]  # fmt: skip
PREFIX_M = ["Drs.", "Dr.", "Ir.", "H.", "Drs. H.", "Prof. Dr."]
PREFIX_F = ["Dra.", "Dr.", "Ir.", "Hj.", "Dra. Hj."]
SUFFIX = ["S.STP.", "M.Si", "S.Pd.", "S.H.", "M.M.", "S.Kom", "ST", "MBA", "S.E.", "M.Pd.", "S.Sos.", "A.Md."]
POSITIONS = [
    ("Camat", "camat/lurah"),
    ("Lurah", "camat/lurah"),
    ("Guru Ahli Pertama", "fungsional"),
    ("Guru Ahli Muda", "fungsional"),
    ("Kepala Dinas", "JPT"),
    ("Sekretaris Daerah", "JPT"),
    ("Kepala Bidang", "administrator"),
    ("Kepala Seksi", "pengawas"),
    ("Polisi Pamong Praja", "fungsional"),
    ("Kepala Satuan Polisi Pamong Praja", "JPT"),
    ("Analis Kebijakan", "fungsional"),
    ("Perawat Terampil", "fungsional"),
    ("Pengadministrasi Umum", "pelaksana"),
    ("Pengelola Keuangan", "pelaksana"),
    ("Penyuluh Pertanian", "fungsional"),
]


def nip(rng: random.Random, today: dt.date, *, gender: str | None = None) -> str:
    """A valid PNS NIP: born 1965–2000, appointed as CPNS between age 19 and 35, not in the future."""
    born = dt.date(rng.randint(1965, 2000), rng.randint(1, 12), rng.randint(1, 28))
    year = min(born.year + rng.randint(19, 35), today.year - 1)
    month = rng.randint(1, 12)
    g = gender or rng.choice("12")
    return f"{born:%Y%m%d}{year:04d}{month:02d}{g}{rng.randint(1, 3):03d}"


def ni_pppk(rng: random.Random, today: dt.date, *, gender: str | None = None) -> str:
    """A valid NI PPPK: birth date, year of appointment (2019–), two-digit code, gender, serial."""
    born = dt.date(rng.randint(1970, 2001), rng.randint(1, 12), rng.randint(1, 28))
    year = rng.randint(2019, max(2019, today.year - 1))
    g = gender or rng.choice("12")
    return f"{born:%Y%m%d}{year:04d}{rng.randint(1, 12):02d}{g}{rng.randint(1, 999):03d}"


def person_name(rng: random.Random, gender: str, *, titles: bool = True) -> str:
    first = rng.choice(FIRST_M if gender == "1" else FIRST_F)
    parts = [first]
    if rng.random() < 0.35:
        parts.insert(0, rng.choice(MIDDLE_M if gender == "1" else MIDDLE_F))
    parts.append(rng.choice(LAST))
    if rng.random() < 0.3:
        parts.append(rng.choice(LAST))
    name = " ".join(parts)
    if titles and rng.random() < 0.35:
        name = f"{rng.choice(PREFIX_M if gender == '1' else PREFIX_F)} {name}"
    if titles and rng.random() < 0.55:
        name = f"{name}, {rng.choice(SUFFIX)}"
    return name


HEADER = ["NIP", "Nama", "Jenis Kepegawaian", "Jabatan", "Kelas Jabatan", "Unit Kerja", "Instansi", "Kode Wilayah"]


def registry_rows(
    rng: random.Random, today: dt.date, count: int, agencies: list[tuple[str, str]], units: list[str]
) -> Iterator[list[str]]:
    """`count` valid SIASN-shaped rows over (agency code, region code) pairs; identifiers unique."""
    seen: set[str] = set()
    while len(seen) < count:
        gender = rng.choice("12")
        kind = "PPPK" if rng.random() < 0.23 else ("CPNS" if rng.random() < 0.03 else "PNS")
        ident = ni_pppk(rng, today, gender=gender) if kind == "PPPK" else nip(rng, today, gender=gender)
        if ident in seen:
            continue
        seen.add(ident)
        position, klass = rng.choice(POSITIONS)
        agency, region = rng.choice(agencies)
        yield [ident, person_name(rng, gender), kind, position, klass, rng.choice(units), agency, region]


def write_registry_csv(path: Path, rows: Iterator[list[str]], header: list[str] | None = None) -> int:
    count = 0
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header or HEADER)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count
