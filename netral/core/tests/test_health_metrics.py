"""Liveness, readiness, Prometheus metrics, and logs that mask personal data."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.test import Client

from netral.core import health
from netral.core.logging import JsonFormatter, RedactFilter, redact

pytestmark = pytest.mark.django_db


def test_liveness_and_readiness_answer_ok(client: Client) -> None:
    assert client.get("/healthz").json() == {"ok": True}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {
        "ok": True,
        "checks": {"database": "ok", "migrations": "ok", "cache": "ok", "storage": "ok"},
    }
    assert ready["Cache-Control"] == "no-store"


def test_readiness_fails_with_the_reason_when_storage_is_not_writable(
    client: Client, settings: Any, tmp_path: Any
) -> None:
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("x")
    settings.PRIVATE_STORAGE_ROOT = blocked / "private"
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["ok"] is False and body["checks"]["storage"].startswith("failed:")
    assert body["checks"]["database"] == "ok"


def test_readiness_fails_while_a_migration_is_pending(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(health, "_migrated", False)

    class Pending:
        def __init__(self, connection: Any) -> None:
            self.loader = type("L", (), {"graph": type("G", (), {"leaf_nodes": lambda self: []})()})()

        def migration_plan(self, targets: Any) -> list[Any]:
            return [("cases", "0099_next")]

    monkeypatch.setattr(health, "MigrationExecutor", Pending)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "failed: RuntimeError: 1 migration(s) not applied"


def test_metrics_show_latency_per_route_queues_and_overdue_cases(client: Client, cast: Any) -> None:
    client.get("/laporan/baru/")
    body = client.get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode()
    assert 'netral_http_request_duration_seconds_count{method="GET",route="laporan/baru/",status="2xx"}' in body
    assert "# TYPE netral_tasks_ready gauge" in body
    assert "# TYPE netral_task_oldest_ready_seconds gauge" in body
    assert "# TYPE netral_cases_overdue gauge" in body


def test_metrics_are_not_public(client: Client, settings: Any) -> None:
    settings.METRICS_TOKEN = "rahasia-metrik"
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.5").status_code == 404
    # A proxied request from outside is not "local" even though the proxy connects from loopback.
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 404
    with_token = client.get("/metrics", REMOTE_ADDR="203.0.113.5", HTTP_AUTHORIZATION="Bearer rahasia-metrik")
    assert with_token.status_code == 200


@pytest.mark.parametrize(
    "text",
    [
        "NIK pelapor 3279014107900001",
        "NIP 19860926 201505 1 001",
        "telepon 0812-3456-7890",
        "WA +6281234567890",
        "surel siti.pelapor@example.co.id",
    ],
)
def test_personal_data_is_masked_in_log_lines(text: str) -> None:
    assert "[disamarkan]" in redact(text)
    assert not any(ch.isdigit() for ch in redact(text).split("[disamarkan]")[-1] if ch != " ")


def test_ids_dates_and_counts_are_kept() -> None:
    for text in ("report 42 received", "NTR-2024-000123", "2024-10-01", "1250 ASN", "request 7f3a-bc"):
        assert redact(text) == text


def test_the_filter_masks_arguments_and_json_lines_carry_the_request_id() -> None:
    record = logging.LogRecord(
        "netral.x", logging.INFO, __file__, 1, "reporter %s phone %s", ("a@b.id", "08123456789"), None
    )
    record.request_id = "req-12345678"
    RedactFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "reporter [disamarkan] phone [disamarkan]"
    assert line["request_id"] == "req-12345678" and line["level"] == "INFO" and line["logger"] == "netral.x"
