"""Demo prevention records: pledge texts v1/v2 and an integrity pact, circulars for most
agencies (one regency without, so a reminder fires), mass events and activities, individual
signatures for part of the demo ASN, and campaign-venue decrees per demo regency.

All texts are written for netral.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.mail import get_connection
from django.utils import timezone

from netral.agencies.models import Agency, Unit
from netral.core.context import acting
from netral.prevention import services
from netral.prevention.models import EventAttendee, PledgeText, SigningCode
from netral.prevention.reminders import send_reminders

if TYPE_CHECKING:
    from netral.demo.world import World

# The regency left without a circular: its PPK officer (ppk_banyuasin) sees the reminder.
WITHOUT_CIRCULAR = "pemda-16.07"

# Fixed, documented signing codes of the demo (docs/prevention.md): demo data, never a secret.
# The officers see them in the code's note on /pencegahan/kode-penandatanganan/.
DEMO_CODES = {
    "pemda-32.79": "BNJR-DEMX",
    "pemda-32.14": "PWKT-DEMX",
    "pemda-16.07": "BYSN-DEMX",
}
# The Banyuasin code shows the "periksa" flag: as many refused attempts as the flag needs.
FLAGGED_CODE_AGENCY = "pemda-16.07"

PLEDGE_V1 = """Kami, Aparatur Sipil Negara, dengan penuh kesadaran berikrar:
1. Menjaga netralitas dan tidak berpihak kepada pasangan calon mana pun dalam pemilihan.
2. Tidak menghadiri, tidak mengikuti, dan tidak mendukung kegiatan kampanye atau sosialisasi bakal calon maupun calon.
3. Tidak menggunakan fasilitas negara, jabatan, maupun kewenangan untuk kepentingan pasangan calon.
4. Tidak mengunggah, menyukai, mengomentari, atau membagikan konten yang berpihak di media sosial.
5. Melaporkan setiap dugaan pelanggaran netralitas ASN yang kami ketahui.
Apabila kami melanggar ikrar ini, kami bersedia menerima sanksi sesuai peraturan perundang-undangan."""

PLEDGE_V2 = """Kami, Aparatur Sipil Negara, dengan penuh kesadaran berikrar:
1. Menjaga netralitas dan tidak berpihak kepada pasangan calon mana pun pada setiap tahapan pemilihan.
2. Tidak menghadiri deklarasi, kampanye, atau pertemuan yang bertujuan mendukung pasangan calon.
3. Tidak memakai atribut partai atau pasangan calon dan tidak berpose dengan gestur yang menunjukkan keberpihakan.
4. Tidak menggunakan fasilitas negara, anggaran, jabatan, maupun kewenangan untuk kepentingan pasangan calon.
5. Tidak mengunggah, menyukai, mengomentari, membagikan, atau mengikuti akun pemenangan di media sosial.
6. Tidak mengajak rekan kerja, keluarga, atau masyarakat untuk memilih pasangan calon tertentu.
7. Melaporkan setiap dugaan pelanggaran netralitas ASN yang kami ketahui kepada pengawas pemilihan.
Apabila kami melanggar ikrar ini, kami bersedia menerima sanksi sesuai peraturan perundang-undangan."""

PACT_V1 = """Saya yang bertanda tangan di bawah ini, sebagai Aparatur Sipil Negara, menyatakan bahwa saya:
1. Akan bersikap netral dan profesional dalam penyelenggaraan pemilihan.
2. Tidak akan membuat keputusan atau tindakan yang menguntungkan atau merugikan pasangan calon.
3. Akan menjaga agar unit kerja yang saya pimpin tidak digunakan untuk kepentingan politik praktis.
4. Bersedia diperiksa dan dijatuhi sanksi apabila terbukti melanggar pernyataan ini."""

PACT_PURWAKARTA = """Pakta integritas netralitas ASN Pemerintah Kabupaten Purwakarta.
Saya menyatakan akan menjaga netralitas, menolak segala bentuk mobilisasi ASN untuk kepentingan pasangan calon,
dan memastikan pelayanan publik di unit kerja saya berjalan tanpa membeda-bedakan pilihan politik warga."""

VENUES = [
    "Lapangan Merdeka {city}",
    "Alun-alun {city}",
    "Gedung Olahraga {city}",
    "Lapangan Sepak Bola Kecamatan {district}",
    "Taman Kota {city}",
]


def _text(kind: str, version: int, title: str, body: str, day: datetime.date, agency: Agency | None) -> PledgeText:
    text, _ = PledgeText.objects.get_or_create(
        kind=kind,
        agency=agency,
        version=version,
        defaults={"title": title, "body": body, "effective_from": day},
    )
    return text


def _at(day: datetime.date, hour: int, minute: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def build(world: World) -> None:
    rng = world.rng
    election = world.election
    admin = world.users["admin"]
    if election is None:
        return
    with acting(admin):
        v1 = _text("ikrar", 1, "Ikrar Netralitas ASN", PLEDGE_V1, datetime.date(2024, 6, 1), None)
        v2 = _text("ikrar", 2, "Ikrar Netralitas ASN (pembaruan)", PLEDGE_V2, datetime.date(2024, 9, 1), None)
        _text("pakta", 1, "Pakta Integritas Netralitas ASN", PACT_V1, datetime.date(2024, 6, 1), None)
        purwakarta = Agency.objects.filter(code="pemda-32.14").first()
        if purwakarta is not None:
            _text("pakta", 1, "Pakta Integritas ASN Purwakarta", PACT_PURWAKARTA, datetime.date(2024, 8, 1), purwakarta)

        regional = [a for a in world.agencies if a.region_id is not None]
        for index, agency in enumerate(regional):
            holder = agency.ppk_on(datetime.date(2024, 9, 1))
            short = agency.code.split("-")[-1]
            if agency.code != WITHOUT_CIRCULAR and not agency.circulars.exists():
                services.create_circular(
                    admin,
                    agency=agency,
                    number=f"800.1.10/{140 + index}/BKPSDM/2024",
                    date=datetime.date(2024, 8, 12) + datetime.timedelta(days=rng.randint(0, 38)),
                    subject="Netralitas Aparatur Sipil Negara pada Pemilihan Serentak Tahun 2024",
                    signer_name=holder.name if holder else world.person(),
                    signer_title=str(holder) if holder else "Kepala Daerah",
                    addressees="Para kepala perangkat daerah, camat, dan lurah di lingkungan pemerintah daerah",
                )
            if agency.pledge_events.exists():
                continue
            units = list(Unit.objects.filter(agency=agency, kind="opd")[:4])
            services.create_activity(
                admin,
                agency=agency,
                kind="sosialisasi",
                title="Sosialisasi SKB netralitas ASN",
                date=datetime.date(2024, 8, 20) + datetime.timedelta(days=rng.randint(0, 10)),
                place="Aula Sekretariat Daerah",
                participants_count=rng.randint(80, 250),
                description="Paparan larangan dan sanksi netralitas ASN bagi kepala perangkat daerah dan camat.",
            )
            services.create_activity(
                admin,
                agency=agency,
                kind="apel_siaga",
                title="Apel siaga netralitas ASN",
                date=datetime.date(2024, 9, 23),
                place="Halaman Kantor Pemerintah Daerah",
                participants_count=rng.randint(300, 900),
            )
            if index % 2 == 0:
                services.create_activity(
                    admin,
                    agency=agency,
                    kind="media_sosial",
                    title="Kampanye #ASNNetral di akun resmi pemerintah daerah",
                    date=datetime.date(2024, 10, 7),
                    participants_count=0,
                )
            listed = services.create_event(
                admin,
                agency=agency,
                units=units,
                kind="ikrar",
                text=v2,
                title="Penandatanganan ikrar netralitas ASN",
                date=datetime.date(2024, 9, 24),
                place=f"Aula Setda {short}",
                participants_count=rng.randint(60, 150),
            )
            services.create_event(
                admin,
                agency=agency,
                kind="pakta",
                title="Penandatanganan pakta integritas kepala perangkat daerah",
                date=datetime.date(2024, 9, 19),
                place="Ruang Rapat Utama",
                participants_count=rng.randint(25, 45),
            )
            staff = [a for a in world.extra.get("asn", []) if a.agency_id == agency.pk]
            chosen = rng.sample(staff, k=min(len(staff), rng.randint(5, 12)))
            EventAttendee.objects.bulk_create(
                [EventAttendee(event=listed, asn=a) for a in chosen], ignore_conflicts=True
            )

        codes = _signing_codes(world, v2)

        # Individual signatures for about half the demo ASN, spread over the weeks before the campaign.
        for asn in world.extra.get("asn", []):
            if rng.random() > 0.5 or (asn.agency.code == WITHOUT_CIRCULAR and rng.random() > 0.3):
                continue
            text = v2 if rng.random() < 0.7 else v1
            day = max(text.effective_from, datetime.date(2024, 8, 15)) + datetime.timedelta(days=rng.randint(0, 30))
            code = codes.get(asn.agency_id) if text == v2 else None
            services.sign_pledge(
                asn,
                text,
                election=election,
                signed_at=_at(day, rng.randint(7, 20), rng.randint(0, 59)),
                code=code,
            )

        # The reminders the daily command would have sent before candidate determination
        # (recorded, shown on the index page; mail goes nowhere).
        send_reminders(
            election,
            datetime.date(2024, 9, 12),
            connection=get_connection("django.core.mail.backends.dummy.EmailBackend"),
        )

        for region in world.regencies:
            government = Agency.objects.filter(region=region).exclude(kind__in=["kementerian", "lembaga"]).first()
            if government is None or government.venue_decrees.exists():
                continue
            title = "Wali Kota" if region.kind == "kota" else "Bupati"
            decree = services.create_decree(
                admin,
                agency=government,
                number=f"100.3.3.2/Kep.{rng.randint(20, 90)}-Huk/2024",
                date=datetime.date(2024, 9, 18),
                title=f"Keputusan {title} tentang lokasi dan fasilitas kampanye pemilihan 2024",
                period_start=datetime.date(2024, 9, 25),
                period_end=datetime.date(2024, 11, 23),
            )
            city = region.name.removeprefix("Kota ").removeprefix("Kabupaten ")
            district = region.children.order_by("code").first()
            for pattern in VENUES:
                services.add_venue(
                    admin,
                    decree,
                    name=pattern.format(city=city, district=district.name if district else city),
                    notes="Kapasitas dan jadwal diatur KPU setempat",
                )


def _signing_codes(world: World, text: PledgeText) -> dict[int, SigningCode]:
    """One documented code per demo regency government for the national pledge v2 (by agency id)."""
    out: dict[int, SigningCode] = {}
    admin = world.users["admin"]
    for agency_code, plain in DEMO_CODES.items():
        agency = Agency.objects.filter(code=agency_code).first()
        if agency is None or world.election is None:
            continue
        existing = SigningCode.objects.filter(code_hash=services.code_hash(plain)).first()
        if existing is None:
            existing, _ = services.create_signing_code(
                admin,
                agency=agency,
                text=text,
                election=world.election,
                valid_from=datetime.date(2024, 8, 15),
                label=f"Kode demo (bukan rahasia): {plain}",
                plain=plain,
            )
            if agency_code == FLAGGED_CODE_AGENCY:
                SigningCode.objects.filter(pk=existing.pk).update(
                    failures=services.code_failure_flag() + 3, last_failure_at=timezone.now()
                )
        out[agency.pk] = existing
    return out
