"""Background work of the conversation: reporter notices and the staff's mail when a reporter answers."""

from __future__ import annotations

from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from netral.cases import notifications
from netral.conversations import notify
from netral.conversations.choices import Author
from netral.conversations.models import Message
from netral.conversations.services import current_case


@task(queue_name="notifications")
def deliver_notice(notice_id: int) -> str:
    """One reporter notice (idempotent: a notice already sent or taken by another worker is left alone)."""
    return notify.deliver(notice_id)


@task(queue_name="notifications")
def notify_staff_of_answer(message_id: int) -> int:
    """Mail the supervisors in charge of the case that the reporter answered (no content, a link)."""
    # Claimed with one UPDATE: a task given back after its worker died never mails twice.
    claimed = Message.objects.filter(pk=message_id, author=Author.REPORTER, staff_notified_at__isnull=True).update(
        staff_notified_at=timezone.now()
    )
    message = Message.objects.select_related("report__case").filter(pk=message_id).first()
    if not claimed or message is None:
        return 0
    case = current_case(message.report)
    if case is None:
        return 0
    users = [u for u in notifications.recipients(case) if u.role == "supervisor"]
    with translation.override("id"):
        subject = _("[netral] %(number)s: pelapor mengirim jawaban") % {"number": case.number}
        body = _("Pelapor laporan #%(report)s mengirim jawaban atau keterangan. Buka perkara: %(url)s") % {
            "report": message.report_id,
            "url": notifications.case_url(case) + "#percakapan",
        }
    for user in users:
        send_mail(subject, body, None, [user.email], fail_silently=False)
    return len(users)
