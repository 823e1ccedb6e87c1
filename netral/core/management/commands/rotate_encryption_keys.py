"""Re-encrypt every encrypted column with the newest key, and optionally rebuild the blind indexes.

Key rotation, step by step (docs/operations.md):
1. put the new Fernet key first in FIELD_ENCRYPTION_KEYS, keep the old one after it, restart;
2. run this command: every value is decrypted (with whichever key fits) and written back
   encrypted with the newest key;
3. remove the old key from FIELD_ENCRYPTION_KEYS, restart.
For a new BLIND_INDEX_KEY: set it, then run with ``--blind-indexes`` (models declare
``BLIND_INDEXES = {"index_field": "encrypted_field"}``) so equal NIKs are found again.

Works on every installed model that has an ``EncryptedTextField``; rows go in primary-key batches,
each in its own transaction, so the command can be stopped and run again.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import models, transaction

from netral.core.crypto import EncryptedTextField, blind_index


def encrypted_models() -> list[tuple[type[models.Model], list[str]]]:
    found = []
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if names:
            found.append((model, names))
    return found


class Command(BaseCommand):
    help = "Re-encrypt encrypted columns with the newest FIELD_ENCRYPTION_KEYS key; --blind-indexes rebuilds indexes."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--blind-indexes", action="store_true", help="recompute blind indexes with BLIND_INDEX_KEY")

    def handle(self, *args: Any, **options: Any) -> None:
        size = options["batch_size"]
        for model, names in encrypted_models():
            indexes: dict[str, str] = getattr(model, "BLIND_INDEXES", {}) if options["blind_indexes"] else {}
            label = model._meta.label
            done = 0
            last = None
            while True:
                qs = model._default_manager.order_by("pk")
                if last is not None:
                    qs = qs.filter(pk__gt=last)
                batch = list(qs.values("pk", *names)[:size])
                if not batch:
                    break
                with transaction.atomic():
                    for row in batch:
                        values: dict[str, Any] = {name: row[name] for name in names if row[name]}
                        for index_field, source in indexes.items():
                            plain = "".join(str(row.get(source) or "").split())
                            values[index_field] = blind_index(plain) if plain else ""
                        if values:
                            # update() runs get_prep_value: each value is encrypted with the newest key.
                            model._default_manager.filter(pk=row["pk"]).update(**values)
                            done += 1
                last = batch[-1]["pk"]
            self.stdout.write(f"{label}: {done} row(s) re-encrypted" + (", blind indexes rebuilt" if indexes else ""))
