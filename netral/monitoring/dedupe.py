"""Near-duplicate fingerprints for grouping copies across the whole inbox (pure, no database).

A MinHash signature of ``PERMUTATIONS`` values over word 3-shingles, cut into ``BANDS``
bands of ``ROWS`` values (LSH). Two texts that share any band key are candidates; they are
copies when their signatures agree on at least ``THRESHOLD`` of positions (an estimate of the
Jaccard similarity of their shingle sets). With 16 bands × 4 rows, pairs at Jaccard 0.5 are
found with probability ≈ 0.65 and pairs at 0.8 with ≈ 1.0, while pairs below 0.3 rarely
meet. The signature is stored on the item; band keys go into an indexed table, so finding
candidates is one indexed lookup no matter how large the inbox grows.
"""

from __future__ import annotations

import hashlib
import random
import re
import struct

PERMUTATIONS = 64
BANDS = 16
ROWS = PERMUTATIONS // BANDS
SHINGLE = 3
THRESHOLD = 0.6
_PRIME = (1 << 61) - 1
_MAX = (1 << 32) - 1
_rng = random.Random(20241127)  # fixed: stored signatures must stay comparable across runs
_A = [_rng.randrange(1, _PRIME) for _ in range(PERMUTATIONS)]
_B = [_rng.randrange(0, _PRIME) for _ in range(PERMUTATIONS)]
_WORD = re.compile(r"[0-9a-z\u00c0-\u024f]+")
_URL = re.compile(r"https?://\S+|www\.\S+")
_MENTION = re.compile(r"[@#]\w+")


def tokens(text: str) -> list[str]:
    """Lower-case words without URLs, @mentions and #hashtags (reposts change those first)."""
    text = _MENTION.sub(" ", _URL.sub(" ", text.lower()))
    return _WORD.findall(text)


def shingles(text: str) -> set[str]:
    toks = tokens(text)
    n = SHINGLE if len(toks) >= SHINGLE * 2 else 1
    return {" ".join(toks[i : i + n]) for i in range(max(0, len(toks) - n + 1))}


def _hash32(s: str) -> int:
    return int.from_bytes(hashlib.blake2b(s.encode(), digest_size=4).digest(), "big")


def signature(text: str) -> list[int]:
    """The MinHash signature (empty for a text without words)."""
    hashes = [_hash32(s) for s in shingles(text)]
    if not hashes:
        return []
    return [min(((a * h + b) % _PRIME) & _MAX for h in hashes) for a, b in zip(_A, _B, strict=True)]


def band_keys(sig: list[int]) -> list[int]:
    """One signed 64-bit key per band (the band number is hashed in, so bands never collide)."""
    if len(sig) != PERMUTATIONS:
        return []
    keys = []
    for band in range(BANDS):
        chunk = struct.pack(f">H{ROWS}I", band, *sig[band * ROWS : (band + 1) * ROWS])
        keys.append(int.from_bytes(hashlib.blake2b(chunk, digest_size=8).digest(), "big", signed=True))
    return keys


def similarity(a: list[int], b: list[int]) -> float:
    """Share of positions where two signatures agree (≈ Jaccard of the shingle sets)."""
    if len(a) != PERMUTATIONS or len(b) != PERMUTATIONS:
        return 0.0
    return sum(1 for x, y in zip(a, b, strict=True) if x == y) / PERMUTATIONS
