"""Report submission throughput through ``reports.services.submit_report``.

Measures reports/s for a complete named report (encryption, blind index, audit, case opening)
without evidence and with one ~200 KB PNG (sniffing, SHA-256, display copy, private storage).

SQLite (a fresh file in a temp dir) by default; PostgreSQL when DATABASE_URL is set (it must
point at a throw-away database: tables are created and the rows stay there).

    .venv/bin/python benchmarks/bench_report_submit.py [--n 200]
    DATABASE_URL=postgres://netral@127.0.0.1:PORT/netral .venv/bin/python benchmarks/bench_report_submit.py
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from django_setup import setup_django  # noqa: E402


def image_200k() -> bytes:
    """A noisy PNG of about 200 KB (noise defeats compression, as a real photo does)."""
    from PIL import Image

    rng = random.Random(1)
    side = 260
    img = Image.frombytes("RGB", (side, side), bytes(rng.getrandbits(8) for _ in range(side * side * 3)))
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def data(i: int) -> dict[str, object]:
    import datetime

    from netral.regions.models import Region

    region = Region.objects.get(code="32.79")
    today = datetime.date.today()
    return {
        "subject_kind": "asn",
        "subject_name": f"Pegawai Uji {i}",
        "subject_position": "Camat",
        "subject_agency_name": "Pemerintah Kota Banjar",
        "description": "Camat mengunggah ajakan memilih salah satu pasangan calon di akun media sosialnya.",
        "occurred_on": today,
        "known_on": today,
        "region": region,
        "place": "Akun Facebook",
        "links": ["https://facebook.example/posts/1"],
        "identity": "named",
        "reporter_name": "Pelapor Uji",
        "reporter_address": "Jl. Uji 1",
        "reporter_nik": "3279014107900001",
        "reporter_phone": "081234567890",
        "reporter_email": "uji@example.test",
        "reporter_category": "pemilih",
    }


def run(n: int, image: bytes | None) -> float:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from netral.reports.services import submit_report

    payloads = [data(i) for i in range(n)]
    start = time.perf_counter()
    for i, payload in enumerate(payloads):
        files = []
        if image is not None:
            # Vary one byte so each file is new content (no dedup shortcut).
            files = [SimpleUploadedFile(f"f{i}.png", image + i.to_bytes(4, "big"), content_type="image/png")]
        submit_report(payload, files)
    return n / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        storage = {"PRIVATE_STORAGE_ROOT": str(Path(tmp) / "private"), "MEDIA_ROOT": str(Path(tmp) / "media")}
        vendor = setup_django(Path(tmp), env=storage)
        img = image_200k()
        run(5, None)  # warm-up: imports, first queries
        plain = run(args.n, None)
        with_img = run(max(args.n // 2, 10), img)
        print(f"database: {vendor}")
        print(f"submit_report without evidence: {plain:8.1f} reports/s ({args.n} reports)")
        print(f"submit_report with one {len(img) // 1024} KB PNG: {with_img:8.1f} reports/s")


if __name__ == "__main__":
    main()
