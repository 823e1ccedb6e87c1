"""The hand-written training corpus: loading, validation and the fixed train/test split.

The corpus in ``training/written/*.jsonl`` is the project's own text, written genre by genre in
the eval label format (see ``docs/nlp.md``). A fifth of it is held out as the project's test
split and never trained on. The split is a pure function of the document id, so adding
documents never moves an old one from test to train.

``python -m netral_nlp.training.written`` checks every file and prints counts per genre,
kind and split; it exits 1 on the first invalid record, naming file and line.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

WRITTEN_DIR = Path(__file__).resolve().parent / "written"

KINDS = ("violation", "prevention", "sanction_policy", "non_asn_neutrality", "negative")
RELEVANT_KINDS = frozenset(KINDS[:3])
ACTS = frozenset(
    {
        "social_media",
        "photo_gesture",
        "attend_campaign",
        "campaign_team",
        "state_facilities",
        "mobilise",
        "distribute_goods",
        "candidacy_no_resign",
        "partisan_statement",
        "party_membership",
        "other",
    }
)
STATUSES = frozenset({"alleged", "under_review", "recommended", "sanctioned", "cleared"})
STAGES = frozenset({"pencalonan", "pra-kampanye", "kampanye", "pemungutan", "rekapitulasi"})
_STAGE = re.compile(r"^(pilkada|pemilu|pilur|pilkades)(\d{4})(?::([a-z-]+))?$")
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{2,63}$")
REQUIRED = (
    "id",
    "text",
    "relevant",
    "kind",
    "subjects",
    "acts",
    "regions",
    "event_date",
    "stage",
    "status",
    "sanction",
)
OPTIONAL = ("url", "notes", "genre", "register")


class CorpusError(ValueError):
    """A record that breaks the label format; the message names file, line and field."""


def is_test(doc_id: str) -> bool:
    """True for the fifth of documents held out as the project's own test split."""
    return hashlib.sha256(doc_id.encode("utf-8")).digest()[0] % 5 == 0


def validate(rec: dict[str, Any]) -> list[str]:
    """Every problem with one record, as short messages (empty list: valid)."""
    problems: list[str] = []
    missing = [k for k in REQUIRED if k not in rec]
    if missing:
        return [f"missing fields: {', '.join(missing)}"]
    extra = sorted(set(rec) - set(REQUIRED) - set(OPTIONAL))
    if extra:
        problems.append(f"unknown fields: {', '.join(extra)}")
    if not isinstance(rec["id"], str) or not _ID.match(rec["id"]):
        problems.append("id: lower-case letters, digits, '-' or '_', 3-64 characters")
    text = rec["text"]
    if not isinstance(text, str) or len(text.strip()) < 20:
        problems.append("text: a string of at least 20 characters")
        return problems
    kind = rec["kind"]
    if kind not in KINDS:
        problems.append(f"kind: one of {', '.join(KINDS)}")
    if rec["relevant"] is not (kind in RELEVANT_KINDS):
        problems.append("relevant must be true exactly for violation, prevention and sanction_policy")
    problems.extend(
        f"{name}: a list of non-empty strings"
        for name in ("subjects", "acts", "regions")
        if not isinstance(rec[name], list) or not all(isinstance(v, str) and v.strip() for v in rec[name])
    )
    if kind == "negative" and rec["subjects"]:
        problems.append("subjects: empty for negatives")
    bad_acts = [a for a in rec["acts"] if a not in ACTS]
    if bad_acts:
        problems.append(f"acts: unknown {bad_acts}")
    if rec["acts"] and kind not in ("violation", "non_asn_neutrality"):
        problems.append("acts: only for violation and case-like non_asn_neutrality")
    lower = text.lower()
    regions = rec["regions"] if isinstance(rec["regions"], list) else []
    problems.extend(
        f"regions: {r!r} does not occur in the text" for r in regions if isinstance(r, str) and r.lower() not in lower
    )
    date = rec["event_date"]
    if date is not None:
        try:
            dt.date.fromisoformat(date)
        except (TypeError, ValueError):
            problems.append("event_date: null or an ISO date YYYY-MM-DD")
    stage = rec["stage"]
    if stage is not None:
        m = _STAGE.match(stage) if isinstance(stage, str) else None
        if not m or (m.group(3) and m.group(3) not in STAGES):
            problems.append(f"stage: <election><year>[:<stage>], stage one of {', '.join(sorted(STAGES))}")
    status = rec["status"]
    if status is not None and status not in STATUSES:
        problems.append(f"status: null or one of {', '.join(sorted(STATUSES))}")
    if status is not None and kind not in ("violation", "non_asn_neutrality"):
        problems.append("status: only for violation and case-like non_asn_neutrality")
    sanction = rec["sanction"]
    if sanction is not None and (not isinstance(sanction, str) or not sanction.strip()):
        problems.append("sanction: null or the imposed sanction as written")
    if sanction is not None and status != "sanctioned":
        problems.append("sanction: only when status is sanctioned")
    return problems


def iter_file(path: Path) -> Iterator[dict[str, Any]]:
    """Records of one corpus file, validated; CorpusError on the first bad line."""
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise CorpusError(f"{path.name}:{lineno}: not JSON ({exc.msg})") from None
            if not isinstance(rec, dict):
                raise CorpusError(f"{path.name}:{lineno}: not a JSON object")
            problems = validate(rec)
            if problems:
                raise CorpusError(f"{path.name}:{lineno} ({rec.get('id')}): " + "; ".join(problems))
            rec.setdefault("genre", path.stem)
            yield rec


def load(directory: Path = WRITTEN_DIR, *, split: str = "all") -> list[dict[str, Any]]:
    """All records (``split`` = "all", "train" or "test"), files in name order; ids must be unique."""
    if split not in ("all", "train", "test"):
        raise ValueError(f"split must be all, train or test, not {split!r}")
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for path in sorted(directory.glob("*.jsonl")):
        for rec in iter_file(path):
            if rec["id"] in seen:
                raise CorpusError(f"{path.name}: duplicate id {rec['id']}")
            seen.add(rec["id"])
            if split == "all" or (split == "test") == is_test(rec["id"]):
                out.append(rec)
    return out


def main(argv: list[str] | None = None) -> int:
    directory = Path(argv[0]) if argv else WRITTEN_DIR
    try:
        records = load(directory)
    except CorpusError as exc:
        print(f"invalid: {exc}", file=sys.stderr)
        return 1
    by_genre = Counter(r["genre"] for r in records)
    by_kind = Counter(r["kind"] for r in records)
    test = sum(is_test(r["id"]) for r in records)
    print(f"{len(records)} documents ({test} test, {len(records) - test} train)")
    for genre, n in sorted(by_genre.items()):
        print(f"  {genre}: {n}")
    print("kinds: " + ", ".join(f"{k} {by_kind[k]}" for k in KINDS))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
