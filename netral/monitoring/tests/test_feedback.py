"""Reviewers' verdicts are stored, audited, and exported as training data in the eval schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from netral.accounts.choices import Role
from netral.core.audit import history
from netral.monitoring import services
from netral.monitoring.models import Feedback, Item
from netral.monitoring.tests.conftest import BANJAR, PURWAKARTA_PREVENTION, SALARY, items
from netral.testing import make_user

pytestmark = pytest.mark.django_db

EVAL = Path(__file__).resolve().parents[3].parent / "shared" / "eval" / "dev.jsonl"
SCHEMA = ("id", "text", "relevant", "kind", "subjects", "acts", "regions", "event_date", "stage")


@pytest.fixture
def three(cast: Any, submit: Any) -> list[Item]:
    batch = submit(cast.sup_prov, items(BANJAR, PURWAKARTA_PREVENTION, SALARY))
    return list(Item.objects.filter(batch=batch).order_by("position"))


def test_it_stores_feedback_through_htmx(client: Any, cast: Any, three: list[Item]) -> None:
    banjar = three[0]
    client.force_login(cast.analyst_a)
    resp = client.post(
        reverse("monitoring:feedback", args=[banjar.pk]),
        {"verdict": "correct", "kind": "violation", "acts": ["attend_campaign", "social_media"], "note": "cek"},
        HTTP_HX_REQUEST="true",
    )
    assert resp.status_code == 200
    assert "Umpan balik tersimpan" in resp.content.decode()
    fb = Feedback.objects.get(item=banjar)
    assert (fb.verdict, fb.kind, fb.relevant, fb.user) == ("correct", "violation", True, cast.analyst_a)
    assert fb.acts == ["attend_campaign", "social_media"]
    banjar.refresh_from_db()
    assert banjar.review == "correct"
    assert history(fb).exists() and history(banjar).exists()


def test_it_refuses_a_correction_without_a_kind(client: Any, cast: Any, three: list[Item]) -> None:
    client.force_login(cast.sup_prov)
    resp = client.post(
        reverse("monitoring:feedback", args=[three[0].pk]), {"verdict": "correct"}, HTTP_HX_REQUEST="true"
    )
    assert resp.status_code == 200 and "Koreksi memerlukan jenis" in resp.content.decode()
    resp = client.post(reverse("monitoring:feedback", args=[three[0].pk]), {"verdict": "maybe"})
    assert resp.status_code == 422
    assert not Feedback.objects.exists()
    with pytest.raises(ValidationError):
        services.record_feedback(cast.sup_prov, three[0], "correct", kind="")


def test_it_exports_the_latest_verdicts_in_the_eval_schema(cast: Any, three: list[Item], tmp_path: Path) -> None:
    banjar, prevention, salary = three
    services.record_feedback(cast.sup_prov, banjar, "confirm")
    services.record_feedback(cast.sup_prov, prevention, "reject")
    services.record_feedback(cast.sup_ri, salary, "correct", kind="sanction_policy", acts=["mobilise"])
    national_analyst = make_user("analis_nasional", Role.ANALYST)
    services.record_feedback(national_analyst, salary, "confirm")  # the latest verdict wins
    out = tmp_path / "feedback.jsonl"
    call_command("export_training_feedback", str(out))
    recs = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert len(recs) == 3
    for rec in recs.values():
        assert set(SCHEMA) <= set(rec)
    b = recs[f"netral-{banjar.pk}"]
    assert (b["relevant"], b["kind"], b["text"]) == (True, "violation", BANJAR)
    assert b["regions"] == ["Kota Banjar"] and b["stage"].startswith("pilkada2024") and "camat" in b["subjects"]
    p = recs[f"netral-{prevention.pk}"]
    assert (p["relevant"], p["kind"], p["subjects"], p["acts"]) == (False, "negative", [], [])
    s = recs[f"netral-{salary.pk}"]
    assert (s["relevant"], s["kind"]) == (False, "negative")

    call_command("export_training_feedback", str(out), "--supervisors-only")
    recs = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    s = recs[f"netral-{salary.pk}"]
    assert (s["relevant"], s["kind"], s["acts"]) == (True, "sanction_policy", [])  # acts only for case kinds

    from netral_nlp.evaluate import read_labelled
    from netral_nlp.lexicon import KINDS

    assert all(r["kind"] in KINDS for r in read_labelled(out))


@pytest.mark.skipif(not EVAL.exists(), reason="shared eval set not present")
def test_it_uses_the_field_types_of_the_eval_set(cast: Any, three: list[Item], tmp_path: Path) -> None:
    services.record_feedback(cast.sup_prov, three[0], "confirm")
    out = tmp_path / "f.jsonl"
    call_command("export_training_feedback", str(out))
    ours = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    theirs = json.loads(EVAL.read_text(encoding="utf-8").splitlines()[0])
    for key in SCHEMA:
        assert key in theirs
        if theirs[key] is not None and ours[key] is not None:
            assert type(ours[key]) is type(theirs[key]), key


def test_it_offers_the_export_to_staff_only(client: Any, cast: Any, three: list[Item]) -> None:
    services.record_feedback(cast.sup_prov, three[0], "confirm")
    client.force_login(cast.sup_prov)
    assert client.get(reverse("monitoring:export_feedback")).status_code == 302  # to the admin login
    client.force_login(cast.admin)
    resp = client.get(reverse("monitoring:export_feedback"))
    assert resp.status_code == 200 and resp["Content-Type"].startswith("application/x-ndjson")
    lines = b"".join(resp.streaming_content).decode().splitlines()
    assert json.loads(lines[0])["id"] == f"netral-{three[0].pk}"
