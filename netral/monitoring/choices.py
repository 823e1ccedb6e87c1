"""Choices of the monitoring inbox: sources, statuses, triage kinds and acts, review verdicts.

Kinds and acts mirror the triage engine's vocabulary (``netral_nlp``); the labels are ours.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceKind(models.TextChoices):
    TXT = "txt", _("Berkas teks (.txt)")
    JSONL = "jsonl", _("JSON Lines (.jsonl)")
    RSS = "rss", _("Umpan RSS")
    ATOM = "atom", _("Umpan Atom")
    PASTE = "paste", _("Teks tempel")


class BatchStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu analisis")
    RUNNING = "running", _("Sedang dianalisis")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")


class ItemStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    ANALYSED = "analysed", _("Teranalisis")
    ERROR = "error", _("Galat")


class Kind(models.TextChoices):
    VIOLATION = "violation", _("Dugaan pelanggaran")
    PREVENTION = "prevention", _("Pencegahan")
    SANCTION_POLICY = "sanction_policy", _("Aturan/sanksi/statistik")
    NON_ASN = "non_asn_neutrality", _("Netralitas non-ASN")
    NEGATIVE = "negative", _("Tidak relevan")


class Act(models.TextChoices):
    SOCIAL_MEDIA = "social_media", _("Media sosial")
    PHOTO_GESTURE = "photo_gesture", _("Foto/gestur keberpihakan")
    ATTEND_CAMPAIGN = "attend_campaign", _("Menghadiri kampanye")
    CAMPAIGN_TEAM = "campaign_team", _("Tim kampanye/pemenangan")
    STATE_FACILITIES = "state_facilities", _("Fasilitas negara")
    MOBILISE = "mobilise", _("Mobilisasi/ajakan")
    DISTRIBUTE_GOODS = "distribute_goods", _("Membagikan barang")
    CANDIDACY_NO_RESIGN = "candidacy_no_resign", _("Mencalonkan diri tanpa mundur")
    PARTISAN_STATEMENT = "partisan_statement", _("Pernyataan berpihak")
    PARTY_MEMBERSHIP = "party_membership", _("Anggota partai politik")
    OTHER = "other", _("Lainnya")


class Handling(models.TextChoices):
    """How far the case told in an item has been handled, as the text says (the engine's ``status``)."""

    ALLEGED = "alleged", _("Dugaan, belum ditangani")
    UNDER_REVIEW = "under_review", _("Sedang ditangani")
    CLEARED = "cleared", _("Tidak terbukti")
    RECOMMENDED = "recommended", _("Direkomendasikan")
    SANCTIONED = "sanctioned", _("Sudah disanksi")


class Verdict(models.TextChoices):
    CONFIRM = "confirm", _("Benar")
    REJECT = "reject", _("Salah (tidak relevan)")
    CORRECT = "correct", _("Koreksi")


class Review(models.TextChoices):
    """The denormalised review state of an item (its latest verdict), for the inbox filter."""

    NONE = "", _("Belum ditinjau")
    CONFIRM = "confirm", _("Dikonfirmasi")
    REJECT = "reject", _("Ditolak")
    CORRECT = "correct", _("Dikoreksi")


RELEVANT_KINDS = frozenset({Kind.VIOLATION, Kind.PREVENTION, Kind.SANCTION_POLICY})
