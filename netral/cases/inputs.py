"""What other apps hand the cases app: typed inputs, built and checked by the caller's edge."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from netral.agencies.models import Agency
    from netral.personnel.models import ASN
    from netral.regions.models import Election, Region


@dataclass(frozen=True)
class CaseOpening:
    """A case to open for a report or finding (the reports app builds it and links its rows).

    `reason` is the first timeline entry's text (the kind of report: «Laporan», «Temuan»);
    `has_reporter` is False for a finding, which no reporter can withdraw.
    """

    title: str
    subject_kind: str
    region: Region
    agency: Agency | None
    asn: ASN | None
    election: Election | None
    occurred_on: datetime.date | None
    known_on: datetime.date | None
    received_at: datetime.datetime
    reason: str
    has_reporter: bool = True
    # The accused as the reporter wrote them: what registry candidates are searched from.
    accused_name: str = ""
    accused_position: str = ""
