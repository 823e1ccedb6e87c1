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
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from pathlib import Path

from .data import PACKAGE_DIR
from .errors import Code, ModelError
from .lang.id import STOP_WORDS
from .lexicon import KINDS, Hit
from .text import WORD_RE

MODEL_PATH = PACKAGE_DIR / "model" / "model.json"
FEATURE_VERSION = 2
# Words are read from the first WORD_WINDOW characters: a news page's headline, lead and the
# paragraphs that tell the case; rule signals cover the whole text.
WORD_WINDOW = 2000
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
# A light affix stripper in the spirit of PySastrawi (far simpler, no dictionary): it folds
# "mengunggah/diunggah/unggahan" or "berkampanye/kampanyenya" onto one stem feature, so an
# inflected form the corpus never showed still carries its stem's weight.
_PREFIXES: tuple[str, ...] = ("meng", "meny", "mem", "men", "me", "peng", "peny", "pem", "pen", "pe")
_PREFIXES += ("ber", "be", "ter", "te", "di", "ke", "se")
_SUFFIXES = ("kannya", "annya", "nya", "kan", "an", "lah", "kah", "i")
STEM_MIN = 6  # shorter words are their own stem
_STEM_REST = 4  # letters that must remain after stripping one affix


def stem(word: str) -> str:
    """Strip one suffix, then one prefix, keeping at least four letters."""
    if len(word) < STEM_MIN:
        return word
    for suf in _SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= _STEM_REST:
            word = word[: -len(suf)]
            break
    for pre in _PREFIXES:
        if word.startswith(pre) and len(word) - len(pre) >= _STEM_REST:
            return word[len(pre) :]
    return word


@lru_cache(maxsize=200_000)
def _word_features(word: str) -> tuple[str, ...]:
    """The unigram and, when it differs, the stem feature (``~stem``) of one word type."""
    st = stem(word)
    return (word,) if st == word else (word, "~" + st)


def _signal_features(hits: dict[str, list[Hit]]) -> Iterator[str]:
    for signal, lst in hits.items():
        names = _SIGNAL_NAMES.get(signal)
        if names is None:
            names = _SIGNAL_NAMES[signal] = ("S:" + signal, *(f"C:{signal}:{n}" for n in range(5)))
        yield names[0]
        yield names[min(len(lst), 4) + 1]
        if signal in _SIGNAL_VALUE_FEATURES:
            for _, _, v in lst:
                key = (signal, v)
                name = _VALUE_NAMES.get(key)
                if name is None:
                    name = _VALUE_NAMES[key] = f"V:{signal}:{v}"
                yield name


def featurize(lower: str, hits: dict[str, list[Hit]], tokens: list[str] | None = None) -> list[str]:
    """Features of one document, sorted: words, their stems, word bigrams, rule signals.

    * words of the first ``WORD_WINDOW`` characters (not stop words), present or not;
    * the stem of each word (``~unggah``) where it differs from the word;
    * adjacent word pairs (``"tidak boleh"``, ``"seorang camat"``, ``"akan dijatuhi"``), stop
      words included: they carry the modality and the "one case vs the rule" that single
      words miss;
    * each rule signal's presence, a count bucket and its values (acts, stages, rule ids), so
      the model learns how much each rule is worth.

    ``tokens``: the words of ``lower[:WORD_WINDOW]`` when the caller has them.
    """
    toks = tokens if tokens is not None else WORD_RE.findall(lower, 0, WORD_WINDOW)
    feats: set[str] = set()
    for w in set(toks) - STOP_WORDS:
        feats.update(_word_features(w))
    feats.update(map(" ".join, zip(toks, toks[1:], strict=False)))
    feats.update(_signal_features(hits))
    return sorted(feats)


def active_features(lower: str, hits: dict[str, list[Hit]], tokens: list[str] | None = None) -> list[str]:
    """The features of ``featurize``, unsorted (stop words in: they have no weight)."""
    toks = tokens if tokens is not None else WORD_RE.findall(lower, 0, WORD_WINDOW)
    feats = set(toks)
    feats.update(f for w in feats - STOP_WORDS for f in _word_features(w)[1:])
    feats.update(map(" ".join, zip(toks, toks[1:], strict=False)))
    feats.update(_signal_features(hits))
    return list(feats)


@lru_cache(maxsize=200_000)
def _stem_feature(word: str) -> str:
    """``~stem`` of a word, or "" when the word is its own stem (no feature)."""
    feats = _word_features(word)
    return feats[1] if len(feats) > 1 else ""


@dataclass
class DocFeatures:
    """One document's features, found once and read by both the kind model and the act tagger.

    Bigrams are kept as word pairs (a tuple of two already-hashed strings is cheaper to look up
    than a joined string is to build); ``PackedTable`` stores bigram weights the same way.
    """

    words: set[str]
    stems: set[str]
    pairs: set[tuple[str, str]]
    signals: set[str]

    def names(self) -> list[str]:
        """The feature names (as ``featurize`` writes them), stop words included."""
        return [*self.words, *(s for s in self.stems if s), *map(" ".join, self.pairs), *self.signals]


def doc_features(lower: str, hits: dict[str, list[Hit]], tokens: list[str] | None = None) -> DocFeatures:
    toks = tokens if tokens is not None else WORD_RE.findall(lower, 0, WORD_WINDOW)
    words = set(toks)
    return DocFeatures(
        words,
        set(map(_stem_feature, words - STOP_WORDS)),
        set(zip(toks, toks[1:], strict=False)),
        set(_signal_features(hits)),
    )


class PackedTable:
    """Packed integer weights (see ``_pack``) split into name features and bigram pairs."""

    def __init__(self, packed: dict[str, int]) -> None:
        self.names: dict[str, int] = {}
        self.pairs: dict[tuple[str, str], int] = {}
        for f, v in packed.items():
            if ":" not in f and f.count(" ") == 1:
                a, b = f.split(" ")
                self.pairs[(a, b)] = v
            else:
                self.names[f] = v

    def total(self, df: DocFeatures, extra: Iterable[str] = ()) -> int:
        get = self.names.get
        return (
            sum(map(get, df.words, repeat(0)))
            + sum(map(get, df.stems, repeat(0)))
            + sum(map(self.pairs.get, df.pairs, repeat(0)))
            + sum(map(get, df.signals, repeat(0)))
            + sum(map(get, extra, repeat(0)))
        )


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
        self._tables = PackedTable(self._packed[0]) if self._packed is not None else None

    def predict_doc(self, lower: str, hits: dict[str, list[Hit]], tokens: list[str] | None = None) -> dict[str, float]:
        """``predict(active_features(...))``, through ``doc_features``."""
        return self.predict_features(doc_features(lower, hits, tokens))

    def predict_features(self, df: DocFeatures) -> dict[str, float]:
        if self._packed is None or self._tables is None:
            return self.predict(df.names())
        return self._probs(self._unpack(self._tables.total(df)))

    def predict(self, feats: Iterable[str]) -> dict[str, float]:
        if self._packed is not None:
            scores = self._packed_scores(feats)
        else:
            vectors = list(filter(None, map(self._table.get, feats)))
            scores = list(self.bias)
            if vectors:
                scores = [b + sum(col) for b, col in zip(self.bias, zip(*vectors, strict=True), strict=True)]
        return self._probs(scores)

    def _probs(self, scores: list[float]) -> dict[str, float]:
        mx = max(scores)
        exps = [math.exp(s - mx) for s in scores]
        tot = sum(exps)
        return {c: e / tot for c, e in zip(self.classes, exps, strict=True)}

    def _packed_scores(self, feats: Iterable[str]) -> list[float]:
        """Per-kind scores from one C-level ``sum`` of packed integer weights (see ``_pack``)."""
        assert self._packed is not None
        return self._unpack(sum(map(self._packed[0].get, feats, repeat(0))))

    def _unpack(self, total: int) -> list[float]:
        assert self._packed is not None
        bias = self._packed[1]
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


SEEDS = (13, 1, 2, 3, 4)


def train(
    docs: Sequence[tuple[list[str], str]],
    *,
    seeds: Sequence[int] = SEEDS,
    epochs: int = 12,
    lr: float = 0.3,
    l2: float = 1e-4,
    min_df: int = 2,
    min_weight: float = 0.001,
) -> Model:
    """Fit multinomial logistic regression by SGD, deterministically, averaged over seeds.

    Steps: (1) keep features seen in at least ``min_df`` documents (sorted vocabulary);
    (2) for each seed, each epoch visits documents in an order shuffled by
    ``random.Random(seed)``, with a softmax gradient step, a decaying rate and lazy L2
    shrink of touched weights; (3) average the runs' weights (one linear model, same cost to
    apply: the average of the seeds' models is steadier than any one SGD order, whose
    accuracy swung by two points); (4) round to 4 decimals and drop weights under
    ``min_weight`` so the file stays small.
    """
    classes = KINDS
    k = len(classes)
    df: Counter[str] = Counter()
    for feats, _ in docs:
        df.update(set(feats))
    vocab = sorted(f for f, c in df.items() if c >= min_df)
    index = {f: i for i, f in enumerate(vocab)}
    rows = [([index[f] for f in feats if f in index], classes.index(kind)) for feats, kind in docs]
    total = [[0.0] * k for _ in vocab]
    total_b = [0.0] * k
    for seed in seeds:
        w, b = _sgd(rows, len(vocab), k, seed=seed, epochs=epochs, lr=lr, l2=l2)
        for acc, wi in zip(total, w, strict=True):
            for c in range(k):
                acc[c] += wi[c]
        total_b = [x + y for x, y in zip(total_b, b, strict=True)]
    n = len(seeds)
    weights: list[dict[str, float]] = [{} for _ in classes]
    for f, acc in zip(vocab, total, strict=True):
        avg = [x / n for x in acc]
        if max(abs(x) for x in avg) < min_weight:
            continue
        for c in range(k):
            r = round(avg[c], 4)
            if r:
                weights[c][f] = r
    meta: dict[str, object] = {
        "seeds": list(seeds),
        "epochs": epochs,
        "lr": lr,
        "l2": l2,
        "min_df": min_df,
        "documents": len(rows),
        "vocabulary": len(vocab),
        "kept": len({f for wc in weights for f in wc}),
        "per_kind": {c: sum(1 for _, y in rows if y == i) for i, c in enumerate(classes)},
    }
    return Model(classes, weights, [round(x / n, 4) for x in total_b], meta)


def _sgd(
    rows: list[tuple[list[int], int]], n_feats: int, k: int, *, seed: int, epochs: int, lr: float, l2: float
) -> tuple[list[list[float]], list[float]]:
    """One SGD run (see ``train``); the scores are column sums done in C (``zip(*rows)``)."""
    w = [[0.0] * k for _ in range(n_feats)]
    b = [0.0] * k
    rng = random.Random(seed)
    order = list(range(len(rows)))
    get = w.__getitem__
    for epoch in range(epochs):
        rng.shuffle(order)
        eta = lr / (1.0 + 0.5 * epoch)
        shrink = 1.0 - eta * l2
        for di in order:
            idx, y = rows[di]
            scores = list(b)
            if idx:
                scores = [s + sum(col) for s, col in zip(b, zip(*map(get, idx), strict=True), strict=True)]
            mx = max(scores)
            exps = [math.exp(s - mx) for s in scores]
            tot = sum(exps)
            grad = [e / tot for e in exps]
            grad[y] -= 1.0
            step = [eta * g for g in grad]
            b = [x - s for x, s in zip(b, step, strict=True)]
            for i in idx:
                w[i] = [x * shrink - s for x, s in zip(w[i], step, strict=True)]
    return w, b
