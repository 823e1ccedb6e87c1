"""Reminders tied to the election calendar, e-mailed to an agency's PPK officers once.

Two rules (thresholds are settings, see docs/prevention.md):

1. **No circular** before candidate determination: from N days before the "penetapan" stage
   (PREVENTION_CIRCULAR_REMINDER_DAYS, default 10) until voting day, an agency without a
   circular letter for the election is reminded.
2. **Low pledge coverage** before the campaign: from M days before the "kampanye" stage
   (PREVENTION_COVERAGE_REMINDER_DAYS, default 10) until voting day, an agency whose share of
   ASN covered by a pledge (persons, see coverage.py) is under the threshold
   (PREVENTION_COVERAGE_THRESHOLD, default 0.8) is reminded.

A sent reminder is recorded in ``ReminderSent`` (unique per agency, election and kind), so
re-running the command sends nothing new. The index page shows the same reminders live.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from netral.accounts.choices import Role
from netral.accounts.models import User
from netral.agencies.models import Agency
from netral.core import audit
from netral.core.models import ObjectChange
from netral.prevention.choices import ReminderKind
from netral.prevention.coverage import coverage_by_agency, stage_date
from netral.prevention.models import Circular, ReminderSent
from netral.regions.models import Election

log = logging.getLogger(__name__)


def circular_days() -> int:
    return int(getattr(settings, "PREVENTION_CIRCULAR_REMINDER_DAYS", 10))


def coverage_days() -> int:
    return int(getattr(settings, "PREVENTION_COVERAGE_REMINDER_DAYS", 10))


def coverage_threshold() -> float:
    return float(getattr(settings, "PREVENTION_COVERAGE_THRESHOLD", 0.8))


@dataclass
class Reminder:
    agency: Agency
    election: Election
    kind: str
    message: str
    target: datetime.date  # the stage start the reminder counts down to
    sent: ReminderSent | None = None

    @property
    def days_left(self) -> int:
        return (self.target - datetime.date.today()).days


def candidate_agencies(election: Election) -> QuerySet[Agency]:
    """Agencies expected to act: governments of regions holding a contest, and any agency with a
    PPK officer account."""
    ppk_agencies = User.objects.filter(role=Role.PPK, is_active=True, agency__isnull=False).values("agency_id")
    return Agency.objects.filter(Q(region__contests__election=election) | Q(pk__in=ppk_agencies)).distinct()


def due_reminders(election: Election, day: datetime.date, agencies: QuerySet[Agency] | None = None) -> list[Reminder]:
    """The reminders that apply on `day` (sent or not), for `agencies` (default: all candidates)."""
    agencies = agencies if agencies is not None else candidate_agencies(election)
    determination = stage_date(election, "penetapan")
    campaign = stage_date(election, "kampanye")
    out: list[Reminder] = []
    agency_list = list(agencies)
    if not agency_list or day > election.voting_date:
        return out
    sent = {(r.agency_id, r.kind): r for r in ReminderSent.objects.filter(election=election, agency__in=agency_list)}
    if determination and day >= determination - datetime.timedelta(days=circular_days()):
        issued = set(
            Circular.objects.filter(election=election, date__lte=day, agency__in=agency_list).values_list(
                "agency_id", flat=True
            )
        )
        for agency in agency_list:
            if agency.pk in issued:
                continue
            out.append(
                Reminder(
                    agency=agency,
                    election=election,
                    kind=ReminderKind.NO_CIRCULAR,
                    message=_(
                        "%(agency)s belum mencatat surat edaran netralitas ASN untuk %(election)s. "
                        "Penetapan pasangan calon: %(date)s."
                    )
                    % {"agency": agency.name, "election": election.name, "date": f"{determination:%d/%m/%Y}"},
                    target=determination,
                    sent=sent.get((agency.pk, ReminderKind.NO_CIRCULAR)),
                )
            )
    if campaign and day >= campaign - datetime.timedelta(days=coverage_days()):
        threshold = coverage_threshold()
        ids = [a.pk for a in agency_list]
        for row in coverage_by_agency(election, Agency.objects.filter(pk__in=ids)):
            if row.share is None or row.share >= threshold:
                continue
            agency = row.extra["agency"]
            out.append(
                Reminder(
                    agency=agency,
                    election=election,
                    kind=ReminderKind.LOW_COVERAGE,
                    message=_(
                        "Baru %(covered)d dari %(total)d ASN %(agency)s (%(share)s%%) yang menandatangani ikrar "
                        "atau tercatat hadir pada penandatanganan massal; ambang %(threshold)s%%. "
                        "Kampanye dimulai %(date)s."
                    )
                    % {
                        "covered": row.covered,
                        "total": row.asn_total,
                        "agency": agency.name,
                        "share": row.share_percent,
                        "threshold": round(threshold * 100),
                        "date": f"{campaign:%d/%m/%Y}",
                    },
                    target=campaign,
                    sent=sent.get((agency.pk, ReminderKind.LOW_COVERAGE)),
                )
            )
    return out


def ppk_recipients(agency: Agency) -> list[str]:
    return list(
        User.objects.filter(role=Role.PPK, agency=agency, is_active=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    )


def send_reminders(
    election: Election, day: datetime.date, *, dry_run: bool = False, connection: Any = None
) -> list[Reminder]:
    """E-mail each due reminder not yet sent; record it in the same transaction. Returns those sent.

    An agency without a PPK officer e-mail gets no record, so it is reminded once one exists.
    """
    sent: list[Reminder] = []
    for reminder in due_reminders(election, day):
        if reminder.sent is not None:
            continue
        recipients = ppk_recipients(reminder.agency)
        if not recipients:
            log.info("prevention reminder %s for agency %s: no PPK e-mail", reminder.kind, reminder.agency.pk)
            continue
        if dry_run:
            sent.append(reminder)
            continue
        try:
            with transaction.atomic():
                record = ReminderSent.objects.create(
                    agency=reminder.agency,
                    election=election,
                    kind=reminder.kind,
                    region_code=reminder.agency.region_code,
                    recipients=", ".join(recipients),
                    message=reminder.message,
                )
                audit.log_change(record, ObjectChange.Action.CREATE, None)
                send_mail(
                    subject=_("[netral] Pengingat pencegahan: %(kind)s") % {"kind": ReminderKind(reminder.kind).label},
                    message=reminder.message
                    + "\n\n"
                    + _("Catat surat edaran dan kegiatan pencegahan di menu Pencegahan netral."),
                    from_email=None,
                    recipient_list=recipients,
                    connection=connection,
                )
        except IntegrityError:
            continue  # another run recorded it first
        reminder.sent = record
        sent.append(reminder)
    return sent
