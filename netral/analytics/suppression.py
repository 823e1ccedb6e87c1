"""Small-count suppression for published tables (k-anonymity threshold + complementary suppression).

Primary: a count from 1 to k−1 is not published ("<5"). Complementary: wherever a published total
would let someone recover a hidden cell by subtraction (a line with exactly one hidden entry), one
more entry of that line is hidden ("s"), repeating until no line has exactly one. Zeros are shown:
they identify no one.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any, TypeVar

from django.conf import settings

PRIMARY = "<{k}"
COMPLEMENTARY = "s"

# A cell key: a (region, column) pair in the published table, a plain string in tests.
K = TypeVar("K", bound=Hashable)


def threshold() -> int:
    return int(getattr(settings, "NETRAL_PUBLIC_MIN_COUNT", 5))


def suppress(
    cells: Mapping[K, int], lines: Sequence[tuple[Sequence[K], K]], k: int | None = None
) -> tuple[set[K], set[K]]:
    """Return (primary, complementary) keys to hide.

    `lines` are additive relations: (member keys, total key) with total = sum(members); every key
    is in `cells`. A total may itself be a member of another line.
    """
    k = k or threshold()
    primary = {key for key, v in cells.items() if 0 < v < k}
    hidden = set(primary)
    changed = True
    while changed:
        changed = False
        for members, total in lines:
            entries = [*members, total]
            unknown = [e for e in entries if e in hidden]
            if len(unknown) != 1:
                continue
            # Hide the smallest positive published member; fall back to the total.
            candidates = sorted(
                (e for e in members if e not in hidden and cells[e] > 0), key=lambda e: (cells[e], str(e))
            )
            pick = candidates[0] if candidates else (total if total not in hidden else None)
            if pick is None:
                continue
            hidden.add(pick)
            changed = True
    return primary, hidden - primary


def display(cells: Mapping[K, int], primary: set[K], complementary: set[K], k: int | None = None) -> dict[K, Any]:
    """Published values: numbers, "<k" for small counts, "s" for complementary suppression."""
    k = k or threshold()
    out: dict[K, Any] = {}
    for key, v in cells.items():
        if key in primary:
            out[key] = PRIMARY.format(k=k)
        elif key in complementary:
            out[key] = COMPLEMENTARY
        else:
            out[key] = v
    return out
