"""The statistical part: sparse features + multinomial logistic regression, in pure Python.

Why pure Python: the model is small (a few thousand features × 5 kinds), training takes
seconds, and avoiding numpy keeps the package dependency-free and the saved weights
byte-for-byte reproducible (fixed seed, sorted iteration, rounded floats).
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
from .lang.id import STOP_WORDS
from .lexicon import KINDS, Hit
from .text import WORD_RE, words

MODEL_PATH = PACKAGE_DIR / "model" / "model.json"
FEATURE_VERSION = 1
WORD_WINDOW = 1200  # words are taken from the headline and lead only; rule signals cover the whole text
_SIGNAL_VALUE_FEATURES = (
    "act",
    "stage",
    "election_kind",
    "case_link",
    "non_asn_case",
    "prevention",
    "policy",
    "aggregate",
)


def featurize(lower: str, hits: dict[str, list[Hit]]) -> list[str]:
    """Features of one document: content words plus rule signals (presence, value, count bucket).

    Rule signals are features so the model learns how much each rule is worth; words (from
    the first ``WORD_WINDOW`` characters, where news puts the who/what) let it pick up
    vocabulary the lexicon lacks, at a bounded cost per document.
    """
    feats = set(words(lower[:WORD_WINDOW]))
    feats -= STOP_WORDS
    for signal, lst in hits.items():
        feats.add("S:" + signal)
        feats.add(f"C:{signal}:{min(len(lst), 4)}")
        if signal in _SIGNAL_VALUE_FEATURES:
            for _, _, v in lst:
                feats.add(f"V:{signal}:{v}")
    return sorted(feats)


def active_features(lower: str, hits: dict[str, list[Hit]], tokens: list[str] | None = None) -> set[str]:
    """The features of ``featurize`` as an unsorted set, for prediction only.

    Stop words stay in (they have no weight, so they are ignored by ``predict``), which
    saves a set difference and a sort per document. ``tokens``: the words of
    ``lower[:WORD_WINDOW]`` when the caller already has them.
    """
    feats = set(tokens if tokens is not None else WORD_RE.findall(lower, 0, WORD_WINDOW))
    add = feats.add
    for signal, lst in hits.items():
        names = _SIGNAL_NAMES.get(signal)
        if names is None:
            names = _SIGNAL_NAMES[signal] = ("S:" + signal, *(f"C:{signal}:{n}" for n in range(5)))
        add(names[0])
        add(names[min(len(lst), 4) + 1])
        if signal in _SIGNAL_VALUE_FEATURES:
            for _, _, v in lst:
                key = (signal, v)
                name = _VALUE_NAMES.get(key)
                if name is None:
                    name = _VALUE_NAMES[key] = f"V:{signal}:{v}"
                add(name)
    return feats


# Feature-name strings built once per signal / value instead of per document.
_SIGNAL_NAMES: dict[str, tuple[str, ...]] = {}
_VALUE_NAMES: dict[tuple[str, str], str] = {}


@dataclass
class Model:
    """Per-kind weight tables; ``predict`` returns a probability per kind."""

    classes: tuple[str, ...]
    weights: list[dict[str, float]]
    bias: list[float]
    meta: dict[str, object]

    def __post_init__(self) -> None:
        # feature -> weight per kind (the float path: one dict lookup per active feature and
        # a column sum done in C, ``zip(*vectors)``), and the same weights packed (``_pack``).
        table: dict[str, tuple[float, ...]] = {}
        for f in sorted({f for w in self.weights for f in w}):
            table[f] = tuple(w.get(f, 0.0) for w in self.weights)
        self._table = table
        self._packed = _pack(table, self.bias)

    def predict(self, feats: Iterable[str]) -> dict[str, float]:
        if self._packed is not None:
            scores = self._packed_scores(feats)
        else:
            vectors = list(filter(None, map(self._table.get, feats)))
            scores = list(self.bias)
            if vectors:
                scores = [b + sum(col) for b, col in zip(self.bias, zip(*vectors, strict=True), strict=True)]
        mx = max(scores)
        exps = [math.exp(s - mx) for s in scores]
        tot = sum(exps)
        return {c: e / tot for c, e in zip(self.classes, exps, strict=True)}

    def _packed_scores(self, feats: Iterable[str]) -> list[float]:
        """Per-kind scores from one C-level ``sum`` of packed integer weights (see ``_pack``)."""
        assert self._packed is not None
        packed, bias = self._packed
        total = sum(map(packed.get, feats, repeat(0)))
        scores = []
        for b in bias:
            low = ((total + _HALF) & _MASK) - _HALF  # the signed field of this kind
            scores.append((b + low) / WEIGHT_SCALE)
            total = (total - low) >> _FIELD_BITS
        return scores

    def to_json(self) -> str:
        """Canonical JSON: sorted features, rounded weights, so equal models give equal bytes."""
        feats = sorted({f for w in self.weights for f in w})
        table = {f: [round(w.get(f, 0.0), 4) for w in self.weights] for f in feats}
        obj = {
            "format": "netral-nlp-logreg",
            "feature_version": FEATURE_VERSION,
            "classes": list(self.classes),
            "bias": [round(b, 4) for b in self.bias],
            "meta": self.meta,
            "weights": table,
        }
        return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"

    @classmethod
    def from_json(cls, raw: str, path: Path) -> Model:
        try:
            obj = json.loads(raw)
            if obj.get("format") != "netral-nlp-logreg" or obj.get("feature_version") != FEATURE_VERSION:
                raise ValueError("format or feature_version mismatch")
            classes = tuple(obj["classes"])
            if set(classes) != set(KINDS):
                raise ValueError(f"classes {classes} != {KINDS}")
            weights: list[dict[str, float]] = [{} for _ in classes]
            for f, ws in obj["weights"].items():
                for i, w in enumerate(ws):
                    if w:
                        weights[i][f] = float(w)
            return cls(classes, weights, [float(b) for b in obj["bias"]], dict(obj.get("meta", {})))
        except (ValueError, KeyError, TypeError) as exc:
            raise ModelError(Code.E401, path=str(path), detail=str(exc)) from exc


WEIGHT_SCALE = 10_000  # saved weights are rounded to 4 decimals, so weight * 10_000 is an integer
_FIELD_BITS = 48  # bits per kind in a packed weight: |weight| <= 100 leaves room for 10**10 features
_MASK = (1 << _FIELD_BITS) - 1
_HALF = 1 << (_FIELD_BITS - 1)


def _pack(table: dict[str, tuple[float, ...]], bias: list[float]) -> tuple[dict[str, int], list[int]] | None:
    """Each feature's weights as one integer, kind ``c`` in bits ``48c`` up (signed fields).

    Why: a prediction then sums one small int per active feature in C, instead of a tuple of
    five floats per feature transposed with ``zip``; that is fewer objects touched per
    document. The sum is exact, so it no longer depends on the (hash-seeded) order of the
    feature set. Only for weights that are exact multiples of 1/10,000 (all saved models);
    otherwise ``predict`` keeps the float path.
    """
    values = [w for ws in table.values() for w in ws] + list(bias)
    if any(round(w * WEIGHT_SCALE) / WEIGHT_SCALE != w or abs(w) > 100 for w in values):
        return None
    packed = {}
    for f, ws in table.items():
        packed[f] = sum(round(w * WEIGHT_SCALE) << (_FIELD_BITS * c) for c, w in enumerate(ws))
    return packed, [round(b * WEIGHT_SCALE) for b in bias]


@lru_cache(maxsize=4)
def load(path: Path = MODEL_PATH) -> Model:
    """Load the shipped model once per process."""
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ModelError(Code.E401, path=str(path), detail=str(exc)) from exc
    return Model.from_json(raw, path)


def train(
    docs: Sequence[tuple[list[str], str]],
    *,
    seed: int = 13,
    epochs: int = 12,
    lr: float = 0.3,
    l2: float = 1e-4,
    min_df: int = 2,
) -> Model:
    """Fit multinomial logistic regression by SGD, deterministically.

    Steps: (1) keep features seen in at least ``min_df`` documents (sorted vocabulary);
    (2) each epoch visits documents in an order shuffled by ``random.Random(seed)``;
    (3) softmax gradient step with a decaying rate and lazy L2 shrink of touched weights;
    (4) drop near-zero weights so the saved file stays small.
    """
    classes = KINDS
    k = len(classes)
    df: Counter[str] = Counter()
    for feats, _ in docs:
        df.update(set(feats))
    vocab = sorted(f for f, c in df.items() if c >= min_df)
    index = {f: i for i, f in enumerate(vocab)}
    rows = [([index[f] for f in feats if f in index], classes.index(kind)) for feats, kind in docs]
    w = [[0.0] * k for _ in vocab]
    b = [0.0] * k
    rng = random.Random(seed)
    order = list(range(len(rows)))
    for epoch in range(epochs):
        rng.shuffle(order)
        eta = lr / (1.0 + 0.5 * epoch)
        shrink = 1.0 - eta * l2
        for di in order:
            idx, y = rows[di]
            scores = list(b)
            for i in idx:
                wi = w[i]
                for c in range(k):
                    scores[c] += wi[c]
            mx = max(scores)
            exps = [math.exp(s - mx) for s in scores]
            tot = sum(exps)
            grad = [e / tot for e in exps]
            grad[y] -= 1.0
            for c in range(k):
                b[c] -= eta * grad[c]
            for i in idx:
                wi = w[i]
                for c in range(k):
                    wi[c] = wi[c] * shrink - eta * grad[c]
    weights: list[dict[str, float]] = [{} for _ in classes]
    for f, wi in zip(vocab, w, strict=True):
        if max(abs(x) for x in wi) < 0.01:
            continue
        for c in range(k):
            r = round(wi[c], 4)
            if r:
                weights[c][f] = r
    meta: dict[str, object] = {
        "seed": seed,
        "epochs": epochs,
        "lr": lr,
        "l2": l2,
        "min_df": min_df,
        "documents": len(rows),
        "vocabulary": len(vocab),
        "per_kind": {c: sum(1 for _, y in rows if y == i) for i, c in enumerate(classes)},
    }
    return Model(classes, weights, [round(x, 4) for x in b], meta)
