"""Finding 9 of the security probe: HTML pages had no Content-Security-Policy, and no Permissions-Policy.

Every page now carries a strict policy (scripts, styles, images and requests from this site only;
no inline code: see ``CONTENT_SECURITY_POLICY`` in settings). This test builds the demo world,
loads every page template in real headless Chromium with the policy on (crawling the links each
persona sees, then the pages only a flow reaches: a submitted report, a signed pledge, the 400 and
429 pages, invitation and password-reset links, two-factor enrolment and sign-in, the lockout, a
notice's opt-out link, a letter's verification page and issue page, a supervisor's message sent
empty, the calendar editor), and fails on any violation the browser reports (the ``securitypolicyviolation`` event
and the console), naming the page; and on any page template that no visit rendered.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test.signals import template_rendered

from conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]
PERSONAS = ["bawaslu_banjar", "ppk_banjar", "bkn", "analis_jabar", "panwascam_banjar", "admin"]
PAGES_PER_PERSONA = 70
NEW_PASSWORD = "Nasi-uduk-betawi-31"
SKIP = re.compile(
    r"(\.[a-z0-9]{2,5}$|/ekspor|/keluar/|/bahasa/|/bukti/|/berkas/|/sertifikat/|/admin/|/api/v1/|"
    r"/api/schema|/media/|/static/|/metrics|/healthz|/readyz|/galat\.csv)"
)
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  var where = (e.sourceFile || "") + ":" + e.lineNumber;
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + where);
});
"""


def page_templates() -> set[str]:
    """Every template that is a whole page (extends base.html), by its loader name."""
    names = set()
    for folder in [ROOT / "templates", *(ROOT / "netral").glob("*/templates")]:
        for path in folder.rglob("*.html"):
            if '{% extends "base.html" %}' in path.read_text(encoding="utf-8"):
                names.add(str(path.relative_to(folder)))
    return names


class Visits:
    """What the browser saw: templates rendered by the live server, violations per page."""

    def __init__(self, page: Any, base: str) -> None:
        self.page, self.base = page, base
        self.rendered: set[str] = set()
        self.violations: list[str] = []
        self.seen: set[str] = set()
        self.count = 0
        self.timings: list[tuple[float, str]] = []
        page.add_init_script(WATCH)
        page.on("console", self._console)
        template_rendered.connect(self._rendered, dispatch_uid="csp-test")

    def close(self) -> None:
        template_rendered.disconnect(dispatch_uid="csp-test")

    def _rendered(self, sender: Any, template: Any, **kwargs: Any) -> None:
        if template.name:
            self.rendered.add(template.name)

    def _console(self, message: Any) -> None:
        text = message.text
        if "Content Security Policy" in text or "Permissions policy" in text or "Permissions-Policy" in text:
            self.violations.append(f"{self.page.url}: console: {text[:300]}")

    def collect(self) -> None:
        found = self.page.evaluate("window.__csp || []")
        self.violations.extend(f"{self.page.url}: {v}" for v in found)

    def visit(self, url: str) -> list[str]:
        """Open `url`, record violations; return the same-site links of the page."""
        started = time.monotonic()
        response = self.page.goto(url if url.startswith("http") else self.base + url, wait_until="load")
        if response is not None and "text/html" in response.headers.get("content-type", ""):
            if "script-src 'self'" not in response.headers.get("content-security-policy", ""):
                self.violations.append(f"{url}: no Content-Security-Policy header")
            if "camera=()" not in response.headers.get("permissions-policy", ""):
                self.violations.append(f"{url}: no Permissions-Policy header")
        self.page.wait_for_timeout(150)  # htmx's requests on load, and their swaps
        self.count += 1
        self.collect()
        self.timings.append((time.monotonic() - started, url))
        hrefs = self.page.eval_on_selector_all(
            "a[href]", "els => els.map(e => new URL(e.getAttribute('href'), document.baseURI).href)"
        )
        return [h for h in hrefs if h.startswith(self.base)]

    def crawl(self, starts: list[str], limit: int) -> None:
        """Breadth first over links; one URL per route shape (digits and codes folded) to stay bounded."""
        queue = list(starts)
        shapes: set[str] = set()
        visited = 0
        while queue and visited < limit:
            url = queue.pop(0).split("#")[0]
            path = urlsplit(url).path
            if SKIP.search(path):
                continue
            shape = re.sub(r"[0-9][0-9.\-]*|NTR-[^/]+|[A-Za-z0-9_-]{20,}", "N", path) + (
                "?" if urlsplit(url).query else ""
            )
            if shape in shapes:
                continue
            shapes.add(shape)
            visited += 1
            queue.extend(self.visit(url))


@pytest.fixture
def demo(reference_data: None) -> Any:
    from netral.demo.world import build_world

    return build_world(seed=7)


def _submit_public_report(visits: Visits) -> None:
    """Fill the public form in the browser (its script and htmx selects run under the policy)."""
    from netral.regions.models import Region

    page = visits.page
    visits.visit("/laporan/baru/")
    jabar = Region.objects.get(code="32")
    banjar = Region.objects.get(code="32.79")
    page.fill("#id_subject_name", "Contoh Terlapor")
    page.fill("#id_description", "Seorang camat mengajak warga memilih pasangan calon tertentu di balai desa.")
    page.select_option("#id_province", str(jabar.pk))
    page.wait_for_selector(f"#id_region option[value='{banjar.pk}']", state="attached")
    page.select_option("#id_region", str(banjar.pk))
    page.check("input[name=identity][value=anonymous]")
    assert page.is_hidden("#reporter-fields")  # the static script hid the reporter's fields
    page.click("button[type=submit].primary")
    page.wait_for_url("**/laporan/terkirim/")
    visits.collect()
    # The receipt e-mailed to a typed address: its result page runs under the policy too.
    page.fill("#id_receipt_email", "csp@example.test")
    page.click("[data-receipt-email] button[type=submit]")
    page.wait_for_selector("[data-receipt-sent]")
    visits.collect()


def _sign_pledge(visits: Visits) -> None:
    """Sign the demo pledge of Kota Banjar with its published code (docs/prevention.md)."""
    from netral.personnel.models import ASN
    from netral.prevention.models import PledgeSignature

    signed = PledgeSignature.objects.values_list("asn_id", flat=True)
    asn = ASN.objects.filter(agency__code="pemda-32.79", active=True).exclude(pk__in=signed).first()
    assert asn is not None and asn.birth_date is not None
    page = visits.page
    visits.visit("/pencegahan/ikrar/")
    page.fill("input[name=identifier]", asn.identifier)
    page.fill("input[name=birth_date]", asn.birth_date.isoformat())
    page.fill("input[name=signing_code]", "BNJR-DEMX")
    page.click("button[type=submit]")
    page.wait_for_selector("input[name=agree]")
    visits.collect()
    page.check("input[name=agree]")
    page.click("button[type=submit].primary")
    page.wait_for_url("**/ikrar/tertanda/**")
    visits.collect()


def _submit(visits: Visits, selector: str = "main form.narrow button[type=submit]") -> None:
    """Submit the page's form in the browser and record what the next page reports."""
    with visits.page.expect_navigation(wait_until="load"):
        visits.page.click(selector)
    visits.count += 1
    visits.collect()


def _throwaway_user() -> Any:
    """An analyst nobody else signs in as: links, resets, 2FA and the lockout act on this account only."""
    from netral.accounts.choices import SupervisorLevel
    from netral.core.roles import Role
    from netral.testing import make_user

    return make_user("csp_sementara", Role.ANALYST, region_code="32.79", level=SupervisorLevel.REGENCY)


def _sign_in(visits: Visits, username: str, password: str) -> None:
    visits.visit("/akun/masuk/")
    visits.page.fill("input[name=username]", username)
    visits.page.fill("input[name=password]", password)
    _submit(visits)


def _account_links(visits: Visits, user: Any) -> None:
    """An invitation link (open, then an unknown one) and the e-mailed password reset, end to end."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from netral.accounts import services
    from netral.accounts.models import Invitation

    token = services.issue_link(user, Invitation.Purpose.INVITE, by=None)
    visits.visit(f"/akun/undangan/{token}/")  # invitation.html
    visits.visit("/akun/undangan/bukan-tautan-yang-benar/")  # 404: link_refused.html
    page = visits.page
    visits.visit("/akun/sandi/lupa/")
    page.fill("input[name=email]", user.email)
    _submit(visits)  # password_reset_done.html
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    visits.visit(f"/akun/sandi/atur/{uid}/{default_token_generator.make_token(user)}/")  # confirm.html
    page.fill("input[name=new_password1]", NEW_PASSWORD)
    page.fill("input[name=new_password2]", NEW_PASSWORD)
    _submit(visits)  # password_reset_complete.html


def _two_factor(visits: Visits, user: Any, settings: Any) -> None:
    """With 2FA on (as in production): enrol an app (recovery codes), then sign in again (the code step)."""
    from django_otp.oath import TOTP

    from netral.accounts import twofactor

    settings.NETRAL_STAFF_2FA = True
    page = visits.page
    page.context.clear_cookies()
    _sign_in(visits, user.username, NEW_PASSWORD)
    page.wait_for_selector("#enrol-form")  # not enrolled yet: straight to enrolment
    device = twofactor.pending_device(user)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.fill("#enrol-form input[name=code]", f"{totp.token():06d}")
    _submit(visits, "#enrol-form button[type=submit]")
    page.wait_for_selector("#recovery-codes")  # recovery_codes.html
    page.context.clear_cookies()
    _sign_in(visits, user.username, NEW_PASSWORD)
    page.wait_for_selector("#verify-form")  # enrolled: the code step, verify.html
    page.context.clear_cookies()
    settings.NETRAL_STAFF_2FA = False


def _lockout(visits: Visits, user: Any) -> None:
    """Wrong passwords for the throwaway account until it is locked (locked.html, 429); then unlocked,
    and the address's count cleared, so no later sign-in meets the lock."""
    from axes.handlers.proxy import AxesProxyHandler

    visits.page.context.clear_cookies()
    for _ in range(int(settings.AXES_FAILURE_LIMIT)):
        _sign_in(visits, user.username, "bukan-sandinya")
    assert "accounts/locked.html" in visits.rendered, visits.page.url
    AxesProxyHandler.reset_attempts()


def _opt_out_links(visits: Visits) -> None:
    """The opt-out link of a notice: a genuine one asks to confirm, a forged one is refused."""
    from netral.conversations import notify
    from netral.conversations.choices import Channel
    from netral.reports.models import Report

    report = Report.objects.order_by("pk").first()
    assert report is not None
    visits.visit(f"/percakapan/berhenti/{notify.opt_out_token(report.pk, Channel.EMAIL)}/")
    visits.visit("/percakapan/berhenti/bukan-token/")  # 404: opt_out.html, invalid


def _verify_letter(visits: Visits) -> None:
    """The public page a letter's QR code opens (a demo BKN recommendation)."""
    from netral.letters.models import Letter

    letter = Letter.objects.order_by("pk").first()
    assert letter is not None, "the demo world issues letters"
    visits.visit(f"/surat/verifikasi/{letter.verification_code}/")


def _cases_of(username: str) -> tuple[Any, list[Any]]:
    """The persona and the demo cases it sees, in a fixed order."""
    from netral.accounts.models import User
    from netral.cases.models import Case

    user = User.objects.get(username=username)
    return user, list(Case.objects.restrict(user, "view").order_by("pk"))


def _issue_letter_page(visits: Visits) -> None:
    """The page to issue a letter the supervisor may issue now and nobody has issued yet."""
    from netral.letters import compose, services
    from netral.letters.models import Letter
    from netral.letters.views import letter_url

    user, cases = _cases_of("bawaslu_banjar")
    url = next(
        (
            letter_url(case, kind)
            for case in cases
            for kind in compose.RULES
            if not Letter.objects.filter(case=case, kind=kind).exists() and services.refusal(user, case, kind) is None
        ),
        None,
    )
    assert url is not None, "no demo case with a letter the supervisor may issue now"
    visits.visit(url)  # letters/issue.html


def _ask_invalid(visits: Visits) -> None:
    """The supervisor's message to a reporter, sent empty without htmx: the full page again, 400."""
    from netral.conversations import selectors, services

    user, cases = _cases_of("bawaslu_banjar")
    writable = ((case, selectors.writable_reports(user, case)) for case in cases)
    case = next((case for case, reports in writable if reports and not services.is_closed(reports[0])), None)
    assert case is not None, "no demo case with an open conversation in Kota Banjar"
    page = visits.page
    visits.visit(f"/perkara/{case.number}/")
    # A plain form post (htmx would swap in the panel only): a copy without hx-* and `required`.
    page.evaluate(
        """() => {
          const form = document.querySelector('form[data-ask-form]');
          const copy = form.cloneNode(true);
          [...copy.attributes].filter(a => a.name.startsWith('hx-')).forEach(a => copy.removeAttribute(a.name));
          copy.querySelectorAll('[required]').forEach(e => e.removeAttribute('required'));
          form.replaceWith(copy);
        }"""
    )
    _submit(visits, "form[data-ask-form] button[type=submit]")  # conversations/ask.html
    assert page.locator("form[data-ask-form] .errorlist").count() >= 1


def _calendar_edit(visits: Visits) -> None:
    """The administrator's edit page of an election calendar."""
    from netral.regions.models import Election

    election = Election.objects.order_by("pk").first()
    assert election is not None
    visits.visit(f"/pemilihan/{election.code}/ubah/")  # regions/calendar_edit.html


def _import_status(visits: Visits) -> None:
    """A registry import's status page (the crawl's budget may spend itself before its link)."""
    from netral.accounts.models import User
    from netral.personnel import selectors

    run = selectors.import_runs(User.objects.get(username="admin")).order_by("pk").first()
    assert run is not None, "the demo world records its registry import"
    visits.visit(f"/registri/impor/{run.pk}/")  # personnel/import_status.html


# Pages a signed-in persona reaches only through a form or a state the crawl does not follow.
PERSONA_FLOWS: dict[str, list[Callable[[Visits], None]]] = {
    "bawaslu_banjar": [_ask_invalid, _issue_letter_page],
    "admin": [_calendar_edit, _import_status],
}


def test_every_page_template_loads_under_the_csp_without_violations(
    page: Any, live_server: Any, demo: Any, settings: Any
) -> None:
    settings.RECEIPT_LOOKUP_RATE = 1000
    visits = Visits(page, live_server.url)
    try:
        # Anonymous: the public side, then the flows only a form reaches.
        visits.crawl(["/", "/laporan/baru/", "/laporan/lacak/", "/pencegahan/ikrar/", "/statistik/publik/"], 25)
        _submit_public_report(visits)
        _sign_pledge(visits)
        visits.visit("/laporan/baru/wilayah/?province=x")  # 400 with the reason
        settings.RECEIPT_LOOKUP_RATE = 0
        visits.visit("/laporan/lacak/")
        page.fill("input[name=code]", "NTR-XXXX")
        page.click("button[type=submit]")
        page.wait_for_load_state("load")
        visits.collect()  # 429: the rate-limit page
        settings.RECEIPT_LOOKUP_RATE = 1000
        _opt_out_links(visits)
        _verify_letter(visits)
        throwaway = _throwaway_user()
        _account_links(visits, throwaway)
        _two_factor(visits, throwaway, settings)
        for username in PERSONAS:
            page.context.clear_cookies()
            login(page, live_server, username, "netral-demo-2024")
            visits.crawl(
                [
                    "/",
                    "/perkara/",
                    "/perkara/antrean/",
                    "/pencegahan/",
                    "/pencegahan/cakupan/",
                    "/registri/",
                    "/pemantauan/",
                    "/statistik/",
                    "/statistik/peta/",
                    "/api/token/",
                    "/api/webhook/",
                    "/sistem/pekerjaan/",
                    "/statistik/?date_from=bukan-tanggal",
                ],
                PAGES_PER_PERSONA,
            )
            for flow in PERSONA_FLOWS.get(username, []):
                flow(visits)
        # Django's admin is served under the same policy (the administrator is signed in last).
        for url in ("/admin/", "/admin/reports/report/", "/admin/cases/case/", "/admin/accounts/user/1/change/"):
            visits.visit(url)
        # Last, so that the address's failed sign-ins cannot meet a persona's sign-in.
        _lockout(visits, throwaway)
        # The watch itself works: an inline script injected now is blocked and reported.
        before = len(visits.violations)
        visits.visit("/")
        page.evaluate(
            "() => { const s = document.createElement('script'); s.textContent = '1'; document.body.append(s); }"
        )
        page.wait_for_timeout(100)
        visits.collect()
        probe = visits.violations[before:]
        assert any("script-src" in v for v in probe), probe
        del visits.violations[before:]
    finally:
        visits.close()
    missing = sorted(page_templates() - visits.rendered)
    slowest = sorted(visits.timings, reverse=True)[:8]
    print("slowest page loads:", ", ".join(f"{t:.1f}s {u}" for t, u in slowest))
    print(
        f"\nCSP: {visits.count} page loads, {len(page_templates())} page templates, {len(visits.violations)} violations"
    )
    assert not visits.violations, "\n".join(visits.violations)
    assert not missing, f"page templates no visit rendered (add a URL or a flow): {missing}"


def test_headers_on_html_pages(client: Any) -> None:
    response = client.get("/laporan/baru/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    permissions = response["Permissions-Policy"]
    assert "camera=()" in permissions and "geolocation=()" in permissions and "microphone=()" in permissions
    assert settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["report-uri"] == ["/csp-laporan/"]


def test_violation_reports_are_logged_without_full_urls(client: Any, caplog: Any) -> None:
    report = {
        "csp-report": {
            "document-uri": "https://netral.example/laporan/baru/?x=1",
            "effective-directive": "script-src-elem",
            "blocked-uri": "https://evil.example/x.js?token=secret",
        }
    }
    with caplog.at_level("WARNING", logger="netral.csp"):
        response = client.post("/csp-laporan/", json.dumps(report), content_type="application/csp-report")
    assert response.status_code == 204
    assert "script-src-elem blocked https://evil.example on /laporan/baru/" in caplog.text
    assert "secret" not in caplog.text
    assert client.post("/csp-laporan/", "[" * 100, content_type="application/json").status_code == 400


def test_templates_hold_no_inline_code() -> None:
    """What the policy forbids never enters a template: inline scripts, handlers, style attributes."""
    bad = re.compile(r"<script(?![^>]*\b(src=|type=\"application/json\"))|\son[a-z]+=|\sstyle=|<style|javascript:")
    offenders = []
    for folder in [ROOT / "templates", *(ROOT / "netral").glob("*/templates")]:
        for path in folder.rglob("*.html"):
            if "pdf" in path.name or "/pdf/" in str(path):
                continue  # rendered by WeasyPrint into PDFs, never served as HTML
            text = re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8"))
            offenders += [f"{path.relative_to(ROOT)}: {m.group()}" for m in bad.finditer(text)]
    assert not offenders, offenders
