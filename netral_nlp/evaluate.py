"""Evaluation against a labelled JSONL file (the schema of ``shared/eval/dev.jsonl``).

The first block mirrors ``../shared/eval/score.py`` (the scorer of the hidden set): relevance
F1, kind accuracy, act micro-F1 over gold violations, region F1 by Kemendagri code over
relevant gold documents with regions, date accuracy over documents where gold or prediction
has a date. The engine's own metrics follow.

Metrics: relevance precision/recall/F1; kind accuracy; act micro-F1 (over all documents);
region accuracy; date accuracy (exact, null included); stage accuracy (exact, null included);
handling-status accuracy over the documents labelled with a status (the cases).

Region accuracy: gold regions are written as in the text ("Kabupaten Serang", "Purwakarta",
"Sulut"). Each gold name is resolved with the same gazetteer (prefix decides regency vs city;
a bare ambiguous name such as "Bandung" accepts any of its candidates). A document counts
as correct when every gold name is matched by a predicted code and every predicted code
matches some gold name; documents with no gold and no predicted regions are correct.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from . import gazetteer
from .pipeline import Analysis, analyze


def resolve_gold_region(name: str) -> set[str]:
    """Candidate codes for a region name written as in the text."""
    g = gazetteer.load()
    low = " ".join(name.lower().split())
    m = g.regex.fullmatch(low)
    if not m:
        return set()
    pre, base = m.group(1), " ".join(m.group(2).split())
    cands = g.by_name.get(base, [])
    if pre:
        want = gazetteer._PREFIX_LEVEL.get(" ".join(pre.split()))
        reg = gazetteer._pick(cands, want)
        return {reg.code} if reg else {c.code for c in cands}
    return {c.code for c in cands}


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def evaluate_records(records: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Run the analyser on labelled records and compute the metrics."""
    n = rtp = rfp = rfn = 0
    kind_ok = date_ok = stage_ok = region_ok = 0
    cases = status_ok = 0
    atp = afp = afn = 0
    stp = sfp = sfn = 0
    vtp = vfp = vfn = 0  # acts over gold violations only (as score.py)
    gtp = gfp = gfn = 0  # regions by code over relevant gold documents with regions (as score.py)
    dated = dated_ok = 0  # dates where gold or prediction has one (as score.py)
    errors = 0
    confusion: dict[str, dict[str, int]] = {}
    per_doc: list[dict[str, Any]] = []
    for rec in records:
        n += 1
        res: Analysis = analyze(rec.get("text", ""), str(rec.get("id", n)))
        if res.error:
            errors += 1
        gold_rel = bool(rec.get("relevant"))
        if res.relevant and gold_rel:
            rtp += 1
        elif res.relevant:
            rfp += 1
        elif gold_rel:
            rfn += 1
        gk = rec.get("kind")
        pk = res.kind or "negative"
        kind_ok += pk == gk
        confusion.setdefault(str(gk), {}).setdefault(pk, 0)
        confusion[str(gk)][pk] += 1
        ga, pa = set(rec.get("acts") or []), set(res.acts)
        atp += len(ga & pa)
        afp += len(pa - ga)
        afn += len(ga - pa)
        # Subjects: case-insensitive role names (gold is written close to the text's wording).
        gs = {str(x).lower() for x in rec.get("subjects") or []}
        ps = {x.lower() for x in res.subjects}
        stp += len(gs & ps)
        sfp += len(ps - gs)
        sfn += len(gs - ps)
        if gk == "violation":
            vtp += len(ga & pa)
            vfp += len(pa - ga)
            vfn += len(ga - pa)
        date_ok += res.event_date == rec.get("event_date")
        if res.event_date or rec.get("event_date"):
            dated += 1
            dated_ok += res.event_date == rec.get("event_date")
        if rec.get("status"):
            cases += 1
            status_ok += res.status == rec.get("status")
        stage_ok += res.stage == rec.get("stage")
        pred_codes = {str(r["code"]) for r in res.regions}
        gold_sets = [resolve_gold_region(x) for x in rec.get("regions") or []]
        ok = all(gs & pred_codes for gs in gold_sets) and all(any(c in gs for gs in gold_sets) for c in pred_codes)
        region_ok += ok
        if gold_rel and gold_sets:
            used: set[str] = set()
            for want in gold_sets:
                hit = sorted((want & pred_codes) - used)
                if hit:
                    gtp += 1
                    used.add(hit[0])
                else:
                    gfn += 1
            gfp += len(pred_codes - used)
        per_doc.append(
            {
                "id": rec.get("id"),
                "gold_kind": gk,
                "kind": pk,
                "score": res.score,
                "acts": sorted(pa),
                "gold_acts": sorted(ga),
                "subjects": sorted(ps),
                "gold_subjects": sorted(gs),
                "regions": sorted(pred_codes),
                "gold_regions": rec.get("regions"),
                "region_ok": ok,
                "event_date": res.event_date,
                "gold_date": rec.get("event_date"),
                "stage": res.stage,
                "gold_stage": rec.get("stage"),
                "status": res.status,
                "gold_status": rec.get("status"),
                "sanction": res.sanction,
            }
        )
    p, r, f = _f1(rtp, rfp, rfn)
    _, _, af = _f1(atp, afp, afn)
    _, _, sf = _f1(stp, sfp, sfn)
    _, _, vf = _f1(vtp, vfp, vfn)
    _, _, gf = _f1(gtp, gfp, gfn)
    d = max(n, 1)
    return {
        "scored": {
            "relevance_f1": round(f, 4),
            "kind_acc": round(kind_ok / d, 4),
            "act_micro_f1": round(vf, 4),
            "region_f1": round(gf, 4),
            "date_acc": round(dated_ok / max(dated, 1), 4),
        },
        "documents": n,
        "errors": errors,
        "relevance": {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)},
        "kind_accuracy": round(kind_ok / d, 4),
        "act_micro_f1": round(af, 4),
        "subject_micro_f1": round(sf, 4),
        "region_accuracy": round(region_ok / d, 4),
        "date_accuracy": round(date_ok / d, 4),
        "stage_accuracy": round(stage_ok / d, 4),
        "status_cases": cases,
        "status_accuracy": round(status_ok / max(cases, 1), 4),
        "kind_confusion": confusion,
        "documents_detail": per_doc,
    }


def read_labelled(path: Path) -> list[dict[str, Any]]:
    """Read a labelled JSONL file, skipping blank lines and a ``_meta`` header."""
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            obj = json.loads(line)
            if "_meta" in obj:
                continue
            out.append(obj)
    return out


def evaluate_file(path: Path) -> dict[str, Any]:
    return evaluate_records(read_labelled(path))


def format_report(m: dict[str, Any]) -> str:
    rel = m["relevance"]
    sc = m["scored"]
    lines = [
        "as ../shared/eval/score.py scores them (acts over gold violations; regions by code over",
        "relevant gold documents with regions; dates where gold or prediction has one):",
        (
            f"  relevance F1 {sc['relevance_f1']:.3f}  kind {sc['kind_acc']:.3f}  acts {sc['act_micro_f1']:.3f}"
            f"  regions {sc['region_f1']:.3f}  dates {sc['date_acc']:.3f}"
        ),
        "the engine's own, broader metrics:",
        f"documents          {m['documents']} (errors {m['errors']})",
        f"relevance P/R/F1   {rel['precision']:.3f} / {rel['recall']:.3f} / {rel['f1']:.3f}",
        f"kind accuracy      {m['kind_accuracy']:.3f}",
        f"act micro-F1       {m['act_micro_f1']:.3f}",
        f"subject micro-F1   {m['subject_micro_f1']:.3f}",
        f"region accuracy    {m['region_accuracy']:.3f}",
        f"date accuracy      {m['date_accuracy']:.3f}",
        f"stage accuracy     {m['stage_accuracy']:.3f}",
        f"status accuracy    {m['status_accuracy']:.3f} (over {m['status_cases']} labelled cases)",
        "kind confusion (gold -> predicted counts):",
    ]
    lines.extend(
        f"  {gk:20s} {json.dumps(m['kind_confusion'][gk], sort_keys=True)}" for gk in sorted(m["kind_confusion"])
    )
    return "\n".join(lines)
