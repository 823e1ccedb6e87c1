"""Parallel reporters on one receipt code (PostgreSQL, real commits): the thread limit holds and every
accepted answer is stored whole."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from netral.conversations.models import Message
from netral.testing import in_parallel, needs_postgres

pytestmark = [needs_postgres, pytest.mark.django_db(transaction=True)]


def test_a_parallel_flood_on_one_receipt_code_stops_at_the_limit(reference_data: None, settings: Any) -> None:
    settings.THREAD_MESSAGE_RATE = 5
    settings.RECEIPT_LOOKUP_RATE = 1000
    from netral.conversations import services
    from netral.conversations.tests.helpers import file_report
    from netral.testing import build_cast

    cast = build_cast()
    report, code = file_report()
    services.ask(cast.sup_a, report, "Ceritakan lebih rinci.")

    def answer(i: int) -> int:
        return Client().post(reverse("conversations:reply"), {"code": code, "text": f"Jawaban {i}"}).status_code

    results, errors = in_parallel(16, answer)
    assert not errors, errors
    assert sorted(results) == [200] * 5 + [429] * 11
    answers = Message.objects.filter(report=report, author="reporter")
    assert answers.count() == 5 and all(m.text.startswith("Jawaban ") for m in answers)
    question = Message.objects.get(author="staff")
    assert question.answered_at is not None
