"""Rebuild the shipped model from the project's training corpus (plus optional feedback files)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from . import lexicon, model
from .evaluate import read_labelled
from .lexicon import KINDS
from .text import lower_same_length, strip_boilerplate
from .training import written

TRAINING_DIR = Path(__file__).resolve().parent / "training"


def doc_features(text: str) -> list[str]:
    """The exact features ``analyze`` computes for a text (same cleaning, scan and rules)."""
    clean, _ = strip_boilerplate(text)
    lower = lower_same_length(clean)
    lex = lexicon.load()
    hits, fired = lexicon.scan(lex, lower)
    lexicon.apply_rules(lex, lower, fired, hits)
    return model.featurize(lower, hits)


def load_examples(extra: Sequence[Path] = ()) -> list[tuple[list[str], str]]:
    """The hand-written corpus's train split (never its test split), the generated corpus
    files in sorted order, then extra feedback files in the given order."""
    out = [(doc_features(rec["text"]), rec["kind"]) for rec in written.load(split="train")]
    for p in sorted(TRAINING_DIR.glob("*.jsonl")) + list(extra):
        for rec in read_labelled(p):
            kind = rec.get("kind")
            text = rec.get("text")
            if kind in KINDS and isinstance(text, str) and text.strip():
                out.append((doc_features(text), kind))
    return out


def train_to(path: Path, extra: Sequence[Path] = (), seeds: Sequence[int] = model.SEEDS) -> dict[str, object]:
    """Train and write the model file; returns the model's meta block."""
    m = model.train(load_examples(extra), seeds=seeds)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(m.to_json(), encoding="utf-8")
    model.load.cache_clear()
    return m.meta


if __name__ == "__main__":
    print(json.dumps(train_to(model.MODEL_PATH)))
