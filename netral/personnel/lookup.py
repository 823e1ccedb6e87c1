"""Finding the ASN a reporter means, from a name written from memory, at national scale.

Steps (docs/registry.md, "Look-up"):

1. Normalize the query like stored names (titles off, spelling folded) and take one
   phonetic key per name part (`names.name_keys`).
2. Block: gather candidate ids cheaply.
   - With an agency or region hint whose block is small (≤ BLOCK_SCAN rows), take the whole
     block: any typo is then survivable.
   - Otherwise use the key index (`ASNNameKey`), inside the hint if any: every key whose
     posting list is short enough is taken whole; if all keys are very common ("Sri", "Siti"),
     the ids sharing the two rarest keys are taken instead.
3. Score the block with rapidfuzz in one vectorised call (mean of token-sort and token-set
   ratios: word order does not matter, a missing name part costs a little), keep the best.
4. Load only the winners through the caller's scope, add reasons and hint bonuses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process

from netral.agencies.models import Agency
from netral.core.params import parse_id
from netral.core.scoping import region_prefix_q
from netral.personnel.models import ASN, ASNNameKey
from netral.personnel.names import name_keys, normalize_name

if TYPE_CHECKING:
    from netral.core.types import RequestUser

BLOCK_SCAN = 20_000  # a hinted block this small is scored whole
KEY_CAP = 5_000  # a key with more postings than this is "too common" to take whole
CANDIDATE_CAP = 12_000  # never score more than this many names for one query
INTERSECT_CAP = 50_000  # the "both rarest keys" fallback only when the rarer key is at most this common
MIN_SCORE = 60.0
POSITION_BONUS = 5.0


@dataclass
class Candidate:
    """One ranked answer to "which ASN did the reporter mean?"."""

    asn: ASN
    score: float
    name_score: float
    reasons: list[str] = field(default_factory=list)

    @property
    def pk(self) -> int:
        return int(self.asn.pk)


def _resolve_agency(agency: Agency | int | str | None) -> int | None:
    if agency is None or agency == "":
        return None
    if isinstance(agency, Agency):
        return int(agency.pk)
    if isinstance(agency, int) or str(agency).isdigit():
        return parse_id(agency) or -1  # an id no database can hold matches nobody
    found = Agency.objects.filter(code=str(agency)).values_list("pk", flat=True).first()
    return found if found is not None else -1  # an unknown agency matches nobody


def _hinted(qs: QuerySet[Any], agency_id: int | None, region_code: str | None) -> QuerySet[Any]:
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    if region_code:
        qs = qs.filter(region_prefix_q("region_code", region_code))
    return qs


def _block(query: str, agency_id: int | None, region_code: str | None) -> dict[int, str]:
    """Candidate ids → normalized names (step 2)."""
    active = ASN.objects.filter(active=True)
    if agency_id is not None or region_code:
        block = _hinted(active, agency_id, region_code)
        if block[: BLOCK_SCAN + 1].count() <= BLOCK_SCAN:
            return dict(block.values_list("pk", "name_normalized"))
    keys = name_keys(query)
    if not keys:
        return {}
    keyrows = _hinted(ASNNameKey.objects.all(), agency_id, region_code)
    sizes = {k: keyrows.filter(key=k)[: KEY_CAP + 1].count() for k in keys}  # index-only, bounded
    postings = keyrows.filter(asn__active=True)
    ordered = sorted(keys, key=lambda k: sizes[k])
    present = [k for k in ordered if sizes[k] > 0]  # a key nobody has is a typo: useless to intersect
    names: dict[int, str] = {}
    for key in ordered:
        if sizes[key] > KEY_CAP or len(names) + sizes[key] > CANDIDATE_CAP:
            break
        names.update(postings.filter(key=key).values_list("asn_id", "asn__name_normalized"))
    if not names and len(present) >= 2 and keyrows.filter(key=present[0])[: INTERSECT_CAP + 1].count() <= INTERSECT_CAP:
        # Every key is common ("Sri", "Siti", "Muhammad"): people who carry both of the rarest two.
        both = postings.filter(key=present[0], asn_id__in=keyrows.filter(key=present[1]).values("asn_id"))
        names.update(both.values_list("asn_id", "asn__name_normalized")[:CANDIDATE_CAP])
    return names


def _score(query: str, names: dict[int, str], keep: int) -> list[tuple[int, float]]:
    """Best `keep` (id, score) pairs by the mean of token-sort and token-set ratios (step 3)."""
    if not names:
        return []
    ids = list(names)
    choices = [names[i] for i in ids]
    sort = process.cdist([query], choices, scorer=fuzz.token_sort_ratio, workers=1)[0]
    token_set = process.cdist([query], choices, scorer=fuzz.token_set_ratio, workers=1)[0]
    combined = (sort.astype("float32") + token_set.astype("float32")) / 2
    if len(ids) > keep:
        import numpy as np

        top = np.argpartition(-combined, keep)[:keep]
    else:
        top = range(len(ids))  # type: ignore[assignment]  # an index sequence either way
    return sorted(((ids[i], float(combined[i])) for i in top), key=lambda p: -p[1])


def match_person(
    name: str,
    agency: Agency | int | str | None = None,
    position: str | None = None,
    region_code: str | None = None,
    limit: int = 5,
    *,
    user: RequestUser | None = None,
    min_score: float = MIN_SCORE,
) -> list[Candidate]:
    """Ranked candidates for a person named `name`, optionally at `agency`, in `region_code`.

    With `user`, only ASN inside that user's scope are returned (staff screens); without it the
    caller must not show identities (the public endpoint only says whether a match exists).
    """
    query = normalize_name(name or "")
    if len(query.replace(" ", "")) < 3:
        return []
    agency_id = _resolve_agency(agency)
    region_code = (region_code or "").strip() or None
    names = _block(query, agency_id, region_code)
    ranked = _score(query, names, keep=max(limit * 4, 20))
    ranked = [(pk, s) for pk, s in ranked if s >= min_score]
    if not ranked:
        return []
    qs = ASN.objects.restrict(user) if user is not None else ASN.objects.all()
    rows = {a.pk: a for a in qs.filter(pk__in=[pk for pk, _s in ranked]).select_related("agency", "unit")}
    wanted_position = normalize_name(position or "") if position else ""
    stripped_titles = query != " ".join((name or "").lower().replace(".", " ").replace(",", " ").split())
    results: list[Candidate] = []
    for pk, name_score in ranked:
        asn = rows.get(pk)
        if asn is None:
            continue  # outside the caller's scope
        reasons = [_("nama %(score)d%% mirip") % {"score": round(name_score)}]
        if fuzz.token_sort_ratio(query, asn.name_normalized) < fuzz.token_set_ratio(query, asn.name_normalized) - 10:
            reasons.append(_("sebagian nama cocok"))
        if stripped_titles or asn.name_normalized != asn.name.lower():
            reasons.append(_("gelar diabaikan"))
        score = name_score
        if wanted_position:
            position_score = fuzz.partial_ratio(wanted_position, asn.position.lower())
            if position_score >= 80 or wanted_position in asn.get_position_class_display().lower():
                score += POSITION_BONUS
                reasons.append(_("jabatan cocok: %(position)s") % {"position": asn.position})
        if agency_id is not None:
            reasons.append(_("di instansi yang disebut"))
        if region_code:
            reasons.append(_("di wilayah yang disebut"))
        results.append(Candidate(asn=asn, score=min(round(score, 1), 100.0), name_score=name_score, reasons=reasons))
    results.sort(key=lambda c: (-c.score, c.asn.name))
    return results[:limit]


def likely_match_exists(
    name: str, agency: Agency | int | str | None = None, region_code: str | None = None, threshold: float = 85.0
) -> bool:
    """Whether some ASN matches well: the only thing the public may learn (no names, no NIP)."""
    return bool(match_person(name, agency=agency, region_code=region_code, limit=1, min_score=threshold))
