"""Cross-cutting models: the audit trail of changes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class RegionCodeMixin:
    """Keeps the denormalised ``region_code`` (what the scope filters on) equal to ``region.code``.

    Put it before ``models.Model`` in the bases of any model with a ``region`` FK and a
    ``region_code`` column.
    """

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.region_code = self.region.code if self.region_id else ""  # type: ignore[attr-defined]
        super().save(*args, **kwargs)  # type: ignore[misc]


def in_english() -> bool:
    return (get_language() or "id").startswith("en")


class BilingualName:
    """Reference rows stored with ``name_id`` and ``name_en``: ``name`` follows the UI language."""

    name_id: str
    name_en: str

    @property
    def name(self) -> str:
        return (self.name_en or self.name_id) if in_english() else self.name_id


class ObjectChange(models.Model):
    """One change to an audited object: who, when, before/after, and the request that made it.

    Append-only: services write it, nothing updates or deletes it.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("dibuat")
        UPDATE = "update", _("diubah")
        DELETE = "delete", _("dihapus")
        VIEW_PII = "view_pii", _("data pribadi dilihat")
        DOWNLOAD = "download", _("berkas asli diunduh")
        INVITE = "invite", _("diundang")
        ACTIVATE = "activate", _("tautan dipakai")
        REFUSE = "refuse", _("ditolak")
        LOCKED_OUT = "locked_out", _("dikunci")
        UNLOCK = "unlock", _("kunci dibuka")
        DEACTIVATE = "deactivate", _("dinonaktifkan")
        REACTIVATE = "reactivate", _("diaktifkan kembali")
        RESET_PASSWORD = "reset_password", _("kata sandi diatur ulang")
        RESET_2FA = "reset_2fa", _("2FA diatur ulang")
        ENROL_2FA = "enrol_2fa", _("2FA didaftarkan")
        RECOVERY_USED = "recovery_used", _("kode pemulihan dipakai")
        SESSIONS_ENDED = "sessions_ended", _("sesi diakhiri")

    time = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pengguna"), null=True, blank=True, on_delete=models.SET_NULL
    )
    user_name = models.CharField(_("nama pengguna"), max_length=150, blank=True)
    request_id = models.CharField(_("ID permintaan"), max_length=64, db_index=True)
    action = models.CharField(_("aksi"), max_length=16, choices=Action.choices)
    object_type = models.CharField(_("jenis objek"), max_length=100, db_index=True)
    object_id = models.CharField(_("ID objek"), max_length=64, db_index=True)
    object_repr = models.CharField(_("objek"), max_length=200)
    prechange = models.JSONField(_("sebelum"), null=True, blank=True)
    postchange = models.JSONField(_("sesudah"), null=True, blank=True)

    class Meta:
        ordering = ["-time", "-id"]
        verbose_name = _("perubahan objek")
        verbose_name_plural = _("jejak audit")
        indexes = [models.Index(fields=["object_type", "object_id", "time"])]

    def __str__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M} {self.user_name} {self.action} {self.object_repr}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise RuntimeError("ObjectChange is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise RuntimeError("ObjectChange is append-only")


class Sequence(models.Model):
    """A counter per (name, period) for human-readable numbers: case numbers, letter numbers.

    "Highest existing + 1" collides when two requests allocate at once; one row per counter,
    incremented in place, makes the database serialise allocations (``core.sequences``).
    """

    name = models.CharField(_("nama"), max_length=64)
    period = models.CharField(_("periode"), max_length=32)
    value = models.PositiveBigIntegerField(_("nilai terakhir"), default=0)

    class Meta:
        verbose_name = _("nomor urut")
        verbose_name_plural = _("nomor urut")
        constraints = [models.UniqueConstraint(fields=["name", "period"], name="core_sequence_once")]

    def __str__(self) -> str:
        return f"{self.name}/{self.period}: {self.value}"


class Counter(models.Model):
    """A rate-limit counter (one fixed window of one client in one scope) when Redis is not configured.

    Kept apart from the cache: Django's database cache culls a third of its rows when full, which
    silently reset limits. Rows past ``expires_at`` are removed as counting goes on.
    """

    key = models.CharField(_("kunci"), max_length=128, primary_key=True)
    value = models.PositiveBigIntegerField(_("nilai"), default=0)
    expires_at = models.DateTimeField(_("kedaluwarsa"), db_index=True)

    class Meta:
        verbose_name = _("pencacah")
        verbose_name_plural = _("pencacah")

    def __str__(self) -> str:
        return f"{self.key}: {self.value}"


class OutboxMessage(models.Model):
    """One domain event for one handler: the outbox (``core.events``).

    Written by ``emit`` in the transaction of the change it announces, so it exists exactly when
    the change does. A worker claims it (``claimed_by`` until ``claimed_until``: a lease, so a
    killed worker's claim runs out and another takes it over), runs the handler (which must be
    idempotent: a message may run twice when a worker dies after the effect but before ``done_at``)
    and marks it done; a failure is retried later with backoff, and stops as failed after the last
    attempt.
    """

    topic = models.CharField(_("peristiwa"), max_length=64)
    payload = models.JSONField(_("muatan"), default=dict)
    handler = models.CharField(_("penangan"), max_length=64)
    queue = models.CharField(_("antrean"), max_length=32)
    # Messages with the same handler and key, emitted in one transaction, are written once.
    coalesce_key = models.CharField(_("kunci penggabungan"), max_length=128, blank=True)
    txn = models.CharField(_("transaksi"), max_length=32, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    available_at = models.DateTimeField(_("siap diproses"))
    claimed_by = models.CharField(_("diambil oleh"), max_length=64, blank=True)
    claimed_until = models.DateTimeField(_("diambil sampai"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("jumlah percobaan"), default=0)
    last_error = models.TextField(_("galat terakhir"), blank=True)
    done_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    failed = models.BooleanField(_("gagal"), default=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("pesan outbox")
        verbose_name_plural = _("outbox peristiwa")
        indexes = [
            # What a worker of one queue looks for: not done, not failed, due.
            models.Index(fields=["queue", "done_at", "failed", "available_at"], name="core_outbox_due"),
            models.Index(fields=["handler", "coalesce_key", "txn"], name="core_outbox_coalesce"),
        ]

    def __str__(self) -> str:
        return f"{self.topic} → {self.handler} #{self.pk}"


class Lease(models.Model):
    """A named exclusive lease: one holder at a time until it expires (``core.leases``).

    Used where exactly one process may do something at a time even across hosts: one dashboard
    rebuild, one scheduler tick per job. A holder that dies simply lets its lease expire.
    """

    name = models.CharField(_("nama"), max_length=100, primary_key=True)
    holder = models.CharField(_("pemegang"), max_length=200)
    expires_at = models.DateTimeField(_("kedaluwarsa"))

    class Meta:
        verbose_name = _("sewa eksklusif")
        verbose_name_plural = _("sewa eksklusif")

    def __str__(self) -> str:
        return f"{self.name} → {self.holder}"


class WorkerHeartbeat(models.Model):
    """A task worker's proof of life, written every few seconds (``core.worker``).

    A worker whose heartbeat is older than the lease is dead: the tasks it held are given back
    to the queue (``core.worker.reap``).
    """

    worker_id = models.CharField(_("ID pekerja"), max_length=64, primary_key=True)
    hostname = models.CharField(_("host"), max_length=200)
    pid = models.PositiveIntegerField(_("PID"))
    queues = models.JSONField(_("antrean"), default=list)
    started_at = models.DateTimeField(_("mulai"))
    seen_at = models.DateTimeField(_("terakhir hidup"), db_index=True)
    tasks_run = models.PositiveIntegerField(_("tugas dijalankan"), default=0)

    class Meta:
        verbose_name = _("detak pekerja")
        verbose_name_plural = _("detak pekerja")

    def __str__(self) -> str:
        return f"{self.worker_id}@{self.hostname}"


class TaskRecovery(models.Model):
    """How often a task was given back to the queue after its worker died (caps endless retries)."""

    task_id = models.CharField(_("ID tugas"), max_length=64, primary_key=True)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    last_worker = models.CharField(_("pekerja terakhir"), max_length=64, blank=True)
    recovered_at = models.DateTimeField(_("dipulihkan"))

    class Meta:
        verbose_name = _("pemulihan tugas")
        verbose_name_plural = _("pemulihan tugas")

    def __str__(self) -> str:
        return f"{self.task_id}: {self.attempts}"


class PeriodicRun(models.Model):
    """One due time of one periodic job, claimed by exactly one worker (unique job + due time)."""

    job = models.CharField(_("pekerjaan"), max_length=64)
    due_at = models.DateTimeField(_("jatuh tempo"))
    claimed_by = models.CharField(_("diambil oleh"), max_length=64)
    claimed_at = models.DateTimeField(_("diambil pada"))
    task_id = models.CharField(_("ID tugas"), max_length=64, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    ok = models.BooleanField(_("berhasil"), null=True)
    outcome = models.TextField(_("hasil"), blank=True)

    class Meta:
        verbose_name = _("jalannya pekerjaan berkala")
        verbose_name_plural = _("jalannya pekerjaan berkala")
        ordering = ["-due_at"]
        constraints = [models.UniqueConstraint(fields=["job", "due_at"], name="core_periodic_once")]
        indexes = [models.Index(fields=["job", "-due_at"], name="core_periodic_latest")]

    def __str__(self) -> str:
        return f"{self.job} @ {self.due_at:%Y-%m-%d %H:%M}"
