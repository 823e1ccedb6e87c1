"""The requests in docs/api.md work as written on the demo world (they answered 400 there before)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

DOC = Path(settings.BASE_DIR) / "docs" / "api.md"
pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(reference_data: None) -> None:
    from netral.core.context import acting
    from netral.demo.world import build_world

    with acting(None):
        build_world(seed=2024)


def _blocks() -> list[str]:
    return re.findall(r"```[a-z]*\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def test_the_documented_requests_work_on_the_demo(demo: None) -> None:
    """One demo world (it takes a while to build) for every example."""
    _list_filters_answer_200_for_a_supervisor()
    _public_report_is_accepted()
    _case_transition_is_made()
    _webhook_endpoint_is_registered()


def _list_filters_answer_200_for_a_supervisor() -> None:
    paths = [line.strip() for block in _blocks() for line in block.splitlines() if line.strip().startswith("/api/v1/")]
    assert len(paths) >= 3
    client = APIClient()
    token = Token.objects.create(user_id=_user("bawaslu_ri"))
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, (path, response.content[:300])


def _public_report_is_accepted() -> None:
    block = next(b for b in _blocks() if "curl -X POST https://netral.example/api/v1/public/reports/ \\" in b)
    args = shlex.split(block.replace("\\\n", " "))
    data: dict[str, Any] = {}
    for flag, value in zip(args, args[1:], strict=False):
        if flag == "-F":
            name, _, raw = value.partition("=")
            if raw.startswith("@"):
                from netral.reports.tests.conftest import png_bytes, upload

                data[name] = upload(raw[1:], png_bytes())
            else:
                data[name] = raw
    assert {"subject_agency", "region", "description", "evidence"} <= set(data)
    response = APIClient().post("/api/v1/public/reports/", data, format="multipart")
    assert response.status_code == 201, response.content[:500]
    assert response.json()["receipt_code"].startswith("NTR-")


def _block_after(marker: str) -> str:
    block = next(b for b in _blocks() if marker in b)
    return block[block.index(marker) + len(marker) :]


def _case_transition_is_made() -> None:
    """The documented body moves a demo case under initial review to «registered»."""
    import json

    from netral.cases.models import Case

    body = json.loads(_block_after("/transitions/\n"))
    case = Case.objects.filter(status="initial_review", region_code__startswith="32.79").first()
    assert case is not None
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user_id=_user('bawaslu_banjar')).key}")
    response = client.post(f"/api/v1/cases/{case.number}/transitions/", body, format="json")
    assert response.status_code == 201, response.content[:500]
    case.refresh_from_db()
    assert case.status == "registered" and case.registration_number == body["registration_number"]


def _webhook_endpoint_is_registered() -> None:
    """The documented endpoint registration is accepted from an administrator."""
    import json

    body = json.loads(next(b for b in _blocks() if '"url": "https://mitra.example/netral-hook"' in b))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user_id=_user('admin')).key}")
    response = client.post("/api/v1/webhooks/endpoints/", body, format="json")
    assert response.status_code == 201, response.content[:500]
    assert response.json()["secret"]


def _user(username: str) -> int:
    from netral.accounts.models import User

    return User.objects.get(username=username).pk
