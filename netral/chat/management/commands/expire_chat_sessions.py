"""Expire chat drafts idle longer than ``CHAT_IDLE_HOURS`` (their answers and files deleted) and forget
handled chat messages after ``--keep-days`` (their contents were emptied when handled)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from netral.chat.choices import OutboxStatus, SessionStatus, UpdateStatus
from netral.chat.engine import idle_hours, remove_media
from netral.chat.models import ChatSession, InboundUpdate, OutboundMessage


class Command(BaseCommand):
    help = "Expire idle chat drafts and prune old chat message records."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--keep-days", type=int, default=14)

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        cutoff = now - datetime.timedelta(hours=idle_hours())
        expired = 0
        for session_id in ChatSession.objects.filter(status=SessionStatus.INTAKE, updated_at__lt=cutoff).values_list(
            "pk", flat=True
        ):
            with transaction.atomic():
                # Re-checked under the lock: a message that just arrived keeps the draft alive.
                n = ChatSession.objects.filter(
                    pk=session_id, status=SessionStatus.INTAKE, updated_at__lt=cutoff
                ).update(status=SessionStatus.EXPIRED, step="", draft="")
            if n:
                remove_media(session_id)
                expired += n
        keep = now - datetime.timedelta(days=options["keep_days"])
        updates, _ = InboundUpdate.objects.filter(received_at__lt=keep).exclude(status=UpdateStatus.PENDING).delete()
        sent, _ = OutboundMessage.objects.filter(
            created_at__lt=keep, status__in=[OutboxStatus.SENT, OutboxStatus.FAILED]
        ).delete()
        self.stdout.write(f"expired {expired} draft(s); removed {updates} inbound and {sent} outbound record(s)")
