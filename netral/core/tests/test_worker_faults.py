"""Faults: a worker killed with SIGKILL mid-task, and two workers on one monitoring batch.

Real worker processes (``manage.py run_worker``) against the PostgreSQL test database.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import connections

from netral.core.models import Sequence, TaskRecovery
from netral.testing import in_parallel, needs_postgres

ROOT = Path(django_settings.BASE_DIR)
pytestmark = [needs_postgres, pytest.mark.django_db(transaction=True)]


def _worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "run_worker", "--queue-name", "default", "--interval", "0.2", "-v", "0"],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def _wait(predicate: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_task_whose_worker_was_killed_is_finished_by_another(settings: Any, tmp_path: Path) -> None:
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    from netral.core.tests.worker_tasks import slow_count

    settings.TASKS = {"default": {**settings.TASKS["default"], "BACKEND": "django_tasks_db.DatabaseBackend"}}
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "NETRAL_SCHEDULER": "off",
        "NETRAL_WORKER_HEARTBEAT_SECONDS": "0.5",
        "NETRAL_WORKER_LEASE_SECONDS": "3",
        "DB_CONN_MAX_AGE": "0",
    }
    result = slow_count.enqueue("fault", 3.0)
    log = tmp_path / "workers.log"
    first = _worker(env, log)
    try:
        _wait(lambda: DBTaskResult.objects.get(pk=result.id).status == "RUNNING", 60, "the first worker to start")
        _wait(lambda: Sequence.objects.filter(name="fault", period="starts").exists(), 30, "the task to begin")
        first.send_signal(signal.SIGKILL)  # mid-task: no clean-up of any kind
        first.wait(10)
        assert DBTaskResult.objects.get(pk=result.id).status == "RUNNING"  # what a dead worker leaves behind
        second = _worker(env, log)
        try:
            _wait(lambda: DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL", 90, "the second worker")
        finally:
            second.send_signal(signal.SIGTERM)
            second.wait(30)
    finally:
        if first.poll() is None:
            first.kill()
    task = DBTaskResult.objects.get(pk=result.id)
    assert task.return_value == 2  # started twice, finished once
    assert Sequence.objects.get(name="fault", period="done").value == 2
    assert len(task.worker_ids) == 2 and task.worker_ids[0] != task.worker_ids[1]
    assert TaskRecovery.objects.get(task_id=str(result.id)).attempts == 1
    connections.close_all()


def test_two_workers_on_one_batch_analyse_each_item_once(cast: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from netral.monitoring import engine, services
    from netral.monitoring.choices import ItemStatus
    from netral.monitoring.ingest import Parsed, RawItem
    from netral.monitoring.models import Item, ItemBand

    monkeypatch.setattr(services, "enqueue_analysis", lambda batch: True)  # stored, not analysed yet
    raw = [
        RawItem(external_id=f"p{i}", text=f"Unggahan nomor {i} tentang kampanye pilkada di kota kami, ASN ke-{i}.")
        for i in range(80)
    ]
    batch = services.create_batch(cast.analyst_a, Parsed(source_kind="jsonl", items=raw), file_name="dua.jsonl")
    seen: list[str] = []
    lock = threading.Lock()
    real = engine.analyse

    def counting(doc_id: str, text: str) -> Any:
        with lock:
            seen.append(doc_id)
        time.sleep(0.005)  # long enough for the two workers to overlap
        return real(doc_id, text)

    monkeypatch.setattr(engine, "analyse", counting)
    _, errors = in_parallel(2, lambda _: services.run_analysis(batch.pk, chunk=5))
    assert not errors, errors
    assert len(seen) == 80 and len(set(seen)) == 80  # every item analysed, none twice
    assert Item.objects.filter(batch=batch, status=ItemStatus.ANALYSED).count() == 80
    bands = list(ItemBand.objects.filter(item__batch=batch).values_list("item_id", "key"))
    assert len(bands) == len(set(bands))
