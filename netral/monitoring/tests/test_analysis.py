"""Background analysis: results stored, one bad item never stops the batch, never in the request."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from netral.monitoring import services
from netral.monitoring.choices import BatchStatus, ItemStatus
from netral.monitoring.ingest import RawItem
from netral.monitoring.models import Batch, Item
from netral.monitoring.tests.conftest import BANJAR, BANYUASIN, SALARY, items

pytestmark = pytest.mark.django_db


def test_it_analyses_a_batch_in_the_background_and_stores_results(cast: Any, submit: Any) -> None:
    batch = submit(cast.analyst_a, items(BANJAR, SALARY))
    assert batch.status == BatchStatus.DONE
    assert (batch.total, batch.analysed, batch.errors) == (2, 2, 0)
    banjar = Item.objects.get(batch=batch, position=0)
    assert banjar.status == ItemStatus.ANALYSED
    assert banjar.relevant and banjar.kind == "violation"
    assert banjar.region_code == "32.79" and "32.79" in banjar.region_codes
    assert banjar.stage.startswith("pilkada2024")
    assert banjar.analysis["evidence"], "evidence spans are kept for highlighting"
    assert banjar.engine_version
    # "Bawaslu ... memanggil ASN tersebut untuk klarifikasi": the case is already being handled.
    assert banjar.handling == "under_review" and banjar.analysis["status"] == "under_review"
    salary = Item.objects.get(batch=batch, position=1)
    assert not salary.relevant and salary.score < banjar.score
    assert salary.handling == "" and salary.analysis["status"] is None
    assert batch.relevant == 1


def test_it_marks_a_crashing_item_as_error_and_goes_on(cast: Any, submit: Any, monkeypatch: Any) -> None:
    real_group = services.group

    def group(item: Item) -> None:
        if "Banyuasin" in item.text:
            raise RuntimeError("boom")
        real_group(item)

    monkeypatch.setattr(services, "group", group)
    batch = submit(cast.sup_ri, items(BANJAR, BANYUASIN, SALARY))
    assert batch.status == BatchStatus.DONE
    assert (batch.analysed, batch.errors) == (2, 1)
    bad = Item.objects.get(batch=batch, position=1)
    assert bad.status == ItemStatus.ERROR and "RuntimeError" in bad.error
    assert Item.objects.get(batch=batch, position=2).status == ItemStatus.ANALYSED


def test_it_turns_an_engine_exception_into_an_item_error(cast: Any, submit: Any, monkeypatch: Any) -> None:
    import netral_nlp

    real = netral_nlp.analyze

    def analyze(text: str, doc_id: str = "-") -> Any:
        if "Banyuasin" in text:
            raise ValueError("engine bug")
        return real(text, doc_id)

    monkeypatch.setattr(netral_nlp, "analyze", analyze)
    batch = submit(cast.sup_ri, items(BANYUASIN, BANJAR))
    first, second = Item.objects.filter(batch=batch).order_by("position")
    assert first.status == ItemStatus.ERROR and "ValueError" in first.error
    assert second.status == ItemStatus.ANALYSED


def test_it_keeps_parser_errors_and_engine_errors_per_item(cast: Any, submit: Any) -> None:
    raw = [
        RawItem(external_id="uji.jsonl:2", error="uji.jsonl:2: Baris JSON rusak"),
        *items(BANJAR),
        RawItem(external_id="en", text="The minister said salaries of civil servants will be paid next week as usual."),
    ]
    batch = submit(cast.sup_ri, raw)
    assert (batch.total, batch.analysed, batch.errors) == (3, 1, 2)
    english = Item.objects.get(batch=batch, external_id="en")
    assert english.status == ItemStatus.ERROR and english.error


def test_it_never_analyses_in_the_request(client: Any, cast: Any, settings: Any) -> None:
    settings.TASKS = {"default": {**settings.TASKS["default"], "BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.force_login(cast.analyst_a)
    resp = client.post(reverse("monitoring:upload"), {"text": BANJAR})
    batch = Batch.objects.get()
    assert resp.status_code == 302 and resp["Location"] == reverse("monitoring:batch", args=[batch.pk])
    item = Item.objects.get(batch=batch)
    assert item.status == ItemStatus.PENDING and item.analysis == {}
    page = client.get(reverse("monitoring:inbox"))
    assert "menunggu analisis" in page.content.decode()
    services.run_analysis(batch.pk)  # what the worker does
    item.refresh_from_db()
    assert item.status == ItemStatus.ANALYSED


def test_it_resumes_a_partly_analysed_batch(cast: Any, settings: Any) -> None:
    settings.TASKS = {"default": {**settings.TASKS["default"], "BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from netral.monitoring.ingest import Parsed

    batch = services.create_batch(cast.sup_ri, Parsed(source_kind="jsonl", items=items(BANJAR, SALARY, BANYUASIN)))
    services.run_analysis(batch.pk, chunk=1)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE and batch.analysed == 3


def test_it_keeps_the_upload_when_the_queue_fails_and_requeues_later(
    client: Any, cast: Any, settings: Any, monkeypatch: Any
) -> None:
    from django.core.management import call_command

    from netral.monitoring.tasks import analyse_batch

    def broken(*args: Any, **kwargs: Any) -> None:
        raise ConnectionError("queue down")

    monkeypatch.setattr(type(analyse_batch), "enqueue", broken)
    client.force_login(cast.analyst_a)
    resp = client.post(reverse("monitoring:upload"), {"text": BANJAR})
    assert resp.status_code == 302
    item = Item.objects.get()
    assert item.status == ItemStatus.PENDING
    monkeypatch.undo()
    call_command("analyse_pending_batches", "--now")
    item.refresh_from_db()
    assert item.status == ItemStatus.ANALYSED
