"""The sanction catalogue (violation types, tracks, levels, mappings) loaded from reference/sanctions.json.

The mapping from a violation type to its tracks and levels is data because the sources disagree
(D-03 moderate vs heavy; ethics vs discipline for behaviours in both SKB tables) and the rules
change between regulations. ``load_sanctions`` is idempotent: it upserts by code.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from netral.cases.models import SanctionLevel, SanctionTrack, ViolationMapping, ViolationType

DEFAULT_PATH = Path(settings.BASE_DIR) / "reference" / "sanctions.json"


class CatalogueError(ValueError):
    """The JSON file contradicts itself (unknown code, default outside the allowed set...)."""


def read_catalogue(path: Path | None = None) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((path or DEFAULT_PATH).read_text(encoding="utf-8"))
    validate_catalogue(data)
    return data


def _allowed_codes(data: dict[str, Any], mapping: dict[str, Any]) -> list[str]:
    """Every level code a mapping allows: its severity groups, plus listed alternatives and the default."""
    codes: list[str] = []
    for severity in str(mapping.get("allowed", "")).split("+"):
        if severity:
            codes.extend(data["severity_levels"][severity])
    codes.extend(mapping.get("alternatives", []))
    if mapping.get("default"):
        codes.append(mapping["default"])
    return list(dict.fromkeys(codes))


def validate_catalogue(data: dict[str, Any]) -> None:
    tracks = {t["code"] for t in data["tracks"]}
    levels = {lv["code"]: lv for lv in data["levels"]}
    seen: set[str] = set()
    for lv in data["levels"]:
        if lv["track"] not in tracks:
            raise CatalogueError(f"level {lv['code']}: unknown track {lv['track']}")
    for severity, codes in data["severity_levels"].items():
        for code in codes:
            if code not in levels:
                raise CatalogueError(f"severity {severity}: unknown level {code}")
    for vt in data["types"]:
        if vt["code"] in seen:
            raise CatalogueError(f"duplicate violation type {vt['code']}")
        seen.add(vt["code"])
        if not vt.get("mappings"):
            raise CatalogueError(f"{vt['code']}: no mapping")
        for m in vt["mappings"]:
            if m["track"] not in tracks:
                raise CatalogueError(f"{vt['code']}: unknown track {m['track']}")
            allowed = _allowed_codes(data, m)
            if not allowed:
                raise CatalogueError(f"{vt['code']}: mapping to {m['track']} allows no level")
            for code in allowed:
                if code not in levels:
                    raise CatalogueError(f"{vt['code']}: unknown level {code}")
                if levels[code]["track"] != m["track"]:
                    raise CatalogueError(f"{vt['code']}: level {code} is not on track {m['track']}")


@transaction.atomic
def load_sanctions(path: Path | None = None) -> dict[str, int]:
    """Upsert the catalogue from JSON. Returns counts. Safe to run again after editing the file."""
    data = read_catalogue(path)
    tracks: dict[str, SanctionTrack] = {}
    for t in data["tracks"]:
        tracks[t["code"]], _ = SanctionTrack.objects.update_or_create(
            code=t["code"],
            defaults={
                "kind": t["kind"],
                "employment": t["employment"],
                "name_id": t["name_id"],
                "name_en": t["name_en"],
                "legal_basis": t.get("legal_basis", ""),
                "order": t.get("order", 0),
            },
        )
    for t in data["tracks"]:
        counterpart = tracks.get(t.get("pppk_counterpart", ""))
        if tracks[t["code"]].pppk_counterpart_id != (counterpart.pk if counterpart else None):
            tracks[t["code"]].pppk_counterpart = counterpart
            tracks[t["code"]].save(update_fields=["pppk_counterpart"])
    levels: dict[str, SanctionLevel] = {}
    for lv in data["levels"]:
        levels[lv["code"]], _ = SanctionLevel.objects.update_or_create(
            code=lv["code"],
            defaults={
                "track": tracks[lv["track"]],
                "severity": lv["severity"],
                "name_id": lv["name_id"],
                "name_en": lv["name_en"],
                "months": lv.get("months"),
                "legal_basis": lv.get("legal_basis", ""),
                "order": lv.get("order", 0),
            },
        )
    for order, vt in enumerate(data["types"], start=1):
        obj, _ = ViolationType.objects.update_or_create(
            code=vt["code"],
            defaults={
                "table": vt["table"],
                "title_id": vt["title_id"],
                "title_en": vt["title_en"],
                "track": vt["track"],
                "note": vt.get("note", ""),
                "order": order,
            },
        )
        keep: list[int] = []
        for m in vt["mappings"]:
            mapping, _ = ViolationMapping.objects.update_or_create(
                violation_type=obj,
                track=tracks[m["track"]],
                defaults={
                    "default_level": levels[m["default"]] if m.get("default") else None,
                    "disputed": bool(m.get("disputed", False)),
                    "note": m.get("note", ""),
                },
            )
            mapping.allowed_levels.set([levels[c] for c in _allowed_codes(data, m)])
            keep.append(mapping.pk)
        ViolationMapping.objects.filter(violation_type=obj).exclude(pk__in=keep).delete()
    return {"tracks": len(tracks), "levels": len(levels), "types": len(data["types"])}


def allowed_levels(violation_type: ViolationType, employment: str = "PNS") -> list[SanctionLevel]:
    """The sanctions BKN may recommend for one type and one employment type (PNS or PPPK).

    For PPPK, a discipline level is swapped for the PPPK track's levels of the same severity,
    since PPPK keep a separate vocabulary (domain §1.5).
    """
    out: list[SanctionLevel] = []
    for mapping in violation_type.mappings.select_related("track__pppk_counterpart").prefetch_related("allowed_levels"):
        pns_levels = list(mapping.allowed_levels.all())
        counterpart = mapping.track.pppk_counterpart
        if employment == "PPPK" and counterpart is not None:
            severities = {lv.severity for lv in pns_levels}
            out.extend(SanctionLevel.objects.filter(track=counterpart, severity__in=severities))
        else:
            out.extend(pns_levels)
    return list(dict.fromkeys(out))
