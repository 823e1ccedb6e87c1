"""Liveness (``/healthz``) and readiness (``/readyz``) for load balancers and systemd.

Liveness answers whether the process can reach its database at all. Readiness answers whether
this process should receive traffic: the database answers, every migration is applied (a new
release whose schema is not migrated yet must not serve), the cache answers, and private storage
is writable (evidence uploads would fail otherwise). Each check says what it found, never a secret.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse

_migrated = False  # once every migration was seen applied, this process need not look again


def check_database() -> str:
    with connection.cursor() as cur:
        cur.execute("SELECT 1")
    return "ok"


def check_migrations() -> str:
    global _migrated
    if not _migrated:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            raise RuntimeError(f"{len(plan)} migration(s) not applied")
        _migrated = True
    return "ok"


def check_cache() -> str:
    cache.set("netral:readyz", "1", 30)
    if cache.get("netral:readyz") != "1":
        raise RuntimeError("cache did not return what was stored")
    return "ok"


def check_storage() -> str:
    root = Path(settings.PRIVATE_STORAGE_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=root, prefix=".readyz-"):
        pass
    return "ok"


CHECKS: dict[str, Callable[[], str]] = {
    "database": check_database,
    "migrations": check_migrations,
    "cache": check_cache,
    "storage": check_storage,
}


def healthz(request: HttpRequest) -> JsonResponse:
    try:
        check_database()
    except Exception as exc:  # the process is up but cannot reach its database
        return JsonResponse({"ok": False, "database": type(exc).__name__}, status=503)
    return JsonResponse({"ok": True})


def readyz(request: HttpRequest) -> JsonResponse:
    results: dict[str, str] = {}
    ok = True
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as exc:  # a failed check is the answer, not an error page
            ok = False
            results[name] = f"failed: {type(exc).__name__}: {str(exc)[:200]}"
    response = JsonResponse({"ok": ok, "checks": results}, status=200 if ok else 503)
    response["Cache-Control"] = "no-store"
    return response
