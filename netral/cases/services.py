"""Writes to cases: every function is atomic, scoped, audited and records the timeline.

Only this module calls ``Case.save()``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from netral.cases import deadlines, workflow
from netral.cases.choices import AccusedStatus, CaseStatus
from netral.cases.inputs import CaseOpening
from netral.cases.models import Case, CaseTransition
from netral.core import audit, context, sequences
from netral.core.events import Event, emit
from netral.core.models import ObjectChange

if TYPE_CHECKING:
    from netral.core.types import User

TransitionRefused = workflow.TransitionRefused
recommending_body_for = workflow.recommending_body_for


def next_case_number(year: int) -> str:
    """NTR-<year>-<6 digits>, sequential per year, from a race-free counter (``core.sequences``).

    Call inside the transaction that saves the case: the counter row stays locked until it
    commits, so parallel submissions get distinct numbers instead of colliding.
    """
    prefix = f"NTR-{year}-"

    def issued() -> int:
        last = Case.objects.filter(number__startswith=prefix).order_by("-number").values_list("number", flat=True)
        top = last.first()
        return int(top.rsplit("-", 1)[1]) if top else 0

    return f"{prefix}{sequences.next_value('case-number', year, floor=issued):06d}"


def record_transition(
    case: Case,
    from_status: str,
    to_status: str,
    *,
    reason: str = "",
    data: dict[str, Any] | None = None,
    user: User | None = None,
    joined: bool = False,
) -> CaseTransition:
    """Append one timeline entry and announce it (``case.opened``, ``case.transitioned`` or, for the
    entries of a join, ``case.joined``): notifications, webhooks and the index follow the event."""
    actor = user if user is not None else context.current_user()
    entry = CaseTransition.objects.create(
        case=case,
        from_status=from_status,
        to_status=to_status,
        user=actor,
        user_name=actor.get_username() if actor is not None else "publik",
        reason=reason,
        data=data or {},
        request_id=context.current_request_id(),
    )
    topic = "case.opened" if not from_status else "case.joined" if joined else "case.transitioned"
    emit(
        Event(
            topic,
            {
                "case": case.pk,
                "transition": entry.pk,
                "number": case.number,
                "region_code": case.region_code,
                "from": from_status,
                "to": to_status,
            },
        )
    )
    return entry


# --- clocks ---------------------------------------------------------------------------------


def clock_anchors(case: Case) -> dict[str, Any]:
    return {
        "received_at": case.received_at or case.created_at,
        "known_on": case.known_on,
        "registered_at": case.registered_at,
        "decided_at": case.decided_at,
        "forwarded_at": case.forwarded_at,
        "recommended_at": case.recommended_at,
        "reprimanded_at": case.reprimanded_at,
        "gakkumdu_submitted_at": case.gakkumdu_submitted_at,
        "gakkumdu_returned_at": case.gakkumdu_returned_at,
        "gakkumdu_complete_at": case.gakkumdu_complete_at,
        "not_registered_reason": case.not_registered_reason,
        "follow_up_action": case.follow_up_action,
        "route": case.route,
    }


def regulation_of(case: Case) -> deadlines.RegulationSet:
    """The clock set the case runs on, chosen by its election's kind (Pilkada without an election)."""
    election = case.election if case.election_id else None
    return deadlines.regulation_for(election.kind if election is not None else None)


def compute_clock(case: Case, holidays: frozenset[datetime.date] | None = None) -> tuple[str, datetime.datetime | None]:
    """(rule, deadline) of the clock running in the case's status; ("", None) when none runs."""
    found = deadlines.clock_for(
        case.status,
        clock_anchors(case),
        tz=timezone.get_current_timezone(),
        holidays=deadlines.load_holidays() if holidays is None else holidays,
        values=deadlines.values_from_settings(),
        regulation=regulation_of(case),
    )
    return found if found is not None else ("", None)


def running_clock(case: Case, now: datetime.datetime | None = None) -> deadlines.Clock | None:
    """The clock people see on the case: rule, deadline, time left or overdue."""
    if not case.deadline_rule or case.deadline_at is None:
        return None
    return deadlines.Clock(case.deadline_rule, case.deadline_at, now or timezone.now())


@transaction.atomic
def recompute_clock(case: Case) -> Case:
    """Re-derive the stored clock (after the holiday table or a setting changed)."""
    rule, at = compute_clock(case)
    if (rule, at) != (case.deadline_rule, case.deadline_at):
        case.deadline_rule, case.deadline_at = rule, at
        case.save(update_fields=["deadline_rule", "deadline_at", "updated_at"])
        emit(Event("case.changed", {"case": case.pk, "number": case.number, "region_code": case.region_code}))
    return case


# --- opening --------------------------------------------------------------------------------


@transaction.atomic(savepoint=False)
def open_case(opening: CaseOpening, *, user: User | None = None) -> Case:
    """Open a case (status: received) for a report or finding; the reports app links its rows to it."""
    stage = None
    day = opening.occurred_on or opening.known_on
    if opening.election is not None and day is not None:
        from netral.regions.calendar import stage_at

        stage = stage_at(opening.election, day)
    case = Case(
        number=next_case_number(timezone.localdate().year),
        title=opening.title,
        subject_kind=opening.subject_kind,
        region=opening.region,
        agency=opening.agency,
        asn=opening.asn,
        election=opening.election,
        stage=stage,
        occurred_on=opening.occurred_on,
        known_on=opening.known_on,
        received_at=opening.received_at,
        has_reporter=opening.has_reporter,
        accused_name=opening.accused_name.strip()[:200],
        accused_position=opening.accused_position.strip()[:200],
        accused_status=AccusedStatus.PROPOSED if opening.asn is not None else "",
    )
    # The clock's anchors are all known before the insert: one INSERT, no UPDATE after it.
    case.deadline_rule, case.deadline_at = compute_clock(case)
    case.save()
    audit.log_change(case, ObjectChange.Action.CREATE, None, user=user)
    record_transition(case, "", CaseStatus.RECEIVED, reason=opening.reason, user=user)
    return case


# --- transitions ----------------------------------------------------------------------------


def _effective_at(value: Any, now: datetime.datetime) -> datetime.datetime:
    """The moment the act took effect: now, or a date/datetime entered from the paper record."""
    if value in (None, ""):
        return now
    if isinstance(value, datetime.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    if isinstance(value, datetime.date):
        if value == timezone.localdate(now):
            return now
        return timezone.make_aware(datetime.datetime.combine(value, datetime.time(12, 0)))
    raise TransitionRefused({"acted_on": [_("Tanggal tidak valid.")]})


def _clean_value(f: workflow.Field, spec: workflow.Transition, case: Case, value: Any) -> Any:
    """One required value, typed by its ``workflow.Field``; raises ValueError with the message to show."""
    if f.kind == workflow.TEXT:
        text = str(value).strip()[: f.max_length]
        if not text:
            raise ValueError(_("Isian ini wajib untuk langkah ini."))
        return text
    if f.kind == workflow.CHOICE:
        allowed = spec.choices.get(f.name, tuple(f.choices.values))
        if value not in allowed:
            options = ", ".join(str(f.choices(a).label) for a in allowed)
            raise ValueError(str(f.invalid) % {"options": options})
        return value
    if f.kind == workflow.DATE:
        day = value
        if isinstance(day, str):
            try:
                day = datetime.date.fromisoformat(day)
            except ValueError:
                raise ValueError(_("Tanggal tidak valid.")) from None
        if not isinstance(day, datetime.date):
            raise ValueError(_("Tanggal tidak valid."))
        if f.not_future and day > timezone.localdate():
            raise ValueError(f.not_future)
        return day
    model = apps.get_model(f.model)
    if f.kind == workflow.ONE:
        row = value if isinstance(value, model) else model.objects.filter(code=value).first()
        if row is None:
            raise ValueError(f.invalid)
        return row
    rows = [v if isinstance(v, model) else model.objects.filter(code=v).first() for v in list(value)]
    if any(r is None for r in rows):
        raise ValueError(f.invalid)
    return rows


def _validate(spec: workflow.Transition, case: Case, reason: str, fields: dict[str, Any]) -> dict[str, Any]:
    """Check the move's required fields (``workflow.FIELDS``); return the typed values or raise with
    per-field errors."""
    errors: dict[str, list[str]] = {}
    clean: dict[str, Any] = {}
    if spec.reason_required and not (reason or "").strip():
        errors["reason"] = [_("Alasan wajib diisi untuk keputusan ini.")]
    unknown = set(fields) - set(workflow.FIELDS) - {"acted_on"}
    if unknown:
        errors[""] = [_("Isian tidak dikenal: %(names)s.") % {"names": ", ".join(sorted(unknown))}]
    for name in spec.requires:
        value = fields.get(name)
        if value in (None, "", [], ()):
            errors[name] = [_("Isian ini wajib untuk langkah ini.")]
            continue
        try:
            clean[name] = _clean_value(workflow.FIELDS[name], spec, case, value)
        except ValueError as exc:
            errors[name] = [str(exc.args[0])]
    if errors:
        raise TransitionRefused(errors)
    return clean


def _apply(case: Case, spec: workflow.Transition, clean: dict[str, Any], at: datetime.datetime) -> list[str]:
    """Set the status and what the table says the move writes; return the changed field names."""
    case.status = spec.target
    changed = ["status"]
    for name, value in workflow.writes(spec, case, clean, at).items():
        setattr(case, name, value)
        changed.append(name)
    return changed


def _transition_data(clean: dict[str, Any], at: datetime.datetime, now: datetime.datetime) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, value in clean.items():
        if name == "violation_types":
            data[name] = [vt.code for vt in value]
        elif name == "sanction_level":
            data[name] = value.code
        elif isinstance(value, datetime.date):
            data[name] = value.isoformat()
        else:
            data[name] = value
    if abs((now - at).total_seconds()) > 60:
        data["acted_on"] = timezone.localtime(at).isoformat()
    return data


def transition_case(case: Case, to_status: str, *, user: User, reason: str = "", **fields: Any) -> CaseTransition:
    """Move `case` to `to_status` if the workflow table allows it for `user`; everything or nothing.

    Steps: re-select the case through the user's write scope with a row lock; look up the move
    in the table (refusing skips with a reason); check the role, the required fields and the
    guard; apply the fields and clock anchors; save with update_fields; write the audit record
    and the timeline entry, which emits ``case.transitioned`` (notifications, webhooks and the index
    follow from the outbox). Returns the timeline entry; ``entry.case`` is the case as saved.
    """
    now = timezone.now()
    with transaction.atomic():
        locked = Case.objects.restrict(user, "change").select_for_update().filter(pk=case.pk).first()
        if locked is None:
            raise TransitionRefused(_("Perkara tidak ditemukan atau di luar wilayah/kewenangan Anda."))
        spec = workflow.get_transition(locked.status, to_status, locked)
        role = workflow.role_of(user)
        if role not in spec.roles:
            raise TransitionRefused(
                _("Langkah «%(label)s» hanya boleh dilakukan oleh %(roles)s.")
                % {"label": spec.label, "roles": workflow.roles_text(spec.roles)}
            )
        clean = _validate(spec, locked, reason, fields)
        at = _effective_at(fields.get("acted_on"), now)
        if at > now + datetime.timedelta(minutes=5):
            raise TransitionRefused({"acted_on": [_("Tanggal tindakan tidak boleh di masa depan.")]})
        received = locked.received_at or locked.created_at
        if received is not None and timezone.localdate(at) < timezone.localdate(received):
            raise TransitionRefused(
                {
                    "acted_on": [
                        _("Tanggal tindakan tidak boleh sebelum laporan diterima (%(date)s).")
                        % {"date": timezone.localdate(received).strftime("%d/%m/%Y")}
                    ]
                }
            )
        if spec.guard:
            errors = workflow.GUARDS[spec.guard](locked, role, clean, now)
            if errors:
                raise TransitionRefused(errors)
        before = audit.snapshot(locked)
        before_types = sorted(locked.violation_types.values_list("code", flat=True)) if locked.pk else []
        from_status = locked.status
        changed = _apply(locked, spec, clean, at)
        locked.deadline_rule, locked.deadline_at = compute_clock(locked)
        changed += ["deadline_rule", "deadline_at", "updated_at"]
        locked.save(update_fields=list(dict.fromkeys(changed)))
        after = audit.snapshot(locked)
        if "violation_types" in clean:
            locked.violation_types.set(clean["violation_types"])
            before["violation_types"] = before_types
            after["violation_types"] = [vt.code for vt in clean["violation_types"]]
        audit.log_change(locked, ObjectChange.Action.UPDATE, before, after=after, user=user)
        data = _transition_data(clean, at, now)
        if "follow_up_action" in clean and locked.accused_confirmed and locked.asn is not None:
            data["asn"] = locked.asn.pk  # whose NIP was blocked or unblocked in SIASN (an id, not the NIP)
        return record_transition(locked, from_status, to_status, reason=reason.strip(), data=data, user=user)


# --- joining --------------------------------------------------------------------------------


def join_cases(target: Case, others: Iterable[Case], *, user: User, reason: str) -> tuple[Case, list[Case]]:
    """Join several cases of one incident into `target`: they become «joined» (``merged_into``).

    All cases must be in the user's write scope, still open in Bawaslu's hands (before a
    decision), and different from the target. Returns the locked target and the joined cases;
    the reports app moves their reports in the same transaction (``reports.services.join_cases``).
    """
    if not (reason or "").strip():
        raise TransitionRefused({"reason": [_("Alasan penggabungan wajib diisi.")]})
    if workflow.role_of(user) not in (workflow.SUPERVISOR, workflow.ADMIN):
        raise TransitionRefused(_("Penggabungan perkara hanya dilakukan oleh pengawas pemilu."))
    other_ids = [c.pk for c in others if c.pk != target.pk]
    if not other_ids:
        raise TransitionRefused({"others": [_("Pilih minimal satu perkara lain untuk digabungkan.")]})
    with transaction.atomic():
        scoped = Case.objects.restrict(user, "change").select_for_update()
        locked_target = scoped.filter(pk=target.pk).first()
        locked_others = list(scoped.filter(pk__in=other_ids).order_by("pk"))
        if locked_target is None or len(locked_others) != len(set(other_ids)):
            raise TransitionRefused(_("Perkara tidak ditemukan atau di luar wilayah/kewenangan Anda."))
        for c in [locked_target, *locked_others]:
            if c.status not in workflow.JOINABLE:
                raise TransitionRefused(
                    _("Perkara %(number)s berstatus «%(status)s» dan tidak dapat digabungkan lagi.")
                    % {"number": c.number, "status": c.get_status_display()}
                )
        for other in locked_others:
            before = audit.snapshot(other)
            from_status = other.status
            other.status = CaseStatus.JOINED
            other.merged_into = locked_target
            other.deadline_rule, other.deadline_at = "", None
            other.save(update_fields=["status", "merged_into", "deadline_rule", "deadline_at", "updated_at"])
            audit.log_change(other, ObjectChange.Action.UPDATE, before, user=user)
            record_transition(
                other,
                from_status,
                CaseStatus.JOINED,
                reason=reason.strip(),
                data={"into": locked_target.number},
                user=user,
                joined=True,
            )
            record_transition(
                locked_target,
                locked_target.status,
                locked_target.status,
                reason=reason.strip(),
                data={"joined": other.number},
                user=user,
                joined=True,
            )
        # The earliest known date governs the joined incident's report window; a public report
        # joined into a finding brings its reporter (who may then withdraw).
        known = [d for d in [locked_target.known_on, *(o.known_on for o in locked_others)] if d]
        has_reporter = locked_target.has_reporter or any(o.has_reporter for o in locked_others)
        if (known and min(known) != locked_target.known_on) or has_reporter != locked_target.has_reporter:
            before = audit.snapshot(locked_target)
            locked_target.known_on = min(known) if known else locked_target.known_on
            locked_target.has_reporter = has_reporter
            locked_target.save(update_fields=["known_on", "has_reporter", "updated_at"])
            audit.log_change(locked_target, ObjectChange.Action.UPDATE, before, user=user)
    return locked_target, locked_others


# --- the accused as a registry person ----------------------------------------------------------


class AccusedRefused(Exception):
    """A confirmation that cannot be recorded; `errors` maps form fields ("" = the form) to messages."""

    def __init__(self, errors: dict[str, list[str]] | str) -> None:
        self.errors = errors if isinstance(errors, dict) else {"": [str(errors)]}
        super().__init__("; ".join(m for ms in self.errors.values() for m in ms))


ACCUSED_ROLES = frozenset({workflow.SUPERVISOR, workflow.ADMIN})


def accused_state(case: Case) -> str:
    """What a confirmation form saw ("status:asn id"): a later write refuses if it changed meanwhile."""
    return f"{case.accused_status}:{case.asn_id or ''}"


def _lock_for_accused(case: Case, user: User, reason: str, expected: str | None) -> Case:
    """The case locked through the user's write scope (404 outside it), checked for a confirmation."""
    from django.http import Http404

    if workflow.role_of(user) not in ACCUSED_ROLES:
        raise AccusedRefused(_("Pencocokan terlapor dengan registri ASN hanya dilakukan oleh pengawas pemilu."))
    locked = Case.objects.restrict(user, "change").select_for_update().filter(pk=case.pk).first()
    if locked is None:
        raise Http404
    if locked.status == CaseStatus.JOINED:
        raise AccusedRefused(
            _("Perkara ini sudah digabung ke %(number)s; cocokkan terlapor di perkara itu.")
            % {"number": locked.merged_into.number if locked.merged_into else "—"}
        )
    if expected is not None and expected != accused_state(locked):
        who = locked.accused_by_name or "—"
        raise AccusedRefused(
            _("Terlapor perkara ini baru saja diubah oleh %(user)s. Muat ulang halaman dan periksa lagi.")
            % {"user": who}
        )
    if locked.accused_status in (AccusedStatus.CONFIRMED, AccusedStatus.REJECTED):
        if locked.recommended_at is not None:
            raise AccusedRefused(
                _("Rekomendasi sanksi sudah terbit atas nama terlapor ini; terlapor tidak dapat diubah lagi.")
            )
        if not (reason or "").strip():
            raise AccusedRefused({"reason": [_("Koreksi atas terlapor yang sudah dicatat wajib disertai alasan.")]})
    return locked


def _write_accused(locked: Case, user: User, *, asn: Any, status: str, reason: str) -> Case:
    """Compare-and-set the accused (no lost update even where row locks are no-ops), audit, timeline."""
    now = timezone.now()
    before = audit.snapshot(locked)
    name = user.get_username() if user is not None else ""
    same_person = Q(asn__isnull=True) if locked.asn_id is None else Q(asn_id=locked.asn_id)
    written = Case.objects.filter(
        same_person, pk=locked.pk, accused_status=locked.accused_status, accused_at=locked.accused_at
    ).update(
        asn=asn,
        accused_status=status,
        accused_by=user,
        accused_by_name=name,
        accused_at=now,
        accused_reason=reason.strip(),
        updated_at=now,
    )
    if written != 1:
        raise AccusedRefused(_("Terlapor perkara ini baru saja diubah oleh petugas lain. Muat ulang halaman."))
    locked.refresh_from_db()
    audit.log_change(locked, ObjectChange.Action.UPDATE, before, user=user)
    # A timeline line beside the status steps (no event: nobody's move changes, no one is mailed).
    # Ids only: the timeline is read by roles that may not see the person (analysts, the API).
    data: dict[str, Any] = {"accused_status": status, "asn": asn.pk if asn is not None else None}
    with translation.override(settings.LANGUAGE_CODE):  # stored once, in the source language
        what = (
            _("Terlapor dikonfirmasi sebagai orang dalam registri ASN.")
            if status == AccusedStatus.CONFIRMED
            else _("Terlapor dicatat tidak ada di registri ASN.")
        )
    CaseTransition.objects.create(
        case=locked,
        from_status=locked.status,
        to_status=locked.status,
        user=user,
        user_name=name,
        reason=f"{what} {reason.strip()}".strip(),
        data=data,
        request_id=context.current_request_id(),
    )
    emit(Event("case.changed", {"case": locked.pk, "number": locked.number, "region_code": locked.region_code}))
    return locked


def confirm_accused(case: Case, asn_id: Any, *, user: User, reason: str = "", expected: str | None = None) -> Case:
    """Record that the accused of `case` is the registry person `asn_id`; everything or nothing.

    The case is re-selected through the supervisor's write scope and locked; the person through
    the registry's scope (another region's person answers 404 like another region's case). A
    second confirmation of the same person is refused; a different person, or correcting "not in
    the registry", needs a reason and is refused once a recommendation names the accused.
    `expected` (``accused_state`` as the form saw it) refuses a write over a change made meanwhile.
    """
    from django.http import Http404

    from netral.core.params import parse_id
    from netral.personnel.models import ASN

    pk = parse_id(asn_id)
    with transaction.atomic():
        locked = _lock_for_accused(case, user, reason, expected)
        asn = ASN.objects.restrict(user).select_related("agency").filter(pk=pk).first() if pk else None
        if asn is None:
            raise Http404
        if locked.accused_confirmed and locked.asn_id == asn.pk:
            raise AccusedRefused(
                _("%(name)s sudah dikonfirmasi sebagai terlapor perkara ini oleh %(user)s.")
                % {"name": asn.name, "user": locked.accused_by_name or "—"}
            )
        if not asn.active:
            raise AccusedRefused({"asn": [_("ASN ini tidak aktif lagi di registri.")]})
        level = locked.sanction_level
        if level is not None and level.track.employment not in ("ALL", asn.employment_type):
            raise AccusedRefused(
                {
                    "asn": [
                        _("Sanksi yang direkomendasikan (%(level)s) tidak berlaku untuk %(employment)s.")
                        % {"level": level.name, "employment": asn.employment_type}
                    ]
                }
            )
        return _write_accused(locked, user, asn=asn, status=AccusedStatus.CONFIRMED, reason=reason)


def reject_accused(case: Case, *, user: User, reason: str, expected: str | None = None) -> Case:
    """Record that the accused is not in the ASN registry (clears a proposed person); reason required."""
    if not (reason or "").strip():
        raise AccusedRefused({"reason": [_("Alasan wajib diisi: mengapa terlapor tidak ada di registri?")]})
    with transaction.atomic():
        locked = _lock_for_accused(case, user, reason, expected)
        if locked.accused_status == AccusedStatus.REJECTED:
            raise AccusedRefused(_("Terlapor perkara ini sudah dicatat tidak ada di registri."))
        return _write_accused(locked, user, asn=None, status=AccusedStatus.REJECTED, reason=reason)
