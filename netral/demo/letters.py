"""Demo letters: every case past BKN's recommendation has its issued recommendation letter (and the
case reprimanded has its reprimand), through ``letters.services`` acting as the demo BKN officer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from netral.cases.models import Case
from netral.core.context import acting
from netral.letters import services
from netral.letters.choices import LetterKind
from netral.letters.defaults import ensure_default_bodies
from netral.letters.models import LetterBody

if TYPE_CHECKING:
    from netral.demo.world import World


def build(world: World) -> None:
    ensure_default_bodies()  # a flushed database (transactional tests) lost the migration's rows
    LetterBody.objects.filter(code="bkn").update(
        signer_name="Dr. Haryanto Wibisono, S.H., M.Si.", signer_nip="197001011995031001"
    )
    LetterBody.objects.filter(code="bawaslu-ri").update(signer_name="Rahmawati Lestari, S.H., M.H.")
    bkn = world.users["bkn"]
    with acting(bkn):
        for case in Case.objects.filter(recommended_at__isnull=False).order_by("recommended_at", "pk"):
            services.issue_letter(case, LetterKind.RECOMMENDATION, user=bkn)
            if case.status in ("refused", "follow_up") and case.reprimanded_at:
                services.issue_letter(case, LetterKind.REPRIMAND, user=bkn)
