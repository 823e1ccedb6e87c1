"""Demo world: a few provinces and regencies, agencies with PPK and units, users for every role,
candidate pairs per contest. Each app's part is a module of this package with a ``build(world)``
function (through that app's real services); ``build_world`` calls them in dependency order.

All names and texts are written by the project (never copied from news articles).
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from netral.accounts.choices import Role, SupervisorLevel
from netral.accounts.models import User
from netral.agencies.choices import AgencyKind, PPKTitle, Tenure, UnitKind
from netral.agencies.models import Agency, PPKHolder, Unit
from netral.regions.calendar import election_for
from netral.regions.models import CandidatePair, Contest, Election, Region
from netral.regions.services import rehearsal_copy

DEMO_PASSWORD = "netral-demo-2024"
# Demo regencies/cities: (code, PPK title, tenure). Jawa Barat, Sumatera Selatan, Sulawesi Selatan.
DEMO_REGENCIES = [
    ("32.79", PPKTitle.MAYOR, Tenure.PJ),
    ("32.14", PPKTitle.REGENT, Tenure.PJ),
    ("32.04", PPKTitle.REGENT, Tenure.DEFINITIVE),
    ("16.07", PPKTitle.REGENT, Tenure.PJ),
    ("16.71", PPKTitle.MAYOR, Tenure.PJS),
    ("73.07", PPKTitle.REGENT, Tenure.PJ),
]
DEMO_PROVINCES = ["32", "16", "73"]
FIRST = [
    "Agus",
    "Budi",
    "Citra",
    "Dewi",
    "Eko",
    "Fitri",
    "Gilang",
    "Hendra",
    "Indah",
    "Joko",
    "Kartika",
    "Lestari",
    "Mulyadi",
    "Nurhayati",
    "Oki",
    "Putri",
    "Rahmat",
    "Sari",
    "Teguh",
    "Utami",
    "Wahyu",
    "Yuni",
    "Zainal",
    "Asep",
    "Dadang",
    "Euis",
    "Ujang",
    "Iwan",
    "Rina",
    "Siti",
    "Andi",
    "Muh.",
    "Nurul",
    "Syamsul",
    "Halimah",
]
LAST = [
    "Saputra",
    "Wijaya",
    "Rahayu",
    "Hidayat",
    "Kurniawan",
    "Permana",
    "Suryani",
    "Gunawan",
    "Setiawan",
    "Nugraha",
    "Pratama",
    "Lestari",
    "Siregar",
    "Harahap",
    "Daeng",
    "Ramli",
    "Syahputra",
    "Maulana",
    "Sukmawati",
]
OPD = [
    "Dinas Pendidikan",
    "Dinas Kesehatan",
    "Dinas Pekerjaan Umum dan Penataan Ruang",
    "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    "Dinas Sosial",
    "Satuan Polisi Pamong Praja",
    "Dinas Perhubungan",
    "Sekretariat Daerah",
    "Dinas Kependudukan dan Pencatatan Sipil",
    "Dinas Pertanian",
]


@dataclass
class World:
    """What later demo builders need: the random source, regions, agencies, users, today."""

    rng: random.Random
    today: datetime.date
    provinces: list[Region] = field(default_factory=list)
    regencies: list[Region] = field(default_factory=list)
    agencies: list[Agency] = field(default_factory=list)
    users: dict[str, User] = field(default_factory=dict)
    election: Election | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def person(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"


def _user(username: str, role: str, full: str, **kw: Any) -> User:
    user, created = User.objects.get_or_create(username=username, defaults={"role": role, **kw})
    if created:
        first, _, last = full.partition(" ")
        user.first_name, user.last_name = first, last
        user.email = f"{username}@demo.netral.test"
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def build_foundation(world: World) -> None:
    rng = world.rng
    # The demo sits inside an election the calendar holds: the Pilkada running on the demo's today
    # if there is one, else Pilkada 2024's real calendar moved so that voting was three days ago
    # (campaign, quiet period, voting and recapitulation all in reach).
    running = election_for(world.today)
    if running is not None and running.kind == "pilkada" and not running.provisional:
        world.election = running
    else:
        world.election = rehearsal_copy(
            "pilkada2024", code="demo-pilkada", voting_date=world.today - datetime.timedelta(days=3)
        )
    world.provinces = list(Region.objects.filter(code__in=DEMO_PROVINCES))
    world.regencies = list(Region.objects.filter(code__in=[c for c, _, _ in DEMO_REGENCIES]))
    for reg in world.provinces:
        agency, _ = Agency.objects.get_or_create(
            code=f"pemprov-{reg.code}",
            defaults={
                "name": f"Pemerintah Provinsi {reg.name}",
                "kind": AgencyKind.PROVINCE_GOV,
                "region": reg,
                "asn_headcount": rng.randint(9000, 16000),
            },
        )
        PPKHolder.objects.get_or_create(
            agency=agency,
            defaults={
                "name": world.person(),
                "title": PPKTitle.GOVERNOR,
                "tenure": Tenure.PJ,
                "start": datetime.date(2023, 9, 5),
            },
        )
        world.agencies.append(agency)
    for code, title, tenure in DEMO_REGENCIES:
        reg = Region.objects.get(code=code)
        kind = AgencyKind.CITY_GOV if reg.kind == "kota" else AgencyKind.REGENCY_GOV
        agency, _ = Agency.objects.get_or_create(
            code=f"pemda-{code}",
            defaults={
                "name": f"Pemerintah {reg.name}",
                "kind": kind,
                "region": reg,
                "asn_headcount": rng.randint(2500, 9000),
            },
        )
        PPKHolder.objects.get_or_create(
            agency=agency,
            defaults={"name": world.person(), "title": title, "tenure": tenure, "start": datetime.date(2023, 12, 1)},
        )
        for opd in OPD:
            Unit.objects.get_or_create(agency=agency, name=opd, defaults={"kind": UnitKind.OPD, "region": reg})
        for kec in Region.objects.filter(parent=reg)[:6]:
            Unit.objects.get_or_create(
                agency=agency, name=f"Kecamatan {kec.name}", defaults={"kind": UnitKind.KECAMATAN, "region": kec}
            )
        world.agencies.append(agency)
    ministry, _ = Agency.objects.get_or_create(
        code="kemenag", defaults={"name": "Kementerian Agama", "kind": AgencyKind.MINISTRY, "asn_headcount": 240000}
    )
    PPKHolder.objects.get_or_create(
        agency=ministry,
        defaults={"name": world.person(), "title": PPKTitle.MINISTER, "start": datetime.date(2024, 10, 21)},
    )
    world.agencies.append(ministry)

    # Users for every role; the README lists them.
    u = world.users
    u["admin"] = _user("admin", Role.ADMIN, "Admin Netral", is_staff=True, is_superuser=True)
    u["bawaslu_ri"] = _user("bawaslu_ri", Role.SUPERVISOR, "Rina Pengawas", supervisor_level=SupervisorLevel.RI)
    u["bawaslu_jabar"] = _user(
        "bawaslu_jabar",
        Role.SUPERVISOR,
        "Dadang Permana",
        supervisor_level=SupervisorLevel.PROVINCE,
        region=Region.objects.get(code="32"),
        is_head=True,
    )
    u["bawaslu_banjar"] = _user(
        "bawaslu_banjar",
        Role.SUPERVISOR,
        "Euis Suryani",
        supervisor_level=SupervisorLevel.REGENCY,
        region=Region.objects.get(code="32.79"),
        is_head=True,
    )
    u["bawaslu_purwakarta"] = _user(
        "bawaslu_purwakarta",
        Role.SUPERVISOR,
        "Asep Nugraha",
        supervisor_level=SupervisorLevel.REGENCY,
        region=Region.objects.get(code="32.14"),
    )
    u["bawaslu_banyuasin"] = _user(
        "bawaslu_banyuasin",
        Role.SUPERVISOR,
        "Syamsul Harahap",
        supervisor_level=SupervisorLevel.REGENCY,
        region=Region.objects.get(code="16.07"),
    )
    u["panwascam_banjar"] = _user(
        "panwascam_banjar",
        Role.SUPERVISOR,
        "Ujang Hidayat",
        supervisor_level=SupervisorLevel.DISTRICT,
        region=Region.objects.get(code="32.79.01"),
    )
    u["bkn"] = _user("bkn", Role.BKN, "Hendra Gunawan")
    u["ppk_banjar"] = _user(
        "ppk_banjar", Role.PPK, "Fitri Lestari", agency=Agency.objects.get(code="pemda-32.79"), is_head=True
    )
    u["ppk_purwakarta"] = _user(
        "ppk_purwakarta", Role.PPK, "Iwan Setiawan", agency=Agency.objects.get(code="pemda-32.14")
    )
    u["ppk_banyuasin"] = _user(
        "ppk_banyuasin", Role.PPK, "Nurul Siregar", agency=Agency.objects.get(code="pemda-16.07")
    )
    u["analis_jabar"] = _user(
        "analis_jabar",
        Role.ANALYST,
        "Gilang Pratama",
        supervisor_level=SupervisorLevel.PROVINCE,
        region=Region.objects.get(code="32"),
    )
    u["analis_nasional"] = _user(
        "analis_nasional", Role.ANALYST, "Kartika Maulana", supervisor_level=SupervisorLevel.RI
    )

    # Candidate pairs for every contest in the demo provinces.
    contests = Contest.objects.filter(election=world.election).filter(
        region__code__in=DEMO_PROVINCES + [c for c, _, _ in DEMO_REGENCIES]
    )
    for contest in contests:
        for number in range(1, rng.randint(2, 4) + 1):
            CandidatePair.objects.get_or_create(
                contest=contest,
                number=number,
                defaults={
                    "head_name": world.person(),
                    "deputy_name": world.person(),
                    "independent": number == 3,
                    "parties": ""
                    if number == 3
                    else rng.choice(["Koalisi Maju Bersama", "Koalisi Rakyat Sejahtera", "Koalisi Harapan Baru"]),
                },
            )


@transaction.atomic
def build_world(seed: int = 2024, today: datetime.date | None = None) -> World:
    from netral.demo import analytics, cases, letters, monitoring, personnel, prevention, reports

    world = World(rng=random.Random(seed), today=today or datetime.date.today())
    build_foundation(world)
    for part in (personnel, reports, cases, letters, prevention, monitoring, analytics):
        part.build(world)
    return world
