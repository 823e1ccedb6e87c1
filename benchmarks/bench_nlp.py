"""Throughput benchmark of netral_nlp on one core (a plain script, not a test).

Texts are built from the project's own training-corpus generator (never from eval data):
news-size articles of 2–4 KB (several generated paragraphs of one kind plus noise lines)
and post-size texts of 200–300 characters. Prints documents/second, peak memory and the
ratio to a single-regex pass (``\\w+`` tokenisation) over the same texts in the same run.

Two feeds: a mixed feed (all five generated kinds, drawn uniformly: three relevant kinds,
non-ASN neutrality and hard negatives) and an all-relevant worst case (every document goes
through the full path: rules, model and extraction). Times are CPU seconds of this process
(``time.process_time``), so other load on a shared machine inflates them less than wall time;
each figure is the median of ``--runs`` runs. Within a run the engine and the regex pass
alternate over chunks of 20 articles / 200 posts, and each chunk keeps its fastest of
``--repeat`` passes, so the ratio compares the two under the same load.

    python benchmarks/bench_nlp.py [--articles 2000] [--posts 20000] [--runs 3]
    python benchmarks/bench_nlp.py --cli                      # the CLI path, 5,000 vs 100,000 posts ...
    python benchmarks/bench_nlp.py --cluster-scaling 1000000  # the clusterer alone, 1,000 to 1,000,000
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import statistics
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


def build_corpus(
    seed: int, n_articles: int, n_posts: int, kinds: tuple[str, ...] | None = None
) -> tuple[list[str], list[str]]:
    """Articles of 2–4 KB and posts of 200–300 chars from generated documents.

    ``kinds`` limits the generated kinds used (None: all five kinds, drawn uniformly).
    """
    rng = random.Random(seed)
    docs = generate(seed=seed, per_kind=400)
    by_kind: dict[str, list[str]] = {}
    for d in docs:
        by_kind.setdefault(d["kind"], []).append(d["text"])
    kinds_used = sorted(k for k in by_kind if kinds is None or k in kinds)
    articles: list[str] = []
    while len(articles) < n_articles:
        k = rng.choice(kinds_used)
        target = rng.randint(2048, 4096)
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < target:
            parts.append(rng.choice(by_kind[k]) if rng.random() < 0.8 else rng.choice(FILLER))
        articles.append("\n".join(parts)[:target])
    posts: list[str] = []
    while len(posts) < n_posts:
        k = rng.choice(kinds_used)
        t = rng.choice(by_kind[k])
        size = rng.randint(200, 300)
        while len(t) < size:
            t += " " + rng.choice(FILLER)
        posts.append(t[:size])
    return articles, posts


RELEVANT_KINDS = ("violation", "prevention", "sanction_policy")
WORD_RE = re.compile(r"\w+")


def measure(texts: list[str], repeat: int, chunk: int) -> dict[str, float]:
    """Engine and ``\\w+`` pass over the same texts, interleaved chunk by chunk.

    Each chunk of ``chunk`` texts is run through the engine and then through the regex, so
    both see the same machine load; per chunk the fastest of ``repeat`` passes is kept, and
    the chunk times are summed (CPU seconds of this process, and wall seconds).
    """
    chunks = [texts[i : i + chunk] for i in range(0, len(texts), chunk)]
    best = {k: [float("inf")] * len(chunks) for k in ("ec", "ew", "rc", "rw")}
    findall = WORD_RE.findall
    for _ in range(repeat):
        for i, ch in enumerate(chunks):
            w0, c0 = time.perf_counter(), time.process_time()
            for t in ch:
                analyze(t)
            c1, w1 = time.process_time(), time.perf_counter()
            for t in ch:
                findall(t)
            c2, w2 = time.process_time(), time.perf_counter()
            for k, v in (("ec", c1 - c0), ("ew", w1 - w0), ("rc", c2 - c1), ("rw", w2 - w1)):
                if v < best[k][i]:
                    best[k][i] = v
    ec, ew, rc, rw = (max(sum(best[k]), 1e-9) for k in ("ec", "ew", "rc", "rw"))
    n = len(texts)
    return {
        "wall_docs_s": n / ew,
        "cpu_docs_s": n / ec,
        "regex_cpu_docs_s": n / rc,
        "ratio_cpu": ec / rc,
        "ratio_wall": ew / rw,
    }


def _vm_kb(field: str) -> int:
    """``VmRSS``/``VmHWM`` of this process in KB (0 where /proc is missing)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def cluster_scaling(seed: int, largest: int) -> None:
    """The clusterer alone, 1,000 to ``largest`` documents: CPU µs per document over the last
    1,000 documents before each decade mark, comparisons per document and memory.

    Documents are post-sized word lists: 70% new texts (40 words drawn from a Zipf-like
    vocabulary of 20,000 words) and 30% reposts of an earlier document (a recent one half of
    the time) with the last word or two changed, so groups keep growing and slogans recur.
    """
    from netral_nlp.cluster import Clusterer

    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(20_000)]
    weights = [1 / (i + 1) for i in range(len(vocab))]
    slogans = [["netralitas", "asn", "harga", "mati"], ["asn", "wajib", "netral"], ["pilkada", "damai", "2024"]]
    docs: list[list[str]] = []
    c = Clusterer()
    marks = [m for m in (1_000, 10_000, 100_000, 1_000_000, 10_000_000) if m <= largest]
    window = 1_000
    rss0 = _vm_kb("VmRSS")
    print(f"\nclusterer alone (add_tokens), {largest:,} post-sized documents, CPU time")
    print("  documents   µs/doc (last 1,000)   comparisons/doc   copies found   RSS growth")
    spent = 0.0
    cmp0 = 0
    for n in range(1, largest + 1):
        if docs and rng.random() < 0.3:
            src = docs[rng.randrange(max(0, len(docs) - 1000), len(docs))] if rng.random() < 0.5 else rng.choice(docs)
            toks = [*src[:-2], rng.choice(vocab), rng.choice(vocab)] if rng.random() < 0.5 else list(src)
        else:
            toks = rng.choices(vocab, weights, k=40)
            if rng.random() < 0.2:
                toks += rng.choice(slogans)
        if n <= 100_000 or rng.random() < 0.1:
            docs.append(toks)  # keep a bounded pool of sources beyond 100,000
        if n == marks[0] - window + 1:
            spent = 0.0
            cmp0 = c.comparisons
        t0 = time.process_time()
        c.add_tokens(str(n), toks)
        spent += time.process_time() - t0
        if n == marks[0]:
            found = sum(g != i for i, g in enumerate(c._groups))
            grown = (_vm_kb("VmRSS") - rss0) / 1024
            print(
                f"  {n:>9,}   {spent / window * 1e6:10.1f}            {(c.comparisons - cmp0) / window:8.2f}"
                f"        {found:>10,}   {grown:8.0f} MB"
            )
            marks.pop(0)
            if not marks:
                break


def _write_jsonl(path: Path, texts: list[str]) -> None:
    import json

    with path.open("w", encoding="utf-8") as fh:
        for i, t in enumerate(texts):
            fh.write(json.dumps({"id": f"d{i}", "text": t}, ensure_ascii=False) + "\n")


_CLI_CHILD = """
import resource, sys
from netral_nlp.cli import main
sys.stdout = open(sys.argv[2], "w", encoding="utf-8")
rc = main(["analyze", sys.argv[1]])
sys.stdout.flush()
ru = resource.getrusage(resource.RUSAGE_SELF)
hwm = [ln for ln in open("/proc/self/status") if ln.startswith("VmHWM:")][0].split()[1]
print(rc, ru.ru_utime + ru.ru_stime, hwm, file=sys.stderr)
"""


def cli_path(seed: int, sizes: list[tuple[str, int]]) -> None:
    """``netral analyze FILE.jsonl`` in a child process (reading, analysis, clustering, JSON
    output to a file): CPU seconds of the child, peak RSS (VmHWM), one output line per input
    checked, and the ratio to a ``\\w+`` pass over the same texts in this process."""
    import json
    import subprocess
    import tempfile

    print("\nCLI path: netral analyze FILE.jsonl > out.jsonl, one process, CPU time of that process")
    print("  input                  docs/s    µs/doc   \\w+ µs/doc   ratio   peak RSS   lines out")
    biggest = max(n for _, n in sizes)
    articles, posts = build_corpus(seed, max((n for k, n in sizes if k == "articles"), default=0), 0)
    _, posts = build_corpus(seed + 1, 0, max((n for k, n in sizes if k == "posts"), default=0))
    del biggest
    with tempfile.TemporaryDirectory() as tmp:
        for kind, n in sizes:
            texts = (articles if kind == "articles" else posts)[:n]
            src, out = Path(tmp) / f"{kind}-{n}.jsonl", Path(tmp) / "out.jsonl"
            _write_jsonl(src, texts)
            r = subprocess.run(  # noqa: S603 - our own interpreter and script
                [sys.executable, "-c", _CLI_CHILD, str(src), str(out)],
                cwd=Path(__file__).resolve().parent.parent,
                capture_output=True,
                check=False,
            )
            rc, cpu, hwm = r.stderr.decode().split()[-3:]
            with out.open(encoding="utf-8") as fh:
                ids = [json.loads(line)["id"] for line in fh]
            ok = ids == [f"d{i}" for i in range(n)]
            t0 = time.process_time()
            for t in texts:
                WORD_RE.findall(t)
            regex = time.process_time() - t0
            per = float(cpu) / n
            print(
                f"  {n:>7,} {kind:<10} {1 / per:9.0f} {per * 1e6:9.1f} {regex / n * 1e6:11.1f} "
                f"{float(cpu) / regex:6.1f}x {int(hwm) / 1024:7.0f} MB   {len(ids):,} {'= input' if ok else 'MISMATCH'}"
                f" (rc {rc})"
            )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--posts", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--runs", type=int, default=3, help="measurement runs; the median is printed")
    ap.add_argument("--repeat", type=int, default=3, help="passes per run; each chunk keeps its fastest")
    ap.add_argument("--cluster-scaling", type=int, metavar="N", help="only the clusterer alone, 1,000 to N documents")
    ap.add_argument(
        "--cli",
        action="store_true",
        help="only the CLI path: 5,000 and 100,000 posts, 5,000 and 20,000 articles (see --cli-sizes)",
    )
    ap.add_argument("--cli-sizes", default="posts:5000,posts:100000,articles:5000,articles:20000", metavar="KIND:N,...")
    args = ap.parse_args()
    if args.cluster_scaling:
        cluster_scaling(args.seed, args.cluster_scaling)
        return 0
    if args.cli:
        sizes = [(k, int(n)) for k, n in (x.split(":") for x in args.cli_sizes.split(","))]
        cli_path(args.seed, sizes)
        return 0
    analyze("Pemanasan: ASN dilarang kampanye pada Pilkada 2024 di Kabupaten Bandung.")  # load data and model once

    print(f"python {sys.version.split()[0]}, one process (one core); median of {args.runs} runs")
    print("docs/s are per CPU-second of this process (wall-clock docs/s in brackets: other load inflates it)")
    for feed, kinds in (("mixed feed", None), ("all-relevant worst case", RELEVANT_KINDS)):
        articles, posts = build_corpus(args.seed, args.articles, args.posts, kinds)
        for label, texts in (("articles (2-4 KB)", articles), ("posts (200-300 chars)", posts)):
            nbytes = sum(len(t.encode()) for t in texts)
            results = [analyze(t) for t in texts]
            relevant = sum(1 for r in results if r.relevant)
            fast = sum(1 for r in results if r.score in (0.02, 0.005))  # the fast path's fixed scores
            chunk = 20 if texts is articles else 200
            runs = [measure(texts, args.repeat, chunk) for _ in range(args.runs)]
            med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            print(
                f"\n{feed}, {label}: {len(texts)} docs, {nbytes / 1e6:.2f} MB; "
                f"{relevant} judged relevant, {len(texts) - relevant} not ({fast} on the fast negative path)"
            )
            print(
                f"  engine      {med['cpu_docs_s']:9.0f} docs/s ({med['wall_docs_s']:.0f} wall)  "
                f"{nbytes / len(texts) * med['cpu_docs_s'] / 1e6:6.2f} MB/s"
            )
            print(
                f"  regex \\w+   {med['regex_cpu_docs_s']:9.0f} docs/s  -> engine/regex time ratio "
                f"{med['ratio_cpu']:5.1f}x (wall {med['ratio_wall']:.1f}x)"
            )

    articles, _ = build_corpus(args.seed, 500, 0)
    tracemalloc.start()
    for t in articles:
        analyze(t)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak traced allocation while analysing 500 articles: {peak / 1e6:.2f} MB; process max RSS {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
