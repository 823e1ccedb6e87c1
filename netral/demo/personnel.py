"""Demo ASN: a few hundred civil servants across the demo agencies, with titles in their names.

Written through the same batch writer as real imports, so the demo also has look-up keys.
Later builders find them in ``world.extra["asn"]`` (a list of ASN) and the notable officials
(camat, lurah, kepala dinas, sekda, Satpol PP) in ``world.extra["asn_officials"]``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from netral.agencies.models import Unit
from netral.personnel import generate, importer
from netral.personnel.choices import EmploymentType, PositionClass
from netral.personnel.models import ASN, ImportRun
from netral.personnel.names import normalize_name

if TYPE_CHECKING:
    from netral.demo.world import World

PER_AGENCY = 40
OFFICIALS = [
    ("Sekretaris Daerah", PositionClass.JPT, "Sekretariat Daerah"),
    ("Kepala Dinas Pendidikan", PositionClass.JPT, "Dinas Pendidikan"),
    ("Kepala Dinas Kesehatan", PositionClass.JPT, "Dinas Kesehatan"),
    ("Kepala Satuan Polisi Pamong Praja", PositionClass.JPT, "Satuan Polisi Pamong Praja"),
    ("Polisi Pamong Praja Terampil", PositionClass.FUNCTIONAL, "Satuan Polisi Pamong Praja"),
    ("Kepala Bidang Pembinaan SD", PositionClass.ADMINISTRATOR, "Dinas Pendidikan"),
]
STAFF = [
    ("Guru Ahli Pertama", PositionClass.FUNCTIONAL, "Dinas Pendidikan"),
    ("Guru Ahli Muda", PositionClass.FUNCTIONAL, "Dinas Pendidikan"),
    ("Perawat Terampil", PositionClass.FUNCTIONAL, "Dinas Kesehatan"),
    ("Pengadministrasi Umum", PositionClass.PELAKSANA, None),
    ("Analis Kebijakan Ahli Muda", PositionClass.FUNCTIONAL, None),
    ("Penyuluh Pertanian", PositionClass.FUNCTIONAL, "Dinas Pertanian"),
]


def build(world: World) -> None:
    rng = world.rng
    run = ImportRun.objects.create(file_name="data demo", file_sha256="demo", file_format="csv", status="done")
    rows: list[importer.Row] = []
    seen: set[str] = set()
    number = 1
    for agency in world.agencies:
        units = list(Unit.objects.filter(agency=agency))
        by_name = {u.name: u for u in units}
        region_code = agency.region_code or "31"
        region_id = agency.region_id
        if region_id is None:
            from netral.regions.models import Region

            region = Region.objects.get(code=region_code)
            region_id = region.pk
        plan: list[tuple[str, str, Unit | None]] = []
        for official, official_class, official_unit in OFFICIALS:
            plan.append((official, official_class, by_name.get(official_unit) if official_unit else None))
        for unit in units:
            if unit.kind == "kecamatan":
                plan.append((f"Camat {unit.name.removeprefix('Kecamatan ')}", PositionClass.AREA_HEAD, unit))
                plan.append(
                    (f"Lurah {rng.choice(['Sukamaju', 'Mekarsari', 'Karanganyar'])}", PositionClass.AREA_HEAD, unit)
                )
        while len(plan) < PER_AGENCY:
            staff_position, staff_class, staff_unit_name = rng.choice(STAFF)
            staff_unit = by_name.get(staff_unit_name) if staff_unit_name else (rng.choice(units) if units else None)
            plan.append((staff_position, staff_class, staff_unit))
        for position, klass, person_unit in plan:
            unit_region = person_unit.region if person_unit and person_unit.region_id else None
            gender = rng.choice("12")
            pppk = klass in (PositionClass.FUNCTIONAL, PositionClass.PELAKSANA) and rng.random() < 0.25
            while True:
                ident = (
                    generate.ni_pppk(rng, world.today, gender=gender)
                    if pppk
                    else generate.nip(rng, world.today, gender=gender)
                )
                if ident not in seen:
                    seen.add(ident)
                    break
            name = generate.person_name(rng, gender)
            if klass in (PositionClass.JPT, PositionClass.AREA_HEAD) and "," not in name:
                prefix = rng.choice(["Drs. H.", "H.", "Dr.", "Ir."] if gender == "1" else ["Dra. Hj.", "Hj.", "Dr."])
                name = f"{prefix} {name}, {rng.choice(['M.Si', 'S.STP.', 'M.M.'])}"
            number += 1
            rows.append(
                importer.Row(
                    number=number,
                    identifier=ident,
                    employment_type=EmploymentType.PPPK if pppk else EmploymentType.PNS,
                    name=name,
                    name_normalized=normalize_name(name),
                    birth_date=_birth(ident),
                    gender=gender,
                    position=position,
                    position_class=str(klass),
                    agency_id=agency.pk,
                    unit_name=person_unit.name if person_unit else "",
                    region_id=unit_region.pk if unit_region else region_id,
                    region_code=unit_region.code if unit_region else region_code,
                    nik="",
                    unit_id=person_unit.pk if person_unit else None,
                )
            )
    result = importer.write_batch(run, rows)
    importer.forget_seen(run)
    ImportRun.objects.filter(pk=run.pk).update(
        rows_done=len(rows), created=result.created, updated=result.updated, unchanged=result.unchanged, progress=1.0
    )
    asn = list(ASN.objects.filter(identifier__in=seen).select_related("agency", "unit"))
    world.extra["asn"] = asn
    world.extra["asn_officials"] = [a for a in asn if a.position_class in (PositionClass.JPT, PositionClass.AREA_HEAD)]


def _birth(identifier: str) -> dt.date:
    return dt.date(int(identifier[0:4]), int(identifier[4:6]), int(identifier[6:8]))
