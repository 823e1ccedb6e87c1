"""Deadline reminders and escalations, sent once per case, clock and kind.

A reminder goes to the party whose move it is when a deadline is within
``NETRAL_DEADLINES["reminder_before_days"]``; an escalation goes to that party and the next level
up once the deadline has passed. Each one sent is recorded in ``DeadlineReminder``; the unique
constraint makes a re-run (or two runs at once) send nothing twice.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from netral.cases import deadlines, notifications, workflow
from netral.cases.choices import ReminderKind
from netral.cases.models import Case, DeadlineReminder

logger = logging.getLogger(__name__)
STOPPED = list(workflow.ENDED)


@dataclass
class Outcome:
    reminders: int = 0
    escalations: int = 0
    mails: int = 0
    skipped: int = 0


def _mail(case: Case, kind: str, clock: deadlines.Clock) -> tuple[str, str]:
    values = {
        "number": case.number,
        "rule": clock.label,
        "at": timezone.localtime(clock.deadline).strftime("%d/%m/%Y %H:%M"),
    }
    if kind == ReminderKind.ESCALATION:
        subject = _("[netral] Eskalasi: tenggat perkara %(number)s terlewati") % values
        first = _("Tenggat «%(rule)s» perkara %(number)s telah lewat (%(at)s).") % values
    else:
        subject = _("[netral] Pengingat: tenggat perkara %(number)s") % values
        first = _("Tenggat «%(rule)s» perkara %(number)s berakhir %(at)s.") % values
    body = "\n".join(
        [
            first,
            _("Status: %(status)s. Waktu: %(left)s.") % {"status": case.get_status_display(), "left": clock.describe()},
            _("Buka perkara: %(url)s") % {"url": notifications.case_url(case)},
        ]
    )
    return subject, body


def send_deadline_reminders(now: datetime.datetime | None = None) -> Outcome:
    """Send what is due now; safe to run as often as cron likes."""
    now = now or timezone.now()
    before = datetime.timedelta(days=int(deadlines.values_from_settings()["reminder_before_days"]))
    due = (
        Case.objects.filter(deadline_at__isnull=False, deadline_at__lte=now + before)
        .exclude(status__in=STOPPED)
        .select_related("region", "agency")
        .order_by("deadline_at")
    )
    out = Outcome()
    for case in due.iterator(chunk_size=500):
        deadline = case.deadline_at
        if deadline is None:  # excluded by the query; keeps the types honest
            continue
        kind = ReminderKind.ESCALATION if now > deadline else ReminderKind.REMINDER
        if DeadlineReminder.objects.filter(
            case=case, rule=case.deadline_rule, deadline_at=deadline, kind=kind
        ).exists():
            continue
        users = notifications.recipients(case, escalate=kind == ReminderKind.ESCALATION)
        if not users:
            out.skipped += 1
            logger.warning("no recipient for %s reminder of case %s", kind, case.pk)
            continue
        clock = deadlines.Clock(case.deadline_rule, deadline, now)
        subject, body = _mail(case, kind, clock)
        try:
            with transaction.atomic():
                DeadlineReminder.objects.create(
                    case=case,
                    rule=case.deadline_rule,
                    deadline_at=deadline,
                    kind=kind,
                    recipients=[u.username for u in users],
                )
                # Sent inside the transaction: if mail fails, the record is rolled back and retried next run.
                out.mails += len(notifications.send(case, users, subject, body))
        except IntegrityError:
            continue  # another run sent it first
        if kind == ReminderKind.ESCALATION:
            out.escalations += 1
        else:
            out.reminders += 1
    return out
