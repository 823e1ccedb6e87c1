"""Leases, the periodic scheduler (each due time once), and the reaper of dead workers' tasks."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from netral.core import leases, periodic, worker
from netral.core.models import PeriodicRun, TaskRecovery, WorkerHeartbeat
from netral.testing import in_parallel, needs_postgres

NOW = datetime.datetime(2026, 12, 4, 10, 7, 30, tzinfo=datetime.UTC)


@pytest.mark.django_db
def test_a_lease_has_one_holder_until_it_expires() -> None:
    assert leases.acquire("rebuild", "a", 30, now=NOW)
    assert not leases.acquire("rebuild", "b", 30, now=NOW + datetime.timedelta(seconds=10))
    assert leases.acquire("rebuild", "a", 30, now=NOW + datetime.timedelta(seconds=10))  # renewal
    assert leases.acquire("rebuild", "b", 30, now=NOW + datetime.timedelta(seconds=41))  # a's expired
    leases.release("rebuild", "a")  # not a's any more: nothing happens
    assert not leases.acquire("rebuild", "c", 30, now=NOW + datetime.timedelta(seconds=42))


def test_due_times_follow_the_interval_and_offset() -> None:
    hourly = periodic.Job("r", "r", every=3600, offset=300)
    assert hourly.due_at(NOW) == datetime.datetime(2026, 12, 4, 10, 5, tzinfo=datetime.UTC)
    daily = periodic.Job("d", "d", every=86400, offset=3600)
    assert daily.due_at(NOW) == datetime.datetime(2026, 12, 4, 1, 0, tzinfo=datetime.UTC)
    assert daily.due_at(datetime.datetime(2026, 12, 4, 0, 30, tzinfo=datetime.UTC)).day == 3


JOBS = {
    "prune_submission_tokens": {"every": 3600},
    "broken": {"command": "no_such_command_anywhere", "every": 3600},
}


@pytest.mark.django_db
def test_each_due_time_runs_once_and_records_what_it_did(settings: Any) -> None:
    settings.NETRAL_PERIODIC_JOBS = JOBS
    claimed = periodic.tick("w1", now=NOW)
    assert {r.job for r in claimed} == {"prune_submission_tokens", "broken"}
    assert periodic.tick("w2", now=NOW + datetime.timedelta(minutes=5)) == []  # same due times
    ok = PeriodicRun.objects.get(job="prune_submission_tokens")
    assert ok.ok is True and "removed 0 token" in ok.outcome and ok.finished_at is not None
    broken = PeriodicRun.objects.get(job="broken")
    assert broken.ok is False and broken.outcome.startswith("CommandError: Unknown command")
    assert len(periodic.tick("w2", now=NOW + datetime.timedelta(hours=1))) == 2  # the next hour


@pytest.mark.django_db
def test_a_finished_run_is_not_run_again(settings: Any) -> None:
    settings.NETRAL_PERIODIC_JOBS = JOBS
    run = periodic.tick("w1", now=NOW)[0]
    run.refresh_from_db()
    finished = run.finished_at
    assert periodic.execute(run.pk) is None
    run.refresh_from_db()
    assert run.finished_at == finished


@pytest.mark.django_db
def test_a_switched_off_scheduler_claims_nothing(settings: Any) -> None:
    settings.NETRAL_PERIODIC_JOBS = JOBS
    settings.NETRAL_SCHEDULER = False
    assert periodic.tick("w1", now=NOW) == []


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_ticking_at_once_run_each_job_once(settings: Any) -> None:
    settings.NETRAL_PERIODIC_JOBS = {f"job{i}": {"command": "prune_submission_tokens", "every": 3600} for i in range(6)}
    settings.TASKS = {"default": {**settings.TASKS["default"], "BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    results, errors = in_parallel(4, lambda i: [r.job for _ in range(3) for r in periodic.tick(f"w{i}", now=NOW)])
    assert not errors, errors
    assert sorted(job for jobs in results for job in jobs) == [f"job{i}" for i in range(6)]
    assert PeriodicRun.objects.count() == 6


def _running_task(worker_id: str) -> Any:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.create(
        status="RUNNING",
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="netral.core.tasks.run_periodic",
        queue_name="periodic",
        backend_name="default",
        run_after=timezone.now(),
        started_at=timezone.now(),
        worker_ids=[worker_id],
    )


@pytest.mark.django_db
def test_the_reaper_gives_back_only_the_tasks_of_dead_workers(settings: Any) -> None:
    settings.NETRAL_WORKER_LEASE_SECONDS = 60
    now = timezone.now()
    worker.beat("alive", ["default"])
    worker.beat("dead", ["default"])
    WorkerHeartbeat.objects.filter(worker_id="dead").update(seen_at=now - datetime.timedelta(seconds=120))
    of_alive, of_dead, of_stranger = _running_task("alive"), _running_task("dead"), _running_task("plain-db-worker")
    assert worker.reap(now) == {"requeued": 1, "failed": 0}
    for task, status in ((of_alive, "RUNNING"), (of_dead, "READY"), (of_stranger, "RUNNING")):
        task.refresh_from_db()
        assert task.status == status
    assert TaskRecovery.objects.get(task_id=str(of_dead.pk)).attempts == 1


@pytest.mark.django_db
def test_a_task_that_keeps_losing_its_worker_fails_with_one_readable_line(settings: Any) -> None:
    settings.NETRAL_TASK_MAX_RECOVERIES = 2
    now = timezone.now()
    worker.beat("dead", ["default"])
    WorkerHeartbeat.objects.filter(worker_id="dead").update(seen_at=now - datetime.timedelta(seconds=600))
    task = _running_task("dead")
    from django_tasks_db.models import DBTaskResult

    for _ in range(2):
        worker.reap(now)
        DBTaskResult.objects.filter(pk=task.pk).update(status="RUNNING")  # another worker took it and died too
    assert worker.reap(now) == {"requeued": 0, "failed": 1}
    task.refresh_from_db()
    assert task.status == "FAILED"
    assert task.traceback == "Worker dead stopped responding while running this task, 3 times; not retried again."
    assert task.exception_class_path == "netral.core.worker.WorkerLost"


@pytest.mark.django_db
def test_the_jobs_page_is_for_administrators(client: Any, cast: Any, settings: Any) -> None:
    settings.NETRAL_PERIODIC_JOBS = JOBS
    periodic.tick("w1", now=timezone.now())
    worker.beat("w1", ["*"])
    client.force_login(cast.sup_a)
    assert client.get("/sistem/pekerjaan/").status_code == 404
    client.force_login(cast.admin)
    body = client.get("/sistem/pekerjaan/").content.decode()
    assert "prune_submission_tokens" in body and "removed 0 token" in body
    assert "CommandError" in body and "w1" in body
