"""The production deployment in deploy/, booted on loopback: gunicorn with its config behind nginx with its
site file (TLS with a throw-away certificate), then probed as a client on the Internet would.

Needs PostgreSQL (gunicorn's processes share the test database) and Debian's nginx; the test command
installs and starts both. The systemd units are checked for what systemd itself would refuse.
"""

from __future__ import annotations

import configparser
import datetime
import http.client
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

# The stack's gunicorn reads the test database, so it must exist: pytest-django creates it only for a
# session that has tests marked as using the database.
pytestmark = pytest.mark.django_db
ROOT = Path(settings.BASE_DIR)
DEPLOY = ROOT / "deploy"
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on {port}")


def self_signed(directory: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "netral.test")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .sign(key, hashes.SHA256())
    )
    crt, pem = directory / "fullchain.pem", directory / "privkey.pem"
    crt.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    pem.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return crt, pem


def site_config(tmp: Path, app_port: int, http_port: int, https_port: int, static_root: Path) -> Path:
    """deploy/nginx/netral.conf with only the machine-specific parts replaced (ports, paths)."""
    crt, pem = self_signed(tmp)
    proxy = tmp / "nginx-proxy.conf"
    shutil.copy(DEPLOY / "nginx" / "proxy.conf", proxy)
    site = (DEPLOY / "nginx" / "netral.conf").read_text()
    replacements = {
        "server 127.0.0.1:8000": f"server 127.0.0.1:{app_port}",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "/etc/netral/tls/fullchain.pem": str(crt),
        "/etc/netral/tls/privkey.pem": str(pem),
        "/etc/netral/nginx-proxy.conf": str(proxy),
        "/srv/netral/staticfiles/": f"{static_root}/",
    }
    for old, new in replacements.items():
        assert old in site, f"deploy/nginx/netral.conf no longer contains {old!r}"
        site = site.replace(old, new)
    site = "\n".join(line for line in site.splitlines() if "listen [::]" not in line)  # no IPv6 in the sandbox
    (tmp / "site.conf").write_text(site)
    main = tmp / "nginx.conf"
    user = "user root;\n" if os.geteuid() == 0 else ""
    main.write_text(
        f"""{user}worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/site.conf;
}}
"""
    )
    return main


class Stack:
    def __init__(self, https_port: int, http_port: int) -> None:
        self.https_port, self.http_port = https_port, http_port

    def request(
        self, method: str, path: str, *, headers: dict[str, str] | None = None, body: bytes | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        conn = http.client.HTTPSConnection("127.0.0.1", self.https_port, context=context, timeout=30)
        try:
            conn.request(method, path, body=body, headers={"Host": "netral.example", **(headers or {})})
            response = conn.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            conn.close()


@pytest.fixture(scope="module")
def stack(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """One boot for the module: gunicorn's processes read the migrated test database (nothing here writes)."""
    from cryptography.fernet import Fernet
    from django.db import connection

    if not (ON_POSTGRES and NGINX):
        pytest.skip("needs PostgreSQL and nginx (installed by the test command)")
    tmp_path = tmp_path_factory.mktemp("deploy")
    with django_db_blocker.unblock():
        db = dict(connection.settings_dict)
    app_port, http_port, https_port = free_port(), free_port(), free_port()
    static_root = tmp_path / "static"
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "NETRAL_ENV": "production",
        "SECRET_KEY": "deploy-test-" + "x" * 50,
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "BLIND_INDEX_KEY": "deploy-test-blind",
        "ALLOWED_HOSTS": "netral.example",
        "CSRF_TRUSTED_ORIGINS": "https://netral.example",
        "NETRAL_TRUSTED_PROXIES": "1",
        "API_PUBLIC_REPORT_RATE": "2/hour",
        "STATIC_ROOT": str(static_root),
        "PRIVATE_STORAGE_ROOT": str(tmp_path / "private"),
        "GUNICORN_BIND": f"127.0.0.1:{app_port}",
        "GUNICORN_WORKERS": "2",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
        "DB_CONN_MAX_AGE": "0",
    }
    subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    check = subprocess.run(  # noqa: S603
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--check-config",
            "-c",
            "deploy/gunicorn.conf.py",
            "netral.wsgi",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr[-2000:]
    log = (tmp_path / "gunicorn.log").open("w")
    gunicorn = subprocess.Popen(  # noqa: S603
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "netral.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    conf = site_config(tmp_path, app_port, http_port, https_port, static_root)
    test = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(conf)], capture_output=True, text=True)  # noqa: S603
    assert test.returncode == 0, test.stderr
    nginx = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(conf), "-g", "daemon off;"])  # noqa: S603
    try:
        wait_for(app_port)
        wait_for(https_port)
        yield Stack(https_port, http_port)
    finally:
        nginx.send_signal(signal.SIGQUIT)
        gunicorn.send_signal(signal.SIGTERM)
        for proc in (nginx, gunicorn):
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        log.close()


@pytest.mark.skipif(not (ON_POSTGRES and NGINX), reason="needs PostgreSQL and nginx (installed by the test command)")
def test_the_deployment_serves_tls_static_files_limits_and_health(stack: Stack) -> None:
    status, headers, body = stack.request("GET", "/healthz")
    assert status == 200 and json.loads(body) == {"ok": True}
    assert len(headers["x-request-id"]) == 32  # nginx's $request_id, carried through the app

    status, _, body = stack.request("GET", "/readyz")
    assert status == 200 and json.loads(body)["ok"] is True, body

    # Django's production settings: HSTS and the other security headers arrive through the proxy.
    _, headers, _ = stack.request("GET", "/laporan/baru/")
    assert "max-age" in headers.get("strict-transport-security", "")

    status, headers, body = stack.request("GET", "/static/netral/netral.css")
    assert status == 200 and b"{" in body and "immutable" in headers["cache-control"]

    status, _, _ = stack.request("GET", "/metrics")
    assert status == 404  # never through the public site

    # An upload over the cap is refused by nginx before the app reads a byte of it.
    status, _, _ = stack.request(
        "POST", "/api/v1/public/reports/", headers={"Content-Length": str(300 * 1024 * 1024)}, body=b""
    )
    assert status == 413


@pytest.mark.skipif(not (ON_POSTGRES and NGINX), reason="needs PostgreSQL and nginx (installed by the test command)")
def test_plain_http_is_sent_to_https(stack: Stack) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", stack.http_port, timeout=10)
    conn.request("GET", "/laporan/baru/", headers={"Host": "netral.example"})
    response = conn.getresponse()
    assert response.status == 301 and response.getheader("Location") == "https://netral.example/laporan/baru/"


@pytest.mark.skipif(not (ON_POSTGRES and NGINX), reason="needs PostgreSQL and nginx (installed by the test command)")
def test_a_forged_forwarded_for_does_not_escape_the_limit_behind_nginx(stack: Stack) -> None:
    statuses = [
        stack.request(
            "POST",
            "/api/v1/public/reports/",
            headers={"Content-Type": "application/json", "X-Forwarded-For": f"198.51.100.{i}"},
            body=b"{}",
        )[0]
        for i in range(4)
    ]
    assert statuses[:2] == [400, 400] and statuses[2:] == [429, 429]


def _units() -> dict[str, configparser.ConfigParser]:
    units = {}
    for path in sorted((DEPLOY / "systemd").iterdir()):
        parser = configparser.ConfigParser(strict=False, interpolation=None)
        parser.optionxform = str  # type: ignore[assignment, method-assign]
        parser.read_string(path.read_text())
        units[path.name] = parser
    return units


def test_every_systemd_unit_is_complete() -> None:
    units = _units()
    assert {"netral-web.service", "netral-worker@.service", "netral-job@.service", "netral-job@.timer"} <= set(units)
    for name, unit in units.items():
        assert unit.has_section("Unit") and unit["Unit"].get("Description"), name
        if name.endswith(".service"):
            service = unit["Service"]
            assert service.get("ExecStart"), name
            assert service.get("User") == "netral", f"{name} must not run as root"
            assert service.get("EnvironmentFile") == "/etc/netral/netral.env", name
        if name.endswith(".timer"):
            assert unit["Timer"].get("OnCalendar"), name
            assert unit.has_section("Install"), name


def test_the_units_start_what_exists() -> None:
    units = _units()
    for name, unit in units.items():
        if not name.endswith(".service"):
            continue
        exec_start = unit["Service"]["ExecStart"].split()
        program = exec_start[0].replace("/srv/netral/", "")
        assert (ROOT / program).exists() or program.startswith(".venv/"), f"{name}: {program} is not in the repository"
        if "-c" in exec_start:
            assert (ROOT / exec_start[exec_start.index("-c") + 1]).exists(), name


@pytest.mark.parametrize(
    "command",
    [
        "send_deadline_reminders",
        "send_prevention_reminders",
        "deliver_webhooks",
        "prune_orphan_evidence",
        "prune_submission_tokens",
        "prune_db_task_results",
        "resume_registry_imports",
        "deliver_reporter_notices",
        "deliver_chat_outbox",
        "expire_chat_sessions",
    ],
)
def test_every_job_the_operations_guide_schedules_is_a_command(command: str) -> None:
    from django.core.management import get_commands

    assert command in get_commands()
    assert f"netral-job@{command}.timer" in (ROOT / "docs" / "operations.md").read_text()


def test_backup_and_restore_scripts_are_valid_shell() -> None:
    for script in ("backup.sh", "restore.sh", "run-worker.sh"):
        path = DEPLOY / script
        assert os.access(path, os.X_OK), script
        assert subprocess.run(["bash", "-n", str(path)]).returncode == 0, script  # noqa: S603, S607
