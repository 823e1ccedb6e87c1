"""A learned act tagger on top of the act rules: one logistic output per act.

Why: the act rules (``pipeline._acts``) find an act where its cue words and their sentence
context say so, but news writes the same deed in many ways ("diarahkan", "safari politik",
"mencarikan suara", a banner "dipasang di pagar kantor"). The tagger reads the same features
as the kind model (words, stems, bigrams, rule signals) plus the rules' own verdicts
(``R:<act>``), so it learns both the wordings the rules miss and when a rule's verdict holds.
It is trained on the violations of the hand-written corpus's train split and of the
generated corpus (``netral train`` writes ``model/acts.json``), and applied to texts judged
violations: an act is reported when its probability reaches ``THRESHOLD``.

The weights are packed like the kind model's (``model._pack``): one integer per feature holds
all acts' weights, so applying the tagger is one C-level sum over the document's features.
"""

from __future__ import annotations

import json
import math
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from pathlib import Path

from .data import PACKAGE_DIR
from .errors import Code, ModelError
from .lexicon import ACTS
from .model import DocFeatures, PackedTable

ACTS_PATH = PACKAGE_DIR / "model" / "acts.json"
THRESHOLD = 0.5  # an act the rules did not find is added at this probability
VETO = 0.0  # an act the rules found is dropped below this probability (0: never; see docs)
_SCALE = 10_000
_BITS = 48
_MASK = (1 << _BITS) - 1
_HALF = 1 << (_BITS - 1)


def rule_features(rule_acts: Iterable[str]) -> list[str]:
    """The act rules' verdicts as features (``R:mobilise``)."""
    return ["R:" + a for a in rule_acts]


@dataclass
class ActModel:
    """Per-act weights (4 decimals) and biases."""

    acts: tuple[str, ...]
    weights: dict[str, tuple[float, ...]]
    bias: tuple[float, ...]
    meta: dict[str, object]

    def __post_init__(self) -> None:
        self._packed = {
            f: sum(round(w * _SCALE) << (_BITS * i) for i, w in enumerate(ws)) for f, ws in self.weights.items()
        }
        self._tables = PackedTable(self._packed)

    def probabilities(self, feats: Iterable[str]) -> dict[str, float]:
        return self._sigmoids(sum(map(self._packed.get, feats, repeat(0))))

    def probabilities_doc(self, df: DocFeatures, rule_acts: Iterable[str]) -> dict[str, float]:
        """Probabilities from a document's features (shared with the kind model) and the act
        rules' verdicts."""
        return self._sigmoids(self._tables.total(df, rule_features(rule_acts)))

    def _sigmoids(self, total: int) -> dict[str, float]:
        out: dict[str, float] = {}
        for act, b in zip(self.acts, self.bias, strict=True):
            low = ((total + _HALF) & _MASK) - _HALF
            total = (total - low) >> _BITS
            z = b + low / _SCALE
            out[act] = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
        return out

    def predict(self, feats: Iterable[str], threshold: float = THRESHOLD) -> list[str]:
        """Acts at or above the threshold, in the order of ``ACTS``."""
        probs = self.probabilities(feats)
        return [a for a in self.acts if probs[a] >= threshold]

    def to_json(self) -> str:
        obj = {
            "format": "netral-nlp-acts",
            "acts": list(self.acts),
            "bias": [round(b, 4) for b in self.bias],
            "meta": self.meta,
            "weights": {f: [round(w, 4) for w in ws] for f, ws in sorted(self.weights.items())},
        }
        return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"

    @classmethod
    def from_json(cls, raw: str, path: Path) -> ActModel:
        try:
            obj = json.loads(raw)
            if obj.get("format") != "netral-nlp-acts" or tuple(obj["acts"]) != ACTS:
                raise ValueError("format or act list mismatch")
            weights = {f: tuple(float(x) for x in ws) for f, ws in obj["weights"].items()}
            return cls(tuple(obj["acts"]), weights, tuple(float(b) for b in obj["bias"]), dict(obj.get("meta", {})))
        except (ValueError, KeyError, TypeError) as exc:
            raise ModelError(Code.E401, path=str(path), detail=str(exc)) from exc


@lru_cache(maxsize=4)
def load(path: Path = ACTS_PATH) -> ActModel:
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ModelError(Code.E401, path=str(path), detail=str(exc)) from exc
    return ActModel.from_json(raw, path)


def train(
    docs: Sequence[tuple[list[str], Sequence[str]]],
    *,
    seeds: Sequence[int] = (13, 1, 2),
    epochs: int = 10,
    lr: float = 0.2,
    l2: float = 1e-4,
    min_df: int = 2,
    min_weight: float = 0.001,
) -> ActModel:
    """One sigmoid output per act, trained together by SGD, averaged over seeds (deterministic).

    ``docs``: (features, gold acts) per violation text.
    """
    k = len(ACTS)
    df: Counter[str] = Counter()
    for feats, _ in docs:
        df.update(set(feats))
    vocab = sorted(f for f, c in df.items() if c >= min_df)
    index = {f: i for i, f in enumerate(vocab)}
    rows = [
        (sorted({index[f] for f in feats if f in index}), [1.0 if a in set(acts) else 0.0 for a in ACTS])
        for feats, acts in docs
    ]
    total = [[0.0] * k for _ in vocab]
    total_b = [0.0] * k
    for seed in seeds:
        w = [[0.0] * k for _ in vocab]
        b = [0.0] * k
        get = w.__getitem__
        rng = random.Random(seed)
        order = list(range(len(rows)))
        for epoch in range(epochs):
            rng.shuffle(order)
            eta = lr / (1.0 + 0.5 * epoch)
            shrink = 1.0 - eta * l2
            for di in order:
                idx, y = rows[di]
                z = list(b)
                if idx:
                    z = [s + sum(col) for s, col in zip(b, zip(*map(get, idx), strict=True), strict=True)]
                step = [
                    eta * (1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, s)))) - t) for s, t in zip(z, y, strict=True)
                ]
                b = [x - s for x, s in zip(b, step, strict=True)]
                for i in idx:
                    w[i] = [x * shrink - s for x, s in zip(w[i], step, strict=True)]
        for acc, wi in zip(total, w, strict=True):
            for c in range(k):
                acc[c] += wi[c]
        total_b = [x + y for x, y in zip(total_b, b, strict=True)]
    n = len(seeds)
    weights: dict[str, tuple[float, ...]] = {}
    for f, acc in zip(vocab, total, strict=True):
        avg = tuple(round(x / n, 4) for x in acc)
        if max(abs(x) for x in avg) >= min_weight:
            weights[f] = avg
    meta: dict[str, object] = {
        "seeds": list(seeds),
        "epochs": epochs,
        "lr": lr,
        "l2": l2,
        "min_df": min_df,
        "documents": len(rows),
        "per_act": {a: sum(1 for _, y in rows if y[i]) for i, a in enumerate(ACTS)},
        "threshold": THRESHOLD,
    }
    return ActModel(ACTS, weights, tuple(round(x / n, 4) for x in total_b), meta)
