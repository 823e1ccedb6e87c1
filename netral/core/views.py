"""Landing page and language switch (health checks: ``health.py``)."""

import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Min
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from netral.core import pagecache, periodic, worker
from netral.core.models import TaskRecovery, WorkerHeartbeat


@pagecache.public_page(ttl=600)
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"public_cacheable": True})


def switch_language(request: HttpRequest, code: str) -> HttpResponse:
    """Choose the interface language with a plain link (``/bahasa/en/?next=…``), remembered in a cookie.

    A link rather than Django's POST form: public pages then carry no CSRF token and can be cached
    whole; choosing a language changes nothing but the language.
    """
    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = "/"
    response = redirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


@login_required
def system_jobs(request: HttpRequest) -> HttpResponse:
    """For administrators: each periodic job's last run and what it did, the workers, the queues."""
    from django_tasks_db.models import DBTaskResult

    if getattr(request.user, "role", None) != "admin":
        raise Http404
    now = timezone.now()
    alive_after = now - datetime.timedelta(seconds=worker.lease_seconds())
    queues = (
        DBTaskResult.objects.filter(status__in=["READY", "RUNNING"])
        .values("queue_name", "status")
        .annotate(n=Count("id"), oldest=Min("enqueued_at"))
        .order_by("queue_name", "status")
    )
    context = {
        "jobs": periodic.overview(now),
        "scheduler": periodic.enabled(),
        "workers": [
            {"row": w, "alive": w.seen_at > alive_after} for w in WorkerHeartbeat.objects.order_by("-seen_at")[:50]
        ],
        "queues": list(queues),
        "recoveries": TaskRecovery.objects.order_by("-recovered_at")[:20],
        "now": now,
    }
    return render(request, "core/jobs.html", context)
