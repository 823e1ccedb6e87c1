"""The access matrix: every URL one demo persona can reach, requested as every other and anonymously.

The security probe requested every object id as 13 users and anonymously; this keeps that probe in
the suite. The demo world is built; each persona (and the anonymous public) crawls the pages it
can reach (links and image sources of every HTML page, the detail URL of every row of every API
list), a bounded number of URLs per route shape. Then every URL found is requested as every
persona and anonymously, and two rules are checked on every answer:

1. a 200 for a URL that names an object (a report, a case, an evidence file, an ASN, a prevention
   record, a monitoring item, an import, in pages, PDFs and the API) is allowed only when the
   scoping mechanism lets that user see the object (``restrict(user, action)``; an original
   evidence file needs ``view_pii``); anonymous users get no staff page and only the public ones;
   Django's admin answers 200 to the administrator only;
2. no page links to an object the viewer may not see (lists, dashboards and details alike).

Zero out-of-scope 200s. The figures (URLs, requests) are printed.
"""

from __future__ import annotations

import html
import re
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.db.models import Model
from django.test import Client
from django.urls import Resolver404, resolve

pytestmark = pytest.mark.django_db
PER_SHAPE = 3  # distinct URLs of one route shape per persona
PER_PERSONA = 260
LINK = re.compile(r"""(?:href|src|hx-get)="(/[^"#]*)""")
SKIP = re.compile(r"^/(static|media)/|/keluar/|^/bahasa/|/csp-laporan/|^/metrics|^/healthz|^/readyz|^/api/schema")
API_LISTS = {
    "/api/v1/reports/": ("id", "/api/v1/reports/{}/"),
    "/api/v1/cases/": ("number", "/api/v1/cases/{}/"),
    "/api/v1/recommendations/": ("number", "/api/v1/recommendations/{}/"),
    "/api/v1/agencies/": ("code", "/api/v1/agencies/{}/"),
    "/api/v1/asn/": ("identifier", "/api/v1/asn/{}/"),
    "/api/v1/monitoring/items/": ("id", "/api/v1/monitoring/items/{}/"),
    "/api/v1/prevention/pledge-texts/": ("id", "/api/v1/prevention/pledge-texts/{}/"),
    "/api/v1/prevention/pledge-signatures/": ("id", "/api/v1/prevention/pledge-signatures/{}/"),
    "/api/v1/prevention/pledge-events/": ("id", "/api/v1/prevention/pledge-events/{}/"),
    "/api/v1/prevention/circulars/": ("id", "/api/v1/prevention/circulars/{}/"),
    "/api/v1/prevention/activities/": ("id", "/api/v1/prevention/activities/{}/"),
    "/api/v1/prevention/venue-decrees/": ("id", "/api/v1/prevention/venue-decrees/{}/"),
    "/api/v1/webhooks/endpoints/": ("id", "/api/v1/webhooks/endpoints/{}/"),
    "/api/v1/webhooks/deliveries/": ("id", "/api/v1/webhooks/deliveries/{}/"),
}


def _models() -> dict[str, tuple[type[Model], str, str]]:
    """URL name → (model, URL keyword → model field, scope action) for URLs that name an object."""
    from netral.cases.models import Case
    from netral.letters.models import CaseDocument
    from netral.monitoring.models import Batch, Item
    from netral.personnel.models import ASN, ImportRun
    from netral.prevention.models import (
        Circular,
        PledgeEvent,
        PledgeSignature,
        PledgeText,
        PreventionActivity,
        PreventionFile,
        VenueDecree,
    )
    from netral.reports.models import Report

    return {
        "reports:detail": (Report, "pk", "view"),
        "cases:detail": (Case, "number", "view"),
        "letters:case_letter": (Case, "number", "view"),
        "letters:document": (CaseDocument, "pk", "view"),
        "analytics:case_pdf": (Case, "number", "view"),
        "analytics:recommendation_pdf": (Case, "number", "view"),
        "personnel:detail": (ASN, "pk", "view"),
        "personnel:import_status": (ImportRun, "pk", "view"),
        "personnel:import_errors": (ImportRun, "pk", "view"),
        "prevention:circular_detail": (Circular, "pk", "view"),
        "prevention:activity_detail": (PreventionActivity, "pk", "view"),
        "prevention:event_detail": (PledgeEvent, "pk", "view"),
        "prevention:decree_detail": (VenueDecree, "pk", "view"),
        "prevention:file": (PreventionFile, "pk", "view"),
        "monitoring:batch": (Batch, "pk", "view"),
        "monitoring:item": (Item, "pk", "view"),
        "monitoring:copies": (Item, "pk", "view"),
        "monitoring:feedback": (Item, "pk", "view"),
        "monitoring:finding": (Item, "pk", "view"),
        "api:report-detail": (Report, "pk", "view"),
        "api:case-detail": (Case, "number", "view"),
        "api:case-transitions": (Case, "number", "view"),
        "api:recommendation-detail": (Case, "number", "view"),
        "api:asn-detail": (ASN, "identifier", "view"),
        "api:monitoring-item-detail": (Item, "pk", "view"),
        "api:pledge-text-detail": (PledgeText, "pk", "view"),
        "api:pledge-signature-detail": (PledgeSignature, "pk", "view"),
        "api:pledge-event-detail": (PledgeEvent, "pk", "view"),
        "api:circular-detail": (Circular, "pk", "view"),
        "api:prevention-activity-detail": (PreventionActivity, "pk", "view"),
        "api:venue-decree-detail": (VenueDecree, "pk", "view"),
    }


ADMIN_ONLY = {"api:webhook-endpoint-detail", "api:webhook-delivery-detail", "api:webhook_deliveries", "core:jobs"}
# Reached only with a bearer secret in the URL (the pledge certificate's random token): whoever holds it.
BEARER = {"prevention:signed", "prevention:certificate", "prevention:verify_hash", "letters:verify"}


class Oracle:
    """Whether `user` may have a 200 for `path`: the scoping mechanism decides for objects."""

    def __init__(self, public_names: set[str]) -> None:
        self.models = _models()
        self.public_names = public_names
        self.cache: dict[tuple[Any, str], bool] = {}

    def allowed(self, user: Any, path: str) -> bool | None:
        """True/False for a decided URL, None when the URL names no object (checked by other rules)."""
        key = (getattr(user, "pk", None), path)
        if key not in self.cache:
            self.cache[key] = self._allowed(user, path)  # type: ignore[assignment]
        return self.cache[key]

    def _allowed(self, user: Any, path: str) -> bool | None:
        try:
            match = resolve(urlsplit(path).path)
        except Resolver404:
            return False
        name = match.view_name
        staff = user is not None and (user.is_superuser or getattr(user, "role", "") == "admin")
        if name.startswith("admin:"):
            return bool(user is not None and user.is_staff)
        if name in ADMIN_ONLY:
            return staff
        if name in BEARER:
            return True
        if name == "reports:evidence_file":
            from netral.reports.models import Evidence

            action = "view_pii" if match.kwargs.get("variant") == "asli" else "view"
            return self._scoped(Evidence, user, action, pk=match.kwargs["pk"])
        if name in self.models:
            model, field, action = self.models[name]
            value = match.kwargs.get(field) or match.kwargs.get("pk")
            return self._scoped(model, user, action, **{field: value})
        if user is None:
            return name in self.public_names
        return None

    @staticmethod
    def _scoped(model: type[Model], user: Any, action: str, **lookup: Any) -> bool:
        if user is None:
            return False
        try:
            return model._default_manager.restrict(user, action).filter(**lookup).exists()  # type: ignore[attr-defined]
        except (ValueError, TypeError):
            return False


def _shape(path: str) -> str:
    return re.sub(r"[0-9][0-9.\-]*|NTR-[^/]+|[A-Za-z0-9_-]{20,}", "N", urlsplit(path).path)


def _links(response: Any) -> list[str]:
    content_type = response.get("Content-Type", "")
    if "text/html" in content_type:
        text = response.content.decode("utf-8", "replace")
        return [html.unescape(m) for m in LINK.findall(text)]
    return []


def _api_links(path: str, response: Any) -> list[str]:
    """The detail URL of every row of an API list answer."""
    base = urlsplit(path).path
    if base not in API_LISTS or "application/json" not in response.get("Content-Type", ""):
        return []
    field, pattern = API_LISTS[base]
    rows = response.json().get("results", [])
    return [pattern.format(row[field]) for row in rows if isinstance(row, dict) and row.get(field)]


class Crawl:
    def __init__(self, client: Client, user: Any) -> None:
        self.client, self.user = client, user
        self.ok: set[str] = set()
        self.requests = 0

    def get(self, path: str) -> Any:
        self.requests += 1
        return self.client.get(path, HTTP_ACCEPT="text/html,application/json")

    def run(self, starts: list[str], on_page: Callable[[Any, str, Any], None]) -> None:
        queue, shapes = list(starts), defaultdict(int)
        seen: set[str] = set()
        while queue and len(seen) < PER_PERSONA:
            path = queue.pop(0)
            if path in seen or SKIP.search(path):
                continue
            shape = _shape(path)
            if shapes[shape] >= PER_SHAPE or (".pdf" in path and shapes[shape] >= 1):
                continue
            shapes[shape] += 1
            seen.add(path)
            response = self.get(path)
            if response.status_code == 200:
                self.ok.add(path)
                on_page(self.user, path, response)
                queue.extend(_links(response) + _api_links(path, response))


def test_no_persona_gets_a_200_out_of_its_scope() -> None:
    from netral.demo.world import build_world

    started = time.monotonic()
    world = build_world(seed=7)
    users: dict[str, Any] = dict(sorted(world.users.items()))
    clients: dict[str, Client] = {"anonymous": Client()}
    for name, user in users.items():
        clients[name] = Client()
        clients[name].force_login(user)
    users_by_name: dict[str, Any] = {"anonymous": None, **users}

    problems: list[str] = []
    anonymous = Crawl(clients["anonymous"], None)
    public_paths: set[str] = set()
    anonymous.run(
        [
            "/",
            "/laporan/baru/",
            "/laporan/lacak/",
            "/pencegahan/ikrar/",
            "/pencegahan/verifikasi/",
            "/pemilihan/",
            "/statistik/publik/",
        ],
        lambda user, path, response: public_paths.add(path),
    )
    public_names = {resolve(urlsplit(p).path).view_name for p in public_paths}
    oracle = Oracle(public_names)

    def check_links(user: Any, who: str, path: str, response: Any) -> None:
        problems.extend(
            f"{who} sees a link to out-of-scope {link} on {path}"
            for link in _links(response) + _api_links(path, response)
            if oracle.allowed(user, link) is False and _decided_by_object(link, oracle)
        )

    found: dict[str, set[str]] = {"anonymous": set(anonymous.ok)}
    requests = anonymous.requests
    starts = [
        "/",
        "/perkara/",
        "/perkara/antrean/",
        "/laporan/temuan/baru/",
        "/pencegahan/",
        "/pencegahan/cakupan/",
        "/pencegahan/kode-penandatanganan/",
        "/registri/",
        "/registri/impor/",
        "/pemantauan/",
        "/statistik/",
        "/statistik/rincian/",
        "/statistik/rincian/laporan/",
        "/statistik/rincian/asn/",
        "/statistik/peta/",
        "/api/token/",
        "/api/webhook/",
        "/sistem/pekerjaan/",
        "/admin/",
        *API_LISTS,
    ]
    for name, user in users.items():
        crawl = Crawl(clients[name], user)
        crawl.run(starts, lambda u, path, response, who=name: check_links(u, who, path, response))
        found[name] = crawl.ok
        requests += crawl.requests

    every_url = sorted(set().union(*found.values()))
    for path in every_url:
        for who, client in clients.items():
            if path in found[who]:
                continue
            user = users_by_name[who]
            response = client.get(path, HTTP_ACCEPT="text/html,application/json")
            requests += 1
            if response.status_code >= 500:
                problems.append(f"{who}: {response.status_code} for {path}")
            if response.status_code != 200:
                continue
            if oracle.allowed(user, path) is False:
                problems.append(f"{who}: out-of-scope 200 for {path}")
            check_links(user, who, path, response)

    print(
        f"\naccess matrix: {len(every_url)} URLs found by {len(clients)} personas (anonymous included), "
        f"{requests} requests, {len(problems)} out-of-scope answers, {time.monotonic() - started:.0f} s"
    )
    assert len(every_url) > 300
    assert {"reports:detail", "cases:detail", "reports:evidence_file", "api:case-detail"} <= {
        resolve(urlsplit(p).path).view_name for p in every_url
    }
    assert not problems, "\n".join(problems[:80])


def _decided_by_object(link: str, oracle: Oracle) -> bool:
    """Links are judged only when they name an object (a list link is fine for everyone)."""
    try:
        name = resolve(urlsplit(link).path).view_name
    except Resolver404:
        return False
    return name in oracle.models or name == "reports:evidence_file"
