"""The one adapter between the inbox and the triage engine (``netral_nlp``).

Everything else in the app calls these functions and reads the normalised dict they return,
so a change in the engine's shape (attribute names, a missing field, a new error style) is
absorbed here. The engine never raises into the app: any exception becomes an ``error``.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any, TypedDict

from netral.monitoring.choices import Handling

logger = logging.getLogger(__name__)

FIELDS = (
    "id",
    "relevant",
    "score",
    "kind",
    "acts",
    "skb",
    "subjects",
    "people",
    "regions",
    "event_date",
    "stage",
    "asn_count",
    "status",
    "sanction",
    "evidence",
    "cluster",
    "error",
)


class Region(TypedDict):
    code: str
    name: str
    level: int


class Person(TypedDict):
    name: str
    titles: list[str]
    role: str
    agency: str


class Span(TypedDict):
    start: int
    end: int
    text: str
    signal: str


class Result(TypedDict, total=False):
    id: str
    relevant: bool
    score: float
    kind: str
    acts: list[str]
    skb: list[str]
    subjects: list[str]
    people: list[Person]
    regions: list[Region]
    event_date: str | None
    stage: str | None
    asn_count: int | None
    asn_count_approximate: bool
    status: str | None
    sanction: str | None
    evidence: list[Span]
    cluster: str | None
    error: str | None
    truncated: bool


def _engine() -> Any:
    import netral_nlp

    return netral_nlp


def version() -> str:
    """The engine's version string (stored with each analysis, so feedback can be traced)."""
    try:
        return str(getattr(_engine(), "__version__", "unknown"))
    except Exception:  # noqa: BLE001 - an engine that fails to import is reported per item
        return "unavailable"


def _as_mapping(raw: Any) -> dict[str, Any]:
    for name in ("to_dict", "as_dict"):
        fn = getattr(raw, name, None)
        if callable(fn):
            out = fn()
            if isinstance(out, dict):
                return out
    if isinstance(raw, dict):
        return raw
    return {f: getattr(raw, f, None) for f in (*FIELDS, "asn_count_approximate", "truncated")}


def _str_list(value: Any) -> list[str]:
    if not isinstance(value, (list, tuple)):
        return []
    return [str(v) for v in value if v not in (None, "")]


def _regions(value: Any) -> list[Region]:
    out: list[Region] = []
    if not isinstance(value, (list, tuple)):
        return out
    for r in value:
        code = r.get("code") if isinstance(r, dict) else getattr(r, "code", None)
        if not code:
            continue
        name = r.get("name") if isinstance(r, dict) else getattr(r, "name", "")
        level = r.get("level") if isinstance(r, dict) else getattr(r, "level", None)
        try:
            lvl = int(level) if level is not None else str(code).count(".") + 1
        except (TypeError, ValueError):
            lvl = str(code).count(".") + 1
        out.append({"code": str(code), "name": str(name or ""), "level": lvl})
    return out


MAX_PEOPLE = 10


def _people(value: Any) -> list[Person]:
    """Named persons at issue: a name is required; titles, role and agency are plain strings."""
    out: list[Person] = []
    if not isinstance(value, (list, tuple)):
        return out
    for p in value[:MAX_PEOPLE]:
        if not isinstance(p, dict):
            continue
        name = " ".join(str(p.get("name") or "").split())[:200]
        if not name:
            continue
        out.append(
            {
                "name": name,
                "titles": _str_list(p.get("titles"))[:8],
                "role": str(p.get("role") or "")[:200],
                "agency": str(p.get("agency") or "")[:200],
            }
        )
    return out


def _spans(value: Any, text_len: int) -> list[Span]:
    """Evidence spans that fit inside the text; malformed ones are dropped, never trusted."""
    out: list[Span] = []
    if not isinstance(value, (list, tuple)):
        return out
    for sp in value:
        get = sp.get if isinstance(sp, dict) else (lambda k, s=sp: getattr(s, k, None))
        try:
            start, end = int(get("start")), int(get("end"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue
        if 0 <= start < end <= text_len:
            out.append({"start": start, "end": end, "text": str(get("text") or ""), "signal": str(get("signal") or "")})
    return out


def _iso_date(value: Any) -> str | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError:
        return None


def normalise(raw: Any, doc_id: str, text_len: int) -> Result:
    """The engine's output as a plain JSON-safe dict with every contract field present."""
    d = _as_mapping(raw)
    error = d.get("error")
    try:
        score = float(d.get("score") or 0.0)
    except (TypeError, ValueError):
        score = 0.0
    count = d.get("asn_count")
    return {
        "id": str(d.get("id") or doc_id),
        "relevant": bool(d.get("relevant")),
        "score": max(0.0, min(1.0, score)),
        "kind": str(d.get("kind") or ("" if error else "negative")),
        "acts": _str_list(d.get("acts")),
        "skb": _str_list(d.get("skb")),
        "subjects": _str_list(d.get("subjects")),
        "people": _people(d.get("people")),
        "regions": _regions(d.get("regions")),
        "event_date": _iso_date(d.get("event_date")),
        "stage": str(d["stage"]) if d.get("stage") else None,
        "asn_count": int(count) if isinstance(count, (int, float)) and not isinstance(count, bool) else None,
        "asn_count_approximate": bool(d.get("asn_count_approximate")),
        # A status the inbox does not know is dropped, never stored.
        "status": str(d["status"]) if d.get("status") in Handling.values else None,
        "sanction": str(d["sanction"])[:300] if d.get("sanction") else None,
        "evidence": _spans(d.get("evidence"), text_len),
        "cluster": str(d["cluster"]) if d.get("cluster") else None,
        "error": str(error) if error else None,
        "truncated": bool(d.get("truncated")),
    }


def analyse(doc_id: str, text: str) -> Result:
    """Analyse one text. Never raises: an engine crash becomes this item's ``error``."""
    try:
        analyze = _engine().analyze
        try:
            raw = analyze(text, doc_id)
        except TypeError:
            raw = analyze(text)
    except Exception as exc:  # noqa: BLE001 - one bad item must not stop the batch
        logger.exception("triage engine failed on item %s", doc_id)
        return normalise({"error": f"mesin triase gagal: {type(exc).__name__}"}, doc_id, len(text))
    return normalise(raw, doc_id, len(text))
