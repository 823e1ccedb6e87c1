"""Django set-up shared by the benchmark scripts that build their own database.

SQLite in a fresh file under ``tmp`` unless ``DATABASE_URL`` points at a (throw-away)
PostgreSQL database; migrated, with the reference data loaded once.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def setup_django(
    tmp: Path, *, env: dict[str, str] | None = None, keep_sqlite_path: bool = False, test_environment: bool = False
) -> str:
    """Configure, migrate and load reference data; returns the database vendor.

    ``env``: extra settings for this run (e.g. storage roots under ``tmp``); ``keep_sqlite_path``:
    a ``SQLITE_PATH`` already set wins over the temporary file; ``test_environment``: Django's
    test set-up (in-memory e-mail, test client rendering hooks).
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netral.settings")
    if not os.environ.get("DATABASE_URL"):
        if keep_sqlite_path:
            os.environ.setdefault("SQLITE_PATH", str(tmp / "bench.sqlite3"))
        else:
            os.environ["SQLITE_PATH"] = str(tmp / "bench.sqlite3")
    os.environ.update(env or {})
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if test_environment:
        from django.test.utils import setup_test_environment

        setup_test_environment()
    call_command("migrate", verbosity=0)
    from netral.regions.models import Region

    if not Region.objects.filter(code="32.79").exists():
        from netral.regions.services import load_reference

        load_reference()
    return connection.vendor
