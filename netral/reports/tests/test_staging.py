"""A refused submission keeps the typed values and the files that passed the checks (staged)."""

from __future__ import annotations

import datetime
import hashlib
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from netral.reports import staging
from netral.reports.models import Report
from netral.reports.tests.conftest import png_bytes, post_data, upload

pytestmark = pytest.mark.django_db


def future() -> str:
    return (datetime.date.today() + datetime.timedelta(days=3)).isoformat()


def tokens(body: str) -> list[str]:
    return re.findall(r'name="staged_evidence" value="([^"]+)"', body)


def test_a_refused_submission_keeps_good_files_and_names_the_bad_ones(client: Client, cast: object) -> None:
    good = png_bytes((40, 30))
    data = post_data(occurred_on=future(), place="Pasar Banjar")
    data["evidence"] = [upload("foto-kampanye.png", good), upload("skrip.exe", b"MZ\x90\x00not an image")]
    refused = client.post(reverse("reports:public_create"), data)
    assert refused.status_code == 200
    body = refused.content.decode()
    # The summary sits at the top of the form, linked to each field with an error.
    assert body.index("data-error-summary") < body.index('id="field-subject_kind"')
    assert 'href="#id_occurred_on"' in body and 'href="#id_evidence"' in body
    assert "Pasar Banjar" in body
    assert "foto-kampanye.png" in body and "data-refused-files" in body and "skrip.exe" in body
    assert len(tokens(body)) == 1
    assert Report.objects.count() == 0

    again = post_data(place="Pasar Banjar")
    again["staged_evidence"] = tokens(body)
    done = client.post(reverse("reports:public_create"), again)
    assert done.status_code == 302
    report = Report.objects.get()
    images = list(report.evidence.filter(kind="image"))
    assert [e.sha256 for e in images] == [hashlib.sha256(good).hexdigest()]
    assert images[0].original_name == "foto-kampanye.png"
    assert staging.SESSION_KEY not in client.session


def test_an_unticked_staged_file_is_left_out(client: Client, cast: object) -> None:
    data = post_data(occurred_on=future())
    data["evidence"] = [upload("a.png", png_bytes((20, 20)))]
    body = client.post(reverse("reports:public_create"), data).content.decode()
    assert len(tokens(body)) == 1
    assert client.post(reverse("reports:public_create"), post_data()).status_code == 302
    assert Report.objects.get().evidence.filter(kind="image").count() == 0


def test_staged_files_expire(client: Client, cast: object, monkeypatch: pytest.MonkeyPatch) -> None:
    data = post_data(occurred_on=future())
    data["evidence"] = [upload("a.png", png_bytes((20, 20)))]
    token = tokens(client.post(reverse("reports:public_create"), data).content.decode())
    now = staging._now()
    monkeypatch.setattr(staging, "_now", lambda: now + staging.ttl() + 1)
    again = post_data()
    again["staged_evidence"] = token
    assert client.post(reverse("reports:public_create"), again).status_code == 302
    assert Report.objects.get().evidence.filter(kind="image").count() == 0
    assert staging._prune(force=True) == 1


def test_a_staged_file_changed_on_disk_is_not_attached(client: Client, cast: object) -> None:
    data = post_data(occurred_on=future())
    data["evidence"] = [upload("a.png", png_bytes((20, 20)))]
    token = tokens(client.post(reverse("reports:public_create"), data).content.decode())
    entry = client.session[staging.SESSION_KEY][0]
    staging._path(entry["sha256"]).write_bytes(b"tampered")
    again: dict[str, Any] = post_data()
    again["staged_evidence"] = token
    assert client.post(reverse("reports:public_create"), again).status_code == 302
    assert Report.objects.get().evidence.filter(kind="image").count() == 0


def test_a_token_from_another_session_attaches_nothing(client: Client, cast: object) -> None:
    data = post_data(occurred_on=future())
    data["evidence"] = [upload("a.png", png_bytes((20, 20)))]
    token = tokens(client.post(reverse("reports:public_create"), data).content.decode())
    other = Client()
    again = post_data()
    again["staged_evidence"] = token
    assert other.post(reverse("reports:public_create"), again).status_code == 302
    assert Report.objects.get().evidence.filter(kind="image").count() == 0
