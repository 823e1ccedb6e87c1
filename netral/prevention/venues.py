"""Is a campaign venue on the regent's or mayor's approved list? Fuzzy, because reports write
"lap. Merdeka" where the decree writes "Lapangan Merdeka Kota Banjar".

The case chain calls ``is_approved_venue(region, place_name, date)``; the answer is a boolean
plus the closest listed venues with their score and decree, so a supervisor can judge.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from rapidfuzz import fuzz, process

from netral.regions.models import Region

# Abbreviations people write for place kinds (lower-case, without the dot).
ABBREVIATIONS = {
    "lap": "lapangan",
    "lpg": "lapangan",
    "gd": "gedung",
    "gdg": "gedung",
    "jl": "jalan",
    "jln": "jalan",
    "kec": "kecamatan",
    "kel": "kelurahan",
    "ds": "desa",
    "kab": "kabupaten",
    "gor": "gelanggang olahraga",
    "alun": "alun",
    "ruko": "rumah toko",
    "aula": "aula",
}
_NON_WORD = re.compile(r"[^\w\s]+")
DEFAULT_THRESHOLD = 85.0
# Words naming a kind of place or an administrative level: shared by many venues, so a match on
# them alone ("Lapangan …" vs "Lapangan …") says nothing about being the same place.
GENERIC = frozenset(
    {
        "lapangan", "gedung", "aula", "jalan", "kota", "kabupaten", "kecamatan", "kelurahan", "desa",
        "taman", "alun", "balai", "pendopo", "gelanggang", "olahraga", "rumah", "toko", "wisma",
        "hotel", "halaman", "kantor", "dan", "di",
    }
)  # fmt: skip


def normalize_place(name: str) -> str:
    """Lower-case, punctuation removed, abbreviations expanded, spaces collapsed."""
    words = _NON_WORD.sub(" ", (name or "").lower()).split()
    return " ".join(ABBREVIATIONS.get(w, w) for w in words)


def _distinctive(normalized: str) -> list[str]:
    return [w for w in normalized.split() if w not in GENERIC]


def venue_score(query: str, candidate: str, **_: Any) -> float:
    """Token-set similarity, capped unless a distinctive word (not "lapangan", "gedung") matches."""
    base = float(fuzz.token_set_ratio(query, candidate))
    q_words, c_words = _distinctive(query), _distinctive(candidate)
    if not q_words:
        return min(base, 50.0)
    if not any(fuzz.ratio(a, b) >= 85 for a in q_words for b in c_words):
        return min(base, 60.0)
    return base


@dataclass(frozen=True)
class VenueMatch:
    venue_id: int
    name: str
    address: str
    decree_number: str
    decree_id: int
    period_start: datetime.date
    period_end: datetime.date
    score: float

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["period_start"] = self.period_start.isoformat()
        data["period_end"] = self.period_end.isoformat()
        return data


def _regency_code(region: Region | str) -> str:
    """Decrees are issued per regency/city: a district or village falls under its regency."""
    code = region.code if isinstance(region, Region) else str(region)
    return ".".join(code.split(".")[:2])


def venues_in_force(region: Region | str, day: datetime.date, venues: QuerySet[Any] | None = None) -> QuerySet[Any]:
    """Approved venues of the regency of `region` whose decree covers `day`."""
    from netral.prevention.models import ApprovedVenue

    qs = venues if venues is not None else ApprovedVenue.objects.all()
    return qs.filter(
        decree__region_code=_regency_code(region), decree__period_start__lte=day, decree__period_end__gte=day
    ).select_related("decree")


def is_approved_venue(
    region: Region | str,
    place_name: str,
    date: datetime.date,
    *,
    limit: int = 3,
    threshold: float | None = None,
    venues: QuerySet[Any] | None = None,
) -> tuple[bool, list[VenueMatch]]:
    """Whether `place_name` is on the approved list for `region` on `date`, with the closest matches.

    Steps: take the venues of decrees in force that day for the regency; normalise names;
    score with token-set similarity (word order and extra words like the town name do not
    matter), capped when only generic words such as "lapangan" agree; approved when the best
    score reaches the threshold (setting
    PREVENTION_VENUE_MATCH_THRESHOLD, default 85 of 100).
    """
    if threshold is None:
        threshold = float(getattr(settings, "PREVENTION_VENUE_MATCH_THRESHOLD", DEFAULT_THRESHOLD))
    query = normalize_place(place_name)
    if not query:
        return False, []
    candidates = list(venues_in_force(region, date, venues))
    if not candidates:
        return False, []
    choices = {v.pk: v.name_normalized for v in candidates}
    by_pk = {v.pk: v for v in candidates}
    scored = process.extract(query, choices, scorer=venue_score, limit=limit)
    matches = []
    for _choice, score, pk in scored:
        venue = by_pk[pk]
        matches.append(
            VenueMatch(
                venue_id=venue.pk,
                name=venue.name,
                address=venue.address,
                decree_number=venue.decree.number,
                decree_id=venue.decree_id,
                period_start=venue.decree.period_start,
                period_end=venue.decree.period_end,
                score=round(float(score), 1),
            )
        )
    approved = bool(matches) and matches[0].score >= threshold
    return approved, matches
