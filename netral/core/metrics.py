"""Prometheus metrics at ``/metrics``: request latency, task queues, and what apps register.

Latency is a histogram per method, route pattern and status class, measured by
``MetricsMiddleware``. With several gunicorn workers set ``PROMETHEUS_MULTIPROC_DIR`` (the
deployment's gunicorn config does): every process then writes its samples to files there and a
scrape of any process sums them all.

State that lives in the database (queue depth, the oldest waiting task, overdue cases) is read at
scrape time, so every process answers the same. Apps add their own figures with
``register_gauge`` in ``AppConfig.ready`` (core knows no domain app).

Access: requests from the machine itself (not forwarded by a proxy), or with
``Authorization: Bearer <METRICS_TOKEN>``; anyone else gets 404.
"""

from __future__ import annotations

import hmac
import os
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db.models import Count, Min
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from prometheus_client import CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.registry import Collector

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.5, 5.0, 10.0)
_local = CollectorRegistry(auto_describe=True)
REQUEST_LATENCY = Histogram(
    "netral_http_request_duration_seconds",
    "Time to answer an HTTP request, by method, route pattern and status class.",
    ["method", "route", "status"],
    buckets=LATENCY_BUCKETS,
    registry=_local,
)

# name -> (help, callable returning {labels tuple: value}, label names)
_GAUGES: dict[str, tuple[str, Callable[[], dict[tuple[str, ...], float]], tuple[str, ...]]] = {}


def register_gauge(
    name: str, help_text: str, read: Callable[[], dict[tuple[str, ...], float]], labels: tuple[str, ...] = ()
) -> None:
    """Add a gauge read from the database at scrape time (idempotent per name)."""
    _GAUGES[name] = (help_text, read, labels)


class MetricsMiddleware:
    """Time every request; the route is the URL pattern (never the path: no ids or codes in labels)."""

    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        route = (match.route or match.view_name) if match is not None else "unmatched"
        REQUEST_LATENCY.labels(request.method or "", route[:120], f"{response.status_code // 100}xx").observe(
            time.perf_counter() - started
        )
        return response


def _task_figures() -> dict[str, dict[tuple[str, ...], float]]:
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    ready: dict[tuple[str, ...], float] = {}
    oldest: dict[tuple[str, ...], float] = {}
    running: dict[tuple[str, ...], float] = {}
    rows = (
        DBTaskResult.objects.filter(status__in=["READY", "RUNNING"])
        .values("queue_name", "status")
        .annotate(n=Count("id"), first=Min("enqueued_at"))
    )
    for row in rows:
        queue = (row["queue_name"],)
        if row["status"] == "RUNNING":
            running[queue] = float(row["n"])
        else:
            ready[queue] = float(row["n"])
    due = (
        DBTaskResult.objects.filter(status="READY", run_after__lte=now)
        .values("queue_name")
        .annotate(first=Min("enqueued_at"))
    )
    for due_row in due:
        oldest[(due_row["queue_name"],)] = max(0.0, (now - due_row["first"]).total_seconds())
    return {"ready": ready, "oldest": oldest, "running": running}


class _DatabaseCollector(Collector):
    def collect(self) -> Iterable[GaugeMetricFamily]:
        tasks = _task_figures()
        for name, key, help_text in (
            ("netral_tasks_ready", "ready", "Background tasks waiting for a worker, per queue."),
            ("netral_task_oldest_ready_seconds", "oldest", "Age of the oldest task that is due and waiting."),
            ("netral_tasks_running", "running", "Background tasks a worker has claimed, per queue."),
        ):
            family = GaugeMetricFamily(name, help_text, labels=["queue"])
            for labels, value in tasks[key].items():
                family.add_metric(list(labels), value)
            yield family
        for name, (help_text, read, label_names) in sorted(_GAUGES.items()):
            family = GaugeMetricFamily(name, help_text, labels=list(label_names))
            for labels, value in read().items():
                family.add_metric(list(labels), value)
            yield family


def _allowed(request: HttpRequest) -> bool:
    token = getattr(settings, "METRICS_TOKEN", "")
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    local = request.META.get("REMOTE_ADDR") in ("127.0.0.1", "::1")
    return local and "HTTP_X_FORWARDED_FOR" not in request.META


def exposition() -> bytes:
    """The whole text exposition: latency (all processes when multiprocess) and database gauges."""
    latency = CollectorRegistry(auto_describe=True)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(latency)  # type: ignore[no-untyped-call]  # prometheus_client
        body = generate_latest(latency)
    else:
        body = generate_latest(_local)
    database = CollectorRegistry(auto_describe=False)
    database.register(_DatabaseCollector())
    return body + generate_latest(database)


def metrics_view(request: HttpRequest) -> HttpResponse:
    if not _allowed(request):
        raise Http404
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
