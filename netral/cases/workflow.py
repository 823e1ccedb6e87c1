"""The case workflow as data: the only source of the case rules.

Two tables. ``STATUSES`` says, for each status, which phase of the chain it belongs to, whose move it
is (the responsible party, optionally only for some sub-cases), whether that party's queue holds it
only while its clock runs, which outside body (BKN, PPK) sees the case, which date field entering it
stamps, and which legal clock runs in it. ``TRANSITIONS`` says, for each allowed move, who may make
it (the role; the region/agency part comes from ``Case.objects.restrict(user, "change")``), which
typed fields it requires (``FIELDS``), whether a reason is required, an optional guard (a named rule
checked against the case), and what it clears.

Everything else is derived from them: the service's validation and field writes
(``services.transition_case``), the forms, the queues (``queue_q``), whose move it is
(``responsible_party``), what BKN and PPK officers see of cases and reports (``outside_q``), the list's
phase filter (``PHASES``), the clock tables (``deadlines.STATUS_CLOCKS``) and the state diagram and
tables in ``docs/cases.md`` (``manage.py workflow_docs``). Anything not in the table is refused with
a message that says why and what is allowed instead.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netral.accounts.choices import Role
from netral.cases.choices import CaseStatus as S
from netral.cases.choices import FollowUpAction, NotRegisteredReason, Route, SubjectKind

if TYPE_CHECKING:
    from netral.core.types import RequestUser

# The role names, as the workflow table's plain strings (the values of ``Role``).
SUPERVISOR, BKN, PPK, ADMIN = str(Role.SUPERVISOR), str(Role.BKN), str(Role.PPK), str(Role.ADMIN)
PARTIES = (SUPERVISOR, BKN, PPK)

ROLE_LABELS = {
    SUPERVISOR: _("pengawas pemilu wilayah perkara"),
    BKN: _("BKN"),
    PPK: _("petugas PPK instansi terlapor"),
    ADMIN: _("admin"),
}

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
# BKN's escalation when the PPK does not act: a reprimand, then a data block; after a block (or an
# unblock, which follows the PPK's decree) no further follow-up step, only the decree or closing.
NEXT_FOLLOW_UP: dict[str, tuple[str, ...]] = {
    FollowUpAction.REPRIMAND: (FollowUpAction.DATA_BLOCK,),
    FollowUpAction.DATA_BLOCK: (),
    FollowUpAction.UNBLOCK: (),
}
# The routes on which BKN (KASN before 24 Aug 2024) sees a case at all.
BKN_ROUTES = (Route.BKN, Route.KASN)
# KASN stopped operating on 24 Aug 2024 (domain §2.4); used when a case has no election.
KASN_UNTIL = datetime.date(2024, 8, 23)


# --- conditions on the case's own fields ------------------------------------------------------


@dataclass(frozen=True)
class When:
    """`field` ∈ `values` (∉ with `negate`), as a Python test on a case and as a query."""

    field: str
    values: tuple[str, ...]
    negate: bool = False

    def holds(self, case: Any) -> bool:
        return (getattr(case, self.field) in self.values) != self.negate

    def q(self, prefix: str = "") -> Q:
        q = Q(**{f"{prefix}{self.field}__in": list(self.values)})
        return ~q if self.negate else q

    def describe(self) -> str:
        return f"{self.field} {'∉' if self.negate else '∈'} {', '.join(self.values)}"


# --- statuses ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Party:
    """Whose move it is in a status (only when `when` holds, if given)."""

    role: str
    when: When | None = None


@dataclass(frozen=True)
class ClockSpec:
    """The legal clock that runs in a status: a rule of ``deadlines.RULES`` from an anchor date.

    `pemilu_rule` replaces the rule in the Pemilu regulation set (UU 7/2017 Art. 454).
    """

    rule: str
    anchor: str
    when: When | None = None
    pemilu_rule: str | None = None


@dataclass(frozen=True)
class StatusRule:
    status: str
    phase: str
    responsible: tuple[Party, ...] = ()
    queued_while_clock_runs: bool = False
    seen_by: frozenset[str] = frozenset()
    stamp: str | None = None
    clock: ClockSpec | None = None
    joinable: bool = False


PHASES: dict[str, Any] = {
    "bawaslu": _("Bawaslu"),
    "gakkumdu": _("Sentra Gakkumdu"),
    "bkn": _("BKN"),
    "ppk": _("PPK"),
    "done": _("Selesai"),
}

_SUP = (Party(SUPERVISOR),)
_GAKKUMDU = When("route", (Route.GAKKUMDU,))
_ON_GAKKUMDU = (Party(SUPERVISOR, _GAKKUMDU),)
_REPRIMAND = When("follow_up_action", (FollowUpAction.REPRIMAND,))
_BKN_PPK = frozenset({BKN, PPK})
_COMPLETABLE = When("not_registered_reason", (NotRegisteredReason.FORMAL, NotRegisteredReason.MATERIAL))


def _s(status: str, phase: str, **kw: Any) -> tuple[str, StatusRule]:
    return status, StatusRule(status, phase, **kw)


STATUSES: dict[str, StatusRule] = dict(
    [
        _s(S.RECEIVED, "bawaslu", responsible=_SUP, joinable=True, clock=ClockSpec("initial_review", "received_at")),
        _s(
            S.INITIAL_REVIEW,
            "bawaslu",
            responsible=_SUP,
            joinable=True,
            clock=ClockSpec("initial_review", "received_at"),
        ),
        _s(
            S.REGISTERED,
            "bawaslu",
            responsible=_SUP,
            joinable=True,
            stamp="registered_at",
            clock=ClockSpec("bawaslu_decide", "registered_at", pemilu_rule="pemilu_decide"),
        ),
        # The reporter may complete formal/material requirements within the reporting window; a late
        # report cannot, so no clock runs and it leaves the supervisors' queue.
        _s(
            S.NOT_REGISTERED,
            "bawaslu",
            responsible=_SUP,
            queued_while_clock_runs=True,
            clock=ClockSpec("report_window", "known_on", _COMPLETABLE, pemilu_rule="pemilu_report_window"),
        ),
        _s(
            S.CLARIFICATION,
            "bawaslu",
            responsible=_SUP,
            joinable=True,
            clock=ClockSpec("bawaslu_decide_extended", "registered_at", pemilu_rule="pemilu_decide_extended"),
        ),
        _s(S.VIOLATION, "bawaslu", responsible=_SUP, stamp="decided_at", clock=ClockSpec("sbt_review", "decided_at")),
        _s(S.NOT_VIOLATION, "bawaslu", stamp="decided_at"),
        _s(S.STOPPED, "bawaslu", stamp="decided_at"),
        # Forwarded to Sentra Gakkumdu: Bawaslu (a member) follows the investigation's 14 working days;
        # routes to other authorities (KPU, DKPP, regent, TNI, Polri) run no clock here and wait on nobody.
        _s(
            S.FORWARDED_OTHER,
            "bawaslu",
            responsible=_ON_GAKKUMDU,
            queued_while_clock_runs=True,
            stamp="forwarded_at",
            clock=ClockSpec("gakkumdu_investigation", "forwarded_at", _GAKKUMDU),
        ),
        _s(S.WITHDRAWN, "bawaslu"),
        # The criminal file's later steps (only reachable on the Gakkumdu route). A re-submitted file
        # restarts the prosecutor's 3 working days from the latest submission; in court no clock of ours runs.
        _s(
            S.GAKKUMDU_SUBMITTED,
            "gakkumdu",
            responsible=_ON_GAKKUMDU,
            stamp="gakkumdu_submitted_at",
            clock=ClockSpec("gakkumdu_return", "gakkumdu_submitted_at"),
        ),
        _s(
            S.GAKKUMDU_RETURNED,
            "gakkumdu",
            responsible=_ON_GAKKUMDU,
            stamp="gakkumdu_returned_at",
            clock=ClockSpec("gakkumdu_resubmit", "gakkumdu_returned_at"),
        ),
        _s(
            S.GAKKUMDU_COMPLETE,
            "gakkumdu",
            responsible=_ON_GAKKUMDU,
            stamp="gakkumdu_complete_at",
            clock=ClockSpec("gakkumdu_court_filing", "gakkumdu_complete_at"),
        ),
        _s(S.GAKKUMDU_COURT, "gakkumdu", responsible=_ON_GAKKUMDU, stamp="gakkumdu_court_at"),
        _s(
            S.FORWARDED_BKN,
            "bkn",
            responsible=(Party(BKN),),
            seen_by=frozenset({BKN}),
            stamp="forwarded_at",
            clock=ClockSpec("satgas_verification", "forwarded_at"),
        ),
        _s(
            S.BKN_VERIFICATION,
            "bkn",
            responsible=(Party(BKN),),
            seen_by=frozenset({BKN}),
            clock=ClockSpec("satgas_verification", "forwarded_at"),
        ),
        _s(
            S.RECOMMENDED,
            "ppk",
            responsible=(Party(PPK),),
            seen_by=_BKN_PPK,
            stamp="recommended_at",
            clock=ClockSpec("ppk_followup", "recommended_at"),
        ),
        _s(S.SANCTIONED, "ppk", seen_by=_BKN_PPK),
        _s(S.REFUSED, "ppk", responsible=(Party(BKN),), seen_by=_BKN_PPK),
        # After a reprimand the PPK has 3 days; a data block or unblock is BKN's business.
        _s(
            S.FOLLOW_UP,
            "ppk",
            responsible=(Party(PPK, _REPRIMAND), Party(BKN, When(_REPRIMAND.field, _REPRIMAND.values, negate=True))),
            seen_by=_BKN_PPK,
            clock=ClockSpec("ppk_after_reprimand", "reprimanded_at", _REPRIMAND),
        ),
        _s(S.CLOSED, "done", seen_by=_BKN_PPK, stamp="closed_at"),
        _s(S.JOINED, "done"),
    ]
)

# Statuses a case cannot leave through the transition table (joined is set only by join_cases).
TERMINAL = {S.WITHDRAWN, S.JOINED}
GAKKUMDU_STATUSES = tuple(s for s, rule in STATUSES.items() if rule.phase == "gakkumdu")
JOINABLE = frozenset(s for s, rule in STATUSES.items() if rule.joinable)


def phase_statuses(phase: str) -> list[str]:
    """The statuses of one phase of the chain (the list's «Tahap penanganan» filter)."""
    return [s for s, rule in STATUSES.items() if rule.phase == phase]


def seen_by(body: str) -> list[str]:
    """The statuses in which an outside body (BKN, PPK) sees a case."""
    return [s for s, rule in STATUSES.items() if body in rule.seen_by]


def outside_q(body: str, prefix: str = "") -> Q:
    """What BKN or PPK officers see of a case (`prefix` reaches the case from a related model).

    BKN sees a case only on the BKN/KASN route; the agency part of PPK's scope is the model's own.
    """
    q = Q(**{f"{prefix}status__in": seen_by(body)})
    if body == BKN:
        q &= Q(**{f"{prefix}route__in": list(BKN_ROUTES)})
    return q


def responsible_party(case: Any) -> str:
    """supervisor / bkn / ppk / "": whose move it is on `case` now."""
    rule = STATUSES.get(case.status)
    for party in rule.responsible if rule else ():
        if party.when is None or party.when.holds(case):
            return party.role
    return ""


def queue_q(role: str) -> Q | None:
    """The cases waiting for `role` (None: the role has no queue). An admin's queue holds every
    case waiting for anyone."""
    parts = []
    for status, rule in STATUSES.items():
        for party in rule.responsible:
            if role not in (party.role, ADMIN):
                continue
            q = Q(status=status)
            if party.when is not None:
                q &= party.when.q()
            if rule.queued_while_clock_runs:
                q &= Q(deadline_at__isnull=False)
            parts.append(q)
    if not parts:
        return None
    combined = parts[0]
    for q in parts[1:]:
        combined |= q
    return combined


# --- the fields a move may require ------------------------------------------------------------

TEXT, CHOICE, DATE, ONE, MANY = "text", "choice", "date", "one", "many"
AT = object()  # in `Field.effects`: the moment the act took effect


@dataclass(frozen=True)
class Field:
    """A typed input of a move: the form builds its widget from it, the service cleans it with it.

    TEXT is stripped and cut at `max_length`; CHOICE must be one of `choices` (narrowed per move by
    ``Transition.choices``); DATE is a date (ISO text accepted), never in the future with
    `not_future`; ONE/MANY name rows of `model` by their code. The value is written to the case
    field of the same name (MANY: the many-to-many set) and `effects[value]` sets further fields.
    """

    name: str
    kind: str
    label: Any
    max_length: int = 0
    choices: Any = None
    model: str = ""
    invalid: Any = ""
    not_future: Any = ""
    help_text: Any = ""
    effects: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


FIELDS: dict[str, Field] = {
    f.name: f
    for f in [
        Field("registration_number", TEXT, _("Nomor registrasi"), max_length=60),
        Field(
            "not_registered_reason",
            CHOICE,
            _("Alasan tidak diregistrasi"),
            choices=NotRegisteredReason,
            invalid=_("Pilih: terlambat, syarat formal, atau syarat materiel."),
        ),
        Field("route", CHOICE, _("Diteruskan ke"), choices=Route, invalid=_("Jalur penerusan tidak dikenal.")),
        Field(
            "violation_types",
            MANY,
            _("Jenis pelanggaran"),
            model="cases.ViolationType",
            invalid=_("Jenis pelanggaran tidak dikenal."),
        ),
        Field(
            "sanction_level",
            ONE,
            _("Sanksi yang direkomendasikan"),
            model="cases.SanctionLevel",
            invalid=_("Tingkat sanksi tidak dikenal."),
        ),
        Field("decree_number", TEXT, _("Nomor keputusan PPK"), max_length=120),
        Field(
            "decree_date",
            DATE,
            _("Tanggal keputusan PPK"),
            not_future=_("Tanggal keputusan tidak boleh di masa depan."),
        ),
        Field(
            "follow_up_action",
            CHOICE,
            _("Tindak lanjut"),
            choices=FollowUpAction,
            invalid=_("Tindak lanjut ini tidak tersedia di sini. Pilih: %(options)s."),
            effects={
                FollowUpAction.REPRIMAND: {"reprimanded_at": AT},
                FollowUpAction.DATA_BLOCK: {"data_blocked": True},
                FollowUpAction.UNBLOCK: {"data_blocked": False},
            },
        ),
        Field(
            "court_case_number",
            TEXT,
            _("Nomor perkara pengadilan"),
            max_length=60,
            help_text=_("Nomor register perkara di pengadilan negeri, misalnya 12/Pid.S/2024/PN Bjr."),
        ),
    ]
}


# --- moves ------------------------------------------------------------------------------------


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
    clears: dict[str, Any] = field(default_factory=dict)
    effect: str | None = None
    note: str = ""  # shown on the arrow of the state diagram in docs/cases.md

    def options(self, name: str, case: Any = None) -> tuple[str, ...]:
        """The values a CHOICE field accepts in this move (routes: those that fit the case's subject;
        a further follow-up: the steps that may come after the one already taken)."""
        if name in self.choices:
            return self.choices[name]
        if name == "route" and case is not None:
            return SUBJECT_ROUTES.get(case.subject_kind, ())
        if name == "follow_up_action" and case is not None and self.source == self.target:
            return NEXT_FOLLOW_UP.get(case.follow_up_action, ())
        return tuple(FIELDS[name].choices.values)


def _t(source: str, target: str, roles: set[str], label: Any, **kw: Any) -> tuple[tuple[str, str], Transition]:
    return (source, target), Transition(source, target, frozenset(roles), label, **kw)


SUP, BK, PK, AD = {SUPERVISOR}, {BKN}, {PPK}, {ADMIN}
_CLOSE = _("Tutup perkara")
_INVESTIGATION_STOPPED = _("Tutup perkara (penyidikan dihentikan)")

TRANSITIONS: dict[tuple[str, str], Transition] = dict(
    [
        # Bawaslu: initial review and registration (Perbawaslu 8/2020)
        _t(S.RECEIVED, S.INITIAL_REVIEW, SUP, _("Mulai kajian awal"), reason_required=False),
        _t(S.RECEIVED, S.WITHDRAWN, SUP, _("Catat pencabutan oleh pelapor"), guard="has_reporter"),
        _t(S.INITIAL_REVIEW, S.WITHDRAWN, SUP, _("Catat pencabutan oleh pelapor"), guard="has_reporter"),
        _t(
            S.INITIAL_REVIEW,
            S.REGISTERED,
            SUP,
            _("Registrasi laporan"),
            requires=("registration_number",),
            note="registration number",
        ),
        _t(
            S.INITIAL_REVIEW,
            S.NOT_REGISTERED,
            SUP,
            _("Tidak diregistrasi"),
            requires=("not_registered_reason",),
            note="late / formal / material",
        ),
        _t(
            S.NOT_REGISTERED,
            S.INITIAL_REVIEW,
            SUP,
            _("Buka kembali: pelapor melengkapi syarat"),
            guard="completion_window",
            reopen=True,
            clears={"not_registered_reason": ""},
            note="reporter completes within the window (not if late)",
        ),
        _t(S.NOT_REGISTERED, S.CLOSED, SUP, _CLOSE),
        # Bawaslu: handling within 3 + 2 days
        _t(S.REGISTERED, S.CLARIFICATION, SUP, _("Minta klarifikasi/keterangan tambahan (+2 hari)"), note="+2 days"),
        _t(S.REGISTERED, S.VIOLATION, SUP, _("Putus: pelanggaran")),
        _t(S.REGISTERED, S.NOT_VIOLATION, SUP, _("Putus: bukan pelanggaran")),
        _t(S.REGISTERED, S.STOPPED, SUP, _("Hentikan penanganan")),
        _t(S.CLARIFICATION, S.VIOLATION, SUP, _("Putus: pelanggaran")),
        _t(S.CLARIFICATION, S.NOT_VIOLATION, SUP, _("Putus: bukan pelanggaran")),
        _t(S.CLARIFICATION, S.STOPPED, SUP, _("Hentikan penanganan")),
        _t(
            S.VIOLATION,
            S.FORWARDED_BKN,
            SUP,
            _("Teruskan rekomendasi ke BKN/KASN"),
            guard="asn_only",
            effect="recommending_body",
            note="ASN only (KASN before 24 Aug 2024, else BKN)",
        ),
        _t(
            S.VIOLATION,
            S.FORWARDED_OTHER,
            SUP,
            _("Teruskan ke instansi berwenang lain"),
            requires=("route",),
            guard="route_fits_subject",
            note="KPU / DKPP / Gakkumdu / regent / TNI / Polri",
        ),
        _t(S.NOT_VIOLATION, S.CLOSED, SUP, _CLOSE),
        _t(S.STOPPED, S.CLOSED, SUP, _CLOSE),
        _t(
            S.FORWARDED_OTHER,
            S.CLOSED,
            SUP,
            _("Tutup perkara (sudah diterima instansi tujuan, atau penyidikan Gakkumdu dihentikan)"),
            note="received by the authority / Gakkumdu investigation stopped",
        ),
        # Sentra Gakkumdu (criminal route): Bawaslu sits in Gakkumdu and records each step of the
        # investigation file (domain §8). Every move checks the case's route (guard `gakkumdu_route`).
        _t(
            S.FORWARDED_OTHER,
            S.GAKKUMDU_SUBMITTED,
            SUP,
            _("Catat berkas penyidikan diserahkan ke penuntut umum"),
            guard="gakkumdu_route",
            note="Gakkumdu only, file to the prosecutor",
        ),
        _t(
            S.GAKKUMDU_SUBMITTED,
            S.GAKKUMDU_RETURNED,
            SUP,
            _("Catat berkas dikembalikan penuntut umum (belum lengkap)"),
            guard="gakkumdu_route",
            note="incomplete",
        ),
        _t(
            S.GAKKUMDU_RETURNED,
            S.GAKKUMDU_SUBMITTED,
            SUP,
            _("Catat berkas diserahkan kembali ke penuntut umum"),
            guard="gakkumdu_route",
            note="re-submitted",
        ),
        _t(
            S.GAKKUMDU_SUBMITTED,
            S.GAKKUMDU_COMPLETE,
            SUP,
            _("Catat berkas dinyatakan lengkap (P-21)"),
            guard="gakkumdu_route",
            note="P-21",
        ),
        _t(
            S.GAKKUMDU_COMPLETE,
            S.GAKKUMDU_COURT,
            SUP,
            _("Catat pelimpahan perkara ke pengadilan"),
            requires=("court_case_number",),
            guard="gakkumdu_route",
            note="court case number",
        ),
        _t(
            S.GAKKUMDU_COURT,
            S.CLOSED,
            SUP,
            _("Tutup perkara (putusan pengadilan)"),
            guard="gakkumdu_route",
            note="court verdict",
        ),
        _t(
            S.GAKKUMDU_SUBMITTED,
            S.CLOSED,
            SUP,
            _INVESTIGATION_STOPPED,
            guard="gakkumdu_route",
            note="investigation stopped",
        ),
        _t(
            S.GAKKUMDU_RETURNED,
            S.CLOSED,
            SUP,
            _INVESTIGATION_STOPPED,
            guard="gakkumdu_route",
            note="investigation stopped",
        ),
        # BKN (Satgas) verification and recommendation
        _t(S.FORWARDED_BKN, S.BKN_VERIFICATION, BK, _("Mulai verifikasi BKN"), reason_required=False),
        _t(
            S.BKN_VERIFICATION,
            S.RECOMMENDED,
            BK,
            _("Rekomendasikan sanksi ke PPK"),
            requires=("violation_types", "sanction_level"),
            guard="sanction_fits_types",
            note="violation types + sanction",
        ),
        _t(
            S.BKN_VERIFICATION,
            S.CLOSED,
            BK,
            _("Tutup: tidak terbukti / ASN tidak lagi berdinas"),
            note="not proven",
        ),
        # PPK decision
        _t(
            S.RECOMMENDED,
            S.SANCTIONED,
            PK,
            _("Catat keputusan sanksi PPK"),
            requires=("decree_number", "decree_date"),
            note="decree number + date",
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
            guard="block_needs_person",
            note="reprimand / data block",
        ),
        _t(
            S.FOLLOW_UP,
            S.FOLLOW_UP,
            BK,
            _("Tindak lanjut berikutnya"),
            requires=("follow_up_action",),
            guard="next_follow_up",
            note="after a reprimand: data block (needs a confirmed person)",
        ),
        _t(
            S.FOLLOW_UP,
            S.SANCTIONED,
            PK,
            _("Catat keputusan sanksi PPK (setelah teguran/blokir)"),
            requires=("decree_number", "decree_date"),
            guard="awaiting_decree",
        ),
        _t(
            S.SANCTIONED,
            S.FOLLOW_UP,
            BK,
            _("Buka blokir data ASN"),
            requires=("follow_up_action",),
            choices={"follow_up_action": (FollowUpAction.UNBLOCK,)},
            guard="data_blocked",
            note="unblock, only if blocked",
        ),
        _t(S.FOLLOW_UP, S.CLOSED, BK, _CLOSE),
        _t(S.SANCTIONED, S.CLOSED, BK, _("Tutup perkara (tercatat di I'DIS)")),
        # Re-opening a closed case: admin only, with a reason
        _t(
            S.CLOSED,
            S.INITIAL_REVIEW,
            AD,
            _("Buka kembali perkara (admin)"),
            reopen=True,
            clears={"closed_at": None},
            note="admin, with reason",
        ),
        _t(
            S.CLOSED,
            S.BKN_VERIFICATION,
            AD,
            _("Buka kembali verifikasi BKN (admin)"),
            reopen=True,
            clears={"closed_at": None},
            note="admin, with reason",
        ),
    ]
)


class TransitionRefused(Exception):
    """A move the rules do not allow; `errors` maps field names ("" = the whole move) to messages."""

    def __init__(self, errors: dict[str, list[str]] | str) -> None:
        self.errors = {"": [str(errors)]} if isinstance(errors, str) else errors
        super().__init__("; ".join(m for msgs in self.errors.values() for m in msgs))


# --- what a move does -------------------------------------------------------------------------


def recommending_body_for(case: Any, day: datetime.date) -> str:
    """KASN for decisions before 24 Aug 2024, BKN after (the election's data decides when it has one)."""
    from netral.cases.choices import RecommendingBody

    if case.election is not None:
        return str(case.election.recommending_body_on(day))
    return RecommendingBody.KASN if day <= KASN_UNTIL else RecommendingBody.BKN


def _effect_recommending_body(case: Any, clean: Mapping[str, Any], at: datetime.datetime) -> dict[str, Any]:
    from netral.cases.choices import RecommendingBody

    body = recommending_body_for(case, timezone.localdate(case.decided_at or at))
    return {"recommending_body": body, "route": Route.KASN if body == RecommendingBody.KASN else Route.BKN}


# Named effects that compute fields from the case (the rest of a move's writes are data above).
EFFECTS: dict[str, Callable[[Any, Mapping[str, Any], datetime.datetime], dict[str, Any]]] = {
    "recommending_body": _effect_recommending_body,
}


def writes(spec: Transition, case: Any, clean: Mapping[str, Any], at: datetime.datetime) -> dict[str, Any]:
    """The case fields a move sets (besides the status): its required values, the date the target
    status stamps, its named effect, the effects of the chosen values, and what it clears."""
    out: dict[str, Any] = {}
    stamp = STATUSES[spec.target].stamp
    if stamp:
        out[stamp] = at
    if spec.effect:
        out.update(EFFECTS[spec.effect](case, clean, at))
    for name in spec.requires:
        f = FIELDS[name]
        if f.kind == MANY:
            continue
        out[name] = clean[name]
        for target, value in f.effects.get(clean[name], {}).items():
            out[target] = at if value is AT else value
    out.update(spec.clears)
    return out


# --- looking moves up -------------------------------------------------------------------------


def role_of(user: RequestUser | None) -> str:
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


def applies_to(spec: Transition, case: Any, role: str = "") -> bool:
    """False when a precondition guard rules the move out for this case whatever is entered.

    Only guards that read nothing but the case, the role and the clock (``PRECONDITION_GUARDS``:
    the route, the subject, a reporter, what was decided before) hide a move; the others still
    show their form and explain a refusal at submission.
    """
    if spec.guard not in PRECONDITION_GUARDS:
        return True
    return not GUARDS[spec.guard](case, role, {}, timezone.now())


def transitions_for(case: Any, user: RequestUser | None) -> list[Transition]:
    """The moves `user`'s role may make on `case` now (scope is checked separately)."""
    role = role_of(user)
    return [t for t in allowed_from(case.status) if role in t.roles and applies_to(t, case, role)]


# Statuses in which the handling has ended: no move leads on (a closed case may only be re-opened).
ENDED = tuple(s for s in STATUSES if all(t.reopen for t in allowed_from(s)))


def may_join(case: Any, user: RequestUser | None) -> bool:
    """Whether `user`'s role may join other cases into `case` in its status (scope checked apart)."""
    return case.status in JOINABLE and role_of(user) in (SUPERVISOR, ADMIN)


def roles_text(roles: Iterable[str]) -> str:
    return ", ".join(str(ROLE_LABELS[r]) for r in sorted(roles))


# Guards: named rules checked after the fields are validated. Each returns errors or {}.
GuardFn = Callable[[Any, str, dict[str, Any], datetime.datetime], dict[str, list[str]]]


def guard_completion_window(
    case: Any, role: str, fields: dict[str, Any], now: datetime.datetime
) -> dict[str, list[str]]:
    from netral.regions.calendar import report_window_end

    if case.not_registered_reason == NotRegisteredReason.LATE:
        return {"": [str(_("Laporan yang melewati batas 7 hari tidak dapat dibuka kembali."))]}
    if case.known_on is None:
        return {}
    kind = case.election.kind if case.election_id else None
    end = report_window_end(case.known_on, kind, timezone.get_current_timezone())
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


def guard_has_reporter(case: Any, role: str, fields: dict[str, Any], now: datetime.datetime) -> dict[str, list[str]]:
    """A finding (temuan) is the supervisors' own: there is no reporter who could withdraw it."""
    if case.has_reporter:
        return {}
    return {
        "": [
            str(
                _(
                    "Perkara ini berasal dari temuan pengawas, tanpa pelapor yang dapat mencabutnya. "
                    "Hentikan melalui kajian awal (tidak diregistrasi) bila tidak dilanjutkan."
                )
            )
        ]
    }


def guard_next_follow_up(case: Any, role: str, fields: dict[str, Any], now: datetime.datetime) -> dict[str, list[str]]:
    """A further follow-up must come after the one taken (a reprimand, then a data block)."""
    allowed = NEXT_FOLLOW_UP.get(case.follow_up_action, ())
    if not allowed:
        taken = str(FollowUpAction(case.follow_up_action).label) if case.follow_up_action else "—"
        return {
            "": [
                str(
                    _(
                        "Tidak ada tindak lanjut berikutnya setelah «%(taken)s»: tunggu keputusan PPK "
                        "atau tutup perkara."
                    )
                    % {"taken": taken}
                )
            ]
        }
    chosen = fields.get("follow_up_action")
    if chosen is None or chosen in allowed:
        return guard_block_needs_person(case, role, fields, now)
    return {
        "follow_up_action": [
            str(
                _("Tindak lanjut ini tidak tersedia di sini. Pilih: %(options)s.")
                % {"options": ", ".join(str(FollowUpAction(a).label) for a in allowed)}
            )
        ]
    }


def guard_block_needs_person(
    case: Any, role: str, fields: dict[str, Any], now: datetime.datetime
) -> dict[str, list[str]]:
    """SIASN blocks a NIP: without a registry person confirmed on the case there is nothing to block."""
    if fields.get("follow_up_action") != FollowUpAction.DATA_BLOCK or case.accused_confirmed:
        return {}
    return {
        "follow_up_action": [
            str(
                _(
                    "Blokir data di SIASN memerlukan NIP: pengawas pemilu perlu mengonfirmasi terlapor "
                    "sebagai orang dalam registri ASN terlebih dahulu."
                )
            )
        ]
    }


def guard_awaiting_decree(case: Any, role: str, fields: dict[str, Any], now: datetime.datetime) -> dict[str, list[str]]:
    """The PPK's decree is recorded once, while BKN's reprimand or block waits for it."""
    if case.follow_up_action in (FollowUpAction.REPRIMAND, FollowUpAction.DATA_BLOCK) and not case.decree_number:
        return {}
    return {"": [str(_("Keputusan sanksi PPK untuk perkara ini sudah tercatat."))]}


def guard_data_blocked(case: Any, role: str, fields: dict[str, Any], now: datetime.datetime) -> dict[str, list[str]]:
    """Only a blocked record can be unblocked."""
    if case.data_blocked:
        return {}
    return {"": [str(_("Data ASN pada perkara ini tidak sedang diblokir."))]}


GUARDS: dict[str, GuardFn] = {
    "completion_window": guard_completion_window,
    "asn_only": guard_asn_only,
    "route_fits_subject": guard_route_fits_subject,
    "sanction_fits_types": guard_sanction_fits_types,
    "bkn_only_when_overdue": guard_bkn_only_when_overdue,
    "gakkumdu_route": guard_gakkumdu_route,
    "has_reporter": guard_has_reporter,
    "next_follow_up": guard_next_follow_up,
    "awaiting_decree": guard_awaiting_decree,
    "data_blocked": guard_data_blocked,
    "block_needs_person": guard_block_needs_person,
}

# Guards that depend only on the case, the role and the clock (not on the entered fields): a move
# they refuse is not offered on the case page at all (no withdrawal of a finding, no forwarding of
# a TNI or Polri case to BKN, no follow-up step that does not fit what was decided before).
PRECONDITION_GUARDS = frozenset(
    {
        "gakkumdu_route",
        "asn_only",
        "has_reporter",
        "bkn_only_when_overdue",
        "next_follow_up",
        "awaiting_decree",
        "data_blocked",
    }
)
