# ruff: noqa: E501  (demo texts are data; their wrapped lines are kept as written)
"""Demo data of the monitoring inbox: one batch of news-like and social-media-like texts.

Every text here is invented for the demo (names, places of events, quotes); none is taken
from a news article. The batch is owned by the Jawa Barat analyst and analysed on the spot
through the task's own function, so the demo needs no worker.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from netral.core.context import acting
from netral.monitoring import services
from netral.monitoring.ingest import Parsed, RawItem, check_text
from netral.monitoring.models import Item

if TYPE_CHECKING:
    from netral.demo.world import World

NEWS = "https://kabar-priangan.example/berita/"

VIRAL = (
    "VIRAL! Video seorang camat di Kota Banjar yang ikut berjoget di panggung kampanye pasangan calon wali kota "
    "nomor urut 2 beredar luas. Dalam video itu ia masih mengenakan seragam dinas ASN dan mengajak warga memilih "
    "paslon tersebut. Warga meminta Bawaslu Kota Banjar segera memeriksa. #PilkadaJujur"
)

# (title, text, platform, url slug or "", day in 2024 as (month, day))
ITEMS: list[tuple[str, str, str, str, tuple[int, int]]] = [
    # Violations
    (
        "Camat di Kota Banjar diduga hadiri kampanye paslon",
        (
            "Bawaslu Kota Banjar menerima laporan bahwa seorang camat menghadiri kampanye pasangan calon wali kota pada "
            "Sabtu, 5 Oktober 2024. Camat yang berstatus PNS itu terlihat berdiri di barisan depan dan mengepalkan "
            "tangan bersama tim pemenangan. Bawaslu akan mengundang ASN tersebut untuk klarifikasi."
        ),
        "",
        "camat-hadiri-kampanye",
        (10, 6),
    ),
    (
        "Guru PPPK di Purwakarta unggah dukungan untuk calon bupati",
        (
            "Seorang guru PPPK di Kabupaten Purwakarta mengunggah foto dengan pose dua jari sambil memegang kaus pasangan "
            "calon bupati di akun Facebook pribadinya. Unggahan itu dibagikan ratusan kali sebelum dihapus. Panwaslu "
            "kecamatan telah menyimpan tangkapan layar sebagai bukti dugaan pelanggaran netralitas ASN."
        ),
        "facebook",
        "",
        (10, 14),
    ),
    (
        "Kepala dinas di Kabupaten Bandung masuk tim pemenangan",
        (
            "Nama seorang kepala dinas di Kabupaten Bandung tercantum dalam susunan tim pemenangan salah satu pasangan "
            "calon bupati dalam Pilkada 2024. Bawaslu Kabupaten Bandung menyatakan sedang menelusuri dokumen tersebut dan "
            "akan meneruskan temuan ke BKN bila terbukti ASN itu terlibat politik praktis."
        ),
        "",
        "kadis-tim-pemenangan",
        (10, 21),
    ),
    (
        "Lurah bagikan sembako berstiker paslon",
        (
            "Warga Kota Banjar melaporkan seorang lurah yang membagikan paket sembako berstiker pasangan calon wali kota "
            "di kantor kelurahan pada 19 Oktober 2024. Lurah tersebut adalah ASN dan diduga memanfaatkan fasilitas "
            "kantor untuk kegiatan kampanye. Bawaslu Kota Banjar sudah memanggil saksi."
        ),
        "",
        "lurah-sembako",
        (10, 20),
    ),
    (
        "Mobil dinas puskesmas dipakai mengangkut peserta kampanye",
        (
            "Sebuah mobil dinas milik puskesmas di Kabupaten Bandung terekam mengangkut peserta kampanye akbar pasangan "
            "calon bupati. Kepala puskesmas yang berstatus PNS mengaku tidak tahu, tetapi Bawaslu tetap memeriksa dugaan "
            "penggunaan fasilitas negara oleh ASN dalam Pilkada 2024."
        ),
        "",
        "mobil-dinas-kampanye",
        (11, 2),
    ),
    (
        "Komentar ASN Dishub Purwakarta di akun paslon",
        (
            "Akun media sosial milik seorang pegawai Dinas Perhubungan Kabupaten Purwakarta berulang kali menyukai dan "
            "mengomentari unggahan pasangan calon bupati dengan ajakan memilih. Bawaslu Purwakarta menilai perbuatan ASN "
            "itu berpotensi melanggar netralitas dan meminta klarifikasi."
        ),
        "instagram",
        "",
        (10, 28),
    ),
    (
        "Kepala sekolah minta guru pilih calon tertentu",
        (
            "Seorang kepala SMP negeri di Kota Banjar diduga mengumpulkan para guru dan meminta mereka memilih pasangan "
            "calon wali kota nomor urut 1 dalam Pilkada 2024. Rekaman pertemuan itu dilaporkan ke Bawaslu, yang kini "
            "mengklarifikasi kepala sekolah berstatus PNS tersebut."
        ),
        "",
        "kepsek-arahkan-guru",
        (11, 5),
    ),
    (
        "Anggota Satpol PP hadiri deklarasi calon wali kota",
        (
            "Beberapa anggota Satpol PP Kota Tasikmalaya yang berstatus PNS terlihat menghadiri deklarasi dukungan untuk "
            "pasangan calon wali kota. Bawaslu Kota Tasikmalaya menyatakan akan memeriksa para ASN itu pekan ini."
        ),
        "",
        "satpolpp-deklarasi",
        (9, 30),
    ),
    # Prevention
    (
        "Apel netralitas ASN di Kota Banjar",
        (
            "Pemerintah Kota Banjar menggelar apel netralitas ASN yang diikuti seluruh kepala perangkat daerah menjelang "
            "masa kampanye Pilkada 2024. Para PNS dan PPPK membacakan ikrar untuk tidak memihak pasangan calon mana pun."
        ),
        "",
        "apel-netralitas-banjar",
        (9, 23),
    ),
    (
        "Bupati terbitkan surat edaran netralitas ASN",
        (
            "Penjabat Bupati Purwakarta menerbitkan surat edaran tentang netralitas ASN dalam Pilkada 2024. Surat itu "
            "mengingatkan pegawai agar tidak memasang atribut pasangan calon dan tidak menggunakan fasilitas kantor untuk "
            "kegiatan politik."
        ),
        "",
        "se-netralitas-purwakarta",
        (9, 10),
    ),
    (
        "Sosialisasi netralitas untuk camat dan lurah",
        (
            "Bawaslu Kabupaten Bandung mengadakan sosialisasi netralitas ASN bagi para camat dan lurah. Peserta diingatkan "
            "bahwa ASN dilarang hadir dalam kampanye dan mengunggah dukungan kepada pasangan calon di media sosial."
        ),
        "",
        "sosialisasi-bandung",
        (9, 17),
    ),
    (
        "Penandatanganan pakta integritas netralitas di Jawa Barat",
        (
            "Pejabat pimpinan tinggi di lingkungan Pemerintah Provinsi Jawa Barat menandatangani pakta integritas "
            "netralitas ASN. Penjabat gubernur meminta seluruh PNS menjaga jarak dari kegiatan politik praktis selama "
            "tahapan Pilkada 2024."
        ),
        "",
        "pakta-integritas-jabar",
        (9, 25),
    ),
    (
        "Ajakan menjaga netralitas",
        (
            "Rekan-rekan ASN, mari jaga netralitas selama Pilkada 2024. Jangan like, komen, atau share unggahan paslon, "
            "dan jangan ikut kampanye. Netral itu kewajiban, bukan pilihan. #ASNNetral"
        ),
        "x",
        "",
        (10, 1),
    ),
    # Sanction policy and statistics
    (
        "BKN jelaskan sanksi bagi ASN yang tidak netral",
        (
            "Badan Kepegawaian Negara menjelaskan bahwa ASN yang terbukti melanggar netralitas dapat dijatuhi hukuman "
            "disiplin sedang hingga berat, mulai dari pemotongan tunjangan sampai penurunan jabatan. Rekomendasi sanksi "
            "wajib ditindaklanjuti oleh pejabat pembina kepegawaian."
        ),
        "",
        "bkn-sanksi",
        (9, 12),
    ),
    (
        "Puluhan laporan netralitas ASN di Jawa Barat",
        (
            "Bawaslu Provinsi Jawa Barat mencatat puluhan laporan dugaan pelanggaran netralitas ASN sejak awal tahapan "
            "Pilkada 2024. Sebagian besar berkaitan dengan unggahan di media sosial, disusul kehadiran dalam kegiatan "
            "kampanye."
        ),
        "",
        "rekap-laporan-jabar",
        (10, 30),
    ),
    (
        "Mengenal aturan netralitas ASN dalam SKB",
        (
            "Keputusan bersama tentang netralitas ASN memuat daftar perbuatan yang dilarang, antara lain memberikan "
            "dukungan di media sosial, menghadiri deklarasi pasangan calon, dan menggunakan fasilitas negara. Setiap "
            "jenis pelanggaran dipetakan ke sanksi etik atau disiplin PNS."
        ),
        "",
        "mengenal-skb",
        (8, 30),
    ),
    # Village heads, village officials, police, RW
    (
        "Kepala desa ajak warga pilih paslon",
        (
            "Seorang kepala desa di Kabupaten Bandung diduga mengajak warga dalam pengajian untuk memilih pasangan calon "
            "bupati tertentu. Bawaslu menyatakan kepala desa wajib netral dan akan meneruskan temuan kepada bupati."
        ),
        "",
        "kades-ajak-warga",
        (10, 24),
    ),
    (
        "Perangkat desa ikut konvoi kampanye",
        (
            "Dua perangkat desa di Kabupaten Purwakarta terekam ikut konvoi kampanye pasangan calon bupati menggunakan "
            "sepeda motor berbendera paslon. Panwaslu kecamatan mengklarifikasi keduanya."
        ),
        "tiktok",
        "",
        (11, 9),
    ),
    (
        "Oknum polisi diduga pasang baliho paslon",
        (
            "Seorang anggota Polri di Kota Banjar diduga ikut memasang baliho pasangan calon wali kota. Propam "
            "menyatakan akan memeriksa anggota tersebut terkait netralitas Polri dalam Pilkada 2024."
        ),
        "",
        "polisi-baliho",
        (10, 16),
    ),
    (
        "Ketua RW kumpulkan KTP warga",
        (
            "Seorang ketua RW di Kota Banjar dilaporkan mengumpulkan fotokopi KTP warga untuk tim pemenangan pasangan "
            "calon. Bawaslu menelusuri laporan itu bersama panwaslu kelurahan."
        ),
        "whatsapp",
        "",
        (10, 11),
    ),
    # Unrelated
    (
        "Gaji PNS naik mulai Januari",
        (
            "Pemerintah memastikan gaji pokok PNS dan pensiunan naik mulai Januari. Kenaikan itu sudah diperhitungkan "
            "dalam anggaran tahun depan, kata pejabat kementerian keuangan."
        ),
        "",
        "gaji-pns-naik",
        (8, 20),
    ),
    (
        "Pendaftaran CPNS dan PPPK dibuka",
        (
            "Pemerintah Kabupaten Purwakarta membuka pendaftaran CPNS dan PPPK untuk formasi guru dan tenaga kesehatan. "
            "Pelamar diminta memeriksa persyaratan di laman resmi."
        ),
        "",
        "pendaftaran-cpns",
        (9, 2),
    ),
    (
        "Logistik pilkada mulai didistribusikan",
        (
            "KPU Kota Banjar mulai mendistribusikan surat suara dan kotak suara ke kecamatan. Distribusi dijaga aparat "
            "keamanan dan diperkirakan selesai tiga hari sebelum pemungutan suara."
        ),
        "",
        "logistik-pilkada",
        (11, 18),
    ),
    (
        "Banjir rendam permukiman di Kabupaten Bandung",
        (
            "Hujan deras sejak sore membuat sungai meluap dan merendam ratusan rumah di Kabupaten Bandung. Petugas BPBD "
            "mendirikan dapur umum untuk warga yang mengungsi."
        ),
        "",
        "banjir-bandung",
        (11, 12),
    ),
    (
        "Tunjangan hari raya ASN cair pekan depan",
        (
            "Tunjangan hari raya bagi ASN dan pensiunan dijadwalkan cair pekan depan. Pemerintah daerah diminta "
            "menyiapkan anggaran agar pembayaran tidak terlambat."
        ),
        "",
        "thr-asn",
        (3, 20),
    ),
    (
        "Persib menang tipis di kandang",
        (
            "Persib Bandung menang tipis 1-0 atas tamunya dalam lanjutan liga. Gol tunggal dicetak pada menit akhir "
            "lewat sundulan kepala."
        ),
        "",
        "persib-menang",
        (10, 19),
    ),
    # A viral post and its three copies
    ("Video camat joget di panggung kampanye", VIRAL, "x", "", (10, 8)),
    (
        "RT: video camat joget",
        "RT @infobanjar: " + VIRAL.replace("segera ", "") + " https://t.co/contoh1",
        "x",
        "",
        (10, 8),
    ),
    ("Camat joget (unggahan ulang)", VIRAL.replace("VIRAL! ", "") + " Tolong sebarkan!", "facebook", "", (10, 9)),
    (
        "Video camat joget (TikTok)",
        "Astaga, lihat ini: " + VIRAL.replace("#PilkadaJujur", "#BanjarMemilih @bawaslu"),
        "tiktok",
        "",
        (10, 9),
    ),
]


def raw_items() -> list[RawItem]:
    out = []
    for n, (title, text, platform, slug, (month, day)) in enumerate(ITEMS, start=1):
        out.append(
            check_text(
                RawItem(
                    external_id=f"demo-{n:02d}",
                    title=title,
                    text=text,
                    url=f"{NEWS}{slug}" if slug else "",
                    platform=platform or "kabar-priangan.example",
                    published_at=datetime.datetime(2024, month, day, 9, 0, tzinfo=datetime.UTC),
                )
            )
        )
    out.append(check_text(RawItem(external_id="demo.jsonl:31", text="   ")))  # shows an error row
    return out


def build(world: World) -> None:
    """Store and analyse the demo batch; leave a few verdicts for the feedback export."""
    from netral.monitoring.tasks import analyse_batch

    analyst = world.users["analis_jabar"]
    parsed = Parsed(source_kind="jsonl", items=raw_items())
    with acting(analyst):
        batch = services.create_batch(analyst, parsed, file_name="demo-pantauan.jsonl", enqueue=False)
    analyse_batch.func(batch.pk)

    reviewer = world.users.get("bawaslu_jabar")
    if reviewer is None:
        return
    visible = Item.objects.restrict(reviewer).filter(batch=batch, status="analysed")
    with acting(reviewer):
        for item in visible.filter(relevant=True).order_by("-score")[:3]:
            services.record_feedback(reviewer, item, "confirm")
        for item in visible.filter(relevant=True, kind="prevention").order_by("score")[:1]:
            services.record_feedback(reviewer, item, "correct", kind="prevention", note="Contoh koreksi demo.")
        for item in visible.filter(title__startswith="Persib")[:1]:
            services.record_feedback(reviewer, item, "reject")
