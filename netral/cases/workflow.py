"""The allowed transitions of a case, as data: one table, read by services, forms, views and docs.

Each entry says who may make the move (the role; the region/agency part comes from
``Case.objects.restrict(user, "change")``), which fields it requires, whether a reason is required,
an optional guard (a named rule checked against the case), and whether it re-opens a case.
Anything not in the table is refused with a message that says why and what is allowed instead.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netral.cases.choices import CaseStatus as S
from netral.cases.choices import FollowUpAction, NotRegisteredReason, Route, SubjectKind

SUPERVISOR = "supervisor"
BKN = "bkn"
PPK = "ppk"
ADMIN = "admin"

ROLE_LABELS = {
    SUPERVISOR: _("pengawas pemilu wilayah perkara"),
    BKN: _("BKN"),
    PPK: _("petugas PPK instansi terlapor"),
    ADMIN: _("admin"),
}

# Fields a transition may require; the form builds its inputs from these names.
FIELDS = (
    "registration_number",
    "not_registered_reason",
    "route",
    "violation_types",
    "sanction_level",
    "decree_number",
    "decree_date",
    "follow_up_action",
    "court_case_number",
)

# Which authority a non-ASN subject goes to (never BKN): domain §8.
SUBJECT_ROUTES: dict[str, tuple[str, ...]] = {
    SubjectKind.ASN: (Route.KPU, Route.DKPP, Route.GAKKUMDU),
    SubjectKind.VILLAGE_HEAD: (Route.REGENT, Route.GAKKUMDU),
    SubjectKind.VILLAGE_STAFF: (Route.REGENT, Route.GAKKUMDU),
    SubjectKind.TNI: (Route.TNI, Route.GAKKUMDU),
    SubjectKind.POLRI: (Route.POLRI, Route.GAKKUMDU),
    SubjectKind.PARTY: (Route.KPU, Route.GAKKUMDU),
    SubjectKind.ORGANISER: (Route.DKPP, Route.KPU, Route.GAKKUMDU),
    SubjectKind.OTHER: (Route.KPU, Route.DKPP, Route.GAKKUMDU),
}


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    roles: frozenset[str]
    label: Any
    requires: tuple[str, ...] = ()
    reason_required: bool = True
    guard: str | None = None
    reopen: bool = False
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _t(source: str, target: str, roles: set[str], label: Any, **kw: Any) -> tuple[tuple[str, str], Transition]:
    return (source, target), Transition(source, target, frozenset(roles), label, **kw)


SUP, BK, PK, AD = {SUPERVISOR}, {BKN}, {PPK}, {ADMIN}

TRANSITIONS: dict[tuple[str, str], Transition] = dict(
    [
        # Bawaslu: initial review and registration (Perbawaslu 8/2020)
        _t(S.RECEIVED, S.INITIAL_REVIEW, SUP, _("Mulai kajian awal"), reason_required=False),
        _t(S.RECEIVED, S.WITHDRAWN, SUP, _("Catat pencabutan oleh pelapor")),
        _t(S.INITIAL_REVIEW, S.WITHDRAWN, SUP, _("Catat pencabutan oleh pelapor")),
        _t(S.INITIAL_REVIEW, S.REGISTERED, SUP, _("Registrasi laporan"), requires=("registration_number",)),
        _t(S.INITIAL_REVIEW, S.NOT_REGISTERED, SUP, _("Tidak diregistrasi"), requires=("not_registered_reason",)),
        _t(
            S.NOT_REGISTERED,
            S.INITIAL_REVIEW,
            SUP,
            _("Buka kembali: pelapor melengkapi syarat"),
            guard="completion_window",
            reopen=True,
        ),
        _t(S.NOT_REGISTERED, S.CLOSED, SUP, _("Tutup perkara")),
        # Bawaslu: handling within 3 + 2 days
        _t(S.REGISTERED, S.CLARIFICATION, SUP, _("Minta klarifikasi/keterangan tambahan (+2 hari)")),
        _t(S.REGISTERED, S.VIOLATION, SUP, _("Putus: pelanggaran")),
        _t(S.REGISTERED, S.NOT_VIOLATION, SUP, _("Putus: bukan pelanggaran")),
        _t(S.REGISTERED, S.STOPPED, SUP, _("Hentikan penanganan")),
        _t(S.CLARIFICATION, S.VIOLATION, SUP, _("Putus: pelanggaran")),
        _t(S.CLARIFICATION, S.NOT_VIOLATION, SUP, _("Putus: bukan pelanggaran")),
        _t(S.CLARIFICATION, S.STOPPED, SUP, _("Hentikan penanganan")),
        _t(S.VIOLATION, S.FORWARDED_BKN, SUP, _("Teruskan rekomendasi ke BKN/KASN"), guard="asn_only"),
        _t(
            S.VIOLATION,
            S.FORWARDED_OTHER,
            SUP,
            _("Teruskan ke instansi berwenang lain"),
            requires=("route",),
            guard="route_fits_subject",
        ),
        _t(S.NOT_VIOLATION, S.CLOSED, SUP, _("Tutup perkara")),
        _t(S.STOPPED, S.CLOSED, SUP, _("Tutup perkara")),
        _t(
            S.FORWARDED_OTHER,
            S.CLOSED,
            SUP,
            _("Tutup perkara (sudah diterima instansi tujuan, atau penyidikan Gakkumdu dihentikan)"),
        ),
        # Sentra Gakkumdu (criminal route): Bawaslu sits in Gakkumdu and records each step of the
        # investigation file (domain §8). Every move checks the case's route (guard `gakkumdu_route`).
        _t(
            S.FORWARDED_OTHER,
            S.GAKKUMDU_SUBMITTED,
            SUP,
            _("Catat berkas penyidikan diserahkan ke penuntut umum"),
            guard="gakkumdu_route",
        ),
        _t(
            S.GAKKUMDU_SUBMITTED,
            S.GAKKUMDU_RETURNED,
            SUP,
            _("Catat berkas dikembalikan penuntut umum (belum lengkap)"),
            guard="gakkumdu_route",
        ),
        _t(
            S.GAKKUMDU_RETURNED,
            S.GAKKUMDU_SUBMITTED,
            SUP,
            _("Catat berkas diserahkan kembali ke penuntut umum"),
            guard="gakkumdu_route",
        ),
        _t(
            S.GAKKUMDU_SUBMITTED,
            S.GAKKUMDU_COMPLETE,
            SUP,
            _("Catat berkas dinyatakan lengkap (P-21)"),
            guard="gakkumdu_route",
        ),
        _t(
            S.GAKKUMDU_COMPLETE,
            S.GAKKUMDU_COURT,
            SUP,
            _("Catat pelimpahan perkara ke pengadilan"),
            requires=("court_case_number",),
            guard="gakkumdu_route",
        ),
        _t(S.GAKKUMDU_COURT, S.CLOSED, SUP, _("Tutup perkara (putusan pengadilan)"), guard="gakkumdu_route"),
        _t(S.GAKKUMDU_SUBMITTED, S.CLOSED, SUP, _("Tutup perkara (penyidikan dihentikan)"), guard="gakkumdu_route"),
        _t(S.GAKKUMDU_RETURNED, S.CLOSED, SUP, _("Tutup perkara (penyidikan dihentikan)"), guard="gakkumdu_route"),
        # BKN (Satgas) verification and recommendation
        _t(S.FORWARDED_BKN, S.BKN_VERIFICATION, BK, _("Mulai verifikasi BKN"), reason_required=False),
        _t(
            S.BKN_VERIFICATION,
            S.RECOMMENDED,
            BK,
            _("Rekomendasikan sanksi ke PPK"),
            requires=("violation_types", "sanction_level"),
            guard="sanction_fits_types",
        ),
        _t(S.BKN_VERIFICATION, S.CLOSED, BK, _("Tutup: tidak terbukti / ASN tidak lagi berdinas")),
        # PPK decision
        _t(
            S.RECOMMENDED,
            S.SANCTIONED,
            PK,
            _("Catat keputusan sanksi PPK"),
            requires=("decree_number", "decree_date"),
        ),
        _t(S.RECOMMENDED, S.REFUSED, PK | BK, _("PPK menolak/tidak menindaklanjuti"), guard="bkn_only_when_overdue"),
        # BKN follow-up: reprimand of the PPK, data block or unblock in SIASN
        _t(
            S.REFUSED,
            S.FOLLOW_UP,
            BK,
            _("Tindak lanjut: teguran PPK atau blokir data"),
            requires=("follow_up_action",),
            choices={"follow_up_action": (FollowUpAction.REPRIMAND, FollowUpAction.DATA_BLOCK)},
        ),
        _t(
            S.FOLLOW_UP,
            S.FOLLOW_UP,
            BK,
            _("Tindak lanjut berikutnya"),
            requires=("follow_up_action",),
        ),
        _t(
            S.FOLLOW_UP,
            S.SANCTIONED,
            PK,
            _("Catat keputusan sanksi PPK (setelah teguran)"),
            requires=("decree_number", "decree_date"),
        ),
        _t(
            S.SANCTIONED,
            S.FOLLOW_UP,
            BK,
            _("Buka blokir data ASN"),
            requires=("follow_up_action",),
            choices={"follow_up_action": (FollowUpAction.UNBLOCK,)},
        ),
        _t(S.FOLLOW_UP, S.CLOSED, BK, _("Tutup perkara")),
        _t(S.SANCTIONED, S.CLOSED, BK, _("Tutup perkara (tercatat di I'DIS)")),
        # Re-opening a closed case: admin only, with a reason
        _t(S.CLOSED, S.INITIAL_REVIEW, AD, _("Buka kembali perkara (admin)"), reopen=True),
        _t(S.CLOSED, S.BKN_VERIFICATION, AD, _("Buka kembali verifikasi BKN (admin)"), reopen=True),
    ]
)

# Statuses a case cannot leave through this table (joined is set only by join_cases).
TERMINAL = {S.WITHDRAWN, S.JOINED}


class TransitionRefused(Exception):
    """A move the rules do not allow; `errors` maps field names ("" = the whole move) to messages."""

    def __init__(self, errors: dict[str, list[str]] | str) -> None:
        self.errors = {"": [str(errors)]} if isinstance(errors, str) else errors
        super().__init__("; ".join(m for msgs in self.errors.values() for m in msgs))


def role_of(user: Any) -> str:
    if getattr(user, "is_superuser", False):
        return ADMIN
    return str(getattr(user, "role", ""))


def status_label(status: str) -> str:
    try:
        return str(S(status).label)
    except ValueError:
        return status


def allowed_from(source: str) -> list[Transition]:
    return [t for (src, _dst), t in TRANSITIONS.items() if src == source]


def get_transition(source: str, target: str, case: Any = None) -> Transition:
    """The table entry for source → target, or TransitionRefused with the reason in Indonesian.

    With `case`, the alternatives named in the refusal leave out moves ruled out for that case.
    """
    spec = TRANSITIONS.get((source, target))
    if spec is not None:
        return spec
    if target == S.JOINED:
        raise TransitionRefused(
            str(_("Penggabungan perkara dilakukan melalui aksi «Gabungkan», bukan perubahan status."))
        )
    if source in TERMINAL:
        raise TransitionRefused(
            str(
                _("Perkara berstatus «%(from)s» sudah final dan tidak dapat diubah lagi.")
                % {"from": status_label(source)}
            )
        )
    possible = [t for t in allowed_from(source) if case is None or applies_to(t, case)]
    options = ", ".join(f"«{status_label(t.target)}»" for t in possible) or "—"
    raise TransitionRefused(
        str(
            _(
                "Perpindahan dari «%(from)s» ke «%(to)s» tidak diizinkan (tahapan tidak boleh dilompati). "
                "Dari «%(from)s» hanya boleh ke: %(options)s."
            )
            % {"from": status_label(source), "to": status_label(target), "options": options}
        )
    )


def applies_to(spec: Transition, case: Any) -> bool:
    """False when a precondition guard rules the move out for this case whatever is entered.

    Only guards that read nothing but the case itself (``PRECONDITION_GUARDS``, e.g. the route)
    hide a move; the others still show their form and explain a refusal at submission.
    """
    if spec.guard not in PRECONDITION_GUARDS:
        return True
    return not GUARDS[spec.guard](case, "", {}, timezone.now())


def transitions_for(case: Any, user: Any) -> list[Transition]:
    """The moves `user`'s role may make on `case` now (scope is checked separately)."""
    role = role_of(user)
    return [t for t in allowed_from(case.status) if role in t.roles and applies_to(t, case)]


# Guards: named rules checked after the fields are validated. Each returns errors or {}.
GuardFn = Callable[[Any, str, dict[str, Any], datetime.datetime], dict[str, list[str]]]


def guard_completion_window(
    case: Any, role: str, fields: dict[str, Any], now: datetime.datetime
) -> dict[str, list[str]]:
    from netral.cases import deadlines

    if case.not_registered_reason == NotRegisteredReason.LATE:
        return {"": [str(_("Laporan yang melewati batas 7 hari tidak dapat dibuka kembali."))]}
    if case.known_on is None:
        return {}
    regulation = deadlines.regulation_for(case.election.kind if case.election_id else None)
    rule = deadlines.RULES[regulation.report_window]
    end = deadlines.deadline(
        rule,
        case.known_on,
        tz=timezone.get_current_timezone(),
        holidays=deadlines.load_holidays() if rule.unit == deadlines.WORKING else frozenset(),
        values=deadlines.values_from_settings(),
    )
    if now > end:
        return {
            "": [
                str(
                    _("Batas waktu melengkapi syarat sudah lewat (%(end)s); laporan tidak dapat dibuka kembali.")
                    % {"end": end.strftime("%d/%m/%Y")}
                )
            ]
        }
    return {}


def guard_asn_only(case: Any, role: str, fields: dict[str, Any], now: datetime.datetime) -> dict[str, list[str]]:
    if case.subject_kind == SubjectKind.ASN:
        return {}
    routes = ", ".join(str(Route(r).label) for r in SUBJECT_ROUTES.get(case.subject_kind, ()))
    return {
        "": [
            str(
                _(
                    "Terlapor bukan ASN (%(kind)s): BKN tidak berwenang. "
                    "Teruskan ke instansi berwenang lain: %(routes)s."
                )
                % {"kind": SubjectKind(case.subject_kind).label, "routes": routes}
            )
        ]
    }


def guard_route_fits_subject(
    case: Any, role: str, fields: dict[str, Any], now: datetime.datetime
) -> dict[str, list[str]]:
    allowed = SUBJECT_ROUTES.get(case.subject_kind, ())
    route = fields.get("route")
    if route in allowed:
        return {}
    return {
        "route": [
            str(
                _("Jalur ini tidak sesuai untuk terlapor %(kind)s. Pilih salah satu: %(routes)s.")
                % {
                    "kind": SubjectKind(case.subject_kind).label,
                    "routes": ", ".join(str(Route(r).label) for r in allowed),
                }
            )
        ]
    }


def guard_sanction_fits_types(
    case: Any, role: str, fields: dict[str, Any], now: datetime.datetime
) -> dict[str, list[str]]:
    from netral.cases.catalogue import allowed_levels

    level = fields.get("sanction_level")
    types = list(fields.get("violation_types") or [])
    if level is None or not types:
        return {}
    employment = case.employment_type
    fits = [vt.code for vt in types if level in allowed_levels(vt, employment)]
    if fits:
        return {}
    return {
        "sanction_level": [
            str(
                _("Sanksi «%(level)s» tidak tersedia untuk jenis pelanggaran %(types)s (%(employment)s).")
                % {"level": level.name, "types": ", ".join(vt.code for vt in types), "employment": employment}
            )
        ]
    }


def guard_bkn_only_when_overdue(
    case: Any, role: str, fields: dict[str, Any], now: datetime.datetime
) -> dict[str, list[str]]:
    if role != BKN:
        return {}
    if case.deadline_at is not None and now > case.deadline_at:
        return {}
    return {"": [str(_("BKN hanya dapat mencatat PPK tidak menindaklanjuti setelah tenggat tindak lanjut lewat."))]}


def guard_gakkumdu_route(case: Any, role: str, fields: dict[str, Any], now: datetime.datetime) -> dict[str, list[str]]:
    if case.route == Route.GAKKUMDU:
        return {}
    route = str(Route(case.route).label) if case.route in Route.values else "—"
    return {
        "": [
            str(
                _(
                    "Langkah ini hanya untuk perkara yang diteruskan ke Sentra Gakkumdu (jalur pidana); "
                    "perkara ini diteruskan ke %(route)s."
                )
                % {"route": route}
            )
        ]
    }


GUARDS: dict[str, GuardFn] = {
    "completion_window": guard_completion_window,
    "asn_only": guard_asn_only,
    "route_fits_subject": guard_route_fits_subject,
    "sanction_fits_types": guard_sanction_fits_types,
    "bkn_only_when_overdue": guard_bkn_only_when_overdue,
    "gakkumdu_route": guard_gakkumdu_route,
}

# Guards that depend only on the case (not on the entered fields or the time): a move they refuse
# is not offered on the case page at all.
PRECONDITION_GUARDS = frozenset({"gakkumdu_route"})
