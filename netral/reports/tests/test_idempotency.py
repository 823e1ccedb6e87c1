"""One report per client token: retries, double clicks and duplicated webhooks never file twice."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from netral.api.tests.test_public_submit import valid
from netral.cases.models import Case
from netral.core import db
from netral.reports import idempotency
from netral.reports.models import Report, SubmissionToken
from netral.reports.services import submit_report
from netral.reports.tests.conftest import post_data, report_data

pytestmark = pytest.mark.django_db
TOKEN = "tok_" + "a1B2c3D4e5F6g7H8"
API = "/api/v1/public/reports/"


def test_the_same_token_and_content_answers_the_first_receipt(cast: object) -> None:
    first, code = submit_report(report_data(), client_token=TOKEN)
    again, code_again = submit_report(report_data(), client_token=TOKEN)
    assert (again.pk, code_again) == (first.pk, code)
    assert Report.objects.count() == 1 and Case.objects.count() == 1


def test_the_same_token_with_other_content_is_refused(cast: object) -> None:
    submit_report(report_data(), client_token=TOKEN)
    with pytest.raises(idempotency.TokenReused):
        submit_report(
            report_data(description="Sesuatu yang lain sama sekali terjadi di kantor kecamatan."), client_token=TOKEN
        )
    assert Report.objects.count() == 1


def test_without_a_token_every_submission_is_a_report(cast: object) -> None:
    submit_report(report_data())
    submit_report(report_data())
    assert Report.objects.count() == 2
    assert len(set(Case.objects.values_list("number", flat=True))) == 2


def test_only_the_token_hash_is_stored_and_the_receipt_is_encrypted(cast: object) -> None:
    from django.db import connection

    _, code = submit_report(report_data(), client_token=TOKEN)
    row = SubmissionToken.objects.get()
    assert row.token_hash != TOKEN and len(row.token_hash) == 64
    with connection.cursor() as cur:
        cur.execute("SELECT receipt_code FROM reports_submissiontoken")
        stored = cur.fetchone()[0]
    assert code not in stored and row.receipt_code == code


def test_old_tokens_are_pruned(cast: object, settings: Any) -> None:
    import datetime

    from django.utils import timezone

    submit_report(report_data(), client_token=TOKEN)
    settings.SUBMISSION_REPLAY_HOURS = 24
    assert idempotency.prune(now=timezone.now() + datetime.timedelta(hours=1)) == 0
    assert idempotency.prune(now=timezone.now() + datetime.timedelta(hours=25)) == 1
    assert Report.objects.count() == 1  # the report itself stays


def _receipt(client: Client, response: Any) -> str:
    assert response.status_code == 302, response.content.decode()[:1500]
    page = client.get(response["Location"]).content.decode()
    match = re.search(r"NTR(-[0-9A-HJKMNP-TV-Z]{4}){4}", page)
    assert match is not None
    return match.group(0)


def test_the_form_carries_a_token_and_a_double_post_files_once(client: Client, cast: object) -> None:
    page = client.get(reverse("reports:public_create")).content.decode()
    token = re.search(r'name="client_token" value="([A-Za-z0-9_-]+)"', page)
    assert token is not None and idempotency.valid_token(token.group(1))
    url = reverse("reports:public_create")
    code1 = _receipt(client, client.post(url, post_data(client_token=token.group(1))))
    code2 = _receipt(client, client.post(url, post_data(client_token=token.group(1))))
    assert code1 == code2
    assert Report.objects.count() == 1


def test_two_page_loads_have_different_tokens(client: Client, cast: object) -> None:
    url = reverse("reports:public_create")
    tokens = {
        re.search(r'name="client_token" value="([^"]+)"', client.get(url).content.decode()).group(1)  # type: ignore[union-attr]
        for _ in range(3)
    }
    assert len(tokens) == 3


def test_the_form_after_a_reused_token_keeps_the_input_and_offers_a_new_token(client: Client, cast: object) -> None:
    url = reverse("reports:public_create")
    _receipt(client, client.post(url, post_data(client_token=TOKEN)))
    edited = "Camat membagikan kalender bergambar pasangan calon kepada ketua RT di kantor kecamatan."
    response = client.post(url, post_data(client_token=TOKEN, description=edited))
    assert response.status_code == 409
    body = response.content.decode()
    assert edited in body and "sudah pernah dikirim" in body
    fresh = re.search(r'name="client_token" value="([^"]+)"', body)
    assert fresh is not None and fresh.group(1) != TOKEN
    _receipt(client, client.post(url, post_data(client_token=fresh.group(1), description=edited)))
    assert Report.objects.count() == 2


def test_a_busy_database_answers_503_and_keeps_what_was_typed(
    client: Client, cast: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    def busy(*args: object, **kwargs: object) -> None:
        raise db.Busy

    monkeypatch.setattr("netral.reports.services.submit_report", busy)
    response = client.post(reverse("reports:public_create"), post_data(subject_name="Pak Camat Yang Diketik"))
    assert response.status_code == 503
    assert response["Retry-After"]
    body = response.content.decode()
    assert "Pak Camat Yang Diketik" in body and "belum tersimpan" in body


def test_the_api_takes_an_idempotency_key_header(cast: object) -> None:
    client = APIClient()
    first = client.post(API, valid(), format="json", HTTP_IDEMPOTENCY_KEY=TOKEN)
    again = client.post(API, valid(), format="json", HTTP_IDEMPOTENCY_KEY=TOKEN)
    assert first.status_code == 201 and again.status_code == 201
    assert first.json()["receipt_code"] == again.json()["receipt_code"]
    assert Report.objects.count() == 1


def test_the_api_takes_a_client_token_field_and_refuses_reuse_and_bad_tokens(cast: object) -> None:
    client = APIClient()
    assert client.post(API, valid(client_token=TOKEN), format="json").status_code == 201
    reused = client.post(API, valid(client_token=TOKEN, subject_name="Orang Lain Sekali"), format="json")
    assert reused.status_code == 409 and "client_token" in reused.json()
    bad = client.post(API, valid(client_token="pendek"), format="json")
    assert bad.status_code == 400 and "client_token" in bad.json()
    assert Report.objects.count() == 1


def test_the_api_answers_503_when_the_database_stays_busy(cast: object, monkeypatch: pytest.MonkeyPatch) -> None:
    def busy(*args: object, **kwargs: object) -> None:
        raise db.Busy

    monkeypatch.setattr("netral.reports.services.submit_report", busy)
    response = APIClient().post(API, valid(), format="json")
    assert response.status_code == 503 and response["Retry-After"]


def test_the_prune_command_reports_what_it_removed(cast: object, settings: Any) -> None:
    import io

    from django.core.management import call_command

    submit_report(report_data(), client_token=TOKEN)
    settings.SUBMISSION_REPLAY_HOURS = 0
    out = io.StringIO()
    call_command("prune_submission_tokens", stdout=out)
    assert "removed 1 token" in out.getvalue()
    assert SubmissionToken.objects.count() == 0
