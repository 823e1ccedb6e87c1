"""Reads of the monitoring inbox, always through the user's scope."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from netral.core.scoping import region_prefix_q
from netral.monitoring.choices import RELEVANT_KINDS, ItemStatus, Kind, Verdict
from netral.monitoring.models import Batch, Feedback, Item
from netral.regions.models import Region

if TYPE_CHECKING:
    from netral.core.types import RequestUser


def visible_items(user: RequestUser | None) -> QuerySet[Item]:
    return Item.objects.restrict(user, "view")


def inbox_items(user: RequestUser | None) -> QuerySet[Item]:
    """One row per duplicate group the user can see, with the number of visible copies.

    A copy whose leader lies outside the user's scope stands in for its group.
    """
    visible = visible_items(user).filter(status=ItemStatus.ANALYSED)
    copies = (
        visible_items(user)
        .filter(duplicate_of=OuterRef("pk"))
        .order_by()
        .values("duplicate_of")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        visible.filter(Q(duplicate_of__isnull=True) | ~Q(duplicate_of__in=visible_items(user).values("pk")))
        .annotate(copy_count=Coalesce(Subquery(copies, output_field=IntegerField()), Value(0)))
        .select_related("batch", "finding")
        .order_by("-score", "-id")
    )


def copies_of(user: RequestUser | None, leader: Item) -> QuerySet[Item]:
    return visible_items(user).filter(duplicate_of=leader).order_by("-score", "id")


def pending_count(user: RequestUser | None) -> int:
    """Items of the user's batches still waiting for the worker (shown as a notice)."""
    return Item.objects.filter(batch__in=batches_for(user), status=ItemStatus.PENDING).count()


def batches_for(user: RequestUser | None) -> QuerySet[Batch]:
    return Batch.objects.restrict(user, "view").select_related("uploaded_by")


def region_choices(user: RequestUser | None) -> list[tuple[str, str]]:
    """Provinces and regencies/cities inside the user's region, for the inbox filter."""
    code = getattr(user, "region_code", None)
    qs = Region.objects.filter(level__in=[1, 2]).filter(region_prefix_q("code", code)).order_by("code")
    out = [(r.code, f"{r.code} · {r.name}" if r.level == 1 else f"— {r.code} · {r.name}") for r in qs]
    if code and not any(c == code for c, _ in out):
        own = Region.objects.filter(code=code).first()
        if own is not None:
            out.insert(0, (own.code, f"{own.code} · {own.name}"))
    return out


def stage_choices(user: RequestUser | None) -> list[tuple[str, str]]:
    """Elections and stages that occur among the user's items (``pilkada2024`` covers its stages)."""
    values = set(
        visible_items(user).exclude(stage="").order_by("stage").values_list("stage", flat=True).distinct()[:200]
    )
    elections = {v.split(":", 1)[0] for v in values}
    out = []
    for election in sorted(elections):
        out.append((election, election))
        out.extend((v, f"— {v}") for v in sorted(values) if v.startswith(election + ":"))
    return out


def feedback_for(user: RequestUser | None, item: Item) -> QuerySet[Feedback]:
    return Feedback.objects.restrict(user, "view").filter(item=item).select_related("user")


# --- training export -----------------------------------------------------------------------

TRAINING_FIELDS = ("id", "text", "relevant", "kind", "subjects", "acts", "regions", "event_date", "stage")


def training_record(item: Item, fb: Feedback) -> dict[str, Any]:
    """One line in the schema of ``shared/eval/dev.jsonl`` from the latest verdict on an item.

    Confirmed: the engine's values. Corrected: the reviewer's kind/acts (relevance follows the
    kind), the engine's for the rest. Rejected: not relevant, kind negative.
    """
    a = item.analysis or {}
    kind = str(a.get("kind") or Kind.NEGATIVE)
    acts = list(a.get("acts") or [])
    if fb.verdict == Verdict.CORRECT and fb.kind:
        kind, acts = fb.kind, list(fb.acts or [])
    elif fb.verdict == Verdict.REJECT:
        kind, acts = Kind.NEGATIVE, []
    relevant = kind in RELEVANT_KINDS
    if kind not in (Kind.VIOLATION, Kind.NON_ASN):
        acts = []
    return {
        "id": f"netral-{item.pk}",
        "url": item.source_url or None,
        "text": item.text,
        "relevant": relevant,
        "kind": kind,
        "subjects": [] if kind == Kind.NEGATIVE else list(a.get("subjects") or []),
        "acts": acts,
        "regions": [r.get("name") for r in a.get("regions") or [] if r.get("name")],
        "event_date": a.get("event_date"),
        "stage": a.get("stage"),
        "notes": f"netral feedback: {fb.verdict} ({fb.user.role}), engine {item.engine_version or '?'}",
    }


def training_records(feedback: QuerySet[Feedback], *, roles: set[str] | None = None) -> Iterator[dict[str, Any]]:
    """The latest verdict per item (optionally only verdicts by some roles), oldest item first."""
    qs = feedback.select_related("item", "user").order_by("item_id", "-created_at", "-id")
    if roles:
        qs = qs.filter(user__role__in=roles)
    last_item: int | None = None
    for fb in qs.iterator(chunk_size=500):
        if fb.item_id == last_item:
            continue
        last_item = fb.item_id
        if fb.item.status != ItemStatus.ANALYSED or not fb.item.text:
            continue
        yield training_record(fb.item, fb)


MATCH_PEOPLE = 3  # named persons looked up per item
MATCH_LIMIT = 3  # registry candidates proposed per person


def _initials_only(name: str) -> bool:
    """ "AS", "M.R.S.": the press's initials cannot be matched against full names."""
    bare = name.replace(".", "").replace(" ", "")
    return len(bare) <= 5 and bare.isupper()


def registry_matches(user: RequestUser | None, item: Item) -> list[tuple[dict[str, Any], list[Any]]]:
    """Registry candidates for the named persons of an item, through the person look-up.

    Only for the roles that may use the staff look-up, and only ASN inside the user's scope
    (``match_person(user=…)``). The engine's role is the position hint and the item's region
    the region hint; titles are already apart from the name. A name given as initials only is
    listed without candidates.
    """
    from netral.personnel.lookup import match_person
    from netral.personnel.views import STAFF_LOOKUP_ROLES

    if not (getattr(user, "role", None) in STAFF_LOOKUP_ROLES or getattr(user, "is_superuser", False)):
        return []
    out: list[tuple[dict[str, Any], list[Any]]] = []
    for person in (item.people or [])[:MATCH_PEOPLE]:
        name = str(person.get("name") or "")
        if not name:
            continue
        candidates: list[Any] = []
        if not _initials_only(name):
            candidates = match_person(
                name,
                position=person.get("role") or None,
                region_code=item.region_code or None,
                limit=MATCH_LIMIT,
                user=user,
            )
        out.append((person, candidates))
    return out
