"""Near-duplicate fingerprints for grouping copies across the whole inbox (pure, no database).

A MinHash signature of ``PERMUTATIONS`` values over word 2- and 3-shingles, cut into ``BANDS``
bands of ``ROWS`` values (LSH). Two texts that share any band key are candidates; they are
copies when their signatures agree on at least ``THRESHOLD`` of positions (an estimate of the
Jaccard similarity of their shingle sets). With 16 bands × 4 rows, pairs at Jaccard 0.5 are
found with probability ≈ 0.65 and pairs at 0.8 with ≈ 1.0, while pairs below 0.3 rarely
meet. The signature is stored on the item; band keys go into an indexed table, so finding
candidates is one indexed lookup no matter how large the inbox grows.
"""

from __future__ import annotations

import hashlib
import re
import struct
import zlib

import numpy as np

PERMUTATIONS = 64
BANDS = 16
ROWS = PERMUTATIONS // BANDS
SHINGLE = 3
THRESHOLD = 0.5
_BLOCK = 8192  # shingles hashed at once: bounds memory for a 1 MB text
_rng = np.random.default_rng(20241127)  # fixed: stored signatures must stay comparable across runs
# Multiply-shift hashing: h(x) = ((a·x + b) mod 2^64) >> 32 with odd a, one (a, b) per permutation.
_A = (_rng.integers(0, 2**63, PERMUTATIONS, dtype=np.uint64) << np.uint64(1)) | np.uint64(1)
_B = _rng.integers(0, 2**63, PERMUTATIONS, dtype=np.uint64)
_SHIFT = np.uint64(32)
_WORD = re.compile(r"[0-9a-z\u00c0-\u024f]+")
_URL = re.compile(r"https?://\S+|www\.\S+")
_MENTION = re.compile(r"[@#]\w+")


def tokens(text: str) -> list[str]:
    """Lower-case words without URLs, @mentions and #hashtags (reposts change those first)."""
    text = _MENTION.sub(" ", _URL.sub(" ", text.lower()))
    return _WORD.findall(text)


def shingles(text: str) -> set[str]:
    """Word 2- and 3-shingles together: one edited word in a short post still leaves most of the
    set intact, and every text uses the same shingling, so long and short texts stay comparable."""
    toks = tokens(text)
    if len(toks) < 2:
        return set(toks)
    out = {" ".join(toks[i : i + 2]) for i in range(len(toks) - 1)}
    out.update(" ".join(toks[i : i + SHINGLE]) for i in range(len(toks) - SHINGLE + 1))
    return out


def signature(text: str) -> list[int]:
    """The MinHash signature (empty for a text without words)."""
    hashes = np.fromiter((zlib.crc32(s.encode()) for s in shingles(text)), dtype=np.uint64)
    if hashes.size == 0:
        return []
    sig = np.full(PERMUTATIONS, np.iinfo(np.uint64).max, dtype=np.uint64)
    for start in range(0, hashes.size, _BLOCK):
        block = hashes[start : start + _BLOCK]
        values = (_A[:, None] * block[None, :] + _B[:, None]) >> _SHIFT  # wraps mod 2^64 by design
        np.minimum(sig, values.min(axis=1), out=sig)
    return [int(v) for v in sig]


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
