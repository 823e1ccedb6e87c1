"""What one public submission costs: server CPU and SQL statements, beside a bare view.

In-process through Django's test ``Client`` (the whole middleware stack, CSRF checks on), so the
CPU time is this process's (``time.process_time``; with SQLite that includes the database's work,
with PostgreSQL it does not) and the SQL count is exact (``CaptureQueriesContext``). Measured in
one run, each beside a bare view (``HttpResponse("ok")`` behind the same middleware):

- ``api``: ``POST /api/v1/public/reports/`` (JSON, no evidence);
- ``form POST``: the public form posted with its CSRF token (no evidence), redirect not followed;
- ``form GET``: the public form, blank;
- ``bare``: the bare view.

Targets (issue 10 part 2): api ≤ 10 ms, form POST ≤ 20 ms, ≤ 15 SQL per submission, form GET < 10 ms.
One client plays the reporter: it holds no session (a submission writes none), so the bare view
costs no SQL. The reference data is cached in the process for 60 s (``regions.calendar``): a
request that finds it expired costs a few statements more (hence ``SQL max`` above the mean).
Form tokens are unique per run, so a reused PostgreSQL database files rather than replays.

    .venv/bin/python benchmarks/bench_submit.py [--n 200] [--demo]
    DATABASE_URL=postgres://netral@127.0.0.1:PORT/netral .venv/bin/python benchmarks/bench_submit.py

``--demo`` loads the demo world first (514 agencies, candidate pairs: the form's real choices).
Rate limits are lifted for the run (the benchmark is one client).
"""

from __future__ import annotations

import argparse
import datetime
import re
import secrets
import statistics
import sys
import tempfile
import time
import types
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from django_setup import setup_django  # noqa: E402

URLCONF = "bench_submit_urls"


def _install_urls() -> None:
    """The project's URLs plus ``/bench-bare/``, a view that does nothing."""
    from django.http import HttpRequest, HttpResponse
    from django.urls import include, path

    def bare(request: HttpRequest) -> HttpResponse:
        return HttpResponse("ok")

    module = types.ModuleType(URLCONF)
    module.urlpatterns = [path("bench-bare/", bare), path("", include("netral.urls"))]  # type: ignore[attr-defined]
    sys.modules[URLCONF] = module


def measure(n: int, one: Callable[[int], object]) -> tuple[float, float, int]:
    """(mean ms of CPU, mean SQL statements, max SQL statements) over `n` calls of `one(i)`."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts: list[int] = []
    cpu = 0.0
    for i in range(n):
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            start = time.process_time()
            one(i)
            cpu += time.process_time() - start
        counts.append(len(queries))
    return cpu * 1000 / n, statistics.mean(counts), max(counts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--demo", action="store_true", help="load the demo world (agencies, pairs) first")
    parser.add_argument("--show-sql", action="store_true", help="print the statements of one API and form POST")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            "PRIVATE_STORAGE_ROOT": str(Path(tmp) / "private"),
            "MEDIA_ROOT": str(Path(tmp) / "media"),
            "PUBLIC_REPORT_RATE": "100000000",
            "API_PUBLIC_REPORT_RATE": "100000000/hour",
            "API_ANON_RATE": "100000000/hour",
        }
        vendor = setup_django(Path(tmp), env=env, test_environment=True)
        from django.core.management import call_command
        from django.test import Client, override_settings

        from netral.agencies.models import Agency
        from netral.regions.models import Region

        if args.demo and not Agency.objects.exists():
            call_command("load_demo", verbosity=0)
        _install_urls()
        region = Region.objects.select_related("parent").get(code="32.79")
        today = datetime.date.today().isoformat()
        base = {
            "subject_kind": "asn",
            "subject_name": "Pegawai Uji",
            "subject_position": "Camat",
            "subject_agency_name": "Pemerintah Kota Banjar",
            "description": "Camat mengunggah ajakan memilih salah satu pasangan calon di akun media sosialnya.",
            "occurred_on": today,
            "known_on": today,
            "place": "Akun Facebook",
            "identity": "named",
            "reporter_name": "Pelapor Uji",
            "reporter_address": "Jl. Uji 1",
            "reporter_nik": "3279014107900001",
            "reporter_phone": "081234567890",
            "reporter_email": "uji@example.test",
            "reporter_category": "pemilih",
        }
        api_body = {**base, "region": region.code, "links": ["https://facebook.example/posts/1"]}
        form_body = {
            **base,
            "province": str(region.parent_id),
            "region": str(region.pk),
            "links_text": "https://facebook.example/posts/1",
        }

        run = secrets.token_hex(4)
        with override_settings(ROOT_URLCONF=URLCONF):
            client = Client(enforce_csrf_checks=True)
            page = client.get("/laporan/baru/")
            assert page.status_code == 200, page.status_code
            token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content)
            assert token is not None
            csrf = token.group(1).decode()

            def bare(i: int) -> None:
                assert client.get("/bench-bare/").status_code == 200

            def form_get(i: int) -> None:
                assert client.get("/laporan/baru/").status_code == 200

            def form_post(i: int) -> None:
                token = f"bench-{run}-{i:08d}"  # unique per run: a reused database would replay, not file
                body = {**form_body, "csrfmiddlewaretoken": csrf, "client_token": token}
                response = client.post("/laporan/baru/", body)
                assert response.status_code == 302, (response.status_code, response.content[:2000])

            def api(i: int) -> None:
                address = f"10.9.{i % 250}.1"
                response = client.post(
                    "/api/v1/public/reports/", api_body, content_type="application/json", REMOTE_ADDR=address
                )
                assert response.status_code == 201, (response.status_code, response.content[:500])

            for fn in (bare, form_get, form_post, api):  # warm-up: imports, caches, first queries
                for i in range(3):
                    fn(10_000_000 + i)
            if args.show_sql:
                from django.db import connection
                from django.test.utils import CaptureQueriesContext

                for name, fn in (("api POST", api), ("form POST", form_post)):
                    with CaptureQueriesContext(connection) as queries:
                        fn(20_000_000)
                    print(f"--- {name}: {len(queries)} statements")
                    for q in queries:
                        print("   ", q["sql"][:160])
            rows = [
                ("bare view", measure(args.n, bare)),
                ("form GET", measure(args.n, form_get)),
                ("form POST", measure(args.n, form_post)),
                ("api POST", measure(args.n, api)),
            ]
        print(f"database: {vendor}; n = {args.n} each; CPU = this process (time.process_time)")
        print(f"{'':12} {'CPU ms':>8} {'SQL mean':>9} {'SQL max':>8}")
        for name, (ms, mean_q, max_q) in rows:
            print(f"{name:12} {ms:8.2f} {mean_q:9.1f} {max_q:8d}")


if __name__ == "__main__":
    main()
