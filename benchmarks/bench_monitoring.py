"""Monitoring inbox figures: parse rate, background analysis rate, grouping quality, inbox page cost.

Texts come from the engine's own training-corpus generator (never from eval data); one in
``--copy-share`` is a near-copy (retweet prefix, dropped word, added hashtag) of an earlier
text. Prints:

- JSONL parsing (items/s) for the whole upload;
- ``run_analysis`` (items/s, one core): engine + MinHash grouping + writes, per chunk commits;
- grouping: share of planted copies attached to their original's group, and generated texts
  grouped with a leader they are not actually similar to (3-shingle Jaccard < 0.4);
- the inbox page for a national user: wall time and number of SQL queries.

SQLite (a fresh file in a temp dir) by default; PostgreSQL when DATABASE_URL is set (it must
point at a throw-away database: tables are created and the rows stay there).

    .venv/bin/python benchmarks/bench_monitoring.py [--n 2000]
    DATABASE_URL=postgres://netral@127.0.0.1:PORT/netral .venv/bin/python benchmarks/bench_monitoring.py
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from django_setup import setup_django  # noqa: E402


def make_texts(n: int, copy_share: int, rng: random.Random) -> tuple[list[str], dict[int, int]]:
    """Texts plus {copy index: original index} for the planted near-copies."""
    from netral_nlp.training.generate import generate

    pool = [d["text"] for d in generate(seed=11, per_kind=max(1, n // 5 + 1))]
    rng.shuffle(pool)
    texts: list[str] = []
    copies: dict[int, int] = {}
    for i in range(n):
        if i > 10 and rng.randrange(copy_share) == 0:
            src = rng.randrange(i)
            while src in copies:
                src = copies[src]
            words = texts[src].split()
            del words[rng.randrange(len(words))]
            texts.append(f"RT @warga{i}: " + " ".join(words) + f" #Pilkada{rng.randrange(99)}")
            copies[i] = src
            continue
        texts.append(pool.pop())
    return texts, copies


def jaccard(a: str, b: str) -> float:
    from netral.monitoring.dedupe import shingles

    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / len(sa | sb) if sa and sb else 0.0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--copy-share", type=int, default=10, help="one in N texts is a near-copy")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        vendor = setup_django(Path(tmp))
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from netral.accounts.models import User
        from netral.monitoring import ingest, services
        from netral.monitoring.models import Item

        rng = random.Random(7)
        texts, copies = make_texts(args.n, args.copy_share, rng)
        raw = "\n".join(json.dumps({"id": f"b{i}", "text": t}) for i, t in enumerate(texts)).encode()

        t0 = time.perf_counter()
        parsed = ingest.parse_file(raw, "bench.jsonl")
        parse_s = time.perf_counter() - t0

        user, _ = User.objects.get_or_create(
            username="bench_monitoring", defaults={"role": "analyst", "is_staff": True}
        )
        from netral.monitoring.models import Batch

        Batch.objects.filter(file_name="bench.jsonl").delete()  # an earlier run's items would be leaders
        batch = services.create_batch(user, parsed, file_name="bench.jsonl", enqueue=False)
        t0 = time.perf_counter()
        services.run_analysis(batch.pk)
        analyse_s = time.perf_counter() - t0

        items = {int(i.external_id[1:]): i for i in Item.objects.filter(batch=batch)}

        def leader(i: int) -> int:
            it = items[i]
            return it.duplicate_of_id or it.pk

        def root(i: int) -> int:
            while i in copies:
                i = copies[i]
            return i

        found = sum(1 for c in copies if leader(c) == leader(root(c)))
        distinct = [i for i in items if i not in copies]
        grouped = [i for i in distinct if items[i].duplicate_of_id is not None]
        by_pk = {it.pk: i for i, it in items.items()}
        # A grouped "distinct" text is only wrong when it is not actually similar to its leader.
        wrong = sum(
            1
            for i in grouped
            if items[i].duplicate_of_id in by_pk and jaccard(texts[i], texts[by_pk[items[i].duplicate_of_id]]) < 0.4
        )

        client = Client()
        client.force_login(user)
        client.get("/pemantauan/")  # warm up templates
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            resp = client.get("/pemantauan/?relevant=yes")
            page_s = time.perf_counter() - t0
        assert resp.status_code == 200

        print(f"database: {vendor}; items: {args.n}; planted copies: {len(copies)}")
        print(f"parse JSONL: {parse_s:.3f} s ({args.n / parse_s:,.0f} items/s, {len(raw) / 1e6:.1f} MB)")
        print(f"run_analysis (engine + grouping + writes): {analyse_s:.1f} s ({args.n / analyse_s:,.1f} items/s)")
        print(
            f"grouping: {found}/{len(copies)} planted copies grouped with their original; "
            f"{len(grouped)}/{len(distinct)} generated texts grouped with another, "
            f"{wrong} of them not actually similar (Jaccard < 0.4)"
        )
        slow = sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))[:3]
        for q in slow:
            print(f"  query {float(q['time']) * 1000:.0f} ms: {q['sql'][:160]}")
        print(f"inbox page (national user, relevant=yes): {page_s * 1000:.0f} ms, {len(ctx.captured_queries)} queries")


if __name__ == "__main__":
    main()
