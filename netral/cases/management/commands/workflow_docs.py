"""Write the workflow table into docs/cases.md (``--check``: fail when the page is out of date)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from netral.cases import workflow_doc


class Command(BaseCommand):
    help = "Render the case workflow table (diagram, moves, statuses, fields) into docs/cases.md."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="only report whether the page is current")

    def handle(self, *args: Any, **options: Any) -> None:
        text = workflow_doc.DOC.read_text(encoding="utf-8")
        rendered = workflow_doc.render(text)
        if options["check"]:
            if rendered != text:
                raise CommandError("docs/cases.md is out of date: run manage.py workflow_docs")
            return
        workflow_doc.DOC.write_text(rendered, encoding="utf-8")
        self.stdout.write("docs/cases.md updated" if rendered != text else "docs/cases.md already current")
