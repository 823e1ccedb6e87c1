"""Idempotent public submissions: one report per client token, the same receipt on a retry.

The client (the public form's hidden field, an API caller's ``Idempotency-Key``, a chat
adapter's message id) sends a random token with each submission attempt. The first attempt
files the report; a later attempt with the same token and the same content gets the same
receipt back instead of a second report. The same token with other content is refused
(``TokenReused``): whoever holds a token must also know what was reported to get its receipt.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from netral.reports.models import Report, SubmissionToken

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,128}$")
# What makes two submissions "the same report": who, what, where and when, not the files.
FINGERPRINT_FIELDS = ("subject_kind", "subject_name", "description", "region", "occurred_on", "known_on", "identity")


class TokenReused(Exception):
    """The token was already used for a submission with different content."""


def valid_token(token: str) -> bool:
    return bool(TOKEN_RE.match(token))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def fingerprint(cleaned_data: Mapping[str, Any]) -> str:
    def norm(value: Any) -> str:
        if hasattr(value, "pk"):
            return str(value.pk)
        if hasattr(value, "isoformat"):
            iso: str = value.isoformat()
            return iso
        return " ".join(str(value or "").split())

    payload = json.dumps([norm(cleaned_data.get(name)) for name in FINGERPRINT_FIELDS], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def replay(token: str, cleaned_data: Mapping[str, Any]) -> tuple[Report, str] | None:
    """The report and receipt code an earlier attempt with this token filed, if any."""
    row = SubmissionToken.objects.select_related("report").filter(token_hash=token_hash(token)).first()
    if row is None:
        return None
    if row.fingerprint != fingerprint(cleaned_data):
        raise TokenReused
    return row.report, row.receipt_code


def remember(token: str, cleaned_data: Mapping[str, Any], report: Report, code: str) -> None:
    """Store the token with the report (inside the submission's transaction)."""
    SubmissionToken.objects.create(
        token_hash=token_hash(token), fingerprint=fingerprint(cleaned_data), report=report, receipt_code=code
    )


def prune(now: Any = None) -> int:
    """Forget tokens older than the replay window; returns how many were removed."""
    hours = int(getattr(settings, "SUBMISSION_REPLAY_HOURS", 24))
    cutoff = (now or timezone.now()) - timedelta(hours=hours)
    deleted, _ = SubmissionToken.objects.filter(created_at__lt=cutoff).delete()
    return deleted
