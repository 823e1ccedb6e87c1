"""Demo cases: move the demo reports along the chain so every status and every queue has cases.

Runs after the reports demo and takes ``world.extra["reports"]``; when a plan needs a kind of
case the reports demo did not make (an ASN of Kota Banjar, a village head...), it files one more
report itself. Every move goes through ``transition_case`` acting as the right user, with the
date the act took effect set relative to ``world.today``, so clocks, timelines and audits are real:
some cases are overdue, some have days left.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from netral.agencies.models import Agency
from netral.cases import services
from netral.cases.choices import CaseStatus, SubjectKind
from netral.cases.models import Case
from netral.core.context import acting
from netral.regions.models import Region

if TYPE_CHECKING:
    from netral.core.types import User
    from netral.demo.world import World

SUPERVISORS = {"32.79": "bawaslu_banjar", "32.14": "bawaslu_purwakarta", "16.07": "bawaslu_banyuasin"}
PPK = {"32.79": "ppk_banjar", "32.14": "ppk_purwakarta", "16.07": "ppk_banyuasin"}

REASONS = {
    "initial_review": "Laporan diterima; kajian awal syarat formal dan materiel dimulai.",
    "registered": "Syarat formal dan materiel terpenuhi; laporan dicatat dalam buku registrasi.",
    "not_registered": "Hasil kajian awal: laporan tidak memenuhi syarat untuk diregistrasi.",
    "clarification": "Diperlukan keterangan tambahan dari pelapor dan dua orang saksi.",
    "violation": "Hasil kajian: terlapor terbukti menunjukkan keberpihakan kepada pasangan calon.",
    "not_violation": "Hasil kajian: perbuatan terlapor tidak memenuhi unsur pelanggaran netralitas.",
    "stopped": "Penanganan dihentikan: terlapor dan saksi tidak dapat dimintai keterangan dalam tenggat.",
    "forwarded_bkn": "Rekomendasi pelanggaran netralitas ASN diteruskan untuk penjatuhan sanksi.",
    "forwarded_other": "Diteruskan kepada instansi yang berwenang atas terlapor.",
    "bkn_verification": "Berkas diterima Satgas; verifikasi dimulai.",
    "recommended": "Hasil verifikasi menguatkan kajian Bawaslu; sanksi direkomendasikan kepada PPK.",
    "sanctioned": "PPK telah menetapkan keputusan hukuman sesuai rekomendasi.",
    "refused": "PPK belum menindaklanjuti rekomendasi dengan alasan masih menelaah bukti.",
    "follow_up": "PPK tidak menindaklanjuti rekomendasi dalam tenggat.",
    "closed": "Perkara selesai.",
    "withdrawn": "Pelapor mencabut laporannya sebelum registrasi.",
    "gakkumdu_submitted": "Penyidik Sentra Gakkumdu menyerahkan berkas penyidikan kepada penuntut umum.",
    "gakkumdu_returned": "Penuntut umum mengembalikan berkas: keterangan saksi kedua belum dilampirkan.",
    "gakkumdu_complete": "Penuntut umum menyatakan berkas penyidikan lengkap (P-21).",
    "gakkumdu_court": "Penuntut umum melimpahkan perkara ke pengadilan negeri.",
}


class Planner:
    """Picks an unused case of the wanted kind (making a new report if none is left) and moves it."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.today = min(world.today, timezone.localdate())
        reports = list(world.extra.get("reports") or [])
        seen: set[int] = set()
        self.pool: list[Case] = []
        for report in reports:
            case_id = report.case_id
            if case_id is not None and case_id not in seen:
                seen.add(case_id)
                self.pool.append(Case.objects.get(pk=case_id))
        self.late_ids = {r.case_id for r in reports if getattr(r, "is_late", False)}
        self.used: set[int] = set()
        self.made = 0

    def user(self, name: str) -> Any:
        return self.world.users[name]

    def supervisor(self, case: Case) -> Any:
        name = SUPERVISORS.get(case.region_code[:5]) or (
            "bawaslu_jabar" if case.region_code.startswith("32") else "bawaslu_ri"
        )
        return self.user(name)

    def take(self, regions: list[str] | None, subject: str | None = None, late: bool | None = None) -> Case:
        def fits(c: Case) -> bool:
            if c.pk in self.used or c.status != CaseStatus.RECEIVED:
                return False
            if regions and c.region_code[:5] not in regions:
                return False
            if subject == "asn" and not (c.subject_kind == SubjectKind.ASN and c.agency_id):
                return False
            if subject == "village" and c.subject_kind not in (SubjectKind.VILLAGE_HEAD, SubjectKind.VILLAGE_STAFF):
                return False
            return late is None or (c.pk in self.late_ids) == late

        case = next((c for c in self.pool if fits(c)), None)
        if case is None:
            case = self.new_case((regions or ["32.79"])[0], subject)
        self.used.add(case.pk)
        return case

    def new_case(self, region_code: str, subject: str | None) -> Case:
        """One more report of the wanted kind, filed through the reports service when it exists."""
        world = self.world
        region = Region.objects.get(code=region_code)
        kind = SubjectKind.VILLAGE_HEAD if subject == "village" else SubjectKind.ASN
        agency = Agency.objects.filter(code=f"pemda-{region_code}").first() if kind == SubjectKind.ASN else None
        self.made += 1
        name = world.person()
        position = "Kepala Desa" if kind == SubjectKind.VILLAGE_HEAD else "Kepala Seksi Pelayanan"
        data: dict[str, Any] = {
            "subject_kind": kind,
            "subject_name": name,
            "subject_position": position,
            "subject_agency": agency,
            "subject_agency_name": "" if agency else f"Pemerintah Desa di {region.name}",
            "description": (
                f"{name} ({position}) terlihat membagikan bahan kampanye salah satu pasangan calon "
                f"kepada warga saat kegiatan pelayanan di {region.name}."
            ),
            "known_on": self.today - datetime.timedelta(days=2),
            "occurred_on": self.today - datetime.timedelta(days=3),
            "region": region,
            "place": f"Balai pertemuan, {region.name}",
            "election": world.election,
            "identity": "anonymous",
        }
        try:
            from netral.reports.services import submit_report
        except ImportError:  # the reports app without its services: a report row and its case
            from netral.reports.models import Report

            fields = {k: v for k, v in data.items() if k not in ("identity", "subject_agency")}
            report = Report.objects.create(subject_agency=agency, identity="anonymous", **fields)
            from netral.reports.services import open_case_for

            return open_case_for(report)
        with acting(None):
            report, _code = submit_report(data, [], request_meta={"source": "demo-cases"})
        return Case.objects.get(reports=report)

    def received(self, case: Case, days_ago: int) -> Case:
        """Demo-only: the report arrived `days_ago` days before today, so that a long chain has room
        for its acts after the receipt and the intake clock shows. The incident and the date it became
        known move back with it (on the case and its reports) when they would fall after the receipt."""
        from netral.reports.models import Report

        day = self.today - datetime.timedelta(days=days_ago)
        at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
        known = min(case.known_on or day, day - datetime.timedelta(days=1))
        occurred = min(case.occurred_on or known, known)
        Case.objects.filter(pk=case.pk).update(received_at=at, known_on=known, occurred_on=occurred)
        Report.objects.filter(case=case).update(submitted_at=at, known_on=known, occurred_on=occurred)
        case.refresh_from_db()
        return services.recompute_clock(case)

    def step(self, case: Case, status: str, user: User, days_ago: int, **fields: Any) -> Case:
        received = case.received_at or case.created_at
        if received and timezone.localdate(received) > self.today - datetime.timedelta(days=days_ago):
            case = self.received(case, days_ago)
        with acting(user):
            return services.transition_case(
                case,
                status,
                user=user,
                reason=fields.pop("reason", REASONS.get(status, "")),
                acted_on=self.today - datetime.timedelta(days=days_ago),
                **fields,
            ).case

    # Building blocks ------------------------------------------------------------------------

    def registered(self, case: Case, days_ago: int) -> Case:
        sup = self.supervisor(case)
        case = self.received(case, days_ago + 1)
        case = self.step(case, "initial_review", sup, days_ago + 1)
        number = f"{case.pk:03d}/Reg/LP/PB/{case.region_code}/{self.today:%m/%Y}"
        return self.step(case, "registered", sup, days_ago, registration_number=number)

    def violation(self, case: Case, days_ago: int) -> Case:
        case = self.registered(case, days_ago + 2)
        return self.step(case, "violation", self.supervisor(case), days_ago)

    def forwarded(self, case: Case, days_ago: int) -> Case:
        case = self.violation(case, days_ago + 1)
        return self.step(case, "forwarded_bkn", self.supervisor(case), days_ago)

    def confirm_person(self, case: Case) -> Case:
        """The supervisor confirms the accused as a registry PNS (an 18-digit NIP) before BKN acts:
        the proposed person when they fit, else one of the agency's PNS in the supervisor's scope.
        PNS only, so no PPPK person meets a PNS-only sanction."""
        from netral.cases.services import confirm_accused
        from netral.personnel.models import ASN

        sup = self.supervisor(case)
        fitting = ASN.objects.restrict(sup).filter(active=True, employment_type="PNS", identifier__regex=r"^[0-9]{18}$")
        from netral.cases.selectors import accused_candidates

        best = [
            c.asn.pk
            for c in accused_candidates(case, sup)
            if c.asn.employment_type == "PNS" and len(c.asn.identifier) == 18 and c.score >= 85
        ]
        if case.asn_id and fitting.filter(pk=case.asn_id).exists():
            chosen = case.asn_id
        elif best:
            chosen = best[0]
        else:
            ids = list(fitting.filter(agency=case.agency).order_by("pk").values_list("pk", flat=True)[:200])
            ids = ids or list(fitting.order_by("pk").values_list("pk", flat=True)[:200])
            if not ids:
                return case
            chosen = ids[case.pk % len(ids)]
        return confirm_accused(case, chosen, user=sup)

    def recommended(self, case: Case, days_ago: int, types: list[str], level: str) -> Case:
        case = self.confirm_person(self.forwarded(case, days_ago + 3))
        bkn = self.user("bkn")
        case = self.step(case, "bkn_verification", bkn, days_ago + 2)
        return self.step(case, "recommended", bkn, days_ago, violation_types=types, sanction_level=level)


def build(world: World) -> None:
    p = Planner(world)
    bkn = world.users["bkn"]
    decree = "800.1.6.4/{n}/BKPSDM/{y}"

    plans: list[Callable[[], Case]] = [
        # Supervisors' queue in Kota Banjar: overdue first, then days left
        lambda: p.received(p.take(["32.79"]), 5),
        lambda: p.take(["32.79"]),
        lambda: p.step(p.received(p.take(["32.79"]), 2), "initial_review", world.users["bawaslu_banjar"], 1),
        lambda: p.registered(p.take(["32.79"]), 5),
        lambda: p.registered(p.take(["32.79"]), 1),
        lambda: p.step(c := p.registered(p.take(["32.14"]), 3), "clarification", p.supervisor(c), 1),
        lambda: p.violation(p.take(["32.79"], "asn"), 1),
        # Not registered: late, formal, material
        lambda: p.step(
            p.step(c := p.take(None, late=True), "initial_review", p.supervisor(c), 0),
            "not_registered",
            p.supervisor(c),
            0,
            not_registered_reason="late",
            reason="Laporan disampaikan lebih dari 7 hari sejak kejadian diketahui (kedaluwarsa).",
        ),
        lambda: p.step(
            p.step(c := p.take(["32.79"], late=False), "initial_review", p.supervisor(c), 0),
            "not_registered",
            p.supervisor(c),
            0,
            not_registered_reason="formal",
            reason="Alamat terlapor tidak dicantumkan; pelapor diminta melengkapi dalam tenggat.",
        ),
        lambda: p.step(
            p.step(c := p.take(None, late=False), "initial_review", p.supervisor(c), 0),
            "not_registered",
            p.supervisor(c),
            0,
            not_registered_reason="material",
            reason="Laporan tidak disertai bukti dan uraian waktu kejadian.",
        ),
        # Bawaslu outcomes
        lambda: p.step(
            p.step(c := p.registered(p.take(None), 6), "not_violation", p.supervisor(c), 3),
            "closed",
            p.supervisor(c),
            2,
        ),
        lambda: p.step(c := p.registered(p.take(None), 8), "stopped", p.supervisor(c), 3),
        lambda: p.step(c := p.registered(p.take(None), 4), "not_violation", p.supervisor(c), 2),
        lambda: p.step(
            c := p.violation(p.take(None, "village"), 2),
            "forwarded_other",
            p.supervisor(c),
            1,
            route="bupati",
            reason="Terlapor kepala desa: diteruskan kepada bupati/wali kota sesuai UU 6/2014 Pasal 29.",
        ),
        lambda: p.step(
            c := p.violation(p.take(None), 3),
            "forwarded_other",
            p.supervisor(c),
            2,
            route="gakkumdu",
            reason="Terdapat dugaan unsur pidana pemilihan; diteruskan ke Sentra Gakkumdu.",
        ),
        # Sentra Gakkumdu's file: with the prosecutor, returned (re-submission clock), complete, in court
        lambda: _gakkumdu(p, 10, [("gakkumdu_submitted", 1)]),
        lambda: _gakkumdu(p, 14, [("gakkumdu_submitted", 8), ("gakkumdu_returned", 6)]),
        lambda: _gakkumdu(
            p,
            16,
            [("gakkumdu_submitted", 9), ("gakkumdu_returned", 7), ("gakkumdu_submitted", 5), ("gakkumdu_complete", 1)],
        ),
        lambda: _gakkumdu(p, 25, [("gakkumdu_submitted", 15), ("gakkumdu_complete", 12), ("gakkumdu_court", 9)]),
        lambda: _withdraw(p),
        # BKN's queue
        lambda: p.forwarded(p.take(None, "asn"), 2),
        lambda: p.step(p.forwarded(p.take(None, "asn"), 9), "bkn_verification", bkn, 8),
        lambda: p.step(p.forwarded(p.take(None, "asn"), 3), "bkn_verification", bkn, 1),
        # PPK queues: Banjar and Purwakarta, days left and overdue
        lambda: p.recommended(p.take(["32.79"], "asn"), 3, ["D-07"], "berat-turun-jabatan"),
        lambda: p.recommended(p.take(["32.79"], "asn"), 17, ["KE-04"], "moral-terbuka"),
        lambda: p.recommended(p.take(["32.14"], "asn"), 5, ["D-03"], "sedang-tukin-12"),
        lambda: p.recommended(p.take(["32.14"], "asn"), 20, ["D-12"], "berat-pelaksana"),
        # PPK decisions and BKN follow-up
        lambda: p.step(
            c := p.recommended(p.take(["32.14"], "asn"), 12, ["D-06"], "berat-turun-jabatan"),
            "sanctioned",
            world.users["ppk_purwakarta"],
            4,
            decree_number=decree.format(n=c.pk, y=p.today.year),
            decree_date=p.today - datetime.timedelta(days=4),
        ),
        lambda: p.step(
            p.recommended(p.take(["32.79"], "asn"), 18, ["KE-05"], "moral-tertutup"),
            "refused",
            world.users["ppk_banjar"],
            3,
        ),
        lambda: p.step(
            p.step(
                p.recommended(p.take(["32.14"], "asn"), 25, ["D-10"], "berat-pdhtaps"),
                "refused",
                world.users["ppk_purwakarta"],
                8,
            ),
            "follow_up",
            bkn,
            1,
            follow_up_action="reprimand",
            reason="Teguran tertulis kepada PPK: rekomendasi belum dilaksanakan.",
        ),
        lambda: _sanctioned_and_closed(p, world),
    ]
    with acting(None):
        for plan in plans:
            plan()
        _join(p, world)


def _gakkumdu(p: Planner, forwarded_days_ago: int, steps: list[tuple[str, int]]) -> Case:
    """A criminal matter forwarded to Sentra Gakkumdu, then the file's steps (status, days ago)."""
    case = p.violation(p.take(None), forwarded_days_ago + 1)
    sup = p.supervisor(case)
    case = p.step(
        case,
        "forwarded_other",
        sup,
        forwarded_days_ago,
        route="gakkumdu",
        reason="Terdapat dugaan unsur pidana pemilihan (UU 10/2016 Pasal 188); diteruskan ke Sentra Gakkumdu.",
    )
    for status, days_ago in steps:
        fields: dict[str, Any] = {}
        if status == "gakkumdu_court":
            fields["court_case_number"] = f"{case.pk}/Pid.S/{p.today.year}/PN"
        case = p.step(case, status, sup, days_ago, **fields)
    return case


def _withdraw(p: Planner) -> Case:
    case = p.take(None)
    return p.step(case, "withdrawn", p.supervisor(case), 0)


def _sanctioned_and_closed(p: Planner, world: World) -> Case:
    case = p.recommended(p.take(["16.07"], "asn"), 15, ["D-04"], "berat-turun-jabatan")
    case = p.step(
        case,
        "sanctioned",
        world.users["ppk_banyuasin"],
        6,
        decree_number=f"862/{case.pk}/BKPSDM/{p.today.year}",
        decree_date=p.today - datetime.timedelta(days=6),
    )
    return p.step(case, "closed", world.users["bkn"], 2, reason="Hukuman disiplin tercatat di I'DIS.")


def _join(p: Planner, world: World) -> None:
    """Two reports of one incident in Kota Banjar joined into the first."""
    target = p.received(p.take(["32.79"]), 1)
    other = p.received(p.take(["32.79"]), 1)
    sup = world.users["bawaslu_banjar"]
    with acting(sup):
        from netral.reports.services import join_cases

        join_cases(target, [other], user=sup, reason="Dua laporan atas kejadian dan terlapor yang sama.")
