"""Signing, fan-out and delivery of case events to partner webhooks.

Signature: ``X-Netral-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>`` with
``X-Netral-Timestamp`` (Unix seconds) so receivers can refuse replays, and ``X-Netral-Event-Id``
(the same for every retry and every endpoint) so they can ignore duplicates.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request
import uuid
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from netral.api.choices import DeliveryStatus, WebhookEvent
from netral.api.models import WebhookDelivery, WebhookEndpoint
from netral.core.scoping import region_prefix_q

logger = logging.getLogger(__name__)

EVENT_NAMESPACE = uuid.UUID("6f1d7f0e-6b55-4bb4-9d0e-2c1c6c0a4e11")
USER_AGENT = "netral-webhooks/1"


def timeout_seconds() -> float:
    return float(getattr(settings, "NETRAL_WEBHOOK_TIMEOUT", 5))


def max_attempts() -> int:
    return int(getattr(settings, "NETRAL_WEBHOOK_MAX_ATTEMPTS", 8))


def backoff_base_seconds() -> int:
    return int(getattr(settings, "NETRAL_WEBHOOK_BACKOFF_SECONDS", 60))


def encode_body(payload: dict[str, Any]) -> bytes:
    """Canonical JSON bytes: the same payload always signs to the same body on every retry."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sign(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def verify(secret: str, timestamp: str, body: bytes, signature: str, *, tolerance: int = 300) -> bool:
    """What a receiver does: recompute, compare in constant time, refuse stale timestamps."""
    try:
        age = abs(time.time() - int(timestamp))
    except ValueError:
        return False
    return age <= tolerance and hmac.compare_digest(sign(secret, timestamp, body), signature)


def backoff(attempts: int) -> datetime.timedelta:
    """Exponential backoff after the n-th failed attempt: base, 2×base, 4×base… capped at one day."""
    seconds = backoff_base_seconds() * (2 ** max(attempts - 1, 0))
    return datetime.timedelta(seconds=min(seconds, 86400))


def transition_payload(transition: Any, event_id: uuid.UUID, event: str) -> dict[str, Any]:
    """What partners receive: the case's public workflow facts, never reporters' personal data."""
    case = transition.case
    return {
        "id": str(event_id),
        "type": event,
        "created": transition.at.isoformat() if transition.at else timezone.now().isoformat(),
        "data": {
            "case": {
                "number": case.number,
                "status": case.status,
                "region_code": case.region_code,
                "agency": case.agency.code if case.agency_id else None,
                "route": case.route,
                "deadline_at": case.deadline_at.isoformat() if case.deadline_at else None,
            },
            "transition": {
                "id": transition.pk,
                "from_status": transition.from_status,
                "to_status": transition.to_status,
                "at": transition.at.isoformat() if transition.at else None,
                "reason": transition.reason,
            },
        },
    }


def endpoints_for(case: Any, event: str) -> list[WebhookEndpoint]:
    """Active endpoints that want `event` and whose scope covers `case` (region and/or owner)."""
    from netral.cases.models import Case

    chosen = []
    for endpoint in WebhookEndpoint.objects.filter(active=True).select_related("owner", "owner__region"):
        if not endpoint.wants(event):
            continue
        in_scope = Q(pk=case.pk) & region_prefix_q("region_code", endpoint.region_code or None)
        qs = Case.objects.filter(in_scope)
        if endpoint.owner_id is not None:
            qs = qs.restrict(endpoint.owner, "view")
        if qs.exists():
            chosen.append(endpoint)
    return chosen


def record_deliveries(transition: Any) -> list[int]:
    """One delivery per interested endpoint for a timeline entry; returns the ids still pending.

    Run by the outbox handler (``api.events.deliver``), after the transition committed with its
    outbox message, so no event is lost or invented. Idempotent: the event id is derived from the
    transition, and a delivery exists once per endpoint and event id.
    """
    event = WebhookEvent.CASE_OPENED if not transition.from_status else WebhookEvent.CASE_TRANSITION
    event_id = uuid.uuid5(EVENT_NAMESPACE, f"case-transition:{transition.pk}")
    endpoints = endpoints_for(transition.case, event)
    if not endpoints:
        return []
    payload = transition_payload(transition, event_id, event)
    now = timezone.now()
    ids = []
    for endpoint in endpoints:
        delivery, _created = WebhookDelivery.objects.get_or_create(
            endpoint=endpoint,
            event_id=event_id,
            defaults={
                "event": event,
                "transition": transition,
                "case_number": transition.case.number,
                "region_code": transition.case.region_code,
                "payload": payload,
                "next_attempt_at": now,
            },
        )
        if delivery.status == DeliveryStatus.PENDING:
            ids.append(delivery.pk)
    return ids


def claim(delivery_id: int) -> WebhookDelivery | None:
    """Take a due delivery for one attempt with a conditional UPDATE (safe with several workers).

    The claim pushes ``next_attempt_at`` forward by a lease so a crashed sender is retried later.
    """
    now = timezone.now()
    row = WebhookDelivery.objects.filter(pk=delivery_id, status=DeliveryStatus.PENDING).first()
    if row is None or (row.next_attempt_at is not None and row.next_attempt_at > now):
        return None
    lease = now + datetime.timedelta(seconds=timeout_seconds() * 3 + 30)
    won = WebhookDelivery.objects.filter(pk=delivery_id, status=DeliveryStatus.PENDING, attempts=row.attempts).update(
        attempts=row.attempts + 1, last_attempt_at=now, next_attempt_at=lease
    )
    if won != 1:
        return None
    return WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)


def post(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST with a short timeout; returns the HTTP status (an HTTPError is still an answer)."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 (scheme validated)
    try:
        with urllib.request.urlopen(request, timeout=timeout_seconds()) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def attempt(delivery_id: int) -> WebhookDelivery | None:
    """Steps: claim the row; sign the canonical body with a fresh timestamp; POST it; record the
    outcome (2xx delivered; otherwise schedule the next try with backoff, or give up after the
    last allowed attempt). Returns the updated row, or None if it was not due or taken elsewhere."""
    delivery = claim(delivery_id)
    if delivery is None:
        return None
    endpoint = delivery.endpoint
    body = encode_body(delivery.payload)
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Netral-Event": delivery.event,
        "X-Netral-Event-Id": str(delivery.event_id),
        "X-Netral-Delivery": str(delivery.pk),
        "X-Netral-Timestamp": timestamp,
        "X-Netral-Signature": sign(endpoint.secret, timestamp, body),
    }
    code: int | None = None
    error = ""
    try:
        code = post(endpoint.url, body, headers)
        if not 200 <= code < 300:
            error = f"HTTP {code}"
    except (OSError, ValueError) as exc:  # URLError, timeouts, refused connections, bad URLs
        error = f"{type(exc).__name__}: {exc}"[:1000]

    now = timezone.now()
    delivery.response_code = code
    delivery.last_error = error
    if not error:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
    elif delivery.attempts >= max_attempts() or not endpoint.active:
        delivery.status = DeliveryStatus.FAILED
        delivery.next_attempt_at = None
    else:
        delivery.next_attempt_at = (delivery.last_attempt_at or now) + backoff(delivery.attempts)
    delivery.save(update_fields=["response_code", "last_error", "status", "delivered_at", "next_attempt_at"])
    if error:
        logger.warning("webhook delivery %s to endpoint %s failed: %s", delivery.pk, endpoint.pk, error)
    return delivery


def due_ids(limit: int = 100) -> list[int]:
    return list(
        WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def redeliver(delivery: WebhookDelivery) -> None:
    """Put a failed delivery back in the queue (an admin's action), keeping its event id."""
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.PENDING, next_attempt_at=timezone.now(), attempts=0
        )
