"""The outcome, told to the public: what a status means, what happens next, and the decision.

Everything here is built from the case's structured fields and the statuses it went through,
never from staff notes or transition reasons (those are internal and may name people). The
accused is never named: a decision says registered or not and why, violation or not and of which
kind (the catalogue's wording), forwarded where, and the sanction's level, nothing more.

Used by the receipt lookup page (``reports/_outcome.html``) and the chat channel's status reply.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from netral.cases.choices import CaseStatus, FollowUpAction, NotRegisteredReason, Route
from netral.reports import requirements

# What each status means for the reporter, in plain words.
MEANING: dict[str, Any] = {
    CaseStatus.RECEIVED: _(
        "Laporan Anda sudah kami terima dan menunggu kajian awal oleh pengawas: apakah syarat formal dan "
        "materiel terpenuhi."
    ),
    CaseStatus.INITIAL_REVIEW: _(
        "Pengawas sedang memeriksa syarat laporan. Jika ada yang kurang, Anda dapat menambahkan keterangan "
        "atau bukti di halaman ini."
    ),
    CaseStatus.REGISTERED: _(
        "Laporan Anda teregistrasi. Pengawas akan mengklarifikasi pihak terkait dan memutus dalam 3 hari "
        "(dapat diperpanjang 2 hari). Laporan yang sudah teregistrasi tidak dapat dicabut."
    ),
    CaseStatus.NOT_REGISTERED: _(
        "Laporan tidak dapat diregistrasi karena syarat formal atau materiel tidak terpenuhi. Informasinya "
        "tetap disimpan dan dapat ditindaklanjuti pengawas sebagai temuan."
    ),
    CaseStatus.CLARIFICATION: _("Pengawas sedang meminta keterangan dari pihak-pihak terkait."),
    CaseStatus.VIOLATION: _(
        "Pengawas memutuskan ada pelanggaran. Rekomendasi akan diteruskan ke lembaga yang berwenang."
    ),
    CaseStatus.NOT_VIOLATION: _("Pengawas memutuskan perbuatan yang dilaporkan bukan pelanggaran."),
    CaseStatus.STOPPED: _("Penanganan dihentikan oleh pengawas."),
    CaseStatus.FORWARDED_BKN: _(
        "Rekomendasi sudah diteruskan ke BKN (sebelumnya KASN), yang akan memverifikasi dan meminta pejabat "
        "pembina kepegawaian menjatuhkan sanksi."
    ),
    CaseStatus.FORWARDED_OTHER: _("Perkara diteruskan ke instansi lain yang berwenang."),
    CaseStatus.GAKKUMDU_SUBMITTED: _(
        "Dugaan tindak pidana ditangani Sentra Gakkumdu: berkas penyidikan sudah diserahkan ke penuntut umum."
    ),
    CaseStatus.GAKKUMDU_RETURNED: _(
        "Penuntut umum mengembalikan berkas penyidikan untuk dilengkapi; penyidik Sentra Gakkumdu akan "
        "menyerahkannya kembali."
    ),
    CaseStatus.GAKKUMDU_COMPLETE: _(
        "Berkas penyidikan dinyatakan lengkap; penuntut umum akan melimpahkan perkara ke pengadilan."
    ),
    CaseStatus.GAKKUMDU_COURT: _("Perkara sudah dilimpahkan ke pengadilan dan menunggu putusan."),
    CaseStatus.BKN_VERIFICATION: _("BKN sedang memverifikasi rekomendasi."),
    CaseStatus.RECOMMENDED: _(
        "BKN sudah merekomendasikan sanksi kepada pejabat pembina kepegawaian (PPK) instansi terlapor."
    ),
    CaseStatus.SANCTIONED: _("Pejabat pembina kepegawaian sudah menjatuhkan sanksi."),
    CaseStatus.REFUSED: _("PPK belum atau tidak menindaklanjuti rekomendasi; BKN dapat menegur atau memblokir data."),
    CaseStatus.FOLLOW_UP: _("BKN sedang menindaklanjuti kepatuhan PPK (teguran atau pemblokiran data)."),
    CaseStatus.CLOSED: _("Penanganan perkara ini sudah selesai."),
    CaseStatus.JOINED: _("Laporan Anda digabung dengan perkara lain tentang kejadian yang sama."),
    CaseStatus.WITHDRAWN: _("Laporan ini sudah dicabut oleh pelapor sebelum diregistrasi."),
}

# What happens next, and whether the reporter has anything to do.
NEXT: dict[str, Any] = {
    CaseStatus.RECEIVED: _(
        "Kajian awal dilakukan dalam 2 hari. Anda tidak perlu berbuat apa-apa; jika pengawas bertanya, "
        "pertanyaannya muncul di halaman ini."
    ),
    CaseStatus.INITIAL_REVIEW: _(
        "Pengawas akan memutuskan apakah laporan diregistrasi. Periksa halaman ini: pertanyaan atau "
        "permintaan kelengkapan dari pengawas muncul di sini."
    ),
    CaseStatus.REGISTERED: _(
        "Pengawas memeriksa pihak-pihak terkait lalu memutus apakah ada pelanggaran. Anda mungkin diundang "
        "untuk memberi keterangan."
    ),
    CaseStatus.NOT_REGISTERED: _(
        "Jika alasannya syarat formal atau materiel dan batas waktu melapor belum lewat, Anda masih dapat "
        "melengkapinya di halaman ini; pengawas lalu mengkaji ulang. Jika tidak, perkara akan ditutup."
    ),
    CaseStatus.CLARIFICATION: _("Setelah keterangan terkumpul, pengawas memutus paling lambat 2 hari kemudian."),
    CaseStatus.VIOLATION: _(
        "Pengawas meneruskan rekomendasi: untuk ASN ke BKN, untuk pihak lain ke instansi yang berwenang."
    ),
    CaseStatus.NOT_VIOLATION: _("Perkara akan ditutup. Tidak ada tindakan lanjutan yang perlu Anda lakukan."),
    CaseStatus.STOPPED: _("Perkara akan ditutup. Tidak ada tindakan lanjutan yang perlu Anda lakukan."),
    CaseStatus.FORWARDED_BKN: _(
        "BKN memverifikasi rekomendasi, lalu meminta PPK instansi terlapor menjatuhkan sanksi."
    ),
    CaseStatus.FORWARDED_OTHER: _(
        "Instansi tujuan menindaklanjuti sesuai kewenangannya; pengawas mencatat perkembangannya di sini."
    ),
    CaseStatus.GAKKUMDU_SUBMITTED: _("Penuntut umum memeriksa kelengkapan berkas dalam 3 hari kerja."),
    CaseStatus.GAKKUMDU_RETURNED: _("Penyidik melengkapi berkas lalu menyerahkannya kembali ke penuntut umum."),
    CaseStatus.GAKKUMDU_COMPLETE: _("Penuntut umum melimpahkan perkara ke pengadilan."),
    CaseStatus.GAKKUMDU_COURT: _("Pengadilan memeriksa dan memutus perkara; putusannya diumumkan pengadilan."),
    CaseStatus.BKN_VERIFICATION: _(
        "Jika rekomendasi terverifikasi, BKN meminta PPK menjatuhkan sanksi; jika tidak, perkara ditutup."
    ),
    CaseStatus.RECOMMENDED: _("PPK wajib menjatuhkan sanksi dalam 14 hari; BKN memantau tindak lanjutnya."),
    CaseStatus.SANCTIONED: _("Sanksi dicatat BKN dan perkara akan ditutup."),
    CaseStatus.REFUSED: _("BKN dapat menegur PPK atau memblokir data kepegawaian ASN terlapor."),
    CaseStatus.FOLLOW_UP: _("Setelah teguran, PPK diberi waktu 3 hari untuk menjatuhkan sanksi."),
    CaseStatus.CLOSED: _("Tidak ada langkah lanjutan. Terima kasih atas laporan Anda."),
    CaseStatus.JOINED: _("Perkembangan perkara gabungan ditampilkan di halaman ini dengan kode yang sama."),
    CaseStatus.WITHDRAWN: _("Tidak ada langkah lanjutan."),
}

# Why a report was not registered, in words for the public.
NOT_REGISTERED_WHY: dict[str, Any] = {
    NotRegisteredReason.LATE: _(
        "Laporan disampaikan setelah batas waktu melapor (7 hari sejak kejadian diketahui) lewat."
    ),
    NotRegisteredReason.FORMAL: _("Syarat formal laporan tidak terpenuhi."),
    NotRegisteredReason.MATERIAL: _("Syarat materiel laporan tidak terpenuhi."),
}

SEVERITY: dict[str, Any] = {
    "moral": _("sanksi moral"),
    "moderate": _("sanksi sedang"),
    "heavy": _("sanksi berat"),
    "dismissal": _("pemberhentian"),
}

FINAL = frozenset(
    {CaseStatus.NOT_VIOLATION, CaseStatus.STOPPED, CaseStatus.SANCTIONED, CaseStatus.CLOSED, CaseStatus.WITHDRAWN}
)


@dataclass(frozen=True)
class PublicOutcome:
    """What a receipt holder reads about the handling: plain sentences, no personal data."""

    status: str
    status_label: str
    meaning: str
    next_step: str
    decisions: list[str] = field(default_factory=list)
    final: bool = False

    def as_text(self) -> str:
        """One message (chat): the status, its meaning, what comes next and the decisions so far."""
        lines = [f"{self.status_label}. {self.meaning}", f"{gettext('Selanjutnya')}: {self.next_step}"]
        if self.decisions:
            lines.append(gettext("Keputusan") + ":\n" + "\n".join(f"- {d}" for d in self.decisions))
        return "\n".join(lines)


def _day(value: datetime.datetime | datetime.date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return str(formats.date_format(value, "j F Y"))


def _visited(case: Any) -> set[str]:
    """The statuses the case went through (its timeline), plus the current one."""
    seen = set(case.transitions.values_list("to_status", flat=True)) if case.pk else set()
    seen.add(case.status)
    return seen


def decisions_for(case: Any, report: Any = None) -> list[str]:
    """The decisions taken so far, each with its public reason, from the case's fields only."""
    seen = _visited(case)
    out: list[str] = []
    if CaseStatus.REGISTERED in seen and case.registered_at:
        number = f" ({case.registration_number})" if case.registration_number else ""
        out.append(
            gettext("Laporan diregistrasi%(number)s pada %(day)s.")
            % {"number": number, "day": _day(case.registered_at)}
        )
    if case.status == CaseStatus.NOT_REGISTERED or (CaseStatus.NOT_REGISTERED in seen and not case.registered_at):
        why = NOT_REGISTERED_WHY.get(case.not_registered_reason)
        line = gettext("Laporan tidak diregistrasi.")
        if why:
            line = f"{line} {why}"
        missing = _missing(case.not_registered_reason, report)
        if missing:
            line = f"{line} " + gettext("Yang kurang: %(items)s.") % {"items": ", ".join(missing)}
        if case.status == CaseStatus.NOT_REGISTERED and case.deadline_at:
            line = f"{line} " + gettext("Anda dapat melengkapinya sampai %(day)s.") % {"day": _day(case.deadline_at)}
        out.append(line)
    if CaseStatus.VIOLATION in seen:
        kinds = [vt.title for vt in case.violation_types.all()]
        line = gettext("Pengawas memutuskan: terdapat pelanggaran netralitas.")
        if kinds:
            line = f"{line} " + gettext("Jenis pelanggaran: %(kinds)s.") % {"kinds": "; ".join(kinds)}
        out.append(line)
    elif CaseStatus.NOT_VIOLATION in seen:
        out.append(
            gettext(
                "Pengawas memutuskan: bukan pelanggaran. Setelah klarifikasi, perbuatan yang dilaporkan tidak "
                "memenuhi unsur pelanggaran netralitas."
            )
        )
    if CaseStatus.STOPPED in seen:
        out.append(gettext("Penanganan dihentikan oleh pengawas sebelum ada putusan pelanggaran."))
    if CaseStatus.FORWARDED_BKN in seen or case.route in (Route.BKN, Route.KASN):
        body = case.recommending_body or "BKN"
        out.append(gettext("Rekomendasi diteruskan ke %(body)s untuk sanksi ASN.") % {"body": body})
    elif case.route:
        out.append(gettext("Perkara diteruskan ke: %(route)s.") % {"route": Route(case.route).label})
    if CaseStatus.GAKKUMDU_COURT in seen:
        out.append(gettext("Perkara pidana dilimpahkan ke pengadilan."))
    level = case.sanction_level
    if level is not None and (CaseStatus.RECOMMENDED in seen or CaseStatus.SANCTIONED in seen):
        what = f"{level.name} ({SEVERITY.get(level.severity, level.severity)})"
        if CaseStatus.SANCTIONED in seen:
            out.append(gettext("Sanksi dijatuhkan oleh PPK: %(level)s.") % {"level": what})
        else:
            out.append(gettext("Sanksi yang direkomendasikan kepada PPK: %(level)s.") % {"level": what})
    elif CaseStatus.SANCTIONED in seen:
        out.append(gettext("Sanksi dijatuhkan oleh PPK."))
    if CaseStatus.REFUSED in seen and CaseStatus.SANCTIONED not in seen:
        out.append(gettext("PPK tidak menindaklanjuti rekomendasi dalam batas waktu."))
    if case.follow_up_action == FollowUpAction.REPRIMAND:
        out.append(gettext("BKN menegur PPK."))
    if case.data_blocked:
        out.append(gettext("BKN memblokir data kepegawaian ASN terlapor sampai sanksi dijatuhkan."))
    if case.status == CaseStatus.CLOSED and CaseStatus.BKN_VERIFICATION in seen and CaseStatus.RECOMMENDED not in seen:
        out.append(gettext("BKN menutup perkara: rekomendasi tidak terverifikasi."))
    return out


def _missing(reason: str, report: Any) -> list[str]:
    """The requirement names a not-registered report lacked (stored codes, never values)."""
    if report is None:
        return []
    if reason == NotRegisteredReason.FORMAL:
        codes = list(report.formal_missing or [])
    elif reason == NotRegisteredReason.MATERIAL:
        codes = list(report.material_missing or [])
    else:
        return []
    return [str(requirements.LABELS.get(c, c)) for c in codes]


def outcome_for(case: Any, report: Any = None) -> PublicOutcome:
    """The public outcome of `case` (None: the report is not yet linked to a case: received)."""
    if case is None:
        status = str(CaseStatus.RECEIVED)
        return PublicOutcome(status, str(CaseStatus(status).label), str(MEANING[status]), str(NEXT[status]))
    status = str(case.status)
    return PublicOutcome(
        status=status,
        status_label=str(CaseStatus(status).label),
        meaning=str(MEANING.get(status, "")),
        next_step=str(NEXT.get(status, "")),
        decisions=decisions_for(case, report),
        final=status in FINAL,
    )
