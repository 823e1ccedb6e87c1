"""Writes for reports and findings: atomic, audited, scoped; each opens its case.

Nothing half-saved: evidence is checked before any row is written, and every row is written in one
transaction. Evidence files are content-addressed and shared: when many people report the same
viral video, a file one submission wrote may already be what another, still in its transaction,
refers to. So a failed transaction never deletes files; unreferenced blobs are removed by
``prune_orphan_evidence``, which spares files younger than an hour (a reuse refreshes the age).

Reporter personal data is never logged: log lines here carry report ids only.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from netral.accounts.choices import Role
from netral.cases import services as case_services
from netral.cases.choices import SubjectKind
from netral.cases.inputs import CaseOpening
from netral.cases.models import Case
from netral.cases.services import open_case
from netral.core import audit, db
from netral.core.crypto import blind_index
from netral.core.events import Event, emit
from netral.core.models import ObjectChange
from netral.core.scoping import region_prefix_q, scope_q
from netral.regions import calendar
from netral.regions.calendar import election_for
from netral.regions.models import Election, Region
from netral.reports import evidence as ev
from netral.reports import idempotency, receipt, requirements
from netral.reports.choices import EvidenceKind, Identity, ReportKind
from netral.reports.models import AdditionalInformation, Evidence, Report

if TYPE_CHECKING:
    from netral.core.types import RequestUser, User

logger = logging.getLogger(__name__)

PII_FIELDS = ("reporter_name", "reporter_address", "reporter_nik", "reporter_phone", "reporter_email")


class ReceiptNotFound(Exception):
    """Unknown and malformed receipt codes are the same thing to the outside."""


def window_days() -> int:
    return int(getattr(settings, "NETRAL_DEADLINES", {}).get("report_window_days", 7))


def window_for(data: Mapping[str, Any]) -> requirements.Window:
    """The reporting window of the election the report will be filed under (see ``_fill_common``):
    7 calendar days for a Pilkada, 7 working days for a Pemilu (``regions.calendar.report_window``)."""
    election = data.get("election") or default_election(data.get("known_on") or data.get("occurred_on"))
    rule = calendar.report_window(election.kind if election is not None else None)
    days = rule.days(calendar.values_from_settings())
    if rule.unit == calendar.WORKING:
        return requirements.Window(days, working=True, holidays=calendar.load_holidays())
    return requirements.Window(days)


def default_election(day: datetime.date | None = None) -> Election | None:
    """The election running on `day`, else the one whose voting day is closest."""
    day = day or timezone.localdate()
    running = election_for(day)
    if running is not None:
        return running
    elections = calendar.elections()
    return min(elections, key=lambda e: abs((e.voting_date - day).days)) if elections else None


def facts_from(data: Mapping[str, Any], *, evidence_count: int, is_finding: bool) -> requirements.Facts:
    agency = data.get("subject_agency")
    return requirements.Facts(
        is_finding=is_finding,
        anonymous=data.get("identity") == Identity.ANONYMOUS,
        reporter_name=data.get("reporter_name") or "",
        reporter_address=data.get("reporter_address") or "",
        subject_name=data.get("subject_name") or "",
        subject_address=data.get("subject_address") or "",
        subject_agency=(str(agency) if agency else "") or (data.get("subject_agency_name") or ""),
        known_on=data.get("known_on"),
        occurred_on=data.get("occurred_on"),
        place=data.get("place") or "",
        has_region=data.get("region") is not None,
        description=data.get("description") or "",
        evidence_count=evidence_count,
    )


def _apply_outcome(report: Report, outcome: requirements.Outcome) -> None:
    report.is_late = outcome.is_late
    report.formal_missing = outcome.formal_codes
    report.material_missing = outcome.material_codes
    report.initial_information = outcome.initial_information


def _fill_common(report: Report, data: Mapping[str, Any]) -> None:
    region: Region = data["region"]
    report.subject_kind = data.get("subject_kind") or SubjectKind.ASN
    report.subject_name = (data.get("subject_name") or "").strip()[:200]
    report.subject_position = (data.get("subject_position") or "").strip()[:200]
    report.subject_agency = data.get("subject_agency")
    report.asn = data.get("asn")
    agency_name = (data.get("subject_agency_name") or "").strip()
    if not agency_name and report.subject_agency is not None:
        agency_name = report.subject_agency.name
    report.subject_agency_name = agency_name[:200]
    report.subject_nip = (data.get("subject_nip") or "").strip()
    report.subject_address = (data.get("subject_address") or "").strip()[:250]
    report.description = (data.get("description") or "").strip()
    report.occurred_on = data.get("occurred_on")
    report.known_on = data.get("known_on")
    report.region = region
    report.place = (data.get("place") or "").strip()[:250]
    report.election = data.get("election") or default_election(data.get("known_on") or data.get("occurred_on"))
    report.candidate_pair = data.get("candidate_pair")
    report.links = [str(u) for u in (data.get("links") or [])]


def _save_evidence(
    report: Report, checked: Sequence[ev.CheckedFile], links: Iterable[str], written: list[Path], *, later: bool
) -> list[Evidence]:
    rows: list[Evidence] = []
    for item in checked:
        original, display = ev.store(item, written)
        rows.append(
            Evidence(
                report=report,
                kind=item.kind,
                original_name=item.name,
                storage_path=original,
                display_path=display,
                content_type=item.content_type,
                size=item.size,
                sha256=item.sha256,
                display_sha256=item.display_sha256,
                added_later=later,
            )
        )
    rows.extend(Evidence(report=report, kind=EvidenceKind.LINK, url=url, added_later=later) for url in links)
    if len(rows) > 1 and connection.features.can_return_rows_from_bulk_insert:
        Evidence.objects.bulk_create(rows)
    else:
        for row in rows:
            row.save()
    for row in rows:
        audit.log_change(row, ObjectChange.Action.CREATE, None)
    return rows


def _case_opening(report: Report, received_at: datetime.datetime | None = None) -> CaseOpening:
    """What the cases app needs to open the case of a report or finding (never the reporter)."""
    return CaseOpening(
        title=f"{report.subject_name} – {report.description[:180]}".strip()[:250],
        subject_kind=report.subject_kind,
        region=report.region,
        agency=report.subject_agency,
        asn=report.asn,
        election=report.election,
        occurred_on=report.occurred_on,
        known_on=report.known_on,
        received_at=received_at or report.submitted_at or timezone.now(),
        reason=str(report.get_kind_display()),
        has_reporter=report.kind != ReportKind.FINDING,
        accused_name=report.subject_name,
        accused_position=report.subject_position,
    )


@transaction.atomic(savepoint=False)
def open_case_for(report: Report, *, user: User | None = None) -> Case:
    """Hand the cases app what to open for a saved report or finding, and link the report to it.

    Only this app writes ``Report`` rows: the case knows nothing of the report that opened it.
    """
    case = open_case(_case_opening(report), user=user)
    before = audit.snapshot(report)
    report.case = case
    report.save(update_fields=["case"])
    audit.log_change(report, ObjectChange.Action.UPDATE, before, user=user)
    _announce("report.changed", report)
    return case


def _announce(topic: str, report: Report) -> None:
    """The one event of a report write (ids and codes only: never the reporter)."""
    emit(Event(topic, {"report": report.pk, "case": report.case_id, "region_code": report.region_code}))


def join_cases(target: Case, others: Iterable[Case], *, user: User, reason: str) -> Case:
    """Several reports of one incident become one case: the other cases are joined into `target`
    (``cases.services.join_cases``) and their reports move to it, in one transaction."""
    with transaction.atomic():
        joined_into, joined = case_services.join_cases(target, others, user=user, reason=reason)
        for report in Report.objects.filter(case__in=joined).order_by("case_id", "pk"):
            before = audit.snapshot(report)
            report.case = joined_into
            report.save(update_fields=["case"])
            audit.log_change(report, ObjectChange.Action.UPDATE, before, user=user)
            _announce("report.changed", report)
    return joined_into


R = TypeVar("R")


def _run_with_files(fn: Callable[[list[Path]], R]) -> R:
    """Run `fn(written)` in one transaction, again when the database asks for a retry.

    Files a failed attempt wrote stay for the orphan pruner (see the module docstring).
    """
    written: list[Path] = []
    return db.retry_transient(lambda: _atomic(fn, written))


def _atomic(fn: Callable[[list[Path]], R], written: list[Path]) -> R:
    # The audit rows of the whole write go in with one INSERT at its end (``audit.batch``).
    with transaction.atomic(), audit.batch():
        return fn(written)


def _backdate(report: Report, received_at: datetime.datetime | None) -> None:
    if received_at is not None:
        Report.objects.filter(pk=report.pk).update(submitted_at=received_at)
        report.submitted_at = received_at


def submit_report(
    cleaned_data: Mapping[str, Any],
    files: Sequence[Any] = (),
    *,
    request_meta: Mapping[str, Any] | None = None,
    client_token: str = "",
) -> tuple[Report, str]:
    """File a public report: check the law's requirements, keep evidence, open the case.

    Steps:
    1. check every evidence file (refuse the whole submission if one fails);
    2. run the intake test (late or incomplete → kept as informasi awal, never refused);
    3. in one transaction: the case (as ``open_case_for`` opens it), the report linked to it
       (personal data encrypted, anonymous → none kept), its evidence rows and files, the audit records;
    4. return the report and the receipt code, whose hash alone is stored.

    With a ``client_token`` the submission is idempotent: a retry with the same token and content
    returns the first attempt's report and receipt code (``idempotency``); other content with a
    used token raises ``idempotency.TokenReused``. A busy database raises ``db.Busy``.

    `request_meta` may carry ``received_at`` (an aware datetime; demo and benchmarks backdate).
    """
    if client_token and (earlier := idempotency.replay(client_token, cleaned_data)) is not None:
        return earlier
    meta = request_meta or {}
    received_at: datetime.datetime | None = meta.get("received_at")
    today = timezone.localdate(received_at) if received_at else timezone.localdate()
    checked = ev.check_files(files)
    links = list(cleaned_data.get("links") or [])
    outcome = requirements.check(
        facts_from(cleaned_data, evidence_count=len(checked) + len(links), is_finding=False),
        today,
        window_for(cleaned_data),
    )
    code = receipt.generate()

    def work(written: list[Path]) -> Report:
        report = Report(kind=ReportKind.REPORT, receipt_hash=receipt.digest(code), receipt_hint=receipt.hint(code))
        _fill_common(report, cleaned_data)
        identity = cleaned_data.get("identity") or Identity.NAMED
        report.identity = identity
        if identity != Identity.ANONYMOUS:
            report.reporter_category = cleaned_data.get("reporter_category") or ""
            report.reporter_name = (cleaned_data.get("reporter_name") or "").strip()
            report.reporter_address = (cleaned_data.get("reporter_address") or "").strip()
            nik = "".join((cleaned_data.get("reporter_nik") or "").split())
            report.reporter_nik = nik
            report.reporter_nik_index = blind_index(nik) if nik else ""
            report.reporter_phone = (cleaned_data.get("reporter_phone") or "").strip()
            report.reporter_email = (cleaned_data.get("reporter_email") or "").strip()
        _apply_outcome(report, outcome)
        # The case first (``open_case_for`` without its UPDATE): the report's one INSERT carries the link.
        report.case = open_case(_case_opening(report, received_at or timezone.now()))
        report.save()
        _backdate(report, received_at)
        audit.log_change(report, ObjectChange.Action.CREATE, None)
        _save_evidence(report, checked, links, written, later=False)
        _announce("report.changed", report)
        if client_token:
            idempotency.remember(client_token, cleaned_data, report, code)
        _announce("report.filed", report)
        return report

    try:
        report = _run_with_files(work)
    except IntegrityError:
        # A parallel attempt with the same token committed first: answer with its receipt.
        if client_token and (earlier := idempotency.replay(client_token, cleaned_data)) is not None:
            return earlier
        raise
    logger.info("report %s received (initial information: %s)", report.pk, report.initial_information)
    return report, code


def find_by_receipt(code: str) -> Report:
    """The report a receipt code belongs to; ReceiptNotFound for unknown or malformed codes."""
    report = Report.objects.select_related("case").filter(receipt_hash=receipt.digest(code)).first()
    if report is None:
        raise ReceiptNotFound
    return report


def add_information(receipt_code: str, text: str, files: Sequence[Any] = ()) -> Report:
    """The reporter adds description and evidence later, with the receipt code only.

    Recorded apart from the original filing (``added_later``), audited on the report.
    """
    report = find_by_receipt(receipt_code)
    text = (text or "").strip()
    checked = ev.check_files(files)
    if not text and not checked:
        raise ValidationError({"text": _("Tuliskan keterangan tambahan atau lampirkan bukti.")})

    def work(written: list[Path]) -> Report:
        locked = Report.objects.select_for_update().get(pk=report.pk)
        added: dict[str, Any] = {"evidence": []}
        if text:
            addition = AdditionalInformation.objects.create(report=locked, text=text)
            audit.log_change(addition, ObjectChange.Action.CREATE, None)
            added["addition"] = addition.pk
        _add_evidence_later(locked, checked, written, added)
        return locked

    report = _run_with_files(work)
    logger.info("report %s: information added later", report.pk)
    return report


def _add_evidence_later(
    locked: Report, checked: Sequence[ev.CheckedFile], written: list[Path], added: dict[str, Any]
) -> list[Evidence]:
    rows = _save_evidence(locked, checked, [], written, later=True)
    added["evidence"] = [r.pk for r in rows]
    before = audit.snapshot(locked)
    if rows and "evidence" in locked.material_missing:
        locked.material_missing = [c for c in locked.material_missing if c != "evidence"]
        locked.save(update_fields=["material_missing"])
    after = audit.snapshot(locked)
    after["added_later"] = added
    audit.log_change(locked, ObjectChange.Action.UPDATE, before, after=after)
    _announce("report.changed", locked)
    return rows


def attach_evidence(report: Report, checked: Sequence[ev.CheckedFile], written: list[Path]) -> list[Evidence]:
    """Evidence the reporter sends later through another path (the conversation under the receipt code).

    Call inside the caller's transaction with files already checked (``evidence.check_files``): the
    rows are ``added_later``, audited on the report, and a report that lacked only evidence no longer
    lists it as missing. New files are appended to `written` (see the module docstring on failures).
    """
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if not checked:
        return []
    return _add_evidence_later(locked, checked, written, {"evidence": []})


def can_record_finding(user: RequestUser | None) -> bool:
    """Findings are written by roles that may change reports (the Scope's write roles)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(user.is_superuser or user.role == Role.ADMIN or user.role in Report.Scope.write_roles)


def regions_for(user: User) -> QuerySet[Region]:
    """Regions a user may record a finding in: their own region and everything under it."""
    qs = Region.objects.all()
    if user.is_superuser or user.role == Role.ADMIN:
        return qs
    if not can_record_finding(user):
        return qs.none()
    return qs.filter(region_prefix_q("code", user.region_code))


def _finding(
    user: User, data: Mapping[str, Any], checked: Sequence[ev.CheckedFile], *, received_at: Any = None
) -> Report:
    if not can_record_finding(user):
        raise PermissionDenied
    region: Region | None = data.get("region")
    if region is None or not regions_for(user).filter(pk=region.pk).exists():
        raise ValidationError({"region": _("Wilayah kejadian berada di luar wilayah pengawasan Anda.")})
    links = list(data.get("links") or [])
    today = timezone.localdate(received_at) if received_at else timezone.localdate()
    outcome = requirements.check(
        facts_from(data, evidence_count=len(checked) + len(links), is_finding=True), today, window_for(data)
    )

    def work(written: list[Path]) -> Report:
        report = Report(kind=ReportKind.FINDING, identity=Identity.NAMED)
        _fill_common(report, data)
        report.found_by = user
        report.supervising_unit = (data.get("supervising_unit") or user.role_label)[:200]
        report.source_text = (data.get("source_text") or "").strip()
        _apply_outcome(report, outcome)
        report.save()
        _backdate(report, received_at)
        audit.log_change(report, ObjectChange.Action.CREATE, None, user=user)
        _save_evidence(report, checked, links, written, later=False)
        open_case_for(report, user=user)
        # Re-select through the user's scope: a write outside it must not survive.
        if not Report.objects.filter(scope_q(Report, user, "change"), pk=report.pk).exists():
            raise PermissionDenied
        _announce("report.filed", report)
        return report

    report = _run_with_files(work)
    logger.info("finding %s recorded by user %s", report.pk, user.pk)
    return report


def record_finding(
    user: User, cleaned_data: Mapping[str, Any], files: Sequence[Any] = (), *, received_at: Any = None
) -> Report:
    """A supervisor records a finding (temuan) from their own monitoring, inside their region."""
    return _finding(user, cleaned_data, ev.check_files(files), received_at=received_at)


def create_finding_from(
    user: User,
    *,
    subject_name: str,
    description: str,
    region: Region,
    known_on: datetime.date,
    occurred_on: datetime.date | None = None,
    subject_kind: str = SubjectKind.ASN,
    subject_position: str = "",
    subject_agency: Any = None,
    subject_agency_name: str = "",
    place: str = "",
    links: Iterable[str] = (),
    source_text: str = "",
    files: Sequence[Any] = (),
    supervising_unit: str = "",
    asn: Any = None,
) -> Report:
    """For other modules (monitoring): turn a pre-filled item into a finding with its case.

    `asn`, a registry person the supervisor picked among the candidates, reaches the case as a
    proposal to confirm on the case page.

    The returned report has ``report.case`` set. Same checks as ``record_finding``.
    """
    data = {
        "asn": asn,
        "subject_kind": subject_kind,
        "subject_name": subject_name,
        "subject_position": subject_position,
        "subject_agency": subject_agency,
        "subject_agency_name": subject_agency_name,
        "description": description,
        "region": region,
        "known_on": known_on,
        "occurred_on": occurred_on,
        "place": place,
        "links": list(links),
        "source_text": source_text,
        "supervising_unit": supervising_unit,
    }
    return record_finding(user, data, files)


def reveal_reporter(user: User, report: Report) -> dict[str, str]:
    """The reporter's identity, for a supervisor in scope; the viewing itself is logged (no values)."""
    if not Report.objects.restrict(user, "view_pii").filter(pk=report.pk).exists():
        raise PermissionDenied
    fresh = Report.objects.get(pk=report.pk)
    shown = {name: getattr(fresh, name) for name in PII_FIELDS}
    audit.log_change(
        fresh,
        ObjectChange.Action.VIEW_PII,
        None,
        after={"fields": [name for name, value in shown.items() if value]},
        user=user,
    )
    return shown


def repeat_reporter_count(user: User, report: Report) -> int:
    """Other reports (in the user's PII scope) filed with the same NIK, found by blind index."""
    if not report.reporter_nik_index:
        return 0
    return (
        Report.objects.restrict(user, "view_pii")
        .filter(reporter_nik_index=report.reporter_nik_index)
        .exclude(Q(pk=report.pk))
        .count()
    )
