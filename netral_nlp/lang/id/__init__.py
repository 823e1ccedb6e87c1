"""Indonesian language data (in the spirit of spaCy's ``lang/id``), loaded and validated once."""

from __future__ import annotations

from pathlib import Path

from ...data import read_tsv

_DIR = Path(__file__).resolve().parent

STOP_WORDS: frozenset[str] = frozenset(r[0] for r in read_tsv(_DIR / "stop_words.tsv", 1))
ABBREVIATIONS: dict[str, str] = dict(
    (r[0], r[1]) for r in read_tsv(_DIR / "abbreviations.tsv", 2, normalise_columns=(0, 1))
)
_FW = read_tsv(_DIR / "function_words.tsv", 2, known={1: ("id", "en")})
ID_FUNCTION_WORDS: frozenset[str] = frozenset(w for w, lang in _FW if lang == "id")
EN_FUNCTION_WORDS: frozenset[str] = frozenset(w for w, lang in _FW if lang == "en")

__all__ = ["ABBREVIATIONS", "EN_FUNCTION_WORDS", "ID_FUNCTION_WORDS", "STOP_WORDS"]
