"""The workflow table is consistent with itself and with the models, and what is derived from it holds.

Queues, whose move, what BKN/PPK see of cases *and* reports, and the list's phase filter are read
from ``workflow.STATUSES``; these tests check the derivations on real rows.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db.models import Q
from django.utils import timezone

from netral.cases import deadlines, workflow
from netral.cases.choices import CaseStatus, FollowUpAction, Route
from netral.cases.filtersets import CaseFilterSet
from netral.cases.models import Case
from netral.cases.selectors import queue_for
from netral.cases.tests.helpers import make_case
from netral.reports.models import Evidence, Report

CASE_FIELDS = {f.name for f in Case._meta.get_fields()}


def test_every_status_has_a_rule_and_every_move_joins_two_of_them() -> None:
    assert set(workflow.STATUSES) == set(CaseStatus.values)
    for source, target in workflow.TRANSITIONS:
        assert source in workflow.STATUSES and target in workflow.STATUSES


def test_every_name_the_table_uses_exists() -> None:
    for rule in workflow.STATUSES.values():
        assert rule.phase in workflow.PHASES
        assert rule.stamp is None or rule.stamp in CASE_FIELDS
        if rule.clock is not None:
            assert rule.clock.rule in deadlines.RULES and rule.clock.anchor in CASE_FIELDS | {"received_at"}
            assert rule.clock.pemilu_rule is None or rule.clock.pemilu_rule in deadlines.RULES
        for party in rule.responsible:
            assert party.role in workflow.PARTIES
            assert party.when is None or party.when.field in CASE_FIELDS
    for spec in workflow.TRANSITIONS.values():
        assert set(spec.requires) <= set(workflow.FIELDS)
        assert spec.guard is None or spec.guard in workflow.GUARDS
        assert spec.effect is None or spec.effect in workflow.EFFECTS
        assert set(spec.clears) <= CASE_FIELDS
        for name, values in spec.choices.items():
            assert set(values) <= set(workflow.FIELDS[name].choices.values)
    for f in workflow.FIELDS.values():
        assert f.name in CASE_FIELDS
        for effect in f.effects.values():
            assert set(effect) <= CASE_FIELDS


def test_the_clock_tables_are_read_from_the_status_table() -> None:
    for status, rule in workflow.STATUSES.items():
        pilkada, pemilu = deadlines.STATUS_CLOCKS.get(status), deadlines.PEMILU_STATUS_CLOCKS.get(status)
        if rule.clock is None:
            assert pilkada is None and pemilu is None
            continue
        assert pilkada is not None and pemilu is not None
        assert (pilkada.rule, pilkada.anchor) == (rule.clock.rule, rule.clock.anchor)
        assert pemilu.rule == (rule.clock.pemilu_rule or rule.clock.rule)


def _put(case: Case, status: str, **fields: object) -> Case:
    Case.objects.filter(pk=case.pk).update(status=status, **fields)
    return Case.objects.get(pk=case.pk)


@pytest.mark.django_db
def test_queues_hold_the_cases_whose_move_it_is(cast: Any) -> None:
    case = make_case(region_code="32.79", agency=cast.agency_a)
    users = {"supervisor": cast.sup_a, "bkn": cast.bkn, "ppk": cast.ppk_a}
    soon = timezone.now() + datetime.timedelta(days=1)
    for status in CaseStatus.values:
        for action in ("", *FollowUpAction.values):
            for route in ("", Route.BKN, Route.GAKKUMDU, Route.KPU):
                if status == CaseStatus.FOLLOW_UP and not action:
                    continue  # a follow-up always names its action
                if (status in workflow.GAKKUMDU_STATUSES) and route != Route.GAKKUMDU:
                    continue  # the criminal file exists only on the Gakkumdu route
                c = _put(case, status, follow_up_action=action, route=route, deadline_at=soon)
                # A clock that only runs for some sub-cases is stored only for them.
                rule = workflow.STATUSES[status]
                if rule.clock is None or (rule.clock.when is not None and not rule.clock.when.holds(c)):
                    c = _put(c, status, deadline_at=None)
                party = workflow.responsible_party(c)
                waits = party != "" and (not rule.queued_while_clock_runs or c.deadline_at is not None)
                for role, user in users.items():
                    in_queue = queue_for(user).filter(pk=c.pk).exists()
                    visible = Case.objects.restrict(user, "view").filter(pk=c.pk).exists()
                    assert in_queue == (waits and party == role and visible), (status, action, route, role)
                assert queue_for(cast.admin).filter(pk=c.pk).exists() == waits, (status, action, route)


@pytest.mark.django_db
def test_reports_and_evidence_are_seen_exactly_as_their_case(cast: Any) -> None:
    case = make_case(region_code="32.79", agency=cast.agency_a)
    report = Report.objects.get(case=case)
    Evidence.objects.create(report=report, kind="link", url="https://example.test/a")
    for status in CaseStatus.values:
        for route in ("", Route.BKN, Route.KASN, Route.KPU):
            _put(case, status, route=route)
            for user in (cast.bkn, cast.ppk_a, cast.ppk_b):
                sees_case = Case.objects.restrict(user, "view").filter(pk=case.pk).exists()
                assert Report.objects.restrict(user, "view").filter(pk=report.pk).exists() == sees_case
                assert Evidence.objects.restrict(user, "view").filter(report=report).exists() == sees_case


@pytest.mark.django_db
def test_the_phase_filter_partitions_the_statuses() -> None:
    case = make_case()
    for status in CaseStatus.values:
        _put(case, status)
        phases = [p for p in workflow.PHASES if CaseFilterSet({"phase": p}, queryset=Case.objects.all()).qs.exists()]
        assert phases == [workflow.STATUSES[status].phase]


def test_when_is_the_same_in_python_and_in_sql() -> None:
    when = workflow.When("route", (Route.GAKKUMDU,), negate=True)
    assert when.q() == ~Q(route__in=[Route.GAKKUMDU])
    assert when.holds(Case(route=Route.KPU)) and not when.holds(Case(route=Route.GAKKUMDU))
