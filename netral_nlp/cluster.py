"""Near-duplicate detection for a batch, at a flat cost per document: banded MinHash (LSH).

What ``cluster`` means: the id of the first earlier document this one near-duplicates (an
estimated Jaccard similarity of word 4-shingles of at least 0.5), or that document's own
``cluster`` when it has one, so a group is named after its first member.

How, and why the cost per document stays flat from a thousand to a million documents:

* **Hashes once.** Each word (the tokens the pipeline already has) is hashed once with CRC32;
  a 4-shingle's hash is CPython's tuple hash of four word hashes, hashed once more to mix it
  (deterministic for integers, never salted). No shingle string is built and every step is a C-level ``map``/``zip``/
  ``filter``. Shingles under a cut-off are kept (about ``KEEP`` of them: the hashes are
  uniform, so the cut-off is ``KEEP / n`` of the hash range) and only those are sorted.
* **Sketch** (verification): the ``K`` smallest shingle hashes (bottom-k MinHash). Two
  sketches estimate Jaccard as the share of the ``K`` smallest values of their union that
  both hold, the same estimate as before this module was rewritten.
* **Bands** (candidates): one-permutation MinHash over ``BINS`` bins (the smallest sketch
  value in each bin, by its low bits; an empty bin holds a marker), cut into ``BINS / 2``
  bands of 2 rows. A pair at J = 0.5 shares a band with probability
  1 − (1 − 0.5²)¹⁶ ≈ 0.99, at J = 0.7 about 0.99997.
* **Bounded lookups.** A band key remembers at most ``OWNERS`` documents: every document that
  starts a new group, and a group member when the key's last owner is from another group.
  So a new document is compared with at most ``BINS / 2 × OWNERS`` earlier ones, in input
  order (the first that passes wins), however long the batch: a slogan in every post or ten
  thousand reposts of one message never grow a list, which is what made the earlier inverted
  index (every sketch value → every document) quadratic. A comparison first rejects on the
  common bits of two 512-bit sets of the sketch values (one ``&`` and ``bit_count``), then on
  the size of the sketches' intersection.

Memory per document: its sketch (``K`` 32-bit values in an ``array``), its 512-bit set, its
group, its id and at most ``BINS / 2`` new band keys: about 1 KB.
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Iterator, Sequence
from functools import reduce
from itertools import repeat
from operator import or_

from .text import words

K = 64  # sketch size (verification)
SHINGLE = 4
THRESHOLD = 0.5
BINS = 32  # one-permutation MinHash bins; two per band
OWNERS = 8  # documents remembered per band key
KEEP = 96  # hashes kept before sorting (≥ K with near certainty; each bin's minimum with ~95%)
_BIN_MASK = BINS - 1
_BANDS = tuple(range(BINS // 2))
_OFFSET = 1 << 63  # signed 64-bit hash -> unsigned, order kept
_SPAN = 1 << 64
BITS = 512  # size of each sketch's bit set (see ``Clusterer._first_near``)
_BITS_MASK = BITS - 1
_EMPTY = -1  # the value of an empty bin (sketch values are never negative)
_EMPTY_KEYS = frozenset(hash((b, _EMPTY, _EMPTY)) for b in _BANDS)


def shingle_hashes(tokens: Sequence[str]) -> set[int]:
    """The distinct 32-bit shingle values of a token list (the space sketches are drawn from)."""
    hs = list(map(zlib.crc32, map(str.encode, tokens)))
    if len(hs) < SHINGLE * 2:
        return set(hs)
    return set(map((32).__rrshift__, map(_OFFSET.__add__, _mixed(hs))))


def _mixed(hs: list[int]) -> Iterator[int]:
    """Signed 64-bit hashes of the 4-shingles of word hashes ``hs``: the tuple hash of four, then
    of that one (the tuple hash has no final mixing step of its own, and bottom-k needs hashes
    whose order is as good as random; without it estimates ran about 0.025 high)."""
    return map(hash, zip(map(hash, zip(hs, hs[1:], hs[2:], hs[3:], strict=False))))


def _low(tokens: Sequence[str]) -> list[int]:
    """The smallest distinct shingle values (at least ``K`` when there are that many), sorted;
    the same values as ``sorted(shingle_hashes(tokens))`` up to the ``K``-th."""
    if len(tokens) < SHINGLE * 2:
        return sorted(set(map(zlib.crc32, map(str.encode, tokens))))
    hs = list(map(zlib.crc32, map(str.encode, tokens)))
    shingles = _mixed(hs)
    n = len(hs) - SHINGLE + 1
    if n > KEEP:
        cut = int(_SPAN * KEEP / n) - _OFFSET  # signed: hashes below this are kept
        kept = set(filter(cut.__gt__, shingles))
        if len(kept) < K:  # many repeated shingles: take them all
            kept = set(_mixed(hs))
    else:
        kept = set(shingles)
    # Order-preserving 32-bit values: the top half of the unsigned 64-bit hash.
    return sorted(map((32).__rrshift__, map(_OFFSET.__add__, kept)))


def sketch_tokens(tokens: Sequence[str]) -> tuple[int, ...]:
    """Sorted bottom-``K`` shingle values of a token list."""
    return tuple(_low(tokens)[:K])


def sketch(lower: str) -> tuple[int, ...]:
    """Bottom-``K`` sketch of a lower-cased text (tokenises it; the pipeline passes its tokens)."""
    return sketch_tokens(words(lower))


def band_keys(low: Sequence[int]) -> list[int]:
    """LSH keys: the bin minima of a sorted sketch, hashed two bins a band.

    An empty bin (a short text has fewer values than bins) counts as one shared marker value;
    a band whose two bins are both empty has no key (it would match every short text).
    """
    rev = low[::-1]
    mins = dict(zip(map(_BIN_MASK.__and__, rev), rev, strict=True))
    row = list(map(mins.get, range(BINS), repeat(_EMPTY, BINS)))
    keys = list(map(hash, zip(_BANDS, row[0::2], row[1::2], strict=True)))
    if len(mins) < BINS:
        return [k for k in keys if k not in _EMPTY_KEYS]
    return keys


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Bottom-k Jaccard estimate: the share of the union's ``K`` smallest values both hold."""
    if not a or not b:
        return 0.0
    sa = set(a)
    both = sa.intersection(b)
    union = sorted(sa.union(b))[:K]
    return sum(map(both.__contains__, union)) / len(union)


class Clusterer:
    """Assigns each document the id of the first earlier document it near-duplicates."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self._ids: list[str] = []
        self._sketches: list[array[int]] = []
        self._groups: list[int] = []  # index of the group's first document
        self._sizes: list[int] = []  # sketch lengths
        self._bits: list[int] = []  # sketch values mod BITS as a bit set (a quick upper bound)
        self._owners: dict[int, int | list[int]] = {}  # band key -> first owner, or up to OWNERS
        self.comparisons = 0  # candidate sketches compared (for tests and benchmarks)

    def __len__(self) -> int:
        return len(self._ids)

    def add_tokens(self, doc_id: str, tokens: Sequence[str]) -> str | None:
        """Add a document by its words; returns its ``cluster`` (None: first of its kind)."""
        return self.add(doc_id, sketch_tokens(tokens))

    def add(self, doc_id: str, sk: Sequence[int]) -> str | None:
        """Add a document by its sketch; returns its ``cluster`` (None: first of its kind)."""
        keys = band_keys(sk)
        pos = len(self._ids)
        owners = self._owners
        groups = self._groups
        candidates: set[int] = set()
        held: list[int] = []
        for key, h in zip(keys, map(owners.get, keys), strict=True):
            if h is None:
                owners[key] = pos
            else:
                if isinstance(h, int):
                    candidates.add(h)
                else:
                    candidates.update(h)
                held.append(key)
        bits = reduce(or_, map((1).__lshift__, map(_BITS_MASK.__and__, sk)), 0)
        group = pos
        if candidates:
            group = self._first_near(sk, bits, candidates, pos)
        for key in held:
            h = owners[key]
            if isinstance(h, int):
                if group == pos or groups[h] != group:
                    owners[key] = [h, pos]
            elif len(h) < OWNERS and (group == pos or groups[h[-1]] != group):
                h.append(pos)
        self._ids.append(doc_id)
        self._sketches.append(array("I", sk))
        self._sizes.append(len(sk))
        self._bits.append(bits)
        groups.append(group)
        return None if group == pos else self._ids[group]

    def _first_near(self, sk: Sequence[int], bits: int, candidates: set[int], pos: int) -> int:
        """The group of the first candidate (input order) whose sketch agrees at the threshold.

        Two sketches share at most as many values as their bit sets share bits, and the union
        has at least ``min(K, max(la, lb))`` values, so a candidate with too few common bits
        is rejected by one C-level ``&`` and ``bit_count`` before any set is built.
        """
        sa: set[int] | None = None
        la = len(sk)
        sketches, sizes, masks = self._sketches, self._sizes, self._bits
        threshold = self.threshold
        for j in sorted(candidates):
            self.comparisons += 1
            need = threshold * min(K, la if la > sizes[j] else sizes[j])
            if (bits & masks[j]).bit_count() < need:
                continue
            if sa is None:
                sa = set(sk)
            other = sketches[j]
            both = sa.intersection(other)
            if len(both) < need:
                continue
            union = sorted(sa.union(other))[:K]
            if sum(map(both.__contains__, union)) >= threshold * len(union):
                return self._groups[j]
        return pos
