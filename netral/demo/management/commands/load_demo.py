import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from netral.accounts.models import User
from netral.core.context import acting
from netral.demo.world import DEMO_PASSWORD, build_world


class Command(BaseCommand):
    help = "Build the demo world (agencies, users for every role, reports and cases in every state)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="the demo's 'today' (default: today, so legal clocks are running)",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        if User.objects.filter(username="bawaslu_banjar").exists():
            self.stdout.write("demo data already present; nothing to do")
            return
        with acting(None):
            world = build_world(seed=opts["seed"], today=opts["today"])
        self.stdout.write(
            self.style.SUCCESS(
                f"demo ready: {len(world.agencies)} agencies, users {', '.join(sorted(world.users))} "
                f"(password {DEMO_PASSWORD})"
            )
        )
