"""Writes of the monitoring inbox: batches, background analysis, grouping, feedback, findings.

Every function that changes rows is atomic and audited. Analysis never runs in a request:
``create_batch`` stores the raw items and enqueues ``tasks.analyse_batch``; the task calls
``run_analysis`` here, which the demo builder also calls directly.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from netral.accounts.choices import Role
from netral.core import audit
from netral.core.models import ObjectChange
from netral.core.scoping import get_scoped_or_404
from netral.monitoring import dedupe, engine
from netral.monitoring.choices import RELEVANT_KINDS, Act, BatchStatus, ItemStatus, Kind, Verdict
from netral.monitoring.ingest import Parsed
from netral.monitoring.models import Batch, Feedback, Item, ItemBand

if TYPE_CHECKING:
    from netral.core.types import User

logger = logging.getLogger(__name__)

CHUNK = 100
MAX_CANDIDATES = 300


# --- upload -----------------------------------------------------------------------------------


def can_upload(user: User) -> bool:
    """Uploading writes a batch: the roles the Batch scope lets change one (analysts, supervisors)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(user.is_superuser or user.role == Role.ADMIN or user.role in Batch.Scope.write_roles)


def create_batch(user: User, parsed: Parsed, *, file_name: str = "", enqueue: bool = True) -> Batch:
    """Store an upload and its raw items, then enqueue the analysis (never run it here).

    Items the parser already rejected are stored as errors, so the batch page lists them.
    ``enqueue=False`` is for callers that run the analysis themselves (the demo builder).
    """
    if not can_upload(user):
        raise PermissionDenied
    with transaction.atomic():
        batch = Batch.objects.create(
            uploaded_by=user,
            region_code=getattr(user, "region_code", None) or "",
            source_kind=parsed.source_kind,
            file_name=file_name[:255],
            sha256=parsed.sha256,
            size=parsed.size,
            message=parsed.note,
            total=len(parsed.items),
        )
        Item.objects.bulk_create(
            [
                Item(
                    batch=batch,
                    position=n,
                    external_id=raw.external_id,
                    source_url=raw.url,
                    title=raw.title,
                    text=raw.text,
                    published_at=raw.published_at,
                    platform=raw.platform,
                    status=ItemStatus.ERROR if raw.error else ItemStatus.PENDING,
                    error=raw.error,
                )
                for n, raw in enumerate(parsed.items)
            ],
            batch_size=500,
        )
        batch.errors = sum(1 for raw in parsed.items if raw.error)
        batch.save(update_fields=["errors"])
        audit.log_change(batch, ObjectChange.Action.CREATE, None, user=user)
    if enqueue:
        enqueue_analysis(batch)
    logger.info("monitoring batch %s stored: %s items", batch.pk, batch.total)
    return batch


def enqueue_analysis(batch: Batch) -> bool:
    """Hand the batch to the task queue (django-tasks; ``manage.py db_worker`` runs it).

    A queue that refuses the task must not lose the upload: the batch stays pending, the
    failure is logged, and ``manage.py analyse_pending_batches`` picks it up later.
    """
    from netral.monitoring.tasks import analyse_batch

    try:
        analyse_batch.enqueue(batch.pk)
    except Exception:  # noqa: BLE001 - the stored batch is what matters; it can be re-queued
        logger.exception("monitoring batch %s could not be enqueued", batch.pk)
        return False
    return True


# --- analysis ---------------------------------------------------------------------------------


def primary_region(regions: Sequence[Mapping[str, Any]]) -> str:
    """The region an item is scoped by: the first regency-or-finer code, else the first province."""
    for r in regions:
        if int(r.get("level") or 0) >= 2:
            return str(r["code"])[:13]
    for r in regions:
        if int(r.get("level") or 0) == 1:
            return str(r["code"])[:13]
    return ""


def apply_result(item: Item, result: engine.Result) -> None:
    """Copy the engine's output onto the item (denormalised columns for filtering and ranking)."""
    item.analysis = dict(result)
    item.engine_version = engine.version()[:40]
    item.analysed_at = timezone.now()
    if result.get("error"):
        item.status = ItemStatus.ERROR
        item.error = str(result["error"])
        item.score, item.relevant, item.kind = 0.0, False, ""
        item.people = []
        return
    item.status = ItemStatus.ANALYSED
    item.error = ""
    item.score = float(result.get("score") or 0.0)
    item.relevant = bool(result.get("relevant"))
    kind = result.get("kind") or ""
    item.kind = kind if kind in Kind.values else ""
    item.acts = list(result.get("acts") or [])
    item.people = [dict(p) for p in result.get("people") or []]
    item.acts_index = (" " + " ".join(item.acts) + " ")[:400] if item.acts else ""
    item.stage = (result.get("stage") or "")[:40]
    item.handling = result.get("status") or ""
    date = result.get("event_date")
    item.event_date = datetime.date.fromisoformat(date) if date else None
    regions = list(result.get("regions") or [])
    item.region_codes = [r["code"] for r in regions]
    item.region_index = (" " + " ".join(item.region_codes) + " ")[:800] if regions else ""
    item.region_code = primary_region(regions)


def group(item: Item) -> None:
    """Attach the item to the group of its nearest earlier copy anywhere in the inbox.

    Steps: (1) MinHash signature of the text; (2) candidates = items sharing a band key;
    (3) drop candidates located in another region (same template, different event) and map
    the rest to their group leaders; (4) the leader most similar to this text, at or above the
    threshold, becomes ``duplicate_of``; (5) store this item's band keys for later arrivals.
    """
    sig = dedupe.signature(item.text)
    item.fingerprint = sig
    keys = dedupe.band_keys(sig)
    if not keys:
        return
    cand_ids = list(
        ItemBand.objects.filter(key__in=keys)
        .exclude(item_id=item.pk)
        .values_list("item_id", flat=True)
        .distinct()
        .order_by("item_id")[:MAX_CANDIDATES]
    )
    # Compare with each candidate's group leader, not the candidate itself: single-linkage
    # chains (C like B, B like A, C unlike A) would otherwise drift into loose groups.
    best: tuple[float, int] | None = None
    rows = (
        Item.objects.filter(pk__in=cand_ids).values_list(
            "pk", "duplicate_of_id", "region_code", "fingerprint", "duplicate_of__fingerprint"
        )
        if cand_ids
        else []
    )
    seen: set[int] = set()
    for cid, leader, code, fp, leader_fp in rows:
        lid = leader or cid
        # A press-release template filled in for another regency is another event, not a copy.
        if lid == item.pk or lid in seen or (code and item.region_code and code != item.region_code):
            continue
        seen.add(lid)
        sim = dedupe.similarity(sig, (leader_fp if leader else fp) or [])
        if sim >= dedupe.THRESHOLD and (best is None or sim > best[0] or (sim == best[0] and lid < best[1])):
            best = (sim, lid)
    if best is not None:
        item.duplicate_of_id = best[1]
    ItemBand.objects.bulk_create([ItemBand(item=item, key=k) for k in set(keys)])


ANALYSIS_FIELDS = [
    "analysis",
    "engine_version",
    "analysed_at",
    "status",
    "error",
    "score",
    "relevant",
    "kind",
    "acts",
    "people",
    "acts_index",
    "stage",
    "handling",
    "event_date",
    "region_codes",
    "region_index",
    "region_code",
    "fingerprint",
    "duplicate_of",
]


def _analyse_item(item: Item) -> None:
    result = engine.analyse(item.external_id or str(item.pk), item.text)
    apply_result(item, result)
    if item.status == ItemStatus.ANALYSED:
        group(item)
    item.save(update_fields=ANALYSIS_FIELDS)  # never rewrites the (up to 1 MB) text


def run_analysis(batch_id: int, *, chunk: int = CHUNK) -> Batch:
    """Analyse a batch's pending items in chunks; resumable, and one bad item never stops it.

    Steps: (1) mark the batch running; (2) claim the next ``chunk`` pending items (row locks,
    skipping rows another worker holds), analyse and group each inside its own savepoint, so a
    crash marks only that item as an error; (3) commit the chunk; repeat; (4) recount and mark
    the batch done.

    Two workers on one batch (a re-run started while the first still runs, or a task given back
    after its worker died) take disjoint chunks: an item is analysed and committed once. A worker
    killed mid-chunk commits nothing of it, and the chunk's items are pending again.
    """
    batch = Batch.objects.get(pk=batch_id)
    Batch.objects.filter(pk=batch_id).update(status=BatchStatus.RUNNING)
    last_pos = -1
    while True:
        with transaction.atomic():
            items = list(
                Item.objects.filter(batch_id=batch_id, status=ItemStatus.PENDING, position__gt=last_pos)
                .order_by("position")
                .select_for_update(skip_locked=True)[:chunk]
            )
            if not items:
                break
            for item in items:
                last_pos = item.position
                try:
                    with transaction.atomic():
                        _analyse_item(item)
                except Exception as exc:  # noqa: BLE001 - record the failure on the item and go on
                    logger.exception("monitoring item %s failed", item.pk)
                    Item.objects.filter(pk=item.pk).update(
                        status=ItemStatus.ERROR,
                        error=_("Analisis gagal: %(kind)s") % {"kind": type(exc).__name__},
                        analysed_at=timezone.now(),
                    )
    return refresh_counts(batch)


def refresh_counts(batch: Batch) -> Batch:
    """Recount the batch from its items (cheap, and always right after a resumed run)."""
    counts = Item.objects.filter(batch=batch).aggregate(
        total=Count("pk"),
        analysed=Count("pk", filter=Q(status=ItemStatus.ANALYSED)),
        errors=Count("pk", filter=Q(status=ItemStatus.ERROR)),
        pending=Count("pk", filter=Q(status=ItemStatus.PENDING)),
        relevant=Count("pk", filter=Q(status=ItemStatus.ANALYSED, relevant=True)),
        duplicates=Count("pk", filter=Q(duplicate_of__isnull=False)),
    )
    batch.total = counts["total"]
    batch.analysed = counts["analysed"]
    batch.errors = counts["errors"]
    batch.relevant = counts["relevant"]
    batch.duplicates = counts["duplicates"]
    batch.status = BatchStatus.DONE if counts["pending"] == 0 else BatchStatus.RUNNING
    batch.finished_at = timezone.now() if counts["pending"] == 0 else None
    batch.save(update_fields=["total", "analysed", "errors", "relevant", "duplicates", "status", "finished_at"])
    return batch


# --- feedback ---------------------------------------------------------------------------------


@transaction.atomic
def record_feedback(
    user: User,
    item: Item,
    verdict: str,
    *,
    kind: str = "",
    acts: Iterable[str] = (),
    note: str = "",
) -> Feedback:
    """A reviewer confirms, rejects or corrects an item's triage; kept for retraining.

    A correction names the right kind (and acts, for violations); relevance follows the kind.
    """
    item = get_scoped_or_404(Item.objects.select_for_update(), user, "view", pk=item.pk)
    if item.status != ItemStatus.ANALYSED:
        raise ValidationError(_("Hanya butir yang sudah dianalisis dapat ditinjau."))
    if verdict not in Verdict.values:
        raise ValidationError({"verdict": _("Putusan tidak dikenal.")})
    fb = Feedback(item=item, user=user, verdict=verdict, note=note.strip())
    if verdict == Verdict.CORRECT:
        if kind not in Kind.values:
            raise ValidationError({"kind": _("Pilih jenis yang benar.")})
        fb.kind = kind
        fb.relevant = kind in RELEVANT_KINDS
        fb.acts = [a for a in acts if a in Act.values] if kind in (Kind.VIOLATION, Kind.NON_ASN) else []
    elif verdict == Verdict.REJECT:
        fb.kind, fb.relevant = Kind.NEGATIVE, False
    fb.save()
    audit.log_change(fb, ObjectChange.Action.CREATE, None, user=user)
    before = audit.snapshot(item)
    item.review = verdict
    item.save(update_fields=["review"])
    audit.log_change(item, ObjectChange.Action.UPDATE, before, user=user)
    return fb


# --- finding ----------------------------------------------------------------------------------


@transaction.atomic
def create_finding(user: User, item: Item, data: dict[str, Any]) -> Any:
    """Turn an item into a finding (temuan) with its case, and link it to the item.

    Only roles that may change items (supervisors) pass the scope check; an analyst's
    attempt is refused here as well as in the view.
    """
    try:
        item = get_scoped_or_404(Item.objects.select_for_update(), user, "change", pk=item.pk)
    except Http404 as exc:
        raise PermissionDenied from exc
    if item.finding_id is not None:
        raise ValidationError(_("Butir ini sudah dijadikan temuan."))
    links = [item.source_url] if item.source_url else []
    payload = {
        "subject_name": data["subject_name"],
        "subject_kind": data.get("subject_kind") or "asn",
        "subject_position": data.get("subject_position") or "",
        "subject_agency_name": data.get("subject_agency_name") or "",
        "subject_agency": data.get("subject_agency"),
        "description": data["description"],
        "region": data["region"],
        "known_on": data.get("known_on") or timezone.localdate(),
        "occurred_on": data.get("occurred_on"),
        "place": data.get("place") or "",
        "links": list(data.get("links") or links),
        "source_text": item.text,
        "asn": data.get("asn"),
    }
    from netral.reports.services import create_finding_from

    report = create_finding_from(user, **payload)
    before = audit.snapshot(item)
    item.finding = report
    item.save(update_fields=["finding"])
    audit.log_change(item, ObjectChange.Action.UPDATE, before, user=user)
    logger.info("monitoring item %s turned into finding %s", item.pk, report.pk)
    return report
