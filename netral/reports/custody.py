"""The custody log of evidence originals: every download of an original, by whom, when.

Originals are served only to users with the ``view_pii`` scope on the evidence (supervisors in
scope and the administrator, see ``Evidence.Scope``). Each download appends an ``ObjectChange``
with action ``download`` (user, time, request id, and the SHA-256 and size of the bytes served),
in the same append-only trail as every other change, so the chain of custody of a file is its
audit history: the ``create`` at intake, then each ``download``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from netral.core import audit
from netral.core.models import ObjectChange
from netral.reports.models import Evidence

if TYPE_CHECKING:
    from netral.core.types import RequestUser, User


def record_download(user: User, item: Evidence) -> ObjectChange:
    """Append one custody entry for a download of `item`'s original by `user`."""
    return record_file_download(user, item, sha256=item.sha256, size=item.size, report=item.report_id)


def record_file_download(user: User, obj: Any, *, sha256: str, size: int, **where: Any) -> ObjectChange:
    """The custody entry of any kept file (evidence here, case documents in letters): one shape for all."""
    facts = {"variant": "original", "sha256": sha256, "size": size, **where}
    return audit.log_change(obj, ObjectChange.Action.DOWNLOAD, None, after=facts, user=user)


def log_for(item: Evidence) -> list[ObjectChange]:
    """The downloads of `item`'s original, oldest first."""
    return list(
        audit.history(item).filter(action=ObjectChange.Action.DOWNLOAD).order_by("time", "id").select_related("user")
    )


def originals_visible(user: RequestUser | None, evidence_ids: list[int]) -> set[int]:
    """Which of these evidence items `user` may have the original (and original file name) of."""
    if not evidence_ids:
        return set()
    return set(Evidence.objects.restrict(user, "view_pii").filter(pk__in=evidence_ids).values_list("pk", flat=True))
