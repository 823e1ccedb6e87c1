"""Shared fixtures: reference data loaded once per test database, personas, real headless Chromium."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ARTIFACTS = Path(__file__).resolve().parent / "test-artifacts"


def pytest_addoption(parser: Any) -> None:
    parser.addoption(
        "--update-query-baselines",
        action="store_true",
        help="rewrite netral/tests/query_baselines.json with the query counts the permission kit measures",
    )


def pytest_configure(config: Any) -> None:
    if config.getoption("--update-query-baselines"):
        os.environ["NETRAL_UPDATE_QUERY_BASELINES"] = "1"


def pytest_sessionfinish(session: Any) -> None:
    if os.environ.get("NETRAL_UPDATE_QUERY_BASELINES"):
        from netral.testing import write_baselines

        write_baselines()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """After the test database is migrated, load the real reference data once (regions, calendars)."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        from netral.regions.services import load_reference

        load_reference()
        call_command("createcachetable", verbosity=0)


@pytest.fixture(autouse=True)
def _isolated_storage(settings: Any, tmp_path: Path) -> None:
    """Uploads go to a per-test folder, never into the developer's var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    queues = settings.TASKS["default"].get("QUEUES", ["default"])
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": queues}}
    # Events are handled right after the commit that wrote them (tests of the outbox turn this off).
    settings.NETRAL_OUTBOX_EAGER = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _staff_2fa_off(settings: Any) -> None:
    """Most tests sign in with ``force_login`` and test something else: two-factor sign-in is off
    for them, as in the demo. The tests of sign-in itself (accounts/tests) switch it on, as
    production has it (``settings.NETRAL_STAFF_2FA = True``)."""
    settings.NETRAL_STAFF_2FA = False


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in Bahasa Indonesia: LocaleMiddleware leaves the last request's language
    active on the thread, which would otherwise leak from one test into the next."""
    from django.utils import translation

    with translation.override("id"):
        yield


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    """Rate-limit counters live in the cache; each test starts from zero, and with no elections,
    stages or holidays a previous test left in the process cache (``regions.calendar``)."""
    from netral.regions import calendar

    calendar.forget_reference()
    yield
    from django.core.cache import cache

    from netral.core import counters

    # A test without database access has no cache table to clear.
    with contextlib.suppress(Exception):
        cache.clear()
    with contextlib.suppress(Exception):
        counters.clear()


def _ensure_reference_data() -> None:
    from netral.regions.models import Region
    from netral.regions.services import load_reference

    if not Region.objects.exists():
        load_reference()
    from netral.letters.defaults import ensure_default_bodies

    ensure_default_bodies()


@pytest.fixture
def reference_data(transactional_db: None) -> None:
    """Transactional (browser) tests flush tables; reload reference data when it is gone."""
    _ensure_reference_data()


@pytest.fixture
def cast(db: None) -> Any:
    """The personas; reference data is reloaded first when a transactional test flushed it
    (``cast`` may be set up before ``page`` brings ``reference_data``)."""
    from netral.testing import build_cast

    _ensure_reference_data()
    return build_cast()


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    path = chromium_path()
    if path is None:
        if os.environ.get("NETRAL_REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium is required (NETRAL_REQUIRE_BROWSER=1) but was not found")
        pytest.skip("Chromium not installed; the README's test command installs it")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=path,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, live_server: Any, reference_data: None) -> Iterator[Any]:
    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


@pytest.fixture
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def login(page: Any, live_server: Any, username: str, password: str | None = None) -> None:
    """Sign in through the real login form."""
    from netral.testing import PASSWORD

    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password or PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
