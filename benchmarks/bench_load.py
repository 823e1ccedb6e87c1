"""Election-day load: many clients at once against gunicorn + PostgreSQL, production settings.

What it does (everything on this machine, nothing mocked):
1. starts a throw-away PostgreSQL cluster (``scripts/pg-start.sh``, fsync on unless ``--fast-pg``) and,
   with ``--redis``, a Redis; migrates, loads the reference data and the demo world;
2. starts gunicorn with ``deploy/gunicorn.conf.py`` (``--workers``, default 4) and production settings
   (it behaves as behind nginx: ``NETRAL_TRUSTED_PROXIES=1``, each simulated citizen has its own address);
3. measures, each beside a **bare view** (``/healthz``: one ``SELECT 1``) measured in the same run:
   - ``submit``: ``--submissions`` public reports through ``POST /api/v1/public/reports/`` from
     ``--clients`` clients at once (closed loop): status counts, accepted/s, latency, server CPU per
     submission (gunicorn processes, and PostgreSQL's), then checks every accepted report is stored
     with its own case;
   - ``form``: the public form flow (GET the form, POST it) from ``--form-clients`` clients;
   - ``mixed``: an open-loop mix at ``--rate`` requests/s for ``--seconds`` (form views, receipt lookups,
     submissions, public statistics, a supervisor's dashboard): errors, achieved rate, p50/p95/p99 measured
     from the scheduled start (queueing included).

    .venv/bin/python benchmarks/bench_load.py                      # the issue's figures (takes ~4 minutes)
    .venv/bin/python benchmarks/bench_load.py --submissions 200 --seconds 20 --rate 50   # quicker
    .venv/bin/python benchmarks/bench_load.py --only submit --redis

Figures go to stdout; the server's log to ``var/bench-load/gunicorn.log``.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import hmac
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
CLK_TCK = os.sysconf("SC_CLK_TCK")
DEMO_PASSWORD = "netral-demo-2024"  # the README's demo password


# --- processes and CPU ------------------------------------------------------------------------------


def _stat(pid: int) -> tuple[int, float, float] | None:
    """(ppid, own CPU seconds, reaped children's CPU seconds) from /proc."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2 :].split()
    ppid = int(fields[1])
    utime, stime, cutime, cstime = (int(x) for x in fields[11:15])
    return ppid, (utime + stime) / CLK_TCK, (cutime + cstime) / CLK_TCK


def tree_cpu(root_pid: int) -> float:
    """CPU seconds of a process, its living children, and the children it already reaped."""
    stats = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            st = _stat(int(entry.name))
            if st is not None:
                stats[int(entry.name)] = st
    total = 0.0
    if root_pid in stats:
        total += stats[root_pid][1] + stats[root_pid][2]
    total += sum(own + reaped for pid, (ppid, own, reaped) in stats.items() if ppid == root_pid)
    return total


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(port: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"nothing listens on port {port}")


def shell_exports(output: str) -> dict[str, str]:
    return dict(re.findall(r"export (\w+)=(\S+)", output))


# --- HTTP client -------------------------------------------------------------------------------------


@dataclass
class Client:
    """One simulated user: a keep-alive connection, cookies, and the address nginx would report."""

    port: int
    address: str
    cookies: dict[str, str] = field(default_factory=dict)
    conn: http.client.HTTPConnection | None = None

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, bytes, float]:
        hdrs = {
            "Host": "127.0.0.1",
            "X-Forwarded-For": self.address,
            "X-Forwarded-Proto": "https",
            "Referer": f"https://127.0.0.1{path}",
            **(headers or {}),
        }
        if self.cookies:
            hdrs["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            started = time.perf_counter()
            try:
                self.conn.request(method, path, body=body, headers=hdrs)
                response = self.conn.getresponse()
                data = response.read()
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    return 599, b"", time.perf_counter() - started
                continue
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            if response.getheader("Connection", "").lower() == "close":
                self.conn.close()
                self.conn = None
            return response.status, data, time.perf_counter() - started
        raise AssertionError("unreachable")

    def form_post(self, path: str, fields: dict[str, str]) -> tuple[int, bytes, float]:
        body = urllib.parse.urlencode(fields).encode()
        return self.request(
            "POST",
            path,
            body,
            {"Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": self.cookies.get("csrftoken", "")},
        )


def hidden(html: bytes, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"'.encode(), html)
    return match.group(1).decode() if match else ""


# --- the stack ---------------------------------------------------------------------------------------


@dataclass
class Stack:
    port: int
    gunicorn_pid: int
    postmaster_pid: int
    env: dict[str, str]
    banjar: tuple[int, int]  # (province pk, regency pk) for the form


def report_json(i: int) -> bytes:
    today = datetime.date.today()
    return json.dumps(
        {
            "subject_kind": "asn",
            "subject_name": f"Pegawai Contoh {i}",
            "subject_position": "Camat",
            "subject_agency": "pemda-32.79",
            "description": "Camat mengunggah foto bersama pasangan calon dengan pose dua jari di akun media sosialnya.",
            "occurred_on": (today - datetime.timedelta(days=2)).isoformat(),
            "known_on": (today - datetime.timedelta(days=1)).isoformat(),
            "region": "32.79",
            "place": "Kecamatan Banjar",
            "identity": "anonymous",
            "links": ["https://contoh.example/unggahan/1"],
        }
    ).encode()


def form_fields(i: int, banjar: tuple[int, int], csrf: str, token: str) -> dict[str, str]:
    today = datetime.date.today()
    return {
        "csrfmiddlewaretoken": csrf,
        "client_token": token,
        "subject_kind": "asn",
        "subject_name": f"Pegawai Formulir {i}",
        "subject_position": "Lurah",
        "subject_agency_name": "Pemerintah Kota Banjar",
        "description": "Lurah membagikan kalender bergambar pasangan calon kepada ketua RT di kantor kelurahan.",
        "occurred_on": (today - datetime.timedelta(days=2)).isoformat(),
        "known_on": (today - datetime.timedelta(days=1)).isoformat(),
        "province": str(banjar[0]),
        "region": str(banjar[1]),
        "place": "Kantor kelurahan",
        "links_text": "https://contoh.example/unggahan/2",
        "identity": "anonymous",
    }


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


@contextmanager
def stack(args: argparse.Namespace, workdir: Path) -> Iterator[Stack]:
    from cryptography.fernet import Fernet

    pg_port = args.pg_port
    pg_env = {**os.environ}
    if not args.fast_pg:
        pg_env["NETRAL_PG_OPTS"] = "-c fsync=on -c synchronous_commit=on -c full_page_writes=on"
    out = subprocess.run(  # noqa: S603
        [str(ROOT / "scripts/pg-start.sh"), str(pg_port)], env=pg_env, check=True, capture_output=True, text=True
    ).stdout
    pg_dir = shell_exports(out)["NETRAL_PG_DIR"]
    redis_port = None
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://netral@127.0.0.1:{pg_port}/netral",
        "NETRAL_ENV": "production",
        "SECRET_KEY": "bench-load-" + "k" * 50,
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "BLIND_INDEX_KEY": "bench-load-blind",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": "https://127.0.0.1",
        "NETRAL_TRUSTED_PROXIES": "1",
        # Production requires two-factor sign-in; the supervisor of the mixed phase signs in with a
        # code from an authenticator enrolled for the run (``enrol``, ``totp``).
        "NETRAL_STAFF_2FA": "on",
        "API_PUBLIC_REPORT_RATE": f"{args.per_address_limit}/hour",
        "PUBLIC_REPORT_RATE": str(args.per_address_limit),
        "RECEIPT_LOOKUP_RATE": "100000",
        "API_ANON_RATE": "1000000/hour",
        "API_USER_RATE": "1000000/hour",
        "PRIVATE_STORAGE_ROOT": str(workdir / "private"),
        "STATIC_ROOT": str(workdir / "static"),
        "LOG_LEVEL": "WARNING",
        "GUNICORN_WORKERS": str(args.workers),
        "GUNICORN_ACCESS_LOG": "/dev/null",
        "PROMETHEUS_MULTIPROC_DIR": str(workdir / "metrics"),
    }
    gunicorn = None
    try:
        if args.redis:
            redis_port = free_port()
            out = subprocess.run(  # noqa: S603
                [str(ROOT / "scripts/redis-start.sh"), str(redis_port)], check=True, capture_output=True, text=True
            ).stdout
            env.update(shell_exports(out))
        print("preparing the database (migrate, reference data, demo world) ...", flush=True)
        manage(env, "migrate", "-v0")
        manage(env, "createcachetable")
        manage(env, "load_reference")
        manage(env, "load_demo")
        banjar = json.loads(
            subprocess.run(  # noqa: S603
                [
                    PY,
                    "-c",
                    (
                        "import django,json;django.setup();from netral.regions.models import Region;"
                        "r=Region.objects.get(code='32.79');print(json.dumps([r.parent_id,r.pk]))"
                    ),
                ],
                cwd=ROOT,
                env={**env, "DJANGO_SETTINGS_MODULE": "netral.settings"},
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        port = free_port()
        env["GUNICORN_BIND"] = f"127.0.0.1:{port}"
        log = (workdir / "gunicorn.log").open("w")
        gunicorn = subprocess.Popen(  # noqa: S603
            [str(Path(PY).parent / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "netral.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_for(port)
        postmaster = int(Path(pg_dir, "postmaster.pid").read_text().split()[0])
        yield Stack(port, gunicorn.pid, postmaster, env, (banjar[0], banjar[1]))
    finally:
        if gunicorn is not None:
            gunicorn.send_signal(signal.SIGTERM)
            gunicorn.wait(30)
        subprocess.run([str(ROOT / "scripts/pg-stop.sh"), str(pg_port)], check=False, capture_output=True)  # noqa: S603
        if redis_port:
            subprocess.run([str(ROOT / "scripts/redis-stop.sh"), str(redis_port)], check=False)  # noqa: S603


# --- measurements ------------------------------------------------------------------------------------


@dataclass
class Result:
    label: str
    statuses: Counter[int]
    latencies: list[float]
    seconds: float
    app_cpu: float
    db_cpu: float

    @property
    def count(self) -> int:
        return sum(self.statuses.values())

    def pct(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000

    def line(self, ok: Callable[[int], bool] = lambda s: s < 400) -> str:
        good = sum(n for s, n in self.statuses.items() if ok(s))
        codes = ", ".join(f"{s}: {n}" for s, n in sorted(self.statuses.items()))
        per = self.count or 1
        return (
            f"{self.label:<28} {good / self.seconds:8.1f} ok/s  p50 {self.pct(0.5):7.1f} ms"
            f"  p95 {self.pct(0.95):7.1f} ms"
            f"  p99 {self.pct(0.99):7.1f} ms  app CPU {1000 * self.app_cpu / per:6.1f} ms/req"
            f"  db CPU {1000 * self.db_cpu / per:6.1f} ms/req  [{codes}]"
        )


def closed_loop(
    st: Stack, label: str, clients: int, total: int, work: Callable[[Client, int], tuple[int, float]]
) -> Result:
    """``clients`` users each doing requests back to back until ``total`` are done."""
    counter = iter(range(total))
    lock = threading.Lock()
    statuses: Counter[int] = Counter()
    latencies: list[float] = []

    def user(n: int) -> None:
        client = Client(st.port, f"10.{n // 250}.{n % 250}.{random.randint(1, 250)}")
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            status, seconds = work(client, i)
            with lock:
                statuses[status] += 1
                latencies.append(seconds)

    app0, db0 = tree_cpu(st.gunicorn_pid), tree_cpu(st.postmaster_pid)
    started = time.perf_counter()
    threads = [threading.Thread(target=user, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - started
    return Result(
        label,
        statuses,
        latencies,
        seconds,
        tree_cpu(st.gunicorn_pid) - app0,
        tree_cpu(st.postmaster_pid) - db0,
    )


def bare(st: Stack, clients: int, total: int) -> Result:
    return closed_loop(st, "bare view (/healthz)", clients, total, lambda c, i: c.request("GET", "/healthz")[::2])


def submit_api(st: Stack, clients: int, total: int, codes: list[str]) -> Result:
    def work(client: Client, i: int) -> tuple[int, float]:
        status, body, seconds = client.request(
            "POST",
            "/api/v1/public/reports/",
            report_json(i),
            {"Content-Type": "application/json", "Idempotency-Key": f"bench-{os.getpid()}-{i:08d}"},
        )
        if status == 201:
            codes.append(json.loads(body)["receipt_code"])
        return status, seconds

    return closed_loop(st, "API submissions", clients, total, work)


def submit_form(st: Stack, clients: int, total: int) -> Result:
    def work(client: Client, i: int) -> tuple[int, float]:
        status, page, first = client.request("GET", "/laporan/baru/")
        if status != 200:
            return status, first
        fields = form_fields(i, st.banjar, hidden(page, "csrfmiddlewaretoken"), hidden(page, "client_token"))
        status, _, second = client.form_post("/laporan/baru/", fields)
        if status == 302:
            status, _, third = client.request("GET", "/laporan/terkirim/")
            return status, first + second + third
        return status, first + second

    return closed_loop(st, "form flow (GET+POST+receipt)", clients, total, work)


def django_json(st: Stack, script: str) -> Any:
    """Run `script` (which prints one JSON value) in a Django process against the stack's database."""
    out = subprocess.run(  # noqa: S603
        [PY, "-c", script],
        cwd=ROOT,
        env={**st.env, "DJANGO_SETTINGS_MODULE": "netral.settings"},
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out)


def verify_stored(st: Stack, accepted: int) -> str:
    script = (
        "import django,json;django.setup();"
        "from netral.reports.models import Report;from netral.cases.models import Case;"
        "r=Report.objects.filter(kind='laporan',subject_name__startswith='Pegawai Contoh');"
        "n=r.count();cases=list(r.values_list('case__number',flat=True));"
        "print(json.dumps([n,sum(1 for c in cases if c),len(set(cases))]))"
    )
    stored, with_case, distinct = django_json(st, script)
    ok = stored == accepted == with_case == distinct
    return f"stored {stored} of {accepted} accepted, {with_case} with a case, {distinct} distinct case numbers: " + (
        "OK" if ok else "MISMATCH"
    )


def totp(key_hex: str, at: float | None = None) -> str:
    """The 6-digit RFC 6238 code an authenticator app would show (SHA-1, 30 s steps)."""
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def enrol(st: Stack, username: str) -> str:
    """Give `username` a confirmed authenticator (production requires two factors): its key, in hex."""
    script = (
        "import django,json,secrets;django.setup();"
        "from django_otp.plugins.otp_totp.models import TOTPDevice;from netral.accounts.models import User;"
        f"u=User.objects.get(username={username!r});TOTPDevice.objects.filter(user=u).delete();"
        "k=secrets.token_hex(20);TOTPDevice.objects.create(user=u,name='bench',key=k,confirmed=True);"
        "print(json.dumps(k))"
    )
    key: str = django_json(st, script)
    return key


def login(st: Stack, username: str) -> Client:
    """Sign in as a staff user would: password, then the authenticator's code."""
    key = enrol(st, username)
    client = Client(st.port, "10.99.0.1")
    status, page, _ = client.request("GET", "/akun/masuk/")
    client.form_post(
        "/akun/masuk/",
        {"csrfmiddlewaretoken": hidden(page, "csrfmiddlewaretoken"), "username": username, "password": DEMO_PASSWORD},
    )
    status, page, _ = client.request("GET", "/akun/masuk/kode/")
    if status == 200:
        client.form_post(
            "/akun/masuk/kode/", {"csrfmiddlewaretoken": hidden(page, "csrfmiddlewaretoken"), "code": totp(key)}
        )
    if client.request("GET", "/statistik/")[0] != 200:
        raise RuntimeError(f"could not sign in as {username}")
    return client


def mixed(st: Stack, rate: float, seconds: float, codes: list[str]) -> Result:
    """Open loop: requests start on schedule whether or not earlier ones finished (as real users do)."""
    supervisor = login(st, "bawaslu_ri")
    session = supervisor.cookies.copy()
    kinds = [
        ("form", 0.30),
        ("lookup", 0.15),
        ("submit", 0.10),
        ("stats", 0.25),
        ("dashboard", 0.20),
    ]
    rng = random.Random(7)
    plan = [rng.choices([k for k, _ in kinds], [w for _, w in kinds])[0] for _ in range(int(rate * seconds))]
    statuses: Counter[int] = Counter()
    latencies: list[float] = []
    per_kind: dict[str, list[float]] = {k: [] for k, _ in kinds}
    lock = threading.Lock()
    local = threading.local()

    def client() -> Client:
        if not hasattr(local, "client"):
            local.client = Client(st.port, f"10.50.{threading.get_ident() % 250}.{rng.randint(1, 250)}")
        return local.client

    def one(i: int, kind: str, due: float) -> None:
        delay = due - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        c = client()
        if kind == "form":
            status = c.request("GET", "/laporan/baru/")[0]
        elif kind == "lookup":
            c.request("GET", "/laporan/lacak/")
            code = rng.choice(codes) if codes else "NTR-TIDAK-ADA"
            status = c.form_post(
                "/laporan/lacak/", {"csrfmiddlewaretoken": c.cookies.get("csrftoken", ""), "code": code}
            )[0]
        elif kind == "submit":
            status = c.request(
                "POST",
                "/api/v1/public/reports/",
                report_json(100_000 + i),
                {"Content-Type": "application/json", "Idempotency-Key": f"mix-{os.getpid()}-{i:08d}"},
            )[0]
        elif kind == "stats":
            status = c.request("GET", "/statistik/publik/")[0]
        else:
            staff = Client(st.port, "10.99.0.2", cookies=dict(session), conn=getattr(local, "staff", None))
            status = staff.request("GET", "/statistik/")[0]
            local.staff = staff.conn
        elapsed = time.perf_counter() - due
        with lock:
            statuses[status] += 1
            latencies.append(elapsed)
            per_kind[kind].append(elapsed)

    app0, db0 = tree_cpu(st.gunicorn_pid), tree_cpu(st.postmaster_pid)
    start = time.perf_counter() + 0.5
    with ThreadPoolExecutor(max_workers=256) as pool:
        for i, kind in enumerate(plan):
            pool.submit(one, i, kind, start + i / rate)
    total = time.perf_counter() - start
    result = Result(
        f"mixed @ {rate:.0f}/s for {seconds:.0f}s",
        statuses,
        latencies,
        total,
        tree_cpu(st.gunicorn_pid) - app0,
        tree_cpu(st.postmaster_pid) - db0,
    )
    for kind, values in per_kind.items():
        if values:
            ordered = sorted(values)
            print(
                f"    {kind:<10} n={len(values):5d}  p50 {statistics.median(values) * 1000:7.1f} ms"
                f"  p95 {ordered[int(0.95 * (len(ordered) - 1))] * 1000:7.1f} ms"
            )
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=["submit", "form", "mixed"], action="append")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--submissions", type=int, default=600)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--form-submissions", type=int, default=200)
    parser.add_argument("--form-clients", type=int, default=10)
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--per-address-limit", type=int, default=20, help="public report limit per address per hour")
    parser.add_argument("--pg-port", type=int, default=54398)
    parser.add_argument("--fast-pg", action="store_true", help="fsync off (as the test suite runs it)")
    parser.add_argument("--redis", action="store_true", help="REDIS_URL: cache and counters in Redis")
    args = parser.parse_args()
    phases = set(args.only or ["submit", "form", "mixed"])
    workdir = ROOT / "var" / "bench-load"
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    with stack(args, workdir) as st:
        print(
            f"gunicorn {args.workers} workers, PostgreSQL fsync {'off' if args.fast_pg else 'on'}, "
            f"{'Redis' if args.redis else 'database cache'}, {os.cpu_count()} cores; client and server share them"
        )
        bare(st, args.clients, 300)  # warm every worker
        codes: list[str] = []
        if "submit" in phases:
            print(bare(st, args.clients, 2000).line())
            result = submit_api(st, args.clients, args.submissions, codes)
            print(result.line(lambda s: s == 201))
            errors = sum(n for s, n in result.statuses.items() if s >= 500)
            print(f"    5xx: {errors}; {verify_stored(st, result.statuses[201])}")
        if "form" in phases:
            print(bare(st, args.form_clients, 1000).line())
            print(submit_form(st, args.form_clients, args.form_submissions).line(lambda s: s == 200))
        if "mixed" in phases:
            print(bare(st, args.clients, 2000).line())
            result = mixed(st, args.rate, args.seconds, codes)
            print(result.line())
            errors = sum(n for s, n in result.statuses.items() if s >= 500 or s == 599)
            print(f"    errors (5xx or no answer): {errors}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
