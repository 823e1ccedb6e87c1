"""A crawl of every page each demo user can reach finds no server error.

The demo world is built (``netral.demo.world.build_world``); each demo user signs in through the
sign-in page with the README's demo password (two-factor sign-in off, as the demo runs) and
follows the links, image sources and htmx fetches of every HTML page breadth-first, within the
site and bounded (a few URLs per route shape, a cap per user); the anonymous public crawls the
public side the same way. Every answer, whatever its status, must be below 500. The access matrix
(``test_access_matrix.py``) checks scope; this checks that nothing a user can click breaks.
"""

from __future__ import annotations

import html
import re
import time
from collections import defaultdict, deque
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
PER_SHAPE = 3  # distinct URLs of one route shape (path with ids masked, query keys) per user
PER_USER = 220  # pages requested per user
LINK = re.compile(r"""(?:href|src|hx-get|action)="(/[^"#]*)""")
SKIP = re.compile(r"^/(static|media)/|/keluar/|^/bahasa/|/csp-laporan/|^/metrics")
PUBLIC_STARTS = ["/", "/laporan/baru/", "/laporan/lacak/", "/pencegahan/ikrar/", "/pencegahan/verifikasi/"]
STAFF_STARTS = ["/", "/perkara/", "/pencegahan/", "/registri/", "/pemantauan/", "/statistik/", "/pemilihan/"]


def _shape(path: str) -> str:
    parts = urlsplit(path)
    masked = re.sub(r"[0-9][0-9.\-]*|NTR-[^/]+|[A-Za-z0-9_-]{20,}", "N", parts.path)
    keys = sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return masked + "?" + "&".join(keys)


def _links(response: Any) -> list[str]:
    if "text/html" not in response.get("Content-Type", ""):
        return []
    return [html.unescape(m) for m in LINK.findall(response.content.decode("utf-8", "replace"))]


def crawl(client: Client, starts: list[str], who: str, errors: list[str]) -> int:
    """Breadth-first over the site from `starts`; returns the number of requests."""
    queue: deque[str] = deque(starts)
    seen: set[str] = set()
    shapes: dict[str, int] = defaultdict(int)
    while queue and len(seen) < PER_USER:
        path = queue.popleft()
        if path in seen or SKIP.search(path):
            continue
        shape = _shape(path)
        if shapes[shape] >= (1 if ".pdf" in path else PER_SHAPE):
            continue
        shapes[shape] += 1
        seen.add(path)
        response = client.get(path, HTTP_ACCEPT="text/html,application/json")
        if response.status_code >= 500:
            errors.append(f"{who}: {response.status_code} for {path}")
        if response.status_code == 200:
            queue.extend(_links(response))
    return len(seen)


def test_every_page_reachable_by_every_demo_user_answers_without_a_server_error() -> None:
    from netral.demo.world import DEMO_PASSWORD, build_world

    started = time.monotonic()
    world = build_world(seed=11)
    errors: list[str] = []
    requests = {"anonymous": crawl(Client(), PUBLIC_STARTS + ["/statistik/publik/"], "anonymous", errors)}
    for name in sorted(world.users):
        client = Client()
        signed_in = client.post("/akun/masuk/", {"username": name, "password": DEMO_PASSWORD})
        assert signed_in.status_code == 302, f"{name} could not sign in with the demo password"
        landing = urlsplit(signed_in["Location"]).path
        requests[name] = crawl(client, [landing, *STAFF_STARTS], name, errors)
    total = sum(requests.values())
    print(
        f"\ncrawl: {len(requests)} users (anonymous included), {total} pages, "
        f"{len(errors)} server errors, {time.monotonic() - started:.0f} s"
    )
    assert len(requests) >= 14 and total > 1000
    assert requests.pop("anonymous") > 8 and all(n > 20 for n in requests.values()), requests
    assert not errors, "\n".join(errors[:50])
