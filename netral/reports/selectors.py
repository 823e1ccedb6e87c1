"""Reads for reports: the reporter's status view (no personal data) and staff queries (scoped)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from netral.cases.choices import CaseStatus
from netral.core.scoping import Action, get_scoped_or_404
from netral.reports.models import Evidence, Report

# What each status means for the reporter, and what happens next, in plain words.
NEXT_STEP: dict[str, Any] = {
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


@dataclass(frozen=True)
class ReceiptStatus:
    """All a receipt holder learns: never the reporter's own data, never staff notes."""

    kind_label: str
    status: str
    status_label: str
    updated_on: datetime.date
    next_step: str
    initial_information: bool
    case_number: str


def receipt_status(report: Report) -> ReceiptStatus:
    case = report.case
    # A joined case answers with the case it was merged into.
    seen = 0
    while case is not None and case.merged_into_id is not None and seen < 5:
        case = case.merged_into
        seen += 1
    status = case.status if case is not None else CaseStatus.RECEIVED
    updated = case.updated_at if case is not None else report.submitted_at
    last_addition = report.additions.order_by("-added_at").values_list("added_at", flat=True).first()
    if last_addition and last_addition > updated:
        updated = last_addition
    return ReceiptStatus(
        kind_label=str(report.get_kind_display()),
        status=str(status),
        status_label=str(CaseStatus(status).label),
        updated_on=updated.date(),
        next_step=str(NEXT_STEP.get(status, "")),
        initial_information=report.initial_information,
        case_number=case.number if case is not None else "",
    )


def report_for(user: Any, pk: int) -> Report:
    qs = Report.objects.select_related(
        "case", "region", "subject_agency", "election", "candidate_pair__contest", "found_by"
    )
    return get_scoped_or_404(qs, user, "view", pk=pk)


def evidence_for(user: Any, pk: int, action: Action = "view") -> Evidence:
    """One evidence item through the scope; ``view_pii`` is what its original needs."""
    return get_scoped_or_404(Evidence.objects.select_related("report"), user, action, pk=pk)


def reports_of_case(user: Any, case_id: int) -> QuerySet[Report]:
    """The reports behind a case, as the user may see them (for the case page)."""
    return Report.objects.restrict(user, "view").filter(case_id=case_id)
