"""Finding 9 of the security probe: HTML pages had no Content-Security-Policy, and no Permissions-Policy.

Every page now carries a strict policy (scripts, styles, images and requests from this site only;
no inline code: see ``CONTENT_SECURITY_POLICY`` in settings). This test builds the demo world,
loads every page template in real headless Chromium with the policy on (crawling the links each
persona sees, then the pages only a flow reaches: a submitted report, a signed pledge, the 400 and
429 pages), and fails on any violation the browser reports (the ``securitypolicyviolation`` event
and the console), naming the page; and on any page template that no visit rendered.
"""

from __future__ import annotations

import json
import re
import time
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
        # Django's admin is served under the same policy (the administrator is signed in last).
        for url in ("/admin/", "/admin/reports/report/", "/admin/cases/case/", "/admin/accounts/user/1/change/"):
            visits.visit(url)
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
