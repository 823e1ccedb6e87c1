"""Letter numbers under concurrency (PostgreSQL, one connection per thread): distinct, gapless, and
one letter however many officers press "issue" on the same case at once."""

from __future__ import annotations

import pytest
from django.db import connections

from netral.core.models import Sequence
from netral.letters import services
from netral.letters.choices import LetterKind
from netral.letters.models import Letter
from netral.letters.tests.helpers import ensure_default_bodies, recommended_case
from netral.testing import in_parallel, needs_postgres

pytestmark = [needs_postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _bodies(transactional_db: None) -> None:
    ensure_default_bodies()


def test_parallel_issues_on_distinct_cases_get_distinct_gapless_numbers(cast):
    cases = [recommended_case(cast, asn=False, name=f"Terlapor {i}") for i in range(8)]

    def issue(i: int) -> str:
        try:
            return services.issue_letter(cases[i], LetterKind.RECOMMENDATION, user=cast.bkn).number
        finally:
            connections.close_all()

    numbers, errors = in_parallel(len(cases), issue)
    assert not errors, errors
    assert len(set(numbers)) == len(cases)
    assert sorted(Letter.objects.values_list("sequence", flat=True)) == list(range(1, len(cases) + 1))
    assert Sequence.objects.get(name="letter:bkn").value == len(cases)


def test_parallel_issues_of_one_letter_give_one_letter_and_one_number(cast):
    case = recommended_case(cast, asn=False)

    def issue(_: int) -> tuple[int, str]:
        letter = services.issue_letter(case, LetterKind.RECOMMENDATION, user=cast.bkn)
        return letter.pk, letter.sha256

    results, errors = in_parallel(6, issue)
    assert not errors, errors
    assert len(set(results)) == 1 and Letter.objects.count() == 1
    assert Sequence.objects.get(name="letter:bkn").value == 1  # no number consumed by the losers
