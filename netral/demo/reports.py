"""Demo reports and findings: about forty, across the demo regencies, through the real services.

All texts are written for netral (no news article is copied). Some reports are anonymous, some
confidential, some late or incomplete (kept as informasi awal); a few carry small generated
PNG "screenshots". Every one opens its case through ``submit_report``/``record_finding``; the
created reports are left in ``world.extra["reports"]`` for the cases demo, which moves them
along the chain.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from netral.agencies.models import Agency
from netral.cases.choices import SubjectKind
from netral.core.context import acting
from netral.regions.models import CandidatePair, Region
from netral.reports.models import Report
from netral.reports.services import record_finding, submit_report

if TYPE_CHECKING:
    from netral.demo.world import World


@dataclass(frozen=True)
class Scenario:
    kind: str  # SubjectKind
    position: str
    unit: str
    text: str  # {name}, {pos}, {place}, {pair} are filled in
    place: str
    link: str = ""


SCENARIOS = [
    Scenario(
        SubjectKind.ASN,
        "Camat",
        "Kecamatan",
        "{pos} {name} membagikan ulang unggahan tim pemenangan {pair} di akun Facebook pribadinya, "
        "disertai tulisan 'Lanjutkan pembangunan, jangan salah pilih'. Unggahan itu masih terlihat publik.",
        "Akun Facebook pribadi",
        "https://facebook.example/posts/",
    ),
    Scenario(
        SubjectKind.ASN,
        "Guru Ahli Muda",
        "Dinas Pendidikan",
        "Seorang guru, {name}, berfoto di depan baliho {pair} sambil mengacungkan dua jari. Foto itu "
        "diunggah ke grup WhatsApp wali murid kelas 5.",
        "SD Negeri di {place}",
    ),
    Scenario(
        SubjectKind.ASN,
        "Kepala Dinas Kesehatan",
        "Dinas Kesehatan",
        "{pos} {name} hadir di panggung kampanye terbuka {pair} dan memberi sambutan yang mengajak "
        "tenaga kesehatan mendukung pasangan tersebut.",
        "Lapangan {place}",
    ),
    Scenario(
        SubjectKind.VILLAGE_HEAD,
        "Kepala Desa",
        "",
        "Kepala desa {name} mengumpulkan ketua RT dan RW di balai desa dan meminta mereka mengarahkan warga "
        "memilih {pair}. Ada pembagian amplop setelah pertemuan.",
        "Balai desa, {place}",
    ),
    Scenario(
        SubjectKind.ASN,
        "Polisi Pamong Praja Terampil",
        "Satuan Polisi Pamong Praja",
        "Petugas Satpol PP {name}, berseragam dinas, ikut membagikan paket sembako bergambar {pair} "
        "dari mobil dinas berpelat merah.",
        "Pasar {place}",
    ),
    Scenario(
        SubjectKind.ASN,
        "Lurah",
        "Kecamatan",
        "Lurah {name} memasang stiker {pair} di kaca kantor kelurahan dan menolak mencopotnya saat ditegur warga.",
        "Kantor kelurahan, {place}",
    ),
    Scenario(
        SubjectKind.ASN,
        "Kepala Bidang Pembinaan SD",
        "Dinas Pendidikan",
        "{pos} {name} mengirim pesan berantai kepada kepala sekolah agar guru honorer hadir dalam acara "
        "silaturahmi {pair} pada hari Minggu.",
        "Grup WhatsApp kepala sekolah",
    ),
    Scenario(
        SubjectKind.ASN,
        "Analis Kebijakan Ahli Muda",
        "Sekretariat Daerah",
        "ASN {name} menyukai dan mengomentari unggahan akun resmi pemenangan {pair} dengan kalimat "
        "'Siap menangkan!'. Tangkapan layar terlampir.",
        "Instagram",
        "https://instagram.example/p/",
    ),
    Scenario(
        SubjectKind.ASN,
        "Sekretaris Daerah",
        "Sekretariat Daerah",
        "{pos} {name} menerbitkan disposisi mutasi sejumlah kepala sekolah tak lama setelah mereka menolak "
        "hadir di acara {pair}. Diduga keputusan yang menguntungkan salah satu pasangan.",
        "Kantor {place}",
    ),
    Scenario(
        SubjectKind.ASN,
        "Perawat Terampil",
        "Dinas Kesehatan",
        "Perawat puskesmas {name} membagikan kalender bergambar {pair} kepada pasien di ruang tunggu.",
        "Puskesmas {place}",
    ),
    Scenario(
        SubjectKind.TNI,
        "Anggota Koramil",
        "",
        "Seorang anggota TNI, {name}, terlihat mengawal iring-iringan kampanye {pair} tanpa surat tugas "
        "pengamanan dan mengenakan kaus pasangan tersebut.",
        "Jalan utama {place}",
    ),
    Scenario(
        SubjectKind.POLRI,
        "Bhabinkamtibmas",
        "",
        "Anggota Polri {name} meminta warga desa binaannya menghadiri deklarasi dukungan untuk {pair}.",
        "Desa binaan di {place}",
    ),
    Scenario(
        SubjectKind.ASN,
        "Penyuluh Pertanian",
        "Dinas Pertanian",
        "Penyuluh pertanian {name} menyisipkan ajakan memilih {pair} dalam penyuluhan kelompok tani dan "
        "membagikan bibit berlogo pasangan tersebut.",
        "Gapoktan di {place}",
    ),
    Scenario(
        SubjectKind.ASN,
        "Kepala Dinas Pendidikan",
        "Dinas Pendidikan",
        "{pos} {name} hadir dalam deklarasi relawan {pair} dan berfoto dengan pose jari yang sama dengan "
        "nomor urut pasangan.",
        "Gedung serbaguna {place}",
        "https://tiktok.example/@relawan/video/",
    ),
]


def _screenshot(title: str, seed: int) -> bytes:
    """A small PNG that looks like a phone screenshot (grey bars, a caption)."""
    img = Image.new("RGB", (180, 320), (245, 245, 245))
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 0, 180, 24), fill=(40, 60, 90))
    for i in range(6):
        shade = 200 - ((seed * 7 + i * 13) % 60)
        draw.rectangle((10, 40 + i * 40, 170, 66 + i * 40), fill=(shade, shade, shade + 20))
    draw.text((12, 6), title[:24], fill=(255, 255, 255))
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def _pairs(world: World, region: Region) -> list[CandidatePair]:
    return list(
        CandidatePair.objects.filter(
            contest__election=world.election, contest__region__code__in=[region.code, region.code.split(".")[0]]
        )
    )


def _supervisor_for(world: World, region: Region) -> Any:
    by_code = {
        "32.79": "bawaslu_banjar",
        "32.14": "bawaslu_purwakarta",
        "16.07": "bawaslu_banyuasin",
    }
    name = by_code.get(region.code) or ("bawaslu_jabar" if region.code.startswith("32") else "bawaslu_ri")
    return world.users.get(name)


def build(world: World) -> None:
    rng = world.rng
    today = world.today
    reports: list[Report] = []
    officials = list(world.extra.get("asn_officials", []))
    total = 40
    for i in range(total):
        region = world.regencies[i % len(world.regencies)]
        scenario = SCENARIOS[(i * 5) % len(SCENARIOS)]
        agency = Agency.objects.filter(code=f"pemda-{region.code}").first()
        pairs = _pairs(world, region)
        pair = rng.choice(pairs) if pairs else None
        districts = list(Region.objects.filter(parent=region).order_by("code")[:8])
        district = rng.choice(districts) if districts else region
        asn = None
        name = world.person()
        position = scenario.position
        if scenario.kind == SubjectKind.ASN:
            matching = [a for a in officials if a.region_code == region.code and a.position == scenario.position]
            if matching:
                asn = rng.choice(matching)
                name = asn.name
        pos_text = f"{position} {district.name.title()}" if position in ("Camat", "Lurah") else position
        description = scenario.text.format(
            name=name,
            pos=pos_text,
            place=district.name.title(),
            pair=f"pasangan calon nomor {pair.number}" if pair else "salah satu pasangan calon",
        )
        late = i % 7 == 3
        known_on = today - datetime.timedelta(days=rng.randint(9, 20) if late else rng.randint(0, 6))
        occurred_on = known_on - datetime.timedelta(days=rng.randint(0, 2))
        links = [f"{scenario.link}{rng.randint(100000, 999999)}"] if scenario.link else []
        files = []
        if i % 4 == 0:
            files.append(
                SimpleUploadedFile(
                    f"tangkapan-layar-{i + 1}.png", _screenshot(f"Bukti #{i + 1}", i), content_type="image/png"
                )
            )
        if not files and not links and i % 8 != 6:  # every eighth item comes without any evidence
            links = [f"https://berkas.example/bukti/{rng.randint(10000, 99999)}"]
        data: dict[str, Any] = {
            "subject_kind": scenario.kind,
            "subject_name": name,
            "subject_position": pos_text,
            "subject_agency": agency if scenario.kind == SubjectKind.ASN else None,
            "subject_agency_name": "" if scenario.kind == SubjectKind.ASN else scenario.unit,
            "subject_address": f"{district.name.title()}, {region.name}" if scenario.kind != SubjectKind.ASN else "",
            "subject_nip": asn.identifier if asn is not None and asn.identifier.isdigit() else "",
            "asn": asn,
            "description": description,
            "occurred_on": occurred_on,
            "known_on": known_on,
            "region": region,
            "place": scenario.place.format(place=district.name.title()),
            "election": world.election,
            "candidate_pair": pair,
            "links": links,
        }
        if i % 3 == 2:
            supervisor = _supervisor_for(world, region)
            data["supervising_unit"] = supervisor.role_label if supervisor is not None else ""
            with acting(supervisor):
                report = record_finding(supervisor, data, files)
        else:
            identity = "anonymous" if i % 5 == 1 else ("confidential" if i % 4 == 1 else "named")
            if identity != "anonymous":
                reporter = world.person()
                data.update(
                    {
                        "reporter_name": reporter,
                        "reporter_address": f"Jl. {rng.choice(['Melati', 'Kenanga', 'Merdeka', 'Pahlawan'])} "
                        f"No. {rng.randint(1, 120)}, {district.name.title()}",
                        "reporter_nik": "",
                        "reporter_phone": f"08{rng.randint(1000000000, 9999999999)}",
                        "reporter_email": "",
                        "reporter_category": rng.choice(["pemilih", "pemilih", "pemantau", "peserta"]),
                    }
                )
                if i % 6 == 4:  # an incomplete one: the reporter left the address out
                    data["reporter_address"] = ""
            data["identity"] = identity
            with acting(None):
                report, _code = submit_report(data, files, request_meta={"source": "demo"})
        reports.append(report)
    world.extra["reports"] = reports
