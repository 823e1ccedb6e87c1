"""The shipped model is reproducible byte for byte from the shipped training corpus."""

from __future__ import annotations

import json
from pathlib import Path

from netral_nlp import model
from netral_nlp.train import load_examples, train_to
from netral_nlp.training import generate


def test_training_reproduces_shipped_model(tmp_path: Path) -> None:
    target = tmp_path / "model.json"
    train_to(target)
    assert target.read_bytes() == model.MODEL_PATH.read_bytes()


def test_corpus_generation_is_deterministic() -> None:
    a = generate.generate(per_kind=30)
    b = generate.generate(per_kind=30)
    assert a == b
    kinds = {d["kind"] for d in a}
    assert kinds == {"violation", "prevention", "sanction_policy", "non_asn_neutrality", "negative"}


def test_shipped_corpus_matches_generator() -> None:
    lines = generate.OUT.read_text(encoding="utf-8").splitlines()
    meta = json.loads(lines[0])["_meta"]
    docs = generate.generate(seed=meta["seed"], per_kind=meta["per_kind"])
    assert len(lines) - 1 == len(docs)
    assert json.loads(lines[1]) == docs[0] and json.loads(lines[-1]) == docs[-1]


def test_extra_feedback_is_used(tmp_path: Path) -> None:
    extra = tmp_path / "feedback.jsonl"
    rows = [
        {"id": f"f{i}", "text": "Lurah diduga ikut kampanye paslon di pilkada.", "relevant": True, "kind": "violation"}
        for i in range(3)
    ]
    rows.append({"id": "bad", "text": "tidak dipakai", "kind": "unknown_kind"})
    extra.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    base = json.loads(model.MODEL_PATH.read_text())["meta"]["documents"]
    examples = load_examples([extra])
    assert len(examples) == base + 3
    assert examples[-1][1] == "violation" and "V:act:attend_campaign" in examples[-1][0]
