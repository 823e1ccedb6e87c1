"""``manage.py run_worker``: django-tasks-db's worker plus heartbeats, recovery and the scheduler.

Takes the same options as ``db_worker`` (``--queue-name``, ``--interval``, ``--max-tasks`` …) and
``--no-scheduler`` for workers that should not run periodic jobs. See ``core.worker``.
"""

from __future__ import annotations

from typing import Any

from django.utils.crypto import get_random_string
from django_tasks_db.management.commands import db_worker

from netral.core.worker import Housekeeper


class Command(db_worker.Command):
    help = "Run a background worker that beats, recovers the tasks of dead workers and runs periodic jobs."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument("--no-scheduler", action="store_false", dest="scheduler", help="run no periodic jobs")

    def handle(self, *args: Any, **options: Any) -> None:
        # The autoreloader would run a second, idle process that also beats and schedules.
        options["reload"] = False
        options["worker_id"] = options.get("worker_id") or get_random_string(32)
        queues = [q.strip() for q in str(options.get("queue_name") or "default").split(",") if q.strip()]
        keeper = Housekeeper(options["worker_id"], queues, scheduler=options.pop("scheduler"))
        keeper.start()
        try:
            super().handle(*args, **options)
        finally:
            keeper.finish()
