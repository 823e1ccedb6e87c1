"""Rebuild the shipped models from the project's training corpus (plus optional feedback files).

Two files: ``model/model.json`` (the kind model) and ``model/acts.json`` (the act tagger).
Training reads the hand-written corpus's train split (never its test split), then the
generated corpus files in sorted order, then feedback files in the given order; every text is
cleaned, scanned and featurised exactly as ``analyze`` does.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from . import acts_model, lexicon, model
from .context import Sentences
from .evaluate import read_labelled
from .lexicon import ACTS, KINDS
from .text import lower_same_length, strip_boilerplate
from .training import written

TRAINING_DIR = Path(__file__).resolve().parent / "training"


def _prepared(text: str) -> tuple[str, dict[str, list[lexicon.Hit]]]:
    from .pipeline import _diy_lurah

    clean, _ = strip_boilerplate(text)
    lower = lower_same_length(clean)
    lex = lexicon.load()
    hits, fired = lexicon.scan(lex, lower)
    lexicon.apply_rules(lex, lower, fired, hits)
    _diy_lurah(hits, lower)
    return lower, hits


def doc_features(text: str) -> list[str]:
    """The exact features ``analyze`` computes for a text (same cleaning, scan and rules)."""
    lower, hits = _prepared(text)
    return model.featurize(lower, hits)


def act_features(text: str) -> list[str]:
    """The act tagger's features: the kind model's, plus the act rules' verdicts for a violation."""
    from .pipeline import _acts

    lower, hits = _prepared(text)
    rule_acts = _acts(hits, lower, "violation", Sentences(lower))
    return model.featurize(lower, hits) + acts_model.rule_features(rule_acts)


def _records(extra: Sequence[Path]) -> Iterator[dict[str, Any]]:
    yield from written.load(split="train")
    for p in sorted(TRAINING_DIR.glob("*.jsonl")) + list(extra):
        yield from read_labelled(p)


def load_examples(extra: Sequence[Path] = ()) -> list[tuple[list[str], str]]:
    """(features, kind) for every usable labelled text, in the order described above."""
    out: list[tuple[list[str], str]] = []
    for rec in _records(extra):
        kind = rec.get("kind")
        text = rec.get("text")
        if kind in KINDS and isinstance(text, str) and text.strip():
            out.append((doc_features(text), kind))
    return out


def load_act_examples(extra: Sequence[Path] = ()) -> list[tuple[list[str], list[str]]]:
    """(features, acts) for the violations: their acts are labelled (an empty list included)."""
    out: list[tuple[list[str], list[str]]] = []
    for rec in _records(extra):
        text = rec.get("text")
        acts = rec.get("acts")
        if rec.get("kind") == "violation" and isinstance(text, str) and text.strip() and isinstance(acts, list):
            out.append((act_features(text), [a for a in acts if a in ACTS]))
    return out


def train_to(
    path: Path,
    extra: Sequence[Path] = (),
    seeds: Sequence[int] = model.SEEDS,
    acts_path: Path | None = None,
) -> dict[str, object]:
    """Train and write both model files; returns the kind model's meta block (with the act
    tagger's under ``"acts"``). ``acts_path`` defaults to ``acts.json`` beside ``path``."""
    m = model.train(load_examples(extra), seeds=seeds)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(m.to_json(), encoding="utf-8")
    a = acts_model.train(load_act_examples(extra))
    (acts_path or path.with_name(acts_model.ACTS_PATH.name)).write_text(a.to_json(), encoding="utf-8")
    model.load.cache_clear()
    acts_model.load.cache_clear()
    return {**m.meta, "acts": a.meta}


if __name__ == "__main__":
    print(json.dumps(train_to(model.MODEL_PATH)))
