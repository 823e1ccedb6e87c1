"""Helpers for the monitoring tests: texts written for these tests, submitting batches, a fake engine."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pytest

from netral.monitoring import engine, services
from netral.monitoring.ingest import Parsed, RawItem
from netral.monitoring.models import Batch

BANJAR = (
    "Seorang camat di Kota Banjar diduga ikut kampanye pasangan calon wali kota pada Pilkada 2024 dan "
    "mengunggah foto dukungan di media sosial. Bawaslu Kota Banjar memanggil ASN tersebut untuk klarifikasi."
)
BANYUASIN = (
    "Kepala dinas pendidikan di Kabupaten Banyuasin diduga menghadiri kampanye pasangan calon bupati dan "
    "berpose dua jari. Bawaslu Banyuasin sedang memeriksa ASN tersebut terkait netralitas dalam Pilkada 2024."
)
PURWAKARTA_PREVENTION = (
    "Pemerintah Kabupaten Purwakarta menggelar apel dan ikrar netralitas ASN menjelang Pilkada 2024. Seluruh "
    "PNS dan PPPK diminta menjaga netralitas dan tidak terlibat politik praktis."
)
SALARY = "Gaji ke-13 PNS akan cair bulan depan, kata pejabat kementerian. Besaran tunjangan mengikuti aturan terbaru."


def items(*texts: str, **extra: Any) -> list[RawItem]:
    return [RawItem(external_id=f"t{n}", text=t, title=t[:60], **extra) for n, t in enumerate(texts)]


@pytest.fixture
def submit() -> Callable[..., Batch]:
    """Store a batch as the upload view does; the ImmediateBackend analyses it at once."""

    def _submit(user: Any, raw: Iterable[RawItem] | str, kind: str = "jsonl") -> Batch:
        lst = items(raw) if isinstance(raw, str) else list(raw)
        batch = services.create_batch(user, Parsed(source_kind=kind, items=lst), file_name="uji.jsonl")
        batch.refresh_from_db()
        return batch

    return _submit


@pytest.fixture
def fake_engine(monkeypatch: pytest.MonkeyPatch) -> dict[str, dict[str, Any]]:
    """Deterministic engine output keyed by a marker word in the text (the real engine evolves)."""
    results: dict[str, dict[str, Any]] = {}

    def analyse(doc_id: str, text: str) -> engine.Result:
        for marker, res in results.items():
            if marker in text:
                return engine.normalise(res, doc_id, len(text))
        return engine.normalise({"kind": "negative", "score": 0.01}, doc_id, len(text))

    monkeypatch.setattr(engine, "analyse", analyse)
    return results


def region(code: str, name: str = "") -> dict[str, Any]:
    return {"code": code, "name": name or code, "level": code.count(".") + 1}
