"""Throughput benchmark of netral_nlp on one core (a plain script, not a test).

Texts are built from the project's own training-corpus generator (never from eval data):
news-size articles of 2–4 KB (several generated paragraphs of one kind plus noise lines)
and post-size texts of 200–300 characters. Prints documents/second, peak memory and the
ratio to a single-regex pass (``\\w+`` tokenisation) over the same texts in the same run.

    python benchmarks/bench_nlp.py [--articles 2000] [--posts 20000]
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from netral_nlp import analyze  # noqa: E402
from netral_nlp.training.generate import generate  # noqa: E402

FILLER = [
    "Warga berharap pemerintah daerah terus meningkatkan pelayanan publik di wilayahnya.",
    "Sementara itu, sejumlah ruas jalan di pusat kota mulai diperbaiki bulan ini.",
    "Kegiatan tersebut dihadiri unsur Forkopimda, tokoh masyarakat dan tokoh agama setempat.",
    "Menurut keterangan warga, kejadian tersebut sempat menjadi perbincangan di media sosial.",
]


def build_corpus(seed: int, n_articles: int, n_posts: int) -> tuple[list[str], list[str]]:
    """Articles of 2–4 KB and posts of 200–300 chars from generated documents."""
    rng = random.Random(seed)
    docs = generate(seed=seed, per_kind=400)
    by_kind: dict[str, list[str]] = {}
    for d in docs:
        by_kind.setdefault(d["kind"], []).append(d["text"])
    kinds = sorted(by_kind)
    articles: list[str] = []
    while len(articles) < n_articles:
        k = rng.choice(kinds)
        target = rng.randint(2048, 4096)
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < target:
            parts.append(rng.choice(by_kind[k]) if rng.random() < 0.8 else rng.choice(FILLER))
        articles.append("\n".join(parts)[:target])
    posts: list[str] = []
    while len(posts) < n_posts:
        k = rng.choice(kinds)
        t = rng.choice(by_kind[k])
        size = rng.randint(200, 300)
        while len(t) < size:
            t += " " + rng.choice(FILLER)
        posts.append(t[:size])
    return articles, posts


def timed(fn, texts: list[str], repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    """Best-of-``repeat`` wall time for running ``fn`` over all texts."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for t in texts:
            fn(t)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--posts", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    articles, posts = build_corpus(args.seed, args.articles, args.posts)
    analyze("Pemanasan: ASN dilarang kampanye pada Pilkada 2024 di Kabupaten Bandung.")  # load data and model once
    word_re = re.compile(r"\w+")
    kw_re = re.compile(r"asn|pns|pppk|netral|pilkada|pemilu|kampanye|bawaslu")

    print(f"python {sys.version.split()[0]}, one process (one core)")
    for label, texts in (("articles (2-4 KB)", articles), ("posts (200-300 chars)", posts)):
        nbytes = sum(len(t.encode()) for t in texts)
        t_engine = timed(analyze, texts)
        t_regex = timed(word_re.findall, texts)
        t_kw = timed(lambda s: list(kw_re.finditer(s.lower())), texts)
        relevant = sum(1 for t in texts if analyze(t).relevant)
        print(f"\n{label}: {len(texts)} docs, {nbytes / 1e6:.2f} MB, {relevant} judged relevant")
        print(f"  engine           {len(texts) / t_engine:10.0f} docs/s  {nbytes / t_engine / 1e6:6.2f} MB/s")
        print(
            f"  regex \\w+ pass   {len(texts) / t_regex:10.0f} docs/s  -> engine/regex time ratio {t_engine / t_regex:5.1f}x"  # noqa: E501
        )
        print(f"  keyword finditer {len(texts) / t_kw:10.0f} docs/s  -> engine/keyword ratio   {t_engine / t_kw:5.1f}x")

    tracemalloc.start()
    for t in articles[:500]:
        analyze(t)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak traced allocation while analysing 500 articles: {peak / 1e6:.2f} MB; process max RSS {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
