"""core.sequences: counters that never hand out the same number twice, also under concurrency."""

from __future__ import annotations

import pytest
from django.db import transaction

from netral.core import sequences
from netral.core.models import Sequence
from netral.testing import in_parallel, needs_postgres


@pytest.mark.django_db
def test_it_counts_per_name_and_period() -> None:
    assert [sequences.next_value("t", 2024) for _ in range(3)] == [1, 2, 3]
    assert sequences.next_value("t", 2025) == 1
    assert sequences.next_value("u", 2024) == 1
    assert sequences.next_value("t", "2024") == 4


@pytest.mark.django_db
def test_a_new_counter_goes_on_from_what_was_issued_before() -> None:
    assert sequences.next_value("t", 2024, floor=lambda: 41) == 42
    assert sequences.next_value("t", 2024, floor=lambda: 999) == 43  # the floor only seeds a new row


@pytest.mark.django_db
def test_a_rolled_back_allocation_gives_its_number_back() -> None:
    assert sequences.next_value("t", 1) == 1

    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        assert sequences.next_value("t", 1) == 2
        raise Abort
    assert sequences.next_value("t", 1) == 2


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_allocations_are_distinct_and_gapless() -> None:
    """16 threads, each with its own connection, allocate 10 numbers each, the first ones at once
    (so the counter row is also created under a race)."""

    def allocate(_: int) -> list[int]:
        values = []
        for _ in range(10):
            with transaction.atomic():
                values.append(sequences.next_value("race", 2024, floor=lambda: 100))
        return values

    results, errors = in_parallel(16, allocate)
    assert not errors, errors
    assert sorted(v for values in results for v in values) == list(range(101, 261))
    assert Sequence.objects.get(name="race", period="2024").value == 260
