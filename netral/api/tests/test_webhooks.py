"""Signed webhooks: a real HTTP server on 127.0.0.1 receives and verifies; a failing one makes retries."""

from __future__ import annotations

import datetime
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from netral.api import webhooks
from netral.api.choices import DeliveryStatus
from netral.api.models import WebhookDelivery, WebhookEndpoint
from netral.api.tests.factories import client_for, make_case
from netral.cases.services import transition_case

pytestmark = pytest.mark.django_db


class Receiver:
    """A tiny HTTP server in a thread that records what it received and answers `status`."""

    def __init__(self, status: int = 200) -> None:
        self.status = status
        self.requests: list[dict[str, Any]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                self.send_response(receiver.status)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver(200)
    yield r
    r.close()


@pytest.fixture
def failing() -> Iterator[Receiver]:
    r = Receiver(500)
    yield r
    r.close()


def move(case: Any, user: Any, to_status: str, capture: Any, **fields: Any) -> None:
    with capture(execute=True):
        transition_case(case, to_status, user=user, reason=fields.pop("reason", ""), **fields)


def test_it_signs_and_delivers_a_transition(cast, receiver, django_capture_on_commit_callbacks):
    case = make_case("32.79")
    endpoint = WebhookEndpoint.objects.create(name="Mitra Banjar", url=receiver.url, region_code="32.79")
    move(case, cast.sup_a, "initial_review", django_capture_on_commit_callbacks)

    assert len(receiver.requests) == 1
    got = receiver.requests[0]
    headers = {k.lower(): v for k, v in got["headers"].items()}
    assert webhooks.verify(endpoint.secret, headers["x-netral-timestamp"], got["body"], headers["x-netral-signature"])
    assert not webhooks.verify(
        "wrong-secret", headers["x-netral-timestamp"], got["body"], headers["x-netral-signature"]
    )
    assert not webhooks.verify(
        endpoint.secret, headers["x-netral-timestamp"], got["body"] + b" ", headers["x-netral-signature"]
    )
    payload = json.loads(got["body"])
    assert payload["type"] == "case.transition"
    assert payload["id"] == headers["x-netral-event-id"]
    assert payload["data"]["case"]["number"] == case.number
    assert payload["data"]["transition"]["to_status"] == "initial_review"
    assert "Pelapor Rahasia" not in got["body"].decode()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery.attempts == 1
    assert delivery.response_code == 200


def test_it_only_sends_events_in_the_endpoints_scope(cast, receiver, django_capture_on_commit_callbacks):
    WebhookEndpoint.objects.create(name="Mitra Purwakarta", url=receiver.url, region_code="32.14")
    case = make_case("32.79", agency=cast.agency_a)
    WebhookEndpoint.objects.create(name="Mitra PPK Banjar", url=receiver.url, owner=cast.ppk_a)
    banjar = WebhookEndpoint.objects.create(name="Mitra Banjar", url=receiver.url, region_code="32.79")
    move(case, cast.sup_a, "initial_review", django_capture_on_commit_callbacks)
    # Only the partner whose scope covers the case hears of it (so the event did go out); neither the
    # other regency's partner nor the PPK (the case is not yet recommended).
    assert list(WebhookDelivery.objects.values_list("endpoint", flat=True)) == [banjar.pk]
    assert len(receiver.requests) == 1


def test_it_retries_with_backoff_and_gives_up(cast, failing, settings, django_capture_on_commit_callbacks):
    settings.NETRAL_WEBHOOK_MAX_ATTEMPTS = 3
    case = make_case("32.79")
    WebhookEndpoint.objects.create(name="Mitra rusak", url=failing.url)
    move(case, cast.sup_a, "initial_review", django_capture_on_commit_callbacks)

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.attempts == 1
    assert delivery.response_code == 500
    assert delivery.last_error == "HTTP 500"
    first_wait = delivery.next_attempt_at - delivery.last_attempt_at
    assert first_wait == datetime.timedelta(seconds=60)

    call_command("deliver_webhooks")  # not due yet: nothing happens
    assert len(failing.requests) == 1

    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    call_command("deliver_webhooks")
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    assert delivery.next_attempt_at - delivery.last_attempt_at == datetime.timedelta(seconds=120)

    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    call_command("deliver_webhooks")
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == 3
    assert len(failing.requests) == 3
    ids = {r["headers"]["X-Netral-Event-Id"] for r in failing.requests}
    assert len(ids) == 1  # the same event id on every retry, so receivers can de-duplicate


def test_it_recovers_when_the_endpoint_comes_back(cast, failing, django_capture_on_commit_callbacks):
    case = make_case("32.79")
    WebhookEndpoint.objects.create(name="Mitra", url=failing.url)
    move(case, cast.sup_a, "initial_review", django_capture_on_commit_callbacks)
    failing.status = 204
    WebhookDelivery.objects.update(next_attempt_at=timezone.now())
    call_command("deliver_webhooks")
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery.attempts == 2


def test_it_records_a_refused_connection(cast, django_capture_on_commit_callbacks):
    closed = Receiver(200)
    url = closed.url
    closed.close()
    case = make_case("32.79")
    WebhookEndpoint.objects.create(name="Mitra mati", url=url)
    move(case, cast.sup_a, "initial_review", django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.response_code is None
    assert "URLError" in delivery.last_error or "Connection" in delivery.last_error


def test_it_writes_nothing_when_the_transition_rolls_back(cast, receiver):
    case = make_case("32.79")
    WebhookEndpoint.objects.create(name="Mitra", url=receiver.url)
    with pytest.raises(Exception, match="tidak diizinkan"):
        transition_case(case, "sanctioned", user=cast.sup_a, reason="x")
    assert WebhookDelivery.objects.count() == 0


def test_it_validates_endpoint_urls():
    for bad in ("ftp://example.test/x", "file:///etc/passwd", "javascript:alert(1)", "example.test"):
        with pytest.raises(ValidationError):
            WebhookEndpoint(name="x", url=bad).full_clean()
    WebhookEndpoint(name="x", url="https://mitra.example.test/hook").full_clean()


def test_it_stores_the_secret_encrypted(cast):
    endpoint = WebhookEndpoint.objects.create(name="Mitra", url="https://mitra.example.test/hook")
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT secret FROM api_webhookendpoint WHERE id = %s", [endpoint.pk])
        raw = cur.fetchone()[0]
    assert endpoint.secret not in raw
    assert WebhookEndpoint.objects.get(pk=endpoint.pk).secret == endpoint.secret


def test_it_shows_the_delivery_log_to_admins_only(cast, receiver, django_capture_on_commit_callbacks):
    case = make_case("32.79")
    WebhookEndpoint.objects.create(name="Mitra Banjar", url=receiver.url)
    move(case, cast.sup_a, "initial_review", django_capture_on_commit_callbacks)

    api = client_for(cast.admin).get("/api/v1/webhooks/deliveries/?status=delivered")
    assert api.status_code == 200
    assert api.json()["results"][0]["case_number"] == case.number
    assert client_for(cast.admin).get("/api/v1/webhooks/deliveries/?status=lol").status_code == 400
    assert client_for(cast.sup_a).get("/api/v1/webhooks/deliveries/").status_code == 403

    page = Client()
    page.force_login(cast.admin)
    html = page.get("/api/webhook/")
    assert html.status_code == 200
    assert case.number in html.content.decode()
    page.force_login(cast.sup_a)
    assert page.get("/api/webhook/").status_code == 404


def test_it_lets_admins_register_an_endpoint_and_shows_the_secret_once(cast):
    client = client_for(cast.admin)
    response = client.post(
        "/api/v1/webhooks/endpoints/",
        {
            "name": "Mitra",
            "url": "https://mitra.example.test/hook",
            "region_code": "32.79",
            "events": ["case.transition"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    secret = response.json()["secret"]
    assert len(secret) == 64
    listed = client.get(f"/api/v1/webhooks/endpoints/{response.json()['id']}/").json()
    assert "secret" not in listed
    bad = client.post("/api/v1/webhooks/endpoints/", {"name": "x", "url": "ftp://x.test/"}, format="json")
    assert bad.status_code == 400
    assert "url" in bad.json()
    bad = client.post(
        "/api/v1/webhooks/endpoints/", {"name": "x", "url": "https://x.test/", "region_code": "abc"}, format="json"
    )
    assert "region_code" in bad.json()


def test_it_announces_new_cases_to_subscribers_of_case_opened(cast, receiver, django_capture_on_commit_callbacks):
    WebhookEndpoint.objects.create(name="Mitra", url=receiver.url, events=["case.opened"])
    with django_capture_on_commit_callbacks(execute=True):
        case = make_case("32.79")
    assert len(receiver.requests) == 1
    assert json.loads(receiver.requests[0]["body"])["type"] == "case.opened"
    move(case, cast.sup_a, "initial_review", django_capture_on_commit_callbacks)
    assert len(receiver.requests) == 1  # not subscribed to case.transition


def test_it_never_blocks_the_workflow_when_webhook_recording_fails(cast, monkeypatch, receiver):
    case = make_case("32.79")
    WebhookEndpoint.objects.create(name="Mitra", url=receiver.url)

    def broken(*args, **kwargs):
        raise RuntimeError("webhook side broke")

    monkeypatch.setattr(webhooks, "endpoints_for", broken)
    transition_case(case, "initial_review", user=cast.sup_a, reason="")
    case.refresh_from_db()
    assert case.status == "initial_review"
    assert WebhookDelivery.objects.count() == 0


def test_it_lets_an_admin_requeue_a_failed_delivery(cast, failing, settings, django_capture_on_commit_callbacks):
    settings.NETRAL_WEBHOOK_MAX_ATTEMPTS = 1
    case = make_case("32.79")
    WebhookEndpoint.objects.create(name="Mitra", url=failing.url)
    move(case, cast.sup_a, "initial_review", django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    response = client_for(cast.admin).post(f"/api/v1/webhooks/deliveries/{delivery.pk}/redeliver/")
    assert response.status_code == 202
    assert response.json()["status"] == "pending"
    failing.status = 200
    call_command("deliver_webhooks")
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert client_for(cast.sup_a).post(f"/api/v1/webhooks/deliveries/{delivery.pk}/redeliver/").status_code == 403
