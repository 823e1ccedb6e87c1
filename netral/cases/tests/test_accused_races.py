"""Concurrent confirmations on PostgreSQL: many supervisors confirm at once, one wins, nothing half-saved."""

from __future__ import annotations

from typing import Any

import pytest

from netral.cases import services
from netral.cases.models import Case
from netral.cases.tests.helpers import make_case
from netral.cases.tests.test_accused import person
from netral.core.models import ObjectChange
from netral.testing import in_parallel, needs_postgres

pytestmark = [needs_postgres, pytest.mark.django_db(transaction=True)]
N = 6


def test_concurrent_confirmations_record_one_person(cast: Any) -> None:
    case = make_case(agency=cast.agency_a, name="Dedi Situmorang")
    people = [person(cast.agency_a, f"Dedi Situmorang {i}", f"19780512200501100{i}", "32.79") for i in range(N)]
    seen = services.accused_state(case)
    users = [cast.sup_a, cast.sup_prov, cast.sup_ri] * 2
    results, errors = in_parallel(
        N, lambda i: services.confirm_accused(case, people[i].pk, user=users[i], expected=seen).asn_id
    )
    assert len(results) == 1 and len(errors) == N - 1
    assert all(isinstance(e, services.AccusedRefused) for e in errors)
    saved = Case.objects.get(pk=case.pk)
    assert saved.accused_status == "confirmed" and saved.asn_id == results[0]
    audit = ObjectChange.objects.filter(object_type="cases.case", object_id=str(case.pk), action="update")
    assert audit.count() == 1
    assert case.transitions.filter(data__accused_status="confirmed").count() == 1
