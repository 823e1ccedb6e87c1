"""Case statuses after Perbawaslu 8/2020 and BKN's SBT flow, and the routes a case can take."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    RECEIVED = "received", _("Diterima")
    INITIAL_REVIEW = "initial_review", _("Kajian awal")
    REGISTERED = "registered", _("Teregistrasi")
    NOT_REGISTERED = "not_registered", _("Tidak teregistrasi")
    CLARIFICATION = "clarification", _("Klarifikasi")
    VIOLATION = "violation", _("Diputus: pelanggaran")
    NOT_VIOLATION = "not_violation", _("Diputus: bukan pelanggaran")
    STOPPED = "stopped", _("Dihentikan")
    FORWARDED_BKN = "forwarded_bkn", _("Diteruskan ke BKN/KASN")
    FORWARDED_OTHER = "forwarded_other", _("Diteruskan ke instansi lain")
    # Sentra Gakkumdu (criminal route), after forwarded_other with route "gakkumdu": domain §8.
    GAKKUMDU_SUBMITTED = "gakkumdu_submitted", _("Berkas penyidikan di penuntut umum")
    GAKKUMDU_RETURNED = "gakkumdu_returned", _("Berkas dikembalikan penuntut umum")
    GAKKUMDU_COMPLETE = "gakkumdu_complete", _("Berkas lengkap (P-21)")
    GAKKUMDU_COURT = "gakkumdu_court", _("Dilimpahkan ke pengadilan")
    BKN_VERIFICATION = "bkn_verification", _("Verifikasi BKN")
    RECOMMENDED = "recommended", _("Rekomendasi ke PPK")
    SANCTIONED = "sanctioned", _("Sanksi dijatuhkan")
    REFUSED = "refused", _("PPK menolak/tidak menindaklanjuti")
    FOLLOW_UP = "follow_up", _("Tindak lanjut (teguran/blokir)")
    CLOSED = "closed", _("Selesai")
    JOINED = "joined", _("Digabung ke perkara lain")
    WITHDRAWN = "withdrawn", _("Dicabut pelapor (sebelum registrasi)")


class SubjectKind(models.TextChoices):
    ASN = "asn", _("ASN (PNS/PPPK)")
    VILLAGE_HEAD = "kepala_desa", _("Kepala desa")
    VILLAGE_STAFF = "perangkat_desa", _("Perangkat desa")
    TNI = "tni", _("TNI")
    POLRI = "polri", _("Polri")
    PARTY = "partai", _("Pengurus partai politik")
    ORGANISER = "penyelenggara", _("Penyelenggara pemilihan")
    OTHER = "lainnya", _("Lainnya")


class Route(models.TextChoices):
    BKN = "bkn", _("BKN (rekomendasi sanksi ASN)")
    KASN = "kasn", _("KASN (sebelum 24 Agustus 2024)")
    KPU = "kpu", _("KPU (pelanggaran administrasi)")
    DKPP = "dkpp", _("DKPP (etik penyelenggara)")
    GAKKUMDU = "gakkumdu", _("Sentra Gakkumdu (pidana)")
    REGENT = "bupati", _("Bupati/wali kota (kepala desa)")
    TNI = "tni", _("Komando TNI")
    POLRI = "polri", _("Propam Polri")


class NotRegisteredReason(models.TextChoices):
    """Why a report failed the initial review (Perbawaslu 8/2020)."""

    LATE = "late", _("Melewati batas 7 hari (kedaluwarsa)")
    FORMAL = "formal", _("Syarat formal tidak terpenuhi")
    MATERIAL = "material", _("Syarat materiel tidak terpenuhi")


class FollowUpAction(models.TextChoices):
    """What BKN does when the PPK does not carry out a recommendation (SBT flow, PP 12/2017 precedent)."""

    REPRIMAND = "reprimand", _("Teguran kepada PPK")
    DATA_BLOCK = "data_block", _("Blokir data ASN di SIASN")
    UNBLOCK = "unblock", _("Buka blokir data ASN")


class AccusedStatus(models.TextChoices):
    """Where the accused stands against the ASN registry ("" = nobody matched yet)."""

    PROPOSED = "proposed", _("Diusulkan, belum dikonfirmasi")
    CONFIRMED = "confirmed", _("Dikonfirmasi")
    REJECTED = "rejected", _("Tidak ada di registri")


class RecommendingBody(models.TextChoices):
    KASN = "KASN", _("KASN")
    BKN = "BKN", _("BKN")


class TrackKind(models.TextChoices):
    ETHICS = "ethics", _("Kode etik")
    DISCIPLINE = "discipline", _("Disiplin")


class ReminderKind(models.TextChoices):
    REMINDER = "reminder", _("Pengingat sebelum tenggat")
    ESCALATION = "escalation", _("Eskalasi setelah tenggat")
