"""Near-duplicate detection for a batch: bottom-k MinHash over word shingles.

One CRC32 per shingle and the k smallest values form the sketch (one-permutation MinHash),
so a 4 KB article costs a few hundred hashes rather than k × shingles. The Jaccard estimate
of two documents is the share of the k smallest values of the union that both sketches hold.
"""

from __future__ import annotations

import heapq
import zlib

from .text import words

K = 64
SHINGLE = 4
THRESHOLD = 0.5


def sketch(lower: str) -> tuple[int, ...]:
    """Sorted bottom-k CRC32 values of the word 4-shingles (1-shingles for tiny texts)."""
    toks = words(lower)
    n = SHINGLE if len(toks) >= SHINGLE * 2 else 1
    shingles = {" ".join(toks[i : i + n]) for i in range(len(toks) - n + 1)}
    hashes = {zlib.crc32(s.encode()) for s in shingles}
    return tuple(sorted(heapq.nsmallest(K, hashes)))


def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Bottom-k Jaccard estimate."""
    if not a or not b:
        return 0.0
    union = sorted(set(a) | set(b))[:K]
    sa, sb = set(a), set(b)
    both = sum(1 for h in union if h in sa and h in sb)
    return both / len(union)


class Clusterer:
    """Assigns each document the id of the first earlier document it near-duplicates.

    An inverted index from sketch value to documents limits comparisons to documents that
    share at least a few values, so a batch stays near-linear.
    """

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self.sketches: list[tuple[str, tuple[int, ...], str | None]] = []
        self.index: dict[int, list[int]] = {}

    def add(self, doc_id: str, sk: tuple[int, ...]) -> str | None:
        counts: dict[int, int] = {}
        for h in sk:
            for j in self.index.get(h, ()):
                counts[j] = counts.get(j, 0) + 1
        found: str | None = None
        need = max(1, int(len(sk) * self.threshold * 0.5))
        for j in sorted(counts):
            if counts[j] < need:
                continue
            other_id, other_sk, other_cluster = self.sketches[j]
            if similarity(sk, other_sk) >= self.threshold:
                found = other_cluster or other_id
                break
        pos = len(self.sketches)
        self.sketches.append((doc_id, sk, found))
        for h in sk:
            self.index.setdefault(h, []).append(pos)
        return found
